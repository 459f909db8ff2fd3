//! Post-quantum key exchange against in-process rustls servers (aws-lc-rs), because
//! Debian bookworm's OpenSSL 3.0 cannot serve ML-KEM. The oracle is rustls itself as a
//! client: for each group, a real handshake offering only that group succeeds exactly when
//! pastoe's engine says the group is supported, and a browser-like client ends in the
//! group pastoe's preference probe saw.

use crate::support;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use pastoe::probe::net::transport::TcpTransport;
use pastoe::probe::tls::engine::{EngineConfig, enumerate};
use pastoe::wire::tls::iana::NamedGroup;
use rustls::crypto::SupportedKxGroup;
use rustls::crypto::aws_lc_rs::{self as provider, kx_group};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};

const HOST: &str = "pq.tlsproef.nl";

struct Server {
    addr: SocketAddr,
    cert: CertificateDer<'static>,
}

fn provider_with(groups: &[&'static dyn SupportedKxGroup]) -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::CryptoProvider {
        kx_groups: groups.to_vec(),
        ..provider::default_provider()
    })
}

/// A TLS server on 127.0.0.1 that completes handshakes and closes, on its own thread.
fn start(groups: &[&'static dyn SupportedKxGroup], tls13: bool) -> Server {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("key");
    let cert = rcgen::CertificateParams::new(vec![HOST.to_string()])
        .expect("params")
        .self_signed(&key)
        .expect("cert");
    let cert_der = cert.der().clone();
    let versions: &[&rustls::SupportedProtocolVersion] = if tls13 {
        &[&rustls::version::TLS13, &rustls::version::TLS12]
    } else {
        &[&rustls::version::TLS12]
    };
    let config = rustls::ServerConfig::builder_with_provider(provider_with(groups))
        .with_protocol_versions(versions)
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![cert_der.clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .expect("server config");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let Ok(conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(conn, stream);
                let _ = tls.conn.complete_io(&mut tls.sock);
            });
        }
    });
    Server {
        addr,
        cert: cert_der,
    }
}

/// The group a real rustls client negotiates when it offers `groups` (in that order,
/// sending a share for the first), or `None` when the handshake fails.
fn oracle(server: &Server, groups: &[&'static dyn SupportedKxGroup]) -> Option<NamedGroup> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(server.cert.clone()).expect("root");
    let config = rustls::ClientConfig::builder_with_provider(provider_with(groups))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from(HOST).expect("name");
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name).expect("client");
    let mut sock = std::net::TcpStream::connect(server.addr).expect("connect");
    sock.set_read_timeout(Some(Duration::from_secs(5))).ok();
    while conn.is_handshaking() {
        if conn.complete_io(&mut sock).is_err() {
            return None;
        }
    }
    conn.negotiated_key_exchange_group()
        .map(|g| NamedGroup(u16::from(g.name())))
}

fn engine(server: &Server) -> pastoe::facts::TlsEndpointFacts {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(enumerate(
        &TcpTransport { addr: server.addr },
        HOST,
        EngineConfig::new(Duration::from_secs(3)),
        None,
    ))
}

const RUSTLS_GROUPS: &[&dyn SupportedKxGroup] = &[
    kx_group::X25519,
    kx_group::SECP256R1,
    kx_group::SECP384R1,
    kx_group::X25519MLKEM768,
    kx_group::SECP256R1MLKEM768,
    kx_group::MLKEM768,
    kx_group::MLKEM1024,
];

/// Every group the engine probes is supported exactly when rustls can handshake with it
/// alone; groups rustls cannot speak must come out unsupported.
fn assert_groups_match_oracle(server: &Server) -> pastoe::facts::TlsEndpointFacts {
    let facts = engine(server);
    assert!(facts.error.is_none(), "{:?}", facts.error);
    assert!(facts.incomplete.is_none(), "{:?}", facts.incomplete);
    for probe in &facts.key_exchange.tls13_groups {
        let rustls_group = RUSTLS_GROUPS
            .iter()
            .find(|g| u16::from(g.name()) == probe.group.0);
        let expected = match rustls_group {
            Some(g) => oracle(server, &[*g]).is_some(),
            None => false,
        };
        assert_eq!(
            probe.supported, expected,
            "group {} ({}): engine says {}, a rustls client {}",
            probe.group, probe.answer, probe.supported, expected
        );
    }
    let browser = oracle(server, &[kx_group::X25519MLKEM768, kx_group::X25519]);
    let seen = facts
        .key_exchange
        .pq_preference
        .as_ref()
        .and_then(|c| c.selected);
    assert_eq!(
        seen, browser,
        "browser-like hello: {:?}",
        facts.key_exchange.pq_preference
    );
    facts
}

#[test]
fn hybrid_preferred_server() {
    let _turn = support::in_process();
    let server = start(
        &[
            kx_group::X25519MLKEM768,
            kx_group::X25519,
            kx_group::SECP256R1,
        ],
        true,
    );
    let facts = assert_groups_match_oracle(&server);
    let pref = facts.key_exchange.pq_preference.expect("probed");
    assert_eq!(pref.selected, Some(NamedGroup::X25519_MLKEM768));
}

/// rustls picks groups in the client's order, so a hello that lists the hybrid first but
/// only carries an X25519 share makes a hybrid-capable server ask for the hybrid.
#[test]
fn hybrid_capable_server_asks_for_the_hybrid_share() {
    let _turn = support::in_process();
    let server = start(
        &[
            kx_group::X25519,
            kx_group::SECP256R1,
            kx_group::X25519MLKEM768,
        ],
        true,
    );
    let facts = assert_groups_match_oracle(&server);
    let retry = facts.key_exchange.pq_retry.expect("probed");
    assert!(retry.retry, "{retry:?}");
    assert_eq!(retry.selected, Some(NamedGroup::X25519_MLKEM768));
}

#[test]
fn every_rustls_group_including_pure_ml_kem() {
    let _turn = support::in_process();
    let server = start(RUSTLS_GROUPS, true);
    let facts = assert_groups_match_oracle(&server);
    let supported = supported_groups(&facts);
    for g in [
        NamedGroup::SECP256R1_MLKEM768,
        NamedGroup::MLKEM768,
        NamedGroup::MLKEM1024,
    ] {
        assert!(supported.contains(&g), "{g} missing from {supported:?}");
    }
}

#[test]
fn classical_tls13_server() {
    let _turn = support::in_process();
    let server = start(
        &[kx_group::X25519, kx_group::SECP256R1, kx_group::SECP384R1],
        true,
    );
    let facts = assert_groups_match_oracle(&server);
    assert!(
        !facts
            .key_exchange
            .tls13_supported()
            .any(|g| g.info().is_some_and(|i| i.name.contains("MLKEM"))),
        "{:?}",
        facts.key_exchange.tls13_groups
    );
    let retry = facts.key_exchange.pq_retry.expect("probed");
    assert!(!retry.retry, "{retry:?}");
    assert_eq!(retry.selected, Some(NamedGroup::X25519));
}

#[test]
fn tls12_only_server_has_no_tls13_groups() {
    let _turn = support::in_process();
    let server = start(&[kx_group::X25519, kx_group::SECP256R1], false);
    let facts = engine(&server);
    assert!(facts.error.is_none(), "{:?}", facts.error);
    assert!(!facts.supports(pastoe::wire::tls::iana::ProtocolVersion::TLSV1_3));
    assert!(facts.supports(pastoe::wire::tls::iana::ProtocolVersion::TLSV1_2));
    assert!(facts.key_exchange.tls13_groups.is_empty());
    assert!(facts.key_exchange.pq_preference.is_none());
    // rustls serves ECDHE over TLS 1.2 with the groups it has.
    let mut curves = facts.key_exchange.tls12_curves.clone();
    curves.sort();
    assert_eq!(curves, vec![NamedGroup::SECP256R1, NamedGroup::X25519]);
}

/// The TLS 1.3 groups the engine found supported, in probe order.
fn supported_groups(facts: &pastoe::facts::TlsEndpointFacts) -> Vec<NamedGroup> {
    facts.key_exchange.tls13_supported().collect()
}

/// The facts of one `fixtures/pq` host (`fixtures/pq/up` must be running).
fn fixture_facts(ip: &str, host: &str) -> pastoe::facts::TlsEndpointFacts {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let facts = runtime.block_on(enumerate(
        &TcpTransport {
            addr: SocketAddr::new(ip.parse().expect("ip"), 443),
        },
        host,
        EngineConfig::new(Duration::from_secs(3)),
        None,
    ));
    assert!(
        facts.error.is_none(),
        "{host}: {:?} (is fixtures/pq/up running?)",
        facts.error
    );
    assert!(facts.incomplete.is_none(), "{host}: {:?}", facts.incomplete);
    facts
}

/// The real-world post-quantum servers of `fixtures/pq/hosts.tsv`: nginx with OpenSSL 3.5
/// from a Debian trixie chroot, and Go 1.23 (X25519Kyber768Draft00). OpenSSL 3.5's own
/// `s_client -groups` is the oracle for which of its groups each accepts, what a
/// browser-like hello (shares for X25519MLKEM768 and X25519) ends in, and what a hello
/// listing X25519MLKEM768 first with only an X25519 share ends in (pastoe's `pq_retry`).
#[test]
fn fixture_servers_agree_with_s_client() {
    let _turn = support::in_process();
    let pq = support::repo().join("fixtures/pq");
    let hosts = std::fs::read_to_string(pq.join("hosts.tsv")).expect("hosts.tsv");
    let oracle = |host: &str, ip: &str, groups: &str| -> Option<NamedGroup> {
        let out = std::process::Command::new(pq.join("s_client-groups"))
            .args([host, ip, groups])
            .output()
            .expect("run s_client-groups");
        let answer = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(
            out.status.success(),
            "oracle failed for {host} {groups}: {answer} {} (is fixtures/pq/up running?)",
            String::from_utf8_lossy(&out.stderr)
        );
        if answer == "rejected" {
            None
        } else {
            Some(NamedGroup::from_name(&answer).unwrap_or_else(|| panic!("unknown group {answer}")))
        }
    };
    let mut wrong = Vec::new();
    for line in hosts
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (ip, host) = (cols[0], cols[1]);
        let facts = fixture_facts(ip, host);
        let supported = supported_groups(&facts);
        for group in [
            NamedGroup::X25519_MLKEM768,
            NamedGroup::X25519,
            NamedGroup::SECP256R1_MLKEM768,
            NamedGroup::SECP384R1_MLKEM1024,
            NamedGroup::MLKEM512,
            NamedGroup::MLKEM768,
            NamedGroup::MLKEM1024,
        ] {
            let name = group.name().expect("named");
            let expected = oracle(host, ip, name) == Some(group);
            if supported.contains(&group) != expected {
                wrong.push(format!(
                    "{host} {name}: pastoe {}, s_client {expected}",
                    supported.contains(&group)
                ));
            }
        }
        for (what, seen, groups) in [
            (
                "browser-like",
                &facts.key_exchange.pq_preference,
                "*X25519MLKEM768:*X25519",
            ),
            (
                "X25519 share only",
                &facts.key_exchange.pq_retry,
                "X25519MLKEM768:*X25519",
            ),
        ] {
            let seen = seen.as_ref().and_then(|c| c.selected);
            let oracle = oracle(host, ip, groups);
            if seen != oracle {
                wrong.push(format!(
                    "{host} {what}: pastoe {seen:?}, s_client {oracle:?}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "disagreements:\n{}", wrong.join("\n"));
}

/// Go 1.23's default groups: the pre-standard Kyber hybrid (0x6399), which it asks for by
/// HelloRetryRequest when probed alone, and the classical curves. A browser, which sends
/// X25519MLKEM768 and X25519 shares, ends in X25519: the only PQ option is the draft.
#[test]
fn go_123_default_offers_only_the_kyber_draft() {
    let _turn = support::in_process();
    let facts = fixture_facts("127.0.4.7", "kyber.tlsproef.nl");
    let kyber = facts
        .key_exchange
        .tls13_groups
        .iter()
        .find(|p| p.group == NamedGroup::X25519_KYBER768_DRAFT00)
        .expect("0x6399 probed");
    assert!(kyber.supported, "{kyber:?}");
    assert_eq!(kyber.answer, "hello_retry_request");
    assert_eq!(
        supported_groups(&facts),
        vec![
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
            NamedGroup::SECP384R1,
            NamedGroup::SECP521R1,
            NamedGroup::X25519_KYBER768_DRAFT00,
        ]
    );
    assert!(facts.supports(pastoe::wire::tls::iana::ProtocolVersion::TLSV1_2));
    let browser = facts.key_exchange.pq_preference.expect("probed");
    assert_eq!(browser.selected, Some(NamedGroup::X25519), "{browser:?}");
    assert!(!browser.retry, "{browser:?}");
}

/// Go 1.23 with CurvePreferences = [X25519Kyber768Draft00], TLS 1.3 only: the draft is all
/// there is, and a browser-like hello is refused.
#[test]
fn go_123_kyber_draft_only() {
    let _turn = support::in_process();
    let facts = fixture_facts("127.0.4.8", "kyberonly.tlsproef.nl");
    assert_eq!(
        supported_groups(&facts),
        vec![NamedGroup::X25519_KYBER768_DRAFT00],
        "{:?}",
        facts.key_exchange.tls13_groups
    );
    assert!(!facts.supports(pastoe::wire::tls::iana::ProtocolVersion::TLSV1_2));
    let browser = facts.key_exchange.pq_preference.expect("probed");
    assert_eq!(browser.selected, None, "{browser:?}");
    assert!(
        browser
            .answer
            .as_deref()
            .is_some_and(|a| a.contains("alert")),
        "{browser:?}"
    );
}

/// OpenSSL 3.5 with the hybrid in a tuple before X25519 (its DEFAULT shape): a hello that
/// lists X25519MLKEM768 but sends only an X25519 share gets a HelloRetryRequest for the
/// hybrid, though X25519 was there to take.
#[test]
fn openssl_35_asks_for_the_hybrid_by_retry() {
    let _turn = support::in_process();
    let facts = fixture_facts("127.0.4.9", "pqhrr.tlsproef.nl");
    let retry = facts.key_exchange.pq_retry.expect("probed");
    assert!(retry.retry, "{retry:?}");
    assert_eq!(retry.selected, Some(NamedGroup::X25519_MLKEM768));
    assert_eq!(retry.shares, vec![NamedGroup::X25519]);
    let browser = facts.key_exchange.pq_preference.expect("probed");
    assert_eq!(browser.selected, Some(NamedGroup::X25519_MLKEM768));
    assert!(!browser.retry, "{browser:?}");
}
