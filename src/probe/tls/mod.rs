//! The TLS probe engine: the handshakes pastoe makes, on top of the socket-free codecs in
//! [`crate::wire::tls`].
//!
//! - [`handshake`]: one full handshake (tokio-rustls) recording the chain, trust, name,
//!   negotiated parameters and OCSP staple, as a browser would get them; the 0-RTT probe.
//! - [`engine`]: the enumeration of what an endpoint accepts (versions, suites, groups,
//!   renegotiation, compression), with pastoe's own ClientHellos.
//! - [`reneg`]: client-initiated renegotiation, counted on a TLS 1.2 connection pastoe
//!   completes itself.

pub mod engine;
pub mod handshake;
pub mod reneg;
