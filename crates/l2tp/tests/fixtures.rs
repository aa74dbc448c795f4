//! Public vectors and captures with their documented values: go-l2tp's messages (values from
//! its msg_test.go), tcpdump's AVP-overflow capture (every L2TP frame rejected with an error
//! naming an offset, never a panic); the lab recordings in testdata/l2tp/ (values from tshark)
//! are checked in lab.rs.

use pdukit_l2tp::{check, AvpType, AvpValue, Carrier, MessageType, Packet, ParseError, BBF, IETF};
use pdukit_testkit::fixtures;
use pdukit_testkit::fuzzing::payloads;

fn vector(name: &str) -> Option<Vec<u8>> {
    let dir = fixtures::shared("l2tp")?;
    Some(std::fs::read(dir.join("go-l2tp").join(name)).unwrap())
}

#[test]
fn go_l2tp_hello() {
    let Some(b) = vector("go-l2tp_v2_hello.bin") else {
        return;
    };
    let p = Packet::parse(&b, Carrier::Udp).unwrap();
    let c = p.control().unwrap();
    assert_eq!(c.header.version, 2);
    assert_eq!(c.header.tunnel_id, 1);
    assert_eq!(c.header.session_id, Some(0));
    assert_eq!(c.header.sequence, Some((1, 1)));
    assert_eq!(c.header.length, 20);
    assert_eq!(c.avps().count(), 1);
    assert_eq!(c.message_type(), Some(MessageType::HELLO));
    assert!(check(c).is_empty(), "{:?}", check(c));
}

#[test]
fn go_l2tp_zlb() {
    let Some(b) = vector("go-l2tp_v2_zlb_ack.bin") else {
        return;
    };
    let p = Packet::parse(&b, Carrier::Udp).unwrap();
    let c = p.control().unwrap();
    assert!(c.is_zlb());
    assert_eq!(c.message_type(), None);
    assert_eq!((c.header.tunnel_id, c.header.sequence), (1, Some((1, 1))));
    assert_eq!(c.header.length, 12);
}

#[test]
fn go_l2tp_v3_sccrq_from_prol2tp() {
    let Some(b) = vector("go-l2tp_v3_sccrq_prol2tp.bin") else {
        return;
    };
    let p = Packet::parse(&b, Carrier::Udp).unwrap();
    let c = p.control().unwrap();
    assert_eq!(c.header.version, 3);
    assert_eq!(c.header.tunnel_id, 0, "control connection ID 0 on an SCCRQ");
    assert_eq!(c.header.session_id, None);
    assert_eq!(c.message_type(), Some(MessageType::SCCRQ));
    let types: Vec<u16> = c.avps().map(|a| a.attr_type).collect();
    assert_eq!(types, [0, 7, 8, 10, 60, 61, 62]);
    assert!(c.avps().all(|a| a.vendor_id == IETF));
    assert_eq!(
        c.value(AvpType::HOST_NAME),
        Some(AvpValue::HostName(b"openv3"))
    );
    assert_eq!(
        c.value(AvpType::VENDOR_NAME),
        Some(AvpValue::VendorName(
            b"prol2tp 1.7.3 Linux-3.13.0-30-generic (x86_64)"
        ))
    );
    assert_eq!(
        c.value(AvpType::RECEIVE_WINDOW_SIZE),
        Some(AvpValue::ReceiveWindowSize(10))
    );
    assert_eq!(c.value(AvpType::ROUTER_ID), Some(AvpValue::RouterId(0)));
    assert_eq!(
        c.value(AvpType::ASSIGNED_CONTROL_CONNECTION_ID),
        Some(AvpValue::AssignedControlConnectionId(0x2846_f181))
    );
    let Some(AvpValue::PseudowireCapabilities(l)) = c.value(AvpType::PSEUDOWIRE_CAPABILITIES)
    else {
        panic!("pseudowire capabilities")
    };
    assert_eq!(
        l.iter().collect::<Vec<_>>(),
        [7, 5, 4],
        "PPP, Ethernet, Ethernet VLAN"
    );
    // Router ID and the others are sent with M=0 by ProL2TP; every mandatory v3 AVP is there.
    assert!(check(c).is_empty(), "{:?}", check(c));
}

#[test]
fn tcpdump_avp_overflow_capture_is_rejected_with_offsets() {
    let Some(dir) = fixtures::shared("l2tp") else {
        return;
    };
    let msgs = payloads(&[dir.join("tcpdump")], |d| {
        d.udp
            .as_ref()
            .filter(|u| u.dst_port == 1701 || u.src_port == 1701)
            .map(|u| u.payload.to_vec())
    });
    // tshark shows 16 L2TP frames (MANIFEST: 16 of 20).
    assert_eq!(msgs.len(), 16);
    for m in &msgs {
        let e = Packet::parse(m, Carrier::Udp).expect_err("every frame is malformed");
        assert!(e.offset() < m.len().max(4), "{e}");
        // The lax view gives no wrong value either: the Length field (514) lies about a
        // 16-byte capture, so there is nothing to show.
        match Packet::parse_lax(m, Carrier::Udp) {
            Err(ParseError::BadLength {
                declared,
                available,
                ..
            }) => {
                assert!(declared > available, "{declared} > {available}")
            }
            Err(e) => assert!(e.offset() < m.len(), "{e}"),
            Ok(Packet::Control(c)) => assert!(c.avp_error().is_some() || c.avps().count() > 0),
            Ok(_) => {}
        }
    }
}

#[test]
fn version_1_is_reported_as_l2f() {
    let l2f = [0xc8, 0x01, 0, 12, 0, 1, 0, 0, 0, 0, 0, 0];
    let e = Packet::parse(&l2f, Carrier::Udp).unwrap_err();
    assert_eq!(e.field(), pdukit_l2tp::field::name::L2F);
    assert!(e.to_string().contains("L2F"), "{e}");
}

#[test]
fn bbf_avps_dispatch_on_vendor_and_type() {
    // Type 1 under vendor 3561 is Agent-Circuit-Id, not a Result Code.
    let mut buf = [0u8; 128];
    let mut w = pdukit_l2tp::ControlWriter::v2(&mut buf, 1, 2, 0, 0).unwrap();
    w.message_type(MessageType::ICRQ)
        .unwrap()
        .avp(false, BBF, 1, b"eth 1/1/1:100")
        .unwrap()
        .value(
            false,
            &AvpValue::AccessLine {
                attr: pdukit_l2tp::BbfType::ACTUAL_RATE_UP,
                value: 1024,
            },
        )
        .unwrap()
        .avp(false, BBF, 144, &[1, 1, 0])
        .unwrap();
    let n = w.finish().unwrap();
    let p = Packet::parse(&buf[..n], Carrier::Udp).unwrap();
    let vals: Vec<AvpValue<'_>> = p
        .control()
        .unwrap()
        .avps()
        .skip(1)
        .map(|a| a.value().unwrap())
        .collect();
    assert_eq!(
        vals,
        [
            AvpValue::AgentCircuitId(b"eth 1/1/1:100"),
            AvpValue::AccessLine {
                attr: pdukit_l2tp::BbfType::ACTUAL_RATE_UP,
                value: 1024
            },
            AvpValue::AccessLoopEncapsulation {
                data_link: 1,
                encaps1: 1,
                encaps2: 0
            },
        ]
    );
    assert_eq!(p.control().unwrap().find(AvpType::RESULT_CODE), None);
}
