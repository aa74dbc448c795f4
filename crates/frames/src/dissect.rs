//! Walking a frame's link layers down to the payload a protocol crate parses.
//!
//! etherparse does the generic layers (Ethernet II, VLAN tags, Linux SLL, IPv4 with options,
//! IPv6 with extension headers, UDP). What it lacks is small and read here: Linux SLL2, MPLS
//! label stacks, the PPPoE session header, BSD loopback and PPP framing, and the tunnel headers
//! (GRE, ERSPAN, GTP-U, Geneve, VXLAN, L2TPv3 data; L2TPv2 data through pdukit-l2tp).

use core::net::IpAddr;

use etherparse::{
    Ethernet2Slice, LaxIpSlice, LinuxSllProtocolType, LinuxSllSlice, SingleVlanSlice, UdpSlice,
};
use pcap_file::DataLink;
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
                let b16 = |i: usize| u16::from_be_bytes([data[i], data[i + 1]]);
                let mut addr = [0u8; 8];
                addr.copy_from_slice(&data[6..14]);
                d.sll = Some(Sll {
                    packet_type: b16(0),
                    arphrd: b16(2),
                    addr_len: b16(4),
                    addr,
                    protocol: b16(14),
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
            if data.len() < 20 {
                d.error = Some(format!("sll2: {} bytes, need 20", data.len()));
            } else {
                let addr_len = usize::from(data[11]).min(8);
                let mut addr = [0u8; 8];
                addr.copy_from_slice(&data[12..20]);
                d.sll = Some(Sll {
                    packet_type: u16::from(data[10]),
                    arphrd: u16::from_be_bytes([data[8], data[9]]),
                    addr_len: u16::from(data[11]),
                    addr,
                    protocol: u16::from_be_bytes([data[0], data[1]]),
                    ifindex: Some(u32::from_be_bytes([data[4], data[5], data[6], data[7]])),
                });
                d.path.push(Layer::Sll);
                d.src_mac = mac6(&data[12..12 + addr_len]);
                walk_ethertype(&mut d, u16::from_be_bytes([data[0], data[1]]), &data[20..]);
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
fn ppp(data: &[u8]) -> Option<(u16, &[u8])> {
    match data.strip_prefix(&[0xff, 0x03]).unwrap_or(data) {
        [p, tail @ ..] if p & 1 == 1 => Some((u16::from(*p), tail)),
        [a, b, tail @ ..] => Some((u16::from_be_bytes([*a, *b]), tail)),
        _ => None,
    }
}

/// Records a PPP header crossed.
fn push_ppp<'a>(d: &mut Dissected<'a>, protocol: u16, payload: &'a [u8]) {
    d.path.push(Layer::Ppp(d.ppps.len()));
    d.ppps.push(PppFrame { protocol, payload });
}

fn mac6(addr: &[u8]) -> Option<[u8; 6]> {
    addr.try_into().ok()
}

fn walk_ethertype<'a>(d: &mut Dissected<'a>, mut et: u16, mut rest: &'a [u8]) {
    for _ in 0..MAX_DEPTH {
        d.ethertype = Some(et);
        d.l2_payload = rest;
        match et {
            ethertype::VLAN | ethertype::QINQ | ethertype::QINQ_OLD => {
                // SingleVlanSlice parses the 4 bytes *after* the TPID.
                match SingleVlanSlice::from_slice(rest) {
                    Ok(v) => {
                        d.path.push(Layer::Vlan(d.vlans.len()));
                        d.vlans.push(VlanTag {
                            id: v.vlan_identifier().value(),
                            priority: v.priority_code_point().value(),
                            dei: v.drop_eligible_indicator(),
                            ethertype: v.ether_type().0,
                        });
                        et = v.ether_type().0;
                        rest = v.payload_slice();
                    }
                    Err(e) => {
                        d.error = Some(format!("vlan: {e}"));
                        return;
                    }
                }
            }
            ethertype::MPLS | ethertype::MPLS_MC => {
                let mut off = 0;
                loop {
                    let Some(l) = rest.get(off..off + 4) else {
                        d.error = Some("mpls: label stack truncated".into());
                        return;
                    };
                    let e = MplsEntry::from_bytes([l[0], l[1], l[2], l[3]]);
                    d.path.push(Layer::Mpls(d.mpls.len()));
                    d.mpls.push(e);
                    off += 4;
                    if e.bottom || d.mpls.len() >= MAX_DEPTH {
                        break;
                    }
                }
                let payload = &rest[off..];
                match payload.first().map(|b| b >> 4) {
                    Some(4) | Some(6) => return walk_ip(d, payload),
                    // Pseudowire control word (first nibble 0), then an Ethernet frame.
                    Some(0) if payload.len() >= 4 => return walk_inner_ethernet(d, &payload[4..]),
                    _ => {
                        d.error = Some("mpls: unknown payload".into());
                        return;
                    }
                }
            }
            ethertype::PPPOE_SESSION => {
                // ver/type, code, session id, length, then the PPP protocol field.
                let Some(h) = rest.get(..8) else {
                    d.error = Some("pppoe session: header truncated".into());
                    return;
                };
                d.pppoe_session = Some(u16::from_be_bytes([h[2], h[3]]));
                let mut hdr = [0u8; 8];
                hdr.copy_from_slice(h);
                d.pppoe_header = Some(hdr);
                d.path.push(Layer::PppoeSession);
                let len = usize::from(u16::from_be_bytes([h[4], h[5]]));
                let end = (6 + len).min(rest.len()).max(8);
                // The protocol field, compressed to one byte by some peers (PFC, which RFC 2516
                // forbids on PPPoE and real captures show).
                let Some((protocol, payload)) = ppp(&rest[6..end]) else {
                    return;
                };
                push_ppp(d, protocol, payload);
                match protocol {
                    0x0021 | 0x0057 => return walk_ip(d, payload),
                    _ => return, // LCP/IPCP/...: l2_payload is the session header onwards
                }
            }
            ethertype::IPV4 | ethertype::IPV6 => return walk_ip(d, rest),
            // Cisco MetaData (SGT tagging): version, length, options, SGT, then the EtherType.
            ethertype::CISCO_METADATA => match rest.split_first_chunk::<8>() {
                Some((h, tail)) => {
                    et = u16::from_be_bytes([h[6], h[7]]);
                    rest = tail;
                }
                None => {
                    d.error = Some("cisco metadata: header truncated".into());
                    return;
                }
            },
            _ => return,
        }
    }
    d.error = Some("too many stacked link headers".into());
}

fn walk_ip<'a>(d: &mut Dissected<'a>, data: &'a [u8]) {
    let ip = match LaxIpSlice::from_slice(data) {
        Ok((ip, ext_err)) => {
            if let Some((e, layer)) = ext_err {
                d.error = Some(format!("{layer:?}: {e}"));
            }
            ip
        }
        Err(e) => {
            d.error = Some(format!("ip: {e}"));
            return;
        }
    };
    let pl = ip.payload();
    let (ttl, router_alert, header): (u8, bool, &'a [u8]) = match &ip {
        LaxIpSlice::Ipv4(v4) => {
            let h = v4.header();
            let hlen = h.slice().len();
            let options = h.options();
            (h.ttl(), has_router_alert(options), &data[..hlen])
        }
        LaxIpSlice::Ipv6(v6) => (v6.header().hop_limit(), false, &data[..40]),
    };
    let info = IpInfo {
        src: ip.source_addr(),
        dst: ip.destination_addr(),
        protocol: pl.ip_number.0,
        ttl,
        router_alert,
        header,
        payload: pl.payload,
        incomplete: pl.incomplete,
        fragmented: pl.fragmented,
    };
    d.path.push(Layer::Ip(d.ips.len()));
    d.ips.push(info.clone());
    d.ip = Some(info);
    if pl.ip_number.0 == 17 && !pl.fragmented {
        match UdpSlice::from_slice_lax(pl.payload) {
            Ok(u) => {
                let info = UdpInfo {
                    src_port: u.source_port(),
                    dst_port: u.destination_port(),
                    length: u.length(),
                    checksum: u.checksum(),
                    payload: u.payload(),
                };
                d.path.push(Layer::Udp(d.udps.len()));
                d.udps.push(info.clone());
                d.udp = Some(info);
            }
            Err(e) => d.error = Some(format!("udp: {e}")),
        }
        walk_udp_tunnel(d);
        return;
    }
    if pl.fragmented {
        return;
    }
    match pl.ip_number.0 {
        // IPv4 in IP (4) and IPv6 in IP (41), under either IP version.
        p @ (4 | 41) => {
            let (src, dst) = (ip.source_addr(), ip.destination_addr());
            if enter(
                d,
                Tunnel::IpInIp {
                    src,
                    dst,
                    protocol: p,
                },
            ) {
                walk_ip(d, pl.payload);
            }
        }
        47 => walk_gre(d, pl.payload),
        115 => {
            if let Some((sid, rest)) = pl.payload.split_first_chunk::<4>() {
                walk_l2tpv3(d, None, u32::from_be_bytes(*sid), rest);
            }
        }
        _ => {}
    }
}

/// L2TPv3 data over IP or UDP (RFC 3931 §4.1.1, §4.1.2.2): after the session ID (and, over
/// UDP, the flags word before it), the cookie, then the pseudowire's payload, entered only when
/// [`Options::l2tpv3`] says what it is (no L2-specific sublayer).
fn walk_l2tpv3<'a>(d: &mut Dissected<'a>, udp_bits: Option<u16>, session: u32, rest: &'a [u8]) {
    let Some(pw) = d.options.l2tpv3 else { return };
    if session == 0 {
        return; // a control message
    }
    let cookie_len = d.options.l2tpv3_cookie.min(8);
    let Some((c, inner)) = rest.split_at_checked(usize::from(cookie_len)) else {
        d.error = Some("l2tpv3: cookie truncated".into());
        return;
    };
    let mut cookie = [0u8; 8];
    cookie[..c.len()].copy_from_slice(c);
    let mut t = Tunnel::L2tpv3 {
        udp_bits,
        session,
        cookie,
        cookie_len,
        ppp_protocol: None,
    };
    match pw {
        Pseudowire::Ethernet => {
            if enter(d, t) {
                walk_inner_ethernet(d, inner);
            }
        }
        Pseudowire::Ip => {
            if enter(d, t) {
                walk_ip(d, inner);
            }
        }
        Pseudowire::Ppp => match ppp(inner) {
            Some((p @ (0x0021 | 0x0057), ip)) => {
                if let Tunnel::L2tpv3 { ppp_protocol, .. } = &mut t {
                    *ppp_protocol = Some(p);
                }
                if enter(d, t) {
                    walk_ip(d, ip);
                }
            }
            // LCP, IPCP, ...: not entered, the frame stays an L2TP data message; its PPP
            // header is recorded.
            Some((p, rest)) => push_ppp(d, p, rest),
            None => {}
        },
    }
}

/// Records a tunnel and clears the layers the inner packet will fill; false (with a note) when
/// the depth limit is reached.
fn enter(d: &mut Dissected<'_>, t: Tunnel) -> bool {
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

/// An Ethernet II frame: the frame itself, or one inside a tunnel or pseudowire.
fn walk_inner_ethernet<'a>(d: &mut Dissected<'a>, data: &'a [u8]) {
    match Ethernet2Slice::from_slice_without_fcs(data) {
        Ok(eth) => {
            d.src_mac = Some(eth.source());
            d.dst_mac = Some(eth.destination());
            d.path.push(Layer::Ethernet(d.eths.len()));
            d.eths
                .push((eth.destination(), eth.source(), eth.ether_type().0));
            walk_ethertype(d, eth.ether_type().0, eth.payload_slice());
        }
        Err(e) => d.error = Some(format!("ethernet: {e}")),
    }
}

/// A payload of protocol type `proto` (an EtherType) inside GRE or Geneve.
fn walk_protocol<'a>(d: &mut Dissected<'a>, proto: u16, data: &'a [u8]) {
    match proto {
        0x6558 => walk_inner_ethernet(d, data),
        _ => walk_ethertype(d, proto, data),
    }
}

/// GRE (RFC 2784, RFC 2890; version 0): C, K and S bits, then the payload by protocol type;
/// ERSPAN II (0x88be with S) and III (0x22eb) headers before their Ethernet frames.
fn walk_gre<'a>(d: &mut Dissected<'a>, data: &'a [u8]) {
    let Some(h) = data.first_chunk::<4>() else {
        d.error = Some("gre: header truncated".into());
        return;
    };
    let flags = u16::from_be_bytes([h[0], h[1]]);
    let proto = u16::from_be_bytes([h[2], h[3]]);
    if flags & 0x0007 == 1 && proto == 0x880b {
        return walk_pptp(d, flags, data);
    }
    if flags & 0x0007 != 0 || flags & 0x4000 != 0 {
        // Other GRE versions and source routing are not walked.
        d.error = Some(format!("gre: flags {flags:#06x} not walked"));
        return;
    }
    let mut off = 4;
    let mut word = |present: bool| -> Option<Option<u32>> {
        if !present {
            return Some(None);
        }
        let w = data.get(off..off + 4)?;
        off += 4;
        Some(Some(u32::from_be_bytes([w[0], w[1], w[2], w[3]])))
    };
    let (Some(_), Some(key), Some(seq)) = (
        word(flags & 0x8000 != 0),
        word(flags & 0x2000 != 0),
        word(flags & 0x1000 != 0),
    ) else {
        d.error = Some("gre: optional fields truncated".into());
        return;
    };
    let rest = &data[off.min(data.len())..];
    if !enter(
        d,
        Tunnel::Gre {
            flags,
            protocol: proto,
            key,
            seq,
        },
    ) {
        return;
    }
    match proto {
        // ERSPAN type II (with a sequence number) or type I (without: no header).
        0x88be if seq.is_some() => match rest.split_first_chunk::<8>() {
            Some((e, inner)) => {
                let t = Tunnel::Erspan {
                    version: 2,
                    vlan: u16::from_be_bytes([e[0], e[1]]) & 0x0fff,
                    session: u16::from_be_bytes([e[2], e[3]]) & 0x03ff,
                };
                if enter(d, t) {
                    walk_inner_ethernet(d, inner);
                }
            }
            None => d.error = Some("erspan II: header truncated".into()),
        },
        0x88be => walk_inner_ethernet(d, rest),
        // Cisco MetaData in GRE puts the payload's EtherType first, then version, length,
        // options and SGT (in Ethernet the EtherType comes last; see walk_ethertype).
        ethertype::CISCO_METADATA => match rest.split_first_chunk::<8>() {
            Some((h, inner)) => walk_ethertype(d, u16::from_be_bytes([h[0], h[1]]), inner),
            None => d.error = Some("gre cisco metadata: header truncated".into()),
        },
        // ERSPAN type III: 12 bytes, 8 more with the O bit (platform-specific subheader).
        0x22eb => match rest.first_chunk::<12>() {
            Some(e) => {
                let sub = if e[11] & 0x01 != 0 { 8 } else { 0 };
                let t = Tunnel::Erspan {
                    version: 3,
                    vlan: u16::from_be_bytes([e[0], e[1]]) & 0x0fff,
                    session: u16::from_be_bytes([e[2], e[3]]) & 0x03ff,
                };
                if enter(d, t) {
                    walk_inner_ethernet(d, rest.get(12 + sub..).unwrap_or(&[]));
                }
            }
            None => d.error = Some("erspan III: header truncated".into()),
        },
        _ => walk_protocol(d, proto, rest),
    }
}

/// Enhanced GRE (PPTP, RFC 2637 §4.1: version 1, protocol 0x880b): the key field holds the
/// payload length and call ID; sequence and acknowledgement numbers when the S and A bits are
/// set; then a PPP frame (none in an acknowledgement alone).
fn walk_pptp<'a>(d: &mut Dissected<'a>, flags: u16, data: &'a [u8]) {
    let (has_seq, has_ack) = (flags & 0x1000 != 0, flags & 0x0080 != 0);
    let len = 8 + 4 * usize::from(has_seq) + 4 * usize::from(has_ack);
    let Some(h) = data.get(..len) else {
        d.error = Some("gre (pptp): header truncated".into());
        return;
    };
    let word = |i: usize| u32::from_be_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
    let seq = has_seq.then(|| word(8));
    let ack = has_ack.then(|| word(if has_seq { 12 } else { 8 }));
    let t = Tunnel::Pptp {
        flags,
        payload_length: u16::from_be_bytes([h[4], h[5]]),
        call_id: u16::from_be_bytes([h[6], h[7]]),
        seq,
        ack,
    };
    if !enter(d, t) {
        return;
    }
    if let Some((protocol, payload)) = ppp(&data[len..]) {
        push_ppp(d, protocol, payload);
        if matches!(protocol, 0x0021 | 0x0057) {
            walk_ip(d, payload);
        }
    }
}

/// The tunnels carried by UDP: VXLAN (4789), Geneve (6081), MPLS (6635), GTP-U (2152),
/// L2TPv2 data (1701).
fn walk_udp_tunnel(d: &mut Dissected<'_>) {
    let Some(u) = d.udp.clone() else { return };
    let ports = [u.dst_port, u.src_port];
    let p = u.payload;
    if ports[0] == 4789 {
        // VXLAN (RFC 7348): 8-byte header with the I flag, then an Ethernet frame.
        let Some((h, inner)) = p.split_first_chunk::<8>() else {
            return;
        };
        if h[0] & 0x08 == 0 || Ethernet2Slice::from_slice_without_fcs(inner).is_err() {
            return;
        }
        if enter(
            d,
            Tunnel::Vxlan {
                flags: u16::from_be_bytes([h[0], h[1]]),
                vni: u32::from_be_bytes([0, h[4], h[5], h[6]]),
            },
        ) {
            walk_inner_ethernet(d, inner);
        }
    } else if ports[0] == 6081 {
        // Geneve (RFC 8926): version 0, options of 4 x optlen bytes.
        let Some(h) = p.first_chunk::<8>() else {
            return;
        };
        if h[0] >> 6 != 0 {
            return;
        }
        let start = 8 + 4 * usize::from(h[0] & 0x3f);
        let Some(inner) = p.get(start..) else {
            d.error = Some("geneve: options truncated".into());
            return;
        };
        let protocol = u16::from_be_bytes([h[2], h[3]]);
        if enter(
            d,
            Tunnel::Geneve {
                version: h[0] >> 6,
                flags: h[1],
                vni: u32::from_be_bytes([0, h[4], h[5], h[6]]),
                protocol,
            },
        ) {
            walk_protocol(d, protocol, inner);
        }
    } else if ports[0] == 6635 {
        // MPLS over UDP (RFC 7510).
        walk_ethertype(d, ethertype::MPLS, p);
    } else if ports.contains(&2152) {
        walk_gtpu(d, p);
    } else if ports.contains(&1701) {
        walk_l2tp(d, p);
    }
}

/// GTP-U (3GPP TS 29.281): version 1, a G-PDU (type 255) carries an IP packet after the
/// optional sequence/N-PDU/extension fields and the extension header chain.
fn walk_gtpu<'a>(d: &mut Dissected<'a>, p: &'a [u8]) {
    let Some(h) = p.first_chunk::<8>() else {
        return;
    };
    if h[0] >> 5 != 1 || h[0] & 0x10 == 0 || h[1] != 0xff {
        return; // not version 1 GTP, or not a G-PDU (echo, error indication, ...)
    }
    let teid = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
    let mut off = 8;
    if h[0] & 0x07 != 0 {
        // Sequence number (2), N-PDU number (1), next extension header type (1).
        let Some(mut next) = p.get(off + 3).copied() else {
            d.error = Some("gtp-u: optional fields truncated".into());
            return;
        };
        off += 4;
        let mut n = 0;
        while next != 0 {
            // Each extension: length in 4-byte units (>= 1), content, next type last.
            let Some(len) = p.get(off).map(|l| 4 * usize::from(*l)) else {
                d.error = Some("gtp-u: extension header truncated".into());
                return;
            };
            n += 1;
            if len == 0 || n > MAX_DEPTH {
                d.error = Some("gtp-u: bad extension header chain".into());
                return;
            }
            let Some(last) = p.get(off + len - 1).copied() else {
                d.error = Some("gtp-u: extension header truncated".into());
                return;
            };
            next = last;
            off += len;
        }
    }
    let inner = p.get(off..).unwrap_or(&[]);
    if matches!(inner.first().map(|b| b >> 4), Some(4 | 6))
        && enter(
            d,
            Tunnel::GtpU {
                flags: h[0],
                length: u16::from_be_bytes([h[2], h[3]]),
                teid,
            },
        )
    {
        walk_ip(d, inner);
    }
}

/// L2TPv2 data (RFC 2661) carrying PPP: the header read by pdukit-l2tp, then the PPP protocol
/// (after an optional 0xff 0x03) to IPv4 or IPv6.
fn walk_l2tp<'a>(d: &mut Dissected<'a>, p: &'a [u8]) {
    use pdukit_l2tp::{Carrier, Packet};
    let m = match Packet::parse_lax(p, Carrier::Udp) {
        Ok(Packet::DataV2(m)) => m,
        Ok(Packet::DataV3(m)) => return walk_l2tpv3(d, m.udp_bits, m.session_id, m.rest),
        _ => return,
    };
    let Some((proto, inner)) = ppp(m.payload) else {
        return;
    };
    if !matches!(proto, 0x0021 | 0x0057) {
        // LCP, IPCP, ...: not entered, the frame stays an L2TP data message; its PPP header is
        // recorded.
        push_ppp(d, proto, inner);
        return;
    }
    if enter(
        d,
        Tunnel::L2tp {
            bits: m.bits,
            length: m.length,
            tunnel: m.tunnel_id,
            session: m.session_id,
            sequence: m.sequence,
            offset: m.offset.map(|(size, _)| size),
            ppp_protocol: proto,
        },
    ) {
        walk_ip(d, inner);
    }
}

/// True when IPv4 options contain Router Alert (type 148).
fn has_router_alert(mut opts: &[u8]) -> bool {
    while let Some(&t) = opts.first() {
        match t {
            0 => return false,
            1 => opts = &opts[1..],
            148 => return true,
            _ => {
                let len = opts.get(1).copied().unwrap_or(0).max(2) as usize;
                opts = opts.get(len..).unwrap_or(&[]);
            }
        }
    }
    false
}
