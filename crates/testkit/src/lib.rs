//! Test support shared by the pdukit crates (dev only, never published).
//!
//! - [`capture`](mod@capture) (from pdukit-frames): read pcap and pcapng files (pcap-file) into frames with their link type;
//! - [`dissect`](mod@dissect) (from pdukit-frames): walk a frame's link layers to the payload a protocol crate parses (Ethernet II,
//!   802.1Q/802.1ad/QinQ at any depth, Linux cooked SLL and SLL2, raw IP, MPLS, PPPoE session,
//!   IPv4 with options, IPv6 with extension headers, UDP), tolerating frames cut short by the
//!   snap length;
//! - [`fixtures`]: where the shared public fixtures and the project's own `testdata/` are, with the
//!   policy "skip with a notice when absent, fail when `CI` is set";
//! - [`strategies`]: proptest strategies the protocol crates share.

pub use pdukit_frames::{capture, dissect};
pub mod fixtures;
pub mod strategies;

pub mod fuzzing;
pub mod tshark;
pub use pdukit_frames::{read_capture, Capture, Dissected, Frame, IpInfo, UdpInfo};
