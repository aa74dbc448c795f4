//! tshark as the oracle of the fixture tests: whether it is there, and its field values.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Values of each requested field, all occurrences in wire order, for one frame.
pub type FrameFields = HashMap<String, Vec<String>>;

/// True when tshark runs. Without it a notice is printed, except under CI, where its absence
/// is a failure (CI installs it).
///
/// # Panics
/// When tshark is missing and the `CI` environment variable is set.
pub fn available() -> bool {
    let ok = Command::new("tshark").arg("-v").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "tshark missing while CI is set"
        );
        eprintln!("NOTICE: tshark absent; skipping the tshark comparison");
    }
    ok
}

/// The values of `fields` in every frame of `path` that matches the display `filter`, keyed by
/// frame number; `None` when tshark is not [`available`]. Empty values are left out.
///
/// # Panics
/// When tshark's output is not the fields it was asked for (a test oracle that cannot be read
/// must fail the test).
pub fn fields(path: &Path, filter: &str, fields: &[&str]) -> Option<HashMap<usize, FrameFields>> {
    if !available() {
        return None;
    }
    let mut cmd = Command::new("tshark");
    cmd.arg("-r").arg(path).args(["-Y", filter, "-T", "fields"]);
    // \x1f (unit separator) cannot occur in the text fields compared; ',' and '|' can.
    cmd.args([
        "-E",
        "separator=\x1e",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=\x1f",
    ]);
    cmd.args(["-e", "frame.number"]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().expect("tshark runs");
    let mut m = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let cols: Vec<&str> = line.split('\x1e').collect();
        let number: usize = cols[0].parse().expect("frame.number");
        let row = fields
            .iter()
            .zip(&cols[1..])
            .map(|(k, v)| {
                let vals = v.split('\x1f').filter(|x| !x.is_empty()).map(String::from);
                (k.to_string(), vals.collect::<Vec<_>>())
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        m.insert(number, row);
    }
    Some(m)
}
