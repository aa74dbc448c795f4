//! Parsing, walking every varbind, checking the rules and building allocate nothing: measured
//! with a counting global allocator (allocation-counter) over the net-snmp lab recording.

use pdukit_snmp::{rules, BulkPdu, Message, OidBuf, Pdu, Value, VarBind, VarBinds, Version};
use pdukit_testkit::fixtures;
use pdukit_testkit::fuzzing::payloads;

#[test]
fn the_counter_sees_allocations() {
    let info = allocation_counter::measure(|| {
        core::hint::black_box(Vec::<u8>::with_capacity(core::hint::black_box(16)));
    });
    assert_eq!(info.count_total, 1);
}

#[test]
fn parsing_walking_checking_and_building_allocate_nothing() {
    let msgs = payloads(&[fixtures::testdata("snmp")], |d| {
        d.udp.as_ref().map(|u| u.payload.to_vec())
    });
    assert!(msgs.len() >= 100, "{}", msgs.len());
    let col: OidBuf = "1.3.6.1.2.1.2.2.1.2".parse().unwrap();
    let mut buf = [0u8; 65_535];
    let mut seen = 0u64;
    let info = allocation_counter::measure(|| {
        for p in &msgs {
            let Ok(m) = Message::parse(p) else { continue };
            let Some(pdu) = m.pdu() else { continue };
            for vb in pdu.varbinds().iter().flatten() {
                seen += vb.name.arcs().map(u64::from).sum::<u64>();
                seen += match vb.value {
                    Value::Integer(v) => v as u64,
                    Value::OctetString(b) => b.len() as u64,
                    Value::ObjectId(o) => o.len() as u64,
                    _ => 1,
                };
                seen += u64::from(vb.name.starts_with(&col.as_oid()));
            }
            seen += rules::check(&m).len() as u64;
            // Build back, and build a GetBulk for the next rows.
            seen += m.emit(&mut buf).unwrap() as u64;
            let next = col.child(seen as u32 % 100).unwrap();
            let vbs = [VarBind::null(next.as_oid())];
            let req = Message::Community {
                version: Version::V2c,
                community: b"public",
                pdu: Pdu::GetBulk(BulkPdu {
                    request_id: 1,
                    non_repeaters: 0,
                    max_repetitions: 10,
                    varbinds: VarBinds::from_list(&vbs),
                }),
            };
            seen += req.emit(&mut buf).unwrap() as u64;
        }
    });
    assert!(seen > 0);
    assert_eq!(info.count_total, 0, "{info:?}");
}
