//! The one rule evaluator: turns what a check decided into findings with texts.

use std::collections::BTreeMap;

use crate::facts::DomainFacts;
use crate::judge::checks::{self, CheckSpec, Hosts};
use crate::judge::finding::{Detail, Finding};
use crate::judge::selection::Selection;
use crate::rules::{Level, Text};

use crate::rules::{CheckRule, NotTestedWhen, OutcomeRule, RuleSet};

/// What a check decided about one subject, before the rules give it meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub subject: String,
    /// At least one; the worst (after the level clamp) decides the finding.
    pub outcomes: Vec<Outcome>,
    /// Observed values that back the verdict; also usable as `{placeholders}` in texts.
    pub evidence: BTreeMap<String, serde_json::Value>,
    /// The level the verdict counts at when the rules make it differ from the check's (an
    /// ADR rule a version only announces); an outcome's own level still comes first.
    pub level: Option<Level>,
}

/// One outcome key with the values its texts may mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub key: &'static str,
    pub vars: Vec<(&'static str, String)>,
}

impl Outcome {
    pub fn new(key: &'static str) -> Self {
        Outcome {
            key,
            vars: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.vars.push((name, value.to_string()));
        self
    }
}

impl Verdict {
    pub fn new(subject: impl Into<String>, outcome: Outcome) -> Self {
        Verdict {
            subject: subject.into(),
            outcomes: vec![outcome],
            evidence: BTreeMap::new(),
            level: None,
        }
    }

    pub fn evidence(mut self, name: &str, value: impl serde::Serialize) -> Self {
        let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
        self.evidence.insert(name.to_string(), value);
        self
    }
}

/// Judge one domain's facts on the selected checks: a pure function of the facts, the rules
/// and the selection.
///
/// A domain that does not exist gets one finding per check, all the rule set's
/// `[nonexistent]` outcome: each check stays in the report (so sweeps compare check by
/// check) without a verdict that would blame the standard for a name that is not there.
/// A check of what only some hosts have ([`Hosts::Found`], an API) has nothing there.
pub fn judge(facts: &DomainFacts, rules: &RuleSet, selection: &Selection) -> Vec<Finding> {
    let mut findings = Vec::new();
    let nonexistent = facts.nonexistent();
    // A check whose probes did not run has nothing to judge: no finding, as with `--only`.
    let probed = |spec: &CheckSpec| facts.probed.is_none_or(|plan| plan.covers(spec.needs));
    for spec in checks::ALL
        .iter()
        .filter(|spec| selection.includes(spec) && probed(spec))
    {
        let Some(rule) = rules.check(spec.id) else {
            continue;
        };
        match nonexistent {
            // What only some hosts have is judged where it was found: an API listed with a
            // domain that does not resolve is still measured (its checks skip the rest).
            Some(error) if spec.hosts != Hosts::Found => {
                let verdict =
                    Verdict::new(&facts.domain, Outcome::new(NONEXISTENT)).evidence("error", error);
                let texts = |_: &str| rules.nonexistent.clone();
                findings.push(finding(&facts.domain, spec.id, rule, verdict, texts));
            }
            _ => {
                let mut verdicts = spec.evaluate.run(facts, rule, rules);
                if let Some(dependency) = &rule.not_tested_when {
                    apply_dependency(spec, dependency, facts, rules, &mut verdicts);
                }
                for verdict in verdicts {
                    let texts = |key: &str| outcome_rule(rule, key);
                    findings.push(finding(&facts.domain, spec.id, rule, verdict, texts));
                }
            }
        }
    }
    findings
}

/// A check's verdicts on the subjects where its rule's dependency says it is not tested
/// become that outcome, with the other check's outcomes as evidence. The other check is
/// evaluated here, whether or not it was selected: judging stays a function of the facts.
fn apply_dependency(
    spec: &CheckSpec,
    dependency: &NotTestedWhen,
    facts: &DomainFacts,
    rules: &RuleSet,
    verdicts: &mut [Verdict],
) {
    // Both were checked when the rules loaded (the check and rule exist, the outcome is
    // the check's own).
    let (Some(parent), Some(parent_rule)) = (
        checks::spec(&dependency.check),
        rules.check(&dependency.check),
    ) else {
        return;
    };
    let Some(outcome) = spec.outcomes.iter().find(|k| **k == dependency.outcome) else {
        return;
    };
    let parents = parent.evaluate.run(facts, parent_rule, rules);
    for verdict in verdicts.iter_mut() {
        let Some(seen) = parents.iter().find(|p| p.subject == verdict.subject) else {
            continue;
        };
        let keys: Vec<&str> = seen.outcomes.iter().map(|o| o.key).collect();
        if !keys.is_empty()
            && keys
                .iter()
                .all(|k| dependency.outcomes.iter().any(|o| o == k))
        {
            *verdict = Verdict::new(verdict.subject.clone(), Outcome::new(outcome)).evidence(
                "not_tested_because",
                serde_json::json!({ "check": dependency.check, "outcomes": keys }),
            );
        }
    }
}

/// The outcome key of [`RuleSet::nonexistent`] in findings.
const NONEXISTENT: &str = "nonexistent";

/// The finding of one verdict; `texts` gives the rule of each outcome key.
fn finding(
    domain: &str,
    check: &str,
    rule: &CheckRule,
    verdict: Verdict,
    texts: impl Fn(&str) -> OutcomeRule,
) -> Finding {
    // Each detail with the level it counts at: its outcome's, else the check's.
    let mut details: Vec<(Detail, Level)> = verdict
        .outcomes
        .iter()
        .map(|outcome| {
            let outcome_rule = texts(outcome.key);
            let level = outcome_rule.level.or(verdict.level).unwrap_or(rule.level);
            let fill = |t: &Text| fill_text(t, outcome, &verdict, rule);
            let detail = Detail {
                outcome: outcome.key.to_string(),
                status: level.clamp(outcome_rule.status),
                message: fill(&outcome_rule.message),
                advice: outcome_rule.advice.as_ref().map(fill),
            };
            (detail, level)
        })
        .collect();
    // Worst first; the sort is stable so equal outcomes keep the check's order.
    details.sort_by_key(|(d, _)| std::cmp::Reverse(d.status));
    let level = details.first().map_or(rule.level, |(_, level)| *level);
    let details: Vec<Detail> = details.into_iter().map(|(d, _)| d).collect();
    let decisive = details.first().cloned().unwrap_or_else(|| Detail {
        outcome: "none".into(),
        status: crate::rules::Status::Error,
        message: Text {
            nl: "Geen uitkomst.".into(),
            en: "No outcome.".into(),
        },
        advice: None,
    });
    Finding {
        domain: domain.to_string(),
        check: check.to_string(),
        subject: verdict.subject,
        status: decisive.status,
        level,
        standard: rule.standard.clone(),
        outcome: decisive.outcome.clone(),
        title: rule.title.clone(),
        message: decisive.message.clone(),
        advice: decisive.advice.clone(),
        why: rule.why.clone(),
        reference: rule.reference.clone(),
        evidence: verdict.evidence,
        details: if details.len() > 1 {
            details
        } else {
            Vec::new()
        },
        explained: false,
        explanation: None,
        explanation_expired: false,
        readiness: rule.readiness.clone(),
    }
}

/// Rules were checked against the check's outcome list when they loaded, so a miss here is
/// a programming error; it still yields a finding rather than a panic.
fn outcome_rule(rule: &CheckRule, key: &str) -> OutcomeRule {
    rule.outcomes
        .get(key)
        .cloned()
        .unwrap_or_else(|| OutcomeRule {
            status: crate::rules::Status::Error,
            level: None,
            label: None,
            message: Text {
                nl: format!("Regel zonder tekst voor uitkomst {key}."),
                en: format!("The rule has no text for outcome {key}."),
            },
            advice: None,
        })
}

/// Fill `{name}` placeholders from the outcome's values, then the evidence, then the rule's
/// parameters. Unknown names are left as written so a typo is visible, not silent.
fn fill_text(text: &Text, outcome: &Outcome, verdict: &Verdict, rule: &CheckRule) -> Text {
    let evidence = &verdict.evidence;
    let lookup = |name: &str| -> Option<String> {
        // `{subject}`: what the verdict is about (the host, the MX, the name server), in
        // every text of every check.
        if name == "subject" {
            return Some(verdict.subject.clone());
        }
        if let Some((_, v)) = outcome.vars.iter().find(|(n, _)| *n == name) {
            return Some(v.clone());
        }
        if let Some(v) = evidence.get(name) {
            return Some(match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
        rule.params.get(name).map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    Text {
        nl: fill(&text.nl, &lookup),
        en: fill(&text.en, &lookup),
    }
}

fn fill(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                let name = &after[..close];
                match lookup(name) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_and_unknown_stay() {
        let lookup = |n: &str| (n == "max_age").then(|| "300".to_string());
        assert_eq!(
            fill("max-age {max_age} < {min}", &lookup),
            "max-age 300 < {min}"
        );
        assert_eq!(fill("{ not a name } {", &lookup), "{ not a name } {");
        assert_eq!(fill("", &lookup), "");
    }
}
