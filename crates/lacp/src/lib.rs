#![doc = include_str!("../README.md")]
//!
//! # Panics
//!
//! No function in this crate panics, on any input: the fixed layout is read through checked
//! array views, and the TLV walk consumes at least two bytes per step.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "std")]
extern crate std;

pub mod diag;
mod error;
mod pdu;
mod state;

pub use diag::{Diagnosis, Finding, Findings, NotBundled};
pub use error::{BuildError, ParseError};
pub use pdu::{
    subtype, tlv, write_ethernet_header, write_tlv, Lacpdu, Marker, PortInfo, SlowPdu, SystemId,
    Tlv, V2Tlv, ETHERTYPE, PDU_LEN, SLOW_PROTOCOLS_MAC,
};
pub use state::State;
