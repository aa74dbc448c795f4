//! Every IGMP frame in the shared fixtures and in testdata/igmp parses to the values tshark shows
//! for the same frame (type, group addresses in wire order, record count, source count, checksum
//! status); malformed ones are rejected with a precise error.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use pdukit_checksum::verify as checksum_valid;
use pdukit_igmp::{field::name, Message, ParseError};
use pdukit_testkit::{dissect, fixtures, read_capture};

/// tshark's values for one frame.
#[derive(Debug, Default)]
struct Shark {
    igmp_type: Option<u8>,
    maddr: Vec<String>,
    num_grp_recs: Option<u16>,
    num_src: Vec<u16>,
    checksum_good: Option<bool>,
}

fn tshark(path: &Path) -> HashMap<usize, Shark> {
    let out = Command::new("tshark")
        .args(["-r"])
        .arg(path)
        .args([
            "-Y",
            "igmp",
            "-T",
            "fields",
            "-E",
            "separator=|",
            "-E",
            "occurrence=a",
            "-E",
            "aggregator=,",
        ])
        .args([
            "-e",
            "frame.number",
            "-e",
            "igmp.type",
            "-e",
            "igmp.maddr",
            "-e",
            "igmp.num_grp_recs",
        ])
        .args(["-e", "igmp.num_src", "-e", "igmp.checksum.status"])
        .output()
        .expect("tshark runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut m = HashMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('|').collect();
        let num: usize = f[0].parse().unwrap();
        let list = |s: &str| -> Vec<String> {
            s.split(',')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        let hex_u8 = |s: &str| u8::from_str_radix(s.trim_start_matches("0x"), 16).ok();
        m.insert(
            num,
            Shark {
                igmp_type: f[1].split(',').next().and_then(hex_u8),
                maddr: list(f[2]),
                num_grp_recs: f[3].split(',').next().and_then(|s| s.parse().ok()),
                num_src: list(f[4]).iter().filter_map(|s| s.parse().ok()).collect(),
                checksum_good: match f[5].split(',').next() {
                    Some("1") => Some(true),
                    Some("0") => Some(false),
                    _ => None,
                },
            },
        );
    }
    m
}

#[derive(Default, Debug)]
struct Tally {
    files: usize,
    frames: usize,
    parsed: usize,
    rejected: usize,
    bad_checksum: usize,
    fields_compared: usize,
}

fn check_file(path: &Path, t: &mut Tally, mismatches: &mut Vec<String>) {
    let cap = read_capture(path).unwrap();
    let shark = tshark(path);
    t.files += 1;
    for f in &cap.frames {
        let d = dissect(f.linktype, &f.data);
        let Some(ip) = d.ip.filter(|ip| ip.protocol == 2) else {
            continue;
        };
        t.frames += 1;
        let here = format!("{}#{}", path.display(), f.number);
        let ours = Message::parse_lax(ip.payload);
        let Some(s) = shark.get(&f.number) else {
            // tshark did not decode it as IGMP (e.g. inside VXLAN it does, here we do not walk
            // VXLAN); nothing to compare.
            continue;
        };
        let msg = match ours {
            Ok(m) => m,
            Err(e) => {
                t.rejected += 1;
                // Rejections must be precise and match a real defect tshark also sees: a
                // truncated message or a length beyond the bytes.
                assert!(
                    matches!(
                        e,
                        ParseError::Truncated { .. }
                            | ParseError::BadLength { .. }
                            | ParseError::Invalid {
                                field: name::QUERY_LENGTH,
                                ..
                            }
                    ),
                    "{here}: {e}"
                );
                continue;
            }
        };
        t.parsed += 1;
        let good = checksum_valid(ip.payload);
        if !good {
            t.bad_checksum += 1;
        }
        let mut cmp = |what: &str, a: String, b: String| {
            t.fields_compared += 1;
            if a != b {
                mismatches.push(format!("{here}: {what}: ours {a}, tshark {b}"));
            }
        };
        cmp(
            "igmp.type",
            format!("{:?}", Some(msg.msg_type().0)),
            format!("{:?}", s.igmp_type),
        );
        if let Some(g) = s.checksum_good {
            cmp("igmp.checksum.status", good.to_string(), g.to_string());
        }
        match msg {
            Message::QueryV1 { group }
            | Message::ReportV1 { group }
            | Message::ReportV2 { group }
            | Message::Leave { group }
            | Message::QueryV2 { group, .. } => {
                cmp(
                    "igmp.maddr",
                    format!("{:?}", vec![group.to_string()]),
                    format!("{:?}", s.maddr),
                );
            }
            Message::QueryV3(q) => {
                cmp(
                    "igmp.maddr",
                    format!("{:?}", vec![q.group.to_string()]),
                    format!("{:?}", s.maddr),
                );
                cmp(
                    "igmp.num_src",
                    format!("{:?}", vec![q.sources.len() as u16]),
                    format!("{:?}", s.num_src),
                );
            }
            Message::ReportV3 { records } => {
                let groups: Vec<String> = records.iter().map(|r| r.group.to_string()).collect();
                let nsrc: Vec<u16> = records.iter().map(|r| r.sources.len() as u16).collect();
                cmp(
                    "igmp.num_grp_recs",
                    format!("{:?}", Some(records.count())),
                    format!("{:?}", s.num_grp_recs),
                );
                cmp(
                    "igmp.maddr",
                    format!("{groups:?}"),
                    format!("{:?}", s.maddr),
                );
                cmp(
                    "igmp.num_src",
                    format!("{nsrc:?}"),
                    format!("{:?}", s.num_src),
                );
            }
            _ => {}
        }
    }
}

#[test]
fn shared_igmp_fixtures_match_tshark() {
    let Some(dir) = fixtures::shared("igmp") else {
        return;
    };
    if !pdukit_testkit::tshark::available() {
        return;
    }
    let mut t = Tally::default();
    let mut mismatches = Vec::new();
    for path in fixtures::captures(&dir) {
        check_file(&path, &mut t, &mut mismatches);
    }
    eprintln!("igmp fixtures: {t:?}");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert_eq!(t.files, 23, "pcap/pcapng files under fixtures/igmp");
    assert!(t.parsed >= 860, "{t:?}");
    // The one bad checksum in the set: zeek igmp-bad-checksum.pcap frame 5 (tshark agrees; the
    // other 11 frames of that file carry valid checksums despite its name).
    assert_eq!(t.bad_checksum, 1, "{t:?}");
}

#[test]
fn lab_recordings_match_tshark() {
    // Our own recorded lab captures (testdata/igmp): the Linux bridge's queries, Linux hosts'
    // reports, and our injected frames with their two deliberately bad checksums.
    if !pdukit_testkit::tshark::available() {
        return;
    }
    let mut t = Tally::default();
    let mut mismatches = Vec::new();
    for path in fixtures::captures(&fixtures::testdata("igmp")) {
        check_file(&path, &mut t, &mut mismatches);
    }
    eprintln!("igmp lab recordings: {t:?}");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(t.files, 2);
    assert_eq!((t.frames, t.parsed, t.bad_checksum), (26, 26, 2), "{t:?}");
    assert!(t.fields_compared >= 100, "{t:?}");
}

#[test]
fn pcapplusplus_hex_frames() {
    // PcapPlusPlus test vectors (hex .dat); expected values from its Packet++ IGMP tests and tshark.
    let Some(dir) = fixtures::shared("igmp") else {
        return;
    };
    let frame = |name: &str| fixtures::read_hex_dat(&dir.join("PcapPlusPlus").join(name)).unwrap();

    let f = frame("IGMPv1_1.dat");
    let d = dissect(pcap_file::DataLink::ETHERNET, &f);
    let m = Message::parse(d.ip.unwrap().payload).unwrap();
    assert!(matches!(m, Message::QueryV1 { .. }), "{m:?}");

    let f = frame("IGMPv2_1.dat");
    let d = dissect(pcap_file::DataLink::ETHERNET, &f);
    let m = Message::parse(d.ip.unwrap().payload).unwrap();
    assert_eq!(
        m,
        Message::ReportV2 {
            group: "239.255.255.250".parse().unwrap()
        }
    );

    let f = frame("igmpv3_query.dat");
    let d = dissect(pcap_file::DataLink::ETHERNET, &f);
    let Message::QueryV3(q) = Message::parse(d.ip.unwrap().payload).unwrap() else {
        panic!()
    };
    // IGMP bytes: 11 01 2a6d e0000009 0f 00 0001 c0a814de
    assert_eq!(q.group, "224.0.0.9".parse::<core::net::Ipv4Addr>().unwrap());
    assert!(q.s_flag);
    assert_eq!(q.qrv, 7);
    assert_eq!(q.qqic, 0);
    assert_eq!(
        q.sources.iter().collect::<Vec<_>>(),
        vec!["192.168.20.222".parse::<core::net::Ipv4Addr>().unwrap()]
    );

    let f = frame("igmpv3_report.dat");
    let d = dissect(pcap_file::DataLink::ETHERNET, &f);
    let Message::ReportV3 { records } = Message::parse(d.ip.unwrap().payload).unwrap() else {
        panic!()
    };
    assert_eq!(records.count(), 1);
}

#[test]
fn bad_checksums_are_reported_with_both_values() {
    let Some(dir) = fixtures::shared("igmp") else {
        return;
    };
    let cap = read_capture(dir.join("zeek/igmp-bad-checksum.pcap")).unwrap();
    // tshark: frame 5 is a v2 report with checksum 0x0905 (status bad); frames 6, 8-10, 12 are
    // the same report with 0x0904 (good).
    let mut bad = Vec::new();
    for f in &cap.frames {
        let d = dissect(f.linktype, &f.data);
        let pl = d.ip.unwrap().payload;
        match Message::parse(pl) {
            Err(ParseError::BadChecksum {
                stored, computed, ..
            }) => {
                assert_eq!((stored, computed), (0x0905, 0x0904));
                let lax = Message::parse_lax(pl).unwrap();
                assert!(
                    matches!(lax, Message::ReportV2 { .. }),
                    "lax mode still shows the fields"
                );
                bad.push(f.number);
            }
            Ok(_) => {}
            Err(e) => panic!("frame {}: {e}", f.number),
        }
    }
    assert_eq!(bad, vec![5]);
}

#[test]
fn igmpv3_general_queries_decode_exponential_max_resp() {
    // tcpdump igmpv3-queries.pcap: MRC 0x0a, 0x64 and 0xfe (= 30720 tenths => 3072 s); QRV 2;
    // QQIC 125 (tcpdump's igmpv3-queries.out shows "max resp time 3072s" for the last).
    let Some(dir) = fixtures::shared("igmp") else {
        return;
    };
    let cap = read_capture(dir.join("tcpdump/igmpv3-queries.pcap")).unwrap();
    let mut mrts = Vec::new();
    for f in &cap.frames {
        let d = dissect(f.linktype, &f.data);
        let Message::QueryV3(q) = Message::parse(d.ip.unwrap().payload).unwrap() else {
            panic!()
        };
        assert_eq!(q.qrv, 2);
        assert_eq!(q.query_interval(), 125);
        mrts.push(q.max_resp_time());
    }
    assert!(
        mrts.contains(&10) && mrts.contains(&100) && mrts.contains(&30720),
        "{mrts:?}"
    );
}
