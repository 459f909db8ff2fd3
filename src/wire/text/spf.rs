//! SPF records (RFC 7208 §4.6, §5, §6, §7, §12 ABNF).
//!
//! [`parse`] turns the text of one `v=spf1` TXT record into its terms: directives
//! (qualifier + mechanism) and modifiers. Domain specifications keep their macros as
//! written ([`DomainSpec`]); pastoe never expands them, as internet.nl does not: a macro
//! depends on the sender being checked, which a scan does not have.
//!
//! Choices:
//! - Mechanism and modifier names are compared case-insensitively (§4.6.1, §12).
//! - A syntax error stops nothing: [`parse`] records every bad term and keeps the good
//!   ones, so a report can show the whole record; the record still counts as a
//!   `permerror` (§4.6) when [`SpfRecord::errors`] is not empty.
//! - Linear in the input; no recursion.
#![forbid(unsafe_code)]

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

/// `v=spf1`, compared case-insensitively, followed by a space or the end (§4.5).
pub fn is_spf(text: &str) -> bool {
    let t = text.trim_start();
    t.len() >= 6
        && t.as_bytes()[..6].eq_ignore_ascii_case(b"v=spf1")
        && t[6..].chars().next().is_none_or(|c| c == ' ')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// `+` (the default)
    Pass,
    /// `-`
    Fail,
    /// `~`
    SoftFail,
    /// `?`
    Neutral,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Pass => "+",
            Qualifier::Fail => "-",
            Qualifier::SoftFail => "~",
            Qualifier::Neutral => "?",
        }
    }
}

/// A `domain-spec` as written, macros included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DomainSpec(pub String);

impl DomainSpec {
    /// Contains a macro (`%{…}`): the target depends on the message, so it is not followed.
    pub fn has_macros(&self) -> bool {
        self.0.contains("%{")
    }
}

/// CIDR prefix lengths of `a`/`mx` (`/24//64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DualCidr {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v4: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v6: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "mechanism")]
pub enum Mechanism {
    All,
    Include {
        domain: DomainSpec,
    },
    A {
        #[serde(skip_serializing_if = "Option::is_none")]
        domain: Option<DomainSpec>,
        cidr: DualCidr,
    },
    Mx {
        #[serde(skip_serializing_if = "Option::is_none")]
        domain: Option<DomainSpec>,
        cidr: DualCidr,
    },
    Ptr {
        #[serde(skip_serializing_if = "Option::is_none")]
        domain: Option<DomainSpec>,
    },
    Ip4 {
        network: Ipv4Addr,
        #[serde(skip_serializing_if = "Option::is_none")]
        prefix: Option<u8>,
    },
    Ip6 {
        network: Ipv6Addr,
        #[serde(skip_serializing_if = "Option::is_none")]
        prefix: Option<u8>,
    },
    Exists {
        domain: DomainSpec,
    },
}

impl Mechanism {
    /// Mechanisms that cost a DNS lookup (§4.6.4): include, a, mx, ptr, exists.
    pub fn needs_lookup(&self) -> bool {
        matches!(
            self,
            Mechanism::Include { .. }
                | Mechanism::A { .. }
                | Mechanism::Mx { .. }
                | Mechanism::Ptr { .. }
                | Mechanism::Exists { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    pub qualifier: Qualifier,
    #[serde(flatten)]
    pub mechanism: Mechanism,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "modifier")]
pub enum Modifier {
    Redirect {
        domain: DomainSpec,
    },
    Explanation {
        domain: DomainSpec,
    },
    /// An unknown modifier: allowed and ignored (§6).
    Unknown {
        name: String,
        value: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Term {
    Directive(Directive),
    Modifier(Modifier),
}

/// One problem in a record, with the term it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfSyntaxError {
    /// Stable code: `not_spf`, `unknown_mechanism`, `bad_domain_spec`, `bad_ip`,
    /// `bad_cidr`, `missing_argument`, `duplicate_modifier`, `bad_macro`,
    /// `bad_modifier_name`.
    pub code: &'static str,
    pub term: String,
}

/// A parsed record: its terms in order and every syntax problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct SpfRecord {
    pub terms: Vec<Term>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<SpfSyntaxError>,
}

impl SpfRecord {
    pub fn directives(&self) -> impl Iterator<Item = &Directive> {
        self.terms.iter().filter_map(|t| match t {
            Term::Directive(d) => Some(d),
            Term::Modifier(_) => None,
        })
    }

    /// The `all` directive's qualifier (the first one; later terms are never reached).
    pub fn all(&self) -> Option<Qualifier> {
        self.directives()
            .find(|d| d.mechanism == Mechanism::All)
            .map(|d| d.qualifier)
    }

    /// `redirect=`, which §6.1 ignores when the record has an `all`.
    pub fn redirect(&self) -> Option<&DomainSpec> {
        self.terms.iter().find_map(|t| match t {
            Term::Modifier(Modifier::Redirect { domain }) => Some(domain),
            _ => None,
        })
    }

    /// The redirect that takes effect: none when the record has an `all` (§6.1).
    pub fn effective_redirect(&self) -> Option<&DomainSpec> {
        self.redirect().filter(|_| self.all().is_none())
    }

    /// Terms that cost a DNS lookup here (§4.6.4): mechanisms and an effective redirect.
    pub fn lookup_terms(&self) -> usize {
        self.directives()
            .filter(|d| d.mechanism.needs_lookup())
            .count()
            + usize::from(self.effective_redirect().is_some())
    }
}

/// Parses one SPF record. Text that is not `v=spf1` gives a record with a `not_spf`
/// error and no terms.
pub fn parse(text: &str) -> SpfRecord {
    let mut record = SpfRecord::default();
    if !is_spf(text) {
        record.errors.push(SpfSyntaxError {
            code: "not_spf",
            term: text.chars().take(40).collect(),
        });
        return record;
    }
    let (mut redirects, mut explanations) = (0, 0);
    for raw in text.trim_start()[6..].split(' ').filter(|t| !t.is_empty()) {
        match term(raw) {
            Ok(t) => {
                if let Term::Modifier(m) = &t {
                    let count = match m {
                        Modifier::Redirect { .. } => &mut redirects,
                        Modifier::Explanation { .. } => &mut explanations,
                        Modifier::Unknown { .. } => &mut 0,
                    };
                    *count += 1;
                    if *count > 1 {
                        record.errors.push(SpfSyntaxError {
                            code: "duplicate_modifier",
                            term: raw.to_string(),
                        });
                        continue;
                    }
                }
                record.terms.push(t);
            }
            Err(code) => record.errors.push(SpfSyntaxError {
                code,
                term: raw.to_string(),
            }),
        }
    }
    record
}

fn term(raw: &str) -> Result<Term, &'static str> {
    // A modifier is `name=value` where name starts with a letter; a mechanism never has
    // `=` before its first `:` or `/`.
    let name_end = raw.find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)));
    if let Some(i) = name_end
        && raw.as_bytes()[i] == b'='
    {
        return modifier(&raw[..i], &raw[i + 1..]).map(Term::Modifier);
    }
    let (qualifier, rest) = match raw.as_bytes().first() {
        Some(b'+') => (Qualifier::Pass, &raw[1..]),
        Some(b'-') => (Qualifier::Fail, &raw[1..]),
        Some(b'~') => (Qualifier::SoftFail, &raw[1..]),
        Some(b'?') => (Qualifier::Neutral, &raw[1..]),
        _ => (Qualifier::Pass, raw),
    };
    let split = rest.find([':', '/']).unwrap_or(rest.len());
    let (name, arg) = rest.split_at(split);
    let domain_arg = arg.strip_prefix(':');
    let mechanism = match name.to_ascii_lowercase().as_str() {
        "all" if arg.is_empty() => Mechanism::All,
        "include" => Mechanism::Include {
            domain: required_domain(domain_arg)?,
        },
        "exists" => Mechanism::Exists {
            domain: required_domain(domain_arg)?,
        },
        "a" | "mx" => {
            let (domain, cidr) = domain_and_cidr(arg)?;
            if name.eq_ignore_ascii_case("a") {
                Mechanism::A { domain, cidr }
            } else {
                Mechanism::Mx { domain, cidr }
            }
        }
        "ptr" => Mechanism::Ptr {
            domain: match domain_arg {
                Some(d) => Some(domain_spec(d)?),
                None if arg.is_empty() => None,
                None => return Err("bad_domain_spec"),
            },
        },
        "ip4" => {
            let (addr, prefix) = network(domain_arg.ok_or("missing_argument")?, 32)?;
            Mechanism::Ip4 {
                network: addr.parse().map_err(|_| "bad_ip")?,
                prefix,
            }
        }
        "ip6" => {
            let (addr, prefix) = network(domain_arg.ok_or("missing_argument")?, 128)?;
            Mechanism::Ip6 {
                network: addr.parse().map_err(|_| "bad_ip")?,
                prefix,
            }
        }
        _ => return Err("unknown_mechanism"),
    };
    Ok(Term::Directive(Directive {
        qualifier,
        mechanism,
    }))
}

fn modifier(name: &str, value: &str) -> Result<Modifier, &'static str> {
    let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !valid_name {
        return Err("bad_modifier_name");
    }
    match name.to_ascii_lowercase().as_str() {
        "redirect" => Ok(Modifier::Redirect {
            domain: domain_spec(value)?,
        }),
        "exp" => Ok(Modifier::Explanation {
            domain: domain_spec(value)?,
        }),
        _ => {
            macro_string(value)?;
            Ok(Modifier::Unknown {
                name: name.to_string(),
                value: value.to_string(),
            })
        }
    }
}

fn required_domain(arg: Option<&str>) -> Result<DomainSpec, &'static str> {
    domain_spec(arg.filter(|a| !a.is_empty()).ok_or("missing_argument")?)
}

/// `[":" domain-spec] [dual-cidr-length]`
fn domain_and_cidr(arg: &str) -> Result<(Option<DomainSpec>, DualCidr), &'static str> {
    let (domain, cidr) = match arg.strip_prefix(':') {
        Some(rest) => {
            // The CIDR starts at the first "/" that is followed only by digits and "/".
            let at = rest
                .char_indices()
                .filter(|(_, c)| *c == '/')
                .map(|(i, _)| i)
                .find(|&i| rest[i..].chars().all(|c| c == '/' || c.is_ascii_digit()))
                .unwrap_or(rest.len());
            (Some(domain_spec(&rest[..at])?), &rest[at..])
        }
        None => (None, arg),
    };
    Ok((domain, dual_cidr(cidr)?))
}

fn dual_cidr(text: &str) -> Result<DualCidr, &'static str> {
    let mut cidr = DualCidr::default();
    if text.is_empty() {
        return Ok(cidr);
    }
    let (v4, v6) = match text.find("//") {
        Some(i) => (&text[..i], Some(&text[i + 2..])),
        None => (text, None),
    };
    if !v4.is_empty() {
        cidr.v4 = Some(prefix(v4.strip_prefix('/').ok_or("bad_cidr")?, 32)?);
    }
    if let Some(v6) = v6 {
        cidr.v6 = Some(prefix(v6, 128)?);
    }
    Ok(cidr)
}

fn prefix(digits: &str, max: u8) -> Result<u8, &'static str> {
    // No leading zeros (§12 "ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT)").
    if digits.is_empty() || digits.len() > 3 || (digits.len() > 1 && digits.starts_with('0')) {
        return Err("bad_cidr");
    }
    digits
        .parse::<u8>()
        .ok()
        .filter(|p| *p <= max)
        .ok_or("bad_cidr")
}

fn network(arg: &str, max: u8) -> Result<(&str, Option<u8>), &'static str> {
    match arg.rsplit_once('/') {
        Some((addr, p)) => Ok((addr, Some(prefix(p, max)?))),
        None => Ok((arg, None)),
    }
}

/// `domain-spec = macro-string domain-end`
fn domain_spec(text: &str) -> Result<DomainSpec, &'static str> {
    if text.is_empty() || text.len() > 253 * 2 {
        return Err("bad_domain_spec");
    }
    macro_string(text)?;
    if !text.contains("%{") {
        // A plain name: labels of letters, digits and hyphens, a top label that is not
        // all digits (§4.6.1 "toplabel").
        let name = text.trim_end_matches('.');
        let labels: Vec<&str> = name.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        let top = labels.last().copied().unwrap_or_default();
        if labels.len() < 2
            || !labels.iter().all(label_ok)
            || top.chars().all(|c| c.is_ascii_digit())
        {
            return Err("bad_domain_spec");
        }
    }
    Ok(DomainSpec(text.to_string()))
}

/// Checks macro syntax (§7.1): `%{` letter digits? `r`? delimiters `}`, `%%`, `%_`, `%-`.
fn macro_string(text: &str) -> Result<(), &'static str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if !(0x21..=0x7e).contains(&c) {
            return Err("bad_macro");
        }
        if c != b'%' {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'%' | b'_' | b'-') => i += 2,
            Some(b'{') => {
                let close = text[i..].find('}').ok_or("bad_macro")? + i;
                let inner = &text[i + 2..close];
                let mut chars = inner.chars();
                let letter = chars.next().ok_or("bad_macro")?;
                if !"slodiphcrtvSLODIPHCRTV".contains(letter) {
                    return Err("bad_macro");
                }
                let rest: String = chars.collect();
                let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
                let after = &rest[digits..];
                let after = after
                    .strip_prefix('r')
                    .or_else(|| after.strip_prefix('R'))
                    .unwrap_or(after);
                if !after.chars().all(|c| ".-+,/_=".contains(c)) {
                    return Err("bad_macro");
                }
                i = close + 1;
            }
            _ => return Err("bad_macro"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directive(text: &str) -> Directive {
        match term(text) {
            Ok(Term::Directive(d)) => d,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn recognises_the_version() {
        assert!(is_spf("v=spf1 -all"));
        assert!(is_spf("V=SPF1"));
        assert!(!is_spf("v=spf10 -all"));
        assert!(!is_spf("v=DMARC1; p=none"));
        assert_eq!(parse("spf2.0/pra").errors[0].code, "not_spf");
    }

    #[test]
    fn mechanisms_and_qualifiers() {
        let r = parse(
            "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.nl/24//64 \
             include:_spf.example.nl exists:%{i}.x.example.nl ptr ?all",
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.terms.len(), 8);
        assert_eq!(r.all(), Some(Qualifier::Neutral));
        assert_eq!(r.lookup_terms(), 5);
        assert_eq!(
            directive("mx:mail.example.nl/24//64").mechanism,
            Mechanism::Mx {
                domain: Some(DomainSpec("mail.example.nl".into())),
                cidr: DualCidr {
                    v4: Some(24),
                    v6: Some(64)
                }
            }
        );
        assert_eq!(directive("-ALL").qualifier, Qualifier::Fail);
        assert_eq!(
            directive("a//64").mechanism,
            Mechanism::A {
                domain: None,
                cidr: DualCidr {
                    v4: None,
                    v6: Some(64)
                }
            }
        );
    }

    #[test]
    fn modifiers() {
        let r = parse("v=spf1 redirect=_spf.example.nl exp=explain.%{d} foo=bar");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.redirect(), Some(&DomainSpec("_spf.example.nl".into())));
        assert_eq!(r.lookup_terms(), 1);
        // With an `all`, the redirect is ignored and costs nothing.
        let r = parse("v=spf1 -all redirect=_spf.example.nl");
        assert_eq!((r.effective_redirect(), r.lookup_terms()), (None, 0));
        let r = parse("v=spf1 redirect=a.example.nl redirect=b.example.nl");
        assert_eq!(r.errors[0].code, "duplicate_modifier");
    }

    #[test]
    fn errors_name_the_term_and_keep_the_rest() {
        let r = parse("v=spf1 ip4:300.1.1.1 include: mx:/33 foo:bar a:bad..name -all");
        let codes: Vec<&str> = r.errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                "bad_ip",
                "missing_argument",
                "bad_domain_spec",
                "unknown_mechanism",
                "bad_domain_spec"
            ]
        );
        assert_eq!(r.all(), Some(Qualifier::Fail));
        assert_eq!(parse("v=spf1 ip4:10.0.0.0/08").errors[0].code, "bad_cidr");
        assert_eq!(
            parse("v=spf1 include:%{z}.x.nl").errors[0].code,
            "bad_macro"
        );
        assert_eq!(
            parse("v=spf1 include:example.123").errors[0].code,
            "bad_domain_spec"
        );
    }

    #[test]
    fn macros_are_kept_as_written() {
        let d = directive("exists:%{ir}.%{l1r+-}._spf.%{d}");
        let Mechanism::Exists { domain } = d.mechanism else {
            panic!()
        };
        assert!(domain.has_macros());
        assert!(macro_string("%%%_%-").is_ok());
        assert!(macro_string("%x").is_err());
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,300}") {
            let _ = parse(&text);
            let _ = parse(&format!("v=spf1 {text}"));
        }

        #[test]
        fn terms_of_printable_records(text in "v=spf1( [-+~?]?(a|mx|ptr|all|include:[a-z]{1,5}\\.nl|ip4:10\\.0\\.0\\.[0-9]{1,2}(/[0-9]{1,2})?))*") {
            let r = parse(&text);
            proptest::prop_assert_eq!(r.terms.len() + r.errors.len(), text.split(' ').count() - 1);
        }
    }
}
