//! Building straight into a [`bytes::BytesMut`] (a tokio codec's buffer, say), with the same
//! checks and length patching as the slice API: the message is written in place at the end of
//! the buffer, never through a scratch copy.
//!
//! A general [`bytes::BufMut`] cannot be written backwards, so a length field could not be
//! patched after its value; `BytesMut` can, and it is what codecs hand out.

use bytes::BytesMut;

use crate::error::BuildError;
use crate::message::Emit;
use crate::writer::Writer;

/// Append `msg` to `dst`; returns the bytes appended. On error `dst` is left as it was.
pub fn put<M: Emit + ?Sized>(dst: &mut BytesMut, msg: &M) -> Result<usize, BuildError> {
    let len = msg.buffer_len();
    let start = dst.len();
    dst.resize(start + len, 0);
    match msg.emit(&mut dst[start..]) {
        Ok(n) => {
            dst.truncate(start + n);
            Ok(n)
        }
        Err(e) => {
            dst.truncate(start);
            Err(e)
        }
    }
}

/// Append what `build` writes through a [`Writer`] (reserving and patching lengths as it goes),
/// with at most `max_len` bytes; returns the bytes appended. On error `dst` is left as it was.
pub fn build(
    dst: &mut BytesMut,
    max_len: usize,
    build: impl FnOnce(&mut Writer<'_>) -> Result<(), BuildError>,
) -> Result<usize, BuildError> {
    let start = dst.len();
    dst.resize(start + max_len, 0);
    let mut w = Writer::new(&mut dst[start..]);
    let r = build(&mut w).map(|()| w.len());
    dst.truncate(start + *r.as_ref().unwrap_or(&0));
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Field;

    const L: &Field = &Field::new("test", "length");
    const B: &Field = &Field::new("test", "ber");

    struct Tlv(&'static [u8]);
    impl Emit for Tlv {
        fn buffer_len(&self) -> usize {
            2 + self.0.len()
        }
        fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
            let mut w = Writer::new(buf);
            w.u8(1)?;
            let l = w.len_u8(L)?;
            w.put(self.0)?;
            w.end(l)?;
            Ok(w.len())
        }
    }

    #[test]
    fn appends_with_patched_lengths() {
        let mut dst = BytesMut::from(&b"hd"[..]);
        assert_eq!(put(&mut dst, &Tlv(b"abc")), Ok(5));
        assert_eq!(&dst[..], b"hd\x01\x03abc");
        let n = build(&mut dst, 64, |w| {
            let l = w.ber_len(B)?;
            w.zeros(200)?;
            w.end_ber(l).map(|_| ())
        });
        assert_eq!(
            n,
            Err(BuildError::BufferTooSmall {
                needed: 201,
                available: 64
            })
        );
        assert_eq!(&dst[..], b"hd\x01\x03abc");
        let n = build(&mut dst, 256, |w| {
            let l = w.ber_len(B)?;
            w.zeros(200)?;
            w.end_ber(l).map(|_| ())
        });
        assert_eq!(n, Ok(202));
        assert_eq!(&dst[7..10], &[0x81, 200, 0]);
        assert_eq!(dst.len(), 209);
    }
}
