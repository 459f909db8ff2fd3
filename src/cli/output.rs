//! What `scan` and `judge` share: the flags of judging and reporting, and writing the report.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::{EXIT_COMPLIANT, EXIT_NOT_COMPLIANT, Failure, print_out};
use pastoe::explain::ExplanationSet;
use pastoe::facts::FactsDocument;
use pastoe::report::RenderError;
use pastoe::rules::{Lang, RuleSet};
use pastoe::store::SweepSettings;
use pastoe::{Format, Judgement, OrganisationMeta};
use pgp::composed::SignedPublicKey;

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
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
    format: FormatArg,
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
    /// NCSC TLS table to judge TLS against: 2025-05 (what internet.nl applies; the default)
    /// or 2.1 (the version the law cites today). `judge --db`: the sweep's own by default.
    #[arg(long, value_name = "SET")]
    tls_rules: Option<String>,
    /// NLGov REST API Design Rules version to judge APIs against: 2.0, 2.1 (the default) or
    /// 2.2 (a rule not part of it gives no finding). `judge --db`: the sweep's own by default.
    #[arg(long, value_name = "VERSION")]
    adr_rules: Option<String>,
    /// Run and report only these checks (comma-separated ids or globs, e.g.
    /// 'web.tls.*,web.cert.*'); scans skip the probes no chosen check needs.
    #[arg(long, value_name = "CHECKS", value_delimiter = ',')]
    only: Vec<String>,
    /// Folder of explanations (*.toml) to apply: comply or explain.
    #[arg(long, value_name = "DIR")]
    explanations: Option<PathBuf>,
    /// An OpenPGP public key file (armored, as `gpg --armor --export` writes it) whose key
    /// must have signed security.txt (repeatable): a signature by another key, or one that
    /// does not verify, is reported.
    #[arg(long = "sectxt-key", value_name = "FILE", value_parser = parse_sectxt_key)]
    sectxt_keys: Vec<SectxtKeyFile>,
}

/// The keys of one `--sectxt-key` file.
#[derive(Clone)]
struct SectxtKeyFile(Vec<SignedPublicKey>);

/// Reads a key file for `--sectxt-key` and checks that it holds usable keys, so that a
/// wrong file stops the run instead of failing every signature.
fn parse_sectxt_key(path: &str) -> Result<SectxtKeyFile, String> {
    let armored = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    pastoe::wire::text::security_txt::read_public_keys(&armored)
        .map(SectxtKeyFile)
        .map_err(|e| format!("{path}: {e}"))
}

/// The NCSC TLS table judged against when `--tls-rules` is not given.
const DEFAULT_TLS_FLAG: &str = "2025-05";

/// What a judgement is made under: the flags, or where they are silent a default.
pub struct Choices {
    pub tls_rules: String,
    pub adr_rules: String,
    /// `--only`; empty is every check.
    pub only: Vec<String>,
}

impl JudgeOptions {
    pub fn prepare(&self) -> Result<Judgement, Failure> {
        self.prepare_choices(&self.choices())
    }

    /// The flags, with pastoe's defaults.
    fn choices(&self) -> Choices {
        Choices {
            tls_rules: self.tls_rules().to_string(),
            adr_rules: self
                .adr_rules
                .clone()
                .unwrap_or_else(|| pastoe::rules::DEFAULT_ADR_RULES.to_string()),
            only: self.only_patterns(),
        }
    }

    /// The flags, with what a stored sweep was judged with where they are silent: its TLS
    /// table, ADR version and checks (its facts hold nothing for the others).
    pub fn choices_as(&self, sweep: &SweepSettings) -> Choices {
        Choices {
            tls_rules: self.tls_rules.clone().unwrap_or(sweep.tls_rules.clone()),
            adr_rules: self.adr_rules.clone().unwrap_or(sweep.adr_rules.clone()),
            only: match self.only_patterns() {
                given if given.is_empty() => sweep.only.clone(),
                given => given,
            },
        }
    }

    pub fn prepare_choices(&self, choices: &Choices) -> Result<Judgement, Failure> {
        let mut rules = load_rules(self.rules.as_deref())?;
        rules.sectxt_keys = self
            .sectxt_keys
            .iter()
            .flat_map(|file| file.0.iter().cloned())
            .collect();
        rules
            .select_adr(&choices.adr_rules)
            .map_err(Failure::usage)?;
        Judgement::new(
            rules,
            &choices.tls_rules,
            choices.only.clone(),
            self.explanations.as_deref(),
        )
        .map_err(Failure::usage)
    }

    /// The settings a stored sweep records, so `--resume` can refuse other ones.
    pub fn only_patterns(&self) -> Vec<String> {
        self.only.iter().map(|p| p.trim().to_string()).collect()
    }

    pub fn tls_rules(&self) -> &str {
        self.tls_rules.as_deref().unwrap_or(DEFAULT_TLS_FLAG)
    }
}

impl ReportArgs {
    pub fn prepare(&self) -> Result<Judgement, Failure> {
        self.judging.prepare()
    }

    /// Judge the facts, write the report, and return the exit status.
    pub fn finish(&self, judgement: &Judgement, facts: &FactsDocument) -> Result<u8, Failure> {
        let organisation = OrganisationMeta {
            id: self.org.clone().or_else(|| facts.organisation.clone()),
            name: self
                .org_name
                .clone()
                .or_else(|| facts.organisation_name.clone()),
            org_type: self.org_type.clone(),
            tags: self.org_tags.clone(),
        };
        let doc = pastoe::judge(facts, judgement, organisation);
        let format = match self.format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Html => Format::Html,
            FormatArg::Cbom => Format::Cbom,
        };
        let lang = match self.lang {
            LangArg::Nl => Lang::Nl,
            LangArg::En => Lang::En,
        };
        let rendered = pastoe::render(
            &doc,
            facts,
            &judgement.rules,
            format,
            lang,
            self.templates.as_deref(),
        )
        .map_err(|e| match e {
            // Only templates given with --templates can fail to render.
            RenderError::Html(_) => Failure::usage(e),
            RenderError::Json(_) => Failure::run(e),
        })?;
        match &self.out {
            Some(path) => write_atomically(path, rendered.as_bytes()).map_err(Failure::run)?,
            None => print_out(&rendered),
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
    ExplanationSet::load_for(dir, rules).map_err(Failure::usage)
}

/// Write next to the target and rename, so a reader never sees half a file. A target that
/// exists and is not a regular file (`/dev/null`, a named pipe, `/dev/stdout`) is written
/// to as it is: renaming over it would replace the device or pipe with a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(path, bytes)
            .with_context(|| format!("cannot write {}", path.display()));
    }
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
