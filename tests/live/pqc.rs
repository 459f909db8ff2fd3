//! Quantum-safe readiness (`pqc` rule set) end to end (the verdict of every fixture is tested
//! on its golden facts, tests/offline/verdicts/pqc.rs): the
//! roll-up with its deadlines, and proof that the readiness view never changes the Forum
//! compliance verdict. Needs `fixtures/net/up` and `fixtures/pq/up` (scripts/test runs both).

use crate::support;

use pastoe::judge::readiness::ReadinessSummary;
use pastoe::rules::Status;
use support::{finding, scan};

/// Certificates and DNSSEC are an inventory: information, with the algorithms named.
#[test]
fn certificates_and_dnssec_are_inventoried() {
    let doc = scan(
        &["pq.tlsproef.nl", "rsa3072.tlsproef.nl", "oudeland.nl"],
        &["--only", "pqc.cert.*,pqc.dnssec.*"],
    )
    .doc();
    let cert = finding(&doc, "rsa3072.tlsproef.nl", "pqc.cert.signature");
    assert_eq!(
        (cert.status, cert.outcome.as_str()),
        (Status::Info, "classical")
    );
    assert!(
        cert.message.en.contains("rsa 3072 bits"),
        "{}",
        cert.message.en
    );
    let algorithms = cert.evidence["algorithms"].as_array().unwrap();
    assert!(algorithms.iter().any(|a| a == "rsa"), "{algorithms:?}");
    let dnssec = finding(&doc, "pq.tlsproef.nl", "pqc.dnssec.algorithm");
    assert_eq!(
        (dnssec.status, dnssec.outcome.as_str()),
        (Status::Info, "classical")
    );
    assert!(
        dnssec.message.nl.contains("ECDSAP256SHA256 (13)"),
        "{}",
        dnssec.message.nl
    );
    // oudeland.nl is not signed: nothing to inventory, said plainly.
    let unsigned = finding(&doc, "oudeland.nl", "pqc.dnssec.algorithm");
    assert_eq!(unsigned.outcome, "unsigned");
}

/// The organisation roll-up: counts per verdict and service, and each deadline with its
/// distance from the day of the scan.
#[test]
fn roll_up_counts_and_deadlines() {
    let doc = scan(
        &[
            "pq.tlsproef.nl",
            "pqnotpref.tlsproef.nl",
            "classic13.tlsproef.nl",
        ],
        &["--only", "pqc.*"],
    )
    .doc();
    let [summary]: [ReadinessSummary; 1] = doc.readiness.clone().try_into().expect("one view");
    assert_eq!(summary.rule_set, "pqc");
    assert_eq!((summary.endpoints, summary.ready), (3, 1));
    assert_eq!(summary.by_verdict["pq_active"], 1);
    assert_eq!(summary.by_verdict["pq_supported_not_preferred"], 1);
    assert_eq!(summary.by_verdict["not_ready"], 1);
    assert_eq!(summary.by_service["web"].values().sum::<usize>(), 3);
    assert_eq!(
        summary.verdict_labels["pq_active"].label.en,
        "hybrid active"
    );
    let day = time::OffsetDateTime::parse(
        &doc.finished_at,
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap()
    .date();
    let eu = summary
        .deadlines
        .iter()
        .find(|d| d.deadline.id == "eu-first-steps")
        .expect("EU roadmap deadline");
    let expected = (time::macros::date!(2026 - 12 - 31) - day).whole_days();
    assert_eq!(eu.days_left, expected);
    assert_eq!((eu.in_scope, eu.ready, eu.remaining), (3, 1, 2));
    let dates: Vec<&str> = summary
        .deadlines
        .iter()
        .map(|d| d.deadline.date.as_str())
        .collect();
    assert_eq!(
        dates,
        [
            "2026-12-31",
            "2030-12-31",
            "2030-12-31",
            "2035-12-31",
            "2035-12-31"
        ]
    );
    // The text report shows the same roll-up.
    let text = scan(
        &["pq.tlsproef.nl", "classic13.tlsproef.nl"],
        &["--only", "pqc.*", "--format", "text", "--lang", "en"],
    );
    assert!(
        text.stdout.contains("Quantum-safe readiness (pqc)")
            && text.stdout.contains("ready: 1/2 (50 %)")
            && text.stdout.contains("2030-12-31 EU PQC roadmap"),
        "{}",
        text.stdout
    );
}

/// Dropping every readiness finding changes no Forum verdict, score or standard: the
/// readiness view is reported beside the standards, never counted in them.
#[test]
fn readiness_never_changes_compliance() {
    let with = scan(&["classic13.tlsproef.nl", "modern.tlsproef.nl"], &[]).doc();
    let failing = finding(&with, "classic13.tlsproef.nl", "pqc.tls.kex");
    assert_eq!(
        failing.status,
        Status::Fail,
        "the test needs a failing pqc finding"
    );
    let rules = pastoe::judge::embedded_rules().unwrap();
    let forum_findings: Vec<_> = with
        .findings
        .iter()
        .filter(|f| f.readiness.is_none())
        .cloned()
        .collect();
    assert!(forum_findings.len() < with.findings.len());
    let names: Vec<String> = with.domains.iter().map(|d| d.domain.clone()).collect();
    let without = pastoe::report::ScanDocument::new(
        &rules,
        None,
        &names,
        forum_findings,
        with.started_at.clone(),
        with.finished_at.clone(),
    );
    assert_eq!(with.standards, without.standards);
    assert!(with.standards.iter().all(|s| s.standard != "pqc"));
    for (a, b) in with.domains.iter().zip(&without.domains) {
        assert_eq!(
            (a.compliant, a.compliant_or_explained, a.score, &a.standards),
            (b.compliant, b.compliant_or_explained, b.score, &b.standards),
            "{}",
            a.domain
        );
    }
    assert!(without.readiness.is_empty() && !with.readiness.is_empty());
}

/// Mail servers behind STARTTLS are endpoints too, and always carry sensitive traffic: the
/// postfix fixtures (bookworm's OpenSSL 3.0) are classical, the TLS 1.0-only one has no
/// TLS 1.3, and a server that answers STARTTLS with garbage cannot be judged.
#[test]
fn mail_servers_are_judged_and_count_as_sensitive() {
    use Status::*;
    let doc = scan(
        &[
            "proefnet.nl",
            "mx-hostile.mailproef.nl",
            "mx-plain.mailproef.nl",
        ],
        &["--only", "pqc.tls.*"],
    )
    .doc();
    let by_subject = |subject: &str| {
        doc.findings
            .iter()
            .find(|f| f.check == "pqc.tls.kex" && f.subject == subject)
            .unwrap_or_else(|| panic!("no pqc.tls.kex for {subject}"))
    };
    for (subject, status, outcome) in [
        ("mx.proefnet.nl", Fail, "not_ready"),
        ("mx.oudeland.nl", Fail, "not_ready_no_tls13"),
        ("garbage.mailproef.nl", Error, "failed"),
        // No STARTTLS: no TLS to judge (mail.starttls.available reports it).
        ("plain.mailproef.nl", NotApplicable, "not_tested"),
        ("silent.mailproef.nl", NotApplicable, "not_tested"),
    ] {
        let f = by_subject(subject);
        assert_eq!(
            (f.status, f.outcome.as_str()),
            (status, outcome),
            "{subject}: {}",
            f.message.en
        );
        assert_eq!(f.evidence["service"], "mail");
        assert_eq!(f.evidence["sensitive"], true);
    }
    let mx = &by_subject("mx.proefnet.nl").evidence["endpoints"][0];
    assert_eq!(mx["address"], "127.0.25.1");
    let [summary]: [ReadinessSummary; 1] = doc.readiness.clone().try_into().unwrap();
    let mail: usize = summary.by_service["mail"].values().sum();
    assert_eq!(mail, 3, "{:?}", summary.by_service);
    assert_eq!((summary.sensitive, summary.sensitive_ready), (3, 0));
    let high_risk = summary
        .deadlines
        .iter()
        .find(|d| d.deadline.id == "eu-high-risk")
        .unwrap();
    assert_eq!((high_risk.in_scope, high_risk.remaining), (3, 3));
}

/// Which web hosts carry sensitive traffic (login portals) is rule data: a rule folder that
/// names `pq.*` makes pq.tlsproef.nl sensitive, and the headline counts it.
#[test]
fn login_portals_are_named_by_the_rule() {
    let dir = support::scratch_dir("pqc-sensitive");
    let rules = dir.join("rules");
    support::copy_dir(&support::repo().join("rules"), &rules);
    let file = rules.join("pqc.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replace(
        "sensitive_hosts = [\"login.*\"",
        "sensitive_hosts = [\"pq.*\", \"login.*\"",
    );
    assert_ne!(text, changed, "the rule's sensitive_hosts line moved");
    std::fs::write(&file, changed).unwrap();
    let rules_arg = rules.display().to_string();
    let doc = scan(
        &["pq.tlsproef.nl", "classic13.tlsproef.nl"],
        &["--only", "pqc.tls.*", "--rules", &rules_arg],
    )
    .doc();
    let pq = finding(&doc, "pq.tlsproef.nl", "pqc.tls.kex");
    assert_eq!(pq.evidence["sensitive"], true);
    assert_eq!(pq.evidence["sensitive_reason"], "name matches pq.*");
    assert_eq!(
        finding(&doc, "classic13.tlsproef.nl", "pqc.tls.kex").evidence["sensitive"],
        false
    );
    let [summary]: [ReadinessSummary; 1] = doc.readiness.clone().try_into().unwrap();
    assert_eq!((summary.sensitive, summary.sensitive_ready), (1, 1));
    assert_eq!(summary.sensitive_percent(), Some(100));
}

/// SSH is probed only when asked: `--ssh` for every scanned domain, `--ssh-host` for one
/// more endpoint under a scanned domain (outside every scanned domain a usage error). The
/// verdicts are tested on the golden facts (tests/offline/verdicts/pqc.rs).
#[test]
fn ssh_is_probed_only_when_asked() {
    let plain = scan(&["ssh10.tlsproef.nl"], &["--only", "pqc.*"]).doc();
    assert!(plain.findings.iter().all(|f| f.check != "pqc.ssh.kex"));
    let asked = scan(&["ssh10.tlsproef.nl"], &["--only", "pqc.ssh.*", "--ssh"]).doc();
    assert_eq!(
        finding(&asked, "ssh10.tlsproef.nl", "pqc.ssh.kex").outcome,
        "pq_active"
    );
    let extra = scan(
        &["tlsproef.nl"],
        &["--only", "pqc.ssh.*", "--ssh-host", "ssh92.tlsproef.nl"],
    )
    .doc();
    let f = finding(&extra, "tlsproef.nl", "pqc.ssh.kex");
    assert_eq!(
        (f.subject.as_str(), f.outcome.as_str()),
        ("ssh92.tlsproef.nl", "sntrup_only")
    );
    let outside = scan(&["goedstad.nl"], &["--ssh-host", "ssh10.tlsproef.nl"]);
    assert_eq!(outside.code, 2, "{}", outside.stderr);
    assert!(
        outside.stderr.contains("not under any scanned domain"),
        "{}",
        outside.stderr
    );
}

/// What OpenSSL 3.5's `s_client` in the fixture's chroot gets from a host: the peer's
/// signature type and the leaf's key and signature algorithm, with `-sigalgs` when given.
fn s_client_35(host: &str, ip: &str, sigalgs: Option<&str>) -> (String, String) {
    let chroot = support::fixture_env("pq", "PASTOE_PQ_CHROOT");
    let mut args = vec![
        chroot.as_str(),
        "openssl",
        "s_client",
        "-connect",
        ip,
        "-servername",
        host,
        "-showcerts",
    ];
    if let Some(s) = sigalgs {
        args.extend(["-sigalgs", s]);
    }
    let out = std::process::Command::new("chroot")
        .args(&args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("chroot openssl s_client (fixtures/pq/up)");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix))
            .unwrap_or_else(|| panic!("{host}: no {prefix:?} in\n{text}"))
            .trim()
            .to_string()
    };
    (line("Peer signature type:"), line("a:PKEY:"))
}

/// An ML-DSA-65 leaf and root (FIPS 204, made by fixtures/pq/up with the chroot's OpenSSL
/// 3.5) on mldsa.tlsproef.nl, and the same beside a P-256 chain on mldsaec.tlsproef.nl.
/// pastoe offers mldsa44/65/87 after the browser schemes: the ML-DSA-only server answers
/// and its chain is quantum-safe; the other picks its P-256 chain for pastoe as for a
/// browser (s_client offering only the browser's schemes gets the same), while s_client's
/// defaults, which offer ML-DSA, get the ML-DSA chain from both.
#[test]
fn ml_dsa_chains_are_seen_as_openssl_35_sees_them() {
    let doc = scan(
        &["mldsa.tlsproef.nl", "mldsaec.tlsproef.nl"],
        &["--only", "pqc.cert.*"],
    )
    .doc();
    let alone = finding(&doc, "mldsa.tlsproef.nl", "pqc.cert.signature");
    assert_eq!(
        (alone.status, alone.outcome.as_str()),
        (Status::Info, "quantum_safe"),
        "{}",
        alone.message.en
    );
    assert_eq!(alone.evidence["algorithms"], serde_json::json!(["ml-dsa"]));
    assert!(
        alone.message.en.contains("ML-DSA-65"),
        "{}",
        alone.message.en
    );
    let beside = finding(&doc, "mldsaec.tlsproef.nl", "pqc.cert.signature");
    assert_eq!(beside.outcome, "classical", "{}", beside.message.en);

    let browser = "ECDSA+SHA256:RSA-PSS+SHA256:RSA+SHA256:ECDSA+SHA384";
    assert_eq!(
        s_client_35("mldsa.tlsproef.nl", "127.0.4.10:443", None),
        (
            "mldsa65".to_string(),
            "ML-DSA-65, 15616 (bit); sigalg: ML-DSA-65".to_string()
        )
    );
    assert_eq!(
        s_client_35("mldsaec.tlsproef.nl", "127.0.4.11:443", None).0,
        "mldsa65"
    );
    assert_eq!(
        s_client_35("mldsaec.tlsproef.nl", "127.0.4.11:443", Some(browser)).0,
        "ecdsa_secp256r1_sha256"
    );
}
