//! Runs one contender of one parse benchmark case N times, for instruction counts under
//! callgrind (`benches/tools/callgrind.sh` runs it twice and takes the difference per call).
//!
//! usage: `per_call` (lists `CASE CONTENDER` pairs) or `per_call CASE CONTENDER N`.

use core::hint::black_box;

use pdukit_benches::Case;

fn cases() -> Vec<Case> {
    let mut v = pdukit_benches::igmp::cases();
    v.extend(pdukit_benches::icmp::cases());
    v.extend(pdukit_benches::snmp::cases());
    v
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cases = cases();
    let [case, who, n] = args.as_slice() else {
        for c in &cases {
            for (who, _) in &c.contenders {
                println!("{} {who}", c.name);
            }
        }
        return;
    };
    let c = cases.iter().find(|c| c.name == case).expect("no such case");
    c.check();
    let f = c
        .contenders
        .iter()
        .find(|(w, _)| w == who)
        .expect("no such contender")
        .1;
    let n: u64 = n.parse().expect("N is a number");
    let mut acc = 0u64;
    for _ in 0..n {
        acc = acc.wrapping_add(f(black_box(&c.bytes)));
    }
    println!("{acc}");
}
