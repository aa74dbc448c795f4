//! IGMP.

use super::*;

pub(super) fn igmp(p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "IGMP");
    let mut events = Vec::new();
    let ok = pdukit_checksum::verify(p);
    match Message::parse_lax(p) {
        Ok(Message::Other { msg_type, .. }) => {
            // DVMRP, PIMv1, mtrace, RGMP, MRD: Wireshark hands these to their own dissectors
            // and prints no igmp.* fields; ours is namespaced so it is not mistaken for one.
            f.num("pdukit.igmp.other_type", msg_type.0);
            summary.set(format_args!("IGMP-carried {msg_type:?}"));
        }
        Ok(m) => {
            f.num("igmp.type", m.msg_type().0);
            if let Some(v) = m.version() {
                f.num("igmp.version", v);
            }
            summary.set(format_args!(
                "IGMPv{} {:?}",
                m.version().unwrap_or(0),
                m.msg_type()
            ));
            match m {
                Message::QueryV2 { max_resp_time, .. } => f.num("igmp.max_resp", max_resp_time),
                Message::QueryV3(q) => f.num("igmp.max_resp", q.max_resp_time()),
                _ => {}
            }
            f.num(
                "igmp.checksum",
                pdukit_wire::u16_at(p, pdukit_igmp::field::CHECKSUM),
            );
            f.num("igmp.checksum.status", u8::from(ok));
            match m {
                Message::QueryV1 { group }
                | Message::QueryV2 { group, .. }
                | Message::ReportV1 { group }
                | Message::ReportV2 { group }
                | Message::Leave { group } => {
                    match m {
                        Message::ReportV1 { .. } | Message::ReportV2 { .. } => {
                            events.push((group, true))
                        }
                        Message::Leave { .. } => events.push((group, false)),
                        _ => {}
                    }
                    f.push("igmp.maddr", ip(group.into()));
                    summary.add(format_args!(" {group}"));
                }
                Message::QueryV3(q) => {
                    f.push("igmp.maddr", ip(q.group.into()));
                    f.flag("igmp.s", q.s_flag);
                    f.num("igmp.qrv", q.qrv);
                    f.num("igmp.qqic", q.query_interval());
                    f.num("igmp.num_src", q.sources.len() as u64);
                    for s in q.sources.iter() {
                        f.push("igmp.saddr", ip(s.into()));
                    }
                    summary.add(format_args!(" {} ({} sources)", q.group, q.sources.len()));
                }
                Message::ReportV3 { records } => {
                    f.num("igmp.num_grp_recs", records.count());
                    for r in records.iter() {
                        f.num("igmp.record_type", r.record_type.0);
                        f.num("igmp.aux_data_len", (r.aux_data.len() / 4) as u64);
                        f.num("igmp.num_src", r.sources.len() as u64);
                        f.push("igmp.maddr", ip(r.group.into()));
                        // Exclude mode (a join, any-source or all-but); include with no
                        // source left (a leave). Source-list changes are neither.
                        match (r.record_type.0, r.sources.is_empty()) {
                            (2 | 4, _) => events.push((r.group, true)),
                            (1 | 3, true) => events.push((r.group, false)),
                            _ => {}
                        }
                        for s in r.sources.iter() {
                            f.push("igmp.saddr", ip(s.into()));
                        }
                    }
                    summary.add(format_args!(" {} records", records.count()));
                }
                _ => {}
            }
        }
        Err(e) => error(&mut f, &e),
    }
    if !ok {
        summary.push(" [bad checksum]");
    }
    Decoded {
        family: Family::Igmp,
        fields: f,
        summary: summary.text,
        bad_checksum: !ok,
        pmtu: None,
        igmp: events,
    }
}
