//! The optional adapters (`nom`, `bytes` features). Run with `--features nom,bytes` (CI does).
#![cfg(all(feature = "nom", feature = "bytes"))]

use bytes::BytesMut;
use pdukit_pppoe::{nom_parser, Code, Discovery, DiscoveryWriter, TagType};

#[test]
fn built_into_bytes_mut_and_parsed_by_nom() {
    let mut dst = BytesMut::new();
    // The writer patches the payload length in place, inside the BytesMut.
    let n = pdukit_wire::bytes::build(&mut dst, 64, |w| {
        let mut b = [0u8; 64];
        let mut d = DiscoveryWriter::new(&mut b, Code::PADI, 0)?;
        d.tag(TagType::SERVICE_NAME, b"")?
            .tag(TagType::HOST_UNIQ, b"hu")?;
        let n = d.finish();
        w.put(&b[..n])
    });
    assert_eq!(n, Ok(6 + 4 + 6));
    let r: nom::IResult<&[u8], Discovery<'_>> = nom_parser(&dst);
    let (rest, d) = r.unwrap();
    assert!(rest.is_empty());
    assert_eq!(d.code(), Code::PADI);
    assert_eq!(d.tags().count(), 2);
}
