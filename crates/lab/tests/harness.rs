//! The lab harness itself: namespaces, veth, raw frames both ways, tcpdump capture, cleanup.

use core::time::Duration;
use std::process::Command;

use pdukit_lab::{require, Lab};
use pdukit_testkit::{dissect, read_capture};

fn netns_list() -> String {
    String::from_utf8_lossy(
        &Command::new("ip")
            .args(["netns", "list"])
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned()
}

#[test]
#[ignore = "lab: needs root, iproute2 and tcpdump (run with --ignored)"]
fn raw_frames_cross_a_veth_and_are_captured_then_everything_is_cleaned_up() {
    require(&["ip", "tcpdump"]).unwrap();
    let (ns_a, ns_b);
    {
        let mut lab = Lab::new("h").unwrap();
        ns_a = lab.netns("a").unwrap();
        ns_b = lab.netns("b").unwrap();
        lab.veth(
            (&ns_a, "eth0", "02:00:00:00:aa:01"),
            (&ns_b, "eth0", "02:00:00:00:bb:01"),
        )
        .unwrap();
        let cap = lab
            .capture(&ns_b, "eth0", "ether proto 0x88b5", "b")
            .unwrap();

        let mut tx = lab.raw_socket(&ns_a, "eth0").unwrap();
        let mut rx = lab.raw_socket(&ns_b, "eth0").unwrap();
        assert_eq!(tx.mac(), [2, 0, 0, 0, 0xaa, 1]);

        // Local experimental EtherType 0x88b5 (IEEE 802 local use), padded to 60 bytes.
        let mut frame = vec![0u8; 60];
        frame[..6].copy_from_slice(&rx.mac());
        frame[6..12].copy_from_slice(&tx.mac());
        frame[12..14].copy_from_slice(&0x88b5u16.to_be_bytes());
        frame[14..22].copy_from_slice(b"pdukit!!");
        tx.send(&frame).unwrap();
        let got = rx
            .recv_matching(Duration::from_secs(3), |f| {
                f.len() >= 14 && f[12..14] == [0x88, 0xb5]
            })
            .expect("frame sent from A must arrive at B");
        assert_eq!(got, frame);

        std::thread::sleep(Duration::from_millis(200));
        let path = lab.stop_capture(&cap).unwrap();
        let capture = read_capture(&path).unwrap();
        assert!(capture.error.is_none(), "{:?}", capture.error);
        assert_eq!(capture.frames.len(), 1, "tcpdump saw exactly our frame");
        let d = dissect(capture.frames[0].linktype, &capture.frames[0].data);
        assert_eq!(d.src_mac, Some([2, 0, 0, 0, 0xaa, 1]));
        assert_eq!(d.ethertype, Some(0x88b5));
        assert_eq!(&d.l2_payload[..8], b"pdukit!!");

        let listed = netns_list();
        assert!(listed.contains(&ns_a) && listed.contains(&ns_b));
        // A namespace the lab does not own is refused.
        assert!(lab.exec("not-ours", &["true"]).is_err());
    }
    let listed = netns_list();
    assert!(!listed.contains(&ns_a), "namespace {ns_a} left behind");
    assert!(!listed.contains(&ns_b), "namespace {ns_b} left behind");
}
