//! The DNSSEC, CAA and IPv6 checks' verdicts on the golden facts of the fake DNS tree
//! (tests/live/dns.rs compares the DNSSEC facts with delv).

use crate::support;

use std::sync::OnceLock;

use pastoe::report::ScanDocument;
use pastoe::rules::DEFAULT_TLS_RULES;
use pastoe::rules::Status::{self, *};
use support::finding;
use support::golden::golden_doc;

/// The golden facts of the web and DNS fixtures, judged.
fn all() -> &'static ScanDocument {
    static DOC: OnceLock<ScanDocument> = OnceLock::new();
    DOC.get_or_init(|| golden_doc(&["web", "dns"], DEFAULT_TLS_RULES))
}

/// (name, check, status, outcome key or "")
const EXPECTED: &[(&str, &str, Status, &str)] = &[
    ("goedstad.nl", "web.dnssec.exists", Pass, "signed"),
    ("goedstad.nl", "web.dnssec.valid", Pass, "secure"),
    ("oudeland.nl", "web.dnssec.exists", Fail, "unsigned"),
    (
        "oudeland.nl",
        "web.dnssec.valid",
        NotApplicable,
        "not_tested",
    ),
    ("verlopen.nl", "web.dnssec.exists", Pass, "signed"),
    ("verlopen.nl", "web.dnssec.valid", Fail, "bogus"),
    ("verkeerdeds.nl", "web.dnssec.valid", Fail, "bogus"),
    ("dangling.proefnet.nl", "web.dnssec.valid", Pass, "secure"),
    ("dangling.proefnet.nl", "mail.dnssec.valid", Pass, "secure"),
    ("geendnskey.nl", "web.dnssec.valid", Fail, "bogus"),
    ("onbekendalg.nl", "web.dnssec.exists", Fail, "unsigned"),
    (
        "onbekendalg.nl",
        "web.dnssec.valid",
        Warning,
        "unsupported_algorithm",
    ),
    (
        "doesnotexist.proefnet.nl",
        "web.dnssec.exists",
        Error,
        "nonexistent",
    ),
    ("caa-goed.proefnet.nl", "web.caa", Pass, "ok"),
    ("caa-fout.proefnet.nl", "web.caa", Warning, ""),
    ("caa-geen.oudeland.nl", "web.caa", Warning, "none"),
    ("www.goedstad.nl", "web.caa", Pass, "ok"),
    ("v6ns.nl", "web.ipv6.ns_address", Pass, "ok"),
    ("v6half.nl", "web.ipv6.ns_address", Fail, "too_few"),
    ("oudeland.nl", "web.ipv6.ns_address", Fail, "none"),
    ("v6goed.proefnet.nl", "web.ipv6.address", Pass, "ok"),
    ("v6goed.proefnet.nl", "web.ipv6.reach", Pass, "ok"),
    ("v6goed.proefnet.nl", "web.ipv6.similar", Pass, "ok"),
    ("v4only.proefnet.nl", "web.ipv6.address", Fail, "none"),
    (
        "v4only.proefnet.nl",
        "web.ipv6.reach",
        NotApplicable,
        "not_tested",
    ),
    ("v6dood.proefnet.nl", "web.ipv6.reach", Fail, "unreachable"),
    (
        "v6dood.proefnet.nl",
        "web.ipv6.similar",
        NotApplicable,
        "not_tested",
    ),
    (
        "v6anders.proefnet.nl",
        "web.ipv6.similar",
        Warning,
        "content_differs",
    ),
    ("v6ns.nl", "web.ipv6.ns_reach", Pass, "ok"),
    ("v6stuk.nl", "web.ipv6.ns_address", Pass, "ok"),
    ("v6stuk.nl", "web.ipv6.ns_reach", Fail, "unreachable"),
    ("v6half.nl", "mail.ipv6.ns_address", Fail, "too_few"),
    ("goedstad.nl", "mail.dnssec.valid", Pass, "secure"),
    (
        "goedstad.nl",
        "mail.dnssec.mx_exists",
        NotApplicable,
        "no_mx",
    ),
    // A CNAME loop: every lookup fails cleanly, nothing hangs.
    (
        "cnameloop.proefnet.nl",
        "web.dnssec.exists",
        Error,
        "failed",
    ),
    (
        "cnameloop.proefnet.nl",
        "web.https.available",
        Error,
        "dns_error",
    ),
];

#[test]
fn every_dns_check_gets_its_verdict() {
    support::assert_verdicts(all(), EXPECTED);
}

#[test]
fn every_mx_host_is_judged_on_its_own() {
    let doc = all();
    let per_mx = |check: &str| -> Vec<(String, Status, String)> {
        let mut v: Vec<_> = doc
            .findings
            .iter()
            .filter(|f| f.domain == "proefnet.nl" && f.check == check)
            .map(|f| (f.subject.clone(), f.status, f.outcome.clone()))
            .collect();
        v.sort();
        v
    };
    let s = |x: &str| x.to_string();
    assert_eq!(
        per_mx("mail.dnssec.mx_exists"),
        [
            (s("mx.oudeland.nl"), Fail, s("unsigned")),
            (s("mx.proefnet.nl"), Pass, s("signed")),
            (s("mx.verlopen.nl"), Pass, s("signed"))
        ]
    );
    assert_eq!(
        per_mx("mail.dnssec.mx_valid"),
        [
            (s("mx.oudeland.nl"), NotApplicable, s("not_tested")),
            (s("mx.proefnet.nl"), Pass, s("secure")),
            (s("mx.verlopen.nl"), Fail, s("bogus"))
        ]
    );
}

#[test]
fn bogus_zones_say_why() {
    let doc = all();
    for (name, reason) in [
        ("verlopen.nl", "expired"),
        ("verkeerdeds.nl", "DS mismatch"),
        ("geendnskey.nl", "missing DNSKEY"),
    ] {
        let f = finding(doc, name, "web.dnssec.valid");
        assert!(f.message.en.contains(reason), "{name}: {}", f.message.en);
    }
}

#[test]
fn the_algorithm_inventory_is_recorded() {
    let doc = all();
    let f = finding(doc, "goedstad.nl", "web.dnssec.valid");
    assert_eq!(f.evidence["dnskey_algorithms"], serde_json::json!([13]));
    assert_eq!(f.evidence["ds_digest_types"], serde_json::json!([2]));
}

/// RFC 9904 and RFC 9905 grades of each zone's DNSKEY and DS algorithms and DS digest types
/// (web.dnssec.algorithms, not scoring, recommended), on zones of fixtures/net/hosts.toml
/// signed with them; unbound and delv validate all four (tests/live/dns.rs).
#[test]
fn dnssec_algorithms_are_graded_per_rfc_9904_and_9905() {
    let doc = all();
    let a = "web.dnssec.algorithms";
    support::assert_verdicts(
        doc,
        &[
            // RSASHA1 (5) and RSASHA1-NSEC3-SHA1 (7): MUST NOT sign since RFC 9905 §2, but
            // validators still validate them: a warning with the roll to advise.
            ("rsasha1.nl", a, Warning, "signing_must_not"),
            ("nsec3rsasha1.nl", a, Warning, "signing_must_not"),
            // ECDSAP256SHA256 with only a SHA-1 DS: SHA-1 MUST NOT be used for DS records.
            ("sha1ds.nl", a, Warning, "ds_must_not"),
            ("ed25519.nl", a, Pass, "recommended"),
            ("goedstad.nl", a, Pass, "recommended"),
            // a DS with algorithm 253 (PRIVATEDNS): MAY
            ("onbekendalg.nl", a, Pass, "allowed"),
            ("oudeland.nl", a, NotApplicable, "unsigned"),
        ],
    );
    // nsec3rsasha1.nl has a SHA-1 DS beside the SHA-256 one: both problems, each with advice.
    let f = finding(doc, "nsec3rsasha1.nl", a);
    let keys: Vec<&str> = f.details.iter().map(|d| d.outcome.as_str()).collect();
    assert_eq!(keys, ["signing_must_not", "ds_must_not"]);
    assert!(
        f.message.en.contains("RSASHA1-NSEC3-SHA1 (7)"),
        "{}",
        f.message.en
    );
    assert!(
        f.details[1].message.en.contains("SHA-1 (1)"),
        "{}",
        f.details[1].message.en
    );
    for d in &f.details {
        let advice = &d.advice.as_ref().expect("advice").en;
        assert!(
            advice.contains("ED25519") || advice.contains("SHA-256"),
            "{advice}"
        );
    }
    assert_eq!(f.evidence["dnskey_algorithms"], serde_json::json!([7]));
    assert_eq!(f.evidence["ds_digest_types"], serde_json::json!([1, 2]));
    assert_eq!(f.evidence["grades"]["RSASHA1-NSEC3-SHA1 (7)"], "MUST NOT");
    // Not scoring and recommended: never a compliance blocker.
    let rules = pastoe::judge::embedded_rules().unwrap();
    assert!(!rules.check(a).unwrap().scoring);
    assert!(
        doc.findings
            .iter()
            .filter(|f| f.check == a)
            .all(|f| !f.blocks_compliance())
    );
}

/// The mail copy grades the mail domain's zone and the zone of every MX once:
/// mx-rsasha1.mailproef.nl (signed with ECDSAP256SHA256) has its MX in the RSASHA1 zone.
#[test]
fn mail_dnssec_algorithms_grade_the_mx_zones_too() {
    let doc = golden_doc(&["mail"], DEFAULT_TLS_RULES);
    let mut zones: Vec<(&str, Status, &str)> = doc
        .findings
        .iter()
        .filter(|f| f.domain == "mx-rsasha1.mailproef.nl" && f.check == "mail.dnssec.algorithms")
        .map(|f| (f.subject.as_str(), f.status, f.outcome.as_str()))
        .collect();
    zones.sort();
    assert_eq!(
        zones,
        [
            ("mailproef.nl", Pass, "recommended"),
            ("rsasha1.nl", Warning, "signing_must_not")
        ]
    );
}

#[test]
fn caa_problems_are_listed() {
    let doc = all();
    let f = finding(doc, "caa-fout.proefnet.nl", "web.caa");
    let outcomes: Vec<&str> = f.details.iter().map(|d| d.outcome.as_str()).collect();
    for expected in ["invalid_iodef", "unknown_critical", "invalid_issue"] {
        assert!(outcomes.contains(&expected), "{outcomes:?}");
    }
    let f = finding(doc, "www.goedstad.nl", "web.caa");
    assert_eq!(f.evidence["found_at"], "goedstad.nl");
}
