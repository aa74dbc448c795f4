//! OBJECT IDENTIFIERs: a borrowed view over validated BER contents with an arc iterator,
//! ordering and `starts_with`, and a fixed-capacity owned OID (no allocation) for building and
//! for walk cursors. Both parse from and display as dotted text.

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use pdukit_wire::{BuildError, Expected, ParseError};

use crate::field::{name, MAX_OID_LEN, MAX_SUB_IDS};

/// Largest first sub-identifier: 2.(2^32 - 1), that is 80 + 2^32 - 1.
const MAX_FIRST: u64 = 80 + u32::MAX as u64;

/// An OBJECT IDENTIFIER borrowed from a message: its BER contents, validated (non-empty, at most
/// 128 sub-identifiers, no 0x80 padding octet, no truncated last arc, arcs below 2^32).
#[derive(Clone, Copy)]
pub struct Oid<'a>(&'a [u8]);

/// Whether every octet is a whole sub-identifier (high bit clear): then the contents are valid
/// when there are at most 127 of them (none can be padding, none is truncated, every arc fits).
/// The common case (arcs below 128), tested eight octets at a time.
#[inline]
fn all_single_octet(b: &[u8]) -> bool {
    let (words, rest) = b.as_chunks::<8>();
    let high = words
        .iter()
        .fold(0u64, |acc, w| acc | u64::from_ne_bytes(*w))
        & 0x8080_8080_8080_8080;
    high == 0 && rest.iter().all(|&x| x < 0x80)
}

/// Why OID contents are invalid, and where (from the contents' start).
#[inline]
fn check(b: &[u8]) -> Result<(), (usize, u32, &'static str)> {
    if !b.is_empty() && b.len() < MAX_SUB_IDS && all_single_octet(b) {
        return Ok(());
    }
    check_slow(b)
}

/// [`check`] octet by octet.
#[inline(never)]
fn check_slow(b: &[u8]) -> Result<(), (usize, u32, &'static str)> {
    if b.is_empty() {
        return Err((0, 0, "at least one sub-identifier"));
    }
    let mut at = 0;
    let mut n = 0;
    while at < b.len() {
        let start = at;
        if b[at] == 0x80 {
            return Err((start, 0x80, "no 0x80 padding octet in a sub-identifier"));
        }
        let mut v = 0u64;
        loop {
            let Some(&x) = b.get(at) else {
                return Err((
                    start,
                    (at - start) as u32,
                    "a last sub-identifier that ends (high bit clear)",
                ));
            };
            at += 1;
            v = (v << 7) | u64::from(x & 0x7f);
            let max = if n == 0 {
                MAX_FIRST
            } else {
                u64::from(u32::MAX)
            };
            if v > max {
                return Err((start, (at - start) as u32, "arcs of at most 2^32 - 1"));
            }
            if x & 0x80 == 0 {
                break;
            }
        }
        n += 1;
        // The first sub-identifier holds two arcs.
        if n + 1 > MAX_SUB_IDS {
            return Err((start, n as u32 + 1, "at most 128 sub-identifiers"));
        }
    }
    Ok(())
}

impl<'a> Oid<'a> {
    /// Validates BER contents (the bytes after `06 len`); `at` is their offset in the message.
    pub fn from_ber(contents: &'a [u8], at: usize) -> Result<Self, ParseError> {
        match check(contents) {
            Ok(()) => Ok(Oid(contents)),
            Err((off, found, why)) => Err(ParseError::Invalid {
                field: name::OID,
                offset: at + off,
                found,
                expected: Expected::Text(why),
            }),
        }
    }

    /// The BER contents.
    pub const fn as_ber(&self) -> &'a [u8] {
        self.0
    }

    /// The arcs, first two included (`1.3.6...`).
    pub fn arcs(&self) -> Arcs<'a> {
        Arcs::new(self.0)
    }

    /// Number of arcs.
    pub fn len(&self) -> usize {
        // Each sub-identifier ends with an octet whose high bit is clear; the first holds two.
        self.0.iter().filter(|&&x| x & 0x80 == 0).count() + 1
    }

    /// Never true: a valid OID has at least two arcs.
    pub const fn is_empty(&self) -> bool {
        false
    }

    /// Whether `prefix`'s arcs start this OID's (a table column contains its instances).
    pub fn starts_with(&self, prefix: &Oid<'_>) -> bool {
        // Sub-identifiers are self-delimiting, so whole sub-identifiers compare as bytes, except
        // the first, which packs two arcs: a prefix of one arc is compared by arcs.
        if self.0.starts_with(prefix.0) {
            return true;
        }
        let mut mine = self.arcs();
        prefix.arcs().all(|a| mine.next() == Some(a))
    }

    /// A fixed-capacity owned copy.
    pub fn to_buf(&self) -> OidBuf {
        let mut b = OidBuf::EMPTY;
        b.bytes[..self.0.len()].copy_from_slice(self.0);
        b.len = self.0.len();
        b
    }
}

impl PartialEq for Oid<'_> {
    fn eq(&self, other: &Self) -> bool {
        // One encoding per arc list (minimal sub-identifiers, checked), so bytes compare.
        self.0 == other.0
    }
}
impl Eq for Oid<'_> {}

impl PartialOrd for Oid<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Lexicographic order of the arcs (the order of a MIB walk).
impl Ord for Oid<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.arcs().cmp(other.arcs())
    }
}

impl fmt::Display for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.arcs().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

/// The arcs of an [`Oid`].
#[derive(Clone, Debug)]
pub struct Arcs<'a> {
    rest: &'a [u8],
    /// The first two arcs (from the first sub-identifier), and how many of them are still to
    /// come (2, 1 or 0).
    head: [u32; 2],
    pending: u8,
}

impl<'a> Arcs<'a> {
    fn new(contents: &'a [u8]) -> Self {
        let mut a = Arcs {
            rest: contents,
            head: [0; 2],
            pending: 0,
        };
        if let Some(v) = a.sub_id() {
            // The first sub-identifier is 40·X + Y, X in {0, 1, 2}; 80 and more is X = 2.
            let x = (v / 40).min(2);
            a.head = [x as u32, (v - 40 * x) as u32];
            a.pending = 2;
        }
        a
    }

    /// The next sub-identifier (validated contents: at most 2^32 + 79, so a `u64` holds it).
    #[inline]
    fn sub_id(&mut self) -> Option<u64> {
        let (&x, rest) = self.rest.split_first()?;
        self.rest = rest;
        // Most sub-identifiers are one octet.
        if x < 0x80 {
            return Some(u64::from(x));
        }
        Some(self.sub_id_long(x))
    }

    /// The rest of a sub-identifier whose first octet `x` has its high bit set.
    #[cold]
    fn sub_id_long(&mut self, x: u8) -> u64 {
        let mut v = u64::from(x & 0x7f);
        while let Some((&y, rest)) = self.rest.split_first() {
            self.rest = rest;
            v = (v << 7) | u64::from(y & 0x7f);
            if y & 0x80 == 0 {
                break;
            }
        }
        v
    }
}

impl Iterator for Arcs<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.pending > 0 {
            let a = self.head[usize::from(2 - self.pending) & 1];
            self.pending -= 1;
            return Some(a);
        }
        self.sub_id().map(|v| v as u32)
    }
}

/// An owned OID of at most 128 sub-identifiers in BER form, without allocation: for building
/// messages and for walk cursors (`column.child(if_index)`).
#[derive(Clone, Copy)]
pub struct OidBuf {
    bytes: [u8; MAX_OID_LEN],
    len: usize,
}

/// Why arcs cannot make an OID.
fn invalid(value: usize) -> BuildError {
    BuildError::InvalidField {
        field: name::OID,
        value,
    }
}

impl OidBuf {
    pub(crate) const EMPTY: OidBuf = OidBuf {
        bytes: [0; MAX_OID_LEN],
        len: 0,
    };

    /// The OID of `arcs`: at least two, the first 0, 1 or 2, the second below 40 under 0 and 1,
    /// at most 128 sub-identifiers. The error's value is the index of the offending arc.
    pub fn from_arcs(arcs: &[u32]) -> Result<Self, BuildError> {
        let (&[x, y], rest) = arcs.split_first_chunk::<2>().ok_or(invalid(arcs.len()))?;
        if x > 2 {
            return Err(invalid(0));
        }
        if x < 2 && y >= 40 {
            return Err(invalid(1));
        }
        if rest.len() + 1 > MAX_SUB_IDS - 1 {
            return Err(invalid(MAX_SUB_IDS));
        }
        let mut b = OidBuf::EMPTY;
        b.push_sub_id(u64::from(x) * 40 + u64::from(y));
        for &a in rest {
            b.push_sub_id(u64::from(a));
        }
        Ok(b)
    }

    /// This OID with one more arc (a table instance: column + index). Fails past 128
    /// sub-identifiers.
    pub fn child(&self, arc: u32) -> Result<Self, BuildError> {
        if self.as_oid().len() >= MAX_SUB_IDS {
            return Err(invalid(MAX_SUB_IDS));
        }
        let mut b = *self;
        b.push_sub_id(u64::from(arc));
        Ok(b)
    }

    fn push_sub_id(&mut self, v: u64) {
        let n = ((64 - v.leading_zeros()) as usize).div_ceil(7).max(1);
        for i in (0..n).rev() {
            let more = if i > 0 { 0x80 } else { 0 };
            self.bytes[self.len] = ((v >> (7 * i)) & 0x7f) as u8 | more;
            self.len += 1;
        }
    }

    /// The borrowed view.
    pub fn as_oid(&self) -> Oid<'_> {
        Oid(&self.bytes[..self.len])
    }
}

impl PartialEq for OidBuf {
    fn eq(&self, other: &Self) -> bool {
        self.as_oid() == other.as_oid()
    }
}
impl Eq for OidBuf {}

impl fmt::Display for OidBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_oid().fmt(f)
    }
}

impl fmt::Debug for OidBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OidBuf({})", self.as_oid())
    }
}

/// Dotted text (`1.3.6.1.2.1.1.3.0`, an optional leading dot) to an OID.
impl FromStr for OidBuf {
    type Err = BuildError;

    fn from_str(s: &str) -> Result<Self, BuildError> {
        let s = s.strip_prefix('.').unwrap_or(s);
        let mut arcs = [0u32; MAX_SUB_IDS + 1];
        let mut n = 0;
        for (i, part) in s.split('.').enumerate() {
            let a: u32 = part.parse().map_err(|_| invalid(i))?;
            *arcs.get_mut(n).ok_or(invalid(i))? = a;
            n += 1;
        }
        OidBuf::from_arcs(&arcs[..n])
    }
}
