//! AVPs: the one decoder (`next`), the validating walk, the iterator over validated bytes
//! (which carries the latest Random Vector to each AVP, for hidden ones), and the type registries.

use pdukit_wire::{get_u16, Expected, ParseError};

use crate::field::{self, name, AVP_HEADER_LEN};
use crate::hidden;
use crate::value::AvpValue;

/// Vendor ID of IETF AVPs.
pub const IETF: u16 = 0;
/// Vendor ID of the Broadband Forum (TR-101 access-line AVPs).
pub const BBF: u16 = 3561;

pdukit_wire::open_enum! {
    /// An IETF AVP type (vendor 0; open: unknown types are kept raw).
    pub struct AvpType(u16) {
        /// Message Type.
        MESSAGE_TYPE = 0 => "Message Type",
        /// Result Code (result, optional error code and message).
        RESULT_CODE = 1 => "Result Code",
        /// Protocol Version.
        PROTOCOL_VERSION = 2 => "Protocol Version",
        /// Framing Capabilities.
        FRAMING_CAPABILITIES = 3 => "Framing Capabilities",
        /// Bearer Capabilities.
        BEARER_CAPABILITIES = 4 => "Bearer Capabilities",
        /// Tie Breaker.
        TIE_BREAKER = 5 => "Tie Breaker",
        /// Firmware Revision.
        FIRMWARE_REVISION = 6 => "Firmware Revision",
        /// Host Name.
        HOST_NAME = 7 => "Host Name",
        /// Vendor Name.
        VENDOR_NAME = 8 => "Vendor Name",
        /// Assigned Tunnel ID.
        ASSIGNED_TUNNEL_ID = 9 => "Assigned Tunnel ID",
        /// Receive Window Size.
        RECEIVE_WINDOW_SIZE = 10 => "Receive Window Size",
        /// Challenge.
        CHALLENGE = 11 => "Challenge",
        /// Q.931 Cause Code.
        Q931_CAUSE = 12 => "Q.931 Cause Code",
        /// Challenge Response.
        CHALLENGE_RESPONSE = 13 => "Challenge Response",
        /// Assigned Session ID.
        ASSIGNED_SESSION_ID = 14 => "Assigned Session ID",
        /// Call Serial Number.
        CALL_SERIAL_NUMBER = 15 => "Call Serial Number",
        /// Minimum BPS.
        MINIMUM_BPS = 16 => "Minimum BPS",
        /// Maximum BPS.
        MAXIMUM_BPS = 17 => "Maximum BPS",
        /// Bearer Type.
        BEARER_TYPE = 18 => "Bearer Type",
        /// Framing Type.
        FRAMING_TYPE = 19 => "Framing Type",
        /// Called Number.
        CALLED_NUMBER = 21 => "Called Number",
        /// Calling Number.
        CALLING_NUMBER = 22 => "Calling Number",
        /// Sub-Address.
        SUB_ADDRESS = 23 => "Sub-Address",
        /// (Tx) Connect Speed.
        TX_CONNECT_SPEED = 24 => "Tx Connect Speed",
        /// Physical Channel ID.
        PHYSICAL_CHANNEL_ID = 25 => "Physical Channel ID",
        /// Initial Received LCP CONFREQ.
        INITIAL_RECEIVED_LCP_CONFREQ = 26 => "Initial Received LCP CONFREQ",
        /// Last Sent LCP CONFREQ.
        LAST_SENT_LCP_CONFREQ = 27 => "Last Sent LCP CONFREQ",
        /// Last Received LCP CONFREQ.
        LAST_RECEIVED_LCP_CONFREQ = 28 => "Last Received LCP CONFREQ",
        /// Proxy Authen Type.
        PROXY_AUTHEN_TYPE = 29 => "Proxy Authen Type",
        /// Proxy Authen Name.
        PROXY_AUTHEN_NAME = 30 => "Proxy Authen Name",
        /// Proxy Authen Challenge.
        PROXY_AUTHEN_CHALLENGE = 31 => "Proxy Authen Challenge",
        /// Proxy Authen ID.
        PROXY_AUTHEN_ID = 32 => "Proxy Authen ID",
        /// Proxy Authen Response.
        PROXY_AUTHEN_RESPONSE = 33 => "Proxy Authen Response",
        /// Call Errors.
        CALL_ERRORS = 34 => "Call Errors",
        /// ACCM.
        ACCM = 35 => "ACCM",
        /// Random Vector.
        RANDOM_VECTOR = 36 => "Random Vector",
        /// Private Group ID.
        PRIVATE_GROUP_ID = 37 => "Private Group ID",
        /// Rx Connect Speed.
        RX_CONNECT_SPEED = 38 => "Rx Connect Speed",
        /// Sequencing Required.
        SEQUENCING_REQUIRED = 39 => "Sequencing Required",
        /// PPP Disconnect Cause Code (RFC 3145).
        PPP_DISCONNECT_CAUSE = 46 => "PPP Disconnect Cause Code",
        /// Extended Vendor ID (RFC 3931).
        EXTENDED_VENDOR_ID = 58 => "Extended Vendor ID",
        /// Message Digest.
        MESSAGE_DIGEST = 59 => "Message Digest",
        /// Router ID.
        ROUTER_ID = 60 => "Router ID",
        /// Assigned Control Connection ID.
        ASSIGNED_CONTROL_CONNECTION_ID = 61 => "Assigned Control Connection ID",
        /// Pseudowire Capabilities List.
        PSEUDOWIRE_CAPABILITIES = 62 => "Pseudowire Capabilities List",
        /// Local Session ID.
        LOCAL_SESSION_ID = 63 => "Local Session ID",
        /// Remote Session ID.
        REMOTE_SESSION_ID = 64 => "Remote Session ID",
        /// Assigned Cookie.
        ASSIGNED_COOKIE = 65 => "Assigned Cookie",
        /// Remote End ID.
        REMOTE_END_ID = 66 => "Remote End ID",
        /// Pseudowire Type.
        PSEUDOWIRE_TYPE = 68 => "Pseudowire Type",
        /// L2-Specific Sublayer.
        L2_SPECIFIC_SUBLAYER = 69 => "L2-Specific Sublayer",
        /// Data Sequencing.
        DATA_SEQUENCING = 70 => "Data Sequencing",
        /// Circuit Status.
        CIRCUIT_STATUS = 71 => "Circuit Status",
        /// Preferred Language.
        PREFERRED_LANGUAGE = 72 => "Preferred Language",
        /// Control Message Authentication Nonce.
        NONCE = 73 => "Control Message Authentication Nonce",
        /// Tx Connect Speed (v3, 64 bits).
        TX_CONNECT_SPEED_V3 = 74 => "Tx Connect Speed (v3)",
        /// Rx Connect Speed (v3, 64 bits).
        RX_CONNECT_SPEED_V3 = 75 => "Rx Connect Speed (v3)",
    }
}

pdukit_wire::open_enum! {
    /// A Broadband Forum AVP type (vendor 3561; TR-101 access-line information).
    pub struct BbfType(u16) {
        /// Agent-Circuit-Id.
        AGENT_CIRCUIT_ID = 1 => "Agent-Circuit-Id",
        /// Agent-Remote-Id.
        AGENT_REMOTE_ID = 2 => "Agent-Remote-Id",
        /// Actual-Data-Rate-Upstream.
        ACTUAL_RATE_UP = 129 => "Actual-Data-Rate-Upstream",
        /// Actual-Data-Rate-Downstream.
        ACTUAL_RATE_DOWN = 130 => "Actual-Data-Rate-Downstream",
        /// Minimum-Data-Rate-Upstream.
        MIN_RATE_UP = 131 => "Minimum-Data-Rate-Upstream",
        /// Minimum-Data-Rate-Downstream.
        MIN_RATE_DOWN = 132 => "Minimum-Data-Rate-Downstream",
        /// Attainable-Data-Rate-Upstream.
        ATTAINABLE_RATE_UP = 133 => "Attainable-Data-Rate-Upstream",
        /// Attainable-Data-Rate-Downstream.
        ATTAINABLE_RATE_DOWN = 134 => "Attainable-Data-Rate-Downstream",
        /// Maximum-Data-Rate-Upstream.
        MAX_RATE_UP = 135 => "Maximum-Data-Rate-Upstream",
        /// Maximum-Data-Rate-Downstream.
        MAX_RATE_DOWN = 136 => "Maximum-Data-Rate-Downstream",
        /// Minimum-Data-Rate-Upstream-Low-Power.
        MIN_RATE_UP_LOW_POWER = 137 => "Minimum-Data-Rate-Upstream-Low-Power",
        /// Minimum-Data-Rate-Downstream-Low-Power.
        MIN_RATE_DOWN_LOW_POWER = 138 => "Minimum-Data-Rate-Downstream-Low-Power",
        /// Maximum-Interleaving-Delay-Upstream.
        MAX_DELAY_UP = 139 => "Maximum-Interleaving-Delay-Upstream",
        /// Actual-Interleaving-Delay-Upstream.
        ACTUAL_DELAY_UP = 140 => "Actual-Interleaving-Delay-Upstream",
        /// Maximum-Interleaving-Delay-Downstream.
        MAX_DELAY_DOWN = 141 => "Maximum-Interleaving-Delay-Downstream",
        /// Actual-Interleaving-Delay-Downstream.
        ACTUAL_DELAY_DOWN = 142 => "Actual-Interleaving-Delay-Downstream",
        /// Access-Loop-Encapsulation.
        ACCESS_LOOP_ENCAPSULATION = 144 => "Access-Loop-Encapsulation",
    }
}

pdukit_wire::open_enum! {
    /// A control message type (the Message Type AVP's value; open).
    pub struct MessageType(u16) {
        /// Start-Control-Connection-Request.
        SCCRQ = 1 => "SCCRQ",
        /// Start-Control-Connection-Reply.
        SCCRP = 2 => "SCCRP",
        /// Start-Control-Connection-Connected.
        SCCCN = 3 => "SCCCN",
        /// Stop-Control-Connection-Notification.
        STOPCCN = 4 => "StopCCN",
        /// Hello.
        HELLO = 6 => "HELLO",
        /// Outgoing-Call-Request.
        OCRQ = 7 => "OCRQ",
        /// Outgoing-Call-Reply.
        OCRP = 8 => "OCRP",
        /// Outgoing-Call-Connected.
        OCCN = 9 => "OCCN",
        /// Incoming-Call-Request.
        ICRQ = 10 => "ICRQ",
        /// Incoming-Call-Reply.
        ICRP = 11 => "ICRP",
        /// Incoming-Call-Connected.
        ICCN = 12 => "ICCN",
        /// Call-Disconnect-Notify.
        CDN = 14 => "CDN",
        /// WAN-Error-Notify.
        WEN = 15 => "WEN",
        /// Set-Link-Info.
        SLI = 16 => "SLI",
        /// Modem Status (RFC 3573).
        MDMST = 17 => "MDMST",
        /// Service Relay Request (RFC 5494).
        SRRQ = 18 => "SRRQ",
        /// Service Relay Reply (RFC 5494).
        SRRP = 19 => "SRRP",
        /// Explicit Acknowledgement (RFC 3931).
        ACK = 20 => "ACK",
        /// Failover Session Query (RFC 4951).
        FSQ = 21 => "FSQ",
        /// Failover Session Response (RFC 4951).
        FSR = 22 => "FSR",
        /// Multicast-Session-Request (RFC 4045).
        MSRQ = 23 => "MSRQ",
        /// Multicast-Session-Response (RFC 4045).
        MSRP = 24 => "MSRP",
        /// Multicast-Session-Establishment (RFC 4045).
        MSE = 25 => "MSE",
        /// Multicast-Session-Information (RFC 4045).
        MSI = 26 => "MSI",
        /// Multicast-Session-End-Notify (RFC 4045).
        MSEN = 27 => "MSEN",
        /// Connect-Speed-Update-Notification (RFC 5515).
        CSUN = 28 => "CSUN",
        /// Connect-Speed-Update-Request (RFC 5515).
        CSURQ = 29 => "CSURQ",
    }
}

/// One AVP, zero-copy, with where it is and the Random Vector that precedes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Avp<'a> {
    /// The M bit: an unknown AVP with M set tears down the tunnel or session.
    pub mandatory: bool,
    /// The H bit: the value is hidden (RFC 2661 §4.3).
    pub hidden: bool,
    /// The four reserved bits (0 on a well-formed AVP; ignored in the lax view).
    pub reserved: u8,
    /// Vendor ID (0 IETF, 3561 Broadband Forum, ...).
    pub vendor_id: u16,
    /// Attribute type, within the vendor's space.
    pub attr_type: u16,
    /// The value as on the wire (ciphertext when hidden).
    pub value: &'a [u8],
    /// Offset of the AVP's first byte in the parsed slice.
    pub offset: usize,
    /// The value of the latest Random Vector AVP before this one in the same message.
    pub random_vector: Option<&'a [u8]>,
}

impl<'a> Avp<'a> {
    /// This is the IETF AVP of type `t` (vendor 0).
    #[inline]
    pub fn is(&self, t: AvpType) -> bool {
        self.vendor_id == IETF && self.attr_type == t.0
    }

    /// The IETF type, if the vendor is IETF.
    pub fn ietf_type(&self) -> Option<AvpType> {
        (self.vendor_id == IETF).then_some(AvpType(self.attr_type))
    }

    /// The AVP's length on the wire (header included).
    pub fn wire_len(&self) -> usize {
        AVP_HEADER_LEN + self.value.len()
    }

    /// The typed value ([`AvpValue::Hidden`] for a hidden AVP: see [`Avp::reveal`]); a value
    /// whose length does not fit its type is an error naming its offset.
    #[inline]
    pub fn value(&self) -> Result<AvpValue<'a>, ParseError> {
        if self.hidden {
            return Ok(AvpValue::Hidden(self.value));
        }
        AvpValue::decode(self.vendor_id, self.attr_type, self.value)
            .map_err(|e| e.shifted(self.offset + AVP_HEADER_LEN))
    }

    /// The plaintext of a hidden AVP (RFC 2661 §4.3), decrypted into `out` with the shared
    /// secret and the Random Vector that precedes it; the value itself when not hidden.
    /// Errors: no Random Vector before it, a hidden value shorter than its 2-byte length, an
    /// original length longer than what was received (what a wrong secret usually gives).
    pub fn unhide<'o>(
        &self,
        secret: &[u8],
        out: &'o mut [u8; field::AVP_MAX_VALUE],
    ) -> Result<&'o [u8], ParseError> {
        let at = self.offset + AVP_HEADER_LEN;
        if !self.hidden {
            let n = self.value.len().min(out.len());
            out[..n].copy_from_slice(&self.value[..n]);
            return Ok(&out[..n]);
        }
        let rv = self.random_vector.ok_or(ParseError::Invalid {
            field: name::RANDOM_VECTOR,
            offset: self.offset,
            found: 0,
            expected: Expected::Text("a Random Vector AVP earlier in the message"),
        })?;
        hidden::decrypt(self.attr_type, secret, rv, self.value, out).map_err(|e| e.shifted(at))
    }

    /// [`Avp::unhide`] then the typed value of the plaintext.
    pub fn reveal<'o>(
        &self,
        secret: &[u8],
        out: &'o mut [u8; field::AVP_MAX_VALUE],
    ) -> Result<AvpValue<'o>, ParseError> {
        let (vendor, t, at) = (self.vendor_id, self.attr_type, self.offset);
        let plain = self.unhide(secret, out)?;
        AvpValue::decode(vendor, t, plain).map_err(|e| e.shifted(at + AVP_HEADER_LEN))
    }
}

/// The one AVP decoder: the header and value of the AVP at `at` in `avps`, and where the next
/// one starts; `None` when it does not fit ([`diagnose`] says why). Each step consumes at least
/// six bytes. The validating walk and the iterator read through it.
#[inline(always)]
fn read(avps: &[u8], at: usize) -> Option<(&[u8; AVP_HEADER_LEN], &[u8], usize)> {
    let (h, after) = avps.get(at..)?.split_first_chunk::<AVP_HEADER_LEN>()?;
    let len = usize::from(get_u16(h, field::AVP_FLAGS.start) & field::AVP_LENGTH);
    let value = after.get(..len.checked_sub(AVP_HEADER_LEN)?)?;
    Some((h, value, at + len))
}

/// Why the AVP at `at` does not fit (`base`: where `avps` sits in the parsed slice).
#[cold]
fn diagnose(avps: &[u8], at: usize, base: usize) -> ParseError {
    let rest = avps.get(at..).unwrap_or(&[]);
    let offset = base + at;
    let Some(h) = rest.first_chunk::<AVP_HEADER_LEN>() else {
        return ParseError::Truncated {
            field: name::AVP_HEADER,
            offset,
            needed: AVP_HEADER_LEN,
            available: rest.len(),
        };
    };
    let len = usize::from(get_u16(h, field::AVP_FLAGS.start) & field::AVP_LENGTH);
    if len < AVP_HEADER_LEN {
        return ParseError::Invalid {
            field: name::AVP_LENGTH,
            offset,
            found: len as u32,
            expected: Expected::Text("at least 6 (the AVP header)"),
        };
    }
    ParseError::BadLength {
        field: name::AVP_LENGTH,
        offset,
        declared: len,
        available: rest.len(),
    }
}

/// The AVP read at `offset` from its header and value.
#[inline(always)]
fn avp<'a>(h: &[u8; AVP_HEADER_LEN], value: &'a [u8], offset: usize) -> Avp<'a> {
    let bits = get_u16(h, field::AVP_FLAGS.start);
    Avp {
        mandatory: bits & field::AVP_M_BIT != 0,
        hidden: bits & field::AVP_H_BIT != 0,
        reserved: ((bits & field::AVP_RESERVED) >> 10) as u8,
        vendor_id: get_u16(h, field::AVP_VENDOR.start),
        attr_type: get_u16(h, field::AVP_TYPE.start),
        value,
        offset,
        random_vector: None,
    }
}

/// Walks the AVPs to the end; returns where the well-formed ones end and the first error
/// (strictly, reserved bits set are one).
pub(crate) fn walk(avps: &[u8], base: usize, strict: bool) -> (usize, Option<ParseError>) {
    let mut at = 0usize;
    while at < avps.len() {
        let Some((h, _, after)) = read(avps, at) else {
            return (at, Some(diagnose(avps, at, base)));
        };
        let reserved = get_u16(h, field::AVP_FLAGS.start) & field::AVP_RESERVED;
        if strict && reserved != 0 {
            let e = ParseError::Invalid {
                field: name::AVP_RESERVED,
                offset: base + at,
                found: u32::from(reserved >> 10),
                expected: Expected::Value(0),
            };
            return (at, Some(e));
        }
        at = after;
    }
    (at, None)
}

/// Iterator over validated AVPs; each carries the latest Random Vector before it.
#[derive(Clone, Debug)]
pub struct Avps<'a> {
    bytes: &'a [u8],
    at: usize,
    base: usize,
    rv: Option<&'a [u8]>,
}

impl<'a> Avps<'a> {
    pub(crate) const fn new(validated: &'a [u8], base: usize) -> Self {
        Avps {
            bytes: validated,
            at: 0,
            base,
            rv: None,
        }
    }
}

impl<'a> Iterator for Avps<'a> {
    type Item = Avp<'a>;

    #[inline]
    fn next(&mut self) -> Option<Avp<'a>> {
        // The bytes were validated (lax), so this only stops at their end.
        let (h, value, after) = read(self.bytes, self.at)?;
        let mut a = avp(h, value, self.base + self.at);
        self.at = after;
        a.random_vector = self.rv;
        if a.is(AvpType::RANDOM_VECTOR) && !a.hidden {
            self.rv = Some(value);
        }
        Some(a)
    }
}
