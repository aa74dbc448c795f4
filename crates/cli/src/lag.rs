//! The LAG diagnosis over a capture, for the demo: our side is the first actor seen; members
//! are told apart by our side's port number.

use pdukit_frames::{dissect, DataLink};
use pdukit_lacp::{Diagnosis, Lacpdu, SystemId};

/// Tracks the LACPDUs of one capture.
#[derive(Default)]
pub struct Lag {
    diag: Option<Diagnosis>,
    own: Option<[u8; 6]>,
    ports: Vec<u16>,
}

impl Lag {
    /// Feeds a frame (anything but a LACPDU is ignored).
    pub fn feed(&mut self, linktype: DataLink, data: &[u8]) {
        let d = dissect(linktype, data);
        if d.ethertype != Some(pdukit_lacp::ETHERTYPE) {
            return;
        }
        let Ok(p) = Lacpdu::parse(d.l2_payload) else {
            return;
        };
        let me = *self.own.get_or_insert(p.actor.system);
        let diag = self.diag.get_or_insert_with(|| {
            Diagnosis::new(Some(SystemId {
                priority: p.actor.system_priority,
                mac: me,
            }))
        });
        let our_port = if p.actor.system == me {
            p.actor.port
        } else {
            p.partner.port
        };
        if our_port == 0 {
            return;
        }
        let link = match self.ports.iter().position(|&q| q == our_port) {
            Some(i) => i,
            None => {
                self.ports.push(our_port);
                self.ports.len() - 1
            }
        };
        let _ = diag.observe(link, &p);
    }

    /// The findings, one line, if any LACPDU was seen.
    pub fn report(&self) -> Option<String> {
        let f = self.diag.as_ref()?.findings();
        Some(
            f.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
}
