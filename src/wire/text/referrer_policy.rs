//! Referrer-Policy (W3C Referrer Policy §11.1, "parse a referrer policy from a
//! Referrer-Policy header").
//!
//! Browsers read every Referrer-Policy field line, split each on commas, and let
//! the last token they recognise win; unknown tokens are skipped so that sites
//! can list a new policy after an older fallback. Judging what a browser will
//! actually do needs exactly that, so [`parse`] follows the specification.
//!
//! Choices and differences:
//! - Tokens are compared ASCII case-insensitively, as Chromium and Firefox do;
//!   the specification's enumeration compares exactly.
//! - Splitting follows Fetch's "get, decode, and split": a comma inside a
//!   double-quoted string does not split, and the quotes stay part of the token
//!   (so a quoted token is never a recognised policy).
//! - internet.nl differs: it judges the *last* token even when it is unknown
//!   (reported as invalid) and compares case-sensitively. [`last_token`] gives
//!   the caller that token so it can reproduce internet.nl's verdict.
#![forbid(unsafe_code)]

/// A referrer policy a browser recognises; the check grades these by the lists
/// in its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferrerPolicy {
    /// `no-referrer`
    NoReferrer,
    /// `no-referrer-when-downgrade`
    NoReferrerWhenDowngrade,
    /// `same-origin`
    SameOrigin,
    /// `origin`
    Origin,
    /// `strict-origin`
    StrictOrigin,
    /// `origin-when-cross-origin`
    OriginWhenCrossOrigin,
    /// `strict-origin-when-cross-origin` (the browsers' default without a header)
    StrictOriginWhenCrossOrigin,
    /// `unsafe-url`
    UnsafeUrl,
}

impl ReferrerPolicy {
    /// Every policy, so callers and tests can enumerate them.
    pub const ALL: [ReferrerPolicy; 8] = [
        ReferrerPolicy::NoReferrer,
        ReferrerPolicy::NoReferrerWhenDowngrade,
        ReferrerPolicy::SameOrigin,
        ReferrerPolicy::Origin,
        ReferrerPolicy::StrictOrigin,
        ReferrerPolicy::OriginWhenCrossOrigin,
        ReferrerPolicy::StrictOriginWhenCrossOrigin,
        ReferrerPolicy::UnsafeUrl,
    ];

    /// The header token, for evidence and rule texts.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReferrerPolicy::NoReferrer => "no-referrer",
            ReferrerPolicy::NoReferrerWhenDowngrade => "no-referrer-when-downgrade",
            ReferrerPolicy::SameOrigin => "same-origin",
            ReferrerPolicy::Origin => "origin",
            ReferrerPolicy::StrictOrigin => "strict-origin",
            ReferrerPolicy::OriginWhenCrossOrigin => "origin-when-cross-origin",
            ReferrerPolicy::StrictOriginWhenCrossOrigin => "strict-origin-when-cross-origin",
            ReferrerPolicy::UnsafeUrl => "unsafe-url",
        }
    }

    /// Recognises one already-trimmed token (ASCII case-insensitive, like browsers).
    pub fn from_token(token: &str) -> Option<ReferrerPolicy> {
        ReferrerPolicy::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(token))
    }
}

/// Splits one field value on commas outside double-quoted strings and trims HTTP
/// whitespace (Fetch "get, decode, and split"); linear in the value's length.
fn split_tokens(value: &str) -> impl Iterator<Item = &str> {
    let mut tokens = Vec::new();
    let mut start = 0usize;
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, b) in value.bytes().enumerate() {
        if in_quotes {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_quotes = false;
            }
        } else if b == b'"' {
            in_quotes = true;
        } else if b == b',' {
            tokens.push(value.get(start..i).unwrap_or(""));
            start = i + 1;
        }
    }
    tokens.push(value.get(start..).unwrap_or(""));
    tokens
        .into_iter()
        .map(|t| t.trim_matches(|c| c == ' ' || c == '\t'))
}

/// Returns the policy a browser applies for the given Referrer-Policy field
/// values (all of them, in order), or `None` when no token is recognised and
/// the browser falls back to its default.
pub fn parse(values: &[&str]) -> Option<ReferrerPolicy> {
    values
        .iter()
        .flat_map(|v| split_tokens(v))
        .filter_map(ReferrerPolicy::from_token)
        .last()
}

/// Returns the last non-empty token as written, recognised or not, because
/// internet.nl grades that token (an unknown one is "invalid") rather than the
/// one a browser would apply.
pub fn last_token<'a>(values: &[&'a str]) -> Option<&'a str> {
    values
        .iter()
        .flat_map(|v| split_tokens(v))
        .filter(|t| !t.is_empty())
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn single_values() {
        for p in ReferrerPolicy::ALL {
            assert_eq!(parse(&[p.as_str()]), Some(p));
        }
    }

    #[test]
    fn as_str_round_trips() {
        for p in ReferrerPolicy::ALL {
            assert_eq!(ReferrerPolicy::from_token(p.as_str()), Some(p));
        }
    }

    #[test]
    fn last_recognised_token_wins() {
        assert_eq!(
            parse(&["no-referrer, strict-origin-when-cross-origin"]),
            Some(ReferrerPolicy::StrictOriginWhenCrossOrigin)
        );
        assert_eq!(
            parse(&["no-referrer, future-policy"]),
            Some(ReferrerPolicy::NoReferrer)
        );
    }

    #[test]
    fn across_field_lines() {
        assert_eq!(
            parse(&["unsafe-url", "same-origin", "bogus"]),
            Some(ReferrerPolicy::SameOrigin)
        );
    }

    #[test]
    fn whitespace_and_empty_tokens() {
        assert_eq!(
            parse(&[" \tsame-origin\t , , "]),
            Some(ReferrerPolicy::SameOrigin)
        );
        assert_eq!(parse(&[""]), None);
        assert_eq!(parse(&[]), None);
        assert_eq!(parse(&[",,,"]), None);
    }

    #[test]
    fn unknown_only_is_none() {
        assert_eq!(parse(&["never", "always"]), None);
        assert_eq!(parse(&["no-referrer;"]), None);
        assert_eq!(parse(&["no referrer"]), None);
    }

    #[test]
    fn case_insensitive_like_browsers() {
        assert_eq!(parse(&["No-Referrer"]), Some(ReferrerPolicy::NoReferrer));
        assert_eq!(parse(&["UNSAFE-URL"]), Some(ReferrerPolicy::UnsafeUrl));
    }

    #[test]
    fn quoted_strings_do_not_split_and_are_not_policies() {
        assert_eq!(parse(&["\"no-referrer\""]), None);
        assert_eq!(
            parse(&["same-origin, \"x, unsafe-url\""]),
            Some(ReferrerPolicy::SameOrigin)
        );
        assert_eq!(
            parse(&["same-origin, \"x\\\", unsafe-url\""]),
            Some(ReferrerPolicy::SameOrigin)
        );
        // Unterminated quote swallows the rest of the value.
        assert_eq!(
            parse(&["origin, \"a, no-referrer"]),
            Some(ReferrerPolicy::Origin)
        );
    }

    #[test]
    fn last_token_for_internet_nl() {
        assert_eq!(last_token(&["no-referrer, bogus"]), Some("bogus"));
        assert_eq!(last_token(&["no-referrer", " , "]), Some("no-referrer"));
        assert_eq!(last_token(&["  "]), None);
        assert_eq!(last_token(&[]), None);
    }

    #[test]
    fn serializes_kebab_case() {
        for p in ReferrerPolicy::ALL {
            let j = serde_json::to_string(&p).unwrap_or_default();
            assert_eq!(j, format!("\"{}\"", p.as_str()));
        }
    }

    #[test]
    fn long_input_is_fine() {
        let v = "bogus,".repeat(200_000) + "origin";
        assert_eq!(parse(&[&v]), Some(ReferrerPolicy::Origin));
        let q = "\"".repeat(100_000);
        assert_eq!(parse(&[&q]), None);
    }

    fn policy() -> impl Strategy<Value = ReferrerPolicy> {
        prop::sample::select(ReferrerPolicy::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn never_panics(values in prop::collection::vec(".*", 0..5)) {
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let _ = parse(&refs);
            let _ = last_token(&refs);
        }

        #[test]
        fn round_trip_list(
            ps in prop::collection::vec(policy(), 1..6),
            junk in prop::collection::vec("[a-z]{1,8}", 0..4),
            split in any::<prop::sample::Index>(),
        ) {
            // Unknown tokens (made unrecognisable by a prefix) may trail anywhere.
            let mut tokens: Vec<String> = ps.iter().map(|p| p.as_str().to_string()).collect();
            tokens.extend(junk.iter().map(|j| format!("zz{j}")));
            let cut = split.index(tokens.len() + 1);
            let first = tokens[..cut].join(", ");
            let second = tokens[cut..].join(" ,\t");
            let expect = ps.last().copied();
            prop_assert_eq!(parse(&[&first, &second]), expect);
        }

        #[test]
        fn single_token_any_case(p in policy(), mask in any::<u64>()) {
            let t: String = p.as_str().chars().enumerate().map(|(i, c)| {
                if (mask >> (i % 64)) & 1 == 1 { c.to_ascii_uppercase() } else { c }
            }).collect();
            prop_assert_eq!(parse(&[&t]), Some(p));
        }
    }
}
