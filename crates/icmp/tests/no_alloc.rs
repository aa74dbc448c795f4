//! Parsing, quote views, extension walks, path-MTU decisions and building allocate nothing:
//! measured with a counting global allocator (allocation-counter) over the lab recording.

use pdukit_icmp::rules::{decide_v4, decide_v6, Config};
use pdukit_icmp::{frag_needed, Icmpv4, Icmpv6};
use pdukit_testkit::fixtures;
use pdukit_testkit::fuzzing::ip_payloads;

#[test]
fn the_counter_sees_allocations() {
    let info = allocation_counter::measure(|| {
        core::hint::black_box(Vec::<u8>::with_capacity(core::hint::black_box(16)));
    });
    assert_eq!(info.count_total, 1);
}

#[test]
fn parsing_deciding_and_building_allocate_nothing() {
    let payloads = ip_payloads(&[fixtures::testdata("icmp")], &[1, 58]);
    assert!(payloads.len() >= 10);
    let mut buf = [0u8; 600];
    let mut seen = 0u64;
    let info = allocation_counter::measure(|| {
        for p in &payloads {
            if let Ok(m) = Icmpv4::parse_lax(p) {
                seen += u64::from(Icmpv4::parse(p).is_ok());
                if let Some(b) = m.error_body() {
                    if let Ok(q) = b.quoted_ipv4() {
                        seen += u64::from(q.flow().protocol);
                        seen += frag_needed(&mut buf, p, 1280, None).unwrap_or(0) as u64;
                    }
                }
                seen += decide_v4(&m, 1500, &Config::LINUX, None).flow.is_some() as u64;
            }
            if let Ok(m) = Icmpv6::parse_lax(p) {
                if let Some(Ok(q)) = m.quoted_ipv6() {
                    seen += u64::from(q.flow().protocol);
                }
                seen += decide_v6(&m, 1500, &Config::RFC, None).flow.is_some() as u64;
            }
        }
    });
    assert!(seen > 0);
    assert_eq!(info.count_total, 0, "{info:?}");
}
