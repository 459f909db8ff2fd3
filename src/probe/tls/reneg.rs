//! Client-initiated renegotiation (NCSC 2025-05 §3.4.2; internet.nl's `client_reneg`):
//! complete one TLS 1.2 handshake, then send new ClientHellos inside the protected
//! connection (RFC 5246 §7.4.1.2, RFC 5746 §3.5) and count how many the server completes,
//! up to [`RENEGOTIATION_LIMIT`].
//!
//! No TLS library lets a client renegotiate at will (rustls does not renegotiate at all),
//! so pastoe drives the handshake itself: its own ClientHello
//! ([`ClientHelloSpec::tls12_complete`]), the flight parser for the server's answer, and
//! the key schedule and AES-GCM records of [`crate::wire::tls::tls12`]. Only what the
//! count needs is implemented: ECDHE on x25519 / P-256 / P-384 with the four ECDHE AES-GCM
//! suites (RSA and ECDSA certificates). The certificate and the key-exchange signature are
//! not verified; Finished is, both ways, so a count is only ever of completed handshakes.
//!
//! A hostile server costs at most the timeout: one deadline covers the whole connection,
//! every read is of one record of at most 2^14 + 2048 bytes, each handshake's transcript
//! holds at most what the flight parser accepts of a flight, and the records of the whole
//! measurement are capped.

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;

use crate::facts::{ClientRenegFacts, ErrorKind, ProbeError, RefusalKind};
use crate::wire::tls::client_hello::ClientHelloSpec;
use crate::wire::tls::iana::{
    AlertDescription, AlertLevel, CipherSuite, ContentType, HandshakeType, NamedGroup,
    ProtocolVersion,
};
use crate::wire::tls::key_share::EcdhKey;
use crate::wire::tls::server_flight::{self, FlightParser, Limits, Progress, ServerKeyExchange};
use crate::wire::tls::tls12::{
    self, GcmSuite, MasterSecretSeed, RecordOpener, RecordSealer, Sender, VERIFY_DATA_LEN,
};

/// Renegotiations attempted at most: internet.nl's limit of 10 plus one, so that a server
/// allowing more than 10 is seen (`SCAN_RENEGOTIATION_LIMIT` in its `evaluation.py`).
pub const RENEGOTIATION_LIMIT: u32 = 11;

/// The suites pastoe can complete, widely supported, for RSA and ECDSA certificates.
pub const SUITES: &[CipherSuite] = &[
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
];

/// The curves pastoe offers for the ECDHE of those suites.
pub const GROUPS: &[NamedGroup] = &[
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
];

/// Records read over the whole measurement (twelve handshakes take a few dozen).
const MAX_RECORDS: usize = 1000;

/// Why a handshake did not complete.
#[derive(Debug)]
enum Stop {
    /// An alert from the server (fatal, close_notify, or a warning no_renegotiation).
    Alert(AlertDescription),
    /// The server closed the connection.
    Closed(Option<String>),
    /// The server said nothing until the deadline.
    Silent,
    /// Something pastoe cannot go on with: not TLS, a record that does not decrypt, an
    /// answer it did not ask for, a Finished that does not verify.
    Broken(String),
}

impl Stop {
    fn describe(&self, timeout: Duration) -> String {
        match self {
            Stop::Alert(d) => format!("alert {d}"),
            Stop::Closed(None) => "connection closed".to_string(),
            Stop::Closed(Some(e)) => format!("connection closed ({e})"),
            Stop::Silent => format!("no answer within {} s", timeout.as_secs_f32()),
            Stop::Broken(e) => e.clone(),
        }
    }

    fn kind(&self) -> RefusalKind {
        match self {
            Stop::Alert(_) => RefusalKind::Alert,
            Stop::Closed(_) => RefusalKind::Closed,
            Stop::Silent => RefusalKind::Silent,
            Stop::Broken(_) => RefusalKind::Broken,
        }
    }

    /// The error of the facts when the initial handshake stopped.
    fn error_kind(&self) -> ErrorKind {
        match self.kind() {
            RefusalKind::Alert => ErrorKind::TlsHandshake,
            RefusalKind::Closed => ErrorKind::ConnectionClosed,
            RefusalKind::Silent => ErrorKind::Timeout,
            RefusalKind::Broken => ErrorKind::Protocol,
        }
    }
}

fn broken(what: impl std::fmt::Display) -> Stop {
    Stop::Broken(what.to_string())
}

/// Appends `message` to the handshake transcript, which may hold no more than the flight
/// parser accepts of a whole server flight.
fn extend_transcript(transcript: &mut Vec<u8>, message: &[u8]) -> Result<(), Stop> {
    let limit = Limits::default().max_total_bytes;
    if transcript.len() + message.len() > limit {
        return Err(broken(format!(
            "the handshake messages exceed {limit} bytes"
        )));
    }
    transcript.extend_from_slice(message);
    Ok(())
}

/// One connection: the socket, bytes read but not yet a whole record, the current
/// protection in each direction and the deadline of the whole measurement.
struct Connection<S> {
    stream: S,
    buf: Vec<u8>,
    sealer: Option<RecordSealer>,
    opener: Option<RecordOpener>,
    deadline: Instant,
    records: usize,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Connection<S> {
    /// Sends `messages` as one write: each a record under the current protection
    /// (`version` goes in the header of plaintext records only).
    async fn send(
        &mut self,
        version: ProtocolVersion,
        messages: &[(ContentType, &[u8])],
    ) -> Result<(), Stop> {
        let mut bytes = Vec::new();
        for (typ, plaintext) in messages {
            match &mut self.sealer {
                Some(sealer) => bytes.extend(sealer.seal(*typ, plaintext).map_err(broken)?),
                None => {
                    bytes.extend(tls12::plaintext_record(*typ, version, plaintext).map_err(broken)?)
                }
            }
        }
        match tokio::time::timeout_at(self.deadline, self.stream.write_all(&bytes)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(Stop::Closed(Some(e.to_string()))),
            Err(_) => Err(Stop::Silent),
        }
    }

    /// The next record, its protection removed.
    async fn record(&mut self) -> Result<(ContentType, Vec<u8>), Stop> {
        loop {
            let header = server_flight::record_header(&self.buf, self.records == 0)
                .map_err(|e| broken(format!("not a valid TLS record: {e}")))?;
            if let Some((typ, version, len)) = header
                && self.buf.len() >= 5 + len
            {
                let fragment: Vec<u8> = self.buf.drain(..5 + len).skip(5).collect();
                self.records += 1;
                if self.records > MAX_RECORDS {
                    return Err(broken(format!("more than {MAX_RECORDS} records")));
                }
                let plaintext = match &mut self.opener {
                    Some(opener) => opener.open(typ, version, &fragment).map_err(broken)?,
                    None => fragment,
                };
                return Ok((typ, plaintext));
            }
            let mut chunk = [0u8; 8192];
            // Never more than one maximal record plus one chunk is held.
            match tokio::time::timeout_at(self.deadline, self.stream.read(&mut chunk)).await {
                Err(_) => return Err(Stop::Silent),
                Ok(Ok(0)) => return Err(Stop::Closed(None)),
                Ok(Err(e)) => return Err(Stop::Closed(Some(e.to_string()))),
                Ok(Ok(n)) => self.buf.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

/// What one completed handshake leaves for the next (RFC 5746 §3.1).
struct Completed {
    client_verify_data: [u8; VERIFY_DATA_LEN],
    server_verify_data: [u8; VERIFY_DATA_LEN],
    suite: CipherSuite,
    group: NamedGroup,
    /// The server echoed `renegotiation_info` (RFC 5746).
    secure: bool,
}

/// One full handshake: the initial one (`previous` = `None`, in plaintext) or a
/// renegotiation inside the protection of the previous one.
async fn handshake<S: AsyncRead + AsyncWrite + Unpin>(
    conn: &mut Connection<S>,
    sni: Option<&str>,
    previous: Option<&Completed>,
) -> Result<Completed, Stop> {
    let renegotiated_connection = match previous {
        None => Some(Vec::new()),
        Some(p) if p.secure => Some(p.client_verify_data.to_vec()),
        // A server without RFC 5746 gets a legacy renegotiation, as sslyze sends it.
        Some(_) => None,
    };
    let spec = ClientHelloSpec::tls12_complete(
        SUITES.to_vec(),
        GROUPS.to_vec(),
        sni,
        renegotiated_connection,
    );
    let hello = spec.encode_handshake().map_err(broken)?;
    conn.send(
        spec.record_version,
        &[(ContentType::HANDSHAKE, hello.as_slice())],
    )
    .await?;
    let mut transcript = hello;

    // The server's flight, up to ServerHelloDone, through the flight parser (fed the
    // records as plaintext), which also bounds its size.
    let mut parser = FlightParser::new();
    let flight = loop {
        let (typ, plaintext) = conn.record().await?;
        match typ {
            ContentType::HANDSHAKE => extend_transcript(&mut transcript, &plaintext)?,
            ContentType::ALERT => {}
            // Application data the server had in flight before it saw the new hello.
            ContentType::APPLICATION_DATA if previous.is_some() => continue,
            other => {
                return Err(broken(format!(
                    "unexpected {other} record in the handshake"
                )));
            }
        }
        let record =
            tls12::plaintext_record(typ, ProtocolVersion::TLSV1_2, &plaintext).map_err(broken)?;
        match parser.feed(&record) {
            Progress::Complete(flight) => break flight,
            Progress::Failed(e) => return Err(broken(format!("not a valid TLS answer: {e}"))),
            Progress::NeedMore => {
                // The usual refusal: a warning that leaves the connection as it was.
                if let Some(alert) = parser
                    .flight()
                    .warning_alerts
                    .iter()
                    .find(|a| a.description == AlertDescription::NO_RENEGOTIATION)
                {
                    return Err(Stop::Alert(alert.description));
                }
            }
        }
    };
    if let Some(alert) = &flight.alert {
        return Err(Stop::Alert(alert.description));
    }
    let hello = flight
        .server_hello
        .as_ref()
        .ok_or_else(|| broken("no ServerHello"))?;
    if hello.version() != ProtocolVersion::TLSV1_2 {
        return Err(broken(format!(
            "the server answered with {}",
            hello.version()
        )));
    }
    if !SUITES.contains(&hello.cipher_suite) {
        return Err(broken(format!(
            "the server chose {}, which was not offered",
            hello.cipher_suite
        )));
    }
    let suite = GcmSuite::of(hello.cipher_suite).map_err(broken)?;
    if !flight.done {
        return Err(broken(
            "the server's flight did not end with ServerHelloDone",
        ));
    }
    let (group, point) = match &flight.key_exchange {
        Some(ServerKeyExchange::Ecdhe(p)) => match p.named_group {
            Some(g) if GROUPS.contains(&g) => (g, p.point.as_slice()),
            other => return Err(broken(format!("the server used curve {other:?}"))),
        },
        _ => return Err(broken("no ECDHE ServerKeyExchange")),
    };
    let secure = match previous {
        None => hello.renegotiation_info.as_deref() == Some(&[][..]),
        Some(p) if p.secure => {
            let expected = [p.client_verify_data, p.server_verify_data].concat();
            if hello.renegotiation_info.as_deref() != Some(expected.as_slice()) {
                return Err(broken(
                    "renegotiation_info of the ServerHello does not match (RFC 5746 §3.5)",
                ));
            }
            true
        }
        Some(_) => false,
    };

    let key = EcdhKey::generate(group).map_err(broken)?;
    let pre_master_secret = key.agree(point).map_err(broken)?;
    let mut messages: Vec<Vec<u8>> = Vec::new();
    if flight.certificate_request {
        messages.push(tls12::empty_certificate());
    }
    messages.push(tls12::client_key_exchange_ecdhe(key.public()));
    for m in &messages {
        extend_transcript(&mut transcript, m)?;
    }
    let prf = suite.prf;
    let session_hash;
    let seed = if hello.extended_master_secret {
        session_hash = prf.hash(&transcript);
        MasterSecretSeed::SessionHash(&session_hash)
    } else {
        MasterSecretSeed::Randoms {
            client_random: &spec.random,
            server_random: &hello.random,
        }
    };
    let master = tls12::master_secret(prf, &pre_master_secret, seed);
    let (sealer, opener) = suite
        .client_keys(&master, &spec.random, &hello.random)
        .map_err(broken)?;
    let mut records: Vec<(ContentType, &[u8])> = messages
        .iter()
        .map(|m| (ContentType::HANDSHAKE, m.as_slice()))
        .collect();
    records.push((ContentType::CHANGE_CIPHER_SPEC, &tls12::CHANGE_CIPHER_SPEC));
    conn.send(ProtocolVersion::TLSV1_2, &records).await?;
    conn.sealer = Some(sealer);
    let client_verify_data =
        tls12::verify_data(prf, &master, Sender::Client, &prf.hash(&transcript));
    let finished = tls12::finished(&client_verify_data);
    extend_transcript(&mut transcript, &finished)?;
    conn.send(
        ProtocolVersion::TLSV1_2,
        &[(ContentType::HANDSHAKE, finished.as_slice())],
    )
    .await?;

    // The server's ChangeCipherSpec and Finished.
    let mut opener = Some(opener);
    loop {
        let (typ, plaintext) = conn.record().await?;
        match typ {
            ContentType::CHANGE_CIPHER_SPEC if plaintext == tls12::CHANGE_CIPHER_SPEC => {
                conn.opener = Some(
                    opener
                        .take()
                        .ok_or_else(|| broken("a second ChangeCipherSpec"))?,
                );
            }
            ContentType::HANDSHAKE if opener.is_none() => {
                let got = tls12::finished_verify_data(&plaintext)
                    .ok_or_else(|| broken("expected the server's Finished"))?;
                let expected =
                    tls12::verify_data(prf, &master, Sender::Server, &prf.hash(&transcript));
                if got != expected {
                    return Err(broken("the server's Finished does not verify"));
                }
                return Ok(Completed {
                    client_verify_data,
                    server_verify_data: got,
                    suite: hello.cipher_suite,
                    group,
                    secure,
                });
            }
            // The only message a server may send here is a NewSessionTicket, and only to
            // a client that offered session_ticket, which pastoe does not (RFC 5077 §3.3).
            ContentType::HANDSHAKE => {
                return Err(broken(format!(
                    "a handshake message ({}) before the server's ChangeCipherSpec, where \
                     none is allowed (no session ticket was offered, RFC 5077 §3.3)",
                    plaintext
                        .first()
                        .map_or(String::from("empty"), |&t| HandshakeType(t).to_string())
                )));
            }
            ContentType::ALERT => match plaintext.as_slice() {
                [level, description]
                    if AlertLevel(*level) == AlertLevel::WARNING
                        && AlertDescription(*description) != AlertDescription::CLOSE_NOTIFY =>
                {
                    continue;
                }
                [_, description] => return Err(Stop::Alert(AlertDescription(*description))),
                _ => return Err(broken("a malformed alert")),
            },
            ContentType::APPLICATION_DATA => continue,
            other => return Err(broken(format!("unexpected {other} record"))),
        }
    }
}

/// The facts before anything was tried.
fn untried() -> ClientRenegFacts {
    ClientRenegFacts {
        completed: 0,
        attempted: 0,
        limit: RENEGOTIATION_LIMIT,
        refusal: None,
        refusal_kind: None,
        cipher_suite: None,
        group: None,
        secure: false,
        error: None,
    }
}

/// The facts when nothing could be measured (no connection, no initial handshake).
pub fn unmeasured(error: ProbeError) -> ClientRenegFacts {
    ClientRenegFacts {
        error: Some(error),
        ..untried()
    }
}

/// Measures client-initiated renegotiation on `stream`, a fresh connection ready for a
/// ClientHello, within `timeout` for everything. Never fails: an initial handshake that
/// cannot be completed is the `error` of the facts.
pub async fn measure<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    sni: Option<&str>,
    timeout: Duration,
) -> ClientRenegFacts {
    let mut conn = Connection {
        stream,
        buf: Vec::new(),
        sealer: None,
        opener: None,
        deadline: Instant::now() + timeout,
        records: 0,
    };
    let mut current = match handshake(&mut conn, sni, None).await {
        Ok(c) => c,
        Err(stop) => {
            return unmeasured(ProbeError::new(
                stop.error_kind(),
                format!(
                    "no TLS 1.2 handshake with ECDHE and AES-GCM could be completed: {}",
                    stop.describe(timeout)
                ),
            ));
        }
    };
    let mut facts = ClientRenegFacts {
        cipher_suite: Some(current.suite),
        group: Some(current.group),
        secure: current.secure,
        ..untried()
    };
    while facts.attempted < RENEGOTIATION_LIMIT {
        facts.attempted += 1;
        match handshake(&mut conn, sni, Some(&current)).await {
            Ok(next) => {
                facts.completed += 1;
                current = next;
            }
            Err(stop) => {
                facts.refusal = Some(stop.describe(timeout));
                facts.refusal_kind = Some(stop.kind());
                break;
            }
        }
    }
    // Close politely; the server's answer does not matter.
    let _ = conn
        .send(
            ProtocolVersion::TLSV1_2,
            &[(
                ContentType::ALERT,
                &[AlertLevel::WARNING.0, AlertDescription::CLOSE_NOTIFY.0],
            )],
        )
        .await;
    facts
}

#[cfg(test)]
mod tests {
    //! Against rustls as the server: an independent TLS 1.2 implementation that checks
    //! pastoe's key schedule and records (it completes the initial handshake only if the
    //! Finished and every record are right) and refuses every renegotiation with a
    //! warning no_renegotiation alert.

    use super::*;
    use std::sync::Arc;

    use rcgen::{CertificateParams, KeyPair};
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    use tokio::net::TcpStream;

    const HOST: &str = "reneg.pastoe.test";

    /// A TLS 1.2-only rustls server on 127.0.0.1 with a key of `alg` and only `suite`,
    /// on threads of its own, writing whatever rustls has to say after every read (the
    /// refusal of a renegotiation comes while the server only reads).
    fn rustls_server(
        alg: &'static rcgen::SignatureAlgorithm,
        suite: rustls::SupportedCipherSuite,
    ) -> std::net::SocketAddr {
        use std::io::Read;
        let key = KeyPair::generate_for(alg).unwrap();
        let cert = CertificateParams::new(vec![HOST.to_string()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let provider = rustls::crypto::CryptoProvider {
            cipher_suites: vec![suite],
            ..rustls::crypto::aws_lc_rs::default_provider()
        };
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&[&rustls::version::TLS12])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![cert.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .unwrap();
        let config = Arc::new(config);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for mut sock in listener.incoming().flatten() {
                let config = config.clone();
                std::thread::spawn(move || {
                    let mut conn = rustls::ServerConnection::new(config).unwrap();
                    while matches!(conn.read_tls(&mut sock), Ok(n) if n > 0) {
                        let failed = conn.process_new_packets().is_err();
                        while conn.wants_write() && conn.write_tls(&mut sock).is_ok() {}
                        let _ = conn.reader().read_to_end(&mut Vec::new());
                        if failed {
                            break;
                        }
                    }
                });
            }
        });
        addr
    }

    #[tokio::test]
    async fn rustls_completes_the_handshake_and_refuses_renegotiation() {
        use rustls::crypto::aws_lc_rs::cipher_suite as cs;
        for (alg, suite, want) in [
            (
                &rcgen::PKCS_ECDSA_P256_SHA256,
                cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            ),
            (
                &rcgen::PKCS_ECDSA_P384_SHA384,
                cs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            ),
            (
                &rcgen::PKCS_RSA_SHA256,
                cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            ),
        ] {
            let addr = rustls_server(alg, suite);
            let stream = TcpStream::connect(addr).await.unwrap();
            let facts = measure(stream, Some(HOST), Duration::from_secs(5)).await;
            assert_eq!(facts.error, None, "{want}");
            assert_eq!(facts.cipher_suite, Some(want));
            assert_eq!(facts.group, Some(NamedGroup::X25519));
            assert!(facts.secure);
            assert_eq!((facts.completed, facts.attempted), (0, 1));
            assert_eq!(facts.refusal.as_deref(), Some("alert no_renegotiation"));
            assert_eq!(facts.refusal_kind, Some(RefusalKind::Alert));
        }
    }

    /// A proxy in front of `upstream` that passes everything on but puts `inject`, a
    /// plaintext record, before the server's first ChangeCipherSpec.
    fn injecting_proxy(upstream: std::net::SocketAddr, inject: Vec<u8>) -> std::net::SocketAddr {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let server = std::net::TcpStream::connect(upstream).unwrap();
                let (mut from_client, mut to_server) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || std::io::copy(&mut from_client, &mut to_server));
                let (mut from_server, mut to_client) = (server, client);
                let inject = inject.clone();
                std::thread::spawn(move || {
                    let (mut buf, mut chunk, mut injected) = (Vec::new(), [0u8; 8192], false);
                    while let Ok(n @ 1..) = from_server.read(&mut chunk) {
                        buf.extend_from_slice(&chunk[..n]);
                        while buf.len() >= 5 {
                            let len = 5 + usize::from(u16::from_be_bytes([buf[3], buf[4]]));
                            if buf.len() < len {
                                break;
                            }
                            let record: Vec<u8> = buf.drain(..len).collect();
                            if record[0] == ContentType::CHANGE_CIPHER_SPEC.0 && !injected {
                                injected = true;
                                let _ = to_client.write_all(&inject);
                            }
                            let _ = to_client.write_all(&record);
                        }
                    }
                });
            }
        });
        addr
    }

    /// A NewSessionTicket pastoe did not ask for is a broken answer, not part of the
    /// transcript: nothing before the server's ChangeCipherSpec can grow it.
    #[tokio::test]
    async fn a_handshake_message_before_the_change_cipher_spec_is_broken() {
        let server = rustls_server(
            &rcgen::PKCS_ECDSA_P256_SHA256,
            rustls::crypto::aws_lc_rs::cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        );
        let ticket = [
            HandshakeType::NEW_SESSION_TICKET.0,
            0,
            0,
            6,
            0,
            0,
            0,
            0,
            0,
            0,
        ];
        let front = injecting_proxy(
            server,
            tls12::plaintext_record(ContentType::HANDSHAKE, ProtocolVersion::TLSV1_2, &ticket)
                .unwrap(),
        );
        let stream = TcpStream::connect(front).await.unwrap();
        let facts = measure(stream, Some(HOST), Duration::from_secs(5)).await;
        let error = facts.error.unwrap();
        assert_eq!(error.kind, ErrorKind::Protocol);
        assert!(
            error
                .detail
                .contains("new_session_ticket) before the server's ChangeCipherSpec"),
            "{}",
            error.detail
        );
    }

    #[tokio::test]
    async fn a_server_without_our_suites_is_an_error() {
        let addr = rustls_server(
            &rcgen::PKCS_ECDSA_P256_SHA256,
            rustls::crypto::aws_lc_rs::cipher_suite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        );
        let stream = TcpStream::connect(addr).await.unwrap();
        let facts = measure(stream, Some(HOST), Duration::from_secs(5)).await;
        let error = facts.error.unwrap();
        assert_eq!(error.kind, ErrorKind::TlsHandshake);
        assert!(
            error.detail.ends_with("alert handshake_failure"),
            "{}",
            error.detail
        );
        assert_eq!(facts.attempted, 0);
    }
}
