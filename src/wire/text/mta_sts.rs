//! MTA Strict Transport Security (RFC 8461): the `_mta-sts` TXT record (§3.1), the policy
//! file at `https://mta-sts.<domain>/.well-known/mta-sts.txt` (§3.2) and MX host matching
//! (§4.1).
//!
//! Choices:
//! - Names and keywords are compared case-sensitively, as the ABNF's `%s` says; a key
//!   spelt `Mode:` is an unknown key, so the policy then lacks `mode`.
//! - Policy lines may end in CRLF or LF (the ABNF's `sts-policy-term`, erratum 6253);
//!   blank lines carry nothing and are skipped rather than reported.
//! - A repeated `version`, `mode` or `max_age` is reported and its first value kept; `mx`
//!   may be repeated (§3.2).
//! - A policy over 64 KiB is reported as `too_large` and not read: §3.3 has senders cap
//!   the response size about there, so a larger one may never take effect.
//! - Linear in the input; no recursion.
#![forbid(unsafe_code)]

use serde::Serialize;

pub use super::smtp_tls_grammar::SyntaxError;
use super::smtp_tls_grammar::{
    Field, WSP, fields, is_extension_value, is_field_name, is_host_name, is_versioned,
};

const RECORD_VERSION: &str = "v=STSv1";

/// The largest policy body senders read (§3.3).
pub const MAX_POLICY_BYTES: usize = 64 * 1024;

/// The largest `max_age` §3.2 allows: one year, in seconds.
pub const MAX_AGE_LIMIT: u32 = 31_557_600;

/// True for a TXT record whose first field is `v=STSv1`: the ones §3.1 keeps.
pub fn is_mta_sts(text: &str) -> bool {
    is_versioned(text, RECORD_VERSION)
}

/// A parsed `_mta-sts` TXT record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct MtaStsRecord {
    /// The policy instance id; senders fetch the policy again when it changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Codes: `not_mta_sts`, `version_not_first`, `missing_id`, `bad_id`, `bad_field`,
    /// `duplicate_field`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<SyntaxError>,
}

/// Parses one `_mta-sts` TXT record.
pub fn parse_record(text: &str) -> MtaStsRecord {
    let mut record = MtaStsRecord::default();
    let Some(fields) = fields(text, RECORD_VERSION, "not_mta_sts", &mut record.errors) else {
        return record;
    };
    let mut has_id = false;
    for Field { text, name, value } in fields {
        let code = match name {
            "id" if has_id => Some("duplicate_field"),
            "id" => {
                has_id = true;
                record.id = is_policy_id(value).then(|| value.to_string());
                record.id.is_none().then_some("bad_id")
            }
            _ => (!is_extension_value(value)).then_some("bad_field"),
        };
        if let Some(code) = code {
            record.errors.push(SyntaxError::new(code, text));
        }
    }
    if !has_id {
        record.errors.push(SyntaxError::new("missing_id", "id"));
    }
    record
}

/// `1*32(ALPHA / DIGIT)`.
fn is_policy_id(id: &str) -> bool {
    (1..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// What a sender does when an MX host fails validation (§5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Do not deliver.
    Enforce,
    /// Deliver, and report the failure (RFC 8460).
    Testing,
    /// As if the domain had no policy.
    None,
}

impl Mode {
    fn parse(value: &str) -> Option<Mode> {
        match value {
            "enforce" => Some(Mode::Enforce),
            "testing" => Some(Mode::Testing),
            "none" => Some(Mode::None),
            _ => None,
        }
    }
}

/// An `mx` line of a policy: a host name, or `*.` and a host name (§3.2), as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct MxPattern(String);

impl MxPattern {
    fn parse(value: &str) -> Option<MxPattern> {
        let host = value.strip_prefix("*.").unwrap_or(value);
        is_host_name(host).then(|| MxPattern(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// §4.1: equal ignoring case, or for `*.base` one extra left-most label before `base`.
    /// A trailing dot on `mx_host` (as DNS answers write it) is ignored.
    pub fn matches(&self, mx_host: &str) -> bool {
        let host = mx_host.strip_suffix('.').unwrap_or(mx_host);
        match self.0.strip_prefix("*.") {
            Some(base) => host
                .split_once('.')
                .is_some_and(|(label, rest)| !label.is_empty() && rest.eq_ignore_ascii_case(base)),
            None => host.eq_ignore_ascii_case(&self.0),
        }
    }
}

/// A parsed policy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct MtaStsPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// Seconds a sender may cache the policy; `None` when missing or invalid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// The valid `mx` patterns, in order.
    pub mx: Vec<MxPattern>,
    /// Codes: `too_large`, `bad_line`, `duplicate_key`, `missing_version`, `bad_version`,
    /// `missing_mode`, `bad_mode`, `missing_max_age`, `bad_max_age`, `missing_mx`,
    /// `bad_mx`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<SyntaxError>,
}

impl MtaStsPolicy {
    /// Whether a sender may deliver to `mx_host` under this policy's `mx` patterns (§4.1).
    pub fn covers(&self, mx_host: &str) -> bool {
        self.mx.iter().any(|pattern| pattern.matches(mx_host))
    }
}

/// The keys §3.2 defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PolicyKey {
    Version,
    Mode,
    MaxAge,
    Mx,
}

impl PolicyKey {
    const ALL: [PolicyKey; 4] = [
        PolicyKey::Version,
        PolicyKey::Mode,
        PolicyKey::MaxAge,
        PolicyKey::Mx,
    ];

    fn from_name(name: &str) -> Option<PolicyKey> {
        PolicyKey::ALL.into_iter().find(|key| key.name() == name)
    }

    fn name(self) -> &'static str {
        match self {
            PolicyKey::Version => "version",
            PolicyKey::Mode => "mode",
            PolicyKey::MaxAge => "max_age",
            PolicyKey::Mx => "mx",
        }
    }

    fn missing_code(self) -> &'static str {
        match self {
            PolicyKey::Version => "missing_version",
            PolicyKey::Mode => "missing_mode",
            PolicyKey::MaxAge => "missing_max_age",
            PolicyKey::Mx => "missing_mx",
        }
    }

    fn bad_code(self) -> &'static str {
        match self {
            PolicyKey::Version => "bad_version",
            PolicyKey::Mode => "bad_mode",
            PolicyKey::MaxAge => "bad_max_age",
            PolicyKey::Mx => "bad_mx",
        }
    }
}

/// Parses a policy file body.
pub fn parse_policy(text: &str) -> MtaStsPolicy {
    let mut policy = MtaStsPolicy::default();
    if text.len() > MAX_POLICY_BYTES {
        policy.errors.push(SyntaxError::new("too_large", text));
        return policy;
    }
    // Which keys were present, valid or not: a missing key and a bad one differ.
    let mut present = [false; PolicyKey::ALL.len()];
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim_matches(WSP).is_empty() {
            continue;
        }
        // `key ":" *WSP value *WSP`, no white space before the colon.
        let Some((name, value)) = line.split_once(':').filter(|(name, _)| is_field_name(name))
        else {
            policy.errors.push(SyntaxError::new("bad_line", line));
            continue;
        };
        // Unknown keys are extensions, ignored (§3.2).
        let Some(key) = PolicyKey::from_name(name) else {
            continue;
        };
        if present[key as usize] && key != PolicyKey::Mx {
            policy.errors.push(SyntaxError::new("duplicate_key", line));
            continue;
        }
        present[key as usize] = true;
        let value = value.trim_matches(WSP);
        let valid = match key {
            PolicyKey::Version => value == "STSv1",
            PolicyKey::Mode => {
                policy.mode = Mode::parse(value);
                policy.mode.is_some()
            }
            PolicyKey::MaxAge => {
                policy.max_age = max_age(value);
                policy.max_age.is_some()
            }
            PolicyKey::Mx => match MxPattern::parse(value) {
                Some(pattern) => {
                    policy.mx.push(pattern);
                    true
                }
                None => false,
            },
        };
        if !valid {
            policy.errors.push(SyntaxError::new(key.bad_code(), line));
        }
    }
    let mx_required = policy.mode != Some(Mode::None);
    for key in PolicyKey::ALL {
        if !present[key as usize] && (key != PolicyKey::Mx || mx_required) {
            policy
                .errors
                .push(SyntaxError::new(key.missing_code(), key.name()));
        }
    }
    policy
}

/// `1*10DIGIT`, at most [`MAX_AGE_LIMIT`].
fn max_age(value: &str) -> Option<u32> {
    if !(1..=10).contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value
        .parse::<u64>()
        .ok()
        .and_then(|age| u32::try_from(age).ok())
        .filter(|age| *age <= MAX_AGE_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn codes(errors: &[SyntaxError]) -> Vec<&'static str> {
        errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn the_rfc_record() {
        // §3.1's example.
        let r = parse_record("v=STSv1; id=20160831085700Z;");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.id.as_deref(), Some("20160831085700Z"));
        assert!(is_mta_sts("v=STSv1; id=20160831085700Z;"));
        let r = parse_record("v=STSv1;id=1;ext.v2=a:b");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }

    #[test]
    fn record_problems_have_codes() {
        assert_eq!(
            codes(&parse_record("id=1; v=STSv1").errors),
            ["version_not_first"]
        );
        assert_eq!(codes(&parse_record("v=spf1 -all").errors), ["not_mta_sts"]);
        assert!(!is_mta_sts("v=STSv2; id=1"));
        assert_eq!(codes(&parse_record("v=STSv1").errors), ["missing_id"]);
        assert_eq!(codes(&parse_record("v=STSv1; id=").errors), ["bad_id"]);
        assert_eq!(
            codes(&parse_record("v=STSv1; id=2024-01-01").errors),
            ["bad_id"]
        );
        let long = format!("v=STSv1; id={}", "1".repeat(33));
        assert_eq!(codes(&parse_record(&long).errors), ["bad_id"]);
        assert_eq!(
            codes(&parse_record("v=STSv1; id=1; id=2; v=STSv1; x; y=a b").errors),
            [
                "duplicate_field",
                "bad_field",
                "duplicate_field",
                "bad_field"
            ]
        );
        assert_eq!(parse_record("v=STSv1; id=1; id=2").id.as_deref(), Some("1"));
        let r = parse_record("v=STSv1; id=no!; id=2");
        assert_eq!(
            (codes(&r.errors), r.id),
            (vec!["bad_id", "duplicate_field"], None)
        );
        // `ID` is an extension field, not the id (`%s"id="`).
        assert_eq!(codes(&parse_record("v=STSv1; ID=1").errors), ["missing_id"]);
    }

    const RFC_POLICY: &str = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n\
                              mx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n";

    #[test]
    fn the_rfc_policy() {
        // §3.2's first example.
        let p = parse_policy(RFC_POLICY);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.mode, Some(Mode::Enforce));
        assert_eq!(p.max_age, Some(604_800));
        assert_eq!(p.mx[1].as_str(), "*.example.net");
        // The evidence shape that checks store.
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({
                "mode": "enforce",
                "max_age": 604800,
                "mx": ["mail.example.com", "*.example.net", "backupmx.example.com"],
            })
        );
        // Bare LF, trailing white space, blank lines and extensions are fine.
        let lf = "version: STSv1 \nmode:testing\n\nmx: mx.example.nl\nmax_age:86400\nfuture: x y\n";
        let p = parse_policy(lf);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.mode, Some(Mode::Testing));
        // Mode none (how §8.3 withdraws a policy) needs no mx.
        let p = parse_policy("version: STSv1\r\nmode: none\r\nmax_age: 0\r\n");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.max_age, Some(0));
    }

    #[test]
    fn policy_problems_have_codes() {
        assert_eq!(
            codes(&parse_policy("").errors),
            [
                "missing_version",
                "missing_mode",
                "missing_max_age",
                "missing_mx"
            ]
        );
        let p = parse_policy(
            "version: STSv2\nmode: Enforce\nmax_age: 31557601\nmx: *.*.example.nl\nmx: mx.\n",
        );
        assert_eq!(
            codes(&p.errors),
            ["bad_version", "bad_mode", "bad_max_age", "bad_mx", "bad_mx"]
        );
        let p = parse_policy(
            "version: STSv1\nmode: testing\nmode: none\nmax_age: 1\nmax_age: 2\nmx: a.nl\n\
             no colon\n version: STSv1\nversion : STSv1\n: x\n",
        );
        assert_eq!(
            codes(&p.errors),
            [
                "duplicate_key",
                "duplicate_key",
                "bad_line",
                "bad_line",
                "bad_line",
                "bad_line"
            ]
        );
        assert_eq!((p.mode, p.max_age), (Some(Mode::Testing), Some(1)));
        for age in ["", "-1", "+1", "1.5", "00000000001"] {
            assert_eq!(max_age(age), None, "{age}");
        }
        assert_eq!(max_age("31557600"), Some(MAX_AGE_LIMIT));
        assert_eq!(max_age("0000000001"), Some(1));
        let huge = format!("{RFC_POLICY}{}", "x".repeat(MAX_POLICY_BYTES));
        assert_eq!(codes(&parse_policy(&huge).errors), ["too_large"]);
    }

    #[test]
    fn mx_matching() {
        let p = parse_policy(RFC_POLICY);
        for covered in [
            "mail.example.com",
            "MAIL.Example.COM.",
            "mx1.example.net",
            "a.EXAMPLE.net.",
        ] {
            assert!(p.covers(covered), "{covered}");
        }
        for not_covered in [
            "example.net",
            "a.b.example.net",
            ".example.net",
            "mail.example.com..",
            "xmail.example.com",
            "",
        ] {
            assert!(!p.covers(not_covered), "{not_covered}");
        }
    }

    const LABEL: &str = "[a-zA-Z0-9]([a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?";

    proptest! {
        #[test]
        fn parsing_never_panics(text in "\\PC{0,400}") {
            let _ = parse_record(&text);
            let _ = parse_record(&format!("v=STSv1; {text}"));
            let _ = parse_policy(&text);
            let policy = parse_policy(&format!("version: STSv1\nmx: {text}\n"));
            let _ = policy.covers(&text);
        }

        #[test]
        fn a_wildcard_covers_one_label_more(
            x in LABEL,
            y in LABEL,
            base in proptest::collection::vec(LABEL, 1..4),
        ) {
            let base = base.join(".");
            let policy = parse_policy(&format!("version: STSv1\nmode: enforce\nmax_age: 1\nmx: *.{base}\n"));
            prop_assert!(policy.errors.is_empty(), "{:?}", policy.errors);
            let one_more = format!("{x}.{base}");
            let one_more_shouting = format!("{}.{base}.", x.to_ascii_uppercase());
            let base_absolute = format!("{base}.");
            let two_more = format!("{y}.{x}.{base}");
            prop_assert!(policy.covers(&one_more));
            prop_assert!(policy.covers(&one_more_shouting));
            prop_assert!(!policy.covers(&base));
            prop_assert!(!policy.covers(&base_absolute));
            prop_assert!(!policy.covers(&two_more));
        }
    }
}
