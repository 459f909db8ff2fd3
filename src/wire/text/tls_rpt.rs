//! SMTP TLS Reporting records (RFC 8460 §3): the `_smtp._tls` TXT record that says where
//! senders send their daily reports about TLS failures.
//!
//! Choices:
//! - `v=TLSRPTv1`, `rua` and the field names are compared case-sensitively (`%s` in the
//!   ABNF); URI schemes case-insensitively, as URIs have them.
//! - A `rua` URI is `mailto:` with an address or `https:` with a host (§3); every other
//!   scheme, and an empty list entry, is `bad_uri`.
//! - Linear in the input; no recursion.
#![forbid(unsafe_code)]

use serde::Serialize;

pub use super::smtp_tls_grammar::SyntaxError;
use super::smtp_tls_grammar::{Field, WSP, fields, is_extension_value, is_host_name, is_versioned};

const RECORD_VERSION: &str = "v=TLSRPTv1";

/// True for a TXT record whose first field is `v=TLSRPTv1`: the ones §3 keeps.
pub fn is_tls_rpt(text: &str) -> bool {
    is_versioned(text, RECORD_VERSION)
}

/// Where reports go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "scheme")]
pub enum ReportUri {
    /// Reports by mail (§5.3).
    Mailto {
        uri: String,
        /// The host part of the address, lower case.
        mail_domain: String,
    },
    /// Reports by HTTPS POST (§5.3).
    Https { uri: String },
}

/// A parsed `_smtp._tls` TXT record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct TlsRptRecord {
    /// The valid `rua` URIs, in order.
    pub rua: Vec<ReportUri>,
    /// Codes: `not_tls_rpt`, `version_not_first`, `missing_rua`, `bad_uri`, `bad_field`,
    /// `duplicate_field`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<SyntaxError>,
}

/// Parses one `_smtp._tls` TXT record.
pub fn parse(text: &str) -> TlsRptRecord {
    let mut record = TlsRptRecord::default();
    let Some(fields) = fields(text, RECORD_VERSION, "not_tls_rpt", &mut record.errors) else {
        return record;
    };
    let mut has_rua = false;
    for Field { text, name, value } in fields {
        match name {
            "rua" if has_rua => record
                .errors
                .push(SyntaxError::new("duplicate_field", text)),
            "rua" => {
                has_rua = true;
                // `tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)`
                for uri in value.split(',').map(|uri| uri.trim_matches(WSP)) {
                    match report_uri(uri) {
                        Some(uri) => record.rua.push(uri),
                        None => record.errors.push(SyntaxError::new("bad_uri", uri)),
                    }
                }
            }
            _ if !is_extension_value(value) => {
                record.errors.push(SyntaxError::new("bad_field", text))
            }
            // Extensions are allowed and carry nothing pastoe uses.
            _ => {}
        }
    }
    if !has_rua {
        record.errors.push(SyntaxError::new("missing_rua", "rua"));
    }
    record
}

/// `mailto:local@host[?hfields]` or an `https:` URL with a host.
fn report_uri(uri: &str) -> Option<ReportUri> {
    if !uri.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let (scheme, rest) = uri.split_once(':')?;
    if scheme.eq_ignore_ascii_case("mailto") {
        let address = rest.split_once('?').map_or(rest, |(address, _)| address);
        let (local, host) = address.rsplit_once('@')?;
        (!local.is_empty() && is_host_name(host)).then(|| ReportUri::Mailto {
            uri: uri.to_string(),
            mail_domain: host.to_ascii_lowercase(),
        })
    } else if scheme.eq_ignore_ascii_case("https") {
        let url = url::Url::parse(uri).ok()?;
        url.host_str()
            .is_some_and(|host| !host.is_empty())
            .then(|| ReportUri::Https {
                uri: uri.to_string(),
            })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        parse(text).errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn the_rfc_records() {
        // §3's examples.
        let r = parse("v=TLSRPTv1;rua=mailto:reports@example.com");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(
            r.rua,
            [ReportUri::Mailto {
                uri: "mailto:reports@example.com".into(),
                mail_domain: "example.com".into()
            }]
        );
        let r = parse("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({
                "rua": [{"scheme": "https", "uri": "https://reporting.example.com/v1/tlsrpt"}],
            })
        );
        assert!(is_tls_rpt(
            "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt"
        ));
    }

    #[test]
    fn several_uris_and_extensions() {
        let r = parse(
            "v=TLSRPTv1; rua=mailto:tls@Rapport.Example.NL?subject=x , HTTPS://r.example.nl/ ;ext=1;",
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.rua.len(), 2);
        assert!(
            matches!(&r.rua[0], ReportUri::Mailto { mail_domain, .. } if mail_domain == "rapport.example.nl")
        );
    }

    #[test]
    fn problems_have_codes() {
        assert_eq!(
            codes("rua=mailto:a@b.nl; v=TLSRPTv1"),
            ["version_not_first"]
        );
        assert_eq!(codes("v=DMARC1; p=none"), ["not_tls_rpt"]);
        assert_eq!(codes("v=TLSRPTv1"), ["missing_rua"]);
        assert_eq!(codes("v=TLSRPTv1; RUA=mailto:a@b.nl"), ["missing_rua"]);
        assert_eq!(
            codes(
                "v=TLSRPTv1; rua=mailto:nobody,mailto:@b.nl,http://r.nl/,https://,,ftp://r.nl/,mailto:a b@c.nl"
            ),
            ["bad_uri"; 7]
        );
        assert_eq!(
            codes("v=TLSRPTv1; rua=mailto:a@b.nl; rua=mailto:c@d.nl; v=TLSRPTv1; x; y=a=b"),
            [
                "duplicate_field",
                "bad_field",
                "duplicate_field",
                "bad_field"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,300}") {
            let _ = parse(&text);
            let _ = parse(&format!("v=TLSRPTv1; rua={text}"));
        }
    }
}
