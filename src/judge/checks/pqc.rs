//! Quantum-safe readiness (the `pqc` readiness view, beside the Forum standards): the key
//! exchange of every TLS endpoint, the certificates' signature algorithms and the DNSSEC
//! signing algorithms. Which groups count as hybrid, pure ML-KEM or the Kyber draft is rule
//! data (`rules/pqc.toml`), so a change in the IANA flags is an edit there, not here.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{CheckSpec, ParamKind};
use super::{DNS, Hosts, TLS, TLS_AND_MAIL_SERVERS};
use super::{Endpoints, Evaluate};
use crate::facts::{DomainFacts, TlsEndpointFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::tls::cert::CertificateFacts;
use crate::wire::tls::iana::{NamedGroup, ProtocolVersion};

pub const TLS_KEX: CheckSpec = CheckSpec {
    id: "pqc.tls.kex",
    outcomes: &[
        "pq_active",
        "pq_supported_not_preferred",
        "pq_pure_only",
        "pq_legacy_draft",
        "not_ready",
        "not_ready_no_tls13",
        "inconclusive",
        "not_tested",
        "failed",
    ],
    params: &[
        ("hybrid_groups", ParamKind::TlsGroups),
        ("pure_groups", ParamKind::TlsGroups),
        ("draft_groups", ParamKind::TlsGroups),
        ("sensitive_services", ParamKind::Words),
        ("sensitive_hosts", ParamKind::Words),
    ],
    evaluate: Evaluate::Domain(tls_kex),
    needs: TLS_AND_MAIL_SERVERS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const CERT_SIGNATURE: CheckSpec = CheckSpec {
    id: "pqc.cert.signature",
    outcomes: &[
        "classical",
        "composite",
        "quantum_safe",
        "not_tested",
        "failed",
    ],
    params: &[
        ("quantum_safe_algorithms", ParamKind::Words),
        ("composite_algorithms", ParamKind::Words),
    ],
    evaluate: Evaluate::Domain(cert_signature),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const SSH_KEX: CheckSpec = CheckSpec {
    id: "pqc.ssh.kex",
    outcomes: &[
        "pq_active",
        "sntrup_only",
        "not_ready",
        "not_offered",
        "failed",
    ],
    params: &[
        ("hybrid_kex", ParamKind::Words),
        ("sntrup_kex", ParamKind::Words),
    ],
    evaluate: Evaluate::Domain(ssh_kex),
    needs: DNS,
    hosts: Hosts::OnRequest,
};

pub const DNSSEC_ALGORITHM: CheckSpec = CheckSpec {
    id: "pqc.dnssec.algorithm",
    outcomes: &["classical", "unsigned", "not_tested"],
    params: &[],
    evaluate: Evaluate::Domain(dnssec_algorithm),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

/// What one endpoint's key exchange shows, as the report and the roll-up read it back.
#[derive(Debug, Clone, Serialize)]
struct KexEvidence {
    address: String,
    port: u16,
    verdict: &'static str,
    /// The same observation in internet.nl's words (its `pq_kex_support` subtest).
    pq_kex_support: PqKexSupport,
    /// The group a browser-like hello ended in (or the one the server asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    browser_like: Option<String>,
    /// The server answered an X25519-only share with a HelloRetryRequest for a hybrid.
    asks_for_hybrid: bool,
    /// TLS 1.3 groups the server accepted, each probed alone.
    tls13_groups: Vec<String>,
    /// The group of the full handshake pastoe completed (a rustls client that prefers
    /// X25519MLKEM768): proof that the server does not pick the hybrid and then fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    completed_with: Option<String>,
}

/// internet.nl's `pq_kex_support` value (internet.nl pull request #2144, web only there):
/// `supported` when the server accepts any of the NCSC hybrids, `na_no_tls_1_3` without
/// TLS 1.3, `unknown` when the measurement failed, else `not_supported`. Carried beside
/// pastoe's finer verdict so results line up with internet.nl's. Declared worst first: a
/// host's value is its worst endpoint's, as internet.nl judges a host by its worst address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
enum PqKexSupport {
    NotSupported,
    #[serde(rename = "na_no_tls_1_3")]
    NaNoTls13,
    Unknown,
    Supported,
}

/// The group sets the rule names, resolved to codepoints.
struct PqGroups {
    hybrid: Vec<NamedGroup>,
    pure: Vec<NamedGroup>,
    draft: Vec<NamedGroup>,
}

impl PqGroups {
    fn of(rule: &CheckRule) -> PqGroups {
        PqGroups {
            hybrid: super::groups(rule, "hybrid_groups"),
            pure: super::groups(rule, "pure_groups"),
            draft: super::groups(rule, "draft_groups"),
        }
    }
}

fn group_name(g: NamedGroup) -> String {
    g.name()
        .map(str::to_string)
        .unwrap_or_else(|| format!("0x{:04X}", g.0))
}

fn names(groups: impl Iterator<Item = NamedGroup>) -> String {
    groups.map(group_name).collect::<Vec<_>>().join(", ")
}

/// The readiness verdict of one endpoint (`pqc.md` §5.1): the browser-like choice first,
/// then what the server supports when asked alone.
fn kex_outcome(e: &TlsEndpointFacts, pq: &PqGroups) -> (Outcome, KexEvidence) {
    let preference = e.key_exchange.pq_preference.as_ref();
    let retry = e.key_exchange.pq_retry.as_ref();
    let browser_like = preference.and_then(|c| c.selected);
    let asked_for = retry.filter(|c| c.retry).and_then(|c| c.selected);
    let supported: Vec<NamedGroup> = e.key_exchange.tls13_supported().collect();
    let of = |set: &[NamedGroup]| {
        supported
            .iter()
            .copied()
            .filter(|g| set.contains(g))
            .collect::<Vec<_>>()
    };
    let (hybrids, pure, draft) = (of(&pq.hybrid), of(&pq.pure), of(&pq.draft));
    let tls13 = e.supports(ProtocolVersion::TLSV1_3);
    let key = if let Some(g) = browser_like.filter(|g| pq.hybrid.contains(g)) {
        Outcome::new("pq_active").with("group", group_name(g))
    } else if let Some(g) = asked_for.filter(|g| pq.hybrid.contains(g)) {
        Outcome::new("pq_active").with("group", group_name(g))
    } else if !hybrids.is_empty() {
        Outcome::new("pq_supported_not_preferred")
            .with("groups", names(hybrids.iter().copied()))
            .with(
                "group",
                browser_like
                    .map(group_name)
                    .unwrap_or_else(|| "-".to_string()),
            )
    } else if !pure.is_empty() {
        Outcome::new("pq_pure_only").with("groups", names(pure.iter().copied()))
    } else if !draft.is_empty() {
        Outcome::new("pq_legacy_draft").with("groups", names(draft.iter().copied()))
    } else if let Some(error) = &e.incomplete {
        // Nothing post-quantum seen, but the measurement stopped early: no verdict.
        Outcome::new("inconclusive").with("error", &error.detail)
    } else if !tls13 {
        Outcome::new("not_ready_no_tls13")
    } else {
        Outcome::new("not_ready").with(
            "groups",
            if supported.is_empty() {
                "-".to_string()
            } else {
                names(supported.iter().copied())
            },
        )
    };
    let pq_kex_support = if !hybrids.is_empty()
        || [browser_like, asked_for]
            .into_iter()
            .flatten()
            .any(|g| pq.hybrid.contains(&g))
    {
        PqKexSupport::Supported
    } else if e.incomplete.is_some() {
        PqKexSupport::Unknown
    } else if !tls13 {
        PqKexSupport::NaNoTls13
    } else {
        PqKexSupport::NotSupported
    };
    let evidence = KexEvidence {
        address: e.address.to_string(),
        port: e.port,
        verdict: key.key,
        pq_kex_support,
        browser_like: browser_like.map(group_name),
        asks_for_hybrid: asked_for.is_some_and(|g| pq.hybrid.contains(&g)),
        tls13_groups: supported.into_iter().map(group_name).collect(),
        completed_with: e.chain.as_ref().and_then(|c| c.group.clone()),
    };
    (key.with("address", e.address), evidence)
}

/// Why a host counts as carrying sensitive traffic, if it does: every endpoint of a service
/// the rule names (mail), and web hosts whose name matches a login-portal pattern of the rule.
fn sensitive_because(host: &str, service: &str, rule: &CheckRule) -> Option<String> {
    if super::words(rule, "sensitive_services")
        .iter()
        .any(|s| s == service)
    {
        return Some(format!("service {service}"));
    }
    let host = host.to_ascii_lowercase();
    super::words(rule, "sensitive_hosts")
        .into_iter()
        .find(|p| crate::judge::selection::glob(p, &host))
        .map(|p| format!("name matches {p}"))
}

/// One verdict per host: each address is an endpoint with its own outcome.
fn kex_verdict(
    subject: &str,
    endpoints: &[&TlsEndpointFacts],
    service: &str,
    rule: &CheckRule,
) -> Verdict {
    let pq = PqGroups::of(rule);
    let mut verdict = Verdict::new(subject, Outcome::new("not_tested"));
    verdict.outcomes.clear();
    let mut evidence: Vec<KexEvidence> = Vec::new();
    let mut failed = false;
    for e in endpoints {
        let (outcome, seen) = match &e.error {
            Some(error) => {
                failed = true;
                let outcome = Outcome::new("failed")
                    .with("error", &error.detail)
                    .with("address", e.address);
                (outcome, None)
            }
            None => {
                let (o, seen) = kex_outcome(e, &pq);
                (o, Some(seen))
            }
        };
        verdict.outcomes.push(outcome);
        evidence.extend(seen);
    }
    if verdict.outcomes.is_empty() {
        verdict.outcomes.push(Outcome::new("not_tested"));
    }
    let sensitive = sensitive_because(subject, service, rule);
    let pq_kex_support = evidence
        .iter()
        .map(|e| e.pq_kex_support)
        .chain(failed.then_some(PqKexSupport::Unknown))
        .min()
        .unwrap_or(PqKexSupport::Unknown);
    verdict
        .evidence("pq_kex_support", pq_kex_support)
        .evidence("endpoints", evidence)
        .evidence("service", service)
        .evidence("sensitive", sensitive.is_some())
        .evidence("sensitive_reason", sensitive)
}

fn tls_kex(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let host = &facts.web.host;
    let web = match super::tls::endpoints(facts) {
        Ok(list) => kex_verdict(host, &list, "web", rule),
        Err(v) => {
            let sensitive = sensitive_because(host, "web", rule);
            // A TLS measurement that failed is internet.nl's `unknown`; no HTTPS at all is
            // not tested there either, so no value.
            let failed = v.outcomes.iter().any(|o| o.key == "failed");
            let v = if failed {
                v.evidence("pq_kex_support", PqKexSupport::Unknown)
            } else {
                v
            };
            v.evidence("service", "web")
                .evidence("sensitive", sensitive.is_some())
                .evidence("sensitive_reason", sensitive)
        }
    };
    // Every tested mail server behind STARTTLS; one without STARTTLS has no TLS to judge
    // (mail.starttls.available reports it).
    let mail = facts.mail_servers.iter().map(|server| {
        let list: Vec<&TlsEndpointFacts> = server.tls.iter().collect();
        kex_verdict(&server.host, &list, "mail", rule)
    });
    std::iter::once(web).chain(mail).collect()
}

/// SSH endpoints (`--ssh`, `--ssh-host`): one verdict per host, an outcome per address.
fn ssh_kex(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let hybrid = super::words(rule, "hybrid_kex");
    let sntrup = super::words(rule, "sntrup_kex");
    let mut hosts: Vec<&str> = facts.ssh.iter().map(|e| e.host.as_str()).collect();
    hosts.dedup();
    hosts
        .into_iter()
        .map(|host| {
            let mut verdict = Verdict::new(host, Outcome::new("not_offered"));
            verdict.outcomes.clear();
            let mine: Vec<_> = facts.ssh.iter().filter(|e| e.host == host).collect();
            for e in &mine {
                let endpoint = format!("{}", std::net::SocketAddr::new(e.address, e.port));
                let kex: Vec<String> = crate::wire::ssh::key_exchange_methods(&e.kex_algorithms)
                    .map(|k| k.to_ascii_lowercase())
                    .collect();
                let find = |set: &[String]| kex.iter().find(|k| set.contains(k)).cloned();
                let outcome = match (&e.error, find(&hybrid), find(&sntrup)) {
                    // Nothing to talk to (refused, or the address is unreachable from here):
                    // no SSH service to judge, which is not a measurement error.
                    (Some(err), _, _)
                        if matches!(
                            err.kind,
                            crate::facts::ErrorKind::ConnectionRefused
                                | crate::facts::ErrorKind::ConnectFailed
                        ) =>
                    {
                        Outcome::new("not_offered")
                    }
                    (Some(err), _, _) => Outcome::new("failed").with("error", &err.detail),
                    (None, Some(k), _) => Outcome::new("pq_active").with("kex", k),
                    (None, None, Some(k)) => Outcome::new("sntrup_only").with("kex", k),
                    (None, None, None) => Outcome::new("not_ready").with("kex", kex.join(", ")),
                };
                verdict.outcomes.push(
                    outcome
                        .with("endpoint", &endpoint)
                        .with("version", e.server_version.as_deref().unwrap_or("-")),
                );
            }
            let evidence: Vec<serde_json::Value> = mine
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "address": e.address,
                        "port": e.port,
                        "server_version": e.server_version,
                        "kex_algorithms": e.kex_algorithms,
                    })
                })
                .collect();
            verdict
                .evidence("endpoints", evidence)
                .evidence("service", "ssh")
                .evidence("sensitive", false)
        })
        .collect()
}

/// How one certificate authenticates, in words a reader can check against the chain.
fn describe(c: &CertificateFacts) -> String {
    let key = &c.key;
    let strength = match (&key.parameter_set, &key.curve, key.bits) {
        (Some(set), _, _) => set.clone(),
        (None, Some(curve), _) => curve.clone(),
        (None, None, Some(bits)) => format!("{bits} bits"),
        (None, None, None) => String::new(),
    };
    format!(
        "{} ({} {strength}, signed with {})",
        c.subject, key.algorithm, c.signature.name
    )
}

fn cert_signature(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    // The web host, and every mail server behind STARTTLS that has a chain.
    let mail = super::tls::hosts(facts, Endpoints::Mail)
        .into_iter()
        .filter(|h| !h.endpoints.is_empty());
    super::tls::hosts(facts, Endpoints::Web)
        .into_iter()
        .chain(mail)
        .map(|host| chain_verdict(&host, rule))
        .collect()
}

fn chain_verdict(host: &super::tls::TlsHost<'_>, rule: &CheckRule) -> Verdict {
    let list = match super::tls::endpoints_of(host.name, host.endpoints) {
        Ok(list) => list,
        Err(v) => return v,
    };
    let Some(chain) = list.iter().find_map(|e| e.chain.as_ref()) else {
        let error = list
            .iter()
            .find_map(|e| e.chain_error.as_ref())
            .map(|e| e.detail.clone())
            .unwrap_or_else(|| "no certificate chain was observed".to_string());
        return Verdict::new(host.name, Outcome::new("failed").with("error", error));
    };
    let safe = super::words(rule, "quantum_safe_algorithms");
    let composite = super::words(rule, "composite_algorithms");
    // A chain is as quantum-safe as its weakest link: the key and the signature of every
    // certificate count.
    let class_of = |algorithm: &str| {
        let a = algorithm.to_ascii_lowercase();
        if safe.contains(&a) {
            2
        } else if composite.contains(&a) {
            1
        } else {
            0
        }
    };
    let weakest = chain
        .certificates
        .iter()
        .map(|c| class_of(&c.key.algorithm).min(class_of(&c.signature.algorithm)))
        .min()
        .unwrap_or(0);
    let key = match weakest {
        2 => "quantum_safe",
        1 => "composite",
        _ => "classical",
    };
    let certificates: Vec<String> = chain.certificates.iter().map(describe).collect();
    let algorithms: BTreeSet<&str> = chain
        .certificates
        .iter()
        .flat_map(|c| [c.key.algorithm.as_str(), c.signature.algorithm.as_str()])
        .collect();
    Verdict::new(
        host.name,
        Outcome::new(key).with("certificates", certificates.join("; ")),
    )
    .evidence("certificates", certificates)
    .evidence("algorithms", algorithms)
}

fn dnssec_algorithm(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let Some(d) = &facts.dns.dnssec else {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    };
    let subject = d.zone.clone().unwrap_or_else(|| d.name.clone());
    if d.dnskey_algorithms.is_empty() {
        return vec![Verdict::new(subject, Outcome::new("unsigned"))];
    }
    let algorithms: Vec<String> = d
        .dnskey_algorithms
        .iter()
        .map(|&n| format!("{} ({n})", crate::wire::dnssec::dnssec_algorithm_name(n)))
        .collect();
    vec![
        Verdict::new(
            subject,
            Outcome::new("classical").with("algorithms", algorithms.join(", ")),
        )
        .evidence("dnskey_algorithms", &d.dnskey_algorithms),
    ]
}
