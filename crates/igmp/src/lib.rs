#![doc = include_str!("../README.md")]
//!
//! # Panics
//!
//! No function in this crate panics, on any input: every length is checked against the bytes
//! present before it is used, and every loop consumes input.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "std")]
extern crate std;

mod code;
mod error;
mod message;
mod older;
mod records;

pub use code::{decode_code, encode_code, MAX_CODE_VALUE};
pub use error::{BuildError, ParseError};
pub use message::{
    checksum_valid, compute_checksum, field, rewrite_group, Message, MessageType, QueryV3,
};
pub use older::{KindV1V2, MessageV1V2};
pub use records::{
    GroupRecord, RecordIter, RecordReader, RecordType, Records, ReportV3, ReportV3Writer, Sources,
};
