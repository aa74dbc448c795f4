//! Path-MTU decisions, sans-IO: given a parsed frag-needed / Packet Too Big, the current path
//! MTU and optionally what the host knows of its flows, decide what a host should do and why.
//!
//! Rules: RFC 1191 (IPv4; plateau table when the MTU field is 0), RFC 8201 (IPv6), RFC 5927
//! (validate the quoted flow before acting), RFC 4443 (ignore a PTB with a non-zero code).

use core::fmt;
use core::net::IpAddr;

use crate::quote::{Flow, Quoted, Transport};
use crate::v4::Icmpv4;
use crate::v6::Icmpv6;

/// RFC 1191 §7 plateau table, largest first.
pub const PLATEAUS: [u32; 11] = [
    65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68,
];

/// The largest plateau strictly below `len` (68 when none is).
pub fn plateau_below(len: u32) -> u32 {
    PLATEAUS.iter().copied().find(|&p| p < len).unwrap_or(68)
}

/// Floors and policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Lowest IPv4 path MTU to accept (RFC 791/1191: 68; Linux `min_pmtu`: 552).
    pub floor_v4: u32,
    /// Lowest IPv6 path MTU (RFC 8200: 1280).
    pub floor_v6: u32,
}

impl Config {
    /// RFC minimums: 68 for IPv4, 1280 for IPv6.
    pub const RFC: Config = Config {
        floor_v4: 68,
        floor_v6: 1280,
    };
    /// Linux defaults: `net.ipv4.route.min_pmtu` = 552, IPv6 1280.
    pub const LINUX: Config = Config {
        floor_v4: 552,
        floor_v6: 1280,
    };
}

impl Default for Config {
    fn default() -> Self {
        Config::RFC
    }
}

/// What the host knows of a quoted flow (RFC 5927 §4.1-4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowState {
    /// No such connection or socket: the message is probably forged or stale.
    Unknown,
    /// A known flow; for TCP, the send window `[snd_una, snd_nxt)` when known.
    Known {
        /// (SND.UNA, SND.NXT) for TCP.
        tcp_window: Option<(u32, u32)>,
    },
}

/// What to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Lower the path MTU to this value.
    Lower(u32),
    /// Leave it.
    Ignore,
}

/// Why, as values a log line can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// Not a frag-needed / Packet Too Big message.
    NotPmtuMessage,
    /// Packet Too Big with a non-zero code (RFC 4443 §3.2).
    NonZeroCode(u8),
    /// The quoted datagram does not parse, so there is no flow to act on.
    UnparseableQuote,
    /// The host has no such flow (RFC 5927 §4.1).
    UnknownFlow,
    /// The quoted TCP sequence number is outside the send window (RFC 5927 §4.3).
    SequenceOutsideWindow {
        /// The quoted sequence number.
        seq: u32,
    },
    /// The reported MTU is not below the quoted packet's size: that packet would have fit.
    NotBelowQuotedPacket {
        /// MTU reported.
        mtu: u32,
        /// Size of the quoted packet.
        packet: u32,
    },
    /// The (estimated or floored) MTU is not below the current path MTU.
    NotBelowCurrent {
        /// MTU the message leads to.
        mtu: u32,
        /// Current path MTU.
        current: u32,
    },
    /// Accepted as reported.
    Accepted {
        /// MTU reported.
        mtu: u32,
    },
    /// MTU field 0 (pre-RFC 1191 router): estimated from the plateau table.
    PlateauEstimate {
        /// Size of the quoted packet.
        packet: u32,
        /// The plateau chosen.
        mtu: u32,
    },
    /// Reported below the floor: the floor is used instead (RFC 8201 §4; Linux `min_pmtu`).
    Floored {
        /// MTU reported.
        reported: u32,
        /// The floor applied.
        floor: u32,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NotPmtuMessage => f.write_str("not a frag-needed / packet-too-big"),
            Reason::NonZeroCode(c) => write!(f, "packet-too-big with code {c} (must be 0)"),
            Reason::UnparseableQuote => f.write_str("quoted datagram unparseable"),
            Reason::UnknownFlow => f.write_str("no matching flow (possibly forged)"),
            Reason::SequenceOutsideWindow { seq } => {
                write!(f, "quoted TCP seq {seq} outside the send window")
            }
            Reason::NotBelowQuotedPacket { mtu, packet } => {
                write!(f, "mtu {mtu} >= quoted packet size {packet}")
            }
            Reason::NotBelowCurrent { mtu, current } => {
                write!(f, "mtu {mtu} >= current path mtu {current}")
            }
            Reason::Accepted { mtu } => write!(f, "accept mtu {mtu}"),
            Reason::PlateauEstimate { packet, mtu } => {
                write!(f, "mtu 0: plateau {mtu} below packet size {packet}")
            }
            Reason::Floored { reported, floor } => {
                write!(f, "mtu {reported} below floor: use {floor}")
            }
        }
    }
}

/// A decision and its reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// What to do.
    pub action: Action,
    /// Why.
    pub reason: Reason,
    /// The flow the message is about, when its quote parsed.
    pub flow: Option<Flow>,
}

fn ignore(reason: Reason, flow: Option<Flow>) -> Decision {
    Decision {
        action: Action::Ignore,
        reason,
        flow,
    }
}

fn decide(
    reported: u32,
    quoted: Quoted<'_>,
    current: u32,
    floor: u32,
    flows: Option<&dyn Fn(&Flow) -> FlowState>,
) -> Decision {
    let flow = quoted.flow();
    if let Some(lookup) = flows {
        match lookup(&flow) {
            FlowState::Unknown => return ignore(Reason::UnknownFlow, Some(flow)),
            FlowState::Known {
                tcp_window: Some((una, nxt)),
            } => {
                if let Some(Transport::Tcp { seq: Some(seq), .. }) = flow.transport {
                    // Serial-number arithmetic: una <= seq < nxt.
                    if seq.wrapping_sub(una) >= nxt.wrapping_sub(una) {
                        return ignore(Reason::SequenceOutsideWindow { seq }, Some(flow));
                    }
                }
            }
            FlowState::Known { tcp_window: None } => {}
        }
    }
    let packet = quoted.packet_len();
    let (mtu, mut reason) = if reported == 0 && matches!(flow.src, IpAddr::V4(_)) {
        let p = plateau_below(packet);
        (p, Reason::PlateauEstimate { packet, mtu: p })
    } else {
        if reported >= packet {
            return ignore(
                Reason::NotBelowQuotedPacket {
                    mtu: reported,
                    packet,
                },
                Some(flow),
            );
        }
        (reported, Reason::Accepted { mtu: reported })
    };
    let mtu = if mtu < floor {
        reason = Reason::Floored {
            reported: mtu,
            floor,
        };
        floor
    } else {
        mtu
    };
    if mtu >= current {
        return ignore(Reason::NotBelowCurrent { mtu, current }, Some(flow));
    }
    Decision {
        action: Action::Lower(mtu),
        reason,
        flow: Some(flow),
    }
}

/// Decides for an ICMPv4 message given the current path MTU towards the quoted destination.
/// `flows`, when given, says what the host knows of the quoted flow.
pub fn decide_v4(
    msg: &Icmpv4<'_>,
    current: u32,
    cfg: &Config,
    flows: Option<&dyn Fn(&Flow) -> FlowState>,
) -> Decision {
    let (Some(next_hop_mtu), Some(body)) = (msg.frag_needed_mtu(), msg.error_body()) else {
        return ignore(Reason::NotPmtuMessage, None);
    };
    match body.quoted_ipv4() {
        Ok(quoted) => decide(
            next_hop_mtu.into(),
            Quoted::V4(quoted),
            current,
            cfg.floor_v4,
            flows,
        ),
        Err(_) => ignore(Reason::UnparseableQuote, None),
    }
}

/// Decides for an ICMPv6 message, as [`decide_v4`].
pub fn decide_v6(
    msg: &Icmpv6<'_>,
    current: u32,
    cfg: &Config,
    flows: Option<&dyn Fn(&Flow) -> FlowState>,
) -> Decision {
    let Icmpv6::PacketTooBig { code, mtu, .. } = *msg else {
        return ignore(Reason::NotPmtuMessage, None);
    };
    match msg.quoted_ipv6() {
        Some(Ok(quoted)) if code != 0 => {
            ignore(Reason::NonZeroCode(code), Some(Quoted::V6(quoted).flow()))
        }
        Some(Ok(quoted)) => decide(mtu, Quoted::V6(quoted), current, cfg.floor_v6, flows),
        _ => ignore(Reason::UnparseableQuote, None),
    }
}
