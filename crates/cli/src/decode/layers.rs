//! The layers below a message, as tshark names them: link, VLAN, MPLS, PPPoE, PPP, IP, UDP,
//! the tunnels, and the datagram an ICMP error quotes.

use pdukit_icmp::field::{ipv4, ipv6, transport};
use pdukit_wire::{array_at, u16_at, u32_at};

use super::*;

/// Every layer the walk crossed, with tshark's field names; repeated layers (tunnels) give the
/// later values of the same fields, in wire order.
pub(super) fn layers(f: &mut Fields, d: &pdukit_frames::Dissected<'_>) {
    use pdukit_frames::Layer;
    for layer in &d.path {
        match *layer {
            Layer::Sll => {
                if let Some(s) = &d.sll {
                    sll_layer(f, s);
                }
            }
            Layer::Ethernet(i) => {
                if let Some((dst, src, ethertype)) = d.eths.get(i) {
                    f.push("eth.dst", Value::Mac(*dst));
                    f.push("eth.src", Value::Mac(*src));
                    type_or_len(f, ("eth.type", "eth.len"), *ethertype);
                }
            }
            Layer::Vlan(i) => {
                if let Some(v) = d.vlans.get(i) {
                    f.num("vlan.priority", v.priority);
                    f.flag("vlan.dei", v.dei);
                    f.num("vlan.id", v.id);
                    type_or_len(f, ("vlan.etype", "vlan.len"), v.ethertype);
                }
            }
            Layer::Mpls(i) => {
                if let Some(l) = d.mpls.get(i) {
                    f.num("mpls.label", l.label);
                    f.num("mpls.exp", l.tc);
                    f.flag("mpls.bottom", l.bottom);
                    f.num("mpls.ttl", l.ttl);
                }
            }
            Layer::PppoeSession => {
                if let Some(h) = d.pppoe_header {
                    use pdukit_frames::field::pppoe;
                    f.num("pppoe.version", h[pppoe::VER_TYPE] >> 4);
                    f.num("pppoe.type", h[pppoe::VER_TYPE] & 0x0f);
                    f.num("pppoe.code", h[pppoe::CODE]);
                    f.num("pppoe.session_id", u16_at(&h, pppoe::SESSION_ID));
                    f.num("pppoe.payload_length", u16_at(&h, pppoe::LENGTH));
                }
            }
            Layer::Ppp(i) => {
                if let Some(p) = d.ppps.get(i) {
                    ppp_layer(f, p);
                }
            }
            Layer::Ip(i) => {
                if let Some(ip) = d.ips.get(i) {
                    ip_layer(f, ip.header);
                }
            }
            Layer::Udp(i) => {
                if let Some(u) = d.udps.get(i) {
                    f.num("udp.srcport", u.src_port);
                    f.num("udp.dstport", u.dst_port);
                    f.num("udp.length", u.length);
                    f.num("udp.checksum", u.checksum);
                }
            }
            Layer::Tunnel(i) => {
                if let Some(t) = d.tunnels.get(i) {
                    tunnel_layer(f, t);
                }
            }
            _ => {}
        }
    }
}

/// A PPP header's protocol and, for the control protocols tshark names (LCP, IPCP, IPv6CP,
/// CCP as `ppp.*`; PAP and CHAP as their own), the packet's code, identifier and length.
pub(super) fn ppp_layer(f: &mut Fields, p: &pdukit_frames::PppFrame<'_>) {
    f.num("ppp.protocol", p.protocol);
    ppp_control(f, p.protocol, p.payload, true);
}

/// A PPP control packet's code, identifier and length; an LCP Protocol-Reject (code 8) also
/// shows the rejected packet's, as tshark dissects it.
pub(super) fn ppp_control(f: &mut Fields, protocol: u16, payload: &[u8], outer: bool) {
    let names = match protocol {
        // LCP, IPCP, IPv6CP, CCP (and the other NCPs of the same RFC 1661 packet format).
        0xc021 | 0x8021 | 0x8057 | 0x80fd => ("ppp.code", "ppp.identifier", "ppp.length"),
        0xc023 => ("pap.code", "pap.identifier", "pap.length"),
        0xc223 => ("chap.code", "chap.identifier", "chap.length"),
        _ => return,
    };
    use pdukit_frames::field::ppp_control as c;
    if let Some(h) = payload.first_chunk::<4>() {
        f.num(names.0, h[c::CODE]);
        f.num(names.1, h[c::IDENTIFIER]);
        f.num(names.2, u16_at(h, c::LENGTH));
        if let (true, 0xc021, 8, Some(rest)) =
            (outer, protocol, h[c::CODE], payload.get(c::REJECTED_INFO..))
        {
            let rejected = u16_at(payload, c::REJECTED_PROTOCOL);
            ppp_control(f, rejected, rest, false);
        }
    }
}

/// An EtherType field, or below 0x0600 an 802.3 length, under the name tshark gives each.
pub(super) fn type_or_len(f: &mut Fields, (ty, len): (&'static str, &'static str), v: u16) {
    f.num(if v >= 0x0600 { ty } else { len }, v);
}

/// A Linux cooked-capture header's fields.
pub(super) fn sll_layer(f: &mut Fields, s: &pdukit_frames::dissect::Sll) {
    f.num("sll.pkttype", s.packet_type);
    f.num("sll.hatype", s.arphrd);
    f.num("sll.halen", s.addr_len);
    if s.arphrd == 1 && s.addr_len == 6 {
        let mut mac = [0u8; 6];
        mac.copy_from_slice(&s.addr[..6]);
        f.push("sll.src.eth", Value::Mac(mac));
    }
    if s.protocol >= 0x0600 {
        f.num("sll.etype", s.protocol);
    }
    if let Some(i) = s.ifindex {
        f.num("sll.ifindex", i);
    }
}

/// A tunnel header's fields.
pub(super) fn tunnel_layer(f: &mut Fields, t: &pdukit_frames::dissect::Tunnel) {
    use pdukit_frames::dissect::Tunnel;
    match *t {
        Tunnel::Gre {
            flags,
            protocol,
            key,
            seq,
        } => {
            f.num("gre.flags_and_version", flags);
            f.num("gre.proto", protocol);
            if let Some(k) = key {
                f.num("gre.key", k);
            }
            if let Some(s) = seq {
                f.num("gre.sequence_number", s);
            }
        }
        Tunnel::Pptp {
            flags,
            payload_length,
            call_id,
            seq,
            ack,
        } => {
            f.num("gre.flags_and_version", flags);
            f.num("gre.proto", 0x880bu16);
            f.num("gre.key.payload_length", payload_length);
            f.num("gre.key.call_id", call_id);
            if let Some(s) = seq {
                f.num("gre.sequence_number", s);
            }
            if let Some(a) = ack {
                f.num("gre.ack_number", a);
            }
        }
        Tunnel::Erspan {
            version,
            session,
            vlan,
        } => {
            // ERSPAN's version field: 1 for type II, 2 for type III.
            f.num("erspan.version", version - 1);
            f.num("erspan.vlan", vlan);
            f.num("erspan.spanid", session);
        }
        Tunnel::Vxlan { flags, vni } => {
            f.num("vxlan.flags", flags);
            f.num("vxlan.vni", vni);
        }
        Tunnel::Geneve {
            version,
            flags,
            vni,
            protocol,
        } => {
            f.num("geneve.version", version);
            f.num("geneve.flags", flags);
            f.num("geneve.proto_type", protocol);
            f.num("geneve.vni", vni);
        }
        Tunnel::GtpU {
            flags,
            length,
            teid,
        } => {
            f.num("gtp.flags", flags);
            // Only G-PDUs (message type 255) are entered.
            f.num("gtp.message", 255u8);
            f.num("gtp.length", length);
            f.num("gtp.teid", teid);
        }
        Tunnel::L2tp {
            bits,
            length,
            tunnel,
            session,
            sequence,
            offset,
            ppp_protocol,
        } => {
            l2tp_flags(f, bits);
            if let Some(l) = length {
                f.num("l2tp.length", l);
            }
            f.num("l2tp.tunnel", tunnel);
            f.num("l2tp.session", session);
            if let Some((ns, nr)) = sequence {
                f.num("l2tp.Ns", ns);
                f.num("l2tp.Nr", nr);
            }
            if let Some(o) = offset {
                f.num("l2tp.offset", o);
            }
            f.num("ppp.protocol", ppp_protocol);
        }
        Tunnel::L2tpv3 {
            udp_bits,
            session,
            cookie,
            cookie_len,
            ppp_protocol,
        } => {
            if let Some(bits) = udp_bits {
                l2tp_flags(f, bits);
            }
            f.num("l2tp.sid", session);
            if cookie_len > 0 {
                f.push(
                    "l2tp.cookie",
                    Value::Bytes(cookie[..usize::from(cookie_len)].to_vec()),
                );
            }
            if let Some(p) = ppp_protocol {
                f.num("ppp.protocol", p);
            }
        }
        _ => {}
    }
}

/// One IPv4 or IPv6 header's fields (also a quoted one inside an ICMP error), from its bytes;
/// nothing when fewer bytes than the fixed header are there.
pub(super) fn ip_layer(f: &mut Fields, h: &[u8]) {
    match h.first().map(|b| b >> 4) {
        Some(4) if h.len() >= ipv4::HEADER_LEN => {
            let a = |r| IpAddr::V4(core::net::Ipv4Addr::from(array_at::<4>(h, r)));
            let flags_fragment = u16_at(h, ipv4::FLAGS_FRAGMENT);
            f.num("ip.version", 4u8);
            f.num("ip.hdr_len", 4 * (h[ipv4::VERSION_IHL] & 0x0f));
            f.num("ip.dsfield", h[ipv4::DS_FIELD]);
            f.num("ip.len", u16_at(h, ipv4::TOTAL_LEN));
            f.num("ip.id", u16_at(h, ipv4::IDENT));
            f.num("ip.flags", flags_fragment >> 13);
            f.flag("ip.flags.df", flags_fragment & 0x4000 != 0);
            f.flag("ip.flags.mf", flags_fragment & 0x2000 != 0);
            f.num("ip.frag_offset", 8 * (flags_fragment & 0x1fff));
            f.num("ip.ttl", h[ipv4::TTL]);
            f.num("ip.proto", h[ipv4::PROTOCOL]);
            f.num("ip.checksum", u16_at(h, ipv4::CHECKSUM));
            f.push("ip.src", ip(a(ipv4::SRC)));
            f.push("ip.dst", ip(a(ipv4::DST)));
        }
        Some(6) if h.len() >= ipv6::HEADER_LEN => {
            let a = |r| IpAddr::V6(core::net::Ipv6Addr::from(array_at::<16>(h, r)));
            // tshark's IPv6 dissector shows its version as `ip.version` too.
            f.num("ip.version", 6u8);
            let word = u32_at(h, ipv6::VERSION_CLASS_FLOW);
            f.num("ipv6.tclass", (word >> 20) & 0xff);
            f.num("ipv6.flow", word & 0x000f_ffff);
            f.num("ipv6.plen", u16_at(h, ipv6::PAYLOAD_LEN));
            f.num("ipv6.nxt", h[ipv6::NEXT_HEADER]);
            f.num("ipv6.hlim", h[ipv6::HOP_LIMIT]);
            f.push("ipv6.src", ip(a(ipv6::SRC)));
            f.push("ipv6.dst", ip(a(ipv6::DST)));
        }
        _ => {}
    }
}

/// The IP datagram quoted in an ICMP error, as tshark walks it: its header, an IPv4 or IPv6
/// packet inside it (IP in IP: 4in6 softwires, DS-Lite, lw4o6, 6in4), then the transport
/// header. A quote that is not IP: inside ICMPv4 tshark still shows the `ip.version` it read
/// (3, say) before giving up, so that is printed too; inside ICMPv6 it shows data only.
pub(super) fn quoted_ip(f: &mut Fields, raw: &[u8], in_icmpv4: bool, depth: usize) {
    let Some(&first) = raw.first() else { return };
    let (next, inner) = match first >> 4 {
        4 => match pdukit_icmp::QuotedIpv4::parse(raw, 0) {
            Ok(q) => (q.protocol(), q.payload),
            Err(_) => return,
        },
        6 if raw.len() >= 40 => (raw[6], &raw[40..]),
        6 => return,
        v => {
            if in_icmpv4 {
                f.num("ip.version", v);
            }
            return;
        }
    };
    ip_layer(f, raw);
    match next {
        // As deep as the frame walk goes.
        4 | 41 if depth < pdukit_frames::dissect::MAX_TUNNELS => {
            quoted_ip(f, inner, in_icmpv4, depth + 1)
        }
        4 | 41 => {}
        p => quoted_transport(f, p, inner),
    }
}

/// The transport header of a datagram quoted in an ICMP error, as tshark shows it: as many of
/// its fields as were quoted (RFC 792 asks for 8 bytes only), checksums unverified.
pub(super) fn quoted_transport(f: &mut Fields, protocol: u8, h: &[u8]) {
    // As far as the header was quoted: each field only when all its bytes are there.
    let b16 = |i: usize| pdukit_wire::be_u16(h, i);
    let b32 = |i: usize| pdukit_wire::be_u32(h, i);
    match protocol {
        17 => {
            let (Some(sp), Some(dp)) = (b16(0), b16(2)) else {
                return;
            };
            f.num("udp.srcport", sp);
            f.num("udp.dstport", dp);
            if let (Some(len), Some(sum)) = (b16(4), b16(6)) {
                f.num("udp.length", len);
                f.num("udp.checksum", sum);
            }
        }
        6 => {
            let (Some(sp), Some(dp)) = (b16(0), b16(2)) else {
                return;
            };
            f.num("tcp.srcport", sp);
            f.num("tcp.dstport", dp);
            let fields = [
                // Inside an ICMP error tshark shows sequence numbers as sent, not relative.
                ("tcp.seq", b32(4).map(u64::from)),
                ("tcp.ack_raw", b32(8).map(u64::from)),
                ("tcp.hdr_len", h.get(12).map(|b| u64::from(4 * (b >> 4)))),
                ("tcp.flags", b16(12).map(|w| u64::from(w & 0x0fff))),
                ("tcp.window_size_value", b16(14).map(u64::from)),
                ("tcp.checksum", b16(16).map(u64::from)),
                ("tcp.urgent_pointer", b16(18).map(u64::from)),
            ];
            for (name, v) in fields.iter().map_while(|(n, v)| Some((*n, (*v)?))) {
                f.num(name, v);
            }
        }
        1 | 58 => {
            let v6 = protocol == 58;
            let name = |v4: &'static str, v6n: &'static str| if v6 { v6n } else { v4 };
            let (Some(&t), Some(&code)) = (h.first(), h.get(1)) else {
                return;
            };
            f.num(name("icmp.type", "icmpv6.type"), t);
            f.num(name("icmp.code", "icmpv6.code"), code);
            if let Some(sum) = b16(2) {
                f.num(name("icmp.checksum", "icmpv6.checksum"), sum);
                f.num(name("icmp.checksum.status", "icmpv6.checksum.status"), 2u8);
            }
            echo_ids(f, v6, h);
        }
        _ => {}
    }
}

/// An echo request's or reply's identifier and sequence number (ICMP types 8 and 0, ICMPv6
/// 128 and 129).
pub(super) fn echo_ids(f: &mut Fields, v6: bool, h: &[u8]) {
    let echo = matches!(
        (v6, h.first()),
        (false, Some(0 | 8)) | (true, Some(128 | 129))
    );
    if echo && h.len() >= transport::ECHO_SEQ.end {
        let (id, seq) = (
            u16_at(h, transport::ECHO_IDENT),
            u16_at(h, transport::ECHO_SEQ),
        );
        if v6 {
            f.num("icmpv6.echo.identifier", id);
            f.num("icmpv6.echo.sequence_number", seq);
        } else {
            f.num("icmp.ident", id);
            f.num("icmp.seq", seq);
        }
    }
}
