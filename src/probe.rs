//! Probes: the network I/O of a scan, turning a domain into [`DomainFacts`].

use std::time::Duration;

use time::OffsetDateTime;

use crate::facts::{DomainFacts, SecurityTxtFetch, WebFacts};
use crate::net::dns::{Dns, DnsConfig, DnsSetupError};
use crate::net::http::{FetchRequest, HttpClient, HttpConfig, HttpSetupError};
use crate::target::Domain;

/// Redirects followed from `http://host/`, for the evidence chain (only the first hop is judged).
const HTTP_REDIRECTS: usize = 10;
/// Redirects followed for security.txt; the rule judges the count, this bounds the work.
const SECURITY_TXT_REDIRECTS: usize = 10;
/// Enough of a home page to find a `<meta>` policy, bounded against huge pages.
const PAGE_BODY_LIMIT: usize = 256 * 1024;
/// A little over internet.nl's 100 kB, so the rule can tell "too large" apart.
const SECURITY_TXT_BODY_LIMIT: usize = 128 * 1024;
/// The encodings internet.nl offers when it looks for HTTP compression.
const BROAD_ACCEPT_ENCODING: &str = "compress, deflate, br, gzip";

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Dns(#[from] DnsSetupError),
    #[error(transparent)]
    Http(#[from] HttpSetupError),
}

#[derive(Debug, Clone)]
pub struct ProbeConfig {
    pub dns: DnsConfig,
    pub http: HttpConfig,
}

impl ProbeConfig {
    pub fn new(timeout: Duration, user_agent: String) -> ProbeConfig {
        ProbeConfig {
            dns: DnsConfig {
                server: None,
                trust_anchor: None,
                timeout,
                attempts: 2,
            },
            http: HttpConfig {
                timeout,
                user_agent,
                ca_file: None,
            },
        }
    }
}

/// The transports of one scan, shared by all its domains (one DNS cache, one connection pool).
#[derive(Clone)]
pub struct Prober {
    dns: Dns,
    http: HttpClient,
}

impl Prober {
    pub fn new(config: &ProbeConfig) -> Result<Prober, SetupError> {
        let dns = Dns::new(&config.dns)?;
        let http = HttpClient::new(&config.http, dns.clone())?;
        Ok(Prober { dns, http })
    }

    pub async fn observe(&self, domain: &Domain) -> DomainFacts {
        let observed_at = OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        DomainFacts {
            domain: domain.to_string(),
            observed_at,
            web: self.web(domain.as_str()).await,
        }
    }

    /// The web probes of one host. HTTP and HTTPS run side by side so a silent server costs
    /// one timeout, not two; the follow-up requests only run when HTTPS answered at all.
    async fn web(&self, host: &str) -> WebFacts {
        let resolution = self.dns.addresses(host).await;
        let mut facts = WebFacts::new(host, resolution);
        if facts.resolution.addresses.is_empty() {
            return facts;
        }
        let http_url = format!("http://{host}/");
        let https_url = format!("https://{host}/");
        let (http, https) = tokio::join!(
            self.http.fetch(FetchRequest {
                url: &http_url,
                max_redirects: HTTP_REDIRECTS,
                body_limit: None,
                accept_encoding: None
            }),
            self.http.fetch(FetchRequest {
                url: &https_url,
                max_redirects: 0,
                body_limit: Some(PAGE_BODY_LIMIT),
                accept_encoding: None
            }),
        );
        let https_answered = https.final_response().is_some();
        facts.http = Some(http);
        facts.https = Some(https);
        if !https_answered {
            return facts;
        }
        let (compression, security_txt) = tokio::join!(
            self.http.fetch(FetchRequest {
                url: &https_url,
                max_redirects: 0,
                body_limit: None,
                accept_encoding: Some(BROAD_ACCEPT_ENCODING),
            }),
            self.security_txt(host),
        );
        facts.https_compression = Some(compression);
        facts.security_txt = Some(security_txt);
        facts
    }

    /// RFC 9116 §3: the well-known location first; the legacy top-level path only when the
    /// well-known one gave no file.
    async fn security_txt(&self, host: &str) -> SecurityTxtFetch {
        let request = |url| FetchRequest {
            url,
            max_redirects: SECURITY_TXT_REDIRECTS,
            body_limit: Some(SECURITY_TXT_BODY_LIMIT),
            accept_encoding: None,
        };
        let well_known_url = format!("https://{host}/.well-known/security.txt");
        let well_known = self.http.fetch(request(&well_known_url)).await;
        let found = well_known
            .final_response()
            .is_some_and(|hop| hop.status == 200);
        let fallback = if found || well_known.error.is_some() {
            None
        } else {
            let fallback_url = format!("https://{host}/security.txt");
            Some(self.http.fetch(request(&fallback_url)).await)
        };
        SecurityTxtFetch {
            well_known,
            fallback,
        }
    }
}
