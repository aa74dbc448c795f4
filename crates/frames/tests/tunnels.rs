//! The walk through tunnels stops at a depth limit with a note, never loops: a GRE packet
//! nested in GRE twenty times.

use pdukit_frames::dissect::{Tunnel, MAX_TUNNELS};
use pdukit_frames::{dissect, DataLink};

#[test]
fn nesting_stops_at_the_depth_limit_with_a_note() {
    // IPv4 + GRE (IPv4 payload), nested.
    let mut pkt = v4(1, &[8, 0, 0, 0, 0, 1, 0, 1]);
    for _ in 0..20 {
        let mut gre = vec![0, 0, 8, 0];
        gre.extend_from_slice(&pkt);
        pkt = v4(47, &gre);
    }
    let d = dissect(DataLink::RAW, &pkt);
    assert_eq!(d.tunnels.len(), MAX_TUNNELS);
    assert!(d.tunnels.iter().all(|t| matches!(
        t,
        Tunnel::Gre {
            protocol: 0x0800,
            ..
        }
    )));
    assert!(
        d.error
            .as_deref()
            .is_some_and(|e| e.contains("nested tunnels")),
        "{:?}",
        d.error
    );
    // The walk shows the last IP layer it reached (a GRE carrier), nothing beyond it.
    assert_eq!(d.ip.as_ref().map(|i| i.protocol), Some(47));
    // Eight levels are walked to the end.
    let mut pkt = v4(1, &[8, 0, 0, 0, 0, 1, 0, 1]);
    for _ in 0..MAX_TUNNELS {
        let mut gre = vec![0, 0, 8, 0];
        gre.extend_from_slice(&pkt);
        pkt = v4(47, &gre);
    }
    let d = dissect(DataLink::RAW, &pkt);
    assert_eq!((d.tunnels.len(), d.error.as_deref()), (MAX_TUNNELS, None));
    assert_eq!(d.ip.as_ref().map(|i| i.protocol), Some(1));
}

/// An IPv4 header around `payload` (protocol `proto`); the walk needs no checksum.
fn v4(proto: u8, payload: &[u8]) -> Vec<u8> {
    let len = (20 + payload.len()) as u16;
    let mut v = vec![
        0x45,
        0,
        (len >> 8) as u8,
        len as u8,
        0,
        0,
        0,
        0,
        64,
        proto,
        0,
        0,
    ];
    v.extend_from_slice(&[192, 0, 2, 1, 192, 0, 2, 2]);
    v.extend_from_slice(payload);
    v
}

/// L2TPv3 data over IP 115: not entered by default (a frame does not say what a session
/// carries); entered as told, past the cookie; a control message (session 0) or a cookie
/// longer than the packet is never entered.
#[test]
fn l2tpv3_sessions_are_entered_only_when_told() {
    use pdukit_frames::{dissect_with, Options, Pseudowire};
    let echo = v4(1, &[8, 0, 0xf7, 0xfe, 0, 1, 0, 0]);
    let cookie = [0xc0, 0x0c, 0x1e, 0x55];
    let pkt = v4(115, &[&[0, 0, 0x12, 0x34][..], &cookie, &echo].concat());
    // Default: the session is data of protocol 115, the IP layer is the outer one.
    let d = dissect(DataLink::RAW, &pkt);
    assert!(d.tunnels.is_empty());
    assert_eq!(d.ip.as_ref().map(|i| i.protocol), Some(115));
    // Told "IP with a 4-byte cookie": the inner echo is reached, the cookie kept.
    let told = Options {
        l2tpv3: Some(Pseudowire::Ip),
        l2tpv3_cookie: 4,
    };
    let d = dissect_with(DataLink::RAW, &pkt, told);
    assert_eq!(
        d.tunnels,
        [Tunnel::L2tpv3 {
            udp_bits: None,
            session: 0x1234,
            cookie: [0xc0, 0x0c, 0x1e, 0x55, 0, 0, 0, 0],
            cookie_len: 4,
            ppp_protocol: None,
        }]
    );
    assert_eq!(
        d.ip.as_ref().map(|i| (i.protocol, i.payload.len())),
        Some((1, 8))
    );
    assert_eq!(d.ips.len(), 2);
    // Told the wrong cookie length (none): the walk reads the cookie as an IP header, which
    // is not one; it never shows an inner packet that is not there.
    let d = dissect_with(
        DataLink::RAW,
        &pkt,
        Options {
            l2tpv3_cookie: 0,
            ..told
        },
    );
    assert!(d.ip.is_none() && d.error.is_some(), "{d:?}");
    // A control message (session ID 0) is not a session.
    let ctl = v4(115, &[0, 0, 0, 0, 0xc8, 0x03, 0, 12, 0, 0, 0, 1]);
    let d = dissect_with(DataLink::RAW, &ctl, told);
    assert!(d.tunnels.is_empty());
    // A cookie cut short: a note, nothing entered.
    let short = v4(115, &[0, 0, 0x12, 0x34, 0xc0, 0x0c]);
    let d = dissect_with(DataLink::RAW, &short, told);
    assert!(d.tunnels.is_empty());
    assert!(d.error.as_deref().is_some_and(|e| e.contains("cookie")));
    // PPP carrying LCP: not entered (only IP is walked), the frame stays L2TPv3 data.
    let lcp = v4(115, &[0, 0, 0x12, 0x34, 0xff, 0x03, 0xc0, 0x21, 1, 1, 0, 4]);
    let ppp = Options {
        l2tpv3: Some(Pseudowire::Ppp),
        l2tpv3_cookie: 0,
    };
    let d = dissect_with(DataLink::RAW, &lcp, ppp);
    assert!(d.tunnels.is_empty());
    assert_eq!(d.ip.as_ref().map(|i| i.protocol), Some(115));
}
