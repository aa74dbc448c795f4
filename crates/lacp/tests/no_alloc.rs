//! Parsing, reading every field, diagnosing and building allocate nothing: measured with a
//! counting global allocator (allocation-counter) over the Open vSwitch lab recording.

use pdukit_lacp::{Diagnosis, Lacpdu, Marker, SlowPdu};
use pdukit_testkit::fixtures;
use pdukit_testkit::fuzzing::l2_payloads;

#[test]
fn the_counter_sees_allocations() {
    let info = allocation_counter::measure(|| {
        core::hint::black_box(Vec::<u8>::with_capacity(core::hint::black_box(16)));
    });
    assert_eq!(info.count_total, 1);
}

#[test]
fn parsing_diagnosing_and_building_allocate_nothing() {
    let pdus = l2_payloads(&[fixtures::testdata("lacp")], pdukit_lacp::ETHERTYPE);
    assert!(pdus.len() >= 84);
    let mut seen = 0u64;
    let mut buf = [0u8; 200];
    let info = allocation_counter::measure(|| {
        let mut d = Diagnosis::new(None);
        for p in &pdus {
            match SlowPdu::parse(p) {
                Ok(SlowPdu::Lacp(l)) => {
                    seen += u64::from(l.actor.key) + u64::from(l.partner.port);
                    seen += l.extra_tlvs().count() as u64;
                    d.observe(usize::from(l.actor.port) % 16, &l).unwrap();
                    seen += l.emit(&mut buf).unwrap() as u64;
                }
                Ok(SlowPdu::Marker(m)) => seen += m.emit(&mut buf).unwrap() as u64,
                _ => seen += Lacpdu::parse_lax(p).map_or(0, |l| u64::from(l.actor.state.0)),
            }
        }
        seen += d.findings().len() as u64;
        let _ = Marker::parse(&buf);
    });
    assert!(seen > 0);
    assert_eq!(info.count_total, 0, "{info:?}");
}
