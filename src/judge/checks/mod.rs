//! Checks: the outcome logic of each standard, one file per area.
//!
//! A check reads facts and picks outcome keys; what an outcome *means* (status, texts,
//! advice) is in the rule files. Thresholds and value lists come from the rule's `params`.

mod caa;
mod cert;
mod dnssec;
mod headers;
mod https;
mod ipv6;
mod mail_auth;
mod mail_policy;
mod mail_server;
mod pqc;
mod rpki;
mod security_txt;
mod tls;

use crate::facts::ProbePlan;
use crate::facts::{DomainFacts, HttpHop};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, ParamKind, RuleSet};

/// A check pastoe implements: its id, every outcome key it can produce, the parameters it
/// reads from its rule, and its logic.
pub struct CheckSpec {
    pub id: &'static str,
    pub outcomes: &'static [&'static str],
    pub params: &'static [(&'static str, ParamKind)],
    pub evaluate: Evaluate,
}

/// The logic of a check: facts and its rule in, verdicts out.
pub type Evaluate = fn(&DomainFacts, &CheckRule, &RuleSet) -> Vec<Verdict>;

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
    tls::VERSION,
    tls::CIPHERS,
    tls::CIPHER_ORDER,
    tls::KEY_EXCHANGE,
    tls::KEX_HASH,
    tls::COMPRESSION,
    tls::SECURE_RENEG,
    tls::CLIENT_RENEG,
    tls::EMS,
    cert::ZERO_RTT,
    cert::OCSP,
    cert::CHAIN,
    cert::PUBKEY,
    cert::SIGNATURE,
    cert::NAME,
    cert::DANE_EXISTS,
    cert::DANE_VALID,
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
    mail_auth::SPF_EXISTS,
    mail_auth::SPF_POLICY,
    mail_auth::DKIM_EXISTS,
    mail_auth::DKIM_SELECTOR,
    mail_auth::DMARC_EXISTS,
    mail_auth::DMARC_POLICY,
    mail_server::STARTTLS_AVAILABLE,
    tls::MAIL_VERSION,
    tls::MAIL_CIPHERS,
    tls::MAIL_CIPHER_ORDER,
    tls::MAIL_KEY_EXCHANGE,
    tls::MAIL_KEX_HASH,
    tls::MAIL_COMPRESSION,
    tls::MAIL_SECURE_RENEG,
    tls::MAIL_CLIENT_RENEG,
    tls::MAIL_EMS,
    cert::MAIL_CHAIN,
    cert::MAIL_PUBKEY,
    cert::MAIL_SIGNATURE,
    cert::MAIL_NAME,
    cert::MAIL_DANE_EXISTS,
    cert::MAIL_DANE_VALID,
    cert::MAIL_DANE_ROLLOVER,
    mail_policy::MTA_STS,
    mail_policy::TLS_RPT,
    pqc::TLS_KEX,
    pqc::CERT_SIGNATURE,
    pqc::SSH_KEX,
    pqc::DNSSEC_ALGORITHM,
];

/// Checks that judge only what the user asked for (`--dkim-selector`, `--ssh`): without the request
/// they have nothing to say about a domain, so they give no finding.
pub const ON_REQUEST: &[&str] = &["mail.dkim.selector", "pqc.ssh.kex"];

/// The probe areas a check reads, so `--only` can skip the network work nobody asked for.
pub fn probes_needed(id: &str) -> ProbePlan {
    let none = ProbePlan::none();
    let has = |prefixes: &[&str]| prefixes.iter().any(|p| id.starts_with(p));
    if has(&["pqc.tls."]) {
        // Web endpoints and the mail servers behind STARTTLS.
        ProbePlan {
            tls: true,
            dns: true,
            mail: true,
            ..none
        }
    } else if has(&["web.tls.", "web.cert.", "pqc.cert."]) {
        ProbePlan { tls: true, ..none }
    } else if has(&["web.dane."]) {
        ProbePlan {
            tls: true,
            dns: true,
            ..none
        }
    } else if has(&["mail.starttls.", "mail.tls.", "mail.cert.", "mail.dane."]) {
        ProbePlan {
            dns: true,
            mail: true,
            ..none
        }
    } else if has(&[
        "mail.",
        "web.rpki.",
        "web.dnssec.",
        "web.caa",
        "web.ipv6.ns_",
        "pqc.dnssec.",
        "pqc.ssh.",
    ]) {
        ProbePlan { dns: true, ..none }
    } else {
        ProbePlan { web: true, ..none }
    }
}

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

/// The strings of a list parameter (its type was checked when the rules loaded).
fn strings<'a>(rule: &'a CheckRule, name: &str) -> impl Iterator<Item = &'a str> {
    rule.params
        .get(name)
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
}

/// A string-list parameter, lower-cased for case-insensitive comparison.
fn words(rule: &CheckRule, name: &str) -> Vec<String> {
    strings(rule, name).map(str::to_ascii_lowercase).collect()
}

/// A TLS group list parameter. Every name was checked against `tls::iana` when the rules
/// loaded.
fn groups(rule: &CheckRule, name: &str) -> Vec<crate::wire::tls::iana::NamedGroup> {
    strings(rule, name)
        .filter_map(crate::wire::tls::iana::NamedGroup::from_name)
        .collect()
}
