use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::ProbeError;

/// What DNS showed about a domain beyond its addresses.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DnsFacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnssec: Option<DnssecFacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caa: Option<CaaFacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_servers: Option<NameServerFacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mx: Option<MxFacts>,
}

/// The mail exchangers of the domain (RFC 5321 §5.1), each with its own DNS facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MxFacts {
    /// At most the first ten by preference, as internet.nl tests.
    pub hosts: Vec<MxHost>,
    /// MX names beyond the limit, listed so the report can say they were not tested.
    #[serde(default)]
    pub skipped: Vec<String>,
    /// RFC 7505: `MX 0 .`, the domain accepts no mail.
    pub null_mx: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MxHost {
    pub preference: u16,
    pub name: String,
    pub addresses: Vec<IpAddr>,
    /// Addresses of the name that are not public: never contacted (the address policy,
    /// `net/address_policy.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_public: Vec<IpAddr>,
    pub dnssec: DnssecFacts,
    /// TCP 25 on every IPv6 address.
    #[serde(default)]
    pub ipv6_smtp: Vec<super::PortProbe>,
    /// The CAA set that governs the MX name (RFC 8659 §3, the tree climbed from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caa: Option<CaaFacts>,
}

/// RFC 4035 §4.3: the four security states a validating resolver assigns to an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DnssecStatus {
    Secure,
    Insecure,
    Bogus,
    Indeterminate,
}

/// The DNSSEC state of a name and the zone it lives in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DnssecFacts {
    pub name: String,
    pub status: DnssecStatus,
    /// Why a bogus (or unexpectedly insecure) answer is what it is, as far as the raw
    /// records tell: expired signature, DS mismatch, missing DNSKEY, unsupported algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The zone apex the name belongs to (owner of its SOA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// DNSKEY algorithms of the zone (IANA numbers): the inventory post-quantum work needs.
    pub dnskey_algorithms: Vec<u8>,
    /// DS algorithms and digest types the parent publishes.
    pub ds_algorithms: Vec<u8>,
    pub ds_digest_types: Vec<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

/// The closest CAA record set, found by climbing from the host towards the top-level
/// domain (RFC 8659 §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaaFacts {
    /// Every name asked, in order.
    pub queried: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_at: Option<String>,
    pub records: Vec<CaaRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaaRecord {
    pub flags: u8,
    pub tag: String,
    /// The value as sent (lossy UTF-8).
    pub value: String,
}

/// The authoritative name servers of the domain's zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameServerFacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    pub servers: Vec<NameServer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameServer {
    pub name: String,
    pub addresses: Vec<IpAddr>,
    /// Per IPv6 address: did it answer an NS query for the zone (UDP, then TCP) before the
    /// one deadline all the zone's name servers share; the error's kind says whether it
    /// timed out or refused.
    #[serde(default)]
    pub ipv6_answers: Vec<NsAnswer>,
    /// The same for each IPv4 address (the technical report's reachability; no check
    /// judges it).
    #[serde(default)]
    pub ipv4_answers: Vec<NsAnswer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NsAnswer {
    pub address: IpAddr,
    pub answered: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}
