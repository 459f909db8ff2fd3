//! Sweeps: every domain of an organisations file observed, judged and written to the store
//! as it finishes, with a bounded number of domains in flight, so memory does not grow with
//! the size of the list and a killed sweep loses only what was in flight.

mod again;
pub mod documents;
mod session;

pub use again::{JudgedAgain, Origins, judge_again};

pub use session::{
    Plan, PlanError, Planned, Resume, StopCause, SweepError, SweepRequest, Swept, plan_sweep, sweep,
};

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::discover::{CrawlLimits, DiscoveredHost, HostRole, api_of, servers_of, www_of};
use crate::judge::selection::{CheckSelection, Selection};
use crate::probe::Prober;
use crate::probe::net::health::{Health, HealthConfig};
use crate::rules::RuleSet;
use crate::scan::{aborted, judge_domain};
use crate::store::{DomainRecord, Store, StoreError};
use crate::targets::Domain;
use crate::targets::orgs::OrganisationList;

/// Domains in flight unless `--concurrency` says otherwise. Each domain spends most of its
/// time waiting on the network, and shared endpoints are enumerated once, so this many
/// keep two cores busy at internet latencies.
pub const DEFAULT_CONCURRENCY: usize = 64;

/// How a domain of the organisations file came into a sweep (`found_via`); discovered hosts
/// say where they were found instead.
pub const LISTED: &str = "listed";

/// One part of a partition of the organisations: `index` of `count`, counted from 0 as
/// a Kubernetes Indexed Job numbers its pods (`JOB_COMPLETION_INDEX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `K/N` with 0 ≤ K < N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("{text:?} is not K/N with 0 <= K < N (e.g. 0/4 … 3/4)");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether an organisation belongs to this shard: a hash of its id, which is the same
    /// on every machine and in every release, and spreads numbered ids (`org-1`, `org-2`
    /// …) evenly (plain `fnv1a % N` put every id ending in the same digit in one shard).
    pub fn contains(&self, organisation_id: &str) -> bool {
        crate::stable_hash::bucket(organisation_id.bytes(), u64::from(self.count))
            == u64::from(self.index)
    }

    /// The organisations of this shard, in file order.
    pub fn select(&self, list: &OrganisationList) -> OrganisationList {
        OrganisationList {
            organisations: list
                .organisations
                .iter()
                .filter(|o| self.contains(&o.id))
                .cloned()
                .collect(),
        }
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A domain to observe, once however many organisations list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepTarget {
    pub domain: Domain,
    /// Every DKIM selector any owner listed.
    pub dkim_selectors: Vec<String>,
    /// The API base URLs of the owners that belong with this domain
    /// ([`crate::discover::api_home`]).
    pub api_bases: Vec<String>,
    /// `listed`, or where discovery found it (`www of goedstad.nl`).
    pub found_via: String,
    /// Found by discovery: a web host, judged on the checks that apply to discovered hosts only
    /// ([`crate::judge::checks::Hosts`]).
    pub discovered: bool,
}

impl SweepTarget {
    /// The target a discovered host becomes, if its name is a valid domain.
    pub fn from_discovery(host: &DiscoveredHost) -> Option<SweepTarget> {
        let role = match host.role {
            HostRole::Www => "www",
            HostRole::Api => "api",
            HostRole::Link => "link",
            HostRole::Mx | HostRole::Ns => return None,
        };
        Some(SweepTarget {
            domain: Domain::parse(&host.host).ok()?,
            dkim_selectors: Vec::new(),
            api_bases: Vec::new(),
            found_via: format!("{role} of {}", host.from),
            discovered: true,
        })
    }
}

/// Each distinct domain of the list once, in file order.
pub fn targets(list: &OrganisationList) -> Vec<SweepTarget> {
    list.domains()
        .into_iter()
        .map(|owners| {
            let mut selectors: Vec<String> = Vec::new();
            for org in &owners.organisations {
                for s in &org.dkim_selectors {
                    if !selectors.contains(s) {
                        selectors.push(s.clone());
                    }
                }
            }
            let mut api_bases: Vec<String> = Vec::new();
            for org in &owners.organisations {
                for base in &org.apis {
                    if crate::discover::api_home(&org.domains, base) == Some(owners.domain)
                        && !api_bases.contains(base)
                    {
                        api_bases.push(base.clone());
                    }
                }
            }
            SweepTarget {
                domain: owners.domain.clone(),
                dkim_selectors: selectors,
                api_bases,
                found_via: LISTED.to_string(),
                discovered: false,
            }
        })
        .collect()
}

/// What the engine needs besides the targets.
pub struct Engine<'a> {
    pub prober: &'a Prober,
    pub rules: Arc<RuleSet>,
    pub only: Option<CheckSelection>,
    pub concurrency: usize,
    /// A domain whose observation takes longer than this is written as aborted, so one
    /// hostile domain can never hold the sweep.
    pub domain_deadline: Duration,
    /// `--crawl`: hosts linked from the home pages of listed domains.
    pub crawl: Option<CrawlLimits>,
    /// Whether the web hosts discovery finds (`www`, `--crawl`) are observed too, as a sweep
    /// of organisations does; a batch request tests its domains as given, like internet.nl.
    pub scan_discovered: bool,
    /// How long the own side may stay down before the sweep stops (to be resumed).
    pub outage_limit: Duration,
    /// Observations more of a domain whose findings had errors, at the end of the run.
    pub retries: u32,
    /// The pause before those, so a target's passing trouble can pass.
    pub retry_delay: Duration,
}

/// Told about every domain as it is written, for the progress display.
pub trait Progress: Send + Sync {
    fn domain_done(&self, domain: &str, elapsed: Duration, errors: usize);
    /// Discovery added this many domains to the sweep.
    fn domains_added(&self, count: usize);
    /// The sweep paused because its own side is down (`Some(reason)`), or goes on (`None`).
    fn paused(&self, reason: Option<&str>);
    /// This many domains with errors are observed once more.
    fn retrying(&self, count: usize);
}

/// A domain to observe in this run, and how often it was observed in this run already.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub target: SweepTarget,
    pub earlier: u32,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEnd {
    /// Every domain is written.
    Finished,
    /// The store writer failed; `--resume` does the rest.
    WriterFailed,
    /// pastoe's own side stayed down longer than the limit; `--resume` does the rest.
    OwnSideDown { reason: String, for_secs: u64 },
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunReport {
    /// Domains written for the first time.
    pub fresh: usize,
    /// Observations handed to the store (retries included).
    pub written: usize,
    /// Observations thrown away because they overlapped an own-side outage.
    pub overlapped: usize,
    /// Observations more of domains with errors.
    pub retried: usize,
    pub end: RunEnd,
}

/// A finished observation, waiting until the own side is known for all of its time.
struct Observed {
    attempt: Attempt,
    record: DomainRecord,
    from: tokio::time::Instant,
    to: tokio::time::Instant,
}

/// How often the engine looks at the own side and its waiting observations.
const TICK: Duration = Duration::from_millis(200);

/// The store on a thread of its own, fed by a bounded channel: SQLite blocks, the probes
/// must not, and a slow disk slows the sweep down instead of filling memory.
pub struct StoreWriter {
    sender: mpsc::Sender<DomainRecord>,
    thread: std::thread::JoinHandle<(Store, Result<usize, StoreError>)>,
    path: std::path::PathBuf,
}

impl StoreWriter {
    pub fn spawn(mut store: Store, sweep: i64) -> StoreWriter {
        let path = store.path().to_path_buf();
        let (sender, mut receiver) = mpsc::channel::<DomainRecord>(32);
        let thread = std::thread::spawn(move || {
            let mut written = 0;
            while let Some(record) = receiver.blocking_recv() {
                if let Err(e) = store.write_domain(sweep, &record) {
                    return (store, Err(e));
                }
                written += 1;
            }
            (store, Ok(written))
        });
        StoreWriter {
            sender,
            thread,
            path,
        }
    }

    /// Wait for every queued domain to be written; hands the store back unless the writer
    /// thread died.
    pub fn finish(self) -> (Option<Store>, Result<usize, StoreError>) {
        drop(self.sender);
        match self.thread.join() {
            Ok((store, result)) => (Some(store), result),
            Err(_) => (
                None,
                Err(StoreError::Sqlite {
                    path: self.path,
                    message: "the store writer stopped abnormally".into(),
                }),
            ),
        }
    }
}

impl Engine<'_> {
    /// Observe, judge and hand to the writer every target not in `done`, the `again`
    /// attempts (already written, observed once more), and every host discovery finds that
    /// is not a target yet. `later` are written domains with errors that get their retry
    /// at the end, as this run's own do. Stops taking new domains when the writer fails or
    /// the own side stays down too long; what was in flight is then done by `--resume`.
    pub async fn run(
        &self,
        targets: Vec<SweepTarget>,
        done: &HashSet<String>,
        again: Vec<Attempt>,
        later: Vec<Attempt>,
        writer: &StoreWriter,
        progress: &dyn Progress,
    ) -> RunReport {
        let mut known: HashSet<String> = done.clone();
        known.extend(targets.iter().map(|t| t.domain.to_string()));
        let mut queue: VecDeque<Attempt> = again
            .into_iter()
            .chain(
                targets
                    .into_iter()
                    .filter(|t| !done.contains(t.domain.as_str()))
                    .map(|target| Attempt { target, earlier: 0 }),
            )
            .collect();
        // pastoe's own side: while it is down no domain starts, and what overlapped an
        // outage is observed again. The monitor stops when the run returns.
        let health = Health::new(self.prober.resolver().clone(), HealthConfig::default());
        let _monitor = health.spawn_monitor();
        let mut retry_later: Vec<Attempt> = later;
        let discovered_prober = self
            .prober
            .with_plan(self.selection().for_discovered().plan());
        let mut running: JoinSet<Option<Observed>> = JoinSet::new();
        let mut waiting: Vec<Observed> = Vec::new();
        let mut report = RunReport {
            fresh: 0,
            written: 0,
            overlapped: 0,
            retried: 0,
            end: RunEnd::Finished,
        };
        let mut paused_since: Option<Instant> = None;
        let mut last_pause_line = Instant::now();
        loop {
            // pastoe's own side first: a domain started now could only measure the outage.
            match health.current_outage() {
                Some(outage) => {
                    let now = Instant::now();
                    let since = *paused_since.get_or_insert_with(|| {
                        tracing::warn!("sweep paused: {}", outage.reason);
                        progress.paused(Some(&outage.reason));
                        last_pause_line = now;
                        now
                    });
                    let down = outage.since.elapsed();
                    if down > self.outage_limit {
                        running.abort_all();
                        report.end = RunEnd::OwnSideDown {
                            reason: outage.reason,
                            for_secs: down.as_secs(),
                        };
                        return report;
                    }
                    if now.duration_since(last_pause_line) >= Duration::from_secs(10) {
                        last_pause_line = now;
                        let message = format!(
                            "{} (paused {} s; the sweep stops after {} s)",
                            outage.reason,
                            now.duration_since(since).as_secs(),
                            self.outage_limit.as_secs()
                        );
                        tracing::warn!("sweep still paused: {message}");
                        progress.paused(Some(&message));
                    }
                }
                None => {
                    if let Some(since) = paused_since.take() {
                        tracing::warn!(
                            "sweep goes on after a pause of {:.1} s",
                            since.elapsed().as_secs_f64()
                        );
                        progress.paused(None);
                    }
                    while running.len() < self.concurrency.max(1) {
                        let Some(attempt) = queue.pop_front() else {
                            break;
                        };
                        let prober = if attempt.target.discovered {
                            discovered_prober.clone()
                        } else {
                            self.prober.clone()
                        };
                        running.spawn(observe_and_judge(
                            prober,
                            attempt,
                            self.rules.clone(),
                            self.selection(),
                            self.domain_deadline,
                            self.crawl,
                        ));
                    }
                }
            }
            // Observations the own side is known for are written, or done again if they
            // overlapped an outage.
            let (known_now, still): (Vec<Observed>, Vec<Observed>) =
                waiting.into_iter().partition(|o| health.known_until(o.to));
            waiting = still;
            for observed in known_now {
                if let Some(outage) = health.overlapping(observed.from, observed.to) {
                    tracing::info!(
                        "{}: observed again, its observation overlapped an own-side outage ({})",
                        observed.record.name,
                        outage.reason
                    );
                    report.overlapped += 1;
                    queue.push_front(observed.attempt);
                    continue;
                }
                let Observed {
                    attempt, record, ..
                } = observed;
                let added = record
                    .discovered
                    .iter()
                    .filter(|h| h.scanned && self.scan_discovered)
                    .filter_map(SweepTarget::from_discovery)
                    .filter(|t| known.insert(t.domain.to_string()))
                    .inspect(|t| tracing::info!("discovered {} ({})", t.domain, t.found_via))
                    .map(|target| queue.push_back(Attempt { target, earlier: 0 }))
                    .count();
                if added > 0 {
                    progress.domains_added(added);
                }
                let errors = record.errors();
                let (name, elapsed) = (record.name.clone(), record.elapsed_ms);
                tracing::debug!("{name}: {elapsed} ms, {errors} findings with errors");
                if writer.sender.send(record).await.is_err() {
                    running.abort_all();
                    report.end = RunEnd::WriterFailed;
                    return report;
                }
                report.written += 1;
                if !done.contains(&name) && attempt.earlier == 0 {
                    report.fresh += 1;
                    progress.domain_done(&name, Duration::from_millis(elapsed), errors);
                }
                if errors > 0 && attempt.earlier < self.retries {
                    retry_later.push(Attempt {
                        earlier: attempt.earlier + 1,
                        ..attempt
                    });
                }
            }
            if running.is_empty() && waiting.is_empty() && queue.is_empty() {
                if retry_later.is_empty() {
                    return report;
                }
                // A target's own passing trouble (a restart, a dropped link) gets the
                // delay to pass; politeness holds as for any other connection.
                tracing::info!(
                    "{} domain(s) with errors are observed again in {} s",
                    retry_later.len(),
                    self.retry_delay.as_secs()
                );
                progress.retrying(retry_later.len());
                report.retried += retry_later.len();
                tokio::time::sleep(self.retry_delay).await;
                queue.extend(retry_later.drain(..));
                continue;
            }
            tokio::select! {
                Some(joined) = running.join_next(), if !running.is_empty() => {
                    // Observation and judging never panic by design; if one does, the
                    // domain is not written, the sweep goes on, and a resume does it again.
                    match joined {
                        Ok(Some(observed)) => waiting.push(observed),
                        _ => tracing::error!("a domain task ended abnormally; it is left for --resume"),
                    }
                }
                _ = tokio::time::sleep(TICK) => {}
            }
        }
    }

    /// What a listed domain is judged on.
    fn selection(&self) -> Selection {
        Selection::listed(self.only.clone())
    }
}

/// Hosts found from a listed domain: its servers from the facts, its `www`, and (with
/// `--crawl`) the hosts its home page links to. A `www`, `api` or linked host is scanned
/// only when it resolves (an `api` host that does not is left out).
async fn discover(
    prober: &Prober,
    facts: &crate::facts::DomainFacts,
    crawl: Option<CrawlLimits>,
) -> Vec<DiscoveredHost> {
    let domain = facts.domain.as_str();
    let mut found = servers_of(facts);
    let mut web: Vec<DiscoveredHost> = Vec::new();
    if let Some(www) = www_of(domain) {
        web.push(DiscoveredHost {
            host: www,
            role: HostRole::Www,
            from: domain.to_string(),
            found_at: domain.to_string(),
            scanned: false,
        });
    }
    if let Some(api) = api_of(domain) {
        web.push(DiscoveredHost {
            host: api,
            role: HostRole::Api,
            from: domain.to_string(),
            found_at: domain.to_string(),
            scanned: false,
        });
    }
    if let Some(limits) = crawl {
        web.extend(prober.crawl(domain, limits).await);
    }
    let resolved =
        futures_util::future::join_all(web.iter().map(|h| prober.resolves(&h.host))).await;
    for (mut host, resolves) in web.into_iter().zip(resolved) {
        host.scanned = resolves;
        // A name guessed, not found: only worth a line when it exists.
        if resolves || host.role != HostRole::Api {
            found.push(host);
        }
    }
    found
}

async fn observe_and_judge(
    prober: Prober,
    attempt: Attempt,
    rules: Arc<RuleSet>,
    selection: Selection,
    deadline: Duration,
    crawl: Option<CrawlLimits>,
) -> Option<Observed> {
    let target = &attempt.target;
    let plan = prober.plan();
    let started_at = crate::facts::now_rfc3339();
    let from = tokio::time::Instant::now();
    let started = Instant::now();
    // Boxed: the observation of a domain is a deep future, and on a worker thread's stack
    // (with the discovery beside it) it overflowed in debug builds.
    let observation = Box::pin(async {
        let facts = Box::pin(prober.observe_with(
            &target.domain,
            &target.dkim_selectors,
            &target.api_bases,
        ))
        .await;
        // Discovery goes one step from the listed domains only, so it always ends.
        let discovered = if target.discovered {
            Vec::new()
        } else {
            Box::pin(discover(&prober, &facts, crawl)).await
        };
        (facts, discovered)
    });
    let (facts, discovered) = match tokio::time::timeout(deadline, observation).await {
        Ok(observed) => observed,
        Err(_) => (
            aborted(
                &target.domain,
                &format!(
                    "the observation of the domain took longer than the sweep's deadline of {} s",
                    deadline.as_secs()
                ),
                plan,
            ),
            Vec::new(),
        ),
    };
    let to = tokio::time::Instant::now();
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (found_via, discovered_host) = (target.found_via.clone(), target.discovered);
    // Judging and encoding are CPU work: off the I/O threads.
    let record = tokio::task::spawn_blocking(move || {
        let selection = if discovered_host {
            selection.for_discovered()
        } else {
            selection
        };
        let findings = judge_domain(&facts, &rules, &selection);
        DomainRecord::new(
            &facts, &findings, &found_via, discovered, started_at, elapsed_ms,
        )
    })
    .await
    .ok()?;
    Some(Observed {
        attempt,
        record,
        from,
        to,
    })
}

#[cfg(test)]
mod tests {
    use super::Shard;

    #[test]
    fn shards_partition_the_organisations_the_same_way_everywhere() {
        let shards: Vec<Shard> = (0..4)
            .map(|k| Shard::parse(&format!("{k}/4")).unwrap())
            .collect();
        for i in 0..200 {
            let id = format!("gemeente-{i}");
            assert_eq!(shards.iter().filter(|s| s.contains(&id)).count(), 1, "{id}");
        }
        // Pinned: a release that moved organisations between shards would break merges of
        // shards swept by different versions.
        let of = |id: &str| shards.iter().position(|s| s.contains(id)).unwrap();
        assert_eq!(
            [
                of("gemeente-goedstad"),
                of("gemeente-halfweg"),
                of("ministerie-proeven")
            ],
            [0, 1, 2]
        );
    }

    #[test]
    fn ids_that_differ_only_at_the_end_spread_over_every_shard() {
        // Numbered ids, as a generated or exported list has them: each shard gets its
        // share, and each last digit turns up in every shard.
        let shards: Vec<Shard> = (0..10)
            .map(|k| Shard::parse(&format!("{k}/10")).unwrap())
            .collect();
        for shard in &shards {
            let members: Vec<usize> = (0..10_000)
                .filter(|i| shard.contains(&format!("org-{i}")))
                .collect();
            assert!(
                (800..1200).contains(&members.len()),
                "{shard}: {}",
                members.len()
            );
            let last_digits: std::collections::BTreeSet<usize> =
                members.iter().map(|i| i % 10).collect();
            assert_eq!(last_digits.len(), 10, "{shard}: {last_digits:?}");
        }
    }

    #[test]
    fn shard_parse_refuses_what_is_not_k_of_n() {
        for bad in ["4/4", "1/0", "x/2", "3"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
