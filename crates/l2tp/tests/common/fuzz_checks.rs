//! Checks shared by the fuzz targets `l2tp_parse` / `l2tp_roundtrip` and the tests that replay
//! their finds (testdata/fuzz/l2tp_*/) and run them as properties. Panics on a violation.

use pdukit_l2tp::{check, field, Avp, Carrier, ControlWriter, Packet};

/// Parsing (strict and lax, over UDP and IP), the AVP walk, typed values, hidden-AVP
/// decryption and the rule checks never panic and agree: what parses strictly parses the same
/// laxly, the walk ends within the bytes, and a strict parse has no AVP error.
pub fn parse(data: &[u8]) {
    for carrier in [Carrier::Udp, Carrier::Ip] {
        let strict = Packet::parse(data, carrier);
        let lax = Packet::parse_lax(data, carrier);
        if let Ok(p) = &strict {
            assert_eq!(
                lax.as_ref().ok(),
                Some(p),
                "lax accepts what strict accepts"
            );
            if let Packet::Control(c) = p {
                assert!(c.avp_error().is_none());
                assert!(c.after_avps.is_empty());
            }
        }
        for p in [strict, lax].into_iter().flatten() {
            match p {
                Packet::Control(c) => {
                    let mut n = 0usize;
                    let mut plain = [0u8; field::AVP_MAX_VALUE];
                    for a in c.avps() {
                        n += 1;
                        assert!(n * 6 <= data.len(), "an AVP takes at least six bytes");
                        assert!(a.offset + a.wire_len() <= data.len());
                        let _ = a.value();
                        if let Ok(v) = a.reveal(b"secret", &mut plain) {
                            let _ = v.key();
                        }
                    }
                    if let Some(e) = c.avp_error() {
                        assert!(e.offset() < data.len());
                    }
                    let _ = check(&c);
                    let _ = c.message_type();
                }
                Packet::DataV2(d) => {
                    assert!(d.payload.len() <= data.len());
                }
                Packet::DataV3(d) => {
                    for len in [0, 4, 8] {
                        if let Ok((cookie, rest)) = d.cookie(len) {
                            assert_eq!(cookie.len() + rest.len(), d.rest.len());
                        }
                    }
                }
            }
        }
    }
}

fn rebuild(c: &pdukit_l2tp::Control<'_>, avps: &[Avp<'_>], buf: &mut [u8]) -> usize {
    let h = c.header;
    let (ns, nr) = h.sequence.expect("a strict control message has Ns and Nr");
    let mut w = match h.session_id {
        Some(sid) => ControlWriter::v2(buf, h.tunnel_id as u16, sid, ns, nr),
        None => ControlWriter::v3(
            buf,
            if h.over_ip { Carrier::Ip } else { Carrier::Udp },
            h.tunnel_id,
            ns,
            nr,
        ),
    }
    .expect("room for the header");
    for a in avps {
        w.avp_from(a).expect("room for the AVP");
    }
    w.finish().expect("a length that fits")
}

/// What parses strictly builds back to the same bytes (the trailer aside): control messages
/// AVP by AVP as sent, and again through every typed value; v2 data messages through `emit`.
pub fn round_trip(data: &[u8]) {
    for carrier in [Carrier::Udp, Carrier::Ip] {
        let Ok(p) = Packet::parse(data, carrier) else {
            continue;
        };
        let mut buf = vec![0u8; data.len() + 16];
        match p {
            Packet::Control(c) => {
                let avps: Vec<Avp<'_>> = c.avps().collect();
                let n = rebuild(&c, &avps, &mut buf);
                let want = data.len() - c.trailer.len();
                assert_eq!(&buf[..n], &data[..want], "raw AVPs build back");
                // Typed: each AVP that decodes writes back to the same value bytes.
                for a in &avps {
                    let Ok(v) = a.value() else { continue };
                    let mut vb = [0u8; field::AVP_MAX_VALUE];
                    let mut w = pdukit_wire::Writer::new(&mut vb);
                    v.write(&mut w).expect("a parsed value writes back");
                    assert_eq!(w.written(), a.value, "{v:?}");
                    if !a.hidden {
                        assert_eq!(v.key(), Some((a.vendor_id, a.attr_type)), "{v:?}");
                    }
                }
            }
            Packet::DataV2(d) => {
                let n = d.emit(&mut buf).expect("room");
                let want = data.len() - d.trailer.len();
                assert_eq!(&buf[..n], &data[..want]);
            }
            Packet::DataV3(_) => {}
        }
    }
}
