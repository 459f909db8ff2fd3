//! Which addresses pastoe may connect to: by default only globally reachable ones, per the
//! IANA IPv4 and IPv6 Special-Purpose Address Registries, so a listed domain (or its MX, a
//! CNAME target, a redirect) that points at 127.0.0.1, 10.0.0.5 or 169.254.169.254 cannot
//! make the scanner reach into its own network or a cloud metadata service.
//! `--allow-net CIDR,…` opens exceptions (the test internet on loopback, a lab network).
//!
//! The check sits in the one connector ([`super::tcp::connect`]) and in the one query to a
//! scanned name server, so no probe can forget it; [`super::dns::Dns::addresses`] applies it
//! too, so a host that resolves only to such addresses is reported as not contacted rather
//! than as unreachable. Queries to the configured resolver are pastoe's own and not checked.

use std::net::IpAddr;
use std::sync::OnceLock;

pub use ipnet::IpNet;
use serde::{Deserialize, Serialize};

/// One entry of an IANA special-purpose registry (or of the address-space registries where
/// they say a block is not for global unicast).
#[derive(Debug, Clone, Copy)]
pub struct SpecialRange {
    pub prefix: &'static str,
    pub name: &'static str,
    pub reference: &'static str,
    /// The registry's "Globally Reachable" column; `N/A` counts as not reachable.
    pub globally_reachable: bool,
}

const fn range(
    prefix: &'static str,
    name: &'static str,
    reference: &'static str,
    globally_reachable: bool,
) -> SpecialRange {
    SpecialRange {
        prefix,
        name,
        reference,
        globally_reachable,
    }
}

/// IANA IPv4 Special-Purpose Address Registry (2024-11 edition), plus multicast (IPv4
/// Multicast Address Space Registry), which is never a server. The longest matching prefix
/// decides, so the reachable exceptions inside 192.0.0.0/24 stand.
pub const IPV4_SPECIAL: &[SpecialRange] = &[
    range("0.0.0.0/8", "this network", "RFC 791", false),
    range("10.0.0.0/8", "private-use", "RFC 1918", false),
    range("100.64.0.0/10", "shared address space", "RFC 6598", false),
    range("127.0.0.0/8", "loopback", "RFC 1122", false),
    range("169.254.0.0/16", "link-local", "RFC 3927", false),
    range("172.16.0.0/12", "private-use", "RFC 1918", false),
    range(
        "192.0.0.0/24",
        "IETF protocol assignments",
        "RFC 6890",
        false,
    ),
    range(
        "192.0.0.9/32",
        "port control protocol anycast",
        "RFC 7723",
        true,
    ),
    range(
        "192.0.0.10/32",
        "traversal using relays around NAT anycast",
        "RFC 8155",
        true,
    ),
    range(
        "192.0.2.0/24",
        "documentation (TEST-NET-1)",
        "RFC 5737",
        false,
    ),
    range("192.31.196.0/24", "AS112-v4", "RFC 7535", true),
    range("192.52.193.0/24", "AMT", "RFC 7450", true),
    range(
        "192.88.99.0/24",
        "deprecated 6to4 relay anycast",
        "RFC 7526",
        false,
    ),
    range("192.168.0.0/16", "private-use", "RFC 1918", false),
    range(
        "192.175.48.0/24",
        "direct delegation AS112 service",
        "RFC 7534",
        true,
    ),
    range("198.18.0.0/15", "benchmarking", "RFC 2544", false),
    range(
        "198.51.100.0/24",
        "documentation (TEST-NET-2)",
        "RFC 5737",
        false,
    ),
    range(
        "203.0.113.0/24",
        "documentation (TEST-NET-3)",
        "RFC 5737",
        false,
    ),
    range("224.0.0.0/4", "multicast", "RFC 5771", false),
    range("240.0.0.0/4", "reserved", "RFC 1112", false),
    range("255.255.255.255/32", "limited broadcast", "RFC 919", false),
];

/// IANA IPv6 Special-Purpose Address Registry (2024-11 edition). Outside these, only global
/// unicast (2000::/3, IPv6 Address Space Registry) is reachable: [`IPV6_GLOBAL_UNICAST`].
pub const IPV6_SPECIAL: &[SpecialRange] = &[
    range("::1/128", "loopback", "RFC 4291", false),
    range("::/128", "unspecified", "RFC 4291", false),
    range("::ffff:0:0/96", "IPv4-mapped", "RFC 4291", false),
    range("64:ff9b::/96", "IPv4-IPv6 translation", "RFC 6052", true),
    range(
        "64:ff9b:1::/48",
        "local-use IPv4/IPv6 translation",
        "RFC 8215",
        false,
    ),
    range("100::/64", "discard-only", "RFC 6666", false),
    range("100:0:0:1::/64", "dummy IPv6 prefix", "RFC 9780", false),
    range("2001::/23", "IETF protocol assignments", "RFC 2928", false),
    range("2001::/32", "TEREDO", "RFC 4380", false),
    range(
        "2001:1::1/128",
        "port control protocol anycast",
        "RFC 7723",
        true,
    ),
    range(
        "2001:1::2/128",
        "traversal using relays around NAT anycast",
        "RFC 8155",
        true,
    ),
    range(
        "2001:1::3/128",
        "DNS-SD service registration protocol anycast",
        "RFC 9665",
        true,
    ),
    range("2001:2::/48", "benchmarking", "RFC 5180", false),
    range("2001:3::/32", "AMT", "RFC 7450", true),
    range("2001:4:112::/48", "AS112-v6", "RFC 7535", true),
    range("2001:10::/28", "deprecated ORCHID", "RFC 4843", false),
    range("2001:20::/28", "ORCHIDv2", "RFC 7343", true),
    range("2001:30::/28", "drone remote ID DETs", "RFC 9374", true),
    range("2001:db8::/32", "documentation", "RFC 3849", false),
    range("2002::/16", "6to4", "RFC 3056", false),
    range(
        "2620:4f:8000::/48",
        "direct delegation AS112 service",
        "RFC 7534",
        true,
    ),
    range("3fff::/20", "documentation", "RFC 9637", false),
    range("5f00::/16", "segment routing SIDs", "RFC 9602", false),
    range("fc00::/7", "unique-local", "RFC 4193", false),
    range("fe80::/10", "link-local unicast", "RFC 4291", false),
];

/// The IPv6 global unicast space; everything else not listed as reachable above is
/// reserved, link-scoped or multicast.
pub const IPV6_GLOBAL_UNICAST: &str = "2000::/3";

/// Why an address may not be contacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{address} is not a public address ({range}, {name}, {reference}); pastoe did not connect")]
pub struct NotPublic {
    pub address: IpAddr,
    pub range: String,
    pub name: String,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressPolicyError {
    #[error("{0:?} is not an address range (give CIDRs such as 127.0.0.0/8 or ::1/128)")]
    BadRange(String),
    #[error(
        "the address policy of this process already allows {current}; it cannot become {wanted}"
    )]
    AlreadyConfigured { current: String, wanted: String },
}

/// The ranges the registries keep from the internet, and the exceptions `--allow-net` makes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    allowed: Vec<IpNet>,
}

impl AddressPolicy {
    /// `--allow-net`: comma-separated CIDRs (a bare address is its own /32 or /128).
    pub fn parse_allowed(text: &str) -> Result<Vec<IpNet>, AddressPolicyError> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| AddressPolicyError::BadRange(s.to_string()))
            })
            .collect()
    }

    pub fn new(allowed: Vec<IpNet>) -> AddressPolicy {
        let mut allowed = allowed;
        allowed.sort();
        allowed.dedup();
        AddressPolicy { allowed }
    }

    pub fn allowed(&self) -> &[IpNet] {
        &self.allowed
    }

    /// May pastoe connect to `address`?
    pub fn check(&self, address: IpAddr) -> Result<(), NotPublic> {
        // An IPv4-mapped IPv6 address reaches the IPv4 host: the exceptions count for it.
        let effective = canonical(address);
        if self
            .allowed
            .iter()
            .any(|net| net.contains(&address) || net.contains(&effective))
        {
            return Ok(());
        }
        match special_range(address) {
            Some((net, r)) if !r.globally_reachable => Err(NotPublic {
                address,
                range: net.to_string(),
                name: r.name.to_string(),
                reference: r.reference.to_string(),
            }),
            Some(_) => Ok(()),
            None => match address {
                IpAddr::V6(v6) if !global_unicast().contains(&v6) => Err(NotPublic {
                    address,
                    range: IPV6_GLOBAL_UNICAST.to_string(),
                    name: "outside IPv6 global unicast".into(),
                    reference: "IANA IPv6 Address Space".into(),
                }),
                _ => Ok(()),
            },
        }
    }
}

impl std::fmt::Display for AddressPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.allowed.is_empty() {
            return f.write_str("public addresses only");
        }
        let list: Vec<String> = self.allowed.iter().map(IpNet::to_string).collect();
        write!(f, "public addresses and {}", list.join(","))
    }
}

fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn global_unicast() -> &'static ipnet::Ipv6Net {
    static NET: OnceLock<ipnet::Ipv6Net> = OnceLock::new();
    NET.get_or_init(|| {
        IPV6_GLOBAL_UNICAST
            .parse()
            .unwrap_or_else(|_| unreachable!("a valid prefix"))
    })
}

/// The registries as parsed prefixes, once.
fn tables() -> &'static [(IpNet, SpecialRange)] {
    static TABLES: OnceLock<Vec<(IpNet, SpecialRange)>> = OnceLock::new();
    TABLES.get_or_init(|| {
        IPV4_SPECIAL
            .iter()
            .chain(IPV6_SPECIAL)
            .map(|r| {
                let net: IpNet = r
                    .prefix
                    .parse()
                    .unwrap_or_else(|_| unreachable!("the tables hold valid prefixes"));
                (net, *r)
            })
            .collect()
    })
}

/// The most specific registry entry that holds `address`; an IPv4-mapped address is also
/// looked up as the IPv4 address it maps, and the stricter answer wins.
fn special_range(address: IpAddr) -> Option<(IpNet, SpecialRange)> {
    let longest = |a: IpAddr| {
        tables()
            .iter()
            .filter(|(net, _)| net.contains(&a))
            .max_by_key(|(net, _)| net.prefix_len())
            .copied()
    };
    let own = longest(address);
    match (own, canonical(address)) {
        (Some(mapped), IpAddr::V4(v4)) if address.is_ipv6() => {
            // ::ffff:0:0/96 is not reachable as such; name the IPv4 range when it is one.
            longest(IpAddr::V4(v4))
                .filter(|(_, r)| !r.globally_reachable)
                .or(Some(mapped))
        }
        _ => own,
    }
}

/// The policy of this process (see [`configure`]); public addresses only until set.
static PROCESS: OnceLock<AddressPolicy> = OnceLock::new();

/// Sets the address policy of this process; call it before scanning. Setting it again to
/// the same ranges is fine; to others it is an error (every probe must see one policy).
pub fn configure(policy: AddressPolicy) -> Result<(), AddressPolicyError> {
    let current = PROCESS.get_or_init(|| policy.clone());
    if *current == policy {
        Ok(())
    } else {
        Err(AddressPolicyError::AlreadyConfigured {
            current: current.to_string(),
            wanted: policy.to_string(),
        })
    }
}

/// The address policy of this process.
pub fn process() -> &'static AddressPolicy {
    PROCESS.get_or_init(AddressPolicy::default)
}

/// May this process connect to `address`?
pub fn check(address: IpAddr) -> Result<(), NotPublic> {
    process().check(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_refused_and_public_ones_allowed() {
        let policy = AddressPolicy::default();
        for internal in [
            "127.0.0.1",
            "10.0.0.5",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "192.0.2.1",
            "198.18.0.1",
            "203.0.113.9",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "2001:db8::1",
            "3fff::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.5",
            "::ffff:169.254.169.254",
            "64:ff9b:1::1",
            "100::1",
            "2001::1",
            "2002:a00:5::1",
            "fec0::1",
            "::127.0.0.1",
        ] {
            assert!(
                policy.check(ip(internal)).is_err(),
                "{internal} was allowed"
            );
        }
        for public in [
            "1.1.1.1",
            "145.21.0.1",
            "192.0.0.9",
            "192.31.196.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.32.0.1",
            "2a00:1450::1",
            "2001:4:112::1",
            "2001:1::1",
            "64:ff9b::808:808",
        ] {
            assert_eq!(policy.check(ip(public)), Ok(()), "{public} was refused");
        }
    }

    #[test]
    fn the_refusal_names_the_range_and_its_source() {
        let refused = AddressPolicy::default()
            .check(ip("169.254.169.254"))
            .unwrap_err();
        assert_eq!(refused.range, "169.254.0.0/16");
        assert_eq!(refused.name, "link-local");
        assert_eq!(refused.reference, "RFC 3927");
        // A mapped address is named by the IPv4 range it reaches.
        let mapped = AddressPolicy::default()
            .check(ip("::ffff:10.0.0.5"))
            .unwrap_err();
        assert_eq!(mapped.range, "10.0.0.0/8");
    }

    #[test]
    fn allow_net_opens_exceptions_also_for_mapped_forms() {
        let allowed = AddressPolicy::parse_allowed("127.0.0.0/8, ::1,10.1.2.3").unwrap();
        let policy = AddressPolicy::new(allowed);
        for ok in ["127.0.2.1", "::1", "::ffff:127.0.0.1", "10.1.2.3"] {
            assert_eq!(policy.check(ip(ok)), Ok(()), "{ok}");
        }
        for refused in ["10.1.2.4", "192.168.0.1", "fe80::1"] {
            assert!(policy.check(ip(refused)).is_err(), "{refused}");
        }
        assert_eq!(
            policy.to_string(),
            "public addresses and 10.1.2.3/32,127.0.0.0/8,::1/128"
        );
    }

    #[test]
    fn bad_ranges_are_named() {
        assert_eq!(
            AddressPolicy::parse_allowed("127.0.0.0/8,lan"),
            Err(AddressPolicyError::BadRange("lan".into()))
        );
        assert!(AddressPolicy::parse_allowed("10.0.0.0/33").is_err());
    }

    #[test]
    fn every_table_entry_parses() {
        assert_eq!(tables().len(), IPV4_SPECIAL.len() + IPV6_SPECIAL.len());
    }
}
