//! `pdukit ifstatus`: a switch's interfaces with admin and oper status over SNMP v2c (or v1),
//! and a port shut or enabled by a SET of ifAdminStatus. The walk is pdukit-snmp's sans-IO
//! walker; this file owns the socket, the timeouts and retries, and the table's storage.

use core::net::SocketAddr;
use core::time::Duration;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::net::{ToSocketAddrs, UdpSocket};
use std::time::Instant;

use pdukit_snmp::ifmib::{
    self, if_entry, if_x_entry, instance, set_admin_status, set_result, AdminStatus, Interface,
    Interfaces, OperStatus, SetError, Table, STATUS_COLUMNS,
};
use pdukit_snmp::walk::{Step, Walk};
use pdukit_snmp::{
    ErrorStatus, Message, OidBuf, Pdu, StandardPdu, Value, VarBind, VarBinds, Version,
};

/// Exit codes (also in `--help`).
pub mod code {
    /// No answer within the timeout and retries (also what a wrong community looks like).
    pub const NO_ANSWER: u8 = 3;
    /// The agent answered with an error, or answers the walk cannot go on from.
    pub const AGENT_ERROR: u8 = 4;
    /// The ifIndex is not in the agent's ifTable.
    pub const UNKNOWN_IF_INDEX: u8 = 5;
    /// The agent refused the SET (read-only community, notWritable, ...), or acknowledged it
    /// without applying it.
    pub const SET_REFUSED: u8 = 6;
    /// The table has more rows than `--max-rows` (an agent whose table may never end).
    pub const TOO_MANY_ROWS: u8 = 7;
    /// The walk took longer than `--deadline`.
    pub const DEADLINE: u8 = 8;
}

/// A failure: exit code and message.
pub struct Failure(pub u8, pub String);

/// What to do.
pub struct Options {
    pub target: String,
    pub community: String,
    pub v1: bool,
    pub json: bool,
    pub timeout: Duration,
    pub retries: u32,
    pub max_repetitions: u32,
    pub max_rows: u32,
    pub deadline: Duration,
    pub shutdown: Option<u32>,
    pub no_shutdown: Option<u32>,
}

/// HOST, HOST:PORT, an IPv6 address in brackets with a port, or a bare IPv6 address; port 161 by
/// default.
fn resolve(target: &str) -> Result<SocketAddr, Failure> {
    let bad = |e: String| Failure(2, format!("{target}: {e}"));
    if let Ok(ip) = target.parse::<core::net::IpAddr>() {
        return Ok(SocketAddr::new(ip, 161));
    }
    let with_port = if target
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
    {
        target.to_string()
    } else {
        format!("{target}:161")
    };
    with_port
        .to_socket_addrs()
        .map_err(|e| bad(e.to_string()))?
        .next()
        .ok_or_else(|| bad("no address".into()))
}

struct Session {
    sock: UdpSocket,
    peer: SocketAddr,
    timeout: Duration,
    retries: u32,
    buf: Vec<u8>,
}

impl Session {
    fn new(o: &Options) -> Result<Session, Failure> {
        let peer = resolve(&o.target)?;
        let local = if peer.is_ipv4() {
            "0.0.0.0:0"
        } else {
            "[::]:0"
        };
        let sock = UdpSocket::bind(local).map_err(|e| Failure(1, format!("socket: {e}")))?;
        Ok(Session {
            sock,
            peer,
            timeout: o.timeout,
            retries: o.retries,
            buf: vec![0u8; 65535],
        })
    }

    /// Sends `request` (retransmitted on timeout) until `accept` takes an answer: `accept`
    /// returns `None` for an answer to ignore (another request-id).
    fn exchange<T>(
        &mut self,
        request: &[u8],
        mut accept: impl FnMut(&[u8]) -> Option<T>,
    ) -> Result<T, Failure> {
        // Datagrams from the agent that were no answer to this request (garbage, another
        // request-id): when nothing else comes, the failure says so instead of "no answer".
        let mut unreadable = 0u32;
        for _ in 0..=self.retries {
            self.sock
                .send_to(request, self.peer)
                .map_err(|e| Failure(1, format!("send to {}: {e}", self.peer)))?;
            let deadline = Instant::now() + self.timeout;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                self.sock
                    .set_read_timeout(Some(left))
                    .map_err(|e| Failure(1, e.to_string()))?;
                let Ok((n, from)) = self.sock.recv_from(&mut self.buf) else {
                    break;
                };
                if from != self.peer {
                    continue;
                }
                if let Some(t) = accept(&self.buf[..n]) {
                    return Ok(t);
                }
                unreadable = unreadable.saturating_add(1);
            }
        }
        if unreadable > 0 {
            return Err(Failure(
                code::AGENT_ERROR,
                format!(
                    "{} sent {unreadable} datagrams, none a readable answer to this request \
                     (not SNMP, or another request-id)",
                    self.peer
                ),
            ));
        }
        Err(Failure(
            code::NO_ANSWER,
            format!(
                "no answer from {} after {} tries of {:?} (is the agent up, the community right?)",
                self.peer,
                self.retries + 1,
                self.timeout
            ),
        ))
    }
}

/// Runs the command.
pub fn run(o: &Options) -> Result<(), Failure> {
    let version = if o.v1 { Version::V1 } else { Version::V2c };
    let mut s = Session::new(o)?;
    let port = match (o.shutdown, o.no_shutdown) {
        (Some(i), None) => Some((i, AdminStatus::DOWN)),
        (None, Some(i)) => Some((i, AdminStatus::UP)),
        (None, None) => None,
        (Some(_), Some(_)) => {
            return Err(Failure(2, "--shutdown and --no-shutdown together".into()))
        }
    };
    match port {
        None => {
            let rows = walk(&mut s, o, version)?;
            let view: BTreeMap<u32, Interface<'_>> = rows.iter().map(|r| (r.if_index, r)).collect();
            print_table(&view, o.json)
        }
        Some((if_index, to)) => set_port(&mut s, o, version, if_index, to),
    }
}

/// Walks the tables into owned rows, keyed by ifIndex; stops at `--max-rows` rows (exit 7) and
/// at `--deadline` (exit 8), whatever the agent sends.
fn walk(s: &mut Session, o: &Options, version: Version) -> Result<Interfaces, Failure> {
    let mut w: Walk<'_, 16> = ifmib::walk(version, o.community.as_bytes(), &STATUS_COLUMNS)
        .map_err(|e| Failure(1, e.to_string()))?
        .max_repetitions(o.max_repetitions)
        .max_rows(o.max_rows)
        .first_request_id(first_request_id());
    let started = Instant::now();
    // Owned rows (the strings copied out): no answer is kept, memory per row stays small.
    let mut rows = Interfaces::new();
    let mut req = vec![0u8; 65507];
    let progress = std::io::stderr().is_terminal();
    let mut shown = Instant::now();
    while let Some(len) = w.request(&mut req).map_err(|e| Failure(1, e.to_string()))? {
        if started.elapsed() > o.deadline {
            if progress {
                eprint!("\r\x1b[K");
            }
            return Err(Failure(
                code::DEADLINE,
                format!(
                    "{}: the walk took longer than --deadline {:?} ({} rows, {} requests so far): stopped",
                    s.peer,
                    o.deadline,
                    rows.len(),
                    w.requests()
                ),
            ));
        }
        // The exchange may end early: the time left is also the socket's limit.
        let left = o.deadline.saturating_sub(started.elapsed());
        s.timeout = s.timeout.min(left.max(Duration::from_millis(1)));
        let answer = s.exchange(&req[..len], |a| {
            match w.receive(a, |c| {
                rows.apply(&c.name, &c.value);
            }) {
                Ok(Step::Stale) => None,
                Ok(_) => Some(Ok(())),
                Err(e) => {
                    let at = match e {
                        pdukit_snmp::walk::WalkError::NotIncreasing { column, .. } => format!(
                            " ({}; previous: {})",
                            w.rejected().map(|o| o.to_string()).unwrap_or_default(),
                            w.cursor(column).map(|o| o.to_string()).unwrap_or_default()
                        ),
                        _ => String::new(),
                    };
                    let code = match e {
                        pdukit_snmp::walk::WalkError::TooManyRows { .. } => code::TOO_MANY_ROWS,
                        _ => code::AGENT_ERROR,
                    };
                    Some(Err((code, format!("{e}{at}"))))
                }
            }
        });
        let answer = match answer {
            Err(Failure(code::NO_ANSWER, _)) if started.elapsed() > o.deadline => Err((
                code::DEADLINE,
                format!(
                    "the walk took longer than --deadline {:?} ({} rows, {} requests so far): stopped",
                    o.deadline,
                    rows.len(),
                    w.requests()
                ),
            )),
            Err(f) => return Err(f),
            Ok(a) => a,
        };
        answer.map_err(|(c, e)| Failure(c, format!("{}: {e}", s.peer)))?;
        if progress && shown.elapsed() > Duration::from_millis(200) {
            eprint!(
                "\rwalking {}: {} interfaces, {} requests",
                s.peer,
                rows.len(),
                w.requests()
            );
            shown = Instant::now();
        }
    }
    if progress && w.requests() > 0 {
        eprint!("\r\x1b[K");
    }
    Ok(rows)
}

fn first_request_id() -> i32 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(1);
    ((t ^ std::process::id()) & 0x3fff_ffff) as i32 | 1
}

/// An agent's string, escaped for the terminal (an ifAlias may hold escape sequences or a
/// newline that would forge a row).
fn text(b: Option<&[u8]>) -> String {
    b.map(crate::text::escape_bytes).unwrap_or_default()
}

/// ifName, else ifDescr.
fn name(r: &Interface<'_>) -> String {
    text(r.name.filter(|n| !n.is_empty()).or(r.descr))
}

fn speed(bps: Option<u64>) -> String {
    match bps {
        None => "-".into(),
        Some(0) => "0".into(),
        Some(b) if b % 1_000_000_000 == 0 => format!("{}G", b / 1_000_000_000),
        Some(b) if b % 1_000_000 == 0 => format!("{}M", b / 1_000_000),
        Some(b) if b % 1_000 == 0 => format!("{}k", b / 1_000),
        Some(b) => b.to_string(),
    }
}

/// TimeTicks as net-snmp prints them: d:hh:mm:ss.cc (days only when there are some).
pub fn ticks(t: u32) -> String {
    let (cs, s) = (t % 100, t / 100);
    let (d, h, m, s) = (s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    if d > 0 {
        format!("{d}:{h:02}:{m:02}:{s:02}.{cs:02}")
    } else {
        format!("{h}:{m:02}:{s:02}.{cs:02}")
    }
}

fn status<T: core::fmt::Display>(v: Option<T>) -> String {
    v.map_or("-".into(), |v| v.to_string())
}

fn json_row(r: &Interface<'_>) -> serde_json::Value {
    serde_json::json!({
        "ifIndex": r.if_index,
        "ifDescr": r.descr.map(|b| String::from_utf8_lossy(b).into_owned()),
        "ifName": r.name.map(|b| String::from_utf8_lossy(b).into_owned()),
        "ifAlias": r.alias.map(|b| String::from_utf8_lossy(b).into_owned()),
        "ifType": r.if_type.map(|t| t.0),
        "ifMtu": r.mtu,
        "ifSpeed": r.if_speed,
        "ifHighSpeed": r.high_speed,
        "speed": r.speed(),
        "ifPhysAddress": r.phys_address.map(|m| m.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")),
        "ifAdminStatus": r.admin.map(|a| a.0),
        "admin": r.admin.map(|a| a.to_string()),
        "ifOperStatus": r.oper.map(|a| a.0),
        "oper": r.oper.map(|a| a.to_string()),
        "ifLastChange": r.last_change,
    })
}

fn print_table(rows: &BTreeMap<u32, Interface<'_>>, json: bool) -> Result<(), Failure> {
    use core::fmt::Write as _;
    let mut out = String::new();
    if json {
        // Row by row: one row's JSON value at a time, never the whole table's.
        out.push('[');
        for (k, r) in rows.values().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str(&json_row(r).to_string());
        }
        out.push_str("]\n");
        return emit(&out);
    }
    let w = rows
        .values()
        .map(|r| name(r).chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let wa = rows
        .values()
        .map(|r| text(r.alias).chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let _ = writeln!(
        out,
        "{:>7}  {:<w$}  {:<wa$}  {:<8} {:<14} {:>6}  last change",
        "ifIndex", "name", "alias", "admin", "oper", "speed"
    );
    for r in rows.values() {
        let _ = writeln!(
            out,
            "{:>7}  {:<w$}  {:<wa$}  {:<8} {:<14} {:>6}  {}",
            r.if_index,
            name(r),
            text(r.alias),
            status(r.admin),
            status(r.oper),
            speed(r.speed()),
            r.last_change.map_or("-".into(), ticks),
        );
    }
    let _ = writeln!(out, "{} interfaces", rows.len());
    emit(&out)
}

/// Writes the table; a closed stdout (`| head`) is not a failure.
fn emit(s: &str) -> Result<(), Failure> {
    match crate::print_out(s) {
        Err(e) if e == crate::STDOUT_CLOSED => Ok(()),
        Err(e) => Err(Failure(1, e)),
        Ok(()) => Ok(()),
    }
}

/// Gets `names` in one request; the answer's response PDU values, owned as (name, value).
fn get(
    s: &mut Session,
    version: Version,
    community: &[u8],
    names: &[OidBuf],
) -> Result<(ErrorStatus, Vec<(OidBuf, Owned)>), Failure> {
    let id = first_request_id();
    let vbs: Vec<VarBind<'_>> = names
        .iter()
        .map(|n| VarBind {
            name: n.as_oid(),
            value: Value::Null,
        })
        .collect();
    let m = Message::Community {
        version,
        community,
        pdu: Pdu::Get(StandardPdu {
            request_id: id,
            error_status: ErrorStatus::NO_ERROR,
            error_index: 0,
            varbinds: VarBinds::from_list(&vbs),
        }),
    };
    let mut req = vec![0u8; m.buffer_len()];
    m.emit(&mut req).map_err(|e| Failure(1, e.to_string()))?;
    s.exchange(&req, |a| {
        let m = Message::parse_lax(a).ok()?;
        let Some(Pdu::Response(r)) = m.pdu() else {
            return None;
        };
        if r.request_id != id {
            return None;
        }
        let v = r
            .varbinds
            .iter()
            .flatten()
            .map(|vb| (vb.name.to_buf(), Owned::of(&vb.value)))
            .collect();
        Some((r.error_status, v))
    })
}

/// The values a port's status needs, owned.
#[derive(Clone, Debug, PartialEq)]
enum Owned {
    Int(i32),
    Text(String),
    Missing,
    Other,
}

impl Owned {
    fn of(v: &Value<'_>) -> Owned {
        match *v {
            Value::Integer(i) => Owned::Int(i),
            // Shown in text only: escaped for the terminal.
            Value::OctetString(s) => Owned::Text(crate::text::escape_bytes(s)),
            Value::NoSuchInstance | Value::NoSuchObject | Value::EndOfMibView => Owned::Missing,
            _ => Owned::Other,
        }
    }
}

/// (name, admin, oper) of a port; exit 5 when the agent has no such ifIndex.
fn port_status(
    s: &mut Session,
    version: Version,
    community: &[u8],
    if_index: u32,
) -> Result<(String, Option<AdminStatus>, Option<OperStatus>), Failure> {
    let inst = |t, c| instance(t, c, if_index).map_err(|e| Failure(1, e.to_string()));
    let names = [
        inst(Table::IfTable, if_entry::DESCR)?,
        inst(Table::IfTable, if_entry::ADMIN_STATUS)?,
        inst(Table::IfTable, if_entry::OPER_STATUS)?,
    ];
    let (st, v) = get(s, version, community, &names)?;
    let unknown = || {
        Failure(
            code::UNKNOWN_IF_INDEX,
            format!("{}: no interface with ifIndex {if_index}", s.peer),
        )
    };
    match st {
        ErrorStatus::NO_ERROR => {}
        ErrorStatus::NO_SUCH_NAME => return Err(unknown()),
        e => {
            return Err(Failure(
                code::AGENT_ERROR,
                format!("{}: the agent answered {e}", s.peer),
            ))
        }
    }
    if v.len() != 3 || v.iter().any(|(_, x)| *x == Owned::Missing) {
        return Err(unknown());
    }
    // ifName from ifXTable when the agent has it.
    let x = inst(Table::IfXTable, if_x_entry::NAME)?;
    let name = match get(s, version, community, &[x]) {
        Ok((ErrorStatus::NO_ERROR, n)) => match n.first() {
            Some((_, Owned::Text(t))) if !t.is_empty() => Some(t.clone()),
            _ => None,
        },
        _ => None,
    };
    let descr = match &v[0].1 {
        Owned::Text(t) => t.clone(),
        _ => String::new(),
    };
    let int = |i: usize| match v[i].1 {
        Owned::Int(x) => Some(x),
        _ => None,
    };
    Ok((
        name.unwrap_or(descr),
        int(1).map(AdminStatus),
        int(2).map(OperStatus),
    ))
}

fn set_port(
    s: &mut Session,
    o: &Options,
    version: Version,
    if_index: u32,
    to: AdminStatus,
) -> Result<(), Failure> {
    let community = o.community.as_bytes();
    let (name, admin, oper) = port_status(s, version, community, if_index)?;
    println!(
        "before: ifIndex {if_index} ({name}) admin {} oper {}",
        status(admin),
        status(oper)
    );
    let id = first_request_id();
    let mut req = vec![0u8; 1500];
    let n = set_admin_status(&mut req, version, community, id, if_index, to)
        .map_err(|e| Failure(1, e.to_string()))?;
    let r = s.exchange(&req[..n], |a| {
        let m = Message::parse_lax(a).ok()?;
        match set_result(&m, id, if_index) {
            Err(SetError::NotAnAnswer { .. }) => None,
            r => Some(r),
        }
    })?;
    if let Err(e) = r {
        return Err(Failure(code::SET_REFUSED, format!("{}: {e}", s.peer)));
    }
    // The agent may take a moment to show the port's new state (snmpd caches its ifTable).
    let deadline = Instant::now() + Duration::from_secs(5);
    let (mut admin, mut oper);
    loop {
        (_, admin, oper) = port_status(s, version, community, if_index)?;
        // Down: oper leaves up. Up: oper follows when the link has a carrier (else the 5 s
        // pass and the port shows what it is, e.g. lowerLayerDown).
        let settled =
            admin == Some(to) && (to == AdminStatus::UP) == (oper == Some(OperStatus::UP));
        if settled || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    println!(
        "after:  ifIndex {if_index} ({name}) admin {} oper {}",
        status(admin),
        status(oper)
    );
    if admin != Some(to) {
        // The agent said yes; the port says otherwise. Never a success.
        return Err(Failure(
            code::SET_REFUSED,
            format!(
                "{}: the agent acknowledged the SET, but ifAdminStatus.{if_index} is still {}: not applied",
                s.peer,
                status(admin)
            ),
        ));
    }
    Ok(())
}
