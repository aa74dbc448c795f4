#![doc = include_str!("../README.md")]
//!
//! # Module roles
//!
//! The shape every pdukit protocol crate shares (CONTRIBUTING.md): `field` (named offsets and
//! the fields errors name), `pdu` (the message views: `parse`, `parse_lax`, `buffer_len`,
//! `emit`), `tlv` (the one TLV decoder, its iterator and writer), `rules` (the sans-IO policy
//! layer: LAG diagnosis). Errors are [`pdukit_wire`]'s.
//!
//! # Lax
//!
//! [`Lacpdu::parse_lax`] is the crate's one lax entry, with the meaning it has in every pdukit
//! crate: accept what real devices send that the standard forbids (here: wrong TLV types and
//! lengths in the fixed layout, a broken TLV walk after the collector) while never reading out
//! of bounds and never giving a wrong value.
//!
//! # Panics
//!
//! No function in this crate panics, on any input: the fixed layout is read through checked
//! array views, and the TLV walk consumes at least two bytes per step.
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

pub mod field;
mod pdu;
pub mod rules;
mod state;
mod tlv;

pub use pdu::{
    write_ethernet_header, Lacpdu, Marker, PortInfo, SlowPdu, Subtype, SystemId, ETHERTYPE,
    PDU_LEN, SLOW_PROTOCOLS_MAC,
};
pub use pdukit_wire::{BuildError, Expected, Field, ParseError};
pub use rules::{Diagnosis, Finding, Findings, NotBundled};
pub use state::State;
pub use tlv::{Tlv, TlvType, TlvWriter, Tlvs, V2Tlv};

/// [`SlowPdu::parse`] as a nom parser (the PDU takes the whole input).
#[cfg(feature = "nom")]
pub fn nom_parser<'a, E>(input: &'a [u8]) -> nom::IResult<&'a [u8], SlowPdu<'a>, E>
where
    E: nom::error::ParseError<&'a [u8]> + nom::error::FromExternalError<&'a [u8], ParseError>,
{
    pdukit_wire::nom::parse(input)
}
