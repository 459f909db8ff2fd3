//! CAA (RFC 8659, RFC 8657, RFC 9495): which certificate authorities may issue for the name.
//!
//! The parser (`wire::text::caa`) reads each record by its property's grammar; this check
//! judges the set as internet.nl does (issue required, every record valid, reserved flag
//! bits and unregistered tags are findings) and gives every outcome key in one place,
//! `said_outcome`.

use super::Evaluate;
use super::{CheckSpec, ParamKind, words};
use super::{DNS, Hosts};
use crate::facts::{CaaFacts, CaaRecord, DomainFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::caa::{self, Problem, Property};

pub const CAA: CheckSpec = CheckSpec {
    id: "web.caa",
    outcomes: OUTCOMES,
    params: PARAMS,
    evaluate: Evaluate::Domain(caa),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

/// Each MX name's CAA set (internet.nl's mail test: "CAA for the mail server"), judged like
/// the domain's; `not_tested` without an MX.
pub const MAIL_CAA: CheckSpec = CheckSpec {
    id: "mail.caa",
    outcomes: OUTCOMES,
    params: PARAMS,
    evaluate: Evaluate::Domain(mail_caa),
    needs: DNS,
    hosts: Hosts::Listed,
};

const OUTCOMES: &[&str] = &[
    "ok",
    "none",
    "no_issue",
    "issuewild_only",
    "invalid_issue",
    "invalid_issuemail",
    "invalid_issuevmc",
    "invalid_iodef",
    "invalid_accounturi",
    "invalid_validationmethods",
    "invalid_contactemail",
    "invalid_contactphone",
    "invalid_tag",
    "reserved_flags",
    "reserved_property",
    "unknown_property",
    "unknown_critical",
    "failed",
    "not_tested",
];

const PARAMS: &[(&str, ParamKind)] = &[
    ("iodef_schemes", ParamKind::Words),
    ("iodef_max_addresses", ParamKind::Count),
    ("validation_methods", ParamKind::Words),
    ("validation_method_prefixes", ParamKind::Words),
];

fn caa(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    match facts.dns.caa.as_ref() {
        Some(caa) => vec![judge_caa(&facts.domain, caa, rule)],
        None => vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))],
    }
}

fn mail_caa(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let hosts = facts.dns.mx.as_ref().map(|mx| mx.hosts.as_slice());
    let judged: Vec<Verdict> = hosts
        .unwrap_or_default()
        .iter()
        .map(|host| match &host.caa {
            Some(caa) => judge_caa(&host.name, caa, rule),
            None => Verdict::new(&host.name, Outcome::new("not_tested")),
        })
        .collect();
    if judged.is_empty() {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    }
    judged
}

/// The verdict on the CAA set that governs `subject`.
fn judge_caa(subject: &str, caa: &CaaFacts, rule: &CheckRule) -> Verdict {
    // An RRset has no order (RFC 2181 §5): judged sorted, the same records give the same
    // finding whatever order the resolver answered in.
    let mut sorted: Vec<&CaaRecord> = caa.records.iter().collect();
    sorted.sort_by(|a, b| (a.flags, &a.tag, &a.value).cmp(&(b.flags, &b.tag, &b.value)));
    let records: Vec<String> = sorted
        .iter()
        .map(|r| format!("{} {} \"{}\"", r.flags, r.tag, r.value))
        .collect();
    let base = |outcome| {
        Verdict::new(subject, outcome)
            .evidence("queried", &caa.queried)
            .evidence("records", &records)
    };
    if let Some(e) = &caa.error {
        return base(Outcome::new("failed").with("error", &e.detail));
    }
    let Some(found_at) = &caa.found_at else {
        return base(Outcome::new("none"));
    };
    let policy = Policy::of(rule);
    let mut outcomes: Vec<Outcome> = judge_set(&sorted, &policy)
        .iter()
        .map(said_outcome)
        .collect();
    if outcomes.is_empty() {
        outcomes.push(Outcome::new("ok").with("found_at", found_at));
    }
    let mut verdict = base(outcomes[0].clone()).evidence("found_at", found_at);
    verdict.outcomes = outcomes;
    verdict
}

/// The rule's lists.
struct Policy {
    iodef_schemes: Vec<String>,
    /// How many addresses a mailto iodef may name.
    iodef_max_addresses: usize,
    /// IANA's ACME validation methods (RFC 8657 §4).
    validation_methods: Vec<String>,
    /// Prefixes of CA-specific method labels (RFC 8657 §4: `ca-`).
    validation_method_prefixes: Vec<String>,
}

impl Policy {
    fn of(rule: &CheckRule) -> Policy {
        Policy {
            iodef_schemes: words(rule, "iodef_schemes"),
            iodef_max_addresses: usize::try_from(rule.param_u64("iodef_max_addresses"))
                .unwrap_or(usize::MAX),
            validation_methods: words(rule, "validation_methods"),
            validation_method_prefixes: words(rule, "validation_method_prefixes"),
        }
    }

    fn knows_method(&self, label: &str) -> bool {
        let label = label.to_ascii_lowercase();
        self.validation_methods.contains(&label)
            || self
                .validation_method_prefixes
                .iter()
                .any(|p| label.starts_with(p.as_str()))
    }
}

/// What the check says about a record set, each the reason for one outcome.
enum Said<'a> {
    /// The parser's: where a record breaks its property's grammar.
    Syntax(&'a CaaRecord, Property, Problem),
    /// An iodef URL with a scheme the rule does not accept.
    IodefScheme(&'a CaaRecord, String),
    /// A mailto iodef naming more addresses than the rule accepts.
    IodefAddresses(&'a CaaRecord, usize),
    /// validationmethods labels that are neither registered nor CA-specific.
    UnknownMethods(&'a CaaRecord, Vec<String>),
    ReservedFlags(&'a CaaRecord),
    /// A reserved or unregistered tag with the critical bit: CAs must not issue.
    UnknownCritical(&'a CaaRecord),
    Reserved(&'a CaaRecord),
    Unknown(&'a CaaRecord),
    /// No issue record, and no issuewild either.
    NoIssue,
    /// Only issuewild: it restricts wildcard certificates, not the names themselves.
    IssuewildOnly,
}

fn judge_set<'a>(records: &[&'a CaaRecord], policy: &Policy) -> Vec<Said<'a>> {
    let mut said = Vec::new();
    let mut properties = Vec::new();
    for &record in records {
        let read = caa::parse(record.flags, &record.tag, &record.value);
        properties.push(read.property);
        if read.reserved_flags != 0 {
            said.push(Said::ReservedFlags(record));
        }
        // A tag that is no tag is reported as such, not also as unknown.
        let well_formed = read.problems.is_empty();
        for problem in read.problems {
            said.push(Said::Syntax(record, read.property, problem));
        }
        match read.property {
            Property::Reserved | Property::Unknown if read.critical && well_formed => {
                said.push(Said::UnknownCritical(record))
            }
            Property::Reserved if well_formed => said.push(Said::Reserved(record)),
            Property::Unknown if well_formed => said.push(Said::Unknown(record)),
            _ => {}
        }
        if let Some(iodef) = read.iodef {
            if !policy.iodef_schemes.contains(&iodef.scheme) {
                said.push(Said::IodefScheme(record, iodef.scheme));
            } else if iodef.addresses > policy.iodef_max_addresses {
                said.push(Said::IodefAddresses(record, iodef.addresses));
            }
        }
        let unknown_methods: Vec<String> = read
            .issuer
            .and_then(|v| v.validation_methods)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| !policy.knows_method(m))
            .collect();
        if !unknown_methods.is_empty() {
            said.push(Said::UnknownMethods(record, unknown_methods));
        }
    }
    if !properties.contains(&Property::Issue) {
        said.push(if properties.contains(&Property::IssueWild) {
            Said::IssuewildOnly
        } else {
            Said::NoIssue
        });
    }
    said
}

/// Every outcome key of a record set, in one place.
fn said_outcome(said: &Said) -> Outcome {
    let of = |key: &'static str, r: &CaaRecord| {
        Outcome::new(key)
            .with("tag", &r.tag)
            .with("value", &r.value)
            .with("flags", r.flags)
    };
    match said {
        Said::Syntax(r, property, problem) => match (problem, property) {
            (Problem::TagSyntax, _) => of("invalid_tag", r),
            (Problem::IssuerSyntax { at }, p) => of(
                match p {
                    Property::IssueMail => "invalid_issuemail",
                    Property::IssueVmc => "invalid_issuevmc",
                    _ => "invalid_issue",
                },
                r,
            )
            .with("position", at + 1),
            (Problem::AccountUriSyntax, _) => of("invalid_accounturi", r),
            (Problem::ValidationMethodsSyntax, _) => of("invalid_validationmethods", r),
            (Problem::IodefSyntax, _) => of("invalid_iodef", r),
            (Problem::EmailSyntax, _) => of("invalid_contactemail", r),
            (Problem::PhoneSyntax, _) => of("invalid_contactphone", r),
        },
        Said::IodefScheme(r, scheme) => of("invalid_iodef", r).with("scheme", scheme),
        Said::IodefAddresses(r, n) => of("invalid_iodef", r).with("addresses", n),
        Said::UnknownMethods(r, methods) => {
            of("invalid_validationmethods", r).with("methods", methods.join(", "))
        }
        Said::ReservedFlags(r) => of("reserved_flags", r),
        Said::UnknownCritical(r) => of("unknown_critical", r),
        Said::Reserved(r) => of("reserved_property", r),
        Said::Unknown(r) => of("unknown_property", r),
        Said::NoIssue => Outcome::new("no_issue"),
        Said::IssuewildOnly => Outcome::new("issuewild_only"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy {
            iodef_schemes: vec!["mailto".into(), "https".into()],
            iodef_max_addresses: 1,
            validation_methods: vec!["dns-01".into(), "http-01".into()],
            validation_method_prefixes: vec!["ca-".into()],
        }
    }

    fn keys(records: &[(u8, &str, &str)]) -> Vec<String> {
        let records: Vec<CaaRecord> = records
            .iter()
            .map(|(flags, tag, value)| CaaRecord {
                flags: *flags,
                tag: tag.to_string(),
                value: value.to_string(),
            })
            .collect();
        let refs: Vec<&CaaRecord> = records.iter().collect();
        judge_set(&refs, &policy())
            .iter()
            .map(|s| said_outcome(s).key.to_string())
            .collect()
    }

    /// RFC 8659 §4.3: issuewild governs wildcard names only; without issue any CA may
    /// issue for the names themselves, so internet.nl requires issue.
    #[test]
    fn the_issue_requirement() {
        assert!(keys(&[(0, "issue", "ca.example")]).is_empty());
        assert!(keys(&[(0, "ISSUE", ";")]).is_empty());
        assert!(keys(&[(0, "issue", ";"), (0, "issuewild", "ca.example")]).is_empty());
        assert_eq!(keys(&[(0, "issuewild", "ca.example")]), ["issuewild_only"]);
        assert_eq!(keys(&[(0, "issuewild", ";")]), ["issuewild_only"]);
        assert_eq!(keys(&[(0, "iodef", "mailto:a@example.nl")]), ["no_issue"]);
        assert_eq!(keys(&[(0, "issuemail", "ca.example")]), ["no_issue"]);
        assert_eq!(keys(&[(0, "issuevmc", "ca.example")]), ["no_issue"]);
        // An issue record that breaks its grammar still is one: the value is the finding.
        assert_eq!(keys(&[(0, "issue", "%%%")]), ["invalid_issue"]);
    }

    #[test]
    fn record_findings() {
        let one = |flags, tag, value| keys(&[(flags, tag, value), (0, "issue", ";")]);
        assert_eq!(one(128, "onbekend", "x"), ["unknown_critical"]);
        assert_eq!(one(128, "policy", "x"), ["unknown_critical"]);
        assert_eq!(one(0, "onbekend", "x"), ["unknown_property"]);
        assert_eq!(one(0, "auth", "x"), ["reserved_property"]);
        assert_eq!(one(0, "is-sue", "x"), ["invalid_tag"]);
        assert_eq!(one(1, "issue", "ca.example"), ["reserved_flags"]);
        assert_eq!(one(0, "iodef", "http://x.example/"), ["invalid_iodef"]);
        assert_eq!(one(0, "iodef", "https://"), ["invalid_iodef"]);
        assert!(one(0, "iodef", "https://x.example/").is_empty());
        assert_eq!(
            one(0, "iodef", "mailto:a@x.example,b@x.example"),
            ["invalid_iodef"]
        );
        assert_eq!(
            one(0, "issue", "ca.example; validationmethods=custom"),
            ["invalid_validationmethods"]
        );
        assert!(one(0, "issue", "ca.example; validationmethods=DNS-01,ca-x").is_empty());
        assert_eq!(
            one(0, "issue", "ca.example; accounturi=1"),
            ["invalid_accounturi"]
        );
        assert_eq!(one(0, "issuemail", "ca.example;"), Vec::<String>::new());
        assert_eq!(one(0, "issuemail", "@"), ["invalid_issuemail"]);
        assert_eq!(one(0, "issuevmc", "@"), ["invalid_issuevmc"]);
        assert_eq!(one(0, "contactemail", "x"), ["invalid_contactemail"]);
        assert_eq!(one(0, "contactphone", "x"), ["invalid_contactphone"]);
    }
}
