//! Parsing, visiting and building allocate nothing: measured with a counting global allocator
//! (allocation-counter) around real messages — the lab recordings' payloads and built ones.

use core::net::Ipv4Addr;

use pdukit_checksum::verify as checksum_valid;
use pdukit_igmp::{rewrite_group, Message, RecordType, ReportV3Writer};
use pdukit_testkit::{dissect, fixtures, read_capture};

/// IGMP payloads from the recorded lab captures (queries v2/v3, reports v2/v3 with sources,
/// leaves, bad checksums), read before measuring.
fn lab_payloads() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for path in fixtures::captures(&fixtures::testdata("igmp")) {
        for f in read_capture(&path).unwrap().frames {
            let d = dissect(f.linktype, &f.data);
            if let Some(ip) = d.ip.filter(|i| i.protocol == 2) {
                out.push(ip.payload.to_vec());
            }
        }
    }
    out
}

#[test]
fn the_counter_sees_allocations() {
    // The measurement can fail: a Vec in the closure is counted.
    let info = allocation_counter::measure(|| {
        let v: Vec<u8> = Vec::with_capacity(core::hint::black_box(64));
        core::hint::black_box(v);
    });
    assert_eq!(info.count_total, 1);
}

#[test]
fn parsing_and_visiting_allocate_nothing() {
    let payloads = lab_payloads();
    assert_eq!(payloads.len(), 26);
    let mut visited = 0u64;
    let info = allocation_counter::measure(|| {
        for p in &payloads {
            let ok = checksum_valid(p);
            match Message::parse_lax(p) {
                Ok(Message::ReportV3 { records }) => {
                    for r in records.iter() {
                        visited += u64::from(r.record_type.0) + u64::from(u32::from(r.group));
                        for s in r.sources.iter() {
                            visited += u64::from(u32::from(s));
                        }
                        visited += r.aux_data.len() as u64;
                    }
                }
                Ok(Message::QueryV3(q)) => {
                    visited += u64::from(q.max_resp_time()) + u64::from(q.query_interval());
                    visited += q
                        .sources
                        .iter()
                        .map(|s| u64::from(u32::from(s)))
                        .sum::<u64>();
                }
                Ok(m) => visited += u64::from(m.msg_type().0),
                Err(_) => visited += 1,
            }
            visited += u64::from(ok);
            // The one parse, every path (8-byte, v3 query, v3 report, errors).
            match Message::parse(p) {
                Ok(Message::ReportV3 { records }) => {
                    for r in records.iter() {
                        visited += u64::from(u32::from(r.group)) + r.sources.len() as u64;
                    }
                }
                Ok(Message::QueryV3(q)) => {
                    visited += u64::from(q.query_interval()) + q.sources.len() as u64;
                }
                Ok(m) => visited += u64::from(m.msg_type().0),
                Err(e) => visited += e.offset() as u64 + 1,
            }
        }
    });
    assert!(visited > 0);
    assert_eq!(info.count_total, 0, "{info:?}");
}

#[test]
fn building_allocates_nothing() {
    let sources = [Ipv4Addr::new(192, 0, 2, 1), Ipv4Addr::new(192, 0, 2, 2)];
    let mut buf = [0u8; 512];
    let mut total = 0;
    let info = allocation_counter::measure(|| {
        let mut w = ReportV3Writer::new(&mut buf).unwrap();
        for i in 0..10 {
            w.record(
                RecordType::ALLOW_NEW_SOURCES,
                Ipv4Addr::new(232, 0, 0, i),
                &sources,
                &[],
            )
            .unwrap();
        }
        total += w.finish();
        total += Message::Leave {
            group: Ipv4Addr::new(239, 1, 1, 1),
        }
        .emit(&mut buf)
        .unwrap();
        rewrite_group(&mut buf[..8], Ipv4Addr::new(239, 9, 9, 9)).unwrap();
        total += usize::from(checksum_valid(&buf[..8]));
    });
    assert_eq!(total, 8 + 10 * 16 + 8 + 1);
    assert_eq!(info.count_total, 0, "{info:?}");
}
