//! Properties and RFC cases: round trips for every message kind, parse never panics, RFC 4884
//! extension placement and padding, junk length bytes, legacy extensions, path-MTU rules.

mod common {
    pub mod fuzz_checks;
}

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use pdukit_icmp::field::name;
use pdukit_icmp::rules::{decide_v4, decide_v6, plateau_below, Action, Config, FlowState, Reason};
use pdukit_icmp::{frag_needed, packet_too_big, Echo, ErrorBody, Icmpv4, Icmpv6, Transport};
use pdukit_icmp::{ExtensionWriter, Extensions};
use proptest::prelude::*;

const R6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 1);
const A6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 2);

/// An IPv4 header (20 bytes, checksum not filled) + `l4`, declaring `total_len`.
fn ipv4_packet(total_len: u16, protocol: u8, frag: u16, l4: &[u8]) -> Vec<u8> {
    let mut v = vec![
        0x45, 0, 0, 0, 0, 1, 0, 0, 64, protocol, 0, 0, 192, 0, 2, 2, 198, 51, 100, 2,
    ];
    v[2..4].copy_from_slice(&total_len.to_be_bytes());
    v[6..8].copy_from_slice(&(0x4000 | frag).to_be_bytes());
    v.extend_from_slice(l4);
    v
}

/// A TCP segment's first 8 bytes: ports and sequence number.
fn tcp8(sp: u16, dp: u16, seq: u32) -> Vec<u8> {
    let mut v = sp.to_be_bytes().to_vec();
    v.extend_from_slice(&dp.to_be_bytes());
    v.extend_from_slice(&seq.to_be_bytes());
    v
}

fn ext_bytes(objects: &[(u8, u8, &[u8])]) -> Vec<u8> {
    let mut b = vec![0u8; 1024];
    let mut w = ExtensionWriter::new(&mut b).unwrap();
    for (class, ctype, payload) in objects {
        w.object(*class, *ctype, payload).unwrap();
    }
    let n = w.finish();
    b.truncate(n);
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic_and_round_trip(data in proptest::collection::vec(any::<u8>(), 0..700)) {
        common::fuzz_checks::parse(&data);
        common::fuzz_checks::round_trip(&data);
    }

    #[test]
    fn echo_round_trips(code: u8, ident: u16, seq: u16, data in proptest::collection::vec(any::<u8>(), 0..300), req: bool) {
        // Any code, not only RFC 792's 0: scanners send echoes with code 9, and the code is kept.
        let e = Echo { code, ident, seq, data: &data };
        let m4 = if req { Icmpv4::EchoRequest(e) } else { Icmpv4::EchoReply(e) };
        let mut b = vec![0u8; m4.buffer_len()];
        let n = m4.emit(&mut b).unwrap();
        prop_assert_eq!(b[1], code);
        prop_assert_eq!(Icmpv4::parse(&b[..n]).unwrap(), m4);
        prop_assert_eq!(Icmpv4::parse(&b[..n]).unwrap().code(), code);
        let m6 = if req { Icmpv6::EchoRequest(e) } else { Icmpv6::EchoReply(e) };
        let n = m6.emit(&mut b, &R6, &A6).unwrap();
        prop_assert_eq!(b[1], code);
        prop_assert_eq!(Icmpv6::parse(&b[..n], &R6, &A6).unwrap(), m6);
        prop_assert_eq!(Icmpv6::parse(&b[..n], &R6, &A6).unwrap().code(), code);
        // The pseudo-header matters: another destination fails the checksum.
        let other = Ipv6Addr::new(0x2001, 0xdb8, 9, 0, 0, 0, 0, 9);
        let is_bad_checksum = matches!(
            Icmpv6::parse(&b[..n], &R6, &other),
            Err(pdukit_icmp::ParseError::BadChecksum { .. })
        );
        prop_assert!(is_bad_checksum);
    }

    #[test]
    fn frag_needed_quotes_what_fits_and_round_trips(
        mtu: u16, total in 28u16..65535, payload in 8usize..1600, seq: u32,
    ) {
        let mut pkt = ipv4_packet(total, 6, 0, &tcp8(40000, 443, seq));
        pkt.resize(20 + payload, 0x61);
        let mut b = [0u8; 600];
        let n = frag_needed(&mut b, &pkt, mtu, None).unwrap();
        prop_assert!(n <= 556, "RFC 1812: within 576 with the IP header");
        prop_assert_eq!(n, 8 + pkt.len().min(548));
        let m = Icmpv4::parse(&b[..n]).unwrap();
        prop_assert_eq!(m.frag_needed_mtu(), Some(mtu));
        let q = m.error_body().unwrap().quoted_ipv4().unwrap();
        prop_assert_eq!(q.total_len(), total);
        prop_assert_eq!(q.flow().transport, Some(Transport::Tcp { src_port: 40000, dst_port: 443, seq: Some(seq) }));
        let mut b2 = [0u8; 600];
        prop_assert_eq!(m.emit(&mut b2), Ok(n));
        prop_assert_eq!(&b[..n], &b2[..n]);
    }

    #[test]
    fn extensions_sit_after_a_padded_quote_of_at_least_128(
        quote_len in 28usize..400, labels in proptest::collection::vec(any::<u32>(), 1..5),
    ) {
        let mut pkt = ipv4_packet(1500, 17, 0, &[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
        pkt.resize(quote_len, 0x62);
        let stack: Vec<u8> = labels.iter().flat_map(|l| l.to_be_bytes()).collect();
        let ext = ext_bytes(&[(1, 1, &stack)]);
        let e = Extensions::parse(&ext, 0, false).unwrap();
        let mut b = [0u8; 600];
        let n = frag_needed(&mut b, &pkt, 1400, Some(e)).unwrap();
        let padded = pkt.len().min(556 - 8 - ext.len()).next_multiple_of(4).max(128);
        prop_assert_eq!(usize::from(b[5]) * 4, padded, "length in 32-bit words");
        prop_assert_eq!(&b[8 + padded..n], &ext[..]);
        prop_assert!(b[8 + pkt.len().min(padded)..8 + padded].iter().all(|&x| x == 0), "zero padding");
        let m = Icmpv4::parse(&b[..n]).unwrap();
        let body = m.error_body().unwrap();
        let got = body.extensions.unwrap();
        prop_assert!(got.checksum_valid());
        let o = got.objects().next().unwrap();
        let decoded: Vec<u32> = o.mpls_labels().unwrap().map(|x| x.label).collect();
        prop_assert_eq!(decoded, labels.iter().map(|l| l >> 12).collect::<Vec<_>>());
        prop_assert_eq!(body.quote.len(), padded);
    }

    /// The one parse's fast paths agree with the slow path on built frag-needed and Packet Too
    /// Big messages (quotes of every size, with and without extensions) as built, where the
    /// signal must be found, and after any one byte is changed.
    #[test]
    fn fast_paths_agree_on_built_messages(
        quote_len in 28usize..700, mtu: u16, ext: bool,
        flip in proptest::option::of((any::<prop::sample::Index>(), 1u8..=255)),
    ) {
        let (src, dst) = (
            Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1),
            Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 2),
        );
        let mut pkt = ipv4_packet(1500, 17, 0, &[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
        pkt.resize(quote_len, 0x62);
        let ext_b = ext_bytes(&[(1, 1, &[0, 0, 0x11, 0xff])]);
        let e = ext.then(|| Extensions::parse(&ext_b, 0, false).unwrap());
        let mut b4 = [0u8; 600];
        let n4 = frag_needed(&mut b4, &pkt, mtu, e).unwrap();
        let mut p6 = vec![0x60, 0, 0, 0, 0, 0, 17, 64];
        p6.extend_from_slice(&dst.octets());
        p6.extend_from_slice(&A6.octets());
        p6.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
        p6.resize(quote_len + 20, 0x63);
        let mut b6 = [0u8; 1300];
        let n6 = packet_too_big(&mut b6, &p6, u32::from(mtu), &src, &dst).unwrap();
        let (mut m4, mut m6) = (b4[..n4].to_vec(), b6[..n6].to_vec());
        let fast4 = Icmpv4::parse(&m4).unwrap();
        prop_assert_eq!(fast4.frag_needed_mtu(), Some(mtu));
        let body = fast4.error_body().unwrap();
        prop_assert_eq!(body.extensions.is_some(), ext);
        prop_assert_eq!(body.quoted_ipv4().unwrap().ports(), Some((12345, 53)));
        let fast6 = Icmpv6::parse(&m6, &src, &dst).unwrap();
        let Icmpv6::PacketTooBig { mtu: mtu6, .. } = fast6 else { panic!("{fast6:?}") };
        prop_assert_eq!(mtu6, u32::from(mtu));
        prop_assert_eq!(fast6.quoted_ipv6().unwrap().unwrap().ports(), Some((12345, 53)));
        if let Some((at, x)) = flip {
            let i = at.index(m4.len());
            m4[i] ^= x;
            let i = at.index(m6.len());
            m6[i] ^= x;
        }
        common::fuzz_checks::fast_paths_agree(&m4);
        common::fuzz_checks::fast_paths_agree(&m6);
    }

    /// The fast paths agree with the slow path on messages that pass the checksum and break
    /// after it: any quote length (both sides of the 140-byte inline path), any first quote
    /// byte, any length byte, any byte changed, cut short, and the checksum patched each time.
    #[test]
    fn fast_paths_agree_past_the_checksum(
        quote_len in prop_oneof![Just(28usize), 110usize..150, 0usize..300],
        vihl in prop_oneof![0x45u8..=0x4f, any::<u8>()],
        length_byte in prop_oneof![28u8..=40, any::<u8>()],
        set_length: bool,
        flip in proptest::option::of((any::<prop::sample::Index>(), 1u8..=255)),
        cut in 0usize..40,
    ) {
        let (src, dst) = (
            Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1),
            Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 2),
        );
        let mut pkt = ipv4_packet(1500, 17, 0, &[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
        pkt[0] = vihl;
        pkt.resize(quote_len, 0x62);
        let mut m4 = vec![3, 4, 0, 0, 0, 0, 0x05, 0x78];
        m4.extend_from_slice(&pkt);
        let mut p6 = vec![0x60, 0, 0, 0, 0, 0, 17, 64];
        p6.extend_from_slice(&dst.octets());
        p6.extend_from_slice(&A6.octets());
        p6.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
        p6[0] = vihl;
        p6.resize(quote_len, 0x63);
        let mut m6 = vec![2, 0, 0, 0, 0, 0, 0x05, 0x00];
        m6.extend_from_slice(&p6);
        for m in [&mut m4, &mut m6] {
            if set_length {
                m[5] = length_byte;
            }
            if let Some((at, x)) = flip {
                let i = at.index(m.len());
                m[i] ^= x;
            }
            let keep = m.len().saturating_sub(cut);
            m.truncate(keep.max(4));
        }
        let c4 = pdukit_icmp::compute_checksum_v4(&m4);
        m4[2..4].copy_from_slice(&c4.to_be_bytes());
        let c6 = pdukit_icmp::compute_checksum_v6(&m6, &src, &dst);
        m6[2..4].copy_from_slice(&c6.to_be_bytes());
        common::fuzz_checks::fast_paths_agree(&m4);
        common::fuzz_checks::fast_paths_agree(&m6);
        // The checksum holds, so whatever the outcome, it is not a checksum error; untouched
        // with a whole IPv4 header quoted, it is a frag-needed whose quote parses.
        let r4 = Icmpv4::parse(&m4);
        let bad_sum = matches!(r4, Err(pdukit_icmp::ParseError::BadChecksum { .. }));
        prop_assert!(!bad_sum);
        let whole = (0x45..=0x4f).contains(&vihl) && usize::from(vihl & 0xf) * 4 <= quote_len;
        if flip.is_none() && cut == 0 && whole {
            let quoted = r4.as_ref().ok().and_then(|m| m.frag_needed_mtu().zip(m.error_body()));
            prop_assert!(quoted.is_some_and(|(_, b)| b.quoted_ipv4().is_ok()), "{:?}", r4);
        }
    }

    #[test]
    fn packet_too_big_quotes_up_to_1280(len in 48usize..3000, mtu in 1280u32..9000) {
        let mut pkt = vec![0x60, 0, 0, 0, 0, 0, 17, 64];
        pkt.extend_from_slice(&A6.octets());
        pkt.extend_from_slice(&Ipv6Addr::new(0x2001, 0xdb8, 2, 0, 0, 0, 0, 9).octets());
        pkt[4..6].copy_from_slice(&((len - 40) as u16).to_be_bytes());
        pkt.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
        pkt.resize(len, 0);
        let mut b = [0u8; 1300];
        let n = packet_too_big(&mut b, &pkt, mtu, &R6, &A6).unwrap();
        prop_assert!(n <= 1240);
        let m = Icmpv6::parse(&b[..n], &R6, &A6).unwrap();
        let q = m.quoted_ipv6().unwrap().unwrap();
        prop_assert_eq!(q.packet_len(), len as u32);
        prop_assert_eq!(q.flow().transport, Some(Transport::Ports { protocol: 17, src_port: 12345, dst_port: 53 }));
        prop_assert_eq!(m, Icmpv6::PacketTooBig { code: 0, mtu, quote: &pkt[..n - 8] });
    }

    #[test]
    fn too_small_buffers_are_errors(len in 0usize..60) {
        let pkt = ipv4_packet(1500, 17, 0, &[0; 8]);
        let mut b = vec![0u8; len];
        prop_assert!(frag_needed(&mut b, &pkt, 1400, None).is_err() == (len < 8 + 28));
    }
}

#[test]
fn junk_in_the_length_byte_is_not_an_extension() {
    // An old router leaves byte 5 non-zero (here 0x27 = 156 bytes) and quotes 548 bytes whose
    // bytes at 156 are not an extension header: the whole body is the quote.
    let mut pkt = ipv4_packet(1500, 6, 0, &tcp8(1, 2, 3));
    pkt.resize(548, 0x41);
    let mut b = [0u8; 556];
    let n = frag_needed(&mut b, &pkt, 1492, None).unwrap();
    b[5] = 0x27;
    let c = pdukit_icmp::compute_checksum_v4(&b[..n]);
    b[2..4].copy_from_slice(&c.to_be_bytes());
    let m = Icmpv4::parse(&b[..n]).unwrap();
    let body = m.error_body().unwrap();
    assert!(body.extensions.is_none());
    assert_eq!(body.quote.len(), 548);
    assert_eq!(body.length_field, 0x27);
    // And it rebuilds byte for byte, junk included.
    let mut b2 = [0u8; 556];
    assert_eq!(m.emit(&mut b2), Ok(n));
    assert_eq!(b[..n], b2[..n]);
    // A length claiming more than the body, or less than 128, is junk too.
    for junk in [200u8, 10] {
        b[5] = junk;
        let m = Icmpv4::parse_lax(&b[..n]).unwrap();
        assert_eq!(m.error_body().unwrap().quote.len(), 548, "length {junk}");
    }
}

#[test]
fn legacy_extension_at_128_with_zero_length() {
    let mut pkt = ipv4_packet(1500, 17, 0, &[0; 8]);
    pkt.resize(128, 0);
    let ext = ext_bytes(&[(1, 1, &[0x00, 0x01, 0x41, 0x01])]); // label 20, S, TTL 1
    let mut body = pkt.clone();
    body.extend_from_slice(&ext);
    let m = Icmpv4::TimeExceeded {
        code: 0,
        body: ErrorBody::quoting(&body),
    };
    let mut b = [0u8; 300];
    let n = m.emit(&mut b).unwrap();
    assert_eq!(b[5], 0, "legacy: no length");
    let p = Icmpv4::parse(&b[..n]).unwrap();
    let e = p.error_body().unwrap().extensions.expect("found at 128");
    assert!(e.is_legacy() && e.checksum_valid());
    let l: Vec<_> = e.objects().next().unwrap().mpls_labels().unwrap().collect();
    assert_eq!(
        (l[0].label, l[0].tc, l[0].bottom, l[0].ttl),
        (20, 0, true, 1)
    );
    // Round trip keeps the legacy placement.
    let mut b2 = [0u8; 300];
    assert_eq!(p.emit(&mut b2), Ok(n));
    assert_eq!(b[..n], b2[..n]);
    // The same bytes with a broken extension checksum are just a long quote.
    b[8 + 128 + 2] ^= 0xff;
    let c = pdukit_icmp::compute_checksum_v4(&b[..n]);
    b[2..4].copy_from_slice(&c.to_be_bytes());
    assert!(Icmpv4::parse(&b[..n])
        .unwrap()
        .error_body()
        .unwrap()
        .extensions
        .is_none());
}

#[test]
fn extension_object_lengths_0_and_1_are_errors_not_loops() {
    for bad in [0u8, 1, 3] {
        let raw = [0x20, 0, 0, 0, 0, bad, 1, 1];
        assert!(Extensions::parse(&raw, 0, false).is_err(), "length {bad}");
    }
}

#[test]
fn quoted_ipv4_rules() {
    // IHL 4 is an error; IHL beyond the bytes is an error; total length beyond them is fine.
    let mut p = ipv4_packet(1500, 6, 0, &tcp8(1, 2, 3));
    p[0] = 0x44;
    assert!(matches!(
        ErrorBody::quoting(&p).quoted_ipv4(),
        Err(pdukit_icmp::ParseError::Invalid {
            offset: 8,
            found: 4,
            ..
        })
    ));
    p[0] = 0x4f;
    assert!(matches!(
        ErrorBody::quoting(&p).quoted_ipv4(),
        Err(pdukit_icmp::ParseError::Truncated {
            offset: 8,
            needed: 60,
            available: 28,
            ..
        })
    ));
    let p2 = ipv4_packet(1500, 6, 0, &tcp8(1, 2, 3));
    assert!(ErrorBody::quoting(&p2).quoted_ipv4().is_ok());
    // A non-first fragment has no transport header.
    let frag = ipv4_packet(1500, 6, 185, &tcp8(1, 2, 3));
    let q = ErrorBody::quoting(&frag).quoted_ipv4().unwrap();
    assert_eq!(q.fragment_offset(), 185);
    assert_eq!(q.flow().transport, None);
}

/// Every first byte at every quote length 0..=64: the quote parses exactly when the version is 4,
/// the IHL at least 5 and the header all there, and otherwise the error names the first rule
/// broken, in the order empty, version, IHL, truncation.
#[test]
fn quoted_ipv4_accepts_and_rejects_by_the_rules_in_order() {
    use pdukit_icmp::ParseError;
    let mut tested = 0;
    for first in 0..=255u8 {
        for len in 0..=64usize {
            let mut p = ipv4_packet(1500, 17, 0, &[0xab; 60]);
            p[0] = first;
            p.truncate(len);
            let (version, ihl) = (first >> 4, usize::from(first & 0x0f) * 4);
            let got = pdukit_icmp::QuotedIpv4::parse(&p, 8);
            match got {
                Ok(q) => {
                    assert!(version == 4 && ihl >= 20 && ihl <= len, "{first:#x} {len}");
                    assert_eq!((q.header.len(), q.payload.len()), (ihl, len - ihl));
                }
                Err(ParseError::Truncated {
                    offset: 8,
                    needed,
                    available,
                    ..
                }) if len == 0 => assert_eq!((needed, available), (20, 0)),
                Err(ParseError::Invalid {
                    field: name::QUOTED_IP_VERSION,
                    offset: 8,
                    found,
                    ..
                }) => assert!(len > 0 && version != 4 && found == u32::from(version)),
                Err(ParseError::Invalid {
                    field: name::QUOTED_IPV4_IHL,
                    offset: 8,
                    found,
                    ..
                }) => assert!(
                    len > 0 && version == 4 && ihl < 20 && found == u32::from(ihl as u8 / 4)
                ),
                Err(ParseError::Truncated {
                    offset: 8,
                    needed,
                    available,
                    ..
                }) => assert!(
                    version == 4 && ihl >= 20 && len < ihl && (needed, available) == (ihl, len),
                    "{first:#x} {len}: {got:?}"
                ),
                Err(e) => panic!("{first:#x} {len}: unexpected {e:?}"),
            }
            tested += 1;
        }
    }
    assert_eq!(tested, 256 * 65);
}

/// The 36-byte message (RFC 792's quote, summed on its own path): every single-bit change is a
/// checksum error, the same the slow path gives, and the message itself reads back.
#[test]
fn rfc_792_sized_message_catches_every_bit_flip() {
    let pkt = ipv4_packet(1500, 17, 0, &[0x30, 0x39, 0, 53, 0x05, 0xc8, 0, 0]);
    let mut b = [0u8; 64];
    let n = frag_needed(&mut b, &pkt, 1400, None).unwrap();
    assert_eq!(n, 36);
    let m = &b[..n];
    let r = Icmpv4::parse(m).unwrap();
    assert_eq!(
        (
            r.frag_needed_mtu(),
            r.error_body().unwrap().quoted_ipv4().unwrap().ports()
        ),
        (Some(1400), Some((12345, 53)))
    );
    let mut flips = 0;
    for i in 0..n {
        for bit in 0..8 {
            let mut x = m.to_vec();
            x[i] ^= 1 << bit;
            let full = Icmpv4::parse(&x);
            assert!(
                matches!(full, Err(pdukit_icmp::ParseError::BadChecksum { .. })),
                "byte {i} bit {bit}: {full:?}"
            );
            common::fuzz_checks::fast_paths_agree(&x);
            flips += 1;
        }
    }
    assert_eq!(flips, 36 * 8);
}

/// Ports are read for exactly TCP, UDP, DCCP, SCTP and UDP-Lite, in both families, and agree
/// with the flow's transport.
#[test]
fn ports_for_exactly_the_port_first_protocols() {
    let with_ports = [6u8, 17, 33, 132, 136];
    for protocol in 0..=255u8 {
        let want = with_ports.contains(&protocol).then_some((12345, 53));
        let p4 = ipv4_packet(1500, protocol, 0, &tcp8(12345, 53, 7));
        let q4 = ErrorBody::quoting(&p4).quoted_ipv4().unwrap();
        assert_eq!(q4.ports(), want, "IPv4 protocol {protocol}");
        if let Some(
            Transport::Tcp {
                src_port, dst_port, ..
            }
            | Transport::Ports {
                src_port, dst_port, ..
            },
        ) = q4.flow().transport
        {
            assert_eq!(Some((src_port, dst_port)), want, "IPv4 protocol {protocol}");
        }
        // IPv6 with the same upper layer (no extension headers in the way of non-headers).
        let mut p6 = vec![0x60, 0, 0, 0, 0, 8, protocol, 64];
        p6.extend_from_slice(&A6.octets());
        p6.extend_from_slice(&R6.octets());
        p6.extend_from_slice(&tcp8(12345, 53, 7));
        let q6 = pdukit_icmp::QuotedIpv6::parse(&p6, 8).unwrap();
        if q6.complete {
            assert_eq!(q6.ports(), want, "IPv6 next header {protocol}");
        } else {
            assert_eq!(q6.ports(), None, "IPv6 next header {protocol}");
        }
    }
    // A non-first fragment never has ports.
    let frag = ipv4_packet(1500, 17, 1, &tcp8(12345, 53, 7));
    assert_eq!(
        ErrorBody::quoting(&frag).quoted_ipv4().unwrap().ports(),
        None
    );
}

#[test]
fn quoted_ipv6_walks_extension_headers() {
    // IPv6 + hop-by-hop (8) + fragment (first) + UDP.
    let mut p = vec![0x60, 0, 0, 0, 0, 40, 0, 64];
    p.extend_from_slice(&A6.octets());
    p.extend_from_slice(&R6.octets());
    p.extend_from_slice(&[44, 0, 1, 4, 0, 0, 0, 0]); // HBH -> fragment, PadN
    p.extend_from_slice(&[17, 0, 0, 1, 0, 0, 0, 42]); // fragment offset 0, M, id 42
    p.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
    let q = pdukit_icmp::QuotedIpv6::parse(&p, 8).unwrap();
    assert_eq!((q.protocol, q.complete), (17, true));
    assert_eq!(q.fragment.unwrap().ident, 42);
    assert!(matches!(
        q.flow().transport,
        Some(Transport::Ports { dst_port: 53, .. })
    ));
    // Cut inside the chain: protocol is the last next-header reached, no transport.
    let q = pdukit_icmp::QuotedIpv6::parse(&p[..50], 8).unwrap();
    assert!(!q.complete);
    assert_eq!(q.flow().transport, None);
}

fn fn_msg(mtu: u16, total: u16, seq: u32) -> Vec<u8> {
    let pkt = ipv4_packet(total, 6, 0, &tcp8(40000, 443, seq));
    let mut b = vec![0u8; 100];
    let n = frag_needed(&mut b, &pkt, mtu, None).unwrap();
    b.truncate(n);
    b
}

#[test]
fn pmtu_rules_v4() {
    let d = |mtu, total, cur, cfg: &Config| {
        let b = fn_msg(mtu, total, 5000);
        decide_v4(&Icmpv4::parse(&b).unwrap(), cur, cfg, None)
    };
    assert_eq!(
        d(1400, 1500, 1500, &Config::RFC).action,
        Action::Lower(1400)
    );
    // MTU 0: plateau below the quoted size (RFC 1191 §7).
    let x = d(0, 1500, 1500, &Config::RFC);
    assert_eq!(
        (x.action, x.reason),
        (
            Action::Lower(1492),
            Reason::PlateauEstimate {
                packet: 1500,
                mtu: 1492
            }
        )
    );
    assert_eq!(plateau_below(1006), 508);
    assert_eq!(plateau_below(69), 68);
    assert_eq!(plateau_below(10), 68);
    // Not below the quoted packet: that packet would have fit.
    assert_eq!(
        d(1500, 1500, 9000, &Config::RFC).reason,
        Reason::NotBelowQuotedPacket {
            mtu: 1500,
            packet: 1500
        }
    );
    // Not below the current PMTU: nothing to do.
    assert_eq!(
        d(1400, 1500, 1400, &Config::RFC).reason,
        Reason::NotBelowCurrent {
            mtu: 1400,
            current: 1400
        }
    );
    // Floors: 68 by the RFC, 552 on Linux.
    assert_eq!(d(60, 1500, 1500, &Config::RFC).action, Action::Lower(68));
    let x = d(300, 1500, 1500, &Config::LINUX);
    assert_eq!(
        (x.action, x.reason),
        (
            Action::Lower(552),
            Reason::Floored {
                reported: 300,
                floor: 552
            }
        )
    );
    assert_eq!(x.reason.to_string(), "mtu 300 below floor: use 552");
    // Flow validation (RFC 5927).
    let b = fn_msg(1400, 1500, 5000);
    let m = Icmpv4::parse(&b).unwrap();
    let unknown = |_: &pdukit_icmp::Flow| FlowState::Unknown;
    assert_eq!(
        decide_v4(&m, 1500, &Config::RFC, Some(&unknown)).reason,
        Reason::UnknownFlow
    );
    let window = |(una, nxt): (u32, u32)| {
        move |f: &pdukit_icmp::Flow| {
            assert_eq!(f.dst, IpAddr::V4(Ipv4Addr::new(198, 51, 100, 2)));
            FlowState::Known {
                tcp_window: Some((una, nxt)),
            }
        }
    };
    assert_eq!(
        decide_v4(&m, 1500, &Config::RFC, Some(&window((4000, 6000)))).action,
        Action::Lower(1400)
    );
    assert_eq!(
        decide_v4(&m, 1500, &Config::RFC, Some(&window((5001, 7000)))).reason,
        Reason::SequenceOutsideWindow { seq: 5000 }
    );
    // Window across the sequence wrap.
    let b = fn_msg(1400, 1500, 5);
    let m = Icmpv4::parse(&b).unwrap();
    assert_eq!(
        decide_v4(&m, 1500, &Config::RFC, Some(&window((u32::MAX - 10, 100)))).action,
        Action::Lower(1400)
    );
    // Not a frag-needed at all.
    let e = Icmpv4::EchoRequest(Echo {
        code: 0,
        ident: 1,
        seq: 1,
        data: &[],
    });
    assert_eq!(
        decide_v4(&e, 1500, &Config::RFC, None).reason,
        Reason::NotPmtuMessage
    );
}

#[test]
fn pmtu_rules_v6() {
    let mut pkt = vec![0x60, 0, 0, 0, 0x05, 0xb4, 17, 64]; // payload 1460 => 1500
    pkt.extend_from_slice(&A6.octets());
    pkt.extend_from_slice(&R6.octets());
    pkt.extend_from_slice(&[0, 1, 0, 2, 0, 8, 0, 0]);
    let mut b = [0u8; 100];
    let dec = |mtu: u32, code: u8, b: &mut [u8; 100]| {
        let n = packet_too_big(b, &pkt, mtu, &R6, &A6).unwrap();
        b[1] = code;
        let m = Icmpv6::parse_lax(&b[..n]).unwrap();
        decide_v6(&m, 1500, &Config::RFC, None)
    };
    assert_eq!(dec(1400, 0, &mut b).action, Action::Lower(1400));
    // Below 1280 is floored at 1280 (RFC 8201 §4).
    assert_eq!(
        dec(1200, 0, &mut b).reason,
        Reason::Floored {
            reported: 1200,
            floor: 1280
        }
    );
    // A non-zero code is ignored (RFC 4443 §3.2).
    assert_eq!(dec(1400, 1, &mut b).reason, Reason::NonZeroCode(1));
    // MTU 0 is not special in IPv6: below the floor.
    assert_eq!(dec(0, 0, &mut b).action, Action::Lower(1280));
}
