//! The optional adapters (`nom`, `bytes` features). Run with `--features nom,bytes` (CI does).
#![cfg(all(feature = "nom", feature = "bytes"))]

use core::net::Ipv6Addr;

use bytes::BytesMut;
use pdukit_icmp::{nom_parser_v4, nom_parser_v6, packet_too_big, Echo, Icmpv4, Icmpv6};

#[test]
fn built_into_bytes_mut_and_parsed_by_nom() {
    let echo = Icmpv4::EchoRequest(Echo {
        code: 0,
        ident: 7,
        seq: 1,
        data: b"ping",
    });
    let mut dst = BytesMut::new();
    assert_eq!(pdukit_wire::bytes::put(&mut dst, &echo), Ok(12));
    let r: nom::IResult<&[u8], Icmpv4<'_>> = nom_parser_v4(&dst);
    assert_eq!(r, Ok((&[][..], echo)));
    let (src, dst6) = (Ipv6Addr::LOCALHOST, Ipv6Addr::UNSPECIFIED);
    let mut q = vec![0x60, 0, 0, 0, 0, 8, 17, 64];
    q.resize(48, 0);
    let mut b = [0u8; 64];
    let n = packet_too_big(&mut b, &q, 1280, &src, &dst6).unwrap();
    let r: nom::IResult<&[u8], Icmpv6<'_>> = nom_parser_v6(src, dst6)(&b[..n]);
    assert!(matches!(r, Ok((rest, Icmpv6::PacketTooBig { mtu: 1280, .. })) if rest.is_empty()));
    // Another destination in the pseudo-header: a checksum error through nom.
    let other = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 9);
    let r: nom::IResult<&[u8], Icmpv6<'_>> = nom_parser_v6(src, other)(&b[..n]);
    assert!(matches!(r, Err(nom::Err::Error(_))));
}
