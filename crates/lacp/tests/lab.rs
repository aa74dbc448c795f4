//! Open vSwitch (userspace datapath, private database and run directories, inside namespaces)
//! as the independent LACP peer; see ../shared/lab-recipes/lacp.sh.
//!
//! 1. OVS-A bonds two veths with `lacp=active`; our partner (this crate, AF_PACKET) answers its
//!    PDUs; `lacp/show` reports both members current and attached with our system and key.
//! 2. A malformed LACPDU we send is counted as a bad PDU; our Marker PDU as a marker request.
//! 3. OVS-B bonds the other ends: the PDUs between the two parse to their configured systems
//!    and keys, and the diagnosis says bundled; moving one OVS-B member to its own LACP port on
//!    another bridge (another system) makes the diagnosis report the split LAG.
//!
//! Recorded as testdata/lacp/lab-ovs.pcap (phases 1-2, both links merged) and
//! testdata/lacp/lab-ovs-ovs.pcap (phase 3); `recorded_*` replays the capture checks.

use core::time::Duration;
use std::path::Path;
use std::time::Instant;

use pdukit_lab::{require, wait_until, Lab, RawSocket};
#[path = "../examples/lag_diag.rs"]
#[allow(dead_code)]
mod lag_diag;

use pdukit_lacp::{
    write_ethernet_header, Diagnosis, Finding, Lacpdu, Marker, PortInfo, SlowPdu, State, SystemId,
    ETHERTYPE,
};
use pdukit_testkit::{dissect, fixtures, read_capture};

const OUR_SYSTEM: [u8; 6] = [2, 0, 0, 0, 0xaa, 0];
const OUR_KEY: u16 = 77;
const OVS_A: [u8; 6] = [2, 0, 0, 0, 0xa0, 0];
const OVS_B: [u8; 6] = [2, 0, 0, 0, 0xb0, 0];
const OVS_C: [u8; 6] = [2, 0, 0, 0, 0xc0, 0];
const MARKER_TXID: u32 = 0xabcd;

fn mac(m: [u8; 6]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

struct Ovs {
    dir: std::path::PathBuf,
}

impl Ovs {
    fn start(lab: &mut Lab, ns: &str, name: &str) -> Ovs {
        let dir = lab.workdir().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let d = dir.to_string_lossy().into_owned();
        let db = format!("{d}/conf.db");
        let sock = format!("{d}/db.sock");
        lab.exec(
            ns,
            &[
                "ovsdb-tool",
                "create",
                &db,
                "/usr/share/openvswitch/vswitch.ovsschema",
            ],
        )
        .unwrap();
        let env = [
            format!("OVS_RUNDIR={d}"),
            format!("OVS_LOGDIR={d}"),
            format!("OVS_DBDIR={d}"),
        ];
        let mut args: Vec<String> = vec!["env".into()];
        args.extend(env.iter().cloned());
        args.extend(
            [
                "ovsdb-server",
                &db,
                &format!("--remote=punix:{sock}"),
                &format!("--unixctl={d}/ovsdb.ctl"),
                &format!("--log-file={d}/ovsdb.log"),
                "--no-chdir",
            ]
            .map(String::from),
        );
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        lab.spawn(ns, &format!("{name}-ovsdb"), &a).unwrap();
        wait_until(Duration::from_secs(10), || Path::new(&sock).exists()).unwrap();
        let ovs = Ovs { dir };
        ovs.vsctl(lab, ns, &["--no-wait", "init"]);
        let mut args: Vec<String> = vec!["env".into()];
        args.extend(env.iter().cloned());
        args.extend(
            [
                "ovs-vswitchd",
                &format!("unix:{sock}"),
                &format!("--unixctl={d}/vswitchd.ctl"),
                &format!("--log-file={d}/vswitchd.log"),
                "--no-chdir",
            ]
            .map(String::from),
        );
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        lab.spawn(ns, &format!("{name}-vswitchd"), &a).unwrap();
        let ctl = ovs.dir.join("vswitchd.ctl");
        wait_until(Duration::from_secs(10), || ctl.exists()).unwrap();
        ovs
    }

    fn vsctl(&self, lab: &Lab, ns: &str, args: &[&str]) -> String {
        let db = format!("--db=unix:{}/db.sock", self.dir.display());
        let mut a = vec!["ovs-vsctl", "--timeout=10", &db];
        a.extend_from_slice(args);
        lab.exec(ns, &a).unwrap()
    }

    fn appctl(&self, lab: &Lab, ns: &str, args: &[&str]) -> String {
        let t = self.dir.join("vswitchd.ctl").to_string_lossy().into_owned();
        let mut a = vec!["ovs-appctl", "-t", &t];
        a.extend_from_slice(args);
        lab.exec(ns, &a).unwrap_or_default()
    }

    /// A bond `bond0` of `members` on bridge br0 with the given system MAC, LACP active, fast.
    fn bond(&self, lab: &Lab, ns: &str, system: [u8; 6], members: &[&str]) {
        let hw = format!("other_config:hwaddr={}", mac(system));
        let mut a = vec![
            "add-br",
            "br0",
            "--",
            "set",
            "bridge",
            "br0",
            "datapath_type=netdev",
            &hw,
            "--",
            "add-bond",
            "br0",
            "bond0",
        ];
        a.extend_from_slice(members);
        a.extend_from_slice(&[
            "lacp=active",
            "--",
            "set",
            "port",
            "bond0",
            "other_config:lacp-time=fast",
            "bond_mode=balance-tcp",
        ]);
        self.vsctl(lab, ns, &a);
    }
}

fn our_info(port: u16) -> PortInfo {
    PortInfo {
        system_priority: 0x8000,
        system: OUR_SYSTEM,
        key: OUR_KEY,
        port_priority: 0x8000,
        port,
        state: State(0x3f),
    }
}

fn frame(src: [u8; 6], pdu: &[u8]) -> Vec<u8> {
    let mut f = vec![0u8; 14 + pdu.len()];
    write_ethernet_header(&mut f, src).unwrap();
    f[14..].copy_from_slice(pdu);
    f
}

/// Our LACP partner on both links for `secs`: answers with our actor info and theirs as
/// partner once heard; sends one malformed LACPDU and one Marker per link on the way.
fn run_partner(socks: &mut [RawSocket], secs: u64) -> usize {
    let mut heard: Vec<Option<PortInfo>> = vec![None; socks.len()];
    let mut extra_sent = vec![false; socks.len()];
    let mut sent = 0;
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        for (i, s) in socks.iter_mut().enumerate() {
            let got = s.recv_matching(Duration::from_millis(100), |f| {
                f.len() > 14 && u16::from_be_bytes([f[12], f[13]]) == ETHERTYPE
            });
            if let Some(f) = got {
                if let Ok(p) = Lacpdu::parse(&f[14..]) {
                    heard[i] = Some(p.actor);
                }
            }
            let partner = heard[i].unwrap_or_default();
            let mut b = [0u8; 110];
            let n = Lacpdu::v1(our_info(i as u16 + 1), partner, 0)
                .emit(&mut b)
                .unwrap();
            s.send(&frame(s.mac(), &b[..n])).unwrap();
            sent += 1;
            if !extra_sent[i] && heard[i].is_some() {
                extra_sent[i] = true;
                // Malformed: the actor TLV claims 19 bytes (must be 20).
                let mut bad = b;
                bad[3] = 19;
                s.send(&frame(s.mac(), &bad)).unwrap();
                let m = Marker {
                    version: 1,
                    response: false,
                    requester_port: i as u16 + 1,
                    requester_system: OUR_SYSTEM,
                    requester_transaction_id: MARKER_TXID,
                };
                let mut mb = [0u8; 110];
                m.emit(&mut mb).unwrap();
                s.send(&frame(s.mac(), &mb)).unwrap();
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    sent
}

/// Phase 1-2 capture checks: OVS-A's PDUs, ours, the two malformed ones, the markers.
fn check_ours_capture(path: &Path) {
    let (mut from_ovs, mut from_us, mut bad, mut markers) = (0, 0, 0, 0);
    let mut ovs_in_sync_with_us = false;
    for f in read_capture(path).unwrap().frames {
        let d = dissect(f.linktype, &f.data);
        if d.ethertype != Some(ETHERTYPE) {
            continue;
        }
        match SlowPdu::parse(d.l2_payload) {
            Ok(SlowPdu::Lacp(p)) if p.actor.system == OVS_A => {
                from_ovs += 1;
                if p.partner.system == OUR_SYSTEM
                    && p.partner.key == OUR_KEY
                    && p.actor.state.bundled()
                {
                    ovs_in_sync_with_us = true;
                }
            }
            Ok(SlowPdu::Lacp(p)) => {
                assert_eq!((p.actor.system, p.actor.key), (OUR_SYSTEM, OUR_KEY));
                from_us += 1;
            }
            Ok(SlowPdu::Marker(m)) => {
                assert_eq!(
                    (m.requester_system, m.requester_transaction_id),
                    (OUR_SYSTEM, MARKER_TXID)
                );
                markers += 1;
            }
            Err(pdukit_lacp::ParseError::Invalid {
                field: pdukit_lacp::field::name::TLV_LENGTH,
                offset: 3,
                found: 19,
                expected: pdukit_lacp::Expected::Value(20),
            }) => {
                bad += 1;
                // The lax view still reads the fixed offsets.
                assert_eq!(
                    Lacpdu::parse_lax(d.l2_payload).unwrap().actor.system,
                    OUR_SYSTEM
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    eprintln!("ours capture: from OVS {from_ovs}, from us {from_us}, bad {bad}, markers {markers}");
    assert!(from_ovs >= 4 && from_us >= 4);
    assert_eq!((bad, markers), (2, 2));
    assert!(
        ovs_in_sync_with_us,
        "OVS-A's PDUs show us as its in-sync partner"
    );
}

/// Phase 3 capture checks, with the diagnosis fed frame by frame (`observe_by_port`): the
/// diagnosis says both members bundled before the change, and names the split LAG (one link
/// to OVS-B, the other to the second bridge's system) at the end.
fn check_ovs_capture(path: &Path) {
    let mut t = Diagnosis::new(Some(SystemId {
        priority: 0,
        mac: OVS_A,
    }));
    let mut bundled_before_change = false;
    let mut changed = false;
    for f in read_capture(path).unwrap().frames {
        let x = dissect(f.linktype, &f.data);
        let Ok(p) = Lacpdu::parse(x.l2_payload) else {
            continue;
        };
        changed |= p.actor.system == OVS_C;
        t.observe_by_port(&p).unwrap();
        let fs = t.findings();
        if !changed && t.all_bundled() && fs.len() == 2 {
            bundled_before_change = true;
        }
    }
    assert!(changed, "PDUs from the second bridge's system");
    assert!(
        bundled_before_change,
        "both members bundled before the change"
    );
    let all: Vec<Finding> = t.findings().iter().collect();
    // The lag_diag example (what engineers run on a pcap) reaches the same findings.
    let (_, example) = lag_diag::diagnose(path, Some(OVS_A)).unwrap();
    assert_eq!(example.iter().collect::<Vec<_>>(), all);
    eprintln!(
        "final diagnosis: {}",
        all.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );
    assert!(
        all.iter()
            .any(|x| matches!(x, Finding::SplitLag { system_a, system_b, .. }
            if [system_a.mac, system_b.mac] == [OVS_B, OVS_C]
                || [system_a.mac, system_b.mac] == [OVS_C, OVS_B])),
        "{all:?}"
    );
}

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, Open vSwitch (run with --ignored)"]
fn open_vswitch_lacp() {
    require(&[
        "ip",
        "tcpdump",
        "ovs-vsctl",
        "ovsdb-tool",
        "ovsdb-server",
        "ovs-vswitchd",
        "ovs-appctl",
    ])
    .unwrap();
    let mut lab = Lab::new("la").unwrap();
    let a = lab.netns("ovsa").unwrap();
    let p = lab.netns("peer").unwrap();
    for i in 1..=2 {
        lab.veth(
            (&a, &format!("p{i}"), &format!("02:00:00:00:0a:0{i}")),
            (&p, &format!("q{i}"), &format!("02:00:00:00:0b:0{i}")),
        )
        .unwrap();
    }
    let cap = lab
        .capture(&p, "q1", "ether proto 0x8809", "ours-q1")
        .unwrap();
    let cap2 = lab
        .capture(&p, "q2", "ether proto 0x8809", "ours-q2")
        .unwrap();
    let ovs_a = Ovs::start(&mut lab, &a, "A");
    ovs_a.bond(&lab, &a, OVS_A, &["p1", "p2"]);

    // 1-2. Our partner answers OVS-A for 5 s.
    let mut socks = vec![
        lab.raw_socket(&p, "q1").unwrap(),
        lab.raw_socket(&p, "q2").unwrap(),
    ];
    let sent = run_partner(&mut socks, 5);
    let show = ovs_a.appctl(&lab, &a, &["lacp/show", "bond0"]);
    let stats = ovs_a.appctl(&lab, &a, &["lacp/show-stats", "bond0"]);
    eprintln!("sent {sent} LACPDUs\n{show}\n{stats}");
    assert_eq!(show.matches("current attached").count(), 2, "{show}");
    assert_eq!(
        show.matches(&format!("partner sys_id: {}", mac(OUR_SYSTEM)))
            .count(),
        2,
        "{show}"
    );
    assert_eq!(
        show.matches(&format!("partner key: {OUR_KEY}")).count(),
        2,
        "{show}"
    );
    let sum = |label: &str| -> u64 {
        stats
            .lines()
            .filter(|l| l.trim_start().starts_with(label))
            .filter_map(|l| l.rsplit(':').next()?.trim().parse::<u64>().ok())
            .sum()
    };
    assert_eq!(sum("RX Bad PDUs"), 2, "{stats}");
    assert_eq!(sum("RX Marker Request PDUs"), 2, "{stats}");
    drop(socks);
    let q1 = lab.stop_capture(&cap).unwrap();
    let q2 = lab.stop_capture(&cap2).unwrap();
    let p1 = lab.workdir().join("ours.pcap");
    merge(&[&q1, &q2], &p1);
    check_ours_capture(&p1);

    // 3. OVS-B on the peer side: two real LACP speakers.
    let cap = lab
        .capture(&p, "q2", "ether proto 0x8809", "ovs-q2")
        .unwrap();
    let cap1 = lab
        .capture(&p, "q1", "ether proto 0x8809", "ovs-q1")
        .unwrap();
    let ovs_b = Ovs::start(&mut lab, &p, "B");
    ovs_b.bond(&lab, &p, OVS_B, &["q1", "q2"]);
    let up = wait_until(Duration::from_secs(15), || {
        ovs_a
            .appctl(&lab, &a, &["lacp/show", "bond0"])
            .matches(&format!("partner sys_id: {}", mac(OVS_B)))
            .count()
            == 2
            && ovs_b
                .appctl(&lab, &p, &["lacp/show", "bond0"])
                .matches("current attached")
                .count()
                == 2
    });
    assert!(
        up.is_ok(),
        "{}",
        ovs_a.appctl(&lab, &a, &["lacp/show", "bond0"])
    );
    std::thread::sleep(Duration::from_secs(3));
    // Misconfigure: on OVS-B, q2 moves out of the bond to its own LACP port on another bridge
    // (another system id): OVS-A's two members now reach different partner systems.
    let c_hw = format!("other_config:hwaddr={}", mac(OVS_C));
    ovs_b.vsctl(
        &lab,
        &p,
        &[
            "del-port",
            "br0",
            "bond0",
            "--",
            "add-port",
            "br0",
            "q1",
            "--",
            "set",
            "port",
            "q1",
            "lacp=active",
            "other_config:lacp-time=fast",
            "--",
            "add-br",
            "br1",
            "--",
            "set",
            "bridge",
            "br1",
            "datapath_type=netdev",
            &c_hw,
            "--",
            "add-port",
            "br1",
            "q2",
            "--",
            "set",
            "port",
            "q2",
            "lacp=active",
            "other_config:lacp-time=fast",
        ],
    );
    std::thread::sleep(Duration::from_secs(5));
    let q2 = lab.stop_capture(&cap).unwrap();
    let q1 = lab.stop_capture(&cap1).unwrap();
    let merged = lab.workdir().join("ovs-ovs.pcap");
    merge(&[&q1, &q2], &merged);
    check_ovs_capture(&merged);
    lab.record(&p1, "lacp", "ovs").unwrap();
    lab.record(&merged, "lacp", "ovs-ovs").unwrap();
}

/// Merges captures by timestamp into one pcap (Ethernet).
fn merge(inputs: &[&Path], out: &Path) {
    let mut frames: Vec<_> = inputs
        .iter()
        .flat_map(|p| read_capture(p).unwrap().frames)
        .collect();
    frames.sort_by_key(|f| f.timestamp);
    let mut w = pcap_file::pcap::PcapWriter::new(std::fs::File::create(out).unwrap()).unwrap();
    for f in &frames {
        w.write_packet(&pcap_file::pcap::PcapPacket::new(
            f.timestamp,
            f.data.len() as u32,
            &f.data,
        ))
        .unwrap();
    }
}

#[test]
fn recorded_ovs_and_our_partner() {
    check_ours_capture(&fixtures::testdata("lacp").join("lab-ovs.pcap"));
}

#[test]
fn recorded_ovs_to_ovs_bundles_then_splits() {
    check_ovs_capture(&fixtures::testdata("lacp").join("lab-ovs-ovs.pcap"));
}

/// What the looped-LAG capture must show: every LACPDU is from OVS-A's own system, and at the
/// end each member's partner is OVS-A itself with the same key: looped, and nothing else.
fn check_looped_capture(path: &Path) {
    let (lines, findings) = lag_diag::diagnose(path, None).unwrap();
    assert!(lines.len() >= 6, "{lines:?}");
    let f: Vec<Finding> = findings.iter().collect();
    assert_eq!(
        f,
        [
            Finding::LoopedLag { link: 0 },
            Finding::LoopedLag { link: 1 }
        ],
        "{lines:?}"
    );
}

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, Open vSwitch (run with --ignored)"]
fn open_vswitch_looped_lag() {
    require(&[
        "ip",
        "tcpdump",
        "ovs-vsctl",
        "ovsdb-tool",
        "ovsdb-server",
        "ovs-vswitchd",
    ])
    .unwrap();
    let mut lab = Lab::new("ll").unwrap();
    let a = lab.netns("loop").unwrap();
    // One bond whose two members are cabled to each other.
    lab.veth(
        (&a, "m1", "02:00:00:00:0c:01"),
        (&a, "m2", "02:00:00:00:0c:02"),
    )
    .unwrap();
    let cap = lab
        .capture(&a, "m1", "ether proto 0x8809", "looped")
        .unwrap();
    let ovs = Ovs::start(&mut lab, &a, "L");
    ovs.bond(&lab, &a, OVS_A, &["m1", "m2"]);
    std::thread::sleep(Duration::from_secs(6));
    let show = ovs.appctl(&lab, &a, &["lacp/show", "bond0"]);
    eprintln!("{show}");
    let path = lab.stop_capture(&cap).unwrap();
    check_looped_capture(&path);
    lab.record(&path, "lacp", "ovs-looped").unwrap();
}

#[test]
fn recorded_ovs_looped_lag() {
    check_looped_capture(&fixtures::testdata("lacp").join("lab-ovs-looped.pcap"));
}
