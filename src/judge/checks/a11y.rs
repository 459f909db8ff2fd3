//! Digitoegankelijk (Besluit digitale toegankelijkheid overheid, EN 301 549 / WCAG 2.1):
//! what shows from outside. A government website must publish an accessibility statement
//! (toegankelijkheidsverklaring) and keep it in the register with a status A–E; whether the
//! site meets WCAG itself cannot be judged from outside, and these checks do not pretend to.

use super::{CheckSpec, Evaluate, Hosts, ParamKind, WEB, words};
use crate::facts::DomainFacts;
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};

pub const STATEMENT_LINKED: CheckSpec = CheckSpec {
    id: "web.a11y.statement",
    outcomes: &["linked", "missing", "not_tested"],
    params: &[("link_words", ParamKind::Words)],
    evaluate: Evaluate::Domain(statement_linked),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

pub const REGISTER: CheckSpec = CheckSpec {
    id: "web.a11y.register",
    outcomes: &[
        "status_a",
        "status_b",
        "status_c",
        "status_d",
        "status_e",
        "outdated",
        "unregistered",
        "not_tested",
    ],
    params: &[("max_age_days", ParamKind::Count)],
    evaluate: Evaluate::Domain(register),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

/// Whether the home page links to a statement: a link whose address or text contains one
/// of the rule's `link_words` (the register's address, "toegankelijkheidsverklaring"…).
fn statement_linked(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let subject = &facts.domain;
    let page = facts.web.accessibility.as_ref().and_then(|a| {
        let fetch = a.home.as_ref().or(facts.web.https.as_ref())?;
        fetch.final_response().map(|hop| (a, hop))
    });
    let Some((a11y, hop)) = page else {
        return vec![Verdict::new(subject, Outcome::new("not_tested"))];
    };
    let link_words = words(rule, "link_words");
    let matches = |text: &str| {
        let text = text.to_lowercase();
        link_words.iter().any(|w| text.contains(w.as_str()))
    };
    let found: Vec<_> = a11y
        .links
        .iter()
        .filter(|l| matches(&l.url) || matches(&l.text))
        .collect();
    let verdict = match found.first() {
        Some(link) => Verdict::new(
            subject,
            Outcome::new("linked")
                .with("url", &link.url)
                .with("page", &hop.url),
        ),
        None => Verdict::new(
            subject,
            Outcome::new("missing")
                .with("page", &hop.url)
                .with("links", a11y.links.len()),
        ),
    };
    vec![
        verdict
            .evidence("page", &hop.url)
            .evidence("statement_links", &found)
            .evidence("links_truncated", a11y.links_truncated),
    ]
}

/// The register's status of the site's statement, and its age on the day of the scan.
fn register(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let subject = &facts.domain;
    let Some(lookup) = facts
        .web
        .accessibility
        .as_ref()
        .and_then(|a| a.register.as_ref())
    else {
        return vec![Verdict::new(subject, Outcome::new("not_tested"))];
    };
    let Some(entry) = &lookup.entry else {
        return vec![
            Verdict::new(
                subject,
                Outcome::new("unregistered").with("register", &lookup.source),
            )
            .evidence("register", &lookup.source),
        ];
    };
    let day = facts.observed_at.date();
    let age_days = (day - entry.date).whole_days();
    let max_age = i64::try_from(rule.param_u64("max_age_days")).unwrap_or(i64::MAX);
    let key = match entry.status {
        'E' => "status_e",
        _ if age_days > max_age => "outdated",
        'A' => "status_a",
        'B' => "status_b",
        'C' => "status_c",
        _ => "status_d",
    };
    vec![
        Verdict::new(
            subject,
            Outcome::new(key)
                .with("status", entry.status)
                .with("date", entry.date)
                .with("age_days", age_days)
                .with("url", &entry.url),
        )
        .evidence("register", &lookup.source)
        .evidence("entry", entry),
    ]
}
