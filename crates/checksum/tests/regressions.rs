//! Replays every input under testdata/fuzz/checksum_incremental/ (fuzz finds and hand-made
//! edge cases) through the same checks the fuzz target runs.

mod common {
    pub mod fuzz_checks;
}

use pdukit_testkit::fixtures::testdata;

#[test]
fn replay_checksum_incremental_corpus() {
    let dir = testdata("fuzz").join("checksum_incremental");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("testdata/fuzz/checksum_incremental exists") {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        common::fuzz_checks::checksum_incremental(&data);
        n += 1;
    }
    assert!(n >= 3, "expected the committed edge cases, found {n}");
}
