//! IF-MIB knowledge (RFC 2863): the ifTable and ifXTable columns, the status and type open
//! enums, instance OIDs and the cell an OID names, the SET that shuts or enables a port and what
//! the agent's answer means, and linkDown / linkUp notifications in either version's form.

use core::fmt;

use pdukit_wire::BuildError;

use crate::message::{ErrorStatus, GenericTrap, Message, Pdu, StandardPdu, Version};
use crate::oid::{Oid, OidBuf};
use crate::value::{Value, VarBind, VarBinds};

/// ifEntry (1.3.6.1.2.1.2.2.1): the column is the next arc, the ifIndex the one after.
pub const IF_ENTRY: [u32; 9] = [1, 3, 6, 1, 2, 1, 2, 2, 1];
/// ifXEntry (1.3.6.1.2.1.31.1.1.1).
pub const IF_X_ENTRY: [u32; 10] = [1, 3, 6, 1, 2, 1, 31, 1, 1, 1];
/// ifNumber.0.
pub const IF_NUMBER_0: [u32; 9] = [1, 3, 6, 1, 2, 1, 2, 1, 0];
/// ifTableLastChange.0.
pub const IF_TABLE_LAST_CHANGE_0: [u32; 10] = [1, 3, 6, 1, 2, 1, 31, 1, 5, 0];

/// ifEntry columns.
pub mod if_entry {
    /// ifIndex.
    pub const INDEX: u32 = 1;
    /// ifDescr.
    pub const DESCR: u32 = 2;
    /// ifType.
    pub const TYPE: u32 = 3;
    /// ifMtu.
    pub const MTU: u32 = 4;
    /// ifSpeed (bits/s, Gauge32).
    pub const SPEED: u32 = 5;
    /// ifPhysAddress.
    pub const PHYS_ADDRESS: u32 = 6;
    /// ifAdminStatus.
    pub const ADMIN_STATUS: u32 = 7;
    /// ifOperStatus.
    pub const OPER_STATUS: u32 = 8;
    /// ifLastChange (TimeTicks).
    pub const LAST_CHANGE: u32 = 9;
    /// ifInOctets.
    pub const IN_OCTETS: u32 = 10;
    /// ifInUcastPkts.
    pub const IN_UCAST_PKTS: u32 = 11;
    /// ifInDiscards.
    pub const IN_DISCARDS: u32 = 13;
    /// ifInErrors.
    pub const IN_ERRORS: u32 = 14;
    /// ifOutOctets.
    pub const OUT_OCTETS: u32 = 16;
    /// ifOutUcastPkts.
    pub const OUT_UCAST_PKTS: u32 = 17;
    /// ifOutDiscards.
    pub const OUT_DISCARDS: u32 = 19;
    /// ifOutErrors.
    pub const OUT_ERRORS: u32 = 20;
}

/// ifXEntry columns.
pub mod if_x_entry {
    /// ifName.
    pub const NAME: u32 = 1;
    /// ifHCInOctets (Counter64).
    pub const HC_IN_OCTETS: u32 = 6;
    /// ifHCInUcastPkts.
    pub const HC_IN_UCAST_PKTS: u32 = 7;
    /// ifHCOutOctets.
    pub const HC_OUT_OCTETS: u32 = 10;
    /// ifHCOutUcastPkts.
    pub const HC_OUT_UCAST_PKTS: u32 = 11;
    /// ifLinkUpDownTrapEnable.
    pub const LINK_UP_DOWN_TRAP_ENABLE: u32 = 14;
    /// ifHighSpeed (Mbit/s).
    pub const HIGH_SPEED: u32 = 15;
    /// ifAlias.
    pub const ALIAS: u32 = 18;
}

pdukit_wire::open_enum! {
    /// ifAdminStatus.
    pub struct AdminStatus(i32) {
        /// up(1).
        UP = 1 => "up",
        /// down(2).
        DOWN = 2 => "down",
        /// testing(3).
        TESTING = 3 => "testing",
    }
}

pdukit_wire::open_enum! {
    /// ifOperStatus.
    pub struct OperStatus(i32) {
        /// up(1).
        UP = 1 => "up",
        /// down(2).
        DOWN = 2 => "down",
        /// testing(3).
        TESTING = 3 => "testing",
        /// unknown(4).
        UNKNOWN = 4 => "unknown",
        /// dormant(5).
        DORMANT = 5 => "dormant",
        /// notPresent(6).
        NOT_PRESENT = 6 => "notPresent",
        /// lowerLayerDown(7).
        LOWER_LAYER_DOWN = 7 => "lowerLayerDown",
    }
}

pdukit_wire::open_enum! {
    /// IANAifType, the common values (unknown ones kept).
    pub struct IfType(i32) {
        /// other(1).
        OTHER = 1 => "other",
        /// ethernetCsmacd(6).
        ETHERNET_CSMACD = 6 => "ethernetCsmacd",
        /// ppp(23).
        PPP = 23 => "ppp",
        /// softwareLoopback(24).
        SOFTWARE_LOOPBACK = 24 => "softwareLoopback",
        /// propVirtual(53).
        PROP_VIRTUAL = 53 => "propVirtual",
        /// tunnel(131).
        TUNNEL = 131 => "tunnel",
        /// l2vlan(135).
        L2VLAN = 135 => "l2vlan",
        /// ieee8023adLag(161).
        IEEE8023AD_LAG = 161 => "ieee8023adLag",
        /// bridge(209).
        BRIDGE = 209 => "bridge",
    }
}

/// Which interface table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    /// ifTable (ifEntry).
    IfTable,
    /// ifXTable (ifXEntry).
    IfXTable,
}

impl Table {
    const fn entry(self) -> &'static [u32] {
        match self {
            Table::IfTable => &IF_ENTRY,
            Table::IfXTable => &IF_X_ENTRY,
        }
    }
}

/// The column OID of `table` (a walk's starting point).
pub fn column(table: Table, col: u32) -> Result<OidBuf, BuildError> {
    let mut arcs = [0u32; 11];
    let e = table.entry();
    arcs[..e.len()].copy_from_slice(e);
    arcs[e.len()] = col;
    OidBuf::from_arcs(&arcs[..e.len() + 1])
}

/// The instance OID of `table`'s column `col` for `if_index`.
pub fn instance(table: Table, col: u32, if_index: u32) -> Result<OidBuf, BuildError> {
    column(table, col)?.child(if_index)
}

/// A cell of an interface table named by an OID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cell {
    /// The table.
    pub table: Table,
    /// The column.
    pub column: u32,
    /// The ifIndex.
    pub if_index: u32,
}

/// The cell `oid` names: entry, column, ifIndex and nothing after; `None` for anything else.
pub fn cell_of(oid: &Oid<'_>) -> Option<Cell> {
    for table in [Table::IfTable, Table::IfXTable] {
        let e = table.entry();
        let mut arcs = oid.arcs();
        if arcs.by_ref().take(e.len()).eq(e.iter().copied()) {
            let (Some(column), Some(if_index), None) = (arcs.next(), arcs.next(), arcs.next())
            else {
                return None;
            };
            return Some(Cell {
                table,
                column,
                if_index,
            });
        }
    }
    None
}

/// Writes a v1/v2c SET of ifAdminStatus.`if_index` to `status` into `buf` (bytes after UDP);
/// returns the length.
pub fn set_admin_status(
    buf: &mut [u8],
    version: Version,
    community: &[u8],
    request_id: i32,
    if_index: u32,
    status: AdminStatus,
) -> Result<usize, BuildError> {
    let name = instance(Table::IfTable, if_entry::ADMIN_STATUS, if_index)?;
    let vbs = [VarBind {
        name: name.as_oid(),
        value: Value::Integer(status.0),
    }];
    Message::Community {
        version,
        community,
        pdu: Pdu::Set(StandardPdu {
            request_id,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(&vbs),
        }),
    }
    .emit(buf)
}

/// Why a port's SET did not take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetError {
    /// The answer is not a Response to this request.
    NotAnAnswer {
        /// The request-id expected.
        request_id: i32,
    },
    /// The agent refused: notWritable, noAccess, wrongValue, noSuchName, authorizationError...
    Refused {
        /// The port.
        if_index: u32,
        /// What the agent said.
        status: ErrorStatus,
    },
    /// noError, but the answer does not carry the varbind that was set (RFC 3416 §4.2.5: the
    /// Response repeats the request's varbinds): not taken as a success.
    NotConfirmed {
        /// The port.
        if_index: u32,
    },
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetError::NotAnAnswer { request_id } => {
                write!(f, "not a response to request {request_id}")
            }
            SetError::Refused { if_index, status } => {
                write!(f, "the agent refused ifAdminStatus.{if_index}: {status}")
            }
            SetError::NotConfirmed { if_index } => write!(
                f,
                "the agent answered noError without ifAdminStatus.{if_index} and a status in \
                 its varbinds: the SET is not confirmed"
            ),
        }
    }
}

/// What the agent's answer to [`set_admin_status`] means: `Ok` for noError with the one varbind
/// that was set (ifAdminStatus.`if_index` and an admin status) echoed, as RFC 3416 asks.
/// Whether the port really changed is for a read-back to tell (`pdukit ifstatus` does one).
pub fn set_result(answer: &Message<'_>, request_id: i32, if_index: u32) -> Result<(), SetError> {
    match answer.pdu() {
        Some(Pdu::Response(r)) if r.request_id == request_id => {
            if r.error_status == ErrorStatus::NO_ERROR {
                let want = instance(Table::IfTable, if_entry::ADMIN_STATUS, if_index)
                    .map_err(|_| SetError::NotConfirmed { if_index })?;
                let mut vbs = r.varbinds.iter();
                match (vbs.next(), vbs.next()) {
                    (Some(Ok(vb)), None)
                        if vb.name == want.as_oid()
                            && matches!(vb.value, Value::Integer(1..=3)) =>
                    {
                        Ok(())
                    }
                    _ => Err(SetError::NotConfirmed { if_index }),
                }
            } else {
                Err(SetError::Refused {
                    if_index,
                    status: r.error_status,
                })
            }
        }
        _ => Err(SetError::NotAnAnswer { request_id }),
    }
}

/// A linkDown or linkUp notification, whichever form it came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkEvent {
    /// linkUp (else linkDown).
    pub up: bool,
    /// ifIndex, when the notification carries it.
    pub if_index: Option<u32>,
    /// ifAdminStatus, when carried.
    pub admin: Option<AdminStatus>,
    /// ifOperStatus, when carried.
    pub oper: Option<OperStatus>,
}

/// snmpTraps.linkDown / linkUp (RFC 3584 / IF-MIB): 1.3.6.1.6.3.1.1.5.3 and .4.
const LINK_DOWN: &[u8] = &[0x2b, 6, 1, 6, 3, 1, 1, 5, 3];
const LINK_UP: &[u8] = &[0x2b, 6, 1, 6, 3, 1, 1, 5, 4];
const SNMP_TRAP_OID_0: &[u8] = &[0x2b, 6, 1, 6, 3, 1, 1, 4, 1, 0];

/// The link event a message carries: a v1 Trap with generic-trap linkDown(2) / linkUp(3), or an
/// SNMPv2-Trap / Inform whose snmpTrapOID.0 is linkDown / linkUp; the ifIndex, ifAdminStatus and
/// ifOperStatus varbinds filled in when present (ifIndex also from an instance's last arc).
pub fn link_event(msg: &Message<'_>) -> Option<LinkEvent> {
    let pdu = msg.pdu()?;
    let up = match pdu {
        Pdu::TrapV1(t) if t.generic_trap == GenericTrap::LINK_DOWN => false,
        Pdu::TrapV1(t) if t.generic_trap == GenericTrap::LINK_UP => true,
        Pdu::V2Trap(p) | Pdu::Inform(p) => {
            let trap = p
                .varbinds
                .iter()
                .flatten()
                .find(|v| v.name.as_ber() == SNMP_TRAP_OID_0)?;
            match trap.value {
                Value::ObjectId(o) if o.as_ber() == LINK_DOWN => false,
                Value::ObjectId(o) if o.as_ber() == LINK_UP => true,
                _ => return None,
            }
        }
        _ => return None,
    };
    let mut ev = LinkEvent {
        up,
        if_index: None,
        admin: None,
        oper: None,
    };
    for vb in pdu.varbinds().iter().flatten() {
        let (Some(cell), Value::Integer(v)) = (cell_of(&vb.name), vb.value) else {
            continue;
        };
        if cell.table != Table::IfTable {
            continue;
        }
        ev.if_index = Some(cell.if_index);
        match cell.column {
            if_entry::ADMIN_STATUS => ev.admin = Some(AdminStatus(v)),
            if_entry::OPER_STATUS => ev.oper = Some(OperStatus(v)),
            _ => {}
        }
    }
    Some(ev)
}

/// The columns the helpdesk table reads: ifDescr, ifType, ifMtu, ifSpeed, ifPhysAddress,
/// ifAdminStatus, ifOperStatus, ifLastChange (ifTable), ifName, ifHighSpeed, ifAlias (ifXTable).
pub const STATUS_COLUMNS: [(Table, u32); 11] = [
    (Table::IfTable, if_entry::DESCR),
    (Table::IfTable, if_entry::TYPE),
    (Table::IfTable, if_entry::MTU),
    (Table::IfTable, if_entry::SPEED),
    (Table::IfTable, if_entry::PHYS_ADDRESS),
    (Table::IfTable, if_entry::ADMIN_STATUS),
    (Table::IfTable, if_entry::OPER_STATUS),
    (Table::IfTable, if_entry::LAST_CHANGE),
    (Table::IfXTable, if_x_entry::NAME),
    (Table::IfXTable, if_x_entry::HIGH_SPEED),
    (Table::IfXTable, if_x_entry::ALIAS),
];

/// The counter columns: octets, unicast packets, errors, discards both ways (ifTable), and the
/// 64-bit octets and packets (ifXTable).
pub const COUNTER_COLUMNS: [(Table, u32); 12] = [
    (Table::IfTable, if_entry::IN_OCTETS),
    (Table::IfTable, if_entry::IN_UCAST_PKTS),
    (Table::IfTable, if_entry::IN_DISCARDS),
    (Table::IfTable, if_entry::IN_ERRORS),
    (Table::IfTable, if_entry::OUT_OCTETS),
    (Table::IfTable, if_entry::OUT_UCAST_PKTS),
    (Table::IfTable, if_entry::OUT_DISCARDS),
    (Table::IfTable, if_entry::OUT_ERRORS),
    (Table::IfXTable, if_x_entry::HC_IN_OCTETS),
    (Table::IfXTable, if_x_entry::HC_IN_UCAST_PKTS),
    (Table::IfXTable, if_x_entry::HC_OUT_OCTETS),
    (Table::IfXTable, if_x_entry::HC_OUT_UCAST_PKTS),
];

/// A walk of `columns` (at most `N`), ready for [`crate::walk::Walk::request`].
pub fn walk<'c, const N: usize>(
    version: Version,
    community: &'c [u8],
    columns: &[(Table, u32)],
) -> Result<crate::walk::Walk<'c, N>, BuildError> {
    if columns.len() > N {
        return Err(BuildError::InvalidField {
            field: crate::field::name::WALK_COLUMNS,
            value: columns.len(),
        });
    }
    let mut oids = [OidBuf::EMPTY; N];
    for (o, &(t, c)) in oids.iter_mut().zip(columns) {
        *o = column(t, c)?;
    }
    crate::walk::Walk::new(version, community, &oids[..columns.len()])
}

/// A row of the interface tables, borrowing its strings from the answers: fill it with
/// [`Interface::apply`] for every cell of its ifIndex. Absent columns stay `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Interface<'a> {
    /// ifIndex.
    pub if_index: u32,
    /// ifDescr.
    pub descr: Option<&'a [u8]>,
    /// ifName (ifXTable).
    pub name: Option<&'a [u8]>,
    /// ifAlias (ifXTable).
    pub alias: Option<&'a [u8]>,
    /// ifType.
    pub if_type: Option<IfType>,
    /// ifMtu.
    pub mtu: Option<i32>,
    /// ifSpeed (bits/s; 4294967295 when faster).
    pub if_speed: Option<u32>,
    /// ifHighSpeed (Mbit/s, ifXTable).
    pub high_speed: Option<u32>,
    /// ifPhysAddress.
    pub phys_address: Option<&'a [u8]>,
    /// ifAdminStatus.
    pub admin: Option<AdminStatus>,
    /// ifOperStatus.
    pub oper: Option<OperStatus>,
    /// ifLastChange (sysUpTime hundredths at the last status change).
    pub last_change: Option<u32>,
    /// ifInOctets / ifHCInOctets (the 64-bit one wins when present).
    pub in_octets: Option<u64>,
    /// ifOutOctets / ifHCOutOctets.
    pub out_octets: Option<u64>,
    /// ifInUcastPkts / ifHCInUcastPkts.
    pub in_ucast_pkts: Option<u64>,
    /// ifOutUcastPkts / ifHCOutUcastPkts.
    pub out_ucast_pkts: Option<u64>,
    /// ifInErrors.
    pub in_errors: Option<u32>,
    /// ifOutErrors.
    pub out_errors: Option<u32>,
    /// ifInDiscards.
    pub in_discards: Option<u32>,
    /// ifOutDiscards.
    pub out_discards: Option<u32>,
    /// Which counters came from the 64-bit columns (so a later 32-bit cell does not replace
    /// them): bit 0 in octets, 1 out octets, 2 in packets, 3 out packets.
    hc: u8,
}

impl<'a> Interface<'a> {
    /// An empty row for `if_index`.
    pub fn new(if_index: u32) -> Self {
        Interface {
            if_index,
            ..Interface::default()
        }
    }

    /// Speed in bits/s: ifHighSpeed when present (unless it is 0 and ifSpeed says more: a port
    /// under 1 Mbit/s), else ifSpeed.
    pub fn speed(&self) -> Option<u64> {
        match (self.high_speed, self.if_speed) {
            (Some(0), Some(s)) => Some(u64::from(s)),
            (Some(h), _) => Some(u64::from(h) * 1_000_000),
            (None, s) => s.map(u64::from),
        }
    }

    /// Sets the field `name` (an instance of this row) names from `value`; `false` when the
    /// OID is not an instance of this row, the column is not one of the row's, or the value's
    /// type is not the column's (the field is then left alone).
    pub fn apply(&mut self, name: &Oid<'_>, value: &Value<'a>) -> bool {
        match cell_of(name) {
            Some(c) if c.if_index == self.if_index => self.set(c.table, c.column, value),
            _ => false,
        }
    }

    fn set(&mut self, table: Table, col: u32, value: &Value<'a>) -> bool {
        use Value::{Counter32, Counter64, Gauge32, Integer, OctetString, TimeTicks};
        match (table, col, *value) {
            (Table::IfTable, if_entry::DESCR, OctetString(s)) => self.descr = Some(s),
            (Table::IfTable, if_entry::TYPE, Integer(v)) => self.if_type = Some(IfType(v)),
            (Table::IfTable, if_entry::MTU, Integer(v)) => self.mtu = Some(v),
            (Table::IfTable, if_entry::SPEED, Gauge32(v)) => self.if_speed = Some(v),
            (Table::IfTable, if_entry::PHYS_ADDRESS, OctetString(s)) => self.phys_address = Some(s),
            (Table::IfTable, if_entry::ADMIN_STATUS, Integer(v)) => {
                self.admin = Some(AdminStatus(v))
            }
            (Table::IfTable, if_entry::OPER_STATUS, Integer(v)) => self.oper = Some(OperStatus(v)),
            (Table::IfTable, if_entry::LAST_CHANGE, TimeTicks(v)) => self.last_change = Some(v),
            (Table::IfTable, if_entry::IN_OCTETS, Counter32(v)) => self.counter32(0, v),
            (Table::IfTable, if_entry::OUT_OCTETS, Counter32(v)) => self.counter32(1, v),
            (Table::IfTable, if_entry::IN_UCAST_PKTS, Counter32(v)) => self.counter32(2, v),
            (Table::IfTable, if_entry::OUT_UCAST_PKTS, Counter32(v)) => self.counter32(3, v),
            (Table::IfTable, if_entry::IN_ERRORS, Counter32(v)) => self.in_errors = Some(v),
            (Table::IfTable, if_entry::OUT_ERRORS, Counter32(v)) => self.out_errors = Some(v),
            (Table::IfTable, if_entry::IN_DISCARDS, Counter32(v)) => self.in_discards = Some(v),
            (Table::IfTable, if_entry::OUT_DISCARDS, Counter32(v)) => self.out_discards = Some(v),
            (Table::IfXTable, if_x_entry::NAME, OctetString(s)) => self.name = Some(s),
            (Table::IfXTable, if_x_entry::ALIAS, OctetString(s)) => self.alias = Some(s),
            (Table::IfXTable, if_x_entry::HIGH_SPEED, Gauge32(v)) => self.high_speed = Some(v),
            (Table::IfXTable, if_x_entry::HC_IN_OCTETS, Counter64(v)) => self.counter64(0, v),
            (Table::IfXTable, if_x_entry::HC_OUT_OCTETS, Counter64(v)) => self.counter64(1, v),
            (Table::IfXTable, if_x_entry::HC_IN_UCAST_PKTS, Counter64(v)) => self.counter64(2, v),
            (Table::IfXTable, if_x_entry::HC_OUT_UCAST_PKTS, Counter64(v)) => self.counter64(3, v),
            _ => return false,
        }
        true
    }

    fn counter_slot(&mut self, which: u8) -> &mut Option<u64> {
        match which {
            0 => &mut self.in_octets,
            1 => &mut self.out_octets,
            2 => &mut self.in_ucast_pkts,
            _ => &mut self.out_ucast_pkts,
        }
    }

    fn counter32(&mut self, which: u8, v: u32) {
        if self.hc & (1 << which) == 0 {
            *self.counter_slot(which) = Some(u64::from(v));
        }
    }

    fn counter64(&mut self, which: u8, v: u64) {
        self.hc |= 1 << which;
        *self.counter_slot(which) = Some(v);
    }
}

/// A scalar value (no borrowed bytes) as a `'static` one; `None` for strings and OIDs.
#[cfg(feature = "alloc")]
fn scalar(v: &Value<'_>) -> Option<Value<'static>> {
    Some(match *v {
        Value::Integer(x) => Value::Integer(x),
        Value::Counter32(x) => Value::Counter32(x),
        Value::Gauge32(x) => Value::Gauge32(x),
        Value::TimeTicks(x) => Value::TimeTicks(x),
        Value::Counter64(x) => Value::Counter64(x),
        Value::UInteger32(x) => Value::UInteger32(x),
        _ => return None,
    })
}

/// A row of the interface tables that owns its strings (`alloc`): what a walk's cells are
/// gathered into when the answers they came in are not kept. [`InterfaceBuf::view`] gives the
/// borrowed [`Interface`].
#[cfg(feature = "alloc")]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InterfaceBuf {
    /// Every column but the strings.
    fixed: Interface<'static>,
    descr: Option<alloc::vec::Vec<u8>>,
    name: Option<alloc::vec::Vec<u8>>,
    alias: Option<alloc::vec::Vec<u8>>,
    phys_address: Option<alloc::vec::Vec<u8>>,
}

#[cfg(feature = "alloc")]
impl InterfaceBuf {
    /// An empty row for `if_index`.
    pub fn new(if_index: u32) -> Self {
        InterfaceBuf {
            fixed: Interface::new(if_index),
            ..InterfaceBuf::default()
        }
    }

    /// As [`Interface::apply`], the strings copied.
    pub fn apply(&mut self, name: &Oid<'_>, value: &Value<'_>) -> bool {
        match cell_of(name) {
            Some(c) if c.if_index == self.fixed.if_index => self.set(c.table, c.column, value),
            _ => false,
        }
    }

    /// Sets a column of this row (the OID already read once, by the caller).
    fn set(&mut self, table: Table, column: u32, value: &Value<'_>) -> bool {
        let slot = match (table, column) {
            (Table::IfTable, if_entry::DESCR) => &mut self.descr,
            (Table::IfTable, if_entry::PHYS_ADDRESS) => &mut self.phys_address,
            (Table::IfXTable, if_x_entry::NAME) => &mut self.name,
            (Table::IfXTable, if_x_entry::ALIAS) => &mut self.alias,
            _ => return scalar(value).is_some_and(|v| self.fixed.set(table, column, &v)),
        };
        match value {
            Value::OctetString(s) => {
                *slot = Some(s.to_vec());
                true
            }
            _ => false,
        }
    }

    /// The row, borrowing its strings.
    pub fn view(&self) -> Interface<'_> {
        let mut i: Interface<'_> = self.fixed;
        i.descr = self.descr.as_deref();
        i.name = self.name.as_deref();
        i.alias = self.alias.as_deref();
        i.phys_address = self.phys_address.as_deref();
        i
    }
}

/// The interface table a walk fills (`alloc`): owned rows keyed by ifIndex, so the answers need
/// not be kept. Feed it every cell the walk yields:
///
/// ```
/// use pdukit_snmp::ifmib::{self, Interfaces, STATUS_COLUMNS};
/// use pdukit_snmp::walk::{Walk, WalkError};
/// use pdukit_snmp::Version;
///
/// /// Walks the status columns; `exchange` sends a request and returns the answer.
/// fn table(
///     mut exchange: impl FnMut(&[u8]) -> Vec<u8>,
/// ) -> Result<Interfaces, WalkError> {
///     let mut w: Walk<'_, 16> = ifmib::walk(Version::V2c, b"public", &STATUS_COLUMNS)
///         .expect("16 columns at most")
///         .max_rows(100_000);
///     let mut rows = Interfaces::new();
///     let mut req = [0u8; 1500];
///     while let Some(n) = w.request(&mut req).expect("a request fits 1500 bytes") {
///         let answer = exchange(&req[..n]);
///         // The error owns its data: `?` works inside the loop.
///         w.receive(&answer, |cell| {
///             rows.apply(&cell.name, &cell.value);
///         })?;
///     }
///     Ok(rows)
/// }
/// ```
#[cfg(feature = "alloc")]
#[derive(Clone, Debug, Default)]
pub struct Interfaces {
    rows: alloc::collections::BTreeMap<u32, InterfaceBuf>,
}

#[cfg(feature = "alloc")]
impl Interfaces {
    /// An empty table.
    pub fn new() -> Self {
        Interfaces::default()
    }

    /// Files a cell (an ifTable or ifXTable instance) into its row; `false` when the OID is
    /// no such instance or the value's type is not the column's.
    pub fn apply(&mut self, name: &Oid<'_>, value: &Value<'_>) -> bool {
        let Some(c) = cell_of(name) else {
            return false;
        };
        self.rows
            .entry(c.if_index)
            .or_insert_with(|| InterfaceBuf::new(c.if_index))
            .set(c.table, c.column, value)
    }

    /// Rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// No rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row of `if_index`.
    pub fn get(&self, if_index: u32) -> Option<Interface<'_>> {
        self.rows.get(&if_index).map(InterfaceBuf::view)
    }

    /// Every row, by ifIndex.
    pub fn iter(&self) -> impl Iterator<Item = Interface<'_>> + '_ {
        self.rows.values().map(InterfaceBuf::view)
    }
}
