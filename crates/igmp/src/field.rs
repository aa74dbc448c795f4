//! Byte offsets of IGMP messages (from the first byte of the IGMP message) and the fields
//! errors name. No other module writes a literal offset.

use core::ops::Range;

use pdukit_wire::Field;

const P: &str = "igmp";

/// Message type.
pub const TYPE: usize = 0;
/// Max Resp Time / Max Resp Code (queries, v2), unused/reserved elsewhere.
pub const CODE: usize = 1;
/// Checksum over the whole message.
pub const CHECKSUM: Range<usize> = 2..4;
/// Group address (queries, v1/v2 reports, leave).
pub const GROUP: Range<usize> = 4..8;
/// Length of the fixed header, and of every v1/v2 message.
pub const HEADER_LEN: usize = 8;
/// Every message's body after type, code and checksum (kept raw for other types).
pub const BODY: usize = 4;
/// v3 query: Resv(4) | S(1) | QRV(3).
pub const V3Q_FLAGS: usize = 8;
/// v3 query: Querier's Query Interval Code.
pub const V3Q_QQIC: usize = 9;
/// v3 query: number of sources.
pub const V3Q_NUM_SOURCES: Range<usize> = 10..12;
/// v3 query: first source.
pub const V3Q_SOURCES: usize = 12;
/// v3 report: reserved bytes after the checksum.
pub const V3R_RESERVED: Range<usize> = 4..6;
/// v3 report: number of group records.
pub const V3R_NUM_RECORDS: Range<usize> = 6..8;
/// v3 report: first group record.
pub const V3R_RECORDS: usize = 8;

/// Within a group record (RFC 3376 §4.2.4).
pub mod record {
    use core::ops::Range;
    /// Record type.
    pub const TYPE: usize = 0;
    /// Aux data length, in 32-bit words.
    pub const AUX_LEN: usize = 1;
    /// Number of sources.
    pub const NUM_SOURCES: Range<usize> = 2..4;
    /// Multicast address.
    pub const GROUP: Range<usize> = 4..8;
    /// First source, after the 8-byte header.
    pub const SOURCES: usize = 8;
}

/// The fields errors name.
pub mod name {
    use super::{Field, P};
    /// The 8-byte header.
    pub const HEADER: &Field = &Field::new(P, "header");
    /// The checksum.
    pub const CHECKSUM: &Field = &Field::new(P, "checksum");
    /// A query's length (RFC 3376 §7.1).
    pub const QUERY_LENGTH: &Field = &Field::new(P, "query length");
    /// A v3 query's source count.
    pub const QUERY_NUM_SOURCES: &Field = &Field::new(P, "query number of sources");
    /// A group record's 8-byte header.
    pub const RECORD_HEADER: &Field = &Field::new(P, "group record header");
    /// A group record's sources and aux data.
    pub const RECORD_BODY: &Field = &Field::new(P, "group record sources + aux data");
    /// A group record's aux data length.
    pub const AUX_DATA_LENGTH: &Field = &Field::new(P, "aux data length");
    /// A group record's source count.
    pub const RECORD_NUM_SOURCES: &Field = &Field::new(P, "record number of sources");
    /// A v3 report's record count.
    pub const NUM_RECORDS: &Field = &Field::new(P, "number of group records");
}
