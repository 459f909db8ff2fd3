//! Discovery: the hosts of an organisation a sweep looks at besides the domains listed.
//! The MX and name servers of a domain are tested as part of its mail and DNS checks; the
//! `www` host of a listed apex, the `api` host of a listed domain (when it resolves) and,
//! with `--crawl`, hosts under the same registrable domain
//! linked from its home page are scanned as web hosts of their own. Every discovered host is
//! reported with where it was found, so an analyst can see why it is in the report.

use serde::{Deserialize, Serialize};

use crate::facts::DomainFacts;
use crate::targets::Domain;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostRole {
    /// `www.` in front of a listed apex.
    Www,
    /// `api.` in front of a listed domain: where an organisation's REST API usually lives.
    Api,
    /// Linked from a page of the domain (`--crawl`).
    Link,
    /// A mail server (MX) of the domain; tested by its mail checks.
    Mx,
    /// A name server of the domain's zone; tested by its DNS checks.
    Ns,
}

/// A host found from a listed domain, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveredHost {
    pub host: String,
    pub role: HostRole,
    /// The listed domain it was found from.
    pub from: String,
    /// Where exactly: the page that links to it, or the record that names it.
    pub found_at: String,
    /// Whether the sweep scanned it as a host of its own (`www` and links that resolve).
    pub scanned: bool,
}

/// Bounds of `--crawl`, per listed domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrawlLimits {
    /// Pages fetched: the home page and same-host pages it links to (depth 1).
    pub pages: usize,
    /// Bytes read of each page.
    pub page_bytes: usize,
    /// Hosts taken from the links.
    pub hosts: usize,
}

impl Default for CrawlLimits {
    fn default() -> CrawlLimits {
        CrawlLimits {
            pages: 5,
            page_bytes: 256 * 1024,
            hosts: 20,
        }
    }
}

/// The MX and name server hosts in a domain's facts.
pub fn servers_of(facts: &DomainFacts) -> Vec<DiscoveredHost> {
    let mut found = Vec::new();
    if let Some(mx) = facts.dns.mx.as_ref().filter(|mx| !mx.null_mx) {
        for host in &mx.hosts {
            found.push(DiscoveredHost {
                host: host.name.trim_end_matches('.').to_ascii_lowercase(),
                role: HostRole::Mx,
                from: facts.domain.clone(),
                found_at: format!("MX {} {}", host.preference, facts.domain),
                scanned: false,
            });
        }
    }
    if let Some(ns) = &facts.dns.name_servers {
        let zone = ns.zone.as_deref().unwrap_or(&facts.domain);
        for server in &ns.servers {
            found.push(DiscoveredHost {
                host: server.name.trim_end_matches('.').to_ascii_lowercase(),
                role: HostRole::Ns,
                from: facts.domain.clone(),
                found_at: format!("NS {}", zone.trim_end_matches('.')),
                scanned: false,
            });
        }
    }
    found.dedup_by(|a, b| a.host == b.host && a.role == b.role);
    found
}

/// `www.<domain>` when the domain is a registrable domain (an apex); `None` for a domain
/// that is itself a subdomain.
pub fn www_of(domain: &str) -> Option<String> {
    (psl::domain_str(domain) == Some(domain)).then(|| format!("www.{domain}"))
}

/// `api.<domain>`, unless the domain is itself an `api.` host.
pub fn api_of(domain: &str) -> Option<String> {
    (!domain.starts_with("api.")).then(|| format!("api.{domain}"))
}

/// The domain whose observation measures an API listed for these domains (an
/// organisation's `apis`, `scan --api`): the one that is the API's host, else the first under
/// the same registrable domain, else the first. Each API is measured once, with the domain it
/// belongs to.
pub fn api_home<'a>(domains: &'a [Domain], base: &str) -> Option<&'a Domain> {
    let host = url::Url::parse(base).ok()?.host_str()?.to_ascii_lowercase();
    domains
        .iter()
        .find(|d| d.as_str() == host)
        .or_else(|| domains.iter().find(|d| same_site(&host, d.as_str())))
        .or(domains.first())
}

/// Whether two hosts are under the same registrable domain (Public Suffix List).
pub fn same_site(host: &str, domain: &str) -> bool {
    match (psl::domain_str(host), psl::domain_str(domain)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_site_follows_the_public_suffix_list() {
        assert!(same_site("loket.goedstad.nl", "goedstad.nl"));
        assert!(same_site("a.b.goedstad.nl", "www.goedstad.nl"));
        assert!(!same_site("goedstad.nl.example-cdn.nl", "goedstad.nl"));
        assert!(!same_site("www.rijksoverheid.nl", "goedstad.nl"));
        // Under a public suffix with more labels, the registrable domain is one more.
        assert!(!same_site("a.github.io", "b.github.io"));
    }

    #[test]
    fn an_api_is_measured_with_its_own_host_else_its_site_else_the_first_domain() {
        let domains: Vec<Domain> = ["goedstad.nl", "api.goedstad.nl", "anderstad.nl"]
            .iter()
            .map(|d| Domain::parse(d).unwrap())
            .collect();
        let home = |base: &str| api_home(&domains, base).map(Domain::as_str);
        assert_eq!(home("https://api.goedstad.nl/v2"), Some("api.goedstad.nl"));
        assert_eq!(home("https://goedstad.nl/api/v1"), Some("goedstad.nl"));
        assert_eq!(home("https://data.anderstad.nl/v1"), Some("anderstad.nl"));
        assert_eq!(home("https://elders.example/v1"), Some("goedstad.nl"));
        assert_eq!(api_home(&[], "https://a.nl/v1"), None);
    }

    #[test]
    fn www_only_for_an_apex() {
        assert_eq!(www_of("goedstad.nl").as_deref(), Some("www.goedstad.nl"));
        assert_eq!(www_of("loket.goedstad.nl"), None);
        assert_eq!(www_of("nl"), None);
    }
}
