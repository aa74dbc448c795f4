//! Tunnels: GRE (and ERSPAN, PPTP), the UDP-borne ones (VXLAN, Geneve, MPLS, GTP-U, L2TPv2),
//! L2TPv3 sessions.

use super::link::{walk_ethertype, walk_protocol};
use super::*;

/// L2TPv3 data over IP or UDP (RFC 3931 §4.1.1, §4.1.2.2): after the session ID (and, over
/// UDP, the flags word before it), the cookie, then the pseudowire's payload, entered only when
/// [`Options::l2tpv3`] says what it is (no L2-specific sublayer).
pub(super) fn walk_l2tpv3<'a>(
    d: &mut Dissected<'a>,
    udp_bits: Option<u16>,
    session: u32,
    rest: &'a [u8],
) {
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

/// GRE (RFC 2784, RFC 2890; version 0): C, K and S bits, then the payload by protocol type;
/// ERSPAN II (0x88be with S) and III (0x22eb) headers before their Ethernet frames.
pub(super) fn walk_gre<'a>(d: &mut Dissected<'a>, data: &'a [u8]) {
    let Some(h) = data.first_chunk::<4>() else {
        d.error = Some("gre: header truncated".into());
        return;
    };
    let flags = u16_at(h, gre::FLAGS);
    let proto = u16_at(h, gre::PROTOCOL);
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
        Some(Some(u32_at(w, 0..4)))
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
                    vlan: u16_at(e, erspan::VLAN) & 0x0fff,
                    session: u16_at(e, erspan::SESSION) & 0x03ff,
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
            Some((h, inner)) => walk_ethertype(d, u16_at(h, cisco_metadata::GRE_ETHERTYPE), inner),
            None => d.error = Some("gre cisco metadata: header truncated".into()),
        },
        // ERSPAN type III: 12 bytes, 8 more with the O bit (platform-specific subheader).
        0x22eb => match rest.first_chunk::<12>() {
            Some(e) => {
                let sub = if e[11] & 0x01 != 0 { 8 } else { 0 };
                let t = Tunnel::Erspan {
                    version: 3,
                    vlan: u16_at(e, erspan::VLAN) & 0x0fff,
                    session: u16_at(e, erspan::SESSION) & 0x03ff,
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
pub(super) fn walk_pptp<'a>(d: &mut Dissected<'a>, flags: u16, data: &'a [u8]) {
    let (has_seq, has_ack) = (flags & 0x1000 != 0, flags & 0x0080 != 0);
    let len = 8 + 4 * usize::from(has_seq) + 4 * usize::from(has_ack);
    let Some(h) = data.get(..len) else {
        d.error = Some("gre (pptp): header truncated".into());
        return;
    };
    let word = |i: usize| u32_at(h, i..i + 4);
    let seq = has_seq.then(|| word(8));
    let ack = has_ack.then(|| word(if has_seq { 12 } else { 8 }));
    let t = Tunnel::Pptp {
        flags,
        payload_length: u16_at(h, gre::PPTP_PAYLOAD_LENGTH),
        call_id: u16_at(h, gre::PPTP_CALL_ID),
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
pub(super) fn walk_udp_tunnel(d: &mut Dissected<'_>) {
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
                flags: u16_at(h, vxlan::FLAGS),
                vni: u24_at(h, vxlan::VNI),
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
        let protocol = u16_at(h, vxlan::GENEVE_PROTOCOL);
        if enter(
            d,
            Tunnel::Geneve {
                version: h[0] >> 6,
                flags: h[1],
                vni: u24_at(h, vxlan::VNI),
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
pub(super) fn walk_gtpu<'a>(d: &mut Dissected<'a>, p: &'a [u8]) {
    let Some(h) = p.first_chunk::<8>() else {
        return;
    };
    if h[0] >> 5 != 1 || h[0] & 0x10 == 0 || h[1] != 0xff {
        return; // not version 1 GTP, or not a G-PDU (echo, error indication, ...)
    }
    let teid = u32_at(h, gtpu::TEID);
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
                length: u16_at(h, gtpu::LENGTH),
                teid,
            },
        )
    {
        walk_ip(d, inner);
    }
}

/// L2TPv2 data (RFC 2661) carrying PPP: the header read by pdukit-l2tp, then the PPP protocol
/// (after an optional 0xff 0x03) to IPv4 or IPv6.
pub(super) fn walk_l2tp<'a>(d: &mut Dissected<'a>, p: &'a [u8]) {
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
