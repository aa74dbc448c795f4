//! The one-pass reader for IGMPv1 and v2 messages (RFC 1112, RFC 2236): 8-byte queries,
//! reports and leaves, what a snooping switch's fast path sees most.

use core::net::Ipv4Addr;

use pdukit_checksum::verify;

use crate::error::ParseError;
use crate::message::{bad_checksum, field, truncated, Message, MessageType};

/// What an IGMPv1 or v2 message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindV1V2 {
    /// An 8-byte query with code 0 (RFC 3376 §7.1).
    QueryV1,
    /// An 8-byte query with a non-zero code.
    QueryV2 {
        /// Maximum response time in tenths of a second.
        max_resp_time: u8,
    },
    /// Type 0x12.
    ReportV1,
    /// Type 0x16.
    ReportV2,
    /// Type 0x17.
    Leave,
}

/// An IGMPv1 or v2 message read in one pass, for code that handles these and passes the rest to
/// [`Message::parse`]: the same values and errors as [`Message::parse`] for them, in a value that
/// fits in a register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageV1V2 {
    /// What it is.
    pub kind: KindV1V2,
    /// Group address (0.0.0.0 in a general query).
    pub group: Ipv4Addr,
}

impl MessageV1V2 {
    /// Reads `data` if it is a query of 8 bytes, a v1 or v2 report or a leave (of 8 bytes or
    /// more, as [`Message::parse`] takes them): `Ok(None)` for any other message (not summed),
    /// [`ParseError::Truncated`] under 8 bytes, [`ParseError::BadChecksum`] when the checksum
    /// over the whole message is wrong.
    #[inline]
    pub fn parse(data: &[u8]) -> Result<Option<Self>, ParseError> {
        // The 8 bytes every such message has, summed as one constant-length block.
        match <&[u8; 8]>::try_from(data) {
            Ok(m) => read(m, m, true),
            Err(_) => Self::parse_longer(data),
        }
    }

    /// [`MessageV1V2::parse`] for anything but 8 bytes: an error under 8, a report or leave
    /// with trailing bytes (summed over all of them), `Ok(None)` for the rest.
    #[inline(never)]
    fn parse_longer(data: &[u8]) -> Result<Option<MessageV1V2>, ParseError> {
        match data.first_chunk::<8>() {
            Some(h) => read(h, data, false),
            None => Err(truncated(data)),
        }
    }

    /// The message whose first 8 bytes are `h`, checksum not checked, if it is a v1/v2 one; a
    /// query counts only when `eight` (the message is exactly 8 bytes long: longer ones are v3
    /// or ignored, RFC 3376 §7.1).
    #[inline(always)]
    pub(crate) fn of_header(h: &[u8; 8], eight: bool) -> Option<Self> {
        let code = h[field::CODE];
        let kind = match MessageType(h[field::TYPE]) {
            MessageType::MEMBERSHIP_QUERY if eight && code == 0 => KindV1V2::QueryV1,
            MessageType::MEMBERSHIP_QUERY if eight => KindV1V2::QueryV2 {
                max_resp_time: code,
            },
            MessageType::V1_REPORT => KindV1V2::ReportV1,
            MessageType::V2_REPORT => KindV1V2::ReportV2,
            MessageType::LEAVE_GROUP => KindV1V2::Leave,
            _ => return None,
        };
        Some(MessageV1V2 {
            kind,
            group: Ipv4Addr::new(h[4], h[5], h[6], h[7]),
        })
    }

    /// The same message as [`Message::parse`] gives it.
    #[inline]
    pub const fn message(&self) -> Message<'static> {
        let group = self.group;
        match self.kind {
            KindV1V2::QueryV1 => Message::QueryV1 { group },
            KindV1V2::QueryV2 { max_resp_time } => Message::QueryV2 {
                max_resp_time,
                group,
            },
            KindV1V2::ReportV1 => Message::ReportV1 { group },
            KindV1V2::ReportV2 => Message::ReportV2 { group },
            KindV1V2::Leave => Message::Leave { group },
        }
    }

    /// The message type.
    #[inline]
    pub const fn msg_type(&self) -> MessageType {
        self.message().msg_type()
    }
}

/// The message whose first 8 bytes are `h` and whose whole is `data`; `eight` when that is all.
#[inline(always)]
fn read(h: &[u8; 8], data: &[u8], eight: bool) -> Result<Option<MessageV1V2>, ParseError> {
    let Some(m) = MessageV1V2::of_header(h, eight) else {
        return Ok(None);
    };
    if !verify(data) {
        return Err(bad_checksum(data));
    }
    Ok(Some(m))
}
