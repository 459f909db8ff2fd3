//! Byte-level reading and writing of TLS presentation-language structures
//! (RFC 8446 §3, RFC 5246 §4): big-endian integers of 1, 2, 3 and 4 bytes and
//! vectors whose length is prefixed by a 1-, 2- or 3-byte integer.
//!
//! [`Reader`] is for bytes from the network: every read is bounds-checked and
//! returns [`DecodeError`] instead of panicking, and nothing it does allocates
//! more than the input already holds (slices are borrowed, lengths are checked
//! against what is left before anything is copied).
//!
//! [`Writer`] builds messages. Nested length-prefixed vectors are written with
//! a closure; the length is patched in afterwards. A body too long for its
//! prefix does not panic: the writer remembers the first such overflow and
//! [`Writer::finish`] reports it as [`EncodeError`].

use serde::Serialize;

/// Why bytes could not be decoded. Carries only static context so that it is
/// cheap to build and clone; `what` names the field being read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input ended before the field was complete.
    #[error("truncated {what}: needed {needed} more byte(s)")]
    Truncated {
        /// Field being read.
        what: &'static str,
        /// How many bytes were missing.
        needed: usize,
    },
    /// A structure had bytes left over after its last field.
    #[error("{count} trailing byte(s) after {what}")]
    TrailingBytes {
        /// Structure that was read.
        what: &'static str,
        /// Bytes left over.
        count: usize,
    },
    /// A field held a value the protocol does not allow here.
    #[error("illegal value {value:#x} in {what}")]
    IllegalValue {
        /// Field being read.
        what: &'static str,
        /// The offending value (integers; lengths for byte strings).
        value: u64,
    },
    /// The same extension appeared twice in one message (RFC 8446 §4.2).
    #[error("duplicate extension {extension:#06x} in {what}")]
    DuplicateExtension {
        /// Message being read.
        what: &'static str,
        /// Extension type.
        extension: u16,
    },
    /// A record was longer than TLS allows (2^14 + 2048 bytes, RFC 5246 §6.2.3).
    #[error("record of {length} bytes exceeds the TLS maximum")]
    RecordOverflow {
        /// Declared record length.
        length: usize,
    },
    /// The peer did not answer with TLS records at all (e.g. an HTTP or SSH
    /// banner, or an SSLv2 record). `first_bytes` holds what it sent.
    #[error("not a TLS record (starts with {first_bytes:02x?})")]
    NotTls {
        /// Up to five leading bytes of the offending record header.
        first_bytes: Vec<u8>,
    },
    /// A record of this content type is not allowed at this point.
    #[error("unexpected record of content type {content_type} ({context})")]
    UnexpectedRecord {
        /// Content type byte.
        content_type: u8,
        /// What the parser expected instead.
        context: &'static str,
    },
    /// A handshake message of this type is not allowed at this point.
    #[error("unexpected handshake message type {handshake_type} ({context})")]
    UnexpectedMessage {
        /// Handshake type byte.
        handshake_type: u8,
        /// What the parser expected instead.
        context: &'static str,
    },
    /// A configured hard limit was hit; the parser refuses to buffer more.
    #[error("limit exceeded: {what} (limit {limit})")]
    LimitExceeded {
        /// Which limit.
        what: &'static str,
        /// Its value.
        limit: usize,
    },
}

/// Result alias for decoding.
pub type DecodeResult<T> = Result<T, DecodeError>;

/// A cursor over borrowed bytes. All reads are bounds-checked.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Starts reading at the beginning of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// Offset of the cursor from the start of the input.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Takes every byte left.
    pub fn rest(&mut self) -> &'a [u8] {
        let out = &self.buf[self.pos..];
        self.pos = self.buf.len();
        out
    }

    /// Looks at the next `n` bytes without consuming them.
    pub fn peek(&self, n: usize) -> Option<&'a [u8]> {
        self.buf.get(self.pos..self.pos.checked_add(n)?)
    }

    /// Takes exactly `n` bytes.
    pub fn take(&mut self, n: usize, what: &'static str) -> DecodeResult<&'a [u8]> {
        let left = self.remaining();
        if n > left {
            return Err(DecodeError::Truncated {
                what,
                needed: n - left,
            });
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// Takes exactly `N` bytes as an array.
    pub fn array<const N: usize>(&mut self, what: &'static str) -> DecodeResult<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    /// Reads one byte.
    pub fn u8(&mut self, what: &'static str) -> DecodeResult<u8> {
        Ok(self.take(1, what)?[0])
    }

    /// Reads a big-endian `uint16`.
    pub fn u16(&mut self, what: &'static str) -> DecodeResult<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// Reads a big-endian `uint24`.
    pub fn u24(&mut self, what: &'static str) -> DecodeResult<u32> {
        let b = self.take(3, what)?;
        Ok(u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }

    /// Reads a big-endian `uint32`.
    pub fn u32(&mut self, what: &'static str) -> DecodeResult<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Reads `opaque x<0..2^8-1>`: a 1-byte length, then that many bytes.
    pub fn vec_u8(&mut self, what: &'static str) -> DecodeResult<&'a [u8]> {
        let n = self.u8(what)?;
        self.take(usize::from(n), what)
    }

    /// Reads `opaque x<0..2^16-1>`: a 2-byte length, then that many bytes.
    pub fn vec_u16(&mut self, what: &'static str) -> DecodeResult<&'a [u8]> {
        let n = self.u16(what)?;
        self.take(usize::from(n), what)
    }

    /// Reads `opaque x<0..2^24-1>`: a 3-byte length, then that many bytes.
    pub fn vec_u24(&mut self, what: &'static str) -> DecodeResult<&'a [u8]> {
        let n = self.u24(what)?;
        // u24 always fits in usize on every platform Rust supports with std.
        self.take(n as usize, what)
    }

    /// A sub-reader over a 1-byte-length-prefixed vector.
    pub fn sub_u8(&mut self, what: &'static str) -> DecodeResult<Reader<'a>> {
        self.vec_u8(what).map(Reader::new)
    }

    /// A sub-reader over a 2-byte-length-prefixed vector.
    pub fn sub_u16(&mut self, what: &'static str) -> DecodeResult<Reader<'a>> {
        self.vec_u16(what).map(Reader::new)
    }

    /// A sub-reader over a 3-byte-length-prefixed vector.
    pub fn sub_u24(&mut self, what: &'static str) -> DecodeResult<Reader<'a>> {
        self.vec_u24(what).map(Reader::new)
    }

    /// Fails with [`DecodeError::TrailingBytes`] unless everything was read.
    pub fn expect_empty(&self, what: &'static str) -> DecodeResult<()> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(DecodeError::TrailingBytes { what, count }),
        }
    }
}

/// A length-prefixed vector or other field did not fit its length prefix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: {len} bytes do not fit a length prefix of at most {max}")]
pub struct EncodeError {
    /// Field being written.
    pub what: &'static str,
    /// Its actual length.
    pub len: usize,
    /// The maximum its prefix can express.
    pub max: usize,
}

/// Appends TLS structures to a growable buffer.
#[derive(Debug, Default, Clone)]
pub struct Writer {
    buf: Vec<u8>,
    overflow: Option<EncodeError>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer with room for `n` bytes.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            buf: Vec::with_capacity(n),
            overflow: None,
        }
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// True when nothing was written.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The bytes written so far.
    pub fn as_slice(&self) -> &[u8] {
        &self.buf
    }

    /// Appends one byte.
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.buf.push(v);
        self
    }

    /// Appends a big-endian `uint16`.
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.buf.extend_from_slice(&v.to_be_bytes());
        self
    }

    /// Appends a big-endian `uint24`; values above 2^24-1 are an overflow.
    pub fn u24(&mut self, v: u32) -> &mut Self {
        if v > 0x00FF_FFFF {
            self.note_overflow("uint24", v as usize, 0x00FF_FFFF);
        }
        self.buf.extend_from_slice(&v.to_be_bytes()[1..]);
        self
    }

    /// Appends a big-endian `uint32`.
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.buf.extend_from_slice(&v.to_be_bytes());
        self
    }

    /// Appends raw bytes.
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(b);
        self
    }

    /// Writes `opaque x<0..2^8-1>` whose body the closure writes.
    pub fn vec_u8(&mut self, what: &'static str, body: impl FnOnce(&mut Self)) -> &mut Self {
        self.prefixed(1, what, body)
    }

    /// Writes `opaque x<0..2^16-1>` whose body the closure writes.
    pub fn vec_u16(&mut self, what: &'static str, body: impl FnOnce(&mut Self)) -> &mut Self {
        self.prefixed(2, what, body)
    }

    /// Writes `opaque x<0..2^24-1>` whose body the closure writes.
    pub fn vec_u24(&mut self, what: &'static str, body: impl FnOnce(&mut Self)) -> &mut Self {
        self.prefixed(3, what, body)
    }

    /// Writes a 1-byte-length-prefixed byte string.
    pub fn opaque_u8(&mut self, what: &'static str, b: &[u8]) -> &mut Self {
        self.vec_u8(what, |w| {
            w.bytes(b);
        })
    }

    /// Writes a 2-byte-length-prefixed byte string.
    pub fn opaque_u16(&mut self, what: &'static str, b: &[u8]) -> &mut Self {
        self.vec_u16(what, |w| {
            w.bytes(b);
        })
    }

    /// Writes a 3-byte-length-prefixed byte string.
    pub fn opaque_u24(&mut self, what: &'static str, b: &[u8]) -> &mut Self {
        self.vec_u24(what, |w| {
            w.bytes(b);
        })
    }

    fn prefixed(
        &mut self,
        width: usize,
        what: &'static str,
        body: impl FnOnce(&mut Self),
    ) -> &mut Self {
        let at = self.buf.len();
        self.buf.extend_from_slice(&[0; 3][..width]);
        body(self);
        let len = self.buf.len() - at - width;
        let max = (1usize << (8 * width)) - 1;
        if len > max {
            self.note_overflow(what, len, max);
        }
        let be = (len.min(max) as u32).to_be_bytes();
        self.buf[at..at + width].copy_from_slice(&be[4 - width..]);
        self
    }

    fn note_overflow(&mut self, what: &'static str, len: usize, max: usize) {
        if self.overflow.is_none() {
            self.overflow = Some(EncodeError { what, len, max });
        }
    }

    /// The first overflow seen, if any.
    pub fn overflow(&self) -> Option<&EncodeError> {
        self.overflow.as_ref()
    }

    /// The bytes, or the first field that did not fit its length prefix.
    pub fn finish(self) -> Result<Vec<u8>, EncodeError> {
        match self.overflow {
            None => Ok(self.buf),
            Some(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn integers_round_trip() {
        let mut w = Writer::new();
        w.u8(0xAB).u16(0x1234).u24(0x0A_BC_DE).u32(0xDEAD_BEEF);
        let bytes = w.finish().unwrap();
        assert_eq!(
            bytes,
            [0xAB, 0x12, 0x34, 0x0A, 0xBC, 0xDE, 0xDE, 0xAD, 0xBE, 0xEF]
        );
        let mut r = Reader::new(&bytes);
        assert_eq!(r.u8("a").unwrap(), 0xAB);
        assert_eq!(r.u16("b").unwrap(), 0x1234);
        assert_eq!(r.u24("c").unwrap(), 0x0A_BC_DE);
        assert_eq!(r.u32("d").unwrap(), 0xDEAD_BEEF);
        assert!(r.is_empty());
        assert_eq!(
            r.u8("e"),
            Err(DecodeError::Truncated {
                what: "e",
                needed: 1
            })
        );
    }

    #[test]
    fn nested_vectors_patch_lengths() {
        let mut w = Writer::new();
        w.vec_u16("outer", |w| {
            w.opaque_u8("inner", b"abc");
            w.vec_u24("deep", |w| {
                w.u16(7);
            });
        });
        let bytes = w.finish().unwrap();
        assert_eq!(bytes, [0, 9, 3, b'a', b'b', b'c', 0, 0, 2, 0, 7]);
        let mut r = Reader::new(&bytes);
        let mut outer = r.sub_u16("outer").unwrap();
        assert_eq!(outer.vec_u8("inner").unwrap(), b"abc");
        let mut deep = outer.sub_u24("deep").unwrap();
        assert_eq!(deep.u16("x").unwrap(), 7);
        deep.expect_empty("deep").unwrap();
        outer.expect_empty("outer").unwrap();
    }

    #[test]
    fn overflow_is_reported_not_panicked() {
        let mut w = Writer::new();
        w.opaque_u8("alpn", &[0u8; 300]);
        let e = w.finish().unwrap_err();
        assert_eq!(
            e,
            EncodeError {
                what: "alpn",
                len: 300,
                max: 255
            }
        );
    }

    #[test]
    fn length_beyond_input_is_truncated_error() {
        let mut r = Reader::new(&[0xFF, 0xFF, 1, 2]);
        assert_eq!(
            r.vec_u16("v"),
            Err(DecodeError::Truncated {
                what: "v",
                needed: 0xFFFF - 2
            })
        );
        let mut r = Reader::new(&[1, 2, 3]);
        r.u8("x").unwrap();
        assert_eq!(
            r.expect_empty("s"),
            Err(DecodeError::TrailingBytes {
                what: "s",
                count: 2
            })
        );
    }

    proptest! {
        #[test]
        fn reader_never_panics(data in proptest::collection::vec(any::<u8>(), 0..64),
                               ops in proptest::collection::vec(0u8..9, 0..32)) {
            let mut r = Reader::new(&data);
            for op in ops {
                let _ = match op {
                    0 => r.u8("x").map(|_| ()),
                    1 => r.u16("x").map(|_| ()),
                    2 => r.u24("x").map(|_| ()),
                    3 => r.u32("x").map(|_| ()),
                    4 => r.vec_u8("x").map(|_| ()),
                    5 => r.vec_u16("x").map(|_| ()),
                    6 => r.vec_u24("x").map(|_| ()),
                    7 => r.array::<5>("x").map(|_| ()),
                    _ => r.take(3, "x").map(|_| ()),
                };
                prop_assert!(r.position() <= data.len());
            }
        }

        #[test]
        fn opaque_round_trip(a in proptest::collection::vec(any::<u8>(), 0..255),
                             b in proptest::collection::vec(any::<u8>(), 0..600),
                             c in proptest::collection::vec(any::<u8>(), 0..600)) {
            let mut w = Writer::new();
            w.opaque_u8("a", &a).opaque_u16("b", &b).opaque_u24("c", &c);
            let bytes = w.finish().unwrap();
            let mut r = Reader::new(&bytes);
            prop_assert_eq!(r.vec_u8("a").unwrap(), &a[..]);
            prop_assert_eq!(r.vec_u16("b").unwrap(), &b[..]);
            prop_assert_eq!(r.vec_u24("c").unwrap(), &c[..]);
            prop_assert!(r.is_empty());
        }
    }
}
