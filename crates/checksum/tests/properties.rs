//! RFC vectors and properties of the checksum, checked against a naive 16-bit reference.

use core::net::{Ipv4Addr, Ipv6Addr};

use pdukit_checksum::{checksum, update_bytes, update_u16, verify, verify_ipv6, Checksum};
use pdukit_testkit::strategies::{buffer_with_splits, checksum_bytes, ipv4, ipv6};
use proptest::prelude::*;

/// The textbook algorithm, one big-endian word at a time, 32-bit accumulator, folded at the end.
fn naive_sum(data: &[u8]) -> u16 {
    let mut sum: u64 = 0;
    for pair in data.chunks(2) {
        let hi = u64::from(pair[0]) << 8;
        let lo = pair.get(1).map_or(0, |&b| u64::from(b));
        sum += hi | lo;
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum as u16
}

fn naive_checksum(data: &[u8]) -> u16 {
    !naive_sum(data)
}

/// `checksum` and `verify` on `data` against the naive loop.
fn agrees_with_naive(data: &[u8]) -> Result<(), TestCaseError> {
    prop_assert_eq!(checksum(data), naive_checksum(data));
    prop_assert_eq!(verify(data), naive_sum(data) == 0xffff);
    Ok(())
}

/// One's-complement equality: 0x0000 and 0xFFFF are both zero.
fn ones_eq(a: u16, b: u16) -> bool {
    a == b || (a == 0 && b == 0xffff) || (a == 0xffff && b == 0)
}

#[test]
fn rfc1071_section3_worked_example() {
    // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (one's complement).
    let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
    let mut acc = Checksum::new();
    acc.add_bytes(&data);
    assert_eq!(acc.sum(), 0xddf2);
    assert_eq!(checksum(&data), 0x220d);
}

#[test]
fn ipv4_header_from_rfc1071_style_example() {
    // A well-known IPv4 header (192.168.0.1 -> 192.168.0.199, UDP) whose checksum is 0xb861.
    let mut hdr = [
        0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00,
        0x01, 0xc0, 0xa8, 0x00, 0xc7,
    ];
    assert!(verify(&hdr));
    hdr[10] = 0;
    hdr[11] = 0;
    assert_eq!(checksum(&hdr), 0xb861);
    hdr[11] = 0x62;
    assert!(!verify(&hdr), "a one-bit error must be caught");
}

#[test]
fn empty_and_zero_inputs() {
    assert_eq!(checksum(&[]), 0xffff);
    assert_eq!(checksum(&[0, 0, 0]), 0xffff);
    assert!(!verify(&[]));
    assert!(verify(&[0xff, 0xff]));
}

#[test]
fn odd_trailing_byte_is_padded_on_the_right() {
    assert_eq!(checksum(&[0x12]), !0x1200);
    assert_eq!(checksum(&[0x00, 0x01, 0x02]), !0x0201);
}

#[test]
fn udp_over_ipv4_pseudo_header_known_datagram() {
    // UDP 192.0.2.1:1024 -> 192.0.2.2:53, 12 bytes, payload "ping"; checksum field zero.
    let udp = [
        0x04, 0x00, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00, b'p', b'i', b'n', b'g',
    ];
    let mut c = Checksum::ipv4_pseudo_header(
        Ipv4Addr::new(192, 0, 2, 1),
        Ipv4Addr::new(192, 0, 2, 2),
        17,
        12,
    );
    c.add_bytes(&udp);
    // Same thing spelled out as one buffer for the naive reference.
    let mut flat = vec![192, 0, 2, 1, 192, 0, 2, 2, 0, 17, 0, 12];
    flat.extend_from_slice(&udp);
    assert_eq!(c.finish(), naive_checksum(&flat));
    // Value computed independently with a Python struct-based one-liner.
    assert_eq!(c.finish(), 0x98cc);
}

#[test]
fn ipv6_pseudo_header_uses_a_32_bit_length() {
    let src: Ipv6Addr = "2001:db8::1".parse().unwrap();
    let dst: Ipv6Addr = "2001:db8::2".parse().unwrap();
    // 0x0001_0004: only a 32-bit length field keeps the high word.
    let c = Checksum::ipv6_pseudo_header(&src, &dst, 58, 0x0001_0004);
    let mut flat = Vec::new();
    flat.extend_from_slice(&src.octets());
    flat.extend_from_slice(&dst.octets());
    flat.extend_from_slice(&0x0001_0004u32.to_be_bytes());
    flat.extend_from_slice(&[0, 0, 0, 58]);
    assert_eq!(c.sum(), naive_sum(&flat));
    let c16 = Checksum::ipv6_pseudo_header(&src, &dst, 58, 4);
    assert_ne!(c.sum(), c16.sum());
}

#[test]
fn rfc1624_decrement_ttl() {
    // RFC 1624 §4 style: TTL/protocol word 0x4011 -> 0x3f11 in the header above.
    let mut hdr = [
        0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00,
        0x01, 0xc0, 0xa8, 0x00, 0xc7,
    ];
    let c = update_u16(0xb861, 0x4011, 0x3f11);
    hdr[8] = 0x3f;
    hdr[10..12].copy_from_slice(&c.to_be_bytes());
    assert!(verify(&hdr));
    assert_eq!(c, 0xb961);
}

#[test]
fn rfc1624_zero_representation_edge() {
    // All-zero data after the edit: recomputation gives 0xFFFF, eqn. 3 gives 0x0000 (the other
    // zero). Documented in update_u16; both are one's-complement zero.
    let before = [0x00, 0x01];
    let c = checksum(&before);
    let updated = update_u16(c, 0x0001, 0x0000);
    assert_eq!(checksum(&[0, 0]), 0xffff);
    assert_eq!(updated, 0x0000);
    assert!(ones_eq(updated, 0xffff));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The fast path equals the naive word loop for any length and any start alignment; verify
    /// agrees too.
    #[test]
    fn fast_equals_naive(buf in checksum_bytes(2100), skip in 0usize..8) {
        agrees_with_naive(&buf[skip.min(buf.len())..])?;
    }

    /// The same for short messages (headers, IGMP, ICMP), where the short path's tail handling
    /// (every length 0..136 mod 8) is exercised on every case; verify agrees too.
    #[test]
    fn short_equals_naive(buf in checksum_bytes(136), skip in 0usize..8) {
        agrees_with_naive(&buf[skip.min(buf.len())..])?;
    }

    /// The same up to and across the short path's border with the long path (384 bytes): every
    /// turn count and piece (32, 16, 8 bytes, tail) of its add-with-carry chain; verify agrees too.
    #[test]
    fn chain_equals_naive(buf in checksum_bytes(400), skip in 0usize..8) {
        agrees_with_naive(&buf[skip.min(buf.len())..])?;
    }

    /// Feeding the data in chunks split anywhere equals the whole.
    #[test]
    fn any_split_equals_the_whole((buf, splits) in buffer_with_splits(600)) {
        let mut acc = Checksum::new();
        let mut start = 0;
        for &s in &splits {
            acc.add_bytes(&buf[start..s]);
            start = s;
        }
        acc.add_bytes(&buf[start..]);
        prop_assert_eq!(acc.finish(), checksum(&buf));
        prop_assert_eq!(acc.is_odd(), buf.len() % 2 == 1);
    }

    /// Emit then verify: writing the checksum into its field makes the buffer verify.
    #[test]
    fn emit_then_verify(mut buf in checksum_bytes(1500), at in any::<prop::sample::Index>()) {
        prop_assume!(buf.len() >= 2);
        let pos = at.index(buf.len() / 2) * 2; // an even offset, as real checksum fields are
        buf[pos] = 0;
        buf[pos + 1] = 0;
        let c = checksum(&buf);
        buf[pos..pos + 2].copy_from_slice(&c.to_be_bytes());
        prop_assert!(verify(&buf));
    }

    /// `verify` (a divisibility test on the short path) agrees with the folded sum on any
    /// buffer, valid or not; the second buffer has its first word set so it verifies.
    #[test]
    fn verify_agrees_with_folded_sum(mut buf in checksum_bytes(200)) {
        let folded = |b: &[u8]| Checksum::new().add_bytes(b).is_valid();
        prop_assert_eq!(verify(&buf), folded(&buf));
        if buf.len() >= 2 {
            buf[0] = 0;
            buf[1] = 0;
            let c = checksum(&buf);
            buf[..2].copy_from_slice(&c.to_be_bytes());
            prop_assert!(verify(&buf));
            prop_assert!(folded(&buf));
            buf[1] ^= 0x40;
            prop_assert_eq!(verify(&buf), folded(&buf));
        }
    }

    /// `verify_ipv6` agrees with the accumulator (pseudo-header, data, is_valid) on any message,
    /// and accepts the message once its checksum is written.
    #[test]
    fn verify_ipv6_agrees_with_accumulator(mut buf in checksum_bytes(1600), src in any::<[u8; 16]>(), dst in any::<[u8; 16]>(), nh in any::<u8>()) {
        let (src, dst) = (Ipv6Addr::from(src), Ipv6Addr::from(dst));
        let acc = |b: &[u8]| {
            Checksum::ipv6_pseudo_header(&src, &dst, nh, b.len() as u32).add_bytes(b).is_valid()
        };
        prop_assert_eq!(verify_ipv6(&src, &dst, nh, &buf), acc(&buf));
        if buf.len() >= 4 {
            buf[2] = 0;
            buf[3] = 0;
            let c = Checksum::ipv6_pseudo_header(&src, &dst, nh, buf.len() as u32).add_bytes(&buf).finish();
            buf[2..4].copy_from_slice(&c.to_be_bytes());
            prop_assert!(verify_ipv6(&src, &dst, nh, &buf));
            buf[0] ^= 1;
            prop_assert!(!verify_ipv6(&src, &dst, nh, &buf));
        }
    }

    /// RFC 1624 for one word equals recomputation (up to the representation of zero, which
    /// only differs for all-zero data).
    #[test]
    fn update_word_equals_recompute(mut buf in checksum_bytes(600), at in any::<prop::sample::Index>(), new in any::<u16>()) {
        prop_assume!(buf.len() >= 2);
        let pos = at.index(buf.len() / 2) * 2;
        let before = checksum(&buf);
        let old = u16::from_be_bytes([buf[pos], buf[pos + 1]]);
        buf[pos..pos + 2].copy_from_slice(&new.to_be_bytes());
        let incremental = update_u16(before, old, new);
        let recomputed = checksum(&buf);
        if buf.iter().any(|&b| b != 0) {
            prop_assert_eq!(incremental, recomputed);
        } else {
            prop_assert!(ones_eq(incremental, recomputed));
        }
    }

    /// RFC 1624 for a byte range at any offset (odd ones included) equals recomputation.
    #[test]
    fn update_range_equals_recompute(mut buf in checksum_bytes(600), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>(), fill in checksum_bytes(600)) {
        prop_assume!(!buf.is_empty());
        let (mut s, mut e) = (a.index(buf.len()), b.index(buf.len() + 1));
        if s > e { core::mem::swap(&mut s, &mut e); }
        let before = checksum(&buf);
        let old = buf[s..e].to_vec();
        for (i, x) in buf[s..e].iter_mut().enumerate() {
            *x = fill.get(i).copied().unwrap_or(0x5a);
        }
        let incremental = update_bytes(before, s, &old, &buf[s..e]);
        let recomputed = checksum(&buf);
        if buf.iter().any(|&b| b != 0) {
            prop_assert_eq!(incremental, recomputed);
        } else {
            prop_assert!(ones_eq(incremental, recomputed));
        }
    }

    /// Pseudo-headers equal the naive sum over the spelled-out pseudo-header + data.
    #[test]
    fn ipv4_pseudo_header_matches_flat(src in ipv4(), dst in ipv4(), proto in any::<u8>(), data in checksum_bytes(200)) {
        let mut c = Checksum::ipv4_pseudo_header(src, dst, proto, data.len() as u16);
        c.add_bytes(&data);
        let mut flat = Vec::new();
        flat.extend_from_slice(&src.octets());
        flat.extend_from_slice(&dst.octets());
        flat.extend_from_slice(&[0, proto]);
        flat.extend_from_slice(&(data.len() as u16).to_be_bytes());
        flat.extend_from_slice(&data);
        prop_assert_eq!(c.finish(), naive_checksum(&flat));
    }

    #[test]
    fn ipv6_pseudo_header_matches_flat(src in ipv6(), dst in ipv6(), nh in any::<u8>(), data in checksum_bytes(200)) {
        let mut c = Checksum::ipv6_pseudo_header(&src, &dst, nh, data.len() as u32);
        c.add_bytes(&data);
        let mut flat = Vec::new();
        flat.extend_from_slice(&src.octets());
        flat.extend_from_slice(&dst.octets());
        flat.extend_from_slice(&(data.len() as u32).to_be_bytes());
        flat.extend_from_slice(&[0, 0, 0, nh]);
        flat.extend_from_slice(&data);
        prop_assert_eq!(c.finish(), naive_checksum(&flat));
    }
}

#[test]
fn large_buffer_matches_naive() {
    // 1 MiB of 0xff..: many carries in every lane of the wide loop.
    let buf: Vec<u8> = (0..(1 << 20))
        .map(|i| if i % 7 == 0 { 0x00 } else { 0xff })
        .collect();
    assert_eq!(checksum(&buf), naive_checksum(&buf));
}
