//! One frame to Wireshark-named fields and a summary line, through the protocol crates'
//! public APIs. Here: the dispatch ([`decode`]) and what it returns; one module per family
//! (`igmp`, `icmp`, `snmp`, `slow`, `pppoe`, `l2tp`) and `layers` for everything below them.
//! The protocol crates' names are imported here once, for every module.

use core::net::IpAddr;

use pdukit_frames::{dissect_with, DataLink};
use pdukit_icmp::{Icmpv4, Icmpv6};
use pdukit_igmp::Message;
use pdukit_l2tp::{AvpValue as L2tpValue, Carrier, Packet as L2tpPacket};
use pdukit_lacp::{Lacpdu, Marker, PortInfo, SlowPdu};
use pdukit_pppoe::{Discovery, SubOption, TagValue};
use pdukit_snmp::{Message as SnmpMessage, Pdu, ScopedPdu, Value as SnmpValue};

use crate::fields::{Fields, Value};

mod icmp;
mod igmp;
mod l2tp;
mod layers;
mod pppoe;
mod slow;
mod snmp;

use icmp::{icmp, icmpv6};
use igmp::igmp;
pub use l2tp::L2TP_SECRET;
use l2tp::{l2tp, l2tp_flags};
use layers::{echo_ids, ip_layer, layers, quoted_ip};
use pppoe::pppoe;
use slow::slow;
use snmp::{snmp, SNMP_PORT, SNMP_TRAP_PORT};

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
        // Inside an L2TP session the frame is L2TP data; else a PPP frame of no family of ours.
        return match l2tp_session(&d) {
            Some(session) => Some(l2tp_data(session, f)),
            None => ppp_only(&d, f),
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
        _ => l2tp_session(&d).map(|session| l2tp_data(session, f)),
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
fn l2tp_data(session: u32, f: Fields) -> Decoded {
    Decoded {
        family: Family::L2tp,
        summary: format!("L2TP data session {session:#x}"),
        fields: f,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    }
}

pub(super) fn error(f: &mut Fields, e: &dyn core::fmt::Display) {
    f.push("pdukit.error", Value::Text(e.to_string()));
}
