//! What a domain's services depend on, beyond what the other facts hold: the aliases of the
//! web host, of `autodiscover.<domain>` and of the DKIM selectors asked for, and per address
//! of the web host, the mail servers and the name servers the network that announces it
//! (`--routes`) and who holds that network (`--as-names`). Kept as facts, so a later judge
//! sees the routing and registry picture of the day of the scan.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::{DomainFacts, ProbeError};
pub use crate::wire::as_names::AsHolder;
use crate::wire::as_names::AsNames;
use crate::wire::rpki::RouteTable;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DependencyFacts {
    /// The web host's CNAME chain.
    pub web: AliasChain,
    /// `autodiscover.<domain>`: where mail clients are sent to set themselves up.
    pub autodiscover: AliasChain,
    /// `<selector>._domainkey.<domain>` of each DKIM selector asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dkim: Vec<AliasChain>,
    /// The route and AS-name files the origins come from; empty when none were given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Every address of the web host, the mail servers and the name servers, each once;
    /// empty without `--routes`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<AddressOrigin>,
}

impl DependencyFacts {
    pub fn origin_of(&self, address: IpAddr) -> Option<&AddressOrigin> {
        self.origins.iter().find(|o| o.address == address)
    }
}

impl DomainFacts {
    /// Every address of the web host, the mail servers and the name servers, each once:
    /// the addresses whose origins the dependency facts record.
    pub fn dependency_addresses(&self) -> Vec<IpAddr> {
        let mx = self.dns.mx.iter().flat_map(|m| m.hosts.iter());
        let ns = self.dns.name_servers.iter().flat_map(|n| n.servers.iter());
        let mut addresses: Vec<IpAddr> = Vec::new();
        for ip in self
            .web
            .resolution
            .addresses
            .iter()
            .chain(mx.flat_map(|h| h.addresses.iter()))
            .chain(ns.flat_map(|s| s.addresses.iter()))
        {
            if !addresses.contains(ip) {
                addresses.push(*ip);
            }
        }
        addresses
    }

    /// The origins of the dependency addresses in these route (and AS-name) files, named by
    /// `sources`: when a scan observes, and again when stored facts are judged with the
    /// routing picture of another day (`pastoe judge --routes`). Facts without dependency
    /// facts (older than them, or no DNS probes) are left as they are.
    pub fn record_origins(
        &mut self,
        routes: &RouteTable,
        names: Option<&AsNames>,
        sources: &[String],
    ) {
        let addresses = self.dependency_addresses();
        if let Some(d) = self.dependencies.as_mut() {
            d.origins = addresses
                .into_iter()
                .map(|ip| AddressOrigin::of(ip, routes, names))
                .collect();
            d.sources = sources.to_vec();
        }
    }
}

/// The CNAMEs followed from a name, in order (empty: the name is no alias).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasChain {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// A lookup failed (not: "there is no alias"); `targets` holds what came before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

/// Who announces an address: the most specific announced prefix that contains it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressOrigin {
    pub address: IpAddr,
    /// `None`: no route in the routes file contains the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The origin AS of that prefix (more than one when several ASes announce it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<AsOrigin>,
}

impl AddressOrigin {
    /// The most specific announced prefix containing `ip`, with its origin ASes and their
    /// holders.
    pub fn of(ip: IpAddr, routes: &RouteTable, names: Option<&AsNames>) -> AddressOrigin {
        let covering = routes.covering(ip);
        let most_specific = covering.first().map(|r| r.prefix);
        AddressOrigin {
            address: ip,
            prefix: most_specific.map(|p| p.to_string()),
            origins: covering
                .iter()
                .filter(|r| Some(r.prefix) == most_specific)
                .map(|r| AsOrigin {
                    asn: r.origin,
                    holder: names.and_then(|n| n.get(r.origin)).cloned(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AsOrigin {
    pub asn: u32,
    /// From the AS-names file; `None` without one, or when it does not list the AS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<AsHolder>,
}
