//! Parse and build errors: small, `Copy`, heap-free, with offsets.

/// Why a message (or a quoted datagram, or an extension) did not parse. Offsets count from the
/// first byte of the ICMP message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Fewer bytes than the structure at `offset` needs.
    #[error("{what} at offset {offset} truncated: need {needed} bytes, {available} available")]
    Truncated {
        /// Which structure.
        what: &'static str,
        /// Where it starts.
        offset: usize,
        /// Bytes it needs from there.
        needed: usize,
        /// Bytes left from there.
        available: usize,
    },
    /// A field holds a value the structure cannot have.
    #[error("{field} at offset {offset} is {found}, expected {expected}")]
    Invalid {
        /// Which field.
        field: &'static str,
        /// Where it is.
        offset: usize,
        /// The value found.
        found: u32,
        /// What was expected, in words.
        expected: &'static str,
    },
    /// The ICMP checksum is wrong.
    #[error("bad checksum: stored {stored:#06x}, computed {computed:#06x}")]
    BadChecksum {
        /// Checksum field as received.
        stored: u16,
        /// Checksum the message should carry.
        computed: u16,
    },
}

/// Why a message could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The output buffer is too small.
    #[error("buffer too small: need {needed} bytes, have {available}")]
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        available: usize,
    },
    /// A field's value cannot be encoded.
    #[error("{field} cannot be {value}")]
    InvalidField {
        /// Which field.
        field: &'static str,
        /// The offending value.
        value: usize,
    },
}

pub(crate) fn out(buf: &mut [u8], len: usize) -> Result<&mut [u8], BuildError> {
    let available = buf.len();
    buf.get_mut(..len).ok_or(BuildError::BufferTooSmall {
        needed: len,
        available,
    })
}
