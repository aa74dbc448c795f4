//! Named offsets and bits of L2TP headers and AVPs (from the first byte of the L2TP header, or of
//! the AVP for the `AVP_` items) and the fields errors name. No other module writes a literal
//! offset.

use core::ops::Range;

use pdukit_wire::Field;

const P: &str = "l2tp";

/// The flags-and-version word.
pub const FLAGS: Range<usize> = 0..2;
/// T: a control message.
pub const T_BIT: u16 = 0x8000;
/// L: the Length field is present.
pub const L_BIT: u16 = 0x4000;
/// S: Ns and Nr are present.
pub const S_BIT: u16 = 0x0800;
/// O: the Offset Size field is present (v2 data).
pub const O_BIT: u16 = 0x0200;
/// P: priority (v2 data).
pub const P_BIT: u16 = 0x0100;
/// The version nibble.
pub const VERSION_MASK: u16 = 0x000f;
/// Bits of the v2 word that must be zero.
pub const V2_RESERVED: u16 = 0x34f0;
/// Bits of the v3 control word that must be zero (everything but T, L, S and the version).
pub const V3_RESERVED: u16 = !(T_BIT | L_BIT | S_BIT | VERSION_MASK);

/// Bytes of a control header (v2: flags, length, tunnel, session, Ns, Nr; v3: flags, length,
/// control connection ID, Ns, Nr).
pub const CONTROL_HEADER_LEN: usize = 12;
/// v2 control header: Length.
pub const V2_LENGTH: Range<usize> = 2..4;
/// v2 control header: Tunnel ID.
pub const V2_TUNNEL: Range<usize> = 4..6;
/// v2 control header: Session ID.
pub const V2_SESSION: Range<usize> = 6..8;
/// v2 control header: Ns.
pub const V2_NS: Range<usize> = 8..10;
/// v2 control header: Nr.
pub const V2_NR: Range<usize> = 10..12;
/// v3 control header: Length.
pub const V3_LENGTH: Range<usize> = 2..4;
/// v3 control header: Control Connection ID.
pub const V3_CCID: Range<usize> = 4..8;
/// v3 control header: Ns.
pub const V3_NS: Range<usize> = 8..10;
/// v3 control header: Nr.
pub const V3_NR: Range<usize> = 10..12;
/// Over IP (protocol 115): the 32-bit Session ID that precedes every message (0 for control).
pub const IP_SESSION: Range<usize> = 0..4;
/// v3 data over UDP: reserved bits, then the Session ID.
pub const V3_UDP_SESSION: Range<usize> = 4..8;

/// AVP header bytes.
pub const AVP_HEADER_LEN: usize = 6;
/// Largest AVP (10-bit length, header included).
pub const AVP_MAX_LEN: usize = 0x3ff;
/// Largest AVP value.
pub const AVP_MAX_VALUE: usize = AVP_MAX_LEN - AVP_HEADER_LEN;
/// Within an AVP: flags and length.
pub const AVP_FLAGS: Range<usize> = 0..2;
/// Within an AVP: vendor ID.
pub const AVP_VENDOR: Range<usize> = 2..4;
/// Within an AVP: attribute type.
pub const AVP_TYPE: Range<usize> = 4..6;
/// AVP M bit.
pub const AVP_M_BIT: u16 = 0x8000;
/// AVP H bit.
pub const AVP_H_BIT: u16 = 0x4000;
/// AVP reserved bits.
pub const AVP_RESERVED: u16 = 0x3c00;
/// AVP length bits.
pub const AVP_LENGTH: u16 = 0x03ff;
/// Within a hidden AVP's plaintext: the original length.
pub const HIDDEN_LENGTH: usize = 2;
/// MD5 block of the hiding algorithm and of challenge responses.
pub const MD5_LEN: usize = 16;

/// The fields errors name.
pub mod name {
    use super::{Field, P};
    /// The flags-and-version word.
    pub const FLAGS: &Field = &Field::new(P, "flags and version");
    /// The version: not 2 or 3.
    pub const VERSION: &Field = &Field::new(P, "version");
    /// Version 1: L2F (RFC 2341), which is not L2TP.
    pub const L2F: &Field = &Field::new(P, "version 1 (L2F, RFC 2341, not L2TP)");
    /// Reserved bits of the header.
    pub const RESERVED: &Field = &Field::new(P, "reserved header bits");
    /// The header.
    pub const HEADER: &Field = &Field::new(P, "header");
    /// The Length field.
    pub const LENGTH: &Field = &Field::new(P, "length");
    /// The Offset Size field.
    pub const OFFSET_SIZE: &Field = &Field::new(P, "offset size");
    /// The L bit of a control message (must be set).
    pub const L_BIT: &Field = &Field::new(P, "length bit of a control message");
    /// The S bit of a control message (must be set).
    pub const S_BIT: &Field = &Field::new(P, "sequence bit of a control message");
    /// The O bit of a control message (must be clear).
    pub const O_BIT: &Field = &Field::new(P, "offset bit of a control message");
    /// The P bit of a control message (must be clear).
    pub const P_BIT: &Field = &Field::new(P, "priority bit of a control message");
    /// The Session ID over IP.
    pub const SESSION_ID: &Field = &Field::new(P, "session id");
    /// A v3 data cookie.
    pub const COOKIE: &Field = &Field::new(P, "cookie");
    /// An AVP's 6-byte header.
    pub const AVP_HEADER: &Field = &Field::new(P, "AVP header");
    /// An AVP's 10-bit length.
    pub const AVP_LENGTH: &Field = &Field::new(P, "AVP length");
    /// An AVP's reserved bits.
    pub const AVP_RESERVED: &Field = &Field::new(P, "AVP reserved bits");
    /// An AVP's value, for its type.
    pub const AVP_VALUE: &Field = &Field::new(P, "AVP value");
    /// A hidden AVP's original length.
    pub const HIDDEN_LENGTH: &Field = &Field::new(P, "hidden AVP original length");
    /// The Random Vector a hidden AVP needs.
    pub const RANDOM_VECTOR: &Field = &Field::new(P, "random vector before a hidden AVP");
    /// Hidden-AVP padding.
    pub const HIDDEN_PADDING: &Field = &Field::new(P, "hidden AVP padding");
    /// A Result Code with a message but no error code.
    pub const RESULT_CODE: &Field = &Field::new(P, "result code");
}
