//! The bridge between the test internet and the golden facts: every area of
//! `scripts/areas.bash` scanned now, with the flags `scripts/golden-facts` records it with,
//! gives per domain the findings stored in `fixtures/golden/<area>/<domain>.findings.json`.
//! So the probes still observe what the golden facts say they observed, and the verdict
//! tests on the golden facts (tests/offline/verdicts/) speak for the live hosts too. The
//! facts themselves differ in bytes from run to run (keys, certificates and DS records are
//! made anew by every `fixtures/net/up`); the findings must not.

use std::process::Command;

use crate::support;
use crate::support::golden::{self, Expected};
use pastoe::facts::FactsDocument;

/// `area_domains AREA` or `area_flags AREA` of scripts/areas.bash, one item a line.
fn areas_bash(call: &str) -> Vec<String> {
    let out = Command::new("bash")
        .current_dir(support::repo())
        .args([
            "-c",
            &format!("set -euo pipefail; die() {{ echo \"$*\" >&2; exit 1; }}; . scripts/areas.bash; {call}"),
        ])
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "scripts/areas.bash: {call}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_test_internet_still_gives_the_golden_findings() {
    let (default, other) = (
        golden::rules(pastoe::rules::DEFAULT_TLS_RULES),
        golden::rules(golden::OTHER_TLS_RULES),
    );
    let scratch = support::scratch_dir("golden-live");
    let mut problems = Vec::new();
    for area in areas_bash("echo $all_areas") {
        let domains = areas_bash(&format!("area_domains {area}"));
        let flags = areas_bash(&format!("area_flags {area}"));
        let facts_out = scratch.join(format!("{area}.facts.json"));
        let mut extra: Vec<&str> = flags.iter().map(String::as_str).collect();
        extra.extend(["--facts-out", facts_out.to_str().unwrap()]);
        let domains: Vec<&str> = domains.iter().map(String::as_str).collect();
        let run = support::scan(&domains, &extra);
        assert!(
            run.code <= 1,
            "{area}: pastoe scan failed ({}): {}",
            run.code,
            run.stderr
        );
        let facts: FactsDocument =
            serde_json::from_str(&std::fs::read_to_string(&facts_out).unwrap()).unwrap();
        for domain in facts.domains {
            let stored = golden::golden_dir()
                .join(&area)
                .join(format!("{}.findings.json", domain.domain));
            let want = Expected::load(&stored).unwrap_or_else(|| {
                panic!(
                    "{}: missing; record it with scripts/golden-facts {area}",
                    golden::relative(&stored)
                )
            });
            let got = Expected::judge(std::slice::from_ref(&domain), &default, &other);
            let lines = want.diff(&got);
            if !lines.is_empty() {
                problems.push(format!(
                    "{}:\n{}",
                    golden::relative(&stored),
                    lines.join("\n")
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the test internet no longer gives the golden findings ({} domains):\n{}\n\nIf a \
         fixture changed on purpose: scripts/golden-facts, and review the diff of fixtures/golden",
        problems.len(),
        problems.join("\n")
    );
}
