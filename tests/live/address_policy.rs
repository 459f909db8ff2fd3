//! The address policy: names that point inside (an A record, a CNAME target, an MX, an
//! HTTP redirect) are reported as not contacted, and a listener on that inside address
//! counts no connection at all; once `--allow-net` covers the address it is scanned.

use crate::support;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use pastoe::rules::Status;
use support::{TEST_NETS, assert_verdicts, finding, scan};

/// The inside address the test internet's `intern.proefnet.nl` points at.
const INSIDE: &str = "127.99.0.1";

/// The test internet without 127.99.0.0/16: loopback up to 127.63.255.255 (web, mail and
/// DNS servers), ::1 and the IPv6 namespace.
const ALLOWED_WITHOUT_INSIDE: &str = "127.0.0.0/10,::1/128,fd42::/16";

/// Accepts on the inside address's web and mail ports and counts every connection.
fn counting_listener() -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    for port in [80, 443, 25] {
        let addr: SocketAddr = format!("{INSIDE}:{port}").parse().unwrap();
        let listener = TcpListener::bind(addr).unwrap_or_else(|e| panic!("bind {addr}: {e}"));
        let count = count.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                count.fetch_add(1, Ordering::SeqCst);
                drop(stream);
            }
        });
    }
    count
}

#[test]
fn names_pointing_inside_are_not_contacted_unless_allowed() {
    let connections = counting_listener();
    let names = [
        "intern.proefnet.nl",
        "intern-alias.proefnet.nl",
        "intern-mail.proefnet.nl",
        "naarintern.proefnet.nl",
    ];
    let run = scan(&names, &["--allow-net", ALLOWED_WITHOUT_INSIDE]);
    assert!(run.code <= 1, "scan failed: {}", run.stderr);
    let doc = run.doc();
    assert_verdicts(
        &doc,
        &[
            (
                "intern.proefnet.nl",
                "web.https.available",
                Status::Fail,
                "non_public",
            ),
            (
                "intern-alias.proefnet.nl",
                "web.https.available",
                Status::Fail,
                "non_public",
            ),
            (
                "intern-mail.proefnet.nl",
                "mail.starttls.available",
                Status::Fail,
                "non_public",
            ),
            // The redirect's first hop is judged as ever; following it is refused.
            (
                "naarintern.proefnet.nl",
                "web.https.redirect",
                Status::Fail,
                "",
            ),
        ],
    );
    let available = finding(&doc, "intern.proefnet.nl", "web.https.available");
    assert!(
        available.message.en.contains(INSIDE) && available.message.en.contains("did not connect"),
        "{}",
        available.message.en
    );
    let mail = finding(&doc, "intern-mail.proefnet.nl", "mail.starttls.available");
    assert!(mail.message.en.contains(INSIDE), "{}", mail.message.en);
    let redirect = finding(&doc, "naarintern.proefnet.nl", "web.https.redirect");
    let evidence = serde_json::to_string(&redirect.evidence).unwrap();
    assert!(
        evidence.contains("not a public address") && evidence.contains("127.0.0.0/8"),
        "the redirect's refused hop is not in the evidence: {evidence}"
    );
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "pastoe connected to an address outside --allow-net"
    );

    // Allowed, the same names are scanned: the listener is reached, and nothing says
    // non_public any more.
    let run = scan(&names, &["--allow-net", TEST_NETS]);
    assert!(run.code <= 1, "scan failed: {}", run.stderr);
    let doc = run.doc();
    assert!(
        doc.findings.iter().all(|f| f.outcome != "non_public"),
        "non_public with the address allowed"
    );
    assert!(
        connections.load(Ordering::SeqCst) > 0,
        "the allowed inside address was never contacted"
    );
}
