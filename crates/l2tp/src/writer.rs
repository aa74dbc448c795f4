//! Building L2TP messages: [`ControlWriter`] (lengths patched as each AVP ends, hidden AVPs
//! encrypted), the StopCCN and CDN every LNS/LAC sends, data messages, and Nr rewriting.

use pdukit_wire::{BuildError, Writer};

use crate::avp::Avp;
use crate::field::{self, name, AVP_HEADER_LEN, CONTROL_HEADER_LEN};
use crate::hidden;
use crate::packet::{Carrier, DataV2};
use crate::types::{AvpType, MessageType, IETF};
use crate::value::AvpValue;

/// How much data to hide, and how to pad it (RFC 2661 §4.3 lets the sender pad, and some
/// vendors pad with random bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Padding<'p> {
    /// No padding.
    None,
    /// Zeros up to the next multiple of 16 of the plaintext (length prefix included).
    Block,
    /// These bytes (random ones, say).
    Bytes(&'p [u8]),
}

/// Writes a control message AVP by AVP into a caller's buffer: the header first, each AVP's
/// 10-bit length patched as it ends, the message Length at [`ControlWriter::finish`]. Hidden
/// AVPs are encrypted with the latest Random Vector this writer wrote.
#[derive(Debug)]
pub struct ControlWriter<'b> {
    w: Writer<'b>,
    length: pdukit_wire::Len,
    start: usize,
    v3: bool,
    rv: Option<(usize, usize)>,
}

impl<'b> ControlWriter<'b> {
    /// A v2 control message to `tunnel_id` / `session_id` (the peer's IDs) with Ns/Nr.
    pub fn v2(
        buf: &'b mut [u8],
        tunnel_id: u16,
        session_id: u16,
        ns: u16,
        nr: u16,
    ) -> Result<Self, BuildError> {
        let mut w = Writer::new(buf);
        w.ensure(CONTROL_HEADER_LEN)?;
        w.u16(field::T_BIT | field::L_BIT | field::S_BIT | 2)?;
        let length = w.len_from(2, 0, name::LENGTH)?;
        w.u16(tunnel_id)?;
        w.u16(session_id)?;
        w.u16(ns)?;
        w.u16(nr)?;
        Ok(ControlWriter {
            w,
            length,
            start: 0,
            v3: false,
            rv: None,
        })
    }

    /// A v3 control message to control connection `ccid` with Ns/Nr, over UDP or IP (which
    /// puts the zero Session ID first).
    pub fn v3(
        buf: &'b mut [u8],
        carrier: Carrier,
        ccid: u32,
        ns: u16,
        nr: u16,
    ) -> Result<Self, BuildError> {
        let mut w = Writer::new(buf);
        let start = if carrier == Carrier::Ip { 4 } else { 0 };
        w.ensure(start + CONTROL_HEADER_LEN)?;
        if start > 0 {
            w.u32(0)?;
        }
        w.u16(field::T_BIT | field::L_BIT | field::S_BIT | 3)?;
        let length = w.len_from(2, start, name::LENGTH)?;
        w.u32(ccid)?;
        w.u16(ns)?;
        w.u16(nr)?;
        Ok(ControlWriter {
            w,
            length,
            start,
            v3: true,
            rv: None,
        })
    }

    fn header_u16(&mut self, at: core::ops::Range<usize>, v: u16) {
        let s = self.start;
        if let Some(b) = self.w.written_mut().get_mut(s + at.start..s + at.end) {
            b.copy_from_slice(&v.to_be_bytes());
        }
    }

    /// Sets Ns and Nr (e.g. when the message is sent or retransmitted later).
    pub fn sequence(&mut self, ns: u16, nr: u16) -> &mut Self {
        let (a, b) = if self.v3 {
            (field::V3_NS, field::V3_NR)
        } else {
            (field::V2_NS, field::V2_NR)
        };
        self.header_u16(a, ns);
        self.header_u16(b, nr);
        self
    }

    /// Starts an AVP: its flags-and-length word reserved (patched by [`Self::end_avp`] with
    /// the flags or-ed into the 10-bit length), vendor and type written.
    fn avp_header(
        &mut self,
        flags: u16,
        vendor: u16,
        attr: u16,
    ) -> Result<(pdukit_wire::Len, u16), BuildError> {
        self.w.ensure(AVP_HEADER_LEN)?;
        let len = self.w.len_from(2, self.w.len(), name::AVP_LENGTH)?;
        self.w.u16(vendor)?;
        self.w.u16(attr)?;
        Ok((len, flags))
    }

    fn end_avp(&mut self, (len, flags): (pdukit_wire::Len, u16)) -> Result<(), BuildError> {
        self.w.end_with(len, |n| {
            (n <= field::AVP_MAX_LEN).then_some(u64::from(flags) | n as u64)
        })?;
        Ok(())
    }

    /// Appends an AVP with a raw value.
    pub fn avp(
        &mut self,
        mandatory: bool,
        vendor_id: u16,
        attr_type: u16,
        value: &[u8],
    ) -> Result<&mut Self, BuildError> {
        let at = self.avp_header(m_bit(mandatory), vendor_id, attr_type)?;
        self.w.put(value)?;
        self.end_avp(at)?;
        if vendor_id == IETF && attr_type == AvpType::RANDOM_VECTOR.0 {
            self.rv = Some((at.0.at() + AVP_HEADER_LEN, value.len()));
        }
        Ok(self)
    }

    /// Appends a parsed AVP as it was (M, H and reserved bits, value bytes; a hidden value stays
    /// encrypted). A Random Vector appended this way is the one later hidden AVPs use.
    pub fn avp_from(&mut self, a: &Avp<'_>) -> Result<&mut Self, BuildError> {
        let flags = m_bit(a.mandatory)
            | if a.hidden { field::AVP_H_BIT } else { 0 }
            | (u16::from(a.reserved & 0x0f) << 10);
        let at = self.avp_header(flags, a.vendor_id, a.attr_type)?;
        self.w.put(a.value)?;
        self.end_avp(at)?;
        if a.is(AvpType::RANDOM_VECTOR) && !a.hidden {
            self.rv = Some((at.0.at() + AVP_HEADER_LEN, a.value.len()));
        }
        Ok(self)
    }

    /// Appends a typed AVP (its (vendor, type) from the value).
    pub fn value(&mut self, mandatory: bool, v: &AvpValue<'_>) -> Result<&mut Self, BuildError> {
        let (vendor, attr) = v.key().ok_or(BuildError::InvalidField {
            field: name::AVP_VALUE,
            value: 0,
        })?;
        let at = self.avp_header(m_bit(mandatory), vendor, attr)?;
        v.write(&mut self.w)?;
        self.end_avp(at)?;
        if let AvpValue::RandomVector(r) = v {
            self.rv = Some((at.0.at() + AVP_HEADER_LEN, r.len()));
        }
        Ok(self)
    }

    /// The Message Type AVP (mandatory; it must come first).
    pub fn message_type(&mut self, t: MessageType) -> Result<&mut Self, BuildError> {
        self.value(true, &AvpValue::MessageType(t))
    }

    /// Appends a hidden AVP (RFC 2661 §4.3): `value` hidden with `secret` and the latest Random
    /// Vector this writer wrote, padded as `padding` says. Errors: no Random Vector yet, or an
    /// AVP longer than the 10-bit length allows (padding counted).
    pub fn hidden(
        &mut self,
        mandatory: bool,
        vendor_id: u16,
        attr_type: u16,
        value: &[u8],
        secret: &[u8],
        padding: Padding<'_>,
    ) -> Result<&mut Self, BuildError> {
        let (rv_at, rv_len) = self.rv.ok_or(BuildError::InvalidField {
            field: name::RANDOM_VECTOR,
            value: 0,
        })?;
        let plain = field::HIDDEN_LENGTH + value.len();
        let pad = match padding {
            Padding::None => 0,
            Padding::Block => (field::MD5_LEN - plain % field::MD5_LEN) % field::MD5_LEN,
            Padding::Bytes(b) => b.len(),
        };
        let total = AVP_HEADER_LEN + plain + pad;
        if total > field::AVP_MAX_LEN {
            return Err(BuildError::InvalidField {
                field: name::AVP_LENGTH,
                value: total,
            });
        }
        let at = self.avp_header(m_bit(mandatory) | field::AVP_H_BIT, vendor_id, attr_type)?;
        self.w.ensure(plain + pad)?;
        self.w.u16(value.len() as u16)?;
        self.w.put(value)?;
        match padding {
            Padding::Bytes(b) => self.w.put(b)?,
            _ => self.w.zeros(pad)?,
        }
        let mut rv = [0u8; field::AVP_MAX_VALUE];
        let written = self.w.written_mut();
        rv[..rv_len].copy_from_slice(&written[rv_at..rv_at + rv_len]);
        let body = &mut written[at.0.at() + AVP_HEADER_LEN..];
        hidden::apply(attr_type, secret, &rv[..rv_len], body, false);
        self.end_avp(at)?;
        Ok(self)
    }

    /// Patches the message Length; returns the bytes written (the IP Session ID included).
    pub fn finish(mut self) -> Result<usize, BuildError> {
        self.w.end(self.length)?;
        Ok(self.w.len())
    }
}

/// A v2 StopCCN to the peer's tunnel `peer_tunnel` with our `assigned_tunnel` and the chosen
/// result code, error code and message (RFC 2661 §6.4).
pub fn stop_ccn(
    buf: &mut [u8],
    peer_tunnel: u16,
    (ns, nr): (u16, u16),
    assigned_tunnel: u16,
    result: crate::ResultCode<'_>,
) -> Result<usize, BuildError> {
    let mut w = ControlWriter::v2(buf, peer_tunnel, 0, ns, nr)?;
    w.message_type(MessageType::STOPCCN)?
        .value(true, &AvpValue::AssignedTunnelId(assigned_tunnel))?
        .value(true, &AvpValue::ResultCode(result))?;
    w.finish()
}

/// A v2 CDN for the peer's session `peer_session` in tunnel `peer_tunnel`, with our
/// `assigned_session` and the chosen result code, error code and message (RFC 2661 §6.13).
pub fn cdn(
    buf: &mut [u8],
    (peer_tunnel, peer_session): (u16, u16),
    (ns, nr): (u16, u16),
    assigned_session: u16,
    result: crate::ResultCode<'_>,
) -> Result<usize, BuildError> {
    let mut w = ControlWriter::v2(buf, peer_tunnel, peer_session, ns, nr)?;
    w.message_type(MessageType::CDN)?
        .value(true, &AvpValue::ResultCode(result))?
        .value(true, &AvpValue::AssignedSessionId(assigned_session))?;
    w.finish()
}

fn m_bit(mandatory: bool) -> u16 {
    if mandatory {
        field::AVP_M_BIT
    } else {
        0
    }
}

impl DataV2<'_> {
    /// Bytes [`DataV2::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        6 + if self.length.is_some() { 2 } else { 0 }
            + if self.sequence.is_some() { 4 } else { 0 }
            + self.offset.map_or(0, |(_, p)| 2 + p.len())
            + self.payload.len()
    }

    /// Writes the message; the L, S and O bits follow the fields present (the other bits of
    /// `bits` are kept), and a present Length is recomputed.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        let n = self.buffer_len();
        let mut w = Writer::new(buf);
        w.ensure(n)?;
        let mut bits = self.bits & !(field::T_BIT | field::L_BIT | field::S_BIT | field::O_BIT);
        bits &= !field::VERSION_MASK;
        bits |= 2;
        if self.length.is_some() {
            bits |= field::L_BIT;
        }
        if self.sequence.is_some() {
            bits |= field::S_BIT;
        }
        if self.offset.is_some() {
            bits |= field::O_BIT;
        }
        w.u16(bits)?;
        if self.length.is_some() {
            let l = u16::try_from(n).map_err(|_| BuildError::InvalidField {
                field: name::LENGTH,
                value: n,
            })?;
            w.u16(l)?;
        }
        w.u16(self.tunnel_id)?;
        w.u16(self.session_id)?;
        if let Some((ns, nr)) = self.sequence {
            w.u16(ns)?;
            w.u16(nr)?;
        }
        if let Some((_, pad)) = self.offset {
            let size = u16::try_from(pad.len()).map_err(|_| BuildError::InvalidField {
                field: name::OFFSET_SIZE,
                value: pad.len(),
            })?;
            w.u16(size)?;
            w.put(pad)?;
        }
        w.put(self.payload)?;
        Ok(w.len())
    }
}

impl pdukit_wire::Emit for DataV2<'_> {
    fn buffer_len(&self) -> usize {
        DataV2::buffer_len(self)
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, BuildError> {
        DataV2::emit(self, buf)
    }
}

/// Sets Nr of a control message already built (a retransmission carries the latest Nr):
/// `msg` starts at the L2TP header (over IP: after the Session ID).
pub fn set_nr(msg: &mut [u8], nr: u16) -> Result<(), BuildError> {
    let available = msg.len();
    let b = msg
        .get_mut(field::V2_NR)
        .ok_or(BuildError::BufferTooSmall {
            needed: field::V2_NR.end,
            available,
        })?;
    b.copy_from_slice(&nr.to_be_bytes());
    Ok(())
}
