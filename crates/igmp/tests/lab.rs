//! The Linux bridge and Linux hosts as independent IGMP peers, in network namespaces.
//!
//! 1. A bridge with multicast snooping learns every group and source our built reports announce
//!    (as `bridge -d mdb show` lists them); the same reports with a wrong checksum are not learned
//!    and raise the port's "IGMP parse errors" counter; our v2 leave makes it query and forget.
//! 2. Linux hosts joining groups (IGMPv3, source-specific included, and `force_igmp_version=2`)
//!    send reports that parse to exactly what they joined.
//! 3. The bridge querier's v3 and v2 queries parse to the intervals it was configured with.
//!
//! The captures are recorded as testdata/igmp/lab-bridge.pcap (br0: queries and host reports)
//! and testdata/igmp/lab-inject.pcap (the injector's port: our frames, bad ones included, and
//! the group-specific queries), and `recorded_*` replays every capture check without root.

#[path = "../examples/join_flood.rs"]
#[allow(dead_code)]
mod join_flood;

use core::net::Ipv4Addr;
use core::time::Duration;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pdukit_igmp::{Message, ParseError, RecordType, ReportV3Writer};
use pdukit_lab::{require, wait_until, Lab};
use pdukit_testkit::{dissect, fixtures, read_capture};

const MAC_H1: [u8; 6] = [2, 0, 0, 0, 0x11, 1];
const MAC_H2: [u8; 6] = [2, 0, 0, 0, 0x12, 1];
const MAC_INJ: [u8; 6] = [2, 0, 0, 0, 0x13, 1];
const IP_INJ: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 13);

/// Bridge timers in centiseconds, as `ip link` takes them.
const QUERY_INTERVAL_CS: u32 = 200;
const RESPONSE_INTERVAL_CS: u32 = 50;
const LAST_MEMBER_INTERVAL_CS: u32 = 50;

fn ip(a: u8, b: u8, c: u8, d: u8) -> Ipv4Addr {
    Ipv4Addr::new(a, b, c, d)
}

/// Groups (and sources) our injected reports announce.
fn injected_groups() -> BTreeMap<Ipv4Addr, BTreeSet<Ipv4Addr>> {
    let mut m = BTreeMap::new();
    m.insert(ip(239, 5, 5, 5), BTreeSet::new());
    m.insert(ip(239, 6, 6, 6), BTreeSet::new());
    m.insert(
        ip(232, 2, 2, 2),
        [ip(192, 0, 2, 97), ip(192, 0, 2, 98)].into(),
    );
    for i in 1..=20 {
        m.insert(ip(239, 7, 0, i), BTreeSet::new());
    }
    m
}

/// The injected frames: a v2 report, then one v3 report carrying an any-source join, a
/// source-specific ALLOW with two sources, and 20 more joins. With `bad`, each IGMP checksum is
/// corrupted (the IPv4 header stays valid, so only IGMP parsing can reject it).
fn injected_frames(bad: bool) -> Vec<Vec<u8>> {
    let mut frames = Vec::new();
    let mut f = [0u8; 1514];
    let n = join_flood::join_frame(&mut f, 2, &[ip(239, 5, 5, 5)], &[], MAC_INJ, IP_INJ).unwrap();
    frames.push(f[..n].to_vec());

    let mut f = [0u8; 1514];
    let mut w = ReportV3Writer::new(&mut f[join_flood::HEADERS_LEN..]).unwrap();
    w.record(
        RecordType::CHANGE_TO_EXCLUDE,
        ip(239, 6, 6, 6),
        &[][..],
        &[],
    )
    .unwrap();
    w.record(
        RecordType::ALLOW_NEW_SOURCES,
        ip(232, 2, 2, 2),
        &[ip(192, 0, 2, 98), ip(192, 0, 2, 97)],
        &[],
    )
    .unwrap();
    for i in 1..=20 {
        w.record(
            RecordType::CHANGE_TO_EXCLUDE,
            ip(239, 7, 0, i),
            &[][..],
            &[],
        )
        .unwrap();
    }
    let len = w.finish();
    let n = join_flood::wrap(&mut f, len, MAC_INJ, IP_INJ, join_flood::ALL_V3_ROUTERS).unwrap();
    frames.push(f[..n].to_vec());

    if bad {
        for fr in &mut frames {
            let at = join_flood::HEADERS_LEN + 2;
            fr[at] ^= 0x5a;
            fr[at + 1] ^= 0xa5;
        }
    }
    frames
}

/// What the captures show, reduced to what the checks need.
#[derive(Debug, Default)]
struct Observed {
    /// (max resp time in tenths, query interval in s, QRV) of v3 general queries.
    v3_general: Vec<(u32, u32, u8)>,
    /// Max resp time (tenths) of v2 general queries.
    v2_general: Vec<u8>,
    /// (group, max resp time in tenths) of group-specific queries, any version.
    group_specific: Vec<(Ipv4Addr, u32)>,
    /// Per reporter MAC: v3 report contents (group -> sources) and v2 report groups.
    v3_reports: BTreeMap<[u8; 6], BTreeMap<Ipv4Addr, BTreeSet<Ipv4Addr>>>,
    v2_reports: BTreeMap<[u8; 6], BTreeSet<Ipv4Addr>>,
    leaves: BTreeMap<[u8; 6], BTreeSet<Ipv4Addr>>,
    /// Frames whose IGMP checksum failed: (source MAC, error).
    bad: Vec<([u8; 6], ParseError)>,
    frames: usize,
}

fn observe(paths: &[&Path]) -> Observed {
    let mut o = Observed::default();
    for path in paths {
        let cap = read_capture(path).unwrap();
        for f in &cap.frames {
            let d = dissect(f.linktype, &f.data);
            let Some(ipi) = d.ip.filter(|i| i.protocol == 2) else {
                continue;
            };
            let src = d.src_mac.unwrap();
            o.frames += 1;
            assert!(
                ipi.router_alert,
                "{}#{}: no Router Alert",
                path.display(),
                f.number
            );
            assert_eq!(ipi.ttl, 1);
            let msg = match Message::parse(ipi.payload) {
                Ok(m) => m,
                Err(e) => {
                    o.bad.push((src, e));
                    continue;
                }
            };
            match msg {
                Message::QueryV3(q) if q.group.is_unspecified() => {
                    o.v3_general
                        .push((q.max_resp_time(), q.query_interval(), q.qrv));
                }
                Message::QueryV3(q) => o.group_specific.push((q.group, q.max_resp_time())),
                Message::QueryV2 {
                    max_resp_time,
                    group,
                } if group.is_unspecified() => o.v2_general.push(max_resp_time),
                Message::QueryV2 {
                    max_resp_time,
                    group,
                } => o.group_specific.push((group, max_resp_time.into())),
                Message::ReportV3 { records } => {
                    let m = o.v3_reports.entry(src).or_default();
                    for r in records.iter() {
                        m.entry(r.group).or_default().extend(r.sources.iter());
                    }
                }
                Message::ReportV2 { group } => {
                    o.v2_reports.entry(src).or_default().insert(group);
                }
                Message::Leave { group } => {
                    o.leaves.entry(src).or_default().insert(group);
                }
                other => panic!("{}#{}: unexpected {other:?}", path.display(), f.number),
            }
        }
    }
    o
}

/// The checks both the live lab and the recorded captures must pass.
fn check_captures(bridge: &Path, inject: &Path) {
    let br = observe(&[bridge]);
    eprintln!("bridge capture: {br:?}");
    // 3. The querier: v3 general queries with Max Resp 0.5 s, QQIC 2 s, QRV 2 (the kernel's
    //    robustness default); then v2 general queries with Max Resp 0.5 s.
    let mrt = RESPONSE_INTERVAL_CS / 10;
    assert!(br.v3_general.len() >= 2, "{:?}", br.v3_general);
    for q in &br.v3_general {
        assert_eq!(*q, (mrt, QUERY_INTERVAL_CS / 100, 2));
    }
    assert!(!br.v2_general.is_empty());
    assert!(br.v2_general.iter().all(|&t| u32::from(t) == mrt));
    // 2. Hosts: ih1 (IGMPv3) reports exactly its any-source join and its source-specific join.
    let h1 = br.v3_reports.get(&MAC_H1).expect("v3 reports from ih1");
    let want_h1: BTreeMap<Ipv4Addr, BTreeSet<Ipv4Addr>> = [
        (ip(239, 1, 1, 1), BTreeSet::new()),
        (ip(232, 1, 1, 1), [ip(192, 0, 2, 99)].into()),
    ]
    .into();
    assert_eq!(h1, &want_h1);
    // ih2 (force_igmp_version=2) sends v2 reports for its one group and nothing in v3.
    assert_eq!(br.v2_reports.get(&MAC_H2), Some(&[ip(239, 2, 2, 2)].into()));
    assert!(!br.v3_reports.contains_key(&MAC_H2));
    // After the querier falls back to v2, ih1 answers in v2 for the groups it holds.
    let h1v2 = br
        .v2_reports
        .get(&MAC_H1)
        .expect("v2 reports from ih1 after the v2 query");
    assert!(
        h1v2.is_subset(&want_h1.keys().copied().collect()),
        "{h1v2:?}"
    );
    assert!(h1v2.contains(&ip(239, 1, 1, 1)));
    // Our injected frames never reach br0's capture from the injector... except forwarded
    // ones; the bridge drops the bad ones, so br0 shows no bad checksum at all.
    assert!(br.bad.is_empty(), "{:?}", br.bad);

    let inj = observe(&[inject]);
    eprintln!("inject capture: {inj:?}");
    // 1. Our frames as seen on the wire: two bad, each rejected with both checksum values.
    assert_eq!(inj.bad.len(), 2, "{:?}", inj.bad);
    for (mac, e) in &inj.bad {
        assert_eq!(*mac, MAC_INJ);
        let ParseError::BadChecksum {
            stored, computed, ..
        } = *e
        else {
            panic!("{e:?}")
        };
        assert_eq!(stored ^ computed, 0x5aa5);
    }
    // The good copies parse to exactly the groups and sources we announced.
    let mut sent: BTreeMap<Ipv4Addr, BTreeSet<Ipv4Addr>> =
        inj.v3_reports.get(&MAC_INJ).cloned().unwrap_or_default();
    for g in inj.v2_reports.get(&MAC_INJ).into_iter().flatten() {
        sent.entry(*g).or_default();
    }
    assert_eq!(sent, injected_groups());
    assert_eq!(inj.leaves.get(&MAC_INJ), Some(&[ip(239, 5, 5, 5)].into()));
    // The bridge answers our leave with group-specific queries (last member interval 0.5 s).
    let gsq: Vec<_> = inj
        .group_specific
        .iter()
        .filter(|(g, _)| *g == ip(239, 5, 5, 5))
        .collect();
    assert!(!gsq.is_empty(), "{:?}", inj.group_specific);
    assert!(gsq.iter().all(|(_, t)| *t == LAST_MEMBER_INTERVAL_CS / 10));
}

/// `bridge -d mdb show` for port `port`: group -> sources.
fn mdb(lab: &Lab, ns: &str, port: &str) -> BTreeMap<Ipv4Addr, BTreeSet<Ipv4Addr>> {
    let text = lab.exec(ns, &["bridge", "-d", "mdb", "show"]).unwrap();
    let mut m: BTreeMap<Ipv4Addr, BTreeSet<Ipv4Addr>> = BTreeMap::new();
    for line in text.lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        let after = |k: &str| t.iter().position(|x| *x == k).and_then(|i| t.get(i + 1));
        if after("port") != Some(&port) {
            continue;
        }
        let Some(Ok(g)) = after("grp").map(|g| g.parse::<Ipv4Addr>()) else {
            continue;
        };
        let e = m.entry(g).or_default();
        if let Some(Ok(s)) = after("src").map(|s| s.parse::<Ipv4Addr>()) {
            e.insert(s);
        }
    }
    m
}

fn parse_errors(lab: &Lab, ns: &str, port: &str) -> u64 {
    let text = lab
        .ip(ns, &["link", "xstats", "type", "bridge_slave", "dev", port])
        .unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("IGMP parse errors"))
        .expect("IGMP parse errors line");
    line.rsplit(' ').next().unwrap().trim().parse().unwrap()
}

#[test]
#[ignore = "lab: needs root, iproute2 (ip, bridge), tcpdump (run with --ignored)"]
fn linux_bridge_and_hosts() {
    require(&["ip", "bridge", "tcpdump", "sysctl"]).unwrap();
    let mut lab = Lab::new("ig").unwrap();
    let br = lab.netns("br").unwrap();
    let h1 = lab.netns("h1").unwrap();
    let h2 = lab.netns("h2").unwrap();
    let inj = lab.netns("inj").unwrap();
    let cs = |v: u32| v.to_string();
    lab.ip(
        &br,
        &[
            "link",
            "add",
            "br0",
            "type",
            "bridge",
            "mcast_snooping",
            "1",
            "mcast_querier",
            "0",
            "mcast_igmp_version",
            "3",
            "mcast_router",
            "2",
            "mcast_query_use_ifaddr",
            "1",
            "mcast_stats_enabled",
            "1",
            "mcast_query_interval",
            &cs(QUERY_INTERVAL_CS),
            "mcast_startup_query_interval",
            "50",
            "mcast_query_response_interval",
            &cs(RESPONSE_INTERVAL_CS),
            "mcast_last_member_interval",
            &cs(LAST_MEMBER_INTERVAL_CS),
        ],
    )
    .unwrap();
    let mac = |m: [u8; 6]| {
        m.iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":")
    };
    for (i, (ns, m)) in [(&h1, MAC_H1), (&h2, MAC_H2), (&inj, MAC_INJ)]
        .into_iter()
        .enumerate()
    {
        let port = format!("p{}", i + 1);
        lab.veth(
            (&br, &port, &format!("02:00:00:00:b1:0{}", i + 1)),
            (ns, "eth0", &mac(m)),
        )
        .unwrap();
        lab.ip(&br, &["link", "set", &port, "master", "br0"])
            .unwrap();
        lab.ip(
            ns,
            &[
                "addr",
                "add",
                &format!("192.0.2.1{}/24", i + 1),
                "dev",
                "eth0",
            ],
        )
        .unwrap();
    }
    lab.ip(&br, &["addr", "add", "192.0.2.1/24", "dev", "br0"])
        .unwrap();
    lab.exec(
        &h1,
        &["sysctl", "-qw", "net.ipv4.conf.eth0.force_igmp_version=3"],
    )
    .unwrap();
    lab.exec(
        &h2,
        &["sysctl", "-qw", "net.ipv4.conf.eth0.force_igmp_version=2"],
    )
    .unwrap();
    lab.ip(&br, &["link", "set", "br0", "up"]).unwrap();
    let not_inj = format!("igmp and not ether src {}", mac(MAC_INJ));
    let cap_br = lab.capture(&br, "br0", &not_inj, "bridge").unwrap();
    let cap_inj = lab
        .capture(
            &br,
            "p3",
            &format!("igmp and (ether src {} or igmp[0]=0x11)", mac(MAC_INJ)),
            "inject",
        )
        .unwrap();
    lab.ip(
        &br,
        &["link", "set", "br0", "type", "bridge", "mcast_querier", "1"],
    )
    .unwrap();

    // Hosts join: ih1 any-source 239.1.1.1 and source-specific (232.1.1.1, 192.0.2.99) through
    // a socket that stays open until the end; ih2 (IGMPv2) 239.2.2.2.
    lab.ip(
        &h1,
        &["addr", "add", "239.1.1.1/32", "dev", "eth0", "autojoin"],
    )
    .unwrap();
    lab.ip(
        &h2,
        &["addr", "add", "239.2.2.2/32", "dev", "eth0", "autojoin"],
    )
    .unwrap();
    let _ssm = lab
        .in_netns(&h1, || {
            let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::DGRAM, None)?;
            s.join_ssm_v4(&ip(192, 0, 2, 99), &ip(232, 1, 1, 1), &ip(192, 0, 2, 11))?;
            Ok(s)
        })
        .unwrap();

    // 1. Bad checksums first: nothing learned, the parse-error counter rises by one per frame.
    let mut sock = lab.raw_socket(&inj, "eth0").unwrap();
    let errors_before = parse_errors(&lab, &br, "p3");
    for f in injected_frames(true) {
        sock.send(&f).unwrap();
    }
    wait_until(Duration::from_secs(3), || {
        parse_errors(&lab, &br, "p3") >= errors_before + 2
    })
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(parse_errors(&lab, &br, "p3"), errors_before + 2);
    assert!(
        mdb(&lab, &br, "p3").is_empty(),
        "{:?}",
        mdb(&lab, &br, "p3")
    );
    // Then the same reports with good checksums: every group and source is learned on p3.
    for f in injected_frames(false) {
        sock.send(&f).unwrap();
    }
    let want = injected_groups();
    let learned = wait_until(Duration::from_secs(3), || mdb(&lab, &br, "p3") == want);
    assert!(
        learned.is_ok(),
        "mdb p3: {:?}\nwant {want:?}",
        mdb(&lab, &br, "p3")
    );
    assert_eq!(parse_errors(&lab, &br, "p3"), errors_before + 2);
    eprintln!(
        "bridge learned {} groups on p3 from our reports; bad ones: 0 learned, +2 parse errors",
        want.len()
    );

    // Our v2 leave: the bridge sends group-specific queries, then forgets the group.
    let mut f = [0u8; 64];
    let n = pdukit_igmp::Message::Leave {
        group: ip(239, 5, 5, 5),
    }
    .emit(&mut f[join_flood::HEADERS_LEN..])
    .unwrap();
    let n = join_flood::wrap(&mut f, n, MAC_INJ, IP_INJ, ip(224, 0, 0, 2)).unwrap();
    sock.send(&f[..n]).unwrap();
    let forgot = wait_until(Duration::from_secs(4), || {
        !mdb(&lab, &br, "p3").contains_key(&ip(239, 5, 5, 5))
    });
    assert!(forgot.is_ok(), "239.5.5.5 still in mdb after our leave");

    // 2./3. The hosts' joins show in the bridge too; let the v3 querier run a few intervals.
    let hosts = wait_until(Duration::from_secs(5), || {
        mdb(&lab, &br, "p1").contains_key(&ip(239, 1, 1, 1))
            && mdb(&lab, &br, "p1").get(&ip(232, 1, 1, 1)) == Some(&[ip(192, 0, 2, 99)].into())
            && mdb(&lab, &br, "p2").contains_key(&ip(239, 2, 2, 2))
    });
    assert!(
        hosts.is_ok(),
        "p1 {:?} p2 {:?}",
        mdb(&lab, &br, "p1"),
        mdb(&lab, &br, "p2")
    );
    std::thread::sleep(Duration::from_millis(2500));
    lab.ip(
        &br,
        &[
            "link",
            "set",
            "br0",
            "type",
            "bridge",
            "mcast_igmp_version",
            "2",
        ],
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(3200));

    let bridge = lab.stop_capture(&cap_br).unwrap();
    let inject = lab.stop_capture(&cap_inj).unwrap();
    check_captures(&bridge, &inject);
    lab.record(&bridge, "igmp", "bridge").unwrap();
    lab.record(&inject, "igmp", "inject").unwrap();
}

#[test]
fn recorded_bridge_and_hosts() {
    let dir = fixtures::testdata("igmp");
    check_captures(&dir.join("lab-bridge.pcap"), &dir.join("lab-inject.pcap"));
}
