//! The table from pastoe's checks to internet.nl's batch API report (rules/internetnl/
//! batch-v2.toml): the report's hierarchy with internet.nl's names, and per test the checks
//! that decide it. Data, so a renamed subtest or a new check is a line in that file.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::judge::selection::glob;
use crate::rules::{RuleSet, Status};
use crate::store::BatchKind;

const EMBEDDED: &str = include_str!("../../rules/internetnl/batch-v2.toml");

/// A test's status as internet.nl's API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    Passed,
    Failed,
    Warning,
    Info,
    NotTested,
    Error,
}

impl TestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TestStatus::Passed => "passed",
            TestStatus::Failed => "failed",
            TestStatus::Warning => "warning",
            TestStatus::Info => "info",
            TestStatus::NotTested => "not_tested",
            TestStatus::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    Category,
    Section,
    Test,
}

impl ItemType {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemType::Category => "category",
            ItemType::Section => "section",
            ItemType::Test => "test",
        }
    }
}

/// A category, section or test of the report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub name: String,
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub translation_key: String,
    /// The category or section it belongs to; none for a category.
    #[serde(rename = "in")]
    pub parent: Option<String>,
    /// For a test: the checks whose findings decide it.
    #[serde(default)]
    pub checks: Vec<String>,
    /// For a test: outcomes of its checks that internet.nl reports otherwise than their
    /// status says (a cipher order that does not matter is `passed` there, not untested).
    #[serde(default)]
    pub outcomes: BTreeMap<String, TestStatus>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Api {
    version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    api: Api,
    statuses: BTreeMap<Status, TestStatus>,
    web: Vec<Item>,
    mail: Vec<Item>,
    #[serde(default)]
    technical: Vec<TechnicalDetail>,
    extras: Extras,
}

/// A detail of the technical results that is a check's verdict on a server's host or on
/// the domain: its value per outcome key (internet.nl's `cipher_order`, `kex_hash_func`,
/// `hsts`, the DMARC `policy_status`, …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TechnicalDetail {
    /// The key in a server's `details`, or for `at = "domain"` the dotted path in the
    /// domain's answer (`domain.dmarc.policy_status`, `webservers.ip_similarity`).
    pub detail: String,
    #[serde(default)]
    pub at: Place,
    /// The check that decides it in a web request; none when the detail is not a web one.
    pub web: Option<String>,
    /// The check that decides it in a mail request; none when the detail is not a mail one.
    pub mail: Option<String>,
    /// Outcome key → the detail's value; an outcome not listed leaves the detail out,
    /// unless `others` is given.
    pub values: BTreeMap<String, serde_json::Value>,
    /// The value for every other outcome that is a verdict (pass, fail, warning, info):
    /// not for one not tested or failed.
    #[serde(default)]
    pub others: Option<serde_json::Value>,
}

/// Where a technical detail goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// A tested server's `details`; decided by the finding on the server's host.
    #[default]
    Server,
    /// The domain's answer, at the detail's path; decided by the finding on the domain.
    Domain,
}

impl TechnicalDetail {
    /// The detail's value for a finding with `status` and `outcome`, if it has one.
    pub fn value(&self, status: Status, outcome: &str) -> Option<&serde_json::Value> {
        let verdict = matches!(
            status,
            Status::Pass | Status::Fail | Status::Warning | Status::Info
        );
        self.values
            .get(outcome)
            .or(self.others.as_ref().filter(|_| verdict))
    }

    /// The check deciding the detail in a request of `kind`.
    pub fn check(&self, kind: BatchKind) -> Option<&str> {
        match kind {
            BatchKind::Web => self.web.as_deref(),
            BatchKind::Mail => self.mail.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Extras {
    web: Vec<String>,
    mail: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// The mapping, checked against the rules it maps.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub api_version: String,
    statuses: BTreeMap<Status, TestStatus>,
    web: Vec<Item>,
    mail: Vec<Item>,
    technical: Vec<TechnicalDetail>,
    extras: Extras,
}

impl Mapping {
    /// The mapping compiled into the binary.
    pub fn embedded(rules: &RuleSet) -> Result<Mapping, MappingError> {
        Mapping::parse("rules/internetnl/batch-v2.toml", EMBEDDED, rules)
    }

    pub fn load(path: &Path, rules: &RuleSet) -> Result<Mapping, MappingError> {
        let text = std::fs::read_to_string(path).map_err(|source| MappingError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Mapping::parse(&path.display().to_string(), &text, rules)
    }

    fn parse(file: &str, text: &str, rules: &RuleSet) -> Result<Mapping, MappingError> {
        let invalid = |message: String| MappingError::Invalid {
            file: file.to_string(),
            message,
        };
        let parsed: MappingFile =
            toml::from_str(text).map_err(|e| invalid(e.to_string().trim_end().to_string()))?;
        for status in [
            Status::Pass,
            Status::Fail,
            Status::Warning,
            Status::Info,
            Status::Error,
            Status::NotApplicable,
        ] {
            if !parsed.statuses.contains_key(&status) {
                return Err(invalid(format!(
                    "[statuses] does not translate {}",
                    status.as_str()
                )));
            }
        }
        let mut names = HashSet::new();
        for (kind, items) in [("web", &parsed.web), ("mail", &parsed.mail)] {
            let mut parents: BTreeMap<&str, ItemType> = BTreeMap::new();
            for item in items.iter() {
                let valid_name = !item.name.is_empty()
                    && item
                        .name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !valid_name || !names.insert(item.name.clone()) {
                    return Err(invalid(format!(
                        "{kind}: {:?} is not a new name of [a-z0-9_]",
                        item.name
                    )));
                }
                let parent = item.parent.as_deref().map(|p| (p, parents.get(p)));
                match (item.item_type, parent) {
                    (ItemType::Category, None) => {}
                    (ItemType::Section, Some((_, Some(ItemType::Category))))
                    | (ItemType::Test, Some((_, Some(ItemType::Category | ItemType::Section)))) => {
                    }
                    _ => {
                        return Err(invalid(format!(
                            "{kind}: {} ({}) is not in a category or section named before it",
                            item.name,
                            item.item_type.as_str()
                        )));
                    }
                }
                if item.item_type != ItemType::Test
                    && (!item.checks.is_empty() || !item.outcomes.is_empty())
                {
                    return Err(invalid(format!(
                        "{kind}: {} is no test and cannot have checks or outcomes",
                        item.name
                    )));
                }
                for check in &item.checks {
                    if rules.check(check).is_none() {
                        return Err(invalid(format!(
                            "{kind}: {} maps the check {check}, which the rules do not have",
                            item.name
                        )));
                    }
                }
                for outcome in item.outcomes.keys() {
                    let known = item.checks.iter().any(|c| {
                        rules
                            .check(c)
                            .is_some_and(|rule| rule.outcomes.contains_key(outcome))
                    });
                    if !known {
                        return Err(invalid(format!(
                            "{kind}: {} translates the outcome {outcome}, which none of its checks has",
                            item.name
                        )));
                    }
                }
                parents.insert(&item.name, item.item_type);
            }
        }
        for detail in &parsed.technical {
            let names = detail.detail.split('.').all(|key| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            });
            let dotted = detail.detail.contains('.');
            if !names || dotted != (detail.at == Place::Domain) {
                return Err(invalid(format!(
                    "[[technical]] {:?} is not a key of [a-z0-9_] (a dotted path with at = \"domain\")",
                    detail.detail
                )));
            }
            let checks = [detail.web.as_deref(), detail.mail.as_deref()];
            if checks.iter().all(Option::is_none) {
                return Err(invalid(format!(
                    "[[technical]] {} names no web or mail check",
                    detail.detail
                )));
            }
            for check in checks.into_iter().flatten() {
                let Some(rule) = rules.check(check) else {
                    return Err(invalid(format!(
                        "[[technical]] {} names the check {check}, which the rules do not have",
                        detail.detail
                    )));
                };
                if let Some(outcome) = detail
                    .values
                    .keys()
                    .find(|o| !rule.outcomes.contains_key(*o))
                {
                    return Err(invalid(format!(
                        "[[technical]] {} translates the outcome {outcome}, which {check} does not have",
                        detail.detail
                    )));
                }
            }
        }
        for pattern in parsed.extras.web.iter().chain(&parsed.extras.mail) {
            if !rules.checks.keys().any(|id| glob(pattern, id)) {
                return Err(invalid(format!(
                    "[extras]: {pattern} matches no check of the rules"
                )));
            }
        }
        Ok(Mapping {
            api_version: parsed.api.version,
            statuses: parsed.statuses,
            web: parsed.web,
            mail: parsed.mail,
            technical: parsed.technical,
            extras: parsed.extras,
        })
    }

    /// The report's items of a request type, in report order.
    pub fn items(&self, kind: BatchKind) -> &[Item] {
        match kind {
            BatchKind::Web => &self.web,
            BatchKind::Mail => &self.mail,
        }
    }

    /// The technical details that are a check's verdict, with their checks in a request of
    /// `kind`.
    pub fn technical(&self, kind: BatchKind) -> impl Iterator<Item = (&TechnicalDetail, &str)> {
        self.technical
            .iter()
            .filter_map(move |d| d.check(kind).map(|c| (d, c)))
    }

    /// The category a test or section belongs to.
    pub fn category_of<'a>(&'a self, kind: BatchKind, item: &'a Item) -> &'a str {
        let items = self.items(kind);
        let mut current = item;
        while let Some(parent) = current.parent.as_deref() {
            match items.iter().find(|i| i.name == parent) {
                Some(p) => current = p,
                None => break,
            }
        }
        &current.name
    }

    /// internet.nl's status for a test whose checks' worst finding has `status` and
    /// `outcome`.
    pub fn status(&self, test: &Item, status: Status, outcome: &str) -> TestStatus {
        test.outcomes
            .get(outcome)
            .or_else(|| self.statuses.get(&status))
            .copied()
            .unwrap_or(TestStatus::Error)
    }

    /// The check patterns a request type is swept with: every check the report and the
    /// technical details map, and pastoe's extras.
    pub fn checks(&self, kind: BatchKind) -> Vec<String> {
        let extras = match kind {
            BatchKind::Web => &self.extras.web,
            BatchKind::Mail => &self.extras.mail,
        };
        let mut checks: Vec<String> = Vec::new();
        let mapped = self.items(kind).iter().flat_map(|i| i.checks.iter());
        let technical = self.technical(kind).map(|(_, check)| check);
        for check in mapped
            .map(String::as_str)
            .chain(technical)
            .chain(extras.iter().map(String::as_str))
        {
            if !checks.iter().any(|c| c == check) {
                checks.push(check.to_string());
            }
        }
        checks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        crate::judge::embedded_rules().unwrap()
    }

    /// The report item `name` of a request type.
    fn item<'a>(mapping: &'a Mapping, kind: BatchKind, name: &str) -> &'a Item {
        mapping.items(kind).iter().find(|i| i.name == name).unwrap()
    }

    #[test]
    fn the_embedded_mapping_names_only_checks_the_rules_have() {
        let mapping = Mapping::embedded(&rules()).unwrap();
        assert_eq!(mapping.api_version, "2.7.0");
        let web = mapping.checks(BatchKind::Web);
        assert!(web.contains(&"web.tls.version".to_string()), "{web:?}");
        assert!(
            web.iter().all(|c| c.starts_with("web.") || c == "pqc.*"),
            "{web:?}"
        );
        let tls = item(&mapping, BatchKind::Mail, "mail_starttls_dane_exist");
        assert_eq!(mapping.category_of(BatchKind::Mail, tls), "mail_starttls");
        assert_eq!(mapping.status(tls, Status::Pass, "ok"), TestStatus::Passed);
        assert_eq!(
            mapping.status(tls, Status::NotApplicable, "not_applicable"),
            TestStatus::NotTested
        );
        // As internet.nl: a cipher order that does not matter passes; one not tested (no
        // TLS) is untested.
        let order = item(&mapping, BatchKind::Web, "web_https_tls_cipherorder");
        assert_eq!(
            mapping.status(order, Status::NotApplicable, "not_applicable"),
            TestStatus::Passed
        );
        assert_eq!(
            mapping.status(order, Status::NotApplicable, "not_tested"),
            TestStatus::NotTested
        );
    }

    #[test]
    fn a_mapping_naming_an_unknown_check_or_outcome_is_refused() {
        let text = EMBEDDED.replace("\"web.tls.version\"", "\"web.tls.versions\"");
        let err = Mapping::parse("x.toml", &text, &rules()).unwrap_err();
        assert!(err.to_string().contains("web.tls.versions"), "{err}");
        let text = EMBEDDED.replacen("not_applicable = \"passed\"", "no_such = \"passed\"", 1);
        let err = Mapping::parse("x.toml", &text, &rules()).unwrap_err();
        assert!(err.to_string().contains("no_such"), "{err}");
        // A technical detail's outcomes are checked against its checks too.
        let text = EMBEDDED.replacen("too_short = \"max_age\"", "too_long = \"max_age\"", 1);
        let err = Mapping::parse("x.toml", &text, &rules()).unwrap_err();
        assert!(err.to_string().contains("too_long"), "{err}");
        let text = EMBEDDED.replacen("detail = \"hsts\"", "detail = \"domain.hsts\"", 1);
        let err = Mapping::parse("x.toml", &text, &rules()).unwrap_err();
        assert!(err.to_string().contains("domain.hsts"), "{err}");
    }

    #[test]
    fn technical_details_and_mail_tests_follow_the_table() {
        let mapping = Mapping::embedded(&rules()).unwrap();
        let web: Vec<&str> = mapping
            .technical(BatchKind::Web)
            .map(|(d, _)| d.detail.as_str())
            .collect();
        assert!(
            web.contains(&"hsts") && web.contains(&"cipher_order"),
            "{web:?}"
        );
        let mail: Vec<(&str, &str)> = mapping
            .technical(BatchKind::Mail)
            .map(|(d, c)| (d.detail.as_str(), c))
            .collect();
        assert!(
            mail.contains(&("cipher_order", "mail.tls.cipher_order")),
            "{mail:?}"
        );
        assert!(!mail.iter().any(|(d, _)| *d == "hsts"), "{mail:?}");
        // `others` gives every other verdict a value, not an outcome left untested.
        let (csp, _) = mapping
            .technical(BatchKind::Web)
            .find(|(d, _)| d.detail == "content_security_policy_enabled")
            .unwrap();
        assert_eq!(
            csp.value(Status::Pass, "ok"),
            Some(&serde_json::json!(true))
        );
        assert_eq!(
            csp.value(Status::Fail, "unsafe_inline"),
            Some(&serde_json::json!(false))
        );
        assert_eq!(csp.value(Status::NotApplicable, "not_tested"), None);
        let (dmarc, _) = mapping
            .technical(BatchKind::Mail)
            .find(|(d, _)| d.detail == "domain.dmarc.policy_status")
            .unwrap();
        assert_eq!(dmarc.at, Place::Domain);
        assert_eq!(
            dmarc.value(Status::Fail, "none_policy"),
            Some(&serde_json::json!("invalid_p_sp"))
        );
        // Every detail's check is swept.
        assert!(
            mapping
                .checks(BatchKind::Web)
                .contains(&"web.https.hsts".to_string())
        );
        // internet.nl passes 0-RTT on every mail server whose STARTTLS it tested.
        let zero_rtt = item(&mapping, BatchKind::Mail, "mail_starttls_tls_0rtt");
        assert_eq!(
            mapping.status(zero_rtt, Status::Pass, "ok"),
            TestStatus::Passed
        );
        assert_eq!(
            mapping.status(zero_rtt, Status::Fail, "not_offered"),
            TestStatus::NotTested
        );
        // The mail domain's name servers are judged by the web checks of them.
        let ns = item(&mapping, BatchKind::Mail, "mail_ns_rpki_valid");
        assert_eq!(ns.checks, ["web.rpki.ns_valid"]);
    }
}
