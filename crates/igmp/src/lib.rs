#![doc = include_str!("../README.md")]
//!
//! # Module roles
//!
//! The shape every pdukit protocol crate shares (CONTRIBUTING.md): `field` (named offsets and
//! the fields errors name), `message` (the one parse, `parse_lax`, `buffer_len`, `emit`),
//! `records` (the one group-record decoder shared by the validating walk and the iterator, and
//! the report writer), `header` (message types, the checksum and the v3 report header both
//! write: a leaf, so `message` and `records` do not need each other's internals), `code` (the
//! RFC 3376 floating-point codes). IGMP has no policy layer
//! yet, so no `rules` module. Errors are [`pdukit_wire`]'s.
//!
//! # Lax
//!
//! [`Message::parse_lax`] is the one lax entry, with the meaning it has in every pdukit crate:
//! accept what real devices send that the RFC forbids (here: a wrong checksum) while never
//! reading out of bounds and never giving a wrong value.
//!
//! # Panics
//!
//! No function in this crate panics, on any input: every length is checked against the bytes
//! present before it is used, and every loop consumes input.
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod code;
pub mod field;
mod header;
mod message;
mod records;

pub use code::{decode_code, encode_code, MAX_CODE_VALUE};
pub use header::{compute_checksum, MessageType};
pub use message::{rewrite_group, Message, QueryV3};
pub use pdukit_wire::{BuildError, Expected, Field, ParseError};
pub use records::{GroupRecord, RecordIter, RecordType, Records, ReportV3Writer, Sources};

/// [`Message::parse`] as a nom parser (the message takes the whole input).
#[cfg(feature = "nom")]
pub fn nom_parser<'a, E>(input: &'a [u8]) -> nom::IResult<&'a [u8], Message<'a>, E>
where
    E: nom::error::ParseError<&'a [u8]> + nom::error::FromExternalError<&'a [u8], ParseError>,
{
    pdukit_wire::nom::parse(input)
}
