#![doc = include_str!("../README.md")]
//!
//! # Module roles
//!
//! The shape every pdukit protocol crate shares (CONTRIBUTING.md): `field` (named offsets and
//! the fields errors name), `v4` / `v6` / `body` (the messages: the one parse per family,
//! `parse_lax`, `buffer_len`, `emit`), `ext` (RFC 4884 extension objects: one decoder shared by
//! the validating parse and the iterator, and the writer), `quote` (the quoted datagram, a lax
//! view), `rules` (the sans-IO policy layer: path-MTU decisions). Errors are
//! [`pdukit_wire`]'s. Everything public is re-exported here; the modules are private.
//!
//! # Lax
//!
//! [`Icmpv4::parse_lax`] and [`Icmpv6::parse_lax`] are the lax entries, with the meaning lax has
//! in every pdukit crate: accept what real devices send that the RFC forbids (here: a wrong
//! checksum; RFC 4884 lengths that are junk are always tolerated) while never reading out of
//! bounds and never giving a wrong value.
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

mod body;
mod ext;
pub mod field;
mod quote;
pub mod rules;
mod v4;
mod v6;

pub use body::{Echo, ErrorBody};
pub use ext::{ExtensionWriter, Extensions, MplsEntry, Object, Objects, MIN_QUOTE_WITH_EXTENSIONS};
pub use pdukit_wire::{BuildError, Expected, Field, ParseError};
pub use quote::{Flow, Fragment, Quoted, QuotedIpv4, QuotedIpv6, Transport};
pub use rules::{decide_v4, decide_v6};
pub use v4::{
    compute_checksum_v4, echo_request, frag_needed, Icmpv4, Icmpv4Type, MAX_ERROR_LEN_V4,
};
pub use v6::{compute_checksum_v6, packet_too_big, Icmpv6, Icmpv6Type, MAX_ERROR_LEN_V6};

/// [`Icmpv4::parse`] as a nom parser (the message takes the whole input).
#[cfg(feature = "nom")]
pub fn nom_parser_v4<'a, E>(input: &'a [u8]) -> nom::IResult<&'a [u8], Icmpv4<'a>, E>
where
    E: nom::error::ParseError<&'a [u8]> + nom::error::FromExternalError<&'a [u8], ParseError>,
{
    pdukit_wire::nom::parse(input)
}

/// [`Icmpv6::parse`] with the pseudo-header of `src` -> `dst`, as a nom parser (the message
/// takes the whole input).
#[cfg(feature = "nom")]
pub fn nom_parser_v6<'a, E>(
    src: core::net::Ipv6Addr,
    dst: core::net::Ipv6Addr,
) -> impl Fn(&'a [u8]) -> nom::IResult<&'a [u8], Icmpv6<'a>, E>
where
    E: nom::error::ParseError<&'a [u8]> + nom::error::FromExternalError<&'a [u8], ParseError>,
{
    move |input: &'a [u8]| pdukit_wire::nom::finish(input, Icmpv6::parse(input, &src, &dst))
}
