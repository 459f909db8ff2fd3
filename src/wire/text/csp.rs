//! Content-Security-Policy parsing (W3C CSP3 §2.2) and internet.nl's judgement
//! of it (`HeaderCheckerContentSecurityPolicy` in `checks/tasks/http_headers.py`).
//!
//! [`parse`] does what a browser does with one serialized policy, so the check
//! judges the policy that is actually enforced; [`evaluate`] then applies
//! internet.nl's rules and explains every failure with a stable code.
//!
//! Decisions, where internet.nl, the brief and CSP3 differ:
//! - Duplicate directives: CSP3 keeps the first and ignores later ones;
//!   internet.nl merges all values. We follow CSP3 for the policy and report
//!   each ignored duplicate as `duplicate_directive` (internet.nl has no such
//!   failure; it is ours).
//! - Directive names are ASCII-lowercased (CSP3); internet.nl matches them
//!   case-sensitively and so ignores `Default-Src`.
//! - Keywords and schemes are compared case-insensitively (CSP grammar);
//!   internet.nl's regular expressions are case-sensitive.
//! - Only source-list directives are judged, as internet.nl does; unknown
//!   directives and `report-uri`, `report-to`, `sandbox` and the like are
//!   ignored. In `frame-ancestors` only scheme and host problems count, as
//!   keywords other than `'self'`/`'none'` mean nothing there.
//! - A directive without values counts as absent for the "must be defined"
//!   rules and for fallbacks, as in internet.nl (CSP3 would treat it as `'none'`).
//! - `wildcard` is only the bare host `*` (also `https://*`, `*:443`), exactly
//!   like internet.nl; `*.example.nl` is *not* a wildcard problem. A
//!   `*.`-host still fails `default-src`/`base-uri` unless it is of the same
//!   site, and without a scheme it is a `schemeless_host`.
//! - `localhost_source` is only `127.0.0.1`, like internet.nl.
//! - A bare `*` or `127.0.0.1` without scheme gets only its specific code
//!   (`wildcard`/`localhost_source`), not also `schemeless_host`; internet.nl
//!   lists both failures.
//! - `http_source` covers the `http:` scheme-source and host-sources with
//!   scheme `http` or `*` (internet.nl treats `*://` as insecure too).
//! - Same site: internet.nl accepts hosts that end with the tested host name.
//!   Here (per pastoe's brief) a host is of the same site when it equals the
//!   tested host, equals its last two labels (the approximate registrable
//!   domain), or ends with `.` plus those two labels; `*.` is stripped first.
//!   For an IP-literal host only equality counts.
//! - `default-src`/`base-uri`: as in internet.nl, the list must be `'none'`
//!   alone, or contain `'self'` and otherwise only `'report-sample'` and
//!   same-site hosts. Unlike internet.nl, sources its expressions do not
//!   recognise (e.g. `ws:`, `'strict-dynamic'`) are not silently dropped but
//!   also make the directive unsafe, because the brief says "only".
#![forbid(unsafe_code)]

use std::collections::HashSet;

/// One policy as a browser enforces it; kept as data so the evidence can show
/// exactly which directives and sources were seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ContentSecurityPolicy {
    /// The effective directives in header order; the first occurrence of a name wins (CSP3 §2.2.1).
    pub directives: Vec<Directive>,
    /// Later occurrences of an already-seen name, which browsers ignore; kept to report them.
    pub duplicates: Vec<Directive>,
}

/// One directive, kept with its raw values so problems can quote them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Directive {
    /// ASCII-lowercased name, because browsers match names case-insensitively.
    pub name: String,
    /// The whitespace-separated values exactly as written.
    pub values: Vec<String>,
}

/// One reason the policy fails internet.nl's CSP test; `code` is a stable key
/// into the rule files, `directive` and `value` fill their placeholders.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CspProblem {
    /// Stable snake_case code, one of [`PROBLEM_CODES`].
    pub code: &'static str,
    /// The directive the problem is about (lowercase).
    pub directive: String,
    /// The offending source expression as written, when one is to blame.
    pub value: Option<String>,
}

/// Every code [`evaluate`] can return, so rule files and tests can be checked
/// for completeness.
pub const PROBLEM_CODES: &[&str] = &[
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
];

/// Longest piece of untrusted text copied into a problem, so evidence stays readable.
const MAX_EVIDENCE_CHARS: usize = 200;

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(MAX_EVIDENCE_CHARS).collect();
    if s.chars().nth(MAX_EVIDENCE_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// CSP's "ASCII whitespace": TAB, LF, FF, CR, SPACE.
fn is_ascii_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')
}

/// Parses one serialized policy (CSP3 §2.2.1) so the evaluation sees what a
/// browser enforces; a header value holding a comma-separated list needs
/// [`parse_list`] instead.
pub fn parse(header_value: &str) -> ContentSecurityPolicy {
    let mut policy = ContentSecurityPolicy::default();
    let mut seen: HashSet<String> = HashSet::new();
    for token in header_value.split(';') {
        let token = token.trim_matches(is_ascii_ws);
        // CSP3: empty tokens and tokens with non-ASCII code points are skipped.
        if token.is_empty() || !token.is_ascii() {
            continue;
        }
        let mut parts = token.split(is_ascii_ws).filter(|p| !p.is_empty());
        let Some(name) = parts.next() else { continue };
        let directive = Directive {
            name: name.to_ascii_lowercase(),
            values: parts.map(str::to_string).collect(),
        };
        if seen.insert(directive.name.clone()) {
            policy.directives.push(directive);
        } else {
            policy.duplicates.push(directive);
        }
    }
    policy
}

/// Parses every policy in the given Content-Security-Policy field values (each
/// split on commas, CSP3 §2.2.2) because a browser enforces all of them; empty
/// policies are dropped as CSP3 does.
pub fn parse_list(header_values: &[&str]) -> Vec<ContentSecurityPolicy> {
    header_values
        .iter()
        .flat_map(|v| v.split(','))
        .map(parse)
        .filter(|p| !p.directives.is_empty())
        .collect()
}

impl ContentSecurityPolicy {
    /// Finds the effective directive by name (case-insensitive), which is how
    /// fallbacks such as `frame-src` → `child-src` → `default-src` are resolved.
    pub fn get(&self, name: &str) -> Option<&Directive> {
        self.directives
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// A directive that exists and has at least one value (internet.nl's notion of "defined").
    fn defined(&self, name: &str) -> Option<&Directive> {
        self.get(name).filter(|d| !d.values.is_empty())
    }
}

/// Directives whose value is a source list; only these are judged.
const SOURCE_LIST_DIRECTIVES: &[&str] = &[
    "base-uri",
    "child-src",
    "connect-src",
    "default-src",
    "fenced-frame-src",
    "font-src",
    "form-action",
    "frame-ancestors",
    "frame-src",
    "img-src",
    "manifest-src",
    "media-src",
    "navigate-to",
    "object-src",
    "prefetch-src",
    "script-src",
    "script-src-attr",
    "script-src-elem",
    "style-src",
    "style-src-attr",
    "style-src-elem",
    "worker-src",
];

/// What a single source expression is, as far as the rules care.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    /// A quoted keyword, nonce or hash, lowercased, quotes included.
    Keyword(String),
    /// A scheme-source such as `https:`, lowercased without the colon.
    Scheme(String),
    /// A host-source; scheme and host lowercased.
    Host {
        scheme: Option<String>,
        host: String,
    },
    /// Anything else; browsers ignore it and so do the rules.
    Other,
}

fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Classifies like internet.nl's host-source expression
/// `^(scheme://)?(host)(:port)?(/path)?$` with host `[^:/']+` or `[…]`.
fn classify(value: &str) -> Source {
    let v = value.to_ascii_lowercase();
    if v.starts_with('\'') {
        return Source::Keyword(v);
    }
    if let Some(scheme) = v.strip_suffix(':')
        && is_scheme(scheme)
    {
        return Source::Scheme(scheme.to_string());
    }
    let (scheme, rest) = match v.find("://") {
        Some(0) => return Source::Other,
        Some(i) => (
            Some(v.get(..i).unwrap_or("").to_string()),
            v.get(i + 3..).unwrap_or(""),
        ),
        None => (None, v.as_str()),
    };
    let (host, after) = if rest.starts_with('[') {
        match rest.find(']') {
            Some(end) if end > 1 => (
                rest.get(..=end).unwrap_or(""),
                rest.get(end + 1..).unwrap_or(""),
            ),
            _ => return Source::Other,
        }
    } else {
        let end = rest.find([':', '/']).unwrap_or(rest.len());
        (rest.get(..end).unwrap_or(""), rest.get(end..).unwrap_or(""))
    };
    if host.is_empty() || host.contains('\'') {
        return Source::Other;
    }
    let after = match after.strip_prefix(':') {
        Some(port_and_path) => {
            let end = port_and_path.find('/').unwrap_or(port_and_path.len());
            let port = port_and_path.get(..end).unwrap_or("");
            let port_ok =
                port == "*" || (!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
            if !port_ok {
                return Source::Other;
            }
            port_and_path.get(end..).unwrap_or("")
        }
        None => after,
    };
    if !(after.is_empty() || after.starts_with('/')) {
        return Source::Other;
    }
    Source::Host {
        scheme,
        host: host.to_string(),
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

/// Values of `default-src`/`base-uri` that break internet.nl's "none, self or
/// same site" rule; empty when the directive is acceptable.
fn restrictive_violations(d: &Directive, site: &Site) -> Vec<String> {
    let classes: Vec<Source> = d.values.iter().map(|v| classify(v)).collect();
    if classes
        .iter()
        .all(|c| matches!(c, Source::Keyword(k) if k == "'none'"))
    {
        return Vec::new();
    }
    let has_self = classes
        .iter()
        .any(|c| matches!(c, Source::Keyword(k) if k == "'self'"));
    let mut bad: Vec<String> = d
        .values
        .iter()
        .zip(&classes)
        .filter(|(_, c)| match c {
            Source::Keyword(k) => k != "'self'" && k != "'report-sample'",
            Source::Host { host, .. } => !site.same_site(host),
            Source::Scheme(_) | Source::Other => true,
        })
        .map(|(v, _)| shorten(v))
        .collect();
    if bad.is_empty() && !has_self {
        // Only same-site hosts: internet.nl still wants 'self' (or 'none' alone).
        bad.push(shorten(&d.values.join(" ")));
    }
    bad
}

fn contains_any(d: Option<&Directive>, keywords: &[&str], hosts_count: bool) -> bool {
    d.is_some_and(|d| {
        d.values.iter().any(|v| match classify(v) {
            Source::Keyword(k) => keywords.contains(&k.as_str()),
            Source::Host { .. } => hosts_count,
            _ => false,
        })
    })
}

struct Collector {
    out: Vec<CspProblem>,
    seen: HashSet<(&'static str, String, Option<String>)>,
}

impl Collector {
    fn push(&mut self, code: &'static str, directive: &str, value: Option<String>) {
        let key = (code, directive.to_string(), value.clone());
        if self.seen.insert(key) {
            self.out.push(CspProblem {
                code,
                directive: shorten(directive),
                value,
            });
        }
    }
}

/// Judges one policy for the host it was served by, the way internet.nl does,
/// returning one problem per reason (empty means the policy passes).
pub fn evaluate(policy: &ContentSecurityPolicy, host: &str) -> Vec<CspProblem> {
    let site = Site::new(host);
    let mut c = Collector {
        out: Vec::new(),
        seen: HashSet::new(),
    };

    // default-src and base-uri: defined, and only 'none' / 'self' / same site.
    let mut default_ok = false;
    for (name, missing, unsafe_code) in [
        ("default-src", "default_src_missing", "default_src_unsafe"),
        ("base-uri", "base_uri_missing", "base_uri_unsafe"),
    ] {
        match policy.defined(name) {
            None => c.push(missing, name, None),
            Some(d) => {
                let bad = restrictive_violations(d, &site);
                if name == "default-src" {
                    default_ok = bad.is_empty();
                }
                for v in bad {
                    c.push(unsafe_code, name, Some(v));
                }
            }
        }
    }

    // frame-src, falling back to child-src and then default-src.
    let frame = ["frame-src", "child-src", "default-src"]
        .into_iter()
        .find_map(|n| policy.defined(n));
    if !default_ok && !contains_any(frame, &["'self'", "'none'"], true) {
        c.push("frame_src_missing", "frame-src", None);
    }
    if !contains_any(
        policy.defined("frame-ancestors"),
        &["'self'", "'none'"],
        false,
    ) {
        c.push("frame_ancestors_missing", "frame-ancestors", None);
    }
    if !contains_any(policy.defined("form-action"), &["'self'", "'none'"], true) {
        c.push("form_action_missing", "form-action", None);
    }

    // data: matters where it can run code: script-src and object-src, or
    // default-src when one of them falls back to it.
    let default_covers_code =
        policy.defined("script-src").is_none() || policy.defined("object-src").is_none();

    for d in &policy.directives {
        if !SOURCE_LIST_DIRECTIVES.contains(&d.name.as_str()) {
            continue;
        }
        let data_relevant = d.name == "script-src"
            || d.name == "object-src"
            || (d.name == "default-src" && default_covers_code);
        for v in &d.values {
            let shown = || Some(shorten(v));
            match classify(v) {
                Source::Keyword(k) => {
                    if d.name == "frame-ancestors" {
                        continue;
                    }
                    match k.as_str() {
                        "'unsafe-inline'" => c.push("unsafe_inline", &d.name, shown()),
                        "'unsafe-eval'" => c.push("unsafe_eval", &d.name, shown()),
                        "'unsafe-hashes'" => c.push("unsafe_hashes", &d.name, shown()),
                        _ => {}
                    }
                }
                Source::Scheme(s) => match s.as_str() {
                    "http" => c.push("http_source", &d.name, shown()),
                    "https" => c.push("bare_https", &d.name, shown()),
                    "data" if data_relevant => c.push("data_scheme", &d.name, shown()),
                    _ => {}
                },
                Source::Host { scheme, host } => {
                    if matches!(scheme.as_deref(), Some("http") | Some("*")) {
                        c.push("http_source", &d.name, shown());
                    }
                    let specific = match host.as_str() {
                        "*" => Some("wildcard"),
                        "127.0.0.1" => Some("localhost_source"),
                        _ => None,
                    };
                    match specific {
                        Some(code) => c.push(code, &d.name, shown()),
                        None if scheme.is_none() => c.push("schemeless_host", &d.name, shown()),
                        None => {}
                    }
                }
                Source::Other => {}
            }
        }
    }

    for d in &policy.duplicates {
        let joined = d.values.join(" ");
        c.push(
            "duplicate_directive",
            &d.name,
            if joined.is_empty() {
                None
            } else {
                Some(shorten(&joined))
            },
        );
    }
    c.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GOOD: &str =
        "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    fn codes(header: &str, host: &str) -> Vec<&'static str> {
        evaluate(&parse(header), host)
            .into_iter()
            .map(|p| p.code)
            .collect()
    }

    fn has(problems: &[CspProblem], code: &str, directive: &str, value: Option<&str>) -> bool {
        problems
            .iter()
            .any(|p| p.code == code && p.directive == directive && p.value.as_deref() == value)
    }

    #[test]
    fn parse_basic() {
        let p = parse("  default-src 'self'  https://a.example ;script-src\t'none';;  ");
        assert_eq!(
            p.directives,
            vec![
                Directive {
                    name: "default-src".into(),
                    values: vec!["'self'".into(), "https://a.example".into()]
                },
                Directive {
                    name: "script-src".into(),
                    values: vec!["'none'".into()]
                },
            ]
        );
        assert!(p.duplicates.is_empty());
    }

    #[test]
    fn parse_lowercases_names_keeps_values() {
        let p = parse("Default-SRC 'SELF' HTTPS://A.Example");
        assert_eq!(p.directives[0].name, "default-src");
        assert_eq!(p.directives[0].values, vec!["'SELF'", "HTTPS://A.Example"]);
        assert!(p.get("DEFAULT-src").is_some());
        assert!(p.get("script-src").is_none());
    }

    #[test]
    fn parse_first_occurrence_wins() {
        let p = parse("script-src 'self'; SCRIPT-SRC 'unsafe-inline'; img-src *");
        assert_eq!(
            p.get("script-src").map(|d| d.values.clone()),
            Some(vec!["'self'".to_string()])
        );
        assert_eq!(p.duplicates.len(), 1);
        assert_eq!(p.duplicates[0].values, vec!["'unsafe-inline'"]);
    }

    #[test]
    fn parse_skips_non_ascii_tokens_and_empty() {
        let p = parse("img-src caf\u{e9}.example; ; default-src 'self'");
        assert_eq!(p.directives.len(), 1);
        assert_eq!(p.directives[0].name, "default-src");
        assert_eq!(parse("").directives.len(), 0);
        assert_eq!(parse(" ;\t; ").directives.len(), 0);
    }

    #[test]
    fn parse_valueless_directive() {
        let p = parse("upgrade-insecure-requests; default-src");
        assert_eq!(p.directives[0].values.len(), 0);
        assert_eq!(p.directives[1].values.len(), 0);
    }

    #[test]
    fn parse_list_splits_commas() {
        let ps = parse_list(&[
            "default-src 'self', script-src 'none'",
            " , ",
            "img-src 'self'",
        ]);
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[1].directives[0].name, "script-src");
    }

    #[test]
    fn classify_cases() {
        assert_eq!(classify("'SELF'"), Source::Keyword("'self'".into()));
        assert_eq!(classify("HTTPS:"), Source::Scheme("https".into()));
        assert_eq!(classify("data:"), Source::Scheme("data".into()));
        assert_eq!(
            classify("https://A.example:443/x"),
            Source::Host {
                scheme: Some("https".into()),
                host: "a.example".into()
            }
        );
        assert_eq!(
            classify("*.example.nl"),
            Source::Host {
                scheme: None,
                host: "*.example.nl".into()
            }
        );
        assert_eq!(
            classify("*"),
            Source::Host {
                scheme: None,
                host: "*".into()
            }
        );
        assert_eq!(
            classify("example.nl:*"),
            Source::Host {
                scheme: None,
                host: "example.nl".into()
            }
        );
        assert_eq!(
            classify("wss://[::1]:8080"),
            Source::Host {
                scheme: Some("wss".into()),
                host: "[::1]".into()
            }
        );
        assert_eq!(classify("example.nl:abc"), Source::Other);
        assert_eq!(classify("://x"), Source::Other);
        assert_eq!(classify("https://"), Source::Other);
        assert_eq!(classify("[]"), Source::Other);
        assert_eq!(classify("[::1"), Source::Other);
        assert_eq!(classify(":"), Source::Other);
        assert_eq!(classify("1http:"), Source::Other);
    }

    #[test]
    fn good_policy_passes() {
        assert!(evaluate(&parse(GOOD), "www.example.nl").is_empty());
        let rich = "default-src 'self' https://cdn.example.nl https://*.example.nl example.nl.; \
                    script-src 'self' 'nonce-abc' 'strict-dynamic' https://static.example.nl; \
                    object-src 'none'; base-uri 'none'; frame-ancestors 'self' https://partner.example; \
                    form-action 'self' https://forms.other.example; img-src 'self' data: blob:; \
                    report-uri http://127.0.0.1/report; upgrade-insecure-requests";
        let problems = evaluate(&parse(rich), "www.example.nl");
        // example.nl. without scheme is a schemeless host, but nothing else fails.
        assert_eq!(
            problems,
            vec![CspProblem {
                code: "schemeless_host",
                directive: "default-src".into(),
                value: Some("example.nl.".into())
            }]
        );
    }

    #[test]
    fn missing_everything() {
        assert_eq!(
            codes("", "example.nl"),
            vec![
                "default_src_missing",
                "base_uri_missing",
                "frame_src_missing",
                "frame_ancestors_missing",
                "form_action_missing"
            ]
        );
    }

    #[test]
    fn empty_directives_count_as_missing() {
        let cs = codes(
            "default-src; base-uri; frame-ancestors; form-action",
            "example.nl",
        );
        assert!(cs.contains(&"default_src_missing"));
        assert!(cs.contains(&"base_uri_missing"));
        assert!(cs.contains(&"frame_ancestors_missing"));
        assert!(cs.contains(&"form_action_missing"));
    }

    #[test]
    fn default_src_none_alone_ok_none_mixed_not() {
        assert!(
            codes(
                "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
                "a.nl"
            )
            .is_empty()
        );
        let p = evaluate(&parse("default-src 'none' 'self'"), "a.nl");
        assert!(has(&p, "default_src_unsafe", "default-src", Some("'none'")));
    }

    #[test]
    fn default_src_without_self_is_unsafe() {
        let p = evaluate(
            &parse("default-src https://www.example.nl"),
            "www.example.nl",
        );
        assert!(has(
            &p,
            "default_src_unsafe",
            "default-src",
            Some("https://www.example.nl")
        ));
    }

    #[test]
    fn default_src_other_site_unsafe() {
        let p = evaluate(
            &parse("default-src 'self' https://cdn.other.example https: data: 'unsafe-inline'"),
            "www.example.nl",
        );
        assert!(has(
            &p,
            "default_src_unsafe",
            "default-src",
            Some("https://cdn.other.example")
        ));
        assert!(has(&p, "default_src_unsafe", "default-src", Some("https:")));
        assert!(has(&p, "default_src_unsafe", "default-src", Some("data:")));
        assert!(has(
            &p,
            "default_src_unsafe",
            "default-src",
            Some("'unsafe-inline'")
        ));
        assert!(has(&p, "bare_https", "default-src", Some("https:")));
        assert!(has(&p, "data_scheme", "default-src", Some("data:")));
        assert!(has(
            &p,
            "unsafe_inline",
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
        let p = evaluate(&parse("base-uri 'self' https://evil.example"), "example.nl");
        assert!(has(
            &p,
            "base_uri_unsafe",
            "base-uri",
            Some("https://evil.example")
        ));
        let p = evaluate(
            &parse("base-uri 'self' https://www.example.nl"),
            "example.nl",
        );
        assert!(!p.iter().any(|x| x.code.starts_with("base_uri")));
    }

    #[test]
    fn frame_src_fallbacks() {
        // Valid default-src covers frame-src.
        assert!(!codes("default-src 'self'", "a.nl").contains(&"frame_src_missing"));
        // default-src invalid, but frame-src defined with a host.
        assert!(
            !codes("default-src *; frame-src https://x.example", "a.nl")
                .contains(&"frame_src_missing")
        );
        // child-src fallback.
        assert!(!codes("default-src *; child-src 'none'", "a.nl").contains(&"frame_src_missing"));
        // default-src invalid and frame-src only a scheme.
        assert!(
            codes("default-src https:; frame-src https:", "a.nl").contains(&"frame_src_missing")
        );
        // default-src invalid but contains 'self' -> fallback satisfies.
        assert!(!codes("default-src 'self' https:", "a.nl").contains(&"frame_src_missing"));
        // frame-src present but empty falls back to child-src.
        assert!(
            !codes("default-src https:; frame-src; child-src 'self'", "a.nl")
                .contains(&"frame_src_missing")
        );
    }

    #[test]
    fn frame_ancestors_needs_self_or_none() {
        assert!(
            codes("frame-ancestors https://partner.example", "a.nl")
                .contains(&"frame_ancestors_missing")
        );
        assert!(!codes("frame-ancestors 'SELF'", "a.nl").contains(&"frame_ancestors_missing"));
    }

    #[test]
    fn form_action_accepts_hosts() {
        assert!(
            !codes("form-action https://forms.example", "a.nl").contains(&"form_action_missing")
        );
        assert!(codes("form-action https:", "a.nl").contains(&"form_action_missing"));
    }

    #[test]
    fn unsafe_keywords_anywhere_case_insensitive() {
        let p = evaluate(
            &parse(
                "script-src 'UNSAFE-INLINE' 'unsafe-eval'; style-src 'unsafe-inline' 'unsafe-hashes'; frame-ancestors 'unsafe-inline'",
            ),
            "a.nl",
        );
        assert!(has(
            &p,
            "unsafe_inline",
            "script-src",
            Some("'UNSAFE-INLINE'")
        ));
        assert!(has(&p, "unsafe_eval", "script-src", Some("'unsafe-eval'")));
        assert!(has(
            &p,
            "unsafe_inline",
            "style-src",
            Some("'unsafe-inline'")
        ));
        assert!(has(
            &p,
            "unsafe_hashes",
            "style-src",
            Some("'unsafe-hashes'")
        ));
        assert!(
            !p.iter()
                .any(|x| x.directive == "frame-ancestors" && x.code == "unsafe_inline")
        );
        // wasm-unsafe-eval is not unsafe-eval (internet.nl agrees).
        assert!(!codes("script-src 'wasm-unsafe-eval'", "a.nl").contains(&"unsafe_eval"));
    }

    #[test]
    fn data_scheme_rules() {
        let p = evaluate(
            &parse("img-src data:; script-src data:; object-src 'none'"),
            "a.nl",
        );
        assert!(has(&p, "data_scheme", "script-src", Some("data:")));
        assert!(
            !p.iter()
                .any(|x| x.code == "data_scheme" && x.directive == "img-src")
        );
        // default-src counts when script-src or object-src is absent.
        assert!(
            codes("default-src 'self' data:; script-src 'self'", "a.nl").contains(&"data_scheme")
        );
        // ... but not when both are defined.
        let p = evaluate(
            &parse("default-src 'self' data:; script-src 'self'; object-src 'none'"),
            "a.nl",
        );
        assert!(!p.iter().any(|x| x.code == "data_scheme"));
    }

    #[test]
    fn http_sources() {
        let p = evaluate(
            &parse("img-src http: HTTP://x.example *://y.example ws://z.example"),
            "a.nl",
        );
        assert!(has(&p, "http_source", "img-src", Some("http:")));
        assert!(has(&p, "http_source", "img-src", Some("HTTP://x.example")));
        assert!(has(&p, "http_source", "img-src", Some("*://y.example")));
        assert!(
            !p.iter()
                .any(|x| x.value.as_deref() == Some("ws://z.example"))
        );
    }

    #[test]
    fn host_rules() {
        let p = evaluate(
            &parse(
                "img-src * https://* *:443 127.0.0.1 https://127.0.0.1:8443 cdn.example *.example.nl https://*.example.nl",
            ),
            "a.nl",
        );
        assert!(has(&p, "wildcard", "img-src", Some("*")));
        assert!(has(&p, "wildcard", "img-src", Some("https://*")));
        assert!(has(&p, "wildcard", "img-src", Some("*:443")));
        assert!(has(&p, "localhost_source", "img-src", Some("127.0.0.1")));
        assert!(has(
            &p,
            "localhost_source",
            "img-src",
            Some("https://127.0.0.1:8443")
        ));
        assert!(has(&p, "schemeless_host", "img-src", Some("cdn.example")));
        assert!(has(&p, "schemeless_host", "img-src", Some("*.example.nl")));
        // Specific code only for bare * and 127.0.0.1 without scheme.
        assert!(!has(&p, "schemeless_host", "img-src", Some("*")));
        assert!(!has(&p, "schemeless_host", "img-src", Some("127.0.0.1")));
        // *.-hosts with scheme are not a wildcard problem (as internet.nl).
        assert!(
            !p.iter()
                .any(|x| x.value.as_deref() == Some("https://*.example.nl"))
        );
    }

    #[test]
    fn bare_https() {
        assert!(codes("img-src https:", "a.nl").contains(&"bare_https"));
        assert!(!codes("img-src https://a.nl", "a.nl").contains(&"bare_https"));
    }

    #[test]
    fn non_source_directives_ignored() {
        let p = evaluate(
            &parse(&format!(
                "{GOOD}; report-uri http://127.0.0.1/r; sandbox allow-scripts; foo-src * 'unsafe-inline'"
            )),
            "a.nl",
        );
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn duplicates_reported_and_ignored() {
        let p = evaluate(
            &parse(&format!(
                "{GOOD}; default-src *; script-src 'self'; script-src 'unsafe-inline'; img-src"
            )),
            "a.nl",
        );
        assert_eq!(
            p,
            vec![
                CspProblem {
                    code: "duplicate_directive",
                    directive: "default-src".into(),
                    value: Some("*".into())
                },
                CspProblem {
                    code: "duplicate_directive",
                    directive: "script-src".into(),
                    value: Some("'unsafe-inline'".into())
                }
            ]
        );
        let p = evaluate(&parse(&format!("{GOOD}; base-uri")), "a.nl");
        assert_eq!(
            p,
            vec![CspProblem {
                code: "duplicate_directive",
                directive: "base-uri".into(),
                value: None
            }]
        );
    }

    #[test]
    fn problems_deduplicated() {
        let p = evaluate(&parse("img-src * *"), "a.nl");
        assert_eq!(p.iter().filter(|x| x.code == "wildcard").count(), 1);
    }

    #[test]
    fn all_codes_are_listed() {
        let nasty = "default-src http: 'unsafe-inline' 'unsafe-eval' 'unsafe-hashes' data: https: * 127.0.0.1 x.example; \
                     default-src 'self'; frame-src https:";
        let mut found: HashSet<&str> = HashSet::new();
        for h in [nasty, "", "base-uri https://evil.example"] {
            for p in evaluate(&parse(h), "a.nl") {
                assert!(PROBLEM_CODES.contains(&p.code), "{}", p.code);
                found.insert(p.code);
            }
        }
        for code in PROBLEM_CODES {
            assert!(found.contains(code), "never produced: {code}");
        }
    }

    #[test]
    fn long_values_are_shortened_in_evidence() {
        let long = format!("img-src {}", "a".repeat(10_000));
        let p = evaluate(&parse(&long), "a.nl");
        let v = p
            .iter()
            .find(|x| x.code == "schemeless_host")
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
        let p = parse(&s);
        assert_eq!(p.directives.len(), 50_001);
        assert_eq!(p.duplicates.len(), 49_999);
        let problems = evaluate(&p, "a.nl");
        // Identical duplicates collapse into one problem.
        assert_eq!(
            problems
                .iter()
                .filter(|x| x.code == "duplicate_directive")
                .count(),
            1
        );
        let many_values = format!("img-src {}", "x.example ".repeat(200_000));
        let problems = evaluate(&parse(&many_values), "a.nl");
        assert_eq!(
            problems
                .iter()
                .filter(|x| x.code == "schemeless_host")
                .count(),
            1
        );
    }

    #[test]
    fn serializes() {
        let p = CspProblem {
            code: "wildcard",
            directive: "img-src".into(),
            value: Some("*".into()),
        };
        let j = serde_json::to_string(&p).unwrap_or_default();
        assert_eq!(
            j,
            r#"{"code":"wildcard","directive":"img-src","value":"*"}"#
        );
    }

    fn render(p: &ContentSecurityPolicy) -> String {
        p.directives
            .iter()
            .map(|d| {
                let mut s = d.name.clone();
                for v in &d.values {
                    s.push(' ');
                    s.push_str(v);
                }
                s
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn directive() -> impl Strategy<Value = Directive> {
        (
            "[a-z][a-z0-9-]{0,15}",
            prop::collection::vec("[!-+--:<-~]{1,20}", 0..5),
        )
            .prop_map(|(name, values)| Directive { name, values })
    }

    fn source() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("'self'".to_string()),
            Just("'none'".to_string()),
            Just("'unsafe-inline'".to_string()),
            Just("*".to_string()),
            Just("data:".to_string()),
            Just("https:".to_string()),
            Just("http:".to_string()),
            "(https?://)?(\\*\\.)?[a-z]{1,5}(\\.[a-z]{1,5}){0,2}(:[0-9]{1,4})?(/[a-z]{0,4})?",
            "'[a-z0-9+/=-]{0,12}'",
            "[ -~]{1,12}",
        ]
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*", host in ".*") {
            let p = parse(&s);
            let _ = evaluate(&p, &host);
            let _ = parse_list(&[&s]);
        }

        #[test]
        fn never_panics_policy_like(
            dirs in prop::collection::vec(("[a-zA-Z-]{1,16}", prop::collection::vec(source(), 0..6)), 0..8),
            host in "[a-z.]{0,20}",
        ) {
            let s = dirs.iter().map(|(n, vs)| format!("{n} {}", vs.join(" "))).collect::<Vec<_>>().join(";");
            let problems = evaluate(&parse(&s), &host);
            for p in problems {
                prop_assert!(PROBLEM_CODES.contains(&p.code));
            }
        }

        #[test]
        fn round_trip(dirs in prop::collection::vec(directive(), 0..8)) {
            let mut seen = HashSet::new();
            let unique: Vec<Directive> = dirs.into_iter().filter(|d| seen.insert(d.name.clone())).collect();
            let policy = ContentSecurityPolicy { directives: unique, duplicates: Vec::new() };
            prop_assert_eq!(parse(&render(&policy)), policy);
        }

        #[test]
        fn same_site_hosts_pass(sub in "[a-z]{1,8}", sld in "[a-z]{1,8}", tld in "[a-z]{2,4}", star in any::<bool>()) {
            let host = format!("www.{sld}.{tld}");
            let src = if star { format!("https://*.{sld}.{tld}") } else { format!("https://{sub}.{sld}.{tld}") };
            let header = format!("default-src 'self' {src}; base-uri 'self' {src}; frame-ancestors 'self'; form-action 'self'");
            prop_assert_eq!(evaluate(&parse(&header), &host), Vec::new());
        }

        #[test]
        fn mutated_good_policy_never_panics(pos in any::<prop::sample::Index>(), ins in any::<char>(), del in any::<bool>()) {
            let mut chars: Vec<char> = GOOD.chars().collect();
            let i = pos.index(chars.len());
            if del { chars.remove(i); } else { chars.insert(i, ins); }
            let s: String = chars.into_iter().collect();
            let _ = evaluate(&parse(&s), "www.example.nl");
        }
    }
}
