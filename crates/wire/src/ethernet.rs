//! The Ethernet II header, for the protocols that travel straight over Ethernet (LACP, PPPoE)
//! and for tools that frame what they build.

use crate::error::{out, BuildError};

/// Length of an Ethernet II header without VLAN tags.
pub const HEADER_LEN: usize = 14;

/// Write an Ethernet II header (`dst`, `src`, `ethertype`) into `buf[..14]`; returns 14.
pub fn write_header(
    buf: &mut [u8],
    dst: [u8; 6],
    src: [u8; 6],
    ethertype: u16,
) -> Result<usize, BuildError> {
    let b = out(buf, HEADER_LEN)?;
    b[..6].copy_from_slice(&dst);
    b[6..12].copy_from_slice(&src);
    b[12..14].copy_from_slice(&ethertype.to_be_bytes());
    Ok(HEADER_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_fourteen_bytes() {
        let mut b = [0xffu8; 20];
        assert_eq!(write_header(&mut b, [1; 6], [2; 6], 0x8863), Ok(14));
        assert_eq!(&b[..14], &[1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 0x88, 0x63]);
        assert_eq!(b[14], 0xff);
        assert_eq!(
            write_header(&mut b[..13], [1; 6], [2; 6], 0x8863),
            Err(BuildError::BufferTooSmall {
                needed: 14,
                available: 13
            })
        );
    }
}
