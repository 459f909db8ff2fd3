//! A sweep from its start to its recorded end: what to observe ([`plan_sweep`]: a new sweep,
//! or what a resumed one has left), then the engine with the store writer, and how the run
//! ended written to the store ([`sweep`]).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::explain::Explanation;
use crate::facts::now_rfc3339;
use crate::store::{NewSweep, Store, StoreError, SweepRow, SweepSettings, SweepStatus};
use crate::targets::orgs::Organisation;

use super::{Attempt, Engine, Progress, RunEnd, RunReport, StoreWriter, SweepTarget};

/// What a sweep is started, or resumed, from.
pub struct SweepRequest<'a> {
    /// Each listed domain once ([`super::targets`]).
    pub targets: Vec<SweepTarget>,
    /// The organisations file as named, and its digest ([`crate::store::digest`]): a sweep
    /// is resumed only from the same file.
    pub orgs_file: String,
    pub orgs_digest: String,
    /// `K/N` when this is one shard.
    pub shard: Option<String>,
    pub settings: SweepSettings,
    /// Rows of the organisations file that were skipped.
    pub problems: &'a [String],
    pub organisations: &'a [Organisation],
    /// The explanations in force, recorded with a new sweep and applied when its documents
    /// are built.
    pub explanations: &'a [Explanation],
    /// Continue the newest sweep of the file in the store instead of starting one.
    pub resume: Option<Resume>,
}

/// How a sweep is continued.
#[derive(Debug, Clone, Copy)]
pub struct Resume {
    /// On a complete sweep: observe its domains with errors again.
    pub retry_errors: bool,
    /// The retries a domain with errors gets (the engine's [`Engine::retries`]): a killed
    /// run's domains that had fewer get theirs at the end.
    pub retries: u32,
}

/// What a sweep will observe.
#[derive(Debug)]
pub struct Plan {
    pub sweep: i64,
    /// Every target, those written already included (the engine skips them).
    pub targets: Vec<SweepTarget>,
    /// Domains written already.
    pub done: HashSet<String>,
    /// Written domains observed once more, first.
    pub again: Vec<Attempt>,
    /// Written domains with errors whose retry a killed run had not made yet: at the end.
    pub later: Vec<Attempt>,
}

/// What planning found.
#[derive(Debug)]
pub enum Planned {
    /// Resuming a complete sweep without retrying its errors: there is nothing to do.
    Complete {
        sweep: i64,
    },
    Run(Plan),
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Nothing to resume: the store has no sweep of this organisations file (and shard).
    #[error("the store has no sweep of this organisations file")]
    NoSweep,
    /// The sweep to resume judged or observed with other settings.
    #[error("sweep {sweep} was started with other settings")]
    OtherSettings {
        sweep: i64,
        recorded: Box<SweepSettings>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Plan a sweep: record a new one in the store, or find the newest sweep of the same file
/// (and shard) and what it has left: the domains not written yet, the hosts discovery found
/// before it stopped, and the domains with errors to observe again.
pub fn plan_sweep(store: &mut Store, request: SweepRequest<'_>) -> Result<Planned, PlanError> {
    let SweepRequest {
        mut targets,
        orgs_file,
        orgs_digest,
        shard,
        settings,
        problems,
        organisations,
        explanations,
        resume,
    } = request;
    let Some(resume) = resume else {
        let sweep = store.begin_sweep(&NewSweep {
            started_at: now_rfc3339(),
            orgs_file,
            orgs_digest,
            shard,
            settings: &settings,
            problems,
            organisations,
            explanations,
            planned: targets.len(),
        })?;
        return Ok(Planned::Run(Plan {
            sweep,
            targets,
            done: HashSet::new(),
            again: Vec::new(),
            later: Vec::new(),
        }));
    };
    let previous = store
        .newest_of(&orgs_digest, shard.as_deref())?
        .ok_or(PlanError::NoSweep)?;
    let complete = previous.status == SweepStatus::Complete;
    if complete && !resume.retry_errors {
        // A restarted Kubernetes pod, or a second run of the same command: done.
        return Ok(Planned::Complete { sweep: previous.id });
    }
    if previous.settings != settings {
        return Err(PlanError::OtherSettings {
            sweep: previous.id,
            recorded: Box::new(previous.settings),
        });
    }
    store.set_status(previous.id, SweepStatus::Running, None, 0)?;
    let done = store.done_domains(previous.id)?;
    // Written domains with errors: observed again now (retry_errors on a complete sweep),
    // or at the end of this run if a killed run had not retried them yet.
    let errored = store.errored_domains(previous.id)?;
    // Hosts discovered before the kill: their listed domain is done and will not be
    // observed again, so they are queued from the store.
    let mut known: HashSet<String> = targets.iter().map(|t| t.domain.to_string()).collect();
    for host in store.discovered(previous.id)? {
        if let Some(target) = host
            .scanned
            .then(|| SweepTarget::from_discovery(&host))
            .flatten()
            && known.insert(target.domain.to_string())
        {
            targets.push(target);
        }
    }
    let by_name: HashMap<String, SweepTarget> = targets
        .iter()
        .map(|t| (t.domain.to_string(), t.clone()))
        .collect();
    let mut again = Vec::new();
    let mut later = Vec::new();
    for (name, attempts) in errored {
        let Some(target) = by_name.get(&name).cloned() else {
            continue;
        };
        if complete {
            again.push(Attempt { target, earlier: 0 });
        } else if attempts <= resume.retries {
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
    Ok(Planned::Run(Plan {
        sweep: previous.id,
        targets,
        done,
        again,
        later,
    }))
}

/// A sweep that ran to its end.
#[derive(Debug)]
pub struct Swept {
    /// The sweep as the store now has it (complete).
    pub row: SweepRow,
    pub run: RunReport,
}

/// Why a sweep stopped before its end; it is recorded as stopped, to be resumed.
#[derive(Debug)]
pub enum StopCause {
    /// Writing to the store failed.
    Store(StoreError),
    /// The store writer stopped.
    Writer,
    /// pastoe's own side stayed down longer than the engine's outage limit.
    OwnSideDown { reason: String, for_secs: u64 },
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// The sweep stopped early: `written` of `total` domains are in the store.
    #[error("sweep {sweep} stopped after {written} of {total} domains")]
    Stopped {
        sweep: i64,
        written: usize,
        total: usize,
        cause: StopCause,
    },
    #[error("the store was lost")]
    StoreLost,
    /// The sweep ran to its end, but marking it complete failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Run a planned sweep: observe, judge and write every domain of the plan (and what
/// discovery adds) through the store writer, then record in the store how it ended:
/// complete, or stopped (with what was written kept, for a resume).
pub async fn sweep(
    engine: &Engine<'_>,
    plan: Plan,
    store: Store,
    progress: &dyn Progress,
) -> Result<Swept, SweepError> {
    let Plan {
        sweep,
        targets,
        done,
        again,
        later,
    } = plan;
    let progress = Counting {
        inner: progress,
        total: AtomicUsize::new(targets.len()),
    };
    let writer = StoreWriter::spawn(store, sweep);
    let run = engine
        .run(targets, &done, again, later, &writer, &progress)
        .await;
    let total = progress.total.load(Ordering::Relaxed);
    let (store, written) = writer.finish();
    let cause = match (written, &run.end) {
        (Err(e), _) => Some(StopCause::Store(e)),
        (Ok(_), RunEnd::WriterFailed) => Some(StopCause::Writer),
        (Ok(_), RunEnd::OwnSideDown { reason, for_secs }) => Some(StopCause::OwnSideDown {
            reason: reason.clone(),
            for_secs: *for_secs,
        }),
        (Ok(_), RunEnd::Finished) => None,
    };
    if let Some(cause) = cause {
        // Best effort: with a full disk even this small update may fail; a resume continues
        // a sweep whatever its recorded state.
        let mut written = None;
        if let Some(mut store) = store {
            let _ = store.set_status(sweep, SweepStatus::Stopped, None, total);
            written = store.done_domains(sweep).ok().map(|d| d.len());
        }
        return Err(SweepError::Stopped {
            sweep,
            written: written.unwrap_or(done.len()),
            total,
            cause,
        });
    }
    let mut store = store.ok_or(SweepError::StoreLost)?;
    store.set_status(sweep, SweepStatus::Complete, Some(&now_rfc3339()), total)?;
    let row = store.sweep(Some(sweep))?;
    Ok(Swept { row, run })
}

/// The caller's progress display, with the count of domains planned kept for the store:
/// discovery adds to it as the sweep goes.
struct Counting<'a> {
    inner: &'a dyn Progress,
    total: AtomicUsize,
}

impl Progress for Counting<'_> {
    fn domain_done(&self, domain: &str, elapsed: Duration, errors: usize) {
        self.inner.domain_done(domain, elapsed, errors);
    }

    fn domains_added(&self, count: usize) {
        self.total.fetch_add(count, Ordering::Relaxed);
        self.inner.domains_added(count);
    }

    fn paused(&self, reason: Option<&str>) {
        self.inner.paused(reason);
    }

    fn retrying(&self, count: usize) {
        self.inner.retrying(count);
    }
}
