//! ICMP error parsing for path-MTU work, pdukit against etherparse, smoltcp (packet API) and
//! pnet_packet on the same bytes; the inputs and contenders are in `pdukit_benches::icmp`.

#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};

fn parse(c: &mut Criterion) {
    for case in pdukit_benches::icmp::cases() {
        case.bench(c, "icmp_parse");
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);
