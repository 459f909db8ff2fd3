//! Golden facts: the judge replayed on recorded facts, without root, network or test internet.
//!
//! `fixtures/golden/<area>/<domain>.facts.json` are facts that `scripts/golden-facts` recorded
//! from the test internet (`synthetic/` ones are hand-made, see fixtures/golden/README.md).
//! Beside each is `<domain>.findings.json`: what the judge gives under the default rules
//! (`ncsc-tls-2025-05`), one finding a line, and where the NCSC TLS 2.1 table judges
//! differently, those findings under it. `PASTOE_BLESS=1 cargo test --test offline golden::` rewrites
//! them from the judge; review the diff.
//!
//! It needs nothing but the files (the golden rows are in tests/support/golden.rs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::golden::{
    Expected, OTHER_TLS_RULES, findings_path, golden_dir, load_facts, relative, rules, rules_for,
};
use pastoe::judge::checks;
use pastoe::judge::selection::Selection;
use pastoe::rules::DEFAULT_TLS_RULES;
use pastoe::rules::Status;
use pastoe::rules::{ADR_ANNOUNCED_PARAM, Level};
use pastoe::scan::judge_all;

fn blessing() -> bool {
    std::env::var_os("PASTOE_BLESS").is_some_and(|v| v == "1")
}

/// Every `*.facts.json` under fixtures/golden, sorted.
fn facts_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.to_string_lossy().ends_with(".facts.json") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&golden_dir(), &mut files);
    files.sort();
    assert!(
        !files.is_empty(),
        "no golden facts under {}",
        golden_dir().display()
    );
    files
}

/// Every golden facts file, judged now, gives the findings stored beside it.
#[test]
fn golden_facts_give_the_expected_findings() {
    let (default, other) = (rules(DEFAULT_TLS_RULES), rules(OTHER_TLS_RULES));
    let mut problems = Vec::new();
    for path in facts_files() {
        let got = Expected::judge(
            &load_facts(&path).domains,
            &rules_for(&path, &default),
            &rules_for(&path, &other),
        );
        let expected_path = findings_path(&path);
        if blessing() {
            std::fs::write(&expected_path, got.render()).unwrap();
            continue;
        }
        let Some(want) = Expected::load(&expected_path) else {
            problems.push(format!("{}: missing", relative(&expected_path)));
            continue;
        };
        let lines = want.diff(&got);
        if !lines.is_empty() {
            problems.push(format!("{}:\n{}", relative(&path), lines.join("\n")));
        }
    }
    assert!(
        problems.is_empty(),
        "the judge no longer gives the golden findings ({} files):\n{}\n\nIf the change is \
         intended: PASTOE_BLESS=1 cargo test --test offline golden::, and review the diff of fixtures/golden",
        problems.len(),
        problems.join("\n")
    );
}

/// No findings file is left without its facts.
#[test]
fn every_findings_file_has_its_facts() {
    let facts: BTreeSet<PathBuf> = facts_files().into_iter().collect();
    let mut orphans = Vec::new();
    let mut stack = vec![golden_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.to_string_lossy().to_string();
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".findings.json")
                && !facts.contains(&PathBuf::from(
                    name.replace(".findings.json", ".facts.json"),
                ))
            {
                if blessing() {
                    std::fs::remove_file(&path).unwrap();
                } else {
                    orphans.push(relative(&path));
                }
            }
        }
    }
    assert!(orphans.is_empty(), "findings without facts: {orphans:?}");
}

/// Every outcome key of every check (and the `[nonexistent]` outcome) is produced by at
/// least one golden facts file, with the status its rule gives it (after the level clamp).
/// Judged under both NCSC TLS tables (some keys exist in one only: TLS 1.0 is phase-out in
/// 2.1 and insufficient in 2025-05) and under ADR 2.2 (its rules that 2.1, the default, does
/// not have).
#[test]
fn golden_facts_cover_every_outcome() {
    // (check, outcome) -> the files (and rule set, when not the default) that produce it
    let mut seen: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut wrong_status = Vec::new();
    let mut adr_2_2 = rules(DEFAULT_TLS_RULES);
    adr_2_2.select_adr("2.2").expect("ADR 2.2 is in the rules");
    let tables = [
        (DEFAULT_TLS_RULES, rules(DEFAULT_TLS_RULES)),
        (OTHER_TLS_RULES, rules(OTHER_TLS_RULES)),
        ("adr-2.2", adr_2_2),
    ];
    for path in facts_files() {
        let facts = load_facts(&path);
        for (table, rules) in &tables {
            let rules = &*rules_for(&path, rules);
            for f in judge_all(&facts.domains, rules, &Selection::default()) {
                let rule = rules.check(&f.check).expect("every finding has its rule");
                let outcomes: Vec<(String, Status)> = if f.details.is_empty() {
                    vec![(f.outcome.clone(), f.status)]
                } else {
                    f.details
                        .iter()
                        .map(|d| (d.outcome.clone(), d.status))
                        .collect()
                };
                for (key, status) in outcomes {
                    let ruled = if key == "nonexistent" {
                        &rules.nonexistent
                    } else if let Some(ruled) = rule.outcomes.get(&key) {
                        ruled
                    } else {
                        wrong_status.push(format!(
                            "{} {} {key} ({table}): no rule for this outcome",
                            relative(&path),
                            f.check
                        ));
                        continue;
                    };
                    // An outcome without a level of its own counts at the check's, or
                    // as recommended where the judged ADR version only announces the rule.
                    let announced = rule
                        .string_list(ADR_ANNOUNCED_PARAM)
                        .any(|v| v == rules.adr());
                    let base = if announced {
                        Level::Recommended
                    } else {
                        rule.level
                    };
                    let want = ruled.level.unwrap_or(base).clamp(ruled.status);
                    if status != want {
                        wrong_status.push(format!(
                            "{} {} {key} ({table}): {status:?}, the rules say {want:?}",
                            relative(&path),
                            f.check
                        ));
                    }
                    let source = if *table == DEFAULT_TLS_RULES {
                        relative(&path)
                    } else {
                        format!("{} ({table})", relative(&path))
                    };
                    seen.entry((f.check.clone(), key))
                        .or_default()
                        .insert(source);
                }
            }
        }
    }
    assert!(wrong_status.is_empty(), "{}", wrong_status.join("\n"));
    let mut missing: Vec<String> = checks::ALL
        .iter()
        .flat_map(|spec| spec.outcomes.iter().map(|key| (spec.id, *key)))
        .filter(|(id, key)| !seen.contains_key(&(id.to_string(), key.to_string())))
        .map(|(id, key)| format!("{id} {key}"))
        .collect();
    if !seen.keys().any(|(_, key)| key == "nonexistent") {
        missing.push("[nonexistent]".into());
    }
    let total: usize = checks::ALL.iter().map(|s| s.outcomes.len()).sum::<usize>() + 1;
    if std::env::var_os("PASTOE_GOLDEN_COVERAGE").is_some() {
        for ((check, key), files) in &seen {
            let (synthetic, recorded): (Vec<&String>, Vec<&String>) =
                files.iter().partition(|f| f.starts_with("synthetic/"));
            let example = recorded.first().or(synthetic.first()).expect("a file");
            println!(
                "{check} {key}: {} recorded, {} synthetic, e.g. {example}",
                recorded.len(),
                synthetic.len()
            );
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {total} outcome keys are produced by no golden facts file:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// Every text of every golden finding is filled in: a `{name}` left over means a rule names
/// a value its check does not provide.
#[test]
fn golden_findings_fill_every_placeholder() {
    let (default, other) = (rules(DEFAULT_TLS_RULES), rules(OTHER_TLS_RULES));
    let mut unfilled = Vec::new();
    for path in facts_files() {
        let facts = load_facts(&path);
        for rules in [&default, &other] {
            let rules = &*rules_for(&path, rules);
            for f in judge_all(&facts.domains, rules, &Selection::default()) {
                let evidence = serde_json::to_string(&f.evidence).unwrap_or_default();
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
                    if let Some(name) = crate::support::unfilled(text, &evidence) {
                        unfilled.push(format!(
                            "{} {} {} ({}): {{{name}}} in {text:?}",
                            relative(&path),
                            f.check,
                            f.subject,
                            f.outcome
                        ));
                    }
                }
            }
        }
    }
    unfilled.sort();
    unfilled.dedup();
    assert!(unfilled.is_empty(), "{}", unfilled.join("\n"));
}
