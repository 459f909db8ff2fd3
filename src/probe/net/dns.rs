//! Name resolution through one configured upstream, shared by every probe of a scan (so the
//! answers are cached once) and by the HTTP client (so `--resolver` really covers all DNS).

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{self, Stream};
use hickory_resolver::caching_client::CachingClient;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ProtocolConfig, ResolverOpts};
use hickory_resolver::lookup::Lookup;
use hickory_resolver::net::dnssec::DnssecDnsHandle;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::udp::UdpClientStream;
use hickory_resolver::net::xfer::{DnsExchange, DnsHandle, FirstAnswer};
use hickory_resolver::net::{DnsError, NetError, RetryDnsHandle};
use hickory_resolver::proto::dnssec::Proof;
use hickory_resolver::proto::dnssec::TrustAnchors;
use hickory_resolver::proto::op::{
    DnsRequest, DnsRequestOptions, DnsResponse, Edns, Message, MessageType, OpCode, Query,
    ResponseCode,
};
use hickory_resolver::proto::rr::{Name, RData, Record, RecordType};
use hickory_resolver::{ConnectionProvider, NameServerPool, PoolContext, TlsConfig};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Semaphore;

use super::{address_policy, health, tcp, trust_anchor};
use crate::facts::{DnssecStatus, ErrorKind, ProbeError, Resolution};

#[derive(Debug, Clone)]
pub struct DnsConfig {
    /// All queries go here; `None` uses the system's resolver configuration.
    pub server: Option<SocketAddr>,
    /// DNSKEY or DS lines that replace the built-in root keys (a DS is resolved to its key
    /// through `server` when the resolver is set up).
    pub trust_anchor: Option<PathBuf>,
    pub timeout: Duration,
    pub attempts: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DnsSetupError {
    #[error("cannot load trust anchor {path}: {message}")]
    TrustAnchor { path: PathBuf, message: String },
    /// The resolver did not hand over the keys a DS anchor names: pastoe's side, not the file.
    #[error("cannot resolve trust anchor {path}: {message}")]
    TrustAnchorFetch { path: PathBuf, message: String },
    #[error("cannot read the system resolver configuration: {0}")]
    SystemConfig(String),
    #[error("cannot build the resolver: {0}")]
    Build(String),
}

/// hickory's validating stub resolver, put together here rather than by its `Resolver`
/// builder: the builder gives the DNSSEC layer a cache of 1,048,576 proofs and no way to
/// change it, and a sweep fills that cache by some 5 KiB per domain without end. Here both
/// caches are bounded (answers by hickory's `cache_size`, proofs by [`PROOFS_KEPT`]).
type ValidatingClient = CachingClient<DnssecDnsHandle<RetryDnsHandle<NameServerPool<Upstream>>>>;

/// CNAMEs followed when hickory's verdict on an alias is judged again: more than a real
/// chain has (resolvers stop at 8 to 16), and loops end here too.
const MAX_ALIASES: usize = 8;

/// Validated RRsets kept (least recently used dropped): as many as the answers kept, so the
/// keys of the zones a sweep passes through again and again (the root, `nl`, a hosting
/// provider's) stay, and memory does not grow with the number of domains.
const PROOFS_KEPT: usize = 8_192;

#[derive(Clone)]
pub struct Dns {
    client: ValidatingClient,
    /// The flags every query is sent with (recursion, EDNS, DNSSEC OK).
    request: DnsRequestOptions,
    /// Where raw (non-validating, checking-disabled) queries go: the same upstream.
    upstream: SocketAddr,
    timeout: Duration,
}

/// A validated answer: the records of the asked type and their DNSSEC state.
#[derive(Debug, Clone)]
pub struct Answer {
    pub records: Vec<Record>,
    pub status: DnssecStatus,
}

/// Why a validated lookup gave no records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupFailure {
    /// The name does not exist; with the state of the denial.
    NxDomain(DnssecStatus),
    /// The name exists but has no records of this type; with the state of the denial.
    NoData(DnssecStatus),
    /// The answer failed validation.
    Bogus,
    /// The upstream said SERVFAIL: a validating upstream says this for bogus data.
    ServFail,
    /// The resolver failed (SERVFAIL, timeout, refused).
    Failed(String),
}

/// Queries on the wire to the upstream at once, over all its connections. One scan asks
/// hundreds of names at once (every domain's records, and the DNSKEY and DS sets validating
/// them), and a single-threaded resolver reads its UDP socket more slowly than a burst fills
/// it: unbound's default receive buffer (208 KiB) holds about 250 queries, and what does not
/// fit is dropped by the kernel (`RcvbufErrors`). Below this a burst waits here instead.
const UPSTREAM_IN_FLIGHT: usize = 64;

/// How many times one UDP query is sent before its timeout: spread over the timeout, so a
/// datagram lost anyway costs one interval, not the rest of the timeout.
const UDP_SENDS: u8 = 5;

/// hickory's own retransmission floor (`hickory_proto::op::DEFAULT_RETRY_FLOOR`).
const UDP_RESEND_FLOOR: Duration = Duration::from_millis(333);

/// hickory's connections to the upstream, changed in two ways: every query waits for one of
/// [`UPSTREAM_IN_FLIGHT`] places before it is sent, and a UDP query is sent [`UDP_SENDS`]
/// times across its timeout. hickory's own provider (`ConnectionProvider for
/// RuntimeProvider`, hickory-resolver `connection_provider.rs`) leaves the number of queries
/// unbounded and builds `UdpClientStream` with 3 sends at 333 ms intervals, after which a query
/// whose datagrams were all dropped waits out the whole timeout (issue 15).
#[derive(Clone)]
struct Upstream {
    runtime: TokioRuntimeProvider,
    in_flight: Arc<Semaphore>,
    timeout: Duration,
    resend_every: Duration,
}

impl Upstream {
    fn new(timeout: Duration) -> Upstream {
        Upstream {
            runtime: TokioRuntimeProvider::default(),
            in_flight: Arc::new(Semaphore::new(UPSTREAM_IN_FLIGHT)),
            timeout,
            resend_every: (timeout / u32::from(UDP_SENDS)).max(UDP_RESEND_FLOOR),
        }
    }
}

impl ConnectionProvider for Upstream {
    type Conn = Admitted<DnsExchange<TokioRuntimeProvider>>;
    type FutureConn = Pin<Box<dyn Future<Output = Result<Self::Conn, NetError>> + Send>>;
    type RuntimeProvider = TokioRuntimeProvider;

    fn new_connection(
        &self,
        ip: IpAddr,
        config: &ConnectionConfig,
        cx: &PoolContext,
    ) -> Result<Self::FutureConn, NetError> {
        let (in_flight, timeout) = (self.in_flight.clone(), self.timeout);
        if config.protocol != ProtocolConfig::Udp {
            let connecting = self.runtime.new_connection(ip, config, cx)?;
            return Ok(Box::pin(async move {
                Ok(Admitted {
                    inner: connecting.await?,
                    in_flight,
                    timeout,
                })
            }));
        }
        // As hickory's provider does, apart from the number of sends and their interval.
        let udp = UdpClientStream::builder(SocketAddr::new(ip, config.port), self.runtime.clone())
            .with_timeout(Some(cx.options.timeout))
            .with_os_port_selection(cx.options.os_port_selection)
            .avoid_local_ports(cx.options.avoid_local_udp_ports.clone())
            .with_bind_addr(config.bind_addr)
            .with_max_retries(UDP_SENDS)
            .with_retry_interval_floor(self.resend_every.as_millis() as u64);
        // `exchange` spawns the connection's task, so it runs inside the runtime.
        Ok(Box::pin(async move {
            Ok(Admitted {
                inner: udp.exchange(),
                in_flight,
                timeout,
            })
        }))
    }

    fn runtime_provider(&self) -> &TokioRuntimeProvider {
        &self.runtime
    }
}

/// A connection whose queries each hold one of the upstream's in-flight places until their
/// answer (or error) arrives. Below hickory's pool, which merges identical queries, so a
/// place is one query on the wire, and no query holds a place while it waits for another.
/// The wait for a place counts against the query's timeout: behind a resolver that stopped
/// answering, queued queries fail after it as they did without the queue.
#[derive(Clone)]
struct Admitted<H> {
    inner: H,
    in_flight: Arc<Semaphore>,
    timeout: Duration,
}

impl<H: DnsHandle> DnsHandle for Admitted<H> {
    type Response = Pin<Box<dyn Stream<Item = Result<DnsResponse, NetError>> + Send>>;
    type Runtime = H::Runtime;

    fn send(&self, request: DnsRequest) -> Self::Response {
        let inner = self.inner.clone();
        let in_flight = self.in_flight.clone();
        let deadline = tokio::time::Instant::now() + self.timeout;
        Box::pin(stream::once(async move {
            let _place = tokio::time::timeout_at(deadline, in_flight.acquire_owned())
                .await
                .map_err(|_| NetError::Timeout)?
                .map_err(|_| NetError::from("the resolver is shut down"))?;
            tokio::time::timeout_at(deadline, inner.send(request).first_answer())
                .await
                .map_err(|_| NetError::Timeout)?
        }))
    }
}

impl Dns {
    pub async fn new(config: &DnsConfig) -> Result<Dns, DnsSetupError> {
        let (servers, mut opts) = match config.server {
            Some(addr) => {
                let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
                for conn in ns.connections.iter_mut() {
                    conn.port = addr.port();
                }
                (vec![ns], ResolverOpts::default())
            }
            None => {
                let (system, opts) = hickory_resolver::system_conf::read_system_conf()
                    .map_err(|e| DnsSetupError::SystemConfig(e.to_string()))?;
                (system.name_servers().to_vec(), opts)
            }
        };
        // Raw queries go to the same upstream: the configured one, or the system's first.
        let upstream = match (config.server, servers.first()) {
            (Some(addr), _) => addr,
            (None, Some(ns)) => SocketAddr::new(ns.ip, 53),
            (None, None) => {
                return Err(DnsSetupError::SystemConfig(
                    "no name server configured".into(),
                ));
            }
        };
        opts.timeout = config.timeout;
        opts.attempts = config.attempts;
        // Validation is always on: every answer carries its DNSSEC state, and a bogus
        // answer is not used (as a validating resolver would refuse it).
        opts.validate = true;
        let trust_anchor = match &config.trust_anchor {
            Some(path) => Arc::new(trust_anchor::load(path, upstream, config.timeout).await?),
            None => Arc::new(TrustAnchors::default()),
        };
        let mut request = DnsRequestOptions::default();
        request.recursion_desired = opts.recursion_desired;
        request.use_edns = opts.edns0;
        request.edns_payload_len = opts.edns_payload_len;
        request.case_randomization = opts.case_randomization;
        request.edns_set_dnssec_ok = true;
        // Never more queries open on one connection than may be in flight in all: a TCP
        // connection that says `Busy` is thrown away by hickory and opened anew.
        opts.max_active_requests = UPSTREAM_IN_FLIGHT;
        let (cache_size, preserve_intermediates, attempts) =
            (opts.cache_size, opts.preserve_intermediates, opts.attempts);
        let tls = TlsConfig::new().map_err(|e| DnsSetupError::Build(e.to_string()))?;
        let context = Arc::new(PoolContext::new(opts, tls));
        let pool = NameServerPool::from_config(servers, context, Upstream::new(config.timeout));
        let validating =
            DnssecDnsHandle::with_trust_anchor(RetryDnsHandle::new(pool, attempts), trust_anchor)
                .validation_cache_size(PROOFS_KEPT);
        let client = CachingClient::new(cache_size, validating, preserve_intermediates);
        Ok(Dns {
            client,
            request,
            upstream,
            timeout: config.timeout,
        })
    }

    /// A and AAAA of a host, A first. Failures are classified because a name that does not
    /// exist means something else to a report than a resolver that broke.
    pub async fn addresses(&self, host: &str) -> Resolution {
        let fqdn = format!("{}.", host.trim_end_matches('.'));
        let (v4, v6) = tokio::join!(
            self.query(&fqdn, RecordType::A),
            self.query(&fqdn, RecordType::AAAA)
        );
        let mut addresses = Vec::new();
        let mut errors = Vec::new();
        for (rtype, result) in [(RecordType::A, v4), (RecordType::AAAA, v6)] {
            match result {
                Ok(lookup) => addresses.extend(lookup.answers().iter().filter_map(address)),
                // A signed alias of a name without addresses comes back bogus from hickory;
                // the alias-aware lookup judges it again (see `lookup`).
                Err(e @ NetError::Dns(DnsError::DnssecBogus)) => {
                    match self.lookup(&fqdn, rtype).await {
                        Ok(answer) => addresses.extend(answer.records.iter().filter_map(address)),
                        Err(LookupFailure::NoData(_)) => errors.push(ProbeError::new(
                            ErrorKind::NoAddress,
                            "no records of this type",
                        )),
                        Err(_) => errors.push(classify(&e)),
                    }
                }
                Err(e) => errors.push(classify(&e)),
            }
        }
        // Addresses the policy refuses are kept as evidence but never contacted.
        let (addresses, not_public): (Vec<IpAddr>, Vec<IpAddr>) = addresses
            .into_iter()
            .partition(|ip| address_policy::check(*ip).is_ok());
        if !addresses.is_empty() {
            return Resolution {
                addresses,
                not_public,
                error: None,
            };
        }
        if let Some(first) = not_public.first().copied() {
            let detail = match address_policy::check(first) {
                Err(refused) => format!("{host}: {refused}"),
                Ok(()) => format!("{host}: not a public address"),
            };
            return Resolution {
                addresses,
                not_public,
                error: Some(ProbeError::new(ErrorKind::NonPublicAddress, detail)),
            };
        }
        // NXDOMAIN from either query wins; a real failure beats "no records of this type".
        let error = errors
            .iter()
            .find(|e| e.kind == ErrorKind::NxDomain)
            .or_else(|| errors.iter().find(|e| e.kind == ErrorKind::DnsFailure))
            .cloned()
            .unwrap_or_else(|| {
                ProbeError::new(
                    ErrorKind::NoAddress,
                    format!("{host} has no A or AAAA records"),
                )
            });
        Resolution {
            addresses,
            not_public,
            error: Some(error),
        }
    }
}

impl Dns {
    /// One query through both caches and the validator, for a fully qualified name.
    async fn query(&self, fqdn: &str, rtype: RecordType) -> Result<Lookup, NetError> {
        let query = Query::query(Name::from_utf8(fqdn)?, rtype);
        self.client.lookup(query, self.request).await
    }

    /// A validated lookup of one record type, CNAMEs followed.
    ///
    /// hickory (hickory-net 0.26, `dnssec/mod.rs`) checks a denial against the queried name
    /// rather than the end of the CNAME chain, so a signed alias of a name that does not
    /// exist, or lacks the type, comes back bogus although the denial is sound. Such a verdict
    /// is judged again as a validating resolver (delv) does: the alias's own CNAME, validated
    /// alone, then its target; the worst state along the chain wins. The asked name exists
    /// then (it is an alias), so a target that does not exist is `NoData` for it.
    pub async fn lookup(&self, name: &str, rtype: RecordType) -> Result<Answer, LookupFailure> {
        let mut fqdn = format!("{}.", name.trim_end_matches('.')).to_ascii_lowercase();
        let mut aliases: Vec<(String, DnssecStatus)> = Vec::new();
        let result = loop {
            match self.validated(&fqdn, rtype).await {
                Err(LookupFailure::Bogus) if rtype != RecordType::CNAME => {
                    let Some((target, status)) = self.alias(&fqdn).await else {
                        break Err(LookupFailure::Bogus);
                    };
                    if target == fqdn || aliases.iter().any(|(name, _)| *name == target) {
                        break Err(LookupFailure::Failed(format!("CNAME loop at {target}")));
                    }
                    if aliases.len() == MAX_ALIASES {
                        break Err(LookupFailure::Failed(format!(
                            "CNAME chain longer than {MAX_ALIASES} at {fqdn}"
                        )));
                    }
                    aliases.push((std::mem::replace(&mut fqdn, target), status));
                }
                result => break result,
            }
        };
        if aliases.is_empty() {
            return result;
        }
        let along =
            |status: DnssecStatus| combined_status(aliases.iter().map(|(_, s)| *s).chain([status]));
        match result {
            Ok(answer) => Ok(Answer {
                status: along(answer.status),
                records: answer.records,
            }),
            Err(LookupFailure::NxDomain(s) | LookupFailure::NoData(s)) => {
                Err(LookupFailure::NoData(along(s)))
            }
            Err(other) => Err(other),
        }
    }

    /// The target of `fqdn`'s own CNAME and its validated state, when it is secure or
    /// provably insecure.
    async fn alias(&self, fqdn: &str) -> Option<(String, DnssecStatus)> {
        let lookup = self.query(fqdn, RecordType::CNAME).await.ok()?;
        let record = lookup.answers().iter().find(|r| {
            r.record_type() == RecordType::CNAME && r.name.to_ascii().eq_ignore_ascii_case(fqdn)
        })?;
        let status = proof_status(record.proof);
        match (&record.data, status) {
            (RData::CNAME(target), DnssecStatus::Secure | DnssecStatus::Insecure) => {
                Some((target.0.to_ascii().to_ascii_lowercase(), status))
            }
            _ => None,
        }
    }

    /// One validated lookup, as hickory judges it.
    async fn validated(&self, fqdn: &str, rtype: RecordType) -> Result<Answer, LookupFailure> {
        match self.query(fqdn, rtype).await {
            Ok(lookup) => {
                let records: Vec<Record> = lookup
                    .answers()
                    .iter()
                    .filter(|r| r.record_type() == rtype)
                    .cloned()
                    .collect();
                let status =
                    combined_status(lookup.answers().iter().map(|r| proof_status(r.proof)));
                if records.is_empty() {
                    return Err(LookupFailure::NoData(status));
                }
                Ok(Answer { records, status })
            }
            Err(NetError::Dns(DnsError::Nsec {
                response, proof, ..
            })) => {
                let status = proof_status(proof);
                if response.response_code == ResponseCode::NXDomain {
                    Err(LookupFailure::NxDomain(status))
                } else {
                    Err(LookupFailure::NoData(status))
                }
            }
            Err(NetError::Dns(DnsError::NoRecordsFound(nr))) => {
                let status = combined_status(
                    nr.authorities
                        .iter()
                        .flat_map(|a| a.iter())
                        .map(|r| proof_status(r.proof)),
                );
                if nr.response_code == ResponseCode::NXDomain {
                    Err(LookupFailure::NxDomain(status))
                } else {
                    Err(LookupFailure::NoData(status))
                }
            }
            Err(NetError::Dns(DnsError::DnssecBogus)) => Err(LookupFailure::Bogus),
            Err(NetError::Dns(DnsError::ResponseCode(ResponseCode::ServFail))) => {
                Err(LookupFailure::ServFail)
            }
            Err(other) => Err(LookupFailure::Failed(other.to_string())),
        }
    }

    /// The resolver every query goes to.
    pub fn upstream(&self) -> SocketAddr {
        self.upstream
    }

    /// One query as sent, without validation and with checking disabled, to see the
    /// records behind a bogus answer (a validating upstream would otherwise SERVFAIL).
    pub async fn raw(&self, name: &str, rtype: RecordType) -> Result<Message, ProbeError> {
        raw_query(self.upstream, name, rtype, true, self.timeout).await
    }

    /// One non-recursive query straight to a name server.
    pub async fn ask_server(
        &self,
        server: SocketAddr,
        name: &str,
        rtype: RecordType,
    ) -> Result<Message, ProbeError> {
        address_policy::check(server.ip())
            .map_err(|refused| ProbeError::new(ErrorKind::NonPublicAddress, refused.to_string()))?;
        raw_query(server, name, rtype, false, self.timeout).await
    }
}

fn address(record: &Record) -> Option<IpAddr> {
    match &record.data {
        RData::A(a) => Some(IpAddr::V4(a.0)),
        RData::AAAA(a) => Some(IpAddr::V6(a.0)),
        _ => None,
    }
}

/// The worst state among records: one bogus record makes the answer bogus.
fn combined_status(states: impl Iterator<Item = DnssecStatus>) -> DnssecStatus {
    let mut status: Option<DnssecStatus> = None;
    for s in states {
        status = Some(match (status, s) {
            (None, s) => s,
            (Some(DnssecStatus::Bogus), _) | (_, DnssecStatus::Bogus) => DnssecStatus::Bogus,
            (Some(DnssecStatus::Indeterminate), _) | (_, DnssecStatus::Indeterminate) => {
                DnssecStatus::Indeterminate
            }
            (Some(DnssecStatus::Insecure), _) | (_, DnssecStatus::Insecure) => {
                DnssecStatus::Insecure
            }
            _ => DnssecStatus::Secure,
        });
    }
    status.unwrap_or(DnssecStatus::Indeterminate)
}

fn proof_status(proof: Proof) -> DnssecStatus {
    match proof {
        Proof::Secure => DnssecStatus::Secure,
        Proof::Insecure => DnssecStatus::Insecure,
        Proof::Bogus => DnssecStatus::Bogus,
        Proof::Indeterminate => DnssecStatus::Indeterminate,
    }
}

/// Send one query over UDP (EDNS, DO bit) and repeat it over TCP when the answer was
/// truncated. Bounded by the timeout per transport and by the 64 KiB a DNS message can be.
pub(super) async fn raw_query(
    server: SocketAddr,
    name: &str,
    rtype: RecordType,
    recursive: bool,
    timeout: Duration,
) -> Result<Message, ProbeError> {
    let fqdn = Name::from_ascii(format!("{}.", name.trim_end_matches('.')))
        .map_err(|e| ProbeError::new(ErrorKind::Other, format!("invalid name {name}: {e}")))?;
    let id: u16 = rand_id();
    let mut message = Message::new(id, MessageType::Query, OpCode::Query);
    message.metadata.recursion_desired = recursive;
    message.metadata.checking_disabled = recursive;
    message.add_query(Query::query(fqdn, rtype));
    let mut edns = Edns::new();
    edns.set_dnssec_ok(true);
    edns.set_max_payload(1232);
    message.set_edns(edns);
    let bytes = message
        .to_vec()
        .map_err(|e| ProbeError::new(ErrorKind::Other, e.to_string()))?;
    let udp = tokio::time::timeout(timeout, exchange_udp(server, &bytes, id)).await;
    match udp {
        Ok(Ok(answer)) if !answer.metadata.truncation => Ok(answer),
        Ok(Err(e)) if e.kind != ErrorKind::Protocol => Err(e),
        // Truncated, garbled or silent over UDP: TCP carries any size.
        _ => {
            let answer = if recursive {
                // Our own resolver: not a scanned server, so not under politeness.
                tokio::time::timeout(timeout, async {
                    let stream = tokio::net::TcpStream::connect(server)
                        .await
                        .map_err(|e| ProbeError::new(io_kind(&e), format!("{server}: {e}")))?;
                    exchange_tcp(server, stream, &bytes, id).await
                })
                .await
            } else {
                // A scanned name server: a polite connection, timed from admission.
                let stream = tcp::connect(server, timeout).await?;
                let deadline = stream.admitted_at() + timeout;
                tokio::time::timeout_at(deadline, exchange_tcp(server, stream, &bytes, id)).await
            };
            answer.unwrap_or_else(|_| {
                Err(ProbeError::new(
                    ErrorKind::Timeout,
                    format!("no answer from {server} within the timeout"),
                ))
            })
        }
    }
}

async fn exchange_udp(server: SocketAddr, query: &[u8], id: u16) -> Result<Message, ProbeError> {
    let io = |e: std::io::Error| ProbeError::new(io_kind(&e), format!("{server}: {e}"));
    let bind: SocketAddr = if server.is_ipv4() {
        "0.0.0.0:0".parse().unwrap_or(server)
    } else {
        "[::]:0".parse().unwrap_or(server)
    };
    let socket = tokio::net::UdpSocket::bind(bind).await.map_err(io)?;
    socket.connect(server).await.map_err(io)?;
    socket.send(query).await.map_err(io)?;
    let mut buf = vec![0u8; 65535];
    // Ignore datagrams that are not the answer to this query (spoofing, late answers).
    loop {
        let n = socket.recv(&mut buf).await.map_err(io)?;
        if let Ok(message) = Message::from_vec(&buf[..n])
            && message.metadata.id == id
        {
            return Ok(message);
        }
    }
}

async fn exchange_tcp(
    server: SocketAddr,
    mut stream: impl AsyncRead + AsyncWrite + Unpin,
    query: &[u8],
    id: u16,
) -> Result<Message, ProbeError> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let io = |e: std::io::Error| ProbeError::new(io_kind(&e), format!("{server}: {e}"));
    let len = u16::try_from(query.len())
        .map_err(|_| ProbeError::new(ErrorKind::Other, "query too long"))?;
    stream.write_all(&len.to_be_bytes()).await.map_err(io)?;
    stream.write_all(query).await.map_err(io)?;
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).await.map_err(io)?;
    let mut buf = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut buf).await.map_err(io)?;
    let message = Message::from_vec(&buf).map_err(|e| {
        ProbeError::new(
            ErrorKind::Protocol,
            format!("{server}: malformed DNS answer: {e}"),
        )
    })?;
    if message.metadata.id != id {
        return Err(ProbeError::new(
            ErrorKind::Protocol,
            format!("{server}: answer to another query"),
        ));
    }
    Ok(message)
}

/// The class of a socket error; one of this process's own resources failing (descriptors,
/// buffers) is also reported to the own-side monitor, since it says nothing of the server.
fn io_kind(e: &std::io::Error) -> ErrorKind {
    if health::is_local_resource_error(e) {
        health::local_fault(e);
    }
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => ErrorKind::ConnectionRefused,
        std::io::ErrorKind::TimedOut => ErrorKind::Timeout,
        _ => ErrorKind::ConnectFailed,
    }
}

/// Query ids need not be secret here (we validate, and match on id and source), only
/// different between queries.
fn rand_id() -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering};
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    NEXT.fetch_add(1, Ordering::Relaxed) ^ (seed as u16)
}

fn classify(error: &NetError) -> ProbeError {
    match error {
        NetError::Dns(DnsError::NoRecordsFound(nr))
            if nr.response_code == ResponseCode::NXDomain =>
        {
            ProbeError::new(ErrorKind::NxDomain, "the name does not exist (NXDOMAIN)")
        }
        NetError::Dns(DnsError::NoRecordsFound(_)) => {
            ProbeError::new(ErrorKind::NoAddress, "no records of this type")
        }
        NetError::Dns(DnsError::DnssecBogus) => ProbeError::new(
            ErrorKind::DnsFailure,
            "the answer failed DNSSEC validation (bogus)",
        ),
        other => ProbeError::new(ErrorKind::DnsFailure, other.to_string()),
    }
}
