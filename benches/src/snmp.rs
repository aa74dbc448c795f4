//! SNMP decode contenders: parse + read every varbind of (a) a 24-varbind ifTable Response and
//! (b) a 50-varbind GetBulk Response, pdukit against snmp-parser (rusticata), rasn-snmp and
//! snmp2. Every contender folds the same fields: for each varbind the number of arcs and the
//! last arc of its name, and its value (the number, or a string's length). csnmp's message type
//! decodes on its own (`Snmp2cMessage::try_from_bytes`); async-snmp's decoder is internal to its
//! client, so it is not a contender.

use pdukit_snmp::{
    ErrorStatus, Message, OidBuf, Pdu, StandardPdu, Value, VarBind, VarBinds, Version,
};

use crate::Case;

fn f(acc: u64, x: u64) -> u64 {
    acc.wrapping_add(x)
}

/// The 24-varbind ifTable response.
pub fn if_table() -> Vec<u8> {
    let mut names = Vec::new();
    for row in 1..=3u32 {
        for col in 1..=8u32 {
            names.push(OidBuf::from_arcs(&[1, 3, 6, 1, 2, 1, 2, 2, 1, col, row]).unwrap());
        }
    }
    let descr: [&[u8]; 3] = [b"lo", b"GigabitEthernet0/1", b"GigabitEthernet0/2"];
    let mac: [&[u8]; 3] = [
        b"",
        &[0, 0x1b, 0x21, 0x3c, 0x4d, 0x01],
        &[0, 0x1b, 0x21, 0x3c, 0x4d, 0x02],
    ];
    let mut vbs = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let (row, col) = (i / 8, i % 8 + 1);
        let value = match col {
            1 => Value::Integer(row as i32 + 1),
            2 => Value::OctetString(descr[row]),
            3 => Value::Integer(if row == 0 { 24 } else { 6 }),
            4 => Value::Integer(if row == 0 { 65536 } else { 1500 }),
            5 => Value::Gauge32(if row == 0 { 10_000_000 } else { 1_000_000_000 }),
            6 => Value::OctetString(mac[row]),
            7 => Value::Integer(1),
            _ => Value::Integer(if row == 2 { 2 } else { 1 }),
        };
        vbs.push(VarBind {
            name: n.as_oid(),
            value,
        });
    }
    response(&vbs)
}

/// The 50-varbind GetBulk response.
pub fn bulk() -> Vec<u8> {
    let names: Vec<OidBuf> = (0..50u32)
        .map(|i| {
            let col = [6u32, 11, 1, 9, 15][(i % 5) as usize];
            let table: &[u32] = if col == 11 || col == 9 {
                &[1, 3, 6, 1, 2, 1, 2, 2, 1]
            } else {
                &[1, 3, 6, 1, 2, 1, 31, 1, 1, 1]
            };
            let mut arcs = table.to_vec();
            arcs.extend([col, 1 + i / 5]);
            OidBuf::from_arcs(&arcs).unwrap()
        })
        .collect();
    let vbs: Vec<VarBind> = names
        .iter()
        .enumerate()
        .map(|(i, n)| VarBind {
            name: n.as_oid(),
            value: match i % 5 {
                0 => Value::Counter64(0x0001_0000_0000_0000 + i as u64 * 977_123),
                1 => Value::Counter32(3_000_000_000 + i as u32),
                2 => Value::OctetString(b"Gi0/1"),
                3 => Value::TimeTicks(123_456 + i as u32),
                _ => Value::Gauge32(1000),
            },
        })
        .collect();
    response(&vbs)
}

fn response(vbs: &[VarBind<'_>]) -> Vec<u8> {
    let m = Message::Community {
        version: Version::V2c,
        community: b"public",
        pdu: Pdu::Response(StandardPdu {
            request_id: 0x1234_5678,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(vbs),
        }),
    };
    let mut b = vec![0u8; m.buffer_len()];
    m.emit(&mut b).unwrap();
    b
}

fn pdukit(b: &[u8]) -> u64 {
    let Ok(m) = Message::parse(b) else { return 0 };
    let Some(p) = m.pdu() else { return 0 };
    let mut a = 0u64;
    for vb in p.varbinds().iter() {
        let Ok(vb) = vb else { return 0 };
        let (mut n, mut last) = (0u64, 0u64);
        for arc in vb.name.arcs() {
            n += 1;
            last = u64::from(arc);
        }
        a = f(f(a, n), last);
        a = f(
            a,
            match vb.value {
                Value::Integer(v) => v as u64,
                Value::OctetString(s) => s.len() as u64,
                Value::Counter32(v) | Value::Gauge32(v) | Value::TimeTicks(v) => u64::from(v),
                Value::Counter64(v) => v,
                _ => return 0,
            },
        );
    }
    a
}

fn snmp_parser(b: &[u8]) -> u64 {
    use snmp_parser::{ObjectSyntax, VarBindValue};
    let Ok((_, m)) = snmp_parser::parse_snmp_v2c(b) else {
        return 0;
    };
    let mut a = 0u64;
    for vb in m.vars_iter() {
        let Some(arcs) = vb.oid.iter() else { return 0 };
        let (mut n, mut last) = (0u64, 0u64);
        for arc in arcs {
            n += 1;
            last = arc;
        }
        a = f(f(a, n), last);
        let VarBindValue::Value(v) = &vb.val else {
            return 0;
        };
        a = f(
            a,
            match v {
                ObjectSyntax::Number(v) => *v as u64,
                ObjectSyntax::String(s) => s.len() as u64,
                // snmp-parser gives an empty OCTET STRING as `Empty`.
                ObjectSyntax::Empty => 0,
                ObjectSyntax::Counter32(v)
                | ObjectSyntax::Gauge32(v)
                | ObjectSyntax::TimeTicks(v) => u64::from(*v),
                ObjectSyntax::Counter64(v) => *v,
                _ => return 0,
            },
        );
    }
    a
}

fn snmp2(b: &[u8]) -> u64 {
    let Ok(p) = snmp2::Pdu::from_bytes(b) else {
        return 0;
    };
    let mut a = 0u64;
    for (name, v) in p.varbinds {
        let Some(arcs) = name.iter() else { return 0 };
        let (mut n, mut last) = (0u64, 0u64);
        for arc in arcs {
            n += 1;
            last = arc;
        }
        a = f(f(a, n), last);
        a = f(
            a,
            match v {
                snmp2::Value::Integer(v) => v as u64,
                snmp2::Value::OctetString(s) => s.len() as u64,
                snmp2::Value::Counter32(v)
                | snmp2::Value::Unsigned32(v)
                | snmp2::Value::Timeticks(v) => u64::from(v),
                snmp2::Value::Counter64(v) => v,
                _ => return 0,
            },
        );
    }
    a
}

fn rasn(b: &[u8]) -> u64 {
    use rasn_snmp::v2::{Pdus, VarBindValue};
    use rasn_snmp::v2c::Message as RMessage;
    use smi::v2::{ApplicationSyntax, ObjectSyntax, SimpleSyntax};
    let Ok(m) = rasn::ber::decode::<RMessage<Pdus>>(b) else {
        return 0;
    };
    let Pdus::Response(r) = m.data else { return 0 };
    let mut a = 0u64;
    for vb in &r.0.variable_bindings {
        let arcs: &[u32] = &vb.name;
        a = f(
            f(a, arcs.len() as u64),
            u64::from(*arcs.last().unwrap_or(&0)),
        );
        let VarBindValue::Value(v) = &vb.value else {
            return 0;
        };
        a = f(
            a,
            match v {
                ObjectSyntax::Simple(SimpleSyntax::Integer(i)) => {
                    i64::try_from(i).map_or(0, |v| v as u64)
                }
                ObjectSyntax::Simple(SimpleSyntax::String(s)) => s.len() as u64,
                ObjectSyntax::ApplicationWide(ApplicationSyntax::Counter(c)) => u64::from(c.0),
                ObjectSyntax::ApplicationWide(ApplicationSyntax::Unsigned(g)) => u64::from(g.0),
                ObjectSyntax::ApplicationWide(ApplicationSyntax::Ticks(t)) => u64::from(t.0),
                ObjectSyntax::ApplicationWide(ApplicationSyntax::BigCounter(c)) => c.0,
                _ => return 0,
            },
        );
    }
    a
}

fn csnmp(b: &[u8]) -> u64 {
    use csnmp::message::{BindingValue, Snmp2cMessage, Snmp2cPdu};
    use csnmp::ObjectValue;
    let Ok(m) = Snmp2cMessage::try_from_bytes(b) else {
        return 0;
    };
    let Snmp2cPdu::Response(r) = m.pdu else {
        return 0;
    };
    let mut a = 0u64;
    for vb in &r.variable_bindings {
        let arcs = vb.name.as_slice();
        a = f(
            f(a, arcs.len() as u64),
            u64::from(*arcs.last().unwrap_or(&0)),
        );
        let BindingValue::Value(v) = &vb.value else {
            return 0;
        };
        a = f(
            a,
            match v {
                ObjectValue::Integer(v) => *v as u64,
                ObjectValue::String(s) => s.len() as u64,
                ObjectValue::Counter32(v)
                | ObjectValue::Unsigned32(v)
                | ObjectValue::TimeTicks(v) => u64::from(*v),
                ObjectValue::Counter64(v) => *v,
                _ => return 0,
            },
        );
    }
    a
}

/// The two inputs with their contenders, pdukit's first.
pub fn cases() -> Vec<Case> {
    [("if_table_24", if_table()), ("get_bulk_50", bulk())]
        .into_iter()
        .map(|(name, bytes)| Case {
            name,
            bytes,
            contenders: vec![
                ("pdukit", pdukit),
                ("snmp-parser", snmp_parser),
                ("rasn-snmp", rasn),
                ("snmp2", snmp2),
                ("csnmp", csnmp),
            ],
        })
        .collect()
}
