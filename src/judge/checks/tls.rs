//! TLS (Forum Standaardisatie "TLS"; NCSC ICT-beveiligingsrichtlijnen voor TLS): the
//! protocol checks of internet.nl's HTTPS category, judged against the selected NCSC
//! table (`--tls-rules`). Each check yields one verdict per host with one outcome per
//! tested address (internet.nl tests the first IPv4 and the first IPv6 address and
//! reports the worst).

use super::cert::with_chain;
use super::{CheckSpec, Endpoints, Evaluate, Hosts, MAIL_SERVERS, TLS};
use crate::facts::{DomainFacts, ErrorKind, RefusalKind, TlsEndpointFacts, TlsaFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::tls_classes::{CipherOrderRule, TlsClass, TlsClasses};
use crate::rules::{CheckRule, ParamKind, RuleSet};
use crate::wire::tls::iana::{
    BulkCipher, CipherSuite, HashAlgorithm, KeyExchange, NamedGroup, ProtocolVersion,
};

const LISTED: &[&str] = &["ok", "phase_out", "insufficient", "not_tested", "failed"];

pub const VERSION: CheckSpec = CheckSpec {
    id: "web.tls.version",
    outcomes: LISTED,
    params: &[],
    evaluate: Evaluate::Endpoints(version, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const CIPHERS: CheckSpec = CheckSpec {
    id: "web.tls.ciphers",
    outcomes: LISTED,
    params: &[],
    evaluate: Evaluate::Endpoints(ciphers, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const CIPHER_ORDER: CheckSpec = CheckSpec {
    id: "web.tls.cipher_order",
    outcomes: &[
        "ok",
        "not_applicable",
        "no_server_preference",
        "wrong_order",
        "not_tested",
        "failed",
    ],
    params: &[("may_lead", ParamKind::BulkCiphers)],
    evaluate: Evaluate::Endpoints(cipher_order, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const KEY_EXCHANGE: CheckSpec = CheckSpec {
    id: "web.tls.key_exchange",
    outcomes: LISTED,
    params: &[],
    evaluate: Evaluate::Endpoints(key_exchange, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const KEX_HASH: CheckSpec = CheckSpec {
    id: "web.tls.kex_hash",
    outcomes: &[
        "ok",
        "phase_out",
        "insufficient",
        "not_applicable",
        "not_tested",
        "failed",
    ],
    params: &[],
    evaluate: Evaluate::Endpoints(kex_hash, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const COMPRESSION: CheckSpec = CheckSpec {
    id: "web.tls.compression",
    outcomes: &["ok", "enabled", "not_tested", "failed"],
    params: &[],
    evaluate: Evaluate::Endpoints(compression, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const SECURE_RENEG: CheckSpec = CheckSpec {
    id: "web.tls.secure_reneg",
    outcomes: &["ok", "insecure", "not_applicable", "not_tested", "failed"],
    params: &[],
    evaluate: Evaluate::Endpoints(secure_reneg, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const CLIENT_RENEG: CheckSpec = CheckSpec {
    id: "web.tls.client_reneg",
    outcomes: &[
        "not_allowed",
        "allowed_with_low_limit",
        "allowed_with_too_high_limit",
        "not_applicable",
        "not_measured",
        "not_tested",
        "failed",
    ],
    params: &[("max_renegotiations", ParamKind::Count)],
    evaluate: Evaluate::Endpoints(client_reneg, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const EMS: CheckSpec = CheckSpec {
    id: "web.tls.ems",
    outcomes: &[
        "ok",
        "missing",
        "not_required",
        "not_applicable",
        "not_tested",
        "failed",
    ],
    params: &[],
    evaluate: Evaluate::Endpoints(ems, Endpoints::Web),
    needs: TLS,
    hosts: Hosts::ListedAndDiscovered,
};

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

/// The same checks for every mail server behind STARTTLS (internet.nl's mail category):
/// same outcomes, judged against the same NCSC table.
pub const MAIL_VERSION: CheckSpec = CheckSpec {
    id: "mail.tls.version",
    evaluate: Evaluate::Endpoints(version, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..VERSION
};
pub const MAIL_CIPHERS: CheckSpec = CheckSpec {
    id: "mail.tls.ciphers",
    evaluate: Evaluate::Endpoints(ciphers, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..CIPHERS
};
pub const MAIL_CIPHER_ORDER: CheckSpec = CheckSpec {
    id: "mail.tls.cipher_order",
    evaluate: Evaluate::Endpoints(cipher_order, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..CIPHER_ORDER
};
pub const MAIL_KEY_EXCHANGE: CheckSpec = CheckSpec {
    id: "mail.tls.key_exchange",
    evaluate: Evaluate::Endpoints(key_exchange, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..KEY_EXCHANGE
};
pub const MAIL_KEX_HASH: CheckSpec = CheckSpec {
    id: "mail.tls.kex_hash",
    evaluate: Evaluate::Endpoints(kex_hash, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..KEX_HASH
};
pub const MAIL_COMPRESSION: CheckSpec = CheckSpec {
    id: "mail.tls.compression",
    evaluate: Evaluate::Endpoints(compression, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..COMPRESSION
};
pub const MAIL_SECURE_RENEG: CheckSpec = CheckSpec {
    id: "mail.tls.secure_reneg",
    evaluate: Evaluate::Endpoints(secure_reneg, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..SECURE_RENEG
};
pub const MAIL_CLIENT_RENEG: CheckSpec = CheckSpec {
    id: "mail.tls.client_reneg",
    evaluate: Evaluate::Endpoints(client_reneg, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..CLIENT_RENEG
};
pub const MAIL_EMS: CheckSpec = CheckSpec {
    id: "mail.tls.ems",
    evaluate: Evaluate::Endpoints(ems, Endpoints::Mail),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
    ..EMS
};

/// The endpoints of the web host, or the verdict that says why there are none to judge.
pub(super) fn endpoints(facts: &DomainFacts) -> Result<Vec<&TlsEndpointFacts>, Verdict> {
    endpoints_of(&facts.web.host, &facts.web.tls)
}

/// The endpoints of one host, or the verdict that says why there are none to judge. An
/// endpoint without any TLS answer counts as not tested when nothing listened (the HTTPS or
/// STARTTLS check reports that) and as an error when something answered badly.
pub(super) fn endpoints_of<'a>(
    host: &str,
    all: &'a [TlsEndpointFacts],
) -> Result<Vec<&'a TlsEndpointFacts>, Verdict> {
    if all.is_empty() {
        return Err(Verdict::new(host, Outcome::new("not_tested")));
    }
    let usable: Vec<&TlsEndpointFacts> = all.iter().filter(|e| e.error.is_none()).collect();
    if !usable.is_empty() {
        return Ok(usable);
    }
    let failure = all.iter().find_map(|endpoint| {
        endpoint
            .error
            .as_ref()
            .filter(|e| {
                !matches!(
                    e.kind,
                    ErrorKind::ConnectionRefused | ErrorKind::ConnectFailed
                )
            })
            .map(|e| (endpoint, e))
    });
    match failure {
        Some((endpoint, e)) => Err(Verdict::new(
            host,
            Outcome::new("failed")
                .with("error", &e.detail)
                .with("address", endpoint.address),
        )
        .evidence("error", e)),
        None => Err(Verdict::new(host, Outcome::new("not_tested"))),
    }
}

/// One host a TLS check judges: its endpoints and its DANE records.
pub(super) struct TlsHost<'a> {
    pub name: &'a str,
    pub endpoints: &'a [TlsEndpointFacts],
    pub tlsa: Option<&'a TlsaFacts>,
}

/// The hosts a TLS check judges: the web host, or every tested mail server behind
/// STARTTLS. A domain without mail servers gets one host without endpoints, so its checks
/// say `not_tested`.
pub(super) fn hosts(facts: &DomainFacts, endpoints: Endpoints) -> Vec<TlsHost<'_>> {
    if endpoints == Endpoints::Web {
        return vec![TlsHost {
            name: &facts.web.host,
            endpoints: &facts.web.tls,
            tlsa: facts.web.tlsa.as_ref(),
        }];
    }
    if facts.mail_servers.is_empty() {
        return vec![TlsHost {
            name: &facts.domain,
            endpoints: &[],
            tlsa: None,
        }];
    }
    facts
        .mail_servers
        .iter()
        .map(|m| TlsHost {
            name: &m.host,
            endpoints: &m.tls,
            tlsa: m.tlsa.as_ref(),
        })
        .collect()
}

/// Runs `judge` on every endpoint and gathers the outcomes into one verdict per host.
/// An endpoint whose enumeration stopped early adds a `failed` outcome beside what was
/// seen, so a half-measured server is never reported as compliant.
pub(super) fn per_endpoint(
    facts: &DomainFacts,
    endpoints: Endpoints,
    rules: &RuleSet,
    with_incomplete: bool,
    judge: impl Fn(&TlsEndpointFacts, &TlsClasses) -> Vec<Outcome>,
) -> Vec<Verdict> {
    hosts(facts, endpoints)
        .iter()
        .map(|host| per_host_endpoint(host, rules, with_incomplete, &judge))
        .collect()
}

/// One host's verdict: `judge` on each of its endpoints.
pub(super) fn per_host_endpoint(
    host: &TlsHost<'_>,
    rules: &RuleSet,
    with_incomplete: bool,
    judge: &impl Fn(&TlsEndpointFacts, &TlsClasses) -> Vec<Outcome>,
) -> Verdict {
    let classes = rules.tls();
    let list = match endpoints_of(host.name, host.endpoints) {
        Ok(list) => list,
        Err(v) => return v,
    };
    let mut verdict = Verdict::new(host.name, Outcome::new("ok"));
    verdict.outcomes.clear();
    for endpoint in &list {
        for outcome in judge(endpoint, classes) {
            verdict.outcomes.push(
                outcome
                    .with("address", endpoint.address)
                    .with("ruleset", &classes.meta().label),
            );
        }
        if with_incomplete && let Some(e) = &endpoint.incomplete {
            verdict.outcomes.push(
                Outcome::new("failed")
                    .with("error", &e.detail)
                    .with("address", endpoint.address),
            );
        }
    }
    let addresses: Vec<String> = list.iter().map(|e| e.address.to_string()).collect();
    verdict
        .evidence("addresses", addresses)
        .evidence("tls_rules", &classes.meta().id)
}

/// Sorts named items into phase-out and insufficient outcomes; `ok` lists them all when
/// every one complies.
pub(super) fn listed(items: Vec<(String, TlsClass)>) -> Vec<Outcome> {
    let join = |class: TlsClass| {
        items
            .iter()
            .filter(|(_, c)| *c == class)
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();
    let insufficient = join(TlsClass::Insufficient);
    if !insufficient.is_empty() {
        out.push(Outcome::new("insufficient").with("items", insufficient));
    }
    let phase_out = join(TlsClass::PhaseOut);
    if !phase_out.is_empty() {
        out.push(Outcome::new("phase_out").with("items", phase_out));
    }
    if out.is_empty() {
        let all: Vec<&str> = items.iter().map(|(n, _)| n.as_str()).collect();
        out.push(
            Outcome::new("ok")
                .with("items", all.join(", "))
                .with("count", items.len()),
        );
    }
    out
}

fn suite_name(s: CipherSuite) -> String {
    format!("{s} (0x{:04X})", s.0)
}

fn version(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    per_endpoint(facts, endpoints, rules, true, |e, classes| {
        let items = e
            .supported_versions()
            .map(|v| (v.to_string(), classes.version(v)))
            .collect::<Vec<_>>();
        let mut out = listed(items);
        if let Some(ok) = out.iter_mut().find(|o| o.key == "ok") {
            let versions: Vec<String> = e.supported_versions().map(|v| v.to_string()).collect();
            ok.vars.push(("versions", versions.join(", ")));
        }
        out
    })
}

fn ciphers(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    per_endpoint(facts, endpoints, rules, true, |e, classes| {
        let items = e
            .accepted_suites()
            .into_iter()
            .map(|s| (suite_name(s), classes.suite(s)))
            .collect();
        listed(items)
    })
}

fn cipher_order(
    facts: &DomainFacts,
    rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    let may_lead: Vec<BulkCipher> = rule
        .string_list("may_lead")
        .filter_map(BulkCipher::from_name)
        .collect();
    per_endpoint(facts, endpoints, rules, false, |e, classes| {
        let Some(legacy) = e.highest_legacy() else {
            // TLS 1.3 only: the client's order decides and every 1.3 suite is fine.
            return vec![Outcome::new("not_applicable")];
        };
        let order = &legacy.accepted;
        let rule = classes.cipher_order_rule();
        let needs_order = match rule {
            CipherOrderRule::GoodSufficientBeforePhaseOut => {
                order.iter().any(|s| !classes.suite(*s).complies())
            }
            CipherOrderRule::PrescribedTiers => {
                order.iter().any(|s| classes.suite(*s) != TlsClass::Good)
            }
        };
        if !needs_order || order.len() < 2 {
            return vec![Outcome::new("not_applicable")];
        }
        match legacy.server_order {
            None => {
                return vec![Outcome::new("failed").with(
                    "error",
                    "the server's cipher preference could not be measured",
                )];
            }
            Some(false) => {
                let weak: Vec<String> = order
                    .iter()
                    .filter(|s| !classes.suite(**s).complies())
                    .map(|s| suite_name(*s))
                    .collect();
                let items = if weak.is_empty() {
                    order.iter().map(|s| suite_name(*s)).collect()
                } else {
                    weak
                };
                return vec![Outcome::new("no_server_preference").with("items", items.join(", "))];
            }
            Some(true) => {}
        }
        // The first pair where the server prefers a worse suite over a better one. A
        // compliant suite with a cipher the rule lets lead (`may_lead`) is passed over.
        let worse = |a: TlsClass, b: TlsClass| match rule {
            CipherOrderRule::GoodSufficientBeforePhaseOut => !a.complies() && b.complies(),
            CipherOrderRule::PrescribedTiers => a > b,
        };
        for (i, a) in order.iter().enumerate() {
            let leads = a.info().is_some_and(|i| may_lead.contains(&i.cipher));
            if leads && classes.suite(*a).complies() {
                continue;
            }
            if let Some(b) = order[i + 1..]
                .iter()
                .find(|b| worse(classes.suite(*a), classes.suite(**b)))
            {
                return vec![
                    Outcome::new("wrong_order")
                        .with("preferred", suite_name(*a))
                        .with("over", suite_name(*b)),
                ];
            }
        }
        vec![Outcome::new("ok")]
    })
}

fn group_name(g: NamedGroup) -> String {
    g.to_string()
}

fn key_exchange(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    per_endpoint(facts, endpoints, rules, true, |e, classes| {
        let mut items: Vec<(String, TlsClass)> = Vec::new();
        let mut push = |name: String, class: TlsClass| {
            if !items.iter().any(|(n, _)| *n == name) {
                items.push((name, class));
            }
        };
        for g in e.key_exchange.tls13_supported() {
            push(group_name(g), classes.group(g));
        }
        for g in &e.key_exchange.tls12_curves {
            push(group_name(*g), classes.group(*g));
        }
        if let Some(dh) = &e.key_exchange.dhe {
            let name = match dh.known_group {
                Some(k) => format!("DHE {} ({}-bit)", k.info().name, dh.p_bits),
                None => format!("DHE {}-bit (own group)", dh.p_bits),
            };
            push(
                name,
                classes.dh(dh.p_bits, dh.known_group, dh.generator_is_2),
            );
        }
        let static_rsa = e
            .accepted_suites()
            .into_iter()
            .any(|s| s.info().is_some_and(|i| i.kx == KeyExchange::Rsa));
        if static_rsa {
            push(
                "RSA key exchange (no forward secrecy)".into(),
                classes.static_rsa(),
            );
        }
        listed(items)
    })
}

fn kex_hash(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    per_endpoint(facts, endpoints, rules, false, |e, classes| {
        let Some(k) = &e.kex_hash else {
            return vec![Outcome::new("not_applicable")];
        };
        let mut out = Vec::new();
        let cases = [
            ("sha1", HashAlgorithm::Sha1, &k.sha1),
            ("sha224", HashAlgorithm::Sha224, &k.sha224),
        ];
        for (hash, algorithm, probe) in cases {
            // A server that ignores the offer and signs with a SHA-2 hash anyway is fine.
            let signed_with = probe.signed_with.and_then(|s| s.info()).map(|i| i.hash);
            let used = probe.accepted && signed_with == Some(algorithm);
            if !used {
                continue;
            }
            let key = match classes.kex_hash(hash) {
                TlsClass::Insufficient => "insufficient",
                TlsClass::PhaseOut => "phase_out",
                TlsClass::Good | TlsClass::Sufficient => continue,
            };
            out.push(Outcome::new(key).with("hash", hash.to_uppercase()));
        }
        if out.is_empty() {
            out.push(Outcome::new("ok"));
        }
        out
    })
}

fn compression(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    per_endpoint(facts, endpoints, rules, false, |e, _| {
        match &e.tls12_options {
            Some(o) if o.compression.0 != 0 => {
                vec![Outcome::new("enabled").with("method", o.compression)]
            }
            _ => vec![Outcome::new("ok")],
        }
    })
}

fn secure_reneg(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    per_endpoint(facts, endpoints, rules, false, |e, _| {
        match &e.tls12_options {
            None => vec![Outcome::new("not_applicable")],
            Some(o) if o.secure_renegotiation => vec![Outcome::new("ok")],
            Some(o) => vec![Outcome::new("insecure").with("version", o.version)],
        }
    })
}

/// internet.nl 1.11's outcomes from the count of completed renegotiations; the rule's
/// `max_renegotiations` is the most a server may allow per connection and still be
/// "limited" (NCSC 2025-05 §3.4.2; internet.nl `MAX_SECURE_RENEG_ATTEMPTS`).
fn client_reneg(
    facts: &DomainFacts,
    rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    let max = u32::try_from(rule.param_u64("max_renegotiations")).unwrap_or(u32::MAX);
    per_endpoint(facts, endpoints, rules, false, |e, _| {
        let Some(r) = &e.client_reneg else {
            if !e.supported_versions().any(|v| v < ProtocolVersion::TLSV1_3) {
                return vec![Outcome::new("not_applicable")];
            }
            let reason = if e.supports(ProtocolVersion::TLSV1_2) {
                "these facts were collected before pastoe measured it"
            } else {
                "pastoe renegotiates over TLS 1.2 only, and the server offers only older versions"
            };
            return vec![Outcome::new("not_measured").with("reason", reason)];
        };
        if let Some(error) = &r.error {
            return vec![Outcome::new("not_measured").with("reason", &error.detail)];
        }
        if r.limit <= max {
            return vec![Outcome::new("not_measured").with(
                "reason",
                format!(
                    "pastoe tried at most {} renegotiations, so a server allowing more than \
                     {max} could not be seen",
                    r.limit
                ),
            )];
        }
        let refusal = r
            .refusal
            .clone()
            .unwrap_or_else(|| format!("all {} attempts completed", r.attempted));
        // Only a stop by the server is a refusal; more than the maximum completed is too
        // high however the next attempt ended.
        if r.completed <= max {
            let unknown = match r.refusal_kind {
                Some(RefusalKind::Broken) => Some(format!(
                    "the server completed {} renegotiations; pastoe itself could not \
                     complete the next one ({refusal})",
                    r.completed
                )),
                Some(RefusalKind::Silent) if r.completed > 0 => Some(format!(
                    "the server completed {} renegotiations, then gave no answer in time \
                     ({refusal}): a limit cannot be told from a slow server",
                    r.completed
                )),
                _ => None,
            };
            if let Some(reason) = unknown {
                return vec![Outcome::new("not_measured").with("reason", reason)];
            }
        }
        let key = match r.completed {
            0 => "not_allowed",
            n if n <= max => "allowed_with_low_limit",
            _ => "allowed_with_too_high_limit",
        };
        vec![
            Outcome::new(key)
                .with("count", r.completed)
                .with("attempts", r.attempted)
                .with("refusal", refusal),
        ]
    })
}

fn ems(
    facts: &DomainFacts,
    _rule: &CheckRule,
    rules: &RuleSet,
    endpoints: Endpoints,
) -> Vec<Verdict> {
    per_endpoint(facts, endpoints, rules, false, |e, classes| {
        match &e.tls12_options {
            Some(o) if o.version == ProtocolVersion::TLSV1_2 => {
                if o.extended_master_secret {
                    vec![Outcome::new("ok")]
                } else if classes.ems_required() {
                    vec![Outcome::new("missing")]
                } else {
                    vec![Outcome::new("not_required")]
                }
            }
            _ => vec![Outcome::new("not_applicable")],
        }
    })
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
