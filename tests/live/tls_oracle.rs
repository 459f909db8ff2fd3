//! sslyze 6.3.1 (its own virtualenv, `fixtures/oracles/install`) is the oracle for the TLS
//! engine: for every nginx host of the TLS fixtures, the accepted suites per protocol
//! version and the ECDHE groups must be the ones sslyze finds. Where the two disagree on
//! a group, OpenSSL's `s_client` decides, and the test says which tool was wrong.

use crate::support;

use std::collections::BTreeSet;
use std::process::Command;

use pastoe::facts::{FactsDocument, TlsEndpointFacts};
use pastoe::wire::tls::iana::{GroupKind, ProtocolVersion};
use support::{repo, scan, scratch_dir};

/// (host, address) of every nginx TLS fixture (fixtures/net/hosts.toml, zone tlsproef.nl).
const HOSTS: &[(&str, &str)] = &[
    ("modern.tlsproef.nl", "127.0.6.1"),
    ("intermediate.tlsproef.nl", "127.0.6.2"),
    ("old.tlsproef.nl", "127.0.6.3"),
    ("noprefer.tlsproef.nl", "127.0.6.4"),
    ("badorder.tlsproef.nl", "127.0.6.5"),
    ("tls12only.tlsproef.nl", "127.0.6.6"),
    ("tls13only.tlsproef.nl", "127.0.6.7"),
    ("customdh2048.tlsproef.nl", "127.0.6.8"),
    ("rsa1024.tlsproef.nl", "127.0.6.20"),
    ("rsa2048.tlsproef.nl", "127.0.6.21"),
    ("rsa3072.tlsproef.nl", "127.0.6.22"),
    ("ecp384.tlsproef.nl", "127.0.6.23"),
    ("expired.tlsproef.nl", "127.0.6.24"),
    ("selfsigned.tlsproef.nl", "127.0.6.25"),
    ("wrongname.tlsproef.nl", "127.0.6.26"),
    ("sha1.tlsproef.nl", "127.0.6.27"),
];

const VERSIONS: &[(&str, ProtocolVersion)] = &[
    ("ssl_3_0_cipher_suites", ProtocolVersion::SSLV3),
    ("tls_1_0_cipher_suites", ProtocolVersion::TLSV1_0),
    ("tls_1_1_cipher_suites", ProtocolVersion::TLSV1_1),
    ("tls_1_2_cipher_suites", ProtocolVersion::TLSV1_2),
    ("tls_1_3_cipher_suites", ProtocolVersion::TLSV1_3),
];

fn sslyze(host: &str, ip: &str) -> serde_json::Value {
    // sslyze's JSON carries RSA moduli as bare integers wider than serde_json's numbers:
    // keep only the parts compared here (Python reads big integers fine).
    let keep = "import json,sys; r=json.load(sys.stdin)['server_scan_results'][0]['scan_result']; \
                json.dump({k: r[k] for k in r if k.endswith('cipher_suites') or k == 'elliptic_curves'}, sys.stdout)";
    let script = format!(
        "set -o pipefail; '{}' '{host}' '{ip}' | python3 -c \"{keep}\"",
        repo().join("fixtures/oracles/sslyze-json").display()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .output()
        .expect("run fixtures/oracles/sslyze-json (fixtures/oracles/install first)");
    assert!(
        out.status.success(),
        "sslyze {host}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("sslyze JSON")
}

/// A group name as both tools spell it: lower case, TLS 1.3 brainpool codepoints folded
/// onto the curve they name.
fn fold(name: &str) -> String {
    name.to_ascii_lowercase()
        .trim_end_matches("tls13")
        .to_string()
}

fn engine_groups(e: &TlsEndpointFacts) -> BTreeSet<String> {
    e.key_exchange
        .tls13_supported()
        .chain(e.key_exchange.tls12_curves.iter().copied())
        .filter(|g| {
            g.info().is_some_and(|i| {
                matches!(
                    i.kind,
                    GroupKind::EcPrime | GroupKind::EcBinary | GroupKind::Montgomery
                )
            })
        })
        .map(|g| fold(&g.to_string()))
        .collect()
}

/// OpenSSL as the tie-breaker: does the server do ECDHE with `group` when the client
/// prefers it? P-256 is offered after it because in TLS 1.2 the client's curve list also
/// has to cover the curve of an ECDSA certificate (RFC 8422 §5.1), which is why offering a
/// group alone (sslyze's method) misses groups that servers with a P-256 key do use.
fn s_client_uses(ip: &str, host: &str, group: &str) -> bool {
    let (offer, shown) = match group {
        "x25519" => ("X25519", "X25519"),
        "x448" => ("X448", "X448"),
        "secp256r1" => ("P-256", "prime256v1"),
        "secp384r1" => ("P-384", "secp384r1"),
        "secp521r1" => ("P-521", "secp521r1"),
        other => (other, other),
    };
    let out = Command::new("timeout")
        .args([
            "10",
            "openssl",
            "s_client",
            "-connect",
            &format!("{ip}:443"),
        ])
        .args(["-servername", host, "-cipher", "ALL:@SECLEVEL=0"])
        .args(["-groups", &format!("{offer}:P-256")])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("openssl s_client");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .any(|l| l.starts_with("Server Temp Key:") && l.contains(shown))
}

#[test]
fn accepted_suites_and_groups_agree_with_sslyze() {
    // sslyze, four at a time, loads the machine as a scan does.
    let _turn = support::serial::shared();
    let names: Vec<&str> = HOSTS.iter().map(|(h, _)| *h).collect();
    let facts_path = scratch_dir("tls-oracle").join("facts.json");
    let facts_arg = facts_path.display().to_string();
    let run = scan(&names, &["--only", "web.tls.*", "--facts-out", &facts_arg]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let facts: FactsDocument =
        serde_json::from_str(&std::fs::read_to_string(&facts_path).expect("facts")).expect("parse");

    // sslyze takes about a second per host: four at a time.
    let oracle: Vec<serde_json::Value> = std::thread::scope(|s| {
        HOSTS
            .chunks(4)
            .flat_map(|chunk| {
                let handles: Vec<_> = chunk
                    .iter()
                    .map(|(h, ip)| s.spawn(move || sslyze(h, ip)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("sslyze thread"))
                    .collect::<Vec<_>>()
            })
            .collect()
    });

    let mut wrong = Vec::new();
    let mut sslyze_missed = Vec::new();
    for ((host, ip), theirs) in HOSTS.iter().zip(&oracle) {
        let domain = facts
            .domains
            .iter()
            .find(|d| d.domain == *host)
            .unwrap_or_else(|| panic!("no facts for {host}"));
        let ours = domain
            .web
            .tls
            .iter()
            .find(|e| e.address.to_string() == *ip)
            .unwrap_or_else(|| panic!("no TLS facts for {host} at {ip}"));
        assert!(
            ours.error.is_none() && ours.incomplete.is_none(),
            "{host}: {ours:?}"
        );
        for (key, version) in VERSIONS {
            let theirs: BTreeSet<String> = theirs[key]["result"]["accepted_cipher_suites"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["cipher_suite"]["name"].as_str().map(str::to_string))
                .collect();
            let mine: BTreeSet<String> = ours
                .suites
                .iter()
                .filter(|s| s.version == *version)
                .flat_map(|s| s.accepted.iter().map(|c| c.to_string()))
                .collect();
            if mine != theirs {
                wrong.push(format!(
                    "{host} {version}: pastoe {mine:?}, sslyze {theirs:?}"
                ));
            }
        }
        let theirs: BTreeSet<String> = theirs["elliptic_curves"]["result"]["supported_curves"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["name"].as_str().map(fold))
            .collect();
        let mine = engine_groups(ours);
        for g in mine.symmetric_difference(&theirs) {
            let accepted = s_client_uses(ip, host, g);
            match (mine.contains(g), accepted) {
                // sslyze misses a group that OpenSSL completes a handshake with.
                (true, true) => sslyze_missed.push(format!("{host} {g}")),
                _ => wrong.push(format!(
                    "{host} group {g}: pastoe {}, sslyze {}, s_client {accepted}",
                    mine.contains(g),
                    theirs.contains(g)
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "disagreements:\n{}", wrong.join("\n"));
    // Known sslyze limitation (fixtures/net/README.md): on a TLS 1.2-only server with a P-256
    // key it stops at the first curve. Printed so the gap stays visible.
    if !sslyze_missed.is_empty() {
        eprintln!(
            "groups sslyze missed, confirmed by s_client: {}",
            sslyze_missed.join(", ")
        );
    }
}
