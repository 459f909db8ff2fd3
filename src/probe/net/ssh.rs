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
use crate::probe::net::polite::PoliteStream;
use crate::probe::net::tcp;
use crate::wire::ssh::{Kexinit, KexinitError};

/// The largest `packet_length` accepted. RFC 4253 §6.1 requires implementations to handle
/// 35000-byte packets; a KEXINIT is about 1 KiB, so anything above this is not a KEXINIT
/// a real server sends.
pub const MAX_PACKET_LENGTH: u32 = 35_000;

/// Lines a server may send before its identification (RFC 4253 §4.2 sets no limit;
/// banners of a few lines are what is seen in practice).
const MAX_PRE_IDENTIFICATION_LINES: usize = 32;

/// Bytes, line endings included, a server may send before its identification.
const MAX_PRE_IDENTIFICATION_BYTES: usize = 8 * 1024;

/// The identification line's maximum length including CR LF (RFC 4253 §4.2).
const MAX_IDENTIFICATION_LENGTH: usize = 255;

/// What pastoe says it is: honest, so an operator can tell a scan from an attack.
const IDENTIFICATION: &str = concat!("SSH-2.0-pastoe_", env!("CARGO_PKG_VERSION"), "\r\n");

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

    const OPENSSH_9_2: &[u8] =
        include_bytes!("../../../fixtures/captured/ssh/openssh-9.2-kexinit.bin");

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
