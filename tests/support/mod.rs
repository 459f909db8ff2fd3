//! Shared helpers for the integration tests: they run the real `pastoe` binary against the
//! local test internet that `fixtures/net/up` starts (scripts/test does that). A module of
//! both test binaries (tests/live and tests/offline); offline uses the ones that need no
//! network.

#![allow(dead_code)]

pub mod golden;
pub mod look_alikes;
pub mod relay;
pub mod serial;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use pastoe::judge::finding::Finding;
use pastoe::report::ScanDocument;
use pastoe::report::autonomy::{DependencyRollup, Share, Tally};
use pastoe::rules::Status;
use pastoe::store::Store;
use std::collections::BTreeSet;

/// Seconds each network operation may take in tests; hostile servers cost about this much.
pub const TIMEOUT: &str = "3";

pub struct TestNet {
    pub resolver: String,
    pub ca_file: PathBuf,
    pub trust_anchor: PathBuf,
    pub fixtures: PathBuf,
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One value of `fixtures/net/run/env`, the contract `fixtures/net/up` writes.
pub fn env(key: &str) -> String {
    fixture_env("net", key)
}

/// One value of `fixtures/<fixture>/run/env`, written by `fixtures/<fixture>/up`.
pub fn fixture_env(fixture: &str, key: &str) -> String {
    let env_file = repo().join("fixtures").join(fixture).join("run/env");
    let text = std::fs::read_to_string(&env_file).unwrap_or_else(|_| {
        panic!(
            "{} is missing: start it with fixtures/{fixture}/up",
            env_file.display()
        )
    });
    text.lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| panic!("{key} missing in {}", env_file.display()))
}

pub fn net() -> TestNet {
    TestNet {
        resolver: env("PASTOE_RESOLVER"),
        ca_file: env("PASTOE_CA_FILE").into(),
        trust_anchor: env("PASTOE_TRUST_ANCHOR").into(),
        fixtures: env("PASTOE_FIXTURES").into(),
    }
}

/// Assert (domain, check, status, outcome) rows against a scan; an empty outcome checks
/// the status only. Every mismatch is listed, not just the first.
pub fn assert_verdicts(doc: &ScanDocument, expected: &[(&str, &str, Status, &str)]) {
    let mut wrong = Vec::new();
    for (domain, check, status, outcome) in expected {
        let f = finding(doc, domain, check);
        if f.status != *status || (!outcome.is_empty() && f.outcome != *outcome) {
            wrong.push(format!(
                "{domain} {check}: got {:?}/{} want {status:?}/{outcome} — {}",
                f.status, f.outcome, f.message.en
            ));
        }
    }
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// The JSON scan document. Every text in it must be fully filled in: a `{name}` left
    /// over means a rule names a value its check does not provide.
    pub fn doc(&self) -> ScanDocument {
        let doc: ScanDocument = serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not a scan document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        });
        for f in &doc.findings {
            let texts = [Some(&f.message), f.advice.as_ref()]
                .into_iter()
                .chain(
                    f.details
                        .iter()
                        .flat_map(|d| [Some(&d.message), d.advice.as_ref()]),
                )
                .flatten()
                .flat_map(|t| [&t.nl, &t.en]);
            for text in texts {
                assert!(
                    unfilled(text).is_none(),
                    "{} {} ({}): unfilled placeholder {:?} in {text:?}",
                    f.subject,
                    f.check,
                    f.outcome,
                    unfilled(text)
                );
            }
        }
        doc
    }
}

/// The first `{name}` in a text (a placeholder the evaluator could not fill).
pub fn unfilled(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Some(name);
        }
        rest = after;
    }
    None
}

/// The test internet's address ranges: loopback and the IPv6 namespace's fd42::/16. pastoe
/// contacts only public addresses unless told, so every scan and sweep of the tests names
/// them with `--allow-net` (see [`with_test_nets`]).
pub const TEST_NETS: &str = "127.0.0.0/8,::1/128,fd42::/16";

/// The politeness of every in-process probe of the test process: at most this many
/// connections at once to one address, and this many a second beyond the burst. Politeness
/// is process-wide (like `--per-ip-connections` for the binary), so all tests of the process
/// share it; tests/live/polite.rs measures against it. A cap of two makes a missing permit
/// show; the rate is high enough not to slow the other tests.
pub const PER_IP_CONNECTIONS: usize = 2;
pub const PER_IP_RATE: u32 = 400;

/// For tests that run the probes in-process: sets up the process (see [`configure_process`])
/// and takes a shared turn, since tests/live/polite.rs counts every connection of the process
/// while it runs alone.
pub fn in_process() -> serial::Turn {
    configure_process();
    serial::shared()
}

/// The address policy and politeness of this process, the same whichever test comes
/// first: the test internet may be contacted (the address policy is process-wide, like
/// `--allow-net` for the binary), under [`PER_IP_CONNECTIONS`] and [`PER_IP_RATE`]. Both
/// must be set before the first connection of the process, which would fix the defaults.
pub fn configure_process() {
    use pastoe::probe::net::address_policy::{self, AddressPolicy};
    use pastoe::probe::net::polite::{self, PolitenessConfig};
    let nets = AddressPolicy::parse_allowed(TEST_NETS).expect("TEST_NETS are ranges");
    address_policy::configure(AddressPolicy::new(nets)).expect("one policy per test process");
    polite::configure(PolitenessConfig {
        max_connections_per_ip: PER_IP_CONNECTIONS,
        connections_per_second_per_ip: std::num::NonZeroU32::new(PER_IP_RATE)
            .expect("a rate above zero"),
    })
    .expect("one politeness per test process");
}

/// `args` with `--allow-net TEST_NETS` after a `scan` or `sweep` subcommand that does not
/// name its own ranges.
pub fn with_test_nets(args: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let probes = matches!(args.first(), Some(&"scan") | Some(&"sweep"));
    if probes && !args.iter().any(|a| a.starts_with("--allow-net")) {
        out.insert(1, "--allow-net".into());
        out.insert(2, TEST_NETS.into());
    }
    out
}

/// Run `pastoe` with these arguments, killing it if it hangs (a hang is a bug this suite
/// must report, not wait for). It runs in a shared turn: never beside a test that runs
/// alone.
pub fn pastoe(args: &[&str]) -> Run {
    let _turn = serial::shared();
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_pastoe"))
        .args(with_test_nets(args))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pastoe");
    let pid = child.id();
    // Collect output on another thread: a large report fills the pipe, and waiting for
    // exit without reading it would deadlock.
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    let deadline = Duration::from_secs(120);
    let Output {
        status,
        stdout,
        stderr,
    } = match result.recv_timeout(deadline) {
        Ok(output) => output.expect("wait for pastoe"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("pastoe {args:?} hung for more than {deadline:?}");
        }
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// `pastoe scan --format json` against the test internet.
pub fn scan(domains: &[&str], extra: &[&str]) -> Run {
    let net = net();
    let ca = net.ca_file.display().to_string();
    let anchor = net.trust_anchor.display().to_string();
    let mut args = vec!["scan"];
    if !extra.contains(&"--resolver") {
        args.extend_from_slice(&["--resolver", &net.resolver]);
    }
    args.extend_from_slice(&["--ca-file", &ca, "--timeout", TIMEOUT]);
    if !extra.contains(&"--trust-anchor") {
        args.extend_from_slice(&["--trust-anchor", &anchor]);
    }
    if !extra.contains(&"--format") {
        args.extend_from_slice(&["--format", "json"]);
    }
    args.extend_from_slice(extra);
    args.extend_from_slice(domains);
    pastoe(&args)
}

/// The arguments of `pastoe sweep ORGS --db DB` against the test internet, then `extra`.
pub fn sweep_args(orgs: &Path, db: &Path, extra: &[&str]) -> Vec<String> {
    let net = net();
    let mut args: Vec<String> = vec![
        "sweep".into(),
        orgs.display().to_string(),
        "--db".into(),
        db.display().to_string(),
        "--resolver".into(),
        net.resolver.clone(),
        "--ca-file".into(),
        net.ca_file.display().to_string(),
        "--trust-anchor".into(),
        net.trust_anchor.display().to_string(),
        "--timeout".into(),
        TIMEOUT.into(),
    ];
    if !extra.iter().any(|a| a.starts_with("--allow-net")) {
        args.extend(["--allow-net".into(), TEST_NETS.into()]);
    }
    // The test internet's broken hosts stay broken; their retry need not wait long.
    if !extra.iter().any(|a| a.starts_with("--retry-delay")) {
        args.extend(["--retry-delay".into(), "1".into()]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// `pastoe sweep` against the test internet.
pub fn sweep(orgs: &Path, db: &Path, extra: &[&str]) -> Run {
    let args = sweep_args(orgs, db, extra);
    pastoe(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// `pastoe report --db DB --out SITE`: the site of a stored sweep.
pub fn report_from_store(db: &Path, site: &Path) -> Run {
    pastoe(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--out",
        site.to_str().unwrap(),
    ])
}

pub fn finding<'a>(doc: &'a ScanDocument, domain: &str, check: &str) -> &'a Finding {
    doc.findings
        .iter()
        .find(|f| f.domain == domain && f.check == check)
        .unwrap_or_else(|| panic!("no finding {check} for {domain}"))
}

pub fn status(doc: &ScanDocument, domain: &str, check: &str) -> Status {
    finding(doc, domain, check).status
}

/// The files of a folder (not its subfolders, such as rules/internetnl/, which is no rule
/// file) into another.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A copy of the rule folder with the autonomy view's test providers table
/// (fixtures/autonomy/providers.toml, over the test internet's AS numbers) in place of the
/// real one.
pub fn rules_with_test_providers(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    copy_dir(&repo().join("rules"), &dir);
    std::fs::copy(
        repo().join("fixtures/autonomy/providers.toml"),
        dir.join("providers.toml"),
    )
    .unwrap();
    dir
}

/// A fresh empty folder under the target dir (no temp-file crate needed).
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = repo()
        .join("target/test-scratch")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The SPF and DMARC cases of the test internet: each is `<name>.mailproef.nl`
/// (fixtures/net/hosts.toml).
pub const MAIL_ZOO: &[&str] = &[
    "spf-good",
    "spf-soft",
    "spf-toomany",
    "spf-void",
    "spf-loop",
    "spf-plusall",
    "spf-neutral",
    "spf-noall",
    "spf-redirect",
    "spf-two",
    "spf-syntax",
    "spf-includenx",
    "spf-deep",
    "spf-long",
    "dmarc-none",
    "dmarc-testing",
    "dmarc-reject-testing",
    "dmarc-reject",
    "dmarc-ext-ok",
    "dmarc-ext-bad",
    "dmarc-syntax",
    "dmarc-two",
    "dmarc-org",
    "nosend",
];

// ---- comparing stored sweeps

/// What a finding is, without the timing-dependent evidence: the comparison key.
pub type Row = (String, String, String, String, String, String);

/// Every finding of every organisation document of the newest sweep in a store.
pub fn export_rows(db: &Path) -> BTreeSet<Row> {
    export_documents(db).iter().flat_map(rows).collect()
}

/// The organisation documents of the newest sweep in a store.
pub fn export_documents(db: &Path) -> Vec<ScanDocument> {
    let run = pastoe(&["export", "--db", db.to_str().unwrap()]);
    assert_eq!(run.code, 0, "export failed: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("export is JSON")
}

pub fn rows(doc: &ScanDocument) -> Vec<Row> {
    doc.findings
        .iter()
        .map(|f| {
            (
                doc.organisation.clone().unwrap_or_default(),
                f.domain.clone(),
                f.check.clone(),
                f.subject.clone(),
                f.status.as_str().to_string(),
                format!(
                    "{}{}",
                    f.outcome,
                    if f.explained { " explained" } else { "" }
                ),
            )
        })
        .collect()
}

/// Two sweeps have the same findings; on failure only the differences are shown.
pub fn assert_same_rows(got: &BTreeSet<Row>, want: &BTreeSet<Row>) {
    let missing: Vec<&Row> = want.difference(got).take(20).collect();
    let extra: Vec<&Row> = got.difference(want).take(20).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "findings differ from the uninterrupted sweep\nmissing: {missing:#?}\nextra: {extra:#?}"
    );
}

/// No domain and no finding is in the newest sweep twice.
pub fn assert_no_duplicates(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let sweep: i64 = conn
        .query_row("SELECT max(id) FROM sweeps", [], |r| r.get(0))
        .unwrap();
    for (what, sql) in [
        (
            "findings",
            "SELECT count(*) - count(DISTINCT domain || '|' || check_id || '|' || subject) FROM findings WHERE sweep = ?1",
        ),
        (
            "domains",
            "SELECT count(*) - count(DISTINCT name) FROM domains WHERE sweep = ?1",
        ),
    ] {
        let extra: i64 = conn.query_row(sql, [sweep], |r| r.get(0)).unwrap();
        assert_eq!(extra, 0, "{extra} duplicate {what} in sweep {sweep}");
    }
}

/// Domains written so far in the newest sweep of a store (0 before it exists).
pub fn done_in(db: &Path) -> usize {
    let Ok(store) = Store::open_read(db) else {
        return 0;
    };
    store.sweep(None).map(|s| s.done).unwrap_or(0)
}

fn share_figure(s: &Share) -> String {
    format!("{}/{} {:.1}", s.count, s.of, s.percent)
}

fn tally_figure(t: &Tally) -> String {
    format!(
        "{} {} orgs={} domains={} low={}",
        t.id.as_deref().unwrap_or("-"),
        t.jurisdiction,
        share_figure(&t.organisations),
        share_figure(&t.domains),
        t.low_confidence
    )
}

/// Every figure of digital-autonomy roll-ups, one per line (tests/offline/autonomy_rollup.rs
/// and tests/live/autonomy.rs compare them with figures worked out by hand).
pub fn rollup_figures(rollups: &[DependencyRollup]) -> String {
    let mut out = String::new();
    for r in rollups {
        out.push_str(&format!(
            "{} orgs={} domains={} outside={} cloud={} unknown={}\n",
            r.group,
            r.organisations,
            r.domains,
            share_figure(&r.outside_eu_eea),
            share_figure(&r.cloud_act),
            share_figure(&r.unknown)
        ));
        for s in &r.services {
            out.push_str(&format!(
                "  {} orgs={} domains={} outside={} cloud={} hhi={} over {}\n",
                s.service,
                s.organisations,
                s.domains,
                share_figure(&s.outside_eu_eea),
                share_figure(&s.cloud_act),
                s.hhi.map(|h| h.to_string()).unwrap_or("-".into()),
                s.hhi_domains
            ));
            for t in &s.providers {
                out.push_str(&format!("    provider {}\n", tally_figure(t)));
            }
            for t in &s.jurisdictions {
                out.push_str(&format!("    jurisdiction {}\n", tally_figure(t)));
            }
        }
    }
    out
}
