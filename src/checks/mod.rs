//! Checks: the outcome logic of each standard, one file per area.
//!
//! A check reads facts and picks outcome keys; what an outcome *means* (status, texts,
//! advice) is in the rule files. Thresholds and value lists come from the rule's `params`.

mod caa;
mod dnssec;
mod headers;
mod https;
mod ipv6;
mod rpki;
mod security_txt;

use crate::facts::{DomainFacts, HttpHop};
use crate::rules::{CheckRule, Outcome, Verdict};

/// The type a rule parameter must have; checked when rules load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A whole number ≥ 0.
    Count,
    /// A list of strings.
    Words,
}

/// A check pastoe implements: its id, every outcome key it can produce, the parameters it
/// reads from its rule, and its logic.
pub struct CheckSpec {
    pub id: &'static str,
    pub outcomes: &'static [&'static str],
    pub params: &'static [(&'static str, ParamKind)],
    pub evaluate: fn(&DomainFacts, &CheckRule) -> Vec<Verdict>,
}

/// Every check, in report order.
pub const ALL: &[CheckSpec] = &[
    dnssec::EXISTS,
    dnssec::VALID,
    ipv6::NS_ADDRESS,
    ipv6::NS_REACH,
    ipv6::ADDRESS,
    ipv6::REACH,
    ipv6::SIMILAR,
    https::AVAILABLE,
    https::REDIRECT,
    https::HSTS,
    https::COMPRESSION,
    headers::X_FRAME_OPTIONS,
    headers::X_CONTENT_TYPE_OPTIONS,
    headers::CSP,
    headers::REFERRER_POLICY,
    security_txt::SECURITY_TXT,
    caa::CAA,
    rpki::EXISTS,
    rpki::VALID,
    rpki::NS_EXISTS,
    rpki::NS_VALID,
    dnssec::MAIL_EXISTS,
    dnssec::MAIL_VALID,
    dnssec::MX_EXISTS,
    dnssec::MX_VALID,
    ipv6::MAIL_NS_ADDRESS,
    ipv6::MAIL_NS_REACH,
    ipv6::MX_ADDRESS,
    ipv6::MX_REACH,
];

pub fn spec(id: &str) -> Option<&'static CheckSpec> {
    ALL.iter().find(|s| s.id == id)
}

/// The position of a check in report order, for sorting findings.
pub fn order(id: &str) -> usize {
    ALL.iter().position(|s| s.id == id).unwrap_or(usize::MAX)
}

/// The first HTTPS response of the host, which every header check judges (internet.nl
/// judges the response itself, not where it redirects to). When there is none, the check
/// was not tested: `web.https.available` reports why.
fn https_response(facts: &DomainFacts) -> Result<&HttpHop, Verdict> {
    facts
        .web
        .https
        .as_ref()
        .and_then(|f| f.final_response())
        .ok_or_else(|| Verdict::new(&facts.web.host, Outcome::new("not_tested")))
}

/// A string-list parameter, lower-cased for case-insensitive comparison.
fn words(rule: &CheckRule, name: &str) -> Vec<String> {
    rule.params
        .get(name)
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default()
}
