//! Documents in open formats on the live test internet (docproef.nl): which documents the
//! probe takes from the home page and sitemap, what their bytes say, and that hostile
//! documents (damaged, 50 MB, a bomb) cost at most their limits and give an `error`. The
//! verdicts of every case are asserted on golden facts (tests/offline/verdicts/documents.rs).

use crate::support;

use pastoe::facts::{DocumentFact, FactsDocument};
use pastoe::rules::Status::*;
use pastoe::wire::document::DocumentFormat;
use support::{scan, scratch_dir};

fn facts_of(hosts: &[&str]) -> (pastoe::report::ScanDocument, FactsDocument) {
    let dir = scratch_dir("documents-facts");
    let path = dir.join("facts.json");
    let run = scan(
        hosts,
        &[
            "--facts-out",
            path.to_str().unwrap(),
            "--only",
            "web.documents.*",
        ],
    );
    assert!(run.code <= 1, "stderr: {}", run.stderr);
    let facts: FactsDocument =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (run.doc(), facts)
}

fn document<'a>(facts: &'a FactsDocument, host: &str, path: &str) -> &'a DocumentFact {
    let domain = facts.domains.iter().find(|d| d.domain == host).unwrap();
    let url = format!("https://{host}{path}");
    let documents = domain.documents.as_ref().expect("documents probed");
    documents
        .documents
        .iter()
        .find(|d| d.url == url)
        .unwrap_or_else(|| panic!("{url} not fetched: {:?}", documents.documents))
}

#[test]
fn documents_from_the_home_page_and_the_sitemap_by_their_bytes() {
    let (doc, facts) = facts_of(&["goed.docproef.nl", "gemengd.docproef.nl"]);
    let goed = |p| document(&facts, "goed.docproef.nl", p);
    let claim = goed("/docs/jaarverslag.pdf").sniffed.as_ref().unwrap();
    assert_eq!(claim.format, DocumentFormat::Pdf);
    let pdfa = claim.pdfa.as_ref().unwrap();
    assert_eq!(
        (pdfa.part.as_str(), pdfa.conformance.as_deref()),
        ("2", Some("B"))
    );
    let flate = goed("/docs/begroting.pdf").sniffed.as_ref().unwrap();
    assert_eq!(
        flate.pdfa.as_ref().unwrap().part,
        "1",
        "XMP in a FlateDecode stream"
    );
    let odt = goed("/docs/notulen.odt");
    assert_eq!(odt.status, Some(200));
    assert_eq!(
        odt.content_type.as_deref(),
        Some("application/vnd.oasis.opendocument.text")
    );
    assert_eq!(odt.sniffed.as_ref().unwrap().format, DocumentFormat::Odf);

    let gemengd = facts
        .domains
        .iter()
        .find(|d| d.domain == "gemengd.docproef.nl")
        .unwrap();
    let documents = gemengd.documents.as_ref().unwrap();
    let urls: Vec<&str> = documents.documents.iter().map(|d| d.url.as_str()).collect();
    // The home page's links in order, then the sitemap's new one; another site's PDF is not
    // fetched.
    assert_eq!(
        urls,
        [
            "https://gemengd.docproef.nl/docs/jaarverslag.pdf",
            "https://gemengd.docproef.nl/docs/brief.pdf",
            "https://gemengd.docproef.nl/docs/notulen.odt",
            "https://gemengd.docproef.nl/docs/formulier.docx",
            "https://gemengd.docproef.nl/docs/ontbreekt.pdf",
            "https://gemengd.docproef.nl/docs/oud.doc",
        ]
    );
    let format = |p| {
        document(&facts, "gemengd.docproef.nl", p)
            .sniffed
            .as_ref()
            .map(|s| s.format)
    };
    assert_eq!(format("/docs/formulier.docx"), Some(DocumentFormat::Ooxml));
    assert_eq!(format("/docs/oud.doc"), Some(DocumentFormat::LegacyOffice));
    assert_eq!(format("/docs/ontbreekt.pdf"), None, "404: no bytes judged");
    let brief = document(&facts, "gemengd.docproef.nl", "/docs/brief.pdf");
    let sniffed = brief.sniffed.as_ref().unwrap();
    assert_eq!(
        (sniffed.pdfa.as_ref(), sniffed.error.as_ref()),
        (None, None)
    );

    let status = |host: &str, check: &str| support::status(&doc, host, check);
    assert_eq!(status("goed.docproef.nl", "web.documents.pdfa"), Pass);
    assert_eq!(
        status("goed.docproef.nl", "web.documents.open_formats"),
        Pass
    );
    assert_eq!(status("gemengd.docproef.nl", "web.documents.pdfa"), Fail);
    assert_eq!(
        status("gemengd.docproef.nl", "web.documents.open_formats"),
        Fail
    );
}

/// Hostile documents cost at most their limits: the 50 MB file is read to 2 MiB, the bomb's
/// metadata inflated to 1 MiB, the damaged file read whole; each is an `error`, not a crash
/// or a fail.
#[test]
fn hostile_documents_are_bounded_errors() {
    let (doc, facts) = facts_of(&["kapot.docproef.nl"]);
    let kapot = |p| document(&facts, "kapot.docproef.nl", p);
    let groot = kapot("/docs/groot.pdf");
    assert!(groot.truncated);
    assert!(
        groot.bytes_read < 3 * 1024 * 1024,
        "{} bytes read",
        groot.bytes_read
    );
    let error = |p| {
        kapot(p)
            .sniffed
            .as_ref()
            .unwrap()
            .error
            .clone()
            .unwrap_or_default()
    };
    assert!(error("/docs/groot.pdf").contains("not read to its end"));
    assert!(error("/docs/bom.pdf").contains("more than 1048576 bytes"));
    assert!(error("/docs/kapot.pdf").starts_with("damaged"));
    let f = support::finding(&doc, "kapot.docproef.nl", "web.documents.pdfa");
    assert_eq!((f.status, f.outcome.as_str()), (Error, "unreadable"));
    assert_eq!(f.evidence["unreadable"].as_array().unwrap().len(), 3);
    // Only PDFs: no editable document, no open-formats finding.
    assert!(
        doc.findings
            .iter()
            .all(|f| f.check != "web.documents.open_formats")
    );
}
