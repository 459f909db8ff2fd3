//! DKIM key records (RFC 6376 §3.6.1, RFC 8463 for Ed25519).
//!
//! [`parse`] reads the tag list of a `<selector>._domainkey` TXT record: the key type,
//! the flags and the public key, whose size is read from its SubjectPublicKeyInfo (RSA)
//! or its length (Ed25519). An empty `p=` is a revoked key (§3.6.1).
#![forbid(unsafe_code)]

use data_encoding::BASE64;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DkimKey {
    /// `rsa` or `ed25519` (`k=`, default `rsa`), or what the record says.
    pub key_type: String,
    /// Key size in bits (RSA modulus; 256 for Ed25519), when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bits: Option<u32>,
    /// `p=` is empty: the key has been revoked.
    pub revoked: bool,
    /// `t=y`: the domain is testing DKIM.
    pub testing: bool,
}

/// What is wrong with a key record, as a stable code: `version_not_first`, `bad_version`,
/// `missing_key`, `bad_base64`, `bad_key`, `duplicate_tag`, `bad_tag`.
pub type DkimSyntaxError = &'static str;

pub fn parse(text: &str) -> Result<DkimKey, DkimSyntaxError> {
    let mut key_type = "rsa".to_string();
    let (mut public, mut testing) = (None, false);
    let mut seen: Vec<String> = Vec::new();
    for (i, part) in text.split(';').map(str::trim).enumerate() {
        if part.is_empty() {
            continue;
        }
        let (name, value) = part.split_once('=').ok_or("bad_tag")?;
        let name = name.trim().to_string();
        // Whitespace inside a value (folded base64) is not part of it.
        let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
        if seen.contains(&name) {
            return Err("duplicate_tag");
        }
        seen.push(name.clone());
        match name.as_str() {
            "v" if i != 0 => return Err("version_not_first"),
            "v" if value != "DKIM1" => return Err("bad_version"),
            "k" => key_type = value.to_ascii_lowercase(),
            "p" => public = Some(value),
            "t" => testing = value.split(':').any(|f| f == "y"),
            _ => {}
        }
    }
    let public = public.ok_or("missing_key")?;
    if public.is_empty() {
        return Ok(DkimKey {
            key_type,
            bits: None,
            revoked: true,
            testing,
        });
    }
    let der = BASE64.decode(public.as_bytes()).map_err(|_| "bad_base64")?;
    let bits = match key_type.as_str() {
        "rsa" => Some(rsa_bits(&der).ok_or("bad_key")?),
        "ed25519" if der.len() == 32 => Some(256),
        "ed25519" => return Err("bad_key"),
        _ => None,
    };
    Ok(DkimKey {
        key_type,
        bits,
        revoked: false,
        testing,
    })
}

/// The modulus size of an RSA key given as SubjectPublicKeyInfo (what RFC 6376 asks) or,
/// as some signers publish it, as a bare PKCS#1 RSAPublicKey.
fn rsa_bits(der: &[u8]) -> Option<u32> {
    use x509_parser::prelude::FromDer;
    use x509_parser::public_key::{PublicKey, RSAPublicKey};
    use x509_parser::x509::SubjectPublicKeyInfo;
    let from_pkcs1 = || RSAPublicKey::from_der(der).ok().map(|(_, k)| k.key_size());
    let bits = match SubjectPublicKeyInfo::from_der(der) {
        Ok((_, spki)) => match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => Some(rsa.key_size()),
            _ => None,
        },
        Err(_) => from_pkcs1(),
    }?;
    u32::try_from(bits).ok().filter(|b| *b > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A 1024-bit RSA SubjectPublicKeyInfo (RFC 6376 appendix C's example key).
    const RSA_1024: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";

    #[test]
    fn rsa_and_ed25519_keys() {
        let k = parse(&format!("v=DKIM1; k=rsa; p={RSA_1024}")).unwrap();
        assert_eq!(
            (k.key_type.as_str(), k.bits, k.revoked),
            ("rsa", Some(1024), false)
        );
        let ed = BASE64.encode(&[7u8; 32]);
        let k = parse(&format!("v=DKIM1; k=ed25519; p={ed}; t=y")).unwrap();
        assert_eq!((k.bits, k.testing), (Some(256), true));
    }

    #[test]
    fn revoked_and_broken_keys() {
        assert!(parse("v=DKIM1; p=").unwrap().revoked);
        assert_eq!(parse("k=rsa; v=DKIM1; p="), Err("version_not_first"));
        assert_eq!(parse("v=DKIM1; k=rsa"), Err("missing_key"));
        assert_eq!(parse("v=DKIM1; p=!!!"), Err("bad_base64"));
        assert_eq!(parse("v=DKIM1; p=AAAA"), Err("bad_key"));
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }
    }
}
