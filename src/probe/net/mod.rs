//! Network transports. Every operation here has a deadline and a byte limit, and reports a
//! failure as a fact ([`crate::facts::ProbeError`]), not as an error that stops the scan.

pub mod address_policy;
pub mod dns;
pub mod health;
pub mod http;
pub mod polite;
pub mod smtp;
pub mod ssh;
pub mod tcp;
pub mod transport;
pub mod trust;
mod trust_anchor;

/// The User-Agent pastoe sends: who we are and where to complain, so an operator who sees us
/// in a log can reach a person.
pub fn user_agent(contact: &str) -> String {
    format!("pastoe/{} (+{contact})", env!("CARGO_PKG_VERSION"))
}

/// Where operators can read what pastoe is and reach its users, unless `--contact` says.
pub const DEFAULT_CONTACT: &str = "https://github.com/pastoe/pastoe#contact";
