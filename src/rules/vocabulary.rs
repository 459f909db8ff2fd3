//! The words a rule file speaks: the status an outcome has, how much a check matters, and
//! texts in both languages pastoe publishes in.

use serde::{Deserialize, Serialize};

/// The outcome of a check, as internet.nl's status model names them.
///
/// The derived order is from best to worst; `error` is the worst because it means the check
/// could not tell, and an unknown state is never reported as compliant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotApplicable,
    Pass,
    Info,
    Warning,
    Fail,
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotApplicable => "not_applicable",
            Status::Pass => "pass",
            Status::Info => "info",
            Status::Warning => "warning",
            Status::Fail => "fail",
            Status::Error => "error",
        }
    }
}

/// How much a check matters, as the rule set says (internet.nl's requirement level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Optional,
    Recommended,
    Required,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Optional => "optional",
            Level::Recommended => "recommended",
            Level::Required => "required",
        }
    }

    /// A failed check counts only as much as its level: a failure on a recommended check is a
    /// warning, on an optional one information (internet.nl's "worst status" clamp).
    pub fn clamp(self, status: Status) -> Status {
        match (self, status) {
            (Level::Recommended, Status::Fail) => Status::Warning,
            (Level::Optional, Status::Fail | Status::Warning) => Status::Info,
            (_, s) => s,
        }
    }
}

/// A text in both languages pastoe publishes in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

/// Which language to show a [`Text`] in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}
