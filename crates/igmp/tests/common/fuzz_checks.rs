//! Checks shared by the fuzz targets `igmp_parse` and `igmp_roundtrip` and by the test that
//! replays their finds (testdata/fuzz/igmp_*/) and every fixture payload. Panics on a violated
//! property.

use pdukit_checksum::verify;
use pdukit_igmp::{compute_checksum, field, Message, ParseError};

fn checksum_valid(data: &[u8]) -> bool {
    verify(data)
}

/// Parsing never panics, never loops, and agrees with itself: the checked parse succeeds exactly
/// when the lax parse does and the checksum is right; every field of a parsed message can be
/// visited (iterators end, counts match).
pub fn parse(data: &[u8]) {
    fast_paths_agree(data);
    let lax = Message::parse_lax(data);
    let checked = Message::parse(data);
    match (&lax, &checked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b);
            assert!(checksum_valid(data));
        }
        (
            Ok(_),
            Err(ParseError::BadChecksum {
                stored, computed, ..
            }),
        ) => {
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
    let Ok(msg) = Message::parse_lax(data) else {
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

/// The fast paths inside [`Message::parse`] (the constant-length sum of 8-byte messages, the
/// sum-first v3 query) give exactly the slow path's value or error: the lax parse (every
/// structural rule, in the documented order), then the checksum over the whole message.
pub fn fast_paths_agree(data: &[u8]) {
    let slow = Message::parse_lax(data).and_then(|m| {
        if checksum_valid(data) {
            Ok(m)
        } else {
            Err(ParseError::BadChecksum {
                field: field::name::CHECKSUM,
                offset: field::CHECKSUM.start,
                stored: u16::from_be_bytes([data[2], data[3]]),
                computed: compute_checksum(data),
            })
        }
    });
    assert_eq!(Message::parse(data), slow, "{data:02x?}");
}
