//! Link layers: Ethernet, VLAN/QinQ, MPLS, PPPoE sessions, Cisco MetaData.

use super::ip::walk_ip;
use super::*;

pub(super) fn walk_ethertype<'a>(d: &mut Dissected<'a>, mut et: u16, mut rest: &'a [u8]) {
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
                let Some(h) = rest.get(..pppoe::WITH_PROTOCOL) else {
                    d.error = Some("pppoe session: header truncated".into());
                    return;
                };
                d.pppoe_session = Some(u16_at(h, pppoe::SESSION_ID));
                let mut hdr = [0u8; 8];
                hdr.copy_from_slice(h);
                d.pppoe_header = Some(hdr);
                d.path.push(Layer::PppoeSession);
                let len = usize::from(u16_at(h, pppoe::LENGTH));
                let end = (pppoe::HEADER_LEN + len)
                    .min(rest.len())
                    .max(pppoe::WITH_PROTOCOL);
                // The protocol field, compressed to one byte by some peers (PFC, which RFC 2516
                // forbids on PPPoE and real captures show).
                let Some((protocol, payload)) = ppp(&rest[pppoe::HEADER_LEN..end]) else {
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
            ethertype::CISCO_METADATA => match rest.split_at_checked(cisco_metadata::LEN) {
                Some((h, tail)) => {
                    et = u16_at(h, cisco_metadata::ETHERTYPE);
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

/// An Ethernet II frame: the frame itself, or one inside a tunnel or pseudowire.
pub(super) fn walk_inner_ethernet<'a>(d: &mut Dissected<'a>, data: &'a [u8]) {
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
pub(super) fn walk_protocol<'a>(d: &mut Dissected<'a>, proto: u16, data: &'a [u8]) {
    match proto {
        0x6558 => walk_inner_ethernet(d, data),
        _ => walk_ethertype(d, proto, data),
    }
}
