//! FNV-1a over bytes: the same value on every machine, platform and release (Rust's own
//! hasher is randomised per process). For detecting change and partitioning, never as a
//! security boundary.

pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Which of `count` buckets `bytes` fall in, evenly for ids that differ only in a character
/// or two. FNV-1a alone does not spread such ids: its low bits follow the last bytes and
/// its high bits barely move with them. MurmurHash3's 64-bit finalizer mixes every bit
/// into every other first; multiply-and-shift then takes the bucket from the high bits.
pub fn bucket(bytes: impl IntoIterator<Item = u8>, count: u64) -> u64 {
    let mut h = fnv1a(bytes);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    ((u128::from(h) * u128::from(count)) >> 64) as u64
}

#[cfg(test)]
mod tests {
    use super::fnv1a;

    #[test]
    fn known_values() {
        // Reference values of 64-bit FNV-1a.
        assert_eq!(fnv1a(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
