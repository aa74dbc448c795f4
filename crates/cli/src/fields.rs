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
    /// Opaque bytes, printed as lowercase hex.
    Bytes(Vec<u8>),
    /// An IP address.
    Ip(IpAddr),
    /// A MAC address.
    Mac([u8; 6]),
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Value {
    fn write_json(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match self {
            Value::Num(n) => out.write_all(itoa::Buffer::new().format(*n).as_bytes()),
            Value::Int(n) => out.write_all(itoa::Buffer::new().format(*n).as_bytes()),
            Value::Bool(b) => out.write_all(if *b { b"true" } else { b"false" }),
            Value::Ip(IpAddr::V4(a)) => {
                let mut buf = itoa::Buffer::new();
                out.write_all(b"\"")?;
                for (i, o) in a.octets().iter().enumerate() {
                    if i > 0 {
                        out.write_all(b".")?;
                    }
                    out.write_all(buf.format(*o).as_bytes())?;
                }
                out.write_all(b"\"")
            }
            // Text needs JSON escaping; serde_json does it.
            Value::Text(t) => serde_json::to_writer(&mut *out, t).map_err(std::io::Error::other),
            // Hex digits and MACs from a table into one buffer (core::fmt's `{:02x}` per byte
            // was most of the decode time).
            Value::Mac(m) => {
                let mut b = *b"\"00:00:00:00:00:00\"";
                for (i, x) in m.iter().enumerate() {
                    b[1 + 3 * i] = HEX[usize::from(x >> 4)];
                    b[2 + 3 * i] = HEX[usize::from(x & 0xf)];
                }
                out.write_all(&b)
            }
            Value::Bytes(bytes) => {
                out.write_all(b"\"")?;
                let mut chunk = [0u8; 128];
                for part in bytes.chunks(64) {
                    for (i, x) in part.iter().enumerate() {
                        chunk[2 * i] = HEX[usize::from(x >> 4)];
                        chunk[2 * i + 1] = HEX[usize::from(x & 0xf)];
                    }
                    out.write_all(&chunk[..2 * part.len()])?;
                }
                out.write_all(b"\"")
            }
            // IPv6 text has its compression rules: std's Display.
            Value::Ip(_) => write!(out, "\"{self}\""),
        }
    }
}

impl core::fmt::Display for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Value::Num(n) => write!(f, "{n}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Text(t) => f.write_str(t),
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
    items: Vec<(&'static str, Value)>,
    /// Per item, the index of its name in `names` (names in order of first occurrence).
    groups: Vec<u8>,
    names: Vec<&'static str>,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            items: Vec::with_capacity(32),
            groups: Vec::with_capacity(32),
            names: Vec::with_capacity(32),
        }
    }
}

/// Field names are `&'static str` literals: the same literal is usually the same pointer, and
/// different names usually differ in length, so the byte comparison is rarely needed.
fn same(a: &str, b: &str) -> bool {
    core::ptr::eq(a, b) || (a.len() == b.len() && a == b)
}

impl Fields {
    /// Adds a field (a name may repeat: records, tags, sources).
    pub fn push(&mut self, name: &'static str, v: Value) {
        // The group is found once here, so writing is a pass per name over small integers.
        let g = match self.names.iter().rposition(|n| same(n, name)) {
            Some(g) => g,
            None => {
                self.names.push(name);
                self.names.len() - 1
            }
        };
        self.groups.push(u8::try_from(g).unwrap_or(u8::MAX));
        self.items.push((name, v));
    }
    /// Adds an integer field.
    pub fn num(&mut self, name: &'static str, v: impl Into<u64>) {
        self.push(name, Value::Num(v.into()));
    }
    /// Adds a signed integer field.
    pub fn int(&mut self, name: &'static str, v: impl Into<i64>) {
        self.push(name, Value::Int(v.into()));
    }
    /// Adds a boolean field.
    pub fn flag(&mut self, name: &'static str, v: bool) {
        self.push(name, Value::Bool(v));
    }
    /// Adds a text field (lossy UTF-8).
    pub fn text(&mut self, name: &'static str, v: &[u8]) {
        self.push(name, Value::Text(String::from_utf8_lossy(v).into_owned()));
    }
    /// Adds a bytes field.
    pub fn bytes(&mut self, name: &'static str, v: &[u8]) {
        self.push(name, Value::Bytes(v.to_vec()));
    }
    /// The first value of a field.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.items.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Writes `{"frame": N, "fields": {...}}` and a newline: a field that occurs more than once
    /// is an array in wire order; keys appear in the order of their first occurrence.
    pub fn write_json(&self, out: &mut impl std::io::Write, frame: usize) -> std::io::Result<()> {
        out.write_all(b"{\"frame\":")?;
        out.write_all(itoa::Buffer::new().format(frame).as_bytes())?;
        out.write_all(b",\"fields\":{")?;
        // Every name once (the common case): the items in order.
        if self.names.len() == self.items.len() {
            for (i, (name, v)) in self.items.iter().enumerate() {
                out.write_all(if i == 0 { b"\"" } else { b",\"" })?;
                out.write_all(name.as_bytes())?;
                out.write_all(b"\":")?;
                v.write_json(out)?;
            }
            return out.write_all(b"}}\n");
        }
        for (g, name) in self.names.iter().enumerate() {
            if g > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"\"")?;
            out.write_all(name.as_bytes())?;
            out.write_all(b"\":")?;
            let g = u8::try_from(g).unwrap_or(u8::MAX);
            let mut values = self
                .groups
                .iter()
                .zip(&self.items)
                .filter(|(x, _)| **x == g)
                .map(|(_, (_, v))| v);
            let first = values.next();
            let second = values.next();
            match (first, second) {
                (Some(v), None) => v.write_json(out)?,
                (Some(a), Some(b)) => {
                    out.write_all(b"[")?;
                    a.write_json(out)?;
                    out.write_all(b",")?;
                    b.write_json(out)?;
                    for x in values {
                        out.write_all(b",")?;
                        x.write_json(out)?;
                    }
                    out.write_all(b"]")?;
                }
                (None, _) => out.write_all(b"null")?,
            }
        }
        out.write_all(b"}}\n")
    }

    /// `name: value` lines, indented by protocol.
    /// A tree like `tshark -V`, with field names: a line per protocol layer (the name's first
    /// component), fields under it indented by their depth (`lacp.actor.state.activity` sits
    /// under `lacp.actor`), repeated fields in wire order.
    pub fn to_tree(&self) -> String {
        let mut out = String::new();
        let mut layer = "";
        let mut group = "";
        for (name, v) in &self.items {
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
