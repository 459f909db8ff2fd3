//! DKIM selectors as the command line names them (the SPF, DKIM and DMARC verdicts of the
//! mail zoo are tested on its golden facts: tests/offline/verdicts/mail_auth.rs).

use crate::support::scan;

#[test]
fn dkim_selectors_are_named_on_the_command_line() {
    let domain = "dkim-good.mailproef.nl";
    // A selector is a DNS label: asked in capitals, it is found and reported in lower case.
    let doc = scan(
        &[domain],
        &["--only", "mail.dkim.*", "--dkim-selector", "S2"],
    )
    .doc();
    let subjects: Vec<(&str, &str)> = doc
        .findings
        .iter()
        .filter(|f| f.check == "mail.dkim.selector")
        .map(|f| (f.subject.as_str(), f.outcome.as_str()))
        .collect();
    assert_eq!(subjects, [("s2._domainkey.dkim-good.mailproef.nl", "ok")]);
    // Without --dkim-selector there is nothing to judge and no finding.
    let plain = scan(&[domain], &["--only", "mail.dkim.*"]).doc();
    assert!(
        plain
            .findings
            .iter()
            .all(|f| f.check != "mail.dkim.selector")
    );
    // A selector that is not a DNS label is a usage error.
    let bad = scan(&[domain], &["--dkim-selector", "a b"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}
