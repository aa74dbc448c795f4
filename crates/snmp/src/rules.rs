//! Rule checks kept apart from parsing (sans-IO): what RFC 3416 / RFC 3584 say about a parsed
//! message that its syntax alone cannot. A message can parse and still break these.

use crate::message::{GenericTrap, Message, Pdu, Version};
use crate::oid::Oid;
use crate::value::Value;

/// sysUpTime.0 (1.3.6.1.2.1.1.3.0), the first varbind of an SNMPv2-Trap or Inform.
pub const SYS_UP_TIME_0: &[u8] = &[0x2b, 6, 1, 2, 1, 1, 3, 0];
/// snmpTrapOID.0 (1.3.6.1.6.3.1.1.4.1.0), the second.
pub const SNMP_TRAP_OID_0: &[u8] = &[0x2b, 6, 1, 6, 3, 1, 1, 4, 1, 0];
/// snmpTraps (1.3.6.1.6.3.1.1.5): the v1 generic traps are its children 1-6 (RFC 3584 §3.1).
pub const SNMP_TRAPS: &[u8] = &[0x2b, 6, 1, 6, 3, 1, 1, 5];

/// One broken rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    /// A v2c-only PDU (GetBulk, Inform, SNMPv2-Trap, Report) in a v1 message.
    V2PduInV1 {
        /// The PDU tag.
        tag: u8,
    },
    /// A Trap-v1 in a v2c message.
    TrapV1InV2c,
    /// A Counter64 or an exception value in a v1 message (varbind index, 1-based).
    V2ValueInV1 {
        /// Varbind index, 1-based.
        index: usize,
    },
    /// error-index outside 0..=varbind count, or non-zero without an error.
    ErrorIndexOutOfRange {
        /// The error-index.
        error_index: i32,
        /// The varbinds present.
        varbinds: usize,
    },
    /// A request varbind whose value is not NULL (varbind index, 1-based).
    RequestValueNotNull {
        /// Varbind index, 1-based.
        index: usize,
    },
    /// An SNMPv2-Trap or Inform whose first varbinds are not sysUpTime.0 and snmpTrapOID.0.
    TrapVarbindsMissing,
    /// A varbind that does not decode (index, 1-based).
    BadVarbind {
        /// Varbind index, 1-based.
        index: usize,
    },
}

/// Violations found, in order: the first [`MAX_VIOLATIONS`] kept, the rest counted (`dropped`).
pub type Violations = pdukit_wire::Bounded<Violation, MAX_VIOLATIONS>;

/// Violations kept per message (the first ones).
pub const MAX_VIOLATIONS: usize = 8;

/// Checks a parsed message against the rules of its version and PDU.
pub fn check(msg: &Message<'_>) -> Violations {
    let mut out = Violations::default();
    let (version, pdu) = match msg {
        Message::Community { version, pdu, .. } => (Some(*version), *pdu),
        Message::V3(m) => match m.pdu() {
            Ok(p) => (None, *p),
            Err(_) => return out,
        },
    };
    let v1 = version == Some(Version::V1);
    match (&pdu, version) {
        (Pdu::GetBulk(_) | Pdu::Inform(_) | Pdu::V2Trap(_) | Pdu::Report(_), Some(Version::V1)) => {
            out.push(Violation::V2PduInV1 { tag: pdu.tag() })
        }
        (Pdu::TrapV1(_), Some(Version::V2c) | None) => out.push(Violation::TrapV1InV2c),
        _ => {}
    }
    let request = matches!(pdu, Pdu::Get(_) | Pdu::GetNext(_) | Pdu::GetBulk(_));
    let mut n = 0usize;
    let mut first_two: [Option<Oid<'_>>; 2] = [None, None];
    for (i, vb) in pdu.varbinds().iter().enumerate() {
        n += 1;
        let Ok(vb) = vb else {
            out.push(Violation::BadVarbind { index: i + 1 });
            continue;
        };
        if v1 && (matches!(vb.value, Value::Counter64(_)) || vb.value.is_exception()) {
            out.push(Violation::V2ValueInV1 { index: i + 1 });
        }
        if request && vb.value != Value::Null {
            out.push(Violation::RequestValueNotNull { index: i + 1 });
        }
        if let Some(slot) = first_two.get_mut(i) {
            *slot = Some(vb.name);
        }
    }
    if let Some(p) = pdu.standard() {
        let bad = p.error_index < 0
            || p.error_index as usize > n
            || (p.error_status.0 == 0 && p.error_index != 0);
        if bad {
            out.push(Violation::ErrorIndexOutOfRange {
                error_index: p.error_index,
                varbinds: n,
            });
        }
    }
    if matches!(pdu, Pdu::V2Trap(_) | Pdu::Inform(_)) {
        let ok = first_two[0].is_some_and(|o| o.as_ber() == SYS_UP_TIME_0)
            && first_two[1].is_some_and(|o| o.as_ber() == SNMP_TRAP_OID_0);
        if !ok {
            out.push(Violation::TrapVarbindsMissing);
        }
    }
    out
}

/// The snmpTrapOID of a v1 generic trap (RFC 3584 §3.1.1): snmpTraps.(generic + 1) for
/// 0-5 (coldStart .. egpNeighborLoss); `None` for enterpriseSpecific (6), whose OID is the
/// enterprise, 0, specific-trap, and for values outside 0-6.
pub fn trap_oid_of_generic(generic: GenericTrap) -> Option<crate::OidBuf> {
    let g = u32::try_from(generic.0).ok().filter(|&g| g <= 5)?;
    let base = Oid::from_ber(SNMP_TRAPS, 0).ok()?.to_buf();
    base.child(g + 1).ok()
}

/// The v1 generic trap of an snmpTrapOID (RFC 3584 §3.2): snmpTraps.1-6 give 0-5; anything
/// else is enterpriseSpecific (6).
pub fn generic_of_trap_oid(oid: &Oid<'_>) -> GenericTrap {
    let b = oid.as_ber();
    match b.strip_prefix(SNMP_TRAPS) {
        Some(&[n @ 1..=6]) => GenericTrap(i32::from(n) - 1),
        _ => GenericTrap::ENTERPRISE_SPECIFIC,
    }
}
