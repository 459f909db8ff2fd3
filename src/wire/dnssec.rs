//! The DNSSEC algorithm registry, for naming the algorithms a zone is signed with.

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
