#![doc = include_str!("../README.md")]
//!
//! # Module roles
//!
//! The shape every pdukit protocol crate shares (CONTRIBUTING.md): `field` (named offsets and
//! the fields errors name), `packet` (the message views: `parse`, `parse_lax`, building),
//! `tags` (the one tag decoder, its iterator; TR-101 sub-options), `rules` (the sans-IO policy
//! layer: RFC 2516 checks of who may send what). Errors are [`pdukit_wire`]'s.
//!
//! # Lax
//!
//! [`Discovery::parse_lax`] is the one lax entry, with the meaning it has in every pdukit crate:
//! accept what real devices send that the RFC forbids (here: tags that run past the payload;
//! the tags before them are kept and [`Discovery::tag_error`] names the first bad one) while
//! never reading out of bounds and never giving a wrong value.
//!
//! # Panics
//!
//! No function in this crate panics, on any input: every length is checked against the bytes
//! present before it is used, and every walk consumes at least four bytes per tag.
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

pub mod field;
mod packet;
pub mod rules;
mod tags;

pub use packet::{
    write_ethernet_header, Code, Discovery, DiscoveryWriter, Header, Session, ETHERTYPE_DISCOVERY,
    ETHERTYPE_SESSION, HEADER_LEN, MAX_PADI_PAYLOAD,
};
pub use pdukit_wire::{BuildError, Expected, Field, ParseError};
pub use rules::{check, check_reply, Cookie, Violation, Violations};
pub use tags::{
    Metrics, SubOption, SubOptions, Tag, TagIter, TagType, TagValue, Tr101, BBF_VENDOR_ID,
};

/// [`Discovery::parse`] as a nom parser (the packet takes the whole input).
#[cfg(feature = "nom")]
pub fn nom_parser<'a, E>(input: &'a [u8]) -> nom::IResult<&'a [u8], Discovery<'a>, E>
where
    E: nom::error::ParseError<&'a [u8]> + nom::error::FromExternalError<&'a [u8], ParseError>,
{
    pdukit_wire::nom::parse(input)
}
