//! Parsers for untrusted wire values; pure, no I/O.
//!
//! Everything here takes text that a scanned server chose to send, so every
//! function accepts any input without panicking, without recursion and in time
//! linear in the input. Parsers say what a value holds and where it breaks its grammar;
//! whether that complies is the checks' judgement (`judge::checks`), with the thresholds
//! and lists of the rule files.
#![forbid(unsafe_code)]

pub mod caa;
pub mod csp;
pub mod dkim;
pub mod dmarc;
pub mod hsts;
pub mod mta_sts;
pub mod openapi;
pub mod referrer_policy;
pub mod security_txt;
pub mod sitemap;
mod smtp_tls_grammar;
pub mod spf;
pub mod tls_rpt;
pub mod uri;
