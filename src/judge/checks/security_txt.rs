//! security.txt (RFC 9116; Forum Standaardisatie comply-or-explain since 2023).
//!
//! The parser (`wire::text::security_txt`) says what the file holds and where it breaks
//! RFC 9116; this check judges that against the moment of observation, the URL the file was
//! fetched from and the rule's params, and gives every outcome key in one place,
//! `said_outcome`.

use super::{CheckSpec, Evaluate, ParamKind, https_response, words};
use super::{Hosts, WEB};
use crate::facts::{DomainFacts, ErrorKind, HttpFetch, HttpHop};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::security_txt::{
    self as sectxt, Field, Occurrence, Reading, SecurityTxt, SyntaxKind, Verification,
};
use crate::wire::text::uri::Uri;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

pub const SECURITY_TXT: CheckSpec = CheckSpec {
    id: "web.security_txt",
    outcomes: OUTCOMES,
    params: &[
        ("max_bytes", ParamKind::Count),
        ("max_redirects", ParamKind::Count),
        ("max_expiry_days", ParamKind::Count),
        ("insecure_schemes", ParamKind::Words),
    ],
    evaluate: Evaluate::Domain(security_txt),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

/// Every outcome key: how the file was served, then one per arm of `said_outcome` (a
/// test keeps the two in step).
const OUTCOMES: &[&str] = &[
    "ok",
    "missing",
    "fetch_failed",
    "not_tested",
    "fallback_location",
    "too_many_redirects",
    "invalid_content_type",
    "invalid_charset",
    "too_large",
    "not_utf8",
    // What the file says.
    "empty_file",
    "bom_present",
    "no_line_separators",
    "bare_cr",
    "invalid_line",
    "prec_ws",
    "no_space",
    "empty_key",
    "empty_value",
    "signed_format_issue",
    "pgp_data_error",
    "pgp_signature_damaged",
    "pgp_signature_invalid",
    "pgp_signer_unknown",
    "data_after_sig",
    "no_contact",
    "invalid_uri",
    "insecure_uri",
    "no_expire",
    "multi_expire",
    "invalid_expiry",
    "expired",
    "long_expiry",
    "multi_lang",
    "invalid_lang",
    "no_canonical_match",
    "no_canonical",
    "no_csaf_file",
    "multiple_csaf_fields",
    "no_encryption",
    "not_signed",
    "unknown_field",
];

/// A location served the file when its chain ended in a 200.
fn served(fetch: &HttpFetch) -> Option<&HttpHop> {
    fetch.final_response().filter(|hop| hop.status == 200)
}

fn security_txt(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    if let Err(not_tested) = https_response(facts) {
        return vec![not_tested];
    }
    let host = &facts.web.host;
    let Some(fetches) = facts.web.security_txt.as_ref() else {
        return vec![Verdict::new(host, Outcome::new("not_tested"))];
    };
    let mut outcomes = Vec::new();
    let fallback = fetches
        .fallback
        .as_ref()
        .and_then(|f| served(f).map(|hop| (f, hop)));
    let (fetch, hop) = if let Some(hop) = served(&fetches.well_known) {
        (&fetches.well_known, hop)
    } else if let Some((fallback, hop)) = fallback {
        outcomes.push(Outcome::new("fallback_location").with("url", &fallback.url));
        (fallback, hop)
    } else {
        let fetch = &fetches.well_known;
        let outcome = match &fetch.error {
            Some(e) if e.kind != ErrorKind::ConnectionRefused => {
                Outcome::new("fetch_failed").with("error", &e.detail)
            }
            _ => Outcome::new("missing").with(
                "status",
                fetch
                    .last()
                    .map(|h| h.status.to_string())
                    .unwrap_or_default(),
            ),
        };
        let chain: Vec<String> = fetch
            .hops
            .iter()
            .map(|h| format!("{} {}", h.status, h.url))
            .collect();
        return vec![
            Verdict::new(host, outcome)
                .evidence("url", &fetch.url)
                .evidence("chain", chain),
        ];
    };
    let redirects = fetch.hops.len().saturating_sub(1) as u64;
    if redirects > rule.param_u64("max_redirects") {
        outcomes.push(Outcome::new("too_many_redirects").with("redirects", redirects));
    }
    let content_type = hop.header("content-type").unwrap_or("");
    outcomes.extend(content_type_outcome(content_type));
    let body = fetch.body.as_ref();
    let text = body.map(|b| b.text.as_str()).unwrap_or("");
    let max = usize::try_from(rule.param_u64("max_bytes")).unwrap_or(usize::MAX);
    if body.is_some_and(|b| b.truncated || b.bytes_read > max as u64) {
        outcomes.push(Outcome::new("too_large").with("max_bytes", max));
    }
    if body.is_some_and(|b| b.invalid_utf8) {
        outcomes.push(Outcome::new("not_utf8"));
    }
    let text = truncate_at_char(text, max);
    let doc = sectxt::parse(text);
    let policy = Policy::of(rule, facts.observed_at);
    let keys = &rules.sectxt_keys;
    let verification = if keys.is_empty() {
        None
    } else {
        doc.verify(keys)
    };
    outcomes.extend(
        judge_file(&doc, &hop.url, &policy, verification.as_ref())
            .iter()
            .map(|said| said_outcome(said, facts.observed_at)),
    );
    if outcomes.is_empty() {
        outcomes.push(Outcome::new("ok"));
    }
    let fields: Vec<String> = doc
        .fields
        .iter()
        .map(|f| format!("{}: {}", f.name, f.value))
        .collect();
    let mut verdict = Verdict::new(host, outcomes[0].clone())
        .evidence("url", &hop.url)
        .evidence("content_type", content_type)
        .evidence("signed", doc.signed)
        .evidence("fields", fields);
    if !keys.is_empty() {
        let signature = match &verification {
            Some(Verification::Valid { fingerprint }) => format!("valid, key {fingerprint}"),
            Some(Verification::Invalid { fingerprint }) => format!("invalid, key {fingerprint}"),
            Some(Verification::OtherSigner { issuers }) => {
                format!("made by another key ({})", issuers.join(", "))
            }
            None => "none".to_string(),
        };
        verdict = verdict.evidence("signature", signature);
    }
    verdict.outcomes = outcomes;
    vec![verdict]
}

/// RFC 9116 §3: "text/plain" with a UTF-8 charset.
fn content_type_outcome(value: &str) -> Option<Outcome> {
    let mut parts = value.split(';').map(str::trim);
    let mime = parts.next().unwrap_or("");
    if !mime.eq_ignore_ascii_case("text/plain") {
        return Some(Outcome::new("invalid_content_type").with("content_type", value));
    }
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"'));
    // The IANA Character Sets registry names UTF-8 "UTF-8" with the one alias "csUTF8";
    // charset names are case-insensitive (RFC 2046 §4.1.2). "utf8" is not registered.
    match charset {
        Some(c) if c.eq_ignore_ascii_case("utf-8") || c.eq_ignore_ascii_case("csutf8") => None,
        _ => Some(Outcome::new("invalid_charset").with("content_type", value)),
    }
}

fn truncate_at_char(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What the check says about the content of a file, each the reason for one outcome.
enum Said<'a> {
    /// The parser's: where a line breaks the grammar.
    Syntax(&'a sectxt::Syntax),
    /// The parser's: a required field missing, a single one repeated.
    Occurrence(&'a Occurrence),
    /// A URI field whose value is not a URI.
    InvalidUri(&'a Field),
    /// A URI field with a scheme the rule lists as insecure.
    InsecureUri(&'a Field),
    /// A CSAF field that does not name a provider-metadata.json.
    NoCsafFile(&'a Field),
    /// Expires is not a date-time.
    InvalidExpiry(&'a Field),
    /// Expires has passed at the moment of observation.
    Expired(&'a Field),
    /// Expires lies further ahead than the rule allows.
    LongExpiry {
        field: &'a Field,
        days: i64,
    },
    /// Preferred-Languages holds something that is not a language tag.
    InvalidLanguage {
        field: &'a Field,
        tag: &'a str,
    },
    /// A field RFC 9116 does not define.
    UnknownField(&'a Field),
    /// More than one CSAF field (sectxt advises one); `line` is the second.
    RepeatedCsaf {
        count: usize,
        line: usize,
    },
    /// Canonical fields, none of which is the URL the file was fetched from.
    CanonicalElsewhere {
        url: &'a str,
        canonicals: Vec<&'a str>,
    },
    /// A signed file without Canonical, so its signature could be replayed on another site.
    SignedWithoutCanonical,
    /// A mail contact without an Encryption key to write to it confidentially.
    MailWithoutEncryption,
    /// The signature names a key the scan was given but does not verify with it.
    SignatureInvalid {
        fingerprint: String,
    },
    /// None of the keys the scan was given made the signature; `issuers` are the keys
    /// the signature names.
    OtherSigner {
        issuers: Vec<String>,
    },
    NotSigned,
}

/// The rule's thresholds, read once per file.
struct Policy {
    now: OffsetDateTime,
    /// The latest Expires that is not too far ahead; `None` when it lies beyond the
    /// calendar, so that nothing is.
    latest_expiry: Option<OffsetDateTime>,
    insecure_schemes: Vec<String>,
}

impl Policy {
    fn of(rule: &CheckRule, now: OffsetDateTime) -> Policy {
        let seconds = i64::try_from(rule.param_u64("max_expiry_days"))
            .ok()
            .and_then(|days| days.checked_mul(86_400));
        Policy {
            now,
            latest_expiry: seconds.and_then(|s| now.checked_add(Duration::seconds(s))),
            insecure_schemes: words(rule, "insecure_schemes"),
        }
    }

    fn insecure(&self, uri: &Uri) -> bool {
        self.insecure_schemes.iter().any(|s| uri.has_scheme(s))
    }
}

/// What the check says about a parsed file fetched from `url`, in the order the verdict
/// lists it: the syntax, each field, missing and repeated fields, then the file as a whole.
/// An empty file is only that. `verification` is the signature checked against the keys
/// the run was given, `None` when it was given none or the file has no signature.
fn judge_file<'a>(
    doc: &'a SecurityTxt,
    url: &'a str,
    policy: &Policy,
    verification: Option<&Verification>,
) -> Vec<Said<'a>> {
    let mut said: Vec<Said> = doc.syntax.iter().map(Said::Syntax).collect();
    if doc.syntax.iter().any(|s| s.kind == SyntaxKind::Empty) {
        return said;
    }
    said.extend(doc.fields.iter().filter_map(|f| judge_field(f, policy)));
    said.extend(doc.occurrences.iter().map(Said::Occurrence));
    let csaf: Vec<&Field> = doc.named("csaf").collect();
    if let Some(second) = csaf.get(1) {
        said.push(Said::RepeatedCsaf {
            count: csaf.len(),
            line: second.line,
        });
    }
    let canonicals: Vec<&str> = doc.values("canonical").collect();
    let fetched = normalise_url(url);
    if !canonicals.is_empty() && !canonicals.iter().any(|c| normalise_url(c) == fetched) {
        said.push(Said::CanonicalElsewhere { url, canonicals });
    } else if doc.signed && canonicals.is_empty() {
        said.push(Said::SignedWithoutCanonical);
    }
    let mail_contact = doc.values("contact").any(|v| {
        v.get(..7)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
    });
    if mail_contact && doc.values("encryption").next().is_none() {
        said.push(Said::MailWithoutEncryption);
    }
    // A damaged signature (a syntax problem) fails every key; saying so again adds nothing.
    let damaged = doc
        .syntax
        .iter()
        .any(|s| s.kind == SyntaxKind::SignatureMismatch);
    if !damaged {
        match verification {
            Some(Verification::Invalid { fingerprint }) => {
                said.push(Said::SignatureInvalid {
                    fingerprint: fingerprint.clone(),
                });
            }
            Some(Verification::OtherSigner { issuers }) => {
                said.push(Said::OtherSigner {
                    issuers: issuers.clone(),
                });
            }
            Some(Verification::Valid { .. }) | None => {}
        }
    }
    if !doc.signed {
        said.push(Said::NotSigned);
    }
    said
}

fn judge_field<'a>(field: &'a Field, policy: &Policy) -> Option<Said<'a>> {
    match field.reading() {
        Reading::NotUri => Some(Said::InvalidUri(field)),
        Reading::Uri(uri) | Reading::CsafNotProviderMetadata(uri) if policy.insecure(&uri) => {
            Some(Said::InsecureUri(field))
        }
        Reading::CsafNotProviderMetadata(_) => Some(Said::NoCsafFile(field)),
        Reading::NotDateTime => Some(Said::InvalidExpiry(field)),
        Reading::Expires(at) if at <= policy.now => Some(Said::Expired(field)),
        Reading::Expires(at) if policy.latest_expiry.is_some_and(|latest| at > latest) => {
            Some(Said::LongExpiry {
                field,
                days: (at - policy.now).whole_days(),
            })
        }
        Reading::NotLanguageTag(tag) => Some(Said::InvalidLanguage { field, tag }),
        Reading::Undefined => Some(Said::UnknownField(field)),
        Reading::Uri(_) | Reading::Expires(_) | Reading::Languages => None,
    }
}

/// The outcome key of everything the check can say about a file, with the values its texts
/// fill in; every outcome has a `line`, empty when it belongs to no line.
fn said_outcome(said: &Said, now: OffsetDateTime) -> Outcome {
    let field = |key, f: &Field| Outcome::new(key).with("field", shorten(&f.name));
    let value = |key, f: &Field| Outcome::new(key).with("value", shorten(&f.value));
    let expiry = |key, f: &Field| {
        Outcome::new(key)
            .with("expires", shorten(&f.value))
            .with("now", format_utc(now))
    };
    let (outcome, line) = match said {
        Said::Syntax(syntax) => {
            let outcome = match &syntax.kind {
                SyntaxKind::Empty => Outcome::new("empty_file"),
                SyntaxKind::ByteOrderMark => Outcome::new("bom_present"),
                SyntaxKind::NoFinalLineBreak => Outcome::new("no_line_separators"),
                SyntaxKind::BareCarriageReturn => Outcome::new("bare_cr"),
                SyntaxKind::NotAField { text } => {
                    Outcome::new("invalid_line").with("value", shorten(text))
                }
                SyntaxKind::NoName { text } => {
                    Outcome::new("empty_key").with("value", shorten(text))
                }
                SyntaxKind::SpaceAroundName { name } => {
                    Outcome::new("prec_ws").with("field", shorten(name))
                }
                SyntaxKind::NoValue { name } => {
                    Outcome::new("empty_value").with("field", shorten(name))
                }
                SyntaxKind::NoSpaceAfterColon { name } => {
                    Outcome::new("no_space").with("field", shorten(name))
                }
                SyntaxKind::SignedHeaderNotFirst => Outcome::new("signed_format_issue"),
                SyntaxKind::BrokenSignature { reason } => {
                    Outcome::new("pgp_data_error").with("reason", reason)
                }
                SyntaxKind::SignatureMismatch => Outcome::new("pgp_signature_damaged"),
                SyntaxKind::TextAfterSignature => Outcome::new("data_after_sig"),
            };
            (outcome, syntax.line)
        }
        Said::Occurrence(Occurrence::NoContact) => (Outcome::new("no_contact"), None),
        Said::Occurrence(Occurrence::NoExpires) => (Outcome::new("no_expire"), None),
        Said::Occurrence(Occurrence::RepeatedExpires { count, line }) => (
            Outcome::new("multi_expire").with("count", count),
            Some(*line),
        ),
        Said::Occurrence(Occurrence::RepeatedLanguages { count, line }) => {
            (Outcome::new("multi_lang").with("count", count), Some(*line))
        }
        Said::InvalidUri(f) => (
            field("invalid_uri", f).with("value", shorten(&f.value)),
            Some(f.line),
        ),
        Said::InsecureUri(f) => (
            field("insecure_uri", f).with("value", shorten(&f.value)),
            Some(f.line),
        ),
        Said::NoCsafFile(f) => (value("no_csaf_file", f), Some(f.line)),
        Said::InvalidExpiry(f) => (value("invalid_expiry", f), Some(f.line)),
        Said::Expired(f) => (expiry("expired", f), Some(f.line)),
        Said::LongExpiry { field: f, days } => {
            (expiry("long_expiry", f).with("days", days), Some(f.line))
        }
        Said::InvalidLanguage { field: f, tag } => (
            value("invalid_lang", f).with("tag", shorten(tag)),
            Some(f.line),
        ),
        Said::UnknownField(f) => (field("unknown_field", f), Some(f.line)),
        Said::RepeatedCsaf { count, line } => (
            Outcome::new("multiple_csaf_fields").with("count", count),
            Some(*line),
        ),
        Said::CanonicalElsewhere { url, canonicals } => (
            Outcome::new("no_canonical_match")
                .with("url", shorten(url))
                .with("canonical", shorten(&canonicals.join(", "))),
            None,
        ),
        Said::SignedWithoutCanonical => (Outcome::new("no_canonical"), None),
        Said::MailWithoutEncryption => (Outcome::new("no_encryption"), None),
        Said::SignatureInvalid { fingerprint } => (
            Outcome::new("pgp_signature_invalid").with("fingerprint", fingerprint),
            None,
        ),
        Said::OtherSigner { issuers } => (
            Outcome::new("pgp_signer_unknown").with("issuers", shorten(&issuers.join(", "))),
            None,
        ),
        Said::NotSigned => (Outcome::new("not_signed"), None),
    };
    outcome.with("line", line.map(|l| l.to_string()).unwrap_or_default())
}

/// Longest piece of untrusted text copied into a message, so that it stays readable.
const MAX_QUOTED_CHARS: usize = 200;

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(MAX_QUOTED_CHARS).collect();
    if s.chars().nth(MAX_QUOTED_CHARS).is_some() {
        out.push('…');
    }
    out
}

fn format_utc(t: OffsetDateTime) -> String {
    t.checked_to_offset(UtcOffset::UTC)
        .and_then(|u| u.format(&Rfc3339).ok())
        .unwrap_or_else(|| t.to_string())
}

/// Compares URLs as a browser would address them: scheme and host lowercased, default
/// port dropped, empty path as "/", fragment ignored.
fn normalise_url(u: &str) -> String {
    match url::Url::parse(u.trim()) {
        Ok(mut parsed) => {
            parsed.set_fragment(None);
            parsed.to_string()
        }
        Err(_) => u.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::wire::text::security_txt::{
        clear_signed, parse, texts_with_every_observation, with_forged_signature_value,
    };
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2025-06-01 12:00:00 UTC);
    const URL: &str = "https://www.example.nl/.well-known/security.txt";

    fn rule() -> CheckRule {
        crate::judge::embedded_rules()
            .ok()
            .and_then(|rules| rules.check(SECURITY_TXT.id).cloned())
            .unwrap_or_else(|| panic!("the embedded rules define {}", SECURITY_TXT.id))
    }

    fn with_param(name: &str, value: toml::Value) -> CheckRule {
        let mut rule = rule();
        rule.params.insert(name.into(), value);
        rule
    }

    /// The outcomes of a file fetched from [`URL`] at [`NOW`] under `rule`.
    fn judged_by(text: &str, rule: &CheckRule) -> Vec<Outcome> {
        let doc = parse(text);
        judge_file(&doc, URL, &Policy::of(rule, NOW), None)
            .iter()
            .map(|said| said_outcome(said, NOW))
            .collect()
    }

    fn judged(text: &str) -> Vec<Outcome> {
        judged_by(text, &rule())
    }

    fn keys(outcomes: &[Outcome]) -> Vec<&'static str> {
        outcomes.iter().map(|o| o.key).collect()
    }

    fn find<'a>(outcomes: &'a [Outcome], key: &str) -> Option<&'a Outcome> {
        outcomes.iter().find(|o| o.key == key)
    }

    fn var<'a>(outcome: Option<&'a Outcome>, name: &str) -> Option<&'a str> {
        outcome?
            .vars
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    fn good_body() -> String {
        format!(
            "# Beveiligingscontact\nContact: mailto:security@example.nl\nContact: https://www.example.nl/meld\n\
             Expires: 2026-01-01T00:00:00Z\nEncryption: https://www.example.nl/pgp.asc\n\
             Preferred-Languages: nl, en\nCanonical: {URL}\nPolicy: https://www.example.nl/beleid\n"
        )
    }

    /// The outcomes of a file judged with these keys given for its signature.
    fn judged_with_keys(text: &str, keys: &str) -> Vec<Outcome> {
        let doc = parse(text);
        let verification = doc.verify(&sectxt::read_public_keys(keys).unwrap());
        judge_file(&doc, URL, &Policy::of(&rule(), NOW), verification.as_ref())
            .iter()
            .map(|said| said_outcome(said, NOW))
            .collect()
    }

    const ZOO_KEY: &str = include_str!("../../wire/text/security_txt_zoo/zoo-key.asc");
    const OTHER_KEY: &str = include_str!("../../wire/text/security_txt_zoo/other-key.asc");

    #[test]
    fn every_file_outcome_is_listed_and_reached() {
        let mut reached = std::collections::BTreeSet::new();
        // A valid signature under the other key, and a changed file under the zoo key.
        let signed = clear_signed("Contact: https://a.nl/c\nExpires: 2099-01-01T00:00:00Z\n");
        let outcomes = [
            judged_with_keys(&signed, OTHER_KEY),
            judged_with_keys(&with_forged_signature_value(&signed), ZOO_KEY),
        ];
        for text in texts_with_every_observation() {
            for outcome in judged(&text)
                .into_iter()
                .chain(outcomes.iter().flatten().cloned())
            {
                assert!(OUTCOMES.contains(&outcome.key), "{}", outcome.key);
                reached.insert(outcome.key);
            }
        }
        let transport = 10;
        let file: Vec<&str> = OUTCOMES[transport..].to_vec();
        assert_eq!(reached.into_iter().collect::<Vec<_>>(), {
            let mut sorted = file;
            sorted.sort_unstable();
            sorted
        });
        let mut unique = OUTCOMES.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), OUTCOMES.len());
    }

    #[test]
    fn good_files() {
        assert_eq!(keys(&judged(&good_body())), vec!["not_signed"]);
        assert!(judged(&clear_signed(&good_body())).is_empty());
    }

    #[test]
    fn an_empty_file_is_only_empty() {
        assert_eq!(keys(&judged("")), vec!["empty_file"]);
        assert_eq!(keys(&judged("\u{feff}")), vec!["bom_present", "empty_file"]);
    }

    #[test]
    fn syntax_first_then_fields_then_the_document() {
        let outcomes = judged("oops\nContact: mailto:a@b.nl\nExpires: 2020-01-01T00:00:00Z");
        assert_eq!(
            keys(&outcomes),
            vec![
                "invalid_line",
                "no_line_separators",
                "expired",
                "no_encryption",
                "not_signed"
            ]
        );
        assert_eq!(var(outcomes.first(), "line"), Some("1"));
        assert_eq!(var(outcomes.first(), "value"), Some("oops"));
        assert_eq!(var(outcomes.get(1), "line"), Some("3"));
        assert_eq!(var(outcomes.last(), "line"), Some(""));
    }

    #[test]
    fn expired_at_the_moment_of_observation() {
        let outcomes = judged("Contact: mailto:a@b.nl\nExpires: 2025-06-01T12:00:00Z\n");
        let expired = find(&outcomes, "expired");
        assert_eq!(var(expired, "line"), Some("2"));
        assert_eq!(var(expired, "expires"), Some("2025-06-01T12:00:00Z"));
        assert_eq!(var(expired, "now"), Some("2025-06-01T12:00:00Z"));
        let outcomes = judged("Contact: mailto:a@b.nl\nExpires: 2025-06-01T12:00:01Z\n");
        assert!(find(&outcomes, "expired").is_none());
    }

    #[test]
    fn long_expiry_follows_the_rule() {
        // Under the default 366 days: 366 days ahead is fine, one second more is long.
        let at_limit = "Contact: mailto:a@b.nl\nExpires: 2026-06-02T12:00:00Z\n";
        assert!(find(&judged(at_limit), "long_expiry").is_none());
        let outcomes = judged("Contact: mailto:a@b.nl\nExpires: 2026-06-02T12:00:01Z\n");
        assert_eq!(var(find(&outcomes, "long_expiry"), "days"), Some("366"));

        // 60 days ahead is fine under the default and long under a 30-day rule.
        let sixty_days = "Contact: mailto:a@b.nl\nExpires: 2025-07-31T12:00:00Z\n";
        assert!(find(&judged(sixty_days), "long_expiry").is_none());
        let thirty = with_param("max_expiry_days", toml::Value::Integer(30));
        let outcomes = judged_by(sixty_days, &thirty);
        let long = find(&outcomes, "long_expiry");
        assert_eq!(var(long, "days"), Some("60"));
        assert_eq!(var(long, "line"), Some("2"));
        // A past date stays expired whatever the limit.
        let past = "Contact: mailto:a@b.nl\nExpires: 2025-05-01T12:00:00Z\n";
        assert!(find(&judged_by(past, &thirty), "expired").is_some());
    }

    #[test]
    fn limits_beyond_the_calendar_do_not_panic() {
        let huge = with_param("max_expiry_days", toml::Value::Integer(i64::MAX));
        let text = "Contact: mailto:a@b.nl\nExpires: 9999-12-31T23:59:59-23:59\n";
        assert!(find(&judged_by(text, &huge), "long_expiry").is_none());
        for now in [
            datetime!(9999-12-31 23:59:59 -23:59),
            datetime!(-9999-01-01 00:00:00 +23:59),
        ] {
            for v in [
                "9999-12-31T23:59:59-23:59",
                "0000-01-01T00:00:00+23:59",
                "9999-12-31T23:59:60Z",
            ] {
                let doc = parse(&format!("Contact: mailto:a@b.nl\nExpires: {v}\n"));
                for said in judge_file(&doc, URL, &Policy::of(&rule(), now), None) {
                    let _ = said_outcome(&said, now);
                }
            }
        }
    }

    #[test]
    fn insecure_schemes_follow_the_rule() {
        let text = "Contact: security@example.nl\nContact: http://example.nl/meld\nContact: tel:+31-70-1234567\n\
             Encryption: https://exa mple.nl/key\nHiring: //example.nl/jobs\nAcknowledgments: https://example.nl/thanks\n\
             Policy: HTTP://example.nl/p\nExpires: 2026-01-01T00:00:00Z\nCSAF: http://example.nl/x.json\n";
        let lines = |outcomes: &[Outcome], key: &str| -> Vec<String> {
            outcomes
                .iter()
                .filter(|o| o.key == key)
                .filter_map(|o| var(Some(o), "line").map(str::to_string))
                .collect()
        };
        let outcomes = judged(text);
        assert_eq!(lines(&outcomes, "invalid_uri"), vec!["1", "4", "5"]);
        assert_eq!(
            var(find(&outcomes, "invalid_uri"), "field"),
            Some("Contact")
        );
        // An insecure CSAF URI is insecure, not also the wrong file.
        assert_eq!(lines(&outcomes, "insecure_uri"), vec!["2", "7", "9"]);
        assert!(find(&outcomes, "no_csaf_file").is_none());

        let none = with_param("insecure_schemes", toml::Value::Array(Vec::new()));
        let outcomes = judged_by(text, &none);
        assert!(find(&outcomes, "insecure_uri").is_none());
        assert_eq!(lines(&outcomes, "no_csaf_file"), vec!["9"]);
        let tel = with_param(
            "insecure_schemes",
            toml::Value::Array(vec!["HTTP".into(), "tel".into()]),
        );
        assert_eq!(
            lines(&judged_by(text, &tel), "insecure_uri"),
            vec!["2", "3", "7", "9"]
        );
    }

    #[test]
    fn canonical_must_name_the_fetched_url() {
        let base =
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nEncryption: https://a.nl/k\n";
        let outcomes = judged(&format!(
            "{base}Canonical: https://WWW.Example.NL:443/.well-known/security.txt#x\n"
        ));
        assert!(find(&outcomes, "no_canonical_match").is_none());
        let outcomes = judged(&format!(
            "{base}Canonical: https://other.example/.well-known/security.txt\nCanonical: https://example.nl/.well-known/security.txt\n"
        ));
        let mismatch = find(&outcomes, "no_canonical_match");
        assert_eq!(var(mismatch, "url"), Some(URL));
        assert_eq!(
            var(mismatch, "canonical"),
            Some(
                "https://other.example/.well-known/security.txt, https://example.nl/.well-known/security.txt"
            )
        );
        // One match among several is enough.
        let outcomes = judged(&format!(
            "{base}Canonical: https://x.example/\nCanonical: {URL}\n"
        ));
        assert!(find(&outcomes, "no_canonical_match").is_none());
    }

    #[test]
    fn signatures_judged_against_the_given_keys() {
        let signed = clear_signed(&good_body());
        assert!(judged_with_keys(&signed, ZOO_KEY).is_empty());
        let other = judged_with_keys(&signed, OTHER_KEY);
        assert_eq!(keys(&other), vec!["pgp_signer_unknown"]);
        assert!(
            var(other.first(), "issuers")
                .is_some_and(|i| i.contains("4CA0EB1A7B1D8F20EB390CFC88F76871A19363B5"))
        );
        // Text changed after signing: damaged, also without a key, and said once with one.
        let changed = signed.replace("Preferred-Languages: nl, en", "Preferred-Languages: en");
        assert_eq!(keys(&judged(&changed)), vec!["pgp_signature_damaged"]);
        assert_eq!(
            keys(&judged_with_keys(&changed, ZOO_KEY)),
            vec!["pgp_signature_damaged"]
        );
        // The hash matches, the signature value does not: only a key tells.
        let forged = with_forged_signature_value(&signed);
        assert!(judged(&forged).is_empty());
        let invalid = judged_with_keys(&forged, ZOO_KEY);
        assert_eq!(keys(&invalid), vec!["pgp_signature_invalid"]);
        assert_eq!(
            var(invalid.first(), "fingerprint"),
            Some("4CA0EB1A7B1D8F20EB390CFC88F76871A19363B5")
        );
        let sig_line = changed
            .lines()
            .position(|l| l == "-----BEGIN PGP SIGNATURE-----");
        assert_eq!(
            var(judged(&changed).first(), "line"),
            sig_line.map(|i| (i + 1).to_string()).as_deref()
        );
    }

    #[test]
    fn signed_without_canonical() {
        let body = "Contact: https://a.nl/c\nExpires: 2026-01-01T00:00:00Z\n";
        assert_eq!(keys(&judged(&clear_signed(body))), vec!["no_canonical"]);
    }

    #[test]
    fn unknown_fields_and_csaf() {
        let outcomes = judged(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nEncryption: https://a.nl/k\n\
             X-Custom: yes\nCSAF: https://a.nl/.well-known/csaf/provider-metadata.json\nCSAF: https://a.nl/csaf/index.json\n",
        );
        let unknown = find(&outcomes, "unknown_field");
        assert_eq!(var(unknown, "line"), Some("4"));
        assert_eq!(var(unknown, "field"), Some("X-Custom"));
        assert_eq!(var(find(&outcomes, "no_csaf_file"), "line"), Some("6"));
        let repeated = find(&outcomes, "multiple_csaf_fields");
        assert_eq!(var(repeated, "line"), Some("6"));
        assert_eq!(var(repeated, "count"), Some("2"));
    }

    #[test]
    fn no_encryption_for_a_mail_contact() {
        let outcomes = judged("Contact: MAILTO:a@b.nl\nExpires: 2026-01-01T00:00:00Z\n");
        assert!(find(&outcomes, "no_encryption").is_some());
        let outcomes = judged("Contact: https://a.nl/c\nExpires: 2026-01-01T00:00:00Z\n");
        assert!(find(&outcomes, "no_encryption").is_none());
    }

    #[test]
    fn quoted_text_is_shortened() {
        let outcomes = judged(&format!("{}\n", "x".repeat(1000)));
        let value = var(find(&outcomes, "invalid_line"), "value").unwrap_or_default();
        assert_eq!(value.chars().count(), MAX_QUOTED_CHARS + 1);
        assert!(value.ends_with('…'));
    }

    #[test]
    fn content_type_must_be_plain_utf8() {
        assert!(content_type_outcome("text/plain; charset=utf-8").is_none());
        assert!(content_type_outcome("Text/Plain;Charset=\"UTF-8\"").is_none());
        assert!(content_type_outcome("text/plain; charset=csUTF8").is_none());
        assert_eq!(
            content_type_outcome("text/plain; charset=utf8")
                .unwrap()
                .key,
            "invalid_charset"
        );
        assert_eq!(
            content_type_outcome("text/plain").unwrap().key,
            "invalid_charset"
        );
        assert_eq!(
            content_type_outcome("text/plain; charset=iso-8859-1")
                .unwrap()
                .key,
            "invalid_charset"
        );
        assert_eq!(
            content_type_outcome("text/html; charset=utf-8")
                .unwrap()
                .key,
            "invalid_content_type"
        );
        assert_eq!(
            content_type_outcome("").unwrap().key,
            "invalid_content_type"
        );
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate_at_char("héllo", 2), "h");
        assert_eq!(truncate_at_char("abc", 10), "abc");
    }
}
