//! What RFC 2516 asks of a client and an access concentrator, as builders that echo the right
//! tags, and a rule checker that reports violations without failing the parse.

use crate::packet::{Code, Discovery, DiscoveryWriter, MAX_PADI_PAYLOAD};
use crate::tags::TagType;
use pdukit_wire::BuildError;

/// What a PADR does with the PADO's AC-Cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cookie<'a> {
    /// Echo it, as RFC 2516 requires.
    Echo,
    /// Send this instead (to test that the AC validates its cookies).
    Replace(&'a [u8]),
    /// Leave it out.
    Omit,
}

/// A PADI asking for `service` (empty: any), with an optional Host-Uniq.
pub fn padi(buf: &mut [u8], service: &[u8], host_uniq: Option<&[u8]>) -> Result<usize, BuildError> {
    let mut w = DiscoveryWriter::new(buf, Code::PADI, 0)?;
    w.tag(TagType::SERVICE_NAME, service)?;
    if let Some(h) = host_uniq {
        w.tag(TagType::HOST_UNIQ, h)?;
    }
    Ok(w.finish())
}

/// A PADR answering `pado`: asks for `service`, echoes Host-Uniq (ours) and the PADO's
/// Relay-Session-Id, and does with its AC-Cookie what `cookie` says.
pub fn padr_from_pado(
    buf: &mut [u8],
    pado: &Discovery<'_>,
    service: &[u8],
    host_uniq: Option<&[u8]>,
    cookie: Cookie<'_>,
) -> Result<usize, BuildError> {
    let mut w = DiscoveryWriter::new(buf, Code::PADR, 0)?;
    w.tag(TagType::SERVICE_NAME, service)?;
    if let Some(h) = host_uniq {
        w.tag(TagType::HOST_UNIQ, h)?;
    }
    match (cookie, pado.find(TagType::AC_COOKIE)) {
        (Cookie::Echo, Some(c)) => {
            w.tag_from(&c)?;
        }
        (Cookie::Replace(v), _) => {
            w.tag(TagType::AC_COOKIE, v)?;
        }
        _ => {}
    }
    if let Some(r) = pado.find(TagType::RELAY_SESSION_ID) {
        w.tag_from(&r)?;
    }
    Ok(w.finish())
}

/// A PADO answering `padi`: our AC-Name, the requested Service-Name (if offered or if any was
/// asked) and every service offered, an AC-Cookie, and the PADI's Host-Uniq and
/// Relay-Session-Id echoed.
pub fn pado_from_padi(
    buf: &mut [u8],
    padi: &Discovery<'_>,
    ac_name: &[u8],
    services: &[&[u8]],
    cookie: &[u8],
) -> Result<usize, BuildError> {
    let mut w = DiscoveryWriter::new(buf, Code::PADO, 0)?;
    w.tag(TagType::AC_NAME, ac_name)?;
    let asked = padi.find(TagType::SERVICE_NAME).map(|t| t.value);
    if let Some(a) = asked {
        if !services.contains(&a) {
            w.tag(TagType::SERVICE_NAME, a)?;
        }
    }
    for s in services {
        w.tag(TagType::SERVICE_NAME, s)?;
    }
    w.tag(TagType::AC_COOKIE, cookie)?;
    for t in [TagType::HOST_UNIQ, TagType::RELAY_SESSION_ID] {
        if let Some(x) = padi.find(t) {
            w.tag_from(&x)?;
        }
    }
    Ok(w.finish())
}

/// A PADS answering `padr` with `session_id`: echoes its Service-Name, Host-Uniq and
/// Relay-Session-Id.
pub fn pads_from_padr(
    buf: &mut [u8],
    padr: &Discovery<'_>,
    session_id: u16,
) -> Result<usize, BuildError> {
    let mut w = DiscoveryWriter::new(buf, Code::PADS, session_id)?;
    for t in [
        TagType::SERVICE_NAME,
        TagType::HOST_UNIQ,
        TagType::RELAY_SESSION_ID,
    ] {
        if let Some(x) = padr.find(t) {
            w.tag_from(&x)?;
        }
    }
    Ok(w.finish())
}

/// A PADT for `session_id`, optionally with a Generic-Error text.
pub fn padt(
    buf: &mut [u8],
    session_id: u16,
    generic_error: Option<&str>,
) -> Result<usize, BuildError> {
    let mut w = DiscoveryWriter::new(buf, Code::PADT, session_id)?;
    if let Some(e) = generic_error {
        w.tag(TagType::GENERIC_ERROR, e.as_bytes())?;
    }
    Ok(w.finish())
}

/// An RFC 2516 rule a packet breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    /// A PADI must carry exactly one Service-Name (§5.1).
    PadiServiceNames {
        /// How many it carries.
        count: usize,
    },
    /// A PADI payload must stay within 1484 bytes (§5.1).
    PadiTooLong {
        /// Its payload length.
        length: usize,
    },
    /// PADI, PADO and PADR carry session id 0 (§5.1-5.3).
    SessionIdBeforePads {
        /// The code.
        code: Code,
        /// The session id found.
        session_id: u16,
    },
    /// A PADS assigns a session id other than 0 and 0xFFFF (§5.4), unless it refuses the
    /// service with a Service-Name-Error.
    PadsSessionId {
        /// The session id found.
        session_id: u16,
    },
    /// A PADT carries the session id it terminates (§5.5).
    PadtSessionZero,
    /// A PADO carries an AC-Name and a Service-Name (§5.2); a PADR a Service-Name (§5.3).
    MissingTag {
        /// The code.
        code: Code,
        /// The tag missing.
        tag: TagType,
    },
    /// A reply must echo this tag of the request (Host-Uniq, Relay-Session-Id; a PADR echoes
    /// the PADO's AC-Cookie).
    NotEchoed {
        /// The tag.
        tag: TagType,
    },
    /// A code PPPoE discovery does not define.
    UnknownCode(Code),
}

/// Violations found, in order: the first 8 kept, the rest counted (`dropped`).
pub type Violations = pdukit_wire::Bounded<Violation, 8>;

/// Checks one packet against the rules that need no other packet.
pub fn check(d: &Discovery<'_>) -> Violations {
    let mut v = Violations::default();
    let code = d.code();
    let count = |t: TagType| d.tags().filter(|x| x.tag_type == t).count();
    let sid = d.header.session_id;
    if matches!(code, Code::PADI | Code::PADO | Code::PADR) && sid != 0 {
        v.push(Violation::SessionIdBeforePads {
            code,
            session_id: sid,
        });
    }
    match code {
        Code::PADI => {
            let n = count(TagType::SERVICE_NAME);
            if n != 1 {
                v.push(Violation::PadiServiceNames { count: n });
            }
            let len = usize::from(d.header.length);
            if len > MAX_PADI_PAYLOAD {
                v.push(Violation::PadiTooLong { length: len });
            }
        }
        Code::PADO => {
            for t in [TagType::AC_NAME, TagType::SERVICE_NAME] {
                if count(t) == 0 {
                    v.push(Violation::MissingTag { code, tag: t });
                }
            }
        }
        Code::PADR => {
            if count(TagType::SERVICE_NAME) == 0 {
                v.push(Violation::MissingTag {
                    code,
                    tag: TagType::SERVICE_NAME,
                });
            }
        }
        Code::PADS => {
            let refused = count(TagType::SERVICE_NAME_ERROR) > 0;
            if !refused && (sid == 0 || sid == 0xffff) {
                v.push(Violation::PadsSessionId { session_id: sid });
            }
        }
        Code::PADT => {
            if sid == 0 {
                v.push(Violation::PadtSessionZero);
            }
        }
        Code::PADG | Code::PADC | Code::PADQ | Code::PADM | Code::PADN => {}
        other => v.push(Violation::UnknownCode(other)),
    }
    v
}

/// Checks that `reply` echoes what it must of `request`: Host-Uniq and Relay-Session-Id
/// (PADO for a PADI, PADS for a PADR), and, for a PADR answering a PADO, the AC-Cookie.
pub fn check_reply(reply: &Discovery<'_>, request: &Discovery<'_>) -> Violations {
    let mut v = Violations::default();
    let mut echoed = |t: TagType| {
        if let Some(want) = request.find(t) {
            if !reply.tags().any(|x| x == want) {
                v.push(Violation::NotEchoed { tag: t });
            }
        }
    };
    match (request.code(), reply.code()) {
        (Code::PADI, Code::PADO) | (Code::PADR, Code::PADS) => {
            echoed(TagType::HOST_UNIQ);
            echoed(TagType::RELAY_SESSION_ID);
        }
        (Code::PADO, Code::PADR) => {
            echoed(TagType::AC_COOKIE);
            echoed(TagType::RELAY_SESSION_ID);
        }
        _ => {}
    }
    v
}
