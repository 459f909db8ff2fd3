//! `pastoe scan DOMAIN...`

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use super::Failure;
use super::output::{ReportArgs, write_atomically};
use pastoe::Judgement;
use pastoe::probe::net::address_policy::{self, AddressPolicy, IpNet};
use pastoe::probe::net::dns::DnsSetupError;
use pastoe::probe::net::http::HttpSetupError;
use pastoe::probe::net::polite::PolitenessConfig;
use pastoe::probe::net::trust::TrustSetupError;
use pastoe::probe::net::{DEFAULT_CONTACT, user_agent};
use pastoe::probe::{
    A11yRegisterInput, AsNamesInput, DEFAULT_EHLO_NAME, ProbeConfig, Prober, RpkiInputs,
    SetupError, SshHost, SshPlan,
};
use pastoe::scan::ScanError;
use pastoe::targets::Domain;
use pastoe::wire::a11y_register::A11yRegister;
use pastoe::wire::as_names::AsNames;
use pastoe::wire::rpki::{RouteTable, VrpSet};

#[derive(Args)]
pub struct ScanArgs {
    #[command(flatten)]
    report: ReportArgs,
    /// Domains to scan (e.g. example.nl www.example.nl).
    #[arg(required = true, value_name = "DOMAIN")]
    domains: Vec<String>,
    /// The base URL of a REST API to judge besides those found (repeatable), e.g.
    /// https://example.nl/api/v1; measured with the scanned domain that is its host, else one
    /// under the same registrable domain, else the first.
    #[arg(long = "api", value_name = "URL", value_parser = parse_api_base)]
    apis: Vec<String>,
    #[command(flatten)]
    probes: ProbeArgs,
}

/// How domains are observed: `scan` and `sweep` take these.
#[derive(Args)]
pub struct ProbeArgs {
    /// Send all DNS queries to this server (IP or IP:PORT) instead of the system's resolver.
    #[arg(long, value_name = "IP:PORT", value_parser = parse_resolver)]
    resolver: Option<SocketAddr>,
    /// DNSSEC trust anchor (DNSKEY lines) replacing the built-in IANA root keys. Every
    /// answer is validated; a bogus answer counts as unresolvable.
    #[arg(long, value_name = "FILE")]
    trust_anchor: Option<PathBuf>,
    /// Extra trusted CA certificates (PEM), e.g. the Staat der Nederlanden roots.
    #[arg(long, value_name = "PEM")]
    ca_file: Option<PathBuf>,
    /// Validated ROA payloads (the JSON that Routinator and rpki-client export), for the
    /// RPKI checks; needs --routes too.
    #[arg(long, value_name = "FILE", requires = "routes")]
    vrps: Option<PathBuf>,
    /// Announced routes (`PREFIX ASN` per line, or a pfx2as/RIS dump), for the RPKI checks;
    /// needs --vrps too.
    #[arg(long, value_name = "FILE", requires = "vrps")]
    routes: Option<PathBuf>,
    /// Who holds each AS number (RIPE's asn.txt: `1234 NAME - description, CC`), for the
    /// origin networks of the digital-autonomy view; needs --routes.
    #[arg(long, value_name = "FILE", requires = "routes")]
    as_names: Option<PathBuf>,
    /// The accessibility-statement register (CSV `url,status,date`, status A–E), for the
    /// statement's status (Digitoegankelijk).
    #[arg(long, value_name = "FILE")]
    a11y_register: Option<PathBuf>,
    /// Deadline in seconds for each network operation.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_timeout)]
    timeout: Duration,
    /// Contact URL put in the User-Agent, so operators can reach whoever runs the scan.
    #[arg(long, value_name = "URL", default_value = DEFAULT_CONTACT)]
    contact: String,
    /// Also write the observed facts (JSON) to this file, for judging again later.
    #[arg(long, value_name = "FILE")]
    facts_out: Option<PathBuf>,
    /// Read the SSH key exchange (port 22) of the web host and the mail servers, without
    /// logging in: the `pqc.ssh.kex` readiness check.
    #[arg(long)]
    ssh: bool,
    /// Also read the SSH key exchange of this host (repeatable; HOST or HOST:PORT). It is
    /// reported under the scanned domain it belongs to.
    #[arg(long = "ssh-host", value_name = "HOST[:PORT]", value_parser = SshHost::parse)]
    ssh_hosts: Vec<SshHost>,
    /// Connections open at once to any one IP address (web, mail and SSH servers alike).
    #[arg(long, value_name = "N", default_value = "8", value_parser = clap::value_parser!(u16).range(1..=256))]
    per_ip_connections: u16,
    /// New connections per second to any one IP address (also the burst).
    #[arg(long, value_name = "N", default_value = "50", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    per_ip_rate: u32,
    /// The name pastoe gives in SMTP EHLO: set it to the scanning host's own name.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_EHLO_NAME, value_parser = parse_ehlo_name)]
    ehlo_name: String,
    /// Also connect to these non-public ranges (CIDRs, comma-separated or repeated), e.g. a
    /// lab network. By default pastoe contacts only globally reachable addresses (IANA
    /// special-purpose registries); the configured --resolver is always used.
    #[arg(long = "allow-net", value_name = "CIDR[,CIDR...]", value_delimiter = ',', value_parser = parse_allowed_net)]
    allow_net: Vec<IpNet>,
    /// A DKIM selector whose key is fetched and judged (repeatable), e.g. `selector1`.
    #[arg(long = "dkim-selector", value_name = "NAME", value_parser = parse_selector)]
    dkim_selectors: Vec<String>,
}

fn parse_ehlo_name(value: &str) -> Result<String, String> {
    Domain::parse(value)
        .map(|d| d.to_string())
        .map_err(|e| e.to_string())
}

/// An API base URL as the organisations file takes it (`https://`, no query).
fn parse_api_base(value: &str) -> Result<String, String> {
    pastoe::targets::api_base(value).map_err(|reason| format!("{value}: {reason}"))
}

/// A selector is one or more DNS labels (`s1`, `2026.mail`).
fn parse_selector(value: &str) -> Result<String, String> {
    let ok = !value.is_empty()
        && value.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    if ok {
        Ok(value.to_ascii_lowercase())
    } else {
        Err("a DKIM selector is one or more DNS labels (letters, digits, - and _)".into())
    }
}

fn parse_resolver(value: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = value.parse::<SocketAddr>() {
        return Ok(addr);
    }
    value
        .parse::<IpAddr>()
        .map(|ip| SocketAddr::new(ip, 53))
        .map_err(|_| {
            format!("{value:?} is not an IP address or IP:PORT (e.g. 127.0.0.1:53 or [::1]:53)")
        })
}

fn parse_allowed_net(value: &str) -> Result<IpNet, String> {
    match AddressPolicy::parse_allowed(value).map_err(|e| e.to_string())?[..] {
        [net] => Ok(net),
        _ => Err(format!("{value:?} is not one address range")),
    }
}

fn parse_timeout(value: &str) -> Result<Duration, String> {
    match value.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 600.0 => Ok(Duration::from_secs_f64(secs)),
        _ => Err(format!(
            "{value:?} is not a number of seconds between 0 and 600"
        )),
    }
}

impl ProbeArgs {
    /// The probe configuration, with every file it names read now, so a bad flag is a
    /// usage error before any traffic. `domains` are the scanned ones: an `--ssh-host`
    /// must be under one of them, or no report would show it.
    pub fn config(
        &self,
        judgement: &Judgement,
        domains: &[Domain],
    ) -> Result<ProbeConfig, Failure> {
        for extra in &self.ssh_hosts {
            if !domains.iter().any(|d| extra.belongs_to(d.as_str())) {
                return Err(Failure::usage(anyhow::anyhow!(
                    "--ssh-host {}: not under any scanned domain, so no report would show it",
                    extra.host
                )));
            }
        }
        for (flag, path) in [
            ("--trust-anchor", &self.trust_anchor),
            ("--ca-file", &self.ca_file),
        ] {
            if let Some(path) = path
                && !path.is_file()
            {
                return Err(Failure::usage(anyhow::anyhow!(
                    "{flag}: {} is not a readable file",
                    path.display()
                )));
            }
        }
        pastoe::probe::net::polite::configure(PolitenessConfig {
            max_connections_per_ip: usize::from(self.per_ip_connections),
            connections_per_second_per_ip: NonZeroU32::new(self.per_ip_rate)
                .unwrap_or(NonZeroU32::MIN),
        })
        .map_err(Failure::usage)?;
        address_policy::configure(AddressPolicy::new(self.allow_net.clone()))
            .map_err(Failure::usage)?;
        let mut config = ProbeConfig::new(self.timeout, user_agent(&self.contact));
        if let (Some(vrps), Some(routes)) = (&self.vrps, &self.routes) {
            config.rpki = Some(Arc::new(RpkiInputs {
                vrps: VrpSet::load(vrps).map_err(Failure::usage)?,
                routes: RouteTable::load(routes).map_err(Failure::usage)?,
                vrps_source: vrps.display().to_string(),
                routes_source: routes.display().to_string(),
            }));
        }
        if let Some(path) = &self.as_names {
            config.as_names = Some(Arc::new(AsNamesInput {
                names: AsNames::load(path).map_err(Failure::usage)?,
                source: path.display().to_string(),
            }));
        }
        if let Some(path) = &self.a11y_register {
            config.a11y_register = Some(Arc::new(A11yRegisterInput {
                register: A11yRegister::load(path).map_err(Failure::usage)?,
                source: path.display().to_string(),
            }));
        }
        config.plan = judgement.selection().plan();
        config.dns.server = self.resolver;
        config.dns.trust_anchor = self.trust_anchor.clone();
        config.http.ca_file = self.ca_file.clone();
        config.dkim_selectors = self.dkim_selectors.clone();
        config.ehlo_name = self.ehlo_name.clone();
        config.ssh = SshPlan {
            web_and_mail: self.ssh,
            hosts: self.ssh_hosts.clone(),
        };
        Ok(config)
    }

    /// The flags that change what is observed, as a sweep records them.
    pub fn describe(&self) -> Vec<String> {
        let mut flags = vec![
            format!("--per-ip-connections {}", self.per_ip_connections),
            format!("--per-ip-rate {}", self.per_ip_rate),
        ];
        if !self.allow_net.is_empty() {
            let nets: Vec<String> = self.allow_net.iter().map(IpNet::to_string).collect();
            flags.push(format!("--allow-net {}", nets.join(",")));
        }
        if self.ssh {
            flags.push("--ssh".to_string());
        }
        flags.extend(
            self.ssh_hosts
                .iter()
                .map(|h| format!("--ssh-host {}", h.host)),
        );
        flags.extend(
            self.dkim_selectors
                .iter()
                .map(|s| format!("--dkim-selector {s}")),
        );
        if self.vrps.is_some() {
            flags.push("--vrps".to_string());
        }
        if self.as_names.is_some() {
            flags.push("--as-names".to_string());
        }
        if self.a11y_register.is_some() {
            flags.push("--a11y-register".to_string());
        }
        flags
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The prober, built inside the runtime.
    pub async fn prober(config: &ProbeConfig) -> Result<Prober, Failure> {
        Prober::new(config).await.map_err(setup_failure)
    }
}

/// A bad trust anchor or CA file is the user's error, anything else a failure to run.
fn setup_failure(e: SetupError) -> Failure {
    match e {
        SetupError::Dns(DnsSetupError::TrustAnchor { .. })
        | SetupError::Http(HttpSetupError::Trust(TrustSetupError::CaFile { .. }))
        | SetupError::Trust(TrustSetupError::CaFile { .. }) => Failure::usage(e),
        other => Failure::run(other),
    }
}

pub fn run(args: ScanArgs) -> Result<u8, Failure> {
    let mut domains: Vec<Domain> = Vec::new();
    for input in &args.domains {
        let domain = Domain::parse(input).map_err(Failure::usage)?;
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    let judgement = args.report.prepare()?;
    let config = args.probes.config(&judgement, &domains)?;
    let runtime = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .map_err(Failure::run)?;
    let facts = runtime
        .block_on(pastoe::scan(
            &config,
            &domains,
            &args.apis,
            args.report.org.clone(),
            args.report.org_name.clone(),
        ))
        .map_err(|e| match e {
            ScanError::Setup(e) => setup_failure(e),
            ScanError::OwnSideFailed(e) => Failure::run(e),
        })?;
    if let Some(path) = &args.probes.facts_out {
        let json = serde_json::to_string_pretty(&facts).map_err(Failure::run)?;
        write_atomically(path, json.as_bytes()).map_err(Failure::run)?;
    }
    args.report.finish(&judgement, &facts)
}
