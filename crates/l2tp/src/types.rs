//! The registries: vendors, IETF and Broadband Forum AVP types, message types. A leaf that
//! `avp` (the decoder) and `value` (typed values) both name.

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
