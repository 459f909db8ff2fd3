//! The command line without the test internet: usage errors that name what is wrong and
//! come before anything is contacted, the rules as shipped, and output to a closed pipe.
//! Every scan here is refused before it starts.

use crate::support;

use support::{pastoe, scratch_dir};

#[test]
fn a_bad_domain_is_a_usage_error_that_names_it() {
    let run = pastoe(&["scan", "goed.proefnet.nl", "https://example.nl/"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("https://example.nl/"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn bad_flags_are_usage_errors_that_name_the_flag() {
    let run = pastoe(&["scan", "--resolver", "not-an-ip", "example.nl"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--resolver"), "{}", run.stderr);
    let run = pastoe(&["scan", "--timeout=-1", "example.nl"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--timeout"), "{}", run.stderr);
    let run = pastoe(&["scan", "--ca-file", "/nonexistent/ca.pem", "example.nl"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--ca-file"), "{}", run.stderr);
    let run = pastoe(&["scan"]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_broken_rule_folder_is_a_usage_error_naming_file_and_line() {
    let dir = scratch_dir("broken-rules");
    std::fs::write(
        dir.join("broken.toml"),
        "[ruleset]\nid = \"x\"\nversion = \n",
    )
    .unwrap();
    let run = pastoe(&["scan", "--rules", dir.to_str().unwrap(), "example.nl"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("broken.toml") && run.stderr.contains("line 3"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_adr_version_is_a_usage_error_naming_the_known_ones() {
    let run = pastoe(&["judge", "--facts", "nonexistent.json", "--adr-rules", "1.0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("2.0, 2.1, 2.2"), "{}", run.stderr);
}

#[test]
fn a_bad_range_is_a_usage_error_naming_it() {
    let run = pastoe(&["scan", "--allow-net", "127.0.0.0/8,intranet", "example.nl"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("intranet"), "{}", run.stderr);
}

#[test]
fn rules_can_be_listed_shown_and_linted() {
    let run = pastoe(&["rules", "list"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("web.https.hsts") && run.stdout.contains("web.dnssec.valid"));
    assert!(
        run.stdout
            .contains("adr-2.1 2.1 (NLGov REST API Design Rules, --adr-rules, the default)")
            && run.stdout.contains("adr-2.0 2.0 ("),
        "{}",
        run.stdout
    );
    let run = pastoe(&["rules", "show", "web.https.hsts"]);
    assert!(
        run.stdout.contains("min_max_age = 31536000") && run.stdout.contains("too_short"),
        "{}",
        run.stdout
    );
    let run = pastoe(&["rules", "show", "web.nope"]);
    assert_eq!(run.code, 2);
    let run = pastoe(&["rules", "lint"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("ok:"));
}

#[test]
fn a_closed_output_pipe_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_pastoe"))
        .args(["rules", "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--out` to something that is not a regular file (a named pipe here; `/dev/null` alike)
/// writes into it: the atomic write-and-rename would replace the pipe or device with a file.
#[test]
fn out_to_a_named_pipe_writes_into_the_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch_dir("out-fifo");
    let fifo = dir.join("report.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(std::fs::read_to_string(&fifo));
        });
        result
    };
    let facts = support::repo().join("fixtures/golden/web/goed.proefnet.nl.facts.json");
    let run = pastoe(&[
        "judge",
        "--facts",
        facts.to_str().unwrap(),
        "--format",
        "json",
        "--out",
        fifo.to_str().unwrap(),
    ]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let written = reader
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the report reaches the pipe's reader")
        .expect("the pipe is readable");
    assert!(written.trim_start().starts_with('{'), "{written}");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the named pipe was replaced: {kind:?}");
}
