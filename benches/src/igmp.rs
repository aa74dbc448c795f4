//! IGMP parse + checksum verify + visit every field, pdukit against etherparse 0.21 and smoltcp
//! (v1/v2 only) on the same bytes.
//!
//! Inputs: a v2 report (8 bytes), a v3 group-and-source-specific query with 8 sources (44
//! bytes), a v3 report of 10 records x 4 sources (248 bytes). Before measuring, every contender
//! is checked to produce the same fold of the same fields, so the numbers compare equal work.
//! pdukit runs its one parse, `Message::parse`, which validates every record before returning.

use core::net::Ipv4Addr;

use etherparse::IgmpSlice;
use pdukit_igmp::{GroupRecord, Message, QueryV3, RecordType, ReportV3Writer};

use crate::Case;

/// Folds a visited field into the running value. A plain sum: each field must be decoded, but
/// the visit adds no serial dependency chain of its own that would hide the parsers' cost.
#[inline(always)]
fn f(acc: u64, x: u64) -> u64 {
    acc.wrapping_add(x)
}

/// The three inputs, by name.
pub fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut v2 = [0u8; 8];
    Message::ReportV2 {
        group: Ipv4Addr::new(239, 1, 2, 3),
    }
    .emit(&mut v2)
    .unwrap();
    let sources: Vec<Ipv4Addr> = (1..=8).map(|i| Ipv4Addr::new(192, 0, 2, i)).collect();
    let mut q = vec![0u8; 12 + 4 * 8];
    Message::QueryV3(pdukit_igmp::QueryV3 {
        max_resp_code: 100,
        group: Ipv4Addr::new(232, 1, 1, 1),
        s_flag: false,
        qrv: 2,
        qqic: 125,
        sources: pdukit_igmp::Sources::from_list(&sources),
    })
    .emit(&mut q)
    .unwrap();
    let mut r = vec![0u8; 8 + 10 * (8 + 16)];
    let mut w = ReportV3Writer::new(&mut r).unwrap();
    for g in 0..10 {
        w.record(
            RecordType::MODE_IS_INCLUDE,
            Ipv4Addr::new(232, 0, 0, g),
            &sources[g as usize % 4..g as usize % 4 + 4],
            &[],
        )
        .unwrap();
    }
    assert_eq!(w.finish(), r.len());
    vec![
        ("v2_report", v2.to_vec()),
        ("v3_query_8src", q),
        ("v3_report_10x4", r),
    ]
}

fn pdukit(b: &[u8]) -> u64 {
    let Ok(m) = Message::parse(b) else { return 0 };
    let mut a = u64::from(m.msg_type().0);
    match m {
        Message::ReportV2 { group } | Message::ReportV1 { group } | Message::Leave { group } => {
            a = f(a, u64::from(u32::from(group)));
        }
        Message::QueryV1 { group } => a = f(a, u64::from(u32::from(group))),
        Message::QueryV2 {
            max_resp_time,
            group,
        } => a = f(f(a, max_resp_time.into()), u64::from(u32::from(group))),
        Message::QueryV3(q) => a = visit_query(a, &q),
        Message::ReportV3 { records } => {
            for r in records.iter() {
                a = visit_record(a, &r);
            }
        }
        _ => {}
    }
    a
}

/// Every field of a v3 query, decoded, folded into `a`.
#[inline(always)]
fn visit_query(mut a: u64, q: &QueryV3<'_>) -> u64 {
    a = f(a, q.max_resp_time().into());
    a = f(a, u64::from(u32::from(q.group)));
    a = f(a, u64::from(q.s_flag));
    a = f(a, q.qrv.into());
    a = f(a, q.query_interval().into());
    for s in q.sources.iter() {
        a = f(a, u64::from(u32::from(s)));
    }
    a
}

/// Every field of a v3 group record folded into `a`.
#[inline(always)]
fn visit_record(mut a: u64, r: &GroupRecord<'_>) -> u64 {
    a = f(a, r.record_type.0.into());
    a = f(a, u64::from(u32::from(r.group)));
    for s in r.sources.iter() {
        a = f(a, u64::from(u32::from(s)));
    }
    f(a, r.aux_data.len() as u64)
}

fn etherparse(b: &[u8]) -> u64 {
    let Ok(s) = IgmpSlice::from_slice(b) else {
        return 0;
    };
    if !s.is_checksum_valid() {
        return 0;
    }
    let mut a = u64::from(s.type_u8());
    let be = |o: [u8; 4]| u64::from(u32::from_be_bytes(o));
    match s {
        IgmpSlice::MembershipReportV2(r) => a = f(a, be(r.group_address().octets)),
        IgmpSlice::MembershipReportV1(r) => a = f(a, be(r.group_address().octets)),
        IgmpSlice::LeaveGroup(r) => a = f(a, be(r.group_address().octets)),
        IgmpSlice::MembershipQuery(q) => {
            a = f(a, q.max_response_time().into());
            a = f(a, be(q.group_address().octets));
        }
        IgmpSlice::MembershipQueryWithSources(q) => {
            a = f(a, q.max_response_code().as_10th_secs().into());
            a = f(a, be(q.group_address().octets));
            a = f(a, u64::from(q.s_flag()));
            a = f(a, q.qrv().value().into());
            a = f(a, u64::from(qqic_secs(q.qqic())));
            for s in q.source_addresses() {
                a = f(a, be(s));
            }
        }
        IgmpSlice::MembershipReportV3(r) => {
            for rec in r.group_records() {
                let Ok(rec) = rec else { return 0 };
                a = f(a, rec.record_type().0.into());
                a = f(a, be(rec.multicast_address()));
                for s in rec.source_addresses() {
                    a = f(a, be(s));
                }
                a = f(a, rec.aux_data().len() as u64);
            }
        }
        IgmpSlice::Unknown(_) => {}
    }
    a
}

/// etherparse exposes QQIC raw; decode it the RFC 3376 §4.1.7 way for equal work.
fn qqic_secs(c: u8) -> u32 {
    pdukit_igmp::decode_code(c)
}

fn smoltcp(b: &[u8]) -> u64 {
    use smoltcp::wire::{IgmpPacket, IgmpRepr};
    let Ok(p) = IgmpPacket::new_checked(b) else {
        return 0;
    };
    if !p.verify_checksum() {
        return 0;
    }
    let Ok(r) = IgmpRepr::parse(&p) else { return 0 };
    let ip = |x: smoltcp::wire::Ipv4Address| u64::from(u32::from(x));
    match r {
        IgmpRepr::MembershipReport { group_addr, .. } => f(0x16, ip(group_addr)),
        IgmpRepr::LeaveGroup { group_addr } => f(0x17, ip(group_addr)),
        IgmpRepr::MembershipQuery {
            max_resp_time,
            group_addr,
            ..
        } => f(f(0x11, max_resp_time.millis() / 100), ip(group_addr)),
    }
}

/// The three inputs with their contenders, pdukit's first.
pub fn cases() -> Vec<Case> {
    inputs()
        .into_iter()
        .map(|(name, bytes)| {
            let mut contenders: Vec<crate::Contender> = vec![("pdukit", pdukit)];
            contenders.push(("etherparse", etherparse));
            if name == "v2_report" {
                // smoltcp parses IGMP v1/v2 only.
                contenders.push(("smoltcp", smoltcp));
            }
            Case {
                name,
                bytes,
                contenders,
            }
        })
        .collect()
}
