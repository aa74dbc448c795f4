//! The IGMP header's shared pieces: the message types, the checksum, and the IGMPv3 report
//! header that both `Message::emit` and `ReportV3Writer::finish` write (a leaf: `message` and
//! `records` both use it, neither the other's internals).

use pdukit_checksum::Checksum;

use crate::field;

pdukit_wire::open_enum! {
    /// An IGMP message type (open: every value has exactly one form).
    pub struct MessageType(u8) {
        /// Membership Query (all versions).
        MEMBERSHIP_QUERY = 0x11 => "Membership Query",
        /// Version 1 Membership Report.
        V1_REPORT = 0x12 => "V1 Membership Report",
        /// DVMRP (RFC 1075).
        DVMRP = 0x13 => "DVMRP",
        /// PIM version 1.
        PIM_V1 = 0x14 => "PIMv1",
        /// Version 2 Membership Report.
        V2_REPORT = 0x16 => "V2 Membership Report",
        /// Leave Group.
        LEAVE_GROUP = 0x17 => "Leave Group",
        /// Multicast traceroute response.
        MTRACE_RESPONSE = 0x1e => "Mtrace Response",
        /// Multicast traceroute query/request.
        MTRACE = 0x1f => "Mtrace",
        /// Version 3 Membership Report.
        V3_REPORT = 0x22 => "V3 Membership Report",
        /// Multicast Router Advertisement (RFC 4286).
        MRD_ADVERTISEMENT = 0x30 => "MRD Advertisement",
        /// Multicast Router Solicitation (RFC 4286).
        MRD_SOLICITATION = 0x31 => "MRD Solicitation",
        /// Multicast Router Termination (RFC 4286).
        MRD_TERMINATION = 0x32 => "MRD Termination",
    }
}

/// The checksum `data` should carry (its checksum field taken as zero).
pub fn compute_checksum(data: &[u8]) -> u16 {
    Checksum::new()
        .add_bytes_zeroing(data, field::CHECKSUM.start)
        .finish()
}

/// Fills the checksum field of a built message.
pub(crate) fn fill_checksum(msg: &mut [u8]) {
    let c = compute_checksum(msg);
    msg[field::CHECKSUM].copy_from_slice(&c.to_be_bytes());
}

/// Writes an IGMPv3 report's header (type 0x22, code and reserved bytes zero, the record count)
/// around the records already in `msg`, then the checksum.
pub(crate) fn finish_v3_report(msg: &mut [u8], count: u16) {
    msg[field::TYPE] = MessageType::V3_REPORT.0;
    msg[field::CODE] = 0;
    msg[field::CHECKSUM].fill(0);
    msg[field::V3R_RESERVED].fill(0);
    msg[field::V3R_NUM_RECORDS].copy_from_slice(&count.to_be_bytes());
    fill_checksum(msg);
}
