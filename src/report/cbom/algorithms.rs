//! The CBOM's algorithm table: what each algorithm name pastoe observes is in CycloneDX 1.6
//! terms (primitive, parameter set, curve, NIST quantum security category, functions).
//!
//! Rows are keyed by the name as observed: an IANA TLS group name (`x25519`,
//! `X25519MLKEM768`), a certificate signature name from `tls::cert`'s table
//! (`sha256WithRSAEncryption`, `ML-DSA-65`), a certificate key class (`rsa`, `ec`), a DNSSEC
//! algorithm mnemonic, or a cipher-suite part named below. A new protocol (SSH key exchange
//! names) is a block of rows here, not new code. A name without a row still becomes a component,
//! with primitive `unknown`, so nothing observed is dropped.
//!
//! `nistQuantumSecurityLevel` is set only where its meaning is settled: 0 for classical
//! public-key algorithms (Shor breaks them, so no category is met), the FIPS 203/204/205
//! category for ML-KEM, ML-DSA and SLH-DSA, and for a hybrid or composite the category of its
//! post-quantum part. Symmetric ciphers and hashes get none: the categories are defined by
//! reference to AES and SHA-2 attacks, and saying where other ciphers fall is a judgement.

use super::{AlgorithmProperties, CryptoFunction, Mode, Primitive};

/// One row of [`ALGORITHMS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlgorithmRow {
    /// The name pastoe observes.
    pub observed: &'static str,
    /// The component name; a family (`RSA`, `AES`) gets its parameters appended.
    pub name: &'static str,
    pub primitive: Primitive,
    pub functions: &'static [CryptoFunction],
    pub parameter_set: Option<&'static str>,
    pub curve: Option<&'static str>,
    pub nist_quantum_level: Option<u8>,
    pub oid: Option<&'static str>,
    /// Observed names of the algorithms a hybrid is made of.
    pub parts: &'static [&'static str],
}

const fn row(
    observed: &'static str,
    name: &'static str,
    primitive: Primitive,
    functions: &'static [CryptoFunction],
) -> AlgorithmRow {
    AlgorithmRow {
        observed,
        name,
        primitive,
        functions,
        parameter_set: None,
        curve: None,
        nist_quantum_level: None,
        oid: None,
        parts: &[],
    }
}

impl AlgorithmRow {
    const fn param(mut self, parameter_set: &'static str) -> Self {
        self.parameter_set = Some(parameter_set);
        self
    }

    const fn curve(mut self, curve: &'static str) -> Self {
        self.curve = Some(curve);
        self
    }

    const fn nist(mut self, level: u8) -> Self {
        self.nist_quantum_level = Some(level);
        self
    }

    const fn oid(mut self, oid: &'static str) -> Self {
        self.oid = Some(oid);
        self
    }

    const fn parts(mut self, parts: &'static [&'static str]) -> Self {
        self.parts = parts;
        self
    }
}

use CryptoFunction as F;
use Primitive as P;

const AGREE: &[F] = &[F::Keygen, F::Keyderive];
const KEM: &[F] = &[F::Keygen, F::Encapsulate, F::Decapsulate];
const SIGN: &[F] = &[F::Sign, F::Verify];
const CIPHER: &[F] = &[F::Encrypt, F::Decrypt];
const DIGEST: &[F] = &[F::Digest];
const MAC: &[F] = &[F::Tag];

/// Key agreement on a named curve, as a TLS group.
const fn ecdh(observed: &'static str, name: &'static str, curve: &'static str) -> AlgorithmRow {
    row(observed, name, P::KeyAgree, AGREE).curve(curve).nist(0)
}

/// A classical signature algorithm, named as observed.
const fn classic_sig(name: &'static str) -> AlgorithmRow {
    row(name, name, P::Signature, SIGN).nist(0)
}

/// A post-quantum (or composite) signature algorithm of NIST category `level`.
const fn pq_sig(name: &'static str, level: u8) -> AlgorithmRow {
    row(name, name, P::Signature, SIGN).nist(level)
}

const fn hash(name: &'static str) -> AlgorithmRow {
    row(name, name, P::Hash, DIGEST)
}

const fn hmac(name: &'static str) -> AlgorithmRow {
    row(name, name, P::Mac, MAC)
}

const fn cipher(observed: &'static str, name: &'static str, primitive: Primitive) -> AlgorithmRow {
    row(observed, name, primitive, CIPHER)
}

/// Every algorithm the CBOM can name. Curve names follow <https://neuromancer.sk/std/>, as the
/// CycloneDX schema recommends. Categories: FIPS 203 §8 (ML-KEM-512/768/1024: 1/3/5), FIPS 204
/// §4 (ML-DSA-44/65/87: 2/3/5), FIPS 205 §11 (SLH-DSA-*-128/192/256: 1/3/5). OIDs of ML-KEM:
/// RFC 9935 (pqc.md §4.1).
#[rustfmt::skip]
pub static ALGORITHMS: &[AlgorithmRow] = &[
    // TLS groups (IANA names).
    ecdh("secp160k1", "ECDH-secp160k1", "secp160k1"),
    ecdh("secp160r1", "ECDH-secp160r1", "secp160r1"),
    ecdh("secp160r2", "ECDH-secp160r2", "secp160r2"),
    ecdh("secp192k1", "ECDH-secp192k1", "secp192k1"),
    ecdh("secp192r1", "ECDH-P-192", "P-192"),
    ecdh("secp224k1", "ECDH-secp224k1", "secp224k1"),
    ecdh("secp224r1", "ECDH-P-224", "P-224"),
    ecdh("secp256k1", "ECDH-secp256k1", "secp256k1"),
    ecdh("secp256r1", "ECDH-P-256", "P-256"),
    ecdh("secp384r1", "ECDH-P-384", "P-384"),
    ecdh("secp521r1", "ECDH-P-521", "P-521"),
    ecdh("brainpoolP256r1", "ECDH-brainpoolP256r1", "brainpoolP256r1"),
    ecdh("brainpoolP384r1", "ECDH-brainpoolP384r1", "brainpoolP384r1"),
    ecdh("brainpoolP512r1", "ECDH-brainpoolP512r1", "brainpoolP512r1"),
    ecdh("brainpoolP256r1tls13", "ECDH-brainpoolP256r1", "brainpoolP256r1"),
    ecdh("brainpoolP384r1tls13", "ECDH-brainpoolP384r1", "brainpoolP384r1"),
    ecdh("brainpoolP512r1tls13", "ECDH-brainpoolP512r1", "brainpoolP512r1"),
    ecdh("x25519", "X25519", "Curve25519"),
    ecdh("x448", "X448", "Curve448"),
    ecdh("curveSM2", "ECDH-SM2", "SM2"),
    row("ffdhe2048", "ffdhe2048", P::KeyAgree, AGREE).param("2048").nist(0),
    row("ffdhe3072", "ffdhe3072", P::KeyAgree, AGREE).param("3072").nist(0),
    row("ffdhe4096", "ffdhe4096", P::KeyAgree, AGREE).param("4096").nist(0),
    row("ffdhe6144", "ffdhe6144", P::KeyAgree, AGREE).param("6144").nist(0),
    row("ffdhe8192", "ffdhe8192", P::KeyAgree, AGREE).param("8192").nist(0),
    row("MLKEM512", "ML-KEM-512", P::Kem, KEM).param("512").nist(1).oid("2.16.840.1.101.3.4.4.1"),
    row("MLKEM768", "ML-KEM-768", P::Kem, KEM).param("768").nist(3).oid("2.16.840.1.101.3.4.4.2"),
    row("MLKEM1024", "ML-KEM-1024", P::Kem, KEM).param("1024").nist(5).oid("2.16.840.1.101.3.4.4.3"),
    row("SecP256r1MLKEM768", "SecP256r1MLKEM768", P::Kem, KEM).param("768").curve("P-256").nist(3).parts(&["MLKEM768", "secp256r1"]),
    row("X25519MLKEM768", "X25519MLKEM768", P::Kem, KEM).param("768").curve("Curve25519").nist(3).parts(&["MLKEM768", "x25519"]),
    row("SecP384r1MLKEM1024", "SecP384r1MLKEM1024", P::Kem, KEM).param("1024").curve("P-384").nist(5).parts(&["MLKEM1024", "secp384r1"]),
    row("curveSM2MLKEM768", "curveSM2MLKEM768", P::Kem, KEM).param("768").curve("SM2").nist(3).parts(&["MLKEM768", "curveSM2"]),
    // Pre-standard Kyber: no category, the round-3 claim is not a standard's.
    row("Kyber768", "Kyber768", P::Kem, KEM).param("768"),
    row("X25519Kyber768Draft00", "X25519Kyber768Draft00", P::Kem, KEM).param("768").curve("Curve25519").parts(&["Kyber768", "x25519"]),
    row("SecP256r1Kyber768Draft00", "SecP256r1Kyber768Draft00", P::Kem, KEM).param("768").curve("P-256").parts(&["Kyber768", "secp256r1"]),
    // SSH key exchange methods (RFC 10042, RFC 8731, RFC 5656, RFC 8268; pqc.md §3.1).
    row("mlkem768x25519-sha256", "mlkem768x25519-sha256", P::Kem, KEM).param("768").curve("Curve25519").nist(3).parts(&["MLKEM768", "x25519", "SHA-256"]),
    row("mlkem768nistp256-sha256", "mlkem768nistp256-sha256", P::Kem, KEM).param("768").curve("P-256").nist(3).parts(&["MLKEM768", "secp256r1", "SHA-256"]),
    row("mlkem1024nistp384-sha384", "mlkem1024nistp384-sha384", P::Kem, KEM).param("1024").curve("P-384").nist(5).parts(&["MLKEM1024", "secp384r1", "SHA-384"]),
    // Streamlined NTRU Prime: post-quantum, not a NIST standard, so no category.
    row("sntrup761", "sntrup761", P::Kem, KEM).param("761"),
    row("sntrup761x25519-sha512", "sntrup761x25519-sha512", P::Kem, KEM).curve("Curve25519").parts(&["sntrup761", "x25519", "SHA-512"]),
    row("sntrup761x25519-sha512@openssh.com", "sntrup761x25519-sha512", P::Kem, KEM).curve("Curve25519").parts(&["sntrup761", "x25519", "SHA-512"]),
    row("curve25519-sha256", "curve25519-sha256", P::KeyAgree, AGREE).curve("Curve25519").nist(0).parts(&["x25519", "SHA-256"]),
    row("curve25519-sha256@libssh.org", "curve25519-sha256", P::KeyAgree, AGREE).curve("Curve25519").nist(0).parts(&["x25519", "SHA-256"]),
    row("curve448-sha512", "curve448-sha512", P::KeyAgree, AGREE).curve("Curve448").nist(0).parts(&["x448", "SHA-512"]),
    row("ecdh-sha2-nistp256", "ecdh-sha2-nistp256", P::KeyAgree, AGREE).curve("P-256").nist(0).parts(&["secp256r1", "SHA-256"]),
    row("ecdh-sha2-nistp384", "ecdh-sha2-nistp384", P::KeyAgree, AGREE).curve("P-384").nist(0).parts(&["secp384r1", "SHA-384"]),
    row("ecdh-sha2-nistp521", "ecdh-sha2-nistp521", P::KeyAgree, AGREE).curve("P-521").nist(0).parts(&["secp521r1", "SHA-512"]),
    row("diffie-hellman-group14-sha256", "diffie-hellman-group14-sha256", P::KeyAgree, AGREE).param("2048").nist(0).parts(&["SHA-256"]),
    row("diffie-hellman-group16-sha512", "diffie-hellman-group16-sha512", P::KeyAgree, AGREE).param("4096").nist(0).parts(&["SHA-512"]),
    row("diffie-hellman-group18-sha512", "diffie-hellman-group18-sha512", P::KeyAgree, AGREE).param("8192").nist(0).parts(&["SHA-512"]),
    row("diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha256", P::KeyAgree, AGREE).nist(0).parts(&["SHA-256"]),
    row("diffie-hellman-group14-sha1", "diffie-hellman-group14-sha1", P::KeyAgree, AGREE).param("2048").nist(0).parts(&["SHA-1"]),
    // Cipher-suite key exchange and authentication; finite-field DH of unnamed primes takes
    // the prime's size as parameter set.
    row("ECDH", "ECDH", P::KeyAgree, AGREE).nist(0),
    row("FFDH", "FFDH", P::KeyAgree, AGREE).nist(0),
    row("RSAES-PKCS1-v1_5", "RSAES-PKCS1-v1_5", P::Pke, CIPHER).nist(0),
    // Certificate key classes (tls::cert); RSA and DSA take the key size, ECDSA the curve.
    row("rsa", "RSA", P::Signature, SIGN).nist(0),
    row("ec", "ECDSA", P::Signature, SIGN).nist(0),
    row("dsa", "DSA", P::Signature, SIGN).nist(0),
    // Certificate signature algorithms (tls::cert::SIGNATURE_ALGORITHMS names).
    classic_sig("md5WithRSAEncryption"),
    classic_sig("sha1WithRSAEncryption"),
    classic_sig("sha1WithRSASignature"),
    classic_sig("sha224WithRSAEncryption"),
    classic_sig("sha256WithRSAEncryption"),
    classic_sig("sha384WithRSAEncryption"),
    classic_sig("sha512WithRSAEncryption"),
    classic_sig("RSASSA-PSS"),
    classic_sig("ecdsa-with-SHA1"),
    classic_sig("ecdsa-with-SHA224"),
    classic_sig("ecdsa-with-SHA256"),
    classic_sig("ecdsa-with-SHA384"),
    classic_sig("ecdsa-with-SHA512"),
    classic_sig("dsa-with-sha1"),
    classic_sig("dsa-with-sha224"),
    classic_sig("dsa-with-sha256"),
    classic_sig("Ed25519").curve("Ed25519"),
    classic_sig("Ed448").curve("Ed448"),
    pq_sig("ML-DSA-44", 2).param("44"),
    pq_sig("ML-DSA-65", 3).param("65"),
    pq_sig("ML-DSA-87", 5).param("87"),
    pq_sig("SLH-DSA-SHA2-128s", 1).param("SHA2-128s"),
    pq_sig("SLH-DSA-SHA2-128f", 1).param("SHA2-128f"),
    pq_sig("SLH-DSA-SHA2-192s", 3).param("SHA2-192s"),
    pq_sig("SLH-DSA-SHA2-192f", 3).param("SHA2-192f"),
    pq_sig("SLH-DSA-SHA2-256s", 5).param("SHA2-256s"),
    pq_sig("SLH-DSA-SHA2-256f", 5).param("SHA2-256f"),
    pq_sig("SLH-DSA-SHAKE-128s", 1).param("SHAKE-128s"),
    pq_sig("SLH-DSA-SHAKE-128f", 1).param("SHAKE-128f"),
    pq_sig("SLH-DSA-SHAKE-192s", 3).param("SHAKE-192s"),
    pq_sig("SLH-DSA-SHAKE-192f", 3).param("SHAKE-192f"),
    pq_sig("SLH-DSA-SHAKE-256s", 5).param("SHAKE-256s"),
    pq_sig("SLH-DSA-SHAKE-256f", 5).param("SHAKE-256f"),
    pq_sig("MLDSA44-RSA2048-PSS-SHA256", 2),
    pq_sig("MLDSA44-RSA2048-PKCS15-SHA256", 2),
    pq_sig("MLDSA44-Ed25519-SHA512", 2),
    pq_sig("MLDSA44-ECDSA-P256-SHA256", 2),
    pq_sig("MLDSA65-RSA3072-PSS-SHA512", 3),
    pq_sig("MLDSA65-RSA3072-PKCS15-SHA512", 3),
    pq_sig("MLDSA65-RSA4096-PSS-SHA512", 3),
    pq_sig("MLDSA65-RSA4096-PKCS15-SHA512", 3),
    pq_sig("MLDSA65-ECDSA-P256-SHA512", 3),
    pq_sig("MLDSA65-ECDSA-P384-SHA512", 3),
    pq_sig("MLDSA65-ECDSA-brainpoolP256r1-SHA512", 3),
    pq_sig("MLDSA65-Ed25519-SHA512", 3),
    pq_sig("MLDSA87-ECDSA-P384-SHA512", 5),
    pq_sig("MLDSA87-ECDSA-brainpoolP384r1-SHA512", 5),
    pq_sig("MLDSA87-Ed448-SHAKE256", 5),
    pq_sig("MLDSA87-RSA3072-PSS-SHA512", 5),
    pq_sig("MLDSA87-RSA4096-PSS-SHA512", 5),
    pq_sig("MLDSA87-ECDSA-P521-SHA512", 5),
    // DNSSEC algorithms (IANA mnemonics, wire::dnssec::DNSSEC_ALGORITHMS).
    row("DSA", "DSA", P::Signature, SIGN).nist(0),
    row("ED25519", "Ed25519", P::Signature, SIGN).curve("Ed25519").nist(0),
    row("ED448", "Ed448", P::Signature, SIGN).curve("Ed448").nist(0),
    classic_sig("RSAMD5"),
    classic_sig("RSASHA1"),
    classic_sig("DSA-NSEC3-SHA1"),
    classic_sig("RSASHA1-NSEC3-SHA1"),
    classic_sig("RSASHA256"),
    classic_sig("RSASHA512"),
    classic_sig("ECC-GOST"),
    classic_sig("ECDSAP256SHA256").curve("P-256"),
    classic_sig("ECDSAP384SHA384").curve("P-384"),
    classic_sig("SM2SM3").curve("SM2"),
    classic_sig("ECC-GOST12"),
    // Bulk ciphers; the suite adds key size and mode. A fixed parameter set is not repeated.
    cipher("AES", "AES", P::BlockCipher),
    cipher("Camellia", "Camellia", P::BlockCipher),
    cipher("ARIA", "ARIA", P::BlockCipher),
    cipher("SEED", "SEED", P::BlockCipher),
    cipher("IDEA", "IDEA", P::BlockCipher),
    cipher("DES", "DES", P::BlockCipher),
    cipher("3DES", "3DES-EDE", P::BlockCipher).param("168"),
    cipher("RC2", "RC2", P::BlockCipher),
    cipher("RC4", "RC4", P::StreamCipher),
    cipher("ChaCha20", "ChaCha20", P::StreamCipher).param("256"),
    cipher("SM4", "SM4", P::BlockCipher).param("128"),
    cipher("AEGIS-256", "AEGIS-256", P::Ae).param("256"),
    cipher("AEGIS-128L", "AEGIS-128L", P::Ae).param("128"),
    cipher("Kuznyechik", "Kuznyechik", P::BlockCipher).param("256"),
    cipher("Magma", "Magma", P::BlockCipher).param("256"),
    cipher("GOST28147", "GOST28147-89", P::BlockCipher).param("256"),
    // Hashes (TLS PRF/HKDF, DS digests) and the HMACs of CBC and stream suites.
    hash("MD5"),
    hash("SHA-1"),
    hash("SHA-224"),
    hash("SHA-256"),
    hash("SHA-384"),
    hash("SHA-512"),
    hash("SM3"),
    hash("Streebog-256"),
    hmac("HMAC-MD5"),
    hmac("HMAC-SHA-1"),
    hmac("HMAC-SHA-256"),
    hmac("HMAC-SHA-384"),
    hmac("HMAC-SM3"),
    hmac("HMAC-Streebog-256"),
];

/// An algorithm component's content, before it gets its place in the BOM.
#[derive(Debug, Clone, PartialEq)]
pub struct Algorithm {
    pub name: String,
    pub properties: AlgorithmProperties,
    pub oid: Option<String>,
    /// Observed names of the parts of a hybrid.
    pub parts: &'static [&'static str],
}

/// The component for an observed algorithm name; a name without a row keeps its name and gets
/// primitive `unknown`.
pub fn algorithm(observed: &str) -> Algorithm {
    match ALGORITHMS.iter().find(|r| r.observed == observed) {
        Some(r) => Algorithm {
            name: r.name.to_string(),
            properties: AlgorithmProperties {
                primitive: r.primitive,
                parameter_set_identifier: r.parameter_set.map(str::to_string),
                curve: r.curve.map(str::to_string),
                mode: None,
                crypto_functions: r.functions.to_vec(),
                nist_quantum_security_level: r.nist_quantum_level,
            },
            oid: r.oid.map(str::to_string),
            parts: r.parts,
        },
        None => Algorithm {
            name: observed.to_string(),
            properties: AlgorithmProperties {
                primitive: Primitive::Unknown,
                parameter_set_identifier: None,
                curve: None,
                mode: None,
                crypto_functions: Vec::new(),
                nist_quantum_security_level: None,
            },
            oid: None,
            parts: &[],
        },
    }
}

impl Algorithm {
    /// A member of a family: `RSA` with `2048` is `RSA-2048`. A row that fixes its parameter
    /// set keeps it.
    pub fn with_parameter_set(mut self, parameter_set: impl ToString) -> Self {
        if self.properties.parameter_set_identifier.is_none() {
            let parameter_set = parameter_set.to_string();
            self.name = format!("{}-{parameter_set}", self.name);
            self.properties.parameter_set_identifier = Some(parameter_set);
        }
        self
    }

    /// A family on a curve: `ECDSA` on `P-256` is `ECDSA-P-256`.
    pub fn with_curve(mut self, curve: &str) -> Self {
        self.name = format!("{}-{curve}", self.name);
        self.properties.curve = Some(curve.to_string());
        self
    }

    /// A cipher in a mode of operation; `suffix` names it (`GCM`, `CCM-8`, `Poly1305`), and an
    /// authenticated mode makes the whole an `ae` primitive.
    pub fn with_mode(mut self, mode: Option<Mode>, suffix: &str, authenticated: bool) -> Self {
        if !suffix.is_empty() {
            self.name = format!("{}-{suffix}", self.name);
        }
        self.properties.mode = mode;
        if authenticated {
            self.properties.primitive = Primitive::Ae;
        }
        self
    }

    /// The primitive a name without a row is known to have from where it was seen (a
    /// certificate's signature algorithm is a signature, whatever its OID).
    pub fn known_as(mut self, primitive: Primitive) -> Self {
        if self.properties.primitive == Primitive::Unknown {
            self.properties.primitive = primitive;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::tls::cert::SIGNATURE_ALGORITHMS;
    use crate::wire::tls::iana::{GROUPS, GroupKind};

    #[test]
    fn every_tls_group_a_server_can_use_has_a_row() {
        let missing: Vec<&str> = GROUPS
            .iter()
            .filter(|g| {
                !matches!(
                    g.kind,
                    GroupKind::EcBinary | GroupKind::Gost | GroupKind::ExplicitCurves
                )
            })
            .map(|g| g.name)
            .filter(|n| algorithm(n).properties.primitive == Primitive::Unknown)
            .collect();
        assert!(missing.is_empty(), "groups without a CBOM row: {missing:?}");
    }

    #[test]
    fn every_certificate_signature_algorithm_has_a_row() {
        let missing: Vec<&str> = SIGNATURE_ALGORITHMS
            .iter()
            .map(|r| r.name)
            .filter(|n| algorithm(n).properties.primitive != Primitive::Signature)
            .collect();
        assert!(
            missing.is_empty(),
            "signatures without a CBOM row: {missing:?}"
        );
    }

    #[test]
    fn observed_names_are_unique_and_one_name_means_one_component() {
        for (i, a) in ALGORITHMS.iter().enumerate() {
            for b in &ALGORITHMS[i + 1..] {
                assert_ne!(a.observed, b.observed, "two rows for {}", a.observed);
                if a.name == b.name {
                    let (a, b) = (algorithm(a.observed), algorithm(b.observed));
                    assert_eq!(a, b, "rows named {} differ", a.name);
                }
            }
        }
    }

    #[test]
    fn parts_of_hybrids_have_rows() {
        for r in ALGORITHMS {
            for part in r.parts {
                assert!(
                    ALGORITHMS.iter().any(|p| p.observed == *part),
                    "{}: part {part} has no row",
                    r.observed
                );
            }
        }
    }

    #[test]
    fn x25519mlkem768_is_a_category_3_kem_of_ml_kem_768_and_x25519() {
        let a = algorithm("X25519MLKEM768");
        assert_eq!(a.properties.primitive, Primitive::Kem);
        assert_eq!(
            a.properties.parameter_set_identifier.as_deref(),
            Some("768")
        );
        assert_eq!(a.properties.curve.as_deref(), Some("Curve25519"));
        assert_eq!(a.properties.nist_quantum_security_level, Some(3));
        let parts: Vec<String> = a.parts.iter().map(|p| algorithm(p).name).collect();
        assert_eq!(parts, ["ML-KEM-768", "X25519"]);
    }

    #[test]
    fn categories_of_the_nist_post_quantum_standards() {
        let level = |n: &str| algorithm(n).properties.nist_quantum_security_level;
        assert_eq!(level("MLKEM512"), Some(1));
        assert_eq!(level("MLKEM1024"), Some(5));
        assert_eq!(level("ML-DSA-44"), Some(2));
        assert_eq!(level("ML-DSA-65"), Some(3));
        assert_eq!(level("SLH-DSA-SHAKE-192f"), Some(3));
        assert_eq!(level("MLDSA87-ECDSA-P521-SHA512"), Some(5));
        assert_eq!(level("x25519"), Some(0));
        assert_eq!(level("sha256WithRSAEncryption"), Some(0));
        assert_eq!(level("SHA-256"), None);
        assert_eq!(level("X25519Kyber768Draft00"), None);
    }

    #[test]
    fn families_take_their_parameters_into_the_name() {
        let rsa = algorithm("rsa").with_parameter_set(2048);
        assert_eq!(rsa.name, "RSA-2048");
        assert_eq!(
            rsa.properties.parameter_set_identifier.as_deref(),
            Some("2048")
        );
        assert_eq!(algorithm("ec").with_curve("P-384").name, "ECDSA-P-384");
        let aes = algorithm("AES")
            .with_parameter_set(128)
            .with_mode(Some(Mode::Gcm), "GCM", true);
        assert_eq!(aes.name, "AES-128-GCM");
        assert_eq!(aes.properties.primitive, Primitive::Ae);
        // ChaCha20 fixes its key size, so the suite's 256 is not repeated in the name.
        let chacha = algorithm("ChaCha20").with_parameter_set(256).with_mode(
            Some(Mode::Other),
            "Poly1305",
            true,
        );
        assert_eq!(chacha.name, "ChaCha20-Poly1305");
    }

    #[test]
    fn unknown_names_are_kept() {
        let a = algorithm("1.2.3.4").known_as(Primitive::Signature);
        assert_eq!(a.name, "1.2.3.4");
        assert_eq!(a.properties.primitive, Primitive::Signature);
        assert_eq!(
            algorithm("x25519")
                .known_as(Primitive::Signature)
                .properties
                .primitive,
            Primitive::KeyAgree
        );
    }
}
