//! SPF records (RFC 7208 §4.6, §5, §6, §7, §12 ABNF).
//!
//! [`parse`] turns the text of one `v=spf1` TXT record into its terms: directives
//! (qualifier + mechanism) and modifiers. Domain specifications keep their macros as
//! written ([`DomainSpec`]); pastoe never expands a macro letter, as internet.nl does not: a
//! macro depends on the sender being checked, which a scan does not have.
//!
//! The record zoo `spf_zoo.tsv` (written from the ABNF) is the unit test and the pyspf
//! oracle's input (tests/live/mail_oracle.rs).
//!
//! Choices:
//! - Mechanism and modifier names are compared case-insensitively (§4.6.1, §12).
//! - `domain-spec` is exactly §7.1's `macro-string domain-end`: anything visible may come
//!   before the domain-end (`:`, `/`, `=`, empty labels), which must be a macro-expand or
//!   `"." toplabel ["."]`. A name that is well-formed for SPF but not for the DNS (an empty
//!   or overlong label) is no syntax error; its lookup fails, which is a fact of the tree.
//! - The macro letters `c`, `r` and `t` are allowed only in the explanation text fetched
//!   from the `exp=` target (§7.2), which pastoe does not fetch: in a record they are a
//!   syntax error, in domain-specs and unknown modifiers alike (as pyspf has it).
//! - A DIGIT transformer of zero is a syntax error (§7.3: "the value MUST be nonzero").
//! - A syntax error stops nothing: [`parse`] records every bad term and keeps the good
//!   ones, so a report can show the whole record; the record still counts as a
//!   `permerror` (§4.6) when [`SpfRecord::errors`] is not empty.
//! - Linear in the input; no recursion.
#![forbid(unsafe_code)]

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

/// The record begins with `v=spf1` (case-insensitive, as every ABNF literal), followed by
/// a space or the end (§4.5: the version section is terminated by SP or the end; nothing
/// may precede it, not even a space).
pub fn is_spf(text: &str) -> bool {
    text.len() >= 6
        && text.as_bytes()[..6].eq_ignore_ascii_case(b"v=spf1")
        && text[6..].chars().next().is_none_or(|c| c == ' ')
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
    /// The name to look up: the spec with its escapes `%%`, `%_`, `%-` expanded (§7.3), or
    /// `None` when it has a macro letter (`%{…}`), whose target depends on the message.
    pub fn name(&self) -> Option<String> {
        let mut name = String::with_capacity(self.0.len());
        let mut chars = self.0.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                name.push(c);
                continue;
            }
            match chars.next() {
                Some('%') => name.push('%'),
                Some('_') => name.push(' '),
                Some('-') => name.push_str("%20"),
                _ => return None,
            }
        }
        Some(name)
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
    /// Stable code: `not_spf`, `unknown_mechanism`, `bad_domain_spec` (no valid
    /// domain-end, §7.1), `bad_ip`, `bad_cidr`, `missing_argument`, `duplicate_modifier`,
    /// `bad_macro` (not a macro-expand, §7.1), `macro_not_allowed` (`c`, `r` or `t`
    /// outside explanation text, §7.2), `bad_character` (not a visible ASCII character,
    /// §7.1 macro-literal), `bad_modifier_name`.
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
    for raw in text[6..].split(' ').filter(|t| !t.is_empty()) {
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

/// `domain-spec = macro-string domain-end` with
/// `domain-end = ( "." toplabel [ "." ] ) / macro-expand` (§7.1).
fn domain_spec(text: &str) -> Result<DomainSpec, &'static str> {
    let literal_tail = &text[macro_string(text)?..];
    let ends_well = if text.is_empty() {
        false
    } else if literal_tail.is_empty() {
        // The last thing is a macro-expand.
        true
    } else {
        let tail = literal_tail.strip_suffix('.').unwrap_or(literal_tail);
        tail.rsplit_once('.')
            .is_some_and(|(_, top)| is_toplabel(top))
    };
    if !ends_well {
        return Err("bad_domain_spec");
    }
    Ok(DomainSpec(text.to_string()))
}

/// `toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" )
/// alphanum )`: letters, digits and hyphens, not all digits, no hyphen at either end.
fn is_toplabel(label: &str) -> bool {
    let b = label.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b.iter().any(|c| c.is_ascii_alphabetic() || *c == b'-')
        }
        _ => false,
    }
}

/// Checks a `macro-string` (§7.1): `*( macro-expand / macro-literal )`, where
/// `macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"`
/// and `macro-literal = %x21-24 / %x26-7E`. Returns where the final run of macro-literals
/// starts (the length when the string ends in a macro-expand), for the domain-end rule.
fn macro_string(text: &str) -> Result<usize, &'static str> {
    let bytes = text.as_bytes();
    let (mut i, mut tail) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                i += match bytes.get(i + 1) {
                    Some(b'%' | b'_' | b'-') => 2,
                    Some(b'{') => 2 + macro_expand(&bytes[i + 2..])?,
                    // "A '%' character not followed by a '{', '%', '-', or '_' character
                    // is a syntax error" (§7.1).
                    _ => return Err("bad_macro"),
                };
                tail = i;
            }
            0x21..=0x7e => i += 1,
            _ => return Err("bad_character"),
        }
    }
    Ok(tail)
}

/// `macro-letter transformers *delimiter "}"` after a `%{`; returns its length.
fn macro_expand(bytes: &[u8]) -> Result<usize, &'static str> {
    let letter = bytes.first().ok_or("bad_macro")?.to_ascii_lowercase();
    if b"crt".contains(&letter) {
        return Err("macro_not_allowed");
    }
    if !b"slodiphv".contains(&letter) {
        return Err("bad_macro");
    }
    let mut i = 1;
    let digits = bytes[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    // §7.3: "If a DIGIT is specified, the value MUST be nonzero."
    if digits > 0 && bytes[i..i + digits].iter().all(|c| *c == b'0') {
        return Err("bad_macro");
    }
    i += digits;
    if matches!(bytes.get(i), Some(b'r' | b'R')) {
        i += 1;
    }
    i += bytes[i..]
        .iter()
        .take_while(|c| b".-+,/_=".contains(c))
        .count();
    match bytes.get(i) {
        Some(b'}') => Ok(i + 1),
        _ => Err("bad_macro"),
    }
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
                "unknown_mechanism"
            ]
        );
        assert_eq!(r.errors[3].term, "foo:bar");
        assert_eq!(r.all(), Some(Qualifier::Fail));
    }

    #[test]
    fn domain_specs_name_their_lookups() {
        let Mechanism::Exists { domain } = directive("exists:%{ir}.%{l1r+-}._spf.%{d}").mechanism
        else {
            panic!()
        };
        assert_eq!(domain.name(), None);
        let Mechanism::Include { domain } = directive("include:50%%.x%_y%-z.example.nl").mechanism
        else {
            panic!()
        };
        assert_eq!(domain.name().as_deref(), Some("50%.x y%20z.example.nl"));
        assert_eq!(macro_string("%%%_%-"), Ok(6));
        assert_eq!(macro_string("a.%{d}.nl"), Ok(6));
    }

    /// Every record of the zoo parses to its expected error codes.
    #[test]
    fn the_zoo() {
        let mut wrong = Vec::new();
        let mut count = 0;
        for line in include_str!("spf_zoo.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let (codes, text) = line.split_once('\t').unwrap_or_default();
            let text = text.replace("\\t", "\t");
            count += 1;
            let r = parse(&text);
            let got: Vec<&str> = r.errors.iter().map(|e| e.code).collect();
            let got = if got.is_empty() {
                "-".to_string()
            } else {
                got.join(",")
            };
            if got != codes {
                wrong.push(format!("{text:?}: {got}, zoo says {codes}"));
            }
            assert_eq!(is_spf(&text), codes != "not_spf", "{text:?}");
        }
        assert!(count >= 100, "the zoo has {count} records");
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
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
