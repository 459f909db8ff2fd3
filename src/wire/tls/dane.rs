//! DANE: does a TLSA record (RFC 6698, usage and matching rules of RFC 7671) match the chain a
//! server presented. Pure: the caller brings the records (DNSSEC-validated, or the match means
//! nothing) and the chain from the handshake.
//!
//! Only DANE-TA (2) and DANE-EE (3) are evaluated, as internet.nl and SMTP DANE (RFC 7672
//! §3.1.3) do: PKIX-TA (0) and PKIX-EE (1) depend on a CA store the domain owner does not
//! control and are reported as ignored rather than judged.

use aws_lc_rs::digest;
use data_encoding::HEXLOWER_PERMISSIVE;
use serde::{Deserialize, Serialize};
use x509_parser::prelude::{FromDer, X509Certificate};

/// One TLSA record as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsaRecord {
    /// Certificate usage: 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE.
    pub usage: u8,
    /// 0 full certificate, 1 SubjectPublicKeyInfo.
    pub selector: u8,
    /// 0 exact, 1 SHA-256, 2 SHA-512.
    pub matching: u8,
    /// Certificate association data, hex (case and embedded whitespace as in zone files
    /// are accepted).
    pub data: String,
}

/// The outcome of matching one record against one chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "result")]
pub enum TlsaMatch {
    /// The record matches the certificate at this index of the presented chain (0 = leaf).
    Matched {
        certificate_index: usize,
    },
    NoMatch,
    /// PKIX-TA or PKIX-EE: not evaluated (see the module documentation).
    UsageIgnored,
    /// The record cannot match anything: unknown usage, selector or matching type, bad hex,
    /// or a digest of the wrong length (RFC 7671 §4 treats such records as unusable).
    Unusable {
        reason: String,
    },
}

/// Whether the record can take part in DANE authentication at all: usage DANE-TA or
/// DANE-EE, a known selector and matching type, and well-formed data.
pub fn usable(record: &TlsaRecord) -> bool {
    matches!(record.usage, 2 | 3) && association(record).is_ok()
}

/// Match one record against a presented chain, leaf first. DANE-EE looks at the leaf only;
/// DANE-TA at every certificate after it, because a trust anchor named by DANE-TA has to be
/// in the chain the server sends (RFC 7671 §5.2.2) for a client without that anchor.
pub fn matches(record: &TlsaRecord, chain_der: &[Vec<u8>]) -> TlsaMatch {
    let candidates = match record.usage {
        0 | 1 => return TlsaMatch::UsageIgnored,
        2 => 1..chain_der.len().max(1),
        3 => 0..chain_der.len().min(1),
        other => {
            return TlsaMatch::Unusable {
                reason: format!("unknown certificate usage {other}"),
            };
        }
    };
    let wanted = match association(record) {
        Ok(wanted) => wanted,
        Err(reason) => return TlsaMatch::Unusable { reason },
    };
    for index in candidates {
        let Some(selected) = select(record.selector, &chain_der[index]) else {
            continue;
        };
        let presented = match record.matching {
            1 => digest::digest(&digest::SHA256, selected).as_ref().to_vec(),
            2 => digest::digest(&digest::SHA512, selected).as_ref().to_vec(),
            _ => selected.to_vec(),
        };
        if presented == wanted {
            return TlsaMatch::Matched {
                certificate_index: index,
            };
        }
    }
    TlsaMatch::NoMatch
}

/// The association data as bytes, after checking selector, matching type and digest length.
fn association(record: &TlsaRecord) -> Result<Vec<u8>, String> {
    if record.selector > 1 {
        return Err(format!("unknown selector {}", record.selector));
    }
    let expected_len = match record.matching {
        0 => None,
        1 => Some(32),
        2 => Some(64),
        other => return Err(format!("unknown matching type {other}")),
    };
    let hex: String = record
        .data
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let data = HEXLOWER_PERMISSIVE
        .decode(hex.as_bytes())
        .map_err(|e| format!("association data is not hex: {e}"))?;
    match expected_len {
        Some(len) if data.len() != len => Err(format!(
            "association data is {} bytes, matching type {} needs {len}",
            data.len(),
            record.matching
        )),
        _ if data.is_empty() => Err("association data is empty".into()),
        _ => Ok(data),
    }
}

/// The bytes the selector names; `None` when the certificate does not parse far enough to
/// find its SubjectPublicKeyInfo.
fn select(selector: u8, der: &[u8]) -> Option<&[u8]> {
    if selector == 0 {
        return Some(der);
    }
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    Some(cert.tbs_certificate.subject_pki.raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use data_encoding::HEXUPPER;
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, PublicKeyData,
    };

    struct Chain {
        der: Vec<Vec<u8>>,
        spki: Vec<Vec<u8>>,
    }

    /// Leaf ← intermediate ← root, with each certificate's SPKI from rcgen's own key
    /// (not from the parser under test).
    fn chain() -> Chain {
        let ca = |cn: &str| {
            let mut p = CertificateParams::default();
            p.distinguished_name.push(DnType::CommonName, cn);
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            p
        };
        let root_key = KeyPair::generate().unwrap();
        let root_params = ca("DANE root");
        let root = root_params.self_signed(&root_key).unwrap();
        let root_issuer = Issuer::new(root_params, &root_key);
        let mid_key = KeyPair::generate().unwrap();
        let mid_params = ca("DANE intermediate");
        let mid = mid_params.signed_by(&mid_key, &root_issuer).unwrap();
        let mid_issuer = Issuer::new(mid_params, &mid_key);
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = CertificateParams::new(vec!["mail.example.nl".to_string()])
            .unwrap()
            .signed_by(&leaf_key, &mid_issuer)
            .unwrap();
        Chain {
            der: vec![leaf.der().to_vec(), mid.der().to_vec(), root.der().to_vec()],
            spki: vec![
                leaf_key.subject_public_key_info(),
                mid_key.subject_public_key_info(),
                root_key.subject_public_key_info(),
            ],
        }
    }

    fn data(bytes: &[u8], matching: u8) -> String {
        match matching {
            1 => HEXUPPER.encode(digest::digest(&digest::SHA256, bytes).as_ref()),
            2 => HEXUPPER.encode(digest::digest(&digest::SHA512, bytes).as_ref()),
            _ => HEXUPPER.encode(bytes),
        }
    }

    fn record(usage: u8, selector: u8, matching: u8, data: String) -> TlsaRecord {
        TlsaRecord {
            usage,
            selector,
            matching,
            data,
        }
    }

    #[test]
    fn every_usage_selector_and_matching_type() {
        let chain = chain();
        for selector in [0u8, 1] {
            for matching in [0u8, 1, 2] {
                let item = |i: usize| {
                    if selector == 0 {
                        &chain.der[i]
                    } else {
                        &chain.spki[i]
                    }
                };
                let combo = format!("selector {selector} matching {matching}");
                // DANE-EE: the leaf, and only the leaf.
                let ee = record(3, selector, matching, data(item(0), matching));
                assert!(usable(&ee), "{combo}");
                assert_eq!(
                    matches(&ee, &chain.der),
                    TlsaMatch::Matched {
                        certificate_index: 0
                    },
                    "{combo}"
                );
                let ee_on_ca = record(3, selector, matching, data(item(1), matching));
                assert_eq!(
                    matches(&ee_on_ca, &chain.der),
                    TlsaMatch::NoMatch,
                    "{combo}"
                );
                // DANE-TA: any certificate above the leaf, never the leaf itself.
                for i in [1, 2] {
                    let ta = record(2, selector, matching, data(item(i), matching));
                    assert!(usable(&ta), "{combo}");
                    assert_eq!(
                        matches(&ta, &chain.der),
                        TlsaMatch::Matched {
                            certificate_index: i
                        },
                        "{combo} index {i}"
                    );
                }
                let ta_on_leaf = record(2, selector, matching, data(item(0), matching));
                assert_eq!(
                    matches(&ta_on_leaf, &chain.der),
                    TlsaMatch::NoMatch,
                    "{combo}"
                );
                // A trust anchor the server does not send cannot match.
                let ta_root = record(2, selector, matching, data(item(2), matching));
                assert_eq!(
                    matches(&ta_root, &chain.der[..2]),
                    TlsaMatch::NoMatch,
                    "{combo}"
                );
                // PKIX usages are not judged.
                for usage in [0, 1] {
                    let pkix = record(usage, selector, matching, data(item(0), matching));
                    assert!(!usable(&pkix), "{combo}");
                    assert_eq!(matches(&pkix, &chain.der), TlsaMatch::UsageIgnored);
                }
            }
        }
    }

    #[test]
    fn lowercase_and_spaced_hex_is_accepted() {
        let chain = chain();
        let hex = data(&chain.spki[0], 1).to_ascii_lowercase();
        let spaced = format!("{} {}", &hex[..20], &hex[20..]);
        let r = record(3, 1, 1, spaced);
        assert_eq!(
            matches(&r, &chain.der),
            TlsaMatch::Matched {
                certificate_index: 0
            }
        );
    }

    #[test]
    fn unusable_records() {
        let chain = chain();
        let good = data(&chain.der[0], 1);
        let cases = [
            record(4, 0, 1, good.clone()),
            record(3, 2, 1, good.clone()),
            record(3, 0, 3, good.clone()),
            record(3, 0, 1, "zz".into()),
            record(3, 0, 1, good[..62].into()),
            record(3, 0, 2, good.clone()),
            record(3, 0, 0, String::new()),
        ];
        for r in cases {
            assert!(!usable(&r), "{r:?}");
            assert!(
                matches!(matches(&r, &chain.der), TlsaMatch::Unusable { .. }),
                "{r:?}"
            );
        }
    }

    #[test]
    fn empty_chain_and_unparsable_certificates_do_not_match() {
        let chain = chain();
        let r = record(3, 1, 1, data(&chain.spki[0], 1));
        assert_eq!(matches(&r, &[]), TlsaMatch::NoMatch);
        assert_eq!(matches(&r, &[b"junk".to_vec()]), TlsaMatch::NoMatch);
        let ta = record(2, 0, 1, data(&chain.der[1], 1));
        assert_eq!(matches(&ta, &[]), TlsaMatch::NoMatch);
        assert_eq!(
            serde_json::to_string(&TlsaMatch::Matched {
                certificate_index: 1
            })
            .unwrap(),
            r#"{"result":"matched","certificate_index":1}"#
        );
    }
}
