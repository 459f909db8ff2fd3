//! The REST APIs of a host (NLGov REST API Design Rules): the OpenAPI document at the
//! documented locations and how the API answers a request for something that does not
//! exist. Every request goes through the scan's one HTTP client (its connector, per-address
//! cap and rate, address policy, User-Agent and timeouts); bodies are read up to a limit.

use crate::facts::{ApiDocument, ApiFacts, ApiSource, HttpFetch};
use crate::probe::Prober;
use crate::probe::net::http::FetchRequest;
use crate::wire::text::openapi::{self, DOCUMENT_LOCATIONS, Syntax};

/// An OpenAPI document is read up to this many bytes; a longer one is not judged.
const DOCUMENT_LIMIT: usize = 1024 * 1024;
/// Enough of an error response to see its shape.
const ERROR_BODY_LIMIT: usize = 16 * 1024;
/// Redirects followed to a document (a moved document still counts as published where it
/// ends up; the hops are the evidence).
const DOCUMENT_REDIRECTS: usize = 3;
/// A path no API has, asked to see how the API answers an error.
const NOT_FOUND_PATH: &str = "pastoe-not-found";

/// `https://host/path/` and `https://host/path` are the same base.
pub fn base_of(url: &str) -> String {
    url.trim_end_matches('/').to_string()
}

impl Prober {
    /// The APIs of `host`: the host itself when it is named `api.…` or serves an OpenAPI
    /// document at `/openapi.json`, and the listed base URLs (the organisations file).
    pub(super) async fn apis(&self, host: &str, listed: &[String]) -> Vec<ApiFacts> {
        if !self.plan.api {
            return Vec::new();
        }
        let own = format!("https://{host}");
        let mut apis = Vec::new();
        let by_name = host.starts_with("api.");
        if !listed.iter().any(|b| base_of(b) == own) {
            if by_name {
                apis.push(self.api(&own, ApiSource::HostName).await);
            } else {
                // One request tells whether the host serves a document at all; only then is
                // it an API with the rest measured.
                let first = self.document_fetch(&own, DOCUMENT_LOCATIONS[0]).await;
                let (fetch, document) = first;
                if document.as_ref().is_some_and(|d| d.summary.is_some()) {
                    apis.push(
                        self.api_with(&own, ApiSource::Document, fetch, document)
                            .await,
                    );
                }
            }
        }
        for base in listed {
            let base = base_of(base);
            if !apis.iter().any(|a| a.base == base) {
                apis.push(self.api(&base, ApiSource::Listed).await);
            }
        }
        apis
    }

    async fn api(&self, base: &str, source: ApiSource) -> ApiFacts {
        let (fetch, document) = self.document_fetch(base, DOCUMENT_LOCATIONS[0]).await;
        self.api_with(base, source, fetch, document).await
    }

    /// The rest of an API's observation once `/openapi.json` was asked: the YAML location
    /// when JSON gave no document, and the error response.
    async fn api_with(
        &self,
        base: &str,
        source: ApiSource,
        json: HttpFetch,
        mut document: Option<ApiDocument>,
    ) -> ApiFacts {
        let mut fetches = vec![json];
        if document.is_none() && fetches[0].error.is_none() {
            let (yaml, found) = self.document_fetch(base, DOCUMENT_LOCATIONS[1]).await;
            fetches.push(yaml);
            document = found;
        }
        let url = format!("{base}/{NOT_FOUND_PATH}");
        let error_response = self
            .http
            .fetch(FetchRequest {
                url: &url,
                max_redirects: 0,
                body_limit: Some(ERROR_BODY_LIMIT),
                accept_encoding: None,
            })
            .await;
        ApiFacts {
            base: base.to_string(),
            source,
            fetches,
            document,
            error_response: Some(error_response),
        }
    }

    /// One documented location: the fetch (its body dropped) and, when it answered 200, the
    /// document read from it.
    async fn document_fetch(
        &self,
        base: &str,
        (path, syntax): (&str, Syntax),
    ) -> (HttpFetch, Option<ApiDocument>) {
        let url = format!("{base}/{path}");
        let mut fetch = self
            .http
            .fetch(FetchRequest {
                url: &url,
                max_redirects: DOCUMENT_REDIRECTS,
                body_limit: Some(DOCUMENT_LIMIT),
                accept_encoding: None,
            })
            .await;
        let body = fetch.body.take();
        let Some(hop) = fetch.final_response().filter(|h| h.status == 200) else {
            return (fetch, None);
        };
        let body = body.unwrap_or_default();
        let (summary, error) = if body.truncated {
            (
                None,
                Some(format!(
                    "longer than {DOCUMENT_LIMIT} bytes; not read to its end"
                )),
            )
        } else {
            match openapi::parse(&body.text, syntax) {
                Ok(summary) => (Some(summary), None),
                Err(e) => (None, Some(e.to_string())),
            }
        };
        let document = ApiDocument {
            url: hop.url.clone(),
            content_type: hop.header("content-type").map(str::to_string),
            bytes_read: body.bytes_read,
            truncated: body.truncated,
            summary,
            error,
        };
        (fetch, Some(document))
    }
}
