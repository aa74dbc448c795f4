//! Slow-protocols PDUs: LACPDU (v1 fixed layout, v2 TLVs) and Marker / Marker Response.

use core::fmt;

use crate::error::{BuildError, ParseError};
use crate::state::State;

/// Slow-protocols destination MAC (IEEE 802.3 Annex 57A).
pub const SLOW_PROTOCOLS_MAC: [u8; 6] = [0x01, 0x80, 0xc2, 0x00, 0x00, 0x02];
/// Slow-protocols EtherType.
pub const ETHERTYPE: u16 = 0x8809;
/// Length of a v1 LACPDU and of a Marker PDU after the EtherType.
pub const PDU_LEN: usize = 110;

/// Slow-protocols subtypes.
pub mod subtype {
    /// LACP.
    pub const LACP: u8 = 1;
    /// Marker protocol.
    pub const MARKER: u8 = 2;
    /// Ethernet OAM (802.3ah).
    pub const OAM: u8 = 3;
    /// Organization-specific slow protocol (ESMC, ...).
    pub const OSSP: u8 = 10;
}

/// TLV types of a LACPDU.
pub mod tlv {
    /// Terminator.
    pub const TERMINATOR: u8 = 0;
    /// Actor information.
    pub const ACTOR: u8 = 1;
    /// Partner information.
    pub const PARTNER: u8 = 2;
    /// Collector information.
    pub const COLLECTOR: u8 = 3;
    /// v2: Port Algorithm.
    pub const PORT_ALGORITHM: u8 = 4;
    /// v2: Port Conversation ID Digest.
    pub const PORT_CONVERSATION_ID_DIGEST: u8 = 5;
    /// v2: Port Conversation Mask-1.
    pub const PORT_CONVERSATION_MASK_1: u8 = 6;
    /// v2: Port Conversation Mask-2.
    pub const PORT_CONVERSATION_MASK_2: u8 = 7;
    /// v2: Port Conversation Mask-3.
    pub const PORT_CONVERSATION_MASK_3: u8 = 8;
    /// v2: Port Conversation Mask-4.
    pub const PORT_CONVERSATION_MASK_4: u8 = 9;
    /// v2: Port Conversation Service Mapping Digest.
    pub const PORT_CONVERSATION_SERVICE_MAPPING: u8 = 10;
}

/// Actor or partner information (802.1AX §6.4.2.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PortInfo {
    /// System priority.
    pub system_priority: u16,
    /// System MAC address.
    pub system: [u8; 6],
    /// Operational key.
    pub key: u16,
    /// Port priority.
    pub port_priority: u16,
    /// Port number.
    pub port: u16,
    /// State flags.
    pub state: State,
}

impl PortInfo {
    #[inline]
    fn read(b: &[u8; 20]) -> Self {
        PortInfo {
            system_priority: u16::from_be_bytes([b[2], b[3]]),
            system: [b[4], b[5], b[6], b[7], b[8], b[9]],
            key: u16::from_be_bytes([b[10], b[11]]),
            port_priority: u16::from_be_bytes([b[12], b[13]]),
            port: u16::from_be_bytes([b[14], b[15]]),
            state: State(b[16]),
        }
    }

    fn write(&self, t: u8, b: &mut [u8]) {
        b[0] = t;
        b[1] = 20;
        b[2..4].copy_from_slice(&self.system_priority.to_be_bytes());
        b[4..10].copy_from_slice(&self.system);
        b[10..12].copy_from_slice(&self.key.to_be_bytes());
        b[12..14].copy_from_slice(&self.port_priority.to_be_bytes());
        b[14..16].copy_from_slice(&self.port.to_be_bytes());
        b[16] = self.state.0;
        b[17..20].fill(0);
    }

    /// The system identifier: priority and MAC, as switches print it (`8000,00-13-c4-12-0f-00`).
    pub fn system_id(&self) -> SystemId {
        SystemId {
            priority: self.system_priority,
            mac: self.system,
        }
    }
}

/// A system identifier (priority + MAC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SystemId {
    /// Priority.
    pub priority: u16,
    /// MAC address.
    pub mac: [u8; 6],
}

impl fmt::Display for SystemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.mac;
        write!(
            f,
            "{:04x},{:02x}-{:02x}-{:02x}-{:02x}-{:02x}-{:02x}",
            self.priority, m[0], m[1], m[2], m[3], m[4], m[5]
        )
    }
}

/// One TLV after the collector TLV (version 2 TLVs, or unknown ones from later versions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// Type.
    pub tlv_type: u8,
    /// Value (after the 2-byte type/length header).
    pub value: &'a [u8],
}

/// A version 2 TLV decoded (802.1AX-2014 §6.4.2.4.1), lengths checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V2Tlv<'a> {
    /// Port Algorithm (type 4): the algorithm assigning frames to conversation IDs, an OUI and a
    /// type (e.g. 00-80-C2 / 1 = C-VID based).
    PortAlgorithm {
        /// OUI.
        oui: [u8; 3],
        /// Algorithm type.
        algorithm: u8,
    },
    /// Port Conversation ID Digest (type 5).
    ConversationIdDigest {
        /// Link Number ID.
        link_number_id: u16,
        /// MD5 digest of the conversation-to-link list.
        digest: &'a [u8; 16],
    },
    /// Port Conversation Mask-1..4 (types 6-9): mask 1 carries the mask state octet first.
    ConversationMask {
        /// 1 to 4.
        index: u8,
        /// Port_Conversation_Mask_State (mask 1 only).
        state: Option<u8>,
        /// 128 bytes: one bit per conversation ID of this quarter.
        mask: &'a [u8; 128],
    },
    /// Port Conversation Service Mapping Digest (type 10).
    ServiceMappingDigest {
        /// MD5 digest.
        digest: &'a [u8; 16],
    },
}

impl<'a> Tlv<'a> {
    /// The version 2 TLV this is, when its type is one and its length is right; `None` for
    /// unknown types (later versions) and wrong lengths (which the strict walk still skips).
    pub fn v2(&self) -> Option<V2Tlv<'a>> {
        let v = self.value;
        match self.tlv_type {
            tlv::PORT_ALGORITHM if v.len() == 4 => Some(V2Tlv::PortAlgorithm {
                oui: [v[0], v[1], v[2]],
                algorithm: v[3],
            }),
            tlv::PORT_CONVERSATION_ID_DIGEST if v.len() == 18 => {
                Some(V2Tlv::ConversationIdDigest {
                    link_number_id: u16::from_be_bytes([v[0], v[1]]),
                    digest: v[2..].first_chunk()?,
                })
            }
            tlv::PORT_CONVERSATION_MASK_1 if v.len() == 129 => Some(V2Tlv::ConversationMask {
                index: 1,
                state: Some(v[0]),
                mask: v[1..].first_chunk()?,
            }),
            t @ tlv::PORT_CONVERSATION_MASK_2..=tlv::PORT_CONVERSATION_MASK_4 if v.len() == 128 => {
                Some(V2Tlv::ConversationMask {
                    index: t - tlv::PORT_CONVERSATION_MASK_1 + 1,
                    state: None,
                    mask: v.first_chunk()?,
                })
            }
            tlv::PORT_CONVERSATION_SERVICE_MAPPING if v.len() == 16 => {
                Some(V2Tlv::ServiceMappingDigest {
                    digest: v.first_chunk()?,
                })
            }
            _ => None,
        }
    }
}

/// A LACPDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lacpdu<'a> {
    /// Version (1, 2, or higher: accepted, unknown TLVs skipped).
    pub version: u8,
    /// Actor information.
    pub actor: PortInfo,
    /// Partner information.
    pub partner: PortInfo,
    /// Collector max delay, in tens of microseconds.
    pub collector_max_delay: u16,
    /// Wire bytes of the TLVs between the collector TLV and the terminator (v2 and later),
    /// validated; empty for v1.
    extra_tlvs: &'a [u8],
}

/// Actor/partner/collector offsets in a LACPDU.
const ACTOR: usize = 2;
const PARTNER: usize = 22;
const COLLECTOR: usize = 42;
const AFTER_COLLECTOR: usize = 58;

#[inline]
fn expect_tlv(d: &[u8], at: usize, t: u8, len: u8) -> Result<(), ParseError> {
    if d[at] != t {
        return Err(ParseError::Invalid {
            field: "TLV type",
            offset: at,
            found: d[at],
            expected: t,
        });
    }
    if d[at + 1] != len {
        return Err(ParseError::Invalid {
            field: "TLV length",
            offset: at + 1,
            found: d[at + 1],
            expected: len,
        });
    }
    Ok(())
}

impl<'a> Lacpdu<'a> {
    /// Parses a LACPDU (bytes after the EtherType, subtype first) strictly: TLV types and
    /// lengths must be the standard ones, TLVs after the collector (v2 and later) are walked to
    /// the terminator. Reserved bytes and anything after the terminator are ignored.
    #[inline]
    pub fn parse(d: &'a [u8]) -> Result<Self, ParseError> {
        let truncated = ParseError::Truncated {
            what: "LACPDU",
            offset: 0,
            needed: AFTER_COLLECTOR + 2,
            available: d.len(),
        };
        // The fixed part up to the collector, then at least the 2 bytes of the next TLV header.
        let (h, rest) = d.split_first_chunk::<AFTER_COLLECTOR>().ok_or(truncated)?;
        if rest.len() < 2 {
            return Err(truncated);
        }
        if h[0] != subtype::LACP {
            return Err(ParseError::Invalid {
                field: "subtype",
                offset: 0,
                found: h[0],
                expected: subtype::LACP,
            });
        }
        expect_tlv(h, ACTOR, tlv::ACTOR, 20)?;
        expect_tlv(h, PARTNER, tlv::PARTNER, 20)?;
        expect_tlv(h, COLLECTOR, tlv::COLLECTOR, 16)?;
        // v1: the terminator follows the collector; otherwise walk the TLVs between.
        let end = if rest[..2] == [tlv::TERMINATOR, 0] {
            AFTER_COLLECTOR
        } else {
            walk_tlvs(d)?
        };
        let mut pdu = Self::from_fixed(h);
        pdu.extra_tlvs = d.get(AFTER_COLLECTOR..end).unwrap_or(&[]);
        Ok(pdu)
    }

    /// The fixed fields from the first 58 bytes (no checks).
    #[inline(always)]
    fn from_fixed(h: &[u8; AFTER_COLLECTOR]) -> Self {
        const ZERO: [u8; 20] = [0; 20];
        // Constant offsets into a fixed-size array: the compiler proves these in bounds.
        let actor = h[ACTOR..].first_chunk::<20>().unwrap_or(&ZERO);
        let partner = h[PARTNER..].first_chunk::<20>().unwrap_or(&ZERO);
        Lacpdu {
            version: h[1],
            actor: PortInfo::read(actor),
            partner: PortInfo::read(partner),
            collector_max_delay: u16::from_be_bytes([h[COLLECTOR + 2], h[COLLECTOR + 3]]),
            extra_tlvs: &[],
        }
    }

    /// Reads the fixed offsets the way switches do, without checking TLV types or lengths (the
    /// lax view of a malformed PDU). Needs the 58 bytes up to the collector TLV's end.
    #[inline]
    pub fn parse_lax(d: &'a [u8]) -> Result<Self, ParseError> {
        let h: &[u8; AFTER_COLLECTOR] = d.first_chunk().ok_or(ParseError::Truncated {
            what: "LACPDU",
            offset: 0,
            needed: AFTER_COLLECTOR,
            available: d.len(),
        })?;
        Ok(Self::from_fixed(h))
    }

    /// TLVs after the collector TLV (version 2 TLVs; unknown ones from later versions too).
    #[inline]
    pub fn extra_tlvs(&self) -> impl Iterator<Item = Tlv<'a>> + 'a {
        let mut rest = self.extra_tlvs;
        core::iter::from_fn(move || {
            let h = rest.get(..2)?;
            let len = usize::from(h[1]);
            let t = rest.get(..len).filter(|_| len >= 2)?;
            rest = &rest[len..];
            Some(Tlv {
                tlv_type: t[0],
                value: &t[2..],
            })
        })
    }

    /// Wire bytes of the TLVs after the collector (validated at parse time).
    pub const fn extra_tlv_bytes(&self) -> &'a [u8] {
        self.extra_tlvs
    }

    /// A v1 LACPDU (no extra TLVs).
    pub const fn v1(actor: PortInfo, partner: PortInfo, collector_max_delay: u16) -> Self {
        Lacpdu {
            version: 1,
            actor,
            partner,
            collector_max_delay,
            extra_tlvs: &[],
        }
    }

    /// A LACPDU of `version` carrying `tlvs` (wire bytes of complete TLVs, e.g. from
    /// [`write_tlv`]) between the collector and the terminator. Errors if they do not walk.
    pub fn with_tlvs(
        version: u8,
        actor: PortInfo,
        partner: PortInfo,
        collector_max_delay: u16,
        tlvs: &'a [u8],
    ) -> Result<Self, BuildError> {
        let mut at = 0;
        while at < tlvs.len() {
            let len = tlvs.get(at + 1).map_or(0, |&l| usize::from(l));
            if tlvs[at] == tlv::TERMINATOR || len < 2 || at + len > tlvs.len() {
                return Err(BuildError::InvalidField {
                    field: "TLV bytes",
                    value: at,
                });
            }
            at += len;
        }
        Ok(Lacpdu {
            version,
            actor,
            partner,
            collector_max_delay,
            extra_tlvs: tlvs,
        })
    }

    /// Bytes [`Lacpdu::emit`] writes: 110 for v1; more with TLVs when they do not fit the 50
    /// reserved bytes (a "long LACPDU").
    pub fn buffer_len(&self) -> usize {
        (AFTER_COLLECTOR + self.extra_tlvs.len() + 2).max(PDU_LEN)
    }

    /// Writes the PDU (subtype first; every reserved byte zero); returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        let len = self.buffer_len();
        let available = buf.len();
        let b = buf.get_mut(..len).ok_or(BuildError::BufferTooSmall {
            needed: len,
            available,
        })?;
        b[0] = subtype::LACP;
        b[1] = self.version;
        self.actor.write(tlv::ACTOR, &mut b[ACTOR..]);
        self.partner.write(tlv::PARTNER, &mut b[PARTNER..]);
        b[COLLECTOR] = tlv::COLLECTOR;
        b[COLLECTOR + 1] = 16;
        b[COLLECTOR + 2..COLLECTOR + 4].copy_from_slice(&self.collector_max_delay.to_be_bytes());
        b[COLLECTOR + 4..AFTER_COLLECTOR].fill(0);
        let t = AFTER_COLLECTOR + self.extra_tlvs.len();
        b[AFTER_COLLECTOR..t].copy_from_slice(self.extra_tlvs);
        b[t..].fill(0); // terminator (0, 0) and reserved
        Ok(len)
    }
}

/// Walks the TLVs after the collector to the terminator; returns the terminator's offset.
/// Each step consumes at least 2 bytes, so the walk ends.
fn walk_tlvs(d: &[u8]) -> Result<usize, ParseError> {
    let mut at = AFTER_COLLECTOR;
    loop {
        let Some(th) = d.get(at..at + 2) else {
            return Err(ParseError::Truncated {
                what: "TLV header",
                offset: at,
                needed: 2,
                available: d.len().saturating_sub(at),
            });
        };
        if th[0] == tlv::TERMINATOR {
            if th[1] != 0 {
                return Err(ParseError::Invalid {
                    field: "terminator length",
                    offset: at + 1,
                    found: th[1],
                    expected: 0,
                });
            }
            return Ok(at);
        }
        let len = usize::from(th[1]);
        if len < 2 || at + len > d.len() {
            return Err(ParseError::BadLength {
                field: "TLV length",
                offset: at + 1,
                declared: len,
                available: d.len() - at,
            });
        }
        at += len;
    }
}

/// Writes one TLV (type, length = 2 + value, value) into `buf`; returns its length.
pub fn write_tlv(buf: &mut [u8], tlv_type: u8, value: &[u8]) -> Result<usize, BuildError> {
    let len = 2 + value.len();
    let l = u8::try_from(len).map_err(|_| BuildError::InvalidField {
        field: "TLV length",
        value: len,
    })?;
    let available = buf.len();
    let b = buf.get_mut(..len).ok_or(BuildError::BufferTooSmall {
        needed: len,
        available,
    })?;
    b[0] = tlv_type;
    b[1] = l;
    b[2..].copy_from_slice(value);
    Ok(len)
}

/// A Marker Information or Marker Response PDU (802.1AX §6.5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    /// Version (1).
    pub version: u8,
    /// False: Marker Information (TLV 1); true: Marker Response (TLV 2).
    pub response: bool,
    /// Requester's port.
    pub requester_port: u16,
    /// Requester's system MAC.
    pub requester_system: [u8; 6],
    /// Requester's transaction id.
    pub requester_transaction_id: u32,
}

impl Marker {
    /// Parses a Marker PDU (subtype first).
    pub fn parse(d: &[u8]) -> Result<Self, ParseError> {
        let h: &[u8; 20] = d.first_chunk().ok_or(ParseError::Truncated {
            what: "Marker PDU",
            offset: 0,
            needed: 20,
            available: d.len(),
        })?;
        if h[0] != subtype::MARKER {
            return Err(ParseError::Invalid {
                field: "subtype",
                offset: 0,
                found: h[0],
                expected: subtype::MARKER,
            });
        }
        let response = match h[2] {
            1 => false,
            2 => true,
            t => {
                return Err(ParseError::Invalid {
                    field: "marker TLV type",
                    offset: 2,
                    found: t,
                    expected: 1,
                })
            }
        };
        expect_tlv(h, 2, h[2], 16)?;
        expect_tlv(h, 18, 0, 0)?;
        Ok(Marker {
            version: h[1],
            response,
            requester_port: u16::from_be_bytes([h[4], h[5]]),
            requester_system: [h[6], h[7], h[8], h[9], h[10], h[11]],
            requester_transaction_id: u32::from_be_bytes([h[12], h[13], h[14], h[15]]),
        })
    }

    /// Writes the 110-byte PDU; returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        let available = buf.len();
        let b = buf.get_mut(..PDU_LEN).ok_or(BuildError::BufferTooSmall {
            needed: PDU_LEN,
            available,
        })?;
        b.fill(0);
        b[0] = subtype::MARKER;
        b[1] = self.version;
        b[2] = if self.response { 2 } else { 1 };
        b[3] = 16;
        b[4..6].copy_from_slice(&self.requester_port.to_be_bytes());
        b[6..12].copy_from_slice(&self.requester_system);
        b[12..16].copy_from_slice(&self.requester_transaction_id.to_be_bytes());
        Ok(PDU_LEN)
    }
}

/// Any slow-protocols PDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SlowPdu<'a> {
    /// Subtype 1.
    Lacp(Lacpdu<'a>),
    /// Subtype 2.
    Marker(Marker),
    /// OAM, OSSP and others, raw.
    Other {
        /// Subtype.
        subtype: u8,
        /// Everything after the subtype.
        body: &'a [u8],
    },
}

impl<'a> SlowPdu<'a> {
    /// Dispatches on the subtype (bytes after the EtherType) and parses strictly.
    pub fn parse(d: &'a [u8]) -> Result<Self, ParseError> {
        match d.first() {
            None => Err(ParseError::Truncated {
                what: "slow protocols subtype",
                offset: 0,
                needed: 1,
                available: 0,
            }),
            Some(&subtype::LACP) => Lacpdu::parse(d).map(SlowPdu::Lacp),
            Some(&subtype::MARKER) => Marker::parse(d).map(SlowPdu::Marker),
            Some(&s) => Ok(SlowPdu::Other {
                subtype: s,
                body: &d[1..],
            }),
        }
    }
}

/// Writes the Ethernet header of a slow-protocols frame from `src` into `buf[..14]`.
pub fn write_ethernet_header(buf: &mut [u8], src: [u8; 6]) -> Result<usize, BuildError> {
    let available = buf.len();
    let b = buf.get_mut(..14).ok_or(BuildError::BufferTooSmall {
        needed: 14,
        available,
    })?;
    b[..6].copy_from_slice(&SLOW_PROTOCOLS_MAC);
    b[6..12].copy_from_slice(&src);
    b[12..14].copy_from_slice(&ETHERTYPE.to_be_bytes());
    Ok(14)
}
