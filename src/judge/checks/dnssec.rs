//! DNSSEC (Forum Standaardisatie; internet.nl web_dnssec_exist / web_dnssec_valid).

use super::CheckSpec;
use super::Evaluate;
use super::{DNS, Hosts};
use crate::facts::{DnssecFacts, DnssecStatus, DomainFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};

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
