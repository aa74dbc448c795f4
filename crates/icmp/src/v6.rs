//! ICMPv6 (RFC 4443): destination unreachable, Packet Too Big, time exceeded, parameter
//! problem, echo; RFC 4884 lengths in 64-bit words (not on Packet Too Big). The checksum covers
//! the IPv6 pseudo-header, so parsing with verification takes the outer addresses.

use core::net::Ipv6Addr;

use pdukit_checksum::{verify_ipv6, Checksum};

use crate::body::{be16, be32, header, quote_cut, Echo, ErrorBody, BODY};
use crate::error::{out, BuildError, ParseError};
use crate::quote::QuotedIpv6;

/// RFC 4884 length unit for ICMPv6: 64-bit words.
const UNIT: usize = 8;

/// What a truncated header is called in errors.
pub(crate) const HEADER: &str = "ICMPv6 header";

/// The error for a message whose checksum (with the pseudo-header) is wrong.
#[inline]
pub(crate) fn bad_checksum(data: &[u8], src: &Ipv6Addr, dst: &Ipv6Addr) -> ParseError {
    ParseError::BadChecksum {
        stored: be16(data, 2),
        computed: compute_checksum(data, src, dst),
    }
}
/// RFC 4443 §2.4(c): an ICMPv6 error packet stays within the minimum MTU, 1280 bytes; with a
/// 40-byte IPv6 header that leaves 1240 bytes of ICMPv6 message.
pub const MAX_ERROR_LEN: usize = 1280 - 40;

/// An ICMPv6 message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Icmpv6<'a> {
    /// Type 1.
    DestUnreachable {
        /// Code (0 no route, 1 prohibited, 3 address unreachable, 4 port unreachable, ...).
        code: u8,
        /// Quote and extensions.
        body: ErrorBody<'a>,
    },
    /// Type 2: the link MTU of the next hop. No RFC 4884 extensions.
    PacketTooBig {
        /// Code: 0 (a non-zero code must make a host ignore the message).
        code: u8,
        /// MTU (32 bits).
        mtu: u32,
        /// As much of the invoking packet as fit.
        quote: &'a [u8],
    },
    /// Type 3.
    TimeExceeded {
        /// Code (0 hop limit exceeded, 1 reassembly time exceeded).
        code: u8,
        /// Quote and extensions.
        body: ErrorBody<'a>,
    },
    /// Type 4.
    ParameterProblem {
        /// Code.
        code: u8,
        /// Offset of the error in the invoking packet.
        pointer: u32,
        /// The invoking packet.
        quote: &'a [u8],
    },
    /// Type 128.
    EchoRequest(Echo<'a>),
    /// Type 129.
    EchoReply(Echo<'a>),
    /// Any other type (ND, MLD, ...), kept raw.
    Other {
        /// Type.
        msg_type: u8,
        /// Code.
        code: u8,
        /// Bytes 4-7.
        rest: [u8; 4],
        /// Everything after byte 8.
        data: &'a [u8],
    },
}

/// The checksum `data` should carry between `src` and `dst`.
#[inline]
pub fn compute_checksum(data: &[u8], src: &Ipv6Addr, dst: &Ipv6Addr) -> u16 {
    let mut c = Checksum::ipv6_pseudo_header(src, dst, 58, data.len() as u32);
    c.add_bytes(data.get(..2).unwrap_or(data))
        .add_u16(0)
        .add_bytes(data.get(4..).unwrap_or(&[]));
    c.finish()
}

impl<'a> Icmpv6<'a> {
    /// Parses and verifies the checksum with the pseudo-header of `src` -> `dst` (the outer
    /// IPv6 header's addresses).
    #[inline]
    pub fn parse(data: &'a [u8], src: &Ipv6Addr, dst: &Ipv6Addr) -> Result<Self, ParseError> {
        let m = Self::parse_unchecked(data)?;
        if !verify_ipv6(src, dst, 58, data) {
            return Err(bad_checksum(data, src, dst));
        }
        Ok(m)
    }

    /// Parses without verifying the checksum (the lax view).
    #[inline]
    pub fn parse_unchecked(data: &'a [u8]) -> Result<Self, ParseError> {
        let h = header(data, HEADER)?;
        let body = &data[BODY..];
        let (t, code) = (h[0], h[1]);
        Ok(match t {
            1 => Icmpv6::DestUnreachable {
                code,
                body: ErrorBody::parse(body, h[4], UNIT),
            },
            2 => Icmpv6::PacketTooBig {
                code,
                mtu: be32(h, 4),
                quote: body,
            },
            3 => Icmpv6::TimeExceeded {
                code,
                body: ErrorBody::parse(body, h[4], UNIT),
            },
            4 => Icmpv6::ParameterProblem {
                code,
                pointer: be32(h, 4),
                quote: body,
            },
            128 | 129 => {
                let e = Echo {
                    ident: be16(h, 4),
                    seq: be16(h, 6),
                    data: body,
                };
                if t == 128 {
                    Icmpv6::EchoRequest(e)
                } else {
                    Icmpv6::EchoReply(e)
                }
            }
            _ => Icmpv6::Other {
                msg_type: t,
                code,
                rest: [h[4], h[5], h[6], h[7]],
                data: body,
            },
        })
    }

    /// Type.
    #[inline]
    pub const fn msg_type(&self) -> u8 {
        match self {
            Icmpv6::DestUnreachable { .. } => 1,
            Icmpv6::PacketTooBig { .. } => 2,
            Icmpv6::TimeExceeded { .. } => 3,
            Icmpv6::ParameterProblem { .. } => 4,
            Icmpv6::EchoRequest(_) => 128,
            Icmpv6::EchoReply(_) => 129,
            Icmpv6::Other { msg_type, .. } => *msg_type,
        }
    }

    /// Code.
    #[inline]
    pub const fn code(&self) -> u8 {
        match self {
            Icmpv6::EchoRequest(_) | Icmpv6::EchoReply(_) => 0,
            Icmpv6::DestUnreachable { code, .. }
            | Icmpv6::PacketTooBig { code, .. }
            | Icmpv6::TimeExceeded { code, .. }
            | Icmpv6::ParameterProblem { code, .. }
            | Icmpv6::Other { code, .. } => *code,
        }
    }

    /// The quoted invoking packet, for error messages.
    #[inline]
    pub fn quote(&self) -> Option<&'a [u8]> {
        match self {
            Icmpv6::DestUnreachable { body, .. } | Icmpv6::TimeExceeded { body, .. } => {
                Some(body.quote)
            }
            Icmpv6::PacketTooBig { quote, .. } | Icmpv6::ParameterProblem { quote, .. } => {
                Some(quote)
            }
            _ => None,
        }
    }

    /// The quoted IPv6 datagram (lax view), for error messages.
    #[inline]
    pub fn quoted_ipv6(&self) -> Option<Result<QuotedIpv6<'a>, ParseError>> {
        self.quote().map(|q| QuotedIpv6::parse(q, BODY))
    }

    /// Bytes [`Icmpv6::emit`] writes.
    #[inline]
    pub fn buffer_len(&self) -> usize {
        BODY + match self {
            Icmpv6::DestUnreachable { body, .. } | Icmpv6::TimeExceeded { body, .. } => {
                body.wire_len(UNIT)
            }
            Icmpv6::PacketTooBig { quote, .. } | Icmpv6::ParameterProblem { quote, .. } => {
                quote.len()
            }
            Icmpv6::EchoRequest(e) | Icmpv6::EchoReply(e) => e.data.len(),
            Icmpv6::Other { data, .. } => data.len(),
        }
    }

    /// Writes the message with its checksum for `src` -> `dst`; returns the length.
    #[inline]
    pub fn emit(
        &self,
        buf: &mut [u8],
        src: &Ipv6Addr,
        dst: &Ipv6Addr,
    ) -> Result<usize, BuildError> {
        let len = self.buffer_len();
        let b = out(buf, len)?;
        b[0] = self.msg_type();
        b[1] = self.code();
        b[2..4].fill(0);
        let (h, rest) = b.split_at_mut(BODY);
        match self {
            Icmpv6::DestUnreachable { body, .. } | Icmpv6::TimeExceeded { body, .. } => {
                h[4] = body.length_to_write(UNIT)?;
                h[5..8].fill(0);
                body.write(rest, UNIT)?;
            }
            Icmpv6::PacketTooBig { mtu: v, quote, .. }
            | Icmpv6::ParameterProblem {
                pointer: v, quote, ..
            } => {
                h[4..8].copy_from_slice(&v.to_be_bytes());
                rest.copy_from_slice(quote);
            }
            Icmpv6::EchoRequest(e) | Icmpv6::EchoReply(e) => {
                h[4..6].copy_from_slice(&e.ident.to_be_bytes());
                h[6..8].copy_from_slice(&e.seq.to_be_bytes());
                rest.copy_from_slice(e.data);
            }
            Icmpv6::Other { rest: r4, data, .. } => {
                h[4..8].copy_from_slice(r4);
                rest.copy_from_slice(data);
            }
        }
        let c = compute_checksum(b, src, dst);
        b[2..4].copy_from_slice(&c.to_be_bytes());
        Ok(len)
    }
}

/// Builds a Packet Too Big message about `offending` (the IPv6 packet that did not fit, from
/// its header on) with `mtu`, from `src` (the router) to `dst` (the packet's source): quotes as
/// much as fits in 1280 bytes (RFC 4443 §3.2). Returns the length written.
#[inline]
pub fn packet_too_big(
    buf: &mut [u8],
    offending: &[u8],
    mtu: u32,
    src: &Ipv6Addr,
    dst: &Ipv6Addr,
) -> Result<usize, BuildError> {
    let q = quote_cut(offending, MAX_ERROR_LEN - BODY, 0, UNIT);
    Icmpv6::PacketTooBig {
        code: 0,
        mtu,
        quote: &offending[..q],
    }
    .emit(buf, src, dst)
}
