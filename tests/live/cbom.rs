//! `--format cbom` against the test internet: every CBOM must pass the CycloneDX 1.6 schema
//! (`fixtures/oracles/cbom-validate`, cyclonedx-python-lib's bundled schemas) and hold what
//! the facts of the same scan observed; `judge` must give the same CBOM from those facts.

use crate::support;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use pastoe::facts::FactsDocument;
use pastoe::report::cbom::{AssetType, Cbom, Component, Primitive};
use pastoe::wire::tls::iana::ProtocolVersion;
use support::{pastoe, repo, scan, scratch_dir};

const HOSTS: &[&str] = &[
    "modern.tlsproef.nl",
    "old.tlsproef.nl",
    "rsa1024.tlsproef.nl",
    "ecp384.tlsproef.nl",
    "customdh2048.tlsproef.nl",
];

/// What `scan` and `judge` are both told: the checks whose probes gather the facts, and the
/// organisation.
const REPORT_ARGS: &[&str] = &[
    "--only",
    "web.tls.*,web.cert.*,web.dnssec.*",
    "--org",
    "tlsproef",
    "--org-name",
    "Gemeente Tlsproef",
    "--format",
    "cbom",
];

struct Scanned {
    /// The CBOM as printed.
    text: String,
    cbom: Cbom,
    facts: FactsDocument,
    facts_path: PathBuf,
    dir: PathBuf,
}

/// One scan of the hosts, shared by the tests below.
fn scanned() -> &'static Scanned {
    static SCAN: OnceLock<Scanned> = OnceLock::new();
    SCAN.get_or_init(|| {
        let dir = scratch_dir("cbom");
        let facts_path = dir.join("facts.json");
        let facts_arg = facts_path.display().to_string();
        let run = scan(HOSTS, &[REPORT_ARGS, &["--facts-out", &facts_arg]].concat());
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        let cbom = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("not a CBOM ({e}):\n{}", run.stdout));
        let facts = serde_json::from_str(&std::fs::read_to_string(&facts_path).unwrap()).unwrap();
        Scanned {
            text: run.stdout,
            cbom,
            facts,
            facts_path,
            dir,
        }
    })
}

/// `fixtures/oracles/cbom-validate FILE`.
fn validate(path: &Path) -> Output {
    Command::new(repo().join("fixtures/oracles/cbom-validate"))
        .arg(path)
        .output()
        .expect("run fixtures/oracles/cbom-validate (fixtures/oracles/install first)")
}

fn component<'a>(cbom: &'a Cbom, bom_ref: &str) -> &'a Component {
    cbom.components
        .iter()
        .find(|c| c.bom_ref == bom_ref)
        .unwrap_or_else(|| panic!("no component {bom_ref}"))
}

fn property<'a>(c: &'a Component, name: &str) -> Option<&'a str> {
    c.properties
        .iter()
        .find(|p| p.name == format!("pastoe:{name}"))
        .map(|p| p.value.as_str())
}

/// The protocol component of one endpoint and version.
fn protocol<'a>(cbom: &'a Cbom, host: &str, version: ProtocolVersion) -> &'a Component {
    let version = version.to_string();
    let version = version.strip_prefix("TLSv").unwrap_or(&version);
    cbom.components
        .iter()
        .find(|c| {
            property(c, "host") == Some(host)
                && c.crypto_properties
                    .protocol_properties
                    .as_ref()
                    .and_then(|p| p.version.as_deref())
                    == Some(version)
        })
        .unwrap_or_else(|| panic!("no protocol component for {host} {version}"))
}

fn refs_of(c: &Component) -> &[String] {
    &c.crypto_properties
        .protocol_properties
        .as_ref()
        .expect("a protocol")
        .crypto_ref_array
}

fn names_of(cbom: &Cbom, refs: &[String]) -> BTreeSet<String> {
    refs.iter()
        .map(|r| component(cbom, r).name.clone())
        .collect()
}

#[test]
fn every_cbom_passes_the_cyclonedx_1_6_schema() {
    let s = scanned();
    let path = s.dir.join("scan.cdx.json");
    std::fs::write(&path, &s.text).unwrap();
    let out = validate(&path);
    assert!(
        out.status.success(),
        "cbom-validate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_validator_rejects_broken_cboms() {
    let s = scanned();
    let mut doc: serde_json::Value = serde_json::from_str(&s.text).unwrap();
    // A primitive outside the schema's list.
    let mut bad_enum = doc.clone();
    bad_enum["components"][0]["cryptoProperties"]["algorithmProperties"]["primitive"] =
        "quantum".into();
    // A field the schema does not have (cryptoProperties allows no others).
    doc["components"][0]["cryptoProperties"]["verdict"] = "fail".into();
    for (name, broken, expected) in [
        ("enum", bad_enum, "'quantum' is not one of"),
        ("extra", doc, "'verdict' was unexpected"),
    ] {
        let path = s.dir.join(format!("broken-{name}.cdx.json"));
        std::fs::write(&path, serde_json::to_string(&broken).unwrap()).unwrap();
        let out = validate(&path);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
    }
}

#[test]
fn bom_refs_are_unique_and_every_reference_resolves() {
    let cbom = &scanned().cbom;
    let mut refs = HashSet::new();
    for c in &cbom.components {
        assert!(refs.insert(c.bom_ref.as_str()), "duplicate {}", c.bom_ref);
    }
    let mut used: Vec<&String> = Vec::new();
    for c in &cbom.components {
        let p = &c.crypto_properties;
        if let Some(protocol) = &p.protocol_properties {
            used.extend(&protocol.crypto_ref_array);
            used.extend(protocol.cipher_suites.iter().flat_map(|s| &s.algorithms));
        }
        if let Some(cert) = &p.certificate_properties {
            used.extend(&cert.signature_algorithm_ref);
            used.extend(&cert.subject_public_key_ref);
        }
        if let Some(key) = &p.related_crypto_material_properties {
            used.push(&key.algorithm_ref);
        }
    }
    for d in &cbom.dependencies {
        used.push(&d.reference);
        used.extend(&d.depends_on);
    }
    let dangling: BTreeSet<&str> = used
        .iter()
        .map(|r| r.as_str())
        .filter(|r| !refs.contains(r))
        .collect();
    assert!(dangling.is_empty(), "unresolved refs: {dangling:?}");
}

#[test]
fn the_facts_are_in_the_cbom() {
    let Scanned { cbom, facts, .. } = scanned();
    assert_eq!(cbom.metadata.timestamp, facts.finished_at);
    assert_eq!(
        cbom.metadata.supplier.as_ref().map(|s| s.name.as_str()),
        Some("Gemeente Tlsproef")
    );
    let mut endpoints = 0;
    for endpoint in facts.domains.iter().flat_map(|d| &d.web.tls) {
        for version in endpoint.supported_versions() {
            endpoints += 1;
            let c = protocol(cbom, &endpoint.host, version);
            assert_eq!(property(c, "transport"), Some("tcp"));
            assert_eq!(property(c, "port"), Some("443"));
            let suites: Vec<(String, Vec<String>)> = c
                .crypto_properties
                .protocol_properties
                .as_ref()
                .unwrap()
                .cipher_suites
                .iter()
                .map(|s| (s.name.clone(), s.identifiers.clone()))
                .collect();
            let accepted: Vec<(String, Vec<String>)> = endpoint
                .suites
                .iter()
                .filter(|s| s.version == version)
                .flat_map(|s| &s.accepted)
                .map(|s| (s.to_string(), vec![format!("0x{:04X}", s.0)]))
                .collect();
            assert_eq!(suites, accepted, "{} {version}", endpoint.host);
            if version == ProtocolVersion::TLSV1_3 {
                let uses = names_of(cbom, refs_of(c));
                for g in endpoint.key_exchange.tls13_supported() {
                    let name = pastoe::report::cbom::algorithm(&g.to_string()).name;
                    assert!(uses.contains(&name), "{} {g}: {uses:?}", endpoint.host);
                }
            }
        }
        // Every certificate of the chain, with its signature algorithm and key.
        for cert in endpoint.chain.iter().flat_map(|c| &c.certificates) {
            let c = component(cbom, &format!("crypto/certificate/sha256:{}", cert.sha256));
            assert_eq!(c.hashes[0].content, cert.sha256);
            let props = c.crypto_properties.certificate_properties.as_ref().unwrap();
            assert_eq!(props.subject_name.as_deref(), Some(cert.subject.as_str()));
            assert_eq!(
                props.not_valid_after.as_deref(),
                Some(cert.not_after.as_str())
            );
            let signature = component(cbom, props.signature_algorithm_ref.as_ref().unwrap());
            assert_eq!(signature.name, cert.signature.name);
            assert_eq!(
                signature.crypto_properties.oid.as_deref(),
                Some(cert.signature.oid.as_str())
            );
            let key = component(cbom, props.subject_public_key_ref.as_ref().unwrap());
            let material = key
                .crypto_properties
                .related_crypto_material_properties
                .as_ref()
                .unwrap();
            assert_eq!(material.size, cert.key.bits, "{}", cert.subject);
        }
    }
    assert!(endpoints >= 8, "only {endpoints} protocol components");
}

#[test]
fn what_the_fixtures_are_known_to_use() {
    let cbom = &scanned().cbom;
    let uses = |host, version| names_of(cbom, refs_of(protocol(cbom, host, version)));
    let modern = uses("modern.tlsproef.nl", ProtocolVersion::TLSV1_3);
    for name in [
        "X25519",
        "ECDH-P-256",
        "AES-256-GCM",
        "ChaCha20-Poly1305",
        "SHA-384",
    ] {
        assert!(
            modern.contains(name),
            "modern TLSv1.3 lacks {name}: {modern:?}"
        );
    }
    // Static RSA key exchange, CBC with HMAC-SHA-1 and a 1024-bit DH group on TLS 1.0.
    let old = uses("old.tlsproef.nl", ProtocolVersion::TLSV1_0);
    for name in ["RSAES-PKCS1-v1_5", "AES-128-CBC", "HMAC-SHA-1", "FFDH-1024"] {
        assert!(old.contains(name), "old TLSv1.0 lacks {name}: {old:?}");
    }
    let custom = uses("customdh2048.tlsproef.nl", ProtocolVersion::TLSV1_2);
    assert!(custom.contains("FFDH-2048"), "{custom:?}");
    // The leaf keys: RSA-1024 (the handshake was refused, the chain still seen), ECDSA P-384.
    for (host, key, size) in [
        ("rsa1024.tlsproef.nl", "RSA-1024", 1024),
        ("ecp384.tlsproef.nl", "ECDSA-P-384", 384),
    ] {
        let leaf = cbom
            .components
            .iter()
            .find(|c| c.name == host && c.crypto_properties.asset_type == AssetType::Certificate)
            .unwrap_or_else(|| panic!("no certificate for {host}"));
        let props = leaf
            .crypto_properties
            .certificate_properties
            .as_ref()
            .unwrap();
        let k = component(cbom, props.subject_public_key_ref.as_ref().unwrap());
        assert_eq!(k.name, key);
        let material = k
            .crypto_properties
            .related_crypto_material_properties
            .as_ref()
            .unwrap();
        assert_eq!(material.size, Some(size));
        let algorithm = component(cbom, &material.algorithm_ref);
        let ap = algorithm
            .crypto_properties
            .algorithm_properties
            .as_ref()
            .unwrap();
        assert_eq!(ap.primitive, Primitive::Signature);
        assert_eq!(ap.nist_quantum_security_level, Some(0));
    }
    // The zone's DNSSEC algorithm (ECDSAP256SHA256) and DS digest (SHA-256).
    let zone = component(cbom, "crypto/protocol/dnssec/tlsproef.nl");
    assert_eq!(
        names_of(cbom, refs_of(zone)),
        BTreeSet::from(["ECDSAP256SHA256".to_string(), "SHA-256".to_string()])
    );
}

#[test]
fn judge_gives_the_same_cbom_as_the_scan() {
    let s = scanned();
    let facts = s.facts_path.display().to_string();
    let run = pastoe(&[&["judge", "--facts", &facts], REPORT_ARGS].concat());
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert_eq!(run.stdout, s.text);
}

/// Post-quantum material, mail servers behind STARTTLS and SSH servers are in the inventory
/// too: the hybrid with its ML-KEM and classical parts, the mail server's TLS, and the SSH
/// key exchange methods as the server listed them.
#[test]
fn pq_mail_and_ssh_endpoints_are_inventoried() {
    let dir = scratch_dir("cbom-pq");
    let out = dir.join("cbom.json");
    let out_arg = out.display().to_string();
    let run = scan(
        &["pq.tlsproef.nl", "proefnet.nl", "ssh10.tlsproef.nl"],
        &["--ssh", "--format", "cbom", "--out", &out_arg],
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let check = validate(&out);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let cbom: Cbom = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let hybrid = cbom
        .components
        .iter()
        .find(|c| c.name == "X25519MLKEM768")
        .expect("the hybrid group");
    let alg = hybrid
        .crypto_properties
        .algorithm_properties
        .as_ref()
        .unwrap();
    assert_eq!(alg.primitive, Primitive::Kem);
    assert_eq!(alg.nist_quantum_security_level, Some(3));
    let parts = cbom
        .dependencies
        .iter()
        .find(|d| d.reference == hybrid.bom_ref)
        .map(|d| names_of(&cbom, &d.depends_on))
        .unwrap_or_default();
    assert!(
        parts.contains("ML-KEM-768") && parts.contains("X25519"),
        "{parts:?}"
    );
    let mx = protocol(&cbom, "mx.proefnet.nl", ProtocolVersion::TLSV1_3);
    assert_eq!(property(mx, "transport"), Some("smtp_starttls"));
    let ssh = cbom
        .components
        .iter()
        .find(|c| c.name.starts_with("SSH ssh10.tlsproef.nl"))
        .expect("the SSH endpoint");
    let methods = names_of(&cbom, refs_of(ssh));
    assert!(methods.contains("mlkem768x25519-sha256"), "{methods:?}");
    assert!(methods.contains("sntrup761x25519-sha512"), "{methods:?}");
    assert!(
        !methods.iter().any(|m| m.starts_with("kex-strict")),
        "{methods:?}"
    );
}
