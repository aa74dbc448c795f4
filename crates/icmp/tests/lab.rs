//! The Linux kernel as the independent peer, in namespaces A - R - B with the R-B link at MTU
//! 1400 (see ../shared/lab-recipes/icmp.sh).
//!
//! 1. The kernel router's own frag-needed (IPv4) and Packet Too Big (IPv6) parse to MTU 1400
//!    and quote A's packet.
//! 2. A frag-needed and a PTB we build (MTU 1300, checksums right) injected at A lower A's
//!    cached path MTU (`ip route get` shows 1300); the same messages with a wrong checksum do
//!    not, and A's ICMP checksum-error counters rise by one each.
//!
//! Recorded as testdata/icmp/lab-pmtu.pcap; `recorded_pmtu_lab` replays the capture checks.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use core::time::Duration;
use std::path::Path;

use etherparse::{IpNumber, Ipv4Header, Ipv6Header, PacketBuilder};
use pdukit_icmp::{frag_needed, packet_too_big, Echo, Icmpv4, Icmpv6, Transport};
use pdukit_lab::{require, Lab};
use pdukit_testkit::{dissect, fixtures, read_capture};

const MAC_A: [u8; 6] = [2, 0, 0, 0, 0x0a, 1];
const MAC_R: [u8; 6] = [2, 0, 0, 0, 0x0a, 2];
const A4: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 2);
const R4: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
const B4: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 2);
const GONE4: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 99);
const A6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 2);
const R6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 1);
const B6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 2, 0, 0, 0, 0, 2);
const GONE6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 2, 0, 0, 0, 0, 0x99);
const INJECTED_MTU: u16 = 1300;
const BAD_XOR: u16 = 0x5a5a;

/// The IPv4 packet the injected frag-needed quotes: an echo *reply* A "sent" to GONE4, 1500
/// bytes, DF (Linux updates the route's PMTU itself only for a quoted echo reply).
fn offending_v4() -> Vec<u8> {
    let mut icmp = [0u8; 28];
    let n = Icmpv4::EchoReply(Echo {
        code: 0,
        ident: 7,
        seq: 1,
        data: &[b'x'; 20],
    })
    .emit(&mut icmp)
    .unwrap();
    let mut ip =
        Ipv4Header::new(n as u16, 64, IpNumber::ICMP, A4.octets(), GONE4.octets()).unwrap();
    ip.total_len = 1500;
    ip.dont_fragment = true;
    ip.identification = 1;
    ip.header_checksum = ip.calc_header_checksum();
    let mut v = ip.to_bytes().to_vec();
    v.extend_from_slice(&icmp[..n]);
    v
}

/// The IPv6 packet the injected PTB quotes: an echo request A "sent" to GONE6, 1500 bytes.
fn offending_v6() -> Vec<u8> {
    let mut icmp = [0u8; 28];
    let n = Icmpv6::EchoRequest(Echo {
        code: 0,
        ident: 7,
        seq: 1,
        data: &[b'x'; 20],
    })
    .emit(&mut icmp, &A6, &GONE6)
    .unwrap();
    let ip = Ipv6Header {
        payload_length: 1460,
        next_header: IpNumber::IPV6_ICMP,
        hop_limit: 64,
        source: A6.octets(),
        destination: GONE6.octets(),
        ..Default::default()
    };
    let mut v = ip.to_bytes().to_vec();
    v.extend_from_slice(&icmp[..n]);
    v
}

/// Ethernet + IPv4 (R -> A) + our frag-needed; `bad` corrupts the ICMP checksum.
fn injected_v4(bad: bool) -> Vec<u8> {
    let mut icmp = [0u8; 576];
    let n = frag_needed(&mut icmp, &offending_v4(), INJECTED_MTU, None).unwrap();
    if bad {
        icmp[2] ^= (BAD_XOR >> 8) as u8;
        icmp[3] ^= BAD_XOR as u8;
    }
    let mut out = Vec::new();
    PacketBuilder::ethernet2(MAC_R, MAC_A)
        .ipv4(R4.octets(), A4.octets(), 64)
        .write(&mut out, IpNumber::ICMP, &icmp[..n])
        .unwrap();
    out
}

/// Ethernet + IPv6 (R -> A) + our Packet Too Big; `bad` corrupts the ICMPv6 checksum.
fn injected_v6(bad: bool) -> Vec<u8> {
    let mut icmp = [0u8; 1240];
    let n = packet_too_big(&mut icmp, &offending_v6(), INJECTED_MTU.into(), &R6, &A6).unwrap();
    if bad {
        icmp[2] ^= (BAD_XOR >> 8) as u8;
        icmp[3] ^= BAD_XOR as u8;
    }
    let mut out = Vec::new();
    PacketBuilder::ethernet2(MAC_R, MAC_A)
        .ipv6(R6.octets(), A6.octets(), 64)
        .write(&mut out, IpNumber::IPV6_ICMP, &icmp[..n])
        .unwrap();
    out
}

/// What the capture on A shows, reduced to the checks.
#[derive(Debug, Default)]
struct Seen {
    /// (sender, mtu, quoted src, quoted dst, quoted echo ident) of valid frag-needed / PTB.
    ptb: Vec<(IpAddr, u32, IpAddr, IpAddr, Option<u16>)>,
    /// Senders of messages whose checksum failed, with both checksum values.
    bad: Vec<(IpAddr, u16, u16)>,
}

fn seen(path: &Path) -> Seen {
    let mut s = Seen::default();
    for f in read_capture(path).unwrap().frames {
        let d = dissect(f.linktype, &f.data);
        let Some(ip) = d.ip else { continue };
        let echo_ident = |t: Option<Transport>| match t {
            Some(Transport::Icmp {
                echo: Some((id, _)),
                ..
            }) => Some(id),
            _ => None,
        };
        match (ip.src, ip.dst, ip.protocol) {
            (IpAddr::V4(_), _, 1) => match Icmpv4::parse(ip.payload) {
                Ok(m) => {
                    if let (Some(mtu), Some(b)) = (m.frag_needed_mtu(), m.error_body()) {
                        let q = b.quoted_ipv4().unwrap();
                        let fl = q.flow();
                        s.ptb
                            .push((ip.src, mtu.into(), fl.src, fl.dst, echo_ident(fl.transport)));
                    }
                }
                Err(pdukit_icmp::ParseError::BadChecksum {
                    stored, computed, ..
                }) => {
                    s.bad.push((ip.src, stored, computed));
                }
                Err(e) => panic!("frame {}: {e}", f.number),
            },
            (IpAddr::V6(src), IpAddr::V6(dst), 58) => match Icmpv6::parse(ip.payload, &src, &dst) {
                Ok(m @ Icmpv6::PacketTooBig { mtu, .. }) => {
                    let fl = m.quoted_ipv6().unwrap().unwrap().flow();
                    s.ptb
                        .push((ip.src, mtu, fl.src, fl.dst, echo_ident(fl.transport)));
                }
                Ok(_) => {}
                Err(pdukit_icmp::ParseError::BadChecksum {
                    stored, computed, ..
                }) => {
                    s.bad.push((ip.src, stored, computed));
                }
                Err(e) => panic!("frame {}: {e}", f.number),
            },
            _ => {}
        }
    }
    s
}

fn check_capture(path: &Path) {
    let s = seen(path);
    eprintln!("{s:?}");
    let (a4, a6, r4, r6) = (
        IpAddr::V4(A4),
        IpAddr::V6(A6),
        IpAddr::V4(R4),
        IpAddr::V6(R6),
    );
    // 1. The kernel router's messages: MTU 1400, quoting A's pings to B.
    let kernel: Vec<_> = s.ptb.iter().filter(|p| p.1 == 1400).collect();
    assert!(
        kernel
            .iter()
            .any(|p| p.0 == r4 && p.2 == a4 && p.3 == IpAddr::V4(B4)),
        "{kernel:?}"
    );
    assert!(
        kernel
            .iter()
            .any(|p| p.0 == r6 && p.2 == a6 && p.3 == IpAddr::V6(B6)),
        "{kernel:?}"
    );
    assert!(
        kernel.iter().all(|p| p.4.is_some()),
        "kernel quotes include the echo header"
    );
    // 2. Ours as they crossed the wire: the good ones parse to what we built...
    let ours: Vec<_> = s
        .ptb
        .iter()
        .filter(|p| p.1 == u32::from(INJECTED_MTU))
        .collect();
    assert_eq!(
        ours,
        [
            &(r4, 1300, a4, IpAddr::V4(GONE4), Some(7)),
            &(r6, 1300, a6, IpAddr::V6(GONE6), Some(7))
        ]
    );
    // ...and the bad ones are caught, with the corruption we applied.
    assert_eq!(s.bad.len(), 2, "{:?}", s.bad);
    assert!(s.bad.iter().all(|b| b.1 ^ b.2 == BAD_XOR));
}

fn route_mtu(lab: &Lab, ns: &str, v6: bool, dst: &str) -> Option<u32> {
    let args: Vec<&str> = if v6 {
        vec!["-6", "route", "get", dst]
    } else {
        vec!["route", "get", dst]
    };
    let out = lab.ip(ns, &args).unwrap();
    let t: Vec<&str> = out.split_whitespace().collect();
    t.iter()
        .position(|x| *x == "mtu")
        .and_then(|i| t.get(i + 1))
        .and_then(|v| v.parse().ok())
}

/// (IcmpInCsumErrors, Icmp6InCsumErrors) in a namespace.
fn csum_errors(lab: &Lab, ns: &str) -> (u64, u64) {
    let snmp = lab.exec(ns, &["cat", "/proc/net/snmp"]).unwrap();
    let lines: Vec<&str> = snmp.lines().filter(|l| l.starts_with("Icmp:")).collect();
    let names: Vec<&str> = lines[0].split_whitespace().collect();
    let vals: Vec<&str> = lines[1].split_whitespace().collect();
    let i = names.iter().position(|n| *n == "InCsumErrors").unwrap();
    let v4 = vals[i].parse().unwrap();
    let snmp6 = lab.exec(ns, &["cat", "/proc/net/snmp6"]).unwrap();
    let v6 = snmp6
        .lines()
        .find(|l| l.starts_with("Icmp6InCsumErrors"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap()
        .parse()
        .unwrap();
    (v4, v6)
}

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, ping (run with --ignored)"]
fn linux_kernel_pmtu() {
    require(&["ip", "tcpdump", "ping", "sysctl"]).unwrap();
    let mut lab = Lab::new("ic").unwrap();
    let a = lab.netns("a").unwrap();
    let r = lab.netns("r").unwrap();
    let b = lab.netns("b").unwrap();
    lab.veth(
        (&a, "a0", "02:00:00:00:0a:01"),
        (&r, "r0", "02:00:00:00:0a:02"),
    )
    .unwrap();
    lab.veth(
        (&r, "r1", "02:00:00:00:0b:01"),
        (&b, "b0", "02:00:00:00:0b:02"),
    )
    .unwrap();
    lab.ip(&r, &["link", "set", "r1", "mtu", "1400"]).unwrap();
    lab.ip(&b, &["link", "set", "b0", "mtu", "1400"]).unwrap();
    for kv in [
        "net.ipv4.ip_forward=1",
        "net.ipv6.conf.all.forwarding=1",
        "net.ipv4.icmp_ratelimit=0",
        "net.ipv6.icmp.ratelimit=0",
    ] {
        lab.exec(&r, &["sysctl", "-qw", kv]).unwrap();
    }
    for (ns, dev, addr) in [
        (&a, "a0", "192.0.2.2/24"),
        (&a, "a0", "2001:db8:1::2/64"),
        (&r, "r0", "192.0.2.1/24"),
        (&r, "r0", "2001:db8:1::1/64"),
        (&r, "r1", "198.51.100.1/24"),
        (&r, "r1", "2001:db8:2::1/64"),
        (&b, "b0", "198.51.100.2/24"),
        (&b, "b0", "2001:db8:2::2/64"),
    ] {
        let mut args = vec!["addr", "add", addr, "dev", dev];
        if addr.contains(':') {
            args.push("nodad");
        }
        lab.ip(ns, &args).unwrap();
    }
    lab.ip(&a, &["route", "add", "default", "via", "192.0.2.1"])
        .unwrap();
    lab.ip(
        &a,
        &["-6", "route", "add", "default", "via", "2001:db8:1::1"],
    )
    .unwrap();
    lab.ip(&b, &["route", "add", "default", "via", "198.51.100.1"])
        .unwrap();
    lab.ip(
        &b,
        &["-6", "route", "add", "default", "via", "2001:db8:2::1"],
    )
    .unwrap();
    let cap = lab
        .capture(&a, "a0", "icmp or (icmp6 and ip6[40] < 133)", "pmtu")
        .unwrap();
    // Warm up neighbours, then the kernel router's own errors.
    let warm: [&[&str]; 2] = [
        &["ping", "-c1", "-W1", "198.51.100.2"],
        &["ping", "-6", "-c1", "-W1", "2001:db8:2::2"],
    ];
    for args in warm {
        let up = pdukit_lab::wait_until(Duration::from_secs(10), || lab.exec(&a, args).is_ok());
        assert!(up.is_ok(), "{args:?} never answered");
    }
    let _ = lab.exec(
        &a,
        &[
            "ping",
            "-c1",
            "-W1",
            "-M",
            "do",
            "-s",
            "1472",
            "198.51.100.2",
        ],
    );
    let _ = lab.exec(
        &a,
        &[
            "ping",
            "-6",
            "-c1",
            "-W1",
            "-M",
            "do",
            "-s",
            "1452",
            "2001:db8:2::2",
        ],
    );
    assert_eq!(route_mtu(&lab, &a, false, "198.51.100.2"), Some(1400));
    assert_eq!(route_mtu(&lab, &a, true, "2001:db8:2::2"), Some(1400));

    // 2. Ours: bad checksums first (nothing learned, counters +1 each), then good ones.
    let mut sock = lab.raw_socket(&r, "r0").unwrap();
    assert_eq!(route_mtu(&lab, &a, false, "198.51.100.99"), None);
    assert_eq!(route_mtu(&lab, &a, true, "2001:db8:2::99"), None);
    let before = csum_errors(&lab, &a);
    sock.send(&injected_v4(true)).unwrap();
    sock.send(&injected_v6(true)).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(csum_errors(&lab, &a), (before.0 + 1, before.1 + 1));
    assert_eq!(route_mtu(&lab, &a, false, "198.51.100.99"), None);
    assert_eq!(route_mtu(&lab, &a, true, "2001:db8:2::99"), None);
    sock.send(&injected_v4(false)).unwrap();
    sock.send(&injected_v6(false)).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(route_mtu(&lab, &a, false, "198.51.100.99"), Some(1300));
    assert_eq!(route_mtu(&lab, &a, true, "2001:db8:2::99"), Some(1300));
    assert_eq!(csum_errors(&lab, &a), (before.0 + 1, before.1 + 1));
    eprintln!(
        "kernel: MTU 1300 learned from our frag-needed and PTB; bad checksums refused (+1 each)"
    );

    std::thread::sleep(Duration::from_millis(200));
    let path = lab.stop_capture(&cap).unwrap();
    check_capture(&path);
    lab.record(&path, "icmp", "pmtu").unwrap();
}

#[test]
fn recorded_pmtu_lab() {
    check_capture(&fixtures::testdata("icmp").join("lab-pmtu.pcap"));
}
