//! Lab: `pdukit l2tp broken-lns` against xl2tpd as LAC, in network namespaces. For each of
//! three (result, error, message) choices, xl2tpd dials (`c lab` on its control pipe), gets a
//! StopCCN carrying them, and logs the codes and the message we chose; the capture shows the
//! same codes through `pdukit decode` and tshark.
//!
//! `PDUKIT_LAB_RECORD=1` copies the capture to testdata/l2tp/lab-broken-lns.pcap, which
//! `recorded_broken_lns_lab` checks on every `cargo test`.

use core::time::Duration;
use std::path::Path;

use pdukit_l2tp::{AvpType, AvpValue, Carrier, MessageType, Packet};
use pdukit_lab::{require, wait_until, Lab};
use pdukit_testkit::{dissect, fixtures, read_capture};

const CHOICES: [(u16, u16, &str); 3] = [
    (2, 6, "pdukit broken LNS: vendor error"),
    (4, 0, "not authorized here"),
    (6, 7, "shutting down; try another LNS"),
];

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, xl2tpd (run with --ignored)"]
fn broken_lns_against_xl2tpd_lac() {
    require(&["ip", "tcpdump", "xl2tpd"]).unwrap();
    let mut lab = Lab::new("bl").unwrap();
    let lns = lab.netns("lns").unwrap();
    let lac = lab.netns("lac").unwrap();
    lab.veth(
        (&lns, "l0", "02:00:00:00:18:01"),
        (&lac, "l1", "02:00:00:00:18:02"),
    )
    .unwrap();
    lab.ip(&lns, &["addr", "add", "192.0.2.1/24", "dev", "l0"])
        .unwrap();
    lab.ip(&lac, &["addr", "add", "192.0.2.2/24", "dev", "l1"])
        .unwrap();
    let w = lab.workdir().to_path_buf();
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let secrets = w.join("secrets");
    std::fs::write(&secrets, "* * labsecret\n").unwrap();
    std::fs::write(w.join("ppp-options"), "").unwrap();
    let conf = w.join("lac.conf");
    std::fs::write(
        &conf,
        format!(
            "[global]\nport = 1701\nlisten-addr = 192.0.2.2\nauth file = {}\n\
             debug tunnel = yes\ndebug avp = yes\n\
             [lac lab]\nlns = 192.0.2.1\nredial = no\nautodial = no\nname = LabLAC\n\
             require authentication = no\npppoptfile = {}\nlength bit = yes\n",
            s(&secrets),
            s(&w.join("ppp-options"))
        ),
    )
    .unwrap();
    let ctl = w.join("lac.ctl");
    let cap = lab.capture(&lns, "l0", "udp port 1701", "l2tp").unwrap();
    lab.spawn(
        &lac,
        "xl2tpd",
        &[
            "xl2tpd",
            "-D",
            "-c",
            &s(&conf),
            "-s",
            &s(&secrets),
            "-p",
            &s(&w.join("lac.pid")),
            "-C",
            &s(&ctl),
        ],
    )
    .unwrap();
    wait_until(Duration::from_secs(10), || {
        lab.output("xl2tpd").contains("Listening on")
    })
    .unwrap();
    for (i, (result, error, message)) in CHOICES.iter().enumerate() {
        let label = format!("broken{i}");
        lab.spawn(
            &lns,
            &label,
            &[
                env!("CARGO_BIN_EXE_pdukit"),
                "l2tp",
                "broken-lns",
                "--listen",
                "192.0.2.1",
                "--result",
                &result.to_string(),
                "--error",
                &error.to_string(),
                "--message",
                message,
                "--count",
                "1",
            ],
        )
        .unwrap();
        wait_until(Duration::from_secs(10), || {
            lab.output(&label).contains("broken LNS on")
        })
        .unwrap();
        std::fs::write(&ctl, "c lab\n").unwrap();
        // xl2tpd (debug avp) logs: "result_code_avp: peer closing for reason R (...),
        // error = E (MESSAGE)".
        let logged = |log: &str| {
            log.lines()
                .rfind(|l| l.contains("result_code_avp") && l.contains(message))
                .map(str::to_string)
        };
        wait_until(Duration::from_secs(10), || {
            logged(&lab.output("xl2tpd")).is_some()
        })
        .unwrap_or_else(|_| {
            panic!(
                "xl2tpd logs our message {message:?}:\n{}\n--- broken LNS:\n{}",
                lab.output("xl2tpd"),
                lab.output(&label)
            )
        });
        let line = logged(&lab.output("xl2tpd")).unwrap();
        assert!(
            line.contains(&format!("reason {result} ")),
            "xl2tpd logs result {result}: {line}"
        );
        assert!(
            line.contains(&format!("error = {error} ({message})")),
            "xl2tpd logs error {error}: {line}"
        );
        assert!(lab.output(&label).contains("-> StopCCN result"));
        eprintln!("xl2tpd: {line}");
        // Let xl2tpd finish with the tunnel before the next dial.
        std::thread::sleep(Duration::from_millis(500));
    }
    std::thread::sleep(Duration::from_millis(300));
    let path = lab.stop_capture(&cap).unwrap();
    check_recording(&path);
    if let Some(dst) = lab.record(&path, "l2tp", "broken-lns").unwrap() {
        eprintln!("recorded {}", dst.display());
    }
}

/// Three SCCRQs from xl2tpd, each answered by a StopCCN carrying one of the choices, in order.
fn check_recording(path: &Path) {
    let cap = read_capture(path).unwrap();
    let mut sccrqs = 0;
    let mut stops = Vec::new();
    for f in &cap.frames {
        let d = dissect(f.linktype, &f.data);
        let Some(u) = d.udp.as_ref() else { continue };
        let p = Packet::parse(u.payload, Carrier::Udp).unwrap();
        let c = p.control().unwrap();
        match c.message_type() {
            Some(MessageType::SCCRQ) => sccrqs += 1,
            Some(MessageType::STOPCCN)
                if u.src_port == 1701
                    && d.ip
                        .as_ref()
                        .is_some_and(|i| i.src.to_string() == "192.0.2.1") =>
            {
                let Some(AvpValue::ResultCode(rc)) = c.value(AvpType::RESULT_CODE) else {
                    panic!("StopCCN without Result Code")
                };
                stops.push((
                    rc.result,
                    rc.error.unwrap(),
                    String::from_utf8_lossy(rc.message).into_owned(),
                ));
            }
            _ => {}
        }
    }
    assert!(sccrqs >= 3, "{sccrqs}");
    let want: Vec<(u16, u16, String)> = CHOICES
        .iter()
        .map(|(r, e, m)| (*r, *e, m.to_string()))
        .collect();
    assert_eq!(stops, want);
}

#[test]
fn recorded_broken_lns_lab() {
    let path = fixtures::testdata("l2tp").join("lab-broken-lns.pcap");
    assert!(path.exists(), "{} is recorded by the lab", path.display());
    check_recording(&path);
}
