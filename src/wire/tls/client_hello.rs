//! A typed ClientHello builder for SSL 3.0 to TLS 1.3 (RFC 6101 §5.6.1.2,
//! RFC 5246 §7.4.1.2, RFC 8446 §4.1.2).
//!
//! Everything on the wire is a field of [`ClientHelloSpec`]: pastoe decides each
//! byte, including things a real TLS stack would refuse (SSL 3.0 record versions,
//! export suites, an empty `key_share`, SCSVs). The SCSVs are ordinary entries of
//! `cipher_suites` ([`CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV`] 0x00FF,
//! [`CipherSuite::TLS_FALLBACK_SCSV`] 0x5600).
//!
//! [`ClientHelloSpec::encode`] returns the bytes to write to the socket: one
//! handshake record, or several when the message exceeds 2^14 bytes (e.g. several
//! post-quantum key shares); RFC 8446 §5.1 allows a handshake message to span records.

use serde::{Deserialize, Serialize};

use super::codec::{EncodeError, Writer};
use super::iana::{
    CipherSuite, ContentType, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
    SignatureScheme,
};

/// Largest plaintext fragment in one record (RFC 8446 §5.1, RFC 5246 §6.2.1).
pub const MAX_FRAGMENT_LEN: usize = 1 << 14;

/// One `KeyShareEntry` (RFC 8446 §4.2.8): a group and its public key share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyShareEntry {
    /// Named group of the share.
    pub group: NamedGroup,
    /// The encoded public value (see [`super::key_share`] for layouts).
    pub key_exchange: Vec<u8>,
}

/// An extension pastoe has no typed field for, sent verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawExtension {
    /// Extension type.
    pub typ: ExtensionType,
    /// `extension_data` bytes.
    pub data: Vec<u8>,
}

/// The ClientHello extensions, one field per extension. Empty lists and `false`
/// mean "not sent". Extensions are emitted in a fixed order (the field order,
/// with `extra` after the typed ones and `padding` last).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionsSpec {
    /// `server_name` (0, RFC 6066 §3) with one `host_name` entry. Must be a DNS
    /// name, not an IP literal.
    pub server_name: Option<String>,
    /// `extended_master_secret` (23, RFC 7627), empty.
    pub extended_master_secret: bool,
    /// `renegotiation_info` (0xFF01, RFC 5746 §3.2): `Some(vec![])` on an initial
    /// handshake signals secure-renegotiation support.
    pub renegotiation_info: Option<Vec<u8>>,
    /// `supported_groups` (10, RFC 8422 §5.1.1 / RFC 7919 / RFC 8446 §4.2.7).
    pub supported_groups: Vec<NamedGroup>,
    /// `ec_point_formats` (11, RFC 8422 §5.1.2); 0 = uncompressed.
    pub ec_point_formats: Vec<u8>,
    /// `session_ticket` (35, RFC 5077), empty ticket.
    pub session_ticket: bool,
    /// `application_layer_protocol_negotiation` (16, RFC 7301).
    pub alpn: Vec<Vec<u8>>,
    /// `status_request` (5, RFC 6066 §8): OCSP with no responder ids or extensions.
    pub status_request: bool,
    /// `signature_algorithms` (13, RFC 5246 §7.4.1.4.1, RFC 8446 §4.2.3).
    pub signature_algorithms: Vec<SignatureScheme>,
    /// `signed_certificate_timestamp` (18, RFC 6962 §3.3.1), empty.
    pub signed_certificate_timestamp: bool,
    /// `key_share` (51, RFC 8446 §4.2.8): `None` = absent, `Some(vec![])` = an
    /// empty `client_shares` list (asks for a HelloRetryRequest).
    pub key_shares: Option<Vec<KeyShareEntry>>,
    /// `psk_key_exchange_modes` (45, RFC 8446 §4.2.9); 1 = psk_dhe_ke.
    pub psk_key_exchange_modes: Vec<u8>,
    /// `supported_versions` (43, RFC 8446 §4.2.1).
    pub supported_versions: Vec<ProtocolVersion>,
    /// `early_data` (42, RFC 8446 §4.2.10), empty.
    pub early_data: bool,
    /// `cookie` (44, RFC 8446 §4.2.2), echoed from a HelloRetryRequest.
    pub cookie: Option<Vec<u8>>,
    /// `encrypt_then_mac` (22, RFC 7366), empty.
    pub encrypt_then_mac: bool,
    /// `signature_algorithms_cert` (50, RFC 8446 §4.2.3).
    pub signature_algorithms_cert: Vec<SignatureScheme>,
    /// `record_size_limit` (28, RFC 8449).
    pub record_size_limit: Option<u16>,
    /// Further extensions, sent verbatim after the typed ones (GREASE, ALPS, …).
    pub extra: Vec<RawExtension>,
    /// Pad the ClientHello handshake message (4-byte header included) to at least
    /// this many bytes with a `padding` extension (21, RFC 7685), sent last.
    pub padding_to: Option<usize>,
}

/// Every field of a ClientHello.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientHelloSpec {
    /// Version in the record header (TLS ≥ 1.0 clients customarily send 0x0301;
    /// RFC 8446 §5.1 allows it for compatibility).
    pub record_version: ProtocolVersion,
    /// `legacy_version` / `client_version` in the hello body (0x0303 for TLS 1.3,
    /// the real version then goes in `supported_versions`).
    pub legacy_version: ProtocolVersion,
    /// `random`.
    pub random: [u8; 32],
    /// `legacy_session_id` (0–32 bytes; 32 random bytes for TLS 1.3 middlebox
    /// compatibility, RFC 8446 §D.4).
    pub session_id: Vec<u8>,
    /// `cipher_suites` in preference order, SCSVs included as plain codepoints.
    pub cipher_suites: Vec<CipherSuite>,
    /// `compression_methods` (must contain 0, null).
    pub compression_methods: Vec<u8>,
    /// Extensions; when none is enabled the extensions block is omitted entirely,
    /// as SSL 3.0 and some TLS 1.0 servers require.
    pub extensions: ExtensionsSpec,
}

/// Fresh random bytes. Failure of the system RNG is not worth an error here: the
/// random only needs to be unpredictable for a handshake pastoe never completes.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    let _ = aws_lc_rs::rand::fill(&mut out);
    out
}

/// Signature schemes a current browser offers (TLS 1.2 and 1.3), then ML-DSA (0x0904–0x0906,
/// draft-ietf-tls-mldsa), which browsers do not offer yet: without them a server whose only
/// certificate is ML-DSA refuses every probe, so pastoe could not see that it exists. Last in
/// the list, so a server with a classical certificate too still picks that one as for a
/// browser; servers that do not know them ignore them (RFC 8446 §4.2.3).
pub const BROWSER_SIGNATURE_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::ECDSA_SECP256R1_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::ECDSA_SECP384R1_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
    SignatureScheme::RSA_PKCS1_SHA512,
    SignatureScheme::MLDSA44,
    SignatureScheme::MLDSA65,
    SignatureScheme::MLDSA87,
];

/// A wide TLS 1.2 list, old hashes included, so that legacy probes are refused for
/// their suite or version and not for the signature algorithm.
pub const LEGACY_SIGNATURE_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::ECDSA_SECP256R1_SHA256,
    SignatureScheme::ECDSA_SECP384R1_SHA384,
    SignatureScheme::ECDSA_SECP521R1_SHA512,
    SignatureScheme::ED25519,
    SignatureScheme::ED448,
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
    SignatureScheme::RSA_PSS_PSS_SHA256,
    SignatureScheme::RSA_PSS_PSS_SHA384,
    SignatureScheme::RSA_PSS_PSS_SHA512,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
    SignatureScheme::ECDSA_SHA224,
    SignatureScheme::RSA_SHA224,
    SignatureScheme::DSA_SHA224,
    SignatureScheme::ECDSA_SHA1,
    SignatureScheme::RSA_PKCS1_SHA1,
    SignatureScheme::DSA_SHA1,
    SignatureScheme::DSA_SHA256,
    SignatureScheme::DSA_SHA384,
    SignatureScheme::DSA_SHA512,
];

/// Elliptic curves a legacy probe offers so that ECDHE suites are not refused for
/// lack of a common curve. FFDHE groups are left out on purpose: listing them would
/// let RFC 7919 servers swap their own DHE group for a named one.
pub const LEGACY_GROUPS: &[NamedGroup] = &[
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
    NamedGroup::SECP521R1,
    NamedGroup::X448,
    NamedGroup::BRAINPOOLP256R1,
    NamedGroup::BRAINPOOLP384R1,
    NamedGroup::BRAINPOOLP512R1,
    NamedGroup::SECP224R1,
    NamedGroup::SECP256K1,
    NamedGroup::SECP192R1,
];

/// The suites of a current browser: TLS 1.3 first, then TLS 1.2 ECDHE AEAD and CBC.
pub const BROWSER_CIPHER_SUITES: &[CipherSuite] = &[
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA,
    CipherSuite::TLS_RSA_WITH_AES_256_CBC_SHA,
];

impl ClientHelloSpec {
    /// A ClientHello shaped like a current browser's: TLS 1.3 and 1.2, the browser
    /// suites, SNI, ALPN h2 / http/1.1, OCSP and SCT requests, EMS, secure
    /// renegotiation, and the given key shares. `supported_groups` lists the
    /// key-share groups first, then x25519, secp256r1, secp384r1.
    pub fn tls13_browser_like(sni: Option<&str>, key_shares: Vec<KeyShareEntry>) -> Self {
        let mut groups: Vec<NamedGroup> = Vec::new();
        for g in key_shares.iter().map(|k| k.group).chain([
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
            NamedGroup::SECP384R1,
        ]) {
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
        Self {
            record_version: ProtocolVersion::TLSV1_0,
            legacy_version: ProtocolVersion::TLSV1_2,
            random: random_bytes(),
            session_id: random_bytes::<32>().to_vec(),
            cipher_suites: BROWSER_CIPHER_SUITES.to_vec(),
            compression_methods: vec![0],
            extensions: ExtensionsSpec {
                server_name: sni.map(str::to_owned),
                extended_master_secret: true,
                renegotiation_info: Some(Vec::new()),
                supported_groups: groups,
                ec_point_formats: vec![0],
                session_ticket: true,
                alpn: vec![b"h2".to_vec(), b"http/1.1".to_vec()],
                status_request: true,
                signature_algorithms: BROWSER_SIGNATURE_SCHEMES.to_vec(),
                signed_certificate_timestamp: true,
                key_shares: Some(key_shares),
                psk_key_exchange_modes: vec![1],
                supported_versions: vec![ProtocolVersion::TLSV1_3, ProtocolVersion::TLSV1_2],
                ..ExtensionsSpec::default()
            },
        }
    }

    /// A ClientHello for `version` ≤ TLS 1.2 offering exactly `suites`.
    ///
    /// SSL 3.0 gets no extensions at all. TLS 1.0–1.2 get SNI, a wide list of
    /// curves, point formats, an empty `renegotiation_info`, EMS, session ticket
    /// and OCSP request; TLS 1.2 also gets a wide `signature_algorithms` list.
    /// The record version is the hello version, capped at TLS 1.0 as stacks do.
    /// Given TLS 1.3 or later, the body says TLS 1.2 and `supported_versions`
    /// carries `version`, with an empty `key_share` (a HelloRetryRequest probe).
    pub fn legacy(version: ProtocolVersion, suites: Vec<CipherSuite>, sni: Option<&str>) -> Self {
        let legacy_version = version.min(ProtocolVersion::TLSV1_2);
        let record_version = version.min(ProtocolVersion::TLSV1_0);
        let extensions = if version <= ProtocolVersion::SSLV3 {
            ExtensionsSpec::default()
        } else {
            let mut e = ExtensionsSpec {
                server_name: sni.map(str::to_owned),
                extended_master_secret: true,
                renegotiation_info: Some(Vec::new()),
                supported_groups: LEGACY_GROUPS.to_vec(),
                ec_point_formats: vec![0, 1, 2],
                session_ticket: true,
                status_request: true,
                ..ExtensionsSpec::default()
            };
            if version >= ProtocolVersion::TLSV1_2 {
                e.signature_algorithms = LEGACY_SIGNATURE_SCHEMES.to_vec();
            }
            if version >= ProtocolVersion::TLSV1_3 {
                e.supported_versions = vec![version];
                e.key_shares = Some(Vec::new());
                e.psk_key_exchange_modes = vec![1];
            }
            e
        };
        Self {
            record_version,
            legacy_version,
            random: random_bytes(),
            session_id: Vec::new(),
            cipher_suites: suites,
            compression_methods: vec![0],
            extensions,
        }
    }

    /// A TLS 1.2 ClientHello pastoe means to complete (see [`super::tls12`]): exactly
    /// `suites` and `groups`, SNI, uncompressed points, EMS, browser signature schemes
    /// and `renegotiation_info` carrying `renegotiated_connection` (empty on the initial
    /// handshake, the previous client `verify_data` on a renegotiation, RFC 5746 §3.5;
    /// `None` for a server without RFC 5746). No session ticket or OCSP request: nothing
    /// in the answer that the completing side would have to handle.
    pub fn tls12_complete(
        suites: Vec<CipherSuite>,
        groups: Vec<NamedGroup>,
        sni: Option<&str>,
        renegotiated_connection: Option<Vec<u8>>,
    ) -> Self {
        Self {
            record_version: ProtocolVersion::TLSV1_0,
            legacy_version: ProtocolVersion::TLSV1_2,
            random: random_bytes(),
            session_id: Vec::new(),
            cipher_suites: suites,
            compression_methods: vec![0],
            extensions: ExtensionsSpec {
                server_name: sni.map(str::to_owned),
                extended_master_secret: true,
                renegotiation_info: renegotiated_connection,
                supported_groups: groups,
                ec_point_formats: vec![0],
                signature_algorithms: BROWSER_SIGNATURE_SCHEMES.to_vec(),
                ..ExtensionsSpec::default()
            },
        }
    }

    /// The TLS 1.3 group-support probe of pqc.md §2.1: `supported_groups = [group]`
    /// and an **empty** `key_share`, so a server that supports `group` answers with
    /// a HelloRetryRequest naming it.
    pub fn group_probe(sni: Option<&str>, group: NamedGroup) -> Self {
        let mut spec = Self::tls13_browser_like(sni, Vec::new());
        spec.cipher_suites = vec![
            CipherSuite::TLS_AES_128_GCM_SHA256,
            CipherSuite::TLS_AES_256_GCM_SHA384,
            CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
        ];
        spec.extensions.supported_groups = vec![group];
        spec.extensions.supported_versions = vec![ProtocolVersion::TLSV1_3];
        spec
    }

    /// The bytes to send: the ClientHello handshake message in one or more
    /// handshake records.
    ///
    /// # Panics
    ///
    /// If a field is too long for its length prefix (an ALPN name over 255 bytes, a
    /// session id over 255, more than 2^16 bytes of suites, …). The presets never
    /// are; use [`Self::try_encode`] for specs built from untrusted input.
    pub fn encode(&self) -> Vec<u8> {
        match self.try_encode() {
            Ok(b) => b,
            Err(e) => panic!("ClientHelloSpec does not fit the wire format: {e}"),
        }
    }

    /// Like [`Self::encode`], but reports an over-long field instead of panicking.
    pub fn try_encode(&self) -> Result<Vec<u8>, EncodeError> {
        let msg = self.encode_handshake()?;
        Ok(frame_records(
            ContentType::HANDSHAKE,
            self.record_version,
            &msg,
        ))
    }

    /// The ClientHello handshake message (type, u24 length, body) without records.
    pub fn encode_handshake(&self) -> Result<Vec<u8>, EncodeError> {
        let exts = self.extensions.encode_list()?;
        let mut w = Writer::with_capacity(512);
        w.u8(HandshakeType::CLIENT_HELLO.0);
        w.vec_u24("client_hello", |w| {
            w.u16(self.legacy_version.0);
            w.bytes(&self.random);
            w.opaque_u8("session_id", &self.session_id);
            w.vec_u16("cipher_suites", |w| {
                for s in &self.cipher_suites {
                    w.u16(s.0);
                }
            });
            w.opaque_u8("compression_methods", &self.compression_methods);
        });
        // Padding depends on the length of everything else, so the extensions block
        // is appended after measuring.
        let unpadded = w.len() + if exts.is_empty() { 0 } else { 2 } + ext_list_len(&exts);
        let mut exts = exts;
        if let Some(target) = self.extensions.padding_to
            && target > unpadded
        {
            let overhead = 4 + if exts.is_empty() { 2 } else { 0 };
            let pad = target.saturating_sub(unpadded + overhead);
            exts.push((ExtensionType::PADDING, vec![0u8; pad]));
        }
        let mut body = w.finish()?;
        if !exts.is_empty() {
            let mut e = Writer::new();
            e.vec_u16("extensions", |w| {
                for (typ, data) in &exts {
                    w.u16(typ.0);
                    w.opaque_u16("extension_data", data);
                }
            });
            body.extend_from_slice(&e.finish()?);
        }
        // Patch the u24 handshake length now that the extensions are in.
        let len = body.len() - 4;
        if len > 0x00FF_FFFF {
            return Err(EncodeError {
                what: "client_hello",
                len,
                max: 0x00FF_FFFF,
            });
        }
        body[1..4].copy_from_slice(&(len as u32).to_be_bytes()[1..]);
        Ok(body)
    }
}

fn ext_list_len(exts: &[(ExtensionType, Vec<u8>)]) -> usize {
    exts.iter().map(|(_, d)| 4 + d.len()).sum()
}

impl ExtensionsSpec {
    /// The enabled extensions as (type, extension_data), in emission order,
    /// without padding.
    pub fn encode_list(&self) -> Result<Vec<(ExtensionType, Vec<u8>)>, EncodeError> {
        let mut out: Vec<(ExtensionType, Vec<u8>)> = Vec::new();
        let mut push = |typ: ExtensionType, f: &dyn Fn(&mut Writer)| -> Result<(), EncodeError> {
            let mut w = Writer::new();
            f(&mut w);
            out.push((typ, w.finish()?));
            Ok(())
        };
        if let Some(name) = &self.server_name {
            push(ExtensionType::SERVER_NAME, &|w| {
                w.vec_u16("server_name_list", |w| {
                    w.u8(0); // host_name
                    w.opaque_u16("host_name", name.as_bytes());
                });
            })?;
        }
        if self.extended_master_secret {
            push(ExtensionType::EXTENDED_MASTER_SECRET, &|_| {})?;
        }
        if let Some(ri) = &self.renegotiation_info {
            push(ExtensionType::RENEGOTIATION_INFO, &|w| {
                w.opaque_u8("renegotiated_connection", ri);
            })?;
        }
        if !self.supported_groups.is_empty() {
            push(ExtensionType::SUPPORTED_GROUPS, &|w| {
                w.vec_u16("named_group_list", |w| {
                    for g in &self.supported_groups {
                        w.u16(g.0);
                    }
                });
            })?;
        }
        if !self.ec_point_formats.is_empty() {
            push(ExtensionType::EC_POINT_FORMATS, &|w| {
                w.opaque_u8("ec_point_format_list", &self.ec_point_formats);
            })?;
        }
        if self.session_ticket {
            push(ExtensionType::SESSION_TICKET, &|_| {})?;
        }
        if !self.alpn.is_empty() {
            push(
                ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                &|w| {
                    w.vec_u16("protocol_name_list", |w| {
                        for p in &self.alpn {
                            w.opaque_u8("protocol_name", p);
                        }
                    });
                },
            )?;
        }
        if self.status_request {
            push(ExtensionType::STATUS_REQUEST, &|w| {
                w.u8(1); // ocsp
                w.u16(0); // responder_id_list
                w.u16(0); // request_extensions
            })?;
        }
        if !self.signature_algorithms.is_empty() {
            push(ExtensionType::SIGNATURE_ALGORITHMS, &|w| {
                w.vec_u16("supported_signature_algorithms", |w| {
                    for s in &self.signature_algorithms {
                        w.u16(s.0);
                    }
                });
            })?;
        }
        if self.signed_certificate_timestamp {
            push(ExtensionType::SIGNED_CERTIFICATE_TIMESTAMP, &|_| {})?;
        }
        if let Some(shares) = &self.key_shares {
            push(ExtensionType::KEY_SHARE, &|w| {
                w.vec_u16("client_shares", |w| {
                    for k in shares {
                        w.u16(k.group.0);
                        w.opaque_u16("key_exchange", &k.key_exchange);
                    }
                });
            })?;
        }
        if !self.psk_key_exchange_modes.is_empty() {
            push(ExtensionType::PSK_KEY_EXCHANGE_MODES, &|w| {
                w.opaque_u8("ke_modes", &self.psk_key_exchange_modes);
            })?;
        }
        if !self.supported_versions.is_empty() {
            push(ExtensionType::SUPPORTED_VERSIONS, &|w| {
                w.vec_u8("versions", |w| {
                    for v in &self.supported_versions {
                        w.u16(v.0);
                    }
                });
            })?;
        }
        if self.early_data {
            push(ExtensionType::EARLY_DATA, &|_| {})?;
        }
        if let Some(cookie) = &self.cookie {
            push(ExtensionType::COOKIE, &|w| {
                w.opaque_u16("cookie", cookie);
            })?;
        }
        if self.encrypt_then_mac {
            push(ExtensionType::ENCRYPT_THEN_MAC, &|_| {})?;
        }
        if !self.signature_algorithms_cert.is_empty() {
            push(ExtensionType::SIGNATURE_ALGORITHMS_CERT, &|w| {
                w.vec_u16("supported_signature_algorithms", |w| {
                    for s in &self.signature_algorithms_cert {
                        w.u16(s.0);
                    }
                });
            })?;
        }
        if let Some(limit) = self.record_size_limit {
            push(ExtensionType::RECORD_SIZE_LIMIT, &|w| {
                w.u16(limit);
            })?;
        }
        for x in &self.extra {
            push(x.typ, &|w| {
                w.bytes(&x.data);
            })?;
        }
        for (_, data) in &out {
            if data.len() > 0xFFFF {
                return Err(EncodeError {
                    what: "extension_data",
                    len: data.len(),
                    max: 0xFFFF,
                });
            }
        }
        Ok(out)
    }
}

/// Splits `payload` into records of at most 2^14 bytes of `content_type` with
/// `version` in each header (RFC 5246 §6.2.1). An empty payload yields no record.
pub fn frame_records(
    content_type: ContentType,
    version: ProtocolVersion,
    payload: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 5 * payload.len().div_ceil(MAX_FRAGMENT_LEN));
    for chunk in payload.chunks(MAX_FRAGMENT_LEN) {
        out.push(content_type.0);
        out.extend_from_slice(&version.0.to_be_bytes());
        out.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
        out.extend_from_slice(chunk);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::codec::{DecodeResult, Reader};
    use super::super::key_share;
    use super::*;
    use proptest::prelude::*;

    /// Test-only ClientHello parser: records → handshake message → spec.
    /// Returns the spec and the padding length, if a padding extension was present.
    fn parse_client_hello(bytes: &[u8]) -> DecodeResult<(ClientHelloSpec, Option<usize>)> {
        let mut r = Reader::new(bytes);
        let mut msg = Vec::new();
        let mut record_version = None;
        while !r.is_empty() {
            let typ = r.u8("record type")?;
            assert_eq!(typ, 22, "handshake record");
            let v = ProtocolVersion(r.u16("record version")?);
            assert!(
                record_version.is_none_or(|rv| rv == v),
                "one record version"
            );
            record_version = Some(v);
            let frag = r.vec_u16("fragment")?;
            assert!(!frag.is_empty() && frag.len() <= MAX_FRAGMENT_LEN);
            msg.extend_from_slice(frag);
        }
        let mut m = Reader::new(&msg);
        assert_eq!(m.u8("type")?, 1);
        let mut b = m.sub_u24("client_hello")?;
        m.expect_empty("message")?;
        let legacy_version = ProtocolVersion(b.u16("version")?);
        let random = b.array::<32>("random")?;
        let session_id = b.vec_u8("session_id")?.to_vec();
        let mut cs = b.sub_u16("cipher_suites")?;
        let mut cipher_suites = Vec::new();
        while !cs.is_empty() {
            cipher_suites.push(CipherSuite(cs.u16("suite")?));
        }
        let compression_methods = b.vec_u8("compression")?.to_vec();
        let mut e = ExtensionsSpec::default();
        let mut padding = None;
        if !b.is_empty() {
            let mut exts = b.sub_u16("extensions")?;
            let mut seen = Vec::new();
            while !exts.is_empty() {
                let typ = ExtensionType(exts.u16("ext type")?);
                assert!(!seen.contains(&typ), "duplicate {typ:?}");
                seen.push(typ);
                let data = exts.vec_u16("ext data")?;
                let mut d = Reader::new(data);
                match typ {
                    ExtensionType::SERVER_NAME => {
                        let mut list = d.sub_u16("list")?;
                        assert_eq!(list.u8("name type")?, 0);
                        let name = list.vec_u16("host_name")?;
                        list.expect_empty("list")?;
                        e.server_name = Some(String::from_utf8(name.to_vec()).unwrap());
                    }
                    ExtensionType::EXTENDED_MASTER_SECRET => e.extended_master_secret = true,
                    ExtensionType::RENEGOTIATION_INFO => {
                        e.renegotiation_info = Some(d.vec_u8("ri")?.to_vec());
                    }
                    ExtensionType::SUPPORTED_GROUPS => {
                        let mut l = d.sub_u16("groups")?;
                        while !l.is_empty() {
                            e.supported_groups.push(NamedGroup(l.u16("g")?));
                        }
                    }
                    ExtensionType::EC_POINT_FORMATS => {
                        e.ec_point_formats = d.vec_u8("pf")?.to_vec();
                    }
                    ExtensionType::SESSION_TICKET => e.session_ticket = true,
                    ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION => {
                        let mut l = d.sub_u16("alpn")?;
                        while !l.is_empty() {
                            e.alpn.push(l.vec_u8("proto")?.to_vec());
                        }
                    }
                    ExtensionType::STATUS_REQUEST => {
                        assert_eq!(d.rest(), [1, 0, 0, 0, 0]);
                        e.status_request = true;
                    }
                    ExtensionType::SIGNATURE_ALGORITHMS => {
                        let mut l = d.sub_u16("sigalgs")?;
                        while !l.is_empty() {
                            e.signature_algorithms.push(SignatureScheme(l.u16("s")?));
                        }
                    }
                    ExtensionType::SIGNED_CERTIFICATE_TIMESTAMP => {
                        e.signed_certificate_timestamp = true;
                    }
                    ExtensionType::KEY_SHARE => {
                        let mut l = d.sub_u16("shares")?;
                        let mut shares = Vec::new();
                        while !l.is_empty() {
                            let group = NamedGroup(l.u16("group")?);
                            let key_exchange = l.vec_u16("kx")?.to_vec();
                            shares.push(KeyShareEntry {
                                group,
                                key_exchange,
                            });
                        }
                        e.key_shares = Some(shares);
                    }
                    ExtensionType::PSK_KEY_EXCHANGE_MODES => {
                        e.psk_key_exchange_modes = d.vec_u8("modes")?.to_vec();
                    }
                    ExtensionType::SUPPORTED_VERSIONS => {
                        let mut l = d.sub_u8("versions")?;
                        while !l.is_empty() {
                            e.supported_versions.push(ProtocolVersion(l.u16("v")?));
                        }
                    }
                    ExtensionType::EARLY_DATA => e.early_data = true,
                    ExtensionType::COOKIE => e.cookie = Some(d.vec_u16("cookie")?.to_vec()),
                    ExtensionType::ENCRYPT_THEN_MAC => e.encrypt_then_mac = true,
                    ExtensionType::SIGNATURE_ALGORITHMS_CERT => {
                        let mut l = d.sub_u16("sigalgs_cert")?;
                        while !l.is_empty() {
                            e.signature_algorithms_cert
                                .push(SignatureScheme(l.u16("s")?));
                        }
                    }
                    ExtensionType::RECORD_SIZE_LIMIT => {
                        e.record_size_limit = Some(d.u16("limit")?);
                    }
                    ExtensionType::PADDING => {
                        let p = d.rest();
                        assert!(p.iter().all(|&b| b == 0));
                        padding = Some(p.len());
                    }
                    other => {
                        e.extra.push(RawExtension {
                            typ: other,
                            data: d.rest().to_vec(),
                        });
                    }
                }
                d.expect_empty("extension")?;
            }
        }
        b.expect_empty("client_hello")?;
        let spec = ClientHelloSpec {
            record_version: record_version.unwrap(),
            legacy_version,
            random,
            session_id,
            cipher_suites,
            compression_methods,
            extensions: e,
        };
        Ok((spec, padding))
    }

    /// A spec with every extension enabled.
    fn everything() -> ClientHelloSpec {
        let mut spec = ClientHelloSpec::tls13_browser_like(
            Some("www.rijksoverheid.nl"),
            key_share::generate_all(&[NamedGroup::X25519_MLKEM768, NamedGroup::X25519]).unwrap(),
        );
        let e = &mut spec.extensions;
        e.early_data = true;
        e.cookie = Some(vec![9; 40]);
        e.encrypt_then_mac = true;
        e.signature_algorithms_cert = vec![SignatureScheme::ED25519, SignatureScheme::MLDSA65];
        e.record_size_limit = Some(16385);
        e.extra = vec![
            RawExtension {
                typ: ExtensionType(0x0A0A),
                data: vec![],
            },
            RawExtension {
                typ: ExtensionType::APPLICATION_SETTINGS,
                data: vec![0, 3, 2, b'h', b'2'],
            },
        ];
        spec.cipher_suites
            .push(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        spec.cipher_suites.push(CipherSuite::TLS_FALLBACK_SCSV);
        spec
    }

    #[test]
    fn round_trip_every_extension() {
        let spec = everything();
        let (back, padding) = parse_client_hello(&spec.encode()).unwrap();
        assert_eq!(back, spec);
        assert_eq!(padding, None);
        let shares = back.extensions.key_shares.unwrap();
        assert_eq!(shares[0].key_exchange.len(), 1216);
        assert_eq!(shares[1].key_exchange.len(), 32);
        assert_eq!(
            back.extensions.supported_groups[..3],
            [
                NamedGroup::X25519_MLKEM768,
                NamedGroup::X25519,
                NamedGroup::SECP256R1
            ]
        );
    }

    #[test]
    fn round_trip_presets() {
        for spec in [
            ClientHelloSpec::legacy(
                ProtocolVersion::SSLV3,
                vec![CipherSuite::TLS_RSA_WITH_RC4_128_SHA, CipherSuite(0x00FF)],
                Some("example.nl"),
            ),
            ClientHelloSpec::legacy(
                ProtocolVersion::TLSV1_0,
                CipherSuite::all_for(ProtocolVersion::TLSV1_0).collect(),
                Some("example.nl"),
            ),
            ClientHelloSpec::legacy(
                ProtocolVersion::TLSV1_2,
                CipherSuite::all_for(ProtocolVersion::TLSV1_2).collect(),
                None,
            ),
            ClientHelloSpec::legacy(
                ProtocolVersion::TLSV1_3,
                CipherSuite::all_for(ProtocolVersion::TLSV1_3).collect(),
                None,
            ),
            ClientHelloSpec::group_probe(Some("example.nl"), NamedGroup::X25519_MLKEM768),
            ClientHelloSpec::tls12_complete(
                vec![CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],
                vec![NamedGroup::X25519],
                Some("example.nl"),
                Some(vec![7; 12]),
            ),
        ] {
            let bytes = spec.encode();
            let (back, _) = parse_client_hello(&bytes).unwrap();
            assert_eq!(back, spec);
        }
    }

    #[test]
    fn ssl3_hello_has_no_extension_block() {
        let spec = ClientHelloSpec::legacy(
            ProtocolVersion::SSLV3,
            vec![CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA],
            Some("ignored.nl"),
        );
        let bytes = spec.encode();
        // record(5) + hs header(4) + version(2) + random(32) + sid(1) + suites(2+2) + comp(1+1)
        assert_eq!(bytes.len(), 5 + 4 + 2 + 32 + 1 + 4 + 2);
        assert_eq!(&bytes[..3], &[22, 3, 0]);
        assert_eq!(&bytes[9..11], &[3, 0]);
    }

    #[test]
    fn tls13_preset_wire_details() {
        let spec = ClientHelloSpec::group_probe(None, NamedGroup::MLKEM768);
        let bytes = spec.encode();
        assert_eq!(&bytes[..3], &[22, 3, 1], "record version 0x0301");
        assert_eq!(&bytes[9..11], &[3, 3], "legacy_version 0x0303");
        let (back, _) = parse_client_hello(&bytes).unwrap();
        assert_eq!(back.extensions.key_shares, Some(vec![]));
        assert_eq!(back.extensions.supported_groups, vec![NamedGroup::MLKEM768]);
        assert_eq!(back.session_id.len(), 32);
    }

    #[test]
    fn padding_reaches_target_exactly() {
        for target in [0, 100, 300, 512, 517, 1000] {
            for with_exts in [true, false] {
                let mut spec = ClientHelloSpec::legacy(
                    ProtocolVersion::TLSV1_2,
                    vec![CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA],
                    Some("a.nl"),
                );
                if !with_exts {
                    spec.extensions = ExtensionsSpec::default();
                }
                spec.extensions.padding_to = Some(target);
                let unpadded = {
                    let mut s = spec.clone();
                    s.extensions.padding_to = None;
                    s.encode_handshake().unwrap().len()
                };
                let msg = spec.encode_handshake().unwrap();
                let (_, padding) = parse_client_hello(&spec.encode()).unwrap();
                if target > unpadded {
                    let min = unpadded + 4 + if with_exts { 0 } else { 2 };
                    assert_eq!(msg.len(), target.max(min), "target {target}");
                    assert!(padding.is_some());
                } else {
                    assert_eq!(msg.len(), unpadded);
                    assert_eq!(padding, None);
                }
            }
        }
    }

    #[test]
    fn large_hello_spans_records() {
        let shares = key_share::generate_all(&[
            NamedGroup::X25519_MLKEM768,
            NamedGroup::SECP256R1_MLKEM768,
            NamedGroup::SECP384R1_MLKEM1024,
            NamedGroup::MLKEM1024,
            NamedGroup::MLKEM768,
            NamedGroup::MLKEM512,
            NamedGroup::X25519_KYBER768_DRAFT00,
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
            NamedGroup::SECP384R1,
            NamedGroup::SECP521R1,
        ])
        .unwrap();
        let mut spec = ClientHelloSpec::tls13_browser_like(Some("big.nl"), shares);
        spec.extensions.padding_to = Some(20_000);
        let bytes = spec.encode();
        assert_eq!(bytes[0], 22);
        let first_len = usize::from(u16::from_be_bytes([bytes[3], bytes[4]]));
        assert_eq!(first_len, MAX_FRAGMENT_LEN);
        let (back, padding) = parse_client_hello(&bytes).unwrap();
        assert!(padding.is_some());
        assert_eq!(back.extensions.key_shares, spec.extensions.key_shares);
        assert_eq!(spec.encode_handshake().unwrap().len(), 20_000);
    }

    #[test]
    fn overlong_fields_are_errors() {
        let mut spec = ClientHelloSpec::legacy(ProtocolVersion::TLSV1_2, vec![], None);
        spec.extensions.alpn = vec![vec![b'x'; 256]];
        let e = spec.try_encode().unwrap_err();
        assert_eq!(e.what, "protocol_name");
        let mut spec = ClientHelloSpec::legacy(ProtocolVersion::TLSV1_2, vec![], None);
        spec.session_id = vec![0; 300];
        assert_eq!(spec.try_encode().unwrap_err().what, "session_id");
        let mut spec = ClientHelloSpec::legacy(ProtocolVersion::TLSV1_2, vec![], None);
        spec.extensions.extra = vec![RawExtension {
            typ: ExtensionType(0x7777),
            data: vec![0; 70_000],
        }];
        assert!(spec.try_encode().is_err());
    }

    fn arb_version() -> impl Strategy<Value = ProtocolVersion> {
        prop_oneof![
            Just(ProtocolVersion::SSLV3),
            Just(ProtocolVersion::TLSV1_0),
            Just(ProtocolVersion::TLSV1_1),
            Just(ProtocolVersion::TLSV1_2),
            Just(ProtocolVersion::TLSV1_3),
            any::<u16>().prop_map(ProtocolVersion),
        ]
    }

    fn arb_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(any::<u8>(), 0..=max)
    }

    prop_compose! {
        fn arb_extensions()(
            server_name in proptest::option::of("[a-z0-9.-]{1,60}"),
            flags in any::<[bool; 7]>(),
            renegotiation_info in proptest::option::of(arb_bytes(40)),
            supported_groups in proptest::collection::vec(any::<u16>().prop_map(NamedGroup), 0..20),
            ec_point_formats in arb_bytes(3),
            alpn in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..20), 0..4),
            signature_algorithms in proptest::collection::vec(any::<u16>().prop_map(SignatureScheme), 0..30),
            key_shares in proptest::option::of(proptest::collection::vec(
                (any::<u16>(), proptest::collection::vec(any::<u8>(), 0..1300))
                    .prop_map(|(g, k)| KeyShareEntry { group: NamedGroup(g), key_exchange: k }),
                0..4)),
            psk_key_exchange_modes in arb_bytes(2),
            supported_versions in proptest::collection::vec(arb_version(), 0..6),
            cookie in proptest::option::of(arb_bytes(100)),
            signature_algorithms_cert in proptest::collection::vec(any::<u16>().prop_map(SignatureScheme), 0..5),
            record_size_limit in proptest::option::of(any::<u16>()),
            extra in proptest::collection::vec(
                (0x7000u16..0x7100, arb_bytes(50)).prop_map(|(t, d)| RawExtension { typ: ExtensionType(t), data: d }),
                0..3),
        ) -> ExtensionsSpec {
            let mut extra = extra;
            extra.sort_by_key(|x| x.typ);
            extra.dedup_by_key(|x| x.typ);
            ExtensionsSpec {
                server_name,
                extended_master_secret: flags[0],
                renegotiation_info,
                supported_groups,
                ec_point_formats,
                session_ticket: flags[1],
                alpn,
                status_request: flags[2],
                signature_algorithms,
                signed_certificate_timestamp: flags[3],
                key_shares,
                psk_key_exchange_modes,
                supported_versions,
                early_data: flags[4],
                cookie,
                encrypt_then_mac: flags[5],
                signature_algorithms_cert,
                record_size_limit,
                extra,
                padding_to: None,
            }
        }
    }

    prop_compose! {
        fn arb_spec()(
            record_version in arb_version(),
            legacy_version in arb_version(),
            random in any::<[u8; 32]>(),
            session_id in arb_bytes(32),
            cipher_suites in proptest::collection::vec(any::<u16>().prop_map(CipherSuite), 0..200),
            compression_methods in proptest::collection::vec(any::<u8>(), 1..3),
            extensions in arb_extensions(),
        ) -> ClientHelloSpec {
            ClientHelloSpec { record_version, legacy_version, random, session_id, cipher_suites, compression_methods, extensions }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn encode_round_trips_and_frames(spec in arb_spec(), pad in proptest::option::of(0usize..20_000)) {
            let bytes = spec.encode();
            // Valid framing: consecutive handshake records, full ones of 2^14 bytes
            // except the last, carrying exactly one ClientHello.
            let mut r = Reader::new(&bytes);
            let mut payload = Vec::new();
            while !r.is_empty() {
                prop_assert_eq!(r.u8("t").unwrap(), 22);
                prop_assert_eq!(r.u16("v").unwrap(), spec.record_version.0);
                let frag = r.vec_u16("f").unwrap();
                prop_assert!(!frag.is_empty() && frag.len() <= MAX_FRAGMENT_LEN);
                payload.extend_from_slice(frag);
            }
            prop_assert_eq!(payload[0], 1);
            let declared = u32::from_be_bytes([0, payload[1], payload[2], payload[3]]) as usize;
            prop_assert_eq!(declared + 4, payload.len());
            let (back, _) = parse_client_hello(&bytes).unwrap();
            prop_assert_eq!(&back, &spec);

            let mut padded = spec.clone();
            padded.extensions.padding_to = pad;
            let msg = padded.encode_handshake().unwrap();
            prop_assert!(msg.len() >= pad.unwrap_or(0));
            let (mut back, _) = parse_client_hello(&padded.encode()).unwrap();
            back.extensions.padding_to = pad;
            prop_assert_eq!(back, padded);
        }
    }
}
