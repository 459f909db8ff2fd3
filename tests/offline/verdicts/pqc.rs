//! Quantum-safe readiness verdicts (`pqc` rule set) on the golden facts of the post-quantum
//! TLS servers (fixtures/pq) and the SSH servers (fixtures/ssh).

use crate::support;

use pastoe::rules::Status;
use support::golden::golden_only;
use support::{assert_verdicts, finding};

/// The post-quantum fixture hosts with the verdict `fixtures/pq/hosts.tsv` says each shows.
fn pq_fixture_verdicts() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(support::repo().join("fixtures/pq/hosts.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols[1].to_string(), cols[5].to_string())
        })
        .collect()
}

/// Every readiness verdict on the server that shows it: the PQ fixture (nginx with OpenSSL
/// 3.5, Go 1.23 for the Kyber draft) as its hosts.tsv says, bookworm's nginx for TLS 1.2 only,
/// a hostile server and a name where nothing listens.
#[test]
fn every_verdict_on_its_fixture() {
    let mut expected = pq_fixture_verdicts();
    assert!(expected.len() >= 9, "{expected:?}");
    expected.extend([
        (
            "tls12only.tlsproef.nl".to_string(),
            "not_ready_no_tls13".to_string(),
        ),
        ("tls-garbage.tlsproef.nl".to_string(), "failed".to_string()),
        ("refused.proefnet.nl".to_string(), "not_tested".to_string()),
    ]);
    let doc = golden_only(&["pqc", "tls", "web"], &["pqc.tls.*"]);
    let k = "pqc.tls.kex";
    // The status of each verdict is the rule's, not restated here.
    let rules = pastoe::judge::embedded_rules().unwrap();
    let rule = rules.check(k).unwrap();
    let status_of = |verdict: &str| rule.outcomes[verdict].status;
    let rows: Vec<(&str, &str, Status, &str)> = expected
        .iter()
        .map(|(h, v)| (h.as_str(), k, status_of(v), v.as_str()))
        .collect();
    assert_verdicts(&doc, &rows);
    let covered: std::collections::BTreeSet<&str> =
        expected.iter().map(|(_, v)| v.as_str()).collect();
    for verdict in [
        "pq_active",
        "pq_supported_not_preferred",
        "pq_pure_only",
        "pq_legacy_draft",
        "not_ready",
        "not_ready_no_tls13",
    ] {
        assert!(covered.contains(verdict), "no fixture shows {verdict}");
    }
    // The evidence says what each probe saw, so a reader can check the verdict.
    let pq = finding(&doc, "pq.tlsproef.nl", k);
    let endpoint = &pq.evidence["endpoints"][0];
    assert_eq!(endpoint["browser_like"], "X25519MLKEM768", "{endpoint}");
    assert_eq!(endpoint["address"], "127.0.4.1");
    assert_eq!(endpoint["completed_with"], "X25519MLKEM768", "{endpoint}");
    let hrr = &finding(&doc, "pqhrr.tlsproef.nl", k).evidence["endpoints"][0];
    assert_eq!(hrr["asks_for_hybrid"], true, "{hrr}");
    let kyber = finding(&doc, "kyber.tlsproef.nl", k);
    assert!(
        kyber.message.en.contains("X25519Kyber768Draft00"),
        "{}",
        kyber.message.en
    );
    let notpref = finding(&doc, "pqnotpref.tlsproef.nl", k);
    assert_eq!(notpref.evidence["endpoints"][0]["browser_like"], "x25519");
    assert!(
        notpref.message.en.contains("X25519MLKEM768") && notpref.advice.is_some(),
        "{}",
        notpref.message.en
    );
    let pure = finding(&doc, "pqpure.tlsproef.nl", k);
    assert!(
        pure.message.en.contains("MLKEM768, MLKEM1024"),
        "{}",
        pure.message.en
    );
    // Readiness findings never decide compliance: every domain still "meets every
    // required check" as far as this scan goes, and no Forum standard appears.
    assert!(doc.standards.is_empty(), "{:?}", doc.standards);
    assert!(doc.domains.iter().all(|d| d.compliant && d.score.is_none()));
}

/// SSH: OpenSSH 10 offers the ML-KEM hybrid, bookworm's 9.2 only sntrup761, a
/// classical configuration fails, and hostile servers are errors within the timeout.
#[test]
fn ssh_key_exchange_verdicts() {
    use Status::*;
    let expected = [
        ("ssh10.tlsproef.nl", Pass, "pq_active"),
        ("ssh92.tlsproef.nl", Warning, "sntrup_only"),
        ("sshclassic.tlsproef.nl", Fail, "not_ready"),
        ("ssh-lines.tlsproef.nl", Error, "failed"),
        ("ssh-huge.tlsproef.nl", Error, "failed"),
        ("ssh-close.tlsproef.nl", Error, "failed"),
        ("ssh-silent.tlsproef.nl", Error, "failed"),
        ("modern.tlsproef.nl", NotApplicable, "not_offered"),
    ];
    let doc = golden_only(&["ssh"], &["pqc.ssh.*"]);
    let rows: Vec<(&str, &str, Status, &str)> = expected
        .iter()
        .map(|(h, s, o)| (*h, "pqc.ssh.kex", *s, *o))
        .collect();
    assert_verdicts(&doc, &rows);
    let ssh10 = finding(&doc, "ssh10.tlsproef.nl", "pqc.ssh.kex");
    assert!(
        ssh10.message.en.contains("OpenSSH_10.0"),
        "{}",
        ssh10.message.en
    );
    assert_eq!(ssh10.evidence["service"], "ssh");
    let huge = finding(&doc, "ssh-huge.tlsproef.nl", "pqc.ssh.kex");
    assert!(
        huge.message.en.contains("exceeds 35000"),
        "{}",
        huge.message.en
    );
}

/// internet.nl's `pq_kex_support` value (its pull request #2144) beside pastoe's verdict:
/// `supported` for any NCSC hybrid the server accepts, also when it prefers a classical
/// group; a pure ML-KEM or Kyber-draft server is `not_supported`, as internet.nl says.
#[test]
fn the_internetnl_value_is_carried_beside_the_verdict() {
    let doc = golden_only(&["pqc", "tls"], &["pqc.tls.kex"]);
    let value = |host: &str| {
        let f = finding(&doc, host, "pqc.tls.kex");
        let value = f.evidence.get("pq_kex_support").and_then(|v| v.as_str());
        value.unwrap_or("missing").to_string()
    };
    for (host, want) in [
        ("pq.tlsproef.nl", "supported"),
        ("pqhrr.tlsproef.nl", "supported"),
        ("pqnotpref.tlsproef.nl", "supported"),
        ("pqpure.tlsproef.nl", "not_supported"),
        ("kyber.tlsproef.nl", "not_supported"),
        ("classic13.tlsproef.nl", "not_supported"),
        ("tls12only.tlsproef.nl", "na_no_tls_1_3"),
        ("tls-garbage.tlsproef.nl", "unknown"),
    ] {
        assert_eq!(value(host), want, "{host}");
    }
}
