//! DNSSEC (Forum Standaardisatie; internet.nl web_dnssec_exist / web_dnssec_valid), and the
//! algorithm grades of RFC 9904 and RFC 9905 (not scoring).

use std::collections::BTreeMap;

use super::Evaluate;
use super::{CheckSpec, ParamKind, words};
use super::{DNS, Hosts};
use crate::facts::{DnssecFacts, DnssecStatus, DomainFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::dnssec::{dnssec_algorithm_name, ds_digest_name};

pub const EXISTS: CheckSpec = CheckSpec {
    id: "web.dnssec.exists",
    outcomes: &["signed", "unsigned", "failed", "not_tested"],
    params: &[],
    evaluate: Evaluate::Domain(exists),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const VALID: CheckSpec = CheckSpec {
    id: "web.dnssec.valid",
    outcomes: &[
        "secure",
        "bogus",
        "unsupported_algorithm",
        "failed",
        "not_tested",
    ],
    params: &[],
    evaluate: Evaluate::Domain(valid),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

fn facts_of(facts: &DomainFacts) -> Result<&DnssecFacts, Verdict> {
    facts
        .dns
        .dnssec
        .as_ref()
        .ok_or_else(|| Verdict::new(&facts.domain, Outcome::new("not_tested")))
}

fn evidence(verdict: Verdict, d: &DnssecFacts) -> Verdict {
    let mut verdict = verdict
        .evidence("status", d.status)
        .evidence("dnskey_algorithms", &d.dnskey_algorithms)
        .evidence("ds_algorithms", &d.ds_algorithms)
        .evidence("ds_digest_types", &d.ds_digest_types);
    if let Some(zone) = &d.zone {
        verdict = verdict.evidence("zone", zone);
    }
    if let Some(reason) = &d.reason {
        verdict = verdict.evidence("reason", reason);
    }
    if let Some(e) = &d.error {
        verdict = verdict.evidence("error", e);
    }
    verdict
}

fn exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    vec![facts_of(facts).map_or_else(|v| v, exists_of)]
}

fn valid(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    vec![facts_of(facts).map_or_else(|v| v, valid_of)]
}

/// internet.nl: the zone is signed when the validator says secure or bogus (a bogus zone is
/// signed, badly).
fn exists_of(d: &DnssecFacts) -> Verdict {
    let outcome = match d.status {
        _ if d.error.is_some() => failed(d),
        DnssecStatus::Secure | DnssecStatus::Bogus => Outcome::new("signed"),
        DnssecStatus::Insecure => Outcome::new("unsigned"),
        DnssecStatus::Indeterminate => failed(d),
    };
    evidence(Verdict::new(&d.name, outcome), d)
}

fn valid_of(d: &DnssecFacts) -> Verdict {
    let outcome = match d.status {
        _ if d.error.is_some() => failed(d),
        DnssecStatus::Secure => Outcome::new("secure"),
        DnssecStatus::Bogus => {
            Outcome::new("bogus").with("reason", d.reason.as_deref().unwrap_or("unknown"))
        }
        // RFC 4035 §5.2: a DS set with only unknown algorithms makes the zone insecure; the
        // operator meant to sign, so say so rather than "not signed".
        DnssecStatus::Insecure
            if d.reason
                .as_deref()
                .is_some_and(|r| r.starts_with("unsupported algorithm")) =>
        {
            Outcome::new("unsupported_algorithm")
                .with("algorithms", format!("{:?}", d.ds_algorithms))
        }
        DnssecStatus::Insecure => Outcome::new("not_tested"),
        DnssecStatus::Indeterminate => failed(d),
    };
    evidence(Verdict::new(&d.name, outcome), d)
}

fn failed(d: &DnssecFacts) -> Outcome {
    let detail = d
        .error
        .as_ref()
        .map(|e| e.detail.as_str())
        .unwrap_or("the validator reached no verdict");
    Outcome::new("failed").with("error", detail)
}

pub const MAIL_EXISTS: CheckSpec = CheckSpec {
    id: "mail.dnssec.exists",
    hosts: Hosts::Listed,
    ..EXISTS
};
pub const MAIL_VALID: CheckSpec = CheckSpec {
    id: "mail.dnssec.valid",
    hosts: Hosts::Listed,
    ..VALID
};

pub const MX_EXISTS: CheckSpec = CheckSpec {
    id: "mail.dnssec.mx_exists",
    outcomes: &["signed", "unsigned", "failed", "no_mx"],
    params: &[],
    evaluate: Evaluate::Domain(mx_exists),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const MX_VALID: CheckSpec = CheckSpec {
    id: "mail.dnssec.mx_valid",
    outcomes: &[
        "secure",
        "bogus",
        "unsupported_algorithm",
        "failed",
        "not_tested",
        "no_mx",
    ],
    params: &[],
    evaluate: Evaluate::Domain(mx_valid),
    needs: DNS,
    hosts: Hosts::Listed,
};

/// One verdict per tested MX host, judged like the domain itself; no MX (or a null MX)
/// means there is nothing to test.
fn per_mx(facts: &DomainFacts, judge: fn(&DnssecFacts) -> Verdict) -> Vec<Verdict> {
    let hosts = facts
        .dns
        .mx
        .as_ref()
        .map(|mx| mx.hosts.as_slice())
        .unwrap_or_default();
    if hosts.is_empty() {
        return vec![Verdict::new(&facts.domain, Outcome::new("no_mx"))];
    }
    hosts.iter().map(|host| judge(&host.dnssec)).collect()
}

fn mx_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    per_mx(facts, exists_of)
}

fn mx_valid(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    per_mx(facts, valid_of)
}

/// The grade lists of RFC 9904's tables, as the rule gives them: DNSKEY (and DS) algorithms by
/// their "Use for DNSSEC Signing" column (with RFC 9905's update), the few a validator MUST NOT
/// use at all, and DS digest types by their "Use for DNSSEC Delegation" column.
const ALGORITHM_PARAMS: &[(&str, ParamKind)] = &[
    ("signing_recommended", ParamKind::Words),
    ("signing_may", ParamKind::Words),
    ("signing_not_recommended", ParamKind::Words),
    ("signing_must_not", ParamKind::Words),
    ("validation_must_not", ParamKind::Words),
    ("delegation_recommended", ParamKind::Words),
    ("delegation_may", ParamKind::Words),
    ("delegation_must_not", ParamKind::Words),
];

pub const ALGORITHMS: CheckSpec = CheckSpec {
    id: "web.dnssec.algorithms",
    outcomes: &[
        "recommended",
        "allowed",
        "signing_not_recommended",
        "signing_must_not",
        "validation_must_not",
        "ds_must_not",
        "unlisted",
        "unsigned",
        "not_tested",
    ],
    params: ALGORITHM_PARAMS,
    evaluate: Evaluate::Domain(algorithms),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

/// The zone of the mail domain and the zone of every tested MX host, each once.
pub const MAIL_ALGORITHMS: CheckSpec = CheckSpec {
    id: "mail.dnssec.algorithms",
    evaluate: Evaluate::Domain(mail_algorithms),
    hosts: Hosts::Listed,
    ..ALGORITHMS
};

fn algorithms(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    match &facts.dns.dnssec {
        Some(d) => vec![grade_zone(d, &Grades::of(rule))],
        None => vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))],
    }
}

fn mail_algorithms(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let Some(domain) = &facts.dns.dnssec else {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    };
    let grades = Grades::of(rule);
    let mx = facts
        .dns
        .mx
        .iter()
        .flat_map(|mx| &mx.hosts)
        .map(|h| &h.dnssec);
    let mut seen = std::collections::BTreeSet::new();
    std::iter::once(domain)
        .chain(mx)
        .filter(|d| seen.insert(zone_of(d).to_ascii_lowercase()))
        .map(|d| grade_zone(d, &grades))
        .collect()
}

fn zone_of(d: &DnssecFacts) -> &str {
    d.zone.as_deref().unwrap_or(&d.name)
}

/// One column of RFC 9904's tables, worst first; `Fine` covers RECOMMENDED and MAY.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Grade {
    MustNotValidate,
    MustNot,
    NotRecommended,
    Unlisted,
    May,
    Recommended,
}

impl Grade {
    fn as_str(self) -> &'static str {
        match self {
            Grade::MustNotValidate => "MUST NOT (validation)",
            Grade::MustNot => "MUST NOT",
            Grade::NotRecommended => "NOT RECOMMENDED",
            Grade::Unlisted => "not in the registry",
            Grade::May => "MAY",
            Grade::Recommended => "RECOMMENDED",
        }
    }
}

/// The rule's grade lists, lower-cased registry mnemonics.
struct Grades {
    signing: Vec<(Grade, Vec<String>)>,
    delegation: Vec<(Grade, Vec<String>)>,
}

impl Grades {
    fn of(rule: &CheckRule) -> Grades {
        Grades {
            signing: vec![
                (Grade::MustNotValidate, words(rule, "validation_must_not")),
                (Grade::MustNot, words(rule, "signing_must_not")),
                (
                    Grade::NotRecommended,
                    words(rule, "signing_not_recommended"),
                ),
                (Grade::May, words(rule, "signing_may")),
                (Grade::Recommended, words(rule, "signing_recommended")),
            ],
            delegation: vec![
                (Grade::MustNot, words(rule, "delegation_must_not")),
                (Grade::May, words(rule, "delegation_may")),
                (Grade::Recommended, words(rule, "delegation_recommended")),
            ],
        }
    }

    /// The first (worst) list that names `mnemonic`.
    fn grade(lists: &[(Grade, Vec<String>)], mnemonic: &str) -> Grade {
        let m = mnemonic.to_ascii_lowercase();
        lists
            .iter()
            .find(|(_, names)| names.contains(&m))
            .map_or(Grade::Unlisted, |(grade, _)| *grade)
    }
}

/// Grades the zone's DNSKEY algorithms and the algorithms and digest types of its DS records:
/// one outcome per kind of problem, else `recommended` or `allowed` (MAY).
fn grade_zone(d: &DnssecFacts, grades: &Grades) -> Verdict {
    let zone = zone_of(d);
    let mut algorithms: Vec<u8> = d
        .dnskey_algorithms
        .iter()
        .chain(&d.ds_algorithms)
        .copied()
        .collect();
    algorithms.sort_unstable();
    algorithms.dedup();
    if algorithms.is_empty() && d.ds_digest_types.is_empty() {
        let outcome = match &d.error {
            Some(e) => Outcome::new("not_tested").with("error", &e.detail),
            None => Outcome::new("unsigned"),
        };
        return Verdict::new(zone, outcome);
    }
    let signing: Vec<(String, Grade)> = algorithms
        .iter()
        .map(|&n| {
            let name = dnssec_algorithm_name(n);
            (
                format!("{name} ({n})"),
                Grades::grade(&grades.signing, name),
            )
        })
        .collect();
    let delegation: Vec<(String, Grade)> = d
        .ds_digest_types
        .iter()
        .map(|&n| {
            let name = ds_digest_name(n);
            (
                format!("{name} ({n})"),
                Grades::grade(&grades.delegation, name),
            )
        })
        .collect();
    let named = |list: &[(String, Grade)], grade: Grade| -> String {
        list.iter()
            .filter(|(_, g)| *g == grade)
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut outcomes = Vec::new();
    for (grade, key) in [
        (Grade::MustNotValidate, "validation_must_not"),
        (Grade::MustNot, "signing_must_not"),
        (Grade::NotRecommended, "signing_not_recommended"),
    ] {
        let names = named(&signing, grade);
        if !names.is_empty() {
            outcomes.push(Outcome::new(key).with("algorithms", names));
        }
    }
    let weak_digests = named(&delegation, Grade::MustNot);
    if !weak_digests.is_empty() {
        outcomes.push(Outcome::new("ds_must_not").with("digests", weak_digests));
    }
    let unlisted: Vec<String> = [
        named(&signing, Grade::Unlisted),
        named(&delegation, Grade::Unlisted),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect();
    if !unlisted.is_empty() {
        outcomes.push(Outcome::new("unlisted").with("algorithms", unlisted.join(", ")));
    }
    let all: Vec<&(String, Grade)> = signing.iter().chain(&delegation).collect();
    let listing = |list: &[&(String, Grade)]| {
        list.iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if outcomes.is_empty() {
        let key = if all.iter().all(|(_, g)| *g == Grade::Recommended) {
            "recommended"
        } else {
            "allowed"
        };
        let may: Vec<&(String, Grade)> = all
            .iter()
            .copied()
            .filter(|(_, g)| *g == Grade::May)
            .collect();
        outcomes.push(
            Outcome::new(key)
                .with("algorithms", listing(&all))
                .with("may", listing(&may)),
        );
    }
    let graded: BTreeMap<&str, &str> = all.iter().map(|(n, g)| (n.as_str(), g.as_str())).collect();
    let mut verdict = Verdict::new(zone, outcomes[0].clone())
        .evidence("zone", zone)
        .evidence("dnskey_algorithms", &d.dnskey_algorithms)
        .evidence("ds_algorithms", &d.ds_algorithms)
        .evidence("ds_digest_types", &d.ds_digest_types)
        .evidence("grades", graded);
    verdict.outcomes = outcomes;
    verdict
}
