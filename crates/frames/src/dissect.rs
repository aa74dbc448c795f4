//! Walking a frame's link layers down to the payload a protocol crate parses.
//!
//! etherparse does the generic layers (Ethernet II, VLAN tags, Linux SLL, IPv4 with options,
//! IPv6 with extension headers, UDP). The three layers it lacks are small and fixed-size, and are
//! done here: Linux SLL2 (20 bytes), MPLS label stacks and the PPPoE session header.

use core::net::IpAddr;

use etherparse::{
    Ethernet2Slice, LaxIpSlice, LinuxSllProtocolType, LinuxSllSlice, SingleVlanSlice, UdpSlice,
};
use pcap_file::DataLink;

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
    /// UDP payload (bounded by the UDP length when it fits).
    pub payload: &'a [u8],
}

/// A frame walked down its layers.
#[derive(Clone, Debug, Default)]
pub struct Dissected<'a> {
    /// Ethernet source MAC (Ethernet II frames, or a 6-byte SLL/SLL2 address).
    pub src_mac: Option<[u8; 6]>,
    /// Ethernet destination MAC (Ethernet II frames only).
    pub dst_mac: Option<[u8; 6]>,
    /// VLAN IDs, outermost first.
    pub vlans: Vec<u16>,
    /// MPLS labels, outermost first.
    pub mpls: Vec<u32>,
    /// PPPoE session id, when IP was carried in a PPPoE session.
    pub pppoe_session: Option<u16>,
    /// The innermost EtherType reached.
    pub ethertype: Option<u16>,
    /// Bytes after the innermost EtherType (Ethernet padding included): what a slow-protocols or
    /// PPPoE-discovery parser reads.
    pub l2_payload: &'a [u8],
    /// The IP layer, if reached.
    pub ip: Option<IpInfo<'a>>,
    /// The UDP layer, if reached.
    pub udp: Option<UdpInfo<'a>>,
    /// VXLAN network identifiers crossed (UDP port 4789), outermost first; the other fields
    /// then describe the innermost frame.
    pub vxlan: Vec<u32>,
    /// Why the walk stopped early, if it did.
    pub error: Option<String>,
}

/// Cap on stacked headers (VLAN tags, MPLS labels) so hostile input cannot loop long.
const MAX_DEPTH: usize = 16;

/// Walks `data` captured with link type `linktype`.
pub fn dissect(linktype: DataLink, data: &[u8]) -> Dissected<'_> {
    let mut d = Dissected::default();
    match linktype {
        DataLink::ETHERNET => match Ethernet2Slice::from_slice_without_fcs(data) {
            Ok(eth) => {
                d.src_mac = Some(eth.source());
                d.dst_mac = Some(eth.destination());
                walk_ethertype(&mut d, eth.ether_type().0, eth.payload_slice());
            }
            Err(e) => d.error = Some(format!("ethernet: {e}")),
        },
        DataLink::LINUX_SLL => match LinuxSllSlice::from_slice(data) {
            Ok(sll) => {
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
        // PPP: optional address and control (0xff 0x03), then the protocol (one byte when
        // compressed: an odd first byte).
        DataLink::PPP | DataLink::PPP_HDLC => {
            let rest = data.strip_prefix(&[0xff, 0x03]).unwrap_or(data);
            let (proto, payload) = match rest {
                [p, tail @ ..] if p & 1 == 1 => (u16::from(*p), tail),
                [a, b, tail @ ..] => (u16::from_be_bytes([*a, *b]), tail),
                _ => (0, &rest[..0]),
            };
            match proto {
                0x0021 | 0x0057 => walk_ip(&mut d, payload),
                p => d.error = Some(format!("ppp: protocol {p:#06x} not walked")),
            }
        }
        other => d.error = Some(format!("link type {other:?} not walked")),
    }
    d
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
                        d.vlans.push(v.vlan_identifier().value());
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
                    let word = u32::from_be_bytes([l[0], l[1], l[2], l[3]]);
                    d.mpls.push(word >> 12);
                    off += 4;
                    if word & 0x100 != 0 || d.mpls.len() >= MAX_DEPTH {
                        break;
                    }
                }
                let payload = &rest[off..];
                match payload.first().map(|b| b >> 4) {
                    Some(4) | Some(6) => return walk_ip(d, payload),
                    // Pseudowire control word (first nibble 0), then an Ethernet frame.
                    Some(0) if payload.len() >= 4 => {
                        return match Ethernet2Slice::from_slice_without_fcs(&payload[4..]) {
                            Ok(eth) => {
                                d.src_mac = Some(eth.source());
                                d.dst_mac = Some(eth.destination());
                                walk_ethertype(d, eth.ether_type().0, eth.payload_slice())
                            }
                            Err(e) => d.error = Some(format!("mpls pw ethernet: {e}")),
                        };
                    }
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
                let len = usize::from(u16::from_be_bytes([h[4], h[5]]));
                let end = (6 + len).min(rest.len()).max(8);
                match u16::from_be_bytes([h[6], h[7]]) {
                    0x0021 | 0x0057 => return walk_ip(d, &rest[8..end]),
                    _ => return, // LCP/IPCP/...: l2_payload is the session header onwards
                }
            }
            ethertype::IPV4 | ethertype::IPV6 => return walk_ip(d, rest),
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
    d.ip = Some(IpInfo {
        src: ip.source_addr(),
        dst: ip.destination_addr(),
        protocol: pl.ip_number.0,
        ttl,
        router_alert,
        header,
        payload: pl.payload,
        incomplete: pl.incomplete,
        fragmented: pl.fragmented,
    });
    if pl.ip_number.0 == 17 && !pl.fragmented {
        match UdpSlice::from_slice_lax(pl.payload) {
            Ok(u) => {
                d.udp = Some(UdpInfo {
                    src_port: u.source_port(),
                    dst_port: u.destination_port(),
                    payload: u.payload(),
                })
            }
            Err(e) => d.error = Some(format!("udp: {e}")),
        }
        walk_vxlan(d);
    }
}

/// VXLAN (RFC 7348): UDP port 4789, 8-byte header with the I flag, then an Ethernet frame.
fn walk_vxlan(d: &mut Dissected<'_>) {
    let Some(u) = d.udp.as_ref().filter(|u| u.dst_port == 4789) else {
        return;
    };
    let Some((h, inner)) = u.payload.split_first_chunk::<8>() else {
        return;
    };
    if h[0] & 0x08 == 0 || d.vxlan.len() >= 4 {
        return;
    }
    let Ok(eth) = Ethernet2Slice::from_slice_without_fcs(inner) else {
        return;
    };
    d.vxlan.push(u32::from_be_bytes([0, h[4], h[5], h[6]]));
    d.ip = None;
    d.udp = None;
    d.src_mac = Some(eth.source());
    d.dst_mac = Some(eth.destination());
    walk_ethertype(d, eth.ether_type().0, eth.payload_slice());
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
