//! Certificates and DANE of the HTTPS endpoints (internet.nl's "certificate" and "DANE"
//! subtests), plus the two TLS checks that need the full handshake: OCSP stapling and
//! 0-RTT. Keys and signatures are judged against the selected NCSC table.

use super::tls::{TlsHost, hosts, listed, per_endpoint, per_host_endpoint};
use super::{CheckSpec, Endpoints, Evaluate};
use super::{Hosts, MAIL_SERVERS, TLS, TLS_AND_DNS};
use crate::facts::{ChainFacts, TrustErrorKind};
use crate::facts::{DnssecStatus, DomainFacts, TlsEndpointFacts, TlsaFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::tls_classes::TlsClasses;
use crate::rules::{CheckRule, RuleSet};
use crate::wire::tls::cert::CertificateFacts;
use crate::wire::tls::dane::{self, TlsaMatch, TlsaRecord};

const LISTED: &[&str] = &["ok", "phase_out", "insufficient", "not_tested", "failed"];

pub const OCSP: CheckSpec = CheckSpec {
    id: "web.tls.ocsp",
    outcomes: &[
        "stapled",
        "no_ocsp_url",
        "not_stapled",
        "invalid_staple",
        "not_tested",
        "failed",
    ],
    params: &[],
    evaluate: Evaluate::Domain(ocsp),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const ZERO_RTT: CheckSpec = CheckSpec {
    id: "web.tls.zero_rtt",
    outcomes: &[
        "ok",
        "refused",
        "accepted",
        "not_applicable",
        "not_tested",
        "failed",
    ],
    params: &[],
    evaluate: Evaluate::Domain(zero_rtt),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

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
    outcomes: &["ok", "mismatch", "not_tested", "failed"],
    params: &[],
    evaluate: Evaluate::Endpoints(name, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const DANE_EXISTS: CheckSpec = CheckSpec {
    id: "web.dane.exists",
    outcomes: &["ok", "none", "insecure", "bogus", "not_tested", "failed"],
    params: &[],
    evaluate: Evaluate::Endpoints(dane_exists, Endpoints::Web),
    needs: TLS_AND_DNS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const DANE_VALID: CheckSpec = CheckSpec {
    id: "web.dane.valid",
    outcomes: &[
        "ok",
        "mismatch",
        "no_usable_records",
        "not_applicable",
        "not_tested",
        "failed",
    ],
    params: &[],
    evaluate: Evaluate::Endpoints(dane_valid, Endpoints::Web),
    needs: TLS_AND_DNS,
    hosts: Hosts::ListedAndDiscovered,
};

/// DANE for every mail server (Forum Standaardisatie "STARTTLS en DANE").
pub const MAIL_DANE_EXISTS: CheckSpec = CheckSpec {
    id: "mail.dane.exists",
    evaluate: Evaluate::Endpoints(dane_exists, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..DANE_EXISTS
};
pub const MAIL_DANE_VALID: CheckSpec = CheckSpec {
    id: "mail.dane.valid",
    evaluate: Evaluate::Endpoints(dane_valid, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..DANE_VALID
};
pub const MAIL_DANE_ROLLOVER: CheckSpec = CheckSpec {
    id: "mail.dane.rollover",
    outcomes: &["ok", "single", "not_applicable"],
    params: &[],
    evaluate: Evaluate::Domain(dane_rollover),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
};

/// The certificate checks for every mail server behind STARTTLS.
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
fn chain_of(e: &TlsEndpointFacts) -> Result<&ChainFacts, Outcome> {
    match (&e.chain, &e.chain_error) {
        (Some(c), _) => Ok(c),
        (None, Some(err)) => Err(Outcome::new("failed").with("error", &err.detail)),
        (None, None) => Err(Outcome::new("not_tested")),
    }
}

fn with_chain(
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

fn ocsp(facts: &DomainFacts, _rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    with_chain(facts, Endpoints::Web, rules, |c, _, _| {
        let leaf_has_url = c
            .certificates
            .first()
            .is_some_and(|l| !l.ocsp_urls.is_empty());
        match &c.ocsp {
            Some(staple)
                if staple.status == "good"
                    && staple.response_status.as_deref() == Some("successful") =>
            {
                vec![Outcome::new("stapled")]
            }
            Some(staple) => {
                let status = staple
                    .response_status
                    .clone()
                    .filter(|s| s != "successful")
                    .unwrap_or_else(|| staple.status.clone());
                vec![Outcome::new("invalid_staple").with("ocsp_status", status)]
            }
            None if !leaf_has_url => vec![Outcome::new("no_ocsp_url")],
            None => vec![Outcome::new("not_stapled")],
        }
    })
}

fn zero_rtt(facts: &DomainFacts, _rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    per_endpoint(facts, Endpoints::Web, rules, false, |e, _| {
        if !e.supports(crate::wire::tls::iana::ProtocolVersion::TLSV1_3) {
            return vec![Outcome::new("not_applicable")];
        }
        let Some(z) = &e.zero_rtt else {
            return vec![Outcome::new("not_tested")];
        };
        if z.early_data_sent && z.early_data_accepted {
            return match z.http_status {
                Some(425) => vec![Outcome::new("refused")],
                Some(status) => vec![Outcome::new("accepted").with("status", status)],
                None => vec![
                    Outcome::new("failed").with(
                        "error",
                        z.error
                            .clone()
                            .unwrap_or_else(|| "no answer to the early-data request".into()),
                    ),
                ],
            };
        }
        if z.early_data_offered {
            // Offered in the ticket, then rejected on resumption: not usable for replay.
            return vec![Outcome::new("refused")];
        }
        match &z.error {
            Some(error) if z.max_early_data_size.is_none() => {
                vec![Outcome::new("failed").with("error", error)]
            }
            _ => vec![Outcome::new("ok")],
        }
    })
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
        let items = non_root(c)
            .map(|cert| {
                let k = &cert.key;
                let what = match (&k.bits, &k.curve, &k.parameter_set) {
                    (_, _, Some(set)) => set.clone(),
                    (_, Some(curve), _) => format!("{} {curve}", k.algorithm.to_uppercase()),
                    (Some(bits), _, _) => format!("{} {bits} bit", k.algorithm.to_uppercase()),
                    _ => k.algorithm.to_uppercase(),
                };
                let class = classes.cert_key(&k.algorithm, k.bits, k.curve.as_deref());
                (format!("{what} ({})", label(cert)), class)
            })
            .collect();
        listed(items)
    })
}

fn signature(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    with_chain(facts, endpoints, rules, |c, _, classes| {
        let items = non_root(c)
            .filter(|cert| !cert.self_issued)
            .map(|cert| {
                let s = &cert.signature;
                let class = classes.cert_signature(&s.oid, &s.algorithm, s.hash.as_deref());
                (format!("{} ({})", s.name, label(cert)), class)
            })
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
    with_chain(facts, endpoints, rules, |c, _, _| {
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
        let key = if c.name_matches { "ok" } else { "mismatch" };
        vec![Outcome::new(key).with("names", names)]
    })
}

fn records_text(tlsa: &TlsaFacts) -> String {
    tlsa.records
        .iter()
        .map(|r| format!("{} {} {} {}", r.usage, r.selector, r.matching, r.data))
        .collect::<Vec<_>>()
        .join("; ")
}

fn dane_exists(
    facts: &DomainFacts,
    _rule: &CheckRule,
    _rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    hosts(facts, endpoints)
        .iter()
        .map(|host| {
            let Some(tlsa) = host.tlsa else {
                return Verdict::new(host.name, Outcome::new("not_tested"));
            };
            let outcome = if let Some(e) = &tlsa.error {
                Outcome::new("failed").with("error", &e.detail)
            } else if tlsa.status == DnssecStatus::Bogus {
                Outcome::new("bogus")
            } else if tlsa.records.is_empty() {
                Outcome::new("none")
            } else if tlsa.status == DnssecStatus::Secure {
                Outcome::new("ok").with("records", records_text(tlsa))
            } else {
                Outcome::new("insecure").with("records", records_text(tlsa))
            };
            Verdict::new(host.name, outcome.with("name", &tlsa.name)).evidence("tlsa", tlsa)
        })
        .collect()
}

/// DNSSEC-secure TLSA records, the ones a client may rely on.
fn secure_tlsa<'a>(host: &TlsHost<'a>) -> Option<&'a TlsaFacts> {
    host.tlsa
        .filter(|t| t.status == DnssecStatus::Secure && !t.records.is_empty())
}

fn dane_valid(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    hosts(facts, endpoints)
        .iter()
        .map(|host| {
            let Some(tlsa) = secure_tlsa(host) else {
                return Verdict::new(host.name, Outcome::new("not_applicable"));
            };
            let records = records_text(tlsa);
            per_host_endpoint(
                host,
                rules,
                false,
                &|e: &TlsEndpointFacts, _: &TlsClasses| {
                    let Some(c) = e.chain.as_ref() else {
                        return vec![chain_of(e).err().unwrap_or(Outcome::new("not_tested"))];
                    };
                    let ders: Vec<Vec<u8>> = c
                        .certificates
                        .iter()
                        .filter_map(CertificateFacts::der_bytes)
                        .collect();
                    let results: Vec<TlsaMatch> = tlsa
                        .records
                        .iter()
                        .map(|r| dane::matches(r, &ders))
                        .collect();
                    let key = if results
                        .iter()
                        .any(|m| matches!(m, TlsaMatch::Matched { .. }))
                    {
                        "ok"
                    } else if results.iter().any(|m| matches!(m, TlsaMatch::NoMatch)) {
                        "mismatch"
                    } else {
                        "no_usable_records"
                    };
                    vec![Outcome::new(key).with("records", &records)]
                },
            )
        })
        .collect()
}

/// internet.nl's rollover rule (mail): a second usable record, so a key change does not
/// break delivery: at least two usage-3 records, or a usage-3 and a usage-2 record.
fn dane_rollover(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    hosts(facts, Endpoints::Mail)
        .iter()
        .map(|host| {
            let Some(tlsa) = secure_tlsa(host) else {
                return Verdict::new(host.name, Outcome::new("not_applicable"));
            };
            let usable: Vec<&TlsaRecord> =
                tlsa.records.iter().filter(|r| dane::usable(r)).collect();
            let ee = usable.iter().filter(|r| r.usage == 3).count();
            let ta = usable.iter().filter(|r| r.usage == 2).count();
            let key = if ee >= 2 || (ee >= 1 && ta >= 1) {
                "ok"
            } else {
                "single"
            };
            Verdict::new(
                host.name,
                Outcome::new(key).with("records", records_text(tlsa)),
            )
        })
        .collect()
}
