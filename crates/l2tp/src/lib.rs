#![doc = include_str!("../README.md")]
//!
//! # Module roles
//!
//! The shape every pdukit protocol crate shares (CONTRIBUTING.md): `field` (named offsets and
//! the fields errors name), `packet` (headers and messages: [`Packet::parse`],
//! [`Packet::parse_lax`]), `writer` (building: [`ControlWriter`], [`stop_ccn`], [`cdn`],
//! [`DataV2::emit`], [`set_nr`]), `avp` (the one AVP decoder and its iterator), `types` (the
//! vendor, AVP type and message type registries: a leaf), `value` (typed values on the (vendor,
//! type) pair), `hidden` (RFC 2661 §4.3 hiding and challenge responses), `rules` (the sans-IO
//! policy layer, [`seq_cmp`]). Errors are [`pdukit_wire`]'s.
//!
//! # Lax
//!
//! [`Packet::parse_lax`] is the one lax entry, with the meaning it has in every pdukit crate:
//! accept what real devices send that the RFC forbids (reserved bits, a control message
//! without the L bit or with an offset, AVPs that run past the message: the AVPs before the bad
//! one are kept and [`Control::avp_error`] names it) while never reading out of bounds and never
//! giving a wrong value.
//!
//! # Panics
//!
//! No function in this crate panics, on any input: every length is checked against the bytes
//! present before it is used, every AVP step consumes at least six bytes, and a hidden value's
//! decrypted length is bounded by what was received.
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod avp;
pub mod field;
mod hidden;
mod packet;
pub mod rules;
mod types;
mod value;
mod writer;

pub use avp::{Avp, Avps};
pub use hidden::{challenge_response, check_challenge_response};
pub use packet::{Carrier, Control, ControlHeader, DataV2, DataV3, Packet, IP_PROTOCOL, UDP_PORT};
pub use pdukit_wire::{BuildError, Expected, Field, ParseError};
pub use rules::seq_cmp;
pub use rules::{check, Teardown, Violation, Violations};
pub use types::{AvpType, BbfType, MessageType, BBF, IETF};
pub use value::{AvpValue, CallErrors, ResultCode, U16List};
pub use writer::{cdn, set_nr, stop_ccn, ControlWriter, Padding};

/// [`Packet::parse`] over UDP as a nom parser (the message takes the whole input).
#[cfg(feature = "nom")]
pub fn nom_parser<'a, E>(input: &'a [u8]) -> nom::IResult<&'a [u8], Packet<'a>, E>
where
    E: nom::error::ParseError<&'a [u8]> + nom::error::FromExternalError<&'a [u8], ParseError>,
{
    pdukit_wire::nom::parse(input)
}
