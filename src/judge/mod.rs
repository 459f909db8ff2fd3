//! The judge: facts and a rule set in, findings out, as a pure function.
//!
//! - [`checks`]: every check pastoe implements, one file per area: which outcome key applies
//!   to what was observed.
//! - [`evaluate`]: the one evaluator that gives the chosen outcomes their meaning from the
//!   rules (status, texts, advice) and makes findings.
//! - [`finding`]: what the judge produces.
//! - [`score`], [`readiness`]: summaries of findings under the rules.

pub mod checks;
pub mod evaluate;
pub mod finding;
pub mod readiness;
pub mod score;
pub mod selection;

pub use evaluate::{Outcome, Verdict, judge};

use std::path::Path;

use crate::rules::{RuleContract, RuleSet, RulesError};

/// The rule contract of every check, which a rule set is validated against.
pub fn contracts() -> Vec<RuleContract> {
    checks::ALL
        .iter()
        .map(|spec| RuleContract {
            id: spec.id,
            outcomes: spec.outcomes,
            params: spec.params,
        })
        .collect()
}

/// The rule files compiled into pastoe, validated against every check.
pub fn embedded_rules() -> Result<RuleSet, RulesError> {
    RuleSet::embedded(&contracts())
}

/// The rule files of a folder (`--rules`), validated against every check.
pub fn load_rules(dir: &Path) -> Result<RuleSet, RulesError> {
    RuleSet::load_dir(dir, &contracts())
}
