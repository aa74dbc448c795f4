//! IPv4 and IPv6, then UDP and the tunnels IP carries.

use super::tunnels::{walk_gre, walk_l2tpv3, walk_udp_tunnel};
use super::*;

pub(super) fn walk_ip<'a>(d: &mut Dissected<'a>, data: &'a [u8]) {
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

/// True when IPv4 options contain Router Alert (type 148).
pub(super) fn has_router_alert(mut opts: &[u8]) -> bool {
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
