//! `pastoe judge --facts FILE`: findings from stored facts, without touching the network.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::Failure;
use super::output::ReportArgs;
use pastoe::facts::{FACTS_SCHEMA_VERSION, FactsDocument};
use pastoe::wire::as_names::AsNames;
use pastoe::wire::rpki::RouteTable;

#[derive(Args)]
pub struct JudgeArgs {
    /// Facts written by `pastoe scan --facts-out`.
    #[arg(long, value_name = "FILE")]
    facts: PathBuf,
    /// Announced routes to look the origin AS of the addresses up in again (the
    /// digital-autonomy view), instead of those recorded at the scan.
    #[arg(long, value_name = "FILE")]
    routes: Option<PathBuf>,
    /// Who holds each AS (RIPE's asn.txt), with --routes.
    #[arg(long, value_name = "FILE", requires = "routes")]
    as_names: Option<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
}

pub fn run(args: JudgeArgs) -> Result<u8, Failure> {
    let judgement = args.report.prepare()?;
    let text = std::fs::read_to_string(&args.facts)
        .with_context(|| format!("--facts: cannot read {}", args.facts.display()))
        .map_err(Failure::usage)?;
    let mut facts: FactsDocument = serde_json::from_str(&text)
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
    if let Some(routes) = &args.routes {
        let table = RouteTable::load(routes).map_err(Failure::usage)?;
        let names = args
            .as_names
            .as_deref()
            .map(AsNames::load)
            .transpose()
            .map_err(Failure::usage)?;
        let sources: Vec<String> = std::iter::once(routes)
            .chain(args.as_names.as_ref())
            .map(|p| p.display().to_string())
            .collect();
        for domain in &mut facts.domains {
            domain.record_origins(&table, names.as_ref(), &sources);
        }
    }
    args.report.finish(&judgement, &facts)
}
