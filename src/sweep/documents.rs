//! A stored sweep read back as organisation documents (the same JSON `pastoe scan`
//! prints), and two sweeps compared.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::discover::{DiscoveredHost, HostRole};
use crate::explain::ExplanationSet;
use crate::judge::finding::Finding;
use crate::report::autonomy::{DependencyChange, changes};
use crate::report::{OrganisationMeta, ScanDocument, organisation_document};
use crate::rules::RuleSet;
use crate::rules::Status;
use crate::store::{Store, StoreError, StoredOrganisation, SweepRow};

/// The documents of a sweep, one per organisation in file order, made one at a time so a
/// national sweep never has to be in memory at once. Domains the sweep did not get to (it
/// was stopped) are left out of their organisation's document.
pub fn organisation_documents<'a>(
    store: &'a Store,
    sweep: &'a SweepRow,
    rules: &'a RuleSet,
) -> Result<impl Iterator<Item = Result<ScanDocument, StoreError>> + 'a, StoreError> {
    let explanations = ExplanationSet {
        items: store.explanations(sweep.id)?,
    };
    let organisations = store.organisations(sweep.id)?;
    let mut discovered: BTreeMap<String, Vec<DiscoveredHost>> = BTreeMap::new();
    for host in store.discovered(sweep.id)? {
        discovered.entry(host.from.clone()).or_default().push(host);
    }
    let day = time::OffsetDateTime::parse(
        &sweep.started_at,
        &time::format_description::well_known::Rfc3339,
    )
    .map(|t| t.date())
    .unwrap_or_else(|_| time::OffsetDateTime::now_utc().date());
    let context = Context {
        explanations,
        discovered,
        attempts: store.attempts(sweep.id)?,
        day,
    };
    Ok(organisations
        .into_iter()
        .map(move |org| document(store, sweep, rules, &context, org)))
}

/// What every organisation's document of a sweep draws on besides its own rows.
struct Context {
    explanations: ExplanationSet,
    /// Hosts discovered, by the listed domain they were found from.
    discovered: BTreeMap<String, Vec<DiscoveredHost>>,
    /// Observations made of each domain.
    attempts: HashMap<String, u32>,
    /// The sweep's day, on which explanations are applied.
    day: time::Date,
}

fn document(
    store: &Store,
    sweep: &SweepRow,
    rules: &RuleSet,
    context: &Context,
    org: StoredOrganisation,
) -> Result<ScanDocument, StoreError> {
    let Context {
        explanations,
        discovered,
        attempts,
        day,
    } = context;
    let mut domains: Vec<String> = Vec::new();
    let mut findings = Vec::new();
    let mut hosts = Vec::new();
    // The listed domains, then the web hosts discovery found from them.
    let found = org
        .domains
        .iter()
        .flat_map(|d| discovered.get(d).into_iter().flatten());
    let scanned = found
        .clone()
        .filter(|h| h.scanned && !matches!(h.role, HostRole::Mx | HostRole::Ns))
        .map(|h| h.host.clone());
    for domain in org.domains.iter().cloned().chain(scanned) {
        if domains.contains(&domain) {
            continue;
        }
        if let Some(judged) = store.findings(sweep.id, &domain)? {
            domains.push(domain);
            findings.extend(judged);
        }
    }
    // A host found from several listed domains (the name server of the zone that holds
    // both `halfweg.nl` and `www.halfweg.nl`) is listed once, where it was found first.
    for host in found {
        if !hosts
            .iter()
            .any(|h: &DiscoveredHost| h.host == host.host && h.role == host.role)
        {
            hosts.push(host.clone());
        }
    }
    let meta = OrganisationMeta {
        id: Some(org.id),
        name: Some(org.name),
        org_type: Some(org.org_type),
        tags: org.tags,
    };
    let mut doc = organisation_document(
        rules,
        meta,
        &domains,
        findings,
        Some((explanations, *day)),
        sweep.started_at.clone(),
        sweep
            .finished_at
            .clone()
            .unwrap_or_else(|| sweep.started_at.clone()),
    );
    doc.discovered = hosts;
    for summary in &mut doc.domains {
        summary.attempts = attempts.get(&summary.domain).copied().unwrap_or(1);
    }
    Ok(doc)
}

/// How a finding stands for the comparison: good, explained or merely a warning, bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Good,
    Explained,
    Warning,
    Bad,
}

impl Standing {
    pub fn of(finding: &Finding) -> Standing {
        match finding.status {
            Status::Pass | Status::NotApplicable | Status::Info => Standing::Good,
            _ if finding.explained => Standing::Explained,
            Status::Warning => Standing::Warning,
            Status::Fail | Status::Error => Standing::Bad,
        }
    }
}

/// One finding that stands differently in the two sweeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub domain: String,
    pub check: String,
    pub subject: String,
    /// Status before and after, `None` when the finding was not there.
    pub before: Option<Status>,
    pub after: Option<Status>,
    pub before_standing: Option<Standing>,
    pub after_standing: Option<Standing>,
}

/// What changed for one organisation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OrganisationDiff {
    pub organisation: String,
    pub name: String,
    pub improved: Vec<Change>,
    pub regressed: Vec<Change>,
    /// Findings only in one of the two sweeps (a domain added or removed, a new check).
    pub appeared: Vec<Change>,
    pub disappeared: Vec<Change>,
    /// Services of a domain that moved to another provider, or whose provider is now under
    /// another jurisdiction (the digital-autonomy view).
    pub dependencies: Vec<DependencyChange>,
}

impl OrganisationDiff {
    pub fn is_empty(&self) -> bool {
        self.improved.is_empty()
            && self.regressed.is_empty()
            && self.appeared.is_empty()
            && self.disappeared.is_empty()
            && self.dependencies.is_empty()
    }
}

type Key = (String, String, String);

fn keyed(doc: &ScanDocument) -> BTreeMap<Key, (Status, Standing)> {
    doc.findings
        .iter()
        .map(|f| {
            (
                (f.domain.clone(), f.check.clone(), f.subject.clone()),
                (f.status, Standing::of(f)),
            )
        })
        .collect()
}

/// Compare two documents of the same organisation: `before` may be missing (the
/// organisation is new).
pub fn compare(before: Option<&ScanDocument>, after: &ScanDocument) -> OrganisationDiff {
    let old = before.map(keyed).unwrap_or_default();
    let new = keyed(after);
    let mut diff = OrganisationDiff {
        organisation: after.organisation.clone().unwrap_or_default(),
        name: after.organisation_name.clone().unwrap_or_default(),
        dependencies: changes(
            before
                .map(|b| b.dependencies.as_slice())
                .unwrap_or_default(),
            &after.dependencies,
        ),
        ..OrganisationDiff::default()
    };
    let change =
        |key: &Key, b: Option<&(Status, Standing)>, a: Option<&(Status, Standing)>| Change {
            domain: key.0.clone(),
            check: key.1.clone(),
            subject: key.2.clone(),
            before: b.map(|x| x.0),
            after: a.map(|x| x.0),
            before_standing: b.map(|x| x.1),
            after_standing: a.map(|x| x.1),
        };
    for (key, now) in &new {
        match old.get(key) {
            None => diff.appeared.push(change(key, None, Some(now))),
            Some(was) if was.1 > now.1 => diff.improved.push(change(key, Some(was), Some(now))),
            Some(was) if was.1 < now.1 => diff.regressed.push(change(key, Some(was), Some(now))),
            Some(_) => {}
        }
    }
    for (key, was) in &old {
        if !new.contains_key(key) {
            diff.disappeared.push(change(key, Some(was), None));
        }
    }
    diff
}

/// Compare two sweeps of a store, organisation by organisation (those of the later one).
pub fn diff(
    store: &Store,
    before: &SweepRow,
    after: &SweepRow,
    rules: &RuleSet,
) -> Result<Vec<OrganisationDiff>, StoreError> {
    let mut old: BTreeMap<String, ScanDocument> = BTreeMap::new();
    for doc in organisation_documents(store, before, rules)? {
        let doc = doc?;
        old.insert(doc.organisation.clone().unwrap_or_default(), doc);
    }
    let mut diffs = Vec::new();
    for doc in organisation_documents(store, after, rules)? {
        let doc = doc?;
        let id = doc.organisation.clone().unwrap_or_default();
        diffs.push(compare(old.get(&id), &doc));
    }
    Ok(diffs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Level, Text};

    fn finding(check: &str, status: Status, explained: bool) -> Finding {
        let text = || Text {
            nl: String::new(),
            en: String::new(),
        };
        Finding {
            domain: "d.nl".into(),
            check: check.into(),
            subject: "d.nl".into(),
            status,
            level: Level::Required,
            standard: "s".into(),
            outcome: "o".into(),
            title: text(),
            message: text(),
            advice: None,
            why: text(),
            reference: String::new(),
            evidence: Default::default(),
            details: Vec::new(),
            explained,
            explanation: None,
            explanation_expired: false,
            readiness: None,
        }
    }

    fn doc(findings: Vec<Finding>) -> ScanDocument {
        let rules = crate::judge::embedded_rules().unwrap();
        let mut doc = ScanDocument::new(
            &rules,
            Some("org".into()),
            &["d.nl".into()],
            findings,
            String::new(),
            String::new(),
        );
        doc.organisation_name = Some("Org".into());
        doc
    }

    #[test]
    fn fixes_improve_breakages_regress_and_explaining_improves() {
        let before = doc(vec![
            finding("a", Status::Fail, false),
            finding("b", Status::Pass, false),
            finding("c", Status::Fail, false),
            finding("d", Status::Warning, false),
            finding("gone", Status::Pass, false),
        ]);
        let after = doc(vec![
            finding("a", Status::Pass, false),
            finding("b", Status::Fail, false),
            finding("c", Status::Fail, true),
            finding("d", Status::Warning, false),
            finding("new", Status::Fail, false),
        ]);
        let diff = compare(Some(&before), &after);
        let checks = |list: &[Change]| list.iter().map(|c| c.check.clone()).collect::<Vec<_>>();
        assert_eq!(checks(&diff.improved), ["a", "c"]);
        assert_eq!(checks(&diff.regressed), ["b"]);
        assert_eq!(checks(&diff.appeared), ["new"]);
        assert_eq!(checks(&diff.disappeared), ["gone"]);
        assert_eq!(diff.improved[1].after_standing, Some(Standing::Explained));
    }
}
