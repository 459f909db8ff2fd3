//! DKIM (Forum Standaardisatie: all government domains that send mail), judged as
//! internet.nl judges it: a domain that says it sends no mail needs no DKIM key.

use super::dmarc::effective_policy;
use super::{CheckSpec, DNS, Evaluate, Hosts, ParamKind, mail_auth_of};
use crate::facts::{DomainFacts, MailAuthFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::{dkim, dmarc, spf};

pub const DKIM_EXISTS: CheckSpec = CheckSpec {
    id: "mail.dkim.exists",
    outcomes: &["ok", "missing", "not_sending", "failed"],
    params: &[],
    evaluate: Evaluate::Domain(dkim_exists),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const DKIM_SELECTOR: CheckSpec = CheckSpec {
    id: "mail.dkim.selector",
    outcomes: &[
        "ok", "weak", "short", "testing", "revoked", "missing", "syntax", "failed",
    ],
    params: &[
        ("min_rsa_bits", ParamKind::Count),
        ("good_rsa_bits", ParamKind::Count),
    ],
    evaluate: Evaluate::Domain(dkim_selector),
    needs: DNS,
    hosts: Hosts::OnRequest,
};

/// A domain that says it sends no mail: SPF `-all` (nothing else) and DMARC reject.
fn sends_no_mail(facts: &DomainFacts, auth: &MailAuthFacts) -> bool {
    let spf_none = match auth.spf.records.as_slice() {
        [text] => {
            let r = spf::parse(text);
            r.all() == Some(spf::Qualifier::Fail) && r.directives().count() == 1
        }
        _ => false,
    };
    let dmarc_reject = match (
        auth.dmarc.records.as_slice(),
        auth.dmarc.found_at.as_deref(),
    ) {
        ([text], Some(at)) => {
            effective_policy(facts, at, &dmarc::parse(text)) == Some(dmarc::Policy::Reject)
        }
        _ => false,
    };
    spf_none && dmarc_reject
}

fn dkim_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match mail_auth_of(facts, "failed") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let k = &auth.dkim;
    let outcome = match (&k.error, k.domainkey_exists) {
        (Some(e), _) => Outcome::new("failed").with("error", &e.detail),
        (None, Some(true)) => Outcome::new("ok"),
        (None, _) if sends_no_mail(facts, auth) => Outcome::new("not_sending"),
        (None, _) => Outcome::new("missing"),
    };
    vec![Verdict::new(
        &facts.domain,
        outcome.with("name", &k.domainkey),
    )]
}

fn dkim_selector(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let Some(auth) = &facts.mail_auth else {
        return Vec::new();
    };
    let min = rule.param_u64("min_rsa_bits") as u32;
    let good = rule.param_u64("good_rsa_bits") as u32;
    auth.dkim
        .selectors
        .iter()
        .map(|s| {
            let keys: Vec<&String> = s.records.iter().filter(|r| r.contains("p=")).collect();
            let outcome = match (&s.error, keys.as_slice()) {
                (Some(e), _) => Outcome::new("failed").with("error", &e.detail),
                (None, []) => Outcome::new("missing"),
                (None, [text, ..]) => match dkim::parse(text) {
                    Err(code) => Outcome::new("syntax").with("problem", code),
                    Ok(key) if key.revoked => Outcome::new("revoked"),
                    Ok(key) => {
                        let bits = key.bits.unwrap_or(0);
                        let rsa = key.key_type == "rsa";
                        let o = if rsa && bits < min {
                            Outcome::new("weak")
                        } else if rsa && bits < good {
                            Outcome::new("short")
                        } else if key.testing {
                            Outcome::new("testing")
                        } else {
                            Outcome::new("ok")
                        };
                        o.with("key_type", &key.key_type).with("bits", bits)
                    }
                },
            };
            Verdict::new(&s.name, outcome.with("selector", &s.selector))
                .evidence("records", &s.records)
        })
        .collect()
}
