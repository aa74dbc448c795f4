//! The rules layer: what a message may not do although it parses (RFC 3416, RFC 3584).

use pdukit_snmp::rules::{check, generic_of_trap_oid, trap_oid_of_generic, Violation};
use pdukit_snmp::{
    BulkPdu, ErrorStatus, GenericTrap, Message, OidBuf, Pdu, StandardPdu, Value, VarBind, VarBinds,
    Version,
};

fn std_pdu<'a>(vbs: &'a [VarBind<'a>], status: i32, index: i32) -> StandardPdu<'a> {
    StandardPdu {
        request_id: 1,
        error_status: ErrorStatus(status),
        error_index: index,
        varbinds: VarBinds::from_list(vbs),
    }
}

fn violations(version: Version, pdu: Pdu<'_>) -> Vec<Violation> {
    let m = Message::Community {
        version,
        community: b"c",
        pdu,
    };
    // Checked on the parsed message, as a receiver would.
    let mut b = vec![0u8; m.buffer_len()];
    m.emit(&mut b).unwrap();
    check(&Message::parse(&b).unwrap()).iter().collect()
}

#[test]
fn v2_pdus_and_values_in_v1() {
    let n: OidBuf = "1.3.6.1.2.1.2.2.1.10.1".parse().unwrap();
    let vbs = [VarBind::null(n.as_oid())];
    let bulk = Pdu::GetBulk(BulkPdu {
        request_id: 1,
        non_repeaters: 0,
        max_repetitions: 5,
        varbinds: VarBinds::from_list(&vbs),
    });
    assert_eq!(
        violations(Version::V1, bulk),
        [Violation::V2PduInV1 { tag: 0xa5 }]
    );
    assert!(violations(Version::V2c, bulk).is_empty());
    let vals = [
        VarBind {
            name: n.as_oid(),
            value: Value::Counter64(1),
        },
        VarBind {
            name: n.as_oid(),
            value: Value::EndOfMibView,
        },
    ];
    assert_eq!(
        violations(Version::V1, Pdu::Response(std_pdu(&vals, 0, 0))),
        [
            Violation::V2ValueInV1 { index: 1 },
            Violation::V2ValueInV1 { index: 2 }
        ]
    );
    assert!(violations(Version::V2c, Pdu::Response(std_pdu(&vals, 0, 0))).is_empty());
}

#[test]
fn error_index_and_request_values() {
    let n: OidBuf = "1.3.6.1.2.1.1.4.0".parse().unwrap();
    let vbs = [VarBind {
        name: n.as_oid(),
        value: Value::OctetString(b"x"),
    }];
    // A Get whose value is not NULL; a Set may carry values.
    assert_eq!(
        violations(Version::V2c, Pdu::Get(std_pdu(&vbs, 0, 0))),
        [Violation::RequestValueNotNull { index: 1 }]
    );
    assert!(violations(Version::V2c, Pdu::Set(std_pdu(&vbs, 0, 0))).is_empty());
    // error-index beyond the varbinds, or set without an error.
    assert_eq!(
        violations(Version::V2c, Pdu::Response(std_pdu(&vbs, 17, 2))),
        [Violation::ErrorIndexOutOfRange {
            error_index: 2,
            varbinds: 1
        }]
    );
    assert!(violations(Version::V2c, Pdu::Response(std_pdu(&vbs, 17, 1))).is_empty());
    assert_eq!(
        violations(Version::V2c, Pdu::Response(std_pdu(&vbs, 0, 1))).len(),
        1
    );
}

#[test]
fn v2_trap_needs_sys_up_time_and_snmp_trap_oid_first() {
    let up: OidBuf = "1.3.6.1.2.1.1.3.0".parse().unwrap();
    let to: OidBuf = "1.3.6.1.6.3.1.1.4.1.0".parse().unwrap();
    let link_down: OidBuf = "1.3.6.1.6.3.1.1.5.3".parse().unwrap();
    let good = [
        VarBind {
            name: up.as_oid(),
            value: Value::TimeTicks(5),
        },
        VarBind {
            name: to.as_oid(),
            value: Value::ObjectId(link_down.as_oid()),
        },
    ];
    assert!(violations(Version::V2c, Pdu::V2Trap(std_pdu(&good, 0, 0))).is_empty());
    let swapped = [good[1], good[0]];
    assert_eq!(
        violations(Version::V2c, Pdu::V2Trap(std_pdu(&swapped, 0, 0))),
        [Violation::TrapVarbindsMissing]
    );
    assert_eq!(
        violations(Version::V2c, Pdu::Inform(std_pdu(&good[..1], 0, 0))),
        [Violation::TrapVarbindsMissing]
    );
}

#[test]
fn rfc_3584_generic_traps_both_ways() {
    for g in 0..=5 {
        let oid = trap_oid_of_generic(GenericTrap(g)).unwrap();
        assert_eq!(oid.to_string(), format!("1.3.6.1.6.3.1.1.5.{}", g + 1));
        assert_eq!(generic_of_trap_oid(&oid.as_oid()), GenericTrap(g));
    }
    assert_eq!(trap_oid_of_generic(GenericTrap::ENTERPRISE_SPECIFIC), None);
    assert_eq!(trap_oid_of_generic(GenericTrap(7)), None);
    let ent: OidBuf = "1.3.6.1.4.1.8072.3.2.10.0.1".parse().unwrap();
    assert_eq!(
        generic_of_trap_oid(&ent.as_oid()),
        GenericTrap::ENTERPRISE_SPECIFIC
    );
    let deeper: OidBuf = "1.3.6.1.6.3.1.1.5.3.1".parse().unwrap();
    assert_eq!(
        generic_of_trap_oid(&deeper.as_oid()),
        GenericTrap::ENTERPRISE_SPECIFIC
    );
}
