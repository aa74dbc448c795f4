//! A walk that never ends (issue 26, item 1): an agent whose ifIndex keeps growing stops at
//! `--max-rows` (exit 7) or at `--deadline` (exit 8), each with its own message, and the
//! memory per row stays small and constant (read from /proc/PID/status while it runs).

#[path = "../../snmp/tests/common/agent.rs"]
mod agent;
mod common {
    pub mod peak;
}

use core::time::Duration;

use agent::{serve, Agent, Quirk};

/// Runs pdukit with `args`; (exit code, stderr, peak RSS in KiB, elapsed).
fn run(args: &[&str]) -> (Option<i32>, String, u64, Duration) {
    let m = common::peak::run(args);
    (m.code, m.stderr, m.peak_kib, m.took)
}

fn endless() -> agent::Served {
    let mut a = Agent::interfaces(5, &[]);
    a.quirk = Quirk::Endless;
    serve(a)
}

#[test]
fn an_endless_table_stops_at_max_rows_in_constant_memory_per_row() {
    let served = endless();
    let addr = served.addr.to_string();
    let (code, err, small, _) = run(&["ifstatus", &addr, "--max-rows", "1000"]);
    assert_eq!(code, Some(7), "{err}");
    assert!(
        err.contains("the table has more than 1000 rows (the limit): stopped"),
        "{err}"
    );
    let (code, err, large, _) = run(&["ifstatus", &addr, "--max-rows", "30000", "--json"]);
    assert_eq!(code, Some(7), "{err}");
    // 29 000 more rows of 11 columns: well under a KiB each (was: every answer kept, ~3.6 KiB
    // a row with --json).
    let per_row = (large.saturating_sub(small) * 1024) / 29_000;
    eprintln!("peak RSS {small} KiB at 1000 rows, {large} KiB at 30000: {per_row} bytes/row");
    assert!(per_row < 1024, "{per_row} bytes per row");
}

#[test]
fn an_endless_table_stops_at_the_deadline() {
    let served = endless();
    let addr = served.addr.to_string();
    let (code, err, _, took) = run(&[
        "ifstatus",
        &addr,
        "--max-rows",
        "4000000000",
        "--deadline",
        "1.5",
    ]);
    assert_eq!(code, Some(8), "{err}");
    assert!(
        err.contains("the walk took longer than --deadline 1.5s"),
        "{err}"
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
    // Nonsense limits are usage errors.
    for bad in [
        ["--max-rows", "0"],
        ["--deadline", "0"],
        ["--deadline", "nan"],
    ] {
        let (code, _, _, _) = run(&["ifstatus", &addr, bad[0], bad[1]]);
        assert_eq!(code, Some(2), "{bad:?}");
    }
}

#[test]
fn ten_thousand_interfaces_fit_in_little_memory() {
    let served = serve(Agent::interfaces(10_000, &[]));
    let (code, err, peak, _) = run(&["ifstatus", &served.addr.to_string(), "--json"]);
    assert_eq!(code, Some(0), "{err}");
    eprintln!("10 000 interfaces, --json: peak RSS {peak} KiB");
    // Was 38 MB with every answer kept and parsed twice.
    assert!(peak < 28 * 1024, "{peak} KiB");
}
