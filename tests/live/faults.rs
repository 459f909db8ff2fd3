//! Faults during a sweep: pastoe's own resolver stopping for a few seconds, a web address
//! dropping every packet for a while, the resolver staying down beyond the limit. Each
//! ends with exactly the findings of an uninterrupted sweep, because an outage on pastoe's
//! side is never published and a target's passing trouble gets another observation.
//!
//! pastoe reaches the real resolver of the test internet through a relay the test can
//! pause (127.53.99.1), and `flaky.proefnet.nl` (127.99.0.2) through a relay to the web
//! server of goed.proefnet.nl.

use crate::support;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use pastoe::store::{Store, SweepStatus};
use support::relay::{self, Pause};
use support::{
    Row, assert_no_duplicates, assert_same_rows, done_in, export_documents, export_rows,
    scratch_dir,
};

const ORGS: &str = "\
id,name,type,domains,tags
gemeente-goedstad,Gemeente Goedstad,gemeente,goedstad.nl;www.goedstad.nl,
gemeente-halfweg,Gemeente Halfweg,gemeente,halfweg.nl;www.halfweg.nl,
gemeente-oudeland,Gemeente Oudeland,gemeente,oudeland.nl,
waterschap-natteveld,Waterschap Natteveld,waterschap,natteveld.nl,
rijk-proefnet,Proefnet,rijk,goed.proefnet.nl;shorthsts.proefnet.nl;flaky.proefnet.nl,
";

const RELAYED_RESOLVER: &str = "127.53.99.1:53";
const FLAKY: &str = "flaky.proefnet.nl";

/// The relays, once per test process; the tests take turns (they pause shared relays).
struct Relays {
    resolver: Pause,
    web: Pause,
}

/// The relays, and the process alone: the sweeps' own-side canary must answer within two
/// seconds, or they see an outage that is not the one the test makes, and the resolver
/// paused must be nobody else's.
fn relays() -> (support::serial::Turn, MutexGuard<'static, Relays>) {
    let alone = support::serial::alone();
    static RELAYS: OnceLock<Mutex<Relays>> = OnceLock::new();
    let relays = RELAYS
        .get_or_init(|| {
            let upstream: SocketAddr = support::env("PASTOE_RESOLVER").parse().unwrap();
            let resolver = relay::dns(RELAYED_RESOLVER.parse().unwrap(), upstream);
            let flaky: IpAddr = "127.99.0.2".parse().unwrap();
            let goed: IpAddr = "127.0.2.10".parse().unwrap();
            let web = relay::tcp(flaky, goed, &[80, 443]);
            Mutex::new(Relays { resolver, web })
        })
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    (alone, relays)
}

fn orgs_file(dir: &Path) -> PathBuf {
    let path = dir.join("orgs.csv");
    std::fs::write(&path, ORGS).unwrap();
    path
}

/// `pastoe sweep` through the relayed resolver, two domains at a time, then `extra`.
fn sweep_args(orgs: &Path, db: &Path, extra: &[&str]) -> Vec<String> {
    let mut flags = vec![
        "--concurrency",
        "2",
        "--progress",
        "log",
        "--retry-delay",
        "1",
    ];
    flags.extend_from_slice(extra);
    let mut args = support::sweep_args(orgs, db, &flags);
    let at = args.iter().position(|a| a == "--resolver").unwrap() + 1;
    args[at] = RELAYED_RESOLVER.to_string();
    args
}

fn start(args: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_pastoe"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pastoe")
}

/// Wait for a sweep to end; its exit code, stdout and stderr.
fn finish(child: Child) -> (i32, String, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "waited too long for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn domain_written(db: &Path, name: &str) -> bool {
    let Ok(store) = Store::open_read(db) else {
        return false;
    };
    let Ok(sweep) = store.sweep(None) else {
        return false;
    };
    store.findings(sweep.id, name).ok().flatten().is_some()
}

/// (name, attempt, errors) of the earlier attempts kept in the newest sweep.
fn earlier_attempts(db: &Path) -> Vec<(String, i64, i64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, attempt, errors FROM attempts WHERE sweep = (SELECT max(id) FROM sweeps) ORDER BY name, attempt")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn latest_attempt(db: &Path, name: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT attempt FROM domains WHERE sweep = (SELECT max(id) FROM sweeps) AND name = ?1",
        [name],
        |r| r.get(0),
    )
    .unwrap()
}

/// The uninterrupted sweep through the relays, which every faulty one must equal.
fn reference(_relays: &Relays) -> &'static BTreeSet<Row> {
    static REFERENCE: OnceLock<BTreeSet<Row>> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let dir = scratch_dir("faults-reference");
        let db = dir.join("whole.sqlite");
        let (code, stdout, stderr) = finish(start(&sweep_args(&orgs_file(&dir), &db, &[])));
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.contains("0 after an outage"),
            "the reference had an outage: {stdout}"
        );
        let rows = export_rows(&db);
        assert!(
            rows.iter()
                .any(|r| r.1 == FLAKY && r.2 == "web.https.available"),
            "{FLAKY} was not swept"
        );
        assert!(
            rows.iter().all(|r| r.4 != "error"),
            "the reference has errors: {:?}",
            rows.iter().filter(|r| r.4 == "error").collect::<Vec<_>>()
        );
        rows
    })
}

#[test]
fn a_resolver_stopped_for_seconds_partway_changes_no_finding() {
    let (_alone, relays) = relays();
    let whole = reference(&relays);
    let dir = scratch_dir("faults-resolver-pause");
    let db = dir.join("paused.sqlite");
    let child = start(&sweep_args(&orgs_file(&dir), &db, &[]));
    wait_until("two domains written", || done_in(&db) >= 2);
    relays.resolver.set(true);
    std::thread::sleep(Duration::from_secs(4));
    relays.resolver.set(false);
    let (code, stdout, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "paused: the resolver {RELAYED_RESOLVER} did not answer"
        )),
        "the log does not say the sweep paused and why:\n{stderr}"
    );
    assert!(stderr.contains("going on after a pause"), "{stderr}");
    assert_no_duplicates(&db);
    assert_same_rows(&export_rows(&db), whole);
    println!("{stdout}");
}

#[test]
fn a_web_address_silent_for_a_while_is_observed_again_at_the_end() {
    let (_alone, relays) = relays();
    let whole = reference(&relays);
    let dir = scratch_dir("faults-web-drop");
    let db = dir.join("dropped.sqlite");
    relays.web.set(true);
    let child = start(&sweep_args(&orgs_file(&dir), &db, &[]));
    wait_until("the first observation of the flaky host", || {
        domain_written(&db, FLAKY)
    });
    relays.web.set(false);
    let (code, stdout, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("1 after errors"),
        "the flaky host was not observed again: {stdout}"
    );
    assert_same_rows(&export_rows(&db), whole);
    // Both attempts are kept: the one with errors, and the one that counts.
    let earlier = earlier_attempts(&db);
    assert_eq!(earlier.len(), 1, "{earlier:?}");
    assert_eq!((earlier[0].0.as_str(), earlier[0].1), (FLAKY, 1));
    assert!(earlier[0].2 > 0, "the first attempt had no errors");
    assert_eq!(latest_attempt(&db, FLAKY), 2);
}

#[test]
fn a_resolver_down_beyond_the_limit_stops_the_sweep_and_resume_finishes_it() {
    let (_alone, relays) = relays();
    let whole = reference(&relays);
    let dir = scratch_dir("faults-resolver-down");
    let db = dir.join("stopped.sqlite");
    let orgs = orgs_file(&dir);
    let child = start(&sweep_args(&orgs, &db, &["--outage-limit", "3"]));
    wait_until("two domains written", || done_in(&db) >= 2);
    relays.resolver.set(true);
    let (code, _, stderr) = finish(child);
    relays.resolver.set(false);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("pastoe's own side was down") && stderr.contains("--resume"),
        "{stderr}"
    );
    let store = Store::open_read(&db).unwrap();
    let stopped = store.sweep(None).unwrap();
    assert_eq!(stopped.status, SweepStatus::Stopped);
    drop(store);

    let (code, stdout, stderr) = finish(start(&sweep_args(&orgs, &db, &["--resume"])));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("sweep {}", stopped.id)),
        "{stdout}"
    );
    assert_no_duplicates(&db);
    assert_same_rows(&export_rows(&db), whole);
}

#[test]
fn retry_errors_observes_only_the_errored_domains_of_a_finished_sweep() {
    let (_alone, relays) = relays();
    let whole = reference(&relays);
    let dir = scratch_dir("faults-retry-errors");
    let db = dir.join("retry.sqlite");
    let orgs = orgs_file(&dir);
    relays.web.set(true);
    let (code, _, stderr) = finish(start(&sweep_args(&orgs, &db, &["--retries", "0"])));
    relays.web.set(false);
    assert_eq!(code, 0, "{stderr}");
    let errored: BTreeSet<String> = export_rows(&db)
        .into_iter()
        .filter(|r| r.4 == "error")
        .map(|r| r.1)
        .collect();
    assert_eq!(errored, BTreeSet::from([FLAKY.to_string()]));

    let (code, stdout, stderr) = finish(start(&sweep_args(
        &orgs,
        &db,
        &["--resume", "--retry-errors"],
    )));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("0 this run"), "{stdout}");
    assert_same_rows(&export_rows(&db), whole);
    let earlier = earlier_attempts(&db);
    assert_eq!(
        earlier
            .iter()
            .map(|e| (e.0.as_str(), e.1))
            .collect::<Vec<_>>(),
        [(FLAKY, 1)],
        "only the errored domain is observed again"
    );
    let store = Store::open_read(&db).unwrap();
    let sweeps = store.sweeps().unwrap();
    assert_eq!(sweeps.len(), 1);
    assert_eq!(sweeps[0].status, SweepStatus::Complete);
}

#[test]
fn a_domain_still_failing_after_its_retry_says_in_how_many_attempts() {
    let (_alone, relays) = relays();
    let dir = scratch_dir("faults-still-failing");
    let db = dir.join("failing.sqlite");
    relays.web.set(true);
    let (code, _, stderr) = finish(start(&sweep_args(&orgs_file(&dir), &db, &[])));
    relays.web.set(false);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(latest_attempt(&db, FLAKY), 2);
    let flaky = export_documents(&db)
        .into_iter()
        .flat_map(|doc| doc.domains)
        .find(|d| d.domain == FLAKY)
        .expect("the flaky host is in the export");
    assert_eq!(flaky.attempts, 2);
    let site = dir.join("site");
    let run = support::report_from_store(&db, &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(site.join("org/rijk-proefnet.html")).unwrap();
    assert!(
        page.contains("Niet alles kon worden gemeten, ook niet in 2 pogingen."),
        "the organisation page does not say it was tried twice"
    );
}
