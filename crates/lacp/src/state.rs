//! The actor/partner state octet.

use core::fmt;

/// The eight LACP state flags (802.1AX §6.4.2.3).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct State(pub u8);

impl State {
    /// LACP_Activity: active (1) or passive (0).
    pub const ACTIVITY: u8 = 0x01;
    /// LACP_Timeout: short (1 s, fast) or long (30 s, slow).
    pub const TIMEOUT: u8 = 0x02;
    /// Aggregation: aggregatable (1) or individual.
    pub const AGGREGATION: u8 = 0x04;
    /// Synchronization: in sync with the partner's view.
    pub const SYNCHRONIZATION: u8 = 0x08;
    /// Collecting enabled.
    pub const COLLECTING: u8 = 0x10;
    /// Distributing enabled.
    pub const DISTRIBUTING: u8 = 0x20;
    /// Defaulted: using default partner information (no PDUs received).
    pub const DEFAULTED: u8 = 0x40;
    /// Expired: the receive machine is in EXPIRED.
    pub const EXPIRED: u8 = 0x80;

    const NAMES: [(u8, &'static str, char); 8] = [
        (Self::ACTIVITY, "Activity", 'A'),
        (Self::TIMEOUT, "Timeout", 'T'),
        (Self::AGGREGATION, "Aggregation", 'G'),
        (Self::SYNCHRONIZATION, "Synchronization", 'S'),
        (Self::COLLECTING, "Collecting", 'C'),
        (Self::DISTRIBUTING, "Distributing", 'D'),
        (Self::DEFAULTED, "Defaulted", 'F'),
        (Self::EXPIRED, "Expired", 'E'),
    ];

    /// Whether every bit of `flags` is set.
    pub const fn has(self, flags: u8) -> bool {
        self.0 & flags == flags
    }
    /// Active LACP.
    pub const fn active(self) -> bool {
        self.has(Self::ACTIVITY)
    }
    /// Short (fast, 1 s) timeout.
    pub const fn short_timeout(self) -> bool {
        self.has(Self::TIMEOUT)
    }
    /// Aggregatable.
    pub const fn aggregatable(self) -> bool {
        self.has(Self::AGGREGATION)
    }
    /// In sync.
    pub const fn in_sync(self) -> bool {
        self.has(Self::SYNCHRONIZATION)
    }
    /// Collecting.
    pub const fn collecting(self) -> bool {
        self.has(Self::COLLECTING)
    }
    /// Distributing.
    pub const fn distributing(self) -> bool {
        self.has(Self::DISTRIBUTING)
    }
    /// Defaulted.
    pub const fn defaulted(self) -> bool {
        self.has(Self::DEFAULTED)
    }
    /// Expired.
    pub const fn expired(self) -> bool {
        self.has(Self::EXPIRED)
    }
    /// Bundled and passing traffic: in sync, collecting and distributing.
    pub const fn bundled(self) -> bool {
        self.has(Self::SYNCHRONIZATION | Self::COLLECTING | Self::DISTRIBUTING)
    }
    /// The flag names set, in bit order (as Wireshark and tcpdump list them).
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMES
            .into_iter()
            .filter(move |(b, _, _)| self.0 & b != 0)
            .map(|(_, n, _)| n)
    }
}

/// The compact form switch CLIs use: one letter per flag, `-` when clear, in bit order
/// `A T G S C D F E`, then the hex value: `0x3d` prints `A-GSCD-- (0x3d)` (active, long
/// timeout, aggregatable, in sync, collecting, distributing); `0x3f` adds `T` (short timeout).
impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (b, _, c) in Self::NAMES {
            f.write_fmt(format_args!("{}", if self.0 & b != 0 { c } else { '-' }))?;
        }
        write!(f, " ({:#04x})", self.0)
    }
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "State({self})")
    }
}
