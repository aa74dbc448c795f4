//! A bounds-checked cursor over a message that knows its absolute offset, so every error names
//! where in the caller's slice it happened, including inside nested length-delimited structures.

use crate::error::{Field, ParseError};

/// A cursor over borrowed bytes. Reads are big-endian, checked, and never panic; a failed read
/// leaves the cursor where it was and reports `Truncated` at the absolute offset of the read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader over a whole message (offsets count from `data[0]`).
    #[inline]
    pub const fn new(data: &'a [u8]) -> Self {
        Reader {
            data,
            pos: 0,
            base: 0,
        }
    }

    /// A reader over `data` which sits at absolute offset `base` in the message.
    #[inline]
    pub const fn at(data: &'a [u8], base: usize) -> Self {
        Reader { data, pos: 0, base }
    }

    /// Absolute offset of the next byte.
    #[inline]
    pub const fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Bytes not yet read.
    #[inline]
    pub const fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// No bytes left.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The bytes not yet read, without consuming them.
    #[inline]
    pub fn peek_rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    /// The bytes not yet read; the reader is then empty.
    #[inline]
    pub fn rest(&mut self) -> &'a [u8] {
        let r = self.peek_rest();
        self.pos = self.data.len();
        r
    }

    /// The error a read of `needed` bytes of `field` here would give.
    #[inline]
    pub const fn truncated(&self, field: &'static Field, needed: usize) -> ParseError {
        ParseError::Truncated {
            field,
            offset: self.offset(),
            needed,
            available: self.remaining(),
        }
    }

    /// The next `n` bytes.
    #[inline]
    pub fn take(&mut self, n: usize, field: &'static Field) -> Result<&'a [u8], ParseError> {
        match self.data.get(self.pos..).and_then(|r| r.get(..n)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(self.truncated(field, n)),
        }
    }

    /// The next `N` bytes as an array reference.
    #[inline]
    pub fn array<const N: usize>(
        &mut self,
        field: &'static Field,
    ) -> Result<&'a [u8; N], ParseError> {
        match self.data.get(self.pos..).and_then(|r| r.first_chunk::<N>()) {
            Some(s) => {
                self.pos += N;
                Ok(s)
            }
            None => Err(self.truncated(field, N)),
        }
    }

    /// Skip `n` bytes.
    #[inline]
    pub fn skip(&mut self, n: usize, field: &'static Field) -> Result<(), ParseError> {
        self.take(n, field).map(|_| ())
    }

    /// One byte.
    #[inline]
    pub fn u8(&mut self, field: &'static Field) -> Result<u8, ParseError> {
        self.array::<1>(field).map(|b| b[0])
    }

    /// A big-endian `u16`.
    #[inline]
    pub fn u16(&mut self, field: &'static Field) -> Result<u16, ParseError> {
        self.array(field).map(|b| u16::from_be_bytes(*b))
    }

    /// A big-endian `u32`.
    #[inline]
    pub fn u32(&mut self, field: &'static Field) -> Result<u32, ParseError> {
        self.array(field).map(|b| u32::from_be_bytes(*b))
    }

    /// A big-endian `u64`.
    #[inline]
    pub fn u64(&mut self, field: &'static Field) -> Result<u64, ParseError> {
        self.array(field).map(|b| u64::from_be_bytes(*b))
    }

    /// A sub-reader over the next `len` bytes, as declared by a length field that sizes a
    /// structure starting at absolute offset `start` (at or before the current position).
    /// If fewer bytes are left, the error is `BadLength` naming `field`, the structure's start,
    /// the bytes the field implies from there and the bytes present from there.
    #[inline]
    pub fn sub(
        &mut self,
        len: usize,
        field: &'static Field,
        start: usize,
    ) -> Result<Reader<'a>, ParseError> {
        let base = self.offset();
        match self.data.get(self.pos..).and_then(|r| r.get(..len)) {
            Some(s) => {
                self.pos += len;
                Ok(Reader::at(s, base))
            }
            None => {
                let before = base.saturating_sub(start);
                Err(ParseError::BadLength {
                    field,
                    offset: start,
                    declared: before.saturating_add(len),
                    available: before + self.remaining(),
                })
            }
        }
    }
}

/// A big-endian `u16` at `at`, if the slice holds it.
#[inline]
pub fn be_u16(d: &[u8], at: usize) -> Option<u16> {
    d.get(at..)?.first_chunk().map(|b| u16::from_be_bytes(*b))
}

/// A big-endian `u32` at `at`, if the slice holds it.
#[inline]
pub fn be_u32(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..)?.first_chunk().map(|b| u32::from_be_bytes(*b))
}

/// A big-endian `u16` at `at` of bytes whose length the caller has checked (typically a
/// fixed-size header array read at a constant offset, which the compiler proves in bounds and
/// compiles to one load); 0 if it is not there, never a panic.
#[inline(always)]
pub fn get_u16(d: &[u8], at: usize) -> u16 {
    match d.get(at..at.saturating_add(2)) {
        Some(&[a, b]) => u16::from_be_bytes([a, b]),
        _ => 0,
    }
}

/// A big-endian `u32`, as [`get_u16`].
#[inline(always)]
pub fn get_u32(d: &[u8], at: usize) -> u32 {
    match d.get(at..at.saturating_add(4)) {
        Some(&[a, b, c, e]) => u32::from_be_bytes([a, b, c, e]),
        _ => 0,
    }
}

/// The big-endian `u16` of field `f` (a `field` range constant of two bytes) of bytes whose
/// length the caller has checked: one load for a fixed-size header. 0 when the bytes are not
/// there (or `f` is not two bytes long), never a panic. The one way a pdukit crate reads a field.
#[inline(always)]
pub fn u16_at(d: &[u8], f: core::ops::Range<usize>) -> u16 {
    match d.get(f) {
        Some(&[a, b]) => u16::from_be_bytes([a, b]),
        _ => 0,
    }
}

/// The big-endian `u32` of field `f` (four bytes), as [`u16_at`].
#[inline(always)]
pub fn u32_at(d: &[u8], f: core::ops::Range<usize>) -> u32 {
    match d.get(f) {
        Some(&[a, b, c, e]) => u32::from_be_bytes([a, b, c, e]),
        _ => 0,
    }
}

/// The big-endian 24-bit value of field `f` (three bytes: a VXLAN or Geneve VNI), as
/// [`u16_at`].
#[inline(always)]
pub fn u24_at(d: &[u8], f: core::ops::Range<usize>) -> u32 {
    match d.get(f) {
        Some(&[a, b, c]) => u32::from_be_bytes([0, a, b, c]),
        _ => 0,
    }
}

/// The `N` bytes of field `f` (a MAC, an IPv4 address, an opaque word), as [`u16_at`]: zeros
/// when they are not there or `f` is not `N` bytes long.
#[inline(always)]
pub fn array_at<const N: usize>(d: &[u8], f: core::ops::Range<usize>) -> [u8; N] {
    d.get(f)
        .and_then(|s| <[u8; N]>::try_from(s).ok())
        .unwrap_or([0; N])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_reads_take_the_whole_range_and_never_panic() {
        let d = [0x12, 0x34, 0x56, 0x78, 0x9a];
        assert_eq!(u16_at(&d, 1..3), 0x3456);
        assert_eq!(u32_at(&d, 1..5), 0x3456_789a);
        assert_eq!(array_at::<3>(&d, 2..5), [0x56, 0x78, 0x9a]);
        assert_eq!(u24_at(&d, 2..5), 0x56_789a);
        assert_eq!(u24_at(&d, 2..6), 0);
        // Past the end, or a range of the wrong length: zero, no panic.
        assert_eq!(u16_at(&d, 4..6), 0);
        assert_eq!(u16_at(&d, 0..3), 0);
        assert_eq!(u32_at(&d, 3..7), 0);
        assert_eq!(array_at::<4>(&d, 2..5), [0; 4]);
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 3..1;
        assert_eq!(u16_at(&d, backwards), 0);
    }

    const F: &Field = &Field::new("test", "thing");
    const L: &Field = &Field::new("test", "length");

    #[test]
    fn reads_big_endian_and_counts_offsets() {
        let d = [1, 0, 2, 0, 0, 0, 3, 9, 9, 9, 9, 9, 9, 9, 4];
        let mut r = Reader::new(&d);
        assert_eq!(r.u8(F), Ok(1));
        assert_eq!(r.u16(F), Ok(2));
        assert_eq!(r.u32(F), Ok(3));
        assert_eq!(r.offset(), 7);
        assert_eq!(r.u64(F), Ok(0x0909_0909_0909_0904));
        assert!(r.is_empty());
        assert_eq!(
            r.u8(F),
            Err(ParseError::Truncated {
                field: F,
                offset: 15,
                needed: 1,
                available: 0
            })
        );
    }

    #[test]
    fn failed_read_does_not_move() {
        let d = [1, 2, 3];
        let mut r = Reader::new(&d);
        assert!(r.u32(F).is_err());
        assert_eq!(r.offset(), 0);
        assert_eq!(r.take(3, F), Ok(&d[..]));
    }

    #[test]
    fn sub_reader_errors_name_absolute_offsets() {
        // A TLV at offset 2: type, length 4, four bytes of value (two u16).
        let d = [0xaa, 0xbb, 7, 4, 0, 1, 0];
        let mut r = Reader::new(&d);
        r.skip(2, F).unwrap();
        let start = r.offset();
        let _t = r.u8(F).unwrap();
        let len = r.u8(L).unwrap() as usize;
        // Declared 4 value bytes, 3 present: BadLength at the TLV's start, counted from there.
        assert_eq!(
            r.sub(len, L, start),
            Err(ParseError::BadLength {
                field: L,
                offset: 2,
                declared: 6,
                available: 5
            })
        );
        let mut v = r.sub(3, L, start).unwrap();
        assert_eq!(v.u16(F), Ok(1));
        assert_eq!(
            v.u16(F),
            Err(ParseError::Truncated {
                field: F,
                offset: 6,
                needed: 2,
                available: 1
            })
        );
    }

    #[test]
    fn free_readers() {
        assert_eq!(be_u16(&[1, 2, 3], 1), Some(0x0203));
        assert_eq!(be_u16(&[1, 2, 3], 2), None);
        assert_eq!(be_u32(&[1, 2, 3, 4], 0), Some(0x0102_0304));
        assert_eq!(be_u32(&[1, 2, 3, 4], 9), None);
        assert_eq!(get_u16(&[1, 2, 3], 1), 0x0203);
        assert_eq!(get_u16(&[1, 2, 3], 2), 0);
        assert_eq!(get_u32(&[1, 2, 3, 4], 0), 0x0102_0304);
        assert_eq!(get_u32(&[1, 2, 3], 0), 0);
    }
}
