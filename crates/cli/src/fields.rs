//! Decoded fields keyed by Wireshark display-filter names, and their JSON / text forms.

use core::fmt::Write as _;
use core::net::IpAddr;

/// One field value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer.
    Num(u64),
    /// A signed integer (SNMP INTEGER, request-id).
    Int(i64),
    /// A flag.
    Bool(bool),
    /// Text (names, errors).
    Text(String),
    /// A string from the wire, its bytes as received: JSON shows it as UTF-8 (an invalid byte
    /// as U+FFFD), text output escaped (`\xNN` for control characters and invalid bytes).
    WireText(Vec<u8>),
    /// Opaque bytes, printed as lowercase hex.
    Bytes(Vec<u8>),
    /// An IP address.
    Ip(IpAddr),
    /// A MAC address.
    Mac([u8; 6]),
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Value {
    /// Appends the value as JSON to a batch's buffer.
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            // One digit (flags, versions, codes: most values) without the formatter.
            Value::Num(n @ 0..=9) => out.push(b'0' + *n as u8),
            Value::Num(n) => out.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
            Value::Int(n) => out.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
            Value::Bool(true) => out.extend_from_slice(b"true"),
            Value::Bool(false) => out.extend_from_slice(b"false"),
            Value::Ip(IpAddr::V4(a)) => {
                let mut buf = itoa::Buffer::new();
                out.push(b'"');
                for (i, o) in a.octets().iter().enumerate() {
                    if i > 0 {
                        out.push(b'.');
                    }
                    out.extend_from_slice(buf.format(*o).as_bytes());
                }
                out.push(b'"');
            }
            // Text needs JSON escaping; serde_json does it (writing to a Vec cannot fail).
            Value::Text(t) => {
                let _ = serde_json::to_writer(&mut *out, t);
            }
            Value::WireText(b) => {
                let _ = serde_json::to_writer(&mut *out, &String::from_utf8_lossy(b));
            }
            // Hex digits and MACs from a table into one buffer (core::fmt's `{:02x}` per byte
            // was most of the decode time).
            Value::Mac(m) => {
                let mut b = *b"\"00:00:00:00:00:00\"";
                for (i, x) in m.iter().enumerate() {
                    b[1 + 3 * i] = HEX[usize::from(x >> 4)];
                    b[2 + 3 * i] = HEX[usize::from(x & 0xf)];
                }
                out.extend_from_slice(&b);
            }
            Value::Bytes(bytes) => {
                out.reserve(2 * bytes.len() + 2);
                out.push(b'"');
                for x in bytes {
                    out.push(HEX[usize::from(x >> 4)]);
                    out.push(HEX[usize::from(x & 0xf)]);
                }
                out.push(b'"');
            }
            // IPv6 text has its compression rules: std's Display.
            Value::Ip(_) => {
                use std::io::Write as _;
                let _ = write!(out, "\"{self}\"");
            }
        }
    }
}

impl core::fmt::Display for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Value::Num(n) => write!(f, "{n}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            // From the wire: escaped for a terminal (JSON is escaped by its own writer).
            Value::Text(t) => f.write_str(&crate::text::escape(t)),
            Value::WireText(b) => f.write_str(&crate::text::escape_bytes(b)),
            Value::Bytes(b) => {
                for x in b {
                    write!(f, "{x:02x}")?;
                }
                Ok(())
            }
            Value::Ip(a) => write!(f, "{a}"),
            Value::Mac(m) => write!(
                f,
                "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                m[0], m[1], m[2], m[3], m[4], m[5]
            ),
        }
    }
}

/// The fields of one frame, in wire order.
#[derive(Clone, Debug)]
pub struct Fields {
    /// The values in wire order; item i is named `names[groups[i]]`.
    items: Vec<Value>,
    /// Per item, the index of its name in `names` (names in order of first occurrence).
    groups: Vec<u16>,
    names: Vec<&'static str>,
    /// A small open-addressing table from a name's text to its index in `names` (plus one; 0
    /// is empty), so that finding a name's group is one hash and one comparison, not a scan.
    slots: [u8; SLOTS],
}

/// Table size; past `SLOTS * 3 / 4` names, lookups scan `names` instead.
const SLOTS: usize = 128;

thread_local! {
    /// The buffers of dropped `Fields`, reused by the next `Fields::default()` on this thread:
    /// a decode makes one `Fields` per frame, and three allocations and frees per frame were a
    /// tenth of the decode time.
    static SPARE: core::cell::RefCell<Vec<Buffers>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// A `Fields`' three vectors, emptied.
type Buffers = (Vec<Value>, Vec<u16>, Vec<&'static str>);

/// At most this many spare buffers are kept per thread.
const SPARES: usize = 16;

impl Default for Fields {
    fn default() -> Self {
        let (items, groups, names) = SPARE
            .try_with(|s| s.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_else(|| {
                (
                    Vec::with_capacity(32),
                    Vec::with_capacity(32),
                    Vec::with_capacity(32),
                )
            });
        Fields {
            items,
            groups,
            names,
            slots: [0; SLOTS],
        }
    }
}

impl Drop for Fields {
    fn drop(&mut self) {
        let mut b = (
            core::mem::take(&mut self.items),
            core::mem::take(&mut self.groups),
            core::mem::take(&mut self.names),
        );
        b.0.clear();
        b.1.clear();
        b.2.clear();
        let _ = SPARE.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                if s.len() < SPARES {
                    s.push(b);
                }
            }
        });
    }
}

/// Field names are `&'static str` literals: the same literal is usually the same pointer, and
/// different names usually differ in length, so the byte comparison is rarely needed.
fn same(a: &str, b: &str) -> bool {
    core::ptr::eq(a, b) || (a.len() == b.len() && a == b)
}

/// A hash of a name from its length and its first and last eight bytes (two loads, one
/// multiply): names are short, and a collision only costs a comparison.
fn slot_of(name: &str) -> usize {
    let b = name.as_bytes();
    let (head, tail) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(h), Some(t)) => (u64::from_le_bytes(*h), u64::from_le_bytes(*t)),
        _ => (b.iter().fold(0, |h, x| h << 8 | u64::from(*x)), 0),
    };
    let h = (head ^ tail.rotate_left(29) ^ b.len() as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    (h >> 57) as usize % SLOTS
}

impl Fields {
    /// The index of `name` in `names`, added when new.
    #[inline(never)]
    fn group(&mut self, name: &'static str) -> usize {
        if self.names.len() >= SLOTS * 3 / 4 {
            if let Some(g) = self.names.iter().rposition(|n| same(n, name)) {
                return g;
            }
            self.names.push(name);
            return self.names.len() - 1;
        }
        let mut i = slot_of(name);
        loop {
            match usize::from(self.slots[i]) {
                0 => {
                    self.names.push(name);
                    let g = self.names.len() - 1;
                    // Below SLOTS * 3 / 4 names, g + 1 fits a u8.
                    self.slots[i] = u8::try_from(g + 1).unwrap_or(u8::MAX);
                    return g;
                }
                n if same(self.names[n - 1], name) => return n - 1,
                _ => i = (i + 1) % SLOTS,
            }
        }
    }

    /// Adds a field; a name seen before in this frame adds a value to it (tshark's repeated
    /// fields: inner headers of a tunnel, a quoted datagram, every AVP).
    // Inlined so that each caller builds its value in place (a by-reference move of the enum
    // stalled on store forwarding: a fifth of the decode time).
    #[inline(always)]
    pub fn push(&mut self, name: &'static str, v: Value) {
        // The group is found once here, so writing is a pass per name over small integers.
        let g = self.group(name);
        // As many names as field-name literals in the program: far below u16::MAX.
        self.groups.push(u16::try_from(g).unwrap_or(u16::MAX));
        self.items.push(v);
    }
    #[inline]
    pub fn num(&mut self, name: &'static str, v: impl Into<u64>) {
        self.push(name, Value::Num(v.into()));
    }
    /// Adds a signed integer field.
    pub fn int(&mut self, name: &'static str, v: impl Into<i64>) {
        self.push(name, Value::Int(v.into()));
    }
    /// Adds a boolean field.
    #[inline]
    pub fn flag(&mut self, name: &'static str, v: bool) {
        self.push(name, Value::Bool(v));
    }
    /// Adds a text field (lossy UTF-8).
    pub fn text(&mut self, name: &'static str, v: &[u8]) {
        self.push(name, Value::WireText(v.to_vec()));
    }
    /// Adds a bytes field.
    pub fn bytes(&mut self, name: &'static str, v: &[u8]) {
        self.push(name, Value::Bytes(v.to_vec()));
    }
    /// Every field in wire order, with its name.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> + '_ {
        self.groups.iter().zip(&self.items).map(|(g, v)| {
            let name = self.names.get(usize::from(*g)).copied().unwrap_or("?");
            (name, v)
        })
    }
    /// The first value of a field.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Writes `{"frame": N, "fields": {...}}` and a newline: a field that occurs more than once
    /// is an array in wire order; keys appear in the order of their first occurrence.
    pub fn write_json(&self, out: &mut Vec<u8>, frame: usize) {
        let key = |out: &mut Vec<u8>, first: bool, name: &str| {
            out.extend_from_slice(if first { b"\"" } else { b",\"" });
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
        };
        out.extend_from_slice(b"{\"frame\":");
        out.extend_from_slice(itoa::Buffer::new().format(frame).as_bytes());
        out.extend_from_slice(b",\"fields\":{");
        // Every name once (the common case): the items in order.
        if self.names.len() == self.items.len() {
            for (i, (name, v)) in self.names.iter().zip(&self.items).enumerate() {
                key(out, i == 0, name);
                v.write_json(out);
            }
            out.extend_from_slice(b"}}\n");
            return;
        }
        for (g, name) in self.names.iter().enumerate() {
            key(out, g == 0, name);
            let g = u16::try_from(g).unwrap_or(u16::MAX);
            let mut values = self
                .groups
                .iter()
                .zip(&self.items)
                .filter(|(x, _)| **x == g)
                .map(|(_, v)| v);
            let first = values.next();
            let second = values.next();
            match (first, second) {
                (Some(v), None) => v.write_json(out),
                (Some(a), Some(b)) => {
                    out.push(b'[');
                    a.write_json(out);
                    out.push(b',');
                    b.write_json(out);
                    for x in values {
                        out.push(b',');
                        x.write_json(out);
                    }
                    out.push(b']');
                }
                (None, _) => out.extend_from_slice(b"null"),
            }
        }
        out.extend_from_slice(b"}}\n");
    }

    /// `name: value` lines, indented by protocol.
    /// A tree like `tshark -V`, with field names: a line per protocol layer (the name's first
    /// component), fields under it indented by their depth (`lacp.actor.state.activity` sits
    /// under `lacp.actor`), repeated fields in wire order.
    pub fn to_tree(&self) -> String {
        let mut out = String::new();
        let mut layer = "";
        let mut group = "";
        for (name, v) in self.iter() {
            let mut parts = name.split('.');
            let top = parts.next().unwrap_or(name);
            if top != layer {
                layer = top;
                group = "";
                let _ = writeln!(out, "    {top}");
            }
            // A second-level group (lacp.actor, igmp.tags, ...) gets its own heading when the
            // name has three or more components.
            let depth = name.matches('.').count();
            if depth >= 2 {
                let g = &name[..name
                    .match_indices('.')
                    .nth(1)
                    .map_or(name.len(), |(i, _)| i)];
                if g != group {
                    group = g;
                    let _ = writeln!(out, "        {g}");
                }
                let _ = writeln!(out, "            {name}: {v}");
            } else {
                group = "";
                let _ = writeln!(out, "        {name}: {v}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Fields, Value, SLOTS};

    fn json(f: &Fields) -> serde_json::Value {
        let mut out = Vec::new();
        f.write_json(&mut out, 7);
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn repeated_names_become_arrays_in_wire_order() {
        let mut f = Fields::default();
        f.num("ip.ttl", 64u8);
        f.num("icmp.type", 3u8);
        f.num("ip.ttl", 1u8);
        f.flag("ip.flags.df", true);
        f.num("icmp.type", 8u8);
        // The same text at another address is the same field.
        let other: &'static str = Box::leak(String::from("ip.ttl").into_boxed_str());
        f.num(other, 2u8);
        assert_eq!(
            json(&f),
            serde_json::json!({"frame": 7, "fields": {
                "ip.ttl": [64, 1, 2], "icmp.type": [3, 8], "ip.flags.df": true}})
        );
        assert_eq!(f.get("icmp.type"), Some(&Value::Num(3)));
        let names: Vec<&str> = f.iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "ip.ttl",
                "icmp.type",
                "ip.ttl",
                "ip.flags.df",
                "icmp.type",
                "ip.ttl"
            ]
        );
    }

    #[test]
    fn many_names_past_the_table_still_group() {
        // More distinct names than the table takes (it switches to a scan), each twice.
        let names: Vec<&'static str> = (0..SLOTS + 20)
            .map(|i| &*Box::leak(format!("x.f{i}").into_boxed_str()))
            .collect();
        let mut f = Fields::default();
        for round in 0..2u64 {
            for (i, n) in names.iter().enumerate() {
                f.num(n, round * 1000 + i as u64);
            }
        }
        let v = json(&f);
        let fields = v["fields"].as_object().unwrap();
        assert_eq!(fields.len(), names.len());
        for (i, n) in names.iter().enumerate() {
            assert_eq!(fields[*n], serde_json::json!([i, 1000 + i]), "{n}");
        }
    }

    #[test]
    fn reused_buffers_start_empty() {
        let mut f = Fields::default();
        f.num("a.b", 1u8);
        drop(f);
        let mut g = Fields::default();
        g.num("c.d", 2u8);
        assert_eq!(
            json(&g),
            serde_json::json!({"frame": 7, "fields": {"c.d": 2}})
        );
    }
}
