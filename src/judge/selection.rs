//! Which checks a run judges (`--only`), and the pattern language that names checks and
//! hosts.

use crate::facts::ProbePlan;
use crate::judge::checks;

/// A `--only` list of check id patterns (globs such as `web.tls.*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSelection {
    patterns: Vec<String>,
}

impl CheckSelection {
    /// Every pattern must match at least one check, so a typo is an error, not an empty
    /// report.
    pub fn new(patterns: Vec<String>) -> Result<CheckSelection, String> {
        for p in &patterns {
            if !checks::ALL.iter().any(|s| glob(p, s.id)) {
                return Err(format!(
                    "--only {p:?} matches no check (see `pastoe rules list`)"
                ));
            }
        }
        Ok(CheckSelection { patterns })
    }

    pub fn matches(&self, id: &str) -> bool {
        self.patterns.iter().any(|p| glob(p, id))
    }

    /// The probes the selected checks need.
    pub fn plan(&self) -> ProbePlan {
        checks::ALL
            .iter()
            .filter(|s| self.matches(s.id))
            .fold(ProbePlan::none(), |plan, s| {
                plan.union(checks::probes_needed(s.id))
            })
    }
}

/// Shell-style pattern: `*` any run of characters, `?` one character, case-insensitive
/// (host names and check ids are).
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    // Iterative matcher with one backtrack point: linear in practice, no recursion.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}
