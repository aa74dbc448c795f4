//! ICMP and ICMPv6, with the path-MTU signal for the report.

use super::*;

pub(super) fn icmp(src: IpAddr, p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let ok = pdukit_checksum::verify(p);
    let mut summary = Summary::new(on, "ICMP");
    let mut pmtu = None;
    match Icmpv4::parse_lax(p) {
        Ok(m) => {
            f.num("icmp.type", m.msg_type().0);
            f.num("icmp.code", m.code());
            f.num(
                "icmp.checksum",
                pdukit_wire::u16_at(p, pdukit_icmp::field::CHECKSUM),
            );
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

pub(super) fn icmpv6(
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
            f.num(
                "icmpv6.checksum",
                pdukit_wire::u16_at(p, pdukit_icmp::field::CHECKSUM),
            );
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
