//! What `scan` and `judge` share: rules, explanations, judging and the report.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use time::OffsetDateTime;

use super::{EXIT_COMPLIANT, EXIT_NOT_COMPLIANT, Failure};
use pastoe::explain::{DEFAULT_MAX_DAYS, ExplanationSet};
use pastoe::facts::FactsDocument;
use pastoe::judge::selection::{CheckSelection, Selection};
use pastoe::report::cbom::cbom;
use pastoe::report::{OrganisationMeta, organisation_document, render_html, render_text};
use pastoe::rules::Lang;
use pastoe::rules::RuleSet;
use pastoe::scan::judge_all;

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Html,
    // CycloneDX 1.6 cryptography bill of materials of the facts (report::cbom).
    Cbom,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Nl,
    En,
}

/// How findings are judged and reported.
#[derive(Args)]
pub struct ReportArgs {
    /// Organisation the domains belong to: the id explanations name.
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,
    /// The organisation's display name for reports (default: the --org value).
    #[arg(long, value_name = "NAME")]
    pub org_name: Option<String>,
    /// The organisation's type (gemeente, provincie, waterschap, rijk, zbo, other).
    #[arg(long, value_name = "TYPE")]
    org_type: Option<String>,
    /// A tag for filtering published reports (repeatable).
    #[arg(long = "org-tag", value_name = "TAG")]
    org_tags: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write the report here instead of standard output.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    #[command(flatten)]
    pub judging: JudgeOptions,
    /// Folder with an organisation.html.hbs (and report.css) replacing the embedded templates.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Language of messages in text and HTML reports.
    #[arg(long, value_enum, default_value = "nl")]
    lang: LangArg,
}

/// What findings are judged with: `scan`, `judge` and `sweep` take these.
#[derive(Args)]
pub struct JudgeOptions {
    /// Rule folder (*.toml) replacing the embedded rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// NCSC TLS table to judge TLS against: 2025-05 (what internet.nl applies) or 2.1 (the
    /// version the law cites today).
    #[arg(long, value_name = "SET", default_value = "2025-05")]
    tls_rules: String,
    /// Run and report only these checks (comma-separated ids or globs, e.g.
    /// 'web.tls.*,web.cert.*'); scans skip the probes no chosen check needs.
    #[arg(long, value_name = "CHECKS", value_delimiter = ',')]
    only: Vec<String>,
    /// Folder of explanations (*.toml) to apply: comply or explain.
    #[arg(long, value_name = "DIR")]
    explanations: Option<PathBuf>,
}

impl JudgeOptions {
    pub fn prepare(&self) -> Result<Judgement, Failure> {
        let mut rules = load_rules(self.rules.as_deref())?;
        rules.select_tls(&self.tls_rules).map_err(Failure::usage)?;
        let only = if self.only.is_empty() {
            None
        } else {
            Some(
                CheckSelection::new(self.only_patterns())
                    .map_err(|e| Failure::usage(anyhow::anyhow!(e)))?,
            )
        };
        let explanations = match &self.explanations {
            Some(dir) => Some(load_explanations(dir, &rules)?),
            None => None,
        };
        Ok(Judgement {
            rules,
            explanations,
            only,
        })
    }

    /// The settings a stored sweep records, so `--resume` can refuse other ones.
    pub fn only_patterns(&self) -> Vec<String> {
        self.only.iter().map(|p| p.trim().to_string()).collect()
    }

    pub fn tls_rules(&self) -> &str {
        &self.tls_rules
    }
}

/// The rules and explanations in force, loaded before any scanning so a bad file is
/// reported at once.
pub struct Judgement {
    pub rules: RuleSet,
    pub explanations: Option<ExplanationSet>,
    /// The `--only` selection, if any.
    pub only: Option<CheckSelection>,
}

impl ReportArgs {
    pub fn prepare(&self) -> Result<Judgement, Failure> {
        self.judging.prepare()
    }

    /// Judge the facts, apply the explanations, write the report, and return the exit status.
    pub fn finish(&self, judgement: &Judgement, facts: &FactsDocument) -> Result<u8, Failure> {
        let Judgement {
            rules,
            explanations,
            only,
        } = judgement;
        let findings = judge_all(&facts.domains, rules, &Selection::listed(only.clone()));
        // Explanations are judged on the day the facts were observed.
        let explanation_day = facts
            .domains
            .iter()
            .map(|d| d.observed_at.date())
            .min()
            .unwrap_or(OffsetDateTime::now_utc().date());
        let names: Vec<String> = facts.domains.iter().map(|d| d.domain.clone()).collect();
        let organisation = OrganisationMeta {
            id: self.org.clone().or_else(|| facts.organisation.clone()),
            name: self
                .org_name
                .clone()
                .or_else(|| facts.organisation_name.clone()),
            org_type: self.org_type.clone(),
            tags: self.org_tags.clone(),
        };
        let doc = organisation_document(
            rules,
            organisation,
            &names,
            findings,
            explanations.as_ref().map(|set| (set, explanation_day)),
            facts.started_at.clone(),
            facts.finished_at.clone(),
        );
        let lang = match self.lang {
            LangArg::Nl => Lang::Nl,
            LangArg::En => Lang::En,
        };
        let rendered = match self.format {
            Format::Json => serde_json::to_string_pretty(&doc).map_err(Failure::run)? + "\n",
            Format::Text => render_text(&doc, lang),
            Format::Html => {
                render_html(&doc, rules, lang, self.templates.as_deref()).map_err(Failure::usage)?
            }
            Format::Cbom => {
                serde_json::to_string_pretty(&cbom(facts, &doc)).map_err(Failure::run)? + "\n"
            }
        };
        match &self.out {
            Some(path) => write_atomically(path, rendered.as_bytes()).map_err(Failure::run)?,
            None => {
                use std::io::Write;
                let mut stdout = std::io::stdout().lock();
                // A closed pipe (`pastoe scan … | head`) is the reader's choice, not a failure.
                let _ = stdout
                    .write_all(rendered.as_bytes())
                    .and_then(|_| stdout.flush());
            }
        }
        Ok(if doc.compliant() {
            EXIT_COMPLIANT
        } else {
            EXIT_NOT_COMPLIANT
        })
    }
}

pub fn load_rules(dir: Option<&Path>) -> Result<RuleSet, Failure> {
    match dir {
        Some(dir) => pastoe::judge::load_rules(dir).map_err(Failure::usage),
        None => pastoe::judge::embedded_rules().map_err(Failure::run),
    }
}

pub fn load_explanations(dir: &Path, rules: &RuleSet) -> Result<ExplanationSet, Failure> {
    let known = |pattern: &str| {
        rules
            .checks
            .keys()
            .any(|id| pastoe::judge::selection::glob(pattern, id))
    };
    let max_days = rules.meta.max_explanation_days.unwrap_or(DEFAULT_MAX_DAYS);
    ExplanationSet::load_dir(dir, &known, max_days).map_err(Failure::usage)
}

pub fn now() -> String {
    pastoe::report::now_rfc3339()
}

/// Write next to the target and rename, so a reader never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file path", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
