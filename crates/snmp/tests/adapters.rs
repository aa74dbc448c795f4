//! The optional adapters (`nom`, `bytes` features). Run with `--features nom,bytes` (CI does).
#![cfg(all(feature = "nom", feature = "bytes"))]

use bytes::BytesMut;
use pdukit_snmp::{
    nom_parser, ErrorStatus, Message, OidBuf, Pdu, StandardPdu, VarBind, VarBinds, Version,
};

#[test]
fn built_into_bytes_mut_and_parsed_by_nom() {
    let name: OidBuf = "1.3.6.1.2.1.1.3.0".parse().unwrap();
    let vbs = [VarBind::null(name.as_oid())];
    let get = Message::Community {
        version: Version::V2c,
        community: b"public",
        pdu: Pdu::Get(StandardPdu {
            request_id: 9,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(&vbs),
        }),
    };
    let mut dst = BytesMut::new();
    let n = pdukit_wire::bytes::put(&mut dst, &get).unwrap();
    assert_eq!(n, get.buffer_len());
    let r: nom::IResult<&[u8], Message<'_>> = nom_parser(&dst);
    assert_eq!(r, Ok((&[][..], get)));
    let r: nom::IResult<&[u8], Message<'_>> = nom_parser(&dst[..n - 1]);
    assert!(matches!(r, Err(nom::Err::Error(_))));
}
