//! Documents in open formats (PDF/A, ODF): the documents a site links from its home page
//! and sitemap, and what their bytes said.

use serde::{Deserialize, Serialize};

use super::HttpFetch;
use crate::wire::document::Sniffed;

/// The documents of one host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentsFacts {
    /// `/sitemap.xml`, whose locations count beside the home page's links (those are
    /// `web.accessibility`'s); its body is not kept.
    pub sitemap: HttpFetch,
    /// Same-site links that looked like documents but were beyond the limit per site and
    /// were not fetched.
    #[serde(default)]
    pub not_fetched: usize,
    pub documents: Vec<DocumentFact>,
}

/// One linked document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentFact {
    pub url: String,
    /// The extension of the link's path (`pdf`, `docx`), which made it a document link;
    /// the format is read from the bytes.
    pub extension: String,
    /// The final status after redirects; none when no answer came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    pub bytes_read: u64,
    /// The document was longer than the limit and was read in part.
    pub truncated: bool,
    /// What the bytes are, when a 200 answer came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sniffed: Option<Sniffed>,
    /// Why it could not be fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
