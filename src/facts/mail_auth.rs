//! Mail authentication records: SPF with its lookup tree, DMARC with where it was found,
//! DKIM's `_domainkey` node and the keys of the selectors asked for. Records are kept as
//! published; the checks parse them again, so a parser fix needs no rescan.

use serde::{Deserialize, Serialize};

use super::ProbeError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailAuthFacts {
    pub spf: SpfLookupTree,
    pub dmarc: DmarcFacts,
    pub dkim: DkimFacts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mta_sts: Option<MtaStsFacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_rpt: Option<TlsRptFacts>,
}

/// The fewest lookup terms (RFC 7208 §4.6.4) a tree holds in the records pastoe read when
/// pastoe stopped following it for its own limits (`SpfStop::Depth` or `SpfStop::Budget`):
/// the probe guarantees it, and a rule's `max_lookups` must stay below it, so that a tree
/// cut short is always `too_many_lookups` and what pastoe did not read is never blamed.
pub const SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT: u64 = 12;

/// The SPF record(s) of one name and everything its evaluation would look up: `include`
/// and `redirect` targets as subtrees, `a`/`mx`/`exists` targets as lookups. Built without
/// a sender address, so macros are not expanded and `ptr` is not resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpfLookupTree {
    pub domain: String,
    /// Every `v=spf1` TXT record at the name (more than one is an error, RFC 7208 §4.5).
    pub records: Vec<String>,
    /// The TXT lookup found nothing (NXDOMAIN or no TXT): a void lookup (§4.6.4).
    pub void: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    /// Address and MX lookups of `a`, `mx` and `exists` terms, in record order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lookups: Vec<SpfTermLookup>,
    /// `include` and `redirect` targets, in record order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<SpfChild>,
    /// Why the tree was not followed here (nothing was looked up at this name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<SpfStop>,
}

/// Why pastoe did not follow a term of an SPF tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpfStop {
    /// The name is already on the path above it: evaluating it would never end.
    Loop,
    /// pastoe's own limit on `include`/`redirect` nesting.
    Depth,
    /// pastoe's own limit on the DNS queries of one tree.
    Budget,
    /// The target has a macro letter: it depends on the message being checked.
    Macro,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpfChild {
    /// The term as written (`include:_spf.example.nl`, `redirect=_spf.example.nl`).
    pub term: String,
    pub tree: SpfLookupTree,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpfTermLookup {
    pub term: String,
    pub target: String,
    /// Names (MX hosts) or addresses found.
    pub answers: Vec<String>,
    /// Nothing found: a void lookup.
    pub void: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    /// Why the lookup was not made (then `answers` is empty and `void` false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<SpfStop>,
}

/// DMARC discovery (RFC 7489 §6.6.3): `_dmarc.<domain>`, then the organisational domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DmarcFacts {
    /// The organisational domain by the Public Suffix List.
    pub organisational_domain: String,
    /// Names asked, in order.
    pub queried: Vec<String>,
    /// Where the record(s) were found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_at: Option<String>,
    /// The `v=DMARC1` records there.
    pub records: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    /// External report destinations and whether they agreed to receive reports (§7.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external: Vec<DmarcAuthorisation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DmarcAuthorisation {
    /// The destination's mail domain.
    pub destination: String,
    /// `<domain>._report._dmarc.<destination>`
    pub name: String,
    /// A `v=DMARC1` record is there.
    pub authorised: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DkimFacts {
    /// `_domainkey.<domain>`: exists (NOERROR, also without records) or not (NXDOMAIN).
    pub domainkey: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domainkey_exists: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    /// The selectors asked for (`--dkim-selector`), each with its key records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selectors: Vec<DkimSelector>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DkimSelector {
    pub selector: String,
    pub name: String,
    /// TXT records at the name (a key record, or something else).
    pub records: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

/// MTA-STS (RFC 8461): the `_mta-sts` record and, when there is one, the policy file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MtaStsFacts {
    /// `_mta-sts.<domain>`
    pub name: String,
    /// The `v=STSv1` records there.
    pub records: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    /// `https://mta-sts.<domain>/.well-known/mta-sts.txt`, fetched without following
    /// redirects (§3.3), when a record exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<super::HttpFetch>,
}

/// SMTP TLS Reporting (RFC 8460): the `v=TLSRPTv1` records at `_smtp._tls.<domain>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TlsRptFacts {
    pub name: String,
    pub records: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}
