//! A compact table for a terminal.

use std::fmt::Write;

use super::{ScanDocument, status_label};
use crate::judge::readiness::ReadinessSummary;
use crate::rules::{Lang, Status};

pub fn render_text(doc: &ScanDocument, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(org) = doc.organisation_name.as_ref().or(doc.organisation.as_ref()) {
        let _ = writeln!(out, "{org}");
    }
    for summary in &doc.domains {
        let verdict = match (summary.compliant, lang) {
            (true, Lang::Nl) => "voldoet aan alle verplichte controles",
            (true, Lang::En) => "meets every required check",
            (false, Lang::Nl) => "voldoet NIET aan alle verplichte controles",
            (false, Lang::En) => "does NOT meet every required check",
        };
        let _ = writeln!(out, "\n{} — {verdict}", summary.domain);
        let findings: Vec<_> = doc
            .findings
            .iter()
            .filter(|f| f.domain == summary.domain)
            .collect();
        let check_width = findings.iter().map(|f| f.check.len()).max().unwrap_or(0);
        let status_width = findings
            .iter()
            .map(|f| status_label(f.status, lang).len())
            .max()
            .unwrap_or(0);
        // Every check with the same status and text (a name that does not exist, a domain
        // cut off by its deadline): one line, not one per check.
        if let [first, rest @ ..] = findings.as_slice()
            && !rest.is_empty()
            && findings.iter().all(|f| {
                f.status == first.status && f.message == first.message && f.explanation.is_none()
            })
        {
            let every = match lang {
                Lang::Nl => format!("alle {} controles", findings.len()),
                Lang::En => format!("all {} checks", findings.len()),
            };
            let _ = writeln!(
                out,
                "  {} {}  {every}  {}",
                marker(first.status),
                status_label(first.status, lang),
                one_line(first.message.get(lang)),
            );
            if let Some(advice) = &first.advice {
                let _ = writeln!(out, "    {}", one_line(advice.get(lang)));
            }
            continue;
        }
        for f in findings {
            let marker = marker(f.status);
            let subject = if f.subject == f.domain {
                String::new()
            } else {
                format!(" [{}]", f.subject)
            };
            let _ = writeln!(
                out,
                "  {marker} {:<status_width$}  {:<check_width$}  {}{subject}",
                status_label(f.status, lang),
                f.check,
                one_line(f.message.get(lang)),
            );
            if let Some(e) = &f.explanation {
                let label = match (f.explained, f.explanation_expired, lang) {
                    (_, true, Lang::Nl) => "uitleg VERLOPEN",
                    (_, true, Lang::En) => "explanation EXPIRED",
                    (true, _, Lang::Nl) => "uitgelegd",
                    (true, _, Lang::En) => "explained",
                    (false, _, Lang::Nl) => "uitleg nog niet van kracht",
                    (false, _, Lang::En) => "explanation not yet in force",
                };
                let _ = writeln!(
                    out,
                    "    {:<status_width$}  {:<check_width$}  {label} ({}, {} → {}): {}",
                    "",
                    "",
                    one_line(&e.by),
                    e.since,
                    e.valid_until,
                    one_line(&e.reason),
                );
            }
            for detail in f.details.iter().skip(1) {
                let _ = writeln!(
                    out,
                    "    {:<status_width$}  {:<check_width$}  {}",
                    "",
                    "",
                    format_args!(
                        "{}: {}",
                        status_label(detail.status, lang),
                        one_line(detail.message.get(lang))
                    ),
                );
            }
        }
    }
    for summary in &doc.readiness {
        readiness(&mut out, summary, lang);
    }
    let _ = writeln!(
        out,
        "\n{} {} ({})",
        match lang {
            Lang::Nl => "Regelset",
            Lang::En => "Rule set",
        },
        doc.rule_set.id,
        doc.rule_set.version
    );
    out
}

fn marker(status: Status) -> &'static str {
    match status {
        Status::Pass => "✓",
        Status::Fail | Status::Error => "✗",
        Status::Warning => "!",
        Status::Info | Status::NotApplicable => "·",
    }
}

/// The readiness roll-up (quantum-safe cryptography) beside the standards.
fn readiness(out: &mut String, s: &ReadinessSummary, lang: Lang) {
    let nl = lang == Lang::Nl;
    let pct = |p: Option<u32>| p.map(|p| format!(" ({p} %)")).unwrap_or_default();
    let _ = writeln!(
        out,
        "\n{} ({}): {}",
        if nl {
            "Quantumveiligheid"
        } else {
            "Quantum-safe readiness"
        },
        s.rule_set,
        if nl {
            "naast de standaarden, telt niet mee voor naleving"
        } else {
            "beside the standards, not counted for compliance"
        }
    );
    let _ = writeln!(
        out,
        "  {}: {}/{}{}; {}: {}/{}{}",
        if nl { "klaar" } else { "ready" },
        s.ready,
        s.endpoints,
        pct(s.ready_percent()),
        if nl {
            "gevoelig verkeer (mail, inlogportalen)"
        } else {
            "sensitive traffic (mail, login portals)"
        },
        s.sensitive_ready,
        s.sensitive,
        pct(s.sensitive_percent()),
    );
    let label = |key: &str| {
        s.verdict_labels
            .get(key)
            .map(|v| v.label.get(lang).to_string())
            .unwrap_or_else(|| key.to_string())
    };
    for (service, verdicts) in &s.by_service {
        let counts: Vec<String> = verdicts
            .iter()
            .map(|(k, n)| format!("{} {n}", label(k)))
            .collect();
        let _ = writeln!(out, "  {service}: {}", counts.join(", "));
    }
    for d in &s.deadlines {
        let when = if d.days_left >= 0 {
            format!("{} {}", d.days_left, if nl { "dagen" } else { "days left" })
        } else if nl {
            format!("{} dagen geleden", -d.days_left)
        } else {
            format!("{} days ago", -d.days_left)
        };
        let _ = writeln!(
            out,
            "  {} {} ({when}): {} — {} {}/{}, {} {}",
            d.deadline.date,
            d.deadline.frame.get(lang),
            one_line(d.deadline.milestone.get(lang)),
            if nl { "klaar" } else { "ready" },
            d.ready,
            d.in_scope,
            if nl { "te gaan" } else { "to go" },
            d.remaining,
        );
    }
}

/// Scanned values end up in messages; keep a terminal row on one line and free of escape
/// sequences a hostile server could send.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
