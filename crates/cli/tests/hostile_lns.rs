//! The broken LNS under hostile or unlucky traffic (issue 26, items 4 and 5): a datagram from
//! source port 0 (the reply fails with EINVAL) is logged and the LNS goes on; an SCCRQ larger
//! than 4 096 bytes is read whole; a closed stdout does not stop it; a `--message` that cannot
//! fit a StopCCN is refused at start.

use core::time::Duration;
use std::io::Read;
use std::net::UdpSocket;
use std::process::{Child, Command, Stdio};

use pdukit_l2tp::{AvpValue, Carrier, ControlWriter, MessageType, Packet};

/// An SCCRQ from tunnel `tunnel` with `pad` bytes of Host Name spread over Vendor Name AVPs
/// (to make it large).
fn sccrq(tunnel: u16, extra_avps: usize) -> Vec<u8> {
    let mut buf = vec![0u8; 65_000];
    let mut w = ControlWriter::v2(&mut buf, 0, 0, 0, 0).unwrap();
    w.message_type(MessageType::SCCRQ).unwrap();
    w.value(
        true,
        &AvpValue::ProtocolVersion {
            version: 1,
            revision: 0,
        },
    )
    .unwrap()
    .value(true, &AvpValue::FramingCapabilities(3))
    .unwrap()
    .value(true, &AvpValue::HostName(b"hostile-lac"))
    .unwrap();
    for _ in 0..extra_avps {
        w.value(false, &AvpValue::VendorName(&[b'v'; 1000]))
            .unwrap();
    }
    w.value(true, &AvpValue::AssignedTunnelId(tunnel)).unwrap();
    let n = w.finish().unwrap();
    buf.truncate(n);
    buf
}

fn free_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Lns(Child);

impl Drop for Lns {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the broken LNS on 127.0.0.1:`port` with stdout closed at once (as `| head` would).
fn lns(port: u16) -> Lns {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args([
            "l2tp",
            "broken-lns",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--result",
            "2",
            "--error",
            "6",
            "--message",
            "go away",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(c.stdout.take());
    std::thread::sleep(Duration::from_millis(300));
    Lns(c)
}

/// Sends `msg` from a fresh socket and returns the StopCCN's result code, if one comes.
fn ask(port: u16, msg: &[u8]) -> Option<u16> {
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    s.send_to(msg, ("127.0.0.1", port)).unwrap();
    let mut b = [0u8; 2000];
    let n = s.recv(&mut b).ok()?;
    match Packet::parse(&b[..n], Carrier::Udp).ok()? {
        Packet::Control(c) => match c.value(pdukit_l2tp::AvpType::RESULT_CODE) {
            Some(AvpValue::ResultCode(r)) => Some(r.result),
            _ => None,
        },
        _ => None,
    }
}

/// A UDP datagram with source port 0 to 127.0.0.1:`port`, through a raw socket (root only).
fn from_port_zero(port: u16, payload: &[u8]) -> bool {
    use socket2::{Domain, Protocol, Socket, Type};
    let Ok(raw) = Socket::new(Domain::IPV4, Type::RAW, Some(Protocol::UDP)) else {
        return false;
    };
    let mut d = Vec::new();
    d.extend(0u16.to_be_bytes());
    d.extend(port.to_be_bytes());
    d.extend(((8 + payload.len()) as u16).to_be_bytes());
    d.extend(0u16.to_be_bytes()); // no checksum (IPv4)
    d.extend(payload);
    let to: core::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    raw.send_to(&d, &to.into()).is_ok()
}

#[test]
fn port_zero_large_sccrqs_and_a_closed_stdout_do_not_stop_the_lns() {
    let port = free_port();
    let mut lns = lns(port);
    assert_eq!(ask(port, &sccrq(11, 0)), Some(2), "a normal SCCRQ");
    // Larger than 4 096 bytes: 6 Vendor Name AVPs of 1000 bytes before the tunnel ID.
    let big = sccrq(12, 6);
    assert!(big.len() > 6000);
    assert_eq!(ask(port, &big), Some(2), "a {}-byte SCCRQ", big.len());
    if from_port_zero(port, &sccrq(13, 0)) {
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(
            ask(port, &sccrq(14, 0)),
            Some(2),
            "still serving after port 0"
        );
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no raw socket while CI (root) is set"
        );
        eprintln!("NOTICE: no raw socket (not root): the port-0 case is skipped");
    }
    assert!(
        lns.0.try_wait().unwrap().is_none(),
        "the LNS is still running"
    );
    let _ = lns.0.kill();
    let mut err = String::new();
    lns.0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    // Its log went to stderr once stdout was closed.
    assert!(
        err.contains("SCCRQ from tunnel 11 -> StopCCN result 2"),
        "{err}"
    );
    assert!(err.contains("SCCRQ from tunnel 12"), "{err}");
    if std::env::var_os("CI").is_some() || err.contains("tunnel 13") {
        assert!(err.contains(":0: reply not sent"), "{err}");
    }
}

#[test]
fn a_message_that_cannot_fit_a_stopccn_is_refused_at_start() {
    let long = "x".repeat(1100);
    let out = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args([
            "l2tp",
            "broken-lns",
            "--listen",
            "127.0.0.1:0",
            "--result",
            "2",
            "--error",
            "6",
            "--message",
            &long,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1100 bytes do not fit a StopCCN"), "{err}");
}
