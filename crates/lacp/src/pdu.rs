//! Slow-protocols PDUs: LACPDU (v1 fixed layout, v2 TLVs) and Marker / Marker Response.

use core::fmt;

use pdukit_wire::{array_at, out, u16_at, u32_at, BuildError, Expected, ParseError};

use crate::field::{self, name, port_info, AFTER_COLLECTOR, COLLECTOR};
use crate::state::State;
use crate::tlv::{self, TlvType, Tlvs};

/// Slow-protocols destination MAC (IEEE 802.3 Annex 57A).
pub const SLOW_PROTOCOLS_MAC: [u8; 6] = [0x01, 0x80, 0xc2, 0x00, 0x00, 0x02];
/// Slow-protocols EtherType.
pub const ETHERTYPE: u16 = 0x8809;
/// Length of a v1 LACPDU and of a Marker PDU after the EtherType.
pub const PDU_LEN: usize = 110;

pdukit_wire::open_enum! {
    /// A slow-protocols subtype (IEEE 802.3 Annex 57A).
    pub struct Subtype(u8) {
        /// LACP.
        LACP = 1 => "LACP",
        /// Marker protocol.
        MARKER = 2 => "Marker",
        /// Ethernet OAM (802.3ah).
        OAM = 3 => "OAM",
        /// Organization-specific slow protocol (ESMC, ...).
        OSSP = 10 => "OSSP",
    }
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
            system_priority: u16_at(b, port_info::SYSTEM_PRIORITY),
            system: array_at(b, port_info::SYSTEM),
            key: u16_at(b, port_info::KEY),
            port_priority: u16_at(b, port_info::PORT_PRIORITY),
            port: u16_at(b, port_info::PORT),
            state: State(b[port_info::STATE]),
        }
    }

    fn write(&self, t: TlvType, b: &mut [u8; 20]) {
        b[field::TLV_TYPE] = t.0;
        b[field::TLV_LENGTH] = field::PORT_INFO_LEN;
        b[port_info::SYSTEM_PRIORITY].copy_from_slice(&self.system_priority.to_be_bytes());
        b[port_info::SYSTEM].copy_from_slice(&self.system);
        b[port_info::KEY].copy_from_slice(&self.key.to_be_bytes());
        b[port_info::PORT_PRIORITY].copy_from_slice(&self.port_priority.to_be_bytes());
        b[port_info::PORT].copy_from_slice(&self.port.to_be_bytes());
        b[port_info::STATE] = self.state.0;
        b[port_info::STATE + 1..].fill(0);
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

/// `key K port P [state]`, the way the CLI and the LAG example print a side.
impl fmt::Display for PortInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} key {} port {} [{}]",
            self.system_id(),
            self.key,
            self.port,
            self.state
        )
    }
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

/// The fixed TLV at `at` of a fixed-size header has type `t` and length `len`.
#[inline]
fn expect_tlv<const N: usize>(
    d: &[u8; N],
    at: usize,
    t: TlvType,
    len: u8,
) -> Result<(), ParseError> {
    let (ty, l) = (d[at + field::TLV_TYPE], d[at + field::TLV_LENGTH]);
    if ty != t.0 {
        return Err(ParseError::Invalid {
            field: name::TLV_TYPE,
            offset: at + field::TLV_TYPE,
            found: u32::from(ty),
            expected: Expected::Value(u32::from(t.0)),
        });
    }
    if l != len {
        return Err(ParseError::Invalid {
            field: name::TLV_LENGTH,
            offset: at + field::TLV_LENGTH,
            found: u32::from(l),
            expected: Expected::Value(u32::from(len)),
        });
    }
    Ok(())
}

#[inline]
fn expect_subtype(found: u8, s: Subtype) -> Result<(), ParseError> {
    if found != s.0 {
        return Err(ParseError::Invalid {
            field: name::SUBTYPE,
            offset: field::SUBTYPE,
            found: u32::from(found),
            expected: Expected::Value(u32::from(s.0)),
        });
    }
    Ok(())
}

impl<'a> Lacpdu<'a> {
    /// Parses a LACPDU (bytes after the EtherType, subtype first) strictly: TLV types and
    /// lengths must be the standard ones, TLVs after the collector (v2 and later) are walked to
    /// the terminator. Reserved bytes and anything after the terminator are ignored.
    ///
    /// Error order: length, subtype, actor, partner, collector TLV headers, then the TLV walk.
    #[inline]
    pub fn parse(d: &'a [u8]) -> Result<Self, ParseError> {
        let truncated = ParseError::Truncated {
            field: name::LACPDU,
            offset: 0,
            needed: AFTER_COLLECTOR + 2,
            available: d.len(),
        };
        // The fixed part up to the collector, then at least the 2 bytes of the next TLV header.
        let (h, rest) = d.split_first_chunk::<AFTER_COLLECTOR>().ok_or(truncated)?;
        let next: &[u8; 2] = rest.first_chunk().ok_or(truncated)?;
        expect_subtype(h[field::SUBTYPE], Subtype::LACP)?;
        expect_tlv(h, field::ACTOR, TlvType::ACTOR, field::PORT_INFO_LEN)?;
        expect_tlv(h, field::PARTNER, TlvType::PARTNER, field::PORT_INFO_LEN)?;
        expect_tlv(h, COLLECTOR, TlvType::COLLECTOR, field::COLLECTOR_LEN)?;
        // v1: the terminator follows the collector; otherwise walk the TLVs between.
        let end = if *next == [TlvType::TERMINATOR.0, 0] {
            AFTER_COLLECTOR
        } else {
            tlv::walk(d, AFTER_COLLECTOR)?
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
        let actor = h[field::ACTOR..].first_chunk::<20>().unwrap_or(&ZERO);
        let partner = h[field::PARTNER..].first_chunk::<20>().unwrap_or(&ZERO);
        Lacpdu {
            version: h[field::VERSION],
            actor: PortInfo::read(actor),
            partner: PortInfo::read(partner),
            collector_max_delay: u16_at(h, field::PDU_COLLECTOR_MAX_DELAY),
            extra_tlvs: &[],
        }
    }

    /// The lax view (the crate's one meaning of lax, see the crate docs): reads the fixed
    /// offsets the way switches do, accepting wrong TLV types and lengths and a missing or
    /// malformed TLV walk after the collector (no extra TLVs are then reported). Needs the 58
    /// bytes up to the collector TLV's end; never reads past them.
    #[inline]
    pub fn parse_lax(d: &'a [u8]) -> Result<Self, ParseError> {
        let h: &[u8; AFTER_COLLECTOR] = d.first_chunk().ok_or(ParseError::Truncated {
            field: name::LACPDU,
            offset: 0,
            needed: AFTER_COLLECTOR,
            available: d.len(),
        })?;
        Ok(Self::from_fixed(h))
    }

    /// TLVs after the collector TLV (version 2 TLVs; unknown ones from later versions too).
    #[inline]
    pub fn extra_tlvs(&self) -> Tlvs<'a> {
        Tlvs::new(self.extra_tlvs)
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

    /// A LACPDU of `version` carrying `tlvs` (wire bytes of complete TLVs, e.g. from a
    /// [`TlvWriter`](crate::TlvWriter)) between the collector and the terminator. Errors if
    /// they do not walk, naming the offset of the first bad TLV.
    pub fn with_tlvs(
        version: u8,
        actor: PortInfo,
        partner: PortInfo,
        collector_max_delay: u16,
        tlvs: &'a [u8],
    ) -> Result<Self, BuildError> {
        tlv::check_for_build(tlvs)?;
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
        let b = out(buf, len)?;
        let (h, rest) =
            b.split_first_chunk_mut::<AFTER_COLLECTOR>()
                .ok_or(BuildError::BufferTooSmall {
                    needed: len,
                    available: len,
                })?;
        h[field::SUBTYPE] = Subtype::LACP.0;
        h[field::VERSION] = self.version;
        let mut info = [0u8; 20];
        self.actor.write(TlvType::ACTOR, &mut info);
        h[field::ACTOR..field::PARTNER].copy_from_slice(&info);
        self.partner.write(TlvType::PARTNER, &mut info);
        h[field::PARTNER..COLLECTOR].copy_from_slice(&info);
        h[COLLECTOR + field::TLV_TYPE] = TlvType::COLLECTOR.0;
        h[COLLECTOR + field::TLV_LENGTH] = field::COLLECTOR_LEN;
        let delay = COLLECTOR + field::COLLECTOR_MAX_DELAY.start;
        h[delay..delay + 2].copy_from_slice(&self.collector_max_delay.to_be_bytes());
        h[delay + 2..].fill(0);
        let t = self.extra_tlvs.len();
        rest[..t].copy_from_slice(self.extra_tlvs);
        rest[t..].fill(0); // terminator (0, 0) and reserved
        Ok(len)
    }
}

/// One line: `LACPv1 actor 8000,00-13-c4-12-0f-00 key 13 port 22 [ASDCD...] partner ...`.
impl fmt::Display for Lacpdu<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "LACPv{} actor {} partner {}",
            self.version, self.actor, self.partner
        )
    }
}

impl<'a> pdukit_wire::Parse<'a> for Lacpdu<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        Lacpdu::parse(data)
    }
}

impl pdukit_wire::Emit for Lacpdu<'_> {
    fn buffer_len(&self) -> usize {
        Lacpdu::buffer_len(self)
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        Lacpdu::emit(self, buf)
    }
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
    ///
    /// Error order: length, subtype, Marker TLV type, its length, the terminator.
    pub fn parse(d: &[u8]) -> Result<Self, ParseError> {
        use field::marker;
        let h: &[u8; marker::LEN] = d.first_chunk().ok_or(ParseError::Truncated {
            field: name::MARKER_PDU,
            offset: 0,
            needed: marker::LEN,
            available: d.len(),
        })?;
        expect_subtype(h[field::SUBTYPE], Subtype::MARKER)?;
        let t = h[marker::INFO + field::TLV_TYPE];
        let response = match t {
            1 => false,
            2 => true,
            t => {
                return Err(ParseError::Invalid {
                    field: name::MARKER_TLV_TYPE,
                    offset: marker::INFO + field::TLV_TYPE,
                    found: u32::from(t),
                    expected: Expected::Text("1 (Information) or 2 (Response)"),
                })
            }
        };
        expect_tlv(h, marker::INFO, TlvType(t), field::MARKER_INFO_LEN)?;
        expect_tlv(h, marker::TERMINATOR, TlvType::TERMINATOR, 0)?;
        Ok(Marker {
            version: h[field::VERSION],
            response,
            requester_port: u16_at(h, marker::REQUESTER_PORT),
            requester_system: array_at(h, marker::REQUESTER_SYSTEM),
            requester_transaction_id: u32_at(h, marker::REQUESTER_TRANSACTION_ID),
        })
    }

    /// Bytes [`Marker::emit`] writes: 110.
    pub const fn buffer_len(&self) -> usize {
        PDU_LEN
    }

    /// Writes the 110-byte PDU; returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        use field::marker;
        let b = out(buf, PDU_LEN)?;
        b.fill(0);
        b[field::SUBTYPE] = Subtype::MARKER.0;
        b[field::VERSION] = self.version;
        b[marker::INFO + field::TLV_TYPE] = if self.response { 2 } else { 1 };
        b[marker::INFO + field::TLV_LENGTH] = field::MARKER_INFO_LEN;
        b[marker::REQUESTER_PORT].copy_from_slice(&self.requester_port.to_be_bytes());
        b[marker::REQUESTER_SYSTEM].copy_from_slice(&self.requester_system);
        b[marker::REQUESTER_TRANSACTION_ID]
            .copy_from_slice(&self.requester_transaction_id.to_be_bytes());
        Ok(PDU_LEN)
    }
}

/// One line: `Marker Information port 7 txid 9` (or `Marker Response ...`).
impl fmt::Display for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Marker {} port {} txid {}",
            if self.response {
                "Response"
            } else {
                "Information"
            },
            self.requester_port,
            self.requester_transaction_id
        )
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
        subtype: Subtype,
        /// Everything after the subtype.
        body: &'a [u8],
    },
}

impl<'a> SlowPdu<'a> {
    /// The one parse of a slow-protocols PDU (bytes after the EtherType): dispatches on the
    /// subtype and parses strictly.
    pub fn parse(d: &'a [u8]) -> Result<Self, ParseError> {
        match d.split_first() {
            None => Err(ParseError::Truncated {
                field: name::SUBTYPE,
                offset: 0,
                needed: 1,
                available: 0,
            }),
            Some((&s, body)) => match Subtype(s) {
                Subtype::LACP => Lacpdu::parse(d).map(SlowPdu::Lacp),
                Subtype::MARKER => Marker::parse(d).map(SlowPdu::Marker),
                subtype => Ok(SlowPdu::Other { subtype, body }),
            },
        }
    }
}

impl<'a> pdukit_wire::Parse<'a> for SlowPdu<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        SlowPdu::parse(data)
    }
}

/// Writes the Ethernet header of a slow-protocols frame from `src` into `buf[..14]`.
pub fn write_ethernet_header(buf: &mut [u8], src: [u8; 6]) -> Result<usize, BuildError> {
    pdukit_wire::ethernet::write_header(buf, SLOW_PROTOCOLS_MAC, src, ETHERTYPE)
}
