//! The checks of the fuzz target `frames_walk`, shared with the test that replays its finds
//! (testdata/fuzz/frames_walk/). Panics on a violation.

use pdukit_frames::{dissect, dissect_with, DataLink, Options, Pseudowire, Reader};

/// The input is read as a pcap/pcapng file (every frame walked with its link type; frame
/// numbers increase; a damaged end stops the stream), and walked directly as a frame of each
/// supported link type, by default and with L2TPv3 sessions entered as each pseudowire (the
/// cookie length from the input's last byte); tunnels stay within the limit and payloads
/// within the input.
pub fn walk(data: &[u8]) {
    if let Ok(r) = Reader::new(data) {
        let mut last = 0;
        for f in r.take(10_000) {
            let Ok(f) = f else { break };
            assert!(f.number > last, "frame numbers increase");
            last = f.number;
            let d = dissect(f.linktype, &f.data);
            assert!(d.tunnels.len() <= pdukit_frames::dissect::MAX_TUNNELS);
        }
    }
    for lt in [
        DataLink::ETHERNET,
        DataLink::LINUX_SLL,
        DataLink::LINUX_SLL2,
        DataLink::RAW,
        DataLink::NULL,
        DataLink::LOOP,
        DataLink::PPP,
    ] {
        let cookie = [0, 4, 8][usize::from(data.last().copied().unwrap_or(0) % 3)];
        let told = [Pseudowire::Ethernet, Pseudowire::Ppp, Pseudowire::Ip].map(|pw| Options {
            l2tpv3: Some(pw),
            l2tpv3_cookie: cookie,
        });
        for d in core::iter::once(dissect(lt, data))
            .chain(told.iter().map(|o| dissect_with(lt, data, *o)))
        {
            assert!(d.tunnels.len() <= pdukit_frames::dissect::MAX_TUNNELS);
            if let Some(ip) = &d.ip {
                assert!(ip.payload.len() <= data.len());
            }
        }
    }
}
