//! Pieces shared by ICMPv4 and ICMPv6 messages: echo bodies and error bodies.

use pdukit_wire::{out, BuildError, Field, ParseError};

use crate::ext::{self, Extensions, MIN_QUOTE_WITH_EXTENSIONS};
use crate::field::{name, BODY};
use crate::quote::{QuotedIpv4, QuotedIpv6};

/// An echo request or reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Echo<'a> {
    /// Code: 0 in RFC 792 and RFC 4443, but kept as found (some scanners send echoes with other
    /// codes, e.g. 9) and written back as is.
    pub code: u8,
    /// Identifier.
    pub ident: u16,
    /// Sequence number.
    pub seq: u16,
    /// Data.
    pub data: &'a [u8],
}

impl<'a> Echo<'a> {
    /// An echo with code 0, as RFC 792 and RFC 4443 send it.
    #[inline]
    pub const fn new(ident: u16, seq: u16, data: &'a [u8]) -> Self {
        Echo {
            code: 0,
            ident,
            seq,
            data,
        }
    }
}

/// The body of an ICMP error: the quoted datagram (with its zero padding when extensions
/// follow) and RFC 4884 extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorBody<'a> {
    /// The quoted datagram as sent (padding included when extensions follow).
    pub quote: &'a [u8],
    /// RFC 4884 extensions, if present and well-formed.
    pub extensions: Option<Extensions<'a>>,
    /// The raw length byte. With extensions it is recomputed on emit; without, it is written
    /// back as found (old senders leave junk there).
    pub length_field: u8,
}

impl<'a> ErrorBody<'a> {
    /// A body quoting `quote`, without extensions.
    #[inline]
    pub const fn quoting(quote: &'a [u8]) -> Self {
        ErrorBody {
            quote,
            extensions: None,
            length_field: 0,
        }
    }

    #[inline]
    pub(crate) fn parse(body: &'a [u8], length: u8, unit: usize) -> Self {
        let (q, extensions) = ext::locate(body, length, unit);
        ErrorBody {
            quote: &body[..q],
            extensions,
            length_field: length,
        }
    }

    /// The quoted IPv4 datagram (lax view).
    #[inline]
    pub fn quoted_ipv4(&self) -> Result<QuotedIpv4<'a>, ParseError> {
        QuotedIpv4::parse(self.quote, BODY)
    }

    /// The quoted IPv6 datagram (lax view).
    #[inline]
    pub fn quoted_ipv6(&self) -> Result<QuotedIpv6<'a>, ParseError> {
        QuotedIpv6::parse(self.quote, BODY)
    }

    /// Quote length on the wire: padded to `unit` and to at least 128 when extensions follow.
    #[inline]
    pub(crate) fn quote_wire_len(&self, unit: usize) -> usize {
        match self.extensions {
            Some(_) => self
                .quote
                .len()
                .next_multiple_of(unit)
                .max(MIN_QUOTE_WITH_EXTENSIONS),
            None => self.quote.len(),
        }
    }

    #[inline]
    pub(crate) fn wire_len(&self, unit: usize) -> usize {
        self.quote_wire_len(unit) + self.extensions.map_or(0, |e| e.as_bytes().len())
    }

    /// The length byte to write.
    #[inline]
    pub(crate) fn length_to_write(&self, unit: usize) -> Result<u8, BuildError> {
        match self.extensions {
            Some(e) if e.is_legacy() => Ok(0),
            Some(_) => {
                let words = self.quote_wire_len(unit) / unit;
                u8::try_from(words).map_err(|_| BuildError::InvalidField {
                    field: name::QUOTE_LENGTH,
                    value: self.quote.len(),
                })
            }
            None => Ok(self.length_field),
        }
    }

    /// Writes quote, padding and extensions to the start of `buf`.
    #[inline]
    pub(crate) fn write(&self, buf: &mut [u8], unit: usize) -> Result<usize, BuildError> {
        let q = self.quote_wire_len(unit);
        let len = self.wire_len(unit);
        let b = out(buf, len)?;
        b[..self.quote.len()].copy_from_slice(self.quote);
        b[self.quote.len()..q].fill(0);
        if let Some(e) = self.extensions {
            b[q..].copy_from_slice(e.as_bytes());
        }
        Ok(len)
    }
}

/// The 8-byte ICMP header of `data`, or the error for a shorter message (`field` names it).
#[inline]
pub(crate) fn header<'a>(
    data: &'a [u8],
    field: &'static Field,
) -> Result<&'a [u8; BODY], ParseError> {
    data.first_chunk::<BODY>().ok_or(ParseError::Truncated {
        field,
        offset: 0,
        needed: BODY,
        available: data.len(),
    })
}

/// The stored checksum of a message (0 when it is too short to hold one).
#[inline]
pub(crate) fn stored_checksum(data: &[u8]) -> u16 {
    pdukit_wire::u16_at(data, crate::field::CHECKSUM)
}

/// How much of `offending` to quote so that `header + quote (+ padding) + ext` fits in `max`
/// bytes of ICMP message: cut at a multiple of `unit` when cutting.
#[inline]
pub(crate) fn quote_cut(offending: &[u8], max_body: usize, ext_len: usize, unit: usize) -> usize {
    let room = max_body.saturating_sub(ext_len);
    if offending.len() <= room {
        offending.len()
    } else {
        room - room % unit
    }
}
