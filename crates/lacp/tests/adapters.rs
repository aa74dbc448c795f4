//! The optional adapters (`nom`, `bytes` features). Run with `--features nom,bytes` (CI does).
#![cfg(all(feature = "nom", feature = "bytes"))]

use bytes::BytesMut;
use pdukit_lacp::{nom_parser, Lacpdu, PortInfo, SlowPdu, State};

#[test]
fn built_into_bytes_mut_and_parsed_by_nom() {
    let me = PortInfo {
        key: 13,
        port: 7,
        state: State(0x3d),
        ..Default::default()
    };
    let pdu = Lacpdu::v1(me, PortInfo::default(), 0);
    let mut dst = BytesMut::new();
    assert_eq!(pdukit_wire::bytes::put(&mut dst, &pdu), Ok(110));
    let r: nom::IResult<&[u8], SlowPdu<'_>> = nom_parser(&dst);
    assert_eq!(r, Ok((&[][..], SlowPdu::Lacp(pdu))));
    let r: nom::IResult<&[u8], SlowPdu<'_>> = nom_parser(&dst[..20]);
    assert!(matches!(r, Err(nom::Err::Error(_))));
}
