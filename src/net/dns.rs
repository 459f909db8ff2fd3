//! Name resolution through one configured upstream, shared by every probe of a scan (so the
//! answers are cached once) and by the HTTP client (so `--resolver` really covers all DNS).

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::config::{NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::dnssec::TrustAnchors;
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::RData;
use hickory_resolver::{Resolver, TokioResolver};

use crate::facts::{ErrorKind, ProbeError, Resolution};

#[derive(Debug, Clone)]
pub struct DnsConfig {
    /// All queries go here; `None` uses the system's resolver configuration.
    pub server: Option<SocketAddr>,
    /// DNSKEY lines that replace the built-in root keys; validation is on when set.
    pub trust_anchor: Option<PathBuf>,
    pub timeout: Duration,
    pub attempts: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DnsSetupError {
    #[error("cannot load trust anchor {path}: {message}")]
    TrustAnchor { path: PathBuf, message: String },
    #[error("cannot read the system resolver configuration: {0}")]
    SystemConfig(String),
    #[error("cannot build the resolver: {0}")]
    Build(String),
}

#[derive(Clone)]
pub struct Dns {
    resolver: Arc<TokioResolver>,
}

impl Dns {
    pub fn new(config: &DnsConfig) -> Result<Dns, DnsSetupError> {
        let provider = TokioRuntimeProvider::default();
        let mut builder = match config.server {
            Some(addr) => {
                let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
                for conn in ns.connections.iter_mut() {
                    conn.port = addr.port();
                }
                let cfg = ResolverConfig::from_parts(None, vec![], vec![ns]);
                Resolver::builder_with_config(cfg, provider)
            }
            None => Resolver::builder(provider)
                .map_err(|e| DnsSetupError::SystemConfig(e.to_string()))?,
        };
        let opts = builder.options_mut();
        opts.timeout = config.timeout;
        opts.attempts = config.attempts;
        opts.ndots = 0;
        if let Some(path) = &config.trust_anchor {
            builder = builder.with_trust_anchor(Arc::new(load_trust_anchor(path)?));
        }
        let resolver = builder
            .build()
            .map_err(|e| DnsSetupError::Build(e.to_string()))?;
        Ok(Dns {
            resolver: Arc::new(resolver),
        })
    }

    /// A and AAAA of a host, A first. Failures are classified because a name that does not
    /// exist means something else to a report than a resolver that broke.
    pub async fn addresses(&self, host: &str) -> Resolution {
        let fqdn = format!("{}.", host.trim_end_matches('.'));
        let (v4, v6) = tokio::join!(
            self.resolver.ipv4_lookup(fqdn.as_str()),
            self.resolver.ipv6_lookup(fqdn.as_str())
        );
        let mut addresses = Vec::new();
        let mut errors = Vec::new();
        for result in [v4, v6] {
            match result {
                Ok(lookup) => {
                    addresses.extend(lookup.answers().iter().filter_map(|r| match &r.data {
                        RData::A(a) => Some(IpAddr::V4(a.0)),
                        RData::AAAA(a) => Some(IpAddr::V6(a.0)),
                        _ => None,
                    }))
                }
                Err(e) => errors.push(classify(&e)),
            }
        }
        if !addresses.is_empty() {
            return Resolution {
                addresses,
                error: None,
            };
        }
        // NXDOMAIN from either query wins; a real failure beats "no records of this type".
        let error = errors
            .iter()
            .find(|e| e.kind == ErrorKind::NxDomain)
            .or_else(|| errors.iter().find(|e| e.kind == ErrorKind::DnsFailure))
            .cloned()
            .unwrap_or_else(|| {
                ProbeError::new(
                    ErrorKind::NoAddress,
                    format!("{host} has no A or AAAA records"),
                )
            });
        Resolution {
            addresses,
            error: Some(error),
        }
    }
}

fn classify(error: &NetError) -> ProbeError {
    match error {
        NetError::Dns(DnsError::NoRecordsFound(nr))
            if nr.response_code == ResponseCode::NXDomain =>
        {
            ProbeError::new(ErrorKind::NxDomain, "the name does not exist (NXDOMAIN)")
        }
        NetError::Dns(DnsError::NoRecordsFound(_)) => {
            ProbeError::new(ErrorKind::NoAddress, "no records of this type")
        }
        NetError::Dns(DnsError::DnssecBogus) => ProbeError::new(
            ErrorKind::DnsFailure,
            "the answer failed DNSSEC validation (bogus)",
        ),
        other => ProbeError::new(ErrorKind::DnsFailure, other.to_string()),
    }
}

/// hickory's `ResolverOpts::trust_anchor` is never read by the resolver builder (see
/// shared/reference/crates.md §3), so the anchor file is parsed here and handed over.
fn load_trust_anchor(path: &Path) -> Result<TrustAnchors, DnsSetupError> {
    let err = |message: String| DnsSetupError::TrustAnchor {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    if !text.lines().any(|l| l.contains("DNSKEY")) {
        return Err(err(
            "no DNSKEY line found (expected e.g. `. 3600 IN DNSKEY 257 3 13 <base64>`)".into(),
        ));
    }
    text.parse::<TrustAnchors>().map_err(|e| err(e.to_string()))
}

impl reqwest::dns::Resolve for Dns {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let dns = self.clone();
        Box::pin(async move {
            let res = dns.addresses(name.as_str()).await;
            match res.error {
                Some(e) if res.addresses.is_empty() => Err(Box::new(ResolveFailed(e.detail)) as _),
                _ => {
                    let addrs: reqwest::dns::Addrs =
                        Box::new(res.addresses.into_iter().map(|ip| SocketAddr::new(ip, 0)));
                    Ok(addrs)
                }
            }
        })
    }
}

#[derive(Debug, thiserror::Error)]
#[error("DNS: {0}")]
struct ResolveFailed(String);
