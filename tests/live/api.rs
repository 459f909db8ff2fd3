//! REST APIs on the live test internet (apiproef.nl): what the probe reads, bounded, and how
//! an organisation's APIs are found in a sweep (the `api.` host of a listed domain, a host
//! serving /openapi.json, a base URL listed in the organisations file). The verdicts of every
//! API host are asserted on its golden facts (tests/offline/verdicts/api.rs).

use crate::support;

use pastoe::facts::{ApiSource, FactsDocument};
use pastoe::rules::Status::*;
use support::{export_documents, scan, scratch_dir, sweep};

fn facts_of(hosts: &[&str], extra: &[&str]) -> (pastoe::report::ScanDocument, FactsDocument) {
    let dir = scratch_dir("api-facts");
    let path = dir.join("facts.json");
    let mut args = vec!["--facts-out", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = scan(hosts, &args);
    assert!(run.code <= 1, "stderr: {}", run.stderr);
    let facts: FactsDocument =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (run.doc(), facts)
}

#[test]
fn the_probe_reads_documents_headers_and_errors() {
    let (_, facts) = facts_of(
        &[
            "api.goed.apiproef.nl",
            "api.yaml.apiproef.nl",
            "goedstad.nl",
        ],
        &["--only", "api.*"],
    );
    let by_host = |h: &str| facts.domains.iter().find(|d| d.domain == h).unwrap();
    let goed = &by_host("api.goed.apiproef.nl").apis;
    assert_eq!(goed.len(), 1);
    let api = &goed[0];
    assert_eq!(api.base, "https://api.goed.apiproef.nl");
    assert_eq!(api.source, ApiSource::HostName);
    // JSON found: no YAML asked.
    assert_eq!(api.fetches.len(), 1);
    let document = api.document.as_ref().unwrap();
    assert_eq!(document.content_type.as_deref(), Some("application/json"));
    let summary = document.summary.as_ref().unwrap();
    assert_eq!(summary.openapi.as_deref(), Some("3.0.3"));
    assert_eq!(summary.servers, ["/v1"]);
    assert_eq!(summary.paths, ["/gemeenten", "/gemeenten/{code}"]);
    let error = api.error_response.as_ref().unwrap();
    let hop = error.final_response().unwrap();
    assert_eq!(hop.status, 404);
    assert_eq!(hop.header("api-version"), Some("1.2.0"));
    assert!(
        error
            .body
            .as_ref()
            .unwrap()
            .text
            .contains("\"status\": 404")
    );
    // The YAML host: /openapi.json 404, then /openapi.yaml read as YAML.
    let yaml = &by_host("api.yaml.apiproef.nl").apis[0];
    assert_eq!(yaml.fetches.len(), 2);
    assert_eq!(yaml.fetches[0].final_response().unwrap().status, 404);
    let summary = yaml.document.as_ref().unwrap().summary.as_ref().unwrap();
    assert_eq!(summary.syntax, pastoe::wire::text::openapi::Syntax::Yaml);
    assert_eq!(summary.without_version_header_count, 0);
    // A web host without /openapi.json has no API: no facts, no finding.
    assert!(by_host("goedstad.nl").apis.is_empty());
}

/// Hostile documents cost at most their limits and give `error` findings: 2 MiB read up to
/// 1 MiB, an alias bomb refused by the YAML budget, malformed JSON.
#[test]
fn hostile_documents_are_bounded_errors() {
    let (doc, facts) = facts_of(
        &[
            "api.groot.apiproef.nl",
            "api.bom.apiproef.nl",
            "api.kapot.apiproef.nl",
        ],
        &["--only", "api.*"],
    );
    let groot = &facts.domains[0].apis[0];
    let document = groot.document.as_ref().unwrap();
    assert!(document.truncated);
    // Reading stops in the frame that crosses 1 MiB (counted, not kept): short of the 2 MiB
    // served.
    assert!(
        document.bytes_read > 1024 * 1024 && document.bytes_read < 2 * 1024 * 1024,
        "{}",
        document.bytes_read
    );
    assert!(document.summary.is_none());
    let bom = facts.domains[1].apis[0].document.as_ref().unwrap();
    assert!(!bom.truncated);
    assert!(
        bom.error.as_deref().unwrap().starts_with("not YAML"),
        "{bom:?}"
    );
    for host in [
        "api.groot.apiproef.nl",
        "api.bom.apiproef.nl",
        "api.kapot.apiproef.nl",
    ] {
        let f = support::finding(&doc, host, "api.openapi.published");
        assert_eq!(f.status, Error, "{host}: {}", f.message.en);
    }
}

/// `--adr-rules 2.0` has no contact or problem-details rule, 2.1 announces problem details,
/// 2.2 requires them; an unknown version is a usage error.
#[test]
fn the_adr_version_is_selectable() {
    let run = scan(
        &["api.html.apiproef.nl"],
        &["--only", "api.*", "--adr-rules", "2.0"],
    );
    let doc = run.doc();
    assert!(doc.findings.iter().all(|f| f.check != "api.problem_json"));
    assert_eq!(
        support::finding(&doc, "api.html.apiproef.nl", "api.openapi.published").evidence["adr_rules"],
        "2.0"
    );
    // Problem details: announced by 2.1 (a warning), required by 2.2.
    let run = scan(&["api.html.apiproef.nl"], &["--only", "api.*"]);
    let f = support::finding(&run.doc(), "api.html.apiproef.nl", "api.problem_json").clone();
    assert_eq!((f.status, f.outcome.as_str()), (Warning, "html"));
    let run = scan(
        &["api.html.apiproef.nl"],
        &["--only", "api.*", "--adr-rules", "2.2"],
    );
    let f = support::finding(&run.doc(), "api.html.apiproef.nl", "api.problem_json").clone();
    assert_eq!((f.status, f.outcome.as_str()), (Fail, "html"));
    let run = scan(&["api.html.apiproef.nl"], &["--adr-rules", "9.9"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("2.0, 2.1, 2.2"), "{}", run.stderr);
}

/// A sweep finds an organisation's APIs three ways: `api.<listed domain>` (discovered and
/// scanned as a host of its own), the listed host's own /openapi.json, and a base URL the
/// organisations file lists.
#[test]
fn a_sweep_finds_the_apis_of_an_organisation() {
    let dir = scratch_dir("api-sweep");
    let orgs = dir.join("orgs.toml");
    std::fs::write(
        &orgs,
        r#"[[organisation]]
id = "proef-api"
name = "Proefbureau API"
type = "rijk"
domains = ["goed.apiproef.nl"]
tags = []
apis = ["https://data.apiproef.nl/api/v1/", "https://api.namen.apiproef.nl"]
"#,
    )
    .unwrap();
    let db = dir.join("store.sqlite");
    let run = sweep(&orgs, &db, &["--only", "api.*"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs = export_documents(&db);
    let findings = published(docs.iter().flat_map(|d| d.findings.iter()));
    let want = [
        (
            "api.goed.apiproef.nl",
            "https://api.goed.apiproef.nl",
            "host_name",
            "ok",
        ),
        (
            "goed.apiproef.nl",
            "https://goed.apiproef.nl",
            "document",
            "ok",
        ),
        (
            "goed.apiproef.nl",
            "https://data.apiproef.nl/api/v1",
            "listed",
            "ok",
        ),
        (
            "goed.apiproef.nl",
            "https://api.namen.apiproef.nl",
            "listed",
            "ok",
        ),
    ];
    for row in want {
        assert!(findings.contains(&row), "{row:?} not in {findings:?}");
    }
    assert_eq!(findings.len(), want.len(), "{findings:?}");

    // Judged again under ADR 2.2 (without --only: the sweep's own `api.*`, so no finding of
    // a check it did not probe), `pastoe diff` names what the newer version changes.
    let db_arg = db.to_str().unwrap();
    let again = support::pastoe(&["judge", "--db", db_arg, "--adr-rules", "2.2"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let diff = support::pastoe(&["diff", "--db", db_arg, "1", "2"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    for line in [
        "0 improved, 1 regressed, 4 new, 0 gone",
        "    goed.apiproef.nl api.paths_kebab_case https://api.namen.apiproef.nl: warning -> fail\n",
        "    goed.apiproef.nl api.query_keys_camel_case https://api.namen.apiproef.nl: - -> fail\n",
        "    goed.apiproef.nl api.query_keys_camel_case https://data.apiproef.nl/api/v1: - -> pass\n",
    ] {
        assert!(
            diff.stdout.contains(line),
            "no {line:?} in:\n{}",
            diff.stdout
        );
    }
    // Judged again without flags, sweep 2 keeps its ADR 2.2 and its checks: nothing changes.
    let again = support::pastoe(&["judge", "--db", db_arg]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let same = support::pastoe(&["diff", "--db", db_arg, "2", "3"]);
    assert_eq!(
        same.stdout,
        "no changes between sweep 2 and sweep 3
"
    );

    // The published site has both standards in the Forum view.
    let site = dir.join("site");
    let run = support::report_from_store(&db, &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("REST API Design Rules") && index.contains("OpenAPI Specification"),
        "{index}"
    );
}

/// `scan --api URL` judges an API besides those found, measured with the scanned domain it
/// belongs to; an API URL the organisations file would refuse is a usage error naming it.
#[test]
fn a_scan_judges_the_apis_it_is_given() {
    let run = scan(
        &["goed.apiproef.nl", "api.goed.apiproef.nl"],
        &[
            "--only",
            "api.*",
            "--api",
            "https://data.apiproef.nl/api/v1/",
            "--api",
            "https://api.goed.apiproef.nl/v1",
        ],
    );
    // 1: the listed /v1 has no document (a failing finding).
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.doc();
    let mut apis = published(&doc.findings);
    apis.sort();
    assert_eq!(
        apis,
        [
            // Its host is scanned: measured with it (the host itself is an API by its name).
            (
                "api.goed.apiproef.nl",
                "https://api.goed.apiproef.nl",
                "host_name",
                "ok"
            ),
            (
                "api.goed.apiproef.nl",
                "https://api.goed.apiproef.nl/v1",
                "listed",
                "missing"
            ),
            // Another host of the same registrable domain: measured with the first of it.
            (
                "goed.apiproef.nl",
                "https://data.apiproef.nl/api/v1",
                "listed",
                "ok"
            ),
            (
                "goed.apiproef.nl",
                "https://goed.apiproef.nl",
                "document",
                "ok"
            ),
        ]
    );
    // Also when the domain it is measured with does not resolve.
    let run = scan(
        &["bestaat-niet.apiproef.nl"],
        &["--only", "api.*", "--api", "https://api.goed.apiproef.nl"],
    );
    assert_eq!(
        published(&run.doc().findings),
        [(
            "bestaat-niet.apiproef.nl",
            "https://api.goed.apiproef.nl",
            "listed",
            "ok"
        )],
        "{}",
        run.stderr
    );
    for bad in [
        "http://data.apiproef.nl/v1",
        "https://data.apiproef.nl/v1?x=1",
    ] {
        let run = scan(&["goed.apiproef.nl"], &["--api", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains(bad), "{bad}: {}", run.stderr);
    }
}

/// Per API: the domain it was measured with, its base URL, how it was found and whether its
/// document was published (the `api.openapi.published` findings).
fn published<'a>(
    findings: impl IntoIterator<Item = &'a pastoe::judge::finding::Finding>,
) -> Vec<(&'a str, &'a str, &'a str, &'a str)> {
    findings
        .into_iter()
        .filter(|f| f.check == "api.openapi.published")
        .map(|f| {
            (
                f.domain.as_str(),
                f.subject.as_str(),
                f.evidence["found"].as_str().unwrap_or_default(),
                f.outcome.as_str(),
            )
        })
        .collect()
}
