//! The TLS 1.2 key schedule and AES-GCM record protection, for the few handshakes pastoe
//! completes itself (client-initiated renegotiation, which no TLS library lets a client
//! repeat at will and rustls does not do at all).
//!
//! - the PRF with HMAC-SHA256 / HMAC-SHA384 (RFC 5246 §5);
//! - the master secret, classic (RFC 5246 §8.1) or extended (RFC 7627 §4);
//! - the key block of an AES-GCM suite (RFC 5246 §6.3, RFC 5288 §3);
//! - Finished `verify_data` (RFC 5246 §7.4.9);
//! - record protection with AES-GCM: 4-byte implicit salt, 8-byte explicit nonce, the
//!   additional data `seq_num ‖ type ‖ version ‖ length` (RFC 5246 §6.2.3.3, RFC 5288 §3);
//! - the client's handshake messages: ECDHE ClientKeyExchange (RFC 8422 §5.7), an empty
//!   Certificate (RFC 5246 §7.4.6) and Finished.
//!
//! Socket-free: callers feed records in and write what comes out. Nothing here verifies
//! the server's certificate or its key-exchange signature; pastoe completes these
//! handshakes to count what the server does, not to trust it.

use aws_lc_rs::{aead, digest, hmac};

use super::codec::Writer;
use super::iana::{BulkCipher, CipherMode, CipherSuite, ContentType, HandshakeType, MacHash};
use super::iana::{ProtocolVersion, SuiteInfo};
use super::server_flight::MAX_RECORD_LEN;

/// Length of Finished `verify_data` in TLS 1.2 (RFC 5246 §7.4.9).
pub const VERIFY_DATA_LEN: usize = 12;

/// Length of the master secret (RFC 5246 §8.1).
pub const MASTER_SECRET_LEN: usize = 48;

/// Largest plaintext of one record (RFC 5246 §6.2.1).
const MAX_PLAINTEXT: usize = 1 << 14;

const EXPLICIT_NONCE_LEN: usize = 8;
const SALT_LEN: usize = 4;
const TAG_LEN: usize = 16;

/// Why a TLS 1.2 step failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Tls12Error {
    /// The suite is not an AES-GCM suite with a SHA-256/384 PRF.
    #[error("cipher suite {0} is not one pastoe can complete (AES-GCM only)")]
    UnsupportedSuite(CipherSuite),
    /// A record did not decrypt: wrong keys, or tampered with (`bad_record_mac`).
    #[error("a {0} record did not decrypt (bad_record_mac)")]
    BadRecordMac(ContentType),
    /// A protected record too short for nonce and tag, or too long for TLS.
    #[error("protected record of {0} bytes has an impossible length")]
    RecordLength(usize),
    /// A plaintext fragment longer than a record header can say.
    #[error("a record fragment of {0} bytes does not fit a record")]
    FragmentLength(usize),
    /// The crypto library refused a key.
    #[error("the crypto library refused a key")]
    Crypto,
}

/// The hash of the PRF and the handshake transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrfHash {
    Sha256,
    Sha384,
}

impl PrfHash {
    fn hmac(self) -> hmac::Algorithm {
        match self {
            PrfHash::Sha256 => hmac::HMAC_SHA256,
            PrfHash::Sha384 => hmac::HMAC_SHA384,
        }
    }

    /// The hash of `data` (for the transcript: every handshake message so far).
    pub fn hash(self, data: &[u8]) -> Vec<u8> {
        let alg = match self {
            PrfHash::Sha256 => &digest::SHA256,
            PrfHash::Sha384 => &digest::SHA384,
        };
        digest::digest(alg, data).as_ref().to_vec()
    }
}

/// `PRF(secret, label, seed)` = `P_hash(secret, label ‖ seed)` filling `out` (RFC 5246 §5).
pub fn prf(hash: PrfHash, secret: &[u8], label: &[u8], seed: &[u8], out: &mut [u8]) {
    let key = hmac::Key::new(hash.hmac(), secret);
    let mut label_seed = Vec::with_capacity(label.len() + seed.len());
    label_seed.extend_from_slice(label);
    label_seed.extend_from_slice(seed);
    // A(1) = HMAC(secret, seed); A(i) = HMAC(secret, A(i-1)).
    let mut a = hmac::sign(&key, &label_seed);
    let mut filled = 0;
    while filled < out.len() {
        let mut ctx = hmac::Context::with_key(&key);
        ctx.update(a.as_ref());
        ctx.update(&label_seed);
        let block = ctx.sign();
        let n = block.as_ref().len().min(out.len() - filled);
        out[filled..filled + n].copy_from_slice(&block.as_ref()[..n]);
        filled += n;
        a = hmac::sign(&key, a.as_ref());
    }
}

/// What the master secret is bound to.
#[derive(Debug, Clone, Copy)]
pub enum MasterSecretSeed<'a> {
    /// RFC 5246 §8.1: the two hello randoms.
    Randoms {
        client_random: &'a [u8; 32],
        server_random: &'a [u8; 32],
    },
    /// RFC 7627 §4: the hash of the transcript up to and including ClientKeyExchange.
    SessionHash(&'a [u8]),
}

/// The master secret from the pre-master secret (the ECDH shared secret).
pub fn master_secret(
    hash: PrfHash,
    pre_master_secret: &[u8],
    seed: MasterSecretSeed<'_>,
) -> [u8; MASTER_SECRET_LEN] {
    let mut out = [0u8; MASTER_SECRET_LEN];
    match seed {
        MasterSecretSeed::Randoms {
            client_random,
            server_random,
        } => {
            let mut s = client_random.to_vec();
            s.extend_from_slice(server_random);
            prf(hash, pre_master_secret, b"master secret", &s, &mut out);
        }
        MasterSecretSeed::SessionHash(session_hash) => prf(
            hash,
            pre_master_secret,
            b"extended master secret",
            session_hash,
            &mut out,
        ),
    }
    out
}

/// Who sent a Finished message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    Client,
    Server,
}

/// Finished `verify_data` = `PRF(master_secret, finished_label, Hash(handshake_messages))`
/// truncated to 12 bytes (RFC 5246 §7.4.9).
pub fn verify_data(
    hash: PrfHash,
    master_secret: &[u8; MASTER_SECRET_LEN],
    sender: Sender,
    transcript_hash: &[u8],
) -> [u8; VERIFY_DATA_LEN] {
    let label: &[u8] = match sender {
        Sender::Client => b"client finished",
        Sender::Server => b"server finished",
    };
    let mut out = [0u8; VERIFY_DATA_LEN];
    prf(hash, master_secret, label, transcript_hash, &mut out);
    out
}

/// An AES-GCM suite pastoe can complete: its PRF hash and key length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GcmSuite {
    pub suite: CipherSuite,
    pub prf: PrfHash,
    aead: &'static aead::Algorithm,
}

impl GcmSuite {
    /// The suite's parameters, when it is a TLS 1.2 AES-GCM suite with a SHA-256/384 PRF.
    pub fn of(suite: CipherSuite) -> Result<GcmSuite, Tls12Error> {
        let unsupported = Tls12Error::UnsupportedSuite(suite);
        let info: &SuiteInfo = suite.info().ok_or(unsupported.clone())?;
        if info.cipher != BulkCipher::Aes
            || info.mode != CipherMode::Gcm
            || info.max_version < ProtocolVersion::TLSV1_2
            || info.min_version > ProtocolVersion::TLSV1_2
        {
            return Err(unsupported);
        }
        let prf = match info.mac {
            MacHash::Sha256 => PrfHash::Sha256,
            MacHash::Sha384 => PrfHash::Sha384,
            _ => return Err(unsupported),
        };
        let aead = match info.key_bits {
            128 => &aead::AES_128_GCM,
            256 => &aead::AES_256_GCM,
            _ => return Err(unsupported),
        };
        Ok(GcmSuite { suite, prf, aead })
    }

    /// The two record protections of a client from the key block (RFC 5246 §6.3): the
    /// client's for writing, the server's for reading. AES-GCM has no MAC keys.
    pub fn client_keys(
        &self,
        master_secret: &[u8; MASTER_SECRET_LEN],
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) -> Result<(RecordSealer, RecordOpener), Tls12Error> {
        let key_len = self.aead.key_len();
        let mut block = vec![0u8; 2 * key_len + 2 * SALT_LEN];
        let mut seed = server_random.to_vec();
        seed.extend_from_slice(client_random);
        prf(self.prf, master_secret, b"key expansion", &seed, &mut block);
        let (client_key, rest) = block.split_at(key_len);
        let (server_key, rest) = rest.split_at(key_len);
        let (client_salt, server_salt) = rest.split_at(SALT_LEN);
        let key = |k: &[u8]| {
            aead::UnboundKey::new(self.aead, k)
                .map(aead::LessSafeKey::new)
                .map_err(|_| Tls12Error::Crypto)
        };
        let salt = |s: &[u8]| {
            let mut out = [0u8; SALT_LEN];
            out.copy_from_slice(s);
            out
        };
        Ok((
            RecordSealer(GcmState {
                key: key(client_key)?,
                salt: salt(client_salt),
                seq: 0,
            }),
            RecordOpener(GcmState {
                key: key(server_key)?,
                salt: salt(server_salt),
                seq: 0,
            }),
        ))
    }
}

struct GcmState {
    key: aead::LessSafeKey,
    salt: [u8; SALT_LEN],
    /// The record sequence number (RFC 5246 §6.1), 0 after each ChangeCipherSpec.
    seq: u64,
}

impl GcmState {
    fn nonce(&self, explicit: &[u8; EXPLICIT_NONCE_LEN]) -> aead::Nonce {
        let mut n = [0u8; 12];
        n[..SALT_LEN].copy_from_slice(&self.salt);
        n[SALT_LEN..].copy_from_slice(explicit);
        aead::Nonce::assume_unique_for_key(n)
    }

    /// `seq_num ‖ type ‖ version ‖ length` of the plaintext (RFC 5246 §6.2.3.3).
    fn aad(&self, typ: ContentType, version: ProtocolVersion, len: usize) -> [u8; 13] {
        let mut aad = [0u8; 13];
        aad[..8].copy_from_slice(&self.seq.to_be_bytes());
        aad[8] = typ.0;
        aad[9..11].copy_from_slice(&version.0.to_be_bytes());
        // Callers bound `len` by MAX_PLAINTEXT / MAX_RECORD_LEN, so it fits in u16.
        aad[11..13].copy_from_slice(&(len as u16).to_be_bytes());
        aad
    }
}

impl std::fmt::Debug for GcmState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GcmState").field("seq", &self.seq).finish()
    }
}

/// Protects the records pastoe sends.
#[derive(Debug)]
pub struct RecordSealer(GcmState);

impl RecordSealer {
    /// One protected TLS 1.2 record (header included) carrying `plaintext`. The explicit
    /// nonce is the sequence number, which never repeats under one key.
    pub fn seal(&mut self, typ: ContentType, plaintext: &[u8]) -> Result<Vec<u8>, Tls12Error> {
        if plaintext.len() > MAX_PLAINTEXT {
            return Err(Tls12Error::RecordLength(plaintext.len()));
        }
        let state = &mut self.0;
        let explicit = state.seq.to_be_bytes();
        let aad = state.aad(typ, ProtocolVersion::TLSV1_2, plaintext.len());
        let mut body = plaintext.to_vec();
        state
            .key
            .seal_in_place_append_tag(state.nonce(&explicit), aead::Aad::from(aad), &mut body)
            .map_err(|_| Tls12Error::Crypto)?;
        state.seq += 1;
        let mut record = Vec::with_capacity(5 + EXPLICIT_NONCE_LEN + body.len());
        record.push(typ.0);
        record.extend_from_slice(&ProtocolVersion::TLSV1_2.0.to_be_bytes());
        let len = EXPLICIT_NONCE_LEN + body.len();
        record.extend_from_slice(&(len as u16).to_be_bytes());
        record.extend_from_slice(&explicit);
        record.extend_from_slice(&body);
        Ok(record)
    }
}

/// Removes the protection of the records the server sends.
#[derive(Debug)]
pub struct RecordOpener(GcmState);

impl RecordOpener {
    /// The plaintext of one protected record (`fragment` is the record body after the
    /// 5-byte header).
    pub fn open(
        &mut self,
        typ: ContentType,
        version: ProtocolVersion,
        fragment: &[u8],
    ) -> Result<Vec<u8>, Tls12Error> {
        if fragment.len() < EXPLICIT_NONCE_LEN + TAG_LEN || fragment.len() > MAX_RECORD_LEN {
            return Err(Tls12Error::RecordLength(fragment.len()));
        }
        let state = &mut self.0;
        let (explicit, sealed) = fragment.split_at(EXPLICIT_NONCE_LEN);
        let mut explicit_nonce = [0u8; EXPLICIT_NONCE_LEN];
        explicit_nonce.copy_from_slice(explicit);
        let aad = state.aad(typ, version, sealed.len() - TAG_LEN);
        let mut body = sealed.to_vec();
        let plain_len = state
            .key
            .open_in_place(
                state.nonce(&explicit_nonce),
                aead::Aad::from(aad),
                &mut body,
            )
            .map_err(|_| Tls12Error::BadRecordMac(typ))?
            .len();
        body.truncate(plain_len);
        state.seq += 1;
        Ok(body)
    }
}

/// One plaintext record: header and `fragment` (TLS allows 2^14 bytes; callers send
/// small messages). A fragment longer than the 16-bit length field can say is refused.
pub fn plaintext_record(
    typ: ContentType,
    version: ProtocolVersion,
    fragment: &[u8],
) -> Result<Vec<u8>, Tls12Error> {
    let len =
        u16::try_from(fragment.len()).map_err(|_| Tls12Error::FragmentLength(fragment.len()))?;
    let mut record = Vec::with_capacity(5 + fragment.len());
    record.push(typ.0);
    record.extend_from_slice(&version.0.to_be_bytes());
    record.extend_from_slice(&len.to_be_bytes());
    record.extend_from_slice(fragment);
    Ok(record)
}

/// The ChangeCipherSpec message (RFC 5246 §7.1).
pub const CHANGE_CIPHER_SPEC: [u8; 1] = [1];

/// A handshake message: type, 24-bit length, body.
fn handshake_message(typ: HandshakeType, body: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut w = Writer::new();
    w.u8(typ.0);
    w.vec_u24("handshake", body);
    // Bodies here are at most a few hundred bytes: no overflow is possible.
    w.finish().unwrap_or_default()
}

/// ClientKeyExchange for ECDHE: `opaque point <1..2^8-1>` (RFC 8422 §5.7).
pub fn client_key_exchange_ecdhe(public_point: &[u8]) -> Vec<u8> {
    handshake_message(HandshakeType::CLIENT_KEY_EXCHANGE, |w| {
        w.opaque_u8("ecdh_Yc", public_point);
    })
}

/// An empty Certificate, the answer to a CertificateRequest by a client without one
/// (RFC 5246 §7.4.6).
pub fn empty_certificate() -> Vec<u8> {
    handshake_message(HandshakeType::CERTIFICATE, |w| {
        w.opaque_u24("certificate_list", &[]);
    })
}

/// Finished carrying `verify_data`.
pub fn finished(verify_data: &[u8; VERIFY_DATA_LEN]) -> Vec<u8> {
    handshake_message(HandshakeType::FINISHED, |w| {
        w.bytes(verify_data);
    })
}

/// The body of a Finished message (`verify_data`), if `message` is one of the right
/// length.
pub fn finished_verify_data(message: &[u8]) -> Option<[u8; VERIFY_DATA_LEN]> {
    let (&typ, rest) = message.split_first()?;
    if typ != HandshakeType::FINISHED.0 || rest.len() != 3 + VERIFY_DATA_LEN {
        return None;
    }
    if rest[..3] != [0, 0, VERIFY_DATA_LEN as u8] {
        return None;
    }
    let mut out = [0u8; VERIFY_DATA_LEN];
    out.copy_from_slice(&rest[3..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::server_flight::record_header;
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The TLS 1.2 PRF test vectors posted to the IETF TLS list (ietf.org/mail-archive/
    /// web/tls/current/msg03416.html); OpenSSL's `openssl kdf TLS1-PRF` gives the same.
    #[test]
    fn prf_sha256_vector() {
        let mut out = [0u8; 100];
        prf(
            PrfHash::Sha256,
            &unhex("9b be 43 6b a9 40 f0 17 b1 76 52 84 9a 71 db 35"),
            b"test label",
            &unhex("a0 ba 9f 93 6c da 31 18 27 a6 f7 96 ff d5 19 8c"),
            &mut out,
        );
        let want = unhex(
            "e3 f2 29 ba 72 7b e1 7b 8d 12 26 20 55 7c d4 53 c2 aa b2 1d 07 c3 d4 95 32 9b 52 d4 e6 1e db 5a
             6b 30 17 91 e9 0d 35 c9 c9 a4 6b 4e 14 ba f9 af 0f a0 22 f7 07 7d ef 17 ab fd 37 97 c0 56 4b
             ab 4f bc 91 66 6e 9d ef 9b 97 fc e3 4f 79 67 89 ba a4 80 82 d1 22 ee 42 c5 a7 2e 5a 51 10 ff
             f7 01 87 34 7b 66",
        );
        assert_eq!(out.to_vec(), want);
    }

    #[test]
    fn prf_sha384_vector() {
        let mut out = [0u8; 148];
        prf(
            PrfHash::Sha384,
            &unhex("b8 0b 73 3d 6c ee fc dc 71 56 6e a4 8e 55 67 df"),
            b"test label",
            &unhex("cd 66 5c f6 a8 44 7d d6 ff 8b 27 55 5e db 74 65"),
            &mut out,
        );
        let want = unhex(
            "7b 0c 18 e9 ce d4 10 ed 18 04 f2 cf a3 4a 33 6a 1c 14 df fb 49 00 bb 5f d7 94 21 07 e8 1c 83 cd
             e9 ca 0f aa 60 be 9f e3 4f 82 b1 23 3c 91 46 a0 e5 34 cb 40 0f ed 27 00 88 4f 9d c2 36 f8 0e
             dd 8b fa 96 11 44 c9 e8 d7 92 ec a7 22 a7 b3 2f c3 d4 16 d4 73 eb c2 c5 fd 4a bf da d0 5d 91
             84 25 9b 5b f8 cd 4d 90 fa 0d 31 e2 de c4 79 e4 f1 a2 60 66 f2 ee a9 a6 92 36 a3 e5 26 55 c9
             e9 ae e6 91 c8 f3 a2 68 54 30 8d 5e aa 3b e8 5e 09 90 70 3d 73 e5 6f",
        );
        assert_eq!(out.to_vec(), want);
    }

    #[test]
    fn prefix_of_a_longer_output() {
        // P_hash output does not depend on how much is asked for.
        let (mut short, mut long) = ([0u8; 12], [0u8; 80]);
        prf(PrfHash::Sha256, b"k", b"l", b"s", &mut short);
        prf(PrfHash::Sha256, b"k", b"l", b"s", &mut long);
        assert_eq!(short, long[..12]);
    }

    #[test]
    fn master_secret_labels() {
        let pms = [7u8; 32];
        let (cr, sr) = ([1u8; 32], [2u8; 32]);
        let classic = master_secret(
            PrfHash::Sha256,
            &pms,
            MasterSecretSeed::Randoms {
                client_random: &cr,
                server_random: &sr,
            },
        );
        let mut want = [0u8; 48];
        prf(
            PrfHash::Sha256,
            &pms,
            b"master secret",
            &[cr, sr].concat(),
            &mut want,
        );
        assert_eq!(classic, want);
        let ems = master_secret(
            PrfHash::Sha384,
            &pms,
            MasterSecretSeed::SessionHash(&[3; 48]),
        );
        prf(
            PrfHash::Sha384,
            &pms,
            b"extended master secret",
            &[3; 48],
            &mut want,
        );
        assert_eq!(ems, want);
    }

    #[test]
    fn only_aes_gcm_suites() {
        let s = GcmSuite::of(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384).unwrap();
        assert_eq!(s.prf, PrfHash::Sha384);
        assert_eq!(s.aead.key_len(), 32);
        let s = GcmSuite::of(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).unwrap();
        assert_eq!(s.prf, PrfHash::Sha256);
        assert_eq!(s.aead.key_len(), 16);
        for other in [
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_AES_128_GCM_SHA256,
            CipherSuite(0xEEEE),
        ] {
            assert_eq!(
                GcmSuite::of(other),
                Err(Tls12Error::UnsupportedSuite(other))
            );
        }
    }

    /// Two ends of one connection: the client's sealer against a server opener built from
    /// the same key block with the roles swapped.
    #[test]
    fn records_round_trip_and_detect_tampering() {
        let suite = GcmSuite::of(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256).unwrap();
        let master = [9u8; 48];
        let (cr, sr) = ([1u8; 32], [2u8; 32]);
        let (mut sealer, _) = suite.client_keys(&master, &cr, &sr).unwrap();
        // The server reads with the client write key: derive it as a "client" whose
        // roles are swapped by building the opener from the same block.
        let mut block = vec![0u8; 40];
        prf(
            PrfHash::Sha256,
            &master,
            b"key expansion",
            &[sr, cr].concat(),
            &mut block,
        );
        let mut server_reads = RecordOpener(GcmState {
            key: aead::LessSafeKey::new(
                aead::UnboundKey::new(&aead::AES_128_GCM, &block[..16]).unwrap(),
            ),
            salt: block[32..36].try_into().unwrap(),
            seq: 0,
        });
        for msg in [&b"first"[..], b"", &[0xAB; 300]] {
            let record = sealer.seal(ContentType::HANDSHAKE, msg).unwrap();
            let (typ, version, len) = record_header(&record, false).unwrap().unwrap();
            assert_eq!(
                (typ, version, len),
                (
                    ContentType::HANDSHAKE,
                    ProtocolVersion::TLSV1_2,
                    record.len() - 5
                )
            );
            let plain = server_reads.open(typ, version, &record[5..]).unwrap();
            assert_eq!(plain, msg);
        }
        let mut record = sealer.seal(ContentType::ALERT, &[1, 0]).unwrap();
        let last = record.len() - 1;
        record[last] ^= 1;
        assert_eq!(
            server_reads.open(ContentType::ALERT, ProtocolVersion::TLSV1_2, &record[5..]),
            Err(Tls12Error::BadRecordMac(ContentType::ALERT))
        );
        assert_eq!(
            server_reads.open(ContentType::ALERT, ProtocolVersion::TLSV1_2, &[0; 10]),
            Err(Tls12Error::RecordLength(10))
        );
        assert!(
            sealer
                .seal(ContentType::HANDSHAKE, &vec![0; MAX_PLAINTEXT + 1])
                .is_err()
        );
    }

    #[test]
    fn client_messages() {
        assert_eq!(
            client_key_exchange_ecdhe(&[4; 3]),
            [16, 0, 0, 4, 3, 4, 4, 4]
        );
        assert_eq!(empty_certificate(), [11, 0, 0, 3, 0, 0, 0]);
        let f = finished(&[5; 12]);
        assert_eq!(&f[..4], &[20, 0, 0, 12]);
        assert_eq!(finished_verify_data(&f), Some([5; 12]));
        assert_eq!(finished_verify_data(&f[..15]), None);
        assert_eq!(finished_verify_data(&empty_certificate()), None);
    }

    #[test]
    fn plaintext_records_fit_their_header() {
        assert_eq!(
            plaintext_record(
                ContentType::CHANGE_CIPHER_SPEC,
                ProtocolVersion::TLSV1_2,
                &CHANGE_CIPHER_SPEC
            ),
            Ok(vec![20, 3, 3, 0, 1, 1])
        );
        let max = vec![0; usize::from(u16::MAX)];
        let record = plaintext_record(ContentType::HANDSHAKE, ProtocolVersion::TLSV1_2, &max);
        assert_eq!(record.map(|r| r.len()), Ok(5 + max.len()));
        assert_eq!(
            plaintext_record(
                ContentType::HANDSHAKE,
                ProtocolVersion::TLSV1_2,
                &[0; 1 << 16]
            ),
            Err(Tls12Error::FragmentLength(1 << 16))
        );
    }
}
