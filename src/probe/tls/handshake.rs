//! A real TLS handshake (tokio-rustls, aws-lc-rs) that records what a scanner needs to judge
//! the certificate side of a server: the chain as sent, whether it is trusted, whether it
//! names the host, the negotiated parameters and the stapled OCSP response; and a 0-RTT
//! probe (NCSC 2025-05 §3.4.4, RFC 8470).
//!
//! The hand-built ClientHellos in [`super::client_hello`] find out what a server *accepts*;
//! this module finishes one ordinary handshake, as a browser would, to see what it *sends*.
//! Certificate problems never stop the handshake ([`super::trust::RecordingVerifier`]): the
//! bad chain is the evidence.

use std::future::Future;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::{
    ClientSessionMemoryCache, ClientSessionStore, Resumption, Tls12ClientSessionValue,
    Tls13ClientSessionValue,
};
use rustls::pki_types::ServerName;
use rustls::{ClientConnection, HandshakeKind, NamedGroup};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use x509_parser::asn1_rs::{Any, Class, GeneralizedTime, Tag};

use crate::facts::{ChainFacts, OcspStaple, TrustErrorKind, ZeroRttFacts};
use crate::probe::net::trust::{
    RecordingVerifier, TrustSetupError, TrustStore, Verdict, classify_trust_error,
};
use crate::wire::tls::cert::{self, CertificateFacts, der_next};
use crate::wire::tls::iana;

/// Client configuration shared by every handshake of a scan. Each connection gets a clone
/// with its own [`RecordingVerifier`], so concurrent handshakes to one name (IPv4 and IPv6,
/// say) cannot see each other's verdicts; cloning a `ClientConfig` only copies `Arc`s.
#[derive(Debug, Clone)]
pub struct HandshakeSetup {
    trust: TrustStore,
    /// TLS 1.3 and 1.2, the provider's default groups (X25519MLKEM768 first), no ALPN, no
    /// resumption: every observed handshake is a full one that shows the chain.
    base: rustls::ClientConfig,
}

impl HandshakeSetup {
    /// Load the trust roots (Mozilla's plus `ca_file`, PEM) and build the client
    /// configuration.
    pub fn new(ca_file: Option<&Path>) -> Result<HandshakeSetup, TrustSetupError> {
        let trust = TrustStore::new(ca_file)?;
        let mut base = trust.client_config(Arc::new(trust.recording_verifier()))?;
        base.resumption = Resumption::disabled();
        Ok(HandshakeSetup { trust, base })
    }

    /// The base configuration with a fresh verifier, returned so its verdict can be read.
    fn config(&self) -> (rustls::ClientConfig, Arc<RecordingVerifier>) {
        let verifier = Arc::new(self.trust.recording_verifier());
        let mut config = self.base.clone();
        config
            .dangerous()
            .set_certificate_verifier(verifier.clone());
        (config, verifier)
    }
}

/// Why a handshake did not produce facts. The caller records it as a fact about the server.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HandshakeError {
    #[error("{0:?} is not a valid TLS server name")]
    InvalidName(String),
    #[error("no completed TLS handshake within {} s", .0.as_secs_f32())]
    Timeout(Duration),
    /// A TLS-level failure: an alert from the server (named as in the IANA registry) or a
    /// protocol error detected by rustls.
    #[error("TLS: {0}")]
    Tls(String),
    #[error("I/O: {0}")]
    Io(String),
}

impl HandshakeError {
    /// tokio-rustls reports TLS failures as `io::Error`s wrapping a `rustls::Error`; unwrap
    /// them so a handshake_failure alert is not mistaken for a network problem.
    fn from_io(error: &io::Error) -> HandshakeError {
        match error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            Some(rustls::Error::AlertReceived(alert)) => HandshakeError::Tls(format!(
                "received fatal alert {}",
                iana::AlertDescription(u8::from(*alert))
            )),
            Some(tls) => HandshakeError::Tls(tls.to_string()),
            None => HandshakeError::Io(error.to_string()),
        }
    }
}

/// What identifies a server's TLS configuration for one name in one handshake: two names
/// on one address with equal fingerprints are served by the same configuration, so one
/// enumeration answers for both.
///
/// The certificate counts by its key (algorithm and size), not by its bytes: which versions,
/// suites, groups and signature schemes a server negotiates depends on its configuration
/// and its key type, and at a hosting provider every name has a certificate of its own
/// (ACME) on one configuration. Everything about the certificate itself (chain, validity,
/// name, signature) is judged from the name's own handshake, never from the shared one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub version: String,
    pub cipher_suite: String,
    pub group: Option<String>,
    /// The leaf's key: algorithm, bits, curve, parameter set.
    pub leaf_key: Option<String>,
    /// Stapling is configured per certificate.
    pub ocsp_stapled: bool,
}

impl Fingerprint {
    /// The fingerprint of the configuration that served `chain`.
    pub fn of(chain: &ChainFacts) -> Fingerprint {
        Fingerprint {
            version: chain.version.clone(),
            cipher_suite: chain.cipher_suite.clone(),
            group: chain.group.clone(),
            leaf_key: chain.certificates.first().map(|c| {
                let k = &c.key;
                format!(
                    "{} {} {} {}",
                    k.algorithm,
                    k.bits.map(|b| b.to_string()).unwrap_or_default(),
                    k.curve.as_deref().unwrap_or_default(),
                    k.parameter_set.as_deref().unwrap_or_default()
                )
            }),
            ocsp_stapled: chain.ocsp_stapled,
        }
    }
}

/// Complete a handshake on `stream` within `timeout` and record the chain. The TLS stream is
/// handed back so the caller can go on using the connection.
pub async fn observe<S>(
    setup: &HandshakeSetup,
    stream: S,
    server_name: &str,
    timeout: Duration,
) -> Result<(ChainFacts, TlsStream<S>), HandshakeError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send,
{
    let name = server_name_of(server_name)?;
    let (config, verifier) = setup.config();
    let connect = TlsConnector::from(Arc::new(config)).connect(name.clone(), stream);
    let tls = tokio::time::timeout(timeout, connect)
        .await
        .map_err(|_| HandshakeError::Timeout(timeout))?
        .map_err(|e| HandshakeError::from_io(&e))?;
    let verdict = verifier.verdict(&name.to_str());
    let facts = chain_facts(tls.get_ref().1, verdict, server_name);
    Ok((facts, tls))
}

/// The chain a server sent in a TLS ≤ 1.2 flight to one of pastoe's own hellos, judged
/// with the same verifier as a full handshake. Used when the full handshake failed for a
/// reason that is not the chain (a DHE-only server, an RSA key too small for rustls to
/// accept its signature): the certificates can still be judged. `handshake_error` is why
/// the full handshake failed and is kept as the trust error when the chain itself is fine,
/// because a browser would not connect either.
pub fn presented_chain(
    setup: &HandshakeSetup,
    ders: &[Vec<u8>],
    ocsp_response: Option<&[u8]>,
    server_name: &str,
    handshake_error: &str,
) -> Option<ChainFacts> {
    let (leaf, rest) = ders.split_first()?;
    let name = server_name_of(server_name).ok()?;
    let (_, verifier) = setup.config();
    let leaf = rustls::pki_types::CertificateDer::from(leaf.clone());
    let intermediates: Vec<rustls::pki_types::CertificateDer<'static>> = rest
        .iter()
        .map(|d| rustls::pki_types::CertificateDer::from(d.clone()))
        .collect();
    let ocsp = ocsp_response.unwrap_or_default();
    // The recording verifier never refuses; its verdict is read back below.
    let _ = rustls::client::danger::ServerCertVerifier::verify_server_cert(
        verifier.as_ref(),
        &leaf,
        &intermediates,
        &name,
        ocsp,
        rustls::pki_types::UnixTime::now(),
    );
    let verdict = verifier.verdict(&name.to_str());
    let certificates: Vec<CertificateFacts> = ders.iter().map(|d| cert::analyse(d)).collect();
    let leaf_self_issued = certificates.first().is_some_and(|c| c.self_issued);
    let (trusted, error, kind) = match verdict.as_ref().map(|v| (v.chain.is_ok(), v.error())) {
        Some((trusted, Some(e))) => (
            trusted,
            e.to_string(),
            classify_trust_error(e, leaf_self_issued),
        ),
        Some((trusted, None)) => (trusted, handshake_error.to_string(), TrustErrorKind::Other),
        None => (false, handshake_error.to_string(), TrustErrorKind::Other),
    };
    Some(ChainFacts {
        version: String::new(),
        cipher_suite: String::new(),
        group: None,
        name_matches: certificates
            .first()
            .is_some_and(|c| cert::name_matches(c, server_name)),
        certificates,
        trusted,
        trust_error: Some(error),
        trust_error_kind: Some(kind),
        ocsp_stapled: !ocsp.is_empty(),
        ocsp: (!ocsp.is_empty()).then(|| parse_ocsp(ocsp)),
    })
}

fn server_name_of(server_name: &str) -> Result<ServerName<'static>, HandshakeError> {
    ServerName::try_from(server_name.to_string())
        .map_err(|_| HandshakeError::InvalidName(server_name.to_string()))
}

fn chain_facts(conn: &ClientConnection, verdict: Option<Verdict>, server_name: &str) -> ChainFacts {
    let certificates: Vec<CertificateFacts> = conn
        .peer_certificates()
        .unwrap_or_default()
        .iter()
        .map(|der| cert::analyse(der))
        .collect();
    let leaf_self_issued = certificates.first().is_some_and(|leaf| leaf.self_issued);
    let (trusted, trust_error, trust_error_kind, ocsp_response) = match &verdict {
        Some(verdict) => (
            verdict.chain.is_ok(),
            verdict.error().map(ToString::to_string),
            verdict
                .error()
                .map(|e| classify_trust_error(e, leaf_self_issued)),
            verdict.ocsp_response.as_slice(),
        ),
        // Only reachable if rustls skipped certificate verification, which it does not do
        // for a full handshake; recorded rather than assumed.
        None => (
            false,
            Some("the server's certificate was not verified".to_string()),
            Some(TrustErrorKind::Other),
            &[][..],
        ),
    };
    ChainFacts {
        version: conn
            .protocol_version()
            .map(|v| iana::ProtocolVersion(u16::from(v)).to_string())
            .unwrap_or_default(),
        cipher_suite: conn
            .negotiated_cipher_suite()
            .map(|s| iana::CipherSuite(u16::from(s.suite())).to_string())
            .unwrap_or_default(),
        group: conn
            .negotiated_key_exchange_group()
            .map(|g| group_name(g.name())),
        name_matches: certificates
            .first()
            .is_some_and(|leaf| cert::name_matches(leaf, server_name)),
        certificates,
        trusted,
        trust_error,
        trust_error_kind,
        ocsp_stapled: !ocsp_response.is_empty(),
        ocsp: (!ocsp_response.is_empty()).then(|| parse_ocsp(ocsp_response)),
    }
}

fn group_name(group: NamedGroup) -> String {
    iana::NamedGroup(u16::from(group)).to_string()
}

const OID_OCSP_BASIC: &str = "1.3.6.1.5.5.7.48.1.1";

/// Read an OCSPResponse (RFC 6960 §4.2.1) far enough for [`OcspStaple`]. Bounded by the input:
/// every step is one DER element inside the previous one.
pub fn parse_ocsp(der: &[u8]) -> OcspStaple {
    let mut staple = OcspStaple {
        bytes: der.len(),
        response_status: None,
        status: "unparsed".into(),
        produced_at: None,
        this_update: None,
        next_update: None,
    };
    // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED,
    //                             responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
    let Some(mut response) = sequence(der) else {
        return staple;
    };
    let Some(status) = response.next().filter(|e| universal(e, Tag::Enumerated)) else {
        return staple;
    };
    staple.response_status = Some(response_status_name(status.data));
    // ResponseBytes ::= SEQUENCE { responseType OID, response OCTET STRING }
    let basic = response
        .next()
        .filter(|e| context(e, 0))
        .and_then(|e| sequence(e.data))
        .and_then(|mut bytes| {
            let kind = bytes.next()?.as_oid().ok()?.to_id_string();
            let body = bytes.next().filter(|e| universal(e, Tag::OctetString))?;
            (kind == OID_OCSP_BASIC).then_some(body.data)
        });
    // BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, … }
    // ResponseData ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, responderID [1] | [2],
    //                             producedAt GeneralizedTime, responses SEQUENCE OF … }
    let Some(mut data) = basic
        .and_then(sequence)
        .and_then(|mut b| b.next())
        .and_then(|tbs| sequence_of(&tbs))
    else {
        return staple;
    };
    let mut element = data.next();
    if element.as_ref().is_some_and(|e| context(e, 0)) {
        element = data.next();
    }
    if !element
        .as_ref()
        .is_some_and(|e| context(e, 1) || context(e, 2))
    {
        return staple;
    }
    staple.produced_at = data.next().and_then(|e| time(&e));
    // SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus,
    //     thisUpdate GeneralizedTime, nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, … }
    let Some(mut single) = data
        .next()
        .and_then(|responses| sequence_of(&responses))
        .and_then(|mut r| r.next())
        .and_then(|first| sequence_of(&first))
    else {
        return staple;
    };
    let _cert_id = single.next();
    // CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo,
    //                         unknown [2] IMPLICIT UnknownInfo }
    let Some(cert_status) = single
        .next()
        .filter(|e| e.class() == Class::ContextSpecific)
    else {
        return staple;
    };
    staple.status = match cert_status.tag().0 {
        0 => "good",
        1 => "revoked",
        2 => "unknown",
        _ => "unparsed",
    }
    .into();
    staple.this_update = single.next().and_then(|e| time(&e));
    staple.next_update = single
        .next()
        .filter(|e| context(e, 0))
        .and_then(|e| der_next(e.data))
        .and_then(|(inner, _)| time(&inner));
    staple
}

fn universal(e: &Any<'_>, tag: Tag) -> bool {
    e.class() == Class::Universal && e.tag() == tag
}

fn context(e: &Any<'_>, tag: u32) -> bool {
    e.class() == Class::ContextSpecific && e.tag().0 == tag
}

/// The elements inside the DER SEQUENCE at the start of `der`.
fn sequence(der: &[u8]) -> Option<impl Iterator<Item = Any<'_>>> {
    let (seq, _) = der_next(der)?;
    sequence_of(&seq)
}

fn sequence_of<'a>(seq: &Any<'a>) -> Option<impl Iterator<Item = Any<'a>> + use<'a>> {
    if !universal(seq, Tag::Sequence) {
        return None;
    }
    let mut rest = seq.data;
    Some(std::iter::from_fn(move || {
        let (element, next) = der_next(rest)?;
        rest = next;
        Some(element)
    }))
}

fn time(e: &Any<'_>) -> Option<String> {
    let t = GeneralizedTime::try_from(e).ok()?;
    Some(cert::rfc3339(t.0.to_datetime().ok()?))
}

fn response_status_name(value: &[u8]) -> String {
    match value {
        [0] => "successful".into(),
        [1] => "malformedRequest".into(),
        [2] => "internalError".into(),
        [3] => "tryLater".into(),
        [5] => "sigRequired".into(),
        [6] => "unauthorized".into(),
        other => format!("unknown({})", data_encoding::HEXLOWER.encode(other)),
    }
}

/// How much of an HTTP answer is read: enough for a status line and headers.
const RESPONSE_LIMIT: usize = 16 * 1024;

/// Probe 0-RTT like internet.nl: connection 1 completes a TLS 1.3 handshake, sends
/// `GET / HTTP/1.1` and collects the session tickets; if a ticket allows early data,
/// connection 2 resumes and sends the same request as early data. At most two connections;
/// `connect` gives a fresh connected stream per call, and `timeout` bounds each connection.
pub async fn zero_rtt<S, F, Fut>(
    setup: &HandshakeSetup,
    connect: F,
    server_name: &str,
    http_host: &str,
    timeout: Duration,
) -> ZeroRttFacts
where
    S: AsyncRead + AsyncWrite + Unpin + Send,
    F: Fn() -> Fut,
    Fut: Future<Output = io::Result<S>>,
{
    let mut facts = ZeroRttFacts::default();
    if let Err(error) =
        zero_rtt_inner(setup, connect, server_name, http_host, timeout, &mut facts).await
    {
        facts.error = Some(error);
    }
    facts
}

async fn zero_rtt_inner<S, F, Fut>(
    setup: &HandshakeSetup,
    connect: F,
    server_name: &str,
    http_host: &str,
    timeout: Duration,
    facts: &mut ZeroRttFacts,
) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send,
    F: Fn() -> Fut,
    Fut: Future<Output = io::Result<S>>,
{
    if http_host.is_empty()
        || http_host
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return Err(format!("{http_host:?} cannot be sent as a Host header"));
    }
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {http_host}\r\nUser-Agent: pastoe/{}\r\nConnection: close\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    let name = server_name_of(server_name).map_err(|e| e.to_string())?;
    let tickets = Arc::new(TicketRecorder::new());
    // The verdict of this verifier is not read: the certificate is judged by `observe`.
    let (mut config, _) = setup.config();
    config.resumption = Resumption::store(tickets.clone());
    config.enable_early_data = true;
    let config = Arc::new(config);

    let first = async {
        let stream = connect()
            .await
            .map_err(|e| HandshakeError::Io(e.to_string()))?;
        let mut tls = TlsConnector::from(config.clone())
            .connect(name.clone(), stream)
            .await
            .map_err(|e| HandshakeError::from_io(&e))?;
        exchange(&mut tls, &request).await
    };
    tokio::time::timeout(timeout, first)
        .await
        .map_err(|_| HandshakeError::Timeout(timeout))
        .and_then(|r| r)
        .map_err(|e| format!("first connection: {e}"))?;
    facts.max_early_data_size = tickets.max_early_data_size();
    facts.early_data_offered = facts.max_early_data_size.is_some_and(|size| size > 0);
    if !facts.early_data_offered {
        return Ok(());
    }

    let second = async {
        let stream = connect()
            .await
            .map_err(|e| HandshakeError::Io(e.to_string()))?;
        let mut capacity = None;
        let mut tls = TlsConnector::from(config.clone())
            .early_data(true)
            .connect_with(name.clone(), stream, |conn| {
                capacity = conn.early_data().map(|early| early.bytes_left());
            })
            .await
            .map_err(|e| HandshakeError::from_io(&e))?;
        // In tokio-rustls's early-data state, writes go out as early data and the flush
        // completes the handshake (re-sending the request normally if it was rejected).
        let sent = capacity.is_some_and(|c| c > 0);
        let status = exchange(&mut tls, &request).await?;
        let conn = tls.get_ref().1;
        Ok::<_, HandshakeError>((
            sent,
            conn.is_early_data_accepted(),
            conn.handshake_kind() == Some(HandshakeKind::Resumed),
            status,
        ))
    };
    let (sent, accepted, resumed, status) = tokio::time::timeout(timeout, second)
        .await
        .map_err(|_| HandshakeError::Timeout(timeout))
        .and_then(|r| r)
        .map_err(|e| format!("resumed connection: {e}"))?;
    facts.early_data_sent = sent;
    facts.early_data_accepted = accepted;
    facts.resumed = resumed;
    facts.http_status = status;
    Ok(())
}

/// Send `request`, read the answer's head (at most [`RESPONSE_LIMIT`] bytes) and return its
/// status code. Session tickets are processed while reading.
async fn exchange<S>(tls: &mut TlsStream<S>, request: &str) -> Result<Option<u16>, HandshakeError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let io = |e: io::Error| HandshakeError::from_io(&e);
    tls.write_all(request.as_bytes()).await.map_err(io)?;
    tls.flush().await.map_err(io)?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while head.len() < RESPONSE_LIMIT && !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tls.read(&mut buf).await.map_err(io)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n.min(RESPONSE_LIMIT - head.len())]);
    }
    Ok(status_code(&head))
}

/// The status code of an HTTP/1.x status line (`HTTP/1.1 425 Too Early`).
fn status_code(head: &[u8]) -> Option<u16> {
    let line = head.split(|&b| b == b'\n').next()?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut parts = line.split(|&b| b == b' ');
    if !parts.next()?.starts_with(b"HTTP/1.") {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 {
        return None;
    }
    std::str::from_utf8(code).ok()?.parse().ok()
}

/// A session cache that also remembers what the last TLS 1.3 ticket allowed for early data,
/// which rustls does not expose once the ticket is stored.
#[derive(Debug)]
struct TicketRecorder {
    inner: ClientSessionMemoryCache,
    max_early_data_size: Mutex<Option<u32>>,
}

impl TicketRecorder {
    fn new() -> TicketRecorder {
        TicketRecorder {
            // One server name per probe; a few entries hold its tickets and kx hint.
            inner: ClientSessionMemoryCache::new(4),
            max_early_data_size: Mutex::default(),
        }
    }

    fn max_early_data_size(&self) -> Option<u32> {
        self.max_early_data_size.lock().ok().and_then(|m| *m)
    }
}

impl ClientSessionStore for TicketRecorder {
    fn set_kx_hint(&self, server_name: ServerName<'static>, group: NamedGroup) {
        self.inner.set_kx_hint(server_name, group);
    }

    fn kx_hint(&self, server_name: &ServerName<'_>) -> Option<NamedGroup> {
        self.inner.kx_hint(server_name)
    }

    fn set_tls12_session(&self, server_name: ServerName<'static>, value: Tls12ClientSessionValue) {
        self.inner.set_tls12_session(server_name, value);
    }

    fn tls12_session(&self, server_name: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        self.inner.tls12_session(server_name)
    }

    fn remove_tls12_session(&self, server_name: &ServerName<'static>) {
        self.inner.remove_tls12_session(server_name);
    }

    fn insert_tls13_ticket(
        &self,
        server_name: ServerName<'static>,
        value: Tls13ClientSessionValue,
    ) {
        if let Ok(mut max) = self.max_early_data_size.lock() {
            *max = Some(value.max_early_data_size());
        }
        self.inner.insert_tls13_ticket(server_name, value);
    }

    fn take_tls13_ticket(
        &self,
        server_name: &ServerName<'static>,
    ) -> Option<Tls13ClientSessionValue> {
        self.inner.take_tls13_ticket(server_name)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::net::SocketAddr;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;

    use proptest::prelude::*;
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    use tokio::net::{TcpListener, TcpStream};
    use tokio_rustls::TlsAcceptor;

    use super::*;
    use crate::wire::tls::cert::tests::{oid, seq, tlv};

    const HOST: &str = "www.pastoe.test";
    const TIMEOUT: Duration = Duration::from_secs(10);

    /// A test CA, written as PEM for `--ca-file`.
    struct Pki {
        issuer: Issuer<'static, KeyPair>,
        ca_der: CertificateDer<'static>,
        ca_file: tempfile::NamedTempFile,
    }

    fn pki() -> Pki {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::default();
        params
            .distinguished_name
            .push(DnType::CommonName, "pastoe test CA");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let cert = params.self_signed(&key).unwrap();
        let ca_file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(ca_file.path(), cert.pem()).unwrap();
        Pki {
            issuer: Issuer::new(params, key),
            ca_der: cert.der().clone(),
            ca_file,
        }
    }

    type Identity = (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>);

    /// A leaf for `names` signed by the CA, sent with the CA certificate after it.
    fn leaf(pki: &Pki, names: &[&str], expired: bool) -> Identity {
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        if expired {
            params.not_before = time::macros::datetime!(2020-01-01 00:00 UTC);
            params.not_after = time::macros::datetime!(2021-01-01 00:00 UTC);
        }
        let cert = params.signed_by(&key, &pki.issuer).unwrap();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        (vec![cert.der().clone(), pki.ca_der.clone()], key)
    }

    fn self_signed(names: &[&str]) -> Identity {
        let key = KeyPair::generate().unwrap();
        let cert = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        (vec![cert.der().clone()], key)
    }

    fn server_builder() -> rustls::ConfigBuilder<rustls::ServerConfig, rustls::WantsVerifier> {
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
    }

    fn server_config((chain, key): Identity) -> rustls::ServerConfig {
        server_builder()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap()
    }

    #[derive(Clone, Copy, PartialEq)]
    enum EarlyAnswer {
        Ok,
        TooEarly,
    }

    /// An HTTPS server on 127.0.0.1 answering every request with 200, or with 425 when the
    /// request came as early data and `early` says so. Counts connections.
    async fn serve(
        config: rustls::ServerConfig,
        early: EarlyAnswer,
    ) -> (SocketAddr, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let connections = Arc::new(AtomicUsize::new(0));
        let count = connections.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(socket).await else {
                        return;
                    };
                    let mut head = Vec::new();
                    if let Some(mut data) = tls.get_mut().1.early_data() {
                        data.read_to_end(&mut head).unwrap();
                    }
                    let came_early = !head.is_empty();
                    let mut buf = [0u8; 1024];
                    while !head.ends_with(b"\r\n\r\n") {
                        match tls.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let status = if came_early && early == EarlyAnswer::TooEarly {
                        "425 Too Early"
                    } else {
                        "200 OK"
                    };
                    let answer = format!(
                        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                    let _ = tls.write_all(answer.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        (addr, connections)
    }

    async fn observe_at(
        setup: &HandshakeSetup,
        addr: SocketAddr,
        name: &str,
    ) -> Result<ChainFacts, HandshakeError> {
        let stream = TcpStream::connect(addr).await.unwrap();
        observe(setup, stream, name, TIMEOUT)
            .await
            .map(|(facts, _)| facts)
    }

    #[tokio::test]
    async fn trusted_chain_recorded_leaf_first() {
        let pki = pki();
        let (addr, _) = serve(server_config(leaf(&pki, &[HOST], false)), EarlyAnswer::Ok).await;
        let setup = HandshakeSetup::new(Some(pki.ca_file.path())).unwrap();
        let facts = observe_at(&setup, addr, HOST).await.unwrap();
        assert_eq!(facts.version, "TLSv1.3");
        assert!(
            facts.cipher_suite.starts_with("TLS_AES_")
                || facts.cipher_suite.starts_with("TLS_CHACHA20")
        );
        assert_eq!(facts.group.as_deref(), Some("X25519MLKEM768"));
        assert!(facts.trusted, "{:?}", facts.trust_error);
        assert_eq!(facts.trust_error, None);
        assert_eq!(facts.trust_error_kind, None);
        assert!(facts.name_matches);
        assert_eq!(facts.certificates.len(), 2);
        assert_eq!(facts.certificates[0].dns_names, [HOST]);
        assert!(!facts.certificates[0].is_ca);
        assert!(facts.certificates[1].is_ca);
        assert_eq!(facts.certificates[1].subject, "CN=pastoe test CA");
        assert!(!facts.ocsp_stapled);
        assert_eq!(facts.ocsp, None);
        let json = serde_json::to_value(&facts).unwrap();
        assert_eq!(serde_json::from_value::<ChainFacts>(json).unwrap(), facts);
    }

    #[tokio::test]
    async fn tls12_server() {
        let pki = pki();
        let (chain, key) = leaf(&pki, &[HOST], false);
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_protocol_versions(&[&rustls::version::TLS12])
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
        let (addr, _) = serve(config, EarlyAnswer::Ok).await;
        let setup = HandshakeSetup::new(Some(pki.ca_file.path())).unwrap();
        let facts = observe_at(&setup, addr, HOST).await.unwrap();
        assert_eq!(facts.version, "TLSv1.2");
        assert!(
            facts.cipher_suite.starts_with("TLS_ECDHE_"),
            "{}",
            facts.cipher_suite
        );
        assert_eq!(facts.group.as_deref(), Some("x25519"));
        assert!(facts.trusted);
    }

    #[tokio::test]
    async fn unknown_issuer_without_the_ca_file() {
        let pki = pki();
        let (addr, _) = serve(server_config(leaf(&pki, &[HOST], false)), EarlyAnswer::Ok).await;
        let setup = HandshakeSetup::new(None).unwrap();
        let facts = observe_at(&setup, addr, HOST).await.unwrap();
        assert!(!facts.trusted);
        assert_eq!(facts.trust_error_kind, Some(TrustErrorKind::UnknownIssuer));
        assert!(facts.trust_error.is_some());
        assert!(facts.name_matches);
        assert_eq!(facts.certificates.len(), 2);
    }

    #[tokio::test]
    async fn self_signed_leaf() {
        let (addr, _) = serve(server_config(self_signed(&[HOST])), EarlyAnswer::Ok).await;
        let setup = HandshakeSetup::new(None).unwrap();
        let facts = observe_at(&setup, addr, HOST).await.unwrap();
        assert!(!facts.trusted);
        assert_eq!(facts.trust_error_kind, Some(TrustErrorKind::SelfSigned));
        assert!(facts.certificates[0].self_issued);
    }

    #[tokio::test]
    async fn expired_leaf() {
        let pki = pki();
        let (addr, _) = serve(server_config(leaf(&pki, &[HOST], true)), EarlyAnswer::Ok).await;
        let setup = HandshakeSetup::new(Some(pki.ca_file.path())).unwrap();
        let facts = observe_at(&setup, addr, HOST).await.unwrap();
        assert!(!facts.trusted);
        assert_eq!(facts.trust_error_kind, Some(TrustErrorKind::Expired));
        assert_eq!(facts.certificates[0].not_after, "2021-01-01T00:00:00Z");
    }

    #[tokio::test]
    async fn name_mismatch_is_separate_from_trust() {
        let pki = pki();
        let (addr, _) = serve(server_config(leaf(&pki, &[HOST], false)), EarlyAnswer::Ok).await;
        let setup = HandshakeSetup::new(Some(pki.ca_file.path())).unwrap();
        let facts = observe_at(&setup, addr, "other.pastoe.test").await.unwrap();
        assert!(facts.trusted);
        assert!(!facts.name_matches);
        assert_eq!(facts.trust_error_kind, Some(TrustErrorKind::NameMismatch));
    }

    #[tokio::test]
    async fn stapled_ocsp_response() {
        let pki = pki();
        let (chain, key) = leaf(&pki, &[HOST], false);
        let staple = ocsp_response(tlv(0x80, &[]), true);
        let config = server_builder()
            .with_no_client_auth()
            .with_single_cert_with_ocsp(chain, key, staple.clone())
            .unwrap();
        let (addr, _) = serve(config, EarlyAnswer::Ok).await;
        let setup = HandshakeSetup::new(Some(pki.ca_file.path())).unwrap();
        let facts = observe_at(&setup, addr, HOST).await.unwrap();
        assert!(facts.ocsp_stapled);
        let ocsp = facts.ocsp.unwrap();
        assert_eq!(ocsp.bytes, staple.len());
        assert_eq!(ocsp.status, "good");
        assert_eq!(ocsp.this_update.as_deref(), Some("2026-11-01T00:00:00Z"));
    }

    #[tokio::test]
    async fn stalled_server_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let setup = HandshakeSetup::new(None).unwrap();
        let stream = TcpStream::connect(addr).await.unwrap();
        let started = Instant::now();
        let limit = Duration::from_millis(300);
        let err = observe(&setup, stream, HOST, limit).await.unwrap_err();
        assert_eq!(err, HandshakeError::Timeout(limit));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn garbage_is_a_tls_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            if let Ok((mut socket, _)) = listener.accept().await {
                let _ = socket
                    .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                    .await;
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        });
        let setup = HandshakeSetup::new(None).unwrap();
        let stream = TcpStream::connect(addr).await.unwrap();
        let err = observe(&setup, stream, HOST, TIMEOUT).await.unwrap_err();
        assert!(matches!(err, HandshakeError::Tls(_)), "{err:?}");
    }

    #[tokio::test]
    async fn alert_is_named() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            if let Ok((mut socket, _)) = listener.accept().await {
                let mut hello = [0u8; 5];
                let _ = socket.read_exact(&mut hello).await;
                // Alert record: fatal (2) handshake_failure (40).
                let _ = socket
                    .write_all(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])
                    .await;
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        });
        let setup = HandshakeSetup::new(None).unwrap();
        let stream = TcpStream::connect(addr).await.unwrap();
        let err = observe(&setup, stream, HOST, TIMEOUT).await.unwrap_err();
        assert_eq!(
            err,
            HandshakeError::Tls("received fatal alert handshake_failure".into())
        );
    }

    #[tokio::test]
    async fn invalid_server_name() {
        let setup = HandshakeSetup::new(None).unwrap();
        let (client, _server) = tokio::io::duplex(64);
        let err = observe(&setup, client, "not a name!", TIMEOUT)
            .await
            .unwrap_err();
        assert_eq!(err, HandshakeError::InvalidName("not a name!".into()));
    }

    fn zero_rtt_config(pki: &Pki, max_early_data_size: u32) -> rustls::ServerConfig {
        let mut config = server_config(leaf(pki, &[HOST], false));
        config.max_early_data_size = max_early_data_size;
        config.send_tls13_tickets = 2;
        config
    }

    async fn probe(setup: &HandshakeSetup, addr: SocketAddr) -> ZeroRttFacts {
        zero_rtt(setup, || TcpStream::connect(addr), HOST, HOST, TIMEOUT).await
    }

    #[tokio::test]
    async fn zero_rtt_accepted_and_answered() {
        let pki = pki();
        let (addr, connections) = serve(zero_rtt_config(&pki, 16384), EarlyAnswer::Ok).await;
        let setup = HandshakeSetup::new(None).unwrap();
        let facts = probe(&setup, addr).await;
        assert_eq!(
            facts,
            ZeroRttFacts {
                max_early_data_size: Some(16384),
                early_data_offered: true,
                early_data_sent: true,
                early_data_accepted: true,
                resumed: true,
                http_status: Some(200),
                error: None,
            }
        );
        assert_eq!(connections.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn zero_rtt_accepted_but_too_early() {
        let pki = pki();
        let (addr, _) = serve(zero_rtt_config(&pki, 16384), EarlyAnswer::TooEarly).await;
        let setup = HandshakeSetup::new(None).unwrap();
        let facts = probe(&setup, addr).await;
        assert!(facts.early_data_offered && facts.early_data_sent && facts.early_data_accepted);
        assert_eq!(facts.http_status, Some(425));
        assert_eq!(facts.error, None);
    }

    #[tokio::test]
    async fn zero_rtt_not_offered() {
        let pki = pki();
        let (addr, connections) = serve(zero_rtt_config(&pki, 0), EarlyAnswer::Ok).await;
        let setup = HandshakeSetup::new(None).unwrap();
        let facts = probe(&setup, addr).await;
        assert_eq!(facts.max_early_data_size, Some(0));
        assert!(!facts.early_data_offered);
        assert!(!facts.early_data_sent);
        assert_eq!(facts.http_status, None);
        assert_eq!(facts.error, None);
        assert_eq!(connections.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn zero_rtt_failures_are_facts() {
        let setup = HandshakeSetup::new(None).unwrap();
        let refused =
            || async { Err::<TcpStream, _>(io::Error::from(io::ErrorKind::ConnectionRefused)) };
        let facts = zero_rtt(&setup, refused, HOST, HOST, TIMEOUT).await;
        assert!(facts.error.unwrap().starts_with("first connection: I/O"));
        let facts = zero_rtt(&setup, refused, HOST, "evil\r\nX-Injected: 1", TIMEOUT).await;
        assert!(facts.error.unwrap().contains("Host header"));
    }

    /// An OCSPResponse with one SingleResponse carrying `cert_status`.
    fn ocsp_response(cert_status: Vec<u8>, with_next_update: bool) -> Vec<u8> {
        let time = |s: &str| tlv(0x18, s.as_bytes());
        let sha1 = seq(&[oid("1.3.14.3.2.26"), tlv(0x05, &[])]);
        let cert_id = seq(&[
            sha1,
            tlv(0x04, &[1; 20]),
            tlv(0x04, &[2; 20]),
            tlv(0x02, &[5]),
        ]);
        let mut single = vec![cert_id, cert_status, time("20261101000000Z")];
        if with_next_update {
            single.push(tlv(0xa0, &time("20261108000000Z")));
        }
        let tbs = seq(&[
            tlv(0xa2, &tlv(0x04, &[3; 20])),
            time("20261101120000Z"),
            seq(&[seq(&single)]),
        ]);
        let basic = seq(&[
            tbs,
            seq(&[oid("1.2.840.113549.1.1.11"), tlv(0x05, &[])]),
            tlv(0x03, &[0, 1, 2, 3]),
        ]);
        seq(&[
            tlv(0x0a, &[0]),
            tlv(
                0xa0,
                &seq(&[oid("1.3.6.1.5.5.7.48.1.1"), tlv(0x04, &basic)]),
            ),
        ])
    }

    #[test]
    fn ocsp_statuses() {
        let good = parse_ocsp(&ocsp_response(tlv(0x80, &[]), true));
        assert_eq!(
            good,
            OcspStaple {
                bytes: ocsp_response(tlv(0x80, &[]), true).len(),
                response_status: Some("successful".into()),
                status: "good".into(),
                produced_at: Some("2026-11-01T12:00:00Z".into()),
                this_update: Some("2026-11-01T00:00:00Z".into()),
                next_update: Some("2026-11-08T00:00:00Z".into()),
            }
        );
        let revoked = parse_ocsp(&ocsp_response(
            tlv(0xa1, &tlv(0x18, b"20261015000000Z")),
            false,
        ));
        assert_eq!(revoked.status, "revoked");
        assert_eq!(revoked.next_update, None);
        assert_eq!(
            parse_ocsp(&ocsp_response(tlv(0x82, &[]), false)).status,
            "unknown"
        );

        let try_later = parse_ocsp(&seq(&[tlv(0x0a, &[3])]));
        assert_eq!(try_later.response_status.as_deref(), Some("tryLater"));
        assert_eq!(try_later.status, "unparsed");

        let junk = parse_ocsp(b"\x30\x03junk");
        assert_eq!(junk.response_status, None);
        assert_eq!(junk.status, "unparsed");
        assert_eq!(junk.bytes, 6);
    }

    #[test]
    fn status_lines() {
        assert_eq!(status_code(b"HTTP/1.1 425 Too Early\r\n\r\n"), Some(425));
        assert_eq!(status_code(b"HTTP/1.0 200\r\n"), Some(200));
        assert_eq!(status_code(b"HTTP/1.1 20 OK\r\n"), None);
        assert_eq!(status_code(b"SSH-2.0-OpenSSH\r\n"), None);
        assert_eq!(status_code(b""), None);
    }

    proptest! {
        #[test]
        fn parse_ocsp_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let staple = parse_ocsp(&bytes);
            prop_assert_eq!(staple.bytes, bytes.len());
        }

        #[test]
        fn parse_ocsp_never_panics_on_mutations(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        ) {
            let mut der = ocsp_response(tlv(0x80, &[]), true);
            for (at, byte) in edits {
                let i = at.index(der.len());
                der[i] = byte;
            }
            let _ = parse_ocsp(&der);
        }
    }
}
