//! A protocol's one parse as a nom parser, for users who compose parsers with nom.
//!
//! The message takes the whole input (every pdukit message is delimited by its carrier), so the
//! remaining input is empty on success. A failure is `nom::Err::Error` built with
//! [`FromExternalError`], which carries the [`ParseError`] for error types that keep it.

use nom::error::{ErrorKind, FromExternalError};
use nom::IResult;

use crate::error::ParseError;
use crate::message::Parse;

/// Parse `input` as a `T` through its one parse.
pub fn parse<'a, T, E>(input: &'a [u8]) -> IResult<&'a [u8], T, E>
where
    T: Parse<'a>,
    E: nom::error::ParseError<&'a [u8]> + FromExternalError<&'a [u8], ParseError>,
{
    finish(input, T::parse(input))
}

/// A whole-input parse's result as nom's: the rest empty on success, the [`ParseError`] kept
/// through [`FromExternalError`] on failure. For parses that take more than the bytes (ICMPv6's
/// pseudo-header addresses).
pub fn finish<'a, T, E>(input: &'a [u8], result: Result<T, ParseError>) -> IResult<&'a [u8], T, E>
where
    E: nom::error::ParseError<&'a [u8]> + FromExternalError<&'a [u8], ParseError>,
{
    match result {
        Ok(v) => Ok((&input[input.len()..], v)),
        Err(e) => Err(nom::Err::Error(E::from_external_error(
            input,
            ErrorKind::Verify,
            e,
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Expected, Field};

    const SEVEN: &Field = &Field::new("test", "seven");

    /// A one-byte message that must be 7.
    #[derive(Debug, PartialEq)]
    struct Seven;
    impl<'a> Parse<'a> for Seven {
        fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
            match data {
                [7] => Ok(Seven),
                _ => Err(ParseError::Invalid {
                    field: SEVEN,
                    offset: 0,
                    found: data.len() as u32,
                    expected: Expected::Value(7),
                }),
            }
        }
    }

    #[test]
    fn success_consumes_all_and_failure_keeps_the_error() {
        let r: IResult<&[u8], Seven, (&[u8], ErrorKind)> = parse(&[7]);
        assert_eq!(r, Ok((&[][..], Seven)));
        // nom's own error type drops the external error; a user type keeps it.
        #[derive(Debug, PartialEq)]
        struct Mine(Option<ParseError>);
        impl<'a> nom::error::ParseError<&'a [u8]> for Mine {
            fn from_error_kind(_: &'a [u8], _: ErrorKind) -> Self {
                Mine(None)
            }
            fn append(_: &'a [u8], _: ErrorKind, o: Self) -> Self {
                o
            }
        }
        impl<'a> FromExternalError<&'a [u8], ParseError> for Mine {
            fn from_external_error(_: &'a [u8], _: ErrorKind, e: ParseError) -> Self {
                Mine(Some(e))
            }
        }
        let r: IResult<&[u8], Seven, Mine> = parse(&[1, 2]);
        match r {
            Err(nom::Err::Error(Mine(Some(e)))) => assert_eq!(e.offset(), 0),
            other => panic!("{other:?}"),
        }
    }
}
