//! The readiness roll-up: how far an organisation (or the whole country) is on the way to
//! quantum-safe cryptography, counted from the findings of a readiness view (`pqc`) and
//! measured against the view's deadlines.
//!
//! An *endpoint* here is one finding that carries a `service` in its evidence: a web host,
//! a mail server or an SSH server (all its addresses together, judged by the worst). It is
//! *ready* when its finding passes; the rule file decides which verdicts pass.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::judge::finding::Finding;
use crate::rules::{Deadline, DeadlineScope, RuleSet};
use crate::rules::{Status, Text};

/// One readiness view's roll-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadinessSummary {
    /// The readiness rule set (`pqc`).
    pub rule_set: String,
    /// Endpoints judged (findings with a service).
    pub endpoints: usize,
    /// Endpoints whose verdict passes (`pq_active`).
    pub ready: usize,
    /// Per verdict (outcome key), how many endpoints.
    pub by_verdict: BTreeMap<String, usize>,
    /// The rule's short name and status of each verdict counted.
    pub verdict_labels: BTreeMap<String, VerdictLabel>,
    /// Per service (`web`, `mail`, `ssh`), per verdict, how many endpoints.
    pub by_service: BTreeMap<String, BTreeMap<String, usize>>,
    /// Endpoints that carry sensitive traffic (mail, login portals), and how many are ready.
    pub sensitive: usize,
    pub sensitive_ready: usize,
    /// Endpoints whose non-ready verdict an explanation in force covers.
    pub explained: usize,
    /// The view's milestones with the distance to each.
    pub deadlines: Vec<DeadlineProgress>,
}

/// How the rule names a verdict, and the status it gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerdictLabel {
    pub label: Text,
    pub status: Status,
}

/// Where the organisation stands on one milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineProgress {
    #[serde(flatten)]
    pub deadline: Deadline,
    /// Days from the measurement to the deadline (negative once it has passed).
    pub days_left: i64,
    /// Endpoints the milestone is about, how many are ready, how many are not.
    pub in_scope: usize,
    pub ready: usize,
    pub remaining: usize,
}

impl ReadinessSummary {
    /// Share of ready endpoints, in whole percent.
    pub fn ready_percent(&self) -> Option<u32> {
        percent(self.ready, self.endpoints)
    }

    /// The headline: share of sensitive endpoints that are ready, in whole percent.
    pub fn sensitive_percent(&self) -> Option<u32> {
        percent(self.sensitive_ready, self.sensitive)
    }
}

fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| (100 * part / whole) as u32)
}

/// The readiness endpoints among findings: those of the view that name a service.
fn endpoints<'a>(findings: &'a [&'a Finding], view: &'a str) -> impl Iterator<Item = &'a Finding> {
    findings.iter().copied().filter(move |f| {
        f.readiness.as_deref() == Some(view)
            && f.status != Status::NotApplicable
            && f.evidence.get("service").is_some_and(|s| s.is_string())
    })
}

fn is_sensitive(f: &Finding) -> bool {
    f.evidence
        .get("sensitive")
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The roll-up of every readiness view that has findings and deadlines to measure them
/// against, measured on `day`.
pub fn summarise(findings: &[&Finding], rules: &RuleSet, day: Date) -> Vec<ReadinessSummary> {
    rules
        .views
        .iter()
        .filter(|view| rules.deadlines.iter().any(|d| d.view == view.id))
        .filter_map(|view| {
            let mine: Vec<&Finding> = endpoints(findings, &view.id).collect();
            let any = findings
                .iter()
                .any(|f| f.readiness.as_deref() == Some(&view.id));
            any.then(|| summary(&view.id, &mine, rules, day))
        })
        .collect()
}

fn summary(view: &str, mine: &[&Finding], rules: &RuleSet, day: Date) -> ReadinessSummary {
    let ready = |f: &Finding| f.status == Status::Pass;
    let mut by_verdict: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_service: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for f in mine {
        *by_verdict.entry(f.outcome.clone()).or_default() += 1;
        let service = f.evidence["service"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        *by_service
            .entry(service)
            .or_default()
            .entry(f.outcome.clone())
            .or_default() += 1;
    }
    let verdict_labels = mine
        .iter()
        .filter_map(|f| {
            let outcome = rules.check(&f.check)?.outcomes.get(&f.outcome)?;
            let label = VerdictLabel {
                label: outcome.label.clone()?,
                status: outcome.status,
            };
            Some((f.outcome.clone(), label))
        })
        .collect();
    let sensitive: Vec<&Finding> = mine.iter().copied().filter(|f| is_sensitive(f)).collect();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let deadlines = rules
        .deadlines
        .iter()
        .filter(|d| d.view == view)
        .map(|d| {
            let scope: &[&Finding] = match d.scope {
                DeadlineScope::All => mine,
                DeadlineScope::Sensitive => &sensitive,
            };
            let ready_in_scope = scope.iter().filter(|f| ready(f)).count();
            // Dates were checked when the rules loaded.
            let days_left = Date::parse(&d.date, format)
                .map(|date| (date - day).whole_days())
                .unwrap_or_default();
            DeadlineProgress {
                deadline: d.clone(),
                days_left,
                in_scope: scope.len(),
                ready: ready_in_scope,
                remaining: scope.len() - ready_in_scope,
            }
        })
        .collect();
    ReadinessSummary {
        rule_set: view.to_string(),
        endpoints: mine.len(),
        ready: mine.iter().filter(|f| ready(f)).count(),
        by_verdict,
        verdict_labels,
        by_service,
        sensitive: sensitive.len(),
        sensitive_ready: sensitive.iter().filter(|f| ready(f)).count(),
        explained: mine.iter().filter(|f| f.explained && !ready(f)).count(),
        deadlines,
    }
}

/// Several organisations' roll-ups added up (the national view).
pub fn combine<'a>(
    summaries: impl Iterator<Item = &'a ReadinessSummary>,
) -> Option<ReadinessSummary> {
    let mut total: Option<ReadinessSummary> = None;
    for s in summaries {
        let Some(t) = total.as_mut() else {
            total = Some(s.clone());
            continue;
        };
        t.endpoints += s.endpoints;
        t.ready += s.ready;
        t.sensitive += s.sensitive;
        t.sensitive_ready += s.sensitive_ready;
        t.explained += s.explained;
        for (k, n) in &s.by_verdict {
            *t.by_verdict.entry(k.clone()).or_default() += n;
        }
        for (k, label) in &s.verdict_labels {
            t.verdict_labels
                .entry(k.clone())
                .or_insert_with(|| label.clone());
        }
        for (service, verdicts) in &s.by_service {
            let mine = t.by_service.entry(service.clone()).or_default();
            for (k, n) in verdicts {
                *mine.entry(k.clone()).or_default() += n;
            }
        }
        for d in &mut t.deadlines {
            if let Some(other) = s.deadlines.iter().find(|o| o.deadline.id == d.deadline.id) {
                d.in_scope += other.in_scope;
                d.ready += other.ready;
                d.remaining += other.remaining;
                // The national view measures from the earliest scan.
                d.days_left = d.days_left.max(other.days_left);
            }
        }
    }
    total
}
