//! Properties and RFC cases: round trips for every code and tag, parse never panics, lengths
//! that lie in both directions, trailing bytes, End-Of-List, TR-101 sub-options, the rules.

mod common {
    pub mod fuzz_checks;
}

use pdukit_pppoe::field::name;
use pdukit_pppoe::rules::{padi, pado_from_padi, padr_from_pado, pads_from_padr, padt, Cookie};
use pdukit_pppoe::{
    check, check_reply, Code, Discovery, DiscoveryWriter, ParseError, SubOption, TagType, TagValue,
    Violation, BBF_VENDOR_ID,
};
use proptest::prelude::*;

const CODES: [u8; 10] = [0x09, 0x07, 0x19, 0x65, 0xa7, 0x0a, 0x0b, 0x0c, 0xd3, 0xd4];
const TAGS: [u16; 18] = [
    0x0000, 0x0101, 0x0102, 0x0103, 0x0104, 0x0105, 0x0106, 0x0107, 0x0108, 0x0109, 0x0110, 0x0111,
    0x0112, 0x0120, 0x0121, 0x0201, 0x0202, 0x0203,
];

fn tag() -> impl Strategy<Value = (u16, Vec<u8>)> {
    (
        prop_oneof![
            proptest::sample::select(&TAGS[1..]),
            any::<u16>().prop_filter("not EOL", |t| *t != 0)
        ],
        proptest::collection::vec(any::<u8>(), 0..40),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        common::fuzz_checks::parse(&data);
        common::fuzz_checks::round_trip(&data);
    }

    #[test]
    fn every_code_and_tag_round_trips(
        code in proptest::sample::select(&CODES[..]), sid: u16,
        tags in proptest::collection::vec(tag(), 0..8), pad in 0usize..46,
    ) {
        let mut b = vec![0u8; 2000];
        let mut w = DiscoveryWriter::new(&mut b, Code(code), sid).unwrap();
        for (t, v) in &tags {
            w.tag(TagType(*t), v).unwrap();
        }
        let n = w.finish();
        // Ethernet padding after the payload is not a tag.
        let frame = [&b[..n], &vec![0u8; pad][..]].concat();
        let d = Discovery::parse(&frame).unwrap();
        prop_assert_eq!(d.code(), Code(code));
        prop_assert_eq!(d.header.session_id, sid);
        prop_assert_eq!(usize::from(d.header.length), n - 6);
        prop_assert_eq!(d.trailer.len(), pad);
        let got: Vec<(u16, Vec<u8>)> = d.tags().map(|t| (t.tag_type.0, t.value.to_vec())).collect();
        prop_assert_eq!(got, tags);
        common::fuzz_checks::round_trip(&frame);
    }

    #[test]
    fn a_length_beyond_the_frame_is_an_error_with_offsets(extra in 1u16..100) {
        let mut b = [0u8; 64];
        let n = padi(&mut b, b"x", None).unwrap();
        let len = u16::from_be_bytes([b[4], b[5]]) + extra;
        b[4..6].copy_from_slice(&len.to_be_bytes());
        prop_assert_eq!(
            Discovery::parse(&b[..n]),
            Err(ParseError::BadLength { field: name::PAYLOAD_LENGTH, offset: 4, declared: usize::from(len), available: n - 6 })
        );
    }

    #[test]
    fn a_tag_beyond_the_payload_is_an_error_and_lax_keeps_the_tags_before(over in 1u16..50) {
        let mut b = [0u8; 64];
        let mut w = DiscoveryWriter::new(&mut b, Code::PADO, 0).unwrap();
        w.tag(TagType::AC_NAME, b"ac").unwrap();
        w.tag(TagType::HOST_UNIQ, b"hu").unwrap();
        let n = w.finish();
        // Second tag's length now claims `over` bytes more than present.
        b[6 + 6 + 2..6 + 6 + 4].copy_from_slice(&(2 + over).to_be_bytes());
        let err = ParseError::BadLength { field: name::TAG_LENGTH, offset: 6 + 6 + 2, declared: usize::from(2 + over), available: 2 };
        prop_assert_eq!(Discovery::parse(&b[..n]), Err(err));
        let lax = Discovery::parse_lax(&b[..n]).unwrap();
        prop_assert_eq!(lax.tag_error(), Some(err));
        prop_assert_eq!(lax.tags().count(), 1);
    }
}

#[test]
fn trailing_bytes_and_end_of_list() {
    // 1-3 trailing bytes inside the payload: an error at their offset, the lax view keeps the tags.
    let mut b = [0u8; 64];
    let mut w = DiscoveryWriter::new(&mut b, Code::PADI, 0).unwrap();
    w.tag(TagType::SERVICE_NAME, b"").unwrap();
    let n = w.finish();
    for k in 1..=3u16 {
        let mut f = b[..n + usize::from(k)].to_vec();
        f[4..6].copy_from_slice(&(4 + k).to_be_bytes());
        assert_eq!(
            Discovery::parse(&f),
            Err(ParseError::Truncated {
                field: name::TAG_HEADER,
                offset: 10,
                needed: 4,
                available: usize::from(k)
            })
        );
        assert_eq!(Discovery::parse_lax(&f).unwrap().tags().count(), 1);
    }
    // Junk after End-Of-List is kept apart, not parsed as tags.
    let mut w = DiscoveryWriter::new(&mut b, Code::PADO, 0).unwrap();
    w.tag(TagType::AC_NAME, b"a")
        .unwrap()
        .tag(TagType::END_OF_LIST, b"")
        .unwrap();
    w.tag(TagType(0xffff), &[0xff; 9]).unwrap();
    let n = w.finish();
    let d = Discovery::parse(&b[..n]).unwrap();
    assert_eq!(d.tags().count(), 2);
    assert_eq!(d.after_tags.len(), 13);
}

#[test]
fn tr101_sub_options_decode_and_overruns_stop() {
    let mut v = BBF_VENDOR_ID.to_be_bytes().to_vec();
    v.extend_from_slice(&[0x01, 7]);
    v.extend_from_slice(b"dslam/1");
    v.extend_from_slice(&[0x02, 4]);
    v.extend_from_slice(b"cpe9");
    v.extend_from_slice(&[0x81, 4, 0, 0, 0x27, 0x10]); // actual up 10000 kbps
    v.extend_from_slice(&[0x8c, 4, 0, 0, 0, 8]); // actual interleaving delay up 8 ms
    v.extend_from_slice(&[0x90, 3, 0, 1, 2]);
    v.extend_from_slice(&[0x02, 40, b'x']); // overruns
    let mut b = [0u8; 128];
    let mut w = DiscoveryWriter::new(&mut b, Code::PADI, 0).unwrap();
    w.tag(TagType::SERVICE_NAME, b"")
        .unwrap()
        .tag(TagType::VENDOR_SPECIFIC, &v)
        .unwrap();
    let n = w.finish();
    let d = Discovery::parse(&b[..n]).unwrap();
    let t = d.find(TagType::VENDOR_SPECIFIC).unwrap();
    let subs: Vec<Result<SubOption, ParseError>> = t.tr101().unwrap().sub_options().collect();
    assert_eq!(
        subs,
        [
            Ok(SubOption::AgentCircuitId(b"dslam/1")),
            Ok(SubOption::AgentRemoteId(b"cpe9")),
            Ok(SubOption::DataRate {
                kind: 0x81,
                kbps: 10000
            }),
            Ok(SubOption::InterleavingDelay { kind: 0x8c, ms: 8 }),
            Ok(SubOption::AccessLoopEncapsulation([0, 1, 2])),
            // The overrunning sub-option: at 32 in the vendor data, 2 + 40 bytes declared, 3 left.
            Err(ParseError::BadLength {
                field: name::SUB_OPTION_LENGTH,
                offset: 32,
                declared: 42,
                available: 3
            }),
        ]
    );
    // A vendor tag shorter than its 4-byte vendor id stays raw.
    let mut w = DiscoveryWriter::new(&mut b, Code::PADI, 0).unwrap();
    w.tag(TagType::VENDOR_SPECIFIC, &[0, 0, 0x0d]).unwrap();
    let n = w.finish();
    let d = Discovery::parse(&b[..n]).unwrap();
    assert!(matches!(
        d.tags().next().unwrap().decode(),
        TagValue::Raw(_)
    ));
}

#[test]
fn rules_are_checked_apart_from_parsing() {
    let mut b = [0u8; 256];
    // PADI with two Service-Names and a session id: parses, two violations.
    let mut w = DiscoveryWriter::new(&mut b, Code::PADI, 7).unwrap();
    w.tag(TagType::SERVICE_NAME, b"a")
        .unwrap()
        .tag(TagType::SERVICE_NAME, b"b")
        .unwrap();
    let n = w.finish();
    let d = Discovery::parse(&b[..n]).unwrap();
    let v: Vec<Violation> = check(&d).iter().collect();
    assert_eq!(
        v,
        [
            Violation::SessionIdBeforePads {
                code: Code::PADI,
                session_id: 7
            },
            Violation::PadiServiceNames { count: 2 }
        ]
    );
    // PADI payload above 1484.
    let mut big = [0u8; 1600];
    let mut w = DiscoveryWriter::new(&mut big, Code::PADI, 0).unwrap();
    w.tag(TagType::SERVICE_NAME, b"")
        .unwrap()
        .tag(TagType::HOST_UNIQ, &[1; 1490])
        .unwrap();
    let n = w.finish();
    assert!(check(&Discovery::parse(&big[..n]).unwrap())
        .iter()
        .any(|x| matches!(x, Violation::PadiTooLong { length: 1498 })));
    // PADS with 0 or 0xFFFF; PADT with 0.
    for sid in [0u16, 0xffff] {
        let mut w = DiscoveryWriter::new(&mut b, Code::PADS, sid).unwrap();
        w.tag(TagType::SERVICE_NAME, b"x").unwrap();
        let n = w.finish();
        assert_eq!(
            check(&Discovery::parse(&b[..n]).unwrap())
                .iter()
                .collect::<Vec<_>>(),
            [Violation::PadsSessionId { session_id: sid }]
        );
    }
    let n = padt(&mut b, 0, None).unwrap();
    assert_eq!(
        check(&Discovery::parse(&b[..n]).unwrap())
            .iter()
            .collect::<Vec<_>>(),
        [Violation::PadtSessionZero]
    );
}

#[test]
fn client_and_ac_builders_echo_what_rfc_2516_requires() {
    let (mut a, mut o, mut r, mut s) = ([0u8; 128], [0u8; 256], [0u8; 256], [0u8; 256]);
    let n = padi(&mut a, b"internet", Some(b"HU")).unwrap();
    assert!(check(&Discovery::parse(&a[..n]).unwrap()).is_empty());
    // The same PADI after a relay agent added a Relay-Session-Id.
    let mut w = DiscoveryWriter::new(&mut a, Code::PADI, 0).unwrap();
    w.tag(TagType::SERVICE_NAME, b"internet")
        .unwrap()
        .tag(TagType::HOST_UNIQ, b"HU")
        .unwrap();
    w.tag(TagType::RELAY_SESSION_ID, b"RSID").unwrap();
    let n = w.finish();
    let padi_d = Discovery::parse(&a[..n]).unwrap();
    assert!(check(&padi_d).is_empty());
    let n = pado_from_padi(&mut o, &padi_d, b"AC", &[b"internet", b"voip"], &[9; 20]).unwrap();
    let pado = Discovery::parse(&o[..n]).unwrap();
    assert!(check(&pado).is_empty());
    assert!(check_reply(&pado, &padi_d).is_empty());
    let n = padr_from_pado(&mut r, &pado, b"internet", Some(b"HU"), Cookie::Echo).unwrap();
    let padr = Discovery::parse(&r[..n]).unwrap();
    assert!(check(&padr).is_empty());
    assert!(
        check_reply(&padr, &pado).is_empty(),
        "cookie and relay id echoed"
    );
    let n = pads_from_padr(&mut s, &padr, 0x2a).unwrap();
    let pads = Discovery::parse(&s[..n]).unwrap();
    assert!(check(&pads).is_empty() && check_reply(&pads, &padr).is_empty());
    assert_eq!(pads.header.session_id, 0x2a);
    // Omitting the cookie is reported.
    let n = padr_from_pado(&mut r, &pado, b"internet", None, Cookie::Omit).unwrap();
    let bad = Discovery::parse(&r[..n]).unwrap();
    assert_eq!(
        check_reply(&bad, &pado).iter().collect::<Vec<_>>(),
        [Violation::NotEchoed {
            tag: TagType::AC_COOKIE
        }]
    );
    // PADT with Generic-Error text.
    let n = padt(&mut s, 0x2a, Some("bye")).unwrap();
    let t = Discovery::parse(&s[..n]).unwrap();
    assert!(matches!(
        t.tags().next().unwrap().decode(),
        TagValue::GenericError(b"bye")
    ));
}

#[test]
fn metrics_and_ip_route_add_decode() {
    // The Metrics bytes tshark decodes as MDR units 3, CDR units 1, R, RLQ 68, resource 85,
    // latency 258, current 772, max 1286 (checked by hand against tshark -V).
    let m = [
        0x00,
        0b0001_1011,
        0x44,
        0x55,
        0x01,
        0x02,
        0x03,
        0x04,
        0x05,
        0x06,
    ];
    let mut r = [0u8; 16];
    r[..4].copy_from_slice(&[10, 0, 0, 0]);
    r[4..8].copy_from_slice(&[255, 0, 0, 0]);
    r[8..12].copy_from_slice(&[192, 0, 2, 1]);
    r[12..].copy_from_slice(&7u32.to_be_bytes());
    let mut b = [0u8; 64];
    let mut w = DiscoveryWriter::new(&mut b, Code::PADQ, 1).unwrap();
    w.tag(TagType::METRICS, &m)
        .unwrap()
        .tag(TagType::IP_ROUTE_ADD, &r)
        .unwrap();
    let n = w.finish();
    let d = Discovery::parse(&b[..n]).unwrap();
    let v: Vec<TagValue> = d.tags().map(|t| t.decode()).collect();
    assert_eq!(
        v[0],
        TagValue::Metrics(pdukit_pppoe::Metrics {
            receive_only: true,
            cdr_units: 1,
            mdr_units: 3,
            rlq: 68,
            resource: 85,
            latency: 258,
            current_rate: 772,
            max_rate: 1286
        })
    );
    assert_eq!(
        v[1],
        TagValue::IpRouteAdd {
            destination: [10, 0, 0, 0].into(),
            mask: [255, 0, 0, 0].into(),
            gateway: [192, 0, 2, 1].into(),
            metric: 7
        }
    );
}
