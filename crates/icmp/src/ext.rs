//! RFC 4884 extension structures: location, checksum, objects (RFC 4950 MPLS label stack,
//! RFC 5837 interface information, RFC 8335 interface identification).

use pdukit_checksum::{checksum, verify};

use crate::error::{out, BuildError, ParseError};

/// Minimum quote length when extensions follow (RFC 4884 §4.1): 128 bytes.
pub const MIN_QUOTE_WITH_EXTENSIONS: usize = 128;

/// An extension structure: a 4-byte header (version 2, checksum) and objects, validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extensions<'a> {
    bytes: &'a [u8],
    legacy: bool,
}

/// One extension object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Object<'a> {
    /// Class-Num (1 MPLS label stack, 2 interface information, 3 interface identification).
    pub class: u8,
    /// C-Type.
    pub ctype: u8,
    /// The object's payload (after its 4-byte header).
    pub payload: &'a [u8],
}

/// One MPLS label stack entry (RFC 4950).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MplsEntry {
    /// Label (20 bits).
    pub label: u32,
    /// Traffic class (3 bits).
    pub tc: u8,
    /// Bottom of stack.
    pub bottom: bool,
    /// TTL.
    pub ttl: u8,
}

impl<'a> Object<'a> {
    /// The MPLS label stack entries when this is class 1, c-type 1.
    pub fn mpls_labels(&self) -> Option<impl Iterator<Item = MplsEntry> + 'a> {
        if self.class != 1 || self.ctype != 1 {
            return None;
        }
        Some(self.payload.as_chunks::<4>().0.iter().map(|e| {
            let v = u32::from_be_bytes(*e);
            MplsEntry {
                label: v >> 12,
                tc: ((v >> 9) & 7) as u8,
                bottom: v & 0x100 != 0,
                ttl: (v & 0xff) as u8,
            }
        }))
    }
}

impl<'a> Extensions<'a> {
    /// Validates an extension structure: version 2 and every object's length in range (at
    /// least 4, within the structure). `base` is its offset in the message.
    pub fn parse(bytes: &'a [u8], base: usize, legacy: bool) -> Result<Self, ParseError> {
        let h = bytes.get(..4).ok_or(ParseError::Truncated {
            what: "extension header",
            offset: base,
            needed: 4,
            available: bytes.len(),
        })?;
        if h[0] >> 4 != 2 {
            return Err(ParseError::Invalid {
                field: "extension version",
                offset: base,
                found: u32::from(h[0] >> 4),
                expected: "2",
            });
        }
        let mut at = 4usize;
        while at < bytes.len() {
            let Some(o) = bytes.get(at..at + 4) else {
                return Err(ParseError::Truncated {
                    what: "extension object header",
                    offset: base + at,
                    needed: 4,
                    available: bytes.len() - at,
                });
            };
            let len = usize::from(u16::from_be_bytes([o[0], o[1]]));
            if len < 4 || at + len > bytes.len() {
                return Err(ParseError::Invalid {
                    field: "extension object length",
                    offset: base + at,
                    found: len as u32,
                    expected: "at least 4 and within the extension structure",
                });
            }
            at += len;
        }
        Ok(Extensions { bytes, legacy })
    }
    /// The structure's bytes (header and objects).
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
    /// True when found at the legacy fixed offset 128 with a zero length field.
    pub const fn is_legacy(&self) -> bool {
        self.legacy
    }
    /// The stored checksum.
    #[inline]
    pub fn checksum(&self) -> u16 {
        u16::from_be_bytes([self.bytes[2], self.bytes[3]])
    }
    /// Whether the checksum verifies (a zero checksum means none was computed, RFC 4884 §7).
    #[inline]
    pub fn checksum_valid(&self) -> bool {
        self.checksum() == 0 || verify(self.bytes)
    }
    /// The objects in order.
    pub fn objects(&self) -> impl Iterator<Item = Object<'a>> + 'a {
        let mut rest = &self.bytes[4..];
        core::iter::from_fn(move || {
            let o = rest.get(..4)?;
            let len = usize::from(u16::from_be_bytes([o[0], o[1]]));
            let obj = rest.get(..len).filter(|_| len >= 4)?;
            rest = &rest[len..];
            Some(Object {
                class: obj[2],
                ctype: obj[3],
                payload: &obj[4..],
            })
        })
    }
}

/// Writes an extension structure (version 2, checksum filled) holding `objects` into `buf`;
/// returns its length. Each object is (class, c-type, payload); payloads are written as given.
pub fn write_extensions(buf: &mut [u8], objects: &[(u8, u8, &[u8])]) -> Result<usize, BuildError> {
    let len = 4 + objects.iter().map(|o| 4 + o.2.len()).sum::<usize>();
    let b = out(buf, len)?;
    b[..4].copy_from_slice(&[0x20, 0, 0, 0]);
    let mut at = 4;
    for (class, ctype, payload) in objects {
        let olen = 4 + payload.len();
        let olen16 = u16::try_from(olen).map_err(|_| BuildError::InvalidField {
            field: "extension object length",
            value: olen,
        })?;
        b[at..at + 2].copy_from_slice(&olen16.to_be_bytes());
        b[at + 2] = *class;
        b[at + 3] = *ctype;
        b[at + 4..at + olen].copy_from_slice(payload);
        at += olen;
    }
    let c = checksum(b);
    b[2..4].copy_from_slice(&c.to_be_bytes());
    Ok(len)
}

/// The common case, decided without looking at the body: no length and too short for a legacy
/// extension (128 bytes of quote and a 4-byte extension header), so the whole body is the quote.
#[inline]
pub(crate) const fn whole_body_is_quote(length: u8, body_len: usize) -> bool {
    length == 0 && body_len < MIN_QUOTE_WITH_EXTENSIONS + 4
}

/// Where the quote ends and extensions start in an error message's body (the bytes after the
/// 8-byte ICMP header), per RFC 4884 §4-5 and the legacy placement.
///
/// `length` is the raw length field, `unit` 4 (ICMPv4) or 8 (ICMPv6). The field is trusted only
/// when it is consistent: at least 128 bytes, within the body, and an extension structure
/// (version 2, valid object lengths) follows, or nothing follows. Otherwise it is junk from an
/// old sender and the whole body is the quote.
#[inline]
pub(crate) fn locate(body: &[u8], length: u8, unit: usize) -> (usize, Option<Extensions<'_>>) {
    if whole_body_is_quote(length, body.len()) {
        return (body.len(), None);
    }
    locate_slow(body, length, unit)
}

fn locate_slow(body: &[u8], length: u8, unit: usize) -> (usize, Option<Extensions<'_>>) {
    let base = 8;
    if length != 0 {
        let q = usize::from(length) * unit;
        if q >= MIN_QUOTE_WITH_EXTENSIONS && q <= body.len() {
            if q == body.len() {
                return (q, None);
            }
            if let Ok(e) = Extensions::parse(&body[q..], base + q, false) {
                return (q, Some(e));
            }
        }
        return (body.len(), None);
    }
    // Legacy: zero length, extension at 128, recognised only by a valid structure whose
    // checksum verifies (a long quote must not be mistaken for one).
    let q = MIN_QUOTE_WITH_EXTENSIONS;
    if body.len() >= q + 4 {
        if let Ok(e) = Extensions::parse(&body[q..], base + q, true) {
            if e.checksum() != 0 && verify(e.bytes) {
                return (q, Some(e));
            }
        }
    }
    (body.len(), None)
}
