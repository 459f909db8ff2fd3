//! `web.headers.csp`: internet.nl's judgement of the Content-Security-Policy header
//! (`HeaderCheckerContentSecurityPolicy` in its `checks/tasks/http_headers.py`), applied to the
//! policy as `wire::text::csp` parses it. Which directives are judged, which sources are unsafe
//! and what the required directives must hold are the rule's `params`; this file holds how
//! they combine.
//!
//! A rule word names a source the way it is written in a policy: a keyword with its quotes
//! (`'self'`), a scheme-source with its colon (`data:`), or `host-source` for any host-source.
//!
//! Decisions, where internet.nl, the brief and CSP3 differ:
//! - Duplicate directives: CSP3 keeps the first and ignores later ones; internet.nl merges all
//!   values. We judge the policy a browser enforces and report each ignored duplicate as
//!   `duplicate_directive` (internet.nl has no such failure; it is ours).
//! - Directive names, keywords and schemes are compared case-insensitively (CSP grammar);
//!   internet.nl's regular expressions are case-sensitive.
//! - Only the `judged_directives` are judged, as internet.nl judges only the directives it
//!   knows; `report-uri`, `sandbox` and unknown directives are ignored. In the
//!   `keywords_ignored_in` directives (`frame-ancestors`) only scheme and host problems count,
//!   as keywords other than `'self'`/`'none'` mean nothing there.
//! - A directive without values counts as absent for the required directives and for
//!   fallbacks, as in internet.nl (CSP3 would treat it as `'none'`).
//! - `wildcard` is only a `wildcard_hosts` host (the bare `*`, also `https://*`, `*:443`),
//!   exactly like internet.nl; `*.example.nl` is *not* a wildcard problem. A `*.`-host still
//!   fails `default-src`/`base-uri` unless it is of the same site, and without a scheme it is
//!   a `schemeless_host`.
//! - A wildcard or local host without scheme gets only its specific outcome
//!   (`wildcard`/`localhost_source`), not also `schemeless_host`; internet.nl lists both.
//! - `http_source` covers scheme-sources and host-sources whose scheme is one of
//!   `http_source_schemes` (internet.nl treats `*://` as insecure too).
//! - Same site: internet.nl accepts hosts that end with the tested host name. Here (per
//!   pastoe's brief) a host is of the same site when it equals the tested host, equals its
//!   last two labels (the approximate registrable domain), or ends with `.` plus those two
//!   labels; `*.` is stripped first. For an IP-literal host only equality counts.
//! - `default-src`/`base-uri`: as in internet.nl, the list must be `restricted_alone` sources
//!   only (`'none'`), or hold a `restricted_required` source (`'self'`) and otherwise only
//!   `restricted_allowed` sources and same-site hosts. Unlike internet.nl, sources its
//!   expressions do not recognise (e.g. `ws:`, `'strict-dynamic'`) are not silently dropped
//!   but also make the directive unsafe, because the brief says "only".

use std::collections::HashSet;

use scraper::{Html, Selector};

use super::super::{CheckSpec, Evaluate, Hosts, ParamKind, WEB, https_response, words};
use crate::facts::DomainFacts;
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::csp::{self, ContentSecurityPolicy, Directive, SourceKind};

pub const CSP: CheckSpec = CheckSpec {
    id: "web.headers.csp",
    outcomes: &OUTCOMES,
    params: &[
        ("judged_directives", ParamKind::Words),
        ("restricted_alone", ParamKind::Words),
        ("restricted_required", ParamKind::Words),
        ("restricted_allowed", ParamKind::Words),
        ("frame_src_fallbacks", ParamKind::Words),
        ("frame_src_accepts", ParamKind::Words),
        ("frame_ancestors_accepts", ParamKind::Words),
        ("form_action_accepts", ParamKind::Words),
        ("unsafe_inline_sources", ParamKind::Words),
        ("unsafe_eval_sources", ParamKind::Words),
        ("unsafe_hashes_sources", ParamKind::Words),
        ("keywords_ignored_in", ParamKind::Words),
        ("data_scheme_sources", ParamKind::Words),
        ("data_scheme_directives", ParamKind::Words),
        ("bare_https_sources", ParamKind::Words),
        ("http_source_schemes", ParamKind::Words),
        ("wildcard_hosts", ParamKind::Words),
        ("localhost_source_hosts", ParamKind::Words),
    ],
    evaluate: Evaluate::Domain(content_security_policy),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

/// Every outcome of the check. [`Key::key`] is the one place their keys are written; a
/// variant missing from [`Key::ALL`] has no outcome in the spec, so the rule files fail to
/// load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Ok,
    Missing,
    MetaOnly,
    /// Given by `https_response` when there is no HTTPS response.
    NotTested,
    DefaultSrcMissing,
    DefaultSrcUnsafe,
    BaseUriMissing,
    BaseUriUnsafe,
    FrameSrcMissing,
    FrameAncestorsMissing,
    FormActionMissing,
    UnsafeInline,
    UnsafeEval,
    UnsafeHashes,
    DataScheme,
    HttpSource,
    SchemelessHost,
    BareHttps,
    Wildcard,
    LocalhostSource,
    DuplicateDirective,
}

impl Key {
    const ALL: [Key; 21] = [
        Key::Ok,
        Key::Missing,
        Key::MetaOnly,
        Key::NotTested,
        Key::DefaultSrcMissing,
        Key::DefaultSrcUnsafe,
        Key::BaseUriMissing,
        Key::BaseUriUnsafe,
        Key::FrameSrcMissing,
        Key::FrameAncestorsMissing,
        Key::FormActionMissing,
        Key::UnsafeInline,
        Key::UnsafeEval,
        Key::UnsafeHashes,
        Key::DataScheme,
        Key::HttpSource,
        Key::SchemelessHost,
        Key::BareHttps,
        Key::Wildcard,
        Key::LocalhostSource,
        Key::DuplicateDirective,
    ];

    const fn key(self) -> &'static str {
        match self {
            Key::Ok => "ok",
            Key::Missing => "missing",
            Key::MetaOnly => "meta_only",
            Key::NotTested => "not_tested",
            Key::DefaultSrcMissing => "default_src_missing",
            Key::DefaultSrcUnsafe => "default_src_unsafe",
            Key::BaseUriMissing => "base_uri_missing",
            Key::BaseUriUnsafe => "base_uri_unsafe",
            Key::FrameSrcMissing => "frame_src_missing",
            Key::FrameAncestorsMissing => "frame_ancestors_missing",
            Key::FormActionMissing => "form_action_missing",
            Key::UnsafeInline => "unsafe_inline",
            Key::UnsafeEval => "unsafe_eval",
            Key::UnsafeHashes => "unsafe_hashes",
            Key::DataScheme => "data_scheme",
            Key::HttpSource => "http_source",
            Key::SchemelessHost => "schemeless_host",
            Key::BareHttps => "bare_https",
            Key::Wildcard => "wildcard",
            Key::LocalhostSource => "localhost_source",
            Key::DuplicateDirective => "duplicate_directive",
        }
    }

    fn outcome(self) -> Outcome {
        Outcome::new(self.key())
    }
}

const OUTCOMES: [&str; Key::ALL.len()] = {
    let mut keys = [""; Key::ALL.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = Key::ALL[i].key();
        i += 1;
    }
    keys
};

/// The directives whose outcomes are named after them.
const DEFAULT_SRC: &str = "default-src";
const BASE_URI: &str = "base-uri";
const FRAME_SRC: &str = "frame-src";
const FRAME_ANCESTORS: &str = "frame-ancestors";
const FORM_ACTION: &str = "form-action";

/// The rule word that names every host-source.
const HOST_SOURCE: &str = "host-source";

/// Longest piece of untrusted text copied into an outcome, so evidence stays readable.
const MAX_EVIDENCE_CHARS: usize = 200;

/// The rule's params (see `rules/forum-standaardisatie.toml` for what each means).
struct Params {
    judged_directives: Vec<String>,
    restricted_alone: Vec<String>,
    restricted_required: Vec<String>,
    restricted_allowed: Vec<String>,
    frame_src_fallbacks: Vec<String>,
    frame_src_accepts: Vec<String>,
    frame_ancestors_accepts: Vec<String>,
    form_action_accepts: Vec<String>,
    unsafe_inline_sources: Vec<String>,
    unsafe_eval_sources: Vec<String>,
    unsafe_hashes_sources: Vec<String>,
    keywords_ignored_in: Vec<String>,
    data_scheme_sources: Vec<String>,
    data_scheme_directives: Vec<String>,
    bare_https_sources: Vec<String>,
    http_source_schemes: Vec<String>,
    wildcard_hosts: Vec<String>,
    localhost_source_hosts: Vec<String>,
}

impl Params {
    fn of(rule: &CheckRule) -> Params {
        let w = |name| words(rule, name);
        Params {
            judged_directives: w("judged_directives"),
            restricted_alone: w("restricted_alone"),
            restricted_required: w("restricted_required"),
            restricted_allowed: w("restricted_allowed"),
            frame_src_fallbacks: w("frame_src_fallbacks"),
            frame_src_accepts: w("frame_src_accepts"),
            frame_ancestors_accepts: w("frame_ancestors_accepts"),
            form_action_accepts: w("form_action_accepts"),
            unsafe_inline_sources: w("unsafe_inline_sources"),
            unsafe_eval_sources: w("unsafe_eval_sources"),
            unsafe_hashes_sources: w("unsafe_hashes_sources"),
            keywords_ignored_in: w("keywords_ignored_in"),
            data_scheme_sources: w("data_scheme_sources"),
            data_scheme_directives: w("data_scheme_directives"),
            bare_https_sources: w("bare_https_sources"),
            http_source_schemes: w("http_source_schemes"),
            wildcard_hosts: w("wildcard_hosts"),
            localhost_source_hosts: w("localhost_source_hosts"),
        }
    }
}

/// Whether one of the rule words names the source (see the module documentation).
fn names(words: &[String], kind: &SourceKind) -> bool {
    words.iter().any(|w| match kind {
        SourceKind::Keyword(k) => w == k,
        SourceKind::Scheme(s) => w.strip_suffix(':') == Some(s.as_str()),
        SourceKind::Host { .. } => w == HOST_SOURCE,
        SourceKind::Unrecognised => false,
    })
}

fn names_any(words: &[String], d: Option<&Directive>) -> bool {
    d.is_some_and(|d| d.sources.iter().any(|s| names(words, &s.kind)))
}

/// A directive that exists and has at least one value (internet.nl's notion of "defined").
fn defined<'a>(policy: &'a ContentSecurityPolicy, name: &str) -> Option<&'a Directive> {
    policy.get(name).filter(|d| !d.sources.is_empty())
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(MAX_EVIDENCE_CHARS).collect();
    if s.chars().nth(MAX_EVIDENCE_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// One reason the policy fails: the outcome, the directive it is about and the offending
/// source as written, when one is to blame.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    key: Key,
    directive: String,
    value: Option<String>,
}

/// The problems in order of finding, each once.
#[derive(Default)]
struct Problems {
    out: Vec<Problem>,
    seen: HashSet<(Key, String, Option<String>)>,
}

impl Problems {
    fn push(&mut self, key: Key, directive: &str, value: Option<String>) {
        if self
            .seen
            .insert((key, directive.to_string(), value.clone()))
        {
            self.out.push(Problem {
                key,
                directive: shorten(directive),
                value,
            });
        }
    }
}

/// The tested host, normalised, and its approximate registrable domain.
struct Site {
    host: String,
    registrable: Option<String>,
}

impl Site {
    fn new(host: &str) -> Site {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let is_ip = host.starts_with('[') || host.parse::<std::net::IpAddr>().is_ok();
        let registrable = if is_ip {
            None
        } else {
            let mut labels = host.rsplit('.');
            match (labels.next(), labels.next()) {
                (Some(tld), Some(sld)) if !tld.is_empty() && !sld.is_empty() => {
                    Some(format!("{sld}.{tld}"))
                }
                _ => Some(host.clone()),
            }
        };
        Site { host, registrable }
    }

    fn same_site(&self, source_host: &str) -> bool {
        let h = source_host.trim_end_matches('.');
        let h = h.strip_prefix("*.").unwrap_or(h);
        if h.is_empty() || h == "*" {
            return false;
        }
        if h == self.host {
            return true;
        }
        match &self.registrable {
            Some(reg) => {
                h == reg
                    || (h.len() > reg.len()
                        && h.ends_with(reg.as_str())
                        && h.as_bytes().get(h.len() - reg.len() - 1) == Some(&b'.'))
            }
            None => false,
        }
    }
}

/// Values of `default-src`/`base-uri` that break the "alone, or required plus allowed and
/// same site" rule; empty when the directive is acceptable.
fn restricted_violations(d: &Directive, site: &Site, p: &Params) -> Vec<String> {
    if d.sources
        .iter()
        .all(|s| names(&p.restricted_alone, &s.kind))
    {
        return Vec::new();
    }
    let mut bad: Vec<String> = d
        .sources
        .iter()
        .filter(|s| match &s.kind {
            SourceKind::Host { host, .. } => {
                !site.same_site(host) && !names(&p.restricted_allowed, &s.kind)
            }
            kind => !names(&p.restricted_allowed, kind),
        })
        .map(|s| shorten(&s.text))
        .collect();
    let has_required = d
        .sources
        .iter()
        .any(|s| names(&p.restricted_required, &s.kind));
    if bad.is_empty() && !has_required {
        // Only allowed sources: internet.nl still wants 'self' (or 'none' alone).
        bad.push(shorten(&d.value()));
    }
    bad
}

/// Judges one policy for the host it was served by, returning one problem per reason
/// (empty means the policy passes).
fn problems(policy: &ContentSecurityPolicy, host: &str, p: &Params) -> Vec<Problem> {
    let site = Site::new(host);
    let mut out = Problems::default();

    let mut default_ok = false;
    for (name, missing, unsafe_key) in [
        (DEFAULT_SRC, Key::DefaultSrcMissing, Key::DefaultSrcUnsafe),
        (BASE_URI, Key::BaseUriMissing, Key::BaseUriUnsafe),
    ] {
        match defined(policy, name) {
            None => out.push(missing, name, None),
            Some(d) => {
                let bad = restricted_violations(d, &site, p);
                if name == DEFAULT_SRC {
                    default_ok = bad.is_empty();
                }
                for v in bad {
                    out.push(unsafe_key, name, Some(v));
                }
            }
        }
    }

    // A sound default-src covers frame-src; otherwise frame-src or its fallbacks must.
    let frame = std::iter::once(FRAME_SRC)
        .chain(p.frame_src_fallbacks.iter().map(String::as_str))
        .find_map(|n| defined(policy, n));
    if !default_ok && !names_any(&p.frame_src_accepts, frame) {
        out.push(Key::FrameSrcMissing, FRAME_SRC, None);
    }
    for (name, accepts, key) in [
        (
            FRAME_ANCESTORS,
            &p.frame_ancestors_accepts,
            Key::FrameAncestorsMissing,
        ),
        (FORM_ACTION, &p.form_action_accepts, Key::FormActionMissing),
    ] {
        if !names_any(accepts, defined(policy, name)) {
            out.push(key, name, None);
        }
    }

    // data: matters where it can run code, and in default-src when one of those directives
    // falls back to it.
    let default_covers_data = p
        .data_scheme_directives
        .iter()
        .any(|n| defined(policy, n).is_none());
    for d in &policy.directives {
        if !p.judged_directives.contains(&d.name) {
            continue;
        }
        let data_relevant = p.data_scheme_directives.contains(&d.name)
            || (d.name == DEFAULT_SRC && default_covers_data);
        let keywords_judged = !p.keywords_ignored_in.contains(&d.name);
        for s in &d.sources {
            if matches!(s.kind, SourceKind::Keyword(_)) && !keywords_judged {
                continue;
            }
            let shown = || Some(shorten(&s.text));
            for (key, words) in [
                (Key::UnsafeInline, &p.unsafe_inline_sources),
                (Key::UnsafeEval, &p.unsafe_eval_sources),
                (Key::UnsafeHashes, &p.unsafe_hashes_sources),
                (Key::BareHttps, &p.bare_https_sources),
            ] {
                if names(words, &s.kind) {
                    out.push(key, &d.name, shown());
                }
            }
            if data_relevant && names(&p.data_scheme_sources, &s.kind) {
                out.push(Key::DataScheme, &d.name, shown());
            }
            match &s.kind {
                SourceKind::Scheme(scheme) if p.http_source_schemes.contains(scheme) => {
                    out.push(Key::HttpSource, &d.name, shown());
                }
                SourceKind::Host { scheme, host } => {
                    if scheme
                        .as_ref()
                        .is_some_and(|s| p.http_source_schemes.contains(s))
                    {
                        out.push(Key::HttpSource, &d.name, shown());
                    }
                    if p.wildcard_hosts.contains(host) {
                        out.push(Key::Wildcard, &d.name, shown());
                    } else if p.localhost_source_hosts.contains(host) {
                        out.push(Key::LocalhostSource, &d.name, shown());
                    } else if scheme.is_none() {
                        out.push(Key::SchemelessHost, &d.name, shown());
                    }
                }
                _ => {}
            }
        }
    }

    for d in &policy.duplicates {
        let value = d.value();
        out.push(
            Key::DuplicateDirective,
            &d.name,
            (!value.is_empty()).then(|| shorten(&value)),
        );
    }
    out.out
}

/// Every CSP header is enforced, so a page is protected when at least one policy is sound;
/// otherwise the policy with the fewest problems is reported. A `<meta>` policy does not
/// count (it cannot set `frame-ancestors` and arrives after the parser started), but it is
/// named so the fix is obvious.
fn content_security_policy(
    facts: &DomainFacts,
    rule: &CheckRule,
    _rules: &RuleSet,
) -> Vec<Verdict> {
    let hop = match https_response(facts) {
        Ok(hop) => hop,
        Err(not_tested) => return vec![not_tested],
    };
    let host = &facts.web.host;
    let values: Vec<&str> = hop.header_values("content-security-policy").collect();
    let params = Params::of(rule);
    let judged = csp::parse_list(&values)
        .into_iter()
        .map(|policy| {
            let problems = problems(&policy, host, &params);
            (policy, problems)
        })
        .min_by_key(|(_, problems)| problems.len());
    let Some((policy, problems)) = judged else {
        let meta = facts
            .web
            .https
            .as_ref()
            .and_then(|f| f.body.as_ref())
            .and_then(|b| meta_csp(&b.text));
        let verdict = match meta {
            Some(m) => Verdict::new(host, Key::MetaOnly.outcome()).evidence("meta", m),
            None => Verdict::new(host, Key::Missing.outcome()),
        };
        return vec![verdict];
    };
    let shown: Vec<String> = policy
        .directives
        .iter()
        .map(|d| format!("{} {}", d.name, d.value()))
        .collect();
    let mut outcomes: Vec<Outcome> = problems
        .iter()
        .map(|p| {
            p.key
                .outcome()
                .with("directive", &p.directive)
                .with("value", p.value.as_deref().unwrap_or(""))
        })
        .collect();
    if outcomes.is_empty() {
        outcomes.push(Key::Ok.outcome());
    }
    let mut verdict = Verdict::new(host, outcomes[0].clone())
        .evidence("headers", &values)
        .evidence("policy", shown.join("; "));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::FactsDocument;
    use crate::wire::text::csp::parse;
    use proptest::prelude::*;

    const GOOD: &str =
        "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    /// The rule as the embedded rule files give it, with some params replaced.
    fn rule_with(changes: &[(&str, &[&str])]) -> CheckRule {
        let rules = crate::judge::embedded_rules().expect("embedded rules load");
        let mut rule = rules.check(CSP.id).expect("the CSP rule").clone();
        for (name, words) in changes {
            let words = words.iter().map(|w| toml::Value::from(*w)).collect();
            rule.params
                .insert((*name).to_string(), toml::Value::Array(words));
        }
        rule
    }

    fn evaluate_with(header: &str, host: &str, changes: &[(&str, &[&str])]) -> Vec<Problem> {
        problems(&parse(header), host, &Params::of(&rule_with(changes)))
    }

    fn evaluate(header: &str, host: &str) -> Vec<Problem> {
        evaluate_with(header, host, &[])
    }

    fn keys(header: &str, host: &str) -> Vec<Key> {
        evaluate(header, host).into_iter().map(|p| p.key).collect()
    }

    fn has(problems: &[Problem], key: Key, directive: &str, value: Option<&str>) -> bool {
        problems
            .iter()
            .any(|p| p.key == key && p.directive == directive && p.value.as_deref() == value)
    }

    fn problem(key: Key, directive: &str, value: Option<&str>) -> Problem {
        Problem {
            key,
            directive: directive.into(),
            value: value.map(str::to_string),
        }
    }

    #[test]
    fn outcomes_are_the_keys_each_once() {
        let distinct: HashSet<&str> = OUTCOMES.iter().copied().collect();
        assert_eq!(distinct.len(), Key::ALL.len());
        for key in Key::ALL {
            assert!(CSP.outcomes.contains(&key.key()));
        }
    }

    #[test]
    fn good_policy_passes() {
        assert!(evaluate(GOOD, "www.example.nl").is_empty());
        let rich = "default-src 'self' https://cdn.example.nl https://*.example.nl example.nl.; \
                    script-src 'self' 'nonce-abc' 'strict-dynamic' https://static.example.nl; \
                    object-src 'none'; base-uri 'none'; frame-ancestors 'self' https://partner.example; \
                    form-action 'self' https://forms.other.example; img-src 'self' data: blob:; \
                    report-uri http://127.0.0.1/report; upgrade-insecure-requests";
        // example.nl. without scheme is a schemeless host, but nothing else fails.
        assert_eq!(
            evaluate(rich, "www.example.nl"),
            vec![problem(
                Key::SchemelessHost,
                "default-src",
                Some("example.nl.")
            )]
        );
    }

    #[test]
    fn missing_everything() {
        assert_eq!(
            keys("", "example.nl"),
            vec![
                Key::DefaultSrcMissing,
                Key::BaseUriMissing,
                Key::FrameSrcMissing,
                Key::FrameAncestorsMissing,
                Key::FormActionMissing
            ]
        );
    }

    #[test]
    fn empty_directives_count_as_missing() {
        let ks = keys(
            "default-src; base-uri; frame-ancestors; form-action",
            "example.nl",
        );
        for key in [
            Key::DefaultSrcMissing,
            Key::BaseUriMissing,
            Key::FrameAncestorsMissing,
            Key::FormActionMissing,
        ] {
            assert!(ks.contains(&key), "{key:?}");
        }
    }

    #[test]
    fn default_src_none_alone_ok_none_mixed_not() {
        assert!(
            keys(
                "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
                "a.nl"
            )
            .is_empty()
        );
        let p = evaluate("default-src 'none' 'self'", "a.nl");
        assert!(has(
            &p,
            Key::DefaultSrcUnsafe,
            "default-src",
            Some("'none'")
        ));
    }

    #[test]
    fn default_src_without_self_is_unsafe() {
        let p = evaluate("default-src https://www.example.nl", "www.example.nl");
        assert!(has(
            &p,
            Key::DefaultSrcUnsafe,
            "default-src",
            Some("https://www.example.nl")
        ));
    }

    #[test]
    fn default_src_other_site_unsafe() {
        let p = evaluate(
            "default-src 'self' https://cdn.other.example https: data: 'unsafe-inline'",
            "www.example.nl",
        );
        for v in [
            "https://cdn.other.example",
            "https:",
            "data:",
            "'unsafe-inline'",
        ] {
            assert!(
                has(&p, Key::DefaultSrcUnsafe, "default-src", Some(v)),
                "{v}"
            );
        }
        assert!(has(&p, Key::BareHttps, "default-src", Some("https:")));
        assert!(has(&p, Key::DataScheme, "default-src", Some("data:")));
        assert!(has(
            &p,
            Key::UnsafeInline,
            "default-src",
            Some("'unsafe-inline'")
        ));
    }

    #[test]
    fn same_site_rules() {
        let s = Site::new("WWW.Example.NL.");
        assert!(s.same_site("www.example.nl"));
        assert!(s.same_site("example.nl"));
        assert!(s.same_site("cdn.example.nl"));
        assert!(s.same_site("*.example.nl"));
        assert!(s.same_site("a.b.example.nl."));
        assert!(!s.same_site("badexample.nl"));
        assert!(!s.same_site("example.nl.evil.com"));
        assert!(!s.same_site("*.nl"));
        assert!(!s.same_site("*"));
        assert!(!s.same_site(""));
        let ip = Site::new("192.0.2.1");
        assert!(ip.same_site("192.0.2.1"));
        assert!(!ip.same_site("0.2.1"));
        let single = Site::new("localhost");
        assert!(single.same_site("localhost"));
        assert!(single.same_site("a.localhost"));
    }

    #[test]
    fn base_uri_rules() {
        let p = evaluate("base-uri 'self' https://evil.example", "example.nl");
        assert!(has(
            &p,
            Key::BaseUriUnsafe,
            "base-uri",
            Some("https://evil.example")
        ));
        let p = evaluate("base-uri 'self' https://www.example.nl", "example.nl");
        assert!(
            !p.iter()
                .any(|x| matches!(x.key, Key::BaseUriMissing | Key::BaseUriUnsafe))
        );
    }

    #[test]
    fn frame_src_fallbacks() {
        let missing = |h: &str| keys(h, "a.nl").contains(&Key::FrameSrcMissing);
        // Valid default-src covers frame-src.
        assert!(!missing("default-src 'self'"));
        // default-src invalid, but frame-src defined with a host.
        assert!(!missing("default-src *; frame-src https://x.example"));
        // child-src fallback.
        assert!(!missing("default-src *; child-src 'none'"));
        // default-src invalid and frame-src only a scheme.
        assert!(missing("default-src https:; frame-src https:"));
        // default-src invalid but contains 'self' -> fallback satisfies.
        assert!(!missing("default-src 'self' https:"));
        // frame-src present but empty falls back to child-src.
        assert!(!missing("default-src https:; frame-src; child-src 'self'"));
    }

    #[test]
    fn frame_ancestors_needs_self_or_none() {
        assert!(
            keys("frame-ancestors https://partner.example", "a.nl")
                .contains(&Key::FrameAncestorsMissing)
        );
        assert!(!keys("frame-ancestors 'SELF'", "a.nl").contains(&Key::FrameAncestorsMissing));
    }

    #[test]
    fn form_action_accepts_hosts() {
        assert!(
            !keys("form-action https://forms.example", "a.nl").contains(&Key::FormActionMissing)
        );
        assert!(keys("form-action https:", "a.nl").contains(&Key::FormActionMissing));
    }

    #[test]
    fn unsafe_keywords_anywhere_case_insensitive() {
        let p = evaluate(
            "script-src 'UNSAFE-INLINE' 'unsafe-eval'; style-src 'unsafe-inline' 'unsafe-hashes'; frame-ancestors 'unsafe-inline'",
            "a.nl",
        );
        assert!(has(
            &p,
            Key::UnsafeInline,
            "script-src",
            Some("'UNSAFE-INLINE'")
        ));
        assert!(has(
            &p,
            Key::UnsafeEval,
            "script-src",
            Some("'unsafe-eval'")
        ));
        assert!(has(
            &p,
            Key::UnsafeInline,
            "style-src",
            Some("'unsafe-inline'")
        ));
        assert!(has(
            &p,
            Key::UnsafeHashes,
            "style-src",
            Some("'unsafe-hashes'")
        ));
        assert!(
            !p.iter()
                .any(|x| x.directive == "frame-ancestors" && x.key == Key::UnsafeInline)
        );
        // wasm-unsafe-eval is not unsafe-eval (internet.nl agrees).
        assert!(!keys("script-src 'wasm-unsafe-eval'", "a.nl").contains(&Key::UnsafeEval));
    }

    #[test]
    fn data_scheme_rules() {
        let p = evaluate("img-src data:; script-src data:; object-src 'none'", "a.nl");
        assert!(has(&p, Key::DataScheme, "script-src", Some("data:")));
        assert!(
            !p.iter()
                .any(|x| x.key == Key::DataScheme && x.directive == "img-src")
        );
        // default-src counts when script-src or object-src is absent.
        assert!(
            keys("default-src 'self' data:; script-src 'self'", "a.nl").contains(&Key::DataScheme)
        );
        // ... but not when both are defined.
        let p = evaluate(
            "default-src 'self' data:; script-src 'self'; object-src 'none'",
            "a.nl",
        );
        assert!(!p.iter().any(|x| x.key == Key::DataScheme));
    }

    #[test]
    fn http_sources() {
        let p = evaluate(
            "img-src http: HTTP://x.example *://y.example ws://z.example",
            "a.nl",
        );
        assert!(has(&p, Key::HttpSource, "img-src", Some("http:")));
        assert!(has(
            &p,
            Key::HttpSource,
            "img-src",
            Some("HTTP://x.example")
        ));
        assert!(has(&p, Key::HttpSource, "img-src", Some("*://y.example")));
        assert!(
            !p.iter()
                .any(|x| x.value.as_deref() == Some("ws://z.example"))
        );
    }

    #[test]
    fn host_rules() {
        let p = evaluate(
            "img-src * https://* *:443 127.0.0.1 https://127.0.0.1:8443 cdn.example *.example.nl https://*.example.nl",
            "a.nl",
        );
        assert!(has(&p, Key::Wildcard, "img-src", Some("*")));
        assert!(has(&p, Key::Wildcard, "img-src", Some("https://*")));
        assert!(has(&p, Key::Wildcard, "img-src", Some("*:443")));
        assert!(has(&p, Key::LocalhostSource, "img-src", Some("127.0.0.1")));
        assert!(has(
            &p,
            Key::LocalhostSource,
            "img-src",
            Some("https://127.0.0.1:8443")
        ));
        assert!(has(&p, Key::SchemelessHost, "img-src", Some("cdn.example")));
        assert!(has(
            &p,
            Key::SchemelessHost,
            "img-src",
            Some("*.example.nl")
        ));
        // Specific outcome only for bare * and 127.0.0.1 without scheme.
        assert!(!has(&p, Key::SchemelessHost, "img-src", Some("*")));
        assert!(!has(&p, Key::SchemelessHost, "img-src", Some("127.0.0.1")));
        // *.-hosts with scheme are not a wildcard problem (as internet.nl).
        assert!(
            !p.iter()
                .any(|x| x.value.as_deref() == Some("https://*.example.nl"))
        );
    }

    #[test]
    fn bare_https() {
        assert!(keys("img-src https:", "a.nl").contains(&Key::BareHttps));
        assert!(!keys("img-src https://a.nl", "a.nl").contains(&Key::BareHttps));
    }

    #[test]
    fn non_source_directives_ignored() {
        let p = evaluate(
            &format!(
                "{GOOD}; report-uri http://127.0.0.1/r; sandbox allow-scripts; foo-src * 'unsafe-inline'"
            ),
            "a.nl",
        );
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn duplicates_reported_and_ignored() {
        let p = evaluate(
            &format!(
                "{GOOD}; default-src *; script-src 'self'; script-src 'unsafe-inline'; img-src"
            ),
            "a.nl",
        );
        assert_eq!(
            p,
            vec![
                problem(Key::DuplicateDirective, "default-src", Some("*")),
                problem(
                    Key::DuplicateDirective,
                    "script-src",
                    Some("'unsafe-inline'")
                ),
            ]
        );
        assert_eq!(
            evaluate(&format!("{GOOD}; base-uri"), "a.nl"),
            vec![problem(Key::DuplicateDirective, "base-uri", None)]
        );
    }

    #[test]
    fn problems_deduplicated() {
        let p = evaluate("img-src * *", "a.nl");
        assert_eq!(p.iter().filter(|x| x.key == Key::Wildcard).count(), 1);
    }

    #[test]
    fn every_problem_is_reachable() {
        let nasty = "default-src http: 'unsafe-inline' 'unsafe-eval' 'unsafe-hashes' data: https: * 127.0.0.1 x.example; \
                     default-src 'self'; frame-src https:";
        let found: HashSet<Key> = [nasty, "", "base-uri https://evil.example"]
            .into_iter()
            .flat_map(|h| evaluate(h, "a.nl"))
            .map(|p| p.key)
            .collect();
        for key in Key::ALL {
            let verdict_level =
                matches!(key, Key::Ok | Key::Missing | Key::MetaOnly | Key::NotTested);
            assert_eq!(found.contains(&key), !verdict_level, "{key:?}");
        }
    }

    #[test]
    fn long_values_are_shortened_in_evidence() {
        let long = format!("img-src {}", "a".repeat(10_000));
        let p = evaluate(&long, "a.nl");
        let v = p
            .iter()
            .find(|x| x.key == Key::SchemelessHost)
            .and_then(|x| x.value.clone())
            .unwrap_or_default();
        assert!(v.chars().count() <= MAX_EVIDENCE_CHARS + 1);
    }

    #[test]
    fn huge_policies_are_linear() {
        let mut s = String::new();
        for i in 0..50_000 {
            s.push_str(&format!("d{i}-src 'self' https://h{i}.example;"));
        }
        s.push_str(&"img-src *;".repeat(50_000));
        let problems = evaluate(&s, "a.nl");
        // Identical duplicates collapse into one problem.
        let count = |key| problems.iter().filter(|x| x.key == key).count();
        assert_eq!(count(Key::DuplicateDirective), 1);
        let many_values = format!("img-src {}", "x.example ".repeat(200_000));
        let problems = evaluate(&many_values, "a.nl");
        assert_eq!(
            problems
                .iter()
                .filter(|x| x.key == Key::SchemelessHost)
                .count(),
            1
        );
    }

    /// Each row changes one param of the embedded rule and shows the verdict follows: the
    /// header gives `key` under one rule and not under the other.
    #[test]
    fn rule_params_decide() {
        let wasm_eval: &[&str] = &["'unsafe-eval'", "'wasm-unsafe-eval'"];
        let rows: &[(&str, &[&str], String, Key, bool)] = &[
            // What counts as unsafe-eval is a TOML change.
            (
                "unsafe_eval_sources",
                wasm_eval,
                format!("{GOOD}; script-src 'self' 'wasm-unsafe-eval'"),
                Key::UnsafeEval,
                true,
            ),
            // 'unsafe-inline' no longer counted.
            (
                "unsafe_inline_sources",
                &[],
                format!("{GOOD}; style-src 'unsafe-inline'"),
                Key::UnsafeInline,
                false,
            ),
            // 'report-sample' no longer allowed next to 'self'.
            (
                "restricted_allowed",
                &["'self'"],
                "default-src 'self' 'report-sample'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'".into(),
                Key::DefaultSrcUnsafe,
                true,
            ),
            // 'none' on its own no longer enough.
            (
                "restricted_alone",
                &[],
                "default-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
                    .into(),
                Key::DefaultSrcUnsafe,
                true,
            ),
            // img-src no longer judged.
            (
                "judged_directives",
                &["default-src", "base-uri", "frame-ancestors", "form-action"],
                format!("{GOOD}; img-src *"),
                Key::Wildcard,
                false,
            ),
            // A partner host is accepted as frame ancestor.
            (
                "frame_ancestors_accepts",
                &["'self'", "'none'", "host-source"],
                "default-src 'self'; base-uri 'self'; frame-ancestors https://partner.example; form-action 'self'".into(),
                Key::FrameAncestorsMissing,
                false,
            ),
            // child-src no longer a fallback of frame-src.
            (
                "frame_src_fallbacks",
                &["default-src"],
                "default-src https:; child-src 'self'".into(),
                Key::FrameSrcMissing,
                true,
            ),
            // data: judged in img-src too.
            (
                "data_scheme_directives",
                &["script-src", "object-src", "img-src"],
                format!("{GOOD}; script-src 'self'; object-src 'none'; img-src data:"),
                Key::DataScheme,
                true,
            ),
            // *:// no longer counted as plain HTTP.
            (
                "http_source_schemes",
                &["http"],
                format!("{GOOD}; img-src *://cdn.example"),
                Key::HttpSource,
                false,
            ),
            // localhost is as local as 127.0.0.1.
            (
                "localhost_source_hosts",
                &["127.0.0.1", "localhost"],
                format!("{GOOD}; img-src https://localhost"),
                Key::LocalhostSource,
                true,
            ),
            // https: allowed as a whole.
            (
                "bare_https_sources",
                &[],
                format!("{GOOD}; img-src https:"),
                Key::BareHttps,
                false,
            ),
            // unsafe keywords in frame-ancestors count too.
            (
                "keywords_ignored_in",
                &[],
                "default-src 'self'; base-uri 'self'; frame-ancestors 'none' 'unsafe-inline'; form-action 'self'".into(),
                Key::UnsafeInline,
                true,
            ),
        ];
        for (param, words, header, key, with_change) in rows {
            let gives = |changes: &[(&str, &[&str])]| {
                evaluate_with(header, "www.example.nl", changes)
                    .iter()
                    .any(|p| p.key == *key)
            };
            assert_eq!(gives(&[]), !with_change, "{param}: {header}");
            assert_eq!(gives(&[(param, words)]), *with_change, "{param}: {header}");
        }
    }

    fn golden_facts(text: &str) -> DomainFacts {
        let doc: FactsDocument = serde_json::from_str(text).expect("golden facts parse");
        doc.domains.into_iter().next().expect("one domain")
    }

    fn outcome_keys(facts: &DomainFacts, rule: &CheckRule) -> Vec<&'static str> {
        let rules = crate::judge::embedded_rules().expect("embedded rules load");
        CSP.evaluate
            .run(facts, rule, &rules)
            .into_iter()
            .flat_map(|v| v.outcomes)
            .map(|o| o.key)
            .collect()
    }

    /// The whole check on recorded facts: goed.proefnet.nl sends
    /// `frame-ancestors 'self'`, which passes until the rule accepts only 'none';
    /// badheaders.proefnet.nl's `script-src … 'unsafe-eval'` stops failing when the rule
    /// no longer counts it.
    #[test]
    fn recorded_hosts_follow_the_rule() {
        let goed = golden_facts(include_str!(
            "../../../../fixtures/golden/web/goed.proefnet.nl.facts.json"
        ));
        assert_eq!(outcome_keys(&goed, &rule_with(&[])), vec!["ok"]);
        assert_eq!(
            outcome_keys(
                &goed,
                &rule_with(&[("frame_ancestors_accepts", &["'none'"])])
            ),
            vec!["frame_ancestors_missing"]
        );
        let bad = golden_facts(include_str!(
            "../../../../fixtures/golden/web/badheaders.proefnet.nl.facts.json"
        ));
        assert!(outcome_keys(&bad, &rule_with(&[])).contains(&"unsafe_eval"));
        assert!(
            !outcome_keys(&bad, &rule_with(&[("unsafe_eval_sources", &[])]))
                .contains(&"unsafe_eval")
        );
    }

    #[test]
    fn meta_policy_is_found() {
        let html = r#"<html><head><META HTTP-EQUIV="Content-Security-Policy" content="default-src 'self'"></head></html>"#;
        assert_eq!(meta_csp(html).as_deref(), Some("default-src 'self'"));
        assert_eq!(meta_csp("<html><meta charset=utf-8></html>"), None);
        assert_eq!(meta_csp("\u{0}<<<>>>"), None);
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*", host in ".*") {
            let _ = evaluate(&s, &host);
        }

        #[test]
        fn same_site_hosts_pass(sub in "[a-z]{1,8}", sld in "[a-z]{1,8}", tld in "[a-z]{2,4}", star in any::<bool>()) {
            let host = format!("www.{sld}.{tld}");
            let src = if star { format!("https://*.{sld}.{tld}") } else { format!("https://{sub}.{sld}.{tld}") };
            let header = format!("default-src 'self' {src}; base-uri 'self' {src}; frame-ancestors 'self'; form-action 'self'");
            prop_assert_eq!(evaluate(&header, &host), Vec::new());
        }

        #[test]
        fn mutated_good_policy_never_panics(pos in any::<prop::sample::Index>(), ins in any::<char>(), del in any::<bool>()) {
            let mut chars: Vec<char> = GOOD.chars().collect();
            let i = pos.index(chars.len());
            if del { chars.remove(i); } else { chars.insert(i, ins); }
            let s: String = chars.into_iter().collect();
            let _ = evaluate(&s, "www.example.nl");
        }
    }
}
