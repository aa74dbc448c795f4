//! Checks shared by the fuzz targets `igmp_parse` and `igmp_roundtrip` and by the test that
//! replays their finds (testdata/fuzz/igmp_*/) and every fixture payload. Panics on a violated
//! property.

use pdukit_igmp::{
    checksum_valid, compute_checksum, Message, MessageV1V2, ParseError, QueryV3, ReportV3,
};

/// Parsing never panics, never loops, and agrees with itself: the checked parse succeeds exactly
/// when the lax parse does and the checksum is right; every field of a parsed message can be
/// visited (iterators end, counts match).
pub fn parse(data: &[u8]) {
    report_reader_agrees(data);
    query_reader_agrees(data);
    v1v2_reader_agrees(data);
    let lax = Message::parse_unchecked(data);
    let checked = Message::parse(data);
    match (&lax, &checked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b);
            assert!(checksum_valid(data));
        }
        (Ok(_), Err(ParseError::BadChecksum { stored, computed })) => {
            assert!(!checksum_valid(data));
            assert_ne!(stored, computed);
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("lax {a:?} vs checked {b:?}"),
    }
    let Ok(msg) = lax else { return };
    assert!(msg.buffer_len() <= data.len().max(8));
    match msg {
        Message::QueryV3(q) => {
            assert_eq!(q.sources.iter().count(), q.sources.len());
        }
        Message::ReportV3 { records } => {
            let mut n = 0usize;
            let mut bytes = 8usize;
            for r in records.iter() {
                assert_eq!(r.sources.iter().count(), r.sources.len());
                assert_eq!(r.aux_data.len() % 4, 0);
                bytes += 8 + 4 * r.sources.len() + r.aux_data.len();
                n += 1;
            }
            assert_eq!(n, usize::from(records.count()));
            assert_eq!(bytes, msg.buffer_len());
        }
        _ => {}
    }
}

/// Whatever parses (laxly) builds back: emit -> parse gives the same message with a valid
/// checksum, emitting again gives the same bytes, and a buffer one byte short is an error.
pub fn round_trip(data: &[u8]) {
    let Ok(msg) = Message::parse_unchecked(data) else {
        return;
    };
    let len = msg.buffer_len();
    let mut buf = vec![0u8; len + 1];
    let n = msg.emit(&mut buf).expect("emit into buffer_len bytes");
    assert_eq!(n, len);
    let again = Message::parse(&buf[..n]).expect("built message parses with its checksum");
    assert_eq!(again, msg);
    let mut buf2 = vec![0xffu8; len];
    assert_eq!(again.emit(&mut buf2), Ok(n));
    assert_eq!(buf[..n], buf2[..]);
    if len > 0 {
        assert!(msg.emit(&mut buf2[..len - 1]).is_err());
    }
}

/// The one-pass report reader agrees with [`Message::parse`]: it gives the same records when the
/// parse succeeds; the same error when the parse fails on length or checksum; and when the parse
/// names a bad record, the walk yields the records before it and then that same error (or, when
/// the checksum is wrong too, the reader stops at the checksum, which it checks first). Other
/// message types are `Ok(None)`; after an error the walk yields nothing.
pub fn report_reader_agrees(data: &[u8]) {
    let full = Message::parse(data);
    let reader = ReportV3::parse(data);
    let is_report = data.len() >= 8 && data[0] == 0x22;
    let report = match (&full, reader) {
        (_, Ok(None)) => {
            assert!(!is_report && data.len() >= 8, "{full:?}");
            return;
        }
        (Err(e @ ParseError::Truncated { offset: 0, .. }), Err(r)) if data.len() < 8 => {
            assert_eq!(*e, r);
            return;
        }
        (Err(ParseError::BadChecksum { .. }), Err(r)) => {
            assert_eq!(full, Err(r));
            return;
        }
        (Err(_), Err(r)) => {
            assert!(is_report);
            assert!(!checksum_valid(data));
            let stored = u16::from_be_bytes([data[2], data[3]]);
            let computed = compute_checksum(data);
            assert_eq!(r, ParseError::BadChecksum { stored, computed });
            return;
        }
        (_, Ok(Some(report))) => report,
        (_, Err(r)) => panic!("reader {r:?}, full parse {full:?}"),
    };
    assert!(is_report && checksum_valid(data));
    let mut walk = report.records();
    let mut seen = 0usize;
    let mut failed = None;
    for item in &mut walk {
        match item {
            Ok(_) => seen += 1,
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    assert!(walk.next().is_none(), "the walk ends after an error");
    match (full, failed) {
        (Ok(Message::ReportV3 { records }), None) => {
            assert_eq!(report.count(), records.count());
            assert_eq!(seen, usize::from(records.count()));
            assert!(report.records().map(|r| r.unwrap()).eq(records.iter()));
        }
        (Err(e), Some(r)) => {
            assert_eq!(e, r);
            assert!(seen < usize::from(report.count()));
        }
        (full, failed) => panic!("full parse {full:?}, walk ended with {failed:?}"),
    }
}

/// The one-pass v3 query reader gives exactly what [`Message::parse`] gives for a query (same
/// fields, same error), `Ok(None)` for v1/v2 (8-byte) queries, good or bad, and other types, and
/// the same truncation error under 8 bytes.
pub fn query_reader_agrees(data: &[u8]) {
    let full = Message::parse(data);
    let reader = QueryV3::parse(data);
    if data.len() < 8 {
        assert_eq!(reader.map(|_| ()), full.map(|_| ()));
        return;
    }
    let want = match full {
        Ok(Message::QueryV3(q)) => Ok(Some(q)),
        Ok(_) => Ok(None),
        // An 8-byte query is v1/v2: not the reader's, whatever its checksum.
        Err(e) if data[0] == 0x11 && data.len() != 8 => Err(e),
        Err(_) => Ok(None),
    };
    assert_eq!(reader, want);
}

/// The v1/v2 reader gives what `Message::parse` gives for an 8-byte query, a v1 or v2 report or
/// a leave (value or error), and `Ok(None)` for every other message, whatever its checksum.
pub fn v1v2_reader_agrees(data: &[u8]) {
    let full = Message::parse(data);
    let reader = MessageV1V2::parse(data);
    let covered = match data.first() {
        Some(0x11) => data.len() == 8,
        Some(0x12 | 0x16 | 0x17) => data.len() >= 8,
        _ => false,
    };
    let want = match full {
        Err(e) if covered || data.len() < 8 => Err(e),
        Ok(
            m @ (Message::QueryV1 { .. }
            | Message::QueryV2 { .. }
            | Message::ReportV1 { .. }
            | Message::ReportV2 { .. }
            | Message::Leave { .. }),
        ) => {
            assert!(covered, "{m:?} from {data:02x?}");
            let r = reader.unwrap().unwrap();
            assert_eq!(r.message(), m);
            assert_eq!(r.msg_type(), m.msg_type());
            Ok(Some(r))
        }
        _ => {
            assert!(!covered, "{full:?} from {data:02x?}");
            Ok(None)
        }
    };
    assert_eq!(reader, want);
}
