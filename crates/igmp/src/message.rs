//! The IGMP message: the one parse, `buffer_len`, emit.

use core::net::Ipv4Addr;

use pdukit_checksum::verify;
use pdukit_wire::{array_at, get_u16, out, u16_at, BuildError, Expected, ParseError};

use crate::code::decode_code;
use crate::field::{self, name, HEADER_LEN};
use crate::header::{compute_checksum, fill_checksum, finish_v3_report, MessageType};
use crate::records::{Records, Sources};

/// An IGMPv3 query (RFC 3376 §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryV3<'a> {
    /// Max Resp Code (encoded; see [`QueryV3::max_resp_time`]).
    pub max_resp_code: u8,
    /// Group address: 0.0.0.0 for a general query.
    pub group: Ipv4Addr,
    /// Suppress Router-Side Processing.
    pub s_flag: bool,
    /// Querier's Robustness Variable (3 bits; 0 = unknown).
    pub qrv: u8,
    /// Querier's Query Interval Code (encoded; see [`QueryV3::query_interval`]).
    pub qqic: u8,
    /// Source addresses (group-and-source-specific query).
    pub sources: Sources<'a>,
}

impl<'a> QueryV3<'a> {
    /// The fields of a query of more than 8 bytes, checksum not checked: 9 to 11 bytes are an
    /// error (RFC 3376 §7.1), the source count must fit the message.
    #[inline]
    fn from_bytes(data: &'a [u8]) -> Result<Self, ParseError> {
        let Some(h) = data.first_chunk::<{ field::V3Q_SOURCES }>() else {
            return Err(ParseError::Invalid {
                field: name::QUERY_LENGTH,
                offset: 0,
                found: data.len() as u32,
                expected: Expected::Text(
                    "8 or at least 12 bytes (RFC 3376 7.1: 9-11 MUST be ignored)",
                ),
            });
        };
        let n = usize::from(u16_at(h, field::V3Q_NUM_SOURCES));
        let bytes = data
            .get(field::V3Q_SOURCES..field::V3Q_SOURCES + 4 * n)
            .ok_or(ParseError::BadLength {
                field: name::QUERY_NUM_SOURCES,
                offset: field::V3Q_SOURCES,
                declared: 4 * n,
                available: data.len() - field::V3Q_SOURCES,
            })?;
        let flags = h[field::V3Q_FLAGS];
        Ok(QueryV3 {
            max_resp_code: h[field::CODE],
            group: Ipv4Addr::from(array_at::<4>(h, field::GROUP)),
            s_flag: flags & 0x08 != 0,
            qrv: flags & 0x07,
            qqic: h[field::V3Q_QQIC],
            sources: Sources::from_wire(bytes),
        })
    }

    /// Maximum response time in tenths of a second, decoded.
    #[inline]
    pub const fn max_resp_time(&self) -> u32 {
        decode_code(self.max_resp_code)
    }
    /// Querier's query interval in seconds, decoded.
    #[inline]
    pub const fn query_interval(&self) -> u32 {
        decode_code(self.qqic)
    }
    /// Robustness to use: QRV, or 2 when QRV is 0 (RFC 3376 §4.1.6).
    pub const fn robustness(&self) -> u8 {
        if self.qrv == 0 {
            2
        } else {
            self.qrv
        }
    }
}

/// An IGMP message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Message<'a> {
    /// IGMPv1 query: 8 bytes with Max Resp Time 0 (RFC 3376 §7.1).
    QueryV1 {
        /// Group field (unused in v1, normally 0.0.0.0).
        group: Ipv4Addr,
    },
    /// IGMPv2 query: 8 bytes.
    QueryV2 {
        /// Max Resp Time in tenths of a second (non-zero).
        max_resp_time: u8,
        /// 0.0.0.0 for a general query, else the group.
        group: Ipv4Addr,
    },
    /// IGMPv3 query: 12 bytes or more.
    QueryV3(QueryV3<'a>),
    /// IGMPv1 report.
    ReportV1 {
        /// Group reported.
        group: Ipv4Addr,
    },
    /// IGMPv2 report.
    ReportV2 {
        /// Group reported.
        group: Ipv4Addr,
    },
    /// IGMPv2 leave.
    Leave {
        /// Group left.
        group: Ipv4Addr,
    },
    /// IGMPv3 report.
    ReportV3 {
        /// Group records, validated, in wire order.
        records: Records<'a>,
    },
    /// Another message carried in IGMP (DVMRP, PIMv1, mtrace, MRD, RGMP, unknown): known by
    /// type, kept raw.
    Other {
        /// The type byte.
        msg_type: MessageType,
        /// The second byte.
        code: u8,
        /// Everything after the 4-byte type/code/checksum header.
        body: &'a [u8],
    },
}

/// The error for a message shorter than the 8-byte header.
#[cold]
const fn truncated(data: &[u8]) -> ParseError {
    ParseError::Truncated {
        field: name::HEADER,
        offset: 0,
        needed: HEADER_LEN,
        available: data.len(),
    }
}

/// The error for a message whose checksum is wrong: what it carries and what it should.
#[cold]
fn bad_checksum(data: &[u8]) -> ParseError {
    let c = field::CHECKSUM.start;
    ParseError::BadChecksum {
        field: name::CHECKSUM,
        offset: c,
        stored: get_u16(data, c),
        computed: compute_checksum(data),
    }
}

/// The v1/v2 message whose first 8 bytes are `h` (checksum not checked), if it is one: a query
/// counts only when `eight` (the message is exactly 8 bytes: longer ones are v3 or ignored,
/// RFC 3376 §7.1); reports and leaves may carry trailing bytes.
#[inline(always)]
fn v1v2(h: &[u8; HEADER_LEN], eight: bool) -> Option<Message<'static>> {
    let code = h[field::CODE];
    let group = Ipv4Addr::from(array_at::<4>(h, field::GROUP));
    Some(match MessageType(h[field::TYPE]) {
        MessageType::MEMBERSHIP_QUERY if eight && code == 0 => Message::QueryV1 { group },
        MessageType::MEMBERSHIP_QUERY if eight => Message::QueryV2 {
            max_resp_time: code,
            group,
        },
        MessageType::V1_REPORT => Message::ReportV1 { group },
        MessageType::V2_REPORT => Message::ReportV2 { group },
        MessageType::LEAVE_GROUP => Message::Leave { group },
        _ => return None,
    })
}

impl<'a> Message<'a> {
    /// Parses an IGMP message and verifies its checksum: the one public parse.
    ///
    /// `data` must be the IGMP message as the IP header bounds it (IP total length minus the IP
    /// header), not the rest of the Ethernet frame: an 8-byte query arrives in a padded 60-byte
    /// frame, and the query version depends on the length (RFC 3376 §7.1).
    ///
    /// Error order: the structure before the checksum, so a message wrong in both is reported
    /// by its structural error — `Truncated` under 8 bytes, `Invalid` (query length) for a
    /// query of 9 to 11 bytes, `BadLength` for a source count or a group record that overruns
    /// the message, `Truncated` for a record header cut short — then `BadChecksum`. A v3
    /// report's records are all validated here (iterating them cannot fail).
    ///
    /// Inside, each kind takes its own path (private, same values and errors): 8-byte messages
    /// are summed as a constant-length block, a v3 query is summed before its fields are read.
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        if data.len() > HEADER_LEN && data[field::TYPE] == MessageType::MEMBERSHIP_QUERY.0 {
            return Self::parse_query_v3(data);
        }
        let msg = Self::parse_lax(data)?;
        // v1/v2 messages are 8 bytes: a constant length lets the sum compile to one word.
        let ok = match <&[u8; HEADER_LEN]>::try_from(data) {
            Ok(m) => verify(m),
            Err(_) => verify(data),
        };
        if !ok {
            return Err(bad_checksum(data));
        }
        Ok(msg)
    }

    /// A query longer than 8 bytes, in line: the sum first, so that no parsed field has to
    /// live across it (a structural error still wins over a bad checksum), and the caller sees
    /// the sources' representation.
    #[inline(always)]
    fn parse_query_v3(data: &'a [u8]) -> Result<Self, ParseError> {
        if !verify(data) {
            QueryV3::from_bytes(data)?;
            return Err(bad_checksum(data));
        }
        QueryV3::from_bytes(data).map(Message::QueryV3)
    }

    /// The lax view (the one meaning of lax in every pdukit crate: accept what real devices
    /// send that the RFC forbids, never read out of bounds, never give a wrong value): here, a
    /// wrong checksum is accepted; every structural rule still applies. Check the checksum
    /// with [`compute_checksum`].
    #[inline]
    pub fn parse_lax(data: &'a [u8]) -> Result<Self, ParseError> {
        let Some(h) = data.first_chunk::<HEADER_LEN>() else {
            return Err(truncated(data));
        };
        let t = MessageType(h[field::TYPE]);
        let eight = data.len() == HEADER_LEN;
        Ok(match t {
            MessageType::MEMBERSHIP_QUERY if !eight => Message::QueryV3(QueryV3::from_bytes(data)?),
            MessageType::V3_REPORT => {
                let count = u16_at(h, field::V3R_NUM_RECORDS);
                let records =
                    Records::parse(&data[field::V3R_RECORDS..], count, field::V3R_RECORDS)?;
                Message::ReportV3 { records }
            }
            _ => match v1v2(h, eight) {
                Some(m) => m,
                None => Message::Other {
                    msg_type: t,
                    code: h[field::CODE],
                    body: &data[field::BODY..],
                },
            },
        })
    }

    /// The message type.
    #[inline]
    pub const fn msg_type(&self) -> MessageType {
        match self {
            Message::QueryV1 { .. } | Message::QueryV2 { .. } | Message::QueryV3(_) => {
                MessageType::MEMBERSHIP_QUERY
            }
            Message::ReportV1 { .. } => MessageType::V1_REPORT,
            Message::ReportV2 { .. } => MessageType::V2_REPORT,
            Message::Leave { .. } => MessageType::LEAVE_GROUP,
            Message::ReportV3 { .. } => MessageType::V3_REPORT,
            Message::Other { msg_type, .. } => *msg_type,
        }
    }

    /// The IGMP version a host would attribute it to (1, 2 or 3), if it is a membership message.
    pub const fn version(&self) -> Option<u8> {
        match self {
            Message::QueryV1 { .. } | Message::ReportV1 { .. } => Some(1),
            Message::QueryV2 { .. } | Message::ReportV2 { .. } | Message::Leave { .. } => Some(2),
            Message::QueryV3(_) | Message::ReportV3 { .. } => Some(3),
            Message::Other { .. } => None,
        }
    }

    /// Bytes [`Message::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        match self {
            Message::QueryV3(q) => field::V3Q_SOURCES + 4 * q.sources.len(),
            Message::ReportV3 { records } => field::V3R_RECORDS + records.wire_len(),
            Message::Other { body, .. } => field::BODY + body.len(),
            _ => HEADER_LEN,
        }
    }

    /// Writes the message (every byte, reserved ones included) with its checksum; returns the
    /// length written.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        let len = self.buffer_len();
        let out = out(buf, len)?;
        out[field::TYPE] = self.msg_type().0;
        out[field::CHECKSUM].fill(0);
        let group_code = |out: &mut [u8], code: u8, group: Ipv4Addr| {
            out[field::CODE] = code;
            out[field::GROUP].copy_from_slice(&group.octets());
        };
        match self {
            Message::QueryV1 { group } => group_code(out, 0, *group),
            Message::QueryV2 {
                max_resp_time,
                group,
            } => group_code(out, *max_resp_time, *group),
            Message::QueryV3(q) => {
                if q.sources.len() > usize::from(u16::MAX) {
                    return Err(BuildError::InvalidField {
                        field: name::QUERY_NUM_SOURCES,
                        value: q.sources.len(),
                    });
                }
                group_code(out, q.max_resp_code, q.group);
                out[field::V3Q_FLAGS] = (u8::from(q.s_flag) << 3) | (q.qrv & 0x07);
                out[field::V3Q_QQIC] = q.qqic;
                out[field::V3Q_NUM_SOURCES]
                    .copy_from_slice(&(q.sources.len() as u16).to_be_bytes());
                q.sources.write(&mut out[field::V3Q_SOURCES..]);
            }
            Message::ReportV1 { group }
            | Message::ReportV2 { group }
            | Message::Leave { group } => group_code(out, 0, *group),
            Message::ReportV3 { records } => {
                out[field::V3R_RECORDS..].copy_from_slice(records.as_bytes());
                // The header and the checksum, as the record writer finishes them.
                finish_v3_report(out, records.count());
                return Ok(len);
            }
            Message::Other { code, body, .. } => {
                out[field::CODE] = *code;
                out[field::BODY..].copy_from_slice(body);
            }
        }
        fill_checksum(out);
        Ok(len)
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

/// Rewrites the group address of a query, v1/v2 report or leave in place and patches the
/// checksum incrementally (RFC 1624), without a pass over the message.
pub fn rewrite_group(msg: &mut [u8], group: Ipv4Addr) -> Result<(), ParseError> {
    let Some(h) = msg.first_chunk::<HEADER_LEN>() else {
        return Err(truncated(msg));
    };
    let stored = u16_at(h, field::CHECKSUM);
    let old = Ipv4Addr::from(array_at::<4>(h, field::GROUP)).octets();
    let new = group.octets();
    let c = pdukit_checksum::update_bytes(stored, field::GROUP.start, &old, &new);
    msg[field::GROUP].copy_from_slice(&new);
    msg[field::CHECKSUM].copy_from_slice(&c.to_be_bytes());
    Ok(())
}
