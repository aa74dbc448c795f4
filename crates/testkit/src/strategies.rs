//! proptest strategies shared by the protocol crates.

use core::net::{Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;

/// Arbitrary bytes, length `0..=max_len`.
pub fn bytes(max_len: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..=max_len)
}

/// Arbitrary bytes, with an interesting bias: all-0xff and all-0x00 runs appear often, because
/// they are where one's-complement carries and the two zero representations show up.
pub fn checksum_bytes(max_len: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => bytes(max_len),
        1 => (0..=max_len).prop_map(|n| vec![0xff; n]),
        1 => (0..=max_len, any::<u8>()).prop_map(|(n, b)| vec![b; n]),
    ]
}

/// A buffer and a sorted list of split points within it (duplicates allowed, so empty chunks
/// occur).
pub fn buffer_with_splits(max_len: usize) -> impl Strategy<Value = (Vec<u8>, Vec<usize>)> {
    checksum_bytes(max_len).prop_flat_map(|buf| {
        let n = buf.len();
        let splits = proptest::collection::vec(0..=n, 0..8).prop_map(|mut v| {
            v.sort_unstable();
            v
        });
        (Just(buf), splits)
    })
}

/// Any IPv4 address.
pub fn ipv4() -> impl Strategy<Value = Ipv4Addr> {
    any::<[u8; 4]>().prop_map(Ipv4Addr::from)
}

/// An IPv4 multicast address (224.0.0.0/4).
pub fn ipv4_multicast() -> impl Strategy<Value = Ipv4Addr> {
    (224u8..=239, any::<[u8; 3]>()).prop_map(|(a, r)| Ipv4Addr::new(a, r[0], r[1], r[2]))
}

/// Any IPv6 address.
pub fn ipv6() -> impl Strategy<Value = Ipv6Addr> {
    any::<[u8; 16]>().prop_map(Ipv6Addr::from)
}

/// Any MAC address.
pub fn mac() -> impl Strategy<Value = [u8; 6]> {
    any::<[u8; 6]>()
}
