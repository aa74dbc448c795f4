//! The BER subset SNMP uses (X.690): single-octet tags, definite lengths, primitive values.
//! One reader of a tag-length-value (every length checked against its parent, which is the
//! reader it is read from), the integer decoders, and the encoders the builders share.

use pdukit_wire::{BuildError, Expected, Field, ParseError, Reader, Writer};

use crate::field::{name, tag, MAX_LENGTH_OCTETS};

/// One TLV: its tag, where it starts, and a reader over its contents (absolute offsets).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub start: usize,
    pub content: Reader<'a>,
}

impl<'a> Tlv<'a> {
    /// The contents as bytes.
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.content.peek_rest()
    }
}

/// Reads one TLV from `r`. Rejected: multi-octet tags, the indefinite length (`80`), the
/// reserved `FF`, more than four length octets, a length beyond what `r` holds (`BadLength`
/// naming the TLV's start). Non-minimal long forms (`82 00 05`) are accepted.
#[inline]
pub(crate) fn read<'a>(r: &mut Reader<'a>) -> Result<Tlv<'a>, ParseError> {
    let start = r.offset();
    let t = r.u8(name::TAG)?;
    if t & tag::HIGH_TAG_NUMBER == tag::HIGH_TAG_NUMBER {
        return Err(ParseError::Invalid {
            field: name::TAG,
            offset: start,
            found: u32::from(t),
            expected: Expected::Text("a single-octet tag"),
        });
    }
    let first = r.u8(name::LENGTH)?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        long_length(r, first, start + 1)?
    };
    let content = r.sub(len, name::LENGTH, start)?;
    Ok(Tlv {
        tag: t,
        start,
        content,
    })
}

/// The long form of a length whose first octet (at `at`) is `first` (at least 0x80).
#[inline(never)]
fn long_length(r: &mut Reader<'_>, first: u8, at: usize) -> Result<usize, ParseError> {
    let n = usize::from(first & 0x7f);
    let why = match first {
        0x80 => Some("a definite length (the indefinite form is not allowed)"),
        0xff => Some("not 0xFF (reserved by X.690)"),
        _ if n > MAX_LENGTH_OCTETS => Some("at most 4 length octets"),
        _ => None,
    };
    if let Some(text) = why {
        return Err(ParseError::Invalid {
            field: name::LENGTH,
            offset: at,
            found: u32::from(first),
            expected: Expected::Text(text),
        });
    }
    let b = r.take(n, name::LENGTH)?;
    Ok(b.iter().fold(0usize, |v, &x| (v << 8) | usize::from(x)))
}

/// Reads a TLV that must have tag `t` (named `field` in the error).
#[inline]
pub(crate) fn expect<'a>(
    r: &mut Reader<'a>,
    t: u8,
    field: &'static Field,
) -> Result<Tlv<'a>, ParseError> {
    let tlv = read(r)?;
    if tlv.tag != t {
        return Err(wrong_tag(field, tlv.start, tlv.tag, t));
    }
    Ok(tlv)
}

/// The error for a TLV of the wrong type.
#[cold]
pub(crate) fn wrong_tag(field: &'static Field, at: usize, found: u8, want: u8) -> ParseError {
    ParseError::Invalid {
        field,
        offset: at,
        found: u32::from(found),
        expected: Expected::Value(u32::from(want)),
    }
}

/// Fails unless `r` is used up: bytes after the last element of a SEQUENCE are an error.
#[inline]
pub(crate) fn finish(r: &Reader<'_>) -> Result<(), ParseError> {
    if r.is_empty() {
        return Ok(());
    }
    Err(ParseError::Invalid {
        field: name::TRAILING,
        offset: r.offset(),
        found: r.remaining() as u32,
        expected: Expected::Value(0),
    })
}

/// The error for contents of the wrong length.
#[cold]
fn bad_size(field: &'static Field, at: usize, len: usize, want: &'static str) -> ParseError {
    ParseError::Invalid {
        field,
        offset: at,
        found: len as u32,
        expected: Expected::Text(want),
    }
}

/// An Integer32: 1 to 4 octets, two's complement.
#[inline]
pub(crate) fn int32(tlv: &Tlv<'_>, field: &'static Field) -> Result<i32, ParseError> {
    let b = tlv.bytes();
    if b.is_empty() || b.len() > 4 {
        return Err(bad_size(field, tlv.start, b.len(), "1 to 4 octets"));
    }
    let sign = if b[0] & 0x80 != 0 { -1i32 } else { 0 };
    Ok(b.iter().fold(sign, |v, &x| (v << 8) | i32::from(x)))
}

/// An unsigned value of at most `max` octets, the longest only with a leading 00; decoded
/// unsigned even when the top bit is set without the 00 (as senders that forget it mean it).
#[inline]
fn unsigned(
    tlv: &Tlv<'_>,
    field: &'static Field,
    max: usize,
    want: &'static str,
) -> Result<u64, ParseError> {
    let b = tlv.bytes();
    if b.is_empty() || b.len() > max || (b.len() == max && b[0] != 0) {
        return Err(bad_size(field, tlv.start, b.len(), want));
    }
    Ok(b.iter().fold(0u64, |v, &x| (v << 8) | u64::from(x)))
}

/// Reads an INTEGER TLV (named `field`) from `r` as an Integer32.
#[inline]
pub(crate) fn read_int32(r: &mut Reader<'_>, field: &'static Field) -> Result<i32, ParseError> {
    let v = expect(r, tag::INTEGER, field)?;
    int32(&v, field)
}

/// An IpAddress's contents: exactly 4 octets (named `field` in the error).
#[inline]
pub(crate) fn ipv4(
    tlv: &Tlv<'_>,
    field: &'static Field,
) -> Result<core::net::Ipv4Addr, ParseError> {
    match <[u8; 4]>::try_from(tlv.bytes()) {
        Ok(a) => Ok(core::net::Ipv4Addr::from(a)),
        Err(_) => Err(ParseError::Invalid {
            field,
            offset: tlv.start,
            found: tlv.bytes().len() as u32,
            expected: Expected::Value(4),
        }),
    }
}

/// Counter32, Gauge32, TimeTicks, UInteger32: up to 5 octets with a leading 00.
#[inline]
pub(crate) fn unsigned32(tlv: &Tlv<'_>) -> Result<u32, ParseError> {
    unsigned(
        tlv,
        name::UNSIGNED32,
        5,
        "1 to 4 octets, or 5 with a leading 00",
    )
    .map(|v| v as u32)
}

/// Counter64: up to 9 octets with a leading 00.
#[inline]
pub(crate) fn counter64(tlv: &Tlv<'_>) -> Result<u64, ParseError> {
    unsigned(
        tlv,
        name::COUNTER64,
        9,
        "1 to 8 octets, or 9 with a leading 00",
    )
}

/// Fails unless the TLV is empty (NULL and the exceptions).
#[inline]
pub(crate) fn empty(tlv: &Tlv<'_>) -> Result<(), ParseError> {
    match tlv.bytes().len() {
        0 => Ok(()),
        n => Err(bad_size(name::NULL, tlv.start, n, "0 octets")),
    }
}

/// Octets of the length field for `n` content octets (minimal form).
#[inline]
pub(crate) const fn len_of_len(n: usize) -> usize {
    if n < 0x80 {
        1
    } else {
        1 + (usize::BITS - n.leading_zeros()).div_ceil(8) as usize
    }
}

/// Octets of a whole TLV with `n` content octets.
#[inline]
pub(crate) const fn tlv_len(n: usize) -> usize {
    1 + len_of_len(n) + n
}

/// Writes a tag and the minimal length of `n` content octets.
#[inline]
pub(crate) fn header(w: &mut Writer<'_>, t: u8, n: usize) -> Result<(), BuildError> {
    w.u8(t)?;
    if n < 0x80 {
        return w.u8(n as u8);
    }
    let k = len_of_len(n) - 1;
    w.u8(0x80 | k as u8)?;
    let b = n.to_be_bytes();
    w.put(&b[b.len() - k..])
}

/// Content octets of a signed integer, minimal two's complement.
#[inline]
pub(crate) const fn int_len(v: i64) -> usize {
    // Bits needed beyond the sign: the redundant sign bits are all 0 or all 1.
    let redundant = if v < 0 {
        (!v).leading_zeros()
    } else {
        v.leading_zeros()
    };
    let bits = 65 - redundant as usize;
    bits.div_ceil(8)
}

/// Octets of an Integer32 TLV.
#[inline]
pub(crate) const fn int32_tlv_len(v: i32) -> usize {
    tlv_len(int_len(v as i64))
}

/// Writes an Integer32 TLV, minimal.
#[inline]
pub(crate) fn int32_tlv(w: &mut Writer<'_>, v: i32) -> Result<(), BuildError> {
    int(w, tag::INTEGER, i64::from(v))
}

/// Writes a signed integer TLV, minimal.
#[inline]
pub(crate) fn int(w: &mut Writer<'_>, t: u8, v: i64) -> Result<(), BuildError> {
    let n = int_len(v);
    header(w, t, n)?;
    let b = v.to_be_bytes();
    w.put(&b[8 - n..])
}

/// Content octets of an unsigned integer, minimal, with a 00 prefix when the top bit is set.
#[inline]
pub(crate) const fn uint_len(v: u64) -> usize {
    let bits = 64 - v.leading_zeros() as usize;
    // One more bit for the sign: 0x80 takes two octets (00 80), 0 takes one.
    (bits + 1).div_ceil(8)
}

/// Writes an unsigned integer TLV, minimal (Counter64 of 2^63: `46 09 00 80 00 ...`).
#[inline]
pub(crate) fn uint(w: &mut Writer<'_>, t: u8, v: u64) -> Result<(), BuildError> {
    let n = uint_len(v);
    header(w, t, n)?;
    let b = v.to_be_bytes();
    if n == 9 {
        w.u8(0)?;
        return w.put(&b);
    }
    w.put(&b[8 - n..])
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec;

    fn tlv(bytes: &[u8]) -> Result<Tlv<'_>, ParseError> {
        read(&mut Reader::new(bytes))
    }

    #[test]
    fn lengths_short_long_and_non_minimal() {
        let mut b = vec![0x04, 0x81, 0x80];
        b.extend_from_slice(&[7; 128]);
        assert_eq!(tlv(&b).unwrap().bytes().len(), 128);
        let mut b = vec![0x04, 0x82, 0x01, 0x00];
        b.extend_from_slice(&[7; 256]);
        assert_eq!(tlv(&b).unwrap().bytes().len(), 256);
        assert_eq!(tlv(&[0x02, 0x82, 0x00, 0x01, 0x05]).unwrap().bytes(), &[5]);
    }

    #[test]
    fn indefinite_reserved_and_oversized_lengths_are_errors() {
        for (bytes, found) in [
            (&[0x30u8, 0x80, 0, 0][..], 0x80u32),
            (&[0x30, 0xff, 0, 0], 0xff),
            (&[0x30, 0x85, 0, 0, 0, 0, 1, 0], 0x85),
        ] {
            assert!(
                matches!(tlv(bytes), Err(ParseError::Invalid { field, offset: 1, found: f, .. }) if field == name::LENGTH && f == found),
                "{bytes:02x?}"
            );
        }
        // A length beyond the bytes: BadLength at the TLV's start.
        assert_eq!(
            tlv(&[0x04, 0x05, 1, 2]).map(|t| t.tag),
            Err(ParseError::BadLength {
                field: name::LENGTH,
                offset: 0,
                declared: 7,
                available: 4
            })
        );
        assert!(matches!(
            tlv(&[0x1f, 0x01, 0]),
            Err(ParseError::Invalid { offset: 0, .. })
        ));
    }

    #[test]
    fn integers_known_answers() {
        let i = |b: &[u8]| {
            let mut v = vec![0x02, b.len() as u8];
            v.extend_from_slice(b);
            int32(&tlv(&v).unwrap(), name::INTEGER)
        };
        assert_eq!(i(&[0xff]), Ok(-1));
        assert_eq!(i(&[0xff, 0x00]), Ok(-256));
        assert_eq!(i(&[0x80, 0, 0, 0]), Ok(i32::MIN));
        assert_eq!(i(&[0x7f, 0xff, 0xff, 0xff]), Ok(i32::MAX));
        assert!(i(&[]).is_err());
        assert!(i(&[0, 0x80, 0, 0, 0]).is_err());
        let c = |b: &[u8]| {
            let mut v = vec![0x46, b.len() as u8];
            v.extend_from_slice(b);
            counter64(&tlv(&v).unwrap())
        };
        assert_eq!(c(&[0, 0x80, 0, 0, 0, 0, 0, 0, 0]), Ok(1 << 63));
        assert_eq!(
            c(&[0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            Ok(u64::MAX)
        );
        assert_eq!(
            c(&[0x80, 0, 0, 0, 0, 0, 0, 0]),
            Ok(1 << 63),
            "no leading 00: unsigned"
        );
        assert!(c(&[1, 0, 0, 0, 0, 0, 0, 0, 0]).is_err());
    }

    #[test]
    fn minimal_encodings() {
        for (v, n) in [
            (0i64, 1),
            (127, 1),
            (128, 2),
            (-1, 1),
            (-128, 1),
            (-129, 2),
            (-256, 2),
            (i64::from(i32::MIN), 4),
        ] {
            assert_eq!(int_len(v), n, "{v}");
        }
        for (v, n) in [
            (0u64, 1),
            (0x7f, 1),
            (0x80, 2),
            (0xffff_ffff, 5),
            (1 << 63, 9),
        ] {
            assert_eq!(uint_len(v), n, "{v}");
        }
        let mut b = [0u8; 16];
        let mut w = Writer::new(&mut b);
        uint(&mut w, tag::COUNTER64, 1 << 63).unwrap();
        assert_eq!(w.written(), &[0x46, 9, 0, 0x80, 0, 0, 0, 0, 0, 0, 0]);
    }
}
