//! Checks shared by the fuzz targets `lacp_parse` / `lacp_roundtrip` and the tests that replay
//! their finds and run them as properties. Panics on a violation.

use pdukit_lacp::{Diagnosis, Lacpdu, Marker, SlowPdu};

/// Parsing (strict, lax, dispatch), TLV walks and the diagnosis never panic and agree: a PDU
/// that parses strictly reads the same fixed fields laxly.
pub fn parse(data: &[u8]) {
    let strict = Lacpdu::parse(data);
    let lax = Lacpdu::parse_lax(data);
    if let Ok(s) = &strict {
        let l = lax.expect("strict implies lax");
        assert_eq!(
            (s.version, s.actor, s.partner, s.collector_max_delay),
            (l.version, l.actor, l.partner, l.collector_max_delay)
        );
        let walked: usize = s.extra_tlvs().map(|t| 2 + t.value.len()).sum();
        assert_eq!(walked, s.extra_tlv_bytes().len());
        let mut d = Diagnosis::new(None);
        d.observe(0, s).expect("link 0");
        let _ = d.findings().iter().count();
        let _ = s.actor.state.to_string();
    }
    match SlowPdu::parse(data) {
        Ok(SlowPdu::Lacp(p)) => assert_eq!(Ok(p), strict),
        Ok(SlowPdu::Marker(m)) => assert_eq!(Marker::parse(data), Ok(m)),
        _ => {}
    }
}

/// Whatever parses builds back: emit -> parse gives the same PDU, emitting again the same bytes,
/// and a buffer one byte short is an error.
pub fn round_trip(data: &[u8]) {
    if let Ok(p) = Lacpdu::parse(data) {
        let len = p.buffer_len();
        let mut b1 = vec![0u8; len];
        assert_eq!(p.emit(&mut b1), Ok(len));
        let again = Lacpdu::parse(&b1).expect("emitted LACPDU parses");
        assert_eq!(again, p);
        let mut b2 = vec![0xa5u8; len];
        assert_eq!(again.emit(&mut b2), Ok(len));
        assert_eq!(b1, b2);
        assert!(p.emit(&mut b2[..len - 1]).is_err());
    }
    if let Ok(m) = Marker::parse(data) {
        let mut b = [0u8; 110];
        assert_eq!(m.emit(&mut b), Ok(110));
        assert_eq!(Marker::parse(&b), Ok(m));
        assert!(m.emit(&mut b[..109]).is_err());
    }
}
