//! `pastoe export --db FILE`: a stored sweep in `pastoe scan`'s JSON, one document per
//! organisation.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::output::load_rules;
use super::{EXIT_COMPLIANT, Failure};
use pastoe::store::Store;
use pastoe::sweep::documents::organisation_documents;

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A JSON array of scan documents (the schema of `pastoe scan --format json`).
    Json,
    /// One scan document per line.
    Jsonl,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The store written by `pastoe sweep`.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// The sweep to export (see `pastoe history`); default the newest.
    #[arg(long, value_name = "ID")]
    sweep: Option<i64>,
    /// Only this organisation: prints its one document, exactly as `pastoe scan` would.
    #[arg(long, value_name = "ID")]
    org: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Rule folder for scores and standard names (default: the embedded rules).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

pub fn run(args: ExportArgs) -> Result<u8, Failure> {
    let store = Store::open_read(&args.db).map_err(Failure::usage)?;
    let sweep = store.sweep(args.sweep).map_err(Failure::usage)?;
    let mut rules = load_rules(args.rules.as_deref())?;
    rules
        .select_tls(&sweep.settings.tls_rules)
        .map_err(Failure::usage)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut first = true;
    let mut found = false;
    // Documents are written as they are made: a national sweep is never in memory at once.
    for doc in organisation_documents(&store, &sweep, &rules).map_err(Failure::run)? {
        let doc = doc.map_err(Failure::run)?;
        if args
            .org
            .as_ref()
            .is_some_and(|id| doc.organisation.as_ref() != Some(id))
        {
            continue;
        }
        found = true;
        let text = match (args.format, args.org.is_some()) {
            (Format::Jsonl, _) => serde_json::to_string(&doc).map_err(Failure::run)? + "\n",
            (Format::Json, true) => {
                serde_json::to_string_pretty(&doc).map_err(Failure::run)? + "\n"
            }
            (Format::Json, false) => {
                let sep = if first { "[\n" } else { ",\n" };
                format!(
                    "{sep}{}",
                    serde_json::to_string_pretty(&doc).map_err(Failure::run)?
                )
            }
        };
        first = false;
        // A closed pipe (`pastoe export … | head`) is the reader's choice.
        if out.write_all(text.as_bytes()).is_err() {
            return Ok(EXIT_COMPLIANT);
        }
    }
    if let Some(id) = &args.org
        && !found
    {
        return Err(Failure::usage(anyhow::anyhow!(
            "--org {id}: no such organisation in sweep {}",
            sweep.id
        )));
    }
    if matches!(args.format, Format::Json) && args.org.is_none() {
        let _ = out.write_all(if first { b"[]\n" } else { b"\n]\n" });
    }
    let _ = out.flush();
    Ok(EXIT_COMPLIANT)
}
