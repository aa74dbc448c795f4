//! Replays the fuzz targets' checks over every committed fuzz find (testdata/fuzz/igmp_*/)
//! and every payload in the fixtures and lab recordings, and writes those payloads to
//! fuzz/seeds/igmp_*/ (git-ignored) so `fuzz/run.sh` starts from real messages.

mod common {
    pub mod fuzz_checks;
}

use pdukit_testkit::fixtures;
use pdukit_testkit::fuzzing::{ip_payloads, replay_committed, write_seeds};

#[test]
fn replay_committed_fuzz_inputs() {
    let n = replay_committed("igmp_parse", common::fuzz_checks::parse)
        + replay_committed("igmp_roundtrip", common::fuzz_checks::round_trip);
    assert!(n >= 4, "expected the committed edge cases, found {n}");
}

#[test]
fn fixture_payloads_pass_the_fuzz_checks_and_seed_the_fuzzer() {
    let mut dirs = vec![fixtures::testdata("igmp")];
    dirs.extend(fixtures::shared("igmp"));
    let all = ip_payloads(&dirs, &[2]);
    assert!(
        all.len() >= 26,
        "lab recordings alone hold 26 IGMP frames, found {}",
        all.len()
    );
    for p in &all {
        common::fuzz_checks::parse(p);
        common::fuzz_checks::round_trip(p);
    }
    write_seeds("igmp_parse", &all);
    write_seeds("igmp_roundtrip", &all);
}
