//! pastoe's own side, apart from the targets': is our resolver answering, does this process
//! still have descriptors and buffers? A failure there says nothing about a scanned
//! organisation, so it must never become a finding. The sweep pauses while its own side is
//! down and observes again every domain whose observation overlapped an outage; `scan`
//! refuses to report (exit 3).
//!
//! The resolver is watched by a canary: the root zone's SOA through the configured
//! resolver, about once a second. Local resource failures (out of descriptors or buffers,
//! network down) are reported by the transports through [`local_fault`] the moment they
//! happen and count as an outage from then until the next clean canary.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::RecordType;
use tokio::time::Instant;

use super::dns::Dns;

/// A failure of the process's own resources: none of these is the scanned server's doing.
/// `ENETDOWN` is the host without a network; an unreachable route is not counted, since it
/// is also what one address family of a target can give.
pub fn is_local_resource_error(error: &io::Error) -> bool {
    const EMFILE: i32 = 24;
    const ENFILE: i32 = 23;
    const ENOMEM: i32 = 12;
    const ENOBUFS: i32 = 105;
    const ENETDOWN: i32 = 100;
    matches!(
        error.raw_os_error(),
        Some(EMFILE | ENFILE | ENOMEM | ENOBUFS | ENETDOWN)
    )
}

static LOCAL_FAULTS: AtomicU64 = AtomicU64::new(0);
static LAST_LOCAL_FAULT: Mutex<String> = Mutex::new(String::new());

/// A transport hit a failure of this process's own resources (see
/// [`is_local_resource_error`]); the health monitor treats it as an outage.
pub fn local_fault(error: &io::Error) {
    if let Ok(mut last) = LAST_LOCAL_FAULT.lock() {
        *last = format!("this host's own resources failed: {error}");
    }
    LOCAL_FAULTS.fetch_add(1, Ordering::SeqCst);
    tracing::warn!("own side: {error}");
}

/// How the own side is watched.
#[derive(Debug, Clone, Copy)]
pub struct HealthConfig {
    /// Between two canaries while all is well.
    pub every: Duration,
    /// How long the resolver may take to answer the canary.
    pub canary_timeout: Duration,
    /// The longest wait between canaries while the own side is down.
    pub max_backoff: Duration,
}

impl Default for HealthConfig {
    fn default() -> HealthConfig {
        HealthConfig {
            every: Duration::from_secs(1),
            canary_timeout: Duration::from_secs(2),
            max_backoff: Duration::from_secs(8),
        }
    }
}

/// A time when pastoe's own side was down: from the last clean canary before it was seen
/// to the first clean canary after (so it covers the outage itself, whenever in between it
/// began or ended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outage {
    pub since: Instant,
    pub until: Option<Instant>,
    pub reason: String,
}

#[derive(Debug)]
struct State {
    /// When the newest canary that found everything well was started.
    last_ok: Option<Instant>,
    outages: Vec<Outage>,
    local_faults_seen: u64,
}

/// The running canary; it stops when this is dropped, however its scan or sweep ends.
pub struct Monitor(tokio::task::JoinHandle<()>);

impl Drop for Monitor {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The own-side monitor of one scan or sweep.
pub struct Health {
    dns: Dns,
    resolver: SocketAddr,
    config: HealthConfig,
    state: Mutex<State>,
    started: Instant,
}

impl Health {
    pub fn new(dns: Dns, config: HealthConfig) -> Arc<Health> {
        Arc::new(Health {
            resolver: dns.upstream(),
            dns,
            config,
            state: Mutex::new(State {
                last_ok: None,
                outages: Vec::new(),
                local_faults_seen: LOCAL_FAULTS.load(Ordering::SeqCst),
            }),
            started: Instant::now(),
        })
    }

    /// Watch until the returned [`Monitor`] is dropped: a canary every second while well,
    /// with a growing pause (up to `max_backoff`) while not.
    pub fn spawn_monitor(self: &Arc<Health>) -> Monitor {
        let health = self.clone();
        Monitor(tokio::spawn(async move {
            let mut backoff = health.config.every;
            loop {
                let well = health.check().await;
                backoff = if well {
                    health.config.every
                } else {
                    (backoff * 2).min(health.config.max_backoff)
                };
                tokio::time::sleep(backoff).await;
            }
        }))
    }

    /// One canary now; records the result and says whether the own side is well.
    pub async fn check(&self) -> bool {
        let started = Instant::now();
        let verdict = self.canary().await;
        let faults = LOCAL_FAULTS.load(Ordering::SeqCst);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let new_fault = faults != state.local_faults_seen;
        state.local_faults_seen = faults;
        let problem = match verdict {
            Err(reason) => Some(reason),
            Ok(()) if new_fault => Some(
                LAST_LOCAL_FAULT
                    .lock()
                    .map(|s| s.clone())
                    .unwrap_or_default(),
            ),
            Ok(()) => None,
        };
        let since = state.last_ok.unwrap_or(self.started);
        let open = state.outages.last_mut().filter(|o| o.until.is_none());
        match (problem, open) {
            (Some(reason), None) => {
                tracing::warn!("own side down: {reason}");
                state.outages.push(Outage {
                    since,
                    until: None,
                    reason,
                });
                false
            }
            (Some(_), Some(_)) => false,
            (None, Some(outage)) => {
                outage.until = Some(started);
                tracing::warn!(
                    "own side well again after {:.1} s ({})",
                    started.duration_since(outage.since).as_secs_f64(),
                    outage.reason
                );
                state.last_ok = Some(started);
                true
            }
            (None, None) => {
                state.last_ok = Some(started);
                true
            }
        }
    }

    /// The root's SOA through our resolver: an answer with records means it resolves; a
    /// resolver that is silent, refuses or fails (SERVFAIL: no uplink) does not.
    async fn canary(&self) -> Result<(), String> {
        let resolver = self.resolver;
        let asked = tokio::time::timeout(
            self.config.canary_timeout,
            self.dns.raw(".", RecordType::SOA),
        )
        .await;
        match asked {
            Err(_) => Err(format!(
                "the resolver {resolver} did not answer within {} s",
                self.config.canary_timeout.as_secs_f32()
            )),
            Ok(Err(e)) => Err(format!("the resolver {resolver} failed: {}", e.detail)),
            Ok(Ok(m)) if m.metadata.response_code != ResponseCode::NoError => Err(format!(
                "the resolver {resolver} answered {} for the root zone",
                m.metadata.response_code
            )),
            Ok(Ok(m)) if m.answers.is_empty() => Err(format!(
                "the resolver {resolver} gave no records for the root zone"
            )),
            Ok(Ok(_)) => Ok(()),
        }
    }

    /// The outage going on now, if any.
    pub fn current_outage(&self) -> Option<Outage> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.outages.last().filter(|o| o.until.is_none()).cloned()
    }

    /// Every outage so far, the current one last.
    pub fn outages(&self) -> Vec<Outage> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.outages.clone()
    }

    /// Whether the own side is known for the whole of `[from, to]`: a clean canary started
    /// after `to`. Until then an observation that ended at `to` cannot be judged trustworthy.
    pub fn known_until(&self, to: Instant) -> bool {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.last_ok.is_some_and(|ok| ok >= to)
    }

    /// The outage an observation from `from` to `to` overlapped, if any.
    pub fn overlapping(&self, from: Instant, to: Instant) -> Option<Outage> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state
            .outages
            .iter()
            .find(|o| o.since <= to && o.until.is_none_or(|until| until >= from))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_resource_errors_are_told_from_the_targets() {
        for own in [24, 23, 12, 105, 100] {
            assert!(is_local_resource_error(&io::Error::from_raw_os_error(own)));
        }
        // refused, reset, timed out, host and network unreachable: the target's side
        for theirs in [111, 104, 110, 113, 101] {
            assert!(!is_local_resource_error(&io::Error::from_raw_os_error(
                theirs
            )));
        }
    }
}
