//! Hostile and unlucky inputs to the file tools (issue 26, items 4, 6 and 8, and issue 25's
//! report sections): missing, empty, random and unsupported captures are errors, never a
//! success; a closed stdout ends the program quietly; bad values are usage errors (exit 2);
//! a full disk fails `craft`; each error is printed once.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use pdukit_testkit::fixtures;
use serde_json::Value;

mod common {
    pub mod peak;
}

fn pdukit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(args)
        .output()
        .expect("pdukit runs")
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pdukit-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn lab(family: &str, file: &str) -> String {
    fixtures::testdata(family)
        .join(file)
        .to_string_lossy()
        .into_owned()
}

/// A pcap of link type 147 (user 0), which no walk knows, with one frame.
fn unsupported_pcap() -> Vec<u8> {
    pcap_with(147, &[vec![1, 2, 3, 4]])
}

#[test]
fn report_fails_on_missing_empty_random_and_unsupported_captures() {
    let good = lab("icmp", "lab-pmtu.pcap");
    let empty = tmp("empty.pcap", b"");
    let random = tmp(
        "random.pcap",
        &(0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<_>>(),
    );
    let unsupported = tmp("user0.pcap", &unsupported_pcap());
    for bad in [
        "/nonexistent/capture.pcap".to_string(),
        empty.to_string_lossy().into_owned(),
        random.to_string_lossy().into_owned(),
        unsupported.to_string_lossy().into_owned(),
    ] {
        for json in [false, true] {
            let mut args = vec!["report", &good, &bad];
            if json {
                args.insert(1, "--json");
            }
            let o = pdukit(&args);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{bad}: {err}");
            // The good capture is still reported, the bad one named once, and not counted.
            let out = String::from_utf8_lossy(&o.stdout);
            if json {
                let v: Value = serde_json::from_str(&out).unwrap();
                let expected = if bad.ends_with("user0.pcap") { 2 } else { 1 };
                assert_eq!(v["captures"], expected, "{bad}");
                assert_eq!(v["warnings"].as_array().unwrap().len(), 1, "{bad}");
            } else {
                assert!(out.contains("lab-pmtu.pcap#8 ICMP from 192.0.2.1"), "{out}");
            }
            assert_eq!(err.matches(bad.as_str()).count(), 1, "{bad}: {err}");
        }
    }
    // The messages say what is wrong in words, not the reader's internals.
    let o = pdukit(&["report", &empty.to_string_lossy()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("failed to fill whole buffer"), "{err}");
    assert!(err.contains("empty file, not a capture"), "{err}");
    let cut = tmp("cut.pcapng", &[0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0]);
    let o = pdukit(&["decode", &cut.to_string_lossy()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("pcapng section header truncated"), "{err}");
}

#[test]
fn report_prints_only_sections_with_something_to_say() {
    let o = pdukit(&["report", &lab("icmp", "lab-pmtu.pcap")]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Frag-needed / packet-too-big"), "{out}");
    for absent in [
        "LACP",
        "LAG diagnosis",
        "PPPoE",
        "IGMP groups",
        "SNMP:",
        "L2TP:",
    ] {
        assert!(!out.contains(absent), "{absent} heading in:\n{out}");
    }
}

#[test]
fn lag_diagnosis_says_which_side_and_why_and_diagnoses_both() {
    // lab-ovs.pcap holds both ends of the LAG (pdukit's OVS bond and the lab's peer).
    let path = lab("lacp", "lab-ovs.pcap");
    let o = pdukit(&["report", "--json", &path]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let lag = &v["lag"][0];
    assert_eq!(lag["our_side"], "02:00:00:00:a0:00");
    assert_eq!(
        lag["chosen_by"],
        "the first actor seen; --own MAC picks another"
    );
    assert_eq!(
        lag["other_sides"],
        serde_json::json!([{"side": "02:00:00:00:aa:00",
            "findings": ["link 0: bundled", "link 1: bundled"]}])
    );
    let o = pdukit(&["report", "--own", "02:00:00:00:aa:00", &path]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(
            "lab-ovs.pcap: from 02:00:00:00:aa:00 (--own): link 0: bundled; link 1: bundled"
        ),
        "{out}"
    );
    assert!(
        out.contains("both sides of the LAG are in the capture; diagnosed from each:"),
        "{out}"
    );
    assert!(
        out.contains("from 02:00:00:00:a0:00: link 0: bundled"),
        "{out}"
    );
}

/// Runs pdukit with stdout into a pipe whose reader is gone before anything is written (what
/// `| head` does once it has its lines): every write gets EPIPE.
fn closed_stdout(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    Output {
        status,
        stdout: Vec::new(),
        stderr: err.into_bytes(),
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    // The lab recordings (testdata/fuzz holds damaged captures on purpose).
    let all: Vec<String> = fixtures::captures(&fixtures::testdata("."))
        .iter()
        .filter(|p| !p.to_string_lossy().contains("/fuzz/"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    for cmd in ["report", "decode"] {
        let args = [&[cmd][..], &all].concat();
        let o = closed_stdout(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {err}");
        assert!(!err.contains("panicked"), "{cmd}: {err}");
        assert!(err.is_empty(), "{cmd}: {err}");
    }
}

#[test]
fn decode_goes_on_after_an_unreadable_file_and_fails_at_the_end() {
    let good = lab("igmp", "lab-bridge.pcap");
    let o = pdukit(&["decode", "/nonexistent.pcap", &good]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.lines().count() >= 2,
        "the second file is decoded: {out}"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("/nonexistent.pcap").count(), 1, "{err}");
    // Without files: a usage error.
    assert_eq!(pdukit(&["decode"]).status.code(), Some(2));
}

#[test]
fn nonsense_values_are_usage_errors() {
    for t in ["nan", "-1", "0", "1e9", "inf"] {
        let o = pdukit(&["ifstatus", "127.0.0.1", "-t", t]);
        assert_eq!(o.status.code(), Some(2), "-t {t}");
        assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
    }
}

#[test]
fn craft_to_a_full_disk_fails() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("NOTICE: no /dev/full here");
        return;
    }
    let o = pdukit(&["craft", "padi", "--service", "x", "-o", "/dev/full"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("No space left"));
    let o = pdukit(&[
        "craft",
        "igmp-joins",
        "--groups",
        "3",
        "--count",
        "5",
        "--version",
        "3",
        "-o",
        "/dev/full",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

/// A pcap (Ethernet) of `frames`.
fn pcap_of(frames: &[Vec<u8>]) -> Vec<u8> {
    pcap_with(1, frames)
}

/// A pcap of link type `linktype` holding `frames`.
fn pcap_with(linktype: u32, frames: &[Vec<u8>]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend(0xa1b2_c3d4u32.to_le_bytes());
    v.extend(2u16.to_le_bytes());
    v.extend(4u16.to_le_bytes());
    v.extend([0u8; 8]);
    v.extend(65535u32.to_le_bytes());
    v.extend(linktype.to_le_bytes());
    for f in frames {
        v.extend([0u8; 8]);
        v.extend((f.len() as u32).to_le_bytes());
        v.extend((f.len() as u32).to_le_bytes());
        v.extend(f);
    }
    v
}

/// A PADO whose AC-Name and Service-Name hold `ac` and `service`.
fn pado(ac: &[u8], service: &[u8]) -> Vec<u8> {
    let mut tags = Vec::new();
    for (t, v) in [(0x0101u16, service), (0x0102, ac)] {
        tags.extend(t.to_be_bytes());
        tags.extend((v.len() as u16).to_be_bytes());
        tags.extend(v);
    }
    let mut f = vec![
        2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x88, 0x63, 0x11, 0x07, 0, 0,
    ];
    f.extend((tags.len() as u16).to_be_bytes());
    f.extend(tags);
    f
}

#[test]
fn strings_from_packets_are_escaped_in_text_and_kept_in_json() {
    let evil = b"\x1b[2JAC\nlab-client.pcap#99 PPPoE PADS forged\xff";
    let path = tmp("evil-pado.pcap", &pcap_of(&[pado(evil, b"inet\x07")]));
    let path = path.to_string_lossy().into_owned();
    for args in [
        vec!["decode", &path],
        vec!["decode", "-v", &path],
        vec!["report", &path],
    ] {
        let o = pdukit(&args);
        assert!(o.status.success(), "{args:?}");
        let out = String::from_utf8(o.stdout).expect("escaped output is UTF-8");
        assert!(
            !out.contains('\x1b') && !out.contains('\x07'),
            "{args:?}: {out:?}"
        );
        assert!(
            out.contains(r"\x1b[2JAC\x0alab-client.pcap#99 PPPoE PADS forged"),
            "{args:?}: {out}"
        );
        assert!(
            !out.contains("\nlab-client.pcap#99"),
            "a forged line: {out}"
        );
    }
    let o = pdukit(&["decode", "-v", &path]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains(r"pppoed.tags.service_name: inet\x07"), "{out}");
    // An invalid UTF-8 byte as tshark shows it.
    assert!(out.contains(r"PPPoE PADS forged\xff"), "{out}");
    let o = pdukit(&["decode", "--json", &path]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["fields"]["pppoed.tags.ac_name"],
        "\u{1b}[2JAC\nlab-client.pcap#99 PPPoE PADS forged\u{fffd}"
    );
}

#[test]
fn craft_refuses_values_that_make_no_sense_and_names_what_a_file_lacks() {
    let out =
        std::env::temp_dir().join(format!("pdukit-hostile-craft-{}.pcap", std::process::id()));
    let out = out.to_string_lossy().into_owned();
    let readme = fixtures::workspace_root()
        .join("README.md")
        .to_string_lossy()
        .into_owned();
    let readme = readme.as_str();
    for (args, code, says) in [
        (
            vec!["igmp-joins", "--first", "10.0.0.1", "--groups", "3"],
            1,
            "must all be multicast",
        ),
        (
            vec!["igmp-joins", "--first", "239.255.255.250", "--groups", "10"],
            1,
            "the last would be 240.0.0.3",
        ),
        (
            vec!["frag-needed", "--mtu", "67", "--packet", "45"],
            2,
            "not in 68..=",
        ),
        (
            vec!["packet-too-big", "--mtu", "1279", "--packet", "60"],
            2,
            "not in 1280..=",
        ),
        (
            vec!["packet-too-big", "--mtu", "4294967296", "--packet", "60"],
            2,
            "4294967296",
        ),
        (
            vec!["frag-needed", "--mtu", "1400", "--from", readme],
            1,
            "not a pcap or pcapng file",
        ),
        (
            vec!["padr", "--from", readme],
            1,
            "not a pcap or pcapng file",
        ),
    ] {
        let o = pdukit(&[&["craft"][..], &args, &["-o", &out]].concat());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // A capture without the packet asked for says how many frames it read.
    let lacp = lab("lacp", "lab-ovs.pcap");
    let o = pdukit(&[
        "craft",
        "frag-needed",
        "--mtu",
        "1400",
        "--from",
        &lacp,
        "-o",
        &out,
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no IPv4 packet in its 49 frames"), "{err}");
    let _ = std::fs::remove_file(&out);
}

#[test]
fn report_memory_stays_bounded_however_many_lines_a_section_has() {
    // 600 000 PADIs: one PPPoE line each (the report used to keep them all: ~50 MiB).
    let padi = {
        let mut f = vec![0xff; 6];
        f.extend([
            2, 0, 0, 0, 0, 1, 0x88, 0x63, 0x11, 0x09, 0, 0, 0, 4, 1, 1, 0, 0,
        ]);
        f
    };
    let frames = vec![padi; 600_000];
    let path = tmp("many-padis.pcap", &pcap_of(&frames));
    let path = path.to_string_lossy().into_owned();
    for json in [false, true] {
        let mut args = vec!["report", path.as_str()];
        if json {
            args.insert(1, "--json");
        }
        let m = common::peak::run(&args);
        assert_eq!(m.code, Some(0), "{}", m.stderr);
        eprintln!(
            "report of 600 000 PADIs (json {json}): peak RSS {} KiB in {:?}",
            m.peak_kib, m.took
        );
        assert!(m.peak_kib < 24 * 1024, "{} KiB", m.peak_kib);
    }
    let o = pdukit(&["report", "--json", &path]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["counts"]["pppoe"], 600_000);
    assert_eq!(v["pppoe"].as_array().unwrap().len(), 1000);
    let o = pdukit(&["report", &path]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("  ... 599984 more"), "{out}");
}

#[test]
fn an_snmp_community_and_an_l2tp_host_name_from_the_wire_are_escaped() {
    use pdukit_snmp::{ErrorStatus, Message, Pdu, StandardPdu, VarBinds, Version};
    let m = Message::Community {
        version: Version::V2c,
        community: b"pub\x1b[2J\nlic",
        pdu: Pdu::Get(StandardPdu {
            request_id: 1,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(&[]),
        }),
    };
    let mut snmp = vec![0u8; m.buffer_len()];
    m.emit(&mut snmp).unwrap();
    let mut l2tp = vec![0u8; 200];
    let n = {
        let mut w = pdukit_l2tp::ControlWriter::v2(&mut l2tp, 0, 0, 0, 0).unwrap();
        w.message_type(pdukit_l2tp::MessageType::SCCRQ).unwrap();
        w.value(
            true,
            &pdukit_l2tp::AvpValue::HostName(b"lac\x1b]0;pwned\x07"),
        )
        .unwrap();
        w.finish().unwrap()
    };
    let udp = |port: u16, payload: &[u8]| {
        let mut v = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([192, 0, 2, 1], [192, 0, 2, 2], 64)
            .udp(40000, port)
            .write(&mut v, payload)
            .unwrap();
        v
    };
    let path = tmp(
        "evil-snmp-l2tp.pcap",
        &pcap_of(&[udp(161, &snmp), udp(1701, &l2tp[..n])]),
    );
    let o = pdukit(&["decode", "-v", &path.to_string_lossy()]);
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains(r#"community "pub\x1b[2J\x0alic""#), "{out}");
    assert!(out.contains(r"snmp.community: pub\x1b[2J\x0alic"), "{out}");
    assert!(out.contains(r"lac\x1b]0;pwned\x07"), "{out}");
}
