//! Explanations: the "leg uit" of comply-or-explain.
//!
//! An organisation explains a non-compliance in a TOML file: which check on which subject,
//! why, who decided, where it is published, and until when. An explanation never removes a
//! finding: it marks it `explained`, and it stops counting the day it expires. One that no
//! longer matches anything is reported as stale; one written for other evidence than the
//! finding now shows is flagged for review.
//!
//! Explanations are applied when documents are built, never before findings are stored:
//! the store keeps findings as judged and, with each sweep, the explanations in force when
//! it started. [`ExplanationSet::apply`] is called with the day of the observation (a
//! scan's or facts file's earliest observation, a stored sweep's start), so a document built
//! again later reads as it stood then.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::Date;

pub use crate::judge::finding::AppliedExplanation;
use crate::judge::finding::Finding;
use crate::judge::selection::glob;
use crate::rules::{RuleSet, Status};

/// How long an explanation may run when the rule set sets no maximum.
pub const DEFAULT_MAX_DAYS: i64 = 366;

#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    #[error("cannot read {path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

/// One explanation as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub organisation: String,
    /// Check id pattern (`*` and `?` allowed), e.g. `web.tls.*`.
    pub check: String,
    /// Host or endpoint pattern, e.g. `*.voorbeeld.nl`.
    pub subject: String,
    pub reason: String,
    /// A role, not a person's name: `CISO`, `CIO-office`.
    pub by: String,
    /// Where the explanation is published (annual report, decision).
    pub reference: String,
    pub since: Date,
    pub valid_until: Date,
    /// The finding fingerprint the explanation was written for, if the author pinned it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    pub file: String,
    pub line: usize,
}

impl Explanation {
    /// The file's name without the folder: published reports must not show paths of the
    /// machine that ran the scan.
    pub fn file_name(&self) -> &str {
        Path::new(&self.file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&self.file)
    }
}

/// What applying the explanations found beyond the findings themselves.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExplanationSummary {
    pub applied: usize,
    pub expired: usize,
    pub needs_review: usize,
    /// Explanations of this organisation that matched no finding that needs one.
    pub stale: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    explanation: Vec<toml::Spanned<RawExplanation>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExplanation {
    organisation: String,
    check: String,
    subject: String,
    reason: String,
    by: String,
    reference: String,
    since: toml::Spanned<toml::value::Datetime>,
    valid_until: toml::Spanned<toml::value::Datetime>,
    #[serde(default)]
    evidence: Option<String>,
}

/// Every explanation of a folder of `*.toml` files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplanationSet {
    pub items: Vec<Explanation>,
}

impl ExplanationSet {
    /// Load and check a folder against a rule set: every check pattern must name one of its
    /// checks, and no explanation may run longer than its `max_explanation_days`.
    pub fn load_for(dir: &Path, rules: &RuleSet) -> Result<ExplanationSet, ExplainError> {
        let known = |pattern: &str| rules.checks.keys().any(|id| glob(pattern, id));
        let max_days = rules.meta.max_explanation_days.unwrap_or(DEFAULT_MAX_DAYS);
        ExplanationSet::load_dir(dir, &known, max_days)
    }

    /// Load and check a folder. `known_check` says whether a check id pattern can match
    /// any check pastoe has; `max_days` bounds how long an explanation may run.
    pub fn load_dir(
        dir: &Path,
        known_check: &dyn Fn(&str) -> bool,
        max_days: i64,
    ) -> Result<ExplanationSet, ExplainError> {
        let read_err = |path: &Path, e: std::io::Error| ExplainError::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| read_err(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        let mut set = ExplanationSet::default();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|e| read_err(&path, e))?;
            set.items.extend(parse(
                &path.display().to_string(),
                &text,
                known_check,
                max_days,
            )?);
        }
        let mut seen: Vec<(&str, &str, &str, &str, usize)> = Vec::new();
        for e in &set.items {
            if let Some((.., file, line)) = seen
                .iter()
                .find(|(o, c, s, ..)| *o == e.organisation && *c == e.check && *s == e.subject)
            {
                return Err(ExplainError::Invalid {
                    file: e.file.clone(),
                    line: e.line,
                    message: format!(
                        "duplicate scope: {} / {} / {} is already explained at {file}:{line}",
                        e.organisation, e.check, e.subject
                    ),
                });
            }
            seen.push((&e.organisation, &e.check, &e.subject, &e.file, e.line));
        }
        Ok(set)
    }

    /// Mark the findings these explanations cover. `today` is the day the facts were
    /// observed (not the day this runs), so a stored sweep is judged as it stood then.
    pub fn apply(
        &self,
        organisation: Option<&str>,
        findings: &mut [Finding],
        today: Date,
    ) -> ExplanationSummary {
        let mut summary = ExplanationSummary::default();
        let mine: Vec<&Explanation> = self
            .items
            .iter()
            .filter(|e| organisation.is_some_and(|o| o == e.organisation))
            .collect();
        let mut used = vec![false; mine.len()];
        for finding in findings.iter_mut() {
            if matches!(finding.status, Status::Pass | Status::NotApplicable) {
                continue;
            }
            let Some((index, e)) = mine.iter().enumerate().find(|(_, e)| {
                glob(&e.check, &finding.check) && glob(&e.subject, &finding.subject)
            }) else {
                continue;
            };
            used[index] = true;
            let needs_review = e
                .evidence
                .as_ref()
                .is_some_and(|fp| *fp != finding.fingerprint());
            let applied = AppliedExplanation {
                check: e.check.clone(),
                subject: e.subject.clone(),
                reason: e.reason.clone(),
                by: e.by.clone(),
                reference: e.reference.clone(),
                since: e.since,
                valid_until: e.valid_until,
                needs_review,
                source: format!("{}:{}", e.file_name(), e.line),
            };
            if today > e.valid_until {
                finding.explanation_expired = true;
                summary.expired += 1;
            } else if today >= e.since {
                finding.explained = true;
                summary.applied += 1;
            }
            summary.needs_review += usize::from(needs_review);
            finding.explanation = Some(applied);
        }
        summary.stale = mine
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(e, _)| format!("{}:{} ({} / {})", e.file_name(), e.line, e.check, e.subject))
            .collect();
        summary
    }
}

fn parse(
    file: &str,
    text: &str,
    known_check: &dyn Fn(&str) -> bool,
    max_days: i64,
) -> Result<Vec<Explanation>, ExplainError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(s.start)).unwrap_or(1);
        ExplainError::Invalid {
            file: file.to_string(),
            line,
            message: e.message().to_string(),
        }
    })?;
    let mut out = Vec::new();
    for spanned in raw.explanation {
        let line = line_of(spanned.span().start);
        let invalid = |line: usize, message: String| ExplainError::Invalid {
            file: file.to_string(),
            line,
            message,
        };
        let raw = spanned.into_inner();
        let date =
            |d: &toml::Spanned<toml::value::Datetime>, field: &str| -> Result<Date, ExplainError> {
                let l = line_of(d.span().start);
                let value = d.get_ref();
                match (value.date, value.time) {
                    (Some(date), None) => {
                        let month = time::Month::try_from(date.month).map_err(|_| {
                            invalid(l, format!("{field}: month {} does not exist", date.month))
                        })?;
                        Date::from_calendar_date(i32::from(date.year), month, date.day)
                            .map_err(|e| invalid(l, format!("{field}: {e}")))
                    }
                    _ => Err(invalid(
                        l,
                        format!("{field}: write a date without time, e.g. 2026-12-31"),
                    )),
                }
            };
        let since = date(&raw.since, "since")?;
        let valid_until = date(&raw.valid_until, "valid_until")?;
        let until_line = line_of(raw.valid_until.span().start);
        if valid_until < since {
            return Err(invalid(
                until_line,
                format!("valid_until {valid_until} is before since {since}"),
            ));
        }
        if (valid_until - since).whole_days() > max_days {
            return Err(invalid(
                until_line,
                format!(
                    "valid_until {valid_until} is more than {max_days} days after since {since}"
                ),
            ));
        }
        for (field, value) in [
            ("organisation", &raw.organisation),
            ("reason", &raw.reason),
            ("by", &raw.by),
            ("reference", &raw.reference),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(line, format!("{field} is empty")));
            }
        }
        if !raw.reference.starts_with("https://") && !raw.reference.starts_with("http://") {
            return Err(invalid(
                line,
                format!(
                    "reference {:?} is not a URL where the explanation is published",
                    raw.reference
                ),
            ));
        }
        if !known_check(&raw.check) {
            return Err(invalid(
                line,
                format!("check {:?} matches no check pastoe knows", raw.check),
            ));
        }
        out.push(Explanation {
            organisation: raw.organisation,
            check: raw.check,
            subject: raw.subject,
            reason: raw.reason,
            by: raw.by,
            reference: raw.reference,
            since,
            valid_until,
            evidence: raw.evidence,
            file: file.to_string(),
            line,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("web.tls.*", "web.tls.version"));
        assert!(glob("*.voorbeeld.nl", "www.voorbeeld.nl"));
        assert!(!glob("*.voorbeeld.nl", "voorbeeld.nl"));
        assert!(glob("*", "anything"));
        assert!(glob("web.?sts", "web.hsts"));
        assert!(!glob("web.https.*", "web.headers.csp"));
        assert!(glob("WEB.*", "web.caa"));
        // A star in the text is just a character.
        assert!(glob("*", "*\u{2000}"));
        assert!(!glob("a", "*"));
    }

    fn known(_: &str) -> bool {
        true
    }

    const GOOD: &str = r#"
[[explanation]]
organisation = "gemeente-voorbeeld"
check = "web.tls.*"
subject = "*.voorbeeld.nl"
reason = "Legacy portal, replaced by the new one in Q3"
by = "CISO"
reference = "https://www.voorbeeld.nl/jaarverslag-2026.pdf"
since = 2026-01-15
valid_until = 2026-12-31
"#;

    #[test]
    fn the_issue_example_parses() {
        let items = parse("e.toml", GOOD, &known, DEFAULT_MAX_DAYS).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].line, 2);
        assert_eq!(items[0].valid_until, time::macros::date!(2026 - 12 - 31));
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let backwards = GOOD.replace("valid_until = 2026-12-31", "valid_until = 2025-12-31");
        let err = parse("e.toml", &backwards, &known, DEFAULT_MAX_DAYS)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("e.toml:10:") && err.contains("before since"),
            "{err}"
        );
        let too_long = GOOD.replace("valid_until = 2026-12-31", "valid_until = 2028-12-31");
        let err = parse("e.toml", &too_long, &known, DEFAULT_MAX_DAYS)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("e.toml:10:") && err.contains("366 days"),
            "{err}"
        );
        let syntax = GOOD.replace("by = \"CISO\"", "by = CISO");
        let err = parse("e.toml", &syntax, &known, DEFAULT_MAX_DAYS)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("e.toml:7:"), "{err}");
        let unknown = |c: &str| !c.starts_with("web.tls");
        let err = parse("e.toml", GOOD, &unknown, DEFAULT_MAX_DAYS)
            .unwrap_err()
            .to_string();
        assert!(err.contains("matches no check"), "{err}");
        let extra = GOOD.replace("by = \"CISO\"", "by = \"CISO\"\nfoo = 1");
        assert!(parse("e.toml", &extra, &known, DEFAULT_MAX_DAYS).is_err());
    }

    proptest::proptest! {
        #[test]
        fn glob_never_panics(p in "[a-z*?.]{0,20}", t in "[a-z.]{0,30}") {
            let _ = glob(&p, &t);
        }

        #[test]
        fn star_matches_everything(t in "\\PC{0,40}") {
            proptest::prop_assert!(glob("*", &t));
        }
    }
}
