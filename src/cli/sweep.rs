//! `pastoe sweep ORGS --db FILE`: every organisation of a file, into the store.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};
use tracing_indicatif::span_ext::IndicatifSpanExt;

use super::output::{JudgeOptions, now};
use super::scan::ProbeArgs;
use super::{EXIT_COMPLIANT, Failure, print_out};
use pastoe::discover::CrawlLimits;
use pastoe::store::{NewSweep, Store, SweepSettings, SweepStatus, digest};
use pastoe::sweep::{
    Attempt, DEFAULT_CONCURRENCY, Engine, Progress, RunEnd, Shard, StoreWriter, SweepTarget,
    targets,
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

#[derive(Args)]
pub struct SweepArgs {
    /// The organisations file (CSV with header id,name,type,domains,tags; or TOML).
    #[arg(value_name = "ORGS")]
    orgs: PathBuf,
    /// The store (SQLite) the sweep is written to; created when missing.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Domains observed at once.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY as u64, value_parser = clap::value_parser!(u64).range(1..=4096))]
    concurrency: u64,
    /// Continue the newest sweep of this file in the store (after a kill, a full disk, an
    /// outage of pastoe's own side or Ctrl-C): the domains written stay, the rest are done.
    /// A complete sweep is left as it is (exit 0), unless --retry-errors.
    #[arg(long)]
    resume: bool,
    /// With --resume on a complete sweep: observe again only its domains with errors.
    #[arg(long, requires = "resume")]
    retry_errors: bool,
    /// Observations more, at the end of the sweep, of a domain whose findings had errors.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=5))]
    retries: u32,
    /// Seconds to wait before those observations.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=3600))]
    retry_delay: u64,
    /// Seconds pastoe's own side (its resolver, descriptors, network) may stay down while
    /// the sweep waits; then it stops, to be continued with --resume.
    #[arg(long, value_name = "SECS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    outage_limit: u64,
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
    let mut planned = targets(&list);
    let domains: Vec<Domain> = planned.iter().map(|t| t.domain.clone()).collect();
    let config = args.probes.config(&judgement, &domains)?;
    let settings = SweepSettings {
        rule_set: judgement.rules.meta.id.clone(),
        rule_set_version: judgement.rules.meta.version.clone(),
        tls_rules: args.judging.tls_rules().to_string(),
        only: args.judging.only_patterns(),
        probes: args.probes.describe(),
    };
    let orgs_digest = digest(&bytes);
    let shard = args.shard.map(|s| s.to_string());

    let mut store = Store::open(&args.db).map_err(Failure::usage)?;
    let mut again: Vec<Attempt> = Vec::new();
    let mut later: Vec<Attempt> = Vec::new();
    let (sweep, done) = if args.resume {
        let previous = store
            .newest_of(&orgs_digest, shard.as_deref())
            .map_err(Failure::run)?
            .ok_or_else(|| {
                Failure::usage(anyhow::anyhow!(
                    "--resume: {} has no sweep of {}{}",
                    args.db.display(),
                    args.orgs.display(),
                    shard
                        .as_ref()
                        .map(|s| format!(" shard {s}"))
                        .unwrap_or_default()
                ))
            })?;
        let complete = previous.status == SweepStatus::Complete;
        if complete && !args.retry_errors {
            // A restarted Kubernetes pod, or a second run of the same command: done.
            print_out(&format!(
                "nothing to resume: sweep {} is complete ({})\n",
                previous.id,
                args.db.display()
            ));
            return Ok(EXIT_COMPLIANT);
        }
        if previous.settings != settings {
            return Err(Failure::usage(anyhow::anyhow!(
                "--resume: sweep {} was started with other settings ({}); resume it with the same flags",
                previous.id,
                serde_json::to_string(&previous.settings).unwrap_or_default()
            )));
        }
        store
            .set_status(previous.id, SweepStatus::Running, None, 0)
            .map_err(Failure::run)?;
        let done = store.done_domains(previous.id).map_err(Failure::run)?;
        // Written domains with errors: observed again now (--retry-errors on a complete
        // sweep), or at the end of this run if a killed run had not retried them yet.
        let errored = store.errored_domains(previous.id).map_err(Failure::run)?;
        // Hosts discovered before the kill: their listed domain is done and will not be
        // observed again, so they are queued from the store.
        let mut known: HashSet<String> = planned.iter().map(|t| t.domain.to_string()).collect();
        for host in store.discovered(previous.id).map_err(Failure::run)? {
            if let Some(target) = host
                .scanned
                .then(|| SweepTarget::from_discovery(&host))
                .flatten()
                && known.insert(target.domain.to_string())
            {
                planned.push(target);
            }
        }
        let by_name: std::collections::HashMap<String, SweepTarget> = planned
            .iter()
            .map(|t| (t.domain.to_string(), t.clone()))
            .collect();
        for (name, attempts) in errored {
            let Some(target) = by_name.get(&name).cloned() else {
                continue;
            };
            if complete {
                again.push(Attempt { target, earlier: 0 });
            } else if attempts <= args.retries {
                later.push(Attempt {
                    target,
                    earlier: attempts,
                });
            }
        }
        if complete {
            tracing::info!(
                "sweep {}: {} domain(s) with errors are observed again",
                previous.id,
                again.len()
            );
        }
        (previous.id, done)
    } else {
        let explanations = judgement
            .explanations
            .as_ref()
            .map(|set| set.items.clone())
            .unwrap_or_default();
        let id = store
            .begin_sweep(&NewSweep {
                started_at: now(),
                orgs_file: args.orgs.display().to_string(),
                orgs_digest: orgs_digest.clone(),
                shard: shard.clone(),
                settings: &settings,
                problems: &problems,
                organisations: &list.organisations,
                explanations: &explanations,
                planned: planned.len(),
            })
            .map_err(Failure::run)?;
        (id, Default::default())
    };

    let runtime = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .map_err(Failure::run)?;
    let progress = SweepProgress::new(args.progress, planned.len(), done.len());
    let writer = StoreWriter::spawn(store, sweep);
    let rules = Arc::new(judgement.rules);
    let run = runtime.block_on(async {
        let prober = ProbeArgs::prober(&config).await?;
        let engine = Engine {
            prober: &prober,
            rules: rules.clone(),
            only: judgement.only.clone(),
            concurrency: args.concurrency as usize,
            // Every probe has its own deadline; this only catches what slips past them.
            domain_deadline: args.probes.timeout() * 30,
            crawl: args.crawl.then(CrawlLimits::default),
            outage_limit: Duration::from_secs(args.outage_limit),
            retries: args.retries,
            retry_delay: Duration::from_secs(args.retry_delay),
        };
        let run = engine
            .run(planned, &done, again, later, &writer, &progress)
            .await;
        Ok::<_, Failure>(run)
    })?;
    let total = progress.total.load(Ordering::Relaxed);
    progress.finish();
    let (store, written) = writer.finish();
    let stopped = match (written, &run.end) {
        (Err(e), _) => Some(e.to_string()),
        (Ok(_), RunEnd::WriterFailed) => Some("the store writer stopped".to_string()),
        (Ok(_), RunEnd::OwnSideDown { reason, for_secs }) => Some(format!(
            "pastoe's own side was down for {for_secs} s (longer than --outage-limit {}): {reason}; \
             no finding was written from that time. Nothing written before is lost: when it \
             works again, run the same command with --resume",
            args.outage_limit
        )),
        (Ok(_), RunEnd::Finished) => None,
    };
    if let Some(error) = stopped {
        // Best effort: with a full disk even this small update may fail; `--resume`
        // continues a sweep whatever its recorded state.
        let mut written = None;
        if let Some(mut store) = store {
            let _ = store.set_status(sweep, SweepStatus::Stopped, None, total);
            written = store.done_domains(sweep).ok().map(|d| d.len());
        }
        return Err(Failure::run(anyhow::anyhow!(
            "sweep {sweep} stopped after {} of {total} domains: {error}",
            written.unwrap_or(done.len()),
        )));
    }
    let mut store = store.ok_or_else(|| Failure::run(anyhow::anyhow!("the store was lost")))?;
    store
        .set_status(sweep, SweepStatus::Complete, Some(&now()), total)
        .map_err(Failure::run)?;
    let row = store.sweep(Some(sweep)).map_err(Failure::run)?;
    let polite = pastoe::probe::net::polite::stats();
    print_out(&format!(
        "sweep {sweep}: {} organisations, {} domains ({} this run; observed again: {} after errors, {} after an outage of pastoe's own side), {} failing required findings, {} errors; {}\n\
         politeness: at most {} connections at once to one address ({}; the cap is {}), {} connections\n",
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
