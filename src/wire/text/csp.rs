//! Content-Security-Policy parsing (W3C CSP3 §2.2): what a browser enforces,
//! as data. Judging it is the check's business (`web.headers.csp`).
//!
//! [`parse`] does what a browser does with one serialized policy and
//! [`parse_list`] with the header's field values; every directive value is
//! read as a source expression ([`SourceKind`]) so the check can judge typed
//! sources instead of strings.
//!
//! Grammar choices:
//! - Duplicate directives: CSP3 keeps the first and ignores later ones; the
//!   ignored ones are kept in [`ContentSecurityPolicy::duplicates`] so they can
//!   be reported.
//! - Directive names are ASCII-lowercased (CSP3).
//! - Keywords and schemes are ASCII-lowercased, as the CSP grammar compares
//!   them case-insensitively; the text as written stays in [`Source::text`].
//! - A source expression is read the way internet.nl reads it: a quoted value
//!   is a keyword (also nonces and hashes), `scheme:` a scheme-source, and
//!   `(scheme://)?host(:port)?(/path)?` with host `[^:/']+` or `[…]` a
//!   host-source; anything else is [`SourceKind::Unrecognised`]. Every value
//!   of every directive is read so, also of directives whose value is not a
//!   source list (`sandbox allow-scripts`); which directives to judge is the
//!   check's choice.
#![forbid(unsafe_code)]

use std::collections::HashSet;

/// One policy as a browser enforces it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentSecurityPolicy {
    /// The effective directives in header order; the first occurrence of a name wins (CSP3 §2.2.1).
    pub directives: Vec<Directive>,
    /// Later occurrences of an already-seen name, which browsers ignore (a grammar
    /// problem of the policy); kept to report them.
    pub duplicates: Vec<Directive>,
}

/// One directive with its values read as source expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// ASCII-lowercased name, because browsers match names case-insensitively.
    pub name: String,
    /// The whitespace-separated values in order.
    pub sources: Vec<Source>,
}

/// One whitespace-separated value of a directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The value exactly as written, for evidence.
    pub text: String,
    /// What it is as a source expression.
    pub kind: SourceKind,
}

/// A source expression's kind (CSP3 §2.3.1, read as internet.nl reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// A quoted keyword, nonce or hash, lowercased, quotes included (`'self'`).
    Keyword(String),
    /// A scheme-source, lowercased without the colon (`https` for `https:`).
    Scheme(String),
    /// A host-source; scheme (without `://`) and host lowercased, port and path dropped.
    Host {
        scheme: Option<String>,
        host: String,
    },
    /// Anything else; browsers ignore it.
    Unrecognised,
}

/// CSP's "ASCII whitespace": TAB, LF, FF, CR, SPACE.
fn is_ascii_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')
}

/// Parses one serialized policy (CSP3 §2.2.1); a header value holding a
/// comma-separated list needs [`parse_list`] instead.
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
            sources: parts.map(Source::parse).collect(),
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
    /// Finds the effective directive by name (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&Directive> {
        self.directives
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }
}

impl Directive {
    /// The values as written, space-separated.
    pub fn value(&self) -> String {
        let texts: Vec<&str> = self.sources.iter().map(|s| s.text.as_str()).collect();
        texts.join(" ")
    }
}

fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

impl Source {
    /// Reads one value as a source expression.
    pub fn parse(text: &str) -> Source {
        Source {
            text: text.to_string(),
            kind: SourceKind::parse(text),
        }
    }
}

impl SourceKind {
    /// Reads like internet.nl's host-source expression
    /// `^(scheme://)?(host)(:port)?(/path)?$` with host `[^:/']+` or `[…]`.
    fn parse(value: &str) -> SourceKind {
        let v = value.to_ascii_lowercase();
        if v.starts_with('\'') {
            return SourceKind::Keyword(v);
        }
        if let Some(scheme) = v.strip_suffix(':')
            && is_scheme(scheme)
        {
            return SourceKind::Scheme(scheme.to_string());
        }
        let (scheme, rest) = match v.find("://") {
            Some(0) => return SourceKind::Unrecognised,
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
                _ => return SourceKind::Unrecognised,
            }
        } else {
            let end = rest.find([':', '/']).unwrap_or(rest.len());
            (rest.get(..end).unwrap_or(""), rest.get(end..).unwrap_or(""))
        };
        if host.is_empty() || host.contains('\'') {
            return SourceKind::Unrecognised;
        }
        let after = match after.strip_prefix(':') {
            Some(port_and_path) => {
                let end = port_and_path.find('/').unwrap_or(port_and_path.len());
                let port = port_and_path.get(..end).unwrap_or("");
                let port_ok =
                    port == "*" || (!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
                if !port_ok {
                    return SourceKind::Unrecognised;
                }
                port_and_path.get(end..).unwrap_or("")
            }
            None => after,
        };
        if !(after.is_empty() || after.starts_with('/')) {
            return SourceKind::Unrecognised;
        }
        SourceKind::Host {
            scheme,
            host: host.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GOOD: &str =
        "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    fn directive(name: &str, values: &[&str]) -> Directive {
        Directive {
            name: name.into(),
            sources: values.iter().map(|v| Source::parse(v)).collect(),
        }
    }

    fn kind(value: &str) -> SourceKind {
        SourceKind::parse(value)
    }

    #[test]
    fn parse_basic() {
        let p = parse("  default-src 'self'  https://a.example ;script-src\t'none';;  ");
        assert_eq!(
            p.directives,
            vec![
                directive("default-src", &["'self'", "https://a.example"]),
                directive("script-src", &["'none'"]),
            ]
        );
        assert!(p.duplicates.is_empty());
    }

    #[test]
    fn parse_lowercases_names_and_kinds_keeps_text() {
        let p = parse("Default-SRC 'SELF' HTTPS://A.Example");
        let d = &p.directives[0];
        assert_eq!(d.name, "default-src");
        assert_eq!(d.value(), "'SELF' HTTPS://A.Example");
        assert_eq!(d.sources[0].kind, SourceKind::Keyword("'self'".into()));
        assert_eq!(
            d.sources[1].kind,
            SourceKind::Host {
                scheme: Some("https".into()),
                host: "a.example".into()
            }
        );
        assert!(p.get("DEFAULT-src").is_some());
        assert!(p.get("script-src").is_none());
    }

    #[test]
    fn parse_first_occurrence_wins() {
        let p = parse("script-src 'self'; SCRIPT-SRC 'unsafe-inline'; img-src *");
        assert_eq!(
            p.get("script-src").map(Directive::value).as_deref(),
            Some("'self'")
        );
        assert_eq!(
            p.duplicates,
            vec![directive("script-src", &["'unsafe-inline'"])]
        );
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
        assert_eq!(p.directives[0].sources.len(), 0);
        assert_eq!(p.directives[1].sources.len(), 0);
        assert_eq!(p.directives[1].value(), "");
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
    fn source_kinds() {
        assert_eq!(kind("'SELF'"), SourceKind::Keyword("'self'".into()));
        assert_eq!(
            kind("'nonce-AbC='"),
            SourceKind::Keyword("'nonce-abc='".into())
        );
        assert_eq!(kind("HTTPS:"), SourceKind::Scheme("https".into()));
        assert_eq!(kind("data:"), SourceKind::Scheme("data".into()));
        let host = |scheme: Option<&str>, host: &str| SourceKind::Host {
            scheme: scheme.map(str::to_string),
            host: host.into(),
        };
        assert_eq!(
            kind("https://A.example:443/x"),
            host(Some("https"), "a.example")
        );
        assert_eq!(kind("*.example.nl"), host(None, "*.example.nl"));
        assert_eq!(kind("*"), host(None, "*"));
        assert_eq!(kind("*://y.example"), host(Some("*"), "y.example"));
        assert_eq!(kind("example.nl:*"), host(None, "example.nl"));
        assert_eq!(kind("wss://[::1]:8080"), host(Some("wss"), "[::1]"));
        assert_eq!(kind("example.nl:abc"), SourceKind::Unrecognised);
        assert_eq!(kind("://x"), SourceKind::Unrecognised);
        assert_eq!(kind("https://"), SourceKind::Unrecognised);
        assert_eq!(kind("[]"), SourceKind::Unrecognised);
        assert_eq!(kind("[::1"), SourceKind::Unrecognised);
        assert_eq!(kind(":"), SourceKind::Unrecognised);
        assert_eq!(kind("1http:"), SourceKind::Unrecognised);
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
        let many_values = format!("img-src {}", "x.example ".repeat(200_000));
        assert_eq!(parse(&many_values).directives[0].sources.len(), 200_000);
    }

    fn render(p: &ContentSecurityPolicy) -> String {
        p.directives
            .iter()
            .map(|d| format!("{} {}", d.name, d.value()))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn any_directive() -> impl Strategy<Value = Directive> {
        (
            "[a-z][a-z0-9-]{0,15}",
            prop::collection::vec("[!-+--:<-~]{1,20}", 0..5),
        )
            .prop_map(|(name, values)| Directive {
                name,
                sources: values.iter().map(|v| Source::parse(v)).collect(),
            })
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
        fn never_panics(s in ".*") {
            let _ = parse(&s);
            let _ = parse_list(&[&s]);
        }

        #[test]
        fn policy_like_keeps_every_value(
            dirs in prop::collection::vec(("[a-zA-Z-]{1,16}", prop::collection::vec(source(), 0..6)), 0..8),
        ) {
            let s = dirs.iter().map(|(n, vs)| format!("{n} {}", vs.join(" "))).collect::<Vec<_>>().join(";");
            let p = parse(&s);
            for d in p.directives.iter().chain(&p.duplicates) {
                for src in &d.sources {
                    prop_assert!(!src.text.is_empty());
                    prop_assert_eq!(&src.kind, &SourceKind::parse(&src.text));
                    // Kinds are lower-case, whatever the case of the text.
                    prop_assert_eq!(&src.kind, &SourceKind::parse(&src.text.to_ascii_uppercase()));
                }
            }
        }

        #[test]
        fn round_trip(dirs in prop::collection::vec(any_directive(), 0..8)) {
            let mut seen = HashSet::new();
            let unique: Vec<Directive> = dirs.into_iter().filter(|d| seen.insert(d.name.clone())).collect();
            let policy = ContentSecurityPolicy { directives: unique, duplicates: Vec::new() };
            prop_assert_eq!(parse(&render(&policy)), policy);
        }

        #[test]
        fn mutated_good_policy_never_panics(pos in any::<prop::sample::Index>(), ins in any::<char>(), del in any::<bool>()) {
            let mut chars: Vec<char> = GOOD.chars().collect();
            let i = pos.index(chars.len());
            if del { chars.remove(i); } else { chars.insert(i, ins); }
            let s: String = chars.into_iter().collect();
            let _ = parse(&s);
        }
    }
}
