//! Replays the fuzz targets' checks over every committed fuzz find (testdata/fuzz/pppoe_*/)
//! and every PPPoE discovery packet in the fixtures and lab recordings, and writes those PDUs to
//! fuzz/seeds/pppoe_*/ (git-ignored) so `fuzz/run.sh` starts from real messages.

mod common {
    pub mod fuzz_checks;
}

use pdukit_testkit::fixtures;
use pdukit_testkit::fuzzing::{l2_payloads, replay_committed, write_seeds};

#[test]
fn replay_committed_fuzz_inputs() {
    let n = replay_committed("pppoe_parse", common::fuzz_checks::parse)
        + replay_committed("pppoe_roundtrip", common::fuzz_checks::round_trip);
    assert!(n >= 4, "expected the committed edge cases, found {n}");
}

#[test]
fn fixture_payloads_pass_the_fuzz_checks_and_seed_the_fuzzer() {
    let mut dirs = vec![fixtures::testdata("pppoe")];
    dirs.extend(fixtures::shared("pppoe"));
    let all = l2_payloads(&dirs, pdukit_pppoe::ETHERTYPE_DISCOVERY);
    assert!(
        all.len() >= 17,
        "the lab recordings alone hold 17 packets, found {}",
        all.len()
    );
    for p in &all {
        common::fuzz_checks::parse(p);
        common::fuzz_checks::round_trip(p);
    }
    write_seeds("pppoe_parse", &all);
    write_seeds("pppoe_roundtrip", &all);
}
