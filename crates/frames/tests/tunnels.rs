//! The walk through tunnels stops at a depth limit with a note, never loops: a GRE packet
//! nested in GRE twenty times.

use pdukit_frames::dissect::{Tunnel, MAX_TUNNELS};
use pdukit_frames::{dissect, DataLink};

#[test]
fn nesting_stops_at_the_depth_limit_with_a_note() {
    // IPv4 header (protocol 47, no checksum needed by the walk) + GRE (IPv4 payload), nested.
    let ipv4 = |proto: u8, payload: &[u8]| {
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
    };
    let mut pkt = ipv4(1, &[8, 0, 0, 0, 0, 1, 0, 1]);
    for _ in 0..20 {
        let mut gre = vec![0, 0, 8, 0];
        gre.extend_from_slice(&pkt);
        pkt = ipv4(47, &gre);
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
    let mut pkt = ipv4(1, &[8, 0, 0, 0, 0, 1, 0, 1]);
    for _ in 0..MAX_TUNNELS {
        let mut gre = vec![0, 0, 8, 0];
        gre.extend_from_slice(&pkt);
        pkt = ipv4(47, &gre);
    }
    let d = dissect(DataLink::RAW, &pkt);
    assert_eq!((d.tunnels.len(), d.error.as_deref()), (MAX_TUNNELS, None));
    assert_eq!(d.ip.as_ref().map(|i| i.protocol), Some(1));
}
