//! Helpers for the crates' fuzz-replay tests: committed fuzz inputs and fixture payloads.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::fixtures::{captures, testdata, workspace_root};
use crate::{dissect, read_capture, Dissected};

/// Runs `check` over every file in `testdata/fuzz/<target>/`; returns how many there were.
pub fn replay_committed(target: &str, mut check: impl FnMut(&[u8])) -> usize {
    let dir = testdata("fuzz").join(target);
    let mut n = 0;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for p in paths {
        let data = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        check(&data);
        n += 1;
    }
    n
}

/// What `pick` returns for every frame of the captures under `dirs`, in file order.
pub fn payloads(
    dirs: &[PathBuf],
    pick: impl Fn(&Dissected<'_>) -> Option<Vec<u8>>,
) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in dirs {
        for path in captures(dir) {
            let cap = read_capture(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.extend(
                cap.frames
                    .iter()
                    .filter_map(|f| pick(&dissect(f.linktype, &f.data))),
            );
        }
    }
    out
}

/// The payloads of every unfragmented IP packet with one of `protocols` in the captures under
/// `dirs`, bounded by the IP header (not the frame), in file order.
pub fn ip_payloads(dirs: &[PathBuf], protocols: &[u8]) -> Vec<Vec<u8>> {
    payloads(dirs, |d| {
        d.ip.as_ref()
            .filter(|i| protocols.contains(&i.protocol) && !i.fragmented)
            .map(|i| i.payload.to_vec())
    })
}

/// The link-layer payloads (after the EtherType) of every frame with `ethertype` in the
/// captures under `dirs`, in file order.
pub fn l2_payloads(dirs: &[PathBuf], ethertype: u16) -> Vec<Vec<u8>> {
    payloads(dirs, |d| {
        (d.ethertype == Some(ethertype)).then(|| d.l2_payload.to_vec())
    })
}

/// Writes the distinct `payloads` to `fuzz/seeds/<target>/` (git-ignored) for `fuzz/run.sh`.
pub fn write_seeds(target: &str, payloads: &[Vec<u8>]) {
    let dir = workspace_root().join("fuzz/seeds").join(target);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let unique: BTreeSet<&Vec<u8>> = payloads.iter().collect();
    for p in unique {
        // Named by content (FNV-1a): a second run (CI's, without ../shared) adds to the seeds
        // instead of renumbering them.
        let h = p.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        let path = dir.join(format!("fixture-{h:016x}"));
        std::fs::write(&path, p).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
