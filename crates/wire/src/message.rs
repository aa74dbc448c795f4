//! The two traits every protocol message implements: one way to parse, one way to build.

use crate::error::{BuildError, ParseError};

/// A message with one public parse over a borrowed slice (the whole slice is the message).
pub trait Parse<'a>: Sized {
    /// Parse `data` strictly: every rule the RFC makes checkable, in the crate's documented
    /// error order.
    fn parse(data: &'a [u8]) -> Result<Self, ParseError>;
}

/// A message that can be written into a caller's buffer.
pub trait Emit {
    /// Bytes [`Emit::emit`] writes.
    fn buffer_len(&self) -> usize;
    /// Write the message into `buf`; returns the length written.
    fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError>;
}
