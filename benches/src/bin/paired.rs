//! The parse benchmarks' contenders timed in turn, round after round, so that every contender
//! sees the same phases of the machine (a shared virtual machine's speed swings by half between
//! phases lasting seconds, and criterion times contenders one after the other): each round's
//! ratio compares times taken within milliseconds of each other.
//!
//! usage: `cargo run --release -p pdukit-benches --bin paired [ROUNDS]` (default 300 rounds of
//! about 1 ms per contender). Prints, per input, each contender's median and fastest round (ns
//! per call) and, for each pdukit contender, the distribution over rounds of
//! best peer / pdukit, the best peer being the one with the lowest median.

use core::hint::black_box;
use std::time::Instant;

use pdukit_benches::Case;

/// Calls per contender per round, aiming at about 1 ms.
fn calls_per_round(case: &Case) -> u32 {
    let f = case.contenders[0].1;
    let t = Instant::now();
    let mut n = 0u32;
    while t.elapsed().as_micros() < 2_000 {
        black_box(f(black_box(&case.bytes)));
        n += 1;
    }
    (n / 2).max(1_000)
}

fn quantile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

fn run(prefix: &str, case: &Case, rounds: usize) {
    case.check();
    let n = calls_per_round(case);
    let mut ns: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); case.contenders.len()];
    for _ in 0..rounds {
        for (i, (_, f)) in case.contenders.iter().enumerate() {
            let t = Instant::now();
            let mut acc = 0u64;
            for _ in 0..n {
                acc = acc.wrapping_add(f(black_box(&case.bytes)));
            }
            black_box(acc);
            ns[i].push(t.elapsed().as_nanos() as f64 / f64::from(n));
        }
    }
    println!("{prefix}/{} ({rounds} rounds x {n} calls)", case.name);
    let medians: Vec<f64> = ns
        .iter()
        .map(|v| quantile(&sorted(v.clone()), 0.5))
        .collect();
    for (i, (who, _)) in case.contenders.iter().enumerate() {
        let s = sorted(ns[i].clone());
        println!(
            "  {who:<14} median {:7.2} ns  fastest {:7.2} ns",
            s[s.len() / 2],
            s[0]
        );
    }
    let peers = case
        .contenders
        .iter()
        .enumerate()
        .filter(|(_, (who, _))| !who.starts_with("pdukit"));
    let Some((best, _)) = peers.min_by(|a, b| medians[a.0].total_cmp(&medians[b.0])) else {
        return;
    };
    let best_name = case.contenders[best].0;
    for (i, (who, _)) in case.contenders.iter().enumerate() {
        if !who.starts_with("pdukit") {
            continue;
        }
        let r = sorted((0..rounds).map(|k| ns[best][k] / ns[i][k]).collect());
        println!(
            "  {best_name} / {who}: p10 {:.2}  p25 {:.2}  median {:.2}  p75 {:.2}  p90 {:.2}",
            quantile(&r, 0.1),
            quantile(&r, 0.25),
            quantile(&r, 0.5),
            quantile(&r, 0.75),
            quantile(&r, 0.9)
        );
    }
}

fn main() {
    let rounds = std::env::args()
        .nth(1)
        .map_or(300, |a| a.parse().expect("ROUNDS is a number"));
    for case in pdukit_benches::igmp::cases() {
        run("igmp_parse", &case, rounds);
    }
    for case in pdukit_benches::icmp::cases() {
        run("icmp_parse", &case, rounds);
    }
    for case in pdukit_benches::snmp::cases() {
        run("snmp_decode", &case, rounds);
    }
}
