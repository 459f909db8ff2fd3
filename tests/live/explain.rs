//! Comply or explain: explanations mark findings, expire, go stale and ask for review;
//! judging stored facts gives the same findings as the scan.

use crate::support;

use std::path::Path;
use std::sync::OnceLock;

use pastoe::report::ScanDocument;
use pastoe::rules::Status;
use support::{finding, pastoe, scan, scratch_dir};

const HOST: &str = "shorthsts.proefnet.nl";

/// One scan of the short-HSTS host, its facts kept for judging again.
fn facts() -> &'static (String, ScanDocument) {
    static FACTS: OnceLock<(String, ScanDocument)> = OnceLock::new();
    FACTS.get_or_init(|| {
        let path = scratch_dir("explain-facts").join("facts.json");
        let doc = scan(
            &[HOST],
            &[
                "--org",
                "gemeente-proef",
                "--facts-out",
                path.to_str().unwrap(),
            ],
        )
        .doc();
        (path.display().to_string(), doc)
    })
}

fn judge(explanations: Option<&Path>, extra: &[&str]) -> support::Run {
    let (facts, _) = facts();
    let mut args = vec!["judge", "--facts", facts, "--format", "json"];
    let dir;
    if let Some(d) = explanations {
        dir = d.display().to_string();
        args.extend_from_slice(&["--explanations", &dir]);
    }
    args.extend_from_slice(extra);
    pastoe(&args)
}

fn explanations(name: &str, body: &str) -> std::path::PathBuf {
    let dir = scratch_dir(name);
    std::fs::write(dir.join("e.toml"), body).unwrap();
    dir
}

fn entry(check: &str, subject: &str, since: &str, until: &str, extra: &str) -> String {
    format!(
        "[[explanation]]\norganisation = \"gemeente-proef\"\ncheck = \"{check}\"\nsubject = \"{subject}\"\n\
         reason = \"Legacy portal, replaced in Q3\"\nby = \"CISO\"\nreference = \"https://proef.example/jaarverslag.pdf\"\n\
         since = {since}\nvalid_until = {until}\n{extra}\n"
    )
}

#[test]
fn judging_stored_facts_gives_the_scans_findings() {
    let (_, scanned) = facts();
    let judged = judge(None, &[]).doc();
    assert_eq!(scanned.findings, judged.findings);
}

#[test]
fn an_explanation_marks_the_finding_but_keeps_it() {
    let dir = explanations(
        "explain-valid",
        &entry(
            "web.https.hsts",
            "*.proefnet.nl",
            "2026-01-01",
            "2026-12-31",
            "",
        ),
    );
    let run = judge(Some(&dir), &[]);
    let doc = run.doc();
    let f = finding(&doc, HOST, "web.https.hsts");
    assert_eq!(f.status, Status::Fail, "the finding stays a failure");
    assert!(f.explained);
    let e = f.explanation.as_ref().unwrap();
    assert_eq!(e.by, "CISO");
    assert_eq!(e.valid_until.to_string(), "2026-12-31");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let json = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "web.https.hsts")
        .unwrap();
    assert_eq!(json["explained"], true);
    assert_eq!(json["explanation"]["valid_until"], "2026-12-31");
    let summary = &doc.domains[0];
    assert!(!summary.compliant);
    assert_eq!(summary.explained, 1);
    assert_eq!(doc.explanations.as_ref().unwrap().applied, 1);
}

#[test]
fn explaining_every_failure_turns_the_exit_status_green() {
    let dir = explanations(
        "explain-all",
        &entry("*", HOST, "2026-01-01", "2026-12-31", ""),
    );
    let run = judge(Some(&dir), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.doc();
    assert!(!doc.domains[0].compliant && doc.domains[0].compliant_or_explained);
    assert_eq!(judge(None, &[]).code, 1);
}

#[test]
fn an_expired_explanation_counts_as_unexplained_and_is_flagged() {
    let dir = explanations(
        "explain-expired",
        &entry("web.https.hsts", HOST, "2025-06-01", "2026-05-31", ""),
    );
    let run = judge(Some(&dir), &[]);
    let doc = run.doc();
    let f = finding(&doc, HOST, "web.https.hsts");
    assert!(!f.explained && f.explanation_expired);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let json = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "web.https.hsts")
        .unwrap();
    assert_eq!(json["explanation_expired"], true);
    assert_eq!(doc.explanations.as_ref().unwrap().expired, 1);
}

#[test]
fn changed_evidence_asks_for_review_and_unmatched_explanations_are_stale() {
    let body = entry(
        "web.https.hsts",
        HOST,
        "2026-01-01",
        "2026-12-31",
        "evidence = \"0000000000000000\"",
    ) + &entry(
        "web.caa",
        "andere.proefnet.nl",
        "2026-01-01",
        "2026-12-31",
        "",
    );
    let dir = explanations("explain-review", &body);
    let doc = judge(Some(&dir), &[]).doc();
    let f = finding(&doc, HOST, "web.https.hsts");
    assert!(f.explanation.as_ref().unwrap().needs_review);
    let summary = doc.explanations.unwrap();
    assert_eq!(summary.needs_review, 1);
    assert_eq!(summary.stale.len(), 1, "{:?}", summary.stale);
    assert!(summary.stale[0].contains("andere.proefnet.nl"));

    // Pinning the real fingerprint keeps the explanation quiet.
    let (_, scanned) = facts();
    let fingerprint = finding(scanned, HOST, "web.https.hsts").fingerprint();
    let dir = explanations(
        "explain-pinned",
        &entry(
            "web.https.hsts",
            HOST,
            "2026-01-01",
            "2026-12-31",
            &format!("evidence = \"{fingerprint}\""),
        ),
    );
    let doc = judge(Some(&dir), &[]).doc();
    assert!(
        !finding(&doc, HOST, "web.https.hsts")
            .explanation
            .as_ref()
            .unwrap()
            .needs_review
    );
}

#[test]
fn another_organisations_explanation_does_not_apply() {
    let body = entry("web.https.hsts", HOST, "2026-01-01", "2026-12-31", "")
        .replace("gemeente-proef", "gemeente-anders");
    let dir = explanations("explain-other", &body);
    let doc = judge(Some(&dir), &[]).doc();
    assert!(!finding(&doc, HOST, "web.https.hsts").explained);
}

#[test]
fn broken_explanations_are_usage_errors_naming_file_line_and_field() {
    let cases = [
        (
            entry("web.https.hsts", HOST, "2026-06-01", "2026-01-01", ""),
            "before since",
        ),
        (
            entry("web.nonexistent", HOST, "2026-01-01", "2026-12-31", ""),
            "matches no check",
        ),
        (
            entry("web.https.hsts", HOST, "2026-01-01", "2026-12-31", "")
                + &entry("web.https.hsts", HOST, "2026-02-01", "2026-12-31", ""),
            "duplicate scope",
        ),
        (
            "[[explanation]]\norganisation = \"x\"\ncheck = \n".to_string(),
            "e.toml:3",
        ),
    ];
    for (body, expected) in cases {
        let dir = explanations("explain-bad", &body);
        let run = pastoe(&["explain", "lint", dir.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{body}");
        assert!(
            run.stderr.contains("e.toml:") && run.stderr.contains(expected),
            "{}",
            run.stderr
        );
        // The same error stops a judge before anything is written.
        let out = dir.join("report.json");
        let run = judge(Some(&dir), &["--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 2);
        assert!(!out.exists());
    }
    let run = pastoe(&[
        "explain",
        "lint",
        support::repo()
            .join("fixtures/explanations")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
