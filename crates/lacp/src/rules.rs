//! LAG diagnosis from LACPDUs, sans-IO and allocation-free.
//!
//! Feed it the latest LACPDUs seen on each member link, ours and the partner's (told apart by
//! the actor system: ours is the one given to [`Diagnosis::new`], or the first one observed).
//! It reports per member whether it is bundled and why not, and across members the faults
//! engineers look for: split LAG (members reach different partner systems), crossed LAGs
//! (different partner keys), looped LAG (the partner is ourselves), one-way links (the partner
//! does not echo our actor information), timeout mismatches, defaulted and expired members.

use core::fmt;

use crate::pdu::{Lacpdu, PortInfo, SystemId};

/// Member links a [`Diagnosis`] tracks.
pub const MAX_LINKS: usize = 16;
/// Findings a report holds at most.
pub const MAX_FINDINGS: usize = 8 * MAX_LINKS;

/// Why a member is not bundled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotBundled {
    /// No LACPDU from the partner, and ours shows defaulted partner information.
    NoPartnerPdus,
    /// Our receive machine expired (PDUs stopped arriving).
    Expired,
    /// We use default partner information.
    Defaulted,
    /// One side is individual (aggregation bit clear).
    Individual {
        /// True when it is us.
        ours: bool,
    },
    /// One side is not in sync.
    NotInSync {
        /// True when it is us.
        ours: bool,
    },
    /// One side is in sync but not collecting.
    NotCollecting {
        /// True when it is us.
        ours: bool,
    },
    /// One side collects but does not distribute.
    NotDistributing {
        /// True when it is us.
        ours: bool,
    },
}

/// One finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The member is bundled on both sides (in sync, collecting, distributing).
    Bundled {
        /// Link index.
        link: usize,
    },
    /// The member is not bundled.
    NotBundled {
        /// Link index.
        link: usize,
        /// Why.
        why: NotBundled,
    },
    /// Two members reach different partner systems (a split LAG, e.g. MLAG misconfigured).
    SplitLag {
        /// First link.
        a: usize,
        /// Second link.
        b: usize,
        /// Partner system on `a`.
        system_a: SystemId,
        /// Partner system on `b`.
        system_b: SystemId,
    },
    /// Two members reach the same partner system with different keys (crossed LAGs).
    CrossedLag {
        /// First link.
        a: usize,
        /// Second link.
        b: usize,
        /// Partner key on `a`.
        key_a: u16,
        /// Partner key on `b`.
        key_b: u16,
    },
    /// The partner is ourselves (same system and key): the link loops back.
    LoopedLag {
        /// Link index.
        link: usize,
    },
    /// The partner's PDUs do not carry our actor information as their partner: it does not
    /// hear us (a unidirectional link) or its information is stale.
    OneWay {
        /// Link index.
        link: usize,
    },
    /// The two ends ask for different LACP rates.
    TimeoutMismatch {
        /// Link index.
        link: usize,
        /// Whether we use the short (fast) timeout.
        ours_short: bool,
    },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Bundled { link } => write!(f, "link {link}: bundled"),
            Finding::NotBundled { link, why } => {
                let side = |ours: &bool| if *ours { "our side" } else { "partner" };
                write!(f, "link {link}: not bundled: ")?;
                match why {
                    NotBundled::NoPartnerPdus => f.write_str("no LACPDUs from the partner"),
                    NotBundled::Expired => f.write_str("partner information expired"),
                    NotBundled::Defaulted => f.write_str("partner information defaulted"),
                    NotBundled::Individual { ours } => write!(f, "{} individual", side(ours)),
                    NotBundled::NotInSync { ours } => write!(f, "{} out of sync", side(ours)),
                    NotBundled::NotCollecting { ours } => {
                        write!(f, "{} not collecting", side(ours))
                    }
                    NotBundled::NotDistributing { ours } => {
                        write!(f, "{} not distributing", side(ours))
                    }
                }
            }
            Finding::SplitLag {
                a,
                b,
                system_a,
                system_b,
            } => write!(
                f,
                "split LAG: link {a} reaches partner {system_a}, link {b} reaches {system_b}"
            ),
            Finding::CrossedLag { a, b, key_a, key_b } => write!(
                f,
                "crossed LAGs: link {a} partner key {key_a}, link {b} partner key {key_b}"
            ),
            Finding::LoopedLag { link } => {
                write!(f, "link {link}: looped (partner is our own system and key)")
            }
            Finding::OneWay { link } => write!(
                f,
                "link {link}: one-way (the partner does not echo our actor information)"
            ),
            Finding::TimeoutMismatch { link, ours_short } => write!(
                f,
                "link {link}: timeout mismatch (ours {}, partner {})",
                if *ours_short { "short" } else { "long" },
                if *ours_short { "long" } else { "short" }
            ),
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Link {
    ours: Option<(PortInfo, PortInfo)>,
    theirs: Option<(PortInfo, PortInfo)>,
}

/// The diagnosis state: the latest PDU of each side on each link.
#[derive(Clone)]
pub struct Diagnosis {
    own: Option<SystemId>,
    links: [Link; MAX_LINKS],
    /// For [`Diagnosis::observe_by_port`]: our port number of each link, in first-seen order.
    ports: [u16; MAX_LINKS],
    nports: usize,
}

/// A link index beyond [`MAX_LINKS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("link index {0} beyond the {MAX_LINKS} links tracked")]
pub struct LinkOutOfRange(pub usize);

fn same_port(a: &PortInfo, b: &PortInfo) -> bool {
    a.system == b.system
        && a.system_priority == b.system_priority
        && a.key == b.key
        && a.port == b.port
        && a.port_priority == b.port_priority
}

impl Diagnosis {
    /// A diagnosis from the point of view of system `own` (or of the first actor observed).
    /// PDUs are ours when their actor has our system MAC: a system may change its priority
    /// (Open vSwitch does while it starts), it stays the same system.
    pub fn new(own: Option<SystemId>) -> Self {
        Diagnosis {
            own,
            links: [Link::default(); MAX_LINKS],
            ports: [0; MAX_LINKS],
            nports: 0,
        }
    }

    /// Our system, once known.
    pub fn own_system(&self) -> Option<SystemId> {
        self.own
    }

    fn is_ours(&mut self, pdu: &Lacpdu<'_>) -> bool {
        let own = *self.own.get_or_insert(pdu.actor.system_id());
        pdu.actor.system == own.mac
    }

    /// Records the latest PDU seen on `link` (either direction).
    pub fn observe(&mut self, link: usize, pdu: &Lacpdu<'_>) -> Result<(), LinkOutOfRange> {
        if link >= MAX_LINKS {
            return Err(LinkOutOfRange(link));
        }
        let ours = self.is_ours(pdu);
        let l = &mut self.links[link];
        let both = Some((pdu.actor, pdu.partner));
        if ours {
            l.ours = both;
        } else {
            l.theirs = both;
        }
        Ok(())
    }

    /// Records a PDU from a capture that does not say which member link it came from: the link
    /// is told by our side's port number (our actor port, or the partner port the other side
    /// names), links numbered in the order first seen. A partner PDU that does not name our
    /// port yet (0: it has not heard us) cannot be attributed and is skipped (`Ok(None)`).
    pub fn observe_by_port(&mut self, pdu: &Lacpdu<'_>) -> Result<Option<usize>, LinkOutOfRange> {
        let our_port = if self.is_ours(pdu) {
            pdu.actor.port
        } else {
            pdu.partner.port
        };
        if our_port == 0 {
            return Ok(None);
        }
        let link = match self.ports[..self.nports]
            .iter()
            .position(|&p| p == our_port)
        {
            Some(i) => i,
            None => {
                let slot = self
                    .ports
                    .get_mut(self.nports)
                    .ok_or(LinkOutOfRange(self.nports))?;
                *slot = our_port;
                self.nports += 1;
                self.nports - 1
            }
        };
        self.observe(link, pdu).map(|()| Some(link))
    }

    /// True when links were observed, every one is bundled and nothing else was found.
    pub fn all_bundled(&self) -> bool {
        let f = self.findings();
        !f.is_empty() && f.iter().all(|f| matches!(f, Finding::Bundled { .. }))
    }

    /// Everything found, links in order, then cross-link faults.
    pub fn findings(&self) -> Findings {
        let mut out = Findings::default();
        for (i, l) in self.links.iter().enumerate() {
            let Some((our_actor, our_partner)) = l.ours else {
                if l.theirs.is_some() {
                    out.push(Finding::NotBundled {
                        link: i,
                        why: NotBundled::NoPartnerPdus,
                    });
                }
                continue;
            };
            if our_partner.system_id() == our_actor.system_id() && our_partner.key == our_actor.key
            {
                // One finding per cause: the loop is why this link is not bundled (its PDUs
                // come back as our own, so there is no partner to report on).
                out.push(Finding::LoopedLag { link: i });
                continue;
            }
            let s = our_actor.state;
            let Some((their_actor, their_partner)) = l.theirs else {
                let why = if s.expired() {
                    NotBundled::Expired
                } else {
                    NotBundled::NoPartnerPdus
                };
                out.push(Finding::NotBundled { link: i, why });
                continue;
            };
            if !same_port(&their_partner, &our_actor) {
                out.push(Finding::OneWay { link: i });
            }
            let t = their_actor.state;
            if s.short_timeout() != t.short_timeout() {
                out.push(Finding::TimeoutMismatch {
                    link: i,
                    ours_short: s.short_timeout(),
                });
            }
            let why = if s.expired() {
                Some(NotBundled::Expired)
            } else if s.defaulted() {
                Some(NotBundled::Defaulted)
            } else {
                [(s, true), (t, false)].into_iter().find_map(|(st, ours)| {
                    if !st.aggregatable() {
                        Some(NotBundled::Individual { ours })
                    } else if !st.in_sync() {
                        Some(NotBundled::NotInSync { ours })
                    } else if !st.collecting() {
                        Some(NotBundled::NotCollecting { ours })
                    } else if !st.distributing() {
                        Some(NotBundled::NotDistributing { ours })
                    } else {
                        None
                    }
                })
            };
            out.push(match why {
                Some(why) => Finding::NotBundled { link: i, why },
                None => Finding::Bundled { link: i },
            });
        }
        // Cross-link: compare every link's partner with the first link that has one.
        let mut first: Option<(usize, PortInfo)> = None;
        for (i, l) in self.links.iter().enumerate() {
            let Some((their, _)) = l.theirs else { continue };
            match first {
                None => first = Some((i, their)),
                Some((a, p)) if p.system_id() != their.system_id() => out.push(Finding::SplitLag {
                    a,
                    b: i,
                    system_a: p.system_id(),
                    system_b: their.system_id(),
                }),
                Some((a, p)) if p.key != their.key => out.push(Finding::CrossedLag {
                    a,
                    b: i,
                    key_a: p.key,
                    key_b: their.key,
                }),
                Some(_) => {}
            }
        }
        out
    }
}

/// The findings, in order: the first [`MAX_FINDINGS`] kept, the rest counted (`dropped`).
pub type Findings = pdukit_wire::Bounded<Finding, MAX_FINDINGS>;
