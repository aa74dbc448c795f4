//! Every `craft` story round-trips: the file decodes back, through `pdukit decode --json` and
//! through tshark, to what was asked, checksums valid.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn tmp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("pdukit-craft-{}-{name}.pcap", std::process::id()))
}

fn pdukit(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn decoded(path: &Path) -> Vec<Value> {
    pdukit(&["decode", "--json", path.to_str().unwrap()])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["fields"].clone())
        .collect()
}

/// tshark's values of `fields` per frame, or None without tshark (outside CI).
fn tshark(path: &Path, fields: &[&str]) -> Option<Vec<Vec<String>>> {
    let mut cmd = Command::new("tshark");
    cmd.args(["-o", "ip.check_checksum:TRUE", "-r"])
        .arg(path)
        .args(["-T", "fields"]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    match cmd.output() {
        Ok(o) => Some(
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(|l| l.split('\t').map(String::from).collect())
                .collect(),
        ),
        Err(_) => {
            assert!(std::env::var_os("CI").is_none(), "tshark missing under CI");
            None
        }
    }
}

#[test]
fn igmp_joins_cycle_groups_v3_and_v2() {
    for v in ["2", "3"] {
        let p = tmp(&format!("joins{v}"));
        pdukit(&[
            "craft",
            "igmp-joins",
            "--groups",
            "100",
            "--count",
            "250",
            "--version",
            v,
            "--rate",
            "1000",
            "-o",
            p.to_str().unwrap(),
        ]);
        let d = decoded(&p);
        assert_eq!(d.len(), 250);
        for (i, f) in d.iter().enumerate() {
            let want = format!("239.1.0.{}", 1 + i % 100);
            assert_eq!(f["igmp.maddr"], Value::from(want.as_str()), "frame {i}");
            assert_eq!(f["igmp.version"], Value::from(v.parse::<u64>().unwrap()));
        }
        if let Some(rows) = tshark(
            &p,
            &[
                "igmp.maddr",
                "igmp.checksum.status",
                "ip.checksum.status",
                "ip.ttl",
                "frame.time_relative",
            ],
        ) {
            assert_eq!(rows.len(), 250);
            assert!(
                rows.iter()
                    .all(|r| r[1] == "1" && r[2] == "1" && r[3] == "1"),
                "{:?}",
                &rows[..2]
            );
            assert_eq!(rows[249][0], "239.1.0.50");
            assert!(
                rows[249][4].starts_with("0.249"),
                "1000/s: frame 250 at 249 ms"
            );
        }
        std::fs::remove_file(p).ok();
    }
}

#[test]
fn padi_lacpdu_and_frag_needed() {
    let p = tmp("padi");
    pdukit(&[
        "craft",
        "padi",
        "--service",
        "internet",
        "--host-uniq",
        "c0ffee",
        "-o",
        p.to_str().unwrap(),
    ]);
    let d = decoded(&p);
    assert_eq!(d[0]["pppoe.code"], Value::from(9u64));
    assert_eq!(d[0]["pppoed.tags.service_name"], Value::from("internet"));
    assert_eq!(d[0]["pppoed.tags.host_uniq"], Value::from("c0ffee"));
    if let Some(rows) = tshark(
        &p,
        &[
            "pppoe.code",
            "pppoed.tags.service_name",
            "pppoed.tags.host_uniq",
        ],
    ) {
        assert_eq!(rows, [["0x09", "internet", "c0ffee"]]);
    }

    let p = tmp("lacp");
    pdukit(&[
        "craft",
        "lacpdu",
        "--actor-system",
        "02:00:00:00:00:0a",
        "--actor-key",
        "13",
        "--actor-port",
        "7",
        "--actor-state",
        "3f",
        "-o",
        p.to_str().unwrap(),
    ]);
    let d = decoded(&p);
    assert_eq!(d[0]["lacp.actor.key"], Value::from(13u64));
    assert_eq!(d[0]["lacp.actor.port"], Value::from(7u64));
    assert_eq!(d[0]["lacp.actor.state.timeout"], Value::from(true));
    if let Some(rows) = tshark(
        &p,
        &["lacp.actor.sysid", "lacp.actor.key", "lacp.actor.state"],
    ) {
        assert_eq!(rows, [["02:00:00:00:00:0a", "13", "0x3f"]]);
    }

    let p = tmp("fn");
    // IPv4/UDP 192.0.2.2 -> 198.51.100.2, total length 1500, DF; UDP 12345 -> 53.
    let pkt =
        "4500 05dc 0001 4000 4011 0000 c000 0202 c633 6402 3039 0035 0008 0000".replace(' ', "");
    pdukit(&[
        "craft",
        "frag-needed",
        "--mtu",
        "1400",
        "--packet",
        &pkt,
        "-o",
        p.to_str().unwrap(),
    ]);
    let d = decoded(&p);
    assert_eq!(d[0]["icmp.mtu"], Value::from(1400u64));
    if let Some(rows) = tshark(
        &p,
        &[
            "icmp.type",
            "icmp.code",
            "icmp.mtu",
            "icmp.checksum.status",
            "ip.checksum.status",
        ],
    ) {
        // Outer ICMP type 3 code 4 MTU 1400, ICMP and outer IPv4 checksums good (the quote is
        // UDP, so tshark lists one ICMP header; the quoted IPv4 header is quoted as given, its
        // zero checksum included, so tshark's second ip.checksum.status is 0).
        assert_eq!(rows[0], ["3", "4", "1400", "1", "1,0"]);
    }
}

#[test]
fn errors_have_exit_codes_and_messages() {
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(["decode", "/nonexistent.pcap"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent.pcap"));
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args([
            "craft",
            "frag-needed",
            "--mtu",
            "1400",
            "--packet",
            "zz",
            "-o",
            "/tmp/x.pcap",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn packet_too_big_and_padr_from_a_real_pado() {
    let p = tmp("ptb");
    // IPv6/UDP 2001:db8:1::2 -> 2001:db8:2::2, payload length 1460.
    let pkt = "6000000005b41140200106b8000100000000000000000002200106b8000200000000000000000002303900350008 0000"
        .replace(' ', "")
        .replace("06b8", "0db8");
    pdukit(&[
        "craft",
        "packet-too-big",
        "--mtu",
        "1280",
        "--packet",
        &pkt,
        "-o",
        p.to_str().unwrap(),
    ]);
    let d = decoded(&p);
    assert_eq!(d[0]["icmpv6.type"], Value::from(2u64));
    assert_eq!(d[0]["icmpv6.mtu"], Value::from(1280u64));
    if let Some(rows) = tshark(
        &p,
        &[
            "icmpv6.type",
            "icmpv6.mtu",
            "icmpv6.checksum.status",
            "ipv6.dst",
        ],
    ) {
        assert_eq!(rows[0][..3], ["2", "1280", "1"]);
        assert!(rows[0][3].starts_with("2001:db8:1::2"), "{:?}", rows[0]);
    }
    let pado_pcap = pdukit_testkit::fixtures::testdata("pppoe").join("lab-client.pcap");
    let issued = decoded(&pado_pcap)
        .into_iter()
        .find(|f| f["pppoe.code"] == 7u64)
        .and_then(|f| f["pppoed.tags.ac_cookie"].as_str().map(String::from))
        .expect("the recorded PADO's cookie");
    for (mode, cookie_len) in [("echo", Some(20)), ("random", Some(20)), ("none", None)] {
        let p = tmp(&format!("padr-{mode}"));
        pdukit(&[
            "craft",
            "padr",
            "--from",
            pado_pcap.to_str().unwrap(),
            "--cookie",
            mode,
            "--service",
            "internet",
            "-o",
            p.to_str().unwrap(),
        ]);
        let d = decoded(&p);
        assert_eq!(d[0]["pppoe.code"], Value::from(0x19u64));
        let c = d[0]
            .get("pppoed.tags.ac_cookie")
            .and_then(|v| v.as_str())
            .map(|s| s.len() / 2);
        assert_eq!(c, cookie_len, "{mode}");
        let same =
            d[0].get("pppoed.tags.ac_cookie").and_then(|v| v.as_str()) == Some(issued.as_str());
        assert_eq!(
            same,
            mode == "echo",
            "{mode}: only echo repeats the issued cookie"
        );
        if let Some(rows) = tshark(&p, &["pppoe.code", "pppoed.tags.service_name"]) {
            assert_eq!(rows, [["0x19", "internet"]]);
        }
    }
}

#[test]
fn frag_needed_and_ptb_from_a_capture() {
    // The kernel lab's 1500-byte pings: the first IPv4 and IPv6 packets of lab-pmtu.pcap.
    let src = pdukit_testkit::fixtures::testdata("icmp").join("lab-pmtu.pcap");
    let p = tmp("fn-from");
    pdukit(&[
        "craft",
        "frag-needed",
        "--mtu",
        "1280",
        "--from",
        src.to_str().unwrap(),
        "-o",
        p.to_str().unwrap(),
    ]);
    let d = decoded(&p);
    assert_eq!(d[0]["icmp.mtu"], Value::from(1280u64));
    let p6 = tmp("ptb-from");
    pdukit(&[
        "craft",
        "packet-too-big",
        "--mtu",
        "1300",
        "--from",
        src.to_str().unwrap(),
        "-o",
        p6.to_str().unwrap(),
    ]);
    let d = decoded(&p6);
    assert_eq!(d[0]["icmpv6.mtu"], Value::from(1300u64));
    if let Some(rows) = tshark(&p6, &["icmpv6.checksum.status", "icmpv6.mtu"]) {
        assert_eq!(rows[0][0].split(',').next(), Some("1"));
    }
}

#[test]
fn truncated_files_print_what_decoded_and_fail() {
    let src = pdukit_testkit::fixtures::testdata("lacp").join("lab-ovs.pcap");
    let bytes = std::fs::read(&src).unwrap();
    let p = tmp("truncated");
    std::fs::write(&p, &bytes[..bytes.len() - 50]).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(["decode", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let printed = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(
        printed >= 40,
        "frames before the damage are printed: {printed}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("stopped after frame"));
}

#[test]
fn unknown_link_types_are_reported() {
    // A pcap with link type 105 (IEEE 802.11) and one frame.
    let mut b = Vec::new();
    b.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&65535u32.to_le_bytes());
    b.extend_from_slice(&105u32.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&24u32.to_le_bytes());
    b.extend_from_slice(&24u32.to_le_bytes());
    b.extend_from_slice(&[0x08; 24]);
    let p = tmp("wifi");
    std::fs::write(&p, &b).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(["decode", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not supported") && err.contains("1 frames skipped"),
        "{err}"
    );
}

#[test]
fn stdin_decodes_like_a_file() {
    use std::io::Write as _;
    let src = pdukit_testkit::fixtures::testdata("pppoe").join("lab-ac.pcap");
    let from_file = pdukit(&["decode", "--json", src.to_str().unwrap()]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(["decode", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&src).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), from_file);
    assert!(from_file.lines().count() >= 6);
}

#[test]
fn verbose_output_is_a_tree_by_layer() {
    let src = pdukit_testkit::fixtures::testdata("lacp").join("lab-ovs.pcap");
    let out = pdukit(&["decode", "-v", src.to_str().unwrap()]);
    let first: Vec<&str> = out.split("\n\n").next().unwrap().lines().collect();
    assert!(
        first[0].contains("LACPv1 actor fffe,02-00-00-00-a0-00"),
        "{}",
        first[0]
    );
    // The Ethernet layer first (every layer walked), then the slow protocols and LACP.
    assert_eq!(first[1], "    eth");
    assert!(
        first[2].starts_with("        eth.dst: 01:80:c2:00:00:02"),
        "{first:?}"
    );
    let at = |l: &str| {
        first
            .iter()
            .position(|x| *x == l)
            .unwrap_or_else(|| panic!("{l}: {first:?}"))
    };
    assert!(at("    eth") < at("    slow") && at("    slow") < at("    lacp"));
    assert_eq!(first[at("    lacp") + 2], "        lacp.actor");
    assert!(
        first.contains(&"            lacp.actor.state.activity: true"),
        "{first:?}"
    );
    assert!(first.contains(&"        lacp.partner"));
}
