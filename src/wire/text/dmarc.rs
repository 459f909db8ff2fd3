//! DMARC policy records (RFC 7489 §6.3–§6.4, RFC 9091 for `np` and `psd`).
//!
//! [`parse`] reads one TXT record into its tags. Like internet.nl's parser it checks the
//! value of every known tag and reports each problem with a stable code; unknown tags are
//! ignored as §6.3 requires. `v=DMARC1` must be the first tag.
//!
//! Choices:
//! - Tag names are compared case-insensitively, values of `p`, `sp`, `np` too.
//! - A record without `p` but with a valid `rua` counts as `p=none` (§6.6.3 step 6).
//! - Linear in the input; no recursion.
#![forbid(unsafe_code)]

use serde::Serialize;

/// True for a TXT record that claims to be DMARC (`v=DMARC1` first, §6.6.3 step 4).
pub fn is_dmarc(text: &str) -> bool {
    let first = text.split(';').next().unwrap_or_default();
    match first.split_once('=') {
        Some((k, v)) => k.trim().eq_ignore_ascii_case("v") && v.trim() == "DMARC1",
        None => false,
    }
}

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
    /// `not_dmarc`, `version_not_first`, `missing_policy`, `bad_policy`, `bad_alignment`,
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
        let code = if text.to_ascii_lowercase().contains("v=dmarc1") {
            "version_not_first"
        } else {
            "not_dmarc"
        };
        error(code, text);
        return record;
    }
    let mut seen: Vec<String> = Vec::new();
    let (mut policy, mut sp, mut np, mut testing, mut pct) = (None, None, None, false, None);
    let (mut rua, mut ruf) = (Vec::new(), Vec::new());
    for part in text.split(';').skip(1) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((name, value)) = part.split_once('=') else {
            error("bad_tag", part);
            continue;
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        if seen.contains(&name) {
            error("duplicate_tag", part);
            continue;
        }
        seen.push(name.clone());
        match name.as_str() {
            "v" => error("duplicate_tag", part),
            "p" | "sp" | "np" => match Policy::parse(value) {
                Some(p) => match name.as_str() {
                    "p" => policy = Some(p),
                    "sp" => sp = Some(p),
                    _ => np = Some(p),
                },
                None => error("bad_policy", part),
            },
            "pct" => match value.parse::<u8>().ok().filter(|p| *p <= 100) {
                Some(p) => pct = Some(p),
                None => error("bad_percent", part),
            },
            "t" => match value {
                "y" => testing = true,
                "n" => testing = false,
                _ => error("bad_testing", part),
            },
            "adkim" | "aspf" | "ri" | "fo" | "rf" | "psd" => {
                if let Some(code) = invalid_value(&name, value) {
                    error(code, part)
                }
            }
            "rua" | "ruf" => {
                let list = if name == "rua" { &mut rua } else { &mut ruf };
                for uri in value.split(',').map(str::trim) {
                    match report_uri(uri) {
                        Some(u) => list.push(u),
                        None => error("bad_uri", uri),
                    }
                }
            }
            // Unknown tags must be ignored (§6.3).
            _ => {}
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

/// The problem code when a tag that pastoe only validates has a value §6.3 does not allow.
fn invalid_value(name: &str, value: &str) -> Option<&'static str> {
    let list_of = |allowed: &[&str]| value.split(':').all(|v| allowed.contains(&v.trim()));
    let (ok, code) = match name {
        "adkim" | "aspf" => (matches!(value, "r" | "s"), "bad_alignment"),
        "ri" => (value.parse::<u32>().is_ok(), "bad_interval"),
        "fo" => (list_of(&["0", "1", "d", "s"]), "bad_failure_options"),
        "rf" => (list_of(&["afrf", "AFRF"]), "bad_report_format"),
        "psd" => (matches!(value, "y" | "n" | "u"), "bad_psd"),
        _ => (true, ""),
    };
    (!ok).then_some(code)
}

/// `mailto:addr@host[!size[kmgt]]`; other schemes are kept without a mail domain.
fn report_uri(uri: &str) -> Option<ReportUri> {
    let (scheme, rest) = uri.split_once(':')?;
    if scheme.is_empty()
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
    let (address, size) = match rest.split_once('!') {
        Some((a, s)) => (a, Some(s)),
        None => (rest, None),
    };
    if let Some(size) = size {
        let digits = size.trim_end_matches(['k', 'm', 'g', 't', 'K', 'M', 'G', 'T']);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let (local, host) = address.rsplit_once('@')?;
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

    #[test]
    fn problems_have_codes() {
        assert_eq!(
            parse("p=reject; v=DMARC1").errors[0].code,
            "version_not_first"
        );
        assert_eq!(parse("v=spf1 -all").errors[0].code, "not_dmarc");
        let r = parse("v=DMARC1; p=block; pct=120; adkim=x; rua=mailto:nobody; t=maybe; p=none");
        let codes: Vec<&str> = r.errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                "bad_policy",
                "bad_percent",
                "bad_alignment",
                "bad_uri",
                "bad_testing",
                "duplicate_tag",
                "missing_policy"
            ]
        );
    }

    #[test]
    fn testing_and_implicit_none() {
        let r = parse("v=DMARC1; p=quarantine; t=y");
        assert!(r.testing && r.errors.is_empty());
        let r = parse("v=DMARC1; rua=mailto:d@example.nl");
        assert_eq!(r.policy, Some(Policy::None));
        assert_eq!(parse("v=DMARC1").errors[0].code, "missing_policy");
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
