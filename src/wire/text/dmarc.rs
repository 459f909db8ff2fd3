//! DMARC policy records (RFC 7489 §6.3–§6.4; RFC 9989 §4.7–§4.8 for `np`, `psd` and `t`).
//!
//! [`is_dmarc`] decides which TXT records are DMARC records at all; [`parse`] reads one
//! into its tags. Every tag follows its ABNF and each problem has a stable code; unknown
//! tags are ignored as §6.3 requires. The record zoo `dmarc_zoo.tsv` (written from the
//! ABNF) is the unit test and the checkdmarc oracle's input (tests/live/mail_oracle.rs).
//!
//! Choices:
//! - Tag names and the values of every literal tag are case-insensitive (ABNF literals,
//!   RFC 5234 §2.3); only `DMARC1` is case-sensitive (`%x44...` in the ABNF).
//! - `pct`, `rf` and `ri`, removed by RFC 9989, are still checked by RFC 7489's grammar:
//!   RFC 7489 receivers still apply them.
//! - A record without `p` but with a valid `rua` counts as `p=none` (RFC 7489 §6.6.3 step
//!   6); without either it is `missing_policy` (§6.3: `p` is required).
//! - Linear in the input; no recursion.
#![forbid(unsafe_code)]

use serde::Serialize;

/// True for a TXT record that is a DMARC record: it begins with the version tag exactly as
/// the ABNF writes it, `"v" *WSP "=" *WSP %x44.4d.41.52.43.31` followed by a separator or
/// the end (RFC 7489 §6.4, RFC 9989 §4.8). `DMARC1` is case-sensitive, the tag name is
/// not, and nothing may precede it. Other records at `_dmarc` are discarded, not counted
/// (RFC 7489 §6.6.3 steps 2 and 4).
pub fn is_dmarc(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['v', 'V']) else {
        return false;
    };
    let Some(rest) = rest.trim_start_matches(WSP).strip_prefix('=') else {
        return false;
    };
    match rest.trim_start_matches(WSP).strip_prefix("DMARC1") {
        Some(rest) => {
            let rest = rest.trim_start_matches(WSP);
            rest.is_empty() || rest.starts_with(';')
        }
        None => false,
    }
}

/// `WSP` of RFC 5234: space and horizontal tab, the only whitespace the ABNF allows.
const WSP: [char; 2] = [' ', '\t'];

/// The tags RFC 7489 and RFC 9989 define; others are ignored (RFC 7489 §6.3).
const KNOWN_TAGS: &[&str] = &[
    "v", "p", "sp", "np", "psd", "t", "pct", "rua", "ruf", "adkim", "aspf", "fo", "rf", "ri",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    None,
    Quarantine,
    Reject,
}

impl Policy {
    fn parse(value: &str) -> Option<Policy> {
        match value.to_ascii_lowercase().as_str() {
            "none" => Some(Policy::None),
            "quarantine" => Some(Policy::Quarantine),
            "reject" => Some(Policy::Reject),
            _ => None,
        }
    }

    /// The policy a receiver applies in testing mode (`t=y`, RFC 9989): one level less.
    pub fn one_level_less(self) -> Policy {
        match self {
            Policy::Reject => Policy::Quarantine,
            Policy::Quarantine | Policy::None => Policy::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }
}

/// A report destination of `rua`/`ruf` (`mailto:` URI, optional size limit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportUri {
    pub uri: String,
    /// The host part of a `mailto:` address: where authorisation is looked up (§7.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail_domain: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DmarcSyntaxError {
    /// `not_dmarc`, `missing_policy`, `bad_policy`, `bad_alignment`,
    /// `bad_percent`, `bad_interval`, `bad_failure_options`, `bad_report_format`,
    /// `bad_uri`, `bad_testing`, `bad_psd`, `duplicate_tag`, `bad_tag`.
    pub code: &'static str,
    pub tag: String,
}

/// A parsed DMARC record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DmarcRecord {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdomain_policy: Option<Policy>,
    /// `np` (RFC 9091): for non-existent subdomains.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonexistent_policy: Option<Policy>,
    /// `t=y`: testing mode (DMARCbis); receivers apply one level less.
    pub testing: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
    pub rua: Vec<ReportUri>,
    pub ruf: Vec<ReportUri>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<DmarcSyntaxError>,
}

/// Parses one DMARC TXT record.
pub fn parse(text: &str) -> DmarcRecord {
    let mut record = DmarcRecord::default();
    let mut error = |code: &'static str, tag: &str| {
        record.errors.push(DmarcSyntaxError {
            code,
            tag: tag.chars().take(80).collect(),
        })
    };
    if !is_dmarc(text) {
        error("not_dmarc", text);
        return record;
    }
    let mut seen: Vec<&str> = Vec::new();
    let (mut policy, mut sp, mut np, mut testing, mut pct) = (None, None, None, false, None);
    let (mut rua, mut ruf) = (Vec::new(), Vec::new());
    let parts: Vec<&str> = text.split(';').skip(1).collect();
    for (index, raw) in parts.iter().enumerate() {
        let part = raw.trim_matches(WSP);
        // Only one trailing separator is grammar: `[dmarc-sep]` at the end.
        if part.is_empty() && index + 1 == parts.len() {
            continue;
        }
        // `dmarc-tag = 1*ALPHA equals 1*dmarc-value` (RFC 9989 §4.8).
        let Some((name, value)) = part.split_once('=') else {
            error("bad_tag", part);
            continue;
        };
        let (name, value) = (name.trim_end_matches(WSP), value.trim_start_matches(WSP));
        let value_ok = !value.is_empty()
            && value
                .bytes()
                .all(|b| (0x20..=0x7e).contains(&b) && b != b';');
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) || !value_ok {
            error("bad_tag", part);
            continue;
        }
        let name = name.to_ascii_lowercase();
        // Unknown tags are ignored (RFC 7489 §6.3), repeated or not.
        let Some(known) = KNOWN_TAGS.iter().find(|t| **t == name) else {
            continue;
        };
        if seen.contains(known) {
            error("duplicate_tag", part);
            continue;
        }
        seen.push(known);
        match *known {
            "v" => error("duplicate_tag", part),
            "p" | "sp" | "np" => match Policy::parse(value) {
                Some(p) => match *known {
                    "p" => policy = Some(p),
                    "sp" => sp = Some(p),
                    _ => np = Some(p),
                },
                None => error("bad_policy", part),
            },
            // `1*3DIGIT`, at most 100 (RFC 7489 §6.3, §6.4).
            "pct" => match digits(value)
                .filter(|d| d.len() <= 3)
                .and_then(|d| d.parse::<u8>().ok())
                .filter(|p| *p <= 100)
            {
                Some(p) => pct = Some(p),
                None => error("bad_percent", part),
            },
            "t" => match value.to_ascii_lowercase().as_str() {
                "y" => testing = true,
                "n" => testing = false,
                _ => error("bad_testing", part),
            },
            "rua" | "ruf" => {
                let list = if *known == "rua" { &mut rua } else { &mut ruf };
                for uri in value.split(',').map(|u| u.trim_matches(WSP)) {
                    match report_uri(uri) {
                        Some(u) => list.push(u),
                        None => error("bad_uri", uri),
                    }
                }
            }
            _ => {
                if let Some(code) = invalid_value(known, value) {
                    error(code, part)
                }
            }
        }
    }
    if policy.is_none() {
        if rua.is_empty() {
            error("missing_policy", "p");
        } else {
            policy = Some(Policy::None);
        }
    }
    record.policy = policy;
    record.subdomain_policy = sp;
    record.nonexistent_policy = np;
    record.testing = testing;
    record.percent = pct;
    record.rua = rua;
    record.ruf = ruf;
    record
}

/// The problem code when a tag that pastoe only validates has a value its ABNF does not
/// allow (RFC 7489 §6.4, RFC 9989 §4.8). ABNF literals are case-insensitive (RFC 5234 §2.3).
fn invalid_value(name: &str, value: &str) -> Option<&'static str> {
    let value = value.to_ascii_lowercase();
    let list_of = |allowed: &[&str]| {
        value
            .split(':')
            .all(|v| allowed.contains(&v.trim_matches(WSP)))
    };
    let (ok, code) = match name {
        "adkim" | "aspf" => (matches!(value.as_str(), "r" | "s"), "bad_alignment"),
        "ri" => (digits(&value).is_some(), "bad_interval"),
        "fo" => (list_of(&["0", "1", "d", "s"]), "bad_failure_options"),
        // The ABNF allows any keyword; `afrf` is the only format defined (RFC 7489 §6.3).
        "rf" => (list_of(&["afrf"]), "bad_report_format"),
        "psd" => (matches!(value.as_str(), "y" | "n" | "u"), "bad_psd"),
        _ => (true, ""),
    };
    (!ok).then_some(code)
}

/// `1*DIGIT`: the value when it is only ASCII digits (Rust's integer parsing also takes `+`).
fn digits(value: &str) -> Option<&str> {
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())).then_some(value)
}

/// `URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]` (RFC 7489 §6.4): a `mailto:` URI needs
/// an address; other schemes are kept without a mail domain. A URI has no spaces or
/// control characters (RFC 3986 §2).
fn report_uri(uri: &str) -> Option<ReportUri> {
    if !uri.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let (target, size) = match uri.split_once('!') {
        Some((t, s)) => (t, Some(s)),
        None => (uri, None),
    };
    if let Some(size) = size {
        let number = size
            .strip_suffix(['k', 'm', 'g', 't', 'K', 'M', 'G', 'T'])
            .unwrap_or(size);
        digits(number)?;
    }
    let (scheme, rest) = target.split_once(':')?;
    if !scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    if !scheme.eq_ignore_ascii_case("mailto") {
        return Some(ReportUri {
            uri: uri.to_string(),
            mail_domain: None,
        });
    }
    let (local, host) = rest.rsplit_once('@')?;
    let host_ok = host.contains('.')
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if local.is_empty() || !host_ok {
        return None;
    }
    Some(ReportUri {
        uri: uri.to_string(),
        mail_domain: Some(host.to_ascii_lowercase()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_record() {
        let r = parse(
            "v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r; pct=100; \
             rua=mailto:dmarc@example.nl,mailto:rua@rapport.example.com!10m; ruf=mailto:f@example.nl; \
             fo=1:d; rf=afrf; ri=86400; t=n; psd=n; future=yes",
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.policy, Some(Policy::Reject));
        assert_eq!(r.subdomain_policy, Some(Policy::Quarantine));
        assert_eq!(r.nonexistent_policy, Some(Policy::Reject));
        assert_eq!(r.rua.len(), 2);
        assert_eq!(r.rua[1].mail_domain.as_deref(), Some("rapport.example.com"));
        assert!(!r.testing);
    }

    /// Every record of the zoo parses to its expected error codes and policy.
    #[test]
    fn the_zoo() {
        let mut wrong = Vec::new();
        let mut count = 0;
        for line in include_str!("dmarc_zoo.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut columns = line.splitn(3, '\t');
            let (codes, policy, text) = (
                columns.next().unwrap_or_default(),
                columns.next().unwrap_or_default(),
                columns.next().unwrap_or_default().replace("\\t", "\t"),
            );
            count += 1;
            let r = parse(&text);
            let got_codes = r
                .errors
                .iter()
                .map(|e| e.code)
                .collect::<Vec<_>>()
                .join(",");
            let got_codes = if got_codes.is_empty() {
                "-".into()
            } else {
                got_codes
            };
            let name = |p: Option<Policy>| p.map_or("-", Policy::as_str);
            let got_policy = match r.policy {
                None => "-".to_string(),
                Some(p) => format!(
                    "{}/{}/{}/{}",
                    p.as_str(),
                    name(r.subdomain_policy),
                    name(r.nonexistent_policy),
                    if r.testing { "y" } else { "n" }
                ),
            };
            if (got_codes.as_str(), got_policy.as_str()) != (codes, policy) {
                wrong.push(format!(
                    "{text:?}: {got_codes} {got_policy}, zoo says {codes} {policy}"
                ));
            }
            assert_eq!(is_dmarc(&text), codes != "not_dmarc", "{text:?}");
        }
        assert!(count >= 100, "the zoo has {count} records");
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn testing_and_implicit_none() {
        let r = parse("v=DMARC1; p=quarantine; t=y");
        assert!(r.testing && r.errors.is_empty());
        let r = parse("v=DMARC1; rua=mailto:d@example.nl");
        assert_eq!(r.policy, Some(Policy::None));
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,300}") {
            let _ = parse(&text);
            let _ = parse(&format!("v=DMARC1; {text}"));
        }
    }

    #[test]
    fn testing_mode_applies_one_level_less() {
        assert_eq!(Policy::Reject.one_level_less(), Policy::Quarantine);
        assert_eq!(Policy::Quarantine.one_level_less(), Policy::None);
        assert_eq!(Policy::None.one_level_less(), Policy::None);
    }
}
