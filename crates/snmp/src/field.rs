//! BER tags and limits of SNMP messages, and the fields errors name. BER has no fixed offsets:
//! every structure is a tag, a length and its contents, so this module names tags instead.

use pdukit_wire::Field;

const P: &str = "snmp";

/// Universal and SNMP application tags (X.690, RFC 2578, RFC 3416).
pub mod tag {
    /// INTEGER (Integer32).
    pub const INTEGER: u8 = 0x02;
    /// OCTET STRING.
    pub const OCTET_STRING: u8 = 0x04;
    /// NULL.
    pub const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER.
    pub const OBJECT_IDENTIFIER: u8 = 0x06;
    /// SEQUENCE (constructed).
    pub const SEQUENCE: u8 = 0x30;
    /// IpAddress.
    pub const IP_ADDRESS: u8 = 0x40;
    /// Counter32.
    pub const COUNTER32: u8 = 0x41;
    /// Gauge32 / Unsigned32.
    pub const GAUGE32: u8 = 0x42;
    /// TimeTicks.
    pub const TIME_TICKS: u8 = 0x43;
    /// Opaque.
    pub const OPAQUE: u8 = 0x44;
    /// NsapAddress.
    pub const NSAP_ADDRESS: u8 = 0x45;
    /// Counter64.
    pub const COUNTER64: u8 = 0x46;
    /// UInteger32 (RFC 1442, obsolete).
    pub const UINTEGER32: u8 = 0x47;
    /// noSuchObject exception.
    pub const NO_SUCH_OBJECT: u8 = 0x80;
    /// noSuchInstance exception.
    pub const NO_SUCH_INSTANCE: u8 = 0x81;
    /// endOfMibView exception.
    pub const END_OF_MIB_VIEW: u8 = 0x82;
    /// The constructed bit of a tag octet.
    pub const CONSTRUCTED: u8 = 0x20;
    /// Low five bits all set: a multi-octet tag number follows (never used by SNMP).
    pub const HIGH_TAG_NUMBER: u8 = 0x1f;
}

/// Most length octets accepted in the long form (a length up to 2^32 - 1).
pub const MAX_LENGTH_OCTETS: usize = 4;
/// Most sub-identifiers in an OBJECT IDENTIFIER (RFC 2578 §3.5: 128).
pub const MAX_SUB_IDS: usize = 128;
/// Most BER octets an OID of [`MAX_SUB_IDS`] arcs can take: 5 octets per sub-identifier.
pub const MAX_OID_LEN: usize = 5 * MAX_SUB_IDS;
/// Nesting depth of an SNMP message (message, PDU, varbind list, varbind, value): the grammar
/// is fixed, so nothing nests deeper; Opaque contents are kept raw, never parsed recursively.
pub const MAX_DEPTH: usize = 5;

/// The fields errors name.
pub mod name {
    use super::{Field, P};
    /// The message SEQUENCE.
    pub const MESSAGE: &Field = &Field::new(P, "message");
    /// A BER tag.
    pub const TAG: &Field = &Field::new(P, "BER tag");
    /// A BER length.
    pub const LENGTH: &Field = &Field::new(P, "BER length");
    /// The version.
    pub const VERSION: &Field = &Field::new(P, "version");
    /// The community.
    pub const COMMUNITY: &Field = &Field::new(P, "community");
    /// The PDU.
    pub const PDU: &Field = &Field::new(P, "PDU");
    /// request-id.
    pub const REQUEST_ID: &Field = &Field::new(P, "request-id");
    /// error-status.
    pub const ERROR_STATUS: &Field = &Field::new(P, "error-status");
    /// error-index.
    pub const ERROR_INDEX: &Field = &Field::new(P, "error-index");
    /// non-repeaters.
    pub const NON_REPEATERS: &Field = &Field::new(P, "non-repeaters");
    /// max-repetitions.
    pub const MAX_REPETITIONS: &Field = &Field::new(P, "max-repetitions");
    /// The varbind list.
    pub const VARBIND_LIST: &Field = &Field::new(P, "variable-bindings");
    /// One varbind.
    pub const VARBIND: &Field = &Field::new(P, "varbind");
    /// A varbind's value.
    pub const VALUE: &Field = &Field::new(P, "value");
    /// An INTEGER.
    pub const INTEGER: &Field = &Field::new(P, "INTEGER");
    /// An unsigned 32-bit value (Counter32, Gauge32, TimeTicks, UInteger32).
    pub const UNSIGNED32: &Field = &Field::new(P, "unsigned 32-bit value");
    /// A Counter64.
    pub const COUNTER64: &Field = &Field::new(P, "Counter64");
    /// An OBJECT IDENTIFIER.
    pub const OID: &Field = &Field::new(P, "OBJECT IDENTIFIER");
    /// An IpAddress.
    pub const IP_ADDRESS: &Field = &Field::new(P, "IpAddress");
    /// NULL or an exception (length 0).
    pub const NULL: &Field = &Field::new(P, "NULL");
    /// The Trap-v1 enterprise.
    pub const ENTERPRISE: &Field = &Field::new(P, "enterprise");
    /// The Trap-v1 agent-addr.
    pub const AGENT_ADDR: &Field = &Field::new(P, "agent-addr");
    /// The Trap-v1 generic-trap.
    pub const GENERIC_TRAP: &Field = &Field::new(P, "generic-trap");
    /// The Trap-v1 specific-trap.
    pub const SPECIFIC_TRAP: &Field = &Field::new(P, "specific-trap");
    /// The Trap-v1 time-stamp.
    pub const TIME_STAMP: &Field = &Field::new(P, "time-stamp");
    /// SNMPv3 msgGlobalData.
    pub const V3_HEADER: &Field = &Field::new(P, "msgGlobalData");
    /// SNMPv3 msgFlags.
    pub const V3_FLAGS: &Field = &Field::new(P, "msgFlags");
    /// SNMPv3 msgSecurityParameters.
    pub const V3_SECURITY: &Field = &Field::new(P, "msgSecurityParameters");
    /// SNMPv3 scopedPDU.
    pub const SCOPED_PDU: &Field = &Field::new(P, "scopedPDU");
    /// Trailing bytes after a structure.
    pub const TRAILING: &Field = &Field::new(P, "trailing bytes");
    /// The columns of a table walk (1 to the walk's capacity).
    pub const WALK_COLUMNS: &Field = &Field::new(P, "walk columns");
    /// A value a builder cannot encode.
    pub const BUILD_VALUE: &Field = &Field::new(P, "value to encode");
}
