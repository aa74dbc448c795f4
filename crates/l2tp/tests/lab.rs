//! Lab: our LAC (this test, on the crate's builders and parser) against xl2tpd as LNS with
//! `challenge = yes` and a shared secret, in network namespaces (192.0.2.0/24 on a veth pair).
//!
//! 1. Right secret: SCCRQ with a Challenge -> SCCRP whose Challenge Response we check ->
//!    SCCCN with our response -> acknowledged; HELLO acknowledged; an ICRQ whose Assigned
//!    Session ID is hidden -> ICRP addressed to that session (xl2tpd decrypted it).
//! 2. Wrong secret: our check of xl2tpd's response fails, and xl2tpd refuses our SCCCN with a
//!    StopCCN and a log line saying why.
//!
//! `PDUKIT_LAB_RECORD=1` copies the capture to testdata/l2tp/lab-xl2tpd-lns.pcap, which
//! `recorded_xl2tpd_lns_lab` checks on every `cargo test`.

use core::net::SocketAddr;
use core::time::Duration;
use std::net::UdpSocket;
use std::path::Path;

use pdukit_l2tp::{
    challenge_response, check, check_challenge_response, field, AvpType, AvpValue, Carrier,
    Control, ControlWriter, MessageType, Packet, Padding, ResultCode,
};
use pdukit_lab::{require, wait_until, Lab};
use pdukit_testkit::{dissect, fixtures, read_capture};

const SECRET: &[u8] = b"labsecret";
const MY_TUNNEL: u16 = 4242;
const MY_SESSION: u16 = 0x1357;
const CHALLENGE: [u8; 16] = *b"pdukit challenge";
const RV: [u8; 16] = *b"pdukit randomvec";

struct Lac {
    sock: UdpSocket,
    lns: SocketAddr,
    ns: u16,
    nr: u16,
    peer_tunnel: u16,
    buf: [u8; 2048],
}

impl Lac {
    fn send(&mut self, build: impl FnOnce(&mut ControlWriter<'_>)) -> u16 {
        let mut out = [0u8; 1500];
        let mut w = ControlWriter::v2(&mut out, self.peer_tunnel, 0, self.ns, self.nr).unwrap();
        build(&mut w);
        let n = w.finish().unwrap();
        self.sock.send_to(&out[..n], self.lns).unwrap();
        self.ns = self.ns.wrapping_add(1);
        self.ns
    }

    /// The next message from the LNS (ZLBs included); its Ns advances our Nr.
    fn recv(&mut self) -> Option<Vec<u8>> {
        let (n, _) = self.sock.recv_from(&mut self.buf).ok()?;
        let m = self.buf[..n].to_vec();
        let p = Packet::parse(&m, Carrier::Udp).expect("xl2tpd's message parses strictly");
        let c = p.control().expect("a control message");
        assert!(check(c).is_empty(), "{:?}", check(c));
        if !c.is_zlb() {
            self.nr = c.header.sequence.unwrap().0.wrapping_add(1);
        }
        Some(m)
    }

    /// Waits for a message of type `t` (skipping ZLBs).
    fn expect(&mut self, t: MessageType) -> Vec<u8> {
        loop {
            let m = self.recv().unwrap_or_else(|| panic!("no {t} from xl2tpd"));
            let p = Packet::parse(&m, Carrier::Udp).unwrap();
            match p.control().unwrap().message_type() {
                Some(x) if x == t => return m,
                None => continue,
                Some(other) => panic!("expected {t}, got {other}"),
            }
        }
    }

    /// Waits until the LNS acknowledges everything up to our Ns (a ZLB or any message with
    /// Nr = our Ns).
    fn acked(&mut self) {
        loop {
            let m = self.recv().expect("an acknowledgement");
            let p = Packet::parse(&m, Carrier::Udp).unwrap();
            if p.control().unwrap().header.sequence.unwrap().1 == self.ns {
                return;
            }
        }
    }
}

fn control(m: &[u8]) -> Control<'_> {
    *Packet::parse(m, Carrier::Udp).unwrap().control().unwrap()
}

fn sccrq(w: &mut ControlWriter<'_>) {
    w.message_type(MessageType::SCCRQ)
        .unwrap()
        .value(
            true,
            &AvpValue::ProtocolVersion {
                version: 1,
                revision: 0,
            },
        )
        .unwrap()
        .value(true, &AvpValue::FramingCapabilities(3))
        .unwrap()
        .value(true, &AvpValue::HostName(b"pdukit-lac"))
        .unwrap()
        .value(false, &AvpValue::VendorName(b"pdukit"))
        .unwrap()
        .value(true, &AvpValue::AssignedTunnelId(MY_TUNNEL))
        .unwrap()
        .value(true, &AvpValue::ReceiveWindowSize(4))
        .unwrap()
        .value(true, &AvpValue::Challenge(&CHALLENGE))
        .unwrap();
}

/// Opens the control connection up to the SCCRP; returns it and whether its response checks.
fn start(lac: &mut Lac, secret: &[u8]) -> (Vec<u8>, bool) {
    lac.send(sccrq);
    let sccrp = lac.expect(MessageType::SCCRP);
    let c = control(&sccrp);
    let Some(AvpValue::AssignedTunnelId(t)) = c.value(AvpType::ASSIGNED_TUNNEL_ID) else {
        panic!("SCCRP without Assigned Tunnel ID")
    };
    lac.peer_tunnel = t;
    let Some(AvpValue::ChallengeResponse(r)) = c.value(AvpType::CHALLENGE_RESPONSE) else {
        panic!("xl2tpd answered our Challenge without a response")
    };
    let ok = check_challenge_response(2, secret, &CHALLENGE, &r);
    (sccrp, ok)
}

fn scccn(lac: &mut Lac, sccrp: &[u8], secret: &[u8]) {
    let Some(AvpValue::Challenge(ch)) = control(sccrp).value(AvpType::CHALLENGE) else {
        panic!("xl2tpd with challenge = yes sends a Challenge")
    };
    let resp = challenge_response(3, secret, ch);
    lac.send(|w| {
        w.message_type(MessageType::SCCCN)
            .unwrap()
            .value(true, &AvpValue::ChallengeResponse(resp))
            .unwrap();
    });
}

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, xl2tpd (run with --ignored)"]
fn our_lac_against_xl2tpd_lns() {
    require(&["ip", "tcpdump", "xl2tpd"]).unwrap();
    let mut lab = Lab::new("l2").unwrap();
    let lns = lab.netns("lns").unwrap();
    let lacns = lab.netns("lac").unwrap();
    lab.veth(
        (&lns, "l0", "02:00:00:00:17:01"),
        (&lacns, "l1", "02:00:00:00:17:02"),
    )
    .unwrap();
    lab.ip(&lns, &["addr", "add", "192.0.2.1/24", "dev", "l0"])
        .unwrap();
    lab.ip(&lacns, &["addr", "add", "192.0.2.2/24", "dev", "l1"])
        .unwrap();
    let w = lab.workdir().to_path_buf();
    let secrets = w.join("secrets");
    std::fs::write(&secrets, "* * labsecret\n").unwrap();
    std::fs::write(w.join("ppp-options"), "").unwrap();
    let conf = w.join("lns.conf");
    std::fs::write(
        &conf,
        format!(
            "[global]\nport = 1701\nlisten-addr = 192.0.2.1\nauth file = {s}\n\
             debug tunnel = yes\ndebug avp = yes\n\
             [lns default]\nip range = 198.51.100.10-198.51.100.20\nlocal ip = 198.51.100.1\n\
             name = LabLNS\nrequire authentication = no\npppoptfile = {p}\nlength bit = yes\n\
             challenge = yes\nhidden bit = yes\n",
            s = secrets.display(),
            p = w.join("ppp-options").display()
        ),
    )
    .unwrap();
    let cap = lab.capture(&lns, "l0", "udp port 1701", "l2tp").unwrap();
    let s = |p: &Path| p.to_string_lossy().into_owned();
    lab.spawn(
        &lns,
        "xl2tpd",
        &[
            "xl2tpd",
            "-D",
            "-c",
            &s(&conf),
            "-s",
            &s(&secrets),
            "-p",
            &s(&w.join("lns.pid")),
            "-C",
            &s(&w.join("lns.ctl")),
        ],
    )
    .unwrap();
    wait_until(Duration::from_secs(10), || {
        lab.output("xl2tpd").contains("Listening on")
    })
    .unwrap();
    let sock = lab
        .in_netns(&lacns, || {
            let s = UdpSocket::bind("192.0.2.2:1701")?;
            s.set_read_timeout(Some(Duration::from_secs(3)))?;
            Ok(s)
        })
        .unwrap();
    let mut lac = Lac {
        sock,
        lns: "192.0.2.1:1701".parse().unwrap(),
        ns: 0,
        nr: 0,
        peer_tunnel: 0,
        buf: [0; 2048],
    };

    // 1. The right secret.
    let (sccrp, ok) = start(&mut lac, SECRET);
    assert!(
        ok,
        "xl2tpd's Challenge Response checks with the shared secret"
    );
    scccn(&mut lac, &sccrp, SECRET);
    lac.acked();
    lac.send(|w| {
        w.message_type(MessageType::HELLO).unwrap();
    });
    lac.acked();
    lac.send(|w| {
        w.message_type(MessageType::ICRQ)
            .unwrap()
            .value(true, &AvpValue::RandomVector(&RV))
            .unwrap()
            .hidden(
                true,
                0,
                AvpType::ASSIGNED_SESSION_ID.0,
                &MY_SESSION.to_be_bytes(),
                SECRET,
                Padding::Block,
            )
            .unwrap()
            .value(true, &AvpValue::CallSerialNumber(1))
            .unwrap()
            .value(true, &AvpValue::BearerType(2))
            .unwrap();
    });
    let icrp = lac.expect(MessageType::ICRP);
    let c = control(&icrp);
    assert_eq!(
        c.header.session_id,
        Some(MY_SESSION),
        "the ICRP is addressed to the session we hid"
    );
    assert!(matches!(
        c.value(AvpType::ASSIGNED_SESSION_ID),
        Some(AvpValue::AssignedSessionId(_))
    ));
    wait_until(Duration::from_secs(5), || {
        lab.output("xl2tpd")
            .contains(&format!("using peer's call {MY_SESSION}"))
    })
    .unwrap_or_else(|_| {
        panic!(
            "xl2tpd's log names the decrypted session:\n{}",
            lab.output("xl2tpd")
        )
    });
    lac.send(|w| {
        w.message_type(MessageType::STOPCCN)
            .unwrap()
            .value(true, &AvpValue::AssignedTunnelId(MY_TUNNEL))
            .unwrap()
            .value(
                true,
                &AvpValue::ResultCode(ResultCode {
                    result: 1,
                    error: None,
                    message: b"",
                }),
            )
            .unwrap();
    });
    lac.acked();
    eprintln!(
        "right secret: SCCRQ/SCCRP/SCCCN with both challenge responses valid, HELLO acked, hidden session {MY_SESSION} -> ICRP to it"
    );

    // 2. A wrong secret.
    let mut bad = Lac {
        ns: 0,
        nr: 0,
        peer_tunnel: 0,
        ..lac
    };
    let (sccrp, ok) = start(&mut bad, b"wrongsecret");
    assert!(!ok, "xl2tpd's response must not check with a wrong secret");
    scccn(&mut bad, &sccrp, b"wrongsecret");
    let stop = bad.expect(MessageType::STOPCCN);
    let Some(AvpValue::ResultCode(rc)) = control(&stop).value(AvpType::RESULT_CODE) else {
        panic!("StopCCN without a Result Code")
    };
    let why = String::from_utf8_lossy(rc.message).into_owned();
    assert!(why.contains("challenge"), "{why}");
    wait_until(Duration::from_secs(5), || {
        lab.output("xl2tpd")
            .contains("Invalid challenge authentication")
    })
    .unwrap();
    eprintln!(
        "wrong secret: our check fails; xl2tpd sends StopCCN result {} error {:?} {why:?} and logs it",
        rc.result, rc.error
    );
    std::thread::sleep(Duration::from_millis(300));
    let path = lab.stop_capture(&cap).unwrap();
    check_recording(&path);
    if let Some(dst) = lab.record(&path, "l2tp", "xl2tpd-lns").unwrap() {
        eprintln!("recorded {}", dst.display());
    }
}

/// What the capture of the lab must show, checked on the live capture and on the recording.
fn check_recording(path: &Path) {
    let cap = read_capture(path).unwrap();
    let mut types = Vec::new();
    let (mut responses_ok, mut responses_bad, mut hidden) = (0, 0, 0);
    let mut last_challenge: Option<Vec<u8>> = None;
    let mut plain = [0u8; field::AVP_MAX_VALUE];
    for f in &cap.frames {
        let d = dissect(f.linktype, &f.data);
        let Some(u) = d.udp.as_ref() else { continue };
        let p = Packet::parse(u.payload, Carrier::Udp).unwrap();
        let c = p.control().unwrap();
        types.push(c.message_type().map_or(0, |t| t.0));
        if let Some(AvpValue::Challenge(ch)) = c.value(AvpType::CHALLENGE) {
            if c.message_type() == Some(MessageType::SCCRQ) {
                last_challenge = Some(ch.to_vec());
            }
        }
        if c.message_type() == Some(MessageType::SCCRP) {
            let Some(AvpValue::ChallengeResponse(r)) = c.value(AvpType::CHALLENGE_RESPONSE) else {
                panic!("SCCRP without a response")
            };
            let ch = last_challenge.as_deref().unwrap();
            if check_challenge_response(2, SECRET, ch, &r) {
                responses_ok += 1;
            } else {
                responses_bad += 1;
            }
        }
        for a in c.avps().filter(|a| a.hidden) {
            assert_eq!(
                a.reveal(SECRET, &mut plain).unwrap(),
                AvpValue::AssignedSessionId(MY_SESSION)
            );
            hidden += 1;
        }
    }
    let count = |t: MessageType| types.iter().filter(|x| **x == t.0).count();
    assert_eq!(count(MessageType::SCCRQ), 2, "{types:?}");
    assert_eq!(count(MessageType::SCCRP), 2);
    assert_eq!(count(MessageType::ICRP), 1);
    assert_eq!(count(MessageType::HELLO), 1);
    assert!(count(MessageType::STOPCCN) >= 2);
    assert!(types.contains(&0), "ZLB acknowledgements");
    assert_eq!(hidden, 1);
    // xl2tpd computes its response with the secret it has: both are valid for "labsecret".
    assert_eq!((responses_ok, responses_bad), (2, 0));
}

#[test]
fn recorded_xl2tpd_lns_lab() {
    let path = fixtures::testdata("l2tp").join("lab-xl2tpd-lns.pcap");
    assert!(path.exists(), "{} is recorded by the lab", path.display());
    check_recording(&path);
}
