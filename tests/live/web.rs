//! Web scans of the live test internet: the exit status, stable findings, hostile servers.
//! The verdicts of every web fixture host are tested on its golden facts
//! (tests/offline/verdicts/web.rs).

use crate::support;

use pastoe::rules::Status::*;
use support::{finding, scan};

#[test]
fn a_domain_with_no_problems_exits_zero() {
    // goedstad.nl is the model municipality: signed, IPv6 everywhere, every web check
    // green. It has no MX, so the MX checks are not applicable. Its nginx (OpenSSL 3.0)
    // is not quantum-safe: the readiness view says so without touching compliance.
    let run = scan(&["goedstad.nl", "www.goedstad.nl"], &[]);
    assert_eq!(run.code, 0, "stderr: {}\n{}", run.stderr, run.stdout);
    let doc = run.doc();
    assert!(doc.compliant());
    assert_eq!(
        finding(&doc, "goedstad.nl", "pqc.tls.kex").outcome,
        "not_ready"
    );
    for f in doc.findings.iter().filter(|f| f.counts_for_compliance()) {
        assert!(
            matches!(f.status, Pass | NotApplicable),
            "{} {}: {}",
            f.check,
            f.outcome,
            f.message.en
        );
    }
}

#[test]
fn the_same_scan_twice_gives_the_same_findings() {
    let hosts = [
        "goed.proefnet.nl",
        "badheaders.proefnet.nl",
        "sectxt-invalid.proefnet.nl",
        "nohttps.proefnet.nl",
    ];
    let first = scan(&hosts, &[]).doc();
    let second = scan(&hosts, &[]).doc();
    assert_eq!(first.findings, second.findings);
}

#[test]
fn hostile_servers_cost_at_most_their_timeout() {
    // Each probe has a 3 s deadline and HTTP/HTTPS run side by side; a hang would be
    // killed by the helper and fail the test.
    let run = scan(
        &[
            "silent.proefnet.nl",
            "trickle.proefnet.nl",
            "malformed.proefnet.nl",
        ],
        &[],
    );
    assert_eq!(run.code, 1);
    let doc = run.doc();
    for host in [
        "silent.proefnet.nl",
        "trickle.proefnet.nl",
        "malformed.proefnet.nl",
    ] {
        let f = finding(&doc, host, "web.https.available");
        assert_eq!(f.status, Error, "{host}: {}", f.message.en);
        assert!(!f.message.en.is_empty());
    }
}

#[test]
fn security_txt_signatures_are_verified_with_the_given_key() {
    // sectxt-signed's file is clear-signed by the key `up` made (its public half in
    // pki/sectxt-signing-key.asc); the security.txt zoo's key is another signer.
    let key = support::repo().join("fixtures/net/run/pki/sectxt-signing-key.asc");
    let other = support::repo().join("src/wire/text/security_txt_zoo/other-key.asc");
    let host = "sectxt-signed.proefnet.nl";
    let dir = support::scratch_dir("sectxt-key");
    let facts = dir.join("facts.json");
    let facts = facts.to_str().unwrap();
    let run = scan(
        &[host],
        &["--sectxt-key", key.to_str().unwrap(), "--facts-out", facts],
    );
    let doc = run.doc();
    let f = finding(&doc, host, "web.security_txt");
    assert_eq!(f.outcome, "ok", "{:?}", f.details);
    let signature = f.evidence["signature"].as_str().unwrap_or_default();
    assert!(signature.starts_with("valid, key "), "{signature}");
    // The key is judging input, not an observation: the facts do not hold it, and the
    // same facts judged with another key are judged against that one.
    let written = std::fs::read_to_string(facts).unwrap();
    assert!(
        !written.contains("PGP PUBLIC KEY"),
        "the facts hold the key"
    );
    let run = support::pastoe(&[
        "judge",
        "--facts",
        facts,
        "--format",
        "json",
        "--sectxt-key",
        other.to_str().unwrap(),
    ]);
    let doc = run.doc();
    let f = finding(&doc, host, "web.security_txt");
    assert_eq!(f.status, Fail);
    assert_eq!(f.outcome, "pgp_signer_unknown", "{:?}", f.details);
    assert!(
        f.evidence["signature"]
            .as_str()
            .is_some_and(|s| s.starts_with("made by another key")),
        "{:?}",
        f.evidence
    );
    // A file that is not a key stops the scan before it starts.
    let run = scan(
        &[host],
        &[
            "--sectxt-key",
            other.with_extension("txt").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--sectxt-key"), "{}", run.stderr);
}

/// The accessibility statement: the register `up` writes, looked up for a `www.` host by its
/// site, and the links the home page offers kept as facts with their text; a malformed
/// register is refused before any scanning, naming its line.
#[test]
fn the_accessibility_register_is_read_and_a_bad_one_refused() {
    let register = support::repo().join("fixtures/net/run/a11y-register.csv");
    let dir = support::scratch_dir("a11y-register");
    let facts_out = dir.join("facts.json");
    let run = scan(
        &["www.goedstad.nl"],
        &[
            "--only",
            "web.a11y.*",
            "--a11y-register",
            register.to_str().unwrap(),
            "--facts-out",
            facts_out.to_str().unwrap(),
        ],
    );
    let doc = run.doc();
    let registered = finding(&doc, "www.goedstad.nl", "web.a11y.register");
    assert_eq!(
        (registered.status, registered.outcome.as_str()),
        (Pass, "status_a"),
        "{}",
        registered.message.en
    );
    let facts: pastoe::facts::FactsDocument =
        serde_json::from_str(&std::fs::read_to_string(&facts_out).unwrap()).unwrap();
    let links = &facts.domains[0].web.accessibility.as_ref().unwrap().links;
    let statement = "https://www.toegankelijkheidsverklaring.nl/register/4101";
    assert!(
        links
            .iter()
            .any(|l| l.url == statement && l.text == statement),
        "{links:?}"
    );

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "url,status,date\nhttps://goedstad.nl/,Z,2026-01-01\n").unwrap();
    let refused = scan(
        &["goedstad.nl"],
        &["--a11y-register", bad.to_str().unwrap()],
    );
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("bad.csv: line 2: status: \"Z\" is not one of A, B, C, D, E"),
        "{}",
        refused.stderr
    );
}
