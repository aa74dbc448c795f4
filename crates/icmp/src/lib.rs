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

mod body;
mod error;
pub mod ext;
pub mod pmtu;
pub mod quote;
mod signal;
pub mod v4;
pub mod v6;

pub use body::{Echo, ErrorBody};
pub use error::{BuildError, ParseError};
pub use ext::Extensions;
pub use quote::{Flow, Quoted, QuotedIpv4, QuotedIpv6, Transport};
pub use signal::{FragNeeded, PacketTooBig};
pub use v4::{echo_request, frag_needed, Icmpv4};
pub use v6::{packet_too_big, Icmpv6};
