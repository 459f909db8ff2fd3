//! HTTP(S) fetching with the control a compliance check needs: redirects followed by hand
//! (the first hop is what the law judges), bodies read up to a limit, every hop recorded, and
//! certificate problems recorded instead of refused (the certificate is judged on its own;
//! the headers behind a bad certificate still count).

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use url::{Host, Url};

use super::dns::Dns;
use super::polite::{self, IpPermit};
use crate::facts::{
    CertificateSummary, ErrorKind, HttpBody, HttpFetch, HttpHop, ProbeError, TlsSummary,
};
use crate::tls::trust::{RecordingVerifier, TrustSetupError, TrustStore};

/// How long an HTTP exchange's permits outlive it: room for reqwest's connection task to be
/// scheduled and close the socket once the response is dropped.
const HTTP_CLOSE_LINGER: Duration = Duration::from_millis(25);

#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Deadline for one request and its body.
    pub timeout: Duration,
    pub user_agent: String,
    /// Extra trust anchors (PEM), e.g. the Staat der Nederlanden roots.
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum HttpSetupError {
    #[error(transparent)]
    Trust(#[from] TrustSetupError),
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

/// What to fetch and how far to go.
#[derive(Debug, Clone, Copy)]
pub struct FetchRequest<'a> {
    pub url: &'a str,
    /// Redirects to follow; 0 keeps the first response.
    pub max_redirects: usize,
    /// Read the final body up to this many bytes.
    pub body_limit: Option<usize>,
    pub accept_encoding: Option<&'a str>,
}

#[derive(Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    verifier: Arc<RecordingVerifier>,
    tls: rustls::ClientConfig,
    config: HttpConfig,
    dns: Dns,
    /// The one address a [`HttpClient::pinned`] client reaches its host at.
    pin: Option<(String, IpAddr)>,
}

impl HttpClient {
    pub fn new(config: &HttpConfig, dns: Dns) -> Result<HttpClient, HttpSetupError> {
        let trust = TrustStore::new(config.ca_file.as_deref())?;
        let verifier = Arc::new(trust.recording_verifier());
        let tls = trust.client_config(verifier.clone())?;
        let client = build_client(config, tls.clone(), dns.clone(), None)?;
        Ok(HttpClient {
            client,
            verifier,
            tls,
            config: config.clone(),
            dns,
            pin: None,
        })
    }

    /// A client that reaches `host` only at `ip`, to compare what a site serves over IPv4
    /// and over IPv6.
    pub fn pinned(&self, host: &str, ip: IpAddr) -> Result<HttpClient, HttpSetupError> {
        let client = build_client(
            &self.config,
            self.tls.clone(),
            self.dns.clone(),
            Some((host, ip)),
        )?;
        Ok(HttpClient {
            client,
            pin: Some((host.to_string(), ip)),
            ..self.clone()
        })
    }

    /// Fetch a URL, following redirects by hand up to the limit. Never fails: what went
    /// wrong is in [`HttpFetch::error`].
    pub async fn fetch(&self, request: FetchRequest<'_>) -> HttpFetch {
        let mut fetch = HttpFetch {
            url: request.url.to_string(),
            hops: Vec::new(),
            body: None,
            error: None,
        };
        let mut url = match Url::parse(request.url) {
            Ok(url) => url,
            Err(e) => {
                fetch.error = Some(ProbeError::new(
                    ErrorKind::BadRedirect,
                    format!("invalid URL: {e}"),
                ));
                return fetch;
            }
        };
        let mut visited = HashSet::new();
        loop {
            visited.insert(url.to_string());
            let redirects_left = request.max_redirects > fetch.hops.len();
            // Held until the exchange is over; its timeout starts once they are granted.
            let permits = self.admission(&url).await;
            let exchange = self.exchange(&url, request.accept_encoding, request.body_limit);
            let answer = tokio::time::timeout(self.config.timeout, exchange).await;
            // reqwest closes the socket in a task of its own just after the exchange; the
            // permits wait for that, so the next connection to the address cannot start
            // (and reach the server) before this one's close does.
            tokio::time::sleep(HTTP_CLOSE_LINGER).await;
            drop(permits);
            let (hop, body) = match answer {
                Err(_) => {
                    let detail = format!(
                        "no complete answer from {url} within {} s",
                        self.config.timeout.as_secs_f32()
                    );
                    fetch.error = Some(ProbeError::new(ErrorKind::Timeout, detail));
                    return fetch;
                }
                Ok(Err(error)) => {
                    fetch.error = Some(error);
                    return fetch;
                }
                Ok(Ok(answer)) => answer,
            };
            let location = hop
                .is_redirect()
                .then(|| hop.header("location").map(str::to_string))
                .flatten();
            fetch.hops.push(hop);
            if request.max_redirects == 0 || location.is_none() {
                fetch.body = body;
                return fetch;
            }
            let Some(next) = location.and_then(|l| url.join(&l).ok()) else {
                fetch.error = Some(ProbeError::new(
                    ErrorKind::BadRedirect,
                    "redirect without a usable Location",
                ));
                return fetch;
            };
            if visited.contains(next.as_str()) {
                fetch.error = Some(ProbeError::new(
                    ErrorKind::RedirectLoop,
                    format!("redirect loop back to {next}"),
                ));
                return fetch;
            }
            if !redirects_left {
                let detail = format!("more than {} redirects", request.max_redirects);
                fetch.error = Some(ProbeError::new(ErrorKind::TooManyRedirects, detail));
                return fetch;
            }
            url = next;
        }
    }

    /// reqwest opens its own sockets, so the politeness of [`super::polite`] is kept
    /// around each exchange instead: a permit for every address the URL's host resolves to
    /// (the shared, caching resolver gives reqwest the same list), since any of them may
    /// be the one connected to. With no idle connections kept, the socket closes as the
    /// exchange ends.
    async fn admission(&self, url: &Url) -> Vec<IpPermit> {
        let ips = match url.host() {
            Some(Host::Ipv4(ip)) => vec![IpAddr::V4(ip)],
            Some(Host::Ipv6(ip)) => vec![IpAddr::V6(ip)],
            Some(Host::Domain(name)) => match &self.pin {
                Some((host, ip)) if host.eq_ignore_ascii_case(name) => vec![*ip],
                _ => self.dns.addresses(name).await.addresses,
            },
            None => Vec::new(),
        };
        polite::process().admit_all(ips).await
    }

    async fn exchange(
        &self,
        url: &Url,
        accept_encoding: Option<&str>,
        body_limit: Option<usize>,
    ) -> Result<(HttpHop, Option<HttpBody>), ProbeError> {
        let started = Instant::now();
        let mut request = self.client.get(url.clone());
        if let Some(enc) = accept_encoding {
            request = request.header(reqwest::header::ACCEPT_ENCODING, enc);
        }
        let mut response = request.send().await.map_err(|e| classify(&e))?;
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let tls = (url.scheme() == "https").then(|| self.tls_summary(url, &response));
        let mut hop = HttpHop {
            url: url.to_string(),
            remote: response.remote_addr(),
            status: response.status().as_u16(),
            headers,
            tls,
            elapsed_ms: 0,
        };
        // Only the body that ends the chain matters; a redirect's body is never read.
        let body = match body_limit {
            Some(limit) if !hop.is_redirect() => Some(read_body(&mut response, limit).await?),
            _ => None,
        };
        hop.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        Ok((hop, body))
    }

    fn tls_summary(&self, url: &Url, response: &reqwest::Response) -> TlsSummary {
        let host = url.host_str().unwrap_or_default();
        let certificate_error = self
            .verifier
            .verdict(host)
            .and_then(|verdict| verdict.error().map(|e| e.to_string()));
        let leaf = response
            .extensions()
            .get::<reqwest::tls::TlsInfo>()
            .and_then(|info| info.peer_certificate())
            .and_then(summarise_certificate);
        TlsSummary {
            certificate_error,
            leaf,
        }
    }
}

fn build_client(
    config: &HttpConfig,
    tls: rustls::ClientConfig,
    dns: Dns,
    pin: Option<(&str, IpAddr)>,
) -> Result<reqwest::Client, HttpSetupError> {
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .tls_info(true)
        .http1_only()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(&config.user_agent)
        .connect_timeout(config.timeout)
        .timeout(config.timeout)
        // No keep-alive: an idle connection would outlive the permits of its exchange. The
        // server is told too, so it closes its side as soon as it has answered.
        .pool_max_idle_per_host(0)
        .default_headers(reqwest::header::HeaderMap::from_iter([(
            reqwest::header::CONNECTION,
            reqwest::header::HeaderValue::from_static("close"),
        )]))
        .dns_resolver(Arc::new(dns));
    if let Some((host, ip)) = pin {
        builder = builder.resolve(host, SocketAddr::new(ip, 0));
    }
    builder
        .build()
        .map_err(|e| HttpSetupError::Client(e.to_string()))
}

/// Read at most `limit` bytes; one byte more tells that the body was longer.
async fn read_body(response: &mut reqwest::Response, limit: usize) -> Result<HttpBody, ProbeError> {
    let mut bytes: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    let mut truncated = false;
    while let Some(chunk) = response.chunk().await.map_err(|e| classify(&e))? {
        total += chunk.len() as u64;
        let room = limit.saturating_sub(bytes.len());
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if total > limit as u64 {
            truncated = true;
            break;
        }
    }
    // A multi-byte character cut by the limit is not an encoding error.
    let invalid_utf8 = match std::str::from_utf8(&bytes) {
        Ok(_) => false,
        Err(e) => e.error_len().is_some(),
    };
    Ok(HttpBody {
        text: String::from_utf8_lossy(&bytes).into_owned(),
        bytes_read: total,
        truncated,
        invalid_utf8,
    })
}

/// Turn a transport error into the classes rules tell apart, with the most specific cause
/// as the detail.
fn classify(error: &reqwest::Error) -> ProbeError {
    let mut causes: Vec<String> = Vec::new();
    let mut kind = None;
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(err) = current {
        let text = err.to_string();
        if !causes.iter().any(|c| c.contains(&text)) {
            causes.push(text);
        }
        // io::Error hides what it wraps from `source()`: descend into it by hand, or the
        // rustls alert behind a failed handshake is never seen.
        let mut next = err.source();
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    kind.get_or_insert(ErrorKind::ConnectionRefused);
                }
                std::io::ErrorKind::TimedOut => {
                    kind.get_or_insert(ErrorKind::Timeout);
                }
                _ => {}
            }
            if let Some(inner) = io.get_ref() {
                next = Some(inner as &(dyn std::error::Error + 'static));
            }
        }
        if err.downcast_ref::<rustls::Error>().is_some() {
            kind.get_or_insert(ErrorKind::TlsHandshake);
        }
        if let Some(h) = err.downcast_ref::<hyper::Error>()
            && (h.is_parse() || h.is_incomplete_message())
        {
            kind.get_or_insert(ErrorKind::Protocol);
        }
        current = next;
    }
    let kind = kind.unwrap_or(if error.is_timeout() {
        ErrorKind::Timeout
    } else if error.is_connect() {
        ErrorKind::ConnectFailed
    } else {
        ErrorKind::Other
    });
    // The URL is in the evidence already; the innermost causes say what happened.
    let detail = causes
        .iter()
        .rev()
        .take(2)
        .rev()
        .cloned()
        .collect::<Vec<_>>()
        .join(": ");
    ProbeError::new(kind, detail)
}

/// The leaf as evidence of an HTTPS response, from the one certificate parser.
fn summarise_certificate(der: &[u8]) -> Option<CertificateSummary> {
    let cert = crate::tls::cert::analyse(der);
    if cert.parse_error.is_some() {
        return None;
    }
    Some(CertificateSummary {
        subject: cert.subject,
        issuer: cert.issuer,
        dns_names: cert.dns_names,
        not_before: cert.not_before,
        not_after: cert.not_after,
    })
}
