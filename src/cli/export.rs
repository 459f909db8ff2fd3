//! `pastoe export --db FILE`: a stored sweep in `pastoe scan`'s JSON, one document per
//! organisation.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::output::load_rules;
use super::{EXIT_COMPLIANT, Failure, print_out};
use pastoe::serve::mapping::Mapping;
use pastoe::store::Store;
use pastoe::sweep::documents::organisation_documents;

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A JSON array of scan documents (the schema of `pastoe scan --format json`).
    Json,
    /// One scan document per line.
    Jsonl,
    /// A request of `pastoe serve` as internet.nl's batch API v2 serves its results.
    Internetnl,
    /// The digital-autonomy view as CSV: per organisation, domain and service the provider,
    /// company, parent and jurisdiction (the site's `autonomy.csv`).
    AutonomyCsv,
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
    /// With --format internetnl: the request (see `GET /api/batch/v2/requests`); default
    /// the newest.
    #[arg(long, value_name = "ID")]
    request: Option<String>,
    /// With --format internetnl: the technical results (`…/results_technical`).
    #[arg(long)]
    technical: bool,
    /// With --format internetnl: the service's address for the report links.
    #[arg(long, value_name = "URL", default_value = "")]
    public_url: String,
    /// Rule folder for scores and standard names (default: the embedded rules).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

pub fn run(args: ExportArgs) -> Result<u8, Failure> {
    let store = Store::open_read(&args.db).map_err(Failure::usage)?;
    if matches!(args.format, Format::Internetnl) {
        return internetnl(&args, &store);
    }
    let sweep = store.sweep(args.sweep).map_err(Failure::usage)?;
    let mut rules = load_rules(args.rules.as_deref())?;
    rules
        .select_tls(&sweep.settings.tls_rules)
        .and_then(|()| rules.select_adr(&sweep.settings.adr_rules))
        .map_err(Failure::usage)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut first = true;
    let mut found = false;
    if matches!(args.format, Format::AutonomyCsv)
        && out
            .write_all(pastoe::report::autonomy::CSV_HEADER.as_bytes())
            .is_err()
    {
        return Ok(EXIT_COMPLIANT);
    }
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
            (Format::AutonomyCsv, _) => pastoe::report::autonomy::csv_rows(&doc),
            // Jsonl (internetnl was written above).
            (Format::Jsonl | Format::Internetnl, _) => {
                serde_json::to_string(&doc).map_err(Failure::run)? + "\n"
            }
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

/// A request as `GET …/results` (or `…/results_technical`) of `pastoe serve` answers it,
/// made by the same renderer.
fn internetnl(args: &ExportArgs, store: &Store) -> Result<u8, Failure> {
    let row = match &args.request {
        Some(id) => store.batch_request(id).map_err(Failure::run)?,
        None => store
            .batch_requests(None)
            .map_err(Failure::run)?
            .into_iter()
            .next(),
    }
    .ok_or_else(|| {
        Failure::usage(anyhow::anyhow!(
            "{}: no such request of pastoe serve",
            args.db.display()
        ))
    })?;
    let mut rules = load_rules(args.rules.as_deref())?;
    if let Some(sweep) = row.sweep {
        let sweep = store.sweep(Some(sweep)).map_err(Failure::run)?;
        rules
            .select_tls(&sweep.settings.tls_rules)
            .and_then(|()| rules.select_adr(&sweep.settings.adr_rules))
            .map_err(Failure::usage)?;
    }
    let mapping = Mapping::embedded(&rules).map_err(Failure::run)?;
    let base = args.public_url.trim_end_matches('/');
    let rendered = if args.technical {
        pastoe::serve::internetnl::results_technical(store, &rules, &mapping, &row)
    } else {
        let url = |domain: &str| pastoe::serve::report_url(base, &row, domain);
        pastoe::serve::internetnl::results(store, &rules, &mapping, &row, &url)
    }
    .map_err(Failure::run)?;
    print_out(&(serde_json::to_string_pretty(&rendered).map_err(Failure::run)? + "\n"));
    Ok(EXIT_COMPLIANT)
}
