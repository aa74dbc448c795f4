//! Slow protocols: LACP and Marker.

use super::*;

pub(super) fn port_info(f: &mut Fields, side: &str, p: &PortInfo) {
    let (prio, sysid, key, pprio, port, state) = match side {
        "actor" => (
            "lacp.actor.sys_priority",
            "lacp.actor.sysid",
            "lacp.actor.key",
            "lacp.actor.port_priority",
            "lacp.actor.port",
            "lacp.actor.state",
        ),
        _ => (
            "lacp.partner.sys_priority",
            "lacp.partner.sysid",
            "lacp.partner.key",
            "lacp.partner.port_priority",
            "lacp.partner.port",
            "lacp.partner.state",
        ),
    };
    f.num(prio, p.system_priority);
    f.push(sysid, Value::Mac(p.system));
    f.num(key, p.key);
    f.num(pprio, p.port_priority);
    f.num(port, p.port);
    f.num(state, p.state.0);
    let s = p.state;
    let flags: [(&'static str, &'static str, bool); 8] = [
        (
            "lacp.actor.state.activity",
            "lacp.partner.state.activity",
            s.active(),
        ),
        (
            "lacp.actor.state.timeout",
            "lacp.partner.state.timeout",
            s.short_timeout(),
        ),
        (
            "lacp.actor.state.aggregation",
            "lacp.partner.state.aggregation",
            s.aggregatable(),
        ),
        (
            "lacp.actor.state.synchronization",
            "lacp.partner.state.synchronization",
            s.in_sync(),
        ),
        (
            "lacp.actor.state.collecting",
            "lacp.partner.state.collecting",
            s.collecting(),
        ),
        (
            "lacp.actor.state.distributing",
            "lacp.partner.state.distributing",
            s.distributing(),
        ),
        (
            "lacp.actor.state.defaulted",
            "lacp.partner.state.defaulted",
            s.defaulted(),
        ),
        (
            "lacp.actor.state.expired",
            "lacp.partner.state.expired",
            s.expired(),
        ),
    ];
    for (a, b, v) in flags {
        f.flag(if side == "actor" { a } else { b }, v);
    }
}

pub(super) fn slow(p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "Slow protocols");
    if let Some(&st) = p.first() {
        f.num("slow.subtype", st);
    }
    let lacp = |f: &mut Fields, l: &Lacpdu<'_>| {
        f.num("lacp.version", l.version);
        port_info(f, "actor", &l.actor);
        port_info(f, "partner", &l.partner);
        f.num("lacp.collector.max_delay", l.collector_max_delay);
        l.to_string()
    };
    match SlowPdu::parse(p) {
        Ok(SlowPdu::Lacp(l)) => summary.set(format_args!("{}", lacp(&mut f, &l))),
        Ok(SlowPdu::Marker(m)) => summary.set(format_args!("{}", marker(&mut f, &m))),
        Ok(SlowPdu::Other { subtype, .. }) => {
            summary.set(format_args!("Slow protocols subtype {}", subtype.0))
        }
        Ok(_) => {}
        Err(e) => {
            // The lax view still reads the fixed offsets, as switches do.
            if let Ok(l) = Lacpdu::parse_lax(p) {
                summary.set(format_args!("{} [malformed]", lacp(&mut f, &l)));
            }
            error(&mut f, &e);
        }
    }
    Decoded {
        family: Family::Slow,
        fields: f,
        summary: summary.text,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    }
}

pub(super) fn marker(f: &mut Fields, m: &Marker) -> String {
    f.num("marker.version", m.version);
    f.num("marker.tlvType", if m.response { 2u8 } else { 1 });
    // The terminator TLV (type 0) follows; the parser checked it. Wireshark lists both types.
    f.num("marker.tlvType", 0u8);
    f.num("marker.requesterPort", m.requester_port);
    f.push("marker.requesterSystem", Value::Mac(m.requester_system));
    f.num("marker.requesterTransId", m.requester_transaction_id);
    m.to_string()
}
