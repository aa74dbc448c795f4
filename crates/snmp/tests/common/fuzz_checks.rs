//! Checks shared by the fuzz targets `snmp_parse` / `snmp_roundtrip` and the tests that replay
//! their finds (testdata/fuzz/snmp_*/) and run them as properties. Panics on a violation.

use pdukit_snmp::{rules, Message, Pdu, Value};

/// Parsing (strict and lax), the varbind walk (values, OIDs as text and arcs) and the rule
/// checks never panic and agree: what parses strictly parses the same laxly; every varbind is an
/// item (value or error), and the walk ends.
pub fn parse(data: &[u8]) {
    let strict = Message::parse(data);
    let lax = Message::parse_lax(data);
    if let Ok(m) = &strict {
        assert_eq!(
            lax.as_ref().ok(),
            Some(m),
            "lax accepts what strict accepts"
        );
    }
    for m in [strict, lax].into_iter().flatten() {
        let Some(pdu) = m.pdu() else { continue };
        let mut n = 0usize;
        for vb in pdu.varbinds().iter() {
            n += 1;
            assert!(n <= data.len(), "a varbind takes at least one byte");
            let Ok(vb) = vb else { continue };
            let arcs = vb.name.arcs().count();
            assert!((2..=129).contains(&arcs), "{arcs} arcs");
            assert_eq!(arcs, vb.name.len());
            let text = vb.name.to_string();
            assert_eq!(text.split('.').count(), arcs);
            let back: pdukit_snmp::OidBuf = text.parse().expect("an OID's text parses back");
            assert_eq!(back.as_oid(), vb.name);
            if let Value::ObjectId(o) = vb.value {
                let _ = o.to_string();
            }
        }
        assert_eq!(
            pdu.varbinds().len(),
            n,
            "len counts the items the walk yields"
        );
        if let Pdu::TrapV1(t) = pdu {
            let _ = rules::generic_of_trap_oid(&t.enterprise);
        }
        let _ = rules::check(&m).len();
    }
}

/// Whatever parses (laxly) builds back: emit -> parse gives the same message, emitting again
/// gives the same bytes, a buffer one byte short is an error.
pub fn round_trip(data: &[u8]) {
    let Ok(m) = Message::parse_lax(data) else {
        return;
    };
    let len = m.buffer_len();
    let mut b1 = vec![0u8; len];
    assert_eq!(m.emit(&mut b1), Ok(len));
    let again = Message::parse(&b1).expect("an emitted message parses strictly");
    // A varbind that does not decode is kept as wire bytes; its error names an absolute offset,
    // which moves when an earlier field is re-encoded minimally. Such lists compare by bytes.
    let bad = |m: &Message<'_>| {
        m.pdu()
            .is_some_and(|p| p.varbinds().iter().any(|v| v.is_err()))
    };
    if bad(&m) {
        let bytes = |m: &Message<'_>| m.pdu().map(|p| p.varbinds().as_bytes().to_vec());
        assert_eq!(bytes(&again), bytes(&m));
        assert!(bad(&again));
    } else {
        assert_eq!(again, m);
    }
    let mut b2 = vec![0xa5u8; len];
    assert_eq!(again.emit(&mut b2), Ok(len));
    assert_eq!(b1, b2, "emit is deterministic and minimal");
    assert!(m.emit(&mut b2[..len - 1]).is_err());
}
