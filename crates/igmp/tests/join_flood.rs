//! The join-flood example writes what it promises: N distinct groups cycling in order, v2 or v3,
//! timestamps at the chosen rate, and every IPv4 header and IGMP checksum valid — checked with
//! this workspace's walker and checksum crate, and with tshark when it is installed.

#[path = "../examples/join_flood.rs"]
#[allow(dead_code)]
mod join_flood;

use core::net::Ipv4Addr;
use std::process::Command;

use join_flood::{nth_group, write_joins, Opts};
use pdukit_checksum::verify;
use pdukit_igmp::{Message, RecordType};
use pdukit_testkit::{dissect, read_capture};

/// Writes a flood to a temp file and returns (frames with their walk, path).
fn flood(o: &Opts, name: &str) -> (pdukit_testkit::Capture, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("pdukit-{}-{name}.pcap", std::process::id()));
    let n = write_joins(std::fs::File::create(&path).unwrap(), o).unwrap();
    let cap = read_capture(&path).unwrap();
    assert_eq!(cap.frames.len(), n as usize);
    (cap, path)
}

/// Groups announced per frame, in order, after checking every header and checksum.
fn groups_in(cap: &pdukit_testkit::Capture, version: u8) -> Vec<Vec<Ipv4Addr>> {
    cap.frames
        .iter()
        .map(|f| {
            let d = dissect(f.linktype, &f.data);
            assert!(d.error.is_none(), "{:?}", d.error);
            let ip = d.ip.unwrap();
            assert_eq!((ip.protocol, ip.ttl, ip.router_alert), (2, 1, true));
            assert!(verify(ip.header), "IPv4 header checksum");
            assert_eq!(ip.header[1], 0xc0, "TOS internetwork control");
            let msg = Message::parse(ip.payload).unwrap(); // verifies the IGMP checksum
            let dst = d.dst_mac.unwrap();
            match (version, msg) {
                (2, Message::ReportV2 { group }) => {
                    assert_eq!(ip.dst, group);
                    assert_eq!(dst, join_flood::multicast_mac(group));
                    vec![group]
                }
                (3, Message::ReportV3 { records }) => {
                    assert_eq!(ip.dst, Ipv4Addr::new(224, 0, 0, 22));
                    assert_eq!(dst, [1, 0, 0x5e, 0, 0, 0x16]);
                    records
                        .iter()
                        .map(|r| {
                            assert_eq!(r.record_type, RecordType::CHANGE_TO_EXCLUDE);
                            assert!(r.sources.is_empty());
                            r.group
                        })
                        .collect()
                }
                (v, m) => panic!("v{v}: unexpected {m:?}"),
            }
        })
        .collect()
}

#[test]
fn v2_flood_cycles_groups_at_the_rate() {
    let o = Opts {
        groups: 300,
        packets: Some(750),
        version: 2,
        rate: 250.0,
        ..Opts::default()
    };
    let (cap, path) = flood(&o, "v2");
    let got: Vec<Ipv4Addr> = groups_in(&cap, 2).into_iter().flatten().collect();
    let want: Vec<Ipv4Addr> = (0..750).map(|i| nth_group(o.first, i % 300)).collect();
    assert_eq!(got, want);
    assert_eq!(got[299], Ipv4Addr::new(239, 1, 1, 44));
    // 250 pps: frame i at i * 4 ms.
    for (i, f) in cap.frames.iter().enumerate() {
        assert_eq!(f.timestamp.as_micros(), i as u128 * 4000, "frame {i}");
    }
    tshark_agrees(&path, 750, "2");
    std::fs::remove_file(path).ok();
}

#[test]
fn v3_flood_packs_records_and_covers_10000_groups() {
    let o = Opts {
        groups: 10_000,
        version: 3,
        records: 4,
        ..Opts::default()
    };
    let (cap, path) = flood(&o, "v3");
    assert_eq!(cap.frames.len(), 2500);
    let per_frame = groups_in(&cap, 3);
    assert!(per_frame.iter().all(|g| g.len() == 4));
    let got: Vec<Ipv4Addr> = per_frame.into_iter().flatten().collect();
    let want: Vec<Ipv4Addr> = (0..10_000).map(|i| nth_group(o.first, i)).collect();
    assert_eq!(got, want);
    assert_eq!(got[9999], Ipv4Addr::new(239, 1, 39, 16));
    tshark_agrees(&path, 2500, "3");
    std::fs::remove_file(path).ok();
}

#[test]
fn bad_options_are_errors_not_frames() {
    let mut frame = [0u8; 64];
    let g = [Ipv4Addr::new(239, 1, 1, 1)];
    let mac = [2, 0, 0, 0, 0, 1];
    let src = Ipv4Addr::new(192, 0, 2, 1);
    assert!(join_flood::join_frame(&mut frame, 1, &g, &[], mac, src).is_err());
    assert!(join_flood::join_frame(&mut frame, 2, &[], &[], mac, src).is_err());
    // 64 bytes hold the headers (38) + 8 + one record (8) but not two more records.
    assert!(join_flood::join_frame(&mut frame, 3, &[g[0]; 3], &[], mac, src).is_err());
    let n = join_flood::join_frame(&mut frame, 3, &g, &[src], mac, src).unwrap();
    assert_eq!(n, 38 + 8 + 8 + 4);
}

/// tshark checks the IPv4 and IGMP checksums of every frame and sees the right version.
fn tshark_agrees(path: &std::path::Path, frames: usize, version: &str) {
    let Ok(out) = Command::new("tshark")
        .args(["-o", "ip.check_checksum:TRUE", "-r"])
        .arg(path)
        .args(["-T", "fields", "-e", "ip.checksum.status"])
        .args(["-e", "igmp.checksum.status", "-e", "igmp.version"])
        .output()
    else {
        assert!(std::env::var_os("CI").is_none(), "tshark missing under CI");
        eprintln!("NOTICE: tshark absent; skipping its check");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let want = format!("1\t1\t{version}");
    assert_eq!(
        text.lines().filter(|l| *l == want).count(),
        frames,
        "{text:.300}"
    );
}
