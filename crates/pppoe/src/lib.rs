#![doc = include_str!("../README.md")]
//!
//! # Panics
//!
//! No function in this crate panics, on any input: every length is checked against the bytes
//! present before it is used, and every walk consumes at least four bytes per tag.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "std")]
extern crate std;

mod error;
mod packet;
pub mod roles;
mod tags;

pub use error::{BuildError, ParseError};
pub use packet::{
    write_ethernet_header, Code, Discovery, DiscoveryWriter, Header, Session, TagIter,
    ETHERTYPE_DISCOVERY, ETHERTYPE_SESSION, HEADER_LEN, MAX_PADI_PAYLOAD,
};
pub use roles::{check, check_reply, Cookie, Violation, Violations};
pub use tags::{Metrics, SubOption, Tag, TagType, TagValue, Tr101, BBF_VENDOR_ID};
