//! The DNSSEC algorithm registries, for naming the algorithms a zone is signed with and the
//! digest types of its DS records.

/// IANA "DNS Security Algorithm Numbers" (RFC 8624 and the registry), as data.
pub const DNSSEC_ALGORITHMS: &[(u8, &str)] = &[
    (1, "RSAMD5"),
    (3, "DSA"),
    (5, "RSASHA1"),
    (6, "DSA-NSEC3-SHA1"),
    (7, "RSASHA1-NSEC3-SHA1"),
    (8, "RSASHA256"),
    (10, "RSASHA512"),
    (12, "ECC-GOST"),
    (13, "ECDSAP256SHA256"),
    (14, "ECDSAP384SHA384"),
    (15, "ED25519"),
    (16, "ED448"),
    (17, "SM2SM3"),
    (23, "ECC-GOST12"),
    (252, "INDIRECT"),
    (253, "PRIVATEDNS"),
    (254, "PRIVATEOID"),
];

/// The registry mnemonic of a DNSSEC algorithm number, or `unassigned`.
pub fn dnssec_algorithm_name(number: u8) -> &'static str {
    DNSSEC_ALGORITHMS
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, name)| *name)
        .unwrap_or("unassigned")
}

/// IANA "Delegation Signer (DS) Resource Record (RR) Type Digest Algorithms", as data.
pub const DS_DIGEST_TYPES: &[(u8, &str)] = &[
    (0, "NULL"),
    (1, "SHA-1"),
    (2, "SHA-256"),
    (3, "GOST R 34.11-94"),
    (4, "SHA-384"),
    (5, "GOST R 34.11-2012"),
    (6, "SM3"),
];

/// The registry mnemonic of a DS digest type, or `unassigned`.
pub fn ds_digest_name(number: u8) -> &'static str {
    DS_DIGEST_TYPES
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, name)| *name)
        .unwrap_or("unassigned")
}
