//! What the TLS engine observed on one endpoint: offered versions, accepted suites in
//! the order the server picked them, groups, key-exchange parameters and options. Only
//! observations: which of them comply is the rule set's business, so the same facts can
//! be judged under NCSC 2.1 and NCSC 2025-05.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::ProbeError;
use crate::wire::tls::cert::CertificateFacts;
use crate::wire::tls::dane::TlsaRecord;
use crate::wire::tls::iana::{
    CipherSuite, CompressionMethod, NamedGroup, ProtocolVersion, SignatureScheme,
};
use crate::wire::tls::server_flight::KnownDhGroup;

/// How the prober reached the TLS layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsTransportKind {
    /// TLS directly on a TCP connection (HTTPS on 443).
    Tcp,
    /// TLS after an SMTP `STARTTLS` (RFC 3207).
    SmtpStarttls,
}

/// One TLS endpoint: a host name (for SNI) at one address and port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TlsEndpointFacts {
    pub host: String,
    pub address: IpAddr,
    pub port: u16,
    pub transport: TlsTransportKind,
    /// Set when no handshake could be started at all (refused, silent, garbage). The
    /// other fields then hold whatever was seen before it went wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    /// Set when the enumeration stopped early (a probe timed out or the server sent
    /// something unparsable halfway): the lists below are then incomplete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<ProbeError>,
    /// Every version probed, supported or not.
    pub versions: Vec<VersionProbe>,
    /// Accepted suites per supported version.
    pub suites: Vec<SuiteEnumeration>,
    /// Groups and key-exchange parameters.
    pub key_exchange: KeyExchangeFacts,
    /// Which hash the server accepts for signing the key exchange (TLS 1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kex_hash: Option<KexHashFacts>,
    /// Options seen in the ServerHello of the highest TLS ≤ 1.2 version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls12_options: Option<Tls12Options>,
    /// Client-initiated renegotiation over TLS 1.2; `None` when the server offers no
    /// TLS 1.2 or the facts predate the measurement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_reneg: Option<ClientRenegFacts>,
    /// A full handshake with certificate validation (what a browser gets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<ChainFacts>,
    /// Why the full handshake failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_error: Option<ProbeError>,
    /// The 0-RTT test (HTTPS over TLS 1.3 only): a GET sent as early data on resumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_rtt: Option<ZeroRttFacts>,
    /// The host whose enumeration of this address, port and transport these facts reuse,
    /// because this host's own handshake matched it (version, suite, group, leaf): only
    /// `host`, `chain` and `chain_error` are this host's own; the 0-RTT test is shared too.
    /// `None` when this host was enumerated itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_with: Option<String>,
    /// Connections the engine opened for this endpoint (one, when shared).
    pub connections: u32,
    pub elapsed_ms: u64,
}

impl TlsEndpointFacts {
    pub fn supported_versions(&self) -> impl Iterator<Item = ProtocolVersion> + '_ {
        self.versions
            .iter()
            .filter(|v| v.supported)
            .map(|v| v.version)
    }

    pub fn supports(&self, version: ProtocolVersion) -> bool {
        self.supported_versions().any(|v| v == version)
    }

    /// Every accepted suite over all versions, each once.
    pub fn accepted_suites(&self) -> Vec<CipherSuite> {
        let mut out: Vec<CipherSuite> = Vec::new();
        for s in self.suites.iter().flat_map(|e| e.accepted.iter()) {
            if !out.contains(s) {
                out.push(*s);
            }
        }
        out
    }

    /// The suite enumeration of the highest version below TLS 1.3, where cipher order is
    /// judged (internet.nl tests the order there only).
    pub fn highest_legacy(&self) -> Option<&SuiteEnumeration> {
        self.suites
            .iter()
            .filter(|s| s.version < ProtocolVersion::TLSV1_3)
            .max_by_key(|s| s.version)
    }
}

/// The answer to a ClientHello offering one protocol version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionProbe {
    pub version: ProtocolVersion,
    pub supported: bool,
    /// What the server did instead, when it did not accept the version: an alert, a
    /// lower version, or closing the connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// The suites one version accepts, found by offering every suite, taking out the one
/// the server picked, and asking again until it refuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuiteEnumeration {
    pub version: ProtocolVersion,
    /// Accepted suites. When `server_order` is true this is the server's preference
    /// order; otherwise the order of discovery.
    pub accepted: Vec<CipherSuite>,
    /// Whether the server enforces its own order: the accepted suites offered in
    /// reverse still get the server's first choice. `None` with fewer than two suites or
    /// when not measured for this version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_order: Option<bool>,
}

/// Groups and the parameters of the key exchange.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeyExchangeFacts {
    /// TLS 1.3 groups, each probed alone with an empty key share (the server asks for a
    /// share of a group it supports with a HelloRetryRequest).
    pub tls13_groups: Vec<GroupProbe>,
    /// ECDHE curves accepted over TLS ≤ 1.2, in the order the server chose them.
    pub tls12_curves: Vec<NamedGroup>,
    /// The finite-field group of the DHE suites (TLS ≤ 1.2), when any DHE suite is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dhe: Option<DheObservation>,
    /// What a browser-like hello with an X25519MLKEM768 and an X25519 share ends in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pq_preference: Option<GroupChoice>,
    /// What a hello that lists X25519MLKEM768 first but only sends an X25519 share ends
    /// in: a HelloRetryRequest for the hybrid means the server insists on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pq_retry: Option<GroupChoice>,
}

impl KeyExchangeFacts {
    pub fn tls13_supported(&self) -> impl Iterator<Item = NamedGroup> + '_ {
        self.tls13_groups
            .iter()
            .filter(|g| g.supported)
            .map(|g| g.group)
    }
}

/// One TLS 1.3 group probe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupProbe {
    pub group: NamedGroup,
    pub supported: bool,
    /// How the server answered: `hello_retry_request`, `server_hello`, an alert, closed.
    pub answer: String,
}

/// Which group the server chose from an offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupChoice {
    /// Groups offered, in order.
    pub offered: Vec<NamedGroup>,
    /// Groups a key share was sent for.
    pub shares: Vec<NamedGroup>,
    /// The group of the server's key share (ServerHello) or the one it asked for (HRR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<NamedGroup>,
    /// True when the server answered with a HelloRetryRequest.
    pub retry: bool,
    /// The answer when no group was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// The DHE parameters a server sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DheObservation {
    pub suite: CipherSuite,
    pub p_bits: usize,
    pub generator_is_2: bool,
    /// The published prime it is, if any (RFC 7919 ffdhe*, RFC 3526, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_group: Option<KnownDhGroup>,
}

/// TLS 1.2 handshakes that offer only one hash for the key-exchange signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KexHashFacts {
    pub sha1: HashProbe,
    pub sha224: HashProbe,
}

/// One restricted-hash handshake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HashProbe {
    /// The server completed its flight.
    pub accepted: bool,
    /// The scheme it signed the key exchange with (it may ignore the offer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_with: Option<SignatureScheme>,
    /// The answer when it refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// ServerHello options of the highest TLS ≤ 1.2 version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tls12Options {
    pub version: ProtocolVersion,
    /// The compression method chosen when DEFLATE was offered before null.
    pub compression: CompressionMethod,
    /// `renegotiation_info` in the ServerHello (RFC 5746).
    pub secure_renegotiation: bool,
    /// `extended_master_secret` in the ServerHello (RFC 7627).
    pub extended_master_secret: bool,
    /// A CertificateStatus (OCSP staple) was sent after `status_request` was offered.
    pub ocsp_stapled: bool,
}

/// Client-initiated renegotiation (NCSC 2025-05 §3.4.2; internet.nl `client_reneg`): one
/// TLS 1.2 handshake completed by pastoe, then renegotiations (RFC 5746) on the same
/// connection until the server refuses one or `attempted` reaches the limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRenegFacts {
    /// Renegotiations the server completed (Finished verified both ways).
    pub completed: u32,
    /// Renegotiations pastoe started; it stops at the first one that does not complete.
    pub attempted: u32,
    /// The most pastoe tries: one more than internet.nl's limit of 10, so "more than 10"
    /// can be seen.
    pub limit: u32,
    /// How the first renegotiation that did not complete ended (an alert, a closed
    /// connection, no answer in time); `None` when every attempt completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// Who ended it: the server (an alert, a closed connection), nobody in time, or
    /// pastoe, which could not go on. `None` with a `refusal` in facts recorded before
    /// the kind was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_kind: Option<RefusalKind>,
    /// Suite and group of the initial handshake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cipher_suite: Option<CipherSuite>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<NamedGroup>,
    /// The server used RFC 5746 secure renegotiation (its ServerHello echoed
    /// `renegotiation_info`); without it pastoe renegotiates the legacy way.
    pub secure: bool,
    /// The initial handshake could not be completed (e.g. the server accepts none of the
    /// AES-GCM suites pastoe can finish): nothing was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

/// How a renegotiation that did not complete ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalKind {
    /// The server sent an alert (fatal, close_notify, or a warning no_renegotiation).
    Alert,
    /// The server closed the connection.
    Closed,
    /// Nothing came before the deadline of the whole measurement: a server that
    /// refuses by ignoring the hello looks the same as one too slow to finish in time.
    Silent,
    /// pastoe could not go on (a record that does not decrypt, a Finished that does not
    /// verify, a message it did not ask for, a suite it cannot complete): no refusal.
    Broken,
}

/// The TLSA records of a TLS service (`_443._tcp.<host>`, `_25._tcp.<mx>`), as DNS
/// gave them, with the DNSSEC state of the answer (RFC 7671: only a secure answer counts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TlsaFacts {
    pub name: String,
    /// `secure`, `insecure`, `bogus` or `indeterminate`; for a name without TLSA the
    /// state of the denial.
    pub status: super::DnssecStatus,
    pub records: Vec<TlsaRecord>,
    /// The lookup failed (not: "there are no records").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

/// What one completed handshake showed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainFacts {
    /// Negotiated protocol version, IANA-style (`TLSv1.3`).
    pub version: String,
    /// Negotiated cipher suite, IANA name.
    pub cipher_suite: String,
    /// Negotiated key-exchange group, IANA name (`X25519MLKEM768`).
    pub group: Option<String>,
    /// The certificates as the server sent them, leaf first.
    pub certificates: Vec<CertificateFacts>,
    /// The chain leads to a trusted root (Mozilla's or the `--ca-file` bundle) and every
    /// certificate on the path is within its validity period. Says nothing about the name.
    pub trusted: bool,
    /// What a browser's verifier (webpki) would refuse the connection with: the chain error
    /// if there is one, else the name error. So `trusted` with a `name_mismatch` error is
    /// a good chain for the wrong name.
    pub trust_error: Option<String>,
    pub trust_error_kind: Option<TrustErrorKind>,
    /// The leaf is valid for the server name by RFC 6125 ([`cert::name_matches`]).
    pub name_matches: bool,
    pub ocsp_stapled: bool,
    pub ocsp: Option<OcspStaple>,
}

/// A stapled OCSP response, read just far enough to tell what it claims. Its signature, its
/// responder and whether it is about the leaf are **not** verified: this is the server's
/// claim, good enough to see whether stapling works and is fresh, not proof of status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcspStaple {
    /// Size of the staple in bytes.
    pub bytes: usize,
    /// OCSPResponseStatus (RFC 6960 §4.2.1): `successful`, `tryLater`, …; `None` when not
    /// even that could be read.
    pub response_status: Option<String>,
    /// certStatus of the first SingleResponse: `good`, `revoked`, `unknown`; `unparsed`
    /// when there is none or it could not be read.
    pub status: String,
    /// RFC 3339, UTC.
    pub produced_at: Option<String>,
    pub this_update: Option<String>,
    pub next_update: Option<String>,
}

/// Why a certificate was not accepted, in the words the rule files use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrustErrorKind {
    Expired,
    NotYetValid,
    UnknownIssuer,
    /// An unknown issuer where the leaf issued itself: a self-signed certificate, not a
    /// missing intermediate.
    SelfSigned,
    BadSignature,
    NameMismatch,
    Other,
}

/// What the 0-RTT probe saw. Early data a server accepts *and* acts on is replayable, which
/// NCSC 2025-05 §3.4.4 rates Insufficient; a 425 (Too Early, RFC 8470) answer is the safe
/// way to accept it at the TLS level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ZeroRttFacts {
    /// max_early_data_size of the last TLS 1.3 ticket from the first connection; `None`
    /// when no TLS 1.3 ticket arrived (TLS 1.2, or no tickets issued).
    pub max_early_data_size: Option<u32>,
    /// The ticket allows early data (max_early_data_size > 0).
    pub early_data_offered: bool,
    /// The resumed connection sent the request as early data.
    pub early_data_sent: bool,
    /// The server accepted the early data at the TLS level.
    pub early_data_accepted: bool,
    /// The second connection resumed the session.
    pub resumed: bool,
    /// Status code of the answer to the request sent as early data.
    pub http_status: Option<u16>,
    pub error: Option<String>,
}
