//! ICMPv6 (RFC 4443): destination unreachable, Packet Too Big, time exceeded, parameter
//! problem, echo; RFC 4884 lengths in 64-bit words (not on Packet Too Big). The checksum covers
//! the IPv6 pseudo-header, so parsing with verification takes the outer addresses.

use core::net::Ipv6Addr;

use pdukit_checksum::{verify_ipv6, Checksum};
use pdukit_wire::{array_at, out, u16_at, u32_at, BuildError, ParseError};

use crate::body::{header, quote_cut, stored_checksum, Echo, ErrorBody};
use crate::field::{self, name, BODY};
use crate::quote::QuotedIpv6;

/// RFC 4884 length unit for ICMPv6: 64-bit words.
const UNIT: usize = 8;

/// The ICMPv6 next-header value, for the pseudo-header.
const NEXT_HEADER: u8 = 58;

pdukit_wire::open_enum! {
    /// An ICMPv6 message type (open).
    pub struct Icmpv6Type(u8) {
        /// Destination Unreachable.
        DEST_UNREACHABLE = 1 => "Destination Unreachable",
        /// Packet Too Big.
        PACKET_TOO_BIG = 2 => "Packet Too Big",
        /// Time Exceeded.
        TIME_EXCEEDED = 3 => "Time Exceeded",
        /// Parameter Problem.
        PARAMETER_PROBLEM = 4 => "Parameter Problem",
        /// Echo Request.
        ECHO_REQUEST = 128 => "Echo Request",
        /// Echo Reply.
        ECHO_REPLY = 129 => "Echo Reply",
        /// Multicast Listener Query.
        MLD_QUERY = 130 => "Multicast Listener Query",
        /// Multicast Listener Report (v1).
        MLD_REPORT = 131 => "Multicast Listener Report",
        /// Multicast Listener Done.
        MLD_DONE = 132 => "Multicast Listener Done",
        /// Router Solicitation.
        ROUTER_SOLICITATION = 133 => "Router Solicitation",
        /// Router Advertisement.
        ROUTER_ADVERTISEMENT = 134 => "Router Advertisement",
        /// Neighbor Solicitation.
        NEIGHBOR_SOLICITATION = 135 => "Neighbor Solicitation",
        /// Neighbor Advertisement.
        NEIGHBOR_ADVERTISEMENT = 136 => "Neighbor Advertisement",
        /// Redirect.
        REDIRECT = 137 => "Redirect",
        /// Version 2 Multicast Listener Report.
        MLDV2_REPORT = 143 => "Multicast Listener Report v2",
    }
}

/// The error for a message whose checksum (with the pseudo-header) is wrong.
#[inline]
pub(crate) fn bad_checksum(data: &[u8], src: &Ipv6Addr, dst: &Ipv6Addr) -> ParseError {
    ParseError::BadChecksum {
        field: name::CHECKSUM,
        offset: field::CHECKSUM.start,
        stored: stored_checksum(data),
        computed: compute_checksum_v6(data, src, dst),
    }
}
/// RFC 4443 §2.4(c): an ICMPv6 error packet stays within the minimum MTU, 1280 bytes; with a
/// 40-byte IPv6 header that leaves 1240 bytes of ICMPv6 message.
pub const MAX_ERROR_LEN_V6: usize = 1280 - 40;

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
        msg_type: Icmpv6Type,
        /// Code.
        code: u8,
        /// Bytes 4-7.
        rest: [u8; 4],
        /// Everything after byte 8.
        data: &'a [u8],
    },
}

/// The checksum an ICMPv6 message `data` should carry between `src` and `dst`.
#[inline]
pub fn compute_checksum_v6(data: &[u8], src: &Ipv6Addr, dst: &Ipv6Addr) -> u16 {
    Checksum::ipv6_pseudo_header(src, dst, NEXT_HEADER, data.len() as u32)
        .add_bytes_zeroing(data, field::CHECKSUM.start)
        .finish()
}

impl<'a> Icmpv6<'a> {
    /// Parses and verifies the checksum with the pseudo-header of `src` -> `dst` (the outer
    /// IPv6 header's addresses): the one public parse.
    ///
    /// Error order: `Truncated` under 8 bytes, then `BadChecksum`. Quotes are parsed on demand
    /// ([`Icmpv6::quoted_ipv6`]), so they never fail the parse.
    #[inline]
    pub fn parse(data: &'a [u8], src: &Ipv6Addr, dst: &Ipv6Addr) -> Result<Self, ParseError> {
        let m = Self::parse_lax(data)?;
        if !verify_ipv6(src, dst, NEXT_HEADER, data) {
            return Err(bad_checksum(data, src, dst));
        }
        Ok(m)
    }

    /// The lax view (the one meaning of lax in every pdukit crate): a wrong checksum is
    /// accepted, so no pseudo-header addresses are needed.
    #[inline]
    pub fn parse_lax(data: &'a [u8]) -> Result<Self, ParseError> {
        let h = header(data, name::V6_HEADER)?;
        let body = &data[BODY..];
        let (t, code) = (Icmpv6Type(h[field::TYPE]), h[field::CODE]);
        Ok(match t {
            Icmpv6Type::DEST_UNREACHABLE => Icmpv6::DestUnreachable {
                code,
                body: ErrorBody::parse(body, h[field::V6_LENGTH], UNIT),
            },
            Icmpv6Type::PACKET_TOO_BIG => Icmpv6::PacketTooBig {
                code,
                mtu: u32_at(h, field::V6_MTU),
                quote: body,
            },
            Icmpv6Type::TIME_EXCEEDED => Icmpv6::TimeExceeded {
                code,
                body: ErrorBody::parse(body, h[field::V6_LENGTH], UNIT),
            },
            Icmpv6Type::PARAMETER_PROBLEM => Icmpv6::ParameterProblem {
                code,
                pointer: u32_at(h, field::V6_MTU),
                quote: body,
            },
            Icmpv6Type::ECHO_REQUEST | Icmpv6Type::ECHO_REPLY => {
                let e = Echo {
                    code,
                    ident: u16_at(h, field::IDENT),
                    seq: u16_at(h, field::SEQ),
                    data: body,
                };
                if t == Icmpv6Type::ECHO_REQUEST {
                    Icmpv6::EchoRequest(e)
                } else {
                    Icmpv6::EchoReply(e)
                }
            }
            _ => Icmpv6::Other {
                msg_type: t,
                code,
                rest: array_at(h, field::REST),
                data: body,
            },
        })
    }

    /// Type.
    #[inline]
    pub const fn msg_type(&self) -> Icmpv6Type {
        match self {
            Icmpv6::DestUnreachable { .. } => Icmpv6Type::DEST_UNREACHABLE,
            Icmpv6::PacketTooBig { .. } => Icmpv6Type::PACKET_TOO_BIG,
            Icmpv6::TimeExceeded { .. } => Icmpv6Type::TIME_EXCEEDED,
            Icmpv6::ParameterProblem { .. } => Icmpv6Type::PARAMETER_PROBLEM,
            Icmpv6::EchoRequest(_) => Icmpv6Type::ECHO_REQUEST,
            Icmpv6::EchoReply(_) => Icmpv6Type::ECHO_REPLY,
            Icmpv6::Other { msg_type, .. } => *msg_type,
        }
    }

    /// Code.
    #[inline]
    pub const fn code(&self) -> u8 {
        match self {
            Icmpv6::EchoRequest(e) | Icmpv6::EchoReply(e) => e.code,
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
        b[field::TYPE] = self.msg_type().0;
        b[field::CODE] = self.code();
        b[field::CHECKSUM].fill(0);
        let (h, rest) = b.split_at_mut(BODY);
        match self {
            Icmpv6::DestUnreachable { body, .. } | Icmpv6::TimeExceeded { body, .. } => {
                h[field::REST].fill(0);
                h[field::V6_LENGTH] = body.length_to_write(UNIT)?;
                body.write(rest, UNIT)?;
            }
            Icmpv6::PacketTooBig { mtu: v, quote, .. }
            | Icmpv6::ParameterProblem {
                pointer: v, quote, ..
            } => {
                h[field::V6_MTU].copy_from_slice(&v.to_be_bytes());
                rest.copy_from_slice(quote);
            }
            Icmpv6::EchoRequest(e) | Icmpv6::EchoReply(e) => {
                h[field::IDENT].copy_from_slice(&e.ident.to_be_bytes());
                h[field::SEQ].copy_from_slice(&e.seq.to_be_bytes());
                rest.copy_from_slice(e.data);
            }
            Icmpv6::Other { rest: r4, data, .. } => {
                h[field::REST].copy_from_slice(r4);
                rest.copy_from_slice(data);
            }
        }
        let c = compute_checksum_v6(b, src, dst);
        b[field::CHECKSUM].copy_from_slice(&c.to_be_bytes());
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
    let q = quote_cut(offending, MAX_ERROR_LEN_V6 - BODY, 0, UNIT);
    Icmpv6::PacketTooBig {
        code: 0,
        mtu,
        quote: &offending[..q],
    }
    .emit(buf, src, dst)
}
