//! Judging is a pure function of facts and rules: no network here.

use std::net::IpAddr;

use crate::support;

use pastoe::facts::{
    DomainFacts, HttpBody, HttpFetch, HttpHop, Resolution, SecurityTxtFetch, WebFacts,
};
use pastoe::judge::selection::Selection;
use pastoe::rules::Status;
use pastoe::scan::judge_all;
use proptest::prelude::*;
use time::macros::datetime;

fn hop(url: &str, status: u16, headers: Vec<(String, String)>) -> HttpHop {
    HttpHop {
        url: url.into(),
        remote: None,
        status,
        headers,
        tls: None,
        elapsed_ms: 1,
    }
}

fn fetch(url: &str, hops: Vec<HttpHop>, body: Option<&str>) -> HttpFetch {
    HttpFetch {
        url: url.into(),
        hops,
        body: body.map(|text| HttpBody {
            text: text.into(),
            bytes_read: text.len() as u64,
            truncated: false,
            invalid_utf8: false,
        }),
        error: None,
    }
}

/// Facts of a host whose HTTPS response carries `headers` and whose security.txt is `sectxt`.
fn facts(headers: Vec<(String, String)>, sectxt: &str) -> DomainFacts {
    let host = "voorbeeld.nl";
    let mut web = WebFacts::new(
        host,
        Resolution {
            addresses: vec!["192.0.2.1".parse::<IpAddr>().unwrap()],
            not_public: Vec::new(),
            error: None,
        },
    );
    let redirect = vec![("location".to_string(), format!("https://{host}/"))];
    web.http = Some(fetch(
        &format!("http://{host}/"),
        vec![hop(&format!("http://{host}/"), 301, redirect)],
        None,
    ));
    web.https = Some(fetch(
        &format!("https://{host}/"),
        vec![hop(&format!("https://{host}/"), 200, headers.clone())],
        Some("<html></html>"),
    ));
    web.https_compression = Some(fetch(
        &format!("https://{host}/"),
        vec![hop(&format!("https://{host}/"), 200, headers)],
        None,
    ));
    let url = format!("https://{host}/.well-known/security.txt");
    let plain = vec![(
        "content-type".to_string(),
        "text/plain; charset=utf-8".to_string(),
    )];
    web.security_txt = Some(SecurityTxtFetch {
        well_known: fetch(&url, vec![hop(&url, 200, plain)], Some(sectxt)),
        fallback: None,
    });
    DomainFacts {
        domain: host.into(),
        dns: Default::default(),
        mail_auth: None,
        mail_servers: Vec::new(),
        ssh: Vec::new(),
        rpki: None,
        dependencies: None,
        apis: Vec::new(),
        documents: None,
        probed: None,
        observed_at: datetime!(2026-11-22 12:00 UTC),
        web,
    }
}

#[test]
fn facts_judged_again_from_json_give_the_same_findings() {
    let rules = pastoe::judge::embedded_rules().unwrap();
    let original = vec![facts(
        vec![("strict-transport-security".into(), "max-age=300".into())],
        "Contact: mailto:a@voorbeeld.nl\nExpires: 2027-01-01T00:00:00Z\n",
    )];
    let json = serde_json::to_string(&original).unwrap();
    let reloaded: Vec<DomainFacts> = serde_json::from_str(&json).unwrap();
    assert_eq!(
        judge_all(&original, &rules, &Selection::default()),
        judge_all(&reloaded, &rules, &Selection::default())
    );
}

#[test]
fn expiry_is_judged_against_the_observation_time_not_the_clock() {
    let rules = pastoe::judge::embedded_rules().unwrap();
    let sectxt = "Contact: mailto:a@voorbeeld.nl\nExpires: 2026-12-01T00:00:00Z\n";
    let mut f = facts(vec![], sectxt);
    let before = judge_all(std::slice::from_ref(&f), &rules, &Selection::default());
    let outcome = |findings: &[pastoe::judge::finding::Finding]| {
        let sectxt = findings
            .iter()
            .find(|x| x.check == "web.security_txt")
            .unwrap();
        sectxt.details.iter().any(|d| d.outcome == "expired") || sectxt.outcome == "expired"
    };
    assert!(!outcome(&before));
    f.observed_at = datetime!(2027-01-01 00:00 UTC);
    assert!(outcome(&judge_all(&[f], &rules, &Selection::default())));
}

fn judged_always() -> usize {
    pastoe::judge::checks::ALL
        .iter()
        .filter(|s| s.hosts != pastoe::judge::checks::Hosts::OnRequest)
        .filter(|s| s.hosts != pastoe::judge::checks::Hosts::Found)
        .count()
}

#[test]
fn every_check_judges_every_domain_once() {
    let rules = pastoe::judge::embedded_rules().unwrap();
    let findings = judge_all(&[facts(vec![], "")], &rules, &Selection::default());
    assert_eq!(findings.len(), judged_always());
    let hsts = findings
        .iter()
        .find(|f| f.check == "web.https.hsts")
        .unwrap();
    assert_eq!(hsts.status, Status::Fail);
    assert_eq!(hsts.outcome, "missing");
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("strict-transport-security".to_string()),
        Just("content-security-policy".to_string()),
        Just("referrer-policy".to_string()),
        Just("x-frame-options".to_string()),
        Just("x-content-type-options".to_string()),
        Just("content-encoding".to_string()),
        "[a-z-]{1,20}",
    ]
}

proptest! {
    /// Whatever a server sends, judging yields exactly one finding per check with a
    /// non-empty message in both languages, and never panics.
    #[test]
    fn any_server_answer_is_judged(
        headers in proptest::collection::vec((header_name(), "\\PC{0,120}"), 0..12),
        sectxt in "\\PC{0,400}",
    ) {
        let rules = pastoe::judge::embedded_rules().unwrap();
        let findings = judge_all(&[facts(headers, &sectxt)], &rules, &Selection::default());
        prop_assert_eq!(findings.len(), judged_always());
        for f in &findings {
            prop_assert!(!f.message.nl.is_empty() && !f.message.en.is_empty());
        }
    }
}

/// Which cipher may lead the server's order is the rule's `may_lead`, not code: the same
/// facts (a compliant ChaCha20 suite before better AES-GCM ones, judged under NCSC 2.1) pass
/// with the embedded rules and fail once the parameter is emptied.
#[test]
fn the_cipher_that_may_lead_is_a_rule_parameter() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/golden/synthetic/tls-chacha-first.facts.json");
    let facts: pastoe::facts::FactsDocument =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut rules = pastoe::judge::embedded_rules().unwrap();
    rules.select_tls("2.1").unwrap();
    let only = pastoe::judge::selection::CheckSelection::new(vec!["web.tls.cipher_order".into()]);
    let selection = Selection::listed(Some(only.unwrap()));
    let outcome = |rules: &pastoe::rules::RuleSet| {
        let findings = judge_all(&facts.domains, rules, &selection);
        assert_eq!(findings.len(), 1);
        findings[0].outcome.clone()
    };
    assert_eq!(outcome(&rules), "ok");
    let rule = rules.checks.get_mut("web.tls.cipher_order").unwrap();
    rule.params
        .insert("may_lead".into(), toml::Value::Array(Vec::new()));
    assert_eq!(outcome(&rules), "wrong_order");
}

/// Which DMARC policies protect is the rule's `enforcing_policies`, and testing mode is
/// judged by the same list one level down: `p=quarantine; t=y` is `testing` under the
/// embedded rules and ok under a rule that also counts `none`.
#[test]
fn the_protecting_dmarc_policies_are_a_rule_parameter() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/golden/mail");
    let load = |name: &str| -> pastoe::facts::FactsDocument {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
    };
    let only = pastoe::judge::selection::CheckSelection::new(vec!["mail.dmarc.policy".into()]);
    let selection = Selection::listed(Some(only.unwrap()));
    let outcome = |facts: &pastoe::facts::FactsDocument, rules: &pastoe::rules::RuleSet| {
        judge_all(&facts.domains, rules, &selection)[0]
            .outcome
            .clone()
    };
    let testing = load("dmarc-testing.mailproef.nl.facts.json");
    let mut rules = pastoe::judge::embedded_rules().unwrap();
    assert_eq!(outcome(&testing, &rules), "testing");
    let words = |w: &[&str]| toml::Value::Array(w.iter().map(|s| (*s).into()).collect());
    let rule = rules.checks.get_mut("mail.dmarc.policy").unwrap();
    rule.params.insert(
        "enforcing_policies".into(),
        words(&["quarantine", "reject", "none"]),
    );
    assert_eq!(outcome(&testing, &rules), "ok");
}

/// The outcome and message of web.tls.client_reneg on the golden facts of
/// modern.tlsproef.nl with its renegotiation facts changed by `change`, under `rules`.
fn client_reneg(
    rules: &pastoe::rules::RuleSet,
    change: impl Fn(&mut pastoe::facts::ClientRenegFacts),
) -> (String, String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/golden/tls/modern.tlsproef.nl.facts.json");
    let mut facts: pastoe::facts::FactsDocument =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    change(facts.domains[0].web.tls[0].client_reneg.as_mut().unwrap());
    let only = pastoe::judge::selection::CheckSelection::new(vec!["web.tls.client_reneg".into()]);
    let findings = judge_all(
        &facts.domains,
        rules,
        &Selection::listed(Some(only.unwrap())),
    );
    assert_eq!(findings.len(), 1);
    (findings[0].outcome.clone(), findings[0].message.en.clone())
}

/// Only the server can refuse: a renegotiation pastoe could not complete itself, or a
/// server silent after it completed some (one deadline covers the whole measurement, so
/// a slow server that never stops would be cut there), is not measured, not a refusal.
#[test]
fn a_stop_not_made_by_the_server_is_not_a_refusal() {
    use pastoe::facts::RefusalKind::{Alert, Broken, Closed, Silent};
    let rules = pastoe::judge::embedded_rules().unwrap();
    let stopped = |completed: u32, kind, refusal: &str| {
        client_reneg(&rules, |r| {
            r.completed = completed;
            r.attempted = completed + 1;
            r.refusal = Some(refusal.into());
            r.refusal_kind = Some(kind);
        })
    };
    let broken = "the server's Finished does not verify";
    for (completed, kind, refusal, want) in [
        (0, Alert, "alert no_renegotiation", "not_allowed"),
        (0, Closed, "connection closed", "not_allowed"),
        (0, Silent, "no answer within 3 s", "not_allowed"),
        (0, Broken, broken, "not_measured"),
        (4, Closed, "connection closed", "allowed_with_low_limit"),
        (4, Broken, broken, "not_measured"),
        (7, Silent, "no answer within 3 s", "not_measured"),
    ] {
        let (outcome, message) = stopped(completed, kind, refusal);
        assert_eq!(outcome, want, "{completed} {kind:?}: {message}");
        if want == "not_measured" {
            assert!(message.contains(refusal), "{message}");
        }
    }
    // Facts recorded before the kind was: judged on the count as then.
    let (outcome, _) = client_reneg(&rules, |r| r.refusal_kind = None);
    assert_eq!(outcome, "not_allowed");
}

/// How many renegotiations still count as a limit is the rule's `max_renegotiations`
/// (the mail copy inherits it): four completed is a low limit under the embedded 10 and
/// too high under 3; a maximum of 11 or more cannot be told from the 11 attempts made.
#[test]
fn the_renegotiation_limit_is_a_rule_parameter() {
    let with_max = |max: Option<i64>| {
        let mut rules = pastoe::judge::embedded_rules().unwrap();
        if let Some(max) = max {
            let rule = rules.checks.get_mut("web.tls.client_reneg").unwrap();
            rule.params
                .insert("max_renegotiations".into(), toml::Value::Integer(max));
        }
        rules
    };
    let embedded = with_max(None);
    assert_eq!(
        embedded.checks["mail.tls.client_reneg"].param_u64("max_renegotiations"),
        10
    );
    let four = |r: &mut pastoe::facts::ClientRenegFacts| {
        r.completed = 4;
        r.attempted = 5;
        r.refusal = Some("connection closed".into());
        r.refusal_kind = Some(pastoe::facts::RefusalKind::Closed);
    };
    assert_eq!(client_reneg(&embedded, four).0, "allowed_with_low_limit");
    let (outcome, message) = client_reneg(&with_max(Some(3)), four);
    assert_eq!(outcome, "allowed_with_too_high_limit");
    assert!(message.contains("more than 3,"), "{message}");
    let (outcome, message) = client_reneg(&with_max(Some(11)), |_| {});
    assert_eq!(outcome, "not_measured");
    assert!(message.contains("tried at most 11"), "{message}");
}

/// Facts say which probe areas ran; a check that needs another has no finding from them
/// (judging `scan --only 'api.*'` facts again without `--only` gives no web or mail errors).
/// Facts without the record (written before it was kept) are judged on every check.
#[test]
fn a_check_whose_probes_did_not_run_has_no_finding() {
    let rules = pastoe::judge::embedded_rules().unwrap();
    let golden = support::golden::golden_dir().join("api/api.goed.apiproef.nl.facts.json");
    let mut facts = support::golden::load_facts(&golden).domains.remove(0);
    let checks = |facts: &DomainFacts| -> std::collections::BTreeSet<String> {
        judge_all(std::slice::from_ref(facts), &rules, &Selection::default())
            .into_iter()
            .map(|f| f.check)
            .collect()
    };
    assert!(facts.probed.is_none());
    assert!(checks(&facts).iter().any(|c| c.starts_with("mail.")));
    facts.probed = Some(pastoe::facts::ProbePlan {
        api: true,
        ..pastoe::facts::ProbePlan::none()
    });
    let only_api = checks(&facts);
    assert!(only_api.contains("api.openapi.published"), "{only_api:?}");
    assert!(
        only_api.iter().all(|c| c.starts_with("api.")),
        "{only_api:?}"
    );
    let json = serde_json::to_string(&facts).unwrap();
    assert!(json.contains(r#""probed":{"web":false,"tls":false,"dns":false,"mail":false,"api":true,"documents":false}"#), "{json}");
}
