//! SNMP decode (parse + read every varbind) and encode, pdukit against snmp-parser (rusticata),
//! rasn-snmp and snmp2 on the same bytes. csnmp and async-snmp are clients whose decoders are
//! not public on their own, so they are not contenders.
//!
//! Inputs: (a) a 24-varbind ifTable Response (3 rows x 8 columns: ifIndex, ifDescr, ifType,
//! ifMtu, ifSpeed, ifPhysAddress, ifAdminStatus, ifOperStatus), (b) a 50-varbind GetBulk Response
//! (ifHCInOctets Counter64, ifInUcastPkts Counter32, ifName strings, TimeTicks, Gauge32). Every
//! contender folds the same fields: for each varbind the number of arcs and the last arc of its
//! name, and its value (the number, or a string's length); they are checked equal first.
//! Encode: the GetBulk request for three columns (from OIDs a walker keeps; rasn-snmp clones them
//! into its owned message), and the 24-varbind Response. snmp-parser does not encode; snmp2's
//! builders are private to its client.

#![allow(missing_docs)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pdukit_snmp::{
    BulkPdu, ErrorStatus, Message, OidBuf, Pdu, StandardPdu, Value, VarBind, VarBinds, Version,
};

fn f(acc: u64, x: u64) -> u64 {
    acc.wrapping_add(x)
}

/// The 24-varbind ifTable response.
fn if_table() -> Vec<u8> {
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
fn bulk() -> Vec<u8> {
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

type Contender = (&'static str, fn(&[u8]) -> u64);

const DECODERS: [Contender; 4] = [
    ("pdukit", pdukit),
    ("snmp-parser", snmp_parser),
    ("rasn-snmp", rasn),
    ("snmp2", snmp2),
];

fn decode(c: &mut Criterion) {
    for (name, bytes) in [("if_table_24", if_table()), ("get_bulk_50", bulk())] {
        let want = pdukit(&bytes);
        assert_ne!(want, 0, "{name}");
        for (who, dec) in DECODERS {
            assert_eq!(dec(&bytes), want, "{name}: {who} disagrees");
        }
        let mut g = c.benchmark_group(format!("snmp_decode/{name}"));
        g.throughput(Throughput::Elements(1));
        for (who, dec) in DECODERS {
            g.bench_function(who, |b| b.iter(|| dec(black_box(&bytes))));
        }
        g.finish();
    }
}

/// The three ifTable columns a walker keeps as cursors (built once, as a walker does).
fn columns() -> [OidBuf; 3] {
    [2, 7, 8].map(|c| OidBuf::from_arcs(&[1, 3, 6, 1, 2, 1, 2, 2, 1, c]).unwrap())
}

/// The GetBulk request pdukit builds from the cursors.
fn pdukit_get_bulk(cols: &[OidBuf; 3], out: &mut [u8]) -> usize {
    let vbs = cols.each_ref().map(|c| VarBind::null(c.as_oid()));
    Message::Community {
        version: Version::V2c,
        community: b"public",
        pdu: Pdu::GetBulk(BulkPdu {
            request_id: 0x1234_5678,
            non_repeaters: 0,
            max_repetitions: 25,
            varbinds: VarBinds::from_list(&vbs),
        }),
    }
    .emit(out)
    .unwrap()
}

/// rasn-snmp's GetBulk request from the same cursors (its message owns them: cloned in).
fn rasn_get_bulk(cols: &[rasn::types::ObjectIdentifier; 3]) -> Vec<u8> {
    use rasn::types::OctetString;
    use rasn_snmp::v2::{
        BulkPdu as RBulk, GetBulkRequest, Pdus, VarBind as RVarBind, VarBindValue,
    };
    use rasn_snmp::v2c::Message as RMessage;
    let m = RMessage {
        version: 1.into(),
        community: OctetString::from_static(b"public"),
        data: Pdus::GetBulkRequest(GetBulkRequest(RBulk {
            request_id: 0x1234_5678,
            non_repeaters: 0,
            max_repetitions: 25,
            variable_bindings: cols
                .iter()
                .map(|c| RVarBind {
                    name: c.clone(),
                    value: VarBindValue::Unspecified,
                })
                .collect(),
        })),
    };
    rasn::ber::encode(&m).unwrap()
}

fn encode(c: &mut Criterion) {
    let mut out = [0u8; 256];
    let cols = columns();
    let rcols = [2, 7, 8]
        .map(|c| rasn::types::ObjectIdentifier::new(vec![1, 3, 6, 1, 2, 1, 2, 2, 1, c]).unwrap());
    let n = pdukit_get_bulk(&cols, &mut out);
    // Same bytes as rasn's encoder: the comparison is like for like.
    assert_eq!(
        &out[..n],
        &rasn_get_bulk(&rcols)[..],
        "GetBulk encodings differ"
    );
    let mut g = c.benchmark_group("snmp_encode/get_bulk_3");
    g.throughput(Throughput::Elements(1));
    g.bench_function("pdukit", |b| {
        b.iter(|| pdukit_get_bulk(black_box(&cols), black_box(&mut out)))
    });
    g.bench_function("rasn-snmp", |b| {
        b.iter(|| black_box(rasn_get_bulk(black_box(&rcols))).len())
    });
    g.finish();
    // The 24-varbind response, re-encoded from a parsed message.
    let bytes = if_table();
    let parsed = Message::parse(&bytes).unwrap();
    let mut big = [0u8; 1024];
    let mut g = c.benchmark_group("snmp_encode/if_table_24");
    g.throughput(Throughput::Elements(1));
    g.bench_function("pdukit", |b| {
        b.iter(|| black_box(&parsed).emit(black_box(&mut big)).unwrap())
    });
    let r = rasn::ber::decode::<rasn_snmp::v2c::Message<rasn_snmp::v2::Pdus>>(&bytes).unwrap();
    assert_eq!(
        rasn::ber::encode(&r).unwrap(),
        bytes,
        "rasn re-encodes the same bytes"
    );
    g.bench_function("rasn-snmp", |b| {
        b.iter(|| rasn::ber::encode(black_box(&r)).unwrap().len())
    });
    g.finish();
}

criterion_group!(benches, decode, encode);
criterion_main!(benches);
