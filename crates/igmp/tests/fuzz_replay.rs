//! Replays the fuzz targets' checks over every committed fuzz find (testdata/fuzz/igmp_*/) and
//! every IGMP payload in the fixtures and lab recordings, and writes those payloads to
//! fuzz/seeds/igmp_*/ (git-ignored) so `fuzz/run.sh` starts from real messages.

mod common {
    pub mod fuzz_checks;
}

use std::path::PathBuf;

use pdukit_testkit::{dissect, fixtures, read_capture};

const TARGETS: [&str; 2] = ["igmp_parse", "igmp_roundtrip"];

fn run(target: &str, data: &[u8]) {
    match target {
        "igmp_parse" => common::fuzz_checks::parse(data),
        _ => common::fuzz_checks::round_trip(data),
    }
}

#[test]
fn replay_committed_fuzz_inputs() {
    let mut n = 0;
    for t in TARGETS {
        let dir = fixtures::testdata("fuzz").join(t);
        for entry in std::fs::read_dir(&dir).expect("testdata/fuzz/<target> exists") {
            let data = std::fs::read(entry.unwrap().path()).unwrap();
            run(t, &data);
            n += 1;
        }
    }
    assert!(n >= 4, "expected the committed edge cases, found {n}");
}

/// Every IGMP payload (as the IP header bounds it) in our recordings and the shared fixtures.
fn payloads() -> Vec<Vec<u8>> {
    let mut dirs: Vec<PathBuf> = vec![fixtures::testdata("igmp")];
    dirs.extend(fixtures::shared("igmp"));
    let mut out = Vec::new();
    for dir in dirs {
        for path in fixtures::captures(&dir) {
            let cap = read_capture(&path).unwrap();
            for f in &cap.frames {
                let d = dissect(f.linktype, &f.data);
                if let Some(ip) = d.ip.filter(|i| i.protocol == 2 && !i.fragmented) {
                    out.push(ip.payload.to_vec());
                }
            }
        }
    }
    out
}

#[test]
fn fixture_payloads_pass_the_fuzz_checks_and_seed_the_fuzzer() {
    let all = payloads();
    assert!(all.len() >= 26, "lab recordings alone hold 26 IGMP frames");
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds");
    for t in TARGETS {
        let dir = seeds.join(t);
        std::fs::create_dir_all(&dir).unwrap();
        let mut unique = std::collections::BTreeSet::new();
        for p in &all {
            run(t, p);
            unique.insert(p.clone());
        }
        for (i, p) in unique.iter().enumerate() {
            std::fs::write(dir.join(format!("fixture-{i:04}")), p).unwrap();
        }
    }
}
