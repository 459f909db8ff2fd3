//! Probes: the network I/O of a scan, turning a domain into [`DomainFacts`].

use std::time::Duration;

mod api;
mod crawl;
mod dns;
mod documents;
mod endpoints;
mod mail_auth;
pub mod net;
mod once_map;
mod servers;
pub mod tls;

pub use api::base_of;
pub use endpoints::TlsEndpoints;
pub use servers::{SshHost, SshPlan};

use time::OffsetDateTime;

use std::net::{IpAddr, SocketAddr};

use std::sync::Arc;

use once_map::OnceMap;

use crate::facts::{
    AccessibilityFacts, DependencyFacts, DomainFacts, FamilyPages, HttpFetch, MAX_PAGE_LINKS,
    PageLink, PortProbe, ProbePlan, RegisterLookup, RpkiFacts, SecurityTxtFetch, TlsEndpointFacts,
    WebFacts,
};
use crate::probe::net::dns::{Dns, DnsConfig, DnsSetupError};
use crate::probe::net::http::{FetchRequest, HttpClient, HttpConfig, HttpSetupError};
use crate::probe::net::tcp::probe_port;
use crate::probe::net::transport::TcpTransport;
use crate::probe::tls::engine::{EngineConfig, FullHandshake};
use crate::probe::tls::handshake::HandshakeSetup;
use crate::targets::Domain;
use crate::wire::a11y_register::A11yRegister;
use crate::wire::as_names::AsNames;
use crate::wire::rpki::{RouteTable, VrpSet, validate_address};
use futures_util::future::join_all;

/// What pastoe says in SMTP EHLO unless `--ehlo-name` gives the scanning host's own name.
pub const DEFAULT_EHLO_NAME: &str = "pastoe.invalid";

/// Mail and SSH servers whose facts a scan keeps for the domains that share them; a sweep
/// drops the least recently used beyond this (see [`OnceMap`]).
const KEPT_SERVERS: usize = 512;

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
    #[error(transparent)]
    Trust(#[from] crate::probe::net::trust::TrustSetupError),
}

#[derive(Debug, Clone)]
pub struct ProbeConfig {
    pub dns: DnsConfig,
    pub http: HttpConfig,
    /// The route origin data to validate addresses against, when supplied.
    pub rpki: Option<Arc<RpkiInputs>>,
    /// Who holds each AS (`--as-names`), for the origins of the addresses a domain
    /// depends on; read only with `rpki`'s routes.
    pub as_names: Option<Arc<AsNamesInput>>,
    /// The accessibility-statement register (`--a11y-register`), looked up per web host.
    pub a11y_register: Option<Arc<A11yRegisterInput>>,
    pub plan: ProbePlan,
    /// DKIM selectors whose keys are fetched and judged (`--dkim-selector`).
    pub dkim_selectors: Vec<String>,
    /// The name pastoe gives in SMTP EHLO.
    pub ehlo_name: String,
    /// SSH endpoints to read the key exchange of (opt-in).
    pub ssh: SshPlan,
}

/// VRPs and announced routes, loaded once per scan.
#[derive(Debug)]
pub struct RpkiInputs {
    pub vrps: VrpSet,
    pub routes: RouteTable,
    /// Where the VRPs and the routes came from, for the evidence.
    pub vrps_source: String,
    pub routes_source: String,
}

/// An AS-names file, loaded once per scan.
#[derive(Debug)]
pub struct AsNamesInput {
    pub names: AsNames,
    pub source: String,
}

/// An accessibility-statement register file, loaded once per scan.
#[derive(Debug)]
pub struct A11yRegisterInput {
    pub register: A11yRegister,
    pub source: String,
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
            rpki: None,
            as_names: None,
            a11y_register: None,
            plan: ProbePlan::all(),
            dkim_selectors: Vec::new(),
            ehlo_name: DEFAULT_EHLO_NAME.to_string(),
            ssh: SshPlan::default(),
        }
    }
}

/// The transports of one scan, shared by all its domains (one DNS cache, one connection pool).
#[derive(Clone)]
pub struct Prober {
    dns: Dns,
    http: HttpClient,
    timeout: std::time::Duration,
    rpki: Option<Arc<RpkiInputs>>,
    as_names: Option<Arc<AsNamesInput>>,
    a11y_register: Option<Arc<A11yRegisterInput>>,
    tls: EngineConfig,
    handshake: Arc<HandshakeSetup>,
    plan: ProbePlan,
    dkim_selectors: Vec<String>,
    ehlo_name: String,
    ssh: SshPlan,
    mail_cache: OnceMap<String, crate::facts::MailServerFacts>,
    mail_locks: OnceMap<IpAddr, Arc<tokio::sync::Mutex<()>>>,
    ssh_cache: OnceMap<SocketAddr, crate::facts::SshEndpointFacts>,
    /// TLS endpoints shared by several names are enumerated once (web and mail).
    tls_endpoints: TlsEndpoints,
}

impl Prober {
    pub async fn new(config: &ProbeConfig) -> Result<Prober, SetupError> {
        let dns = Dns::new(&config.dns).await?;
        let http = HttpClient::new(&config.http, dns.clone())?;
        Ok(Prober {
            dns,
            http,
            timeout: config.http.timeout,
            rpki: config.rpki.clone(),
            as_names: config.as_names.clone(),
            a11y_register: config.a11y_register.clone(),
            tls: EngineConfig::new(config.http.timeout),
            handshake: Arc::new(HandshakeSetup::new(config.http.ca_file.as_deref())?),
            plan: config.plan,
            dkim_selectors: config.dkim_selectors.clone(),
            ehlo_name: config.ehlo_name.clone(),
            ssh: config.ssh.clone(),
            mail_cache: OnceMap::new(KEPT_SERVERS),
            mail_locks: OnceMap::new(KEPT_SERVERS),
            ssh_cache: OnceMap::new(KEPT_SERVERS),
            tls_endpoints: TlsEndpoints::new(),
        })
    }

    /// The resolver every probe asks, for watching pastoe's own side.
    pub fn resolver(&self) -> &Dns {
        &self.dns
    }

    pub async fn observe(&self, domain: &Domain) -> DomainFacts {
        self.observe_with(domain, &[], &[]).await
    }

    /// The probe areas this prober runs (the facts record them as `probed`).
    pub fn plan(&self) -> ProbePlan {
        self.plan
    }

    /// As [`Prober::observe`], also judging the keys of these DKIM selectors and the APIs
    /// at these base URLs (an organisation's own, from the organisations file) besides the
    /// scan-wide selectors and the host's own API.
    pub async fn observe_with(
        &self,
        domain: &Domain,
        dkim_selectors: &[String],
        api_bases: &[String],
    ) -> DomainFacts {
        let mut selectors = self.dkim_selectors.clone();
        for s in dkim_selectors {
            if !selectors.contains(s) {
                selectors.push(s.clone());
            }
        }
        let observed_at = OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        // The mail servers come from the MX set, so they follow the DNS probes.
        let dns = async {
            let dns = if self.plan.dns {
                self.dns(domain.as_str()).await
            } else {
                crate::facts::DnsFacts::default()
            };
            let mail = if self.plan.mail {
                self.mail_servers(&dns).await
            } else {
                Vec::new()
            };
            (dns, mail)
        };
        let mail_auth = async {
            if self.plan.dns {
                Some(self.mail_auth(domain.as_str(), &selectors).await)
            } else {
                None
            }
        };
        let (web, (dns, mail_servers), mail_auth, apis) = tokio::join!(
            self.web(domain.as_str()),
            dns,
            mail_auth,
            self.apis(domain.as_str(), api_bases)
        );
        let (ssh, dependencies, documents) = tokio::join!(
            self.ssh_endpoints(domain.as_str(), &web, &mail_servers, &dns),
            self.dependencies(domain.as_str(), &web, &selectors),
            self.documents(domain.as_str(), &web),
        );
        let mut facts = DomainFacts {
            domain: domain.to_string(),
            observed_at,
            mail_auth,
            mail_servers,
            ssh,
            rpki: self.rpki(&web, &dns),
            dependencies,
            web,
            dns,
            apis,
            documents,
            probed: Some(self.plan()),
        };
        if let Some(inputs) = &self.rpki {
            let names = self.as_names.as_deref();
            let mut sources = vec![inputs.routes_source.clone()];
            sources.extend(names.map(|n| n.source.clone()));
            facts.record_origins(&inputs.routes, names.map(|n| &n.names), &sources);
        }
        facts
    }

    /// Route origin validation of the web server's, the name servers' and the mail servers'
    /// addresses: lookups in the supplied tables, kept as facts so a later judge sees the
    /// routing picture of the day of the scan.
    fn rpki(&self, web: &WebFacts, dns: &crate::facts::DnsFacts) -> Option<RpkiFacts> {
        let inputs = self.rpki.as_ref()?;
        let validate = |ip: &IpAddr| validate_address(*ip, &inputs.routes, &inputs.vrps);
        let name_servers = dns
            .name_servers
            .iter()
            .flat_map(|ns| ns.servers.iter())
            .map(|s| (s.name.clone(), s.addresses.iter().map(validate).collect()))
            .collect();
        let mail_servers = dns
            .mx
            .iter()
            .flat_map(|mx| mx.hosts.iter())
            .map(|h| (h.name.clone(), h.addresses.iter().map(validate).collect()))
            .collect();
        Some(RpkiFacts {
            sources: vec![inputs.vrps_source.clone(), inputs.routes_source.clone()],
            web: web.resolution.addresses.iter().map(validate).collect(),
            name_servers,
            mail_servers,
        })
    }

    /// The aliases the autonomy view attributes providers from, asked here besides the
    /// other probes' names (each CNAME chain through the one resolver); the origins of the
    /// addresses follow once all facts are in ([`DomainFacts::record_origins`]).
    async fn dependencies(
        &self,
        domain: &str,
        web: &WebFacts,
        selectors: &[String],
    ) -> Option<DependencyFacts> {
        if !self.plan.dns {
            return None;
        }
        let autodiscover = format!("autodiscover.{domain}");
        let dkim_names: Vec<String> = selectors
            .iter()
            .map(|s| format!("{s}._domainkey.{domain}"))
            .collect();
        let (web_chain, autodiscover, dkim) = tokio::join!(
            self.aliases(&web.host),
            self.aliases(&autodiscover),
            join_all(dkim_names.iter().map(|n| self.aliases(n))),
        );
        Some(DependencyFacts {
            web: web_chain,
            autodiscover,
            dkim,
            sources: Vec::new(),
            origins: Vec::new(),
        })
    }

    /// The web probes of one host. HTTP and HTTPS run side by side so a silent server costs
    /// one timeout, not two; the follow-up requests only run when HTTPS answered at all.
    async fn web(&self, host: &str) -> WebFacts {
        let resolution = self.dns.addresses(host).await;
        let mut facts = WebFacts::new(host, resolution);
        if facts.resolution.addresses.is_empty() {
            return facts;
        }
        let addresses = facts.resolution.addresses.clone();
        if !self.plan.web {
            let (tls, tlsa) = tokio::join!(
                self.tls_endpoints(host, &addresses, 443),
                self.web_tlsa(host)
            );
            facts.tls = tls;
            facts.tlsa = tlsa;
            return facts;
        }
        let http_url = format!("http://{host}/");
        let https_url = format!("https://{host}/");
        let (http, https, (ports, by_family), tls, tlsa) = tokio::join!(
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
            self.ipv6_comparison(host, &addresses),
            self.tls_endpoints(host, &addresses, 443),
            self.web_tlsa(host),
        );
        facts.tls = tls;
        facts.tlsa = tlsa;
        facts.ports = ports;
        facts.by_family = by_family;
        let https_answered = https.final_response().is_some();
        facts.accessibility = Some(self.accessibility(host, &https_url, &https).await);
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

    /// The links of the home page as a visitor reaches it (one more fetch, following
    /// redirects, when `https://host/` redirects) and the register's entry for the host.
    /// The followed page's body is not kept: its links are.
    async fn accessibility(
        &self,
        host: &str,
        https_url: &str,
        https: &HttpFetch,
    ) -> AccessibilityFacts {
        let redirects = https
            .final_response()
            .is_some_and(|hop| (300..400).contains(&hop.status));
        let mut home = if redirects {
            Some(
                self.http
                    .fetch(FetchRequest {
                        url: https_url,
                        max_redirects: HTTP_REDIRECTS,
                        body_limit: Some(PAGE_BODY_LIMIT),
                        accept_encoding: None,
                    })
                    .await,
            )
        } else {
            None
        };
        let page = home.as_ref().unwrap_or(https);
        let found = match (page.final_response(), &page.body) {
            (Some(hop), Some(body)) => url::Url::parse(&hop.url)
                .map(|base| crate::wire::html::links(&base, &body.text))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if let Some(home) = &mut home {
            home.body = None;
        }
        AccessibilityFacts {
            home,
            links_truncated: found.len() > MAX_PAGE_LINKS,
            links: found
                .into_iter()
                .take(MAX_PAGE_LINKS)
                .map(|l| PageLink {
                    url: l.url.to_string(),
                    text: l.text,
                })
                .collect(),
            register: self.a11y_register.as_ref().map(|r| RegisterLookup {
                source: r.source.clone(),
                entry: r.register.for_host(host).cloned(),
            }),
        }
    }

    /// TCP 80 and 443 on every address, and the home page over the first IPv4 and the
    /// first IPv6 address (HTTPS when both have 443 open, else HTTP), so IPv6 visitors can
    /// be shown to get the same site.
    async fn ipv6_comparison(
        &self,
        host: &str,
        addresses: &[IpAddr],
    ) -> (Vec<PortProbe>, Option<FamilyPages>) {
        let probes = addresses
            .iter()
            .flat_map(|&ip| [80, 443].map(|port| SocketAddr::new(ip, port)))
            .map(|addr| probe_port(addr, self.timeout));
        let ports = futures_util::future::join_all(probes).await;
        let first_v4 = addresses.iter().find(|a| a.is_ipv4());
        let first_v6 = addresses.iter().find(|a| a.is_ipv6());
        let (Some(&v4), Some(&v6)) = (first_v4, first_v6) else {
            return (ports, None);
        };
        let open = |ip: IpAddr, port: u16| {
            ports
                .iter()
                .any(|p| p.address == ip && p.port == port && p.open)
        };
        let url = if open(v4, 443) && open(v6, 443) {
            format!("https://{host}/")
        } else if open(v4, 80) && open(v6, 80) {
            format!("http://{host}/")
        } else {
            return (ports, None);
        };
        let (via_v4, via_v6) = (self.http.pinned(host, v4), self.http.pinned(host, v6));
        let request = FetchRequest {
            url: &url,
            max_redirects: 0,
            body_limit: Some(PAGE_BODY_LIMIT),
            accept_encoding: None,
        };
        let (ipv4, ipv6) = tokio::join!(via_v4.fetch(request), via_v6.fetch(request));
        (ports, Some(FamilyPages { ipv4, ipv6 }))
    }

    /// DANE for HTTPS: the TLSA records at `_443._tcp.<host>`.
    async fn web_tlsa(&self, host: &str) -> Option<crate::facts::TlsaFacts> {
        if !self.plan.tls {
            return None;
        }
        Some(self.tlsa(&format!("_443._tcp.{host}")).await)
    }

    /// The TLS engine on the first IPv4 and the first IPv6 address, side by side; an
    /// address another host of this scan shares is enumerated once (see [`TlsEndpoints`]).
    async fn tls_endpoints(
        &self,
        host: &str,
        addresses: &[IpAddr],
        port: u16,
    ) -> Vec<TlsEndpointFacts> {
        if !self.plan.tls {
            return Vec::new();
        }
        let first_v4 = addresses.iter().find(|a| a.is_ipv4());
        let first_v6 = addresses.iter().find(|a| a.is_ipv6());
        let full = FullHandshake {
            setup: &self.handshake,
            zero_rtt_http_host: Some(host),
        };
        let transports: Vec<TcpTransport> = [first_v4, first_v6]
            .into_iter()
            .flatten()
            .map(|ip| TcpTransport {
                addr: SocketAddr::new(*ip, port),
            })
            .collect();
        join_all(
            transports
                .iter()
                .map(|t| self.tls_endpoints.enumerate(t, host, self.tls, full)),
        )
        .await
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
