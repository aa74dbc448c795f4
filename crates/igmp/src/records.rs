//! Source lists and IGMPv3 group records: zero-copy iterators and the report writer.

use core::fmt;
use core::net::Ipv4Addr;

use pdukit_wire::{BuildError, ParseError, Writer};

use crate::field::{self, name, record};

/// A list of IPv4 source addresses: wire bytes (parsed) or a slice of addresses (to build).
/// Two lists are equal when they hold the same addresses in the same order.
#[derive(Clone, Copy)]
pub struct Sources<'a>(Inner<'a>);

#[derive(Clone, Copy)]
enum Inner<'a> {
    Wire(&'a [u8]),
    List(&'a [Ipv4Addr]),
}

impl<'a> Sources<'a> {
    /// Sources from wire bytes (4 per address; a trailing partial address is ignored).
    #[inline]
    pub const fn from_wire(bytes: &'a [u8]) -> Self {
        Sources(Inner::Wire(bytes))
    }
    /// Sources from addresses.
    #[inline]
    pub const fn from_list(list: &'a [Ipv4Addr]) -> Self {
        Sources(Inner::List(list))
    }
    /// No sources.
    pub const EMPTY: Sources<'static> = Sources(Inner::List(&[]));

    /// Number of addresses.
    #[inline]
    pub const fn len(&self) -> usize {
        match self.0 {
            Inner::Wire(b) => b.len() / 4,
            Inner::List(l) => l.len(),
        }
    }
    /// True when there are none.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The addresses in order.
    #[inline]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Ipv4Addr> + 'a {
        match self.0 {
            Inner::Wire(b) => SourceIter::Wire(b.as_chunks::<4>().0.iter()),
            Inner::List(l) => SourceIter::List(l.iter()),
        }
    }
    /// Writes the addresses to the start of `out` (which holds at least `4 * len()` bytes).
    pub(crate) fn write(&self, out: &mut [u8]) {
        for (slot, a) in out.chunks_exact_mut(4).zip(self.iter()) {
            slot.copy_from_slice(&a.octets());
        }
    }
}

/// Iterator over [`Sources`]. An enum, not a chain: the variant never changes during a loop, so
/// the compiler can specialise (unswitch) the loop for each.
enum SourceIter<'a> {
    Wire(core::slice::Iter<'a, [u8; 4]>),
    List(core::slice::Iter<'a, Ipv4Addr>),
}

impl Iterator for SourceIter<'_> {
    type Item = Ipv4Addr;

    #[inline]
    fn next(&mut self) -> Option<Ipv4Addr> {
        match self {
            SourceIter::Wire(w) => w.next().map(|a| Ipv4Addr::from(*a)),
            SourceIter::List(l) => l.next().copied(),
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match self {
            SourceIter::Wire(w) => w.len(),
            SourceIter::List(l) => l.len(),
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for SourceIter<'_> {}

impl<'a> From<&'a [Ipv4Addr]> for Sources<'a> {
    fn from(l: &'a [Ipv4Addr]) -> Self {
        Sources::from_list(l)
    }
}

impl<'a, const N: usize> From<&'a [Ipv4Addr; N]> for Sources<'a> {
    fn from(l: &'a [Ipv4Addr; N]) -> Self {
        Sources::from_list(l)
    }
}

impl PartialEq for Sources<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Sources<'_> {}

impl fmt::Debug for Sources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

pdukit_wire::open_enum! {
    /// An IGMPv3 group record type (open).
    pub struct RecordType(u8) {
        /// Current state: INCLUDE(sources).
        MODE_IS_INCLUDE = 1 => "MODE_IS_INCLUDE",
        /// Current state: EXCLUDE(sources).
        MODE_IS_EXCLUDE = 2 => "MODE_IS_EXCLUDE",
        /// Filter mode change to INCLUDE.
        CHANGE_TO_INCLUDE = 3 => "CHANGE_TO_INCLUDE_MODE",
        /// Filter mode change to EXCLUDE (a join, with no sources).
        CHANGE_TO_EXCLUDE = 4 => "CHANGE_TO_EXCLUDE_MODE",
        /// Source list change: allow new sources.
        ALLOW_NEW_SOURCES = 5 => "ALLOW_NEW_SOURCES",
        /// Source list change: block old sources.
        BLOCK_OLD_SOURCES = 6 => "BLOCK_OLD_SOURCES",
    }
}

/// One IGMPv3 group record. Records of unknown type are yielded too (their lengths are valid);
/// RFC 3376 §4.2.12 says receivers ignore them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupRecord<'a> {
    /// Record type.
    pub record_type: RecordType,
    /// Multicast address.
    pub group: Ipv4Addr,
    /// Source addresses.
    pub sources: Sources<'a>,
    /// Auxiliary data (a multiple of 4 bytes; RFC 3376 defines none, receivers skip it).
    pub aux_data: &'a [u8],
}

/// The group records of a v3 report, validated at parse time; iterating cannot fail.
#[derive(Clone, Copy)]
pub struct Records<'a> {
    bytes: &'a [u8],
    count: u16,
}

/// Size of a group record header.
const RECORD_HEADER: usize = record::SOURCES;

impl<'a> Records<'a> {
    /// Validates `count` records at the start of `data` (which starts at `base` in the message).
    /// Bytes after the last record are ignored, as RFC 3376 §4.2 allows.
    #[inline]
    pub(crate) fn parse(data: &'a [u8], count: u16, base: usize) -> Result<Self, ParseError> {
        let mut walk = RecordWalk::new(data, count, base);
        for record in &mut walk {
            record?;
        }
        let end = data.len() - walk.rest.len();
        Ok(Records {
            bytes: &data[..end],
            count,
        })
    }

    /// Number of records.
    pub const fn count(&self) -> u16 {
        self.count
    }
    /// The records' wire bytes.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
    /// Length of the records on the wire.
    pub const fn wire_len(&self) -> usize {
        self.bytes.len()
    }
    /// The records in wire order.
    #[inline]
    pub fn iter(&self) -> RecordIter<'a> {
        RecordIter { rest: self.bytes }
    }
}

impl PartialEq for Records<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.iter().eq(other.iter())
    }
}

impl Eq for Records<'_> {}

impl fmt::Debug for Records<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over validated group records.
#[derive(Clone, Debug)]
pub struct RecordIter<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for RecordIter<'a> {
    type Item = GroupRecord<'a>;

    #[inline]
    fn next(&mut self) -> Option<GroupRecord<'a>> {
        let (record, rest) = split_record(self.rest).ok()?;
        self.rest = rest;
        Some(record)
    }
}

/// How a group record fails to fit the bytes left for it.
enum Cut {
    /// Fewer bytes than a record header.
    Header,
    /// The header's source count and aux length declare more than is left.
    Body {
        /// Bytes the record declares, header included.
        declared: usize,
    },
}

impl Cut {
    /// The parse error for a record at `offset` in the message with `available` bytes left.
    fn error(self, offset: usize, available: usize) -> ParseError {
        match self {
            Cut::Header => ParseError::Truncated {
                field: name::RECORD_HEADER,
                offset,
                needed: RECORD_HEADER,
                available,
            },
            Cut::Body { declared } => ParseError::BadLength {
                field: name::RECORD_BODY,
                offset,
                declared,
                available,
            },
        }
    }
}

/// The group record at the start of `r` and the bytes after it: the one decoding of a record,
/// shared by the validating walk and the iterator over validated records.
#[inline(always)]
fn split_record(r: &[u8]) -> Result<(GroupRecord<'_>, &[u8]), Cut> {
    let h = r.first_chunk::<RECORD_HEADER>().ok_or(Cut::Header)?;
    let aux = 4 * usize::from(h[record::AUX_LEN]);
    let n = usize::from(pdukit_wire::u16_at(h, record::NUM_SOURCES));
    let src_end = RECORD_HEADER + 4 * n;
    let end = src_end + aux;
    let (record, rest) = r.split_at_checked(end).ok_or(Cut::Body { declared: end })?;
    let record = GroupRecord {
        record_type: RecordType(h[record::TYPE]),
        group: Ipv4Addr::new(h[4], h[5], h[6], h[7]),
        sources: Sources::from_wire(&record[RECORD_HEADER..src_end]),
        aux_data: &record[src_end..],
    };
    Ok((record, rest))
}

/// The validating walk over `count` records: each item is a record or the error that ends the
/// walk, with its offset in the message. After an error it yields nothing.
#[derive(Clone, Debug)]
struct RecordWalk<'a> {
    rest: &'a [u8],
    left: u16,
    offset: usize,
}

impl<'a> RecordWalk<'a> {
    #[inline]
    const fn new(data: &'a [u8], count: u16, offset: usize) -> Self {
        RecordWalk {
            rest: data,
            left: count,
            offset,
        }
    }
}

impl<'a> Iterator for RecordWalk<'a> {
    type Item = Result<GroupRecord<'a>, ParseError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.left = self.left.checked_sub(1)?;
        match split_record(self.rest) {
            Ok((record, rest)) => {
                self.offset += self.rest.len() - rest.len();
                self.rest = rest;
                Some(Ok(record))
            }
            Err(cut) => {
                self.left = 0;
                Some(Err(cut.error(self.offset, self.rest.len())))
            }
        }
    }
}

/// Writes an IGMPv3 report record by record into a caller's buffer, then fills the record count
/// and the checksum. Nothing is allocated.
#[derive(Debug)]
pub struct ReportV3Writer<'b> {
    w: Writer<'b>,
    count: u16,
}

impl<'b> ReportV3Writer<'b> {
    /// Starts a report in `buf` (at least 8 bytes).
    pub fn new(buf: &'b mut [u8]) -> Result<Self, BuildError> {
        let mut w = Writer::new(buf);
        // Header written by `finish`, once the count is known.
        w.zeros(field::V3R_RECORDS)?;
        Ok(ReportV3Writer { w, count: 0 })
    }

    /// Appends a group record. `aux_data` must be a multiple of 4 bytes, at most 1020.
    pub fn record<'s>(
        &mut self,
        record_type: RecordType,
        group: Ipv4Addr,
        sources: impl Into<Sources<'s>>,
        aux_data: &[u8],
    ) -> Result<(), BuildError> {
        let sources = sources.into();
        if !aux_data.len().is_multiple_of(4) || aux_data.len() > 4 * 255 {
            return Err(BuildError::InvalidField {
                field: name::AUX_DATA_LENGTH,
                value: aux_data.len(),
            });
        }
        if sources.len() > usize::from(u16::MAX) {
            return Err(BuildError::InvalidField {
                field: name::RECORD_NUM_SOURCES,
                value: sources.len(),
            });
        }
        if self.count == u16::MAX {
            return Err(BuildError::InvalidField {
                field: name::NUM_RECORDS,
                value: usize::from(self.count) + 1,
            });
        }
        let need = RECORD_HEADER + 4 * sources.len() + aux_data.len();
        let out = self.w.space(need)?;
        out[record::TYPE] = record_type.0;
        out[record::AUX_LEN] = (aux_data.len() / 4) as u8;
        out[record::NUM_SOURCES].copy_from_slice(&(sources.len() as u16).to_be_bytes());
        out[record::GROUP].copy_from_slice(&group.octets());
        sources.write(&mut out[RECORD_HEADER..]);
        out[RECORD_HEADER + 4 * sources.len()..].copy_from_slice(aux_data);
        self.count += 1;
        Ok(())
    }

    /// Appends a parsed record as it was.
    pub fn record_from(&mut self, r: &GroupRecord<'_>) -> Result<(), BuildError> {
        self.record(r.record_type, r.group, r.sources, r.aux_data)
    }

    /// Bytes written so far (header included).
    pub const fn len(&self) -> usize {
        self.w.len()
    }

    /// True before any record was added.
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Writes the header (type 0x22, reserved bytes zero, record count) and the checksum;
    /// returns the message length.
    pub fn finish(mut self) -> usize {
        crate::header::finish_v3_report(self.w.written_mut(), self.count);
        self.w.len()
    }
}
