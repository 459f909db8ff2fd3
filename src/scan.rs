//! The scan pipeline: targets → probe → facts → judge → findings.

use std::sync::Arc;

use time::OffsetDateTime;
use tokio::sync::Semaphore;

use crate::checks;
use crate::facts::{DomainFacts, ErrorKind, ProbeError, Resolution, WebFacts};
use crate::finding::Finding;
use crate::probe::Prober;
use crate::rules::{RuleSet, judge};
use crate::target::Domain;

/// Domains observed at once within one scan; each domain already runs its probes in
/// parallel, so a few suffice to keep two cores busy without hammering anyone.
pub const DOMAIN_CONCURRENCY: usize = 8;

/// Observe every domain, in the order given.
pub async fn observe_all(prober: &Prober, domains: &[Domain]) -> Vec<DomainFacts> {
    let permits = Arc::new(Semaphore::new(DOMAIN_CONCURRENCY));
    let mut tasks = Vec::with_capacity(domains.len());
    for domain in domains {
        let prober = prober.clone();
        let domain = domain.clone();
        let permits = permits.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await;
            prober.observe(&domain).await
        }));
    }
    let mut facts = Vec::with_capacity(tasks.len());
    for (task, domain) in tasks.into_iter().zip(domains) {
        match task.await {
            Ok(f) => facts.push(f),
            // A probe task only ends abnormally on a bug; the domain still gets a record so
            // the scan loses nothing, and the judge reports it as not resolvable.
            Err(e) => facts.push(aborted(domain, &format!("probe aborted: {e}"))),
        }
    }
    facts
}

/// The record of a domain whose observation ended abnormally (a bug, or the sweep's
/// per-domain deadline): it still gets facts, so nothing is lost, and the judge reports it
/// as not resolvable with the reason as evidence.
pub fn aborted(domain: &Domain, reason: &str) -> DomainFacts {
    DomainFacts {
        domain: domain.to_string(),
        observed_at: OffsetDateTime::now_utc(),
        dns: Default::default(),
        mail_auth: None,
        mail_servers: Vec::new(),
        ssh: Vec::new(),
        rpki: None,
        web: WebFacts::new(
            domain.as_str(),
            Resolution::failed(ProbeError::new(ErrorKind::Other, reason.to_string())),
        ),
    }
}

/// Judge every domain and put the findings in a stable order: by domain as given, then
/// check order, then subject. The same facts always give the same list.
pub fn judge_all(facts: &[DomainFacts], rules: &RuleSet) -> Vec<Finding> {
    facts.iter().flat_map(|f| judge_domain(f, rules)).collect()
}

/// The findings of one domain in check order, then subject.
pub fn judge_domain(facts: &DomainFacts, rules: &RuleSet) -> Vec<Finding> {
    let mut judged = judge(facts, rules);
    judged.sort_by(|a, b| {
        checks::order(&a.check)
            .cmp(&checks::order(&b.check))
            .then_with(|| a.subject.cmp(&b.subject))
    });
    judged
}
