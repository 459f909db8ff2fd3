//! CAA (RFC 8659, RFC 8657): which certificate authorities may issue for the name.

use super::Evaluate;
use super::{CheckSpec, ParamKind, words};
use super::{DNS, Hosts};
use crate::facts::{CaaRecord, DomainFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};

pub const CAA: CheckSpec = CheckSpec {
    id: "web.caa",
    outcomes: &[
        "ok",
        "none",
        "no_issue",
        "invalid_issue",
        "invalid_iodef",
        "unknown_critical",
        "failed",
        "not_tested",
    ],
    params: &[
        ("known_tags", ParamKind::Words),
        ("iodef_schemes", ParamKind::Words),
    ],
    evaluate: Evaluate::Domain(caa),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

fn caa(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let Some(caa) = facts.dns.caa.as_ref() else {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    };
    let subject = &facts.domain;
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
        return vec![base(Outcome::new("failed").with("error", &e.detail))];
    }
    let Some(found_at) = &caa.found_at else {
        return vec![base(Outcome::new("none"))];
    };
    let mut outcomes = problems(&sorted, rule);
    if outcomes.is_empty() {
        outcomes.push(Outcome::new("ok").with("found_at", found_at));
    }
    let mut verdict = base(outcomes[0].clone()).evidence("found_at", found_at);
    verdict.outcomes = outcomes;
    vec![verdict]
}

fn problems(records: &[&CaaRecord], rule: &CheckRule) -> Vec<Outcome> {
    let known = words(rule, "known_tags");
    let iodef_schemes = words(rule, "iodef_schemes");
    let mut outcomes = Vec::new();
    let mut has_issue = false;
    for record in records {
        let tag = record.tag.to_ascii_lowercase();
        match tag.as_str() {
            "issue" | "issuewild" => {
                has_issue = true;
                if !valid_issue_value(&record.value) {
                    outcomes.push(
                        Outcome::new("invalid_issue")
                            .with("tag", &record.tag)
                            .with("value", &record.value),
                    );
                }
            }
            "iodef" => {
                let scheme = record
                    .value
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if !record.value.contains(':') || !iodef_schemes.contains(&scheme) {
                    outcomes.push(Outcome::new("invalid_iodef").with("value", &record.value));
                }
            }
            _ if record.flags & 128 != 0 && !known.contains(&tag) => {
                outcomes.push(Outcome::new("unknown_critical").with("tag", &record.tag));
            }
            _ => {}
        }
    }
    if !has_issue {
        outcomes.push(Outcome::new("no_issue"));
    }
    outcomes
}

/// RFC 8659 §4.2: `issuer-domain-name *(";" parameter)`, where the domain may be empty
/// (";" alone forbids issuance) and parameters are `tag=value` (RFC 8657: accounturi,
/// validationmethods).
fn valid_issue_value(value: &str) -> bool {
    let mut parts = value.split(';');
    let domain = parts.next().unwrap_or("").trim();
    let domain_ok = domain.is_empty()
        || domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    let params_ok = parts.all(|p| {
        let p = p.trim();
        p.is_empty()
            || p.split_once('=').is_some_and(|(k, v)| {
                !k.trim().is_empty()
                    && k.trim().bytes().all(|b| b.is_ascii_alphanumeric())
                    && v.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b';')
            })
    });
    domain_ok && params_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_values() {
        for ok in [
            "letsencrypt.org",
            ";",
            "",
            "ca.example.net; accounturi=https://ca.example.net/acct/1",
            "pki.goedstad.nl",
        ] {
            assert!(valid_issue_value(ok), "{ok}");
        }
        for bad in [
            "%%%",
            "exa mple.org",
            "-bad.org",
            "ca.org; =x",
            "ca.org; a b=c",
            "ca..org",
        ] {
            assert!(!valid_issue_value(bad), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,100}") {
            let _ = valid_issue_value(&s);
        }
    }
}
