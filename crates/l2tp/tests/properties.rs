//! Property tests: built messages parse back to what was built and build back to the same
//! bytes; arbitrary and mutated bytes never panic (the fuzz checks); sequence numbers compare
//! modulo 2^16.

mod common {
    pub mod fuzz_checks;
}

use core::cmp::Ordering;

use pdukit_l2tp::{
    seq_cmp, AvpValue, CallErrors, Carrier, ControlWriter, DataV2, MessageType, Packet, Padding,
    ResultCode, BBF,
};
use proptest::prelude::*;

/// A typed value from a few raw parts (every variant with a fixed layout is reachable).
fn typed<'a>(k: u8, n: u64, b: &'a [u8]) -> AvpValue<'a> {
    use AvpValue as V;
    let (n16, n32) = (n as u16, n as u32);
    match k % 40 {
        0 => V::MessageType(MessageType(n16)),
        1 => V::ResultCode(ResultCode {
            result: n16,
            error: None,
            message: b"",
        }),
        2 => V::ResultCode(ResultCode {
            result: n16,
            error: Some(n16 ^ 3),
            message: b,
        }),
        3 => V::ProtocolVersion {
            version: n as u8,
            revision: (n >> 8) as u8,
        },
        4 => V::FramingCapabilities(n32),
        5 => V::TieBreaker(n),
        6 => V::HostName(b),
        7 => V::AssignedTunnelId(n16),
        8 => V::Challenge(b),
        9 => V::Q931Cause {
            cause: n16,
            message: 4,
            advisory: b,
        },
        10 => V::ChallengeResponse([n as u8; 16]),
        11 => V::AssignedSessionId(n16),
        12 => V::CallSerialNumber(n32),
        13 => V::TxConnectSpeed(n32),
        14 => V::CallErrors(CallErrors {
            crc_errors: n32,
            alignment_errors: 7,
            ..Default::default()
        }),
        15 => V::Accm {
            reserved: 0,
            send: n32,
            receive: !n32,
        },
        16 => V::RandomVector(b),
        17 => V::SequencingRequired,
        18 => V::PppDisconnectCause {
            code: n16,
            protocol: 0xc021,
            direction: 1,
            message: b,
        },
        19 => V::RouterId(n32),
        20 => V::AssignedControlConnectionId(n32),
        21 => V::LocalSessionId(n32),
        22 => V::RemoteSessionId(n32),
        23 => V::AssignedCookie(b),
        24 => V::PseudowireType(n16),
        25 => V::CircuitStatus(n16),
        26 => V::TxConnectSpeedV3(n),
        27 => V::RxConnectSpeedV3(n),
        28 => V::AgentCircuitId(b),
        29 => V::AgentRemoteId(b),
        30 => V::AccessLine {
            attr: pdukit_l2tp::BbfType(129 + (n16 % 14)),
            value: n32,
        },
        31 => V::AccessLoopEncapsulation {
            data_link: 1,
            encaps1: n as u8,
            encaps2: 2,
        },
        32 => V::MessageDigest {
            digest_type: 0,
            digest: b,
        },
        33 => V::ProxyAuthenId(n16),
        34 => V::FirmwareRevision(n16),
        35 => V::BearerType(n32),
        36 => V::FramingType(n32),
        37 => V::RxConnectSpeed(n32),
        38 => V::Nonce(b),
        _ => V::Other {
            vendor_id: 9 + (n16 % 100),
            attr_type: n16,
            value: b,
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn typed_avps_round_trip(
        v3 in any::<bool>(),
        ip in any::<bool>(),
        ids in any::<(u32, u16, u16, u16)>(),
        avps in proptest::collection::vec((any::<u8>(), any::<u64>(), proptest::collection::vec(any::<u8>(), 0..40), any::<bool>()), 0..12),
        hide in proptest::option::of((proptest::collection::vec(any::<u8>(), 0..60), 0usize..3, proptest::collection::vec(any::<u8>(), 1..20))),
    ) {
        let mut buf = vec![0u8; 4096];
        let carrier = if ip { Carrier::Ip } else { Carrier::Udp };
        let (tid, sid, ns, nr) = ids;
        let mut w = if v3 {
            ControlWriter::v3(&mut buf, carrier, tid, ns, nr).unwrap()
        } else {
            ControlWriter::v2(&mut buf, tid as u16, sid, ns, nr).unwrap()
        };
        w.message_type(MessageType::ICRQ).unwrap();
        let values: Vec<(AvpValue<'_>, bool)> = avps.iter().map(|(k, n, b, m)| (typed(*k, *n, b), *m)).collect();
        for (v, m) in &values {
            w.value(*m, v).unwrap();
        }
        if let Some((value, pad, secret)) = &hide {
            w.value(true, &AvpValue::RandomVector(&[1, 2, 3, 4])).unwrap();
            let padding = match pad { 0 => Padding::None, 1 => Padding::Block, _ => Padding::Bytes(&value[..value.len() / 2]) };
            w.hidden(false, 0, 22, value, secret, padding).unwrap();
        }
        let n = w.finish().unwrap();
        if v3 || !ip {
            let p = Packet::parse(&buf[..n], if v3 { carrier } else { Carrier::Udp }).unwrap();
            let c = p.control().unwrap();
            prop_assert_eq!(c.message_type(), Some(MessageType::ICRQ));
            let got: Vec<AvpValue<'_>> = c.avps().skip(1).take(values.len()).map(|a| a.value().unwrap()).collect();
            let want: Vec<AvpValue<'_>> = values.iter().map(|(v, _)| *v).collect();
            prop_assert_eq!(got, want);
            if let Some((value, _, secret)) = &hide {
                let a = c.avps().last().unwrap();
                let mut out = [0u8; pdukit_l2tp::field::AVP_MAX_VALUE];
                prop_assert_eq!(a.reveal(secret, &mut out).unwrap(), AvpValue::CallingNumber(value));
            }
            common::fuzz_checks::round_trip(&buf[..n]);
        }
    }

    #[test]
    fn data_v2_round_trips(
        bits in any::<u16>(),
        length in any::<bool>(),
        seq in proptest::option::of(any::<(u16, u16)>()),
        offset in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..8)),
        ids in any::<(u16, u16)>(),
        payload in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let d = DataV2 {
            bits: bits & 0x0100, // P kept; the rest follows the fields
            length: length.then_some(0),
            tunnel_id: ids.0,
            session_id: ids.1,
            sequence: seq,
            offset: offset.as_ref().map(|p| (p.len() as u16, &p[..])),
            payload: &payload,
            trailer: &[],
        };
        let mut buf = vec![0u8; d.buffer_len()];
        let n = d.emit(&mut buf).unwrap();
        prop_assert_eq!(n, buf.len());
        let Packet::DataV2(back) = Packet::parse(&buf, Carrier::Udp).unwrap() else { panic!("data") };
        prop_assert_eq!(back.payload, &payload[..]);
        prop_assert_eq!(back.sequence, seq);
        prop_assert_eq!((back.tunnel_id, back.session_id), ids);
        prop_assert_eq!(back.length.is_some(), length);
        common::fuzz_checks::round_trip(&buf);
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        common::fuzz_checks::parse(&data);
        common::fuzz_checks::round_trip(&data);
    }

    #[test]
    fn mutated_messages_never_panic(at in any::<prop::sample::Index>(), x in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let mut buf = [0u8; 256];
        let mut w = ControlWriter::v2(&mut buf, 7, 0, 1, 2).unwrap();
        w.message_type(MessageType::STOPCCN).unwrap()
            .value(true, &AvpValue::RandomVector(&[9; 16])).unwrap()
            .value(true, &AvpValue::AssignedTunnelId(5)).unwrap()
            .hidden(true, 0, 1, &[0, 2, 0, 6, b'h', b'i'], b"s", Padding::Block).unwrap()
            .avp(false, BBF, 1, b"circuit").unwrap();
        let n = w.finish().unwrap();
        let mut m = buf[..n].to_vec();
        let i = at.index(n);
        m[i] ^= x;
        m.truncate(cut.index(n + 1).max(1));
        common::fuzz_checks::parse(&m);
        common::fuzz_checks::round_trip(&m);
    }

    #[test]
    fn sequence_numbers_compare_modulo_2_16(a in any::<u16>(), d in 1u16..0x8000) {
        prop_assert_eq!(seq_cmp(a, a.wrapping_add(d)), Ordering::Less);
        prop_assert_eq!(seq_cmp(a.wrapping_add(d), a), Ordering::Greater);
        prop_assert_eq!(seq_cmp(a, a), Ordering::Equal);
    }
}

#[test]
fn sequence_wraps() {
    assert_eq!(seq_cmp(65535, 0), Ordering::Less, "0 follows 65535");
    assert_eq!(seq_cmp(0, 65535), Ordering::Greater);
    assert_eq!(seq_cmp(100, 99), Ordering::Greater);
}
