//! PPPoE tags (RFC 2516 Appendix A, RFC 4638, RFC 4937, RFC 5578) and Broadband Forum TR-101
//! sub-options of the Vendor-Specific tag.

use core::fmt;
use core::net::Ipv4Addr;

/// A tag type (open: unknown types are kept raw).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TagType(pub u16);

impl TagType {
    /// End-Of-List.
    pub const END_OF_LIST: Self = Self(0x0000);
    /// Service-Name (empty: any service).
    pub const SERVICE_NAME: Self = Self(0x0101);
    /// AC-Name.
    pub const AC_NAME: Self = Self(0x0102);
    /// Host-Uniq.
    pub const HOST_UNIQ: Self = Self(0x0103);
    /// AC-Cookie.
    pub const AC_COOKIE: Self = Self(0x0104);
    /// Vendor-Specific.
    pub const VENDOR_SPECIFIC: Self = Self(0x0105);
    /// Credits (RFC 5578).
    pub const CREDITS: Self = Self(0x0106);
    /// Metrics (RFC 5578).
    pub const METRICS: Self = Self(0x0107);
    /// Sequence Number (RFC 5578).
    pub const SEQUENCE_NUMBER: Self = Self(0x0108);
    /// Credit Scale Factor (RFC 5578).
    pub const CREDIT_SCALE_FACTOR: Self = Self(0x0109);
    /// Relay-Session-Id.
    pub const RELAY_SESSION_ID: Self = Self(0x0110);
    /// HURL (RFC 4937).
    pub const HURL: Self = Self(0x0111);
    /// MOTM (RFC 4937).
    pub const MOTM: Self = Self(0x0112);
    /// PPP-Max-Payload (RFC 4638).
    pub const PPP_MAX_PAYLOAD: Self = Self(0x0120);
    /// IP_Route_Add (RFC 4937).
    pub const IP_ROUTE_ADD: Self = Self(0x0121);
    /// Service-Name-Error.
    pub const SERVICE_NAME_ERROR: Self = Self(0x0201);
    /// AC-System-Error.
    pub const AC_SYSTEM_ERROR: Self = Self(0x0202);
    /// Generic-Error.
    pub const GENERIC_ERROR: Self = Self(0x0203);

    /// The RFC name, if known.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0000 => "End-Of-List",
            0x0101 => "Service-Name",
            0x0102 => "AC-Name",
            0x0103 => "Host-Uniq",
            0x0104 => "AC-Cookie",
            0x0105 => "Vendor-Specific",
            0x0106 => "Credits",
            0x0107 => "Metrics",
            0x0108 => "Sequence Number",
            0x0109 => "Credit Scale Factor",
            0x0110 => "Relay-Session-Id",
            0x0111 => "HURL",
            0x0112 => "MOTM",
            0x0120 => "PPP-Max-Payload",
            0x0121 => "IP_Route_Add",
            0x0201 => "Service-Name-Error",
            0x0202 => "AC-System-Error",
            0x0203 => "Generic-Error",
            _ => return None,
        })
    }
}

impl fmt::Debug for TagType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}"),
            None => write!(f, "Unknown({:#06x})", self.0),
        }
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
        let u16at = |i: usize| v.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
        match (self.tag_type, v.len()) {
            (TagType::END_OF_LIST, _) => TagValue::EndOfList,
            (TagType::SERVICE_NAME, _) => TagValue::ServiceName(v),
            (TagType::AC_NAME, _) => TagValue::AcName(v),
            (TagType::HOST_UNIQ, _) => TagValue::HostUniq(v),
            (TagType::AC_COOKIE, _) => TagValue::AcCookie(v),
            (TagType::VENDOR_SPECIFIC, 4..) => TagValue::VendorSpecific {
                vendor_id: u32::from_be_bytes([v[0], v[1], v[2], v[3]]),
                data: &v[4..],
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
                    metric: u32::from_be_bytes([v[12], v[13], v[14], v[15]]),
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
    /// A sub-option whose length runs past the tag (the walk stops here).
    Overrun {
        /// Offset within the vendor data.
        offset: usize,
    },
}

impl<'a> Tr101<'a> {
    /// The sub-options in order; a sub-option overrunning the tag ends the walk with
    /// [`SubOption::Overrun`].
    pub fn sub_options(&self) -> impl Iterator<Item = SubOption<'a>> + 'a {
        let data = self.data;
        let mut at = 0usize;
        core::iter::from_fn(move || {
            let h = data.get(at..at + 2);
            let Some(h) = h else {
                if at < data.len() {
                    let o = at;
                    at = data.len();
                    return Some(SubOption::Overrun { offset: o });
                }
                return None;
            };
            let (kind, len) = (h[0], usize::from(h[1]));
            let Some(v) = data.get(at + 2..at + 2 + len) else {
                let o = at;
                at = data.len();
                return Some(SubOption::Overrun { offset: o });
            };
            at += 2 + len;
            let u32v = <[u8; 4]>::try_from(v).ok().map(u32::from_be_bytes);
            Some(match (kind, u32v) {
                (0x01, _) => SubOption::AgentCircuitId(v),
                (0x02, _) => SubOption::AgentRemoteId(v),
                (0x81..=0x8a, Some(kbps)) => SubOption::DataRate { kind, kbps },
                (0x8b..=0x8e, Some(ms)) => SubOption::InterleavingDelay { kind, ms },
                (0x90, _) if v.len() == 3 => SubOption::AccessLoopEncapsulation([v[0], v[1], v[2]]),
                _ => SubOption::Other { kind, value: v },
            })
        })
    }
}
