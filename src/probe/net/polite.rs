//! Politeness as a guarantee: at most `max_connections_per_ip` connections open at once to
//! any one IP address, and at most `connections_per_second_per_ip` new ones per second
//! (with a burst of as many), whichever probe opens them.
//!
//! Every TCP connection to a scanned server starts in [`super::tcp::connect`], which returns
//! a [`PoliteStream`] that holds the address's permit until the socket is closed; the TLS
//! engine, HTTP, SMTP, SSH and the port probes all connect through it, so the cap holds by
//! the type, not by timing. Queries to the configured resolver are ours and not limited.
//!
//! No path holds a permit while it waits for another for the same address: a connection
//! takes its own permit and the 0-RTT test closes its first connection before it opens the
//! second. A cap of one is therefore safe.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How polite a scan is to each IP address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolitenessConfig {
    /// Connections open at once to one address.
    pub max_connections_per_ip: usize,
    /// New connections per second to one address; also the burst.
    pub connections_per_second_per_ip: NonZeroU32,
}

impl Default for PolitenessConfig {
    /// Eight at once covers the TLS engine's six parallel probes plus a page fetch; fifty a
    /// second lets one host's enumeration (about fifty connections) start without waiting,
    /// while a hosting address shared by a thousand domains sees no more than that.
    fn default() -> PolitenessConfig {
        PolitenessConfig {
            max_connections_per_ip: 8,
            connections_per_second_per_ip: NonZeroU32::new(50).unwrap_or(NonZeroU32::MIN),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolitenessError {
    #[error("at least one connection per IP address must be allowed")]
    NoConnections,
    #[error(
        "at most {} connections per IP address is more than can be counted",
        Semaphore::MAX_PERMITS
    )]
    TooManyConnections,
    #[error(
        "politeness is already {} connection(s) and {}/s per IP address in this process; it cannot become {} and {}/s",
        .current.max_connections_per_ip,
        .current.connections_per_second_per_ip,
        .wanted.max_connections_per_ip,
        .wanted.connections_per_second_per_ip
    )]
    AlreadyConfigured {
        current: PolitenessConfig,
        wanted: PolitenessConfig,
    },
}

/// What politeness cost and what it allowed, for the sweep's log and the benchmarks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolitenessStats {
    pub max_connections_per_ip: usize,
    pub connections_per_second_per_ip: u32,
    /// Permits granted: one per TCP connection.
    pub permits: u64,
    /// The most permits held at once for one address, and which address that was.
    pub peak_per_ip: usize,
    pub peak_ip: Option<IpAddr>,
    /// Time spent waiting for a free permit, summed over every wait.
    pub permit_wait_ms: u64,
    /// Time spent waiting for the rate, summed over every wait.
    pub rate_wait_ms: u64,
}

/// The per-address cap and rate of one process (see [`process`]).
pub struct Politeness {
    config: PolitenessConfig,
    rate: DefaultKeyedRateLimiter<IpAddr>,
    slots: Mutex<HashMap<IpAddr, Arc<Semaphore>>>,
    stats: Mutex<PolitenessStats>,
}

impl std::fmt::Debug for Politeness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Politeness")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The right to have one connection open to one address.
#[derive(Debug)]
pub struct IpPermit {
    _permit: OwnedSemaphorePermit,
    admitted_at: tokio::time::Instant,
    waited: Duration,
}

impl IpPermit {
    /// When the permit was granted: deadlines start here, so time spent waiting for
    /// politeness is never taken for a slow server.
    pub fn admitted_at(&self) -> tokio::time::Instant {
        self.admitted_at
    }

    /// How long it took to get the permit (free slot and rate).
    pub fn waited(&self) -> Duration {
        self.waited
    }
}

/// How many permits between two clean-ups of the addresses nobody uses any more.
const PRUNE_EVERY: u64 = 4096;

impl Politeness {
    pub fn new(config: PolitenessConfig) -> Result<Politeness, PolitenessError> {
        if config.max_connections_per_ip == 0 {
            return Err(PolitenessError::NoConnections);
        }
        if config.max_connections_per_ip > Semaphore::MAX_PERMITS {
            return Err(PolitenessError::TooManyConnections);
        }
        let quota = Quota::per_second(config.connections_per_second_per_ip);
        Ok(Politeness {
            config,
            rate: RateLimiter::keyed(quota),
            slots: Mutex::new(HashMap::new()),
            stats: Mutex::new(PolitenessStats {
                max_connections_per_ip: config.max_connections_per_ip,
                connections_per_second_per_ip: config.connections_per_second_per_ip.get(),
                ..PolitenessStats::default()
            }),
        })
    }

    pub fn config(&self) -> PolitenessConfig {
        self.config
    }

    /// Waits for a free slot at `ip`, then for its rate. The slot comes first so the rate
    /// limits the connections themselves: a rate token taken before a long wait for a slot
    /// would let the waiters connect in one burst once slots free up.
    pub async fn admit(&self, ip: IpAddr) -> IpPermit {
        let started = Instant::now();
        let semaphore = self.slot(ip);
        let Ok(permit) = semaphore.clone().acquire_owned().await else {
            unreachable!("politeness semaphores are never closed")
        };
        let slot_wait = started.elapsed();
        self.rate.until_key_ready(&ip).await;
        let waited = started.elapsed();
        let held = self.config.max_connections_per_ip - semaphore.available_permits();
        if let Ok(mut stats) = self.stats.lock() {
            stats.permits += 1;
            stats.permit_wait_ms += millis(slot_wait);
            stats.rate_wait_ms += millis(waited - slot_wait);
            if held > stats.peak_per_ip {
                stats.peak_per_ip = held;
                stats.peak_ip = Some(ip);
            }
            if stats.permits.is_multiple_of(PRUNE_EVERY) {
                self.prune();
            }
        }
        IpPermit {
            _permit: permit,
            admitted_at: tokio::time::Instant::now(),
            waited,
        }
    }

    pub fn stats(&self) -> PolitenessStats {
        self.stats.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn slot(&self, ip: IpAddr) -> Arc<Semaphore> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots
            .entry(ip)
            .or_insert_with(|| Arc::new(Semaphore::new(self.config.max_connections_per_ip)))
            .clone()
    }

    /// Forgets addresses no task holds or waits for, so a sweep over many addresses keeps
    /// its memory bounded. Under the map's lock nobody can pick a semaphore up meanwhile.
    fn prune(&self) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.retain(|_, s| Arc::strong_count(s) > 1);
        self.rate.retain_recent();
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The one politeness of this process. It is process-wide on purpose: the promise is about
/// everything the process sends to an address, and the prober, the HTTP client and each
/// transport open sockets on their own, so per-object limits would add up instead of cap.
static PROCESS: OnceLock<Politeness> = OnceLock::new();

/// Sets the politeness of this process; call it before scanning. Setting it again to the
/// same values is fine; to other values, or once a connection has already made the
/// defaults apply, it is an error.
pub fn configure(config: PolitenessConfig) -> Result<(), PolitenessError> {
    let fresh = Politeness::new(config)?;
    let current = PROCESS.get_or_init(|| fresh).config;
    if current == config {
        Ok(())
    } else {
        Err(PolitenessError::AlreadyConfigured {
            current,
            wanted: config,
        })
    }
}

/// The politeness of this process: the configured one, else the defaults.
pub fn process() -> &'static Politeness {
    PROCESS.get_or_init(|| {
        // The defaults are valid; `new` only refuses a cap of 0 or beyond the semaphore's.
        Politeness::new(PolitenessConfig::default()).unwrap_or_else(|_| unreachable!())
    })
}

/// What politeness did in this process so far.
pub fn stats() -> PolitenessStats {
    process().stats()
}

/// A TCP connection that holds its address's permit until it is dropped.
#[derive(Debug)]
pub struct PoliteStream {
    // Declared before the permit so it is dropped (closed) first: the next connection to
    // the address can only start once this one's FIN is sent.
    stream: TcpStream,
    permit: IpPermit,
}

impl PoliteStream {
    pub fn new(stream: TcpStream, permit: IpPermit) -> PoliteStream {
        PoliteStream { stream, permit }
    }

    pub fn get_ref(&self) -> &TcpStream {
        &self.stream
    }

    /// See [`IpPermit::admitted_at`].
    pub fn admitted_at(&self) -> tokio::time::Instant {
        self.permit.admitted_at()
    }

    /// See [`IpPermit::waited`].
    pub fn waited(&self) -> Duration {
        self.permit.waited()
    }
}

impl AsyncRead for PoliteStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for PoliteStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(cap: usize, rate: u32) -> PolitenessConfig {
        PolitenessConfig {
            max_connections_per_ip: cap,
            connections_per_second_per_ip: NonZeroU32::new(rate).unwrap(),
        }
    }

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 9, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 9, 0, 2));

    #[test]
    fn a_cap_of_zero_is_refused() {
        assert_eq!(
            Politeness::new(config(0, 10)).err(),
            Some(PolitenessError::NoConnections)
        );
        assert!(Politeness::new(config(1, 10)).is_ok());
    }

    #[tokio::test]
    async fn the_cap_holds_per_address_and_addresses_do_not_share_it() {
        let p = Politeness::new(config(2, 1000)).unwrap();
        let first = p.admit(A).await;
        let _second = p.admit(A).await;
        // A third for A must wait; B is free.
        let third = tokio::time::timeout(Duration::from_millis(50), p.admit(A)).await;
        assert!(third.is_err(), "a third permit for one address was granted");
        let _b = tokio::time::timeout(Duration::from_millis(50), p.admit(B))
            .await
            .expect("another address is not held up");
        drop(first);
        let _third = tokio::time::timeout(Duration::from_millis(50), p.admit(A))
            .await
            .expect("a released permit is granted again");
        let stats = p.stats();
        assert_eq!(stats.peak_per_ip, 2);
        assert_eq!(stats.peak_ip, Some(A));
        assert_eq!(stats.permits, 4);
    }

    #[tokio::test]
    async fn the_rate_spaces_connections_after_the_burst() {
        let p = Politeness::new(config(100, 20)).unwrap();
        let started = Instant::now();
        // The burst of 20 is immediate; five more take a twentieth of a second each.
        for _ in 0..25 {
            drop(p.admit(A).await);
        }
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(200),
            "25 at 20/s took {took:?}"
        );
        assert!(
            took < Duration::from_millis(600),
            "25 at 20/s took {took:?}"
        );
        assert!(p.stats().rate_wait_ms >= 200);
        // Another address has its own budget.
        let other = Instant::now();
        drop(p.admit(B).await);
        assert!(other.elapsed() < Duration::from_millis(20));
    }

    #[test]
    fn configure_accepts_the_same_values_and_refuses_others() {
        // Whatever this test binary's process-wide instance is by now (another test may
        // have connected, making the defaults apply), it cannot change.
        let current = process().config();
        configure(current).unwrap();
        let other = config(current.max_connections_per_ip + 1, 7);
        assert!(matches!(
            configure(other),
            Err(PolitenessError::AlreadyConfigured { .. })
        ));
        assert_eq!(process().config(), current);
        assert_eq!(configure(config(0, 7)), Err(PolitenessError::NoConnections));
    }
}
