//! A sans-IO table walker: it writes each request into the caller's buffer and consumes each
//! answer, yielding the table's cells; the caller owns the socket, the timeouts and the retries.
//!
//! One walk follows up to `N` columns at once (GetBulk for v2c, GetNext for v1), each with its
//! own cursor. The rules (RFC 3416 §4.2.3, RFC 2578 §7.8 ordering, and what real agents do):
//!
//! - a column ends when an answer's OID leaves the column's subtree, on `endOfMibView`,
//!   `noSuchObject` or `noSuchInstance`, and on a v1 `noSuchName` naming its varbind; the next
//!   request asks only for the columns still open, and the walk is done when none is;
//! - every OID must be greater than the previous one in its column, else
//!   [`WalkError::NotIncreasing`]; [`Walk::tolerate_non_increasing`] accepts at most a
//!   caller-given number of them, so an agent that loops can never make a walk loop forever;
//! - the varbinds of a GetBulk answer are the open columns in request order, repeated: the last
//!   row may be cut short, and each column restarts from its own last OID;
//! - `tooBig` halves max-repetitions (down to 1) and retries the same cursors; at 1 (or in v1)
//!   it is an error;
//! - an answer with no varbinds and no error is an error (it would otherwise repeat forever);
//! - an answer whose request-id is not the pending request's is [`Step::Stale`]: ignored, the
//!   walk is unchanged (a late answer to a retransmitted request).
//!
//! - a table that never ends (an agent whose ifIndex keeps growing) stops at
//!   [`Walk::max_rows`] cells in any column ([`WalkError::TooManyRows`]; no limit unless set);
//!   a deadline is the caller's, who owns the clock: check it between requests, as
//!   `pdukit ifstatus --deadline` does.
//!
//! Cells carry their OID, so a sparse table (a row missing in one column) is keyed by index,
//! never by position. Every error ends the walk. Nothing here allocates.
//!
//! ```
//! use pdukit_snmp::walk::{Step, Walk};
//! use pdukit_snmp::{ErrorStatus, Message, OidBuf, Pdu, StandardPdu, Value, VarBind, VarBinds, Version};
//!
//! // Walk ifDescr (1.3.6.1.2.1.2.2.1.2); the agent's answers are held in memory.
//! let column: OidBuf = "1.3.6.1.2.1.2.2.1.2".parse().unwrap();
//! let mut walk: Walk<'_, 4> = Walk::new(Version::V2c, b"public", &[column]).unwrap();
//!
//! // What an agent with two interfaces answers: lo, eth0, then the next column (ifType.1).
//! let names: [OidBuf; 3] = ["1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.2.2", "1.3.6.1.2.1.2.2.1.3.1"]
//!     .map(|s| s.parse().unwrap());
//! let vbs = [
//!     VarBind { name: names[0].as_oid(), value: Value::OctetString(b"lo") },
//!     VarBind { name: names[1].as_oid(), value: Value::OctetString(b"eth0") },
//!     VarBind { name: names[2].as_oid(), value: Value::Integer(24) },
//! ];
//! let answer = |request_id| {
//!     let m = Message::Community {
//!         version: Version::V2c,
//!         community: b"public",
//!         pdu: Pdu::Response(StandardPdu {
//!             request_id,
//!             error_status: ErrorStatus::NO_ERROR,
//!             error_index: 0,
//!             varbinds: VarBinds::from_list(&vbs),
//!         }),
//!     };
//!     let mut b = [0u8; 256];
//!     let n = m.emit(&mut b).unwrap();
//!     b[..n].to_vec()
//! };
//!
//! let mut request = [0u8; 1500];
//! let mut descr = Vec::new();
//! while let Some(len) = walk.request(&mut request).unwrap() {
//!     // send request[..len], receive the answer...
//!     let reply = answer(walk.request_id());
//!     let step = walk
//!         .receive(&reply, |cell| {
//!             if let Value::OctetString(s) = cell.value {
//!                 descr.push((cell.index().next().unwrap(), s.to_vec()));
//!             }
//!         })
//!         .unwrap();
//!     assert_eq!(step, Step::Cells(2));
//! }
//! assert_eq!(descr, [(1, b"lo".to_vec()), (2, b"eth0".to_vec())]);
//! ```

use core::fmt;

use pdukit_wire::{BuildError, ParseError};

use crate::field::name;
use crate::message::{BulkPdu, ErrorStatus, Message, Pdu, StandardPdu, Version};
use crate::oid::{Arcs, Oid, OidBuf};
use crate::value::{Value, VarBind, VarBinds};

/// max-repetitions when the caller does not choose.
pub const DEFAULT_MAX_REPETITIONS: u32 = 10;

/// A table walk over up to `N` columns (16 by default).
#[derive(Clone, Debug)]
pub struct Walk<'c, const N: usize = 16> {
    version: Version,
    community: &'c [u8],
    columns: [Column; N],
    count: usize,
    max_repetitions: u32,
    request_id: i32,
    /// Non-increasing OIDs still tolerated.
    tolerance: u32,
    /// Cells any one column may yield.
    max_rows: u32,
    /// The OID of a [`WalkError::NotIncreasing`].
    rejected: Option<OidBuf>,
    requests: u32,
    failed: bool,
}

/// One column's cursor: its last OID (the column OID itself at first), which always starts with
/// the column OID's `base_len` octets.
#[derive(Clone, Copy, Debug)]
struct Column {
    cursor: OidBuf,
    base_len: usize,
    base_arcs: usize,
    done: bool,
    /// Cells yielded so far.
    cells: u32,
}

/// What an answer did to the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The answer was consumed: this many cells were yielded (0 when it only ended columns).
    Cells(usize),
    /// The agent said `tooBig`: max-repetitions is now this; send the next request.
    Retry {
        /// The new max-repetitions.
        max_repetitions: u32,
    },
    /// Not an answer to the pending request (another request-id): ignored.
    Stale,
}

/// A cell of the table, borrowed from the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell<'m> {
    /// The column, as an index into the columns the walk was given.
    pub column: usize,
    /// The instance OID (column OID + index).
    pub name: Oid<'m>,
    /// The value.
    pub value: Value<'m>,
    /// The varbind's position in the answer (0-based).
    pub varbind: usize,
    base_arcs: usize,
}

impl<'m> Cell<'m> {
    /// The index: the arcs after the column OID (one ifIndex for the interface tables).
    pub fn index(&self) -> Arcs<'m> {
        let mut a = self.name.arcs();
        for _ in 0..self.base_arcs {
            a.next();
        }
        a
    }
}

/// Why a walk ended early. Every error ends the walk. It owns what it names (no borrow of the
/// answer), so `?` carries it out of the receive loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkError {
    /// The answer is not an SNMP message.
    Parse(ParseError),
    /// The answer is not a Response PDU (its context tag).
    NotAResponse {
        /// The PDU tag found (0 for an SNMPv3 message).
        tag: u8,
    },
    /// The agent answered with an error-status the walk cannot go on from.
    Agent {
        /// error-status.
        status: ErrorStatus,
        /// error-index.
        index: i32,
    },
    /// `tooBig` with max-repetitions already 1 (or in v1, where a GetNext cannot shrink).
    TooBig,
    /// noError and no varbinds.
    EmptyVarBinds,
    /// An OID not greater than the previous one of its column (see [`Walk::cursor`]).
    NotIncreasing {
        /// The column.
        column: usize,
        /// The varbind's position in the answer.
        varbind: usize,
        // The OID the agent sent is kept by the walk: `Walk::rejected` (an OID is up to 640
        // bytes, too large to carry in every `Result` the walk returns).
    },
    /// A column yielded more cells than [`Walk::max_rows`] allows.
    TooManyRows {
        /// The limit.
        limit: u32,
    },
    /// The walk already ended with an error.
    Ended,
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WalkError::Parse(e) => write!(f, "the answer does not parse: {e}"),
            WalkError::NotAResponse { tag } => {
                write!(f, "the answer is not a Response PDU (tag {tag:#04x})")
            }
            WalkError::Agent { status, index } => {
                write!(f, "the agent answered {status} (error-index {index})")
            }
            WalkError::TooBig => f.write_str("the agent answered tooBig to a single repetition"),
            WalkError::EmptyVarBinds => f.write_str("the agent answered with no varbinds"),
            WalkError::NotIncreasing { column, varbind } => write!(
                f,
                "varbind {varbind} is not after the previous OID of column {column}: the agent \
                 does not walk in order"
            ),
            WalkError::TooManyRows { limit } => write!(
                f,
                "the table has more than {limit} rows (the limit): stopped; the agent's table \
                 may never end"
            ),
            WalkError::Ended => f.write_str("the walk already ended with an error"),
        }
    }
}

impl core::error::Error for WalkError {}

impl From<ParseError> for WalkError {
    fn from(e: ParseError) -> Self {
        WalkError::Parse(e)
    }
}

impl<'c, const N: usize> Walk<'c, N> {
    /// A walk of `columns` (the columns' OIDs, in the order cells report them) with
    /// `community`. More than `N` columns, or none, is an error naming the count.
    pub fn new(
        version: Version,
        community: &'c [u8],
        columns: &[OidBuf],
    ) -> Result<Self, BuildError> {
        if columns.is_empty() || columns.len() > N {
            return Err(BuildError::InvalidField {
                field: name::WALK_COLUMNS,
                value: columns.len(),
            });
        }
        let empty = Column {
            cursor: OidBuf::EMPTY,
            base_len: 0,
            base_arcs: 0,
            done: true,
            cells: 0,
        };
        let mut cols = [empty; N];
        for (c, oid) in cols.iter_mut().zip(columns) {
            *c = Column {
                cursor: *oid,
                base_len: oid.as_oid().as_ber().len(),
                base_arcs: oid.as_oid().len(),
                done: false,
                cells: 0,
            };
        }
        Ok(Walk {
            version,
            community,
            columns: cols,
            count: columns.len(),
            max_repetitions: DEFAULT_MAX_REPETITIONS,
            request_id: 1,
            tolerance: 0,
            max_rows: u32::MAX,
            rejected: None,
            requests: 0,
            failed: false,
        })
    }

    /// max-repetitions of the GetBulk requests (at least 1; v1 asks one row at a time).
    #[must_use]
    pub fn max_repetitions(mut self, n: u32) -> Self {
        self.max_repetitions = n.clamp(1, i32::MAX as u32);
        self
    }

    /// The request-id of the first request (later ones count up from it, staying positive).
    #[must_use]
    pub fn first_request_id(mut self, id: i32) -> Self {
        self.request_id = id.max(1);
        self
    }

    /// Accept at most `limit` OIDs that are not after their column's previous one (an agent
    /// with a broken order); the cursor moves to them. The `limit + 1`th is still an error.
    #[must_use]
    pub fn tolerate_non_increasing(mut self, limit: u32) -> Self {
        self.tolerance = limit;
        self
    }

    /// Stop with [`WalkError::TooManyRows`] when any column yields more than `limit` cells
    /// (rows): an agent whose table never ends cannot make the walk, or its caller's memory,
    /// grow without bound. No limit by default.
    #[must_use]
    pub fn max_rows(mut self, limit: u32) -> Self {
        self.max_rows = limit;
        self
    }

    /// The OID that ended the walk with [`WalkError::NotIncreasing`] (the previous one of its
    /// column is [`Walk::cursor`]).
    pub fn rejected(&self) -> Option<Oid<'_>> {
        self.rejected.as_ref().map(OidBuf::as_oid)
    }

    /// The pending request's request-id.
    pub const fn request_id(&self) -> i32 {
        self.request_id
    }

    /// The current max-repetitions (halved by `tooBig`).
    pub const fn current_max_repetitions(&self) -> u32 {
        self.max_repetitions
    }

    /// Requests consumed so far (answers accepted, `tooBig` retries included).
    pub const fn requests(&self) -> u32 {
        self.requests
    }

    /// Whether every column has ended (or the walk failed).
    pub fn is_done(&self) -> bool {
        self.failed || self.open().next().is_none()
    }

    /// Column `column`'s last OID (the column OID before its first cell).
    pub fn cursor(&self, column: usize) -> Option<Oid<'_>> {
        self.columns[..self.count]
            .get(column)
            .map(|c| c.cursor.as_oid())
    }

    /// Indices of the columns still open.
    fn open(&self) -> impl Iterator<Item = usize> + '_ {
        self.columns[..self.count]
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.done)
            .map(|(i, _)| i)
    }

    /// Writes the pending request (the bytes after UDP) into `buf` and returns its length, or
    /// `None` when the walk is done. Calling it again before an answer writes the same bytes
    /// (a retransmission).
    pub fn request(&self, buf: &mut [u8]) -> Result<Option<usize>, BuildError> {
        if self.is_done() {
            return Ok(None);
        }
        let null = VarBind {
            name: OidBuf::EMPTY.as_oid(),
            value: Value::Null,
        };
        let mut vbs = [null; N];
        let mut n = 0;
        for i in self.open() {
            vbs[n] = VarBind {
                name: self.columns[i].cursor.as_oid(),
                value: Value::Null,
            };
            n += 1;
        }
        let varbinds = VarBinds::from_list(&vbs[..n]);
        let pdu = match self.version {
            Version::V1 => Pdu::GetNext(StandardPdu {
                request_id: self.request_id,
                error_status: ErrorStatus::NO_ERROR,
                error_index: 0,
                varbinds,
            }),
            Version::V2c => Pdu::GetBulk(BulkPdu {
                request_id: self.request_id,
                non_repeaters: 0,
                max_repetitions: self.max_repetitions as i32,
                varbinds,
            }),
        };
        Message::Community {
            version: self.version,
            community: self.community,
            pdu,
        }
        .emit(buf)
        .map(Some)
    }

    /// Consumes an answer: `each` gets every new cell in order. See the module's rules.
    pub fn receive<'m>(
        &mut self,
        answer: &'m [u8],
        each: impl FnMut(Cell<'m>),
    ) -> Result<Step, WalkError> {
        if self.failed {
            return Err(WalkError::Ended);
        }
        let r = self.consume(answer, each);
        if r.is_err() {
            self.failed = true;
        }
        r
    }

    fn consume<'m>(
        &mut self,
        answer: &'m [u8],
        mut each: impl FnMut(Cell<'m>),
    ) -> Result<Step, WalkError> {
        let msg = Message::parse_lax(answer)?;
        let resp = match msg.pdu() {
            Some(Pdu::Response(r)) => *r,
            p => {
                return Err(WalkError::NotAResponse {
                    tag: p.map_or(0, Pdu::tag),
                })
            }
        };
        if resp.request_id != self.request_id {
            return Ok(Step::Stale);
        }
        // The columns the pending request asked for, in its order.
        let mut asked = [0usize; N];
        let mut n = 0;
        for i in self.open() {
            asked[n] = i;
            n += 1;
        }
        match resp.error_status {
            ErrorStatus::NO_ERROR => {}
            ErrorStatus::TOO_BIG if self.version == Version::V2c && self.max_repetitions > 1 => {
                self.max_repetitions /= 2;
                self.next_request_id();
                return Ok(Step::Retry {
                    max_repetitions: self.max_repetitions,
                });
            }
            ErrorStatus::TOO_BIG => return Err(WalkError::TooBig),
            // v1's end of the MIB view: the varbind it names ends its column.
            ErrorStatus::NO_SUCH_NAME if self.version == Version::V1 => {
                let col = usize::try_from(resp.error_index)
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| asked[..n].get(i));
                let Some(&col) = col else {
                    return Err(WalkError::Agent {
                        status: resp.error_status,
                        index: resp.error_index,
                    });
                };
                self.columns[col].done = true;
                self.next_request_id();
                return Ok(Step::Cells(0));
            }
            status => {
                return Err(WalkError::Agent {
                    status,
                    index: resp.error_index,
                })
            }
        }
        let mut cells = 0;
        let mut any = false;
        for (k, vb) in resp.varbinds.iter().enumerate() {
            any = true;
            let vb = vb?;
            let col = asked[k % n];
            let c = &mut self.columns[col];
            if c.done {
                // Past this column's end: the rest of its repetitions are not ours.
                continue;
            }
            let inside = vb.name.as_ber().len() > c.base_len
                && vb
                    .name
                    .as_ber()
                    .starts_with(&c.cursor.as_oid().as_ber()[..c.base_len]);
            let exception = matches!(
                vb.value,
                Value::EndOfMibView | Value::NoSuchObject | Value::NoSuchInstance
            );
            if !inside || exception {
                c.done = true;
                continue;
            }
            if vb.name <= c.cursor.as_oid() {
                if self.tolerance == 0 {
                    self.rejected = Some(vb.name.to_buf());
                    return Err(WalkError::NotIncreasing {
                        column: col,
                        varbind: k,
                    });
                }
                self.tolerance -= 1;
            }
            if c.cells >= self.max_rows {
                return Err(WalkError::TooManyRows {
                    limit: self.max_rows,
                });
            }
            c.cells += 1;
            c.cursor = vb.name.to_buf();
            cells += 1;
            each(Cell {
                column: col,
                name: vb.name,
                value: vb.value,
                varbind: k,
                base_arcs: c.base_arcs,
            });
        }
        if !any {
            return Err(WalkError::EmptyVarBinds);
        }
        self.next_request_id();
        Ok(Step::Cells(cells))
    }

    fn next_request_id(&mut self) {
        self.requests = self.requests.saturating_add(1);
        self.request_id = if self.request_id == i32::MAX {
            1
        } else {
            self.request_id + 1
        };
    }
}
