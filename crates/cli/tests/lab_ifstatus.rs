//! `pdukit ifstatus` against net-snmp's `snmpd` in a network namespace with three veth pairs
//! (these machines load no kernel modules, so no dummy interfaces). snmpd listens on
//! 127.0.0.1:161 inside the namespace only; its traps go to 127.0.0.1:162 there, where the test
//! reads them.
//!
//! 1. The table `pdukit ifstatus --json` prints equals, cell by cell, what `snmpwalk -On` prints
//!    for the same eleven ifTable / ifXTable columns (this machine has no IF-MIB file, so
//!    `snmptable` cannot name the table; the walks are numeric), and the walk at max-repetitions
//!    1, 10 and 50 and in v1 gives the same table.
//! 2. `--shutdown` through the read-write community makes `ip link` show the veth down and the
//!    next walk admin down, oper down; `--no-shutdown` brings it back; through the read-only
//!    community the SET is refused with snmpd's error (exit 6); an unknown ifIndex exits 5.
//! 3. snmpd's own linkDown / linkUp traps for an `ip link set` in the namespace decode with
//!    `ifmib::link_event` to that interface's ifIndex, admin and oper.
//!
//! Recorded as testdata/snmp/lab-ifstatus.pcap; `recorded_ifstatus_lab` checks the recording.

use core::time::Duration;
use std::collections::BTreeMap;
use std::net::UdpSocket;
use std::path::Path;
use std::time::Instant;

use pdukit_lab::{require, wait_until, Lab};
use pdukit_snmp::ifmib::{link_event, AdminStatus, LinkEvent, OperStatus};
use pdukit_snmp::{ErrorStatus, Message, Pdu};
use pdukit_testkit::{dissect, fixtures, read_capture};
use serde_json::Value;

const AGENT: &str = "127.0.0.1:161";

/// The columns `ifstatus` reads, as snmpwalk names them, with the JSON key of each.
const COLUMNS: [(&str, &str); 11] = [
    ("1.3.6.1.2.1.2.2.1.2", "ifDescr"),
    ("1.3.6.1.2.1.2.2.1.3", "ifType"),
    ("1.3.6.1.2.1.2.2.1.4", "ifMtu"),
    ("1.3.6.1.2.1.2.2.1.5", "ifSpeed"),
    ("1.3.6.1.2.1.2.2.1.6", "ifPhysAddress"),
    ("1.3.6.1.2.1.2.2.1.7", "ifAdminStatus"),
    ("1.3.6.1.2.1.2.2.1.8", "ifOperStatus"),
    ("1.3.6.1.2.1.2.2.1.9", "ifLastChange"),
    ("1.3.6.1.2.1.31.1.1.1.1", "ifName"),
    ("1.3.6.1.2.1.31.1.1.1.15", "ifHighSpeed"),
    ("1.3.6.1.2.1.31.1.1.1.18", "ifAlias"),
];

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect()
}

/// Our JSON value as net-snmp prints it with `-Oqtx -Oe` (normalised).
fn as_net_snmp(key: &str, v: &Value) -> String {
    match (key, v) {
        ("ifPhysAddress", Value::String(s)) => s.replace(':', "").to_uppercase(),
        (_, Value::String(s)) => hex(s.as_bytes()),
        (_, Value::Number(n)) => n.to_string(),
        (_, other) => format!("{other}"),
    }
}

/// `snmpwalk -On -Oqtx -Oe` of a column: ifIndex -> value (normalised).
fn snmpwalk(lab: &Lab, ns: &str, column: &str) -> BTreeMap<u32, String> {
    let out = lab
        .exec(
            ns,
            &[
                "env",
                "MIBS=",
                "snmpwalk",
                "-v2c",
                "-c",
                "public",
                "-On",
                "-Oqtx",
                "-Oe",
                AGENT,
                &format!(".{column}"),
            ],
        )
        .unwrap();
    let mut v: BTreeMap<u32, String> = BTreeMap::new();
    let mut last = None;
    for line in out.lines() {
        match line.strip_prefix('.') {
            Some(rest) => {
                let (name, value) = rest.split_once(' ').unwrap_or((rest, ""));
                let idx: u32 = name
                    .strip_prefix(column)
                    .and_then(|s| s.strip_prefix('.'))
                    .unwrap_or_else(|| panic!("{name} not under {column}"))
                    .parse()
                    .unwrap();
                v.insert(idx, norm(value));
                last = Some(idx);
            }
            None => {
                let l = last.expect("a continuation line after a varbind");
                v.get_mut(&l).unwrap().push_str(&norm(line));
            }
        }
    }
    v
}

fn pdukit(lab: &Lab, ns: &str, args: &[&str]) -> (i32, String, String) {
    let bin = env!("CARGO_BIN_EXE_pdukit");
    let mut a = vec!["ip", "netns", "exec", ns, bin];
    a.extend_from_slice(args);
    let out = std::process::Command::new(a[0])
        .args(&a[1..])
        .output()
        .unwrap();
    let _ = lab;
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn table(lab: &Lab, ns: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["ifstatus", AGENT, "--json"];
    args.extend_from_slice(extra);
    let (code, out, err) = pdukit(lab, ns, &args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn row(rows: &[Value], if_index: u32) -> &Value {
    rows.iter()
        .find(|r| r["ifIndex"] == if_index)
        .unwrap_or_else(|| panic!("no row {if_index}"))
}

/// The kernel's ifindex of `dev` in `ns` (IF-MIB's ifIndex on Linux).
fn ifindex(lab: &Lab, ns: &str, dev: &str) -> u32 {
    let out = lab.ip(ns, &["-o", "link", "show", dev]).unwrap();
    out.split(':').next().unwrap().trim().parse().unwrap()
}

fn is_up(lab: &Lab, ns: &str, dev: &str) -> bool {
    let out = lab.ip(ns, &["-o", "link", "show", dev]).unwrap();
    let flags = out.split('<').nth(1).unwrap().split('>').next().unwrap();
    flags.split(',').any(|f| f == "UP")
}

/// Waits until the walk shows `if_index` with (admin, oper).
fn wait_walk(lab: &Lab, ns: &str, if_index: u32, admin: &str, oper: &str) {
    let t = Instant::now();
    let mut last = Value::Null;
    while t.elapsed() < Duration::from_secs(15) {
        let rows = table(lab, ns, &[]);
        last = row(&rows, if_index).clone();
        if last["admin"] == admin && last["oper"] == oper {
            return;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    panic!("ifIndex {if_index} never showed admin {admin} oper {oper}: {last}");
}

/// The link events among the messages of a capture.
fn link_events(path: &Path) -> Vec<LinkEvent> {
    let mut v = Vec::new();
    for f in read_capture(path).unwrap().frames {
        let d = dissect(f.linktype, &f.data);
        let Some(u) = d.udp else { continue };
        let Ok(m) = Message::parse(u.payload) else {
            continue;
        };
        v.extend(link_event(&m));
    }
    v
}

/// What the recording must hold: walks at several max-repetitions, an applied and a refused
/// ifAdminStatus SET, and snmpd's linkDown / linkUp traps with ifIndex, admin and oper.
fn check_capture(path: &Path) {
    let mut reps = std::collections::BTreeSet::new();
    let mut set_answers = Vec::new();
    let mut messages = 0;
    for f in read_capture(path).unwrap().frames {
        let d = dissect(f.linktype, &f.data);
        let Some(u) = d.udp else { continue };
        let m = Message::parse(u.payload)
            .unwrap_or_else(|e| panic!("{}#{}: {e}", path.display(), f.number));
        messages += 1;
        match m.pdu() {
            Some(Pdu::GetBulk(b)) => {
                reps.insert(b.max_repetitions);
            }
            Some(Pdu::Response(r)) => {
                let first = r.varbinds.iter().next().and_then(Result::ok);
                if first.is_some_and(|v| v.name.to_string().starts_with("1.3.6.1.2.1.2.2.1.7.")) {
                    set_answers.push(r.error_status);
                }
            }
            _ => {}
        }
    }
    assert!(messages >= 50, "{messages}");
    for r in [1, 10, 50] {
        assert!(reps.contains(&r), "GetBulk x{r}: {reps:?}");
    }
    assert!(
        set_answers.contains(&ErrorStatus::NO_ERROR),
        "{set_answers:?}"
    );
    assert!(
        set_answers.contains(&ErrorStatus::NO_ACCESS),
        "{set_answers:?}"
    );
    let ev = link_events(path);
    let down = ev
        .iter()
        .find(|e| !e.up && e.admin == Some(AdminStatus::DOWN) && e.oper == Some(OperStatus::DOWN));
    let up = ev.iter().find(|e| e.up && e.admin == Some(AdminStatus::UP));
    assert!(down.is_some_and(|e| e.if_index.is_some()), "{ev:?}");
    assert!(up.is_some_and(|e| e.if_index.is_some()), "{ev:?}");
}

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, snmpd, snmp (run with --ignored)"]
fn ifstatus_against_net_snmp() {
    require(&["ip", "tcpdump", "snmpd", "snmpwalk"]).unwrap();
    let mut lab = Lab::new("if").unwrap();
    let ns = lab.netns("sw").unwrap();
    for i in 1..=3 {
        lab.veth(
            (&ns, &format!("swp{i}"), &format!("02:00:00:00:01:0{i}")),
            (&ns, &format!("peer{i}"), &format!("02:00:00:00:02:0{i}")),
        )
        .unwrap();
    }
    lab.ip(&ns, &["link", "set", "swp1", "mtu", "9000"])
        .unwrap();
    let w = lab.workdir().to_path_buf();
    let conf = w.join("snmpd.conf");
    std::fs::write(
        &conf,
        "rocommunity public 127.0.0.1\n\
         rwcommunity private 127.0.0.1\n\
         trap2sink 127.0.0.1:162 public\n\
         createUser internalUser\n\
         rouser internalUser\n\
         iquerySecName internalUser\n\
         notificationEvent linkDownTrap .1.3.6.1.6.3.1.1.5.3 .1.3.6.1.2.1.2.2.1.1 .1.3.6.1.2.1.2.2.1.7 .1.3.6.1.2.1.2.2.1.8\n\
         notificationEvent linkUpTrap .1.3.6.1.6.3.1.1.5.4 .1.3.6.1.2.1.2.2.1.1 .1.3.6.1.2.1.2.2.1.7 .1.3.6.1.2.1.2.2.1.8\n\
         monitor -r 1 -e linkUpTrap \"linkUp\" .1.3.6.1.2.1.2.2.1.8 != 2\n\
         monitor -r 1 -e linkDownTrap \"linkDown\" .1.3.6.1.2.1.2.2.1.8 == 2\n",
    )
    .unwrap();
    let traps = lab
        .in_netns(&ns, || Ok(UdpSocket::bind("127.0.0.1:162")?))
        .unwrap();
    let cap = lab
        .capture(&ns, "lo", "udp port 161 or udp port 162", "snmp")
        .unwrap();
    let persist = format!("SNMP_PERSISTENT_DIR={}", w.join("persist").display());
    let conf = conf.to_string_lossy().into_owned();
    lab.spawn(
        &ns,
        "snmpd",
        &[
            "env",
            "MIBS=",
            &persist,
            "snmpd",
            "-f",
            "-Lo",
            "-C",
            "-c",
            &conf,
            &format!("udp:{AGENT}"),
        ],
    )
    .unwrap();
    wait_until(Duration::from_secs(10), || {
        pdukit(&lab, &ns, &["ifstatus", AGENT, "-t", "0.2", "-r", "0"]).0 == 0
    })
    .unwrap();

    // 1. The table against snmpwalk, cell by cell.
    let rows = table(&lab, &ns, &[]);
    let mut compared = 0;
    for (col, key) in COLUMNS {
        let theirs = snmpwalk(&lab, &ns, col);
        assert!(!theirs.is_empty(), "{col}");
        let ours: BTreeMap<u32, String> = rows
            .iter()
            .filter(|r| !r[key].is_null())
            .map(|r| {
                (
                    r["ifIndex"].as_u64().unwrap() as u32,
                    as_net_snmp(key, &r[key]),
                )
            })
            .collect();
        assert_eq!(ours, theirs, "{key} ({col})");
        compared += theirs.len();
    }
    // lo and the six veth ends.
    assert_eq!(rows.len(), 7);
    let swp1 = ifindex(&lab, &ns, "swp1");
    assert_eq!(row(&rows, swp1)["ifMtu"], 9000);
    assert_eq!(row(&rows, swp1)["ifName"], "swp1");
    for extra in [
        &["--max-repetitions", "1"][..],
        &["--max-repetitions", "50"],
        &["--v1"],
    ] {
        assert_eq!(table(&lab, &ns, extra), rows, "{extra:?}");
    }
    eprintln!(
        "ifstatus = snmpwalk: {} interfaces, {compared} cells in {} columns; same table at max-repetitions 1, 10, 50 and v1",
        rows.len(),
        COLUMNS.len()
    );
    let (code, text, _) = pdukit(&lab, &ns, &["ifstatus", AGENT]);
    assert_eq!(code, 0);
    assert_eq!(text.lines().count(), rows.len() + 2, "{text}");
    eprintln!("{text}");

    // 2. Port control.
    let swp3 = ifindex(&lab, &ns, "swp3");
    let s3 = swp3.to_string();
    let (code, _, err) = pdukit(&lab, &ns, &["ifstatus", AGENT, "--shutdown", &s3]);
    assert_eq!(code, 6, "{err}");
    assert!(
        err.contains(&format!("refused ifAdminStatus.{swp3}: noAccess")),
        "{err}"
    );
    assert!(is_up(&lab, &ns, "swp3"));
    let (code, _, err) = pdukit(
        &lab,
        &ns,
        &["ifstatus", AGENT, "-c", "private", "--shutdown", "4242"],
    );
    assert_eq!(code, 5, "{err}");

    let (code, out, err) = pdukit(
        &lab,
        &ns,
        &["ifstatus", AGENT, "-c", "private", "--shutdown", &s3],
    );
    assert_eq!(code, 0, "{err}");
    eprintln!("{out}");
    assert!(
        out.starts_with(&format!("before: ifIndex {swp3} (swp3) admin up oper up")),
        "{out}"
    );
    assert!(
        !is_up(&lab, &ns, "swp3"),
        "ip link shows swp3 administratively down"
    );
    wait_walk(&lab, &ns, swp3, "down", "down");
    let (code, out, err) = pdukit(
        &lab,
        &ns,
        &["ifstatus", AGENT, "-c", "private", "--no-shutdown", &s3],
    );
    assert_eq!(code, 0, "{err}");
    eprintln!("{out}");
    assert!(is_up(&lab, &ns, "swp3"));
    wait_walk(&lab, &ns, swp3, "up", "up");

    // 3. snmpd's own traps for a flap by `ip link`.
    let swp2 = ifindex(&lab, &ns, "swp2");
    lab.ip(&ns, &["link", "set", "swp2", "down"]).unwrap();
    std::thread::sleep(Duration::from_secs(4));
    lab.ip(&ns, &["link", "set", "swp2", "up"]).unwrap();
    traps
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut events = Vec::new();
    let t = Instant::now();
    let mut buf = vec![0u8; 65535];
    let want_down = LinkEvent {
        up: false,
        if_index: Some(swp2),
        admin: Some(AdminStatus::DOWN),
        oper: Some(OperStatus::DOWN),
    };
    let want_up = LinkEvent {
        up: true,
        if_index: Some(swp2),
        admin: Some(AdminStatus::UP),
        oper: Some(OperStatus::UP),
    };
    // snmpd's monitor fires linkUp for every interface when it starts: the flap's linkUp is
    // the one after its linkDown.
    let flap = |events: &[LinkEvent]| {
        let down = events.iter().position(|e| *e == want_down)?;
        events[down..].iter().position(|e| *e == want_up)
    };
    while t.elapsed() < Duration::from_secs(12) && flap(&events).is_none() {
        let Ok(n) = traps.recv(&mut buf) else {
            continue;
        };
        if let Some(e) = link_event(&Message::parse(&buf[..n]).unwrap()) {
            events.push(e);
        }
    }
    eprintln!("link events: {events:?}");
    assert!(
        flap(&events).is_some(),
        "linkDown then linkUp for ifIndex {swp2}: {events:?}"
    );
    // The SET's shutdown of swp3 made its own linkDown, admin down.
    assert!(
        events
            .iter()
            .any(|e| !e.up && e.if_index == Some(swp3) && e.admin == Some(AdminStatus::DOWN)),
        "{events:?}"
    );

    std::thread::sleep(Duration::from_millis(300));
    let path = lab.stop_capture(&cap).unwrap();
    check_capture(&path);
    if let Some(dst) = lab.record(&path, "snmp", "ifstatus").unwrap() {
        eprintln!("recorded {}", dst.display());
    }
}

#[test]
fn recorded_ifstatus_lab() {
    let path = fixtures::testdata("snmp").join("lab-ifstatus.pcap");
    check_capture(&path);
}
