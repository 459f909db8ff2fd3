//! security.txt (RFC 9116; Forum Standaardisatie comply-or-explain since 2023).

use super::Evaluate;
use super::{CheckSpec, ParamKind, https_response};
use super::{Hosts, WEB};
use crate::facts::{DomainFacts, ErrorKind, HttpFetch, HttpHop};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::security_txt as sectxt;

pub const SECURITY_TXT: CheckSpec = CheckSpec {
    id: "web.security_txt",
    outcomes: &[
        "ok",
        "missing",
        "fetch_failed",
        "not_tested",
        "fallback_location",
        "too_many_redirects",
        "invalid_content_type",
        "invalid_charset",
        "too_large",
        "not_utf8",
        // Document problems: exactly sectxt::PROBLEM_CODES (a test keeps them in step).
        "empty_file",
        "bom_present",
        "no_line_separators",
        "invalid_line",
        "prec_ws",
        "no_space",
        "empty_key",
        "empty_value",
        "signed_format_issue",
        "pgp_data_error",
        "data_after_sig",
        "no_contact",
        "invalid_uri",
        "insecure_uri",
        "no_expire",
        "multi_expire",
        "invalid_expiry",
        "expired",
        "long_expiry",
        "multi_lang",
        "invalid_lang",
        "no_canonical_match",
        "no_canonical",
        "no_csaf_file",
        "multiple_csaf_fields",
        "no_encryption",
        "not_signed",
        "unknown_field",
    ],
    params: &[
        ("max_bytes", ParamKind::Count),
        ("max_redirects", ParamKind::Count),
    ],
    evaluate: Evaluate::Domain(security_txt),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

/// A location served the file when its chain ended in a 200.
fn served(fetch: &HttpFetch) -> Option<&HttpHop> {
    fetch.final_response().filter(|hop| hop.status == 200)
}

fn security_txt(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    if let Err(not_tested) = https_response(facts) {
        return vec![not_tested];
    }
    let host = &facts.web.host;
    let Some(fetches) = facts.web.security_txt.as_ref() else {
        return vec![Verdict::new(host, Outcome::new("not_tested"))];
    };
    let mut outcomes = Vec::new();
    let fallback = fetches
        .fallback
        .as_ref()
        .and_then(|f| served(f).map(|hop| (f, hop)));
    let (fetch, hop) = if let Some(hop) = served(&fetches.well_known) {
        (&fetches.well_known, hop)
    } else if let Some((fallback, hop)) = fallback {
        outcomes.push(Outcome::new("fallback_location").with("url", &fallback.url));
        (fallback, hop)
    } else {
        let fetch = &fetches.well_known;
        let outcome = match &fetch.error {
            Some(e) if e.kind != ErrorKind::ConnectionRefused => {
                Outcome::new("fetch_failed").with("error", &e.detail)
            }
            _ => Outcome::new("missing").with(
                "status",
                fetch
                    .last()
                    .map(|h| h.status.to_string())
                    .unwrap_or_default(),
            ),
        };
        let chain: Vec<String> = fetch
            .hops
            .iter()
            .map(|h| format!("{} {}", h.status, h.url))
            .collect();
        return vec![
            Verdict::new(host, outcome)
                .evidence("url", &fetch.url)
                .evidence("chain", chain),
        ];
    };
    let redirects = fetch.hops.len().saturating_sub(1) as u64;
    if redirects > rule.param_u64("max_redirects") {
        outcomes.push(Outcome::new("too_many_redirects").with("redirects", redirects));
    }
    let content_type = hop.header("content-type").unwrap_or("");
    outcomes.extend(content_type_outcome(content_type));
    let body = fetch.body.as_ref();
    let text = body.map(|b| b.text.as_str()).unwrap_or("");
    let max = usize::try_from(rule.param_u64("max_bytes")).unwrap_or(usize::MAX);
    if body.is_some_and(|b| b.truncated || b.bytes_read > max as u64) {
        outcomes.push(Outcome::new("too_large").with("max_bytes", max));
    }
    if body.is_some_and(|b| b.invalid_utf8) {
        outcomes.push(Outcome::new("not_utf8"));
    }
    let text = truncate_at_char(text, max);
    let doc = sectxt::parse(text);
    let ctx = sectxt::ValidationContext {
        url: &hop.url,
        now: facts.observed_at,
    };
    for problem in sectxt::validate(&doc, &ctx) {
        let mut outcome = Outcome::new(problem.code);
        outcome.vars = problem.vars.clone();
        outcome.vars.push((
            "line",
            problem.line.map(|l| l.to_string()).unwrap_or_default(),
        ));
        outcomes.push(outcome);
    }
    if outcomes.is_empty() {
        outcomes.push(Outcome::new("ok"));
    }
    let fields: Vec<String> = doc
        .fields
        .iter()
        .map(|f| format!("{}: {}", f.name, f.value))
        .collect();
    let mut verdict = Verdict::new(host, outcomes[0].clone())
        .evidence("url", &hop.url)
        .evidence("content_type", content_type)
        .evidence("signed", doc.signed)
        .evidence("fields", fields);
    verdict.outcomes = outcomes;
    vec![verdict]
}

/// RFC 9116 §3: "text/plain" with a UTF-8 charset.
fn content_type_outcome(value: &str) -> Option<Outcome> {
    let mut parts = value.split(';').map(str::trim);
    let mime = parts.next().unwrap_or("");
    if !mime.eq_ignore_ascii_case("text/plain") {
        return Some(Outcome::new("invalid_content_type").with("content_type", value));
    }
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"'));
    match charset {
        Some(c) if c.eq_ignore_ascii_case("utf-8") => None,
        _ => Some(Outcome::new("invalid_charset").with("content_type", value)),
    }
}

fn truncate_at_char(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parser_problem_is_an_outcome() {
        for (code, _) in sectxt::PROBLEM_CODES {
            assert!(SECURITY_TXT.outcomes.contains(code), "{code}");
        }
        let transport = 10;
        assert_eq!(
            SECURITY_TXT.outcomes.len(),
            transport + sectxt::PROBLEM_CODES.len()
        );
    }

    #[test]
    fn content_type_must_be_plain_utf8() {
        assert!(content_type_outcome("text/plain; charset=utf-8").is_none());
        assert!(content_type_outcome("Text/Plain;Charset=\"UTF-8\"").is_none());
        assert_eq!(
            content_type_outcome("text/plain").unwrap().key,
            "invalid_charset"
        );
        assert_eq!(
            content_type_outcome("text/plain; charset=iso-8859-1")
                .unwrap()
                .key,
            "invalid_charset"
        );
        assert_eq!(
            content_type_outcome("text/html; charset=utf-8")
                .unwrap()
                .key,
            "invalid_content_type"
        );
        assert_eq!(
            content_type_outcome("").unwrap().key,
            "invalid_content_type"
        );
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate_at_char("héllo", 2), "h");
        assert_eq!(truncate_at_char("abc", 10), "abc");
    }
}
