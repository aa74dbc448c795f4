//! L2TP control and data messages, hidden AVPs decrypted with `--l2tp-secret`.

use super::*;

/// The shared secret `--l2tp-secret` gives, to decrypt hidden AVPs in the output.
pub static L2TP_SECRET: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// An L2TP header's flags-and-version word, as tshark splits it.
pub(super) fn l2tp_flags(f: &mut Fields, bits: u16) {
    f.num("l2tp.flags", bits);
    f.num("l2tp.type", bits >> 15);
    f.flag("l2tp.length_bit", bits & pdukit_l2tp::field::L_BIT != 0);
    f.flag("l2tp.seq_bit", bits & pdukit_l2tp::field::S_BIT != 0);
    // v3 has no O or P bit (tshark shows neither).
    if bits & pdukit_l2tp::field::VERSION_MASK != 3 {
        f.flag("l2tp.offset_bit", bits & pdukit_l2tp::field::O_BIT != 0);
        f.flag("l2tp.priority", bits & pdukit_l2tp::field::P_BIT != 0);
    }
    f.num("l2tp.version", bits & pdukit_l2tp::field::VERSION_MASK);
}

pub(super) fn l2tp(p: &[u8], carrier: Carrier, mut f: Fields, on: bool) -> Decoded {
    let mut summary = Summary::new(on, "L2TP");
    let strict = L2tpPacket::parse(p, carrier);
    // A message that fails the strict parse shows its header (from the lax view) and the error;
    // its AVPs are not printed, so nothing shown can be a misread.
    let pkt = match &strict {
        Ok(x) => Some(*x),
        Err(e) => {
            error(&mut f, e);
            summary.set(format_args!("L2TP malformed: {e}"));
            L2tpPacket::parse_lax(p, carrier).ok()
        }
    };
    match pkt {
        Some(L2tpPacket::Control(c)) => {
            let h = c.header;
            if h.over_ip {
                f.num("l2tp.sid", 0u32);
            }
            l2tp_flags(&mut f, h.bits);
            if h.bits & pdukit_l2tp::field::L_BIT != 0 {
                f.num("l2tp.length", h.length);
            }
            match h.session_id {
                Some(sid) => {
                    f.num("l2tp.tunnel", h.tunnel_id);
                    f.num("l2tp.session", sid);
                }
                None => f.num("l2tp.ccid", h.tunnel_id),
            }
            let (ns, nr) = h.sequence.unwrap_or_default();
            if h.sequence.is_some() {
                f.num("l2tp.Ns", ns);
                f.num("l2tp.Nr", nr);
            }
            if strict.is_ok() {
                let name = c
                    .message_type()
                    .map_or_else(|| "ZLB".to_string(), |t| t.to_string());
                summary.set(format_args!(
                    "L2TPv{} {name} tunnel {} Ns {ns} Nr {nr}",
                    h.version, h.tunnel_id
                ));
                l2tp_avps(&mut f, &c, &mut summary);
            } else if let Some(e) = c.avp_error() {
                f.push("pdukit.l2tp.avp_error", Value::Text(e.to_string()));
                summary.add(format_args!("; {e}"));
            }
        }
        Some(L2tpPacket::DataV2(d)) => {
            l2tp_flags(&mut f, d.bits);
            if let Some(l) = d.length {
                f.num("l2tp.length", l);
            }
            f.num("l2tp.tunnel", d.tunnel_id);
            f.num("l2tp.session", d.session_id);
            if let Some((ns, nr)) = d.sequence {
                f.num("l2tp.Ns", ns);
                f.num("l2tp.Nr", nr);
            }
            if let Some((size, _)) = d.offset {
                f.num("l2tp.offset", size);
            }
            if strict.is_ok() {
                summary.set(format_args!(
                    "L2TPv2 data tunnel {} session {}, {} bytes",
                    d.tunnel_id,
                    d.session_id,
                    d.payload.len()
                ));
            }
        }
        Some(L2tpPacket::DataV3(d)) => {
            if let Some(bits) = d.udp_bits {
                l2tp_flags(&mut f, bits);
            }
            f.num("l2tp.sid", d.session_id);
            summary.set(format_args!(
                "L2TPv3 data session {:#x}, {} bytes",
                d.session_id,
                d.rest.len()
            ));
        }
        None => {}
    }
    Decoded {
        family: Family::L2tp,
        fields: f,
        summary: summary.text,
        bad_checksum: false,
        pmtu: None,
        igmp: Vec::new(),
    }
}

pub(super) fn l2tp_avps(f: &mut Fields, c: &pdukit_l2tp::Control<'_>, summary: &mut Summary) {
    use pdukit_l2tp::{BBF, IETF};
    let secret = L2TP_SECRET.get();
    let mut plain = [0u8; pdukit_l2tp::field::AVP_MAX_VALUE];
    for a in c.avps() {
        f.flag("l2tp.avp.mandatory", a.mandatory);
        f.flag("l2tp.avp.hidden", a.hidden);
        f.num("l2tp.avp.length", a.wire_len() as u64);
        if a.hidden {
            // tshark shows a hidden AVP's flags and length only; with --l2tp-secret we go on.
            let Some(s) = secret else { continue };
            match a.reveal(s, &mut plain) {
                Ok(v) => {
                    f.push(
                        "pdukit.l2tp.hidden_avp",
                        Value::Text(format!("{}:{}", a.vendor_id, a.attr_type)),
                    );
                    l2tp_value(f, &v, summary);
                }
                Err(e) => f.push("pdukit.l2tp.hidden_error", Value::Text(e.to_string())),
            }
            continue;
        }
        f.num("l2tp.avp.vendor_id", a.vendor_id);
        match a.vendor_id {
            IETF => f.num("l2tp.avp.type", a.attr_type),
            BBF => f.num("l2tp.avp.broadbandtype", a.attr_type),
            _ => {}
        }
        match a.value() {
            Ok(v) => l2tp_value(f, &v, summary),
            Err(e) => f.push("pdukit.l2tp.avp_error", Value::Text(e.to_string())),
        }
    }
}

pub(super) fn l2tp_value(f: &mut Fields, v: &L2tpValue<'_>, summary: &mut Summary) {
    use L2tpValue as V;
    match *v {
        V::MessageType(t) => f.num("l2tp.avp.message_type", t.0),
        V::ResultCode(r) => {
            f.num("l2tp.result_code", r.result);
            summary.add(format_args!(" result {}", r.result));
            if let Some(e) = r.error {
                f.num("l2tp.avp.error_code", e);
                summary.add(format_args!(" error {e}"));
            }
            if !r.message.is_empty() {
                f.text("l2tp.avp.error_message", r.message);
                summary.add(format_args!(" \"{}\"", String::from_utf8_lossy(r.message)));
            }
        }
        V::ProtocolVersion { version, revision } => {
            f.num("l2tp.avp.protocol_version", version);
            f.num("l2tp.avp.protocol_revision", revision);
        }
        V::FramingCapabilities(x) => {
            f.flag("l2tp.avp.async_framing_supported", x & 2 != 0);
            f.flag("l2tp.avp.sync_framing_supported", x & 1 != 0);
        }
        V::BearerCapabilities(x) => {
            f.flag("l2tp.avp.analog_access_supported", x & 2 != 0);
            f.flag("l2tp.avp.digital_access_supported", x & 1 != 0);
        }
        V::TieBreaker(x) => f.num("l2tp.tie_breaker", x),
        V::FirmwareRevision(x) => f.num("l2tp.avp.firmware_revision", x),
        V::HostName(b) => f.text("l2tp.avp.host_name", b),
        V::VendorName(b) => f.text("l2tp.avp.vendor_name", b),
        V::AssignedTunnelId(x) => f.num("l2tp.avp.assigned_tunnel_id", x),
        V::ReceiveWindowSize(x) => f.num("l2tp.avp.receive_window_size", x),
        V::Challenge(b) => f.bytes("l2tp.avp.chap_challenge", b),
        V::Q931Cause { cause, message, .. } => {
            f.num("l2tp.avp.cause_code", cause);
            f.num("l2tp.avp.cause_msg", message);
        }
        V::ChallengeResponse(r) => f.bytes("l2tp.avp.chap_challenge_response", &r),
        V::AssignedSessionId(x) => f.num("l2tp.avp.assigned_session_id", x),
        V::CallSerialNumber(x) => f.num("l2tp.avp.call_serial_number", x),
        V::MinimumBps(x) => f.num("l2tp.avp.minimum_bps", x),
        V::MaximumBps(x) => f.num("l2tp.avp.maximum_bps", x),
        V::BearerType(x) => {
            f.flag("l2tp.avp.analog_bearer_type", x & 2 != 0);
            f.flag("l2tp.avp.digital_bearer_type", x & 1 != 0);
        }
        V::FramingType(x) => {
            f.flag("l2tp.avp.async_framing_type", x & 2 != 0);
            f.flag("l2tp.avp.sync_framing_type", x & 1 != 0);
        }
        V::CalledNumber(b) => f.text("l2tp.avp.called_number", b),
        V::CallingNumber(b) => f.text("l2tp.avp.calling_number", b),
        V::SubAddress(b) => f.text("l2tp.avp.sub_address", b),
        V::TxConnectSpeed(x) => f.num("l2tp.avp.connect_speed", x),
        V::PhysicalChannelId(x) => f.num("l2tp.avp.physical_channel", x),
        V::InitialReceivedLcpConfreq(b) => f.bytes("l2tp.avp.initial_received_lcp_confreq", b),
        V::LastSentLcpConfreq(b) => f.bytes("l2tp.avp.last_sent_lcp_confreq", b),
        V::LastReceivedLcpConfreq(b) => f.bytes("l2tp.avp.last_received_lcp_confreq", b),
        V::ProxyAuthenType(x) => f.num("l2tp.avp.proxy_authen_type", x),
        V::ProxyAuthenName(b) => f.text("l2tp.avp.proxy_authen_name", b),
        V::ProxyAuthenChallenge(b) => f.bytes("l2tp.avp.proxy_authen_challenge", b),
        V::ProxyAuthenId(x) => f.num("l2tp.avp.proxy_authen_id", x & 0xff),
        V::ProxyAuthenResponse(b) => f.bytes("l2tp.avp.proxy_authen_response", b),
        V::CallErrors(c) => {
            f.num("l2tp.avp.crc_errors", c.crc_errors);
            f.num("l2tp.avp.framing_errors", c.framing_errors);
            f.num("l2tp.avp.hardware_overruns", c.hardware_overruns);
            f.num("l2tp.avp.buffer_overruns", c.buffer_overruns);
            f.num("l2tp.avp.time_out_errors", c.timeout_errors);
            f.num("l2tp.avp.alignment_errors", c.alignment_errors);
        }
        V::Accm { send, receive, .. } => {
            f.num("l2tp.avp.send_accm", send);
            f.num("l2tp.avp.receive_accm", receive);
        }
        V::RandomVector(b) => f.bytes("l2tp.avp.random_vector", b),
        V::PrivateGroupId(b) => f.bytes("l2tp.avp.private_group_id", b),
        V::RxConnectSpeed(x) => f.num("l2tp.avp.rx_connect_speed", x),
        V::PppDisconnectCause {
            code,
            protocol,
            direction,
            message,
        } => {
            f.num("l2tp.avp.disconnect_code", code);
            f.num("l2tp.avp.control_protocol_number", protocol);
            f.num("l2tp.avp.cause_code_direction", direction);
            f.text("l2tp.avp.cause_code_message", message);
        }
        V::RouterId(x) => f.num("l2tp.avp.router_id", x),
        V::AssignedControlConnectionId(x) => f.num("l2tp.avp.assigned_control_conn_id", x),
        V::PseudowireCapabilities(l) => {
            for t in l.iter() {
                f.num("l2tp.avp.pw_type", t);
            }
        }
        V::LocalSessionId(x) => f.num("l2tp.avp.local_session_id", x),
        V::RemoteSessionId(x) => f.num("l2tp.avp.remote_session_id", x),
        V::AssignedCookie(b) => f.bytes("l2tp.avp.assigned_cookie", b),
        V::RemoteEndId(b) => f.text("l2tp.avp.remote_end_id", b),
        V::PseudowireType(x) => f.num("l2tp.avp.pseudowire_type", x),
        V::L2SpecificSublayer(x) => f.num("l2tp.avp.layer2_specific_sublayer", x),
        V::DataSequencing(x) => f.num("l2tp.avp.data_sequencing", x),
        V::PreferredLanguage(b) => f.text("l2tp.avp.preferred_language", b),
        V::Nonce(b) => f.bytes("l2tp.avp.nonce", b),
        V::TxConnectSpeedV3(x) => f.num("l2tp.avp.tx_connect_speed_v3", x),
        V::RxConnectSpeedV3(x) => f.num("l2tp.avp.rx_connect_speed_v3", x),
        V::AgentCircuitId(b) => f.text("l2tp.broadband.agent_circuit_id", b),
        V::AgentRemoteId(b) => f.text("l2tp.broadband.agent_remote_id", b),
        V::AccessLoopEncapsulation {
            data_link,
            encaps1,
            encaps2,
        } => {
            f.num(
                "l2tp.broadband.access_loop_encapsulation.data_link",
                data_link,
            );
            f.num("l2tp.broadband.access_loop_encapsulation.enc1", encaps1);
            f.num("l2tp.broadband.access_loop_encapsulation.enc2", encaps2);
        }
        // Circuit status bits, message digests, extended vendor IDs, TR-101 rates and vendor
        // AVPs: shown by type only (tshark's own layout for them differs by version).
        _ => {}
    }
}
