//! Troubleshoots a LAG from captured LACPDUs: decodes every PDU (systems, keys, ports, state
//! flags in the compact switch-CLI form) and prints the diagnosis — bundled members, and split,
//! crossed or looped LAGs, one-way links, timeout mismatches, defaulted or expired members.
//!
//! Members are told apart by our side's port number (our actor port, or the port the partner
//! names as its partner). "Our" system is `--own AA:BB:CC:DD:EE:FF`, else the first actor seen.
//!
//! ```text
//! cargo run -p pdukit-lacp --example lag_diag -- testdata/lacp/lab-ovs-ovs.pcap --own 02:00:00:00:a0:00
//! ```

use std::path::Path;

use pdukit_lacp::{Diagnosis, Findings, Lacpdu, SlowPdu, SystemId, ETHERTYPE};
use pdukit_testkit::{dissect, read_capture};

/// Attributes PDUs to member links and feeds the diagnosis.
pub struct LagTracker {
    diag: Diagnosis,
    own: Option<[u8; 6]>,
    ports: Vec<u16>,
}

impl LagTracker {
    /// From the point of view of system MAC `own` (or the first actor seen).
    pub fn new(own: Option<[u8; 6]>) -> Self {
        LagTracker {
            diag: Diagnosis::new(None),
            own,
            ports: Vec::new(),
        }
    }

    /// Feeds one LACPDU. A partner's PDU that does not yet name our port (0: it has not heard
    /// us) cannot be attributed to a member and is skipped.
    pub fn feed(&mut self, p: &Lacpdu<'_>) -> Result<(), String> {
        let me = *self.own.get_or_insert(p.actor.system);
        if self.diag.own_system().is_none() {
            if p.actor.system != me {
                return Ok(());
            }
            self.diag = Diagnosis::new(Some(SystemId {
                priority: p.actor.system_priority,
                mac: me,
            }));
        }
        let our_port = if p.actor.system == me {
            p.actor.port
        } else {
            p.partner.port
        };
        if our_port == 0 {
            return Ok(());
        }
        let link = match self.ports.iter().position(|&q| q == our_port) {
            Some(i) => i,
            None => {
                self.ports.push(our_port);
                self.ports.len() - 1
            }
        };
        self.diag.observe(link, p).map_err(|e| e.to_string())
    }

    /// The diagnosis so far.
    pub fn findings(&self) -> Findings {
        self.diag.findings()
    }
}

/// Decodes and diagnoses one capture; returns the printed PDU lines and the final findings.
pub fn diagnose(path: &Path, own: Option<[u8; 6]>) -> std::io::Result<(Vec<String>, Findings)> {
    let cap = read_capture(path)?;
    let mut t = LagTracker::new(own);
    let mut lines = Vec::new();
    for f in &cap.frames {
        let x = dissect(f.linktype, &f.data);
        if x.ethertype != Some(ETHERTYPE) {
            continue;
        }
        match SlowPdu::parse(x.l2_payload) {
            Ok(SlowPdu::Lacp(p)) => {
                lines.push(format!(
                    "#{} LACPv{} actor {} key {} port {} [{}] partner {} key {} port {} [{}]",
                    f.number,
                    p.version,
                    p.actor.system_id(),
                    p.actor.key,
                    p.actor.port,
                    p.actor.state,
                    p.partner.system_id(),
                    p.partner.key,
                    p.partner.port,
                    p.partner.state
                ));
                if let Err(e) = t.feed(&p) {
                    lines.push(format!("#{}: {e}", f.number));
                }
            }
            Ok(SlowPdu::Marker(m)) => lines.push(format!(
                "#{} Marker {} port {} txid {}",
                f.number,
                if m.response {
                    "Response"
                } else {
                    "Information"
                },
                m.requester_port,
                m.requester_transaction_id
            )),
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
