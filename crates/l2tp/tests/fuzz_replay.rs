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

/// Every L2TP payload (UDP 1701 or IP 115) in the captures under `dirs`.
fn l2tp_payloads(dirs: &[std::path::PathBuf]) -> Vec<Vec<u8>> {
    let mut all = payloads(dirs, |d| {
        d.udp
            .as_ref()
            .filter(|u| u.src_port == 1701 || u.dst_port == 1701)
            .map(|u| u.payload.to_vec())
    });
    all.extend(ip_payloads(dirs, &[115]));
    all
}

#[test]
fn fixture_payloads_pass_the_fuzz_checks_and_seed_the_fuzzer() {
    // The lab recordings alone hold 25 L2TP messages; the shared fixtures (when present) at least
    // 15 more: the expectation is computed from what is here, never assumed.
    let mut all = l2tp_payloads(&[fixtures::testdata("l2tp")]);
    assert!(
        all.len() >= 25,
        "L2TP payloads in testdata/l2tp: {}",
        all.len()
    );
    let mut shared = l2tp_payloads(
        &[fixtures::shared("l2tp"), fixtures::shared("tunnels")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    );
    if let Some(dir) = fixtures::shared("l2tp") {
        for f in fixtures::files_with_ext(&dir, &["bin"]) {
            shared.push(std::fs::read(f).unwrap());
        }
        assert!(
            shared.len() >= 15,
            "L2TP payloads in the shared fixtures: {}",
            shared.len()
        );
    }
    all.extend(shared);
    for p in &all {
        common::fuzz_checks::parse(p);
        common::fuzz_checks::round_trip(p);
    }
    eprintln!("l2tp payloads checked: {}", all.len());
    write_seeds("l2tp_parse", &all);
    write_seeds("l2tp_roundtrip", &all);
}
