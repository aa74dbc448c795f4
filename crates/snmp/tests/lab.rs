//! net-snmp as the independent peer, in a network namespace (see
//! ../shared/lab-recipes/snmp.sh): `snmpd` (agent, IF-MIB) on 127.0.0.1:161 and `snmptrapd` on
//! 127.0.0.1:162, inside the namespace only (the standard ports, so tshark and `pdukit decode`
//! read the recording without port hints).
//!
//! 1. Get, GetNext and GetBulk requests built by the crate are answered by snmpd with the
//!    values `snmpget` / `snmpgetnext` / `snmpbulkget` print for the same OIDs (compared
//!    programmatically, value by value).
//! 2. A SET of sysContact.0 through the read-write community is applied (read back with
//!    `snmpget`).
//! 3. snmptrapd logs our v1 trap and our v2c trap with the right OIDs.
//! 4. A link flap makes snmpd send linkDown / linkUp traps; they and every packet of an
//!    `snmpwalk` of the ifTable parse.
//!
//! Recorded as testdata/snmp/lab-net-snmp.pcap; `recorded_net_snmp_lab` replays the capture
//! checks without the lab.

use core::net::Ipv4Addr;
use core::time::Duration;
use std::net::UdpSocket;
use std::path::Path;

use pdukit_lab::{require, wait_until, Lab};
use pdukit_snmp::{
    rules, BulkPdu, ErrorStatus, GenericTrap, Message, OidBuf, Pdu, StandardPdu, TrapV1Pdu, Value,
    VarBind, VarBinds, Version,
};
use pdukit_testkit::{dissect, fixtures, read_capture};

const AGENT: &str = "127.0.0.1:161";
const TRAPD: &str = "127.0.0.1:162";
const LINK_DOWN: &str = "1.3.6.1.6.3.1.1.5.3";
const LINK_UP: &str = "1.3.6.1.6.3.1.1.5.4";
const SYS_CONTACT: &str = "1.3.6.1.2.1.1.4.0";

fn oid(s: &str) -> OidBuf {
    s.parse().unwrap()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// Our value as net-snmp prints it with `-Oqvtx -Oe` (strings as hex, timeticks as numbers),
/// normalised: spaces and quotes removed.
fn as_net_snmp(v: &Value<'_>) -> String {
    match *v {
        Value::Integer(x) => x.to_string(),
        Value::OctetString(b) => hex(b),
        Value::ObjectId(o) => format!(".{o}"),
        Value::IpAddress(a) => a.to_string(),
        Value::Counter32(x) | Value::Gauge32(x) | Value::TimeTicks(x) | Value::UInteger32(x) => {
            x.to_string()
        }
        Value::Counter64(x) => x.to_string(),
        Value::NoSuchObject => "NoSuchObjectavailableonthisagentatthisOID".into(),
        Value::NoSuchInstance => "NoSuchInstancecurrentlyexistsatthisOID".into(),
        Value::EndOfMibView => {
            "Nomorevariablesleftinthismibview(Itispasttheendofthemibtree)".into()
        }
        _ => format!("{v:?}"),
    }
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect()
}

/// Sends `req` to `to` from inside the namespace and returns the reply.
fn exchange(lab: &Lab, ns: &str, to: &'static str, req: Vec<u8>, reply: bool) -> Vec<u8> {
    lab.in_netns(ns, move || {
        let s = UdpSocket::bind("127.0.0.1:0")?;
        s.set_read_timeout(Some(Duration::from_secs(3)))?;
        s.send_to(&req, to)?;
        if !reply {
            return Ok(Vec::new());
        }
        let mut buf = vec![0u8; 65535];
        let n = s.recv(&mut buf)?;
        buf.truncate(n);
        Ok(buf)
    })
    .unwrap()
}

/// Builds a v2c message.
fn build(community: &[u8], pdu: Pdu<'_>) -> Vec<u8> {
    let m = Message::Community {
        version: Version::V2c,
        community,
        pdu,
    };
    let mut b = vec![0u8; m.buffer_len()];
    m.emit(&mut b).unwrap();
    b
}

/// The response's varbinds, each as (name, value as net-snmp prints it).
fn answers(reply: &[u8], request_id: i32) -> Vec<(String, String)> {
    let m = Message::parse(reply).unwrap();
    let Some(Pdu::Response(r)) = m.pdu() else {
        panic!("not a response: {m:?}")
    };
    assert_eq!(r.request_id, request_id);
    assert_eq!(r.error_status, ErrorStatus::NO_ERROR);
    r.varbinds
        .iter()
        .map(|v| {
            let v = v.unwrap();
            (format!(".{}", v.name), norm(&as_net_snmp(&v.value)))
        })
        .collect()
}

/// `cmd` (snmpget, snmpgetnext, snmpbulkget) `-Oqtx -Oe -On` lines as (name, value).
fn net_snmp(lab: &Lab, ns: &str, cmd: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["env", "MIBS=", cmd[0], "-v2c", "-On", "-Oqtx", "-Oe"];
    args.extend_from_slice(&cmd[1..]);
    let out = lab.exec(ns, &args).unwrap();
    // A hex string continues on the next lines; a new varbind starts with ".1".
    let mut v: Vec<(String, String)> = Vec::new();
    for line in out.lines() {
        match (line.strip_prefix('.'), v.last_mut()) {
            (Some(_), _) => {
                let (name, value) = line.split_once(' ').unwrap_or((line, ""));
                v.push((name.to_string(), norm(value)));
            }
            (None, Some(last)) => last.1.push_str(&norm(line)),
            (None, None) => panic!("unexpected output {out}"),
        }
    }
    v
}

/// What a capture of the lab holds.
#[derive(Debug, Default)]
struct Seen {
    messages: usize,
    v1_traps_from_us: usize,
    v2_traps: Vec<String>,
    walk_responses: usize,
}

fn seen(path: &Path) -> Seen {
    let mut s = Seen::default();
    for f in read_capture(path).unwrap().frames {
        let d = dissect(f.linktype, &f.data);
        let Some(u) = d.udp else { continue };
        let m = Message::parse(u.payload)
            .unwrap_or_else(|e| panic!("{}#{}: {e}", path.display(), f.number));
        s.messages += 1;
        let Some(pdu) = m.pdu() else { continue };
        for v in pdu.varbinds().iter() {
            v.unwrap_or_else(|e| panic!("{}#{}: {e}", path.display(), f.number));
        }
        match pdu {
            Pdu::TrapV1(t) if t.generic_trap == GenericTrap::LINK_DOWN => s.v1_traps_from_us += 1,
            Pdu::V2Trap(p) => {
                assert!(
                    rules::check(&m).is_empty(),
                    "#{}: {:?}",
                    f.number,
                    rules::check(&m)
                );
                let trap_oid = p.varbinds.iter().nth(1).unwrap().unwrap().value;
                if let Value::ObjectId(o) = trap_oid {
                    s.v2_traps.push(o.to_string());
                }
            }
            Pdu::Response(_) => s.walk_responses += 1,
            _ => {}
        }
    }
    s
}

fn check_capture(path: &Path) {
    let s = seen(path);
    eprintln!("{}: {s:?}", path.display());
    assert!(s.messages >= 40, "{s:?}");
    assert_eq!(s.v1_traps_from_us, 1, "{s:?}");
    // Ours (linkUp) and snmpd's own linkDown and linkUp.
    assert!(
        s.v2_traps.iter().filter(|t| *t == LINK_DOWN).count() >= 1,
        "{s:?}"
    );
    assert!(
        s.v2_traps.iter().filter(|t| *t == LINK_UP).count() >= 2,
        "{s:?}"
    );
    assert!(s.walk_responses >= 20, "{s:?}");
}

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, snmpd, snmp, snmptrapd (run with --ignored)"]
fn net_snmp_agent_and_trap_receiver() {
    require(&[
        "ip",
        "tcpdump",
        "snmpd",
        "snmpget",
        "snmpbulkget",
        "snmptrapd",
        "snmpwalk",
    ])
    .unwrap();
    let mut lab = Lab::new("sn").unwrap();
    let ns = lab.netns("s").unwrap();
    let ns2 = lab.netns("p").unwrap();
    lab.veth(
        (&ns, "snmp0", "02:00:00:00:00:01"),
        (&ns2, "snmp1", "02:00:00:00:00:02"),
    )
    .unwrap();
    let w = lab.workdir().to_path_buf();
    let persist = w.join("persist");
    std::fs::write(
        w.join("snmpd.conf"),
        format!(
            "rocommunity public 127.0.0.1\n\
             rwcommunity private 127.0.0.1 .1.3.6.1.2.1.1\n\
             trap2sink {TRAPD} public\n\
             createUser internalUser\n\
             rouser internalUser\n\
             iquerySecName internalUser\n\
             notificationEvent linkDownTrap .{LINK_DOWN} .1.3.6.1.2.1.2.2.1.1 .1.3.6.1.2.1.2.2.1.7 .1.3.6.1.2.1.2.2.1.8\n\
             notificationEvent linkUpTrap .{LINK_UP} .1.3.6.1.2.1.2.2.1.1 .1.3.6.1.2.1.2.2.1.7 .1.3.6.1.2.1.2.2.1.8\n\
             monitor -r 1 -e linkUpTrap \"linkUp\" .1.3.6.1.2.1.2.2.1.8 != 2\n\
             monitor -r 1 -e linkDownTrap \"linkDown\" .1.3.6.1.2.1.2.2.1.8 == 2\n"
        ),
    )
    .unwrap();
    std::fs::write(w.join("snmptrapd.conf"), "authCommunity log public\n").unwrap();
    let cap = lab
        .capture(&ns, "lo", "udp port 161 or udp port 162", "snmp")
        .unwrap();
    let p = persist.to_string_lossy().into_owned();
    let env_p = format!("SNMP_PERSISTENT_DIR={p}");
    let trap_log = w.join("trapd.log");
    let trap_log_s = trap_log.to_string_lossy().into_owned();
    let trapd_conf = w.join("snmptrapd.conf").to_string_lossy().into_owned();
    let snmpd_conf = w.join("snmpd.conf").to_string_lossy().into_owned();
    lab.spawn(
        &ns,
        "snmptrapd",
        &[
            "env",
            "MIBS=",
            &env_p,
            "snmptrapd",
            "-f",
            "-Lf",
            &trap_log_s,
            "-C",
            "-c",
            &trapd_conf,
            "-On",
            &format!("udp:{TRAPD}"),
        ],
    )
    .unwrap();
    lab.spawn(
        &ns,
        "snmpd",
        &[
            "env",
            "MIBS=",
            &env_p,
            "snmpd",
            "-f",
            "-Lo",
            "-C",
            "-c",
            &snmpd_conf,
            &format!("udp:{AGENT}"),
        ],
    )
    .unwrap();
    wait_until(Duration::from_secs(10), || {
        lab.exec(
            &ns,
            &[
                "env",
                "MIBS=",
                &env_p,
                "snmpget",
                "-v2c",
                "-c",
                "public",
                "-t",
                "0.2",
                "-r",
                "0",
                AGENT,
                ".1.3.6.1.2.1.1.3.0",
            ],
        )
        .is_ok()
    })
    .unwrap();

    // 1a. Get: scalars, an ifTable cell, a counter, and one the agent does not have.
    let names = [
        "1.3.6.1.2.1.1.1.0",
        "1.3.6.1.2.1.1.2.0",
        "1.3.6.1.2.1.1.5.0",
        "1.3.6.1.2.1.2.1.0",
        "1.3.6.1.2.1.2.2.1.2.1",
        "1.3.6.1.2.1.2.2.1.3.1",
        "1.3.6.1.2.1.2.2.1.10.1",
        "1.3.6.1.2.1.31.1.1.1.6.1",
        "1.3.6.1.2.1.1.9.9",
    ];
    let oids: Vec<OidBuf> = names.iter().map(|n| oid(n)).collect();
    let vbs: Vec<VarBind> = oids.iter().map(|o| VarBind::null(o.as_oid())).collect();
    let req = build(
        b"public",
        Pdu::Get(StandardPdu {
            request_id: 101,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(&vbs),
        }),
    );
    let ours = answers(&exchange(&lab, &ns, AGENT, req, true), 101);
    let mut theirs = Vec::new();
    for n in names {
        theirs.extend(net_snmp(
            &lab,
            &ns,
            &["snmpget", "-c", "public", AGENT, &format!(".{n}")],
        ));
    }
    assert_eq!(ours.len(), names.len());
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(a, b, "Get");
    }

    // 1b. GetNext from the ifDescr column.
    let col = oid("1.3.6.1.2.1.2.2.1.2");
    let vbs = [VarBind::null(col.as_oid())];
    let req = build(
        b"public",
        Pdu::GetNext(StandardPdu {
            request_id: 102,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(&vbs),
        }),
    );
    let ours = answers(&exchange(&lab, &ns, AGENT, req, true), 102);
    let theirs = net_snmp(
        &lab,
        &ns,
        &["snmpgetnext", "-c", "public", AGENT, ".1.3.6.1.2.1.2.2.1.2"],
    );
    assert_eq!(ours, theirs, "GetNext");

    // 1c. GetBulk: ifDescr, ifType, ifMtu columns, 10 repetitions.
    let cols = [
        oid("1.3.6.1.2.1.2.2.1.2"),
        oid("1.3.6.1.2.1.2.2.1.3"),
        oid("1.3.6.1.2.1.2.2.1.4"),
    ];
    let vbs: Vec<VarBind> = cols.iter().map(|o| VarBind::null(o.as_oid())).collect();
    let req = build(
        b"public",
        Pdu::GetBulk(BulkPdu {
            request_id: 103,
            non_repeaters: 0,
            max_repetitions: 10,
            varbinds: VarBinds::from_list(&vbs),
        }),
    );
    let ours = answers(&exchange(&lab, &ns, AGENT, req, true), 103);
    let theirs = net_snmp(
        &lab,
        &ns,
        &[
            "snmpbulkget",
            "-c",
            "public",
            "-Cn0",
            "-Cr10",
            AGENT,
            ".1.3.6.1.2.1.2.2.1.2",
            ".1.3.6.1.2.1.2.2.1.3",
            ".1.3.6.1.2.1.2.2.1.4",
        ],
    );
    assert_eq!(ours.len(), 30, "{ours:?}");
    assert_eq!(ours, theirs, "GetBulk");

    // 2. SET sysContact.0 through the read-write community, read back by snmpget.
    let contact = oid(SYS_CONTACT);
    let vbs = [VarBind {
        name: contact.as_oid(),
        value: Value::OctetString(b"pdukit@example.net"),
    }];
    let req = build(
        b"private",
        Pdu::Set(StandardPdu {
            request_id: 104,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(&vbs),
        }),
    );
    let ours = answers(&exchange(&lab, &ns, AGENT, req, true), 104);
    assert_eq!(
        ours,
        [(format!(".{SYS_CONTACT}"), hex(b"pdukit@example.net"))]
    );
    let back = net_snmp(
        &lab,
        &ns,
        &["snmpget", "-c", "public", AGENT, &format!(".{SYS_CONTACT}")],
    );
    assert_eq!(
        back,
        [(format!(".{SYS_CONTACT}"), hex(b"pdukit@example.net"))]
    );

    // 3. Our v1 trap (linkDown, enterprise net-snmp) and our v2c trap (linkUp).
    let ent = oid("1.3.6.1.4.1.8072.3.2.10");
    let if_index = oid("1.3.6.1.2.1.2.2.1.1.2");
    let vbs = [VarBind {
        name: if_index.as_oid(),
        value: Value::Integer(2),
    }];
    let trap = Message::Community {
        version: Version::V1,
        community: b"public",
        pdu: Pdu::TrapV1(TrapV1Pdu {
            enterprise: ent.as_oid(),
            agent_addr: Ipv4Addr::LOCALHOST,
            generic_trap: GenericTrap::LINK_DOWN,
            specific_trap: 0,
            time_stamp: 4242,
            varbinds: VarBinds::from_list(&vbs),
        }),
    };
    let mut b = vec![0u8; trap.buffer_len()];
    trap.emit(&mut b).unwrap();
    assert!(rules::check(&trap).is_empty());
    exchange(&lab, &ns, TRAPD, b, false);
    let up = oid(LINK_UP);
    let (uptime, trap_oid) = (oid("1.3.6.1.2.1.1.3.0"), oid("1.3.6.1.6.3.1.1.4.1.0"));
    let vbs = [
        VarBind {
            name: uptime.as_oid(),
            value: Value::TimeTicks(4243),
        },
        VarBind {
            name: trap_oid.as_oid(),
            value: Value::ObjectId(up.as_oid()),
        },
        VarBind {
            name: if_index.as_oid(),
            value: Value::Integer(2),
        },
    ];
    let v2 = build(
        b"public",
        Pdu::V2Trap(StandardPdu {
            request_id: 105,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(&vbs),
        }),
    );
    assert!(rules::check(&Message::parse(&v2).unwrap()).is_empty());
    exchange(&lab, &ns, TRAPD, v2, false);
    wait_until(Duration::from_secs(5), || {
        std::fs::read_to_string(&trap_log)
            .is_ok_and(|l| l.contains(LINK_UP) && l.contains(".1.3.6.1.4.1.8072.3.2.10"))
    })
    .unwrap_or_else(|_| panic!("snmptrapd log: {:?}", std::fs::read_to_string(&trap_log)));

    // 4. A link flap: snmpd's own linkDown and linkUp traps (its ifTable cache is ~3 s).
    lab.ip(&ns, &["link", "set", "snmp0", "down"]).unwrap();
    std::thread::sleep(Duration::from_millis(3500));
    lab.ip(&ns, &["link", "set", "snmp0", "up"]).unwrap();
    std::thread::sleep(Duration::from_millis(3500));
    // And a walk of the ifTable, every packet of which must parse.
    lab.exec(
        &ns,
        &[
            "env",
            "MIBS=",
            &env_p,
            "snmpwalk",
            "-v2c",
            "-c",
            "public",
            "-On",
            AGENT,
            ".1.3.6.1.2.1.2.2",
        ],
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let path = lab.stop_capture(&cap).unwrap();
    let log = std::fs::read_to_string(&trap_log).unwrap();
    assert!(
        log.contains(LINK_DOWN),
        "snmpd's linkDown reached snmptrapd: {log}"
    );
    check_capture(&path);
    if let Some(dst) = lab.record(&path, "snmp", "net-snmp").unwrap() {
        eprintln!("recorded {}", dst.display());
    }
}

#[test]
fn recorded_net_snmp_lab() {
    let path = fixtures::testdata("snmp").join("lab-net-snmp.pcap");
    check_capture(&path);
}
