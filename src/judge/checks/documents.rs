//! Documents in open formats (Forum Standaardisatie: PDF/A for published documents, ODF
//! for editable ones): what the documents a site links from its home page and sitemap say
//! of themselves in their bytes. One verdict per site; a site that links no such document
//! gets no finding ([`Hosts::Found`]). A PDF/A claim is what the file's metadata says, not
//! a validation.

use super::{CheckSpec, DOCUMENTS, Evaluate, Hosts, ParamKind, words};
use crate::facts::{DocumentFact, DocumentsFacts, DomainFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::document::{DocumentFormat, PdfaClaim};

pub const PDFA: CheckSpec = CheckSpec {
    id: "web.documents.pdfa",
    outcomes: &["all_claim", "without_claim", "unreadable"],
    params: &[("parts", ParamKind::Words)],
    evaluate: Evaluate::Domain(pdfa),
    needs: DOCUMENTS,
    hosts: Hosts::Found,
};

pub const OPEN_FORMATS: CheckSpec = CheckSpec {
    id: "web.documents.open_formats",
    outcomes: &["open", "closed"],
    params: &[("closed", ParamKind::Words)],
    evaluate: Evaluate::Domain(open_formats),
    needs: DOCUMENTS,
    hosts: Hosts::Found,
};

/// The documents that answered with their bytes.
fn read(documents: &DocumentsFacts) -> impl Iterator<Item = (&DocumentFact, DocumentFormat)> {
    documents
        .documents
        .iter()
        .filter_map(|d| d.sniffed.as_ref().map(|s| (d, s.format)))
}

fn claim_text(claim: &PdfaClaim) -> String {
    format!(
        "PDF/A-{}{}",
        claim.part,
        claim.conformance.as_deref().unwrap_or_default()
    )
}

/// The share of PDFs that claim PDF/A (a part the rule lists); those without and those
/// that could not be read (damaged, a bomb, too long to read to the claim, not fetched)
/// are listed.
fn pdfa(facts: &DomainFacts, rule: &CheckRule, _: &RuleSet) -> Vec<Verdict> {
    let Some(documents) = &facts.documents else {
        return Vec::new();
    };
    let parts = words(rule, "parts");
    let (mut claiming, mut without, mut unreadable) = (Vec::new(), Vec::new(), Vec::new());
    for (document, format) in read(documents) {
        let Some(sniffed) = document
            .sniffed
            .as_ref()
            .filter(|_| format == DocumentFormat::Pdf)
        else {
            continue;
        };
        match (&sniffed.pdfa, &sniffed.error) {
            (Some(claim), _) if parts.contains(&claim.part.to_ascii_lowercase()) => {
                claiming.push(format!("{} ({})", document.url, claim_text(claim)));
            }
            (Some(claim), _) => {
                without.push(format!(
                    "{} ({}, not a known part)",
                    document.url,
                    claim_text(claim)
                ));
            }
            (None, Some(error)) => unreadable.push(format!("{}: {error}", document.url)),
            (None, None) => without.push(document.url.clone()),
        }
    }
    for document in &documents.documents {
        if let (Some(error), "pdf") = (&document.error, document.extension.as_str()) {
            unreadable.push(format!("{}: {error}", document.url));
        }
    }
    let pdfs = claiming.len() + without.len() + unreadable.len();
    if pdfs == 0 {
        return Vec::new();
    }
    let share = claiming.len() * 100 / pdfs;
    let outcome = if !without.is_empty() {
        Outcome::new("without_claim").with("without", without.join(", "))
    } else if !unreadable.is_empty() {
        Outcome::new("unreadable").with("unreadable", unreadable.join("; "))
    } else {
        Outcome::new("all_claim")
    };
    let outcome = outcome
        .with("claiming", claiming.len())
        .with("pdfs", pdfs)
        .with("share", share);
    vec![
        Verdict::new(&facts.domain, outcome)
            .evidence("claiming", &claiming)
            .evidence("without_claim", &without)
            .evidence("unreadable", &unreadable)
            .evidence("not_fetched", documents.not_fetched),
    ]
}

/// Editable documents (ODF or a closed format the rule lists) by their bytes: the closed
/// ones are listed.
fn open_formats(facts: &DomainFacts, rule: &CheckRule, _: &RuleSet) -> Vec<Verdict> {
    let Some(documents) = &facts.documents else {
        return Vec::new();
    };
    let closed_formats = words(rule, "closed");
    let (mut open, mut closed) = (Vec::new(), Vec::new());
    for (document, format) in read(documents) {
        let name = serde_json::to_value(format)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        if format == DocumentFormat::Odf {
            open.push(document.url.clone());
        } else if closed_formats.contains(&name) {
            closed.push(format!("{} ({name})", document.url));
        }
    }
    if open.is_empty() && closed.is_empty() {
        return Vec::new();
    }
    let outcome = if closed.is_empty() {
        Outcome::new("open")
    } else {
        Outcome::new("closed").with("closed", closed.join(", "))
    };
    let outcome = outcome
        .with("open_count", open.len())
        .with("editable", open.len() + closed.len());
    vec![
        Verdict::new(&facts.domain, outcome)
            .evidence("open", &open)
            .evidence("closed", &closed)
            .evidence("not_fetched", documents.not_fetched),
    ]
}
