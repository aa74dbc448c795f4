//! Runs pdukit and reads its peak memory from /proc/PID/status while it runs (VmHWM, the
//! high-water mark: the last reading before the exit is the peak).

use core::time::Duration;
use std::process::{Command, Stdio};
use std::time::Instant;

/// What a measured run gave.
pub struct Measured {
    pub code: Option<i32>,
    pub stderr: String,
    /// Peak RSS in KiB.
    pub peak_kib: u64,
    pub took: Duration,
}

/// Runs pdukit with `args`, stdout discarded.
pub fn run(args: &[&str]) -> Measured {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let code = loop {
        if let Ok(s) = std::fs::read_to_string(&status) {
            if let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            {
                peak = peak.max(kb);
            }
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st.code();
        }
        assert!(t.elapsed() < Duration::from_secs(120), "{args:?} runs away");
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    Measured {
        code,
        stderr,
        peak_kib: peak,
        took: t.elapsed(),
    }
}
