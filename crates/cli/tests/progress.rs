//! Long runs show progress on stderr when it is a terminal, and only then: `pdukit decode`
//! into a file and `pdukit report` on a large capture, run under `script` (a pseudo-terminal).

use std::process::Command;

fn pdukit() -> &'static str {
    env!("CARGO_BIN_EXE_pdukit")
}

/// Runs `cmd` in a pseudo-terminal; what the terminal received.
fn in_terminal(cmd: &str) -> Option<String> {
    let out = Command::new("script")
        .args(["-qec", cmd, "/dev/null"])
        .output()
        .ok()?;
    assert!(out.status.success(), "{cmd}: {out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn long_runs_show_progress_on_a_terminal_only() {
    if Command::new("script").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "script (util-linux) is needed in CI"
        );
        eprintln!("skipped: no `script` command for a pseudo-terminal");
        return;
    }
    let dir = std::env::temp_dir().join(format!("pdukit-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pcap = dir.join("joins.pcap");
    // Enough frames for a run of well over the half second before the first progress line:
    // seconds in a debug build, and in a release build too.
    let count: usize = if cfg!(debug_assertions) {
        400_000
    } else {
        4_000_000
    };
    let st = Command::new(pdukit())
        .args([
            "craft",
            "igmp-joins",
            "--groups",
            "100",
            "--count",
            &count.to_string(),
        ])
        .args(["--version", "3", "--rate", "100000", "-o"])
        .arg(&pcap)
        .status()
        .unwrap();
    assert!(st.success());
    let json = dir.join("out.json");
    let p = pcap.display();
    let seen = in_terminal(&format!(
        "{} decode --json {p} > {}",
        pdukit(),
        json.display()
    ))
    .unwrap();
    // Frame counts while it runs, then the line cleared; the file has every frame.
    assert!(seen.contains(" frames"), "{seen:?}");
    assert!(seen.ends_with("\r\x1b[K"), "{seen:?}");
    let lines = std::fs::read_to_string(&json).unwrap().lines().count();
    assert_eq!(lines, count);
    let seen = in_terminal(&format!("{} report {p} > /dev/null", pdukit())).unwrap();
    assert!(
        seen.contains("pdukit report: joins.pcap: frame 400000"),
        "{seen:?}"
    );
    assert!(seen.ends_with('\n'), "{seen:?}");
    // Not a terminal: nothing on stderr.
    let out = Command::new(pdukit())
        .args(["decode", "--json"])
        .arg(&pcap)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
