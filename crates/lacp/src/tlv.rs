//! The TLVs of a LACPDU: types, one decoder shared by the validating walk, the iterator and the
//! builder's check, and the writer.

use pdukit_wire::{BuildError, Expected, ParseError, Writer};

use crate::field::{self, name};

pdukit_wire::open_enum! {
    /// A LACPDU TLV type (802.1AX-2014 §6.4.2).
    pub struct TlvType(u8) {
        /// Terminator.
        TERMINATOR = 0 => "Terminator",
        /// Actor information.
        ACTOR = 1 => "Actor Information",
        /// Partner information.
        PARTNER = 2 => "Partner Information",
        /// Collector information.
        COLLECTOR = 3 => "Collector Information",
        /// v2: Port Algorithm.
        PORT_ALGORITHM = 4 => "Port Algorithm",
        /// v2: Port Conversation ID Digest.
        PORT_CONVERSATION_ID_DIGEST = 5 => "Port Conversation ID Digest",
        /// v2: Port Conversation Mask-1.
        PORT_CONVERSATION_MASK_1 = 6 => "Port Conversation Mask-1",
        /// v2: Port Conversation Mask-2.
        PORT_CONVERSATION_MASK_2 = 7 => "Port Conversation Mask-2",
        /// v2: Port Conversation Mask-3.
        PORT_CONVERSATION_MASK_3 = 8 => "Port Conversation Mask-3",
        /// v2: Port Conversation Mask-4.
        PORT_CONVERSATION_MASK_4 = 9 => "Port Conversation Mask-4",
        /// v2: Port Conversation Service Mapping Digest.
        PORT_CONVERSATION_SERVICE_MAPPING = 10 => "Port Conversation Service Mapping Digest",
    }
}

/// One TLV after the collector TLV (version 2 TLVs, or unknown ones from later versions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// Type.
    pub tlv_type: TlvType,
    /// Value (after the 2-byte type/length header).
    pub value: &'a [u8],
}

/// A version 2 TLV decoded (802.1AX-2014 §6.4.2.4.1), lengths checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V2Tlv<'a> {
    /// Port Algorithm (type 4): the algorithm assigning frames to conversation IDs, an OUI and a
    /// type (e.g. 00-80-C2 / 1 = C-VID based).
    PortAlgorithm {
        /// OUI.
        oui: [u8; 3],
        /// Algorithm type.
        algorithm: u8,
    },
    /// Port Conversation ID Digest (type 5).
    ConversationIdDigest {
        /// Link Number ID.
        link_number_id: u16,
        /// MD5 digest of the conversation-to-link list.
        digest: &'a [u8; 16],
    },
    /// Port Conversation Mask-1..4 (types 6-9): mask 1 carries the mask state octet first.
    ConversationMask {
        /// 1 to 4.
        index: u8,
        /// Port_Conversation_Mask_State (mask 1 only).
        state: Option<u8>,
        /// 128 bytes: one bit per conversation ID of this quarter.
        mask: &'a [u8; 128],
    },
    /// Port Conversation Service Mapping Digest (type 10).
    ServiceMappingDigest {
        /// MD5 digest.
        digest: &'a [u8; 16],
    },
}

impl<'a> Tlv<'a> {
    /// The version 2 TLV this is, when its type is one and its length is right; `None` for
    /// unknown types (later versions) and wrong lengths (which the strict walk still skips).
    pub fn v2(&self) -> Option<V2Tlv<'a>> {
        let v = self.value;
        match self.tlv_type {
            TlvType::PORT_ALGORITHM if v.len() == 4 => Some(V2Tlv::PortAlgorithm {
                oui: [v[0], v[1], v[2]],
                algorithm: v[3],
            }),
            TlvType::PORT_CONVERSATION_ID_DIGEST if v.len() == 18 => {
                Some(V2Tlv::ConversationIdDigest {
                    link_number_id: pdukit_wire::u16_at(v, crate::field::DIGEST_LINK_NUMBER_ID),
                    digest: v[2..].first_chunk()?,
                })
            }
            TlvType::PORT_CONVERSATION_MASK_1 if v.len() == 129 => Some(V2Tlv::ConversationMask {
                index: 1,
                state: Some(v[0]),
                mask: v[1..].first_chunk()?,
            }),
            TlvType(t @ 7..=9) if v.len() == 128 => Some(V2Tlv::ConversationMask {
                index: t - TlvType::PORT_CONVERSATION_MASK_1.0 + 1,
                state: None,
                mask: v.first_chunk()?,
            }),
            TlvType::PORT_CONVERSATION_SERVICE_MAPPING if v.len() == 16 => {
                Some(V2Tlv::ServiceMappingDigest {
                    digest: v.first_chunk()?,
                })
            }
            _ => None,
        }
    }
}

/// One step of the TLV walk over `d` at `at`: `Ok(None)` at a well-formed terminator, else the
/// TLV and the offset after it. The one decoder: the strict walk, the iterator over validated
/// bytes and the builder's check all go through it. Each step consumes at least 2 bytes.
#[inline]
pub(crate) fn next(d: &[u8], at: usize) -> Result<Option<(Tlv<'_>, usize)>, ParseError> {
    let Some(th) = d.get(at..).and_then(|r| r.first_chunk::<2>()) else {
        return Err(ParseError::Truncated {
            field: name::TLV_HEADER,
            offset: at,
            needed: 2,
            available: d.len().saturating_sub(at),
        });
    };
    if TlvType(th[0]) == TlvType::TERMINATOR {
        if th[1] != 0 {
            return Err(ParseError::Invalid {
                field: name::TERMINATOR_LENGTH,
                offset: at + field::TLV_LENGTH,
                found: u32::from(th[1]),
                expected: Expected::Value(0),
            });
        }
        return Ok(None);
    }
    let len = usize::from(th[1]);
    match d.get(at..at + len) {
        Some(t) if len >= 2 => Ok(Some((
            Tlv {
                tlv_type: TlvType(th[0]),
                value: &t[field::TLV_VALUE..],
            },
            at + len,
        ))),
        _ => Err(ParseError::BadLength {
            field: name::TLV_LENGTH,
            offset: at + field::TLV_LENGTH,
            declared: len,
            available: d.len() - at,
        }),
    }
}

/// Walks the TLVs of `d` from `at` to the terminator; returns the terminator's offset.
pub(crate) fn walk(d: &[u8], mut at: usize) -> Result<usize, ParseError> {
    while let Some((_, after)) = next(d, at)? {
        at = after;
    }
    Ok(at)
}

/// Iterator over TLV bytes already validated (by the parse's walk, or by a builder's check): it stops at
/// the end of the bytes, and at the first step that would fail, which validated bytes never have.
#[derive(Clone, Debug)]
pub struct Tlvs<'a> {
    rest: &'a [u8],
}

impl<'a> Tlvs<'a> {
    pub(crate) const fn new(validated: &'a [u8]) -> Self {
        Tlvs { rest: validated }
    }
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Tlv<'a>;

    #[inline]
    fn next(&mut self) -> Option<Tlv<'a>> {
        match next(self.rest, 0) {
            Ok(Some((t, after))) => {
                self.rest = &self.rest[after..];
                Some(t)
            }
            _ => {
                self.rest = &[];
                None
            }
        }
    }
}

impl core::iter::FusedIterator for Tlvs<'_> {}

/// Checks that `tlvs` are complete TLVs (none a terminator) for a builder; the error names the
/// offset of the first that is not.
pub(crate) fn check_for_build(tlvs: &[u8]) -> Result<(), BuildError> {
    let mut at = 0;
    while at < tlvs.len() {
        match next(tlvs, at) {
            Ok(Some((_, after))) => at = after,
            _ => {
                return Err(BuildError::InvalidField {
                    field: name::TLV_BYTES,
                    value: at,
                })
            }
        }
    }
    Ok(())
}

/// Writes TLVs (type, length = 2 + value, value) one after another into a buffer, for
/// [`Lacpdu::with_tlvs`](crate::Lacpdu::with_tlvs).
#[derive(Debug)]
pub struct TlvWriter<'b> {
    w: Writer<'b>,
}

impl<'b> TlvWriter<'b> {
    /// A writer at the start of `buf`.
    pub fn new(buf: &'b mut [u8]) -> Self {
        TlvWriter {
            w: Writer::new(buf),
        }
    }

    /// Appends one TLV; a value over 253 bytes is `InvalidField` (the length is one byte).
    pub fn tlv(&mut self, tlv_type: TlvType, value: &[u8]) -> Result<&mut Self, BuildError> {
        let len = field::TLV_VALUE + value.len();
        let l = u8::try_from(len).map_err(|_| BuildError::InvalidField {
            field: name::TLV_LENGTH,
            value: len,
        })?;
        self.w.ensure(len)?;
        self.w.u8(tlv_type.0)?;
        self.w.u8(l)?;
        self.w.put(value)?;
        Ok(self)
    }

    /// Bytes written so far.
    pub const fn len(&self) -> usize {
        self.w.len()
    }

    /// Nothing written yet.
    pub const fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    /// The length written.
    pub fn finish(self) -> usize {
        self.w.len()
    }
}
