//! TLS on the wire, without sockets: pastoe's own ClientHellos, a parser for the server's
//! plaintext answer, and the analysis of what a server presents.
//!
//! rustls cannot offer TLS 1.0/1.1, CBC or static-RSA suites, finite-field DHE or
//! arbitrary groups, so scanning for what a server *accepts* needs hand-built
//! ClientHellos. Callers write [`client_hello::ClientHelloSpec::encode`] to a socket and
//! feed what comes back into [`server_flight::FlightParser`] until it reports
//! [`server_flight::Progress::Complete`].
//!
//! - [`codec`]: bounded `Reader` / length-patching `Writer` for TLS structures.
//! - [`iana`]: IANA registries as data (cipher suites with their properties, groups,
//!   signature schemes, versions, extensions, alerts, handshake and content types).
//! - [`client_hello`]: typed ClientHello builder, SSL 3.0 to TLS 1.3, with presets.
//! - [`key_share`]: real X25519 / P-256 / P-384 / ML-KEM and hybrid key shares
//!   (aws-lc-rs), generation only.
//! - [`server_flight`]: record layer, handshake reassembly, ServerHello / HRR,
//!   Certificate, ServerKeyExchange (ECDHE, DHE with known-group detection),
//!   CertificateStatus, ServerHelloDone and alerts, with hard limits.
//! - [`cert`]: certificate facts (key, signature, names, validity), post-quantum OIDs
//!   included; RFC 6125 name matching.
//! - [`dane`]: TLSA records matched against a presented chain.
//! - [`tls12`]: the TLS 1.2 key schedule (PRF, master secret, Finished) and AES-GCM
//!   record protection, for the handshakes pastoe completes itself (renegotiation).

pub mod cert;
pub mod client_hello;
pub mod codec;
pub mod dane;
pub mod iana;
pub mod key_share;
pub mod server_flight;
pub mod tls12;
