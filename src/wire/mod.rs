//! Wire formats, socket-free: what servers send, as typed codecs and parsers, and the
//! registries that name it.
//!
//! This layer imports nothing else of pastoe. Everything here reads bytes or text a scanned
//! server chose to send, so every decoder accepts any input without panicking, within hard
//! limits and in time linear in the input.
//!
//! - [`tls`]: TLS records and handshake messages, the ClientHello builder, certificate and
//!   DANE analysis, the IANA registries.
//! - [`text`]: the text formats of DNS TXT records, HTTP headers and well-known files (SPF,
//!   DMARC, DKIM, HSTS, CSP, MTA-STS, TLS-RPT, security.txt, Referrer-Policy).
//! - [`rpki`]: route origin validation of an address against a VRP set (RFC 6811).
//! - [`as_names`]: who holds an AS number, from RIPE's `asn.txt`.

pub mod a11y_register;
pub mod as_names;
pub mod dnssec;
pub mod document;
pub mod html;
pub mod rpki;
pub mod smtp;
pub mod ssh;
pub mod text;
pub mod tls;

/// Why an input file (VRPs, routes, AS names) could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum TextFileError {
    #[error("cannot read {path}: {error}")]
    Read {
        path: String,
        #[source]
        error: std::io::Error,
    },
    #[error("{path}: the file is gzip-compressed; decompress it first (for example with gunzip)")]
    Compressed { path: String },
    #[error("{file}: line {line}: not UTF-8 text")]
    NotText { file: String, line: usize },
}

/// Why a line-oriented input file (AS names, the accessibility register) was refused: it
/// could not be read, or a line is malformed, named by its number.
#[derive(Debug, thiserror::Error)]
pub enum LineFileError {
    #[error(transparent)]
    File(#[from] TextFileError),
    #[error("{file}: line {line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
}

/// Reads a file as UTF-8 text, with clear errors for gzip and binary files.
fn read_text_file(path: &std::path::Path) -> Result<String, TextFileError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| TextFileError::Read {
        path: name.clone(),
        error,
    })?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(TextFileError::Compressed { path: name });
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        TextFileError::NotText {
            file: name,
            line: 1 + good.iter().filter(|&&b| b == b'\n').count(),
        }
    })
}
