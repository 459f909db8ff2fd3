//! HTTP security headers (internet.nl's "security options"; not a Forum standard of its own,
//! but what the NCSC web application guidelines ask for).

use scraper::{Html, Selector};

use super::Evaluate;
use super::{CheckSpec, ParamKind, https_response, words};
use super::{Hosts, WEB};
use crate::facts::{DomainFacts, HttpHop};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::{csp, referrer_policy};

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

pub const CSP: CheckSpec = CheckSpec {
    id: "web.headers.csp",
    outcomes: &[
        "ok",
        "missing",
        "meta_only",
        "not_tested",
        "default_src_missing",
        "default_src_unsafe",
        "base_uri_missing",
        "base_uri_unsafe",
        "frame_src_missing",
        "frame_ancestors_missing",
        "form_action_missing",
        "unsafe_inline",
        "unsafe_eval",
        "unsafe_hashes",
        "data_scheme",
        "http_source",
        "schemeless_host",
        "bare_https",
        "wildcard",
        "localhost_source",
        "duplicate_directive",
    ],
    params: &[],
    evaluate: Evaluate::Domain(content_security_policy),
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

/// Every CSP header is enforced, so a page is protected when at least one policy is sound;
/// otherwise the policy with the fewest problems is reported. A `<meta>` policy does not
/// count (it cannot set `frame-ancestors` and arrives after the parser started), but it is
/// named so the fix is obvious.
fn content_security_policy(
    facts: &DomainFacts,
    _rule: &CheckRule,
    _rules: &RuleSet,
) -> Vec<Verdict> {
    let hop = match https_response(facts) {
        Ok(hop) => hop,
        Err(not_tested) => return vec![not_tested],
    };
    let host = &facts.web.host;
    let values: Vec<&str> = hop.header_values("content-security-policy").collect();
    let policies = csp::parse_list(&values);
    if policies.is_empty() {
        let meta = facts
            .web
            .https
            .as_ref()
            .and_then(|f| f.body.as_ref())
            .and_then(|b| meta_csp(&b.text));
        let verdict = match meta {
            Some(m) => Verdict::new(host, Outcome::new("meta_only")).evidence("meta", m),
            None => Verdict::new(host, Outcome::new("missing")),
        };
        return vec![verdict];
    }
    let judged = policies.iter().map(|p| (p, csp::evaluate(p, host)));
    let Some((policy, problems)) = judged.min_by_key(|(_, problems)| problems.len()) else {
        return vec![Verdict::new(host, Outcome::new("missing"))];
    };
    let policy: Vec<String> = policy
        .directives
        .iter()
        .map(|d| format!("{} {}", d.name, d.values.join(" ")))
        .collect();
    let outcomes: Vec<Outcome> = if problems.is_empty() {
        vec![Outcome::new("ok")]
    } else {
        problems
            .iter()
            .map(|p| {
                Outcome::new(p.code)
                    .with("directive", &p.directive)
                    .with("value", p.value.as_deref().unwrap_or(""))
            })
            .collect()
    };
    let mut verdict = Verdict::new(host, outcomes[0].clone())
        .evidence("headers", &values)
        .evidence("policy", policy.join("; "));
    verdict.outcomes = outcomes;
    vec![verdict]
}

fn meta_csp(html: &str) -> Option<String> {
    let document = Html::parse_document(html);
    let selector = Selector::parse("meta[http-equiv]").ok()?;
    document
        .select(&selector)
        .find(|e| {
            e.value()
                .attr("http-equiv")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("content-security-policy"))
        })
        .map(|e| e.value().attr("content").unwrap_or_default().to_string())
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
            let key = ["good", "acceptable", "unsafe"]
                .into_iter()
                .find(|class| words(rule, class).iter().any(|w| w == name))
                .unwrap_or("invalid");
            Outcome::new(key).with("value", name)
        }
    };
    vec![Verdict::new(&facts.web.host, outcome).evidence("headers", values)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_csp_problem_is_an_outcome() {
        for code in csp::PROBLEM_CODES {
            assert!(CSP.outcomes.contains(code), "{code}");
        }
        assert_eq!(CSP.outcomes.len(), 4 + csp::PROBLEM_CODES.len());
    }

    #[test]
    fn meta_policy_is_found() {
        let html = r#"<html><head><META HTTP-EQUIV="Content-Security-Policy" content="default-src 'self'"></head></html>"#;
        assert_eq!(meta_csp(html).as_deref(), Some("default-src 'self'"));
        assert_eq!(meta_csp("<html><meta charset=utf-8></html>"), None);
        assert_eq!(meta_csp("\u{0}<<<>>>"), None);
    }
}
