//! `pdukit report FILE...`: the stories on any captures (what the demo prints on testdata/):
//! per-family summary, LACP states and the LAG diagnosis per capture, path-MTU signals with
//! sender, MTU and quoted flow, PPPoE exchanges, IGMP groups joined and left, SNMP and L2TP
//! exchanges; text or JSON.

use core::net::Ipv4Addr;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde_json::{json, Value as Json};

use crate::decode::{decode, Family};
use crate::lag::Lag;

/// A path-MTU signal as the report lists it.
pub struct PmtuLine {
    file: String,
    frame: usize,
    family: &'static str,
    sender: String,
    mtu: u32,
    flow: Option<String>,
}

/// Everything the report gathers.
#[derive(Default)]
pub struct Report {
    files: usize,
    frames: usize,
    per: BTreeMap<Family, (usize, usize, usize)>,
    lacp: Vec<String>,
    lags: Vec<(String, Vec<String>)>,
    pmtu: Vec<PmtuLine>,
    pppoe: Vec<String>,
    snmp: Vec<String>,
    l2tp: Vec<String>,
    igmp: BTreeMap<Ipv4Addr, (u64, u64)>,
    warnings: Vec<String>,
}

fn flow_text(f: &pdukit_icmp::Flow) -> String {
    use pdukit_icmp::Transport;
    match f.transport {
        Some(Transport::Tcp {
            src_port, dst_port, ..
        }) => format!("TCP {}:{src_port} -> {}:{dst_port}", f.src, f.dst),
        Some(Transport::Ports {
            protocol,
            src_port,
            dst_port,
        }) => {
            let p = if protocol == 17 {
                "UDP".to_string()
            } else {
                format!("proto {protocol}")
            };
            format!("{p} {}:{src_port} -> {}:{dst_port}", f.src, f.dst)
        }
        _ => {
            let p = match f.protocol {
                1 => "ICMP".to_string(),
                58 => "ICMPv6".to_string(),
                6 => "TCP".to_string(),
                17 => "UDP".to_string(),
                p => format!("proto {p}"),
            };
            format!("{p} {} -> {}", f.src, f.dst)
        }
    }
}

/// Reads every capture once, streamed; a damaged capture adds a warning and keeps its frames.
pub fn collect(files: &[PathBuf], own: Option<[u8; 6]>) -> Result<Report, String> {
    let mut r = Report {
        files: files.len(),
        ..Report::default()
    };
    let progress = std::io::stderr().is_terminal();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut lag = Lag::new(own);
        let reader = match pdukit_frames::open(path) {
            Ok(x) => x,
            Err(e) => {
                r.warnings.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        for f in reader {
            let f = match f {
                Ok(f) => f,
                Err(e) => {
                    r.warnings.push(format!("{}: {e}", path.display()));
                    break;
                }
            };
            r.frames += 1;
            if progress && r.frames.is_multiple_of(100_000) {
                eprint!("\rpdukit report: {name}: frame {}", f.number);
            }
            lag.feed(f.linktype, &f.data);
            let Some(d) = decode(f.linktype, &f.data, true) else {
                continue;
            };
            let e = r.per.entry(d.family).or_default();
            e.0 += 1;
            e.1 += usize::from(d.fields.get("pdukit.error").is_none());
            e.2 += usize::from(d.bad_checksum);
            let line = format!("{name}#{} {}", f.number, d.summary);
            if let Some(p) = &d.pmtu {
                r.pmtu.push(PmtuLine {
                    file: name.clone(),
                    frame: f.number,
                    family: d.family.name(),
                    sender: p.sender.to_string(),
                    mtu: p.mtu,
                    flow: p.flow.as_ref().map(flow_text),
                });
            }
            for (g, joined) in &d.igmp {
                let c = r.igmp.entry(*g).or_default();
                if *joined {
                    c.0 += 1;
                } else {
                    c.1 += 1;
                }
            }
            match d.family {
                Family::Slow => r.lacp.push(line),
                Family::PppoeDiscovery => r.pppoe.push(line),
                Family::Snmp => r.snmp.push(line),
                Family::L2tp => r.l2tp.push(line),
                _ => {}
            }
        }
        if let Some(f) = lag.findings() {
            r.lags.push((name, f));
        }
    }
    if progress && r.frames >= 100_000 {
        eprintln!();
    }
    Ok(r)
}

fn some<T>(v: &[T], n: usize, mut show: impl FnMut(&T)) {
    for x in v.iter().take(n) {
        show(x);
    }
    if v.len() > n {
        println!("  ... {} more", v.len() - n);
    }
}

/// Prints the report as text under `title`.
pub fn print_text(r: &Report, title: &str) {
    println!("{title}: {} captures, {} frames", r.files, r.frames);
    println!(
        "{:<18} {:>7} {:>8} {:>15}",
        "family", "frames", "decoded", "bad checksums"
    );
    for (fam, (n, ok, bad)) in &r.per {
        println!("{:<18} {n:>7} {ok:>8} {bad:>15}", fam.name());
    }
    println!("\nLACP / Marker PDUs (state: A activity, T short timeout, G aggregation, S sync, C collecting, D distributing, F defaulted, E expired):");
    some(&r.lacp, 12, |l| println!("  {l}"));
    println!(
        "\nLAG diagnosis (our side = --own, or the first actor seen; at the end of each capture):"
    );
    for (file, f) in &r.lags {
        println!("  {file}: {}", f.join("; "));
    }
    println!("\nFrag-needed / packet-too-big (who, MTU, about which flow):");
    some(&r.pmtu, 40, |p| {
        println!(
            "  {}#{} {} from {}, mtu {}{}",
            p.file,
            p.frame,
            p.family,
            p.sender,
            p.mtu,
            p.flow
                .as_ref()
                .map(|f| format!(", about {f}"))
                .unwrap_or_default()
        )
    });
    println!("\nPPPoE discovery exchanges:");
    some(&r.pppoe, 16, |l| println!("  {l}"));
    println!("\nIGMP groups (reports that join / leave):");
    let groups: Vec<_> = r.igmp.iter().collect();
    some(&groups, 16, |(g, (j, l))| {
        println!("  {g}: joined {j}, left {l}")
    });
    println!("\nSNMP:");
    some(&r.snmp, 16, |l| println!("  {l}"));
    println!("\nL2TP:");
    some(&r.l2tp, 16, |l| println!("  {l}"));
    for w in &r.warnings {
        eprintln!("pdukit: warning: {w}");
    }
}

/// Prints the report as one JSON object.
pub fn print_json(r: &Report) {
    let per: serde_json::Map<String, Json> = r
        .per
        .iter()
        .map(|(f, (n, ok, bad))| {
            (
                f.name().to_string(),
                json!({"frames": n, "decoded": ok, "bad_checksums": bad}),
            )
        })
        .collect();
    let v = json!({
        "captures": r.files,
        "frames": r.frames,
        "families": per,
        "lacp": r.lacp,
        "lag": r.lags.iter().map(|(f, x)| json!({"capture": f, "findings": x})).collect::<Vec<_>>(),
        "pmtu": r.pmtu.iter().map(|p| json!({
            "capture": p.file, "frame": p.frame, "family": p.family,
            "sender": p.sender, "mtu": p.mtu, "flow": p.flow,
        })).collect::<Vec<_>>(),
        "pppoe": r.pppoe,
        "igmp": r.igmp.iter().map(|(g, (j, l))| json!({"group": g.to_string(), "joined": j, "left": l})).collect::<Vec<_>>(),
        "snmp": r.snmp,
        "l2tp": r.l2tp,
        "warnings": r.warnings,
    });
    println!("{v}");
}

/// The captures under `dir` (one level of subfolders, as testdata/ is laid out), sorted.
pub fn captures_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let top = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "{}: {e} (run from the repository root, or pass --testdata)",
            dir.display()
        )
    })?;
    for d in top.flatten() {
        let p = d.path();
        let inner: Vec<PathBuf> = if p.is_dir() {
            std::fs::read_dir(&p)
                .map(|r| r.flatten().map(|e| e.path()).collect())
                .unwrap_or_default()
        } else {
            vec![p]
        };
        files.extend(
            inner
                .into_iter()
                .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng")),
        );
    }
    files.sort();
    Ok(files)
}
