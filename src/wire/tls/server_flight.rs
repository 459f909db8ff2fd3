//! Parser for the server's plaintext answer to a ClientHello.
//!
//! Feed it whatever arrives on the socket, in chunks of any size; it reports
//! [`Progress::Complete`] as soon as the flight is over:
//!
//! - TLS ≤ 1.2: after ServerHelloDone (ServerHello, Certificate, CertificateStatus,
//!   ServerKeyExchange, CertificateRequest on the way), or after a ChangeCipherSpec
//!   (an abbreviated handshake: what follows is encrypted);
//! - TLS 1.3: after the ServerHello (an optional middlebox-compatibility
//!   ChangeCipherSpec skipped) once the first encrypted record arrives
//!   (`encrypted_after_hello`); everything after the ServerHello is encrypted;
//! - a HelloRetryRequest (RFC 8446 §4.1.4, recognised by its special random);
//! - a fatal alert or close_notify (warning alerts are collected and skipped).
//!
//! The record layer (RFC 8446 §5.1, RFC 5246 §6.2) is checked: content type,
//! major version 3, length ≤ 2^14 + 2048. Handshake messages are reassembled
//! when fragmented across records and split when several share one record.
//! [`Limits`] caps total bytes, records, messages, message length and
//! certificates; hitting a cap is an error, never unbounded buffering.
//!
//! Memory held is bounded by the bytes fed, which [`Limits::max_total_bytes`] caps.

use aws_lc_rs::digest;
use serde::{Deserialize, Serialize};

use super::client_hello::KeyShareEntry;
use super::codec::{DecodeError, DecodeResult, Reader};
use super::iana::{
    AlertDescription, AlertLevel, Authentication, CipherSuite, CompressionMethod, ContentType,
    ExtensionType, HandshakeType, KeyExchange, NamedGroup, ProtocolVersion, SignatureScheme,
};

/// The `random` of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3).
pub const HRR_RANDOM: [u8; 32] = [
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
];

/// Last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.2
/// (RFC 8446 §4.1.3).
pub const DOWNGRADE_TLS12: [u8; 8] = *b"DOWNGRD\x01";
/// Last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.1 or below.
pub const DOWNGRADE_TLS11: [u8; 8] = *b"DOWNGRD\x00";

/// Largest record length accepted: 2^14 + 2048 (TLSCiphertext, RFC 5246 §6.2.3;
/// TLS 1.3 allows only 2^14 + 256, RFC 8446 §5.2).
pub const MAX_RECORD_LEN: usize = (1 << 14) + 2048;

/// Hard caps on what one flight may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Bytes fed in total.
    pub max_total_bytes: usize,
    /// Records.
    pub max_records: usize,
    /// Handshake messages plus alerts.
    pub max_messages: usize,
    /// Length of one handshake message body.
    pub max_message_len: usize,
    /// Certificates in the Certificate message.
    pub max_certificates: usize,
    /// Length of one certificate.
    pub max_certificate_len: usize,
}

impl Default for Limits {
    /// Generous for real servers (a 10-certificate chain of 4 KiB RSA certificates
    /// is ~50 KiB; SLH-DSA signatures are up to ~50 KiB per certificate) while
    /// bounding memory at 256 KiB per connection.
    fn default() -> Self {
        Self {
            max_total_bytes: 256 * 1024,
            max_records: 512,
            max_messages: 32,
            max_message_len: 192 * 1024,
            max_certificates: 24,
            max_certificate_len: 64 * 1024,
        }
    }
}

/// An alert (RFC 8446 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// Level (1 warning, 2 fatal).
    pub level: AlertLevel,
    /// Description.
    pub description: AlertDescription,
}

/// Which downgrade sentinel a ServerHello random carried (RFC 8446 §4.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DowngradeSentinel {
    /// `DOWNGRD\x01`: a TLS 1.3 server negotiated TLS 1.2.
    Tls12,
    /// `DOWNGRD\x00`: a TLS 1.3 (or 1.2) server negotiated TLS 1.1 or below.
    Tls11OrBelow,
}

/// A ServerHello (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerHello {
    /// `legacy_version` / `server_version`.
    pub legacy_version: ProtocolVersion,
    /// `random`.
    pub random: [u8; 32],
    /// `legacy_session_id_echo` / `session_id`.
    pub session_id: Vec<u8>,
    /// Selected cipher suite.
    pub cipher_suite: CipherSuite,
    /// Selected compression method (TLS ≤ 1.2; must be null in TLS 1.3).
    pub compression_method: CompressionMethod,
    /// Extension types in the order received.
    pub extensions: Vec<ExtensionType>,
    /// `supported_versions` (43): the negotiated version for TLS 1.3.
    pub selected_version: Option<ProtocolVersion>,
    /// `key_share` (51): the server's share.
    pub key_share: Option<KeyShareEntry>,
    /// `renegotiation_info` (0xFF01): `renegotiated_connection` (empty on an
    /// initial handshake). Present = secure renegotiation supported (RFC 5746).
    pub renegotiation_info: Option<Vec<u8>>,
    /// `extended_master_secret` (23) present (RFC 7627).
    pub extended_master_secret: bool,
    /// `encrypt_then_mac` (22) present (RFC 7366).
    pub encrypt_then_mac: bool,
    /// `ec_point_formats` (11).
    pub ec_point_formats: Option<Vec<u8>>,
    /// `application_layer_protocol_negotiation` (16): the selected protocol.
    pub alpn: Option<Vec<u8>>,
    /// `status_request` (5) present: the server will staple OCSP.
    pub status_request: bool,
    /// `session_ticket` (35) present.
    pub session_ticket: bool,
    /// `server_name` (0) present: the server used our SNI.
    pub server_name_ack: bool,
    /// `record_size_limit` (28).
    pub record_size_limit: Option<u16>,
    /// Downgrade sentinel in the random, if any.
    pub downgrade_sentinel: Option<DowngradeSentinel>,
}

impl ServerHello {
    /// The negotiated version: `supported_versions` if present, else `legacy_version`.
    pub fn version(&self) -> ProtocolVersion {
        self.selected_version.unwrap_or(self.legacy_version)
    }
}

/// A HelloRetryRequest (RFC 8446 §4.1.4): a ServerHello with [`HRR_RANDOM`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelloRetryRequest {
    /// `legacy_version` (0x0303).
    pub legacy_version: ProtocolVersion,
    /// `legacy_session_id_echo`.
    pub session_id: Vec<u8>,
    /// Selected cipher suite.
    pub cipher_suite: CipherSuite,
    /// Extension types in the order received.
    pub extensions: Vec<ExtensionType>,
    /// `supported_versions` (43).
    pub selected_version: Option<ProtocolVersion>,
    /// `key_share` (51): the group the server wants a share for.
    pub selected_group: Option<NamedGroup>,
    /// `cookie` (44).
    pub cookie: Option<Vec<u8>>,
}

/// The signature over ServerKeyExchange parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureInfo {
    /// TLS 1.2: the `SignatureAndHashAlgorithm`. `None` before TLS 1.2, where the
    /// algorithm follows from the certificate (RSA: MD5+SHA-1; DSA/ECDSA: SHA-1).
    pub scheme: Option<SignatureScheme>,
    /// Length of the signature in bytes.
    pub length: usize,
}

/// ECDHE parameters (RFC 8422 §5.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EcdheParams {
    /// `ECCurveType`: 3 named_curve; 1 explicit_prime and 2 explicit_char2 are
    /// deprecated and left unparsed (`named_group` `None`, empty point).
    pub curve_type: u8,
    /// The named group (curve_type 3).
    pub named_group: Option<NamedGroup>,
    /// The server's ephemeral public point.
    pub point: Vec<u8>,
    /// ECDHE_PSK: `psk_identity_hint`.
    pub psk_identity_hint: Option<Vec<u8>>,
    /// Signature, for authenticated (non-anon, non-PSK) suites.
    pub signature: Option<SignatureInfo>,
}

/// DHE parameters (RFC 5246 §7.4.3 `ServerDHParams`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DheParams {
    /// The prime modulus p, big-endian, leading zero bytes removed.
    pub p: Vec<u8>,
    /// Bit length of p.
    pub p_bits: usize,
    /// The generator g, big-endian, leading zero bytes removed.
    pub g: Vec<u8>,
    /// Length of the server's public value Ys in bytes.
    pub ys_len: usize,
    /// p is a well-known published prime (RFC 7919, RFC 3526, RFC 2409, RFC 5114).
    pub known_group: Option<KnownDhGroup>,
    /// DHE_PSK: `psk_identity_hint`.
    pub psk_identity_hint: Option<Vec<u8>>,
    /// Signature, for authenticated suites.
    pub signature: Option<SignatureInfo>,
}

impl DheParams {
    /// True when g is 2.
    pub fn generator_is_2(&self) -> bool {
        self.g == [2]
    }

    /// True when p is an RFC 7919 prime and g = 2 (the NCSC test, tls-ncsc.md §3).
    pub fn is_rfc7919(&self) -> bool {
        self.known_group
            .is_some_and(|k| k.info().named_group.is_some())
            && self.generator_is_2()
    }
}

/// A ServerKeyExchange, parsed according to the negotiated suite's key exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerKeyExchange {
    /// ECDHE, ECDH_anon, ECDHE_PSK.
    Ecdhe(EcdheParams),
    /// DHE, DH_anon, DHE_PSK.
    Dhe(DheParams),
    /// Temporary RSA key of an RSA_EXPORT suite (RFC 2246 §7.4.3).
    RsaExport {
        /// Bit length of the modulus.
        modulus_bits: usize,
        /// Public exponent, big-endian.
        exponent: Vec<u8>,
        /// Signature.
        signature: Option<SignatureInfo>,
    },
    /// PSK / RSA_PSK: only a `psk_identity_hint` (RFC 4279 §2).
    Psk {
        /// The hint.
        identity_hint: Vec<u8>,
    },
    /// A key exchange pastoe does not parse (SRP, GOST, unknown suite, a
    /// ServerKeyExchange for a static-key suite).
    Unparsed {
        /// Key exchange of the suite, if the suite is known.
        kx: Option<KeyExchange>,
        /// Message length.
        length: usize,
    },
}

/// Well-known finite-field groups, told apart by the SHA-256 of their prime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum KnownDhGroup {
    /// RFC 7919 ffdhe2048.
    Ffdhe2048,
    /// RFC 7919 ffdhe3072.
    Ffdhe3072,
    /// RFC 7919 ffdhe4096.
    Ffdhe4096,
    /// RFC 7919 ffdhe6144.
    Ffdhe6144,
    /// RFC 7919 ffdhe8192.
    Ffdhe8192,
    /// RFC 3526 group 5 (1536-bit MODP).
    Modp1536,
    /// RFC 3526 group 14 (2048-bit MODP).
    Modp2048,
    /// RFC 3526 group 15.
    Modp3072,
    /// RFC 3526 group 16.
    Modp4096,
    /// RFC 3526 group 17.
    Modp6144,
    /// RFC 3526 group 18.
    Modp8192,
    /// RFC 2409 group 1 (768-bit Oakley).
    Oakley768,
    /// RFC 2409 group 2 (1024-bit Oakley).
    Oakley1024,
    /// RFC 5114 §2.1 (1024-bit p, 160-bit q).
    Rfc5114P1024Q160,
    /// RFC 5114 §2.2 (2048-bit p, 224-bit q).
    Rfc5114P2048Q224,
    /// RFC 5114 §2.3 (2048-bit p, 256-bit q).
    Rfc5114P2048Q256,
}

/// One row of [`KNOWN_DH_GROUPS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DhGroupInfo {
    /// Which group.
    pub group: KnownDhGroup,
    /// Customary name.
    pub name: &'static str,
    /// Bit length of p.
    pub bits: u16,
    /// Where the prime is published.
    pub source: &'static str,
    /// The TLS named group with this prime (RFC 7919 groups only).
    pub named_group: Option<NamedGroup>,
    /// The published generator when it is small (2); `None` for RFC 5114 groups,
    /// whose generators are full-size.
    pub generator: Option<u8>,
    /// SHA-256 of p (big-endian, no leading zeros), lowercase hex.
    pub prime_sha256: &'static str,
}

/// Well-known primes. The hashes were computed from the primes as built into
/// OpenSSL 3.0 (`openssl genpkey -genparam -algorithm DH -pkeyopt group:NAME`) and,
/// for RFC 2409, from the π-based formula of RFC 2409 §6 checked against OpenSSL's
/// RFC 3526 primes (the same formula) and for primality.
#[rustfmt::skip]
pub static KNOWN_DH_GROUPS: &[DhGroupInfo] = {
    use KnownDhGroup as K;
    const fn d(
        group: KnownDhGroup,
        name: &'static str,
        bits: u16,
        source: &'static str,
        named_group: Option<NamedGroup>,
        generator: Option<u8>,
        prime_sha256: &'static str,
    ) -> DhGroupInfo {
        DhGroupInfo {
            group,
            name,
            bits,
            source,
            named_group,
            generator,
            prime_sha256,
        }
    }
    &[
        d(K::Ffdhe2048, "ffdhe2048", 2048, "RFC 7919 A.1", Some(NamedGroup::FFDHE2048), Some(2), "9cd3b7f336872f46c09428d1bbc19877a4d440512cda8d1c1cf0cd6e33698966"),
        d(K::Ffdhe3072, "ffdhe3072", 3072, "RFC 7919 A.2", Some(NamedGroup::FFDHE3072), Some(2), "0eaf67db3a839156d5013494a5318a772b5697d270d721f37f092efc69ea5a17"),
        d(K::Ffdhe4096, "ffdhe4096", 4096, "RFC 7919 A.3", Some(NamedGroup::FFDHE4096), Some(2), "4648414224ac881b3d0dc59b466f96d06a558278776807797ecf1f66ff397b3e"),
        d(K::Ffdhe6144, "ffdhe6144", 6144, "RFC 7919 A.4", Some(NamedGroup::FFDHE6144), Some(2), "227ac9066b3ddd9e193670cda2388fa884f65ba0cf98b742d1fe77a6687c79c7"),
        d(K::Ffdhe8192, "ffdhe8192", 8192, "RFC 7919 A.5", Some(NamedGroup::FFDHE8192), Some(2), "770b14efaf6f049929c523113b3fa99a8d11dab1b18af3609590122075d19833"),
        d(K::Modp1536, "modp1536", 1536, "RFC 3526 §2 (group 5)", None, Some(2), "64fcc83ec403930bf18393dbc883ccaa1fbb08ac876f77f7aa99748ca945019b"),
        d(K::Modp2048, "modp2048", 2048, "RFC 3526 §3 (group 14)", None, Some(2), "d66436f79bbd6b2e38c0ffbd079be904d2641415e2e67140e09448be9a60890e"),
        d(K::Modp3072, "modp3072", 3072, "RFC 3526 §4 (group 15)", None, Some(2), "48cf8b092fbce4359d9871abf74f98e25b6163379eaa15cd9087e800c6d1c55c"),
        d(K::Modp4096, "modp4096", 4096, "RFC 3526 §5 (group 16)", None, Some(2), "4ee95187682bcb230ad26a95205f6920e84708f6251b3894329b09ec23919e33"),
        d(K::Modp6144, "modp6144", 6144, "RFC 3526 §6 (group 17)", None, Some(2), "d1bfe6d0925ce7e4da262b62861514a7755e35831e429f343e7b864848657efd"),
        d(K::Modp8192, "modp8192", 8192, "RFC 3526 §7 (group 18)", None, Some(2), "39ab4feab950a3128fb71accb9fc3965d857012e081998a85996e3ea8b3c3bcf"),
        d(K::Oakley768, "oakley768", 768, "RFC 2409 §6.1 (group 1)", None, Some(2), "b52ba6a3026520a6c49d37e4587601801bee500123b3259b6bf03e7cecc3e63d"),
        d(K::Oakley1024, "oakley1024", 1024, "RFC 2409 §6.2 (group 2)", None, Some(2), "3f35a3f5f6c4376a744acad409bb22f8d897f949d2311d885adaa890981b67a0"),
        d(K::Rfc5114P1024Q160, "rfc5114-1024-160", 1024, "RFC 5114 §2.1", None, None, "44c55cfee5c075927cf682da5b681bdecbd5c3eb0784c14f5dce7610f0ef133d"),
        d(K::Rfc5114P2048Q224, "rfc5114-2048-224", 2048, "RFC 5114 §2.2", None, None, "bfe545862ca102ad1eeddb5fbfa5bf855ac4995c56a8b408ce3fe099dce93a9d"),
        d(K::Rfc5114P2048Q256, "rfc5114-2048-256", 2048, "RFC 5114 §2.3", None, None, "0b7835722cb619827610c2549fdda5587421686c4409a13865e76225522ddcc9"),
    ]
};

impl KnownDhGroup {
    /// The group whose prime is `p` (big-endian; leading zero bytes ignored).
    pub fn identify(p: &[u8]) -> Option<Self> {
        let p = strip_leading_zeros(p);
        let hash = digest::digest(&digest::SHA256, p);
        let hex = to_hex(hash.as_ref());
        KNOWN_DH_GROUPS
            .iter()
            .find(|g| g.prime_sha256 == hex)
            .map(|g| g.group)
    }

    /// Its table row.
    pub fn info(self) -> &'static DhGroupInfo {
        KNOWN_DH_GROUPS
            .iter()
            .find(|g| g.group == self)
            .unwrap_or(&KNOWN_DH_GROUPS[0])
    }
}

fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[start..]
}

fn bit_len(b: &[u8]) -> usize {
    let b = strip_leading_zeros(b);
    match b.first() {
        None => 0,
        Some(&first) => (b.len() - 1) * 8 + (8 - first.leading_zeros() as usize),
    }
}

fn to_hex(b: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for &x in b {
        s.push(HEX[usize::from(x >> 4)] as char);
        s.push(HEX[usize::from(x & 0xF)] as char);
    }
    s
}

/// Everything read from one server flight.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerFlight {
    /// Records read.
    pub records_seen: usize,
    /// Version in the first record header.
    pub first_record_version: Option<ProtocolVersion>,
    /// Handshake message types in the order received.
    pub handshake_messages: Vec<HandshakeType>,
    /// The ServerHello (not set for a HelloRetryRequest).
    pub server_hello: Option<ServerHello>,
    /// The HelloRetryRequest.
    pub hello_retry: Option<HelloRetryRequest>,
    /// DER certificates from the Certificate message (TLS ≤ 1.2), leaf first.
    pub certificates: Vec<Vec<u8>>,
    /// The ServerKeyExchange (TLS ≤ 1.2).
    pub key_exchange: Option<ServerKeyExchange>,
    /// OCSP response from CertificateStatus (RFC 6066 §8; first response of an
    /// RFC 6961 ocsp_multi list).
    pub ocsp_staple: Option<Vec<u8>>,
    /// A CertificateRequest was sent (the server asks for a client certificate).
    pub certificate_request: bool,
    /// ServerHelloDone arrived.
    pub done: bool,
    /// The fatal alert (or close_notify) that ended the flight.
    pub alert: Option<Alert>,
    /// Warning alerts seen before the end (e.g. unrecognized_name).
    pub warning_alerts: Vec<Alert>,
    /// A ChangeCipherSpec arrived.
    pub change_cipher_spec: bool,
    /// Encrypted records followed the ServerHello (TLS 1.3, or an abbreviated
    /// TLS ≤ 1.2 handshake); nothing after the ServerHello was readable.
    pub encrypted_after_hello: bool,
}

/// The record header at the start of `bytes`: content type, version and body length, or
/// `None` while fewer than 5 bytes are there. Every record pastoe reads is checked here
/// (type 20–23, major version 3, length at most [`MAX_RECORD_LEN`]), so a hostile peer
/// cannot make a reader buffer more than one maximal record. `first`: the connection's
/// first record, where a header that is not TLS's means the peer does not speak TLS.
pub fn record_header(
    bytes: &[u8],
    first: bool,
) -> DecodeResult<Option<(ContentType, ProtocolVersion, usize)>> {
    let Some(header) = bytes.get(..5) else {
        return Ok(None);
    };
    let typ = header[0];
    let version = u16::from_be_bytes([header[1], header[2]]);
    let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
    let known_type = (20..=23).contains(&typ);
    if !known_type || version >> 8 != 3 {
        if first {
            return Err(DecodeError::NotTls {
                first_bytes: header.to_vec(),
            });
        }
        if !known_type {
            return Err(DecodeError::UnexpectedRecord {
                content_type: typ,
                context: "unknown content type",
            });
        }
        return Err(DecodeError::IllegalValue {
            what: "record version",
            value: u64::from(version),
        });
    }
    if len > MAX_RECORD_LEN {
        return Err(DecodeError::RecordOverflow { length: len });
    }
    Ok(Some((ContentType(typ), ProtocolVersion(version), len)))
}

/// What [`FlightParser::feed`] found.
// `Complete` is returned once per connection; boxing it would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The flight is not over: read more and feed again.
    NeedMore,
    /// The flight is over; later feeds return the same flight.
    Complete(ServerFlight),
    /// The bytes are not a valid flight or a limit was hit; later feeds return
    /// the same error.
    Failed(DecodeError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    AwaitServerHello,
    Tls12Flight,
    Tls13AfterHello,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Running,
    Complete,
    Failed(DecodeError),
}

/// Incremental parser of a server flight. See the module docs.
#[derive(Debug, Clone)]
pub struct FlightParser {
    limits: Limits,
    state: State,
    phase: Phase,
    flight: ServerFlight,
    /// Bytes fed but not yet consumed as whole records.
    pending: Vec<u8>,
    /// Handshake bytes not yet consumed as whole messages.
    handshake: Vec<u8>,
    /// An alert split across records (at most one byte).
    alert_partial: Option<u8>,
    total_bytes: usize,
    messages: usize,
}

impl Default for FlightParser {
    fn default() -> Self {
        Self::new()
    }
}

impl FlightParser {
    /// A parser with [`Limits::default`].
    pub fn new() -> Self {
        Self::with_limits(Limits::default())
    }

    /// A parser with custom limits.
    pub fn with_limits(limits: Limits) -> Self {
        Self {
            limits,
            state: State::Running,
            phase: Phase::AwaitServerHello,
            flight: ServerFlight::default(),
            pending: Vec::new(),
            handshake: Vec::new(),
            alert_partial: None,
            total_bytes: 0,
            messages: 0,
        }
    }

    /// Parses a complete capture in one go; `Ok(None)` if it ends mid-flight.
    pub fn parse_all(bytes: &[u8]) -> Result<Option<ServerFlight>, DecodeError> {
        match Self::new().feed(bytes) {
            Progress::NeedMore => Ok(None),
            Progress::Complete(f) => Ok(Some(f)),
            Progress::Failed(e) => Err(e),
        }
    }

    /// The flight as parsed so far (for a peer that closed or timed out mid-flight).
    pub fn flight(&self) -> &ServerFlight {
        &self.flight
    }

    /// Consumes the parser and returns the flight as parsed so far.
    pub fn finish(self) -> ServerFlight {
        self.flight
    }

    /// Total bytes accepted so far.
    pub fn bytes_fed(&self) -> usize {
        self.total_bytes
    }

    /// Feeds the next bytes from the peer.
    pub fn feed(&mut self, data: &[u8]) -> Progress {
        match &self.state {
            State::Complete => return Progress::Complete(self.flight.clone()),
            State::Failed(e) => return Progress::Failed(e.clone()),
            State::Running => {}
        }
        let room = self.limits.max_total_bytes - self.total_bytes;
        let take = data.len().min(room);
        self.total_bytes += take;
        self.pending.extend_from_slice(&data[..take]);
        let outcome = match self.process_pending() {
            Ok(true) => Ok(true),
            Ok(false) if take < data.len() => Err(DecodeError::LimitExceeded {
                what: "total bytes",
                limit: self.limits.max_total_bytes,
            }),
            other => other,
        };
        match outcome {
            Ok(false) => Progress::NeedMore,
            Ok(true) => {
                self.state = State::Complete;
                self.pending = Vec::new();
                self.handshake = Vec::new();
                Progress::Complete(self.flight.clone())
            }
            Err(e) => {
                self.state = State::Failed(e.clone());
                self.pending = Vec::new();
                self.handshake = Vec::new();
                Progress::Failed(e)
            }
        }
    }

    /// Consumes whole records from `pending`. `Ok(true)` when the flight is over.
    fn process_pending(&mut self) -> DecodeResult<bool> {
        let pending = std::mem::take(&mut self.pending);
        let mut at = 0;
        let result = loop {
            let rest = &pending[at..];
            let (typ, version, len) = match record_header(rest, self.flight.records_seen == 0) {
                Ok(Some(header)) => header,
                Ok(None) => break Ok(false),
                Err(e) => break Err(e),
            };
            if rest.len() < 5 + len {
                break Ok(false);
            }
            let fragment = &rest[5..5 + len];
            at += 5 + len;
            if self.flight.first_record_version.is_none() {
                self.flight.first_record_version = Some(version);
            }
            match self.process_record(typ, fragment) {
                Ok(false) => {}
                done => break done,
            }
        };
        if matches!(result, Ok(false)) {
            self.pending = pending[at..].to_vec();
        }
        result
    }

    fn process_record(&mut self, typ: ContentType, fragment: &[u8]) -> DecodeResult<bool> {
        self.flight.records_seen += 1;
        if self.flight.records_seen > self.limits.max_records {
            return Err(DecodeError::LimitExceeded {
                what: "records",
                limit: self.limits.max_records,
            });
        }
        match typ {
            ContentType::HANDSHAKE => {
                if self.phase == Phase::Tls13AfterHello {
                    return Err(DecodeError::UnexpectedRecord {
                        content_type: typ.0,
                        context: "plaintext handshake after a TLS 1.3 ServerHello",
                    });
                }
                self.handshake.extend_from_slice(fragment);
                self.process_handshake()
            }
            ContentType::ALERT => self.process_alert(fragment),
            ContentType::CHANGE_CIPHER_SPEC => {
                if fragment != [1] {
                    return Err(DecodeError::IllegalValue {
                        what: "change_cipher_spec",
                        value: fragment.len() as u64,
                    });
                }
                if !self.handshake.is_empty() {
                    return Err(DecodeError::UnexpectedRecord {
                        content_type: typ.0,
                        context: "change_cipher_spec inside a handshake message",
                    });
                }
                self.flight.change_cipher_spec = true;
                match self.phase {
                    Phase::AwaitServerHello => Err(DecodeError::UnexpectedRecord {
                        content_type: typ.0,
                        context: "change_cipher_spec before ServerHello",
                    }),
                    // Middlebox-compatibility CCS (RFC 8446 §D.4): skip.
                    Phase::Tls13AfterHello => Ok(false),
                    // Abbreviated handshake: the server switches to encryption.
                    Phase::Tls12Flight => {
                        self.flight.encrypted_after_hello = true;
                        Ok(true)
                    }
                }
            }
            ContentType::APPLICATION_DATA => match self.phase {
                Phase::Tls13AfterHello => {
                    self.flight.encrypted_after_hello = true;
                    Ok(true)
                }
                _ => Err(DecodeError::UnexpectedRecord {
                    content_type: typ.0,
                    context: "application data before the handshake ended",
                }),
            },
            _ => Err(DecodeError::UnexpectedRecord {
                content_type: typ.0,
                context: "unknown content type",
            }),
        }
    }

    fn count_message(&mut self) -> DecodeResult<()> {
        self.messages += 1;
        if self.messages > self.limits.max_messages {
            return Err(DecodeError::LimitExceeded {
                what: "messages",
                limit: self.limits.max_messages,
            });
        }
        Ok(())
    }

    fn process_alert(&mut self, fragment: &[u8]) -> DecodeResult<bool> {
        let mut bytes = fragment.iter().copied();
        loop {
            let (level, desc) = match (self.alert_partial.take(), bytes.next()) {
                (Some(l), Some(d)) => (l, d),
                (None, Some(l)) => match bytes.next() {
                    Some(d) => (l, d),
                    None => {
                        self.alert_partial = Some(l);
                        return Ok(false);
                    }
                },
                (partial, None) => {
                    self.alert_partial = partial;
                    return Ok(false);
                }
            };
            self.count_message()?;
            let alert = Alert {
                level: AlertLevel(level),
                description: AlertDescription(desc),
            };
            if alert.level == AlertLevel::WARNING
                && alert.description != AlertDescription::CLOSE_NOTIFY
            {
                self.flight.warning_alerts.push(alert);
            } else {
                self.flight.alert = Some(alert);
                return Ok(true);
            }
        }
    }

    fn process_handshake(&mut self) -> DecodeResult<bool> {
        let buf = std::mem::take(&mut self.handshake);
        let mut at = 0;
        let result = loop {
            let rest = &buf[at..];
            if rest.len() < 4 {
                break Ok(false);
            }
            let typ = HandshakeType(rest[0]);
            let len = u32::from_be_bytes([0, rest[1], rest[2], rest[3]]) as usize;
            if len > self.limits.max_message_len {
                break Err(DecodeError::LimitExceeded {
                    what: "handshake message length",
                    limit: self.limits.max_message_len,
                });
            }
            if rest.len() < 4 + len {
                break Ok(false);
            }
            let body = &rest[4..4 + len];
            at += 4 + len;
            if let Err(e) = self.count_message() {
                break Err(e);
            }
            self.flight.handshake_messages.push(typ);
            match self.process_message(typ, body) {
                Ok(false) => {}
                done => break done,
            }
        };
        if matches!(result, Ok(false)) {
            self.handshake = buf[at..].to_vec();
        }
        result
    }

    fn process_message(&mut self, typ: HandshakeType, body: &[u8]) -> DecodeResult<bool> {
        let unexpected = |context| {
            Err(DecodeError::UnexpectedMessage {
                handshake_type: typ.0,
                context,
            })
        };
        match (self.phase, typ) {
            (_, HandshakeType::HELLO_REQUEST) => {
                // RFC 5246 §7.4.1.1: may be sent at any time; ignored by clients.
                Ok(false)
            }
            (Phase::AwaitServerHello, HandshakeType::SERVER_HELLO) => {
                match parse_server_hello(body)? {
                    Hello::Retry(hrr) => {
                        self.flight.hello_retry = Some(hrr);
                        Ok(true)
                    }
                    Hello::Server(sh) => {
                        self.phase = if sh.selected_version.is_some() {
                            Phase::Tls13AfterHello
                        } else {
                            Phase::Tls12Flight
                        };
                        self.flight.server_hello = Some(sh);
                        Ok(false)
                    }
                }
            }
            (Phase::AwaitServerHello, _) => unexpected("expected ServerHello"),
            (Phase::Tls12Flight, HandshakeType::CERTIFICATE) => {
                if !self.flight.certificates.is_empty() {
                    return unexpected("second Certificate");
                }
                self.flight.certificates = parse_certificate(body, &self.limits)?;
                Ok(false)
            }
            (Phase::Tls12Flight, HandshakeType::CERTIFICATE_STATUS) => {
                self.flight.ocsp_staple = parse_certificate_status(body)?;
                Ok(false)
            }
            (Phase::Tls12Flight, HandshakeType::SERVER_KEY_EXCHANGE) => {
                if self.flight.key_exchange.is_some() {
                    return unexpected("second ServerKeyExchange");
                }
                let sh = self.flight.server_hello.as_ref();
                let suite = sh.map_or(CipherSuite(0), |s| s.cipher_suite);
                let version = sh.map_or(ProtocolVersion::TLSV1_2, |s| s.version());
                self.flight.key_exchange = Some(parse_server_key_exchange(body, suite, version)?);
                Ok(false)
            }
            (Phase::Tls12Flight, HandshakeType::CERTIFICATE_REQUEST) => {
                self.flight.certificate_request = true;
                Ok(false)
            }
            (Phase::Tls12Flight, HandshakeType::SERVER_HELLO_DONE) => {
                if !body.is_empty() {
                    return Err(DecodeError::TrailingBytes {
                        what: "server_hello_done",
                        count: body.len(),
                    });
                }
                self.flight.done = true;
                Ok(true)
            }
            (Phase::Tls12Flight, HandshakeType::SERVER_HELLO) => unexpected("second ServerHello"),
            (Phase::Tls12Flight, _) => unexpected("in a TLS 1.2 server flight"),
            (Phase::Tls13AfterHello, _) => unexpected("plaintext after a TLS 1.3 ServerHello"),
        }
    }
}

enum Hello {
    Server(ServerHello),
    Retry(HelloRetryRequest),
}

fn parse_server_hello(body: &[u8]) -> DecodeResult<Hello> {
    let mut r = Reader::new(body);
    let legacy_version = ProtocolVersion(r.u16("server_hello.version")?);
    let random = r.array::<32>("server_hello.random")?;
    let session_id = r.vec_u8("server_hello.session_id")?;
    if session_id.len() > 32 {
        return Err(DecodeError::IllegalValue {
            what: "server_hello.session_id length",
            value: session_id.len() as u64,
        });
    }
    let cipher_suite = CipherSuite(r.u16("server_hello.cipher_suite")?);
    let compression_method = CompressionMethod(r.u8("server_hello.compression_method")?);
    // SSL 3.0 and early TLS servers may omit the extensions block entirely.
    let mut exts = if r.is_empty() {
        Reader::new(&[])
    } else {
        r.sub_u16("server_hello.extensions")?
    };
    r.expect_empty("server_hello")?;

    let is_hrr = random == HRR_RANDOM;
    let mut types: Vec<ExtensionType> = Vec::new();
    let mut sh = ServerHello {
        legacy_version,
        random,
        session_id: session_id.to_vec(),
        cipher_suite,
        compression_method,
        extensions: Vec::new(),
        selected_version: None,
        key_share: None,
        renegotiation_info: None,
        extended_master_secret: false,
        encrypt_then_mac: false,
        ec_point_formats: None,
        alpn: None,
        status_request: false,
        session_ticket: false,
        server_name_ack: false,
        record_size_limit: None,
        downgrade_sentinel: None,
    };
    let mut selected_group = None;
    let mut cookie = None;
    while !exts.is_empty() {
        let typ = ExtensionType(exts.u16("extension type")?);
        let data = exts.vec_u16("extension data")?;
        if types.contains(&typ) {
            return Err(DecodeError::DuplicateExtension {
                what: "server_hello",
                extension: typ.0,
            });
        }
        types.push(typ);
        let mut d = Reader::new(data);
        match typ {
            ExtensionType::SUPPORTED_VERSIONS => {
                sh.selected_version = Some(ProtocolVersion(d.u16("supported_versions")?));
                d.expect_empty("supported_versions")?;
            }
            ExtensionType::KEY_SHARE if is_hrr => {
                selected_group = Some(NamedGroup(d.u16("key_share.selected_group")?));
                d.expect_empty("key_share")?;
            }
            ExtensionType::KEY_SHARE => {
                let group = NamedGroup(d.u16("key_share.group")?);
                let key_exchange = d.vec_u16("key_share.key_exchange")?.to_vec();
                d.expect_empty("key_share")?;
                sh.key_share = Some(KeyShareEntry {
                    group,
                    key_exchange,
                });
            }
            ExtensionType::COOKIE => {
                cookie = Some(d.vec_u16("cookie")?.to_vec());
                d.expect_empty("cookie")?;
            }
            ExtensionType::RENEGOTIATION_INFO => {
                sh.renegotiation_info = Some(d.vec_u8("renegotiation_info")?.to_vec());
                d.expect_empty("renegotiation_info")?;
            }
            ExtensionType::EC_POINT_FORMATS => {
                sh.ec_point_formats = Some(d.vec_u8("ec_point_formats")?.to_vec());
                d.expect_empty("ec_point_formats")?;
            }
            ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION => {
                let mut list = d.sub_u16("alpn.protocol_name_list")?;
                let name = list.vec_u8("alpn.protocol_name")?;
                // RFC 7301 §3.1: exactly one protocol in the server's list.
                list.expect_empty("alpn.protocol_name_list")?;
                d.expect_empty("alpn")?;
                sh.alpn = Some(name.to_vec());
            }
            ExtensionType::RECORD_SIZE_LIMIT => {
                sh.record_size_limit = Some(d.u16("record_size_limit")?);
                d.expect_empty("record_size_limit")?;
            }
            ExtensionType::EXTENDED_MASTER_SECRET => sh.extended_master_secret = true,
            ExtensionType::ENCRYPT_THEN_MAC => sh.encrypt_then_mac = true,
            ExtensionType::STATUS_REQUEST => sh.status_request = true,
            ExtensionType::SESSION_TICKET => sh.session_ticket = true,
            ExtensionType::SERVER_NAME => sh.server_name_ack = true,
            _ => {}
        }
    }
    if is_hrr {
        return Ok(Hello::Retry(HelloRetryRequest {
            legacy_version,
            session_id: sh.session_id,
            cipher_suite,
            extensions: types,
            selected_version: sh.selected_version,
            selected_group,
            cookie,
        }));
    }
    sh.extensions = types;
    sh.downgrade_sentinel = match random[24..] {
        ref t if *t == DOWNGRADE_TLS12 => Some(DowngradeSentinel::Tls12),
        ref t if *t == DOWNGRADE_TLS11 => Some(DowngradeSentinel::Tls11OrBelow),
        _ => None,
    };
    Ok(Hello::Server(sh))
}

fn parse_certificate(body: &[u8], limits: &Limits) -> DecodeResult<Vec<Vec<u8>>> {
    let mut r = Reader::new(body);
    let mut list = r.sub_u24("certificate_list")?;
    r.expect_empty("certificate")?;
    let mut certs = Vec::new();
    while !list.is_empty() {
        if certs.len() == limits.max_certificates {
            return Err(DecodeError::LimitExceeded {
                what: "certificates",
                limit: limits.max_certificates,
            });
        }
        let cert = list.vec_u24("certificate")?;
        if cert.len() > limits.max_certificate_len {
            return Err(DecodeError::LimitExceeded {
                what: "certificate length",
                limit: limits.max_certificate_len,
            });
        }
        certs.push(cert.to_vec());
    }
    Ok(certs)
}

fn parse_certificate_status(body: &[u8]) -> DecodeResult<Option<Vec<u8>>> {
    let mut r = Reader::new(body);
    let status_type = r.u8("certificate_status.status_type")?;
    let out = match status_type {
        // ocsp (RFC 6066 §8): one OCSPResponse.
        1 => Some(r.vec_u24("ocsp_response")?.to_vec()),
        // ocsp_multi (RFC 6961 §2.2): a list; the first entry is the leaf's.
        2 => {
            let mut list = r.sub_u24("ocsp_response_list")?;
            let first = list.vec_u24("ocsp_response")?;
            let _ = list.rest();
            (!first.is_empty()).then(|| first.to_vec())
        }
        other => {
            return Err(DecodeError::IllegalValue {
                what: "certificate_status.status_type",
                value: u64::from(other),
            });
        }
    };
    r.expect_empty("certificate_status")?;
    Ok(out)
}

fn parse_signature(
    r: &mut Reader<'_>,
    auth: Authentication,
    version: ProtocolVersion,
) -> DecodeResult<Option<SignatureInfo>> {
    if !matches!(
        auth,
        Authentication::Rsa | Authentication::Dss | Authentication::Ecdsa
    ) {
        return Ok(None);
    }
    let scheme = if version >= ProtocolVersion::TLSV1_2 {
        Some(SignatureScheme(r.u16("signature algorithm")?))
    } else {
        None
    };
    let sig = r.vec_u16("signature")?;
    Ok(Some(SignatureInfo {
        scheme,
        length: sig.len(),
    }))
}

fn parse_server_key_exchange(
    body: &[u8],
    suite: CipherSuite,
    version: ProtocolVersion,
) -> DecodeResult<ServerKeyExchange> {
    let Some(info) = suite.info() else {
        return Ok(ServerKeyExchange::Unparsed {
            kx: None,
            length: body.len(),
        });
    };
    let mut r = Reader::new(body);
    let out = match info.kx {
        KeyExchange::Ecdhe | KeyExchange::EcdhAnon | KeyExchange::EcdhePsk => {
            let psk_identity_hint = if info.kx == KeyExchange::EcdhePsk {
                Some(r.vec_u16("psk_identity_hint")?.to_vec())
            } else {
                None
            };
            let curve_type = r.u8("ec curve_type")?;
            if curve_type != 3 {
                // explicit_prime (1) / explicit_char2 (2): deprecated, not parsed.
                return Ok(ServerKeyExchange::Ecdhe(EcdheParams {
                    curve_type,
                    named_group: None,
                    point: Vec::new(),
                    psk_identity_hint,
                    signature: None,
                }));
            }
            let named_group = Some(NamedGroup(r.u16("ec named_curve")?));
            let point = r.vec_u8("ec point")?.to_vec();
            let signature = parse_signature(&mut r, info.auth, version)?;
            ServerKeyExchange::Ecdhe(EcdheParams {
                curve_type,
                named_group,
                point,
                psk_identity_hint,
                signature,
            })
        }
        KeyExchange::Dhe | KeyExchange::DhAnon | KeyExchange::DhePsk => {
            let psk_identity_hint = if info.kx == KeyExchange::DhePsk {
                Some(r.vec_u16("psk_identity_hint")?.to_vec())
            } else {
                None
            };
            let p = strip_leading_zeros(r.vec_u16("dh_p")?);
            let g = strip_leading_zeros(r.vec_u16("dh_g")?);
            let ys = r.vec_u16("dh_Ys")?;
            let signature = parse_signature(&mut r, info.auth, version)?;
            ServerKeyExchange::Dhe(DheParams {
                p_bits: bit_len(p),
                known_group: KnownDhGroup::identify(p),
                p: p.to_vec(),
                g: g.to_vec(),
                ys_len: ys.len(),
                psk_identity_hint,
                signature,
            })
        }
        KeyExchange::Rsa if info.export => {
            let modulus = r.vec_u16("rsa_modulus")?;
            let exponent = strip_leading_zeros(r.vec_u16("rsa_exponent")?).to_vec();
            let signature = parse_signature(&mut r, info.auth, version)?;
            ServerKeyExchange::RsaExport {
                modulus_bits: bit_len(modulus),
                exponent,
                signature,
            }
        }
        KeyExchange::Psk | KeyExchange::RsaPsk => ServerKeyExchange::Psk {
            identity_hint: r.vec_u16("psk_identity_hint")?.to_vec(),
        },
        other => {
            return Ok(ServerKeyExchange::Unparsed {
                kx: Some(other),
                length: body.len(),
            });
        }
    };
    r.expect_empty("server_key_exchange")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::client_hello::frame_records;
    use super::super::iana::{CipherMode, KeyExchange as Kx};
    use super::*;
    use proptest::prelude::*;

    const TLS13_SH: &[u8] = include_bytes!("testdata/tls13_server_hello.bin");
    const TLS13_HRR: &[u8] = include_bytes!("testdata/tls13_hrr_secp384r1.bin");
    const TLS12_ECDHE: &[u8] = include_bytes!("testdata/tls12_ecdhe_ocsp.bin");
    const TLS12_BIG_CHAIN: &[u8] = include_bytes!("testdata/tls12_big_chain.bin");
    const TLS12_DHE_1024: &[u8] = include_bytes!("testdata/tls12_dhe_1024.bin");
    const TLS12_DHE_FFDHE: &[u8] = include_bytes!("testdata/tls12_dhe_ffdhe2048.bin");
    const TLS10_CBC: &[u8] = include_bytes!("testdata/tls10_cbc.bin");
    const ALERT_70: &[u8] = include_bytes!("testdata/alert_protocol_version.bin");
    const ALERT_40: &[u8] = include_bytes!("testdata/alert_handshake_failure.bin");

    const CAPTURES: &[&[u8]] = &[
        TLS13_SH,
        TLS13_HRR,
        TLS12_ECDHE,
        TLS12_BIG_CHAIN,
        TLS12_DHE_1024,
        TLS12_DHE_FFDHE,
        TLS10_CBC,
        ALERT_70,
        ALERT_40,
    ];

    /// The one record-header check of every reader (the flight parser, the renegotiation
    /// probe's record layer): bounded length, and "not TLS" only for a first record.
    #[test]
    fn record_headers_are_bounded() {
        assert_eq!(record_header(&[22, 3, 3, 0], true), Ok(None));
        assert_eq!(
            record_header(&[23, 3, 3, 0x40, 0x00], false),
            Ok(Some((
                ContentType::APPLICATION_DATA,
                ProtocolVersion::TLSV1_2,
                0x4000
            )))
        );
        assert!(matches!(
            record_header(b"HTTP/1.1", true),
            Err(DecodeError::NotTls { .. })
        ));
        assert!(matches!(
            record_header(b"HTTP/1.1", false),
            Err(DecodeError::UnexpectedRecord { .. })
        ));
        assert!(matches!(
            record_header(&[22, 4, 3, 0, 1], false),
            Err(DecodeError::IllegalValue { .. })
        ));
        assert_eq!(
            record_header(&[23, 3, 3, 0xFF, 0xFF], false),
            Err(DecodeError::RecordOverflow { length: 0xFFFF })
        );
    }

    fn parse(bytes: &[u8]) -> ServerFlight {
        FlightParser::parse_all(bytes)
            .unwrap()
            .expect("complete flight")
    }

    /// (content type, version, fragment) of every record in a capture.
    fn records(bytes: &[u8]) -> Vec<(u8, u16, Vec<u8>)> {
        let mut r = Reader::new(bytes);
        let mut out = Vec::new();
        while !r.is_empty() {
            let t = r.u8("t").unwrap();
            let v = r.u16("v").unwrap();
            out.push((t, v, r.vec_u16("f").unwrap().to_vec()));
        }
        out
    }

    fn record(typ: u8, version: u16, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![typ];
        out.extend_from_slice(&version.to_be_bytes());
        out.extend_from_slice(&(payload.len() as u16).to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    fn handshake(typ: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![typ];
        out.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
        out.extend_from_slice(body);
        out
    }

    fn server_hello_body(random: [u8; 32], suite: u16, exts: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut b = vec![3, 3];
        b.extend_from_slice(&random);
        b.push(0); // session id
        b.extend_from_slice(&suite.to_be_bytes());
        b.push(0);
        let mut e = Vec::new();
        for (t, d) in exts {
            e.extend_from_slice(&t.to_be_bytes());
            e.extend_from_slice(&(d.len() as u16).to_be_bytes());
            e.extend_from_slice(d);
        }
        b.extend_from_slice(&(e.len() as u16).to_be_bytes());
        b.extend_from_slice(&e);
        b
    }

    #[test]
    fn tls13_server_hello_then_encrypted() {
        let f = parse(TLS13_SH);
        let sh = f.server_hello.as_ref().unwrap();
        assert_eq!(sh.legacy_version, ProtocolVersion::TLSV1_2);
        assert_eq!(sh.selected_version, Some(ProtocolVersion::TLSV1_3));
        assert_eq!(sh.version(), ProtocolVersion::TLSV1_3);
        assert_eq!(sh.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
        assert_eq!(sh.session_id.len(), 32, "echo of our compat session id");
        // OpenSSL 3.0 has no ML-KEM: it picks the x25519 share we also sent.
        let ks = sh.key_share.as_ref().unwrap();
        assert_eq!(ks.group, NamedGroup::X25519);
        assert_eq!(ks.key_exchange.len(), 32);
        assert_eq!(
            sh.extensions,
            [ExtensionType::SUPPORTED_VERSIONS, ExtensionType::KEY_SHARE]
        );
        assert_eq!(sh.downgrade_sentinel, None);
        assert!(f.change_cipher_spec && f.encrypted_after_hello);
        assert!(f.hello_retry.is_none() && f.certificates.is_empty() && !f.done);
        assert_eq!(f.records_seen, 3);
        assert_eq!(f.handshake_messages, [HandshakeType::SERVER_HELLO]);
    }

    #[test]
    fn hello_retry_request_names_the_group() {
        assert_eq!(
            &TLS13_HRR[11..43],
            &HRR_RANDOM,
            "capture carries the HRR random"
        );
        let f = parse(TLS13_HRR);
        assert!(f.server_hello.is_none());
        let hrr = f.hello_retry.unwrap();
        assert_eq!(hrr.selected_group, Some(NamedGroup::SECP384R1));
        assert_eq!(hrr.selected_version, Some(ProtocolVersion::TLSV1_3));
        assert_eq!(hrr.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
        assert_eq!(hrr.cookie, None);
        assert_eq!(hrr.session_id.len(), 32);
        assert_eq!(f.records_seen, 1, "stops at the HRR, before its CCS");
    }

    #[test]
    fn tls12_ecdhe_full_flight_with_ocsp() {
        let f = parse(TLS12_ECDHE);
        let sh = f.server_hello.as_ref().unwrap();
        assert_eq!(sh.version(), ProtocolVersion::TLSV1_2);
        assert_eq!(
            sh.cipher_suite,
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        );
        assert_eq!(sh.renegotiation_info, Some(vec![]));
        assert!(sh.extended_master_secret && sh.status_request && sh.session_ticket);
        assert_eq!(sh.alpn.as_deref(), Some(&b"http/1.1"[..]));
        assert_eq!(sh.ec_point_formats, Some(vec![0, 1, 2]));
        assert_eq!(sh.compression_method, CompressionMethod::NULL);
        assert_eq!(f.certificates.len(), 2, "leaf + CA from -cert_chain");
        for c in &f.certificates {
            assert_eq!(&c[..2], &[0x30, 0x82], "DER SEQUENCE");
        }
        let ocsp = f.ocsp_staple.as_ref().unwrap();
        assert_eq!(ocsp[0], 0x30);
        match f.key_exchange.as_ref().unwrap() {
            ServerKeyExchange::Ecdhe(p) => {
                assert_eq!(p.curve_type, 3);
                assert_eq!(p.named_group, Some(NamedGroup::X25519));
                assert_eq!(p.point.len(), 32);
                let sig = p.signature.unwrap();
                assert_eq!(sig.scheme, Some(SignatureScheme::ECDSA_SECP256R1_SHA256));
                assert!((68..=72).contains(&sig.length));
            }
            other => panic!("{other:?}"),
        }
        assert!(f.done && f.alert.is_none() && !f.encrypted_after_hello);
        assert_eq!(
            f.handshake_messages,
            [
                HandshakeType::SERVER_HELLO,
                HandshakeType::CERTIFICATE,
                HandshakeType::CERTIFICATE_STATUS,
                HandshakeType::SERVER_KEY_EXCHANGE,
                HandshakeType::SERVER_HELLO_DONE
            ]
        );
    }

    #[test]
    fn certificate_fragmented_by_the_server() {
        let recs = records(TLS12_BIG_CHAIN);
        assert!(recs[1].2.len() == MAX_FRAGMENT, "server filled a record");
        let f = parse(TLS12_BIG_CHAIN);
        assert_eq!(f.certificates.len(), 15);
        assert!(f.done);
        assert_eq!(f.records_seen, recs.len());
    }

    const MAX_FRAGMENT: usize = 1 << 14;

    #[test]
    fn tls12_dhe_1024_custom_group() {
        let f = parse(TLS12_DHE_1024);
        assert_eq!(
            f.server_hello.as_ref().unwrap().cipher_suite,
            CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
        );
        let Some(ServerKeyExchange::Dhe(p)) = &f.key_exchange else {
            panic!("{:?}", f.key_exchange)
        };
        assert_eq!(p.p_bits, 1024);
        assert_eq!(p.p.len(), 128);
        assert_eq!(p.known_group, None, "openssl dhparam made a fresh prime");
        assert!(p.generator_is_2());
        assert!(!p.is_rfc7919());
        assert!(p.ys_len <= 128 && p.ys_len > 100);
        assert_eq!(
            p.signature.unwrap().scheme,
            Some(SignatureScheme::RSA_PSS_RSAE_SHA256)
        );
        assert_eq!(p.signature.unwrap().length, 256);
        assert_eq!(f.certificates.len(), 1);
        assert!(f.done);
    }

    #[test]
    fn tls12_dhe_ffdhe2048_is_recognised() {
        let f = parse(TLS12_DHE_FFDHE);
        let Some(ServerKeyExchange::Dhe(p)) = &f.key_exchange else {
            panic!("{:?}", f.key_exchange)
        };
        assert_eq!(p.p_bits, 2048);
        assert_eq!(p.known_group, Some(KnownDhGroup::Ffdhe2048));
        assert!(p.is_rfc7919());
        let info = p.known_group.unwrap().info();
        assert_eq!(info.named_group, Some(NamedGroup::FFDHE2048));
        // Leading zero bytes do not change the identification.
        let mut padded = vec![0, 0];
        padded.extend_from_slice(&p.p);
        assert_eq!(
            KnownDhGroup::identify(&padded),
            Some(KnownDhGroup::Ffdhe2048)
        );
        // ffdhe2048 = 2^2048 - 2^1984 + … - 1: top and bottom 64 bits all ones.
        assert!(p.p[..8].iter().chain(&p.p[248..]).all(|&b| b == 0xFF));
    }

    #[test]
    fn tls10_cbc_flight() {
        let f = parse(TLS10_CBC);
        assert_eq!(f.first_record_version, Some(ProtocolVersion::TLSV1_0));
        let sh = f.server_hello.as_ref().unwrap();
        assert_eq!(sh.version(), ProtocolVersion::TLSV1_0);
        assert_eq!(
            sh.cipher_suite,
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
        );
        let info = sh.cipher_suite.info().unwrap();
        assert_eq!((info.kx, info.mode), (Kx::Ecdhe, CipherMode::Cbc));
        let Some(ServerKeyExchange::Ecdhe(p)) = &f.key_exchange else {
            panic!("{:?}", f.key_exchange)
        };
        // Before TLS 1.2 there is no signature algorithm field (MD5+SHA-1 for RSA).
        assert_eq!(p.signature.unwrap().scheme, None);
        assert_eq!(p.signature.unwrap().length, 256);
        assert_eq!(f.certificates.len(), 1);
        assert!(f.done);
    }

    #[test]
    fn alerts_end_the_flight() {
        for (bytes, desc) in [
            (ALERT_70, AlertDescription::PROTOCOL_VERSION),
            (ALERT_40, AlertDescription::HANDSHAKE_FAILURE),
        ] {
            let f = parse(bytes);
            assert_eq!(
                f.alert,
                Some(Alert {
                    level: AlertLevel::FATAL,
                    description: desc
                })
            );
            assert!(f.server_hello.is_none() && !f.done);
            assert_eq!(f.records_seen, 1);
        }
    }

    #[test]
    fn every_chunking_gives_the_same_flight() {
        for capture in CAPTURES {
            let whole = parse(capture);
            for chunk in [1, 2, 3, 5, 7, 64, 1000, 5000] {
                let mut p = FlightParser::new();
                let mut result = None;
                for c in capture.chunks(chunk) {
                    match p.feed(c) {
                        Progress::NeedMore => {}
                        Progress::Complete(f) => {
                            result = Some(f);
                            break;
                        }
                        Progress::Failed(e) => panic!("{e}"),
                    }
                }
                assert_eq!(result.as_ref(), Some(&whole), "chunk {chunk}");
            }
        }
    }

    /// Re-frames the handshake bytes of a capture: all in one record (coalesced) or
    /// in many tiny records (fragmented), then checks the parse is unchanged.
    #[test]
    fn coalesced_and_fragmented_records() {
        for capture in [TLS12_ECDHE, TLS12_DHE_1024, TLS10_CBC, TLS12_BIG_CHAIN] {
            let whole = parse(capture);
            let recs = records(capture);
            let version = ProtocolVersion(recs[0].1);
            let hs: Vec<u8> = recs
                .iter()
                .filter(|r| r.0 == 22)
                .flat_map(|r| r.2.clone())
                .collect();
            // Coalesced: as few records as possible.
            let coalesced = frame_records(ContentType::HANDSHAKE, version, &hs);
            let f = parse(&coalesced);
            assert_eq!(f.records_seen, hs.len().div_ceil(MAX_FRAGMENT));
            assert_eq!(
                ServerFlight {
                    records_seen: whole.records_seen,
                    ..f
                },
                whole
            );
            // Fragmented: 3-byte records, so even the 4-byte headers are split.
            let mut fragmented = Vec::new();
            for c in hs.chunks(3) {
                fragmented.extend(record(22, version.0, c));
            }
            let limits = Limits {
                max_records: 20_000,
                max_total_bytes: 1 << 20,
                ..Limits::default()
            };
            let mut p = FlightParser::with_limits(limits);
            let Progress::Complete(f) = p.feed(&fragmented) else {
                panic!("fragmented parse")
            };
            assert_eq!(f.records_seen, hs.len().div_ceil(3));
            assert_eq!(
                ServerFlight {
                    records_seen: whole.records_seen,
                    ..f
                },
                whole
            );
            // With default limits the same input trips the record cap.
            if hs.len() / 3 > Limits::default().max_records {
                assert!(matches!(
                    FlightParser::parse_all(&fragmented),
                    Err(DecodeError::LimitExceeded {
                        what: "records",
                        ..
                    })
                ));
            }
        }
    }

    #[test]
    fn warning_alert_is_collected_and_skipped() {
        let mut bytes = record(21, 0x0303, &[1, 112]); // warning unrecognized_name
        bytes.extend_from_slice(TLS12_ECDHE);
        let f = parse(&bytes);
        assert_eq!(
            f.warning_alerts,
            [Alert {
                level: AlertLevel::WARNING,
                description: AlertDescription::UNRECOGNIZED_NAME
            }]
        );
        assert!(f.done && f.alert.is_none());
    }

    #[test]
    fn alert_split_across_records() {
        let mut bytes = record(21, 0x0303, &[2]);
        bytes.extend(record(21, 0x0303, &[40]));
        let f = parse(&bytes);
        assert_eq!(
            f.alert.unwrap().description,
            AlertDescription::HANDSHAKE_FAILURE
        );
        assert_eq!(f.records_seen, 2);
    }

    #[test]
    fn synthetic_server_hello_extensions() {
        let mut random = [7u8; 32];
        random[24..].copy_from_slice(&DOWNGRADE_TLS12);
        let body = server_hello_body(
            random,
            0xC02F,
            &[
                (0x0000, vec![]),
                (0x0016, vec![]),
                (0x001C, vec![0x40, 0x01]),
                (0xFF01, vec![0]),
                (0x1234, vec![1, 2, 3]),
            ],
        );
        let mut bytes = record(22, 0x0303, &handshake(2, &body));
        bytes.extend(record(22, 0x0303, &handshake(14, &[])));
        let f = parse(&bytes);
        let sh = f.server_hello.unwrap();
        assert_eq!(sh.downgrade_sentinel, Some(DowngradeSentinel::Tls12));
        assert!(sh.server_name_ack && sh.encrypt_then_mac);
        assert_eq!(sh.record_size_limit, Some(0x4001));
        assert_eq!(sh.extensions.last(), Some(&ExtensionType(0x1234)));
        assert!(f.done && f.key_exchange.is_none());
    }

    #[test]
    fn protocol_violations_are_errors() {
        let dup = server_hello_body([1; 32], 0xC02F, &[(23, vec![]), (23, vec![])]);
        assert_eq!(
            FlightParser::parse_all(&record(22, 0x0303, &handshake(2, &dup))),
            Err(DecodeError::DuplicateExtension {
                what: "server_hello",
                extension: 23
            })
        );
        // Two protocols in the server's ALPN answer.
        let alpn = server_hello_body([1; 32], 0xC02F, &[(16, vec![0, 4, 1, b'a', 1, b'b'])]);
        assert!(matches!(
            FlightParser::parse_all(&record(22, 0x0303, &handshake(2, &alpn))),
            Err(DecodeError::TrailingBytes { .. })
        ));
        // Application data before any ServerHello.
        assert!(matches!(
            FlightParser::parse_all(&record(23, 0x0303, &[0; 20])),
            Err(DecodeError::UnexpectedRecord {
                content_type: 23,
                ..
            })
        ));
        // Certificate before ServerHello.
        assert!(matches!(
            FlightParser::parse_all(&record(22, 0x0303, &handshake(11, &[0, 0, 0]))),
            Err(DecodeError::UnexpectedMessage {
                handshake_type: 11,
                ..
            })
        ));
        // Truncated ServerHello body.
        assert!(matches!(
            FlightParser::parse_all(&record(22, 0x0303, &handshake(2, &[3, 3, 0]))),
            Err(DecodeError::Truncated { .. })
        ));
        // Oversized record.
        let mut big = vec![22, 3, 3, 0x48, 0x01];
        big.extend(vec![0; 10]);
        assert_eq!(
            FlightParser::parse_all(&big),
            Err(DecodeError::RecordOverflow { length: 0x4801 })
        );
    }

    #[test]
    fn non_tls_answers() {
        for banner in [
            &b"HTTP/1.1 400 Bad Request\r\n\r\n"[..],
            b"SSH-2.0-OpenSSH_9.2p1\r\n",
            b"220 mail.example.nl ESMTP\r\n",
            &[0x80, 0x2e, 0x04, 0x00, 0x01, 0x00, 0x02][..], // SSLv2 ServerHello
            &[0x15, 0x02, 0x00, 0x00, 0x02, 0x02, 0x28][..], // bad record major version
        ] {
            assert!(
                matches!(
                    FlightParser::parse_all(banner),
                    Err(DecodeError::NotTls { .. })
                ),
                "{banner:02x?}"
            );
        }
    }

    #[test]
    fn tls12_change_cipher_spec_means_encrypted() {
        let body = server_hello_body([9; 32], 0xC02F, &[]);
        let mut bytes = record(22, 0x0303, &handshake(2, &body));
        bytes.extend(record(20, 0x0303, &[1]));
        bytes.extend(record(22, 0x0303, &[0xAB; 40])); // encrypted Finished
        let f = parse(&bytes);
        assert!(f.change_cipher_spec && f.encrypted_after_hello && !f.done);
    }

    #[test]
    fn limits_are_errors() {
        let tight = |l: Limits, bytes: &[u8]| match FlightParser::with_limits(l).feed(bytes) {
            Progress::Failed(DecodeError::LimitExceeded { what, .. }) => what,
            other => panic!("{other:?}"),
        };
        let d = Limits::default();
        assert_eq!(
            tight(
                Limits {
                    max_certificates: 10,
                    ..d
                },
                TLS12_BIG_CHAIN
            ),
            "certificates"
        );
        assert_eq!(
            tight(
                Limits {
                    max_certificate_len: 300,
                    ..d
                },
                TLS12_ECDHE
            ),
            "certificate length"
        );
        assert_eq!(
            tight(
                Limits {
                    max_message_len: 4000,
                    ..d
                },
                TLS12_BIG_CHAIN
            ),
            "handshake message length"
        );
        assert_eq!(
            tight(
                Limits {
                    max_messages: 3,
                    ..d
                },
                TLS12_ECDHE
            ),
            "messages"
        );
        assert_eq!(
            tight(
                Limits {
                    max_records: 2,
                    ..d
                },
                TLS12_ECDHE
            ),
            "records"
        );
        assert_eq!(
            tight(
                Limits {
                    max_total_bytes: 1000,
                    ..d
                },
                TLS12_ECDHE
            ),
            "total bytes"
        );
        // The cap also holds across feeds.
        let mut p = FlightParser::with_limits(Limits {
            max_total_bytes: 1000,
            ..d
        });
        assert_eq!(p.feed(&TLS12_ECDHE[..1000]), Progress::NeedMore);
        assert!(matches!(
            p.feed(&TLS12_ECDHE[1000..1001]),
            Progress::Failed(_)
        ));
        assert_eq!(p.bytes_fed(), 1000);
    }

    #[test]
    fn state_is_sticky_and_partial_flights_are_readable() {
        let mut p = FlightParser::new();
        assert_eq!(p.feed(&TLS12_ECDHE[..700]), Progress::NeedMore);
        assert!(p.flight().server_hello.is_some());
        assert!(!p.flight().done);
        let Progress::Complete(f) = p.feed(&TLS12_ECDHE[700..]) else {
            panic!()
        };
        // Bytes after completion are ignored.
        assert_eq!(p.feed(b"more bytes"), Progress::Complete(f.clone()));
        assert_eq!(p.finish(), f);

        let mut p = FlightParser::new();
        let e = p.feed(b"HTTP/1.0 200 OK\r\n");
        assert!(matches!(e, Progress::Failed(_)));
        assert_eq!(p.feed(TLS12_ECDHE), e);
    }

    #[test]
    fn unknown_suite_key_exchange_is_kept_unparsed() {
        let body = server_hello_body([3; 32], 0xEEEE, &[]);
        let mut bytes = record(22, 0x0303, &handshake(2, &body));
        bytes.extend(record(22, 0x0303, &handshake(12, &[1, 2, 3, 4])));
        bytes.extend(record(22, 0x0303, &handshake(14, &[])));
        let f = parse(&bytes);
        assert_eq!(
            f.key_exchange,
            Some(ServerKeyExchange::Unparsed {
                kx: None,
                length: 4
            })
        );
    }

    #[test]
    fn dh_table_and_helpers() {
        assert_eq!(bit_len(&[0, 0x01, 0xFF]), 9);
        assert_eq!(bit_len(&[0x80, 0]), 16);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(to_hex(&[0x0A, 0xFF]), "0aff");
        assert_eq!(KnownDhGroup::identify(&[0xFF; 256]), None);
        let mut seen = Vec::new();
        for g in KNOWN_DH_GROUPS {
            assert_eq!(g.prime_sha256.len(), 64);
            assert!(!seen.contains(&g.prime_sha256));
            seen.push(g.prime_sha256);
            assert_eq!(g.group.info().name, g.name);
        }
    }

    #[test]
    fn flight_serializes() {
        // ServerFlight is plain data for the facts layer: serde must accept it.
        fn assert_serde<T: Serialize + for<'de> Deserialize<'de>>() {}
        assert_serde::<ServerFlight>();
    }

    /// Applies random edits to a capture.
    fn mutate(base: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
        let mut v = base.to_vec();
        for &(pos, kind, byte) in edits {
            if v.is_empty() {
                v.push(byte);
                continue;
            }
            let i = pos % v.len();
            match kind % 4 {
                0 => v[i] = byte,
                1 => v[i] ^= 1 << (byte % 8),
                2 => v.insert(i, byte),
                _ => {
                    v.truncate(i);
                }
            }
        }
        v
    }

    fn feed_chunked(p: &mut FlightParser, bytes: &[u8], chunks: &[usize]) -> Progress {
        let mut at = 0;
        let mut last = Progress::NeedMore;
        for &c in chunks.iter().cycle().take(bytes.len() + 1) {
            if at >= bytes.len() {
                break;
            }
            let end = (at + c.max(1)).min(bytes.len());
            last = p.feed(&bytes[at..end]);
            at = end;
            assert!(p.pending.len() <= p.limits.max_total_bytes);
            assert!(p.handshake.len() <= p.limits.max_message_len + MAX_RECORD_LEN);
            assert!(p.flight.certificates.len() <= p.limits.max_certificates);
            assert!(p.bytes_fed() <= p.limits.max_total_bytes);
        }
        last
    }

    fn small_limits() -> Limits {
        Limits {
            max_total_bytes: 8 * 1024,
            max_records: 64,
            max_messages: 8,
            max_message_len: 4 * 1024,
            max_certificates: 3,
            max_certificate_len: 2 * 1024,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096),
                                    chunks in proptest::collection::vec(1usize..300, 1..8),
                                    small in any::<bool>()) {
            let limits = if small { small_limits() } else { Limits::default() };
            let mut p = FlightParser::with_limits(limits);
            let last = feed_chunked(&mut p, &bytes, &chunks);
            // A finished parser stays finished.
            if !matches!(last, Progress::NeedMore) {
                prop_assert_eq!(p.feed(&bytes), last);
            }
        }

        #[test]
        fn tls_looking_random_records_never_panic(
            recs in proptest::collection::vec(
                (prop_oneof![Just(20u8), Just(21), Just(22), Just(23)],
                 prop_oneof![Just(0x0301u16), Just(0x0303)],
                 proptest::collection::vec(any::<u8>(), 0..200)),
                0..20),
            chunks in proptest::collection::vec(1usize..64, 1..5),
        ) {
            let mut bytes = Vec::new();
            for (t, v, payload) in &recs {
                bytes.extend(record(*t, *v, payload));
            }
            let mut p = FlightParser::with_limits(small_limits());
            feed_chunked(&mut p, &bytes, &chunks);
        }

        #[test]
        fn mutated_captures_never_panic(which in 0usize..CAPTURES.len(),
                                        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6),
                                        chunks in proptest::collection::vec(1usize..2000, 1..6),
                                        small in any::<bool>()) {
            let bytes = mutate(CAPTURES[which], &edits);
            let limits = if small { small_limits() } else { Limits::default() };
            let mut p = FlightParser::with_limits(limits);
            feed_chunked(&mut p, &bytes, &chunks);
        }
    }
}
