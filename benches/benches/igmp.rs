//! IGMP parse + checksum verify + visit every field, pdukit against etherparse 0.21 and smoltcp
//! (v1/v2 only) on the same bytes (inputs and contenders in `pdukit_benches::igmp`); plus
//! builder throughput for the join-flood case.

#![allow(missing_docs)]

use core::hint::black_box;
use core::net::Ipv4Addr;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pdukit_igmp::{rewrite_group, Message, RecordType, ReportV3Writer};

fn parse(c: &mut Criterion) {
    for case in pdukit_benches::igmp::cases() {
        case.bench(c, "igmp_parse");
    }
}

/// Join-flood building: the IGMP part of one join per iteration, for 10 000 cycling groups.
fn build(c: &mut Criterion) {
    let first = u32::from(Ipv4Addr::new(239, 1, 0, 1));
    let mut g = c.benchmark_group("igmp_build/join");
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("v2_report_emit", |b| {
        let mut buf = [0u8; 8];
        b.iter(|| {
            let mut x = 0u16;
            for i in 0..10_000u32 {
                let group = Ipv4Addr::from(first + i);
                Message::ReportV2 { group }.emit(&mut buf).unwrap();
                x ^= u16::from_be_bytes([buf[2], buf[3]]);
            }
            black_box(x)
        })
    });
    g.bench_function("v2_report_rfc1624_rewrite", |b| {
        let mut buf = [0u8; 8];
        Message::ReportV2 {
            group: Ipv4Addr::from(first),
        }
        .emit(&mut buf)
        .unwrap();
        b.iter(|| {
            let mut x = 0u16;
            for i in 0..10_000u32 {
                rewrite_group(&mut buf, Ipv4Addr::from(first + i)).unwrap();
                x ^= u16::from_be_bytes([buf[2], buf[3]]);
            }
            black_box(x)
        })
    });
    g.bench_function("v3_report_1_record_writer", |b| {
        let mut buf = [0u8; 16];
        b.iter(|| {
            let mut x = 0u16;
            for i in 0..10_000u32 {
                let mut w = ReportV3Writer::new(&mut buf).unwrap();
                w.record(
                    RecordType::CHANGE_TO_EXCLUDE,
                    Ipv4Addr::from(first + i),
                    &[][..],
                    &[],
                )
                .unwrap();
                w.finish();
                x ^= u16::from_be_bytes([buf[2], buf[3]]);
            }
            black_box(x)
        })
    });
    g.finish();
}

criterion_group!(benches, parse, build);
criterion_main!(benches);
