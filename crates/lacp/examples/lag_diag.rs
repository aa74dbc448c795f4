//! Troubleshoots a LAG from captured LACPDUs: decodes every PDU (systems, keys, ports, state
//! flags in the compact switch-CLI form) and prints the diagnosis — bundled members, and split,
//! crossed or looped LAGs, one-way links, timeout mismatches, defaulted or expired members.
//!
//! Members are told apart by our side's port number ([`Diagnosis::observe_by_port`]). "Our"
//! system is `--own AA:BB:CC:DD:EE:FF`, else the first actor seen.
//!
//! ```text
//! cargo run -p pdukit-lacp --example lag_diag -- testdata/lacp/lab-ovs-ovs.pcap --own 02:00:00:00:a0:00
//! ```

use std::path::Path;

use pdukit_frames::{dissect, read_capture};
use pdukit_lacp::{Diagnosis, Findings, SlowPdu, SystemId, ETHERTYPE};

/// Decodes and diagnoses one capture; returns the printed PDU lines and the final findings.
pub fn diagnose(path: &Path, own: Option<[u8; 6]>) -> std::io::Result<(Vec<String>, Findings)> {
    let cap = read_capture(path)?;
    let mut t = Diagnosis::new(own.map(|mac| SystemId { priority: 0, mac }));
    let mut lines = Vec::new();
    for f in &cap.frames {
        let x = dissect(f.linktype, &f.data);
        if x.ethertype != Some(ETHERTYPE) {
            continue;
        }
        match SlowPdu::parse(x.l2_payload) {
            Ok(SlowPdu::Lacp(p)) => {
                lines.push(format!("#{} {p}", f.number));
                if let Err(e) = t.observe_by_port(&p) {
                    lines.push(format!("#{}: {e}", f.number));
                }
            }
            Ok(SlowPdu::Marker(m)) => lines.push(format!("#{} {m}", f.number)),
            Ok(other) => lines.push(format!("#{} {other:?}", f.number)),
            Err(e) => lines.push(format!("#{} malformed: {e}", f.number)),
        }
    }
    Ok((lines, t.findings()))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut files = Vec::new();
    let mut own = None;
    while let Some(a) = args.next() {
        if a == "--own" {
            let v = args.next().unwrap_or_default();
            let bytes: Vec<u8> = v
                .split(':')
                .filter_map(|x| u8::from_str_radix(x, 16).ok())
                .collect();
            match <[u8; 6]>::try_from(bytes) {
                Ok(m) => own = Some(m),
                Err(_) => {
                    eprintln!("--own needs a MAC address, got {v:?}");
                    std::process::exit(2);
                }
            }
        } else {
            files.push(a);
        }
    }
    for file in files {
        match diagnose(Path::new(&file), own) {
            Ok((lines, findings)) => {
                for l in lines {
                    println!("{file}{l}");
                }
                println!("{file}: diagnosis:");
                for f in findings.iter() {
                    println!("  {f}");
                }
            }
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(1);
            }
        }
    }
}
