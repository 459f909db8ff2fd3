//! Certificate facts: what the NCSC TLS guidelines (§3.3.2 public key, §3.3.5 signature) and
//! the post-quantum inventory judge, read from the DER a server sent.
//!
//! x509-parser does the parsing; the meaning of algorithm OIDs comes from pastoe's own
//! tables ([`SIGNATURE_ALGORITHMS`], [`KEY_ALGORITHMS`], [`CURVES`], [`HASHES`]), because
//! x509-parser and oid-registry know no ML-DSA, SLH-DSA or composite OIDs, and because the
//! rule files match on the vocabulary these tables produce. Unknown OIDs are kept as OIDs so
//! a rule can still name them. [`analyse`] never fails: a certificate that does not parse is
//! itself a fact.

use data_encoding::{BASE64, HEXLOWER};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use x509_parser::asn1_rs::{Any, Class, FromDer, Tag};
use x509_parser::prelude::{GeneralName, ParsedExtension, X509Certificate};
use x509_parser::signature_algorithm::RsaSsaPssParams;
use x509_parser::x509::AlgorithmIdentifier;

/// What one certificate says about itself. Strings are empty and algorithms `unknown` when
/// [`CertificateFacts::parse_error`] is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateFacts {
    /// The DER, base64 (standard alphabet), so a later judging step can re-check DANE or
    /// re-read a field this version does not extract.
    pub der: String,
    /// Hex SHA-256 of the DER.
    pub sha256: String,
    pub subject: String,
    pub issuer: String,
    /// Lowercase hex of the serial number's DER content.
    pub serial: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    /// RFC 3339, UTC.
    pub not_after: String,
    /// SAN dNSName entries as written in the certificate.
    pub dns_names: Vec<String>,
    /// The first subject commonName, consulted for names only without dNSName SANs.
    pub common_name: Option<String>,
    /// basicConstraints cA.
    pub is_ca: bool,
    /// Subject and issuer are the same name (a root, or a self-signed leaf).
    pub self_issued: bool,
    pub key: PublicKeyFacts,
    pub signature: SignatureFacts,
    /// Authority Information Access OCSP responder URLs.
    pub ocsp_urls: Vec<String>,
    pub parse_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicKeyFacts {
    /// `rsa`, `ec`, `ed25519`, `ed448`, `dsa`, `ml-dsa`, `slh-dsa`, `composite` or `unknown`.
    pub algorithm: String,
    pub oid: String,
    /// RSA and DSA modulus bits, EC field size. `None` where the algorithm fixes the
    /// strength (EdDSA, post-quantum) or it could not be read.
    pub bits: Option<u32>,
    /// `P-256`, `brainpoolP256r1`, …; the OID for a named curve outside [`CURVES`];
    /// `None` for non-EC keys and for explicit curve parameters.
    pub curve: Option<String>,
    pub curve_oid: Option<String>,
    /// Post-quantum parameter set or composite name: `ML-DSA-65`, `SLH-DSA-SHA2-128s`,
    /// `MLDSA65-ECDSA-P256-SHA512`.
    pub parameter_set: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignatureFacts {
    pub oid: String,
    /// Conventional name (`sha256WithRSAEncryption`, `ecdsa-with-SHA384`, `ML-DSA-65`), or
    /// the OID when unknown.
    pub name: String,
    /// `md5`, `sha1`, `sha224`, `sha256`, `sha384`, `sha512`; `None` for algorithms without a
    /// separate hash (EdDSA, ML-DSA, SLH-DSA, composite) and for unknown ones.
    pub hash: Option<String>,
    /// `rsa`, `rsa-pss`, `ecdsa`, `ed25519`, `ed448`, `dsa`, `ml-dsa`, `slh-dsa`,
    /// `composite` or `unknown`.
    pub algorithm: String,
}

/// One row of the signature-algorithm table.
#[derive(Debug, Clone, Copy)]
pub struct SignatureRow {
    pub oid: &'static str,
    pub name: &'static str,
    pub algorithm: &'static str,
    pub hash: Option<&'static str>,
    /// The same OID also identifies the public key (RFC 8410 §3 for EdDSA, RFC 9881 for
    /// ML-DSA, RFC 9909 for SLH-DSA, and the composite draft), so the key table need not
    /// repeat it.
    pub names_key: bool,
}

const fn sig(
    oid: &'static str,
    name: &'static str,
    algorithm: &'static str,
    hash: Option<&'static str>,
) -> SignatureRow {
    SignatureRow {
        oid,
        name,
        algorithm,
        hash,
        names_key: false,
    }
}

const fn sig_key(oid: &'static str, name: &'static str, algorithm: &'static str) -> SignatureRow {
    SignatureRow {
        oid,
        name,
        algorithm,
        hash: None,
        names_key: true,
    }
}

/// Certificate signature algorithms. Classical rows: RFC 3279, RFC 4055 (RSASSA-PSS; the
/// hash is in the parameters, see [`analyse`]), RFC 5758, RFC 8410. ML-DSA: FIPS 204,
/// RFC 9881. SLH-DSA: FIPS 205, RFC 9909. Composite ML-DSA (arc 1.3.6.1.5.5.7.6, .37–.54):
/// draft-ietf-lamps-pq-composite-sigs -16…-19, as listed in pastoe's reference notes
/// (pqc.md §4.1, cross-checked there against OpenSSL and AWS-LC); still a draft, so these
/// rows may change.
pub static SIGNATURE_ALGORITHMS: &[SignatureRow] = &[
    sig(
        "1.2.840.113549.1.1.4",
        "md5WithRSAEncryption",
        "rsa",
        Some("md5"),
    ),
    sig(
        "1.2.840.113549.1.1.5",
        "sha1WithRSAEncryption",
        "rsa",
        Some("sha1"),
    ),
    sig("1.3.14.3.2.29", "sha1WithRSASignature", "rsa", Some("sha1")),
    sig(
        "1.2.840.113549.1.1.14",
        "sha224WithRSAEncryption",
        "rsa",
        Some("sha224"),
    ),
    sig(
        "1.2.840.113549.1.1.11",
        "sha256WithRSAEncryption",
        "rsa",
        Some("sha256"),
    ),
    sig(
        "1.2.840.113549.1.1.12",
        "sha384WithRSAEncryption",
        "rsa",
        Some("sha384"),
    ),
    sig(
        "1.2.840.113549.1.1.13",
        "sha512WithRSAEncryption",
        "rsa",
        Some("sha512"),
    ),
    sig("1.2.840.113549.1.1.10", "RSASSA-PSS", "rsa-pss", None),
    sig(
        "1.2.840.10045.4.1",
        "ecdsa-with-SHA1",
        "ecdsa",
        Some("sha1"),
    ),
    sig(
        "1.2.840.10045.4.3.1",
        "ecdsa-with-SHA224",
        "ecdsa",
        Some("sha224"),
    ),
    sig(
        "1.2.840.10045.4.3.2",
        "ecdsa-with-SHA256",
        "ecdsa",
        Some("sha256"),
    ),
    sig(
        "1.2.840.10045.4.3.3",
        "ecdsa-with-SHA384",
        "ecdsa",
        Some("sha384"),
    ),
    sig(
        "1.2.840.10045.4.3.4",
        "ecdsa-with-SHA512",
        "ecdsa",
        Some("sha512"),
    ),
    sig("1.2.840.10040.4.3", "dsa-with-sha1", "dsa", Some("sha1")),
    sig(
        "2.16.840.1.101.3.4.3.1",
        "dsa-with-sha224",
        "dsa",
        Some("sha224"),
    ),
    sig(
        "2.16.840.1.101.3.4.3.2",
        "dsa-with-sha256",
        "dsa",
        Some("sha256"),
    ),
    sig_key("1.3.101.112", "Ed25519", "ed25519"),
    sig_key("1.3.101.113", "Ed448", "ed448"),
    sig_key("2.16.840.1.101.3.4.3.17", "ML-DSA-44", "ml-dsa"),
    sig_key("2.16.840.1.101.3.4.3.18", "ML-DSA-65", "ml-dsa"),
    sig_key("2.16.840.1.101.3.4.3.19", "ML-DSA-87", "ml-dsa"),
    sig_key("2.16.840.1.101.3.4.3.20", "SLH-DSA-SHA2-128s", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.21", "SLH-DSA-SHA2-128f", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.22", "SLH-DSA-SHA2-192s", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.23", "SLH-DSA-SHA2-192f", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.24", "SLH-DSA-SHA2-256s", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.25", "SLH-DSA-SHA2-256f", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.26", "SLH-DSA-SHAKE-128s", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.27", "SLH-DSA-SHAKE-128f", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.28", "SLH-DSA-SHAKE-192s", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.29", "SLH-DSA-SHAKE-192f", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.30", "SLH-DSA-SHAKE-256s", "slh-dsa"),
    sig_key("2.16.840.1.101.3.4.3.31", "SLH-DSA-SHAKE-256f", "slh-dsa"),
    sig_key(
        "1.3.6.1.5.5.7.6.37",
        "MLDSA44-RSA2048-PSS-SHA256",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.38",
        "MLDSA44-RSA2048-PKCS15-SHA256",
        "composite",
    ),
    sig_key("1.3.6.1.5.5.7.6.39", "MLDSA44-Ed25519-SHA512", "composite"),
    sig_key(
        "1.3.6.1.5.5.7.6.40",
        "MLDSA44-ECDSA-P256-SHA256",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.41",
        "MLDSA65-RSA3072-PSS-SHA512",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.42",
        "MLDSA65-RSA3072-PKCS15-SHA512",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.43",
        "MLDSA65-RSA4096-PSS-SHA512",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.44",
        "MLDSA65-RSA4096-PKCS15-SHA512",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.45",
        "MLDSA65-ECDSA-P256-SHA512",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.46",
        "MLDSA65-ECDSA-P384-SHA512",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.47",
        "MLDSA65-ECDSA-brainpoolP256r1-SHA512",
        "composite",
    ),
    sig_key("1.3.6.1.5.5.7.6.48", "MLDSA65-Ed25519-SHA512", "composite"),
    sig_key(
        "1.3.6.1.5.5.7.6.49",
        "MLDSA87-ECDSA-P384-SHA512",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.50",
        "MLDSA87-ECDSA-brainpoolP384r1-SHA512",
        "composite",
    ),
    sig_key("1.3.6.1.5.5.7.6.51", "MLDSA87-Ed448-SHAKE256", "composite"),
    sig_key(
        "1.3.6.1.5.5.7.6.52",
        "MLDSA87-RSA3072-PSS-SHA512",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.53",
        "MLDSA87-RSA4096-PSS-SHA512",
        "composite",
    ),
    sig_key(
        "1.3.6.1.5.5.7.6.54",
        "MLDSA87-ECDSA-P521-SHA512",
        "composite",
    ),
];

/// Public-key algorithms whose OID is not also a signature OID (RFC 3279, RFC 4055,
/// RFC 5480). The RSASSA-PSS key OID restricts an RSA key to PSS; the key is still RSA.
pub static KEY_ALGORITHMS: &[(&str, &str)] = &[
    ("1.2.840.113549.1.1.1", "rsa"),
    ("1.2.840.113549.1.1.10", "rsa"),
    ("1.2.840.10045.2.1", "ec"),
    ("1.2.840.10040.4.1", "dsa"),
];

/// One named elliptic curve.
#[derive(Debug, Clone, Copy)]
pub struct CurveRow {
    pub oid: &'static str,
    pub name: &'static str,
    /// Field size in bits.
    pub bits: u32,
}

/// Named curves the NCSC tables mention (RFC 5480, RFC 5639) plus secp256k1.
pub static CURVES: &[CurveRow] = &[
    curve("1.3.132.0.33", "P-224", 224),
    curve("1.2.840.10045.3.1.7", "P-256", 256),
    curve("1.3.132.0.34", "P-384", 384),
    curve("1.3.132.0.35", "P-521", 521),
    curve("1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1", 256),
    curve("1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1", 384),
    curve("1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1", 512),
    curve("1.3.132.0.10", "secp256k1", 256),
];

const fn curve(oid: &'static str, name: &'static str, bits: u32) -> CurveRow {
    CurveRow { oid, name, bits }
}

/// Hash algorithm OIDs, for RSASSA-PSS parameters (RFC 4055 §2.1; NIST CSOR).
pub static HASHES: &[(&str, &str)] = &[
    ("1.2.840.113549.2.5", "md5"),
    ("1.3.14.3.2.26", "sha1"),
    ("2.16.840.1.101.3.4.2.4", "sha224"),
    ("2.16.840.1.101.3.4.2.1", "sha256"),
    ("2.16.840.1.101.3.4.2.2", "sha384"),
    ("2.16.840.1.101.3.4.2.3", "sha512"),
];

/// The names [`analyse`] can report, read off the tables above: the vocabulary rule files
/// may use for certificate keys and signatures (`rules::tls_classes` checks against these,
/// so a rule cannot name something pastoe never reports).
pub mod vocabulary {
    use super::{CURVES, HASHES, KEY_ALGORITHMS, SIGNATURE_ALGORITHMS};

    /// Reported when a key or signature OID is in no table.
    pub const UNKNOWN: &str = "unknown";

    fn unique(names: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for n in names.chain([UNKNOWN]) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }

    pub fn key_algorithms() -> Vec<&'static str> {
        let named_by_key = SIGNATURE_ALGORITHMS.iter().filter(|r| r.names_key);
        unique(
            KEY_ALGORITHMS
                .iter()
                .map(|(_, a)| *a)
                .chain(named_by_key.map(|r| r.algorithm)),
        )
    }

    pub fn signature_algorithms() -> Vec<&'static str> {
        unique(SIGNATURE_ALGORITHMS.iter().map(|r| r.algorithm))
    }

    pub fn curves() -> Vec<&'static str> {
        CURVES.iter().map(|c| c.name).collect()
    }

    pub fn hashes() -> Vec<&'static str> {
        HASHES.iter().map(|(_, h)| *h).collect()
    }

    /// The name of a signature OID, when pastoe knows it.
    pub fn signature_name(oid: &str) -> Option<&'static str> {
        SIGNATURE_ALGORITHMS
            .iter()
            .find(|r| r.oid == oid)
            .map(|r| r.name)
    }
}

const OID_AIA_OCSP: &str = "1.3.6.1.5.5.7.48.1";

/// Read everything pastoe judges from one DER certificate. Never panics; a certificate that
/// does not parse gives facts with [`CertificateFacts::parse_error`] set and the DER and
/// fingerprint still filled in.
pub fn analyse(der: &[u8]) -> CertificateFacts {
    let mut facts = CertificateFacts {
        der: BASE64.encode(der),
        sha256: HEXLOWER
            .encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, der).as_ref()),
        subject: String::new(),
        issuer: String::new(),
        serial: String::new(),
        not_before: String::new(),
        not_after: String::new(),
        dns_names: Vec::new(),
        common_name: None,
        is_ca: false,
        self_issued: false,
        key: PublicKeyFacts {
            algorithm: "unknown".into(),
            oid: String::new(),
            bits: None,
            curve: None,
            curve_oid: None,
            parameter_set: None,
        },
        signature: SignatureFacts {
            oid: String::new(),
            name: String::new(),
            hash: None,
            algorithm: "unknown".into(),
        },
        ocsp_urls: Vec::new(),
        parse_error: None,
    };
    let cert = match X509Certificate::from_der(der) {
        Ok((_, cert)) => cert,
        Err(e) => {
            facts.parse_error = Some(e.to_string());
            return facts;
        }
    };
    facts.subject = cert.subject().to_string();
    facts.issuer = cert.issuer().to_string();
    facts.serial = HEXLOWER.encode(cert.raw_serial());
    facts.not_before = rfc3339(cert.validity().not_before.to_datetime());
    facts.not_after = rfc3339(cert.validity().not_after.to_datetime());
    facts.common_name = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_string);
    facts.self_issued = cert.subject().as_raw() == cert.issuer().as_raw();
    for ext in cert.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => {
                facts
                    .dns_names
                    .extend(san.general_names.iter().filter_map(|n| match n {
                        GeneralName::DNSName(d) => Some(d.to_string()),
                        _ => None,
                    }));
            }
            ParsedExtension::BasicConstraints(bc) => facts.is_ca = bc.ca,
            ParsedExtension::AuthorityInfoAccess(aia) => {
                facts.ocsp_urls.extend(aia.iter().filter_map(|desc| {
                    match (&desc.access_location, desc.access_method.to_id_string()) {
                        (GeneralName::URI(uri), method) if method == OID_AIA_OCSP => {
                            Some(uri.to_string())
                        }
                        _ => None,
                    }
                }));
            }
            _ => {}
        }
    }
    facts.key = public_key(&cert);
    facts.signature = signature(&cert.signature_algorithm);
    facts
}

pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn public_key(cert: &X509Certificate<'_>) -> PublicKeyFacts {
    let spki = cert.public_key();
    let oid = spki.algorithm.algorithm.to_id_string();
    let key_bytes: &[u8] = &spki.subject_public_key.data;
    let mut facts = PublicKeyFacts {
        algorithm: "unknown".into(),
        oid: oid.clone(),
        bits: None,
        curve: None,
        curve_oid: None,
        parameter_set: None,
    };
    if let Some((_, algorithm)) = KEY_ALGORITHMS.iter().find(|(o, _)| *o == oid) {
        facts.algorithm = (*algorithm).into();
        match *algorithm {
            // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
            "rsa" => {
                facts.bits = der_next(key_bytes)
                    .and_then(|(seq, _)| sequence_first_integer(&seq))
                    .map(unsigned_bits);
            }
            // Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }; strength is |p|.
            "dsa" => {
                facts.bits = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(sequence_first_integer)
                    .map(unsigned_bits);
            }
            "ec" => {
                let named = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.as_oid().ok())
                    .map(|o| o.to_id_string());
                if let Some(curve_oid) = named {
                    let row = CURVES.iter().find(|c| c.oid == curve_oid);
                    facts.curve = Some(row.map_or_else(|| curve_oid.clone(), |c| c.name.into()));
                    facts.bits = row.map(|c| c.bits);
                    facts.curve_oid = Some(curve_oid);
                }
                facts.bits = facts.bits.or_else(|| ec_point_bits(key_bytes));
            }
            _ => {}
        }
    } else if let Some(row) = SIGNATURE_ALGORITHMS
        .iter()
        .find(|r| r.names_key && r.oid == oid)
    {
        facts.algorithm = row.algorithm.into();
        if matches!(row.algorithm, "ml-dsa" | "slh-dsa" | "composite") {
            facts.parameter_set = Some(row.name.into());
        }
    }
    facts
}

fn signature(alg: &AlgorithmIdentifier<'_>) -> SignatureFacts {
    let oid = alg.algorithm.to_id_string();
    let Some(row) = SIGNATURE_ALGORITHMS.iter().find(|r| r.oid == oid) else {
        return SignatureFacts {
            name: oid.clone(),
            oid,
            hash: None,
            algorithm: "unknown".into(),
        };
    };
    let hash = if row.algorithm == "rsa-pss" {
        pss_hash(alg)
    } else {
        row.hash.map(str::to_string)
    };
    SignatureFacts {
        oid,
        name: row.name.into(),
        hash,
        algorithm: row.algorithm.into(),
    }
}

/// The hash of RSASSA-PSS parameters; absent parameters or an absent hashAlgorithm mean
/// SHA-1 (RFC 4055 §3.1). An unknown hash OID is reported as the OID.
fn pss_hash(alg: &AlgorithmIdentifier<'_>) -> Option<String> {
    let Some(params) = alg.parameters.as_ref() else {
        return Some("sha1".into());
    };
    let params = RsaSsaPssParams::try_from(params).ok()?;
    let oid = params.hash_algorithm_oid().to_id_string();
    Some(
        HASHES
            .iter()
            .find(|(o, _)| *o == oid)
            .map_or(oid.clone(), |(_, name)| (*name).into()),
    )
}

/// The next DER element of `input` and what follows it.
pub(crate) fn der_next(input: &[u8]) -> Option<(Any<'_>, &[u8])> {
    let (rest, any) = Any::from_der(input).ok()?;
    Some((any, rest))
}

/// The content of the first INTEGER inside a DER SEQUENCE.
fn sequence_first_integer<'a>(seq: &Any<'a>) -> Option<&'a [u8]> {
    if seq.class() != Class::Universal || seq.tag() != Tag::Sequence {
        return None;
    }
    let (int, _) = der_next(seq.data)?;
    (int.class() == Class::Universal && int.tag() == Tag::Integer).then_some(int.data)
}

/// Bit length of a big-endian unsigned integer (leading zero octets and bits ignored).
fn unsigned_bits(bytes: &[u8]) -> u32 {
    let significant: &[u8] = match bytes.iter().position(|&b| b != 0) {
        Some(i) => &bytes[i..],
        None => &[],
    };
    match significant.first() {
        Some(first) => {
            let len = u32::try_from(significant.len()).unwrap_or(u32::MAX / 8);
            len.saturating_mul(8) - first.leading_zeros()
        }
        None => 0,
    }
}

/// Field size from an EC point (SEC 1 §2.3.3): uncompressed `04 ‖ X ‖ Y`, compressed
/// `02|03 ‖ X`. Only used for curves outside [`CURVES`].
fn ec_point_bits(point: &[u8]) -> Option<u32> {
    let coordinate = match point {
        [4, rest @ ..] if !rest.is_empty() && rest.len() % 2 == 0 => rest.len() / 2,
        [2 | 3, rest @ ..] if !rest.is_empty() => rest.len(),
        _ => return None,
    };
    u32::try_from(coordinate).ok()?.checked_mul(8)
}

/// Whether the certificate is valid for `host` by RFC 6125 §6.4: dNSName SANs, with a
/// wildcard only as the whole left-most label matching exactly one label; the subject
/// commonName only when there is no dNSName SAN. Case-insensitive ASCII, a trailing dot
/// ignored; IDNs must be given as A-labels (no IDNA conversion here). IP addresses never
/// match: they are certified by iPAddress SANs, which are not DNS names.
impl CertificateFacts {
    /// The DER bytes back from the facts (`None` if the stored text is not base64).
    pub fn der_bytes(&self) -> Option<Vec<u8>> {
        BASE64.decode(self.der.as_bytes()).ok()
    }
}

pub fn name_matches(cert: &CertificateFacts, host: &str) -> bool {
    let host = normalise(host);
    if host.is_empty() || host.parse::<std::net::IpAddr>().is_ok() {
        return false;
    }
    if cert.dns_names.is_empty() {
        cert.common_name
            .as_deref()
            .is_some_and(|cn| pattern_matches(&normalise(cn), &host))
    } else {
        cert.dns_names
            .iter()
            .any(|name| pattern_matches(&normalise(name), &host))
    }
}

fn normalise(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

fn pattern_matches(pattern: &str, host: &str) -> bool {
    if pattern.is_empty() || pattern.split('.').any(str::is_empty) {
        return false;
    }
    match pattern.strip_prefix("*.") {
        // A wildcard needs at least two labels after it, so `*.nl` certifies nothing.
        Some(parent) if parent.contains('.') && !parent.contains('*') => host
            .split_once('.')
            .is_some_and(|(first, rest)| !first.is_empty() && rest == parent),
        Some(_) => false,
        None => !pattern.contains('*') && pattern == host,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, PKCS_ECDSA_P256_SHA256,
        PKCS_ECDSA_P384_SHA384, PKCS_ED25519, PKCS_RSA_SHA256,
    };

    /// DER TLV with definite length, for hand-made certificates.
    pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = content.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes = len.to_be_bytes();
            let skip = bytes.iter().take_while(|&&b| b == 0).count();
            out.push(0x80 | (bytes.len() - skip) as u8);
            out.extend_from_slice(&bytes[skip..]);
        }
        out.extend_from_slice(content);
        out
    }

    pub(crate) fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x30, &parts.concat())
    }

    /// DER encoding of a dotted OID.
    pub(crate) fn oid(dotted: &str) -> Vec<u8> {
        let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
        let mut body = Vec::new();
        let mut push = |mut v: u64| {
            let mut chunk = vec![(v & 0x7f) as u8];
            v >>= 7;
            while v > 0 {
                chunk.push(0x80 | (v & 0x7f) as u8);
                v >>= 7;
            }
            chunk.reverse();
            body.extend(chunk);
        };
        push(arcs[0] * 40 + arcs[1]);
        for &arc in &arcs[2..] {
            push(arc);
        }
        tlv(0x06, &body)
    }

    fn name(cn: &str) -> Vec<u8> {
        // Name ::= SEQUENCE OF SET OF AttributeTypeAndValue
        seq(&[tlv(0x31, &seq(&[oid("2.5.4.3"), tlv(0x0c, cn.as_bytes())]))])
    }

    /// A certificate with arbitrary algorithm identifiers and placeholder key and signature
    /// bytes: x509-parser does not check signatures, so this is enough to test the tables.
    pub(crate) fn handmade(sig_alg: Vec<u8>, key_alg: Vec<u8>, key: &[u8]) -> Vec<u8> {
        let bit_string = |b: &[u8]| tlv(0x03, &[&[0u8][..], b].concat());
        let san = seq(&[
            oid("2.5.29.17"),
            tlv(0x04, &seq(&[tlv(0x82, b"pq.example.nl")])),
        ]);
        let tbs = seq(&[
            tlv(0xa0, &tlv(0x02, &[2])),
            tlv(0x02, &[0x01, 0x23]),
            sig_alg.clone(),
            name("PQ test CA"),
            seq(&[tlv(0x17, b"260101000000Z"), tlv(0x18, b"20361231235959Z")]),
            name("pq.example.nl"),
            seq(&[key_alg, bit_string(key)]),
            tlv(0xa3, &seq(&[san])),
        ]);
        seq(&[tbs, sig_alg, bit_string(&[0x55; 64])])
    }

    fn leaf_params(names: &[&str]) -> CertificateParams {
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "Test leaf");
        params
    }

    #[test]
    fn rsa_2048_leaf() {
        let key = KeyPair::generate_for(&PKCS_RSA_SHA256).unwrap();
        let mut params = leaf_params(&["www.example.nl", "example.nl"]);
        params.serial_number = Some(vec![0x0f, 0xa1].into());
        params.not_before = time::macros::datetime!(2026-01-02 03:04:05 UTC);
        params.not_after = time::macros::datetime!(2027-01-02 03:04:05 UTC);
        let cert = params.self_signed(&key).unwrap();
        let facts = analyse(cert.der());
        assert_eq!(facts.parse_error, None);
        assert_eq!(facts.der, BASE64.encode(cert.der()));
        assert_eq!(
            facts.sha256,
            HEXLOWER
                .encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, cert.der()).as_ref())
        );
        assert_eq!(facts.subject, "CN=Test leaf");
        assert_eq!(facts.issuer, "CN=Test leaf");
        assert_eq!(facts.serial, "0fa1");
        assert_eq!(facts.not_before, "2026-01-02T03:04:05Z");
        assert_eq!(facts.not_after, "2027-01-02T03:04:05Z");
        assert_eq!(facts.dns_names, ["www.example.nl", "example.nl"]);
        assert_eq!(facts.common_name.as_deref(), Some("Test leaf"));
        assert!(!facts.is_ca);
        assert!(facts.self_issued);
        assert_eq!(
            facts.key,
            PublicKeyFacts {
                algorithm: "rsa".into(),
                oid: "1.2.840.113549.1.1.1".into(),
                bits: Some(2048),
                curve: None,
                curve_oid: None,
                parameter_set: None,
            }
        );
        assert_eq!(
            facts.signature,
            SignatureFacts {
                oid: "1.2.840.113549.1.1.11".into(),
                name: "sha256WithRSAEncryption".into(),
                hash: Some("sha256".into()),
                algorithm: "rsa".into(),
            }
        );
        assert!(facts.ocsp_urls.is_empty());
    }

    #[test]
    fn ecdsa_ca_signs_p256_leaf() {
        let ca_key = KeyPair::generate_for(&PKCS_ECDSA_P384_SHA384).unwrap();
        let mut ca_params = CertificateParams::default();
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "Test CA");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let ca = analyse(ca_cert.der());
        assert!(ca.is_ca);
        assert!(ca.self_issued);
        assert!(ca.dns_names.is_empty());
        assert_eq!(ca.key.algorithm, "ec");
        assert_eq!(ca.key.curve.as_deref(), Some("P-384"));
        assert_eq!(ca.key.curve_oid.as_deref(), Some("1.3.132.0.34"));
        assert_eq!(ca.key.bits, Some(384));
        assert_eq!(ca.signature.name, "ecdsa-with-SHA384");
        assert_eq!(ca.signature.hash.as_deref(), Some("sha384"));
        assert_eq!(ca.signature.algorithm, "ecdsa");

        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let leaf_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let leaf = leaf_params(&["leaf.example.nl"])
            .signed_by(&leaf_key, &issuer)
            .unwrap();
        let leaf = analyse(leaf.der());
        assert!(!leaf.is_ca);
        assert!(!leaf.self_issued);
        assert_eq!(leaf.issuer, "CN=Test CA");
        assert_eq!(leaf.key.curve.as_deref(), Some("P-256"));
        assert_eq!(leaf.key.curve_oid.as_deref(), Some("1.2.840.10045.3.1.7"));
        assert_eq!(leaf.key.bits, Some(256));
        assert_eq!(leaf.key.oid, "1.2.840.10045.2.1");
        // Signed by the P-384 CA key.
        assert_eq!(leaf.signature.oid, "1.2.840.10045.4.3.3");
    }

    #[test]
    fn ed25519() {
        let key = KeyPair::generate_for(&PKCS_ED25519).unwrap();
        let facts = analyse(
            leaf_params(&["ed.example.nl"])
                .self_signed(&key)
                .unwrap()
                .der(),
        );
        assert_eq!(
            facts.key,
            PublicKeyFacts {
                algorithm: "ed25519".into(),
                oid: "1.3.101.112".into(),
                bits: None,
                curve: None,
                curve_oid: None,
                parameter_set: None,
            }
        );
        assert_eq!(
            facts.signature,
            SignatureFacts {
                oid: "1.3.101.112".into(),
                name: "Ed25519".into(),
                hash: None,
                algorithm: "ed25519".into(),
            }
        );
    }

    #[test]
    fn ocsp_urls_from_aia() {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = leaf_params(&["ocsp.example.nl"]);
        // AuthorityInfoAccessSyntax with one OCSP and one caIssuers entry.
        let aia = seq(&[
            seq(&[
                oid("1.3.6.1.5.5.7.48.1"),
                tlv(0x86, b"http://ocsp.example.nl"),
            ]),
            seq(&[
                oid("1.3.6.1.5.5.7.48.2"),
                tlv(0x86, b"http://ca.example.nl/ca.crt"),
            ]),
        ]);
        params
            .custom_extensions
            .push(rcgen::CustomExtension::from_oid_content(
                &[1, 3, 6, 1, 5, 5, 7, 1, 1],
                aia,
            ));
        let facts = analyse(params.self_signed(&key).unwrap().der());
        assert_eq!(facts.ocsp_urls, ["http://ocsp.example.nl"]);
    }

    #[test]
    fn ml_dsa_65() {
        let ml_dsa = || seq(&[oid("2.16.840.1.101.3.4.3.18")]);
        let facts = analyse(&handmade(ml_dsa(), ml_dsa(), &[0x11; 1952]));
        assert_eq!(facts.parse_error, None);
        assert_eq!(facts.subject, "CN=pq.example.nl");
        assert_eq!(facts.issuer, "CN=PQ test CA");
        assert_eq!(facts.serial, "0123");
        assert_eq!(facts.not_before, "2026-01-01T00:00:00Z");
        assert_eq!(facts.not_after, "2036-12-31T23:59:59Z");
        assert_eq!(facts.dns_names, ["pq.example.nl"]);
        assert!(!facts.self_issued);
        assert_eq!(
            facts.key,
            PublicKeyFacts {
                algorithm: "ml-dsa".into(),
                oid: "2.16.840.1.101.3.4.3.18".into(),
                bits: None,
                curve: None,
                curve_oid: None,
                parameter_set: Some("ML-DSA-65".into()),
            }
        );
        assert_eq!(
            facts.signature,
            SignatureFacts {
                oid: "2.16.840.1.101.3.4.3.18".into(),
                name: "ML-DSA-65".into(),
                hash: None,
                algorithm: "ml-dsa".into(),
            }
        );
    }

    #[test]
    fn slh_dsa_and_composite() {
        let slh = || seq(&[oid("2.16.840.1.101.3.4.3.20")]);
        let composite = seq(&[oid("1.3.6.1.5.5.7.6.45")]);
        let facts = analyse(&handmade(slh(), composite, &[0x22; 100]));
        assert_eq!(facts.signature.name, "SLH-DSA-SHA2-128s");
        assert_eq!(facts.signature.algorithm, "slh-dsa");
        assert_eq!(facts.signature.hash, None);
        assert_eq!(facts.key.algorithm, "composite");
        assert_eq!(
            facts.key.parameter_set.as_deref(),
            Some("MLDSA65-ECDSA-P256-SHA512")
        );
        let last = seq(&[oid("2.16.840.1.101.3.4.3.31")]);
        let facts = analyse(&handmade(last, slh(), &[0x22; 32]));
        assert_eq!(facts.signature.name, "SLH-DSA-SHAKE-256f");
        assert_eq!(
            facts.key.parameter_set.as_deref(),
            Some("SLH-DSA-SHA2-128s")
        );
    }

    #[test]
    fn rsassa_pss_hash_comes_from_the_parameters() {
        let rsa_key = seq(&[oid("1.2.840.113549.1.1.1"), tlv(0x05, &[])]);
        // 3072-bit modulus with a leading zero octet, exponent 65537.
        let mut modulus = vec![0u8];
        modulus.extend([0xc5; 384]);
        let key = seq(&[tlv(0x02, &modulus), tlv(0x02, &[1, 0, 1])]);
        let sha384 = seq(&[oid("2.16.840.1.101.3.4.2.2"), tlv(0x05, &[])]);
        let pss = seq(&[
            oid("1.2.840.113549.1.1.10"),
            seq(&[
                tlv(0xa0, &sha384),
                tlv(0xa1, &seq(&[oid("1.2.840.113549.1.1.8"), sha384.clone()])),
                tlv(0xa2, &tlv(0x02, &[48])),
            ]),
        ]);
        let facts = analyse(&handmade(pss, rsa_key.clone(), &key));
        assert_eq!(facts.signature.algorithm, "rsa-pss");
        assert_eq!(facts.signature.name, "RSASSA-PSS");
        assert_eq!(facts.signature.hash.as_deref(), Some("sha384"));
        assert_eq!(facts.key.algorithm, "rsa");
        assert_eq!(facts.key.bits, Some(3072));

        // Absent parameters mean SHA-1 (RFC 4055 §3.1).
        let bare = seq(&[oid("1.2.840.113549.1.1.10"), seq(&[])]);
        let facts = analyse(&handmade(bare, rsa_key, &key));
        assert_eq!(facts.signature.hash.as_deref(), Some("sha1"));
    }

    #[test]
    fn dsa_brainpool_and_unknown_algorithms() {
        // Dss-Parms with a 2048-bit p.
        let mut p = vec![0x00, 0x80];
        p.extend([0u8; 255]);
        let dsa_key = seq(&[
            oid("1.2.840.10040.4.1"),
            seq(&[tlv(0x02, &p), tlv(0x02, &[0x7f; 32]), tlv(0x02, &[2])]),
        ]);
        let dsa_sig = seq(&[oid("2.16.840.1.101.3.4.3.2")]);
        let facts = analyse(&handmade(dsa_sig, dsa_key, &tlv(0x02, &[5; 256])));
        assert_eq!(facts.key.algorithm, "dsa");
        assert_eq!(facts.key.bits, Some(2048));
        assert_eq!(facts.signature.name, "dsa-with-sha256");
        assert_eq!(facts.signature.hash.as_deref(), Some("sha256"));

        let brainpool = seq(&[oid("1.2.840.10045.2.1"), oid("1.3.36.3.3.2.8.1.1.11")]);
        let mut point = vec![4u8];
        point.extend([9u8; 96]);
        let sha1 = seq(&[oid("1.2.840.10045.4.1")]);
        let facts = analyse(&handmade(sha1, brainpool, &point));
        assert_eq!(facts.key.curve.as_deref(), Some("brainpoolP384r1"));
        assert_eq!(facts.key.bits, Some(384));
        assert_eq!(facts.signature.hash.as_deref(), Some("sha1"));

        // A curve outside the table: the OID is the name, the point gives the size.
        let odd = seq(&[oid("1.2.840.10045.2.1"), oid("1.3.132.0.39")]);
        let mut point = vec![4u8];
        point.extend([9u8; 144]);
        let unknown_sig = seq(&[oid("1.2.3.4")]);
        let facts = analyse(&handmade(unknown_sig, odd, &point));
        assert_eq!(facts.key.curve.as_deref(), Some("1.3.132.0.39"));
        assert_eq!(facts.key.bits, Some(576));
        assert_eq!(
            facts.signature,
            SignatureFacts {
                oid: "1.2.3.4".into(),
                name: "1.2.3.4".into(),
                hash: None,
                algorithm: "unknown".into(),
            }
        );

        let x25519 = seq(&[oid("1.3.101.110")]);
        let facts = analyse(&handmade(seq(&[oid("1.3.101.112")]), x25519, &[1; 32]));
        assert_eq!(facts.key.algorithm, "unknown");
        assert_eq!(facts.key.oid, "1.3.101.110");
    }

    #[test]
    fn unparsable_der_is_a_fact() {
        let facts = analyse(b"not a certificate");
        assert!(facts.parse_error.is_some());
        assert_eq!(facts.der, BASE64.encode(b"not a certificate"));
        assert_eq!(facts.sha256.len(), 64);
        assert_eq!(facts.key.algorithm, "unknown");
        assert_eq!(facts.signature.algorithm, "unknown");
        let json = serde_json::to_string(&facts).unwrap();
        assert_eq!(
            serde_json::from_str::<CertificateFacts>(&json).unwrap(),
            facts
        );
    }

    #[test]
    fn unsigned_bit_lengths() {
        assert_eq!(unsigned_bits(&[]), 0);
        assert_eq!(unsigned_bits(&[0, 0]), 0);
        assert_eq!(unsigned_bits(&[0, 1]), 1);
        assert_eq!(unsigned_bits(&[0x80, 0]), 16);
        assert_eq!(unsigned_bits(&[0, 0x7f, 0]), 15);
    }

    fn names(dns: &[&str], cn: Option<&str>) -> CertificateFacts {
        let mut facts = analyse(&[]);
        facts.dns_names = dns.iter().map(|s| s.to_string()).collect();
        facts.common_name = cn.map(str::to_string);
        facts
    }

    #[test]
    fn rfc_6125_names() {
        let cert = names(&["www.Example.NL", "*.api.example.nl"], Some("other.nl"));
        assert!(name_matches(&cert, "www.example.nl"));
        assert!(name_matches(&cert, "WWW.EXAMPLE.NL."));
        assert!(name_matches(&cert, "v1.api.example.nl"));
        assert!(!name_matches(&cert, "api.example.nl"));
        assert!(!name_matches(&cert, "a.b.api.example.nl"));
        assert!(!name_matches(&cert, "example.nl"));
        // CN is ignored when there are dNSName SANs.
        assert!(!name_matches(&cert, "other.nl"));
        assert!(!name_matches(&cert, ""));

        let cn_only = names(&[], Some("Legacy.Example.nl"));
        assert!(name_matches(&cn_only, "legacy.example.nl"));
        assert!(!name_matches(&cn_only, "www.legacy.example.nl"));

        // Wildcards only as the whole left-most label, never over a public-suffix-like parent.
        for bad in [
            "*.nl",
            "w*.example.nl",
            "www.*.example.nl",
            "*",
            "*.",
            "**.example.nl",
        ] {
            let cert = names(&[bad], None);
            assert!(!name_matches(&cert, "www.example.nl"), "{bad}");
            assert!(!name_matches(&cert, "example.nl"), "{bad}");
        }
        // IDN as A-labels, compared as given.
        let idn = names(&["xn--bcher-kva.example.nl"], None);
        assert!(name_matches(&idn, "XN--BCHER-KVA.example.nl"));
        assert!(!name_matches(&idn, "bücher.example.nl"));
        // IP addresses are not DNS names.
        let ip = names(&["192.0.2.1"], Some("192.0.2.1"));
        assert!(!name_matches(&ip, "192.0.2.1"));
    }

    proptest! {
        #[test]
        fn analyse_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let facts = analyse(&bytes);
            prop_assert_eq!(facts.der, BASE64.encode(&bytes));
        }

        #[test]
        fn analyse_never_panics_on_mutated_certificates(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
        ) {
            let ml_dsa = seq(&[oid("2.16.840.1.101.3.4.3.18")]);
            let pss = seq(&[
                oid("1.2.840.113549.1.1.10"),
                seq(&[tlv(0xa0, &seq(&[oid("2.16.840.1.101.3.4.2.1")]))]),
            ]);
            let mut der = handmade(pss, ml_dsa, &[7; 64]);
            for (at, byte) in edits {
                let i = at.index(der.len());
                der[i] = byte;
            }
            let _ = analyse(&der);
            let _ = analyse(&der[..cut.index(der.len())]);
        }
    }
}
