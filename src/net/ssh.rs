//! What an SSH server offers, read without logging in: its identification line and its
//! KEXINIT (RFC 4253 §4.2, §6, §7.1). One connection: read the server's identification,
//! send ours, read one binary packet, decode it, close. The server logs a pre-auth
//! disconnect and nothing else.
//!
//! Everything the server sends is bounded before it is buffered: lines before the
//! identification, the identification itself and the packet length all have caps, so a
//! hostile server costs at most [`MAX_PACKET_LENGTH`] bytes of memory and one timeout.

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};

use crate::facts::{ErrorKind, ProbeError, SshEndpointFacts};
use crate::net::polite::PoliteStream;
use crate::net::tcp;
use crate::tls::codec::{DecodeError, Reader};

/// The largest `packet_length` accepted. RFC 4253 §6.1 requires implementations to handle
/// 35000-byte packets; a KEXINIT is about 1 KiB, so anything above this is not a KEXINIT
/// a real server sends.
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

pub const MAX_PACKET_LENGTH: u32 = 35_000;

/// Lines a server may send before its identification (RFC 4253 §4.2 sets no limit;
/// banners of a few lines are what is seen in practice).
const MAX_PRE_IDENTIFICATION_LINES: usize = 32;

/// Bytes, line endings included, a server may send before its identification.
const MAX_PRE_IDENTIFICATION_BYTES: usize = 8 * 1024;

/// The identification line's maximum length including CR LF (RFC 4253 §4.2).
const MAX_IDENTIFICATION_LENGTH: usize = 255;

/// The message number of SSH_MSG_KEXINIT (RFC 4253 §12).
const SSH_MSG_KEXINIT: u8 = 20;

/// What pastoe says it is: honest, so an operator can tell a scan from an attack.
const IDENTIFICATION: &str = concat!("SSH-2.0-pastoe_", env!("CARGO_PKG_VERSION"), "\r\n");

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

/// Why the exchange stopped before a KEXINIT was decoded.
#[derive(Debug, thiserror::Error)]
enum ExchangeError {
    #[error("connection closed {0}")]
    Closed(&'static str),
    #[error("more than {MAX_PRE_IDENTIFICATION_LINES} lines before the identification line")]
    TooManyPreIdentificationLines,
    #[error("more than {MAX_PRE_IDENTIFICATION_BYTES} bytes before the identification line")]
    PreIdentificationTooLong,
    #[error("identification line longer than {MAX_IDENTIFICATION_LENGTH} bytes")]
    IdentificationTooLong,
    #[error("server speaks SSH protocol {0} only")]
    NotSsh2(String),
    #[error("packet_length {0} exceeds {MAX_PACKET_LENGTH}")]
    PacketTooLong(u32),
    #[error("padding_length {padding_length} leaves no payload in packet_length {packet_length}")]
    NoPayload {
        packet_length: u32,
        padding_length: u8,
    },
    #[error("KEXINIT: {0}")]
    Kexinit(#[from] KexinitError),
    #[error("{0}")]
    Io(io::Error),
}

impl ExchangeError {
    /// An I/O error while reading `what`: the end of the stream or a reset is the server
    /// closing; anything else is reported as it is.
    fn reading(what: &'static str) -> impl Fn(io::Error) -> ExchangeError {
        move |e| match e.kind() {
            io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::BrokenPipe => ExchangeError::Closed(what),
            _ => ExchangeError::Io(e),
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            ExchangeError::Io(_) => ErrorKind::Other,
            _ => ErrorKind::Protocol,
        }
    }
}

/// Connects to `addr`, reads the server's identification and KEXINIT, and closes, all
/// within `timeout`. Never fails: what went wrong is in the facts' `error`, beside
/// whatever was read before.
pub async fn read_kexinit(addr: SocketAddr, host: &str, timeout: Duration) -> SshEndpointFacts {
    let started = Instant::now();
    let mut facts = SshEndpointFacts::new(host, addr.ip(), addr.port());
    let outcome = match tcp::connect(addr, timeout).await {
        // The exchange fills `facts` as it goes, so a timeout keeps what came before it.
        // The deadline runs from admission: a wait for politeness is not the server's.
        Ok(stream) => {
            let deadline = stream.admitted_at() + timeout;
            tokio::time::timeout_at(deadline, exchange(addr, stream, &mut facts)).await
        }
        Err(e) => Ok(Err(e)),
    };
    facts.error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e),
        Err(_) => {
            let waiting_for = match facts.server_version {
                None => "no identification line",
                Some(_) => "no KEXINIT",
            };
            Some(ProbeError::new(
                ErrorKind::Timeout,
                format!("{addr}: {waiting_for} within {} ms", timeout.as_millis()),
            ))
        }
    };
    facts.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    facts
}

async fn exchange(
    addr: SocketAddr,
    stream: PoliteStream,
    facts: &mut SshEndpointFacts,
) -> Result<(), ProbeError> {
    let mut stream = BufReader::new(stream);
    let kexinit = kexinit_after_identification(&mut stream, facts)
        .await
        .map_err(|e| ProbeError::new(e.kind(), format!("{addr}: {e}")))?;
    facts.kex_algorithms = kexinit.kex_algorithms;
    facts.host_key_algorithms = kexinit.server_host_key_algorithms;
    facts.encryption_client_to_server = kexinit.encryption_client_to_server;
    facts.encryption_server_to_client = kexinit.encryption_server_to_client;
    facts.mac_client_to_server = kexinit.mac_client_to_server;
    facts.mac_server_to_client = kexinit.mac_server_to_client;
    facts.compression_client_to_server = kexinit.compression_client_to_server;
    facts.compression_server_to_client = kexinit.compression_server_to_client;
    facts.first_kex_packet_follows = kexinit.first_kex_packet_follows;
    Ok(())
}

async fn kexinit_after_identification(
    stream: &mut BufReader<PoliteStream>,
    facts: &mut SshEndpointFacts,
) -> Result<Kexinit, ExchangeError> {
    let identification = read_identification(stream, &mut facts.pre_banner_lines).await?;
    let version = String::from_utf8_lossy(&identification).into_owned();
    facts.server_version = Some(version.clone());
    // SSH-1.99 is a server that speaks both (RFC 4253 §5.1); 1.x alone sends no KEXINIT.
    let proto = version.split('-').nth(1).unwrap_or_default();
    if proto != "2.0" && proto != "1.99" {
        return Err(ExchangeError::NotSsh2(proto.to_string()));
    }
    stream
        .get_mut()
        .write_all(IDENTIFICATION.as_bytes())
        .await
        .map_err(ExchangeError::reading("before our identification was sent"))?;
    let payload = read_packet_payload(stream).await?;
    Ok(Kexinit::decode(&payload)?)
}

/// Reads lines until one starts with `SSH-` and returns it without its line ending,
/// counting the lines before it. RFC 4253 §4.2 wants CR LF; a bare LF is accepted, as
/// OpenSSH does.
async fn read_identification<R: AsyncRead + Unpin>(
    stream: &mut BufReader<R>,
    pre_identification_lines: &mut usize,
) -> Result<Vec<u8>, ExchangeError> {
    let closed = ExchangeError::reading("before the identification line");
    let mut budget = MAX_PRE_IDENTIFICATION_BYTES;
    loop {
        // A line may be as long as what is left of the budget, but an identification line
        // may always be as long as its own limit.
        let limit = budget.max(MAX_IDENTIFICATION_LENGTH);
        let mut line = Vec::new();
        let read = (&mut *stream)
            .take(limit as u64)
            .read_until(b'\n', &mut line)
            .await
            .map_err(&closed)?;
        let complete = line.last() == Some(&b'\n');
        if !complete && read < limit {
            return Err(ExchangeError::Closed("before the identification line"));
        }
        if line.starts_with(b"SSH-") {
            if !complete || read > MAX_IDENTIFICATION_LENGTH {
                return Err(ExchangeError::IdentificationTooLong);
            }
            strip_line_ending(&mut line);
            return Ok(line);
        }
        if !complete || read > budget {
            return Err(ExchangeError::PreIdentificationTooLong);
        }
        if *pre_identification_lines == MAX_PRE_IDENTIFICATION_LINES {
            return Err(ExchangeError::TooManyPreIdentificationLines);
        }
        budget -= read;
        *pre_identification_lines += 1;
    }
}

fn strip_line_ending(line: &mut Vec<u8>) {
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
}

/// Reads one unencrypted binary packet (RFC 4253 §6: uint32 packet_length, byte
/// padding_length, payload, padding; no MAC before the first key exchange) and returns
/// its payload. The length is checked before anything is buffered.
async fn read_packet_payload<R: AsyncRead + Unpin>(
    stream: &mut R,
) -> Result<Vec<u8>, ExchangeError> {
    let closed = ExchangeError::reading("before its KEXINIT");
    let mut header = [0u8; 5];
    stream.read_exact(&mut header).await.map_err(&closed)?;
    let [l0, l1, l2, l3, padding_length] = header;
    let packet_length = u32::from_be_bytes([l0, l1, l2, l3]);
    if packet_length > MAX_PACKET_LENGTH {
        return Err(ExchangeError::PacketTooLong(packet_length));
    }
    let payload_length = packet_length
        .checked_sub(u32::from(padding_length) + 1)
        .filter(|&n| n > 0)
        .ok_or(ExchangeError::NoPayload {
            packet_length,
            padding_length,
        })?;
    // Bounded by MAX_PACKET_LENGTH above; read_exact loops until every byte is in.
    let mut rest = vec![0u8; packet_length as usize - 1];
    stream.read_exact(&mut rest).await.map_err(&closed)?;
    rest.truncate(payload_length as usize);
    Ok(rest)
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

    fn lines(input: &[u8]) -> (Result<Vec<u8>, ExchangeError>, usize) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut count = 0;
        let result = rt.block_on(read_identification(&mut BufReader::new(input), &mut count));
        (result, count)
    }

    #[test]
    fn identification_after_banner_lines() {
        let (line, count) = lines(b"Welcome\r\nto the gemeente\n\nSSH-2.0-Foo_1.0 c\r\nrest");
        assert_eq!(line.unwrap(), b"SSH-2.0-Foo_1.0 c");
        assert_eq!(count, 3);
        let (line, count) = lines(b"SSH-2.0-bare_lf\n");
        assert_eq!(line.unwrap(), b"SSH-2.0-bare_lf");
        assert_eq!(count, 0);
    }

    #[test]
    fn identification_limits() {
        let long = [b"SSH-2.0-".as_slice(), &[b'x'; 250], b"\r\n"].concat();
        assert!(matches!(
            lines(&long).0,
            Err(ExchangeError::IdentificationTooLong)
        ));
        let max = [b"SSH-2.0-".as_slice(), &[b'x'; 245], b"\r\n"].concat();
        assert_eq!(max.len(), MAX_IDENTIFICATION_LENGTH);
        assert!(lines(&max).0.is_ok());

        let allowed = [
            b"hello\r\n".repeat(MAX_PRE_IDENTIFICATION_LINES),
            b"SSH-2.0-x\r\n".to_vec(),
        ]
        .concat();
        assert_eq!(lines(&allowed).1, MAX_PRE_IDENTIFICATION_LINES);
        let many = b"hello\r\n".repeat(MAX_PRE_IDENTIFICATION_LINES + 1);
        assert!(matches!(
            lines(&many).0,
            Err(ExchangeError::TooManyPreIdentificationLines)
        ));
        let fat = [vec![b'x'; MAX_PRE_IDENTIFICATION_BYTES], b"\r\n".to_vec()].concat();
        assert!(matches!(
            lines(&fat).0,
            Err(ExchangeError::PreIdentificationTooLong)
        ));
        assert!(matches!(
            lines(b"Welcome\r\nSSH-2.0-cut off").0,
            Err(ExchangeError::Closed(_))
        ));
        assert!(matches!(lines(b"").0, Err(ExchangeError::Closed(_))));
    }

    fn packet(input: &[u8]) -> Result<Vec<u8>, ExchangeError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut input = input;
        rt.block_on(read_packet_payload(&mut input))
    }

    #[test]
    fn packet_framing() {
        let mut framed = (4 + 1 + OPENSSH_9_2.len() as u32).to_be_bytes().to_vec();
        framed.push(4);
        framed.extend_from_slice(OPENSSH_9_2);
        framed.extend_from_slice(&[0; 4]);
        assert_eq!(packet(&framed).unwrap(), OPENSSH_9_2);
        assert!(matches!(
            packet(&framed[..framed.len() - 1]),
            Err(ExchangeError::Closed(_))
        ));
        assert!(matches!(
            packet(&[0x00, 0x0f, 0x42, 0x40, 4, 20]),
            Err(ExchangeError::PacketTooLong(1_000_000))
        ));
        assert!(matches!(
            packet(&[0, 0, 0, 5, 4, 0, 0, 0, 0]),
            Err(ExchangeError::NoPayload { .. })
        ));
    }

    proptest! {
        #[test]
        fn framing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = packet(&bytes);
            let _ = lines(&bytes);
        }
    }
}
