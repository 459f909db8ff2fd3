//! The published site: `pastoe report` over scan documents.

use crate::support;

use std::path::{Path, PathBuf};

use support::{pastoe, scan, scratch_dir};

const PAYLOAD: &str = "<script>alert(1)</script>";

/// Two organisations' scan documents in a folder, one with a hostile name and an
/// explanation in force.
fn documents(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    let explanations = dir.join("explanations");
    std::fs::create_dir_all(&explanations).unwrap();
    std::fs::write(
        explanations.join("e.toml"),
        format!(
            "[[explanation]]\norganisation = \"proef\"\ncheck = \"web.https.hsts\"\nsubject = \"shorthsts.proefnet.nl\"\n\
             reason = \"Oude koppeling {PAYLOAD}\"\nby = \"CISO\"\nreference = \"https://proef.example/verslag.pdf\"\n\
             since = 2026-01-01\nvalid_until = 2026-12-31\n"
        ),
    )
    .unwrap();
    let name = format!("Gemeente {PAYLOAD}");
    let a = dir.join("a.json");
    let run = scan(
        &["shorthsts.proefnet.nl", "goed.proefnet.nl"],
        &[
            "--org",
            "proef",
            "--org-name",
            &name,
            "--org-type",
            "gemeente",
            "--org-tag",
            "test",
            "--explanations",
            explanations.to_str().unwrap(),
            "--out",
            a.to_str().unwrap(),
        ],
    );
    assert!(run.code <= 1, "{}", run.stderr);
    let b = dir.join("b.json");
    let run = scan(
        &["goedstad.nl"],
        &[
            "--org",
            "goedstad",
            "--org-name",
            "Gemeente Goedstad",
            "--out",
            b.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_dir_all(&explanations).unwrap();
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_site_has_every_page_and_export() {
    let input = documents("report-in-a");
    let out = scratch_dir("report-out").join("site");
    let run = pastoe(&[
        "report",
        "--in",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        "index.html",
        "explanations.html",
        "results.json",
        "findings.csv",
        "explanations.json",
        "dependencies.html",
        "autonomy.csv",
        "report.css",
        "site.js",
        "org/proef.html",
        "org/goedstad.html",
        "domain/shorthsts-proefnet-nl.html",
        "domain/goedstad-nl.html",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let index = read(&out.join("index.html"));
    assert!(index.contains("<html lang=\"nl\">"));
    assert!(index.contains("Gemeente Goedstad") && index.contains("href=\"org/goedstad.html\""));
    assert!(
        index.contains("uitgelegd"),
        "the explained standard shows as explained"
    );
    assert!(index.contains("data-type=\"gemeente\""));

    // Scanned and organisation-supplied text never becomes markup.
    for page in ["index.html", "org/proef.html", "explanations.html"] {
        let html = read(&out.join(page));
        assert!(!html.contains(PAYLOAD), "{page} contains the raw payload");
        assert!(
            html.contains("&lt;script&gt;"),
            "{page} shows the payload as text"
        );
        assert_eq!(
            html.matches("<script").count(),
            usize::from(page == "index.html"),
            "{page}: only our own script"
        );
    }

    let results: serde_json::Value =
        serde_json::from_str(&read(&out.join("results.json"))).unwrap();
    assert_eq!(results["schema_version"], 1);
    let organisations = results["organisations"].as_array().unwrap();
    assert_eq!(organisations.len(), 2);
    let findings: usize = organisations
        .iter()
        .map(|o| o["findings"].as_array().unwrap().len())
        .sum();
    let csv = read(&out.join("findings.csv"));
    assert_eq!(
        csv.lines().count(),
        findings + 1,
        "one CSV row per finding plus the header"
    );
    assert!(csv.starts_with("organisation,organisation_name,domain,check,"));
    let register: serde_json::Value =
        serde_json::from_str(&read(&out.join("explanations.json"))).unwrap();
    assert_eq!(register[0]["by"], "CISO");
    assert_eq!(register[0]["valid_until"], "2026-12-31");
}

#[test]
fn english_and_replaced_templates() {
    let input = documents("report-in-b");
    let templates = scratch_dir("report-templates");
    std::fs::write(
        templates.join("index.html.hbs"),
        "<p lang=\"{{lang}}\">{{#each organisations}}[{{name}}]{{/each}}</p>",
    )
    .unwrap();
    let out = scratch_dir("report-en").join("site");
    let run = pastoe(&[
        "report",
        "--in",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "en",
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = read(&out.join("index.html"));
    assert!(index.starts_with("<p lang=\"en\">"), "{index}");
    assert!(index.contains("[Gemeente Goedstad]"));
    assert!(
        read(&out.join("org/goedstad.html")).contains("<html lang=\"en\">"),
        "embedded organisation template, English"
    );
}

#[test]
fn bad_input_leaves_the_published_site_alone() {
    let input = documents("report-in-c");
    let out = scratch_dir("report-keep").join("site");
    assert_eq!(
        pastoe(&[
            "report",
            "--in",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap()
        ])
        .code,
        0
    );
    let before = read(&out.join("index.html"));
    let broken = input.join("zz-broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    let run = pastoe(&[
        "report",
        "--in",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("zz-broken.json"), "{}", run.stderr);
    assert_eq!(
        read(&out.join("index.html")),
        before,
        "the old site is untouched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no half-written folders left behind");
}
