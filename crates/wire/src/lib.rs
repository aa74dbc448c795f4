#![doc = include_str!("../README.md")]
//!
//! # Panics
//!
//! Nothing here panics on any input: every read and write is checked against the slice.
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod bounded;
mod error;
pub mod ethernet;
mod message;
mod mpls;
mod open_enum;
mod reader;
mod writer;

#[cfg(feature = "bytes")]
pub mod bytes;
#[cfg(feature = "nom")]
pub mod nom;

pub use bounded::Bounded;
pub use error::{out, BuildError, Expected, Field, ParseError};
pub use message::{Emit, Parse};
pub use mpls::MplsEntry;
pub use reader::{array_at, be_u16, be_u32, get_u16, get_u32, u16_at, u24_at, u32_at, Reader};
pub use writer::{Len, Writer};
