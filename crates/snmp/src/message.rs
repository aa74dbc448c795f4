//! SNMP messages: v1 and v2c (community) with every PDU, and the SNMPv3 header; the one parse,
//! `parse_lax`, `buffer_len`, `emit`.

use core::net::Ipv4Addr;

use pdukit_wire::{out, BuildError, Expected, ParseError, Reader, Writer};

use crate::ber::{self, Tlv};
use crate::field::{name, tag};
use crate::oid::Oid;
use crate::value::VarBinds;

pdukit_wire::open_enum! {
    /// error-status (RFC 3416 §3; 0-5 in v1).
    pub struct ErrorStatus(i32) {
        /// noError.
        NO_ERROR = 0 => "noError",
        /// tooBig.
        TOO_BIG = 1 => "tooBig",
        /// noSuchName (v1).
        NO_SUCH_NAME = 2 => "noSuchName",
        /// badValue (v1).
        BAD_VALUE = 3 => "badValue",
        /// readOnly (v1).
        READ_ONLY = 4 => "readOnly",
        /// genErr.
        GEN_ERR = 5 => "genErr",
        /// noAccess.
        NO_ACCESS = 6 => "noAccess",
        /// wrongType.
        WRONG_TYPE = 7 => "wrongType",
        /// wrongLength.
        WRONG_LENGTH = 8 => "wrongLength",
        /// wrongEncoding.
        WRONG_ENCODING = 9 => "wrongEncoding",
        /// wrongValue.
        WRONG_VALUE = 10 => "wrongValue",
        /// noCreation.
        NO_CREATION = 11 => "noCreation",
        /// inconsistentValue.
        INCONSISTENT_VALUE = 12 => "inconsistentValue",
        /// resourceUnavailable.
        RESOURCE_UNAVAILABLE = 13 => "resourceUnavailable",
        /// commitFailed.
        COMMIT_FAILED = 14 => "commitFailed",
        /// undoFailed.
        UNDO_FAILED = 15 => "undoFailed",
        /// authorizationError.
        AUTHORIZATION_ERROR = 16 => "authorizationError",
        /// notWritable.
        NOT_WRITABLE = 17 => "notWritable",
        /// inconsistentName.
        INCONSISTENT_NAME = 18 => "inconsistentName",
    }
}

pdukit_wire::open_enum! {
    /// Trap-v1 generic-trap (RFC 1157 §4.1.6).
    pub struct GenericTrap(i32) {
        /// coldStart.
        COLD_START = 0 => "coldStart",
        /// warmStart.
        WARM_START = 1 => "warmStart",
        /// linkDown.
        LINK_DOWN = 2 => "linkDown",
        /// linkUp.
        LINK_UP = 3 => "linkUp",
        /// authenticationFailure.
        AUTHENTICATION_FAILURE = 4 => "authenticationFailure",
        /// egpNeighborLoss.
        EGP_NEIGHBOR_LOSS = 5 => "egpNeighborLoss",
        /// enterpriseSpecific.
        ENTERPRISE_SPECIFIC = 6 => "enterpriseSpecific",
    }
}

/// The version of a community-based message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// SNMPv1 (version 0 on the wire).
    V1,
    /// SNMPv2c (version 1 on the wire).
    V2c,
}

impl Version {
    /// The wire value.
    pub const fn wire(self) -> i32 {
        match self {
            Version::V1 => 0,
            Version::V2c => 1,
        }
    }
}

/// The fields every PDU but GetBulk and Trap-v1 has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StandardPdu<'a> {
    /// request-id (may be negative).
    pub request_id: i32,
    /// error-status.
    pub error_status: ErrorStatus,
    /// error-index (1-based; 0 without an error).
    pub error_index: i32,
    /// The variable bindings.
    pub varbinds: VarBinds<'a>,
}

/// A GetBulkRequest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BulkPdu<'a> {
    /// request-id.
    pub request_id: i32,
    /// non-repeaters (negative is an error; 0 in the lax view).
    pub non_repeaters: i32,
    /// max-repetitions (negative is an error; 0 in the lax view).
    pub max_repetitions: i32,
    /// The variable bindings.
    pub varbinds: VarBinds<'a>,
}

/// A Trap-v1 PDU (RFC 1157).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrapV1Pdu<'a> {
    /// enterprise (sysObjectID of the sender).
    pub enterprise: Oid<'a>,
    /// agent-addr.
    pub agent_addr: Ipv4Addr,
    /// generic-trap.
    pub generic_trap: GenericTrap,
    /// specific-trap.
    pub specific_trap: i32,
    /// time-stamp (TimeTicks).
    pub time_stamp: u32,
    /// The variable bindings.
    pub varbinds: VarBinds<'a>,
}

/// A PDU (context tags A0-A8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pdu<'a> {
    /// A0 GetRequest.
    Get(StandardPdu<'a>),
    /// A1 GetNextRequest.
    GetNext(StandardPdu<'a>),
    /// A2 Response (GetResponse in v1).
    Response(StandardPdu<'a>),
    /// A3 SetRequest.
    Set(StandardPdu<'a>),
    /// A4 Trap (v1).
    TrapV1(TrapV1Pdu<'a>),
    /// A5 GetBulkRequest (v2c).
    GetBulk(BulkPdu<'a>),
    /// A6 InformRequest (v2c).
    Inform(StandardPdu<'a>),
    /// A7 SNMPv2-Trap (v2c).
    V2Trap(StandardPdu<'a>),
    /// A8 Report (v2c/v3).
    Report(StandardPdu<'a>),
}

/// PDU tags.
mod pdu_tag {
    pub const GET: u8 = 0xa0;
    pub const GET_NEXT: u8 = 0xa1;
    pub const RESPONSE: u8 = 0xa2;
    pub const SET: u8 = 0xa3;
    pub const TRAP_V1: u8 = 0xa4;
    pub const GET_BULK: u8 = 0xa5;
    pub const INFORM: u8 = 0xa6;
    pub const V2_TRAP: u8 = 0xa7;
    pub const REPORT: u8 = 0xa8;
}

impl<'a> Pdu<'a> {
    /// The context tag (A0-A8); Wireshark's `snmp.data` is this minus 0xA0.
    pub const fn tag(&self) -> u8 {
        match self {
            Pdu::Get(_) => pdu_tag::GET,
            Pdu::GetNext(_) => pdu_tag::GET_NEXT,
            Pdu::Response(_) => pdu_tag::RESPONSE,
            Pdu::Set(_) => pdu_tag::SET,
            Pdu::TrapV1(_) => pdu_tag::TRAP_V1,
            Pdu::GetBulk(_) => pdu_tag::GET_BULK,
            Pdu::Inform(_) => pdu_tag::INFORM,
            Pdu::V2Trap(_) => pdu_tag::V2_TRAP,
            Pdu::Report(_) => pdu_tag::REPORT,
        }
    }

    /// The fields of the seven PDUs that share one layout (all but GetBulk and Trap-v1).
    pub const fn standard(&self) -> Option<&StandardPdu<'a>> {
        match self {
            Pdu::Get(p)
            | Pdu::GetNext(p)
            | Pdu::Response(p)
            | Pdu::Set(p)
            | Pdu::Inform(p)
            | Pdu::V2Trap(p)
            | Pdu::Report(p) => Some(p),
            Pdu::GetBulk(_) | Pdu::TrapV1(_) => None,
        }
    }

    /// The variable bindings.
    pub const fn varbinds(&self) -> &VarBinds<'a> {
        match (self, self.standard()) {
            (_, Some(p)) => &p.varbinds,
            (Pdu::GetBulk(b), _) => &b.varbinds,
            (Pdu::TrapV1(t), _) => &t.varbinds,
            // `standard` covers the other seven.
            (_, None) => &VarBinds::EMPTY,
        }
    }

    /// request-id (none in a Trap-v1).
    pub const fn request_id(&self) -> Option<i32> {
        match (self, self.standard()) {
            (_, Some(p)) => Some(p.request_id),
            (Pdu::GetBulk(b), _) => Some(b.request_id),
            _ => None,
        }
    }

    /// Decodes a PDU TLV. `lax`: negative GetBulk counts become 0 instead of an error.
    fn decode(t: &Tlv<'a>, lax: bool) -> Result<Self, ParseError> {
        let mut r = t.content;
        let int = ber::read_int32;
        let pdu = match t.tag {
            pdu_tag::TRAP_V1 => {
                let e = ber::expect(&mut r, tag::OBJECT_IDENTIFIER, name::ENTERPRISE)?;
                let enterprise = Oid::from_ber(e.bytes(), e.content.offset())?;
                let a = ber::expect(&mut r, tag::IP_ADDRESS, name::AGENT_ADDR)?;
                let agent_addr = ber::ipv4(&a, name::AGENT_ADDR)?;
                let generic_trap = GenericTrap(int(&mut r, name::GENERIC_TRAP)?);
                let specific_trap = int(&mut r, name::SPECIFIC_TRAP)?;
                let ts = ber::expect(&mut r, tag::TIME_TICKS, name::TIME_STAMP)?;
                let time_stamp = ber::unsigned32(&ts)?;
                Pdu::TrapV1(TrapV1Pdu {
                    enterprise,
                    agent_addr,
                    generic_trap,
                    specific_trap,
                    time_stamp,
                    varbinds: varbind_list(&mut r)?,
                })
            }
            pdu_tag::GET_BULK => {
                let request_id = int(&mut r, name::REQUEST_ID)?;
                let at = r.offset();
                let non_repeaters = count(
                    int(&mut r, name::NON_REPEATERS)?,
                    lax,
                    name::NON_REPEATERS,
                    at,
                )?;
                let at = r.offset();
                let max_repetitions = count(
                    int(&mut r, name::MAX_REPETITIONS)?,
                    lax,
                    name::MAX_REPETITIONS,
                    at,
                )?;
                Pdu::GetBulk(BulkPdu {
                    request_id,
                    non_repeaters,
                    max_repetitions,
                    varbinds: varbind_list(&mut r)?,
                })
            }
            t @ (pdu_tag::GET..=pdu_tag::SET | pdu_tag::INFORM..=pdu_tag::REPORT) => {
                let p = StandardPdu {
                    request_id: int(&mut r, name::REQUEST_ID)?,
                    error_status: ErrorStatus(int(&mut r, name::ERROR_STATUS)?),
                    error_index: int(&mut r, name::ERROR_INDEX)?,
                    varbinds: varbind_list(&mut r)?,
                };
                match t {
                    pdu_tag::GET => Pdu::Get(p),
                    pdu_tag::GET_NEXT => Pdu::GetNext(p),
                    pdu_tag::RESPONSE => Pdu::Response(p),
                    pdu_tag::SET => Pdu::Set(p),
                    pdu_tag::INFORM => Pdu::Inform(p),
                    pdu_tag::V2_TRAP => Pdu::V2Trap(p),
                    _ => Pdu::Report(p),
                }
            }
            other => {
                return Err(ParseError::Invalid {
                    field: name::PDU,
                    offset: t.start,
                    found: u32::from(other),
                    expected: Expected::Text("a PDU tag 0xA0-0xA8"),
                })
            }
        };
        ber::finish(&r)?;
        Ok(pdu)
    }

    /// Content octets of the PDU.
    fn content_len(&self) -> usize {
        let int = ber::int32_tlv_len;
        let vb = ber::tlv_len(self.varbinds().content_len());
        if let Some(p) = self.standard() {
            return int(p.request_id) + int(p.error_status.0) + int(p.error_index) + vb;
        }
        match self {
            Pdu::GetBulk(b) => {
                int(b.request_id) + int(b.non_repeaters) + int(b.max_repetitions) + vb
            }
            Pdu::TrapV1(t) => {
                ber::tlv_len(t.enterprise.as_ber().len())
                    + ber::tlv_len(4)
                    + int(t.generic_trap.0)
                    + int(t.specific_trap)
                    + ber::tlv_len(ber::uint_len(u64::from(t.time_stamp)))
                    + vb
            }
            // The seven that share a layout returned above.
            _ => vb,
        }
    }

    /// Octets of the whole PDU.
    pub fn wire_len(&self) -> usize {
        ber::tlv_len(self.content_len())
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<(), BuildError> {
        ber::header(w, self.tag(), self.content_len())?;
        let int = ber::int32_tlv;
        if let Some(p) = self.standard() {
            int(w, p.request_id)?;
            int(w, p.error_status.0)?;
            int(w, p.error_index)?;
        } else if let Pdu::GetBulk(b) = self {
            int(w, b.request_id)?;
            int(w, b.non_repeaters)?;
            int(w, b.max_repetitions)?;
        } else if let Pdu::TrapV1(t) = self {
            ber::header(w, tag::OBJECT_IDENTIFIER, t.enterprise.as_ber().len())?;
            w.put(t.enterprise.as_ber())?;
            ber::header(w, tag::IP_ADDRESS, 4)?;
            w.put(&t.agent_addr.octets())?;
            int(w, t.generic_trap.0)?;
            int(w, t.specific_trap)?;
            ber::uint(w, tag::TIME_TICKS, u64::from(t.time_stamp))?;
        }
        self.varbinds().write(w)
    }
}

/// A GetBulk count: negative is an error, or 0 in the lax view.
fn count(
    v: i32,
    lax: bool,
    field: &'static pdukit_wire::Field,
    at: usize,
) -> Result<i32, ParseError> {
    match (v < 0, lax) {
        (false, _) => Ok(v),
        (true, true) => Ok(0),
        (true, false) => Err(ParseError::Invalid {
            field,
            offset: at,
            found: v as u32,
            expected: Expected::Text("0 or more"),
        }),
    }
}

/// The varbind-list SEQUENCE, its varbinds walked lazily.
fn varbind_list<'a>(r: &mut Reader<'a>) -> Result<VarBinds<'a>, ParseError> {
    let l = ber::expect(r, tag::SEQUENCE, name::VARBIND_LIST)?;
    Ok(VarBinds::from_wire(l.content))
}

/// The scoped PDU of an SNMPv3 message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopedPdu<'a> {
    /// In the clear (noAuthNoPriv, authNoPriv).
    Plain {
        /// contextEngineID.
        context_engine_id: &'a [u8],
        /// contextName.
        context_name: &'a [u8],
        /// The PDU.
        pdu: Pdu<'a>,
    },
    /// Encrypted (authPriv): v3 security is not supported, the bytes are kept.
    Encrypted(&'a [u8]),
}

/// An SNMPv3 message (RFC 3412): the header decoded; the scoped PDU when it is in the clear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageV3<'a> {
    /// msgID.
    pub msg_id: i32,
    /// msgMaxSize.
    pub max_size: i32,
    /// msgFlags (0x01 auth, 0x02 priv, 0x04 reportable).
    pub flags: u8,
    /// msgSecurityModel (3 = USM).
    pub security_model: i32,
    /// msgSecurityParameters, raw (v3 security is not supported).
    pub security_parameters: &'a [u8],
    /// The scoped PDU.
    pub scoped: ScopedPdu<'a>,
}

impl<'a> MessageV3<'a> {
    fn decode(r: &mut Reader<'a>, lax: bool) -> Result<Self, ParseError> {
        let g = ber::expect(r, tag::SEQUENCE, name::V3_HEADER)?;
        let mut gr = g.content;
        let int = |r: &mut Reader<'a>| ber::read_int32(r, name::V3_HEADER);
        let msg_id = int(&mut gr)?;
        let max_size = int(&mut gr)?;
        let f = ber::expect(&mut gr, tag::OCTET_STRING, name::V3_FLAGS)?;
        let [flags] = f.bytes() else {
            return Err(ParseError::Invalid {
                field: name::V3_FLAGS,
                offset: f.start,
                found: f.bytes().len() as u32,
                expected: Expected::Value(1),
            });
        };
        let security_model = int(&mut gr)?;
        ber::finish(&gr)?;
        let sp = ber::expect(r, tag::OCTET_STRING, name::V3_SECURITY)?;
        let data = ber::read(r)?;
        let scoped = match data.tag {
            tag::OCTET_STRING => ScopedPdu::Encrypted(data.bytes()),
            tag::SEQUENCE => {
                let mut s = data.content;
                let e = ber::expect(&mut s, tag::OCTET_STRING, name::SCOPED_PDU)?;
                let n = ber::expect(&mut s, tag::OCTET_STRING, name::SCOPED_PDU)?;
                let p = ber::read(&mut s)?;
                let pdu = Pdu::decode(&p, lax)?;
                ber::finish(&s)?;
                ScopedPdu::Plain {
                    context_engine_id: e.bytes(),
                    context_name: n.bytes(),
                    pdu,
                }
            }
            other => {
                return Err(ber::wrong_tag(
                    name::SCOPED_PDU,
                    data.start,
                    other,
                    tag::SEQUENCE,
                ))
            }
        };
        Ok(MessageV3 {
            msg_id,
            max_size,
            flags: *flags,
            security_model,
            security_parameters: sp.bytes(),
            scoped,
        })
    }

    /// The PDU, or the error saying v3 security is not supported when it is encrypted.
    pub fn pdu(&self) -> Result<&Pdu<'a>, ParseError> {
        match &self.scoped {
            ScopedPdu::Plain { pdu, .. } => Ok(pdu),
            ScopedPdu::Encrypted(_) => Err(ParseError::Invalid {
                field: name::SCOPED_PDU,
                offset: 0,
                found: u32::from(self.flags),
                expected: Expected::Text("a plaintext scopedPDU (v3 security not supported)"),
            }),
        }
    }

    /// Content octets of msgGlobalData.
    fn global_len(&self) -> usize {
        let int = ber::int32_tlv_len;
        int(self.msg_id) + int(self.max_size) + ber::tlv_len(1) + int(self.security_model)
    }

    /// Content octets of a plaintext scoped PDU.
    fn plain_len(context_engine_id: &[u8], context_name: &[u8], pdu: &Pdu<'_>) -> usize {
        ber::tlv_len(context_engine_id.len()) + ber::tlv_len(context_name.len()) + pdu.wire_len()
    }

    fn content_len(&self) -> usize {
        let scoped = match self.scoped {
            ScopedPdu::Encrypted(b) => ber::tlv_len(b.len()),
            ScopedPdu::Plain {
                context_engine_id,
                context_name,
                pdu,
            } => ber::tlv_len(Self::plain_len(context_engine_id, context_name, &pdu)),
        };
        ber::int32_tlv_len(3)
            + ber::tlv_len(self.global_len())
            + ber::tlv_len(self.security_parameters.len())
            + scoped
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<(), BuildError> {
        let int = ber::int32_tlv;
        int(w, 3)?;
        ber::header(w, tag::SEQUENCE, self.global_len())?;
        int(w, self.msg_id)?;
        int(w, self.max_size)?;
        ber::header(w, tag::OCTET_STRING, 1)?;
        w.u8(self.flags)?;
        int(w, self.security_model)?;
        ber::header(w, tag::OCTET_STRING, self.security_parameters.len())?;
        w.put(self.security_parameters)?;
        match self.scoped {
            ScopedPdu::Encrypted(b) => {
                ber::header(w, tag::OCTET_STRING, b.len())?;
                w.put(b)
            }
            ScopedPdu::Plain {
                context_engine_id,
                context_name,
                pdu,
            } => {
                ber::header(
                    w,
                    tag::SEQUENCE,
                    Self::plain_len(context_engine_id, context_name, &pdu),
                )?;
                ber::header(w, tag::OCTET_STRING, context_engine_id.len())?;
                w.put(context_engine_id)?;
                ber::header(w, tag::OCTET_STRING, context_name.len())?;
                w.put(context_name)?;
                pdu.write(w)
            }
        }
    }
}

/// An SNMP message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message<'a> {
    /// SNMPv1 or SNMPv2c.
    Community {
        /// v1 or v2c.
        version: Version,
        /// The community: bytes, not text.
        community: &'a [u8],
        /// The PDU.
        pdu: Pdu<'a>,
    },
    /// SNMPv3: the header decoded, the scoped PDU when it is in the clear.
    V3(MessageV3<'a>),
}

impl<'a> Message<'a> {
    /// Parses a message (a UDP payload): the one public parse.
    ///
    /// Error order, first failure wins, each with its offset: the message SEQUENCE and its
    /// length, trailing bytes after it, the version (0, 1 or 3), the community, the PDU tag, its
    /// integers, a negative GetBulk count, the varbind-list SEQUENCE, trailing bytes in any
    /// SEQUENCE. The varbinds themselves are checked as [`VarBinds::iter`] reads them (an item
    /// per varbind, value or error), so one bad value never hides the others.
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        Self::decode(data, false)
    }

    /// The lax view (the one meaning of lax in every pdukit crate: accept what real devices send
    /// that the RFC forbids, never read out of bounds, never give a wrong value): bytes after the
    /// message SEQUENCE are ignored and negative GetBulk counts read as 0 (RFC 3416 §4.2.3).
    pub fn parse_lax(data: &'a [u8]) -> Result<Self, ParseError> {
        Self::decode(data, true)
    }

    fn decode(data: &'a [u8], lax: bool) -> Result<Self, ParseError> {
        let mut top = Reader::new(data);
        let m = ber::expect(&mut top, tag::SEQUENCE, name::MESSAGE)?;
        if !lax {
            ber::finish(&top)?;
        }
        let mut r = m.content;
        let v = ber::expect(&mut r, tag::INTEGER, name::VERSION)?;
        let version = match ber::int32(&v, name::VERSION)? {
            0 => Version::V1,
            1 => Version::V2c,
            3 => {
                let v3 = MessageV3::decode(&mut r, lax)?;
                ber::finish(&r)?;
                return Ok(Message::V3(v3));
            }
            other => {
                return Err(ParseError::Invalid {
                    field: name::VERSION,
                    offset: v.start,
                    found: other as u32,
                    expected: Expected::Text("0 (v1), 1 (v2c) or 3 (v3)"),
                })
            }
        };
        let community = ber::expect(&mut r, tag::OCTET_STRING, name::COMMUNITY)?.bytes();
        let p = ber::read(&mut r)?;
        let pdu = Pdu::decode(&p, lax)?;
        ber::finish(&r)?;
        Ok(Message::Community {
            version,
            community,
            pdu,
        })
    }

    /// The PDU of a v1/v2c message or of a plaintext v3 one.
    pub fn pdu(&self) -> Option<&Pdu<'a>> {
        match self {
            Message::Community { pdu, .. } => Some(pdu),
            Message::V3(m) => m.pdu().ok(),
        }
    }

    fn content_len(&self) -> usize {
        match self {
            Message::Community {
                version,
                community,
                pdu,
            } => {
                ber::int32_tlv_len(version.wire()) + ber::tlv_len(community.len()) + pdu.wire_len()
            }
            Message::V3(m) => m.content_len(),
        }
    }

    /// Bytes [`Message::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        ber::tlv_len(self.content_len())
    }

    /// Writes the message, every length minimal, sizes computed first (no allocation, no
    /// moving); returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        let len = self.buffer_len();
        let mut w = Writer::new(out(buf, len)?);
        ber::header(&mut w, tag::SEQUENCE, self.content_len())?;
        match self {
            Message::Community {
                version,
                community,
                pdu,
            } => {
                ber::int32_tlv(&mut w, version.wire())?;
                ber::header(&mut w, tag::OCTET_STRING, community.len())?;
                w.put(community)?;
                pdu.write(&mut w)?;
            }
            Message::V3(m) => m.write(&mut w)?,
        }
        Ok(w.len())
    }
}

impl<'a> pdukit_wire::Parse<'a> for Message<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        Message::parse(data)
    }
}

impl pdukit_wire::Emit for Message<'_> {
    fn buffer_len(&self) -> usize {
        Message::buffer_len(self)
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        Message::emit(self, buf)
    }
}
