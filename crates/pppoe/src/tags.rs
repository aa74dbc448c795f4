//! PPPoE tags (RFC 2516 Appendix A, RFC 4638, RFC 4937, RFC 5578) and Broadband Forum TR-101
//! sub-options of the Vendor-Specific tag.

use core::net::Ipv4Addr;

use pdukit_wire::{u16_at, ParseError};

use crate::field::{self, name, PAYLOAD};

pdukit_wire::open_enum! {
    /// A tag type (open: unknown types are kept raw).
    pub struct TagType(u16) {
        /// End-Of-List.
        END_OF_LIST = 0x0000 => "End-Of-List",
        /// Service-Name (empty: any service).
        SERVICE_NAME = 0x0101 => "Service-Name",
        /// AC-Name.
        AC_NAME = 0x0102 => "AC-Name",
        /// Host-Uniq.
        HOST_UNIQ = 0x0103 => "Host-Uniq",
        /// AC-Cookie.
        AC_COOKIE = 0x0104 => "AC-Cookie",
        /// Vendor-Specific.
        VENDOR_SPECIFIC = 0x0105 => "Vendor-Specific",
        /// Credits (RFC 5578).
        CREDITS = 0x0106 => "Credits",
        /// Metrics (RFC 5578).
        METRICS = 0x0107 => "Metrics",
        /// Sequence Number (RFC 5578).
        SEQUENCE_NUMBER = 0x0108 => "Sequence Number",
        /// Credit Scale Factor (RFC 5578).
        CREDIT_SCALE_FACTOR = 0x0109 => "Credit Scale Factor",
        /// Relay-Session-Id.
        RELAY_SESSION_ID = 0x0110 => "Relay-Session-Id",
        /// HURL (RFC 4937).
        HURL = 0x0111 => "HURL",
        /// MOTM (RFC 4937).
        MOTM = 0x0112 => "MOTM",
        /// PPP-Max-Payload (RFC 4638).
        PPP_MAX_PAYLOAD = 0x0120 => "PPP-Max-Payload",
        /// IP_Route_Add (RFC 4937).
        IP_ROUTE_ADD = 0x0121 => "IP_Route_Add",
        /// Service-Name-Error.
        SERVICE_NAME_ERROR = 0x0201 => "Service-Name-Error",
        /// AC-System-Error.
        AC_SYSTEM_ERROR = 0x0202 => "AC-System-Error",
        /// Generic-Error.
        GENERIC_ERROR = 0x0203 => "Generic-Error",
    }
}

/// One tag, zero-copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Type.
    pub tag_type: TagType,
    /// Value.
    pub value: &'a [u8],
}

/// One step of the tag walk over a payload at `at`: the tag and the offset after it. The one
/// decoder: the validating walk and the iterator go through it. Errors count offsets from the
/// PPPoE header. Each step consumes at least 4 bytes.
#[inline]
fn next(payload: &[u8], at: usize) -> Result<(Tag<'_>, usize), ParseError> {
    let rest = payload.get(at..).unwrap_or(&[]);
    let Some((h, after)) = rest.split_first_chunk::<4>() else {
        return Err(ParseError::Truncated {
            field: name::TAG_HEADER,
            offset: PAYLOAD + at,
            needed: field::TAG_VALUE,
            available: rest.len(),
        });
    };
    let len = usize::from(u16_at(h, field::TAG_LENGTH));
    let Some(value) = after.get(..len) else {
        return Err(ParseError::BadLength {
            field: name::TAG_LENGTH,
            offset: PAYLOAD + at + field::TAG_LENGTH.start,
            declared: len,
            available: after.len(),
        });
    };
    let tag_type = TagType(u16_at(h, field::TAG_TYPE));
    Ok((Tag { tag_type, value }, at + field::TAG_VALUE + len))
}

/// Walks the tags of a payload to its end or through End-Of-List; returns where the tags end,
/// or where the first tag that does not fit starts, with its error.
pub(crate) fn walk(payload: &[u8]) -> Result<usize, (usize, ParseError)> {
    let mut at = 0usize;
    while at < payload.len() {
        let (t, after) = next(payload, at).map_err(|e| (at, e))?;
        at = after;
        if t.tag_type == TagType::END_OF_LIST {
            break;
        }
    }
    Ok(at)
}

/// Iterator over validated tags (it stops where the walk stopped).
#[derive(Clone, Debug)]
pub struct TagIter<'a> {
    rest: &'a [u8],
}

impl<'a> TagIter<'a> {
    pub(crate) const fn new(validated: &'a [u8]) -> Self {
        TagIter { rest: validated }
    }
}

impl<'a> Iterator for TagIter<'a> {
    type Item = Tag<'a>;

    #[inline]
    fn next(&mut self) -> Option<Tag<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        match next(self.rest, 0) {
            Ok((t, after)) => {
                self.rest = self.rest.get(after..).unwrap_or(&[]);
                Some(t)
            }
            Err(_) => {
                self.rest = &[];
                None
            }
        }
    }
}

impl core::iter::FusedIterator for TagIter<'_> {}

/// Broadband Forum enterprise number (TR-101 Vendor-Specific tags).
pub const BBF_VENDOR_ID: u32 = 3561;

/// The Metrics tag (RFC 5578 §5), as Wireshark decodes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Metrics {
    /// R: the link is receive-only.
    pub receive_only: bool,
    /// Units of the current data rate (0 kbps, 1 Mbps, 2 Gbps, 3 Tbps).
    pub cdr_units: u8,
    /// Units of the maximum data rate.
    pub mdr_units: u8,
    /// Relative link quality (percent).
    pub rlq: u8,
    /// Resource (percent).
    pub resource: u8,
    /// Latency (ms).
    pub latency: u16,
    /// Current data rate, in `cdr_units`.
    pub current_rate: u16,
    /// Maximum data rate, in `mdr_units`.
    pub max_rate: u16,
}

/// A tag's value decoded by type. Values of the wrong size for their type stay `Raw`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagValue<'a> {
    /// End-Of-List.
    EndOfList,
    /// Service-Name (UTF-8 text, not checked; empty = any).
    ServiceName(&'a [u8]),
    /// AC-Name.
    AcName(&'a [u8]),
    /// Host-Uniq (opaque).
    HostUniq(&'a [u8]),
    /// AC-Cookie (opaque).
    AcCookie(&'a [u8]),
    /// Vendor-Specific: vendor id and data (TR-101 sub-options when the vendor is 3561).
    VendorSpecific {
        /// Vendor id (0 then the enterprise number).
        vendor_id: u32,
        /// The rest.
        data: &'a [u8],
    },
    /// Relay-Session-Id (opaque).
    RelaySessionId(&'a [u8]),
    /// PPP-Max-Payload (RFC 4638).
    PppMaxPayload(u16),
    /// Credits: forward and backward credit numbers (RFC 5578).
    Credits {
        /// FCN.
        fcn: u16,
        /// BCN.
        bcn: u16,
    },
    /// Sequence Number (RFC 5578).
    SequenceNumber(u16),
    /// Credit Scale Factor (RFC 5578).
    CreditScaleFactor(u16),
    /// HURL (RFC 4937): a URL.
    Hurl(&'a [u8]),
    /// MOTM (RFC 4937): message of the minute.
    Motm(&'a [u8]),
    /// Service-Name-Error (text, may be empty).
    ServiceNameError(&'a [u8]),
    /// AC-System-Error (text).
    AcSystemError(&'a [u8]),
    /// Generic-Error (text).
    GenericError(&'a [u8]),
    /// Metrics (RFC 5578 §5): link quality and data rates.
    Metrics(Metrics),
    /// IP_Route_Add (RFC 4937 §3.2): a route for the client to install.
    IpRouteAdd {
        /// Destination network.
        destination: Ipv4Addr,
        /// Destination mask.
        mask: Ipv4Addr,
        /// Gateway.
        gateway: Ipv4Addr,
        /// Metric.
        metric: u32,
    },
    /// Unknown types, and values of the wrong size for their type: raw.
    Raw(Tag<'a>),
}

impl<'a> Tag<'a> {
    /// The value decoded by type.
    pub fn decode(&self) -> TagValue<'a> {
        let v = self.value;
        let u16at = |i: usize| pdukit_wire::be_u16(v, i);
        match (self.tag_type, v.len()) {
            (TagType::END_OF_LIST, _) => TagValue::EndOfList,
            (TagType::SERVICE_NAME, _) => TagValue::ServiceName(v),
            (TagType::AC_NAME, _) => TagValue::AcName(v),
            (TagType::HOST_UNIQ, _) => TagValue::HostUniq(v),
            (TagType::AC_COOKIE, _) => TagValue::AcCookie(v),
            (TagType::VENDOR_SPECIFIC, 4..) => TagValue::VendorSpecific {
                vendor_id: pdukit_wire::u32_at(v, field::VENDOR_ID),
                data: &v[field::VENDOR_ID.end..],
            },
            (TagType::RELAY_SESSION_ID, _) => TagValue::RelaySessionId(v),
            (TagType::PPP_MAX_PAYLOAD, 2) => TagValue::PppMaxPayload(u16at(0).unwrap_or(0)),
            // RFC 5578 §3: a reserved octet, then FCN and BCN (5 bytes); some send 4.
            (TagType::CREDITS, 4) => TagValue::Credits {
                fcn: u16at(0).unwrap_or(0),
                bcn: u16at(2).unwrap_or(0),
            },
            (TagType::CREDITS, 5) => TagValue::Credits {
                fcn: u16at(1).unwrap_or(0),
                bcn: u16at(3).unwrap_or(0),
            },
            (TagType::SEQUENCE_NUMBER, 2) => TagValue::SequenceNumber(u16at(0).unwrap_or(0)),
            (TagType::CREDIT_SCALE_FACTOR, 2) => TagValue::CreditScaleFactor(u16at(0).unwrap_or(0)),
            (TagType::METRICS, 10) => TagValue::Metrics(Metrics {
                receive_only: v[1] & 0x01 != 0,
                cdr_units: (v[1] >> 1) & 0x03,
                mdr_units: (v[1] >> 3) & 0x03,
                rlq: v[2],
                resource: v[3],
                latency: u16at(4).unwrap_or(0),
                current_rate: u16at(6).unwrap_or(0),
                max_rate: u16at(8).unwrap_or(0),
            }),
            (TagType::IP_ROUTE_ADD, 16) => {
                let a = |i: usize| Ipv4Addr::new(v[i], v[i + 1], v[i + 2], v[i + 3]);
                TagValue::IpRouteAdd {
                    destination: a(0),
                    mask: a(4),
                    gateway: a(8),
                    metric: pdukit_wire::get_u32(v, 12),
                }
            }
            (TagType::HURL, _) => TagValue::Hurl(v),
            (TagType::MOTM, _) => TagValue::Motm(v),
            (TagType::SERVICE_NAME_ERROR, _) => TagValue::ServiceNameError(v),
            (TagType::AC_SYSTEM_ERROR, _) => TagValue::AcSystemError(v),
            (TagType::GENERIC_ERROR, _) => TagValue::GenericError(v),
            _ => TagValue::Raw(*self),
        }
    }

    /// TR-101 sub-options when this is a Vendor-Specific tag of the Broadband Forum (3561).
    pub fn tr101(&self) -> Option<Tr101<'a>> {
        match self.decode() {
            TagValue::VendorSpecific {
                vendor_id: BBF_VENDOR_ID,
                data,
            } => Some(Tr101 { data }),
            _ => None,
        }
    }
}

/// TR-101 sub-options (u8 type, u8 length, value) of a Broadband Forum Vendor-Specific tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr101<'a> {
    data: &'a [u8],
}

/// One TR-101 sub-option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubOption<'a> {
    /// 0x01 Agent-Circuit-ID.
    AgentCircuitId(&'a [u8]),
    /// 0x02 Agent-Remote-ID.
    AgentRemoteId(&'a [u8]),
    /// 0x81-0x8A: actual/minimum/attainable/maximum data rates up/down, in kbit/s.
    DataRate {
        /// Sub-option type.
        kind: u8,
        /// kbit/s.
        kbps: u32,
    },
    /// 0x8B-0x8E: maximum/actual interleaving delay up/down, in ms.
    InterleavingDelay {
        /// Sub-option type.
        kind: u8,
        /// Milliseconds.
        ms: u32,
    },
    /// 0x90 Access-Loop-Encapsulation: data link, encapsulation 1, encapsulation 2.
    AccessLoopEncapsulation([u8; 3]),
    /// Another sub-option, or one of the wrong size.
    Other {
        /// Type.
        kind: u8,
        /// Value.
        value: &'a [u8],
    },
}

impl<'a> Tr101<'a> {
    /// The sub-options in order. A sub-option that runs past the tag is an error item
    /// (`Truncated` for a lone header byte, `BadLength` for a lying length) with its offset
    /// counted from the start of the vendor data (after the 4-byte vendor ID); the walk ends
    /// after it.
    pub fn sub_options(&self) -> SubOptions<'a> {
        SubOptions {
            data: self.data,
            at: 0,
        }
    }
}

/// Iterator over TR-101 sub-options; see [`Tr101::sub_options`].
#[derive(Clone, Debug)]
pub struct SubOptions<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Iterator for SubOptions<'a> {
    type Item = Result<SubOption<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        let at = self.at;
        let rest = self.data.get(at..).filter(|r| !r.is_empty())?;
        let Some((h, after)) = rest.split_first_chunk::<2>() else {
            self.at = self.data.len();
            return Some(Err(ParseError::Truncated {
                field: name::SUB_OPTION_HEADER,
                offset: at,
                needed: field::SUB_OPTION_VALUE,
                available: rest.len(),
            }));
        };
        let (kind, len) = (h[0], usize::from(h[1]));
        let Some(v) = after.get(..len) else {
            self.at = self.data.len();
            return Some(Err(ParseError::BadLength {
                field: name::SUB_OPTION_LENGTH,
                offset: at,
                declared: field::SUB_OPTION_VALUE + len,
                available: rest.len(),
            }));
        };
        self.at = at + field::SUB_OPTION_VALUE + len;
        let u32v = <[u8; 4]>::try_from(v).ok().map(u32::from_be_bytes);
        Some(Ok(match (kind, u32v) {
            (0x01, _) => SubOption::AgentCircuitId(v),
            (0x02, _) => SubOption::AgentRemoteId(v),
            (0x81..=0x8a, Some(kbps)) => SubOption::DataRate { kind, kbps },
            (0x8b..=0x8e, Some(ms)) => SubOption::InterleavingDelay { kind, ms },
            (0x90, _) if v.len() == 3 => SubOption::AccessLoopEncapsulation([v[0], v[1], v[2]]),
            _ => SubOption::Other { kind, value: v },
        }))
    }
}

impl core::iter::FusedIterator for SubOptions<'_> {}
