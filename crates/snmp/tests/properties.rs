//! Property tests: every PDU and value type round-trips (build -> parse -> build), arbitrary and
//! mutated bytes never panic, and a message cut at any offset is an error.

mod common {
    pub mod fuzz_checks;
}

use core::net::Ipv4Addr;

use pdukit_snmp::{
    BulkPdu, ErrorStatus, GenericTrap, Message, MessageV3, OidBuf, Pdu, ScopedPdu, StandardPdu,
    TrapV1Pdu, Value, VarBind, VarBinds, Version,
};
use proptest::prelude::*;

/// Arcs of a valid OID: first 0-2, second within its root's range, then up to 20 more.
fn arcs() -> impl Strategy<Value = Vec<u32>> {
    (
        0u32..3,
        any::<u32>(),
        proptest::collection::vec(any::<u32>(), 0..20),
    )
        .prop_map(|(x, y, rest)| {
            let y = if x < 2 { y % 40 } else { y };
            let mut v = vec![x, y];
            v.extend(rest);
            v
        })
}

/// One value of every kind, OIDs and strings pointing into `store`.
#[derive(Clone, Debug)]
enum V {
    Int(i32),
    Str(Vec<u8>),
    Null,
    Oid(Vec<u32>),
    Ip([u8; 4]),
    C32(u32),
    G32(u32),
    Ticks(u32),
    Opaque(Vec<u8>),
    Nsap(Vec<u8>),
    C64(u64),
    U32(u32),
    NoSuchObject,
    NoSuchInstance,
    EndOfMibView,
}

fn value() -> impl Strategy<Value = V> {
    prop_oneof![
        any::<i32>().prop_map(V::Int),
        proptest::collection::vec(any::<u8>(), 0..300).prop_map(V::Str),
        Just(V::Null),
        arcs().prop_map(V::Oid),
        any::<[u8; 4]>().prop_map(V::Ip),
        any::<u32>().prop_map(V::C32),
        any::<u32>().prop_map(V::G32),
        any::<u32>().prop_map(V::Ticks),
        proptest::collection::vec(any::<u8>(), 0..20).prop_map(V::Opaque),
        proptest::collection::vec(any::<u8>(), 0..20).prop_map(V::Nsap),
        any::<u64>().prop_map(V::C64),
        any::<u32>().prop_map(V::U32),
        Just(V::NoSuchObject),
        Just(V::NoSuchInstance),
        Just(V::EndOfMibView),
    ]
}

fn to_value<'a>(v: &'a V, oid: &'a Option<OidBuf>) -> Value<'a> {
    match v {
        V::Int(x) => Value::Integer(*x),
        V::Str(s) => Value::OctetString(s),
        V::Null => Value::Null,
        V::Oid(_) => Value::ObjectId(oid.as_ref().unwrap().as_oid()),
        V::Ip(a) => Value::IpAddress(Ipv4Addr::from(*a)),
        V::C32(x) => Value::Counter32(*x),
        V::G32(x) => Value::Gauge32(*x),
        V::Ticks(x) => Value::TimeTicks(*x),
        V::Opaque(s) => Value::Opaque(s),
        V::Nsap(s) => Value::NsapAddress(s),
        V::C64(x) => Value::Counter64(*x),
        V::U32(x) => Value::UInteger32(*x),
        V::NoSuchObject => Value::NoSuchObject,
        V::NoSuchInstance => Value::NoSuchInstance,
        V::EndOfMibView => Value::EndOfMibView,
    }
}

/// Builds, parses, rebuilds; asserts equality of messages and bytes, then the fuzz checks and
/// truncation at every offset.
fn check_round_trip(m: &Message<'_>) -> Result<(), TestCaseError> {
    let n = m.buffer_len();
    let mut b = vec![0u8; n];
    prop_assert_eq!(m.emit(&mut b), Ok(n));
    let back = Message::parse(&b).expect("built messages parse");
    prop_assert_eq!(&back, m);
    let mut again = vec![0u8; n];
    prop_assert_eq!(back.emit(&mut again), Ok(n));
    prop_assert_eq!(&again, &b);
    common::fuzz_checks::parse(&b);
    for cut in 0..n {
        prop_assert!(Message::parse(&b[..cut]).is_err(), "cut at {cut} of {n}");
    }
    prop_assert!(m.emit(&mut b[..n - 1]).is_err());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_pdu_and_value_type_round_trips(
        kind in 0u8..9, v2c: bool, community in proptest::collection::vec(any::<u8>(), 0..40),
        request_id: i32, status in -2i32..20, index in -2i32..5, a: i32, b: i32,
        names in proptest::collection::vec(arcs(), 0..6),
        vals in proptest::collection::vec(value(), 6),
        enterprise in arcs(), addr: [u8; 4], generic in 0i32..7, ts: u32,
    ) {
        let oids: Vec<OidBuf> = names.iter().map(|a| OidBuf::from_arcs(a).unwrap()).collect();
        let val_oids: Vec<Option<OidBuf>> = vals
            .iter()
            .map(|v| match v { V::Oid(a) => Some(OidBuf::from_arcs(a).unwrap()), _ => None })
            .collect();
        let vbs: Vec<VarBind> = oids
            .iter()
            .zip(vals.iter().zip(&val_oids))
            .map(|(o, (v, vo))| VarBind { name: o.as_oid(), value: to_value(v, vo) })
            .collect();
        let varbinds = VarBinds::from_list(&vbs);
        let std_pdu = StandardPdu { request_id, error_status: ErrorStatus(status), error_index: index, varbinds };
        let ent = OidBuf::from_arcs(&enterprise).unwrap();
        let pdu = match kind {
            0 => Pdu::Get(std_pdu),
            1 => Pdu::GetNext(std_pdu),
            2 => Pdu::Response(std_pdu),
            3 => Pdu::Set(std_pdu),
            4 => Pdu::TrapV1(TrapV1Pdu {
                enterprise: ent.as_oid(),
                agent_addr: Ipv4Addr::from(addr),
                generic_trap: GenericTrap(generic),
                specific_trap: a,
                time_stamp: ts,
                varbinds,
            }),
            5 => Pdu::GetBulk(BulkPdu { request_id, non_repeaters: a.max(0), max_repetitions: b.max(0), varbinds }),
            6 => Pdu::Inform(std_pdu),
            7 => Pdu::V2Trap(std_pdu),
            _ => Pdu::Report(std_pdu),
        };
        let version = if v2c { Version::V2c } else { Version::V1 };
        check_round_trip(&Message::Community { version, community: &community, pdu })?;
        // The same PDU in a plaintext SNMPv3 message, and an encrypted one.
        let v3 = MessageV3 {
            msg_id: request_id & 0x7fff_ffff,
            max_size: 65507,
            flags: 4,
            security_model: 3,
            security_parameters: &community,
            scoped: ScopedPdu::Plain { context_engine_id: b"engine", context_name: b"", pdu },
        };
        check_round_trip(&Message::V3(v3))?;
        check_round_trip(&Message::V3(MessageV3 { scoped: ScopedPdu::Encrypted(&community), ..v3 }))?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        common::fuzz_checks::parse(&data);
        common::fuzz_checks::round_trip(&data);
    }

    #[test]
    fn mutated_messages_never_panic(
        vals in proptest::collection::vec(value(), 1..8),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let base = OidBuf::from_arcs(&[1, 3, 6, 1, 2, 1, 2, 2, 1, 2]).unwrap();
        let oids: Vec<OidBuf> = (0..vals.len() as u32).map(|i| base.child(i).unwrap()).collect();
        let val_oids: Vec<Option<OidBuf>> = vals
            .iter()
            .map(|v| match v { V::Oid(a) => Some(OidBuf::from_arcs(a).unwrap()), _ => None })
            .collect();
        let vbs: Vec<VarBind> = oids
            .iter()
            .zip(vals.iter().zip(&val_oids))
            .map(|(o, (v, vo))| VarBind { name: o.as_oid(), value: to_value(v, vo) })
            .collect();
        let m = Message::Community {
            version: Version::V2c,
            community: b"public",
            pdu: Pdu::Response(StandardPdu { request_id: 1, error_status: ErrorStatus::NO_ERROR, error_index: 0, varbinds: VarBinds::from_list(&vbs) }),
        };
        let mut b = vec![0u8; m.buffer_len()];
        m.emit(&mut b).unwrap();
        for (at, x) in flips {
            let i = at.index(b.len());
            b[i] ^= x;
        }
        common::fuzz_checks::parse(&b);
        common::fuzz_checks::round_trip(&b);
    }

    #[test]
    fn oids_round_trip_through_text_and_order_by_arcs(a in arcs(), b in arcs()) {
        let x = OidBuf::from_arcs(&a).unwrap();
        let y = OidBuf::from_arcs(&b).unwrap();
        prop_assert_eq!(x.as_oid().arcs().collect::<Vec<_>>(), a.clone());
        let text = x.to_string();
        prop_assert_eq!(text.parse::<OidBuf>().unwrap(), x);
        prop_assert_eq!(x.as_oid().cmp(&y.as_oid()), a.cmp(&b));
        prop_assert_eq!(x.as_oid().starts_with(&y.as_oid()), a.starts_with(&b));
        if a.len() < 128 {
            let c = x.child(7).unwrap();
            prop_assert!(c.as_oid().starts_with(&x.as_oid()));
            prop_assert!(c.as_oid() > x.as_oid());
        }
    }
}
