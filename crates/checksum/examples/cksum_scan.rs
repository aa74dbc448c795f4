//! Verifies every checksum this crate knows how to check in captures: IPv4 headers, ICMPv4,
//! ICMPv6 (IPv6 pseudo-header), UDP over IPv4/IPv6 (pseudo-headers; a zero UDPv4 checksum means
//! "none"), IGMP. Prints one line per file and a total.
//!
//! ```text
//! cargo run -p pdukit-checksum --example cksum_scan -- testdata/checksum/*.pcap
//! ```

use core::net::IpAddr;
use std::path::Path;

use pdukit_checksum::{verify, Checksum};
use pdukit_frames::{dissect, read_capture, Dissected};

/// Counts per file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Frames read.
    pub frames: usize,
    /// Checksums verified good.
    pub good: usize,
    /// Checksums verified bad.
    pub bad: usize,
    /// Checksums that could not be checked (truncated or fragmented).
    pub skipped: usize,
}

/// Checks one walked frame; returns (layer, ok) for every checksum found.
pub fn check_frame(d: &Dissected<'_>) -> Vec<(&'static str, Option<bool>)> {
    let mut out = Vec::new();
    let Some(ip) = &d.ip else { return out };
    if ip.src.is_ipv4() {
        out.push(("ipv4", Some(verify(ip.header))));
    }
    if ip.incomplete || ip.fragmented {
        out.push(("l4", None));
        return out;
    }
    let pl = ip.payload;
    match (ip.src, ip.dst, ip.protocol) {
        (IpAddr::V4(_), _, 1) => out.push(("icmp", Some(verify(pl)))),
        (IpAddr::V4(_), _, 2) => out.push(("igmp", Some(verify(pl)))),
        (IpAddr::V6(s), IpAddr::V6(t), 58) => {
            let mut c = Checksum::ipv6_pseudo_header(&s, &t, 58, pl.len() as u32);
            c.add_bytes(pl);
            out.push(("icmpv6", Some(c.is_valid())));
        }
        (IpAddr::V4(s), IpAddr::V4(t), 17) if pl.len() >= 8 && pl[6..8] != [0, 0] => {
            let mut c = Checksum::ipv4_pseudo_header(s, t, 17, pl.len() as u16);
            c.add_bytes(pl);
            out.push(("udp", Some(c.is_valid())));
        }
        (IpAddr::V6(s), IpAddr::V6(t), 17) => {
            let mut c = Checksum::ipv6_pseudo_header(&s, &t, 17, pl.len() as u32);
            c.add_bytes(pl);
            out.push(("udp6", Some(c.is_valid())));
        }
        _ => {}
    }
    out
}

/// Scans one capture file.
pub fn scan(path: &Path) -> std::io::Result<Summary> {
    let cap = read_capture(path)?;
    let mut s = Summary {
        frames: cap.frames.len(),
        ..Summary::default()
    };
    for f in &cap.frames {
        for (_, ok) in check_frame(&dissect(f.linktype, &f.data)) {
            match ok {
                Some(true) => s.good += 1,
                Some(false) => s.bad += 1,
                None => s.skipped += 1,
            }
        }
    }
    Ok(s)
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: cksum_scan CAPTURE...");
        std::process::exit(2);
    }
    let mut total = Summary::default();
    let mut failed = false;
    for a in &args {
        match scan(Path::new(a)) {
            Ok(s) => {
                println!(
                    "{a}: {} frames, {} checksums good, {} bad, {} not checkable",
                    s.frames, s.good, s.bad, s.skipped
                );
                total.frames += s.frames;
                total.good += s.good;
                total.bad += s.bad;
                total.skipped += s.skipped;
            }
            Err(e) => {
                eprintln!("{a}: {e}");
                failed = true;
            }
        }
    }
    println!(
        "total: {} files, {} frames, {} good, {} bad, {} not checkable",
        args.len(),
        total.frames,
        total.good,
        total.bad,
        total.skipped
    );
    if failed {
        std::process::exit(1);
    }
}
