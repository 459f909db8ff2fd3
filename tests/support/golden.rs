//! The golden files (fixtures/golden, see its README): the rows a findings file keeps, the
//! judge's rows for a facts document, and the golden facts of an area judged into a scan
//! document. tests/offline/golden.rs replays them; tests/offline/verdicts/ asserts each area's
//! expected verdicts on them; tests/live/golden.rs checks that the test internet still gives
//! them.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pastoe::facts::{DomainFacts, FACTS_SCHEMA_VERSION, FactsDocument};
use pastoe::judge::finding::Finding;
use pastoe::judge::selection::Selection;
use pastoe::report::{OrganisationMeta, ScanDocument};
use pastoe::rules::{RuleSet, Status};
use pastoe::scan::judge_all;
use serde::{Deserialize, Serialize};

/// The other NCSC TLS table a scan can be judged against (`--tls-rules 2.1`).
pub const OTHER_TLS_RULES: &str = "ncsc-tls-2.1";

pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/golden")
}

/// The rules `pastoe scan` judges with under the NCSC TLS table `tls`.
pub fn rules(tls: &str) -> RuleSet {
    let mut rules = pastoe::judge::embedded_rules().expect("the embedded rules load");
    rules.select_tls(tls).expect("the TLS table exists");
    rules
}

/// `rules` with the judging input a golden facts file is judged with: the OpenPGP keys of
/// `<case>.sectxt-key.asc` beside it, as `--sectxt-key` gives them, when there is one.
pub fn rules_for<'a>(facts: &Path, rules: &'a RuleSet) -> Cow<'a, RuleSet> {
    let name = facts.to_string_lossy();
    let keys = PathBuf::from(name.replace(".facts.json", ".sectxt-key.asc"));
    match std::fs::read_to_string(&keys) {
        Ok(armored) => {
            let mut with_keys = rules.clone();
            with_keys.sectxt_keys = pastoe::wire::text::security_txt::read_public_keys(&armored)
                .unwrap_or_else(|e| panic!("{}: {e}", relative(&keys)));
            Cow::Owned(with_keys)
        }
        Err(_) => Cow::Borrowed(rules),
    }
}

pub fn relative(path: &Path) -> String {
    path.strip_prefix(golden_dir())
        .unwrap_or(path)
        .display()
        .to_string()
}

pub fn findings_path(facts: &Path) -> PathBuf {
    let name = facts.to_string_lossy();
    PathBuf::from(name.replace(".facts.json", ".findings.json"))
}

/// A golden facts file: one domain, in the facts schema this pastoe reads.
pub fn load_facts(path: &Path) -> FactsDocument {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: FactsDocument = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a facts document: {e}", relative(path)));
    assert_eq!(
        doc.schema_version,
        FACTS_SCHEMA_VERSION,
        "{}: facts schema {} (pastoe reads {FACTS_SCHEMA_VERSION}): regenerate with scripts/golden-facts",
        relative(path),
        doc.schema_version
    );
    assert_eq!(
        doc.domains.len(),
        1,
        "{}: one domain per golden facts file",
        relative(path)
    );
    doc
}

/// The golden facts of these areas (`fixtures/golden/<area>/`) as one facts document, judged
/// under the TLS table `tls` as `pastoe judge --facts` judges it. A domain recorded in
/// several of the areas is taken from the first.
pub fn golden_doc(areas: &[&str], tls: &str) -> ScanDocument {
    golden_judged(areas, tls, &[])
}

/// [`golden_doc`] judged on the checks matching `only` (as `--only`) under the default rules.
pub fn golden_only(areas: &[&str], only: &[&str]) -> ScanDocument {
    golden_judged(areas, pastoe::rules::DEFAULT_TLS_RULES, only)
}

fn golden_judged(areas: &[&str], tls: &str, only: &[&str]) -> ScanDocument {
    judged(&golden_facts(areas), rules(tls), tls, only)
}

/// The golden facts of these areas as one facts document; a domain recorded in several of
/// them is taken from the first.
pub fn golden_facts(areas: &[&str]) -> FactsDocument {
    let mut merged: Option<FactsDocument> = None;
    for area in areas {
        let dir = golden_dir().join(area);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".facts.json"))
            .collect();
        files.sort();
        for file in files {
            let doc = load_facts(&file);
            match &mut merged {
                None => merged = Some(doc),
                Some(all) => {
                    let domain = doc.domains.into_iter().next().expect("one domain");
                    if !all.domains.iter().any(|d| d.domain == domain.domain) {
                        all.domains.push(domain);
                    }
                }
            }
        }
    }
    merged.unwrap_or_else(|| panic!("no golden facts in {areas:?}"))
}

/// One golden facts file (`synthetic/<case>.facts.json`, …), judged under the default rules.
pub fn golden_file_doc(relative: &str) -> ScanDocument {
    let path = golden_dir().join(relative);
    let tls = pastoe::rules::DEFAULT_TLS_RULES;
    let rules = rules_for(&path, &rules(tls)).into_owned();
    judged(&load_facts(&path), rules, tls, &[])
}

fn judged(facts: &FactsDocument, rules: RuleSet, tls: &str, only: &[&str]) -> ScanDocument {
    let only = only.iter().map(|p| p.to_string()).collect();
    let judgement =
        pastoe::Judgement::new(rules, tls, only, None).expect("a judgement of these checks");
    pastoe::judge(facts, &judgement, OrganisationMeta::default())
}

/// A finding as the golden files keep it: what the judge decided, without the texts and
/// evidence (which follow from the rules and the facts and would make every text edit a
/// golden change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub check: String,
    pub subject: String,
    pub status: Status,
    pub outcome: String,
    /// Every outcome as `key:status`, worst first, when there was more than one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

impl Row {
    pub fn of(f: &Finding) -> Row {
        Row {
            check: f.check.clone(),
            subject: f.subject.clone(),
            status: f.status,
            outcome: f.outcome.clone(),
            details: f
                .details
                .iter()
                .map(|d| format!("{}:{}", d.outcome, d.status.as_str()))
                .collect(),
        }
    }

    fn key(&self) -> (String, String) {
        (self.check.clone(), self.subject.clone())
    }
}

/// The contents of a `*.findings.json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Expected {
    pub findings: Vec<Row>,
    /// The findings that the other NCSC TLS table judges differently, as it judges them.
    #[serde(default, rename = "ncsc-tls-2.1")]
    pub other_tls: Vec<Row>,
}

impl Expected {
    /// The stored findings file beside a facts file.
    pub fn load(path: &Path) -> Option<Expected> {
        let text = std::fs::read_to_string(path).ok()?;
        Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", relative(path))))
    }

    /// The rows the judge gives these domains' facts under the default and the other TLS table.
    pub fn judge(domains: &[DomainFacts], default: &RuleSet, other: &RuleSet) -> Expected {
        let findings: Vec<Row> = judge_all(domains, default, &Selection::default())
            .iter()
            .map(Row::of)
            .collect();
        let other_tls = judge_all(domains, other, &Selection::default())
            .iter()
            .map(Row::of)
            .filter(|row| !findings.contains(row))
            .collect();
        Expected {
            findings,
            other_tls,
        }
    }

    /// JSON with one finding a line, so a diff shows which finding changed.
    pub fn render(&self) -> String {
        let rows = |rows: &[Row]| {
            rows.iter()
                .map(|r| format!("    {}", serde_json::to_string(r).unwrap()))
                .collect::<Vec<_>>()
                .join(",\n")
        };
        let mut out = format!("{{\n  \"findings\": [\n{}\n  ]", rows(&self.findings));
        if !self.other_tls.is_empty() {
            out += &format!(
                ",\n  \"{OTHER_TLS_RULES}\": [\n{}\n  ]",
                rows(&self.other_tls)
            );
        }
        out + "\n}\n"
    }

    /// What differs from `got`, finding by finding, under both tables.
    pub fn diff(&self, got: &Expected) -> Vec<String> {
        let mut lines = diff("findings", &self.findings, &got.findings);
        lines.extend(diff(OTHER_TLS_RULES, &self.other_tls, &got.other_tls));
        lines
    }
}

/// What differs between the expected and the judged rows, finding by finding.
fn diff(section: &str, want: &[Row], got: &[Row]) -> Vec<String> {
    let by_key = |rows: &[Row]| -> BTreeMap<(String, String), Row> {
        rows.iter().map(|r| (r.key(), r.clone())).collect()
    };
    let (want_map, got_map) = (by_key(want), by_key(got));
    let mut out = Vec::new();
    for (key, w) in &want_map {
        match got_map.get(key) {
            None => out.push(format!("  {section} missing: {}", show(w))),
            Some(g) if g != w => out.push(format!(
                "  {section} changed: {}\n      now: {}",
                show(w),
                show(g)
            )),
            Some(_) => {}
        }
    }
    for (key, g) in &got_map {
        if !want_map.contains_key(key) {
            out.push(format!("  {section} new: {}", show(g)));
        }
    }
    if out.is_empty() && want != got {
        out.push(format!("  {section}: same findings in another order"));
    }
    out
}

fn show(row: &Row) -> String {
    serde_json::to_string(row).unwrap()
}
