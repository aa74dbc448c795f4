//! Strings from the wire, shown in text output: a packet or an agent chooses these bytes, so a
//! terminal must not obey them. Control characters (C0, DEL, C1) and bytes that are not UTF-8
//! are written as `\xNN`, the way tshark shows them, and a backslash as `\\`, so that an
//! escaped string cannot be forged either; everything else (any printable UTF-8) as it is.
//! JSON output is escaped by serde_json and keeps the strings unchanged.

use core::fmt::Write as _;
use std::borrow::Cow;

/// `s`, escaped for a terminal or a line-oriented file.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    Cow::Owned(out)
}

/// Bytes from the wire: UTF-8 escaped as [`escape`] does, other bytes as `\xNN`.
pub fn escape_bytes(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    for chunk in b.utf8_chunks() {
        push_escaped(&mut out, chunk.valid());
        for x in chunk.invalid() {
            let _ = write!(out, "\\x{x:02x}");
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control() || c == '\\'
}

fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        if c == '\\' {
            out.push_str("\\\\");
        } else if c.is_control() {
            // C0 and DEL are one byte; C1 (U+0080-U+009F) is two in UTF-8, shown as both.
            let mut buf = [0u8; 4];
            for x in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "\\x{x:02x}");
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_bytes};

    #[test]
    fn controls_invalid_bytes_and_backslashes_are_escaped_byte_for_byte() {
        assert_eq!(escape("uplink-1"), "uplink-1");
        assert_eq!(escape("caf\u{e9} \u{1f600}"), "caf\u{e9} \u{1f600}");
        assert_eq!(escape("\x1b[2Jgone"), "\\x1b[2Jgone");
        assert_eq!(escape("a\nb\rc\td\0"), "a\\x0ab\\x0dc\\x09d\\x00");
        assert_eq!(escape("\u{7f}\u{85}\u{9b}"), "\\x7f\\xc2\\x85\\xc2\\x9b");
        assert_eq!(escape("a\\x1b"), "a\\\\x1b");
        assert_eq!(
            escape_bytes(b"ok\xff\xfe\x1b]0;t\x07"),
            "ok\\xff\\xfe\\x1b]0;t\\x07"
        );
        assert_eq!(escape_bytes("é".as_bytes()), "é");
        assert_eq!(escape_bytes(b"\xc3"), "\\xc3");
    }
}
