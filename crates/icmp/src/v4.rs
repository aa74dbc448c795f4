//! ICMPv4 (RFC 792): echo, destination unreachable (code 4: fragmentation needed, RFC 1191),
//! time exceeded, parameter problem; RFC 4884 lengths in 32-bit words.

use pdukit_checksum::{checksum, verify};

use crate::body::{be16, header, quote_cut, Echo, ErrorBody, BODY};
use crate::error::{out, BuildError, ParseError};
use crate::ext::Extensions;

/// RFC 4884 length unit for ICMPv4: 32-bit words.
pub(crate) const UNIT: usize = 4;

/// What a truncated header is called in errors.
pub(crate) const HEADER: &str = "ICMP header";

/// The error for a message whose checksum is wrong. Cold: out of the inline frag-needed path
/// (measured one instruction shorter per call there than inlined).
#[cold]
pub(crate) fn bad_checksum(data: &[u8]) -> ParseError {
    ParseError::BadChecksum {
        stored: be16(data, 2),
        computed: compute_checksum(data),
    }
}
/// RFC 1812 §4.3.2.3: an ICMP error's IP datagram stays within 576 bytes; with a 20-byte IP
/// header that leaves 556 bytes of ICMP message.
pub const MAX_ERROR_LEN: usize = 576 - 20;

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
        msg_type: u8,
        /// Code.
        code: u8,
        /// Bytes 4-7.
        rest: [u8; 4],
        /// Everything after byte 8.
        data: &'a [u8],
    },
}

impl<'a> Icmpv4<'a> {
    /// Parses and verifies the checksum over the whole message.
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        let m = Self::parse_unchecked(data)?;
        if !verify_message(data) {
            return Err(bad_checksum(data));
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
            0 | 8 => {
                let e = Echo {
                    ident: be16(h, 4),
                    seq: be16(h, 6),
                    data: body,
                };
                if t == 0 {
                    Icmpv4::EchoReply(e)
                } else {
                    Icmpv4::EchoRequest(e)
                }
            }
            3 => Icmpv4::DestUnreachable {
                code,
                next_hop_mtu: be16(h, 6),
                body: ErrorBody::parse(body, h[5], UNIT),
            },
            11 => Icmpv4::TimeExceeded {
                code,
                body: ErrorBody::parse(body, h[5], UNIT),
            },
            12 => Icmpv4::ParameterProblem {
                code,
                pointer: h[4],
                body: ErrorBody::parse(body, h[5], UNIT),
            },
            _ => Icmpv4::Other {
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
            Icmpv4::EchoReply(_) => 0,
            Icmpv4::EchoRequest(_) => 8,
            Icmpv4::DestUnreachable { .. } => 3,
            Icmpv4::TimeExceeded { .. } => 11,
            Icmpv4::ParameterProblem { .. } => 12,
            Icmpv4::Other { msg_type, .. } => *msg_type,
        }
    }

    /// Code.
    #[inline]
    pub const fn code(&self) -> u8 {
        match self {
            Icmpv4::EchoReply(_) | Icmpv4::EchoRequest(_) => 0,
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
        b[0] = self.msg_type();
        b[1] = self.code();
        b[2..4].fill(0);
        let (h, rest) = b.split_at_mut(BODY);
        match self {
            Icmpv4::EchoReply(e) | Icmpv4::EchoRequest(e) => {
                h[4..6].copy_from_slice(&e.ident.to_be_bytes());
                h[6..8].copy_from_slice(&e.seq.to_be_bytes());
                rest.copy_from_slice(e.data);
            }
            Icmpv4::DestUnreachable {
                next_hop_mtu, body, ..
            } => {
                h[4] = 0;
                h[5] = body.length_to_write(UNIT)?;
                h[6..8].copy_from_slice(&next_hop_mtu.to_be_bytes());
                body.write(rest, UNIT)?;
            }
            Icmpv4::TimeExceeded { body, .. } => {
                h[4] = 0;
                h[5] = body.length_to_write(UNIT)?;
                h[6..8].fill(0);
                body.write(rest, UNIT)?;
            }
            Icmpv4::ParameterProblem { pointer, body, .. } => {
                h[4] = *pointer;
                h[5] = body.length_to_write(UNIT)?;
                h[6..8].fill(0);
                body.write(rest, UNIT)?;
            }
            Icmpv4::Other { rest: r4, data, .. } => {
                h[4..8].copy_from_slice(r4);
                rest.copy_from_slice(data);
            }
        }
        let c = checksum(b);
        b[2..4].copy_from_slice(&c.to_be_bytes());
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
pub(crate) fn rfc_792_sized(data: &[u8]) -> Option<&[u8; RFC_792_LEN]> {
    data.try_into().ok()
}

/// An ICMPv4 error quoting a 20-byte IPv4 header and 8 bytes of its payload.
const RFC_792_LEN: usize = BODY + 20 + 8;

/// The checksum `data` should carry (computed with its checksum field as zero).
#[inline]
pub fn compute_checksum(data: &[u8]) -> u16 {
    let mut c = pdukit_checksum::Checksum::new();
    c.add_bytes(data.get(..2).unwrap_or(data))
        .add_u16(0)
        .add_bytes(data.get(4..).unwrap_or(&[]));
    c.finish()
}

/// Builds a fragmentation-needed message (type 3 code 4) about `offending` (the IP packet that
/// did not fit, from its IP header on) with next-hop MTU `mtu`: quotes as much as RFC 1812
/// allows (the message stays within [`MAX_ERROR_LEN`]), pads and sets the RFC 4884 length when
/// `extensions` follow. Returns the length written.
#[inline]
pub fn frag_needed(
    buf: &mut [u8],
    offending: &[u8],
    mtu: u16,
    extensions: Option<Extensions<'_>>,
) -> Result<usize, BuildError> {
    let ext_len = extensions.map_or(0, |e| e.as_bytes().len());
    let q = quote_cut(offending, MAX_ERROR_LEN - BODY, ext_len, UNIT);
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
    b[0] = 8;
    b[1] = 0;
    b[2..4].fill(0);
    b[4..6].copy_from_slice(&ident.to_be_bytes());
    b[6..8].copy_from_slice(&seq.to_be_bytes());
    let c = checksum(b);
    b[2..4].copy_from_slice(&c.to_be_bytes());
    Ok(len)
}
