//! SMTP replies (RFC 5321 §4.2) as a typed codec with hard caps, no I/O: a server that
//! sends an endless banner costs at most [`MAX_REPLY_BYTES`] of decoding.

use serde::{Deserialize, Serialize};

/// One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpReply {
    pub code: u16,
    /// The text of each line after the code and its separator, CR LF removed; bytes that
    /// are not UTF-8 are replaced.
    pub lines: Vec<String>,
}

/// Longest reply line accepted, without its line end. RFC 5321 §4.5.3.1.5 says 512; real
/// servers send longer banners, so the cap only stops abuse.
pub const MAX_LINE_BYTES: usize = 4 * 1024;
/// Most lines in one reply (an EHLO reply has one per extension).
pub const MAX_REPLY_LINES: usize = 100;
/// Most bytes in one reply, line ends included.
pub const MAX_REPLY_BYTES: usize = 64 * 1024;

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
