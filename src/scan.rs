//! The scan pipeline: targets → probe → facts → judge → findings.

use std::sync::Arc;

use time::OffsetDateTime;
use tokio::sync::Semaphore;

use crate::facts::{
    DomainFacts, ErrorKind, FACTS_SCHEMA_VERSION, FactsDocument, ProbeError, ProbePlan, Resolution,
    WebFacts, now_rfc3339,
};
use crate::judge::checks;
use crate::judge::finding::Finding;
use crate::judge::judge;
use crate::judge::selection::Selection;
use crate::probe::net::health::{Health, HealthConfig};
use crate::probe::{ProbeConfig, Prober, SetupError};
use crate::rules::RuleSet;
use crate::targets::Domain;

/// Domains observed at once within one scan; each domain already runs its probes in
/// parallel, so a few suffice to keep two cores busy without hammering anyone.
pub const DOMAIN_CONCURRENCY: usize = 8;

/// pastoe's own side (its resolver, descriptors, network) failed while it observed: the
/// facts would be about that, not about the scanned servers, so there are none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "pastoe's own side failed during the scan, so its findings would not be about the scanned \
     servers; nothing is reported ({reason}). Run the scan again when it works."
)]
pub struct OwnSideFailed {
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The prober could not be set up (a bad trust anchor or CA file, no resolver).
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    OwnSideFailed(#[from] OwnSideFailed),
}

/// Scan: observe the domains (in the order given, each once) under one probe configuration
/// and return the facts document, with the organisation it is about. Its times span the
/// whole scan, the setting up of the prober included. `api_bases` are APIs given besides
/// (`--api`), each measured with the domain [`crate::discover::api_home`] gives it.
pub async fn scan(
    config: &ProbeConfig,
    domains: &[Domain],
    api_bases: &[String],
    organisation: Option<String>,
    organisation_name: Option<String>,
) -> Result<FactsDocument, ScanError> {
    let started_at = now_rfc3339();
    let prober = Prober::new(config).await?;
    let facts = observe_all(&prober, domains, api_bases).await?;
    Ok(FactsDocument {
        schema_version: FACTS_SCHEMA_VERSION,
        organisation,
        organisation_name,
        started_at,
        finished_at: now_rfc3339(),
        domains: facts,
    })
}

/// Observe every domain, in the order given, while the own side is watched: the facts are
/// returned only when it was known to be well for the whole time (no outage during the
/// scan, and a clean canary after it).
pub async fn observe_all(
    prober: &Prober,
    domains: &[Domain],
    api_bases: &[String],
) -> Result<Vec<DomainFacts>, OwnSideFailed> {
    let health = Health::new(prober.resolver().clone(), HealthConfig::default());
    let monitor = health.spawn_monitor();
    let facts = observe_each(prober, domains, api_bases).await;
    drop(monitor);
    health.check().await;
    match health.outages().into_iter().next() {
        Some(outage) => Err(OwnSideFailed {
            reason: outage.reason,
        }),
        None => Ok(facts),
    }
}

async fn observe_each(
    prober: &Prober,
    domains: &[Domain],
    api_bases: &[String],
) -> Vec<DomainFacts> {
    let permits = Arc::new(Semaphore::new(DOMAIN_CONCURRENCY));
    let mut tasks = Vec::with_capacity(domains.len());
    for domain in domains {
        let prober = prober.clone();
        let bases: Vec<String> = api_bases
            .iter()
            .filter(|base| crate::discover::api_home(domains, base) == Some(domain))
            .cloned()
            .collect();
        let domain = domain.clone();
        let permits = permits.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await;
            prober.observe_with(&domain, &[], &bases).await
        }));
    }
    let mut facts = Vec::with_capacity(tasks.len());
    for (task, domain) in tasks.into_iter().zip(domains) {
        match task.await {
            Ok(f) => facts.push(f),
            // A probe task only ends abnormally on a bug; the domain still gets a record so
            // the scan loses nothing, and the judge reports it as not resolvable.
            Err(e) => facts.push(aborted(
                domain,
                &format!("probe aborted: {e}"),
                prober.plan(),
            )),
        }
    }
    facts
}

/// The record of a domain whose observation ended abnormally (a bug, or the sweep's
/// per-domain deadline): it still gets facts, so nothing is lost, and the judge reports it
/// as not resolvable with the reason as evidence, on the checks of the probe areas that
/// were meant to run (`plan`).
pub fn aborted(domain: &Domain, reason: &str, plan: ProbePlan) -> DomainFacts {
    DomainFacts {
        domain: domain.to_string(),
        observed_at: OffsetDateTime::now_utc(),
        dns: Default::default(),
        mail_auth: None,
        mail_servers: Vec::new(),
        ssh: Vec::new(),
        rpki: None,
        dependencies: None,
        apis: Vec::new(),
        documents: None,
        probed: Some(plan),
        web: WebFacts::new(
            domain.as_str(),
            Resolution::failed(ProbeError::new(ErrorKind::Other, reason.to_string())),
        ),
    }
}

/// Judge every domain and put the findings in a stable order: by domain as given, then
/// check order, then subject. The same facts always give the same list.
pub fn judge_all(facts: &[DomainFacts], rules: &RuleSet, selection: &Selection) -> Vec<Finding> {
    facts
        .iter()
        .flat_map(|f| judge_domain(f, rules, selection))
        .collect()
}

/// The findings of one domain in check order, then subject.
pub fn judge_domain(facts: &DomainFacts, rules: &RuleSet, selection: &Selection) -> Vec<Finding> {
    let mut judged = judge(facts, rules, selection);
    judged.sort_by(|a, b| {
        checks::order(&a.check)
            .cmp(&checks::order(&b.check))
            .then_with(|| a.subject.cmp(&b.subject))
    });
    judged
}
