//! Property: any stack of the tunnels the walk knows, up to the depth limit, built around an
//! ICMP echo, is walked to that echo; every tunnel is recorded outermost first, every IP layer
//! crossed is recorded, and `path` lists them in wire order. Deeper stacks stop at the limit
//! with a note, never beyond it.

use core::net::IpAddr;

use etherparse::{IpNumber, PacketBuilder};
use pdukit_frames::dissect::{Tunnel, MAX_TUNNELS};
use pdukit_frames::{dissect_with, DataLink, Layer, Options, Pseudowire};
use proptest::prelude::*;

#[derive(Clone, Copy, Debug)]
enum Encap {
    IpInIp { v6: bool },
    Gre { key: bool, seq: bool },
    GreTeb,
    Vxlan,
    Geneve,
    GtpU,
    L2tpV2,
    L2tpV3Ip,
    L2tpV3Udp,
    MplsUdp,
}

fn encap() -> impl Strategy<Value = Encap> {
    prop_oneof![
        any::<bool>().prop_map(|v6| Encap::IpInIp { v6 }),
        (any::<bool>(), any::<bool>()).prop_map(|(key, seq)| Encap::Gre { key, seq }),
        Just(Encap::GreTeb),
        Just(Encap::Vxlan),
        Just(Encap::Geneve),
        Just(Encap::GtpU),
        Just(Encap::L2tpV2),
        Just(Encap::L2tpV3Ip),
        Just(Encap::L2tpV3Udp),
        Just(Encap::MplsUdp),
    ]
}

const V4: ([u8; 4], [u8; 4]) = ([192, 0, 2, 1], [192, 0, 2, 2]);
const V6: ([u8; 16], [u8; 16]) = (
    [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
);

/// An IPv4 packet (outer addresses) carrying `payload` as protocol `proto`.
fn ipv4(proto: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    PacketBuilder::ipv4(V4.0, V4.1, 64)
        .write(&mut v, IpNumber(proto), payload)
        .unwrap();
    v
}

fn ipv6(proto: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    PacketBuilder::ipv6(V6.0, V6.1, 64)
        .write(&mut v, IpNumber(proto), payload)
        .unwrap();
    v
}

fn udp(port: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    PacketBuilder::ipv4(V4.0, V4.1, 64)
        .udp(40000, port)
        .write(&mut v, payload)
        .unwrap();
    v
}

fn ethernet(ip: &[u8]) -> Vec<u8> {
    let et: &[u8] = if ip[0] >> 4 == 6 {
        &[0x86, 0xdd]
    } else {
        &[8, 0]
    };
    [&[2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1][..], et, ip].concat()
}

fn ethertype(ip: &[u8]) -> [u8; 2] {
    if ip[0] >> 4 == 6 {
        [0x86, 0xdd]
    } else {
        [8, 0]
    }
}

/// Wraps an IP packet; the tunnel names the walk should record for it.
fn wrap(e: Encap, ip: &[u8]) -> (Vec<u8>, &'static [&'static str]) {
    let inner_proto = if ip[0] >> 4 == 6 { 41 } else { 4 };
    match e {
        Encap::IpInIp { v6: false } => (ipv4(inner_proto, ip), &["ipip"]),
        Encap::IpInIp { v6: true } => (ipv6(inner_proto, ip), &["ipip"]),
        Encap::Gre { key, seq } => {
            let et = ethertype(ip);
            let flags = if key { 0x20 } else { 0 } | if seq { 0x10 } else { 0 };
            let mut g = vec![flags, 0, et[0], et[1]];
            if key {
                g.extend([0, 0, 0, 42]);
            }
            if seq {
                g.extend([0, 0, 0, 7]);
            }
            g.extend_from_slice(ip);
            (ipv4(47, &g), &["gre"])
        }
        Encap::GreTeb => (
            ipv4(47, &[&[0, 0, 0x65, 0x58][..], &ethernet(ip)].concat()),
            &["gre"],
        ),
        Encap::Vxlan => (
            udp(
                4789,
                &[&[8, 0, 0, 0, 0, 0, 5, 0][..], &ethernet(ip)].concat(),
            ),
            &["vxlan"],
        ),
        Encap::Geneve => {
            let et = ethertype(ip);
            (
                udp(6081, &[&[0, 0, et[0], et[1], 0, 0, 6, 0][..], ip].concat()),
                &["geneve"],
            )
        }
        Encap::GtpU => {
            let len = (ip.len() as u16).to_be_bytes();
            (
                udp(
                    2152,
                    &[&[0x30, 0xff, len[0], len[1], 0, 0, 0, 9][..], ip].concat(),
                ),
                &["gtpu"],
            )
        }
        Encap::L2tpV2 => {
            let proto: &[u8] = if ip[0] >> 4 == 6 {
                &[0, 0x57]
            } else {
                &[0, 0x21]
            };
            (
                udp(
                    1701,
                    &[&[0, 2, 0, 5, 0, 6, 0xff, 3][..], proto, ip].concat(),
                ),
                &["l2tp"],
            )
        }
        Encap::L2tpV3Ip => (
            ipv4(
                115,
                &[&[0, 0, 0x12, 0x34, 0xc0, 0x0c, 0x1e, 0x55][..], ip].concat(),
            ),
            &["l2tpv3"],
        ),
        Encap::L2tpV3Udp => (
            udp(
                1701,
                &[
                    &[0, 3, 0, 0, 0, 0, 0x12, 0x34, 0xc0, 0x0c, 0x1e, 0x55][..],
                    ip,
                ]
                .concat(),
            ),
            &["l2tpv3"],
        ),
        // Bottom-of-stack label 100, TTL 64: no tunnel recorded, a label stack entry instead.
        Encap::MplsUdp => (udp(6635, &[&[0, 0x06, 0x41, 0x40][..], ip].concat()), &[]),
    }
}

fn name(t: &Tunnel) -> &'static str {
    match t {
        Tunnel::IpInIp { .. } => "ipip",
        Tunnel::Gre { .. } => "gre",
        Tunnel::Erspan { .. } => "erspan",
        Tunnel::GtpU { .. } => "gtpu",
        Tunnel::Geneve { .. } => "geneve",
        Tunnel::Vxlan { .. } => "vxlan",
        Tunnel::L2tp { .. } => "l2tp",
        Tunnel::L2tpv3 { .. } => "l2tpv3",
        _ => "other",
    }
}

fn echo(v6: bool) -> Vec<u8> {
    let mut v = Vec::new();
    if v6 {
        PacketBuilder::ipv6([0xfd; 16], [0xfe; 16], 9)
            .icmpv6_echo_request(1, 2)
            .write(&mut v, b"inner")
            .unwrap();
    } else {
        PacketBuilder::ipv4([10, 0, 0, 1], [10, 0, 0, 2], 9)
            .icmpv4_echo_request(1, 2)
            .write(&mut v, b"inner")
            .unwrap();
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_tunnel_stack_is_walked_to_the_inner_echo(
        stack in proptest::collection::vec(encap(), 0..12),
        v6 in any::<bool>(),
    ) {
        let inner = echo(v6);
        let mut pkt = inner.clone();
        let mut expected: Vec<&str> = Vec::new();
        let mut labels = 0;
        // Built inside out; `stack[0]` is the innermost wrapping.
        for e in &stack {
            let (outer, names) = wrap(*e, &pkt);
            pkt = outer;
            expected.splice(0..0, names.iter().copied());
            labels += usize::from(matches!(e, Encap::MplsUdp));
        }
        let options = Options { l2tpv3: Some(Pseudowire::Ip), l2tpv3_cookie: 4 };
        let frame = ethernet(&pkt);
        let d = dissect_with(DataLink::ETHERNET, &frame, options);
        let got: Vec<&str> = d.tunnels.iter().map(name).collect();

        // `path` is the wire order: every entry indexes its vector, each vector's entries
        // appear once and in order, tunnels between the IP layers that carry them.
        let mut seen = [0usize; 4];
        for l in &d.path {
            let (k, i, n) = match *l {
                Layer::Ethernet(i) => (0, i, d.eths.len()),
                Layer::Ip(i) => (1, i, d.ips.len()),
                Layer::Udp(i) => (2, i, d.udps.len()),
                Layer::Tunnel(i) => (3, i, d.tunnels.len()),
                _ => continue,
            };
            prop_assert!(i < n && i == seen[k], "{:?}", d.path);
            seen[k] += 1;
        }
        prop_assert_eq!(seen, [d.eths.len(), d.ips.len(), d.udps.len(), d.tunnels.len()]);

        if expected.len() <= MAX_TUNNELS {
            prop_assert_eq!(&got, &expected);
            prop_assert!(d.error.is_none(), "{:?}", d.error);
            let ip = d.ip.as_ref().expect("the inner echo is reached");
            prop_assert_eq!(ip.protocol, if v6 { 58 } else { 1 });
            let src: IpAddr = if v6 { [0xfd; 16].into() } else { [10, 0, 0, 1].into() };
            prop_assert_eq!(ip.src, src);
            prop_assert_eq!(ip.payload, &inner[if v6 { 40 } else { 20 }..]);
            // One IP layer per wrapping, plus the echo's own.
            prop_assert_eq!(d.ips.len(), stack.len() + 1);
            prop_assert_eq!(d.mpls.len(), labels);
        } else {
            // Deeper than the limit: the first MAX_TUNNELS, then a note.
            prop_assert_eq!(&got[..], &expected[..MAX_TUNNELS]);
            prop_assert!(
                d.error.as_deref().is_some_and(|e| e.contains("nested tunnels")),
                "{:?}",
                d.error
            );
        }
    }
}
