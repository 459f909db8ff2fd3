//! The web checks' verdicts on the golden facts of every web fixture host
//! (tests/live/golden.rs holds them to the live test internet).

use crate::support;

use std::sync::OnceLock;

use pastoe::report::ScanDocument;
use pastoe::rules::DEFAULT_TLS_RULES;
use pastoe::rules::Status::{self, *};
use support::golden::golden_doc;
use support::{finding, status};

const AVAILABLE: &str = "web.https.available";

const REDIRECT: &str = "web.https.redirect";

const HSTS: &str = "web.https.hsts";

const COMPRESSION: &str = "web.https.compression";

const XFO: &str = "web.headers.x_frame_options";

const XCTO: &str = "web.headers.x_content_type_options";

const CSP: &str = "web.headers.csp";

const REFERRER: &str = "web.headers.referrer_policy";

const SECTXT: &str = "web.security_txt";

/// Every check's status on every fixture host, in the column order of [`COLUMNS`]:
/// P pass, F fail, W warning, I info, N not applicable, E error.
const COLUMNS: [&str; 9] = [
    AVAILABLE,
    REDIRECT,
    HSTS,
    COMPRESSION,
    XFO,
    XCTO,
    CSP,
    REFERRER,
    SECTXT,
];

const MATRIX: &[(&str, &str)] = &[
    ("goed.proefnet.nl", "PPPPPPPPP"),
    ("nohttps.proefnet.nl", "FFNNNNNNN"),
    ("noredirect.proefnet.nl", "PFPPPPPPP"),
    ("otherhost.proefnet.nl", "PFPPPPPPP"),
    ("httpredirect.proefnet.nl", "PFPPPPPPP"),
    ("shorthsts.proefnet.nl", "PPFPPPPPP"),
    ("twohsts.proefnet.nl", "PPFPPPPPP"),
    ("noheaders.proefnet.nl", "PPFPIWWIF"),
    ("badheaders.proefnet.nl", "PPFPIWWWP"),
    ("compressed.proefnet.nl", "PPPIPPPPP"),
    ("tls10.proefnet.nl", "FPNNNNNNN"),
    ("loop.proefnet.nl", "PFPPPPPPE"),
    ("sectxt-expired.proefnet.nl", "PPPPPPPPF"),
    ("sectxt-nocontact.proefnet.nl", "PPPPPPPPF"),
    ("sectxt-fallback.proefnet.nl", "PPPPPPPPF"),
    ("sectxt-signed.proefnet.nl", "PPPPPPPPP"),
    ("sectxt-unsigned.proefnet.nl", "PPPPPPPPI"),
    ("sectxt-wrongtype.proefnet.nl", "PPPPPPPPF"),
    ("sectxt-longexpiry.proefnet.nl", "PPPPPPPPI"),
    ("sectxt-huge.proefnet.nl", "PPPPPPPPF"),
    ("sectxt-invalid.proefnet.nl", "PPPPPPPPF"),
    ("sectxt-wrongcanonical.proefnet.nl", "PPPPPPPPF"),
    ("silent.proefnet.nl", "EENNNNNNN"),
    ("trickle.proefnet.nl", "EENNNNNNN"),
    ("malformed.proefnet.nl", "EENNNNNNN"),
    ("refused.proefnet.nl", "ENNNNNNNN"),
    // A name that does not exist: every check says so, as an error.
    ("doesnotexist.proefnet.nl", "EEEEEEEEE"),
];

fn letter(status: Status) -> char {
    match status {
        Pass => 'P',
        Fail => 'F',
        Warning => 'W',
        Info => 'I',
        NotApplicable => 'N',
        Error => 'E',
    }
}

/// Why: the outcome key behind a status, where the status alone would not prove the
/// right reason.
const EXPECTED: &[(&str, &str, Status, &str)] = &[
    ("goed.proefnet.nl", AVAILABLE, Pass, "ok"),
    ("goed.proefnet.nl", REDIRECT, Pass, "ok"),
    ("goed.proefnet.nl", HSTS, Pass, "ok"),
    ("goed.proefnet.nl", COMPRESSION, Pass, "ok"),
    ("goed.proefnet.nl", XFO, Pass, "ok"),
    ("goed.proefnet.nl", XCTO, Pass, "ok"),
    ("goed.proefnet.nl", CSP, Pass, "ok"),
    ("goed.proefnet.nl", REFERRER, Pass, "good"),
    ("goed.proefnet.nl", SECTXT, Pass, "ok"),
    ("nohttps.proefnet.nl", AVAILABLE, Fail, "not_offered"),
    ("nohttps.proefnet.nl", REDIRECT, Fail, "no_redirect"),
    ("nohttps.proefnet.nl", HSTS, NotApplicable, "not_tested"),
    ("nohttps.proefnet.nl", CSP, NotApplicable, "not_tested"),
    ("nohttps.proefnet.nl", SECTXT, NotApplicable, "not_tested"),
    ("noredirect.proefnet.nl", REDIRECT, Fail, "no_redirect"),
    ("noredirect.proefnet.nl", AVAILABLE, Pass, "ok"),
    ("otherhost.proefnet.nl", REDIRECT, Fail, "other_host"),
    ("httpredirect.proefnet.nl", REDIRECT, Fail, "not_https"),
    ("shorthsts.proefnet.nl", HSTS, Fail, "too_short"),
    ("twohsts.proefnet.nl", HSTS, Fail, "too_short"),
    ("noheaders.proefnet.nl", HSTS, Fail, "missing"),
    ("noheaders.proefnet.nl", XFO, Info, "missing"),
    ("noheaders.proefnet.nl", XCTO, Warning, "missing"),
    ("noheaders.proefnet.nl", CSP, Warning, "missing"),
    ("noheaders.proefnet.nl", REFERRER, Info, "missing"),
    ("noheaders.proefnet.nl", SECTXT, Fail, "missing"),
    ("badheaders.proefnet.nl", HSTS, Fail, "invalid"),
    ("badheaders.proefnet.nl", XFO, Info, "invalid"),
    ("badheaders.proefnet.nl", XCTO, Warning, "invalid"),
    ("badheaders.proefnet.nl", CSP, Warning, ""),
    ("badheaders.proefnet.nl", REFERRER, Warning, "unsafe"),
    ("compressed.proefnet.nl", COMPRESSION, Info, "compressed"),
    ("compressed.proefnet.nl", HSTS, Pass, "ok"),
    ("tls10.proefnet.nl", AVAILABLE, Fail, "tls_failed"),
    ("tls10.proefnet.nl", REDIRECT, Pass, "ok"),
    ("tls10.proefnet.nl", HSTS, NotApplicable, "not_tested"),
    ("loop.proefnet.nl", REDIRECT, Fail, "not_https"),
    ("loop.proefnet.nl", SECTXT, Error, "fetch_failed"),
    ("sectxt-expired.proefnet.nl", SECTXT, Fail, "expired"),
    ("sectxt-nocontact.proefnet.nl", SECTXT, Fail, "no_contact"),
    (
        "sectxt-fallback.proefnet.nl",
        SECTXT,
        Fail,
        "fallback_location",
    ),
    ("sectxt-signed.proefnet.nl", SECTXT, Pass, "ok"),
    ("sectxt-unsigned.proefnet.nl", SECTXT, Info, "not_signed"),
    (
        "sectxt-wrongtype.proefnet.nl",
        SECTXT,
        Fail,
        "invalid_content_type",
    ),
    ("sectxt-longexpiry.proefnet.nl", SECTXT, Info, "long_expiry"),
    ("sectxt-huge.proefnet.nl", SECTXT, Fail, "too_large"),
    ("sectxt-invalid.proefnet.nl", SECTXT, Fail, ""),
    (
        "sectxt-wrongcanonical.proefnet.nl",
        SECTXT,
        Fail,
        "no_canonical_match",
    ),
    ("silent.proefnet.nl", AVAILABLE, Error, "timeout"),
    ("silent.proefnet.nl", REDIRECT, Error, "failed"),
    ("silent.proefnet.nl", HSTS, NotApplicable, "not_tested"),
    ("trickle.proefnet.nl", AVAILABLE, Error, "timeout"),
    ("malformed.proefnet.nl", AVAILABLE, Error, "malformed"),
    ("malformed.proefnet.nl", REDIRECT, Error, "failed"),
    ("refused.proefnet.nl", AVAILABLE, Error, "unreachable"),
    ("refused.proefnet.nl", REDIRECT, NotApplicable, "not_tested"),
    ("doesnotexist.proefnet.nl", AVAILABLE, Error, "nonexistent"),
    ("doesnotexist.proefnet.nl", HSTS, Error, "nonexistent"),
];

fn hosts() -> Vec<&'static str> {
    MATRIX.iter().map(|(h, _)| *h).collect()
}

/// The golden facts of every fixture host, judged.
fn all() -> &'static ScanDocument {
    static DOC: OnceLock<ScanDocument> = OnceLock::new();
    DOC.get_or_init(|| golden_doc(&["web", "dns"], DEFAULT_TLS_RULES))
}

#[test]
fn every_check_on_every_fixture_has_its_status() {
    let doc = all();
    let mut wrong = Vec::new();
    for (host, row) in MATRIX {
        let got: String = COLUMNS
            .iter()
            .map(|check| letter(status(doc, host, check)))
            .collect();
        if got != *row {
            wrong.push(format!("{host}: got {got} want {row}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "columns {COLUMNS:?}\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_fixture_fails_for_the_right_reason() {
    support::assert_verdicts(all(), EXPECTED);
}

#[test]
fn every_domain_gets_every_check() {
    let doc = all();
    for host in hosts() {
        let always = pastoe::judge::checks::ALL
            .iter()
            .filter(|s| s.hosts != pastoe::judge::checks::Hosts::OnRequest)
            .filter(|s| s.hosts != pastoe::judge::checks::Hosts::Found);
        for spec in always {
            let n = doc
                .findings
                .iter()
                .filter(|f| f.domain == host && f.check == spec.id)
                .count();
            assert_eq!(n, 1, "{host} {}", spec.id);
        }
    }
}

#[test]
fn findings_carry_texts_and_evidence() {
    let doc = all();
    let f = finding(doc, "shorthsts.proefnet.nl", HSTS);
    assert!(f.message.en.contains("300"), "{}", f.message.en);
    assert!(f.message.nl.contains("300"), "{}", f.message.nl);
    assert!(
        f.message.en.contains("31536000"),
        "threshold from the rule: {}",
        f.message.en
    );
    assert!(f.advice.is_some());
    assert_eq!(f.evidence["headers"][0], "max-age=300; includeSubDomains");
    assert_eq!(f.level, pastoe::rules::Level::Required);
    assert!(f.reference.starts_with("https://"));
    let csp = finding(doc, "badheaders.proefnet.nl", CSP);
    let problems: Vec<&str> = csp.details.iter().map(|d| d.outcome.as_str()).collect();
    for expected in ["unsafe_inline", "unsafe_eval", "wildcard"] {
        assert!(problems.contains(&expected), "{problems:?}");
    }
    let sectxt = finding(doc, "sectxt-invalid.proefnet.nl", SECTXT);
    let problems: Vec<&str> = sectxt.details.iter().map(|d| d.outcome.as_str()).collect();
    for expected in [
        "invalid_line",
        "multi_expire",
        "insecure_uri",
        "unknown_field",
    ] {
        assert!(problems.contains(&expected), "{problems:?}");
    }
}

#[test]
fn a_huge_security_txt_is_read_only_up_to_the_limit() {
    let doc = all();
    let f = finding(doc, "sectxt-huge.proefnet.nl", SECTXT);
    assert!(
        f.details.iter().any(|d| d.outcome == "too_large"),
        "{:?}",
        f.details
    );
    // The fields before the padding were still parsed.
    assert!(
        f.evidence["fields"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "{:?}",
        f.evidence
    );
}

#[test]
fn the_redirect_chain_is_recorded_as_evidence() {
    let doc = all();
    let f = finding(doc, "loop.proefnet.nl", REDIRECT);
    let chain = f.evidence["chain"].as_array().expect("chain");
    assert!(!chain.is_empty());
    assert!(
        f.evidence["error"]["kind"] == "redirect_loop",
        "{:?}",
        f.evidence
    );
    let f = finding(doc, "otherhost.proefnet.nl", REDIRECT);
    assert!(
        f.message.en.contains("goed.proefnet.nl"),
        "{}",
        f.message.en
    );
}

#[test]
fn status_is_only_clamped_by_level() {
    // optional checks never show fail or warning, recommended never fail
    let doc = all();
    for f in &doc.findings {
        match f.level {
            pastoe::rules::Level::Optional => {
                assert!(!matches!(f.status, Fail | Warning), "{}", f.check)
            }
            pastoe::rules::Level::Recommended => assert_ne!(f.status, Fail, "{}", f.check),
            pastoe::rules::Level::Required => {}
        }
    }
}

const A11Y_STATEMENT: &str = "web.a11y.statement";

const A11Y_REGISTER: &str = "web.a11y.register";

/// Digitoegankelijk: the statement linked from the home page, and the register's status
/// (fixtures/net/run/a11y-register.csv, written by `up` from the hosts' `a11y_register`).
#[test]
fn accessibility_statement_links_and_register_status() {
    support::assert_verdicts(
        all(),
        &[
            // Links to its statement in the register; status A, 30 days old.
            ("goedstad.nl", A11Y_STATEMENT, Pass, "linked"),
            ("goedstad.nl", A11Y_REGISTER, Pass, "status_a"),
            ("halfweg.nl", A11Y_STATEMENT, Fail, "missing"),
            ("halfweg.nl", A11Y_REGISTER, Warning, "status_b"),
            ("oudhaven.nl", A11Y_REGISTER, Fail, "status_c"),
            ("wolkstad.nl", A11Y_REGISTER, Fail, "status_d"),
            ("tweestrijd.nl", A11Y_REGISTER, Fail, "status_e"),
            // Status C, but 400 days old.
            ("oudeland.nl", A11Y_REGISTER, Fail, "outdated"),
            // A statement page on its own site, linked, but not in the register.
            ("natteveld.nl", A11Y_STATEMENT, Pass, "linked"),
            ("natteveld.nl", A11Y_REGISTER, Fail, "unregistered"),
            // No page over HTTPS: nothing to look for links in.
            (
                "nohttps.proefnet.nl",
                A11Y_STATEMENT,
                NotApplicable,
                "not_tested",
            ),
            // The home page redirects to a host outside the allowed networks: the page
            // followed is not fetched.
            (
                "naarintern.proefnet.nl",
                A11Y_STATEMENT,
                NotApplicable,
                "not_tested",
            ),
        ],
    );
    // The dns area was scanned without a register: not tested.
    assert_eq!(
        finding(all(), "alias.proefnet.nl", A11Y_REGISTER).outcome,
        "not_tested"
    );
}
