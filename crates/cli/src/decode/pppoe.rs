//! PPPoE discovery.

use super::*;

pub(super) fn pppoe(p: &[u8], mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "PPPoE discovery");
    match Discovery::parse_lax(p) {
        Ok(d) => {
            f.num("pppoe.version", d.header.version);
            f.num("pppoe.type", d.header.ptype);
            f.num("pppoe.code", d.header.code.0);
            f.num("pppoe.session_id", d.header.session_id);
            f.num("pppoe.payload_length", d.header.length);
            summary.set(format_args!(
                "PPPoE {} session {:#06x}",
                d.code(),
                d.header.session_id
            ));
            for t in d.tags() {
                match t.decode() {
                    TagValue::ServiceName(v) => f.text("pppoed.tags.service_name", v),
                    TagValue::AcName(v) => {
                        f.text("pppoed.tags.ac_name", v);
                        summary.add(format_args!(" AC {}", String::from_utf8_lossy(v)));
                    }
                    TagValue::HostUniq(v) => f.bytes("pppoed.tags.host_uniq", v),
                    TagValue::AcCookie(v) => f.bytes("pppoed.tags.ac_cookie", v),
                    TagValue::RelaySessionId(v) => f.bytes("pppoed.tags.relay_session_id", v),
                    TagValue::PppMaxPayload(v) => {
                        f.bytes("pppoed.tags.max_payload", &v.to_be_bytes())
                    }
                    TagValue::GenericError(v) => f.text("pppoed.tags.generic_error", v),
                    TagValue::AcSystemError(v) => f.text("pppoed.tags.ac_system_error", v),
                    TagValue::ServiceNameError(v) => f.text("pppoed.tags.service_name_error", v),
                    TagValue::VendorSpecific { vendor_id, .. } => {
                        f.num("pppoed.tags.vendor_id", vendor_id);
                        for s in t.tr101().into_iter().flat_map(|x| x.sub_options()) {
                            match s {
                                Ok(SubOption::AgentCircuitId(v)) => {
                                    f.text("pppoed.tags.circuit_id", v)
                                }
                                Ok(SubOption::AgentRemoteId(v)) => {
                                    f.text("pppoed.tags.remote_id", v)
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            if let Some(e) = d.tag_error() {
                error(&mut f, &e);
            }
        }
        Err(e) => error(&mut f, &e),
    }
    Decoded {
        family: Family::PppoeDiscovery,
        fields: f,
        summary: summary.text,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    }
}
