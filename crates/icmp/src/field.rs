//! Byte offsets of ICMPv4 and ICMPv6 messages (from the first byte of the ICMP message), of the
//! quoted datagram and of RFC 4884 extension structures, and the fields errors name. No other
//! module writes a literal offset.

use core::ops::Range;

use pdukit_wire::Field;

const P: &str = "icmp";

/// Type.
pub const TYPE: usize = 0;
/// Code.
pub const CODE: usize = 1;
/// Checksum over the message (and, for ICMPv6, the pseudo-header).
pub const CHECKSUM: Range<usize> = 2..4;
/// Echo identifier.
pub const IDENT: Range<usize> = 4..6;
/// Echo sequence number.
pub const SEQ: Range<usize> = 6..8;
/// Bytes 4-7, type-specific.
pub const REST: Range<usize> = 4..8;
/// ICMPv4 parameter problem: pointer.
pub const V4_POINTER: usize = 4;
/// ICMPv4 errors: RFC 4884 length, in 32-bit words.
pub const V4_LENGTH: usize = 5;
/// ICMPv4 destination unreachable: next-hop MTU (RFC 1191).
pub const V4_NEXT_HOP_MTU: Range<usize> = 6..8;
/// ICMPv6 errors: RFC 4884 length, in 64-bit words.
pub const V6_LENGTH: usize = 4;
/// ICMPv6 Packet Too Big: MTU; parameter problem: pointer.
pub const V6_MTU: Range<usize> = 4..8;
/// The body: quote, echo data.
pub const BODY: usize = 8;

/// Within a quoted IPv4 header (RFC 791).
pub mod ipv4 {
    use core::ops::Range;
    /// Version and IHL.
    pub const VERSION_IHL: usize = 0;
    /// DS field (DSCP and ECN).
    pub const DS_FIELD: usize = 1;
    /// Total length.
    pub const TOTAL_LEN: Range<usize> = 2..4;
    /// Identification.
    pub const IDENT: Range<usize> = 4..6;
    /// Flags and fragment offset.
    pub const FLAGS_FRAGMENT: Range<usize> = 6..8;
    /// Time to live.
    pub const TTL: usize = 8;
    /// Protocol.
    pub const PROTOCOL: usize = 9;
    /// Header checksum.
    pub const CHECKSUM: Range<usize> = 10..12;
    /// Source address.
    pub const SRC: Range<usize> = 12..16;
    /// Destination address.
    pub const DST: Range<usize> = 16..20;
    /// The fixed header's length.
    pub const HEADER_LEN: usize = 20;
}

/// Within a quoted IPv6 header (RFC 8200).
pub mod ipv6 {
    use core::ops::Range;
    /// Version, traffic class and flow label.
    pub const VERSION_CLASS_FLOW: Range<usize> = 0..4;
    /// Payload length.
    pub const PAYLOAD_LEN: Range<usize> = 4..6;
    /// Next header.
    pub const NEXT_HEADER: usize = 6;
    /// Hop limit.
    pub const HOP_LIMIT: usize = 7;
    /// Source address.
    pub const SRC: Range<usize> = 8..24;
    /// Destination address.
    pub const DST: Range<usize> = 24..40;
    /// The fixed header's length.
    pub const HEADER_LEN: usize = 40;
    /// In a fragment extension header: the offset and M flag word.
    pub const FRAGMENT_OFFSET: Range<usize> = 2..4;
    /// In a fragment extension header: the identification.
    pub const FRAGMENT_IDENT: Range<usize> = 4..8;
}

/// Within the quoted transport header.
pub mod transport {
    use core::ops::Range;
    /// Source port (TCP, UDP, SCTP, DCCP, UDP-Lite).
    pub const SRC_PORT: Range<usize> = 0..2;
    /// Destination port.
    pub const DST_PORT: Range<usize> = 2..4;
    /// TCP sequence number.
    pub const TCP_SEQ: Range<usize> = 4..8;
    /// An ICMP or ICMPv6 echo's identifier.
    pub const ECHO_IDENT: Range<usize> = 4..6;
    /// An ICMP or ICMPv6 echo's sequence number.
    pub const ECHO_SEQ: Range<usize> = 6..8;
}

/// Within an RFC 4884 extension structure.
pub mod ext {
    use core::ops::Range;
    /// Version (high nibble).
    pub const VERSION: usize = 0;
    /// Checksum over the structure.
    pub const CHECKSUM: Range<usize> = 2..4;
    /// The header's length; objects follow.
    pub const HEADER_LEN: usize = 4;
    /// Within an object: its length (header included).
    pub const OBJECT_LENGTH: Range<usize> = 0..2;
    /// Within an object: Class-Num.
    pub const OBJECT_CLASS: usize = 2;
    /// Within an object: C-Type.
    pub const OBJECT_CTYPE: usize = 3;
    /// Within an object: its payload, after the 4-byte header.
    pub const OBJECT_PAYLOAD: usize = 4;
}

/// The fields errors name.
pub mod name {
    use super::{Field, P};
    /// The ICMPv4 header.
    pub const V4_HEADER: &Field = &Field::new(P, "ICMP header");
    /// The ICMPv6 header.
    pub const V6_HEADER: &Field = &Field::new(P, "ICMPv6 header");
    /// The checksum.
    pub const CHECKSUM: &Field = &Field::new(P, "checksum");
    /// A quoted IPv4 header.
    pub const QUOTED_IPV4_HEADER: &Field = &Field::new(P, "quoted IPv4 header");
    /// A quoted IPv6 header.
    pub const QUOTED_IPV6_HEADER: &Field = &Field::new(P, "quoted IPv6 header");
    /// A quoted header's IP version.
    pub const QUOTED_IP_VERSION: &Field = &Field::new(P, "quoted IP version");
    /// A quoted IPv4 header's IHL.
    pub const QUOTED_IPV4_IHL: &Field = &Field::new(P, "quoted IPv4 IHL");
    /// An extension structure's header.
    pub const EXTENSION_HEADER: &Field = &Field::new(P, "extension header");
    /// An extension structure's version.
    pub const EXTENSION_VERSION: &Field = &Field::new(P, "extension version");
    /// An extension object's header.
    pub const OBJECT_HEADER: &Field = &Field::new(P, "extension object header");
    /// An extension object's length.
    pub const OBJECT_LENGTH: &Field = &Field::new(P, "extension object length");
    /// The RFC 4884 length of a quote followed by extensions.
    pub const QUOTE_LENGTH: &Field = &Field::new(P, "quote length with extensions");
}
