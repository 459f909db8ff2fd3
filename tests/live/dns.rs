//! DNSSEC facts of the fake DNS tree against `delv` as the oracle, through both resolvers;
//! broken delegations, truncation and trust anchors. The DNS checks' verdicts are tested on
//! the golden facts (tests/offline/verdicts/dns.rs).

use crate::support;

use std::process::Command;
use std::sync::OnceLock;

use pastoe::rules::Status::{self, *};
use support::{finding, net, scan, scratch_dir};

/// Every fixture zone (or name in one) with the DNSSEC state it must get.
const DNSSEC: &[(&str, &str)] = &[
    ("goedstad.nl", "secure"),
    ("www.goedstad.nl", "secure"),
    ("proefnet.nl", "secure"),
    ("oudeland.nl", "insecure"),
    ("www.oudeland.nl", "insecure"),
    // A signed CNAME into an unsigned zone: the chain's worst state.
    ("alias.proefnet.nl", "insecure"),
    // A signed CNAME to a name whose non-existence is proven (NSEC3): secure, as delv says.
    ("dangling.proefnet.nl", "secure"),
    ("verlopen.nl", "bogus"),
    ("verkeerdeds.nl", "bogus"),
    ("geendnskey.nl", "bogus"),
    ("onbekendalg.nl", "insecure"),
    ("halfweg.nl", "secure"),
    ("natteveld.nl", "secure"),
    ("v6ns.nl", "secure"),
    ("v6half.nl", "secure"),
    ("v6stuk.nl", "secure"),
    // Signed with RSASHA1 (NSEC), RSASHA1-NSEC3-SHA1 (SHA-1 and SHA-256 DS), ED25519, and
    // ECDSAP256SHA256 with only a SHA-1 DS: deprecated (RFC 9905), still validated.
    ("rsasha1.nl", "secure"),
    ("nsec3rsasha1.nl", "secure"),
    ("ed25519.nl", "secure"),
    ("sha1ds.nl", "secure"),
    // No answer at all (lame, silent): neither validator reaches a verdict.
    ("kreupel.nl", "indeterminate"),
    ("stilns.nl", "indeterminate"),
    // A CNAME loop: the resolvers give up (SERVFAIL), so does delv.
    ("cnameloop.proefnet.nl", "indeterminate"),
];

/// One scan of every name of [`DNSSEC`]: its facts.
fn facts() -> &'static serde_json::Value {
    static FACTS: OnceLock<serde_json::Value> = OnceLock::new();
    FACTS.get_or_init(|| {
        let facts = scratch_dir("dns-facts").join("facts.json");
        let names: Vec<&str> = DNSSEC.iter().map(|(n, _)| *n).collect();
        let run = scan(&names, &["--facts-out", facts.to_str().unwrap()]);
        assert!(run.code <= 1, "{}", run.stderr);
        serde_json::from_str(&std::fs::read_to_string(&facts).unwrap()).unwrap()
    })
}

fn our_state(name: &str) -> String {
    let domain = facts()["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == name)
        .unwrap();
    domain["dns"]["dnssec"]["status"]
        .as_str()
        .unwrap_or("missing")
        .to_string()
}

/// What `delv` (BIND's validating lookup tool) says about the SOA of a name (the record
/// internet.nl asks for), read from its comment lines; along a CNAME chain the worst
/// state wins.
fn delv_state(name: &str) -> String {
    let net = net();
    let anchor = support::env("PASTOE_DELV_ANCHOR");
    let server = format!("@{}", net.resolver.split(':').next().unwrap());
    let out = Command::new("delv")
        .args([&server, "-a", &anchor, "+root=.", "+cdflag", name, "SOA"])
        .output()
        .expect("run delv (bind9-dnsutils)");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    // With +cdflag delv sees the records behind a bogus answer and says why it rejects
    // them; a plain "resolution failed" then means no answer at all.
    let mut state = None;
    for line in text.lines().filter(|l| l.starts_with(';')) {
        let this = if line.contains("fully validated") {
            1
        } else if line.contains("unsigned answer") {
            2
        } else if line.contains("broken trust chain")
            || line.contains("no valid signature")
            || line.contains("insecurity proof failed")
            || line.contains("RRSIG has expired")
            || line.contains("no valid RRSIG")
        {
            4
        } else if line.contains("resolution failed") && !line.contains("ncache") {
            3
        } else {
            continue;
        };
        state = state.max(Some(this));
    }
    match state {
        Some(1) => "secure".into(),
        Some(2) => "insecure".into(),
        Some(3) => "indeterminate".into(),
        Some(4) => "bogus".into(),
        _ => format!("unknown: {text}"),
    }
}

#[test]
fn dnssec_states_agree_with_delv_on_every_fixture_zone() {
    let mut wrong = Vec::new();
    for (name, expected) in DNSSEC {
        let ours = our_state(name);
        let oracle = delv_state(name);
        if ours != *expected || oracle != *expected {
            wrong.push(format!(
                "{name}: pastoe {ours}, delv {oracle}, expected {expected}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The algorithms pastoe records for each algorithm fixture zone (DNSKEY algorithms, DS
/// algorithms and digest types) are what `dig` shows in the zone and its parent, and
/// web.dnssec.algorithms grades them by RFC 9904 / RFC 9905.
#[test]
fn dnssec_algorithms_are_recorded_as_dig_shows_them_and_graded() {
    let resolver = net().resolver;
    let server = format!("@{}", resolver.split(':').next().unwrap());
    // dig +short: DNSKEY "flags protocol algorithm key", DS "tag algorithm digest-type digest"
    let field = |zone: &str, rtype: &str, index: usize| -> Vec<u64> {
        let out = Command::new("dig")
            .args([&server, "+short", zone, rtype])
            .output()
            .expect("run dig (bind9-dnsutils)");
        let mut v: Vec<u64> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().nth(index)?.parse().ok())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let run = scan(
        &["rsasha1.nl", "nsec3rsasha1.nl", "ed25519.nl", "sha1ds.nl"],
        &["--only", "web.dnssec.algorithms"],
    );
    assert!(run.code <= 1, "{}", run.stderr);
    let doc = run.doc();
    let mut wrong = Vec::new();
    for (zone, dnskey, ds_digests, status, outcome) in [
        ("rsasha1.nl", 5, &[2][..], Warning, "signing_must_not"),
        (
            "nsec3rsasha1.nl",
            7,
            &[1, 2][..],
            Warning,
            "signing_must_not",
        ),
        ("ed25519.nl", 15, &[2][..], Pass, "recommended"),
        ("sha1ds.nl", 13, &[1][..], Warning, "ds_must_not"),
    ] {
        let f = finding(&doc, zone, "web.dnssec.algorithms");
        let seen = |key: &str| -> Vec<u64> {
            f.evidence[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect()
        };
        let got = (
            seen("dnskey_algorithms"),
            seen("ds_algorithms"),
            seen("ds_digest_types"),
        );
        let dig = (
            field(zone, "DNSKEY", 2),
            field(zone, "DS", 1),
            field(zone, "DS", 2),
        );
        let want: (Vec<u64>, Vec<u64>, Vec<u64>) =
            (vec![dnskey], vec![dnskey], ds_digests.to_vec());
        if got != want || dig != want || (f.status, f.outcome.as_str()) != (status, outcome) {
            wrong.push(format!(
                "{zone}: pastoe {got:?} {:?} {}, dig {dig:?}, want {want:?} {status:?} {outcome}",
                f.status, f.outcome
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Through a resolver that does not validate, bogus data reaches pastoe and its own
/// validator must catch it: the same states as through the validating resolver.
#[test]
fn in_process_validation_agrees_through_a_non_validating_resolver() {
    let plain = support::env("PASTOE_RESOLVER_PLAIN");
    let facts = scratch_dir("dns-plain").join("facts.json");
    let names: Vec<&str> = DNSSEC.iter().map(|(n, _)| *n).collect();
    let run = scan(
        &names,
        &["--resolver", &plain, "--facts-out", facts.to_str().unwrap()],
    );
    assert!(run.code <= 1, "{}", run.stderr);
    let facts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&facts).unwrap()).unwrap();
    let mut wrong = Vec::new();
    for (name, expected) in DNSSEC {
        let domain = facts["domains"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["domain"] == *name)
            .unwrap();
        let state = domain["dns"]["dnssec"]["status"]
            .as_str()
            .unwrap_or("missing");
        if state != *expected {
            wrong.push(format!("{name}: {state}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A lame delegation and a name server that never answers: clear errors, bounded by the
/// timeout (the helper kills a hung pastoe and fails the test).
#[test]
fn broken_delegations_are_errors_not_hangs() {
    let run = scan(&["kreupel.nl", "stilns.nl"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.doc();
    for name in ["kreupel.nl", "stilns.nl"] {
        let f = finding(&doc, name, "web.https.available");
        assert_eq!(f.status, Error, "{name}: {}", f.message.en);
        assert_eq!(f.outcome, "dns_error", "{name}");
        assert_eq!(
            finding(&doc, name, "web.dnssec.exists").status,
            Error,
            "{name}"
        );
    }
}

/// An answer too big for UDP comes back truncated; the raw query repeats it over TCP.
#[test]
fn truncated_answers_are_fetched_again_over_tcp() {
    use pastoe::probe::net::dns::{Dns, DnsConfig};
    let net = net();
    let config = DnsConfig {
        server: Some(net.resolver.parse().unwrap()),
        trust_anchor: Some(net.trust_anchor.clone()),
        timeout: std::time::Duration::from_secs(3),
        attempts: 1,
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let answer = runtime.block_on(async {
        let dns = Dns::new(&config).await.unwrap();
        dns.raw(
            "groot.proefnet.nl",
            hickory_resolver::proto::rr::RecordType::TXT,
        )
        .await
    });
    let message = answer.expect("an answer over TCP");
    assert!(!message.metadata.truncation);
    let txt = message
        .answers
        .iter()
        .filter(|r| r.record_type() == hickory_resolver::proto::rr::RecordType::TXT)
        .count();
    assert!(txt >= 10, "got {txt} TXT records");
    // The validated lookup (hickory) handles truncation itself.
    let validated = runtime.block_on(async {
        let dns = Dns::new(&config).await.unwrap();
        dns.lookup(
            "groot.proefnet.nl",
            hickory_resolver::proto::rr::RecordType::TXT,
        )
        .await
    });
    assert_eq!(validated.expect("validated TXT").records.len(), txt);
}

/// The test internet's root key as a DS line, as IANA publishes the root anchor.
fn root_ds() -> String {
    let path = std::path::Path::new(&support::env("PASTOE_RUN")).join("dns/root.ds");
    std::fs::read_to_string(path).unwrap()
}

/// A DS anchor file anchors the same validation as the DNSKEY file of the key it names: the
/// same findings for a secure, an insecure and a bogus zone, also with both forms in one file.
#[test]
fn a_ds_anchor_file_validates_as_the_dnskey_file_does() {
    let names = ["goedstad.nl", "oudeland.nl", "verlopen.nl"];
    let verdicts = |run: support::Run| {
        assert!(run.code <= 1, "{}", run.stderr);
        let mut v: Vec<_> = run
            .doc()
            .findings
            .into_iter()
            .map(|f| (f.domain, f.check, f.subject, f.status, f.outcome))
            .collect();
        v.sort();
        v
    };
    let with_key = verdicts(scan(&names, &[]));
    let dir = scratch_dir("ds-anchor");
    let ds = dir.join("root.ds");
    std::fs::write(&ds, root_ds()).unwrap();
    let mixed = dir.join("mixed.anchor");
    let key = std::fs::read_to_string(net().trust_anchor).unwrap();
    std::fs::write(&mixed, format!("; both forms\n{key}\n{}", root_ds())).unwrap();
    for file in [&ds, &mixed] {
        let with_ds = verdicts(scan(&names, &["--trust-anchor", file.to_str().unwrap()]));
        assert_eq!(with_ds, with_key, "{}", file.display());
    }
    let secure = |v: &[(String, String, String, Status, String)], name: &str| {
        v.iter()
            .find(|f| f.0 == name && f.1 == "web.dnssec.valid")
            .map(|f| f.4.clone())
    };
    assert_eq!(secure(&with_key, "goedstad.nl").as_deref(), Some("secure"));
    assert_eq!(secure(&with_key, "verlopen.nl").as_deref(), Some("bogus"));
}

/// A DS whose digest matches no key the root serves, and a SHA-1 DS, are refused before
/// anything is scanned: a usage error naming the file and the form found.
#[test]
fn a_ds_anchor_that_names_no_key_or_uses_sha1_is_refused() {
    let dir = scratch_dir("ds-refused");
    let line = root_ds();
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(fields[3], "DS", "{line}");
    let digest = fields[7];
    let flipped = if digest.starts_with('0') { "1" } else { "0" };
    let wrong = format!("{} {}{}\n", fields[..7].join(" "), flipped, &digest[1..]);
    let sha1 = format!("{} 1 {}\n", fields[..6].join(" "), &digest[..40]);
    for (file, text, reason) in [
        ("wrong.ds", wrong, "matches none of the"),
        ("sha1.ds", sha1, "digest type 1 (SHA-1) is refused"),
    ] {
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        let run = scan(
            &["goedstad.nl"],
            &["--trust-anchor", path.to_str().unwrap()],
        );
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        for said in [path.to_str().unwrap(), "DS lines", reason] {
            assert!(
                run.stderr.contains(said),
                "{file}: {said:?} not in {}",
                run.stderr
            );
        }
    }
}
