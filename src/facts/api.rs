//! REST APIs (NLGov REST API Design Rules, OpenAPI): what pastoe saw of each API of a host.

use serde::{Deserialize, Serialize};

use super::HttpFetch;
use crate::wire::text::openapi::OpenApiSummary;

/// How pastoe came to look at an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiSource {
    /// The host is named `api.<…>`.
    HostName,
    /// The host serves an OpenAPI document at `/openapi.json`.
    Document,
    /// The organisations file lists the base URL.
    Listed,
}

/// One API, by its base URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiFacts {
    /// The base URL, without a trailing slash (`https://api.example.nl`,
    /// `https://example.nl/api/v1`).
    pub base: String,
    pub source: ApiSource,
    /// `{base}/openapi.json`, then `{base}/openapi.yaml` when the first gave no document;
    /// the bodies are not kept (see `document`).
    pub fetches: Vec<HttpFetch>,
    /// The document the fetches found (a 200 answer with a body), read up to the limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<ApiDocument>,
    /// `{base}/<a path that does not exist>`: how the API answers an error, body kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_response: Option<HttpFetch>,
}

/// A published OpenAPI document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiDocument {
    pub url: String,
    /// The `Content-Type` it was sent with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    pub bytes_read: u64,
    /// The document was longer than the limit and was not read to its end.
    pub truncated: bool,
    /// What the design rules judge of it, when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<OpenApiSummary>,
    /// Why it could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ApiFacts {
    /// The final responses the API itself gave: the document's and the error response's.
    pub fn responses(&self) -> impl Iterator<Item = &super::HttpHop> {
        self.fetches
            .iter()
            .chain(self.error_response.as_ref())
            .filter_map(HttpFetch::final_response)
    }
}
