//! Parse and build errors: small, `Copy`, heap-free, with offsets.

/// Why a message did not parse. Offsets count from the first byte of the IGMP message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Fewer bytes than the structure at `offset` needs.
    #[error("truncated at offset {offset}: need {needed} bytes, {available} available")]
    Truncated {
        /// Where the structure starts.
        offset: usize,
        /// Bytes it needs from there.
        needed: usize,
        /// Bytes left from there.
        available: usize,
    },
    /// A count or length field claims more than the message holds.
    #[error("{field} at offset {offset} declares {declared} bytes, {available} available")]
    BadLength {
        /// Which field.
        field: &'static str,
        /// Where the structure the field sizes starts.
        offset: usize,
        /// Bytes the field implies.
        declared: usize,
        /// Bytes left from `offset`.
        available: usize,
    },
    /// The checksum over the whole message is wrong.
    #[error("bad checksum: stored {stored:#06x}, computed {computed:#06x}")]
    BadChecksum {
        /// Checksum field as received.
        stored: u16,
        /// Checksum the message should carry.
        computed: u16,
    },
    /// A query of 9 to 11 bytes, which RFC 3376 §7.1 says MUST be ignored.
    #[error("query of {length} bytes: RFC 3376 7.1 says queries of 9-11 bytes MUST be ignored")]
    IgnoredQueryLength {
        /// The message length.
        length: usize,
    },
}

/// Why a message could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The output buffer is too small.
    #[error("buffer too small: need {needed} bytes, {available} available")]
    BufferTooSmall {
        /// Bytes the message needs.
        needed: usize,
        /// Bytes in the buffer.
        available: usize,
    },
    /// A count does not fit its 16-bit field, or aux data is not a multiple of 4 bytes / too long.
    #[error("{field} = {value} does not fit the wire format")]
    InvalidField {
        /// Which field.
        field: &'static str,
        /// The value asked for.
        value: usize,
    },
}
