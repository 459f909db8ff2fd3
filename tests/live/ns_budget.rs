//! A domain's own broken DNS costs one budget, not minutes (issue 15, point 10).
//!
//! `veelns.nl` is delegated to 13 name servers with 8 addresses each: one IPv4 (the
//! answering child nsd, which the resolver uses) and seven IPv6. Of the 91 IPv6 addresses
//! only ns1's first (fd42:beef::6:101, the namespace nsd) answers; the other 90 are
//! hostile.py `dns-silent` sinks in the namespace, which read UDP and TCP port 53 and never
//! answer (real silence, not the instant ICMP refusal of an address where nothing
//! listens). Asked one after another, a UDP and a TCP timeout each, they would cost
//! 90 × 2 × `--timeout`; the property is that the whole scan takes at most twice
//! `--timeout`, and that its findings name every address that did not answer.

use crate::support;

use std::time::Duration;

use pastoe::judge::finding::Finding;
use pastoe::report::ScanDocument;
use pastoe::rules::Status;
use support::{TIMEOUT, finding, scan};

const DOMAIN: &str = "veelns.nl";
const ANSWERING: &str = "fd42:beef::6:101";

/// fd42:beef::6:NKK is address KK of name server N (fixtures/net/hosts.toml); all but ns1's
/// first never answer.
fn silent_addresses() -> Vec<(String, String)> {
    (1..=13)
        .flat_map(|n| (1..=7).map(move |k| (n, k)))
        .filter(|&(n, k)| (n, k) != (1, 1))
        .map(|(n, k)| (format!("ns{n}.{DOMAIN}"), format!("fd42:beef::6:{n}{k:02}")))
        .collect()
}

/// Scan veelns.nl with `extra` and hold the run to the budget: at most twice `--timeout`
/// from the start of the process to its end.
fn scan_within_budget(extra: &[&str]) -> ScanDocument {
    // Alone: the budget is the scan's wall time, which a loaded machine stretches.
    let _alone = support::serial::alone();
    let run = scan(&[DOMAIN], extra);
    assert!(run.code <= 1, "{extra:?}: {}", run.stderr);
    let timeout = Duration::from_secs(TIMEOUT.parse().expect("TIMEOUT is whole seconds"));
    assert!(
        run.elapsed <= 2 * timeout,
        "{extra:?}: scanning {DOMAIN} took {:?}, more than twice --timeout {TIMEOUT} s",
        run.elapsed
    );
    eprintln!("{extra:?}: {DOMAIN} scanned in {:?}", run.elapsed);
    run.doc()
}

/// The finding fails, its message names every silent address and no answering one, and
/// its evidence says of each address what happened to it.
fn assert_names_every_silent_address(f: &Finding) {
    assert_eq!(
        (f.status, f.outcome.as_str()),
        (Status::Fail, "unreachable"),
        "{}: {}",
        f.check,
        f.message.en
    );
    let evidence: Vec<&str> = f.evidence["answers"]
        .as_array()
        .expect("answers is a list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(evidence.len(), 91, "{evidence:#?}");
    for (server, address) in silent_addresses() {
        for text in [&f.message.en, &f.message.nl] {
            assert!(
                text.contains(&format!("{address},")) || text.contains(&format!("{address})")),
                "{}: {address} ({server}) not named in {text:?}",
                f.check
            );
        }
        let line = format!("{server} {address}: ");
        let said = evidence
            .iter()
            .find(|e| e.starts_with(&line))
            .unwrap_or_else(|| panic!("no evidence for {address}: {evidence:#?}"));
        assert!(said.contains("no answer within"), "{said}");
    }
    assert!(
        !f.message.en.contains(ANSWERING),
        "the answering address is named as silent: {}",
        f.message.en
    );
    assert!(
        evidence.contains(&format!("ns1.{DOMAIN} {ANSWERING} answers").as_str()),
        "{evidence:#?}"
    );
}

#[test]
fn ns_reach_alone_costs_one_budget() {
    let doc = scan_within_budget(&["--only", "web.ipv6.ns_reach"]);
    assert_names_every_silent_address(finding(&doc, DOMAIN, "web.ipv6.ns_reach"));
}

#[test]
fn whole_scan_costs_one_budget() {
    let doc = scan_within_budget(&[]);
    for check in ["web.ipv6.ns_reach", "mail.ipv6.ns_reach"] {
        assert_names_every_silent_address(finding(&doc, DOMAIN, check));
    }
    // The resolver's side works: all thirteen name servers are found, each with IPv6.
    let ns = finding(&doc, DOMAIN, "web.ipv6.ns_address");
    assert_eq!(
        (ns.status, ns.outcome.as_str()),
        (Status::Pass, "ok"),
        "{}",
        ns.message.en
    );
    assert_eq!(ns.evidence["with_ipv6"].as_array().map(Vec::len), Some(13));
}
