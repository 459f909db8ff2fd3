//! A request's findings and facts in internet.nl's batch API v2 JSON: the one renderer of
//! `pastoe serve` and `pastoe export --format internetnl`.

use std::net::IpAddr;

use serde_json::{Map, Value, json};

use super::mapping::{ItemType, Mapping, Place, TestStatus};
use crate::facts::DomainFacts;
use crate::facts::{ChainFacts, DnssecFacts, DnssecStatus, TlsEndpointFacts, TlsaFacts};
use crate::judge::checks::{key_classes, signature_classes};
use crate::judge::finding::Finding;
use crate::report::{OrganisationMeta, organisation_document, render_html};
use crate::rules::tls_classes::{TlsClass, TlsClasses};
use crate::rules::{Lang, RuleSet};
use crate::store::{BatchKind, BatchRequestRow, Store, StoreError};
use crate::wire::rpki::{AddressValidation, RovState};
use crate::wire::tls::cert::CertificateFacts;
use crate::wire::tls::iana::{GroupKind, ProtocolVersion};

/// The verdict internet.nl gives a test it did not run.
const NOT_TESTED: &str = "detail verdict not-tested";

/// internet.nl's `Request` object.
pub fn request(row: &BatchRequestRow) -> Value {
    json!({
        "request_id": row.request_id,
        "name": row.name,
        "request_type": row.kind.as_str(),
        "status": row.status.as_str(),
        "submit_date": row.submit_date,
        "finished_date": row.finished_date,
    })
}

/// A reply body: `fields` with the API version, as every answer of the API has it.
pub fn reply(mapping: &Mapping, fields: Value) -> Value {
    let mut body = match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    body.insert("api_version".into(), json!(mapping.api_version));
    Value::Object(body)
}

/// internet.nl's error body (`bad-request`, `unknown-request`, `server-error`, …).
pub fn error(mapping: &Mapping, label: &str, msg: &str) -> Value {
    reply(mapping, json!({ "error": { "label": label, "msg": msg } }))
}

/// `GET …/results`: per domain the score, the report link, the categories and the tests.
/// `report_url` gives the visual report of a domain.
pub fn results(
    store: &Store,
    rules: &RuleSet,
    mapping: &Mapping,
    row: &BatchRequestRow,
    report_url: &dyn Fn(&str) -> String,
) -> Result<Value, StoreError> {
    let mut domains = Map::new();
    for domain in &row.domains {
        // A domain the sweep did not write (a cancelled request) has no results.
        let findings = match row.sweep {
            Some(sweep) => store.findings(sweep, domain)?,
            None => None,
        };
        let Some(findings) = findings else {
            domains.insert(domain.clone(), json!({ "status": "error" }));
            continue;
        };
        domains.insert(
            domain.clone(),
            domain_results(rules, mapping, row.kind, &findings, &report_url(domain)),
        );
    }
    Ok(reply(
        mapping,
        json!({ "request": request(row), "domains": domains }),
    ))
}

fn domain_results(
    rules: &RuleSet,
    mapping: &Mapping,
    kind: BatchKind,
    findings: &[Finding],
    report_url: &str,
) -> Value {
    let standards: Vec<&Finding> = findings.iter().filter(|f| f.readiness.is_none()).collect();
    let mut tests = Map::new();
    let mut by_category: Vec<(String, Vec<TestStatus>)> = Vec::new();
    for item in mapping.items(kind) {
        match item.item_type {
            ItemType::Category => by_category.push((item.name.clone(), Vec::new())),
            ItemType::Section => {}
            ItemType::Test => {
                let worst = standards
                    .iter()
                    .filter(|f| item.checks.contains(&f.check))
                    .max_by_key(|f| f.status);
                let (status, verdict) = match worst {
                    Some(f) => (
                        mapping.status(item, f.status, &f.outcome),
                        f.outcome.clone(),
                    ),
                    None => (TestStatus::NotTested, NOT_TESTED.to_string()),
                };
                tests.insert(
                    item.name.clone(),
                    json!({ "status": status.as_str(), "verdict": verdict }),
                );
                let category = mapping.category_of(kind, item);
                if let Some((_, statuses)) = by_category.iter_mut().find(|(c, _)| c == category) {
                    statuses.push(status);
                }
            }
        }
    }
    let categories: Map<String, Value> = by_category
        .into_iter()
        .map(|(name, statuses)| {
            let status = category_status(&statuses);
            (name, json!({ "status": status, "verdict": status }))
        })
        .collect();
    let score = crate::judge::score::score(&standards, rules).unwrap_or(0);
    json!({
        "status": "ok",
        "scoring": { "percentage": score },
        "report": { "url": report_url },
        "results": { "categories": categories, "tests": tests, "custom": {} },
        "pastoe": pastoe_findings(findings),
    })
}

/// internet.nl's category icon: any error, else any failure, warning, info, else passed.
fn category_status(statuses: &[TestStatus]) -> &'static str {
    for worst in [
        TestStatus::Error,
        TestStatus::Failed,
        TestStatus::Warning,
        TestStatus::Info,
    ] {
        if statuses.contains(&worst) {
            return worst.as_str();
        }
    }
    TestStatus::Passed.as_str()
}

/// pastoe's own view under its own key: every finding of the domain (the ones the report
/// maps, the extras such as post-quantum readiness, MTA-STS and TLS-RPT), with pastoe's
/// status, outcome, message and explanation.
fn pastoe_findings(findings: &[Finding]) -> Value {
    let items: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut item = json!({
                "check": f.check,
                "subject": f.subject,
                "status": f.status.as_str(),
                "level": f.level.as_str(),
                "outcome": f.outcome,
                "message": f.message,
            });
            if let Some(view) = &f.readiness {
                item["readiness"] = json!(view);
            }
            if let Some(explanation) = &f.explanation {
                item["explanation"] = json!(explanation);
                item["explained"] = json!(f.explained);
            }
            item
        })
        .collect();
    json!({ "findings": items })
}

/// `GET …/results_technical`: per domain what was observed, in internet.nl's technical
/// shape, as far as pastoe's facts hold it: addresses with their reachability and routing,
/// and per tested server its `details`, the NCSC classes of what it offers (classified by
/// the rules' TLS table the request ran under) and the details that are a check's verdict
/// (the mapping's `[[technical]]`).
pub fn results_technical(
    store: &Store,
    rules: &RuleSet,
    mapping: &Mapping,
    row: &BatchRequestRow,
) -> Result<Value, StoreError> {
    let mut domains = Map::new();
    for domain in &row.domains {
        let (facts, findings) = match row.sweep {
            Some(sweep) => (store.facts(sweep, domain)?, store.findings(sweep, domain)?),
            None => (None, None),
        };
        let value = match facts {
            None => json!({ "status": "error" }),
            Some(facts) => {
                let view = Technical {
                    facts: &facts,
                    findings: findings.as_deref().unwrap_or_default(),
                    rules,
                    mapping,
                    kind: row.kind,
                };
                match row.kind {
                    BatchKind::Web => view.web(),
                    BatchKind::Mail => view.mail(),
                }
            }
        };
        domains.insert(domain.clone(), value);
    }
    Ok(reply(
        mapping,
        json!({ "request": request(row), "domains": domains }),
    ))
}

fn dnssec(facts: Option<&DnssecFacts>) -> Value {
    let status = match facts.map(|d| d.status) {
        Some(DnssecStatus::Secure) => "secure",
        Some(DnssecStatus::Insecure) => "insecure",
        Some(DnssecStatus::Bogus) => "bogus",
        Some(DnssecStatus::Indeterminate) | None => "error",
    };
    json!({ "status": status })
}

/// internet.nl's `routing` of an address: the announcement BGP forwards by (the most
/// specific route covering it), its origin AS and its route origin validation state. None
/// without RPKI inputs or when no route covers the address: internet.nl then leaves it out.
fn routing(validation: Option<&AddressValidation>) -> Option<Value> {
    let route = validation?.routes.first()?;
    let state = match route.state {
        RovState::Valid => "valid",
        RovState::Invalid => "invalid",
        RovState::NotFound => "not-found",
    };
    Some(json!({
        "origin": format!("AS{}", route.route.origin),
        "route": route.route.prefix.to_string(),
        "rov_state": state,
    }))
}

/// An address list of internet.nl, per family: each address with whether it answered
/// (none for an address pastoe did not try) and its routing.
fn split_families(
    addresses: &[IpAddr],
    reachable: &dyn Fn(IpAddr) -> Option<bool>,
    validations: &[AddressValidation],
) -> (Vec<Value>, Vec<Value>) {
    let entry = |a: &IpAddr| {
        let mut e = json!({ "address": a.to_string() });
        if let Some(reached) = reachable(*a) {
            e["reachable"] = json!(reached);
        }
        if let Some(r) = routing(validations.iter().find(|v| v.ip == *a)) {
            e["routing"] = r;
        }
        e
    };
    let v4 = addresses
        .iter()
        .filter(|a| a.is_ipv4())
        .map(entry)
        .collect();
    let v6 = addresses
        .iter()
        .filter(|a| a.is_ipv6())
        .map(entry)
        .collect();
    (v4, v6)
}

/// The validations of a named server's addresses in the RPKI facts (none without inputs).
fn validations_of<'a>(
    list: Option<&'a [(String, Vec<AddressValidation>)]>,
    name: &str,
) -> &'a [AddressValidation] {
    list.unwrap_or_default()
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_slice())
        .unwrap_or_default()
}

/// One domain's facts and findings as the technical results render them.
struct Technical<'a> {
    facts: &'a DomainFacts,
    findings: &'a [Finding],
    rules: &'a RuleSet,
    mapping: &'a Mapping,
    kind: BatchKind,
}

impl Technical<'_> {
    /// Per name server of the domain's zone its addresses: reachable when the address
    /// answered pastoe's NS query for the zone.
    fn nameservers(&self) -> Value {
        let mut out = Map::new();
        let facts = self.facts.dns.name_servers.as_ref();
        let rpki = self.facts.rpki.as_ref().map(|r| r.name_servers.as_slice());
        for ns in facts.map(|n| n.servers.as_slice()).unwrap_or_default() {
            let answered = |a: IpAddr| {
                ns.ipv4_answers
                    .iter()
                    .chain(&ns.ipv6_answers)
                    .find(|x| x.address == a)
                    .map(|x| x.answered)
            };
            let (v4, v6) = split_families(&ns.addresses, &answered, validations_of(rpki, &ns.name));
            out.insert(
                ns.name.clone(),
                json!({ "ipv4": { "addresses": v4 }, "ipv6": { "addresses": v6 } }),
            );
        }
        Value::Object(out)
    }

    fn web(&self) -> Value {
        let facts = self.facts;
        let web = &facts.web;
        let open = |a: IpAddr| {
            web.ports
                .iter()
                .any(|p| p.address == a && p.open && (p.port == 80 || p.port == 443))
        };
        let validations = facts.rpki.as_ref().map(|r| r.web.as_slice());
        let (v4, v6) = split_families(
            &web.resolution.addresses,
            &|a| Some(open(a)),
            validations.unwrap_or_default(),
        );
        let server = |addresses: Vec<Value>, is_family: fn(&IpAddr) -> bool| {
            let tested = web.resolution.addresses.iter().find(|a| is_family(a));
            let mut value = json!({ "addresses": addresses });
            if let Some(address) = tested {
                let reachable = open(*address);
                let endpoint = web
                    .tls
                    .iter()
                    .find(|e| e.address == *address && e.error.is_none());
                value["tested_address"] = json!(address.to_string());
                value["server_reachable"] = json!(reachable);
                value["https_enabled"] = json!(endpoint.is_some());
                // As internet.nl: details only of a server that answered over HTTPS.
                if let (true, Some(endpoint)) = (reachable, endpoint) {
                    let mut details = self.tls_details(endpoint, web.tlsa.as_ref(), &web.host);
                    details.extend(web_details(facts));
                    value["details"] = Value::Object(details);
                }
            }
            value
        };
        let mut answer = json!({
            "status": "ok",
            "domain": { "dnssec": dnssec(facts.dns.dnssec.as_ref()) },
            "nameservers": self.nameservers(),
            "webservers": {
                "ipv4": server(v4, IpAddr::is_ipv4),
                "ipv6": server(v6, IpAddr::is_ipv6),
            },
        });
        self.domain_verdicts(&mut answer);
        answer
    }

    fn mail(&self) -> Value {
        let facts = self.facts;
        // Without the mail authentication facts (an aborted observation) the records are none.
        let mut domain = json!({
            "dnssec": dnssec(facts.dns.dnssec.as_ref()),
            "dmarc": { "records": [] },
            "spf": { "records": [] },
            "dkim": { "discovered": false },
        });
        if let Some(auth) = &facts.mail_auth {
            let mut dmarc = json!({ "records": auth.dmarc.records });
            if let Some(found_at) = &auth.dmarc.found_at
                && found_at != &facts.domain
            {
                dmarc["record_org_domain"] = json!(found_at);
            }
            domain["dmarc"] = dmarc;
            domain["spf"] = json!({ "records": auth.spf.records });
            domain["dkim"] = json!({ "discovered": auth.dkim.domainkey_exists == Some(true) });
        }
        let rpki = facts.rpki.as_ref().map(|r| r.mail_servers.as_slice());
        let mut servers = Map::new();
        for mx in facts.dns.mx.iter().flat_map(|m| m.hosts.iter()) {
            let observed = facts.mail_servers.iter().find(|s| s.host == mx.name);
            let smtp = observed.map(|s| s.smtp.as_slice()).unwrap_or_default();
            // pastoe talks to one address per family of each MX (as internet.nl).
            let reachable = |a: IpAddr| {
                smtp.iter()
                    .find(|s| s.address == a)
                    .map(|s| s.error.is_none())
            };
            let (v4, v6) =
                split_families(&mx.addresses, &reachable, validations_of(rpki, &mx.name));
            let mut server = json!({
                "addresses": { "ipv4": v4, "ipv6": v6 },
                "dnssec": dnssec(Some(&mx.dnssec)),
            });
            if let Some(observed) = observed {
                let reachable = smtp.iter().any(|s| s.error.is_none());
                let starttls = smtp.iter().any(|s| s.starttls_offered);
                let endpoint = observed.tls.iter().find(|t| t.error.is_none());
                server["server_reachable"] = json!(reachable);
                server["starttls_enabled"] = json!(starttls);
                server["server_testable"] = json!(endpoint.is_some());
                if let (true, true, Some(endpoint)) = (reachable, starttls, endpoint) {
                    let details = self.tls_details(endpoint, observed.tlsa.as_ref(), &mx.name);
                    server["details"] = Value::Object(details);
                }
            }
            servers.insert(mx.name.clone(), server);
        }
        let mut answer = json!({
            "status": "ok",
            "domain": domain,
            "nameservers": self.nameservers(),
            "receiving_mailservers": servers,
        });
        self.domain_verdicts(&mut answer);
        answer
    }

    /// internet.nl's technical details of a TLS server on `host`: what it did
    /// (compression, renegotiation, EMS, 0-RTT), the NCSC classes of what it offers, its
    /// chain and DANE records, and the details the mapping takes from the checks'
    /// verdicts on the host.
    fn tls_details(
        &self,
        endpoint: &TlsEndpointFacts,
        tlsa: Option<&TlsaFacts>,
        host: &str,
    ) -> Map<String, Value> {
        let mut details = tls_observed(endpoint, tlsa);
        details.extend(ncsc_classes(endpoint, self.rules.tls()));
        if let Some(chain) = &endpoint.chain {
            details.extend(certificate_classes(chain, self.rules.tls()));
        }
        details.extend(self.verdicts(Place::Server, host));
        details
    }

    /// The domain answer's details that are a check's verdict on the domain, each at its
    /// path from the answer's root.
    fn domain_verdicts(&self, answer: &mut Value) {
        'details: for (path, value) in self.verdicts(Place::Domain, &self.facts.domain) {
            let mut at = &mut *answer;
            for key in path.split('.') {
                // A path through a list or a value cannot hold the detail.
                let Some(object) = at.as_object_mut() else {
                    continue 'details;
                };
                at = object.entry(key).or_insert_with(|| json!({}));
            }
            *at = value;
        }
    }

    /// The details at `place` that are a check's verdict on `subject`, through the
    /// mapping's `[[technical]]` table: (key or dotted path, value).
    fn verdicts(&self, place: Place, subject: &str) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for (detail, check) in self.mapping.technical(self.kind) {
            if detail.at != place {
                continue;
            }
            let verdict = self
                .findings
                .iter()
                .filter(|f| f.check == check && f.subject == subject && f.readiness.is_none())
                .max_by_key(|f| f.status);
            if let Some(value) = verdict.and_then(|f| detail.value(f.status, &f.outcome)) {
                out.push((detail.detail.clone(), value.clone()));
            }
        }
        out
    }
}

/// The NCSC classes of what a TLS server offers, as internet.nl lists them: its versions,
/// suites and key-exchange parameters classed insufficient (`…_bad`) or phase out.
fn ncsc_classes(endpoint: &TlsEndpointFacts, classes: &TlsClasses) -> Map<String, Value> {
    let mut details = Map::new();
    let mut put = |name: &str, items: Vec<(String, TlsClass)>| {
        for (suffix, class) in [
            ("bad", TlsClass::Insufficient),
            ("phase_out", TlsClass::PhaseOut),
        ] {
            let listed: Vec<&str> = items
                .iter()
                .filter(|(_, c)| *c == class)
                .map(|(n, _)| n.as_str())
                .collect();
            details.insert(format!("{name}_{suffix}"), json!(listed));
        }
    };
    let versions = endpoint
        .supported_versions()
        .map(|v| (protocol_name(v), classes.version(v)))
        .collect();
    put("protocols", versions);
    let suites = endpoint
        .accepted_suites()
        .into_iter()
        .map(|s| (s.to_string(), classes.suite(s)))
        .collect();
    put("ciphers", suites);
    // internet.nl names key-exchange parameters `ECDH-<curve>` and `DH-<bits>`.
    let kex = &endpoint.key_exchange;
    let mut params: Vec<(String, TlsClass)> = Vec::new();
    for group in kex
        .tls13_supported()
        .chain(kex.tls12_curves.iter().copied())
    {
        let name = match group.info() {
            Some(info) if info.kind == GroupKind::Ffdhe => format!("DH-{}", info.bits),
            _ => format!("ECDH-{group}"),
        };
        if !params.iter().any(|(n, _)| *n == name) {
            params.push((name, classes.group(group)));
        }
    }
    if let Some(dh) = &kex.dhe {
        let class = classes.dh(dh.p_bits, dh.known_group, dh.generator_is_2);
        params.push((format!("DH-{}", dh.p_bits), class));
    }
    put("kex_params", params);
    details
}

/// A certificate as internet.nl names it: its common name (else its subject).
fn certificate_name(cert: &CertificateFacts) -> &str {
    cert.common_name.as_deref().unwrap_or(&cert.subject)
}

/// The NCSC classes of the certificates' public keys (`<certificate>: <key>`) and
/// signatures (certificate → algorithm) classed insufficient (`…_bad`) or phase out.
fn certificate_classes(chain: &ChainFacts, classes: &TlsClasses) -> Map<String, Value> {
    let mut details = Map::new();
    let keys = key_classes(chain, classes);
    let signatures = signature_classes(chain, classes);
    for (suffix, class) in [
        ("bad", TlsClass::Insufficient),
        ("phase_out", TlsClass::PhaseOut),
    ] {
        let listed: Vec<String> = keys
            .iter()
            .filter(|(_, _, c)| *c == class)
            .map(|(cert, what, _)| format!("{}: {what}", certificate_name(cert)))
            .collect();
        details.insert(format!("cert_pubkey_{suffix}"), json!(listed));
        let listed: Map<String, Value> = signatures
            .iter()
            .filter(|(_, _, c)| *c == class)
            .map(|(cert, name, _)| (certificate_name(cert).to_string(), json!(name)))
            .collect();
        details.insert(format!("cert_signature_{suffix}"), Value::Object(listed));
    }
    details
}

/// A protocol version as internet.nl names it: `TLS 1.2`, `SSL 3.0`.
fn protocol_name(version: ProtocolVersion) -> String {
    let name = version.to_string();
    match name.split_once('v') {
        Some((family, number)) if number.contains('.') => format!("{family} {number}"),
        Some((family, number)) => format!("{family} {number}.0"),
        None => name,
    }
}

/// The technical details that need no classification: what the server did (compression,
/// renegotiation, EMS, 0-RTT), its chain and DANE records.
fn tls_observed(endpoint: &TlsEndpointFacts, tlsa: Option<&TlsaFacts>) -> Map<String, Value> {
    let mut details = Map::new();
    let mut set = |key: &str, value: Value| {
        details.insert(key.to_string(), value);
    };
    match &endpoint.tls12_options {
        Some(options) => {
            set("compression", json!(options.compression.0 != 0));
            set("secure_reneg", json!(options.secure_renegotiation));
            let ems = if options.extended_master_secret {
                "supported"
            } else {
                "not_supported"
            };
            set("extended_master_secret_status", json!(ems));
        }
        None => set("extended_master_secret_status", json!("unknown")),
    }
    if let Some(reneg) = &endpoint.client_reneg {
        let status = match reneg.completed {
            0 => "not_allowed",
            1..10 => "allowed_with_low_limit",
            _ => "allowed_with_too_high_limit",
        };
        set("client_reneg", json!(status));
    }
    let zero_rtt = match &endpoint.zero_rtt {
        Some(z) if z.early_data_accepted => "bad",
        Some(_) => "good",
        None => "na",
    };
    set("zero_rtt", json!(zero_rtt));
    if let Some(chain) = &endpoint.chain {
        let names: Vec<&str> = chain.certificates.iter().map(certificate_name).collect();
        set("cert_chain", json!(names));
        set("cert_trusted", json!(chain.trusted));
        // As internet.nl: the names of a certificate that does not match, its CN first.
        if let (false, Some(leaf)) = (chain.name_matches, chain.certificates.first()) {
            let names: Vec<&str> = leaf
                .common_name
                .iter()
                .chain(&leaf.dns_names)
                .map(String::as_str)
                .collect();
            set("cert_hostmatch_bad", json!(names));
        }
    }
    if let Some(tlsa) = tlsa {
        let records: Vec<String> = tlsa
            .records
            .iter()
            .map(|r| format!("{} {} {} {}", r.usage, r.selector, r.matching, r.data))
            .collect();
        set("dane_records", json!(records));
    }
    details
}

/// The web server's own details: its HSTS headers and the CAA records of its name.
fn web_details(facts: &DomainFacts) -> Map<String, Value> {
    let mut details = Map::new();
    if let Some(https) = &facts.web.https
        && let Some(first) = https.hops.first()
    {
        let hsts: Vec<&str> = first
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("strict-transport-security"))
            .map(|(_, value)| value.as_str())
            .collect();
        details.insert("hsts_policies".into(), json!(hsts));
    }
    if let Some(caa) = &facts.dns.caa {
        let records: Vec<String> = caa
            .records
            .iter()
            .map(|r| format!("{} {} \"{}\"", r.flags, r.tag, r.value))
            .collect();
        details.insert("caa_enabled".into(), json!(!records.is_empty()));
        details.insert("caa_records".into(), json!(records));
        if let Some(found_at) = &caa.found_at {
            details.insert("caa_found_on_domain".into(), json!(found_at));
        }
    }
    details
}

/// The page `report.url` links to: pastoe's HTML report of one domain of a done request,
/// `None` when the request has no such domain or did not observe it.
pub fn report_page(
    store: &Store,
    rules: &RuleSet,
    row: &BatchRequestRow,
    domain: &str,
    lang: Lang,
) -> Result<Option<String>, StoreError> {
    let (Some(sweep), true) = (row.sweep, row.domains.iter().any(|d| d == domain)) else {
        return Ok(None);
    };
    let Some(findings) = store.findings(sweep, domain)? else {
        return Ok(None);
    };
    let meta = OrganisationMeta {
        id: None,
        name: Some(row.name.clone()),
        org_type: None,
        tags: Vec::new(),
    };
    let doc = organisation_document(
        rules,
        meta,
        &[domain.to_string()],
        findings,
        None,
        row.submit_date.clone(),
        row.finished_date.clone().unwrap_or_default(),
    );
    // The embedded templates render every document the judge makes.
    Ok(render_html(&doc, rules, lang, None).ok())
}

/// `GET /api/batch/v2/metadata/report`: the report's items from the mapping, each test with
/// the verdicts (pastoe's outcome keys) its checks can give per status.
pub fn metadata(rules: &RuleSet, mapping: &Mapping) -> Value {
    let mut data = Map::new();
    let mut hierarchy = Map::new();
    for kind in [BatchKind::Web, BatchKind::Mail] {
        let items = mapping.items(kind);
        for item in items {
            let mut entry = json!({
                "type": item.item_type.as_str(),
                "translation_key": item.translation_key,
            });
            if item.item_type == ItemType::Test {
                let mut map: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
                for check in &item.checks {
                    for (outcome, rule) in rules
                        .check(check)
                        .map(|c| &c.outcomes)
                        .into_iter()
                        .flatten()
                    {
                        let status = mapping.status(item, rule.status, outcome).as_str();
                        let verdicts = map.entry(status).or_default();
                        if !verdicts.contains(outcome) {
                            verdicts.push(outcome.clone());
                        }
                    }
                }
                map.entry(TestStatus::NotTested.as_str())
                    .or_default()
                    .push(NOT_TESTED.to_string());
                entry["status_verdict_map"] = json!(map);
            }
            data.insert(item.name.clone(), entry);
        }
        hierarchy.insert(kind.as_str().to_string(), json!(tree(items, None)));
    }
    reply(
        mapping,
        json!({ "report": { "data": data, "hierarchy": hierarchy } }),
    )
}

fn tree(items: &[super::mapping::Item], parent: Option<&str>) -> Vec<Value> {
    items
        .iter()
        .filter(|i| i.parent.as_deref() == parent)
        .map(|i| {
            let children = tree(items, Some(&i.name));
            if children.is_empty() {
                json!({ "name": i.name })
            } else {
                json!({ "name": i.name, "children": children })
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::FactsDocument;
    use crate::judge::selection::Selection;

    /// A domain's recorded golden facts (fixtures/golden/AREA/DOMAIN.facts.json).
    fn golden(area: &str, domain: &str) -> DomainFacts {
        let path = format!(
            "{}/fixtures/golden/{area}/{domain}.facts.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: FactsDocument = serde_json::from_str(&text).unwrap();
        doc.domains.into_iter().next().unwrap()
    }

    /// The technical answer of one domain, its findings judged as a sweep judges them.
    fn technical(facts: &DomainFacts, kind: BatchKind) -> Value {
        let rules = crate::judge::embedded_rules().unwrap();
        let mapping = Mapping::embedded(&rules).unwrap();
        let findings = crate::judge::judge(facts, &rules, &Selection::default());
        let view = Technical {
            facts,
            findings: &findings,
            rules: &rules,
            mapping: &mapping,
            kind,
        };
        match kind {
            BatchKind::Web => view.web(),
            BatchKind::Mail => view.mail(),
        }
    }

    #[test]
    fn routing_is_the_most_specific_route_with_its_rov_state() {
        let facts = golden("rpki", "goedstad.nl");
        let answer = technical(&facts, BatchKind::Web);
        let v4 = &answer["webservers"]["ipv4"]["addresses"][0];
        assert_eq!(
            v4["routing"],
            json!({"origin": "AS64500", "route": "127.0.2.0/24", "rov_state": "valid"}),
            "{answer}"
        );
        // A name server's addresses: each answered (IPv4 too) and routed.
        let ns = &answer["nameservers"]["ns1.goedstad.nl"]["ipv4"]["addresses"][0];
        assert_eq!(ns["routing"]["origin"], "AS64502", "{answer}");
        // Without RPKI inputs there is no routing, as internet.nl without BGP data.
        let mut without = facts.clone();
        without.rpki = None;
        let answer = technical(&without, BatchKind::Web);
        let v4 = &answer["webservers"]["ipv4"]["addresses"][0];
        assert_eq!(v4.get("routing"), None, "{answer}");
        // An address no route covers has none either; an invalid route says so.
        assert_eq!(routing(None), None);
        let mut validation = facts.rpki.as_ref().unwrap().web[0].clone();
        validation.routes[0].state = RovState::Invalid;
        assert_eq!(routing(Some(&validation)).unwrap()["rov_state"], "invalid");
        validation.routes.clear();
        assert_eq!(routing(Some(&validation)), None);
    }

    #[test]
    fn name_servers_report_whether_each_address_answered() {
        let mut facts = golden("rpki", "goedstad.nl");
        let servers = &mut facts.dns.name_servers.as_mut().unwrap().servers;
        let ns = servers
            .iter_mut()
            .find(|s| s.name == "ns1.goedstad.nl")
            .unwrap();
        let v4 = *ns.addresses.iter().find(|a| a.is_ipv4()).unwrap();
        ns.ipv4_answers = vec![crate::facts::NsAnswer {
            address: v4,
            answered: false,
            error: None,
        }];
        let answer = technical(&facts, BatchKind::Web);
        let entry = &answer["nameservers"]["ns1.goedstad.nl"]["ipv4"]["addresses"][0];
        assert_eq!(entry["reachable"], false, "{answer}");
        // Facts recorded before IPv4 name servers were asked: no reachability claimed.
        ns_without_answers(&mut facts);
        let answer = technical(&facts, BatchKind::Web);
        let entry = &answer["nameservers"]["ns1.goedstad.nl"]["ipv4"]["addresses"][0];
        assert_eq!(entry.get("reachable"), None, "{answer}");
    }

    fn ns_without_answers(facts: &mut DomainFacts) {
        for ns in &mut facts.dns.name_servers.as_mut().unwrap().servers {
            ns.ipv4_answers.clear();
        }
    }

    #[test]
    fn tls_details_carry_the_ncsc_classes_and_the_verdicts_of_the_mapping() {
        // old.tlsproef.nl offers TLS 1.0 and 1.1 and weak suites.
        let answer = technical(&golden("tls", "old.tlsproef.nl"), BatchKind::Web);
        let details = &answer["webservers"]["ipv4"]["details"];
        let listed = |key: &str| -> Vec<String> {
            details[key]
                .as_array()
                .unwrap_or_else(|| panic!("{key}: {details}"))
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        };
        let versions = [listed("protocols_bad"), listed("protocols_phase_out")].concat();
        assert!(versions.contains(&"TLS 1.0".to_string()), "{details}");
        assert!(!listed("ciphers_bad").is_empty() || !listed("ciphers_phase_out").is_empty());
        // The verdict details come from the findings through the mapping's table.
        let hash = details["kex_hash_func"].as_str().unwrap_or_default();
        assert!(
            ["good", "bad", "phase_out", "unknown"].contains(&hash),
            "{details}"
        );
        // The model host: nothing to list.
        let answer = technical(&golden("tls", "modern.tlsproef.nl"), BatchKind::Web);
        let details = &answer["webservers"]["ipv4"]["details"];
        for key in [
            "protocols_bad",
            "protocols_phase_out",
            "ciphers_bad",
            "kex_params_bad",
        ] {
            assert_eq!(details[key], json!([]), "{key}: {details}");
        }
    }

    #[test]
    fn certificates_carry_the_ncsc_classes_of_their_keys_and_signatures() {
        // rsa1024: a 1024-bit RSA key; sha1: a certificate signed with SHA-1.
        let answer = technical(&golden("tls", "rsa1024.tlsproef.nl"), BatchKind::Web);
        let details = &answer["webservers"]["ipv4"]["details"];
        let bad = details["cert_pubkey_bad"].as_array().unwrap();
        assert!(
            bad.iter()
                .any(|k| k.as_str().unwrap().ends_with(": RSA 1024 bit")),
            "{details}"
        );
        let answer = technical(&golden("tls", "sha1.tlsproef.nl"), BatchKind::Web);
        let details = &answer["webservers"]["ipv4"]["details"];
        let signatures = details["cert_signature_bad"].as_object().unwrap();
        assert!(
            signatures
                .values()
                .any(|s| s.as_str().unwrap().to_lowercase().contains("sha1")),
            "{details}"
        );
        let answer = technical(&golden("tls", "modern.tlsproef.nl"), BatchKind::Web);
        let details = &answer["webservers"]["ipv4"]["details"];
        assert_eq!(details["cert_pubkey_bad"], json!([]), "{details}");
        assert_eq!(details["cert_signature_bad"], json!({}), "{details}");
        assert_eq!(details.get("cert_hostmatch_bad"), None, "{details}");
        // wrongname: a certificate for other names.
        let answer = technical(&golden("tls", "wrongname.tlsproef.nl"), BatchKind::Web);
        let details = &answer["webservers"]["ipv4"]["details"];
        let names = details["cert_hostmatch_bad"].as_array().unwrap();
        assert!(
            !names.is_empty() && !names.contains(&json!("wrongname.tlsproef.nl")),
            "{details}"
        );
    }

    #[test]
    fn protocol_names_are_internet_nl_s() {
        assert_eq!(protocol_name(ProtocolVersion::TLSV1_0), "TLS 1.0");
        assert_eq!(protocol_name(ProtocolVersion::SSLV3), "SSL 3.0");
    }
}
