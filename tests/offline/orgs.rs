//! `pastoe orgs lint`: the organisations file, clean and broken, CSV and TOML. Needs no test
//! internet.

use crate::support;

use std::fmt::Write;

use support::{pastoe, repo, scratch_dir};

#[test]
fn demo_files_are_clean() {
    for name in ["demo.csv", "demo.toml"] {
        let file = repo().join("fixtures/organisations").join(name);
        let run = pastoe(&["orgs", "lint", file.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(
            run.stdout,
            "8 organisations, 18 distinct domains, 0 problems\n"
        );
        assert_eq!(run.stderr, "");
    }
}

/// 100,000 rows with, in every thousand, a short row, a duplicate id, a bad domain beside a
/// good one, an unknown type and a domain shared with other organisations.
#[test]
fn large_file_reports_exactly_the_bad_rows() {
    let dir = scratch_dir("orgs-large");
    let file = dir.join("orgs.csv");
    let name = file.to_str().unwrap();
    let mut text = String::from("id,name,type,domains,tags\n");
    let mut expected = String::new();
    let (mut organisations, mut domains) = (0, 1); // shared.nl
    for i in 0..100_000usize {
        let line = i + 2;
        match i % 1000 {
            100 => {
                writeln!(text, "org-{i},Short row,rijk").unwrap();
                writeln!(expected, "{name}:{line}: 3 fields where the header has 5").unwrap();
            }
            200 => {
                writeln!(text, "org-{},Duplicate,rijk,dup-{i}.nl,", i - 1).unwrap();
                writeln!(
                    expected,
                    "{name}:{line}: duplicate id \"org-{}\" (first at line {})",
                    i - 1,
                    line - 1
                )
                .unwrap();
            }
            300 => {
                writeln!(text, "org-{i},Bad domain,rijk,org-{i}.nl;www org-{i}.nl,").unwrap();
                writeln!(
                    expected,
                    "{name}:{line}: domain \"www org-{i}.nl\" is not a domain name: it contains white space"
                )
                .unwrap();
                organisations += 1;
                domains += 1;
            }
            400 => {
                writeln!(text, "org-{i},Unknown type,stad,org-{i}.nl,").unwrap();
                writeln!(
                    expected,
                    "{name}:{line}: unknown type \"stad\"; expected one of gemeente, provincie, waterschap, rijk, zbo, other"
                )
                .unwrap();
            }
            500 => {
                writeln!(
                    text,
                    "org-{i},\"Shared, Inc.\",zbo,org-{i}.nl;shared.nl,a;b"
                )
                .unwrap();
                organisations += 1;
                domains += 1;
            }
            _ => {
                writeln!(
                    text,
                    "org-{i},Gemeente {i},gemeente,org-{i}.nl;www.org-{i}.nl,demo"
                )
                .unwrap();
                organisations += 1;
                domains += 2;
            }
        }
    }
    std::fs::write(&file, text).unwrap();
    let run = pastoe(&["orgs", "lint", name]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr == expected,
        "problems differ:\n{}",
        first_difference(&run.stderr, &expected)
    );
    assert_eq!(
        run.stdout,
        format!("{organisations} organisations, {domains} distinct domains, 400 problems\n")
    );
}

fn first_difference(got: &str, want: &str) -> String {
    got.lines()
        .zip(want.lines())
        .find(|(g, w)| g != w)
        .map(|(g, w)| format!("got  {g}\nwant {w}"))
        .unwrap_or_else(|| {
            format!(
                "{} lines, want {}",
                got.lines().count(),
                want.lines().count()
            )
        })
}

#[test]
fn bad_toml_is_refused_with_its_lines() {
    let dir = scratch_dir("orgs-toml");
    let file = dir.join("orgs.toml");
    std::fs::write(
        &file,
        "[[organisation]]\nid = \"a\"\nname = \"A\"\ntype = \"rijk\"\ndomains = [\"a.nl\"]\n\n\
         [[organisation]]\nid = \"b\"\nname = \"B\"\ntype = \"rijk\"\ndomains = []\n",
    )
    .unwrap();
    let name = file.to_str().unwrap();
    let run = pastoe(&["orgs", "lint", name]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, format!("{name}:7: no domains\n"));
    assert_eq!(
        run.stdout,
        "1 organisations, 1 distinct domains, 1 problems\n"
    );
}

#[test]
fn unusable_files_are_usage_errors() {
    let dir = scratch_dir("orgs-unusable");
    let other = dir.join("orgs.xlsx");
    std::fs::write(&other, "").unwrap();
    for (file, message) in [
        (other, "unknown format"),
        (dir.join("missing.csv"), "cannot read"),
    ] {
        let run = pastoe(&["orgs", "lint", file.to_str().unwrap()]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains(message), "{}", run.stderr);
    }
}
