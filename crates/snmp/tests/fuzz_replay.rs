//! Replays the fuzz targets' checks over every committed fuzz find (testdata/fuzz/snmp_*/) and
//! every SNMP payload of the fixtures and lab recordings, and writes those payloads to
//! fuzz/seeds/snmp_*/ (git-ignored) so `fuzz/run.sh` starts from real messages.

mod common {
    pub mod fuzz_checks;
}

use pdukit_testkit::fixtures;
use pdukit_testkit::fuzzing::{payloads, replay_committed, write_seeds};

#[test]
fn replay_committed_fuzz_inputs() {
    let n = replay_committed("snmp_parse", common::fuzz_checks::parse)
        + replay_committed("snmp_roundtrip", common::fuzz_checks::round_trip);
    assert!(n >= 4, "expected the committed edge cases, found {n}");
}

#[test]
fn fixture_payloads_pass_the_fuzz_checks_and_seed_the_fuzzer() {
    let mut dirs = vec![fixtures::testdata("snmp")];
    dirs.extend(fixtures::shared("snmp"));
    let all = payloads(&dirs, |d| {
        d.udp
            .as_ref()
            .filter(|u| {
                [161, 162, 16161, 16162]
                    .iter()
                    .any(|p| *p == u.src_port || *p == u.dst_port)
            })
            .map(|u| u.payload.to_vec())
    });
    assert!(!all.is_empty(), "no SNMP payloads found");
    for p in &all {
        common::fuzz_checks::parse(p);
        common::fuzz_checks::round_trip(p);
    }
    eprintln!("snmp payloads checked: {}", all.len());
    write_seeds("snmp_parse", &all);
    write_seeds("snmp_roundtrip", &all);
}
