//! Scores and the Forum Standaardisatie view.
//!
//! Two views of the same findings:
//! - the **internet.nl-style score** per domain: per standard the share of its scoring,
//!   required checks that pass, then the mean over the standards (internet.nl's "mean of
//!   category percentages"); an explained failure is not a pass;
//! - the **Forum view** per organisation: per standard *compliant*, *explained*, *not
//!   compliant* or *not applicable*, with the counts behind it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::judge::finding::Finding;
use crate::rules::RuleSet;
use crate::rules::{Level, Status};

/// Where an organisation (or a domain) stands on one standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardVerdict {
    Compliant,
    Explained,
    NotCompliant,
    NotApplicable,
}

impl StandardVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            StandardVerdict::Compliant => "compliant",
            StandardVerdict::Explained => "explained",
            StandardVerdict::NotCompliant => "not_compliant",
            StandardVerdict::NotApplicable => "not_applicable",
        }
    }
}

/// One standard's verdict with the counts behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardView {
    pub standard: String,
    pub verdict: StandardVerdict,
    /// Required checks that fail or could not be measured and are not explained.
    pub failing: usize,
    /// Required failures covered by an explanation in force.
    pub explained: usize,
    /// Findings that count (not "not applicable").
    pub measured: usize,
}

/// The Forum view of a set of findings (one domain or a whole organisation).
pub fn forum_view(findings: &[&Finding], rules: &RuleSet) -> Vec<StandardView> {
    let mut by_standard: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.counts_for_compliance()) {
        by_standard.entry(f.standard.as_str()).or_default().push(f);
    }
    let mut views: Vec<StandardView> = by_standard
        .into_iter()
        .map(|(standard, mine)| {
            let failing = mine
                .iter()
                .filter(|f| f.blocks_compliance() && !f.explained)
                .count();
            let explained = mine
                .iter()
                .filter(|f| f.blocks_compliance() && f.explained)
                .count();
            let measured = mine
                .iter()
                .filter(|f| f.status != Status::NotApplicable)
                .count();
            let verdict = if measured == 0 {
                StandardVerdict::NotApplicable
            } else if failing > 0 {
                StandardVerdict::NotCompliant
            } else if explained > 0 {
                StandardVerdict::Explained
            } else {
                StandardVerdict::Compliant
            };
            StandardView {
                standard: standard.to_string(),
                verdict,
                failing,
                explained,
                measured,
            }
        })
        .collect();
    views.sort_by_key(|v| {
        rules
            .standards
            .get(&v.standard)
            .map(|s| s.order)
            .unwrap_or(u32::MAX)
    });
    views
}

/// The internet.nl-style score (0–100) of a domain's findings, or `None` when no scoring
/// check applied.
pub fn score(findings: &[&Finding], rules: &RuleSet) -> Option<u32> {
    let mut per_standard: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for f in findings {
        let scoring = f.counts_for_compliance() && rules.check(&f.check).is_some_and(|r| r.scoring);
        if !scoring || f.level != Level::Required || f.status == Status::NotApplicable {
            continue;
        }
        let entry = per_standard.entry(f.standard.as_str()).or_default();
        entry.1 += 1;
        if f.status == Status::Pass {
            entry.0 += 1;
        }
    }
    if per_standard.is_empty() {
        return None;
    }
    let total: u32 = per_standard
        .values()
        .map(|(pass, all)| 100 * pass / all)
        .sum();
    Some(total / per_standard.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Text;

    fn finding(check: &str, standard: &str, status: Status, explained: bool) -> Finding {
        let t = Text {
            nl: String::new(),
            en: String::new(),
        };
        Finding {
            domain: "x.nl".into(),
            check: check.into(),
            subject: "x.nl".into(),
            status,
            level: Level::Required,
            standard: standard.into(),
            outcome: "o".into(),
            title: t.clone(),
            message: t.clone(),
            advice: None,
            why: t,
            reference: String::new(),
            evidence: Default::default(),
            details: vec![],
            explained,
            explanation: None,
            explanation_expired: false,
            readiness: None,
        }
    }

    #[test]
    fn verdicts_and_score() {
        let rules = crate::judge::embedded_rules().unwrap();
        let f = [
            finding("web.https.hsts", "https_hsts", Status::Fail, true),
            finding("web.https.redirect", "https_hsts", Status::Pass, false),
            finding("web.dnssec.valid", "dnssec", Status::Fail, false),
            finding("web.dnssec.exists", "dnssec", Status::Pass, false),
            finding("web.ipv6.address", "ipv6", Status::NotApplicable, false),
        ];
        let refs: Vec<&Finding> = f.iter().collect();
        let view = forum_view(&refs, &rules);
        let get = |s: &str| view.iter().find(|v| v.standard == s).unwrap().verdict;
        assert_eq!(get("https_hsts"), StandardVerdict::Explained);
        assert_eq!(get("dnssec"), StandardVerdict::NotCompliant);
        assert_eq!(get("ipv6"), StandardVerdict::NotApplicable);
        // https 50 %, dnssec 50 %; ipv6 has nothing scoring.
        assert_eq!(score(&refs, &rules), Some(50));
        assert_eq!(score(&[], &rules), None);
    }
}
