//! Path-MTU black-hole debugging: prints every ICMPv4 frag-needed and ICMPv6 Packet Too Big in
//! captures — who sent it, with what MTU, about which flow, and what a host should make of it
//! (RFC 1191/8201/4443 rules; current path MTU assumed 1500 per destination until lowered).
//!
//! ```text
//! cargo run -p pdukit-icmp --example ptb_scan -- testdata/icmp/lab-pmtu.pcap
//! ```

use core::net::IpAddr;
use std::collections::HashMap;
use std::path::Path;

use pdukit_frames::{dissect, read_capture};
use pdukit_icmp::rules::{self, Action, Config, Decision};
use pdukit_icmp::{Icmpv4, Icmpv6};

/// One message found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Frame number in the capture.
    pub frame: usize,
    /// Who sent the ICMP message.
    pub sender: IpAddr,
    /// MTU it reported.
    pub mtu: u32,
    /// Whether its checksum verified.
    pub checksum_ok: bool,
    /// The decision (flow included when the quote parsed).
    pub decision: Decision,
}

/// Scans one capture.
pub fn scan(path: &Path) -> std::io::Result<Vec<Report>> {
    let cap = read_capture(path)?;
    let mut current: HashMap<IpAddr, u32> = HashMap::new();
    let mut out = Vec::new();
    for f in &cap.frames {
        let d = dissect(f.linktype, &f.data);
        let Some(ip) = d.ip else { continue };
        let (mtu, checksum_ok, decision) = match (ip.src, ip.dst, ip.protocol) {
            (IpAddr::V4(_), _, 1) => {
                let Ok(m) = Icmpv4::parse_lax(ip.payload) else {
                    continue;
                };
                let Some(mtu) = m.frag_needed_mtu() else {
                    continue;
                };
                let dst = m
                    .error_body()
                    .and_then(|b| b.quoted_ipv4().ok())
                    .map(|q| IpAddr::V4(q.dst()));
                let cur = dst.and_then(|d| current.get(&d).copied()).unwrap_or(1500);
                let dec = rules::decide_v4(&m, cur, &Config::RFC, None);
                (u32::from(mtu), Icmpv4::parse(ip.payload).is_ok(), dec)
            }
            (IpAddr::V6(s), IpAddr::V6(t), 58) => {
                let Ok(m) = Icmpv6::parse_lax(ip.payload) else {
                    continue;
                };
                let Icmpv6::PacketTooBig { mtu, .. } = m else {
                    continue;
                };
                let dst = m
                    .quoted_ipv6()
                    .and_then(Result::ok)
                    .map(|q| IpAddr::V6(q.dst()));
                let cur = dst.and_then(|d| current.get(&d).copied()).unwrap_or(1500);
                let dec = rules::decide_v6(&m, cur, &Config::RFC, None);
                (mtu, Icmpv6::parse(ip.payload, &s, &t).is_ok(), dec)
            }
            _ => continue,
        };
        if let (Action::Lower(v), Some(flow)) = (decision.action, decision.flow) {
            current.insert(flow.dst, v);
        }
        out.push(Report {
            frame: f.number,
            sender: ip.src,
            mtu,
            checksum_ok,
            decision,
        });
    }
    Ok(out)
}

fn main() {
    let mut total = 0;
    for arg in std::env::args().skip(1) {
        let reports = match scan(Path::new(&arg)) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{arg}: {e}");
                std::process::exit(1);
            }
        };
        for r in &reports {
            let flow = match r.decision.flow {
                Some(f) => match f.transport {
                    Some(pdukit_icmp::Transport::Tcp {
                        src_port, dst_port, ..
                    }) => format!("tcp {}:{src_port} -> {}:{dst_port}", f.src, f.dst),
                    Some(pdukit_icmp::Transport::Ports {
                        protocol,
                        src_port,
                        dst_port,
                    }) => format!(
                        "proto {protocol} {}:{src_port} -> {}:{dst_port}",
                        f.src, f.dst
                    ),
                    _ => format!("proto {} {} -> {}", f.protocol, f.src, f.dst),
                },
                None => "unparseable quote".into(),
            };
            println!(
                "{arg}#{}: from {} mtu {} about {flow}{}: {:?} ({})",
                r.frame,
                r.sender,
                r.mtu,
                if r.checksum_ok { "" } else { " [BAD CHECKSUM]" },
                r.decision.action,
                r.decision.reason
            );
        }
        total += reports.len();
    }
    eprintln!("{total} frag-needed / packet-too-big messages");
}
