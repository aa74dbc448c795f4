//! rp-pppoe as the independent peer, in both directions (see ../shared/lab-recipes/pppoe.sh;
//! discovery needs no /dev/ppp).
//!
//! 1. Our client (this crate, AF_PACKET) against `pppoe-server`: PADI -> PADO (AC-Name,
//!    Service-Names, a 20-byte AC-Cookie); PADR echoing the cookie -> PADS with a session id;
//!    PADR with a wrong cookie or none -> no PADS (the server validates its cookies); our PADT
//!    ends the session; the PADM (MOTM/HURL) the server sends parses.
//! 2. Our access concentrator answering rp-pppoe's client: `pppoe -A` lists our AC name and
//!    services; `pppoe -d` completes discovery with our PADS session id.
//!
//! Recorded as testdata/pppoe/lab-client.pcap and lab-ac.pcap; `recorded_*` replays the checks.

use core::sync::atomic::{AtomicBool, Ordering};
use core::time::Duration;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use pdukit_lab::{require, wait_until, Lab, RawSocket};
use pdukit_pppoe::rules::{padi, pado_from_padi, padr_from_pado, pads_from_padr, padt, Cookie};
use pdukit_pppoe::{
    check, check_reply, write_ethernet_header, Code, Discovery, TagType, TagValue,
    ETHERTYPE_DISCOVERY,
};
use pdukit_testkit::{dissect, fixtures, read_capture};

const BROADCAST: [u8; 6] = [0xff; 6];
const HOST_UNIQ: &[u8] = b"\xde\xad\xbe\xef\x00\x01";
const OUR_AC: &[u8] = b"PdukitAC";
const OUR_COOKIE: [u8; 20] = *b"pdukit-cookie-000020";
const OUR_SESSION: u16 = 0x1234;

fn frame(dst: [u8; 6], src: [u8; 6], pppoe: &[u8]) -> Vec<u8> {
    let mut f = vec![0u8; 14 + pppoe.len()];
    write_ethernet_header(&mut f, dst, src, ETHERTYPE_DISCOVERY).unwrap();
    f[14..].copy_from_slice(pppoe);
    f
}

fn is_discovery_from_peer(f: &[u8], me: [u8; 6]) -> bool {
    f.len() > 20 && f[6..12] != me && u16::from_be_bytes([f[12], f[13]]) == ETHERTYPE_DISCOVERY
}

/// Sends and collects every discovery frame the peer sends within `wait`.
fn exchange(s: &mut RawSocket, f: &[u8], wait: Duration) -> Vec<Vec<u8>> {
    s.send(f).unwrap();
    let me = s.mac();
    let mut got = Vec::new();
    let end = Instant::now() + wait;
    while Instant::now() < end {
        if let Some(x) = s.recv_matching(end - Instant::now(), |x| is_discovery_from_peer(x, me)) {
            got.push(x);
        }
    }
    got
}

fn codes(frames: &[Vec<u8>]) -> Vec<Code> {
    frames
        .iter()
        .filter_map(|f| Discovery::parse(&f[14..]).ok().map(|d| d.code()))
        .collect()
}

/// Tags of a packet, owned.
type Tags = Vec<(TagType, Vec<u8>)>;

/// The capture checks of direction 1 (our client, rp-pppoe's server).
fn check_client_capture(path: &Path) {
    let mut seen: Vec<(Code, u16, Tags)> = Vec::new();
    for f in read_capture(path).unwrap().frames {
        let x = dissect(f.linktype, &f.data);
        if x.ethertype != Some(ETHERTYPE_DISCOVERY) {
            continue;
        }
        let d = Discovery::parse(x.l2_payload).unwrap();
        assert!(
            check(&d).is_empty(),
            "frame {}: {:?}",
            f.number,
            check(&d).iter().collect::<Vec<_>>()
        );
        seen.push((
            d.code(),
            d.header.session_id,
            d.tags().map(|t| (t.tag_type, t.value.to_vec())).collect(),
        ));
    }
    let get = |tags: &[(TagType, Vec<u8>)], t: TagType| {
        tags.iter().find(|x| x.0 == t).map(|x| x.1.clone())
    };
    let pado = seen.iter().find(|s| s.0 == Code::PADO).expect("a PADO");
    assert_eq!(
        get(&pado.2, TagType::AC_NAME).as_deref(),
        Some(&b"LabAC"[..])
    );
    let services: Vec<&[u8]> = pado
        .2
        .iter()
        .filter(|t| t.0 == TagType::SERVICE_NAME)
        .map(|t| t.1.as_slice())
        .collect();
    assert!(
        services.contains(&&b"internet"[..]) && services.contains(&&b"voip"[..]),
        "{services:?}"
    );
    assert_eq!(get(&pado.2, TagType::AC_COOKIE).map(|c| c.len()), Some(20));
    assert_eq!(get(&pado.2, TagType::HOST_UNIQ).as_deref(), Some(HOST_UNIQ));
    // Three PADRs (good cookie, wrong cookie, none), exactly one PADS.
    assert_eq!(seen.iter().filter(|s| s.0 == Code::PADR).count(), 3);
    let pads: Vec<_> = seen.iter().filter(|s| s.0 == Code::PADS).collect();
    assert_eq!(
        pads.len(),
        1,
        "only the PADR with the right cookie gets a PADS"
    );
    let sid = pads[0].1;
    assert!(sid != 0 && sid != 0xffff);
    // The server's PADM carries MOTM and HURL for that session.
    let padm_tags: Vec<&(TagType, Vec<u8>)> = seen
        .iter()
        .filter(|s| s.0 == Code::PADM && s.1 == sid)
        .flat_map(|s| s.2.iter())
        .collect();
    let find = |t: TagType| padm_tags.iter().find(|x| x.0 == t).map(|x| x.1.clone());
    assert_eq!(find(TagType::MOTM).as_deref(), Some(&b"hello-motm"[..]));
    assert!(find(TagType::HURL).is_some_and(|h| h.starts_with(b"http://example.invalid/")));
    // PADTs for that session (ours, and the server's when its pppd dies).
    assert!(seen.iter().any(|s| s.0 == Code::PADT && s.1 == sid));
}

/// The capture checks of direction 2 (rp-pppoe's client, our AC).
fn check_ac_capture(path: &Path) {
    let mut pads = 0;
    let mut pados = 0;
    for f in read_capture(path).unwrap().frames {
        let x = dissect(f.linktype, &f.data);
        if x.ethertype != Some(ETHERTYPE_DISCOVERY) {
            continue;
        }
        let d = Discovery::parse(x.l2_payload).unwrap();
        match d.code() {
            Code::PADO => {
                pados += 1;
                assert_eq!(d.find(TagType::AC_NAME).map(|t| t.value), Some(OUR_AC));
            }
            Code::PADS => {
                pads += 1;
                assert_eq!(d.header.session_id, OUR_SESSION);
            }
            Code::PADR => {
                // rp-pppoe's client echoed our cookie.
                assert_eq!(
                    d.find(TagType::AC_COOKIE).map(|t| t.value),
                    Some(&OUR_COOKIE[..])
                );
            }
            _ => {}
        }
    }
    assert!(pados >= 2, "a PADO for pppoe -A and for pppoe -d");
    assert_eq!(pads, 1);
}

/// Our access concentrator: answers PADI with a PADO, a PADR carrying our cookie with a PADS.
fn run_ac(mut s: RawSocket, stop: Arc<AtomicBool>) -> usize {
    let me = s.mac();
    let mut answered = 0;
    while !stop.load(Ordering::Relaxed) {
        let Some(f) = s.recv_matching(Duration::from_millis(100), |x| {
            is_discovery_from_peer(x, me)
        }) else {
            continue;
        };
        let Ok(req) = Discovery::parse(&f[14..]) else {
            continue;
        };
        let peer: [u8; 6] = f[6..12].try_into().unwrap();
        let mut out = [0u8; 1500];
        let n = match req.code() {
            Code::PADI => {
                pado_from_padi(&mut out, &req, OUR_AC, &[b"internet", b"voip"], &OUR_COOKIE)
            }
            Code::PADR
                if req.find(TagType::AC_COOKIE).map(|t| t.value) == Some(&OUR_COOKIE[..]) =>
            {
                pads_from_padr(&mut out, &req, OUR_SESSION)
            }
            _ => continue,
        }
        .unwrap();
        s.send(&frame(peer, me, &out[..n])).unwrap();
        answered += 1;
    }
    answered
}

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, rp-pppoe (pppoe-server, pppoe) (run with --ignored)"]
fn rp_pppoe_both_directions() {
    require(&["ip", "tcpdump", "pppoe-server", "pppoe"]).unwrap();
    let mut lab = Lab::new("pp").unwrap();
    let ac = lab.netns("ac").unwrap();
    let cl = lab.netns("cl").unwrap();
    lab.veth(
        (&ac, "veth-ac", "02:00:00:00:ac:01"),
        (&cl, "veth-cl", "02:00:00:00:c1:01"),
    )
    .unwrap();
    let cap = lab
        .capture(&ac, "veth-ac", "pppoed or pppoes", "client")
        .unwrap();
    let opts = lab.workdir().join("pppd-options");
    std::fs::write(&opts, "").unwrap();
    let opts = opts.to_string_lossy().into_owned();
    lab.spawn(
        &ac,
        "pppoe-server",
        &[
            "pppoe-server",
            "-F",
            "-I",
            "veth-ac",
            "-C",
            "LabAC",
            "-S",
            "internet",
            "-S",
            "voip",
            "-N",
            "4",
            "-O",
            &opts,
            "-M",
            "hello-motm",
            "-H",
            "http://example.invalid/",
        ],
    )
    .unwrap();

    // 1. Our client.
    let mut s = lab.raw_socket(&cl, "veth-cl").unwrap();
    let me = s.mac();
    let mut b = [0u8; 1500];
    let n = padi(&mut b, b"", Some(HOST_UNIQ)).unwrap();
    let padi_frame = frame(BROADCAST, me, &b[..n]);
    let mut offers = Vec::new();
    wait_until(Duration::from_secs(10), || {
        offers = exchange(&mut s, &padi_frame, Duration::from_millis(300));
        !offers.is_empty()
    })
    .expect("pppoe-server answers a PADI");
    let pado_f = offers
        .iter()
        .find(|f| codes(&[f.to_vec()]) == [Code::PADO])
        .unwrap()
        .clone();
    let pado = Discovery::parse(&pado_f[14..]).unwrap();
    let sent_padi = Discovery::parse(&padi_frame[14..]).unwrap();
    assert!(
        check_reply(&pado, &sent_padi).is_empty(),
        "the PADO echoes our Host-Uniq"
    );
    let ac_mac: [u8; 6] = pado_f[6..12].try_into().unwrap();
    let cookie = pado.find(TagType::AC_COOKIE).unwrap().value.to_vec();
    assert_eq!(cookie.len(), 20);

    let padr = |c: Cookie<'_>| {
        let mut b = [0u8; 1500];
        let n = padr_from_pado(&mut b, &pado, b"internet", Some(HOST_UNIQ), c).unwrap();
        frame(ac_mac, me, &b[..n])
    };
    let good = exchange(&mut s, &padr(Cookie::Echo), Duration::from_millis(1500));
    eprintln!("after the good PADR: {:?}", codes(&good));
    let pads_f = good
        .iter()
        .find(|f| codes(&[f.to_vec()]) == [Code::PADS])
        .expect("a PADS for the echoed cookie");
    let pads = Discovery::parse(&pads_f[14..]).unwrap();
    let sid = pads.header.session_id;
    assert!(sid != 0 && sid != 0xffff);
    assert!(check_reply(&pads, &Discovery::parse(&padr(Cookie::Echo)[14..]).unwrap()).is_empty());
    // The server sends its MOTM and HURL in PADMs after the PADS.
    let motm = good
        .iter()
        .filter_map(|f| Discovery::parse(&f[14..]).ok())
        .filter(|d| d.code() == Code::PADM)
        .flat_map(|d| d.tags().collect::<Vec<_>>())
        .find_map(|t| match t.decode() {
            TagValue::Motm(m) => Some(m.to_vec()),
            _ => None,
        });
    assert_eq!(motm.as_deref(), Some(&b"hello-motm"[..]));

    let mut wrong = cookie.clone();
    wrong[0] ^= 0xff;
    let bad = exchange(
        &mut s,
        &padr(Cookie::Replace(&wrong)),
        Duration::from_millis(800),
    );
    assert!(
        !codes(&bad).contains(&Code::PADS),
        "wrong cookie: {:?}",
        codes(&bad)
    );
    let none = exchange(&mut s, &padr(Cookie::Omit), Duration::from_millis(800));
    assert!(
        !codes(&none).contains(&Code::PADS),
        "no cookie: {:?}",
        codes(&none)
    );
    let n = padt(&mut b, sid, Some("pdukit lab done")).unwrap();
    s.send(&frame(ac_mac, me, &b[..n])).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    drop(s);
    let client_pcap = lab.stop_capture(&cap).unwrap();
    check_client_capture(&client_pcap);
    eprintln!("rp-pppoe server: PADS session {sid:#06x} for the echoed cookie; none for wrong or missing cookies");

    // 2. Our AC, in its own namespace pair, answering rp-pppoe's client.
    let ac2 = lab.netns("ac2").unwrap();
    let cl2 = lab.netns("cl2").unwrap();
    lab.veth(
        (&ac2, "veth-ac", "02:00:00:00:ac:02"),
        (&cl2, "veth-cl", "02:00:00:00:c1:02"),
    )
    .unwrap();
    let cap = lab.capture(&ac2, "veth-ac", "pppoed", "ac").unwrap();
    let sock = lab.raw_socket(&ac2, "veth-ac").unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let stop2 = stop.clone();
    let ac_thread = std::thread::spawn(move || run_ac(sock, stop2));
    let listed = lab
        .exec(&cl2, &["pppoe", "-I", "veth-cl", "-A", "-t", "2"])
        .unwrap();
    let session = lab
        .exec(
            &cl2,
            &[
                "pppoe", "-I", "veth-cl", "-d", "-U", "-S", "internet", "-t", "2",
            ],
        )
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    let answered = ac_thread.join().unwrap();
    eprintln!("pppoe -A:\n{listed}\npppoe -d: {session}\nour AC answered {answered} packets");
    assert!(listed.contains("Access-Concentrator: PdukitAC"), "{listed}");
    assert!(
        listed.contains("Service-Name: internet") && listed.contains("Service-Name: voip"),
        "{listed}"
    );
    assert!(
        session.trim().starts_with(&format!("{OUR_SESSION}:")),
        "{session}"
    );
    let ac_pcap = lab.stop_capture(&cap).unwrap();
    check_ac_capture(&ac_pcap);
    lab.record(&client_pcap, "pppoe", "client").unwrap();
    lab.record(&ac_pcap, "pppoe", "ac").unwrap();
}

#[test]
fn recorded_client_against_rp_pppoe_server() {
    check_client_capture(&fixtures::testdata("pppoe").join("lab-client.pcap"));
}

#[test]
fn recorded_rp_pppoe_client_against_our_ac() {
    check_ac_capture(&fixtures::testdata("pppoe").join("lab-ac.pcap"));
}
