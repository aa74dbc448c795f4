//! The LAG diagnosis over a capture, for the demo: our side is the first actor seen; members
//! are told apart by our side's port number (`Diagnosis::observe_by_port`).

use pdukit_frames::{dissect, DataLink};
use pdukit_lacp::{Diagnosis, Lacpdu};

/// Tracks the LACPDUs of one capture.
pub struct Lag {
    diag: Diagnosis,
    seen: bool,
}

impl Default for Lag {
    fn default() -> Self {
        Lag::new(None)
    }
}

impl Lag {
    /// A diagnosis from the point of view of system `own` (its MAC), or of the first actor seen.
    pub fn new(own: Option<[u8; 6]>) -> Self {
        Lag {
            diag: Diagnosis::new(own.map(|mac| pdukit_lacp::SystemId { priority: 0, mac })),
            seen: false,
        }
    }

    /// The findings, one string each, if any LACPDU was seen.
    pub fn findings(&self) -> Option<Vec<String>> {
        self.seen
            .then(|| self.diag.findings().iter().map(|x| x.to_string()).collect())
    }

    /// Feeds a frame (anything but a LACPDU is ignored).
    pub fn feed(&mut self, linktype: DataLink, data: &[u8]) {
        let d = dissect(linktype, data);
        if d.ethertype != Some(pdukit_lacp::ETHERTYPE) {
            return;
        }
        if let Ok(p) = Lacpdu::parse(d.l2_payload) {
            self.seen = true;
            // More members than the diagnosis tracks: the extra ones are left out.
            let _ = self.diag.observe_by_port(&p);
        }
    }
}
