//! Replays the fuzz targets' checks over every committed fuzz find (testdata/fuzz/l2tp_*/) and
//! every L2TP payload of the fixtures and lab recordings, and writes those payloads to
//! fuzz/seeds/l2tp_*/ (git-ignored) so `fuzz/run.sh` starts from real messages.

mod common {
    pub mod fuzz_checks;
}

use pdukit_testkit::fixtures;
use pdukit_testkit::fuzzing::{ip_payloads, payloads, replay_committed, write_seeds};

#[test]
fn replay_committed_fuzz_inputs() {
    let n = replay_committed("l2tp_parse", common::fuzz_checks::parse)
        + replay_committed("l2tp_roundtrip", common::fuzz_checks::round_trip);
    assert!(n >= 3, "expected the committed edge cases, found {n}");
}

#[test]
fn fixture_payloads_pass_the_fuzz_checks_and_seed_the_fuzzer() {
    let mut dirs = vec![fixtures::testdata("l2tp")];
    dirs.extend(fixtures::shared("l2tp"));
    dirs.extend(fixtures::shared("tunnels"));
    let mut all = payloads(&dirs, |d| {
        d.udp
            .as_ref()
            .filter(|u| u.src_port == 1701 || u.dst_port == 1701)
            .map(|u| u.payload.to_vec())
    });
    all.extend(ip_payloads(&dirs, &[115]));
    if let Some(dir) = fixtures::shared("l2tp") {
        for f in fixtures::files_with_ext(&dir, &["bin"]) {
            all.push(std::fs::read(f).unwrap());
        }
    }
    assert!(all.len() >= 40, "L2TP payloads found: {}", all.len());
    for p in &all {
        common::fuzz_checks::parse(p);
        common::fuzz_checks::round_trip(p);
    }
    eprintln!("l2tp payloads checked: {}", all.len());
    write_seeds("l2tp_parse", &all);
    write_seeds("l2tp_roundtrip", &all);
}
