//! `pastoe serve --listen ADDR --db FILE --users FILE`: internet.nl's batch API v2.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use super::output::load_rules;
use super::scan::ProbeArgs;
use super::sweep::EngineArgs;
use super::{EXIT_COMPLIANT, Failure};
use pastoe::Judgement;
use pastoe::rules::DEFAULT_TLS_RULES;
use pastoe::serve::mapping::Mapping;
use pastoe::serve::users::Users;
use pastoe::serve::{Limits, RunSettings, ServeConfig, tls_config};

#[derive(Args)]
pub struct ServeArgs {
    /// The address and port to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The store (SQLite) the requests and their sweeps are written to; created when missing.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// The users: an htpasswd file with bcrypt hashes (`htpasswd -B -c FILE USER`).
    #[arg(long, value_name = "FILE")]
    users: PathBuf,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// The service's address as its clients reach it (behind a proxy), for report links;
    /// default http(s)://ADDR of --listen.
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Rule folder (*.toml) replacing the embedded rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// NCSC TLS table to judge TLS against (2025-05, what internet.nl applies, or 2.1).
    #[arg(long, value_name = "SET", default_value = DEFAULT_TLS_RULES)]
    tls_rules: String,
    /// The mapping of pastoe's checks to internet.nl's tests (default: the embedded
    /// rules/internetnl/batch-v2.toml).
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Requests waiting or running of all users together; more are refused (503).
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_queue: usize,
    /// Requests waiting or running of one user; more are refused (429).
    #[arg(long, value_name = "N", default_value_t = 10)]
    max_user_requests: usize,
    /// Domains in one request; more are refused (400).
    #[arg(long, value_name = "N", default_value_t = 5000)]
    max_domains: usize,
    #[command(flatten)]
    engine: EngineArgs,
    #[command(flatten)]
    probes: ProbeArgs,
}

pub fn run(args: ServeArgs) -> Result<u8, Failure> {
    let users = Users::load(&args.users).map_err(Failure::usage)?;
    let rules = load_rules(args.rules.as_deref())?;
    let judgement =
        Judgement::new(rules, &args.tls_rules, Vec::new(), None).map_err(Failure::usage)?;
    let mapping = match &args.mapping {
        Some(path) => Mapping::load(path, &judgement.rules),
        None => Mapping::embedded(&judgement.rules),
    }
    .map_err(Failure::usage)?;
    let config = args.probes.config(&judgement, &[])?;
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tls_config(cert, key).map_err(Failure::usage)?),
        _ => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("{scheme}://{}", args.listen));
    let runtime = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .map_err(Failure::run)?;
    runtime.block_on(async {
        let prober = ProbeArgs::prober(&config).await?;
        let serve = ServeConfig {
            listen: args.listen,
            db: args.db.clone(),
            users,
            tls,
            prober,
            rules: Arc::new(judgement.rules),
            mapping,
            run: RunSettings {
                concurrency: args.engine.concurrency as usize,
                // Every probe has its own deadline; this only catches what slips past them.
                domain_deadline: args.probes.timeout() * 30,
                outage_limit: Duration::from_secs(args.engine.outage_limit),
                retries: args.engine.retries,
                retry_delay: Duration::from_secs(args.engine.retry_delay),
                tls_rules: args.tls_rules.clone(),
                probes: args.probes.describe(),
            },
            limits: Limits {
                queue: args.max_queue,
                per_user: args.max_user_requests,
                domains: args.max_domains,
            },
            public_url,
        };
        pastoe::serve::serve(serve, |addr| {
            eprintln!("pastoe serve: listening on {scheme}://{addr}/api/batch/v2/");
        })
        .await
        .map_err(Failure::run)
    })?;
    Ok(EXIT_COMPLIANT)
}
