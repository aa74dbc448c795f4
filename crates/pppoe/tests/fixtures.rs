//! Every PPPoE discovery frame in the shared fixtures and our recordings parses to the values
//! tshark shows: header fields, and every tag's value in wire order (Service-Name, AC-Name,
//! Host-Uniq, AC-Cookie, Vendor-Specific with TR-101 Circuit/Remote-ID, Relay-Session-Id,
//! PPP-Max-Payload, the error tags, MOTM/HURL).

use std::collections::HashMap;
use std::path::PathBuf;

use pdukit_pppoe::{Code, Discovery, SubOption, TagType, TagValue, ETHERTYPE_DISCOVERY};
use pdukit_testkit::{dissect, fixtures, read_capture, tshark};

const FIELDS: [&str; 17] = [
    "pppoe.version",
    "pppoe.type",
    "pppoe.code",
    "pppoe.session_id",
    "pppoe.payload_length",
    "pppoed.tags.service_name",
    "pppoed.tags.ac_name",
    "pppoed.tags.host_uniq",
    "pppoed.tags.ac_cookie",
    "pppoed.tags.vendor_id",
    "pppoed.tags.circuit_id",
    "pppoed.tags.remote_id",
    "pppoed.tags.relay_session_id",
    "pppoed.tags.max_payload",
    "pppoed.tags.generic_error",
    "pppoed.tags.ac_system_error",
    "pppoed.tags.motm",
];

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Our values for one discovery packet, keyed like tshark's fields.
fn ours(d: &Discovery<'_>) -> HashMap<&'static str, Vec<String>> {
    let mut m: HashMap<&'static str, Vec<String>> = HashMap::new();
    let mut add = |k: &'static str, v: String| m.entry(k).or_default().push(v);
    add("pppoe.version", d.header.version.to_string());
    add("pppoe.type", d.header.ptype.to_string());
    add("pppoe.code", format!("0x{:02x}", d.header.code.0));
    add("pppoe.session_id", format!("0x{:04x}", d.header.session_id));
    add("pppoe.payload_length", d.header.length.to_string());
    for t in d.tags() {
        match t.decode() {
            TagValue::ServiceName(v) => add("pppoed.tags.service_name", text(v)),
            TagValue::AcName(v) => add("pppoed.tags.ac_name", text(v)),
            TagValue::HostUniq(v) => add("pppoed.tags.host_uniq", hex(v)),
            TagValue::AcCookie(v) => add("pppoed.tags.ac_cookie", hex(v)),
            TagValue::RelaySessionId(v) => add("pppoed.tags.relay_session_id", hex(v)),
            TagValue::PppMaxPayload(v) => add("pppoed.tags.max_payload", hex(&v.to_be_bytes())),
            TagValue::GenericError(v) => add("pppoed.tags.generic_error", text(v)),
            TagValue::AcSystemError(v) => add("pppoed.tags.ac_system_error", text(v)),
            TagValue::Motm(v) => add("pppoed.tags.motm", hex(v)),
            TagValue::VendorSpecific { vendor_id, .. } => {
                add("pppoed.tags.vendor_id", format!("0x{vendor_id:08x}"));
                for s in t.tr101().into_iter().flat_map(|x| x.sub_options()) {
                    match s {
                        Ok(SubOption::AgentCircuitId(v)) => add("pppoed.tags.circuit_id", text(v)),
                        Ok(SubOption::AgentRemoteId(v)) => add("pppoed.tags.remote_id", text(v)),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    m
}

#[derive(Debug, Default)]
struct Tally {
    files: usize,
    frames: usize,
    tags: usize,
    compared: usize,
}

fn check_dirs(dirs: &[PathBuf]) -> Option<Tally> {
    let mut t = Tally::default();
    let mut mism = Vec::new();
    for dir in dirs {
        for path in fixtures::captures(dir) {
            let shark = tshark::fields(&path, "pppoed", &FIELDS)?;
            t.files += 1;
            for f in read_capture(&path).unwrap().frames {
                let d = dissect(f.linktype, &f.data);
                if d.ethertype != Some(ETHERTYPE_DISCOVERY) {
                    continue;
                }
                let here = format!("{}#{}", path.display(), f.number);
                let p = Discovery::parse(d.l2_payload).unwrap_or_else(|e| panic!("{here}: {e}"));
                t.frames += 1;
                t.tags += p.tags().count();
                let theirs = shark.get(&f.number).cloned().unwrap_or_default();
                let mine = ours(&p);
                for k in FIELDS {
                    // tshark prints nothing for an empty value (an empty Service-Name means
                    // "any service"): compare the non-empty values.
                    let nonempty = |v: Option<&Vec<String>>| {
                        v.map(|v| {
                            v.iter()
                                .filter(|x| !x.is_empty())
                                .cloned()
                                .collect::<Vec<_>>()
                        })
                        .filter(|v| !v.is_empty())
                    };
                    let (a, b) = (nonempty(mine.get(k)), nonempty(theirs.get(k)));
                    let (a, b) = (a.as_ref(), b.as_ref());
                    if a.is_none() && b.is_none() {
                        continue;
                    }
                    t.compared += 1;
                    let num = |x: &String| {
                        x.strip_prefix("0x")
                            .map_or(x.parse::<u64>().ok(), |h| u64::from_str_radix(h, 16).ok())
                    };
                    let same = match (a, b) {
                        (Some(a), Some(b)) if k.starts_with("pppoe.") => {
                            a.iter().map(num).eq(b.iter().map(num))
                        }
                        (Some(a), Some(b)) => a == b,
                        _ => false,
                    };
                    if !same {
                        mism.push(format!("{here}: {k}: ours {a:?}, tshark {b:?}"));
                    }
                }
                let _ = TagType::END_OF_LIST;
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
fn shared_pppoe_fixtures_match_tshark() {
    let Some(dir) = fixtures::shared("pppoe") else {
        return;
    };
    let Some(t) = check_dirs(&[dir]) else { return };
    eprintln!("pppoe fixtures: {t:?}");
    assert_eq!(t.frames, 17, "{t:?}");
    assert!(t.compared >= 17 * 5, "{t:?}");
}

#[test]
fn lab_recordings_match_tshark() {
    let Some(t) = check_dirs(&[fixtures::testdata("pppoe")]) else {
        return;
    };
    eprintln!("pppoe recordings: {t:?}");
    assert!(t.frames >= 15, "{t:?}");
}

#[test]
fn pcapplusplus_hex_frames() {
    // PcapPlusPlus test vectors: two discovery frames, and one with an Ethernet trailer after
    // the PPPoE payload (the trailer must not be read as tags).
    let Some(dir) = fixtures::shared("pppoe") else {
        return;
    };
    let frame = |name: &str| fixtures::read_hex_dat(&dir.join("PcapPlusPlus").join(name)).unwrap();
    let mut seen = Vec::new();
    for name in [
        "PPPoEDiscovery1.dat",
        "PPPoEDiscovery2.dat",
        "packet_trailer_pppoed.dat",
    ] {
        let f = frame(name);
        let d = dissect(pcap_file::DataLink::ETHERNET, &f);
        let p = Discovery::parse(d.l2_payload).unwrap_or_else(|e| panic!("{name}: {e}"));
        eprintln!(
            "{name}: {:?} tags {:?} trailer {}",
            p.code(),
            p.tags().map(|t| t.tag_type).collect::<Vec<_>>(),
            p.trailer.len()
        );
        seen.push((p.code(), p.tags().count(), p.trailer.len()));
    }
    assert_eq!(
        seen,
        [(Code::PADI, 2, 0), (Code::PADS, 4, 0), (Code::PADI, 2, 28)]
    );
}
