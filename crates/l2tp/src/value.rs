//! Typed AVP values, dispatched on the (vendor, type) pair: every IETF AVP 0-39 and 46, the
//! L2TPv3 AVPs 58-75, the Broadband Forum (3561) access-line AVPs; anything else kept raw.
//! Decoding and writing live side by side so build -> parse -> build is the identity.

use pdukit_wire::{get_u16, get_u32, BuildError, Expected, ParseError, Writer};

use crate::field::name;
use crate::types::{AvpType as T, BbfType as B, MessageType, BBF, IETF};

/// A Result Code (AVP 1): result, optional error code, optional message (a message needs an
/// error code before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResultCode<'a> {
    /// Result code (StopCCN: 0-7, CDN: 0-11 in RFC 2661).
    pub result: u16,
    /// Error code (general error codes 0-8), when present.
    pub error: Option<u16>,
    /// Error message (may be empty).
    pub message: &'a [u8],
}

/// Call Errors (AVP 34): six 32-bit counters after two reserved bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub struct CallErrors {
    pub reserved: u16,
    pub crc_errors: u32,
    pub framing_errors: u32,
    pub hardware_overruns: u32,
    pub buffer_overruns: u32,
    pub timeout_errors: u32,
    pub alignment_errors: u32,
}

/// A list of 16-bit values (the Pseudowire Capabilities List).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct U16List<'a>(&'a [u8]);

impl<'a> U16List<'a> {
    /// The values in order.
    pub fn iter(&self) -> impl Iterator<Item = u16> + 'a {
        self.0.chunks_exact(2).map(|c| get_u16(c, 0))
    }
    /// How many values.
    pub fn len(&self) -> usize {
        self.0.len() / 2
    }
    /// No values.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The wire bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    /// A list over wire bytes (an odd length is an error).
    pub fn from_bytes(b: &'a [u8]) -> Result<Self, ParseError> {
        if !b.len().is_multiple_of(2) {
            return Err(bad_len(b, Expected::Text("an even number of bytes")));
        }
        Ok(U16List(b))
    }
}

/// A typed AVP value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum AvpValue<'a> {
    MessageType(MessageType),
    ResultCode(ResultCode<'a>),
    ProtocolVersion {
        version: u8,
        revision: u8,
    },
    /// Bit 0x1 synchronous, 0x2 asynchronous.
    FramingCapabilities(u32),
    /// Bit 0x1 digital, 0x2 analog.
    BearerCapabilities(u32),
    TieBreaker(u64),
    FirmwareRevision(u16),
    HostName(&'a [u8]),
    VendorName(&'a [u8]),
    AssignedTunnelId(u16),
    ReceiveWindowSize(u16),
    Challenge(&'a [u8]),
    Q931Cause {
        cause: u16,
        message: u8,
        advisory: &'a [u8],
    },
    ChallengeResponse([u8; 16]),
    AssignedSessionId(u16),
    CallSerialNumber(u32),
    MinimumBps(u32),
    MaximumBps(u32),
    BearerType(u32),
    FramingType(u32),
    CalledNumber(&'a [u8]),
    CallingNumber(&'a [u8]),
    SubAddress(&'a [u8]),
    TxConnectSpeed(u32),
    PhysicalChannelId(u32),
    InitialReceivedLcpConfreq(&'a [u8]),
    LastSentLcpConfreq(&'a [u8]),
    LastReceivedLcpConfreq(&'a [u8]),
    ProxyAuthenType(u16),
    ProxyAuthenName(&'a [u8]),
    ProxyAuthenChallenge(&'a [u8]),
    /// Two bytes: reserved (high) and the PPP ID (low).
    ProxyAuthenId(u16),
    ProxyAuthenResponse(&'a [u8]),
    CallErrors(CallErrors),
    Accm {
        reserved: u16,
        send: u32,
        receive: u32,
    },
    RandomVector(&'a [u8]),
    PrivateGroupId(&'a [u8]),
    RxConnectSpeed(u32),
    SequencingRequired,
    PppDisconnectCause {
        code: u16,
        protocol: u16,
        direction: u8,
        message: &'a [u8],
    },
    /// RFC 3931 gives no layout beyond the value; kept as bytes.
    ExtendedVendorId(&'a [u8]),
    MessageDigest {
        digest_type: u8,
        digest: &'a [u8],
    },
    RouterId(u32),
    AssignedControlConnectionId(u32),
    PseudowireCapabilities(U16List<'a>),
    LocalSessionId(u32),
    RemoteSessionId(u32),
    AssignedCookie(&'a [u8]),
    RemoteEndId(&'a [u8]),
    PseudowireType(u16),
    L2SpecificSublayer(u16),
    DataSequencing(u16),
    /// Bit 0x1 active, 0x2 new.
    CircuitStatus(u16),
    PreferredLanguage(&'a [u8]),
    Nonce(&'a [u8]),
    TxConnectSpeedV3(u64),
    RxConnectSpeedV3(u64),
    AgentCircuitId(&'a [u8]),
    AgentRemoteId(&'a [u8]),
    /// A TR-101 rate (kbit/s) or interleaving delay (ms): Broadband Forum types 129-142.
    AccessLine {
        attr: B,
        value: u32,
    },
    AccessLoopEncapsulation {
        data_link: u8,
        encaps1: u8,
        encaps2: u8,
    },
    /// A hidden value, still encrypted ([`crate::Avp::reveal`] decrypts it).
    Hidden(&'a [u8]),
    /// Any other (vendor, type): the value as sent.
    Other {
        vendor_id: u16,
        attr_type: u16,
        value: &'a [u8],
    },
}

fn bad_len(v: &[u8], expected: Expected) -> ParseError {
    ParseError::Invalid {
        field: name::AVP_VALUE,
        offset: 0,
        found: v.len() as u32,
        expected,
    }
}

fn exact<const N: usize>(v: &[u8]) -> Result<&[u8; N], ParseError> {
    v.try_into()
        .map_err(|_| bad_len(v, Expected::Value(N as u32)))
}

fn u16v(v: &[u8]) -> Result<u16, ParseError> {
    exact::<2>(v).map(|b| u16::from_be_bytes(*b))
}

fn u32v(v: &[u8]) -> Result<u32, ParseError> {
    exact::<4>(v).map(|b| u32::from_be_bytes(*b))
}

fn u64v(v: &[u8]) -> Result<u64, ParseError> {
    exact::<8>(v).map(|b| u64::from_be_bytes(*b))
}

fn at_least(v: &[u8], n: usize) -> Result<(), ParseError> {
    if v.len() < n {
        return Err(bad_len(
            v,
            Expected::Text(match n {
                1 => "at least 1 byte",
                3 => "at least 3 bytes",
                _ => "at least 5 bytes",
            }),
        ));
    }
    Ok(())
}

impl<'a> AvpValue<'a> {
    /// Decodes `value` as the AVP (`vendor_id`, `attr_type`); a length its type cannot have is
    /// `Invalid` with the length found (offsets from the value's first byte).
    #[inline]
    pub fn decode(vendor_id: u16, attr_type: u16, v: &'a [u8]) -> Result<Self, ParseError> {
        use AvpValue as V;
        if vendor_id == BBF {
            return Ok(match B(attr_type) {
                B::AGENT_CIRCUIT_ID => V::AgentCircuitId(v),
                B::AGENT_REMOTE_ID => V::AgentRemoteId(v),
                B::ACCESS_LOOP_ENCAPSULATION => {
                    let b = exact::<3>(v)?;
                    V::AccessLoopEncapsulation {
                        data_link: b[0],
                        encaps1: b[1],
                        encaps2: b[2],
                    }
                }
                t if (129..=142).contains(&t.0) => V::AccessLine {
                    attr: t,
                    value: u32v(v)?,
                },
                _ => V::Other {
                    vendor_id,
                    attr_type,
                    value: v,
                },
            });
        }
        if vendor_id != IETF {
            return Ok(V::Other {
                vendor_id,
                attr_type,
                value: v,
            });
        }
        Ok(match T(attr_type) {
            T::MESSAGE_TYPE => V::MessageType(MessageType(u16v(v)?)),
            T::RESULT_CODE => {
                let (result, error, message) = match v.len() {
                    2 => (get_u16(v, 0), None, &v[2..]),
                    n if n >= 4 => (get_u16(v, 0), Some(get_u16(v, 2)), &v[4..]),
                    _ => return Err(bad_len(v, Expected::Text("2, or 4 and more"))),
                };
                V::ResultCode(ResultCode {
                    result,
                    error,
                    message,
                })
            }
            T::PROTOCOL_VERSION => {
                let b = exact::<2>(v)?;
                V::ProtocolVersion {
                    version: b[0],
                    revision: b[1],
                }
            }
            T::FRAMING_CAPABILITIES => V::FramingCapabilities(u32v(v)?),
            T::BEARER_CAPABILITIES => V::BearerCapabilities(u32v(v)?),
            T::TIE_BREAKER => V::TieBreaker(u64v(v)?),
            T::FIRMWARE_REVISION => V::FirmwareRevision(u16v(v)?),
            T::HOST_NAME => V::HostName(v),
            T::VENDOR_NAME => V::VendorName(v),
            T::ASSIGNED_TUNNEL_ID => V::AssignedTunnelId(u16v(v)?),
            T::RECEIVE_WINDOW_SIZE => V::ReceiveWindowSize(u16v(v)?),
            T::CHALLENGE => V::Challenge(v),
            T::Q931_CAUSE => {
                at_least(v, 3)?;
                V::Q931Cause {
                    cause: get_u16(v, 0),
                    message: v[2],
                    advisory: &v[3..],
                }
            }
            T::CHALLENGE_RESPONSE => V::ChallengeResponse(*exact::<16>(v)?),
            T::ASSIGNED_SESSION_ID => V::AssignedSessionId(u16v(v)?),
            T::CALL_SERIAL_NUMBER => V::CallSerialNumber(u32v(v)?),
            T::MINIMUM_BPS => V::MinimumBps(u32v(v)?),
            T::MAXIMUM_BPS => V::MaximumBps(u32v(v)?),
            T::BEARER_TYPE => V::BearerType(u32v(v)?),
            T::FRAMING_TYPE => V::FramingType(u32v(v)?),
            T::CALLED_NUMBER => V::CalledNumber(v),
            T::CALLING_NUMBER => V::CallingNumber(v),
            T::SUB_ADDRESS => V::SubAddress(v),
            T::TX_CONNECT_SPEED => V::TxConnectSpeed(u32v(v)?),
            T::PHYSICAL_CHANNEL_ID => V::PhysicalChannelId(u32v(v)?),
            T::INITIAL_RECEIVED_LCP_CONFREQ => V::InitialReceivedLcpConfreq(v),
            T::LAST_SENT_LCP_CONFREQ => V::LastSentLcpConfreq(v),
            T::LAST_RECEIVED_LCP_CONFREQ => V::LastReceivedLcpConfreq(v),
            T::PROXY_AUTHEN_TYPE => V::ProxyAuthenType(u16v(v)?),
            T::PROXY_AUTHEN_NAME => V::ProxyAuthenName(v),
            T::PROXY_AUTHEN_CHALLENGE => V::ProxyAuthenChallenge(v),
            T::PROXY_AUTHEN_ID => V::ProxyAuthenId(u16v(v)?),
            T::PROXY_AUTHEN_RESPONSE => V::ProxyAuthenResponse(v),
            T::CALL_ERRORS => {
                let b = exact::<26>(v)?;
                V::CallErrors(CallErrors {
                    reserved: get_u16(b, 0),
                    crc_errors: get_u32(b, 2),
                    framing_errors: get_u32(b, 6),
                    hardware_overruns: get_u32(b, 10),
                    buffer_overruns: get_u32(b, 14),
                    timeout_errors: get_u32(b, 18),
                    alignment_errors: get_u32(b, 22),
                })
            }
            T::ACCM => {
                let b = exact::<10>(v)?;
                V::Accm {
                    reserved: get_u16(b, 0),
                    send: get_u32(b, 2),
                    receive: get_u32(b, 6),
                }
            }
            T::RANDOM_VECTOR => V::RandomVector(v),
            T::PRIVATE_GROUP_ID => V::PrivateGroupId(v),
            T::RX_CONNECT_SPEED => V::RxConnectSpeed(u32v(v)?),
            T::SEQUENCING_REQUIRED => {
                exact::<0>(v)?;
                V::SequencingRequired
            }
            T::PPP_DISCONNECT_CAUSE => {
                at_least(v, 5)?;
                V::PppDisconnectCause {
                    code: get_u16(v, 0),
                    protocol: get_u16(v, 2),
                    direction: v[4],
                    message: &v[5..],
                }
            }
            T::EXTENDED_VENDOR_ID => V::ExtendedVendorId(v),
            T::MESSAGE_DIGEST => {
                at_least(v, 1)?;
                V::MessageDigest {
                    digest_type: v[0],
                    digest: &v[1..],
                }
            }
            T::ROUTER_ID => V::RouterId(u32v(v)?),
            T::ASSIGNED_CONTROL_CONNECTION_ID => V::AssignedControlConnectionId(u32v(v)?),
            T::PSEUDOWIRE_CAPABILITIES => V::PseudowireCapabilities(U16List::from_bytes(v)?),
            T::LOCAL_SESSION_ID => V::LocalSessionId(u32v(v)?),
            T::REMOTE_SESSION_ID => V::RemoteSessionId(u32v(v)?),
            T::ASSIGNED_COOKIE => V::AssignedCookie(v),
            T::REMOTE_END_ID => V::RemoteEndId(v),
            T::PSEUDOWIRE_TYPE => V::PseudowireType(u16v(v)?),
            T::L2_SPECIFIC_SUBLAYER => V::L2SpecificSublayer(u16v(v)?),
            T::DATA_SEQUENCING => V::DataSequencing(u16v(v)?),
            T::CIRCUIT_STATUS => V::CircuitStatus(u16v(v)?),
            T::PREFERRED_LANGUAGE => V::PreferredLanguage(v),
            T::NONCE => V::Nonce(v),
            T::TX_CONNECT_SPEED_V3 => V::TxConnectSpeedV3(u64v(v)?),
            T::RX_CONNECT_SPEED_V3 => V::RxConnectSpeedV3(u64v(v)?),
            _ => V::Other {
                vendor_id,
                attr_type,
                value: v,
            },
        })
    }

    /// The (vendor, type) this value is written as; `None` for [`AvpValue::Hidden`], which
    /// does not know its type.
    pub fn key(&self) -> Option<(u16, u16)> {
        use AvpValue as V;
        let t = match *self {
            V::MessageType(_) => T::MESSAGE_TYPE,
            V::ResultCode(_) => T::RESULT_CODE,
            V::ProtocolVersion { .. } => T::PROTOCOL_VERSION,
            V::FramingCapabilities(_) => T::FRAMING_CAPABILITIES,
            V::BearerCapabilities(_) => T::BEARER_CAPABILITIES,
            V::TieBreaker(_) => T::TIE_BREAKER,
            V::FirmwareRevision(_) => T::FIRMWARE_REVISION,
            V::HostName(_) => T::HOST_NAME,
            V::VendorName(_) => T::VENDOR_NAME,
            V::AssignedTunnelId(_) => T::ASSIGNED_TUNNEL_ID,
            V::ReceiveWindowSize(_) => T::RECEIVE_WINDOW_SIZE,
            V::Challenge(_) => T::CHALLENGE,
            V::Q931Cause { .. } => T::Q931_CAUSE,
            V::ChallengeResponse(_) => T::CHALLENGE_RESPONSE,
            V::AssignedSessionId(_) => T::ASSIGNED_SESSION_ID,
            V::CallSerialNumber(_) => T::CALL_SERIAL_NUMBER,
            V::MinimumBps(_) => T::MINIMUM_BPS,
            V::MaximumBps(_) => T::MAXIMUM_BPS,
            V::BearerType(_) => T::BEARER_TYPE,
            V::FramingType(_) => T::FRAMING_TYPE,
            V::CalledNumber(_) => T::CALLED_NUMBER,
            V::CallingNumber(_) => T::CALLING_NUMBER,
            V::SubAddress(_) => T::SUB_ADDRESS,
            V::TxConnectSpeed(_) => T::TX_CONNECT_SPEED,
            V::PhysicalChannelId(_) => T::PHYSICAL_CHANNEL_ID,
            V::InitialReceivedLcpConfreq(_) => T::INITIAL_RECEIVED_LCP_CONFREQ,
            V::LastSentLcpConfreq(_) => T::LAST_SENT_LCP_CONFREQ,
            V::LastReceivedLcpConfreq(_) => T::LAST_RECEIVED_LCP_CONFREQ,
            V::ProxyAuthenType(_) => T::PROXY_AUTHEN_TYPE,
            V::ProxyAuthenName(_) => T::PROXY_AUTHEN_NAME,
            V::ProxyAuthenChallenge(_) => T::PROXY_AUTHEN_CHALLENGE,
            V::ProxyAuthenId(_) => T::PROXY_AUTHEN_ID,
            V::ProxyAuthenResponse(_) => T::PROXY_AUTHEN_RESPONSE,
            V::CallErrors(_) => T::CALL_ERRORS,
            V::Accm { .. } => T::ACCM,
            V::RandomVector(_) => T::RANDOM_VECTOR,
            V::PrivateGroupId(_) => T::PRIVATE_GROUP_ID,
            V::RxConnectSpeed(_) => T::RX_CONNECT_SPEED,
            V::SequencingRequired => T::SEQUENCING_REQUIRED,
            V::PppDisconnectCause { .. } => T::PPP_DISCONNECT_CAUSE,
            V::ExtendedVendorId(_) => T::EXTENDED_VENDOR_ID,
            V::MessageDigest { .. } => T::MESSAGE_DIGEST,
            V::RouterId(_) => T::ROUTER_ID,
            V::AssignedControlConnectionId(_) => T::ASSIGNED_CONTROL_CONNECTION_ID,
            V::PseudowireCapabilities(_) => T::PSEUDOWIRE_CAPABILITIES,
            V::LocalSessionId(_) => T::LOCAL_SESSION_ID,
            V::RemoteSessionId(_) => T::REMOTE_SESSION_ID,
            V::AssignedCookie(_) => T::ASSIGNED_COOKIE,
            V::RemoteEndId(_) => T::REMOTE_END_ID,
            V::PseudowireType(_) => T::PSEUDOWIRE_TYPE,
            V::L2SpecificSublayer(_) => T::L2_SPECIFIC_SUBLAYER,
            V::DataSequencing(_) => T::DATA_SEQUENCING,
            V::CircuitStatus(_) => T::CIRCUIT_STATUS,
            V::PreferredLanguage(_) => T::PREFERRED_LANGUAGE,
            V::Nonce(_) => T::NONCE,
            V::TxConnectSpeedV3(_) => T::TX_CONNECT_SPEED_V3,
            V::RxConnectSpeedV3(_) => T::RX_CONNECT_SPEED_V3,
            V::AgentCircuitId(_) => return Some((BBF, B::AGENT_CIRCUIT_ID.0)),
            V::AgentRemoteId(_) => return Some((BBF, B::AGENT_REMOTE_ID.0)),
            V::AccessLine { attr, .. } => return Some((BBF, attr.0)),
            V::AccessLoopEncapsulation { .. } => {
                return Some((BBF, B::ACCESS_LOOP_ENCAPSULATION.0))
            }
            V::Hidden(_) => return None,
            V::Other {
                vendor_id,
                attr_type,
                ..
            } => return Some((vendor_id, attr_type)),
        };
        Some((IETF, t.0))
    }

    /// Writes the value bytes (not the AVP header). A Result Code with a message but no error
    /// code cannot be written (it would read back with an error code).
    pub fn write(&self, w: &mut Writer<'_>) -> Result<(), BuildError> {
        use AvpValue as V;
        match *self {
            V::MessageType(t) => w.u16(t.0),
            V::ResultCode(r) => {
                w.u16(r.result)?;
                match r.error {
                    Some(e) => {
                        w.u16(e)?;
                        w.put(r.message)
                    }
                    None if r.message.is_empty() => Ok(()),
                    None => Err(BuildError::InvalidField {
                        field: name::RESULT_CODE,
                        value: r.message.len(),
                    }),
                }
            }
            V::ProtocolVersion { version, revision } => {
                w.u8(version)?;
                w.u8(revision)
            }
            V::FramingCapabilities(x)
            | V::BearerCapabilities(x)
            | V::CallSerialNumber(x)
            | V::MinimumBps(x)
            | V::MaximumBps(x)
            | V::BearerType(x)
            | V::FramingType(x)
            | V::TxConnectSpeed(x)
            | V::PhysicalChannelId(x)
            | V::RxConnectSpeed(x)
            | V::RouterId(x)
            | V::AssignedControlConnectionId(x)
            | V::LocalSessionId(x)
            | V::RemoteSessionId(x)
            | V::AccessLine { value: x, .. } => w.u32(x),
            V::TieBreaker(x) | V::TxConnectSpeedV3(x) | V::RxConnectSpeedV3(x) => w.u64(x),
            V::FirmwareRevision(x)
            | V::AssignedTunnelId(x)
            | V::ReceiveWindowSize(x)
            | V::AssignedSessionId(x)
            | V::ProxyAuthenType(x)
            | V::ProxyAuthenId(x)
            | V::PseudowireType(x)
            | V::L2SpecificSublayer(x)
            | V::DataSequencing(x)
            | V::CircuitStatus(x) => w.u16(x),
            V::HostName(b)
            | V::VendorName(b)
            | V::Challenge(b)
            | V::CalledNumber(b)
            | V::CallingNumber(b)
            | V::SubAddress(b)
            | V::InitialReceivedLcpConfreq(b)
            | V::LastSentLcpConfreq(b)
            | V::LastReceivedLcpConfreq(b)
            | V::ProxyAuthenName(b)
            | V::ProxyAuthenChallenge(b)
            | V::ProxyAuthenResponse(b)
            | V::RandomVector(b)
            | V::PrivateGroupId(b)
            | V::ExtendedVendorId(b)
            | V::AssignedCookie(b)
            | V::RemoteEndId(b)
            | V::PreferredLanguage(b)
            | V::Nonce(b)
            | V::AgentCircuitId(b)
            | V::AgentRemoteId(b)
            | V::Hidden(b)
            | V::Other { value: b, .. } => w.put(b),
            V::PseudowireCapabilities(l) => w.put(l.bytes()),
            V::Q931Cause {
                cause,
                message,
                advisory,
            } => {
                w.u16(cause)?;
                w.u8(message)?;
                w.put(advisory)
            }
            V::ChallengeResponse(r) => w.put(&r),
            V::CallErrors(c) => {
                w.u16(c.reserved)?;
                for x in [
                    c.crc_errors,
                    c.framing_errors,
                    c.hardware_overruns,
                    c.buffer_overruns,
                    c.timeout_errors,
                    c.alignment_errors,
                ] {
                    w.u32(x)?;
                }
                Ok(())
            }
            V::Accm {
                reserved,
                send,
                receive,
            } => {
                w.u16(reserved)?;
                w.u32(send)?;
                w.u32(receive)
            }
            V::SequencingRequired => Ok(()),
            V::PppDisconnectCause {
                code,
                protocol,
                direction,
                message,
            } => {
                w.u16(code)?;
                w.u16(protocol)?;
                w.u8(direction)?;
                w.put(message)
            }
            V::MessageDigest {
                digest_type,
                digest,
            } => {
                w.u8(digest_type)?;
                w.put(digest)
            }
            V::AccessLoopEncapsulation {
                data_link,
                encaps1,
                encaps2,
            } => w.put(&[data_link, encaps1, encaps2]),
        }
    }
}
