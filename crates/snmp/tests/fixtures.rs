//! Every SNMP message in the shared fixtures and our recordings decodes field by field as tshark
//! shows it (version, community, PDU type, request-id, error-status/index, GetBulk counts,
//! varbind names and every value type, Trap-v1 fields, the SNMPv3 header); the malformed ones
//! (fuzz crashes of other projects, oversized OIDs) are rejected with an error naming field and
//! offset, never a panic. The rusticata vectors decode to the values their tests assert.

use std::collections::HashMap;
use std::path::PathBuf;

use pdukit_snmp::{Message, Pdu, ScopedPdu, Value};
use pdukit_testkit::{dissect, fixtures, read_capture, tshark};

const FIELDS: [&str; 24] = [
    "snmp.version",
    "snmp.community",
    "snmp.data",
    "snmp.request_id",
    "snmp.error_status",
    "snmp.error_index",
    "snmp.non_repeaters",
    "snmp.max_repetitions",
    "snmp.name",
    "snmp.value.int",
    "snmp.value.octets",
    "snmp.value.oid",
    "snmp.value.ipv4",
    "snmp.value.counter",
    "snmp.value.g32",
    "snmp.value.timeticks",
    "snmp.enterprise",
    "snmp.agent_addr",
    "snmp.generic_trap",
    "snmp.specific_trap",
    "snmp.time_stamp",
    "snmp.msgVersion",
    "snmp.msgID",
    "snmp.msgMaxSize",
];

const PORTS: [u16; 2] = [161, 162];

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Our values for one message, keyed like tshark's fields.
fn ours(m: &Message<'_>) -> HashMap<&'static str, Vec<String>> {
    let mut out: HashMap<&'static str, Vec<String>> = HashMap::new();
    let mut add = |k: &'static str, v: String| out.entry(k).or_default().push(v);
    let pdu = match m {
        Message::Community {
            version,
            community,
            pdu,
        } => {
            add("snmp.version", version.wire().to_string());
            // tshark prints nothing for an empty string, and escapes what is not text.
            let text = community.iter().all(|c| c.is_ascii_graphic() || *c == b' ');
            if text && !community.is_empty() {
                add(
                    "snmp.community",
                    String::from_utf8_lossy(community).into_owned(),
                );
            }
            Some(pdu)
        }
        Message::V3(v3) => {
            add("snmp.msgVersion", "3".into());
            add("snmp.msgID", v3.msg_id.to_string());
            add("snmp.msgMaxSize", v3.max_size.to_string());
            match &v3.scoped {
                ScopedPdu::Plain { pdu, .. } => Some(pdu),
                ScopedPdu::Encrypted(_) => None,
            }
        }
    };
    let Some(pdu) = pdu else { return out };
    add("snmp.data", (pdu.tag() - 0xa0).to_string());
    match pdu {
        Pdu::GetBulk(b) => {
            add("snmp.request_id", b.request_id.to_string());
            add("snmp.non_repeaters", b.non_repeaters.to_string());
            add("snmp.max_repetitions", b.max_repetitions.to_string());
        }
        Pdu::TrapV1(t) => {
            add("snmp.enterprise", t.enterprise.to_string());
            add("snmp.agent_addr", t.agent_addr.to_string());
            add("snmp.generic_trap", t.generic_trap.0.to_string());
            add("snmp.specific_trap", t.specific_trap.to_string());
            add("snmp.time_stamp", t.time_stamp.to_string());
        }
        Pdu::Get(p)
        | Pdu::GetNext(p)
        | Pdu::Response(p)
        | Pdu::Set(p)
        | Pdu::Inform(p)
        | Pdu::V2Trap(p)
        | Pdu::Report(p) => {
            add("snmp.request_id", p.request_id.to_string());
            add("snmp.error_status", p.error_status.0.to_string());
            add("snmp.error_index", p.error_index.to_string());
        }
    }
    for vb in pdu.varbinds().iter().flatten() {
        add("snmp.name", vb.name.to_string());
        match vb.value {
            Value::Integer(v) => add("snmp.value.int", v.to_string()),
            // tshark shows an empty OCTET STRING as "<MISSING>".
            Value::OctetString([]) => add("snmp.value.octets", "<MISSING>".into()),
            Value::OctetString(b) => add("snmp.value.octets", hex(b)),
            Value::ObjectId(o) => add("snmp.value.oid", o.to_string()),
            Value::IpAddress(a) => add("snmp.value.ipv4", a.to_string()),
            Value::Counter32(v) => add("snmp.value.counter", v.to_string()),
            Value::Counter64(v) => add("snmp.value.counter", v.to_string()),
            Value::Gauge32(v) => add("snmp.value.g32", v.to_string()),
            Value::TimeTicks(v) => add("snmp.value.timeticks", v.to_string()),
            _ => {}
        }
    }
    out
}

#[derive(Debug, Default)]
struct Tally {
    files: usize,
    messages: usize,
    parsed: usize,
    rejected: usize,
    compared: usize,
    varbinds: usize,
    varbind_errors: usize,
}

/// UDP payloads on the SNMP ports, with their frame numbers.
fn snmp_frames(path: &std::path::Path) -> Vec<(usize, Vec<u8>)> {
    let cap = read_capture(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    cap.frames
        .iter()
        .filter_map(|f| {
            let d = dissect(f.linktype, &f.data);
            let u = d.udp?;
            let on = PORTS.contains(&u.src_port) || PORTS.contains(&u.dst_port);
            on.then(|| (f.number, u.payload.to_vec()))
        })
        .collect()
}

fn check_dirs(dirs: &[PathBuf]) -> Option<Tally> {
    let mut t = Tally::default();
    let mut mism = Vec::new();
    for dir in dirs {
        for path in fixtures::captures(dir) {
            let frames = snmp_frames(&path);
            if frames.is_empty() {
                continue;
            }
            // Frames tshark finds malformed are compared only where both decode.
            let shark = tshark::fields(
                &path,
                "snmp && !_ws.malformed && !_ws.expert.severity >= 8388608",
                &FIELDS,
            )?;
            t.files += 1;
            for (number, payload) in frames {
                t.messages += 1;
                let here = format!("{}#{number}", path.display());
                let m = match Message::parse(&payload) {
                    Ok(m) => m,
                    Err(e) => {
                        t.rejected += 1;
                        // A precise error: a field name and an offset inside the payload.
                        assert!(e.offset() <= payload.len(), "{here}: {e}");
                        assert!(!e.field().name.is_empty());
                        eprintln!("{here}: rejected: {e}");
                        continue;
                    }
                };
                t.parsed += 1;
                if let Some(p) = m.pdu() {
                    t.varbinds += p.varbinds().len();
                }
                let Some(theirs) = shark.get(&number) else {
                    continue;
                };
                let mine = ours(&m);
                // A varbind we reject (an OID past the limits) is an error item with its
                // offset; tshark shows something for it, so names and values are not compared.
                let bad_varbind = m
                    .pdu()
                    .and_then(|p| p.varbinds().iter().find_map(Result::err));
                if let Some(e) = bad_varbind {
                    t.varbind_errors += 1;
                    eprintln!("{here}: varbind rejected: {e}");
                }
                for k in FIELDS {
                    if bad_varbind.is_some() && (k == "snmp.name" || k.starts_with("snmp.value")) {
                        continue;
                    }
                    let (a, b) = (mine.get(k), theirs.get(k));
                    if a.is_none() && b.is_none() {
                        continue;
                    }
                    // Fields we leave out on purpose (a community that is not plain text).
                    if a.is_none() && k == "snmp.community" {
                        continue;
                    }
                    t.compared += 1;
                    if a != b {
                        mism.push(format!("{here}: {k}: ours {a:?}, tshark {b:?}"));
                    }
                }
            }
        }
    }
    assert!(
        mism.is_empty(),
        "{} mismatches:\n{}",
        mism.len(),
        mism.join("\n")
    );
    Some(t)
}

#[test]
fn shared_snmp_fixtures_match_tshark() {
    let Some(dir) = fixtures::shared("snmp") else {
        return;
    };
    let Some(t) = check_dirs(&[dir]) else { return };
    eprintln!("snmp fixtures: {t:?}");
    assert!(t.files >= 15, "{t:?}");
    assert!(t.parsed >= 550, "{t:?}");
    assert!(t.compared >= 4400, "{t:?}");
    assert_eq!(
        t.varbind_errors, 1,
        "the zeek 11-byte sub-identifier: {t:?}"
    );
}

#[test]
fn rusticata_vectors_decode_to_their_asserted_values() {
    let Some(dir) = fixtures::shared("snmp") else {
        return;
    };
    let read = |n: &str| std::fs::read(dir.join("rusticata-snmp-parser").join(n)).unwrap();
    // snmpv1_trap_coldstart.bin: v1 Trap, community "public", generic 0 (coldStart).
    let b = read("snmpv1_trap_coldstart.bin");
    let m = Message::parse(&b).unwrap();
    let Message::Community {
        community,
        pdu: Pdu::TrapV1(t),
        ..
    } = m
    else {
        panic!("{m:?}")
    };
    assert_eq!(community, b"public");
    assert_eq!(t.generic_trap, pdukit_snmp::GenericTrap::COLD_START);
    assert_eq!(t.enterprise.to_string(), "1.3.6.1.4.1.4.1.2.21");
    assert_eq!(t.agent_addr.to_string(), "127.0.0.1");
    // snmpv2c-get-response.bin: v2c Response; every varbind decodes.
    let b = read("snmpv2c-get-response.bin");
    let m = Message::parse(&b).unwrap();
    let Some(Pdu::Response(r)) = m.pdu() else {
        panic!("{m:?}")
    };
    assert!(r.varbinds.iter().all(|v| v.is_ok()));
    assert!(!r.varbinds.is_empty());
    // The v3 vectors: header decoded; the encrypted one says v3 security is not supported.
    for (name, encrypted) in [
        ("snmpv3-report.bin", false),
        ("snmpv3_req.bin", false),
        ("snmpv3_req_encrypted.bin", true),
    ] {
        let b = read(name);
        let Ok(Message::V3(v3)) = Message::parse(&b) else {
            panic!("{name}")
        };
        assert_eq!(v3.pdu().is_err(), encrypted, "{name}");
        assert_eq!(v3.security_model, 3, "{name}: USM");
    }
}
