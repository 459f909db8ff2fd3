//! SPF, DKIM and DMARC verdicts on the golden facts of the mail authentication zoo
//! (`mailproef.nl` in fixtures/net/hosts.toml: one name per case, recorded with the DKIM
//! selectors s1 and s2).

use crate::support;

use std::sync::OnceLock;

use pastoe::report::ScanDocument;
use pastoe::rules::{DEFAULT_TLS_RULES, Status};
use support::golden::golden_doc;
use support::{assert_verdicts, finding};

/// The golden facts of the mail zoo, judged.
fn all() -> &'static ScanDocument {
    static DOC: OnceLock<ScanDocument> = OnceLock::new();
    DOC.get_or_init(|| golden_doc(&["mail"], DEFAULT_TLS_RULES))
}

#[test]
fn spf_verdicts() {
    use Status::*;
    let doc = all();
    let (e, p) = ("mail.spf.exists", "mail.spf.policy");
    let m = |s: &str| format!("{s}.mailproef.nl");
    let rows: Vec<(String, &str, Status, &str)> = vec![
        (m("spf-good"), e, Pass, "ok"),
        (m("spf-good"), p, Pass, "ok"),
        (m("spf-soft"), p, Pass, "ok"),
        (m("spf-toomany"), p, Fail, "too_many_lookups"),
        (m("spf-void"), p, Fail, "too_many_void"),
        (m("spf-loop"), p, Fail, "loop"),
        (m("spf-plusall"), p, Fail, "pass_all"),
        (m("spf-neutral"), p, Fail, "neutral_all"),
        (m("spf-noall"), p, Fail, "no_all"),
        (m("spf-redirect"), p, Pass, "ok"),
        (m("spf-two"), e, Fail, "multiple"),
        (m("spf-two"), p, NotApplicable, "not_tested"),
        (m("spf-syntax"), p, Fail, "syntax"),
        (m("spf-includenx"), p, Fail, "include_error"),
        (m("spf-long"), p, Pass, "ok"),
        (m("dmarc-none"), e, Fail, "none"),
    ];
    let rows: Vec<(&str, &str, Status, &str)> = rows
        .iter()
        .map(|(d, c, s, o)| (d.as_str(), *c, *s, *o))
        .collect();
    assert_verdicts(doc, &rows);
    // Counted over the whole include tree: 1 include + the included record's 0 + 10 a.
    let toomany = finding(doc, &m("spf-toomany"), p);
    assert_eq!(toomany.evidence["lookups"], 11);
    assert!(
        toomany.message.en.contains("11 DNS lookups"),
        "{}",
        toomany.message.en
    );
    // A redirect's `all` decides: _spf-strict ends in -all.
    assert!(
        finding(doc, &m("spf-redirect"), p)
            .message
            .en
            .contains("ends in -all")
    );
    // An include chain 50 deep: followed to pastoe's depth limit, then too many lookups,
    // counted as a lower bound; the records pastoe did not read are not blamed.
    let deep = finding(doc, &m("spf-deep"), p);
    assert_eq!(deep.outcome, "too_many_lookups");
    assert!(deep.details.is_empty(), "{:?}", deep.details);
    // The evidence keeps `lookups` a number and says apart that it is a lower bound.
    assert_eq!(deep.evidence["lookups"], 12);
    assert_eq!(deep.evidence["lookups_lower_bound"], true);
    assert!(!toomany.evidence.contains_key("lookups_lower_bound"));
    assert!(
        deep.message.en.contains("needs 12+ DNS lookups"),
        "{}",
        deep.message.en
    );
    // A record of 5,000 characters is read whole (TXT over TCP) and judged.
    let long = finding(doc, &m("spf-long"), e);
    assert!(long.evidence["records"][0].as_str().unwrap().len() > 4900);
}

#[test]
fn dmarc_verdicts() {
    use Status::*;
    let doc = all();
    let (e, p) = ("mail.dmarc.exists", "mail.dmarc.policy");
    let m = |s: &str| format!("{s}.mailproef.nl");
    let rows: Vec<(String, &str, Status, &str)> = vec![
        (m("dmarc-none"), p, Fail, "none_policy"),
        (m("dmarc-testing"), p, Fail, "testing"),
        (m("dmarc-reject-testing"), p, Pass, "ok"),
        (m("dmarc-reject"), p, Pass, "ok"),
        (m("dmarc-ext-ok"), p, Pass, "ok"),
        (m("dmarc-ext-bad"), p, Warning, "external_unauthorised"),
        (m("dmarc-syntax"), p, Fail, "syntax"),
        (m("dmarc-two"), e, Fail, "multiple"),
        (m("dmarc-org"), e, Pass, "ok"),
        (m("dmarc-org"), p, Pass, "ok"),
    ];
    let rows: Vec<(&str, &str, Status, &str)> = rows
        .iter()
        .map(|(d, c, s, o)| (d.as_str(), *c, *s, *o))
        .collect();
    assert_verdicts(doc, &rows);
    // Found on the organisational domain: its sp= (quarantine) applies, not p= (reject).
    let org = finding(doc, &m("dmarc-org"), p);
    assert_eq!(org.evidence["found_at"], "mailproef.nl");
    assert_eq!(org.evidence["policy"], "quarantine");
    let bad = finding(doc, &m("dmarc-ext-bad"), p);
    assert!(
        bad.message.en.contains("natteveld.nl"),
        "{}",
        bad.message.en
    );
}

#[test]
fn dkim_verdicts() {
    use Status::*;
    let doc = all();
    let k = "mail.dkim.exists";
    let m = |s: &str| format!("{s}.mailproef.nl");
    assert_verdicts(
        doc,
        &[
            (&m("dkim-good"), k, Pass, "ok"),
            (&m("dkim-none"), k, Fail, "missing"),
            (&m("nosend"), k, NotApplicable, "not_sending"),
        ],
    );
    let selector = |domain: &str, sel: &str| {
        let subject = format!("{sel}._domainkey.{}", m(domain));
        doc.findings
            .iter()
            .find(|f| f.check == "mail.dkim.selector" && f.subject == subject)
            .unwrap_or_else(|| panic!("no finding for {subject}"))
    };
    let expect = [
        ("dkim-good", "s1", Pass, "ok"),
        ("dkim-good", "s2", Pass, "ok"),
        ("dkim-weak", "s1", Fail, "weak"),
        ("dkim-short", "s1", Warning, "short"),
        ("dkim-revoked", "s1", Fail, "revoked"),
        ("dkim-testing", "s1", Warning, "testing"),
        ("dkim-none", "s1", Fail, "missing"),
    ];
    for (domain, sel, status, outcome) in expect {
        let f = selector(domain, sel);
        assert_eq!(
            (f.status, f.outcome.as_str()),
            (status, outcome),
            "{domain} {sel}: {}",
            f.message.en
        );
    }
    assert!(
        selector("dkim-good", "s1")
            .message
            .en
            .contains("2048-bit rsa")
    );
    assert!(selector("dkim-good", "s2").message.en.contains("ed25519"));
    assert!(selector("dkim-weak", "s1").message.en.contains("512 bits"));
}
