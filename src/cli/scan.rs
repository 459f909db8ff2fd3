//! `pastoe scan DOMAIN...`

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{EXIT_COMPLIANT, EXIT_NOT_COMPLIANT, Failure};
use pastoe::facts::{DomainFacts, FACTS_SCHEMA_VERSION};
use pastoe::finding::Lang;
use pastoe::net::{DEFAULT_CONTACT, user_agent};
use pastoe::probe::{ProbeConfig, Prober, RpkiInputs};
use pastoe::report::{ScanDocument, render_html, render_text};
use pastoe::rpki::{RouteTable, VrpSet};
use pastoe::rules::RuleSet;
use pastoe::scan::{judge_all, observe_all};
use pastoe::target::Domain;

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Nl,
    En,
}

#[derive(Args)]
pub struct ScanArgs {
    /// Domains to scan (e.g. example.nl www.example.nl).
    #[arg(required = true, value_name = "DOMAIN")]
    domains: Vec<String>,
    /// Organisation the domains belong to, shown in reports.
    #[arg(long, value_name = "NAME")]
    org: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write the report here instead of standard output.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
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
    /// Deadline in seconds for each network operation.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_timeout)]
    timeout: Duration,
    /// Rule folder (*.toml) replacing the embedded rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Folder with an organisation.html.hbs (and report.css) replacing the embedded templates.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Language of messages in text and HTML reports.
    #[arg(long, value_enum, default_value = "nl")]
    lang: LangArg,
    /// Contact URL put in the User-Agent, so operators can reach whoever runs the scan.
    #[arg(long, value_name = "URL", default_value = DEFAULT_CONTACT)]
    contact: String,
    /// Also write the observed facts (JSON) to this file, for judging again later.
    #[arg(long, value_name = "FILE")]
    facts_out: Option<PathBuf>,
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

fn parse_timeout(value: &str) -> Result<Duration, String> {
    match value.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 600.0 => Ok(Duration::from_secs_f64(secs)),
        _ => Err(format!(
            "{value:?} is not a number of seconds between 0 and 600"
        )),
    }
}

/// The facts file: what a later `judge` reads back.
#[derive(serde::Serialize)]
struct FactsFile<'a> {
    schema_version: u32,
    domains: &'a [DomainFacts],
}

pub fn run(args: ScanArgs) -> Result<u8, Failure> {
    let mut domains: Vec<Domain> = Vec::new();
    for input in &args.domains {
        let domain = Domain::parse(input).map_err(Failure::usage)?;
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    let rules = match &args.rules {
        Some(dir) => RuleSet::load_dir(dir).map_err(Failure::usage)?,
        None => RuleSet::embedded().map_err(Failure::run)?,
    };
    for (flag, path) in [
        ("--trust-anchor", &args.trust_anchor),
        ("--ca-file", &args.ca_file),
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
    let mut config = ProbeConfig::new(args.timeout, user_agent(&args.contact));
    if let (Some(vrps), Some(routes)) = (&args.vrps, &args.routes) {
        config.rpki = Some(Arc::new(RpkiInputs {
            vrps: VrpSet::load(vrps).map_err(Failure::usage)?,
            routes: RouteTable::load(routes).map_err(Failure::usage)?,
            sources: vec![vrps.display().to_string(), routes.display().to_string()],
        }));
    }
    config.dns.server = args.resolver;
    config.dns.trust_anchor = args.trust_anchor.clone();
    config.http.ca_file = args.ca_file.clone();
    let lang = match args.lang {
        LangArg::Nl => Lang::Nl,
        LangArg::En => Lang::En,
    };

    let runtime = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .map_err(Failure::run)?;
    let started_at = now();
    let facts = runtime.block_on(async {
        let prober = Prober::new(&config)?;
        Ok::<_, pastoe::probe::SetupError>(observe_all(&prober, &domains).await)
    });
    let facts = facts.map_err(|e| match e {
        pastoe::probe::SetupError::Dns(pastoe::net::dns::DnsSetupError::TrustAnchor { .. })
        | pastoe::probe::SetupError::Http(pastoe::net::http::HttpSetupError::CaFile { .. }) => {
            Failure::usage(e)
        }
        other => Failure::run(other),
    })?;
    let finished_at = now();

    if let Some(path) = &args.facts_out {
        let file = FactsFile {
            schema_version: FACTS_SCHEMA_VERSION,
            domains: &facts,
        };
        let json = serde_json::to_string_pretty(&file).map_err(Failure::run)?;
        write_atomically(path, json.as_bytes()).map_err(Failure::run)?;
    }

    let findings = judge_all(&facts, &rules);
    let names: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
    let doc = ScanDocument::new(
        &rules,
        args.org.clone(),
        &names,
        findings,
        started_at,
        finished_at,
    );
    let rendered = match args.format {
        Format::Json => serde_json::to_string_pretty(&doc).map_err(Failure::run)? + "\n",
        Format::Text => render_text(&doc, lang),
        Format::Html => {
            render_html(&doc, &rules, lang, args.templates.as_deref()).map_err(Failure::usage)?
        }
    };
    match &args.out {
        Some(path) => write_atomically(path, rendered.as_bytes()).map_err(Failure::run)?,
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`pastoe scan … | head`) is the reader's choice, not a failure.
            let _ = stdout
                .write_all(rendered.as_bytes())
                .and_then(|_| stdout.flush());
        }
    }
    Ok(if doc.compliant() {
        EXIT_COMPLIANT
    } else {
        EXIT_NOT_COMPLIANT
    })
}

fn now() -> String {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Write next to the target and rename, so a reader never sees half a report.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file path", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
