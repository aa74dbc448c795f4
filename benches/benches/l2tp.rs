//! L2TP SCCRQ with 10 AVPs (one hidden: the Assigned Tunnel ID, padded to a 16-byte block so
//! rl2tp can read it): parse + read every AVP, pdukit against packet-dissector-l2tp and rl2tp
//! (the Rust L2TP parsers on crates.io) on the same message; and encoding the SCCRQ against rl2tp.
//!
//! - packet-dissector decodes into a reusable `DissectBuffer` of typed fields and cannot
//!   decrypt hidden AVPs: it is compared with pdukit reading every typed value and leaving the
//!   hidden one encrypted (`pdukit`).
//! - rl2tp reads into owned AVPs and decrypts hidden ones with `AVP::reveal`. It is compared
//!   with pdukit doing the same decryption (`pdukit_reveal`); `rl2tp` (read only, the hidden
//!   AVP left encrypted) is compared with `pdukit`. rl2tp 1.0 cannot read a real L2TP
//!   message: it numbers the bits of the header word and of each AVP's first octet from the other
//!   end (T at 0x0100, L 0x0200, S 0x1000, the version in bits 4-7; an AVP's M at 0x01, H at
//!   0x02, the length's top bits at 0xc0), so a real control message (first word 0xc802, as
//!   xl2tpd and RFC 2661 write it) fails with `InvalidVersion(0)`; its Random Vector is fixed at
//!   4 bytes (xl2tpd sends 16) and its hidden "original length" counts the AVP header (RFC 2661
//!   §4.3: the value's length), so it reads neither xl2tpd's nor the RFC's hidden AVPs. It is
//!   given the same SCCRQ in its own encoding: the same AVPs in the same order, the header bits
//!   moved, a 4-byte Random Vector and the tunnel ID hidden by its own `AVP::hide` (padded to
//!   16 bytes, which its `reveal` requires; RFC 2661 allows a partial last block).
//!
//! Before measuring, all three are checked to agree on the message type, host name, protocol
//! version, tunnel ID (decrypted) and AVP count.

#![allow(missing_docs)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use packet_dissector_core::dissector::Dissector;
use packet_dissector_core::field::FieldValue;
use packet_dissector_core::packet::DissectBuffer;
use packet_dissector_l2tp::L2tpDissector;
use pdukit_l2tp::{
    field::AVP_MAX_VALUE, AvpType, AvpValue, Carrier, ControlWriter, MessageType, Packet, Padding,
};
use rl2tp::avp::types::{AssignedTunnelId, RandomVector};
use rl2tp::avp::AVP;
use rl2tp::common::{SliceReader, VecWriter};
use rl2tp::Message;

const SECRET: &[u8] = b"labsecret";
const TUNNEL: u16 = 4242;

fn input() -> Vec<u8> {
    let mut b = [0u8; 512];
    let mut w = ControlWriter::v2(&mut b, 0, 0, 0, 0).unwrap();
    w.message_type(MessageType::SCCRQ)
        .unwrap()
        .value(true, &AvpValue::RandomVector(b"0123456789abcdef"))
        .unwrap()
        .value(
            true,
            &AvpValue::ProtocolVersion {
                version: 1,
                revision: 0,
            },
        )
        .unwrap()
        .value(true, &AvpValue::FramingCapabilities(3))
        .unwrap()
        .value(true, &AvpValue::BearerCapabilities(0))
        .unwrap()
        .value(false, &AvpValue::FirmwareRevision(0x0690))
        .unwrap()
        .value(true, &AvpValue::HostName(b"lac.example.net"))
        .unwrap()
        .value(false, &AvpValue::VendorName(b"pdukit"))
        .unwrap()
        .hidden(
            true,
            0,
            AvpType::ASSIGNED_TUNNEL_ID.0,
            &TUNNEL.to_be_bytes(),
            SECRET,
            Padding::Block,
        )
        .unwrap()
        .value(true, &AvpValue::ReceiveWindowSize(4))
        .unwrap();
    let n = w.finish().unwrap();
    b[..n].to_vec()
}

fn fold(v: &AvpValue<'_>) -> u64 {
    match *v {
        AvpValue::MessageType(t) => u64::from(t.0),
        AvpValue::ProtocolVersion { version, revision } => u64::from(version) + u64::from(revision),
        AvpValue::FramingCapabilities(x) | AvpValue::BearerCapabilities(x) => u64::from(x),
        AvpValue::FirmwareRevision(x)
        | AvpValue::AssignedTunnelId(x)
        | AvpValue::ReceiveWindowSize(x) => u64::from(x),
        AvpValue::HostName(b)
        | AvpValue::VendorName(b)
        | AvpValue::RandomVector(b)
        | AvpValue::Hidden(b) => b.len() as u64,
        _ => 1,
    }
}

/// Parse strictly, read every AVP's typed value (the hidden one stays encrypted).
fn pdukit(b: &[u8]) -> u64 {
    let Ok(Packet::Control(c)) = Packet::parse(b, Carrier::Udp) else {
        return 0;
    };
    let mut a = u64::from(c.header.tunnel_id);
    for avp in c.avps() {
        a = a.wrapping_add(avp.value().map_or(0, |v| fold(&v)));
    }
    a
}

/// The same, decrypting the hidden AVP.
fn pdukit_reveal(b: &[u8]) -> u64 {
    let Ok(Packet::Control(c)) = Packet::parse(b, Carrier::Udp) else {
        return 0;
    };
    let mut a = u64::from(c.header.tunnel_id);
    let mut plain = [0u8; AVP_MAX_VALUE];
    for avp in c.avps() {
        let v = if avp.hidden {
            avp.reveal(SECRET, &mut plain)
        } else {
            avp.value()
        };
        a = a.wrapping_add(v.map_or(0, |v| fold(&v)));
    }
    a
}

fn fold_fields(buf: &DissectBuffer<'_>) -> u64 {
    let mut a = 0u64;
    for f in buf.fields() {
        a = a.wrapping_add(match f.value {
            FieldValue::U8(v) => u64::from(v),
            FieldValue::U16(v) => u64::from(v),
            FieldValue::U32(v) => u64::from(v),
            FieldValue::Bytes(b) => b.len() as u64,
            FieldValue::Str(s) => s.len() as u64,
            _ => 1,
        });
    }
    a
}

fn rl2tp_fold(avp: &AVP) -> u64 {
    match avp {
        AVP::MessageType(_) => 1,
        AVP::ProtocolVersion(p) => u64::from(p.version) + u64::from(p.revision),
        AVP::HostName(h) => h.value.len() as u64,
        AVP::VendorName(v) => v.value.len() as u64,
        AVP::AssignedTunnelId(t) => u64::from(t.value),
        AVP::ReceiveWindowSize(r) => u64::from(r.value),
        AVP::FirmwareRevision(f) => u64::from(f.value),
        AVP::RandomVector(r) => r.value.len() as u64,
        _ => 1,
    }
}

/// rl2tp: read the message and fold every AVP (the hidden one left encrypted).
fn rl2tp_read(b: &[u8]) -> u64 {
    let Ok(Message::Control(c)) = Message::try_read(&mut SliceReader::from(b)) else {
        return 0;
    };
    let mut a = u64::from(c.tunnel_id);
    for avp in &c.avps {
        a = a.wrapping_add(rl2tp_fold(avp));
    }
    a
}

/// rl2tp: read the message, then reveal the hidden AVP with the Random Vector before it.
fn rl2tp(b: &[u8]) -> u64 {
    let Ok(Message::Control(c)) = Message::try_read(&mut SliceReader::from(b)) else {
        return 0;
    };
    let mut a = u64::from(c.tunnel_id);
    let mut rv = None;
    for avp in c.avps {
        let avp = match (&avp, &rv) {
            (AVP::Hidden(_), Some(rv)) => match avp.reveal(SECRET, rv) {
                Ok(x) => x,
                Err(_) => return 0,
            },
            _ => avp,
        };
        if let AVP::RandomVector(r) = &avp {
            rv = Some(*r);
        }
        a = a.wrapping_add(rl2tp_fold(&avp));
    }
    a
}

/// The same message with the header word and each AVP's first octet in rl2tp's bit layout.
fn for_rl2tp(b: &[u8]) -> Vec<u8> {
    let mut x = b.to_vec();
    assert_eq!(&x[..2], &[0xc8, 0x02]);
    x[..2].copy_from_slice(&[0x13, 0x20]);
    let p = Packet::parse(b, Carrier::Udp).unwrap();
    for a in p.control().unwrap().avps() {
        let len = a.wire_len();
        x[a.offset] = ((len >> 8) as u8) << 6 | u8::from(a.mandatory) | u8::from(a.hidden) << 1;
    }
    assert!(
        Message::try_read(&mut SliceReader::from(b)).is_err(),
        "rl2tp cannot read 0xc802"
    );
    // Its own Random Vector (4 bytes) and its own hiding of the tunnel ID.
    let Message::Control(mut m) = Message::try_read(&mut SliceReader::from(&x[..])).unwrap() else {
        panic!("control")
    };
    let rv = RandomVector {
        value: [1, 2, 3, 4],
    };
    for a in m.avps.iter_mut() {
        match a {
            AVP::RandomVector(_) => *a = AVP::RandomVector(rv),
            AVP::Hidden(_) => {
                *a = AVP::AssignedTunnelId(AssignedTunnelId { value: TUNNEL }).hide(
                    SECRET,
                    &rv,
                    &[],
                    &[0; 16],
                )
            }
            _ => {}
        }
    }
    let mut w = VecWriter::new();
    Message::<Vec<u8>>::Control(m).write(&mut w);
    w.data
}

fn agree(b: &[u8], theirs: &[u8]) {
    let p = Packet::parse(b, Carrier::Udp).unwrap();
    let c = p.control().unwrap();
    assert_eq!(c.avps().count(), 10);
    assert_eq!(c.message_type(), Some(MessageType::SCCRQ));
    let mut plain = [0u8; AVP_MAX_VALUE];
    let hidden = c.avps().find(|a| a.hidden).unwrap();
    assert_eq!(
        hidden.reveal(SECRET, &mut plain).unwrap(),
        AvpValue::AssignedTunnelId(TUNNEL)
    );
    // rl2tp
    let Message::Control(m) = Message::try_read(&mut SliceReader::from(theirs)).unwrap() else {
        panic!("control")
    };
    assert_eq!(m.avps.len(), 10);
    assert!(m
        .avps
        .iter()
        .any(|a| matches!(a, AVP::HostName(h) if h.value == b"lac.example.net")));
    let rv = m
        .avps
        .iter()
        .find_map(|a| match a {
            AVP::RandomVector(r) => Some(*r),
            _ => None,
        })
        .unwrap();
    let h = m
        .avps
        .into_iter()
        .find(|a| matches!(a, AVP::Hidden(_)))
        .unwrap();
    assert!(
        matches!(h.reveal(SECRET, &rv).unwrap(), AVP::AssignedTunnelId(t) if t.value == TUNNEL)
    );
    // packet-dissector
    let mut buf = DissectBuffer::new();
    L2tpDissector.dissect(b, &mut buf, 0).unwrap();
    let layer = buf.layer_by_name("L2TP").unwrap();
    assert!(buf.field_by_name(layer, "avps").is_some());
    assert!(buf.fields().iter().any(
        |f| matches!(f.value, FieldValue::Str(s) if s == "lac.example.net")
            || matches!(f.value, FieldValue::Bytes(s) if s == b"lac.example.net")
    ));
    assert_ne!(fold_fields(&buf), 0);
    assert_ne!(pdukit(b), 0);
    assert_ne!(pdukit_reveal(b), 0);
    assert_ne!(rl2tp(theirs), 0);
    assert_ne!(rl2tp_read(theirs), 0);
}

fn parse(c: &mut Criterion) {
    let b = input();
    let b_rl2tp = for_rl2tp(&b);
    agree(&b, &b_rl2tp);
    let mut g = c.benchmark_group("l2tp_parse/sccrq_10avps");
    g.throughput(Throughput::Elements(1));
    g.bench_function("pdukit", |bn| bn.iter(|| pdukit(black_box(&b))));
    g.bench_function("pdukit_reveal", |bn| {
        bn.iter(|| pdukit_reveal(black_box(&b)))
    });
    g.bench_function("packet-dissector-l2tp", |bn| {
        let mut buf = DissectBuffer::new();
        bn.iter(|| {
            buf.clear();
            if L2tpDissector.dissect(black_box(&b), &mut buf, 0).is_err() {
                return 0;
            }
            fold_fields(&buf)
        })
    });
    g.bench_function("rl2tp", |bn| bn.iter(|| rl2tp_read(black_box(&b_rl2tp))));
    g.bench_function("rl2tp_reveal", |bn| bn.iter(|| rl2tp(black_box(&b_rl2tp))));
    g.finish();

    // Encoding the same SCCRQ (typed values, the hidden AVP as received).
    let p = Packet::parse(&b, Carrier::Udp).unwrap();
    let ctl = *p.control().unwrap();
    let values: Vec<(bool, Option<AvpValue<'_>>, pdukit_l2tp::Avp<'_>)> = ctl
        .avps()
        .map(|a| (a.mandatory, (!a.hidden).then(|| a.value().unwrap()), a))
        .collect();
    let Message::Control(m) = Message::try_read(&mut SliceReader::from(&b_rl2tp[..])).unwrap()
    else {
        panic!("control")
    };
    let theirs = Message::<Vec<u8>>::Control(m);
    let mut g = c.benchmark_group("l2tp_build/sccrq_10avps");
    g.throughput(Throughput::Elements(1));
    g.bench_function("pdukit", |bn| {
        let mut out = [0u8; 512];
        bn.iter(|| {
            let mut w = ControlWriter::v2(black_box(&mut out), 0, 0, 0, 0).unwrap();
            for (m, v, raw) in black_box(&values) {
                match v {
                    Some(v) => w.value(*m, v).unwrap(),
                    None => w.avp_from(raw).unwrap(),
                };
            }
            w.finish().unwrap()
        })
    });
    g.bench_function("rl2tp", |bn| {
        bn.iter(|| {
            let mut w = VecWriter::new();
            black_box(&theirs).write(&mut w);
            w.data.len()
        })
    });
    g.finish();
    // Both encoders write the input back.
    let mut w = VecWriter::new();
    theirs.write(&mut w);
    assert_eq!(
        w.data, b_rl2tp,
        "rl2tp writes the same bytes (in its layout)"
    );
}

criterion_group!(benches, parse);
criterion_main!(benches);
