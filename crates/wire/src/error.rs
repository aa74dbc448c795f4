//! The one error shape of every pdukit protocol crate: small, `Copy`, heap-free, and saying what
//! (protocol and field), where (offset from the first byte of the message the caller passed) and
//! why (expected vs found, or needed vs available).

use core::fmt;

/// What an error is about: the protocol and the field (or structure) within it.
///
/// Each protocol crate names its fields once, as `&'static Field` constants in its `field`
/// module; errors hold the reference, so they stay small enough to return in registers' reach.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Field {
    /// The protocol, as a short lowercase name (`"igmp"`, `"lacp"`, ...).
    pub protocol: &'static str,
    /// The field or structure, in words (`"group record"`, `"Actor TLV length"`).
    pub name: &'static str,
}

impl Field {
    /// A field of `protocol` named `name`.
    pub const fn new(protocol: &'static str, name: &'static str) -> Self {
        Field { protocol, name }
    }
}

impl fmt::Debug for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.protocol, self.name)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.protocol, self.name)
    }
}

/// What a field should have held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expected {
    /// Exactly this value.
    Value(u32),
    /// A value described in words (`"a multiple of 4"`, `"0x45..=0x4f"`).
    Text(&'static str),
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Value(v) => write!(f, "{v}"),
            Expected::Text(t) => f.write_str(t),
        }
    }
}

/// Why bytes did not parse. Offsets count from the first byte of the slice given to the parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Fewer bytes than the structure at `offset` needs.
    #[error("{field} at offset {offset} truncated: need {needed} bytes, {available} available")]
    Truncated {
        /// Which structure.
        field: &'static Field,
        /// Where it starts.
        offset: usize,
        /// Bytes it needs from there.
        needed: usize,
        /// Bytes present from there.
        available: usize,
    },
    /// A length or count field declares more (or fewer) bytes than can be.
    #[error("{field} at offset {offset} declares {declared} bytes, {available} available")]
    BadLength {
        /// Which length field.
        field: &'static Field,
        /// Where the structure the field sizes starts.
        offset: usize,
        /// Bytes the field implies.
        declared: usize,
        /// Bytes present from `offset`.
        available: usize,
    },
    /// A field holds a value the structure cannot have.
    #[error("{field} at offset {offset} is {found}, expected {expected}")]
    Invalid {
        /// Which field.
        field: &'static Field,
        /// Where it is.
        offset: usize,
        /// The value found.
        found: u32,
        /// What was expected.
        expected: Expected,
    },
    /// A checksum does not match the bytes it covers.
    #[error("{field} at offset {offset} is bad: stored {stored:#06x}, computed {computed:#06x}")]
    BadChecksum {
        /// Which checksum.
        field: &'static Field,
        /// Where the checksum field is.
        offset: usize,
        /// As received.
        stored: u16,
        /// What the bytes call for.
        computed: u16,
    },
}

impl ParseError {
    /// The field the error is about.
    pub const fn field(&self) -> &'static Field {
        match *self {
            ParseError::Truncated { field, .. }
            | ParseError::BadLength { field, .. }
            | ParseError::Invalid { field, .. }
            | ParseError::BadChecksum { field, .. } => field,
        }
    }

    /// Where the error is, from the first byte of the parsed slice.
    pub const fn offset(&self) -> usize {
        match *self {
            ParseError::Truncated { offset, .. }
            | ParseError::BadLength { offset, .. }
            | ParseError::Invalid { offset, .. }
            | ParseError::BadChecksum { offset, .. } => offset,
        }
    }

    /// The same error with its offset moved by `base` (a structure parsed on its own, then
    /// reported as part of the message that holds it at `base`).
    #[must_use]
    pub const fn shifted(self, base: usize) -> Self {
        match self {
            ParseError::Truncated {
                field,
                offset,
                needed,
                available,
            } => ParseError::Truncated {
                field,
                offset: offset + base,
                needed,
                available,
            },
            ParseError::BadLength {
                field,
                offset,
                declared,
                available,
            } => ParseError::BadLength {
                field,
                offset: offset + base,
                declared,
                available,
            },
            ParseError::Invalid {
                field,
                offset,
                found,
                expected,
            } => ParseError::Invalid {
                field,
                offset: offset + base,
                found,
                expected,
            },
            ParseError::BadChecksum {
                field,
                offset,
                stored,
                computed,
            } => ParseError::BadChecksum {
                field,
                offset: offset + base,
                stored,
                computed,
            },
        }
    }
}

/// Why a message could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
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
    /// A value does not fit its field on the wire.
    #[error("{field} cannot be {value}")]
    InvalidField {
        /// Which field.
        field: &'static Field,
        /// The value asked for.
        value: usize,
    },
}

/// `buf[..len]`, or `BufferTooSmall` naming both lengths.
#[inline]
pub fn out(buf: &mut [u8], len: usize) -> Result<&mut [u8], BuildError> {
    let available = buf.len();
    buf.get_mut(..len).ok_or(BuildError::BufferTooSmall {
        needed: len,
        available,
    })
}
