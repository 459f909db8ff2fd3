//! STARTTLS on the mail servers (Forum Standaardisatie "STARTTLS en DANE"): every tested
//! MX must offer STARTTLS and complete a TLS handshake after it.

use super::CheckSpec;
use super::Evaluate;
use super::{Hosts, MAIL_SERVERS};
use crate::facts::{DomainFacts, ErrorKind, MailServerFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};

pub const STARTTLS_AVAILABLE: CheckSpec = CheckSpec {
    id: "mail.starttls.available",
    outcomes: &[
        "ok",
        "not_offered",
        "tls_failed",
        "temporarily_refused",
        "unreachable",
        "non_public",
        "failed",
        "null_mx",
        "no_mx",
        "mx_skipped",
    ],
    params: &[],
    evaluate: Evaluate::Domain(starttls_available),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
};

fn starttls_available(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let mx = facts.dns.mx.as_ref();
    if mx.is_some_and(|m| m.null_mx) {
        return vec![Verdict::new(&facts.domain, Outcome::new("null_mx"))];
    }
    if facts.mail_servers.is_empty() {
        return vec![Verdict::new(&facts.domain, Outcome::new("no_mx"))];
    }
    let mut verdicts: Vec<Verdict> = facts.mail_servers.iter().map(server_verdict).collect();
    // internet.nl tests ten mail servers; the report says which others were left out.
    if let Some(m) = mx.filter(|m| !m.skipped.is_empty()) {
        verdicts.push(
            Verdict::new(
                &facts.domain,
                Outcome::new("mx_skipped")
                    .with("hosts", m.skipped.join(", "))
                    .with("tested", facts.mail_servers.len()),
            )
            .evidence("skipped_mx", &m.skipped),
        );
    }
    verdicts
}

/// One outcome per address: what the SMTP conversation and the TLS handshake showed.
fn server_verdict(server: &MailServerFacts) -> Verdict {
    let mut verdict = Verdict::new(&server.host, Outcome::new("ok"));
    verdict.outcomes.clear();
    for smtp in &server.smtp {
        let tls = server.tls.iter().find(|t| t.address == smtp.address);
        let outcome = match (&smtp.error, tls) {
            (Some(e), _) => match e.kind {
                ErrorKind::StarttlsNotOffered => Outcome::new("not_offered"),
                ErrorKind::NonPublicAddress => Outcome::new("non_public"),
                ErrorKind::TemporarilyRefused => {
                    Outcome::new("temporarily_refused").with("attempts", smtp.attempts)
                }
                ErrorKind::ConnectionRefused | ErrorKind::ConnectFailed | ErrorKind::Timeout => {
                    Outcome::new("unreachable")
                }
                _ => Outcome::new("failed"),
            }
            .with("error", &e.detail),
            (None, _) if !smtp.starttls_offered => Outcome::new("not_offered"),
            (None, Some(t)) => match &t.error {
                Some(e) => Outcome::new("tls_failed").with("error", &e.detail),
                None => {
                    let versions: Vec<String> =
                        t.supported_versions().map(|v| v.to_string()).collect();
                    if versions.is_empty() {
                        Outcome::new("tls_failed").with("error", "no TLS version accepted")
                    } else {
                        Outcome::new("ok").with("versions", versions.join(", "))
                    }
                }
            },
            (None, None) => Outcome::new("failed").with("error", "STARTTLS was not tested"),
        };
        verdict.outcomes.push(outcome.with("address", smtp.address));
    }
    if verdict.outcomes.is_empty() {
        verdict.outcomes.push(
            Outcome::new("unreachable")
                .with("error", "the mail server has no address")
                .with("address", "-"),
        );
    }
    let banners: Vec<String> = server
        .smtp
        .iter()
        .filter_map(|s| {
            s.banner
                .as_ref()
                .map(|b| format!("{} {}", b.code, b.lines.join(" ")))
        })
        .collect();
    verdict
        .evidence("banners", banners)
        .evidence("preference", server.preference)
}
