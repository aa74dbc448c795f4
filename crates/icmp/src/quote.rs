//! The quoted ("invoking") datagram inside an ICMP error, as a lax view.
//!
//! A quote is truncated by design: a router quotes the IP header and 8 bytes of a 1500-byte
//! packet, so the quoted header's total length exceeds the bytes present. That parses. What does
//! not: an IPv4 IHL below 5 or beyond the bytes quoted, a version that is not the one expected,
//! an IPv6 header shorter than 40 bytes. Quoted checksums are never verified.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use pdukit_wire::{be_u32, u16_at, u32_at, Expected, ParseError};

use crate::field::{ipv4, ipv6, name, transport};

/// IP protocol numbers the quote reader treats specially.
const TCP: u8 = 6;
const ICMP: u8 = 1;
const ICMPV6: u8 = 58;

/// The transport header at the start of the quoted payload, as far as it was quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// TCP: ports, and the sequence number when 8 bytes were quoted.
    Tcp {
        /// Source port.
        src_port: u16,
        /// Destination port.
        dst_port: u16,
        /// Sequence number.
        seq: Option<u32>,
    },
    /// UDP (or UDP-Lite, SCTP, DCCP: ports first) ports.
    Ports {
        /// IP protocol / next header.
        protocol: u8,
        /// Source port.
        src_port: u16,
        /// Destination port.
        dst_port: u16,
    },
    /// ICMP or ICMPv6: type, code and (for echo) identifier and sequence.
    Icmp {
        /// Type.
        msg_type: u8,
        /// Code.
        code: u8,
        /// Echo identifier and sequence number, when 8 bytes were quoted.
        echo: Option<(u16, u16)>,
    },
}

/// The 5-tuple-ish flow a quoted datagram belongs to (RFC 5927 §4.1 matching input).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flow {
    /// Source address of the quoted packet (our side, for errors we receive).
    pub src: IpAddr,
    /// Destination address of the quoted packet.
    pub dst: IpAddr,
    /// Upper-layer protocol (after IPv6 extension headers).
    pub protocol: u8,
    /// Transport details, when the quote reaches them (not for non-first fragments).
    pub transport: Option<Transport>,
}

/// The protocols whose header starts with source and destination ports: TCP 6, UDP 17,
/// DCCP 33, SCTP 132, UDP-Lite 136; a 256-bit set, so the test is one load and a bit test.
static PORTS_FIRST: [u64; 4] = {
    let mut set = [0u64; 4];
    let protocols = [6u8, 17, 33, 132, 136];
    let mut i = 0;
    while i < protocols.len() {
        let p = protocols[i] as usize;
        set[p / 64] |= 1 << (p % 64);
        i += 1;
    }
    set
};

/// Whether `protocol`'s header starts with the two ports.
#[inline]
fn ports_first(protocol: u8) -> bool {
    let p = usize::from(protocol);
    PORTS_FIRST[p / 64] >> (p % 64) & 1 != 0
}

#[inline]
fn ports(l4: &[u8]) -> Option<(u16, u16)> {
    let p = l4.first_chunk::<4>()?;
    Some((
        u16_at(p, transport::SRC_PORT),
        u16_at(p, transport::DST_PORT),
    ))
}

/// Reads what was quoted of a transport header.
#[inline]
fn transport(protocol: u8, l4: &[u8]) -> Option<Transport> {
    match protocol {
        TCP => ports(l4).map(|(src_port, dst_port)| Transport::Tcp {
            src_port,
            dst_port,
            seq: be_u32(l4, transport::TCP_SEQ.start),
        }),
        p if ports_first(p) => ports(l4).map(|(src_port, dst_port)| Transport::Ports {
            protocol,
            src_port,
            dst_port,
        }),
        ICMP | ICMPV6 if l4.len() >= 2 => Some(Transport::Icmp {
            msg_type: l4[0],
            code: l4[1],
            echo: match (protocol, l4[0]) {
                (ICMP, 0 | 8) | (ICMPV6, 128 | 129) if l4.len() >= 8 => Some((
                    u16_at(l4, transport::ECHO_IDENT),
                    u16_at(l4, transport::ECHO_SEQ),
                )),
                _ => None,
            },
        }),
        _ => None,
    }
}

/// A quoted IPv4 datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotedIpv4<'a> {
    /// The quoted IPv4 header (options included).
    pub header: &'a [u8],
    /// The bytes quoted after the header (may be fewer than `total_len` implies).
    pub payload: &'a [u8],
    /// The fixed 20 bytes of the header, for the accessors.
    fixed: &'a [u8; ipv4::HEADER_LEN],
}

impl<'a> QuotedIpv4<'a> {
    /// Parses a quote that starts with an IPv4 header. `base` is the quote's offset in the ICMP
    /// message (for error offsets).
    #[inline]
    pub fn parse(quote: &'a [u8], base: usize) -> Result<Self, ParseError> {
        // The common case in one test: version 4 and IHL 5..=15 (0x45..=0x4f), with all of
        // the header quoted: the first byte past 0x45 is at most the quoted 32-bit words
        // (15 at most) past 5. A constant quote length makes that bound a constant.
        if let Some(fixed) = quote.first_chunk::<{ ipv4::HEADER_LEN }>() {
            let extra_words = usize::from(fixed[0].wrapping_sub(0x45));
            if extra_words <= (quote.len() / 4).min(15) - 5 {
                let (header, payload) = quote.split_at((5 + extra_words) * 4);
                return Ok(QuotedIpv4 {
                    header,
                    payload,
                    fixed,
                });
            }
        }
        Err(Self::rejection(quote, base))
    }

    /// Why `quote` does not start with an IPv4 header (the first rule it breaks).
    #[inline]
    fn rejection(quote: &[u8], base: usize) -> ParseError {
        let vihl = quote.first().copied().unwrap_or(0);
        let ihl = usize::from(vihl & 0x0f) * 4;
        if quote.is_empty() {
            ParseError::Truncated {
                field: name::QUOTED_IPV4_HEADER,
                offset: base,
                needed: ipv4::HEADER_LEN,
                available: 0,
            }
        } else if vihl >> 4 != 4 {
            ParseError::Invalid {
                field: name::QUOTED_IP_VERSION,
                offset: base,
                found: u32::from(vihl >> 4),
                expected: Expected::Value(4),
            }
        } else if ihl < ipv4::HEADER_LEN {
            ParseError::Invalid {
                field: name::QUOTED_IPV4_IHL,
                offset: base,
                found: u32::from(vihl & 0x0f),
                expected: Expected::Text("at least 5"),
            }
        } else {
            // IHL at least 20 and beyond the quote (so is the fixed header, if shorter).
            ParseError::Truncated {
                field: name::QUOTED_IPV4_HEADER,
                offset: base,
                needed: ihl,
                available: quote.len(),
            }
        }
    }
    /// Source address.
    #[inline]
    pub fn src(&self) -> Ipv4Addr {
        Ipv4Addr::from_bits(u32_at(self.fixed, ipv4::SRC))
    }
    /// Destination address.
    #[inline]
    pub fn dst(&self) -> Ipv4Addr {
        Ipv4Addr::from_bits(u32_at(self.fixed, ipv4::DST))
    }
    /// Protocol.
    #[inline]
    pub fn protocol(&self) -> u8 {
        self.fixed[ipv4::PROTOCOL]
    }
    /// Total length the quoted header declares (the original packet's size).
    #[inline]
    pub fn total_len(&self) -> u16 {
        u16_at(self.fixed, ipv4::TOTAL_LEN)
    }
    /// Identification.
    #[inline]
    pub fn ident(&self) -> u16 {
        u16_at(self.fixed, ipv4::IDENT)
    }
    /// Don't Fragment flag.
    #[inline]
    pub fn dont_fragment(&self) -> bool {
        self.fixed[ipv4::FLAGS_FRAGMENT.start] & 0x40 != 0
    }
    /// More Fragments flag.
    #[inline]
    pub fn more_fragments(&self) -> bool {
        self.fixed[ipv4::FLAGS_FRAGMENT.start] & 0x20 != 0
    }
    /// Fragment offset in 8-byte units.
    #[inline]
    pub fn fragment_offset(&self) -> u16 {
        u16_at(self.fixed, ipv4::FLAGS_FRAGMENT) & 0x1fff
    }
    /// Time to live.
    #[inline]
    pub fn ttl(&self) -> u8 {
        self.fixed[ipv4::TTL]
    }
    /// Source and destination ports of a quoted TCP, UDP, UDP-Lite, SCTP or DCCP header (first
    /// fragment only, 4 bytes quoted at least).
    #[inline]
    pub fn ports(&self) -> Option<(u16, u16)> {
        // The three conditions as one (non-short-circuit) test: one branch.
        match self.payload.first_chunk::<4>() {
            Some(p) if ports_first(self.protocol()) & (self.fragment_offset() == 0) => Some((
                u16_at(p, transport::SRC_PORT),
                u16_at(p, transport::DST_PORT),
            )),
            _ => None,
        }
    }

    /// The flow; no transport details for a non-first fragment.
    #[inline]
    pub fn flow(&self) -> Flow {
        Flow {
            src: IpAddr::V4(self.src()),
            dst: IpAddr::V4(self.dst()),
            protocol: self.protocol(),
            transport: if self.fragment_offset() == 0 {
                transport(self.protocol(), self.payload)
            } else {
                None
            },
        }
    }
}

/// An IPv6 fragment header found in a quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fragment {
    /// Offset in 8-byte units.
    pub offset: u16,
    /// More fragments follow.
    pub more: bool,
    /// Identification.
    pub ident: u32,
}

/// A quoted IPv6 datagram, its extension headers walked as far as they were quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotedIpv6<'a> {
    /// The fixed 40-byte header.
    pub header: &'a [u8],
    /// Upper-layer protocol after the extension headers, or the last next-header value reached
    /// when the quote ends inside the chain (then `payload` is empty and `complete` false).
    pub protocol: u8,
    /// Whether the extension-header chain was walked to the upper layer.
    pub complete: bool,
    /// A fragment header, if one was passed.
    pub fragment: Option<Fragment>,
    /// The bytes quoted after the extension headers.
    pub payload: &'a [u8],
}

impl<'a> QuotedIpv6<'a> {
    /// Parses a quote that starts with an IPv6 header; `base` as for [`QuotedIpv4::parse`].
    #[inline]
    pub fn parse(quote: &'a [u8], base: usize) -> Result<Self, ParseError> {
        let header = quote.get(..ipv6::HEADER_LEN).ok_or(ParseError::Truncated {
            field: name::QUOTED_IPV6_HEADER,
            offset: base,
            needed: ipv6::HEADER_LEN,
            available: quote.len(),
        })?;
        if header[0] >> 4 != 6 {
            return Err(ParseError::Invalid {
                field: name::QUOTED_IP_VERSION,
                offset: base,
                found: u32::from(header[0] >> 4),
                expected: Expected::Value(6),
            });
        }
        let mut next = header[ipv6::NEXT_HEADER];
        let mut at = ipv6::HEADER_LEN;
        let mut fragment = None;
        // Each step consumes at least 8 bytes, so the walk ends.
        loop {
            let len = match next {
                // Hop-by-hop, routing, destination options, mobility, HIP, shim6: (n+1)*8.
                0 | 43 | 60 | 135 | 139 | 140 => match quote.get(at + 1) {
                    Some(&n) => (usize::from(n) + 1) * 8,
                    None => break,
                },
                // AH: (n+2)*4.
                51 => match quote.get(at + 1) {
                    Some(&n) => (usize::from(n) + 2) * 4,
                    None => break,
                },
                44 => {
                    let Some(f) = quote.get(at..at + 8) else {
                        break;
                    };
                    let off = u16_at(f, ipv6::FRAGMENT_OFFSET);
                    fragment = Some(Fragment {
                        offset: off >> 3,
                        more: off & 1 != 0,
                        ident: u32_at(f, ipv6::FRAGMENT_IDENT),
                    });
                    8
                }
                _ => {
                    return Ok(QuotedIpv6 {
                        header,
                        protocol: next,
                        complete: true,
                        fragment,
                        payload: &quote[at..],
                    })
                }
            };
            if quote.len() < at + len {
                break;
            }
            next = quote[at];
            at += len;
        }
        Ok(QuotedIpv6 {
            header,
            protocol: next,
            complete: false,
            fragment,
            payload: &[],
        })
    }
    /// Source address.
    #[inline]
    pub fn src(&self) -> Ipv6Addr {
        addr16(self.header, ipv6::SRC.start)
    }
    /// Destination address.
    #[inline]
    pub fn dst(&self) -> Ipv6Addr {
        addr16(self.header, ipv6::DST.start)
    }
    /// Payload length the quoted header declares.
    #[inline]
    pub fn payload_len(&self) -> u16 {
        u16_at(self.header, ipv6::PAYLOAD_LEN)
    }
    /// The original packet's size: 40 + payload length.
    #[inline]
    pub fn packet_len(&self) -> u32 {
        ipv6::HEADER_LEN as u32 + u32::from(self.payload_len())
    }
    /// Hop limit.
    #[inline]
    pub fn hop_limit(&self) -> u8 {
        self.header[ipv6::HOP_LIMIT]
    }
    /// Source and destination ports, as [`QuotedIpv4::ports`] (first fragment, walk complete).
    #[inline]
    pub fn ports(&self) -> Option<(u16, u16)> {
        let first = self.fragment.is_none_or(|f| f.offset == 0);
        if ports_first(self.protocol) && first && self.complete {
            ports(self.payload)
        } else {
            None
        }
    }

    /// The flow; no transport details for a non-first fragment or an unfinished walk.
    #[inline]
    pub fn flow(&self) -> Flow {
        let first = self.fragment.is_none_or(|f| f.offset == 0);
        Flow {
            src: IpAddr::V6(self.src()),
            dst: IpAddr::V6(self.dst()),
            protocol: self.protocol,
            transport: if first && self.complete {
                transport(self.protocol, self.payload)
            } else {
                None
            },
        }
    }
}

/// The IPv6 address at `at` of a header (unspecified if the header is shorter, which a parsed
/// header never is).
#[inline]
fn addr16(header: &[u8], at: usize) -> Ipv6Addr {
    header
        .get(at..)
        .and_then(|r| r.first_chunk::<16>())
        .map_or(Ipv6Addr::UNSPECIFIED, |a| Ipv6Addr::from(*a))
}

/// A quote of either family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quoted<'a> {
    /// IPv4.
    V4(QuotedIpv4<'a>),
    /// IPv6.
    V6(QuotedIpv6<'a>),
}

impl Quoted<'_> {
    /// The flow.
    #[inline]
    pub fn flow(&self) -> Flow {
        match self {
            Quoted::V4(q) => q.flow(),
            Quoted::V6(q) => q.flow(),
        }
    }
    /// The original packet's size as its header declares it.
    #[inline]
    pub fn packet_len(&self) -> u32 {
        match self {
            Quoted::V4(q) => u32::from(q.total_len()),
            Quoted::V6(q) => q.packet_len(),
        }
    }
}
