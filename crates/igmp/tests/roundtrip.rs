//! Properties: build -> parse gives the value back for every message kind; parse never panics;
//! building into a short buffer is an error; the MRC/QQIC codec round-trips and clamps; the
//! RFC 1624 group rewrite equals a rebuild.

use core::net::Ipv4Addr;

mod common {
    pub mod fuzz_checks;
}

use pdukit_igmp::{
    decode_code, encode_code, field::name, rewrite_group, BuildError, Expected, Message,
    ParseError, QueryV3, RecordType, ReportV3Writer, Sources, MAX_CODE_VALUE,
};
use pdukit_testkit::strategies::{bytes, ipv4, ipv4_multicast};
use proptest::prelude::*;

fn fixed_message() -> impl Strategy<Value = (u8, u8, Ipv4Addr)> {
    (0u8..5, any::<u8>(), ipv4())
}

fn build_fixed(kind: u8, code: u8, group: Ipv4Addr) -> Message<'static> {
    match kind {
        0 => Message::QueryV1 { group },
        1 => Message::QueryV2 {
            max_resp_time: code.max(1),
            group,
        },
        2 => Message::ReportV1 { group },
        3 => Message::ReportV2 { group },
        _ => Message::Leave { group },
    }
}

/// Writes the checksum `msg` should carry, so that what follows meets the message's other
/// damage, not its checksum.
fn patch_checksum(msg: &mut [u8]) {
    let c = pdukit_igmp::compute_checksum(msg);
    msg[2..4].copy_from_slice(&c.to_be_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn fixed_size_messages_round_trip((kind, code, group) in fixed_message()) {
        let m = build_fixed(kind, code, group);
        let mut buf = [0xAAu8; 8]; // dirty buffer: every byte must be written
        let n = m.emit(&mut buf).unwrap();
        prop_assert_eq!(n, 8);
        prop_assert!(pdukit_checksum::verify(&buf));
        let back = Message::parse(&buf).unwrap();
        prop_assert_eq!(back, m);
        let mut again = [0u8; 8];
        back.emit(&mut again).unwrap();
        prop_assert_eq!(again, buf);
    }

    #[test]
    fn v3_query_round_trips(mrc in any::<u8>(), group in ipv4(), s in any::<bool>(), qrv in 0u8..8, qqic in any::<u8>(),
                            srcs in proptest::collection::vec(ipv4(), 0..40)) {
        let m = Message::QueryV3(QueryV3 { max_resp_code: mrc, group, s_flag: s, qrv, qqic, sources: Sources::from_list(&srcs) });
        let mut buf = vec![0x55u8; m.buffer_len()];
        m.emit(&mut buf).unwrap();
        let back = Message::parse(&buf).unwrap();
        prop_assert_eq!(back, m);
        let mut again = vec![0u8; back.buffer_len()];
        back.emit(&mut again).unwrap();
        prop_assert_eq!(again, buf);
    }

    #[test]
    fn v3_report_round_trips(recs in proptest::collection::vec(
        (1u8..=8, ipv4_multicast(), proptest::collection::vec(ipv4(), 0..6), 0usize..3), 0..12)) {
        let mut buf = vec![0x33u8; 2048];
        let mut w = ReportV3Writer::new(&mut buf).unwrap();
        for (t, g, s, aux) in &recs {
            w.record(RecordType(*t), *g, s.as_slice(), &vec![0xA5; 4 * aux]).unwrap();
        }
        let n = w.finish();
        let Message::ReportV3 { records } = Message::parse(&buf[..n]).unwrap() else { panic!("not a v3 report") };
        prop_assert_eq!(records.count() as usize, recs.len());
        for (r, (t, g, s, aux)) in records.iter().zip(&recs) {
            prop_assert_eq!(r.record_type, RecordType(*t));
            prop_assert_eq!(r.group, *g);
            prop_assert_eq!(r.sources, Sources::from_list(s));
            prop_assert_eq!(r.aux_data.len(), 4 * aux);
        }
        // parse -> emit reproduces the bytes, and the writer re-emits parsed records identically
        let m = Message::parse(&buf[..n]).unwrap();
        let mut again = vec![0u8; m.buffer_len()];
        m.emit(&mut again).unwrap();
        prop_assert_eq!(&again[..], &buf[..n]);
    }

    /// The one parse on built reports (records with sources and aux data), then on the same
    /// bytes with any one byte changed and with the checksum patched so that the record walk,
    /// not the checksum, meets the damage: its fast paths agree with the slow path every time.
    #[test]
    fn fast_paths_agree_on_built_reports(recs in proptest::collection::vec(
        (1u8..=8, ipv4_multicast(), proptest::collection::vec(ipv4(), 0..6), 0usize..3), 0..12),
        at in any::<prop::sample::Index>(), byte in any::<u8>(), patch in any::<bool>()) {
        let mut buf = vec![0u8; 2048];
        let mut w = ReportV3Writer::new(&mut buf).unwrap();
        for (t, g, s, aux) in &recs {
            w.record(RecordType(*t), *g, s.as_slice(), &vec![0xA5; 4 * aux]).unwrap();
        }
        let n = w.finish();
        let msg = &mut buf[..n];
        common::fuzz_checks::fast_paths_agree(msg);
        let Message::ReportV3 { records } = Message::parse(msg).unwrap() else { panic!("not a v3 report") };
        prop_assert_eq!(usize::from(records.count()), recs.len());
        prop_assert_eq!(records.iter().count(), recs.len());
        msg[at.index(n)] = byte;
        if patch {
            patch_checksum(msg);
        }
        common::fuzz_checks::fast_paths_agree(msg);
    }

    /// The one parse on built v3 queries, then with any one byte changed, with the checksum
    /// patched or not, then cut short: the sum-first query path agrees with the slow path.
    #[test]
    fn fast_paths_agree_on_built_queries(mrc in any::<u8>(), group in ipv4(), s in any::<bool>(),
        qrv in 0u8..8, qqic in any::<u8>(), srcs in proptest::collection::vec(ipv4(), 0..12),
        at in any::<prop::sample::Index>(), byte in any::<u8>(), patch in any::<bool>(),
        cut in 0usize..16) {
        let m = QueryV3 { max_resp_code: mrc, group, s_flag: s, qrv, qqic, sources: Sources::from_list(&srcs) };
        let mut buf = vec![0u8; Message::QueryV3(m).buffer_len()];
        Message::QueryV3(m).emit(&mut buf).unwrap();
        prop_assert_eq!(Message::parse(&buf), Ok(Message::QueryV3(m)));
        common::fuzz_checks::fast_paths_agree(&buf);
        let n = buf.len();
        buf[at.index(n)] = byte;
        if patch {
            patch_checksum(&mut buf);
        }
        common::fuzz_checks::fast_paths_agree(&buf);
        // and cut short: source counts that overrun, the 9-11 byte rule, v1/v2 lengths
        common::fuzz_checks::fast_paths_agree(&buf[..n.saturating_sub(cut)]);
    }

    /// The one parse on built queries, reports and leaves (with trailing bytes, which reports
    /// and leaves may carry), then with any one byte changed, with the checksum patched or
    /// not, then cut short: the 8-byte path agrees with the slow path every time.
    #[test]
    fn fast_paths_agree_on_built_v1v2_messages((kind, code, group) in fixed_message(),
        extra in proptest::collection::vec(any::<u8>(), 0..8),
        at in any::<prop::sample::Index>(), byte in any::<u8>(), patch in any::<bool>(),
        cut in 0usize..10) {
        let m = build_fixed(kind, code, group);
        let mut buf = vec![0u8; 8];
        m.emit(&mut buf).unwrap();
        prop_assert_eq!(Message::parse(&buf), Ok(m));
        buf.extend_from_slice(&extra);
        patch_checksum(&mut buf);
        common::fuzz_checks::fast_paths_agree(&buf);
        let n = buf.len();
        buf[at.index(n)] = byte;
        if patch {
            patch_checksum(&mut buf);
        }
        common::fuzz_checks::fast_paths_agree(&buf);
        common::fuzz_checks::fast_paths_agree(&buf[..n.saturating_sub(cut)]);
    }

    #[test]
    fn parse_never_panics(data in bytes(300)) {
        // The fuzz targets' checks (which include the fast paths' agreement) on random bytes.
        common::fuzz_checks::parse(&data);
        common::fuzz_checks::round_trip(&data);
        if let Ok(m) = Message::parse_lax(&data) {
            if let Message::ReportV3 { records } = m {
                prop_assert!(records.iter().count() == records.count() as usize);
            }
            let mut out = vec![0u8; m.buffer_len()];
            prop_assert!(m.emit(&mut out).is_ok());
        }
    }

    #[test]
    fn short_buffers_are_errors((kind, code, group) in fixed_message(), short in 0usize..8) {
        let m = build_fixed(kind, code, group);
        let mut buf = vec![0u8; short];
        prop_assert_eq!(m.emit(&mut buf), Err(BuildError::BufferTooSmall { needed: 8, available: short }));
    }

    #[test]
    fn codes_round_trip_and_clamp(v in 0u32..100_000, c in any::<u8>()) {
        prop_assert_eq!(encode_code(decode_code(c)), c);
        let e = encode_code(v);
        let d = decode_code(e);
        if v >= MAX_CODE_VALUE {
            prop_assert_eq!(e, 0xff);
        } else {
            prop_assert!(d <= v, "encoding never overstates: {} -> {:#x} -> {}", v, e, d);
            // and is the largest code not above v
            prop_assert!(e == 0xff || decode_code(e + 1) > v || (e < 127 && e as u32 == v));
        }
    }

    #[test]
    fn rewrite_group_equals_rebuild((kind, code, group) in fixed_message(), new in ipv4()) {
        let mut buf = [0u8; 8];
        build_fixed(kind, code, group).emit(&mut buf).unwrap();
        rewrite_group(&mut buf, new).unwrap();
        let mut want = [0u8; 8];
        build_fixed(kind, code, new).emit(&mut want).unwrap();
        prop_assert!(pdukit_checksum::verify(&buf));
        prop_assert_eq!(Message::parse(&buf).unwrap(), Message::parse(&want).unwrap());
    }
}

#[test]
fn query_version_follows_rfc3376_section_7_1() {
    let mut q = [0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let fix = |b: &mut [u8]| {
        b[2] = 0;
        b[3] = 0;
        let c = pdukit_checksum::checksum(b);
        b[2..4].copy_from_slice(&c.to_be_bytes());
    };
    fix(&mut q[..8]);
    assert!(matches!(
        Message::parse(&q[..8]).unwrap(),
        Message::QueryV1 { .. }
    ));
    q[1] = 100;
    fix(&mut q[..8]);
    assert!(matches!(
        Message::parse(&q[..8]).unwrap(),
        Message::QueryV2 {
            max_resp_time: 100,
            ..
        }
    ));
    for len in 9..=11 {
        fix(&mut q[..len]);
        assert_eq!(Message::parse(&q[..len]), Err(ignored_query_length(len)));
    }
    fix(&mut q[..12]);
    assert!(matches!(Message::parse(&q).unwrap(), Message::QueryV3(_)));
}

#[test]
fn lying_source_count_is_a_precise_error() {
    // v3 query claiming 3 sources with room for 1.
    let mut q = [0x11, 100, 0, 0, 0, 0, 0, 0, 0x02, 125, 0, 3, 192, 0, 2, 1];
    let c = pdukit_checksum::checksum(&q);
    q[2..4].copy_from_slice(&c.to_be_bytes());
    assert_eq!(
        Message::parse(&q),
        Err(pdukit_igmp::ParseError::BadLength {
            field: name::QUERY_NUM_SOURCES,
            offset: 12,
            declared: 12,
            available: 4
        })
    );
}

#[test]
fn aux_data_is_skipped_not_misread() {
    // One record with 1 word of aux data, then a second record: tcpdump/scapy desync here.
    let mut buf = [0u8; 64];
    let mut w = ReportV3Writer::new(&mut buf).unwrap();
    let g1: Ipv4Addr = "239.1.1.1".parse().unwrap();
    let g2: Ipv4Addr = "239.2.2.2".parse().unwrap();
    w.record(
        RecordType::MODE_IS_EXCLUDE,
        g1,
        &[],
        &[0xde, 0xad, 0xbe, 0xef],
    )
    .unwrap();
    w.record(RecordType(42), g2, &[Ipv4Addr::new(10, 0, 0, 1)], &[])
        .unwrap();
    let n = w.finish();
    let Message::ReportV3 { records } = Message::parse(&buf[..n]).unwrap() else {
        panic!()
    };
    let v: Vec<_> = records.iter().collect();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].aux_data, &[0xde, 0xad, 0xbe, 0xef]);
    assert_eq!(v[1].group, g2);
    assert_eq!(
        v[1].record_type,
        RecordType(42),
        "unknown record types are kept, skipped by length"
    );
}

/// The error for a query of 9 to 11 bytes (RFC 3376 §7.1: MUST be ignored).
fn ignored_query_length(len: usize) -> ParseError {
    ParseError::Invalid {
        field: name::QUERY_LENGTH,
        offset: 0,
        found: len as u32,
        expected: Expected::Text("8 or at least 12 bytes (RFC 3376 7.1: 9-11 MUST be ignored)"),
    }
}

#[test]
fn lying_record_count_and_record_lengths_are_precise_errors() {
    // Two records, then a count of 3: the truncation at byte 8 + 2 * 12.
    let mut buf = [0u8; 64];
    let mut w = ReportV3Writer::new(&mut buf).unwrap();
    let src = [Ipv4Addr::new(192, 0, 2, 1)];
    w.record(
        RecordType::ALLOW_NEW_SOURCES,
        Ipv4Addr::new(232, 1, 1, 1),
        &src,
        &[],
    )
    .unwrap();
    w.record(
        RecordType::BLOCK_OLD_SOURCES,
        Ipv4Addr::new(232, 1, 1, 2),
        &src,
        &[],
    )
    .unwrap();
    let n = w.finish();
    let msg = &mut buf[..n];
    msg[7] = 3;
    patch_checksum(msg);
    let want = ParseError::Truncated {
        field: name::RECORD_HEADER,
        offset: 32,
        needed: 8,
        available: 0,
    };
    assert_eq!(Message::parse(msg), Err(want));
    // ... named before a wrong checksum (structure first).
    msg[2] ^= 1;
    assert_eq!(Message::parse(msg), Err(want));
    // A source count that overruns the message: the first record's own error.
    msg[7] = 2;
    msg[8 + 3] = 9;
    patch_checksum(msg);
    let want = ParseError::BadLength {
        field: name::RECORD_BODY,
        offset: 8,
        declared: 8 + 4 * 9,
        available: 24,
    };
    assert_eq!(Message::parse(msg), Err(want));
    // Repaired, a wrong checksum is the error, with both values.
    msg[8 + 3] = 1;
    patch_checksum(msg);
    assert!(matches!(Message::parse(msg), Ok(Message::ReportV3 { .. })));
    msg[2] ^= 1;
    assert!(matches!(
        Message::parse(msg),
        Err(ParseError::BadChecksum { offset: 2, .. })
    ));
    assert_eq!(
        Message::parse(&msg[..5]),
        Err(ParseError::Truncated {
            field: name::HEADER,
            offset: 0,
            needed: 8,
            available: 5
        })
    );
}

#[test]
fn v3_query_errors_follow_the_documented_order() {
    // v3 query claiming 3 sources with room for 1: the error, offset and all.
    let mut q = [0x11, 100, 0, 0, 0, 0, 0, 0, 0x02, 125, 0, 3, 192, 0, 2, 1];
    let c = pdukit_checksum::checksum(&q);
    q[2..4].copy_from_slice(&c.to_be_bytes());
    let want = ParseError::BadLength {
        field: name::QUERY_NUM_SOURCES,
        offset: 12,
        declared: 12,
        available: 4,
    };
    assert_eq!(Message::parse(&q), Err(want));
    // ... even when the checksum is wrong too (the structure is named first)
    q[2] ^= 0x40;
    assert_eq!(Message::parse(&q), Err(want));
    // One source: parses, with its fields.
    q[11] = 1;
    q[2..4].fill(0);
    let c = pdukit_checksum::checksum(&q);
    q[2..4].copy_from_slice(&c.to_be_bytes());
    let Ok(Message::QueryV3(got)) = Message::parse(&q) else {
        panic!("not a v3 query")
    };
    assert_eq!(
        got.sources.iter().collect::<Vec<_>>(),
        [Ipv4Addr::new(192, 0, 2, 1)]
    );
    assert_eq!(
        (got.qrv, got.query_interval(), got.max_resp_time()),
        (2, 125, 100)
    );
    // A wrong checksum on a sound query.
    q[15] ^= 1;
    assert!(matches!(
        Message::parse(&q),
        Err(ParseError::BadChecksum { .. })
    ));
    // 9 to 11 bytes MUST be ignored, checksum right or wrong; under 8 is cut.
    assert_eq!(Message::parse(&q[..10]), Err(ignored_query_length(10)));
    assert!(matches!(
        Message::parse(&q[..7]),
        Err(ParseError::Truncated { available: 7, .. })
    ));
}

#[test]
fn eight_byte_messages_by_kind_and_checksum() {
    let g = Ipv4Addr::new(239, 1, 2, 3);
    let mut b = [0u8; 8];
    for m in [
        Message::QueryV1 {
            group: Ipv4Addr::UNSPECIFIED,
        },
        Message::QueryV2 {
            max_resp_time: 100,
            group: g,
        },
        Message::ReportV1 { group: g },
        Message::ReportV2 { group: g },
        Message::Leave { group: g },
    ] {
        m.emit(&mut b).unwrap();
        assert_eq!(Message::parse(&b), Ok(m));
        // A wrong checksum: stored and computed values included.
        let stored = u16::from_be_bytes([b[2], b[3]]);
        b[7] ^= 0x10;
        let computed = pdukit_igmp::compute_checksum(&b);
        assert_eq!(
            Message::parse(&b),
            Err(ParseError::BadChecksum {
                field: name::CHECKSUM,
                offset: 2,
                stored,
                computed
            })
        );
        assert_eq!(
            Message::parse_lax(&b).map(|m| m.msg_type()),
            Ok(m.msg_type())
        );
    }
    // A report with 4 trailing bytes: summed over all 12.
    let mut long = [0u8; 12];
    Message::ReportV2 { group: g }.emit(&mut long[..8]).unwrap();
    long[8..].copy_from_slice(&[1, 2, 3, 4]);
    patch_checksum(&mut long);
    assert_eq!(Message::parse(&long), Ok(Message::ReportV2 { group: g }));
    long[11] ^= 1;
    assert!(matches!(
        Message::parse(&long),
        Err(ParseError::BadChecksum { .. })
    ));
    // An 8-byte v3 report (no records) and another type, summed over their 8 bytes.
    let mut r3 = [0x22, 0, 0, 0, 0, 0, 0, 0];
    patch_checksum(&mut r3);
    assert!(matches!(Message::parse(&r3), Ok(Message::ReportV3 { .. })));
    let mut dvmrp = [0x13, 7, 0, 0, 1, 2, 3, 4];
    patch_checksum(&mut dvmrp);
    assert_eq!(
        Message::parse(&dvmrp),
        Ok(Message::Other {
            msg_type: pdukit_igmp::MessageType::DVMRP,
            code: 7,
            body: &[0, 0, 1, 2, 3, 4][2..]
        })
    );
}
