//! The published site: an index of every organisation, a page per organisation and per
//! domain, the explanations register, and machine exports (JSON, CSV). Everything is
//! written to a temporary folder beside the target and moved into place at the end, so a
//! reader never sees half a site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::autonomy::{CSV_HEADER, DependencyRollup, csv_rows, rollups_of};
use super::autonomy_view::{IndexDependencies, index_summary, national_page};
use super::html::{HtmlError, HtmlRenderer, ReadinessView, explained_label, readiness_view};
use super::{SCHEMA_VERSION, ScanDocument, csv_cell, standard_name};
use crate::judge::finding::Finding;
use crate::judge::readiness::{ReadinessSummary, combine};
use crate::judge::score::StandardVerdict;
use crate::rules::Lang;
use crate::rules::RuleSet;

const SITE_SCRIPT: &str = include_str!("../../reports/static/site.js");

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error(transparent)]
    Html(#[from] HtmlError),
    #[error("cannot write {path}: {message}")]
    Write { path: PathBuf, message: String },
}

/// The machine export of a whole publication (`results.json`).
#[derive(Debug, Serialize)]
struct Results<'a> {
    schema_version: u32,
    generated_at: &'a str,
    organisations: &'a [ScanDocument],
    /// The digital-autonomy roll-ups: every organisation (`*`), then per type.
    dependencies: &'a [DependencyRollup],
}

#[derive(Serialize)]
struct IndexPage {
    lang: &'static str,
    generated: String,
    rule_set: String,
    words: SiteWords,
    standards: Vec<Named>,
    explained_column: usize,
    types: Vec<String>,
    tags: Vec<String>,
    organisations: Vec<OrganisationRow>,
    /// Nationwide: per organisation type, how many organisations per standard comply,
    /// comply by explanation, or do not.
    by_type: Vec<TypeRow>,
    /// Nationwide readiness roll-ups (`pqc`), beside the standards.
    readiness: Vec<ReadinessView>,
    /// The headline of the digital-autonomy roll-up, linking to `dependencies.html`.
    dependencies: Option<IndexDependencies>,
}

#[derive(Serialize)]
struct TypeRow {
    /// The organisation type; `*` is every organisation together.
    r#type: String,
    organisations: usize,
    standards: Vec<TypeCell>,
}

#[derive(Serialize)]
struct TypeCell {
    compliant: usize,
    explained: usize,
    not_compliant: usize,
    /// Share of organisations (with the standard applicable) that comply, explained or not.
    percent_compliant: u32,
}

#[derive(Serialize)]
struct Named {
    name: String,
}

#[derive(Serialize)]
struct OrganisationRow {
    name: String,
    href: String,
    r#type: String,
    tags: String,
    score: String,
    score_value: i64,
    standards: Vec<VerdictCell>,
    explained: usize,
}

#[derive(Serialize)]
struct VerdictCell {
    verdict: &'static str,
    label: &'static str,
    detail: String,
}

#[derive(Serialize)]
struct RegisterPage {
    lang: &'static str,
    generated: String,
    words: SiteWords,
    explanations: Vec<RegisterRow>,
    stale: Vec<String>,
}

#[derive(Serialize, Clone)]
struct RegisterRow {
    organisation: String,
    check: String,
    subject: String,
    reason: String,
    by: String,
    reference: String,
    since: String,
    valid_until: String,
    state: &'static str,
    state_class: &'static str,
    findings: usize,
}

#[derive(Serialize)]
struct SiteWords {
    title: &'static str,
    overview: &'static str,
    intro: &'static str,
    filter: &'static str,
    r#type: &'static str,
    tag: &'static str,
    all: &'static str,
    caption: &'static str,
    organisation: &'static str,
    score: &'static str,
    explained: &'static str,
    register: &'static str,
    register_json: &'static str,
    results_json: &'static str,
    readiness_json: &'static str,
    dependencies: &'static str,
    autonomy_csv: &'static str,
    findings_csv: &'static str,
    skip: &'static str,
    /// With `{shown}` and `{total}`, filled in by site.js when a filter changes.
    filter_status: &'static str,
    /// What the number beside a verdict counts.
    count_failing: &'static str,
    count_explained: &'static str,
    register_intro: &'static str,
    generated: &'static str,
    rule_set: &'static str,
    scope: &'static str,
    reason: &'static str,
    by: &'static str,
    period: &'static str,
    state: &'static str,
    findings: &'static str,
    published: &'static str,
    stale: &'static str,
}

impl SiteWords {
    fn new(lang: Lang) -> SiteWords {
        match lang {
            Lang::Nl => SiteWords {
                title: "Meting verplichte internetstandaarden",
                overview: "Overzicht per organisatie",
                intro: "Per organisatie en per standaard: voldoet, uitgelegd (pas toe of leg uit), voldoet niet of niet van toepassing. Uitgelegde bevindingen tellen apart, nooit als voldoende.",
                filter: "Filter",
                r#type: "Type",
                tag: "Label",
                all: "alle",
                caption: "Organisaties met hun resultaat per standaard",
                organisation: "Organisatie",
                score: "Score",
                explained: "Uitgelegd",
                register: "Register van uitleg",
                register_json: "register van uitleg (JSON)",
                results_json: "alle resultaten (JSON)",
                readiness_json: "quantumveiligheid (JSON)",
                dependencies: "Afhankelijkheden: aanbieders en jurisdicties",
                autonomy_csv: "afhankelijkheden per domein (CSV)",
                findings_csv: "alle bevindingen (CSV)",
                skip: "Naar de inhoud",
                filter_status: "{shown} van {total} organisaties getoond",
                count_failing: "controles",
                count_explained: "uitgelegd",
                register_intro: "Elke uitleg die organisaties gaven voor een afwijking, met wie besloot, tot wanneer, en waar het is gepubliceerd.",
                generated: "Gemeten op",
                rule_set: "Regelset",
                scope: "Reikwijdte",
                reason: "Reden",
                by: "Besloten door",
                period: "Periode",
                state: "Status",
                findings: "Bevindingen",
                published: "publicatie",
                stale: "Uitleg die niets meer dekt",
            },
            Lang::En => SiteWords {
                title: "Measurement of mandatory internet standards",
                overview: "Overview per organisation",
                intro: "Per organisation and per standard: compliant, explained (comply or explain), not compliant or not applicable. Explained findings are counted apart, never as passes.",
                filter: "Filter",
                r#type: "Type",
                tag: "Tag",
                all: "all",
                caption: "Organisations with their result per standard",
                organisation: "Organisation",
                score: "Score",
                explained: "Explained",
                register: "Explanations register",
                register_json: "explanations register (JSON)",
                results_json: "all results (JSON)",
                readiness_json: "quantum-safe readiness (JSON)",
                dependencies: "Dependencies: providers and jurisdictions",
                autonomy_csv: "dependencies per domain (CSV)",
                findings_csv: "all findings (CSV)",
                skip: "Skip to content",
                filter_status: "{shown} of {total} organisations shown",
                count_failing: "checks",
                count_explained: "explained",
                register_intro: "Every explanation organisations gave for a deviation, with who decided, until when, and where it is published.",
                generated: "Measured at",
                rule_set: "Rule set",
                scope: "Scope",
                reason: "Reason",
                by: "Decided by",
                period: "Period",
                state: "State",
                findings: "Findings",
                published: "publication",
                stale: "Explanations that cover nothing any more",
            },
        }
    }
}

fn verdict_label(verdict: StandardVerdict, lang: Lang) -> &'static str {
    match (verdict, lang) {
        (StandardVerdict::Compliant, Lang::Nl) => "voldoet",
        (StandardVerdict::Compliant, Lang::En) => "compliant",
        (StandardVerdict::Explained, l) => explained_label(l),
        (StandardVerdict::NotCompliant, Lang::Nl) => "voldoet niet",
        (StandardVerdict::NotCompliant, Lang::En) => "not compliant",
        (StandardVerdict::NotApplicable, Lang::Nl) => "n.v.t.",
        (StandardVerdict::NotApplicable, Lang::En) => "n/a",
    }
}

/// A file name from any string: lower-case letters, digits and hyphens.
pub(super) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "organisatie".into()
    } else {
        out
    }
}

/// Write the site for these scan documents into `out`.
pub fn write_site(
    docs: &[ScanDocument],
    rules: &RuleSet,
    out: &Path,
    lang: Lang,
    templates: Option<&Path>,
    generated: &str,
) -> Result<(), SiteError> {
    let renderer = HtmlRenderer::new(templates)?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let tmp = parent.join(format!(".{name}.tmp{}", std::process::id()));
    let write = |path: &Path, bytes: &[u8]| {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| SiteError::Write {
                path: dir.to_path_buf(),
                message: e.to_string(),
            })?;
        }
        std::fs::write(path, bytes).map_err(|e| SiteError::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    };
    let _ = std::fs::remove_dir_all(&tmp);
    let result = (|| {
        write(&tmp.join("report.css"), renderer.css().as_bytes())?;
        write(&tmp.join("site.js"), SITE_SCRIPT.as_bytes())?;
        let mut used = BTreeMap::<String, usize>::new();
        let mut rows = Vec::new();
        for doc in docs {
            let display = doc
                .organisation_name
                .clone()
                .or_else(|| doc.organisation.clone())
                .unwrap_or_else(|| "—".into());
            let mut file = slug(doc.organisation.as_deref().unwrap_or(&display));
            let n = used.entry(file.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                file = format!("{file}-{n}");
            }
            let html = renderer.organisation(doc, rules, lang, Some("../index.html"))?;
            write(
                &tmp.join("org").join(format!("{file}.html")),
                html.as_bytes(),
            )?;
            for summary in &doc.domains {
                let single = ScanDocument {
                    domains: vec![summary.clone()],
                    findings: doc
                        .findings
                        .iter()
                        .filter(|f| f.domain == summary.domain)
                        .cloned()
                        .collect(),
                    // The readiness roll-up is the organisation's; the domain page lists
                    // its own readiness findings.
                    readiness: Vec::new(),
                    dependencies: doc
                        .dependencies
                        .iter()
                        .filter(|a| a.domain == summary.domain)
                        .cloned()
                        .collect(),
                    ..doc.clone()
                };
                let html = renderer.organisation(&single, rules, lang, Some("../index.html"))?;
                write(
                    &tmp.join("domain")
                        .join(format!("{}.html", slug(&summary.domain))),
                    html.as_bytes(),
                )?;
            }
            rows.push(row(doc, rules, lang, display, format!("org/{file}.html")));
        }
        let standards: Vec<Named> = standard_ids(docs, rules)
            .iter()
            .map(|id| Named {
                name: standard_name(rules, id, lang),
            })
            .collect();
        let mut types: Vec<String> = docs
            .iter()
            .filter_map(|d| d.organisation_type.clone())
            .collect();
        types.sort();
        types.dedup();
        let mut tags: Vec<String> = docs
            .iter()
            .flat_map(|d| {
                d.tags
                    .iter()
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join("-"))
            })
            .collect();
        tags.sort();
        tags.dedup();
        let by_type = aggregate(docs, rules);
        write(&tmp.join("aggregates.json"), to_json(&by_type).as_bytes())?;
        let national = national_readiness(docs, rules);
        write(&tmp.join("readiness.json"), to_json(&national).as_bytes())?;
        let dependencies = rollups_of(docs);
        let index = IndexPage {
            readiness: national.iter().map(|s| readiness_view(s, lang)).collect(),
            dependencies: index_summary(&dependencies, lang),
            by_type,
            lang: lang_code(lang),
            generated: generated.to_string(),
            rule_set: format!("{} {}", rules.meta.id, rules.meta.version),
            words: SiteWords::new(lang),
            explained_column: 3 + standards.len(),
            standards,
            types,
            tags,
            organisations: rows,
        };
        write(
            &tmp.join("index.html"),
            renderer.render("index", &index)?.as_bytes(),
        )?;
        let (register, stale) = register(docs, lang);
        let page = RegisterPage {
            lang: lang_code(lang),
            generated: generated.to_string(),
            words: SiteWords::new(lang),
            explanations: register.clone(),
            stale,
        };
        write(
            &tmp.join("explanations.html"),
            renderer.render("explanations", &page)?.as_bytes(),
        )?;
        write(
            &tmp.join("explanations.json"),
            to_json(&register).as_bytes(),
        )?;
        write(
            &tmp.join("dependencies.html"),
            renderer
                .render(
                    "dependencies",
                    &national_page(&dependencies, rules, lang, generated),
                )?
                .as_bytes(),
        )?;
        let autonomy_csv: String = std::iter::once(CSV_HEADER.to_string())
            .chain(docs.iter().map(csv_rows))
            .collect();
        write(&tmp.join("autonomy.csv"), autonomy_csv.as_bytes())?;
        let results = Results {
            schema_version: SCHEMA_VERSION,
            generated_at: generated,
            organisations: docs,
            dependencies: &dependencies,
        };
        write(&tmp.join("results.json"), to_json(&results).as_bytes())?;
        write(&tmp.join("findings.csv"), csv(docs).as_bytes())?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    // Swap the finished site in; the old one is removed only once the new one is there.
    let old = parent.join(format!(".{name}.old{}", std::process::id()));
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| SiteError::Write {
            path: out.to_path_buf(),
            message: e.to_string(),
        })?;
    }
    std::fs::rename(&tmp, out).map_err(|e| SiteError::Write {
        path: out.to_path_buf(),
        message: e.to_string(),
    })?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    }
}

fn standard_ids(docs: &[ScanDocument], rules: &RuleSet) -> Vec<String> {
    let mut ids: Vec<String> = docs
        .iter()
        .flat_map(|d| d.standards.iter().map(|s| s.standard.clone()))
        .collect();
    ids.sort_by_key(|id| {
        (
            rules.standards.get(id).map(|s| s.order).unwrap_or(u32::MAX),
            id.clone(),
        )
    });
    ids.dedup();
    ids
}

fn row(
    doc: &ScanDocument,
    rules: &RuleSet,
    lang: Lang,
    name: String,
    href: String,
) -> OrganisationRow {
    let words = SiteWords::new(lang);
    let scores: Vec<u32> = doc.domains.iter().filter_map(|d| d.score).collect();
    let score = (!scores.is_empty()).then(|| scores.iter().sum::<u32>() / scores.len() as u32);
    let standards = standard_ids(std::slice::from_ref(doc), rules)
        .into_iter()
        .map(|id| match doc.standards.iter().find(|s| s.standard == id) {
            Some(view) => VerdictCell {
                verdict: view.verdict.as_str(),
                label: verdict_label(view.verdict, lang),
                detail: match view.verdict {
                    StandardVerdict::NotCompliant => {
                        format!("{} {}", view.failing, words.count_failing)
                    }
                    StandardVerdict::Explained => {
                        format!("{} {}", view.explained, words.count_explained)
                    }
                    _ => String::new(),
                },
            },
            None => VerdictCell {
                verdict: "not_applicable",
                label: verdict_label(StandardVerdict::NotApplicable, lang),
                detail: String::new(),
            },
        })
        .collect();
    OrganisationRow {
        name,
        href,
        r#type: doc.organisation_type.clone().unwrap_or_default(),
        // Space-separated in a data attribute: a space inside a tag becomes a hyphen.
        tags: doc
            .tags
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join("-"))
            .collect::<Vec<_>>()
            .join(" "),
        score: score.map(|s| format!("{s}%")).unwrap_or_else(|| "—".into()),
        score_value: score.map(i64::from).unwrap_or(-1),
        standards,
        explained: doc.domains.iter().map(|d| d.explained).sum(),
    }
}

/// Every organisation's readiness roll-ups added up, per readiness view.
fn national_readiness(docs: &[ScanDocument], rules: &RuleSet) -> Vec<ReadinessSummary> {
    rules
        .views
        .iter()
        .filter_map(|view| {
            combine(
                docs.iter()
                    .flat_map(|d| d.readiness.iter())
                    .filter(|s| s.rule_set == view.id),
            )
        })
        .collect()
}

/// Per organisation type (and "all"), per standard: how many organisations are compliant,
/// explained or not compliant.
fn aggregate(docs: &[ScanDocument], rules: &RuleSet) -> Vec<TypeRow> {
    let ids = standard_ids(docs, rules);
    let mut groups: BTreeMap<String, Vec<&ScanDocument>> = BTreeMap::new();
    for doc in docs {
        groups
            .entry(
                doc.organisation_type
                    .clone()
                    .unwrap_or_else(|| "other".into()),
            )
            .or_default()
            .push(doc);
    }
    let mut rows: Vec<TypeRow> = groups
        .into_iter()
        .map(|(t, group)| type_row(t, &group, &ids))
        .collect();
    rows.push(type_row("*".into(), &docs.iter().collect::<Vec<_>>(), &ids));
    rows
}

fn type_row(kind: String, group: &[&ScanDocument], ids: &[String]) -> TypeRow {
    let standards = ids
        .iter()
        .map(|id| {
            let verdicts: Vec<StandardVerdict> = group
                .iter()
                .filter_map(|d| {
                    d.standards
                        .iter()
                        .find(|s| &s.standard == id)
                        .map(|s| s.verdict)
                })
                .collect();
            let count = |v: StandardVerdict| verdicts.iter().filter(|x| **x == v).count();
            let (compliant, explained, not_compliant) = (
                count(StandardVerdict::Compliant),
                count(StandardVerdict::Explained),
                count(StandardVerdict::NotCompliant),
            );
            let applicable = compliant + explained + not_compliant;
            let percent_compliant = (100 * compliant).checked_div(applicable).unwrap_or(0) as u32;
            TypeCell {
                compliant,
                explained,
                not_compliant,
                percent_compliant,
            }
        })
        .collect();
    TypeRow {
        r#type: kind,
        organisations: group.len(),
        standards,
    }
}

/// Every explanation once (by where it was written), with the findings it covers.
fn register(docs: &[ScanDocument], lang: Lang) -> (Vec<RegisterRow>, Vec<String>) {
    let mut rows: BTreeMap<String, RegisterRow> = BTreeMap::new();
    for doc in docs {
        let organisation = doc
            .organisation_name
            .clone()
            .or_else(|| doc.organisation.clone())
            .unwrap_or_default();
        for f in &doc.findings {
            let Some(e) = &f.explanation else { continue };
            let (state, state_class) = state(f, lang);
            let row = rows
                .entry(format!("{organisation}\u{0}{}", e.source))
                .or_insert_with(|| RegisterRow {
                    organisation: organisation.clone(),
                    check: e.check.clone(),
                    subject: e.subject.clone(),
                    reason: e.reason.clone(),
                    by: e.by.clone(),
                    reference: e.reference.clone(),
                    since: e.since.to_string(),
                    valid_until: e.valid_until.to_string(),
                    state,
                    state_class,
                    findings: 0,
                });
            row.findings += 1;
        }
    }
    let stale = docs
        .iter()
        .filter_map(|d| d.explanations.as_ref())
        .flat_map(|s| s.stale.iter().cloned())
        .collect();
    (rows.into_values().collect(), stale)
}

fn state(f: &Finding, lang: Lang) -> (&'static str, &'static str) {
    let review = f.explanation.as_ref().is_some_and(|e| e.needs_review);
    match (f.explained, f.explanation_expired, review, lang) {
        (_, true, _, Lang::Nl) => ("verlopen", "fail"),
        (_, true, _, Lang::En) => ("expired", "fail"),
        (true, _, true, Lang::Nl) => ("herzien", "warning"),
        (true, _, true, Lang::En) => ("review", "warning"),
        (true, _, _, Lang::Nl) => ("van kracht", "explained"),
        (true, _, _, Lang::En) => ("in force", "explained"),
        (false, _, _, Lang::Nl) => ("nog niet van kracht", "info"),
        (false, _, _, Lang::En) => ("not yet in force", "info"),
    }
}

/// One row per finding, every cell through [`csv_cell`].
fn csv(docs: &[ScanDocument]) -> String {
    let mut out = String::from(
        "organisation,organisation_name,domain,check,subject,standard,level,status,outcome,explained,explanation_expired,explanation_valid_until,message_nl,message_en\n",
    );
    for doc in docs {
        for f in &doc.findings {
            let cells = [
                doc.organisation.clone().unwrap_or_default(),
                doc.organisation_name.clone().unwrap_or_default(),
                f.domain.clone(),
                f.check.clone(),
                f.subject.clone(),
                f.standard.clone(),
                f.level.as_str().to_string(),
                f.status.as_str().to_string(),
                f.outcome.clone(),
                f.explained.to_string(),
                f.explanation_expired.to_string(),
                f.explanation
                    .as_ref()
                    .map(|e| e.valid_until.to_string())
                    .unwrap_or_default(),
                f.message.nl.clone(),
                f.message.en.clone(),
            ];
            let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-1"), "'-1");
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(
            slug("Gemeente 's-Hertogenbosch"),
            "gemeente-s-hertogenbosch"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug(""), "organisatie");
    }
}
