//! The PPPoE header, discovery packets with their tags, and session packets.

use core::fmt;

use crate::error::{BuildError, ParseError};
use crate::tags::{Tag, TagType};

/// Discovery EtherType.
pub const ETHERTYPE_DISCOVERY: u16 = 0x8863;
/// Session EtherType.
pub const ETHERTYPE_SESSION: u16 = 0x8864;
/// Header length.
pub const HEADER_LEN: usize = 6;
/// Largest PADI payload (RFC 2516 §5.1: the PADI must fit 1484 bytes, leaving room for a
/// relay agent's Relay-Session-Id).
pub const MAX_PADI_PAYLOAD: usize = 1484;

/// A PPPoE code (open).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(pub u8);

impl Code {
    /// Session data.
    pub const SESSION: Self = Self(0x00);
    /// Active Discovery Offer.
    pub const PADO: Self = Self(0x07);
    /// Active Discovery Initiation.
    pub const PADI: Self = Self(0x09);
    /// Active Discovery Grant (RFC 5578).
    pub const PADG: Self = Self(0x0a);
    /// Active Discovery Credit (RFC 5578).
    pub const PADC: Self = Self(0x0b);
    /// Active Discovery Quality (RFC 5578).
    pub const PADQ: Self = Self(0x0c);
    /// Active Discovery Request.
    pub const PADR: Self = Self(0x19);
    /// Active Discovery Session-confirmation.
    pub const PADS: Self = Self(0x65);
    /// Active Discovery Terminate.
    pub const PADT: Self = Self(0xa7);
    /// Active Discovery Message (RFC 4937).
    pub const PADM: Self = Self(0xd3);
    /// Active Discovery Network (RFC 4937).
    pub const PADN: Self = Self(0xd4);

    /// The name, if known.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x00 => "Session",
            0x07 => "PADO",
            0x09 => "PADI",
            0x0a => "PADG",
            0x0b => "PADC",
            0x0c => "PADQ",
            0x19 => "PADR",
            0x65 => "PADS",
            0xa7 => "PADT",
            0xd3 => "PADM",
            0xd4 => "PADN",
            _ => return None,
        })
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}"),
            None => write!(f, "Unknown({:#04x})", self.0),
        }
    }
}

/// The 6-byte PPPoE header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Version (1).
    pub version: u8,
    /// Type (1).
    pub ptype: u8,
    /// Code.
    pub code: Code,
    /// Session id.
    pub session_id: u16,
    /// Payload length.
    pub length: u16,
}

impl Header {
    /// Reads the header; version and type must be 1.
    #[inline]
    pub fn parse(data: &[u8]) -> Result<Self, ParseError> {
        let h: &[u8; HEADER_LEN] = data.first_chunk().ok_or(ParseError::Truncated {
            what: "PPPoE header",
            offset: 0,
            needed: HEADER_LEN,
            available: data.len(),
        })?;
        let (version, ptype) = (h[0] >> 4, h[0] & 0x0f);
        if version != 1 || ptype != 1 {
            return Err(ParseError::Invalid {
                field: "version/type",
                offset: 0,
                found: h[0],
                expected: 0x11,
            });
        }
        Ok(Header {
            version,
            ptype,
            code: Code(h[1]),
            session_id: u16::from_be_bytes([h[2], h[3]]),
            length: u16::from_be_bytes([h[4], h[5]]),
        })
    }

    fn write(&self, b: &mut [u8]) {
        b[0] = (self.version << 4) | (self.ptype & 0x0f);
        b[1] = self.code.0;
        b[2..4].copy_from_slice(&self.session_id.to_be_bytes());
        b[4..6].copy_from_slice(&self.length.to_be_bytes());
    }
}

/// A discovery packet: header, tags (validated), and whatever followed the payload in the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Discovery<'a> {
    /// Header.
    pub header: Header,
    tags: &'a [u8],
    /// Bytes after the last tag (and after End-Of-List, if any) inside the payload.
    pub after_tags: &'a [u8],
    /// Bytes after the payload in the frame (Ethernet padding, trailers).
    pub trailer: &'a [u8],
}

/// Walks tags; returns the end of the last whole tag (End-Of-List included) and the first
/// error, if any.
fn walk(payload: &[u8]) -> (usize, Option<ParseError>) {
    let mut at = 0usize;
    while at < payload.len() {
        let Some(h) = payload.get(at..at + 4) else {
            return (
                at,
                Some(ParseError::Truncated {
                    what: "tag header",
                    offset: HEADER_LEN + at,
                    needed: 4,
                    available: payload.len() - at,
                }),
            );
        };
        let t = u16::from_be_bytes([h[0], h[1]]);
        let len = usize::from(u16::from_be_bytes([h[2], h[3]]));
        if at + 4 + len > payload.len() {
            return (
                at,
                Some(ParseError::BadLength {
                    field: "tag length",
                    offset: HEADER_LEN + at + 2,
                    declared: len,
                    available: payload.len() - at - 4,
                }),
            );
        }
        at += 4 + len;
        if t == TagType::END_OF_LIST.0 {
            break;
        }
    }
    (at, None)
}

impl<'a> Discovery<'a> {
    /// Parses a discovery packet (bytes after the EtherType) strictly: the payload length must
    /// fit the frame and every tag must fit the payload. Bytes after End-Of-List and after the
    /// payload are kept apart, not treated as tags.
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        let (d, err) = Self::parse_lax(data)?;
        match err {
            Some(e) => Err(e),
            None => Ok(d),
        }
    }

    /// The lax view: the header must parse, and the payload length must fit the frame; tags
    /// are walked until the first one that does not fit, which is returned as the second value
    /// (the tags before it are kept).
    pub fn parse_lax(data: &'a [u8]) -> Result<(Self, Option<ParseError>), ParseError> {
        let header = Header::parse(data)?;
        let len = usize::from(header.length);
        let payload = data
            .get(HEADER_LEN..HEADER_LEN + len)
            .ok_or(ParseError::BadLength {
                field: "payload length",
                offset: 4,
                declared: len,
                available: data.len() - HEADER_LEN,
            })?;
        let (end, err) = walk(payload);
        Ok((
            Discovery {
                header,
                tags: &payload[..end],
                after_tags: &payload[end..],
                trailer: &data[HEADER_LEN + len..],
            },
            err,
        ))
    }

    /// The tags in order (End-Of-List included, if present).
    pub fn tags(&self) -> TagIter<'a> {
        TagIter { rest: self.tags }
    }

    /// The first tag of `tag_type`.
    pub fn find(&self, tag_type: TagType) -> Option<Tag<'a>> {
        self.tags().find(|t| t.tag_type == tag_type)
    }

    /// The code.
    pub fn code(&self) -> Code {
        self.header.code
    }

    /// Wire bytes of the tags.
    pub fn tag_bytes(&self) -> &'a [u8] {
        self.tags
    }
}

/// Iterator over validated tags.
#[derive(Clone, Debug)]
pub struct TagIter<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for TagIter<'a> {
    type Item = Tag<'a>;

    #[inline]
    fn next(&mut self) -> Option<Tag<'a>> {
        let h = self.rest.get(..4)?;
        let len = usize::from(u16::from_be_bytes([h[2], h[3]]));
        let value = self.rest.get(4..4 + len)?;
        let t = TagType(u16::from_be_bytes([h[0], h[1]]));
        self.rest = &self.rest[4 + len..];
        Some(Tag { tag_type: t, value })
    }
}

/// A session packet (EtherType 0x8864): header, PPP protocol, PPP payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session<'a> {
    /// Header (code 0).
    pub header: Header,
    /// PPP protocol (0xC021 LCP, 0x0021 IPv4, 0x0057 IPv6, ...).
    pub protocol: u16,
    /// PPP payload after the protocol field.
    pub payload: &'a [u8],
}

impl<'a> Session<'a> {
    /// Parses a session packet (bytes after the EtherType).
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        let header = Header::parse(data)?;
        let len = usize::from(header.length);
        let p = data
            .get(HEADER_LEN..HEADER_LEN + len)
            .ok_or(ParseError::BadLength {
                field: "payload length",
                offset: 4,
                declared: len,
                available: data.len() - HEADER_LEN,
            })?;
        let proto = p.get(..2).ok_or(ParseError::Truncated {
            what: "PPP protocol",
            offset: HEADER_LEN,
            needed: 2,
            available: p.len(),
        })?;
        Ok(Session {
            header,
            protocol: u16::from_be_bytes([proto[0], proto[1]]),
            payload: &p[2..],
        })
    }
}

/// Writes a discovery packet tag by tag into a caller's buffer and patches the length.
#[derive(Debug)]
pub struct DiscoveryWriter<'b> {
    buf: &'b mut [u8],
    len: usize,
    header: Header,
}

impl<'b> DiscoveryWriter<'b> {
    /// Starts a packet of `code` for `session_id` (bytes after the EtherType).
    pub fn new(buf: &'b mut [u8], code: Code, session_id: u16) -> Result<Self, BuildError> {
        if buf.len() < HEADER_LEN {
            return Err(BuildError::BufferTooSmall {
                needed: HEADER_LEN,
                available: buf.len(),
            });
        }
        Ok(DiscoveryWriter {
            buf,
            len: HEADER_LEN,
            header: Header {
                version: 1,
                ptype: 1,
                code,
                session_id,
                length: 0,
            },
        })
    }

    /// Appends a tag.
    pub fn tag(&mut self, tag_type: TagType, value: &[u8]) -> Result<&mut Self, BuildError> {
        self.tag_parts(tag_type, &[value])
    }

    /// Appends a tag whose value is the concatenation of `parts` (e.g. vendor id + data).
    pub fn tag_parts(
        &mut self,
        tag_type: TagType,
        parts: &[&[u8]],
    ) -> Result<&mut Self, BuildError> {
        let vlen: usize = parts.iter().map(|p| p.len()).sum();
        let l16 = u16::try_from(vlen).map_err(|_| BuildError::InvalidField {
            field: "tag length",
            value: vlen,
        })?;
        let need = self.len + 4 + vlen;
        if need - HEADER_LEN > usize::from(u16::MAX) {
            return Err(BuildError::InvalidField {
                field: "payload length",
                value: need - HEADER_LEN,
            });
        }
        let available = self.buf.len();
        let out = self
            .buf
            .get_mut(self.len..need)
            .ok_or(BuildError::BufferTooSmall {
                needed: need,
                available,
            })?;
        out[..2].copy_from_slice(&tag_type.0.to_be_bytes());
        out[2..4].copy_from_slice(&l16.to_be_bytes());
        let mut at = 4;
        for p in parts {
            out[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        self.len = need;
        Ok(self)
    }

    /// Appends a parsed tag as it was.
    pub fn tag_from(&mut self, t: &Tag<'_>) -> Result<&mut Self, BuildError> {
        self.tag(t.tag_type, t.value)
    }

    /// Writes the header with the payload length; returns the packet length.
    pub fn finish(mut self) -> usize {
        self.header.length = (self.len - HEADER_LEN) as u16;
        self.header.write(self.buf);
        self.len
    }
}

/// Writes an Ethernet header (`dst`, `src`, EtherType) into `buf[..14]`.
pub fn write_ethernet_header(
    buf: &mut [u8],
    dst: [u8; 6],
    src: [u8; 6],
    ethertype: u16,
) -> Result<usize, BuildError> {
    let available = buf.len();
    let b = buf.get_mut(..14).ok_or(BuildError::BufferTooSmall {
        needed: 14,
        available,
    })?;
    b[..6].copy_from_slice(&dst);
    b[6..12].copy_from_slice(&src);
    b[12..14].copy_from_slice(&ethertype.to_be_bytes());
    Ok(14)
}
