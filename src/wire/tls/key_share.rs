//! Real TLS 1.3 key shares (RFC 8446 §4.2.8), generated with aws-lc-rs.
//!
//! pastoe mostly only *offers* these shares to learn which group a server picks; it
//! does not complete those handshakes, so the private halves are dropped (and wiped by
//! aws-lc) as soon as the public share is serialised. The one handshake it completes
//! (TLS 1.2 ECDHE, for renegotiation) keeps its private key in an [`EcdhKey`]. A share
//! must still be a valid public value: servers validate points and encapsulation keys
//! and answer with an alert otherwise.
//!
//! Sizes and order of the `key_exchange` bytes (client side):
//!
//! | Group | Bytes | Layout | Source |
//! |---|---|---|---|
//! | x25519 (0x001D) | 32 | u-coordinate | RFC 8446 §4.2.8.2, RFC 7748 |
//! | secp256r1 (0x0017) | 65 | `04 ‖ X ‖ Y` uncompressed | RFC 8446 §4.2.8.2 |
//! | secp384r1 (0x0018) | 97 | `04 ‖ X ‖ Y` | RFC 8446 §4.2.8.2 |
//! | secp521r1 (0x0019) | 133 | `04 ‖ X ‖ Y` | RFC 8446 §4.2.8.2 |
//! | MLKEM512/768/1024 (0x0200–0x0202) | 800 / 1184 / 1568 | ML-KEM encapsulation key | draft-ietf-tls-mlkem, FIPS 203 |
//! | X25519MLKEM768 (0x11EC) | 1216 | **ML-KEM-768 ek (1184) ‖ X25519 (32)** | draft-ietf-tls-ecdhe-mlkem (RFC 10024), construction of the client share: ML-KEM first for this group only |
//! | SecP256r1MLKEM768 (0x11EB) | 1249 | **P-256 point (65) ‖ ML-KEM-768 ek (1184)** | same draft: ECDH first |
//! | SecP384r1MLKEM1024 (0x11ED) | 1665 | **P-384 point (97) ‖ ML-KEM-1024 ek (1568)** | same draft: ECDH first |
//! | X25519Kyber768Draft00 (0x6399) | 1216 | **X25519 (32) ‖ Kyber768 pk (1184)** | draft-tls-westerbaan-xyber768d00: X25519 first, the opposite of 0x11EC |
//!
//! The server's share for the KEM groups is a ciphertext: 1088 bytes for ML-KEM-768
//! (so 1120 for 0x11EC, 1153 for 0x11EB), 1568 for ML-KEM-1024 (1665 for 0x11ED),
//! 768 for ML-KEM-512; see [`super::iana::GroupInfo::server_share_len`].
//!
//! For 0x6399 the Kyber768 round-3 public key has the same encoding as an ML-KEM-768
//! encapsulation key (`ByteEncode12(t) ‖ ρ`), so an ML-KEM key is sent in its place:
//! a Kyber server accepts it and answers with its choice, which is all pastoe reads.

use aws_lc_rs::{agreement, kem};

use super::client_hello::KeyShareEntry;
use super::iana::NamedGroup;

/// Why a key share could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyShareError {
    /// pastoe has no generator for this group (binary curves, x448, FFDHE, GOST, …).
    #[error("no key-share generator for group {0}")]
    Unsupported(NamedGroup),
    /// The crypto library failed to generate a key.
    #[error("key generation failed for group {0}")]
    Crypto(NamedGroup),
    /// The peer's public value is not a valid point of the group.
    #[error("the peer's {0} public value is invalid")]
    InvalidPeerKey(NamedGroup),
}

/// Every group [`generate`] can make a share for.
pub const GENERATABLE: &[NamedGroup] = &[
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
    NamedGroup::SECP521R1,
    NamedGroup::MLKEM512,
    NamedGroup::MLKEM768,
    NamedGroup::MLKEM1024,
    NamedGroup::X25519_MLKEM768,
    NamedGroup::SECP256R1_MLKEM768,
    NamedGroup::SECP384R1_MLKEM1024,
    NamedGroup::X25519_KYBER768_DRAFT00,
];

/// A fresh key share for `group`, ready for the ClientHello `key_share` extension.
pub fn generate(group: NamedGroup) -> Result<KeyShareEntry, KeyShareError> {
    let key_exchange = match group {
        NamedGroup::X25519
        | NamedGroup::SECP256R1
        | NamedGroup::SECP384R1
        | NamedGroup::SECP521R1 => EcdhKey::generate(group)?.public,
        NamedGroup::MLKEM512 => mlkem_ek(&kem::ML_KEM_512).map_err(failed(group))?,
        NamedGroup::MLKEM768 => mlkem_ek(&kem::ML_KEM_768).map_err(failed(group))?,
        NamedGroup::MLKEM1024 => mlkem_ek(&kem::ML_KEM_1024).map_err(failed(group))?,
        // ML-KEM first for X25519MLKEM768 (the FIPS-approved part leads).
        NamedGroup::X25519_MLKEM768 => concat(
            mlkem_ek(&kem::ML_KEM_768).map_err(failed(group))?,
            ecdh_public(NamedGroup::X25519).map_err(failed(group))?,
        ),
        // ECDH first for the NIST-curve hybrids.
        NamedGroup::SECP256R1_MLKEM768 => concat(
            ecdh_public(NamedGroup::SECP256R1).map_err(failed(group))?,
            mlkem_ek(&kem::ML_KEM_768).map_err(failed(group))?,
        ),
        NamedGroup::SECP384R1_MLKEM1024 => concat(
            ecdh_public(NamedGroup::SECP384R1).map_err(failed(group))?,
            mlkem_ek(&kem::ML_KEM_1024).map_err(failed(group))?,
        ),
        // Pre-standard Kyber hybrid: X25519 first.
        NamedGroup::X25519_KYBER768_DRAFT00 => concat(
            ecdh_public(NamedGroup::X25519).map_err(failed(group))?,
            mlkem_ek(&kem::ML_KEM_768).map_err(failed(group))?,
        ),
        other => return Err(KeyShareError::Unsupported(other)),
    };
    Ok(KeyShareEntry {
        group,
        key_exchange,
    })
}

/// Shares for several groups, in the given order.
pub fn generate_all(groups: &[NamedGroup]) -> Result<Vec<KeyShareEntry>, KeyShareError> {
    groups.iter().map(|&g| generate(g)).collect()
}

/// Generation for `group` failed: one mapping for both halves of a share, which fail with
/// different error types (aws-lc's for ML-KEM, a [`KeyShareError`] naming the component
/// curve for ECDH), so that the error names the group asked for.
fn failed<E>(group: NamedGroup) -> impl Fn(E) -> KeyShareError {
    move |_| KeyShareError::Crypto(group)
}

/// The ECDH half of a hybrid share.
fn ecdh_public(group: NamedGroup) -> Result<Vec<u8>, KeyShareError> {
    Ok(EcdhKey::generate(group)?.public)
}

/// An ephemeral ECDH key whose private half is kept for the key agreement (X25519 and
/// the NIST prime curves).
pub struct EcdhKey {
    group: NamedGroup,
    private: agreement::PrivateKey,
    public: Vec<u8>,
}

impl std::fmt::Debug for EcdhKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EcdhKey")
            .field("group", &self.group)
            .finish()
    }
}

impl EcdhKey {
    /// A fresh key for `group`.
    pub fn generate(group: NamedGroup) -> Result<EcdhKey, KeyShareError> {
        let alg = match group {
            NamedGroup::X25519 => &agreement::X25519,
            NamedGroup::SECP256R1 => &agreement::ECDH_P256,
            NamedGroup::SECP384R1 => &agreement::ECDH_P384,
            NamedGroup::SECP521R1 => &agreement::ECDH_P521,
            other => return Err(KeyShareError::Unsupported(other)),
        };
        let private =
            agreement::PrivateKey::generate(alg).map_err(|_| KeyShareError::Crypto(group))?;
        let public = private
            .compute_public_key()
            .map_err(|_| KeyShareError::Crypto(group))?
            .as_ref()
            .to_vec();
        Ok(EcdhKey {
            group,
            private,
            public,
        })
    }

    /// The public value as sent on the wire: X25519 the 32-byte u-coordinate, the NIST
    /// curves the uncompressed SEC1 point.
    pub fn public(&self) -> &[u8] {
        &self.public
    }

    /// The shared secret with the peer's public value: for the NIST curves the
    /// x-coordinate, for X25519 the 32-byte result (RFC 8422 §5.10, RFC 7748 §6.1).
    pub fn agree(&self, peer: &[u8]) -> Result<Vec<u8>, KeyShareError> {
        let invalid = KeyShareError::InvalidPeerKey(self.group);
        let peer = agreement::UnparsedPublicKey::new(self.private.algorithm(), peer);
        agreement::agree(&self.private, peer, invalid, |secret| Ok(secret.to_vec()))
    }
}

fn mlkem_ek(
    alg: &'static kem::Algorithm<kem::AlgorithmId>,
) -> Result<Vec<u8>, aws_lc_rs::error::Unspecified> {
    let dk = kem::DecapsulationKey::generate(alg)?;
    Ok(dk.encapsulation_key()?.key_bytes()?.as_ref().to_vec())
}

fn concat(mut a: Vec<u8>, b: Vec<u8>) -> Vec<u8> {
    a.extend_from_slice(&b);
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_sizes_match_the_table() {
        for &g in GENERATABLE {
            let share = generate(g).unwrap();
            let want = g.info().unwrap().client_share_len.unwrap();
            assert_eq!(share.key_exchange.len(), usize::from(want), "{g}");
            assert_eq!(share.group, g);
        }
    }

    #[test]
    fn hybrid_components_are_in_draft_order() {
        // 0x11EC: ML-KEM ek first, X25519 last. The ek ends with the 32-byte seed ρ,
        // so the order cannot be told from the bytes alone; check the NIST hybrids,
        // whose ECDH point starts with 0x04 and must come first.
        let p256 = generate(NamedGroup::SECP256R1_MLKEM768).unwrap();
        assert_eq!(p256.key_exchange[0], 0x04);
        let p384 = generate(NamedGroup::SECP384R1_MLKEM1024).unwrap();
        assert_eq!(p384.key_exchange[0], 0x04);
        // The ML-KEM half of 0x11EC parses as an encapsulation key; the X25519 half
        // (last 32 bytes) is not part of it.
        let x = generate(NamedGroup::X25519_MLKEM768).unwrap();
        assert!(kem::EncapsulationKey::new(&kem::ML_KEM_768, &x.key_exchange[..1184]).is_ok());
        let k = generate(NamedGroup::X25519_KYBER768_DRAFT00).unwrap();
        assert!(kem::EncapsulationKey::new(&kem::ML_KEM_768, &k.key_exchange[32..]).is_ok());
    }

    #[test]
    fn shares_are_fresh() {
        let a = generate(NamedGroup::X25519).unwrap();
        let b = generate(NamedGroup::X25519).unwrap();
        assert_ne!(a.key_exchange, b.key_exchange);
    }

    #[test]
    fn ecdh_keys_agree() {
        for group in [
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
            NamedGroup::SECP384R1,
        ] {
            let (a, b) = (
                EcdhKey::generate(group).unwrap(),
                EcdhKey::generate(group).unwrap(),
            );
            let secret = a.agree(b.public()).unwrap();
            assert_eq!(secret, b.agree(a.public()).unwrap(), "{group}");
            let want = if group == NamedGroup::SECP384R1 {
                48
            } else {
                32
            };
            assert_eq!(secret.len(), want, "{group}");
            assert_eq!(a.agree(&[4; 7]), Err(KeyShareError::InvalidPeerKey(group)));
        }
        assert!(EcdhKey::generate(NamedGroup::MLKEM768).is_err());
    }

    #[test]
    fn unsupported_groups_are_errors() {
        assert_eq!(
            generate(NamedGroup::FFDHE2048),
            Err(KeyShareError::Unsupported(NamedGroup::FFDHE2048))
        );
        assert!(generate(NamedGroup::X448).is_err());
    }
}
