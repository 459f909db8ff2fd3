//! `pastoe sweep ORGS --db FILE`: every organisation of a file, into the store.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};
use tracing_indicatif::span_ext::IndicatifSpanExt;

use super::output::JudgeOptions;
use super::scan::ProbeArgs;
use super::{EXIT_COMPLIANT, Failure, print_out};
use pastoe::discover::CrawlLimits;
use pastoe::store::{Store, SweepSettings, digest};
use pastoe::sweep::{
    DEFAULT_CONCURRENCY, Engine, PlanError, Planned, Progress, Resume, Shard, StopCause,
    SweepError, SweepRequest, Swept, targets,
};
use pastoe::targets::Domain;
use pastoe::targets::orgs::OrganisationList;

#[derive(Clone, Copy, ValueEnum)]
enum ProgressMode {
    /// A bar on a terminal, else a log line every 10 seconds.
    Auto,
    Bar,
    Log,
    None,
}

/// How the sweep engine runs: `sweep` and `serve` take these.
#[derive(Args)]
pub struct EngineArgs {
    /// Domains observed at once.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY as u64, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub concurrency: u64,
    /// Observations more, at the end of the sweep, of a domain whose findings had errors.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=5))]
    pub retries: u32,
    /// Seconds to wait before those observations.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub retry_delay: u64,
    /// Seconds pastoe's own side (its resolver, descriptors, network) may stay down while
    /// the sweep waits; then it stops, to be continued with --resume.
    #[arg(long, value_name = "SECS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub outage_limit: u64,
}

#[derive(Args)]
pub struct SweepArgs {
    /// The organisations file (CSV with header id,name,type,domains,tags; or TOML).
    #[arg(value_name = "ORGS")]
    orgs: PathBuf,
    /// The store (SQLite) the sweep is written to; created when missing.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Continue the newest sweep of this file in the store (after a kill, a full disk, an
    /// outage of pastoe's own side or Ctrl-C): the domains written stay, the rest are done.
    /// A complete sweep is left as it is (exit 0), unless --retry-errors.
    #[arg(long)]
    resume: bool,
    /// With --resume on a complete sweep: observe again only its domains with errors.
    #[arg(long, requires = "resume")]
    retry_errors: bool,
    #[command(flatten)]
    engine: EngineArgs,
    /// Sweep only part K of N (0 <= K < N) of the organisations, chosen by a stable hash of
    /// their id; `pastoe merge` joins the stores of all parts.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// Sweep the valid rows of an organisations file that has bad ones (each is reported
    /// with its line and recorded in the store) instead of refusing the file.
    #[arg(long)]
    skip_bad_rows: bool,
    /// Also scan the hosts under the same registrable domain that the home page of each
    /// listed domain (and up to four pages it links to on the same host) link to; at most
    /// 20 hosts and 256 KiB per page. Each is reported with the page that links to it.
    #[arg(long)]
    crawl: bool,
    #[arg(long, value_enum, default_value = "auto")]
    progress: ProgressMode,
    #[command(flatten)]
    judging: JudgeOptions,
    #[command(flatten)]
    probes: ProbeArgs,
}

pub fn run(args: SweepArgs) -> Result<u8, Failure> {
    let bytes = std::fs::read(&args.orgs)
        .with_context(|| format!("cannot read {}", args.orgs.display()))
        .map_err(Failure::usage)?;
    let loaded = OrganisationList::load(&args.orgs).map_err(Failure::usage)?;
    let problems: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        if !args.skip_bad_rows {
            return Err(Failure::usage(anyhow::anyhow!(
                "{}: {} problem(s); fix them, or sweep the valid rows with --skip-bad-rows",
                args.orgs.display(),
                problems.len()
            )));
        }
    }
    let list = match args.shard {
        Some(shard) => shard.select(&loaded.list),
        None => loaded.list,
    };
    let judgement = args.judging.prepare()?;
    let targets = targets(&list);
    let domains: Vec<Domain> = targets.iter().map(|t| t.domain.clone()).collect();
    let config = args.probes.config(&judgement, &domains)?;
    let settings = SweepSettings {
        rule_set: judgement.rules.meta.id.clone(),
        rule_set_version: judgement.rules.meta.version.clone(),
        tls_rules: args.judging.tls_rules().to_string(),
        adr_rules: judgement.rules.adr().to_string(),
        only: args.judging.only_patterns(),
        probes: args.probes.describe(),
    };
    let shard = args.shard.map(|s| s.to_string());

    let mut store = Store::open(&args.db).map_err(Failure::usage)?;
    let request = SweepRequest {
        targets,
        orgs_file: args.orgs.display().to_string(),
        orgs_digest: digest(&bytes),
        shard: shard.clone(),
        settings,
        problems: &problems,
        organisations: &list.organisations,
        explanations: judgement
            .explanations
            .as_ref()
            .map(|set| set.items.as_slice())
            .unwrap_or_default(),
        resume: args.resume.then_some(Resume {
            retry_errors: args.retry_errors,
            retries: args.engine.retries,
        }),
    };
    let plan = match pastoe::plan_sweep(&mut store, request) {
        Ok(Planned::Run(plan)) => plan,
        Ok(Planned::Complete { sweep }) => {
            print_out(&format!(
                "nothing to resume: sweep {sweep} is complete ({})\n",
                args.db.display()
            ));
            return Ok(EXIT_COMPLIANT);
        }
        Err(PlanError::NoSweep) => {
            return Err(Failure::usage(anyhow::anyhow!(
                "--resume: {} has no sweep of {}{}",
                args.db.display(),
                args.orgs.display(),
                shard
                    .as_ref()
                    .map(|s| format!(" shard {s}"))
                    .unwrap_or_default()
            )));
        }
        Err(PlanError::OtherSettings { sweep, recorded }) => {
            return Err(Failure::usage(anyhow::anyhow!(
                "--resume: sweep {sweep} was started with other settings ({}); resume it with the same flags",
                serde_json::to_string(&recorded).unwrap_or_default()
            )));
        }
        Err(e @ PlanError::Store(_)) => return Err(Failure::run(e)),
    };

    let runtime = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .map_err(Failure::run)?;
    let progress = SweepProgress::new(args.progress, plan.targets.len(), plan.done.len());
    let swept = runtime.block_on(async {
        let prober = ProbeArgs::prober(&config).await?;
        let engine = Engine {
            prober: &prober,
            rules: Arc::new(judgement.rules),
            only: judgement.only.clone(),
            concurrency: args.engine.concurrency as usize,
            // Every probe has its own deadline; this only catches what slips past them.
            domain_deadline: args.probes.timeout() * 30,
            crawl: args.crawl.then(CrawlLimits::default),
            scan_discovered: true,
            outage_limit: Duration::from_secs(args.engine.outage_limit),
            retries: args.engine.retries,
            retry_delay: Duration::from_secs(args.engine.retry_delay),
        };
        Ok::<_, Failure>(pastoe::sweep(&engine, plan, store, &progress).await)
    })?;
    progress.finish();
    let Swept { row, run } = swept.map_err(|e| match &e {
        SweepError::Stopped { cause, .. } => {
            let why = match cause {
                StopCause::Store(e) => e.to_string(),
                StopCause::Writer => "the store writer stopped".to_string(),
                StopCause::OwnSideDown { reason, for_secs } => format!(
                    "pastoe's own side was down for {for_secs} s (longer than --outage-limit {}): {reason}; \
                     no finding was written from that time. Nothing written before is lost: when it \
                     works again, run the same command with --resume",
                    args.engine.outage_limit
                ),
            };
            Failure::run(anyhow::anyhow!("{e}: {why}"))
        }
        SweepError::StoreLost | SweepError::Store(_) => Failure::run(e),
    })?;
    let polite = pastoe::probe::net::polite::stats();
    print_out(&format!(
        "sweep {}: {} organisations, {} domains ({} this run; observed again: {} after errors, {} after an outage of pastoe's own side), {} failing required findings, {} errors; {}\n\
         politeness: at most {} connections at once to one address ({}; the cap is {}), {} connections\n",
        row.id,
        row.organisations,
        row.done,
        run.fresh,
        run.retried,
        run.overlapped,
        row.failing,
        row.errors,
        args.db.display(),
        polite.peak_per_ip,
        polite
            .peak_ip
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| "-".into()),
        polite.max_connections_per_ip,
        polite.permits,
    ));
    Ok(EXIT_COMPLIANT)
}

/// The progress display: a bar (through tracing-indicatif, so log lines print above it
/// instead of tearing it) or plain lines for a log file.
struct SweepProgress {
    bar: Option<tracing::Span>,
    log_every: Option<Duration>,
    total: AtomicUsize,
    done: AtomicUsize,
    with_errors: AtomicUsize,
    started: Instant,
    already: usize,
    last_line: Mutex<Instant>,
}

impl SweepProgress {
    fn new(mode: ProgressMode, total: usize, already: usize) -> SweepProgress {
        let terminal = std::io::stderr().is_terminal();
        let (bar, log) = match mode {
            ProgressMode::Auto => (terminal, !terminal),
            ProgressMode::Bar => (true, false),
            ProgressMode::Log => (false, true),
            ProgressMode::None => (false, false),
        };
        let bar = bar.then(|| {
            let span = tracing::info_span!("sweep");
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{wide_bar} {pos}/{len} domains  {per_sec}  ETA {eta}  {msg}",
            ) {
                span.pb_set_style(&style);
            }
            span.pb_set_length(total as u64);
            span.pb_set_position(already as u64);
            span.pb_start();
            span
        });
        SweepProgress {
            bar,
            log_every: log.then_some(Duration::from_secs(10)),
            total: AtomicUsize::new(total),
            done: AtomicUsize::new(already),
            with_errors: AtomicUsize::new(0),
            started: Instant::now(),
            already,
            last_line: Mutex::new(Instant::now()),
        }
    }

    fn line(&self) -> String {
        let done = self.done.load(Ordering::Relaxed);
        let total = self.total.load(Ordering::Relaxed);
        let this_run = done - self.already;
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = this_run as f64 / secs;
        let eta = if rate > 0.0 {
            format!("{:.0} s", total.saturating_sub(done) as f64 / rate)
        } else {
            "-".into()
        };
        format!(
            "pastoe sweep: {done}/{total} domains, {:.1}/min, ETA {eta}, {} with errors",
            rate * 60.0,
            self.with_errors.load(Ordering::Relaxed)
        )
    }

    /// The last log line; the bar goes away with its span.
    fn finish(self) {
        if self.log_every.is_some() {
            eprintln!("{}", self.line());
        }
    }
}

impl Progress for SweepProgress {
    fn domains_added(&self, count: usize) {
        let total = self.total.fetch_add(count, Ordering::Relaxed) + count;
        if let Some(span) = &self.bar {
            span.pb_set_length(total as u64);
        }
    }

    fn paused(&self, reason: Option<&str>) {
        let message = match reason {
            Some(reason) => format!("paused: {reason}"),
            None => "going on after a pause".to_string(),
        };
        if let Some(span) = &self.bar {
            span.pb_set_message(&message);
        }
        if self.log_every.is_some() {
            eprintln!("pastoe sweep: {message}");
        }
    }

    fn retrying(&self, count: usize) {
        let message = format!("{count} domain(s) with errors are observed again");
        if let Some(span) = &self.bar {
            span.pb_set_message(&message);
        }
        if self.log_every.is_some() {
            eprintln!("pastoe sweep: {message}");
        }
    }

    fn domain_done(&self, _domain: &str, _elapsed: Duration, errors: usize) {
        self.done.fetch_add(1, Ordering::Relaxed);
        if errors > 0 {
            self.with_errors.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(span) = &self.bar {
            span.pb_inc(1);
            span.pb_set_message(&format!(
                "{} with errors",
                self.with_errors.load(Ordering::Relaxed)
            ));
        }
        if let Some(every) = self.log_every
            && let Ok(mut last) = self.last_line.lock()
            && last.elapsed() >= every
        {
            *last = Instant::now();
            eprintln!("{}", self.line());
        }
    }
}
