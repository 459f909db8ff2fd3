//! Facts: what the probes observed, never a verdict.
//!
//! Facts serialise to JSON so a scan can be judged again under another rule set without
//! touching the network. Values that a check judges are kept as sent (raw header values,
//! file text), so the parsers can change without a rescan.

mod api;
mod autonomy;
mod dns;
mod documents;
mod mail;
mod mail_auth;
mod rpki;
mod ssh;
mod tls;
mod web;

pub use api::*;
pub use autonomy::*;
pub use dns::*;
pub use documents::*;
pub use mail::*;
pub use mail_auth::*;
pub use rpki::*;
pub use ssh::*;
pub use tls::*;
pub use web::*;

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The current time, to the second, as RFC 3339: how facts
/// documents, reports and the store write instants.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Version of the facts JSON layout; bump it when a field changes meaning.
pub const FACTS_SCHEMA_VERSION: u32 = 1;

/// The facts of one scan as written by `--facts-out` and read by `pastoe judge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactsDocument {
    pub schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_name: Option<String>,
    pub started_at: String,
    pub finished_at: String,
    pub domains: Vec<DomainFacts>,
}

/// Everything observed about one scanned domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainFacts {
    pub domain: String,
    /// When the observation started; time-dependent rules (an `Expires` date) judge against
    /// this instant, so judging stays a pure function of the facts.
    #[serde(with = "time::serde::rfc3339")]
    pub observed_at: OffsetDateTime,
    pub web: WebFacts,
    #[serde(default)]
    pub dns: DnsFacts,
    /// SPF, DMARC and DKIM (with the DNS probes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_auth: Option<MailAuthFacts>,
    /// The mail servers (MX, at most ten) behind STARTTLS.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mail_servers: Vec<MailServerFacts>,
    /// SSH servers (`--ssh`, `--ssh-host`): what each offers before login.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ssh: Vec<SshEndpointFacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpki: Option<RpkiFacts>,
    /// Names and networks the services depend on (with the DNS probes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<DependencyFacts>,
    /// The REST APIs of the host: by its name (`api.`), its `/openapi.json`, or listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apis: Vec<ApiFacts>,
    /// The documents the site links from its home page and sitemap (PDF/A, ODF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<DocumentsFacts>,
    /// The probe areas that ran (a scan's `--only` narrows them); a check needing another
    /// area has no finding from these facts. Absent in facts written before it was kept:
    /// then every area counts as probed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probed: Option<ProbePlan>,
}

impl DomainFacts {
    /// Why the domain does not exist, when the DNS said so (NXDOMAIN for the name itself):
    /// a name with no records at all, about which no check can say anything.
    pub fn nonexistent(&self) -> Option<&ProbeError> {
        let dnssec = self.dns.dnssec.as_ref().and_then(|d| d.error.as_ref());
        dnssec
            .into_iter()
            .chain(self.web.resolution.error.as_ref())
            .find(|e| e.kind == ErrorKind::NxDomain)
    }
}

/// The addresses a host name resolved to, or why it did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Resolution {
    /// The addresses pastoe may contact (the address policy, `net/address_policy.rs`).
    pub addresses: Vec<IpAddr>,
    /// Addresses the name resolved to that are not public and were not contacted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_public: Vec<IpAddr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

impl Resolution {
    pub fn failed(error: ProbeError) -> Resolution {
        Resolution {
            addresses: Vec::new(),
            not_public: Vec::new(),
            error: Some(error),
        }
    }
}

/// Why a network operation did not give an answer. A failure is a fact like any other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeError {
    pub kind: ErrorKind,
    pub detail: String,
}

impl ProbeError {
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        ProbeError {
            kind,
            detail: detail.into(),
        }
    }
}

/// The classes of failure that rules tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The name does not exist (NXDOMAIN).
    NxDomain,
    /// The name exists but has no A or AAAA records.
    NoAddress,
    /// The resolver failed (SERVFAIL, timeout, DNSSEC bogus).
    DnsFailure,
    /// Nothing accepted the TCP connection.
    ConnectionRefused,
    /// The connection could not be made (unreachable, connect timeout).
    ConnectFailed,
    /// The TLS handshake failed.
    TlsHandshake,
    /// The server did not answer within the deadline.
    Timeout,
    /// The server answered with something its protocol does not allow (not valid HTTP or
    /// SMTP, an SSH server that closed or sent an oversized packet before its KEXINIT).
    Protocol,
    /// The server closed the connection in the middle of a conversation.
    ConnectionClosed,
    /// The server refused for now (an SMTP 4xx such as 421 or greylisting): the same
    /// request may succeed later.
    TemporarilyRefused,
    /// The server refused for good (an SMTP 5xx).
    Rejected,
    /// The mail server does not list STARTTLS in its EHLO reply.
    StarttlsNotOffered,
    /// A redirect chain came back to a URL it had already visited.
    RedirectLoop,
    /// A redirect chain was longer than the limit.
    TooManyRedirects,
    /// A redirect's `Location` could not be followed.
    BadRedirect,
    /// The address is not globally reachable (IANA special-purpose registries) and not
    /// allowed with `--allow-net`: pastoe did not connect.
    NonPublicAddress,
    /// Anything else the transport reported.
    Other,
}

/// Which probe areas a scan runs; `--only` narrows it to what the chosen checks read. Kept
/// in the facts (`probed`), so a later judge knows which checks they can answer; an area a
/// later pastoe adds reads as not probed in older facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProbePlan {
    /// HTTP and HTTPS fetches, security.txt, ports and the IPv4/IPv6 comparison.
    pub web: bool,
    /// The TLS engine on port 443.
    pub tls: bool,
    /// DNSSEC, CAA, name servers and MX.
    pub dns: bool,
    /// The mail servers behind STARTTLS (needs `dns` for the MX set).
    pub mail: bool,
    /// The REST APIs: OpenAPI documents, their headers and error responses.
    pub api: bool,
    /// The documents linked from the home page and sitemap, fetched in part.
    pub documents: bool,
}

impl ProbePlan {
    pub fn all() -> ProbePlan {
        ProbePlan {
            web: true,
            tls: true,
            dns: true,
            mail: true,
            api: true,
            documents: true,
        }
    }

    pub fn none() -> ProbePlan {
        ProbePlan {
            web: false,
            tls: false,
            dns: false,
            mail: false,
            api: false,
            documents: false,
        }
    }

    /// Whether every area `needs` names was probed.
    pub fn covers(self, needs: ProbePlan) -> bool {
        (self.web || !needs.web)
            && (self.tls || !needs.tls)
            && (self.dns || !needs.dns)
            && (self.mail || !needs.mail)
            && (self.api || !needs.api)
            && (self.documents || !needs.documents)
    }

    pub fn union(self, other: ProbePlan) -> ProbePlan {
        ProbePlan {
            web: self.web || other.web,
            tls: self.tls || other.tls,
            dns: self.dns || other.dns,
            mail: self.mail || other.mail,
            api: self.api || other.api,
            documents: self.documents || other.documents,
        }
    }
}
