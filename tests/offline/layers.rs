//! The layering of `src/`: which top-level module may use which. Data flows one way (targets →
//! discover → probe → facts → judge → explain → store → report), and the code follows it: a
//! module may use only the modules listed for it below, and the listed graph has no cycle.
//!
//! The rules that matter most: `wire` (socket-free codecs) uses nothing of pastoe; `facts`
//! (what is stored and judged again) only `wire`; judging, explaining, storing and reporting
//! never use `probe`, so stored facts can be judged again without a network.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of `src/` and the modules it may use. `cli/` belongs to the binary
/// and uses the library through `pastoe::`; it is not listed.
const ALLOWED: &[(&str, &[&str])] = &[
    ("wire", &[]),
    ("stable_hash", &[]),
    ("facts", &["wire"]),
    ("targets", &[]),
    ("discover", &["facts", "targets"]),
    ("probe", &["wire", "facts", "targets", "discover"]),
    ("rules", &["wire"]),
    (
        "judge",
        &["wire", "facts", "targets", "rules", "stable_hash"],
    ),
    ("explain", &["rules", "judge"]),
    (
        "store",
        &["facts", "targets", "discover", "rules", "judge", "explain"],
    ),
    (
        "report",
        &["wire", "facts", "discover", "rules", "judge", "explain"],
    ),
    (
        "scan",
        &["facts", "targets", "discover", "probe", "rules", "judge"],
    ),
    (
        "sweep",
        &[
            "wire",
            "stable_hash",
            "facts",
            "targets",
            "discover",
            "probe",
            "rules",
            "judge",
            "explain",
            "store",
            "report",
            "scan",
        ],
    ),
    (
        "serve",
        &[
            "wire", "facts", "targets", "probe", "rules", "judge", "store", "report", "sweep",
        ],
    ),
    (
        "publish",
        &[
            "facts", "rules", "judge", "explain", "store", "report", "scan", "sweep",
        ],
    ),
];

/// The modules a Rust file names as `crate::m` or in `use crate::{m, …}`, leaving out its
/// inline test module (a test may reach anywhere).
fn used_modules(text: &str) -> BTreeSet<String> {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut used = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            used.extend(group.split(',').map(|item| ident(item.trim())));
        } else {
            used.insert(ident(rest));
        }
    }
    used.retain(|m| !m.is_empty() && m != "self" && m != "super");
    used
}

/// Every top-level module of `src/` with the modules its files use.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("src entry").path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let top = file
            .strip_prefix(src)
            .expect("under src")
            .components()
            .next()
            .expect("a first component")
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if ["lib", "main", "cli"].contains(&top.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("source is readable");
        let used = used_modules(&text);
        graph
            .entry(top.clone())
            .or_default()
            .extend(used.into_iter().filter(|m| *m != top));
    }
    graph
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (module, used) in imports(&src) {
        let Some(may) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "src/{module} is not in the layer list of tests/offline/layers.rs: add it where it belongs"
            ));
            continue;
        };
        for other in used {
            if !may.contains(&other.as_str()) {
                wrong.push(format!("{module} uses {other}, which it may not"));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn the_layer_list_has_no_cycle() {
    // Depth-first search for a back edge over the declared graph.
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    fn visit<'a>(
        node: &'a str,
        allowed: &BTreeMap<&'a str, &'a [&'a str]>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if done.contains(node) {
            return;
        }
        assert!(
            !path.contains(&node),
            "cycle in the layer list: {} -> {node}",
            path.join(" -> ")
        );
        path.push(node);
        for next in allowed.get(node).copied().unwrap_or_default() {
            visit(next, allowed, path, done);
        }
        path.pop();
        done.insert(node);
    }
    let mut done = BTreeSet::new();
    for (module, _) in ALLOWED {
        visit(module, &allowed, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_reader_sees_grouped_and_inline_uses() {
    let text = "use crate::facts::X;\nuse crate::{judge::Y, rules};\nfn f() { crate::wire::z(); }\n\
                #[cfg(test)]\nmod tests { use crate::probe; }\n";
    let used: Vec<String> = used_modules(text).into_iter().collect();
    assert_eq!(used, ["facts", "judge", "rules", "wire"]);
}
