//! The PPPoE header, discovery packets with their tags, and session packets.

use pdukit_wire::{u16_at, BuildError, Expected, ParseError, Writer};

use crate::field::{self, name, PAYLOAD};
use crate::tags::{self, Tag, TagIter, TagType};

/// Discovery EtherType.
pub const ETHERTYPE_DISCOVERY: u16 = 0x8863;
/// Session EtherType.
pub const ETHERTYPE_SESSION: u16 = 0x8864;
/// Header length.
pub const HEADER_LEN: usize = field::PAYLOAD;
/// Largest PADI payload (RFC 2516 §5.1: the PADI must fit 1484 bytes, leaving room for a
/// relay agent's Relay-Session-Id).
pub const MAX_PADI_PAYLOAD: usize = 1484;

pdukit_wire::open_enum! {
    /// A PPPoE code (open).
    pub struct Code(u8) {
        /// Session data.
        SESSION = 0x00 => "Session",
        /// Active Discovery Offer.
        PADO = 0x07 => "PADO",
        /// Active Discovery Initiation.
        PADI = 0x09 => "PADI",
        /// Active Discovery Grant (RFC 5578).
        PADG = 0x0a => "PADG",
        /// Active Discovery Credit (RFC 5578).
        PADC = 0x0b => "PADC",
        /// Active Discovery Quality (RFC 5578).
        PADQ = 0x0c => "PADQ",
        /// Active Discovery Request.
        PADR = 0x19 => "PADR",
        /// Active Discovery Session-confirmation.
        PADS = 0x65 => "PADS",
        /// Active Discovery Terminate.
        PADT = 0xa7 => "PADT",
        /// Active Discovery Message (RFC 4937).
        PADM = 0xd3 => "PADM",
        /// Active Discovery Network (RFC 4937).
        PADN = 0xd4 => "PADN",
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
            field: name::HEADER,
            offset: 0,
            needed: HEADER_LEN,
            available: data.len(),
        })?;
        let vt = h[field::VER_TYPE];
        let (version, ptype) = (vt >> 4, vt & 0x0f);
        if version != 1 || ptype != 1 {
            return Err(ParseError::Invalid {
                field: name::VERSION_TYPE,
                offset: field::VER_TYPE,
                found: u32::from(vt),
                expected: Expected::Value(0x11),
            });
        }
        Ok(Header {
            version,
            ptype,
            code: Code(h[field::CODE]),
            session_id: u16_at(h, field::SESSION_ID),
            length: u16_at(h, field::LENGTH),
        })
    }

    /// The payload the length field declares, and what follows it in the frame; the one check
    /// that the length fits (discovery and session packets share it).
    fn split_payload<'a>(&self, data: &'a [u8]) -> Result<(&'a [u8], &'a [u8]), ParseError> {
        let len = usize::from(self.length);
        let rest = data.get(PAYLOAD..).unwrap_or(&[]);
        if len > rest.len() {
            return Err(ParseError::BadLength {
                field: name::PAYLOAD_LENGTH,
                offset: field::LENGTH.start,
                declared: len,
                available: rest.len(),
            });
        }
        Ok(rest.split_at(len))
    }
}

/// A discovery packet: header, tags (validated), and whatever followed the payload in the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Discovery<'a> {
    /// Header.
    pub header: Header,
    tags: &'a [u8],
    /// Bytes after the last tag (and after End-Of-List, if any) inside the payload; in a lax
    /// view, from the first tag that does not fit on.
    pub after_tags: &'a [u8],
    /// Bytes after the payload in the frame (Ethernet padding, trailers).
    pub trailer: &'a [u8],
}

impl<'a> Discovery<'a> {
    /// Parses a discovery packet (bytes after the EtherType) strictly: the payload length must
    /// fit the frame and every tag must fit the payload. Bytes after End-Of-List and after the
    /// payload are kept apart, not treated as tags.
    ///
    /// Error order: header length, version/type, payload length, then the first tag that does
    /// not fit.
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        let d = Self::parse_lax(data)?;
        match d.tag_error() {
            Some(e) => Err(e),
            None => Ok(d),
        }
    }

    /// The lax view (the one meaning of lax in every pdukit crate: accept what real devices
    /// send that the RFC forbids, never read out of bounds, never give a wrong value). The
    /// header must parse and the payload length must fit the frame; tags are kept up to the
    /// first one that does not fit its payload, which [`Discovery::tag_error`] reports, and
    /// the bytes from there on are in `after_tags`.
    pub fn parse_lax(data: &'a [u8]) -> Result<Self, ParseError> {
        let header = Header::parse(data)?;
        let (payload, trailer) = header.split_payload(data)?;
        let end = match tags::walk(payload) {
            Ok(end) => end,
            Err((end, _)) => end,
        };
        let (tags, after_tags) = payload.split_at(end);
        Ok(Discovery {
            header,
            tags,
            after_tags,
            trailer,
        })
    }

    /// The first tag that does not fit the payload (offset from the PPPoE header), if any:
    /// `None` for every packet [`Discovery::parse`] accepts.
    pub fn tag_error(&self) -> Option<ParseError> {
        if self.after_tags.is_empty() {
            return None;
        }
        // The walk stopped at End-Of-List (fine) or at a tag that does not fit (the error).
        let ended = self
            .tags()
            .last()
            .is_some_and(|t| t.tag_type == TagType::END_OF_LIST);
        if ended {
            return None;
        }
        tags::walk(self.after_tags)
            .err()
            .map(|(_, e)| e.shifted(self.tags.len()))
    }

    /// The tags in order (End-Of-List included, if present).
    pub fn tags(&self) -> TagIter<'a> {
        TagIter::new(self.tags)
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
    ///
    /// Error order: header length, version/type, payload length, PPP protocol.
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        let header = Header::parse(data)?;
        let (p, _) = header.split_payload(data)?;
        let (proto, payload) = p.split_first_chunk::<2>().ok_or(ParseError::Truncated {
            field: name::PPP_PROTOCOL,
            offset: PAYLOAD + field::PPP_PROTOCOL.start,
            needed: field::PPP_PROTOCOL.len(),
            available: p.len(),
        })?;
        Ok(Session {
            header,
            protocol: u16::from_be_bytes(*proto),
            payload,
        })
    }
}

impl<'a> pdukit_wire::Parse<'a> for Discovery<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        Discovery::parse(data)
    }
}

impl<'a> pdukit_wire::Parse<'a> for Session<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        Session::parse(data)
    }
}

/// Writes a discovery packet tag by tag into a caller's buffer; the payload length is patched
/// by [`DiscoveryWriter::finish`].
#[derive(Debug)]
pub struct DiscoveryWriter<'b> {
    w: Writer<'b>,
    length: pdukit_wire::Len,
}

impl<'b> DiscoveryWriter<'b> {
    /// Starts a packet of `code` for `session_id` (bytes after the EtherType).
    pub fn new(buf: &'b mut [u8], code: Code, session_id: u16) -> Result<Self, BuildError> {
        let mut w = Writer::new(buf);
        w.ensure(HEADER_LEN)?;
        w.u8(0x11)?;
        w.u8(code.0)?;
        w.u16(session_id)?;
        let length = w.len_u16(name::PAYLOAD_LENGTH)?;
        Ok(DiscoveryWriter { w, length })
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
            field: name::TAG_LENGTH,
            value: vlen,
        })?;
        let payload = self.w.len() + field::TAG_VALUE + vlen - HEADER_LEN;
        if payload > usize::from(u16::MAX) {
            return Err(BuildError::InvalidField {
                field: name::PAYLOAD_LENGTH,
                value: payload,
            });
        }
        self.w.ensure(field::TAG_VALUE + vlen)?;
        self.w.u16(tag_type.0)?;
        self.w.u16(l16)?;
        for p in parts {
            self.w.put(p)?;
        }
        Ok(self)
    }

    /// Appends a parsed tag as it was.
    pub fn tag_from(&mut self, t: &Tag<'_>) -> Result<&mut Self, BuildError> {
        self.tag(t.tag_type, t.value)
    }

    /// Patches the payload length; returns the packet length.
    pub fn finish(mut self) -> usize {
        // Each tag checked that the payload stays within 16 bits, so this cannot fail.
        let _ = self.w.end(self.length);
        self.w.len()
    }
}

/// Writes an Ethernet header (`dst`, `src`, EtherType) into `buf[..14]`.
pub fn write_ethernet_header(
    buf: &mut [u8],
    dst: [u8; 6],
    src: [u8; 6],
    ethertype: u16,
) -> Result<usize, BuildError> {
    pdukit_wire::ethernet::write_header(buf, dst, src, ethertype)
}
