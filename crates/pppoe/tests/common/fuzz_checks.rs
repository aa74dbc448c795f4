//! Checks shared by the fuzz targets `pppoe_parse` / `pppoe_roundtrip` and the tests that
//! replay their finds and run them as properties. Panics on a violation.

use pdukit_pppoe::{check, Discovery, DiscoveryWriter, Session, TagValue};

/// Parsing (strict, lax, session), tag decoding, TR-101 walks and the rule checker never
/// panic and agree: strict parse succeeds exactly when the lax one reports no tag error, and
/// both see the same tags.
pub fn parse(data: &[u8]) {
    let strict = Discovery::parse(data);
    match Discovery::parse_lax(data) {
        Ok(lax) => match lax.tag_error() {
            None => assert_eq!(strict, Ok(lax)),
            Some(e) => {
                assert_eq!(strict, Err(e));
                let _ = lax.tags().count();
            }
        },
        Err(e) => assert_eq!(strict, Err(e)),
    }
    if let Ok(d) = strict {
        let mut bytes = 0;
        for t in d.tags() {
            bytes += 4 + t.value.len();
            let _ = t.decode();
            if let Some(tr) = t.tr101() {
                let mut errors = 0;
                for s in tr.sub_options() {
                    if let Err(e) = s {
                        assert!(e.offset() < t.value.len());
                        errors += 1;
                    }
                }
                assert!(errors <= 1, "the sub-option walk ends after an error");
            }
            if let TagValue::VendorSpecific { data, .. } = t.decode() {
                assert_eq!(data.len() + 4, t.value.len());
            }
        }
        assert_eq!(bytes, d.tag_bytes().len());
        assert!(d.tag_bytes().len() + d.after_tags.len() == usize::from(d.header.length));
        let _ = check(&d).len();
    }
    let _ = Session::parse(data);
}

/// Whatever parses strictly builds back: the tags rewritten through the writer give the same
/// header and tags; a buffer one byte short is an error.
pub fn round_trip(data: &[u8]) {
    let Ok(d) = Discovery::parse(data) else {
        return;
    };
    let len = 6 + d.tag_bytes().len();
    let mut b = vec![0u8; len];
    let mut w = DiscoveryWriter::new(&mut b, d.code(), d.header.session_id).expect("header fits");
    for t in d.tags() {
        w.tag_from(&t).expect("tag fits");
    }
    assert_eq!(w.finish(), len);
    let again = Discovery::parse(&b).expect("rebuilt packet parses");
    assert_eq!(again.header.code, d.header.code);
    assert_eq!(again.header.session_id, d.header.session_id);
    assert!(again.tags().eq(d.tags()));
    assert!(again.after_tags.is_empty() && again.trailer.is_empty());
    let mut short = vec![0u8; len - 1];
    if let Ok(mut w) = DiscoveryWriter::new(&mut short, d.code(), d.header.session_id) {
        let ok = d.tags().try_for_each(|t| w.tag_from(&t).map(|_| ()));
        assert!(ok.is_err() || d.tags().next().is_none());
    }
}
