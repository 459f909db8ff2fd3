//! The published pages in a real browser: Debian's Chromium, driven by playwright-core
//! (tests/browser/check.mjs). Every page must pass axe-core at WCAG 2.1 AA, and scanned or
//! organisation-supplied content must never run as script. scripts/test installs chromium
//! and the node packages before `cargo test`.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{pastoe, repo, scan, scratch_dir};

/// The payloads: an image whose error handler trips the `window.__pwned` probe and opens a
/// dialog, and an attribute break-out into a script. check.mjs fails if either runs.
const IMG_PAYLOAD: &str = r#"<img src=x onerror="window.__pwned=1;alert(1)">"#;
const SCRIPT_PAYLOAD: &str = r#""><script>alert(2)</script>"#;
const CHROMIUM: &str = "/usr/bin/chromium";

fn need_tools() -> PathBuf {
    let install =
        "scripts/test installs them (chromium from Debian, then `npm ci --prefix tests/browser`)";
    let node = Command::new("node").arg("--version").output();
    match node {
        Ok(out) if out.status.success() => {}
        _ => panic!(
            "`node` is missing: the browser test needs Node.js (20 or later) on the machine; \
             with it, {install}"
        ),
    }
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: the browser test needs Debian's chromium; {install}"
    );
    let dir = repo().join("tests/browser");
    for package in ["playwright-core", "axe-core"] {
        assert!(
            dir.join("node_modules").join(package).is_dir(),
            "tests/browser/node_modules/{package} is missing; {install}"
        );
    }
    dir
}

fn ok(run: &support::Run, what: &str) {
    assert!(
        run.code <= 1,
        "{what} failed ({}):\n{}",
        run.code,
        run.stderr
    );
}

/// Scan documents of four organisations: one with a hostile name, tag and explanation
/// (and hosts whose headers and security.txt are hostile or broken), one behind a server
/// that sends garbage, and two well-behaved ones of other types.
fn documents() -> PathBuf {
    let dir = scratch_dir("browser-in");
    let explanations = scratch_dir("browser-explanations");
    std::fs::write(
        explanations.join("e.toml"),
        format!(
            "[[explanation]]\norganisation = \"proef\"\ncheck = \"web.https.hsts\"\nsubject = \"shorthsts.proefnet.nl\"\n\
             reason = \"Oude koppeling {img} {script}\"\nby = \"CISO {script}\"\n\
             reference = \"https://proef.example/verslag.pdf?a=1&b={script}\"\n\
             since = 2026-01-01\nvalid_until = 2026-12-31\n\n\
             [[explanation]]\norganisation = \"proef\"\ncheck = \"web.https.hsts\"\nsubject = \"weg.proefnet.nl\"\n\
             reason = \"Domein opgeheven {img}\"\nby = \"CIO\"\nreference = \"https://proef.example/besluit.pdf\"\n\
             since = 2026-01-01\nvalid_until = 2026-12-31\n",
            img = IMG_PAYLOAD.replace('"', "\\\""),
            script = SCRIPT_PAYLOAD.replace('"', "\\\""),
        ),
    )
    .unwrap();
    let hostile_name = format!("Gemeente {IMG_PAYLOAD} {SCRIPT_PAYLOAD}");
    let out = |name: &str| dir.join(name).display().to_string();
    let providers = support::rules_with_test_providers("browser-providers");
    let rpki = repo().join("fixtures/rpki");
    let orgs: Vec<(Vec<&str>, Vec<String>)> = vec![
        (
            vec![
                "shorthsts.proefnet.nl",
                "badheaders.proefnet.nl",
                "sectxt-invalid.proefnet.nl",
            ],
            vec![
                "--org".into(),
                "proef".into(),
                "--org-name".into(),
                hostile_name.clone(),
                "--org-type".into(),
                "gemeente".into(),
                "--org-tag".into(),
                "test".into(),
                "--org-tag".into(),
                format!("x{SCRIPT_PAYLOAD}"),
                "--explanations".into(),
                explanations.display().to_string(),
                "--out".into(),
                out("a-proef.json"),
            ],
        ),
        (
            vec!["malformed.proefnet.nl"],
            vec![
                "--org".into(),
                "kapot".into(),
                "--org-name".into(),
                "Waterschap Kapotte Server".into(),
                "--org-type".into(),
                "waterschap".into(),
                "--out".into(),
                out("b-kapot.json"),
            ],
        ),
        // With the test table of providers and the networks of the test internet, so the
        // dependency page has providers, jurisdictions and bars to show.
        (
            vec!["goedstad.nl", "v4only.proefnet.nl", "silent.proefnet.nl"],
            vec![
                "--org".into(),
                "goedstad".into(),
                "--org-name".into(),
                "Gemeente Goedstad".into(),
                "--org-type".into(),
                "gemeente".into(),
                "--org-tag".into(),
                "test".into(),
                "--rules".into(),
                providers.display().to_string(),
                "--vrps".into(),
                rpki.join("vrps.json").display().to_string(),
                "--routes".into(),
                rpki.join("routes.txt").display().to_string(),
                "--as-names".into(),
                repo()
                    .join("fixtures/autonomy/asn.txt")
                    .display()
                    .to_string(),
                "--out".into(),
                out("c-goedstad.json"),
            ],
        ),
        (
            vec!["goed.proefnet.nl"],
            vec![
                "--org".into(),
                "rijk".into(),
                "--org-name".into(),
                "Ministerie van Proeven".into(),
                "--org-type".into(),
                "rijk".into(),
                "--out".into(),
                out("d-rijk.json"),
            ],
        ),
    ];
    // The scans wait on hostile servers; run them side by side.
    let handles: Vec<_> = orgs
        .into_iter()
        .map(|(domains, args)| {
            std::thread::spawn(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let run = scan(&domains, &args);
                ok(&run, &format!("scan {domains:?}"));
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a scan failed");
    }
    dir
}

#[test]
fn every_page_is_accessible_and_runs_no_scanned_content() {
    let browser_dir = need_tools();
    let started = Instant::now();
    let input = documents();
    let pages = repo().join("target/browser-pages");
    let shots = repo().join("target/browser-screenshots");
    let _ = std::fs::remove_dir_all(&pages);
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(pages.join("single")).unwrap();

    for lang in ["nl", "en"] {
        let site = pages.join(lang);
        let run = pastoe(&[
            "report",
            "--in",
            input.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
            "--lang",
            lang,
        ]);
        assert_eq!(run.code, 0, "report --lang {lang}: {}", run.stderr);
        for file in [
            "index.html",
            "explanations.html",
            "dependencies.html",
            "org/proef.html",
            "org/goedstad.html",
            "domain/badheaders-proefnet-nl.html",
            "domain/malformed-proefnet-nl.html",
        ] {
            assert!(site.join(file).is_file(), "{lang}/{file} missing");
        }
    }

    // The single-scan page (`scan --format html`), in both languages.
    let hostile_name = format!("Gemeente {IMG_PAYLOAD} {SCRIPT_PAYLOAD}");
    for lang in ["nl", "en"] {
        let out = pages.join("single").join(format!("scan-{lang}.html"));
        let run = scan(
            &[
                "badheaders.proefnet.nl",
                "sectxt-invalid.proefnet.nl",
                "malformed.proefnet.nl",
            ],
            &[
                "--format",
                "html",
                "--lang",
                lang,
                "--org-name",
                &hostile_name,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        ok(&run, "scan --format html");
        assert!(out.is_file(), "{} missing", out.display());
    }
    // A site published from a stored sweep: its organisation page has the table of hosts
    // discovery found (www, a linked host, the name servers).
    let sweep_dir = scratch_dir("browser-sweep");
    let orgs = sweep_dir.join("orgs.csv");
    std::fs::write(
        &orgs,
        "id,name,type,domains,tags\ngemeente-goedstad,Gemeente Goedstad,gemeente,goedstad.nl,demo\n\
         waterschap-halfweg,Waterschap Halfweg,waterschap,halfweg.nl,demo\n",
    )
    .unwrap();
    let db = sweep_dir.join("store.sqlite");
    let run = support::sweep(&orgs, &db, &["--crawl", "--progress", "none"]);
    ok(&run, "sweep --crawl");
    let site = pages.join("sweep");
    let run = support::report_from_store(&db, &site);
    ok(&run, "report --db");
    let org_page = std::fs::read_to_string(site.join("org/gemeente-goedstad.html")).unwrap();
    assert!(
        org_page.contains("loket.goedstad.nl"),
        "no discovered hosts table"
    );
    assert!(
        site.join("dependencies.html").is_file(),
        "no dependency page"
    );
    // The dependency page of the scanned documents: providers of the test table with bars.
    let dependencies = std::fs::read_to_string(pages.join("en/dependencies.html")).unwrap();
    for text in ["Proefhosting", "Proefcloud", "no provider entry", "<meter"] {
        assert!(
            dependencies.contains(text),
            "no {text:?} on the dependency page"
        );
    }
    let prepared = started.elapsed();

    // Chromium loads the machine as a scan does. Taken only now: the scans above run on
    // threads of their own, each taking its own turn.
    let _turn = support::serial::shared();
    let child = Command::new("node")
        .arg(browser_dir.join("check.mjs"))
        .arg(&pages)
        .arg(&shots)
        .args([
            "--expect-text",
            IMG_PAYLOAD,
            "--expect-text",
            SCRIPT_PAYLOAD,
        ])
        .current_dir(&browser_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node tests/browser/check.mjs");
    // A hung browser is a failure to report, not to wait for.
    let pid = child.id();
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    let deadline = Duration::from_secs(600);
    let output = match result.recv_timeout(deadline) {
        Ok(output) => output.expect("wait for node"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("node tests/browser/check.mjs hung for more than {deadline:?}");
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "node tests/browser/check.mjs failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    eprintln!(
        "{stdout}\npages built in {prepared:.1?}, browser checks done after {:.1?}; screenshots in {}",
        started.elapsed(),
        shots.display()
    );
}
