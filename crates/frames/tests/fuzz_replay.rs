//! Replays the `frames_walk` fuzz checks over its committed inputs (testdata/fuzz/frames_walk/)
//! and over every capture of testdata/ (whole files, then each cut short at several points).

mod common {
    pub mod fuzz_checks;
}

#[test]
fn replay_committed_inputs_and_cut_captures() {
    let mut n = 0;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata");
    for e in std::fs::read_dir(dir.join("fuzz/frames_walk"))
        .unwrap()
        .flatten()
    {
        common::fuzz_checks::walk(&std::fs::read(e.path()).unwrap());
        n += 1;
    }
    assert!(n >= 2, "committed inputs: {n}");
    let mut caps = 0;
    for sub in std::fs::read_dir(&dir).unwrap().flatten() {
        for f in std::fs::read_dir(sub.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = f.path();
            if !p.extension().is_some_and(|x| x == "pcap" || x == "pcapng") {
                continue;
            }
            let data = std::fs::read(&p).unwrap();
            common::fuzz_checks::walk(&data);
            for cut in [
                24,
                40,
                data.len() / 3,
                data.len() / 2,
                data.len().saturating_sub(1),
            ] {
                common::fuzz_checks::walk(&data[..cut.min(data.len())]);
            }
            caps += 1;
        }
    }
    assert!(caps >= 14, "{caps}");
}
