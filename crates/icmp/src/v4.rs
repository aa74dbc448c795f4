//! ICMPv4 (RFC 792): echo, destination unreachable (code 4: fragmentation needed, RFC 1191),
//! time exceeded, parameter problem; RFC 4884 lengths in 32-bit words.

use pdukit_checksum::{checksum, verify, Checksum};
use pdukit_wire::{array_at, out, u16_at, BuildError, ParseError};

use crate::body::{header, quote_cut, stored_checksum, Echo, ErrorBody};
use crate::ext::Extensions;
use crate::field::{self, name, BODY};

/// RFC 4884 length unit for ICMPv4: 32-bit words.
pub(crate) const UNIT: usize = 4;

pdukit_wire::open_enum! {
    /// An ICMPv4 message type (open).
    pub struct Icmpv4Type(u8) {
        /// Echo Reply.
        ECHO_REPLY = 0 => "Echo Reply",
        /// Destination Unreachable.
        DEST_UNREACHABLE = 3 => "Destination Unreachable",
        /// Source Quench (deprecated, RFC 6633).
        SOURCE_QUENCH = 4 => "Source Quench",
        /// Redirect.
        REDIRECT = 5 => "Redirect",
        /// Echo Request.
        ECHO_REQUEST = 8 => "Echo Request",
        /// Router Advertisement.
        ROUTER_ADVERTISEMENT = 9 => "Router Advertisement",
        /// Router Solicitation.
        ROUTER_SOLICITATION = 10 => "Router Solicitation",
        /// Time Exceeded.
        TIME_EXCEEDED = 11 => "Time Exceeded",
        /// Parameter Problem.
        PARAMETER_PROBLEM = 12 => "Parameter Problem",
        /// Timestamp.
        TIMESTAMP = 13 => "Timestamp",
        /// Timestamp Reply.
        TIMESTAMP_REPLY = 14 => "Timestamp Reply",
        /// Extended Echo Request (RFC 8335).
        EXTENDED_ECHO_REQUEST = 42 => "Extended Echo Request",
        /// Extended Echo Reply (RFC 8335).
        EXTENDED_ECHO_REPLY = 43 => "Extended Echo Reply",
    }
}

/// The error for a message whose checksum is wrong. Cold: out of the inline frag-needed path
/// (measured one instruction shorter per call there than inlined).
#[cold]
pub(crate) fn bad_checksum(data: &[u8]) -> ParseError {
    ParseError::BadChecksum {
        field: name::CHECKSUM,
        offset: field::CHECKSUM.start,
        stored: stored_checksum(data),
        computed: compute_checksum_v4(data),
    }
}
/// RFC 1812 §4.3.2.3: an ICMP error's IP datagram stays within 576 bytes; with a 20-byte IP
/// header that leaves 556 bytes of ICMP message.
pub const MAX_ERROR_LEN_V4: usize = 576 - 20;

/// An ICMPv4 message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Icmpv4<'a> {
    /// Type 0.
    EchoReply(Echo<'a>),
    /// Type 8.
    EchoRequest(Echo<'a>),
    /// Type 3. Code 4 is fragmentation needed, with the next-hop MTU (0 from pre-RFC 1191
    /// routers); for other codes `next_hop_mtu` holds the unused bytes 6-7.
    DestUnreachable {
        /// Code (0 net, 1 host, 2 protocol, 3 port, 4 fragmentation needed, ... 15).
        code: u8,
        /// Next-hop MTU (RFC 1191).
        next_hop_mtu: u16,
        /// Quote and extensions.
        body: ErrorBody<'a>,
    },
    /// Type 11.
    TimeExceeded {
        /// Code (0 TTL exceeded in transit, 1 fragment reassembly time exceeded).
        code: u8,
        /// Quote and extensions.
        body: ErrorBody<'a>,
    },
    /// Type 12.
    ParameterProblem {
        /// Code.
        code: u8,
        /// Pointer to the offending octet.
        pointer: u8,
        /// Quote and extensions.
        body: ErrorBody<'a>,
    },
    /// Any other type, kept raw.
    Other {
        /// Type.
        msg_type: Icmpv4Type,
        /// Code.
        code: u8,
        /// Bytes 4-7.
        rest: [u8; 4],
        /// Everything after byte 8.
        data: &'a [u8],
    },
}

impl<'a> Icmpv4<'a> {
    /// Parses and verifies the checksum over the whole message: the one public parse.
    ///
    /// Error order: `Truncated` under 8 bytes, then `BadChecksum`. An error body's RFC 4884
    /// length is trusted only when consistent (else the whole body is the quote), and the
    /// quote is parsed on demand ([`ErrorBody::quoted_ipv4`]), so neither fails the parse.
    /// Inside, a router's 36-byte error (RFC 792's quote) is summed as a constant-length block.
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        let m = Self::parse_lax(data)?;
        if !verify_message(data) {
            return Err(bad_checksum(data));
        }
        Ok(m)
    }

    /// The lax view (the one meaning of lax in every pdukit crate: accept what real devices
    /// send that the RFC forbids, never read out of bounds, never give a wrong value): here, a
    /// wrong checksum is accepted.
    #[inline]
    pub fn parse_lax(data: &'a [u8]) -> Result<Self, ParseError> {
        let h = header(data, name::V4_HEADER)?;
        let body = &data[BODY..];
        let (t, code) = (Icmpv4Type(h[field::TYPE]), h[field::CODE]);
        let length = h[field::V4_LENGTH];
        Ok(match t {
            Icmpv4Type::ECHO_REPLY | Icmpv4Type::ECHO_REQUEST => {
                let e = Echo {
                    code,
                    ident: u16_at(h, field::IDENT),
                    seq: u16_at(h, field::SEQ),
                    data: body,
                };
                if t == Icmpv4Type::ECHO_REPLY {
                    Icmpv4::EchoReply(e)
                } else {
                    Icmpv4::EchoRequest(e)
                }
            }
            Icmpv4Type::DEST_UNREACHABLE => Icmpv4::DestUnreachable {
                code,
                next_hop_mtu: u16_at(h, field::V4_NEXT_HOP_MTU),
                body: ErrorBody::parse(body, length, UNIT),
            },
            Icmpv4Type::TIME_EXCEEDED => Icmpv4::TimeExceeded {
                code,
                body: ErrorBody::parse(body, length, UNIT),
            },
            Icmpv4Type::PARAMETER_PROBLEM => Icmpv4::ParameterProblem {
                code,
                pointer: h[field::V4_POINTER],
                body: ErrorBody::parse(body, length, UNIT),
            },
            _ => Icmpv4::Other {
                msg_type: t,
                code,
                rest: array_at(h, field::REST),
                data: body,
            },
        })
    }

    /// Type.
    #[inline]
    pub const fn msg_type(&self) -> Icmpv4Type {
        match self {
            Icmpv4::EchoReply(_) => Icmpv4Type::ECHO_REPLY,
            Icmpv4::EchoRequest(_) => Icmpv4Type::ECHO_REQUEST,
            Icmpv4::DestUnreachable { .. } => Icmpv4Type::DEST_UNREACHABLE,
            Icmpv4::TimeExceeded { .. } => Icmpv4Type::TIME_EXCEEDED,
            Icmpv4::ParameterProblem { .. } => Icmpv4Type::PARAMETER_PROBLEM,
            Icmpv4::Other { msg_type, .. } => *msg_type,
        }
    }

    /// Code.
    #[inline]
    pub const fn code(&self) -> u8 {
        match self {
            Icmpv4::EchoReply(e) | Icmpv4::EchoRequest(e) => e.code,
            Icmpv4::DestUnreachable { code, .. }
            | Icmpv4::TimeExceeded { code, .. }
            | Icmpv4::ParameterProblem { code, .. }
            | Icmpv4::Other { code, .. } => *code,
        }
    }

    /// The error body, for error messages.
    #[inline]
    pub const fn error_body(&self) -> Option<&ErrorBody<'a>> {
        match self {
            Icmpv4::DestUnreachable { body, .. }
            | Icmpv4::TimeExceeded { body, .. }
            | Icmpv4::ParameterProblem { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The next-hop MTU of a fragmentation-needed message (type 3 code 4).
    #[inline]
    pub const fn frag_needed_mtu(&self) -> Option<u16> {
        match self {
            Icmpv4::DestUnreachable {
                code: 4,
                next_hop_mtu,
                ..
            } => Some(*next_hop_mtu),
            _ => None,
        }
    }

    /// Bytes [`Icmpv4::emit`] writes.
    #[inline]
    pub fn buffer_len(&self) -> usize {
        BODY + match self {
            Icmpv4::EchoReply(e) | Icmpv4::EchoRequest(e) => e.data.len(),
            Icmpv4::DestUnreachable { body, .. }
            | Icmpv4::TimeExceeded { body, .. }
            | Icmpv4::ParameterProblem { body, .. } => body.wire_len(UNIT),
            Icmpv4::Other { data, .. } => data.len(),
        }
    }

    /// Writes the message with its checksum (extension checksum as given, computed before the
    /// outer one); returns the length.
    #[inline]
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        let len = self.buffer_len();
        let b = out(buf, len)?;
        b[field::TYPE] = self.msg_type().0;
        b[field::CODE] = self.code();
        b[field::CHECKSUM].fill(0);
        let (h, rest) = b.split_at_mut(BODY);
        match self {
            Icmpv4::EchoReply(e) | Icmpv4::EchoRequest(e) => {
                h[field::IDENT].copy_from_slice(&e.ident.to_be_bytes());
                h[field::SEQ].copy_from_slice(&e.seq.to_be_bytes());
                rest.copy_from_slice(e.data);
            }
            Icmpv4::DestUnreachable {
                next_hop_mtu, body, ..
            } => {
                h[field::V4_POINTER] = 0;
                h[field::V4_LENGTH] = body.length_to_write(UNIT)?;
                h[field::V4_NEXT_HOP_MTU].copy_from_slice(&next_hop_mtu.to_be_bytes());
                body.write(rest, UNIT)?;
            }
            Icmpv4::TimeExceeded { body, .. } => {
                h[field::V4_POINTER] = 0;
                h[field::V4_LENGTH] = body.length_to_write(UNIT)?;
                h[field::V4_NEXT_HOP_MTU].fill(0);
                body.write(rest, UNIT)?;
            }
            Icmpv4::ParameterProblem { pointer, body, .. } => {
                h[field::V4_POINTER] = *pointer;
                h[field::V4_LENGTH] = body.length_to_write(UNIT)?;
                h[field::V4_NEXT_HOP_MTU].fill(0);
                body.write(rest, UNIT)?;
            }
            Icmpv4::Other { rest: r4, data, .. } => {
                h[field::REST].copy_from_slice(r4);
                rest.copy_from_slice(data);
            }
        }
        let c = checksum(b);
        b[field::CHECKSUM].copy_from_slice(&c.to_be_bytes());
        Ok(len)
    }
}

/// Whether `data`'s checksum verifies, the RFC 792-sized message on its own path.
#[inline(always)]
pub(crate) fn verify_message(data: &[u8]) -> bool {
    match rfc_792_sized(data) {
        Some(m) => verify(m),
        None => verify(data),
    }
}

/// `data` as an array when it is an error quoting what RFC 792 asks (a 20-byte header and 8
/// bytes), 36 bytes: what most routers send, and with its length a constant the sum compiles to
/// straight-line code.
#[inline(always)]
fn rfc_792_sized(data: &[u8]) -> Option<&[u8; RFC_792_LEN]> {
    data.try_into().ok()
}

/// An ICMPv4 error quoting a 20-byte IPv4 header and 8 bytes of its payload.
const RFC_792_LEN: usize = BODY + 20 + 8;

/// The checksum an ICMPv4 message `data` should carry (its checksum field taken as zero).
#[inline]
pub fn compute_checksum_v4(data: &[u8]) -> u16 {
    Checksum::new()
        .add_bytes_zeroing(data, field::CHECKSUM.start)
        .finish()
}

/// Builds a fragmentation-needed message (type 3 code 4) about `offending` (the IP packet that
/// did not fit, from its IP header on) with next-hop MTU `mtu`: quotes as much as RFC 1812
/// allows (the message stays within [`MAX_ERROR_LEN_V4`]), pads and sets the RFC 4884 length when
/// `extensions` follow. Returns the length written.
#[inline]
pub fn frag_needed(
    buf: &mut [u8],
    offending: &[u8],
    mtu: u16,
    extensions: Option<Extensions<'_>>,
) -> Result<usize, BuildError> {
    let ext_len = extensions.map_or(0, |e| e.as_bytes().len());
    let q = quote_cut(offending, MAX_ERROR_LEN_V4 - BODY, ext_len, UNIT);
    Icmpv4::DestUnreachable {
        code: 4,
        next_hop_mtu: mtu,
        body: ErrorBody {
            quote: &offending[..q],
            extensions,
            length_field: 0,
        },
    }
    .emit(buf)
}

/// Builds an echo request whose data is `payload_len` bytes of the pattern ping uses (0x00,
/// 0x01, ... wrapping), for path-MTU probes of exact sizes: an IPv4 packet of total length `L`
/// needs `payload_len = L - 20 - 8`. Returns the length written.
pub fn echo_request(
    buf: &mut [u8],
    ident: u16,
    seq: u16,
    payload_len: usize,
) -> Result<usize, BuildError> {
    let len = BODY + payload_len;
    let b = out(buf, len)?;
    for (i, x) in b[BODY..].iter_mut().enumerate() {
        *x = i as u8;
    }
    b[field::TYPE] = Icmpv4Type::ECHO_REQUEST.0;
    b[field::CODE] = 0;
    b[field::CHECKSUM].fill(0);
    b[field::IDENT].copy_from_slice(&ident.to_be_bytes());
    b[field::SEQ].copy_from_slice(&seq.to_be_bytes());
    let c = checksum(b);
    b[field::CHECKSUM].copy_from_slice(&c.to_be_bytes());
    Ok(len)
}

impl<'a> pdukit_wire::Parse<'a> for Icmpv4<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        Icmpv4::parse(data)
    }
}

impl pdukit_wire::Emit for Icmpv4<'_> {
    fn buffer_len(&self) -> usize {
        Icmpv4::buffer_len(self)
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        Icmpv4::emit(self, buf)
    }
}
