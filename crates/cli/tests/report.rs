//! `pdukit report`: runs over every capture in testdata/ and ../shared/fixtures/ without error,
//! and its PMTU, PPPoE and LAG findings agree with what tshark gives for the same frames.

use std::path::{Path, PathBuf};
use std::process::Command;

use pdukit_testkit::{fixtures, tshark};
use serde_json::Value;

fn captures(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(captures(&p));
        } else if p.extension().is_some_and(|x| x == "pcap" || x == "pcapng") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn report(files: &[PathBuf], extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .arg("report")
        .arg("--json")
        .args(extra)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn report_runs_over_every_capture() {
    // testdata/fuzz holds captures damaged on purpose: the report names them and fails (below).
    let (damaged, mut files): (Vec<PathBuf>, Vec<PathBuf>) = captures(&fixtures::testdata("."))
        .into_iter()
        .partition(|p| p.to_string_lossy().contains("/fuzz/"));
    let n_testdata = files.len();
    if let Some(dir) = fixtures::shared(".") {
        files.extend(captures(&dir));
    }
    let r = report(&files, &[]);
    assert_eq!(r["captures"].as_u64().unwrap() as usize, files.len());
    assert!(n_testdata >= 14);
    assert!(r["frames"].as_u64().unwrap() >= 690);
    // Every family is seen somewhere.
    for fam in [
        "IGMP",
        "ICMP",
        "ICMPv6",
        "LACP/Marker",
        "PPPoE discovery",
        "SNMP",
        "L2TP",
    ] {
        assert!(r["families"][fam]["frames"].as_u64().unwrap() > 0, "{fam}");
    }
    assert_eq!(r["warnings"], serde_json::json!([]));
    // With the damaged ones: the same report, a warning for each, and exit status 1.
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(["report", "--json"])
        .args(&files)
        .args(&damaged)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let with: Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = with["warnings"].as_array().unwrap().len();
    assert!(
        (1..=damaged.len()).contains(&n),
        "{n} warnings for {damaged:?}"
    );
    assert_eq!(with["families"]["IGMP"], r["families"]["IGMP"]);
    eprintln!(
        "report: {} captures, {} frames, {} PMTU signals, {} warnings",
        files.len(),
        r["frames"],
        r["pmtu"].as_array().unwrap().len(),
        r["warnings"].as_array().unwrap().len()
    );
}

#[test]
fn pmtu_signals_match_tshark() {
    let path = fixtures::testdata("icmp").join("lab-pmtu.pcap");
    let r = report(core::slice::from_ref(&path), &[]);
    let Some(t) = tshark::fields(
        &path,
        "(icmp.type == 3 && icmp.code == 4) || icmpv6.type == 2",
        &[
            "ip.src",
            "ipv6.src",
            "ip.dst",
            "ipv6.dst",
            "icmp.mtu",
            "icmpv6.mtu",
        ],
    ) else {
        return;
    };
    let ours = r["pmtu"].as_array().unwrap();
    assert_eq!(ours.len(), t.len(), "one signal per frame tshark finds");
    assert!(ours.len() >= 6);
    for p in ours {
        let frame = p["frame"].as_u64().unwrap() as usize;
        let f = &t[&frame];
        let (src, dst) = if f.contains_key("ip.src") {
            (&f["ip.src"], &f["ip.dst"])
        } else {
            (&f["ipv6.src"], &f["ipv6.dst"])
        };
        // The sender is the outer source; the flow is the quoted packet's (tshark's second
        // values of the same fields).
        assert_eq!(p["sender"], src[0].as_str(), "frame {frame}");
        let mtu = f.get("icmp.mtu").or(f.get("icmpv6.mtu")).unwrap()[0].clone();
        assert_eq!(p["mtu"].to_string(), mtu, "frame {frame}");
        let flow = p["flow"].as_str().unwrap();
        assert!(
            flow.ends_with(&format!("{} -> {}", src[1], dst[1])),
            "frame {frame}: {flow} vs {src:?} {dst:?}"
        );
    }
}

#[test]
fn pppoe_exchanges_match_tshark() {
    let dir = fixtures::testdata("pppoe");
    for path in captures(&dir) {
        let r = report(core::slice::from_ref(&path), &[]);
        let Some(t) = tshark::fields(&path, "pppoed", &["pppoe.code"]) else {
            return;
        };
        let ours = r["pppoe"].as_array().unwrap();
        assert_eq!(ours.len(), t.len(), "{}", path.display());
        let name = |c: &str| match u8::from_str_radix(c.trim_start_matches("0x"), 16).unwrap() {
            0x09 => "PADI",
            0x07 => "PADO",
            0x19 => "PADR",
            0x65 => "PADS",
            0xa7 => "PADT",
            0xd3 => "PADM",
            _ => "other",
        };
        for line in ours {
            let line = line.as_str().unwrap();
            let frame: usize = line
                .split('#')
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let code = name(&t[&frame]["pppoe.code"][0]);
            assert!(line.contains(&format!("PPPoE {code}")), "{line} vs {code}");
        }
    }
}

#[test]
fn lag_findings_match_tshark_states() {
    // lab-ovs.pcap: two members; tshark's last LACPDU of each side on each member has
    // synchronization, collecting and distributing set, so both are bundled, and nothing else.
    let path = fixtures::testdata("lacp").join("lab-ovs.pcap");
    let r = report(core::slice::from_ref(&path), &[]);
    let Some(t) = tshark::fields(
        &path,
        "lacp",
        &["lacp.actor.sysid", "lacp.actor.port", "lacp.actor.state"],
    ) else {
        return;
    };
    let mut frames: Vec<_> = t.keys().copied().collect();
    frames.sort();
    let mut last = std::collections::BTreeMap::new();
    for n in frames {
        let f = &t[&n];
        let key = (
            f["lacp.actor.sysid"][0].clone(),
            f["lacp.actor.port"][0].clone(),
        );
        let state =
            u8::from_str_radix(f["lacp.actor.state"][0].trim_start_matches("0x"), 16).unwrap();
        last.insert(key, state);
    }
    assert_eq!(last.len(), 4, "two systems x two members: {last:?}");
    assert!(last.values().all(|s| s & 0x38 == 0x38), "{last:?}");
    let lag = &r["lag"][0]["findings"];
    assert_eq!(
        lag,
        &serde_json::json!(["link 0: bundled", "link 1: bundled"])
    );
}

#[test]
fn a_looped_lag_is_named_looped_and_nothing_else() {
    // Recorded by the lacp lab: one Open vSwitch bond whose two members are cabled together.
    let path = fixtures::testdata("lacp").join("lab-ovs-looped.pcap");
    let r = report(core::slice::from_ref(&path), &[]);
    assert_eq!(
        r["lag"][0]["findings"],
        serde_json::json!([
            "link 0: looped (partner is our own system and key)",
            "link 1: looped (partner is our own system and key)"
        ])
    );
}
