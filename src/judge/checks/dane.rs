//! DANE of the HTTPS endpoints and of every mail server (internet.nl's "DANE" subtests;
//! Forum Standaardisatie "STARTTLS en DANE"): TLSA records, DNSSEC-signed, that match the
//! chain the server presents.

use super::cert::chain_of;
use super::tls::{TlsHost, hosts, per_host_endpoint};
use super::{CheckSpec, Endpoints, Evaluate, Hosts, MAIL_SERVERS, TLS_AND_DNS};
use crate::facts::{DnssecStatus, DomainFacts, TlsEndpointFacts, TlsaFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::tls_classes::TlsClasses;
use crate::rules::{CheckRule, RuleSet};
use crate::wire::tls::cert::CertificateFacts;
use crate::wire::tls::dane::{self, TlsaMatch, TlsaRecord};

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
    outcomes: &["ok", "single", "not_applicable", "not_tested"],
    params: &[],
    evaluate: Evaluate::Domain(dane_rollover),
    needs: MAIL_SERVERS,
    hosts: Hosts::Listed,
};

/// The certificate checks for every mail server behind STARTTLS.
/// The records as texts show them, sorted: an RRset has no order (RFC 2181 §5), so equal
/// records give equal texts whatever order the resolver answered in.
fn records_text(tlsa: &TlsaFacts) -> String {
    let mut records: Vec<String> = tlsa
        .records
        .iter()
        .map(|r| format!("{} {} {} {}", r.usage, r.selector, r.matching, r.data))
        .collect();
    records.sort();
    records.join("; ")
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
pub(super) fn secure_tlsa<'a>(host: &TlsHost<'a>) -> Option<&'a TlsaFacts> {
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
