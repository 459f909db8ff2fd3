//! Strict-Transport-Security (RFC 6797 §6.1).
//!
//! The header decides whether browsers refuse plain HTTP for a site, so a value
//! that a browser would throw away must not be scored as if it protected anyone.
//! The parser therefore follows the RFC's rules for the whole header: directive
//! names are case-insensitive, values may be quoted, unknown directives are
//! ignored, and any directive that does not fit the grammar or appears twice
//! makes the whole header invalid (RFC 6797 §6.1 rules 2 and 5).
//!
//! Choices where the RFC leaves room:
//! - `includeSubDomains` carries no value in RFC 6797 §6.1.2; one with a value
//!   does not conform and invalidates the header.
//! - `preload` is not an RFC 6797 directive (it is the hstspreload.org
//!   convention), so a `preload=…` with a value is treated like any unknown
//!   directive: ignored, and `preload` stays false.
//! - A max-age that does not fit in `u64` saturates to `u64::MAX`.
//! - Only one field value is parsed; when a response carries several
//!   Strict-Transport-Security lines the caller picks the first (as browsers
//!   and internet.nl do). A comma-joined value does not fit the grammar and is
//!   a syntax error.
#![forbid(unsafe_code)]

use std::collections::HashSet;
use std::fmt;

/// The effective policy of one valid Strict-Transport-Security value, kept so
/// that checks can compare `max_age` with internet.nl's one-year threshold and
/// report the flags as evidence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HstsHeader {
    /// Seconds the browser must remember to use HTTPS only; saturates at `u64::MAX`.
    pub max_age: u64,
    /// Whether the policy also binds every subdomain.
    pub include_subdomains: bool,
    /// Whether the site asks to be put on the browsers' preload list.
    pub preload: bool,
}

/// Why a browser would ignore the header; each variant becomes evidence in a
/// failed HSTS check, so it carries the offending text (shortened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HstsError {
    /// No `max-age` directive: RFC 6797 makes it mandatory.
    MissingMaxAge,
    /// `max-age` is present but its value is not `1*DIGIT`.
    InvalidMaxAge(String),
    /// A directive (lower-cased name) occurs more than once (RFC 6797 §6.1 rule 2).
    DuplicateDirective(String),
    /// The value does not match the header grammar; the text says where.
    Syntax(String),
}

impl fmt::Display for HstsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HstsError::MissingMaxAge => f.write_str("the max-age directive is missing"),
            HstsError::InvalidMaxAge(v) => {
                write!(f, "max-age value \"{v}\" is not a whole number of seconds")
            }
            HstsError::DuplicateDirective(n) => {
                write!(f, "directive \"{n}\" appears more than once")
            }
            HstsError::Syntax(m) => write!(f, "syntax error: {m}"),
        }
    }
}

impl std::error::Error for HstsError {}

/// Longest piece of untrusted text copied into an error, so evidence stays readable.
const MAX_EVIDENCE_CHARS: usize = 64;

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(MAX_EVIDENCE_CHARS).collect();
    if s.chars().nth(MAX_EVIDENCE_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
}

/// A directive value as written: a token, or the content of a quoted-string.
enum Value {
    Token(String),
    Quoted(String),
}

impl Value {
    fn text(&self) -> &str {
        match self {
            Value::Token(s) | Value::Quoted(s) => s,
        }
    }
}

struct Scanner<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn token(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        // Only ASCII bytes were consumed, so both ends are char boundaries.
        self.src.get(start..self.pos).unwrap_or("")
    }

    /// Reads a quoted-string; the opening quote is at `pos`. Linear in its length.
    fn quoted(&mut self) -> Result<String, HstsError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let rest = self.src.get(self.pos..).unwrap_or("");
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, e)) if e == '\t' || !e.is_control() => out.push(e),
                    _ => {
                        return Err(HstsError::Syntax(format!(
                            "bad escape in quoted string at offset {start}"
                        )));
                    }
                },
                c if c == '\t' || !c.is_control() => out.push(c),
                _ => {
                    return Err(HstsError::Syntax(format!(
                        "control character in quoted string at offset {start}"
                    )));
                }
            }
        }
        Err(HstsError::Syntax(format!(
            "unterminated quoted string at offset {start}"
        )))
    }
}

/// Reads `1*DIGIT` as seconds; larger than `u64::MAX` saturates instead of failing,
/// because a policy of "practically forever" is still a valid, strong policy.
fn parse_delta_seconds(v: &str) -> Option<u64> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n: u64 = 0;
    for b in v.bytes() {
        n = n
            .saturating_mul(10)
            .saturating_add(u64::from(b.saturating_sub(b'0')));
    }
    Some(n)
}

/// Parses one Strict-Transport-Security field value the way an RFC 6797 user
/// agent does, so a header that browsers would ignore is reported as an error
/// instead of being credited.
pub fn parse(value: &str) -> Result<HstsHeader, HstsError> {
    let mut sc = Scanner { src: value, pos: 0 };
    let mut seen: HashSet<String> = HashSet::new();
    let mut max_age: Option<u64> = None;
    let mut include_subdomains = false;
    let mut preload = false;

    loop {
        sc.skip_ows();
        let Some(b) = sc.peek() else { break };
        if b == b';' {
            // Empty directive: the grammar allows `[ directive ]` between semicolons.
            sc.pos += 1;
            continue;
        }
        let name_start = sc.pos;
        let name = sc.token();
        if name.is_empty() {
            let rest: String = value
                .get(name_start..)
                .unwrap_or("")
                .chars()
                .take(1)
                .collect();
            return Err(HstsError::Syntax(format!(
                "expected a directive name at offset {name_start}, found {:?}",
                rest
            )));
        }
        let lname = name.to_ascii_lowercase();
        sc.skip_ows();
        let mut dir_value: Option<Value> = None;
        if sc.peek() == Some(b'=') {
            sc.pos += 1;
            sc.skip_ows();
            if sc.peek() == Some(b'"') {
                dir_value = Some(Value::Quoted(sc.quoted()?));
            } else {
                dir_value = Some(Value::Token(sc.token().to_string()));
            }
            sc.skip_ows();
        }
        match sc.peek() {
            None | Some(b';') => {}
            Some(_) => {
                let rest = value.get(sc.pos..).unwrap_or("");
                return Err(HstsError::Syntax(format!(
                    "unexpected text after directive \"{}\": \"{}\"",
                    shorten(name),
                    shorten(rest)
                )));
            }
        }
        if !seen.insert(lname.clone()) {
            return Err(HstsError::DuplicateDirective(shorten(&lname)));
        }
        match lname.as_str() {
            "max-age" => {
                let text = dir_value.as_ref().map(Value::text).unwrap_or("");
                match parse_delta_seconds(text) {
                    Some(n) => max_age = Some(n),
                    None => return Err(HstsError::InvalidMaxAge(shorten(text))),
                }
            }
            "includesubdomains" => {
                if dir_value.is_some() {
                    return Err(HstsError::Syntax(
                        "includeSubDomains must not have a value".to_string(),
                    ));
                }
                include_subdomains = true;
            }
            "preload" => {
                // Not an RFC 6797 directive: with a value it is just an unknown one.
                preload = dir_value.is_none();
            }
            _ => {
                // Unknown directive: must still fit the grammar (checked above).
                if let Some(Value::Token(t)) = &dir_value
                    && t.is_empty()
                {
                    return Err(HstsError::Syntax(format!(
                        "directive \"{}\" has an empty value",
                        shorten(name)
                    )));
                }
            }
        }
    }

    match max_age {
        Some(max_age) => Ok(HstsHeader {
            max_age,
            include_subdomains,
            preload,
        }),
        None => Err(HstsError::MissingMaxAge),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(max_age: u64, sub: bool, pre: bool) -> Result<HstsHeader, HstsError> {
        Ok(HstsHeader {
            max_age,
            include_subdomains: sub,
            preload: pre,
        })
    }

    #[test]
    fn plain_max_age() {
        assert_eq!(parse("max-age=31536000"), ok(31_536_000, false, false));
    }

    #[test]
    fn all_directives_any_case_and_order() {
        assert_eq!(
            parse("Preload; INCLUDESUBDOMAINS; Max-Age=63072000"),
            ok(63_072_000, true, true)
        );
    }

    #[test]
    fn whitespace_around_separators() {
        assert_eq!(
            parse("  max-age = 10 ;\tincludeSubDomains  ;  "),
            ok(10, true, false)
        );
    }

    #[test]
    fn quoted_max_age() {
        assert_eq!(parse("max-age=\"31536000\""), ok(31_536_000, false, false));
        assert_eq!(parse("max-age=\"3\\1\""), ok(31, false, false));
    }

    #[test]
    fn quoted_value_may_contain_semicolon_in_unknown_directive() {
        assert_eq!(parse("foo=\"a;b\"; max-age=5"), ok(5, false, false));
    }

    #[test]
    fn empty_directives_tolerated() {
        assert_eq!(parse(";;max-age=0;;;"), ok(0, false, false));
    }

    #[test]
    fn unknown_directives_ignored() {
        assert_eq!(
            parse("max-age=1; report-uri=\"https://x.example/r\"; foo; bar=baz"),
            ok(1, false, false)
        );
    }

    #[test]
    fn missing_max_age() {
        assert_eq!(parse(""), Err(HstsError::MissingMaxAge));
        assert_eq!(parse("includeSubDomains"), Err(HstsError::MissingMaxAge));
        assert_eq!(parse(" ; ; "), Err(HstsError::MissingMaxAge));
    }

    #[test]
    fn invalid_max_age_values() {
        assert_eq!(
            parse("max-age=-1"),
            Err(HstsError::InvalidMaxAge("-1".into()))
        );
        assert_eq!(
            parse("max-age=1.5"),
            Err(HstsError::InvalidMaxAge("1.5".into()))
        );
        assert_eq!(
            parse("max-age="),
            Err(HstsError::InvalidMaxAge(String::new()))
        );
        assert_eq!(
            parse("max-age"),
            Err(HstsError::InvalidMaxAge(String::new()))
        );
        assert_eq!(
            parse("max-age=\"\""),
            Err(HstsError::InvalidMaxAge(String::new()))
        );
        assert_eq!(
            parse("max-age=+5"),
            Err(HstsError::InvalidMaxAge("+5".into()))
        );
        assert_eq!(
            parse("max-age=\" 5\""),
            Err(HstsError::InvalidMaxAge(" 5".into()))
        );
    }

    #[test]
    fn huge_max_age_saturates() {
        assert_eq!(
            parse("max-age=99999999999999999999999999999999"),
            ok(u64::MAX, false, false)
        );
        assert_eq!(
            parse("max-age=18446744073709551615"),
            ok(u64::MAX, false, false)
        );
        assert_eq!(
            parse("max-age=18446744073709551614"),
            ok(u64::MAX - 1, false, false)
        );
        assert_eq!(parse("max-age=000031536000"), ok(31_536_000, false, false));
    }

    #[test]
    fn duplicates_invalid() {
        assert_eq!(
            parse("max-age=1; Max-Age=2"),
            Err(HstsError::DuplicateDirective("max-age".into()))
        );
        assert_eq!(
            parse("max-age=1; includeSubDomains; includesubdomains"),
            Err(HstsError::DuplicateDirective("includesubdomains".into()))
        );
        assert_eq!(
            parse("max-age=1; foo; FOO=bar"),
            Err(HstsError::DuplicateDirective("foo".into()))
        );
    }

    #[test]
    fn syntax_errors() {
        for bad in [
            "max-age=1, max-age=2",
            "max-age=1 2",
            "max age=1",
            "=1",
            "max-age=\"1",
            "max-age=1; includeSubDomains=yes",
            "max-age=1; foo=",
            "max-age=1; \u{e9}",
            "max-age=1;\u{0}",
            "max-age=\"a\u{1}\"",
            "max-age=\"abc\\",
            "max-age=1 ; foo bar",
        ] {
            assert!(
                matches!(parse(bad), Err(HstsError::Syntax(_))),
                "{bad:?} -> {:?}",
                parse(bad)
            );
        }
    }

    #[test]
    fn preload_with_value_is_an_unknown_directive() {
        assert_eq!(parse("max-age=1; preload=yes"), ok(1, false, false));
    }

    #[test]
    fn first_error_wins_over_later_missing_max_age() {
        assert_eq!(
            parse("includeSubDomains; includeSubDomains"),
            Err(HstsError::DuplicateDirective("includesubdomains".into()))
        );
    }

    #[test]
    fn display_texts() {
        assert_eq!(
            HstsError::MissingMaxAge.to_string(),
            "the max-age directive is missing"
        );
        assert_eq!(
            HstsError::InvalidMaxAge("x".into()).to_string(),
            "max-age value \"x\" is not a whole number of seconds"
        );
        assert_eq!(
            HstsError::DuplicateDirective("preload".into()).to_string(),
            "directive \"preload\" appears more than once"
        );
        assert!(
            HstsError::Syntax("boom".into())
                .to_string()
                .contains("boom")
        );
    }

    #[test]
    fn evidence_is_shortened() {
        let long = "9".repeat(10).to_string() + &"x".repeat(500);
        match parse(&format!("max-age={long}")) {
            Err(HstsError::InvalidMaxAge(v)) => {
                assert!(v.chars().count() <= MAX_EVIDENCE_CHARS + 1)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn many_unique_directives_is_linear() {
        let mut s = String::from("max-age=1");
        for i in 0..100_000 {
            s.push_str(&format!(";d{i}"));
        }
        assert_eq!(parse(&s), ok(1, false, false));
    }

    #[test]
    fn long_digit_string() {
        let s = format!("max-age={}", "7".repeat(1_000_000));
        assert_eq!(parse(&s), ok(u64::MAX, false, false));
    }

    #[test]
    fn serializes() {
        let h = HstsHeader {
            max_age: 5,
            include_subdomains: true,
            preload: false,
        };
        let j = serde_json::to_string(&h).unwrap_or_default();
        assert_eq!(
            j,
            r#"{"max_age":5,"include_subdomains":true,"preload":false}"#
        );
    }

    fn random_case(s: &str, mask: u64) -> String {
        s.chars()
            .enumerate()
            .map(|(i, c)| {
                if (mask >> (i % 64)) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_header_like_input(s in "[ \t;=\"\\\\a-zA-Z0-9,.-]{0,80}") {
            let _ = parse(&s);
        }

        #[test]
        fn mutated_valid_header_never_panics(
            n in any::<u64>(),
            pos in any::<prop::sample::Index>(),
            ins in any::<char>(),
            del in any::<bool>(),
        ) {
            let base = format!("max-age={n}; includeSubDomains; preload");
            let chars: Vec<char> = base.chars().collect();
            let i = pos.index(chars.len());
            let mut m: Vec<char> = chars.clone();
            if del { m.remove(i); } else { m.insert(i, ins); }
            let s: String = m.into_iter().collect();
            let _ = parse(&s);
        }

        #[test]
        fn round_trip(
            n in any::<u64>(),
            sub in any::<bool>(),
            pre in any::<bool>(),
            quote in any::<bool>(),
            mask in any::<u64>(),
            order in 0usize..3,
            ws in "[ \t]{0,3}",
        ) {
            let age = if quote { format!("max-age=\"{n}\"") } else { format!("max-age={n}") };
            let mut parts = vec![random_case(&age, mask)];
            if sub { parts.push(random_case("includeSubDomains", mask.rotate_left(7))); }
            if pre { parts.push(random_case("preload", mask.rotate_left(13))); }
            let len = parts.len();
            parts.rotate_left(order % len);
            let sep = format!("{ws};{ws}");
            let header = parts.join(&sep);
            prop_assert_eq!(parse(&header), ok(n, sub, pre));
        }

        #[test]
        fn digits_only_values_are_accepted(d in "[0-9]{1,40}") {
            let parsed = parse(&format!("max-age={d}"));
            let expect = d.parse::<u64>().unwrap_or(u64::MAX);
            prop_assert_eq!(parsed, ok(expect, false, false));
        }
    }
}
