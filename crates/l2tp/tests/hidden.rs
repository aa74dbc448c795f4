//! Hidden AVPs (RFC 2661 §4.3) and challenge responses (§5.1.1): known answers from an
//! independent reference written from the RFC (tests/hidden_reference.py, Python's hashlib),
//! round trips for every value length 0-1017 and every padding choice, wrong secrets and
//! truncated values rejected. xl2tpd's own decryption is exercised in the lab.

use std::io::Write;
use std::process::{Command, Stdio};

use pdukit_l2tp::{
    challenge_response, check_challenge_response, field, AvpType, AvpValue, BuildError, Carrier,
    ControlWriter, MessageType, Packet, Padding, ParseError,
};

fn hex(b: &[u8]) -> String {
    if b.is_empty() {
        return "-".into();
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Runs the reference over `lines`; one output per line.
fn reference(lines: &[String]) -> Vec<Vec<u8>> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hidden_reference.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs (Debian ships it; CI installs nothing more for it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(unhex)
        .collect()
}

/// Deterministic pseudo-random bytes.
fn bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u8
        })
        .collect()
}

/// Builds an ICRQ with a Random Vector and one hidden AVP; returns the message.
fn hidden_msg(
    attr: u16,
    secret: &[u8],
    rv: &[u8],
    value: &[u8],
    padding: Padding<'_>,
) -> Result<Vec<u8>, BuildError> {
    let mut buf = vec![0u8; 2048];
    let mut w = ControlWriter::v2(&mut buf, 9, 0, 0, 0)?;
    w.message_type(MessageType::ICRQ)?
        .value(true, &AvpValue::RandomVector(rv))?
        .hidden(true, 0, attr, value, secret, padding)?;
    let n = w.finish()?;
    buf.truncate(n);
    Ok(buf)
}

fn hidden_value(msg: &[u8]) -> &[u8] {
    // Header 12, Message Type 8, Random Vector 6 + rv, then the hidden AVP's header.
    let p = Packet::parse(msg, Carrier::Udp).unwrap();
    let a = p.control().unwrap().avps().nth(2).unwrap();
    assert!(a.hidden);
    let at = a.offset + 6;
    &msg[at..at + a.value.len()]
}

#[test]
fn hiding_matches_the_independent_reference() {
    let mut lines = Vec::new();
    let mut cases = Vec::new();
    for (i, len) in [
        0usize, 1, 2, 13, 14, 15, 16, 17, 30, 31, 32, 33, 100, 255, 500, 1000, 1015,
    ]
    .into_iter()
    .enumerate()
    {
        let secret = bytes(i as u64, 1 + i % 20);
        let rv = bytes(100 + i as u64, [16, 4, 1, 32][i % 4]);
        let value = bytes(200 + i as u64, len);
        let attr = [14u16, 9, 30, 33, 1000][i % 5];
        let pad = if 8 + len + 16 <= field::AVP_MAX_LEN {
            bytes(300 + i as u64, i % 7)
        } else {
            vec![]
        };
        lines.push(format!(
            "hide {attr} {} {} {} {}",
            hex(&secret),
            hex(&rv),
            hex(&value),
            hex(&pad)
        ));
        cases.push((attr, secret, rv, value, pad));
    }
    let want = reference(&lines);
    assert_eq!(want.len(), cases.len());
    for ((attr, secret, rv, value, pad), want) in cases.iter().zip(&want) {
        let msg = hidden_msg(*attr, secret, rv, value, Padding::Bytes(pad)).unwrap();
        assert_eq!(
            hidden_value(&msg),
            &want[..],
            "encrypting {} bytes",
            value.len()
        );
        // And ours decrypts the reference's ciphertext.
        let p = Packet::parse(&msg, Carrier::Udp).unwrap();
        let a = p.control().unwrap().avps().nth(2).unwrap();
        let mut out = [0u8; field::AVP_MAX_VALUE];
        assert_eq!(a.unhide(secret, &mut out).unwrap(), &value[..]);
    }
    eprintln!("hidden known answers: {}", cases.len());
}

#[test]
fn challenge_responses_match_the_reference() {
    let mut lines = Vec::new();
    let mut cases = Vec::new();
    for i in 0..20u64 {
        let secret = bytes(i, i as usize % 12);
        let challenge = bytes(50 + i, 1 + i as usize * 3);
        let t = if i % 2 == 0 { 2u8 } else { 3 };
        lines.push(format!("chap {t} {} {}", hex(&secret), hex(&challenge)));
        cases.push((t, secret, challenge));
    }
    let want = reference(&lines);
    for ((t, secret, ch), want) in cases.iter().zip(&want) {
        let r = challenge_response(*t, secret, ch);
        assert_eq!(&r[..], &want[..]);
        assert!(check_challenge_response(*t, secret, ch, want));
        assert!(!check_challenge_response(*t, b"wrong", ch, want));
        assert!(
            !check_challenge_response(5 - *t, secret, ch, want),
            "type 2 and 3 differ"
        );
    }
}

#[test]
fn every_length_and_padding_round_trips_or_is_refused() {
    let secret = b"labsecret";
    let rv = bytes(1, 16);
    let (mut ok, mut refused) = (0, 0);
    let mut out = [0u8; field::AVP_MAX_VALUE];
    for len in 0..=field::AVP_MAX_VALUE {
        let value = bytes(len as u64, len);
        let random_pad = bytes(7 + len as u64, len % 40);
        for padding in [Padding::None, Padding::Block, Padding::Bytes(&random_pad)] {
            let pad = match padding {
                Padding::None => 0,
                Padding::Block => (16 - (len + 2) % 16) % 16,
                Padding::Bytes(b) => b.len(),
            };
            match hidden_msg(AvpType::CALLED_NUMBER.0, secret, &rv, &value, padding) {
                Ok(msg) => {
                    assert!(6 + 2 + len + pad <= field::AVP_MAX_LEN);
                    let p = Packet::parse(&msg, Carrier::Udp).unwrap();
                    let a = p.control().unwrap().avps().nth(2).unwrap();
                    assert_eq!(a.wire_len(), 6 + 2 + len + pad);
                    assert_eq!(a.unhide(secret, &mut out).unwrap(), &value[..], "len {len}");
                    assert_eq!(
                        a.reveal(secret, &mut out).unwrap(),
                        AvpValue::CalledNumber(&value)
                    );
                    ok += 1;
                }
                Err(BuildError::InvalidField { value: total, .. }) => {
                    assert_eq!(total, 6 + 2 + len + pad);
                    assert!(
                        total > field::AVP_MAX_LEN,
                        "refused only past the 10-bit length"
                    );
                    refused += 1;
                }
                Err(e) => panic!("len {len}: {e}"),
            }
        }
    }
    eprintln!("hidden round trips: {ok} built and read back, {refused} refused (too long)");
    assert_eq!(ok + refused, 3 * 1018);
    assert!(refused >= 6, "1016 and 1017 bytes cannot be hidden at all");
}

#[test]
fn wrong_secret_and_truncated_values_are_rejected() {
    let mut out = [0u8; field::AVP_MAX_VALUE];
    let (mut rejected, mut garbage) = (0, 0);
    for len in 0..=1015usize {
        // A vector per message, as senders do (with one vector for all, the two keystreams'
        // difference is one constant, which may happen to be small).
        let rv = bytes(len as u64 + 3, 16);
        let value = bytes(len as u64 + 9, len);
        let msg = hidden_msg(14, b"right", &rv, &value, Padding::None).unwrap();
        let p = Packet::parse(&msg, Carrier::Udp).unwrap();
        let a = p.control().unwrap().avps().nth(2).unwrap();
        match a.unhide(b"wrong", &mut out) {
            Err(ParseError::BadLength {
                declared,
                available,
                offset,
                ..
            }) => {
                assert!(declared > available);
                assert_eq!(offset, a.offset + 6, "the hidden length is named");
                rejected += 1;
            }
            Err(e) => panic!("{e}"),
            // No integrity check exists in RFC 2661: a wrong secret whose length prefix happens
            // to fit gives other bytes, never the value.
            Ok(v) => {
                assert_ne!(v, &value[..]);
                garbage += 1;
            }
        }
        // Truncated: the same AVP with its last bytes cut (length patched) no longer holds the
        // original length it declares.
        if len > 0 {
            let mut cut = msg.clone();
            cut.truncate(msg.len() - 1);
            let avp_at = a.offset;
            let l = (a.wire_len() - 1) as u16 | 0xc000;
            cut[avp_at..avp_at + 2].copy_from_slice(&l.to_be_bytes());
            let total = cut.len() as u16;
            cut[2..4].copy_from_slice(&total.to_be_bytes());
            let p = Packet::parse(&cut, Carrier::Udp).unwrap();
            let a = p.control().unwrap().avps().nth(2).unwrap();
            assert!(
                matches!(
                    a.unhide(b"right", &mut out),
                    Err(ParseError::BadLength { .. })
                ),
                "len {len}"
            );
        }
    }
    eprintln!("wrong secret: {rejected} rejected by length, {garbage} gave other bytes");
    assert!(rejected >= 990, "{rejected}");
    // One byte of hidden data cannot even hold the length.
    let rv = bytes(3, 16);
    let mut buf = [0u8; 64];
    let mut w = ControlWriter::v2(&mut buf, 1, 0, 0, 0).unwrap();
    w.message_type(MessageType::ICRQ)
        .unwrap()
        .value(true, &AvpValue::RandomVector(&rv))
        .unwrap();
    w.avp(true, 0, 14, &[0x42]).unwrap();
    let n = w.finish().unwrap();
    buf[12 + 8 + 22] |= 0x40; // set H on the last AVP
    let p = Packet::parse(&buf[..n], Carrier::Udp).unwrap();
    let a = p.control().unwrap().avps().nth(2).unwrap();
    assert!(matches!(
        a.unhide(b"x", &mut out),
        Err(ParseError::Truncated { needed: 2, .. })
    ));
}

#[test]
fn hidden_avps_need_a_random_vector() {
    let mut buf = [0u8; 64];
    let mut w = ControlWriter::v2(&mut buf, 1, 0, 0, 0).unwrap();
    w.message_type(MessageType::ICRQ).unwrap();
    assert!(matches!(
        w.hidden(true, 0, 14, &[0, 1], b"s", Padding::None),
        Err(BuildError::InvalidField { .. })
    ));
    // A received one without a vector: an error naming it, and a rule violation.
    w.avp(true, 0, 14, &[0, 1, 2, 3]).unwrap();
    let n = w.finish().unwrap();
    buf[12 + 8] |= 0x40;
    let p = Packet::parse(&buf[..n], Carrier::Udp).unwrap();
    let c = p.control().unwrap();
    let a = c.avps().nth(1).unwrap();
    let mut out = [0u8; field::AVP_MAX_VALUE];
    let e = a.unhide(b"s", &mut out).unwrap_err();
    assert_eq!(e.field(), field::name::RANDOM_VECTOR);
    assert!(pdukit_l2tp::check(c)
        .iter()
        .any(|v| v == pdukit_l2tp::Violation::HiddenWithoutRandomVector { offset: 20 }));
}
