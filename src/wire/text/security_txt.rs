//! security.txt documents (RFC 9116): parsing and content validation.
//!
//! internet.nl grades security.txt with DigitalTrustCenter's `sectxt`; this
//! module reproduces those checks on the document text so pastoe reaches the
//! same verdicts, with stable codes the rule files key on. Transport checks
//! (location, HTTP status, Content-Type, size, redirects, UTF-8 decoding) are
//! the caller's.
//!
//! Decisions, where sectxt, internet.nl and RFC 9116 differ:
//! - Code names follow pastoe's brief, not sectxt: `invalid_uri` (sectxt
//!   `no_uri`), `insecure_uri` (`no_https`), `bom_present` (`bom_in_file`).
//! - `bom_present` is a recommendation; sectxt makes it an error.
//! - `no_space` (no whitespace after the colon) is a recommendation: RFC 9116's
//!   ABNF makes that whitespace optional, sectxt makes it an error.
//! - `prec_ws` covers whitespace before the field name as well as before the
//!   colon; sectxt only knows the latter.
//! - `expired` fires when Expires ≤ now (sectxt: < now); `long_expiry` when it
//!   is more than 366 days ahead (sectxt: more than one calendar year).
//! - Expires must be an RFC 3339 date-time (`T`, `t` or a space between date
//!   and time, optional fraction, `Z`/`z` or `±hh:mm`); sectxt additionally
//!   tolerates what `dateutil` parses, but then still reports `invalid_expiry`.
//! - `no_canonical_match` is checked when the caller passes the URL; internet.nl
//!   passes none to sectxt and so never reports it. An empty
//!   [`ValidationContext::url`] skips the check.
//! - `pgp_data_error` is decided structurally (armor lines, dash-escaping,
//!   base64 signature block); signatures are not verified, and sectxt's
//!   `pgp_error` (cryptographic decoding) therefore does not occur.
//! - Problems that can repeat per line (`pgp_data_error`, `data_after_sig`)
//!   are reported once, at their first line, to keep evidence short; the other
//!   line problems are reported per line.
#![forbid(unsafe_code)]

use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// A parsed document: its fields in file order and the syntax problems found
/// while reading it, so validation and evidence can point at lines.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SecurityTxt {
    /// Whether the file is an OpenPGP clear-signed message (signature not verified).
    pub signed: bool,
    /// Every well-formed `Name: value` line, in order; for a signed file only the signed body.
    pub fields: Vec<Field>,
    /// Syntax problems found while parsing; [`validate`] includes them.
    pub problems: Vec<Problem>,
}

/// One field line, kept with its line number so problems can point at it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Field {
    /// The field name as written (RFC 9116 names are case-insensitive).
    pub name: String,
    /// The value with surrounding whitespace removed.
    pub value: String,
    /// 1-based line number in the original text.
    pub line: usize,
}

/// What validation needs besides the document: where it came from and when
/// it was checked, so results are reproducible in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationContext<'a> {
    /// The URL the file was fetched from, compared with Canonical; empty skips that check.
    pub url: &'a str,
    /// The moment of the check, compared with Expires.
    pub now: OffsetDateTime,
}

/// Whether a problem makes the file invalid (sectxt "error", internet.nl
/// warning) or is advice (sectxt "recommendation", internet.nl info).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file does not meet RFC 9116.
    Error,
    /// The file is valid but could be better.
    Recommendation,
}

/// One finding about the document; `code` is a stable key into the rule
/// files and `vars` fill that rule's placeholders.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Stable snake_case code, one of [`PROBLEM_CODES`].
    pub code: &'static str,
    /// Error or recommendation; fixed per code.
    pub severity: Severity,
    /// 1-based line in the original text, when the problem belongs to one line.
    pub line: Option<usize>,
    /// Placeholder values for the rule texts, e.g. `("field", "Contact")`.
    pub vars: Vec<(&'static str, String)>,
}

/// Every code this module can produce with its fixed severity, so rule files
/// and tests can be checked for completeness.
pub const PROBLEM_CODES: &[(&str, Severity)] = &[
    ("empty_file", Severity::Error),
    ("bom_present", Severity::Recommendation),
    ("no_line_separators", Severity::Error),
    ("invalid_line", Severity::Error),
    ("prec_ws", Severity::Error),
    ("no_space", Severity::Recommendation),
    ("empty_key", Severity::Error),
    ("empty_value", Severity::Error),
    ("signed_format_issue", Severity::Error),
    ("pgp_data_error", Severity::Error),
    ("data_after_sig", Severity::Error),
    ("no_contact", Severity::Error),
    ("invalid_uri", Severity::Error),
    ("insecure_uri", Severity::Error),
    ("no_expire", Severity::Error),
    ("multi_expire", Severity::Error),
    ("invalid_expiry", Severity::Error),
    ("expired", Severity::Error),
    ("long_expiry", Severity::Recommendation),
    ("multi_lang", Severity::Error),
    ("invalid_lang", Severity::Error),
    ("no_canonical_match", Severity::Error),
    ("no_canonical", Severity::Recommendation),
    ("no_csaf_file", Severity::Error),
    ("multiple_csaf_fields", Severity::Recommendation),
    ("no_encryption", Severity::Recommendation),
    ("not_signed", Severity::Recommendation),
    ("unknown_field", Severity::Recommendation),
];

/// Longest piece of untrusted text copied into a problem, so evidence stays readable.
const MAX_EVIDENCE_CHARS: usize = 200;

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(MAX_EVIDENCE_CHARS).collect();
    if s.chars().nth(MAX_EVIDENCE_CHARS).is_some() {
        out.push('…');
    }
    out
}

fn problem(code: &'static str, line: Option<usize>, vars: Vec<(&'static str, String)>) -> Problem {
    let severity = PROBLEM_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(Severity::Error, |(_, s)| *s);
    Problem {
        code,
        severity,
        line,
        vars,
    }
}

const BEGIN_SIGNED: &str = "-----BEGIN PGP SIGNED MESSAGE-----";
const BEGIN_SIGNATURE: &str = "-----BEGIN PGP SIGNATURE-----";
const END_SIGNATURE: &str = "-----END PGP SIGNATURE-----";

fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `Name: value` as used in OpenPGP armor headers (`Hash: SHA512`, `Comment: …`).
fn is_armor_header(line: &str) -> bool {
    match line.split_once(": ") {
        Some((name, _)) => {
            let mut b = name.bytes();
            b.next().is_some_and(|c| c.is_ascii_alphabetic())
                && b.all(|c| c.is_ascii_alphanumeric() || c == b'-')
        }
        None => false,
    }
}

fn is_base64(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Unsigned,
    ArmorHeaders,
    Body,
    Signature,
    AfterSignature,
}

struct Parser<'a> {
    doc: SecurityTxt,
    state: State,
    pgp_error_reported: bool,
    data_after_sig_reported: bool,
    sig_lines: Vec<(usize, &'a str)>,
}

impl<'a> Parser<'a> {
    fn push(&mut self, code: &'static str, line: Option<usize>, vars: Vec<(&'static str, String)>) {
        self.doc.problems.push(problem(code, line, vars));
    }

    fn pgp_error(&mut self, line: Option<usize>, reason: &str) {
        if !self.pgp_error_reported {
            self.pgp_error_reported = true;
            self.push("pgp_data_error", line, vec![("reason", reason.to_string())]);
        }
    }

    fn line(&mut self, n: usize, line: &'a str) {
        let marker = line.trim_end_matches(is_wsp);
        match self.state {
            State::Unsigned => {
                if marker == BEGIN_SIGNED {
                    if n != 1 {
                        self.push("signed_format_issue", Some(n), Vec::new());
                    }
                    self.doc.signed = true;
                    self.state = State::ArmorHeaders;
                } else if marker == BEGIN_SIGNATURE {
                    self.pgp_error(Some(n), "signature block without a signed-message header");
                    self.state = State::Signature;
                } else {
                    self.content(n, line);
                }
            }
            State::ArmorHeaders => {
                if marker.is_empty() {
                    self.state = State::Body;
                } else if !is_armor_header(marker) {
                    self.pgp_error(Some(n), "no blank line after the armor headers");
                    self.state = State::Body;
                    self.body_line(n, line);
                }
            }
            State::Body => self.body_line(n, line),
            State::Signature => {
                if marker == END_SIGNATURE {
                    self.check_signature();
                    self.state = State::AfterSignature;
                } else {
                    self.sig_lines.push((n, marker));
                }
            }
            State::AfterSignature => {
                if !marker.trim_start_matches(is_wsp).is_empty() && !self.data_after_sig_reported {
                    self.data_after_sig_reported = true;
                    self.push("data_after_sig", Some(n), Vec::new());
                }
            }
        }
    }

    fn body_line(&mut self, n: usize, line: &'a str) {
        if line.trim_end_matches(is_wsp) == BEGIN_SIGNATURE {
            self.state = State::Signature;
        } else if let Some(rest) = line.strip_prefix("- ") {
            self.content(n, rest);
        } else {
            if line.starts_with('-') {
                self.pgp_error(Some(n), "a line starting with '-' is not dash-escaped");
            }
            self.content(n, line);
        }
    }

    /// Armor headers, an optional blank line, base64 data, an optional `=XXXX` checksum.
    fn check_signature(&mut self) {
        let lines = std::mem::take(&mut self.sig_lines);
        let mut in_headers = true;
        let mut data_lines = 0usize;
        let mut checksum_seen = false;
        for (n, l) in lines {
            if in_headers {
                if l.is_empty() {
                    in_headers = false;
                    continue;
                }
                if is_armor_header(l) {
                    continue;
                }
                in_headers = false;
            }
            if l.is_empty() {
                self.pgp_error(Some(n), "blank line inside the signature data");
                return;
            }
            if checksum_seen {
                self.pgp_error(Some(n), "data after the armor checksum");
                return;
            }
            if let Some(sum) = l.strip_prefix('=') {
                if sum.len() == 4 && is_base64(sum) && data_lines > 0 {
                    checksum_seen = true;
                    continue;
                }
                self.pgp_error(Some(n), "malformed armor checksum");
                return;
            }
            if !is_base64(l) {
                self.pgp_error(Some(n), "signature data is not base64");
                return;
            }
            data_lines += 1;
        }
        if data_lines == 0 {
            self.pgp_error(None, "the signature block holds no data");
        }
    }

    fn content(&mut self, n: usize, line: &str) {
        let line = line.trim_end_matches(is_wsp);
        let start = line.trim_start_matches(is_wsp);
        if start.is_empty() || start.starts_with('#') {
            return;
        }
        let Some((raw_name, raw_value)) = line.split_once(':') else {
            self.push("invalid_line", Some(n), vec![("value", shorten(line))]);
            return;
        };
        let name = raw_name.trim_matches(is_wsp);
        if name.is_empty() {
            self.push("empty_key", Some(n), vec![("value", shorten(line))]);
            return;
        }
        // RFC 5322 ftext: printable US-ASCII except colon (already split off).
        if !name.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
            self.push("invalid_line", Some(n), vec![("value", shorten(line))]);
            return;
        }
        let field_var = ("field", shorten(name));
        if name.len() != raw_name.len() {
            self.push("prec_ws", Some(n), vec![field_var.clone()]);
        }
        let value = raw_value.trim_matches(is_wsp);
        if value.is_empty() {
            self.push("empty_value", Some(n), vec![field_var]);
            return;
        }
        if !raw_value.starts_with(is_wsp) {
            self.push("no_space", Some(n), vec![field_var]);
        }
        self.doc.fields.push(Field {
            name: name.to_string(),
            value: value.to_string(),
            line: n,
        });
    }

    fn finish(&mut self) {
        match self.state {
            State::ArmorHeaders | State::Body => {
                self.pgp_error(None, "the signed message has no signature block");
            }
            State::Signature => self.pgp_error(None, "the signature block is not terminated"),
            State::Unsigned | State::AfterSignature => {}
        }
    }
}

/// Reads a security.txt text into fields and syntax problems, accepting LF and
/// CRLF line ends and OpenPGP clear-signed files, so that every later check
/// can refer to original line numbers.
pub fn parse(text: &str) -> SecurityTxt {
    let mut p = Parser {
        doc: SecurityTxt {
            signed: false,
            fields: Vec::new(),
            problems: Vec::new(),
        },
        state: State::Unsigned,
        pgp_error_reported: false,
        data_after_sig_reported: false,
        sig_lines: Vec::new(),
    };
    let body = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            p.push("bom_present", Some(1), Vec::new());
            rest
        }
        None => text,
    };
    if body.chars().all(char::is_whitespace) {
        p.push("empty_file", None, Vec::new());
        return p.doc;
    }
    let terminated = body.ends_with('\n');
    let mut pieces: Vec<&str> = body.split('\n').collect();
    if terminated {
        // The empty piece after the final newline is not a line.
        pieces.pop();
    }
    for (i, raw) in pieces.iter().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        p.line(i + 1, line);
    }
    p.finish();
    if !terminated {
        p.push("no_line_separators", Some(pieces.len()), Vec::new());
    }
    p.doc
}

impl SecurityTxt {
    /// Values of every field with this name (case-insensitive, as RFC 9116
    /// names are), in file order.
    pub fn values(&self, name: &str) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .filter(move |f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.value.as_str())
    }
}

fn digits(b: &[u8], start: usize, len: usize) -> Option<u32> {
    let s = b.get(start..start + len)?;
    let mut n = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(c - b'0');
    }
    Some(n)
}

/// Reads an Expires value as an RFC 3339 date-time with offset, so reports can
/// show and compare the expiry moment; `None` when it is not one.
pub fn parse_expires(value: &str) -> Option<OffsetDateTime> {
    let b = value.as_bytes();
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let mut second = digits(b, 17, 2)?;
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(c - b'0');
            }
            i += 1;
        }
        let n = i - start;
        if n == 0 {
            return None;
        }
        for _ in n..9 {
            nanos *= 10;
        }
    }
    let offset = match b.get(i) {
        Some(b'Z' | b'z') if b.len() == i + 1 => UtcOffset::UTC,
        Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b.get(i + 3) == Some(&b':') => {
            let oh = digits(b, i + 1, 2)?;
            let om = digits(b, i + 4, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let (oh, om) = (i8::try_from(oh).ok()?, i8::try_from(om).ok()?);
            if *sign == b'-' {
                UtcOffset::from_hms(-oh, -om, 0).ok()?
            } else {
                UtcOffset::from_hms(oh, om, 0).ok()?
            }
        }
        _ => return None,
    };
    if second == 60 {
        // RFC 3339 allows a leap second; count it as the last instant of :59.
        second = 59;
        nanos = 999_999_999;
    }
    let date = Date::from_calendar_date(
        i32::try_from(year).ok()?,
        Month::try_from(u8::try_from(month).ok()?).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

fn format_utc(t: OffsetDateTime) -> String {
    t.checked_to_offset(UtcOffset::UTC)
        .and_then(|u| u.format(&Rfc3339).ok())
        .unwrap_or_else(|| t.to_string())
}

fn is_alpha(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn is_digit(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Irregular grandfathered tags of RFC 5646 that the generic grammar rejects.
const IRREGULAR_TAGS: &[&str] = &[
    "en-gb-oed",
    "i-ami",
    "i-bnn",
    "i-default",
    "i-enochian",
    "i-hak",
    "i-klingon",
    "i-lux",
    "i-mingo",
    "i-navajo",
    "i-pwn",
    "i-tao",
    "i-tay",
    "i-tsu",
    "sgn-be-fr",
    "sgn-be-nl",
    "sgn-ch-de",
];

/// Checks the syntax of an RFC 5646 language tag (not the registry), which is
/// what RFC 9116 asks of Preferred-Languages.
fn is_language_tag(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    if IRREGULAR_TAGS.contains(&lower.as_str()) {
        return true;
    }
    let subtags: Vec<&str> = lower.split('-').collect();
    if subtags
        .iter()
        .any(|s| s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return false;
    }
    let n = subtags.len();
    let at = |i: usize| subtags.get(i).copied().unwrap_or("");
    let mut i = 0usize;
    let private_use = |i: usize| i + 1 < n; // "x" followed by at least one subtag of 1-8 alphanum
    if at(0) == "x" {
        return private_use(0);
    }
    // language
    let lang = at(0);
    if !(2..=8).contains(&lang.len()) || !is_alpha(lang) {
        return false;
    }
    i += 1;
    if lang.len() <= 3 {
        let mut ext = 0;
        while ext < 3 && i < n && at(i).len() == 3 && is_alpha(at(i)) {
            ext += 1;
            i += 1;
        }
    }
    // script
    if i < n && at(i).len() == 4 && is_alpha(at(i)) {
        i += 1;
    }
    // region
    if i < n && ((at(i).len() == 2 && is_alpha(at(i))) || (at(i).len() == 3 && is_digit(at(i)))) {
        i += 1;
    }
    // variants
    while i < n {
        let s = at(i);
        let starts_digit = s.as_bytes().first().is_some_and(u8::is_ascii_digit);
        if (5..=8).contains(&s.len()) || (s.len() == 4 && starts_digit) {
            i += 1;
        } else {
            break;
        }
    }
    // extensions
    while i < n && at(i).len() == 1 && at(i) != "x" {
        i += 1;
        let start = i;
        while i < n && (2..=8).contains(&at(i).len()) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    // private use
    if i < n && at(i) == "x" {
        return private_use(i);
    }
    i == n
}

/// Outcome of checking a field that must hold a URI.
enum UriCheck {
    Invalid,
    Insecure,
    Ok(url::Url),
}

fn check_uri(value: &str) -> UriCheck {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return UriCheck::Invalid;
    }
    match url::Url::parse(value) {
        Ok(u) if u.scheme() == "http" => UriCheck::Insecure,
        Ok(u) => UriCheck::Ok(u),
        Err(_) => UriCheck::Invalid,
    }
}

/// Compares URLs as a browser would address them: scheme and host lowercased,
/// default port dropped, empty path as "/", fragment ignored.
fn normalise_url(u: &str) -> String {
    match url::Url::parse(u.trim()) {
        Ok(mut parsed) => {
            parsed.set_fragment(None);
            parsed.to_string()
        }
        Err(_) => u.trim().to_string(),
    }
}

const URI_FIELDS: &[&str] = &[
    "acknowledgments",
    "canonical",
    "contact",
    "csaf",
    "encryption",
    "hiring",
    "policy",
];

/// Runs RFC 9116's content rules (and sectxt's advice) on a parsed document,
/// returning its parse problems followed by the semantic ones in file order.
pub fn validate(doc: &SecurityTxt, ctx: &ValidationContext) -> Vec<Problem> {
    let mut out = doc.problems.clone();
    if doc.problems.iter().any(|p| p.code == "empty_file") {
        return out;
    }
    let now_text = format_utc(ctx.now);
    let long_limit = ctx.now.checked_add(Duration::days(366));

    let mut contacts = 0usize;
    let mut has_mailto = false;
    let mut encryption = 0usize;
    let mut expires: Vec<&Field> = Vec::new();
    let mut langs: Vec<&Field> = Vec::new();
    let mut canonicals: Vec<&Field> = Vec::new();
    let mut csaf: Vec<&Field> = Vec::new();

    for f in &doc.fields {
        let key = f.name.to_ascii_lowercase();
        let line = Some(f.line);
        let field_var = || ("field", shorten(&f.name));
        let value_var = || ("value", shorten(&f.value));
        if URI_FIELDS.contains(&key.as_str()) {
            match check_uri(&f.value) {
                UriCheck::Invalid => {
                    out.push(problem("invalid_uri", line, vec![field_var(), value_var()]));
                }
                UriCheck::Insecure => {
                    out.push(problem(
                        "insecure_uri",
                        line,
                        vec![field_var(), value_var()],
                    ));
                }
                UriCheck::Ok(u) => {
                    if key == "csaf" && !u.path().ends_with("provider-metadata.json") {
                        out.push(problem("no_csaf_file", line, vec![value_var()]));
                    }
                }
            }
        }
        match key.as_str() {
            "contact" => {
                contacts += 1;
                let lower = f.value.get(..7).map(str::to_ascii_lowercase);
                has_mailto |= lower.as_deref() == Some("mailto:");
            }
            "encryption" => encryption += 1,
            "canonical" => canonicals.push(f),
            "csaf" => csaf.push(f),
            "acknowledgments" | "hiring" | "policy" => {}
            "expires" => {
                expires.push(f);
                match parse_expires(&f.value) {
                    None => out.push(problem("invalid_expiry", line, vec![value_var()])),
                    Some(t) => {
                        let vars = vec![("expires", shorten(&f.value)), ("now", now_text.clone())];
                        if t <= ctx.now {
                            out.push(problem("expired", line, vars));
                        } else if long_limit.is_some_and(|limit| t > limit) {
                            let days = (t - ctx.now).whole_days();
                            let mut vars = vars;
                            vars.push(("days", days.to_string()));
                            out.push(problem("long_expiry", line, vars));
                        }
                    }
                }
            }
            "preferred-languages" => {
                langs.push(f);
                let bad = f
                    .value
                    .split(',')
                    .map(|t| t.trim_matches(is_wsp))
                    .find(|t| !is_language_tag(t));
                if let Some(tag) = bad {
                    out.push(problem(
                        "invalid_lang",
                        line,
                        vec![value_var(), ("tag", shorten(tag))],
                    ));
                }
            }
            _ => out.push(problem("unknown_field", line, vec![field_var()])),
        }
    }

    if contacts == 0 {
        out.push(problem("no_contact", None, Vec::new()));
    }
    if expires.is_empty() {
        out.push(problem("no_expire", None, Vec::new()));
    } else if let Some(second) = expires.get(1) {
        out.push(problem(
            "multi_expire",
            Some(second.line),
            vec![("count", expires.len().to_string())],
        ));
    }
    if let Some(second) = langs.get(1) {
        out.push(problem(
            "multi_lang",
            Some(second.line),
            vec![("count", langs.len().to_string())],
        ));
    }
    if let Some(second) = csaf.get(1) {
        out.push(problem(
            "multiple_csaf_fields",
            Some(second.line),
            vec![("count", csaf.len().to_string())],
        ));
    }
    if !ctx.url.trim().is_empty() && !canonicals.is_empty() {
        let want = normalise_url(ctx.url);
        if !canonicals.iter().any(|c| normalise_url(&c.value) == want) {
            let listed: Vec<&str> = canonicals.iter().map(|c| c.value.as_str()).collect();
            out.push(problem(
                "no_canonical_match",
                None,
                vec![
                    ("url", shorten(ctx.url)),
                    ("canonical", shorten(&listed.join(", "))),
                ],
            ));
        }
    }
    if doc.signed && canonicals.is_empty() {
        out.push(problem("no_canonical", None, Vec::new()));
    }
    if has_mailto && encryption == 0 {
        out.push(problem("no_encryption", None, Vec::new()));
    }
    if !doc.signed {
        out.push(problem("not_signed", None, Vec::new()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2025-06-01 12:00:00 UTC);
    const URL: &str = "https://www.example.nl/.well-known/security.txt";

    fn ctx() -> ValidationContext<'static> {
        ValidationContext { url: URL, now: NOW }
    }

    fn good_body() -> String {
        format!(
            "# Beveiligingscontact\nContact: mailto:security@example.nl\nContact: https://www.example.nl/meld\n\
             Expires: 2026-01-01T00:00:00Z\nEncryption: https://www.example.nl/pgp.asc\n\
             Preferred-Languages: nl, en\nCanonical: {URL}\nPolicy: https://www.example.nl/beleid\n"
        )
    }

    fn sign(body: &str) -> String {
        let mut s = String::from("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n");
        for l in body.lines() {
            if l.starts_with('-') {
                s.push_str("- ");
            }
            s.push_str(l);
            s.push('\n');
        }
        s.push_str("-----BEGIN PGP SIGNATURE-----\n\niHUEARYKAB0WIQQ0mLxEkRnPjTS3\nZZxjaGcE2GSJAwUCZ+abcd==\n=AbCd\n-----END PGP SIGNATURE-----\n");
        s
    }

    fn codes(ps: &[Problem]) -> Vec<&'static str> {
        ps.iter().map(|p| p.code).collect()
    }

    fn check(text: &str) -> Vec<Problem> {
        validate(&parse(text), &ctx())
    }

    fn find<'a>(ps: &'a [Problem], code: &str) -> Option<&'a Problem> {
        ps.iter().find(|p| p.code == code)
    }

    fn var<'a>(p: &'a Problem, name: &str) -> Option<&'a str> {
        p.vars
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn good_unsigned_file() {
        let doc = parse(&good_body());
        assert!(!doc.signed);
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        assert_eq!(doc.fields.len(), 7);
        assert_eq!(
            doc.fields[0],
            Field {
                name: "Contact".into(),
                value: "mailto:security@example.nl".into(),
                line: 2
            }
        );
        assert_eq!(codes(&validate(&doc, &ctx())), vec!["not_signed"]);
    }

    #[test]
    fn good_signed_file() {
        let text = sign(&good_body());
        let doc = parse(&text);
        assert!(doc.signed);
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        // Line numbers refer to the original text: the body starts on line 4.
        assert_eq!(doc.fields[0].line, 5);
        assert!(validate(&doc, &ctx()).is_empty());
    }

    #[test]
    fn crlf_accepted() {
        let text = good_body().replace('\n', "\r\n");
        let doc = parse(&text);
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        assert_eq!(doc.fields[1].value, "https://www.example.nl/meld");
        let signed = sign(&good_body()).replace('\n', "\r\n");
        let doc = parse(&signed);
        assert!(doc.signed && doc.problems.is_empty(), "{:?}", doc.problems);
    }

    #[test]
    fn values_case_insensitive() {
        let doc =
            parse("contact: mailto:a@b.nl\nCONTACT: tel:+31123\nExpires: 2026-01-01T00:00:00Z\n");
        let v: Vec<&str> = doc.values("Contact").collect();
        assert_eq!(v, vec!["mailto:a@b.nl", "tel:+31123"]);
        assert_eq!(doc.fields[0].name, "contact");
        assert_eq!(doc.values("hiring").count(), 0);
    }

    #[test]
    fn empty_file() {
        for t in ["", "\n\n", "  \r\n", "\u{feff}"] {
            let ps = check(t);
            assert!(codes(&ps).contains(&"empty_file"), "{t:?}");
            assert!(!codes(&ps).contains(&"no_contact"));
        }
        assert_eq!(codes(&check("\u{feff}")), vec!["bom_present", "empty_file"]);
    }

    #[test]
    fn bom_is_recommendation() {
        let ps = check(&format!("\u{feff}{}", good_body()));
        let p = find(&ps, "bom_present").cloned();
        assert_eq!(
            p.map(|p| (p.severity, p.line)),
            Some((Severity::Recommendation, Some(1)))
        );
        assert_eq!(parse(&format!("\u{feff}{}", good_body())).fields[0].line, 2);
    }

    #[test]
    fn missing_final_newline() {
        let text = good_body();
        let trimmed = text.trim_end_matches('\n');
        let ps = check(trimmed);
        let p = find(&ps, "no_line_separators").cloned();
        assert_eq!(p.map(|p| p.line), Some(Some(8)));
        assert!(find(&check(&text), "no_line_separators").is_none());
    }

    #[test]
    fn invalid_lines() {
        let ps = check(
            "Contact mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nPreferred Languages: en\nContact: mailto:a@b.nl\n",
        );
        let inv: Vec<Option<usize>> = ps
            .iter()
            .filter(|p| p.code == "invalid_line")
            .map(|p| p.line)
            .collect();
        assert_eq!(inv, vec![Some(1), Some(3)]);
        let p = find(&ps, "invalid_line").cloned();
        assert_eq!(
            p.as_ref().and_then(|p| var(p, "value")),
            Some("Contact mailto:a@b.nl")
        );
    }

    #[test]
    fn whitespace_problems() {
        let ps = check(
            "  Contact: mailto:a@b.nl\nContact : mailto:c@d.nl\nContact:mailto:e@f.nl\nExpires: 2026-01-01T00:00:00Z\n",
        );
        let prec: Vec<Option<usize>> = ps
            .iter()
            .filter(|p| p.code == "prec_ws")
            .map(|p| p.line)
            .collect();
        assert_eq!(prec, vec![Some(1), Some(2)]);
        let ns = find(&ps, "no_space").cloned();
        assert_eq!(
            ns.map(|p| (p.line, p.severity)),
            Some((Some(3), Severity::Recommendation))
        );
        // The fields still count.
        assert!(find(&ps, "no_contact").is_none());
        assert_eq!(parse("Contact:\tmailto:a@b.nl\n").problems, vec![]);
    }

    #[test]
    fn empty_key_and_value() {
        let ps = check(": value\nContact:\nContact:   \nExpires: 2026-01-01T00:00:00Z\n");
        assert_eq!(find(&ps, "empty_key").map(|p| p.line), Some(Some(1)));
        let ev: Vec<Option<usize>> = ps
            .iter()
            .filter(|p| p.code == "empty_value")
            .map(|p| p.line)
            .collect();
        assert_eq!(ev, vec![Some(2), Some(3)]);
        assert!(find(&ps, "no_contact").is_some());
    }

    #[test]
    fn comments_and_blank_lines() {
        let doc =
            parse("# a: b\n\n   \n  # indented comment\nContact: mailto:a@b.nl # not a comment\n");
        assert!(doc.problems.is_empty());
        assert_eq!(doc.fields.len(), 1);
        assert_eq!(doc.fields[0].value, "mailto:a@b.nl # not a comment");
    }

    #[test]
    fn no_contact_and_no_expire() {
        let ps = check("Policy: https://a.nl/p\n");
        assert!(find(&ps, "no_contact").is_some());
        assert!(find(&ps, "no_expire").is_some());
    }

    #[test]
    fn uri_checks() {
        let ps = check(
            "Contact: security@example.nl\nContact: http://example.nl/meld\nContact: tel:+31-70-1234567\n\
             Encryption: https://exa mple.nl/key\nHiring: //example.nl/jobs\nAcknowledgments: https://example.nl/thanks\n\
             Policy: HTTP://example.nl/p\nExpires: 2026-01-01T00:00:00Z\n",
        );
        let inv: Vec<(Option<usize>, Option<&str>)> = ps
            .iter()
            .filter(|p| p.code == "invalid_uri")
            .map(|p| (p.line, var(p, "field")))
            .collect();
        assert_eq!(
            inv,
            vec![
                (Some(1), Some("Contact")),
                (Some(4), Some("Encryption")),
                (Some(5), Some("Hiring"))
            ]
        );
        let insecure: Vec<Option<usize>> = ps
            .iter()
            .filter(|p| p.code == "insecure_uri")
            .map(|p| p.line)
            .collect();
        assert_eq!(insecure, vec![Some(2), Some(7)]);
    }

    #[test]
    fn expires_rules() {
        let ps = check("Contact: mailto:a@b.nl\nExpires: 2025-06-01T12:00:00Z\n");
        let p = find(&ps, "expired").cloned();
        assert_eq!(p.as_ref().map(|p| p.line), Some(Some(2)));
        assert_eq!(
            p.as_ref().and_then(|p| var(p, "expires")),
            Some("2025-06-01T12:00:00Z")
        );
        assert_eq!(
            p.as_ref().and_then(|p| var(p, "now")),
            Some("2025-06-01T12:00:00Z")
        );

        assert!(
            find(
                &check("Contact: mailto:a@b.nl\nExpires: 2025-06-01T12:00:01Z\n"),
                "expired"
            )
            .is_none()
        );

        // 366 days ahead is fine, one second more is a long expiry.
        assert!(
            find(
                &check("Contact: mailto:a@b.nl\nExpires: 2026-06-02T12:00:00Z\n"),
                "long_expiry"
            )
            .is_none()
        );
        let ps = check("Contact: mailto:a@b.nl\nExpires: 2026-06-02T12:00:01Z\n");
        let p = find(&ps, "long_expiry").cloned();
        assert_eq!(
            p.as_ref().map(|p| p.severity),
            Some(Severity::Recommendation)
        );
        assert_eq!(p.as_ref().and_then(|p| var(p, "days")), Some("366"));

        let ps = check("Contact: mailto:a@b.nl\nExpires: 1 januari 2026\n");
        assert_eq!(find(&ps, "invalid_expiry").map(|p| p.line), Some(Some(2)));

        let ps = check(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nExpires: 2026-01-02T00:00:00Z\n",
        );
        let p = find(&ps, "multi_expire").cloned();
        assert_eq!(p.as_ref().map(|p| p.line), Some(Some(3)));
        assert_eq!(p.as_ref().and_then(|p| var(p, "count")), Some("2"));
    }

    #[test]
    fn expires_formats() {
        let ok = [
            "2026-01-01T00:00:00Z",
            "2026-01-01t00:00:00z",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:00.123456789123+02:00",
            "2026-01-01T00:00:00-00:00",
            "2016-12-31T23:59:60Z",
            "2024-02-29T10:00:00+23:59",
        ];
        for v in ok {
            assert!(parse_expires(v).is_some(), "{v}");
        }
        let bad = [
            "2026-01-01",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00Z",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00+2:00",
            "2026-01-01T00:00:00+24:00",
            "2026-01-01T00:00:00+0200",
            "2026-01-01T00:00:00Z ",
            "20260101T000000Z",
            "２026-01-01T00:00:00Z",
            "2026-01-01T00:00:00Ž",
            "",
        ];
        for v in bad {
            assert!(parse_expires(v).is_none(), "{v}");
        }
        assert_eq!(
            parse_expires("2026-01-01T02:00:00+02:00"),
            Some(datetime!(2026-01-01 00:00:00 UTC))
        );
        assert_eq!(
            parse_expires("2026-01-01T00:00:00.5Z"),
            Some(datetime!(2026-01-01 00:00:00.5 UTC))
        );
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for v in [
            "9999-12-31T23:59:59-23:59",
            "0000-01-01T00:00:00+23:59",
            "9999-12-31T23:59:60Z",
        ] {
            let text = format!("Contact: mailto:a@b.nl\nExpires: {v}\n");
            let _ = check(&text);
            let far_now = ValidationContext {
                url: URL,
                now: datetime!(9999-12-31 23:59:59 -23:59),
            };
            let _ = validate(&parse(&text), &far_now);
            let early_now = ValidationContext {
                url: URL,
                now: datetime!(-9999-01-01 00:00:00 +23:59),
            };
            let _ = validate(&parse(&text), &early_now);
        }
    }

    #[test]
    fn preferred_languages() {
        let ps = check(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nPreferred-Languages: nl, en-GB,zh-Hant-TW\n",
        );
        assert!(find(&ps, "invalid_lang").is_none());
        let ps = check(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nPreferred-Languages: nl; en\nPreferred-Languages: en\n",
        );
        let p = find(&ps, "invalid_lang").cloned();
        assert_eq!(p.as_ref().map(|p| p.line), Some(Some(3)));
        assert_eq!(p.as_ref().and_then(|p| var(p, "tag")), Some("nl; en"));
        assert_eq!(find(&ps, "multi_lang").map(|p| p.line), Some(Some(4)));
        let ps = check(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nPreferred-Languages: en,,nl\n",
        );
        assert!(find(&ps, "invalid_lang").is_some());
    }

    #[test]
    fn language_tag_grammar() {
        for ok in [
            "en",
            "NL",
            "nl-NL",
            "zh-Hant",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "es-419",
            "de-CH-1901",
            "sl-rozaj-biske",
            "de-DE-u-co-phonebk",
            "en-x-private",
            "x-whatever",
            "i-klingon",
            "en-GB-oed",
            "zh-yue-HK",
            "hy-Latn-IT-arevela",
            "en-a-bbb-x-a-ccc",
            "art-lojban",
            "ast",
        ] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english-language-x",
            "en_GB",
            "en-",
            "-en",
            "en--gb",
            "x",
            "en-x",
            "en-a",
            "en-a-b",
            "123",
            "en-GB-x-toolongsubtag",
            "nl NL",
            "i-foo",
            "abcdefghi",
            "en-US-US-US",
            "\u{e9}n",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn canonical_matching() {
        let base =
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nEncryption: https://a.nl/k\n";
        let ps = check(&format!(
            "{base}Canonical: https://WWW.Example.NL:443/.well-known/security.txt#x\n"
        ));
        assert!(find(&ps, "no_canonical_match").is_none());
        let ps = check(&format!(
            "{base}Canonical: https://other.example/.well-known/security.txt\nCanonical: https://example.nl/.well-known/security.txt\n"
        ));
        let p = find(&ps, "no_canonical_match").cloned();
        assert_eq!(p.as_ref().and_then(|p| var(p, "url")), Some(URL));
        assert_eq!(
            p.as_ref().and_then(|p| var(p, "canonical")),
            Some(
                "https://other.example/.well-known/security.txt, https://example.nl/.well-known/security.txt"
            )
        );
        // One match among several is enough.
        let ps = check(&format!(
            "{base}Canonical: https://x.example/\nCanonical: {URL}\n"
        ));
        assert!(find(&ps, "no_canonical_match").is_none());
        // No URL in the context: skipped (internet.nl behaviour).
        let doc = parse(&format!("{base}Canonical: https://x.example/\n"));
        let ps = validate(&doc, &ValidationContext { url: "", now: NOW });
        assert!(find(&ps, "no_canonical_match").is_none());
    }

    #[test]
    fn signed_without_canonical() {
        let body = "Contact: https://a.nl/c\nExpires: 2026-01-01T00:00:00Z\n";
        let ps = check(&sign(body));
        assert_eq!(codes(&ps), vec!["no_canonical"]);
        assert_eq!(ps[0].severity, Severity::Recommendation);
    }

    #[test]
    fn dash_escaping() {
        let body = "Contact: https://a.nl/c\n-Foo: bar\nExpires: 2026-01-01T00:00:00Z\n";
        let doc = parse(&sign(body));
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        assert_eq!(doc.values("-Foo").collect::<Vec<_>>(), vec!["bar"]);
        let unescaped = sign(body).replace("- -Foo", "-Foo");
        let doc = parse(&unescaped);
        assert_eq!(codes(&doc.problems), vec!["pgp_data_error"]);
        assert_eq!(doc.problems[0].line, Some(5));
    }

    #[test]
    fn pgp_structure_errors() {
        let good = sign("Contact: https://a.nl/c\nExpires: 2026-01-01T00:00:00Z\n");
        let broken = [
            good.replace("-----BEGIN PGP SIGNATURE-----\n", ""),
            good.replace("-----END PGP SIGNATURE-----\n", ""),
            good.replace(
                "-----BEGIN PGP SIGNATURE-----\n",
                "-----BEGIN PGP SIGNATURE-----\n- \n",
            ),
            good.replace("Hash: SHA512\n\n", "Hash: SHA512\n"),
            good.replace(
                "iHUEARYKAB0WIQQ0mLxEkRnPjTS3",
                "iHUEARYKAB0W!QQ0mLxEkRnPjTS3",
            ),
            good.replace("=AbCd\n", "=AbCd\nZZZZ\n"),
            good.replace("=AbCd\n", "=AbCde\n"),
            good.replace(
                "\niHUEARYKAB0WIQQ0mLxEkRnPjTS3\nZZxjaGcE2GSJAwUCZ+abcd==\n=AbCd\n",
                "\n",
            ),
            good.replace("ZZxjaGcE2GSJAwUCZ+abcd==\n", "\nZZxjaGcE2GSJAwUCZ+abcd==\n"),
        ];
        for (i, t) in broken.iter().enumerate() {
            let doc = parse(t);
            assert_eq!(
                doc.problems
                    .iter()
                    .filter(|p| p.code == "pgp_data_error")
                    .count(),
                1,
                "case {i}: {:?}",
                doc.problems
            );
            assert!(doc.signed);
        }
    }

    #[test]
    fn signature_armor_headers_accepted() {
        let t = sign("Contact: https://a.nl/c\nExpires: 2026-01-01T00:00:00Z\n").replace(
            "-----BEGIN PGP SIGNATURE-----\n\n",
            "-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v2\nComment: hallo\n\n",
        );
        assert!(parse(&t).problems.is_empty());
        // Multiple Hash headers in the signed-message header.
        let t = sign("Contact: https://a.nl/c\n")
            .replace("Hash: SHA512\n", "Hash: SHA512\nHash: SHA256\n");
        assert!(parse(&t).problems.is_empty());
    }

    #[test]
    fn signature_without_header() {
        let t = "Contact: https://a.nl/c\n-----BEGIN PGP SIGNATURE-----\n\nabcd\n-----END PGP SIGNATURE-----\n";
        let doc = parse(t);
        assert!(!doc.signed);
        assert_eq!(codes(&doc.problems), vec!["pgp_data_error"]);
        assert_eq!(doc.fields.len(), 1);
    }

    #[test]
    fn signed_header_not_first() {
        let t = format!("# intro\n{}", sign("Contact: https://a.nl/c\n"));
        let doc = parse(&t);
        assert!(doc.signed);
        assert_eq!(codes(&doc.problems), vec!["signed_format_issue"]);
        assert_eq!(doc.problems[0].line, Some(2));
    }

    #[test]
    fn data_after_signature() {
        let t = format!(
            "{}\nContact: mailto:evil@x.nl\nmore\n",
            sign("Contact: https://a.nl/c\n")
        );
        let doc = parse(&t);
        assert_eq!(codes(&doc.problems), vec!["data_after_sig"]);
        // Unsigned trailing fields are not taken.
        assert_eq!(
            doc.values("contact").collect::<Vec<_>>(),
            vec!["https://a.nl/c"]
        );
    }

    #[test]
    fn armor_headers_not_fields() {
        let doc = parse(&sign("Contact: https://a.nl/c\n"));
        assert!(doc.values("hash").next().is_none());
    }

    #[test]
    fn unknown_fields_and_csaf() {
        let ps = check(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nEncryption: https://a.nl/k\n\
             X-Custom: yes\nCSAF: https://a.nl/.well-known/csaf/provider-metadata.json\nCSAF: https://a.nl/csaf/index.json\n",
        );
        let p = find(&ps, "unknown_field").cloned();
        assert_eq!(
            p.as_ref().map(|p| (p.line, p.severity)),
            Some((Some(4), Severity::Recommendation))
        );
        assert_eq!(p.as_ref().and_then(|p| var(p, "field")), Some("X-Custom"));
        assert_eq!(find(&ps, "no_csaf_file").map(|p| p.line), Some(Some(6)));
        assert_eq!(
            find(&ps, "multiple_csaf_fields").map(|p| p.line),
            Some(Some(6))
        );
    }

    #[test]
    fn no_encryption_for_mailto() {
        let ps = check("Contact: MAILTO:a@b.nl\nExpires: 2026-01-01T00:00:00Z\n");
        assert!(find(&ps, "no_encryption").is_some());
        let ps = check("Contact: https://a.nl/c\nExpires: 2026-01-01T00:00:00Z\n");
        assert!(find(&ps, "no_encryption").is_none());
    }

    #[test]
    fn validate_includes_parse_problems_first() {
        let doc = parse("oops\nContact: mailto:a@b.nl\nExpires: 2020-01-01T00:00:00Z");
        let ps = validate(&doc, &ctx());
        assert_eq!(&ps[..doc.problems.len()], &doc.problems[..]);
        assert_eq!(
            codes(&ps),
            vec![
                "invalid_line",
                "no_line_separators",
                "expired",
                "no_encryption",
                "not_signed"
            ]
        );
    }

    #[test]
    fn severities_are_consistent() {
        let mut seen = std::collections::HashSet::new();
        for (code, _) in PROBLEM_CODES {
            assert!(seen.insert(*code), "duplicate {code}");
        }
        let p = problem("long_expiry", None, Vec::new());
        assert_eq!(p.severity, Severity::Recommendation);
    }

    #[test]
    fn every_code_can_be_produced() {
        let texts = [
            "\u{feff}".to_string(),
            "\u{feff}oops\n : x\nContact:\n Contact:mailto:a@b.nl\nX: y\nExpires: x\nExpires: 2020-01-01T00:00:00Z\n\
             Expires: 2099-01-01T00:00:00Z\nPreferred-Languages: ??\nPreferred-Languages: en\nCanonical: https://x.example/\n\
             Policy: http://a.nl/\nHiring: nope\nCSAF: https://a.nl/x.json\nCSAF: https://a.nl/provider-metadata.json"
                .to_string(),
            format!("# x\n{}\nextra\n", sign("Policy: https://a.nl/p\n-bad\n")),
            "-----BEGIN PGP SIGNATURE-----\n".to_string(),
        ];
        let mut found = std::collections::HashSet::new();
        for t in &texts {
            for p in check(t) {
                let known = PROBLEM_CODES.iter().find(|(c, _)| *c == p.code);
                assert_eq!(known.map(|(_, s)| *s), Some(p.severity), "{}", p.code);
                found.insert(p.code);
            }
        }
        for (code, _) in PROBLEM_CODES {
            assert!(found.contains(code), "never produced: {code}");
        }
    }

    #[test]
    fn serializes() {
        let p = problem("expired", Some(3), vec![("expires", "x".into())]);
        let j = serde_json::to_string(&p).unwrap_or_default();
        assert_eq!(
            j,
            r#"{"code":"expired","severity":"error","line":3,"vars":[["expires","x"]]}"#
        );
    }

    #[test]
    fn huge_inputs_are_linear() {
        let junk = "x\n".repeat(100_000);
        let doc = parse(&junk);
        assert_eq!(doc.problems.len(), 100_000);
        let fields = "Contact: mailto:a@b.nl\n".repeat(50_000);
        assert_eq!(parse(&fields).fields.len(), 50_000);
        let long_line = format!("Preferred-Languages: {}\n", "en,".repeat(200_000));
        let _ = check(&long_line);
        let long_uri = format!("Contact: https://a.nl/{}\n", "a".repeat(1_000_000));
        let _ = check(&long_uri);
        let sig = format!("{}\n", sign("Contact: https://a.nl/c\n"))
            .replace("=AbCd\n", &"QUJD\n".repeat(100_000));
        assert!(parse(&sig).problems.is_empty());
    }

    fn field_name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Contact".to_string()),
            Just("Expires".to_string()),
            Just("Encryption".to_string()),
            Just("Policy".to_string()),
            Just("Canonical".to_string()),
            "[A-Za-z][A-Za-z0-9-]{0,15}",
        ]
    }

    fn field_value() -> impl Strategy<Value = String> {
        prop_oneof![
            "https://[a-z]{1,8}\\.nl/[a-z]{0,8}",
            "mailto:[a-z]{1,8}@[a-z]{1,8}\\.nl",
            "20[2-3][0-9]-0[1-9]-[0-2][0-9]T[01][0-9]:[0-5][0-9]:[0-5][0-9]Z",
            "[!-~][ -~]{0,30}[!-~]",
            "[!-~]",
        ]
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*", url in ".*") {
            let doc = parse(&s);
            let _ = validate(&doc, &ValidationContext { url: &url, now: NOW });
        }

        #[test]
        fn never_panics_structured(
            lines in prop::collection::vec(prop_oneof![
                Just("-----BEGIN PGP SIGNED MESSAGE-----".to_string()),
                Just("-----BEGIN PGP SIGNATURE-----".to_string()),
                Just("-----END PGP SIGNATURE-----".to_string()),
                Just("Hash: SHA256".to_string()),
                Just(String::new()),
                Just("- Contact: mailto:a@b.nl".to_string()),
                "[ -~]{0,40}",
                "[A-Za-z-]{1,10}: [ -~]{0,30}",
            ], 0..20),
            crlf in any::<bool>(),
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let doc = parse(&text);
            for p in validate(&doc, &ctx()) {
                prop_assert!(PROBLEM_CODES.iter().any(|(c, _)| *c == p.code));
                if let Some(l) = p.line {
                    prop_assert!(l >= 1 && l <= lines.len().max(1));
                }
            }
        }

        #[test]
        fn mutated_signed_file_never_panics(pos in any::<prop::sample::Index>(), ins in any::<char>(), del in any::<bool>()) {
            let mut chars: Vec<char> = sign(&good_body()).chars().collect();
            let i = pos.index(chars.len());
            if del { chars.remove(i); } else { chars.insert(i, ins); }
            let s: String = chars.into_iter().collect();
            let _ = validate(&parse(&s), &ctx());
        }

        #[test]
        fn round_trip_unsigned(
            fields in prop::collection::vec((field_name(), field_value()), 0..12),
            crlf in any::<bool>(),
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = String::from("# generated");
            text.push_str(eol);
            for (n, v) in &fields {
                text.push_str(&format!("{n}: {v}{eol}"));
            }
            let doc = parse(&text);
            prop_assert!(!doc.signed);
            prop_assert_eq!(&doc.problems, &Vec::new());
            let expect: Vec<Field> = fields.iter().enumerate().map(|(i, (n, v))| Field {
                name: n.clone(), value: v.clone(), line: i + 2,
            }).collect();
            prop_assert_eq!(&doc.fields, &expect);
        }

        #[test]
        fn round_trip_signed(fields in prop::collection::vec((field_name(), field_value()), 0..12)) {
            let body: String = fields.iter().map(|(n, v)| format!("{n}: {v}\n")).collect();
            let doc = parse(&sign(&body));
            prop_assert!(doc.signed);
            prop_assert_eq!(&doc.problems, &Vec::new());
            let expect: Vec<Field> = fields.iter().enumerate().map(|(i, (n, v))| Field {
                name: n.clone(), value: v.clone(), line: i + 4,
            }).collect();
            prop_assert_eq!(&doc.fields, &expect);
        }

        #[test]
        fn expires_round_trip(
            y in 1970i32..9999, mo in 1u8..=12, d in 1u8..=28, h in 0u8..24, mi in 0u8..60, s in 0u8..60,
            oh in -23i8..=23, om in 0i8..60,
        ) {
            let om = if oh < 0 { -om } else { om };
            let text = format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{}{:02}:{:02}",
                if oh < 0 || (oh == 0 && om < 0) { '-' } else { '+' },
                oh.unsigned_abs(),
                om.unsigned_abs()
            );
            let parsed = parse_expires(&text);
            prop_assert!(parsed.is_some(), "{}", text);
            if let Some(t) = parsed {
                prop_assert_eq!(t.year(), y);
                prop_assert_eq!(u8::from(t.month()), mo);
                prop_assert_eq!(t.day(), d);
                prop_assert_eq!((t.hour(), t.minute(), t.second()), (h, mi, s));
                prop_assert_eq!(t.offset().whole_hours(), oh);
            }
        }

        #[test]
        fn language_tag_checker_never_panics(s in "[a-zA-Z0-9-]{0,30}") {
            let _ = is_language_tag(&s);
        }
    }
}
