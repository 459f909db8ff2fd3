//! `pastoe merge --into FILE DB...`: the stores of the shards of one sweep as one sweep.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_COMPLIANT, Failure, print_out};
use pastoe::store::Store;

#[derive(Args)]
pub struct MergeArgs {
    /// The store to write the merged sweep to (created when missing).
    #[arg(long, value_name = "FILE")]
    into: PathBuf,
    /// The shard stores; the newest sweep of each is taken.
    #[arg(value_name = "DB", required = true)]
    sources: Vec<PathBuf>,
}

pub fn run(args: MergeArgs) -> Result<u8, Failure> {
    if args.sources.iter().any(|s| s == &args.into) {
        return Err(Failure::usage(anyhow::anyhow!(
            "--into {} is also a source",
            args.into.display()
        )));
    }
    let mut store = Store::open(&args.into).map_err(Failure::usage)?;
    let summary = store.merge(&args.sources).map_err(Failure::usage)?;
    print_out(&format!(
        "sweep {} in {}: {} domains from {} stores ({} scanned by more than one shard, taken once)\n",
        summary.sweep,
        args.into.display(),
        summary.domains,
        summary.stores,
        summary.duplicates
    ));
    Ok(EXIT_COMPLIANT)
}
