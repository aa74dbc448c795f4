//! Hidden AVPs (RFC 2661 §4.3) and challenge responses (§5.1.1), on MD5 from the `md-5` crate.
//!
//! Plaintext = original length (2 bytes) ‖ value ‖ padding, in 16-byte blocks (the last may be
//! partial): b1 = MD5(attribute type ‖ secret ‖ random vector), c1 = p1 ⊕ b1,
//! bi = MD5(secret ‖ c(i−1)), ci = pi ⊕ bi.

use md5::{Digest, Md5};
use pdukit_wire::ParseError;

use crate::field::{self, name, MD5_LEN};

/// The keystream block for the block after `prev` (the previous ciphertext block), or for the
/// first block when `prev` is `None`.
fn block(attr_type: u16, secret: &[u8], rv: &[u8], prev: Option<&[u8]>) -> [u8; MD5_LEN] {
    let mut h = Md5::new();
    match prev {
        None => {
            h.update(attr_type.to_be_bytes());
            h.update(secret);
            h.update(rv);
        }
        Some(c) => {
            h.update(secret);
            h.update(c);
        }
    }
    h.finalize().into()
}

/// Encrypts (`decrypt == false`) or decrypts `data` in place; the chain always runs on the
/// ciphertext blocks.
pub(crate) fn apply(attr_type: u16, secret: &[u8], rv: &[u8], data: &mut [u8], decrypt: bool) {
    let mut prev = [0u8; MD5_LEN];
    for (i, chunk) in data.chunks_mut(MD5_LEN).enumerate() {
        let key = block(attr_type, secret, rv, (i > 0).then_some(&prev[..]));
        let n = chunk.len();
        if decrypt {
            prev[..n].copy_from_slice(chunk);
        }
        for (x, k) in chunk.iter_mut().zip(key) {
            *x ^= k;
        }
        if !decrypt {
            prev[..n].copy_from_slice(chunk);
        }
    }
}

/// Decrypts a hidden value into `out`; the original value, bounded by what was received.
pub(crate) fn decrypt<'o>(
    attr_type: u16,
    secret: &[u8],
    rv: &[u8],
    hidden: &[u8],
    out: &'o mut [u8; field::AVP_MAX_VALUE],
) -> Result<&'o [u8], ParseError> {
    let n = hidden.len().min(out.len());
    if n < field::HIDDEN_LENGTH {
        return Err(ParseError::Truncated {
            field: name::HIDDEN_LENGTH,
            offset: 0,
            needed: field::HIDDEN_LENGTH,
            available: n,
        });
    }
    let plain = &mut out[..n];
    plain.copy_from_slice(&hidden[..n]);
    apply(attr_type, secret, rv, plain, true);
    let orig = usize::from(pdukit_wire::u16_at(plain, 0..field::HIDDEN_LENGTH));
    let room = n - field::HIDDEN_LENGTH;
    if orig > room {
        return Err(ParseError::BadLength {
            field: name::HIDDEN_LENGTH,
            offset: 0,
            declared: orig,
            available: room,
        });
    }
    Ok(&out[field::HIDDEN_LENGTH..field::HIDDEN_LENGTH + orig])
}

/// The Challenge Response (RFC 2661 §5.1.1): MD5(message type byte ‖ secret ‖ challenge), with
/// the type of the message that carries it (2 in an SCCRP, 3 in an SCCCN).
pub fn challenge_response(message_type: u8, secret: &[u8], challenge: &[u8]) -> [u8; MD5_LEN] {
    let mut h = Md5::new();
    h.update([message_type]);
    h.update(secret);
    h.update(challenge);
    h.finalize().into()
}

/// Checks a received Challenge Response against the one `secret` gives (every byte compared).
pub fn check_challenge_response(
    message_type: u8,
    secret: &[u8],
    challenge: &[u8],
    response: &[u8],
) -> bool {
    let want = challenge_response(message_type, secret, challenge);
    response.len() == MD5_LEN
        && want
            .iter()
            .zip(response)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}
