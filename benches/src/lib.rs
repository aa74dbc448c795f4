//! The inputs and contenders of the parse benchmarks, shared by the criterion benches
//! (`benches/`) and the paired run (`src/bin/paired.rs`), so both time the same functions.
//!
//! A contender parses one input, verifies its checksum, visits the fields and folds them into a
//! `u64`; before anything is timed every contender of a case must give the same non-zero fold.

use core::hint::black_box;

use criterion::{Criterion, Throughput};

pub mod icmp;
pub mod igmp;
pub mod snmp;

/// A contender: its name (pdukit's start with `pdukit`) and its parse-verify-visit function.
pub type Contender = (&'static str, fn(&[u8]) -> u64);

/// One input and the contenders timed on it, pdukit's first.
pub struct Case {
    /// The input's name (the criterion group's last part).
    pub name: &'static str,
    /// The input.
    pub bytes: Vec<u8>,
    /// Who is timed on it.
    pub contenders: Vec<Contender>,
}

impl Case {
    /// Panics unless every contender gives the first one's fold, and that fold is not 0 (what
    /// every contender returns on a parse failure): equal work on equal bytes.
    pub fn check(&self) {
        let want = (self.contenders[0].1)(&self.bytes);
        assert_ne!(want, 0, "{}: pdukit fails to parse it", self.name);
        for (who, f) in &self.contenders {
            assert_eq!(f(&self.bytes), want, "{}: {who} disagrees", self.name);
        }
    }

    /// Checks the case, then times every contender in criterion group `prefix/name`.
    pub fn bench(&self, c: &mut Criterion, prefix: &str) {
        self.check();
        let mut g = c.benchmark_group(format!("{prefix}/{}", self.name));
        g.throughput(Throughput::Elements(1));
        for (who, f) in &self.contenders {
            g.bench_function(*who, |b| b.iter(|| f(black_box(&self.bytes))));
        }
        g.finish();
    }
}
