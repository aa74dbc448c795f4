//! SNMP decode (inputs and contenders in `pdukit_benches::snmp`: parse + read every varbind,
//! against snmp-parser, rasn-snmp, snmp2 and csnmp) and encode against rasn-snmp and csnmp.
//!
//! Encode: the GetBulk request for three columns (from OIDs a walker keeps; rasn-snmp clones them
//! into its owned message), and the 24-varbind Response. snmp-parser does not encode; snmp2's
//! builders are private to its client.

#![allow(missing_docs)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pdukit_snmp::{BulkPdu, Message, OidBuf, Pdu, VarBind, VarBinds, Version};

fn decode(c: &mut Criterion) {
    for case in pdukit_benches::snmp::cases() {
        case.bench(c, "snmp_decode");
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

/// csnmp's GetBulk request from the same cursors (its message owns them: cloned in).
fn csnmp_get_bulk(cols: &[csnmp::ObjectIdentifier; 3]) -> Vec<u8> {
    use csnmp::message::{
        BindingValue, BulkPdu as CBulk, Snmp2cMessage, Snmp2cPdu, VariableBinding,
    };
    let m = Snmp2cMessage {
        version: 1,
        community: b"public".to_vec(),
        pdu: Snmp2cPdu::GetBulkRequest(CBulk {
            request_id: 0x1234_5678,
            non_repeaters: 0,
            max_repetitions: 25,
            variable_bindings: cols
                .iter()
                .map(|c| VariableBinding {
                    name: *c,
                    value: BindingValue::Unspecified,
                })
                .collect(),
        }),
    };
    m.to_bytes().unwrap()
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
    let ccols = [2u32, 7, 8].map(|c| {
        csnmp::ObjectIdentifier::try_from(&[1u32, 3, 6, 1, 2, 1, 2, 2, 1, c][..]).unwrap()
    });
    assert_eq!(
        &out[..n],
        &csnmp_get_bulk(&ccols)[..],
        "GetBulk encodings differ (csnmp)"
    );
    let mut g = c.benchmark_group("snmp_encode/get_bulk_3");
    g.throughput(Throughput::Elements(1));
    g.bench_function("pdukit", |b| {
        b.iter(|| pdukit_get_bulk(black_box(&cols), black_box(&mut out)))
    });
    g.bench_function("rasn-snmp", |b| {
        b.iter(|| black_box(rasn_get_bulk(black_box(&rcols))).len())
    });
    g.bench_function("csnmp", |b| {
        b.iter(|| black_box(csnmp_get_bulk(black_box(&ccols))).len())
    });
    g.finish();
    // The 24-varbind response, re-encoded from a parsed message.
    let bytes = pdukit_benches::snmp::if_table();
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
    let cm = csnmp::message::Snmp2cMessage::try_from_bytes(&bytes).unwrap();
    assert_eq!(
        cm.to_bytes().unwrap(),
        bytes,
        "csnmp re-encodes the same bytes"
    );
    g.bench_function("csnmp", |b| {
        b.iter(|| black_box(&cm).to_bytes().unwrap().len())
    });
    g.finish();
}

criterion_group!(benches, decode, encode);
criterion_main!(benches);
