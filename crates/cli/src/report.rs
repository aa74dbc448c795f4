//! `pdukit report FILE...`: the stories on any captures (what the demo prints on testdata/):
//! per-family summary, LACP states and the LAG diagnosis per capture, path-MTU signals with
//! sender, MTU and quoted flow, PPPoE exchanges, IGMP groups joined and left, SNMP and L2TP
//! exchanges; text or JSON.

use core::fmt::Write as _;
use core::net::Ipv4Addr;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde_json::{json, Value as Json};

use crate::decode::{decode, Family};
use crate::lag::{Lag, LagReport};

/// A path-MTU signal as the report lists it.
pub struct PmtuLine {
    file: String,
    frame: usize,
    family: &'static str,
    sender: String,
    mtu: u32,
    flow: Option<String>,
}

/// Lines kept per section: the text shows fewer, JSON these; every line is counted.
const KEPT: usize = 1000;

/// One section's lines: the first [`KEPT`], and how many there were. Memory stays bounded
/// however large the captures.
pub struct Lines<T> {
    kept: Vec<T>,
    total: usize,
}

impl<T> Default for Lines<T> {
    fn default() -> Self {
        Lines {
            kept: Vec::new(),
            total: 0,
        }
    }
}

impl<T> Lines<T> {
    /// Counts a line; `make` runs only for a line that is kept.
    fn push(&mut self, make: impl FnOnce() -> T) {
        self.total += 1;
        if self.kept.len() < KEPT {
            self.kept.push(make());
        }
    }
}

/// Everything the report gathers.
#[derive(Default)]
pub struct Report {
    files: usize,
    frames: usize,
    per: BTreeMap<Family, (usize, usize, usize)>,
    lacp: Lines<String>,
    lags: Vec<(String, LagReport)>,
    pmtu: Lines<PmtuLine>,
    pppoe: Lines<String>,
    snmp: Lines<String>,
    l2tp: Lines<String>,
    igmp: BTreeMap<Ipv4Addr, (u64, u64)>,
    /// Groups beyond [`KEPT`] * 100 are counted, not listed.
    igmp_more: u64,
    warnings: Vec<String>,
}

impl Report {
    /// Captures that could not be read, or only in part, or held unsupported link types.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
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

/// Reads every capture once, streamed; a capture that cannot be read, or only in part, or that
/// holds frames of a link type the walk does not know, adds a warning (and keeps its frames).
pub fn collect(files: &[PathBuf], own: Option<[u8; 6]>) -> Result<Report, String> {
    let mut r = Report::default();
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
        r.files += 1;
        let mut unsupported: BTreeMap<String, usize> = BTreeMap::new();
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
            if !crate::supported_link(f.linktype) {
                *unsupported.entry(format!("{:?}", f.linktype)).or_default() += 1;
                continue;
            }
            let Some(d) = decode(f.linktype, &f.data, true) else {
                continue;
            };
            // Only slow-protocol frames are walked a second time (for the LAG's LACPDU).
            if d.family == Family::Slow {
                lag.feed(f.linktype, &f.data);
            }
            let e = r.per.entry(d.family).or_default();
            e.0 += 1;
            e.1 += usize::from(d.fields.get("pdukit.error").is_none());
            e.2 += usize::from(d.bad_checksum);
            let line = || format!("{name}#{} {}", f.number, crate::text::escape(&d.summary));
            if let Some(p) = &d.pmtu {
                r.pmtu.push(|| PmtuLine {
                    file: name.clone(),
                    frame: f.number,
                    family: d.family.name(),
                    sender: p.sender.to_string(),
                    mtu: p.mtu,
                    flow: p.flow.as_ref().map(flow_text),
                });
            }
            for (g, joined) in &d.igmp {
                let known = r.igmp.len() < KEPT * 100 || r.igmp.contains_key(g);
                if !known {
                    r.igmp_more += 1;
                    continue;
                }
                let c = r.igmp.entry(*g).or_default();
                if *joined {
                    c.0 += 1;
                } else {
                    c.1 += 1;
                }
            }
            let section = match d.family {
                Family::Slow => &mut r.lacp,
                Family::PppoeDiscovery => &mut r.pppoe,
                Family::Snmp => &mut r.snmp,
                Family::L2tp => &mut r.l2tp,
                _ => continue,
            };
            // Only the kept lines are formatted.
            section.push(line);
        }
        for (lt, n) in unsupported {
            r.warnings.push(format!(
                "{}: link type {lt} is not supported ({n} frames skipped)",
                path.display()
            ));
        }
        if let Some(f) = lag.report() {
            r.lags.push((name, f));
        }
    }
    if progress && r.frames >= 100_000 {
        eprintln!();
    }
    Ok(r)
}

/// Up to `n` of a section's lines, then how many more there were.
fn some<T>(out: &mut String, v: &Lines<T>, n: usize, mut show: impl FnMut(&mut String, &T)) {
    for x in v.kept.iter().take(n) {
        show(out, x);
    }
    if v.total > n {
        let _ = writeln!(out, "  ... {} more", v.total - n);
    }
}

/// The report as text under `title`; only the sections that have something to say. Strings
/// from the wire are shown escaped (see `crate::text`).
pub fn text(r: &Report, title: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{title}: {} captures, {} frames", r.files, r.frames);
    if !r.per.is_empty() {
        let _ = writeln!(
            o,
            "{:<18} {:>7} {:>8} {:>15}",
            "family", "frames", "decoded", "bad checksums"
        );
        for (fam, (n, ok, bad)) in &r.per {
            let _ = writeln!(o, "{:<18} {n:>7} {ok:>8} {bad:>15}", fam.name());
        }
    }
    if r.lacp.total > 0 {
        let _ = writeln!(o, "\nLACP / Marker PDUs (state: A activity, T short timeout, G aggregation, S sync, C collecting, D distributing, F defaulted, E expired):");
        some(&mut o, &r.lacp, 12, |o, l| {
            let _ = writeln!(o, "  {l}");
        });
    }
    if !r.lags.is_empty() {
        let _ = writeln!(
            o,
            "\nLAG diagnosis (at the end of each capture; our side = --own, or the first actor seen):"
        );
        for (file, f) in &r.lags {
            let mut lines = f.lines().into_iter();
            let _ = writeln!(o, "  {file}: {}", lines.next().unwrap_or_default());
            for l in lines {
                let _ = writeln!(o, "    {l}");
            }
        }
    }
    if r.pmtu.total > 0 {
        let _ = writeln!(
            o,
            "\nFrag-needed / packet-too-big (who, MTU, about which flow):"
        );
        some(&mut o, &r.pmtu, 40, |o, p| {
            let _ = writeln!(
                o,
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
            );
        });
    }
    let plain = [
        ("PPPoE discovery exchanges:", &r.pppoe),
        ("SNMP:", &r.snmp),
        ("L2TP:", &r.l2tp),
    ];
    for (i, (heading, lines)) in plain.into_iter().enumerate() {
        if i == 1 && !r.igmp.is_empty() {
            let _ = writeln!(o, "\nIGMP groups (reports that join / leave):");
            for (g, (j, l)) in r.igmp.iter().take(16) {
                let _ = writeln!(o, "  {g}: joined {j}, left {l}");
            }
            if r.igmp.len() > 16 {
                let _ = writeln!(o, "  ... {} more groups", r.igmp.len() - 16);
            }
            if r.igmp_more > 0 {
                let _ = writeln!(o, "  ... and {} reports of groups not counted", r.igmp_more);
            }
        }
        if lines.total > 0 {
            let _ = writeln!(o, "\n{heading}");
            some(&mut o, lines, 16, |o, l| {
                let _ = writeln!(o, "  {l}");
            });
        }
    }
    o
}

/// The report as one JSON object: each section's kept lines (at most 1000) and its count.
pub fn json(r: &Report) -> String {
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
        "lacp": r.lacp.kept,
        "lag": r.lags.iter().map(|(f, x)| {
            let mut v = x.json();
            v["capture"] = json!(f);
            v
        }).collect::<Vec<_>>(),
        "pmtu": r.pmtu.kept.iter().map(|p| json!({
            "capture": p.file, "frame": p.frame, "family": p.family,
            "sender": p.sender, "mtu": p.mtu, "flow": p.flow,
        })).collect::<Vec<_>>(),
        "pppoe": r.pppoe.kept,
        "igmp": r.igmp.iter().map(|(g, (j, l))| json!({"group": g.to_string(), "joined": j, "left": l})).collect::<Vec<_>>(),
        "snmp": r.snmp.kept,
        "l2tp": r.l2tp.kept,
        "counts": {
            "lacp": r.lacp.total, "pmtu": r.pmtu.total, "pppoe": r.pppoe.total,
            "snmp": r.snmp.total, "l2tp": r.l2tp.total,
            "igmp_groups": r.igmp.len() as u64 + r.igmp_more,
        },
        "warnings": r.warnings,
    });
    format!("{v}\n")
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
