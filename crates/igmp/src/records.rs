//! Source lists and IGMPv3 group records: zero-copy iterators and the report writer.

use core::fmt;
use core::net::Ipv4Addr;

use pdukit_checksum::{checksum, verify};

use crate::error::{BuildError, ParseError};
use crate::message::field::{self, V3R_RECORDS};
use crate::message::{bad_checksum, truncated, MessageType};

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

/// An IGMPv3 group record type (open).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordType(pub u8);

impl RecordType {
    /// Current state: INCLUDE(sources).
    pub const MODE_IS_INCLUDE: Self = Self(1);
    /// Current state: EXCLUDE(sources).
    pub const MODE_IS_EXCLUDE: Self = Self(2);
    /// Filter mode change to INCLUDE.
    pub const CHANGE_TO_INCLUDE: Self = Self(3);
    /// Filter mode change to EXCLUDE (a join, with no sources).
    pub const CHANGE_TO_EXCLUDE: Self = Self(4);
    /// Source list change: allow new sources.
    pub const ALLOW_NEW_SOURCES: Self = Self(5);
    /// Source list change: block old sources.
    pub const BLOCK_OLD_SOURCES: Self = Self(6);

    /// The RFC 3376 name, if known.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            1 => "MODE_IS_INCLUDE",
            2 => "MODE_IS_EXCLUDE",
            3 => "CHANGE_TO_INCLUDE_MODE",
            4 => "CHANGE_TO_EXCLUDE_MODE",
            5 => "ALLOW_NEW_SOURCES",
            6 => "BLOCK_OLD_SOURCES",
            _ => return None,
        })
    }
}

impl fmt::Debug for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}"),
            None => write!(f, "Unknown({})", self.0),
        }
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
const RECORD_HEADER: usize = 8;

impl<'a> Records<'a> {
    /// Validates `count` records at the start of `data` (which starts at `base` in the message).
    /// Bytes after the last record are ignored, as RFC 3376 §4.2 allows.
    #[inline]
    pub(crate) fn parse(data: &'a [u8], count: u16, base: usize) -> Result<Self, ParseError> {
        let mut walk = RecordReader::new(data, count, base);
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
                offset,
                needed: RECORD_HEADER,
                available,
            },
            Cut::Body { declared } => ParseError::BadLength {
                field: "group record sources + aux data",
                offset,
                declared,
                available,
            },
        }
    }
}

/// The group record at the start of `r` and the bytes after it: the one decoding of a record,
/// shared by the validated iterator and the one-pass reader.
#[inline(always)]
fn split_record(r: &[u8]) -> Result<(GroupRecord<'_>, &[u8]), Cut> {
    let h = r.first_chunk::<RECORD_HEADER>().ok_or(Cut::Header)?;
    let aux = 4 * usize::from(h[1]);
    let n = usize::from(u16::from_be_bytes([h[2], h[3]]));
    let src_end = RECORD_HEADER + 4 * n;
    let end = src_end + aux;
    let (record, rest) = r.split_at_checked(end).ok_or(Cut::Body { declared: end })?;
    let record = GroupRecord {
        record_type: RecordType(h[0]),
        group: Ipv4Addr::new(h[4], h[5], h[6], h[7]),
        sources: Sources::from_wire(&record[RECORD_HEADER..src_end]),
        aux_data: &record[src_end..],
    };
    Ok((record, rest))
}

/// The group records of a v3 report read as they are walked, in one pass: each item is a record
/// or the error that ends the walk ([`ParseError::Truncated`] for a record header cut short,
/// [`ParseError::BadLength`] for sources and aux data that overrun the message), with the offset
/// [`Message::parse`](crate::Message::parse) would report. After an error it yields nothing.
#[derive(Clone, Debug)]
pub struct RecordReader<'a> {
    rest: &'a [u8],
    left: u16,
    offset: usize,
}

impl<'a> RecordReader<'a> {
    /// Reads `count` records from the start of `data`, which starts at `offset` in the message.
    #[inline]
    const fn new(data: &'a [u8], count: u16, offset: usize) -> Self {
        RecordReader {
            rest: data,
            left: count,
            offset,
        }
    }

    /// Records still to come, as the count field declared them.
    pub const fn remaining(&self) -> u16 {
        self.left
    }
}

impl<'a> Iterator for RecordReader<'a> {
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

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(usize::from(self.left)))
    }
}

impl core::iter::FusedIterator for RecordReader<'_> {}

/// An IGMPv3 report read in one pass, for code that only wants reports: the header and the
/// checksum are checked here, the records as [`ReportV3::records`] walks them. A walk that ends
/// without an error has seen exactly the records [`Message::parse`](crate::Message::parse) gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportV3<'a> {
    count: u16,
    bytes: &'a [u8],
}

impl<'a> ReportV3<'a> {
    /// Checks the length, type and checksum: `Ok(None)` for another message type (not summed),
    /// [`ParseError::Truncated`] under 8 bytes, [`ParseError::BadChecksum`] for a report whose
    /// checksum is wrong.
    ///
    /// The checksum comes first: a report whose checksum and records are both wrong is a
    /// checksum error here, where [`Message::parse`](crate::Message::parse), which checks the
    /// structure first, names the record.
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<Option<Self>, ParseError> {
        let Some(h) = data.first_chunk::<V3R_RECORDS>() else {
            return Err(truncated(data));
        };
        if h[field::TYPE] != MessageType::V3_REPORT.0 {
            return Ok(None);
        }
        if !verify(data) {
            return Err(bad_checksum(data));
        }
        Ok(Some(ReportV3 {
            count: u16::from_be_bytes([h[6], h[7]]),
            bytes: &data[V3R_RECORDS..],
        }))
    }

    /// The declared number of group records.
    pub const fn count(&self) -> u16 {
        self.count
    }

    /// The group records in wire order, each checked as it is reached.
    #[inline]
    pub fn records(&self) -> RecordReader<'a> {
        RecordReader::new(self.bytes, self.count, V3R_RECORDS)
    }
}

/// Writes an IGMPv3 report record by record into a caller's buffer, then fills the record count
/// and the checksum. Nothing is allocated.
#[derive(Debug)]
pub struct ReportV3Writer<'b> {
    buf: &'b mut [u8],
    len: usize,
    count: u16,
}

impl<'b> ReportV3Writer<'b> {
    /// Starts a report in `buf` (at least 8 bytes).
    pub fn new(buf: &'b mut [u8]) -> Result<Self, BuildError> {
        if buf.len() < 8 {
            return Err(BuildError::BufferTooSmall {
                needed: 8,
                available: buf.len(),
            });
        }
        Ok(ReportV3Writer {
            buf,
            len: 8,
            count: 0,
        })
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
                field: "aux data length",
                value: aux_data.len(),
            });
        }
        if sources.len() > usize::from(u16::MAX) {
            return Err(BuildError::InvalidField {
                field: "record number of sources",
                value: sources.len(),
            });
        }
        if self.count == u16::MAX {
            return Err(BuildError::InvalidField {
                field: "number of group records",
                value: usize::from(self.count) + 1,
            });
        }
        let need = RECORD_HEADER + 4 * sources.len() + aux_data.len();
        let available = self.buf.len() - self.len;
        let out =
            self.buf
                .get_mut(self.len..self.len + need)
                .ok_or(BuildError::BufferTooSmall {
                    needed: self.len + need,
                    available: self.len + available,
                })?;
        out[0] = record_type.0;
        out[1] = (aux_data.len() / 4) as u8;
        out[2..4].copy_from_slice(&(sources.len() as u16).to_be_bytes());
        out[4..8].copy_from_slice(&group.octets());
        sources.write(&mut out[RECORD_HEADER..]);
        out[RECORD_HEADER + 4 * sources.len()..].copy_from_slice(aux_data);
        self.len += need;
        self.count += 1;
        Ok(())
    }

    /// Appends a parsed record as it was.
    pub fn record_from(&mut self, r: &GroupRecord<'_>) -> Result<(), BuildError> {
        self.record(r.record_type, r.group, r.sources, r.aux_data)
    }

    /// Bytes written so far (header included).
    pub const fn len(&self) -> usize {
        self.len
    }

    /// True before any record was added.
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Writes the header (type 0x22, reserved bytes zero, record count) and the checksum;
    /// returns the message length.
    pub fn finish(self) -> usize {
        let msg = &mut self.buf[..self.len];
        msg[0] = 0x22;
        msg[1] = 0;
        msg[2..6].fill(0);
        msg[6..8].copy_from_slice(&self.count.to_be_bytes());
        let c = checksum(msg);
        msg[2..4].copy_from_slice(&c.to_be_bytes());
        self.len
    }
}
