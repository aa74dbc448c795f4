//! The MTU-probe example writes echo requests of exactly the sizes asked, DF set, with valid
//! IPv4 and ICMP checksums (checked with our walker and checksum crate, and tshark if present).

#[path = "../examples/mtu_probe.rs"]
#[allow(dead_code)]
mod mtu_probe;

use std::process::Command;

use pdukit_checksum::verify;
use pdukit_icmp::Icmpv4;
use pdukit_testkit::{dissect, read_capture};

const SIZES: [u16; 7] = [1500, 1492, 1480, 1400, 1280, 576, 28];

#[test]
fn probes_have_exact_sizes_df_and_valid_checksums() {
    let path = std::env::temp_dir().join(format!("pdukit-probe-{}.pcap", std::process::id()));
    let n = mtu_probe::write_probes(std::fs::File::create(&path).unwrap(), &SIZES).unwrap();
    assert_eq!(n, SIZES.len());
    let cap = read_capture(&path).unwrap();
    for (f, want) in cap.frames.iter().zip(SIZES) {
        let d = dissect(f.linktype, &f.data);
        let ip = d.ip.unwrap();
        assert_eq!(ip.header.len() + ip.payload.len(), usize::from(want));
        assert_eq!(ip.header[6] & 0x40, 0x40, "DF");
        assert!(verify(ip.header));
        let Icmpv4::EchoRequest(e) = Icmpv4::parse(ip.payload).unwrap() else {
            panic!("not an echo request")
        };
        assert_eq!(e.data.len(), usize::from(want) - 28);
        assert!(e.data.iter().enumerate().all(|(i, &b)| b == i as u8));
    }
    assert!(mtu_probe::probe_frame(&mut [0u8; 100], 27, 1, [0; 4].into(), [0; 4].into()).is_err());
    if let Ok(out) = Command::new("tshark")
        .args(["-o", "ip.check_checksum:TRUE", "-r"])
        .arg(&path)
        .args([
            "-T",
            "fields",
            "-e",
            "ip.len",
            "-e",
            "ip.flags.df",
            "-e",
            "ip.checksum.status",
        ])
        .args(["-e", "icmp.checksum.status"])
        .output()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        let got: Vec<String> = text.lines().map(String::from).collect();
        let want: Vec<String> = SIZES.iter().map(|s| format!("{s}\t1\t1\t1")).collect();
        assert_eq!(got, want);
    } else {
        assert!(std::env::var_os("CI").is_none(), "tshark missing under CI");
    }
    std::fs::remove_file(path).ok();
}
