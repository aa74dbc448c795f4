//! Every ICMP and ICMPv6 message in the shared icmp_ptb fixtures and in our recordings parses to
//! the values tshark shows for the same frame: type, code, MTU, quoted source and destination,
//! checksum status. The ptb_scan example (the README's command) finds every frag-needed / PTB.

#[path = "../examples/ptb_scan.rs"]
#[allow(dead_code)]
mod ptb_scan;

use core::net::IpAddr;
use std::path::{Path, PathBuf};

use pdukit_icmp::{Icmpv4, Icmpv6, ParseError};
use pdukit_testkit::{dissect, fixtures, read_capture, tshark};

const FIELDS: [&str; 13] = [
    "icmp.type",
    "icmp.code",
    "icmp.mtu",
    "icmpv6.type",
    "icmpv6.code",
    "icmpv6.mtu",
    "ip.src",
    "ip.dst",
    "ipv6.src",
    "ipv6.dst",
    "icmp.checksum.status",
    "icmpv6.checksum.status",
    "icmp.length",
];

#[derive(Debug, Default)]
struct Tally {
    files: usize,
    messages: usize,
    frag_needed: usize,
    ptb: usize,
    bad_checksum: usize,
    compared: usize,
}

fn first(s: &tshark::FrameFields, f: &str) -> Option<String> {
    s.get(f).and_then(|v| v.first().cloned())
}

fn second(s: &tshark::FrameFields, f: &str) -> Option<String> {
    s.get(f).and_then(|v| v.get(1).cloned())
}

fn check_file(path: &Path, t: &mut Tally, mism: &mut Vec<String>) -> Option<()> {
    let shark = tshark::fields(path, "icmp or icmpv6", &FIELDS)?;
    let cap = read_capture(path).unwrap();
    t.files += 1;
    for f in &cap.frames {
        let d = dissect(f.linktype, &f.data);
        let Some(ip) = d.ip.filter(|i| !i.fragmented) else {
            continue;
        };
        let Some(s) = shark.get(&f.number) else {
            continue;
        };
        let here = format!("{}#{}", path.display(), f.number);
        let mut cmp = |what: &str, ours: Option<String>, theirs: Option<String>| {
            t.compared += 1;
            if ours != theirs {
                mism.push(format!("{here}: {what}: ours {ours:?}, tshark {theirs:?}"));
            }
        };
        match (ip.src, ip.dst, ip.protocol) {
            (IpAddr::V4(_), _, 1) => {
                let m = Icmpv4::parse_lax(ip.payload).unwrap();
                t.messages += 1;
                let ok = Icmpv4::parse(ip.payload).is_ok();
                t.bad_checksum += usize::from(!ok);
                cmp(
                    "icmp.type",
                    Some(m.msg_type().0.to_string()),
                    first(s, "icmp.type"),
                );
                cmp(
                    "icmp.code",
                    Some(m.code().to_string()),
                    first(s, "icmp.code"),
                );
                cmp(
                    "icmp.checksum.status",
                    Some(u8::from(ok).to_string()),
                    first(s, "icmp.checksum.status"),
                );
                if let Some(mtu) = m.frag_needed_mtu() {
                    t.frag_needed += 1;
                    cmp("icmp.mtu", Some(mtu.to_string()), first(s, "icmp.mtu"));
                }
                if let Some(b) = m.error_body() {
                    let q = b.quoted_ipv4().unwrap();
                    cmp(
                        "quoted ip.src",
                        Some(q.src().to_string()),
                        second(s, "ip.src"),
                    );
                    cmp(
                        "quoted ip.dst",
                        Some(q.dst().to_string()),
                        second(s, "ip.dst"),
                    );
                    if b.extensions.is_some() {
                        cmp(
                            "icmp.length",
                            Some((b.quote.len() / 4).to_string()),
                            first(s, "icmp.length"),
                        );
                    }
                }
            }
            (IpAddr::V6(src), IpAddr::V6(dst), 58) => {
                let m = Icmpv6::parse_lax(ip.payload).unwrap();
                t.messages += 1;
                let ok = Icmpv6::parse(ip.payload, &src, &dst).is_ok();
                t.bad_checksum += usize::from(!ok);
                cmp(
                    "icmpv6.type",
                    Some(m.msg_type().0.to_string()),
                    first(s, "icmpv6.type"),
                );
                cmp(
                    "icmpv6.code",
                    Some(m.code().to_string()),
                    first(s, "icmpv6.code"),
                );
                cmp(
                    "icmpv6.checksum.status",
                    Some(u8::from(ok).to_string()),
                    first(s, "icmpv6.checksum.status"),
                );
                if let Icmpv6::PacketTooBig { mtu, .. } = m {
                    t.ptb += 1;
                    cmp("icmpv6.mtu", Some(mtu.to_string()), first(s, "icmpv6.mtu"));
                }
                if let Some(Ok(q)) = m.quoted_ipv6() {
                    cmp(
                        "quoted ipv6.src",
                        Some(q.src().to_string()),
                        second(s, "ipv6.src"),
                    );
                    cmp(
                        "quoted ipv6.dst",
                        Some(q.dst().to_string()),
                        second(s, "ipv6.dst"),
                    );
                }
            }
            _ => {}
        }
    }
    Some(())
}

fn run(dirs: &[PathBuf]) -> Option<Tally> {
    let mut t = Tally::default();
    let mut mism = Vec::new();
    for dir in dirs {
        for p in fixtures::captures(dir) {
            check_file(&p, &mut t, &mut mism)?;
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
fn shared_icmp_ptb_fixtures_match_tshark() {
    let Some(dir) = fixtures::shared("icmp_ptb") else {
        return;
    };
    let Some(t) = run(&[dir]) else { return };
    eprintln!("icmp_ptb fixtures: {t:?}");
    assert_eq!(t.files, 5);
    assert_eq!(
        t.frag_needed, 14,
        "4 zeek smtp + 4 suricata smtp + 6 filestore"
    );
    assert_eq!(t.ptb, 2);
    assert_eq!(t.bad_checksum, 0);
    assert!(t.compared >= 100, "{t:?}");
}

#[test]
fn recordings_match_tshark() {
    let dirs = [fixtures::testdata("icmp"), fixtures::testdata("checksum")];
    let Some(t) = run(&dirs) else { return };
    eprintln!("recordings: {t:?}");
    // lab-ping (kernel echo, ND) + lab-pmtu: the kernel's frag-needed and PTB (MTU 1400) and
    // ours (MTU 1300), each of ours once with a corrupted checksum.
    assert_eq!(
        (t.files, t.frag_needed, t.ptb, t.bad_checksum),
        (2, 3, 3, 2),
        "{t:?}"
    );
    assert!(t.messages >= 36, "{t:?}");
}

#[test]
fn ptb_scan_finds_every_message_in_the_smtp_capture() {
    let Some(dir) = fixtures::shared("icmp_ptb") else {
        return;
    };
    let r = ptb_scan::scan(&dir.join("zeek/smtp.pcap")).unwrap();
    let frames: Vec<usize> = r.iter().map(|x| x.frame).collect();
    assert_eq!(frames, [26, 28, 29, 30]);
    assert!(r.iter().all(|x| x.mtu == 1492 && x.checksum_ok));
    assert_eq!(r[0].sender.to_string(), "192.168.1.1");
    // The first lowers 1500 -> 1492; the repeats are no news.
    assert_eq!(
        r[0].decision.action,
        pdukit_icmp::rules::Action::Lower(1492)
    );
    assert!(r[1..]
        .iter()
        .all(|x| x.decision.action == pdukit_icmp::rules::Action::Ignore));
    let flow = r[0].decision.flow.unwrap();
    assert_eq!(flow.dst.to_string(), "74.53.140.153");
    assert!(matches!(
        flow.transport,
        Some(pdukit_icmp::Transport::Tcp {
            src_port: 1470,
            dst_port: 25,
            seq: Some(_)
        })
    ));
}

#[test]
fn a_flipped_bit_is_a_bad_checksum_with_both_values() {
    let Some(dir) = fixtures::shared("icmp_ptb") else {
        return;
    };
    let cap = read_capture(dir.join("zeek/smtp.pcap")).unwrap();
    let f = &cap.frames[25];
    let d = dissect(f.linktype, &f.data);
    let mut bytes = d.ip.unwrap().payload.to_vec();
    bytes[7] ^= 0x01; // MTU 1492 -> 1493
    match Icmpv4::parse(&bytes) {
        Err(ParseError::BadChecksum {
            stored, computed, ..
        }) => assert_ne!(stored, computed),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        Icmpv4::parse_lax(&bytes).unwrap().frag_needed_mtu(),
        Some(1493)
    );
}
