//! The floating-point Max Resp Code and QQIC encodings of RFC 3376 §4.1.1 and §4.1.7.

/// Largest value the 8-bit code can represent: `(0xF | 0x10) << (7 + 3)`.
pub const MAX_CODE_VALUE: u32 = 31744;

/// Decodes a Max Resp Code (tenths of a second) or QQIC (seconds): below 128 the value itself,
/// otherwise `1|exp(3)|mant(4)` meaning `(mant | 0x10) << (exp + 3)`.
///
/// ```
/// # use pdukit_igmp::decode_code;
/// assert_eq!(decode_code(100), 100);
/// assert_eq!(decode_code(0x80), 128);
/// assert_eq!(decode_code(0xfe), 30720);
/// assert_eq!(decode_code(0xff), 31744);
/// ```
pub const fn decode_code(code: u8) -> u32 {
    if code < 128 {
        code as u32
    } else {
        let exp = ((code >> 4) & 0x07) as u32;
        let mant = (code & 0x0f) as u32;
        (mant | 0x10) << (exp + 3)
    }
}

/// Encodes a value as a Max Resp Code / QQIC: exact below 128, otherwise the largest
/// representable value not above it; values above 31744 clamp to 0xFF.
///
/// `encode_code(decode_code(c)) == c` for every code, so each wire value has one form.
pub const fn encode_code(value: u32) -> u8 {
    if value < 128 {
        return value as u8;
    }
    if value >= MAX_CODE_VALUE {
        return 0xff;
    }
    // value in 128..31744: find exp so that value >> (exp + 3) is in 16..=31.
    let mut exp = 0u32;
    while (value >> (exp + 3)) > 31 {
        exp += 1;
    }
    let mant = (value >> (exp + 3)) & 0x0f;
    (0x80 | (exp << 4) | mant) as u8
}
