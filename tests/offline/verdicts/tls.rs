//! The TLS, certificate and DANE verdicts on the golden facts of the nginx TLS hosts of the
//! test internet (zone tlsproef.nl, fixtures/net/hosts.toml), judged under NCSC 2025-05, then
//! the same facts under NCSC 2.1.

use crate::support;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use pastoe::report::ScanDocument;
use pastoe::rules::DEFAULT_TLS_RULES;
use pastoe::rules::Status::{self, Fail, Info, NotApplicable, Pass, Warning};
use support::assert_verdicts;
use support::golden::golden_doc;

const ONLY: &str = "web.tls.*,web.cert.*,web.dane.*";

const HOSTS: &[&str] = &[
    "modern.tlsproef.nl",
    "intermediate.tlsproef.nl",
    "old.tlsproef.nl",
    "noprefer.tlsproef.nl",
    "badorder.tlsproef.nl",
    "tls12only.tlsproef.nl",
    "tls13only.tlsproef.nl",
    "customdh2048.tlsproef.nl",
    "rsa1024.tlsproef.nl",
    "rsa2048.tlsproef.nl",
    "rsa3072.tlsproef.nl",
    "ecp384.tlsproef.nl",
    "expired.tlsproef.nl",
    "selfsigned.tlsproef.nl",
    "wrongname.tlsproef.nl",
    "sha1.tlsproef.nl",
    "ocsp.tlsproef.nl",
    "ocsprevoked.tlsproef.nl",
    "dane.tlsproef.nl",
    "danebad.tlsproef.nl",
    "daneta.tlsproef.nl",
];

/// The golden facts of every TLS host judged under the NCSC TLS table `tls_rules`: the
/// findings of the checks in [`ONLY`] on [`HOSTS`].
fn judge(tls_rules: &str) -> ScanDocument {
    let mut doc = golden_doc(&["tls"], tls_rules);
    let only = ONLY
        .split(',')
        .map(|p| p.trim_end_matches('*'))
        .collect::<Vec<_>>();
    doc.findings.retain(|f| {
        HOSTS.contains(&f.domain.as_str()) && only.iter().any(|p| f.check.starts_with(p))
    });
    doc
}

/// Under the default rules (NCSC 2025-05).
fn scanned() -> &'static ScanDocument {
    static DOC: OnceLock<ScanDocument> = OnceLock::new();
    DOC.get_or_init(|| judge(DEFAULT_TLS_RULES))
}

#[test]
fn ncsc_2025_05_verdicts() {
    let doc = scanned();
    assert_verdicts(
        doc,
        &[
            ("modern.tlsproef.nl", "web.tls.version", Pass, "ok"),
            ("modern.tlsproef.nl", "web.tls.ciphers", Pass, "ok"),
            (
                "modern.tlsproef.nl",
                "web.tls.cipher_order",
                NotApplicable,
                "not_applicable",
            ),
            ("modern.tlsproef.nl", "web.tls.key_exchange", Pass, "ok"),
            // Signature algorithms limited to SHA-256 and up (fixtures: sigalgs).
            ("modern.tlsproef.nl", "web.tls.kex_hash", Pass, "ok"),
            // Without that limit OpenSSL 3.0 signs with SHA-224 when that is all a client offers.
            (
                "intermediate.tlsproef.nl",
                "web.tls.kex_hash",
                Warning,
                "phase_out",
            ),
            ("modern.tlsproef.nl", "web.tls.compression", Pass, "ok"),
            ("modern.tlsproef.nl", "web.tls.secure_reneg", Pass, "ok"),
            // nginx refuses client-initiated renegotiation (tests/live/reneg.rs).
            (
                "modern.tlsproef.nl",
                "web.tls.client_reneg",
                Pass,
                "not_allowed",
            ),
            ("modern.tlsproef.nl", "web.tls.ems", Pass, "ok"),
            ("modern.tlsproef.nl", "web.tls.zero_rtt", Pass, "ok"),
            ("modern.tlsproef.nl", "web.tls.ocsp", Pass, "no_ocsp_url"),
            ("modern.tlsproef.nl", "web.cert.chain", Pass, "ok"),
            ("modern.tlsproef.nl", "web.cert.pubkey", Pass, "ok"),
            ("modern.tlsproef.nl", "web.cert.signature", Pass, "ok"),
            ("modern.tlsproef.nl", "web.cert.name", Pass, "ok"),
            ("modern.tlsproef.nl", "web.dane.exists", Info, "none"),
            (
                "modern.tlsproef.nl",
                "web.dane.valid",
                NotApplicable,
                "not_applicable",
            ),
            ("old.tlsproef.nl", "web.tls.version", Fail, "insufficient"),
            ("old.tlsproef.nl", "web.tls.ciphers", Fail, "insufficient"),
            (
                "old.tlsproef.nl",
                "web.tls.cipher_order",
                Fail,
                "wrong_order",
            ),
            (
                "old.tlsproef.nl",
                "web.tls.key_exchange",
                Fail,
                "insufficient",
            ),
            ("old.tlsproef.nl", "web.tls.kex_hash", Fail, "insufficient"),
            (
                "old.tlsproef.nl",
                "web.tls.zero_rtt",
                NotApplicable,
                "not_applicable",
            ),
            ("old.tlsproef.nl", "web.cert.pubkey", Warning, "phase_out"),
            (
                "intermediate.tlsproef.nl",
                "web.tls.ciphers",
                Warning,
                "phase_out",
            ),
            (
                "intermediate.tlsproef.nl",
                "web.tls.cipher_order",
                Pass,
                "ok",
            ),
            (
                "intermediate.tlsproef.nl",
                "web.tls.key_exchange",
                Fail,
                "insufficient",
            ),
            (
                "noprefer.tlsproef.nl",
                "web.tls.cipher_order",
                Fail,
                "no_server_preference",
            ),
            (
                "badorder.tlsproef.nl",
                "web.tls.cipher_order",
                Fail,
                "wrong_order",
            ),
            ("tls12only.tlsproef.nl", "web.tls.version", Pass, "ok"),
            (
                "tls12only.tlsproef.nl",
                "web.tls.zero_rtt",
                NotApplicable,
                "not_applicable",
            ),
            (
                "tls13only.tlsproef.nl",
                "web.tls.cipher_order",
                NotApplicable,
                "not_applicable",
            ),
            (
                "tls13only.tlsproef.nl",
                "web.tls.kex_hash",
                NotApplicable,
                "not_applicable",
            ),
            (
                "tls13only.tlsproef.nl",
                "web.tls.ems",
                NotApplicable,
                "not_applicable",
            ),
            (
                "tls13only.tlsproef.nl",
                "web.tls.secure_reneg",
                NotApplicable,
                "not_applicable",
            ),
            (
                "customdh2048.tlsproef.nl",
                "web.tls.key_exchange",
                Fail,
                "insufficient",
            ),
            // rustls refuses a DHE-only server; the chain comes from pastoe's own hello.
            ("customdh2048.tlsproef.nl", "web.cert.chain", Pass, "ok"),
            (
                "rsa1024.tlsproef.nl",
                "web.cert.pubkey",
                Fail,
                "insufficient",
            ),
            (
                "rsa2048.tlsproef.nl",
                "web.cert.pubkey",
                Warning,
                "phase_out",
            ),
            ("rsa3072.tlsproef.nl", "web.cert.pubkey", Pass, "ok"),
            ("ecp384.tlsproef.nl", "web.cert.pubkey", Pass, "ok"),
            ("expired.tlsproef.nl", "web.cert.chain", Fail, "expired"),
            (
                "selfsigned.tlsproef.nl",
                "web.cert.chain",
                Fail,
                "self_signed",
            ),
            ("wrongname.tlsproef.nl", "web.cert.name", Fail, "mismatch"),
            ("wrongname.tlsproef.nl", "web.cert.chain", Pass, "ok"),
            (
                "sha1.tlsproef.nl",
                "web.cert.signature",
                Fail,
                "insufficient",
            ),
            ("ocsp.tlsproef.nl", "web.tls.ocsp", Pass, "stapled"),
            // Recommended: a fail is shown as a warning.
            (
                "ocsprevoked.tlsproef.nl",
                "web.tls.ocsp",
                Warning,
                "invalid_staple",
            ),
            ("dane.tlsproef.nl", "web.dane.exists", Pass, "ok"),
            ("dane.tlsproef.nl", "web.dane.valid", Pass, "ok"),
            ("danebad.tlsproef.nl", "web.dane.exists", Pass, "ok"),
            ("danebad.tlsproef.nl", "web.dane.valid", Warning, "mismatch"),
            // DANE-TA (2 0 1 of the test CA) matches, but the leaf is for elders.tlsproef.nl:
            // a DANE-TA record trusts a CA, so the name must match (RFC 7672 §3.2.2).
            ("daneta.tlsproef.nl", "web.dane.valid", Pass, "ok"),
            (
                "daneta.tlsproef.nl",
                "web.cert.name",
                Fail,
                "mismatch_dane_ta",
            ),
        ],
    );
}

#[test]
fn findings_name_the_offending_items() {
    let doc = scanned();
    let message = |domain: &str, check: &str| {
        let f = support::finding(doc, domain, check);
        let mut all = f.message.en.clone();
        for d in &f.details {
            all.push_str(&d.message.en);
        }
        all
    };
    let ciphers = message("old.tlsproef.nl", "web.tls.ciphers");
    assert!(
        ciphers.contains("TLS_RSA_WITH_AES_128_CBC_SHA (0x002F)"),
        "{ciphers}"
    );
    let kex = message("old.tlsproef.nl", "web.tls.key_exchange");
    assert!(
        kex.contains("DHE 1024-bit") && kex.contains("RSA key exchange"),
        "{kex}"
    );
    let key = message("rsa1024.tlsproef.nl", "web.cert.pubkey");
    assert!(key.contains("RSA 1024 bit"), "{key}");
    let order = message("badorder.tlsproef.nl", "web.tls.cipher_order");
    assert!(order.contains("0xC023"), "{order}");
}

/// Judging the same facts under NCSC 2.1 changes exactly the verdicts where the two
/// tables differ (tls-ncsc.md), and nothing else.
#[test]
fn switching_tls_rules_changes_exactly_the_expected_verdicts() {
    let new = judge(DEFAULT_TLS_RULES);
    let old = judge("2.1");
    let index = |doc: &ScanDocument| -> BTreeMap<(String, String), (Status, String)> {
        doc.findings
            .iter()
            .map(|f| {
                (
                    (f.domain.clone(), f.check.clone()),
                    (f.status, f.outcome.clone()),
                )
            })
            .collect()
    };
    let (new, old) = (index(&new), index(&old));
    assert_eq!(
        new.keys().collect::<Vec<_>>(),
        old.keys().collect::<Vec<_>>()
    );
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(k, v)| old[*k] != **v)
        .map(|((d, c), (s, o))| {
            let (s2, o2) = &old[&(d.clone(), c.clone())];
            format!("{d} {c}: {s:?}/{o} -> {s2:?}/{o2}")
        })
        .collect();
    changed.sort();
    let expected = [
        // ECDHE-ECDSA AES-CBC-SHA256: Phase out in 2025-05, Sufficient in 2.1.
        "badorder.tlsproef.nl web.tls.ciphers: Warning/phase_out -> Pass/ok",
        // ffdhe2048: Insufficient in 2025-05, Phase out in 2.1; DHE_RSA GCM suites Phase out → Sufficient.
        "customdh2048.tlsproef.nl web.cert.pubkey: Warning/phase_out -> Pass/ok",
        "customdh2048.tlsproef.nl web.tls.ciphers: Warning/phase_out -> Pass/ok",
        "intermediate.tlsproef.nl web.cert.pubkey: Warning/phase_out -> Pass/ok",
        "intermediate.tlsproef.nl web.tls.ciphers: Warning/phase_out -> Pass/ok",
        "intermediate.tlsproef.nl web.tls.key_exchange: Fail/insufficient -> Warning/phase_out",
        "noprefer.tlsproef.nl web.tls.ciphers: Warning/phase_out -> Pass/ok",
        // TLS 1.0/1.1: Insufficient → Phase out; CBC-SHA1 and static RSA suites move up a class.
        "old.tlsproef.nl web.cert.pubkey: Warning/phase_out -> Pass/ok",
        "old.tlsproef.nl web.tls.ciphers: Fail/insufficient -> Warning/phase_out",
        "old.tlsproef.nl web.tls.kex_hash: Fail/insufficient -> Warning/phase_out",
        "old.tlsproef.nl web.tls.version: Fail/insufficient -> Warning/phase_out",
        // RSA 2048: Phase out in 2025-05, Sufficient in 2.1; SHA-1 kex signatures: Insufficient vs Phase out.
        "rsa1024.tlsproef.nl web.tls.kex_hash: Fail/insufficient -> Warning/phase_out",
        "rsa2048.tlsproef.nl web.cert.pubkey: Warning/phase_out -> Pass/ok",
        "sha1.tlsproef.nl web.tls.kex_hash: Fail/insufficient -> Warning/phase_out",
    ];
    assert_eq!(
        changed,
        expected,
        "changed verdicts:\n{}",
        changed.join("\n")
    );
}
