//! Frames for pdukit's tools and tests (std):
//!
//! - [`capture`](mod@capture): read pcap and pcapng files, streamed ([`open`]) or whole
//!   ([`read_capture`]), into frames with their link type, as leniently as tshark (pcapng
//!   options of any length, unknown blocks, several sections, byte orders and interfaces;
//!   records cut by the snap length; FCS bits in the link type; a truncated end keeps the frames
//!   before it);
//! - [`dissect`](mod@dissect): walk a frame's layers to the payload a protocol crate parses
//!   (Ethernet II, 802.1Q/802.1ad/QinQ at any depth, Linux cooked SLL and SLL2, raw IP, BSD
//!   loopback, PPP, MPLS, PPPoE session, IPv4 with options, IPv6 with extension headers, UDP) and
//!   through tunnels (IP in IP, GRE with ERSPAN II/III, GTP-U, Geneve, VXLAN, MPLS over UDP,
//!   L2TPv2 data, and L2TPv3 data when [`Options`] say what it carries, via [`dissect_with`]),
//!   at most [`dissect::MAX_TUNNELS`] deep; every layer crossed is kept, in wire order
//!   ([`Dissected::path`]), tolerating frames cut short by the snap length.
//!
//! The protocol crates stay `no_std` and do not depend on this one; the CLI and the tests do.
//!
//! ```no_run
//! use pdukit_frames::{dissect, open};
//!
//! # fn main() -> Result<(), Box<dyn core::error::Error>> {
//! for frame in open("capture.pcapng")? {
//!     let frame = frame?;
//!     let d = dissect(frame.linktype, &frame.data);
//!     if let Some(udp) = &d.udp {
//!         println!("#{}: UDP {} -> {}", frame.number, udp.src_port, udp.dst_port);
//!     }
//! }
//! # Ok(())
//! # }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod capture;
pub mod dissect;
pub mod field;

pub use capture::DataLink;
pub use capture::{open, read_capture, Capture, Frame, Reader};
pub use dissect::{
    dissect, dissect_with, Dissected, IpInfo, Layer, MplsEntry, Options, PppFrame, Pseudowire,
    UdpInfo, VlanTag,
};
