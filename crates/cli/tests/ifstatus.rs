//! `pdukit ifstatus` over UDP against the scripted agent of pdukit-snmp's tests (a responder
//! built with the crate, on 127.0.0.1): the table as the agent holds it (v2c at several
//! max-repetitions, v1), the port SET and its refusals, every exit code, and the agent quirks,
//! each ending in bounded time.

#[path = "../../snmp/tests/common/agent.rs"]
mod agent;

use core::time::Duration;
use std::process::{Command, Output};
use std::time::Instant;

use agent::{serve, Agent, Quirk, Val};
use pdukit_snmp::ifmib::{if_entry, instance, Table};
use serde_json::Value;

fn pdukit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = pdukit(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(addr: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["ifstatus", addr, "--json"];
    args.extend_from_slice(extra);
    let v: Value = serde_json::from_str(&ok(&args)).unwrap();
    v.as_array().unwrap().clone()
}

fn value_of(agent: &Agent, t: Table, col: u32, i: u32) -> Option<Val> {
    let o = instance(t, col, i).unwrap();
    agent
        .mib
        .iter()
        .find(|(n, _)| *n == o)
        .map(|(_, v)| v.clone())
}

#[test]
fn the_table_is_what_the_agent_holds_at_any_max_repetitions_and_in_v1() {
    let served = serve(Agent::interfaces(25, &[4, 20]));
    let addr = served.addr.to_string();
    let rows = json(&addr, &[]);
    assert_eq!(rows.len(), 25);
    {
        let a = served.agent.lock().unwrap();
        for r in &rows {
            let i = r["ifIndex"].as_u64().unwrap() as u32;
            let s = |v: Option<Val>| match v {
                Some(Val::Str(s)) => Value::from(String::from_utf8(s).unwrap()),
                None => Value::Null,
                other => panic!("{other:?}"),
            };
            let n = |v: Option<Val>| match v {
                Some(Val::Int(x)) => Value::from(x),
                Some(Val::Gauge(x) | Val::Ticks(x)) => Value::from(x),
                other => panic!("{other:?}"),
            };
            assert_eq!(r["ifDescr"], s(value_of(&a, Table::IfTable, 2, i)));
            assert_eq!(r["ifName"], s(value_of(&a, Table::IfXTable, 1, i)));
            assert_eq!(
                r["ifAlias"],
                s(value_of(&a, Table::IfXTable, 18, i)),
                "ifIndex {i}"
            );
            assert_eq!(r["ifAdminStatus"], n(value_of(&a, Table::IfTable, 7, i)));
            assert_eq!(r["ifOperStatus"], n(value_of(&a, Table::IfTable, 8, i)));
            assert_eq!(r["ifLastChange"], n(value_of(&a, Table::IfTable, 9, i)));
            assert_eq!(r["ifHighSpeed"], n(value_of(&a, Table::IfXTable, 15, i)));
            assert_eq!(r["speed"], Value::from(10_000_000_000u64));
        }
    }
    for extra in [
        &["--max-repetitions", "1"][..],
        &["--max-repetitions", "50"],
        &["--v1"],
    ] {
        assert_eq!(json(&addr, extra), rows, "{extra:?}");
    }
    // The text table: a header, a line per interface, the count.
    let text = ok(&["ifstatus", &addr]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("ifIndex  name"), "{text}");
    assert_eq!(lines.len(), 25 + 2);
    let five: Vec<&str> = lines[5].split_whitespace().collect();
    assert_eq!(
        five,
        [
            "5",
            "ge-0/0/5",
            "uplink",
            "5",
            "down",
            "up",
            "10G",
            "0:00:05.00"
        ]
    );
    assert_eq!(lines[26], "25 interfaces");
}

#[test]
fn shutdown_and_no_shutdown_set_the_port_and_show_it_before_and_after() {
    let served = serve(Agent::interfaces(4, &[]));
    let addr = served.addr.to_string();
    let out = ok(&["ifstatus", &addr, "-c", "private", "--shutdown", "2"]);
    assert_eq!(
        out,
        "before: ifIndex 2 (ge-0/0/2) admin up oper up\nafter:  ifIndex 2 (ge-0/0/2) admin down oper down\n"
    );
    let admin = |a: &Agent| value_of(a, Table::IfTable, if_entry::ADMIN_STATUS, 2);
    assert_eq!(admin(&served.agent.lock().unwrap()), Some(Val::Int(2)));
    let rows = json(&addr, &[]);
    assert_eq!(
        (rows[1]["admin"].as_str(), rows[1]["oper"].as_str()),
        (Some("down"), Some("down"))
    );
    let out = ok(&[
        "ifstatus",
        &addr,
        "-c",
        "private",
        "--no-shutdown",
        "2",
        "--v1",
    ]);
    assert!(
        out.ends_with("after:  ifIndex 2 (ge-0/0/2) admin up oper up\n"),
        "{out}"
    );
    assert_eq!(admin(&served.agent.lock().unwrap()), Some(Val::Int(1)));
}

fn fails(args: &[&str], code: i32) -> String {
    let t = Instant::now();
    let out = pdukit(args);
    assert!(
        t.elapsed() < Duration::from_secs(20),
        "{args:?} took {:?}",
        t.elapsed()
    );
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn refusals_unknown_ports_and_silence_have_their_exit_codes() {
    let served = serve(Agent::interfaces(4, &[]));
    let addr = served.addr.to_string();
    // A read-only community: the agent's noAccess, named with the port.
    let e = fails(&["ifstatus", &addr, "--shutdown", "3"], 6);
    assert!(e.contains("refused ifAdminStatus.3: noAccess"), "{e}");
    assert_eq!(
        value_of(&served.agent.lock().unwrap(), Table::IfTable, 7, 3),
        Some(Val::Int(1))
    );
    // No such port, in v2c (noSuchInstance) and v1 (noSuchName).
    for v1 in [false, true] {
        let mut a = vec!["ifstatus", &addr, "-c", "private", "--shutdown", "99"];
        if v1 {
            a.push("--v1");
        }
        let e = fails(&a, 5);
        assert!(e.contains("no interface with ifIndex 99"), "{e}");
    }
    // A wrong community: the agent says nothing.
    let e = fails(
        &["ifstatus", &addr, "-c", "nope", "-t", "0.2", "-r", "1"],
        3,
    );
    assert!(e.contains("no answer") && e.contains("2 tries"), "{e}");
    drop(served);
    let mut silent = Agent::interfaces(1, &[]);
    silent.quirk = Quirk::Silent;
    let served = serve(silent);
    fails(
        &["ifstatus", &served.addr.to_string(), "-t", "0.2", "-r", "0"],
        3,
    );
    // Usage.
    fails(
        &[
            "ifstatus",
            "127.0.0.1",
            "--shutdown",
            "1",
            "--no-shutdown",
            "1",
        ],
        2,
    );
}

#[test]
fn agent_quirks_end_as_the_walk_rules_say() {
    // tooBig: halved until it fits; the table is whole.
    let mut a = Agent::interfaces(12, &[]);
    a.too_big_above = Some(30);
    let served = serve(a);
    assert_eq!(
        json(&served.addr.to_string(), &["--max-repetitions", "20"]).len(),
        12
    );
    // Partial last rows.
    let mut a = Agent::interfaces(12, &[]);
    a.cut_bulk_at = Some(17);
    let served = serve(a);
    let rows = json(&served.addr.to_string(), &[]);
    assert_eq!(rows.len(), 12);
    assert!(rows
        .iter()
        .all(|r| !r["ifAlias"].is_null() && !r["oper"].is_null()));
    // Empty answers, a loop: agent errors (exit 4), in bounded time.
    let mut a = Agent::interfaces(3, &[]);
    a.quirk = Quirk::Empty;
    let served = serve(a);
    let e = fails(&["ifstatus", &served.addr.to_string()], 4);
    assert!(e.contains("no varbinds"), "{e}");
    // An agent whose ifDescr column comes round again after its last row.
    let mut a = Agent::interfaces(3, &[]);
    let descr = pdukit_snmp::ifmib::column(Table::IfTable, if_entry::DESCR).unwrap();
    a.mib
        .retain(|(o, _)| o.as_oid().starts_with(&descr.as_oid()));
    a.quirk = Quirk::Loop;
    let served = serve(a);
    let e = fails(&["ifstatus", &served.addr.to_string()], 4);
    assert!(
        e.contains("not after the previous OID") && e.contains("previous:"),
        "{e}"
    );
}
