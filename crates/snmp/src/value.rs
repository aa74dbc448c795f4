//! Varbind values (RFC 2578 SMIv2 types, RFC 3416 exceptions) and varbinds: one decoder shared
//! by the iterator and the builders' size computation.

use core::net::Ipv4Addr;

use pdukit_wire::{BuildError, Expected, ParseError, Reader, Writer};

use crate::ber::{self, Tlv};
use crate::field::{name, tag};
use crate::oid::Oid;

/// A varbind value. Exceptions are values: `endOfMibView` ends a walk, not the iteration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// INTEGER / Integer32.
    Integer(i32),
    /// OCTET STRING: bytes, not text.
    OctetString(&'a [u8]),
    /// NULL (the value of every request varbind).
    Null,
    /// OBJECT IDENTIFIER.
    ObjectId(Oid<'a>),
    /// IpAddress.
    IpAddress(Ipv4Addr),
    /// Counter32.
    Counter32(u32),
    /// Gauge32 / Unsigned32.
    Gauge32(u32),
    /// TimeTicks (hundredths of a second).
    TimeTicks(u32),
    /// Opaque (its contents kept raw).
    Opaque(&'a [u8]),
    /// NsapAddress.
    NsapAddress(&'a [u8]),
    /// Counter64 (v2c only).
    Counter64(u64),
    /// UInteger32 (RFC 1442).
    UInteger32(u32),
    /// noSuchObject exception (v2c only).
    NoSuchObject,
    /// noSuchInstance exception (v2c only).
    NoSuchInstance,
    /// endOfMibView exception (v2c only).
    EndOfMibView,
}

impl<'a> Value<'a> {
    /// Decodes a value TLV. A constructed encoding of a primitive type (`24` for an OCTET
    /// STRING) is a wrong tag.
    #[inline]
    pub(crate) fn decode(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let b = t.bytes();
        Ok(match t.tag {
            tag::INTEGER => Value::Integer(ber::int32(t, name::INTEGER)?),
            tag::OCTET_STRING => Value::OctetString(b),
            tag::NULL => ber::empty(t).map(|()| Value::Null)?,
            tag::OBJECT_IDENTIFIER => Value::ObjectId(Oid::from_ber(b, t.content.offset())?),
            tag::IP_ADDRESS => Value::IpAddress(ber::ipv4(t, name::IP_ADDRESS)?),
            tag::COUNTER32 => Value::Counter32(ber::unsigned32(t)?),
            tag::GAUGE32 => Value::Gauge32(ber::unsigned32(t)?),
            tag::TIME_TICKS => Value::TimeTicks(ber::unsigned32(t)?),
            tag::OPAQUE => Value::Opaque(b),
            tag::NSAP_ADDRESS => Value::NsapAddress(b),
            tag::COUNTER64 => Value::Counter64(ber::counter64(t)?),
            tag::UINTEGER32 => Value::UInteger32(ber::unsigned32(t)?),
            tag::NO_SUCH_OBJECT => ber::empty(t).map(|()| Value::NoSuchObject)?,
            tag::NO_SUCH_INSTANCE => ber::empty(t).map(|()| Value::NoSuchInstance)?,
            tag::END_OF_MIB_VIEW => ber::empty(t).map(|()| Value::EndOfMibView)?,
            other => {
                return Err(ParseError::Invalid {
                    field: name::VALUE,
                    offset: t.start,
                    found: u32::from(other),
                    expected: Expected::Text("an SNMP value type"),
                })
            }
        })
    }

    /// The BER tag.
    pub const fn tag(&self) -> u8 {
        match self {
            Value::Integer(_) => tag::INTEGER,
            Value::OctetString(_) => tag::OCTET_STRING,
            Value::Null => tag::NULL,
            Value::ObjectId(_) => tag::OBJECT_IDENTIFIER,
            Value::IpAddress(_) => tag::IP_ADDRESS,
            Value::Counter32(_) => tag::COUNTER32,
            Value::Gauge32(_) => tag::GAUGE32,
            Value::TimeTicks(_) => tag::TIME_TICKS,
            Value::Opaque(_) => tag::OPAQUE,
            Value::NsapAddress(_) => tag::NSAP_ADDRESS,
            Value::Counter64(_) => tag::COUNTER64,
            Value::UInteger32(_) => tag::UINTEGER32,
            Value::NoSuchObject => tag::NO_SUCH_OBJECT,
            Value::NoSuchInstance => tag::NO_SUCH_INSTANCE,
            Value::EndOfMibView => tag::END_OF_MIB_VIEW,
        }
    }

    /// Whether this is one of the three v2c exceptions.
    pub const fn is_exception(&self) -> bool {
        matches!(
            self,
            Value::NoSuchObject | Value::NoSuchInstance | Value::EndOfMibView
        )
    }

    /// Content octets, minimal.
    fn content_len(&self) -> usize {
        match *self {
            Value::Integer(v) => ber::int_len(i64::from(v)),
            Value::OctetString(b) | Value::Opaque(b) | Value::NsapAddress(b) => b.len(),
            Value::ObjectId(o) => o.as_ber().len(),
            Value::IpAddress(_) => 4,
            Value::Counter32(v)
            | Value::Gauge32(v)
            | Value::TimeTicks(v)
            | Value::UInteger32(v) => ber::uint_len(u64::from(v)),
            Value::Counter64(v) => ber::uint_len(v),
            Value::Null | Value::NoSuchObject | Value::NoSuchInstance | Value::EndOfMibView => 0,
        }
    }

    /// Octets of the whole TLV.
    pub fn wire_len(&self) -> usize {
        ber::tlv_len(self.content_len())
    }

    /// Writes the TLV, minimal.
    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<(), BuildError> {
        let t = self.tag();
        match *self {
            Value::Integer(v) => ber::int(w, t, i64::from(v)),
            Value::Counter32(v)
            | Value::Gauge32(v)
            | Value::TimeTicks(v)
            | Value::UInteger32(v) => ber::uint(w, t, u64::from(v)),
            Value::Counter64(v) => ber::uint(w, t, v),
            Value::IpAddress(a) => {
                ber::header(w, t, 4)?;
                w.put(&a.octets())
            }
            _ => {
                let content: &[u8] = match *self {
                    Value::OctetString(b) | Value::Opaque(b) | Value::NsapAddress(b) => b,
                    Value::ObjectId(o) => o.as_ber(),
                    _ => &[],
                };
                ber::header(w, t, content.len())?;
                w.put(content)
            }
        }
    }
}

/// One variable binding: a name and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarBind<'a> {
    /// The object instance.
    pub name: Oid<'a>,
    /// Its value (NULL in requests).
    pub value: Value<'a>,
}

impl<'a> VarBind<'a> {
    /// A request varbind: `name` with a NULL value.
    pub const fn null(name: Oid<'a>) -> Self {
        VarBind {
            name,
            value: Value::Null,
        }
    }

    /// Content octets of the varbind SEQUENCE.
    fn content_len(&self) -> usize {
        ber::tlv_len(self.name.as_ber().len()) + self.value.wire_len()
    }

    /// Octets of the whole varbind.
    pub fn wire_len(&self) -> usize {
        ber::tlv_len(self.content_len())
    }

    /// Writes the varbind SEQUENCE.
    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<(), BuildError> {
        ber::header(w, tag::SEQUENCE, self.content_len())?;
        ber::header(w, tag::OBJECT_IDENTIFIER, self.name.as_ber().len())?;
        w.put(self.name.as_ber())?;
        self.value.write(w)
    }
}

/// Decodes the varbind SEQUENCE `seq`: name, value, nothing after.
#[inline]
fn decode_varbind<'a>(seq: &Tlv<'a>) -> Result<VarBind<'a>, ParseError> {
    let mut r = seq.content;
    let n = ber::expect(&mut r, tag::OBJECT_IDENTIFIER, name::OID)?;
    let name = Oid::from_ber(n.bytes(), n.content.offset())?;
    let v = ber::read(&mut r)?;
    let value = Value::decode(&v)?;
    ber::finish(&r)?;
    Ok(VarBind { name, value })
}

/// The variable bindings of a PDU: borrowed from a parsed message (walked as they are read), or
/// a list given to a builder.
#[derive(Clone, Copy)]
pub struct VarBinds<'a>(Inner<'a>);

#[derive(Clone, Copy)]
enum Inner<'a> {
    /// The contents of a parsed varbind-list SEQUENCE, at its offset in the message.
    Wire(Reader<'a>),
    /// A list to build.
    List(&'a [VarBind<'a>]),
}

impl<'a> VarBinds<'a> {
    pub(crate) const fn from_wire(contents: Reader<'a>) -> Self {
        VarBinds(Inner::Wire(contents))
    }

    /// Varbinds to build.
    pub const fn from_list(list: &'a [VarBind<'a>]) -> Self {
        VarBinds(Inner::List(list))
    }

    /// No varbinds.
    pub const EMPTY: VarBinds<'static> = VarBinds(Inner::List(&[]));

    /// The varbinds in order: each one, or the error of that one varbind with its offset. A
    /// varbind whose value does not decode is an error item and the walk goes on to the next;
    /// only a varbind whose own framing is broken (its SEQUENCE header or length) ends it.
    pub fn iter(&self) -> VarBindIter<'a> {
        match self.0 {
            Inner::Wire(r) => VarBindIter(IterInner::Wire(r)),
            Inner::List(l) => VarBindIter(IterInner::List(l.iter())),
        }
    }

    /// The number of items [`VarBinds::iter`] yields: each varbind's framing is read, its name
    /// and value are not decoded; a broken framing counts once and ends the count.
    pub fn len(&self) -> usize {
        match self.0 {
            Inner::List(l) => l.len(),
            Inner::Wire(mut r) => {
                let mut n = 0;
                while !r.is_empty() {
                    n += 1;
                    if ber::expect(&mut r, tag::SEQUENCE, name::VARBIND).is_err() {
                        break;
                    }
                }
                n
            }
        }
    }

    /// No varbinds.
    pub fn is_empty(&self) -> bool {
        match self.0 {
            Inner::Wire(r) => r.is_empty(),
            Inner::List(l) => l.is_empty(),
        }
    }

    /// The wire bytes of a parsed list (empty for a list to build).
    pub fn as_bytes(&self) -> &'a [u8] {
        match self.0 {
            Inner::Wire(r) => r.peek_rest(),
            Inner::List(_) => &[],
        }
    }

    /// Content octets of the varbind-list SEQUENCE.
    pub(crate) fn content_len(&self) -> usize {
        match self.0 {
            Inner::Wire(r) => r.remaining(),
            Inner::List(l) => l.iter().map(VarBind::wire_len).sum(),
        }
    }

    /// Writes the varbind-list SEQUENCE (parsed ones as they were).
    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<(), BuildError> {
        ber::header(w, tag::SEQUENCE, self.content_len())?;
        match self.0 {
            Inner::Wire(r) => w.put(r.peek_rest()),
            Inner::List(l) => l.iter().try_for_each(|v| v.write(w)),
        }
    }
}

/// Two lists are equal when they hold the same varbinds (wire or built).
impl PartialEq for VarBinds<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}
impl Eq for VarBinds<'_> {}

impl core::fmt::Debug for VarBinds<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over [`VarBinds`].
#[derive(Clone, Debug)]
pub struct VarBindIter<'a>(IterInner<'a>);

#[derive(Clone, Debug)]
enum IterInner<'a> {
    Wire(Reader<'a>),
    List(core::slice::Iter<'a, VarBind<'a>>),
}

impl<'a> Iterator for VarBindIter<'a> {
    type Item = Result<VarBind<'a>, ParseError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterInner::List(l) => l.next().map(|v| Ok(*v)),
            IterInner::Wire(r) => {
                if r.is_empty() {
                    return None;
                }
                let seq = match ber::expect(r, tag::SEQUENCE, name::VARBIND) {
                    Ok(s) => s,
                    Err(e) => {
                        // The framing is broken: nothing after it can be found.
                        r.rest();
                        return Some(Err(e));
                    }
                };
                Some(decode_varbind(&seq))
            }
        }
    }
}

impl core::iter::FusedIterator for VarBindIter<'_> {}
