//! sectxt 0.9.8 (DigitalTrustCenter's parser, which internet.nl grades security.txt with; its
//! own virtualenv, `fixtures/oracles/install`) as the oracle for pastoe's security.txt
//! parser: on every file of the zoo (`src/wire/text/security_txt_zoo/`, written from RFC
//! 9116's ABNF), sectxt's `Parser` (no fetching) and pastoe say the same errors, up to the
//! differences listed below, each with the section that decides it.

use crate::support;

use std::collections::BTreeSet;
use std::process::Command;

use pastoe::wire::text::security_txt::{self as sectxt, Reading};
use support::repo;
use time::OffsetDateTime;

/// Files where pastoe and sectxt differ on purpose: (file, the section that decides).
const DELIBERATE: &[(&str, &str)] = &[
    (
        "cr-only",
        "RFC 9116 §4: eol = *WSP [CR] LF, so a lone CR ends no line (one line, no Contact, no Expires); sectxt splits on LF and keeps the CR inside the Contact value",
    ),
    (
        "cr-inside-line",
        "RFC 9116 §4 eol (as cr-only): the CR is inside a line; sectxt strips it as trailing whitespace or keeps it in the value",
    ),
    (
        "cr-cr-lf",
        "RFC 9116 §4 eol allows one CR before LF (as cr-only)",
    ),
    (
        "comment-control",
        "RFC 9116 §4: comment = \"#\" *(WSP / VCHAR / %x80-FFFFF) has no control characters; sectxt takes any line starting with #",
    ),
    (
        "space-before-name",
        "RFC 9116 §4 field-name = 1*ftext (RFC 5322 §3.6.8), no whitespace: both fail it, pastoe as whitespace before the name (prec_ws) while still reading the Contact, sectxt as an unknown field \" contact\" and so no Contact",
    ),
    (
        "name-not-ascii",
        "RFC 5322 §3.6.8: ftext is printable US-ASCII; sectxt takes \"contäct\" as an unknown field (both: no Contact)",
    ),
    (
        "two-spaces-after-colon",
        "RFC 9116 §4: contact-field = \"Contact\" fs SP uri, one space then the URI; sectxt strips any whitespace",
    ),
    (
        "expires-two-spaces",
        "RFC 9116 §4: expires-field = \"Expires\" fs SP date-time (as two-spaces-after-colon)",
    ),
    (
        "uri-with-space",
        "RFC 3986 §3: a URI has no spaces; sectxt only asks urlsplit for a scheme",
    ),
    (
        "uri-backslash",
        "RFC 3986 §3.3: \\ is not a pchar (as uri-with-space)",
    ),
    (
        "uri-bad-percent",
        "RFC 3986 §2.1: pct-encoded is % HEXDIG HEXDIG (as uri-with-space)",
    ),
    (
        "uri-unicode-host",
        "RFC 3986 §3.2.2: reg-name is ASCII (an IRI, RFC 3987, is not a URI); as uri-with-space",
    ),
    (
        "uri-two-fragments",
        "RFC 3986 §3.5: a fragment holds no second # (as uri-with-space)",
    ),
    (
        "uri-bad-ipv6",
        "RFC 3986 §3.2.2: IP-literal holds an IPv6address; sectxt raises ValueError from urlsplit instead of reporting the field",
    ),
    (
        "expires-space",
        "RFC 9116 §4 imports RFC 3339 §5.6 date-time = full-date \"T\" full-time; the space of RFC 3339's note is not in the ABNF, sectxt's pattern allows it",
    ),
    (
        "expires-leap-second",
        "RFC 3339 §5.6/§5.7: time-second may be 60 at the end of a month at 23:59 UTC; sectxt's dateutil rejects second 60",
    ),
    (
        "languages-underscore",
        "RFC 5646 §2.1: subtags are separated by \"-\"; sectxt's langcodes normalises \"en_GB\" to en-GB",
    ),
    (
        "languages-long-reserved",
        "RFC 9116 §4 imports RFC 5646 §2.1's Language-Tag ABNF, where a 5-8 letter language subtag is well-formed; sectxt's langcodes asks the registry (RFC 5646 §2.2.9 validity)",
    ),
    (
        "languages-unregistered",
        "as languages-long-reserved: qq and nl-XY are well-formed, not registered",
    ),
    (
        "signed-not-dash-escaped",
        "RFC 4880 §7.1: a signed line starting with \"-\" is dash-escaped; sectxt does not check",
    ),
    (
        "signed-header-not-first",
        "both report the header not on line 1 (RFC 9116 §4 body = signed / unsigned); sectxt's PGPy also fails on the leading text, pastoe decodes the intact framework after it (the signature verifies)",
    ),
    (
        "signed-text-changed",
        "RFC 4880 §5.2.4: the signature carries the first two octets of the hash over the text, which no longer match; sectxt does not hash the text",
    ),
    (
        "signed-value-forged",
        "RFC 4880 §6 and RFC 9580 §6.1: the armor checksum is optional; PGPy requires it (the forged value is only seen with a key, which sectxt has none of)",
    ),
    (
        "signed-no-checksum",
        "as signed-value-forged: the checksum is optional",
    ),
    (
        "signed-checksum-wrong",
        "RFC 4880 §6.1: the checksum is the CRC-24 of the data, so a wrong one means damaged armor; PGPy does not compare it",
    ),
    (
        "signed-hash-header-wrong",
        "RFC 4880 §7: the Hash header names the digest the signature uses; sectxt does not compare",
    ),
    (
        "signed-hash-unknown",
        "RFC 4880 §7 and §9.4: Hash names a hash algorithm; sectxt does not check",
    ),
    (
        "signed-comment-in-header",
        "RFC 4880 §7: the cleartext header holds Hash armor headers only (other headers would show unsigned text as if signed); sectxt does not check",
    ),
    (
        "signed-no-blank-after-header",
        "RFC 4880 §7: exactly one empty line follows the Hash headers; sectxt does not check",
    ),
    (
        "signed-binary-signature",
        "RFC 4880 §7: a cleartext signature is a text signature (type 0x01); sectxt does not check",
    ),
    (
        "signed-no-end",
        "both fail the unterminated signature; sectxt also says the last line has no line break, although the file ends with LF (its signature lines are not empty lines)",
    ),
    (
        "signature-without-header",
        "both fail it: pastoe as a signature block without the signed-message header (RFC 4880 §7), sectxt as invalid lines",
    ),
];

/// sectxt's error codes for every file (recommendations and notifications are advice, not
/// errors); a file it raises an exception on gives `exception <type>`.
const SECTXT_ZOO: &str = r#"
import json, pathlib, sys
from sectxt import Parser
out = []
for path in json.load(sys.stdin):
    try:
        out.append(sorted({e["code"] for e in Parser(pathlib.Path(path).read_bytes()).errors}))
    except Exception as e:
        out.append(["exception " + type(e).__name__])
print(json.dumps(out))
"#;

/// The same in pastoe's terms: the parser's observations as sectxt names its errors, with
/// the check's judgement of http URIs (insecure_uri) and a past Expires.
fn pastoe_codes(text: &str, now: OffsetDateTime) -> BTreeSet<String> {
    let doc = sectxt::parse(text);
    let mut codes = BTreeSet::new();
    for observation in sectxt::zoo_observations(&doc, &[]) {
        let name = observation.split('@').next().unwrap_or_default();
        let code = match name {
            "empty" => {
                codes.insert("no_contact".to_string());
                "no_expire"
            }
            "bom" => "bom_in_file",
            "no_final_eol" => "no_line_separators",
            "not_a_field" => "invalid_line",
            "no_name" => "empty_key",
            "space_around_name" => "prec_ws",
            "no_value" => "empty_value",
            "header_not_first" => "signed_format_issue",
            "broken_signature" => "pgp_data_error",
            "after_signature" => "data_after_sig",
            "not_uri" => "no_uri",
            "csaf_not_provider_metadata" => "no_csaf_file",
            "not_date_time" => "invalid_expiry",
            "not_language_tag" => "invalid_lang",
            "no_expires" => "no_expire",
            "repeated_expires" => "multi_expire",
            "repeated_languages" => "multi_lang",
            // sectxt only notifies of unknown fields, and verifies no signature.
            "undefined" | "signature_valid" | "signature_invalid" | "signer_other" => continue,
            other => other,
        };
        codes.insert(code.to_string());
    }
    for field in &doc.fields {
        match field.reading() {
            Reading::Uri(uri) if uri.has_scheme("http") => {
                codes.insert("no_https".to_string());
            }
            Reading::Expires(at) if at < now => {
                codes.insert("expired".to_string());
            }
            _ => {}
        }
    }
    codes
}

/// sectxt's codes with its synonyms folded: its three OpenPGP errors are one outcome
/// (pgp_data_error), and a blank line after the signature is text after it.
fn sectxt_codes(codes: &[String]) -> BTreeSet<String> {
    codes
        .iter()
        .map(|c| match c.as_str() {
            "pgp_error" | "pgp_signature_error" => "pgp_data_error".to_string(),
            "too_many_line_separators" => "data_after_sig".to_string(),
            _ => c.clone(),
        })
        .collect()
}

#[test]
fn sectxt_agrees_on_the_security_txt_zoo() {
    use std::io::Write;

    let dir = repo().join("src/wire/text/security_txt_zoo");
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).expect("zoo");
    let names: Vec<&str> = expected
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .collect();
    let paths: Vec<String> = names
        .iter()
        .map(|n| dir.join(format!("{n}.txt")).display().to_string())
        .collect();
    let python = repo().join("fixtures/oracles/venv-sectxt/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run fixtures/oracles/install (scripts/test does)",
        python.display()
    );
    let mut child = Command::new(&python)
        .args(["-W", "ignore", "-c", SECTXT_ZOO])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run sectxt");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&serde_json::to_vec(&paths).expect("JSON"))
        .expect("write the zoo");
    let out = child.wait_with_output().expect("sectxt");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).expect("sectxt JSON");
    assert_eq!(verdicts.len(), names.len());
    let now = OffsetDateTime::now_utc();
    let mut disagreements = Vec::new();
    let mut deliberate_seen = Vec::new();
    for ((name, path), theirs) in names.iter().zip(&paths).zip(&verdicts) {
        let text = String::from_utf8(std::fs::read(path).expect("zoo file")).expect("UTF-8");
        let ours = pastoe_codes(&text, now);
        let theirs = sectxt_codes(theirs);
        if ours == theirs {
            continue;
        }
        match DELIBERATE.iter().find(|(n, _)| n == name) {
            Some(known) => deliberate_seen.push(known.0),
            None => disagreements.push(format!("{name}: pastoe {ours:?}, sectxt {theirs:?}")),
        }
    }
    assert!(
        disagreements.is_empty(),
        "pastoe and sectxt disagree on the zoo:\n{}",
        disagreements.join("\n")
    );
    for (name, _) in DELIBERATE {
        assert!(deliberate_seen.contains(name), "no longer differs: {name}");
    }
    eprintln!(
        "security.txt zoo: {} files, sectxt agrees on {}, {} deliberate differences",
        names.len(),
        names.len() - deliberate_seen.len(),
        deliberate_seen.len()
    );
}
