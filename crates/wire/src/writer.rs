//! A writer into `&mut [u8]` that reserves length fields and patches them once the value they
//! size is written (TLVs, AVPs, BER lengths). Every write is checked; running out of room is
//! `BufferTooSmall { needed, available }`, never a panic.

use crate::error::{BuildError, Field};

/// A writer over a caller's buffer. [`Writer::len`] is what a builder returns.
#[derive(Debug)]
pub struct Writer<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

/// A reserved length field, to be patched by [`Writer::end`], [`Writer::end_with`] or
/// [`Writer::end_ber`]. Dropping it leaves zeros in the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "a reserved length field must be patched with Writer::end"]
pub struct Len {
    at: usize,
    width: u8,
    from: usize,
    field: &'static Field,
}

impl Len {
    /// Where the length field is in the buffer.
    pub const fn at(&self) -> usize {
        self.at
    }
}

impl<'b> Writer<'b> {
    /// A writer at the start of `buf`.
    #[inline]
    pub fn new(buf: &'b mut [u8]) -> Self {
        Writer { buf, pos: 0 }
    }

    /// Bytes written so far.
    #[inline]
    pub const fn len(&self) -> usize {
        self.pos
    }

    /// Nothing written yet.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.pos == 0
    }

    /// The bytes written so far.
    #[inline]
    pub fn written(&self) -> &[u8] {
        &self.buf[..self.pos]
    }

    /// The bytes written so far, mutable (to fill a checksum last).
    #[inline]
    pub fn written_mut(&mut self) -> &mut [u8] {
        &mut self.buf[..self.pos]
    }

    /// Fail now unless `n` more bytes fit (check the space once, then write).
    #[inline]
    pub fn ensure(&self, n: usize) -> Result<(), BuildError> {
        let needed = self.pos.saturating_add(n);
        if needed > self.buf.len() {
            return Err(BuildError::BufferTooSmall {
                needed,
                available: self.buf.len(),
            });
        }
        Ok(())
    }

    /// The next `n` bytes of the buffer, counted as written (their content is the caller's).
    #[inline]
    pub fn space(&mut self, n: usize) -> Result<&mut [u8], BuildError> {
        self.ensure(n)?;
        let s = &mut self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// Write `bytes`.
    #[inline]
    pub fn put(&mut self, bytes: &[u8]) -> Result<(), BuildError> {
        self.space(bytes.len())?.copy_from_slice(bytes);
        Ok(())
    }

    /// Write `n` zero bytes (reserved fields and padding: buffers are reused).
    #[inline]
    pub fn zeros(&mut self, n: usize) -> Result<(), BuildError> {
        self.space(n)?.fill(0);
        Ok(())
    }

    /// Write one byte.
    #[inline]
    pub fn u8(&mut self, v: u8) -> Result<(), BuildError> {
        self.put(&[v])
    }

    /// Write a big-endian `u16`.
    #[inline]
    pub fn u16(&mut self, v: u16) -> Result<(), BuildError> {
        self.put(&v.to_be_bytes())
    }

    /// Write a big-endian `u32`.
    #[inline]
    pub fn u32(&mut self, v: u32) -> Result<(), BuildError> {
        self.put(&v.to_be_bytes())
    }

    /// Write a big-endian `u64`.
    #[inline]
    pub fn u64(&mut self, v: u64) -> Result<(), BuildError> {
        self.put(&v.to_be_bytes())
    }

    fn reserve(
        &mut self,
        width: u8,
        from: usize,
        field: &'static Field,
    ) -> Result<Len, BuildError> {
        let at = self.pos;
        self.zeros(usize::from(width))?;
        Ok(Len {
            at,
            width,
            from,
            field,
        })
    }

    /// Reserve a one-byte length counting the bytes written after it.
    #[inline]
    pub fn len_u8(&mut self, field: &'static Field) -> Result<Len, BuildError> {
        let from = self.pos + 1;
        self.reserve(1, from, field)
    }

    /// Reserve a big-endian two-byte length counting the bytes written after it.
    #[inline]
    pub fn len_u16(&mut self, field: &'static Field) -> Result<Len, BuildError> {
        let from = self.pos + 2;
        self.reserve(2, from, field)
    }

    /// Reserve a length field of `width` bytes (1, 2 or 4) counting the bytes written from
    /// position `from` (e.g. the start of a TLV whose length includes its own header).
    #[inline]
    pub fn len_from(
        &mut self,
        width: u8,
        from: usize,
        field: &'static Field,
    ) -> Result<Len, BuildError> {
        let width = match width {
            1 | 2 | 4 => width,
            _ => {
                return Err(BuildError::InvalidField {
                    field,
                    value: usize::from(width),
                })
            }
        };
        self.reserve(width, from.min(self.pos), field)
    }

    /// Patch `len` with the bytes written since its start; returns that count.
    #[inline]
    pub fn end(&mut self, len: Len) -> Result<usize, BuildError> {
        self.end_with(len, |n| Some(n as u64))
    }

    /// Patch `len` with `encode(count)` (e.g. flag bits or-ed with a 10-bit length); `None`, or a
    /// value wider than the field, is `InvalidField` naming the count.
    pub fn end_with(
        &mut self,
        len: Len,
        encode: impl FnOnce(usize) -> Option<u64>,
    ) -> Result<usize, BuildError> {
        let n = self.pos - len.from;
        let bad = BuildError::InvalidField {
            field: len.field,
            value: n,
        };
        let v = encode(n).ok_or(bad)?;
        let w = usize::from(len.width);
        if w < 8 && v >> (8 * w) != 0 {
            return Err(bad);
        }
        let bytes = v.to_be_bytes();
        self.buf[len.at..len.at + w].copy_from_slice(&bytes[8 - w..]);
        Ok(n)
    }

    /// Reserve a BER/DER definite length (X.690 §8.1.3) for the contents that follow.
    #[inline]
    pub fn ber_len(&mut self, field: &'static Field) -> Result<Len, BuildError> {
        self.len_u8(field)
    }

    /// Patch a BER length reserved by [`Writer::ber_len`] in its minimal form: short form below
    /// 128, else `0x80 | k` and `k` big-endian bytes, the contents moved up to make room.
    pub fn end_ber(&mut self, len: Len) -> Result<usize, BuildError> {
        let n = self.pos - len.from;
        if n < 0x80 {
            self.buf[len.at] = n as u8;
            return Ok(n);
        }
        let k = (usize::BITS - n.leading_zeros()).div_ceil(8) as usize;
        self.ensure(k)?;
        self.buf.copy_within(len.from..self.pos, len.from + k);
        self.buf[len.at] = 0x80 | k as u8;
        let bytes = n.to_be_bytes();
        self.buf[len.at + 1..len.at + 1 + k].copy_from_slice(&bytes[bytes.len() - k..]);
        self.pos += k;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: &Field = &Field::new("test", "length");

    #[test]
    fn patches_tlv_lengths() {
        let mut b = [0xffu8; 16];
        let mut w = Writer::new(&mut b);
        w.u8(7).unwrap();
        let l = w.len_u8(L).unwrap();
        w.u16(0x0102).unwrap();
        w.u8(3).unwrap();
        assert_eq!(w.end(l), Ok(3));
        // A length that counts its TLV's header (type + length) too.
        let start = w.len();
        w.u8(9).unwrap();
        let l = w.len_from(2, start, L).unwrap();
        w.zeros(2).unwrap();
        assert_eq!(w.end(l), Ok(5));
        assert_eq!(w.len(), 10);
        assert_eq!(w.written(), &[7, 3, 1, 2, 3, 9, 0, 5, 0, 0]);
    }

    #[test]
    fn too_small_says_needed_and_available() {
        let mut b = [0u8; 3];
        let mut w = Writer::new(&mut b);
        w.u16(1).unwrap();
        assert_eq!(
            w.u32(5),
            Err(BuildError::BufferTooSmall {
                needed: 6,
                available: 3
            })
        );
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn length_wider_than_field_is_invalid() {
        let mut b = [0u8; 300];
        let mut w = Writer::new(&mut b);
        let l = w.len_u8(L).unwrap();
        w.zeros(256).unwrap();
        assert_eq!(
            w.end(l),
            Err(BuildError::InvalidField {
                field: L,
                value: 256
            })
        );
        let mut w = Writer::new(&mut b);
        let l = w.len_u16(L).unwrap();
        w.zeros(4).unwrap();
        assert_eq!(w.end_with(l, |n| Some(0xfc00 | n as u64)), Ok(4));
        assert_eq!(&b[..2], &[0xfc, 0x04]);
    }

    #[test]
    fn ber_lengths_are_minimal() {
        for (n, head) in [
            (0usize, &[0x00][..]),
            (127, &[0x7f]),
            (128, &[0x81, 0x80]),
            (255, &[0x81, 0xff]),
            (256, &[0x82, 0x01, 0x00]),
            (1000, &[0x82, 0x03, 0xe8]),
        ] {
            let mut b = [0u8; 1100];
            let mut w = Writer::new(&mut b);
            w.u8(0x04).unwrap();
            let l = w.ber_len(L).unwrap();
            for i in 0..n {
                w.u8(i as u8).unwrap();
            }
            assert_eq!(w.end_ber(l), Ok(n));
            let len = w.len();
            assert_eq!(len, 1 + head.len() + n);
            assert_eq!(&b[1..1 + head.len()], head, "length {n}");
            let body = &b[1 + head.len()..len];
            assert!(body.iter().enumerate().all(|(i, &v)| v == i as u8));
        }
    }

    #[test]
    fn ber_length_needs_room_to_grow() {
        let mut b = [0u8; 130];
        let mut w = Writer::new(&mut b);
        let l = w.ber_len(L).unwrap();
        w.zeros(129).unwrap();
        assert_eq!(
            w.end_ber(l),
            Err(BuildError::BufferTooSmall {
                needed: 131,
                available: 130
            })
        );
    }
}
