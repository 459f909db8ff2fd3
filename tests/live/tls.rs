//! TLS scans of the test internet (zone tlsproef.nl, fixtures/net/hosts.toml): hostile TLS
//! servers, `--only` and `--tls-rules` on the command line. The verdicts of the nginx TLS
//! hosts are tested on their golden facts (tests/offline/verdicts/tls.rs), the facts against
//! sslyze and OpenSSL (tls_oracle.rs, tls_pq.rs).

use crate::support;

use pastoe::rules::Status::Error;
use support::scan;

const ONLY: &str = "web.tls.*,web.cert.*,web.dane.*";

#[test]
fn hostile_tls_servers_give_an_error_within_the_timeout() {
    let hosts = [
        "tls-garbage.tlsproef.nl",
        "tls-truncated.tlsproef.nl",
        "tls-oversized.tlsproef.nl",
        "tls-trickle.tlsproef.nl",
        "tls-close-mid.tlsproef.nl",
        "tls-bigchain.tlsproef.nl",
        "tls-close.tlsproef.nl",
        "tls-alert.tlsproef.nl",
    ];
    let run = scan(&hosts, &["--only", ONLY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // All hosts in parallel: the trickling one costs one timeout (3 s), not more.
    assert!(
        run.elapsed < std::time::Duration::from_secs(30),
        "took {:?}",
        run.elapsed
    );
    let doc = run.doc();
    for host in hosts {
        for check in ["web.tls.version", "web.tls.ciphers", "web.cert.chain"] {
            let f = support::finding(&doc, host, check);
            assert_eq!(
                f.status, Error,
                "{host} {check}: {:?} {}",
                f.status, f.message.en
            );
            assert_eq!(f.outcome, "failed", "{host} {check}");
        }
    }
}

#[test]
fn only_reports_the_selected_checks_and_rejects_unknown_patterns() {
    let doc = scan(
        &["modern.tlsproef.nl", "dane.tlsproef.nl"],
        &["--only", ONLY],
    )
    .doc();
    assert!(!doc.findings.is_empty());
    for f in &doc.findings {
        assert!(
            f.check.starts_with("web.tls.")
                || f.check.starts_with("web.cert.")
                || f.check.starts_with("web.dane."),
            "{} reported despite --only",
            f.check
        );
    }
    let run = scan(&["modern.tlsproef.nl"], &["--only", "web.tsl.*"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("web.tsl.*"), "{}", run.stderr);
}

#[test]
fn an_unknown_tls_rule_set_is_a_usage_error() {
    let run = scan(&["modern.tlsproef.nl"], &["--tls-rules", "3.0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("2025-05") && run.stderr.contains("2.1"),
        "{}",
        run.stderr
    );
}
