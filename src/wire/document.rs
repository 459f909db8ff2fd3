//! Documents by their bytes, not their names: PDF (and the PDF/A claim in its XMP
//! metadata), ODF, OOXML and the legacy binary Office format (OLE2). Reads a prefix of a
//! file as fetched; any input, however damaged or hostile, gives an answer: a metadata
//! stream is inflated up to [`INFLATE_LIMIT`] bytes and no further, so a compression bomb
//! costs that and is reported as unreadable.

use std::io::Read;

use serde::{Deserialize, Serialize};

/// At most this many bytes of one compressed metadata stream are inflated. An XMP packet
/// is a few kilobytes (with its padding rarely more than 10 kB); a stream that inflates
/// beyond a megabyte is not metadata a reader should trust.
pub const INFLATE_LIMIT: usize = 1024 * 1024;
/// At most this many compressed metadata streams are inflated per file (a PDF has one in
/// its catalog, a few more for pages or fonts that carry their own).
const METADATA_STREAMS: usize = 8;
/// How far before a `stream` keyword its dictionary is looked for.
const DICTIONARY_WINDOW: usize = 4096;
/// At most this many `stream` keywords are looked at (each costs a look at the
/// [`DICTIONARY_WINDOW`] before it): a file made of nothing but the keyword costs a few
/// megabytes of comparisons, not gigabytes; the first 2 MiB of a real PDF hold far fewer.
const STREAM_KEYWORDS: usize = 4096;

/// What the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    /// `%PDF-`.
    Pdf,
    /// OpenDocument: a ZIP whose first entry is `mimetype`, stored, with
    /// `application/vnd.oasis.opendocument.*`.
    Odf,
    /// Office Open XML: a ZIP with `[Content_Types].xml`.
    Ooxml,
    /// The legacy binary Office formats (.doc, .xls, .ppt): an OLE2 compound file.
    LegacyOffice,
    /// Anything else (an HTML page where a document was linked, another ZIP).
    Other,
}

/// A PDF's claim of PDF/A conformance (ISO 19005) in its XMP metadata. A claim, not a
/// validation: the file may not conform to the part it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfaClaim {
    /// `pdfaid:part`: 1, 2, 3 or 4.
    pub part: String,
    /// `pdfaid:conformance`: A, B or U (PDF/A-4 has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conformance: Option<String>,
}

/// What a file's bytes said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sniffed {
    pub format: DocumentFormat,
    /// An ODF file's `mimetype` (`application/vnd.oasis.opendocument.text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mimetype: Option<String>,
    /// A PDF's PDF/A claim, when it makes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdfa: Option<PdfaClaim>,
    /// Why a PDF's metadata could not be read (damaged, a bomb, longer than was read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Sniffed {
    fn format(format: DocumentFormat) -> Sniffed {
        Sniffed {
            format,
            mimetype: None,
            pdfa: None,
            error: None,
        }
    }
}

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_LOCAL_HEADER: &[u8] = b"PK\x03\x04";
const ODF_MIMETYPE_PREFIX: &str = "application/vnd.oasis.opendocument.";

/// Sniffs `bytes`, the first bytes of a file; `truncated` says the file went on beyond
/// them (so a missing end marker or claim may lie further on).
pub fn sniff(bytes: &[u8], truncated: bool) -> Sniffed {
    if bytes.starts_with(b"%PDF-") {
        return pdf(bytes, truncated);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        return Sniffed::format(DocumentFormat::LegacyOffice);
    }
    if bytes.starts_with(ZIP_LOCAL_HEADER) {
        return zip(bytes);
    }
    Sniffed::format(DocumentFormat::Other)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
}

/// A ZIP: ODF when its first entry is the stored `mimetype` (ODF 1.2 part 3, §3.3), OOXML
/// when it has a `[Content_Types].xml` part (ECMA-376 part 2, §10.1.2.4).
fn zip(bytes: &[u8]) -> Sniffed {
    if let Some(mimetype) = odf_mimetype(bytes) {
        return Sniffed {
            mimetype: Some(mimetype),
            ..Sniffed::format(DocumentFormat::Odf)
        };
    }
    if find(bytes, b"[Content_Types].xml").is_some() {
        return Sniffed::format(DocumentFormat::Ooxml);
    }
    Sniffed::format(DocumentFormat::Other)
}

/// The first entry's content when it is an uncompressed `mimetype` naming an ODF type.
fn odf_mimetype(bytes: &[u8]) -> Option<String> {
    let method = u16_at(bytes, 8)?;
    let size = u32_at(bytes, 18)?;
    let name_len = u16_at(bytes, 26)?;
    let extra_len = u16_at(bytes, 28)?;
    let name = bytes.get(30..30 + name_len)?;
    if name != b"mimetype" || method != 0 {
        return None;
    }
    let start = 30 + name_len + extra_len;
    let content = std::str::from_utf8(bytes.get(start..start.checked_add(size)?)?).ok()?;
    content
        .starts_with(ODF_MIMETYPE_PREFIX)
        .then(|| content.to_string())
}

/// A PDF: the PDF/A claim in an uncompressed XMP packet, else in a FlateDecode metadata
/// stream. Without a claim, a file that ends without `%%EOF` is damaged.
fn pdf(bytes: &[u8], truncated: bool) -> Sniffed {
    let mut sniffed = Sniffed::format(DocumentFormat::Pdf);
    if let Some(claim) = claim_in(bytes) {
        sniffed.pdfa = Some(claim);
        return sniffed;
    }
    let mut errors = Vec::new();
    for data in compressed_metadata(bytes).take(METADATA_STREAMS) {
        match inflate(data) {
            Ok(xmp) => {
                if let Some(claim) = claim_in(&xmp) {
                    sniffed.pdfa = Some(claim);
                    return sniffed;
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if let Some(first) = errors.into_iter().next() {
        sniffed.error = Some(first);
    } else if truncated {
        sniffed.error = Some(format!(
            "no PDF/A claim in the first {} bytes; the file is longer and was not read to its end",
            bytes.len()
        ));
    } else if find(tail(bytes, 1024), b"%%EOF").is_none() {
        sniffed.error = Some("damaged: the file does not end with %%EOF".to_string());
    }
    sniffed
}

fn tail(bytes: &[u8], n: usize) -> &[u8] {
    &bytes[bytes.len().saturating_sub(n)..]
}

/// The data of every stream whose dictionary says `/Type /Metadata` and `/FlateDecode`,
/// from just after its `stream` keyword to the end of the bytes (the zlib stream ends
/// itself; `/Length` is not trusted).
fn compressed_metadata(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut at = 0;
    let mut looked = 0;
    std::iter::from_fn(move || {
        loop {
            looked += 1;
            if looked > STREAM_KEYWORDS {
                return None;
            }
            let found = at + find(&bytes[at..], b"stream")?;
            at = found + b"stream".len();
            if bytes[..found].ends_with(b"end") {
                continue;
            }
            let dictionary = &bytes[found.saturating_sub(DICTIONARY_WINDOW)..found];
            let dictionary = match rfind(dictionary, b"obj") {
                Some(i) => &dictionary[i..],
                None => dictionary,
            };
            let squeezed: Vec<u8> = dictionary
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            if find(&squeezed, b"/Type/Metadata").is_none()
                || find(&squeezed, b"/FlateDecode").is_none()
            {
                continue;
            }
            let data = match bytes.get(at..at + 2) {
                Some(b"\r\n") => at + 2,
                Some([b'\n', _]) => at + 1,
                _ => continue,
            };
            return Some(&bytes[data..]);
        }
    })
}

/// Inflates a zlib stream up to [`INFLATE_LIMIT`] bytes.
fn inflate(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let limit = INFLATE_LIMIT as u64 + 1;
    flate2::read::ZlibDecoder::new(data)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| format!("damaged: a metadata stream does not inflate ({e})"))?;
    if out.len() > INFLATE_LIMIT {
        return Err(format!(
            "a metadata stream inflates to more than {INFLATE_LIMIT} bytes; not read further"
        ));
    }
    Ok(out)
}

/// `pdfaid:part` and `pdfaid:conformance` in XMP, as attributes (`pdfaid:part="1"`) or
/// elements (`<pdfaid:part>1</pdfaid:part>`).
fn claim_in(xmp: &[u8]) -> Option<PdfaClaim> {
    let part = property(xmp, "part")?;
    Some(PdfaClaim {
        part,
        conformance: property(xmp, "conformance"),
    })
}

fn property(xmp: &[u8], name: &str) -> Option<String> {
    let key = format!("pdfaid:{name}");
    let mut from = 0;
    while let Some(i) = find(&xmp[from..], key.as_bytes()) {
        let after = from + i + key.len();
        from = after;
        let rest = &xmp[after..];
        let value = match rest.first()? {
            // An attribute: `="1"` or `='1'`, spaces allowed around `=`.
            b'=' | b' ' | b'\t' | b'\r' | b'\n' => {
                let rest = trim_start(rest);
                let rest = trim_start(rest.strip_prefix(b"=")?);
                let quote = *rest.first()?;
                if quote != b'"' && quote != b'\'' {
                    continue;
                }
                let end = rest[1..].iter().position(|&b| b == quote)?;
                &rest[1..1 + end]
            }
            // An element: `>1</pdfaid:part>`.
            b'>' => {
                let end = rest[1..].iter().position(|&b| b == b'<')?;
                &rest[1..1 + end]
            }
            _ => continue,
        };
        let value = std::str::from_utf8(value).ok()?.trim();
        if !value.is_empty() && value.len() <= 16 {
            return Some(value.to_string());
        }
    }
    None
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixture files the test internet serves (written by
    /// fixtures/net/files/docs/make.py).
    fn fixture(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/net/files/docs")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn claim(part: &str, conformance: Option<&str>) -> Option<PdfaClaim> {
        Some(PdfaClaim {
            part: part.to_string(),
            conformance: conformance.map(str::to_string),
        })
    }

    #[test]
    fn a_claim_as_attributes_in_plain_xmp() {
        let s = sniff(&fixture("pdfa.pdf"), false);
        assert_eq!(s.format, DocumentFormat::Pdf);
        assert_eq!(s.pdfa, claim("2", Some("B")));
        assert_eq!(s.error, None);
    }

    #[test]
    fn a_claim_as_elements_in_a_flate_stream() {
        let bytes = fixture("pdfa-flate.pdf");
        assert!(find(&bytes, b"pdfaid").is_none(), "the XMP is compressed");
        let s = sniff(&bytes, false);
        assert_eq!(s.pdfa, claim("1", Some("A")));
        assert_eq!(s.error, None);
    }

    #[test]
    fn a_pdf_without_a_claim() {
        let s = sniff(&fixture("plain.pdf"), false);
        assert_eq!(
            (s.format, s.pdfa, s.error),
            (DocumentFormat::Pdf, None, None)
        );
    }

    #[test]
    fn a_damaged_pdf_is_unreadable() {
        let s = sniff(&fixture("damaged.pdf"), false);
        assert_eq!(s.format, DocumentFormat::Pdf);
        assert_eq!(s.pdfa, None);
        assert!(s.error.unwrap().starts_with("damaged"));
    }

    #[test]
    fn a_bomb_costs_the_cap_and_is_unreadable() {
        let bytes = fixture("bomb.pdf");
        assert!(bytes.len() < 100_000, "a small file");
        let s = sniff(&bytes, false);
        assert_eq!(s.pdfa, None);
        assert!(
            s.error.unwrap().contains("more than"),
            "the cap is reported"
        );
    }

    #[test]
    fn a_long_pdf_read_in_part_says_so() {
        let s = sniff(&fixture("plain.pdf"), true);
        assert!(s.error.unwrap().contains("not read to its end"));
    }

    #[test]
    fn office_formats_by_their_bytes() {
        let odt = sniff(&fixture("notulen.odt"), false);
        assert_eq!(odt.format, DocumentFormat::Odf);
        assert_eq!(
            odt.mimetype.as_deref(),
            Some("application/vnd.oasis.opendocument.text")
        );
        assert_eq!(
            sniff(&fixture("notulen.docx"), false).format,
            DocumentFormat::Ooxml
        );
        assert_eq!(
            sniff(&fixture("notulen.doc"), false).format,
            DocumentFormat::LegacyOffice
        );
        assert_eq!(
            sniff(b"<!doctype html><p>niet gevonden", false).format,
            DocumentFormat::Other
        );
    }

    #[test]
    fn a_corrupt_flate_stream_is_damaged() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Metadata /Subtype /XML /Filter /FlateDecode >>\nstream\nnot zlib at all\nendstream\nendobj\n%%EOF\n";
        let s = sniff(pdf, false);
        assert!(s.error.unwrap().starts_with("damaged"));
    }

    #[test]
    fn cut_headers_and_values_do_not_panic() {
        for bytes in [
            &b"%PDF-"[..],
            b"%PDF-1.4 pdfaid:part=",
            b"%PDF-1.4 pdfaid:part=\"1",
            b"%PDF-1.4 <pdfaid:part>1",
            b"%PDF-1.4 stream",
            b"%PDF-1.4 /Type/Metadata/FlateDecode stream\n",
            b"PK\x03\x04",
            b"PK\x03\x04\0\0\0\0\0\0\0\0\0\0\0\0\0\0\xff\xff\xff\xff\0\0\0\0\x08\0\0\0mimetype",
        ] {
            let _ = sniff(bytes, false);
            let _ = sniff(bytes, true);
        }
    }

    /// A file of nothing but `stream` keywords under metadata dictionaries is looked at up
    /// to the keyword cap, and answers.
    #[test]
    fn endless_stream_keywords_are_bounded() {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        while pdf.len() < 2 * 1024 * 1024 {
            pdf.extend_from_slice(b"<</Type/Metadata/Filter/FlateDecode>>stream\nx");
        }
        let s = sniff(&pdf, true);
        assert_eq!(s.format, DocumentFormat::Pdf);
        assert!(s.error.unwrap().starts_with("damaged"));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_an_answer(bytes: Vec<u8>, truncated: bool) {
            let _ = sniff(&bytes, truncated);
            let mut pdf = b"%PDF-1.7\n/Type/Metadata/FlateDecode stream\n".to_vec();
            pdf.extend(&bytes);
            let _ = sniff(&pdf, truncated);
        }
    }
}
