//! Documents in open formats (PDF/A, ODF): the documents a site links from its home page
//! (as a visitor reaches it; the links the web probe read) and its `/sitemap.xml`, each fetched in part and read from
//! its bytes (`wire::document`). Bounded per site: one home page, one sitemap, at most
//! [`DOCUMENTS`] documents of at most [`DOCUMENT_LIMIT`] bytes, all through the scan's one
//! HTTP client (its connector, per-address cap and rate, address policy, User-Agent and
//! timeouts).

use url::Url;

use crate::discover::same_site;
use crate::facts::{DocumentFact, DocumentsFacts, WebFacts};
use crate::probe::Prober;
use crate::probe::net::http::FetchRequest;
use crate::wire::document::sniff;
use crate::wire::text::sitemap;

/// Documents fetched per site: enough to tell a habit from an exception, few enough that
/// a site with hundreds of linked files costs a handful of requests.
const DOCUMENTS: usize = 10;
/// Bytes read of each document. The XMP packet of a PDF is usually in its first
/// kilobytes (a linearised file's catalog comes first) and an office file's format shows
/// in its first bytes; a larger document is read in part (`truncated`).
const DOCUMENT_LIMIT: usize = 2 * 1024 * 1024;
/// Bytes read of `/sitemap.xml` (sitemaps.org allows 50 MB; the first megabyte names
/// more than enough links for [`DOCUMENTS`]).
const SITEMAP_LIMIT: usize = 1024 * 1024;
/// Redirects followed to the home page, the sitemap and a document.
const REDIRECTS: usize = 5;

/// The extensions of document links, lower case: PDF, ODF, OOXML and the legacy binary
/// Office formats.
const EXTENSIONS: &[&str] = &[
    "pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "doc", "xls", "ppt",
];

/// The extension of a URL's path when it names a document.
fn document_extension(url: &Url) -> Option<String> {
    let name = url.path_segments()?.next_back()?;
    let (_, extension) = name.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    EXTENSIONS
        .contains(&extension.as_str())
        .then_some(extension)
}

/// The same-site document links among `linked` (the home page's, then the sitemap's), in
/// order, without duplicates (fragments dropped), at most [`DOCUMENTS`]; and how many more
/// there were.
fn candidates(host: &str, linked: impl Iterator<Item = Url>) -> (Vec<(Url, String)>, usize) {
    let mut found: Vec<(Url, String)> = Vec::new();
    for mut url in linked {
        url.set_fragment(None);
        let on_site = url.host_str().is_some_and(|h| same_site(h, host));
        let Some(extension) = document_extension(&url).filter(|_| on_site) else {
            continue;
        };
        if !found.iter().any(|(u, _)| *u == url) {
            found.push((url, extension));
        }
    }
    let more = found.len().saturating_sub(DOCUMENTS);
    found.truncate(DOCUMENTS);
    (found, more)
}

impl Prober {
    /// The documents `host` links, when the plan asks for them and the home page answered.
    /// The home page's links are the ones the web probe read for the accessibility
    /// statement (the page as a visitor reaches it, redirects followed): not fetched again.
    pub(super) async fn documents(&self, host: &str, web: &WebFacts) -> Option<DocumentsFacts> {
        if !self.plan.documents {
            return None;
        }
        let home = web.accessibility.as_ref()?;
        let page = home.home.as_ref().or(web.https.as_ref())?;
        page.final_response().filter(|h| h.status == 200)?;
        let sitemap_url = format!("https://{host}/sitemap.xml");
        let (mut sitemap_fetch, sitemap_body) = self
            .http
            .fetch_bytes(FetchRequest {
                url: &sitemap_url,
                max_redirects: REDIRECTS,
                body_limit: Some(SITEMAP_LIMIT),
                accept_encoding: None,
            })
            .await;
        sitemap_fetch.body = None;
        let sitemap_text = sitemap_fetch
            .final_response()
            .filter(|h| h.status == 200)
            .and(sitemap_body)
            .map(|b| String::from_utf8_lossy(&b.bytes).into_owned())
            .unwrap_or_default();
        let linked = home
            .links
            .iter()
            .map(|l| l.url.clone())
            .chain(sitemap::locations(&sitemap_text))
            .filter_map(|l| Url::parse(&l).ok());
        let (candidates, not_fetched) = candidates(host, linked);
        let documents = futures_util::future::join_all(
            candidates
                .iter()
                .map(|(url, extension)| self.document(url.as_str(), extension)),
        )
        .await;
        Some(DocumentsFacts {
            sitemap: sitemap_fetch,
            not_fetched,
            documents,
        })
    }

    /// One document, its first [`DOCUMENT_LIMIT`] bytes read and sniffed.
    async fn document(&self, url: &str, extension: &str) -> DocumentFact {
        let (fetch, body) = self
            .http
            .fetch_bytes(FetchRequest {
                url,
                max_redirects: REDIRECTS,
                body_limit: Some(DOCUMENT_LIMIT),
                accept_encoding: None,
            })
            .await;
        let hop = fetch.final_response();
        let body = body.filter(|_| hop.is_some_and(|h| h.status == 200));
        DocumentFact {
            url: url.to_string(),
            extension: extension.to_string(),
            status: hop.map(|h| h.status),
            content_type: hop.and_then(|h| h.header("content-type").map(str::to_string)),
            bytes_read: body.as_ref().map_or(0, |b| b.bytes_read),
            truncated: body.as_ref().is_some_and(|b| b.truncated),
            sniffed: body.as_ref().map(|b| sniff(&b.bytes, b.truncated)),
            error: fetch.error.map(|e| e.detail),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_links_by_their_extension() {
        let ext = |u: &str| document_extension(&Url::parse(u).unwrap());
        assert_eq!(
            ext("https://a.nl/docs/Jaarverslag.PDF").as_deref(),
            Some("pdf")
        );
        assert_eq!(ext("https://a.nl/n.odt?download=1").as_deref(), Some("odt"));
        assert_eq!(ext("https://a.nl/x.pdf/"), None);
        assert_eq!(ext("https://a.nl/index.html"), None);
        assert_eq!(ext("https://a.nl/"), None);
    }

    #[test]
    fn same_site_documents_once_and_at_most_the_limit() {
        let page = Url::parse("https://www.gemeente.nl/").unwrap();
        let html = r#"<a href="/a.pdf">a</a> <a href="/a.pdf#p2">a again</a>
            <a href="https://files.gemeente.nl/b.docx">b</a>
            <a href="https://elders.nl/c.pdf">elsewhere</a> <a href="/nieuws.html">page</a>
            <a href="mailto:info@gemeente.nl">mail</a>"#;
        let sitemap = [
            "https://www.gemeente.nl/d.ODS",
            "https://www.gemeente.nl/a.pdf",
        ];
        let linked = crate::wire::html::links(&page, html)
            .into_iter()
            .map(|l| l.url)
            .chain(sitemap.iter().map(|u| Url::parse(u).unwrap()));
        let (found, more) = candidates("www.gemeente.nl", linked);
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|(u, e)| (u.as_str(), e.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("https://www.gemeente.nl/a.pdf", "pdf"),
                ("https://files.gemeente.nl/b.docx", "docx"),
                ("https://www.gemeente.nl/d.ODS", "ods"),
            ]
        );
        assert_eq!(more, 0);
        let many =
            (0..DOCUMENTS + 3).map(|i| Url::parse(&format!("https://a.nl/{i}.pdf")).unwrap());
        let (found, more) = candidates("a.nl", many);
        assert_eq!((found.len(), more), (DOCUMENTS, 3));
    }
}
