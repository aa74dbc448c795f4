//! ICMP error parsing for path-MTU work, pdukit against etherparse, smoltcp (packet API) and
//! pnet_packet on the same bytes: checksum verification, the MTU, and the quoted flow
//! (addresses, protocol, UDP ports).
//!
//! Inputs: a frag-needed (MTU 1400) quoting 20 + 8 bytes of a 1500-byte IPv4/UDP packet, and a
//! Packet Too Big (MTU 1280) quoting 40 + 8 bytes of an IPv6/UDP packet. Every contender is
//! first checked to produce the same fold of the same fields. pdukit runs its one parse
//! (`Icmpv4::parse` / `Icmpv6::parse`), then the quote's.

use core::net::Ipv6Addr;

use pdukit_icmp::{frag_needed, packet_too_big, Icmpv4, Icmpv6, QuotedIpv4, QuotedIpv6};

use crate::Case;

const R6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 1);
const A6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 2);

fn fold(mtu: u32, src: u128, dst: u128, proto: u8, sp: u16, dp: u16) -> u64 {
    u64::from(mtu)
        .wrapping_add(src as u64 ^ (src >> 64) as u64)
        .wrapping_add(dst as u64 ^ (dst >> 64) as u64)
        .wrapping_add(u64::from(proto) << 40)
        .wrapping_add(u64::from(sp) << 16)
        .wrapping_add(u64::from(dp))
}

fn v4_bits(b: [u8; 4]) -> u128 {
    u128::from(u32::from_be_bytes(b))
}

/// The two inputs: the frag-needed and the Packet Too Big.
pub fn inputs() -> (Vec<u8>, Vec<u8>) {
    let mut q4 = vec![
        0x45, 0, 0x05, 0xdc, 0, 1, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 2, 198, 51, 100, 2,
    ];
    q4.extend_from_slice(&[0x30, 0x39, 0, 53, 0x05, 0xc8, 0, 0]);
    let mut b4 = vec![0u8; 64];
    let n = frag_needed(&mut b4, &q4, 1400, None).unwrap();
    b4.truncate(n);
    let mut q6 = vec![0x60, 0, 0, 0, 0x05, 0xb4, 17, 64];
    q6.extend_from_slice(&A6.octets());
    q6.extend_from_slice(&Ipv6Addr::new(0x2001, 0xdb8, 2, 0, 0, 0, 0, 2).octets());
    q6.extend_from_slice(&[0x30, 0x39, 0, 53, 0x05, 0xb4, 0, 0]);
    let mut b6 = vec![0u8; 64];
    let n = packet_too_big(&mut b6, &q6, 1280, &R6, &A6).unwrap();
    b6.truncate(n);
    (b4, b6)
}

fn pdukit_v4(b: &[u8]) -> u64 {
    let Ok(m) = Icmpv4::parse(b) else { return 0 };
    let (Some(mtu), Some(body)) = (m.frag_needed_mtu(), m.error_body()) else {
        return 0;
    };
    let Ok(q) = body.quoted_ipv4() else { return 0 };
    visit_v4(mtu, &q)
}

/// pdukit's visit of a frag-needed: the MTU and the quoted flow, folded.
#[inline(always)]
fn visit_v4(mtu: u16, q: &QuotedIpv4<'_>) -> u64 {
    let Some((sp, dp)) = q.ports() else { return 0 };
    fold(
        mtu.into(),
        v4_bits(q.src().octets()),
        v4_bits(q.dst().octets()),
        q.protocol(),
        sp,
        dp,
    )
}

fn etherparse_v4(b: &[u8]) -> u64 {
    use etherparse::icmpv4::DestUnreachableHeader;
    use etherparse::{Icmpv4Slice, Icmpv4Type, Ipv4HeaderSlice, UdpHeaderSlice};
    let Ok(s) = Icmpv4Slice::from_slice(b) else {
        return 0;
    };
    let t = s.icmp_type();
    if t.calc_checksum(s.payload()) != s.checksum() {
        return 0;
    }
    let Icmpv4Type::DestinationUnreachable(DestUnreachableHeader::FragmentationNeeded {
        next_hop_mtu,
    }) = t
    else {
        return 0;
    };
    let Ok(ip) = Ipv4HeaderSlice::from_slice(s.payload()) else {
        return 0;
    };
    let Ok(udp) = UdpHeaderSlice::from_slice(&s.payload()[ip.slice().len()..]) else {
        return 0;
    };
    fold(
        next_hop_mtu.into(),
        v4_bits(ip.source()),
        v4_bits(ip.destination()),
        ip.protocol().0,
        udp.source_port(),
        udp.destination_port(),
    )
}

fn smoltcp_v4(b: &[u8]) -> u64 {
    use smoltcp::wire::{Icmpv4Message, Icmpv4Packet, Ipv4Packet, UdpPacket};
    let Ok(p) = Icmpv4Packet::new_checked(b) else {
        return 0;
    };
    if !p.verify_checksum() || p.msg_type() != Icmpv4Message::DstUnreachable || p.msg_code() != 4 {
        return 0;
    }
    // smoltcp has no next-hop MTU accessor; it is bytes 6-7, where echo keeps its sequence.
    let mtu = p.echo_seq_no();
    let data = p.data();
    // new_checked would reject the quote (its total length exceeds the bytes): read laxly.
    if data.len() < 20 {
        return 0;
    }
    let ip = Ipv4Packet::new_unchecked(data);
    let hl = usize::from(ip.header_len());
    let Some(l4) = data.get(hl..hl + 8) else {
        return 0;
    };
    let udp = UdpPacket::new_unchecked(l4);
    fold(
        mtu.into(),
        v4_bits(ip.src_addr().octets()),
        v4_bits(ip.dst_addr().octets()),
        u8::from(ip.next_header()),
        udp.src_port(),
        udp.dst_port(),
    )
}

fn pnet_v4(b: &[u8]) -> u64 {
    use pnet_packet::icmp::destination_unreachable::DestinationUnreachablePacket;
    use pnet_packet::icmp::{checksum, IcmpPacket, IcmpTypes};
    use pnet_packet::ipv4::Ipv4Packet;
    use pnet_packet::udp::UdpPacket;
    use pnet_packet::Packet;
    let Some(p) = IcmpPacket::new(b) else {
        return 0;
    };
    if checksum(&p) != p.get_checksum() || p.get_icmp_type() != IcmpTypes::DestinationUnreachable {
        return 0;
    }
    let Some(du) = DestinationUnreachablePacket::new(b) else {
        return 0;
    };
    let data = du.payload();
    let Some(ip) = Ipv4Packet::new(data) else {
        return 0;
    };
    let hl = usize::from(ip.get_header_length()) * 4;
    let Some(udp) = data.get(hl..).and_then(UdpPacket::new) else {
        return 0;
    };
    fold(
        du.get_next_hop_mtu().into(),
        v4_bits(ip.get_source().octets()),
        v4_bits(ip.get_destination().octets()),
        ip.get_next_level_protocol().0,
        udp.get_source(),
        udp.get_destination(),
    )
}

fn pdukit_v6(b: &[u8]) -> u64 {
    let Ok(m) = Icmpv6::parse(b, &R6, &A6) else {
        return 0;
    };
    let Icmpv6::PacketTooBig { mtu, .. } = m else {
        return 0;
    };
    let Some(Ok(q)) = m.quoted_ipv6() else {
        return 0;
    };
    visit_v6(mtu, &q)
}

/// pdukit's visit of a Packet Too Big: the MTU and the quoted flow, folded.
#[inline(always)]
fn visit_v6(mtu: u32, q: &QuotedIpv6<'_>) -> u64 {
    let Some((sp, dp)) = q.ports() else { return 0 };
    fold(
        mtu,
        q.src().to_bits(),
        q.dst().to_bits(),
        q.protocol,
        sp,
        dp,
    )
}

fn etherparse_v6(b: &[u8]) -> u64 {
    use etherparse::{Icmpv6Slice, Icmpv6Type, Ipv6HeaderSlice, UdpHeaderSlice};
    let Ok(s) = Icmpv6Slice::from_slice(b) else {
        return 0;
    };
    let t = s.icmp_type();
    if t.calc_checksum(R6.octets(), A6.octets(), s.payload()) != Ok(s.checksum()) {
        return 0;
    }
    let Icmpv6Type::PacketTooBig { mtu } = t else {
        return 0;
    };
    let Ok(ip) = Ipv6HeaderSlice::from_slice(s.payload()) else {
        return 0;
    };
    let Ok(udp) = UdpHeaderSlice::from_slice(&s.payload()[40..]) else {
        return 0;
    };
    fold(
        mtu,
        u128::from_be_bytes(ip.source()),
        u128::from_be_bytes(ip.destination()),
        ip.next_header().0,
        udp.source_port(),
        udp.destination_port(),
    )
}

fn smoltcp_v6(b: &[u8]) -> u64 {
    use smoltcp::wire::{Icmpv6Message, Icmpv6Packet, Ipv6Packet, UdpPacket};
    let Ok(p) = Icmpv6Packet::new_checked(b) else {
        return 0;
    };
    if !p.verify_checksum(&R6, &A6) || p.msg_type() != Icmpv6Message::PktTooBig {
        return 0;
    }
    let data = p.payload();
    if data.len() < 48 {
        return 0;
    }
    let ip = Ipv6Packet::new_unchecked(data);
    let udp = UdpPacket::new_unchecked(&data[40..48]);
    fold(
        p.pkt_too_big_mtu(),
        ip.src_addr().to_bits(),
        ip.dst_addr().to_bits(),
        u8::from(ip.next_header()),
        udp.src_port(),
        udp.dst_port(),
    )
}

fn pnet_v6(b: &[u8]) -> u64 {
    use pnet_packet::icmpv6::{checksum, Icmpv6Packet, Icmpv6Types};
    use pnet_packet::ipv6::Ipv6Packet;
    use pnet_packet::udp::UdpPacket;
    use pnet_packet::Packet;
    let Some(p) = Icmpv6Packet::new(b) else {
        return 0;
    };
    if checksum(&p, &R6, &A6) != p.get_checksum()
        || p.get_icmpv6_type() != Icmpv6Types::PacketTooBig
    {
        return 0;
    }
    // pnet has no Packet Too Big view: the MTU is the first 4 bytes of its payload.
    let pl = p.payload();
    let Some(mtu) = pl
        .get(..4)
        .map(|m| u32::from_be_bytes([m[0], m[1], m[2], m[3]]))
    else {
        return 0;
    };
    let Some(ip) = Ipv6Packet::new(&pl[4..]) else {
        return 0;
    };
    let Some(udp) = pl.get(44..).and_then(UdpPacket::new) else {
        return 0;
    };
    fold(
        mtu,
        ip.get_source().to_bits(),
        ip.get_destination().to_bits(),
        ip.get_next_header().0,
        udp.get_source(),
        udp.get_destination(),
    )
}

/// The two inputs with their contenders, pdukit's first.
pub fn cases() -> Vec<Case> {
    let (b4, b6) = inputs();
    vec![
        Case {
            name: "frag_needed_28",
            bytes: b4,
            contenders: vec![
                ("pdukit", pdukit_v4),
                ("etherparse", etherparse_v4),
                ("smoltcp", smoltcp_v4),
                ("pnet_packet", pnet_v4),
            ],
        },
        Case {
            name: "packet_too_big_48",
            bytes: b6,
            contenders: vec![
                ("pdukit", pdukit_v6),
                ("etherparse", etherparse_v6),
                ("smoltcp", smoltcp_v6),
                ("pnet_packet", pnet_v6),
            ],
        },
    ]
}
