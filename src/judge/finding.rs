//! Findings: the judged result of one check on one subject.
//!
//! A finding is what reports, exports and exit codes are made of. It carries the texts of the
//! rule that produced it, so a stored finding can be shown later without the rule files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::rules::{Level, Status, Text};

/// One judged outcome of a check. Several outcomes of one check on one subject (for example
/// every problem in a security.txt) are kept as details; the worst decides the finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detail {
    pub outcome: String,
    pub status: Status,
    pub message: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<Text>,
}

/// The judgement of one check on one subject of one scanned domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The scanned domain this finding belongs to.
    pub domain: String,
    /// Dotted, stable check id, e.g. `web.https.hsts`.
    pub check: String,
    /// The host or endpoint the finding is about.
    pub subject: String,
    pub status: Status,
    pub level: Level,
    /// The standard (Forum Standaardisatie list entry or internet.nl category) it counts for.
    pub standard: String,
    /// The outcome key of the rule that decided the status.
    pub outcome: String,
    pub title: Text,
    pub message: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<Text>,
    pub why: Text,
    pub reference: String,
    /// What was observed, verbatim where it matters (header values, URLs, status codes).
    pub evidence: BTreeMap<String, serde_json::Value>,
    /// Every outcome when there was more than one, worst first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Detail>,
    /// An explanation in force covers this finding ("leg uit"); the status is unchanged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub explained: bool,
    /// The explanation that covers (or covered) this finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<AppliedExplanation>,
    /// An explanation covered this finding but has expired: it counts as unexplained.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub explanation_expired: bool,
    /// The readiness view (`pqc`) this finding belongs to. Such findings are reported
    /// beside the standards and never count towards compliance or the score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness: Option<String>,
}

impl Finding {
    /// A short, stable digest of what the finding is about (outcome and evidence), for an
    /// explanation to pin: when the evidence changes, the explanation needs review.
    pub fn fingerprint(&self) -> String {
        let evidence = serde_json::to_string(&self.evidence).unwrap_or_default();
        let hash =
            crate::stable_hash::fnv1a(self.outcome.bytes().chain([0]).chain(evidence.bytes()));
        format!("{hash:016x}")
    }

    /// Findings that decide the exit status and the compliance verdict: a required check of
    /// the compliance rule set that failed or could not be judged.
    pub fn blocks_compliance(&self) -> bool {
        self.counts_for_compliance()
            && self.level == Level::Required
            && matches!(self.status, Status::Fail | Status::Error)
    }

    /// False for the findings of a readiness view, which are shown beside the standards.
    pub fn counts_for_compliance(&self) -> bool {
        self.readiness.is_none()
    }
}

/// What an explanation did to a finding, carried in the finding. It lives with the
/// finding it is part of (a finding is data; explaining it is a stage above).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedExplanation {
    /// The scope as written: check and subject patterns.
    pub check: String,
    pub subject: String,
    pub reason: String,
    pub by: String,
    pub reference: String,
    pub since: time::Date,
    pub valid_until: time::Date,
    /// The finding no longer shows the evidence the explanation was written for.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_review: bool,
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamp_follows_level() {
        assert_eq!(Level::Required.clamp(Status::Fail), Status::Fail);
        assert_eq!(Level::Recommended.clamp(Status::Fail), Status::Warning);
        assert_eq!(Level::Optional.clamp(Status::Fail), Status::Info);
        assert_eq!(Level::Optional.clamp(Status::Warning), Status::Info);
        assert_eq!(Level::Optional.clamp(Status::Error), Status::Error);
        assert_eq!(Level::Recommended.clamp(Status::Pass), Status::Pass);
    }

    #[test]
    fn error_is_worst() {
        assert!(Status::Error > Status::Fail);
        assert!(Status::Fail > Status::Warning);
        assert!(Status::Pass > Status::NotApplicable);
    }
}
