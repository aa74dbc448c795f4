//! Replays the fuzz targets' checks over every committed fuzz find (testdata/fuzz/lacp_*/)
//! and every slow-protocols PDU in the fixtures and lab recordings, and writes those PDUs to
//! fuzz/seeds/lacp_*/ (git-ignored) so `fuzz/run.sh` starts from real messages.

mod common {
    pub mod fuzz_checks;
}

use pdukit_testkit::fixtures;
use pdukit_testkit::fuzzing::{l2_payloads, replay_committed, write_seeds};

#[test]
fn replay_committed_fuzz_inputs() {
    let n = replay_committed("lacp_parse", common::fuzz_checks::parse)
        + replay_committed("lacp_roundtrip", common::fuzz_checks::round_trip);
    assert!(n >= 4, "expected the committed edge cases, found {n}");
}

#[test]
fn fixture_payloads_pass_the_fuzz_checks_and_seed_the_fuzzer() {
    let mut dirs = vec![fixtures::testdata("lacp")];
    dirs.extend(fixtures::shared("lacp"));
    let all = l2_payloads(&dirs, pdukit_lacp::ETHERTYPE);
    assert!(
        all.len() >= 84,
        "the lab recordings alone hold 84 PDUs, found {}",
        all.len()
    );
    for p in &all {
        common::fuzz_checks::parse(p);
        common::fuzz_checks::round_trip(p);
    }
    write_seeds("lacp_parse", &all);
    write_seeds("lacp_roundtrip", &all);
}
