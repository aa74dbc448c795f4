//! AVPs: the one decoder (`next`), the validating walk, the iterator over validated bytes
//! (which carries the latest Random Vector to each AVP, for hidden ones), and the type registries.

use pdukit_wire::{u16_at, Expected, ParseError};

use crate::field::{self, name, AVP_HEADER_LEN};
use crate::hidden;
use crate::types::{AvpType, IETF};
use crate::value::AvpValue;

/// One AVP, zero-copy, with where it is and the Random Vector that precedes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Avp<'a> {
    /// The M bit: an unknown AVP with M set tears down the tunnel or session.
    pub mandatory: bool,
    /// The H bit: the value is hidden (RFC 2661 §4.3).
    pub hidden: bool,
    /// The four reserved bits (0 on a well-formed AVP; ignored in the lax view).
    pub reserved: u8,
    /// Vendor ID (0 IETF, 3561 Broadband Forum, ...).
    pub vendor_id: u16,
    /// Attribute type, within the vendor's space.
    pub attr_type: u16,
    /// The value as on the wire (ciphertext when hidden).
    pub value: &'a [u8],
    /// Offset of the AVP's first byte in the parsed slice.
    pub offset: usize,
    /// The value of the latest Random Vector AVP before this one in the same message.
    pub random_vector: Option<&'a [u8]>,
}

impl<'a> Avp<'a> {
    /// This is the IETF AVP of type `t` (vendor 0).
    #[inline]
    pub fn is(&self, t: AvpType) -> bool {
        self.vendor_id == IETF && self.attr_type == t.0
    }

    /// The IETF type, if the vendor is IETF.
    pub fn ietf_type(&self) -> Option<AvpType> {
        (self.vendor_id == IETF).then_some(AvpType(self.attr_type))
    }

    /// The AVP's length on the wire (header included).
    pub fn wire_len(&self) -> usize {
        AVP_HEADER_LEN + self.value.len()
    }

    /// The typed value ([`AvpValue::Hidden`] for a hidden AVP: see [`Avp::reveal`]); a value
    /// whose length does not fit its type is an error naming its offset.
    #[inline]
    pub fn value(&self) -> Result<AvpValue<'a>, ParseError> {
        if self.hidden {
            return Ok(AvpValue::Hidden(self.value));
        }
        AvpValue::decode(self.vendor_id, self.attr_type, self.value)
            .map_err(|e| e.shifted(self.offset + AVP_HEADER_LEN))
    }

    /// The plaintext of a hidden AVP (RFC 2661 §4.3), decrypted into `out` with the shared
    /// secret and the Random Vector that precedes it; the value itself when not hidden.
    /// Errors: no Random Vector before it, a hidden value shorter than its 2-byte length, an
    /// original length longer than what was received (what a wrong secret usually gives).
    pub fn unhide<'o>(
        &self,
        secret: &[u8],
        out: &'o mut [u8; field::AVP_MAX_VALUE],
    ) -> Result<&'o [u8], ParseError> {
        let at = self.offset + AVP_HEADER_LEN;
        if !self.hidden {
            let n = self.value.len().min(out.len());
            out[..n].copy_from_slice(&self.value[..n]);
            return Ok(&out[..n]);
        }
        let rv = self.random_vector.ok_or(ParseError::Invalid {
            field: name::RANDOM_VECTOR,
            offset: self.offset,
            found: 0,
            expected: Expected::Text("a Random Vector AVP earlier in the message"),
        })?;
        hidden::decrypt(self.attr_type, secret, rv, self.value, out).map_err(|e| e.shifted(at))
    }

    /// [`Avp::unhide`] then the typed value of the plaintext.
    pub fn reveal<'o>(
        &self,
        secret: &[u8],
        out: &'o mut [u8; field::AVP_MAX_VALUE],
    ) -> Result<AvpValue<'o>, ParseError> {
        let (vendor, t, at) = (self.vendor_id, self.attr_type, self.offset);
        let plain = self.unhide(secret, out)?;
        AvpValue::decode(vendor, t, plain).map_err(|e| e.shifted(at + AVP_HEADER_LEN))
    }
}

/// The one AVP decoder: the header and value of the AVP at `at` in `avps`, and where the next
/// one starts; `None` when it does not fit ([`diagnose`] says why). Each step consumes at least
/// six bytes. The validating walk and the iterator read through it.
#[inline(always)]
fn read(avps: &[u8], at: usize) -> Option<(&[u8; AVP_HEADER_LEN], &[u8], usize)> {
    let (h, after) = avps.get(at..)?.split_first_chunk::<AVP_HEADER_LEN>()?;
    let len = usize::from(u16_at(h, field::AVP_FLAGS) & field::AVP_LENGTH);
    let value = after.get(..len.checked_sub(AVP_HEADER_LEN)?)?;
    Some((h, value, at + len))
}

/// Why the AVP at `at` does not fit (`base`: where `avps` sits in the parsed slice).
#[cold]
fn diagnose(avps: &[u8], at: usize, base: usize) -> ParseError {
    let rest = avps.get(at..).unwrap_or(&[]);
    let offset = base + at;
    let Some(h) = rest.first_chunk::<AVP_HEADER_LEN>() else {
        return ParseError::Truncated {
            field: name::AVP_HEADER,
            offset,
            needed: AVP_HEADER_LEN,
            available: rest.len(),
        };
    };
    let len = usize::from(u16_at(h, field::AVP_FLAGS) & field::AVP_LENGTH);
    if len < AVP_HEADER_LEN {
        return ParseError::Invalid {
            field: name::AVP_LENGTH,
            offset,
            found: len as u32,
            expected: Expected::Text("at least 6 (the AVP header)"),
        };
    }
    ParseError::BadLength {
        field: name::AVP_LENGTH,
        offset,
        declared: len,
        available: rest.len(),
    }
}

/// The AVP read at `offset` from its header and value.
#[inline(always)]
fn avp<'a>(h: &[u8; AVP_HEADER_LEN], value: &'a [u8], offset: usize) -> Avp<'a> {
    let bits = u16_at(h, field::AVP_FLAGS);
    Avp {
        mandatory: bits & field::AVP_M_BIT != 0,
        hidden: bits & field::AVP_H_BIT != 0,
        reserved: ((bits & field::AVP_RESERVED) >> 10) as u8,
        vendor_id: u16_at(h, field::AVP_VENDOR),
        attr_type: u16_at(h, field::AVP_TYPE),
        value,
        offset,
        random_vector: None,
    }
}

/// Walks the AVPs to the end; returns where the well-formed ones end and the first error
/// (strictly, reserved bits set are one).
pub(crate) fn walk(avps: &[u8], base: usize, strict: bool) -> (usize, Option<ParseError>) {
    let mut at = 0usize;
    while at < avps.len() {
        let Some((h, _, after)) = read(avps, at) else {
            return (at, Some(diagnose(avps, at, base)));
        };
        let reserved = u16_at(h, field::AVP_FLAGS) & field::AVP_RESERVED;
        if strict && reserved != 0 {
            let e = ParseError::Invalid {
                field: name::AVP_RESERVED,
                offset: base + at,
                found: u32::from(reserved >> 10),
                expected: Expected::Value(0),
            };
            return (at, Some(e));
        }
        at = after;
    }
    (at, None)
}

/// Iterator over validated AVPs; each carries the latest Random Vector before it.
#[derive(Clone, Debug)]
pub struct Avps<'a> {
    bytes: &'a [u8],
    at: usize,
    base: usize,
    rv: Option<&'a [u8]>,
}

impl<'a> Avps<'a> {
    pub(crate) const fn new(validated: &'a [u8], base: usize) -> Self {
        Avps {
            bytes: validated,
            at: 0,
            base,
            rv: None,
        }
    }
}

impl<'a> Iterator for Avps<'a> {
    type Item = Avp<'a>;

    #[inline]
    fn next(&mut self) -> Option<Avp<'a>> {
        // The bytes were validated (lax), so this only stops at their end.
        let (h, value, after) = read(self.bytes, self.at)?;
        let mut a = avp(h, value, self.base + self.at);
        self.at = after;
        a.random_vector = self.rv;
        if a.is(AvpType::RANDOM_VECTOR) && !a.hidden {
            self.rv = Some(value);
        }
        Some(a)
    }
}
