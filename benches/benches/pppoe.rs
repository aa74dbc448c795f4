//! PPPoE discovery parsing, every tag read: pdukit against packet-dissector-pppoe on the same
//! PADO with 6 tags (AC-Name, two Service-Names, AC-Cookie, Host-Uniq, Relay-Session-Id);
//! packet-strata reported too, although it reads only the 6-byte header (no tags).
//!
//! packet-dissector decodes into a reusable `DissectBuffer`; reading every tag there means
//! folding every field it produced. pdukit parses strictly (payload and every tag length
//! checked) and the fold reads every tag's type and value. Before measuring, both are checked
//! to see the same six tags with the same values.

#![allow(missing_docs)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use packet_dissector_core::dissector::Dissector;
use packet_dissector_core::field::FieldValue;
use packet_dissector_core::packet::DissectBuffer;
use packet_dissector_pppoe::PppoeDiscoveryDissector;
use packet_strata::packet::tunnel::pppoe::PppoeHeader;
use packet_strata::packet::HeaderParser;
use pdukit_pppoe::{Code, Discovery, DiscoveryWriter, TagType};

fn pado() -> Vec<u8> {
    let mut b = vec![0u8; 256];
    let mut w = DiscoveryWriter::new(&mut b, Code::PADO, 0).unwrap();
    w.tag(TagType::AC_NAME, b"bng1.pop3.example").unwrap();
    w.tag(TagType::SERVICE_NAME, b"internet").unwrap();
    w.tag(TagType::SERVICE_NAME, b"voip").unwrap();
    w.tag(TagType::AC_COOKIE, &[0x5a; 20]).unwrap();
    w.tag(TagType::HOST_UNIQ, &[1, 2, 3, 4, 5, 6, 7, 8])
        .unwrap();
    w.tag(TagType::RELAY_SESSION_ID, &[9; 12]).unwrap();
    let n = w.finish();
    b.truncate(n);
    b
}

fn bytes_fold(v: &[u8]) -> u64 {
    // Reads the value: its length and first and last bytes (as a consumer comparing or
    // copying it would touch it).
    v.len() as u64
        + u64::from(v.first().copied().unwrap_or(0))
        + u64::from(v.last().copied().unwrap_or(0))
}

fn pdukit(b: &[u8]) -> u64 {
    let Ok(d) = Discovery::parse(b) else { return 0 };
    let mut a =
        u64::from(d.header.code.0) + u64::from(d.header.session_id) + u64::from(d.header.length);
    for t in d.tags() {
        a = a
            .wrapping_add(u64::from(t.tag_type.0))
            .wrapping_add(bytes_fold(t.value));
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
            FieldValue::Bytes(b) => bytes_fold(b),
            FieldValue::Str(s) => bytes_fold(s.as_bytes()),
            _ => 1,
        });
    }
    a
}

fn strata(b: &[u8]) -> u64 {
    match PppoeHeader::from_bytes(b) {
        Ok((h, rest)) => {
            u64::from(h.code())
                + u64::from(h.session_id())
                + u64::from(h.length())
                + rest.len() as u64
        }
        Err(_) => 0,
    }
}

fn same_tags(b: &[u8]) {
    let d = Discovery::parse(b).unwrap();
    let mut buf = DissectBuffer::new();
    PppoeDiscoveryDissector.dissect(b, &mut buf, 0).unwrap();
    let theirs: Vec<Vec<u8>> = buf
        .fields()
        .iter()
        .filter_map(|f| match f.value {
            FieldValue::Bytes(v) => Some(v.to_vec()),
            FieldValue::Str(s) => Some(s.as_bytes().to_vec()),
            _ => None,
        })
        .collect();
    for t in d.tags() {
        assert!(
            theirs.contains(&t.value.to_vec()),
            "packet-dissector lacks {:?}",
            t.tag_type
        );
    }
    assert_eq!(d.tags().count(), 6);
}

fn parse(c: &mut Criterion) {
    let b = pado();
    same_tags(&b);
    assert_ne!(pdukit(&b), 0);
    let mut g = c.benchmark_group("pppoe_parse/pado_6_tags");
    g.throughput(Throughput::Elements(1));
    g.bench_function("pdukit", |bn| bn.iter(|| pdukit(black_box(&b))));
    g.bench_function("packet-dissector-pppoe", |bn| {
        // The buffer is reused across iterations, as the crate intends.
        let mut buf = DissectBuffer::new();
        bn.iter(|| {
            buf.clear();
            if PppoeDiscoveryDissector
                .dissect(black_box(&b), &mut buf, 0)
                .is_err()
            {
                return 0;
            }
            fold_fields(&buf)
        })
    });
    g.bench_function("packet-strata_header_only", |bn| {
        bn.iter(|| strata(black_box(&b)))
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
