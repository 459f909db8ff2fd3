//! Sweeps into the store: a sweep killed with SIGKILL and resumed ends exactly like an
//! uninterrupted one; a full disk stops a sweep cleanly and it resumes later; shards merge
//! into the whole; the store reads back as `pastoe scan`'s documents; diff and history.
//! An organisations file of 100,000 rows with bad ones among them is checked line by line.

use crate::support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use pastoe::report::ScanDocument;
use pastoe::rules::Status;
use pastoe::store::{Store, SweepStatus};
use support::{
    Row, Run, assert_no_duplicates, assert_same_rows, done_in, export_documents, export_rows,
    pastoe, repo, rows, scan, scratch_dir,
};

/// Organisations over the test internet: good and broken DNSSEC, web and mail hosts, a
/// name server that never answers (a slow domain), and a domain two organisations share.
const ORGS: &str = "\
id,name,type,domains,tags
gemeente-goedstad,Gemeente Goedstad,gemeente,goedstad.nl;www.goedstad.nl,randstad
gemeente-halfweg,Gemeente Halfweg,gemeente,halfweg.nl;www.halfweg.nl,
gemeente-oudeland,Gemeente Oudeland,gemeente,oudeland.nl;www.oudeland.nl,platteland
waterschap-natteveld,Waterschap Natteveld,waterschap,natteveld.nl;www.natteveld.nl;proefnet.nl,platteland
rijk-proefnet,Proefnet,rijk,proefnet.nl;shorthsts.proefnet.nl,
zbo-dnssec,DNSSEC-proeven,zbo,verlopen.nl;verkeerdeds.nl;onbekendalg.nl;geendnskey.nl,
other-ns,Naamserverproeven,other,kreupel.nl;stilns.nl;v6ns.nl;v6half.nl,
";

/// Distinct domains in ORGS (18), and the three `www` hosts of listed apexes that exist.
const DOMAINS: usize = 21;

fn orgs_file(dir: &Path) -> PathBuf {
    let path = dir.join("orgs.csv");
    std::fs::write(&path, ORGS).unwrap();
    path
}

/// A sweep with the demo explanations and log lines for progress, then `extra`.
fn sweep_args(orgs: &Path, db: &Path, extra: &[&str]) -> Vec<String> {
    let explanations = repo().join("fixtures/explanations").display().to_string();
    let mut args = vec!["--explanations", &explanations, "--progress", "log"];
    args.extend_from_slice(extra);
    support::sweep_args(orgs, db, &args)
}

fn sweep(orgs: &Path, db: &Path, extra: &[&str]) -> Run {
    let args = sweep_args(orgs, db, extra);
    pastoe(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// One uninterrupted sweep, the reference the other tests compare with.
fn reference() -> &'static (PathBuf, BTreeSet<Row>) {
    static REFERENCE: OnceLock<(PathBuf, BTreeSet<Row>)> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let dir = scratch_dir("sweep-reference");
        let db = dir.join("whole.sqlite");
        let run = sweep(&orgs_file(&dir), &db, &[]);
        assert_eq!(run.code, 0, "sweep failed:\n{}", run.stderr);
        assert!(
            run.stdout.contains(&format!("{DOMAINS} domains")),
            "{}",
            run.stdout
        );
        let rows = export_rows(&db);
        assert!(rows.len() > 500, "only {} findings", rows.len());
        // Nothing twice: the name server of halfweg.nl, found from both listed names of
        // that zone, is one discovered host of the organisation.
        for doc in export_documents(&db) {
            let mut seen = BTreeSet::new();
            for h in &doc.discovered {
                assert!(
                    seen.insert((h.host.clone(), format!("{:?}", h.role))),
                    "{:?} lists {} twice",
                    doc.organisation,
                    h.host
                );
            }
            if doc.organisation.as_deref() == Some("gemeente-halfweg") {
                assert!(seen.iter().any(|(h, _)| h == "ns1.halfweg.nl"), "{seen:?}");
            }
        }
        (db, rows)
    })
}

#[test]
fn a_killed_sweep_resumes_to_the_same_findings_without_duplicates() {
    let (_, whole) = reference();
    let dir = scratch_dir("sweep-kill");
    let orgs = orgs_file(&dir);
    let db = dir.join("killed.sqlite");
    // One domain at a time, so the kill lands with some domains written and most not.
    let args = sweep_args(&orgs, &db, &["--concurrency", "1"]);
    {
        // The sweep it kills runs outside the helpers, so its turn is taken here (after
        // the reference: a turn held while waiting for another test's reference sweep,
        // which takes turns of its own, could deadlock).
        let _turn = support::serial::shared();
        let mut child = Command::new(env!("CARGO_BIN_EXE_pastoe"))
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while done_in(&db) < 4 {
            assert!(
                started.elapsed() < Duration::from_secs(90),
                "the sweep wrote nothing"
            );
            assert!(child.try_wait().unwrap().is_none(), "the sweep ended early");
            std::thread::sleep(Duration::from_millis(50));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    let before = done_in(&db);
    assert!(
        (4..DOMAINS).contains(&before),
        "killed with {before} domains written"
    );
    let store = Store::open_read(&db).unwrap();
    assert_eq!(store.sweep(None).unwrap().status, SweepStatus::Running);
    drop(store);

    let resumed = sweep(&orgs, &db, &["--resume"]);
    assert_eq!(resumed.code, 0, "resume failed:\n{}", resumed.stderr);
    assert!(
        resumed.stdout.contains(&format!(
            "{DOMAINS} domains ({} this run;",
            DOMAINS - before
        )),
        "{}",
        resumed.stdout
    );
    let store = Store::open_read(&db).unwrap();
    let sweeps = store.sweeps().unwrap();
    assert_eq!(sweeps.len(), 1, "resume continues the sweep, not a new one");
    assert_eq!(sweeps[0].status, SweepStatus::Complete);
    assert_eq!(sweeps[0].done, DOMAINS);
    assert_no_duplicates(&db);
    assert_same_rows(&export_rows(&db), whole);

    // Nothing left to resume now: a restarted Job pod finishes at once, changing nothing.
    let again = sweep(&orgs, &db, &["--resume"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains(&format!(
            "nothing to resume: sweep {} is complete",
            sweeps[0].id
        )),
        "{}",
        again.stdout
    );
    let store = Store::open_read(&db).unwrap();
    assert_eq!(
        serde_json::to_string(&store.sweeps().unwrap()).unwrap(),
        serde_json::to_string(&sweeps).unwrap(),
        "the store changed"
    );
    drop(store);
    assert_same_rows(&export_rows(&db), whole);
}

/// A tmpfs of a given size, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(path: &Path, size: &str) -> SmallDisk {
        std::fs::create_dir_all(path).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "cannot mount a tmpfs (the suite runs as root, like the test internet)"
        );
        SmallDisk(path.to_path_buf())
    }

    fn grow(&self, size: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "cannot grow the tmpfs");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_stops_the_sweep_cleanly_and_it_resumes_later() {
    let (_, whole) = reference();
    let dir = scratch_dir("sweep-disk");
    let orgs = orgs_file(&dir);
    let disk = SmallDisk::mount(&dir.join("disk"), "160k");
    let db = disk.0.join("store.sqlite");
    let full = sweep(&orgs, &db, &[]);
    assert_eq!(
        full.code, 3,
        "stdout:\n{}\nstderr:\n{}",
        full.stdout, full.stderr
    );
    assert!(
        full.stderr.contains("disk is full") && full.stderr.contains("--resume"),
        "{}",
        full.stderr
    );
    let written = done_in(&db);
    assert!(written < DOMAINS, "the disk held everything ({written})");

    disk.grow("64m");
    let resumed = sweep(&orgs, &db, &["--resume"]);
    assert_eq!(resumed.code, 0, "resume failed:\n{}", resumed.stderr);
    assert_eq!(done_in(&db), DOMAINS);
    assert_no_duplicates(&db);
    assert_same_rows(&export_rows(&db), whole);
}

#[test]
fn shards_merge_into_the_whole_sweep() {
    let (_, whole) = reference();
    let dir = scratch_dir("sweep-shards");
    let orgs = orgs_file(&dir);
    let mut parts = Vec::new();
    for k in 0..3 {
        let db = dir.join(format!("shard{k}.sqlite"));
        let run = sweep(&orgs, &db, &["--shard", &format!("{k}/3")]);
        assert_eq!(run.code, 0, "shard {k} failed:\n{}", run.stderr);
        parts.push(db);
    }
    // Every organisation is in exactly one shard.
    let mut seen = Vec::new();
    for db in &parts {
        let store = Store::open_read(db).unwrap();
        let sweep = store.sweep(None).unwrap();
        seen.extend(
            store
                .organisations(sweep.id)
                .unwrap()
                .into_iter()
                .map(|o| o.id),
        );
    }
    seen.sort();
    assert_eq!(seen.len(), 7);
    seen.dedup();
    assert_eq!(seen.len(), 7, "an organisation is in two shards");

    let merged = dir.join("merged.sqlite");
    let mut args = vec!["merge", "--into", merged.to_str().unwrap()];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    let run = pastoe(&args);
    assert_eq!(run.code, 0, "merge failed:\n{}", run.stderr);
    assert_same_rows(&export_rows(&merged), whole);
    assert_no_duplicates(&merged);
    let store = Store::open_read(&merged).unwrap();
    assert_eq!(store.sweep(None).unwrap().status, SweepStatus::Complete);
}

#[test]
fn the_store_reads_back_as_the_scan_document() {
    let (db, _) = reference();
    let exported = pastoe(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--org",
        "gemeente-halfweg",
    ]);
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    let stored: ScanDocument = serde_json::from_str(&exported.stdout).unwrap();
    let explanations = repo().join("fixtures/explanations");
    let scanned = scan(
        &["halfweg.nl", "www.halfweg.nl"],
        &[
            "--org",
            "gemeente-halfweg",
            "--explanations",
            explanations.to_str().unwrap(),
        ],
    )
    .doc();
    assert_eq!(rows(&stored), rows(&scanned));
    assert_eq!(
        stored.organisation_name.as_deref(),
        Some("Gemeente Halfweg")
    );
    assert_eq!(stored.organisation_type.as_deref(), Some("gemeente"));
    assert!(
        stored.findings.iter().any(|f| f.explained),
        "the explanations in force were applied"
    );
    assert_eq!(stored.domains.len(), 2);

    // The published site from the store.
    let site = scratch_dir("sweep-site").join("site");
    let run = support::report_from_store(db, &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("Gemeente Halfweg") && index.contains("Naamserverproeven"));
}

#[test]
fn diff_shows_what_improved_and_history_lists_the_sweeps() {
    let dir = scratch_dir("sweep-diff");
    let orgs = dir.join("orgs.csv");
    std::fs::write(
        &orgs,
        "id,name,type,domains,tags\ngemeente-halfweg,Gemeente Halfweg,gemeente,halfweg.nl,\n",
    )
    .unwrap();
    let db = dir.join("store.sqlite");
    let explanations = repo().join("fixtures/explanations").display().to_string();
    // First without explanations, then with: the explained HSTS finding is an improvement.
    let first = support::sweep(&orgs, &db, &["--progress", "none"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let second = support::sweep(
        &orgs,
        &db,
        &["--progress", "none", "--explanations", &explanations],
    );
    assert_eq!(second.code, 0, "{}", second.stderr);

    let diff = pastoe(&["diff", "--db", db.to_str().unwrap(), "1", "2"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    // The HSTS finding of halfweg.nl and of the www host discovery found beside it.
    assert!(
        diff.stdout
            .contains("Gemeente Halfweg (gemeente-halfweg): 2 improved, 0 regressed"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout.contains("web.https.hsts") && diff.stdout.contains("(explained)"),
        "{}",
        diff.stdout
    );
    let same = pastoe(&["diff", "--db", db.to_str().unwrap(), "2", "2"]);
    assert!(same.stdout.contains("no changes"), "{}", same.stdout);

    let history = pastoe(&["history", "--db", db.to_str().unwrap()]);
    assert_eq!(history.code, 0);
    let lines: Vec<&str> = history.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", history.stdout);
    assert!(
        lines[1].contains("complete") && lines[1].contains("2/2"),
        "{}",
        history.stdout
    );
}

#[test]
fn a_bad_organisations_file_names_its_lines_and_is_refused_unless_asked() {
    let dir = scratch_dir("sweep-bad");
    let orgs = dir.join("orgs.csv");
    std::fs::write(
        &orgs,
        "id,name,type,domains,tags\nok,OK,gemeente,halfweg.nl,\nbad,Bad,gemeente,not a domain,\n",
    )
    .unwrap();
    let db = dir.join("store.sqlite");
    let refused = sweep(&orgs, &db, &[]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("orgs.csv:3"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("--skip-bad-rows"),
        "{}",
        refused.stderr
    );
    let taken = sweep(&orgs, &db, &["--skip-bad-rows"]);
    assert_eq!(taken.code, 0, "{}", taken.stderr);
    let store = Store::open_read(&db).unwrap();
    let sweep = store.sweep(None).unwrap();
    // halfweg.nl and the www host discovery found beside it.
    assert_eq!(sweep.done, 2);
    // The bad domain, and the organisation left without any.
    assert_eq!(sweep.problems.len(), 2, "{:?}", sweep.problems);
    assert!(sweep.problems.iter().all(|p| p.contains("orgs.csv:3")));
}

#[test]
fn discovery_finds_www_and_linked_hosts_and_lists_where() {
    let dir = scratch_dir("sweep-crawl");
    let orgs = dir.join("orgs.csv");
    std::fs::write(
        &orgs,
        "id,name,type,domains,tags\ngemeente-goedstad,Gemeente Goedstad,gemeente,goedstad.nl,\n",
    )
    .unwrap();
    let db = dir.join("store.sqlite");
    let run = sweep(&orgs, &db, &["--crawl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let exported = pastoe(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--org",
        "gemeente-goedstad",
    ]);
    let doc: ScanDocument = serde_json::from_str(&exported.stdout).unwrap();
    let domains: Vec<&str> = doc.domains.iter().map(|d| d.domain.as_str()).collect();
    // The listed apex, its www, and the host its home page links to; not the other sites.
    assert_eq!(
        domains,
        ["goedstad.nl", "www.goedstad.nl", "loket.goedstad.nl"]
    );
    let found: Vec<(String, String, bool)> = doc
        .discovered
        .iter()
        .map(|h| {
            (
                h.host.clone(),
                format!("{:?} {}", h.role, h.found_at),
                h.scanned,
            )
        })
        .collect();
    assert!(
        found.contains(&(
            "loket.goedstad.nl".into(),
            "Link https://goedstad.nl/".into(),
            true
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&("www.goedstad.nl".into(), "Www goedstad.nl".into(), true)),
        "{found:?}"
    );
    assert!(
        found.contains(&("ns1.goedstad.nl".into(), "Ns NS goedstad.nl".into(), false)),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|f| f.0.contains("rijksoverheid") || f.0.contains("example-cdn"))
    );
    // A discovered web host is judged on the web checks only, not as a mail domain.
    assert!(
        doc.findings
            .iter()
            .filter(|f| f.domain == "loket.goedstad.nl")
            .all(|f| !f.check.starts_with("mail."))
    );
    let site = dir.join("site");
    let report = support::report_from_store(&db, &site);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let page = std::fs::read_dir(site.join("org"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .find(|p| p.contains("Gemeente Goedstad"))
        .expect("the organisation page");
    assert!(page.contains("Gevonden hosts") && page.contains("loket.goedstad.nl"));
}

/// What is wrong with one row of the large organisations file, as a spreadsheet kept by
/// many hands gets it wrong.
#[derive(Clone, Copy)]
enum BadRow {
    NotADomain,
    Url,
    MailAddress,
    IpAddress,
    TooFewFields,
    UnknownType,
    IdNotASlug,
    /// The previous row pasted twice.
    PastedTwice,
    /// One domain twice in the cell: a problem, but the organisation stays.
    DomainTwice,
}

impl BadRow {
    const ALL: [BadRow; 9] = [
        BadRow::NotADomain,
        BadRow::Url,
        BadRow::MailAddress,
        BadRow::IpAddress,
        BadRow::TooFewFields,
        BadRow::UnknownType,
        BadRow::IdNotASlug,
        BadRow::PastedTwice,
        BadRow::DomainTwice,
    ];

    fn keeps_the_organisation(self) -> bool {
        matches!(self, BadRow::DomainTwice)
    }
}

/// Which row (0-based, after the header) is bad, and how: one in a hundred.
fn bad_row(row: usize) -> Option<BadRow> {
    (row % 100 == 37).then(|| BadRow::ALL[(row / 100) % BadRow::ALL.len()])
}

const LARGE_ROWS: usize = 100_000;
/// Every tenth organisation also lists this one: it must be scanned once.
const SHARED: &str = "gedeeld.bulk.nl";

/// 100,000 organisations in the test internet's `nl.`, where none of their names exist (a
/// quick, signed NXDOMAIN), with one row in a hundred bad.
fn large_orgs_file(dir: &Path) -> PathBuf {
    let types = [
        "gemeente",
        "provincie",
        "waterschap",
        "rijk",
        "zbo",
        "other",
    ];
    let mut text = String::from("id,name,type,domains,tags,contact\n");
    let mut previous = String::new();
    for row in 0..LARGE_ROWS {
        let id = format!("org-{row}");
        let own = format!("org{row}.bulk.nl");
        let shared = if row % 10 == 0 {
            format!(";{SHARED}")
        } else {
            String::new()
        };
        let kind = types[row % types.len()];
        let line = match bad_row(row) {
            None => format!("{id},Organisatie {row},{kind},{own}{shared},bulk,ciso@{own}"),
            Some(BadRow::NotADomain) => format!("{id},Organisatie {row},{kind},zie website,,"),
            Some(BadRow::Url) => format!("{id},Organisatie {row},{kind},https://{own}/,,"),
            Some(BadRow::MailAddress) => format!("{id},Organisatie {row},{kind},info@{own},,"),
            Some(BadRow::IpAddress) => {
                format!("{id},Organisatie {row},{kind},192.0.2.{},,", row % 250)
            }
            Some(BadRow::TooFewFields) => format!("{id},Organisatie {row},{kind}"),
            Some(BadRow::UnknownType) => format!("{id},Organisatie {row},gemeentee,{own},,"),
            Some(BadRow::IdNotASlug) => format!("Org {row},Organisatie {row},{kind},{own},,"),
            Some(BadRow::PastedTwice) => previous.clone(),
            Some(BadRow::DomainTwice) => format!("{id},Organisatie {row},{kind},{own};{own},,"),
        };
        text.push_str(&line);
        text.push('\n');
        previous = line;
    }
    let path = dir.join("orgs.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// The line numbers of `FILE:LINE: problem` lines on stderr.
fn problem_lines(stderr: &str, file: &Path) -> Vec<usize> {
    let prefix = format!("{}:", file.display());
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|rest| rest.split(':').next()?.parse().ok())
        .collect()
}

#[test]
fn a_hundred_thousand_rows_with_bad_ones_are_checked_line_by_line_and_the_rest_swept() {
    let dir = scratch_dir("sweep-large");
    let orgs = large_orgs_file(&dir);
    let bad: BTreeSet<usize> = (0..LARGE_ROWS)
        .filter(|&row| bad_row(row).is_some())
        .map(|row| row + 2)
        .collect();
    let kept = (0..LARGE_ROWS)
        .filter(|&row| bad_row(row).is_none_or(BadRow::keeps_the_organisation))
        .count();
    assert_eq!(bad.len(), 1_000);

    // Linting names every bad line, and only those, and counts what a sweep would take:
    // one own domain per organisation kept and the shared one once.
    let lint = pastoe(&["orgs", "lint", orgs.to_str().unwrap()]);
    assert_eq!(lint.code, 2, "{}", lint.stderr);
    let lines = problem_lines(&lint.stderr, &orgs);
    assert_eq!(lines.iter().copied().collect::<BTreeSet<_>>(), bad);
    assert_eq!(
        lint.stdout.trim(),
        format!(
            "{kept} organisations, {} distinct domains, {} problems",
            kept + 1,
            lines.len()
        )
    );

    // A sweep refuses the file with the same lines and writes nothing.
    let db = dir.join("store.sqlite");
    let refused = sweep(&orgs, &db, &[]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert_eq!(problem_lines(&refused.stderr, &orgs), lines);
    assert!(
        refused
            .stderr
            .contains(&format!("{} problem(s)", lines.len())),
        "{}",
        refused.stderr
    );
    assert!(!db.exists(), "a refused sweep must not create the store");

    // With --skip-bad-rows one shard of it is swept to the end and the store keeps every
    // problem of the file with its line.
    let taken = sweep(&orgs, &db, &["--skip-bad-rows", "--shard", "0/1000"]);
    assert_eq!(taken.code, 0, "{}", taken.stderr);
    let store = Store::open_read(&db).unwrap();
    let row = store.sweep(None).unwrap();
    assert_eq!(row.status, SweepStatus::Complete);
    assert_eq!(row.problems.len(), lines.len());
    let stored = store.organisations(row.id).unwrap();
    let in_shard = pastoe::sweep::Shard::parse("0/1000").unwrap();
    assert_eq!(row.organisations, stored.len());
    assert!(stored.iter().all(|o| in_shard.contains(&o.id)));
    let expected = (0..LARGE_ROWS)
        .filter(|&row| bad_row(row).is_none_or(BadRow::keeps_the_organisation))
        .filter(|row| in_shard.contains(&format!("org-{row}")))
        .count();
    assert_eq!(stored.len(), expected);
    // The shared domain is one domain however many organisations in the shard list it.
    let sharing = stored
        .iter()
        .filter(|o| o.domains.iter().any(|d| d == SHARED))
        .count();
    assert!(
        sharing > 1,
        "the shard should hold several organisations sharing {SHARED}"
    );
    let domains: BTreeSet<&str> = stored
        .iter()
        .flat_map(|o| o.domains.iter().map(String::as_str))
        .collect();
    let listed = domains.len();
    assert_eq!(
        listed,
        stored.len() + 1,
        "each its own domain, and {SHARED} once"
    );
    assert_eq!(row.planned, listed);
    assert_eq!(row.done, row.planned);

    // None of these names exists: every check of every one says so, as an error (not
    // measurable), never as a failure of the standard.
    let findings: Vec<_> = export_documents(&db)
        .into_iter()
        .flat_map(|doc| doc.findings)
        .collect();
    assert!(findings.len() > listed);
    for f in &findings {
        assert_eq!(
            (f.status, f.outcome.as_str()),
            (Status::Error, "nonexistent"),
            "{} {}",
            f.domain,
            f.check
        );
        assert!(f.message.en.contains("does not exist (NXDOMAIN)"));
    }
}
