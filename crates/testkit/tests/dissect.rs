//! The link-layer walk against real captures, values cross-checked with tshark.

use core::net::IpAddr;

use pdukit_testkit::{dissect, fixtures, read_capture};

#[test]
fn pppoe_session_over_qinq_reaches_ip() {
    // zeek pppoe-over-qinq.pcap frame 1; tshark -V: vlan.id 3704 then 2474,
    // pppoes.session_id 0x0f07, PPP protocol 0x0021, ip.src 1.1.1.1, ip.dst 2.2.2.2, TCP.
    let Some(dir) = fixtures::shared("pppoe") else {
        return;
    };
    let cap = read_capture(dir.join("zeek/pppoe-over-qinq.pcap")).unwrap();
    assert_eq!(cap.frames.len(), 86);
    let d = dissect(cap.frames[0].linktype, &cap.frames[0].data);
    assert_eq!(
        d.vlans.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![3704, 2474],
        "two stacked tags, outermost first"
    );
    assert_eq!(d.pppoe_session, Some(0x0f07));
    let ip =
        d.ip.unwrap_or_else(|| panic!("IP inside the PPPoE session: {:?}", d.error));
    assert_eq!(ip.src, IpAddr::from([1, 1, 1, 1]));
    assert_eq!(ip.dst, IpAddr::from([2, 2, 2, 2]));
    assert_eq!(ip.protocol, 6);
}

#[test]
fn pppoe_discovery_stops_at_the_ethertype() {
    let Some(dir) = fixtures::shared("pppoe") else {
        return;
    };
    let cap = read_capture(dir.join("tcpdump/pppoe.pcap")).unwrap();
    let d = dissect(cap.frames[0].linktype, &cap.frames[0].data);
    assert_eq!(d.ethertype, Some(0x8863));
    assert_eq!(d.l2_payload[0], 0x11, "PPPoE ver/type");
    assert_eq!(d.l2_payload[1], 0x09, "PADI");
    assert!(d.ip.is_none());
}

#[test]
fn raw_ipv4_link_type() {
    let Some(dir) = fixtures::shared("snmp") else {
        return;
    };
    let cap = read_capture(dir.join("arkime/snmpv3_synthetic.pcap")).unwrap();
    assert_eq!(cap.frames.len(), 12);
    for f in &cap.frames {
        let d = dissect(f.linktype, &f.data);
        let udp = d.udp.expect("UDP reached on raw IP");
        assert!(udp.src_port == 161 || udp.dst_port == 161 || udp.dst_port == 162);
    }
}

#[test]
fn pcapng_and_slow_protocols() {
    let Some(dir) = fixtures::shared("snmp") else {
        return;
    };
    let cap = read_capture(dir.join("zeek/leak_test.pcapng")).unwrap();
    assert!(cap.error.is_none(), "{:?}", cap.error);
    assert_eq!(cap.frames.len(), 79);
    let Some(dir) = fixtures::shared("lacp") else {
        return;
    };
    let cap = read_capture(dir.join("tcpdump/LACP.pcap")).unwrap();
    let d = dissect(cap.frames[0].linktype, &cap.frames[0].data);
    assert_eq!(d.ethertype, Some(0x8809));
    assert_eq!(d.src_mac, Some([0x00, 0x13, 0xc4, 0x12, 0x0f, 0x0d]));
    assert_eq!(d.l2_payload[0], 1, "LACP subtype");
}

#[test]
fn ip_length_lies_and_junk_do_not_panic() {
    // IP total length 34817 > 83 captured: payload is what was captured, flagged incomplete.
    let Some(dir) = fixtures::shared("snmp") else {
        return;
    };
    let cap = read_capture(dir.join("tcpdump/ip-snmp-leftshift-unsigned.pcap")).unwrap();
    let d = dissect(cap.frames[0].linktype, &cap.frames[0].data);
    let ip = d.ip.clone().unwrap_or_else(|| panic!("{:?}", d.error));
    assert!(ip.incomplete);
    // 0x3030-filled junk frames: no IP, a clean stop.
    let cap = read_capture(dir.join("tcpdump/snmp-heapoverflow-1.pcap")).unwrap();
    let d = dissect(cap.frames[0].linktype, &cap.frames[0].data);
    assert_eq!(d.ethertype, Some(0x3030));
    assert!(d.ip.is_none());
}

#[test]
fn ethernet_padding_is_not_ip_payload() {
    // An 8-byte IGMP message in a 60-byte frame: the payload stops at the IP total length.
    let Some(dir) = fixtures::shared("igmp") else {
        return;
    };
    let cap = read_capture(dir.join("tcpdump/IGMP_V2.pcap")).unwrap();
    let d = dissect(cap.frames[0].linktype, &cap.frames[0].data);
    let ip = d.ip.unwrap();
    assert_eq!(ip.protocol, 2);
    assert_eq!(ip.payload.len(), 8);
    assert!(ip.router_alert || ip.header.len() == 20);
}

#[test]
fn mpls_label_stack_to_ipv4() {
    // Hand-made: two labels (100, 200 bottom-of-stack) in front of a real IPv4/ICMP packet
    // from testdata/checksum/lab-ping.pcap.
    let cap = read_capture(fixtures::testdata("checksum").join("lab-ping.pcap")).unwrap();
    let f = cap
        .frames
        .iter()
        .find(|f| f.data[12..14] == [0x08, 0x00])
        .unwrap();
    let mut frame = f.data[..12].to_vec();
    frame.extend_from_slice(&[0x88, 0x47]);
    frame.extend_from_slice(&((100u32 << 12) | 64).to_be_bytes());
    frame.extend_from_slice(&((200u32 << 12) | 0x100 | 64).to_be_bytes());
    frame.extend_from_slice(&f.data[14..]);
    let d = dissect(f.linktype, &frame);
    let labels: Vec<(u32, bool, u8)> = d.mpls.iter().map(|e| (e.label, e.bottom, e.ttl)).collect();
    assert_eq!(labels, vec![(100, false, 64), (200, true, 64)]);
    assert_eq!(d.ip.unwrap().protocol, 1);
}

#[test]
fn truncated_frames_are_flagged_and_walk_laxly() {
    let cap = read_capture(fixtures::testdata("checksum").join("lab-ping.pcap")).unwrap();
    let f = &cap.frames[0];
    let cut = &f.data[..f.data.len().min(40)];
    let d = dissect(f.linktype, cut);
    let ip = d.ip.expect("IP header fits in 40 bytes");
    assert!(ip.incomplete);
}

#[test]
fn linux_cooked_sll_and_sll2_recorded_in_the_lab() {
    for (name, want) in [
        ("lab-any-sll.pcap", "LINUX_SLL"),
        ("lab-any-sll2.pcap", "LINUX_SLL2"),
    ] {
        let cap = read_capture(fixtures::testdata("testkit").join(name)).unwrap();
        assert!(!cap.frames.is_empty());
        let mut icmp = 0;
        for f in &cap.frames {
            assert_eq!(format!("{:?}", f.linktype), want);
            let d = dissect(f.linktype, &f.data);
            if let Some(ip) = d.ip {
                if ip.protocol == 1 {
                    assert!(ip.src.is_ipv4());
                    assert!(matches!(ip.dst, IpAddr::V4(_)));
                    icmp += 1;
                }
            }
        }
        assert!(icmp >= 2, "{name}: echo request and reply");
    }
}
