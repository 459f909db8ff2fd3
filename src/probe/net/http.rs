//! HTTP(S) fetching with the control a compliance check needs: redirects followed by hand
//! (the first hop is what the law judges), bodies read up to a limit, every hop recorded, and
//! certificate problems recorded instead of refused (the certificate is judged on its own;
//! the headers behind a bad certificate still count).

use std::collections::HashSet;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper::body::{Bytes, Incoming};
use hyper::client::conn::http1;
use hyper::{Request, header};
use hyper_util::rt::TokioIo;
use rustls::client::Resumption;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use url::{Host, Position, Url};

use super::dns::Dns;
use super::polite::PoliteStream;
use super::tcp;
use crate::facts::{
    CertificateSummary, ErrorKind, HttpBody, HttpFetch, HttpHop, ProbeError, TlsSummary,
};
use crate::probe::net::trust::{TrustSetupError, TrustStore};

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

/// Every exchange opens a connection of its own through [`tcp::connect`], so the per-address
/// politeness and the address policy hold for HTTP as for every other probe, and closes it
/// when it ends: no connection is kept or shared between exchanges.
#[derive(Clone)]
pub struct HttpClient {
    trust: TrustStore,
    /// HTTP/1.1 by ALPN, no resumption; each handshake gets a verifier of its own.
    tls: rustls::ClientConfig,
    config: HttpConfig,
    dns: Dns,
    /// The one address a [`HttpClient::pinned`] client reaches its host at.
    pin: Option<(String, IpAddr)>,
}

impl HttpClient {
    pub fn new(config: &HttpConfig, dns: Dns) -> Result<HttpClient, HttpSetupError> {
        let trust = TrustStore::new(config.ca_file.as_deref())?;
        let mut tls = trust.client_config(Arc::new(trust.recording_verifier()))?;
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        tls.resumption = Resumption::disabled();
        Ok(HttpClient {
            trust,
            tls,
            config: config.clone(),
            dns,
            pin: None,
        })
    }

    /// A client that reaches `host` only at `ip`, to compare what a site serves over IPv4
    /// and over IPv6.
    pub fn pinned(&self, host: &str, ip: IpAddr) -> HttpClient {
        HttpClient {
            pin: Some((host.to_string(), ip)),
            ..self.clone()
        }
    }

    /// Fetch a URL, following redirects by hand up to the limit. Never fails: what went
    /// wrong is in [`HttpFetch::error`].
    pub async fn fetch(&self, request: FetchRequest<'_>) -> HttpFetch {
        let (mut fetch, body) = self.fetch_bytes(request).await;
        fetch.body = body.map(HttpBody::from);
        fetch
    }

    /// As [`HttpClient::fetch`], with the final body as bytes (a document, not text);
    /// [`HttpFetch::body`] stays empty.
    pub async fn fetch_bytes(&self, request: FetchRequest<'_>) -> (HttpFetch, Option<RawBody>) {
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
                return (fetch, None);
            }
        };
        let mut visited = HashSet::new();
        loop {
            visited.insert(url.to_string());
            let redirects_left = request.max_redirects > fetch.hops.len();
            let (hop, body) = match self
                .exchange(&url, request.accept_encoding, request.body_limit)
                .await
            {
                Ok(answer) => answer,
                Err(error) => {
                    fetch.error = Some(error);
                    return (fetch, None);
                }
            };
            let location = hop
                .is_redirect()
                .then(|| hop.header("location").map(str::to_string))
                .flatten();
            fetch.hops.push(hop);
            if request.max_redirects == 0 || location.is_none() {
                return (fetch, body);
            }
            let Some(next) = location.and_then(|l| url.join(&l).ok()) else {
                fetch.error = Some(ProbeError::new(
                    ErrorKind::BadRedirect,
                    "redirect without a usable Location",
                ));
                return (fetch, None);
            };
            if visited.contains(next.as_str()) {
                fetch.error = Some(ProbeError::new(
                    ErrorKind::RedirectLoop,
                    format!("redirect loop back to {next}"),
                ));
                return (fetch, None);
            }
            if !redirects_left {
                let detail = format!("more than {} redirects", request.max_redirects);
                fetch.error = Some(ProbeError::new(ErrorKind::TooManyRedirects, detail));
                return (fetch, None);
            }
            url = next;
        }
    }

    /// One request and its response on a connection of its own, which is closed (and its
    /// permit returned) when this returns. The deadline starts once the connection is
    /// admitted: time spent waiting for politeness is ours, not the server's.
    async fn exchange(
        &self,
        url: &Url,
        accept_encoding: Option<&str>,
        body_limit: Option<usize>,
    ) -> Result<(HttpHop, Option<RawBody>), ProbeError> {
        let tls = match url.scheme() {
            "https" => true,
            "http" => false,
            other => {
                let detail = format!("cannot fetch {url}: {other} is not HTTP");
                return Err(ProbeError::new(ErrorKind::Other, detail));
            }
        };
        let (Some(host), Some(port)) = (url.host(), url.port_or_known_default()) else {
            let detail = format!("cannot fetch {url}: no host");
            return Err(ProbeError::new(ErrorKind::Other, detail));
        };
        let request = self.request(url, accept_encoding)?;
        let stream = self.connect(host.clone(), port).await?;
        let admitted_at = stream.admitted_at();
        let hop = HttpHop {
            url: url.to_string(),
            remote: stream.get_ref().peer_addr().ok(),
            status: 0,
            headers: Vec::new(),
            tls: None,
            elapsed_ms: 0,
        };
        let answer = async {
            if tls {
                let (stream, summary) = self.handshake(stream, host).await?;
                let hop = HttpHop {
                    tls: Some(summary),
                    ..hop
                };
                converse(stream, request, hop, body_limit).await
            } else {
                converse(stream, request, hop, body_limit).await
            }
        };
        let deadline = admitted_at + self.config.timeout;
        let Ok(answer) = tokio::time::timeout_at(deadline, answer).await else {
            let detail = format!(
                "no complete answer from {url} within {} s",
                self.config.timeout.as_secs_f32()
            );
            return Err(ProbeError::new(ErrorKind::Timeout, detail));
        };
        let (mut hop, body) = answer?;
        hop.elapsed_ms = u64::try_from(admitted_at.elapsed().as_millis()).unwrap_or(u64::MAX);
        Ok((hop, body))
    }

    /// A GET as a browser sends it (origin form: path and query, never the fragment), with
    /// who we are, and `Connection: close` so the server closes its side once it has
    /// answered.
    fn request(
        &self,
        url: &Url,
        accept_encoding: Option<&str>,
    ) -> Result<Request<Empty<Bytes>>, ProbeError> {
        let mut request = Request::get(&url[Position::BeforePath..Position::AfterQuery])
            .header(
                header::HOST,
                &url[Position::BeforeHost..Position::AfterPort],
            )
            .header(header::USER_AGENT, &self.config.user_agent)
            .header(header::ACCEPT, "*/*")
            .header(header::CONNECTION, "close");
        if let Some(enc) = accept_encoding {
            request = request.header(header::ACCEPT_ENCODING, enc);
        }
        request
            .body(Empty::new())
            .map_err(|e| ProbeError::new(ErrorKind::Other, format!("cannot request {url}: {e}")))
    }

    /// A connection to the host through pastoe's one connector ([`tcp::connect`]: the
    /// per-address cap and rate, the address policy), trying its addresses in the
    /// resolver's order (IPv4 first) until one accepts. Each attempt gets an equal share of
    /// the timeout, so a host whose every address is unreachable costs the timeout once.
    /// The stream holds the permit of the one address it reached.
    async fn connect(&self, host: Host<&str>, port: u16) -> Result<PoliteStream, ProbeError> {
        let addresses = match host {
            Host::Ipv4(ip) => vec![IpAddr::V4(ip)],
            Host::Ipv6(ip) => vec![IpAddr::V6(ip)],
            Host::Domain(name) => match &self.pin {
                Some((pinned, ip)) if pinned.eq_ignore_ascii_case(name) => vec![*ip],
                _ => {
                    let resolution = self.dns.addresses(name).await;
                    match resolution.error {
                        // A name pointing only inside keeps saying so (not contacted).
                        Some(e) if resolution.addresses.is_empty() => {
                            let kind = match e.kind {
                                ErrorKind::NonPublicAddress => ErrorKind::NonPublicAddress,
                                _ => ErrorKind::ConnectFailed,
                            };
                            let detail = format!("{name}: DNS: {}", e.detail);
                            return Err(ProbeError::new(kind, detail));
                        }
                        _ => resolution.addresses,
                    }
                }
            },
        };
        let attempts = u32::try_from(addresses.len()).unwrap_or(u32::MAX).max(1);
        let share = self.config.timeout / attempts;
        let mut first_error = None;
        for ip in addresses {
            match tcp::connect(SocketAddr::new(ip, port), share).await {
                Ok(stream) => return Ok(stream),
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        Err(first_error.unwrap_or_else(|| {
            ProbeError::new(ErrorKind::ConnectFailed, "no address to connect to")
        }))
    }

    /// TLS on `stream` with SNI for the host, recording what the certificate would be
    /// refused for instead of refusing it. Each handshake has a verifier of its own, so
    /// concurrent handshakes to one name (over IPv4 and IPv6, say) cannot see each other's
    /// verdicts, and none is resumed, so every one shows its certificate.
    async fn handshake(
        &self,
        stream: PoliteStream,
        host: Host<&str>,
    ) -> Result<(TlsStream<PoliteStream>, TlsSummary), ProbeError> {
        let name = match host {
            Host::Domain(name) => ServerName::try_from(name.to_string()).map_err(|_| {
                let detail = format!("{name:?} is not a valid TLS server name");
                ProbeError::new(ErrorKind::Other, detail)
            })?,
            Host::Ipv4(ip) => ServerName::from(IpAddr::V4(ip)),
            Host::Ipv6(ip) => ServerName::from(IpAddr::V6(ip)),
        };
        let verifier = Arc::new(self.trust.recording_verifier());
        let mut config = self.tls.clone();
        config
            .dangerous()
            .set_certificate_verifier(verifier.clone());
        let stream = TlsConnector::from(Arc::new(config))
            .connect(name.clone(), stream)
            .await
            .map_err(|e| classify(&e, ErrorKind::ConnectFailed, "TLS"))?;
        let certificate_error = verifier
            .verdict(&name.to_str())
            .and_then(|verdict| verdict.error().map(|e| e.to_string()));
        let leaf = stream
            .get_ref()
            .1
            .peer_certificates()
            .and_then(|chain| chain.first())
            .and_then(|der| summarise_certificate(der));
        let summary = TlsSummary {
            certificate_error,
            leaf,
        };
        Ok((stream, summary))
    }
}

/// Sends `request` on `io` and fills `hop` with the response; a body that ends the chain
/// (not a redirect's) is read up to `body_limit`. hyper's connection is driven here, in
/// this task, not spawned: the socket lives exactly as long as the exchange.
async fn converse<S>(
    io: S,
    request: Request<Empty<Bytes>>,
    mut hop: HttpHop,
    body_limit: Option<usize>,
) -> Result<(HttpHop, Option<RawBody>), ProbeError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let http_error = |e: hyper::Error| classify(&e, ErrorKind::Other, "HTTP");
    let (mut sender, connection) = http1::handshake(TokioIo::new(io))
        .await
        .map_err(http_error)?;
    let work = async move {
        let response = sender.send_request(request).await?;
        hop.status = response.status().as_u16();
        hop.headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = match body_limit {
            Some(limit) if !hop.is_redirect() => {
                Some(read_body(response.into_body(), limit).await?)
            }
            _ => None,
        };
        Ok((hop, body))
    };
    drive(connection, work).await.map_err(http_error)
}

/// Runs `work` while polling `connection`, which does the reading and writing `work` waits
/// for. When the connection ends first and cleanly (the whole response is in), `work` only
/// has to collect what it delivered; when it fails, its error is the one that says why.
async fn drive<T>(
    connection: impl Future<Output = Result<(), hyper::Error>>,
    work: impl Future<Output = Result<T, hyper::Error>>,
) -> Result<T, hyper::Error> {
    let mut work = pin!(work);
    let connection = pin!(connection);
    tokio::select! {
        biased;
        done = &mut work => done,
        ended = connection => match ended {
            Ok(()) => work.await,
            Err(e) => Err(e),
        },
    }
}

/// A final body as read: its bytes up to the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBody {
    pub bytes: Vec<u8>,
    /// Bytes received, which is one chunk more than `bytes` when the body was longer.
    pub bytes_read: u64,
    /// The body was longer than the limit and reading stopped.
    pub truncated: bool,
}

impl From<RawBody> for HttpBody {
    fn from(raw: RawBody) -> HttpBody {
        // A multi-byte character cut by the limit is not an encoding error.
        let invalid_utf8 = match std::str::from_utf8(&raw.bytes) {
            Ok(_) => false,
            Err(e) => e.error_len().is_some(),
        };
        HttpBody {
            text: String::from_utf8_lossy(&raw.bytes).into_owned(),
            bytes_read: raw.bytes_read,
            truncated: raw.truncated,
            invalid_utf8,
        }
    }
}

/// Read at most `limit` bytes; one byte more tells that the body was longer.
async fn read_body(mut body: Incoming, limit: usize) -> Result<RawBody, hyper::Error> {
    let mut bytes: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    let mut truncated = false;
    while let Some(frame) = body.frame().await {
        // Trailers carry no body bytes.
        let Ok(chunk) = frame?.into_data() else {
            continue;
        };
        total += chunk.len() as u64;
        let room = limit.saturating_sub(bytes.len());
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if total > limit as u64 {
            truncated = true;
            break;
        }
    }
    Ok(RawBody {
        bytes,
        bytes_read: total,
        truncated,
    })
}

/// Turn a TLS or HTTP failure into the classes rules tell apart, by the most specific
/// cause in its chain (`fallback` when none says more), with the innermost causes as the
/// detail after `layer`.
fn classify(
    error: &(dyn std::error::Error + 'static),
    fallback: ErrorKind,
    layer: &str,
) -> ProbeError {
    let mut causes: Vec<String> = Vec::new();
    let mut kind = None;
    let mut current = Some(error);
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
    let innermost = causes
        .iter()
        .rev()
        .take(2)
        .rev()
        .cloned()
        .collect::<Vec<_>>()
        .join(": ");
    ProbeError::new(kind.unwrap_or(fallback), format!("{layer}: {innermost}"))
}

/// The leaf as evidence of an HTTPS response, from the one certificate parser.
fn summarise_certificate(der: &[u8]) -> Option<CertificateSummary> {
    let cert = crate::wire::tls::cert::analyse(der);
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
