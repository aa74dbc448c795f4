//! One-pass readers for the two path-MTU signals: an ICMPv4 fragmentation-needed and an ICMPv6
//! Packet Too Big, with the checksum verified and the quoted datagram parsed.
//!
//! A tool that watches for path-MTU trouble sees every ICMP message go by and cares about these
//! two. [`FragNeeded::parse`] and [`PacketTooBig::parse`] look at the type (and code) first and
//! return `Ok(None)` for anything else, without summing it; for the signal itself they give what
//! the full parse ([`Icmpv4::parse`](crate::Icmpv4::parse) or
//! [`Icmpv6::parse`](crate::Icmpv6::parse)) followed by the quote's parse gives — the same
//! values and the same errors — without building the general message first.

use core::net::Ipv6Addr;

use pdukit_checksum::{verify, verify_ipv6};

use crate::body::{be16, be32, header, ErrorBody, BODY};
use crate::error::ParseError;
use crate::ext::whole_body_is_quote;
use crate::pmtu::{decide, ignore, Config, Decision, FlowState, Reason};
use crate::quote::{Flow, Quoted, QuotedIpv4, QuotedIpv6};
use crate::{v4, v6};

/// An ICMPv4 fragmentation-needed message (type 3, code 4), read in one pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FragNeeded<'a> {
    /// Next-hop MTU (RFC 1191); 0 from routers that predate it.
    pub next_hop_mtu: u16,
    /// Quote and RFC 4884 extensions, as [`Icmpv4::DestUnreachable`](crate::Icmpv4) holds them.
    pub body: ErrorBody<'a>,
    /// The quoted datagram (lax view).
    pub quoted: QuotedIpv4<'a>,
}

impl<'a> FragNeeded<'a> {
    /// Reads `data` (the ICMP message) if it is a fragmentation-needed: `Ok(None)` for any other
    /// type or code (its checksum is not looked at), an error when the header is truncated, the
    /// checksum is wrong or the quote does not start with an IPv4 header.
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<Option<Self>, ParseError> {
        // What most routers send, RFC 792's quote (a 20-byte header and 8 bytes) in 36 bytes,
        // tried first: with the length a constant, the sum and the quote's bounds are too.
        if let Some(m) = v4::rfc_792_sized(data) {
            if m[..2] == [3, 4] && whole_body_is_quote(m[5], m.len() - BODY) {
                return Self::read(m, ErrorBody::quoting(&m[BODY..]));
            }
        }
        let h = header(data, v4::HEADER)?;
        if h[..2] != [3, 4] {
            return Ok(None);
        }
        // A router's message (no RFC 4884 length, too short for a legacy extension): the whole
        // body is the quote, read inline and without calls (the checksum's short path).
        if whole_body_is_quote(h[5], data.len() - BODY) {
            return Self::read(data, ErrorBody::quoting(&data[BODY..]));
        }
        Self::parse_with_length(data, h[5])
    }

    /// The rest, out of line: a length byte, or a body long enough for extensions.
    #[inline(never)]
    fn parse_with_length(data: &'a [u8], length: u8) -> Result<Option<Self>, ParseError> {
        Self::read(data, ErrorBody::parse(&data[BODY..], length, v4::UNIT))
    }

    /// The message `data` (at least 8 bytes) with its error body located: checksum, then quote.
    #[inline(always)]
    fn read(data: &'a [u8], body: ErrorBody<'a>) -> Result<Option<Self>, ParseError> {
        if !verify(data) {
            return Err(v4::bad_checksum(data));
        }
        Ok(Some(FragNeeded {
            next_hop_mtu: be16(data, 6),
            body,
            quoted: body.quoted_ipv4()?,
        }))
    }

    /// What a host should do with it, as [`decide_v4`](crate::pmtu::decide_v4) decides.
    pub fn decide(&self, current: u32, cfg: &Config, flows: Lookup<'_>) -> Decision {
        let quoted = Quoted::V4(self.quoted);
        decide(
            self.next_hop_mtu.into(),
            quoted,
            current,
            cfg.floor_v4,
            flows,
        )
    }
}

/// An ICMPv6 Packet Too Big (type 2, any code), read in one pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PacketTooBig<'a> {
    /// Code: a host must ignore the message unless it is 0.
    pub code: u8,
    /// MTU of the next-hop link.
    pub mtu: u32,
    /// The quoted packet (lax view).
    pub quoted: QuotedIpv6<'a>,
}

impl<'a> PacketTooBig<'a> {
    /// Reads `data` (the ICMPv6 message, sent from `src` to `dst`) if it is a Packet Too Big:
    /// `Ok(None)` for any other type (its checksum is not looked at), an error when the header
    /// is truncated, the checksum is wrong or the quote does not start with an IPv6 header.
    #[inline]
    pub fn parse(
        data: &'a [u8],
        src: &Ipv6Addr,
        dst: &Ipv6Addr,
    ) -> Result<Option<Self>, ParseError> {
        let h = header(data, v6::HEADER)?;
        if h[0] != 2 {
            return Ok(None);
        }
        if !verify_ipv6(src, dst, 58, data) {
            return Err(v6::bad_checksum(data, src, dst));
        }
        Ok(Some(PacketTooBig {
            code: h[1],
            mtu: be32(h, 4),
            quoted: QuotedIpv6::parse(&data[BODY..], BODY)?,
        }))
    }

    /// What a host should do with it, as [`decide_v6`](crate::pmtu::decide_v6) decides.
    pub fn decide(&self, current: u32, cfg: &Config, flows: Lookup<'_>) -> Decision {
        if self.code != 0 {
            return ignore(Reason::NonZeroCode(self.code), Some(self.quoted.flow()));
        }
        let quoted = Quoted::V6(self.quoted);
        decide(self.mtu, quoted, current, cfg.floor_v6, flows)
    }
}

/// What the host knows of a flow, as the `pmtu` functions take it.
type Lookup<'f> = Option<&'f dyn Fn(&Flow) -> FlowState>;
