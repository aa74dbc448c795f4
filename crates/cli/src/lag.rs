//! The LAG diagnosis over a capture: from our side (`--own`, else the first actor seen), and,
//! when other systems' LACPDUs are in the capture too (both ends of a LAG captured on a tap or
//! a bridge), from each of theirs. Members are told apart by the diagnosed side's port number
//! (`Diagnosis::observe_by_port`).

use pdukit_frames::{dissect, DataLink};
use pdukit_lacp::{Diagnosis, Lacpdu, SystemId};

/// Systems diagnosed at most per capture (ours and three others).
const MAX_SIDES: usize = 4;
/// Actor systems remembered (beyond them a capture's systems are not counted).
const MAX_ACTORS: usize = 16;
/// LACPDUs kept (the latest per actor system and port): a diagnosis only needs those.
const MAX_KEPT: usize = 64;

/// How our side was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// `--own MAC`.
    Own,
    /// No `--own`: the first system whose LACPDU the capture holds.
    FirstActor,
}

impl Chosen {
    /// The reason, as the report prints it.
    pub fn why(self) -> &'static str {
        match self {
            Chosen::Own => "--own",
            Chosen::FirstActor => "the first actor seen; --own MAC picks another",
        }
    }
}

/// The diagnosis of one capture.
pub struct LagReport {
    /// Our side's system MAC.
    pub ours: [u8; 6],
    /// Why it is ours.
    pub chosen: Chosen,
    /// The findings from our side.
    pub findings: Vec<String>,
    /// The other systems that sent LACPDUs, each with the findings from its side.
    pub others: Vec<([u8; 6], Vec<String>)>,
    /// Systems beyond [`MAX_SIDES`] that were not diagnosed.
    pub not_diagnosed: usize,
}

/// The latest LACPDU of one (actor system, actor port): the key, its arrival, its bytes.
type Kept = (([u8; 6], u16), u64, Vec<u8>);

/// Tracks the LACPDUs of one capture.
pub struct Lag {
    own: Option<[u8; 6]>,
    /// Actor systems in the order first seen.
    actors: Vec<[u8; 6]>,
    /// The latest LACPDU of each (actor system, actor port), with its arrival order.
    kept: Vec<Kept>,
    arrivals: u64,
}

impl Default for Lag {
    fn default() -> Self {
        Lag::new(None)
    }
}

fn mac_text(m: &[u8; 6]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

impl LagReport {
    /// One line of text: our side, why, the findings; then a line per other side.
    pub fn lines(&self) -> Vec<String> {
        let mut v = vec![format!(
            "from {} ({}): {}",
            mac_text(&self.ours),
            self.chosen.why(),
            self.findings.join("; ")
        )];
        if !self.others.is_empty() {
            let both = if self.others.len() == 1 {
                "both sides of the LAG are in the capture"
            } else {
                "other systems' LACPDUs are in the capture"
            };
            v.push(format!("{both}; diagnosed from each:"));
        }
        for (m, f) in &self.others {
            v.push(format!("from {}: {}", mac_text(m), f.join("; ")));
        }
        if self.not_diagnosed > 0 {
            v.push(format!("{} more systems not diagnosed", self.not_diagnosed));
        }
        v
    }

    /// The report as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "our_side": mac_text(&self.ours),
            "chosen_by": self.chosen.why(),
            "findings": self.findings,
            "other_sides": self.others.iter().map(|(m, f)| serde_json::json!({
                "side": mac_text(m), "findings": f,
            })).collect::<Vec<_>>(),
            "not_diagnosed": self.not_diagnosed,
        })
    }
}

impl Lag {
    /// A diagnosis from the point of view of system `own` (its MAC), or of the first actor seen.
    pub fn new(own: Option<[u8; 6]>) -> Self {
        Lag {
            own,
            actors: Vec::new(),
            kept: Vec::new(),
            arrivals: 0,
        }
    }

    fn diagnose(&self, side: [u8; 6]) -> Vec<String> {
        let mut diag = Diagnosis::new(Some(SystemId {
            priority: 0,
            mac: side,
        }));
        let mut order: Vec<&Kept> = self.kept.iter().collect();
        order.sort_by_key(|k| k.1);
        for (_, _, bytes) in order {
            if let Ok(p) = Lacpdu::parse(bytes) {
                // More members than the diagnosis tracks: the extra ones are left out.
                let _ = diag.observe_by_port(&p);
            }
        }
        diag.findings().iter().map(|x| x.to_string()).collect()
    }

    /// The diagnosis from our side and from every other system seen, if any LACPDU was seen.
    pub fn report(&self) -> Option<LagReport> {
        let first = *self.actors.first()?;
        let (ours, chosen) = match self.own {
            Some(m) => (m, Chosen::Own),
            None => (first, Chosen::FirstActor),
        };
        let others: Vec<[u8; 6]> = self.actors.iter().copied().filter(|m| *m != ours).collect();
        let shown = others.len().min(MAX_SIDES - 1);
        Some(LagReport {
            ours,
            chosen,
            findings: self.diagnose(ours),
            others: others[..shown]
                .iter()
                .map(|m| (*m, self.diagnose(*m)))
                .collect(),
            not_diagnosed: others.len() - shown,
        })
    }

    /// Feeds a frame (anything but a LACPDU is ignored).
    pub fn feed(&mut self, linktype: DataLink, data: &[u8]) {
        let d = dissect(linktype, data);
        if d.ethertype != Some(pdukit_lacp::ETHERTYPE) {
            return;
        }
        let Ok(p) = Lacpdu::parse(d.l2_payload) else {
            return;
        };
        let key = (p.actor.system, p.actor.port);
        if !self.actors.contains(&key.0) && self.actors.len() < MAX_ACTORS {
            self.actors.push(key.0);
        }
        self.arrivals += 1;
        let bytes = d.l2_payload.to_vec();
        if let Some(k) = self.kept.iter_mut().find(|k| k.0 == key) {
            k.1 = self.arrivals;
            k.2 = bytes;
        } else if self.kept.len() < MAX_KEPT {
            self.kept.push((key, self.arrivals, bytes));
        }
    }
}
