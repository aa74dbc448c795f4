//! Every slow-protocols frame in the shared lacp fixtures and in our recordings parses to the
//! values tshark shows: subtype, version, actor and partner information (state octets and the
//! eight flags included), collector max delay, marker fields.

use std::path::PathBuf;

use pdukit_lacp::{Lacpdu, Marker, PortInfo, SlowPdu, State};
use pdukit_testkit::{dissect, fixtures, read_capture, tshark};

const FIELDS: [&str; 24] = [
    "slow.subtype",
    "lacp.version",
    "lacp.actor.sys_priority",
    "lacp.actor.sysid",
    "lacp.actor.key",
    "lacp.actor.port_priority",
    "lacp.actor.port",
    "lacp.actor.state",
    "lacp.partner.sys_priority",
    "lacp.partner.sysid",
    "lacp.partner.key",
    "lacp.partner.port_priority",
    "lacp.partner.port",
    "lacp.partner.state",
    "lacp.collector.max_delay",
    "lacp.actor.state.activity",
    "lacp.actor.state.timeout",
    "lacp.actor.state.synchronization",
    "lacp.actor.state.expired",
    "marker.version",
    "marker.tlvType",
    "marker.requesterPort",
    "marker.requesterSystem",
    "marker.requesterTransId",
];

fn mac(m: [u8; 6]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn ours_for(p: &PortInfo, side: &str, out: &mut Vec<(String, String)>) {
    let f = |n: &str| format!("lacp.{side}.{n}");
    out.push((f("sys_priority"), p.system_priority.to_string()));
    out.push((f("sysid"), mac(p.system)));
    out.push((f("key"), p.key.to_string()));
    out.push((f("port_priority"), p.port_priority.to_string()));
    out.push((f("port"), p.port.to_string()));
    out.push((f("state"), format!("0x{:02x}", p.state.0)));
}

#[derive(Debug, Default)]
struct Tally {
    files: usize,
    lacp: usize,
    marker: usize,
    other: usize,
    rejected: usize,
    compared: usize,
}

fn check_dirs(dirs: &[PathBuf]) -> Option<Tally> {
    let mut t = Tally::default();
    let mut mism = Vec::new();
    for dir in dirs {
        for path in fixtures::captures(dir) {
            let shark = tshark::fields(&path, "slow", &FIELDS)?;
            t.files += 1;
            for f in read_capture(&path).unwrap().frames {
                let d = dissect(f.linktype, &f.data);
                if d.ethertype != Some(0x8809) {
                    continue;
                }
                let here = format!("{}#{}", path.display(), f.number);
                let s = shark.get(&f.number).cloned().unwrap_or_default();
                // tshark's first value of each field (the Marker terminator's type comes second).
                let first = |k: &str| s.get(k).and_then(|v| v.first());
                let mut ours: Vec<(String, String)> = Vec::new();
                match SlowPdu::parse(d.l2_payload) {
                    Ok(SlowPdu::Lacp(p)) => {
                        t.lacp += 1;
                        ours.push(("slow.subtype".into(), "1".into()));
                        ours.push(("lacp.version".into(), p.version.to_string()));
                        ours_for(&p.actor, "actor", &mut ours);
                        ours_for(&p.partner, "partner", &mut ours);
                        ours.push((
                            "lacp.collector.max_delay".into(),
                            p.collector_max_delay.to_string(),
                        ));
                        let st = p.actor.state;
                        for (n, v) in [
                            ("activity", st.active()),
                            ("timeout", st.short_timeout()),
                            ("synchronization", st.in_sync()),
                            ("expired", st.expired()),
                        ] {
                            ours.push((
                                format!("lacp.actor.state.{n}"),
                                if v { "True" } else { "False" }.into(),
                            ));
                        }
                    }
                    Ok(SlowPdu::Marker(m)) => {
                        t.marker += 1;
                        ours.push(("slow.subtype".into(), "2".into()));
                        ours.push(("marker.version".into(), m.version.to_string()));
                        ours.push((
                            "marker.tlvType".into(),
                            if m.response { "2" } else { "1" }.into(),
                        ));
                        ours.push(("marker.requesterPort".into(), m.requester_port.to_string()));
                        ours.push(("marker.requesterSystem".into(), mac(m.requester_system)));
                        ours.push((
                            "marker.requesterTransId".into(),
                            m.requester_transaction_id.to_string(),
                        ));
                    }
                    Ok(SlowPdu::Other { subtype, .. }) => {
                        t.other += 1;
                        ours.push(("slow.subtype".into(), subtype.0.to_string()));
                    }
                    Ok(_) => {}
                    Err(e) => {
                        // Rejected strictly: the lax view must still read the fixed fields.
                        t.rejected += 1;
                        eprintln!("{here}: {e}");
                        let lax = Lacpdu::parse_lax(d.l2_payload).unwrap();
                        ours_for(&lax.actor, "actor", &mut ours);
                    }
                }
                for (k, v) in ours {
                    let theirs = first(&k);
                    t.compared += 1;
                    // tshark prints booleans as True/False or 1/0 depending on the version.
                    let norm = |x: &str| match x {
                        "1" | "True" => "True".to_string(),
                        "0" | "False" => "False".to_string(),
                        other => other.to_string(),
                    };
                    // Numbers compare as numbers (tshark prints some in hex).
                    let num = |x: &str| match x.strip_prefix("0x") {
                        Some(h) => u64::from_str_radix(h, 16).ok(),
                        None => x.parse::<u64>().ok(),
                    };
                    let same = match theirs {
                        Some(th) if k.contains(".state.") => norm(th) == norm(&v),
                        Some(th) => th == &v || (num(th).is_some() && num(th) == num(&v)),
                        None => false,
                    };
                    if !same {
                        mism.push(format!("{here}: {k}: ours {v}, tshark {theirs:?}"));
                    }
                }
            }
        }
    }
    assert!(
        mism.is_empty(),
        "{} mismatches:\n{}",
        mism.len(),
        mism.join("\n")
    );
    Some(t)
}

#[test]
fn shared_lacp_fixtures_match_tshark() {
    let Some(dir) = fixtures::shared("lacp") else {
        return;
    };
    let Some(t) = check_dirs(&[dir]) else { return };
    eprintln!("lacp fixtures: {t:?}");
    assert_eq!(t.files, 2);
    assert_eq!((t.lacp, t.other, t.rejected), (20, 1, 0), "{t:?}");
    assert!(t.compared >= 20 * 19, "{t:?}");
}

#[test]
fn tcpdump_output_agrees_on_the_first_frame() {
    // tcpdump's lacp-ev.out, frame 1: Actor 00:13:c4:12:0f:00 prio 32768 key 13 port 22
    // [Activity, Aggregation, Expired]; Partner 00:0e:83:16:f5:00 key 13 port 25
    // [Timeout, Aggregation, Collecting, Distributing]; Max Delay 32768.
    let Some(dir) = fixtures::shared("lacp") else {
        return;
    };
    let cap = read_capture(dir.join("tcpdump/LACP.pcap")).unwrap();
    let d = dissect(cap.frames[0].linktype, &cap.frames[0].data);
    let p = Lacpdu::parse(d.l2_payload).unwrap();
    assert_eq!(
        (
            p.actor.system,
            p.actor.system_priority,
            p.actor.key,
            p.actor.port
        ),
        ([0, 0x13, 0xc4, 0x12, 0x0f, 0], 32768, 13, 22)
    );
    assert_eq!(
        p.actor.state.names().collect::<Vec<_>>(),
        ["Activity", "Aggregation", "Expired"]
    );
    assert_eq!(
        (p.partner.system, p.partner.key, p.partner.port),
        ([0, 0x0e, 0x83, 0x16, 0xf5, 0], 13, 25)
    );
    assert_eq!(
        p.partner.state.names().collect::<Vec<_>>(),
        ["Timeout", "Aggregation", "Collecting", "Distributing"]
    );
    assert_eq!(p.collector_max_delay, 32768);
    assert_eq!(p.actor.state, State(0x85));
    assert_eq!(p.actor.state.to_string(), "A-G----E (0x85)");
    let _ = Marker::parse; // Markers are covered by the lab recording.
}

#[test]
fn lab_recordings_match_tshark() {
    // Open vSwitch's PDUs, ours, our two malformed ones (read laxly) and our two Markers; and
    // the looped LAG recording.
    let Some(t) = check_dirs(&[fixtures::testdata("lacp")]) else {
        return;
    };
    eprintln!("lacp recordings: {t:?}");
    assert_eq!(t.files, 3);
    assert_eq!((t.marker, t.rejected), (2, 2), "{t:?}");
    assert!(t.lacp >= 40, "{t:?}");
}
