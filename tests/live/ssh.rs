//! The SSH key-exchange probe against the servers of `fixtures/ssh/up`: real OpenSSH 10.0
//! and 9.2 (the oracle is the system's `ssh -vv`, whose view of each KEXINIT `up` wrote
//! into `fixtures/ssh/run/env`), and hostile servers that must end in an error fact within
//! about one timeout.

use crate::support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use pastoe::facts::{ErrorKind, SshEndpointFacts};
use pastoe::probe::net::ssh::read_kexinit;

const TIMEOUT: Duration = Duration::from_secs(3);

fn ssh_env(key: &str) -> String {
    support::fixture_env("ssh", &format!("PASTOE_SSH_{key}"))
}

/// The probe against the fixture host `name` of `run/env`.
fn probe(name: &str) -> SshEndpointFacts {
    let addr = ssh_env(name)
        .parse()
        .unwrap_or_else(|e| panic!("PASTOE_SSH_{name}: {e}"));
    probe_addr(addr)
}

fn probe_addr(addr: SocketAddr) -> SshEndpointFacts {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let facts = runtime.block_on(read_kexinit(addr, "ssh.proefnet.nl", TIMEOUT));
    assert!(
        started.elapsed() < 3 * TIMEOUT,
        "{addr}: took {:?}",
        started.elapsed()
    );
    assert_eq!((facts.address, facts.port), (addr.ip(), addr.port()));
    facts
}

fn list(name: &str, what: &str) -> Vec<String> {
    ssh_env(&format!("{name}_{what}"))
        .split(',')
        .map(str::to_string)
        .collect()
}

/// Everything pastoe read equals what the ssh client saw.
fn assert_same_as_ssh_client(name: &str, facts: &SshEndpointFacts) {
    assert_eq!(facts.error, None, "{name}");
    assert_eq!(
        facts.server_version.as_deref(),
        Some(ssh_env(&format!("{name}_VERSION")).as_str()),
        "{name}"
    );
    assert_eq!(facts.pre_banner_lines, 0);
    let pairs = [
        (&facts.kex_algorithms, "KEX_ALGORITHMS"),
        (&facts.host_key_algorithms, "HOST_KEY_ALGORITHMS"),
        (&facts.encryption_client_to_server, "CIPHERS_CTOS"),
        (&facts.encryption_server_to_client, "CIPHERS_STOC"),
        (&facts.mac_client_to_server, "MACS_CTOS"),
        (&facts.mac_server_to_client, "MACS_STOC"),
        (&facts.compression_client_to_server, "COMPRESSION_CTOS"),
        (&facts.compression_server_to_client, "COMPRESSION_STOC"),
    ];
    for (seen, what) in pairs {
        assert_eq!(seen, &list(name, what), "{name} {what}");
    }
    assert!(!facts.first_kex_packet_follows);
}

fn assert_version(facts: &SshEndpointFacts, prefix: &str) {
    let version = facts.server_version.as_deref().unwrap_or_default();
    assert!(version.starts_with(prefix), "{version:?}, want {prefix}…");
}

fn offers_kex(facts: &SshEndpointFacts, name: &str) -> bool {
    facts.kex_algorithms.iter().any(|k| k == name)
}

#[test]
fn openssh_10_offers_mlkem_first() {
    let _turn = support::in_process();
    let facts = probe("OPENSSH10");
    assert_same_as_ssh_client("OPENSSH10", &facts);
    assert_version(&facts, "SSH-2.0-OpenSSH_10.0");
    assert_eq!(facts.kex_algorithms[0], "mlkem768x25519-sha256");
    // pseudo-algorithms stay in the facts; filtering them is judging
    assert!(offers_kex(&facts, "ext-info-s"));
    assert!(offers_kex(&facts, "kex-strict-s-v00@openssh.com"));
}

#[test]
fn openssh_9_2_offers_sntrup_only() {
    let _turn = support::in_process();
    let facts = probe("OPENSSH92");
    assert_same_as_ssh_client("OPENSSH92", &facts);
    assert_version(&facts, "SSH-2.0-OpenSSH_9.2");
    assert_eq!(facts.kex_algorithms[0], "sntrup761x25519-sha512");
    assert!(offers_kex(&facts, "sntrup761x25519-sha512@openssh.com"));
    assert!(!facts.kex_algorithms.iter().any(|k| k.starts_with("mlkem")));
}

#[test]
fn classical_openssh_10_offers_what_it_is_told() {
    let _turn = support::in_process();
    let facts = probe("CLASSICAL");
    assert_same_as_ssh_client("CLASSICAL", &facts);
    assert_eq!(
        facts.kex_algorithms,
        [
            "curve25519-sha256",
            "ecdh-sha2-nistp256",
            "ext-info-s",
            "kex-strict-s-v00@openssh.com"
        ]
    );
}

/// A hostile server: an error fact of `kind` whose detail names the address. Returns the
/// facts and the detail.
fn assert_error(name: &str, kind: ErrorKind) -> (SshEndpointFacts, String) {
    let facts = probe(name);
    let error = facts
        .error
        .clone()
        .unwrap_or_else(|| panic!("{name}: no error: {facts:?}"));
    assert_eq!(error.kind, kind, "{name}: {error:?}");
    assert!(error.detail.starts_with("127.0.22."), "{name}: {error:?}");
    assert!(facts.kex_algorithms.is_empty(), "{name}");
    (facts, error.detail)
}

#[test]
fn endless_lines_before_identification_are_cut_off() {
    let _turn = support::in_process();
    let (facts, detail) = assert_error("ENDLESS_LINES", ErrorKind::Protocol);
    assert!(detail.contains("more than 32 lines"), "{detail}");
    assert_eq!(facts.server_version, None);
    assert_eq!(facts.pre_banner_lines, 32);
    // the cap, not the timeout, ended it
    assert!(facts.elapsed_ms < 1000, "{facts:?}");
}

#[test]
fn megabyte_kexinit_is_refused_from_its_length() {
    let _turn = support::in_process();
    let (facts, detail) = assert_error("HUGE_KEXINIT", ErrorKind::Protocol);
    assert_eq!(
        facts.server_version.as_deref(),
        Some("SSH-2.0-pastoe_hostile_fixture")
    );
    assert!(detail.contains("packet_length 1000000"), "{detail}");
    assert!(facts.elapsed_ms < 1000, "{facts:?}");
}

#[test]
fn close_after_identification_is_a_protocol_error() {
    let _turn = support::in_process();
    let (facts, detail) = assert_error("CLOSE_AFTER_BANNER", ErrorKind::Protocol);
    assert!(facts.server_version.is_some());
    assert!(detail.contains("closed before its KEXINIT"), "{detail}");
}

#[test]
fn silent_server_times_out() {
    let _turn = support::in_process();
    let (facts, detail) = assert_error("SILENT", ErrorKind::Timeout);
    assert!(detail.contains("no identification line"), "{detail}");
    assert_eq!(facts.server_version, None);
    assert!(facts.elapsed_ms >= TIMEOUT.as_millis() as u64, "{facts:?}");
}

#[test]
fn nothing_listening_is_refused() {
    let _turn = support::in_process();
    // 127.0.22.20 is ours and has no server
    let facts = probe_addr("127.0.22.20:22".parse().unwrap());
    assert_eq!(
        facts.error.map(|e| e.kind),
        Some(ErrorKind::ConnectionRefused)
    );
}
