//! IF-MIB knowledge: instance OIDs and the cells OIDs name, the port SET and its answers, and
//! linkDown / linkUp in both forms (built here, and snmpd's own from the lab recording).

use core::net::Ipv4Addr;

use pdukit_snmp::ifmib::{
    cell_of, column, if_entry, if_x_entry, instance, link_event, set_admin_status, set_result,
    AdminStatus, Cell, IfType, LinkEvent, OperStatus, SetError, Table,
};
use pdukit_snmp::{
    ErrorStatus, GenericTrap, Message, OidBuf, Pdu, StandardPdu, TrapV1Pdu, Value, VarBind,
    VarBinds, Version,
};
use pdukit_testkit::fixtures;

#[test]
fn instances_and_cells() {
    let o = instance(Table::IfTable, if_entry::ADMIN_STATUS, 3).unwrap();
    assert_eq!(o.to_string(), "1.3.6.1.2.1.2.2.1.7.3");
    assert_eq!(
        cell_of(&o.as_oid()),
        Some(Cell {
            table: Table::IfTable,
            column: 7,
            if_index: 3
        })
    );
    let x = instance(Table::IfXTable, if_x_entry::ALIAS, 1000).unwrap();
    assert_eq!(x.to_string(), "1.3.6.1.2.1.31.1.1.1.18.1000");
    assert_eq!(
        cell_of(&x.as_oid()).map(|c| (c.table, c.column)),
        Some((Table::IfXTable, 18))
    );
    // The column itself, a deeper OID, and another subtree name no cell.
    let col = column(Table::IfTable, if_entry::DESCR).unwrap();
    assert_eq!(cell_of(&col.as_oid()), None);
    assert_eq!(cell_of(&o.child(1).unwrap().as_oid()), None);
    let other: OidBuf = "1.3.6.1.2.1.2.1.0".parse().unwrap();
    assert_eq!(cell_of(&other.as_oid()), None);
    assert!(o
        .as_oid()
        .starts_with(&column(Table::IfTable, 7).unwrap().as_oid()));
}

#[test]
fn open_enums_keep_unknown_values() {
    assert_eq!(AdminStatus(2), AdminStatus::DOWN);
    assert_eq!(OperStatus::LOWER_LAYER_DOWN.name(), Some("lowerLayerDown"));
    assert_eq!(IfType(24).to_string(), "softwareLoopback");
    assert_eq!(IfType(999).name(), None);
    assert_eq!(OperStatus(8).to_string(), "0x00000008");
}

#[test]
fn port_set_and_what_the_answer_means() {
    let mut b = [0u8; 128];
    let n = set_admin_status(&mut b, Version::V2c, b"private", 77, 2, AdminStatus::DOWN).unwrap();
    let m = Message::parse(&b[..n]).unwrap();
    let Some(Pdu::Set(s)) = m.pdu() else { panic!() };
    let vb = s.varbinds.iter().next().unwrap().unwrap();
    assert_eq!(vb.name.to_string(), "1.3.6.1.2.1.2.2.1.7.2");
    assert_eq!(vb.value, Value::Integer(2));
    let answer = |status: ErrorStatus, id: i32| {
        let r = Message::Community {
            version: Version::V2c,
            community: b"private",
            pdu: Pdu::Response(StandardPdu {
                request_id: id,
                error_status: status,
                error_index: i32::from(status != ErrorStatus::NO_ERROR),
                varbinds: s.varbinds,
            }),
        };
        let mut out = vec![0u8; r.buffer_len()];
        r.emit(&mut out).unwrap();
        out
    };
    let ok = answer(ErrorStatus::NO_ERROR, 77);
    assert_eq!(set_result(&Message::parse(&ok).unwrap(), 77, 2), Ok(()));
    for status in [
        ErrorStatus::NOT_WRITABLE,
        ErrorStatus::NO_ACCESS,
        ErrorStatus::WRONG_VALUE,
        ErrorStatus::NO_SUCH_NAME,
        ErrorStatus::AUTHORIZATION_ERROR,
    ] {
        let a = answer(status, 77);
        let e = set_result(&Message::parse(&a).unwrap(), 77, 2).unwrap_err();
        assert_eq!(
            e,
            SetError::Refused {
                if_index: 2,
                status
            }
        );
        assert!(e.to_string().contains("ifAdminStatus.2"), "{e}");
        assert!(e.to_string().contains(status.name().unwrap()), "{e}");
    }
    // noError without the varbind that was set, or with another one: not confirmed.
    for vbs in [
        VarBinds::from_list(&[]),
        VarBinds::from_list(&[VarBind {
            name: instance(Table::IfTable, if_entry::ADMIN_STATUS, 3)
                .unwrap()
                .as_oid(),
            value: Value::Integer(2),
        }]),
        VarBinds::from_list(&[VarBind {
            name: instance(Table::IfTable, if_entry::ADMIN_STATUS, 2)
                .unwrap()
                .as_oid(),
            value: Value::Null,
        }]),
    ] {
        let r = Message::Community {
            version: Version::V2c,
            community: b"private",
            pdu: Pdu::Response(StandardPdu {
                request_id: 77,
                error_status: ErrorStatus::NO_ERROR,
                error_index: 0,
                varbinds: vbs,
            }),
        };
        let mut out = vec![0u8; r.buffer_len()];
        r.emit(&mut out).unwrap();
        assert_eq!(
            set_result(&Message::parse(&out).unwrap(), 77, 2),
            Err(SetError::NotConfirmed { if_index: 2 })
        );
    }
    let other = answer(ErrorStatus::NO_ERROR, 78);
    assert_eq!(
        set_result(&Message::parse(&other).unwrap(), 77, 2),
        Err(SetError::NotAnAnswer { request_id: 77 })
    );
}

#[test]
fn link_events_in_both_forms() {
    let idx = instance(Table::IfTable, if_entry::INDEX, 4).unwrap();
    let adm = instance(Table::IfTable, if_entry::ADMIN_STATUS, 4).unwrap();
    let opr = instance(Table::IfTable, if_entry::OPER_STATUS, 4).unwrap();
    let vbs = [
        VarBind {
            name: idx.as_oid(),
            value: Value::Integer(4),
        },
        VarBind {
            name: adm.as_oid(),
            value: Value::Integer(1),
        },
        VarBind {
            name: opr.as_oid(),
            value: Value::Integer(2),
        },
    ];
    let ent: OidBuf = "1.3.6.1.4.1.8072.3.2.10".parse().unwrap();
    let v1 = Message::Community {
        version: Version::V1,
        community: b"public",
        pdu: Pdu::TrapV1(TrapV1Pdu {
            enterprise: ent.as_oid(),
            agent_addr: Ipv4Addr::LOCALHOST,
            generic_trap: GenericTrap::LINK_DOWN,
            specific_trap: 0,
            time_stamp: 1,
            varbinds: VarBinds::from_list(&vbs),
        }),
    };
    let want = LinkEvent {
        up: false,
        if_index: Some(4),
        admin: Some(AdminStatus::UP),
        oper: Some(OperStatus::DOWN),
    };
    assert_eq!(link_event(&v1), Some(want));
    // The v2c form: sysUpTime.0, snmpTrapOID.0 = linkUp, then the same varbinds.
    let (up, to, link_up) = (
        "1.3.6.1.2.1.1.3.0".parse::<OidBuf>().unwrap(),
        "1.3.6.1.6.3.1.1.4.1.0".parse::<OidBuf>().unwrap(),
        "1.3.6.1.6.3.1.1.5.4".parse::<OidBuf>().unwrap(),
    );
    let mut v2vbs = vec![
        VarBind {
            name: up.as_oid(),
            value: Value::TimeTicks(9),
        },
        VarBind {
            name: to.as_oid(),
            value: Value::ObjectId(link_up.as_oid()),
        },
    ];
    v2vbs.extend_from_slice(&vbs);
    let v2 = Message::Community {
        version: Version::V2c,
        community: b"public",
        pdu: Pdu::V2Trap(StandardPdu {
            request_id: 1,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(&v2vbs),
        }),
    };
    assert_eq!(link_event(&v2), Some(LinkEvent { up: true, ..want }));
    // Not a link event: coldStart.
    let cold = Message::Community {
        version: Version::V1,
        community: b"public",
        pdu: Pdu::TrapV1(TrapV1Pdu {
            generic_trap: GenericTrap::COLD_START,
            enterprise: ent.as_oid(),
            agent_addr: Ipv4Addr::LOCALHOST,
            specific_trap: 0,
            time_stamp: 1,
            varbinds: VarBinds::EMPTY,
        }),
    };
    assert_eq!(link_event(&cold), None);
}

#[test]
fn snmpd_link_traps_from_the_lab_recording() {
    // lab-net-snmp.pcap (the ifstatus lab's recording is checked by its own test).
    let path = fixtures::testdata("snmp").join("lab-net-snmp.pcap");
    let events: Vec<LinkEvent> = pdukit_testkit::read_capture(&path)
        .unwrap()
        .frames
        .iter()
        .filter_map(|f| {
            let d = pdukit_testkit::dissect(f.linktype, &f.data);
            link_event(&Message::parse(d.udp?.payload).ok()?)
        })
        .collect();
    // Our v1 linkDown and v2c linkUp (ifIndex 2), snmpd's linkDown and linkUp of snmp0 (whose
    // ifIndex comes with admin/oper status), and its start-up linkUps.
    let down: Vec<_> = events.iter().filter(|e| !e.up).collect();
    assert!(down.len() >= 2, "{events:?}");
    let snmpd_down = down
        .iter()
        .find(|e| e.oper == Some(OperStatus::DOWN))
        .expect("snmpd's linkDown with ifOperStatus");
    assert_eq!(snmpd_down.admin, Some(AdminStatus::DOWN));
    assert!(snmpd_down.if_index.is_some_and(|i| i >= 2));
    assert!(events.iter().filter(|e| e.up).count() >= 2, "{events:?}");
}
