//! SSH_MSG_KEXINIT (RFC 4253 §7.1), the message in which an SSH server lists the algorithms
//! it supports: a typed codec, no I/O. Reading it from a server is the
//! probe's job (`probe::net::ssh`).

use crate::wire::tls::codec::{DecodeError, Reader};

/// Names in a KEXINIT kex list that are signals, not key exchange methods: RFC 8308's
/// extension negotiation and OpenSSH's strict key exchange (the Terrapin fix).
pub const NOT_KEY_EXCHANGE: &[&str] = &[
    "ext-info-s",
    "ext-info-c",
    "kex-strict-s-v00@openssh.com",
    "kex-strict-c-v00@openssh.com",
];

/// The key exchange methods of a kex list, signals left out.
pub fn key_exchange_methods(kex: &[String]) -> impl Iterator<Item = &String> {
    kex.iter()
        .filter(|k| !NOT_KEY_EXCHANGE.contains(&k.to_ascii_lowercase().as_str()))
}

/// The message number of SSH_MSG_KEXINIT (RFC 4253 §12).
const SSH_MSG_KEXINIT: u8 = 20;

/// The ten name-lists of a KEXINIT, in wire order.
const NAME_LISTS: [&str; 10] = [
    "kex_algorithms",
    "server_host_key_algorithms",
    "encryption_algorithms_client_to_server",
    "encryption_algorithms_server_to_client",
    "mac_algorithms_client_to_server",
    "mac_algorithms_server_to_client",
    "compression_algorithms_client_to_server",
    "compression_algorithms_server_to_client",
    "languages_client_to_server",
    "languages_server_to_client",
];

/// SSH_MSG_KEXINIT (RFC 4253 §7.1): the algorithms one side supports, each list in order
/// of preference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kexinit {
    pub cookie: [u8; 16],
    pub kex_algorithms: Vec<String>,
    pub server_host_key_algorithms: Vec<String>,
    pub encryption_client_to_server: Vec<String>,
    pub encryption_server_to_client: Vec<String>,
    pub mac_client_to_server: Vec<String>,
    pub mac_server_to_client: Vec<String>,
    pub compression_client_to_server: Vec<String>,
    pub compression_server_to_client: Vec<String>,
    pub languages_client_to_server: Vec<String>,
    pub languages_server_to_client: Vec<String>,
    pub first_kex_packet_follows: bool,
    pub reserved: u32,
}

/// Why a payload is not a KEXINIT this decoder accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KexinitError {
    /// The message is another one (a server that is full sends SSH_MSG_DISCONNECT, 1).
    #[error("message {0} instead of SSH_MSG_KEXINIT (20)")]
    NotKexinit(u8),
    /// A name-list holds an empty name (`a,,b`), which RFC 4251 §5 forbids.
    #[error("empty name in {list}")]
    EmptyName { list: &'static str },
    /// A name holds a byte RFC 4251 §6 forbids: not printable US-ASCII, or a comma.
    #[error("byte {byte:#04x} in a name of {list}")]
    BadNameByte { list: &'static str, byte: u8 },
    /// A name-list too long for its uint32 length (encoding only).
    #[error("{list} is longer than a name-list can be")]
    NameListTooLong { list: &'static str },
    /// The payload ended early.
    #[error(transparent)]
    Malformed(#[from] DecodeError),
}

impl Kexinit {
    /// Decodes a KEXINIT payload (the message number first). Bytes after `reserved` are
    /// ignored, as OpenSSH does: the fields a later revision might add must not hide the
    /// lists.
    pub fn decode(payload: &[u8]) -> Result<Kexinit, KexinitError> {
        let mut r = Reader::new(payload);
        let message = r.u8("message number")?;
        if message != SSH_MSG_KEXINIT {
            return Err(KexinitError::NotKexinit(message));
        }
        let cookie = r.array::<16>("cookie")?;
        let [
            kex,
            host_key,
            enc_cs,
            enc_sc,
            mac_cs,
            mac_sc,
            comp_cs,
            comp_sc,
            lang_cs,
            lang_sc,
        ] = NAME_LISTS;
        Ok(Kexinit {
            cookie,
            kex_algorithms: read_name_list(&mut r, kex)?,
            server_host_key_algorithms: read_name_list(&mut r, host_key)?,
            encryption_client_to_server: read_name_list(&mut r, enc_cs)?,
            encryption_server_to_client: read_name_list(&mut r, enc_sc)?,
            mac_client_to_server: read_name_list(&mut r, mac_cs)?,
            mac_server_to_client: read_name_list(&mut r, mac_sc)?,
            compression_client_to_server: read_name_list(&mut r, comp_cs)?,
            compression_server_to_client: read_name_list(&mut r, comp_sc)?,
            languages_client_to_server: read_name_list(&mut r, lang_cs)?,
            languages_server_to_client: read_name_list(&mut r, lang_sc)?,
            // RFC 4251 §5: any non-zero boolean is TRUE
            first_kex_packet_follows: r.u8("first_kex_packet_follows")? != 0,
            reserved: r.u32("reserved")?,
        })
    }

    /// The payload for this KEXINIT; fails on a name [`Kexinit::decode`] would refuse.
    pub fn encode(&self) -> Result<Vec<u8>, KexinitError> {
        let mut out = vec![SSH_MSG_KEXINIT];
        out.extend_from_slice(&self.cookie);
        for (list, names) in NAME_LISTS.into_iter().zip(self.name_lists()) {
            write_name_list(&mut out, list, names)?;
        }
        out.push(u8::from(self.first_kex_packet_follows));
        out.extend_from_slice(&self.reserved.to_be_bytes());
        Ok(out)
    }

    /// The name-lists in wire order (the order of [`NAME_LISTS`]).
    fn name_lists(&self) -> [&[String]; 10] {
        [
            &self.kex_algorithms,
            &self.server_host_key_algorithms,
            &self.encryption_client_to_server,
            &self.encryption_server_to_client,
            &self.mac_client_to_server,
            &self.mac_server_to_client,
            &self.compression_client_to_server,
            &self.compression_server_to_client,
            &self.languages_client_to_server,
            &self.languages_server_to_client,
        ]
    }
}

/// A name-list (RFC 4251 §5): a uint32 length, then comma-separated names. Length zero is
/// the empty list.
fn read_name_list(r: &mut Reader<'_>, list: &'static str) -> Result<Vec<String>, KexinitError> {
    let length = r.u32(list)?;
    // A length beyond what is left fails in take(); usize holds any u32 on our targets.
    let bytes = r.take(usize::try_from(length).unwrap_or(usize::MAX), list)?;
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    bytes
        .split(|&b| b == b',')
        .map(|name| {
            check_name(list, name)?;
            // check_name admitted ASCII only, so this is exact
            Ok(String::from_utf8_lossy(name).into_owned())
        })
        .collect()
}

fn write_name_list(
    out: &mut Vec<u8>,
    list: &'static str,
    names: &[String],
) -> Result<(), KexinitError> {
    for name in names {
        check_name(list, name.as_bytes())?;
    }
    let joined = names.join(",");
    let length = u32::try_from(joined.len()).map_err(|_| KexinitError::NameListTooLong { list })?;
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(joined.as_bytes());
    Ok(())
}

/// RFC 4251 §6: a name is non-empty printable US-ASCII without spaces; a comma would end it.
fn check_name(list: &'static str, name: &[u8]) -> Result<(), KexinitError> {
    if name.is_empty() {
        return Err(KexinitError::EmptyName { list });
    }
    match name
        .iter()
        .find(|&&b| !(0x21..=0x7e).contains(&b) || b == b',')
    {
        Some(&byte) => Err(KexinitError::BadNameByte { list, byte }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const OPENSSH_10_0: &[u8] =
        include_bytes!("../../fixtures/captured/ssh/openssh-10.0-kexinit.bin");
    const OPENSSH_9_2: &[u8] =
        include_bytes!("../../fixtures/captured/ssh/openssh-9.2-kexinit.bin");

    fn names(list: &str) -> Vec<String> {
        list.split(',').map(str::to_string).collect()
    }

    #[test]
    fn decodes_openssh_10_0() {
        let k = Kexinit::decode(OPENSSH_10_0).unwrap();
        assert_eq!(
            k.kex_algorithms,
            names(
                "mlkem768x25519-sha256,sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,\
                 curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,\
                 ecdh-sha2-nistp384,ecdh-sha2-nistp521,ext-info-s,kex-strict-s-v00@openssh.com"
            )
        );
        assert_eq!(
            k.server_host_key_algorithms,
            names("ssh-ed25519,ecdsa-sha2-nistp256")
        );
        assert_eq!(
            k.encryption_client_to_server[0],
            "chacha20-poly1305@openssh.com"
        );
        assert_eq!(
            k.compression_server_to_client,
            names("none,zlib@openssh.com")
        );
        assert!(k.languages_client_to_server.is_empty());
        assert!(!k.first_kex_packet_follows);
        assert_eq!(k.reserved, 0);
        assert_eq!(k.encode().unwrap(), OPENSSH_10_0);
    }

    #[test]
    fn decodes_openssh_9_2() {
        let k = Kexinit::decode(OPENSSH_9_2).unwrap();
        assert_eq!(
            k.kex_algorithms,
            names(
                "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,\
                 curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,\
                 ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,\
                 diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,\
                 diffie-hellman-group14-sha256,kex-strict-s-v00@openssh.com"
            )
        );
        assert!(!k.kex_algorithms.iter().any(|n| n.starts_with("mlkem")));
        assert_eq!(k.encode().unwrap(), OPENSSH_9_2);
    }

    #[test]
    fn every_truncation_of_a_real_kexinit_is_an_error() {
        for end in 0..OPENSSH_10_0.len() {
            assert!(
                Kexinit::decode(&OPENSSH_10_0[..end]).is_err(),
                "decoded {end} bytes"
            );
        }
    }

    #[test]
    fn refuses_other_messages_and_bad_names() {
        assert_eq!(
            Kexinit::decode(&[1, 0, 0, 0, 2]),
            Err(KexinitError::NotKexinit(1))
        );
        let mut k = Kexinit::decode(OPENSSH_9_2).unwrap();
        k.mac_server_to_client = names("hmac-sha1,,umac-64@openssh.com");
        let err = Kexinit::decode(&unchecked_encode(&k)).unwrap_err();
        assert_eq!(
            err,
            KexinitError::EmptyName {
                list: "mac_algorithms_server_to_client"
            }
        );
        assert_eq!(k.encode(), Err(err));
        k.mac_server_to_client = names("hmac sha1");
        assert_eq!(
            Kexinit::decode(&unchecked_encode(&k)),
            Err(KexinitError::BadNameByte {
                list: "mac_algorithms_server_to_client",
                byte: b' '
            })
        );
    }

    /// Encodes without checking names, to make payloads the decoder must refuse.
    fn unchecked_encode(k: &Kexinit) -> Vec<u8> {
        let mut out = vec![SSH_MSG_KEXINIT];
        out.extend_from_slice(&k.cookie);
        for names in k.name_lists() {
            let joined = names.join(",");
            out.extend_from_slice(&(joined.len() as u32).to_be_bytes());
            out.extend_from_slice(joined.as_bytes());
        }
        out.extend_from_slice(&[0; 5]);
        out
    }

    fn name() -> impl Strategy<Value = String> {
        "[!-+\\--~]{1,40}"
    }

    fn name_list() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(name(), 0..6)
    }

    prop_compose! {
        fn kexinit()(
            cookie in any::<[u8; 16]>(),
            lists in proptest::collection::vec(name_list(), 10),
            first_kex_packet_follows in any::<bool>(),
            reserved in any::<u32>(),
        ) -> Kexinit {
            let mut lists = lists.into_iter();
            let mut next = || lists.next().unwrap_or_default();
            Kexinit {
                cookie,
                kex_algorithms: next(),
                server_host_key_algorithms: next(),
                encryption_client_to_server: next(),
                encryption_server_to_client: next(),
                mac_client_to_server: next(),
                mac_server_to_client: next(),
                compression_client_to_server: next(),
                compression_server_to_client: next(),
                languages_client_to_server: next(),
                languages_server_to_client: next(),
                first_kex_packet_follows,
                reserved,
            }
        }
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(k in kexinit()) {
            prop_assert_eq!(Kexinit::decode(&k.encode().unwrap()).unwrap(), k);
        }

        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = Kexinit::decode(&bytes);
        }

        #[test]
        fn decode_survives_corrupted_real_kexinit(at in 0..OPENSSH_10_0.len(), byte in any::<u8>()) {
            let mut bytes = OPENSSH_10_0.to_vec();
            bytes[at] = byte;
            let _ = Kexinit::decode(&bytes);
        }
    }
}
