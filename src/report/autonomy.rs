//! The digital-autonomy roll-ups: who runs which service of an organisation, and nationally
//! (and per organisation type) how the services are spread over providers and jurisdictions.
//! Pure functions of the findings of the `autonomy` view (`rules/autonomy.toml`): the
//! provider, company, jurisdiction, flags and confidence are what each finding's evidence
//! says, as the providers table stood on the day of the observation.
//!
//! What is counted, precisely (the README's "Roll-ups" says the same):
//!
//! - **Service**: the second label of the check id (`autonomy.web.hosting` → `web`, `mail`,
//!   `dns`, `cert`).
//! - **Counted finding**: one of the view whose status is neither `not_applicable` (nothing
//!   to attribute, or not measured) nor `error`. A counted finding is *attributed* when its
//!   evidence names a provider entry, else it is *no provider entry* (jurisdiction
//!   `unknown`): counted as such, never guessed.
//! - **Domain**: every domain or host a document reports (listed domains and the web hosts a
//!   sweep discovered and scanned); a domain in several organisations counts once
//!   nationally. A domain counts for a service when it has a counted finding of it.
//! - **Low confidence** (signals pointing at more than one provider) counts for the provider
//!   the finding names (the one with most kinds of signal); the others it lists in `also`
//!   are not counted. Every provider row says how many of its domains rest on a low one.
//! - **Outside the EU/EEA** (the NOS-style figure): an organisation depends on a jurisdiction
//!   outside the EU/EEA when at least one counted finding of one of its domains, for web,
//!   mail or DNS ([`HEADLINE_SERVICES`]), names a provider entry *without* the `eu_eea` flag of
//!   `rules/providers.toml`; **under the CLOUD Act** likewise with the `us_cloud_act` flag.
//!   No provider entry never counts as outside; such organisations are counted apart as
//!   `unknown` when nothing else puts them outside.
//! - **Shares** are of the organisations (or domains) that count for the service, in tenths
//!   of a percent, rounded half up.
//! - **Concentration**: the Herfindahl–Hirschman index per service, Σ (100·sᵢ)² over the
//!   providers, 0–10,000, where sᵢ is provider i's share of the domains with an attributed
//!   provider for the service; a domain with k attributed providers for one service
//!   (certificates of its web and mail servers) gives each 1/k, its findings of no provider
//!   entry taking no part. Domains with no provider entry at all are left out of the index
//!   (`hhi_domains` says how many are in it).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ScanDocument;
use crate::judge::finding::Finding;
use crate::rules::Status;
use crate::rules::providers::ProviderFlag;

/// The readiness view whose findings these roll-ups count.
pub const VIEW: &str = "autonomy";

/// Jurisdiction of what no provider entry matches.
pub const UNKNOWN: &str = "unknown";

/// One counted finding: a service of a domain and who runs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    pub domain: String,
    /// `web`, `mail`, `dns`, `cert`.
    pub service: String,
    /// The host the finding is about (a certificate's web or mail server).
    pub subject: String,
    /// The provider entry's id; `None`: no entry matches what was seen.
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The parent company's country (ISO 3166 alpha-2), or `unknown`.
    pub jurisdiction: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<ProviderFlag>,
    /// `high`, `medium`, `low`; `None` without a provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// What was seen that no provider entry matches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
}

impl Attribution {
    /// A counted finding of the view; `None` for any other finding.
    pub fn of(f: &Finding) -> Option<Attribution> {
        if f.readiness.as_deref() != Some(VIEW)
            || matches!(f.status, Status::NotApplicable | Status::Error)
        {
            return None;
        }
        let service = f.check.split('.').nth(1)?.to_string();
        let text = |key: &str| {
            f.evidence
                .get(key)
                .and_then(|v| v.as_str())
                .map(String::from)
        };
        let jurisdiction = text("jurisdiction")?;
        let flags = f
            .evidence
            .get("flags")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default();
        let unmatched = f
            .evidence
            .get("signals")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter(|s| s.get("provider").is_none_or(|p| p.is_null()))
            .filter_map(|s| s.get("seen").and_then(|v| v.as_str()).map(String::from))
            .collect();
        Some(Attribution {
            domain: f.domain.clone(),
            service,
            subject: f.subject.clone(),
            provider: text("provider"),
            provider_name: text("provider_name"),
            company: text("company"),
            parent: text("parent"),
            jurisdiction,
            flags,
            confidence: text("confidence"),
            unmatched,
        })
    }

    /// Attributed to a provider entry without the `eu_eea` flag.
    pub fn outside_eu_eea(&self) -> bool {
        self.provider.is_some() && !self.flags.contains(&ProviderFlag::EuEea)
    }

    pub fn cloud_act(&self) -> bool {
        self.provider.is_some() && self.flags.contains(&ProviderFlag::UsCloudAct)
    }

    fn low(&self) -> bool {
        self.confidence.as_deref() == Some("low")
    }

    /// How a provider row is keyed: the entry's id and jurisdiction (an owner change in
    /// the period counted gives two rows); no provider entry is its own row.
    fn key(&self) -> ProviderKey {
        ProviderKey {
            provider: self.provider.clone(),
            jurisdiction: self.jurisdiction.clone(),
        }
    }
}

/// Every counted finding among these, in their order.
pub fn attributions<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<Attribution> {
    findings.into_iter().filter_map(Attribution::of).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ProviderKey {
    provider: Option<String>,
    jurisdiction: String,
}

/// A part of a whole, with its share in percent to one decimal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub count: usize,
    pub of: usize,
    pub percent: f64,
}

impl Share {
    pub fn new(count: usize, of: usize) -> Share {
        let tenths = (1000 * count + of / 2).checked_div(of).unwrap_or(0);
        Share {
            count,
            of,
            percent: tenths as f64 / 10.0,
        }
    }
}

/// One provider (or jurisdiction) of a service: how many organisations and domains use it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// The provider entry's id, or `null` for no provider entry (in a jurisdiction
    /// table: the jurisdiction, `unknown` for no provider entry).
    pub id: Option<String>,
    /// The provider's name (or the jurisdiction code).
    pub name: String,
    /// The provider's jurisdiction (the same as `name` in a jurisdiction table).
    pub jurisdiction: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<ProviderFlag>,
    pub organisations: Share,
    pub domains: Share,
    /// Domains counted here on a low-confidence attribution.
    pub low_confidence: usize,
}

/// One service across a group of organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRollup {
    pub service: String,
    /// Organisations and domains with a counted finding of the service.
    pub organisations: usize,
    pub domains: usize,
    /// Organisations whose service is (for some domain) at a provider outside the EU/EEA.
    pub outside_eu_eea: Share,
    pub cloud_act: Share,
    /// Providers, most domains first; no provider entry last.
    pub providers: Vec<Tally>,
    /// Jurisdictions, most domains first; `unknown` last.
    pub jurisdictions: Vec<Tally>,
    /// Herfindahl–Hirschman index of the providers' shares of domains (0–10,000), over
    /// the domains with an attributed provider; `None` when there are none.
    pub hhi: Option<u32>,
    pub hhi_domains: usize,
}

/// The roll-up of a group of organisations: all (`*`) or one organisation type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DependencyRollup {
    /// `*` for every organisation, else the organisation type.
    pub group: String,
    /// Organisations and domains with at least one counted finding.
    pub organisations: usize,
    pub domains: usize,
    /// Organisations depending on a provider outside the EU/EEA for web, mail or DNS.
    pub outside_eu_eea: Share,
    /// Organisations depending on a provider under the US CLOUD Act for web, mail or DNS.
    pub cloud_act: Share,
    /// Organisations not outside the EU/EEA by any attribution, but with a service whose
    /// provider has no entry: they may be either.
    pub unknown: Share,
    pub services: Vec<ServiceRollup>,
}

/// The services in report order: as the checks are ordered, then any other.
const SERVICE_ORDER: &[&str] = &["web", "mail", "dns", "cert"];

pub(super) fn service_rank(s: &str) -> usize {
    SERVICE_ORDER
        .iter()
        .position(|x| *x == s)
        .unwrap_or(SERVICE_ORDER.len())
}

/// The services the headline figures (outside the EU/EEA, CLOUD Act, unknown) count: where an
/// organisation's data and traffic go, as NOS measured it (A, MX, NS and CNAME records).
/// A certificate authority signs a name but holds none of the data, and nearly every site
/// has one abroad; its rows stay in the per-service figures.
pub const HEADLINE_SERVICES: &[&str] = &["web", "mail", "dns"];

fn in_headline(a: &&Attribution) -> bool {
    HEADLINE_SERVICES.contains(&a.service.as_str())
}

/// The organisations of one group, each as its attributions.
struct Group<'a> {
    name: String,
    members: Vec<&'a [Attribution]>,
}

/// The roll-ups of these organisations (each given as its attributions and its type):
/// every organisation together (`*`) first, then per type in alphabetical order.
pub fn rollups<'a>(
    organisations: impl IntoIterator<Item = (Option<&'a str>, &'a [Attribution])>,
) -> Vec<DependencyRollup> {
    let mut all = Group {
        name: "*".into(),
        members: Vec::new(),
    };
    let mut by_type: BTreeMap<String, Group> = BTreeMap::new();
    for (kind, list) in organisations {
        all.members.push(list);
        let kind = kind.unwrap_or("other").to_string();
        by_type
            .entry(kind.clone())
            .or_insert_with(|| Group {
                name: kind,
                members: Vec::new(),
            })
            .members
            .push(list);
    }
    std::iter::once(all)
        .chain(by_type.into_values())
        .map(|g| rollup(&g))
        .collect()
}

/// The roll-ups of organisation documents.
pub fn rollups_of(docs: &[ScanDocument]) -> Vec<DependencyRollup> {
    let lists: Vec<(Option<&str>, &[Attribution])> = docs
        .iter()
        .map(|d| (d.organisation_type.as_deref(), d.dependencies.as_slice()))
        .collect();
    rollups(lists)
}

fn rollup(group: &Group) -> DependencyRollup {
    let counted: Vec<&[Attribution]> = group
        .members
        .iter()
        .copied()
        .filter(|l| !l.is_empty())
        .collect();
    let orgs = counted.len();
    let outside = counted
        .iter()
        .filter(|l| {
            l.iter()
                .filter(in_headline)
                .any(Attribution::outside_eu_eea)
        })
        .count();
    let cloud = counted
        .iter()
        .filter(|l| l.iter().filter(in_headline).any(Attribution::cloud_act))
        .count();
    let unknown = counted
        .iter()
        .filter(|l| {
            let mut headline = l.iter().filter(in_headline);
            !headline.clone().any(Attribution::outside_eu_eea)
                && headline.any(|a| a.provider.is_none())
        })
        .count();
    let domains: BTreeSet<&str> = counted
        .iter()
        .flat_map(|l| l.iter().map(|a| a.domain.as_str()))
        .collect();
    let mut services: Vec<&str> = counted
        .iter()
        .flat_map(|l| l.iter().map(|a| a.service.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    services.sort_by_key(|s| (service_rank(s), *s));
    DependencyRollup {
        group: group.name.clone(),
        organisations: orgs,
        domains: domains.len(),
        outside_eu_eea: Share::new(outside, orgs),
        cloud_act: Share::new(cloud, orgs),
        unknown: Share::new(unknown, orgs),
        services: services
            .into_iter()
            .map(|s| service_rollup(s, &counted))
            .collect(),
    }
}

/// What one provider (or jurisdiction) row gathers.
#[derive(Default)]
struct Row<'a> {
    sample: Option<&'a Attribution>,
    organisations: usize,
    domains: BTreeSet<&'a str>,
    low: BTreeSet<&'a str>,
}

fn service_rollup(service: &str, organisations: &[&[Attribution]]) -> ServiceRollup {
    let mut providers: BTreeMap<ProviderKey, Row> = BTreeMap::new();
    let mut jurisdictions: BTreeMap<String, Row> = BTreeMap::new();
    // Per domain its attributions; a domain in several organisations counts once.
    let mut per_domain: BTreeMap<&str, BTreeSet<ProviderKey>> = BTreeMap::new();
    let (mut orgs, mut outside, mut cloud) = (0, 0, 0);
    for list in organisations {
        let mine: Vec<&Attribution> = list.iter().filter(|a| a.service == service).collect();
        if mine.is_empty() {
            continue;
        }
        orgs += 1;
        outside += usize::from(mine.iter().any(|a| a.outside_eu_eea()));
        cloud += usize::from(mine.iter().any(|a| a.cloud_act()));
        let mut seen_p: BTreeSet<ProviderKey> = BTreeSet::new();
        let mut seen_j: BTreeSet<&str> = BTreeSet::new();
        for a in mine {
            per_domain.entry(&a.domain).or_default().insert(a.key());
            let first_p = seen_p.insert(a.key());
            let first_j = seen_j.insert(&a.jurisdiction);
            let p = providers.entry(a.key()).or_default();
            p.organisations += usize::from(first_p);
            let j = jurisdictions.entry(a.jurisdiction.clone()).or_default();
            j.organisations += usize::from(first_j);
            for row in [p, j] {
                row.sample.get_or_insert(a);
                row.domains.insert(&a.domain);
                if a.low() {
                    row.low.insert(&a.domain);
                }
            }
        }
    }
    let domains = per_domain.len();
    // The index: each domain's weight split over its attributed providers.
    let mut weight: BTreeMap<&ProviderKey, f64> = BTreeMap::new();
    let mut hhi_domains = 0;
    for keys in per_domain.values() {
        let attributed: Vec<&ProviderKey> = keys.iter().filter(|k| k.provider.is_some()).collect();
        if attributed.is_empty() {
            continue;
        }
        hhi_domains += 1;
        for k in &attributed {
            *weight.entry(k).or_default() += 1.0 / attributed.len() as f64;
        }
    }
    let hhi = (hhi_domains > 0).then(|| {
        let sum: f64 = weight
            .values()
            .map(|w| (100.0 * w / hhi_domains as f64).powi(2))
            .sum();
        sum.round() as u32
    });
    let tally = |id: Option<String>, name: String, row: &Row| {
        let sample = row.sample.expect("a row has an attribution");
        Tally {
            id,
            name,
            jurisdiction: sample.jurisdiction.clone(),
            flags: sample.flags.clone(),
            organisations: Share::new(row.organisations, orgs),
            domains: Share::new(row.domains.len(), domains),
            low_confidence: row.low.len(),
        }
    };
    let mut provider_rows: Vec<Tally> = providers
        .iter()
        .map(|(k, row)| {
            let name = row
                .sample
                .and_then(|a| a.provider_name.clone())
                .or_else(|| k.provider.clone())
                .unwrap_or_default();
            tally(k.provider.clone(), name, row)
        })
        .collect();
    provider_rows.sort_by(|a, b| {
        (a.id.is_none(), std::cmp::Reverse(a.domains.count), &a.name).cmp(&(
            b.id.is_none(),
            std::cmp::Reverse(b.domains.count),
            &b.name,
        ))
    });
    let mut jurisdiction_rows: Vec<Tally> = jurisdictions
        .iter()
        .map(|(j, row)| {
            let mut t = tally(Some(j.clone()), j.clone(), row);
            // The flags belong to providers, not to a country.
            t.flags = Vec::new();
            t
        })
        .collect();
    jurisdiction_rows.sort_by(|a, b| {
        let unknown = |t: &Tally| t.name == UNKNOWN;
        (unknown(a), std::cmp::Reverse(a.domains.count), &a.name).cmp(&(
            unknown(b),
            std::cmp::Reverse(b.domains.count),
            &b.name,
        ))
    });
    ServiceRollup {
        service: service.to_string(),
        organisations: orgs,
        domains,
        outside_eu_eea: Share::new(outside, orgs),
        cloud_act: Share::new(cloud, orgs),
        providers: provider_rows,
        jurisdictions: jurisdiction_rows,
        hhi,
        hhi_domains,
    }
}

/// A provider as a change names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderRef {
    /// `None`: no provider entry.
    pub provider: Option<String>,
    pub name: Option<String>,
    pub parent: Option<String>,
    pub jurisdiction: String,
}

impl ProviderRef {
    fn of(a: &Attribution) -> ProviderRef {
        ProviderRef {
            provider: a.provider.clone(),
            name: a.provider_name.clone(),
            parent: a.parent.clone(),
            jurisdiction: a.jurisdiction.clone(),
        }
    }
}

/// How a service of a domain changed between two sweeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// From one provider to another.
    Moved,
    /// The same provider, now under another jurisdiction (an owner change).
    Jurisdiction,
    /// A provider more (certificates of several servers).
    Added,
    /// A provider less.
    Dropped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DependencyChange {
    pub domain: String,
    pub service: String,
    pub kind: ChangeKind,
    pub before: Option<ProviderRef>,
    pub after: Option<ProviderRef>,
}

/// How the providers of each service of each domain changed from `before` to `after`.
/// A service of a domain counted in only one of them is not compared (its findings appear
/// or disappear in the diff of the findings).
pub fn changes(before: &[Attribution], after: &[Attribution]) -> Vec<DependencyChange> {
    type Slot<'a> = BTreeMap<(&'a str, &'a str), BTreeMap<Option<&'a str>, ProviderRef>>;
    fn slots(list: &[Attribution]) -> Slot<'_> {
        let mut out: Slot = BTreeMap::new();
        for a in list {
            out.entry((a.domain.as_str(), a.service.as_str()))
                .or_default()
                .entry(a.provider.as_deref())
                .or_insert_with(|| ProviderRef::of(a));
        }
        out
    }
    let (old, new) = (slots(before), slots(after));
    let mut out = Vec::new();
    for ((domain, service), now) in &new {
        let Some(was) = old.get(&(domain, service)) else {
            continue;
        };
        let change =
            |kind, before: Option<&ProviderRef>, after: Option<&ProviderRef>| DependencyChange {
                domain: domain.to_string(),
                service: service.to_string(),
                kind,
                before: before.cloned(),
                after: after.cloned(),
            };
        for (id, a) in now {
            if let Some(b) = was.get(id)
                && b.jurisdiction != a.jurisdiction
            {
                out.push(change(ChangeKind::Jurisdiction, Some(b), Some(a)));
            }
        }
        let gone: Vec<&ProviderRef> = was
            .iter()
            .filter(|(id, _)| !now.contains_key(*id))
            .map(|(_, r)| r)
            .collect();
        let came: Vec<&ProviderRef> = now
            .iter()
            .filter(|(id, _)| !was.contains_key(*id))
            .map(|(_, r)| r)
            .collect();
        if let ([b], [a]) = (gone.as_slice(), came.as_slice()) {
            out.push(change(ChangeKind::Moved, Some(b), Some(a)));
        } else {
            out.extend(
                gone.iter()
                    .map(|b| change(ChangeKind::Dropped, Some(b), None)),
            );
            out.extend(
                came.iter()
                    .map(|a| change(ChangeKind::Added, None, Some(a))),
            );
        }
    }
    out
}

/// The CSV export (`autonomy.csv`, `pastoe export --format autonomy-csv`): its header line.
pub const CSV_HEADER: &str = "organisation,organisation_name,organisation_type,domain,service,subject,provider,provider_name,company,parent,jurisdiction,eu_eea,us_cloud_act,confidence,no_provider_entry\n";

/// One line per attribution of a document, after [`CSV_HEADER`]. Scanned text is defused
/// like every CSV cell pastoe writes.
pub fn csv_rows(doc: &ScanDocument) -> String {
    let mut out = String::new();
    for a in &doc.dependencies {
        let cells = [
            doc.organisation.clone().unwrap_or_default(),
            doc.organisation_name.clone().unwrap_or_default(),
            doc.organisation_type.clone().unwrap_or_default(),
            a.domain.clone(),
            a.service.clone(),
            a.subject.clone(),
            a.provider.clone().unwrap_or_default(),
            a.provider_name.clone().unwrap_or_default(),
            a.company.clone().unwrap_or_default(),
            a.parent.clone().unwrap_or_default(),
            a.jurisdiction.clone(),
            (a.provider.is_some() && a.flags.contains(&ProviderFlag::EuEea)).to_string(),
            a.cloud_act().to_string(),
            a.confidence.clone().unwrap_or_default(),
            a.unmatched.join("; "),
        ];
        let line: Vec<String> = cells.iter().map(|c| super::csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(domain: &str, service: &str, provider: Option<&str>, j: &str) -> Attribution {
        Attribution {
            domain: domain.into(),
            service: service.into(),
            subject: domain.into(),
            provider: provider.map(String::from),
            provider_name: provider.map(|p| p.to_uppercase()),
            company: None,
            parent: None,
            jurisdiction: j.into(),
            flags: if j == "NL" {
                vec![ProviderFlag::EuEea]
            } else {
                Vec::new()
            },
            confidence: provider.map(|_| "high".to_string()),
            unmatched: Vec::new(),
        }
    }

    /// A certificate authority abroad is shown with the certificates, but does not make the
    /// organisation depend on a jurisdiction outside the EU/EEA in the headline figures.
    #[test]
    fn the_headline_counts_where_data_goes_not_who_signs_certificates() {
        let eu_web_us_ca = [
            a("a.nl", "web", Some("h"), "NL"),
            a("a.nl", "cert", Some("ca"), "US"),
        ];
        let us_mail = [
            a("b.nl", "mail", Some("m"), "US"),
            a("b.nl", "web", None, UNKNOWN),
        ];
        let all = &rollups([
            (Some("gemeente"), &eu_web_us_ca[..]),
            (Some("gemeente"), &us_mail[..]),
        ])[0];
        assert_eq!(
            (
                all.outside_eu_eea.count,
                all.unknown.count,
                all.organisations
            ),
            (1, 0, 2)
        );
        let cert = all.services.iter().find(|s| s.service == "cert").unwrap();
        assert_eq!((cert.outside_eu_eea.count, cert.organisations), (1, 1));
    }

    #[test]
    fn shares_round_half_up_to_tenths() {
        assert_eq!(Share::new(1, 3).percent, 33.3);
        assert_eq!(Share::new(2, 3).percent, 66.7);
        assert_eq!(Share::new(1, 8).percent, 12.5);
        assert_eq!(Share::new(0, 0).percent, 0.0);
    }

    #[test]
    fn a_domain_with_two_providers_splits_its_weight_in_the_index() {
        let one = [
            a("a.nl", "cert", Some("x"), "US"),
            a("a.nl", "cert", Some("y"), "NL"),
            a("b.nl", "cert", Some("x"), "US"),
            a("c.nl", "cert", None, UNKNOWN),
            a("d.nl", "cert", Some("x"), "US"),
            a("d.nl", "cert", None, UNKNOWN),
        ];
        let r = &rollups([(Some("gemeente"), &one[..])])[0].services[0];
        // x: 0.5 + 1 + 1 of 3 domains, y: 0.5 → (250/3)² + (50/3)² = 7222.2; c.nl is not in
        // the index, and d.nl's finding without an entry takes no share of it.
        assert_eq!((r.hhi, r.hhi_domains, r.domains), (Some(7222), 3, 4));
        let x = &r.providers[0];
        assert_eq!((x.id.as_deref(), x.domains.count), (Some("x"), 3));
        let none = r.providers.last().unwrap();
        assert_eq!((none.domains.count, none.domains.of), (2, 4));
        assert_eq!(none.id, None);
    }

    #[test]
    fn a_move_an_owner_change_and_a_provider_more() {
        let before = [
            a("a.nl", "web", Some("x"), "NL"),
            a("b.nl", "web", Some("h"), "NL"),
            a("c.nl", "cert", Some("x"), "NL"),
        ];
        let after = [
            a("a.nl", "web", Some("y"), "US"),
            a("b.nl", "web", Some("h"), "US"),
            a("c.nl", "cert", Some("x"), "NL"),
            a("c.nl", "cert", None, UNKNOWN),
            a("d.nl", "web", Some("y"), "US"),
        ];
        let found = changes(&before, &after);
        let kinds: Vec<(&str, ChangeKind)> =
            found.iter().map(|c| (c.domain.as_str(), c.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("a.nl", ChangeKind::Moved),
                ("b.nl", ChangeKind::Jurisdiction),
                ("c.nl", ChangeKind::Added)
            ]
        );
        assert_eq!(found[2].after.as_ref().unwrap().provider, None);
    }
}
