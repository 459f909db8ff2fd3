//! Certificates of the HTTPS endpoints and of the mail servers behind STARTTLS (internet.nl's
//! "certificate" subtests). Keys and signatures are judged against the selected NCSC table.

use super::dane::secure_tlsa;
use super::tls::{hosts, listed, per_endpoint, per_host_endpoint};
use super::{CheckSpec, Endpoints, Evaluate};
use super::{Hosts, MAIL_SERVERS, TLS};
use crate::facts::{ChainFacts, TrustErrorKind};
use crate::facts::{DomainFacts, TlsEndpointFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::tls_classes::{TlsClass, TlsClasses};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::tls::cert::CertificateFacts;

const LISTED: &[&str] = &["ok", "phase_out", "insufficient", "not_tested", "failed"];

pub const CHAIN: CheckSpec = CheckSpec {
    id: "web.cert.chain",
    outcomes: &[
        "ok",
        "untrusted",
        "expired",
        "not_yet_valid",
        "self_signed",
        "not_tested",
        "failed",
    ],
    params: &[],
    evaluate: Evaluate::Endpoints(chain, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const PUBKEY: CheckSpec = CheckSpec {
    id: "web.cert.pubkey",
    outcomes: LISTED,
    params: &[],
    evaluate: Evaluate::Endpoints(pubkey, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const SIGNATURE: CheckSpec = CheckSpec {
    id: "web.cert.signature",
    outcomes: LISTED,
    params: &[],
    evaluate: Evaluate::Endpoints(signature, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const NAME: CheckSpec = CheckSpec {
    id: "web.cert.name",
    outcomes: &["ok", "mismatch", "mismatch_dane_ta", "not_tested", "failed"],
    params: &[],
    evaluate: Evaluate::Endpoints(name, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const MAIL_CHAIN: CheckSpec = CheckSpec {
    id: "mail.cert.chain",
    evaluate: Evaluate::Endpoints(chain, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..CHAIN
};
pub const MAIL_PUBKEY: CheckSpec = CheckSpec {
    id: "mail.cert.pubkey",
    evaluate: Evaluate::Endpoints(pubkey, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..PUBKEY
};
pub const MAIL_SIGNATURE: CheckSpec = CheckSpec {
    id: "mail.cert.signature",
    evaluate: Evaluate::Endpoints(signature, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..SIGNATURE
};
pub const MAIL_NAME: CheckSpec = CheckSpec {
    id: "mail.cert.name",
    evaluate: Evaluate::Endpoints(name, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..NAME
};

/// The recorded chain of an endpoint, or the outcome that says why there is none.
pub(super) fn chain_of(e: &TlsEndpointFacts) -> Result<&ChainFacts, Outcome> {
    match (&e.chain, &e.chain_error) {
        (Some(c), _) => Ok(c),
        (None, Some(err)) => Err(Outcome::new("failed").with("error", &err.detail)),
        (None, None) => Err(Outcome::new("not_tested")),
    }
}

pub(super) fn with_chain(
    facts: &DomainFacts,
    endpoints: Endpoints,
    rules: &RuleSet,
    judge: impl Fn(&ChainFacts, &TlsEndpointFacts, &TlsClasses) -> Vec<Outcome>,
) -> Vec<Verdict> {
    per_endpoint(
        facts,
        endpoints,
        rules,
        false,
        |e, classes| match chain_of(e) {
            Ok(c) => judge(c, e, classes),
            Err(outcome) => vec![outcome],
        },
    )
}

fn label(cert: &CertificateFacts) -> String {
    if cert.subject.is_empty() {
        cert.sha256.chars().take(16).collect()
    } else {
        cert.subject.clone()
    }
}

/// The certificates internet.nl judges: every one the server sent except a self-signed
/// root (sending the root is allowed and its own signature means nothing).
fn non_root(chain: &ChainFacts) -> impl Iterator<Item = &CertificateFacts> {
    chain
        .certificates
        .iter()
        .enumerate()
        .filter(|(i, c)| *i == 0 || !(c.is_ca && c.self_issued))
        .map(|(_, c)| c)
}

fn chain(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    with_chain(facts, endpoints, rules, |c, _, _| {
        let leaf = c.certificates.first();
        let error = c.trust_error.clone().unwrap_or_default();
        if c.trusted {
            let issuer = leaf.map(|l| l.issuer.clone()).unwrap_or_default();
            return vec![Outcome::new("ok").with("issuer", issuer)];
        }
        let outcome = match c.trust_error_kind {
            Some(TrustErrorKind::Expired) => {
                let expired = c
                    .certificates
                    .iter()
                    .map(|x| x.not_after.clone())
                    .min()
                    .unwrap_or_default();
                Outcome::new("expired").with("not_after", expired)
            }
            Some(TrustErrorKind::NotYetValid) => Outcome::new("not_yet_valid").with(
                "not_before",
                leaf.map(|l| l.not_before.clone()).unwrap_or_default(),
            ),
            Some(TrustErrorKind::SelfSigned) => Outcome::new("self_signed"),
            _ => Outcome::new("untrusted"),
        };
        vec![outcome.with("error", error)]
    })
}

fn pubkey(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    with_chain(facts, endpoints, rules, |c, _, classes| {
        let items = key_classes(c, classes)
            .into_iter()
            .map(|(cert, what, class)| (format!("{what} ({})", label(cert)), class))
            .collect();
        listed(items)
    })
}

/// The NCSC class of the public key of each certificate internet.nl judges: (the
/// certificate, what the key is, its class).
pub fn key_classes<'a>(
    chain: &'a ChainFacts,
    classes: &TlsClasses,
) -> Vec<(&'a CertificateFacts, String, TlsClass)> {
    non_root(chain)
        .map(|cert| {
            let k = &cert.key;
            let what = match (&k.bits, &k.curve, &k.parameter_set) {
                (_, _, Some(set)) => set.clone(),
                (_, Some(curve), _) => format!("{} {curve}", k.algorithm.to_uppercase()),
                (Some(bits), _, _) => format!("{} {bits} bit", k.algorithm.to_uppercase()),
                _ => k.algorithm.to_uppercase(),
            };
            let class = classes.cert_key(&k.algorithm, k.bits, k.curve.as_deref());
            (cert, what, class)
        })
        .collect()
}

/// The NCSC class of the signature of each certificate internet.nl judges (not a
/// self-issued one): (the certificate, the signature algorithm, its class).
pub fn signature_classes<'a>(
    chain: &'a ChainFacts,
    classes: &TlsClasses,
) -> Vec<(&'a CertificateFacts, String, TlsClass)> {
    non_root(chain)
        .filter(|cert| !cert.self_issued)
        .map(|cert| {
            let s = &cert.signature;
            let class = classes.cert_signature(&s.oid, &s.algorithm, s.hash.as_deref());
            (cert, s.name.clone(), class)
        })
        .collect()
}

fn signature(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    with_chain(facts, endpoints, rules, |c, _, classes| {
        let items = signature_classes(c, classes)
            .into_iter()
            .map(|(cert, name, class)| (format!("{name} ({})", label(cert)), class))
            .collect();
        listed(items)
    })
}

fn name(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    hosts(facts, endpoints)
        .iter()
        .map(|host| {
            // A DANE-TA record (usage 2) trusts a CA for this name, so the certificate must
            // carry the name (RFC 7672 §3.2.2); DANE-EE (usage 3) ignores names.
            let dane_ta = secure_tlsa(host).is_some_and(|t| t.records.iter().any(|r| r.usage == 2));
            per_host_endpoint(host, rules, false, &|e, _| match chain_of(e) {
                Ok(c) => {
                    let names = c
                        .certificates
                        .first()
                        .map(|l| {
                            if l.dns_names.is_empty() {
                                l.common_name.clone().unwrap_or_default()
                            } else {
                                l.dns_names.join(", ")
                            }
                        })
                        .unwrap_or_default();
                    let key = match (c.name_matches, dane_ta) {
                        (true, _) => "ok",
                        (false, false) => "mismatch",
                        (false, true) => "mismatch_dane_ta",
                    };
                    vec![Outcome::new(key).with("names", names)]
                }
                Err(outcome) => vec![outcome],
            })
        })
        .collect()
}
