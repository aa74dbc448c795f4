//! Frames for pdukit's tools and tests (std):
//!
//! - [`capture`](mod@capture): read pcap and pcapng files (pcap-file) into frames with their
//!   link type, tolerating records cut by the snap length and FCS bits in the link type;
//! - [`dissect`](mod@dissect): walk a frame's link layers to the payload a protocol crate parses
//!   (Ethernet II, 802.1Q/802.1ad/QinQ at any depth, Linux cooked SLL and SLL2, raw IP, MPLS,
//!   PPPoE session, IPv4 with options, IPv6 with extension headers, UDP), tolerating frames cut
//!   short by the snap length.
//!
//! The protocol crates stay `no_std` and do not depend on this one; the CLI and the tests do.

pub mod capture;
pub mod dissect;

pub use capture::{read_capture, Capture, Frame};
pub use dissect::{dissect, Dissected, IpInfo, UdpInfo};
pub use pcap_file::DataLink;
