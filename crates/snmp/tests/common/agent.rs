//! A scripted SNMP agent for tests: a MIB of owned values answering Get, GetNext, GetBulk and
//! Set the way RFC 3416 says, built with the crate, plus the quirks real agents have and snmpd
//! will not produce (non-increasing OIDs, a loop, `tooBig`, empty answers, cut GetBulk answers,
//! silence). Answers in-process ([`Agent::answer`]) or over UDP on 127.0.0.1 ([`serve`]).
#![allow(dead_code)]

use core::net::SocketAddr;
use core::sync::atomic::{AtomicBool, Ordering};
use core::time::Duration;
use std::net::UdpSocket;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use pdukit_snmp::ifmib::{if_entry, if_x_entry, instance, Table};
use pdukit_snmp::{
    ErrorStatus, Message, Oid, OidBuf, Pdu, StandardPdu, Value, VarBind, VarBinds, Version,
};

/// An owned value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Int(i32),
    Str(Vec<u8>),
    Gauge(u32),
    Ticks(u32),
    C32(u32),
    C64(u64),
}

impl Val {
    pub fn value(&self) -> Value<'_> {
        match self {
            Val::Int(v) => Value::Integer(*v),
            Val::Str(s) => Value::OctetString(s),
            Val::Gauge(v) => Value::Gauge32(*v),
            Val::Ticks(v) => Value::TimeTicks(*v),
            Val::C32(v) => Value::Counter32(*v),
            Val::C64(v) => Value::Counter64(*v),
        }
    }
}

/// How the agent misbehaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quirk {
    /// None: RFC 3416.
    None,
    /// The MIB is served in the order given, not sorted: the next of an OID is the entry after
    /// it in the list (an agent whose table is not in index order).
    ListOrder,
    /// Like `ListOrder`, and after the last entry the first comes again: an agent that loops.
    Loop,
    /// Every answer has an empty varbind list.
    Empty,
    /// Never answers (what a wrong community or a dead agent looks like).
    Silent,
    /// A table that never ends: after each column's last row come rows n+1, n+2, ... forever
    /// (an ifIndex that keeps growing).
    Endless,
    /// Answers a SET noError (with its varbinds) and changes nothing: a false success.
    SetNotApplied,
    /// Answers a SET noError with no varbinds and changes nothing.
    SetEmpty,
}

pub struct Agent {
    /// The MIB, sorted unless a quirk says otherwise.
    pub mib: Vec<(OidBuf, Val)>,
    pub community: Vec<u8>,
    /// The read-write community; SETs through `community` get noAccess.
    pub write_community: Vec<u8>,
    pub quirk: Quirk,
    /// A GetBulk whose answer would hold more varbinds is answered `tooBig`.
    pub too_big_above: Option<usize>,
    /// GetBulk answers are cut to at most this many varbinds (the last row partial).
    pub cut_bulk_at: Option<usize>,
    /// Requests answered.
    pub requests: usize,
    /// Varbinds in every answer, summed.
    pub varbinds_sent: usize,
}

impl Agent {
    pub fn new(mib: Vec<(OidBuf, Val)>) -> Agent {
        Agent {
            mib,
            community: b"public".to_vec(),
            write_community: b"private".to_vec(),
            quirk: Quirk::None,
            too_big_above: None,
            cut_bulk_at: None,
            requests: 0,
            varbinds_sent: 0,
        }
    }

    /// An agent with `n` interfaces (ifIndex 1..=n) in ifTable and ifXTable, every status
    /// column and the counters; `skip_alias` leaves those ifIndex out of ifAlias (a sparse
    /// column).
    pub fn interfaces(n: u32, skip_alias: &[u32]) -> Agent {
        let mut mib = Vec::new();
        let mut put = |t: Table, c: u32, i: u32, v: Val| mib.push((instance(t, c, i).unwrap(), v));
        for i in 1..=n {
            let up = i % 3 != 0;
            put(
                Table::IfTable,
                if_entry::DESCR,
                i,
                Val::Str(format!("port{i}").into_bytes()),
            );
            put(Table::IfTable, if_entry::TYPE, i, Val::Int(6));
            put(Table::IfTable, if_entry::MTU, i, Val::Int(1500));
            put(Table::IfTable, if_entry::SPEED, i, Val::Gauge(u32::MAX));
            let mac = [2, 0, 0, (i >> 16) as u8, (i >> 8) as u8, i as u8];
            put(
                Table::IfTable,
                if_entry::PHYS_ADDRESS,
                i,
                Val::Str(mac.to_vec()),
            );
            put(
                Table::IfTable,
                if_entry::ADMIN_STATUS,
                i,
                Val::Int(if i % 5 == 0 { 2 } else { 1 }),
            );
            put(
                Table::IfTable,
                if_entry::OPER_STATUS,
                i,
                Val::Int(if up { 1 } else { 2 }),
            );
            put(
                Table::IfTable,
                if_entry::LAST_CHANGE,
                i,
                Val::Ticks(i * 100),
            );
            put(Table::IfTable, if_entry::IN_OCTETS, i, Val::C32(i * 1000));
            put(
                Table::IfXTable,
                if_x_entry::NAME,
                i,
                Val::Str(format!("ge-0/0/{i}").into_bytes()),
            );
            put(
                Table::IfXTable,
                if_x_entry::HC_IN_OCTETS,
                i,
                Val::C64(u64::from(i) << 33),
            );
            put(
                Table::IfXTable,
                if_x_entry::HIGH_SPEED,
                i,
                Val::Gauge(10_000),
            );
            if !skip_alias.contains(&i) {
                put(
                    Table::IfXTable,
                    if_x_entry::ALIAS,
                    i,
                    Val::Str(format!("uplink {i}").into_bytes()),
                );
            }
        }
        mib.sort_by(|a, b| a.0.as_oid().cmp(&b.0.as_oid()));
        Agent::new(mib)
    }

    fn sorted(&self) -> bool {
        !matches!(self.quirk, Quirk::ListOrder | Quirk::Loop)
    }

    /// The position of the entry after `oid`.
    fn next_of(&self, oid: &Oid<'_>) -> Option<usize> {
        if self.sorted() {
            let p = self.mib.partition_point(|(o, _)| o.as_oid() <= *oid);
            return (p < self.mib.len()).then_some(p);
        }
        let p = match self.mib.iter().position(|(o, _)| o.as_oid() == *oid) {
            Some(p) => p + 1,
            None => self.mib.iter().position(|(o, _)| o.as_oid() > *oid)?,
        };
        match (p < self.mib.len(), self.quirk) {
            (true, _) => Some(p),
            (false, Quirk::Loop) => Some(0),
            (false, _) => None,
        }
    }

    /// The next OID and its value (a MIB position, or a made-up value for `Quirk::Endless`).
    fn next_or_endless(&self, oid: &Oid<'_>) -> Option<(OidBuf, Result<usize, Value<'static>>)> {
        let next = self.next_of(oid).map(|p| (self.mib[p].0, Ok(p)));
        if self.quirk != Quirk::Endless {
            return next;
        }
        let arcs: Vec<u32> = oid.arcs().collect();
        let column = |a: &[u32]| a[..a.len().saturating_sub(1)].to_vec();
        if let Some((o, p)) = next {
            let n: Vec<u32> = o.as_oid().arcs().collect();
            // Inside the cursor's column, or the first row of a column named by its own OID.
            if column(&n) == column(&arcs) || column(&n) == arcs {
                return Some((o, p));
            }
        }
        let last = *arcs.last()?;
        let text: Vec<String> = column(&arcs)
            .iter()
            .chain(core::iter::once(&(last + 1)))
            .map(u32::to_string)
            .collect();
        Some((text.join(".").parse().ok()?, Err(Value::Integer(1))))
    }

    fn find(&self, oid: &Oid<'_>) -> Option<usize> {
        self.mib.iter().position(|(o, _)| o.as_oid() == *oid)
    }

    /// The answer to `request`, or `None` (not for us, or silent).
    pub fn answer(&mut self, request: &[u8]) -> Option<Vec<u8>> {
        let m = Message::parse(request).ok()?;
        let Message::Community {
            version,
            community,
            pdu,
        } = m
        else {
            return None;
        };
        let writer = community == self.write_community.as_slice();
        if self.quirk == Quirk::Silent || (community != self.community.as_slice() && !writer) {
            return None;
        }
        self.requests += 1;
        let mut status = ErrorStatus::NO_ERROR;
        let mut index = 0;
        // Answer varbinds as (name, mib position or an exception).
        let mut out: Vec<(OidBuf, Result<usize, Value<'static>>)> = Vec::new();
        let (request_id, vbs) = match pdu {
            Pdu::Get(p) | Pdu::GetNext(p) | Pdu::Set(p) => (p.request_id, p.varbinds),
            Pdu::GetBulk(b) => (b.request_id, b.varbinds),
            _ => return None,
        };
        let names: Vec<OidBuf> = vbs.iter().map(|v| v.unwrap().name.to_buf()).collect();
        match pdu {
            Pdu::Get(_) => {
                for n in &names {
                    out.push((*n, self.find(&n.as_oid()).ok_or(Value::NoSuchInstance)));
                }
            }
            Pdu::GetNext(_) => {
                for (j, n) in names.iter().enumerate() {
                    match self.next_or_endless(&n.as_oid()) {
                        Some(x) => out.push(x),
                        None if version == Version::V1 => {
                            status = ErrorStatus::NO_SUCH_NAME;
                            index = j as i32 + 1;
                            break;
                        }
                        None => out.push((*n, Err(Value::EndOfMibView))),
                    }
                }
                if status != ErrorStatus::NO_ERROR {
                    out = names.iter().map(|n| (*n, Err(Value::Null))).collect();
                }
            }
            Pdu::GetBulk(b) => {
                let reps = b.max_repetitions.max(0) as usize;
                if let Some(limit) = self.too_big_above {
                    if reps * names.len() > limit {
                        return Some(self.response(
                            version,
                            request_id,
                            ErrorStatus::TOO_BIG,
                            0,
                            &[],
                        ));
                    }
                }
                let mut cursors: Vec<Option<OidBuf>> = names.iter().map(|n| Some(*n)).collect();
                'rows: for _ in 0..reps {
                    for (j, c) in cursors.iter_mut().enumerate() {
                        match c.and_then(|o| self.next_or_endless(&o.as_oid())) {
                            Some((o, v)) => {
                                *c = Some(o);
                                out.push((o, v));
                            }
                            None => {
                                *c = None;
                                out.push((names[j], Err(Value::EndOfMibView)));
                            }
                        }
                    }
                    if cursors.iter().all(Option::is_none) {
                        break 'rows;
                    }
                }
                if let Some(cut) = self.cut_bulk_at {
                    out.truncate(cut);
                }
            }
            Pdu::Set(p) => {
                for (j, vb) in p.varbinds.iter().enumerate() {
                    let vb = vb.unwrap();
                    let at = self.find(&vb.name);
                    let fail = match (writer, at, vb.value) {
                        (false, _, _) => Some(ErrorStatus::NO_ACCESS),
                        (true, None, _) => Some(ErrorStatus::NOT_WRITABLE),
                        (true, Some(_), Value::Integer(1 | 2)) => None,
                        (true, Some(_), _) => Some(ErrorStatus::WRONG_VALUE),
                    };
                    if let Some(f) = fail {
                        status = f;
                        index = j as i32 + 1;
                        break;
                    }
                }
                let apply = !matches!(self.quirk, Quirk::SetNotApplied | Quirk::SetEmpty);
                if status == ErrorStatus::NO_ERROR && apply {
                    for vb in p.varbinds.iter() {
                        let vb = vb.unwrap();
                        let at = self.find(&vb.name).unwrap();
                        if let Value::Integer(v) = vb.value {
                            self.mib[at].1 = Val::Int(v);
                            // The port follows: oper goes with admin.
                            let mut oper = vb.name.to_string();
                            if let Some(s) = oper.strip_prefix("1.3.6.1.2.1.2.2.1.7.") {
                                oper = format!("1.3.6.1.2.1.2.2.1.8.{s}");
                                let o: OidBuf = oper.parse().unwrap();
                                if let Some(k) = self.find(&o.as_oid()) {
                                    self.mib[k].1 = Val::Int(v);
                                }
                            }
                        }
                    }
                }
                out = names
                    .iter()
                    .enumerate()
                    .map(|(j, n)| {
                        let v = p.varbinds.iter().nth(j).unwrap().unwrap().value;
                        (
                            *n,
                            Err(match v {
                                Value::Integer(i) => Value::Integer(i),
                                _ => Value::Null,
                            }),
                        )
                    })
                    .collect();
            }
            _ => return None,
        }
        if self.quirk == Quirk::Empty
            || (self.quirk == Quirk::SetEmpty && matches!(pdu, Pdu::Set(_)))
        {
            out.clear();
        }
        let vbs: Vec<VarBind<'_>> = out
            .iter()
            .map(|(n, v)| VarBind {
                name: n.as_oid(),
                value: match v {
                    Ok(p) => self.mib[*p].1.value(),
                    Err(e) => *e,
                },
            })
            .collect();
        self.varbinds_sent += vbs.len();
        Some(self.response(version, request_id, status, index, &vbs))
    }

    fn response(
        &self,
        version: Version,
        request_id: i32,
        status: ErrorStatus,
        index: i32,
        vbs: &[VarBind<'_>],
    ) -> Vec<u8> {
        let m = Message::Community {
            version,
            community: &self.community,
            pdu: Pdu::Response(StandardPdu {
                request_id,
                error_status: status,
                error_index: index,
                varbinds: VarBinds::from_list(vbs),
            }),
        };
        let mut b = vec![0u8; m.buffer_len()];
        m.emit(&mut b).unwrap();
        b
    }
}

/// An agent served over UDP on 127.0.0.1 until dropped.
pub struct Served {
    pub addr: SocketAddr,
    pub agent: Arc<Mutex<Agent>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

pub fn serve(agent: Agent) -> Served {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let addr = sock.local_addr().unwrap();
    let agent = Arc::new(Mutex::new(agent));
    let stop = Arc::new(AtomicBool::new(false));
    let (a, s) = (agent.clone(), stop.clone());
    let thread = std::thread::spawn(move || {
        let mut buf = vec![0u8; 65535];
        while !s.load(Ordering::Relaxed) {
            let Ok((n, from)) = sock.recv_from(&mut buf) else {
                continue;
            };
            let reply = a.lock().unwrap().answer(&buf[..n]);
            if let Some(r) = reply {
                let _ = sock.send_to(&r, from);
            }
        }
    });
    Served {
        addr,
        agent,
        stop,
        thread: Some(thread),
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
