//! Known-answer tests written from published facts (X.690, RFC 2578, RFC 3416) with our own
//! code: integer and Counter64 extremes, OID arc limits under every root, long-form lengths,
//! rejected paddings, and the varbind iterator's error items.

use pdukit_snmp::field::name;
use pdukit_snmp::{Message, Oid, OidBuf, ParseError, Pdu, Value};

/// BER TLV.
fn tlv(t: u8, c: &[u8]) -> Vec<u8> {
    let mut v = vec![t];
    let n = c.len();
    if n < 128 {
        v.push(n as u8);
    } else {
        let b = n.to_be_bytes();
        let k = b.iter().position(|&x| x != 0).unwrap();
        v.push(0x80 | (8 - k) as u8);
        v.extend_from_slice(&b[k..]);
    }
    v.extend_from_slice(c);
    v
}

/// A v2c Response with `vbs` (name contents, value TLV).
fn response(vbs: &[(&[u8], Vec<u8>)]) -> Vec<u8> {
    let list: Vec<u8> = vbs
        .iter()
        .flat_map(|(n, v)| tlv(0x30, &[tlv(6, n), v.clone()].concat()))
        .collect();
    let pdu = [tlv(2, &[7]), tlv(2, &[0]), tlv(2, &[0]), tlv(0x30, &list)].concat();
    tlv(
        0x30,
        &[tlv(2, &[1]), tlv(4, b"public"), tlv(0xa2, &pdu)].concat(),
    )
}

fn values(m: &[u8]) -> Vec<Result<Value<'_>, ParseError>> {
    Message::parse(m)
        .unwrap()
        .pdu()
        .unwrap()
        .varbinds()
        .iter()
        .map(|v| v.map(|v| v.value))
        .collect()
}

#[test]
fn counter64_and_integer32_extremes() {
    let m = response(&[
        (&[0x2b, 6], tlv(0x46, &[0, 0x80, 0, 0, 0, 0, 0, 0, 0])),
        (
            &[0x2b, 6],
            tlv(0x46, &[0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ),
        (&[0x2b, 6], tlv(0x02, &[0xff])),
        (&[0x2b, 6], tlv(0x02, &[0xff, 0x00])),
        (&[0x2b, 6], tlv(0x02, &[0x80, 0, 0, 0])),
        (&[0x2b, 6], tlv(0x41, &[0, 0xff, 0xff, 0xff, 0xff])),
        (&[0x2b, 6], tlv(0x42, &[0xff, 0xff, 0xff, 0xff])),
    ]);
    assert_eq!(
        values(&m),
        [
            Ok(Value::Counter64(1 << 63)),
            Ok(Value::Counter64(u64::MAX)),
            Ok(Value::Integer(-1)),
            Ok(Value::Integer(-256)),
            Ok(Value::Integer(i32::MIN)),
            Ok(Value::Counter32(u32::MAX)),
            Ok(Value::Gauge32(u32::MAX)),
        ]
    );
    // Built back minimal: Counter64 of 2^63 is 46 09 00 80 00 ...
    let msg = Message::parse(&m).unwrap();
    let mut out = vec![0u8; msg.buffer_len()];
    msg.emit(&mut out).unwrap();
    assert!(out
        .windows(11)
        .any(|w| w == [0x46, 9, 0, 0x80, 0, 0, 0, 0, 0, 0, 0]));
    assert_eq!(out, m, "already minimal: emit gives the same bytes");
}

#[test]
fn oid_arc_limits_under_every_root() {
    // 2^32 - 1 as a later arc: 8F FF FF FF 7F; one past it: 90 80 80 80 00.
    for root in [0x06u8, 0x2b, 0x50] {
        let ok = [root, 0x8f, 0xff, 0xff, 0xff, 0x7f];
        let o = Oid::from_ber(&ok, 0).unwrap();
        assert_eq!(o.arcs().last(), Some(u32::MAX), "root byte {root:#x}");
        let over = [root, 0x90, 0x80, 0x80, 0x80, 0x00];
        assert!(Oid::from_ber(&over, 0).is_err(), "root byte {root:#x}");
    }
    // Under root 2 the first sub-identifier holds 80 + arc: 2.(2^32 - 1) is 90 80 80 80 4F,
    // 2.2^32 (... 50) is rejected.
    let top = Oid::from_ber(&[0x90, 0x80, 0x80, 0x80, 0x4f], 0).unwrap();
    assert_eq!(top.arcs().collect::<Vec<_>>(), [2, u32::MAX]);
    assert_eq!(top.to_string(), "2.4294967295");
    assert!(Oid::from_ber(&[0x90, 0x80, 0x80, 0x80, 0x50], 0).is_err());
    // 2.100 is first octet 180 (81 34), not "4.20".
    assert_eq!(
        Oid::from_ber(&[0x81, 0x34], 0).unwrap().to_string(),
        "2.100"
    );
    assert_eq!(
        OidBuf::from_arcs(&[2, 100]).unwrap().as_oid().as_ber(),
        [0x81, 0x34]
    );
}

#[test]
fn oid_paddings_truncations_and_sizes_are_rejected() {
    let err = |b: &[u8]| match Oid::from_ber(b, 10) {
        Err(ParseError::Invalid { field, offset, .. }) => {
            assert_eq!(field, name::OID);
            offset
        }
        other => panic!("{b:02x?}: {other:?}"),
    };
    assert_eq!(err(&[0x2b, 0x80, 0x01]), 11, "0x80 padding octet");
    assert_eq!(err(&[0x2b, 0x06, 0x81]), 12, "truncated last arc");
    assert_eq!(err(&[]), 10, "empty OID");
    // 128 sub-identifiers is the limit (the first holds two arcs).
    let mut ok = vec![0x2b];
    ok.extend(core::iter::repeat_n(1, 126));
    assert_eq!(Oid::from_ber(&ok, 0).unwrap().len(), 128);
    ok.push(1);
    assert!(Oid::from_ber(&ok, 0).is_err());
    // An 11-byte sub-identifier (zeek's snmp-oid-subidentifier-too-long) is an error, not UB.
    let mut long = vec![0x2b];
    long.extend([0xff; 10]);
    long.push(0x7f);
    err(&long);
    // Builders reject fewer than two arcs, X > 2, Y > 39 under 0 and 1.
    for bad in [&[1u32][..], &[3, 1], &[1, 40], &[0, 40]] {
        assert!(OidBuf::from_arcs(bad).is_err(), "{bad:?}");
    }
    assert!(OidBuf::from_arcs(&[2, 40]).is_ok());
    assert!("1.3.6.x".parse::<OidBuf>().is_err());
    assert_eq!(
        ".1.3.6.1.2.1.1.3.0".parse::<OidBuf>().unwrap().to_string(),
        "1.3.6.1.2.1.1.3.0"
    );
}

#[test]
fn long_form_lengths_are_read() {
    // An OCTET STRING of 128 bytes (81 80) and one of 256 (82 01 00) in one response.
    let m = response(&[
        (&[0x2b, 6], tlv(0x04, &[b'a'; 128])),
        (&[0x2b, 7], tlv(0x04, &[b'b'; 256])),
    ]);
    assert!(m.windows(3).any(|w| w == [0x04, 0x81, 0x80]));
    assert!(m.windows(4).any(|w| w == [0x04, 0x82, 0x01, 0x00]));
    let v = values(&m);
    assert_eq!(v[0], Ok(Value::OctetString(&[b'a'; 128])));
    assert_eq!(v[1], Ok(Value::OctetString(&[b'b'; 256])));
    // A non-minimal long form (82 00 05) is accepted.
    let mut nm = response(&[(&[0x2b, 6], vec![0x04, 0x82, 0x00, 0x05, 1, 2, 3, 4, 5])]);
    assert_eq!(values(&nm)[0], Ok(Value::OctetString(&[1, 2, 3, 4, 5])));
    // Trailing bytes after the message: an error in the strict parse, ignored by the lax one.
    nm.push(0);
    assert!(matches!(
        Message::parse(&nm),
        Err(ParseError::Invalid { field, .. }) if field == name::TRAILING
    ));
    assert!(Message::parse_lax(&nm).is_ok());
}

#[test]
fn one_bad_value_does_not_hide_the_rest() {
    // Middle varbind: an IpAddress of 3 octets. Exceptions are values, not the end.
    let m = response(&[
        (&[0x2b, 6], tlv(0x80, &[])),
        (&[0x2b, 6, 1], tlv(0x40, &[1, 2, 3])),
        (&[0x2b, 6, 2], tlv(0x82, &[])),
        (&[0x2b, 6, 3], tlv(0x24, &[0x04, 0x01, b'x'])),
        (&[0x2b, 6, 4], tlv(0x05, &[])),
    ]);
    let v = values(&m);
    assert_eq!(v.len(), 5);
    assert_eq!(v[0], Ok(Value::NoSuchObject));
    assert_eq!(
        v[1],
        Err(ParseError::Invalid {
            field: name::IP_ADDRESS,
            // 2 message header + 3 version + 8 community + 2 PDU header + 9 integers + 2 list
            // header + 8 first varbind + 2 varbind header + 5 OID = 41.
            offset: 41,
            found: 3,
            expected: pdukit_snmp::Expected::Value(4)
        })
    );
    assert_eq!(v[2], Ok(Value::EndOfMibView));
    assert!(
        matches!(v[3], Err(ParseError::Invalid { field, found: 0x24, .. }) if field == name::VALUE),
        "a constructed OCTET STRING is invalid: {:?}",
        v[3]
    );
    assert_eq!(v[4], Ok(Value::Null));
}

#[test]
fn indefinite_and_reserved_lengths_are_errors_with_offsets() {
    for (first, bytes) in [
        (0x80u8, [0x30u8, 0x80, 2, 1, 0, 0, 0]),
        (0xff, [0x30, 0xff, 2, 1, 0, 0, 0]),
    ] {
        assert_eq!(
            Message::parse(&bytes),
            Err(ParseError::Invalid {
                field: name::LENGTH,
                offset: 1,
                found: u32::from(first),
                expected: match first {
                    0x80 => pdukit_snmp::Expected::Text(
                        "a definite length (the indefinite form is not allowed)"
                    ),
                    _ => pdukit_snmp::Expected::Text("not 0xFF (reserved by X.690)"),
                }
            })
        );
    }
}

#[test]
fn get_bulk_negative_counts_strict_and_lax() {
    let pdu = [
        tlv(2, &[1]),
        tlv(2, &[0xff]),
        tlv(2, &[0xfe]),
        tlv(0x30, &[]),
    ]
    .concat();
    let m = tlv(0x30, &[tlv(2, &[1]), tlv(4, b""), tlv(0xa5, &pdu)].concat());
    assert!(matches!(
        Message::parse(&m),
        Err(ParseError::Invalid { field, found, .. }) if field == name::NON_REPEATERS && found == u32::MAX
    ));
    let Ok(Message::Community {
        pdu: Pdu::GetBulk(b),
        ..
    }) = Message::parse_lax(&m)
    else {
        panic!()
    };
    assert_eq!((b.non_repeaters, b.max_repetitions), (0, 0));
}

#[test]
fn v3_header_decoded_and_encrypted_pdu_reported() {
    // msgID 7, max 65507, flags 07 (auth, priv, reportable), USM, encrypted scoped PDU.
    let global = [
        tlv(2, &[7]),
        tlv(2, &[0x00, 0xff, 0xe3]),
        tlv(4, &[7]),
        tlv(2, &[3]),
    ]
    .concat();
    let m = tlv(
        0x30,
        &[
            tlv(2, &[3]),
            tlv(0x30, &global),
            tlv(4, b"usm"),
            tlv(4, &[0xde, 0xad]),
        ]
        .concat(),
    );
    let Ok(Message::V3(v3)) = Message::parse(&m) else {
        panic!()
    };
    assert_eq!(
        (v3.msg_id, v3.max_size, v3.flags, v3.security_model),
        (7, 65507, 7, 3)
    );
    let e = v3.pdu().unwrap_err();
    assert!(e.to_string().contains("v3 security not supported"), "{e}");
}
