//! DMARC (Forum Standaardisatie: all government domains, whether or not they send mail),
//! judged as internet.nl judges it.

use super::{CheckSpec, DNS, Evaluate, Hosts, ParamKind, mail_auth_of, words};
use crate::facts::DomainFacts;
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::dmarc;

pub const DMARC_EXISTS: CheckSpec = CheckSpec {
    id: "mail.dmarc.exists",
    outcomes: &["ok", "none", "multiple", "failed"],
    params: &[],
    evaluate: Evaluate::Domain(dmarc_exists),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const DMARC_POLICY: CheckSpec = CheckSpec {
    id: "mail.dmarc.policy",
    outcomes: &[
        "ok",
        "none_policy",
        "testing",
        "syntax",
        "external_unauthorised",
        "not_tested",
    ],
    params: &[("enforcing_policies", ParamKind::Words)],
    evaluate: Evaluate::Domain(dmarc_policy),
    needs: DNS,
    hosts: Hosts::Listed,
};

fn dmarc_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match mail_auth_of(facts, "failed") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let d = &auth.dmarc;
    let outcome = match (&d.error, d.records.as_slice()) {
        (Some(e), _) => Outcome::new("failed").with("error", &e.detail),
        (None, []) => Outcome::new("none"),
        (None, [record]) => Outcome::new("ok").with("record", record).with(
            "found_at",
            format!("_dmarc.{}", d.found_at.clone().unwrap_or_default()),
        ),
        (None, many) => Outcome::new("multiple").with("count", many.len()),
    };
    vec![
        Verdict::new(&facts.domain, outcome)
            .evidence("queried", &d.queried)
            .evidence("records", &d.records),
    ]
}

/// The policy that applies to the domain: `sp` when the record was found on the
/// organisational domain for a subdomain, else `p`.
pub(super) fn effective_policy(
    facts: &DomainFacts,
    found_at: &str,
    record: &dmarc::DmarcRecord,
) -> Option<dmarc::Policy> {
    let own = found_at.eq_ignore_ascii_case(facts.domain.trim_end_matches('.'));
    if own {
        record.policy
    } else {
        record.subdomain_policy.or(record.policy)
    }
}

fn dmarc_policy(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match mail_auth_of(facts, "not_tested") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let d = &auth.dmarc;
    let ([text], Some(found_at)) = (d.records.as_slice(), d.found_at.as_deref()) else {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    };
    let record = dmarc::parse(text);
    let mut outcomes = Vec::new();
    if !record.errors.is_empty() {
        let tags: Vec<&str> = record.errors.iter().map(|e| e.tag.as_str()).collect();
        outcomes.push(Outcome::new("syntax").with("tags", tags.join("; ")));
    }
    let policy = effective_policy(facts, found_at, &record);
    // Which policies protect is the rule's; testing mode (t=y) is applied one level less.
    let enforcing = words(rule, "enforcing_policies");
    let protects = |p: dmarc::Policy| enforcing.iter().any(|e| e == p.as_str());
    match policy.filter(|p| protects(*p)) {
        None => outcomes.push(Outcome::new("none_policy")),
        Some(p) if record.testing && !protects(p.one_level_less()) => {
            outcomes.push(Outcome::new("testing"))
        }
        Some(_) => {}
    }
    let unauthorised: Vec<&str> = d
        .external
        .iter()
        .filter(|a| !a.authorised)
        .map(|a| a.destination.as_str())
        .collect();
    if !unauthorised.is_empty() {
        outcomes.push(
            Outcome::new("external_unauthorised").with("destinations", unauthorised.join(", ")),
        );
    }
    let policy_name = policy.map(dmarc::Policy::as_str).unwrap_or("none");
    if outcomes.is_empty() {
        outcomes.push(Outcome::new("ok"));
    }
    let mut verdict = Verdict::new(&facts.domain, Outcome::new("ok"));
    verdict.outcomes = outcomes
        .into_iter()
        .map(|o| o.with("policy", policy_name).with("found_at", found_at))
        .collect();
    vec![
        verdict
            .evidence("record", text)
            .evidence("found_at", found_at)
            .evidence("policy", policy_name)
            .evidence("external", &d.external),
    ]
}
