//! The command line. `anyhow` lives here and nowhere else; every failure ends up as one of
//! the documented exit codes.

mod diff;
mod explain;
mod export;
mod history;
mod judge;
mod merge;
mod orgs;
mod output;
mod report;
mod rules;
mod scan;
mod serve;
mod sweep;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status of a scan whose every required check passed.
pub const EXIT_COMPLIANT: u8 = 0;
/// A required check failed or could not be judged.
pub const EXIT_NOT_COMPLIANT: u8 = 1;
/// Usage or input error.
pub const EXIT_USAGE: u8 = 2;
/// The scan itself could not run.
pub const EXIT_RUN: u8 = 3;

#[derive(Parser)]
#[command(
    name = "pastoe",
    version,
    about = "Scan government domains against the mandatory internet standards (pas toe of leg uit)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan one or more domains and report every finding.
    Scan(Box<scan::ScanArgs>),
    /// Sweep every organisation of a file into a store (SQLite).
    Sweep(Box<sweep::SweepArgs>),
    /// Serve internet.nl's batch API v2 (HTTP Basic auth), running requests as sweeps.
    Serve(Box<serve::ServeArgs>),
    /// Print a stored sweep's findings as scan documents.
    Export(export::ExportArgs),
    /// List the sweeps in a store.
    History(history::HistoryArgs),
    /// Show per organisation what improved and what regressed between two sweeps.
    Diff(diff::DiffArgs),
    /// Join the stores of the shards of one sweep into one store.
    Merge(merge::MergeArgs),
    /// Judge stored facts (from `scan --facts-out`) again, e.g. under other rules.
    Judge(Box<judge::JudgeArgs>),
    /// Publish scan documents as a static site with exports.
    Report(report::ReportArgs),
    /// Show and check the rule set.
    Rules(rules::RulesArgs),
    /// Check comply-or-explain explanations.
    Explain(explain::ExplainArgs),
    /// Check an organisations file.
    Orgs(orgs::OrgsArgs),
}

/// Logs go to standard error at the level `PASTOE_LOG` sets (default `warn`), through
/// tracing-indicatif so a sweep's progress bar is redrawn below them instead of torn.
fn init_logging() {
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let indicatif = tracing_indicatif::IndicatifLayer::new();
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("PASTOE_LOG").unwrap_or_else(|_| "warn".into());
    let logs = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(indicatif.get_stderr_writer())
        .with_filter(filter);
    // Only the sweep's own span is a bar; no other span draws anything.
    let bars = indicatif.with_filter(tracing_subscriber::filter::filter_fn(|meta| {
        meta.is_span() && meta.name() == "sweep"
    }));
    let _ = tracing_subscriber::registry()
        .with(logs)
        .with(bars)
        .try_init();
}

/// Write to standard output. A closed pipe (`pastoe rules list | head`) is the reader's
/// choice, not a failure, and never a panic.
pub fn print_out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush());
}

/// An error with the exit status it stands for.
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl Failure {
    pub fn usage(error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            code: EXIT_USAGE,
            error: error.into(),
        }
    }

    pub fn run(error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            code: EXIT_RUN,
            error: error.into(),
        }
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_COMPLIANT
            });
        }
    };
    init_logging();
    let result = match cli.command {
        Command::Scan(args) => scan::run(*args),
        Command::Sweep(args) => sweep::run(*args),
        Command::Serve(args) => serve::run(*args),
        Command::Export(args) => export::run(args),
        Command::History(args) => history::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Judge(args) => judge::run(*args),
        Command::Report(args) => report::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Orgs(args) => orgs::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("pastoe: {:#}", failure.error);
            ExitCode::from(failure.code)
        }
    }
}
