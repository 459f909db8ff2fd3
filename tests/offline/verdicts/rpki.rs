//! RPKI route origin validation: the verdicts on the golden facts scanned with the fixture
//! VRPs and routes, and malformed inputs refused before any scanning.

use crate::support;

use std::sync::OnceLock;

use pastoe::report::ScanDocument;
use pastoe::rules::DEFAULT_TLS_RULES;
use pastoe::rules::Status::{self, *};
use support::golden::golden_doc;
use support::{finding, pastoe, repo, scratch_dir};

fn inputs() -> (String, String) {
    let dir = repo().join("fixtures/rpki");
    (
        dir.join("vrps.json").display().to_string(),
        dir.join("routes.txt").display().to_string(),
    )
}

/// (domain, check, status, outcome)
const EXPECTED: &[(&str, &str, Status, &str)] = &[
    // 127.0.2.0/24 AS64500 with a matching ROA; name servers in 127.53.1.0/24 AS64502
    // (valid) and fd42:beef::/48 AS64500 (valid).
    ("goedstad.nl", "web.rpki.exists", Pass, "ok"),
    ("goedstad.nl", "web.rpki.valid", Pass, "ok"),
    ("goedstad.nl", "web.rpki.ns_exists", Pass, "ok"),
    ("goedstad.nl", "web.rpki.ns_valid", Pass, "ok"),
    // 127.0.5.0/24 is announced by AS64501 but its ROA names AS64500: invalid.
    ("v6goed.proefnet.nl", "web.rpki.exists", Pass, "ok"),
    ("v6goed.proefnet.nl", "web.rpki.valid", Fail, "invalid"),
    // 127.0.9.0/24 is announced without any ROA: not found.
    ("refused.proefnet.nl", "web.rpki.exists", Warning, "missing"),
    ("refused.proefnet.nl", "web.rpki.valid", Fail, "not_found"),
    // A name with mail records but no address.
    (
        "spf-good.mailproef.nl",
        "web.rpki.valid",
        NotApplicable,
        "no_addresses",
    ),
    // No name at all.
    (
        "doesnotexist.proefnet.nl",
        "web.rpki.valid",
        Error,
        "nonexistent",
    ),
    // The mail servers. proefnet.nl's MX hosts: mx.proefnet.nl's fd42:beef::25 is announced
    // (AS64500, valid), its 127.0.25.1 and the other MX hosts' addresses are not, so every
    // route there is valid.
    ("proefnet.nl", "mail.rpki.exists", Pass, "ok"),
    ("proefnet.nl", "mail.rpki.valid", Pass, "ok"),
    // 127.0.25.4 is announced by nobody.
    (
        "mx-plain.mailproef.nl",
        "mail.rpki.valid",
        NotApplicable,
        "not_announced",
    ),
    // mx.mailproef.nl has no address.
    (
        "spf-good.mailproef.nl",
        "mail.rpki.exists",
        NotApplicable,
        "no_addresses",
    ),
];

/// The golden facts of the RPKI area (scanned with the fixture VRPs and routes), judged.
fn all() -> &'static ScanDocument {
    static DOC: OnceLock<ScanDocument> = OnceLock::new();
    DOC.get_or_init(|| golden_doc(&["rpki"], DEFAULT_TLS_RULES))
}

/// The look-alike providers' mail servers (the autonomy area, scanned with the same inputs):
/// Proefcloud's 127.0.5.61 is announced by AS64501 against a ROA for AS64500, Proefmail's
/// 127.0.13.60 by AS64504 without any ROA.
#[test]
fn mail_servers_of_the_look_alikes() {
    support::assert_verdicts(
        &golden_doc(&["autonomy"], DEFAULT_TLS_RULES),
        &[
            ("wolkstad.nl", "mail.rpki.exists", Pass, "ok"),
            ("wolkstad.nl", "mail.rpki.valid", Fail, "invalid"),
            ("tweestrijd.nl", "mail.rpki.exists", Warning, "missing"),
            ("tweestrijd.nl", "mail.rpki.valid", Fail, "not_found"),
        ],
    );
}

#[test]
fn every_rpki_check_gets_its_verdict() {
    support::assert_verdicts(all(), EXPECTED);
}

#[test]
fn the_evidence_names_route_state_and_roa() {
    let doc = all();
    let f = finding(doc, "v6goed.proefnet.nl", "web.rpki.valid");
    let routes = f.evidence["routes"].to_string();
    assert!(routes.contains("127.0.5.0/24 AS64501 invalid"), "{routes}");
    assert!(routes.contains("AS64500"), "{routes}");
}

#[test]
fn without_inputs_the_checks_say_what_to_supply() {
    let doc = golden_doc(&["web"], DEFAULT_TLS_RULES);
    let f = finding(&doc, "goedstad.nl", "web.rpki.valid");
    assert_eq!(f.status, NotApplicable);
    assert!(
        f.message.en.contains("--vrps") && f.message.en.contains("--routes"),
        "{}",
        f.message.en
    );
}

#[test]
fn malformed_inputs_are_usage_errors_naming_the_place() {
    let (vrps, routes) = inputs();
    let dir = scratch_dir("rpki-bad");
    let bad_vrps = dir.join("vrps.json");
    std::fs::write(&bad_vrps, r#"{"roas":[{"asn":"AS64500","prefix":"192.0.2.0/24","maxLength":24},{"asn":"AS1","prefix":"192.0.2.0/24","maxLength":99}]}"#).unwrap();
    let run = pastoe(&[
        "scan",
        "--vrps",
        bad_vrps.to_str().unwrap(),
        "--routes",
        &routes,
        "example.nl",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("roas[1]") && run.stderr.contains("maxLength"),
        "{}",
        run.stderr
    );

    let bad_routes = dir.join("routes.txt");
    std::fs::write(&bad_routes, "192.0.2.0/24 64500\nthis is not a route\n").unwrap();
    let run = pastoe(&[
        "scan",
        "--vrps",
        &vrps,
        "--routes",
        bad_routes.to_str().unwrap(),
        "example.nl",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);

    let run = pastoe(&["scan", "--vrps", &vrps, "example.nl"]);
    assert_eq!(run.code, 2, "--vrps alone: {}", run.stderr);
    assert!(run.stderr.contains("--routes"), "{}", run.stderr);
}
