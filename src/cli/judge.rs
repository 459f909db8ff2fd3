//! `pastoe judge --facts FILE`: findings from stored facts, without touching the network.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::Failure;
use super::output::ReportArgs;
use pastoe::facts::{FACTS_SCHEMA_VERSION, FactsDocument};

#[derive(Args)]
pub struct JudgeArgs {
    /// Facts written by `pastoe scan --facts-out`.
    #[arg(long, value_name = "FILE")]
    facts: PathBuf,
    #[command(flatten)]
    report: ReportArgs,
}

pub fn run(args: JudgeArgs) -> Result<u8, Failure> {
    let judgement = args.report.prepare()?;
    let text = std::fs::read_to_string(&args.facts)
        .with_context(|| format!("--facts: cannot read {}", args.facts.display()))
        .map_err(Failure::usage)?;
    let facts: FactsDocument = serde_json::from_str(&text)
        .with_context(|| {
            format!(
                "--facts: {} is not a pastoe facts file",
                args.facts.display()
            )
        })
        .map_err(Failure::usage)?;
    if facts.schema_version != FACTS_SCHEMA_VERSION {
        return Err(Failure::usage(anyhow::anyhow!(
            "--facts: {} has facts schema {}, this pastoe reads schema {FACTS_SCHEMA_VERSION}",
            args.facts.display(),
            facts.schema_version
        )));
    }
    args.report.finish(&judgement, &facts)
}
