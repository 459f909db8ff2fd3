//! `--trust-anchor` files as people have them: DNSKEY lines, and DS lines as IANA publishes
//! the root anchor and as unbound and BIND take it. hickory's validator takes keys only, so a
//! DS is turned into the key it names: the zone's DNSKEY RRset is fetched from the configured
//! resolver (checking disabled), a key counts when its digest is the DS's (RFC 4034 §5.1.4),
//! and the RRset must carry a valid signature by such a key. The DS alone is trusted, so the
//! resolver cannot slip in a key of its own.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use hickory_resolver::proto::dnssec::rdata::{DNSKEY, DNSSECRData, DS};
use hickory_resolver::proto::dnssec::{DigestType, TrustAnchors, Verifier};
use hickory_resolver::proto::op::Message;
use hickory_resolver::proto::rr::{Name, RData, Record, RecordType};
use hickory_resolver::proto::serialize::txt::trust_anchor as anchor_parser;

use super::dns::{DnsSetupError, raw_query};

/// The anchors of one file, as written.
#[derive(Debug, Default)]
struct AnchorFile {
    dnskeys: Vec<(Name, DNSKEY)>,
    ds: Vec<(Name, DS)>,
}

impl AnchorFile {
    /// Zone-file syntax as anchor files use it: one record a line or in parentheses,
    /// comments after `;`, TTL and class optional. hickory reads each form's records
    /// (its anchor parser only DNSKEY, its record-data parser only DS).
    fn parse(text: &str) -> Result<AnchorFile, String> {
        let mut file = AnchorFile::default();
        for (line, record) in records(text) {
            let at = |e: &dyn std::fmt::Display| format!("line {line}: {e}");
            let tokens: Vec<&str> = record.split_whitespace().collect();
            // The type follows the owner, an optional TTL and an optional class.
            let rtype =
                tokens.iter().enumerate().skip(1).take(3).find(|(_, t)| {
                    t.eq_ignore_ascii_case("DNSKEY") || t.eq_ignore_ascii_case("DS")
                });
            match rtype {
                Some((_, t)) if t.eq_ignore_ascii_case("DNSKEY") => {
                    for entry in anchor_parser::Parser::new(record.as_str())
                        .parse()
                        .map_err(|e| at(&e))?
                    {
                        if let anchor_parser::Entry::DNSKEY(key) = entry {
                            file.dnskeys.push((key.name().clone(), key.data().clone()));
                        }
                    }
                }
                Some((i, _)) => {
                    let owner = Name::parse(tokens[0], Some(&Name::root())).map_err(|e| at(&e))?;
                    let data = RData::try_from_str(RecordType::DS, &tokens[i + 1..].join(" "))
                        .map_err(|e| at(&e))?;
                    if let RData::DNSSEC(DNSSECRData::DS(ds)) = data {
                        file.ds.push((owner, ds));
                    }
                }
                None => return Err(at(&"only DNSKEY and DS lines are trust anchors")),
            }
        }
        if file.dnskeys.is_empty() && file.ds.is_empty() {
            return Err(
                "no DNSKEY or DS line found (expected e.g. `. 3600 IN DNSKEY 257 3 13 \
                        <base64>` or `. 3600 IN DS 20326 8 2 <hex>`)"
                    .into(),
            );
        }
        Ok(file)
    }

    /// Which forms the file holds, as said in the log and in errors.
    fn form(&self) -> &'static str {
        match (self.dnskeys.is_empty(), self.ds.is_empty()) {
            (false, false) => "DNSKEY and DS lines",
            (true, false) => "DS lines",
            _ => "DNSKEY lines",
        }
    }
}

/// The records of zone-file text with the line each starts on: comments dropped, lines
/// in parentheses joined.
fn records(text: &str) -> Vec<(usize, String)> {
    let mut records = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut depth = 0usize;
    for (n, line) in text.lines().enumerate() {
        let line = line.split(';').next().unwrap_or_default();
        let (_, record) = current.get_or_insert_with(|| (n + 1, String::new()));
        for c in line.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                c => record.push(c),
            }
        }
        record.push(' ');
        if depth == 0
            && let Some((start, record)) = current.take()
            && !record.trim().is_empty()
        {
            records.push((start, record.trim().to_string()));
        }
    }
    // An unclosed parenthesis: the rest is one record, which the parser then refuses.
    records.extend(current.filter(|(_, r)| !r.trim().is_empty()));
    records
}

/// The keys of a trust anchor file; DS lines are resolved through `upstream`.
pub(super) async fn load(
    path: &Path,
    upstream: SocketAddr,
    timeout: Duration,
) -> Result<TrustAnchors, DnsSetupError> {
    let err = |message: String| DnsSetupError::TrustAnchor {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let file = AnchorFile::parse(&text).map_err(err)?;
    let form = file.form();
    let mut anchors = TrustAnchors::empty();
    let mut trusted = 0;
    for (name, key) in &file.dnskeys {
        trusted += usize::from(anchors.insert_with_name(key.public_key(), name.into()));
    }
    let mut owners: Vec<&Name> = file.ds.iter().map(|(name, _)| name).collect();
    owners.sort();
    owners.dedup();
    for owner in owners {
        let ds: Vec<&DS> = file
            .ds
            .iter()
            .filter(|(name, _)| name == owner)
            .map(|(_, ds)| ds)
            .collect();
        let refused = |message: String| err(format!("{form}: {message}"));
        check_digest_types(owner, &ds).map_err(refused)?;
        let answer = raw_query(
            upstream,
            &owner.to_ascii(),
            RecordType::DNSKEY,
            true,
            timeout,
        )
        .await
        .map_err(|e| DnsSetupError::TrustAnchorFetch {
            path: path.to_path_buf(),
            message: format!(
                "{form}: cannot fetch the DNSKEY records of {owner} from {upstream}: {}",
                e.detail
            ),
        })?;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let keys = keys_of_ds(owner, &ds, &answer, upstream, now).map_err(refused)?;
        for key in keys {
            trusted += usize::from(anchors.insert_with_name(key.public_key(), owner.into()));
        }
    }
    tracing::info!(
        "trust anchor {}: {form} ({} DNSKEY, {} DS), {trusted} key(s) trusted",
        path.display(),
        file.dnskeys.len(),
        file.ds.len(),
    );
    Ok(anchors)
}

/// SHA-256 and SHA-384 only: a SHA-1 digest no longer resists forgery.
fn check_digest_types(owner: &Name, ds: &[&DS]) -> Result<(), String> {
    for d in ds {
        match d.digest_type() {
            DigestType::SHA256 | DigestType::SHA384 => {}
            DigestType::SHA1 => {
                return Err(format!(
                    "{owner} DS {d}: digest type 1 (SHA-1) is refused for a trust anchor, as \
                     SHA-1 no longer resists forgery; use the DS line with digest type 2 \
                     (SHA-256) or 4 (SHA-384)"
                ));
            }
            other => {
                return Err(format!(
                    "{owner} DS {d}: digest type {} is not supported (2 SHA-256 and 4 SHA-384 are)",
                    u8::from(other)
                ));
            }
        }
    }
    Ok(())
}

/// The DNSKEYs of `owner` (in `answer`, the resolver's DNSKEY answer) that its DS records
/// name, once the RRset's signature by one of them verifies.
fn keys_of_ds(
    owner: &Name,
    ds: &[&DS],
    answer: &Message,
    upstream: SocketAddr,
    now: i64,
) -> Result<Vec<DNSKEY>, String> {
    let rrset: Vec<&Record> = answer
        .answers
        .iter()
        .filter(|r| r.record_type() == RecordType::DNSKEY && r.name == *owner)
        .collect();
    let served: Vec<&DNSKEY> = rrset
        .iter()
        .filter_map(|r| match &r.data {
            RData::DNSSEC(DNSSECRData::DNSKEY(key)) => Some(key),
            _ => None,
        })
        .collect();
    let mut trusted: Vec<DNSKEY> = Vec::new();
    for d in ds {
        let matching: Vec<&DNSKEY> = served
            .iter()
            .copied()
            .filter(|key| {
                key.algorithm() == d.algorithm()
                    && key.calculate_key_tag().is_ok_and(|tag| tag == d.key_tag())
                    && d.covers(owner, key).unwrap_or(false)
            })
            .collect();
        if matching.is_empty() {
            return Err(format!(
                "{owner} DS {d} matches none of the {} DNSKEY record(s) {upstream} serves for {owner}",
                served.len()
            ));
        }
        trusted.extend(matching.into_iter().cloned());
    }
    let signed = answer.answers.iter().any(|r| match &r.data {
        RData::DNSSEC(DNSSECRData::RRSIG(sig)) if r.name == *owner => {
            let input = sig.input();
            input.type_covered == RecordType::DNSKEY
                && i64::from(input.sig_inception.get()) <= now
                && now <= i64::from(input.sig_expiration.get())
                && trusted.iter().any(|key| {
                    key.algorithm() == input.algorithm
                        && key
                            .calculate_key_tag()
                            .is_ok_and(|tag| tag == input.key_tag)
                        && key
                            .verify_rrsig(owner, r.dns_class, sig, rrset.iter().copied())
                            .is_ok()
                })
        }
        _ => false,
    });
    if !signed {
        return Err(format!(
            "the DNSKEY records of {owner} from {upstream} carry no valid signature (in its \
             validity period) by the key(s) the DS names"
        ));
    }
    Ok(trusted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_are_read_and_named() {
        let file = AnchorFile::parse(
            "; the test root\n\
             . IN DS 21980 13 2 D1E2BFE8394655C57050795CBF82D14D1333CAE3DEDC0DCE25445E23E2A57EB1\n\
             . 3600 IN DNSKEY 257 3 13 ( ni7pLHnSmTKyNMKYJMKqi3xyWt6loavk6h3SRbBt7BqrtrxAMQPyjiEq\n\
               KwxaIXT1FSFxMf4gLsSqIz1QO1F0uw== )\n",
        )
        .unwrap();
        assert_eq!((file.dnskeys.len(), file.ds.len()), (1, 1));
        assert_eq!(file.form(), "DNSKEY and DS lines");
        assert_eq!(file.ds[0].1.key_tag(), 21980);
        // The DS is the digest of that DNSKEY.
        assert!(
            file.ds[0]
                .1
                .covers(&Name::root(), &file.dnskeys[0].1)
                .unwrap()
        );
    }

    /// The test internet's root DNSKEY answer (checking disabled), as one resolver gave it:
    /// a KSK (tag 55604) and a ZSK, signed by the KSK from 2026-12-06 to 2027-12-07.
    const ROOT_DNSKEY_ANSWER: &str = "123481b00001000300000001000030000100003000010000001300440101030d10f7efbeedf8d453184ae25da7222aea7e71a32879837724f9ef591d679ed8f08420ecd95cf74db4d2960a8ef3d2a544f6ea4c012fec3ebd39ae67fe0ee7ab8400003000010000001300440100030d5e3d294593bdf93d8361dab2ec243f4f0d73c2ae569369aa305320dfdaf6d4279637bcfb9f7ac9216ec55e835d6b7a468ccb92ff55a2dbbc0429e8e56403370700002e000100000013005300300d0000000e106cf80b786b158678d93400c98c16b54f74ed26b1a7d3a37a62eb5c15189d3cf5f311784dee3e89d895fb635ab379f3130add1694442400c956659fe06beab98106dfff19b40a7457e9340d00002904d0000080000000";
    const ROOT_DS: &str =
        ". 3600 IN DS 55604 13 2 fce07f7dfe449a3265d5a2cb64a65c6ef9bfe262341bf415c9aafb6a38aff3d6";
    /// Between the signature's inception and expiration.
    const SIGNED_TIME: i64 = 1_800_000_000;

    fn answer(bytes: &mut dyn FnMut(&mut Vec<u8>)) -> Message {
        let mut wire: Vec<u8> = (0..ROOT_DNSKEY_ANSWER.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&ROOT_DNSKEY_ANSWER[i..i + 2], 16).unwrap())
            .collect();
        bytes(&mut wire);
        Message::from_vec(&wire).unwrap()
    }

    fn resolve(ds_line: &str, answer: &Message, now: i64) -> Result<Vec<DNSKEY>, String> {
        let file = AnchorFile::parse(ds_line).unwrap();
        let ds: Vec<&DS> = file.ds.iter().map(|(_, ds)| ds).collect();
        let upstream = "127.0.0.1:53".parse().unwrap();
        check_digest_types(&Name::root(), &ds)?;
        keys_of_ds(&Name::root(), &ds, answer, upstream, now)
    }

    #[test]
    fn a_ds_yields_the_key_it_names_once_the_rrset_signature_verifies() {
        let keys = resolve(ROOT_DS, &answer(&mut |_| {}), SIGNED_TIME).unwrap();
        assert_eq!(keys.len(), 1);
        assert!(keys[0].secure_entry_point());
        assert_eq!(keys[0].calculate_key_tag().unwrap(), 55604);
    }

    #[test]
    fn a_broken_signature_an_expired_one_and_a_wrong_digest_are_refused() {
        // The last signature byte sits just before the 11-byte OPT record.
        let flipped = answer(&mut |wire| {
            let at = wire.len() - 12;
            wire[at] ^= 1;
        });
        let err = resolve(ROOT_DS, &flipped, SIGNED_TIME).unwrap_err();
        assert!(err.contains("no valid signature"), "{err}");
        let err = resolve(ROOT_DS, &answer(&mut |_| {}), 1_900_000_000).unwrap_err();
        assert!(err.contains("no valid signature"), "{err}");
        let wrong = ROOT_DS.replace(" 2 fce0", " 2 0ce0");
        let err = resolve(&wrong, &answer(&mut |_| {}), SIGNED_TIME).unwrap_err();
        assert!(err.contains("matches none of the 2 DNSKEY"), "{err}");
        let sha1 = ". IN DS 55604 13 1 fce07f7dfe449a3265d5a2cb64a65c6ef9bfe262";
        let err = resolve(sha1, &answer(&mut |_| {}), SIGNED_TIME).unwrap_err();
        assert!(err.contains("digest type 1 (SHA-1) is refused"), "{err}");
    }

    #[test]
    fn other_records_and_empty_files_are_refused() {
        let err = AnchorFile::parse("; keys\n\n. 3600 IN A 192.0.2.1\n").unwrap_err();
        assert_eq!(err, "line 3: only DNSKEY and DS lines are trust anchors");
        let err = AnchorFile::parse("; nothing\n").unwrap_err();
        assert!(err.contains("no DNSKEY or DS line"), "{err}");
    }
}
