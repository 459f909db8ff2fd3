//! CAA records (RFC 8659 §4 and the properties of IANA's "Certification Authority
//! Restriction Properties" registry): what one record says and where it breaks the grammar
//! of its property.
//!
//! [`parse`] reads a record's flags, tag and value. Each registered property is read by its
//! own specification: `issue` and `issuewild` by RFC 8659 §4.2 (with the RFC 8657
//! parameters `accounturi` and `validationmethods`), `issuemail` by RFC 9495 §3 (the same
//! grammar), `issuevmc` by the CA/Browser Forum's VMC Requirements (the `issue` grammar),
//! `iodef` by RFC 8659 §4.4 (a URL), `contactemail` and `contactphone` by the Baseline
//! Requirements appendix A (an RFC 6532 §3.2 address, an RFC 3966 §5.1.4 global number).
//! `auth`, `path` and `policy` are reserved (RFC 8659 §7.2) and other tags unknown; their
//! values are not read. Whether a record complies (which schemes an iodef may use, which
//! validation methods exist, what a critical unknown tag means for the set) is the
//! judgement of the `web.caa` check. The record zoo `caa_zoo.tsv` is the unit test and
//! the input of the internet.nl oracle (tests/live/caa_oracle.rs).
//!
//! Choices:
//! - Tags are compared case-insensitively (RFC 8659 §4.1); parameter tags exactly, as
//!   internet.nl does (RFC 8659 does not say, RFC 8657 spells them lower-case).
//! - `iodef`: RFC 3986 characters only (no spaces, `%` followed by two hex digits), a
//!   scheme, and for `http`/`https` a host after `//`; a `mailto:` URL (RFC 6068 §2) names
//!   one or more addresses, each an RFC 6532 addr-spec after percent-decoding.
//! - Linear in the input; no recursion.
#![forbid(unsafe_code)]

use serde::Serialize;

use super::uri;

/// The issuer-critical flag (RFC 8659 §4.1), the only flag bit defined.
pub const CRITICAL: u8 = 0x80;

/// A property of the registry, by tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    Issue,
    IssueWild,
    IssueMail,
    IssueVmc,
    Iodef,
    ContactEmail,
    ContactPhone,
    /// `auth`, `path`, `policy`: reserved, never to be used (RFC 8659 §7.2).
    Reserved,
    /// Not in the registry (or not a tag at all).
    Unknown,
}

impl Property {
    fn of(tag: &str) -> Property {
        match tag.to_ascii_lowercase().as_str() {
            "issue" => Property::Issue,
            "issuewild" => Property::IssueWild,
            "issuemail" => Property::IssueMail,
            "issuevmc" => Property::IssueVmc,
            "iodef" => Property::Iodef,
            "contactemail" => Property::ContactEmail,
            "contactphone" => Property::ContactPhone,
            "auth" | "path" | "policy" => Property::Reserved,
            _ => Property::Unknown,
        }
    }

    /// The properties whose value is an issuer domain name with parameters.
    fn names_issuer(self) -> bool {
        matches!(
            self,
            Property::Issue | Property::IssueWild | Property::IssueMail | Property::IssueVmc
        )
    }
}

/// One CAA record as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaaRecord {
    pub property: Property,
    /// The issuer-critical bit (128).
    pub critical: bool,
    /// The other, reserved flag bits (RFC 8659 §4.1: to be set to zero).
    pub reserved_flags: u8,
    /// For `issue`, `issuewild`, `issuemail` and `issuevmc` whose value parses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<IssuerValue>,
    /// For an `iodef` whose value is a URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iodef: Option<Iodef>,
    /// Where the record breaks its property's grammar, in reading order.
    pub problems: Vec<Problem>,
}

/// The value of an issuer property (RFC 8659 §4.2, RFC 9495 §3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuerValue {
    /// The issuer domain name; `None` when the value names none, which allows no issuer.
    pub issuer: Option<String>,
    pub parameters: Vec<Parameter>,
    /// RFC 8657 §4: the labels of a `validationmethods` parameter that parses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_methods: Option<Vec<String>>,
}

/// An iodef URL (RFC 8659 §4.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Iodef {
    /// Lower-cased.
    pub scheme: String,
    /// How many addresses a `mailto:` URL names (RFC 6068 §2 allows several); 0 for others.
    pub addresses: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parameter {
    pub tag: String,
    pub value: String,
}

/// Where a record breaks its grammar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Problem {
    /// The tag is not 1 to 15 ASCII letters and digits (RFC 8659 §4.1).
    TagSyntax,
    /// The issuer value breaks the grammar of RFC 8659 §4.2 at byte `at`.
    IssuerSyntax { at: usize },
    /// An `accounturi` parameter that is not a URI (RFC 8657 §3, RFC 3986 §3).
    AccountUriSyntax,
    /// A `validationmethods` parameter that is not a comma-separated list of labels
    /// (RFC 8657 §4).
    ValidationMethodsSyntax,
    /// An `iodef` value that is not a URL (RFC 8659 §4.4).
    IodefSyntax,
    /// A `contactemail` value that is not one address (BR appendix A.1.1, RFC 6532 §3.2).
    EmailSyntax,
    /// A `contactphone` value that is not a global number (BR appendix A.1.2, RFC 3966
    /// §5.1.4).
    PhoneSyntax,
}

/// Reads one record.
pub fn parse(flags: u8, tag: &str, value: &str) -> CaaRecord {
    let mut record = CaaRecord {
        property: Property::of(tag),
        critical: flags & CRITICAL != 0,
        reserved_flags: flags & !CRITICAL,
        issuer: None,
        iodef: None,
        problems: Vec::new(),
    };
    let tag_ok = (1..=15).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_alphanumeric());
    if !tag_ok {
        record.property = Property::Unknown;
        record.problems.push(Problem::TagSyntax);
        return record;
    }
    match record.property {
        p if p.names_issuer() => match issuer_value(value) {
            Ok(mut issuer) => {
                for parameter in &issuer.parameters {
                    match parameter.tag.as_str() {
                        "accounturi" if !is_uri(&parameter.value) => {
                            record.problems.push(Problem::AccountUriSyntax)
                        }
                        "validationmethods" => match validation_methods(&parameter.value) {
                            Some(methods) => issuer.validation_methods = Some(methods),
                            None => record.problems.push(Problem::ValidationMethodsSyntax),
                        },
                        _ => {}
                    }
                }
                record.issuer = Some(issuer);
            }
            Err(at) => record.problems.push(Problem::IssuerSyntax { at }),
        },
        Property::Iodef => match iodef(value) {
            Some(iodef) => record.iodef = Some(iodef),
            None => record.problems.push(Problem::IodefSyntax),
        },
        Property::ContactEmail if !is_addr_spec(value) => {
            record.problems.push(Problem::EmailSyntax)
        }
        Property::ContactPhone if !is_global_number(value) => {
            record.problems.push(Problem::PhoneSyntax)
        }
        _ => {}
    }
    record
}

fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The end of a run of bytes from `start` that satisfy `ok`.
fn run(b: &[u8], start: usize, ok: impl Fn(u8) -> bool) -> usize {
    let mut i = start;
    while i < b.len() && ok(b[i]) {
        i += 1;
    }
    i
}

/// `label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT))`: letters, digits and inner hyphens.
fn is_label(label: &[u8]) -> bool {
    !label.is_empty()
        && label
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && label[0] != b'-'
        && label[label.len() - 1] != b'-'
}

/// RFC 8659 §4.2 (errata 5200 and 7139 applied, as internet.nl has it):
///
/// ```text
/// issue-value = *WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]]
/// issuer-domain-name = label *("." label)
/// parameters = (parameter *WSP ";" *WSP parameters) / parameter
/// parameter = tag *WSP "=" *WSP value
/// tag = label
/// value = *(%x21-3A / %x3C-7E)
/// ```
///
/// Every repetition is greedy and what may follow it cannot continue it, so one pass
/// decides. `Err` holds the byte where the value stops following the grammar.
fn issuer_value(value: &str) -> Result<IssuerValue, usize> {
    let b = value.as_bytes();
    let mut i = run(b, 0, is_wsp);
    let name_end = run(b, i, |c| {
        c.is_ascii_alphanumeric() || c == b'-' || c == b'.'
    });
    let issuer = if name_end > i {
        if !b[i..name_end].split(|c| *c == b'.').all(is_label) {
            return Err(i);
        }
        Some(value[i..name_end].to_string())
    } else {
        None
    };
    i = run(b, name_end, is_wsp);
    let mut parameters = Vec::new();
    if i == b.len() {
        return Ok(IssuerValue {
            issuer,
            parameters,
            validation_methods: None,
        });
    }
    if b[i] != b';' {
        return Err(i);
    }
    i = run(b, i + 1, is_wsp);
    if i < b.len() {
        loop {
            let tag_end = run(b, i, |c| c.is_ascii_alphanumeric() || c == b'-');
            if !is_label(&b[i..tag_end]) {
                return Err(i);
            }
            let tag = &value[i..tag_end];
            i = run(b, tag_end, is_wsp);
            if b.get(i) != Some(&b'=') {
                return Err(i);
            }
            i = run(b, i + 1, is_wsp);
            let value_end = run(b, i, |c| matches!(c, 0x21..=0x3a | 0x3c..=0x7e));
            parameters.push(Parameter {
                tag: tag.to_string(),
                value: value[i..value_end].to_string(),
            });
            i = run(b, value_end, is_wsp);
            match b.get(i) {
                None => break,
                Some(b';') => i = run(b, i + 1, is_wsp),
                Some(_) => return Err(i),
            }
            if i == b.len() {
                // `parameters` after a ";" is not optional: a trailing ";" breaks it.
                return Err(i);
            }
        }
    }
    Ok(IssuerValue {
        issuer,
        parameters,
        validation_methods: None,
    })
}

/// RFC 8657 §4: `value = [*(label ",") label]`, `label = 1*(ALPHA / DIGIT / "-")`.
fn validation_methods(value: &str) -> Option<Vec<String>> {
    if value.is_empty() {
        return Some(Vec::new());
    }
    value
        .split(',')
        .map(|label| {
            (!label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            .then(|| label.to_string())
        })
        .collect()
}

/// An RFC 3986 `URI` (RFC 8657 §3 requires one for `accounturi`).
fn is_uri(value: &str) -> bool {
    uri::parse(value).is_some()
}

/// RFC 8659 §4.4: an iodef URL, when the value is an RFC 3986 URI of a scheme it allows.
fn iodef(value: &str) -> Option<Iodef> {
    let parsed = uri::parse(value)?;
    let scheme = parsed.scheme.to_ascii_lowercase();
    let mut addresses = 0;
    let ok = match scheme.as_str() {
        "mailto" => {
            // RFC 6068 §2: `"mailto:" [ to ] [ hfields ]`, the addresses in the path.
            let to = parsed.path;
            addresses = to.split(',').count();
            parsed.authority.is_none()
                && !to.is_empty()
                && to
                    .split(',')
                    .all(|address| percent_decoded(address).is_some_and(|a| is_addr_spec(&a)))
        }
        // RFC 9110 §4.2: an http(s) URI has an authority with a non-empty host.
        "http" | "https" => parsed.authority.is_some_and(|a| !uri::host(a).is_empty()),
        _ => true,
    };
    ok.then_some(Iodef { scheme, addresses })
}

/// Percent-decoding (RFC 3986 §2.1) to UTF-8; `None` when the bytes are not UTF-8.
fn percent_decoded(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `atext` of RFC 5322 §3.2.3, widened by RFC 6532 §3.2 to any non-ASCII character.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || !c.is_ascii()
}

/// `dot-atom-text = 1*atext *("." 1*atext)`.
fn is_dot_atom(text: &str) -> bool {
    text.split('.')
        .all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
}

/// RFC 5322 §3.4.1 `addr-spec = local-part "@" domain` with RFC 6532's UTF-8 and without
/// the obsolete forms, comments or surrounding whitespace ("no additional padding or
/// structure", BR appendix A.1.1): a dot-atom or quoted-string local part, a dot-atom or
/// domain-literal domain.
fn is_addr_spec(text: &str) -> bool {
    let domain = if let Some(quoted) = text.strip_prefix('"') {
        // qcontent = qtext / quoted-pair, with FWS between (RFC 5322 §3.2.4).
        let mut chars = quoted.char_indices();
        let mut close = None;
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    close = Some(i);
                    break;
                }
                '\\' => match chars.next() {
                    Some((_, q)) if q == ' ' || q == '\t' || q.is_ascii_graphic() => {}
                    _ => return false,
                },
                c if c == ' ' || c == '\t' || c.is_ascii_graphic() || !c.is_ascii() => {}
                _ => return false,
            }
        }
        let Some(close) = close else {
            return false;
        };
        match quoted[close + 1..].strip_prefix('@') {
            Some(domain) => domain,
            None => return false,
        }
    } else {
        match text.split_once('@') {
            Some((local, domain)) if is_dot_atom(local) => domain,
            _ => return false,
        }
    };
    if let Some(literal) = domain.strip_prefix('[') {
        // dtext = %d33-90 / %d94-126 / UTF8-non-ascii
        literal.strip_suffix(']').is_some_and(|inner| {
            inner
                .chars()
                .all(|c| matches!(c, '!'..='Z' | '^'..='~') || !c.is_ascii())
        })
    } else {
        is_dot_atom(domain)
    }
}

/// RFC 3966 §3 `global-number = global-number-digits *par`:
///
/// ```text
/// global-number-digits = "+" *phonedigit DIGIT *phonedigit
/// phonedigit = DIGIT / visual-separator        ; "-" / "." / "(" / ")"
/// par = parameter / extension / isdn-subaddress
/// parameter = ";" pname ["=" pvalue]           ; pname = 1*(alphanum / "-")
/// pvalue = 1*paramchar                         ; also covers ";ext=" and ";isub="
/// ```
fn is_global_number(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('+') else {
        return false;
    };
    let mut parts = rest.split(';');
    let digits = parts.next().unwrap_or("");
    if !digits.bytes().any(|b| b.is_ascii_digit())
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b"-.()".contains(&b))
    {
        return false;
    }
    parts.all(|par| {
        let (name, value) = match par.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (par, None),
        };
        let name_ok =
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        name_ok && value.is_none_or(is_paramchars)
    })
}

/// `1*paramchar`: `param-unreserved / unreserved / pct-encoded` of RFC 3966 §3.
fn is_paramchars(value: &str) -> bool {
    !value.is_empty()
        && uri::all_or_pct(value, |b| {
            b.is_ascii_alphanumeric() || b"[]/:&+$-_.!~*'()".contains(&b)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A problem's name in the zoo.
    fn code(problem: &Problem) -> &'static str {
        match problem {
            Problem::TagSyntax => "tag_syntax",
            Problem::IssuerSyntax { .. } => "issuer_syntax",
            Problem::AccountUriSyntax => "accounturi_syntax",
            Problem::ValidationMethodsSyntax => "validationmethods_syntax",
            Problem::IodefSyntax => "iodef_syntax",
            Problem::EmailSyntax => "email_syntax",
            Problem::PhoneSyntax => "phone_syntax",
        }
    }

    /// A record's reading in the zoo's notation: `issuer=NAME` (`-` for none) with
    /// `;methods=a,b` when validation methods were read, `iodef=SCHEME` (with
    /// `;addresses=N` for more than one), or the property.
    fn reading(r: &CaaRecord) -> String {
        if let Some(v) = &r.issuer {
            let mut s = format!("issuer={}", v.issuer.as_deref().unwrap_or("-"));
            if let Some(m) = &v.validation_methods {
                s.push_str(&format!(";methods={}", m.join(",")));
            }
            return s;
        }
        if let Some(iodef) = &r.iodef {
            return match iodef.addresses {
                0 | 1 => format!("iodef={}", iodef.scheme),
                n => format!("iodef={};addresses={n}", iodef.scheme),
            };
        }
        match r.property {
            Property::ContactEmail => "contactemail",
            Property::ContactPhone => "contactphone",
            Property::Reserved => "reserved",
            Property::Unknown => "unknown",
            _ => "-",
        }
        .to_string()
    }

    /// The zoo's lines: (expected codes, expected reading, flags, tag, value).
    pub(crate) fn zoo() -> Vec<(String, String, u8, String, String)> {
        include_str!("caa_zoo.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|line| {
                let c: Vec<&str> = line.splitn(5, '\t').collect();
                assert_eq!(c.len(), 5, "zoo line {line:?}");
                (
                    c[0].to_string(),
                    c[1].to_string(),
                    c[2].parse().unwrap_or_else(|_| panic!("flags in {line:?}")),
                    c[3].to_string(),
                    c[4].replace("\\t", "\t"),
                )
            })
            .collect()
    }

    /// Every record of the zoo reads as the zoo says: its problems (with reserved flag
    /// bits as `reserved_flags` and the critical bit as `critical`) and its reading.
    #[test]
    fn the_zoo() {
        let zoo = zoo();
        let mut wrong = Vec::new();
        for (codes, want_reading, flags, tag, value) in &zoo {
            let r = parse(*flags, tag, value);
            let mut got: Vec<&str> = Vec::new();
            if r.critical {
                got.push("critical");
            }
            if r.reserved_flags != 0 {
                got.push("reserved_flags");
            }
            got.extend(r.problems.iter().map(code));
            let got = if got.is_empty() {
                "-".to_string()
            } else {
                got.join(",")
            };
            let got_reading = reading(&r);
            if (&got, &got_reading) != (codes, want_reading) {
                wrong.push(format!(
                    "{flags} {tag} {value:?}: {got} {got_reading}, zoo says {codes} {want_reading}"
                ));
            }
        }
        assert!(zoo.len() >= 80, "the zoo has {} records", zoo.len());
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn issuer_syntax_position() {
        assert_eq!(
            parse(0, "issue", "ca.example; a=b c=d").problems,
            vec![Problem::IssuerSyntax { at: 16 }]
        );
        let r = parse(
            0,
            "issue",
            " ca.example ; accounturi = https://ca.example/1 ",
        );
        let v = r.issuer.unwrap();
        assert_eq!(v.issuer.as_deref(), Some("ca.example"));
        assert_eq!(
            v.parameters,
            vec![Parameter {
                tag: "accounturi".into(),
                value: "https://ca.example/1".into()
            }]
        );
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(flags in 0u8..=255, tag in "[a-zA-Z0-9]{0,16}", value in "\\PC{0,200}") {
            for t in [tag.as_str(), "issue", "iodef", "contactemail", "contactphone"] {
                let _ = parse(flags, t, &value);
                let _ = parse(flags, t, &format!("ca.example; {value}"));
                let _ = parse(flags, t, &format!("mailto:{value}"));
            }
        }
    }
}
