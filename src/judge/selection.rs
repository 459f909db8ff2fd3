//! Which checks a run judges (`--only`), and the pattern language that names checks and
//! hosts.

use crate::facts::ProbePlan;
use crate::judge::checks::{self, CheckSpec, Hosts};

/// The checks one judgement covers: those `--only` chose, of those that apply to the host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `--only`; none means every check.
    pub only: Option<CheckSelection>,
    /// The host was found by a sweep's discovery rather than listed.
    pub discovered: bool,
}

impl Selection {
    /// Every check that applies to a listed domain, narrowed by `only`.
    pub fn listed(only: Option<CheckSelection>) -> Selection {
        Selection {
            only,
            discovered: false,
        }
    }

    /// The same checks for a host discovery found: only those that apply to one.
    pub fn for_discovered(&self) -> Selection {
        Selection {
            discovered: true,
            ..self.clone()
        }
    }

    pub fn includes(&self, spec: &CheckSpec) -> bool {
        self.only.as_ref().is_none_or(|only| only.matches(spec.id))
            && (!self.discovered || matches!(spec.hosts, Hosts::ListedAndDiscovered | Hosts::Found))
    }

    /// The probes the included checks need.
    pub fn plan(&self) -> ProbePlan {
        checks::ALL
            .iter()
            .filter(|spec| self.includes(spec))
            .fold(ProbePlan::none(), |plan, spec| plan.union(spec.needs))
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_discovered_host_is_judged_as_a_web_host_and_an_api_host_only() {
        let discovered = Selection::default().for_discovered();
        for spec in checks::ALL {
            let web = spec.id.starts_with("web.") || spec.id.starts_with("pqc.tls.");
            let web = web || spec.id.starts_with("pqc.cert.") || spec.id.starts_with("pqc.dnssec.");
            let web = web || ["autonomy.web.hosting", "autonomy.cert.issuer"].contains(&spec.id);
            // A discovered host may be an API (`api.<domain>`, or one serving /openapi.json).
            let web = web || spec.id.starts_with("api.");
            assert_eq!(discovered.includes(spec), web, "{}", spec.id);
        }
    }

    #[test]
    fn only_narrows_checks_and_probes() {
        let only = CheckSelection::new(vec!["web.tls.*".into()]).unwrap();
        let selection = Selection::listed(Some(only));
        assert!(
            checks::ALL
                .iter()
                .filter(|s| selection.includes(s))
                .all(|s| s.id.starts_with("web.tls."))
        );
        let plan = selection.plan();
        assert!(plan.tls && !plan.web && !plan.mail);
        assert!(CheckSelection::new(vec!["web.tsl.*".into()]).is_err());
    }
}
