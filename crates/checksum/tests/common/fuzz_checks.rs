//! Checks shared by the fuzz target `checksum_incremental` and the regression test that replays
//! its finds (testdata/fuzz/checksum_incremental/). Panics on a violated property.

use pdukit_checksum::{checksum, update_bytes, verify, Checksum};

/// Input layout: `[offset_hi, offset_lo, len, split_hi, split_lo, fill..., buffer...]` — the
/// first 5 bytes steer an edit and a split; the rest is the buffer (its second half also feeds
/// the replacement bytes).
pub fn checksum_incremental(data: &[u8]) {
    let Some((head, buf)) = data.split_first_chunk::<5>() else {
        return;
    };
    let mut buf = buf.to_vec();
    if buf.is_empty() {
        return;
    }
    let offset = usize::from(u16::from_be_bytes([head[0], head[1]])) % buf.len();
    let len = usize::from(head[2]).min(buf.len() - offset);
    let split = usize::from(u16::from_be_bytes([head[3], head[4]])) % (buf.len() + 1);

    // Any split equals the whole.
    let mut acc = Checksum::new();
    acc.add_bytes(&buf[..split]).add_bytes(&buf[split..]);
    assert_eq!(acc.finish(), checksum(&buf), "split at {split}");

    // Incremental update equals recomputation (up to the zero representation).
    let before = checksum(&buf);
    let old = buf[offset..offset + len].to_vec();
    for (i, b) in buf[offset..offset + len].iter_mut().enumerate() {
        *b = b.rotate_left(3) ^ (i as u8) ^ head[2];
    }
    let inc = update_bytes(before, offset, &old, &buf[offset..offset + len]);
    let re = checksum(&buf);
    let all_zero = buf.iter().all(|&b| b == 0);
    assert!(
        inc == re || (all_zero && (inc == 0 || inc == 0xffff)),
        "update at {offset}+{len}: incremental {inc:#06x} recomputed {re:#06x}"
    );

    // Emit then verify, at an even offset.
    if buf.len() >= 2 {
        // Even, and inside: clamping to len - 2 alone could make it odd for odd lengths.
        let pos = (offset.min(buf.len() - 2) / 2) * 2;
        buf[pos] = 0;
        buf[pos + 1] = 0;
        let c = checksum(&buf);
        buf[pos..pos + 2].copy_from_slice(&c.to_be_bytes());
        assert!(verify(&buf) || buf.iter().all(|&b| b == 0));
    }
}
