//! Where test data lives, and what to do when it is missing.
//!
//! - `../shared/fixtures/<family>/...` (beside the project root): public captures. Absent in a
//!   user's clone: tests print a notice and skip. Absent while `CI` is set: the test fails.
//! - `testdata/<family>/...` (in the repository): the project's own lab recordings and fuzz
//!   regressions; always present.

use std::path::{Path, PathBuf};

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `testdata/<family>` in the repository.
pub fn testdata(family: &str) -> PathBuf {
    workspace_root().join("testdata").join(family)
}

/// The folder holding the shared public captures: `$PDUKIT_SHARED/fixtures` when that variable
/// names a folder, `../shared/fixtures` beside the workspace otherwise, and `None` when
/// `PDUKIT_SHARED=none` (a user's clone, as CI's second test run sees it).
pub fn shared_root() -> Option<PathBuf> {
    match std::env::var_os("PDUKIT_SHARED") {
        Some(v) if v == "none" => None,
        Some(v) if !v.is_empty() => Some(PathBuf::from(v).join("fixtures")),
        _ => Some(workspace_root().join("..").join("shared").join("fixtures")),
    }
}

/// Whether the shared public captures are present (and not hidden by `PDUKIT_SHARED=none`).
/// Counts and thresholds that include them are computed from this, never assumed.
pub fn shared_present() -> bool {
    shared_root().is_some_and(|d| d.is_dir())
}

/// The shared public fixtures for `family`, or `None` (with a printed notice) when the folder is
/// absent outside CI, or hidden with `PDUKIT_SHARED=none`.
///
/// # Panics
/// When the folder is absent and the `CI` environment variable is set (unless
/// `PDUKIT_SHARED=none` hides it on purpose): CI must not silently skip.
pub fn shared(family: &str) -> Option<PathBuf> {
    let Some(root) = shared_root() else {
        eprintln!(
            "NOTICE: PDUKIT_SHARED=none; skipping the tests that read shared {family} fixtures"
        );
        return None;
    };
    let dir = root.join(family);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        // ok-panic: dev-only helper; CI must fail loudly rather than skip.
        panic!(
            "shared fixtures missing at {} while CI is set",
            dir.display()
        );
    }
    eprintln!(
        "NOTICE: {} absent; skipping the tests that read shared {family} fixtures",
        dir.display()
    );
    None
}

/// Every file under `dir` (recursively) whose name ends with one of `exts`, sorted.
pub fn files_with_ext(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
                if exts.iter().any(|x| name.ends_with(x)) {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

/// Every pcap/pcapng capture under `dir`.
pub fn captures(dir: &Path) -> Vec<PathBuf> {
    files_with_ext(dir, &[".pcap", ".pcapng", ".cap"])
}

/// Reads a PcapPlusPlus-style `.dat` file: one frame as hex text (whitespace ignored).
pub fn read_hex_dat(path: &Path) -> std::io::Result<Vec<u8>> {
    let text = std::fs::read_to_string(path)?;
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    if !digits.len().is_multiple_of(2) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: odd number of hex digits", path.display()),
        ));
    }
    Ok(digits
        .chunks_exact(2)
        .map(|p| (hex_val(p[0]) << 4) | hex_val(p[1]))
        .collect())
}

fn hex_val(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    }
}
