//! The Linux kernel as the independent peer: its ICMP and ICMPv6 echo checksums (odd and even
//! sizes, IPv6 pseudo-header) and IPv4 header checksums all verify with this crate, and a frame we
//! corrupt does not. The recorded capture (testdata/checksum/lab-ping.pcap) keeps the check alive
//! without root.

#[path = "../examples/cksum_scan.rs"]
#[allow(dead_code)]
mod cksum_scan;

use std::path::Path;

use pdukit_lab::{require, Lab};
use pdukit_testkit::{dissect, fixtures, read_capture};

/// Pings of these payload sizes: odd, even, tiny, and one above the 64-byte fast-path chunk.
const SIZES: [&str; 6] = ["0", "1", "7", "63", "64", "1001"];

fn check_ping_capture(path: &Path) {
    let cap = read_capture(path).unwrap();
    assert!(cap.error.is_none());
    let (mut v4, mut v6, mut hdr) = (0, 0, 0);
    for f in &cap.frames {
        let d = dissect(f.linktype, &f.data);
        for (layer, ok) in cksum_scan::check_frame(&d) {
            assert_eq!(ok, Some(true), "frame {}: {layer} checksum", f.number);
            match layer {
                "icmp" => v4 += 1,
                "icmpv6" => v6 += 1,
                "ipv4" => hdr += 1,
                _ => {}
            }
        }
        // Flip one payload bit: the same check must now fail.
        if let Some(ip) = &d.ip {
            if ip.protocol == 58 || ip.protocol == 1 {
                let mut bytes = f.data.clone();
                let last = bytes.len() - 1;
                bytes[last] ^= 0x01;
                let bad = dissect(f.linktype, &bytes);
                let res = cksum_scan::check_frame(&bad);
                assert!(
                    res.iter().any(|(_, ok)| *ok == Some(false)),
                    "frame {}: corruption not caught",
                    f.number
                );
            }
        }
    }
    // Each size: request + reply, v4 and v6.
    assert_eq!(v4, 2 * SIZES.len(), "ICMPv4 echo request+reply per size");
    assert!(
        v6 >= 2 * SIZES.len(),
        "ICMPv6 echo request+reply per size (plus ND)"
    );
    assert_eq!(hdr, v4);
}

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, ping (run with --ignored)"]
fn kernel_icmp_and_icmpv6_checksums_verify() {
    require(&["ip", "tcpdump", "ping"]).unwrap();
    let mut lab = Lab::new("ck").unwrap();
    let a = lab.netns("a").unwrap();
    let b = lab.netns("b").unwrap();
    lab.veth(
        (&a, "eth0", "02:00:00:00:c0:01"),
        (&b, "eth0", "02:00:00:00:c0:02"),
    )
    .unwrap();
    lab.ip(&a, &["addr", "add", "192.0.2.1/24", "dev", "eth0"])
        .unwrap();
    lab.ip(&b, &["addr", "add", "192.0.2.2/24", "dev", "eth0"])
        .unwrap();
    lab.ip(
        &a,
        &["addr", "add", "2001:db8::1/64", "dev", "eth0", "nodad"],
    )
    .unwrap();
    lab.ip(
        &b,
        &["addr", "add", "2001:db8::2/64", "dev", "eth0", "nodad"],
    )
    .unwrap();
    let cap = lab.capture(&a, "eth0", "icmp or icmp6", "ping").unwrap();
    for s in SIZES {
        lab.exec(&a, &["ping", "-c1", "-W2", "-s", s, "192.0.2.2"])
            .unwrap();
        lab.exec(&a, &["ping", "-6", "-c1", "-W2", "-s", s, "2001:db8::2"])
            .unwrap();
    }
    std::thread::sleep(core::time::Duration::from_millis(300));
    let path = lab.stop_capture(&cap).unwrap();
    check_ping_capture(&path);
    lab.record(&path, "checksum", "ping").unwrap();
}

#[test]
fn recorded_kernel_pings_verify() {
    let path = fixtures::testdata("checksum").join("lab-ping.pcap");
    check_ping_capture(&path);
}
