//! Grammar that MTA-STS (RFC 8461) and SMTP TLS Reporting (RFC 8460) share.
//!
//! Both TXT records are `v=<version>` followed by `;`-separated `name=value` fields
//! (RFC 8461 §3.1, RFC 8460 §3), with the same field-name and extension-value rules, and
//! both name mail hosts with RFC 5321 domains. Keeping that grammar here means the two
//! parsers cannot drift apart on what a field is.
//!
//! Choices:
//! - The ABNF spells `v=`, the version and the field names with `%s`, so they are compared
//!   case-sensitively.
//! - One trailing `;` is allowed (the ABNF's `[field-delim]`); any other empty field is
//!   malformed.
#![forbid(unsafe_code)]

use serde::Serialize;

/// `WSP` of RFC 5234: the white space the field delimiters allow.
pub(super) const WSP: [char; 2] = [' ', '\t'];

/// One problem in a record or policy, with the text it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    /// Stable snake_case code; the parser that made it lists its codes.
    pub code: &'static str,
    /// The offending field, line or URI, cut to 80 characters for evidence.
    pub text: String,
}

impl SyntaxError {
    pub(super) fn new(code: &'static str, text: &str) -> Self {
        SyntaxError {
            code,
            text: text.chars().take(80).collect(),
        }
    }
}

/// True when the record's first field is exactly `version` (e.g. `v=STSv1`).
pub(super) fn is_versioned(text: &str, version: &str) -> bool {
    let first = text.split(';').next().unwrap_or_default();
    first.trim_end_matches(WSP) == version
}

/// A `name=value` field after the version, with a well-formed name; the value is for the
/// caller to judge.
pub(super) struct Field<'a> {
    /// The whole field, for problem reports.
    pub text: &'a str,
    pub name: &'a str,
    pub value: &'a str,
}

/// The well-formed fields after `version`, in order; `None` when the text is not such a
/// record. Problems go to `errors`: `version_not_first` when the version appears later
/// on, `absent_code` when it does not appear at all; `bad_field` for an empty field, one
/// without `=` or with a malformed name; `duplicate_field` for a second `v`.
pub(super) fn fields<'a>(
    text: &'a str,
    version: &str,
    absent_code: &'static str,
    errors: &mut Vec<SyntaxError>,
) -> Option<Vec<Field<'a>>> {
    if !is_versioned(text, version) {
        let code = if text.contains(version) {
            "version_not_first"
        } else {
            absent_code
        };
        errors.push(SyntaxError::new(code, text));
        return None;
    }
    let body = text.trim_end_matches(WSP);
    let body = body.strip_suffix(';').unwrap_or(body);
    let mut fields = Vec::new();
    for raw in body.split(';').skip(1) {
        let text = raw.trim_matches(WSP);
        match text.split_once('=') {
            Some(("v", _)) => errors.push(SyntaxError::new("duplicate_field", text)),
            Some((name, value)) if is_field_name(name) => fields.push(Field { text, name, value }),
            _ => errors.push(SyntaxError::new("bad_field", text)),
        }
    }
    Some(fields)
}

/// `(ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")`: extension names of the TXT
/// records and key names of the MTA-STS policy file.
pub(super) fn is_field_name(name: &str) -> bool {
    name.len() <= 32
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// `1*(%x21-3A / %x3C / %x3E-7E)`: printable ASCII without `;` and `=`.
pub(super) fn is_extension_value(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b';' && b != b'=')
}

/// An RFC 5321 `Domain` (no trailing dot): labels of letters, digits and inner hyphens,
/// 1–63 octets each, 253 in all.
pub(super) fn is_host_name(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        let mut errors = Vec::new();
        fields(text, "v=X1", "not_x", &mut errors);
        errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn the_version_comes_first() {
        assert!(is_versioned("v=X1", "v=X1"));
        assert!(is_versioned("v=X1 ; a=b", "v=X1"));
        assert!(!is_versioned(" v=X1", "v=X1"));
        assert!(!is_versioned("v=x1", "v=X1"));
        assert!(!is_versioned("v=X10", "v=X1"));
        assert_eq!(codes("a=b; v=X1"), ["version_not_first"]);
        assert_eq!(codes("a=b"), ["not_x"]);
    }

    #[test]
    fn fields_are_name_value_pairs() {
        assert!(codes("v=X1;a=b ;\tc.d-e_f=g;").is_empty());
        let fields = fields("v=X1;a=b ;\tc=d=e;", "v=X1", "not_x", &mut Vec::new()).unwrap();
        let pairs: Vec<_> = fields.iter().map(|f| (f.text, f.name, f.value)).collect();
        assert_eq!(pairs, [("a=b", "a", "b"), ("c=d=e", "c", "d=e")]);
        assert_eq!(codes("v=X1;;a"), ["bad_field", "bad_field"]);
        assert_eq!(codes("v=X1; _a=b; v=X1"), ["bad_field", "duplicate_field"]);
        assert_eq!(codes(&format!("v=X1; {}=b", "a".repeat(33))), ["bad_field"]);
    }

    #[test]
    fn host_names() {
        for ok in ["mx.example.nl", "a", "x-1.example.nl", &"a".repeat(63)] {
            assert!(is_host_name(ok), "{ok}");
        }
        for bad in [
            "",
            "mx.",
            ".mx",
            "a..b",
            "-a.nl",
            "a-.nl",
            "a_b.nl",
            &"a".repeat(64),
        ] {
            assert!(!is_host_name(bad), "{bad}");
        }
        let long = vec!["a".repeat(63); 4].join(".");
        assert!(!is_host_name(&long));
    }

    #[test]
    fn extension_values() {
        assert!(is_extension_value("abc:/,"));
        assert!(!is_extension_value(""));
        assert!(!is_extension_value("a b"));
        assert!(!is_extension_value("a=b"));
        assert!(!is_extension_value("é"));
    }
}
