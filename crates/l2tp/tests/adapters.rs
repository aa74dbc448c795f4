//! The optional adapters (`nom`, `bytes` features). Run with `--features nom,bytes` (CI does).
#![cfg(all(feature = "nom", feature = "bytes"))]

use bytes::BytesMut;
use pdukit_l2tp::{nom_parser, ControlWriter, DataV2, MessageType, Packet};

#[test]
fn data_built_into_bytes_mut_and_parsed_by_nom() {
    let d = DataV2 {
        bits: 0,
        length: Some(0),
        tunnel_id: 7,
        session_id: 9,
        sequence: None,
        offset: None,
        payload: &[0xff, 0x03, 0xc0, 0x21],
        trailer: &[],
    };
    let mut dst = BytesMut::new();
    let n = pdukit_wire::bytes::put(&mut dst, &d).unwrap();
    assert_eq!(n, 12);
    let r: nom::IResult<&[u8], Packet<'_>> = nom_parser(&dst);
    let Ok((rest, Packet::DataV2(back))) = r else {
        panic!("{r:?}")
    };
    assert!(rest.is_empty());
    assert_eq!(
        (back.tunnel_id, back.session_id, back.payload),
        (7, 9, d.payload)
    );
}

#[test]
fn control_parsed_by_nom_and_errors_mapped() {
    let mut buf = [0u8; 32];
    let mut w = ControlWriter::v2(&mut buf, 1, 0, 0, 0).unwrap();
    w.message_type(MessageType::HELLO).unwrap();
    let n = w.finish().unwrap();
    let r: nom::IResult<&[u8], Packet<'_>> = nom_parser(&buf[..n]);
    assert!(
        matches!(r, Ok((_, Packet::Control(c))) if c.message_type() == Some(MessageType::HELLO))
    );
    let r: nom::IResult<&[u8], Packet<'_>> = nom_parser(&buf[..n - 1]);
    assert!(matches!(r, Err(nom::Err::Error(_))));
}
