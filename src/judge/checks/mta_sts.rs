//! Beyond internet.nl, as its users ask: MTA-STS (RFC 8461), which lets a domain demand TLS
//! to its mail servers without DNSSEC.

use super::{CheckSpec, DNS, Evaluate, Hosts};
use crate::facts::{DomainFacts, HttpFetch};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::mta_sts;

pub const MTA_STS: CheckSpec = CheckSpec {
    id: "mail.mta_sts",
    outcomes: &[
        "ok",
        "testing",
        "mode_none",
        "none",
        "multiple",
        "record_invalid",
        "policy_unavailable",
        "policy_invalid",
        "mx_not_covered",
        "failed",
        "no_mail",
        "not_tested",
    ],
    params: &[],
    evaluate: Evaluate::Domain(mta_sts_check),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub(super) fn codes(errors: &[crate::wire::text::mta_sts::SyntaxError]) -> String {
    errors
        .iter()
        .map(|e| format!("{} ({})", e.code, e.text))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The policy text when the fetch gave one the RFC allows: HTTPS with a valid certificate,
/// status 200, no redirect (§3.3); else why not.
fn policy_text(fetch: &HttpFetch) -> Result<&str, String> {
    if let Some(e) = &fetch.error {
        return Err(e.detail.clone());
    }
    let hop = fetch.last().ok_or("no response")?;
    if let Some(e) = hop.tls.as_ref().and_then(|t| t.certificate_error.as_ref()) {
        return Err(format!("the certificate is not valid: {e}"));
    }
    if hop.status != 200 {
        return Err(format!("HTTP status {} at {}", hop.status, hop.url));
    }
    fetch
        .body
        .as_ref()
        .map(|b| b.text.as_str())
        .ok_or_else(|| "no body".to_string())
}

/// Both protect mail coming in: a domain without mail servers (no MX, or a null MX) and
/// without a record has nothing to protect.
pub(super) fn receives_no_mail(facts: &DomainFacts) -> bool {
    facts
        .dns
        .mx
        .as_ref()
        .is_none_or(|m| m.null_mx || m.hosts.is_empty())
}

fn mta_sts_check(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let domain = &facts.domain;
    let Some(sts) = facts.mail_auth.as_ref().and_then(|m| m.mta_sts.as_ref()) else {
        return vec![Verdict::new(domain, Outcome::new("not_tested"))];
    };
    let verdict = |o: Outcome| vec![Verdict::new(domain, o).evidence("records", &sts.records)];
    if let Some(e) = &sts.error {
        return verdict(Outcome::new("failed").with("error", &e.detail));
    }
    let [record] = sts.records.as_slice() else {
        return verdict(match sts.records.len() {
            0 if receives_no_mail(facts) => Outcome::new("no_mail"),
            0 => Outcome::new("none"),
            n => Outcome::new("multiple").with("count", n),
        });
    };
    let parsed = mta_sts::parse_record(record);
    if !parsed.errors.is_empty() {
        return verdict(Outcome::new("record_invalid").with("problems", codes(&parsed.errors)));
    }
    let text = match sts.policy.as_ref().map(policy_text) {
        Some(Ok(text)) => text,
        Some(Err(why)) => return verdict(Outcome::new("policy_unavailable").with("error", why)),
        None => return verdict(Outcome::new("policy_unavailable").with("error", "not fetched")),
    };
    let policy = mta_sts::parse_policy(text);
    let with_policy = |o: Outcome| {
        vec![
            Verdict::new(domain, o)
                .evidence("records", &sts.records)
                .evidence("policy", text)
                .evidence("parsed", &policy),
        ]
    };
    if !policy.errors.is_empty() {
        return with_policy(Outcome::new("policy_invalid").with("problems", codes(&policy.errors)));
    }
    let mx: Vec<String> = facts
        .dns
        .mx
        .iter()
        .flat_map(|m| m.hosts.iter())
        .map(|h| h.name.trim_end_matches('.').to_string())
        .collect();
    let uncovered: Vec<&str> = mx
        .iter()
        .filter(|h| !policy.covers(h))
        .map(String::as_str)
        .collect();
    let patterns: Vec<&str> = policy.mx.iter().map(|p| p.as_str()).collect();
    let outcome = match policy.mode {
        Some(mta_sts::Mode::None) => Outcome::new("mode_none"),
        _ if !uncovered.is_empty() => {
            Outcome::new("mx_not_covered").with("hosts", uncovered.join(", "))
        }
        Some(mta_sts::Mode::Testing) => Outcome::new("testing"),
        _ => Outcome::new("ok"),
    };
    with_policy(
        outcome
            .with("patterns", patterns.join(", "))
            .with("max_age", policy.max_age.unwrap_or_default()),
    )
}
