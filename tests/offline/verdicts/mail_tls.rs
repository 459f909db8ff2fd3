//! STARTTLS, DANE, MTA-STS, TLS-RPT and the mail copies of the TLS and certificate checks:
//! the verdicts on the golden facts of the mail servers of fixtures/mail (postfix and odd SMTP
//! servers on 127.0.25.x) reached through the MX records of the test internet.

use crate::support;

use pastoe::judge::finding::Finding;
use pastoe::report::ScanDocument;
use pastoe::rules::Level;
use pastoe::rules::{DEFAULT_TLS_RULES, Status};
use std::sync::OnceLock;
use support::golden::golden_doc;

/// The golden facts of the mail zoo and of the names whose MX points at fixtures/mail.
fn all() -> &'static ScanDocument {
    static DOC: OnceLock<ScanDocument> = OnceLock::new();
    DOC.get_or_init(|| golden_doc(&["mail", "dns", "web"], DEFAULT_TLS_RULES))
}

fn by_subject<'a>(doc: &'a ScanDocument, check: &str, subject: &str) -> &'a Finding {
    doc.findings
        .iter()
        .find(|f| f.check == check && f.subject == subject)
        .unwrap_or_else(|| panic!("no {check} for {subject}"))
}

/// Assert (check, subject, status, outcome) rows; every mismatch is listed.
fn assert_rows(doc: &ScanDocument, rows: &[(&str, &str, Status, &str)]) {
    let wrong: Vec<String> = rows
        .iter()
        .filter_map(|(check, subject, status, outcome)| {
            let f = by_subject(doc, check, subject);
            ((f.status, f.outcome.as_str()) != (*status, *outcome)).then(|| {
                format!(
                    "{check} {subject}: got {:?}/{} — {}",
                    f.status, f.outcome, f.message.en
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
}

#[test]
fn starttls_on_every_mail_server() {
    use Status::*;
    let doc = all();
    let k = "mail.starttls.available";
    assert_rows(
        doc,
        &[
            // Its IPv4 address offers STARTTLS; its IPv6 address (fd42:beef::25) has no mail
            // server, and an address that cannot be reached leaves the server unmeasured.
            (k, "mx.proefnet.nl", Error, "unreachable"),
            (k, "mx.oudeland.nl", Pass, "ok"),
            (k, "plain.mailproef.nl", Fail, "not_offered"),
            (k, "greylist.mailproef.nl", Error, "temporarily_refused"),
            (k, "silent.mailproef.nl", Error, "unreachable"),
            (k, "hugebanner.mailproef.nl", Error, "failed"),
            (k, "drop.mailproef.nl", Error, "failed"),
            (k, "garbage.mailproef.nl", Fail, "tls_failed"),
            (k, "nosend.mailproef.nl", NotApplicable, "null_mx"),
            (k, "goedstad.nl", NotApplicable, "no_mx"),
        ],
    );

    let good = by_subject(doc, k, "mx.proefnet.nl");
    let v4 = good
        .details
        .iter()
        .find(|d| d.message.en.contains("127.0.25.1"))
        .expect("an outcome for the IPv4 address");
    assert_eq!((v4.status, v4.outcome.as_str()), (Pass, "ok"));
    assert!(v4.message.en.contains("TLSv1.3"), "{}", v4.message.en);
    // More than ten MX: the first ten by preference are tested, the rest named.
    let many = all();
    let tested = many
        .findings
        .iter()
        .filter(|f| {
            f.domain == "many-mx.mailproef.nl" && f.check == k && f.subject.starts_with("mx")
        })
        .count();
    assert_eq!(tested, 10);
    let skipped = by_subject(many, k, "many-mx.mailproef.nl");
    assert_eq!(
        (skipped.status, skipped.outcome.as_str()),
        (Info, "mx_skipped")
    );
    assert!(
        skipped.message.en.contains("mx11.mailproef.nl")
            && skipped.message.en.contains("mx12.mailproef.nl"),
        "{}",
        skipped.message.en
    );
    let grey = by_subject(doc, k, "greylist.mailproef.nl");
    assert!(
        grey.message.en.contains("3 attempts"),
        "{}",
        grey.message.en
    );
    // The banner is evidence, so an analyst sees which software answered.
    assert!(
        good.evidence["banners"][0]
            .as_str()
            .unwrap()
            .starts_with("220")
    );
}

#[test]
fn tls_and_certificate_checks_of_mail_servers() {
    use Status::*;
    let doc = all();
    assert_rows(
        doc,
        &[
            ("mail.tls.version", "mx.proefnet.nl", Pass, "ok"),
            ("mail.tls.version", "mx.oudeland.nl", Fail, "insufficient"),
            ("mail.tls.ciphers", "mx.proefnet.nl", Pass, "ok"),
            ("mail.tls.secure_reneg", "mx.proefnet.nl", Pass, "ok"),
            ("mail.cert.pubkey", "mx.proefnet.nl", Pass, "ok"),
            ("mail.cert.signature", "mx.proefnet.nl", Pass, "ok"),
            ("mail.cert.chain", "mx.proefnet.nl", Pass, "ok"),
            ("mail.cert.name", "mx.proefnet.nl", Pass, "ok"),
            // internet.nl's mail levels: the chain and the name are optional for mail, so a
            // problem there is information, not a failure.
            (
                "mail.cert.chain",
                "expired-mx.mailproef.nl",
                Info,
                "expired",
            ),
            (
                "mail.cert.name",
                "expired-mx.mailproef.nl",
                Info,
                "mismatch",
            ),
            (
                "mail.tls.version",
                "plain.mailproef.nl",
                NotApplicable,
                "not_tested",
            ),
        ],
    );

    let old = by_subject(doc, "mail.tls.version", "mx.oudeland.nl");
    assert!(old.message.en.contains("TLSv1.0"), "{}", old.message.en);
    // The advice speaks of mail servers, not of nginx.
    let advice = old.advice.as_ref().unwrap();
    assert!(
        advice.en.contains("Postfix") && !advice.en.contains("nginx"),
        "{}",
        advice.en
    );
    let untested = by_subject(doc, "mail.tls.version", "plain.mailproef.nl");
    assert!(
        untested.message.en.contains("STARTTLS"),
        "{}",
        untested.message.en
    );
}

/// DANE on the mail servers: mx.proefnet.nl has a DANE-TA record for the test CA (its
/// chain contains the CA) and a DANE-EE record for a next key; mx2.proefnet.nl has one
/// DANE-EE record that matches nothing; the unsigned oudeland.nl cannot have secure TLSA.
#[test]
fn dane_on_mail_servers() {
    use Status::*;
    let doc = all();
    assert_rows(
        doc,
        &[
            ("mail.dane.exists", "mx.proefnet.nl", Pass, "ok"),
            ("mail.dane.valid", "mx.proefnet.nl", Pass, "ok"),
            ("mail.dane.rollover", "mx.proefnet.nl", Pass, "ok"),
            ("mail.dane.exists", "mx.oudeland.nl", Fail, "none"),
            (
                "mail.dane.valid",
                "mx.oudeland.nl",
                NotApplicable,
                "not_applicable",
            ),
            ("mail.dane.exists", "mx2.proefnet.nl", Pass, "ok"),
            ("mail.dane.valid", "mx2.proefnet.nl", Fail, "mismatch"),
            ("mail.dane.rollover", "mx2.proefnet.nl", Info, "single"),
            (
                "mail.dane.exists",
                "goedstad.nl",
                NotApplicable,
                "not_tested",
            ),
            // No STARTTLS: its (absent) TLSA records would protect nothing, so DANE is not
            // tested there (rules/mail.toml `not_tested_when`), as internet.nl does.
            (
                "mail.dane.exists",
                "plain.mailproef.nl",
                NotApplicable,
                "not_tested",
            ),
            (
                "mail.dane.rollover",
                "plain.mailproef.nl",
                NotApplicable,
                "not_tested",
            ),
        ],
    );
    let plain = by_subject(doc, "mail.dane.exists", "plain.mailproef.nl");
    assert_eq!(
        plain.evidence["not_tested_because"],
        serde_json::json!({"check": "mail.starttls.available", "outcomes": ["not_offered"]})
    );
    assert!(
        plain.message.en.contains("STARTTLS"),
        "{}",
        plain.message.en
    );

    let none = by_subject(doc, "mail.dane.exists", "mx.oudeland.nl");
    assert!(
        none.message.en.contains("_25._tcp.mx.oudeland.nl"),
        "{}",
        none.message.en
    );
}

/// MTA-STS (the `_mta-sts` record and the policy file over HTTPS, whose MX patterns must
/// cover the real MX) and TLS-RPT, on the cases in mailproef.nl.
#[test]
fn mta_sts_and_tls_rpt() {
    use Status::*;
    let doc = all();
    let (s, r) = ("mail.mta_sts", "mail.tls_rpt");
    // Optional checks: a problem is information, never a compliance failure.
    assert_rows(
        doc,
        &[
            (s, "sts-good.mailproef.nl", Pass, "ok"),
            (r, "sts-good.mailproef.nl", Pass, "ok"),
            (s, "sts-testing.mailproef.nl", Info, "testing"),
            (s, "sts-uncovered.mailproef.nl", Info, "mx_not_covered"),
            (s, "sts-nopolicy.mailproef.nl", Info, "policy_unavailable"),
            (s, "sts-broken.mailproef.nl", Info, "policy_invalid"),
            (r, "rpt-bad.mailproef.nl", Info, "invalid"),
            (r, "sts-testing.mailproef.nl", Info, "none"),
            (s, "goedstad.nl", NotApplicable, "no_mail"),
            (r, "goedstad.nl", NotApplicable, "no_mail"),
        ],
    );
    let uncovered = by_subject(doc, s, "sts-uncovered.mailproef.nl");
    assert!(
        uncovered.message.en.contains("mx.oudeland.nl"),
        "{}",
        uncovered.message.en
    );
    let good = by_subject(doc, s, "sts-good.mailproef.nl");
    assert!(
        good.evidence["policy"]
            .as_str()
            .unwrap()
            .contains("mode: enforce")
    );
    assert!(
        doc.findings
            .iter()
            .filter(|f| f.check == s || f.check == r)
            .all(|f| !f.counts_for_compliance() || f.status != Fail)
    );
}

/// The mail certificate's name is optional, but required on a mail server with a secure
/// DANE-TA record (usage 2), which trusts a CA for the name (RFC 7672 §3.2.2; internet.nl's
/// `has_daneTA`): the outcome's own level in rules/mail.toml. `ta.mailproef.nl` (the MX of
/// mx-daneta.mailproef.nl) has `TLSA 2 0 1` of the test CA, and its postfix (that of
/// mx2.proefnet.nl) sends a certificate for mx2.proefnet.nl.
#[test]
fn a_dane_ta_record_makes_the_mail_certificate_name_required() {
    let doc = all();
    let ta = by_subject(doc, "mail.cert.name", "ta.mailproef.nl");
    assert_eq!(
        (ta.status, ta.outcome.as_str(), ta.level),
        (Status::Fail, "mismatch_dane_ta", Level::Required)
    );
    assert!(ta.message.en.contains("DANE-TA"), "{}", ta.message.en);
    assert_eq!(
        by_subject(doc, "mail.dane.valid", "ta.mailproef.nl").outcome,
        "ok",
        "the DANE-TA record matches the chain"
    );
    // A DANE-TA record with the right name (mx.proefnet.nl: TLSA 2 1 1 of the CA), or no
    // DANE-TA record: the check keeps its own level.
    for host in ["mx.proefnet.nl", "mx.oudeland.nl"] {
        let ok = by_subject(doc, "mail.cert.name", host);
        assert_eq!(
            (ok.outcome.as_str(), ok.level),
            ("ok", Level::Optional),
            "{host}"
        );
    }
}

/// mail.caa: each MX name's CAA set judged like the web's, one finding per mail server
/// (fixtures/golden/synthetic/derive.py `mail_zoo_caa` gives ten MX names the web fixtures'
/// sets); a real MX name in a zone without CAA has none.
#[test]
fn each_mail_server_name_gets_its_caa_verdict() {
    let doc = support::golden::golden_file_doc("synthetic/mail-zoo-caa.facts.json");
    let got: Vec<(String, String)> = doc
        .findings
        .iter()
        .filter(|f| f.check == "mail.caa")
        .map(|f| (f.subject.clone(), f.outcome.clone()))
        .collect();
    let want = [
        ("mx01", "ok"),
        ("mx02", "invalid_iodef"),
        ("mx03", "invalid_contactemail"),
        ("mx04", "issuewild_only"),
        ("mx05", "no_issue"),
        ("mx06", "none"),
        ("mx07", "failed"),
        ("mx08", "not_tested"),
        ("mx09", "not_tested"),
        ("mx10", "not_tested"),
    ]
    .map(|(mx, outcome)| (format!("{mx}.mailproef.nl"), outcome.to_string()));
    assert_eq!(got, want);
    let real = golden_doc(&["mail"], DEFAULT_TLS_RULES);
    let f = support::finding(&real, "spf-good.mailproef.nl", "mail.caa");
    assert_eq!(
        (f.subject.as_str(), f.outcome.as_str()),
        ("mx.mailproef.nl", "none")
    );
}
