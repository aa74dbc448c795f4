//! One frame to Wireshark-named fields and a summary line, through the protocol crates'
//! public APIs.

use core::net::IpAddr;

use pdukit_frames::{dissect_with, DataLink};
use pdukit_icmp::{Icmpv4, Icmpv6};
use pdukit_igmp::Message;
use pdukit_l2tp::{AvpValue as L2tpValue, Carrier, Packet as L2tpPacket};
use pdukit_lacp::{Lacpdu, Marker, PortInfo, SlowPdu};
use pdukit_pppoe::{Discovery, SubOption, TagValue};
use pdukit_snmp::{Message as SnmpMessage, Pdu, ScopedPdu, Value as SnmpValue};

use crate::fields::{Fields, Value};

/// Protocol families the CLI decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// IGMP.
    Igmp,
    /// ICMPv4.
    Icmp,
    /// ICMPv6.
    Icmpv6,
    /// Slow protocols (LACP, Marker, others).
    Slow,
    /// PPPoE discovery.
    PppoeDiscovery,
    /// PPPoE session header.
    PppoeSession,
    /// SNMP on UDP 161/162.
    Snmp,
    /// L2TP on UDP 1701 and IP protocol 115.
    L2tp,
    /// PPP (the PPP link type) carrying no family of ours: LCP, PAP, CHAP, IPCP, ...
    Ppp,
}

impl Family {
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Family::Igmp => "IGMP",
            Family::Icmp => "ICMP",
            Family::Icmpv6 => "ICMPv6",
            Family::Slow => "LACP/Marker",
            Family::PppoeDiscovery => "PPPoE discovery",
            Family::PppoeSession => "PPPoE session",
            Family::Snmp => "SNMP",
            Family::L2tp => "L2TP",
            Family::Ppp => "PPP",
        }
    }
}

/// What one frame decoded to.
#[derive(Debug)]
pub struct Decoded {
    /// The family.
    pub family: Family,
    /// The fields.
    pub fields: Fields,
    /// A one-line summary.
    pub summary: String,
    /// Whether a checksum failed.
    pub bad_checksum: bool,
    /// A path-MTU signal (frag-needed or packet-too-big), for the report.
    pub pmtu: Option<Pmtu>,
    /// IGMP memberships reported: (group, joined: true / left: false), for the report.
    pub igmp: Vec<(core::net::Ipv4Addr, bool)>,
}

/// A frag-needed or packet-too-big: who sent it, the MTU, and about which flow.
#[derive(Clone, Debug)]
pub struct Pmtu {
    /// The router or host that sent it.
    pub sender: IpAddr,
    /// The MTU it announces.
    pub mtu: u32,
    /// The quoted packet's flow, when the quote holds it.
    pub flow: Option<pdukit_icmp::Flow>,
}

/// A summary line, built only when wanted.
struct Summary {
    on: bool,
    text: String,
}

impl Summary {
    fn new(on: bool, s: &str) -> Self {
        Summary {
            on,
            text: if on { s.to_string() } else { String::new() },
        }
    }
    fn set(&mut self, a: core::fmt::Arguments<'_>) {
        if self.on {
            self.text = a.to_string();
        }
    }
    fn add(&mut self, a: core::fmt::Arguments<'_>) {
        if self.on {
            use core::fmt::Write as _;
            let _ = self.text.write_fmt(a);
        }
    }
    fn push(&mut self, s: &str) {
        if self.on {
            self.text.push_str(s);
        }
    }
}

fn ip(a: IpAddr) -> Value {
    Value::Ip(a)
}

/// Decodes a frame; `None` when it carries no supported family. The summary line is built only
/// when `on` (JSON output does not need it).
pub fn decode(linktype: DataLink, data: &[u8], on: bool) -> Option<Decoded> {
    let d = dissect_with(linktype, data, WALK.get().copied().unwrap_or_default());
    let mut f = Fields::default();
    layers(&mut f, &d);
    match d.ethertype {
        Some(pdukit_pppoe::ETHERTYPE_DISCOVERY) => return Some(pppoe(d.l2_payload, f, on)),
        Some(pdukit_lacp::ETHERTYPE) => return Some(slow(d.l2_payload, f, on)),
        _ => {}
    }
    let Some(ipi) = d.ip.as_ref() else {
        return if l2tp_session(&d).is_some() {
            l2tp_tunnel(&d, f)
        } else {
            ppp_only(&d, f)
        };
    };
    if ipi.fragmented {
        return None;
    }
    match (ipi.src, ipi.dst, ipi.protocol) {
        (IpAddr::V4(_), _, 2) => Some(igmp(ipi.payload, f, on)),
        (IpAddr::V4(_), _, 1) => Some(icmp(ipi.src, ipi.payload, f, on)),
        (IpAddr::V6(s), IpAddr::V6(t), 58) => Some(icmpv6(s, t, ipi.payload, f, on)),
        (_, _, 17)
            if d.udp.as_ref().is_some_and(|u| {
                [u.src_port, u.dst_port]
                    .iter()
                    .any(|p| *p == SNMP_PORT || *p == SNMP_TRAP_PORT)
            }) =>
        {
            d.udp.as_ref().map(|u| snmp(u.payload, f, on))
        }
        (_, _, 17)
            if d.udp.as_ref().is_some_and(|u| {
                u.src_port == pdukit_l2tp::UDP_PORT || u.dst_port == pdukit_l2tp::UDP_PORT
            }) =>
        {
            d.udp.as_ref().map(|u| l2tp(u.payload, Carrier::Udp, f, on))
        }
        (_, _, pdukit_l2tp::IP_PROTOCOL) => Some(l2tp(ipi.payload, Carrier::Ip, f, on)),
        _ if d.pppoe_session.is_some() => Some(Decoded {
            family: Family::PppoeSession,
            summary: "PPPoE session".into(),
            fields: f,
            bad_checksum: false,
            pmtu: None,
            igmp: Vec::new(),
        }),
        _ => l2tp_tunnel(&d, f),
    }
}

/// The innermost L2TP data session the walk entered.
fn l2tp_session(d: &pdukit_frames::Dissected<'_>) -> Option<u32> {
    use pdukit_frames::dissect::Tunnel;
    d.tunnels.iter().rev().find_map(|t| match *t {
        Tunnel::L2tp { session, .. } => Some(u32::from(session)),
        Tunnel::L2tpv3 { session, .. } => Some(session),
        _ => None,
    })
}

/// A PPPoE session frame, or a frame of the PPP link type, whose PPP payload is not IP (LCP,
/// PAP, CHAP, IPCP, ...): its session header and PPP fields, as tshark shows every one.
fn ppp_only(d: &pdukit_frames::Dissected<'_>, f: Fields) -> Option<Decoded> {
    let p = d.ppps.last()?;
    let (family, what) = if d.pppoe_session.is_some() {
        (Family::PppoeSession, "PPPoE session")
    } else {
        (Family::Ppp, "PPP")
    };
    Some(Decoded {
        family,
        summary: format!("{what} {}", ppp_protocol_name(p.protocol)),
        fields: f,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    })
}

/// A PPP protocol's usual name, or its number.
fn ppp_protocol_name(p: u16) -> String {
    match p {
        0xc021 => "LCP".into(),
        0xc023 => "PAP".into(),
        0xc223 => "CHAP".into(),
        0x8021 => "IPCP".into(),
        0x8057 => "IPv6CP".into(),
        0x80fd => "CCP".into(),
        0x0021 => "IPv4".into(),
        0x0057 => "IPv6".into(),
        p => format!("protocol {p:#06x}"),
    }
}

/// How `decode` walks what a frame alone does not say (`--l2tpv3`, `--l2tpv3-cookie`).
pub static WALK: std::sync::OnceLock<pdukit_frames::Options> = std::sync::OnceLock::new();

/// A frame whose innermost packet is no family of ours, but which crossed an L2TP data session
/// (an Ethernet pseudowire carrying ARP, say): shown as L2TP data, with the layers walked.
fn l2tp_tunnel(d: &pdukit_frames::Dissected<'_>, f: Fields) -> Option<Decoded> {
    let session = l2tp_session(d)?;
    Some(Decoded {
        family: Family::L2tp,
        summary: format!("L2TP data session {session:#x}"),
        fields: f,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    })
}

/// Every layer the walk crossed, with tshark's field names; repeated layers (tunnels) give the
/// later values of the same fields, in wire order.
fn layers(f: &mut Fields, d: &pdukit_frames::Dissected<'_>) {
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
                    f.num("pppoe.version", h[0] >> 4);
                    f.num("pppoe.type", h[0] & 0x0f);
                    f.num("pppoe.code", h[1]);
                    f.num("pppoe.session_id", u16::from_be_bytes([h[2], h[3]]));
                    f.num("pppoe.payload_length", u16::from_be_bytes([h[4], h[5]]));
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
fn ppp_layer(f: &mut Fields, p: &pdukit_frames::PppFrame<'_>) {
    f.num("ppp.protocol", p.protocol);
    ppp_control(f, p.protocol, p.payload, true);
}

/// A PPP control packet's code, identifier and length; an LCP Protocol-Reject (code 8) also
/// shows the rejected packet's, as tshark dissects it.
fn ppp_control(f: &mut Fields, protocol: u16, payload: &[u8], outer: bool) {
    let names = match protocol {
        // LCP, IPCP, IPv6CP, CCP (and the other NCPs of the same RFC 1661 packet format).
        0xc021 | 0x8021 | 0x8057 | 0x80fd => ("ppp.code", "ppp.identifier", "ppp.length"),
        0xc023 => ("pap.code", "pap.identifier", "pap.length"),
        0xc223 => ("chap.code", "chap.identifier", "chap.length"),
        _ => return,
    };
    if let Some(h) = payload.first_chunk::<4>() {
        f.num(names.0, h[0]);
        f.num(names.1, h[1]);
        f.num(names.2, u16::from_be_bytes([h[2], h[3]]));
        if let (true, 0xc021, 8, Some(r)) = (outer, protocol, h[0], payload.get(4..6)) {
            let rejected = u16::from_be_bytes([r[0], r[1]]);
            ppp_control(f, rejected, &payload[6..], false);
        }
    }
}

/// An EtherType field, or below 0x0600 an 802.3 length, under the name tshark gives each.
fn type_or_len(f: &mut Fields, (ty, len): (&'static str, &'static str), v: u16) {
    f.num(if v >= 0x0600 { ty } else { len }, v);
}

/// A Linux cooked-capture header's fields.
fn sll_layer(f: &mut Fields, s: &pdukit_frames::dissect::Sll) {
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
fn tunnel_layer(f: &mut Fields, t: &pdukit_frames::dissect::Tunnel) {
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
fn ip_layer(f: &mut Fields, h: &[u8]) {
    match h.first().map(|b| b >> 4) {
        Some(4) if h.len() >= 20 => {
            let b16 = |i: usize| u16::from_be_bytes([h[i], h[i + 1]]);
            let a =
                |i: usize| IpAddr::V4(core::net::Ipv4Addr::new(h[i], h[i + 1], h[i + 2], h[i + 3]));
            f.num("ip.version", 4u8);
            f.num("ip.hdr_len", 4 * (h[0] & 0x0f));
            f.num("ip.dsfield", h[1]);
            f.num("ip.len", b16(2));
            f.num("ip.id", b16(4));
            f.num("ip.flags", h[6] >> 5);
            f.flag("ip.flags.df", h[6] & 0x40 != 0);
            f.flag("ip.flags.mf", h[6] & 0x20 != 0);
            f.num("ip.frag_offset", 8 * (b16(6) & 0x1fff));
            f.num("ip.ttl", h[8]);
            f.num("ip.proto", h[9]);
            f.num("ip.checksum", b16(10));
            f.push("ip.src", ip(a(12)));
            f.push("ip.dst", ip(a(16)));
        }
        Some(6) if h.len() >= 40 => {
            let a = |i: usize| {
                let mut x = [0u8; 16];
                x.copy_from_slice(&h[i..i + 16]);
                IpAddr::V6(core::net::Ipv6Addr::from(x))
            };
            // tshark's IPv6 dissector shows its version as `ip.version` too.
            f.num("ip.version", 6u8);
            let word = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
            f.num("ipv6.tclass", (word >> 20) & 0xff);
            f.num("ipv6.flow", word & 0x000f_ffff);
            f.num("ipv6.plen", u16::from_be_bytes([h[4], h[5]]));
            f.num("ipv6.nxt", h[6]);
            f.num("ipv6.hlim", h[7]);
            f.push("ipv6.src", ip(a(8)));
            f.push("ipv6.dst", ip(a(24)));
        }
        _ => {}
    }
}

/// The IP datagram quoted in an ICMP error, as tshark walks it: its header, an IPv4 or IPv6
/// packet inside it (IP in IP: 4in6 softwires, DS-Lite, lw4o6, 6in4), then the transport
/// header. A quote that is not IP: inside ICMPv4 tshark still shows the `ip.version` it read
/// (3, say) before giving up, so that is printed too; inside ICMPv6 it shows data only.
fn quoted_ip(f: &mut Fields, raw: &[u8], in_icmpv4: bool, depth: usize) {
    let Some(&first) = raw.first() else { return };
    let (next, inner) = match first >> 4 {
        4 => {
            if pdukit_icmp::QuotedIpv4::parse(raw, 0).is_err() {
                return;
            }
            let ihl = 4 * usize::from(first & 0x0f);
            (raw[9], raw.get(ihl..).unwrap_or(&[]))
        }
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
fn quoted_transport(f: &mut Fields, protocol: u8, h: &[u8]) {
    let b16 = |i: usize| h.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let b32 = |i: usize| {
        h.get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
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
fn echo_ids(f: &mut Fields, v6: bool, h: &[u8]) {
    let echo = matches!(
        (v6, h.first()),
        (false, Some(0 | 8)) | (true, Some(128 | 129))
    );
    if let (true, Some(e)) = (echo, h.get(4..8)) {
        let (id, seq) = (
            u16::from_be_bytes([e[0], e[1]]),
            u16::from_be_bytes([e[2], e[3]]),
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

/// SNMP agent and trap ports.
const SNMP_PORT: u16 = 161;
const SNMP_TRAP_PORT: u16 = 162;

/// Wireshark's PDU names (`snmp.data` values).
fn pdu_name(p: &Pdu<'_>) -> &'static str {
    match p {
        Pdu::Get(_) => "get-request",
        Pdu::GetNext(_) => "get-next-request",
        Pdu::Response(_) => "get-response",
        Pdu::Set(_) => "set-request",
        Pdu::TrapV1(_) => "trap",
        Pdu::GetBulk(_) => "getBulkRequest",
        Pdu::Inform(_) => "informRequest",
        Pdu::V2Trap(_) => "snmpV2-trap",
        Pdu::Report(_) => "report",
    }
}

fn snmp_pdu(f: &mut Fields, pdu: &Pdu<'_>, summary: &mut Summary) {
    f.num("snmp.data", pdu.tag() - 0xa0);
    match pdu {
        Pdu::GetBulk(b) => {
            f.int("snmp.request_id", b.request_id);
            f.int("snmp.non_repeaters", b.non_repeaters);
            f.int("snmp.max_repetitions", b.max_repetitions);
        }
        Pdu::TrapV1(t) => {
            f.push("snmp.enterprise", Value::Text(t.enterprise.to_string()));
            f.push("snmp.agent_addr", ip(IpAddr::V4(t.agent_addr)));
            f.int("snmp.generic_trap", t.generic_trap.0);
            f.int("snmp.specific_trap", t.specific_trap);
            f.num("snmp.time_stamp", t.time_stamp);
        }
        _ => {
            if let Some(p) = pdu.standard() {
                f.int("snmp.request_id", p.request_id);
                f.int("snmp.error_status", p.error_status.0);
                f.int("snmp.error_index", p.error_index);
            }
        }
    }
    // One undecodable varbind: its error, and no names or values (tshark shows something for
    // it that we do not).
    if let Some(e) = pdu.varbinds().iter().find_map(Result::err) {
        error(f, &e);
        return;
    }
    let mut n = 0;
    for vb in pdu.varbinds().iter().flatten() {
        n += 1;
        f.push("snmp.name", Value::Text(vb.name.to_string()));
        match vb.value {
            SnmpValue::Integer(v) => f.int("snmp.value.int", v),
            SnmpValue::OctetString(b) => f.bytes("snmp.value.octets", b),
            SnmpValue::ObjectId(o) => f.push("snmp.value.oid", Value::Text(o.to_string())),
            SnmpValue::IpAddress(a) => f.push("snmp.value.ipv4", ip(IpAddr::V4(a))),
            SnmpValue::Counter32(v) => f.num("snmp.value.counter", v),
            SnmpValue::Counter64(v) => f.num("snmp.value.counter", v),
            SnmpValue::Gauge32(v) => f.num("snmp.value.g32", v),
            SnmpValue::TimeTicks(v) => f.num("snmp.value.timeticks", v),
            _ => {}
        }
    }
    summary.add(format_args!(" {} [{n} varbinds]", pdu_name(pdu)));
}

fn snmp(p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "SNMP");
    match SnmpMessage::parse(p) {
        Ok(SnmpMessage::Community {
            version,
            community,
            pdu,
        }) => {
            f.int("snmp.version", version.wire());
            f.text("snmp.community", community);
            summary.set(format_args!(
                // Escaped for the terminal where the line is written (text::escape), not here.
                "SNMP{} community \"{}\"",
                match version {
                    pdukit_snmp::Version::V1 => "v1",
                    pdukit_snmp::Version::V2c => "v2c",
                },
                String::from_utf8_lossy(community)
            ));
            snmp_pdu(&mut f, &pdu, &mut summary);
        }
        Ok(SnmpMessage::V3(m)) => {
            f.num("snmp.msgVersion", 3u8);
            f.int("snmp.msgID", m.msg_id);
            f.int("snmp.msgMaxSize", m.max_size);
            f.bytes("snmp.msgFlags", &[m.flags]);
            f.int("snmp.msgSecurityModel", m.security_model);
            summary.set(format_args!("SNMPv3 msgID {}", m.msg_id));
            match m.scoped {
                ScopedPdu::Plain { pdu, .. } => snmp_pdu(&mut f, &pdu, &mut summary),
                ScopedPdu::Encrypted(_) => summary.push(" encrypted (v3 security not supported)"),
            }
        }
        Err(e) => {
            summary.set(format_args!("SNMP malformed: {e}"));
            error(&mut f, &e);
        }
    }
    Decoded {
        family: Family::Snmp,
        fields: f,
        summary: summary.text,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    }
}

fn error(f: &mut Fields, e: &dyn core::fmt::Display) {
    f.push("pdukit.error", Value::Text(e.to_string()));
}

fn igmp(p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "IGMP");
    let mut events = Vec::new();
    let ok = pdukit_checksum::verify(p);
    match Message::parse_lax(p) {
        Ok(Message::Other { msg_type, .. }) => {
            // DVMRP, PIMv1, mtrace, RGMP, MRD: Wireshark hands these to their own dissectors
            // and prints no igmp.* fields; ours is namespaced so it is not mistaken for one.
            f.num("pdukit.igmp.other_type", msg_type.0);
            summary.set(format_args!("IGMP-carried {msg_type:?}"));
        }
        Ok(m) => {
            f.num("igmp.type", m.msg_type().0);
            if let Some(v) = m.version() {
                f.num("igmp.version", v);
            }
            summary.set(format_args!(
                "IGMPv{} {:?}",
                m.version().unwrap_or(0),
                m.msg_type()
            ));
            match m {
                Message::QueryV2 { max_resp_time, .. } => f.num("igmp.max_resp", max_resp_time),
                Message::QueryV3(q) => f.num("igmp.max_resp", q.max_resp_time()),
                _ => {}
            }
            f.num("igmp.checksum", u16::from_be_bytes([p[2], p[3]]));
            f.num("igmp.checksum.status", u8::from(ok));
            match m {
                Message::QueryV1 { group }
                | Message::QueryV2 { group, .. }
                | Message::ReportV1 { group }
                | Message::ReportV2 { group }
                | Message::Leave { group } => {
                    match m {
                        Message::ReportV1 { .. } | Message::ReportV2 { .. } => {
                            events.push((group, true))
                        }
                        Message::Leave { .. } => events.push((group, false)),
                        _ => {}
                    }
                    f.push("igmp.maddr", ip(group.into()));
                    summary.add(format_args!(" {group}"));
                }
                Message::QueryV3(q) => {
                    f.push("igmp.maddr", ip(q.group.into()));
                    f.flag("igmp.s", q.s_flag);
                    f.num("igmp.qrv", q.qrv);
                    f.num("igmp.qqic", q.query_interval());
                    f.num("igmp.num_src", q.sources.len() as u64);
                    for s in q.sources.iter() {
                        f.push("igmp.saddr", ip(s.into()));
                    }
                    summary.add(format_args!(" {} ({} sources)", q.group, q.sources.len()));
                }
                Message::ReportV3 { records } => {
                    f.num("igmp.num_grp_recs", records.count());
                    for r in records.iter() {
                        f.num("igmp.record_type", r.record_type.0);
                        f.num("igmp.aux_data_len", (r.aux_data.len() / 4) as u64);
                        f.num("igmp.num_src", r.sources.len() as u64);
                        f.push("igmp.maddr", ip(r.group.into()));
                        // Exclude mode (a join, any-source or all-but); include with no
                        // source left (a leave). Source-list changes are neither.
                        match (r.record_type.0, r.sources.is_empty()) {
                            (2 | 4, _) => events.push((r.group, true)),
                            (1 | 3, true) => events.push((r.group, false)),
                            _ => {}
                        }
                        for s in r.sources.iter() {
                            f.push("igmp.saddr", ip(s.into()));
                        }
                    }
                    summary.add(format_args!(" {} records", records.count()));
                }
                _ => {}
            }
        }
        Err(e) => error(&mut f, &e),
    }
    if !ok {
        summary.push(" [bad checksum]");
    }
    Decoded {
        family: Family::Igmp,
        fields: f,
        summary: summary.text,
        bad_checksum: !ok,
        pmtu: None,
        igmp: events,
    }
}

fn icmp(src: IpAddr, p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let ok = pdukit_checksum::verify(p);
    let mut summary = Summary::new(on, "ICMP");
    let mut pmtu = None;
    match Icmpv4::parse_lax(p) {
        Ok(m) => {
            f.num("icmp.type", m.msg_type().0);
            f.num("icmp.code", m.code());
            f.num("icmp.checksum", u16::from_be_bytes([p[2], p[3]]));
            f.num("icmp.checksum.status", u8::from(ok));
            echo_ids(&mut f, false, p);
            summary.set(format_args!(
                "ICMP type {} code {}",
                m.msg_type().0,
                m.code()
            ));
            if let Some(b) = m.error_body() {
                if b.extensions.is_some() {
                    f.num("icmp.length", (b.quote.len() / 4) as u64);
                }
                // The quoted datagram, as tshark shows it: its IP header and ports as the later
                // values of the same fields.
                quoted_ip(&mut f, b.quote, true, 0);
            }
            if let Some(mtu) = m.frag_needed_mtu() {
                f.num("icmp.mtu", mtu);
                summary.set(format_args!("ICMP frag-needed from {src}, mtu {mtu}"));
                let q = m.error_body().map(|b| b.quoted_ipv4());
                if let Some(Ok(q)) = &q {
                    summary.add(format_args!(", about {} -> {}", q.src(), q.dst()));
                }
                pmtu = Some(Pmtu {
                    sender: src,
                    mtu: u32::from(mtu),
                    flow: q.and_then(Result::ok).map(|q| q.flow()),
                });
            }
        }
        Err(e) => error(&mut f, &e),
    }
    if !ok {
        summary.push(" [bad checksum]");
    }
    Decoded {
        family: Family::Icmp,
        fields: f,
        summary: summary.text,
        bad_checksum: !ok,
        pmtu,
        igmp: Vec::new(),
    }
}

fn icmpv6(
    src: core::net::Ipv6Addr,
    dst: core::net::Ipv6Addr,
    p: &[u8],
    mut f: Fields,
    on: bool,
) -> Decoded {
    // One checked parse; the lax one only when the checksum was the problem.
    let (parsed, bad) = match Icmpv6::parse(p, &src, &dst) {
        Err(pdukit_icmp::ParseError::BadChecksum { .. }) => (Icmpv6::parse_lax(p), true),
        other => (other, false),
    };
    let mut summary = Summary::new(on, "ICMPv6");
    let mut pmtu = None;
    match parsed {
        Ok(m) => {
            f.num("icmpv6.type", m.msg_type().0);
            f.num("icmpv6.code", m.code());
            f.num("icmpv6.checksum", u16::from_be_bytes([p[2], p[3]]));
            f.num("icmpv6.checksum.status", u8::from(!bad));
            echo_ids(&mut f, true, p);
            // The quoted datagram, as tshark shows it (later values of the same fields).
            if let (Some(Ok(q)), Some(raw)) = (m.quoted_ipv6(), m.quote()) {
                let proto = q.flow().protocol;
                if raw.get(6) == Some(&proto) {
                    // The transport header (or an IPv4/IPv6 packet: 4in6, DS-Lite, lw4o6)
                    // follows the fixed header (no extension header quoted: the common case).
                    quoted_ip(&mut f, raw, false, 0);
                } else if let (Some((sp, dp)), 17) = (q.ports(), proto) {
                    ip_layer(&mut f, raw);
                    f.num("udp.srcport", sp);
                    f.num("udp.dstport", dp);
                }
            }
            summary.set(format_args!(
                "ICMPv6 type {} code {}",
                m.msg_type().0,
                m.code()
            ));
            if let Icmpv6::PacketTooBig { mtu, .. } = m {
                f.num("icmpv6.mtu", mtu);
                summary.set(format_args!("ICMPv6 packet-too-big from {src}, mtu {mtu}"));
                pmtu = Some(Pmtu {
                    sender: IpAddr::V6(src),
                    mtu,
                    flow: m.quoted_ipv6().and_then(Result::ok).map(|q| q.flow()),
                });
                if let Some(Ok(q)) = m.quoted_ipv6() {
                    summary.add(format_args!(", about {} -> {}", q.src(), q.dst()));
                }
            }
        }
        Err(e) => error(&mut f, &e),
    }
    if bad {
        summary.push(" [bad checksum]");
    }
    Decoded {
        family: Family::Icmpv6,
        fields: f,
        summary: summary.text,
        bad_checksum: bad,
        pmtu,
        igmp: Vec::new(),
    }
}

fn port_info(f: &mut Fields, side: &str, p: &PortInfo) {
    let (prio, sysid, key, pprio, port, state) = match side {
        "actor" => (
            "lacp.actor.sys_priority",
            "lacp.actor.sysid",
            "lacp.actor.key",
            "lacp.actor.port_priority",
            "lacp.actor.port",
            "lacp.actor.state",
        ),
        _ => (
            "lacp.partner.sys_priority",
            "lacp.partner.sysid",
            "lacp.partner.key",
            "lacp.partner.port_priority",
            "lacp.partner.port",
            "lacp.partner.state",
        ),
    };
    f.num(prio, p.system_priority);
    f.push(sysid, Value::Mac(p.system));
    f.num(key, p.key);
    f.num(pprio, p.port_priority);
    f.num(port, p.port);
    f.num(state, p.state.0);
    let s = p.state;
    let flags: [(&'static str, &'static str, bool); 8] = [
        (
            "lacp.actor.state.activity",
            "lacp.partner.state.activity",
            s.active(),
        ),
        (
            "lacp.actor.state.timeout",
            "lacp.partner.state.timeout",
            s.short_timeout(),
        ),
        (
            "lacp.actor.state.aggregation",
            "lacp.partner.state.aggregation",
            s.aggregatable(),
        ),
        (
            "lacp.actor.state.synchronization",
            "lacp.partner.state.synchronization",
            s.in_sync(),
        ),
        (
            "lacp.actor.state.collecting",
            "lacp.partner.state.collecting",
            s.collecting(),
        ),
        (
            "lacp.actor.state.distributing",
            "lacp.partner.state.distributing",
            s.distributing(),
        ),
        (
            "lacp.actor.state.defaulted",
            "lacp.partner.state.defaulted",
            s.defaulted(),
        ),
        (
            "lacp.actor.state.expired",
            "lacp.partner.state.expired",
            s.expired(),
        ),
    ];
    for (a, b, v) in flags {
        f.flag(if side == "actor" { a } else { b }, v);
    }
}

fn slow(p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "Slow protocols");
    if let Some(&st) = p.first() {
        f.num("slow.subtype", st);
    }
    let lacp = |f: &mut Fields, l: &Lacpdu<'_>| {
        f.num("lacp.version", l.version);
        port_info(f, "actor", &l.actor);
        port_info(f, "partner", &l.partner);
        f.num("lacp.collector.max_delay", l.collector_max_delay);
        l.to_string()
    };
    match SlowPdu::parse(p) {
        Ok(SlowPdu::Lacp(l)) => summary.set(format_args!("{}", lacp(&mut f, &l))),
        Ok(SlowPdu::Marker(m)) => summary.set(format_args!("{}", marker(&mut f, &m))),
        Ok(SlowPdu::Other { subtype, .. }) => {
            summary.set(format_args!("Slow protocols subtype {}", subtype.0))
        }
        Ok(_) => {}
        Err(e) => {
            // The lax view still reads the fixed offsets, as switches do.
            if let Ok(l) = Lacpdu::parse_lax(p) {
                summary.set(format_args!("{} [malformed]", lacp(&mut f, &l)));
            }
            error(&mut f, &e);
        }
    }
    Decoded {
        family: Family::Slow,
        fields: f,
        summary: summary.text,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    }
}

fn marker(f: &mut Fields, m: &Marker) -> String {
    f.num("marker.version", m.version);
    f.num("marker.tlvType", if m.response { 2u8 } else { 1 });
    // The terminator TLV (type 0) follows; the parser checked it. Wireshark lists both types.
    f.num("marker.tlvType", 0u8);
    f.num("marker.requesterPort", m.requester_port);
    f.push("marker.requesterSystem", Value::Mac(m.requester_system));
    f.num("marker.requesterTransId", m.requester_transaction_id);
    m.to_string()
}

fn pppoe(p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "PPPoE discovery");
    match Discovery::parse_lax(p) {
        Ok(d) => {
            f.num("pppoe.version", d.header.version);
            f.num("pppoe.type", d.header.ptype);
            f.num("pppoe.code", d.header.code.0);
            f.num("pppoe.session_id", d.header.session_id);
            f.num("pppoe.payload_length", d.header.length);
            summary.set(format_args!(
                "PPPoE {} session {:#06x}",
                d.code(),
                d.header.session_id
            ));
            for t in d.tags() {
                match t.decode() {
                    TagValue::ServiceName(v) => f.text("pppoed.tags.service_name", v),
                    TagValue::AcName(v) => {
                        f.text("pppoed.tags.ac_name", v);
                        summary.add(format_args!(" AC {}", String::from_utf8_lossy(v)));
                    }
                    TagValue::HostUniq(v) => f.bytes("pppoed.tags.host_uniq", v),
                    TagValue::AcCookie(v) => f.bytes("pppoed.tags.ac_cookie", v),
                    TagValue::RelaySessionId(v) => f.bytes("pppoed.tags.relay_session_id", v),
                    TagValue::PppMaxPayload(v) => {
                        f.bytes("pppoed.tags.max_payload", &v.to_be_bytes())
                    }
                    TagValue::GenericError(v) => f.text("pppoed.tags.generic_error", v),
                    TagValue::AcSystemError(v) => f.text("pppoed.tags.ac_system_error", v),
                    TagValue::ServiceNameError(v) => f.text("pppoed.tags.service_name_error", v),
                    TagValue::VendorSpecific { vendor_id, .. } => {
                        f.num("pppoed.tags.vendor_id", vendor_id);
                        for s in t.tr101().into_iter().flat_map(|x| x.sub_options()) {
                            match s {
                                Ok(SubOption::AgentCircuitId(v)) => {
                                    f.text("pppoed.tags.circuit_id", v)
                                }
                                Ok(SubOption::AgentRemoteId(v)) => {
                                    f.text("pppoed.tags.remote_id", v)
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            if let Some(e) = d.tag_error() {
                error(&mut f, &e);
            }
        }
        Err(e) => error(&mut f, &e),
    }
    Decoded {
        family: Family::PppoeDiscovery,
        fields: f,
        summary: summary.text,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    }
}

/// The shared secret `--l2tp-secret` gives, to decrypt hidden AVPs in the output.
pub static L2TP_SECRET: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// An L2TP header's flags-and-version word, as tshark splits it.
fn l2tp_flags(f: &mut Fields, bits: u16) {
    f.num("l2tp.flags", bits);
    f.num("l2tp.type", bits >> 15);
    f.flag("l2tp.length_bit", bits & pdukit_l2tp::field::L_BIT != 0);
    f.flag("l2tp.seq_bit", bits & pdukit_l2tp::field::S_BIT != 0);
    // v3 has no O or P bit (tshark shows neither).
    if bits & pdukit_l2tp::field::VERSION_MASK != 3 {
        f.flag("l2tp.offset_bit", bits & pdukit_l2tp::field::O_BIT != 0);
        f.flag("l2tp.priority", bits & pdukit_l2tp::field::P_BIT != 0);
    }
    f.num("l2tp.version", bits & pdukit_l2tp::field::VERSION_MASK);
}

fn l2tp(p: &[u8], carrier: Carrier, mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "L2TP");
    let strict = L2tpPacket::parse(p, carrier);
    // A message that fails the strict parse shows its header (from the lax view) and the error;
    // its AVPs are not printed, so nothing shown can be a misread.
    let pkt = match &strict {
        Ok(x) => Some(*x),
        Err(e) => {
            error(&mut f, e);
            summary.set(format_args!("L2TP malformed: {e}"));
            L2tpPacket::parse_lax(p, carrier).ok()
        }
    };
    match pkt {
        Some(L2tpPacket::Control(c)) => {
            let h = c.header;
            if h.over_ip {
                f.num("l2tp.sid", 0u32);
            }
            l2tp_flags(&mut f, h.bits);
            if h.bits & pdukit_l2tp::field::L_BIT != 0 {
                f.num("l2tp.length", h.length);
            }
            match h.session_id {
                Some(sid) => {
                    f.num("l2tp.tunnel", h.tunnel_id);
                    f.num("l2tp.session", sid);
                }
                None => f.num("l2tp.ccid", h.tunnel_id),
            }
            let (ns, nr) = h.sequence.unwrap_or_default();
            if h.sequence.is_some() {
                f.num("l2tp.Ns", ns);
                f.num("l2tp.Nr", nr);
            }
            if strict.is_ok() {
                let name = c
                    .message_type()
                    .map_or_else(|| "ZLB".to_string(), |t| t.to_string());
                summary.set(format_args!(
                    "L2TPv{} {name} tunnel {} Ns {ns} Nr {nr}",
                    h.version, h.tunnel_id
                ));
                l2tp_avps(&mut f, &c, &mut summary);
            } else if let Some(e) = c.avp_error() {
                f.push("pdukit.l2tp.avp_error", Value::Text(e.to_string()));
                summary.add(format_args!("; {e}"));
            }
        }
        Some(L2tpPacket::DataV2(d)) => {
            l2tp_flags(&mut f, d.bits);
            if let Some(l) = d.length {
                f.num("l2tp.length", l);
            }
            f.num("l2tp.tunnel", d.tunnel_id);
            f.num("l2tp.session", d.session_id);
            if let Some((ns, nr)) = d.sequence {
                f.num("l2tp.Ns", ns);
                f.num("l2tp.Nr", nr);
            }
            if let Some((size, _)) = d.offset {
                f.num("l2tp.offset", size);
            }
            if strict.is_ok() {
                summary.set(format_args!(
                    "L2TPv2 data tunnel {} session {}, {} bytes",
                    d.tunnel_id,
                    d.session_id,
                    d.payload.len()
                ));
            }
        }
        Some(L2tpPacket::DataV3(d)) => {
            if let Some(bits) = d.udp_bits {
                l2tp_flags(&mut f, bits);
            }
            f.num("l2tp.sid", d.session_id);
            summary.set(format_args!(
                "L2TPv3 data session {:#x}, {} bytes",
                d.session_id,
                d.rest.len()
            ));
        }
        None => {}
    }
    Decoded {
        family: Family::L2tp,
        fields: f,
        summary: summary.text,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    }
}

fn l2tp_avps(f: &mut Fields, c: &pdukit_l2tp::Control<'_>, summary: &mut Summary) {
    use pdukit_l2tp::{BBF, IETF};
    let secret = L2TP_SECRET.get();
    let mut plain = [0u8; pdukit_l2tp::field::AVP_MAX_VALUE];
    for a in c.avps() {
        f.flag("l2tp.avp.mandatory", a.mandatory);
        f.flag("l2tp.avp.hidden", a.hidden);
        f.num("l2tp.avp.length", a.wire_len() as u64);
        if a.hidden {
            // tshark shows a hidden AVP's flags and length only; with --l2tp-secret we go on.
            let Some(s) = secret else { continue };
            match a.reveal(s, &mut plain) {
                Ok(v) => {
                    f.push(
                        "pdukit.l2tp.hidden_avp",
                        Value::Text(format!("{}:{}", a.vendor_id, a.attr_type)),
                    );
                    l2tp_value(f, &v, summary);
                }
                Err(e) => f.push("pdukit.l2tp.hidden_error", Value::Text(e.to_string())),
            }
            continue;
        }
        f.num("l2tp.avp.vendor_id", a.vendor_id);
        match a.vendor_id {
            IETF => f.num("l2tp.avp.type", a.attr_type),
            BBF => f.num("l2tp.avp.broadbandtype", a.attr_type),
            _ => {}
        }
        match a.value() {
            Ok(v) => l2tp_value(f, &v, summary),
            Err(e) => f.push("pdukit.l2tp.avp_error", Value::Text(e.to_string())),
        }
    }
}

fn l2tp_value(f: &mut Fields, v: &L2tpValue<'_>, summary: &mut Summary) {
    use L2tpValue as V;
    match *v {
        V::MessageType(t) => f.num("l2tp.avp.message_type", t.0),
        V::ResultCode(r) => {
            f.num("l2tp.result_code", r.result);
            summary.add(format_args!(" result {}", r.result));
            if let Some(e) = r.error {
                f.num("l2tp.avp.error_code", e);
                summary.add(format_args!(" error {e}"));
            }
            if !r.message.is_empty() {
                f.text("l2tp.avp.error_message", r.message);
                summary.add(format_args!(" \"{}\"", String::from_utf8_lossy(r.message)));
            }
        }
        V::ProtocolVersion { version, revision } => {
            f.num("l2tp.avp.protocol_version", version);
            f.num("l2tp.avp.protocol_revision", revision);
        }
        V::FramingCapabilities(x) => {
            f.flag("l2tp.avp.async_framing_supported", x & 2 != 0);
            f.flag("l2tp.avp.sync_framing_supported", x & 1 != 0);
        }
        V::BearerCapabilities(x) => {
            f.flag("l2tp.avp.analog_access_supported", x & 2 != 0);
            f.flag("l2tp.avp.digital_access_supported", x & 1 != 0);
        }
        V::TieBreaker(x) => f.num("l2tp.tie_breaker", x),
        V::FirmwareRevision(x) => f.num("l2tp.avp.firmware_revision", x),
        V::HostName(b) => f.text("l2tp.avp.host_name", b),
        V::VendorName(b) => f.text("l2tp.avp.vendor_name", b),
        V::AssignedTunnelId(x) => f.num("l2tp.avp.assigned_tunnel_id", x),
        V::ReceiveWindowSize(x) => f.num("l2tp.avp.receive_window_size", x),
        V::Challenge(b) => f.bytes("l2tp.avp.chap_challenge", b),
        V::Q931Cause { cause, message, .. } => {
            f.num("l2tp.avp.cause_code", cause);
            f.num("l2tp.avp.cause_msg", message);
        }
        V::ChallengeResponse(r) => f.bytes("l2tp.avp.chap_challenge_response", &r),
        V::AssignedSessionId(x) => f.num("l2tp.avp.assigned_session_id", x),
        V::CallSerialNumber(x) => f.num("l2tp.avp.call_serial_number", x),
        V::MinimumBps(x) => f.num("l2tp.avp.minimum_bps", x),
        V::MaximumBps(x) => f.num("l2tp.avp.maximum_bps", x),
        V::BearerType(x) => {
            f.flag("l2tp.avp.analog_bearer_type", x & 2 != 0);
            f.flag("l2tp.avp.digital_bearer_type", x & 1 != 0);
        }
        V::FramingType(x) => {
            f.flag("l2tp.avp.async_framing_type", x & 2 != 0);
            f.flag("l2tp.avp.sync_framing_type", x & 1 != 0);
        }
        V::CalledNumber(b) => f.text("l2tp.avp.called_number", b),
        V::CallingNumber(b) => f.text("l2tp.avp.calling_number", b),
        V::SubAddress(b) => f.text("l2tp.avp.sub_address", b),
        V::TxConnectSpeed(x) => f.num("l2tp.avp.connect_speed", x),
        V::PhysicalChannelId(x) => f.num("l2tp.avp.physical_channel", x),
        V::InitialReceivedLcpConfreq(b) => f.bytes("l2tp.avp.initial_received_lcp_confreq", b),
        V::LastSentLcpConfreq(b) => f.bytes("l2tp.avp.last_sent_lcp_confreq", b),
        V::LastReceivedLcpConfreq(b) => f.bytes("l2tp.avp.last_received_lcp_confreq", b),
        V::ProxyAuthenType(x) => f.num("l2tp.avp.proxy_authen_type", x),
        V::ProxyAuthenName(b) => f.text("l2tp.avp.proxy_authen_name", b),
        V::ProxyAuthenChallenge(b) => f.bytes("l2tp.avp.proxy_authen_challenge", b),
        V::ProxyAuthenId(x) => f.num("l2tp.avp.proxy_authen_id", x & 0xff),
        V::ProxyAuthenResponse(b) => f.bytes("l2tp.avp.proxy_authen_response", b),
        V::CallErrors(c) => {
            f.num("l2tp.avp.crc_errors", c.crc_errors);
            f.num("l2tp.avp.framing_errors", c.framing_errors);
            f.num("l2tp.avp.hardware_overruns", c.hardware_overruns);
            f.num("l2tp.avp.buffer_overruns", c.buffer_overruns);
            f.num("l2tp.avp.time_out_errors", c.timeout_errors);
            f.num("l2tp.avp.alignment_errors", c.alignment_errors);
        }
        V::Accm { send, receive, .. } => {
            f.num("l2tp.avp.send_accm", send);
            f.num("l2tp.avp.receive_accm", receive);
        }
        V::RandomVector(b) => f.bytes("l2tp.avp.random_vector", b),
        V::PrivateGroupId(b) => f.bytes("l2tp.avp.private_group_id", b),
        V::RxConnectSpeed(x) => f.num("l2tp.avp.rx_connect_speed", x),
        V::PppDisconnectCause {
            code,
            protocol,
            direction,
            message,
        } => {
            f.num("l2tp.avp.disconnect_code", code);
            f.num("l2tp.avp.control_protocol_number", protocol);
            f.num("l2tp.avp.cause_code_direction", direction);
            f.text("l2tp.avp.cause_code_message", message);
        }
        V::RouterId(x) => f.num("l2tp.avp.router_id", x),
        V::AssignedControlConnectionId(x) => f.num("l2tp.avp.assigned_control_conn_id", x),
        V::PseudowireCapabilities(l) => {
            for t in l.iter() {
                f.num("l2tp.avp.pw_type", t);
            }
        }
        V::LocalSessionId(x) => f.num("l2tp.avp.local_session_id", x),
        V::RemoteSessionId(x) => f.num("l2tp.avp.remote_session_id", x),
        V::AssignedCookie(b) => f.bytes("l2tp.avp.assigned_cookie", b),
        V::RemoteEndId(b) => f.text("l2tp.avp.remote_end_id", b),
        V::PseudowireType(x) => f.num("l2tp.avp.pseudowire_type", x),
        V::L2SpecificSublayer(x) => f.num("l2tp.avp.layer2_specific_sublayer", x),
        V::DataSequencing(x) => f.num("l2tp.avp.data_sequencing", x),
        V::PreferredLanguage(b) => f.text("l2tp.avp.preferred_language", b),
        V::Nonce(b) => f.bytes("l2tp.avp.nonce", b),
        V::TxConnectSpeedV3(x) => f.num("l2tp.avp.tx_connect_speed_v3", x),
        V::RxConnectSpeedV3(x) => f.num("l2tp.avp.rx_connect_speed_v3", x),
        V::AgentCircuitId(b) => f.text("l2tp.broadband.agent_circuit_id", b),
        V::AgentRemoteId(b) => f.text("l2tp.broadband.agent_remote_id", b),
        V::AccessLoopEncapsulation {
            data_link,
            encaps1,
            encaps2,
        } => {
            f.num(
                "l2tp.broadband.access_loop_encapsulation.data_link",
                data_link,
            );
            f.num("l2tp.broadband.access_loop_encapsulation.enc1", encaps1);
            f.num("l2tp.broadband.access_loop_encapsulation.enc2", encaps2);
        }
        // Circuit status bits, message digests, extended vendor IDs, TR-101 rates and vendor
        // AVPs: shown by type only (tshark's own layout for them differs by version).
        _ => {}
    }
}
