//! The API Design Rules and OpenAPI checks on the golden facts of every REST API host of the
//! test internet (apiproef.nl; tests/live/golden.rs holds them to the live hosts), judged
//! under ADR 2.2 (every rule), the default 2.1 and 2.0.

use crate::support;

use pastoe::report::ScanDocument;
use pastoe::rules::Status::*;
use support::golden::golden_doc;

/// The checks in report order, the columns of [`MATRIX`].
const COLUMNS: [&str; 11] = [
    "api.openapi.published",
    "api.openapi.version",
    "api.version_header",
    "api.uri_version",
    "api.no_trailing_slash",
    "api.servers_https",
    "api.contact",
    "api.problem_json",
    "api.semver",
    "api.paths_kebab_case",
    "api.query_keys_camel_case",
];

/// Per host (its API is at `https://<host>`): each check's outcome key under ADR 2.2 (which
/// has every rule), with why.
const MATRIX: &[(&str, [&str; 11], &str)] = &[
    (
        "api.goed.apiproef.nl",
        [
            "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok",
        ],
        "every rule met",
    ),
    (
        "api.zonderheader.apiproef.nl",
        [
            "ok", "ok", "missing", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok",
        ],
        "the document declares API-Version, the server never sends it",
    ),
    (
        "api.oas31.apiproef.nl",
        [
            "ok", "oas31", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok",
        ],
        "OpenAPI 3.1.0 is not the listed 3.0",
    ),
    (
        "api.geendoc.apiproef.nl",
        [
            "missing",
            "not_tested",
            "ok",
            "not_tested",
            "not_tested",
            "not_tested",
            "not_tested",
            "ok",
            "not_tested",
            "not_tested",
            "not_tested",
        ],
        "404 at /openapi.json and /openapi.yaml: nothing of a document to judge; the 404s carry the header and are problem+json",
    ),
    (
        "api.slash.apiproef.nl",
        [
            "ok",
            "ok",
            "not_documented",
            "missing",
            "trailing_slash",
            "not_https",
            "incomplete",
            "ok",
            "ok",
            "ok",
            "ok",
        ],
        "trailing slashes, an http:// server, a server without /vN, contact with only an e-mail address, no API-Version in the document",
    ),
    (
        "api.html.apiproef.nl",
        [
            "ok", "ok", "ok", "ok", "ok", "ok", "ok", "html", "ok", "ok", "ok",
        ],
        "errors are nginx's HTML page",
    ),
    (
        "api.yaml.apiproef.nl",
        [
            "yaml_only",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "missing",
            "wrong_type",
            "ok",
            "ok",
            "ok",
        ],
        "the document is only in YAML (read from it: OAS 3.0.3, no contact); errors are application/json",
    ),
    (
        "api.kapot.apiproef.nl",
        [
            "unreadable",
            "not_tested",
            "ok",
            "not_tested",
            "not_tested",
            "not_tested",
            "not_tested",
            "invalid_body",
            "not_tested",
            "not_tested",
            "not_tested",
        ],
        "malformed JSON; an error that says problem+json but is text",
    ),
    (
        "api.groot.apiproef.nl",
        [
            "too_large",
            "not_tested",
            "ok",
            "not_tested",
            "not_tested",
            "not_tested",
            "not_tested",
            "ok",
            "not_tested",
            "not_tested",
            "not_tested",
        ],
        "2 MiB: read up to pastoe's 1 MiB and not judged",
    ),
    (
        "api.bom.apiproef.nl",
        [
            "unreadable",
            "not_tested",
            "ok",
            "not_tested",
            "not_tested",
            "not_tested",
            "not_tested",
            "ok",
            "not_tested",
            "not_tested",
            "not_tested",
        ],
        "a YAML alias bomb is refused by the parser's budget",
    ),
    (
        "api.oud.apiproef.nl",
        [
            "ok",
            "swagger2",
            "not_document_version",
            "missing",
            "ok",
            "ok",
            "missing",
            "ok",
            "ok",
            "ok",
            "ok",
        ],
        "Swagger 2.0: no servers (the base URL has no /vN; basePath is OAS 2), no headers declared, no contact; it sends API-Version: 1.2.0, the document says 0.9.0",
    ),
    (
        "api.vier.apiproef.nl",
        [
            "ok", "other", "ok", "ok", "ok", "ok", "ok", "ok", "missing", "ok", "ok",
        ],
        "openapi 4.0.0 is no version the standard knows; no info.version",
    ),
    (
        "api.portaal.apiproef.nl",
        [
            "not_openapi",
            "not_tested",
            "ok",
            "not_tested",
            "not_tested",
            "not_tested",
            "not_tested",
            "ok",
            "not_tested",
            "not_tested",
            "not_tested",
        ],
        "an HTML page at /openapi.json",
    ),
    (
        "api.dicht.apiproef.nl",
        [
            "failed",
            "not_tested",
            "not_tested",
            "not_tested",
            "not_tested",
            "not_tested",
            "not_tested",
            "failed",
            "not_tested",
            "not_tested",
            "not_tested",
        ],
        "nothing listens: the API could not be measured",
    ),
    (
        "api.kort.apiproef.nl",
        [
            "ok",
            "ok",
            "not_full_version",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
        ],
        "API-Version: 1 is the major version only",
    ),
    (
        "data.apiproef.nl",
        [
            "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok",
        ],
        "not named api., found by its /openapi.json",
    ),
    (
        "api.namen.apiproef.nl",
        [
            "ok",
            "ok",
            "not_document_version",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "not_semver",
            "not_kebab_case",
            "not_camel_case",
        ],
        "info.version 1.0 (no semantic version, and not the 1.2.0 sent), /Gemeenten, /gemeente_codes/{code} and /lijst.csv, query keys page_size, Sorteer-Op and api_key",
    ),
];

fn api_doc(adr: &str) -> ScanDocument {
    let mut rules = support::golden::rules(pastoe::rules::DEFAULT_TLS_RULES);
    rules.select_adr(adr).expect("the ADR version exists");
    let facts = support::golden::golden_facts(&["api"]);
    let judgement = pastoe::Judgement::new(
        rules,
        pastoe::rules::DEFAULT_TLS_RULES,
        vec!["api.*".into()],
        None,
    )
    .expect("a judgement of the API checks");
    pastoe::judge(&facts, &judgement, Default::default())
}

#[test]
fn every_api_host_gets_its_verdicts() {
    let doc = api_doc("2.2");
    let mut wrong = Vec::new();
    for (host, outcomes, why) in MATRIX {
        for (check, want) in COLUMNS.iter().zip(outcomes) {
            let got: Vec<&str> = doc
                .findings
                .iter()
                .filter(|f| f.domain == *host && f.check == *check)
                .map(|f| f.outcome.as_str())
                .collect();
            if got != [*want] {
                wrong.push(format!("{host} {check}: got {got:?}, want {want} ({why})"));
            }
        }
    }
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
}

#[test]
fn an_api_finding_is_about_its_base_url_and_says_how_it_was_found() {
    let doc = golden_doc(&["api"], pastoe::rules::DEFAULT_TLS_RULES);
    let published = |host: &str| {
        doc.findings
            .iter()
            .find(|f| f.domain == host && f.check == "api.openapi.published")
            .unwrap_or_else(|| panic!("{host}: no api.openapi.published"))
    };
    let goed = published("api.goed.apiproef.nl");
    assert_eq!(goed.subject, "https://api.goed.apiproef.nl");
    assert_eq!(goed.evidence["found"], "host_name");
    assert_eq!(goed.evidence["adr_rules"], "2.1");
    assert_eq!(goed.status, Pass);
    let data = published("data.apiproef.nl");
    assert_eq!(data.evidence["found"], "document");
    // The levels: a missing contact is a recommendation (warning), the rest required.
    let contact = doc
        .findings
        .iter()
        .find(|f| f.domain == "api.yaml.apiproef.nl" && f.check == "api.contact")
        .unwrap();
    assert_eq!(contact.status, Warning);
    assert_eq!(published("api.geendoc.apiproef.nl").status, Fail);
    assert_eq!(published("api.groot.apiproef.nl").status, Error);
    assert_eq!(published("api.bom.apiproef.nl").status, Error);
    // Both standards count for the Forum view.
    let standards: std::collections::BTreeSet<&str> = doc
        .findings
        .iter()
        .filter(|f| f.check.starts_with("api."))
        .map(|f| f.standard.as_str())
        .collect();
    assert_eq!(
        standards,
        ["api_design_rules", "openapi"].into_iter().collect()
    );
}

/// ADR 2.0 has no contact or problem-details rule: those checks give no finding under it,
/// the others the same verdicts as under 2.1. Problem details are a rule of 2.2 that 2.1
/// announces: an HTML error page is a warning (recommended) under 2.1, a failure under 2.2.
#[test]
fn each_adr_version_judges_its_own_rules() {
    use pastoe::rules::Level::{Recommended, Required};
    let (v20, v21, v22) = (api_doc("2.0"), api_doc("2.1"), api_doc("adr-2.2"));
    let checks = |doc: &ScanDocument| -> std::collections::BTreeSet<String> {
        doc.findings.iter().map(|f| f.check.clone()).collect()
    };
    // Rules added after 2.0 (contact, 2.1), announced by 2.1 (problem details, kebab-case
    // paths) and only in 2.2 (camelCase query keys).
    let later = ["api.contact", "api.problem_json", "api.paths_kebab_case"];
    for check in later {
        assert!(!checks(&v20).contains(check), "{check} in 2.0");
        assert!(checks(&v21).contains(check), "{check} not in 2.1");
    }
    assert!(!checks(&v21).contains("api.query_keys_camel_case"));
    assert!(checks(&v22).contains("api.query_keys_camel_case"));
    let outcomes = |doc: &ScanDocument| -> Vec<(String, String, String)> {
        doc.findings
            .iter()
            .filter(|f| !later.contains(&f.check.as_str()))
            .filter(|f| f.check != "api.query_keys_camel_case")
            .map(|f| (f.subject.clone(), f.check.clone(), f.outcome.clone()))
            .collect()
    };
    assert_eq!(outcomes(&v20), outcomes(&v21));
    assert_eq!(outcomes(&v21), outcomes(&v22));
    let namen = |doc: &ScanDocument| {
        let f = doc
            .findings
            .iter()
            .find(|f| f.domain == "api.namen.apiproef.nl" && f.check == "api.paths_kebab_case")
            .unwrap();
        (f.status, f.level)
    };
    assert_eq!(namen(&v21), (Warning, Recommended));
    assert_eq!(namen(&v22), (Fail, Required));
    let html_errors = |doc: &ScanDocument| {
        let f = doc
            .findings
            .iter()
            .find(|f| f.domain == "api.html.apiproef.nl" && f.check == "api.problem_json")
            .unwrap()
            .clone();
        (
            f.outcome,
            f.status,
            f.level,
            f.evidence.get("required_from_adr").cloned(),
        )
    };
    assert_eq!(
        html_errors(&v21),
        (
            "html".into(),
            Warning,
            Recommended,
            Some(serde_json::json!(["2.2"]))
        )
    );
    assert_eq!(html_errors(&v22), ("html".into(), Fail, Required, None));
    let mut rules = support::golden::rules(pastoe::rules::DEFAULT_TLS_RULES);
    let err = rules.select_adr("3.0").unwrap_err().to_string();
    assert!(err.contains("2.0, 2.1, 2.2"), "{err}");
}
