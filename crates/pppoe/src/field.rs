//! Named offsets of PPPoE packets (from the PPPoE header's first byte, the byte after the
//! EtherType) and the fields errors name. No other module writes a literal offset.

use core::ops::Range;

use pdukit_wire::Field;

const P: &str = "pppoe";

/// Version (high nibble) and type (low nibble).
pub const VER_TYPE: usize = 0;
/// Code.
pub const CODE: usize = 1;
/// Session ID.
pub const SESSION_ID: Range<usize> = 2..4;
/// Payload length.
pub const LENGTH: Range<usize> = 4..6;
/// First payload byte (tags, or the PPP protocol of a session packet).
pub const PAYLOAD: usize = 6;

/// Within a tag: its type.
pub const TAG_TYPE: Range<usize> = 0..2;
/// Within a tag: its value length.
pub const TAG_LENGTH: Range<usize> = 2..4;
/// Within a tag: the value.
pub const TAG_VALUE: usize = 4;

/// Within a session payload: the PPP protocol.
pub const PPP_PROTOCOL: Range<usize> = 0..2;

/// Within a Vendor-Specific tag's value: the vendor ID, then the vendor data.
pub const VENDOR_ID: Range<usize> = 0..4;
/// Within a TR-101 sub-option: type, length, value.
pub const SUB_OPTION_VALUE: usize = 2;

/// The fields errors name.
pub mod name {
    use super::{Field, P};
    /// The 6-byte header.
    pub const HEADER: &Field = &Field::new(P, "PPPoE header");
    /// Version and type.
    pub const VERSION_TYPE: &Field = &Field::new(P, "version/type");
    /// The payload length.
    pub const PAYLOAD_LENGTH: &Field = &Field::new(P, "payload length");
    /// A tag's 4-byte header.
    pub const TAG_HEADER: &Field = &Field::new(P, "tag header");
    /// A tag's value length.
    pub const TAG_LENGTH: &Field = &Field::new(P, "tag length");
    /// The PPP protocol of a session packet.
    pub const PPP_PROTOCOL: &Field = &Field::new(P, "PPP protocol");
    /// A TR-101 sub-option's two header bytes.
    pub const SUB_OPTION_HEADER: &Field = &Field::new(P, "TR-101 sub-option header");
    /// A TR-101 sub-option's length.
    pub const SUB_OPTION_LENGTH: &Field = &Field::new(P, "TR-101 sub-option length");
}
