//! The command line against the test internet: exit statuses, formats, rule overrides, and
//! flags that need a scan to show (the usage errors refused before any scan are offline).

use crate::support;

use pastoe::rules::Status;
use support::{copy_dir, net, pastoe, repo, scan, scratch_dir, status};

/// The HSTS threshold lives in the rule file: lowering it in a copy of the rules turns the
/// short-HSTS fixture's failure into a pass, with the same binary.
#[test]
fn a_threshold_changed_in_toml_changes_the_verdict() {
    let host = "shorthsts.proefnet.nl";
    let before = scan(&[host], &[]).doc();
    assert_eq!(status(&before, host, "web.https.hsts"), Status::Fail);

    let dir = scratch_dir("lenient-rules");
    copy_dir(&repo().join("rules"), &dir);
    let file = dir.join("forum-standaardisatie.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("min_max_age = 31536000"));
    std::fs::write(
        &file,
        text.replace("min_max_age = 31536000", "min_max_age = 300"),
    )
    .unwrap();
    let after = scan(&[host], &["--rules", dir.to_str().unwrap()]).doc();
    assert_eq!(status(&after, host, "web.https.hsts"), Status::Pass);
}

#[test]
fn json_has_the_documented_shape() {
    let run = scan(
        &["goed.proefnet.nl", "noheaders.proefnet.nl"],
        &["--org", "Gemeente Proef"],
    );
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["schema_version"], 1);
    assert_eq!(value["organisation"], "Gemeente Proef");
    assert_eq!(value["rule_set"]["id"], "forum-standaardisatie");
    let findings = value["findings"].as_array().unwrap();
    for f in findings {
        for key in [
            "domain",
            "check",
            "subject",
            "status",
            "level",
            "message",
            "why",
            "reference",
            "evidence",
        ] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        assert!(f["message"]["nl"].is_string() && f["message"]["en"].is_string());
    }
    let domains: Vec<&str> = value["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["domain"].as_str().unwrap())
        .collect();
    assert_eq!(domains, ["goed.proefnet.nl", "noheaders.proefnet.nl"]);
    assert_eq!(run.code, 1, "one domain fails a required check");
}

#[test]
fn text_format_is_a_readable_table() {
    let net = net();
    let ca = net.ca_file.display().to_string();
    let anchor = net.trust_anchor.display().to_string();
    let run = pastoe(&[
        "scan",
        "--resolver",
        &net.resolver,
        "--ca-file",
        &ca,
        "--trust-anchor",
        &anchor,
        "--timeout",
        "3",
        "--lang",
        "en",
        "shorthsts.proefnet.nl",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("shorthsts.proefnet.nl"));
    assert!(run.stdout.contains("web.https.hsts"));
    assert!(
        run.stdout.contains("does NOT meet every required check"),
        "{}",
        run.stdout
    );
}

#[test]
fn html_report_is_written_to_the_out_path() {
    let dir = scratch_dir("html");
    let out = dir.join("report.html");
    let run = scan(
        &[
            "goed.proefnet.nl",
            "badheaders.proefnet.nl",
            "malformed.proefnet.nl",
        ],
        &[
            "--format",
            "html",
            "--org",
            "Gemeente <b>Proef</b>",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"nl\">"));
    assert!(
        html.contains("Gemeente &lt;b&gt;Proef&lt;/b&gt;"),
        "organisation name is escaped"
    );
    assert!(!html.contains("<b>Proef</b>"));
    assert!(html.contains("badheaders.proefnet.nl"));
    assert!(html.contains("Zo lost u het op"));
    assert!(
        !html.contains("<script"),
        "the page has no scripts, and no scanned value became one"
    );
}

#[test]
fn facts_are_written_for_judging_later() {
    let dir = scratch_dir("facts");
    let out = dir.join("facts.json");
    let run = scan(
        &["shorthsts.proefnet.nl"],
        &["--facts-out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 1);
    let facts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(facts["schema_version"], 1);
    let https = &facts["domains"][0]["web"]["https"];
    assert_eq!(https["hops"][0]["status"], 200);
    let headers = https["hops"][0]["headers"].as_array().unwrap();
    assert!(
        headers.iter().any(|h| h[0] == "strict-transport-security"
            && h[1].as_str().is_some_and(|v| v.starts_with("max-age=300;"))),
        "{headers:?}"
    );
}

#[test]
fn an_unresolvable_domain_is_an_error_finding_not_a_crash() {
    let run = scan(&["doesnotexist.proefnet.nl"], &[]);
    assert_eq!(run.code, 1);
    let doc = run.doc();
    assert_eq!(
        status(&doc, "doesnotexist.proefnet.nl", "web.https.available"),
        Status::Error
    );
    // On a terminal it is one line with the reason and the advice, not one per check.
    let text = scan(
        &["doesnotexist.proefnet.nl"],
        &["--format", "text", "--lang", "en"],
    );
    let lines: Vec<&str> = text.stdout.lines().collect();
    let reason = lines
        .iter()
        .filter(|l| l.contains("does not exist (NXDOMAIN)"))
        .collect::<Vec<_>>();
    assert_eq!(reason.len(), 1, "{}", text.stdout);
    assert!(
        reason[0].contains(&format!("all {} checks", doc.findings.len())),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("register it again"), "{}", text.stdout);
}

#[test]
fn a_dangling_cname_exists_and_is_judged_check_by_check() {
    // dangling.proefnet.nl is a CNAME to a name that does not exist: the resolver answers
    // NXDOMAIN, but the name itself is there (and is a takeover risk), so its checks are
    // judged one by one, not waved off as a name that does not exist.
    let doc = scan(&["dangling.proefnet.nl"], &[]).doc();
    assert!(!doc.findings.is_empty());
    assert!(
        doc.findings.iter().all(|f| f.outcome != "nonexistent"),
        "{:?}",
        doc.findings
            .iter()
            .map(|f| (&f.check, &f.outcome))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_dead_resolver_is_our_own_failure_and_never_a_finding() {
    // Nothing listens on this loopback port, so every query fails: that says nothing about
    // the scanned domain, so there is no report, only a run error naming the resolver.
    let run = pastoe(&[
        "scan",
        "--format",
        "json",
        "--resolver",
        "127.0.9.250:53",
        "--timeout",
        "1",
        "goed.proefnet.nl",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "findings were reported: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains("own side") && run.stderr.contains("127.0.9.250:53"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_trust_anchor_flag_replaces_the_root_keys() {
    let net = net();
    let ca = net.ca_file.display().to_string();
    let anchor = net.trust_anchor.display().to_string();
    let base = [
        "scan",
        "--format",
        "json",
        "--resolver",
        &net.resolver,
        "--ca-file",
        &ca,
        "--timeout",
        "3",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args.push("goedstad.nl");
        pastoe(&args)
    };
    // The fake root's key: the model municipality validates and passes everything.
    let run = with(&["--trust-anchor", &anchor]);
    assert_eq!(run.code, 0, "{}\n{}", run.stderr, run.stdout);
    // The built-in IANA root keys do not sign the fake root: every answer is bogus, so the
    // name cannot be resolved and the scan says so.
    let run = with(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.doc();
    assert_eq!(
        support::finding(&doc, "goedstad.nl", "web.https.available").status,
        Status::Error
    );
    // A file that holds no key is a usage error.
    let dir = scratch_dir("anchor");
    let bad = dir.join("anchor.txt");
    std::fs::write(&bad, "this is not a key\n").unwrap();
    let run = with(&["--trust-anchor", bad.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("trust anchor"), "{}", run.stderr);
}

#[test]
fn the_ca_file_decides_whether_the_certificate_is_trusted() {
    // Without the test CA the certificate is recorded as untrusted; HTTPS still works and
    // the headers are still judged.
    let net = net();
    let anchor = net.trust_anchor.display().to_string();
    let args = [
        "scan",
        "--format",
        "json",
        "--resolver",
        &net.resolver,
        "--trust-anchor",
        &anchor,
        "--timeout",
        "3",
        "goed.proefnet.nl",
    ];
    let without = pastoe(&args).doc();
    let f = support::finding(&without, "goed.proefnet.nl", "web.https.available");
    assert_eq!(f.status, Status::Pass);
    let error = f.evidence["tls"]["certificate_error"]
        .as_str()
        .unwrap_or_default();
    assert!(error.contains("UnknownIssuer"), "{:?}", f.evidence);
    let with = scan(&["goed.proefnet.nl"], &[]).doc();
    let f = support::finding(&with, "goed.proefnet.nl", "web.https.available");
    assert!(
        f.evidence["tls"].get("certificate_error").is_none(),
        "{:?}",
        f.evidence
    );
    assert!(
        f.evidence["tls"]["leaf"]["dns_names"]
            .as_array()
            .is_some_and(|n| n.iter().any(|d| d == "goed.proefnet.nl"))
    );
}

#[test]
fn an_output_that_cannot_be_written_is_a_run_failure() {
    let run = scan(
        &["goed.proefnet.nl"],
        &["--out", "/nonexistent-dir/report.json"],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("/nonexistent-dir"), "{}", run.stderr);
}
