//! The rules on single control messages: Message Type first and not hidden, mandatory AVPs per
//! message (v2 and v3), unknown M=1 AVPs (tunnel or session torn down) and M=0 ones skipped,
//! result and error codes in range, reserved bits, bad value lengths.

use pdukit_l2tp::{
    check, AvpType, AvpValue, Carrier, ControlWriter, MessageType, Packet, ResultCode, Teardown,
    Violation,
};

fn build(f: impl FnOnce(&mut ControlWriter<'_>)) -> Vec<u8> {
    let mut buf = vec![0u8; 512];
    let mut w = ControlWriter::v2(&mut buf, 1, 0, 0, 0).unwrap();
    f(&mut w);
    let n = w.finish().unwrap();
    buf.truncate(n);
    buf
}

fn violations(m: &[u8]) -> Vec<Violation> {
    let p = Packet::parse_lax(m, Carrier::Udp).unwrap();
    check(p.control().unwrap()).iter().collect()
}

fn sccrq(w: &mut ControlWriter<'_>) {
    w.message_type(MessageType::SCCRQ)
        .unwrap()
        .value(
            true,
            &AvpValue::ProtocolVersion {
                version: 1,
                revision: 0,
            },
        )
        .unwrap()
        .value(true, &AvpValue::HostName(b"lac"))
        .unwrap()
        .value(true, &AvpValue::FramingCapabilities(3))
        .unwrap()
        .value(true, &AvpValue::AssignedTunnelId(9))
        .unwrap();
}

#[test]
fn a_complete_sccrq_passes_and_each_missing_avp_is_named() {
    assert!(violations(&build(sccrq)).is_empty());
    let m = build(|w| {
        w.message_type(MessageType::SCCRQ)
            .unwrap()
            .value(true, &AvpValue::HostName(b"x"))
            .unwrap();
    });
    let v = violations(&m);
    for t in [
        AvpType::PROTOCOL_VERSION,
        AvpType::FRAMING_CAPABILITIES,
        AvpType::ASSIGNED_TUNNEL_ID,
    ] {
        assert!(
            v.contains(&Violation::MissingAvp {
                message: MessageType::SCCRQ,
                avp: t
            }),
            "{v:?}"
        );
    }
    assert_eq!(v.len(), 3);
}

#[test]
fn mandatory_avps_of_each_message() {
    use MessageType as M;
    for (m, want) in [
        (M::STOPCCN, 2),
        (M::ICRQ, 2),
        (M::ICCN, 2),
        (M::CDN, 2),
        (M::WEN, 1),
        (M::SLI, 1),
        (M::HELLO, 0),
        (M::SCCCN, 0),
    ] {
        let msg = build(|w| {
            w.message_type(m).unwrap();
        });
        assert_eq!(violations(&msg).len(), want, "{m}");
    }
    let v3 = pdukit_l2tp::rules::mandatory_avps(M::SCCRQ, 3);
    assert!(v3.contains(&AvpType::ROUTER_ID) && v3.contains(&AvpType::PSEUDOWIRE_CAPABILITIES));
}

#[test]
fn message_type_must_come_first_unhidden_and_mandatory() {
    let m = build(|w| {
        w.value(true, &AvpValue::HostName(b"x")).unwrap();
        w.message_type(MessageType::HELLO).unwrap();
    });
    assert_eq!(violations(&m), [Violation::NoMessageType]);
    let m = build(|w| {
        w.value(false, &AvpValue::MessageType(MessageType::HELLO))
            .unwrap();
    });
    assert_eq!(
        violations(&m),
        [Violation::MessageTypeFlags {
            mandatory: false,
            hidden: false
        }]
    );
}

#[test]
fn unknown_avps_with_m_tear_down_without_m_are_skipped() {
    let m = build(|w| {
        w.message_type(MessageType::HELLO).unwrap();
        w.avp(false, 0, 200, b"skip me").unwrap();
        w.avp(true, 0, 201, b"tear down").unwrap();
        w.avp(true, 4491, 7, b"vendor").unwrap();
    });
    let v = violations(&m);
    assert_eq!(v.len(), 2, "{v:?}");
    assert!(
        matches!(
            v[0],
            Violation::UnknownMandatory {
                attr_type: 201,
                teardown: Teardown::Tunnel,
                vendor_id: 0,
                offset: 33
            }
        ),
        "{v:?}"
    );
    assert!(matches!(
        v[1],
        Violation::UnknownMandatory {
            vendor_id: 4491,
            teardown: Teardown::Tunnel,
            ..
        }
    ));
    let m = build(|w| {
        w.message_type(MessageType::ICCN)
            .unwrap()
            .value(true, &AvpValue::TxConnectSpeed(1))
            .unwrap()
            .value(true, &AvpValue::FramingType(1))
            .unwrap();
        w.avp(true, 0, 201, b"").unwrap();
    });
    assert!(matches!(
        violations(&m)[..],
        [Violation::UnknownMandatory {
            teardown: Teardown::Session,
            ..
        }]
    ));
}

#[test]
fn result_and_error_codes_are_checked_against_their_message() {
    let stop = |result, error| {
        build(|w| {
            w.message_type(MessageType::STOPCCN)
                .unwrap()
                .value(true, &AvpValue::AssignedTunnelId(1))
                .unwrap()
                .value(
                    true,
                    &AvpValue::ResultCode(ResultCode {
                        result,
                        error,
                        message: b"",
                    }),
                )
                .unwrap();
        })
    };
    assert!(violations(&stop(7, Some(8))).is_empty());
    assert_eq!(
        violations(&stop(8, None)),
        [Violation::ResultCodeOutOfRange {
            message: MessageType::STOPCCN,
            result: 8
        }]
    );
    assert_eq!(
        violations(&stop(2, Some(9))),
        [Violation::ErrorCodeOutOfRange { error: 9 }]
    );
    let cdn = |result| {
        build(|w| {
            w.message_type(MessageType::CDN)
                .unwrap()
                .value(true, &AvpValue::AssignedSessionId(1))
                .unwrap()
                .value(
                    true,
                    &AvpValue::ResultCode(ResultCode {
                        result,
                        error: None,
                        message: b"",
                    }),
                )
                .unwrap();
        })
    };
    assert!(violations(&cdn(11)).is_empty());
    assert_eq!(violations(&cdn(12)).len(), 1);
}

#[test]
fn an_8_byte_result_code_is_valid_and_a_message_needs_an_error_code() {
    let m = build(|w| {
        w.message_type(MessageType::STOPCCN)
            .unwrap()
            .value(true, &AvpValue::AssignedTunnelId(1))
            .unwrap();
        w.avp(true, 0, 1, &[0, 1]).unwrap();
    });
    let p = Packet::parse(&m, Carrier::Udp).unwrap();
    let rc = p.control().unwrap().find(AvpType::RESULT_CODE).unwrap();
    assert_eq!(rc.wire_len(), 8);
    assert_eq!(
        rc.value().unwrap(),
        AvpValue::ResultCode(ResultCode {
            result: 1,
            error: None,
            message: b""
        })
    );
    let mut buf = [0u8; 64];
    let mut w = ControlWriter::v2(&mut buf, 1, 0, 0, 0).unwrap();
    let e = w.value(
        true,
        &AvpValue::ResultCode(ResultCode {
            result: 2,
            error: None,
            message: b"why",
        }),
    );
    assert!(e.is_err());
    // A 3-byte Result Code is a bad value, named with its offset.
    let m = build(|w| {
        w.message_type(MessageType::STOPCCN)
            .unwrap()
            .value(true, &AvpValue::AssignedTunnelId(1))
            .unwrap();
        w.avp(true, 0, 1, &[0, 1, 2]).unwrap();
    });
    let v = violations(&m);
    assert!(
        matches!(v[..], [Violation::BadValue(e)] if e.offset() == 28 + 6),
        "{v:?}"
    );
}

#[test]
fn reserved_avp_bits_are_an_error_strictly_and_reported_laxly() {
    let mut m = build(|w| {
        w.message_type(MessageType::HELLO).unwrap();
    });
    m[12] |= 0x04; // a reserved bit of the Message Type AVP
    let e = Packet::parse(&m, Carrier::Udp).unwrap_err();
    assert_eq!(
        (e.field(), e.offset()),
        (pdukit_l2tp::field::name::AVP_RESERVED, 12)
    );
    let v = violations(&m);
    assert_eq!(v, [Violation::ReservedBits { offset: 12 }]);
}

#[test]
fn avps_that_do_not_fit_keep_the_ones_before_in_the_lax_view() {
    let mut m = build(|w| {
        w.message_type(MessageType::HELLO).unwrap();
        w.avp(false, 0, 200, b"abcd").unwrap();
    });
    // Second AVP claims 40 bytes.
    m[20..22].copy_from_slice(&40u16.to_be_bytes());
    let e = Packet::parse(&m, Carrier::Udp).unwrap_err();
    assert_eq!(
        (e.offset(), e.field()),
        (20, pdukit_l2tp::field::name::AVP_LENGTH)
    );
    let p = Packet::parse_lax(&m, Carrier::Udp).unwrap();
    let c = p.control().unwrap();
    assert_eq!(c.avps().count(), 1);
    assert_eq!(c.message_type(), Some(MessageType::HELLO));
    assert_eq!(c.avp_error().unwrap().offset(), 20);
    // An AVP shorter than its header: an error at its offset, never a loop.
    m[20..22].copy_from_slice(&3u16.to_be_bytes());
    let e = Packet::parse(&m, Carrier::Udp).unwrap_err();
    assert_eq!(e.offset(), 20);
}

#[test]
fn stop_ccn_and_cdn_carry_the_chosen_codes_and_pass_the_rules() {
    let rc = ResultCode {
        result: 2,
        error: Some(6),
        message: b"vendor says no",
    };
    let mut buf = [0u8; 128];
    let n = pdukit_l2tp::stop_ccn(&mut buf, 7, (0, 1), 9, rc).unwrap();
    let p = Packet::parse(&buf[..n], Carrier::Udp).unwrap();
    let c = p.control().unwrap();
    assert_eq!(c.message_type(), Some(MessageType::STOPCCN));
    assert_eq!(
        c.value(AvpType::RESULT_CODE),
        Some(AvpValue::ResultCode(rc))
    );
    assert_eq!(
        c.value(AvpType::ASSIGNED_TUNNEL_ID),
        Some(AvpValue::AssignedTunnelId(9))
    );
    assert_eq!((c.header.tunnel_id, c.header.sequence), (7, Some((0, 1))));
    assert!(check(c).is_empty());
    let rc = ResultCode {
        result: 11,
        error: Some(0),
        message: b"",
    };
    let n = pdukit_l2tp::cdn(&mut buf, (7, 33), (4, 5), 44, rc).unwrap();
    let p = Packet::parse(&buf[..n], Carrier::Udp).unwrap();
    let c = p.control().unwrap();
    assert_eq!(c.message_type(), Some(MessageType::CDN));
    assert_eq!(c.header.session_id, Some(33));
    assert_eq!(
        c.value(AvpType::RESULT_CODE),
        Some(AvpValue::ResultCode(rc))
    );
    assert!(check(c).is_empty());
}

/// More violations than the list keeps: the first 16 in order, the rest counted, none lost
/// silently.
#[test]
fn violations_past_the_list_capacity_are_counted() {
    let m = build(|w| {
        w.message_type(MessageType::HELLO).unwrap();
        for t in 200..220u16 {
            w.avp(true, 0, t, b"x").unwrap();
        }
    });
    let p = Packet::parse_lax(&m, Carrier::Udp).unwrap();
    let v = check(p.control().unwrap());
    assert_eq!((v.len(), v.dropped()), (16, 4));
    let kept: Vec<u16> = v
        .iter()
        .map(|x| match x {
            Violation::UnknownMandatory { attr_type, .. } => attr_type,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kept, (200..216).collect::<Vec<_>>());
}
