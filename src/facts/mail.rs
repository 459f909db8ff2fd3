//! What one SMTP conversation with a mail server showed: the banner, the EHLO reply and
//! whether STARTTLS is on offer. The TLS layer behind STARTTLS is a
//! [`super::TlsEndpointFacts`] with transport `smtp_starttls`.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::ProbeError;
pub use crate::wire::smtp::SmtpReply;

/// A polite conversation (banner, EHLO, QUIT) with one mail server address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmtpFacts {
    pub address: IpAddr,
    pub port: u16,
    /// The greeting of the last attempt, whatever its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<SmtpReply>,
    /// The reply to EHLO, whatever its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ehlo: Option<SmtpReply>,
    /// The extension keywords of a 250 EHLO reply, upper-cased (`STARTTLS`, `SIZE`, …).
    pub extensions: Vec<String>,
    pub starttls_offered: bool,
    /// Connections made: 1, plus one per retry after a temporary refusal.
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    pub elapsed_ms: u64,
}

/// One mail server (MX host) as tested: per address (the first IPv4 and the first IPv6)
/// one SMTP conversation and, when STARTTLS is offered, the TLS engine behind it; and the
/// DANE records at `_25._tcp.<host>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailServerFacts {
    pub host: String,
    pub preference: u16,
    pub smtp: Vec<SmtpFacts>,
    /// Transport `smtp_starttls`; empty for an address that offered no STARTTLS.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tls: Vec<super::TlsEndpointFacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlsa: Option<super::TlsaFacts>,
}
