//! `pastoe history --db FILE`: the sweeps in a store.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_COMPLIANT, Failure, print_out};
use pastoe::store::Store;

#[derive(Args)]
pub struct HistoryArgs {
    /// The store written by `pastoe sweep`.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: HistoryArgs) -> Result<u8, Failure> {
    let store = Store::open_read(&args.db).map_err(Failure::usage)?;
    let sweeps = store.sweeps().map_err(Failure::run)?;
    if args.json {
        let text = serde_json::to_string_pretty(&sweeps).map_err(Failure::run)?;
        print_out(&(text + "\n"));
        return Ok(EXIT_COMPLIANT);
    }
    let mut out = format!(
        "{:>4}  {:<20}  {:<20}  {:<9}  {:>5}  {:>11}  {:>7}  {:>6}  {}\n",
        "id", "started", "finished", "status", "orgs", "domains", "failing", "errors", "file"
    );
    for s in &sweeps {
        out.push_str(&format!(
            "{:>4}  {:<20}  {:<20}  {:<9}  {:>5}  {:>11}  {:>7}  {:>6}  {}{}{}\n",
            s.id,
            s.started_at,
            s.finished_at.as_deref().unwrap_or("-"),
            s.status.as_str(),
            s.organisations,
            format!("{}/{}", s.done, s.planned),
            s.failing,
            s.errors,
            s.orgs_file,
            s.shard
                .as_ref()
                .map(|k| format!(" (shard {k})"))
                .unwrap_or_default(),
            if s.problems.is_empty() {
                String::new()
            } else {
                format!(", {} bad rows skipped", s.problems.len())
            }
        ));
    }
    print_out(&out);
    Ok(EXIT_COMPLIANT)
}
