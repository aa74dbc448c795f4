#![doc = include_str!("../README.md")]
//!
//! # How it is fast without `unsafe`
//!
//! The one's-complement sum only needs the total modulo 0xFFFF, and 2^16 ≡ 2^32 ≡ 2^64 ≡ 1
//! modulo 0xFFFF, so the data is read as little-endian `u64` words and any exact wide sum will
//! do. The sum is byte-order independent (RFC 1071 §2(B)), so the result is byte-swapped once at
//! the end instead of swapping every word. Two paths, by length:
//!
//! - **Short inputs** (under `SHORT_MAX`, 384 bytes: headers and most messages) take one
//!   add-with-carry chain: 64 bytes per loop turn, then straight-line pieces of 32, 16 and 8
//!   bytes, the tail as one zero-padded word. Written as pairs of overflowing adds, which LLVM
//!   compiles to one `adc` per 8 bytes on x86-64; each piece counts its carry out (see `Adc`).
//!   It inlines into callers, so a message of constant length sums in straight-line code.
//! - **Long inputs** keep carry-free sums per lane: the wrapping sum of the words and the exact
//!   sum of their upper halves, which together give the exact total (see `sum_le`). No carry
//!   chain there, so LLVM vectorises it (a load, a shift and two adds per 16 bytes with SSE2).
//!
//! With the `std` feature, inputs of 512 bytes and more go through a function compiled three
//! times (baseline, AVX2, AVX-512) and picked once at run time by the CPU's features
//! (the `multiversion` crate, which keeps the feature test and the dispatch out of this crate: no
//! `unsafe` here). The wider clones use one plain word loop that LLVM vectorises to 256- or
//! 512-bit lanes; the baseline keeps the hand-laned SSE2 loop. Without `std` the baseline is
//! used unless the build enables those target features statically.
//!
//! # Panics
//!
//! Nothing in this crate panics, on any input.
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

use core::net::{Ipv4Addr, Ipv6Addr};

/// Folds a 64-bit one's-complement partial sum to 16 bits with end-around carries.
#[inline]
const fn fold64(s: u64) -> u16 {
    let s = (s & 0xffff_ffff) + (s >> 32); // < 2^33
    let s = (s & 0xffff) + (s >> 16); // < 2^17 + 2^16
    let s = (s & 0xffff) + (s >> 16); // <= 0x1_0001
    let s = (s & 0xffff) + (s >> 16); // <= 0xffff
    s as u16
}

/// One's-complement addition of two 16-bit values (end-around carry).
#[inline]
const fn add16(a: u16, b: u16) -> u16 {
    let (s, carry) = a.overflowing_add(b);
    s.wrapping_add(carry as u16)
}

/// One's-complement addition of two wide partial sums: the carry out of bit 63 (worth
/// 2^64 ≡ 1 modulo 0xFFFF) comes back in at the bottom. The result is zero only when both are.
#[inline]
const fn add64(a: u64, b: u64) -> u64 {
    let (t, c) = a.overflowing_add(b);
    t + c as u64
}

/// Largest block summed with one set of accumulators: at most 2^27 words, so the sum of upper
/// halves and the reconstructed sum of lower halves both stay below 2^59.
const BLOCK: usize = 1 << 30;

/// Lanes of the hot loop: 8 words (64 bytes) per iteration in independent accumulators, enough
/// to amortise the loop overhead and keep the vector units busy.
const LANES: usize = 8;

/// The folded one's-complement sum of `data` read as little-endian 16-bit words, an odd trailing
/// byte padded with a zero byte after it. Swap the result's bytes for the network-order sum.
///
/// For words `w_i` (little-endian `u64`), let `W = Σ w_i mod 2^64` (wrapping) and
/// `H = Σ (w_i >> 32)` (exact). The exact sum of the lower halves is `L = W − 2^32·H mod 2^64`
/// (exact because `L < 2^64`), and the total `L + 2^32·H ≡ L + H (mod 0xFFFF)`.
#[inline]
fn sum_le(data: &[u8]) -> u16 {
    fold64(sum_le_wide(data))
}

/// [`sum_le`] before the final fold: congruent to it modulo 0xFFFF, and zero only when the data
/// is. The verifiers test this directly ([`folds_to_ones`]). The short path inlines into callers
/// (headers, small messages); the long one is a call.
#[inline(always)]
fn sum_le_wide(data: &[u8]) -> u64 {
    if data.len() < SHORT_MAX {
        sum_le_short_wide(data)
    } else if data.len() < DISPATCH_MIN {
        u64::from(sum_le_long_portable(data))
    } else {
        u64::from(sum_le_long(data))
    }
}

/// Inputs shorter than this take the add-with-carry chain (one `adc` per 8 bytes, no lane set-up
/// or reduction); longer ones the lanes, whose instructions per byte are no fewer but which do not
/// wait on one carry from word to word.
const SHORT_MAX: usize = 384;

/// Inputs shorter than this skip the dispatch: below it, the call through the selected clone and
/// the wide registers' set-up and reduction cost more than they save.
const DISPATCH_MIN: usize = 512;

/// [`sum_le`] for [`DISPATCH_MIN`] bytes and more, dispatched once to the best clone for the CPU.
#[cfg(feature = "std")]
#[multiversion::multiversion(targets("x86_64+avx2+avx512f", "x86_64+avx2"))]
fn sum_le_long(data: &[u8]) -> u16 {
    multiversion::target::match_target! {
        "x86_64+avx2" => sum_le_long_with::<true>(data),
        _ => sum_le_long_with::<false>(data),
    }
}

/// [`sum_le`] for [`DISPATCH_MIN`] bytes and more without `std` (no run-time detection): the
/// wide loop when the build enables AVX2 statically, the baseline one otherwise.
#[cfg(not(feature = "std"))]
fn sum_le_long(data: &[u8]) -> u16 {
    sum_le_long_with::<{ cfg!(all(target_arch = "x86_64", target_feature = "avx2")) }>(data)
}

/// [`sum_le`] for [`SHORT_MAX`] bytes and more on the baseline target: inputs too short to gain
/// from the dispatch, and what the tests compare the dispatched path with.
fn sum_le_long_portable(data: &[u8]) -> u16 {
    sum_le_long_with::<false>(data)
}

/// [`sum_le`] in blocks, the whole 8-byte words of each block summed into `(W, H)` by
/// [`sum_words`] (`WIDE`, for the AVX clones) or [`sum_chunks`], the rest by
/// [`sum_le_short_wide`]. A const parameter rather than a function argument: the word loop must
/// be inlined into each clone to be compiled for it.
#[inline(always)]
fn sum_le_long_with<const WIDE: bool>(data: &[u8]) -> u16 {
    let mut total: u16 = 0;
    for block in data.chunks(BLOCK) {
        let (w, h, rest) = if WIDE {
            // Split at a multiple of 32 words, so the vector loop runs without a scalar rest.
            let (main, rest) = block.as_chunks::<256>();
            let (w, h) = sum_words(main);
            (w, h, rest)
        } else {
            let (chunks, rest) = block.as_chunks::<{ 8 * LANES }>();
            let (w, h) = sum_chunks(chunks);
            (w, h, rest)
        };
        let low = w.wrapping_sub(h << 32);
        total = add16(total, add16(fold64(low), fold64(h)));
        total = add16(total, fold64(sum_le_short_wide(rest)));
    }
    total
}

/// [`sum_le_wide`] for fewer than [`SHORT_MAX`] bytes, and the long paths' rests (fewer than 256
/// bytes): the whole words in add-with-carry chains, 64 bytes per loop turn and then
/// straight-line pieces of 32, 16 and 8 bytes, the tail as one zero-padded word. The result is
/// congruent to the data's sum modulo 0xFFFF, and zero only when the data is.
#[inline(always)]
fn sum_le_short_wide(data: &[u8]) -> u64 {
    let mut acc = Adc::default();
    let (blocks, rest) = data.as_chunks::<64>();
    for block in blocks {
        acc.add(block);
    }
    let rest = acc.add_piece::<32>(rest);
    let rest = acc.add_piece::<16>(rest);
    let rest = acc.add_piece::<8>(rest);
    // At most one carry per piece (fewer than 2^58): adding them to the tail (below 2^56)
    // cannot overflow.
    add64(acc.sum, tail_word(data, rest.len()) + acc.carries)
}

/// Sums little-endian words: `sum + 2^64·carries` is their exact total (and 2^64 ≡ 1 modulo
/// 0xFFFF). Each piece is one add-with-carry chain that starts without a carry and ends by
/// counting the carry out; the count is the only thing one piece hands the next, besides the
/// sum. Written as a pair of overflowing adds per word, which LLVM turns into one `adc` each
/// (on x86-64: `add`, `adc`..., then one `adc` into the count per piece); a carry handed from
/// piece to piece instead costs several instructions at every start.
#[derive(Default)]
struct Adc {
    sum: u64,
    carries: u64,
}

impl Adc {
    /// Adds the words of `bytes` (a multiple of 8 bytes).
    #[inline(always)]
    fn add<const N: usize>(&mut self, bytes: &[u8; N]) {
        let mut carry = false;
        for word in bytes.as_chunks::<8>().0 {
            (self.sum, carry) = add_carry(self.sum, u64::from_le_bytes(*word), carry);
        }
        self.carries += u64::from(carry);
    }

    /// Adds the first `N` bytes of `rest` when `rest.len()` has the `N` bit set (`rest` is
    /// shorter than `2 * N`), and returns what follows.
    #[inline(always)]
    fn add_piece<'d, const N: usize>(&mut self, rest: &'d [u8]) -> &'d [u8] {
        let (piece, rest) = rest.split_at(rest.len() & N);
        if let Some(piece) = piece.first_chunk::<N>() {
            self.add(piece);
        }
        rest
    }
}

/// `a + b + carry` and the carry out.
#[inline(always)]
const fn add_carry(a: u64, b: u64, carry: bool) -> (u64, bool) {
    let (t, c1) = a.overflowing_add(b);
    let (t, c2) = t.overflowing_add(carry as u64);
    (t, c1 | c2)
}

/// The last `n` bytes of `data` (fewer than 8, starting at a multiple of 8 from its start) as one
/// zero-padded word, below 2^56. With at least 8 bytes, the top of the last 8 bytes shifted down:
/// one load and a shift instead of a branch per piece. The bytes keep their 16-bit positions (an
/// odd last byte is the low byte of a word whose high byte is the zero pad).
#[inline]
fn tail_word(data: &[u8], n: usize) -> u64 {
    match data.last_chunk::<8>() {
        Some(last) if n != 0 => u64::from_le_bytes(*last) >> (64 - 8 * n) as u32,
        Some(_) => 0,
        None => short_tail(data),
    }
}

/// The sum of fewer than 8 bytes in pieces that stay 16-bit aligned: a u32, a u16, a last byte
/// (the low byte of a little-endian word whose high byte is the zero pad). Below 2^34.
#[inline]
fn short_tail(rest: &[u8]) -> u64 {
    let (quad, rest) = rest.as_chunks::<4>();
    let (pair, last) = rest.as_chunks::<2>();
    let mut tail = 0;
    if let [q] = quad {
        tail += u64::from(u32::from_le_bytes(*q));
    }
    if let [p] = pair {
        tail += u64::from(u16::from_le_bytes(*p));
    }
    if let [b] = last {
        tail += u64::from(*b);
    }
    tail
}

/// True when `s` folds to 0xFFFF: one's-complement folding keeps the value modulo 0xFFFF and
/// gives 0 only for 0, so this is "a non-zero multiple of 0xFFFF". Divisibility by the odd
/// 0xFFFF is tested the Granlund-Montgomery way: `s` is a multiple exactly when `s` times the
/// inverse of 0xFFFF modulo 2^64 is at most `u64::MAX / 0xFFFF` — a multiply and a compare
/// instead of the fold's serial chain.
#[inline]
const fn folds_to_ones(s: u64) -> bool {
    /// 0xFFFF × INVERSE ≡ 1 (mod 2^64).
    const INVERSE: u64 = 0xfffe_fffe_fffe_ffff;
    s != 0 && s.wrapping_mul(INVERSE) <= u64::MAX / 0xffff
}

/// `(W, H)` of whole words for the wide clones: a plain loop, which LLVM vectorises and
/// interleaves itself (with 256- or 512-bit registers, a hand-laned loop would be turned into
/// gathers).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
#[inline(always)]
fn sum_words(blocks: &[[u8; 256]]) -> (u64, u64) {
    let (mut w, mut h) = (0u64, 0u64);
    for word in blocks.as_flattened().as_chunks::<8>().0 {
        let x = u64::from_le_bytes(*word);
        w = w.wrapping_add(x);
        h += x >> 32;
    }
    (w, h)
}

/// The hot loop: `(W, H)` over whole 64-byte chunks, in `LANES` independent accumulators that
/// LLVM turns into vector registers. Kept apart from the tail handling, which would otherwise
/// stop the vectoriser.
#[inline]
fn sum_chunks(chunks: &[[u8; 8 * LANES]]) -> (u64, u64) {
    let mut wrapping = [0u64; LANES];
    let mut high = [0u64; LANES];
    for chunk in chunks {
        let (words, _) = chunk.as_chunks::<8>();
        // Indexed (not zipped) so LLVM sees fixed-width lanes.
        for j in 0..LANES {
            let x = u64::from_le_bytes(words[j]);
            wrapping[j] = wrapping[j].wrapping_add(x);
            high[j] += x >> 32;
        }
    }
    let w = wrapping.iter().fold(0u64, |s, x| s.wrapping_add(*x));
    let h = high.iter().sum();
    (w, h)
}

/// The folded one's-complement sum of `data` as big-endian 16-bit words (network order), an odd
/// trailing byte padded with a zero byte. Not complemented.
#[inline]
fn sum_be(data: &[u8]) -> u16 {
    // The sum is byte-order independent (RFC 1071 §2(B)): swap once at the end.
    sum_le(data).swap_bytes()
}

/// A running RFC 1071 sum that accepts data in chunks of any length.
///
/// Chunk boundaries may fall anywhere, odd offsets included: the accumulator remembers whether
/// an odd number of bytes has been added so far and byte-swaps the next chunk's partial sum
/// (RFC 1071 §2(B)), so splitting never changes the result.
///
/// ```
/// # use pdukit_checksum::{Checksum, checksum};
/// let data = b"any data, any split";
/// let mut acc = Checksum::new();
/// for part in data.chunks(3) {
///     acc.add_bytes(part);
/// }
/// assert_eq!(acc.finish(), checksum(data));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Checksum {
    sum: u16,
    odd: bool,
}

impl Checksum {
    /// An empty sum.
    #[inline]
    pub const fn new() -> Self {
        Checksum { sum: 0, odd: false }
    }

    /// Adds bytes that follow everything added so far.
    #[inline]
    pub fn add_bytes(&mut self, data: &[u8]) -> &mut Self {
        let s = sum_be(data);
        let s = if self.odd { s.swap_bytes() } else { s };
        self.sum = add16(self.sum, s);
        self.odd ^= data.len() % 2 == 1;
        self
    }

    /// Adds `data` (following everything added so far) with the 16-bit field at `at` taken as
    /// zero: how a message's own checksum is computed without clearing its field first. Bytes
    /// past a field that does not fit are not added.
    ///
    /// ```
    /// # use pdukit_checksum::{Checksum, checksum};
    /// let msg = [0x11, 0x64, 0xab, 0xcd, 0xe0, 0, 0, 1];
    /// let mut zeroed = msg;
    /// zeroed[2..4].fill(0);
    /// assert_eq!(Checksum::new().add_bytes_zeroing(&msg, 2).finish(), checksum(&zeroed));
    /// ```
    #[inline]
    pub fn add_bytes_zeroing(&mut self, data: &[u8], at: usize) -> &mut Self {
        self.add_bytes(data.get(..at).unwrap_or(data))
            .add_u16(0)
            .add_bytes(data.get(at + 2..).unwrap_or(&[]))
    }

    /// Adds a 16-bit value as its two big-endian bytes.
    #[inline]
    pub fn add_u16(&mut self, value: u16) -> &mut Self {
        self.add_bytes(&value.to_be_bytes())
    }

    /// Adds a 32-bit value as its four big-endian bytes.
    #[inline]
    pub fn add_u32(&mut self, value: u32) -> &mut Self {
        self.add_bytes(&value.to_be_bytes())
    }

    /// The IPv4 pseudo-header (RFC 768, RFC 793): source, destination, zero, protocol and the
    /// upper-layer length, as the start of a UDP/TCP-style checksum.
    #[inline]
    pub fn ipv4_pseudo_header(src: Ipv4Addr, dst: Ipv4Addr, protocol: u8, length: u16) -> Self {
        // Big-endian 32-bit words summed exactly in a u64, folded once.
        let s = u64::from(src.to_bits())
            + u64::from(dst.to_bits())
            + u64::from(protocol)
            + u64::from(length);
        Checksum {
            sum: fold64(s),
            odd: false,
        }
    }

    /// The IPv6 pseudo-header (RFC 8200 §8.1): source, destination, the 32-bit upper-layer
    /// length, three zero bytes and the next header, as the start of an ICMPv6/UDP checksum.
    #[inline]
    pub fn ipv6_pseudo_header(
        src: &Ipv6Addr,
        dst: &Ipv6Addr,
        next_header: u8,
        length: u32,
    ) -> Self {
        // Big-endian 64-bit halves summed exactly in a u128 (below 2^67), then 2^64 ≡ 1.
        let (a, b) = (src.to_bits(), dst.to_bits());
        let s = (a >> 64)
            + (a & u128::from(u64::MAX))
            + (b >> 64)
            + (b & u128::from(u64::MAX))
            + u128::from(length)
            + u128::from(next_header);
        Checksum {
            sum: add16(fold64(s as u64), fold64((s >> 64) as u64)),
            odd: false,
        }
    }

    /// The folded one's-complement sum so far (not complemented).
    #[inline]
    pub const fn sum(&self) -> u16 {
        self.sum
    }

    /// Whether an odd number of bytes has been added.
    #[inline]
    pub const fn is_odd(&self) -> bool {
        self.odd
    }

    /// The checksum to store: the one's complement of the sum.
    #[inline]
    pub const fn finish(&self) -> u16 {
        !self.sum
    }

    /// True when the data added, checksum field included, sums to 0xFFFF (a valid checksum).
    #[inline]
    pub const fn is_valid(&self) -> bool {
        self.sum == 0xffff
    }
}

/// The RFC 1071 checksum of `data` (the one's complement of the one's-complement sum of its
/// big-endian 16-bit words, an odd trailing byte padded with zero).
///
/// Compute it with the checksum field set to zero, then store it big-endian.
#[inline]
pub fn checksum(data: &[u8]) -> u16 {
    !sum_be(data)
}

/// True when `data`, with its checksum field in place, sums to 0xFFFF.
#[inline]
pub fn verify(data: &[u8]) -> bool {
    // 0xFFFF is its own byte swap, so the little-endian sum can be tested directly.
    folds_to_ones(sum_le_wide(data))
}

/// True when `data` (an upper-layer message with its checksum field in place) verifies with the
/// IPv6 pseudo-header of RFC 8200 §8.1 (`src`, `dst`, the 32-bit length of `data`, three zero
/// bytes and `next_header`).
///
/// Gives the same answer as [`Checksum::ipv6_pseudo_header`] followed by
/// [`Checksum::add_bytes`] and [`Checksum::is_valid`], with one test at the end instead of a
/// fold per part.
///
/// ```
/// # use core::net::Ipv6Addr;
/// # use pdukit_checksum::{verify_ipv6, Checksum};
/// let (src, dst) = (Ipv6Addr::LOCALHOST, Ipv6Addr::LOCALHOST);
/// let mut msg = [128u8, 0, 0, 0, 0x12, 0x34, 0, 1];
/// let c = Checksum::ipv6_pseudo_header(&src, &dst, 58, 8).add_bytes(&msg).finish();
/// msg[2..4].copy_from_slice(&c.to_be_bytes());
/// assert!(verify_ipv6(&src, &dst, 58, &msg));
/// ```
#[inline]
pub fn verify_ipv6(src: &Ipv6Addr, dst: &Ipv6Addr, next_header: u8, data: &[u8]) -> bool {
    // The pseudo-header read as little-endian words, like the data (RFC 1071 §2(B)), so the
    // two wide sums add without a swap.
    let le = |a: &Ipv6Addr| {
        let x = u128::from_le_bytes(a.octets());
        add64(x as u64, (x >> 64) as u64)
    };
    let len = (data.len() as u32).to_be_bytes();
    let tail = u64::from_le_bytes([len[0], len[1], len[2], len[3], 0, 0, 0, next_header]);
    let pseudo = add64(add64(le(src), le(dst)), tail);
    folds_to_ones(add64(pseudo, sum_le_wide(data)))
}

/// RFC 1624 eqn. 3: the new checksum after one 16-bit word (at an even offset) changed from `old`
/// to `new`: `HC' = ~(~HC + ~m + m')`.
///
/// Like every incremental update, the result may be the other representation of zero
/// (0x0000 instead of 0xFFFF) than a recomputation would give; that happens only when the covered
/// data is all zero, where no real header is.
#[inline]
pub const fn update_u16(checksum: u16, old: u16, new: u16) -> u16 {
    !add16(add16(!checksum, !old), new)
}

/// RFC 1624 for a byte range: the new checksum after the bytes at `offset` changed from `old` to
/// `new`. `offset` is counted from the start of the checksummed data; its parity decides on which
/// side of each 16-bit word the bytes fall, so any offset and length work.
///
/// The two slices may differ in length: the range is taken as `old` followed by zeros before and
/// `new` followed by zeros after (useful when a trailing field grows into zero padding).
pub fn update_bytes(checksum: u16, offset: usize, old: &[u8], new: &[u8]) -> u16 {
    let align = |s: u16| if offset % 2 == 1 { s.swap_bytes() } else { s };
    let m = align(sum_be(old));
    let m_new = align(sum_be(new));
    !add16(add16(!checksum, !m), m_new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold64_extremes() {
        assert_eq!(fold64(0), 0);
        assert_eq!(fold64(u64::MAX), 0xffff);
        assert_eq!(fold64(0x1_0000), 1);
        assert_eq!(fold64(0xffff_ffff), 0xffff);
    }

    #[test]
    fn folds_to_ones_matches_fold() {
        assert_eq!(0xffffu64.wrapping_mul(0xfffe_fffe_fffe_ffff), 1);
        let edges = [
            0,
            1,
            0xfffe,
            0xffff,
            0x1_0000,
            0x1_fffe,
            u64::MAX,
            u64::MAX - 0xffff,
        ];
        for s in edges
            .into_iter()
            .chain((0..200_000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
        {
            for t in [s, s / 0xffff * 0xffff] {
                assert_eq!(folds_to_ones(t), fold64(t) == 0xffff, "{t:#x}");
            }
        }
    }

    /// The add-with-carry step against 128-bit arithmetic, on the edges and carry-heavy values,
    /// with and without a carry in.
    #[test]
    fn add_carry_equals_wide_sum() {
        let edges = [
            0,
            1,
            2,
            0x7fff_ffff_ffff_ffff,
            0x8000_0000_0000_0000,
            u64::MAX - 1,
            u64::MAX,
        ];
        let mut values = [0u64; 57];
        values[..edges.len()].copy_from_slice(&edges);
        let mut x = SEED;
        for v in &mut values[edges.len()..] {
            *v = xorshift(&mut x);
        }
        let mut carries = 0;
        for a in values {
            for b in values {
                for c in [false, true] {
                    let got = add_carry(a, b, c);
                    let wide = u128::from(a) + u128::from(b) + u128::from(c);
                    assert_eq!(got, (wide as u64, wide >> 64 != 0), "{a:#x} + {b:#x} + {c}");
                    carries += usize::from(got.1);
                }
            }
        }
        assert!(carries > 1000, "the values carry: {carries}");
    }

    #[test]
    fn add16_end_around_carry() {
        assert_eq!(add16(0xffff, 1), 1);
        assert_eq!(add16(0x8000, 0x8000), 1);
        assert_eq!(add16(0xfffe, 1), 0xffff);
    }

    #[test]
    fn wide_words_with_high_halves_set() {
        // 0xffff.. words make every lane carry: checks the W/H reconstruction.
        let data = [0xffu8; 64];
        assert_eq!(sum_be(&data), 0xffff);
        let mut data = [0u8; 24];
        data[0] = 0x80;
        data[8] = 0x80;
        data[16] = 0x80;
        // three 0x8000 words: 0x18000 -> 0x8001
        assert_eq!(sum_be(&data), 0x8001);
    }

    /// Seed of the tests' pseudo-random data.
    const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

    /// The next xorshift64 value.
    fn xorshift(x: &mut u64) -> u64 {
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        *x
    }

    /// Carry-heavy test data (xorshift).
    fn random_bytes() -> [u8; 1200] {
        let mut x = SEED;
        core::array::from_fn(|_| (xorshift(&mut x) >> 24) as u8)
    }

    /// The naive little-endian 16-bit loop, folded.
    fn naive(d: &[u8]) -> u16 {
        let mut s = 0u64;
        for p in d.chunks(2) {
            s += u64::from(p[0]) | u64::from(*p.get(1).unwrap_or(&0)) << 8;
        }
        fold64(s)
    }

    /// Every path against the naive 16-bit loop, on every length from 0 to 1099 (the short path
    /// on all of them, though it is given fewer than 384 bytes) at every start alignment within
    /// a word, on carry-heavy, all-ones and all-zero data.
    #[test]
    fn every_path_equals_naive_by_length() {
        let random = random_bytes();
        let mut checked = 0;
        for data in [&random, &[0xffu8; 1200], &[0u8; 1200]] {
            for start in 0..8 {
                for len in 0..1100 {
                    let d = &data[start..start + len];
                    let want = naive(d);
                    assert_eq!(fold64(sum_le_wide(d)), want, "start {start} len {len}");
                    assert_eq!(sum_le_long_portable(d), want, "start {start} len {len}");
                    assert_eq!(
                        fold64(sum_le_short_wide(d)),
                        want,
                        "start {start} len {len}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 3 * 8 * 1100);
    }

    /// Which clone the dispatch picks on this CPU (same targets as `sum_le_long`).
    #[cfg(feature = "std")]
    #[multiversion::multiversion(targets("x86_64+avx2+avx512f", "x86_64+avx2"))]
    fn selected_clone_bits() -> u16 {
        multiversion::target::match_target! {
            "x86_64+avx2+avx512f" => 512,
            "x86_64+avx2" => 256,
            _ => 128,
        }
    }

    #[cfg(feature = "std")]
    fn selected_clone() -> &'static str {
        match selected_clone_bits() {
            512 => "avx512",
            256 => "avx2",
            _ => "baseline",
        }
    }

    /// The dispatched long path (on this CPU: the widest clone it supports) against the
    /// baseline one, on every length from 64 to 1100 bytes at every start alignment within a
    /// word, on carry-heavy data and on all-ones data (every lane carries, every high half set).
    #[test]
    fn dispatched_long_path_equals_portable() {
        // CI runs this test natively and under valgrind (which hides AVX-512), and checks this
        // line so that both wide clones are exercised on an AVX-512 machine.
        #[cfg(feature = "std")]
        std::eprintln!("checksum long path clone: {}", selected_clone());
        let random = random_bytes();
        let ones = [0xffu8; 1200];
        let mut checked = 0;
        for data in [&random, &ones] {
            for start in 0..8 {
                for len in 64..1100 {
                    let d = &data[start..start + len];
                    assert_eq!(
                        sum_le_long(d),
                        sum_le_long_portable(d),
                        "start {start} len {len}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 2 * 8 * 1036);
        // Both agree with the naive 16-bit loop where it is cheap to run.
        for len in [64, 65, 127, 255, 256, 257, 511, 1099] {
            assert_eq!(
                sum_le_long(&random[..len]),
                naive(&random[..len]),
                "len {len}"
            );
        }
    }
}
