//! The sans-IO rules of RFC 2661 and RFC 3931 on one control message: the Message Type AVP
//! first (mandatory, not hidden), the mandatory AVPs of each message, unknown AVPs with the M
//! bit (the tunnel or session must be torn down), result and error codes valid for their
//! message, hidden AVPs with a Random Vector before them, values of the right length.

use core::cmp::Ordering;
use pdukit_wire::ParseError;

use crate::packet::Control;
use crate::types::{AvpType, BbfType, MessageType, BBF, IETF};
use crate::value::AvpValue;

/// What an unknown mandatory AVP takes down (RFC 2661 §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Teardown {
    /// The whole tunnel (control connection): a message of the tunnel.
    Tunnel,
    /// The session the message is about.
    Session,
}

/// One broken rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    /// The first AVP is not a Message Type AVP.
    NoMessageType,
    /// The Message Type AVP is hidden, or its M bit is clear.
    MessageTypeFlags {
        /// M bit as sent.
        mandatory: bool,
        /// H bit as sent.
        hidden: bool,
    },
    /// A mandatory AVP of this message is missing.
    MissingAvp {
        /// The message.
        message: MessageType,
        /// The missing AVP.
        avp: AvpType,
    },
    /// An AVP this crate does not know, with the M bit set: the RFC says to tear down.
    UnknownMandatory {
        /// Offset of the AVP.
        offset: usize,
        /// Vendor ID.
        vendor_id: u16,
        /// Attribute type.
        attr_type: u16,
        /// What goes down.
        teardown: Teardown,
    },
    /// A result code outside the range of its message (StopCCN 0-7, CDN 0-11).
    ResultCodeOutOfRange {
        /// The message.
        message: MessageType,
        /// The result code.
        result: u16,
    },
    /// A general error code outside 0-8.
    ErrorCodeOutOfRange {
        /// The error code.
        error: u16,
    },
    /// A hidden AVP with no Random Vector before it.
    HiddenWithoutRandomVector {
        /// Offset of the AVP.
        offset: usize,
    },
    /// An AVP whose reserved bits are set.
    ReservedBits {
        /// Offset of the AVP.
        offset: usize,
    },
    /// A value whose length its type cannot have.
    BadValue(ParseError),
}

/// Violations found, in order: the first 16 kept, the rest counted (`dropped`).
pub type Violations = pdukit_wire::Bounded<Violation, 16>;

/// The AVPs a message must carry (after its Message Type), for L2TPv2 (RFC 2661 §6) or
/// L2TPv3 (RFC 3931 §6).
pub fn mandatory_avps(message: MessageType, version: u8) -> &'static [AvpType] {
    use AvpType as A;
    use MessageType as M;
    if version == 3 {
        return match message {
            M::SCCRQ | M::SCCRP => &[
                A::HOST_NAME,
                A::ROUTER_ID,
                A::ASSIGNED_CONTROL_CONNECTION_ID,
                A::PSEUDOWIRE_CAPABILITIES,
            ],
            M::STOPCCN => &[A::RESULT_CODE],
            M::ICRQ | M::OCRQ => &[
                A::LOCAL_SESSION_ID,
                A::REMOTE_SESSION_ID,
                A::CALL_SERIAL_NUMBER,
                A::PSEUDOWIRE_TYPE,
            ],
            M::ICRP | M::ICCN | M::OCRP | M::OCCN | M::SLI => {
                &[A::LOCAL_SESSION_ID, A::REMOTE_SESSION_ID]
            }
            M::CDN => &[A::RESULT_CODE, A::LOCAL_SESSION_ID, A::REMOTE_SESSION_ID],
            M::WEN => &[A::LOCAL_SESSION_ID, A::REMOTE_SESSION_ID, A::CALL_ERRORS],
            _ => &[],
        };
    }
    match message {
        M::SCCRQ | M::SCCRP => &[
            A::PROTOCOL_VERSION,
            A::HOST_NAME,
            A::FRAMING_CAPABILITIES,
            A::ASSIGNED_TUNNEL_ID,
        ],
        M::STOPCCN => &[A::ASSIGNED_TUNNEL_ID, A::RESULT_CODE],
        M::ICRQ => &[A::ASSIGNED_SESSION_ID, A::CALL_SERIAL_NUMBER],
        M::ICRP | M::OCRP => &[A::ASSIGNED_SESSION_ID],
        M::OCRQ => &[
            A::ASSIGNED_SESSION_ID,
            A::CALL_SERIAL_NUMBER,
            A::MINIMUM_BPS,
            A::MAXIMUM_BPS,
            A::BEARER_TYPE,
            A::FRAMING_TYPE,
            A::CALLED_NUMBER,
        ],
        M::ICCN | M::OCCN => &[A::TX_CONNECT_SPEED, A::FRAMING_TYPE],
        M::CDN => &[A::RESULT_CODE, A::ASSIGNED_SESSION_ID],
        M::WEN => &[A::CALL_ERRORS],
        M::SLI => &[A::ACCM],
        _ => &[],
    }
}

/// The AVP (vendor, type) is one this crate knows.
pub fn is_known(vendor_id: u16, attr_type: u16) -> bool {
    match vendor_id {
        IETF => AvpType(attr_type).name().is_some(),
        BBF => BbfType(attr_type).name().is_some(),
        _ => false,
    }
}

/// Whether a message belongs to a session (its unknown mandatory AVPs take the session down)
/// or to the tunnel.
pub fn scope(message: Option<MessageType>) -> Teardown {
    use MessageType as M;
    match message {
        Some(M::OCRQ | M::OCRP | M::OCCN | M::ICRQ | M::ICRP | M::ICCN | M::CDN | M::WEN)
        | Some(M::SLI) => Teardown::Session,
        _ => Teardown::Tunnel,
    }
}

/// Largest result code of StopCCN (RFC 2661 §4.4.2).
pub const STOPCCN_RESULT_MAX: u16 = 7;
/// Largest result code of CDN.
pub const CDN_RESULT_MAX: u16 = 11;
/// Largest general error code.
pub const ERROR_CODE_MAX: u16 = 8;

/// Checks one control message against the rules that need no other message. A ZLB has none
/// to break.
pub fn check(c: &Control<'_>) -> Violations {
    let mut v = Violations::default();
    if c.is_zlb() {
        return v;
    }
    let mut avps = c.avps();
    let message = match avps.next() {
        Some(first) if first.is(AvpType::MESSAGE_TYPE) => {
            if first.hidden || !first.mandatory {
                v.push(Violation::MessageTypeFlags {
                    mandatory: first.mandatory,
                    hidden: first.hidden,
                });
            }
            c.message_type()
        }
        _ => {
            v.push(Violation::NoMessageType);
            None
        }
    };
    let teardown = scope(message);
    for a in c.avps() {
        if a.reserved != 0 {
            v.push(Violation::ReservedBits { offset: a.offset });
        }
        if a.hidden && a.random_vector.is_none() {
            v.push(Violation::HiddenWithoutRandomVector { offset: a.offset });
        }
        if !is_known(a.vendor_id, a.attr_type) {
            if a.mandatory {
                v.push(Violation::UnknownMandatory {
                    offset: a.offset,
                    vendor_id: a.vendor_id,
                    attr_type: a.attr_type,
                    teardown,
                });
            }
            continue;
        }
        match a.value() {
            Err(e) => v.push(Violation::BadValue(e)),
            Ok(AvpValue::ResultCode(r)) => {
                let max = match message {
                    Some(MessageType::STOPCCN) => Some(STOPCCN_RESULT_MAX),
                    Some(MessageType::CDN) => Some(CDN_RESULT_MAX),
                    _ => None,
                };
                if let (Some(m), Some(max)) = (message, max) {
                    if r.result > max {
                        v.push(Violation::ResultCodeOutOfRange {
                            message: m,
                            result: r.result,
                        });
                    }
                }
                if let Some(e) = r.error.filter(|e| *e > ERROR_CODE_MAX) {
                    v.push(Violation::ErrorCodeOutOfRange { error: e });
                }
            }
            Ok(_) => {}
        }
    }
    if let Some(m) = message {
        for t in mandatory_avps(m, c.header.version) {
            if c.find(*t).is_none() {
                v.push(Violation::MissingAvp {
                    message: m,
                    avp: *t,
                });
            }
        }
    }
    v
}

/// `a` compared with `b` in sequence-number space (modulo 2^16, RFC 2661 §5.8): `Less` when
/// `a` comes before `b`, i.e. `b - a` (mod 2^16) is in 1..=32767.
pub fn seq_cmp(a: u16, b: u16) -> Ordering {
    match b.wrapping_sub(a) {
        0 => Ordering::Equal,
        d if d < 0x8000 => Ordering::Less,
        _ => Ordering::Greater,
    }
}
