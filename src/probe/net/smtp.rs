//! SMTP as far as a scanner needs it (RFC 5321, RFC 3207): read the greeting, say EHLO,
//! see whether STARTTLS is offered, and then either say QUIT or hand the connection over
//! for a TLS handshake ([`SmtpStarttlsTransport`]).
//!
//! Replies are decoded with hard caps ([`decode_reply`], in [`crate::wire::smtp`]), so a server that sends an endless
//! banner costs at most [`MAX_REPLY_BYTES`] of reading and one timeout. Each conversation
//! has one deadline for everything it does.

use std::fmt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::polite::PoliteStream;
use crate::facts::{ErrorKind, ProbeError, SmtpFacts, SmtpReply, TlsTransportKind};
use crate::probe::net::transport::{TcpTransport, Transport};
use crate::wire::smtp::{decode_reply, ehlo_extensions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long QUIT may take: it is a courtesy, and a server that does not answer it must
/// not cost a whole timeout.
const QUIT_GRACE: Duration = Duration::from_secs(1);

/// Most characters of a refusal's text kept in an error's detail.
const DETAIL_TEXT_CHARS: usize = 200;

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

    #[test]
    fn retry_policy_is_capped() {
        assert_eq!(RetryPolicy::new(9, Duration::ZERO).retries, 2);
        assert_eq!(RetryPolicy::new(1, Duration::ZERO).retries, 1);
    }
}
