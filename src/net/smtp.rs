//! SMTP as far as a scanner needs it (RFC 5321, RFC 3207): read the greeting, say EHLO,
//! see whether STARTTLS is offered, and then either say QUIT or hand the connection over
//! for a TLS handshake ([`SmtpStarttlsTransport`]).
//!
//! Replies are decoded with hard caps ([`decode_reply`]), so a server that sends an endless
//! banner costs at most [`MAX_REPLY_BYTES`] of reading and one timeout. Each conversation
//! has one deadline for everything it does.

use std::fmt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::polite::PoliteStream;
use crate::facts::{ErrorKind, ProbeError, SmtpFacts, SmtpReply, TlsTransportKind};
use crate::tls::transport::{TcpTransport, Transport};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Longest reply line accepted, without its line end. RFC 5321 §4.5.3.1.5 says 512; real
/// servers send longer banners, so the cap only stops abuse.
pub const MAX_LINE_BYTES: usize = 4 * 1024;
/// Most lines in one reply (an EHLO reply has one per extension).
pub const MAX_REPLY_LINES: usize = 100;
/// Most bytes in one reply, line ends included.
pub const MAX_REPLY_BYTES: usize = 64 * 1024;

/// How long QUIT may take: it is a courtesy, and a server that does not answer it must
/// not cost a whole timeout.
const QUIT_GRACE: Duration = Duration::from_secs(1);

/// Most characters of a refusal's text kept in an error's detail.
const DETAIL_TEXT_CHARS: usize = 200;

/// Why bytes are not an SMTP reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    #[error("a reply line is longer than {MAX_LINE_BYTES} bytes")]
    LineTooLong,
    #[error("a reply has more than {MAX_REPLY_LINES} lines")]
    TooManyLines,
    #[error("a reply is larger than {MAX_REPLY_BYTES} bytes")]
    TooLarge,
    #[error("not an SMTP reply line: {0:?}")]
    Malformed(String),
    #[error("the reply code changed from {0} to {1} within one reply")]
    CodeChanged(u16, u16),
}

/// Decodes the reply at the start of `buf` (RFC 5321 §4.2: `250-first`, …, `250 last`).
/// `Ok(None)` while it is incomplete; else the reply and the number of bytes it took.
/// Bare LF line ends are accepted. Fails as soon as a cap is exceeded, complete or not.
pub fn decode_reply(buf: &[u8]) -> Result<Option<(SmtpReply, usize)>, ReplyError> {
    let mut code = None;
    let mut lines = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &buf[pos..];
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            return if rest.len() > MAX_LINE_BYTES {
                Err(ReplyError::LineTooLong)
            } else if buf.len() > MAX_REPLY_BYTES {
                Err(ReplyError::TooLarge)
            } else {
                Ok(None)
            };
        };
        if end > MAX_LINE_BYTES {
            return Err(ReplyError::LineTooLong);
        }
        pos += end + 1;
        if pos > MAX_REPLY_BYTES {
            return Err(ReplyError::TooLarge);
        }
        if lines.len() == MAX_REPLY_LINES {
            return Err(ReplyError::TooManyLines);
        }
        let line = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
        let (line_code, last, text) = reply_line(line)?;
        if let Some(first) = code
            && first != line_code
        {
            return Err(ReplyError::CodeChanged(first, line_code));
        }
        code = Some(line_code);
        lines.push(String::from_utf8_lossy(text).into_owned());
        if last {
            return Ok(Some((
                SmtpReply {
                    code: line_code,
                    lines,
                },
                pos,
            )));
        }
    }
}

/// One line: code (2yz to 5yz), whether it is the last line, the text.
fn reply_line(line: &[u8]) -> Result<(u16, bool, &[u8]), ReplyError> {
    let malformed = || {
        let shown: String = String::from_utf8_lossy(line).chars().take(40).collect();
        ReplyError::Malformed(shown)
    };
    let (digits, rest) = line.split_at_checked(3).ok_or_else(malformed)?;
    if !(b'2'..=b'5').contains(&digits[0]) || !digits.iter().all(u8::is_ascii_digit) {
        return Err(malformed());
    }
    let code = digits
        .iter()
        .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    match rest.split_first() {
        None => Ok((code, true, rest)),
        Some((b' ', text)) => Ok((code, true, text)),
        Some((b'-', text)) => Ok((code, false, text)),
        Some(_) => Err(malformed()),
    }
}

/// The extension keywords of an EHLO reply: the first word of every line after the
/// greeting line, upper-cased.
pub fn ehlo_extensions(reply: &SmtpReply) -> Vec<String> {
    reply
        .lines
        .iter()
        .skip(1)
        .filter_map(|line| line.split_ascii_whitespace().next())
        .map(str::to_ascii_uppercase)
        .collect()
}

/// How often a conversation is tried again after a temporary refusal (4xx), and after what
/// pause. Never more than [`RetryPolicy::MAX_RETRIES`]: a server that says "later" must not
/// be hammered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    retries: u32,
    delay: Duration,
}

impl RetryPolicy {
    pub const MAX_RETRIES: u32 = 2;

    /// `retries` is capped at [`Self::MAX_RETRIES`].
    pub fn new(retries: u32, delay: Duration) -> RetryPolicy {
        RetryPolicy {
            retries: retries.min(Self::MAX_RETRIES),
            delay,
        }
    }
}

impl Default for RetryPolicy {
    /// Two retries ten seconds apart: enough for a server that was briefly busy (421), and
    /// still a bounded cost for one that greylists.
    fn default() -> RetryPolicy {
        RetryPolicy::new(Self::MAX_RETRIES, Duration::from_secs(10))
    }
}

/// One polite conversation with the mail server at `addr`: banner, EHLO, QUIT. Retried
/// after a temporary refusal as `retry` allows. Never fails: problems become `error`.
pub async fn smtp_conversation(
    addr: SocketAddr,
    ehlo_name: &str,
    timeout: Duration,
    retry: RetryPolicy,
) -> SmtpFacts {
    let started = Instant::now();
    let mut facts = SmtpFacts {
        address: addr.ip(),
        port: addr.port(),
        banner: None,
        ehlo: None,
        extensions: Vec::new(),
        starttls_offered: false,
        attempts: 0,
        error: None,
        elapsed_ms: 0,
    };
    loop {
        facts.attempts += 1;
        let mut greeting = Greeting::default();
        let result = converse(addr, ehlo_name, timeout, &mut greeting).await;
        facts.banner = greeting.banner;
        facts.ehlo = greeting.ehlo;
        facts.error = result.err();
        let temporary = facts
            .error
            .as_ref()
            .is_some_and(|e| e.kind == ErrorKind::TemporarilyRefused);
        if !temporary || facts.attempts > retry.retries {
            break;
        }
        tokio::time::sleep(retry.delay).await;
    }
    if let Some(ehlo) = facts.ehlo.as_ref().filter(|r| r.code == 250) {
        facts.extensions = ehlo_extensions(ehlo);
        facts.starttls_offered = facts.extensions.iter().any(|k| k == "STARTTLS");
    }
    facts.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    facts
}

async fn converse(
    addr: SocketAddr,
    ehlo_name: &str,
    timeout: Duration,
    greeting: &mut Greeting,
) -> Result<(), ProbeError> {
    let mut session = Session::open(addr, timeout).await?;
    session.greet(ehlo_name, greeting).await?;
    session.quit().await;
    Ok(())
}

/// TLS after SMTP STARTTLS on a mail server: every connection greets, says EHLO, checks
/// that STARTTLS is offered and asks for it, then hands the stream to the TLS engine.
#[derive(Debug, Clone)]
pub struct SmtpStarttlsTransport {
    pub addr: SocketAddr,
    /// The name pastoe gives in EHLO: a host name that is pastoe's own.
    pub ehlo_name: String,
}

impl Transport for SmtpStarttlsTransport {
    async fn connect(&self, timeout: Duration) -> Result<PoliteStream, ProbeError> {
        let mut session = Session::open(self.addr, timeout).await?;
        let mut greeting = Greeting::default();
        session.greet(&self.ehlo_name, &mut greeting).await?;
        let offered = greeting
            .ehlo
            .as_ref()
            .is_some_and(|r| ehlo_extensions(r).iter().any(|k| k == "STARTTLS"));
        if !offered {
            session.quit().await;
            return Err(ProbeError::new(
                ErrorKind::StarttlsNotOffered,
                format!("{}: STARTTLS is not in the EHLO reply", self.addr),
            ));
        }
        let reply = session.command(Step::Starttls, "STARTTLS").await?;
        session.require(&reply, 220, Step::Starttls).await?;
        session.into_stream()
    }

    fn kind(&self) -> TlsTransportKind {
        TlsTransportKind::SmtpStarttls
    }

    fn peer(&self) -> SocketAddr {
        self.addr
    }
}

/// The replies of a greeting, kept as they arrive so that a refusal is recorded too.
#[derive(Debug, Default)]
struct Greeting {
    banner: Option<SmtpReply>,
    ehlo: Option<SmtpReply>,
}

/// Where in the conversation a reply is awaited, for error details.
#[derive(Debug, Clone, Copy)]
enum Step {
    Banner,
    Ehlo,
    Starttls,
    Quit,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Banner => "banner",
            Step::Ehlo => "EHLO",
            Step::Starttls => "STARTTLS",
            Step::Quit => "QUIT",
        })
    }
}

/// One SMTP client connection: the stream, bytes read but not yet decoded, and the
/// deadline of everything done on it.
struct Session {
    stream: PoliteStream,
    buf: Vec<u8>,
    peer: SocketAddr,
    deadline: tokio::time::Instant,
    timeout: Duration,
}

impl Session {
    async fn open(addr: SocketAddr, timeout: Duration) -> Result<Session, ProbeError> {
        let stream = TcpTransport { addr }.connect(timeout).await?;
        // From admission on, so a wait for politeness does not eat the conversation's time.
        let deadline = stream.admitted_at() + timeout;
        Ok(Session {
            stream,
            buf: Vec::new(),
            peer: addr,
            deadline,
            timeout,
        })
    }

    /// Banner (220), then EHLO (250).
    async fn greet(&mut self, ehlo_name: &str, greeting: &mut Greeting) -> Result<(), ProbeError> {
        let banner = greeting.banner.insert(self.reply(Step::Banner).await?);
        self.require(banner, 220, Step::Banner).await?;
        let ehlo = self
            .command(Step::Ehlo, &format!("EHLO {ehlo_name}"))
            .await?;
        let ehlo = greeting.ehlo.insert(ehlo);
        self.require(ehlo, 250, Step::Ehlo).await
    }

    async fn reply(&mut self, step: Step) -> Result<SmtpReply, ProbeError> {
        let mut chunk = [0u8; 4096];
        loop {
            match decode_reply(&self.buf) {
                Ok(Some((reply, used))) => {
                    self.buf.drain(..used);
                    return Ok(reply);
                }
                Ok(None) => {}
                Err(e) => {
                    return Err(ProbeError::new(
                        ErrorKind::Protocol,
                        format!("{}: {step} reply: {e}", self.peer),
                    ));
                }
            }
            let read = tokio::time::timeout_at(self.deadline, self.stream.read(&mut chunk)).await;
            match read {
                Ok(Ok(0)) => {
                    return Err(ProbeError::new(
                        ErrorKind::ConnectionClosed,
                        format!(
                            "{}: connection closed while waiting for the {step} reply ({} byte(s) of it read)",
                            self.peer,
                            self.buf.len()
                        ),
                    ));
                }
                Ok(Ok(n)) => self.buf.extend_from_slice(&chunk[..n]),
                Ok(Err(e)) => {
                    return Err(ProbeError::new(
                        ErrorKind::ConnectionClosed,
                        format!("{}: waiting for the {step} reply: {e}", self.peer),
                    ));
                }
                Err(_) => {
                    return Err(ProbeError::new(
                        ErrorKind::Timeout,
                        format!(
                            "{}: no complete {step} reply within {} s",
                            self.peer,
                            self.timeout.as_secs_f32()
                        ),
                    ));
                }
            }
        }
    }

    async fn command(&mut self, step: Step, line: &str) -> Result<SmtpReply, ProbeError> {
        if line.contains(['\r', '\n']) {
            return Err(ProbeError::new(
                ErrorKind::Other,
                format!("{step}: a command may not contain a line end: {line:?}"),
            ));
        }
        let bytes = format!("{line}\r\n");
        match tokio::time::timeout_at(self.deadline, self.stream.write_all(bytes.as_bytes())).await
        {
            Ok(Ok(())) => self.reply(step).await,
            Ok(Err(e)) => Err(ProbeError::new(
                ErrorKind::ConnectionClosed,
                format!("{}: sending {step}: {e}", self.peer),
            )),
            Err(_) => Err(ProbeError::new(
                ErrorKind::Timeout,
                format!("{}: could not send {step} in time", self.peer),
            )),
        }
    }

    /// `Ok` when the reply has code `want`; else QUIT and an error by the reply's class:
    /// 4xx temporary, 5xx permanent, anything else a protocol error.
    async fn require(
        &mut self,
        reply: &SmtpReply,
        want: u16,
        step: Step,
    ) -> Result<(), ProbeError> {
        if reply.code == want {
            return Ok(());
        }
        let kind = match reply.code / 100 {
            4 => ErrorKind::TemporarilyRefused,
            5 => ErrorKind::Rejected,
            _ => ErrorKind::Protocol,
        };
        let text: String = reply
            .lines
            .join(" / ")
            .chars()
            .take(DETAIL_TEXT_CHARS)
            .collect();
        self.quit().await;
        Err(ProbeError::new(
            kind,
            format!("{}: {step}: {} {text}", self.peer, reply.code),
        ))
    }

    /// Says goodbye, best effort and within [`QUIT_GRACE`]; the answer does not matter.
    async fn quit(&mut self) {
        self.deadline = self.deadline.min(tokio::time::Instant::now() + QUIT_GRACE);
        let _ = self.command(Step::Quit, "QUIT").await;
    }

    /// The connection, ready for a ClientHello. Bytes that came after the STARTTLS reply
    /// were sent before the handshake and would be taken for TLS (the command injection
    /// of CVE-2011-0411): an error.
    fn into_stream(self) -> Result<PoliteStream, ProbeError> {
        if self.buf.is_empty() {
            Ok(self.stream)
        } else {
            Err(ProbeError::new(
                ErrorKind::Protocol,
                format!(
                    "{}: {} byte(s) after the STARTTLS reply, before the TLS handshake",
                    self.peer,
                    self.buf.len()
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(code: u16, lines: &[&str]) -> SmtpReply {
        SmtpReply {
            code,
            lines: lines.iter().map(|l| l.to_string()).collect(),
        }
    }

    #[test]
    fn single_and_multi_line_replies() {
        let banner = b"220 mx.example.nl ESMTP\r\n";
        assert_eq!(
            decode_reply(banner),
            Ok(Some((reply(220, &["mx.example.nl ESMTP"]), banner.len())))
        );
        let ehlo = b"250-mx.example.nl\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n";
        let (got, used) = decode_reply(ehlo).unwrap().unwrap();
        assert_eq!(used, ehlo.len());
        assert_eq!(
            got,
            reply(
                250,
                &["mx.example.nl", "PIPELINING", "STARTTLS", "8BITMIME"]
            )
        );
        assert_eq!(
            ehlo_extensions(&got),
            ["PIPELINING", "STARTTLS", "8BITMIME"]
        );
    }

    #[test]
    fn lenient_forms() {
        // bare code, bare LF, lower-case keyword, bytes that are not UTF-8
        assert_eq!(decode_reply(b"250\n"), Ok(Some((reply(250, &[""]), 4))));
        let (got, _) = decode_reply(b"250-x\n250 starttls\xff\n").unwrap().unwrap();
        assert_eq!(got.lines[1], "starttls\u{fffd}");
        assert_eq!(ehlo_extensions(&got), ["STARTTLS\u{fffd}"]);
    }

    #[test]
    fn incomplete_then_complete() {
        assert_eq!(decode_reply(b""), Ok(None));
        assert_eq!(decode_reply(b"220 hel"), Ok(None));
        assert_eq!(decode_reply(b"250-a\r\n250-b\r\n"), Ok(None));
        // a second reply behind the first is left in the buffer
        let two = b"220 ok\r\n554 no\r\n";
        assert_eq!(decode_reply(two).unwrap().unwrap().1, 8);
    }

    #[test]
    fn malformed_lines() {
        for bad in [
            &b"hello\r\n"[..],
            b"22\r\n",
            b"2x0 ok\r\n",
            b"120 ok\r\n",
            b"650 ok\r\n",
            b"220_ok\r\n",
            b"\x16\x03\x01\x00\x05hello\n",
        ] {
            assert!(
                matches!(decode_reply(bad), Err(ReplyError::Malformed(_))),
                "{bad:?}"
            );
        }
        assert_eq!(
            decode_reply(b"250-a\r\n451 b\r\n"),
            Err(ReplyError::CodeChanged(250, 451))
        );
    }

    #[test]
    fn caps() {
        let long = [b"220 ".as_slice(), &[b'x'; MAX_LINE_BYTES]].concat();
        assert_eq!(decode_reply(&long), Err(ReplyError::LineTooLong));
        let mut exact = [b"220 ".as_slice(), &[b'x'; MAX_LINE_BYTES - 4]].concat();
        exact.push(b'\n');
        assert!(decode_reply(&exact).unwrap().is_some());

        let many = b"250-x\r\n".repeat(MAX_REPLY_LINES + 1);
        assert_eq!(decode_reply(&many), Err(ReplyError::TooManyLines));
        let hundred = [
            b"250-x\r\n".repeat(MAX_REPLY_LINES - 1),
            b"250 x\r\n".to_vec(),
        ]
        .concat();
        assert_eq!(
            decode_reply(&hundred).unwrap().unwrap().0.lines.len(),
            MAX_REPLY_LINES
        );

        let line = [b"220-".as_slice(), &[b'y'; 1000], b"\r\n"].concat();
        let big = line.repeat(70);
        assert_eq!(decode_reply(&big), Err(ReplyError::TooLarge));
    }

    #[test]
    fn retry_policy_is_capped() {
        assert_eq!(RetryPolicy::new(9, Duration::ZERO).retries, 2);
        assert_eq!(RetryPolicy::new(1, Duration::ZERO).retries, 1);
    }

    proptest::proptest! {
        /// Any bytes: no panic, a reply only when its lines end, never past the caps.
        #[test]
        fn decode_never_panics_and_respects_caps(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..9000)) {
            if let Ok(Some((reply, used))) = decode_reply(&bytes) {
                proptest::prop_assert!(used <= bytes.len() && used <= MAX_REPLY_BYTES);
                proptest::prop_assert_eq!(bytes[used - 1], b'\n');
                proptest::prop_assert!(reply.lines.len() <= MAX_REPLY_LINES);
                proptest::prop_assert!((200..600).contains(&reply.code));
            }
        }

        /// Well-formed replies of any shape decode to what was encoded, or hit a cap.
        #[test]
        fn decode_round_trips(code in 200u16..600, lines in proptest::collection::vec("[ -~]{0,1200}", 1..120)) {
            let mut wire = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                let sep = if i + 1 == lines.len() { ' ' } else { '-' };
                wire.extend_from_slice(format!("{code}{sep}{l}\r\n").as_bytes());
            }
            match decode_reply(&wire) {
                Ok(Some((reply, used))) => {
                    proptest::prop_assert_eq!(used, wire.len());
                    proptest::prop_assert_eq!(reply.code, code);
                    proptest::prop_assert_eq!(reply.lines, lines);
                }
                Ok(None) => proptest::prop_assert!(false, "complete reply not decoded"),
                Err(e) => proptest::prop_assert!(matches!(
                    e,
                    ReplyError::LineTooLong | ReplyError::TooManyLines | ReplyError::TooLarge
                )),
            }
        }
    }
}
