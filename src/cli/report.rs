//! `pastoe report --in RESULTS... --out DIR`: the published static site.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::output::load_rules;
use super::{EXIT_COMPLIANT, Failure, print_out};
use pastoe::publish::StoredError;
use pastoe::report::ScanDocument;
use pastoe::rules::Lang;
use pastoe::stored_documents;

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Nl,
    En,
}

#[derive(Args)]
pub struct ReportArgs {
    /// Scan documents (`pastoe scan --format json`), or folders of them (*.json).
    #[arg(
        long = "in",
        value_name = "PATH",
        required_unless_present = "db",
        conflicts_with = "db"
    )]
    inputs: Vec<PathBuf>,
    /// A store written by `pastoe sweep`, instead of --in.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// The sweep of the store to publish (see `pastoe history`); default the newest.
    #[arg(long, value_name = "ID", requires = "db")]
    sweep: Option<i64>,
    /// Folder to write the site to (replaced as a whole when complete).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[arg(long, value_enum, default_value = "nl")]
    lang: LangArg,
    /// Folder with templates (organisation, index, explanations, dependencies .html.hbs,
    /// the readiness partial; report.css)
    /// replacing the embedded ones.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Rule folder for standard names and order (default: the embedded rules).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

fn read_document(path: &Path) -> anyhow::Result<ScanDocument> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--in: cannot read {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("--in: {} is not a pastoe scan document", path.display()))
}

/// The documents named by `--in`: files, and folders of `*.json`.
fn read_documents(inputs: &[PathBuf]) -> Result<Vec<ScanDocument>, Failure> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("--in: cannot read {}", input.display()))
                .map_err(Failure::usage)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    let mut docs = Vec::with_capacity(files.len());
    for file in &files {
        docs.push(read_document(file).map_err(Failure::usage)?);
    }
    Ok(docs)
}

pub fn run(args: ReportArgs) -> Result<u8, Failure> {
    let mut rules = load_rules(args.rules.as_deref())?;
    let docs = match &args.db {
        Some(db) => stored_documents(db, args.sweep, &mut rules).map_err(|e| match e {
            StoredError::Open(_) | StoredError::TlsRules(_) => Failure::usage(e),
            StoredError::Read(_) => Failure::run(e),
        })?,
        None => read_documents(&args.inputs)?,
    };
    let lang = match args.lang {
        LangArg::Nl => Lang::Nl,
        LangArg::En => Lang::En,
    };
    pastoe::publish(docs, &rules, &args.out, lang, args.templates.as_deref())
        .map_err(Failure::run)?;
    print_out(&format!("{}\n", args.out.join("index.html").display()));
    Ok(EXIT_COMPLIANT)
}
