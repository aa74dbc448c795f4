//! Checks shared by the fuzz targets `icmp_parse` / `icmp_roundtrip` and the tests that replay
//! their finds (testdata/fuzz/icmp_*/) and run them as properties. Panics on a violation.

use core::net::Ipv6Addr;

use pdukit_icmp::rules::{Action, Config};
use pdukit_icmp::{
    compute_checksum_v4, compute_checksum_v6, decide_v4, decide_v6, field, Icmpv4, Icmpv6,
    ParseError,
};

const SRC: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
const DST: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 2);

/// Parsing (both families, checked and lax), quote views, extension walks and path-MTU
/// decisions never panic and agree with each other.
pub fn parse(data: &[u8]) {
    fast_paths_agree(data);
    let lax4 = Icmpv4::parse_lax(data);
    match (&lax4, Icmpv4::parse(data)) {
        (Ok(a), Ok(b)) => assert_eq!(*a, b),
        (
            Ok(_),
            Err(ParseError::BadChecksum {
                stored, computed, ..
            }),
        ) => {
            assert_ne!(stored, computed)
        }
        (Err(a), Err(b)) => assert_eq!(*a, b),
        (a, b) => panic!("v4 lax {a:?} vs checked {b:?}"),
    }
    if let Ok(m) = lax4 {
        // Every parsed byte is represented: the message rebuilds to the same length.
        assert_eq!(m.buffer_len(), data.len(), "{m:?}");
        if let Some(b) = m.error_body() {
            assert!(
                b.quote.len() + b.extensions.map_or(0, |e| e.as_bytes().len()) <= data.len() - 8
            );
            if let Some(e) = b.extensions {
                let n: usize = e.objects().map(|o| 4 + o.payload.len()).sum();
                assert_eq!(n + 4, e.as_bytes().len(), "objects cover the structure");
                let _ = e.checksum_valid();
                for o in e.objects() {
                    if let Some(l) = o.mpls_labels() {
                        assert_eq!(l.count(), o.payload.len() / 4);
                    }
                }
            }
            if let Ok(q) = b.quoted_ipv4() {
                assert!(q.header.len() >= 20);
                let _ = q.flow();
            }
            let _ = b.quoted_ipv6().map(|q| q.flow());
        }
        for cur in [68, 576, 1500, 9000] {
            let d = decide_v4(&m, cur, &Config::LINUX, None);
            if let Action::Lower(v) = d.action {
                assert!(v < cur && v >= 552, "{d:?}");
            }
        }
    }
    let lax6 = Icmpv6::parse_lax(data);
    assert_eq!(
        lax6.is_ok(),
        lax4.is_ok(),
        "both need exactly the 8-byte header"
    );
    if let Ok(m) = lax6 {
        if let Ok(c) = Icmpv6::parse(data, &SRC, &DST) {
            assert_eq!(c, m);
        }
        if let Some(Ok(q)) = m.quoted_ipv6() {
            let _ = q.flow();
        }
        for cur in [1280, 1500, 9000] {
            let d = decide_v6(&m, cur, &Config::RFC, None);
            if let Action::Lower(v) = d.action {
                assert!(v < cur && v >= 1280, "{d:?}");
            }
        }
    }
}

/// The fast paths inside the one parse of each family (the constant-length sum of a 36-byte
/// ICMPv4 error, the inline error-body location) give exactly the slow path's value or error:
/// the lax parse, then the checksum over the whole message.
pub fn fast_paths_agree(data: &[u8]) {
    let bad = |computed| ParseError::BadChecksum {
        field: field::name::CHECKSUM,
        offset: field::CHECKSUM.start,
        stored: u16::from_be_bytes([data[2], data[3]]),
        computed,
    };
    let slow4 = Icmpv4::parse_lax(data).and_then(|m| {
        if pdukit_checksum::verify(data) {
            Ok(m)
        } else {
            Err(bad(compute_checksum_v4(data)))
        }
    });
    assert_eq!(Icmpv4::parse(data), slow4, "{data:02x?}");
    let slow6 = Icmpv6::parse_lax(data).and_then(|m| {
        if pdukit_checksum::verify_ipv6(&SRC, &DST, 58, data) {
            Ok(m)
        } else {
            Err(bad(compute_checksum_v6(data, &SRC, &DST)))
        }
    });
    assert_eq!(Icmpv6::parse(data, &SRC, &DST), slow6, "{data:02x?}");
}

/// Whatever parses builds back: emit -> checked parse gives the same message, emitting again
/// gives the same bytes, and a buffer one byte short is an error. Both families.
pub fn round_trip(data: &[u8]) {
    if let Ok(m) = Icmpv4::parse_lax(data) {
        let len = m.buffer_len();
        let mut b1 = vec![0u8; len];
        let n = m.emit(&mut b1).expect("a parsed message re-encodes");
        assert_eq!(n, len);
        let again = Icmpv4::parse(&b1).expect("emitted message parses with its checksum");
        assert_eq!(again, m);
        let mut b2 = vec![0xa5u8; len];
        assert_eq!(again.emit(&mut b2), Ok(n));
        assert_eq!(b1, b2);
        assert!(m.emit(&mut b2[..len - 1]).is_err());
        // Every wire value is kept: type and code always; an echo or an unknown type byte for
        // byte (its checksum aside, which emit computes).
        assert_eq!(b1[..2], data[..2], "type and code kept: {m:?}");
        if matches!(
            m,
            Icmpv4::EchoRequest(_) | Icmpv4::EchoReply(_) | Icmpv4::Other { .. }
        ) {
            assert_eq!(b1[4..], data[4..], "{m:?}");
        }
    }
    if let Ok(m) = Icmpv6::parse_lax(data) {
        let len = m.buffer_len();
        let mut b1 = vec![0u8; len];
        let n = m
            .emit(&mut b1, &SRC, &DST)
            .expect("a parsed ICMPv6 message re-encodes");
        let again = Icmpv6::parse(&b1[..n], &SRC, &DST).expect("emitted ICMPv6 parses");
        assert_eq!(again, m);
        assert_eq!(b1[..2], data[..2], "type and code kept: {m:?}");
        if matches!(
            m,
            Icmpv6::EchoRequest(_) | Icmpv6::EchoReply(_) | Icmpv6::Other { .. }
        ) {
            assert_eq!(b1[4..n], data[4..], "{m:?}");
        }
        let mut b2 = vec![0xa5u8; len];
        assert_eq!(again.emit(&mut b2, &SRC, &DST), Ok(n));
        assert_eq!(b1, b2);
    }
}
