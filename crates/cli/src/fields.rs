//! Decoded fields keyed by Wireshark display-filter names, and their JSON / text forms.

use core::fmt::Write as _;
use core::net::IpAddr;

/// One field value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer.
    Num(u64),
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

impl Value {
    fn json(&self) -> serde_json::Value {
        match self {
            Value::Num(n) => serde_json::Value::from(*n),
            Value::Bool(b) => serde_json::Value::from(*b),
            Value::Text(t) => serde_json::Value::from(t.as_str()),
            Value::Bytes(_) | Value::Ip(_) | Value::Mac(_) => {
                serde_json::Value::from(self.to_string())
            }
        }
    }
}

impl core::fmt::Display for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Value::Num(n) => write!(f, "{n}"),
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
#[derive(Clone, Debug, Default)]
pub struct Fields {
    items: Vec<(&'static str, Value)>,
}

impl Fields {
    /// Adds a field (a name may repeat: records, tags, sources).
    pub fn push(&mut self, name: &'static str, v: Value) {
        self.items.push((name, v));
    }
    /// Adds an integer field.
    pub fn num(&mut self, name: &'static str, v: impl Into<u64>) {
        self.push(name, Value::Num(v.into()));
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

    /// `{"frame": N, "fields": {...}}`: a field that occurs more than once is an array in wire
    /// order; keys appear in the order of their first occurrence.
    pub fn to_json(&self, frame: usize) -> String {
        let mut order: Vec<&'static str> = Vec::new();
        let mut groups: Vec<Vec<serde_json::Value>> = Vec::new();
        for (name, v) in &self.items {
            match order.iter().position(|n| n == name) {
                Some(i) => groups[i].push(v.json()),
                None => {
                    order.push(name);
                    groups.push(vec![v.json()]);
                }
            }
        }
        let mut map = serde_json::Map::new();
        for (name, mut g) in order.into_iter().zip(groups) {
            let v = if g.len() == 1 {
                g.remove(0)
            } else {
                serde_json::Value::Array(g)
            };
            map.insert(name.to_string(), v);
        }
        let mut obj = serde_json::Map::new();
        obj.insert("frame".into(), serde_json::Value::from(frame));
        obj.insert("fields".into(), serde_json::Value::Object(map));
        serde_json::Value::Object(obj).to_string()
    }

    /// `name: value` lines, indented by protocol.
    pub fn to_tree(&self) -> String {
        let mut out = String::new();
        for (name, v) in &self.items {
            let _ = writeln!(out, "    {name}: {v}");
        }
        out
    }
}
