//! Hostile SNMP agents (issue 26, item 3): an agent that acknowledges a SET of ifAdminStatus
//! but does not apply it, and one that answers noError with no varbinds. Neither is a success:
//! exit 6 ("SET refused / not applied"), the message says why, and the port is unchanged.

#[path = "../../snmp/tests/common/agent.rs"]
mod agent;

use core::time::Duration;
use std::process::Command;
use std::time::Instant;

use agent::{serve, Agent, Quirk, Val};
use pdukit_snmp::ifmib::{if_entry, instance, Table};

fn admin_of(a: &Agent, if_index: u32) -> Option<Val> {
    let o = instance(Table::IfTable, if_entry::ADMIN_STATUS, if_index).unwrap();
    a.mib
        .iter()
        .find(|(n, _)| n.as_oid() == o.as_oid())
        .map(|(_, v)| v.clone())
}

/// Runs `pdukit ifstatus ... --shutdown 2` against an agent with `quirk`: exit status, stdout,
/// stderr.
fn shutdown_against(quirk: Quirk) -> (Option<i32>, String, String, Option<Val>) {
    let mut a = Agent::interfaces(3, &[]);
    a.quirk = quirk;
    let served = serve(a);
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args([
            "ifstatus",
            &served.addr.to_string(),
            "-c",
            "private",
            "--shutdown",
            "2",
        ])
        .output()
        .unwrap();
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
    let admin = admin_of(&served.agent.lock().unwrap(), 2);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        admin,
    )
}

#[test]
fn a_set_acknowledged_but_not_applied_is_not_a_success() {
    let (code, out, err, admin) = shutdown_against(Quirk::SetNotApplied);
    assert_eq!(code, Some(6), "{out}{err}");
    assert!(out.contains("before: ifIndex 2"), "{out}");
    assert!(
        out.contains("after:  ifIndex 2 (ge-0/0/2) admin up"),
        "{out}"
    );
    assert!(
        err.contains("acknowledged the SET, but ifAdminStatus.2 is still up: not applied"),
        "{err}"
    );
    assert_eq!(admin, Some(Val::Int(1)));
}

#[test]
fn a_set_answer_without_its_varbind_is_not_a_success() {
    let (code, out, err, admin) = shutdown_against(Quirk::SetEmpty);
    assert_eq!(code, Some(6), "{out}{err}");
    assert!(err.contains("without ifAdminStatus.2"), "{err}");
    assert!(!out.contains("after:"), "{out}");
    assert_eq!(admin, Some(Val::Int(1)));
}

#[test]
fn an_honest_agent_still_succeeds() {
    let (code, out, err, admin) = shutdown_against(Quirk::None);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("admin down"), "{out}");
    assert_eq!(admin, Some(Val::Int(2)));
}

/// Sets the string cell (`table`, `column`, `if_index`) of the agent's MIB to `v`.
fn set_str(a: &mut Agent, table: Table, column: u32, if_index: u32, v: &[u8]) {
    let o = instance(table, column, if_index).unwrap();
    let cell = a
        .mib
        .iter_mut()
        .find(|(n, _)| n.as_oid() == o.as_oid())
        .expect("the agent has the cell");
    cell.1 = Val::Str(v.to_vec());
}

#[test]
fn terminal_escapes_and_forged_rows_from_an_agent_are_shown_escaped() {
    use pdukit_snmp::ifmib::if_x_entry;
    let mut a = Agent::interfaces(2, &[]);
    // ESC[2J clears the screen; a newline and a fake row forge a table line; \xff is no UTF-8.
    set_str(
        &mut a,
        Table::IfXTable,
        if_x_entry::ALIAS,
        1,
        b"\x1b[2Jcleared",
    );
    set_str(
        &mut a,
        Table::IfXTable,
        if_x_entry::ALIAS,
        2,
        b"x\n     99  evil   up       up  \xff\\",
    );
    set_str(&mut a, Table::IfXTable, if_x_entry::NAME, 2, b"ge\x07\x9b1");
    let served = serve(a);
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(["ifstatus", &served.addr.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "header, two rows, count: {text}");
    assert!(lines[1].contains(r"\x1b[2Jcleared"), "{}", lines[1]);
    assert!(
        lines[2].contains(r"ge\x07\x9b1")
            && lines[2].contains(r"x\x0a     99  evil   up       up  \xff\\"),
        "{}",
        lines[2]
    );
    // JSON keeps the strings (escaped by JSON's rules only).
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(["ifstatus", &served.addr.to_string(), "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["ifAlias"], "\u{1b}[2Jcleared");
}

#[test]
fn garbage_answers_are_named_as_such_not_as_silence() {
    // A "agent" that answers every datagram with bytes that are not SNMP, 64 times at most.
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = sock.local_addr().unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let t = std::thread::spawn(move || {
        let mut b = [0u8; 2048];
        for _ in 0..64 {
            let Ok((_, from)) = sock.recv_from(&mut b) else {
                break;
            };
            let _ = sock.send_to(b"\x30\x03garbage", from);
        }
    });
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args([
            "ifstatus",
            &addr.to_string(),
            "-c",
            "private",
            "-t",
            "0.3",
            "-r",
            "1",
            "--shutdown",
            "2",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("none a readable answer to this request") && !err.contains("no answer"),
        "{err}"
    );
    // The walk says the answer does not parse.
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(["ifstatus", &addr.to_string(), "-t", "0.3", "-r", "1"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("does not parse"), "{err}");
    drop(t);
}
