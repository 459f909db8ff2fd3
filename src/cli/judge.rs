//! `pastoe judge --facts FILE`: findings from stored facts, without touching the network;
//! `pastoe judge --db STORE`: a stored sweep judged again into a new sweep of the store.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::ReportArgs;
use super::{EXIT_COMPLIANT, Failure, print_out};
use pastoe::facts::{FACTS_SCHEMA_VERSION, FactsDocument};
use pastoe::store::{Store, SweepSettings};
use pastoe::sweep::{Origins, judge_again};
use pastoe::wire::as_names::AsNames;
use pastoe::wire::rpki::RouteTable;

#[derive(Args)]
pub struct JudgeArgs {
    /// Facts written by `pastoe scan --facts-out`.
    #[arg(long, value_name = "FILE", required_unless_present = "db")]
    facts: Option<PathBuf>,
    /// A store written by `pastoe sweep`: judge a sweep's facts again and record the result
    /// as a new sweep there (see `pastoe history`, `report --db`, `diff`), instead of --facts.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["facts", "format", "out", "org", "org_name", "org_type", "org_tags", "templates", "lang"]
    )]
    db: Option<PathBuf>,
    /// The sweep of the store to judge again (see `pastoe history`); default the newest.
    #[arg(long, value_name = "ID", requires = "db")]
    sweep: Option<i64>,
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
    let routing = Routing::load(&args)?;
    let Some(path) = &args.facts else {
        return again(&args, routing.as_ref());
    };
    let judgement = args.report.prepare()?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--facts: cannot read {}", path.display()))
        .map_err(Failure::usage)?;
    let mut facts: FactsDocument = serde_json::from_str(&text)
        .with_context(|| format!("--facts: {} is not a pastoe facts file", path.display()))
        .map_err(Failure::usage)?;
    if facts.schema_version != FACTS_SCHEMA_VERSION {
        return Err(Failure::usage(anyhow::anyhow!(
            "--facts: {} has facts schema {}, this pastoe reads schema {FACTS_SCHEMA_VERSION}",
            path.display(),
            facts.schema_version
        )));
    }
    if let Some(r) = &routing {
        for domain in &mut facts.domains {
            domain.record_origins(&r.table, r.names.as_ref(), &r.sources);
        }
    }
    args.report.finish(&judgement, &facts)
}

/// `--routes` and `--as-names`, loaded, and the files they came from.
struct Routing {
    table: RouteTable,
    names: Option<AsNames>,
    sources: Vec<String>,
}

impl Routing {
    fn load(args: &JudgeArgs) -> Result<Option<Routing>, Failure> {
        let Some(routes) = &args.routes else {
            return Ok(None);
        };
        let table = RouteTable::load(routes).map_err(Failure::usage)?;
        let names = args
            .as_names
            .as_deref()
            .map(AsNames::load)
            .transpose()
            .map_err(Failure::usage)?;
        let sources = std::iter::once(routes)
            .chain(args.as_names.as_ref())
            .map(|p| p.display().to_string())
            .collect();
        Ok(Some(Routing {
            table,
            names,
            sources,
        }))
    }
}

/// `--db`: the sweep judged again into a new sweep of the same store.
fn again(args: &JudgeArgs, routing: Option<&Routing>) -> Result<u8, Failure> {
    let db = args.db.as_ref().expect("clap: --facts or --db");
    let mut store = Store::open(db).map_err(Failure::usage)?;
    let from = store.sweep(args.sweep).map_err(Failure::usage)?;
    // Where the flags are silent, the sweep's own TLS table, ADR version and checks: what
    // changes is what was asked for (a rule folder, a providers table, routes), nothing else.
    let choices = args.report.judging.choices_as(&from.settings);
    let judgement = args.report.judging.prepare_choices(&choices)?;
    let settings = SweepSettings {
        rule_set: judgement.rules.meta.id.clone(),
        rule_set_version: judgement.rules.meta.version.clone(),
        tls_rules: choices.tls_rules,
        adr_rules: judgement.rules.adr().to_string(),
        only: choices.only,
        probes: from.settings.probes.clone(),
    };
    let origins = routing.map(|r| Origins {
        routes: &r.table,
        names: r.names.as_ref(),
        sources: &r.sources,
    });
    let done = judge_again(
        &mut store,
        Some(from.id),
        &judgement.rules,
        &judgement.selection(),
        &settings,
        judgement
            .explanations
            .as_ref()
            .map(|set| set.items.as_slice()),
        origins.as_ref(),
    )
    .map_err(Failure::run)?;
    print_out(&format!(
        "sweep {} judged again as sweep {}: {} domains ({})\n",
        done.from,
        done.sweep,
        done.domains,
        db.display()
    ));
    Ok(EXIT_COMPLIANT)
}
