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
    assert!(out.contains("after:  ifIndex 2 (ge-0/0/2) admin up"), "{out}");
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
