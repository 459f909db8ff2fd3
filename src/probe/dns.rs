//! DNS probes: DNSSEC state and inventory, CAA, name servers.

use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, SocketAddr};

use hickory_resolver::proto::dnssec::Verifier;
use hickory_resolver::proto::dnssec::rdata::DNSSECRData;
use hickory_resolver::proto::op::{Message, ResponseCode};
use hickory_resolver::proto::rr::{RData, Record, RecordType};

use super::Prober;
use crate::facts::{
    AliasChain, CaaFacts, CaaRecord, DnsFacts, DnssecFacts, DnssecStatus, ErrorKind, MxFacts,
    MxHost, NameServer, NameServerFacts, NsAnswer, ProbeError, TlsaFacts,
};
use crate::probe::net::dns::LookupFailure;
use crate::probe::net::tcp::probe_port;
use crate::wire::tls::dane::TlsaRecord;

/// DNSSEC algorithms the validator implements (hickory 0.26): RSASHA1, RSASHA1-NSEC3-SHA1,
/// RSASHA256, RSASHA512, ECDSAP256SHA256, ECDSAP384SHA384, ED25519.
const VALIDATED_ALGORITHMS: &[u8] = &[5, 7, 8, 10, 13, 14, 15];

/// internet.nl tests at most ten mail servers.
const MAX_MX: usize = 10;

/// CNAMEs recorded from one name: more than a real chain has (resolvers stop at 8 to 16).
const MAX_ALIASES: usize = 8;

impl Prober {
    pub(super) async fn dns(&self, domain: &str) -> DnsFacts {
        let dnssec = self.dnssec(domain).await;
        let zone = dnssec.zone.clone();
        let (caa, name_servers, mx) =
            tokio::join!(self.caa(domain), self.name_servers(zone), self.mx(domain));
        DnsFacts {
            dnssec: Some(dnssec),
            caa: Some(caa),
            name_servers: Some(name_servers),
            mx: Some(mx),
        }
    }

    /// The CNAME chain from `name`, each alias asked of the validating resolver in turn;
    /// a loop or an overlong chain ends it with an error.
    pub(super) async fn aliases(&self, name: &str) -> AliasChain {
        let mut chain = AliasChain {
            name: name.to_string(),
            targets: Vec::new(),
            error: None,
        };
        let start = name.trim_end_matches('.').to_ascii_lowercase();
        let mut current = start.clone();
        loop {
            let target = match self.dns.lookup(&current, RecordType::CNAME).await {
                Ok(answer) => answer.records.iter().find_map(|r| match &r.data {
                    RData::CNAME(target) => Some(
                        target
                            .0
                            .to_ascii()
                            .trim_end_matches('.')
                            .to_ascii_lowercase(),
                    ),
                    _ => None,
                }),
                Err(LookupFailure::NoData(_) | LookupFailure::NxDomain(_)) => None,
                Err(e) => {
                    chain.error = Some(ProbeError::new(
                        ErrorKind::DnsFailure,
                        format!("CNAME of {current}: {e:?}"),
                    ));
                    None
                }
            };
            let Some(target) = target else {
                return chain;
            };
            if target == start || chain.targets.contains(&target) {
                chain.error = Some(ProbeError::new(
                    ErrorKind::DnsFailure,
                    format!("CNAME loop at {target}"),
                ));
                return chain;
            }
            if chain.targets.len() == MAX_ALIASES {
                chain.error = Some(ProbeError::new(
                    ErrorKind::DnsFailure,
                    format!("CNAME chain longer than {MAX_ALIASES} at {current}"),
                ));
                return chain;
            }
            chain.targets.push(target.clone());
            current = target;
        }
    }

    /// The TLSA records of a service name such as `_443._tcp.www.example.nl`.
    pub(crate) async fn tlsa(&self, name: &str) -> TlsaFacts {
        let mut facts = TlsaFacts {
            name: name.to_string(),
            status: DnssecStatus::Indeterminate,
            records: Vec::new(),
            error: None,
        };
        match self.dns.lookup(name, RecordType::TLSA).await {
            Ok(answer) => {
                facts.status = answer.status;
                facts.records = answer
                    .records
                    .iter()
                    .filter_map(|r| match &r.data {
                        RData::TLSA(t) => Some(TlsaRecord {
                            usage: u8::from(t.cert_usage),
                            selector: u8::from(t.selector),
                            matching: u8::from(t.matching),
                            data: t.cert_data.iter().map(|b| format!("{b:02x}")).collect(),
                        }),
                        _ => None,
                    })
                    .collect();
            }
            Err(LookupFailure::NoData(s) | LookupFailure::NxDomain(s)) => facts.status = s,
            Err(LookupFailure::Bogus) => facts.status = DnssecStatus::Bogus,
            Err(LookupFailure::ServFail) => {
                facts.error = Some(ProbeError::new(
                    ErrorKind::DnsFailure,
                    format!(
                        "{name}: SERVFAIL (a DNSSEC validation failure or a broken name server)"
                    ),
                ));
            }
            Err(LookupFailure::Failed(e)) => {
                facts.error = Some(ProbeError::new(ErrorKind::DnsFailure, e));
            }
        }
        facts
    }

    /// The validated state of the name's SOA answer (or its signed denial), CNAMEs followed;
    /// then, with checking disabled, the raw records that explain it.
    async fn dnssec(&self, name: &str) -> DnssecFacts {
        // A name below its zone apex has no SOA, and the validator gives no verdict on an
        // unsigned denial; its addresses (CNAMEs followed) carry the state instead.
        let mut status = DnssecStatus::Indeterminate;
        let mut error = None;
        for rtype in [RecordType::SOA, RecordType::A, RecordType::AAAA] {
            match self.dns.lookup(name, rtype).await {
                Ok(answer) => status = answer.status,
                Err(LookupFailure::NxDomain(_)) => {
                    // A name that does not exist has no DNSSEC state of its own to judge.
                    status = DnssecStatus::Indeterminate;
                    error = Some(ProbeError::new(
                        ErrorKind::NxDomain,
                        format!("{name} does not exist (NXDOMAIN)"),
                    ));
                    break;
                }
                Err(LookupFailure::NoData(s)) => status = s,
                Err(LookupFailure::Bogus) => status = DnssecStatus::Bogus,
                // A validating upstream refuses bogus data with SERVFAIL; with checking
                // disabled it hands the signed data over. That pair is its verdict "bogus",
                // and the in-process validator never gets to see the records.
                Err(LookupFailure::ServFail) => match self.dns.raw(name, rtype).await {
                    Ok(raw)
                        if answered(&raw)
                            && (carries_signatures(&raw) || self.parent_has_ds(&raw).await) =>
                    {
                        status = DnssecStatus::Bogus
                    }
                    _ => {
                        error = Some(ProbeError::new(
                            ErrorKind::DnsFailure,
                            format!("the resolver answered SERVFAIL for {name} {rtype}"),
                        ))
                    }
                },
                Err(LookupFailure::Failed(e)) => {
                    error = Some(ProbeError::new(ErrorKind::DnsFailure, e))
                }
            }
            if status != DnssecStatus::Indeterminate {
                error = None;
                break;
            }
        }
        let raw_soa = self.dns.raw(name, RecordType::SOA).await.ok();
        let zone = self.zone_of(name, raw_soa.as_ref()).await;
        let (dnskeys, ds) = match &zone {
            Some(zone) => {
                let (k, d) = tokio::join!(
                    self.dns.raw(zone, RecordType::DNSKEY),
                    self.dns.raw(zone, RecordType::DS)
                );
                (k.ok(), d.ok())
            }
            None => (None, None),
        };
        let dnskey_records: Vec<&Record> = dnskeys.iter().flat_map(|m| m.answers.iter()).collect();
        let ds_records: Vec<&Record> = ds.iter().flat_map(|m| m.answers.iter()).collect();
        let mut dnskey_algorithms = BTreeSet::new();
        let mut key_tags = BTreeSet::new();
        for record in &dnskey_records {
            if let RData::DNSSEC(DNSSECRData::DNSKEY(key)) = &record.data {
                dnskey_algorithms.insert(u8::from(key.algorithm()));
                if let Ok(tag) = key.calculate_key_tag() {
                    key_tags.insert(tag);
                }
            }
        }
        let mut ds_algorithms = BTreeSet::new();
        let mut ds_digest_types = BTreeSet::new();
        let mut ds_tags = BTreeSet::new();
        for record in &ds_records {
            if let RData::DNSSEC(DNSSECRData::DS(ds)) = &record.data {
                ds_algorithms.insert(u8::from(ds.algorithm()));
                ds_digest_types.insert(u8::from(ds.digest_type()));
                ds_tags.insert(ds.key_tag());
            }
        }
        let reason = match status {
            DnssecStatus::Bogus => Some(diagnose(
                raw_soa.as_ref(),
                &dnskey_records,
                &ds_tags,
                &key_tags,
            )),
            DnssecStatus::Insecure
                if !ds_algorithms.is_empty()
                    && ds_algorithms
                        .iter()
                        .all(|a| !VALIDATED_ALGORITHMS.contains(a)) =>
            {
                Some(format!(
                    "unsupported algorithm: the DS records use only algorithm(s) {ds_algorithms:?}"
                ))
            }
            _ => None,
        };
        DnssecFacts {
            name: name.to_string(),
            status,
            reason,
            zone,
            dnskey_algorithms: dnskey_algorithms.into_iter().collect(),
            ds_algorithms: ds_algorithms.into_iter().collect(),
            ds_digest_types: ds_digest_types.into_iter().collect(),
            error,
        }
    }

    /// The zone a name lives in, from the raw answer to its SOA query: the SOA's owner, unless
    /// the name owns a CNAME. Then that SOA is the target's zone (the resolver followed the
    /// alias), and since a CNAME owner is never an apex (RFC 1034 §3.6.2) the name's zone is
    /// its parent's, asked the same way.
    async fn zone_of(&self, name: &str, soa: Option<&Message>) -> Option<String> {
        let soa = soa?;
        if !owns_cname(soa, name) {
            return zone_apex(soa);
        }
        let mut name = parent_name(name)?;
        loop {
            let answer = self.dns.raw(&name, RecordType::SOA).await.ok()?;
            if !owns_cname(&answer, &name) {
                return zone_apex(&answer);
            }
            name = parent_name(&name)?;
        }
    }

    /// Whether the parent of the zone behind a raw answer publishes a DS: then the zone
    /// must be signed, and unsigned data from it is bogus (RFC 4035 §5.2).
    async fn parent_has_ds(&self, answer: &Message) -> bool {
        let zone = match zone_apex(answer) {
            Some(zone) => zone,
            None => match answer
                .answers
                .iter()
                .rev()
                .find(|r| r.record_type() != RecordType::RRSIG)
            {
                Some(r) => r.name.to_ascii().trim_end_matches('.').to_string(),
                None => return false,
            },
        };
        let ds = self.dns.raw(&zone, RecordType::DS).await;
        ds.is_ok_and(|m| m.answers.iter().any(|r| r.record_type() == RecordType::DS))
    }

    /// RFC 8659 §3: the CAA set of the closest name, from the host up to the top-level domain.
    async fn caa(&self, host: &str) -> CaaFacts {
        let mut facts = CaaFacts {
            queried: Vec::new(),
            found_at: None,
            records: Vec::new(),
            error: None,
        };
        let labels: Vec<&str> = host.trim_end_matches('.').split('.').collect();
        for start in 0..labels.len() {
            let name = labels[start..].join(".");
            facts.queried.push(name.clone());
            match self.dns.lookup(&name, RecordType::CAA).await {
                Ok(answer) => {
                    facts.records = answer
                        .records
                        .iter()
                        .filter_map(|r| match &r.data {
                            RData::CAA(caa) => Some(CaaRecord {
                                flags: if caa.issuer_critical { 128 } else { 0 }
                                    | caa.reserved_flags,
                                tag: caa.tag.clone(),
                                value: String::from_utf8_lossy(&caa.value).into_owned(),
                            }),
                            _ => None,
                        })
                        .collect();
                    facts.found_at = Some(name);
                    return facts;
                }
                Err(LookupFailure::NoData(_) | LookupFailure::NxDomain(_)) => continue,
                Err(LookupFailure::Bogus) => {
                    facts.error = Some(ProbeError::new(
                        ErrorKind::DnsFailure,
                        format!("CAA of {name} is DNSSEC-bogus"),
                    ));
                    return facts;
                }
                Err(LookupFailure::ServFail) => {
                    facts.error = Some(ProbeError::new(
                        ErrorKind::DnsFailure,
                        format!("CAA of {name}: SERVFAIL"),
                    ));
                    return facts;
                }
                Err(LookupFailure::Failed(e)) => {
                    facts.error = Some(ProbeError::new(
                        ErrorKind::DnsFailure,
                        format!("CAA of {name}: {e}"),
                    ));
                    return facts;
                }
            }
        }
        facts
    }

    /// The MX set sorted by preference then name; a null MX is recorded, not followed.
    async fn mx(&self, domain: &str) -> MxFacts {
        let mut facts = MxFacts {
            hosts: Vec::new(),
            skipped: Vec::new(),
            null_mx: false,
            error: None,
        };
        let mut exchangers: Vec<(u16, String)> = match self.dns.lookup(domain, RecordType::MX).await
        {
            Ok(answer) => answer
                .records
                .iter()
                .filter_map(|r| match &r.data {
                    RData::MX(mx) => Some((
                        mx.preference,
                        mx.exchange
                            .to_ascii()
                            .trim_end_matches('.')
                            .to_ascii_lowercase(),
                    )),
                    _ => None,
                })
                .collect(),
            Err(LookupFailure::NoData(_) | LookupFailure::NxDomain(_)) => Vec::new(),
            Err(e) => {
                facts.error = Some(ProbeError::new(
                    ErrorKind::DnsFailure,
                    format!("MX of {domain}: {e:?}"),
                ));
                return facts;
            }
        };
        exchangers.sort();
        exchangers.dedup();
        facts.null_mx = exchangers.iter().any(|(_, name)| name.is_empty());
        exchangers.retain(|(_, name)| !name.is_empty());
        if exchangers.len() > MAX_MX {
            facts.skipped = exchangers
                .split_off(MAX_MX)
                .into_iter()
                .map(|(_, n)| n)
                .collect();
        }
        let hosts = exchangers.into_iter().map(|(preference, name)| async move {
            let (resolution, dnssec, caa) = tokio::join!(
                self.dns.addresses(&name),
                self.dnssec(&name),
                self.caa(&name)
            );
            let smtp = resolution
                .addresses
                .iter()
                .filter(|a| a.is_ipv6())
                .map(|&ip| probe_port(SocketAddr::new(ip, 25), self.timeout));
            let ipv6_smtp = futures_util::future::join_all(smtp).await;
            MxHost {
                preference,
                name,
                addresses: resolution.addresses,
                not_public: resolution.not_public,
                dnssec,
                ipv6_smtp,
                caa: Some(caa),
            }
        });
        facts.hosts = futures_util::future::join_all(hosts).await;
        facts
    }

    async fn name_servers(&self, zone: Option<String>) -> NameServerFacts {
        let Some(zone) = zone else {
            return NameServerFacts {
                zone: None,
                servers: Vec::new(),
                error: Some(ProbeError::new(
                    ErrorKind::DnsFailure,
                    "the zone of the domain could not be found",
                )),
            };
        };
        let names: Vec<String> = match self.dns.lookup(&zone, RecordType::NS).await {
            Ok(answer) => answer
                .records
                .iter()
                .filter_map(|r| match &r.data {
                    RData::NS(ns) => {
                        Some(ns.0.to_ascii().trim_end_matches('.').to_ascii_lowercase())
                    }
                    _ => None,
                })
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            Err(e) => {
                let error = ProbeError::new(ErrorKind::DnsFailure, format!("NS of {zone}: {e:?}"));
                return NameServerFacts {
                    zone: Some(zone),
                    servers: Vec::new(),
                    error: Some(error),
                };
            }
        };
        let resolutions =
            futures_util::future::join_all(names.iter().map(|name| self.dns.addresses(name))).await;
        // internet.nl: every IPv6 address must answer an NS query for the zone; the IPv4
        // ones are asked too, for the technical report's reachability. All of them are asked
        // at once (each TCP fallback still under the per-address politeness), each distinct
        // address once, and under one deadline: a zone whose many addresses never answer
        // costs one timeout, not a UDP and a TCP timeout per address.
        let addresses: BTreeSet<IpAddr> = resolutions
            .iter()
            .flat_map(|r| r.addresses.iter().copied())
            .collect();
        let deadline = tokio::time::Instant::now() + self.timeout;
        let answers: HashMap<IpAddr, NsAnswer> = futures_util::future::join_all(
            addresses
                .into_iter()
                .map(|address| self.ns_answer(&zone, address, deadline)),
        )
        .await
        .into_iter()
        .map(|answer| (answer.address, answer))
        .collect();
        let answers_of = |addresses: &[IpAddr], family: fn(&IpAddr) -> bool| -> Vec<NsAnswer> {
            addresses
                .iter()
                .filter(|a| family(a))
                .filter_map(|a| answers.get(a).cloned())
                .collect()
        };
        let servers = names
            .into_iter()
            .zip(resolutions)
            .map(|(name, resolution)| NameServer {
                name,
                ipv4_answers: answers_of(&resolution.addresses, IpAddr::is_ipv4),
                ipv6_answers: answers_of(&resolution.addresses, IpAddr::is_ipv6),
                addresses: resolution.addresses,
            })
            .collect();
        NameServerFacts {
            zone: Some(zone),
            servers,
            error: None,
        }
    }

    /// One NS query for the zone straight to one address, given up at the deadline shared
    /// by all the zone's name servers.
    async fn ns_answer(
        &self,
        zone: &str,
        address: IpAddr,
        deadline: tokio::time::Instant,
    ) -> NsAnswer {
        let server = SocketAddr::new(address, 53);
        let asked = self.dns.ask_server(server, zone, RecordType::NS);
        let error = match tokio::time::timeout_at(deadline, asked).await {
            Ok(Ok(_)) => None,
            Ok(Err(e)) => Some(e),
            Err(_) => Some(ProbeError::new(
                ErrorKind::Timeout,
                format!(
                    "{server}: no answer within {:?} (one budget for all name servers of {zone})",
                    self.timeout
                ),
            )),
        };
        NsAnswer {
            address,
            answered: error.is_none(),
            error,
        }
    }
}

fn answered(message: &Message) -> bool {
    matches!(
        message.response_code,
        ResponseCode::NoError | ResponseCode::NXDomain
    )
}

fn carries_signatures(message: &Message) -> bool {
    message
        .answers
        .iter()
        .chain(message.authorities.iter())
        .any(|r| r.record_type() == RecordType::RRSIG)
}

/// Whether the answer holds a CNAME owned by `name` itself.
fn owns_cname(message: &Message, name: &str) -> bool {
    let name = name.trim_end_matches('.');
    message.answers.iter().any(|r| {
        r.record_type() == RecordType::CNAME
            && r.name
                .to_ascii()
                .trim_end_matches('.')
                .eq_ignore_ascii_case(name)
    })
}

/// `example.nl` for `www.example.nl`; none above a top-level domain.
fn parent_name(name: &str) -> Option<String> {
    name.trim_end_matches('.')
        .split_once('.')
        .map(|(_, parent)| parent.to_ascii_lowercase())
}

/// The owner of the SOA in the answer (the name is an apex) or in the authority section (a
/// name below the apex, or a denial).
fn zone_apex(message: &Message) -> Option<String> {
    message
        .answers
        .iter()
        .chain(message.authorities.iter())
        .find(|r| r.record_type() == RecordType::SOA)
        .map(|r| r.name.to_ascii().trim_end_matches('.').to_ascii_lowercase())
        .map(|n| if n.is_empty() { ".".to_string() } else { n })
}

/// Why an answer is bogus, as far as the raw records show. Validators do not report their
/// reasons, so this names the usual causes in the order an operator would look.
fn diagnose(
    soa: Option<&Message>,
    dnskeys: &[&Record],
    ds_tags: &BTreeSet<u16>,
    key_tags: &BTreeSet<u16>,
) -> String {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let signatures: Vec<(i64, i64)> = soa
        .into_iter()
        .flat_map(|m| m.answers.iter().chain(m.authorities.iter()))
        .filter_map(|r| match &r.data {
            RData::DNSSEC(DNSSECRData::RRSIG(sig)) => {
                let input = sig.input();
                Some((
                    i64::from(input.sig_inception.get()),
                    i64::from(input.sig_expiration.get()),
                ))
            }
            _ => None,
        })
        .collect();
    if dnskeys.is_empty() && !ds_tags.is_empty() {
        return "missing DNSKEY: the parent publishes a DS but the zone serves no DNSKEY".into();
    }
    if !ds_tags.is_empty() && ds_tags.is_disjoint(key_tags) {
        return format!(
            "DS mismatch: the parent's DS key tags {ds_tags:?} match none of the zone's DNSKEYs {key_tags:?}"
        );
    }
    if !signatures.is_empty() && signatures.iter().all(|(_, expiration)| *expiration < now) {
        return "expired signature: every RRSIG on the answer has expired".into();
    }
    if !signatures.is_empty() && signatures.iter().all(|(inception, _)| *inception > now) {
        return "signature not yet valid: every RRSIG on the answer starts in the future".into();
    }
    if signatures.is_empty() {
        return "missing signatures: the answer carries no RRSIG".into();
    }
    "invalid signature: the signatures do not validate against the zone's keys".into()
}
