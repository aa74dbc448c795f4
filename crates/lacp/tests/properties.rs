//! Properties and 802.1AX cases: round trips (v1, v2 with TLVs, long PDUs, Marker and Marker
//! Response), parse never panics, TLV lengths 0/1 never loop, the state Display, and every
//! diagnosis the LAG story needs.

mod common {
    pub mod fuzz_checks;
}

use pdukit_lacp::{
    field::name, Diagnosis, Expected, Finding, Lacpdu, Marker, NotBundled, ParseError, PortInfo,
    State, TlvType, TlvWriter,
};
use proptest::prelude::*;

fn info() -> impl Strategy<Value = PortInfo> {
    (
        any::<u16>(),
        any::<[u8; 6]>(),
        any::<u16>(),
        any::<u16>(),
        any::<u16>(),
        any::<u8>(),
    )
        .prop_map(
            |(system_priority, system, key, port_priority, port, s)| PortInfo {
                system_priority,
                system,
                key,
                port_priority,
                port,
                state: State(s),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        common::fuzz_checks::parse(&data);
        common::fuzz_checks::round_trip(&data);
    }

    #[test]
    fn mutated_pdus_never_panic(a in info(), p in info(), at in 0usize..110, v: u8) {
        let mut b = [0u8; 110];
        Lacpdu::v1(a, p, 5).emit(&mut b).unwrap();
        b[at] = v;
        common::fuzz_checks::parse(&b);
        common::fuzz_checks::round_trip(&b);
    }

    #[test]
    fn v1_round_trips_in_110_bytes(a in info(), p in info(), delay: u16) {
        let pdu = Lacpdu::v1(a, p, delay);
        let mut b = [0xffu8; 110];
        prop_assert_eq!(pdu.emit(&mut b), Ok(110));
        prop_assert_eq!(Lacpdu::parse(&b), Ok(pdu));
        prop_assert!(b[19..22].iter().chain(&b[39..42]).chain(&b[46..58]).chain(&b[58..]).all(|&x| x == 0), "reserved bytes and terminator are zero");
    }

    #[test]
    fn v2_tlvs_round_trip_and_long_pdus_grow(
        a in info(), p in info(), algo: [u8; 4], masks in 0usize..4, unknown in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let mut tlvs = vec![0u8; 600];
        let mut w = TlvWriter::new(&mut tlvs);
        w.tlv(TlvType::PORT_ALGORITHM, &algo).unwrap();
        for m in 0..masks {
            w.tlv(TlvType(TlvType::PORT_CONVERSATION_MASK_1.0 + m as u8), &[0x5a; 128]).unwrap();
        }
        w.tlv(TlvType(0x7f), &unknown).unwrap(); // a later version's TLV
        let n = w.finish();
        let pdu = Lacpdu::with_tlvs(2, a, p, 0, &tlvs[..n]).unwrap();
        let mut b = vec![0u8; pdu.buffer_len()];
        let len = pdu.emit(&mut b).unwrap();
        prop_assert_eq!(len, (58 + n + 2).max(110));
        let back = Lacpdu::parse(&b).unwrap();
        prop_assert_eq!(back, pdu);
        let types: Vec<TlvType> = back.extra_tlvs().map(|t| t.tlv_type).collect();
        prop_assert_eq!(types.len(), masks + 2);
        prop_assert_eq!(types[0], TlvType::PORT_ALGORITHM);
        prop_assert_eq!(back.extra_tlvs().next().unwrap().value, &algo[..]);
    }

    #[test]
    fn marker_round_trips(response: bool, port: u16, sys: [u8; 6], tx: u32) {
        let m = Marker { version: 1, response, requester_port: port, requester_system: sys, requester_transaction_id: tx };
        let mut b = [0xffu8; 110];
        prop_assert_eq!(m.emit(&mut b), Ok(110));
        prop_assert_eq!(Marker::parse(&b), Ok(m));
        prop_assert_eq!(b[2], if response { 2 } else { 1 });
        prop_assert!(b[16..].iter().all(|&x| x == 0));
    }
}

fn pdu_bytes(a: PortInfo, p: PortInfo) -> [u8; 110] {
    let mut b = [0u8; 110];
    Lacpdu::v1(a, p, 0).emit(&mut b).unwrap();
    b
}

#[test]
fn tlv_lengths_0_and_1_are_errors_not_loops() {
    let mut b = [0u8; 110];
    Lacpdu::v1(PortInfo::default(), PortInfo::default(), 0)
        .emit(&mut b)
        .unwrap();
    b[1] = 2;
    for len in [0u8, 1] {
        b[58] = TlvType::PORT_ALGORITHM.0;
        b[59] = len;
        assert_eq!(
            Lacpdu::parse(&b),
            Err(ParseError::BadLength {
                field: name::TLV_LENGTH,
                offset: 59,
                declared: len.into(),
                available: 52
            })
        );
        // The lax view still reads the fixed fields.
        assert!(Lacpdu::parse_lax(&b).is_ok());
    }
}

#[test]
fn wrong_fixed_tlvs_are_reported_with_offsets() {
    let mut b = pdu_bytes(PortInfo::default(), PortInfo::default());
    b[23] = 21;
    assert_eq!(
        Lacpdu::parse(&b),
        Err(ParseError::Invalid {
            field: name::TLV_LENGTH,
            offset: 23,
            found: 21,
            expected: Expected::Value(20)
        })
    );
    let b = pdu_bytes(PortInfo::default(), PortInfo::default());
    assert!(matches!(
        Lacpdu::parse(&b[..59]),
        Err(ParseError::Truncated {
            offset: 0,
            needed: 60,
            ..
        })
    ));
    // A runt that ends right after the terminator is fine; trailing vendor data is ignored.
    assert!(Lacpdu::parse(&b[..60]).is_ok());
    let mut long = b.to_vec();
    long.extend_from_slice(b"HP IRF MAD trailer");
    assert!(Lacpdu::parse(&long).is_ok());
}

#[test]
fn state_display_matches_switch_cli_form() {
    assert_eq!(State(0x3d).to_string(), "A-GSCD-- (0x3d)");
    assert_eq!(State(0x3f).to_string(), "ATGSCD-- (0x3f)");
    assert_eq!(State(0x47).to_string(), "ATG---F- (0x47)");
    assert!(State(0x3d).bundled() && !State(0x3d).short_timeout());
    assert!(State(0x3f).short_timeout());
    assert_eq!(
        State(0xc0).names().collect::<Vec<_>>(),
        ["Defaulted", "Expired"]
    );
}

const A: [u8; 6] = [2, 0, 0, 0, 0xa, 0];
const B: [u8; 6] = [2, 0, 0, 0, 0xb, 0];
const C: [u8; 6] = [2, 0, 0, 0, 0xc, 0];

fn port(system: [u8; 6], key: u16, port: u16, state: u8) -> PortInfo {
    PortInfo {
        system_priority: 0x8000,
        system,
        key,
        port_priority: 0x8000,
        port,
        state: State(state),
    }
}

/// Observes, on `link`, our PDU (actor `ours`, partner `theirs`) and theirs (mirrored).
fn both(d: &mut Diagnosis, link: usize, ours: PortInfo, theirs: PortInfo) {
    d.observe(link, &Lacpdu::v1(ours, theirs, 0)).unwrap();
    d.observe(link, &Lacpdu::v1(theirs, ours, 0)).unwrap();
}

fn findings(d: &Diagnosis) -> Vec<Finding> {
    d.findings().iter().collect()
}

#[test]
fn diagnosis_bundled_lag() {
    let mut d = Diagnosis::new(None);
    both(&mut d, 0, port(A, 1, 1, 0x3d), port(B, 9, 11, 0x3d));
    both(&mut d, 1, port(A, 1, 2, 0x3d), port(B, 9, 12, 0x3d));
    assert_eq!(
        findings(&d),
        [Finding::Bundled { link: 0 }, Finding::Bundled { link: 1 }]
    );
    assert!(d.all_bundled());
}

#[test]
fn diagnosis_split_crossed_looped() {
    // Split: link 1 reaches system C.
    let mut d = Diagnosis::new(None);
    both(&mut d, 0, port(A, 1, 1, 0x3d), port(B, 9, 11, 0x3d));
    both(&mut d, 1, port(A, 1, 2, 0x3d), port(C, 9, 12, 0x3d));
    let f = findings(&d);
    assert!(
        f.iter().any(
            |x| matches!(x, Finding::SplitLag { a: 0, b: 1, system_b, .. } if system_b.mac == C)
        ),
        "{f:?}"
    );
    assert!(f
        .last()
        .unwrap()
        .to_string()
        .starts_with("split LAG: link 0 reaches partner 8000,02-00-00-00-0b-00"));
    // Crossed: same system, key 10 on link 1.
    let mut d = Diagnosis::new(None);
    both(&mut d, 0, port(A, 1, 1, 0x3d), port(B, 9, 11, 0x3d));
    both(&mut d, 1, port(A, 1, 2, 0x3d), port(B, 10, 12, 0x3d));
    assert!(findings(&d).contains(&Finding::CrossedLag {
        a: 0,
        b: 1,
        key_a: 9,
        key_b: 10
    }));
    // Looped: our PDU comes back as our partner.
    let mut d = Diagnosis::new(None);
    let me = port(A, 1, 1, 0x3d);
    d.observe(0, &Lacpdu::v1(me, port(A, 1, 2, 0x3d), 0))
        .unwrap();
    // One finding per cause: looped, and nothing else about that link.
    assert_eq!(findings(&d), [Finding::LoopedLag { link: 0 }]);
}

#[test]
fn diagnosis_member_faults() {
    let me = port(A, 1, 1, 0x3d);
    // One-way: the partner's PDU shows a defaulted/zero partner, not us.
    let mut d = Diagnosis::new(Some(me.system_id()));
    d.observe(0, &Lacpdu::v1(me, port(B, 9, 11, 0x0d), 0))
        .unwrap();
    d.observe(0, &Lacpdu::v1(port(B, 9, 11, 0x45), PortInfo::default(), 0))
        .unwrap();
    let f = findings(&d);
    assert!(f.contains(&Finding::OneWay { link: 0 }), "{f:?}");
    assert!(
        f.contains(&Finding::NotBundled {
            link: 0,
            why: NotBundled::NotInSync { ours: false }
        }),
        "{f:?}"
    );
    // Timeout mismatch: we are fast (0x3f), they are slow (0x3d).
    let mut d = Diagnosis::new(None);
    both(&mut d, 0, port(A, 1, 1, 0x3f), port(B, 9, 11, 0x3d));
    assert!(findings(&d).contains(&Finding::TimeoutMismatch {
        link: 0,
        ours_short: true
    }));
    // Defaulted and expired (ours), and no partner PDUs at all.
    for (state, why) in [(0x7d, NotBundled::Defaulted), (0xbd, NotBundled::Expired)] {
        let mut d = Diagnosis::new(None);
        both(&mut d, 0, port(A, 1, 1, state), port(B, 9, 11, 0x3d));
        assert!(
            findings(&d).contains(&Finding::NotBundled { link: 0, why }),
            "{state:#x}"
        );
    }
    let mut d = Diagnosis::new(None);
    d.observe(0, &Lacpdu::v1(port(A, 1, 1, 0x47), PortInfo::default(), 0))
        .unwrap();
    assert_eq!(
        findings(&d),
        [Finding::NotBundled {
            link: 0,
            why: NotBundled::NoPartnerPdus
        }]
    );
    // Individual partner; partner collecting but not distributing.
    let mut d = Diagnosis::new(None);
    both(&mut d, 0, port(A, 1, 1, 0x3d), port(B, 9, 11, 0x39));
    assert!(findings(&d).contains(&Finding::NotBundled {
        link: 0,
        why: NotBundled::Individual { ours: false }
    }));
    let mut d = Diagnosis::new(None);
    both(&mut d, 0, port(A, 1, 1, 0x3d), port(B, 9, 11, 0x1d));
    assert!(findings(&d).contains(&Finding::NotBundled {
        link: 0,
        why: NotBundled::NotDistributing { ours: false }
    }));
    // Out-of-range link index is an error.
    assert!(Diagnosis::new(None)
        .observe(99, &Lacpdu::v1(me, me, 0))
        .is_err());
}

#[test]
fn v2_tlvs_decode_typed() {
    use pdukit_lacp::V2Tlv;
    let mut t = vec![0u8; 600];
    let mut d = vec![0u8, 7];
    d.extend_from_slice(&[0xab; 16]);
    let mut m1 = vec![0x05u8];
    m1.extend_from_slice(&[0xf0; 128]);
    let mut w = TlvWriter::new(&mut t);
    w.tlv(TlvType::PORT_ALGORITHM, &[0x00, 0x80, 0xc2, 1])
        .unwrap()
        .tlv(TlvType::PORT_CONVERSATION_ID_DIGEST, &d)
        .unwrap()
        .tlv(TlvType::PORT_CONVERSATION_MASK_1, &m1)
        .unwrap()
        .tlv(TlvType::PORT_CONVERSATION_MASK_3, &[0x0f; 128])
        .unwrap()
        .tlv(TlvType::PORT_CONVERSATION_SERVICE_MAPPING, &[0xcd; 16])
        .unwrap()
        .tlv(TlvType::PORT_ALGORITHM, &[1, 2]) // wrong length: raw only
        .unwrap();
    let n = w.finish();
    let me = PortInfo::default();
    let pdu = Lacpdu::with_tlvs(2, me, me, 0, &t[..n]).unwrap();
    let mut b = vec![0u8; pdu.buffer_len()];
    let len = pdu.emit(&mut b).unwrap();
    assert!(len > 128, "a long LACPDU");
    let back = Lacpdu::parse(&b).unwrap();
    let typed: Vec<Option<V2Tlv>> = back.extra_tlvs().map(|x| x.v2()).collect();
    assert_eq!(
        typed[0],
        Some(V2Tlv::PortAlgorithm {
            oui: [0, 0x80, 0xc2],
            algorithm: 1
        })
    );
    assert_eq!(
        typed[1],
        Some(V2Tlv::ConversationIdDigest {
            link_number_id: 7,
            digest: &[0xab; 16]
        })
    );
    assert_eq!(
        typed[2],
        Some(V2Tlv::ConversationMask {
            index: 1,
            state: Some(5),
            mask: &[0xf0; 128]
        })
    );
    assert_eq!(
        typed[3],
        Some(V2Tlv::ConversationMask {
            index: 3,
            state: None,
            mask: &[0x0f; 128]
        })
    );
    assert_eq!(
        typed[4],
        Some(V2Tlv::ServiceMappingDigest {
            digest: &[0xcd; 16]
        })
    );
    assert_eq!(typed[5], None);
    assert_eq!(typed.len(), 6);
}

#[test]
fn observe_by_port_attributes_links_by_our_port() {
    let mut d = Diagnosis::new(None);
    // Our PDUs on ports 7 and 9, theirs naming those ports: links 0 and 1.
    assert_eq!(
        d.observe_by_port(&Lacpdu::v1(port(A, 1, 7, 0x3d), port(B, 9, 11, 0x3d), 0)),
        Ok(Some(0))
    );
    assert_eq!(
        d.observe_by_port(&Lacpdu::v1(port(A, 1, 9, 0x3d), port(B, 9, 12, 0x3d), 0)),
        Ok(Some(1))
    );
    assert_eq!(
        d.observe_by_port(&Lacpdu::v1(port(B, 9, 12, 0x3d), port(A, 1, 9, 0x3d), 0)),
        Ok(Some(1))
    );
    assert_eq!(
        d.observe_by_port(&Lacpdu::v1(port(B, 9, 11, 0x3d), port(A, 1, 7, 0x3d), 0)),
        Ok(Some(0))
    );
    assert!(d.all_bundled());
    // A partner PDU that has not heard us (port 0) is not attributed.
    assert_eq!(
        d.observe_by_port(&Lacpdu::v1(port(C, 9, 13, 0x47), PortInfo::default(), 0)),
        Ok(None)
    );
    // Our own PDU with another system priority is still ours (same MAC).
    let mut me = port(A, 1, 7, 0x3d);
    me.system_priority = 0xffff;
    assert_eq!(
        d.observe_by_port(&Lacpdu::v1(me, port(B, 9, 11, 0x3d), 0)),
        Ok(Some(0))
    );
    // Still link 0 and still ours; the partner's last PDU echoes our old priority, which the
    // diagnosis reports as a stale (one-way) echo until the partner catches up.
    assert_eq!(
        findings(&d),
        [
            Finding::OneWay { link: 0 },
            Finding::Bundled { link: 0 },
            Finding::Bundled { link: 1 }
        ]
    );
    // More member ports than MAX_LINKS: an error, not a panic.
    let mut d = Diagnosis::new(None);
    for p in 1..=pdukit_lacp::rules::MAX_LINKS as u16 {
        assert!(d
            .observe_by_port(&Lacpdu::v1(port(A, 1, p, 0x3d), port(B, 9, p, 0x3d), 0))
            .is_ok());
    }
    assert!(d
        .observe_by_port(&Lacpdu::v1(port(A, 1, 999, 0x3d), port(B, 9, 1, 0x3d), 0))
        .is_err());
}
