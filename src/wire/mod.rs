//! Wire formats, socket-free: what servers send, as typed codecs and parsers, and the
//! registries that name it.
//!
//! This layer imports nothing else of pastoe. Everything here reads bytes or text a scanned
//! server chose to send, so every decoder accepts any input without panicking, within hard
//! limits and in time linear in the input.
//!
//! - [`tls`]: TLS records and handshake messages, the ClientHello builder, certificate and
//!   DANE analysis, the IANA registries.
//! - [`text`]: the text formats of DNS TXT records, HTTP headers and well-known files (SPF,
//!   DMARC, DKIM, HSTS, CSP, MTA-STS, TLS-RPT, security.txt, Referrer-Policy).
//! - [`rpki`]: route origin validation of an address against a VRP set (RFC 6811).

pub mod dnssec;
pub mod rpki;
pub mod smtp;
pub mod ssh;
pub mod text;
pub mod tls;
