//! security.txt documents (RFC 9116): what a file says and where it breaks the format.
//!
//! [`parse`] reads the text into fields, reads each field's value as RFC 9116's ABNF (§4)
//! defines it ([`Field::reading`]: an RFC 3986 URI, an RFC 3339 date-time, RFC 5646
//! language tags) and reports where the text breaks the line grammar (`line = [ (field /
//! comment) ] eol`, `eol = *WSP [CR] LF`, `fs SP` after every field name), the OpenPGP
//! cleartext signature framework (RFC 4880 §7, RFC 9580 §7) and the rules on which fields
//! must appear and how often (§2.5). A signed file's signature packets are decoded (rpgp)
//! and the hash they carry compared with the signed text, so a file changed after signing
//! is seen without any key; [`SecurityTxt::verify`] checks the signature itself against
//! keys the caller trusts.
//!
//! It judges nothing that depends on the moment, on where the file was fetched or on
//! policy: whether Expires has passed or lies too far ahead, which URI schemes are insecure,
//! whether Canonical names the fetched URL and what sectxt merely advises (signing,
//! Encryption next to a mail contact, one CSAF field) are the judgement of the
//! web.security_txt check. Transport (location, HTTP status, Content-Type, size, redirects,
//! UTF-8 decoding) is that check's too.
//!
//! internet.nl grades security.txt with DigitalTrustCenter's `sectxt`; the observations
//! here are the ones sectxt's checks need, read by the grammar where sectxt is looser
//! (the zoo `security_txt_zoo/` and its oracle test list every difference). Choices:
//! - Problems that can repeat per line (a broken signature, text after the signature) are
//!   reported once, at their first line, to keep evidence short; the other line problems
//!   are reported per line.
//! - Unknown fields may carry UTF-8 in their values although the ABNF's `unstructured`
//!   (RFC 5322) is ASCII: nothing reads them, and comments may carry UTF-8 (`%x80-FFFFF`).
//! - A cleartext header without a `Hash:` line is accepted (RFC 9580 §7.1 made it optional);
//!   when present it must name the signature's hash algorithm.
#![forbid(unsafe_code)]

use pgp::composed::{CleartextSignedMessage, Deserializable, SignedPublicKey};
use pgp::crypto::hash::HashAlgorithm;
use pgp::packet::{Signature, SignatureType, SignatureVersionSpecific};
use pgp::types::{KeyDetails, VerifyingKey};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::uri::{self, Uri};

/// A parsed document: its fields in file order and where it breaks the format, with
/// original line numbers so that findings can point at lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityTxt {
    /// Whether the file is an OpenPGP clear-signed message.
    pub signed: bool,
    /// Every well-formed `Name: value` line, in order; for a signed file only the signed body.
    pub fields: Vec<Field>,
    /// Where the lines break the grammar, in the order read.
    pub syntax: Vec<Syntax>,
    /// Required fields that are missing and single fields that repeat (§2.5), in the order
    /// of [`Occurrence`]'s variants; none for an empty file.
    pub occurrences: Vec<Occurrence>,
    /// The decoded cleartext-signed message of a signed file whose framework is intact,
    /// for [`SecurityTxt::verify`].
    message: Option<CleartextSignedMessage>,
}

/// One field line, kept with its line number so problems can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field name as written (RFC 9116 names are case-insensitive).
    pub name: String,
    /// The value after the colon and its one space (`fs SP`), without the whitespace that
    /// may end a line (`eol = *WSP [CR] LF`); further leading whitespace is kept, because
    /// the value grammars do not allow it.
    pub value: String,
    /// 1-based line number in the original text.
    pub line: usize,
}

/// A place where the text breaks the line grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syntax {
    /// 1-based line in the original text, when the problem belongs to one line.
    pub line: Option<usize>,
    pub kind: SyntaxKind,
}

/// What is wrong with a line, or with the text as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxKind {
    /// The text holds nothing but whitespace (and perhaps a byte order mark).
    Empty,
    /// The text starts with a byte order mark, which the ABNF does not produce (`body`
    /// starts with a line) and RFC 5198's Net-Unicode, required by §3, does not use.
    ByteOrderMark,
    /// The last line does not end with a line break (`eol` ends with LF).
    NoFinalLineBreak,
    /// A carriage return that is not followed by a line feed: `eol = *WSP [CR] LF`, so a
    /// lone CR does not end a line and may not appear inside one.
    BareCarriageReturn,
    /// A line that is not a field, a comment or blank (also an indented comment, and a line
    /// with a control character); `text` is the line.
    NotAField { text: String },
    /// A field line without a name before the colon; `text` is the line.
    NoName { text: String },
    /// Whitespace before the field name or between the name and the colon.
    SpaceAroundName { name: String },
    /// A field without a value.
    NoValue { name: String },
    /// No space directly after the colon (`fs SP`).
    NoSpaceAfterColon { name: String },
    /// The clear-signed message header is not the first line; the lines before it give no
    /// fields and no other problems, as they are outside the signed body.
    SignedHeaderNotFirst,
    /// The OpenPGP clear-signed structure is broken; `reason` says how.
    BrokenSignature { reason: &'static str },
    /// The signature's hash does not match the signed text: the text or the signature was
    /// changed after signing (RFC 9580 §5.2.4: the two octets of the hash it carries).
    SignatureMismatch,
    /// Lines after the end of the signature block, which `signed` does not allow and the
    /// signature does not cover.
    TextAfterSignature,
}

/// How often the fields that must appear (or may appear only once) do (§2.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Occurrence {
    /// No Contact field (§2.5.3: at least one is required).
    NoContact,
    /// No Expires field (§2.5.5: required).
    NoExpires,
    /// Expires appears `count` times (§2.5.5: at most once); `line` is the second one.
    RepeatedExpires { count: usize, line: usize },
    /// Preferred-Languages appears `count` times (§2.5.8: at most once); `line` is the
    /// second one.
    RepeatedLanguages { count: usize, line: usize },
}

/// A field's value read as RFC 9116 defines that field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading<'a> {
    /// A field whose value is a URI (Acknowledgments, Canonical, Contact, CSAF,
    /// Encryption, Hiring, Policy), and is one.
    Uri(Uri<'a>),
    /// A CSAF URI that does not name a `provider-metadata.json` (CSAF 2.0 §7.1.8).
    CsafNotProviderMetadata(Uri<'a>),
    /// A URI field whose value is not an RFC 3986 URI.
    NotUri,
    /// Expires as an RFC 3339 date-time.
    Expires(OffsetDateTime),
    /// Expires whose value is not an RFC 3339 date-time.
    NotDateTime,
    /// Preferred-Languages whose every tag is an RFC 5646 language tag.
    Languages,
    /// Preferred-Languages with a value that is not a language tag (the first such one).
    NotLanguageTag(&'a str),
    /// A field RFC 9116 does not define.
    Undefined,
}

/// What a signature says when checked against keys the caller trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// A given key (primary or subkey; `fingerprint` in hex) made a signature over the text.
    Valid { fingerprint: String },
    /// The signature names a given key but does not verify with it.
    Invalid { fingerprint: String },
    /// None of the given keys made a signature; `issuers` are the key IDs and fingerprints
    /// the signatures name (hex), empty when they name none.
    OtherSigner { issuers: Vec<String> },
}

/// A key file that is not a usable OpenPGP public key.
#[derive(Debug, thiserror::Error)]
#[error("not a usable OpenPGP public key: {0}")]
pub struct KeyError(String);

/// Reads armored OpenPGP public keys (one or more blocks, as `gpg --armor --export` writes
/// them), each with its self-signatures and subkey bindings checked, so that only keys
/// that hold together are trusted for [`SecurityTxt::verify`].
pub fn read_public_keys(armored: &str) -> Result<Vec<SignedPublicKey>, KeyError> {
    let (keys, _) =
        SignedPublicKey::from_string_many(armored).map_err(|e| KeyError(e.to_string()))?;
    let mut out = Vec::new();
    for key in keys {
        let key = key.map_err(|e| KeyError(e.to_string()))?;
        key.verify_bindings().map_err(|e| KeyError(e.to_string()))?;
        out.push(key);
    }
    if out.is_empty() {
        return Err(KeyError("no key in the text".into()));
    }
    Ok(out)
}

const BEGIN_SIGNED: &str = "-----BEGIN PGP SIGNED MESSAGE-----";
const BEGIN_SIGNATURE: &str = "-----BEGIN PGP SIGNATURE-----";
const END_SIGNATURE: &str = "-----END PGP SIGNATURE-----";

fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// A control character other than HTAB, which no line of the ABNF may hold (comments are
/// `WSP / VCHAR / %x80-FFFFF`, values VCHAR and WSP).
fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\t') || u32::from(c) > 0xF_FFFF)
}

/// `Name: value` as RFC 4880 §6.2 writes armor headers (`Hash: SHA512`, `Comment: …`).
fn armor_header(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(": ")?;
    let mut b = name.bytes();
    (b.next().is_some_and(|c| c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'-'))
    .then_some((name, value))
}

/// The CRC-24 of RFC 4880 §6.1, which the armor checksum carries.
fn crc24(octets: &[u8]) -> u32 {
    const INIT: u32 = 0x00B7_04CE;
    const POLY: u32 = 0x0186_4CFB;
    let mut crc = INIT;
    for &o in octets {
        crc ^= u32::from(o) << 16;
        for _ in 0..8 {
            crc <<= 1;
            if crc & 0x0100_0000 != 0 {
                crc ^= POLY;
            }
        }
    }
    crc & 0x00FF_FFFF
}

/// RFC 4880 §6.3: radix-64 lines of no more than 76 characters.
const MAX_ARMOR_LINE: usize = 76;

fn is_base64(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Unsigned,
    ArmorHeaders,
    Body,
    Signature,
    AfterSignature,
}

struct Parser<'a> {
    doc: SecurityTxt,
    state: State,
    pgp_error_reported: bool,
    data_after_sig_reported: bool,
    sig_lines: Vec<(usize, &'a str)>,
    /// Hash algorithms the cleartext header names (`None`: a name rpgp does not know).
    hash_headers: Vec<Option<HashAlgorithm>>,
    /// Byte offset where the signed text starts (after the cleartext header's blank
    /// line), and the line of the signature block.
    body_from: usize,
    signature_line: usize,
    /// Byte offset just after the armor tail line.
    signed_to: usize,
}

impl<'a> Parser<'a> {
    fn push(&mut self, line: Option<usize>, kind: SyntaxKind) {
        self.doc.syntax.push(Syntax { line, kind });
    }

    fn pgp_error(&mut self, line: Option<usize>, reason: &'static str) {
        if !self.pgp_error_reported {
            self.pgp_error_reported = true;
            self.push(line, SyntaxKind::BrokenSignature { reason });
        }
    }

    /// One line without its LF and the CR before it; `end` is where the next one starts.
    fn line(&mut self, n: usize, line: &'a str, end: usize) {
        let marker = line.trim_end_matches(is_wsp);
        match self.state {
            State::Unsigned => {
                if marker == BEGIN_SIGNED {
                    if n != 1 {
                        // Only the signed body gives fields: what came before is not
                        // covered by the signature, and being there is the problem.
                        self.doc.fields.clear();
                        self.doc
                            .syntax
                            .retain(|s| s.kind == SyntaxKind::ByteOrderMark);
                        self.push(Some(n), SyntaxKind::SignedHeaderNotFirst);
                    }
                    self.doc.signed = true;
                    self.state = State::ArmorHeaders;
                } else if marker == BEGIN_SIGNATURE {
                    self.pgp_error(Some(n), "signature block without a signed-message header");
                    self.state = State::Signature;
                } else {
                    self.content(n, line);
                }
            }
            State::ArmorHeaders => {
                self.body_from = end;
                self.cleartext_header(n, line, marker);
            }
            State::Body => self.body_line(n, line),
            State::Signature => {
                if marker == END_SIGNATURE {
                    self.check_signature_block();
                    self.signed_to = end;
                    self.state = State::AfterSignature;
                } else {
                    self.sig_lines.push((n, marker));
                }
            }
            State::AfterSignature => {
                if !self.data_after_sig_reported {
                    self.data_after_sig_reported = true;
                    self.push(Some(n), SyntaxKind::TextAfterSignature);
                }
            }
        }
    }

    /// RFC 4880 §7: only `Hash` armor headers, then exactly one empty line.
    fn cleartext_header(&mut self, n: usize, line: &'a str, marker: &str) {
        if marker.is_empty() {
            self.state = State::Body;
            return;
        }
        match armor_header(marker) {
            Some(("Hash", value)) => {
                // A comma-separated list of the text names of RFC 9580 §9.5.
                self.hash_headers.extend(
                    value
                        .split(',')
                        .map(|h| h.trim_matches(is_wsp).parse::<HashAlgorithm>().ok()),
                );
                if self.hash_headers.contains(&None) {
                    self.pgp_error(Some(n), "the Hash header names an unknown hash algorithm");
                }
            }
            Some(_) => self.pgp_error(
                Some(n),
                "an armor header other than Hash in the signed-message header",
            ),
            None => {
                self.pgp_error(Some(n), "no blank line after the armor headers");
                self.state = State::Body;
                self.body_line(n, line);
            }
        }
    }

    fn body_line(&mut self, n: usize, line: &'a str) {
        if line.trim_end_matches(is_wsp) == BEGIN_SIGNATURE {
            self.signature_line = n;
            self.state = State::Signature;
        } else if let Some(rest) = line.strip_prefix("- ") {
            self.content(n, rest);
        } else {
            if line.starts_with('-') {
                self.pgp_error(Some(n), "a line starting with '-' is not dash-escaped");
            }
            self.content(n, line);
        }
    }

    /// Armor headers, an optional blank line, base64 data, an optional checksum line (`=` and
    /// four base64 characters, RFC 4880 §6.2) that must be the CRC-24 of the data (§6.1).
    fn check_signature_block(&mut self) {
        let lines = std::mem::take(&mut self.sig_lines);
        let mut in_headers = true;
        let mut data_lines = 0usize;
        let mut data = String::new();
        let mut checksum_seen: Option<(usize, &str)> = None;
        for (n, l) in lines {
            if in_headers {
                if l.is_empty() {
                    in_headers = false;
                    continue;
                }
                if armor_header(l).is_some() {
                    continue;
                }
                in_headers = false;
            }
            if l.is_empty() {
                self.pgp_error(Some(n), "blank line inside the signature data");
                return;
            }
            if checksum_seen.is_some() {
                self.pgp_error(Some(n), "data after the armor checksum");
                return;
            }
            if let Some(sum) = l.strip_prefix('=') {
                if sum.len() == 4 && is_base64(sum) && data_lines > 0 {
                    checksum_seen = Some((n, sum));
                    continue;
                }
                self.pgp_error(Some(n), "malformed armor checksum");
                return;
            }
            if !is_base64(l) {
                self.pgp_error(Some(n), "signature data is not base64");
                return;
            }
            if l.len() > MAX_ARMOR_LINE {
                self.pgp_error(Some(n), "a signature data line longer than 76 characters");
                return;
            }
            data_lines += 1;
            data.push_str(l);
        }
        if data_lines == 0 {
            self.pgp_error(None, "the signature block holds no data");
            return;
        }
        let Ok(octets) = data_encoding::BASE64.decode(data.as_bytes()) else {
            self.pgp_error(None, "signature data is not base64");
            return;
        };
        if let Some((n, sum)) = checksum_seen {
            let crc = crc24(&octets).to_be_bytes();
            if data_encoding::BASE64.decode(sum.as_bytes()).ok().as_deref() != Some(&crc[1..]) {
                self.pgp_error(
                    Some(n),
                    "the armor checksum does not match the signature data",
                );
            }
        }
    }

    fn content(&mut self, n: usize, line: &str) {
        if line.contains('\r') {
            self.push(Some(n), SyntaxKind::BareCarriageReturn);
            return;
        }
        // eol = *WSP [CR] LF: whitespace may end any line, and a line of it is blank.
        let line = line.trim_end_matches(is_wsp);
        if line.is_empty() {
            return;
        }
        if has_control(line) {
            self.push(Some(n), SyntaxKind::NotAField { text: line.into() });
            return;
        }
        if line.starts_with('#') {
            return;
        }
        let Some((raw_name, raw_value)) = line.split_once(':') else {
            // Also an indented comment: a comment starts the line.
            self.push(Some(n), SyntaxKind::NotAField { text: line.into() });
            return;
        };
        let name = raw_name.trim_matches(is_wsp);
        if name.is_empty() {
            self.push(Some(n), SyntaxKind::NoName { text: line.into() });
            return;
        }
        // field-name = 1*ftext (RFC 5322 §3.6.8): printable US-ASCII except the colon.
        if !name.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
            self.push(Some(n), SyntaxKind::NotAField { text: line.into() });
            return;
        }
        if name.len() != raw_name.len() {
            self.push(Some(n), SyntaxKind::SpaceAroundName { name: name.into() });
        }
        let value = match raw_value.strip_prefix(' ') {
            Some(value) => value,
            None => raw_value.trim_start_matches(is_wsp),
        };
        if value.trim_start_matches(is_wsp).is_empty() {
            self.push(Some(n), SyntaxKind::NoValue { name: name.into() });
            return;
        }
        if !raw_value.starts_with(' ') {
            self.push(Some(n), SyntaxKind::NoSpaceAfterColon { name: name.into() });
        }
        self.doc.fields.push(Field {
            name: name.to_string(),
            value: value.to_string(),
            line: n,
        });
    }

    fn finish(&mut self, text: &str) {
        match self.state {
            State::ArmorHeaders | State::Body => {
                self.pgp_error(None, "the signed message has no signature block");
            }
            State::Signature => self.pgp_error(None, "the signature block is not terminated"),
            State::AfterSignature if self.doc.signed && !self.pgp_error_reported => {
                // The cleartext header was checked above; rpgp reads only single-name Hash
                // headers, not RFC 4880 §7's comma-separated list, so it gets none.
                let signed = format!(
                    "{BEGIN_SIGNED}\n\n{}",
                    &text[self.body_from..self.signed_to]
                );
                self.decode_signature(&signed);
            }
            State::Unsigned | State::AfterSignature => {}
        }
    }

    /// Decodes the signature packets of an intact framework and compares the hash they
    /// carry with the signed text.
    fn decode_signature(&mut self, signed: &str) {
        let line = Some(self.signature_line);
        let Ok((message, _)) = CleartextSignedMessage::from_string(signed) else {
            self.pgp_error(
                line,
                "the signature block does not decode as OpenPGP signature packets",
            );
            return;
        };
        let signatures = message.signatures();
        if signatures.is_empty() {
            self.pgp_error(line, "the signature block holds no signature");
            return;
        }
        // RFC 4880 §7: a cleartext signature is a signature of a canonical text document.
        if signatures
            .iter()
            .any(|s| s.typ() != Some(SignatureType::Text))
        {
            self.pgp_error(line, "the signature is not a text signature (type 0x01)");
            return;
        }
        if !self.hash_headers.is_empty()
            && signatures
                .iter()
                .any(|s| !self.hash_headers.contains(&s.hash_alg()))
        {
            self.pgp_error(
                line,
                "the Hash header does not name the signature's hash algorithm",
            );
            return;
        }
        let text = message.signed_text();
        let prefixes: Vec<Option<bool>> = signatures
            .iter()
            .map(|s| hash_prefix_matches(s, &text))
            .collect();
        if prefixes.contains(&Some(false)) {
            self.push(line, SyntaxKind::SignatureMismatch);
        } else if prefixes.contains(&None) {
            // Not knowing the hash is not evidence that the text changed.
            self.pgp_error(
                line,
                "the signature's hash cannot be computed (unsupported hash algorithm)",
            );
            return;
        }
        self.doc.message = Some(message);
    }
}

/// Whether the first two octets of the hash over `text` (already in canonical CRLF form)
/// and the signature's hashed data equal the two the signature carries, as RFC 9580 §5.2.4
/// computes them; `None` when the hash cannot be computed (an algorithm rpgp does not
/// implement), which says nothing about whether the text changed.
fn hash_prefix_matches(signature: &Signature, text: &str) -> Option<bool> {
    let (Some(config), Some(carried)) = (signature.config(), signature.signed_hash_value()) else {
        return None;
    };
    let Ok(mut hasher) = config.hash_alg.new_hasher() else {
        return None;
    };
    if let SignatureVersionSpecific::V6 { salt } = &config.version_specific {
        hasher.update(salt.as_ref());
    }
    let hashed = config
        .hash_data_to_sign(&mut hasher, text.as_bytes())
        .and_then(|_| config.hash_signature_data(&mut hasher))
        .and_then(|len| config.trailer(len));
    let Ok(trailer) = hashed else {
        return None;
    };
    hasher.update(&trailer);
    Some(hasher.finalize().get(..2) == Some(&carried[..]))
}

/// Reads a security.txt text into fields, syntax problems and field occurrences, with LF
/// and CRLF line ends and OpenPGP clear-signed files, so that every later check can refer
/// to original line numbers.
pub fn parse(text: &str) -> SecurityTxt {
    let mut p = Parser {
        doc: SecurityTxt {
            signed: false,
            fields: Vec::new(),
            syntax: Vec::new(),
            occurrences: Vec::new(),
            message: None,
        },
        state: State::Unsigned,
        pgp_error_reported: false,
        data_after_sig_reported: false,
        sig_lines: Vec::new(),
        hash_headers: Vec::new(),
        body_from: 0,
        signature_line: 0,
        signed_to: 0,
    };
    let body = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            p.push(Some(1), SyntaxKind::ByteOrderMark);
            rest
        }
        None => text,
    };
    if body.chars().all(char::is_whitespace) {
        p.push(None, SyntaxKind::Empty);
        return p.doc;
    }
    let mut end = 0;
    let mut n = 0;
    for piece in body.split_inclusive('\n') {
        n += 1;
        end += piece.len();
        // eol = *WSP [CR] LF: a CR belongs to the line end only before the LF.
        let line = match piece.strip_suffix('\n') {
            Some(bare) => bare.strip_suffix('\r').unwrap_or(bare),
            None => piece,
        };
        p.line(n, line, end);
    }
    p.finish(body);
    if !body.ends_with('\n') {
        p.push(Some(n), SyntaxKind::NoFinalLineBreak);
    }
    p.doc.occurrences = occurrences(&p.doc.fields);
    p.doc
}

fn occurrences(fields: &[Field]) -> Vec<Occurrence> {
    let named = |name: &str| -> Vec<usize> {
        fields
            .iter()
            .filter(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.line)
            .collect()
    };
    let mut out = Vec::new();
    if named("contact").is_empty() {
        out.push(Occurrence::NoContact);
    }
    let expires = named("expires");
    if expires.is_empty() {
        out.push(Occurrence::NoExpires);
    } else if let Some(&line) = expires.get(1) {
        out.push(Occurrence::RepeatedExpires {
            count: expires.len(),
            line,
        });
    }
    let languages = named("preferred-languages");
    if let Some(&line) = languages.get(1) {
        out.push(Occurrence::RepeatedLanguages {
            count: languages.len(),
            line,
        });
    }
    out
}

/// The hex form of a key ID or fingerprint.
fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXUPPER.encode(bytes)
}

impl SecurityTxt {
    /// Values of every field with this name (case-insensitive, as RFC 9116
    /// names are), in file order.
    pub fn values(&self, name: &str) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .filter(move |f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.value.as_str())
    }

    /// Fields with this name (case-insensitive), in file order.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Field> {
        self.fields
            .iter()
            .filter(move |f| f.name.eq_ignore_ascii_case(name))
    }

    /// Checks the signatures of a signed file against `keys` (primary keys and their
    /// subkeys); `None` when the file has no decodable signature or no key is given.
    pub fn verify(&self, keys: &[SignedPublicKey]) -> Option<Verification> {
        let message = self.message.as_ref().filter(|_| !keys.is_empty())?;
        let text = message.signed_text();
        let mut invalid = None;
        for signature in message.signatures() {
            let ids = signature.issuer_key_id();
            let fingerprints = signature.issuer_fingerprint();
            let names = |key: &dyn KeyDetails| {
                ids.iter().any(|id| **id == key.legacy_key_id())
                    || fingerprints.iter().any(|fp| **fp == key.fingerprint())
            };
            for key in keys {
                let candidates = std::iter::once(&key.primary_key as &dyn Verifier)
                    .chain(key.public_subkeys.iter().map(|s| &s.key as &dyn Verifier));
                for candidate in candidates {
                    if !names(candidate.details()) {
                        continue;
                    }
                    let fingerprint = hex(candidate.details().fingerprint().as_bytes());
                    if candidate.verify(signature, text.as_bytes()) {
                        return Some(Verification::Valid { fingerprint });
                    }
                    invalid.get_or_insert(Verification::Invalid { fingerprint });
                }
            }
        }
        invalid.or_else(|| {
            let issuers = message
                .signatures()
                .iter()
                .flat_map(|s| {
                    let ids = s.issuer_key_id().into_iter().map(|id| hex(id.as_ref()));
                    let fps = s
                        .issuer_fingerprint()
                        .into_iter()
                        .map(|fp| hex(fp.as_bytes()));
                    fps.chain(ids).collect::<Vec<_>>()
                })
                .collect();
            Some(Verification::OtherSigner { issuers })
        })
    }
}

/// A primary key or a subkey, which verify alike.
trait Verifier {
    fn details(&self) -> &dyn KeyDetails;
    fn verify(&self, signature: &Signature, text: &[u8]) -> bool;
}

impl<K: VerifyingKey + KeyDetails> Verifier for K {
    fn details(&self) -> &dyn KeyDetails {
        self
    }

    fn verify(&self, signature: &Signature, text: &[u8]) -> bool {
        signature.verify(self, text).is_ok()
    }
}

/// The fields RFC 9116 defines as a URI (§2.5.1, 2.5.2, 2.5.3, 2.5.4, 2.5.6, 2.5.7) and
/// CSAF (CSAF 2.0 §7.1.8, in the IANA security.txt field registry).
const URI_FIELDS: &[&str] = &[
    "acknowledgments",
    "canonical",
    "contact",
    "csaf",
    "encryption",
    "hiring",
    "policy",
];

impl Field {
    /// The value read as RFC 9116 defines this field.
    pub fn reading(&self) -> Reading<'_> {
        let key = self.name.to_ascii_lowercase();
        if URI_FIELDS.contains(&key.as_str()) {
            return match uri::parse(&self.value) {
                None => Reading::NotUri,
                Some(uri)
                    if key == "csaf"
                        && uri.path.rsplit('/').next() != Some("provider-metadata.json") =>
                {
                    Reading::CsafNotProviderMetadata(uri)
                }
                Some(uri) => Reading::Uri(uri),
            };
        }
        match key.as_str() {
            "expires" => parse_expires(&self.value).map_or(Reading::NotDateTime, Reading::Expires),
            "preferred-languages" => {
                language_values(&self.value).map_or(Reading::Languages, Reading::NotLanguageTag)
            }
            _ => Reading::Undefined,
        }
    }
}

/// `lang-values = lang-tag *(*WSP "," *WSP lang-tag)`: the first item that is not a tag.
fn language_values(value: &str) -> Option<&str> {
    let mut items = value.split(',');
    // The first tag follows `fs SP` directly; whitespace only around the commas.
    let first = items.next().unwrap_or("").trim_end_matches(is_wsp);
    if !is_language_tag(first) {
        return Some(first);
    }
    items
        .map(|t| t.trim_matches(is_wsp))
        .find(|t| !is_language_tag(t))
}

fn digits(b: &[u8], start: usize, len: usize) -> Option<u32> {
    let s = b.get(start..start + len)?;
    let mut n = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(c - b'0');
    }
    Some(n)
}

/// Reads an Expires value as an RFC 3339 §5.6 `date-time` (`T` and `Z` in either case, as
/// ABNF strings are, RFC 3339 §5.6's note), so reports can show and compare the expiry
/// moment; `None` when it is not one. A leap second (`:60`) is only accepted where one can
/// fall: at 23:59 UTC on the last day of a month (RFC 3339 §5.7).
pub fn parse_expires(value: &str) -> Option<OffsetDateTime> {
    let b = value.as_bytes();
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't'))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(c - b'0');
            }
            i += 1;
        }
        let n = i - start;
        if n == 0 {
            return None;
        }
        for _ in n..9 {
            nanos *= 10;
        }
    }
    let offset = match b.get(i) {
        Some(b'Z' | b'z') if b.len() == i + 1 => UtcOffset::UTC,
        Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b.get(i + 3) == Some(&b':') => {
            let oh = digits(b, i + 1, 2)?;
            let om = digits(b, i + 4, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let (oh, om) = (i8::try_from(oh).ok()?, i8::try_from(om).ok()?);
            if *sign == b'-' {
                UtcOffset::from_hms(-oh, -om, 0).ok()?
            } else {
                UtcOffset::from_hms(oh, om, 0).ok()?
            }
        }
        _ => return None,
    };
    let date = Date::from_calendar_date(
        i32::try_from(year).ok()?,
        Month::try_from(u8::try_from(month).ok()?).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    let leap = second == 60;
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        // A leap second counts as the last instant of :59.
        if leap { 59 } else { u8::try_from(second).ok()? },
        if leap { 999_999_999 } else { nanos },
    )
    .ok()?;
    let at = PrimitiveDateTime::new(date, time).assume_offset(offset);
    if leap {
        let utc = at.checked_to_offset(UtcOffset::UTC)?;
        let last_of_month = utc.date().next_day().is_none_or(|d| d.day() == 1);
        if (utc.hour(), utc.minute()) != (23, 59) || !last_of_month {
            return None;
        }
    }
    Some(at)
}

fn is_alpha(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn is_digit(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Irregular grandfathered tags of RFC 5646 §2.1 that the generic grammar rejects (the
/// regular ones, `art-lojban`, `zh-min-nan` …, are also well-formed langtags).
const IRREGULAR_TAGS: &[&str] = &[
    "en-gb-oed",
    "i-ami",
    "i-bnn",
    "i-default",
    "i-enochian",
    "i-hak",
    "i-klingon",
    "i-lux",
    "i-mingo",
    "i-navajo",
    "i-pwn",
    "i-tao",
    "i-tay",
    "i-tsu",
    "sgn-be-fr",
    "sgn-be-nl",
    "sgn-ch-de",
];

/// Whether `tag` is a well-formed RFC 5646 `Language-Tag` (§2.1: langtag / privateuse /
/// grandfathered; case-insensitive), which is what RFC 9116 asks of Preferred-Languages;
/// the registry is not consulted (§2.2.9: well-formed, not valid).
fn is_language_tag(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    if IRREGULAR_TAGS.contains(&lower.as_str()) {
        return true;
    }
    let subtags: Vec<&str> = lower.split('-').collect();
    if subtags
        .iter()
        .any(|s| s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return false;
    }
    let n = subtags.len();
    let at = |i: usize| subtags.get(i).copied().unwrap_or("");
    let mut i = 0usize;
    // privateuse = "x" 1*("-" (1*8alphanum))
    let private_use = |i: usize| i + 1 < n;
    if at(0) == "x" {
        return private_use(0);
    }
    // language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA
    let lang = at(0);
    if !(2..=8).contains(&lang.len()) || !is_alpha(lang) {
        return false;
    }
    i += 1;
    if lang.len() <= 3 {
        // extlang = 3ALPHA *2("-" 3ALPHA)
        let mut ext = 0;
        while ext < 3 && i < n && at(i).len() == 3 && is_alpha(at(i)) {
            ext += 1;
            i += 1;
        }
    }
    // script = 4ALPHA
    if i < n && at(i).len() == 4 && is_alpha(at(i)) {
        i += 1;
    }
    // region = 2ALPHA / 3DIGIT
    if i < n && ((at(i).len() == 2 && is_alpha(at(i))) || (at(i).len() == 3 && is_digit(at(i)))) {
        i += 1;
    }
    // variant = 5*8alphanum / (DIGIT 3alphanum)
    while i < n {
        let s = at(i);
        let starts_digit = s.as_bytes().first().is_some_and(u8::is_ascii_digit);
        if (5..=8).contains(&s.len()) || (s.len() == 4 && starts_digit) {
            i += 1;
        } else {
            break;
        }
    }
    // extension = singleton 1*("-" (2*8alphanum))
    while i < n && at(i).len() == 1 && at(i) != "x" {
        i += 1;
        let start = i;
        while i < n && (2..=8).contains(&at(i).len()) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if i < n && at(i) == "x" {
        return private_use(i);
    }
    i == n
}

/// A clear-signed file around `body`, signed by the zoo's test key
/// (`security_txt_zoo/zoo-secret-key.asc`) as `gpg --clearsign` lays it out, for the tests
/// of this parser and of its check.
#[cfg(test)]
pub(crate) fn clear_signed(body: &str) -> String {
    use pgp::composed::{ArmorOptions, SignedSecretKey};
    use pgp::types::Password;
    let (key, _) =
        SignedSecretKey::from_string(include_str!("security_txt_zoo/zoo-secret-key.asc"))
            .unwrap_or_else(|e| panic!("the zoo's secret key: {e}"));
    let message = CleartextSignedMessage::sign(
        rand::thread_rng(),
        body,
        &key.primary_key,
        &Password::empty(),
    )
    .unwrap_or_else(|e| panic!("sign: {e}"));
    message
        .to_armored_string(ArmorOptions::default())
        .unwrap_or_else(|e| panic!("armor: {e}"))
}

/// `signed` with the last octet of its signature value changed (and the armor checksum
/// left out, RFC 9580 §6.1), so that the hash it carries still matches the text and only
/// a key can tell.
#[cfg(test)]
pub(crate) fn with_forged_signature_value(signed: &str) -> String {
    with_signature_packet(signed, |packet| {
        if let Some(last) = packet.last_mut() {
            *last ^= 1;
        }
    })
}

/// `signed` with its signature packet changed by `change`, armored again without the
/// armor checksum (optional, RFC 9580 §6.1).
#[cfg(test)]
fn with_signature_packet(signed: &str, change: impl FnOnce(&mut Vec<u8>)) -> String {
    let (head, rest) = signed
        .split_once("-----BEGIN PGP SIGNATURE-----\n\n")
        .unwrap_or_else(|| panic!("not signed: {signed}"));
    let (data, tail) = rest
        .split_once("\n=")
        .unwrap_or_else(|| panic!("no checksum"));
    let mut packet = data_encoding::BASE64
        .decode(data.replace('\n', "").as_bytes())
        .unwrap_or_else(|e| panic!("base64: {e}"));
    change(&mut packet);
    let after = tail.split_once('\n').map_or("", |(_, t)| t);
    let encoded = data_encoding::BASE64.encode(&packet);
    let lines: String = encoded
        .as_bytes()
        .chunks(64)
        .map(|c| format!("{}\n", String::from_utf8_lossy(c)))
        .collect();
    format!("{head}-----BEGIN PGP SIGNATURE-----\n\n{lines}{after}")
}

/// The zoo's public key, which made [`clear_signed`]'s signatures.
#[cfg(test)]
fn zoo_key() -> Vec<SignedPublicKey> {
    read_public_keys(include_str!("security_txt_zoo/zoo-key.asc"))
        .unwrap_or_else(|e| panic!("the zoo's key: {e}"))
}

/// What the parser observes in a file, as the zoo's `expected.tsv` writes it: syntax
/// problems, the readings that are not plain values, occurrences, and the signature checked
/// with `keys` (`@N` for the line), so that the unit test and the oracle test read the zoo
/// alike.
pub fn zoo_observations(doc: &SecurityTxt, keys: &[SignedPublicKey]) -> Vec<String> {
    let at = |name: &str, line: Option<usize>| match line {
        Some(l) => format!("{name}@{l}"),
        None => name.to_string(),
    };
    let mut out: Vec<String> = doc
        .syntax
        .iter()
        .map(|s| {
            let name = match s.kind {
                SyntaxKind::Empty => "empty",
                SyntaxKind::ByteOrderMark => "bom",
                SyntaxKind::NoFinalLineBreak => "no_final_eol",
                SyntaxKind::BareCarriageReturn => "bare_cr",
                SyntaxKind::NotAField { .. } => "not_a_field",
                SyntaxKind::NoName { .. } => "no_name",
                SyntaxKind::SpaceAroundName { .. } => "space_around_name",
                SyntaxKind::NoValue { .. } => "no_value",
                SyntaxKind::NoSpaceAfterColon { .. } => "no_space",
                SyntaxKind::SignedHeaderNotFirst => "header_not_first",
                SyntaxKind::BrokenSignature { .. } => "broken_signature",
                SyntaxKind::SignatureMismatch => "signature_mismatch",
                SyntaxKind::TextAfterSignature => "after_signature",
            };
            at(name, s.line)
        })
        .collect();
    out.extend(doc.fields.iter().filter_map(|f| {
        let name = match f.reading() {
            Reading::NotUri => "not_uri",
            Reading::CsafNotProviderMetadata(_) => "csaf_not_provider_metadata",
            Reading::NotDateTime => "not_date_time",
            Reading::NotLanguageTag(_) => "not_language_tag",
            Reading::Undefined => "undefined",
            Reading::Uri(_) | Reading::Expires(_) | Reading::Languages => return None,
        };
        Some(at(name, Some(f.line)))
    }));
    out.extend(doc.occurrences.iter().map(|o| match o {
        Occurrence::NoContact => "no_contact".to_string(),
        Occurrence::NoExpires => "no_expires".to_string(),
        Occurrence::RepeatedExpires { line, .. } => at("repeated_expires", Some(*line)),
        Occurrence::RepeatedLanguages { line, .. } => at("repeated_languages", Some(*line)),
    }));
    out.extend(doc.verify(keys).map(|v| {
        match v {
            Verification::Valid { .. } => "signature_valid",
            Verification::Invalid { .. } => "signature_invalid",
            Verification::OtherSigner { .. } => "signer_other",
        }
        .to_string()
    }));
    out
}

/// Texts that between them give every syntax problem, occurrence and reading, for the
/// tests of this parser and of its check.
#[cfg(test)]
pub(crate) fn texts_with_every_observation() -> Vec<String> {
    let signed = clear_signed("Contact: https://a.nl/c\nExpires: 2099-01-01T00:00:00Z\n");
    vec![
        "\u{feff}".to_string(),
        "\u{feff}oops\n : x\nContact:\n Contact:mailto:a@b.nl\nX: y\nExpires: x\nExpires: 2020-01-01T00:00:00Z\n\
         Expires: 2099-01-01T00:00:00Z\nPreferred-Languages: ??\nPreferred-Languages: en\nCanonical: https://x.example/\n\
         Policy: http://a.nl/\nHiring: nope\nCSAF: https://a.nl/x.json\nCSAF: https://a.nl/provider-metadata.json\nbare\rcr"
            .to_string(),
        format!("# x\n{}\nextra\n", clear_signed("Policy: https://a.nl/p\n-bad\n")).replace("- -bad", "-bad"),
        "-----BEGIN PGP SIGNATURE-----\n".to_string(),
        signed.replace("2099-01-01", "2098-01-01"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const URL: &str = "https://www.example.nl/.well-known/security.txt";

    fn good_body() -> String {
        format!(
            "# Beveiligingscontact\nContact: mailto:security@example.nl\nContact: https://www.example.nl/meld\n\
             Expires: 2026-01-01T00:00:00Z\nEncryption: https://www.example.nl/pgp.asc\n\
             Preferred-Languages: nl, en\nCanonical: {URL}\nPolicy: https://www.example.nl/beleid\n"
        )
    }

    fn sign(body: &str) -> String {
        clear_signed(body)
    }

    fn kinds(doc: &SecurityTxt) -> Vec<&SyntaxKind> {
        doc.syntax.iter().map(|s| &s.kind).collect()
    }

    /// The lines of every syntax problem of this kind.
    fn lines_of(doc: &SecurityTxt, kind: fn(&SyntaxKind) -> bool) -> Vec<Option<usize>> {
        doc.syntax
            .iter()
            .filter(|s| kind(&s.kind))
            .map(|s| s.line)
            .collect()
    }

    /// The reading of the field on this line.
    fn reading_at(doc: &SecurityTxt, line: usize) -> Option<Reading<'_>> {
        doc.fields
            .iter()
            .find(|f| f.line == line)
            .map(Field::reading)
    }

    #[test]
    fn good_unsigned_file() {
        let doc = parse(&good_body());
        assert!(!doc.signed);
        assert!(doc.syntax.is_empty(), "{:?}", doc.syntax);
        assert!(doc.occurrences.is_empty(), "{:?}", doc.occurrences);
        assert_eq!(doc.fields.len(), 7);
        assert_eq!(
            doc.fields[0],
            Field {
                name: "Contact".into(),
                value: "mailto:security@example.nl".into(),
                line: 2
            }
        );
        assert_eq!(
            reading_at(&doc, 4),
            Some(Reading::Expires(datetime!(2026-01-01 00:00:00 UTC)))
        );
        assert_eq!(reading_at(&doc, 6), Some(Reading::Languages));
    }

    #[test]
    fn good_signed_file() {
        let text = sign(&good_body());
        let doc = parse(&text);
        assert!(doc.signed);
        assert!(doc.syntax.is_empty(), "{:?}", doc.syntax);
        assert!(doc.occurrences.is_empty(), "{:?}", doc.occurrences);
        // Line numbers refer to the original text: the body starts on line 4.
        assert_eq!(doc.fields[0].line, 5);
    }

    #[test]
    fn crlf_accepted() {
        let text = good_body().replace('\n', "\r\n");
        let doc = parse(&text);
        assert!(doc.syntax.is_empty(), "{:?}", doc.syntax);
        assert_eq!(doc.fields[1].value, "https://www.example.nl/meld");
        let signed = sign(&good_body()).replace('\n', "\r\n");
        let doc = parse(&signed);
        assert!(doc.signed && doc.syntax.is_empty(), "{:?}", doc.syntax);
    }

    #[test]
    fn values_case_insensitive() {
        let doc =
            parse("contact: mailto:a@b.nl\nCONTACT: tel:+31123\nExpires: 2026-01-01T00:00:00Z\n");
        let v: Vec<&str> = doc.values("Contact").collect();
        assert_eq!(v, vec!["mailto:a@b.nl", "tel:+31123"]);
        assert_eq!(doc.fields[0].name, "contact");
        assert_eq!(doc.values("hiring").count(), 0);
        let lines: Vec<usize> = doc.named("CONTACT").map(|f| f.line).collect();
        assert_eq!(lines, vec![1, 2]);
    }

    #[test]
    fn empty_file() {
        for t in ["", "\n\n", "  \r\n", "\u{feff}"] {
            let doc = parse(t);
            assert!(kinds(&doc).contains(&&SyntaxKind::Empty), "{t:?}");
            // An empty file is not also missing its fields.
            assert!(doc.occurrences.is_empty());
        }
        assert_eq!(
            kinds(&parse("\u{feff}")),
            vec![&SyntaxKind::ByteOrderMark, &SyntaxKind::Empty]
        );
    }

    #[test]
    fn byte_order_mark() {
        let doc = parse(&format!("\u{feff}{}", good_body()));
        assert_eq!(
            doc.syntax,
            vec![Syntax {
                line: Some(1),
                kind: SyntaxKind::ByteOrderMark
            }]
        );
        assert_eq!(doc.fields[0].line, 2);
    }

    #[test]
    fn missing_final_newline() {
        let text = good_body();
        let trimmed = text.trim_end_matches('\n');
        let doc = parse(trimmed);
        assert_eq!(
            lines_of(&doc, |k| *k == SyntaxKind::NoFinalLineBreak),
            vec![Some(8)]
        );
        assert!(parse(&text).syntax.is_empty());
    }

    #[test]
    fn invalid_lines() {
        let doc = parse(
            "Contact mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nPreferred Languages: en\nContact: mailto:a@b.nl\n",
        );
        assert_eq!(
            doc.syntax,
            vec![
                Syntax {
                    line: Some(1),
                    kind: SyntaxKind::NotAField {
                        text: "Contact mailto:a@b.nl".into()
                    }
                },
                Syntax {
                    line: Some(3),
                    kind: SyntaxKind::NotAField {
                        text: "Preferred Languages: en".into()
                    }
                },
            ]
        );
    }

    #[test]
    fn whitespace_problems() {
        let doc = parse(
            "  Contact: mailto:a@b.nl\nContact : mailto:c@d.nl\nContact:mailto:e@f.nl\nExpires: 2026-01-01T00:00:00Z\n",
        );
        assert_eq!(
            lines_of(&doc, |k| matches!(k, SyntaxKind::SpaceAroundName { .. })),
            vec![Some(1), Some(2)]
        );
        assert_eq!(
            doc.syntax.last(),
            Some(&Syntax {
                line: Some(3),
                kind: SyntaxKind::NoSpaceAfterColon {
                    name: "Contact".into()
                }
            })
        );
        // The fields still count.
        assert!(doc.occurrences.is_empty());
        // fs SP: a tab is not the space, and a second space starts the value.
        assert_eq!(
            kinds(&parse("Contact:\tmailto:a@b.nl\n")),
            vec![&SyntaxKind::NoSpaceAfterColon {
                name: "Contact".into()
            }]
        );
        let doc = parse("Contact:  mailto:a@b.nl\nX-Y:  z\n");
        assert!(doc.syntax.is_empty());
        assert_eq!(doc.fields[0].value, " mailto:a@b.nl");
        assert_eq!(doc.fields[0].reading(), Reading::NotUri);
        assert_eq!(doc.fields[1].reading(), Reading::Undefined);
    }

    #[test]
    fn empty_key_and_value() {
        let doc = parse(": value\nContact:\nContact:   \nExpires: 2026-01-01T00:00:00Z\n");
        assert_eq!(
            lines_of(&doc, |k| matches!(k, SyntaxKind::NoName { .. })),
            vec![Some(1)]
        );
        assert_eq!(
            lines_of(&doc, |k| matches!(k, SyntaxKind::NoValue { .. })),
            vec![Some(2), Some(3)]
        );
        assert_eq!(doc.occurrences, vec![Occurrence::NoContact]);
    }

    #[test]
    fn comments_and_blank_lines() {
        let doc = parse("# a: b\n\n   \n\t\nContact: mailto:a@b.nl # not a comment\n");
        assert!(doc.syntax.is_empty());
        assert_eq!(doc.fields.len(), 1);
        assert_eq!(doc.fields[0].value, "mailto:a@b.nl # not a comment");
        assert_eq!(doc.fields[0].reading(), Reading::NotUri);
        // A comment starts the line (`line = [ (field / comment) ] eol`).
        let doc = parse("  # indented comment\n# bell \u{7}\n# ë 中文\n");
        assert_eq!(
            lines_of(&doc, |k| matches!(k, SyntaxKind::NotAField { .. })),
            vec![Some(1), Some(2)]
        );
    }

    #[test]
    fn no_contact_and_no_expire() {
        let doc = parse("Policy: https://a.nl/p\n");
        assert_eq!(
            doc.occurrences,
            vec![Occurrence::NoContact, Occurrence::NoExpires]
        );
    }

    #[test]
    fn uri_readings() {
        let doc = parse(
            "Contact: security@example.nl\nContact: http://example.nl/meld\nContact: tel:+31-70-1234567\n\
             Encryption: https://exa mple.nl/key\nHiring: //example.nl/jobs\nAcknowledgments: https://example.nl/thanks\n\
             Policy: HTTP://example.nl/p\nExpires: 2026-01-01T00:00:00Z\n",
        );
        let schemes: Vec<(usize, Option<String>)> = doc
            .fields
            .iter()
            .filter(|f| !f.name.eq_ignore_ascii_case("expires"))
            .map(|f| match f.reading() {
                Reading::Uri(u) => (f.line, Some(u.scheme.to_ascii_lowercase())),
                other => {
                    assert_eq!(other, Reading::NotUri, "line {}", f.line);
                    (f.line, None)
                }
            })
            .collect();
        assert_eq!(
            schemes,
            vec![
                (1, None),
                (2, Some("http".into())),
                (3, Some("tel".into())),
                (4, None),
                (5, None),
                (6, Some("https".into())),
                (7, Some("http".into())),
            ]
        );
    }

    #[test]
    fn expires_readings() {
        let doc = parse("Contact: mailto:a@b.nl\nExpires: 2025-06-01T14:00:00+02:00\n");
        assert_eq!(
            reading_at(&doc, 2),
            Some(Reading::Expires(datetime!(2025-06-01 12:00:00 UTC)))
        );
        let doc = parse("Contact: mailto:a@b.nl\nExpires: 1 januari 2026\n");
        assert_eq!(reading_at(&doc, 2), Some(Reading::NotDateTime));
        let doc = parse(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nExpires: 2026-01-02T00:00:00Z\n",
        );
        assert_eq!(
            doc.occurrences,
            vec![Occurrence::RepeatedExpires { count: 2, line: 3 }]
        );
    }

    #[test]
    fn expires_formats() {
        let ok = [
            "2026-01-01T00:00:00Z",
            "2026-01-01t00:00:00z",
            "2026-01-01T00:00:00.123456789123+02:00",
            "2026-01-01T00:00:00-00:00",
            "2016-12-31T23:59:60Z",
            "2026-07-01T01:59:60+02:00",
            "2026-02-28T23:59:60Z",
            "2024-02-29T10:00:00+23:59",
        ];
        for v in ok {
            assert!(parse_expires(v).is_some(), "{v}");
        }
        let bad = [
            "2026-01-01",
            "2026-01-01T00:00:00",
            "2026-01-01 00:00:00Z",
            "2026-01-15T12:00:60Z",
            "2026-06-30T23:59:60-01:00",
            "2026-01-01T00:00Z",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00+2:00",
            "2026-01-01T00:00:00+24:00",
            "2026-01-01T00:00:00+0200",
            "2026-01-01T00:00:00Z ",
            "20260101T000000Z",
            "２026-01-01T00:00:00Z",
            "2026-01-01T00:00:00Ž",
            "",
        ];
        for v in bad {
            assert!(parse_expires(v).is_none(), "{v}");
        }
        assert_eq!(
            parse_expires("2026-01-01T02:00:00+02:00"),
            Some(datetime!(2026-01-01 00:00:00 UTC))
        );
        assert_eq!(
            parse_expires("2026-01-01T00:00:00.5Z"),
            Some(datetime!(2026-01-01 00:00:00.5 UTC))
        );
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for v in [
            "9999-12-31T23:59:59-23:59",
            "0000-01-01T00:00:00+23:59",
            "9999-12-31T23:59:60Z",
        ] {
            let doc = parse(&format!("Contact: mailto:a@b.nl\nExpires: {v}\n"));
            assert!(
                matches!(reading_at(&doc, 2), Some(Reading::Expires(_))),
                "{v}"
            );
        }
    }

    #[test]
    fn preferred_languages() {
        let doc = parse(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nPreferred-Languages: nl, en-GB,zh-Hant-TW\n",
        );
        assert_eq!(reading_at(&doc, 3), Some(Reading::Languages));
        let doc = parse(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nPreferred-Languages: nl; en\nPreferred-Languages: en\n",
        );
        assert_eq!(reading_at(&doc, 3), Some(Reading::NotLanguageTag("nl; en")));
        assert_eq!(
            doc.occurrences,
            vec![Occurrence::RepeatedLanguages { count: 2, line: 4 }]
        );
        let doc = parse(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nPreferred-Languages: en,,nl\n",
        );
        assert_eq!(reading_at(&doc, 3), Some(Reading::NotLanguageTag("")));
    }

    #[test]
    fn language_tag_grammar() {
        for ok in [
            "en",
            "NL",
            "nl-NL",
            "zh-Hant",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "es-419",
            "de-CH-1901",
            "sl-rozaj-biske",
            "de-DE-u-co-phonebk",
            "en-x-private",
            "x-whatever",
            "i-klingon",
            "en-GB-oed",
            "zh-yue-HK",
            "hy-Latn-IT-arevela",
            "en-a-bbb-x-a-ccc",
            "art-lojban",
            "ast",
        ] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english-language-x",
            "en_GB",
            "en-",
            "-en",
            "en--gb",
            "x",
            "en-x",
            "en-a",
            "en-a-b",
            "123",
            "en-GB-x-toolongsubtag",
            "nl NL",
            "i-foo",
            "abcdefghi",
            "en-US-US-US",
            "\u{e9}n",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn dash_escaping() {
        let body = "Contact: https://a.nl/c\n-Foo: bar\nExpires: 2026-01-01T00:00:00Z\n";
        let doc = parse(&sign(body));
        assert!(doc.syntax.is_empty(), "{:?}", doc.syntax);
        assert_eq!(doc.values("-Foo").collect::<Vec<_>>(), vec!["bar"]);
        let unescaped = sign(body).replace("- -Foo", "-Foo");
        let doc = parse(&unescaped);
        assert_eq!(
            doc.syntax,
            vec![Syntax {
                line: Some(5),
                kind: SyntaxKind::BrokenSignature {
                    reason: "a line starting with '-' is not dash-escaped"
                }
            }]
        );
    }

    /// The lines of the signature block's data (between its blank line and the checksum).
    fn signature_data(signed: &str) -> Vec<&str> {
        let block = signed
            .split_once("-----BEGIN PGP SIGNATURE-----\n\n")
            .map_or("", |(_, b)| b);
        block.lines().take_while(|l| !l.starts_with('=')).collect()
    }

    #[test]
    fn pgp_structure_errors() {
        let good = sign("Contact: https://a.nl/c\nExpires: 2026-01-01T00:00:00Z\n");
        let data = signature_data(&good);
        let first = data[0];
        let checksum = good
            .lines()
            .find(|l| l.starts_with('=') && l.len() == 5)
            .unwrap_or_default();
        let broken = [
            good.replace("-----BEGIN PGP SIGNATURE-----\n", ""),
            good.replace("-----END PGP SIGNATURE-----\n", ""),
            good.replace(
                "-----BEGIN PGP SIGNATURE-----\n",
                "-----BEGIN PGP SIGNATURE-----\n- \n",
            ),
            good.replacen("\n\n", "\n", 1),
            good.replace("Hash: SHA256\n", "Hash: SHA256\nComment: x\n"),
            good.replace("Hash: SHA256\n", "Hash: SHA512\n"),
            good.replace("Hash: SHA256\n", "Hash: SHA999\n"),
            good.replace(first, &first.replacen('A', "!", 1)),
            good.replace(checksum, &format!("{checksum}\nZZZZ")),
            good.replace(checksum, &format!("{checksum}A")),
            good.replace(&format!("{}\n", data.join("\n")), ""),
            good.replace(&format!("\n{first}\n"), &format!("\n\n{first}\n")),
            good.replace(first, "QUJDREVG"),
        ];
        for (i, t) in broken.iter().enumerate() {
            let doc = parse(t);
            assert_eq!(
                lines_of(&doc, |k| matches!(k, SyntaxKind::BrokenSignature { .. })).len(),
                1,
                "case {i}: {:?}",
                doc.syntax
            );
            assert!(doc.signed);
            assert_eq!(doc.verify(&zoo_key()), None, "case {i}");
        }
    }

    #[test]
    fn signatures_verified() {
        let body = "Contact: https://a.nl/c\nExpires: 2026-01-01T00:00:00Z\n";
        let good = sign(body);
        let doc = parse(&good);
        assert!(doc.syntax.is_empty(), "{:?}", doc.syntax);
        let fingerprint = "4CA0EB1A7B1D8F20EB390CFC88F76871A19363B5".to_string();
        assert_eq!(
            doc.verify(&zoo_key()),
            Some(Verification::Valid {
                fingerprint: fingerprint.clone()
            })
        );
        // Trailing whitespace is not signed (RFC 4880 §7.1), CRLF and LF hash alike.
        let relaxed = good.replace("a.nl/c\n", "a.nl/c  \n").replace('\n', "\r\n");
        let doc = parse(&relaxed);
        assert!(doc.syntax.is_empty(), "{:?}", doc.syntax);
        assert!(matches!(
            doc.verify(&zoo_key()),
            Some(Verification::Valid { .. })
        ));
        // A changed text: the hash the signature carries no longer matches, without a key.
        let changed = parse(&good.replace("2026-01-01", "2027-01-01"));
        assert_eq!(kinds(&changed), vec![&SyntaxKind::SignatureMismatch]);
        assert_eq!(
            changed.verify(&zoo_key()),
            Some(Verification::Invalid { fingerprint })
        );
        let other = read_public_keys(include_str!("security_txt_zoo/other-key.asc")).unwrap();
        assert!(matches!(
            doc.verify(&other),
            Some(Verification::OtherSigner { issuers }) if issuers.contains(&"4CA0EB1A7B1D8F20EB390CFC88F76871A19363B5".to_string())
        ));
        assert_eq!(parse(body).verify(&zoo_key()), None);
        assert_eq!(doc.verify(&[]), None);
        let forged = parse(&with_forged_signature_value(&good));
        assert!(forged.syntax.is_empty(), "{:?}", forged.syntax);
        assert!(matches!(
            forged.verify(&zoo_key()),
            Some(Verification::Invalid { .. })
        ));
        assert!(read_public_keys("not a key").is_err());
        assert!(read_public_keys(include_str!("security_txt_zoo/zoo-secret-key.asc")).is_err());
    }

    /// A hash algorithm rpgp cannot compute says nothing about whether the text changed:
    /// the signature is reported as not checkable, never as damaged.
    #[test]
    fn uncomputable_hash_is_not_a_mismatch() {
        let good = sign("Contact: https://a.nl/c\n").replace("Hash: SHA256\n", "");
        // A new-format packet with a one-octet length: tag, length, version 4, type, key
        // algorithm, hash algorithm (RFC 9580 §5.2.3); 110 is a private hash algorithm.
        let unknown_hash = with_signature_packet(&good, |packet| {
            assert_eq!((packet[0] & 0x40, packet[2]), (0x40, 4), "{packet:?}");
            assert!(packet[1] < 192);
            packet[5] = 110;
        });
        let doc = parse(&unknown_hash);
        assert_eq!(
            kinds(&doc),
            vec![&SyntaxKind::BrokenSignature {
                reason: "the signature's hash cannot be computed (unsupported hash algorithm)"
            }]
        );
        assert_eq!(doc.verify(&zoo_key()), None);
    }

    #[test]
    fn signature_armor_headers_accepted() {
        let t = sign("Contact: https://a.nl/c\nExpires: 2026-01-01T00:00:00Z\n").replace(
            "-----BEGIN PGP SIGNATURE-----\n\n",
            "-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v2\nComment: hallo\n\n",
        );
        assert!(parse(&t).syntax.is_empty());
        // Multiple Hash headers in the signed-message header.
        let t = sign("Contact: https://a.nl/c\n")
            .replace("Hash: SHA256\n", "Hash: SHA512\nHash: SHA256\n");
        assert!(parse(&t).syntax.is_empty());
        let t =
            sign("Contact: https://a.nl/c\n").replace("Hash: SHA256\n", "Hash: SHA512, SHA256\n");
        assert!(parse(&t).syntax.is_empty());
        // RFC 9580 §7.1: the Hash header may be left out.
        let t = sign("Contact: https://a.nl/c\n").replace("Hash: SHA256\n", "");
        assert!(parse(&t).syntax.is_empty());
    }

    #[test]
    fn signature_without_header() {
        let t = "Contact: https://a.nl/c\n-----BEGIN PGP SIGNATURE-----\n\nabcd\n-----END PGP SIGNATURE-----\n";
        let doc = parse(t);
        assert!(!doc.signed);
        assert_eq!(
            lines_of(&doc, |k| matches!(k, SyntaxKind::BrokenSignature { .. })),
            vec![Some(2)]
        );
        assert_eq!(doc.syntax.len(), 1);
        assert_eq!(doc.fields.len(), 1);
    }

    #[test]
    fn signed_header_not_first() {
        let t = format!("# intro\n{}", sign("Contact: https://a.nl/c\n"));
        let doc = parse(&t);
        assert!(doc.signed);
        assert_eq!(
            doc.syntax,
            vec![Syntax {
                line: Some(2),
                kind: SyntaxKind::SignedHeaderNotFirst
            }]
        );
        // Fields and broken lines before the header are outside the signed body: they give
        // no fields and are reported only as the header not being first.
        let t = format!(
            "Contact: mailto:evil@x.nl\noops\n{}",
            sign("Contact: https://a.nl/c\n")
        );
        let doc = parse(&t);
        assert_eq!(
            doc.syntax,
            vec![Syntax {
                line: Some(3),
                kind: SyntaxKind::SignedHeaderNotFirst
            }]
        );
        assert_eq!(
            doc.values("contact").collect::<Vec<_>>(),
            vec!["https://a.nl/c"]
        );
    }

    #[test]
    fn data_after_signature() {
        let t = format!(
            "{}\nContact: mailto:evil@x.nl\nmore\n",
            sign("Contact: https://a.nl/c\n")
        );
        let doc = parse(&t);
        assert_eq!(kinds(&doc), vec![&SyntaxKind::TextAfterSignature]);
        // Unsigned trailing fields are not taken.
        assert_eq!(
            doc.values("contact").collect::<Vec<_>>(),
            vec!["https://a.nl/c"]
        );
    }

    #[test]
    fn armor_headers_not_fields() {
        let doc = parse(&sign("Contact: https://a.nl/c\n"));
        assert!(doc.values("hash").next().is_none());
    }

    #[test]
    fn unknown_fields_and_csaf() {
        let doc = parse(
            "Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\nEncryption: https://a.nl/k\n\
             X-Custom: yes\nCSAF: https://a.nl/.well-known/csaf/provider-metadata.json\nCSAF: https://a.nl/csaf/index.json\n",
        );
        assert_eq!(reading_at(&doc, 4), Some(Reading::Undefined));
        assert!(matches!(reading_at(&doc, 5), Some(Reading::Uri(_))));
        assert!(matches!(
            reading_at(&doc, 6),
            Some(Reading::CsafNotProviderMetadata(_))
        ));
        let lines: Vec<usize> = doc.named("csaf").map(|f| f.line).collect();
        assert_eq!(lines, vec![5, 6]);
        // The last path segment is the file's name, exactly.
        let doc = parse(
            "CSAF: https://a.nl/xprovider-metadata.json\nCSAF: https://a.nl/provider-metadata.json.bak\n\
             CSAF: https://a.nl/provider-metadata.json\n",
        );
        assert!(matches!(
            reading_at(&doc, 1),
            Some(Reading::CsafNotProviderMetadata(_))
        ));
        assert!(matches!(
            reading_at(&doc, 2),
            Some(Reading::CsafNotProviderMetadata(_))
        ));
        assert!(matches!(reading_at(&doc, 3), Some(Reading::Uri(_))));
    }

    /// Every file of the zoo gives the observations `expected.tsv` lists for it, and every
    /// file is listed.
    #[test]
    fn the_zoo() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wire/text/security_txt_zoo");
        let expected = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
        let keys = zoo_key();
        let mut wrong = Vec::new();
        let mut listed = Vec::new();
        for line in expected.lines().filter(|l| !l.starts_with('#')) {
            let (name, want) = line.split_once('\t').unwrap_or_else(|| panic!("{line:?}"));
            let bytes = std::fs::read(dir.join(format!("{name}.txt"))).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let got = zoo_observations(&parse(&text), &keys).join(",");
            let got = if got.is_empty() { "-".to_string() } else { got };
            if got != want {
                wrong.push(format!("{name}: parser {got}, zoo {want}"));
            }
            listed.push(format!("{name}.txt"));
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        files.sort();
        listed.sort();
        assert_eq!(files, listed);
        assert!(listed.len() >= 100, "{} files", listed.len());
    }

    #[test]
    fn every_observation_can_be_produced() {
        use std::collections::HashSet;
        use std::mem::discriminant;
        let docs: Vec<SecurityTxt> = texts_with_every_observation()
            .iter()
            .map(|t| parse(t))
            .collect();
        let mut syntax = HashSet::new();
        let mut occurrences = HashSet::new();
        let mut readings = HashSet::new();
        for doc in &docs {
            syntax.extend(doc.syntax.iter().map(|s| discriminant(&s.kind)));
            occurrences.extend(doc.occurrences.iter().map(discriminant));
            readings.extend(doc.fields.iter().map(|f| discriminant(&f.reading())));
        }
        // As many as the enums have variants.
        assert_eq!(syntax.len(), 13);
        assert_eq!(occurrences.len(), 4);
        assert_eq!(readings.len(), 8);
    }

    #[test]
    fn huge_inputs_are_linear() {
        let junk = "x\n".repeat(100_000);
        let doc = parse(&junk);
        assert_eq!(doc.syntax.len(), 100_000);
        let fields = "Contact: mailto:a@b.nl\n".repeat(50_000);
        assert_eq!(parse(&fields).fields.len(), 50_000);
        let long_line = format!("Preferred-Languages: {}\n", "en,".repeat(200_000));
        assert_eq!(
            parse(&long_line).fields[0].reading(),
            Reading::NotLanguageTag("")
        );
        let long_uri = format!("Contact: https://a.nl/{}\n", "a".repeat(1_000_000));
        assert!(matches!(
            parse(&long_uri).fields[0].reading(),
            Reading::Uri(_)
        ));
        let sig = sign("Contact: https://a.nl/c\n").replace(
            "-----BEGIN PGP SIGNATURE-----\n\n",
            &format!(
                "-----BEGIN PGP SIGNATURE-----\n\n{}",
                "QUJD\n".repeat(100_000)
            ),
        );
        assert!(matches!(
            kinds(&parse(&sig))[..],
            [SyntaxKind::BrokenSignature { .. }]
        ));
    }

    fn field_name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Contact".to_string()),
            Just("Expires".to_string()),
            Just("Encryption".to_string()),
            Just("Policy".to_string()),
            Just("Canonical".to_string()),
            "[A-Za-z][A-Za-z0-9-]{0,15}",
        ]
    }

    fn field_value() -> impl Strategy<Value = String> {
        prop_oneof![
            "https://[a-z]{1,8}\\.nl/[a-z]{0,8}",
            "mailto:[a-z]{1,8}@[a-z]{1,8}\\.nl",
            "20[2-3][0-9]-0[1-9]-[0-2][0-9]T[01][0-9]:[0-5][0-9]:[0-5][0-9]Z",
            "[!-~][ -~]{0,30}[!-~]",
            "[!-~]",
        ]
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let doc = parse(&s);
            for f in &doc.fields {
                let _ = f.reading();
            }
        }

        #[test]
        fn never_panics_structured(
            lines in prop::collection::vec(prop_oneof![
                Just("-----BEGIN PGP SIGNED MESSAGE-----".to_string()),
                Just("-----BEGIN PGP SIGNATURE-----".to_string()),
                Just("-----END PGP SIGNATURE-----".to_string()),
                Just("Hash: SHA256".to_string()),
                Just(String::new()),
                Just("- Contact: mailto:a@b.nl".to_string()),
                "[ -~]{0,40}",
                "[A-Za-z-]{1,10}: [ -~]{0,30}",
            ], 0..20),
            crlf in any::<bool>(),
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let doc = parse(&text);
            let syntax_lines = doc.syntax.iter().filter_map(|s| s.line);
            let field_lines = doc.fields.iter().map(|f| f.line);
            let occurrence_lines = doc.occurrences.iter().filter_map(|o| match o {
                Occurrence::RepeatedExpires { line, .. } | Occurrence::RepeatedLanguages { line, .. } => Some(*line),
                Occurrence::NoContact | Occurrence::NoExpires => None,
            });
            for l in syntax_lines.chain(field_lines).chain(occurrence_lines) {
                prop_assert!(l >= 1 && l <= lines.len().max(1));
            }
        }

        #[test]
        fn mutated_signed_file_never_panics(pos in any::<prop::sample::Index>(), ins in any::<char>(), del in any::<bool>()) {
            let mut chars: Vec<char> = sign(&good_body()).chars().collect();
            let i = pos.index(chars.len());
            if del { chars.remove(i); } else { chars.insert(i, ins); }
            let s: String = chars.into_iter().collect();
            for f in &parse(&s).fields {
                let _ = f.reading();
            }
        }

        #[test]
        fn round_trip_unsigned(
            fields in prop::collection::vec((field_name(), field_value()), 0..12),
            crlf in any::<bool>(),
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = String::from("# generated");
            text.push_str(eol);
            for (n, v) in &fields {
                text.push_str(&format!("{n}: {v}{eol}"));
            }
            let doc = parse(&text);
            prop_assert!(!doc.signed);
            prop_assert_eq!(&doc.syntax, &Vec::new());
            let expect: Vec<Field> = fields.iter().enumerate().map(|(i, (n, v))| Field {
                name: n.clone(), value: v.clone(), line: i + 2,
            }).collect();
            prop_assert_eq!(&doc.fields, &expect);
        }

        #[test]
        fn round_trip_signed(fields in prop::collection::vec((field_name(), field_value()), 0..12)) {
            let body: String = fields.iter().map(|(n, v)| format!("{n}: {v}\n")).collect();
            let doc = parse(&sign(&body));
            prop_assert!(doc.signed);
            prop_assert_eq!(&doc.syntax, &Vec::new());
            let expect: Vec<Field> = fields.iter().enumerate().map(|(i, (n, v))| Field {
                name: n.clone(), value: v.clone(), line: i + 4,
            }).collect();
            prop_assert_eq!(&doc.fields, &expect);
        }

        #[test]
        fn expires_round_trip(
            y in 1970i32..9999, mo in 1u8..=12, d in 1u8..=28, h in 0u8..24, mi in 0u8..60, s in 0u8..60,
            oh in -23i8..=23, om in 0i8..60,
        ) {
            let om = if oh < 0 { -om } else { om };
            let text = format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{}{:02}:{:02}",
                if oh < 0 || (oh == 0 && om < 0) { '-' } else { '+' },
                oh.unsigned_abs(),
                om.unsigned_abs()
            );
            let parsed = parse_expires(&text);
            prop_assert!(parsed.is_some(), "{}", text);
            if let Some(t) = parsed {
                prop_assert_eq!(t.year(), y);
                prop_assert_eq!(u8::from(t.month()), mo);
                prop_assert_eq!(t.day(), d);
                prop_assert_eq!((t.hour(), t.minute(), t.second()), (h, mi, s));
                prop_assert_eq!(t.offset().whole_hours(), oh);
            }
        }

        #[test]
        fn language_tag_checker_never_panics(s in "[a-zA-Z0-9-]{0,30}") {
            let _ = is_language_tag(&s);
        }
    }
}
