//! The MPLS label stack entry (RFC 3032), as carried on the wire (MPLS over Ethernet or UDP) and
//! quoted in ICMP extensions (RFC 4950).

/// One MPLS label stack entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MplsEntry {
    /// Label (20 bits).
    pub label: u32,
    /// Traffic class (3 bits; the former EXP bits).
    pub tc: u8,
    /// Bottom of stack.
    pub bottom: bool,
    /// TTL.
    pub ttl: u8,
}

impl MplsEntry {
    /// The entry in its 4 wire bytes.
    pub const fn from_bytes(b: [u8; 4]) -> Self {
        let v = u32::from_be_bytes(b);
        MplsEntry {
            label: v >> 12,
            tc: ((v >> 9) & 7) as u8,
            bottom: v & 0x100 != 0,
            ttl: (v & 0xff) as u8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MplsEntry;

    #[test]
    fn fields_from_the_word() {
        let e = MplsEntry::from_bytes(((100u32 << 12) | (5 << 9) | 0x100 | 64).to_be_bytes());
        assert_eq!(
            e,
            MplsEntry {
                label: 100,
                tc: 5,
                bottom: true,
                ttl: 64
            }
        );
    }
}
