//! The IGMP message representation: parse, `buffer_len`, emit.

use core::fmt;
use core::net::Ipv4Addr;

use pdukit_checksum::{checksum, verify, Checksum};

use crate::code::decode_code;
use crate::error::{BuildError, ParseError};
use crate::older::MessageV1V2;
use crate::records::{Records, Sources};

/// Byte offsets of the fixed header.
pub mod field {
    use core::ops::Range;
    /// Message type.
    pub const TYPE: usize = 0;
    /// Max Resp Time / Max Resp Code (queries, v2), unused/reserved elsewhere.
    pub const CODE: usize = 1;
    /// Checksum over the whole message.
    pub const CHECKSUM: Range<usize> = 2..4;
    /// Group address (queries, v1/v2 reports, leave).
    pub const GROUP: Range<usize> = 4..8;
    /// v3 query: Resv(4) | S(1) | QRV(3).
    pub const V3Q_FLAGS: usize = 8;
    /// v3 query: Querier's Query Interval Code.
    pub const V3Q_QQIC: usize = 9;
    /// v3 query: number of sources.
    pub const V3Q_NUM_SOURCES: Range<usize> = 10..12;
    /// v3 query: first source.
    pub const V3Q_SOURCES: usize = 12;
    /// v3 report: number of group records.
    pub const V3R_NUM_RECORDS: Range<usize> = 6..8;
    /// v3 report: first group record.
    pub const V3R_RECORDS: usize = 8;
}

/// An IGMP message type (open: every value has exactly one form).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageType(pub u8);

impl MessageType {
    /// Membership Query (all versions).
    pub const MEMBERSHIP_QUERY: Self = Self(0x11);
    /// Version 1 Membership Report.
    pub const V1_REPORT: Self = Self(0x12);
    /// DVMRP (RFC 1075).
    pub const DVMRP: Self = Self(0x13);
    /// PIM version 1.
    pub const PIM_V1: Self = Self(0x14);
    /// Version 2 Membership Report.
    pub const V2_REPORT: Self = Self(0x16);
    /// Leave Group.
    pub const LEAVE_GROUP: Self = Self(0x17);
    /// Multicast traceroute response.
    pub const MTRACE_RESPONSE: Self = Self(0x1e);
    /// Multicast traceroute query/request.
    pub const MTRACE: Self = Self(0x1f);
    /// Version 3 Membership Report.
    pub const V3_REPORT: Self = Self(0x22);
    /// Multicast Router Advertisement (RFC 4286).
    pub const MRD_ADVERTISEMENT: Self = Self(0x30);
    /// Multicast Router Solicitation (RFC 4286).
    pub const MRD_SOLICITATION: Self = Self(0x31);
    /// Multicast Router Termination (RFC 4286).
    pub const MRD_TERMINATION: Self = Self(0x32);

    /// The registered name, if any.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x11 => "Membership Query",
            0x12 => "V1 Membership Report",
            0x13 => "DVMRP",
            0x14 => "PIMv1",
            0x16 => "V2 Membership Report",
            0x17 => "Leave Group",
            0x1e => "Mtrace Response",
            0x1f => "Mtrace",
            0x22 => "V3 Membership Report",
            0x30 => "MRD Advertisement",
            0x31 => "MRD Solicitation",
            0x32 => "MRD Termination",
            _ => return None,
        })
    }
}

impl fmt::Debug for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n} ({:#04x})", self.0),
            None => write!(f, "Unknown({:#04x})", self.0),
        }
    }
}

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
    /// Reads an IGMPv3 query in one pass, for code that only wants v3 queries: `Ok(None)` for
    /// another message type or an 8-byte (v1/v2) query, which are not summed; otherwise exactly
    /// what [`Message::parse`] gives for the message — the same fields, and the same errors
    /// ([`ParseError::Truncated`] under 8 bytes, [`ParseError::IgnoredQueryLength`] for 9 to 11,
    /// [`ParseError::BadLength`] for a source count that overruns the message,
    /// [`ParseError::BadChecksum`]).
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<Option<Self>, ParseError> {
        let Some(h) = data.first_chunk::<8>() else {
            return Err(truncated(data));
        };
        if h[field::TYPE] != MessageType::MEMBERSHIP_QUERY.0 || data.len() == 8 {
            return Ok(None);
        }
        // The sum first, so that no parsed field has to live across it; a structural error
        // still wins over a bad checksum, as in `Message::parse`.
        if !verify(data) {
            Self::from_bytes(data)?;
            return Err(bad_checksum(data));
        }
        Self::from_bytes(data).map(Some)
    }

    /// The fields of a query of more than 8 bytes, checksum not checked: 9 to 11 bytes are an
    /// error (RFC 3376 §7.1), the source count must fit the message.
    #[inline]
    fn from_bytes(data: &'a [u8]) -> Result<Self, ParseError> {
        let Some(h) = data.first_chunk::<{ field::V3Q_SOURCES }>() else {
            return Err(ParseError::IgnoredQueryLength { length: data.len() });
        };
        let n = usize::from(u16::from_be_bytes([h[10], h[11]]));
        let bytes = data
            .get(field::V3Q_SOURCES..field::V3Q_SOURCES + 4 * n)
            .ok_or(ParseError::BadLength {
                field: "query number of sources",
                offset: field::V3Q_SOURCES,
                declared: 4 * n,
                available: data.len() - field::V3Q_SOURCES,
            })?;
        let flags = h[field::V3Q_FLAGS];
        Ok(QueryV3 {
            max_resp_code: h[field::CODE],
            group: Ipv4Addr::new(h[4], h[5], h[6], h[7]),
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

#[inline]
fn rd_u16(d: &[u8], at: usize) -> u16 {
    match d.get(at..at + 2) {
        Some(b) => u16::from_be_bytes([b[0], b[1]]),
        None => 0,
    }
}

/// True when the checksum over the whole message is right.
#[inline]
pub fn checksum_valid(data: &[u8]) -> bool {
    verify(data)
}

/// The checksum `data` should carry (its checksum field taken as zero).
pub fn compute_checksum(data: &[u8]) -> u16 {
    let mut c = Checksum::new();
    c.add_bytes(data.get(..2).unwrap_or(data))
        .add_u16(0)
        .add_bytes(data.get(4..).unwrap_or(&[]));
    c.finish()
}

/// The error for a message shorter than the 8-byte header.
#[inline]
pub(crate) const fn truncated(data: &[u8]) -> ParseError {
    ParseError::Truncated {
        offset: 0,
        needed: 8,
        available: data.len(),
    }
}

/// The error for a message whose checksum is wrong: what it carries and what it should.
#[inline]
pub(crate) fn bad_checksum(data: &[u8]) -> ParseError {
    ParseError::BadChecksum {
        stored: rd_u16(data, field::CHECKSUM.start),
        computed: compute_checksum(data),
    }
}

impl<'a> Message<'a> {
    /// Parses an IGMP message and verifies its checksum.
    ///
    /// `data` must be the IGMP message as the IP header bounds it (IP total length minus the IP
    /// header), not the rest of the Ethernet frame: an 8-byte query arrives in a padded 60-byte
    /// frame, and the query version depends on the length (RFC 3376 §7.1).
    ///
    /// The structure is checked before the checksum, so a message wrong in both is reported by
    /// its structural error. A v3 report's records are all validated here (iterating them cannot
    /// fail); code that only handles v3 reports or v3 queries can read them in one pass with
    /// [`ReportV3::parse`](crate::ReportV3::parse) or [`QueryV3::parse`].
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        let msg = Self::parse_unchecked(data)?;
        // v1/v2 messages are 8 bytes: a constant length lets the sum compile to one word.
        let ok = match data.first_chunk::<8>() {
            Some(m) if data.len() == 8 => verify(m),
            _ => verify(data),
        };
        if !ok {
            return Err(bad_checksum(data));
        }
        Ok(msg)
    }

    /// Parses without verifying the checksum (the lax view of a message whose checksum is bad;
    /// check it with [`checksum_valid`]). Every structural rule still applies.
    #[inline]
    pub fn parse_unchecked(data: &'a [u8]) -> Result<Self, ParseError> {
        let Some(h) = data.first_chunk::<8>() else {
            return Err(truncated(data));
        };
        let t = MessageType(h[field::TYPE]);
        let eight = data.len() == 8;
        Ok(match t {
            MessageType::MEMBERSHIP_QUERY if !eight => Message::QueryV3(QueryV3::from_bytes(data)?),
            MessageType::V3_REPORT => {
                let count = rd_u16(data, field::V3R_NUM_RECORDS.start);
                let records =
                    Records::parse(&data[field::V3R_RECORDS..], count, field::V3R_RECORDS)?;
                Message::ReportV3 { records }
            }
            // 8-byte queries, v1/v2 reports and leaves, by the rule MessageV1V2 reads them by.
            _ => match MessageV1V2::of_header(h, eight) {
                Some(v1v2) => v1v2.message(),
                None => Message::Other {
                    msg_type: t,
                    code: h[field::CODE],
                    body: &data[4..],
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
            Message::Other { body, .. } => 4 + body.len(),
            _ => 8,
        }
    }

    /// Writes the message (every byte, reserved ones included) with its checksum; returns the
    /// length written.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        let len = self.buffer_len();
        let available = buf.len();
        let out = buf.get_mut(..len).ok_or(BuildError::BufferTooSmall {
            needed: len,
            available,
        })?;
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
                        field: "query number of sources",
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
                out[field::CODE] = 0;
                out[4..6].fill(0);
                out[field::V3R_NUM_RECORDS].copy_from_slice(&records.count().to_be_bytes());
                out[field::V3R_RECORDS..].copy_from_slice(records.as_bytes());
            }
            Message::Other { code, body, .. } => {
                out[field::CODE] = *code;
                out[4..].copy_from_slice(body);
            }
        }
        let c = checksum(out);
        out[field::CHECKSUM].copy_from_slice(&c.to_be_bytes());
        Ok(len)
    }
}

/// Rewrites the group address of a query, v1/v2 report or leave in place and patches the
/// checksum incrementally (RFC 1624), without a pass over the message.
pub fn rewrite_group(msg: &mut [u8], group: Ipv4Addr) -> Result<(), ParseError> {
    if msg.len() < 8 {
        return Err(ParseError::Truncated {
            offset: 0,
            needed: 8,
            available: msg.len(),
        });
    }
    let old = [msg[4], msg[5], msg[6], msg[7]];
    let new = group.octets();
    let c = pdukit_checksum::update_bytes(rd_u16(msg, 2), 4, &old, &new);
    msg[field::GROUP].copy_from_slice(&new);
    msg[field::CHECKSUM].copy_from_slice(&c.to_be_bytes());
    Ok(())
}
