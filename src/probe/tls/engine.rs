//! The TLS enumeration: which versions, suites, groups and options a server accepts,
//! found with pastoe's own ClientHellos and as few connections as the questions allow.
//!
//! Every probe is one connection: send a ClientHello, read the server's plaintext flight,
//! close. These handshakes are never completed, so the server's answer to the *offer* is
//! all that is learned, which is exactly what the NCSC tables judge. Completed beside
//! them, each on a connection of its own: a real handshake for the certificate chain
//! ([`super::handshake`]) and pastoe's own TLS 1.2 handshake for client-initiated
//! renegotiation ([`super::reneg`]).
//!
//! Cost control: probes that do not depend on each other run side by side (bounded by
//! `max_parallel` per endpoint, which is also the politeness cap); the suite list of a
//! version is found by offering everything, taking out what the server chose and asking
//! again (one connection per accepted suite plus one); a server that stalls or sends
//! garbage costs one timeout, after which the endpoint is reported and left alone.
//! A mail server behind STARTTLS ([`EngineConfig::mail`]) sees one connection at a time
//! and fewer group probes.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;

use super::handshake::{self, HandshakeError, HandshakeSetup};
use super::reneg;
use crate::facts::{ChainFacts, ClientRenegFacts, ZeroRttFacts};
use crate::facts::{
    DheObservation, ErrorKind, GroupChoice, GroupProbe, HashProbe, KexHashFacts, KeyExchangeFacts,
    ProbeError, SuiteEnumeration, Tls12Options, TlsEndpointFacts, VersionProbe,
};
use crate::probe::net::transport::Transport;
use crate::wire::tls::client_hello::{ClientHelloSpec, LEGACY_GROUPS};
use crate::wire::tls::iana::{
    Authentication, CipherSuite, CompressionMethod, GroupKind, KeyExchange, NamedGroup,
    ProtocolVersion, SignatureScheme,
};
use crate::wire::tls::key_share;
use crate::wire::tls::server_flight::{FlightParser, Progress, ServerFlight, ServerKeyExchange};

/// Limits of one endpoint's enumeration.
#[derive(Debug, Clone, Copy)]
pub struct EngineConfig {
    /// Deadline of one probe: connect, hello, whole flight.
    pub timeout: Duration,
    /// The whole enumeration of one endpoint, so a server that answers slowly to every
    /// probe still costs a bounded time.
    pub budget: Duration,
    /// Simultaneous connections to the endpoint.
    pub max_parallel: usize,
    /// Which TLS 1.3 groups are probed one at a time.
    pub group_probes: GroupProbeSet,
}

impl EngineConfig {
    /// For a web server: six connections at a time, every group probed.
    pub fn new(timeout: Duration) -> EngineConfig {
        EngineConfig {
            timeout,
            budget: timeout * 4,
            max_parallel: 6,
            group_probes: GroupProbeSet::Every,
        }
    }

    /// For a mail server behind STARTTLS: one connection at a time, as internet.nl does
    /// (mail servers throttle, and every probe is a whole SMTP conversation), and the
    /// short group list of pqc.md §2.1. Serial probes need a larger budget.
    pub fn mail(timeout: Duration) -> EngineConfig {
        EngineConfig {
            timeout,
            budget: timeout * 12,
            max_parallel: 1,
            group_probes: GroupProbeSet::HybridAndPreferred,
        }
    }
}

/// The TLS 1.3 groups probed one at a time, each costing a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupProbeSet {
    /// Every classical and post-quantum group a server might support.
    Every,
    /// X25519MLKEM768 plus the groups the preference probes saw the server pick (mail:
    /// pqc.md §2.1). The preference probes then run first.
    HybridAndPreferred,
}

/// Versions probed below TLS 1.3, oldest first. SSL 2.0 has its own hello format that
/// no current server speaks; it is not probed.
const LEGACY_VERSIONS: [ProtocolVersion; 4] = [
    ProtocolVersion::SSLV3,
    ProtocolVersion::TLSV1_0,
    ProtocolVersion::TLSV1_1,
    ProtocolVersion::TLSV1_2,
];

/// TLS 1.3 groups probed one at a time: every classical and post-quantum group a
/// server might support (tls-ncsc.md §3, pqc.md §2).
const TLS13_GROUPS: &[NamedGroup] = &[
    NamedGroup::X25519,
    NamedGroup::X448,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
    NamedGroup::SECP521R1,
    NamedGroup::BRAINPOOLP256R1TLS13,
    NamedGroup::BRAINPOOLP384R1TLS13,
    NamedGroup::BRAINPOOLP512R1TLS13,
    NamedGroup::FFDHE2048,
    NamedGroup::FFDHE3072,
    NamedGroup::FFDHE4096,
    NamedGroup::FFDHE6144,
    NamedGroup::FFDHE8192,
    NamedGroup::X25519_MLKEM768,
    NamedGroup::SECP256R1_MLKEM768,
    NamedGroup::SECP384R1_MLKEM1024,
    NamedGroup::MLKEM512,
    NamedGroup::MLKEM768,
    NamedGroup::MLKEM1024,
    NamedGroup::X25519_KYBER768_DRAFT00,
];

/// Key-exchange signature schemes offered alone by the hash test (tls-ncsc.md §4).
const SHA1_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme(0x0201),
    SignatureScheme(0x0203),
    SignatureScheme(0x0202),
];
const SHA224_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme(0x0301),
    SignatureScheme(0x0303),
    SignatureScheme(0x0302),
];

/// How a server answered one ClientHello.
#[derive(Debug)]
enum Answer {
    /// A ServerHello (the flight may have stopped after it).
    Hello(Box<ServerFlight>),
    /// A HelloRetryRequest.
    Retry(Box<ServerFlight>),
    /// A refusal: an alert or a closed connection without a hello.
    Refused(String),
    /// No usable answer: connect failed, timeout, or bytes that are not TLS.
    Failed(ProbeError),
}

/// One endpoint's enumeration state.
struct Engine<'a, T: Transport> {
    transport: &'a T,
    sni: Option<String>,
    config: EngineConfig,
    permits: Semaphore,
    connections: AtomicU32,
    /// The end of the budget; see [`Engine::postpone_budget`].
    deadline: Mutex<Instant>,
    /// The first probe failure after the endpoint answered: the facts are incomplete.
    incomplete: Mutex<Option<ProbeError>>,
}

/// What the full handshake beside the enumeration needs.
#[derive(Clone, Copy)]
pub struct FullHandshake<'a> {
    pub setup: &'a HandshakeSetup,
    /// The `Host` of the early-data GET; `None` skips the 0-RTT test (mail: internet.nl
    /// does not test 0-RTT over SMTP).
    pub zero_rtt_http_host: Option<&'a str>,
}

/// Runs the full enumeration of one endpoint. `host` goes in SNI unless it is an IP
/// literal. With `full`, one ordinary handshake records the certificate chain and (for
/// HTTPS over TLS 1.3) the 0-RTT test runs. Never fails: problems become `error` /
/// `incomplete` / `chain_error` in the facts.
pub async fn enumerate<T: Transport>(
    transport: &T,
    host: &str,
    config: EngineConfig,
    full: Option<FullHandshake<'_>>,
) -> TlsEndpointFacts {
    let started = Instant::now();
    let engine = Engine {
        transport,
        sni: (host.parse::<std::net::IpAddr>().is_err()).then(|| host.to_string()),
        config,
        permits: Semaphore::new(config.max_parallel.max(1)),
        connections: AtomicU32::new(0),
        deadline: Mutex::new(started + config.budget),
        incomplete: Mutex::new(None),
    };
    let peer = transport.peer();
    let mut facts = TlsEndpointFacts {
        host: host.to_string(),
        address: peer.ip(),
        port: peer.port(),
        transport: transport.kind(),
        error: None,
        incomplete: None,
        versions: Vec::new(),
        suites: Vec::new(),
        key_exchange: KeyExchangeFacts::default(),
        kex_hash: None,
        tls12_options: None,
        client_reneg: None,
        chain: None,
        chain_error: None,
        zero_rtt: None,
        shared_with: None,
        connections: 0,
        elapsed_ms: 0,
    };
    let (versions, legacy_flights, failure) = engine.versions().await;
    facts.versions = versions;
    if let Some(error) = failure {
        facts.error = Some(error);
    } else {
        let highest_legacy = legacy_flights.last().map(|(v, _)| *v);
        let tls13 = facts.supports(ProtocolVersion::TLSV1_3);
        facts.tls12_options = legacy_flights.last().map(|(v, f)| Tls12Options {
            version: *v,
            compression: f
                .server_hello
                .as_ref()
                .map(|h| h.compression_method)
                .unwrap_or(CompressionMethod::NULL),
            secure_renegotiation: f
                .server_hello
                .as_ref()
                .is_some_and(|h| h.renegotiation_info.is_some()),
            extended_master_secret: f
                .server_hello
                .as_ref()
                .is_some_and(|h| h.extended_master_secret),
            ocsp_stapled: f.ocsp_staple.is_some(),
        });
        let legacy_suites = join_all(
            legacy_flights
                .iter()
                .map(|(v, _)| engine.legacy_suites(*v, Some(*v) == highest_legacy)),
        );
        let tls12 = facts.supports(ProtocolVersion::TLSV1_2);
        let (
            legacy_suites,
            tls13_suites,
            (groups, pq),
            curves,
            dhe,
            kex_hash,
            chain,
            zero_rtt,
            client_reneg,
        ) = tokio::join!(
            legacy_suites,
            engine.tls13_suites(tls13),
            engine.groups_and_preference(tls13),
            engine.tls12_curves(highest_legacy),
            engine.dhe(highest_legacy),
            engine.kex_hash(tls12),
            engine.chain(full, host),
            engine.zero_rtt(full, host, tls13),
            engine.client_reneg(tls12),
        );
        facts.client_reneg = client_reneg;
        match chain {
            Some(Ok(chain)) => facts.chain = Some(chain),
            Some(Err(e)) => {
                // The full handshake failed, but a TLS ≤ 1.2 hello of ours got the chain.
                let wire = legacy_flights
                    .iter()
                    .rev()
                    .find(|(_, f)| !f.certificates.is_empty());
                facts.chain = full.zip(wire).and_then(|(full, (_, f))| {
                    handshake::presented_chain(
                        full.setup,
                        &f.certificates,
                        f.ocsp_staple.as_deref(),
                        host,
                        &e.detail,
                    )
                });
                facts.chain_error = Some(e);
            }
            None => {}
        }
        facts.zero_rtt = zero_rtt;
        facts.suites = legacy_suites.into_iter().flatten().collect();
        facts.suites.extend(tls13_suites);
        facts.key_exchange = KeyExchangeFacts {
            tls13_groups: groups,
            tls12_curves: curves,
            dhe,
            pq_preference: pq.0,
            pq_retry: pq.1,
        };
        facts.kex_hash = kex_hash;
    }
    facts.incomplete = engine.incomplete.lock().map(|g| g.clone()).unwrap_or(None);
    facts.connections = engine.connections.load(Ordering::Relaxed);
    facts.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    facts
}

/// One ordinary handshake over a fresh connection (one connection): the chain and what
/// was negotiated. The connection is closed before this returns.
pub async fn chain<T: Transport>(
    transport: &T,
    host: &str,
    setup: &HandshakeSetup,
    timeout: Duration,
) -> Result<ChainFacts, ProbeError> {
    let stream = transport.connect(timeout).await?;
    match handshake::observe(setup, stream, host, timeout).await {
        Ok((chain, _stream)) => Ok(chain),
        Err(HandshakeError::Timeout(_)) => Err(ProbeError::new(
            ErrorKind::Timeout,
            format!(
                "{}: the TLS handshake did not finish in time",
                transport.peer()
            ),
        )),
        Err(e) => Err(ProbeError::new(ErrorKind::TlsHandshake, e.to_string())),
    }
}

impl<T: Transport> Engine<'_, T> {
    /// One ordinary handshake that records the chain, under the same connection cap.
    async fn chain(
        &self,
        full: Option<FullHandshake<'_>>,
        host: &str,
    ) -> Option<Result<ChainFacts, ProbeError>> {
        let full = full?;
        let _permit = self.permits.acquire().await.ok()?;
        self.connections.fetch_add(1, Ordering::Relaxed);
        Some(chain(self.transport, host, full.setup, self.config.timeout).await)
    }

    /// Client-initiated renegotiation, on one connection of its own, when the server
    /// speaks TLS 1.2 (TLS 1.3 has no renegotiation).
    async fn client_reneg(&self, tls12: bool) -> Option<ClientRenegFacts> {
        if !tls12 {
            return None;
        }
        let _permit = self.permits.acquire().await.ok()?;
        let (budget_end, left) = match self.budget_left() {
            Ok(b) => b,
            Err(e) => return Some(reneg::unmeasured(e)),
        };
        self.connections.fetch_add(1, Ordering::Relaxed);
        let timeout = self.config.timeout.min(left);
        Some(match self.transport.connect(timeout).await {
            Ok(stream) => {
                self.postpone_budget(budget_end + stream.waited());
                reneg::measure(stream, self.sni.as_deref(), timeout).await
            }
            Err(e) => reneg::unmeasured(e),
        })
    }

    /// internet.nl's 0-RTT test, when asked for and the server speaks TLS 1.3.
    async fn zero_rtt(
        &self,
        full: Option<FullHandshake<'_>>,
        host: &str,
        tls13: bool,
    ) -> Option<ZeroRttFacts> {
        let full = full?;
        let http_host = full.zero_rtt_http_host?;
        if !tls13 {
            return None;
        }
        let _permit = self.permits.acquire().await.ok()?;
        let connect = || async {
            self.connections.fetch_add(1, Ordering::Relaxed);
            self.transport
                .connect(self.config.timeout)
                .await
                .map_err(|e| std::io::Error::other(e.detail))
        };
        Some(handshake::zero_rtt(full.setup, connect, host, http_host, self.config.timeout).await)
    }

    /// One connection: send the hello, read the flight.
    async fn hello(&self, spec: &ClientHelloSpec) -> Answer {
        let Ok(_permit) = self.permits.acquire().await else {
            return Answer::Failed(ProbeError::new(ErrorKind::Protocol, "prober shut down"));
        };
        let (budget_end, left) = match self.budget_left() {
            Ok(b) => b,
            Err(e) => return Answer::Failed(e),
        };
        self.connections.fetch_add(1, Ordering::Relaxed);
        let mut stream = match self.transport.connect(self.config.timeout.min(left)).await {
            Ok(s) => s,
            Err(e) => return Answer::Failed(e),
        };
        // The budget bounds the server's time, not ours: a wait for politeness (other
        // scans of the same address) moves it on. Waits that overlap move it once.
        self.postpone_budget(budget_end + stream.waited());
        let deadline = stream.admitted_at() + self.config.timeout.min(left);
        let bytes = match spec.try_encode() {
            Ok(b) => b,
            Err(e) => {
                return Answer::Failed(ProbeError::new(ErrorKind::Protocol, e.to_string()));
            }
        };
        let timed_out = || {
            ProbeError::new(
                ErrorKind::Timeout,
                format!(
                    "{}: no complete TLS answer within {} s",
                    self.transport.peer(),
                    self.config.timeout.as_secs_f32()
                ),
            )
        };
        match tokio::time::timeout_at(deadline, stream.write_all(&bytes)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Answer::Refused(format!("connection closed on hello ({e})")),
            Err(_) => return Answer::Failed(timed_out()),
        }
        let mut parser = FlightParser::new();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
                Err(_) => return Answer::Failed(timed_out()),
                Ok(Err(e)) => return self.closed(parser, Some(e.to_string())),
                Ok(Ok(0)) => return self.closed(parser, None),
                Ok(Ok(n)) => n,
            };
            match parser.feed(&buf[..n]) {
                Progress::Complete(flight) => return classify(flight),
                Progress::Failed(e) => {
                    return Answer::Failed(ProbeError::new(
                        ErrorKind::Protocol,
                        format!("{}: not a valid TLS answer: {e}", self.transport.peer()),
                    ));
                }
                Progress::NeedMore => {
                    // A TLS 1.3 ServerHello says all the probe needs; the rest is encrypted.
                    if parser
                        .flight()
                        .server_hello
                        .as_ref()
                        .is_some_and(|h| h.version() == ProtocolVersion::TLSV1_3)
                    {
                        return classify(parser.finish());
                    }
                }
            }
        }
    }

    fn budget_end(&self) -> Instant {
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The end of the budget and the time left to it, or the error of a spent budget.
    fn budget_left(&self) -> Result<(Instant, Duration), ProbeError> {
        let budget_end = self.budget_end();
        let left = budget_end
            .checked_duration_since(Instant::now())
            .ok_or_else(|| {
                ProbeError::new(
                    ErrorKind::Timeout,
                    format!(
                        "the TLS enumeration took longer than its budget of {} s",
                        self.config.budget.as_secs()
                    ),
                )
            })?;
        Ok((budget_end, left))
    }

    fn postpone_budget(&self, to: Instant) {
        let mut end = self.deadline.lock().unwrap_or_else(|e| e.into_inner());
        *end = (*end).max(to);
    }

    /// The peer closed before its flight was complete.
    fn closed(&self, parser: FlightParser, io_error: Option<String>) -> Answer {
        let fed = parser.bytes_fed();
        let flight = parser.finish();
        if flight.server_hello.is_some() || flight.hello_retry.is_some() || flight.alert.is_some() {
            return classify(flight);
        }
        if fed == 0 {
            return Answer::Refused(match io_error {
                Some(e) => format!("connection closed ({e})"),
                None => "connection closed without an answer".to_string(),
            });
        }
        Answer::Failed(ProbeError::new(
            ErrorKind::Protocol,
            format!(
                "{}: connection closed after {fed} byte(s), in the middle of a TLS record",
                self.transport.peer()
            ),
        ))
    }

    /// Notes a failure halfway through the enumeration (the first one is kept).
    fn note_failure(&self, error: ProbeError) {
        if let Ok(mut slot) = self.incomplete.lock()
            && slot.is_none()
        {
            *slot = Some(error);
        }
    }

    fn legacy_hello(&self, version: ProtocolVersion, suites: Vec<CipherSuite>) -> ClientHelloSpec {
        ClientHelloSpec::legacy(version, suites, self.sni.as_deref())
    }

    fn tls13_hello(&self, shares: &[NamedGroup]) -> ClientHelloSpec {
        let shares = shares
            .iter()
            .filter_map(|&g| key_share::generate(g).ok())
            .collect();
        let mut spec = ClientHelloSpec::tls13_browser_like(self.sni.as_deref(), shares);
        spec.extensions.supported_versions = vec![ProtocolVersion::TLSV1_3];
        // Every group on offer behind the shared ones, so a server with only exotic or
        // post-quantum groups still answers (with a HelloRetryRequest) instead of failing.
        for g in TLS13_GROUPS {
            if !spec.extensions.supported_groups.contains(g) {
                spec.extensions.supported_groups.push(*g);
            }
        }
        spec
    }

    /// Every version at once. Returns the probes, the ServerHello flight of each
    /// supported version below 1.3 (oldest first), and a failure when the endpoint gave
    /// no TLS answer at all.
    async fn versions(
        &self,
    ) -> (
        Vec<VersionProbe>,
        Vec<(ProtocolVersion, ServerFlight)>,
        Option<ProbeError>,
    ) {
        let legacy = LEGACY_VERSIONS.map(|v| {
            let mut spec = self.legacy_hello(v, CipherSuite::all_for(v).collect());
            // DEFLATE first: a server that picks it has TLS compression on.
            spec.compression_methods = vec![CompressionMethod::DEFLATE.0, 0];
            spec
        });
        let tls13 = self.tls13_hello(&[NamedGroup::X25519, NamedGroup::SECP256R1]);
        let (legacy_answers, tls13_answer) = tokio::join!(
            join_all(legacy.iter().map(|spec| self.hello(spec))),
            self.hello(&tls13)
        );
        let mut probes = Vec::new();
        let mut flights = Vec::new();
        let mut failures = Vec::new();
        let mut refusals = Vec::new();
        let answers = LEGACY_VERSIONS
            .into_iter()
            .zip(legacy_answers)
            .chain([(ProtocolVersion::TLSV1_3, tls13_answer)]);
        for (version, answer) in answers {
            let (supported, text) = match answer {
                Answer::Hello(flight) => {
                    let got = flight
                        .server_hello
                        .as_ref()
                        .map(|h| h.version())
                        .unwrap_or(version);
                    if got == version {
                        if version < ProtocolVersion::TLSV1_3 {
                            flights.push((version, *flight));
                        }
                        (true, None)
                    } else {
                        (false, Some(format!("answered with {got}")))
                    }
                }
                Answer::Retry(flight) => {
                    let tls13 = flight
                        .hello_retry
                        .as_ref()
                        .and_then(|r| r.selected_version)
                        .is_some_and(|v| v == ProtocolVersion::TLSV1_3);
                    (
                        tls13,
                        (!tls13).then(|| "unexpected HelloRetryRequest".into()),
                    )
                }
                Answer::Refused(text) => {
                    refusals.push(format!("{version}: {text}"));
                    (false, Some(text))
                }
                Answer::Failed(e) => {
                    let text = e.detail.clone();
                    failures.push(e);
                    (false, Some(text))
                }
            };
            probes.push(VersionProbe {
                version,
                supported,
                answer: text,
            });
        }
        let any = probes.iter().any(|p| p.supported);
        let failure = if any {
            if let Some(e) = failures.into_iter().next() {
                self.note_failure(e);
            }
            None
        } else if let Some(e) = failures.into_iter().next() {
            Some(e)
        } else {
            Some(ProbeError::new(
                ErrorKind::TlsHandshake,
                format!(
                    "{}: no TLS version accepted ({})",
                    self.transport.peer(),
                    refusals.join("; ")
                ),
            ))
        };
        (probes, flights, failure)
    }

    /// Offers `offer`, takes out what the server chose (`chosen` reads it from the flight:
    /// a suite, a curve) and asks again until the server refuses. Returns what it accepted,
    /// in the order chosen. One mechanism for every "what does it accept" list.
    async fn removal_chain<I>(
        &self,
        mut offer: Vec<I>,
        hello: impl Fn(Vec<I>) -> ClientHelloSpec,
        chosen: impl Fn(&ServerFlight) -> Option<I>,
    ) -> Vec<I>
    where
        I: Copy + PartialEq + std::fmt::Display,
    {
        let mut accepted = Vec::new();
        while !offer.is_empty() {
            let pick = match self.hello(&hello(offer.clone())).await {
                Answer::Hello(f) | Answer::Retry(f) => chosen(&f),
                Answer::Refused(_) => None,
                Answer::Failed(e) => {
                    self.note_failure(e);
                    None
                }
            };
            let Some(item) = pick else { break };
            let Some(pos) = offer.iter().position(|s| *s == item) else {
                self.note_failure(ProbeError::new(
                    ErrorKind::Protocol,
                    format!("the server chose {item}, which was not offered"),
                ));
                break;
            };
            offer.remove(pos);
            accepted.push(item);
        }
        accepted
    }

    /// [`Self::removal_chain`] over the cipher suites of one version: the suite of the
    /// ServerHello (or, for TLS 1.3, of a HelloRetryRequest) at that version.
    async fn suite_chain(
        &self,
        version: ProtocolVersion,
        offer: Vec<CipherSuite>,
        hello: impl Fn(Vec<CipherSuite>) -> ClientHelloSpec,
    ) -> Vec<CipherSuite> {
        let chosen = |f: &ServerFlight| match (&f.server_hello, &f.hello_retry) {
            (Some(h), _) if h.version() == version => Some(h.cipher_suite),
            (None, Some(r)) if version == ProtocolVersion::TLSV1_3 => Some(r.cipher_suite),
            _ => None,
        };
        self.removal_chain(offer, hello, chosen).await
    }

    /// Accepted suites of one version below 1.3. For the highest such version (where
    /// cipher order is judged) one chain gives the server's order, plus one probe with
    /// the accepted suites reversed to learn whether the server enforces that order;
    /// older versions are split over parallel chains, as only the set matters there.
    async fn legacy_suites(
        &self,
        version: ProtocolVersion,
        ordered: bool,
    ) -> Option<SuiteEnumeration> {
        let all: Vec<CipherSuite> = CipherSuite::all_for(version).collect();
        let hello = |suites| self.legacy_hello(version, suites);
        if !ordered {
            let lanes = self.config.max_parallel.clamp(1, 3);
            let mut parts = vec![Vec::new(); lanes];
            for (i, s) in all.into_iter().enumerate() {
                parts[i % lanes].push(s);
            }
            let found = join_all(
                parts
                    .into_iter()
                    .map(|part| self.suite_chain(version, part, hello)),
            )
            .await;
            let mut accepted: Vec<CipherSuite> = found.into_iter().flatten().collect();
            accepted.sort();
            return Some(SuiteEnumeration {
                version,
                accepted,
                server_order: None,
            });
        }
        let accepted = self.suite_chain(version, all, hello).await;
        let server_order = if accepted.len() >= 2 {
            let reversed: Vec<CipherSuite> = accepted.iter().rev().copied().collect();
            match self.hello(&hello(reversed)).await {
                Answer::Hello(f) => f
                    .server_hello
                    .as_ref()
                    .map(|h| h.cipher_suite == accepted[0]),
                Answer::Failed(e) => {
                    self.note_failure(e);
                    None
                }
                _ => None,
            }
        } else {
            None
        };
        Some(SuiteEnumeration {
            version,
            accepted,
            server_order,
        })
    }

    async fn tls13_suites(&self, supported: bool) -> Option<SuiteEnumeration> {
        if !supported {
            return None;
        }
        let all: Vec<CipherSuite> = CipherSuite::all_for(ProtocolVersion::TLSV1_3).collect();
        let accepted = self
            .suite_chain(ProtocolVersion::TLSV1_3, all, |suites| {
                let mut spec = self.tls13_hello(&[NamedGroup::X25519, NamedGroup::SECP256R1]);
                spec.cipher_suites = suites;
                spec
            })
            .await;
        Some(SuiteEnumeration {
            version: ProtocolVersion::TLSV1_3,
            accepted,
            server_order: None,
        })
    }

    /// The group probes and the preference probes ([`Self::pq_choices`]), side by side or,
    /// for [`GroupProbeSet::HybridAndPreferred`], preference first.
    async fn groups_and_preference(
        &self,
        tls13: bool,
    ) -> (Vec<GroupProbe>, (Option<GroupChoice>, Option<GroupChoice>)) {
        match self.config.group_probes {
            GroupProbeSet::Every => tokio::join!(
                self.tls13_groups(tls13, TLS13_GROUPS),
                self.pq_choices(tls13)
            ),
            GroupProbeSet::HybridAndPreferred => {
                let pq = self.pq_choices(tls13).await;
                let mut groups = vec![NamedGroup::X25519_MLKEM768];
                for choice in [&pq.0, &pq.1].into_iter().flatten() {
                    if let Some(g) = choice.selected
                        && !groups.contains(&g)
                    {
                        groups.push(g);
                    }
                }
                (self.tls13_groups(tls13, &groups).await, pq)
            }
        }
    }

    /// Each TLS 1.3 group of `groups` alone, with an empty key share.
    async fn tls13_groups(&self, supported: bool, groups: &[NamedGroup]) -> Vec<GroupProbe> {
        if !supported {
            return Vec::new();
        }
        let probes = groups.iter().map(|&group| async move {
            let spec = ClientHelloSpec::group_probe(self.sni.as_deref(), group);
            let (supported, answer) = match self.hello(&spec).await {
                Answer::Retry(f) => {
                    let asked = f.hello_retry.as_ref().and_then(|r| r.selected_group);
                    (asked == Some(group), "hello_retry_request".to_string())
                }
                Answer::Hello(f) => {
                    let got = f
                        .server_hello
                        .as_ref()
                        .and_then(|h| h.key_share.as_ref())
                        .map(|k| k.group);
                    (got == Some(group), "server_hello".to_string())
                }
                Answer::Refused(text) => (false, text),
                Answer::Failed(e) => {
                    let text = e.detail.clone();
                    self.note_failure(e);
                    (false, text)
                }
            };
            GroupProbe {
                group,
                supported,
                answer,
            }
        });
        join_all(probes).await
    }

    /// What a browser-like hello ends in, and whether the server asks for the hybrid
    /// when only a classical share was sent.
    async fn pq_choices(&self, supported: bool) -> (Option<GroupChoice>, Option<GroupChoice>) {
        if !supported {
            return (None, None);
        }
        let mut preferred = self.tls13_hello(&[NamedGroup::X25519_MLKEM768, NamedGroup::X25519]);
        // What a browser offers, no more: the question is which of these the server takes.
        preferred.extensions.supported_groups = vec![
            NamedGroup::X25519_MLKEM768,
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
            NamedGroup::SECP384R1,
        ];
        let mut retry = self.tls13_hello(&[NamedGroup::X25519]);
        retry.extensions.supported_groups = vec![
            NamedGroup::X25519_MLKEM768,
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
            NamedGroup::SECP384R1,
        ];
        let (a, b) = tokio::join!(self.group_choice(&preferred), self.group_choice(&retry));
        (Some(a), Some(b))
    }

    async fn group_choice(&self, spec: &ClientHelloSpec) -> GroupChoice {
        let mut choice = GroupChoice {
            offered: spec.extensions.supported_groups.clone(),
            shares: spec
                .extensions
                .key_shares
                .iter()
                .flatten()
                .map(|k| k.group)
                .collect(),
            selected: None,
            retry: false,
            answer: None,
        };
        match self.hello(spec).await {
            Answer::Hello(f) => {
                choice.selected = f
                    .server_hello
                    .as_ref()
                    .and_then(|h| h.key_share.as_ref())
                    .map(|k| k.group);
            }
            Answer::Retry(f) => {
                choice.retry = true;
                choice.selected = f.hello_retry.as_ref().and_then(|r| r.selected_group);
            }
            Answer::Refused(text) => choice.answer = Some(text),
            Answer::Failed(e) => {
                choice.answer = Some(e.detail.clone());
                self.note_failure(e);
            }
        }
        choice
    }

    /// ECDHE curves over TLS ≤ 1.2: offer every curve with the ECDHE suites, take out
    /// the one the server used, repeat.
    async fn tls12_curves(&self, version: Option<ProtocolVersion>) -> Vec<NamedGroup> {
        let Some(version) = version else {
            return Vec::new();
        };
        let suites: Vec<CipherSuite> = CipherSuite::all_for(version)
            .filter(|s| s.info().is_some_and(|i| i.kx == KeyExchange::Ecdhe))
            .collect();
        if suites.is_empty() {
            return Vec::new();
        }
        let offer: Vec<NamedGroup> = crate::wire::tls::iana::GROUPS
            .iter()
            .filter(|g| {
                matches!(
                    g.kind,
                    GroupKind::EcPrime | GroupKind::EcBinary | GroupKind::Montgomery
                )
            })
            .map(|g| NamedGroup(g.code))
            .collect();
        let hello = |groups| {
            let mut spec = self.legacy_hello(version, suites.clone());
            spec.extensions.supported_groups = groups;
            spec
        };
        let curve = |f: &ServerFlight| match &f.key_exchange {
            Some(ServerKeyExchange::Ecdhe(p)) if f.server_hello.is_some() => p.named_group,
            _ => None,
        };
        self.removal_chain(offer, hello, curve).await
    }

    /// The finite-field group behind the DHE suites, as a client without RFC 7919
    /// groups in its offer sees it (what most clients send).
    async fn dhe(&self, version: Option<ProtocolVersion>) -> Option<DheObservation> {
        let version = version?;
        let suites: Vec<CipherSuite> = CipherSuite::all_for(version)
            .filter(|s| s.info().is_some_and(|i| i.kx == KeyExchange::Dhe))
            .collect();
        let mut spec = self.legacy_hello(version, suites);
        spec.extensions.supported_groups = LEGACY_GROUPS
            .iter()
            .copied()
            .filter(|g| g.info().is_none_or(|i| i.kind != GroupKind::Ffdhe))
            .collect();
        match self.hello(&spec).await {
            Answer::Hello(f) => {
                let suite = f.server_hello.as_ref()?.cipher_suite;
                match &f.key_exchange {
                    Some(ServerKeyExchange::Dhe(p)) => Some(DheObservation {
                        suite,
                        p_bits: p.p_bits,
                        generator_is_2: p.generator_is_2(),
                        known_group: p.known_group,
                    }),
                    _ => None,
                }
            }
            Answer::Failed(e) => {
                self.note_failure(e);
                None
            }
            _ => None,
        }
    }

    /// TLS 1.2 with only SHA-1, then only SHA-224, signature schemes on offer
    /// (internet.nl's key-exchange hash test).
    async fn kex_hash(&self, tls12: bool) -> Option<KexHashFacts> {
        if !tls12 {
            return None;
        }
        let suites: Vec<CipherSuite> = CipherSuite::all_for(ProtocolVersion::TLSV1_2)
            .filter(|s| {
                s.info().is_some_and(|i| {
                    matches!(i.kx, KeyExchange::Ecdhe | KeyExchange::Dhe)
                        && matches!(
                            i.auth,
                            Authentication::Rsa | Authentication::Ecdsa | Authentication::Dss
                        )
                })
            })
            .collect();
        let probe = |schemes: &'static [SignatureScheme]| {
            let mut spec = self.legacy_hello(ProtocolVersion::TLSV1_2, suites.clone());
            spec.extensions.signature_algorithms = schemes.to_vec();
            async move {
                match self.hello(&spec).await {
                    Answer::Hello(f) => {
                        let signed_with = match &f.key_exchange {
                            Some(ServerKeyExchange::Ecdhe(p)) => p.signature.and_then(|s| s.scheme),
                            Some(ServerKeyExchange::Dhe(p)) => p.signature.and_then(|s| s.scheme),
                            _ => None,
                        };
                        HashProbe {
                            accepted: f.server_hello.is_some(),
                            signed_with,
                            answer: None,
                        }
                    }
                    Answer::Refused(text) => HashProbe {
                        accepted: false,
                        signed_with: None,
                        answer: Some(text),
                    },
                    Answer::Retry(_) => HashProbe {
                        accepted: false,
                        signed_with: None,
                        answer: Some("unexpected HelloRetryRequest".into()),
                    },
                    Answer::Failed(e) => {
                        let text = e.detail.clone();
                        self.note_failure(e);
                        HashProbe {
                            accepted: false,
                            signed_with: None,
                            answer: Some(text),
                        }
                    }
                }
            }
        };
        let (sha1, sha224) = tokio::join!(probe(SHA1_SCHEMES), probe(SHA224_SCHEMES));
        Some(KexHashFacts { sha1, sha224 })
    }
}

fn classify(flight: ServerFlight) -> Answer {
    if flight.server_hello.is_some() {
        Answer::Hello(Box::new(flight))
    } else if flight.hello_retry.is_some() {
        Answer::Retry(Box::new(flight))
    } else if let Some(alert) = &flight.alert {
        Answer::Refused(format!("alert {}", alert.description))
    } else {
        Answer::Refused("no ServerHello".to_string())
    }
}
