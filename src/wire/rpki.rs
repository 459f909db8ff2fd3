//! RPKI route origin validation (RFC 6811), as internet.nl's RPKI checks use it.
//!
//! For each IP address of a web server or name server, pastoe looks up every
//! announced BGP route that covers the address (from a routes file) and
//! validates each route's (prefix, origin AS) against the Validated ROA
//! Payloads (VRPs) that an RPKI relying party (rpki-client, Routinator)
//! wrote out:
//!
//! * **Valid**: at least one VRP *matches* the route: the VRP covers the
//!   route prefix, the route prefix length is at most the VRP's maxLength,
//!   and the VRP's AS equals the route's origin AS. A VRP for AS0 never
//!   matches anything (RFC 6483 §4, RFC 7607).
//! * **Invalid**: at least one VRP covers the route prefix, but none matches.
//! * **NotFound**: no VRP covers the route prefix.
//!
//! A VRP *covers* a route when the VRP prefix is equal to or less specific
//! than the route prefix and agrees with it on all bits of the VRP prefix
//! length. A VRP more specific than the route does not cover it.
//!
//! This module does no I/O except reading the files it is given
//! ([`VrpSet::load`], [`RouteTable::load`]); everything else is pure.
//! Lookups use sorted vectors searched once per possible prefix length, so
//! a query costs at most 33 (IPv4) or 129 (IPv6) binary searches, whatever
//! the size of the VRP set or route table. There is no recursion and no
//! `unsafe`.

use std::cmp::Ordering;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;
use std::str::FromStr;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Prefixes
// ---------------------------------------------------------------------------

/// An IPv4 or IPv6 prefix such as `192.0.2.0/24` or `2001:db8::/32`.
///
/// Prefixes made by [`IpPrefix::new`], [`FromStr`] and the parsers in this
/// module are normalised: all bits after `len` are zero. Serialised (serde)
/// as the string form `"192.0.2.0/24"`, which is validated the same way
/// when deserialised.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IpPrefix {
    /// The network address (host bits zero).
    pub addr: IpAddr,
    /// The prefix length: 0–32 for IPv4, 0–128 for IPv6.
    pub len: u8,
}

/// Why a text is not a valid [`IpPrefix`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrefixError {
    /// No `/` in the text.
    #[error("{0} is not a prefix: the \"/LENGTH\" part is missing")]
    MissingLength(String),
    /// The part before the `/` is not an IP address.
    #[error("{0} is not an IP address")]
    Address(String),
    /// The part after the `/` is not a number.
    #[error("{0} is not a prefix length")]
    Length(String),
    /// The length is longer than the address family allows.
    #[error("/{len} is longer than an {family} prefix can be (at most {max})")]
    TooLong {
        len: u16,
        max: u8,
        family: &'static str,
    },
    /// Bits after the prefix length are set.
    #[error("{given} has host bits set; the network is {network}")]
    HostBits { given: String, network: IpPrefix },
}

impl IpPrefix {
    /// A normalised prefix; rejects a length longer than the address family
    /// allows and an address with host bits set.
    pub fn new(addr: IpAddr, len: u8) -> Result<IpPrefix, PrefixError> {
        let network = IpPrefix::new_truncating(addr, len)?;
        if network.addr != addr {
            return Err(PrefixError::HostBits {
                given: format!("{addr}/{len}"),
                network,
            });
        }
        Ok(network)
    }

    /// The prefix of length `len` that contains `addr` (host bits cleared);
    /// rejects only a length longer than the address family allows.
    pub fn new_truncating(addr: IpAddr, len: u8) -> Result<IpPrefix, PrefixError> {
        let max = family_bits(addr);
        if len > max {
            return Err(PrefixError::TooLong {
                len: u16::from(len),
                max,
                family: family_name(addr),
            });
        }
        let bits = addr_bits(addr) & mask(len);
        Ok(IpPrefix {
            addr: bits_addr(addr.is_ipv6(), bits),
            len,
        })
    }

    /// The host prefix of an address: `/32` for IPv4, `/128` for IPv6.
    pub fn host(ip: IpAddr) -> IpPrefix {
        IpPrefix {
            addr: ip,
            len: family_bits(ip),
        }
    }

    /// 32 for an IPv4 prefix, 128 for an IPv6 prefix.
    pub fn max_len(&self) -> u8 {
        family_bits(self.addr)
    }

    pub fn is_ipv4(&self) -> bool {
        self.addr.is_ipv4()
    }

    pub fn is_ipv6(&self) -> bool {
        self.addr.is_ipv6()
    }

    /// Whether `ip` lies inside this prefix (same address family, same
    /// leading `len` bits).
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.covers(&IpPrefix::host(ip))
    }

    /// Whether this prefix covers `other` in the sense of RFC 6811: same
    /// address family, this prefix is equal to or less specific than
    /// `other`, and both agree on all bits of this prefix's length.
    pub fn covers(&self, other: &IpPrefix) -> bool {
        if self.addr.is_ipv6() != other.addr.is_ipv6() {
            return false;
        }
        let len = self.eff_len();
        if len > other.eff_len() {
            return false;
        }
        let m = mask(len);
        addr_bits(self.addr) & m == addr_bits(other.addr) & m
    }

    /// The length clamped to the family's maximum (only matters for a
    /// prefix built by hand with an impossible length).
    fn eff_len(&self) -> u8 {
        self.len.min(self.max_len())
    }

    fn key(&self) -> Key {
        let len = self.eff_len();
        Key {
            v6: self.addr.is_ipv6(),
            len,
            bits: addr_bits(self.addr) & mask(len),
        }
    }
}

impl fmt::Display for IpPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.len)
    }
}

impl FromStr for IpPrefix {
    type Err = PrefixError;

    /// Parses `ADDRESS/LENGTH` strictly: no spaces, a decimal length, and no
    /// host bits set.
    fn from_str(s: &str) -> Result<IpPrefix, PrefixError> {
        let Some((a, l)) = s.split_once('/') else {
            return Err(PrefixError::MissingLength(show(s)));
        };
        let addr: IpAddr = a.parse().map_err(|_| PrefixError::Address(show(a)))?;
        if l.is_empty() || l.len() > 3 || !l.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PrefixError::Length(show(l)));
        }
        let len: u16 = l.parse().map_err(|_| PrefixError::Length(show(l)))?;
        let max = family_bits(addr);
        if len > u16::from(max) {
            return Err(PrefixError::TooLong {
                len,
                max,
                family: family_name(addr),
            });
        }
        // len <= 128 here, so the conversion cannot fail.
        let len = u8::try_from(len).map_err(|_| PrefixError::Length(show(l)))?;
        IpPrefix::new(addr, len)
    }
}

impl TryFrom<String> for IpPrefix {
    type Error = PrefixError;
    fn try_from(s: String) -> Result<IpPrefix, PrefixError> {
        s.parse()
    }
}

impl From<IpPrefix> for String {
    fn from(p: IpPrefix) -> String {
        p.to_string()
    }
}

fn family_bits(ip: IpAddr) -> u8 {
    if ip.is_ipv4() { 32 } else { 128 }
}

fn family_name(ip: IpAddr) -> &'static str {
    if ip.is_ipv4() { "IPv4" } else { "IPv6" }
}

/// The address bits left-aligned in a u128 (IPv4 in the top 32 bits), so
/// that one mask function serves both families.
fn addr_bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)) << 96,
        IpAddr::V6(a) => u128::from(a),
    }
}

fn bits_addr(v6: bool, bits: u128) -> IpAddr {
    if v6 {
        IpAddr::V6(Ipv6Addr::from(bits))
    } else {
        // The top 32 bits; the truncation is the point.
        IpAddr::V4(Ipv4Addr::from((bits >> 96) as u32))
    }
}

/// A mask with the top `len` bits set (`len` is clamped to 128).
fn mask(len: u8) -> u128 {
    match len {
        0 => 0,
        l if l >= 128 => u128::MAX,
        l => u128::MAX << (128 - u32::from(l)),
    }
}

/// Quotes a piece of input for an error message, escaping control
/// characters and cutting it short if it is long.
fn show(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut:?}…")
    }
}

// ---------------------------------------------------------------------------
// VRPs, routes and results
// ---------------------------------------------------------------------------

/// A Validated ROA Payload: `asn` may originate `prefix` and any more
/// specific prefix up to `max_length`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Vrp {
    pub prefix: IpPrefix,
    pub max_length: u8,
    pub asn: u32,
    /// The trust anchor the VRP came from (`"ripe"`, `"arin"`, …), where the
    /// relying party wrote one.
    pub ta: Option<String>,
}

impl Vrp {
    /// Whether this VRP covers the route's prefix (RFC 6811 "Covered"),
    /// whatever the origin AS.
    pub fn covers(&self, route: &Route) -> bool {
        self.prefix.covers(&route.prefix)
    }

    /// Whether this VRP matches the route (RFC 6811 "Matched"): it covers
    /// the route prefix, the route prefix length is at most `max_length`,
    /// and the origin AS equals `asn`. An AS0 VRP never matches.
    pub fn matches(&self, route: &Route) -> bool {
        self.asn != 0
            && self.asn == route.origin
            && route.prefix.len <= self.max_length
            && self.covers(route)
    }
}

impl fmt::Display for Vrp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{} AS{}", self.prefix, self.max_length, self.asn)?;
        if let Some(ta) = &self.ta {
            write!(f, " ({ta})")?;
        }
        Ok(())
    }
}

/// One BGP announcement: `origin` announces `prefix`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Route {
    pub prefix: IpPrefix,
    pub origin: u32,
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} AS{}", self.prefix, self.origin)
    }
}

/// The route origin validation state of RFC 6811.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RovState {
    Valid,
    Invalid,
    NotFound,
}

impl fmt::Display for RovState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RovState::Valid => "valid",
            RovState::Invalid => "invalid",
            RovState::NotFound => "not found",
        })
    }
}

/// The validation of one IP address: every announced route that covers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressValidation {
    pub ip: IpAddr,
    /// Most specific route first; empty when no route covers the address
    /// (the address is not announced).
    pub routes: Vec<RouteValidation>,
}

impl AddressValidation {
    /// Whether any route covers the address.
    pub fn is_announced(&self) -> bool {
        !self.routes.is_empty()
    }
}

/// The validation of one route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteValidation {
    pub route: Route,
    pub state: RovState,
    /// Every VRP that covers the route (evidence), most specific first;
    /// empty exactly when `state` is `NotFound`.
    pub vrps: Vec<Vrp>,
}

/// Validates every route in `routes` that covers `ip` against `vrps`.
pub fn validate_address(ip: IpAddr, routes: &RouteTable, vrps: &VrpSet) -> AddressValidation {
    let routes = routes
        .covering(ip)
        .into_iter()
        .map(|route| {
            let covering = vrps.matching(route);
            RouteValidation {
                route: *route,
                state: state_of(&covering, route),
                vrps: covering.into_iter().cloned().collect(),
            }
        })
        .collect();
    AddressValidation { ip, routes }
}

/// The RFC 6811 state of `route`, given every VRP that covers it.
fn state_of(covering: &[&Vrp], route: &Route) -> RovState {
    if covering.is_empty() {
        RovState::NotFound
    } else if covering.iter().any(|vrp| vrp.matches(route)) {
        RovState::Valid
    } else {
        RovState::Invalid
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a VRP file or routes file could not be read. Every parse error names
/// the file, and the line (routes) or JSON path (VRPs), and the field.
#[derive(Debug, thiserror::Error)]
pub enum RpkiError {
    #[error(transparent)]
    File(#[from] super::TextFileError),
    #[error("{file}: not valid JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A VRP file that is valid JSON but not a valid VRP list; `path` is
    /// like `roas[3].maxLength`.
    #[error("{file}: {path}: {message}")]
    Vrp {
        file: String,
        path: String,
        message: String,
    },
    /// A routes file line that is not a valid announcement.
    #[error("{file}: line {line}: {field}: {message}")]
    Route {
        file: String,
        line: usize,
        field: &'static str,
        message: String,
    },
}

// ---------------------------------------------------------------------------
// The index
// ---------------------------------------------------------------------------

/// Where a prefix sits in the index: family, length, then network bits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Key {
    v6: bool,
    len: u8,
    bits: u128,
}

trait HasPrefix: Ord {
    fn prefix(&self) -> &IpPrefix;
}

impl HasPrefix for Vrp {
    fn prefix(&self) -> &IpPrefix {
        &self.prefix
    }
}

impl HasPrefix for Route {
    fn prefix(&self) -> &IpPrefix {
        &self.prefix
    }
}

/// Items sorted by (family, prefix length, network bits), with the range of
/// each (family, length) bucket. Finding every item whose prefix covers a
/// query prefix takes one binary search in each non-empty bucket of a
/// length up to the query's.
#[derive(Clone, Debug)]
struct PrefixIndex<T> {
    items: Vec<T>,
    /// `buckets[family][len]`: the start and end in `items` of the items
    /// with that family (0 = IPv4, 1 = IPv6) and prefix length.
    buckets: [[(usize, usize); 129]; 2],
}

impl<T> Default for PrefixIndex<T> {
    fn default() -> Self {
        PrefixIndex {
            items: Vec::new(),
            buckets: [[(0, 0); 129]; 2],
        }
    }
}

impl<T: HasPrefix> PrefixIndex<T> {
    /// Sorts, removes exact duplicates, and records the buckets.
    fn build(mut items: Vec<T>) -> Self {
        items.sort_by(|a, b| match a.prefix().key().cmp(&b.prefix().key()) {
            Ordering::Equal => a.cmp(b),
            other => other,
        });
        items.dedup();
        let mut buckets = [[(0, 0); 129]; 2];
        let mut i = 0;
        while i < items.len() {
            let key = items[i].prefix().key();
            let n = items[i..].partition_point(|t| {
                let k = t.prefix().key();
                k.v6 == key.v6 && k.len == key.len
            });
            buckets[usize::from(key.v6)][usize::from(key.len)] = (i, i + n);
            i += n;
        }
        PrefixIndex { items, buckets }
    }

    /// Every item whose prefix covers `query`, most specific first.
    fn covering(&self, query: &IpPrefix) -> Vec<&T> {
        let q = query.key();
        let buckets = &self.buckets[usize::from(q.v6)];
        let mut out = Vec::new();
        for len in (0..=q.len).rev() {
            let (start, end) = buckets[usize::from(len)];
            if start == end {
                continue;
            }
            let bucket = &self.items[start..end];
            let bits = q.bits & mask(len);
            let lo = bucket.partition_point(|t| t.prefix().key().bits < bits);
            let n = bucket[lo..].partition_point(|t| t.prefix().key().bits == bits);
            out.extend(&bucket[lo..lo + n]);
        }
        out
    }
}

// ---------------------------------------------------------------------------
// VRP sets
// ---------------------------------------------------------------------------

/// A set of Validated ROA Payloads, indexed for lookups by prefix.
#[derive(Clone, Debug, Default)]
pub struct VrpSet {
    index: PrefixIndex<Vrp>,
}

/// The parts of rpki-client / Routinator JSON output we read. Unknown
/// fields ("metadata", "aspas", "routerKeys", "expires", "source", …) are
/// skipped without being stored.
#[derive(Deserialize)]
struct RawDoc {
    roas: Option<Vec<RawRoa>>,
}

#[derive(Deserialize)]
struct RawRoa {
    asn: Option<Value>,
    prefix: Option<Value>,
    #[serde(rename = "maxLength")]
    max_length: Option<Value>,
    #[serde(rename = "max_length")]
    max_length_snake: Option<IgnoredAny>,
    ta: Option<Value>,
}

impl VrpSet {
    /// Parses the JSON VRP list that `rpki-client -j` (file `json`) and
    /// `routinator vrps --format json` (or `jsonext`) write:
    /// `{"roas": [{"asn": …, "prefix": …, "maxLength": …, "ta": …}, …]}`.
    /// `source` names the file in error messages.
    pub fn from_json(text: &str, source: &str) -> Result<VrpSet, RpkiError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let roas = match serde_json::from_str::<RawDoc>(text) {
            Ok(doc) => doc.roas,
            Err(e) if e.is_data() => {
                // Wrong shape somewhere (or a duplicate key): walk the
                // generic JSON tree to say exactly where.
                let value: Value =
                    serde_json::from_str(text).map_err(|e| json_error(source, &e))?;
                Some(raw_roas_from_value(value, source)?)
            }
            Err(e) => return Err(json_error(source, &e)),
        };
        let Some(roas) = roas else {
            return Err(vrp_error(
                source,
                "roas".to_string(),
                "missing; expected the JSON VRP output of rpki-client (-j) or \
                 Routinator (--format json)"
                    .to_string(),
            ));
        };
        let mut vrps = Vec::with_capacity(roas.len());
        for (i, raw) in roas.into_iter().enumerate() {
            let vrp = vrp_from_raw(raw).map_err(|(field, message)| {
                vrp_error(source, format!("roas[{i}].{field}"), message)
            })?;
            vrps.push(vrp);
        }
        Ok(VrpSet::from_vrps(vrps))
    }

    /// Reads and parses a VRP JSON file (see [`VrpSet::from_json`]).
    pub fn load(path: &Path) -> Result<VrpSet, RpkiError> {
        let text = super::read_text_file(path)?;
        VrpSet::from_json(&text, &path.display().to_string())
    }

    /// A set of the given VRPs (exact duplicates are dropped).
    pub fn from_vrps(vrps: impl IntoIterator<Item = Vrp>) -> VrpSet {
        VrpSet {
            index: PrefixIndex::build(vrps.into_iter().collect()),
        }
    }

    /// The RFC 6811 validation state of a route.
    pub fn validate(&self, route: &Route) -> RovState {
        state_of(&self.index.covering(&route.prefix), route)
    }

    /// Every VRP that covers the route's prefix (whatever its AS and
    /// maxLength), most specific first: the evidence behind
    /// [`VrpSet::validate`]. Use [`Vrp::matches`] to pick the ones that make
    /// the route valid.
    pub fn matching(&self, route: &Route) -> Vec<&Vrp> {
        self.index.covering(&route.prefix)
    }

    /// The number of distinct VRPs.
    pub fn len(&self) -> usize {
        self.index.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.items.is_empty()
    }

    /// All VRPs, ordered by family, prefix length and address.
    pub fn iter(&self) -> impl Iterator<Item = &Vrp> {
        self.index.items.iter()
    }
}

fn json_error(source: &str, e: &serde_json::Error) -> RpkiError {
    RpkiError::Json {
        file: source.to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

fn vrp_error(source: &str, path: String, message: String) -> RpkiError {
    RpkiError::Vrp {
        file: source.to_string(),
        path,
        message,
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The slow path of [`VrpSet::from_json`]: the same fields, taken from a
/// generic JSON tree so that shape errors can name their place.
fn raw_roas_from_value(value: Value, source: &str) -> Result<Vec<RawRoa>, RpkiError> {
    let Value::Object(mut top) = value else {
        return Err(vrp_error(
            source,
            "top level".to_string(),
            format!("expected a JSON object, found {}", json_type(&value)),
        ));
    };
    let roas = match top.remove("roas") {
        None | Some(Value::Null) => {
            return Err(vrp_error(
                source,
                "roas".to_string(),
                "missing; expected the JSON VRP output of rpki-client (-j) or \
                 Routinator (--format json)"
                    .to_string(),
            ));
        }
        Some(Value::Array(roas)) => roas,
        Some(other) => {
            return Err(vrp_error(
                source,
                "roas".to_string(),
                format!("expected an array, found {}", json_type(&other)),
            ));
        }
    };
    let mut out = Vec::with_capacity(roas.len());
    for (i, roa) in roas.into_iter().enumerate() {
        let Value::Object(mut obj) = roa else {
            return Err(vrp_error(
                source,
                format!("roas[{i}]"),
                format!("expected an object, found {}", json_type(&roa)),
            ));
        };
        out.push(RawRoa {
            asn: obj.remove("asn").filter(|v| !v.is_null()),
            prefix: obj.remove("prefix").filter(|v| !v.is_null()),
            max_length: obj.remove("maxLength").filter(|v| !v.is_null()),
            max_length_snake: obj
                .get("max_length")
                .filter(|v| !v.is_null())
                .map(|_| IgnoredAny),
            ta: obj.remove("ta").filter(|v| !v.is_null()),
        });
    }
    Ok(out)
}

/// Checks one ROA entry; on error returns (field, message).
fn vrp_from_raw(raw: RawRoa) -> Result<Vrp, (&'static str, String)> {
    let asn = match &raw.asn {
        None => return Err(("asn", "missing".to_string())),
        Some(Value::Number(n)) => match n.as_u64().map(u32::try_from) {
            Some(Ok(asn)) => asn,
            _ => {
                return Err(("asn", format!("{n} is not an AS number (0 to 4294967295)")));
            }
        },
        Some(Value::String(s)) => parse_asn(s).map_err(|m| ("asn", m))?,
        Some(other) => {
            return Err((
                "asn",
                format!(
                    "expected a number or a string like \"AS64500\", found {}",
                    json_type(other)
                ),
            ));
        }
    };

    let prefix: IpPrefix = match &raw.prefix {
        None => return Err(("prefix", "missing".to_string())),
        Some(Value::String(s)) => s
            .parse()
            .map_err(|e: PrefixError| ("prefix", e.to_string()))?,
        Some(other) => {
            return Err((
                "prefix",
                format!(
                    "expected a string like \"192.0.2.0/24\", found {}",
                    json_type(other)
                ),
            ));
        }
    };

    let max_length = match &raw.max_length {
        None if raw.max_length_snake.is_some() => {
            return Err((
                "maxLength",
                "missing (found \"max_length\", which rpki-client and Routinator do not \
                 write; expected \"maxLength\")"
                    .to_string(),
            ));
        }
        None => return Err(("maxLength", "missing".to_string())),
        Some(Value::Number(n)) => {
            let max = prefix.max_len();
            let family = family_name(prefix.addr);
            match n.as_u64() {
                Some(m) if m > u64::from(max) => {
                    return Err((
                        "maxLength",
                        format!(
                            "{m} is longer than the {prefix} prefix allows \
                             (an {family} prefix is at most {max} long)"
                        ),
                    ));
                }
                Some(m) if m < u64::from(prefix.len) => {
                    return Err((
                        "maxLength",
                        format!("{m} is shorter than the {prefix} prefix itself"),
                    ));
                }
                // m <= 128 here.
                Some(m) => u8::try_from(m).unwrap_or(max),
                None => {
                    return Err((
                        "maxLength",
                        format!("{n} is not a prefix length (a whole number 0 to {max})"),
                    ));
                }
            }
        }
        Some(other) => {
            return Err((
                "maxLength",
                format!("expected a number, found {}", json_type(other)),
            ));
        }
    };

    let ta = match raw.ta {
        None => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            return Err((
                "ta",
                format!("expected a string, found {}", json_type(&other)),
            ));
        }
    };

    Ok(Vrp {
        prefix,
        max_length,
        asn,
        ta,
    })
}

/// Parses an AS number written as `64500`, `AS64500` or `as64500`.
fn parse_asn(s: &str) -> Result<u32, String> {
    let digits = match s.get(..2) {
        Some(p) if p.eq_ignore_ascii_case("as") => &s[2..],
        _ => s,
    };
    let ok = !digits.is_empty() && digits.len() <= 10 && digits.bytes().all(|b| b.is_ascii_digit());
    match digits.parse::<u64>().ok().filter(|_| ok).map(u32::try_from) {
        Some(Ok(asn)) => Ok(asn),
        Some(Err(_)) => Err(format!("{} is not an AS number (0 to 4294967295)", show(s))),
        None => Err(format!(
            "{} is not an AS number (expected e.g. 64500 or AS64500)",
            show(s)
        )),
    }
}

// ---------------------------------------------------------------------------
// Route tables
// ---------------------------------------------------------------------------

/// A table of BGP announcements, indexed for lookups by address.
#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    index: PrefixIndex<Route>,
}

impl RouteTable {
    /// Parses a routes file: one announcement a line, fields separated by
    /// spaces or tabs, blank lines and `#` comments (whole-line or trailing)
    /// and `%` comment lines ignored. Each line is one of:
    ///
    /// * `PREFIX ORIGIN`, e.g. `192.0.2.0/24 AS64500`;
    /// * `ORIGIN PREFIX PEERS`: a RIPE RIS whois dump
    ///   (`riswhoisdump.IPv4`/`IPv6`); PEERS, the number of RIS peers that
    ///   saw the route, is checked and ignored;
    /// * `ADDRESS LENGTH ORIGIN`: CAIDA RouteViews pfx2as.
    ///
    /// ORIGIN is `64500` or `AS64500`, or several: `64500_64501`
    /// (multi-origin) or `64500,64501` or `{64500,64501}` (AS set); each
    /// origin becomes its own [`Route`]. Prefixes must have no host bits set.
    /// `source` names the file in error messages.
    pub fn from_text(text: &str, source: &str) -> Result<RouteTable, RpkiError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut routes = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let content = match raw.find('#') {
                Some(i) => &raw[..i],
                None => raw,
            };
            let content = content.trim();
            if content.is_empty() || content.starts_with('%') {
                continue;
            }
            parse_route_line(content, &mut routes).map_err(|(field, message)| {
                RpkiError::Route {
                    file: source.to_string(),
                    line: n + 1,
                    field,
                    message,
                }
            })?;
        }
        Ok(RouteTable::from_routes(routes))
    }

    /// Reads and parses a routes file (see [`RouteTable::from_text`]). The
    /// file must be decompressed first.
    pub fn load(path: &Path) -> Result<RouteTable, RpkiError> {
        let text = super::read_text_file(path)?;
        RouteTable::from_text(&text, &path.display().to_string())
    }

    /// A table of the given routes (exact duplicates are dropped).
    pub fn from_routes(routes: impl IntoIterator<Item = Route>) -> RouteTable {
        RouteTable {
            index: PrefixIndex::build(routes.into_iter().collect()),
        }
    }

    /// Every route whose prefix contains `ip`, most specific first (routes
    /// for the same prefix ordered by origin AS).
    pub fn covering(&self, ip: IpAddr) -> Vec<&Route> {
        self.index.covering(&IpPrefix::host(ip))
    }

    /// The number of distinct (prefix, origin) routes.
    pub fn len(&self) -> usize {
        self.index.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.items.is_empty()
    }

    /// All routes, ordered by family, prefix length and address.
    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.index.items.iter()
    }
}

const ROUTE_LINE_FORMS: &str = "expected \"PREFIX ORIGIN\", a RIS whois dump line \
     \"ORIGIN PREFIX PEERS\" or a CAIDA pfx2as line \"ADDRESS LENGTH ORIGIN\"";

/// Parses one non-comment line; on error returns (field, message).
fn parse_route_line(line: &str, out: &mut Vec<Route>) -> Result<(), (&'static str, String)> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let (prefix, origins) = match fields.as_slice() {
        [prefix, origin] => {
            let prefix: IpPrefix = prefix
                .parse()
                .map_err(|e: PrefixError| ("prefix", e.to_string()))?;
            (prefix, parse_origins(origin)?)
        }
        [origin, prefix, peers] if prefix.contains('/') => {
            let origins = parse_origins(origin)?;
            let prefix: IpPrefix = prefix
                .parse()
                .map_err(|e: PrefixError| ("prefix", e.to_string()))?;
            if peers.is_empty() || !peers.bytes().all(|b| b.is_ascii_digit()) {
                return Err((
                    "peers",
                    format!(
                        "{} is not a number of RIS peers (RIS whois dump lines are \
                         \"ORIGIN PREFIX PEERS\")",
                        show(peers)
                    ),
                ));
            }
            (prefix, origins)
        }
        [address, length, origin] if !address.contains('/') => {
            let addr: IpAddr = address
                .parse()
                .map_err(|_| ("address", format!("{} is not an IP address", show(address))))?;
            let len = match length.parse::<u8>() {
                Ok(len) if length.bytes().all(|b| b.is_ascii_digit()) => len,
                _ => {
                    return Err(("length", format!("{} is not a prefix length", show(length))));
                }
            };
            let prefix = IpPrefix::new(addr, len).map_err(|e| match e {
                PrefixError::TooLong { .. } => ("length", e.to_string()),
                _ => ("prefix", e.to_string()),
            })?;
            (prefix, parse_origins(origin)?)
        }
        other => {
            return Err((
                "line",
                format!("{ROUTE_LINE_FORMS}; found {} fields", other.len()),
            ));
        }
    };
    out.extend(origins.into_iter().map(|origin| Route { prefix, origin }));
    Ok(())
}

/// One origin, or a multi-origin (`_`) or AS-set (`,`, optionally in
/// braces) list of them.
fn parse_origins(s: &str) -> Result<Vec<u32>, (&'static str, String)> {
    let inner = s
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(s);
    inner
        .split(['_', ','])
        .map(|part| parse_asn(part).map_err(|m| ("origin", m)))
        .collect()
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> IpPrefix {
        s.parse().unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn vrp(prefix: &str, max_length: u8, asn: u32) -> Vrp {
        Vrp {
            prefix: p(prefix),
            max_length,
            asn,
            ta: None,
        }
    }

    fn route(prefix: &str, origin: u32) -> Route {
        Route {
            prefix: p(prefix),
            origin,
        }
    }

    fn set(vrps: &[Vrp]) -> VrpSet {
        VrpSet::from_vrps(vrps.iter().cloned())
    }

    // -- IpPrefix ----------------------------------------------------------

    #[test]
    fn prefix_parse_and_display() {
        let x = p("192.0.2.0/24");
        assert_eq!(x.addr, ip("192.0.2.0"));
        assert_eq!(x.len, 24);
        assert_eq!(x.to_string(), "192.0.2.0/24");
        assert_eq!(p("2001:DB8::/32").to_string(), "2001:db8::/32");
        assert_eq!(p("0.0.0.0/0").to_string(), "0.0.0.0/0");
        assert_eq!(p("::/0").to_string(), "::/0");
        assert_eq!(p("192.0.2.1/32").len, 32);
        assert_eq!(p("2001:db8::1/128").len, 128);
    }

    #[test]
    fn prefix_parse_errors() {
        let err = |s: &str| s.parse::<IpPrefix>().unwrap_err();
        assert!(matches!(err("192.0.2.0"), PrefixError::MissingLength(_)));
        assert!(matches!(err("192.0.2/24"), PrefixError::Address(_)));
        assert!(matches!(err("192.0.2.0/"), PrefixError::Length(_)));
        assert!(matches!(err("192.0.2.0/+24"), PrefixError::Length(_)));
        assert!(matches!(err("192.0.2.0/ 24"), PrefixError::Length(_)));
        assert!(matches!(err("192.0.2.0/2400"), PrefixError::Length(_)));
        assert!(matches!(err(" 192.0.2.0/24"), PrefixError::Address(_)));
        assert!(matches!(
            err("192.0.2.0/33"),
            PrefixError::TooLong {
                len: 33,
                max: 32,
                ..
            }
        ));
        assert!(matches!(
            err("::/129"),
            PrefixError::TooLong {
                len: 129,
                max: 128,
                ..
            }
        ));
        assert!(matches!(err("192.0.2.0/999"), PrefixError::TooLong { .. }));
        match err("192.0.2.1/24") {
            PrefixError::HostBits { network, .. } => assert_eq!(network, p("192.0.2.0/24")),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            err("192.0.2.1/24").to_string(),
            "192.0.2.1/24 has host bits set; the network is 192.0.2.0/24"
        );
        assert!(matches!(
            err("2001:db8::1/64"),
            PrefixError::HostBits { .. }
        ));
    }

    #[test]
    fn prefix_constructors() {
        assert_eq!(
            IpPrefix::new_truncating(ip("192.0.2.77"), 24).unwrap(),
            p("192.0.2.0/24")
        );
        assert_eq!(
            IpPrefix::new_truncating(ip("2001:db8:ffff::1"), 33).unwrap(),
            p("2001:db8:8000::/33")
        );
        assert!(IpPrefix::new(ip("192.0.2.77"), 24).is_err());
        assert!(IpPrefix::new(ip("192.0.2.0"), 40).is_err());
        assert_eq!(IpPrefix::host(ip("192.0.2.7")), p("192.0.2.7/32"));
        assert_eq!(IpPrefix::host(ip("::1")), p("::1/128"));
    }

    #[test]
    fn prefix_contains_and_covers() {
        let x = p("192.0.2.0/24");
        assert!(x.contains(ip("192.0.2.0")));
        assert!(x.contains(ip("192.0.2.255")));
        assert!(!x.contains(ip("192.0.3.0")));
        assert!(!x.contains(ip("::ffff:192.0.2.1")), "no cross-family match");
        assert!(p("0.0.0.0/0").contains(ip("203.0.113.9")));
        assert!(!p("0.0.0.0/0").contains(ip("2001:db8::1")));
        assert!(p("::/0").contains(ip("2001:db8::1")));
        assert!(!p("::/0").contains(ip("192.0.2.1")));

        assert!(x.covers(&x));
        assert!(x.covers(&p("192.0.2.128/25")));
        assert!(
            !p("192.0.2.128/25").covers(&x),
            "more specific does not cover"
        );
        assert!(!x.covers(&p("192.0.3.0/24")));
        assert!(p("192.0.0.0/16").covers(&x));
        assert!(p("2001:db8::/32").covers(&p("2001:db8:1::/48")));
        assert!(!p("2001:db8::/32").covers(&p("2001:db9::/48")));
        // IPv4 bits sit in the same place as IPv6 ::/32 would: families must
        // still never mix.
        assert!(!p("0.0.0.0/0").covers(&p("::/0")));
        assert!(!p("::/0").covers(&p("0.0.0.0/0")));
    }

    #[test]
    fn prefix_hand_built_impossible_length_does_not_panic() {
        let odd = IpPrefix {
            addr: ip("192.0.2.1"),
            len: 200,
        };
        assert!(odd.contains(ip("192.0.2.1")));
        assert!(!odd.contains(ip("192.0.2.2")));
        let set = VrpSet::from_vrps([Vrp {
            prefix: odd,
            max_length: 200,
            asn: 1,
            ta: None,
        }]);
        let r = Route {
            prefix: p("192.0.2.1/32"),
            origin: 1,
        };
        assert_eq!(set.validate(&r), RovState::Valid);
        let table = RouteTable::from_routes([Route {
            prefix: odd,
            origin: 1,
        }]);
        assert_eq!(table.covering(ip("192.0.2.1")).len(), 1);
    }

    #[test]
    fn prefix_serde_is_the_string_form_and_validates() {
        let x = p("192.0.2.0/24");
        assert_eq!(serde_json::to_string(&x).unwrap(), "\"192.0.2.0/24\"");
        assert_eq!(
            serde_json::from_str::<IpPrefix>("\"192.0.2.0/24\"").unwrap(),
            x
        );
        assert!(serde_json::from_str::<IpPrefix>("\"192.0.2.1/24\"").is_err());
        assert!(serde_json::from_str::<IpPrefix>("{\"addr\":\"192.0.2.0\",\"len\":24}").is_err());
    }

    // -- RFC 6811 validation -------------------------------------------------

    #[test]
    fn exact_match_is_valid() {
        let s = set(&[vrp("192.0.2.0/24", 24, 64500)]);
        assert_eq!(s.validate(&route("192.0.2.0/24", 64500)), RovState::Valid);
    }

    #[test]
    fn max_length_allows_more_specific() {
        let s = set(&[vrp("192.0.0.0/16", 24, 64500)]);
        assert_eq!(s.validate(&route("192.0.2.0/24", 64500)), RovState::Valid);
        assert_eq!(s.validate(&route("192.0.2.0/23", 64500)), RovState::Valid);
        assert_eq!(s.validate(&route("192.0.0.0/16", 64500)), RovState::Valid);
    }

    #[test]
    fn more_specific_beyond_max_length_is_invalid() {
        let s = set(&[vrp("192.0.2.0/24", 24, 64500)]);
        assert_eq!(s.validate(&route("192.0.2.0/25", 64500)), RovState::Invalid);
        assert_eq!(
            s.validate(&route("192.0.2.128/32", 64500)),
            RovState::Invalid
        );
    }

    #[test]
    fn covering_vrp_with_other_asn_is_invalid() {
        let s = set(&[vrp("192.0.2.0/24", 24, 64500)]);
        assert_eq!(s.validate(&route("192.0.2.0/24", 64501)), RovState::Invalid);
        let s = set(&[vrp("192.0.0.0/16", 32, 64500)]);
        assert_eq!(s.validate(&route("192.0.2.0/24", 64501)), RovState::Invalid);
    }

    #[test]
    fn one_matching_vrp_among_several_is_valid() {
        let s = set(&[
            vrp("192.0.0.0/16", 16, 64500), // covers, too short max
            vrp("192.0.2.0/24", 24, 64501), // covers, wrong AS
            vrp("192.0.2.0/23", 24, 64502), // matches
            vrp("192.0.2.0/24", 24, 0),     // AS0
        ]);
        let r = route("192.0.2.0/24", 64502);
        assert_eq!(s.validate(&r), RovState::Valid);
        let evidence = s.matching(&r);
        assert_eq!(evidence.len(), 4);
        assert_eq!(evidence.iter().filter(|v| v.matches(&r)).count(), 1);
        // Most specific first.
        assert_eq!(evidence[0].prefix.len, 24);
        assert_eq!(evidence[3].prefix.len, 16);
    }

    #[test]
    fn as0_vrp_is_never_valid() {
        let s = set(&[vrp("192.0.2.0/24", 32, 0)]);
        assert_eq!(s.validate(&route("192.0.2.0/24", 0)), RovState::Invalid);
        assert_eq!(s.validate(&route("192.0.2.0/24", 64500)), RovState::Invalid);
        assert_eq!(s.validate(&route("192.0.2.0/28", 64500)), RovState::Invalid);
        assert!(!vrp("192.0.2.0/24", 24, 0).matches(&route("192.0.2.0/24", 0)));
        // An AS0 VRP beside a real one does not spoil the real one.
        let s = set(&[vrp("192.0.2.0/24", 24, 0), vrp("192.0.2.0/24", 24, 64500)]);
        assert_eq!(s.validate(&route("192.0.2.0/24", 64500)), RovState::Valid);
    }

    #[test]
    fn more_specific_vrp_does_not_cover_route() {
        let s = set(&[vrp("192.0.2.0/25", 25, 64500)]);
        let r = route("192.0.2.0/24", 64500);
        assert_eq!(s.validate(&r), RovState::NotFound);
        assert!(s.matching(&r).is_empty());
    }

    #[test]
    fn unrelated_vrps_leave_route_not_found() {
        let s = set(&[
            vrp("198.51.100.0/24", 24, 64500),
            vrp("2001:db8::/32", 48, 64500),
        ]);
        assert_eq!(
            s.validate(&route("192.0.2.0/24", 64500)),
            RovState::NotFound
        );
        assert_eq!(
            VrpSet::default().validate(&route("192.0.2.0/24", 1)),
            RovState::NotFound
        );
    }

    #[test]
    fn ipv6_validation() {
        let s = set(&[vrp("2001:db8::/32", 48, 64500)]);
        assert_eq!(s.validate(&route("2001:db8::/32", 64500)), RovState::Valid);
        assert_eq!(
            s.validate(&route("2001:db8:1::/48", 64500)),
            RovState::Valid
        );
        assert_eq!(
            s.validate(&route("2001:db8:1::/49", 64500)),
            RovState::Invalid
        );
        assert_eq!(
            s.validate(&route("2001:db8:1::/48", 64501)),
            RovState::Invalid
        );
        assert_eq!(
            s.validate(&route("2001:db9::/32", 64500)),
            RovState::NotFound
        );
        // An IPv4 route whose bits would line up with the IPv6 VRP.
        let s = set(&[vrp("::/0", 128, 64500)]);
        assert_eq!(s.validate(&route("0.0.0.0/0", 64500)), RovState::NotFound);
    }

    #[test]
    fn slash_zero_routes_and_vrps() {
        let s = set(&[vrp("0.0.0.0/0", 0, 64500)]);
        assert_eq!(s.validate(&route("0.0.0.0/0", 64500)), RovState::Valid);
        assert_eq!(s.validate(&route("0.0.0.0/0", 64501)), RovState::Invalid);
        assert_eq!(s.validate(&route("192.0.2.0/24", 64500)), RovState::Invalid);
        let s = set(&[vrp("192.0.2.0/24", 24, 64500)]);
        assert_eq!(s.validate(&route("0.0.0.0/0", 64500)), RovState::NotFound);
        let s = set(&[vrp("::/0", 128, 64500)]);
        assert_eq!(s.validate(&route("::/0", 64500)), RovState::Valid);
        assert_eq!(
            s.validate(&route("2001:db8::1/128", 64500)),
            RovState::Valid
        );
    }

    #[test]
    fn address_covered_by_two_routes_with_different_states() {
        let routes = RouteTable::from_routes([
            route("192.0.0.0/16", 64500),
            route("192.0.2.0/24", 64501),
            route("192.0.2.0/24", 64502),
            route("198.51.100.0/24", 64500),
        ]);
        let vrps = set(&[
            vrp("192.0.0.0/16", 16, 64500),
            vrp("192.0.2.0/24", 24, 64502),
        ]);
        let v = validate_address(ip("192.0.2.10"), &routes, &vrps);
        assert!(v.is_announced());
        let got: Vec<(String, RovState, usize)> = v
            .routes
            .iter()
            .map(|rv| (rv.route.to_string(), rv.state, rv.vrps.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("192.0.2.0/24 AS64501".to_string(), RovState::Invalid, 2),
                ("192.0.2.0/24 AS64502".to_string(), RovState::Valid, 2),
                ("192.0.0.0/16 AS64500".to_string(), RovState::Valid, 1),
            ]
        );
        // The /16 alone for an address outside the /24.
        let v = validate_address(ip("192.0.3.1"), &routes, &vrps);
        assert_eq!(v.routes.len(), 1);
        assert_eq!(v.routes[0].state, RovState::Valid);
    }

    #[test]
    fn address_in_no_route() {
        let routes = RouteTable::from_routes([route("192.0.2.0/24", 64500)]);
        let vrps = set(&[vrp("0.0.0.0/0", 32, 64500)]);
        let v = validate_address(ip("203.0.113.1"), &routes, &vrps);
        assert_eq!(v.ip, ip("203.0.113.1"));
        assert!(v.routes.is_empty());
        assert!(!v.is_announced());
        let v = validate_address(ip("2001:db8::1"), &routes, &vrps);
        assert!(v.routes.is_empty());
    }

    #[test]
    fn results_serialise_as_facts() {
        let routes = RouteTable::from_routes([route("192.0.2.0/24", 64500)]);
        let vrps = VrpSet::from_vrps([Vrp {
            ta: Some("ripe".to_string()),
            ..vrp("192.0.2.0/24", 24, 64500)
        }]);
        let v = validate_address(ip("192.0.2.1"), &routes, &vrps);
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "ip": "192.0.2.1",
                "routes": [{
                    "route": {"prefix": "192.0.2.0/24", "origin": 64500},
                    "state": "valid",
                    "vrps": [{"prefix": "192.0.2.0/24", "max_length": 24, "asn": 64500, "ta": "ripe"}]
                }]
            })
        );
        let back: AddressValidation = serde_json::from_value(json).unwrap();
        assert_eq!(back, v);
        assert_eq!(
            serde_json::to_string(&RovState::NotFound).unwrap(),
            "\"not_found\""
        );
        assert_eq!(
            vrps.iter().next().unwrap().to_string(),
            "192.0.2.0/24-24 AS64500 (ripe)"
        );
    }

    #[test]
    fn duplicates_are_dropped() {
        let s = set(&[vrp("192.0.2.0/24", 24, 1), vrp("192.0.2.0/24", 24, 1)]);
        assert_eq!(s.len(), 1);
        let t = RouteTable::from_routes([route("192.0.2.0/24", 1), route("192.0.2.0/24", 1)]);
        assert_eq!(t.len(), 1);
        assert!(!t.is_empty());
        assert!(RouteTable::default().is_empty());
        assert!(VrpSet::default().is_empty());
    }

    // -- VRP JSON --------------------------------------------------------------

    const RPKI_CLIENT_JSON: &str = r#"{
        "metadata": {"buildmachine": "rpki.example", "buildtime": "2024-01-01T00:00:00Z",
                     "vrps": 3, "uniquevrps": 3},
        "roas": [
            {"asn": 64500, "prefix": "192.0.2.0/24", "maxLength": 24, "ta": "ripe", "expires": 1700000000},
            {"asn": 64501, "prefix": "2001:db8::/32", "maxLength": 48, "ta": "arin", "expires": 1700000000},
            {"asn": 0, "prefix": "198.51.100.0/24", "maxLength": 32, "ta": "apnic", "expires": 1700000000}
        ],
        "aspas": [{"customer_asid": 64500, "providers": [64501]}]
    }"#;

    const ROUTINATOR_JSON: &str = r#"{
      "metadata": {"generated": 1700000000, "generatedTime": "2023-11-14T22:13:20Z"},
      "roas": [
        { "asn": "AS64500", "prefix": "192.0.2.0/24", "maxLength": 24, "ta": "ripe" },
        { "asn": "as64502", "prefix": "203.0.113.0/24", "maxLength": 26, "ta": "ripe" },
        { "asn": "64503", "prefix": "2001:db8::/32", "maxLength": 32, "ta": "ripe" }
      ],
      "routerKeys": []
    }"#;

    const ROUTINATOR_JSONEXT: &str = r#"{
      "metadata": {"generated": 0, "generatedTime": "1970-01-01T00:00:00Z"},
      "roas": [
        { "asn": "AS64500", "prefix": "192.0.2.0/24", "maxLength": 24,
          "source": [ { "type": "roa", "uri": "rsync://example/x.roa", "validity": {} } ] }
      ]
    }"#;

    #[test]
    fn parses_rpki_client_json() {
        let s = VrpSet::from_json(RPKI_CLIENT_JSON, "json").unwrap();
        assert_eq!(s.len(), 3);
        let first = s.iter().find(|v| v.asn == 64500).unwrap();
        assert_eq!(
            first,
            &Vrp {
                prefix: p("192.0.2.0/24"),
                max_length: 24,
                asn: 64500,
                ta: Some("ripe".to_string()),
            }
        );
        assert_eq!(s.validate(&route("192.0.2.0/24", 64500)), RovState::Valid);
        assert_eq!(
            s.validate(&route("2001:db8:5::/48", 64501)),
            RovState::Valid
        );
        assert_eq!(s.validate(&route("198.51.100.0/24", 0)), RovState::Invalid);
    }

    #[test]
    fn parses_routinator_json_and_jsonext() {
        let s = VrpSet::from_json(ROUTINATOR_JSON, "vrps.json").unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(
            s.validate(&route("203.0.113.64/26", 64502)),
            RovState::Valid
        );
        assert_eq!(s.validate(&route("2001:db8::/32", 64503)), RovState::Valid);
        let s = VrpSet::from_json(ROUTINATOR_JSONEXT, "vrps.json").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s.iter().next().unwrap().ta, None);
    }

    #[test]
    fn parses_empty_and_bom() {
        assert!(
            VrpSet::from_json(r#"{"roas": []}"#, "x")
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            VrpSet::from_json(
                "\u{feff}{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0/8\", \"maxLength\": 8}]}",
                "x"
            )
            .unwrap()
            .len(),
            1
        );
    }

    fn vrp_err(json: &str) -> String {
        VrpSet::from_json(json, "vrps.json")
            .unwrap_err()
            .to_string()
    }

    fn one_roa(fields: &str) -> String {
        format!(
            r#"{{"metadata": {{}}, "roas": [{{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 8}}, {{{fields}}}]}}"#
        )
    }

    #[test]
    fn vrp_errors_name_file_path_and_field() {
        let e = vrp_err(&one_roa(
            r#""asn": "AS64500", "prefix": "192.0.2.0/24", "maxLength": 33"#,
        ));
        assert_eq!(
            e,
            "vrps.json: roas[1].maxLength: 33 is longer than the 192.0.2.0/24 prefix allows \
             (an IPv4 prefix is at most 32 long)"
        );
        let e = vrp_err(&one_roa(
            r#""asn": 1, "prefix": "2001:db8::/32", "maxLength": 129"#,
        ));
        assert!(
            e.starts_with("vrps.json: roas[1].maxLength: 129 is longer"),
            "{e}"
        );
        let e = vrp_err(&one_roa(
            r#""asn": 1, "prefix": "192.0.2.0/24", "maxLength": 16"#,
        ));
        assert_eq!(
            e,
            "vrps.json: roas[1].maxLength: 16 is shorter than the 192.0.2.0/24 prefix itself"
        );
        let e = vrp_err(&one_roa(
            r#""asn": 1, "prefix": "192.0.2.1/24", "maxLength": 24"#,
        ));
        assert_eq!(
            e,
            "vrps.json: roas[1].prefix: 192.0.2.1/24 has host bits set; the network is 192.0.2.0/24"
        );
        let e = vrp_err(&one_roa(
            r#""asn": 1, "prefix": "192.0.2.0", "maxLength": 24"#,
        ));
        assert!(
            e.starts_with("vrps.json: roas[1].prefix: \"192.0.2.0\" is not a prefix"),
            "{e}"
        );
        let e = vrp_err(&one_roa(
            r#""asn": "ASx", "prefix": "192.0.2.0/24", "maxLength": 24"#,
        ));
        assert!(
            e.starts_with("vrps.json: roas[1].asn: \"ASx\" is not an AS number"),
            "{e}"
        );
        let e = vrp_err(&one_roa(
            r#""asn": 4294967296, "prefix": "192.0.2.0/24", "maxLength": 24"#,
        ));
        assert!(
            e.starts_with("vrps.json: roas[1].asn: 4294967296 is not an AS number"),
            "{e}"
        );
        let e = vrp_err(&one_roa(
            r#""asn": -1, "prefix": "192.0.2.0/24", "maxLength": 24"#,
        ));
        assert!(
            e.starts_with("vrps.json: roas[1].asn: -1 is not an AS number"),
            "{e}"
        );
        let e = vrp_err(&one_roa(
            r#""asn": "AS4294967296", "prefix": "192.0.2.0/24", "maxLength": 24"#,
        ));
        assert!(e.contains("0 to 4294967295"), "{e}");
        let e = vrp_err(&one_roa(
            r#""asn": true, "prefix": "192.0.2.0/24", "maxLength": 24"#,
        ));
        assert!(
            e.starts_with("vrps.json: roas[1].asn: expected a number"),
            "{e}"
        );
        let e = vrp_err(&one_roa(r#""prefix": "192.0.2.0/24", "maxLength": 24"#));
        assert_eq!(e, "vrps.json: roas[1].asn: missing");
        let e = vrp_err(&one_roa(r#""asn": 1, "maxLength": 24"#));
        assert_eq!(e, "vrps.json: roas[1].prefix: missing");
        let e = vrp_err(&one_roa(r#""asn": 1, "prefix": 24, "maxLength": 24"#));
        assert!(
            e.starts_with("vrps.json: roas[1].prefix: expected a string"),
            "{e}"
        );
        let e = vrp_err(&one_roa(r#""asn": 1, "prefix": "192.0.2.0/24""#));
        assert_eq!(e, "vrps.json: roas[1].maxLength: missing");
        let e = vrp_err(&one_roa(
            r#""asn": 1, "prefix": "192.0.2.0/24", "max_length": 24"#,
        ));
        assert!(
            e.starts_with("vrps.json: roas[1].maxLength: missing (found \"max_length\""),
            "{e}"
        );
        let e = vrp_err(&one_roa(
            r#""asn": 1, "prefix": "192.0.2.0/24", "maxLength": "24""#,
        ));
        assert_eq!(
            e,
            "vrps.json: roas[1].maxLength: expected a number, found a string"
        );
        let e = vrp_err(&one_roa(
            r#""asn": 1, "prefix": "192.0.2.0/24", "maxLength": 24.5"#,
        ));
        assert!(
            e.starts_with("vrps.json: roas[1].maxLength: 24.5 is not a prefix length"),
            "{e}"
        );
        let e = vrp_err(&one_roa(
            r#""asn": 1, "prefix": "192.0.2.0/24", "maxLength": 24, "ta": 5"#,
        ));
        assert_eq!(
            e,
            "vrps.json: roas[1].ta: expected a string, found a number"
        );
        // ta null is the same as no ta.
        let ok = VrpSet::from_json(
            &one_roa(r#""asn": 1, "prefix": "192.0.2.0/24", "maxLength": 24, "ta": null"#),
            "x",
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
    }

    #[test]
    fn vrp_shape_errors() {
        assert_eq!(
            vrp_err(r#"[1, 2]"#),
            "vrps.json: top level: expected a JSON object, found an array"
        );
        assert!(vrp_err(r#"{"metadata": {}}"#).starts_with("vrps.json: roas: missing"));
        assert!(vrp_err(r#"{"roas": null}"#).starts_with("vrps.json: roas: missing"));
        assert_eq!(
            vrp_err(r#"{"roas": {"asn": 1}}"#),
            "vrps.json: roas: expected an array, found an object"
        );
        assert_eq!(
            vrp_err(&format!(
                r#"{{"roas": [{}, "x"]}}"#,
                r#"{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 8}"#
            )),
            "vrps.json: roas[1]: expected an object, found a string"
        );
        let e = vrp_err(r#"{"roas": [}"#);
        assert!(e.starts_with("vrps.json: not valid JSON: "), "{e}");
        assert!(e.contains("line 1 column"), "{e}");
        let e = vrp_err("");
        assert!(e.starts_with("vrps.json: not valid JSON: "), "{e}");
        // Deep nesting hits serde_json's recursion limit, not the stack.
        let deep = format!(
            "{{\"roas\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(vrp_err(&deep).starts_with("vrps.json: not valid JSON: "));
        // Duplicate keys: the slow path takes the last one, like serde_json.
        let dup = r#"{"roas": [{"asn": 1, "asn": 2, "prefix": "10.0.0.0/8", "maxLength": 8}]}"#;
        let s = VrpSet::from_json(dup, "x").unwrap();
        assert_eq!(s.iter().next().unwrap().asn, 2);
    }

    #[test]
    fn parse_asn_forms() {
        assert_eq!(parse_asn("64500"), Ok(64500));
        assert_eq!(parse_asn("AS64500"), Ok(64500));
        assert_eq!(parse_asn("as64500"), Ok(64500));
        assert_eq!(parse_asn("As4294967295"), Ok(u32::MAX));
        assert_eq!(parse_asn("0"), Ok(0));
        for bad in [
            "",
            "AS",
            "AS-1",
            "+1",
            "1.5",
            "AS 1",
            "ASN1",
            "4294967296",
            "99999999999",
            "é",
            "Aé",
        ] {
            assert!(parse_asn(bad).is_err(), "{bad}");
        }
    }

    // -- Routes ----------------------------------------------------------------

    #[test]
    fn parses_simple_routes() {
        let text = "# announcements\n\
                    192.0.2.0/24 AS64500\n\
                    \n\
                    198.51.100.0/24\t64501   # trailing comment\n\
                    2001:db8::/32 as64502\r\n\
                    \x20\x20  # indented comment\n\
                    0.0.0.0/0 64503\n";
        let t = RouteTable::from_text(text, "routes.txt").unwrap();
        assert_eq!(t.len(), 4);
        let got: Vec<String> = t
            .covering(ip("192.0.2.1"))
            .iter()
            .map(|r| r.to_string())
            .collect();
        assert_eq!(got, ["192.0.2.0/24 AS64500", "0.0.0.0/0 AS64503"]);
        assert_eq!(t.covering(ip("2001:db8::1"))[0].origin, 64502);
        assert_eq!(t.covering(ip("203.0.113.1")).len(), 1);
    }

    #[test]
    fn parses_riswhois_dump() {
        let text = "% This is RIPE NCC's Routing Information Service\n\
                    % whois data\n\
                    %\n\
                    64500\t192.0.2.0/24\t350\n\
                    64501\t192.0.0.0/16\t12\n\
                    {64502,64503}\t198.51.100.0/24\t3\n\
                    64504\t2001:db8::/32\t300\n";
        let t = RouteTable::from_text(text, "riswhoisdump.IPv4").unwrap();
        assert_eq!(t.len(), 5);
        let got: Vec<String> = t
            .covering(ip("192.0.2.1"))
            .iter()
            .map(|r| r.to_string())
            .collect();
        assert_eq!(got, ["192.0.2.0/24 AS64500", "192.0.0.0/16 AS64501"]);
        let set: Vec<u32> = t
            .covering(ip("198.51.100.7"))
            .iter()
            .map(|r| r.origin)
            .collect();
        assert_eq!(set, [64502, 64503]);
    }

    #[test]
    fn parses_pfx2as() {
        let text = "192.0.2.0\t24\t64500\n\
                    198.51.100.0\t24\t64501_64502\n\
                    203.0.113.0\t24\t64503,64504\n\
                    203.0.112.0\t23\t64505_64506,64507\n\
                    2001:db8::\t32\t64508\n";
        let t = RouteTable::from_text(text, "routeviews-rv2.pfx2as").unwrap();
        assert_eq!(t.len(), 9);
        let origins: Vec<u32> = t
            .covering(ip("198.51.100.1"))
            .iter()
            .map(|r| r.origin)
            .collect();
        assert_eq!(origins, [64501, 64502]);
        let origins: Vec<u32> = t
            .covering(ip("203.0.113.1"))
            .iter()
            .map(|r| r.origin)
            .collect();
        assert_eq!(origins, [64503, 64504, 64505, 64506, 64507]);
        assert_eq!(t.covering(ip("2001:db8::1"))[0].prefix, p("2001:db8::/32"));
    }

    fn route_err(text: &str) -> String {
        RouteTable::from_text(text, "routes.txt")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn route_errors_name_file_line_and_field() {
        assert_eq!(
            route_err("# c\n192.0.2.0/24 AS64500\n192.0.2.1/24 AS64500\n"),
            "routes.txt: line 3: prefix: 192.0.2.1/24 has host bits set; the network is 192.0.2.0/24"
        );
        assert_eq!(
            route_err("192.0.2.0/24 AS64x\n"),
            "routes.txt: line 1: origin: \"AS64x\" is not an AS number (expected e.g. 64500 or AS64500)"
        );
        assert_eq!(
            route_err("192.0.2.0/24 64500_\n"),
            "routes.txt: line 1: origin: \"\" is not an AS number (expected e.g. 64500 or AS64500)"
        );
        assert_eq!(
            route_err("\n\n192.0.2.0/33 1\n"),
            "routes.txt: line 3: prefix: /33 is longer than an IPv4 prefix can be (at most 32)"
        );
        assert!(
            route_err("192.0.2.0/24\n")
                .starts_with("routes.txt: line 1: line: expected \"PREFIX ORIGIN\"")
        );
        assert!(route_err("192.0.2.0/24 1 2 3\n").ends_with("found 4 fields"));
        assert!(
            route_err("1\t192.0.2.0/24\tmany\n").starts_with("routes.txt: line 1: peers: \"many\"")
        );
        assert!(route_err("x\t192.0.2.0/24\t5\n").starts_with("routes.txt: line 1: origin: \"x\""));
        assert!(
            route_err("192.0.2\t24\t1\n").starts_with("routes.txt: line 1: address: \"192.0.2\"")
        );
        assert!(
            route_err("192.0.2.0\t+24\t1\n").starts_with("routes.txt: line 1: length: \"+24\"")
        );
        assert!(
            route_err("192.0.2.0\t33\t1\n")
                .starts_with("routes.txt: line 1: length: /33 is longer")
        );
        assert!(
            route_err("192.0.2.1\t24\t1\n")
                .starts_with("routes.txt: line 1: prefix: 192.0.2.1/24 has host bits")
        );
        assert!(route_err("192.0.2.0/24/8 1\n").starts_with("routes.txt: line 1: prefix:"));
    }

    #[test]
    fn load_reports_missing_gzip_and_binary_files() {
        let dir = std::env::temp_dir().join(format!("pastoe-rpki-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing.json");
        let e = VrpSet::load(&missing).unwrap_err();
        assert!(
            matches!(e, RpkiError::File(super::super::TextFileError::Read { .. })),
            "{e}"
        );
        assert!(e.to_string().starts_with("cannot read "), "{e}");

        let gz = dir.join("riswhoisdump.IPv4.gz");
        std::fs::write(&gz, [0x1f, 0x8b, 0x08, 0x00, 0xff]).unwrap();
        let e = RouteTable::load(&gz).unwrap_err();
        assert!(
            matches!(
                e,
                RpkiError::File(super::super::TextFileError::Compressed { .. })
            ),
            "{e}"
        );

        let bin = dir.join("routes.bin");
        std::fs::write(&bin, b"192.0.2.0/24 1\n\xff\xfe\n").unwrap();
        let e = RouteTable::load(&bin).unwrap_err();
        assert!(
            matches!(
                e,
                RpkiError::File(super::super::TextFileError::NotText { line: 2, .. })
            ),
            "{e}"
        );

        let good = dir.join("routes.txt");
        std::fs::write(&good, "192.0.2.0/24 1\n").unwrap();
        assert_eq!(RouteTable::load(&good).unwrap().len(), 1);
        let e = RouteTable::load(&dir.join("nope.txt"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("nope.txt"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    // -- The test internet's fixtures --------------------------------------------

    /// The fixtures live in `fixtures/rpki/` in pastoe and in `fixtures/` in
    /// the scratch crate this module was written in.
    fn fixture(name: &str) -> std::path::PathBuf {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        [
            root.join("fixtures/rpki").join(name),
            root.join("fixtures").join(name),
        ]
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("fixture {name} not found"))
    }

    #[test]
    fn fixtures_give_the_intended_states() {
        let vrps = VrpSet::load(&fixture("vrps.json")).unwrap();
        let routes = RouteTable::load(&fixture("routes.txt")).unwrap();
        let states = |addr: &str| -> Vec<(String, RovState)> {
            validate_address(ip(addr), &routes, &vrps)
                .routes
                .iter()
                .map(|rv| (rv.route.to_string(), rv.state))
                .collect()
        };
        assert_eq!(
            states("127.0.2.1"),
            [("127.0.2.0/24 AS64500".to_string(), RovState::Valid)]
        );
        assert_eq!(
            states("127.0.5.1"),
            [("127.0.5.0/24 AS64501".to_string(), RovState::Invalid)]
        );
        assert_eq!(
            states("127.53.1.1"),
            [("127.53.1.0/24 AS64502".to_string(), RovState::Valid)]
        );
        assert_eq!(
            states("127.0.9.1"),
            [("127.0.9.0/24 AS64503".to_string(), RovState::NotFound)]
        );
        assert_eq!(states("127.53.0.3"), []);
        assert_eq!(
            states("fd42:beef::1"),
            [("fd42:beef::/48 AS64500".to_string(), RovState::Valid)]
        );
        assert_eq!(states("::1"), []);
        let v = validate_address(ip("127.0.5.1"), &routes, &vrps);
        assert_eq!(v.routes[0].vrps[0].asn, 64500);
    }

    // -- Property tests ----------------------------------------------------------

    /// A prefix for the property tests: (is IPv6, network bits in the low
    /// bits of a u128, length). Addresses come from a small space so that
    /// VRPs and routes often overlap.
    #[derive(Clone, Copy, Debug)]
    struct Raw {
        v6: bool,
        bits: u128,
        len: u8,
    }

    impl Raw {
        fn width(self) -> u8 {
            if self.v6 { 128 } else { 32 }
        }

        /// Host bits cleared, by plain shifts on the native width (an
        /// implementation independent of the module's `mask`).
        fn normal(self) -> Raw {
            let w = u32::from(self.width());
            let keep = u32::from(self.len);
            let bits = if keep == 0 {
                0
            } else {
                (self.bits >> (w - keep)) << (w - keep)
            };
            Raw { bits, ..self }
        }

        fn prefix(self) -> IpPrefix {
            let n = self.normal();
            let addr = if n.v6 {
                IpAddr::V6(Ipv6Addr::from(n.bits))
            } else {
                IpAddr::V4(Ipv4Addr::from(n.bits as u32))
            };
            IpPrefix { addr, len: n.len }
        }

        /// Reference "covers" for normalised prefixes.
        fn naive_covers(self, other: Raw) -> bool {
            if self.v6 != other.v6 || self.len > other.len {
                return false;
            }
            let w = u32::from(self.width());
            let keep = u32::from(self.len);
            keep == 0 || (self.bits >> (w - keep)) == (other.bits >> (w - keep))
        }
    }

    fn raw_prefix() -> impl Strategy<Value = Raw> {
        (any::<bool>(), 0u8..8, any::<u32>(), 0u8..=128).prop_map(|(v6, top, low, len)| {
            let width = if v6 { 128u32 } else { 32 };
            // Three top bits from a small set, the rest random: plenty of
            // nesting among prefixes of short length.
            let bits = (u128::from(top) << (width - 3)) | (u128::from(low) << (width - 32) >> 3);
            let len = if v6 { len } else { len % 33 };
            Raw { v6, bits, len }.normal()
        })
    }

    /// Extends `base` by up to `extra` more bits taken from `noise`.
    fn extend(base: Raw, extra: u8, noise: u128) -> Raw {
        let w = base.width();
        let width_mask = if w == 128 {
            u128::MAX
        } else {
            (1u128 << w) - 1
        };
        let below = width_mask.checked_shr(u32::from(base.len)).unwrap_or(0);
        Raw {
            bits: base.bits | (noise & below),
            len: base.len.saturating_add(extra).min(w),
            ..base
        }
        .normal()
    }

    #[derive(Clone, Debug)]
    struct Case {
        vrps: Vec<(Raw, u8, u32)>,
        routes: Vec<(Raw, u32)>,
    }

    fn case() -> impl Strategy<Value = Case> {
        let vrps = prop::collection::vec((raw_prefix(), 0u8..6, 0u32..4), 0..40);
        let free_routes = prop::collection::vec((raw_prefix(), 0u32..4), 0..20);
        let derived = prop::collection::vec(
            (
                any::<usize>(),
                0u8..8,
                any::<u128>(),
                prop::option::of(0u32..4),
            ),
            0..20,
        );
        (vrps, free_routes, derived).prop_map(|(vrps, mut routes, derived)| {
            let vrps: Vec<(Raw, u8, u32)> = vrps
                .into_iter()
                .map(|(r, extra, asn)| (r, r.len.saturating_add(extra).min(r.width()), asn))
                .collect();
            if !vrps.is_empty() {
                for (i, extra, noise, asn) in derived {
                    // Without an explicit origin, the route takes the VRP's.
                    let (base, _, vrp_asn) = vrps[i % vrps.len()];
                    routes.push((extend(base, extra, noise), asn.unwrap_or(vrp_asn)));
                }
            }
            Case { vrps, routes }
        })
    }

    fn naive_state(vrps: &[(Raw, u8, u32)], route: Raw, origin: u32) -> RovState {
        let mut covered = false;
        for &(v, max, asn) in vrps {
            if v.naive_covers(route) {
                covered = true;
                if asn != 0 && asn == origin && route.len <= max {
                    return RovState::Valid;
                }
            }
        }
        if covered {
            RovState::Invalid
        } else {
            RovState::NotFound
        }
    }

    fn build(case: &Case) -> (VrpSet, RouteTable) {
        let vrps = VrpSet::from_vrps(case.vrps.iter().map(|&(r, max, asn)| Vrp {
            prefix: r.prefix(),
            max_length: max,
            asn,
            ta: None,
        }));
        let routes = RouteTable::from_routes(case.routes.iter().map(|&(r, origin)| Route {
            prefix: r.prefix(),
            origin,
        }));
        (vrps, routes)
    }

    proptest! {
        #[test]
        fn validate_agrees_with_linear_scan(case in case()) {
            let (set, _) = build(&case);
            for &(r, origin) in &case.routes {
                let route = Route { prefix: r.prefix(), origin };
                prop_assert_eq!(set.validate(&route), naive_state(&case.vrps, r, origin), "{}", route);
                let mut got: Vec<Vrp> = set.matching(&route).into_iter().cloned().collect();
                let mut want: Vec<Vrp> = case
                    .vrps
                    .iter()
                    .filter(|(v, _, _)| v.naive_covers(r))
                    .map(|&(v, max, asn)| Vrp { prefix: v.prefix(), max_length: max, asn, ta: None })
                    .collect();
                // Most specific first.
                prop_assert!(got.windows(2).all(|w| w[0].prefix.len >= w[1].prefix.len));
                got.sort();
                want.sort();
                want.dedup();
                prop_assert_eq!(got, want);
            }
        }

        #[test]
        fn covering_agrees_with_linear_scan(case in case(), probe in raw_prefix(), host in any::<u128>()) {
            let (_, table) = build(&case);
            let mut probes: Vec<IpAddr> = case.routes.iter().map(|(r, _)| r.prefix().addr).collect();
            probes.push(extend(probe, 128, host).prefix().addr);
            for addr in probes {
                let got: Vec<Route> = table.covering(addr).into_iter().copied().collect();
                prop_assert!(got.windows(2).all(|w| w[0].prefix.len >= w[1].prefix.len));
                let mut got_sorted = got.clone();
                got_sorted.sort();
                let mut want: Vec<Route> = case
                    .routes
                    .iter()
                    .map(|&(r, origin)| Route { prefix: r.prefix(), origin })
                    .filter(|rt| rt.prefix.contains(addr))
                    .collect();
                want.sort();
                want.dedup();
                prop_assert_eq!(got_sorted, want);
            }
        }

        #[test]
        fn prefix_display_from_str_round_trip(r in raw_prefix(), noise in any::<u128>(), full in any::<bool>()) {
            let r = if full { extend(r, 128, noise) } else { r };
            let prefix = r.prefix();
            let text = prefix.to_string();
            prop_assert_eq!(text.parse::<IpPrefix>(), Ok(prefix));
            let json = serde_json::to_string(&prefix).unwrap();
            prop_assert_eq!(serde_json::from_str::<IpPrefix>(&json).unwrap(), prefix);
        }

        #[test]
        fn prefix_from_str_never_panics(s in "\\PC{0,50}") {
            let _ = s.parse::<IpPrefix>();
        }

        #[test]
        fn prefix_from_str_never_panics_near_misses(s in "[0-9a-fA-F:./ ]{0,45}") {
            if let Ok(prefix) = s.parse::<IpPrefix>() {
                // Anything accepted prints back to something that parses to it.
                prop_assert_eq!(prefix.to_string().parse::<IpPrefix>(), Ok(prefix));
            }
        }

        #[test]
        fn route_parser_never_panics(s in "\\PC{0,200}") {
            let _ = RouteTable::from_text(&s, "fuzz");
        }

        #[test]
        fn route_parser_never_panics_near_misses(
            s in "([0-9a-fA-F:./_,{}ASas#%\t -]{0,40}\r?\n){0,8}"
        ) {
            if let Err(e) = RouteTable::from_text(&s, "fuzz") {
                prop_assert!(e.to_string().starts_with("fuzz: line "), "{}", e);
            }
        }

        #[test]
        fn vrp_parser_never_panics(s in "\\PC{0,200}") {
            let _ = VrpSet::from_json(&s, "fuzz");
        }

        #[test]
        fn vrp_parser_never_panics_on_odd_values(
            entries in prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "", "\"asn\": 1,", "\"asn\": \"AS1\",", "\"asn\": \"as\",", "\"asn\": -1,",
                        "\"asn\": 4294967296,", "\"asn\": 1.5,", "\"asn\": null,", "\"asn\": [],",
                        "\"asn\": \"é\",", "\"asn\": 1e3,",
                    ]),
                    prop::sample::select(vec![
                        "", "\"prefix\": \"10.0.0.0/8\",", "\"prefix\": \"::/0\",",
                        "\"prefix\": \"10.0.0.1/8\",", "\"prefix\": \"10.0.0.0/33\",",
                        "\"prefix\": \"x/\",", "\"prefix\": 8,", "\"prefix\": {},",
                        "\"prefix\": \"2001:db8::/129\",", "\"prefix\": \"0.0.0.0/0\",",
                    ]),
                    prop::sample::select(vec![
                        "", "\"maxLength\": 8,", "\"maxLength\": 0,", "\"maxLength\": 32,",
                        "\"maxLength\": 128,", "\"maxLength\": 129,", "\"maxLength\": 256,",
                        "\"maxLength\": -8,", "\"maxLength\": 8.0,", "\"maxLength\": \"8\",",
                        "\"max_length\": 8,", "\"maxLength\": 18446744073709551616,",
                    ]),
                    prop::sample::select(vec![
                        "", "\"ta\": \"ripe\",", "\"ta\": null,", "\"ta\": 1,",
                        "\"expires\": 1,", "\"source\": [{\"type\": \"roa\"}],",
                    ]),
                    any::<bool>(),
                ),
                0..6,
            ),
            wrapper in 0u8..4,
        ) {
            let items: Vec<String> = entries
                .iter()
                .map(|(a, p, m, t, obj)| {
                    let body = format!("{a}{p}{m}{t}\"z\": 0");
                    if *obj { format!("{{{body}}}") } else { format!("[{body}]") }
                })
                .collect();
            let list = format!("[{}]", items.join(","));
            let text = match wrapper {
                0 => format!("{{\"metadata\": {{}}, \"roas\": {list}}}"),
                1 => format!("{{\"roas\": {list}, \"aspas\": []}}"),
                2 => list,
                _ => format!("{{\"roas\": {list}"),
            };
            match VrpSet::from_json(&text, "fuzz") {
                Ok(set) => {
                    for vrp in set.iter() {
                        prop_assert!(vrp.max_length >= vrp.prefix.len);
                        prop_assert!(vrp.max_length <= vrp.prefix.max_len());
                    }
                }
                Err(e) => prop_assert!(e.to_string().starts_with("fuzz: "), "{}", e),
            }
        }
    }
}
