//! Walking a frame's link layers down to the payload a protocol crate parses.
//!
//! etherparse does the generic layers (Ethernet II, VLAN tags, Linux SLL, IPv4 with options,
//! IPv6 with extension headers, UDP). What it lacks is small and read here: Linux SLL2, MPLS
//! label stacks, the PPPoE session header, BSD loopback and PPP framing, and the tunnel headers
//! (GRE, ERSPAN, GTP-U, Geneve, VXLAN, L2TPv3 data; L2TPv2 data through pdukit-l2tp).
//!
//! Here: what a walk gives ([`Dissected`], [`Layer`], [`Tunnel`]) and where it starts
//! ([`dissect_with`], per link type); `link` walks EtherTypes, `ip` IP and UDP, `tunnels` what
//! IP and UDP carry.

use core::net::IpAddr;

use etherparse::{
    Ethernet2Slice, LaxIpSlice, LinuxSllProtocolType, LinuxSllSlice, SingleVlanSlice, UdpSlice,
};
use pcap_file::DataLink;
use pdukit_wire::{array_at, u16_at, u24_at, u32_at};

use crate::field::{cisco_metadata, erspan, gre, gtpu, pppoe, sll, sll2, vxlan};

mod ip;
mod link;
mod tunnels;

use ip::walk_ip;
use link::{walk_ethertype, walk_inner_ethernet};
pub use pdukit_wire::MplsEntry;

/// EtherTypes the walk knows.
pub mod ethertype {
    /// IPv4.
    pub const IPV4: u16 = 0x0800;
    /// IPv6.
    pub const IPV6: u16 = 0x86dd;
    /// 802.1Q customer VLAN tag.
    pub const VLAN: u16 = 0x8100;
    /// 802.1ad service VLAN tag.
    pub const QINQ: u16 = 0x88a8;
    /// Pre-standard QinQ tag.
    pub const QINQ_OLD: u16 = 0x9100;
    /// MPLS unicast.
    pub const MPLS: u16 = 0x8847;
    /// MPLS multicast.
    pub const MPLS_MC: u16 = 0x8848;
    /// PPPoE discovery.
    pub const PPPOE_DISCOVERY: u16 = 0x8863;
    /// PPPoE session.
    pub const PPPOE_SESSION: u16 = 0x8864;
    /// IEEE 802.3 slow protocols (LACP, Marker, OAM, OSSP).
    pub const SLOW: u16 = 0x8809;
    /// Cisco MetaData (SGT).
    pub const CISCO_METADATA: u16 = 0x8909;
}

/// The IP layer of a frame.
#[derive(Clone, Debug)]
pub struct IpInfo<'a> {
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// Protocol / final next header.
    pub protocol: u8,
    /// TTL or hop limit.
    pub ttl: u8,
    /// True for IPv4 with a Router Alert option (RFC 2113).
    pub router_alert: bool,
    /// The IP header bytes (IPv4 options included; IPv6 fixed header only).
    pub header: &'a [u8],
    /// Upper-layer payload, bounded by the IP length field (Ethernet padding removed) or by the
    /// captured bytes when the capture is shorter.
    pub payload: &'a [u8],
    /// True when the captured bytes end before the IP length says.
    pub incomplete: bool,
    /// True for a fragment (IPv4 MF/offset or an IPv6 fragment header).
    pub fragmented: bool,
}

/// The UDP layer of a frame.
#[derive(Clone, Debug)]
pub struct UdpInfo<'a> {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// The length field as sent.
    pub length: u16,
    /// The checksum field as sent.
    pub checksum: u16,
    /// UDP payload (bounded by the UDP length when it fits).
    pub payload: &'a [u8],
}

/// What an L2TPv3 data session over IP (protocol 115) carries. RFC 3931 leaves it, and the
/// cookie length, to the control connection (the Pseudowire Type and Assigned Cookie AVPs),
/// which one frame does not show; so the walk enters these sessions only when told, as tshark
/// does with "decode as" (`-d l2tp.pw_type==0,eth`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pseudowire {
    /// Ethernet (pseudowire types 4 and 5, RFC 4719).
    Ethernet,
    /// PPP (type 7, RFC 4591): the PPP protocol field, then IPv4 or IPv6.
    Ppp,
    /// IP (type 11): an IPv4 or IPv6 packet.
    Ip,
}

/// How [`dissect_with`] walks what a frame alone does not say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// What L2TPv3 data sessions over IP carry; `None` (the default): not entered, their
    /// session ID shown only.
    pub l2tpv3: Option<Pseudowire>,
    /// The cookie length of those sessions: 0 (the default), 4 or 8 bytes.
    pub l2tpv3_cookie: u8,
}

/// One layer of [`Dissected::path`]: which header, by its index in its own vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Layer {
    /// The Linux cooked-capture header (`sll`).
    Sll,
    /// `eths[i]`.
    Ethernet(usize),
    /// `vlans[i]`.
    Vlan(usize),
    /// `mpls[i]`.
    Mpls(usize),
    /// The PPPoE session header and PPP protocol (`pppoe_header`).
    PppoeSession,
    /// `ips[i]`.
    Ip(usize),
    /// `udps[i]`.
    Udp(usize),
    /// `tunnels[i]`.
    Tunnel(usize),
    /// `ppps[i]`: a PPP header (the PPP link type, a PPPoE session's payload, or the PPP frame
    /// an L2TP session carries when it is not IP and so not entered).
    Ppp(usize),
}

/// A PPP header crossed: its protocol and what follows it (for a control protocol such as LCP,
/// IPCP, PAP or CHAP, its packet: code, identifier, length, data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PppFrame<'a> {
    /// The PPP protocol field.
    pub protocol: u16,
    /// The bytes after the protocol field.
    pub payload: &'a [u8],
}

/// An 802.1Q / 802.1ad tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VlanTag {
    /// VLAN identifier.
    pub id: u16,
    /// Priority code point (0-7).
    pub priority: u8,
    /// Drop eligible indicator.
    pub dei: bool,
    /// The EtherType after the tag.
    pub ethertype: u16,
}

/// A Linux cooked-capture header (SLL or SLL2), as captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sll {
    /// Packet type: 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us.
    pub packet_type: u16,
    /// ARPHRD type of the address (1: Ethernet).
    pub arphrd: u16,
    /// Address length as sent (the address field holds at most 8 bytes).
    pub addr_len: u16,
    /// The 8-byte address field.
    pub addr: [u8; 8],
    /// Protocol: an EtherType, or a Linux protocol number below 0x0600.
    pub protocol: u16,
    /// Interface index (SLL2 only).
    pub ifindex: Option<u32>,
}

/// A frame walked down its layers.
#[derive(Clone, Debug, Default)]
pub struct Dissected<'a> {
    /// The Linux cooked-capture header, for the SLL and SLL2 link types.
    pub sll: Option<Sll>,
    /// Ethernet source MAC (Ethernet II frames, or a 6-byte SLL/SLL2 address).
    pub src_mac: Option<[u8; 6]>,
    /// Ethernet destination MAC (Ethernet II frames only).
    pub dst_mac: Option<[u8; 6]>,
    /// VLAN tags, outermost first.
    pub vlans: Vec<VlanTag>,
    /// MPLS label stack entries, outermost first.
    pub mpls: Vec<MplsEntry>,
    /// PPPoE session id, when IP was carried in a PPPoE session.
    pub pppoe_session: Option<u16>,
    /// The PPPoE session header (6 bytes) and the PPP protocol (2), when a session was crossed.
    pub pppoe_header: Option<[u8; 8]>,
    /// The innermost EtherType reached.
    pub ethertype: Option<u16>,
    /// Bytes after the innermost EtherType (Ethernet padding included): what a slow-protocols or
    /// PPPoE-discovery parser reads.
    pub l2_payload: &'a [u8],
    /// The IP layer, if reached.
    pub ip: Option<IpInfo<'a>>,
    /// The UDP layer, if reached.
    pub udp: Option<UdpInfo<'a>>,
    /// Every Ethernet header crossed (the frame's own, then those inside tunnels): (destination,
    /// source, EtherType).
    pub eths: Vec<([u8; 6], [u8; 6], u16)>,
    /// Every IP layer crossed, outermost first (the last is `ip`).
    pub ips: Vec<IpInfo<'a>>,
    /// Every UDP layer crossed, outermost first (the last is `udp`, when the innermost packet is
    /// UDP).
    pub udps: Vec<UdpInfo<'a>>,
    /// Every tunnel crossed, outermost first; `ip`, `udp` and the MACs then describe the
    /// innermost packet.
    pub tunnels: Vec<Tunnel>,
    /// Every PPP header crossed, outermost first (see [`Layer::Ppp`]); the last one is the
    /// innermost PPP frame, which is not IP when the walk stopped there.
    pub ppps: Vec<PppFrame<'a>>,
    /// Why the walk stopped early, if it did.
    pub error: Option<String>,
    /// Every layer crossed, in wire order: where each entry of the vectors above sits among
    /// the others (an Ethernet header inside a tunnel comes after the tunnel).
    pub path: Vec<Layer>,
    /// How the walk was asked to go.
    options: Options,
}

/// Cap on stacked headers (VLAN tags, MPLS labels) so hostile input cannot loop long.
const MAX_DEPTH: usize = 16;
/// Cap on tunnels entered: a capture that nests deeper stops here with a note in `error`.
pub const MAX_TUNNELS: usize = 8;

/// A tunnel the walk entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Tunnel {
    /// IP in IP (IPv4 protocol 4 or IPv6 next header 41 or 4): the outer addresses.
    IpInIp {
        /// Outer source.
        src: IpAddr,
        /// Outer destination.
        dst: IpAddr,
        /// The outer protocol number (4: IPv4 inside, 41: IPv6 inside).
        protocol: u8,
    },
    /// GRE (RFC 2784, RFC 2890).
    Gre {
        /// Flags and version word.
        flags: u16,
        /// Protocol type of the payload.
        protocol: u16,
        /// Key, when the K bit is set.
        key: Option<u32>,
        /// Sequence number, when the S bit is set.
        seq: Option<u32>,
    },
    /// Enhanced GRE (PPTP, RFC 2637), carrying PPP.
    Pptp {
        /// Flags and version word (version 1).
        flags: u16,
        /// The key field's payload length.
        payload_length: u16,
        /// The key field's call ID.
        call_id: u16,
        /// Sequence number, when the S bit is set.
        seq: Option<u32>,
        /// Acknowledgement number, when the A bit is set.
        ack: Option<u32>,
    },
    /// ERSPAN type II or III inside GRE (type I has no header and shows as `Gre` only).
    Erspan {
        /// 2 or 3.
        version: u8,
        /// Session ID.
        session: u16,
        /// Original VLAN.
        vlan: u16,
    },
    /// GTP-U G-PDU (UDP 2152).
    GtpU {
        /// Flags octet (version, PT, E, S, PN).
        flags: u8,
        /// Length field (bytes after the mandatory 8-byte header).
        length: u16,
        /// Tunnel endpoint identifier.
        teid: u32,
    },
    /// Geneve (UDP 6081).
    Geneve {
        /// Version (0).
        version: u8,
        /// Flags octet (O, C).
        flags: u8,
        /// Virtual network identifier.
        vni: u32,
        /// Protocol type of the payload.
        protocol: u16,
    },
    /// VXLAN (UDP 4789).
    Vxlan {
        /// Flags word (the I flag: 0x0800).
        flags: u16,
        /// Virtual network identifier.
        vni: u32,
    },
    /// L2TPv2 data (UDP 1701) carrying PPP.
    L2tp {
        /// The flags-and-version word.
        bits: u16,
        /// Length, when the L bit is set.
        length: Option<u16>,
        /// Tunnel ID.
        tunnel: u16,
        /// Session ID.
        session: u16,
        /// (Ns, Nr), when the S bit is set.
        sequence: Option<(u16, u16)>,
        /// Offset size, when the O bit is set.
        offset: Option<u16>,
        /// The PPP protocol of the payload (IPv4 0x0021 or IPv6 0x0057: only those are entered).
        ppp_protocol: u16,
    },
    /// L2TPv3 data over IP (protocol 115) or UDP, entered when [`Options::l2tpv3`] says what it
    /// carries.
    L2tpv3 {
        /// Over UDP, the flags-and-version word before the session ID.
        udp_bits: Option<u16>,
        /// Session ID (never 0: that is a control message).
        session: u32,
        /// The cookie: its first `cookie_len` bytes.
        cookie: [u8; 8],
        /// 0, 4 or 8.
        cookie_len: u8,
        /// The PPP protocol of the payload, for a PPP pseudowire.
        ppp_protocol: Option<u16>,
    },
}

/// Walks `data` captured with link type `linktype`, with the default [`Options`].
pub fn dissect(linktype: DataLink, data: &[u8]) -> Dissected<'_> {
    dissect_with(linktype, data, Options::default())
}

/// Walks `data` captured with link type `linktype`, as `options` say.
pub fn dissect_with(linktype: DataLink, data: &[u8], options: Options) -> Dissected<'_> {
    let mut d = Dissected {
        options,
        ..Dissected::default()
    };
    match linktype {
        DataLink::ETHERNET => walk_inner_ethernet(&mut d, data),
        DataLink::LINUX_SLL => match LinuxSllSlice::from_slice(data) {
            Ok(sll) => {
                d.sll = Some(Sll {
                    packet_type: u16_at(data, sll::PACKET_TYPE),
                    arphrd: u16_at(data, sll::ARPHRD),
                    addr_len: u16_at(data, sll::ADDR_LEN),
                    addr: array_at(data, sll::ADDR),
                    protocol: u16_at(data, sll::PROTOCOL),
                    ifindex: None,
                });
                d.path.push(Layer::Sll);
                d.src_mac = mac6(sll.sender_address());
                match sll.protocol_type() {
                    LinuxSllProtocolType::EtherType(et) => {
                        walk_ethertype(&mut d, et.0, sll.payload_slice())
                    }
                    other => d.error = Some(format!("sll: protocol {other:?} not walked")),
                }
            }
            Err(e) => d.error = Some(format!("sll: {e}")),
        },
        DataLink::LINUX_SLL2 => {
            // protocol(2) reserved(2) ifindex(4) arphrd(2) pkttype(1) addrlen(1) addr(8)
            if data.len() < sll2::LEN {
                d.error = Some(format!("sll2: {} bytes, need {}", data.len(), sll2::LEN));
            } else {
                let addr_len = usize::from(data[sll2::ADDR_LEN]).min(8);
                let protocol = u16_at(data, sll2::PROTOCOL);
                d.sll = Some(Sll {
                    packet_type: u16::from(data[sll2::PACKET_TYPE]),
                    arphrd: u16_at(data, sll2::ARPHRD),
                    addr_len: u16::from(data[sll2::ADDR_LEN]),
                    addr: array_at(data, sll2::ADDR),
                    protocol,
                    ifindex: Some(u32_at(data, sll2::IFINDEX)),
                });
                d.path.push(Layer::Sll);
                d.src_mac = mac6(&data[sll2::ADDR.start..sll2::ADDR.start + addr_len]);
                walk_ethertype(&mut d, protocol, &data[sll2::LEN..]);
            }
        }
        DataLink::RAW | DataLink::IPV4 | DataLink::IPV6 => walk_ip(&mut d, data),
        // BSD loopback: a 4-byte address family, host byte order (NULL) or network order
        // (LOOP); 2 is IPv4, 24, 28 and 30 are IPv6 on the BSDs and macOS.
        DataLink::NULL | DataLink::LOOP => match data.split_first_chunk::<4>() {
            Some((fam, rest)) => {
                let (le, be) = (u32::from_le_bytes(*fam), u32::from_be_bytes(*fam));
                let is = |v: &[u32]| v.contains(&le) || v.contains(&be);
                if is(&[2]) || is(&[24, 28, 30]) {
                    walk_ip(&mut d, rest);
                } else {
                    d.error = Some(format!("loopback: address family {le:#x} not walked"));
                }
            }
            None => d.error = Some(format!("loopback: {} bytes, need 4", data.len())),
        },
        DataLink::PPP | DataLink::PPP_HDLC => match ppp(data) {
            Some((protocol, payload)) => {
                push_ppp(&mut d, protocol, payload);
                if matches!(protocol, 0x0021 | 0x0057) {
                    walk_ip(&mut d, payload);
                }
            }
            None => d.error = Some("ppp: protocol field truncated".into()),
        },
        other => d.error = Some(format!("link type {other:?} not walked")),
    }
    d
}

/// A PPP frame (the PPP link type, or an L2TP session's payload): optional address and control
/// (0xff 0x03), then the protocol, one byte when compressed (an odd first byte); the protocol
/// and what follows it.
pub(super) fn ppp(data: &[u8]) -> Option<(u16, &[u8])> {
    let frame = data.strip_prefix(&[0xff, 0x03]).unwrap_or(data);
    match frame {
        [p, tail @ ..] if p & 1 == 1 => Some((u16::from(*p), tail)),
        [_, _, tail @ ..] => Some((u16_at(frame, 0..2), tail)),
        _ => None,
    }
}

/// Records a PPP header crossed.
pub(super) fn push_ppp<'a>(d: &mut Dissected<'a>, protocol: u16, payload: &'a [u8]) {
    d.path.push(Layer::Ppp(d.ppps.len()));
    d.ppps.push(PppFrame { protocol, payload });
}

pub(super) fn mac6(addr: &[u8]) -> Option<[u8; 6]> {
    addr.try_into().ok()
}

/// Records a tunnel and clears the layers the inner packet will fill; false (with a note) when
/// the depth limit is reached.
pub(super) fn enter(d: &mut Dissected<'_>, t: Tunnel) -> bool {
    if d.tunnels.len() >= MAX_TUNNELS {
        d.error = Some(format!("stopped after {MAX_TUNNELS} nested tunnels"));
        return false;
    }
    d.path.push(Layer::Tunnel(d.tunnels.len()));
    d.tunnels.push(t);
    d.ip = None;
    d.udp = None;
    true
}
