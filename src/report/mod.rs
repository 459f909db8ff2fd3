//! Reports: the scan document (the versioned JSON schema), its renderings for people, and the
//! CycloneDX cryptographic inventory of the facts behind it.

pub mod autonomy;
mod autonomy_view;
pub mod cbom;
mod html;
mod site;
mod text;

pub use html::{HtmlError, HtmlRenderer, render_html};
pub use site::{SiteError, write_site};
pub use text::render_text;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::facts::FactsDocument;
use crate::judge::finding::Finding;
use crate::rules::{Lang, Status};
use crate::rules::{RuleSet, RuleSetMeta};

/// Version of the scan JSON layout (`docs/json-schema.md`); bump it when a field changes
/// meaning or disappears. Adding a field does not change it.
pub const SCHEMA_VERSION: u32 = 1;

/// One scan of one or more domains, as `--format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanDocument {
    pub schema_version: u32,
    pub tool: Tool,
    pub rule_set: RuleSetMeta,
    /// The organisation's id (what explanations name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_name: Option<String>,
    /// gemeente, provincie, waterschap, rijk, zbo, other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub started_at: String,
    pub finished_at: String,
    pub domains: Vec<DomainSummary>,
    /// The Forum view of the whole organisation: per standard compliant, explained, not
    /// compliant or not applicable.
    pub standards: Vec<crate::judge::score::StandardView>,
    pub findings: Vec<Finding>,
    /// What applying explanations found (when an explanations folder was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanations: Option<crate::explain::ExplanationSummary>,
    /// The readiness views (`pqc`), reported beside the standards: counts per verdict and
    /// service, and the distance to each deadline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readiness: Vec<crate::judge::readiness::ReadinessSummary>,
    /// Hosts a sweep found from the listed domains, with where (`www`, links, MX, NS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discovered: Vec<crate::discover::DiscoveredHost>,
    /// The digital-autonomy view per service of each domain: who runs it, under which
    /// jurisdiction ([`autonomy::Attribution`]; counted findings only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<autonomy::Attribution>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "pastoe".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// Per domain: does it meet every required check, and how many findings of each status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainSummary {
    pub domain: String,
    /// True when no required check failed or could not be judged, explanations aside.
    pub compliant: bool,
    /// True when every required failure that remains is covered by an explanation in force.
    pub compliant_or_explained: bool,
    pub counts: BTreeMap<Status, usize>,
    /// Findings covered by an explanation in force (counted separately, never as passes).
    pub explained: usize,
    /// The internet.nl-style score, 0–100 (`None` when no scoring check applied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    pub standards: Vec<crate::judge::score::StandardView>,
    /// Observations made of the domain: a sweep observes a domain with errors again, and
    /// one still with errors then "could not be measured in N attempts".
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub attempts: u32,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl ScanDocument {
    pub fn new(
        rules: &RuleSet,
        organisation: Option<String>,
        domains: &[String],
        findings: Vec<Finding>,
        started_at: String,
        finished_at: String,
    ) -> ScanDocument {
        let domains = domains
            .iter()
            .map(|d| {
                let mine: Vec<&Finding> = findings.iter().filter(|f| &f.domain == d).collect();
                let score = crate::judge::score::score(&mine, rules);
                let standards = crate::judge::score::forum_view(&mine, rules);
                let mut counts = BTreeMap::new();
                let mut compliant = true;
                let mut compliant_or_explained = true;
                let mut explained = 0;
                for f in mine {
                    *counts.entry(f.status).or_insert(0) += 1;
                    compliant &= !f.blocks_compliance();
                    compliant_or_explained &= !f.blocks_compliance() || f.explained;
                    explained += usize::from(f.explained);
                }
                DomainSummary {
                    domain: d.clone(),
                    compliant,
                    compliant_or_explained,
                    counts,
                    explained,
                    score,
                    standards,
                    attempts: 1,
                }
            })
            .collect();
        let all: Vec<&Finding> = findings.iter().collect();
        let standards = crate::judge::score::forum_view(&all, rules);
        // Deadlines are measured from the day of the scan, so judging again later gives the
        // same distances.
        let day = time::OffsetDateTime::parse(
            &finished_at,
            &time::format_description::well_known::Rfc3339,
        )
        .map(|t| t.date())
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc().date());
        let readiness = crate::judge::readiness::summarise(&all, rules, day);
        let dependencies = autonomy::attributions(all.iter().copied());
        ScanDocument {
            schema_version: SCHEMA_VERSION,
            standards,
            organisation_type: None,
            tags: Vec::new(),
            tool: Tool::default(),
            rule_set: rules.meta.clone(),
            organisation,
            started_at,
            finished_at,
            domains,
            findings,
            explanations: None,
            organisation_name: None,
            readiness,
            discovered: Vec::new(),
            dependencies,
        }
    }

    /// True when every required check of every domain passed or is explained: the exit
    /// status of a scan (an explained finding is the organisation's documented choice).
    pub fn compliant(&self) -> bool {
        self.domains.iter().all(|d| d.compliant_or_explained)
    }
}

/// Who a document is about, as the organisations file or `--org` flags say.
#[derive(Debug, Clone, Default)]
pub struct OrganisationMeta {
    pub id: Option<String>,
    pub name: Option<String>,
    pub org_type: Option<String>,
    pub tags: Vec<String>,
}

/// The document of one organisation: its judged findings with the explanations applied
/// (on the day given with them, the day the facts were observed, so a stored sweep reads as it
/// stood then), scores and views. `scan`, `judge`, `export` and `report --db` all make
/// their documents here.
pub fn organisation_document(
    rules: &RuleSet,
    organisation: OrganisationMeta,
    domains: &[String],
    mut findings: Vec<Finding>,
    explanations: Option<(&crate::explain::ExplanationSet, time::Date)>,
    started_at: String,
    finished_at: String,
) -> ScanDocument {
    let summary =
        explanations.map(|(set, day)| set.apply(organisation.id.as_deref(), &mut findings, day));
    let mut doc = ScanDocument::new(
        rules,
        organisation.id,
        domains,
        findings,
        started_at,
        finished_at,
    );
    doc.explanations = summary;
    doc.organisation_name = organisation.name;
    doc.organisation_type = organisation.org_type;
    doc.tags = organisation.tags;
    doc
}

/// The forms a scan document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for a terminal ([`render_text`]).
    Text,
    /// The versioned JSON document.
    Json,
    /// One HTML page ([`render_html`]).
    Html,
    /// The CycloneDX 1.6 cryptography bill of materials of the facts ([`cbom::cbom`]).
    Cbom,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The templates given (`--templates`) do not render.
    #[error(transparent)]
    Html(#[from] HtmlError),
}

/// A document in the form asked for. `facts` are the observations the document was judged
/// from (the CBOM is an inventory of them); `templates` replaces the embedded HTML ones.
pub fn render(
    doc: &ScanDocument,
    facts: &FactsDocument,
    rules: &RuleSet,
    format: Format,
    lang: Lang,
    templates: Option<&Path>,
) -> Result<String, RenderError> {
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(doc)? + "\n",
        Format::Text => render_text(doc, lang),
        Format::Html => render_html(doc, rules, lang, templates)?,
        Format::Cbom => serde_json::to_string_pretty(&cbom::cbom(facts, doc))? + "\n",
    })
}

/// The words a report uses for statuses and verdicts, in both languages. They are the
/// report's own vocabulary, not a rule's judgement, so they live with the renderer.
pub fn status_label(status: Status, lang: Lang) -> &'static str {
    let text = match status {
        Status::Pass => ("voldoet", "pass"),
        Status::Fail => ("voldoet niet", "fail"),
        Status::Warning => ("waarschuwing", "warning"),
        Status::Info => ("informatie", "info"),
        Status::NotApplicable => ("niet van toepassing", "not applicable"),
        Status::Error => ("fout bij meten", "error"),
    };
    match lang {
        Lang::Nl => text.0,
        Lang::En => text.1,
    }
}

/// The verdict of one standard for one domain: the worst status among its findings.
pub fn standard_status(findings: &[&Finding]) -> Status {
    findings
        .iter()
        .map(|f| f.status)
        .max()
        .unwrap_or(Status::NotApplicable)
}

/// The name of a standard in the report language, falling back to its id.
pub fn standard_name(rules: &RuleSet, id: &str, lang: Lang) -> String {
    rules
        .standards
        .get(id)
        .map(|s| s.name.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// A CSV cell: quoted when needed, and prefixed with a quote when a spreadsheet would run it
/// as a formula. Scanned text must never execute, in a browser or in Excel.
fn csv_cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}
