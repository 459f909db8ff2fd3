//! internet.nl's own CAA parser as the oracle for `web.caa`: every record of the CAA zoo
//! (`src/wire/text/caa_zoo.tsv`, written from the grammars) goes to internet.nl's
//! `validate_caa_record` (`fixtures/oracles/internetnl-caa/judge`, its checks/caa/parser.py
//! vendored at commit cec0e01d, run with abnf 2.4.1 from `fixtures/oracles/install`) and,
//! alone in a record set, to pastoe's `web.caa` check. Both must call it valid or both
//! invalid, except for the deliberate differences listed below with the section that
//! decides. The set-level rule (an `issue` record is required; `issuewild` does not count)
//! is internet.nl's `CAA_TAGS_REQUIRED`, left out here because the oracle judges records.
//!
//! Needs no test internet: the judge runs on facts, the oracle on text.

use crate::support::repo;

use std::io::Write;
use std::process::{Command, Stdio};

use pastoe::facts::{CaaRecord, FactsDocument};
use pastoe::judge::selection::{CheckSelection, Selection};
use pastoe::scan::judge_all;

/// Records where pastoe and internet.nl differ on purpose: (flags, tag, value, what decides).
/// In each pastoe is the stricter: internet.nl does not read `accounturi`, takes any URL
/// Python's `urlparse` splits and any text with one `@` as an address.
const DELIBERATE: &[(u8, &str, &str, &str)] = &[
    (
        0,
        "issue",
        "ca.example; accounturi=acct-1234",
        "RFC 8657 §3: the value MUST be a URI, and RFC 3986 §3 starts one with a scheme; internet.nl does not check accounturi",
    ),
    (
        0,
        "issue",
        "ca.example; accounturi=",
        "RFC 8657 §3: an empty value is no URI (as acct-1234)",
    ),
    (
        0,
        "issue",
        "ca.example; accounturi=https://ca.example/%zz",
        "RFC 3986 §2.1: % is followed by two hex digits (as acct-1234)",
    ),
    (
        0,
        "issue",
        "ca.example; accounturi=https://ca.example/a#1#2",
        "RFC 3986 §3.5: one fragment, and fragment = *( pchar / \"/\" / \"?\" ) has no second #; RFC 8657 §3 requires an RFC 3986 URI",
    ),
    (
        0,
        "issue",
        "ca.example; accounturi=https://ca.example/a[1]",
        "RFC 3986 §3.3: a path segment is pchar, which has no [ or ] (gen-delims kept for the IP literal of §3.2.2)",
    ),
    (
        0,
        "iodef",
        "https://ca.example/report#a#b",
        "RFC 3986 §3.5: one fragment, without a second # (RFC 8659 §4.4 asks for a URL)",
    ),
    (
        0,
        "iodef",
        "https://ca.example/report[1]",
        "RFC 3986 §3.3: no [ or ] in a path",
    ),
    (
        0,
        "iodef",
        "https://user@/report",
        "RFC 9110 §4.2.1/§4.2.2: an http(s) URI with an empty host is invalid; urlparse only splits",
    ),
    (
        0,
        "iodef",
        "https://ca.example/a b",
        "RFC 8659 §4.4 asks for a URL, and RFC 3986 §2 has no space in one; urlparse does not check characters",
    ),
    (
        0,
        "iodef",
        "https://ca.example/%g1",
        "RFC 3986 §2.1: % is followed by two hex digits",
    ),
    (
        0,
        "iodef",
        "mailto:a..b@example.nl",
        "RFC 6068 §2: the address is an addr-spec, whose dot-atom has no empty atom (RFC 5322 §3.2.3); internet.nl's validate_email only wants one @",
    ),
    (
        0,
        "iodef",
        "mailto:a@example.nl,",
        "RFC 6068 §2: to = addr-spec *(\",\" addr-spec), so a comma must be followed by an address",
    ),
    (
        0,
        "iodef",
        "mailto:a b@example.nl",
        "RFC 6068 §2 and RFC 3986 §2: a space in a mailto URL is written %20 (and in a local part quoted)",
    ),
    (
        0,
        "contactemail",
        "mailto:security@example.nl",
        "BR appendix A.1.1: the whole value is an RFC 6532 §3.2 address; : is no atext (RFC 5322 §3.2.3)",
    ),
    (
        0,
        "contactemail",
        " security@example.nl",
        "BR appendix A.1.1: \"with no additional padding or structure\"",
    ),
    (
        0,
        "contactemail",
        "Security <security@example.nl>",
        "BR appendix A.1.1: a display name is additional structure; only an addr-spec",
    ),
    (
        0,
        "contactemail",
        "a b@example.nl",
        "RFC 5322 §3.2.3: an unquoted local part has no space",
    ),
    (
        0,
        "contactemail",
        ".a@example.nl",
        "RFC 5322 §3.2.3: dot-atom-text starts with atext",
    ),
    (
        0,
        "contactemail",
        "a@example..nl",
        "RFC 5322 §3.2.3: a dot-atom has no empty atom",
    ),
];

/// The outcome keys of a record set, not of a record: the oracle does not judge them.
const SET_OUTCOMES: &[&str] = &["ok", "no_issue", "issuewild_only"];

/// The zoo's records: (flags, tag, value).
fn zoo() -> Vec<(u8, String, String)> {
    let text = std::fs::read_to_string(repo().join("src/wire/text/caa_zoo.tsv")).expect("zoo");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let c: Vec<&str> = l.splitn(5, '\t').collect();
            (
                c[2].parse().expect("flags"),
                c[3].to_string(),
                c[4].replace("\\t", "\t"),
            )
        })
        .collect()
}

/// internet.nl's verdict per record: `ok` or its message id.
fn internetnl(records: &[(u8, String, String)]) -> Vec<String> {
    let judge = repo().join("fixtures/oracles/internetnl-caa/judge");
    let mut child = Command::new(&judge)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the internet.nl CAA oracle");
    let input: String = records
        .iter()
        .map(|(flags, tag, value)| format!("{flags}\t{tag}\t{}\n", value.replace('\t', "\\t")))
        .collect();
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write the zoo");
    let out = child.wait_with_output().expect("the oracle");
    assert!(
        out.status.success(),
        "{} (run fixtures/oracles/install)",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(verdicts.len(), records.len(), "one verdict a record");
    verdicts
}

/// pastoe's record outcomes: `web.caa` on a set of only this record, less the set outcomes.
fn pastoe(base: &FactsDocument, flags: u8, tag: &str, value: &str) -> Vec<String> {
    let mut doc = base.clone();
    let caa = doc.domains[0].dns.caa.as_mut().expect("CAA facts");
    caa.records = vec![CaaRecord {
        flags,
        tag: tag.to_string(),
        value: value.to_string(),
    }];
    let rules = pastoe::judge::embedded_rules().expect("rules");
    let only = CheckSelection::new(vec!["web.caa".into()]).expect("selection");
    let findings = judge_all(&doc.domains, &rules, &Selection::listed(Some(only)));
    let [finding] = findings.as_slice() else {
        panic!("one web.caa finding, got {}", findings.len());
    };
    let mut keys: Vec<String> = if finding.details.is_empty() {
        vec![finding.outcome.clone()]
    } else {
        finding.details.iter().map(|d| d.outcome.clone()).collect()
    };
    keys.retain(|k| !SET_OUTCOMES.contains(&k.as_str()));
    keys
}

#[test]
fn internetnl_agrees_on_the_caa_record_zoo() {
    let records = zoo();
    let base: FactsDocument = serde_json::from_str(
        &std::fs::read_to_string(
            repo().join("fixtures/golden/web/caa-goed.proefnet.nl.facts.json"),
        )
        .expect("golden facts"),
    )
    .expect("facts document");
    let verdicts = internetnl(&records);
    let mut agree = 0;
    let mut disagreements = Vec::new();
    let mut deliberate_seen = Vec::new();
    for ((flags, tag, value), theirs) in records.iter().zip(&verdicts) {
        let ours = pastoe(&base, *flags, tag, value);
        if ours.is_empty() == (theirs == "ok") {
            agree += 1;
            continue;
        }
        match DELIBERATE
            .iter()
            .find(|(f, t, v, _)| (f, t, v) == (flags, &tag.as_str(), &value.as_str()))
        {
            Some(known) => deliberate_seen.push(known),
            None => disagreements.push(format!(
                "{flags} {tag} {value:?}: pastoe {ours:?}, internet.nl {theirs}"
            )),
        }
    }
    eprintln!(
        "internet.nl's CAA parser agrees on {agree} of {} zoo records; {} listed differences",
        records.len(),
        deliberate_seen.len()
    );
    assert!(
        disagreements.is_empty(),
        "pastoe and internet.nl disagree:\n{}",
        disagreements.join("\n")
    );
    for known in DELIBERATE {
        assert!(
            deliberate_seen.contains(&known),
            "no longer differs: {known:?}"
        );
    }
}
