//! `pdukit l2tp broken-lns` (answers every SCCRQ with a StopCCN carrying chosen codes) and the
//! L2TP messages `pdukit craft` writes.

use core::net::SocketAddr;
use std::net::UdpSocket;

use clap::Subcommand;
use pdukit_l2tp::{
    AvpType, AvpValue, BuildError, Carrier, ControlWriter, MessageType, Packet, Padding, ResultCode,
};

/// L2TP tools.
#[derive(Subcommand)]
pub enum L2tp {
    /// A broken LNS: answers every SCCRQ with a StopCCN carrying the chosen result code, error
    /// code and message (and acknowledges everything else with a ZLB).
    BrokenLns {
        /// Address to listen on: ADDR or ADDR:PORT (port 1701 by default).
        #[arg(long, default_value = "0.0.0.0")]
        listen: String,
        /// Result code (StopCCN: 1 general request, 2 general error, 3 already exists,
        /// 4 not authorized, 5 version not supported, 6 shutting down, 7 FSM error).
        #[arg(long)]
        result: u16,
        /// Error code (with result 2: 0 none, 1 no control connection, 2 length, 3 range,
        /// 4 resources, 5 invalid session, 6 vendor, 7 try another, 8 unknown M-bit AVP).
        #[arg(long)]
        error: Option<u16>,
        /// Error message (needs --error; it must fit one StopCCN's Result Code AVP).
        #[arg(long, requires = "error", value_parser = fits_stopccn)]
        message: Option<String>,
        /// Exit after answering this many SCCRQs (default: run until killed).
        #[arg(long)]
        count: Option<u64>,
    },
}

/// The largest datagram an SCCRQ may come in (a UDP payload).
const MAX_DATAGRAM: usize = 65_535;
/// The StopCCN buffer: an AVP's 10-bit length keeps a StopCCN well under it.
const STOPCCN_BUF: usize = 1500;

/// `--message` as given, refused at start when it cannot fit a StopCCN's Result Code AVP (an
/// AVP is at most 1023 bytes), rather than at the first SCCRQ.
fn fits_stopccn(m: &str) -> Result<String, String> {
    let rc = ResultCode {
        result: 2,
        error: Some(0),
        message: m.as_bytes(),
    };
    stopccn(&mut [0u8; STOPCCN_BUF], 1, 1, rc)
        .map(|_| m.to_string())
        .map_err(|e| format!("{} bytes do not fit a StopCCN: {e}", m.len()))
}

/// A line for the operator: on stdout, or on stderr once stdout is closed (`| head`): the LNS
/// keeps serving either way.
fn say(line: &str, stdout_open: &mut bool) {
    use std::io::Write as _;
    if *stdout_open {
        let mut o = std::io::stdout().lock();
        if writeln!(o, "{line}").and_then(|()| o.flush()).is_ok() {
            return;
        }
        *stdout_open = false;
    }
    eprintln!("{line}");
}

/// Our Assigned Tunnel ID in the StopCCNs the broken LNS sends.
const OUR_TUNNEL: u16 = 0xdead;

/// A StopCCN to `peer_tunnel` (the peer's Assigned Tunnel ID) with the chosen codes.
pub fn stopccn(
    buf: &mut [u8],
    peer_tunnel: u16,
    nr: u16,
    result: ResultCode<'_>,
) -> Result<usize, BuildError> {
    pdukit_l2tp::stop_ccn(buf, peer_tunnel, (0, nr), OUR_TUNNEL, result)
}

/// What an SCCRQ carries that the craft command lets one choose.
pub struct Sccrq<'a> {
    /// Our Assigned Tunnel ID.
    pub tunnel: u16,
    /// Host Name.
    pub host_name: &'a [u8],
    /// A Challenge, if any.
    pub challenge: Option<&'a [u8]>,
    /// Hide the Assigned Tunnel ID with this secret (a Random Vector goes first).
    pub hide_with: Option<(&'a [u8], [u8; 16])>,
}

/// An SCCRQ (tunnel 0, Ns 0, Nr 0) with the mandatory AVPs.
pub fn sccrq(buf: &mut [u8], s: &Sccrq<'_>) -> Result<usize, BuildError> {
    let mut w = ControlWriter::v2(buf, 0, 0, 0, 0)?;
    w.message_type(MessageType::SCCRQ)?;
    if let Some((_, rv)) = &s.hide_with {
        w.value(true, &AvpValue::RandomVector(rv))?;
    }
    w.value(
        true,
        &AvpValue::ProtocolVersion {
            version: 1,
            revision: 0,
        },
    )?
    .value(true, &AvpValue::FramingCapabilities(3))?
    .value(true, &AvpValue::BearerCapabilities(0))?
    .value(true, &AvpValue::HostName(s.host_name))?
    .value(false, &AvpValue::VendorName(b"pdukit"))?;
    match s.hide_with {
        Some((secret, _)) => w.hidden(
            true,
            0,
            AvpType::ASSIGNED_TUNNEL_ID.0,
            &s.tunnel.to_be_bytes(),
            secret,
            Padding::Block,
        )?,
        None => w.value(true, &AvpValue::AssignedTunnelId(s.tunnel))?,
    };
    w.value(true, &AvpValue::ReceiveWindowSize(4))?;
    if let Some(c) = s.challenge {
        w.value(true, &AvpValue::Challenge(c))?;
    }
    w.finish()
}

fn listen_addr(s: &str) -> Result<SocketAddr, String> {
    if let Ok(a) = s.parse::<SocketAddr>() {
        return Ok(a);
    }
    s.parse::<core::net::IpAddr>()
        .map(|ip| SocketAddr::new(ip, pdukit_l2tp::UDP_PORT))
        .map_err(|e| format!("--listen {s:?}: {e}"))
}

/// Runs an L2TP tool.
pub fn run(c: L2tp) -> Result<(), String> {
    match c {
        L2tp::BrokenLns {
            listen,
            result,
            error,
            message,
            count,
        } => {
            let addr = listen_addr(&listen)?;
            let sock = UdpSocket::bind(addr).map_err(|e| format!("bind {addr}: {e}"))?;
            let msg = message.unwrap_or_default();
            let rc = ResultCode {
                result,
                error,
                message: msg.as_bytes(),
            };
            eprintln!(
                "broken LNS on {addr}: every SCCRQ gets StopCCN result {result}{}{}",
                error.map(|e| format!(" error {e}")).unwrap_or_default(),
                if msg.is_empty() {
                    String::new()
                } else {
                    format!(" {msg:?}")
                }
            );
            let mut answered = 0u64;
            // Any datagram is read whole (an SCCRQ with many AVPs is larger than 4 KiB).
            let mut buf = vec![0u8; MAX_DATAGRAM];
            let mut out = [0u8; STOPCCN_BUF];
            let mut stdout_open = true;
            while count.is_none_or(|c| answered < c) {
                let (n, peer) = match sock.recv_from(&mut buf) {
                    Ok(x) => x,
                    // An ICMP error from an earlier send, or an interrupted call: go on.
                    Err(e) => {
                        eprintln!("receive: {e}");
                        continue;
                    }
                };
                let Ok(Packet::Control(c)) = Packet::parse_lax(&buf[..n], Carrier::Udp) else {
                    continue;
                };
                let Some((ns, _)) = c.header.sequence else {
                    continue;
                };
                if c.is_zlb() {
                    continue;
                }
                let nr = ns.wrapping_add(1);
                let len = if c.message_type() == Some(MessageType::SCCRQ) {
                    let Some(AvpValue::AssignedTunnelId(t)) = c.value(AvpType::ASSIGNED_TUNNEL_ID)
                    else {
                        eprintln!("{peer}: SCCRQ without a readable Assigned Tunnel ID, ignored");
                        continue;
                    };
                    answered += 1;
                    say(
                        &format!("{peer}: SCCRQ from tunnel {t} -> StopCCN result {result}"),
                        &mut stdout_open,
                    );
                    stopccn(&mut out, t, nr, rc).map_err(|e| e.to_string())?
                } else {
                    // Acknowledge (ZLB) whatever else arrives, so the peer stops retransmitting.
                    let tunnel = c.header.tunnel_id as u16;
                    ControlWriter::v2(&mut out, tunnel, 0, 1, nr)
                        .and_then(ControlWriter::finish)
                        .map_err(|e| e.to_string())?
                };
                // One datagram's failure (a source port 0 gives EINVAL, an unreachable peer)
                // is logged; the LNS goes on.
                if let Err(e) = sock.send_to(&out[..len], peer) {
                    eprintln!("{peer}: reply not sent: {e}");
                }
            }
        }
    }
    Ok(())
}
