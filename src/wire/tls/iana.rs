//! IANA TLS registries as data: one newtype per registry with its codepoints as
//! associated constants and one static table per registry, after rustls's
//! `enum_builder!` habit (any codepoint is representable; the table only names it).
//!
//! Sources: IANA "Transport Layer Security (TLS) Parameters"
//! (<https://www.iana.org/assignments/tls-parameters/>): TLS Cipher Suites,
//! TLS Supported Groups, TLS SignatureScheme, TLS ExtensionType Values, TLS Alerts,
//! TLS HandshakeType, TLS ContentType; protocol versions from RFC 6101, 2246, 4346,
//! 5246, 8446. Post-quantum groups per draft-ietf-tls-ecdhe-mlkem (RFC 10024),
//! draft-ietf-tls-mlkem and draft-tls-westerbaan-xyber768d00.
//!
//! The cipher-suite table is generated (see the GENERATED markers); every column
//! besides codepoint and name follows from the IANA naming scheme and the RFC that
//! defines the suite. A few widely deployed codepoints outside the registry
//! (EXPORT1024 suites, pre-RFC ChaCha20) are included and flagged `iana == false`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// True for the GREASE values of RFC 8701 (0x0A0A, 0x1A1A, … 0xFAFA), which a
/// client sprinkles into u16 registries to keep servers tolerant.
pub const fn is_grease_u16(v: u16) -> bool {
    (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF)
}

macro_rules! registry {
    (
        $(#[$meta:meta])*
        $name:ident($repr:ty), table $table:ident {
            $( $konst:ident = $val:literal => $text:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $repr);

        #[allow(missing_docs)]
        impl $name {
            $( pub const $konst: Self = Self($val); )*
        }

        impl $name {
            /// The registry name, or `None` for a codepoint the table does not know.
            pub fn name(self) -> Option<&'static str> {
                $table.iter().find(|(v, _)| *v == self.0).map(|(_, n)| *n)
            }

            /// The codepoint with this registry name.
            pub fn from_name(name: &str) -> Option<Self> {
                $table.iter().find(|(_, n)| *n == name).map(|(v, _)| Self(*v))
            }
        }

        #[doc = concat!("Every `", stringify!($name), "` the registry names, sorted by codepoint.")]
        pub static $table: &[($repr, &str)] = &[ $( ($val, $text), )* ];

        impl From<$repr> for $name {
            fn from(v: $repr) -> Self {
                Self(v)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let width = 2 * std::mem::size_of::<$repr>();
                match self.name() {
                    Some(n) => write!(f, "{}(0x{:0width$X})", n, self.0),
                    None => write!(f, "{}(0x{:0width$X})", stringify!($name), self.0),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let width = 2 * std::mem::size_of::<$repr>();
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "unknown(0x{:0width$X})", self.0),
                }
            }
        }
    };
}

/// `info`, `name` and `from_name` for a codepoint type backed by a table of rows sorted
/// by `code` with a `name` (groups, signature schemes, cipher suites).
macro_rules! row_table {
    ($name:ident, $table:ident, $row:ty) => {
        impl $name {
            /// The table row, if the codepoint is known.
            pub fn info(self) -> Option<&'static $row> {
                $table
                    .binary_search_by_key(&self.0, |r| r.code)
                    .ok()
                    .map(|i| &$table[i])
            }

            /// The IANA name, or `None` for an unknown codepoint.
            pub fn name(self) -> Option<&'static str> {
                self.info().map(|r| r.name)
            }

            /// The codepoint with this IANA name.
            pub fn from_name(name: &str) -> Option<Self> {
                $table.iter().find(|r| r.name == name).map(|r| Self(r.code))
            }
        }
    };
}

row_table!(NamedGroup, GROUPS, GroupInfo);
row_table!(SignatureScheme, SIGNATURE_SCHEMES, SigSchemeInfo);
row_table!(CipherSuite, CIPHER_SUITES, SuiteInfo);

registry! {
    /// A protocol version as it appears on the wire (`ProtocolVersion`, RFC 8446 §4.1.2).
    ProtocolVersion(u16), table PROTOCOL_VERSIONS {
        SSLV2 = 0x0002 => "SSLv2",
        SSLV3 = 0x0300 => "SSLv3",
        TLSV1_0 = 0x0301 => "TLSv1.0",
        TLSV1_1 = 0x0302 => "TLSv1.1",
        TLSV1_2 = 0x0303 => "TLSv1.2",
        TLSV1_3 = 0x0304 => "TLSv1.3",
        DTLSV1_3 = 0xFEFC => "DTLSv1.3",
        DTLSV1_2 = 0xFEFD => "DTLSv1.2",
        DTLSV1_0 = 0xFEFF => "DTLSv1.0",
    }
}

impl ProtocolVersion {
    /// True for RFC 8701 GREASE values.
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.0)
    }
}

registry! {
    /// Record-layer content type (RFC 8446 §5.1).
    ContentType(u8), table CONTENT_TYPES {
        CHANGE_CIPHER_SPEC = 20 => "change_cipher_spec",
        ALERT = 21 => "alert",
        HANDSHAKE = 22 => "handshake",
        APPLICATION_DATA = 23 => "application_data",
        HEARTBEAT = 24 => "heartbeat",
        TLS12_CID = 25 => "tls12_cid",
        ACK = 26 => "ACK",
    }
}

registry! {
    /// Handshake message type (RFC 8446 §4, RFC 5246 §7.4, RFC 6066 §8).
    HandshakeType(u8), table HANDSHAKE_TYPES {
        HELLO_REQUEST = 0 => "hello_request",
        CLIENT_HELLO = 1 => "client_hello",
        SERVER_HELLO = 2 => "server_hello",
        HELLO_VERIFY_REQUEST = 3 => "hello_verify_request",
        NEW_SESSION_TICKET = 4 => "new_session_ticket",
        END_OF_EARLY_DATA = 5 => "end_of_early_data",
        HELLO_RETRY_REQUEST = 6 => "hello_retry_request",
        ENCRYPTED_EXTENSIONS = 8 => "encrypted_extensions",
        REQUEST_CONNECTION_ID = 9 => "request_connection_id",
        NEW_CONNECTION_ID = 10 => "new_connection_id",
        CERTIFICATE = 11 => "certificate",
        SERVER_KEY_EXCHANGE = 12 => "server_key_exchange",
        CERTIFICATE_REQUEST = 13 => "certificate_request",
        SERVER_HELLO_DONE = 14 => "server_hello_done",
        CERTIFICATE_VERIFY = 15 => "certificate_verify",
        CLIENT_KEY_EXCHANGE = 16 => "client_key_exchange",
        CLIENT_CERTIFICATE_REQUEST = 17 => "client_certificate_request",
        FINISHED = 20 => "finished",
        CERTIFICATE_URL = 21 => "certificate_url",
        CERTIFICATE_STATUS = 22 => "certificate_status",
        SUPPLEMENTAL_DATA = 23 => "supplemental_data",
        KEY_UPDATE = 24 => "key_update",
        COMPRESSED_CERTIFICATE = 25 => "compressed_certificate",
        EKT_KEY = 26 => "ekt_key",
        MESSAGE_HASH = 254 => "message_hash",
    }
}

registry! {
    /// Alert description (RFC 8446 §6, RFC 5246 §7.2, RFC 7507, RFC 7301).
    AlertDescription(u8), table ALERT_DESCRIPTIONS {
        CLOSE_NOTIFY = 0 => "close_notify",
        UNEXPECTED_MESSAGE = 10 => "unexpected_message",
        BAD_RECORD_MAC = 20 => "bad_record_mac",
        DECRYPTION_FAILED = 21 => "decryption_failed",
        RECORD_OVERFLOW = 22 => "record_overflow",
        DECOMPRESSION_FAILURE = 30 => "decompression_failure",
        HANDSHAKE_FAILURE = 40 => "handshake_failure",
        NO_CERTIFICATE = 41 => "no_certificate",
        BAD_CERTIFICATE = 42 => "bad_certificate",
        UNSUPPORTED_CERTIFICATE = 43 => "unsupported_certificate",
        CERTIFICATE_REVOKED = 44 => "certificate_revoked",
        CERTIFICATE_EXPIRED = 45 => "certificate_expired",
        CERTIFICATE_UNKNOWN = 46 => "certificate_unknown",
        ILLEGAL_PARAMETER = 47 => "illegal_parameter",
        UNKNOWN_CA = 48 => "unknown_ca",
        ACCESS_DENIED = 49 => "access_denied",
        DECODE_ERROR = 50 => "decode_error",
        DECRYPT_ERROR = 51 => "decrypt_error",
        EXPORT_RESTRICTION = 60 => "export_restriction",
        PROTOCOL_VERSION = 70 => "protocol_version",
        INSUFFICIENT_SECURITY = 71 => "insufficient_security",
        INTERNAL_ERROR = 80 => "internal_error",
        INAPPROPRIATE_FALLBACK = 86 => "inappropriate_fallback",
        USER_CANCELED = 90 => "user_canceled",
        NO_RENEGOTIATION = 100 => "no_renegotiation",
        MISSING_EXTENSION = 109 => "missing_extension",
        UNSUPPORTED_EXTENSION = 110 => "unsupported_extension",
        CERTIFICATE_UNOBTAINABLE = 111 => "certificate_unobtainable",
        UNRECOGNIZED_NAME = 112 => "unrecognized_name",
        BAD_CERTIFICATE_STATUS_RESPONSE = 113 => "bad_certificate_status_response",
        BAD_CERTIFICATE_HASH_VALUE = 114 => "bad_certificate_hash_value",
        UNKNOWN_PSK_IDENTITY = 115 => "unknown_psk_identity",
        CERTIFICATE_REQUIRED = 116 => "certificate_required",
        GENERAL_ERROR = 117 => "general_error",
        NO_APPLICATION_PROTOCOL = 120 => "no_application_protocol",
        ECH_REQUIRED = 121 => "ech_required",
    }
}

registry! {
    /// Alert level (RFC 5246 §7.2; TLS 1.3 keeps the byte but ignores it).
    AlertLevel(u8), table ALERT_LEVELS {
        WARNING = 1 => "warning",
        FATAL = 2 => "fatal",
    }
}

registry! {
    /// TLS ≤ 1.2 compression method (RFC 5246 §7.4.1.2, RFC 3749, RFC 3943).
    CompressionMethod(u8), table COMPRESSION_METHODS {
        NULL = 0 => "null",
        DEFLATE = 1 => "DEFLATE",
        LZS = 64 => "LZS",
    }
}

registry! {
    /// Extension type (IANA "TLS ExtensionType Values"). Two non-IANA codepoints that
    /// browsers send are included: NPN (0x3374) and ALPS (0x4469).
    ExtensionType(u16), table EXTENSION_TYPES {
        SERVER_NAME = 0 => "server_name",
        MAX_FRAGMENT_LENGTH = 1 => "max_fragment_length",
        CLIENT_CERTIFICATE_URL = 2 => "client_certificate_url",
        TRUSTED_CA_KEYS = 3 => "trusted_ca_keys",
        TRUNCATED_HMAC = 4 => "truncated_hmac",
        STATUS_REQUEST = 5 => "status_request",
        USER_MAPPING = 6 => "user_mapping",
        CLIENT_AUTHZ = 7 => "client_authz",
        SERVER_AUTHZ = 8 => "server_authz",
        CERT_TYPE = 9 => "cert_type",
        SUPPORTED_GROUPS = 10 => "supported_groups",
        EC_POINT_FORMATS = 11 => "ec_point_formats",
        SRP = 12 => "srp",
        SIGNATURE_ALGORITHMS = 13 => "signature_algorithms",
        USE_SRTP = 14 => "use_srtp",
        HEARTBEAT = 15 => "heartbeat",
        APPLICATION_LAYER_PROTOCOL_NEGOTIATION = 16 => "application_layer_protocol_negotiation",
        STATUS_REQUEST_V2 = 17 => "status_request_v2",
        SIGNED_CERTIFICATE_TIMESTAMP = 18 => "signed_certificate_timestamp",
        CLIENT_CERTIFICATE_TYPE = 19 => "client_certificate_type",
        SERVER_CERTIFICATE_TYPE = 20 => "server_certificate_type",
        PADDING = 21 => "padding",
        ENCRYPT_THEN_MAC = 22 => "encrypt_then_mac",
        EXTENDED_MASTER_SECRET = 23 => "extended_master_secret",
        TOKEN_BINDING = 24 => "token_binding",
        CACHED_INFO = 25 => "cached_info",
        TLS_LTS = 26 => "tls_lts",
        COMPRESS_CERTIFICATE = 27 => "compress_certificate",
        RECORD_SIZE_LIMIT = 28 => "record_size_limit",
        PWD_PROTECT = 29 => "pwd_protect",
        PWD_CLEAR = 30 => "pwd_clear",
        PASSWORD_SALT = 31 => "password_salt",
        TICKET_PINNING = 32 => "ticket_pinning",
        TLS_CERT_WITH_EXTERN_PSK = 33 => "tls_cert_with_extern_psk",
        DELEGATED_CREDENTIAL = 34 => "delegated_credential",
        SESSION_TICKET = 35 => "session_ticket",
        TLMSP = 36 => "TLMSP",
        TLMSP_PROXYING = 37 => "TLMSP_proxying",
        TLMSP_DELEGATE = 38 => "TLMSP_delegate",
        SUPPORTED_EKT_CIPHERS = 39 => "supported_ekt_ciphers",
        PRE_SHARED_KEY = 41 => "pre_shared_key",
        EARLY_DATA = 42 => "early_data",
        SUPPORTED_VERSIONS = 43 => "supported_versions",
        COOKIE = 44 => "cookie",
        PSK_KEY_EXCHANGE_MODES = 45 => "psk_key_exchange_modes",
        CERTIFICATE_AUTHORITIES = 47 => "certificate_authorities",
        OID_FILTERS = 48 => "oid_filters",
        POST_HANDSHAKE_AUTH = 49 => "post_handshake_auth",
        SIGNATURE_ALGORITHMS_CERT = 50 => "signature_algorithms_cert",
        KEY_SHARE = 51 => "key_share",
        TRANSPARENCY_INFO = 52 => "transparency_info",
        CONNECTION_ID_DEPRECATED = 53 => "connection_id (deprecated)",
        CONNECTION_ID = 54 => "connection_id",
        EXTERNAL_ID_HASH = 55 => "external_id_hash",
        EXTERNAL_SESSION_ID = 56 => "external_session_id",
        QUIC_TRANSPORT_PARAMETERS = 57 => "quic_transport_parameters",
        TICKET_REQUEST = 58 => "ticket_request",
        DNSSEC_CHAIN = 59 => "dnssec_chain",
        NEXT_PROTOCOL_NEGOTIATION = 0x3374 => "next_protocol_negotiation",
        APPLICATION_SETTINGS = 0x4469 => "application_settings",
        ENCRYPTED_CLIENT_HELLO = 0xFE0D => "encrypted_client_hello",
        RENEGOTIATION_INFO = 0xFF01 => "renegotiation_info",
    }
}

impl ExtensionType {
    /// True for RFC 8701 GREASE values.
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.0)
    }
}

// ---------------------------------------------------------------------------
// Supported groups
// ---------------------------------------------------------------------------

/// What kind of key exchange a named group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum GroupKind {
    /// Binary-field curve (sect*, RFC 8422 §5.1.1, deprecated).
    EcBinary,
    /// Prime-field Weierstrass curve (secp*, brainpool*).
    EcPrime,
    /// Montgomery curve for X25519 / X448 (RFC 7748).
    Montgomery,
    /// GOST R 34.10-2012 curve (RFC 9189).
    Gost,
    /// Chinese SM2 curve (RFC 8998).
    Sm2,
    /// Finite-field Diffie-Hellman group (RFC 7919).
    Ffdhe,
    /// Hybrid of a classic ECDH and ML-KEM (draft-ietf-tls-ecdhe-mlkem / RFC 10024).
    HybridMlKem,
    /// ML-KEM alone (draft-ietf-tls-mlkem).
    MlKem,
    /// Pre-standard Kyber hybrid, obsoleted by the ML-KEM hybrids.
    ObsoleteKyber,
    /// Placeholder for explicitly encoded curves (RFC 8422, deprecated).
    ExplicitCurves,
}

/// One row of the supported-groups table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GroupInfo {
    /// Codepoint.
    pub code: u16,
    /// IANA name.
    pub name: &'static str,
    /// Kind of group.
    pub kind: GroupKind,
    /// Size of the underlying field or modulus in bits (the classic part for hybrids).
    pub bits: u16,
    /// Length of a TLS 1.3 ClientHello `key_share` entry for this group, where the
    /// encoding is fixed (RFC 8446 §4.2.8.2, RFC 10024 §4, draft-ietf-tls-mlkem).
    pub client_share_len: Option<u16>,
    /// Length of the ServerHello `key_share` entry (differs from the client's for KEMs).
    pub server_share_len: Option<u16>,
}

const fn g(
    code: u16,
    name: &'static str,
    kind: GroupKind,
    bits: u16,
    client: u16,
    server: u16,
) -> GroupInfo {
    GroupInfo {
        code,
        name,
        kind,
        bits,
        client_share_len: if client == 0 { None } else { Some(client) },
        server_share_len: if server == 0 { None } else { Some(server) },
    }
}

/// A named group (`NamedGroup`, RFC 8446 §4.2.7; "elliptic curves" before RFC 7919).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NamedGroup(pub u16);

#[allow(missing_docs)]
impl NamedGroup {
    pub const SECT163K1: Self = Self(0x0001);
    pub const SECT163R1: Self = Self(0x0002);
    pub const SECT163R2: Self = Self(0x0003);
    pub const SECT193R1: Self = Self(0x0004);
    pub const SECT193R2: Self = Self(0x0005);
    pub const SECT233K1: Self = Self(0x0006);
    pub const SECT233R1: Self = Self(0x0007);
    pub const SECT239K1: Self = Self(0x0008);
    pub const SECT283K1: Self = Self(0x0009);
    pub const SECT283R1: Self = Self(0x000A);
    pub const SECT409K1: Self = Self(0x000B);
    pub const SECT409R1: Self = Self(0x000C);
    pub const SECT571K1: Self = Self(0x000D);
    pub const SECT571R1: Self = Self(0x000E);
    pub const SECP160K1: Self = Self(0x000F);
    pub const SECP160R1: Self = Self(0x0010);
    pub const SECP160R2: Self = Self(0x0011);
    pub const SECP192K1: Self = Self(0x0012);
    pub const SECP192R1: Self = Self(0x0013);
    pub const SECP224K1: Self = Self(0x0014);
    pub const SECP224R1: Self = Self(0x0015);
    pub const SECP256K1: Self = Self(0x0016);
    pub const SECP256R1: Self = Self(0x0017);
    pub const SECP384R1: Self = Self(0x0018);
    pub const SECP521R1: Self = Self(0x0019);
    pub const BRAINPOOLP256R1: Self = Self(0x001A);
    pub const BRAINPOOLP384R1: Self = Self(0x001B);
    pub const BRAINPOOLP512R1: Self = Self(0x001C);
    pub const X25519: Self = Self(0x001D);
    pub const X448: Self = Self(0x001E);
    pub const BRAINPOOLP256R1TLS13: Self = Self(0x001F);
    pub const BRAINPOOLP384R1TLS13: Self = Self(0x0020);
    pub const BRAINPOOLP512R1TLS13: Self = Self(0x0021);
    pub const GC256A: Self = Self(0x0022);
    pub const GC256B: Self = Self(0x0023);
    pub const GC256C: Self = Self(0x0024);
    pub const GC256D: Self = Self(0x0025);
    pub const GC512A: Self = Self(0x0026);
    pub const GC512B: Self = Self(0x0027);
    pub const GC512C: Self = Self(0x0028);
    pub const CURVE_SM2: Self = Self(0x0029);
    pub const FFDHE2048: Self = Self(0x0100);
    pub const FFDHE3072: Self = Self(0x0101);
    pub const FFDHE4096: Self = Self(0x0102);
    pub const FFDHE6144: Self = Self(0x0103);
    pub const FFDHE8192: Self = Self(0x0104);
    pub const MLKEM512: Self = Self(0x0200);
    pub const MLKEM768: Self = Self(0x0201);
    pub const MLKEM1024: Self = Self(0x0202);
    pub const SECP256R1_MLKEM768: Self = Self(0x11EB);
    pub const X25519_MLKEM768: Self = Self(0x11EC);
    pub const SECP384R1_MLKEM1024: Self = Self(0x11ED);
    pub const CURVE_SM2_MLKEM768: Self = Self(0x11EE);
    pub const X25519_KYBER768_DRAFT00: Self = Self(0x6399);
    pub const SECP256R1_KYBER768_DRAFT00: Self = Self(0x639A);
    pub const ARBITRARY_EXPLICIT_PRIME_CURVES: Self = Self(0xFF01);
    pub const ARBITRARY_EXPLICIT_CHAR2_CURVES: Self = Self(0xFF02);
}

/// Every named group pastoe knows, sorted by codepoint. Share lengths: RFC 8446
/// §4.2.8.2 (uncompressed points 1 + 2·32/48/66, X25519 32, X448 56, FFDHE = |p|),
/// pqc.md §1.2 / RFC 10024 §4 for hybrids, FIPS 203 sizes for ML-KEM.
#[rustfmt::skip]
pub static GROUPS: &[GroupInfo] = {
    use GroupKind::*;
    &[
        g(0x0001, "sect163k1", EcBinary, 163, 0, 0),
        g(0x0002, "sect163r1", EcBinary, 163, 0, 0),
        g(0x0003, "sect163r2", EcBinary, 163, 0, 0),
        g(0x0004, "sect193r1", EcBinary, 193, 0, 0),
        g(0x0005, "sect193r2", EcBinary, 193, 0, 0),
        g(0x0006, "sect233k1", EcBinary, 233, 0, 0),
        g(0x0007, "sect233r1", EcBinary, 233, 0, 0),
        g(0x0008, "sect239k1", EcBinary, 239, 0, 0),
        g(0x0009, "sect283k1", EcBinary, 283, 0, 0),
        g(0x000A, "sect283r1", EcBinary, 283, 0, 0),
        g(0x000B, "sect409k1", EcBinary, 409, 0, 0),
        g(0x000C, "sect409r1", EcBinary, 409, 0, 0),
        g(0x000D, "sect571k1", EcBinary, 571, 0, 0),
        g(0x000E, "sect571r1", EcBinary, 571, 0, 0),
        g(0x000F, "secp160k1", EcPrime, 160, 41, 41),
        g(0x0010, "secp160r1", EcPrime, 160, 41, 41),
        g(0x0011, "secp160r2", EcPrime, 160, 41, 41),
        g(0x0012, "secp192k1", EcPrime, 192, 49, 49),
        g(0x0013, "secp192r1", EcPrime, 192, 49, 49),
        g(0x0014, "secp224k1", EcPrime, 224, 57, 57),
        g(0x0015, "secp224r1", EcPrime, 224, 57, 57),
        g(0x0016, "secp256k1", EcPrime, 256, 65, 65),
        g(0x0017, "secp256r1", EcPrime, 256, 65, 65),
        g(0x0018, "secp384r1", EcPrime, 384, 97, 97),
        g(0x0019, "secp521r1", EcPrime, 521, 133, 133),
        g(0x001A, "brainpoolP256r1", EcPrime, 256, 65, 65),
        g(0x001B, "brainpoolP384r1", EcPrime, 384, 97, 97),
        g(0x001C, "brainpoolP512r1", EcPrime, 512, 129, 129),
        g(0x001D, "x25519", Montgomery, 255, 32, 32),
        g(0x001E, "x448", Montgomery, 448, 56, 56),
        g(0x001F, "brainpoolP256r1tls13", EcPrime, 256, 65, 65),
        g(0x0020, "brainpoolP384r1tls13", EcPrime, 384, 97, 97),
        g(0x0021, "brainpoolP512r1tls13", EcPrime, 512, 129, 129),
        g(0x0022, "GC256A", Gost, 256, 0, 0),
        g(0x0023, "GC256B", Gost, 256, 0, 0),
        g(0x0024, "GC256C", Gost, 256, 0, 0),
        g(0x0025, "GC256D", Gost, 256, 0, 0),
        g(0x0026, "GC512A", Gost, 512, 0, 0),
        g(0x0027, "GC512B", Gost, 512, 0, 0),
        g(0x0028, "GC512C", Gost, 512, 0, 0),
        g(0x0029, "curveSM2", Sm2, 256, 65, 65),
        g(0x0100, "ffdhe2048", Ffdhe, 2048, 256, 256),
        g(0x0101, "ffdhe3072", Ffdhe, 3072, 384, 384),
        g(0x0102, "ffdhe4096", Ffdhe, 4096, 512, 512),
        g(0x0103, "ffdhe6144", Ffdhe, 6144, 768, 768),
        g(0x0104, "ffdhe8192", Ffdhe, 8192, 1024, 1024),
        g(0x0200, "MLKEM512", MlKem, 0, 800, 768),
        g(0x0201, "MLKEM768", MlKem, 0, 1184, 1088),
        g(0x0202, "MLKEM1024", MlKem, 0, 1568, 1568),
        g(0x11EB, "SecP256r1MLKEM768", HybridMlKem, 256, 1249, 1153),
        g(0x11EC, "X25519MLKEM768", HybridMlKem, 255, 1216, 1120),
        g(0x11ED, "SecP384r1MLKEM1024", HybridMlKem, 384, 1665, 1665),
        g(0x11EE, "curveSM2MLKEM768", HybridMlKem, 256, 1249, 1153),
        g(
            0x6399,
            "X25519Kyber768Draft00",
            ObsoleteKyber,
            255,
            1216,
            1120,
        ),
        g(
            0x639A,
            "SecP256r1Kyber768Draft00",
            ObsoleteKyber,
            256,
            1249,
            1153,
        ),
        g(
            0xFF01,
            "arbitrary_explicit_prime_curves",
            ExplicitCurves,
            0,
            0,
            0,
        ),
        g(
            0xFF02,
            "arbitrary_explicit_char2_curves",
            ExplicitCurves,
            0,
            0,
            0,
        ),
    ]
};

impl NamedGroup {
    /// True for groups with an ML-KEM (or Kyber) component.
    pub fn is_post_quantum(self) -> bool {
        matches!(
            self.info().map(|g| g.kind),
            Some(GroupKind::HybridMlKem | GroupKind::MlKem | GroupKind::ObsoleteKyber)
        )
    }

    /// True for RFC 8701 GREASE values.
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.0)
    }
}

// ---------------------------------------------------------------------------
// Signature schemes
// ---------------------------------------------------------------------------

/// Hash used by a signature scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SM3.
    Sm3,
    /// GOST R 34.11-2012 (Streebog).
    Streebog,
    /// The algorithm hashes internally (EdDSA, ML-DSA).
    Intrinsic,
}

/// Signature algorithm of a signature scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1,
    /// RSASSA-PSS with an rsaEncryption key.
    RsaPssRsae,
    /// RSASSA-PSS with an RSASSA-PSS key.
    RsaPssPss,
    /// DSA.
    Dsa,
    /// ECDSA.
    Ecdsa,
    /// Ed25519.
    Ed25519,
    /// Ed448.
    Ed448,
    /// ML-DSA (FIPS 204).
    MlDsa,
    /// SM2.
    Sm2,
    /// GOST R 34.10-2012.
    Gost,
}

/// One row of the signature-scheme table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SigSchemeInfo {
    /// Codepoint (TLS 1.2: hash byte, signature byte; TLS 1.3: scheme).
    pub code: u16,
    /// IANA name; for TLS 1.2-only (hash, signature) pairs that the TLS 1.3 registry
    /// does not name, `<sig>_<hash>` after RFC 5246 §7.4.1.4.1.
    pub name: &'static str,
    /// Hash.
    pub hash: HashAlgorithm,
    /// Signature algorithm.
    pub signature: SignatureAlgorithm,
}

const fn ss(
    code: u16,
    name: &'static str,
    hash: HashAlgorithm,
    signature: SignatureAlgorithm,
) -> SigSchemeInfo {
    SigSchemeInfo {
        code,
        name,
        hash,
        signature,
    }
}

/// A signature scheme (RFC 8446 §4.2.3) or TLS 1.2 `SignatureAndHashAlgorithm`
/// pair (RFC 5246 §7.4.1.4.1), which share one u16 codepoint space.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SignatureScheme(pub u16);

#[allow(missing_docs)]
impl SignatureScheme {
    pub const RSA_MD5: Self = Self(0x0101);
    pub const DSA_MD5: Self = Self(0x0102);
    pub const ECDSA_MD5: Self = Self(0x0103);
    pub const RSA_PKCS1_SHA1: Self = Self(0x0201);
    pub const DSA_SHA1: Self = Self(0x0202);
    pub const ECDSA_SHA1: Self = Self(0x0203);
    pub const RSA_SHA224: Self = Self(0x0301);
    pub const DSA_SHA224: Self = Self(0x0302);
    pub const ECDSA_SHA224: Self = Self(0x0303);
    pub const RSA_PKCS1_SHA256: Self = Self(0x0401);
    pub const DSA_SHA256: Self = Self(0x0402);
    pub const ECDSA_SECP256R1_SHA256: Self = Self(0x0403);
    pub const RSA_PKCS1_SHA384: Self = Self(0x0501);
    pub const DSA_SHA384: Self = Self(0x0502);
    pub const ECDSA_SECP384R1_SHA384: Self = Self(0x0503);
    pub const RSA_PKCS1_SHA512: Self = Self(0x0601);
    pub const DSA_SHA512: Self = Self(0x0602);
    pub const ECDSA_SECP521R1_SHA512: Self = Self(0x0603);
    pub const SM2SIG_SM3: Self = Self(0x0708);
    pub const GOSTR34102012_256A: Self = Self(0x0709);
    pub const GOSTR34102012_256B: Self = Self(0x070A);
    pub const GOSTR34102012_256C: Self = Self(0x070B);
    pub const GOSTR34102012_256D: Self = Self(0x070C);
    pub const GOSTR34102012_512A: Self = Self(0x070D);
    pub const GOSTR34102012_512B: Self = Self(0x070E);
    pub const GOSTR34102012_512C: Self = Self(0x070F);
    pub const RSA_PSS_RSAE_SHA256: Self = Self(0x0804);
    pub const RSA_PSS_RSAE_SHA384: Self = Self(0x0805);
    pub const RSA_PSS_RSAE_SHA512: Self = Self(0x0806);
    pub const ED25519: Self = Self(0x0807);
    pub const ED448: Self = Self(0x0808);
    pub const RSA_PSS_PSS_SHA256: Self = Self(0x0809);
    pub const RSA_PSS_PSS_SHA384: Self = Self(0x080A);
    pub const RSA_PSS_PSS_SHA512: Self = Self(0x080B);
    pub const ECDSA_BRAINPOOLP256R1TLS13_SHA256: Self = Self(0x081A);
    pub const ECDSA_BRAINPOOLP384R1TLS13_SHA384: Self = Self(0x081B);
    pub const ECDSA_BRAINPOOLP512R1TLS13_SHA512: Self = Self(0x081C);
    pub const MLDSA44: Self = Self(0x0904);
    pub const MLDSA65: Self = Self(0x0905);
    pub const MLDSA87: Self = Self(0x0906);
}

/// Every signature scheme pastoe knows, sorted by codepoint.
#[rustfmt::skip]
pub static SIGNATURE_SCHEMES: &[SigSchemeInfo] = {
    use HashAlgorithm as H;
    use SignatureAlgorithm as S;
    &[
        ss(0x0101, "rsa_md5", H::Md5, S::RsaPkcs1),
        ss(0x0102, "dsa_md5", H::Md5, S::Dsa),
        ss(0x0103, "ecdsa_md5", H::Md5, S::Ecdsa),
        ss(0x0201, "rsa_pkcs1_sha1", H::Sha1, S::RsaPkcs1),
        ss(0x0202, "dsa_sha1", H::Sha1, S::Dsa),
        ss(0x0203, "ecdsa_sha1", H::Sha1, S::Ecdsa),
        ss(0x0301, "rsa_sha224", H::Sha224, S::RsaPkcs1),
        ss(0x0302, "dsa_sha224", H::Sha224, S::Dsa),
        ss(0x0303, "ecdsa_sha224", H::Sha224, S::Ecdsa),
        ss(0x0401, "rsa_pkcs1_sha256", H::Sha256, S::RsaPkcs1),
        ss(0x0402, "dsa_sha256", H::Sha256, S::Dsa),
        ss(0x0403, "ecdsa_secp256r1_sha256", H::Sha256, S::Ecdsa),
        ss(0x0501, "rsa_pkcs1_sha384", H::Sha384, S::RsaPkcs1),
        ss(0x0502, "dsa_sha384", H::Sha384, S::Dsa),
        ss(0x0503, "ecdsa_secp384r1_sha384", H::Sha384, S::Ecdsa),
        ss(0x0601, "rsa_pkcs1_sha512", H::Sha512, S::RsaPkcs1),
        ss(0x0602, "dsa_sha512", H::Sha512, S::Dsa),
        ss(0x0603, "ecdsa_secp521r1_sha512", H::Sha512, S::Ecdsa),
        ss(0x0708, "sm2sig_sm3", H::Sm3, S::Sm2),
        ss(0x0709, "gostr34102012_256a", H::Streebog, S::Gost),
        ss(0x070A, "gostr34102012_256b", H::Streebog, S::Gost),
        ss(0x070B, "gostr34102012_256c", H::Streebog, S::Gost),
        ss(0x070C, "gostr34102012_256d", H::Streebog, S::Gost),
        ss(0x070D, "gostr34102012_512a", H::Streebog, S::Gost),
        ss(0x070E, "gostr34102012_512b", H::Streebog, S::Gost),
        ss(0x070F, "gostr34102012_512c", H::Streebog, S::Gost),
        ss(0x0804, "rsa_pss_rsae_sha256", H::Sha256, S::RsaPssRsae),
        ss(0x0805, "rsa_pss_rsae_sha384", H::Sha384, S::RsaPssRsae),
        ss(0x0806, "rsa_pss_rsae_sha512", H::Sha512, S::RsaPssRsae),
        ss(0x0807, "ed25519", H::Intrinsic, S::Ed25519),
        ss(0x0808, "ed448", H::Intrinsic, S::Ed448),
        ss(0x0809, "rsa_pss_pss_sha256", H::Sha256, S::RsaPssPss),
        ss(0x080A, "rsa_pss_pss_sha384", H::Sha384, S::RsaPssPss),
        ss(0x080B, "rsa_pss_pss_sha512", H::Sha512, S::RsaPssPss),
        ss(
            0x081A,
            "ecdsa_brainpoolP256r1tls13_sha256",
            H::Sha256,
            S::Ecdsa,
        ),
        ss(
            0x081B,
            "ecdsa_brainpoolP384r1tls13_sha384",
            H::Sha384,
            S::Ecdsa,
        ),
        ss(
            0x081C,
            "ecdsa_brainpoolP512r1tls13_sha512",
            H::Sha512,
            S::Ecdsa,
        ),
        ss(0x0904, "mldsa44", H::Intrinsic, S::MlDsa),
        ss(0x0905, "mldsa65", H::Intrinsic, S::MlDsa),
        ss(0x0906, "mldsa87", H::Intrinsic, S::MlDsa),
    ]
};

impl SignatureScheme {
    /// True for RFC 8701 GREASE values.
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.0)
    }
}

// ---------------------------------------------------------------------------
// Cipher suites
// ---------------------------------------------------------------------------

/// Key exchange of a cipher suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum KeyExchange {
    /// TLS 1.3 suite: key exchange is negotiated by `key_share`, not the suite.
    Any,
    /// No key exchange (`TLS_NULL_WITH_NULL_NULL`).
    Null,
    /// Static RSA key transport (no forward secrecy).
    Rsa,
    /// Static (certificate) Diffie-Hellman.
    Dh,
    /// Ephemeral Diffie-Hellman, authenticated.
    Dhe,
    /// Static (certificate) elliptic-curve Diffie-Hellman.
    Ecdh,
    /// Ephemeral elliptic-curve Diffie-Hellman, authenticated.
    Ecdhe,
    /// Anonymous ephemeral Diffie-Hellman (no authentication).
    DhAnon,
    /// Anonymous ephemeral ECDH (no authentication).
    EcdhAnon,
    /// Pre-shared key alone (RFC 4279).
    Psk,
    /// DHE with a pre-shared key.
    DhePsk,
    /// ECDHE with a pre-shared key (RFC 5489).
    EcdhePsk,
    /// RSA key transport with a pre-shared key.
    RsaPsk,
    /// Secure Remote Password (RFC 5054).
    Srp,
    /// Kerberos 5 (RFC 2712).
    Krb5,
    /// ECC password (RFC 8492).
    EccPwd,
    /// GOST (RFC 9189).
    Gost,
    /// Not a suite: a signalling cipher-suite value (SCSV).
    Signalling,
}

impl KeyExchange {
    /// True when the key exchange gives forward secrecy (ephemeral DH of some kind;
    /// TLS 1.3 suites always do).
    pub fn is_forward_secret(self) -> bool {
        matches!(
            self,
            Self::Any
                | Self::Dhe
                | Self::Ecdhe
                | Self::DhAnon
                | Self::EcdhAnon
                | Self::DhePsk
                | Self::EcdhePsk
                | Self::EccPwd
        )
    }
}

/// Authentication of a cipher suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Authentication {
    /// TLS 1.3 suite: authentication comes from the certificate / signature scheme.
    Any,
    /// None at all (NULL suite, SCSV).
    Null,
    /// Anonymous: no authentication.
    Anon,
    /// RSA certificate.
    Rsa,
    /// DSA (DSS) certificate.
    Dss,
    /// ECDSA certificate.
    Ecdsa,
    /// Pre-shared key.
    Psk,
    /// SRP verifier.
    Srp,
    /// Kerberos ticket.
    Krb5,
    /// Password (ECCPWD).
    Password,
    /// GOST certificate.
    Gost,
}

/// Bulk cipher of a cipher suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BulkCipher {
    /// No encryption.
    Null,
    /// RC4.
    Rc4,
    /// RC2.
    Rc2,
    /// DES (56-bit key; 40 for export).
    Des,
    /// Triple DES (EDE, 168-bit key, 112-bit security).
    TripleDes,
    /// IDEA.
    Idea,
    /// SEED.
    Seed,
    /// AES.
    Aes,
    /// Camellia.
    Camellia,
    /// ARIA.
    Aria,
    /// ChaCha20.
    ChaCha20,
    /// SM4.
    Sm4,
    /// AEGIS-256.
    Aegis256,
    /// AEGIS-128L.
    Aegis128L,
    /// GOST 28147-89.
    Gost28147,
    /// Kuznyechik (GOST R 34.12-2015, 128-bit block).
    Kuznyechik,
    /// Magma (GOST R 34.12-2015, 64-bit block).
    Magma,
}

/// Mode of operation of a cipher suite's bulk cipher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CipherMode {
    /// No encryption.
    Null,
    /// Stream cipher (RC4).
    Stream,
    /// CBC with HMAC (MAC-then-encrypt unless encrypt_then_mac).
    Cbc,
    /// AES/ARIA/Camellia/SM4-GCM (AEAD).
    Gcm,
    /// CCM with a 16-byte tag (AEAD).
    Ccm,
    /// CCM with an 8-byte tag (AEAD).
    Ccm8,
    /// ChaCha20-Poly1305 (AEAD).
    ChaCha20Poly1305,
    /// AEGIS (AEAD).
    Aegis,
    /// GOST MGM (AEAD, TLS 1.3).
    Mgm,
    /// GOST CTR with OMAC.
    CtrOmac,
    /// GOST 28147 CNT with IMIT.
    CntImit,
}

impl CipherMode {
    /// True for authenticated-encryption modes.
    pub fn is_aead(self) -> bool {
        matches!(
            self,
            Self::Gcm | Self::Ccm | Self::Ccm8 | Self::ChaCha20Poly1305 | Self::Aegis | Self::Mgm
        )
    }
}

/// The hash a suite names: the HMAC hash for stream/CBC suites; for AEAD suites
/// the PRF (TLS 1.2) or HKDF (TLS 1.3) hash, integrity coming from the AEAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MacHash {
    /// No MAC.
    Null,
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SM3.
    Sm3,
    /// GOST R 34.11-2012 256-bit.
    Streebog256,
}

/// One row of the cipher-suite table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SuiteInfo {
    /// Codepoint.
    pub code: u16,
    /// IANA name (or the customary name for the few non-IANA codepoints).
    pub name: &'static str,
    /// Key exchange.
    pub kx: KeyExchange,
    /// Authentication.
    pub auth: Authentication,
    /// Bulk cipher.
    pub cipher: BulkCipher,
    /// Key length of the bulk cipher in bits (3DES: 168; export: 40 or 56).
    pub key_bits: u16,
    /// Mode of operation.
    pub mode: CipherMode,
    /// MAC / PRF hash.
    pub mac: MacHash,
    /// Lowest protocol version that can negotiate the suite.
    pub min_version: ProtocolVersion,
    /// Highest protocol version that can negotiate the suite (TLS 1.3 suites are
    /// 1.3-only; no ≤ 1.2 suite is valid in TLS 1.3).
    pub max_version: ProtocolVersion,
    /// Export-grade (40/56-bit) suite.
    pub export: bool,
    /// A signalling value (SCSV), not a real suite.
    pub signalling: bool,
    /// Listed in the IANA registry (false for the few widely deployed extras).
    pub iana: bool,
}

impl SuiteInfo {
    /// True when the suite can be negotiated at `version`.
    pub fn valid_for(&self, version: ProtocolVersion) -> bool {
        !self.signalling && self.min_version <= version && version <= self.max_version
    }

    /// True for TLS 1.3 suites.
    pub fn is_tls13(&self) -> bool {
        self.min_version == ProtocolVersion::TLSV1_3
    }
}

const EXPORT: u8 = 1;
const SCSV: u8 = 2;
const NON_IANA: u8 = 4;
const SSL3: ProtocolVersion = ProtocolVersion::SSLV3;
const TLS10: ProtocolVersion = ProtocolVersion::TLSV1_0;
const TLS11: ProtocolVersion = ProtocolVersion::TLSV1_1;
const TLS12: ProtocolVersion = ProtocolVersion::TLSV1_2;
const TLS13: ProtocolVersion = ProtocolVersion::TLSV1_3;

#[allow(clippy::too_many_arguments)]
const fn s(
    code: u16,
    name: &'static str,
    kx: KeyExchange,
    auth: Authentication,
    cipher: BulkCipher,
    key_bits: u16,
    mode: CipherMode,
    mac: MacHash,
    min_version: ProtocolVersion,
    max_version: ProtocolVersion,
    flags: u8,
) -> SuiteInfo {
    SuiteInfo {
        code,
        name,
        kx,
        auth,
        cipher,
        key_bits,
        mode,
        mac,
        min_version,
        max_version,
        export: flags & EXPORT != 0,
        signalling: flags & SCSV != 0,
        iana: flags & NON_IANA == 0,
    }
}

use Authentication as A;
use BulkCipher as C;
use CipherMode as M;
use KeyExchange as K;
use MacHash as H;

/// A cipher suite codepoint (RFC 8446 §B.4, RFC 5246 §A.5). Constants carry the
/// IANA name upper-cased (`TLS_DH_anon_…` becomes `TLS_DH_ANON_…`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CipherSuite(pub u16);

impl CipherSuite {
    /// True for the signalling values 0x00FF and 0x5600.
    pub fn is_signalling(self) -> bool {
        self.info().is_some_and(|s| s.signalling)
    }

    /// True for RFC 8701 GREASE values.
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.0)
    }

    /// Every known suite that can be negotiated at `version` (SCSVs excluded),
    /// in codepoint order.
    pub fn all_for(version: ProtocolVersion) -> impl Iterator<Item = CipherSuite> {
        CIPHER_SUITES
            .iter()
            .filter(move |s| s.valid_for(version))
            .map(|s| CipherSuite(s.code))
    }
}

macro_rules! debug_display_by_name {
    ($($t:ty),*) => {$(
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}(0x{:04X})", n, self.0),
                    None => write!(f, "{}(0x{:04X})", stringify!($t), self.0),
                }
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "unknown(0x{:04X})", self.0),
                }
            }
        }
        impl From<u16> for $t {
            fn from(v: u16) -> Self {
                Self(v)
            }
        }
    )*};
}
debug_display_by_name!(CipherSuite, NamedGroup, SignatureScheme);

// BEGIN GENERATED by tools/gen_suites.py from the IANA TLS Cipher Suites registry
/// Every cipher suite pastoe can name: 362 entries, sorted by codepoint.
#[rustfmt::skip]
pub static CIPHER_SUITES: &[SuiteInfo] = &[
    s(0x0000, "TLS_NULL_WITH_NULL_NULL", K::Null, A::Null, C::Null, 0, M::Null, H::Null, SSL3, TLS12, 0),
    s(0x0001, "TLS_RSA_WITH_NULL_MD5", K::Rsa, A::Rsa, C::Null, 0, M::Null, H::Md5, SSL3, TLS12, 0),
    s(0x0002, "TLS_RSA_WITH_NULL_SHA", K::Rsa, A::Rsa, C::Null, 0, M::Null, H::Sha1, SSL3, TLS12, 0),
    s(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", K::Rsa, A::Rsa, C::Rc4, 40, M::Stream, H::Md5, SSL3, TLS10, EXPORT),
    s(0x0004, "TLS_RSA_WITH_RC4_128_MD5", K::Rsa, A::Rsa, C::Rc4, 128, M::Stream, H::Md5, SSL3, TLS12, 0),
    s(0x0005, "TLS_RSA_WITH_RC4_128_SHA", K::Rsa, A::Rsa, C::Rc4, 128, M::Stream, H::Sha1, SSL3, TLS12, 0),
    s(0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", K::Rsa, A::Rsa, C::Rc2, 40, M::Cbc, H::Md5, SSL3, TLS10, EXPORT),
    s(0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", K::Rsa, A::Rsa, C::Idea, 128, M::Cbc, H::Sha1, SSL3, TLS11, 0),
    s(0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", K::Rsa, A::Rsa, C::Des, 40, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT),
    s(0x0009, "TLS_RSA_WITH_DES_CBC_SHA", K::Rsa, A::Rsa, C::Des, 56, M::Cbc, H::Sha1, SSL3, TLS11, 0),
    s(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", K::Rsa, A::Rsa, C::TripleDes, 168, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x000B, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", K::Dh, A::Dss, C::Des, 40, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT),
    s(0x000C, "TLS_DH_DSS_WITH_DES_CBC_SHA", K::Dh, A::Dss, C::Des, 56, M::Cbc, H::Sha1, SSL3, TLS11, 0),
    s(0x000D, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", K::Dh, A::Dss, C::TripleDes, 168, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x000E, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", K::Dh, A::Rsa, C::Des, 40, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT),
    s(0x000F, "TLS_DH_RSA_WITH_DES_CBC_SHA", K::Dh, A::Rsa, C::Des, 56, M::Cbc, H::Sha1, SSL3, TLS11, 0),
    s(0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", K::Dh, A::Rsa, C::TripleDes, 168, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", K::Dhe, A::Dss, C::Des, 40, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT),
    s(0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA", K::Dhe, A::Dss, C::Des, 56, M::Cbc, H::Sha1, SSL3, TLS11, 0),
    s(0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", K::Dhe, A::Dss, C::TripleDes, 168, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", K::Dhe, A::Rsa, C::Des, 40, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT),
    s(0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", K::Dhe, A::Rsa, C::Des, 56, M::Cbc, H::Sha1, SSL3, TLS11, 0),
    s(0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", K::Dhe, A::Rsa, C::TripleDes, 168, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", K::DhAnon, A::Anon, C::Rc4, 40, M::Stream, H::Md5, SSL3, TLS10, EXPORT),
    s(0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", K::DhAnon, A::Anon, C::Rc4, 128, M::Stream, H::Md5, SSL3, TLS12, 0),
    s(0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", K::DhAnon, A::Anon, C::Des, 40, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT),
    s(0x001A, "TLS_DH_anon_WITH_DES_CBC_SHA", K::DhAnon, A::Anon, C::Des, 56, M::Cbc, H::Sha1, SSL3, TLS11, 0),
    s(0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", K::DhAnon, A::Anon, C::TripleDes, 168, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x001E, "TLS_KRB5_WITH_DES_CBC_SHA", K::Krb5, A::Krb5, C::Des, 56, M::Cbc, H::Sha1, SSL3, TLS11, 0),
    s(0x001F, "TLS_KRB5_WITH_3DES_EDE_CBC_SHA", K::Krb5, A::Krb5, C::TripleDes, 168, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0020, "TLS_KRB5_WITH_RC4_128_SHA", K::Krb5, A::Krb5, C::Rc4, 128, M::Stream, H::Sha1, SSL3, TLS12, 0),
    s(0x0021, "TLS_KRB5_WITH_IDEA_CBC_SHA", K::Krb5, A::Krb5, C::Idea, 128, M::Cbc, H::Sha1, SSL3, TLS11, 0),
    s(0x0022, "TLS_KRB5_WITH_DES_CBC_MD5", K::Krb5, A::Krb5, C::Des, 56, M::Cbc, H::Md5, SSL3, TLS11, 0),
    s(0x0023, "TLS_KRB5_WITH_3DES_EDE_CBC_MD5", K::Krb5, A::Krb5, C::TripleDes, 168, M::Cbc, H::Md5, SSL3, TLS12, 0),
    s(0x0024, "TLS_KRB5_WITH_RC4_128_MD5", K::Krb5, A::Krb5, C::Rc4, 128, M::Stream, H::Md5, SSL3, TLS12, 0),
    s(0x0025, "TLS_KRB5_WITH_IDEA_CBC_MD5", K::Krb5, A::Krb5, C::Idea, 128, M::Cbc, H::Md5, SSL3, TLS11, 0),
    s(0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA", K::Krb5, A::Krb5, C::Des, 40, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT),
    s(0x0027, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA", K::Krb5, A::Krb5, C::Rc2, 40, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT),
    s(0x0028, "TLS_KRB5_EXPORT_WITH_RC4_40_SHA", K::Krb5, A::Krb5, C::Rc4, 40, M::Stream, H::Sha1, SSL3, TLS10, EXPORT),
    s(0x0029, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5", K::Krb5, A::Krb5, C::Des, 40, M::Cbc, H::Md5, SSL3, TLS10, EXPORT),
    s(0x002A, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5", K::Krb5, A::Krb5, C::Rc2, 40, M::Cbc, H::Md5, SSL3, TLS10, EXPORT),
    s(0x002B, "TLS_KRB5_EXPORT_WITH_RC4_40_MD5", K::Krb5, A::Krb5, C::Rc4, 40, M::Stream, H::Md5, SSL3, TLS10, EXPORT),
    s(0x002C, "TLS_PSK_WITH_NULL_SHA", K::Psk, A::Psk, C::Null, 0, M::Null, H::Sha1, TLS10, TLS12, 0),
    s(0x002D, "TLS_DHE_PSK_WITH_NULL_SHA", K::DhePsk, A::Psk, C::Null, 0, M::Null, H::Sha1, TLS10, TLS12, 0),
    s(0x002E, "TLS_RSA_PSK_WITH_NULL_SHA", K::RsaPsk, A::Rsa, C::Null, 0, M::Null, H::Sha1, TLS10, TLS12, 0),
    s(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", K::Rsa, A::Rsa, C::Aes, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA", K::Dh, A::Dss, C::Aes, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA", K::Dh, A::Rsa, C::Aes, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", K::Dhe, A::Dss, C::Aes, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", K::Dhe, A::Rsa, C::Aes, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", K::DhAnon, A::Anon, C::Aes, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", K::Rsa, A::Rsa, C::Aes, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA", K::Dh, A::Dss, C::Aes, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA", K::Dh, A::Rsa, C::Aes, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", K::Dhe, A::Dss, C::Aes, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", K::Dhe, A::Rsa, C::Aes, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA", K::DhAnon, A::Anon, C::Aes, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x003B, "TLS_RSA_WITH_NULL_SHA256", K::Rsa, A::Rsa, C::Null, 0, M::Null, H::Sha256, TLS12, TLS12, 0),
    s(0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", K::Rsa, A::Rsa, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", K::Rsa, A::Rsa, C::Aes, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x003E, "TLS_DH_DSS_WITH_AES_128_CBC_SHA256", K::Dh, A::Dss, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x003F, "TLS_DH_RSA_WITH_AES_128_CBC_SHA256", K::Dh, A::Rsa, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", K::Dhe, A::Dss, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", K::Rsa, A::Rsa, C::Camellia, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", K::Dh, A::Dss, C::Camellia, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", K::Dh, A::Rsa, C::Camellia, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", K::Dhe, A::Dss, C::Camellia, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", K::Dhe, A::Rsa, C::Camellia, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", K::DhAnon, A::Anon, C::Camellia, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0060, "TLS_RSA_EXPORT1024_WITH_RC4_56_MD5", K::Rsa, A::Rsa, C::Rc4, 56, M::Stream, H::Md5, SSL3, TLS10, EXPORT | NON_IANA),
    s(0x0061, "TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5", K::Rsa, A::Rsa, C::Rc2, 56, M::Cbc, H::Md5, SSL3, TLS10, EXPORT | NON_IANA),
    s(0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", K::Rsa, A::Rsa, C::Des, 56, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT | NON_IANA),
    s(0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA", K::Dhe, A::Dss, C::Des, 56, M::Cbc, H::Sha1, SSL3, TLS10, EXPORT | NON_IANA),
    s(0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", K::Rsa, A::Rsa, C::Rc4, 56, M::Stream, H::Sha1, SSL3, TLS10, EXPORT | NON_IANA),
    s(0x0065, "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA", K::Dhe, A::Dss, C::Rc4, 56, M::Stream, H::Sha1, SSL3, TLS10, EXPORT | NON_IANA),
    s(0x0066, "TLS_DHE_DSS_WITH_RC4_128_SHA", K::Dhe, A::Dss, C::Rc4, 128, M::Stream, H::Sha1, SSL3, TLS12, NON_IANA),
    s(0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", K::Dhe, A::Rsa, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x0068, "TLS_DH_DSS_WITH_AES_256_CBC_SHA256", K::Dh, A::Dss, C::Aes, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x0069, "TLS_DH_RSA_WITH_AES_256_CBC_SHA256", K::Dh, A::Rsa, C::Aes, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", K::Dhe, A::Dss, C::Aes, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", K::Dhe, A::Rsa, C::Aes, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", K::DhAnon, A::Anon, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", K::DhAnon, A::Anon, C::Aes, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", K::Rsa, A::Rsa, C::Camellia, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", K::Dh, A::Dss, C::Camellia, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", K::Dh, A::Rsa, C::Camellia, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", K::Dhe, A::Dss, C::Camellia, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", K::Dhe, A::Rsa, C::Camellia, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", K::DhAnon, A::Anon, C::Camellia, 256, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x008A, "TLS_PSK_WITH_RC4_128_SHA", K::Psk, A::Psk, C::Rc4, 128, M::Stream, H::Sha1, TLS10, TLS12, 0),
    s(0x008B, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", K::Psk, A::Psk, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA", K::Psk, A::Psk, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA", K::Psk, A::Psk, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0x008E, "TLS_DHE_PSK_WITH_RC4_128_SHA", K::DhePsk, A::Psk, C::Rc4, 128, M::Stream, H::Sha1, TLS10, TLS12, 0),
    s(0x008F, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", K::DhePsk, A::Psk, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", K::DhePsk, A::Psk, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", K::DhePsk, A::Psk, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", K::RsaPsk, A::Rsa, C::Rc4, 128, M::Stream, H::Sha1, TLS10, TLS12, 0),
    s(0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", K::RsaPsk, A::Rsa, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", K::RsaPsk, A::Rsa, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", K::RsaPsk, A::Rsa, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", K::Rsa, A::Rsa, C::Seed, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA", K::Dh, A::Dss, C::Seed, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA", K::Dh, A::Rsa, C::Seed, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA", K::Dhe, A::Dss, C::Seed, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x009A, "TLS_DHE_RSA_WITH_SEED_CBC_SHA", K::Dhe, A::Rsa, C::Seed, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x009B, "TLS_DH_anon_WITH_SEED_CBC_SHA", K::DhAnon, A::Anon, C::Seed, 128, M::Cbc, H::Sha1, SSL3, TLS12, 0),
    s(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", K::Rsa, A::Rsa, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", K::Rsa, A::Rsa, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", K::Dhe, A::Rsa, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", K::Dhe, A::Rsa, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0x00A0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256", K::Dh, A::Rsa, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0x00A1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384", K::Dh, A::Rsa, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", K::Dhe, A::Dss, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", K::Dhe, A::Dss, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0x00A4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256", K::Dh, A::Dss, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0x00A5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384", K::Dh, A::Dss, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", K::DhAnon, A::Anon, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", K::DhAnon, A::Anon, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256", K::Psk, A::Psk, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384", K::Psk, A::Psk, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", K::DhePsk, A::Psk, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", K::DhePsk, A::Psk, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", K::RsaPsk, A::Rsa, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", K::RsaPsk, A::Rsa, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256", K::Psk, A::Psk, C::Aes, 128, M::Cbc, H::Sha256, TLS10, TLS12, 0),
    s(0x00AF, "TLS_PSK_WITH_AES_256_CBC_SHA384", K::Psk, A::Psk, C::Aes, 256, M::Cbc, H::Sha384, TLS10, TLS12, 0),
    s(0x00B0, "TLS_PSK_WITH_NULL_SHA256", K::Psk, A::Psk, C::Null, 0, M::Null, H::Sha256, TLS10, TLS12, 0),
    s(0x00B1, "TLS_PSK_WITH_NULL_SHA384", K::Psk, A::Psk, C::Null, 0, M::Null, H::Sha384, TLS10, TLS12, 0),
    s(0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", K::DhePsk, A::Psk, C::Aes, 128, M::Cbc, H::Sha256, TLS10, TLS12, 0),
    s(0x00B3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", K::DhePsk, A::Psk, C::Aes, 256, M::Cbc, H::Sha384, TLS10, TLS12, 0),
    s(0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256", K::DhePsk, A::Psk, C::Null, 0, M::Null, H::Sha256, TLS10, TLS12, 0),
    s(0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384", K::DhePsk, A::Psk, C::Null, 0, M::Null, H::Sha384, TLS10, TLS12, 0),
    s(0x00B6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", K::RsaPsk, A::Rsa, C::Aes, 128, M::Cbc, H::Sha256, TLS10, TLS12, 0),
    s(0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", K::RsaPsk, A::Rsa, C::Aes, 256, M::Cbc, H::Sha384, TLS10, TLS12, 0),
    s(0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256", K::RsaPsk, A::Rsa, C::Null, 0, M::Null, H::Sha256, TLS10, TLS12, 0),
    s(0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384", K::RsaPsk, A::Rsa, C::Null, 0, M::Null, H::Sha384, TLS10, TLS12, 0),
    s(0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", K::Rsa, A::Rsa, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00BB, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256", K::Dh, A::Dss, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00BC, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256", K::Dh, A::Rsa, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00BD, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", K::Dhe, A::Dss, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", K::Dhe, A::Rsa, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", K::DhAnon, A::Anon, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", K::Rsa, A::Rsa, C::Camellia, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00C1, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256", K::Dh, A::Dss, C::Camellia, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00C2, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256", K::Dh, A::Rsa, C::Camellia, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00C3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", K::Dhe, A::Dss, C::Camellia, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", K::Dhe, A::Rsa, C::Camellia, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", K::DhAnon, A::Anon, C::Camellia, 256, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0x00C6, "TLS_SM4_GCM_SM3", K::Any, A::Any, C::Sm4, 128, M::Gcm, H::Sm3, TLS13, TLS13, 0),
    s(0x00C7, "TLS_SM4_CCM_SM3", K::Any, A::Any, C::Sm4, 128, M::Ccm, H::Sm3, TLS13, TLS13, 0),
    s(0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", K::Signalling, A::Null, C::Null, 0, M::Null, H::Null, SSL3, TLS13, SCSV),
    s(0x1301, "TLS_AES_128_GCM_SHA256", K::Any, A::Any, C::Aes, 128, M::Gcm, H::Sha256, TLS13, TLS13, 0),
    s(0x1302, "TLS_AES_256_GCM_SHA384", K::Any, A::Any, C::Aes, 256, M::Gcm, H::Sha384, TLS13, TLS13, 0),
    s(0x1303, "TLS_CHACHA20_POLY1305_SHA256", K::Any, A::Any, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS13, TLS13, 0),
    s(0x1304, "TLS_AES_128_CCM_SHA256", K::Any, A::Any, C::Aes, 128, M::Ccm, H::Sha256, TLS13, TLS13, 0),
    s(0x1305, "TLS_AES_128_CCM_8_SHA256", K::Any, A::Any, C::Aes, 128, M::Ccm8, H::Sha256, TLS13, TLS13, 0),
    s(0x1306, "TLS_AEGIS_256_SHA384", K::Any, A::Any, C::Aegis256, 256, M::Aegis, H::Sha384, TLS13, TLS13, 0),
    s(0x1307, "TLS_AEGIS_128L_SHA256", K::Any, A::Any, C::Aegis128L, 128, M::Aegis, H::Sha256, TLS13, TLS13, 0),
    s(0x5600, "TLS_FALLBACK_SCSV", K::Signalling, A::Null, C::Null, 0, M::Null, H::Null, SSL3, TLS13, SCSV),
    s(0xC001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", K::Ecdh, A::Ecdsa, C::Null, 0, M::Null, H::Sha1, TLS10, TLS12, 0),
    s(0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", K::Ecdh, A::Ecdsa, C::Rc4, 128, M::Stream, H::Sha1, TLS10, TLS12, 0),
    s(0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", K::Ecdh, A::Ecdsa, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", K::Ecdh, A::Ecdsa, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", K::Ecdh, A::Ecdsa, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", K::Ecdhe, A::Ecdsa, C::Null, 0, M::Null, H::Sha1, TLS10, TLS12, 0),
    s(0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", K::Ecdhe, A::Ecdsa, C::Rc4, 128, M::Stream, H::Sha1, TLS10, TLS12, 0),
    s(0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", K::Ecdhe, A::Ecdsa, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", K::Ecdhe, A::Ecdsa, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", K::Ecdhe, A::Ecdsa, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC00B, "TLS_ECDH_RSA_WITH_NULL_SHA", K::Ecdh, A::Rsa, C::Null, 0, M::Null, H::Sha1, TLS10, TLS12, 0),
    s(0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA", K::Ecdh, A::Rsa, C::Rc4, 128, M::Stream, H::Sha1, TLS10, TLS12, 0),
    s(0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", K::Ecdh, A::Rsa, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", K::Ecdh, A::Rsa, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", K::Ecdh, A::Rsa, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", K::Ecdhe, A::Rsa, C::Null, 0, M::Null, H::Sha1, TLS10, TLS12, 0),
    s(0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", K::Ecdhe, A::Rsa, C::Rc4, 128, M::Stream, H::Sha1, TLS10, TLS12, 0),
    s(0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", K::Ecdhe, A::Rsa, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", K::Ecdhe, A::Rsa, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", K::Ecdhe, A::Rsa, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC015, "TLS_ECDH_anon_WITH_NULL_SHA", K::EcdhAnon, A::Anon, C::Null, 0, M::Null, H::Sha1, TLS10, TLS12, 0),
    s(0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA", K::EcdhAnon, A::Anon, C::Rc4, 128, M::Stream, H::Sha1, TLS10, TLS12, 0),
    s(0xC017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", K::EcdhAnon, A::Anon, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", K::EcdhAnon, A::Anon, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", K::EcdhAnon, A::Anon, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC01A, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", K::Srp, A::Srp, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC01B, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", K::Srp, A::Rsa, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC01C, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", K::Srp, A::Dss, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", K::Srp, A::Srp, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC01E, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", K::Srp, A::Rsa, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC01F, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", K::Srp, A::Dss, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", K::Srp, A::Srp, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", K::Srp, A::Rsa, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", K::Srp, A::Dss, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", K::Ecdhe, A::Ecdsa, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", K::Ecdhe, A::Ecdsa, C::Aes, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", K::Ecdh, A::Ecdsa, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", K::Ecdh, A::Ecdsa, C::Aes, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", K::Ecdhe, A::Rsa, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", K::Ecdhe, A::Rsa, C::Aes, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", K::Ecdh, A::Rsa, C::Aes, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC02A, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", K::Ecdh, A::Rsa, C::Aes, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", K::Ecdhe, A::Ecdsa, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", K::Ecdhe, A::Ecdsa, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC02D, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", K::Ecdh, A::Ecdsa, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC02E, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", K::Ecdh, A::Ecdsa, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", K::Ecdhe, A::Rsa, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", K::Ecdhe, A::Rsa, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", K::Ecdh, A::Rsa, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", K::Ecdh, A::Rsa, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", K::EcdhePsk, A::Psk, C::Rc4, 128, M::Stream, H::Sha1, TLS10, TLS12, 0),
    s(0xC034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", K::EcdhePsk, A::Psk, C::TripleDes, 168, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", K::EcdhePsk, A::Psk, C::Aes, 128, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", K::EcdhePsk, A::Psk, C::Aes, 256, M::Cbc, H::Sha1, TLS10, TLS12, 0),
    s(0xC037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", K::EcdhePsk, A::Psk, C::Aes, 128, M::Cbc, H::Sha256, TLS10, TLS12, 0),
    s(0xC038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", K::EcdhePsk, A::Psk, C::Aes, 256, M::Cbc, H::Sha384, TLS10, TLS12, 0),
    s(0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA", K::EcdhePsk, A::Psk, C::Null, 0, M::Null, H::Sha1, TLS10, TLS12, 0),
    s(0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256", K::EcdhePsk, A::Psk, C::Null, 0, M::Null, H::Sha256, TLS10, TLS12, 0),
    s(0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384", K::EcdhePsk, A::Psk, C::Null, 0, M::Null, H::Sha384, TLS10, TLS12, 0),
    s(0xC03C, "TLS_RSA_WITH_ARIA_128_CBC_SHA256", K::Rsa, A::Rsa, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC03D, "TLS_RSA_WITH_ARIA_256_CBC_SHA384", K::Rsa, A::Rsa, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC03E, "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256", K::Dh, A::Dss, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC03F, "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384", K::Dh, A::Dss, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC040, "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256", K::Dh, A::Rsa, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC041, "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384", K::Dh, A::Rsa, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC042, "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256", K::Dhe, A::Dss, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC043, "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384", K::Dhe, A::Dss, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", K::Dhe, A::Rsa, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", K::Dhe, A::Rsa, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC046, "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256", K::DhAnon, A::Anon, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC047, "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384", K::DhAnon, A::Anon, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", K::Ecdhe, A::Ecdsa, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384", K::Ecdhe, A::Ecdsa, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC04A, "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256", K::Ecdh, A::Ecdsa, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC04B, "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384", K::Ecdh, A::Ecdsa, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC04C, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", K::Ecdhe, A::Rsa, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC04D, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384", K::Ecdhe, A::Rsa, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC04E, "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256", K::Ecdh, A::Rsa, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC04F, "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384", K::Ecdh, A::Rsa, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", K::Rsa, A::Rsa, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", K::Rsa, A::Rsa, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", K::Dhe, A::Rsa, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", K::Dhe, A::Rsa, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC054, "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256", K::Dh, A::Rsa, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC055, "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384", K::Dh, A::Rsa, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", K::Dhe, A::Dss, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", K::Dhe, A::Dss, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC058, "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256", K::Dh, A::Dss, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC059, "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384", K::Dh, A::Dss, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC05A, "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256", K::DhAnon, A::Anon, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC05B, "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384", K::DhAnon, A::Anon, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", K::Ecdhe, A::Ecdsa, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", K::Ecdhe, A::Ecdsa, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC05E, "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256", K::Ecdh, A::Ecdsa, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC05F, "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384", K::Ecdh, A::Ecdsa, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", K::Ecdhe, A::Rsa, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", K::Ecdhe, A::Rsa, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC062, "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256", K::Ecdh, A::Rsa, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC063, "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384", K::Ecdh, A::Rsa, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC064, "TLS_PSK_WITH_ARIA_128_CBC_SHA256", K::Psk, A::Psk, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC065, "TLS_PSK_WITH_ARIA_256_CBC_SHA384", K::Psk, A::Psk, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC066, "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256", K::DhePsk, A::Psk, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC067, "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384", K::DhePsk, A::Psk, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC068, "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256", K::RsaPsk, A::Rsa, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC069, "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384", K::RsaPsk, A::Rsa, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC06A, "TLS_PSK_WITH_ARIA_128_GCM_SHA256", K::Psk, A::Psk, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC06B, "TLS_PSK_WITH_ARIA_256_GCM_SHA384", K::Psk, A::Psk, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC06C, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", K::DhePsk, A::Psk, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC06D, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", K::DhePsk, A::Psk, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC06E, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", K::RsaPsk, A::Rsa, C::Aria, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC06F, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", K::RsaPsk, A::Rsa, C::Aria, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC070, "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256", K::EcdhePsk, A::Psk, C::Aria, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC071, "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384", K::EcdhePsk, A::Psk, C::Aria, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", K::Ecdhe, A::Ecdsa, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", K::Ecdhe, A::Ecdsa, C::Camellia, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC074, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", K::Ecdh, A::Ecdsa, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC075, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", K::Ecdh, A::Ecdsa, C::Camellia, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", K::Ecdhe, A::Rsa, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", K::Ecdhe, A::Rsa, C::Camellia, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC078, "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256", K::Ecdh, A::Rsa, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC079, "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384", K::Ecdh, A::Rsa, C::Camellia, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC07A, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", K::Rsa, A::Rsa, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC07B, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", K::Rsa, A::Rsa, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC07C, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", K::Dhe, A::Rsa, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC07D, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", K::Dhe, A::Rsa, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC07E, "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256", K::Dh, A::Rsa, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC07F, "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384", K::Dh, A::Rsa, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC080, "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256", K::Dhe, A::Dss, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC081, "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384", K::Dhe, A::Dss, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC082, "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256", K::Dh, A::Dss, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC083, "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384", K::Dh, A::Dss, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC084, "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256", K::DhAnon, A::Anon, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC085, "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384", K::DhAnon, A::Anon, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", K::Ecdhe, A::Ecdsa, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", K::Ecdhe, A::Ecdsa, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC088, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", K::Ecdh, A::Ecdsa, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC089, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", K::Ecdh, A::Ecdsa, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC08A, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", K::Ecdhe, A::Rsa, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC08B, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", K::Ecdhe, A::Rsa, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC08C, "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256", K::Ecdh, A::Rsa, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC08D, "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384", K::Ecdh, A::Rsa, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC08E, "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", K::Psk, A::Psk, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC08F, "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", K::Psk, A::Psk, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC090, "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", K::DhePsk, A::Psk, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC091, "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", K::DhePsk, A::Psk, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC092, "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", K::RsaPsk, A::Rsa, C::Camellia, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC093, "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", K::RsaPsk, A::Rsa, C::Camellia, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", K::Psk, A::Psk, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", K::Psk, A::Psk, C::Camellia, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", K::DhePsk, A::Psk, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", K::DhePsk, A::Psk, C::Camellia, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", K::RsaPsk, A::Rsa, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", K::RsaPsk, A::Rsa, C::Camellia, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC09A, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", K::EcdhePsk, A::Psk, C::Camellia, 128, M::Cbc, H::Sha256, TLS12, TLS12, 0),
    s(0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", K::EcdhePsk, A::Psk, C::Camellia, 256, M::Cbc, H::Sha384, TLS12, TLS12, 0),
    s(0xC09C, "TLS_RSA_WITH_AES_128_CCM", K::Rsa, A::Rsa, C::Aes, 128, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC09D, "TLS_RSA_WITH_AES_256_CCM", K::Rsa, A::Rsa, C::Aes, 256, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", K::Dhe, A::Rsa, C::Aes, 128, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", K::Dhe, A::Rsa, C::Aes, 256, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", K::Rsa, A::Rsa, C::Aes, 128, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", K::Rsa, A::Rsa, C::Aes, 256, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", K::Dhe, A::Rsa, C::Aes, 128, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", K::Dhe, A::Rsa, C::Aes, 256, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A4, "TLS_PSK_WITH_AES_128_CCM", K::Psk, A::Psk, C::Aes, 128, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A5, "TLS_PSK_WITH_AES_256_CCM", K::Psk, A::Psk, C::Aes, 256, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM", K::DhePsk, A::Psk, C::Aes, 128, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM", K::DhePsk, A::Psk, C::Aes, 256, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8", K::Psk, A::Psk, C::Aes, 128, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8", K::Psk, A::Psk, C::Aes, 256, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", K::DhePsk, A::Psk, C::Aes, 128, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8", K::DhePsk, A::Psk, C::Aes, 256, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", K::Ecdhe, A::Ecdsa, C::Aes, 128, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", K::Ecdhe, A::Ecdsa, C::Aes, 256, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", K::Ecdhe, A::Ecdsa, C::Aes, 128, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", K::Ecdhe, A::Ecdsa, C::Aes, 256, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xC0B0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", K::EccPwd, A::Password, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xC0B1, "TLS_ECCPWD_WITH_AES_256_GCM_SHA384", K::EccPwd, A::Password, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xC0B2, "TLS_ECCPWD_WITH_AES_128_CCM_SHA256", K::EccPwd, A::Password, C::Aes, 128, M::Ccm, H::Sha256, TLS12, TLS12, 0),
    s(0xC0B3, "TLS_ECCPWD_WITH_AES_256_CCM_SHA384", K::EccPwd, A::Password, C::Aes, 256, M::Ccm, H::Sha384, TLS12, TLS12, 0),
    s(0xC0B4, "TLS_SHA256_SHA256", K::Any, A::Any, C::Null, 0, M::Null, H::Sha256, TLS13, TLS13, 0),
    s(0xC0B5, "TLS_SHA384_SHA384", K::Any, A::Any, C::Null, 0, M::Null, H::Sha384, TLS13, TLS13, 0),
    s(0xC100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", K::Gost, A::Gost, C::Kuznyechik, 256, M::CtrOmac, H::Streebog256, TLS12, TLS12, 0),
    s(0xC101, "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC", K::Gost, A::Gost, C::Magma, 256, M::CtrOmac, H::Streebog256, TLS12, TLS12, 0),
    s(0xC102, "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", K::Gost, A::Gost, C::Gost28147, 256, M::CntImit, H::Streebog256, TLS12, TLS12, 0),
    s(0xC103, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L", K::Any, A::Any, C::Kuznyechik, 256, M::Mgm, H::Streebog256, TLS13, TLS13, 0),
    s(0xC104, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_L", K::Any, A::Any, C::Magma, 256, M::Mgm, H::Streebog256, TLS13, TLS13, 0),
    s(0xC105, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S", K::Any, A::Any, C::Kuznyechik, 256, M::Mgm, H::Streebog256, TLS13, TLS13, 0),
    s(0xC106, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_S", K::Any, A::Any, C::Magma, 256, M::Mgm, H::Streebog256, TLS13, TLS13, 0),
    s(0xCC13, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD", K::Ecdhe, A::Rsa, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, NON_IANA),
    s(0xCC14, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256_OLD", K::Ecdhe, A::Ecdsa, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, NON_IANA),
    s(0xCC15, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD", K::Dhe, A::Rsa, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, NON_IANA),
    s(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", K::Ecdhe, A::Rsa, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, 0),
    s(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", K::Ecdhe, A::Ecdsa, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, 0),
    s(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", K::Dhe, A::Rsa, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, 0),
    s(0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", K::Psk, A::Psk, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, 0),
    s(0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", K::EcdhePsk, A::Psk, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, 0),
    s(0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", K::DhePsk, A::Psk, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, 0),
    s(0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", K::RsaPsk, A::Rsa, C::ChaCha20, 256, M::ChaCha20Poly1305, H::Sha256, TLS12, TLS12, 0),
    s(0xD001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", K::EcdhePsk, A::Psk, C::Aes, 128, M::Gcm, H::Sha256, TLS12, TLS12, 0),
    s(0xD002, "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384", K::EcdhePsk, A::Psk, C::Aes, 256, M::Gcm, H::Sha384, TLS12, TLS12, 0),
    s(0xD003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", K::EcdhePsk, A::Psk, C::Aes, 128, M::Ccm8, H::Sha256, TLS12, TLS12, 0),
    s(0xD005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", K::EcdhePsk, A::Psk, C::Aes, 128, M::Ccm, H::Sha256, TLS12, TLS12, 0),
];

#[allow(missing_docs)]
impl CipherSuite {
    pub const TLS_NULL_WITH_NULL_NULL: Self = Self(0x0000);
    pub const TLS_RSA_WITH_NULL_MD5: Self = Self(0x0001);
    pub const TLS_RSA_WITH_NULL_SHA: Self = Self(0x0002);
    pub const TLS_RSA_EXPORT_WITH_RC4_40_MD5: Self = Self(0x0003);
    pub const TLS_RSA_WITH_RC4_128_MD5: Self = Self(0x0004);
    pub const TLS_RSA_WITH_RC4_128_SHA: Self = Self(0x0005);
    pub const TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5: Self = Self(0x0006);
    pub const TLS_RSA_WITH_IDEA_CBC_SHA: Self = Self(0x0007);
    pub const TLS_RSA_EXPORT_WITH_DES40_CBC_SHA: Self = Self(0x0008);
    pub const TLS_RSA_WITH_DES_CBC_SHA: Self = Self(0x0009);
    pub const TLS_RSA_WITH_3DES_EDE_CBC_SHA: Self = Self(0x000A);
    pub const TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA: Self = Self(0x000B);
    pub const TLS_DH_DSS_WITH_DES_CBC_SHA: Self = Self(0x000C);
    pub const TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA: Self = Self(0x000D);
    pub const TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA: Self = Self(0x000E);
    pub const TLS_DH_RSA_WITH_DES_CBC_SHA: Self = Self(0x000F);
    pub const TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA: Self = Self(0x0010);
    pub const TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA: Self = Self(0x0011);
    pub const TLS_DHE_DSS_WITH_DES_CBC_SHA: Self = Self(0x0012);
    pub const TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA: Self = Self(0x0013);
    pub const TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA: Self = Self(0x0014);
    pub const TLS_DHE_RSA_WITH_DES_CBC_SHA: Self = Self(0x0015);
    pub const TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA: Self = Self(0x0016);
    pub const TLS_DH_ANON_EXPORT_WITH_RC4_40_MD5: Self = Self(0x0017);
    pub const TLS_DH_ANON_WITH_RC4_128_MD5: Self = Self(0x0018);
    pub const TLS_DH_ANON_EXPORT_WITH_DES40_CBC_SHA: Self = Self(0x0019);
    pub const TLS_DH_ANON_WITH_DES_CBC_SHA: Self = Self(0x001A);
    pub const TLS_DH_ANON_WITH_3DES_EDE_CBC_SHA: Self = Self(0x001B);
    pub const TLS_KRB5_WITH_DES_CBC_SHA: Self = Self(0x001E);
    pub const TLS_KRB5_WITH_3DES_EDE_CBC_SHA: Self = Self(0x001F);
    pub const TLS_KRB5_WITH_RC4_128_SHA: Self = Self(0x0020);
    pub const TLS_KRB5_WITH_IDEA_CBC_SHA: Self = Self(0x0021);
    pub const TLS_KRB5_WITH_DES_CBC_MD5: Self = Self(0x0022);
    pub const TLS_KRB5_WITH_3DES_EDE_CBC_MD5: Self = Self(0x0023);
    pub const TLS_KRB5_WITH_RC4_128_MD5: Self = Self(0x0024);
    pub const TLS_KRB5_WITH_IDEA_CBC_MD5: Self = Self(0x0025);
    pub const TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA: Self = Self(0x0026);
    pub const TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA: Self = Self(0x0027);
    pub const TLS_KRB5_EXPORT_WITH_RC4_40_SHA: Self = Self(0x0028);
    pub const TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5: Self = Self(0x0029);
    pub const TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5: Self = Self(0x002A);
    pub const TLS_KRB5_EXPORT_WITH_RC4_40_MD5: Self = Self(0x002B);
    pub const TLS_PSK_WITH_NULL_SHA: Self = Self(0x002C);
    pub const TLS_DHE_PSK_WITH_NULL_SHA: Self = Self(0x002D);
    pub const TLS_RSA_PSK_WITH_NULL_SHA: Self = Self(0x002E);
    pub const TLS_RSA_WITH_AES_128_CBC_SHA: Self = Self(0x002F);
    pub const TLS_DH_DSS_WITH_AES_128_CBC_SHA: Self = Self(0x0030);
    pub const TLS_DH_RSA_WITH_AES_128_CBC_SHA: Self = Self(0x0031);
    pub const TLS_DHE_DSS_WITH_AES_128_CBC_SHA: Self = Self(0x0032);
    pub const TLS_DHE_RSA_WITH_AES_128_CBC_SHA: Self = Self(0x0033);
    pub const TLS_DH_ANON_WITH_AES_128_CBC_SHA: Self = Self(0x0034);
    pub const TLS_RSA_WITH_AES_256_CBC_SHA: Self = Self(0x0035);
    pub const TLS_DH_DSS_WITH_AES_256_CBC_SHA: Self = Self(0x0036);
    pub const TLS_DH_RSA_WITH_AES_256_CBC_SHA: Self = Self(0x0037);
    pub const TLS_DHE_DSS_WITH_AES_256_CBC_SHA: Self = Self(0x0038);
    pub const TLS_DHE_RSA_WITH_AES_256_CBC_SHA: Self = Self(0x0039);
    pub const TLS_DH_ANON_WITH_AES_256_CBC_SHA: Self = Self(0x003A);
    pub const TLS_RSA_WITH_NULL_SHA256: Self = Self(0x003B);
    pub const TLS_RSA_WITH_AES_128_CBC_SHA256: Self = Self(0x003C);
    pub const TLS_RSA_WITH_AES_256_CBC_SHA256: Self = Self(0x003D);
    pub const TLS_DH_DSS_WITH_AES_128_CBC_SHA256: Self = Self(0x003E);
    pub const TLS_DH_RSA_WITH_AES_128_CBC_SHA256: Self = Self(0x003F);
    pub const TLS_DHE_DSS_WITH_AES_128_CBC_SHA256: Self = Self(0x0040);
    pub const TLS_RSA_WITH_CAMELLIA_128_CBC_SHA: Self = Self(0x0041);
    pub const TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA: Self = Self(0x0042);
    pub const TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA: Self = Self(0x0043);
    pub const TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA: Self = Self(0x0044);
    pub const TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA: Self = Self(0x0045);
    pub const TLS_DH_ANON_WITH_CAMELLIA_128_CBC_SHA: Self = Self(0x0046);
    pub const TLS_RSA_EXPORT1024_WITH_RC4_56_MD5: Self = Self(0x0060);
    pub const TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5: Self = Self(0x0061);
    pub const TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA: Self = Self(0x0062);
    pub const TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA: Self = Self(0x0063);
    pub const TLS_RSA_EXPORT1024_WITH_RC4_56_SHA: Self = Self(0x0064);
    pub const TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA: Self = Self(0x0065);
    pub const TLS_DHE_DSS_WITH_RC4_128_SHA: Self = Self(0x0066);
    pub const TLS_DHE_RSA_WITH_AES_128_CBC_SHA256: Self = Self(0x0067);
    pub const TLS_DH_DSS_WITH_AES_256_CBC_SHA256: Self = Self(0x0068);
    pub const TLS_DH_RSA_WITH_AES_256_CBC_SHA256: Self = Self(0x0069);
    pub const TLS_DHE_DSS_WITH_AES_256_CBC_SHA256: Self = Self(0x006A);
    pub const TLS_DHE_RSA_WITH_AES_256_CBC_SHA256: Self = Self(0x006B);
    pub const TLS_DH_ANON_WITH_AES_128_CBC_SHA256: Self = Self(0x006C);
    pub const TLS_DH_ANON_WITH_AES_256_CBC_SHA256: Self = Self(0x006D);
    pub const TLS_RSA_WITH_CAMELLIA_256_CBC_SHA: Self = Self(0x0084);
    pub const TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA: Self = Self(0x0085);
    pub const TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA: Self = Self(0x0086);
    pub const TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA: Self = Self(0x0087);
    pub const TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA: Self = Self(0x0088);
    pub const TLS_DH_ANON_WITH_CAMELLIA_256_CBC_SHA: Self = Self(0x0089);
    pub const TLS_PSK_WITH_RC4_128_SHA: Self = Self(0x008A);
    pub const TLS_PSK_WITH_3DES_EDE_CBC_SHA: Self = Self(0x008B);
    pub const TLS_PSK_WITH_AES_128_CBC_SHA: Self = Self(0x008C);
    pub const TLS_PSK_WITH_AES_256_CBC_SHA: Self = Self(0x008D);
    pub const TLS_DHE_PSK_WITH_RC4_128_SHA: Self = Self(0x008E);
    pub const TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA: Self = Self(0x008F);
    pub const TLS_DHE_PSK_WITH_AES_128_CBC_SHA: Self = Self(0x0090);
    pub const TLS_DHE_PSK_WITH_AES_256_CBC_SHA: Self = Self(0x0091);
    pub const TLS_RSA_PSK_WITH_RC4_128_SHA: Self = Self(0x0092);
    pub const TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA: Self = Self(0x0093);
    pub const TLS_RSA_PSK_WITH_AES_128_CBC_SHA: Self = Self(0x0094);
    pub const TLS_RSA_PSK_WITH_AES_256_CBC_SHA: Self = Self(0x0095);
    pub const TLS_RSA_WITH_SEED_CBC_SHA: Self = Self(0x0096);
    pub const TLS_DH_DSS_WITH_SEED_CBC_SHA: Self = Self(0x0097);
    pub const TLS_DH_RSA_WITH_SEED_CBC_SHA: Self = Self(0x0098);
    pub const TLS_DHE_DSS_WITH_SEED_CBC_SHA: Self = Self(0x0099);
    pub const TLS_DHE_RSA_WITH_SEED_CBC_SHA: Self = Self(0x009A);
    pub const TLS_DH_ANON_WITH_SEED_CBC_SHA: Self = Self(0x009B);
    pub const TLS_RSA_WITH_AES_128_GCM_SHA256: Self = Self(0x009C);
    pub const TLS_RSA_WITH_AES_256_GCM_SHA384: Self = Self(0x009D);
    pub const TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: Self = Self(0x009E);
    pub const TLS_DHE_RSA_WITH_AES_256_GCM_SHA384: Self = Self(0x009F);
    pub const TLS_DH_RSA_WITH_AES_128_GCM_SHA256: Self = Self(0x00A0);
    pub const TLS_DH_RSA_WITH_AES_256_GCM_SHA384: Self = Self(0x00A1);
    pub const TLS_DHE_DSS_WITH_AES_128_GCM_SHA256: Self = Self(0x00A2);
    pub const TLS_DHE_DSS_WITH_AES_256_GCM_SHA384: Self = Self(0x00A3);
    pub const TLS_DH_DSS_WITH_AES_128_GCM_SHA256: Self = Self(0x00A4);
    pub const TLS_DH_DSS_WITH_AES_256_GCM_SHA384: Self = Self(0x00A5);
    pub const TLS_DH_ANON_WITH_AES_128_GCM_SHA256: Self = Self(0x00A6);
    pub const TLS_DH_ANON_WITH_AES_256_GCM_SHA384: Self = Self(0x00A7);
    pub const TLS_PSK_WITH_AES_128_GCM_SHA256: Self = Self(0x00A8);
    pub const TLS_PSK_WITH_AES_256_GCM_SHA384: Self = Self(0x00A9);
    pub const TLS_DHE_PSK_WITH_AES_128_GCM_SHA256: Self = Self(0x00AA);
    pub const TLS_DHE_PSK_WITH_AES_256_GCM_SHA384: Self = Self(0x00AB);
    pub const TLS_RSA_PSK_WITH_AES_128_GCM_SHA256: Self = Self(0x00AC);
    pub const TLS_RSA_PSK_WITH_AES_256_GCM_SHA384: Self = Self(0x00AD);
    pub const TLS_PSK_WITH_AES_128_CBC_SHA256: Self = Self(0x00AE);
    pub const TLS_PSK_WITH_AES_256_CBC_SHA384: Self = Self(0x00AF);
    pub const TLS_PSK_WITH_NULL_SHA256: Self = Self(0x00B0);
    pub const TLS_PSK_WITH_NULL_SHA384: Self = Self(0x00B1);
    pub const TLS_DHE_PSK_WITH_AES_128_CBC_SHA256: Self = Self(0x00B2);
    pub const TLS_DHE_PSK_WITH_AES_256_CBC_SHA384: Self = Self(0x00B3);
    pub const TLS_DHE_PSK_WITH_NULL_SHA256: Self = Self(0x00B4);
    pub const TLS_DHE_PSK_WITH_NULL_SHA384: Self = Self(0x00B5);
    pub const TLS_RSA_PSK_WITH_AES_128_CBC_SHA256: Self = Self(0x00B6);
    pub const TLS_RSA_PSK_WITH_AES_256_CBC_SHA384: Self = Self(0x00B7);
    pub const TLS_RSA_PSK_WITH_NULL_SHA256: Self = Self(0x00B8);
    pub const TLS_RSA_PSK_WITH_NULL_SHA384: Self = Self(0x00B9);
    pub const TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0x00BA);
    pub const TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0x00BB);
    pub const TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0x00BC);
    pub const TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0x00BD);
    pub const TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0x00BE);
    pub const TLS_DH_ANON_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0x00BF);
    pub const TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256: Self = Self(0x00C0);
    pub const TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256: Self = Self(0x00C1);
    pub const TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256: Self = Self(0x00C2);
    pub const TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256: Self = Self(0x00C3);
    pub const TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256: Self = Self(0x00C4);
    pub const TLS_DH_ANON_WITH_CAMELLIA_256_CBC_SHA256: Self = Self(0x00C5);
    pub const TLS_SM4_GCM_SM3: Self = Self(0x00C6);
    pub const TLS_SM4_CCM_SM3: Self = Self(0x00C7);
    pub const TLS_EMPTY_RENEGOTIATION_INFO_SCSV: Self = Self(0x00FF);
    pub const TLS_AES_128_GCM_SHA256: Self = Self(0x1301);
    pub const TLS_AES_256_GCM_SHA384: Self = Self(0x1302);
    pub const TLS_CHACHA20_POLY1305_SHA256: Self = Self(0x1303);
    pub const TLS_AES_128_CCM_SHA256: Self = Self(0x1304);
    pub const TLS_AES_128_CCM_8_SHA256: Self = Self(0x1305);
    pub const TLS_AEGIS_256_SHA384: Self = Self(0x1306);
    pub const TLS_AEGIS_128L_SHA256: Self = Self(0x1307);
    pub const TLS_FALLBACK_SCSV: Self = Self(0x5600);
    pub const TLS_ECDH_ECDSA_WITH_NULL_SHA: Self = Self(0xC001);
    pub const TLS_ECDH_ECDSA_WITH_RC4_128_SHA: Self = Self(0xC002);
    pub const TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA: Self = Self(0xC003);
    pub const TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA: Self = Self(0xC004);
    pub const TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA: Self = Self(0xC005);
    pub const TLS_ECDHE_ECDSA_WITH_NULL_SHA: Self = Self(0xC006);
    pub const TLS_ECDHE_ECDSA_WITH_RC4_128_SHA: Self = Self(0xC007);
    pub const TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA: Self = Self(0xC008);
    pub const TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: Self = Self(0xC009);
    pub const TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: Self = Self(0xC00A);
    pub const TLS_ECDH_RSA_WITH_NULL_SHA: Self = Self(0xC00B);
    pub const TLS_ECDH_RSA_WITH_RC4_128_SHA: Self = Self(0xC00C);
    pub const TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA: Self = Self(0xC00D);
    pub const TLS_ECDH_RSA_WITH_AES_128_CBC_SHA: Self = Self(0xC00E);
    pub const TLS_ECDH_RSA_WITH_AES_256_CBC_SHA: Self = Self(0xC00F);
    pub const TLS_ECDHE_RSA_WITH_NULL_SHA: Self = Self(0xC010);
    pub const TLS_ECDHE_RSA_WITH_RC4_128_SHA: Self = Self(0xC011);
    pub const TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: Self = Self(0xC012);
    pub const TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: Self = Self(0xC013);
    pub const TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: Self = Self(0xC014);
    pub const TLS_ECDH_ANON_WITH_NULL_SHA: Self = Self(0xC015);
    pub const TLS_ECDH_ANON_WITH_RC4_128_SHA: Self = Self(0xC016);
    pub const TLS_ECDH_ANON_WITH_3DES_EDE_CBC_SHA: Self = Self(0xC017);
    pub const TLS_ECDH_ANON_WITH_AES_128_CBC_SHA: Self = Self(0xC018);
    pub const TLS_ECDH_ANON_WITH_AES_256_CBC_SHA: Self = Self(0xC019);
    pub const TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA: Self = Self(0xC01A);
    pub const TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA: Self = Self(0xC01B);
    pub const TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA: Self = Self(0xC01C);
    pub const TLS_SRP_SHA_WITH_AES_128_CBC_SHA: Self = Self(0xC01D);
    pub const TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA: Self = Self(0xC01E);
    pub const TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA: Self = Self(0xC01F);
    pub const TLS_SRP_SHA_WITH_AES_256_CBC_SHA: Self = Self(0xC020);
    pub const TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA: Self = Self(0xC021);
    pub const TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA: Self = Self(0xC022);
    pub const TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: Self = Self(0xC023);
    pub const TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384: Self = Self(0xC024);
    pub const TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256: Self = Self(0xC025);
    pub const TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384: Self = Self(0xC026);
    pub const TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: Self = Self(0xC027);
    pub const TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384: Self = Self(0xC028);
    pub const TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256: Self = Self(0xC029);
    pub const TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384: Self = Self(0xC02A);
    pub const TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: Self = Self(0xC02B);
    pub const TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: Self = Self(0xC02C);
    pub const TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256: Self = Self(0xC02D);
    pub const TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384: Self = Self(0xC02E);
    pub const TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: Self = Self(0xC02F);
    pub const TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: Self = Self(0xC030);
    pub const TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256: Self = Self(0xC031);
    pub const TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384: Self = Self(0xC032);
    pub const TLS_ECDHE_PSK_WITH_RC4_128_SHA: Self = Self(0xC033);
    pub const TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA: Self = Self(0xC034);
    pub const TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA: Self = Self(0xC035);
    pub const TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA: Self = Self(0xC036);
    pub const TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256: Self = Self(0xC037);
    pub const TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384: Self = Self(0xC038);
    pub const TLS_ECDHE_PSK_WITH_NULL_SHA: Self = Self(0xC039);
    pub const TLS_ECDHE_PSK_WITH_NULL_SHA256: Self = Self(0xC03A);
    pub const TLS_ECDHE_PSK_WITH_NULL_SHA384: Self = Self(0xC03B);
    pub const TLS_RSA_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC03C);
    pub const TLS_RSA_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC03D);
    pub const TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC03E);
    pub const TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC03F);
    pub const TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC040);
    pub const TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC041);
    pub const TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC042);
    pub const TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC043);
    pub const TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC044);
    pub const TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC045);
    pub const TLS_DH_ANON_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC046);
    pub const TLS_DH_ANON_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC047);
    pub const TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC048);
    pub const TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC049);
    pub const TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC04A);
    pub const TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC04B);
    pub const TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC04C);
    pub const TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC04D);
    pub const TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC04E);
    pub const TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC04F);
    pub const TLS_RSA_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC050);
    pub const TLS_RSA_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC051);
    pub const TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC052);
    pub const TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC053);
    pub const TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC054);
    pub const TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC055);
    pub const TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC056);
    pub const TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC057);
    pub const TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC058);
    pub const TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC059);
    pub const TLS_DH_ANON_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC05A);
    pub const TLS_DH_ANON_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC05B);
    pub const TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC05C);
    pub const TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC05D);
    pub const TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC05E);
    pub const TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC05F);
    pub const TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC060);
    pub const TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC061);
    pub const TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC062);
    pub const TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC063);
    pub const TLS_PSK_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC064);
    pub const TLS_PSK_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC065);
    pub const TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC066);
    pub const TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC067);
    pub const TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC068);
    pub const TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC069);
    pub const TLS_PSK_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC06A);
    pub const TLS_PSK_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC06B);
    pub const TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC06C);
    pub const TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC06D);
    pub const TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256: Self = Self(0xC06E);
    pub const TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384: Self = Self(0xC06F);
    pub const TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256: Self = Self(0xC070);
    pub const TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384: Self = Self(0xC071);
    pub const TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0xC072);
    pub const TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384: Self = Self(0xC073);
    pub const TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0xC074);
    pub const TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384: Self = Self(0xC075);
    pub const TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0xC076);
    pub const TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384: Self = Self(0xC077);
    pub const TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0xC078);
    pub const TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384: Self = Self(0xC079);
    pub const TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC07A);
    pub const TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC07B);
    pub const TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC07C);
    pub const TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC07D);
    pub const TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC07E);
    pub const TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC07F);
    pub const TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC080);
    pub const TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC081);
    pub const TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC082);
    pub const TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC083);
    pub const TLS_DH_ANON_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC084);
    pub const TLS_DH_ANON_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC085);
    pub const TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC086);
    pub const TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC087);
    pub const TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC088);
    pub const TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC089);
    pub const TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC08A);
    pub const TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC08B);
    pub const TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC08C);
    pub const TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC08D);
    pub const TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC08E);
    pub const TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC08F);
    pub const TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC090);
    pub const TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC091);
    pub const TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256: Self = Self(0xC092);
    pub const TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384: Self = Self(0xC093);
    pub const TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0xC094);
    pub const TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384: Self = Self(0xC095);
    pub const TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0xC096);
    pub const TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384: Self = Self(0xC097);
    pub const TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0xC098);
    pub const TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384: Self = Self(0xC099);
    pub const TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256: Self = Self(0xC09A);
    pub const TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384: Self = Self(0xC09B);
    pub const TLS_RSA_WITH_AES_128_CCM: Self = Self(0xC09C);
    pub const TLS_RSA_WITH_AES_256_CCM: Self = Self(0xC09D);
    pub const TLS_DHE_RSA_WITH_AES_128_CCM: Self = Self(0xC09E);
    pub const TLS_DHE_RSA_WITH_AES_256_CCM: Self = Self(0xC09F);
    pub const TLS_RSA_WITH_AES_128_CCM_8: Self = Self(0xC0A0);
    pub const TLS_RSA_WITH_AES_256_CCM_8: Self = Self(0xC0A1);
    pub const TLS_DHE_RSA_WITH_AES_128_CCM_8: Self = Self(0xC0A2);
    pub const TLS_DHE_RSA_WITH_AES_256_CCM_8: Self = Self(0xC0A3);
    pub const TLS_PSK_WITH_AES_128_CCM: Self = Self(0xC0A4);
    pub const TLS_PSK_WITH_AES_256_CCM: Self = Self(0xC0A5);
    pub const TLS_DHE_PSK_WITH_AES_128_CCM: Self = Self(0xC0A6);
    pub const TLS_DHE_PSK_WITH_AES_256_CCM: Self = Self(0xC0A7);
    pub const TLS_PSK_WITH_AES_128_CCM_8: Self = Self(0xC0A8);
    pub const TLS_PSK_WITH_AES_256_CCM_8: Self = Self(0xC0A9);
    pub const TLS_PSK_DHE_WITH_AES_128_CCM_8: Self = Self(0xC0AA);
    pub const TLS_PSK_DHE_WITH_AES_256_CCM_8: Self = Self(0xC0AB);
    pub const TLS_ECDHE_ECDSA_WITH_AES_128_CCM: Self = Self(0xC0AC);
    pub const TLS_ECDHE_ECDSA_WITH_AES_256_CCM: Self = Self(0xC0AD);
    pub const TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8: Self = Self(0xC0AE);
    pub const TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8: Self = Self(0xC0AF);
    pub const TLS_ECCPWD_WITH_AES_128_GCM_SHA256: Self = Self(0xC0B0);
    pub const TLS_ECCPWD_WITH_AES_256_GCM_SHA384: Self = Self(0xC0B1);
    pub const TLS_ECCPWD_WITH_AES_128_CCM_SHA256: Self = Self(0xC0B2);
    pub const TLS_ECCPWD_WITH_AES_256_CCM_SHA384: Self = Self(0xC0B3);
    pub const TLS_SHA256_SHA256: Self = Self(0xC0B4);
    pub const TLS_SHA384_SHA384: Self = Self(0xC0B5);
    pub const TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC: Self = Self(0xC100);
    pub const TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC: Self = Self(0xC101);
    pub const TLS_GOSTR341112_256_WITH_28147_CNT_IMIT: Self = Self(0xC102);
    pub const TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L: Self = Self(0xC103);
    pub const TLS_GOSTR341112_256_WITH_MAGMA_MGM_L: Self = Self(0xC104);
    pub const TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S: Self = Self(0xC105);
    pub const TLS_GOSTR341112_256_WITH_MAGMA_MGM_S: Self = Self(0xC106);
    pub const TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD: Self = Self(0xCC13);
    pub const TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256_OLD: Self = Self(0xCC14);
    pub const TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD: Self = Self(0xCC15);
    pub const TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: Self = Self(0xCCA8);
    pub const TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: Self = Self(0xCCA9);
    pub const TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256: Self = Self(0xCCAA);
    pub const TLS_PSK_WITH_CHACHA20_POLY1305_SHA256: Self = Self(0xCCAB);
    pub const TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256: Self = Self(0xCCAC);
    pub const TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256: Self = Self(0xCCAD);
    pub const TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256: Self = Self(0xCCAE);
    pub const TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256: Self = Self(0xD001);
    pub const TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384: Self = Self(0xD002);
    pub const TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256: Self = Self(0xD003);
    pub const TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256: Self = Self(0xD005);
}
// END GENERATED

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_unique<T: Ord + Copy>(v: impl Iterator<Item = T>) -> bool {
        let v: Vec<T> = v.collect();
        v.windows(2).all(|w| w[0] < w[1])
    }

    #[test]
    fn tables_are_sorted_and_unique() {
        assert!(sorted_unique(CIPHER_SUITES.iter().map(|s| s.code)));
        assert!(sorted_unique(GROUPS.iter().map(|s| s.code)));
        assert!(sorted_unique(SIGNATURE_SCHEMES.iter().map(|s| s.code)));
        assert!(sorted_unique(PROTOCOL_VERSIONS.iter().map(|s| s.0)));
        assert!(sorted_unique(EXTENSION_TYPES.iter().map(|s| s.0)));
        assert!(sorted_unique(ALERT_DESCRIPTIONS.iter().map(|s| s.0)));
        assert!(sorted_unique(HANDSHAKE_TYPES.iter().map(|s| s.0)));
        assert!(sorted_unique(CONTENT_TYPES.iter().map(|s| s.0)));
        let mut names: Vec<_> = CIPHER_SUITES.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CIPHER_SUITES.len());
    }

    /// Every suite and group listed in tls-ncsc.md §2 and §3 is named correctly.
    #[test]
    fn ncsc_reference_suites_are_covered() {
        let ncsc: &[(u16, &str)] = &[
            (0x1302, "TLS_AES_256_GCM_SHA384"),
            (0x1303, "TLS_CHACHA20_POLY1305_SHA256"),
            (0x1301, "TLS_AES_128_GCM_SHA256"),
            (0x1304, "TLS_AES_128_CCM_SHA256"),
            (0x1305, "TLS_AES_128_CCM_8_SHA256"),
            (0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            (0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            (0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            (0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            (0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"),
            (0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"),
            (0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            (0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            (0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
            (0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
            (0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            (0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            (0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
            (0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256"),
            (0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            (0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            (0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            (0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            (0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256"),
            (0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384"),
            (0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
            (0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384"),
            (0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM"),
            (0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM"),
            (0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            (0xC044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256"),
            (0xC045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384"),
            (0xC048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256"),
            (0xC049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384"),
            (0xC04C, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256"),
            (0xC04D, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384"),
            (0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256"),
            (0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384"),
            (0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256"),
            (0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384"),
            (0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256"),
            (0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384"),
            (0xC07C, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256"),
            (0xC07D, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384"),
            (0xC086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256"),
            (0xC087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384"),
            (0xC08A, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256"),
            (0xC08B, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384"),
            (0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
            (0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
            (0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA"),
            (0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA"),
            (0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA"),
            (0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA"),
            (0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
            (0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256"),
            (0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            (0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            (0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            (0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            (0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
            (0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"),
            (0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"),
            (0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
            (0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            (0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"),
            (0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            (0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            (0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"),
            (0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
        ];
        for &(code, name) in ncsc {
            assert_eq!(CipherSuite(code).name(), Some(name), "{code:#06x}");
            assert_eq!(CipherSuite::from_name(name), Some(CipherSuite(code)));
        }
        let groups: &[(u16, &str)] = &[
            (0x11EC, "X25519MLKEM768"),
            (0x11EB, "SecP256r1MLKEM768"),
            (0x11ED, "SecP384r1MLKEM1024"),
            (0x0200, "MLKEM512"),
            (0x0201, "MLKEM768"),
            (0x0202, "MLKEM1024"),
            (0x6399, "X25519Kyber768Draft00"),
            (0x001D, "x25519"),
            (0x001E, "x448"),
            (0x0017, "secp256r1"),
            (0x0018, "secp384r1"),
            (0x0019, "secp521r1"),
            (0x001A, "brainpoolP256r1"),
            (0x001F, "brainpoolP256r1tls13"),
            (0x0015, "secp224r1"),
            (0x0100, "ffdhe2048"),
            (0x0104, "ffdhe8192"),
        ];
        for &(code, name) in groups {
            assert_eq!(NamedGroup(code).name(), Some(name));
        }
        assert!(NamedGroup::X25519_MLKEM768.is_post_quantum());
        assert!(!NamedGroup::X25519.is_post_quantum());
        assert_eq!(
            NamedGroup::X25519_MLKEM768.info().unwrap().client_share_len,
            Some(1216)
        );
    }

    #[test]
    fn suite_attributes() {
        let i = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            .info()
            .unwrap();
        assert_eq!(
            (i.kx, i.auth, i.cipher, i.key_bits, i.mode, i.mac),
            (K::Ecdhe, A::Rsa, C::Aes, 128, M::Gcm, H::Sha256)
        );
        assert!(i.valid_for(ProtocolVersion::TLSV1_2));
        assert!(!i.valid_for(ProtocolVersion::TLSV1_1));
        assert!(!i.valid_for(ProtocolVersion::TLSV1_3));

        let i = CipherSuite::TLS_AES_256_GCM_SHA384.info().unwrap();
        assert!(i.is_tls13() && i.kx == K::Any && i.mac == H::Sha384);

        let i = CipherSuite::TLS_RSA_EXPORT_WITH_RC4_40_MD5.info().unwrap();
        assert!(i.export && i.key_bits == 40 && i.mode == M::Stream);
        assert!(i.valid_for(ProtocolVersion::SSLV3) && !i.valid_for(ProtocolVersion::TLSV1_1));

        let i = CipherSuite::TLS_DH_ANON_WITH_AES_128_CBC_SHA
            .info()
            .unwrap();
        assert_eq!((i.kx, i.auth), (K::DhAnon, A::Anon));
        assert_eq!(i.name, "TLS_DH_anon_WITH_AES_128_CBC_SHA");

        let i = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
            .info()
            .unwrap();
        assert_eq!(i.min_version, TLS10);
        let i = CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA.info().unwrap();
        assert_eq!(
            (i.cipher, i.key_bits, i.min_version),
            (C::TripleDes, 168, SSL3)
        );
        let i = CipherSuite::TLS_RSA_WITH_DES_CBC_SHA.info().unwrap();
        assert_eq!(i.max_version, TLS11);

        for scsv in [0x00FF, 0x5600] {
            let s = CipherSuite(scsv);
            assert!(s.is_signalling());
            assert!(!s.info().unwrap().valid_for(ProtocolVersion::TLSV1_2));
        }
        assert_eq!(
            CipherSuite::TLS_FALLBACK_SCSV.name(),
            Some("TLS_FALLBACK_SCSV")
        );
        assert!(K::Ecdhe.is_forward_secret() && !K::Rsa.is_forward_secret());
        assert!(
            CipherSuite::all_for(ProtocolVersion::TLSV1_3).all(|s| s.0 >> 8 == 0x13
                || s.0 == 0x00C6
                || s.0 == 0x00C7
                || (0xC0B4..=0xC106).contains(&s.0))
        );
        assert_eq!(CipherSuite::all_for(ProtocolVersion::TLSV1_3).count(), 15);
    }

    #[test]
    fn names_and_formatting() {
        assert_eq!(AlertDescription(70).name(), Some("protocol_version"));
        assert_eq!(AlertDescription(40).to_string(), "handshake_failure");
        assert_eq!(ExtensionType(0xFF01).name(), Some("renegotiation_info"));
        assert_eq!(
            ExtensionType::from_name("key_share"),
            Some(ExtensionType::KEY_SHARE)
        );
        assert_eq!(ProtocolVersion(0x0303).to_string(), "TLSv1.2");
        assert_eq!(
            format!("{:?}", ProtocolVersion(0x0305)),
            "ProtocolVersion(0x0305)"
        );
        assert_eq!(format!("{:?}", HandshakeType(2)), "server_hello(0x02)");
        assert_eq!(CipherSuite(0x0A0A).to_string(), "unknown(0x0A0A)");
        assert!(CipherSuite(0x0A0A).is_grease() && CipherSuite(0xFAFA).is_grease());
        assert!(!CipherSuite(0x0A1A).is_grease());
        assert_eq!(SignatureScheme(0x0804).name(), Some("rsa_pss_rsae_sha256"));
        assert_eq!(
            SignatureScheme::ECDSA_SHA1.info().unwrap().hash,
            HashAlgorithm::Sha1
        );
        assert_eq!(
            format!("{:?}", CipherSuite(0x1301)),
            "TLS_AES_128_GCM_SHA256(0x1301)"
        );
    }
}
