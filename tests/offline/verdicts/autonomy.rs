//! Digital autonomy: which provider runs each service, under which law, with which
//! confidence, asserted on the synthetic golden facts that carry real providers' evidence
//! (fixtures/golden/synthetic/derive.py, `autonomy_*`) under the embedded providers table,
//! and an owner change judged by the day of the scan under the test table
//! (fixtures/autonomy/providers.toml). tests/live/autonomy.rs attributes fixture hosts.

use crate::support;

use pastoe::report::ScanDocument;
use pastoe::rules::DEFAULT_TLS_RULES;
use pastoe::rules::Status::{self, *};
use support::finding;
use support::golden::{golden_dir, golden_doc, golden_file_doc, load_facts};

/// (synthetic case, subject domain, check, status, outcome, provider, jurisdiction,
/// confidence, why)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    Status,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const EXPECTED: &[Case] = &[
    // MX, SPF include, autodiscover alias and the MX's AS8075 all say Microsoft 365.
    (
        "autonomy-microsoft-365",
        "spf-good.mailproef.nl",
        "autonomy.mail.provider",
        Info,
        "cloud_act",
        "microsoft",
        "US",
        "high",
    ),
    // Cloudflare's name servers on Cloudflare's network: two kinds agree.
    (
        "autonomy-microsoft-365",
        "spf-good.mailproef.nl",
        "autonomy.dns.provider",
        Info,
        "cloud_act",
        "cloudflare",
        "US",
        "high",
    ),
    // The MX says Google, the SPF include Microsoft: the MX decides, both are listed.
    (
        "autonomy-mixed-mail",
        "spf-good.mailproef.nl",
        "autonomy.mail.provider",
        Info,
        "cloud_act",
        "google",
        "US",
        "low",
    ),
    // Only the network of the addresses (Hetzner, AS24940): one kind, medium.
    (
        "autonomy-eu-hosting",
        "goedstad.nl",
        "autonomy.web.hosting",
        Pass,
        "eu_eea",
        "hetzner",
        "DE",
        "medium",
    ),
    (
        "autonomy-eu-hosting",
        "goedstad.nl",
        "autonomy.dns.provider",
        Pass,
        "eu_eea",
        "hetzner",
        "DE",
        "medium",
    ),
    // Let's Encrypt: outside the EU/EEA, not a cloud provider; an issuer is decisive.
    (
        "autonomy-eu-hosting",
        "goedstad.nl",
        "autonomy.cert.issuer",
        Info,
        "outside_eu_eea",
        "lets-encrypt",
        "US",
        "high",
    ),
    (
        "autonomy-eu-mail",
        "mx-danebad.mailproef.nl",
        "autonomy.mail.provider",
        Pass,
        "eu_eea",
        "hetzner",
        "DE",
        "medium",
    ),
    (
        "autonomy-eu-mail",
        "mx-danebad.mailproef.nl",
        "autonomy.dns.provider",
        Info,
        "outside_eu_eea",
        "infomaniak",
        "CH",
        "medium",
    ),
    (
        "autonomy-eu-mail",
        "mx-danebad.mailproef.nl",
        "autonomy.cert.issuer",
        Pass,
        "eu_eea",
        "harica",
        "GR",
        "high",
    ),
    // A CNAME into amazonaws.com on AS16509: two kinds agree.
    (
        "autonomy-us-web",
        "goed.proefnet.nl",
        "autonomy.web.hosting",
        Info,
        "cloud_act",
        "amazon",
        "US",
        "high",
    ),
    (
        "autonomy-us-web",
        "goed.proefnet.nl",
        "autonomy.cert.issuer",
        Info,
        "cloud_act",
        "microsoft",
        "US",
        "high",
    ),
    (
        "autonomy-swiss",
        "spf-good.mailproef.nl",
        "autonomy.mail.provider",
        Info,
        "outside_eu_eea",
        "proton",
        "CH",
        "high",
    ),
    (
        "autonomy-swiss",
        "spf-good.mailproef.nl",
        "autonomy.web.hosting",
        Info,
        "outside_eu_eea",
        "proton",
        "CH",
        "medium",
    ),
];

#[test]
fn every_attribution_with_its_jurisdiction_and_confidence() {
    let mut wrong = Vec::new();
    for (case, domain, check, status, outcome, provider, jurisdiction, confidence) in EXPECTED {
        let doc = golden_file_doc(&format!("synthetic/{case}.facts.json"));
        let f = finding(&doc, domain, check);
        let got = support::look_alikes::attribution(f);
        if got != (*status, *outcome, *provider, *jurisdiction, *confidence) {
            wrong.push(format!("{case} {check}: {got:?} — {}", f.message.en));
        }
        assert_eq!(f.readiness.as_deref(), Some("autonomy"), "{case} {check}");
        assert!(f.evidence["company"].is_string(), "{case} {check}");
    }
    assert!(
        wrong.is_empty(),
        "wrong attributions:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn disagreeing_signals_list_every_provider() {
    let doc = golden_file_doc("synthetic/autonomy-mixed-mail.facts.json");
    let f = finding(&doc, "spf-good.mailproef.nl", "autonomy.mail.provider");
    let also = f.evidence["also"].as_array().unwrap();
    assert_eq!(also.len(), 1, "{also:?}");
    assert_eq!(also[0]["provider"], "microsoft");
    assert_eq!(also[0]["kinds"], serde_json::json!(["spf"]));
    let signals = f.evidence["signals"].as_array().unwrap();
    let pairs: Vec<(&str, &str)> = signals
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap(),
                s["provider"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(pairs, [("mx", "google"), ("spf", "microsoft")]);
    assert!(
        f.message
            .en
            .contains("Also seen: Microsoft 365 / Azure (US, spf)"),
        "{}",
        f.message.en
    );
}

/// What no entry matches is shown as what it is: the test internet's own names and
/// networks under the embedded (real) providers table.
#[test]
fn evidence_without_an_entry_is_never_guessed() {
    let doc = golden_doc(&["rpki"], DEFAULT_TLS_RULES);
    let f = finding(&doc, "goedstad.nl", "autonomy.dns.provider");
    assert_eq!((f.status, f.outcome.as_str()), (Info, "unattributed"));
    assert!(f.evidence["provider"].is_null());
    assert_eq!(f.evidence["jurisdiction"], "unknown");
    assert!(f.message.en.contains("ns1.goedstad.nl"), "{}", f.message.en);
    let none = finding(&doc, "doesnotexist.proefnet.nl", "autonomy.web.hosting");
    assert_eq!(none.status, Error);
    let na = finding(&doc, "spf-good.mailproef.nl", "autonomy.web.hosting");
    assert_eq!(
        (na.status, na.outcome.as_str()),
        (NotApplicable, "not_applicable")
    );
}

/// The view is reported beside the standards and gets no readiness roll-up of its own
/// (it has no deadlines).
#[test]
fn the_view_is_not_counted_and_not_rolled_up() {
    let doc: ScanDocument = golden_file_doc("synthetic/autonomy-microsoft-365.facts.json");
    assert!(doc.readiness.iter().all(|r| r.rule_set != "autonomy"));
    let autonomy: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| f.check.starts_with("autonomy."))
        .collect();
    assert_eq!(autonomy.len(), 4);
    assert!(autonomy.iter().all(|f| !f.counts_for_compliance()));
}

/// Stored facts judged with other route and AS-name files (`pastoe judge --routes
/// --as-names`): the origins are looked up again, so the same facts point at the networks of
/// the new files.
#[test]
fn judging_again_looks_the_origins_up_in_the_files_given() {
    let dir = support::rules_with_test_providers("autonomy-rejudge");
    let facts = golden_dir().join("synthetic/autonomy-eu-hosting.facts.json");
    let repo = support::repo();
    let run = support::pastoe(&[
        "judge",
        "--facts",
        &facts.display().to_string(),
        "--rules",
        &dir.display().to_string(),
        "--routes",
        &repo.join("fixtures/rpki/routes.txt").display().to_string(),
        "--as-names",
        &repo.join("fixtures/autonomy/asn.txt").display().to_string(),
        "--only",
        "autonomy.*",
        "--format",
        "json",
    ]);
    let doc = run.doc();
    // Recorded: Hetzner's AS24940. Now 127.0.2.1 and fd42:beef::20 are AS64500, Proefhosting,
    // owned by Proefcloud Inc. on the day the facts were observed (2026-12-07).
    let web = finding(&doc, "goedstad.nl", "autonomy.web.hosting");
    assert_eq!(
        (web.outcome.as_str(), web.evidence["provider"].as_str()),
        ("cloud_act", Some("proefhosting")),
        "{}",
        web.message.en
    );
    let seen: Vec<&str> = web.evidence["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["seen"].as_str().unwrap())
        .collect();
    assert_eq!(seen, ["AS64500 PROEF-HOSTING-AS, NL"]);
    // The name servers: 127.53.1.0/24 is AS64502, Proef DNS, which also names ns1/ns2.goedstad.nl;
    // fd42:beef::/48 disagrees.
    let dns = finding(&doc, "goedstad.nl", "autonomy.dns.provider");
    assert_eq!(
        (dns.outcome.as_str(), dns.evidence["confidence"].as_str()),
        ("eu_eea", Some("low"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The customers of the test internet's look-alike providers, from the facts recorded in
/// the `autonomy` area, judged under the test table: the same attributions as the live scan
/// (tests/live/autonomy.rs).
#[test]
fn look_alike_customers_are_attributed_from_their_facts() {
    let (judgement, dir) = test_table_judgement("autonomy-look-alike-rules");
    let mut facts = load_facts(&golden_dir().join("autonomy/wolkstad.nl.facts.json"));
    for domain in &support::look_alikes::DOMAINS[1..] {
        let more = load_facts(&golden_dir().join(format!("autonomy/{domain}.facts.json")));
        facts.domains.extend(more.domains);
    }
    let doc = pastoe::judge(&facts, &judgement, pastoe::OrganisationMeta::default());
    let wrong = support::look_alikes::wrong_attributions(&doc);
    assert!(
        wrong.is_empty(),
        "wrong attributions:\n{}",
        wrong.join("\n")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The test table's Proefhosting (AS64500) was Dutch until 2026-06-30 and owned by a US
/// company from 2026-07-01: the recorded facts of www.oudhaven.nl (a CNAME to
/// web.proefhosting.nl on AS64500) give another jurisdiction by the day observed.
#[test]
fn an_owner_change_is_judged_by_the_day_of_the_scan() {
    let (judgement, dir) = test_table_judgement("autonomy-rules");
    let mut facts = load_facts(&golden_dir().join("autonomy/www.oudhaven.nl.facts.json"));
    let mut on = |day: time::Date| {
        facts.domains[0].observed_at = day.midnight().assume_utc();
        let doc = pastoe::judge(&facts, &judgement, pastoe::OrganisationMeta::default());
        let f = finding(&doc, "www.oudhaven.nl", "autonomy.web.hosting").clone();
        (
            f.outcome,
            f.evidence["parent"].as_str().unwrap().to_string(),
            f.evidence["jurisdiction"].as_str().unwrap().to_string(),
            f.message.en,
        )
    };
    let before = on(time::macros::date!(2026 - 06 - 30));
    assert_eq!(
        (before.0.as_str(), before.1.as_str(), before.2.as_str()),
        ("eu_eea", "Proefhosting B.V.", "NL"),
        "{}",
        before.3
    );
    let after = on(time::macros::date!(2026 - 07 - 01));
    assert_eq!(
        (after.0.as_str(), after.1.as_str(), after.2.as_str()),
        ("cloud_act", "Proefcloud Inc.", "US"),
        "{}",
        after.3
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The autonomy checks under the test providers table, and the rule folder to remove after.
fn test_table_judgement(name: &str) -> (pastoe::Judgement, std::path::PathBuf) {
    let dir = support::rules_with_test_providers(name);
    let rules = pastoe::judge::load_rules(&dir).expect("the test table loads");
    let judgement =
        pastoe::Judgement::new(rules, DEFAULT_TLS_RULES, vec!["autonomy.*".into()], None)
            .expect("a judgement");
    (judgement, dir)
}
