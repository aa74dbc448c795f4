//! Parsing, decoding every tag, walking TR-101, checking rules and building allocate nothing:
//! measured with a counting global allocator (allocation-counter) over the rp-pppoe recordings.

use pdukit_pppoe::rules::{padr_from_pado, Cookie};
use pdukit_pppoe::{check, Code, Discovery};
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
fn parsing_checking_and_building_allocate_nothing() {
    let pkts = l2_payloads(
        &[fixtures::testdata("pppoe")],
        pdukit_pppoe::ETHERTYPE_DISCOVERY,
    );
    assert!(pkts.len() >= 17);
    let mut buf = [0u8; 1500];
    let mut seen = 0u64;
    let info = allocation_counter::measure(|| {
        for p in &pkts {
            let Ok(d) = Discovery::parse(p) else { continue };
            for t in d.tags() {
                seen += u64::from(t.tag_type.0) + t.value.len() as u64;
                let _ = t.decode();
                seen += t.tr101().map_or(0, |x| x.sub_options().count() as u64);
            }
            seen += check(&d).len() as u64;
            if d.code() == Code::PADO {
                seen +=
                    padr_from_pado(&mut buf, &d, b"internet", None, Cookie::Echo).unwrap() as u64;
            }
        }
    });
    assert!(seen > 0);
    assert_eq!(info.count_total, 0, "{info:?}");
}
