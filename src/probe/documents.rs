//! Documents in open formats (PDF/A, ODF): the documents a site links from its home page
//! (as a visitor reaches it) and its `/sitemap.xml`, each fetched in part and read from
//! its bytes (`wire::document`). Bounded per site: one home page, one sitemap, at most
//! [`DOCUMENTS`] documents of at most [`DOCUMENT_LIMIT`] bytes, all through the scan's one
//! HTTP client (its connector, per-address cap and rate, address policy, User-Agent and
//! timeouts).

use url::Url;

use crate::discover::{links, same_site};
use crate::facts::{DocumentFact, DocumentsFacts, HttpFetch, WebFacts};
use crate::probe::net::http::FetchRequest;
use crate::probe::{PAGE_BODY_LIMIT, Prober};
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
    pub(super) async fn documents(&self, host: &str, web: &WebFacts) -> Option<DocumentsFacts> {
        if !self.plan.documents || web.resolution.addresses.is_empty() {
            return None;
        }
        // When the web probes ran and HTTPS gave neither the page nor a redirect (a silent or
        // broken server), asking again would only cost another timeout.
        let answered = |f: &HttpFetch| {
            f.final_response()
                .is_some_and(|h| h.status == 200 || h.is_redirect())
        };
        if web.https.as_ref().is_some_and(|f| !answered(f)) {
            return None;
        }
        let (home, home_page) = self.home_page(host, web).await;
        let (page_url, html) = home_page?;
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
        let linked = links(&page_url, &html).into_iter().chain(
            sitemap::locations(&sitemap_text)
                .into_iter()
                .filter_map(|l| Url::parse(&l).ok()),
        );
        let (candidates, not_fetched) = candidates(host, linked);
        let documents = futures_util::future::join_all(
            candidates
                .iter()
                .map(|(url, extension)| self.document(url.as_str(), extension)),
        )
        .await;
        Some(DocumentsFacts {
            sources: vec![home, sitemap_fetch],
            not_fetched,
            documents,
        })
    }

    /// The home page as a visitor reaches it: the HTTPS probe's answer when it was the page
    /// itself, else fetched again following redirects. The fetch (body dropped) and, when
    /// it gave a page, its final URL and text.
    async fn home_page(&self, host: &str, web: &WebFacts) -> (HttpFetch, Option<(Url, String)>) {
        let probed = web
            .https
            .as_ref()
            .filter(|f| f.final_response().is_some_and(|h| h.status == 200) && f.body.is_some());
        let mut fetch = match probed {
            Some(fetch) => fetch.clone(),
            None => {
                let url = format!("https://{host}/");
                self.http
                    .fetch(FetchRequest {
                        url: &url,
                        max_redirects: REDIRECTS,
                        body_limit: Some(PAGE_BODY_LIMIT),
                        accept_encoding: None,
                    })
                    .await
            }
        };
        let body = fetch.body.take();
        let page = fetch
            .final_response()
            .filter(|h| h.status == 200)
            .and_then(|h| Url::parse(&h.url).ok())
            .zip(body.map(|b| b.text));
        (fetch, page)
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
        let linked = links(&page, html)
            .into_iter()
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
