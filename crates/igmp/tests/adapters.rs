//! The optional adapters: the one parse as a nom parser (`nom` feature) and building straight
//! into a `BytesMut` (`bytes` feature). Run with `--features nom,bytes` (CI does).
#![cfg(all(feature = "nom", feature = "bytes"))]

use core::net::Ipv4Addr;

use bytes::BytesMut;
use nom::error::{ErrorKind, FromExternalError, ParseError as NomParseError};
use pdukit_igmp::{field::name, nom_parser, Message, ParseError};

/// A nom error type that keeps pdukit's error.
#[derive(Debug, PartialEq)]
struct Kept(Option<ParseError>);
impl<'a> NomParseError<&'a [u8]> for Kept {
    fn from_error_kind(_: &'a [u8], _: ErrorKind) -> Self {
        Kept(None)
    }
    fn append(_: &'a [u8], _: ErrorKind, other: Self) -> Self {
        other
    }
}
impl<'a> FromExternalError<&'a [u8], ParseError> for Kept {
    fn from_external_error(_: &'a [u8], _: ErrorKind, e: ParseError) -> Self {
        Kept(Some(e))
    }
}

#[test]
fn built_into_bytes_mut_and_parsed_by_nom() {
    let leave = Message::Leave {
        group: Ipv4Addr::new(239, 1, 2, 3),
    };
    let mut dst = BytesMut::from(&b"head"[..]);
    assert_eq!(pdukit_wire::bytes::put(&mut dst, &leave), Ok(8));
    assert_eq!(dst.len(), 12);
    let msg = &dst[4..];
    let mut slice = [0u8; 8];
    leave.emit(&mut slice).unwrap();
    assert_eq!(msg, &slice, "the same bytes as the slice API");
    let r: nom::IResult<&[u8], Message<'_>, Kept> = nom_parser(msg);
    assert_eq!(r, Ok((&[][..], leave)));
    // A failure carries pdukit's error, field and offset included.
    let r: nom::IResult<&[u8], Message<'_>, Kept> = nom_parser(&msg[..5]);
    assert_eq!(
        r,
        Err(nom::Err::Error(Kept(Some(ParseError::Truncated {
            field: name::HEADER,
            offset: 0,
            needed: 8,
            available: 5
        }))))
    );
}
