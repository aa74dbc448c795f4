//! RFC 4884 extension structures: location, checksum, objects (RFC 4950 MPLS label stack,
//! RFC 5837 interface information, RFC 8335 interface identification).

use pdukit_checksum::{checksum, verify};
pub use pdukit_wire::MplsEntry;
use pdukit_wire::{BuildError, Expected, ParseError, Writer};

use crate::field::{ext, name, BODY};

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

impl<'a> Object<'a> {
    /// The MPLS label stack entries when this is class 1, c-type 1.
    pub fn mpls_labels(&self) -> Option<impl Iterator<Item = MplsEntry> + 'a> {
        if self.class != 1 || self.ctype != 1 {
            return None;
        }
        Some(
            self.payload
                .as_chunks::<4>()
                .0
                .iter()
                .map(|e| MplsEntry::from_bytes(*e)),
        )
    }
}

/// One step of the object walk over an extension structure at `at`: the object and the
/// offset after it. The one decoder: the validating parse and the iterator go through it. Each
/// step consumes at least 4 bytes. `base` is the structure's offset in the message.
#[inline]
fn next_object(bytes: &[u8], at: usize, base: usize) -> Result<(Object<'_>, usize), ParseError> {
    let rest = bytes.get(at..).unwrap_or(&[]);
    let Some(o) = rest.first_chunk::<{ ext::OBJECT_PAYLOAD }>() else {
        return Err(ParseError::Truncated {
            field: name::OBJECT_HEADER,
            offset: base + at,
            needed: ext::OBJECT_PAYLOAD,
            available: rest.len(),
        });
    };
    let len = usize::from(pdukit_wire::u16_at(o, ext::OBJECT_LENGTH));
    match rest.get(..len) {
        Some(obj) if len >= ext::OBJECT_PAYLOAD => Ok((
            Object {
                class: o[ext::OBJECT_CLASS],
                ctype: o[ext::OBJECT_CTYPE],
                payload: &obj[ext::OBJECT_PAYLOAD..],
            },
            at + len,
        )),
        _ => Err(ParseError::Invalid {
            field: name::OBJECT_LENGTH,
            offset: base + at,
            found: len as u32,
            expected: Expected::Text("at least 4 and within the extension structure"),
        }),
    }
}

impl<'a> Extensions<'a> {
    /// Validates an extension structure: version 2 and every object's length in range (at
    /// least 4, within the structure). `base` is its offset in the message.
    pub fn parse(bytes: &'a [u8], base: usize, legacy: bool) -> Result<Self, ParseError> {
        let h = bytes
            .first_chunk::<{ ext::HEADER_LEN }>()
            .ok_or(ParseError::Truncated {
                field: name::EXTENSION_HEADER,
                offset: base,
                needed: ext::HEADER_LEN,
                available: bytes.len(),
            })?;
        if h[ext::VERSION] >> 4 != 2 {
            return Err(ParseError::Invalid {
                field: name::EXTENSION_VERSION,
                offset: base,
                found: u32::from(h[ext::VERSION] >> 4),
                expected: Expected::Value(2),
            });
        }
        let mut at = ext::HEADER_LEN;
        while at < bytes.len() {
            at = next_object(bytes, at, base)?.1;
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
        pdukit_wire::u16_at(self.bytes, ext::CHECKSUM)
    }
    /// Whether the checksum verifies (a zero checksum means none was computed, RFC 4884 §7).
    #[inline]
    pub fn checksum_valid(&self) -> bool {
        self.checksum() == 0 || verify(self.bytes)
    }
    /// The objects in order (validated by [`Extensions::parse`]).
    pub fn objects(&self) -> Objects<'a> {
        Objects {
            bytes: self.bytes,
            at: ext::HEADER_LEN,
        }
    }
}

/// Iterator over the objects of a validated extension structure.
#[derive(Clone, Debug)]
pub struct Objects<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Objects<'a> {
    type Item = Object<'a>;

    fn next(&mut self) -> Option<Object<'a>> {
        if self.at >= self.bytes.len() {
            return None;
        }
        match next_object(self.bytes, self.at, 0) {
            Ok((o, after)) => {
                self.at = after;
                Some(o)
            }
            Err(_) => {
                self.at = self.bytes.len();
                None
            }
        }
    }
}

impl core::iter::FusedIterator for Objects<'_> {}

/// Writes an RFC 4884 extension structure object by object into a caller's buffer; `finish`
/// fills the structure's checksum. Parse the result with [`Extensions::parse`] to attach it to
/// an error message.
#[derive(Debug)]
pub struct ExtensionWriter<'b> {
    w: Writer<'b>,
}

impl<'b> ExtensionWriter<'b> {
    /// Starts a structure (version 2, checksum zero until `finish`).
    pub fn new(buf: &'b mut [u8]) -> Result<Self, BuildError> {
        let mut w = Writer::new(buf);
        w.put(&[0x20, 0, 0, 0])?;
        Ok(ExtensionWriter { w })
    }

    /// Appends an object of `class` and `ctype` carrying `payload` as given.
    pub fn object(
        &mut self,
        class: u8,
        ctype: u8,
        payload: &[u8],
    ) -> Result<&mut Self, BuildError> {
        let olen = ext::OBJECT_PAYLOAD + payload.len();
        let olen16 = u16::try_from(olen).map_err(|_| BuildError::InvalidField {
            field: name::OBJECT_LENGTH,
            value: olen,
        })?;
        self.w.ensure(olen)?;
        self.w.u16(olen16)?;
        self.w.u8(class)?;
        self.w.u8(ctype)?;
        self.w.put(payload)?;
        Ok(self)
    }

    /// Fills the checksum; returns the structure's length.
    pub fn finish(mut self) -> usize {
        let b = self.w.written_mut();
        let c = checksum(b);
        b[ext::CHECKSUM].copy_from_slice(&c.to_be_bytes());
        self.w.len()
    }
}

/// The common case, decided without looking at the body: no length and too short for a legacy
/// extension (128 bytes of quote and a 4-byte extension header), so the whole body is the quote.
#[inline]
pub(crate) const fn whole_body_is_quote(length: u8, body_len: usize) -> bool {
    length == 0 && body_len < MIN_QUOTE_WITH_EXTENSIONS + ext::HEADER_LEN
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
    let base = BODY;
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
    if body.len() >= q + ext::HEADER_LEN {
        if let Ok(e) = Extensions::parse(&body[q..], base + q, true) {
            if e.checksum() != 0 && verify(e.bytes) {
                return (q, Some(e));
            }
        }
    }
    (body.len(), None)
}
