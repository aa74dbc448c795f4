//! RFC 1071 checksum throughput: pdukit against smoltcp, etherparse, internet-checksum,
//! pnet_packet, a naive 16-bit loop, and a plain u64 read-sum of the same buffer (the practical
//! limit: it reads every byte and adds, nothing more), compiled both for the baseline target
//! like every contender and with the run-time dispatch pdukit's long path uses. Every contender
//! is first checked to agree with pdukit on the buffer, so the numbers compare equal work.

#![allow(missing_docs)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 5] = [64, 576, 1500, 9000, 65536];

fn pdukit(b: &[u8]) -> u16 {
    pdukit_checksum::checksum(b)
}

fn smoltcp(b: &[u8]) -> u16 {
    !smoltcp::wire::checksum::data(b)
}

fn etherparse(b: &[u8]) -> u16 {
    // etherparse sums native-endian words; its result is meant to be stored with to_ne_bytes.
    let c = etherparse::checksum::Sum16BitWords::new()
        .add_slice(b)
        .ones_complement();
    u16::from_be_bytes(c.to_ne_bytes())
}

fn internet_checksum(b: &[u8]) -> u16 {
    u16::from_be_bytes(internet_checksum::checksum(b))
}

fn pnet(b: &[u8]) -> u16 {
    // skipword beyond the data: no word is skipped.
    pnet_packet::util::checksum(b, usize::MAX / 2)
}

fn naive16(b: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    let (pairs, last) = b.as_chunks::<2>();
    for p in pairs {
        sum += u32::from(u16::from_be_bytes(*p));
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if let [x] = last {
        sum += u32::from(*x) << 8;
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// Not a checksum: the wrapping sum of the native u64 words, the floor of any checksum's cost.
fn u64_read_sum(b: &[u8]) -> u64 {
    let (words, _) = b.as_chunks::<8>();
    words
        .iter()
        .fold(0u64, |a, w| a.wrapping_add(u64::from_ne_bytes(*w)))
}

/// The same read-sum compiled for the same targets as pdukit-checksum's dispatched long path
/// (AVX-512, AVX2, baseline; picked at run time): the floor for code that may use those
/// registers, so the dispatched checksum is compared with a floor of its own kind too.
#[multiversion::multiversion(targets("x86_64+avx2+avx512f", "x86_64+avx2"))]
fn u64_read_sum_dispatched(b: &[u8]) -> u64 {
    let (words, _) = b.as_chunks::<8>();
    words
        .iter()
        .fold(0u64, |a, w| a.wrapping_add(u64::from_ne_bytes(*w)))
}

type Contender = (&'static str, fn(&[u8]) -> u16);

const CONTENDERS: [Contender; 6] = [
    ("pdukit", pdukit),
    ("smoltcp", smoltcp),
    ("etherparse", etherparse),
    ("internet-checksum", internet_checksum),
    ("pnet_packet", pnet),
    ("naive16", naive16),
];

fn buffer(n: usize) -> Vec<u8> {
    // Deterministic, carry-heavy data (xorshift).
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("checksum");
    for n in SIZES {
        let buf = buffer(n);
        let want = pdukit(&buf);
        for (name, f) in CONTENDERS {
            assert_eq!(f(&buf), want, "{name} disagrees with pdukit at {n} bytes");
        }
        g.throughput(Throughput::Bytes(n as u64));
        for (name, f) in CONTENDERS {
            g.bench_with_input(BenchmarkId::new(name, n), &buf, |b, buf| {
                b.iter(|| f(black_box(buf)))
            });
        }
        g.bench_with_input(BenchmarkId::new("u64-read-sum", n), &buf, |b, buf| {
            b.iter(|| u64_read_sum(black_box(buf)))
        });
        g.bench_with_input(
            BenchmarkId::new("u64-read-sum-dispatched", n),
            &buf,
            |b, buf| b.iter(|| u64_read_sum_dispatched(black_box(buf))),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
