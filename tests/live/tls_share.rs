//! A TLS endpoint shared by several names is enumerated once per scan: on the test
//! internet (goedstad.nl and www.goedstad.nl are one nginx server on one address each
//! for IPv4 and IPv6) the shared facts equal those of scanning each name alone and cost
//! one handshake, and on an in-process rustls server with a different certificate per
//! name, the names that differ are enumerated themselves.

use crate::support;

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use pastoe::probe::TlsEndpoints;
use pastoe::probe::net::transport::TcpTransport;
use pastoe::probe::tls::engine::{EngineConfig, FullHandshake};
use pastoe::probe::tls::handshake::HandshakeSetup;
use serde_json::Value;
use support::{scan, scratch_dir};

const ONLY: &str = "web.tls.*,web.cert.*";

/// The facts file and the (domain, check) → (status, outcome) of one scan.
fn scan_facts(name: &str, domains: &[&str], only: &str) -> (Value, BTreeMap<String, String>) {
    let facts = scratch_dir(name).join("facts.json");
    let facts_arg = facts.display().to_string();
    let run = scan(domains, &["--only", only, "--facts-out", &facts_arg]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let verdicts = run
        .doc()
        .findings
        .iter()
        .map(|f| {
            (
                format!("{} {}", f.subject, f.check),
                format!("{:?} {}", f.status, f.outcome),
            )
        })
        .collect();
    let facts = serde_json::from_str(&std::fs::read_to_string(&facts).unwrap()).unwrap();
    (facts, verdicts)
}

fn domain<'a>(facts: &'a Value, name: &str) -> &'a Value {
    facts["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == name)
        .unwrap_or_else(|| panic!("{name} not in the facts"))
}

/// An endpoint's facts without what is each host's own or each run's.
fn comparable(endpoint: &Value) -> Value {
    let mut endpoint = endpoint.clone();
    let object = endpoint.as_object_mut().unwrap();
    for key in ["host", "chain", "elapsed_ms", "connections", "shared_with"] {
        object.remove(key);
    }
    endpoint
}

fn web_tls(facts: &Value, name: &str) -> Vec<Value> {
    domain(facts, name)["web"]["tls"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn names_on_one_nginx_share_the_enumeration_and_get_the_same_facts() {
    let hosts = ["goedstad.nl", "www.goedstad.nl"];
    let (together, together_verdicts) = scan_facts("share-together", &hosts, ONLY);
    let mut alone_verdicts = BTreeMap::new();
    for host in hosts {
        let (alone, verdicts) = scan_facts(&format!("share-{host}"), &[host], ONLY);
        alone_verdicts.extend(verdicts);
        let shared = web_tls(&together, host);
        let own = web_tls(&alone, host);
        assert_eq!(shared.len(), 2, "an IPv4 and an IPv6 endpoint");
        for (shared, own) in shared.iter().zip(&own) {
            assert_eq!(comparable(shared), comparable(own), "{host}");
            assert_eq!(shared["host"], host);
            // The chain is this host's own, from its own handshake.
            assert_eq!(shared["chain"], own["chain"], "{host}");
            assert!(own.get("shared_with").is_none());
        }
    }
    // Per address, one host was enumerated and the other cost one handshake.
    for address in 0..2 {
        let endpoints: Vec<&Value> = hosts
            .iter()
            .map(|h| &domain(&together, h)["web"]["tls"][address])
            .collect();
        let shared: Vec<&&Value> = endpoints
            .iter()
            .filter(|e| e.get("shared_with").is_some())
            .collect();
        assert_eq!(shared.len(), 1, "{endpoints:#?}");
        assert_eq!(shared[0]["connections"], 1);
        let enumerated = endpoints.iter().find(|e| e.get("shared_with").is_none());
        let enumerated = enumerated.unwrap();
        assert_eq!(shared[0]["shared_with"], enumerated["host"]);
        assert!(enumerated["connections"].as_u64().unwrap() > 10);
    }
    assert_eq!(together_verdicts, alone_verdicts);
}

/// A rustls server on a loopback address that picks its certificate by SNI.
async fn two_certificate_server(ip: Ipv4Addr) -> SocketAddr {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let certified = |names: &[&str], alg: &'static rcgen::SignatureAlgorithm| {
        let key = rcgen::KeyPair::generate_for(alg).unwrap();
        let cert =
            rcgen::CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap()
                .self_signed(&key)
                .unwrap();
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(
            rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()),
        );
        rustls::sign::CertifiedKey::from_der(vec![cert.der().clone()], key, &provider).unwrap()
    };
    let first = certified(
        &["a.pastoe.test", "c.pastoe.test"],
        &rcgen::PKCS_ECDSA_P256_SHA256,
    );
    // Its own certificate with the same kind of key, as every name at a hosting provider.
    let own = certified(&["d.pastoe.test"], &rcgen::PKCS_ECDSA_P256_SHA256);
    // Another kind of key: other signature schemes, possibly other suites.
    let other = certified(&["b.pastoe.test"], &rcgen::PKCS_ECDSA_P384_SHA384);
    let mut by_name = rustls::server::ResolvesServerCertUsingSni::new();
    by_name.add("a.pastoe.test", first.clone()).unwrap();
    by_name.add("c.pastoe.test", first).unwrap();
    by_name.add("d.pastoe.test", own).unwrap();
    by_name.add("b.pastoe.test", other).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(by_name));
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let _ = acceptor.accept(socket).await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn names_share_by_configuration_and_key_kind_not_by_certificate() {
    let _turn = support::in_process();
    let addr = two_certificate_server(Ipv4Addr::new(127, 88, 1, 1)).await;
    let setup = HandshakeSetup::new(None).unwrap();
    let full = FullHandshake {
        setup: &setup,
        zero_rtt_http_host: None,
    };
    let config = EngineConfig::new(Duration::from_secs(5));
    let transport = TcpTransport { addr };
    let endpoints = TlsEndpoints::new();
    // a and c at once: one enumerates, the other waits for it and shares it.
    let (a, c) = tokio::join!(
        endpoints.enumerate(&transport, "a.pastoe.test", config, full),
        endpoints.enumerate(&transport, "c.pastoe.test", config, full),
    );
    let b = endpoints
        .enumerate(&transport, "b.pastoe.test", config, full)
        .await;
    let leaf = |f: &pastoe::facts::TlsEndpointFacts| {
        f.chain.as_ref().unwrap().certificates[0].sha256.clone()
    };
    assert!(a.error.is_none() && a.incomplete.is_none(), "{a:#?}");
    assert_eq!(a.shared_with, None);
    assert_eq!(c.shared_with.as_deref(), Some("a.pastoe.test"));
    assert_eq!(c.connections, 1);
    assert_eq!(leaf(&a), leaf(&c));
    assert!(c.chain.as_ref().unwrap().name_matches);
    // d has a certificate of its own with the same kind of key: it shares the enumeration
    // and keeps its own chain.
    let d = endpoints
        .enumerate(&transport, "d.pastoe.test", config, full)
        .await;
    assert_eq!(d.shared_with.as_deref(), Some("a.pastoe.test"));
    assert_eq!(d.connections, 1);
    assert_ne!(leaf(&a), leaf(&d));
    assert!(
        d.chain.as_ref().unwrap().certificates[0]
            .dns_names
            .contains(&"d.pastoe.test".to_string())
    );
    // b has another kind of key: its handshake differs, so it is enumerated in full (and
    // the handshake that told is counted).
    assert_eq!(b.shared_with, None);
    assert_ne!(leaf(&a), leaf(&b));
    assert_eq!(b.connections, a.connections + 1);
    assert_eq!(b.host, "b.pastoe.test");
    assert_eq!(b.suites, a.suites);
}
