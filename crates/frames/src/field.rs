//! Where each field of the headers the walk reads by hand sits (the ones etherparse does not
//! read for us), as ranges for `pdukit_wire::{u16_at, u24_at, u32_at}`. No literal offset in
//! the walk or in the tools that print these layers.

/// Linux cooked capture (SLL, 16 bytes).
pub mod sll {
    use core::ops::Range;
    /// Packet type.
    pub const PACKET_TYPE: Range<usize> = 0..2;
    /// ARPHRD type.
    pub const ARPHRD: Range<usize> = 2..4;
    /// Address length.
    pub const ADDR_LEN: Range<usize> = 4..6;
    /// Address (8 bytes, the first `ADDR_LEN` used).
    pub const ADDR: Range<usize> = 6..14;
    /// Protocol (an EtherType or a Linux protocol number).
    pub const PROTOCOL: Range<usize> = 14..16;
}

/// Linux cooked capture v2 (SLL2, 20 bytes).
pub mod sll2 {
    use core::ops::Range;
    /// Protocol.
    pub const PROTOCOL: Range<usize> = 0..2;
    /// Interface index.
    pub const IFINDEX: Range<usize> = 4..8;
    /// ARPHRD type.
    pub const ARPHRD: Range<usize> = 8..10;
    /// Packet type.
    pub const PACKET_TYPE: usize = 10;
    /// Address length.
    pub const ADDR_LEN: usize = 11;
    /// Address (8 bytes).
    pub const ADDR: Range<usize> = 12..20;
    /// The header's length.
    pub const LEN: usize = 20;
}

/// The PPPoE session header and the PPP protocol after it (RFC 2516).
pub mod pppoe {
    use core::ops::Range;
    /// Version (high nibble) and type (low nibble).
    pub const VER_TYPE: usize = 0;
    /// Code (0 in session frames).
    pub const CODE: usize = 1;
    /// Session ID.
    pub const SESSION_ID: Range<usize> = 2..4;
    /// Payload length.
    pub const LENGTH: Range<usize> = 4..6;
    /// The header's length, before the PPP protocol.
    pub const HEADER_LEN: usize = 6;
    /// The header and an uncompressed PPP protocol field.
    pub const WITH_PROTOCOL: usize = 8;
}

/// Cisco MetaData (SGT) in Ethernet: version, length, options, SGT, then the EtherType.
pub mod cisco_metadata {
    use core::ops::Range;
    /// The EtherType of what follows.
    pub const ETHERTYPE: Range<usize> = 6..8;
    /// In GRE the EtherType comes first.
    pub const GRE_ETHERTYPE: Range<usize> = 0..2;
    /// The header's length.
    pub const LEN: usize = 8;
}

/// GRE (RFC 2784, RFC 2890) and enhanced GRE (PPTP, RFC 2637).
pub mod gre {
    use core::ops::Range;
    /// Flags and version.
    pub const FLAGS: Range<usize> = 0..2;
    /// Protocol type.
    pub const PROTOCOL: Range<usize> = 2..4;
    /// The fixed part's length.
    pub const LEN: usize = 4;
    /// PPTP: the key field's payload length.
    pub const PPTP_PAYLOAD_LENGTH: Range<usize> = 4..6;
    /// PPTP: the key field's call ID.
    pub const PPTP_CALL_ID: Range<usize> = 6..8;
}

/// ERSPAN type II and III headers.
pub mod erspan {
    use core::ops::Range;
    /// Version (high nibble) and the original VLAN (low 12 bits).
    pub const VLAN: Range<usize> = 0..2;
    /// COS, encapsulation, truncation (high bits) and the session ID (low 10 bits).
    pub const SESSION: Range<usize> = 2..4;
}

/// VXLAN (RFC 7348) and Geneve (RFC 8926): 8 bytes, the VNI in bytes 4-6.
pub mod vxlan {
    use core::ops::Range;
    /// VXLAN flags; Geneve version/option length and flags.
    pub const FLAGS: Range<usize> = 0..2;
    /// Geneve's protocol type.
    pub const GENEVE_PROTOCOL: Range<usize> = 2..4;
    /// The virtual network identifier.
    pub const VNI: Range<usize> = 4..7;
}

/// GTP-U (3GPP TS 29.281).
pub mod gtpu {
    use core::ops::Range;
    /// Length.
    pub const LENGTH: Range<usize> = 2..4;
    /// Tunnel endpoint identifier.
    pub const TEID: Range<usize> = 4..8;
}

/// The PPP control packet (LCP, IPCP, PAP, CHAP, ... RFC 1661 §5).
pub mod ppp_control {
    use core::ops::Range;
    /// Code.
    pub const CODE: usize = 0;
    /// Identifier.
    pub const IDENTIFIER: usize = 1;
    /// Length.
    pub const LENGTH: Range<usize> = 2..4;
    /// An LCP Protocol-Reject's rejected protocol.
    pub const REJECTED_PROTOCOL: Range<usize> = 4..6;
    /// The rejected packet, from here.
    pub const REJECTED_INFO: usize = 6;
}
