//! Spectral 6.16.3 (`@stoplight/spectral-cli`, its own node_modules, `fixtures/oracles/install`)
//! as the oracle for what the API Design Rules say of an OpenAPI document: on every API
//! document the test internet serves, Spectral with `fixtures/oracles/adr/ruleset.yaml` and
//! pastoe agree on each rule a document shows, except for the differences listed below with
//! their reasons. A difference not listed fails, and so does a listed one that is gone.
//!
//! The government's own Spectral rulesets (`@developer-overheid-nl/adr-rulesets`) are not in
//! the npm registry this project reaches; the ruleset is written from the rule texts (see
//! its header). Spectral brings its own parser, `$ref` resolution and JSONPath.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use pastoe::rules::Status;
use support::{env, finding, repo, scan};

/// Spectral rule → the pastoe check judging the same ADR rule.
const MAPPING: &[(&str, &str)] = &[
    ("core-doc-openapi", "api.openapi.version"),
    ("core-version-header", "api.version_header"),
    ("core-uri-version", "api.uri_version"),
    ("core-no-trailing-slash", "api.no_trailing_slash"),
    ("core-transport-tls", "api.servers_https"),
    ("core-doc-openapi-contact", "api.contact"),
];

/// Where pastoe and Spectral differ on purpose: (host, check, reason).
const DELIBERATE: &[(&str, &str, &str)] = &[
    (
        "api.zonderheader.apiproef.nl",
        "api.version_header",
        "the document declares API-Version, the server never sends it: pastoe judges the responses as sent, Spectral sees only the document",
    ),
    (
        "api.kort.apiproef.nl",
        "api.version_header",
        "the server sends API-Version: 1, not the full version: the value is only on the wire, Spectral sees the document, which declares the header",
    ),
    (
        "api.oud.apiproef.nl",
        "api.uri_version",
        "a document without servers: pastoe judges the base URL the API was found at (no /vN), Spectral has no server URL to check (the Swagger 2.0 basePath /v1 is no OpenAPI 3 server)",
    ),
    (
        "api.groot.apiproef.nl",
        "api.openapi.version",
        "a 2 MiB document: pastoe reads at most 1 MiB and judges nothing of it (not tested), Spectral reads it all and finds a valid 3.0.3",
    ),
    (
        "api.groot.apiproef.nl",
        "api.uri_version",
        "2 MiB, as above",
    ),
    (
        "api.groot.apiproef.nl",
        "api.no_trailing_slash",
        "2 MiB, as above",
    ),
    (
        "api.groot.apiproef.nl",
        "api.servers_https",
        "2 MiB, as above",
    ),
    ("api.groot.apiproef.nl", "api.contact", "2 MiB, as above"),
];

/// Documents Spectral is not run on, and why.
const NOT_RUN: &[(&str, &str)] = &[(
    "api.bom.apiproef.nl",
    "a YAML alias bomb: Spectral 6.16.3 expands it (still running, 53 s of CPU, when killed after 120 s in a trial); pastoe's YAML budget refuses it at once (api.openapi.published unreadable)",
)];

/// The API hosts of the test internet and the document each serves (hosts.toml `files`), as
/// the served file in the bed's docroot.
fn documents() -> Vec<(String, PathBuf)> {
    let text = std::fs::read_to_string(repo().join("fixtures/net/hosts.toml")).unwrap();
    let hosts: toml::Table = toml::from_str(&text).unwrap();
    let run = PathBuf::from(env("PASTOE_RUN"));
    let mut found = Vec::new();
    for host in hosts["host"].as_array().unwrap() {
        let name = host["names"][0].as_str().unwrap();
        let Some(files) = host.get("files").and_then(|f| f.as_table()) else {
            continue;
        };
        for path in ["/openapi.json", "/openapi.yaml"] {
            if files.contains_key(path) {
                let served = run.join("web/sites").join(name).join(&path[1..]);
                found.push((name.to_string(), served));
                break;
            }
        }
    }
    found
}

/// The Spectral rules a document breaks (errors only), or why it could not be read.
fn spectral(document: &PathBuf) -> BTreeSet<String> {
    let bin = repo().join("fixtures/oracles/spectral/node_modules/.bin/spectral");
    assert!(
        bin.exists(),
        "{} is missing: run fixtures/oracles/install (needs npm; scripts/test does)",
        bin.display()
    );
    let ruleset = repo().join("fixtures/oracles/adr/ruleset.yaml");
    let out = Command::new(&bin)
        .args(["lint", "--quiet", "--format", "json", "--ruleset"])
        .arg(&ruleset)
        .arg(document)
        .output()
        .expect("run spectral");
    let results: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: Spectral's output is not JSON ({e}): {}{}",
            document.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    results
        .iter()
        .filter(|r| r["severity"] == 0)
        .filter_map(|r| r["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn spectral_agrees_with_pastoe_on_every_api_document() {
    let documents = documents();
    assert!(documents.len() >= 10, "{documents:?}");
    let hosts: Vec<&str> = documents.iter().map(|(h, _)| h.as_str()).collect();
    let run = scan(&hosts, &["--only", "api.*"]);
    let doc = run.doc();
    let mut differences: BTreeMap<(String, &str), String> = BTreeMap::new();
    let mut compared = 0;
    for (host, path) in &documents {
        if NOT_RUN.iter().any(|(h, _)| h == host) {
            continue;
        }
        let broken = spectral(path);
        let published = finding(&doc, host, "api.openapi.published");
        if ["unreadable", "not_openapi"].contains(&published.outcome.as_str()) {
            // Neither can read it as an OpenAPI 3 document: Spectral says so with a parser
            // error or by the missing `openapi` member.
            assert!(
                broken.contains("parser") || broken.contains("core-doc-openapi"),
                "{host}: pastoe cannot read the document ({}), Spectral finds only {broken:?}",
                published.message.en
            );
            continue;
        }
        for (rule, check) in MAPPING {
            let verdict = finding(&doc, host, check);
            let pastoe_passes = match verdict.status {
                Status::Pass => Some(true),
                Status::Fail | Status::Warning => Some(false),
                _ => None,
            };
            let spectral_passes = !broken.contains(*rule);
            compared += 1;
            if pastoe_passes != Some(spectral_passes) {
                differences.insert(
                    (host.clone(), *check),
                    format!(
                        "pastoe {:?}/{} ({}), Spectral {}",
                        verdict.status,
                        verdict.outcome,
                        verdict.message.en,
                        if spectral_passes { "passes" } else { "fails" }
                    ),
                );
            }
        }
    }
    assert!(compared >= 60, "only {compared} verdicts compared");
    let unlisted: Vec<String> = differences
        .iter()
        .filter(|((h, c), _)| !DELIBERATE.iter().any(|(dh, dc, _)| dh == h && dc == c))
        .map(|((h, c), why)| format!("{h} {c}: {why}"))
        .collect();
    assert!(
        unlisted.is_empty(),
        "unlisted differences:\n{}",
        unlisted.join("\n")
    );
    let gone: Vec<String> = DELIBERATE
        .iter()
        .filter(|(h, c, _)| !differences.contains_key(&(h.to_string(), *c)))
        .map(|(h, c, why)| format!("{h} {c}: {why}"))
        .collect();
    assert!(
        gone.is_empty(),
        "listed differences that no longer differ:\n{}",
        gone.join("\n")
    );
}
