//! Beyond internet.nl, as its users ask: SMTP TLS Reporting (RFC 8460), where a domain's
//! mail servers' TLS failures are reported.

use super::mta_sts::{codes, receives_no_mail};
use super::{CheckSpec, DNS, Evaluate, Hosts};
use crate::facts::DomainFacts;
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::tls_rpt;

pub const TLS_RPT: CheckSpec = CheckSpec {
    id: "mail.tls_rpt",
    outcomes: &[
        "ok",
        "none",
        "multiple",
        "invalid",
        "failed",
        "no_mail",
        "not_tested",
    ],
    params: &[],
    evaluate: Evaluate::Domain(tls_rpt_check),
    needs: DNS,
    hosts: Hosts::Listed,
};

fn tls_rpt_check(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let domain = &facts.domain;
    let Some(rpt) = facts.mail_auth.as_ref().and_then(|m| m.tls_rpt.as_ref()) else {
        return vec![Verdict::new(domain, Outcome::new("not_tested"))];
    };
    let outcome = match (&rpt.error, rpt.records.as_slice()) {
        (Some(e), _) => Outcome::new("failed").with("error", &e.detail),
        (None, []) if receives_no_mail(facts) => Outcome::new("no_mail"),
        (None, []) => Outcome::new("none"),
        (None, [record]) => {
            let parsed = tls_rpt::parse(record);
            if parsed.errors.is_empty() {
                Outcome::new("ok").with("record", record)
            } else {
                Outcome::new("invalid").with("problems", codes(&parsed.errors))
            }
        }
        (None, many) => Outcome::new("multiple").with("count", many.len()),
    };
    vec![Verdict::new(domain, outcome.with("name", &rpt.name)).evidence("records", &rpt.records)]
}
