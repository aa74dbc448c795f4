//! SNMP on UDP 161/162.

use super::*;

/// SNMP agent and trap ports.
pub(super) const SNMP_PORT: u16 = 161;
pub(super) const SNMP_TRAP_PORT: u16 = 162;

/// Wireshark's PDU names (`snmp.data` values).
pub(super) fn pdu_name(p: &Pdu<'_>) -> &'static str {
    match p {
        Pdu::Get(_) => "get-request",
        Pdu::GetNext(_) => "get-next-request",
        Pdu::Response(_) => "get-response",
        Pdu::Set(_) => "set-request",
        Pdu::TrapV1(_) => "trap",
        Pdu::GetBulk(_) => "getBulkRequest",
        Pdu::Inform(_) => "informRequest",
        Pdu::V2Trap(_) => "snmpV2-trap",
        Pdu::Report(_) => "report",
    }
}

pub(super) fn snmp_pdu(f: &mut Fields, pdu: &Pdu<'_>, summary: &mut Summary) {
    f.num("snmp.data", pdu.tag() - 0xa0);
    match pdu {
        Pdu::GetBulk(b) => {
            f.int("snmp.request_id", b.request_id);
            f.int("snmp.non_repeaters", b.non_repeaters);
            f.int("snmp.max_repetitions", b.max_repetitions);
        }
        Pdu::TrapV1(t) => {
            f.push("snmp.enterprise", Value::Text(t.enterprise.to_string()));
            f.push("snmp.agent_addr", ip(IpAddr::V4(t.agent_addr)));
            f.int("snmp.generic_trap", t.generic_trap.0);
            f.int("snmp.specific_trap", t.specific_trap);
            f.num("snmp.time_stamp", t.time_stamp);
        }
        _ => {
            if let Some(p) = pdu.standard() {
                f.int("snmp.request_id", p.request_id);
                f.int("snmp.error_status", p.error_status.0);
                f.int("snmp.error_index", p.error_index);
            }
        }
    }
    // One undecodable varbind: its error, and no names or values (tshark shows something for
    // it that we do not).
    if let Some(e) = pdu.varbinds().iter().find_map(Result::err) {
        error(f, &e);
        return;
    }
    let mut n = 0;
    for vb in pdu.varbinds().iter().flatten() {
        n += 1;
        f.push("snmp.name", Value::Text(vb.name.to_string()));
        match vb.value {
            SnmpValue::Integer(v) => f.int("snmp.value.int", v),
            SnmpValue::OctetString(b) => f.bytes("snmp.value.octets", b),
            SnmpValue::ObjectId(o) => f.push("snmp.value.oid", Value::Text(o.to_string())),
            SnmpValue::IpAddress(a) => f.push("snmp.value.ipv4", ip(IpAddr::V4(a))),
            SnmpValue::Counter32(v) => f.num("snmp.value.counter", v),
            SnmpValue::Counter64(v) => f.num("snmp.value.counter", v),
            SnmpValue::Gauge32(v) => f.num("snmp.value.g32", v),
            SnmpValue::TimeTicks(v) => f.num("snmp.value.timeticks", v),
            _ => {}
        }
    }
    summary.add(format_args!(" {} [{n} varbinds]", pdu_name(pdu)));
}

pub(super) fn snmp(p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "SNMP");
    match SnmpMessage::parse(p) {
        Ok(SnmpMessage::Community {
            version,
            community,
            pdu,
        }) => {
            f.int("snmp.version", version.wire());
            f.text("snmp.community", community);
            summary.set(format_args!(
                // Escaped for the terminal where the line is written (text::escape), not here.
                "SNMP{} community \"{}\"",
                match version {
                    pdukit_snmp::Version::V1 => "v1",
                    pdukit_snmp::Version::V2c => "v2c",
                },
                String::from_utf8_lossy(community)
            ));
            snmp_pdu(&mut f, &pdu, &mut summary);
        }
        Ok(SnmpMessage::V3(m)) => {
            f.num("snmp.msgVersion", 3u8);
            f.int("snmp.msgID", m.msg_id);
            f.int("snmp.msgMaxSize", m.max_size);
            f.bytes("snmp.msgFlags", &[m.flags]);
            f.int("snmp.msgSecurityModel", m.security_model);
            summary.set(format_args!("SNMPv3 msgID {}", m.msg_id));
            match m.scoped {
                ScopedPdu::Plain { pdu, .. } => snmp_pdu(&mut f, &pdu, &mut summary),
                ScopedPdu::Encrypted(_) => summary.push(" encrypted (v3 security not supported)"),
            }
        }
        Err(e) => {
            summary.set(format_args!("SNMP malformed: {e}"));
            error(&mut f, &e);
        }
    }
    Decoded {
        family: Family::Snmp,
        fields: f,
        summary: summary.text,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    }
}
