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
