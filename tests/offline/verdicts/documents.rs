//! Documents in open formats (PDF/A, ODF) on the synthetic golden facts of the document
//! sites (fixtures/golden/synthetic/derive.py, `documents_*`, which model the docproef.nl
//! hosts of the test internet): every outcome with why, and what the evidence lists.

use crate::support;

use pastoe::rules::Status::{self, *};
use support::finding;
use support::golden::golden_file_doc;

/// (synthetic case, check, status, outcome, why).
const EXPECTED: &[(&str, &str, Status, &str, &str)] = &[
    (
        "documents-open",
        "web.documents.pdfa",
        Pass,
        "all_claim",
        "both PDFs claim PDF/A (2B, 1A)",
    ),
    (
        "documents-open",
        "web.documents.open_formats",
        Pass,
        "open",
        "the one editable document is ODF",
    ),
    (
        "documents-mixed",
        "web.documents.pdfa",
        Fail,
        "without_claim",
        "a PDF without pdfaid, and one claiming a part 19005 does not have",
    ),
    (
        "documents-mixed",
        "web.documents.open_formats",
        Fail,
        "closed",
        "a .docx (OOXML) and a .doc (OLE2) beside the ODF text",
    ),
    (
        "documents-hostile",
        "web.documents.pdfa",
        Error,
        "unreadable",
        "damaged, too long, a bomb and a broken transfer beside one PDF/A: an error, not a fail",
    ),
];

#[test]
fn every_document_outcome() {
    for (case, check, status, outcome, why) in EXPECTED {
        let doc = golden_file_doc(&format!("synthetic/{case}.facts.json"));
        let f = finding(&doc, "goedstad.nl", check);
        assert_eq!(
            (f.status, f.outcome.as_str()),
            (*status, *outcome),
            "{case} {check}: {why} — {}",
            f.message.en
        );
        assert!(!f.message.en.contains('{'), "{}", f.message.en);
    }
}

#[test]
fn the_evidence_lists_the_documents() {
    let doc = golden_file_doc("synthetic/documents-mixed.facts.json");
    let pdfa = finding(&doc, "goedstad.nl", "web.documents.pdfa");
    assert_eq!(
        pdfa.evidence["claiming"],
        serde_json::json!(["https://goedstad.nl/docs/jaarverslag.pdf (PDF/A-2B)"])
    );
    assert_eq!(
        pdfa.evidence["without_claim"],
        serde_json::json!([
            "https://goedstad.nl/docs/brief.pdf",
            "https://goedstad.nl/docs/vreemd.pdf (PDF/A-9, not a known part)"
        ])
    );
    assert_eq!(pdfa.evidence["not_fetched"], 2);
    // The link that was not found (404) is no PDF of the site's.
    assert!(
        pdfa.message
            .en
            .starts_with("1 of the 3 linked PDF files (33%)"),
        "{}",
        pdfa.message.en
    );
    let formats = finding(&doc, "goedstad.nl", "web.documents.open_formats");
    assert_eq!(
        formats.evidence["closed"],
        serde_json::json!([
            "https://goedstad.nl/docs/formulier.docx (ooxml)",
            "https://goedstad.nl/docs/oud.doc (legacy_office)"
        ])
    );

    let hostile = golden_file_doc("synthetic/documents-hostile.facts.json");
    let pdfa = finding(&hostile, "goedstad.nl", "web.documents.pdfa");
    let unreadable: Vec<&str> = pdfa.evidence["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u.as_str())
        .collect();
    assert_eq!(unreadable.len(), 4, "{unreadable:?}");
    assert!(
        unreadable
            .iter()
            .any(|u| u.contains("bom.pdf") && u.contains("more than"))
    );
    assert!(
        unreadable
            .iter()
            .any(|u| u.contains("groot.pdf") && u.contains("not read to its end"))
    );
    assert!(
        unreadable
            .iter()
            .any(|u| u.contains("kapot.pdf") && u.contains("damaged"))
    );
    assert!(unreadable.iter().any(|u| u.contains("afgebroken.pdf")));
}

/// A site that links no document gets no finding of either check.
#[test]
fn no_documents_no_finding() {
    let doc = golden_file_doc("web/goedstad.nl.facts.json");
    assert!(
        doc.findings
            .iter()
            .all(|f| !f.check.starts_with("web.documents.")),
    );
}
