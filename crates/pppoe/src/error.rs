//! Parse and build errors: small, `Copy`, heap-free, with offsets (from the PPPoE header's
//! first byte, i.e. the byte after the EtherType).

/// Why a PDU did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Fewer bytes than the structure needs.
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
    /// A fixed field holds the wrong value (version, type).
    #[error("{field} at offset {offset} is {found}, expected {expected}")]
    Invalid {
        /// Which field.
        field: &'static str,
        /// Where it is.
        offset: usize,
        /// The value found.
        found: u8,
        /// The value required.
        expected: u8,
    },
    /// A length field claims more bytes than are present.
    #[error("{field} at offset {offset} is {declared}, {available} bytes left")]
    BadLength {
        /// Which field.
        field: &'static str,
        /// Where it is.
        offset: usize,
        /// The length declared.
        declared: usize,
        /// Bytes present from the structure's start.
        available: usize,
    },
}

/// Why a PDU could not be built.
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
    /// A value cannot be encoded.
    #[error("{field} cannot be {value}")]
    InvalidField {
        /// Which field.
        field: &'static str,
        /// The offending value (or offset).
        value: usize,
    },
}
