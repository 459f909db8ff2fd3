//! SMTP and STARTTLS against the mail fixtures (fixtures/mail/hosts.tsv, 127.0.25.x:25):
//! postfix servers with good, legacy and expired TLS or none, and odd.py's hostile ones.
//! Needs `fixtures/mail/up`.

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use pastoe::facts::TrustErrorKind;
use pastoe::facts::{ErrorKind, TlsEndpointFacts, TlsTransportKind};
use pastoe::probe::net::smtp::{RetryPolicy, SmtpStarttlsTransport, smtp_conversation};
use pastoe::probe::net::transport::Transport;
use pastoe::probe::tls::engine::{EngineConfig, FullHandshake, enumerate};
use pastoe::probe::tls::handshake::HandshakeSetup;
use pastoe::wire::tls::iana::{NamedGroup, ProtocolVersion};
use support::fixture_env;

const TIMEOUT: Duration = Duration::from_secs(3);
const EHLO_NAME: &str = "scanner.pastoe.test";

fn mx(last_octet: u8) -> SocketAddr {
    SocketAddr::from(([127, 0, 25, last_octet], 25))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().expect("runtime")
}

fn setup() -> &'static HandshakeSetup {
    static SETUP: OnceLock<HandshakeSetup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let ca = PathBuf::from(fixture_env("mail", "PASTOE_MAIL_CA_FILE"));
        HandshakeSetup::new(Some(&ca)).expect("handshake setup")
    })
}

fn transport(last_octet: u8) -> SmtpStarttlsTransport {
    SmtpStarttlsTransport {
        addr: mx(last_octet),
        ehlo_name: EHLO_NAME.into(),
    }
}

/// The mail engine with a full handshake (no 0-RTT: not tested over SMTP).
fn enumerate_mail(last_octet: u8, host: &str) -> (TlsEndpointFacts, Duration) {
    let started = Instant::now();
    let facts = runtime().block_on(enumerate(
        &transport(last_octet),
        host,
        EngineConfig::mail(TIMEOUT),
        Some(FullHandshake {
            setup: setup(),
            zero_rtt_http_host: None,
        }),
    ));
    (facts, started.elapsed())
}

fn connect_error(last_octet: u8) -> (ErrorKind, String, Duration) {
    let started = Instant::now();
    let result = runtime().block_on(transport(last_octet).connect(TIMEOUT));
    let error = result.expect_err("the STARTTLS transport should fail here");
    (error.kind, error.detail, started.elapsed())
}

fn supported(facts: &TlsEndpointFacts) -> Vec<ProtocolVersion> {
    facts.supported_versions().collect()
}

#[test]
fn good_server_offers_starttls() {
    let _turn = support::in_process();
    let facts = runtime().block_on(smtp_conversation(
        mx(1),
        EHLO_NAME,
        TIMEOUT,
        RetryPolicy::default(),
    ));
    assert_eq!(facts.error, None);
    assert_eq!(facts.attempts, 1);
    let banner = facts.banner.as_ref().expect("banner");
    assert_eq!(banner.code, 220);
    assert_eq!(banner.lines, ["mx.proefnet.nl ESMTP"]);
    assert_eq!(facts.ehlo.as_ref().map(|r| r.code), Some(250));
    assert!(facts.starttls_offered);
    assert!(
        facts.extensions.iter().any(|k| k == "PIPELINING"),
        "{facts:?}"
    );
}

#[test]
fn good_server_enumerates_over_starttls() {
    let _turn = support::in_process();
    let (facts, elapsed) = enumerate_mail(1, "mx.proefnet.nl");
    assert_eq!(facts.error, None, "{facts:#?}");
    assert_eq!(facts.incomplete, None);
    assert_eq!(facts.transport, TlsTransportKind::SmtpStarttls);
    assert_eq!(
        supported(&facts),
        [ProtocolVersion::TLSV1_2, ProtocolVersion::TLSV1_3]
    );
    for version in [ProtocolVersion::TLSV1_2, ProtocolVersion::TLSV1_3] {
        let suites = facts.suites.iter().find(|s| s.version == version);
        assert!(
            suites.is_some_and(|s| !s.accepted.is_empty()),
            "{version}: {facts:#?}"
        );
    }
    let chain = facts.chain.as_ref().expect("chain");
    assert!(chain.trusted && chain.name_matches, "{chain:#?}");
    assert_eq!(chain.certificates.len(), 2);
    // mail: the hybrid plus what the preference probes found, not every group
    let kx = &facts.key_exchange;
    let probed: Vec<NamedGroup> = kx.tls13_groups.iter().map(|g| g.group).collect();
    assert_eq!(probed.first(), Some(&NamedGroup::X25519_MLKEM768));
    assert!(probed.len() <= 3, "{probed:?}");
    assert!(
        kx.tls13_supported().any(|g| g == NamedGroup::X25519),
        "{kx:#?}"
    );
    assert!(kx.pq_preference.is_some() && kx.pq_retry.is_some());
    assert!(facts.zero_rtt.is_none());
    eprintln!(
        "mx.proefnet.nl: {} connections, {} ms (measured {elapsed:?})",
        facts.connections, facts.elapsed_ms
    );
}

#[test]
fn legacy_server_shows_tls10_and_tls11_only() {
    let _turn = support::in_process();
    let (facts, _) = enumerate_mail(2, "mx.oudeland.nl");
    assert_eq!(facts.error, None, "{facts:#?}");
    assert_eq!(
        supported(&facts),
        [ProtocolVersion::TLSV1_0, ProtocolVersion::TLSV1_1]
    );
    // rustls speaks no TLS 1.1: the chain comes from pastoe's own TLS 1.1 hello
    let chain = facts.chain.as_ref().expect("chain from the TLS 1.1 flight");
    assert_eq!(chain.certificates.len(), 2);
    assert!(facts.chain_error.is_some());
}

#[test]
fn expired_certificate_is_seen() {
    let _turn = support::in_process();
    let (facts, _) = enumerate_mail(3, "mx.verlopen.nl");
    assert_eq!(facts.error, None, "{facts:#?}");
    let chain = facts.chain.as_ref().expect("chain");
    assert!(!chain.trusted);
    assert_eq!(
        chain.trust_error_kind,
        Some(TrustErrorKind::Expired),
        "{chain:#?}"
    );
}

#[test]
fn no_starttls_is_a_clear_error() {
    let _turn = support::in_process();
    let facts = runtime().block_on(smtp_conversation(
        mx(4),
        EHLO_NAME,
        TIMEOUT,
        RetryPolicy::default(),
    ));
    assert_eq!(facts.error, None, "the conversation itself is fine");
    assert!(!facts.starttls_offered);
    assert_eq!(facts.ehlo.as_ref().map(|r| r.code), Some(250));

    let (kind, detail, _) = connect_error(4);
    assert_eq!(kind, ErrorKind::StarttlsNotOffered, "{detail}");

    let (facts, _) = enumerate_mail(4, "plain.mailproef.nl");
    let error = facts.error.expect("enumeration error");
    assert_eq!(
        error.kind,
        ErrorKind::StarttlsNotOffered,
        "{}",
        error.detail
    );
}

#[test]
fn greylisting_is_temporary_after_bounded_retries() {
    let _turn = support::in_process();
    let delay = Duration::from_millis(100);
    let started = Instant::now();
    let facts = runtime().block_on(smtp_conversation(
        mx(10),
        EHLO_NAME,
        TIMEOUT,
        RetryPolicy::new(5, delay),
    ));
    let elapsed = started.elapsed();
    let error = facts.error.as_ref().expect("error");
    assert_eq!(
        error.kind,
        ErrorKind::TemporarilyRefused,
        "{}",
        error.detail
    );
    assert!(error.detail.contains("421"), "{}", error.detail);
    assert_eq!(facts.attempts, 1 + RetryPolicy::MAX_RETRIES);
    assert_eq!(facts.banner.as_ref().map(|r| r.code), Some(421));
    assert!(facts.ehlo.is_none());
    assert!(elapsed >= delay * 2 && elapsed < 3 * TIMEOUT, "{elapsed:?}");

    let (kind, detail, _) = connect_error(10);
    assert_eq!(kind, ErrorKind::TemporarilyRefused, "{detail}");
}

#[test]
fn hostile_servers_give_clear_errors_within_a_timeout() {
    let _turn = support::in_process();
    for (octet, want) in [
        (11, ErrorKind::Timeout),
        (12, ErrorKind::Protocol),
        (13, ErrorKind::ConnectionClosed),
    ] {
        let started = Instant::now();
        let facts = runtime().block_on(smtp_conversation(
            mx(octet),
            EHLO_NAME,
            TIMEOUT,
            RetryPolicy::default(),
        ));
        let elapsed = started.elapsed();
        let error = facts.error.as_ref().expect("error");
        assert_eq!(error.kind, want, "127.0.25.{octet}: {}", error.detail);
        assert_eq!(facts.attempts, 1, "no retry after a permanent failure");
        assert!(elapsed < 3 * TIMEOUT, "127.0.25.{octet}: {elapsed:?}");

        let (kind, detail, elapsed) = connect_error(octet);
        assert_eq!(kind, want, "127.0.25.{octet}: {detail}");
        assert!(elapsed < 3 * TIMEOUT, "127.0.25.{octet}: {elapsed:?}");
        eprintln!("127.0.25.{octet}: {kind:?} in {elapsed:?}: {detail}");
    }
}

#[test]
fn garbage_after_starttls_is_an_error() {
    let _turn = support::in_process();
    let (facts, elapsed) = enumerate_mail(14, "garbage.mailproef.nl");
    let error = facts.error.as_ref().expect("error");
    assert_eq!(error.kind, ErrorKind::Protocol, "{}", error.detail);
    assert!(supported(&facts).is_empty());
    assert!(elapsed < 3 * TIMEOUT, "{elapsed:?}");
}

/// One line to the counter's control port, its answer as a number.
fn counter(request: &str) -> u32 {
    let control = fixture_env("mail", "PASTOE_MAIL_COUNTER_CONTROL");
    let mut stream = TcpStream::connect(&control).expect("counter control port");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    writeln!(stream, "{request}").expect("send");
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).expect("answer");
    line.trim().parse().expect("a number")
}

#[test]
fn mail_engine_keeps_one_connection_at_a_time() {
    let _turn = support::in_process();
    assert_eq!(
        counter("reset"),
        0,
        "another client is talking to the counter"
    );
    let (facts, _) = enumerate_mail(15, "counter.mailproef.nl");
    assert_eq!(facts.error, None, "{facts:#?}");
    assert!(facts.chain.is_some(), "{facts:#?}");
    assert!(facts.connections > 10, "{}", facts.connections);
    assert_eq!(
        counter("peak"),
        1,
        "simultaneous SMTP sessions seen by the server"
    );

    // The control: the web configuration's parallel probes are seen as such.
    assert_eq!(counter("reset"), 0);
    runtime().block_on(enumerate(
        &transport(15),
        "counter.mailproef.nl",
        EngineConfig::new(TIMEOUT),
        None,
    ));
    assert!(
        counter("peak") > 1,
        "the counter cannot see parallel sessions"
    );
}
