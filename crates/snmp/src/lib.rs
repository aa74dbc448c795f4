#![doc = include_str!("../README.md")]
//!
//! # Module roles
//!
//! The shape every pdukit protocol crate shares (CONTRIBUTING.md): `field` (BER tags, limits and
//! the fields errors name: BER has no fixed offsets), `ber` (the one TLV reader and the integer
//! codecs, private), `message` (the one parse, `parse_lax`, `buffer_len`, `emit`), `value` (the
//! varbinds: one decoder shared by the iterator and the builders), `oid` (borrowed and owned
//! OBJECT IDENTIFIERs), `rules` (the sans-IO policy layer: v1/v2c rules, trap varbinds, RFC
//! 3584). Errors are [`pdukit_wire`]'s.
//!
//! # Lax
//!
//! [`Message::parse_lax`] is the one lax entry, with the meaning it has in every pdukit crate:
//! accept what real devices send that the RFC forbids (bytes after the message, negative GetBulk
//! counts, read as 0) while never reading out of bounds and never giving a wrong value.
//!
//! # Panics
//!
//! No function in this crate panics, on any input: every length is checked against its parent,
//! every loop consumes input, the nesting depth is fixed by the grammar.
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod ber;
pub mod field;
pub mod ifmib;
mod message;
mod oid;
pub mod rules;
mod value;
pub mod walk;

pub use message::{
    BulkPdu, ErrorStatus, GenericTrap, Message, MessageV3, Pdu, ScopedPdu, StandardPdu, TrapV1Pdu,
    Version,
};
pub use oid::{Arcs, Oid, OidBuf};
pub use pdukit_wire::{BuildError, Expected, Field, ParseError};
pub use value::{Value, VarBind, VarBindIter, VarBinds};

/// [`Message::parse`] as a nom parser (the message takes the whole input).
#[cfg(feature = "nom")]
pub fn nom_parser<'a, E>(input: &'a [u8]) -> nom::IResult<&'a [u8], Message<'a>, E>
where
    E: nom::error::ParseError<&'a [u8]> + nom::error::FromExternalError<&'a [u8], ParseError>,
{
    pdukit_wire::nom::parse(input)
}
