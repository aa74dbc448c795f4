//! Named offsets of slow-protocols PDUs (from the subtype byte, the first after the EtherType)
//! and the fields errors name. No other module writes a literal offset.

use pdukit_wire::Field;

const P: &str = "lacp";

/// Subtype (1 = LACP, 2 = Marker).
pub const SUBTYPE: usize = 0;
/// Version number.
pub const VERSION: usize = 1;
/// Actor information TLV.
pub const ACTOR: usize = 2;
/// Partner information TLV.
pub const PARTNER: usize = 22;
/// Collector information TLV.
pub const COLLECTOR: usize = 42;
/// First byte after the collector TLV: the terminator (v1) or the v2 TLVs.
pub const AFTER_COLLECTOR: usize = 58;

/// Within any TLV: its type.
pub const TLV_TYPE: usize = 0;
/// Within any TLV: its length (header included).
pub const TLV_LENGTH: usize = 1;
/// Within any TLV: the value, after the two header bytes.
pub const TLV_VALUE: usize = 2;
/// Length of the actor and partner TLVs.
pub const PORT_INFO_LEN: u8 = 20;
/// Length of the collector TLV.
pub const COLLECTOR_LEN: u8 = 16;
/// Length of the Marker Information / Response TLV.
pub const MARKER_INFO_LEN: u8 = 16;

/// Within an actor/partner TLV (§6.4.2.3).
pub mod port_info {
    use core::ops::Range;
    /// System priority.
    pub const SYSTEM_PRIORITY: Range<usize> = 2..4;
    /// System MAC.
    pub const SYSTEM: Range<usize> = 4..10;
    /// Key.
    pub const KEY: Range<usize> = 10..12;
    /// Port priority.
    pub const PORT_PRIORITY: Range<usize> = 12..14;
    /// Port number.
    pub const PORT: Range<usize> = 14..16;
    /// State octet.
    pub const STATE: usize = 16;
}

/// Within the collector TLV: CollectorMaxDelay.
pub const COLLECTOR_MAX_DELAY: core::ops::Range<usize> = 2..4;
/// The collector's max delay counted from the PDU's first byte (after the subtype).
pub const PDU_COLLECTOR_MAX_DELAY: core::ops::Range<usize> =
    COLLECTOR + COLLECTOR_MAX_DELAY.start..COLLECTOR + COLLECTOR_MAX_DELAY.end;
/// In a Port Conversation ID Digest TLV's value (802.1AX-2014 §6.4.2.4.2): the link number.
pub const DIGEST_LINK_NUMBER_ID: core::ops::Range<usize> = 0..2;

/// Within a Marker PDU (§6.5.3).
pub mod marker {
    use core::ops::Range;
    /// The Marker Information / Response TLV.
    pub const INFO: usize = 2;
    /// Requester port.
    pub const REQUESTER_PORT: Range<usize> = 4..6;
    /// Requester system MAC.
    pub const REQUESTER_SYSTEM: Range<usize> = 6..12;
    /// Requester transaction ID.
    pub const REQUESTER_TRANSACTION_ID: Range<usize> = 12..16;
    /// Terminator TLV.
    pub const TERMINATOR: usize = 18;
    /// Bytes read by the parse: up to the terminator's end.
    pub const LEN: usize = 20;
}

/// The fields errors name.
pub mod name {
    use super::{Field, P};
    /// A LACPDU as a whole.
    pub const LACPDU: &Field = &Field::new(P, "LACPDU");
    /// A Marker PDU as a whole.
    pub const MARKER_PDU: &Field = &Field::new(P, "Marker PDU");
    /// The slow-protocols subtype.
    pub const SUBTYPE: &Field = &Field::new(P, "subtype");
    /// A TLV's type.
    pub const TLV_TYPE: &Field = &Field::new(P, "TLV type");
    /// A TLV's length.
    pub const TLV_LENGTH: &Field = &Field::new(P, "TLV length");
    /// A TLV's two header bytes.
    pub const TLV_HEADER: &Field = &Field::new(P, "TLV header");
    /// The terminator TLV's length.
    pub const TERMINATOR_LENGTH: &Field = &Field::new(P, "terminator length");
    /// The Marker TLV's type.
    pub const MARKER_TLV_TYPE: &Field = &Field::new(P, "marker TLV type");
    /// TLV bytes handed to a builder.
    pub const TLV_BYTES: &Field = &Field::new(P, "TLV bytes");
}
