//! checkdmarc 6.0.4 (its own virtualenv, `fixtures/oracles/install`) as the oracle for SPF and
//! DMARC: on every zoo fixture, pastoe's validity, lookup counts, void lookups, where the
//! DMARC record was found, the policy that applies and the external-report warnings agree,
//! except for the deliberate differences listed below with their reasons. And on the DMARC
//! record zoo (`src/wire/text/dmarc_zoo.tsv`, written from the ABNF) both say the same
//! of every record (not DMARC / valid / invalid), again up to listed differences. pyspf
//! 2.0.14 (its own virtualenv) does the same for the SPF record zoo
//! (`src/wire/text/spf_zoo.tsv`): not SPF / valid / permerror.

use crate::support;

use std::collections::BTreeMap;
use std::process::Command;

use pastoe::report::ScanDocument;
use serde_json::Value;
use support::{MAIL_ZOO, env, finding, repo, scan};

/// Where pastoe and checkdmarc differ on purpose: (domain, field, reason).
const DELIBERATE: &[(&str, &str, &str)] = &[
    (
        "spf-void.mailproef.nl",
        "void_lookups",
        "RFC 7208 §4.6.4 counts a void `exists` lookup; checkdmarc counts only a and mx (pastoe 3, checkdmarc 2), so pastoe fails the record where checkdmarc passes it",
    ),
    (
        "spf-deep.mailproef.nl",
        "lookups",
        "both fail the 50-deep include chain; checkdmarc stops counting at the first error (1), pastoe follows to its depth limit to show the whole picture (12)",
    ),
    (
        "spf-void.mailproef.nl",
        "spf_valid",
        "follows from the void count above",
    ),
    (
        "dmarc-testing.mailproef.nl",
        "dmarc_policy_ok",
        "internet.nl 1.11.2: quarantine with t=y (DMARCbis testing) is applied as none, so it fails; checkdmarc accepts it",
    ),
];

fn checkdmarc(domains: &[String]) -> BTreeMap<String, Value> {
    let bin = repo().join("fixtures/oracles/venv-checkdmarc/bin/checkdmarc");
    assert!(
        bin.exists(),
        "{} is missing: run fixtures/oracles/install (scripts/test does)",
        bin.display()
    );
    let resolver = env("PASTOE_RESOLVER");
    let ip = resolver
        .rsplit_once(':')
        .map_or(resolver.as_str(), |(ip, _)| ip);
    let out = Command::new(&bin)
        .args(["-n", ip, "-t", "3"])
        .args(domains)
        .output()
        .expect("run checkdmarc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).expect("checkdmarc JSON");
    list.into_iter()
        .map(|v| (v["domain"].as_str().unwrap_or_default().to_string(), v))
        .collect()
}

/// The values both tools report, as pastoe sees them.
fn pastoe_view(doc: &ScanDocument, domain: &str) -> BTreeMap<&'static str, Value> {
    let mut v = BTreeMap::new();
    let exists = finding(doc, domain, "mail.spf.exists");
    let policy = finding(doc, domain, "mail.spf.policy");
    let outcomes: Vec<&str> = std::iter::once(policy.outcome.as_str())
        .chain(policy.details.iter().map(|d| d.outcome.as_str()))
        .collect();
    // "Valid" as checkdmarc means it: the record can be evaluated (the `all` is a policy
    // question, judged separately).
    let invalid = [
        "syntax",
        "include_error",
        "loop",
        "too_many_lookups",
        "too_many_void",
    ];
    let valid = exists.outcome == "ok" && !outcomes.iter().any(|o| invalid.contains(o));
    v.insert("spf_valid", Value::Bool(valid));
    for (field, key) in [("lookups", "lookups"), ("void_lookups", "void_lookups")] {
        if let Some(n) = policy.evidence.get(key) {
            v.insert(field, n.clone());
        }
    }
    let d_exists = finding(doc, domain, "mail.dmarc.exists");
    let d_policy = finding(doc, domain, "mail.dmarc.policy");
    let d_outcomes: Vec<&str> = std::iter::once(d_policy.outcome.as_str())
        .chain(d_policy.details.iter().map(|d| d.outcome.as_str()))
        .collect();
    let d_valid = d_exists.outcome == "ok" && !d_outcomes.contains(&"syntax");
    v.insert("dmarc_valid", Value::Bool(d_valid));
    if d_valid {
        v.insert("dmarc_location", d_policy.evidence["found_at"].clone());
        v.insert("dmarc_policy", d_policy.evidence["policy"].clone());
        v.insert(
            "dmarc_policy_ok",
            Value::Bool(
                !d_outcomes
                    .iter()
                    .any(|o| ["none_policy", "testing"].contains(o)),
            ),
        );
        v.insert(
            "external_unauthorised",
            Value::Bool(d_outcomes.contains(&"external_unauthorised")),
        );
    }
    v
}

/// The same values from checkdmarc's JSON.
fn oracle_view(domain: &str, c: &Value) -> BTreeMap<&'static str, Value> {
    let mut v = BTreeMap::new();
    let spf = &c["spf"];
    let valid = spf["valid"].as_bool().unwrap_or(false);
    v.insert("spf_valid", Value::Bool(valid));
    for (field, key) in [
        ("lookups", "dns_lookups"),
        ("void_lookups", "void_dns_lookups"),
    ] {
        if spf[key].is_number() {
            v.insert(field, spf[key].clone());
        }
    }
    let dmarc = &c["dmarc"];
    let d_valid = dmarc["valid"].as_bool().unwrap_or(false);
    v.insert("dmarc_valid", Value::Bool(d_valid));
    if d_valid {
        let location = dmarc["location"].as_str().unwrap_or_default();
        v.insert("dmarc_location", Value::String(location.to_string()));
        // checkdmarc fills sp with p when absent; sp applies when the record was found on
        // the organisational domain of a subdomain.
        let tag = if location == domain { "p" } else { "sp" };
        let policy = dmarc["tags"][tag]["value"].clone();
        let enforcing = matches!(policy.as_str(), Some("quarantine" | "reject"));
        v.insert("dmarc_policy", policy);
        v.insert("dmarc_policy_ok", Value::Bool(enforcing));
        let unauthorised = dmarc["warnings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(|w| w.contains("does not indicate that it accepts DMARC reports"));
        v.insert("external_unauthorised", Value::Bool(unauthorised));
    }
    v
}

#[test]
fn checkdmarc_agrees_on_every_spf_and_dmarc_fixture() {
    // checkdmarc loads the machine as a scan does.
    let _turn = support::serial::shared();
    let domains: Vec<String> = MAIL_ZOO
        .iter()
        .map(|n| format!("{n}.mailproef.nl"))
        .chain(["goedstad.nl".to_string(), "www.goedstad.nl".to_string()])
        .collect();
    let refs: Vec<&str> = domains.iter().map(String::as_str).collect();
    let doc = scan(&refs, &["--only", "mail.spf.*,mail.dmarc.*"]).doc();
    let oracle = checkdmarc(&domains);
    let mut disagreements = Vec::new();
    let mut deliberate_seen = Vec::new();
    for domain in &domains {
        let ours = pastoe_view(&doc, domain);
        let theirs = oracle_view(domain, &oracle[domain]);
        let fields: std::collections::BTreeSet<&&str> = ours.keys().chain(theirs.keys()).collect();
        for field in fields {
            let (a, b) = (ours.get(*field), theirs.get(*field));
            // checkdmarc reports no counts once a record is in error; pastoe keeps counting.
            let uncounted = ["lookups", "void_lookups"].contains(field) && b.is_none();
            if a == b || uncounted {
                continue;
            }
            match DELIBERATE
                .iter()
                .find(|(d, f, _)| d == domain && f == field)
            {
                Some(known) => deliberate_seen.push(*known),
                None => {
                    disagreements.push(format!("{domain} {field}: pastoe {a:?}, checkdmarc {b:?}"))
                }
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "pastoe and checkdmarc disagree:\n{}",
        disagreements.join("\n")
    );
    // Every listed difference must still be real, or the list is stale.
    for known in DELIBERATE {
        assert!(
            deliberate_seen.contains(known),
            "no longer differs: {known:?}"
        );
    }
}

/// Records of the DMARC zoo (`src/wire/text/dmarc_zoo.tsv`) where pastoe and checkdmarc
/// differ on purpose: (record, the section that decides).
const ZOO_DELIBERATE: &[(&str, &str)] = &[
    (
        "v=DMARC1",
        "RFC 7489 §6.3: p is required in a policy record (§6.6.3 step 6: without it only a valid rua makes it p=none), as internet.nl requires; checkdmarc follows RFC 9989, where a missing p counts as none",
    ),
    ("v=DMARC1;", "as above: no p, no rua (RFC 7489 §6.3)"),
    (
        "v=DMARC1; sp=reject",
        "as above: no p, no rua (RFC 7489 §6.3)",
    ),
    (
        "v=DMARC1; p=reject; adkim=x",
        "RFC 7489 §6.4 / RFC 9989 §4.8 allow only r or s; receivers discard the value for the default (§6.3), which checkdmarc does silently, pastoe reports it as an error of the record",
    ),
    (
        "v=DMARC1; p=reject; aspf=strict",
        "as adkim=x (RFC 7489 §6.4)",
    ),
    (
        "v=DMARC1; p=reject; fo=0 : d",
        "RFC 7489 §6.4: dmarc-fo allows *WSP around the colon; checkdmarc splits on the colon without trimming",
    ),
    (
        "v=DMARC1; p=reject; pct=101",
        "RFC 7489 §6.3: pct is 0-100; RFC 9989 removed pct (an unknown tag, ignored), checkdmarc skips it, pastoe checks it because RFC 7489 receivers still apply it",
    ),
    (
        "v=DMARC1; p=reject; pct=+50",
        "RFC 7489 §6.4: pct is 1*3DIGIT (as pct=101)",
    ),
    (
        "v=DMARC1; p=reject; pct=0050",
        "RFC 7489 §6.4: pct is 1*3DIGIT (as pct=101)",
    ),
    (
        "v=DMARC1; p=reject; pct=50%",
        "RFC 7489 §6.4: pct is 1*3DIGIT (as pct=101)",
    ),
    (
        "v=DMARC1; p=reject; rf=iodef",
        "RFC 7489 §6.3: afrf is the only report format; removed by RFC 9989, checkdmarc skips it",
    ),
    (
        "v=DMARC1; p=reject; ri=+3600",
        "RFC 7489 §6.4: ri is 1*DIGIT; removed by RFC 9989, checkdmarc skips it",
    ),
    (
        "v=DMARC1; p=reject; ri=1h",
        "RFC 7489 §6.4: ri is 1*DIGIT (as ri=+3600)",
    ),
    (
        "v=DMARC1; p=reject; rua=mailto:dmarc@example.nl!10x",
        "RFC 7489 §6.4: the size is \"!\" 1*DIGIT [ \"k\" / \"m\" / \"g\" / \"t\" ]; checkdmarc takes any !word",
    ),
    (
        "v=DMARC1; p=reject; rua=mailto:dmarc@example.nl!10mm",
        "RFC 7489 §6.4: one size unit (as !10x)",
    ),
    (
        "v=DMARC1; p=reject; rua=mailto:dmarc@example.nl!",
        "RFC 7489 §6.4: a size has at least one digit (as !10x)",
    ),
    (
        "v=DMARC1; p=reject; rua=mailto:a@example.nl mailto:b@example.nl",
        "RFC 3986 §2: a URI has no spaces (RFC 7489 §6.4 separates URIs by commas); checkdmarc's mailto pattern matches only the start of the value",
    ),
];

/// What checkdmarc says of each record: discovery by its `_is_dmarc_record` (the RFC 9989
/// version-tag test it applies to TXT records), then `parse_dmarc_record`.
const CHECKDMARC_ZOO: &str = r#"
import json, sys
from checkdmarc import dmarc
out = []
for record in json.load(sys.stdin):
    if not dmarc._is_dmarc_record(record):
        out.append("not_dmarc")
        continue
    try:
        dmarc.parse_dmarc_record(record, "example.nl", nameservers=[sys.argv[1]], timeout=1, retries=0)
        out.append("valid")
    except dmarc.DMARCError as e:
        out.append("invalid " + type(e).__name__)
print(json.dumps(out))
"#;

#[test]
fn checkdmarc_agrees_on_the_dmarc_record_zoo() {
    use pastoe::wire::text::dmarc;

    let zoo = std::fs::read_to_string(repo().join("src/wire/text/dmarc_zoo.tsv")).expect("zoo");
    let records: Vec<String> = zoo
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            l.splitn(3, '\t')
                .nth(2)
                .unwrap_or_default()
                .replace("\\t", "\t")
        })
        .collect();
    let resolver = env("PASTOE_RESOLVER");
    let ip = resolver
        .rsplit_once(':')
        .map_or(resolver.as_str(), |(ip, _)| ip);
    let theirs = zoo_oracle(
        "checkdmarc",
        &["-W", "ignore", "-c", CHECKDMARC_ZOO, ip],
        &records,
    );
    let ours: Vec<&str> = records
        .iter()
        .map(|record| {
            if !dmarc::is_dmarc(record) {
                "not_dmarc"
            } else if dmarc::parse(record).errors.is_empty() {
                "valid"
            } else {
                "invalid"
            }
        })
        .collect();
    assert_zoo_agrees(
        "DMARC",
        "checkdmarc",
        &records,
        &ours,
        &theirs,
        ZOO_DELIBERATE,
    );
}

/// Records of the SPF zoo (`src/wire/text/spf_zoo.tsv`) where pastoe and pyspf differ on
/// purpose: (record, the section that decides).
const SPF_ZOO_DELIBERATE: &[(&str, &str)] = &[
    (
        "v=spf1 include:example.nl%% -all",
        "RFC 7208 §7.1: \"%%\" is a macro-expand, and a domain-end may be a macro-expand; pyspf's invalid-macro pattern (`%$`) takes the escaped percent at the end for a lone one",
    ),
    (
        "v=spf1 exists:%%%.example.nl -all",
        "RFC 7208 §7.1: \"%%\" then a lone \"%\" followed by \".\" is a syntax error (§7.1: a \"%\" not followed by \"{\", \"%\", \"-\" or \"_\"); pyspf's look-behind treats every \"%\" after a \"%\" as escaped",
    ),
    (
        "v=spf1 exists:%%%x.example.nl -all",
        "as %%%. (RFC 7208 §7.1)",
    ),
    (
        "v=spf1 exists:%{d0}.example.nl -all",
        "RFC 7208 §7.3: \"If a DIGIT is specified, the value MUST be nonzero\"; pyspf takes 0 as all parts",
    ),
    (
        "v=spf1 exists:%{d00}.example.nl -all",
        "as %{d0} (RFC 7208 §7.3)",
    ),
    (
        "v=spf1 exists:%{dr2}.example.nl -all",
        "RFC 7208 §7.1: transformers = *DIGIT [ \"r\" ], digits first; pyspf does not check what follows the macro letter",
    ),
    (
        "v=spf1 exists:%{drr}.example.nl -all",
        "RFC 7208 §7.1: at most one \"r\" (as %{dr2})",
    ),
    (
        "v=spf1 exists:%{d!}.example.nl -all",
        "RFC 7208 §7.1: the delimiters are . - + , / _ = only (as %{dr2})",
    ),
    (
        "v=spf1 exists:%{d-x}.example.nl -all",
        "RFC 7208 §7.1: after the delimiters comes \"}\" (as %{dr2})",
    ),
    (
        "v=spf1 exists:%{d.example.nl -all",
        "RFC 7208 §7.1: a macro-expand ends in \"}\"; pyspf passes an unclosed \"%{\" through as literal text",
    ),
    (
        "v=spf1 -all foo=bar foo=baz",
        "RFC 7208 §6: only redirect and exp must not appear twice; \"Unrecognized modifiers MUST be ignored no matter where, or how often, they appear in a record\", pyspf makes every repeated modifier a permerror",
    ),
    (
        "v=spf1 redirect=a.example.nl REDIRECT=b.example.nl",
        "RFC 7208 §4.6.1: modifier names are case-insensitive (RFC 5234 literals), so this is redirect twice (§6: permerror); pyspf compares names case-sensitively and ignores REDIRECT= as unknown",
    ),
    (
        "v=spf1 -all exp=a.example.nl Exp=b.example.nl",
        "as REDIRECT= (RFC 7208 §4.6.1, §6)",
    ),
];

/// What pyspf says of each record: discovery by its `RE_SPF` and the ASCII check its DNS
/// path applies (`dns_spf`, `to_ascii`), then `query.check(spf=…)` with pyspf's DNS replaced
/// by nothing (every lookup empty, every include and redirect target the valid `v=spf1`, no
/// lookup limits), so the only permerrors left are those of the record's own syntax: pyspf
/// parses every term before it evaluates any.
const PYSPF_ZOO: &str = r#"
import json, sys
import spf
spf.MAX_LOOKUP = spf.MAX_VOID_LOOKUPS = 10**6
spf.query.dns = lambda self, name, qtype, cnames=None, ignore_void=False: []
spf.query.dns_spf = lambda self, domain: "v=spf1"
out = []
for record in json.load(sys.stdin):
    if not spf.RE_SPF.match(record.encode()):
        out.append("not_spf")
        continue
    try:
        record = spf.to_ascii(record.encode())
    except spf.PermError as e:
        out.append("invalid " + str(e))
        continue
    q = spf.query(i="192.0.2.1", s="postmaster@oracle.test", h="oracle.test")
    result, _, explanation = q.check(spf=record)
    out.append(("invalid " if result == "permerror" else "valid ") + explanation)
print(json.dumps(out))
"#;

#[test]
fn pyspf_agrees_on_the_spf_record_zoo() {
    use pastoe::wire::text::spf;

    let zoo = std::fs::read_to_string(repo().join("src/wire/text/spf_zoo.tsv")).expect("zoo");
    let records: Vec<String> = zoo
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            l.split_once('\t')
                .unwrap_or_default()
                .1
                .replace("\\t", "\t")
        })
        .collect();
    let theirs = zoo_oracle("pyspf", &["-W", "ignore", "-c", PYSPF_ZOO], &records);
    let ours: Vec<&str> = records
        .iter()
        .map(|record| {
            if !spf::is_spf(record) {
                "not_spf"
            } else if spf::parse(record).errors.is_empty() {
                "valid"
            } else {
                "invalid"
            }
        })
        .collect();
    assert_zoo_agrees("SPF", "pyspf", &records, &ours, &theirs, SPF_ZOO_DELIBERATE);
}

/// The oracle's verdict on each record: `fixtures/oracles/venv-<name>/bin/python ARGS`
/// reads the records as a JSON list on its standard input and prints a JSON list.
fn zoo_oracle(name: &str, args: &[&str], records: &[String]) -> Vec<String> {
    use std::io::Write;
    let python = repo().join(format!("fixtures/oracles/venv-{name}/bin/python"));
    assert!(
        python.exists(),
        "{} is missing: run fixtures/oracles/install (scripts/test does)",
        python.display()
    );
    let mut child = Command::new(&python)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {name}: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&serde_json::to_vec(records).expect("JSON"))
        .expect("write the zoo");
    let out = child.wait_with_output().expect(name);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Vec<String> = serde_json::from_slice(&out.stdout).expect("the oracle's JSON");
    assert_eq!(verdicts.len(), records.len());
    verdicts
}

/// pastoe's verdict on every record agrees with the oracle's (its first word), except the
/// listed deliberate differences, each of which must still differ.
fn assert_zoo_agrees(
    zoo: &str,
    oracle: &str,
    records: &[String],
    ours: &[&str],
    theirs: &[String],
    deliberate: &[(&str, &str)],
) {
    let mut disagreements = Vec::new();
    let mut deliberate_seen = Vec::new();
    for ((record, ours), theirs) in records.iter().zip(ours).zip(theirs) {
        if *ours == theirs.split(' ').next().unwrap_or_default() {
            continue;
        }
        match deliberate.iter().find(|(r, _)| r == record) {
            Some(known) => deliberate_seen.push(known.0),
            None => disagreements.push(format!("{record:?}: pastoe {ours}, {oracle} {theirs}")),
        }
    }
    assert!(
        disagreements.is_empty(),
        "pastoe and {oracle} disagree on the {zoo} zoo:\n{}",
        disagreements.join("\n")
    );
    for (record, _) in deliberate {
        assert!(
            deliberate_seen.contains(record),
            "no longer differs: {record:?}"
        );
    }
    eprintln!(
        "{zoo} zoo: {} records, {oracle} agrees on {}, {} deliberate differences",
        records.len(),
        records.len() - deliberate_seen.len(),
        deliberate_seen.len()
    );
}
