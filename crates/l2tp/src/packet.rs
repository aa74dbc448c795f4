//! L2TP headers and messages: v2 control and data (RFC 2661 §3.1), v3 control and data over
//! UDP and over IP protocol 115 (RFC 3931 §4.1), and the control-message writer.

use pdukit_wire::{get_u16, get_u32, u16_at, u32_at, Expected, ParseError};

use crate::avp::{self, Avp, Avps};
use crate::field::{self, name, CONTROL_HEADER_LEN};
use crate::types::{AvpType, MessageType};
use crate::value::AvpValue;

/// UDP port of L2TP.
pub const UDP_PORT: u16 = 1701;
/// IP protocol number of L2TPv3 over IP.
pub const IP_PROTOCOL: u8 = 115;

/// What carries the message: UDP (v2, or v3 over UDP) or IP protocol 115 (v3, where a 32-bit
/// Session ID comes first and 0 marks a control message).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Carrier {
    /// UDP (port 1701).
    Udp,
    /// IP protocol 115.
    Ip,
}

/// One L2TP message as carried by UDP or IP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packet<'a> {
    /// A control message (v2 or v3; a ZLB acknowledgement has no AVPs).
    Control(Control<'a>),
    /// A v2 data message.
    DataV2(DataV2<'a>),
    /// A v3 data message.
    DataV3(DataV3<'a>),
}

/// The header of a control message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ControlHeader {
    /// The flags-and-version word as sent.
    pub bits: u16,
    /// 2 or 3.
    pub version: u8,
    /// Length of the message (header included), as declared; the datagram's length when the
    /// L bit is clear (lax view only).
    pub length: u16,
    /// v2: the Tunnel ID; v3: the Control Connection ID.
    pub tunnel_id: u32,
    /// v2: the Session ID; v3: none.
    pub session_id: Option<u16>,
    /// Ns and Nr (always present on a message [`Packet::parse`] accepts; the lax view reads a
    /// message without the S bit, which has none).
    pub sequence: Option<(u16, u16)>,
    /// Carried over IP protocol 115 (a zero Session ID came first).
    pub over_ip: bool,
}

/// A control message: header and AVPs (validated).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Control<'a> {
    /// Header.
    pub header: ControlHeader,
    avps: &'a [u8],
    avps_at: usize,
    /// In a lax view, the bytes from the first AVP that does not fit on (empty otherwise).
    pub after_avps: &'a [u8],
    /// Bytes after the declared length (none on a well-formed datagram).
    pub trailer: &'a [u8],
}

/// A v2 data message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataV2<'a> {
    /// The flags-and-version word as sent.
    pub bits: u16,
    /// Length, when the L bit is set.
    pub length: Option<u16>,
    /// Tunnel ID.
    pub tunnel_id: u16,
    /// Session ID.
    pub session_id: u16,
    /// Ns and Nr, when the S bit is set.
    pub sequence: Option<(u16, u16)>,
    /// Offset Size and its padding, when the O bit is set.
    pub offset: Option<(u16, &'a [u8])>,
    /// The session payload (PPP, left to the caller).
    pub payload: &'a [u8],
    /// Bytes after the declared length.
    pub trailer: &'a [u8],
}

/// A v3 data message: Session ID, then cookie, optional L2-Specific Sublayer and payload,
/// which only the session's configuration can tell apart ([`DataV3::cookie`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataV3<'a> {
    /// Over UDP: the flags-and-version word and reserved bits; over IP: none.
    pub udp_bits: Option<u16>,
    /// Session ID (never 0).
    pub session_id: u32,
    /// Everything after the Session ID.
    pub rest: &'a [u8],
    rest_at: usize,
}

impl<'a> DataV3<'a> {
    /// Splits the cookie of `len` bytes (0, 4 or 8 as the session negotiated) from the rest.
    pub fn cookie(&self, len: usize) -> Result<(&'a [u8], &'a [u8]), ParseError> {
        if len > self.rest.len() {
            return Err(ParseError::Truncated {
                field: name::COOKIE,
                offset: self.rest_at,
                needed: len,
                available: self.rest.len(),
            });
        }
        Ok(self.rest.split_at(len))
    }
}

fn version_error(bits: u16, offset: usize) -> ParseError {
    let v = bits & field::VERSION_MASK;
    ParseError::Invalid {
        field: if v == 1 { name::L2F } else { name::VERSION },
        offset,
        found: u32::from(v),
        expected: Expected::Text("2 or 3"),
    }
}

fn bit_error(field: &'static pdukit_wire::Field, bits: u16, want: u16, at: usize) -> ParseError {
    ParseError::Invalid {
        field,
        offset: at,
        found: u32::from(bits),
        expected: Expected::Value(u32::from(want)),
    }
}

impl<'a> Packet<'a> {
    /// Parses one message strictly: control messages must have T, L and S set and O, P and
    /// reserved bits clear, every AVP must fit, AVP reserved bits must be 0.
    ///
    /// Error order: the first word (and over IP the Session ID), the version (1 is reported as
    /// L2F), the header bits, the header length, the Length field against the datagram, then
    /// the first AVP that does not fit (its offset named).
    ///
    /// ```
    /// use pdukit_l2tp::{Carrier, Packet};
    /// // A ZLB acknowledgement: tunnel 1, Ns 2, Nr 3.
    /// let zlb = [0xc8, 0x02, 0, 12, 0, 1, 0, 0, 0, 2, 0, 3];
    /// let p = Packet::parse(&zlb, Carrier::Udp).unwrap();
    /// let c = p.control().unwrap();
    /// assert!(c.is_zlb());
    /// assert_eq!(c.header.sequence, Some((2, 3)));
    /// ```
    pub fn parse(data: &'a [u8], carrier: Carrier) -> Result<Self, ParseError> {
        let p = Self::parse_with(data, carrier, true)?;
        if let Packet::Control(c) = &p {
            if let Some(e) = c.avp_error() {
                return Err(e);
            }
        }
        Ok(p)
    }

    /// The lax view (the one meaning of lax in every pdukit crate: accept what real devices
    /// send that the RFC forbids, never read out of bounds, never give a wrong value): header
    /// and AVP reserved bits are ignored, a control message without the L bit runs to the end
    /// of the datagram, an O bit on a control message skips its offset, and the AVPs are kept
    /// up to the first one that does not fit ([`Control::avp_error`] names it).
    pub fn parse_lax(data: &'a [u8], carrier: Carrier) -> Result<Self, ParseError> {
        Self::parse_with(data, carrier, false)
    }

    fn parse_with(data: &'a [u8], carrier: Carrier, strict: bool) -> Result<Self, ParseError> {
        let base = match carrier {
            Carrier::Udp => 0,
            Carrier::Ip => {
                let sid = data.first_chunk::<4>().ok_or(ParseError::Truncated {
                    field: name::SESSION_ID,
                    offset: 0,
                    needed: 4,
                    available: data.len(),
                })?;
                let sid = u32::from_be_bytes(*sid);
                if sid != 0 {
                    return Ok(Packet::DataV3(DataV3 {
                        udp_bits: None,
                        session_id: sid,
                        rest: &data[4..],
                        rest_at: 4,
                    }));
                }
                field::IP_SESSION.end
            }
        };
        let msg = &data[base..];
        let w = msg.first_chunk::<2>().ok_or(ParseError::Truncated {
            field: name::FLAGS,
            offset: base,
            needed: 2,
            available: msg.len(),
        })?;
        let bits = u16::from_be_bytes(*w);
        let version = (bits & field::VERSION_MASK) as u8;
        match (version, bits & field::T_BIT != 0, carrier) {
            (2, _, Carrier::Udp) | (3, true, _) => {}
            (3, false, Carrier::Udp) => return data_v3_udp(msg, bits),
            _ => return Err(version_error(bits, base)),
        }
        if bits & field::T_BIT == 0 {
            return data_v2(msg, bits, strict);
        }
        control(msg, bits, base, carrier, strict).map(Packet::Control)
    }

    /// The control message, if this is one.
    pub fn control(&self) -> Option<&Control<'a>> {
        match self {
            Packet::Control(c) => Some(c),
            _ => None,
        }
    }
}

fn data_v3_udp(msg: &[u8], bits: u16) -> Result<Packet<'_>, ParseError> {
    let h = msg.first_chunk::<8>().ok_or(ParseError::Truncated {
        field: name::HEADER,
        offset: 0,
        needed: 8,
        available: msg.len(),
    })?;
    Ok(Packet::DataV3(DataV3 {
        udp_bits: Some(bits),
        session_id: u32_at(h, field::V3_UDP_SESSION),
        rest: &msg[8..],
        rest_at: 8,
    }))
}

fn data_v2(msg: &[u8], bits: u16, strict: bool) -> Result<Packet<'_>, ParseError> {
    if strict && bits & field::V2_RESERVED != 0 {
        return Err(bit_error(name::RESERVED, bits & field::V2_RESERVED, 0, 0));
    }
    let mut r = pdukit_wire::Reader::new(msg);
    r.skip(2, name::FLAGS)?;
    let length = if bits & field::L_BIT != 0 {
        Some(r.u16(name::LENGTH)?)
    } else {
        None
    };
    let tunnel_id = r.u16(name::HEADER)?;
    let session_id = r.u16(name::HEADER)?;
    let sequence = if bits & field::S_BIT != 0 {
        Some((r.u16(name::HEADER)?, r.u16(name::HEADER)?))
    } else {
        None
    };
    let (body, trailer) = match length {
        Some(l) => split_length(msg, l, r.offset())?,
        None => (msg, &msg[msg.len()..]),
    };
    let mut r = pdukit_wire::Reader::at(&body[r.offset()..], r.offset());
    let offset = if bits & field::O_BIT != 0 {
        let at = r.offset();
        let size = r.u16(name::OFFSET_SIZE)?;
        let pad = r.sub(usize::from(size), name::OFFSET_SIZE, at)?.rest();
        Some((size, pad))
    } else {
        None
    };
    Ok(Packet::DataV2(DataV2 {
        bits,
        length,
        tunnel_id,
        session_id,
        sequence,
        offset,
        payload: r.rest(),
        trailer,
    }))
}

/// The message the Length field declares, and what follows it; `header_end` is where the
/// fixed header ends.
fn split_length(msg: &[u8], length: u16, header_end: usize) -> Result<(&[u8], &[u8]), ParseError> {
    let len = usize::from(length);
    if len < header_end || len > msg.len() {
        return Err(ParseError::BadLength {
            field: name::LENGTH,
            offset: field::V2_LENGTH.start,
            declared: len,
            available: msg.len(),
        });
    }
    Ok(msg.split_at(len))
}

/// Which bit of a control message's first word is wrong, first in the order L, S, O, P, reserved.
#[cold]
fn control_bits_error(bits: u16, v3: bool, at: usize) -> ParseError {
    let reserved = bits
        & if v3 {
            field::V3_RESERVED
        } else {
            field::V2_RESERVED
        };
    let checks = [
        (field::L_BIT, field::L_BIT, name::L_BIT),
        (field::S_BIT, field::S_BIT, name::S_BIT),
        (field::O_BIT, 0, name::O_BIT),
        (field::P_BIT, 0, name::P_BIT),
    ];
    for (bit, want, f) in checks {
        if (!v3 || want != 0) && bits & bit != want {
            return bit_error(f, bits & bit, want, at);
        }
    }
    bit_error(name::RESERVED, reserved, 0, at)
}

fn control(
    msg: &[u8],
    bits: u16,
    base: usize,
    carrier: Carrier,
    strict: bool,
) -> Result<Control<'_>, ParseError> {
    let v3 = bits & field::VERSION_MASK == 3;
    // Strictly: T, L and S set, every other bit but the version clear (O and P are reserved
    // bits in v3).
    if strict && bits & !field::VERSION_MASK != field::T_BIT | field::L_BIT | field::S_BIT {
        return Err(control_bits_error(bits, v3, base));
    }
    let has_len = bits & field::L_BIT != 0;
    let has_seq = bits & field::S_BIT != 0;
    // Without L the fields after the word move up by two, without S Ns and Nr are absent (lax
    // view only).
    let fixed = CONTROL_HEADER_LEN - if has_len { 0 } else { 2 } - if has_seq { 0 } else { 4 };
    if msg.len() < fixed {
        return Err(ParseError::Truncated {
            field: name::HEADER,
            offset: base,
            needed: fixed,
            available: msg.len(),
        });
    }
    let h = &msg[..fixed];
    let shift = if has_len { 0 } else { 2 };
    let length = if has_len {
        u16_at(h, field::V2_LENGTH)
    } else {
        u16::try_from(msg.len()).unwrap_or(u16::MAX)
    };
    let (tunnel_id, session_id, ns, nr) = if v3 {
        (
            get_u32(h, field::V3_CCID.start - shift),
            None,
            field::V3_NS.start - shift,
            field::V3_NR.start - shift,
        )
    } else {
        (
            u32::from(get_u16(h, field::V2_TUNNEL.start - shift)),
            Some(get_u16(h, field::V2_SESSION.start - shift)),
            field::V2_NS.start - shift,
            field::V2_NR.start - shift,
        )
    };
    let sequence = has_seq.then(|| (get_u16(h, ns), get_u16(h, nr)));
    let (body, trailer) = if has_len {
        split_length(msg, length, fixed).map_err(|e| e.shifted(base))?
    } else {
        (msg, &msg[msg.len()..])
    };
    let mut start = fixed;
    // An O bit on a control message (lax view): skip the offset.
    if bits & field::O_BIT != 0 && !v3 {
        let mut r = pdukit_wire::Reader::at(&body[fixed..], base + fixed);
        let at = r.offset();
        let size = r.u16(name::OFFSET_SIZE)?;
        r.sub(usize::from(size), name::OFFSET_SIZE, at)?;
        start = r.offset() - base;
    }
    let avp_bytes = &body[start..];
    let avps_at = base + start;
    let (end, _) = avp::walk(avp_bytes, avps_at, strict);
    let (avps, after_avps) = avp_bytes.split_at(end);
    Ok(Control {
        header: ControlHeader {
            bits,
            version: if v3 { 3 } else { 2 },
            length,
            tunnel_id,
            session_id,
            sequence,
            over_ip: carrier == Carrier::Ip,
        },
        avps,
        avps_at,
        after_avps,
        trailer,
    })
}

impl<'a> Control<'a> {
    /// The AVPs in order, each with the latest Random Vector before it.
    pub fn avps(&self) -> Avps<'a> {
        Avps::new(self.avps, self.avps_at)
    }

    /// The first AVP that does not fit (or, in a strict walk, has reserved bits set): `None`
    /// for every message [`Packet::parse`] accepts.
    pub fn avp_error(&self) -> Option<ParseError> {
        if self.after_avps.is_empty() {
            return None;
        }
        let at = self.avps_at + self.avps.len();
        avp::walk(self.after_avps, at, true).1
    }

    /// A ZLB acknowledgement: no AVPs at all.
    pub fn is_zlb(&self) -> bool {
        self.avps.is_empty() && self.after_avps.is_empty()
    }

    /// The message type: the value of the first AVP when it is a Message Type AVP (not
    /// hidden, 2 bytes); `None` for a ZLB or a message that does not start with one.
    pub fn message_type(&self) -> Option<MessageType> {
        let first = self.avps().next()?;
        match (
            first.is(AvpType::MESSAGE_TYPE) && !first.hidden,
            first.value,
        ) {
            (true, v) if v.len() == 2 => Some(MessageType(u16_at(v, 0..2))),
            _ => None,
        }
    }

    /// The first IETF AVP of type `t`.
    pub fn find(&self, t: AvpType) -> Option<Avp<'a>> {
        self.avps().find(|a| a.is(t))
    }

    /// The typed value of the first IETF AVP of type `t`, if present and not hidden.
    pub fn value(&self, t: AvpType) -> Option<AvpValue<'a>> {
        self.find(t).and_then(|a| a.value().ok())
    }

    /// Wire bytes of the validated AVPs.
    pub fn avp_bytes(&self) -> &'a [u8] {
        self.avps
    }
}

impl<'a> pdukit_wire::Parse<'a> for Packet<'a> {
    /// Over UDP (the common case; IP protocol 115 through [`Packet::parse`]).
    fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        Packet::parse(data, Carrier::Udp)
    }
}
