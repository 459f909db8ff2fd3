//! HTTP security headers (internet.nl's "security options"; not a Forum standard of its own,
//! but what the NCSC web application guidelines ask for). Content-Security-Policy has its
//! own file, `headers/csp.rs`.

mod csp;

pub use csp::CSP;

use super::{CheckSpec, Evaluate, Hosts, ParamKind, WEB, https_response, words};
use crate::facts::{DomainFacts, HttpHop};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::referrer_policy;

pub const X_FRAME_OPTIONS: CheckSpec = CheckSpec {
    id: "web.headers.x_frame_options",
    outcomes: &["ok", "missing", "invalid", "not_tested"],
    params: &[("allowed", ParamKind::Words)],
    evaluate: Evaluate::Domain(x_frame_options),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

pub const X_CONTENT_TYPE_OPTIONS: CheckSpec = CheckSpec {
    id: "web.headers.x_content_type_options",
    outcomes: &["ok", "missing", "invalid", "not_tested"],
    params: &[("allowed", ParamKind::Words)],
    evaluate: Evaluate::Domain(x_content_type_options),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

pub const REFERRER_POLICY: CheckSpec = CheckSpec {
    id: "web.headers.referrer_policy",
    outcomes: &[
        "good",
        "acceptable",
        "unsafe",
        "missing",
        "invalid",
        "not_tested",
    ],
    params: &[
        ("good", ParamKind::Words),
        ("acceptable", ParamKind::Words),
        ("unsafe", ParamKind::Words),
    ],
    evaluate: Evaluate::Domain(referrer),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

/// Headers whose first value must be one of a list (`allowed` in the rule).
fn first_value_in_list(facts: &DomainFacts, rule: &CheckRule, header: &str) -> Vec<Verdict> {
    let hop = match https_response(facts) {
        Ok(hop) => hop,
        Err(not_tested) => return vec![not_tested],
    };
    let values: Vec<&str> = hop.header_values(header).collect();
    let allowed = words(rule, "allowed");
    let outcome = match values.first() {
        None => Outcome::new("missing"),
        Some(v) if allowed.contains(&v.trim().to_ascii_lowercase()) => {
            Outcome::new("ok").with("value", v.trim())
        }
        Some(v) => Outcome::new("invalid").with("value", v),
    };
    vec![Verdict::new(&facts.web.host, outcome).evidence("headers", values)]
}

fn x_frame_options(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    first_value_in_list(facts, rule, "x-frame-options")
}

fn x_content_type_options(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    first_value_in_list(facts, rule, "x-content-type-options")
}

/// The last recognised token of all Referrer-Policy values is the one browsers apply.
fn referrer(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let hop: &HttpHop = match https_response(facts) {
        Ok(hop) => hop,
        Err(not_tested) => return vec![not_tested],
    };
    let values: Vec<&str> = hop.header_values("referrer-policy").collect();
    let outcome = match referrer_policy::parse(&values) {
        None if values.is_empty() => Outcome::new("missing"),
        None => Outcome::new("invalid").with("value", values.join(", ")),
        Some(policy) => {
            let name = policy.as_str();
            // Each class parameter names the policies of the outcome key of its name.
            let key = REFERRER_POLICY
                .params
                .iter()
                .map(|(class, _)| *class)
                .find(|class| words(rule, class).iter().any(|w| w == name))
                .unwrap_or("invalid");
            Outcome::new(key).with("value", name)
        }
    };
    vec![Verdict::new(&facts.web.host, outcome).evidence("headers", values)]
}

#[cfg(test)]
mod tests {
    use super::REFERRER_POLICY;

    /// The Referrer-Policy check picks the outcome key named like the class parameter that
    /// lists the policy, so every class parameter must be one of its outcome keys.
    #[test]
    fn every_referrer_policy_class_is_an_outcome() {
        for (class, _) in REFERRER_POLICY.params {
            assert!(REFERRER_POLICY.outcomes.contains(class), "{class}");
        }
    }
}
