//! The sans-IO table walker against a scripted agent (tests/common/agent.rs): every rule of the
//! walk (column ends, ordering, partial GetBulk rows, tooBig, empty answers, sparse columns,
//! stale answers, v1 noSuchName), each ending as the module says in bounded time; the IF-MIB
//! row view filled from the cells; and 10 000 interfaces walked without an allocation.

#[path = "common/agent.rs"]
mod agent;

use std::collections::BTreeMap;

use agent::{Agent, Quirk, Val};
use pdukit_snmp::ifmib::{self, AdminStatus, Interface, OperStatus, Table, STATUS_COLUMNS};
use pdukit_snmp::walk::{Step, Walk, WalkError};
use pdukit_snmp::{
    ErrorStatus, Message, OidBuf, Pdu, StandardPdu, Value, VarBind, VarBinds, Version,
};

/// A cell, owned: (column, index arcs) -> value.
type Table2 = BTreeMap<(usize, Vec<u32>), Val>;

fn owned(v: &Value<'_>) -> Val {
    match *v {
        Value::Integer(x) => Val::Int(x),
        Value::OctetString(s) => Val::Str(s.to_vec()),
        Value::Gauge32(x) => Val::Gauge(x),
        Value::TimeTicks(x) => Val::Ticks(x),
        Value::Counter32(x) => Val::C32(x),
        Value::Counter64(x) => Val::C64(x),
        ref other => panic!("unexpected value {other:?}"),
    }
}

/// How a walk ended.
#[derive(Debug)]
struct Outcome {
    cells: Table2,
    /// Cells yielded, duplicates counted.
    yielded: usize,
    requests: usize,
    retries: Vec<u32>,
    error: Option<String>,
    not_increasing: Option<(usize, String)>,
}

/// Drives `walk` against `agent` in-process until it is done, fails, or `cap` requests.
fn drive<const N: usize>(walk: &mut Walk<'_, N>, agent: &mut Agent, cap: usize) -> Outcome {
    let mut o = Outcome {
        cells: Table2::new(),
        yielded: 0,
        requests: 0,
        retries: Vec::new(),
        error: None,
        not_increasing: None,
    };
    let mut buf = [0u8; 1500];
    while let Some(len) = walk.request(&mut buf).unwrap() {
        assert!(
            o.requests < cap,
            "the walk did not end within {cap} requests"
        );
        o.requests += 1;
        let Some(reply) = agent.answer(&buf[..len]) else {
            o.error = Some("no answer".into());
            break;
        };
        let r = walk.receive(&reply, |c| {
            o.yielded += 1;
            o.cells
                .insert((c.column, c.index().collect()), owned(&c.value));
        });
        match r {
            Ok(Step::Retry { max_repetitions }) => o.retries.push(max_repetitions),
            Ok(Step::Cells(_)) => {}
            Ok(Step::Stale) => panic!("stale answer from the scripted agent"),
            Err(e) => {
                if let WalkError::NotIncreasing { column, .. } = e {
                    let found = walk.rejected().expect("the walk keeps the OID").to_string();
                    o.not_increasing = Some((column, found));
                }
                o.error = Some(e.to_string());
                break;
            }
        }
    }
    assert!(walk.is_done(), "a walk that stops is done");
    o
}

fn columns(cols: &[(Table, u32)]) -> Vec<OidBuf> {
    cols.iter()
        .map(|&(t, c)| ifmib::column(t, c).unwrap())
        .collect()
}

/// What the agent holds under `cols`, keyed as the walk keys it.
fn expected(agent: &Agent, cols: &[OidBuf]) -> Table2 {
    let mut t = Table2::new();
    for (o, v) in &agent.mib {
        for (i, c) in cols.iter().enumerate() {
            if o.as_oid().starts_with(&c.as_oid()) && o.as_oid() != c.as_oid() {
                let idx = o.as_oid().arcs().skip(c.as_oid().len()).collect();
                t.insert((i, idx), v.clone());
            }
        }
    }
    t
}

fn status_walk(version: Version, reps: u32) -> Walk<'static, 16> {
    ifmib::walk::<16>(version, b"public", &STATUS_COLUMNS)
        .unwrap()
        .max_repetitions(reps)
}

#[test]
fn max_repetitions_1_10_50_and_v1_give_the_same_table() {
    let cols = columns(&STATUS_COLUMNS);
    let mut counts = Vec::new();
    for (version, reps) in [
        (Version::V2c, 1),
        (Version::V2c, 10),
        (Version::V2c, 50),
        (Version::V1, 1),
    ] {
        let mut agent = Agent::interfaces(40, &[]);
        let want = expected(&agent, &cols);
        assert_eq!(want.len(), 40 * 11);
        let mut w = status_walk(version, reps);
        let o = drive(&mut w, &mut agent, 10_000);
        assert_eq!(o.error, None, "{version:?} x{reps}");
        assert_eq!(o.cells, want, "{version:?} x{reps}");
        assert_eq!(o.yielded, want.len(), "no cell twice");
        counts.push(o.requests);
    }
    // One row per request at 1 (40 rows + the request that finds the ends), fewer with more.
    assert_eq!(counts[0], 41);
    assert_eq!(counts[1], 5);
    assert_eq!(counts[2], 1);
    // v1: 40 rows; then ifAlias, the MIB's last column, gets noSuchName (the whole answer is
    // that error), and the request without it sees the ten others leave their columns.
    assert_eq!(counts[3], 40 + 2);
}

#[test]
fn a_column_ends_at_its_subtree_end_at_end_of_mib_view_and_at_no_such_object() {
    // ifAlias is the last column of the agent's MIB: its end is endOfMibView; ifDescr ends where
    // ifType begins.
    let mut agent = Agent::interfaces(3, &[]);
    let cols = columns(&[(Table::IfTable, 2), (Table::IfXTable, 18)]);
    let mut w: Walk<'_, 4> = Walk::new(Version::V2c, b"public", &cols).unwrap();
    let o = drive(&mut w, &mut agent, 100);
    assert_eq!(o.error, None);
    assert_eq!(o.cells, expected(&agent, &cols));

    // noSuchObject / noSuchInstance for a column end it at once, with no cell.
    for exception in [
        Value::NoSuchObject,
        Value::NoSuchInstance,
        Value::EndOfMibView,
    ] {
        let mut w: Walk<'_, 4> = Walk::new(Version::V2c, b"public", &cols[..1]).unwrap();
        let mut buf = [0u8; 512];
        w.request(&mut buf).unwrap().unwrap();
        let name = cols[0].child(1).unwrap();
        let reply = response(w.request_id(), ErrorStatus::NO_ERROR, &[(name, exception)]);
        let mut n = 0;
        assert_eq!(w.receive(&reply, |_| n += 1), Ok(Step::Cells(0)));
        assert_eq!(n, 0);
        assert!(w.is_done());
        assert_eq!(w.request(&mut buf), Ok(None));
    }
}

fn response(request_id: i32, status: ErrorStatus, vbs: &[(OidBuf, Value<'_>)]) -> Vec<u8> {
    let list: Vec<VarBind<'_>> = vbs
        .iter()
        .map(|(n, v)| VarBind {
            name: n.as_oid(),
            value: *v,
        })
        .collect();
    let m = Message::Community {
        version: Version::V2c,
        community: b"public",
        pdu: Pdu::Response(StandardPdu {
            request_id,
            error_status: status,
            error_index: 0,
            varbinds: VarBinds::from_list(&list),
        }),
    };
    let mut b = vec![0u8; m.buffer_len()];
    m.emit(&mut b).unwrap();
    b
}

#[test]
fn partial_last_rows_restart_each_column_from_its_own_oid() {
    let cols = columns(&STATUS_COLUMNS);
    // 11 columns, answers cut at 7, 13 and 23 varbinds: the last row is always short.
    for cut in [7, 13, 23] {
        let mut agent = Agent::interfaces(25, &[]);
        agent.cut_bulk_at = Some(cut);
        let want = expected(&agent, &cols);
        let mut w = status_walk(Version::V2c, 10);
        let o = drive(&mut w, &mut agent, 1000);
        assert_eq!(o.error, None, "cut {cut}");
        assert_eq!(o.cells, want, "cut {cut}");
        assert_eq!(o.yielded, want.len(), "cut {cut}: no cell twice");
    }
}

#[test]
fn sparse_columns_are_keyed_by_index_not_position() {
    let mut agent = Agent::interfaces(10, &[3, 4, 9]);
    let cols = columns(&STATUS_COLUMNS);
    let want = expected(&agent, &cols);
    let mut w = status_walk(Version::V2c, 4);
    let mut rows: BTreeMap<u32, Interface<'static>> = BTreeMap::new();
    let mut buf = [0u8; 1500];
    let mut kept: Vec<&'static [u8]> = Vec::new();
    let mut cells = Table2::new();
    while let Some(len) = w.request(&mut buf).unwrap() {
        // The row view borrows from the answers: keep them for the rows' lifetime.
        let reply: &'static [u8] = Vec::leak(agent.answer(&buf[..len]).unwrap());
        kept.push(reply);
        w.receive(reply, |c| {
            let i = c.index().next().unwrap();
            assert!(rows
                .entry(i)
                .or_insert(Interface::new(i))
                .apply(&c.name, &c.value));
            cells.insert((c.column, c.index().collect()), owned(&c.value));
        })
        .unwrap();
    }
    assert_eq!(cells, want);
    assert_eq!(rows.len(), 10);
    for (i, r) in &rows {
        let alias = (![3, 4, 9].contains(i)).then(|| format!("uplink {i}"));
        assert_eq!(
            r.alias.map(|a| String::from_utf8(a.to_vec()).unwrap()),
            alias
        );
        assert_eq!(r.name.unwrap(), format!("ge-0/0/{i}").as_bytes());
        assert_eq!(r.descr.unwrap(), format!("port{i}").as_bytes());
        assert_eq!(
            r.admin,
            Some(if i % 5 == 0 {
                AdminStatus::DOWN
            } else {
                AdminStatus::UP
            })
        );
        assert_eq!(
            r.oper,
            Some(if i % 3 == 0 {
                OperStatus::DOWN
            } else {
                OperStatus::UP
            })
        );
        assert_eq!(r.last_change, Some(i * 100));
        // ifHighSpeed wins over the saturated ifSpeed.
        assert_eq!(r.speed(), Some(10_000_000_000));
    }
}

#[test]
fn the_owned_table_needs_no_answer_kept_and_equals_the_borrowed_rows() {
    // The library user's loop: cells filed into `Interfaces` inside `receive`, the answer
    // dropped at once, `?` on the walk's error; the rows equal the borrowed view's.
    fn walk_into(agent: &mut Agent, reps: u32) -> Result<ifmib::Interfaces, WalkError> {
        let mut w = status_walk(Version::V2c, reps);
        let mut rows = ifmib::Interfaces::new();
        let mut buf = [0u8; 1500];
        while let Some(len) = w.request(&mut buf).unwrap() {
            let reply = agent.answer(&buf[..len]).unwrap();
            w.receive(&reply, |c| {
                assert!(rows.apply(&c.name, &c.value), "{}", c.name);
            })?;
        }
        Ok(rows)
    }
    let mut agent = Agent::interfaces(10, &[3, 4, 9]);
    let owned = walk_into(&mut agent, 4).unwrap();
    assert_eq!(owned.len(), 10);
    // The same walk with every answer kept and borrowed.
    let mut w = status_walk(Version::V2c, 7);
    let mut borrowed: BTreeMap<u32, Interface<'static>> = BTreeMap::new();
    let mut buf = [0u8; 1500];
    while let Some(len) = w.request(&mut buf).unwrap() {
        let reply: &'static [u8] = Vec::leak(agent.answer(&buf[..len]).unwrap());
        w.receive(reply, |c| {
            let i = c.index().next().unwrap();
            borrowed
                .entry(i)
                .or_insert(Interface::new(i))
                .apply(&c.name, &c.value);
        })
        .unwrap();
    }
    assert!(owned.iter().eq(borrowed.values().copied()));
    assert_eq!(owned.get(3).unwrap().alias, None);
    assert_eq!(owned.get(2).unwrap().alias, Some(&b"uplink 2"[..]));
    // A cell of no interface table, or of the wrong type, is refused.
    let sys_descr: OidBuf = "1.3.6.1.2.1.1.1.0".parse().unwrap();
    let mut t = ifmib::Interfaces::new();
    assert!(!t.apply(&sys_descr.as_oid(), &Value::OctetString(b"x")));
    let descr = ifmib::instance(Table::IfTable, 2, 1).unwrap();
    assert!(!t.apply(&descr.as_oid(), &Value::Integer(1)));
    // An endless agent: `?` carries the owned error out.
    let mut endless = Agent::interfaces(3, &[]);
    endless.quirk = Quirk::Endless;
    let mut w = status_walk(Version::V2c, 10).max_rows(50);
    let r: Result<(), WalkError> = (|| {
        let mut buf = [0u8; 1500];
        while let Some(len) = w.request(&mut buf).unwrap() {
            let reply = endless.answer(&buf[..len]).unwrap();
            w.receive(&reply, |_| {})?;
        }
        Ok(())
    })();
    assert_eq!(r, Err(WalkError::TooManyRows { limit: 50 }));
}

#[test]
fn too_big_halves_max_repetitions_down_to_1_then_fails() {
    let cols = columns(&STATUS_COLUMNS);
    let mut agent = Agent::interfaces(30, &[]);
    agent.too_big_above = Some(40);
    let want = expected(&agent, &cols);
    let mut w = status_walk(Version::V2c, 50);
    let o = drive(&mut w, &mut agent, 1000);
    assert_eq!(o.error, None);
    // 50 x 11 = 550 > 40, then 25, 12, 6 are too big; 3 x 11 = 33 fits.
    assert_eq!(o.retries, [25, 12, 6, 3]);
    assert_eq!(w.current_max_repetitions(), 3);
    assert_eq!(o.cells, want);

    // Even one row is too big: an error after the halvings, not a loop.
    let mut agent = Agent::interfaces(30, &[]);
    agent.too_big_above = Some(5);
    let mut w = status_walk(Version::V2c, 10);
    let o = drive(&mut w, &mut agent, 100);
    assert_eq!(o.retries, [5, 2, 1]);
    assert!(o.error.unwrap().contains("tooBig"));
    assert_eq!(o.requests, 4);
}

#[test]
fn an_empty_varbind_list_is_an_error_not_a_loop() {
    let mut agent = Agent::interfaces(5, &[]);
    agent.quirk = Quirk::Empty;
    let mut w = status_walk(Version::V2c, 10);
    let o = drive(&mut w, &mut agent, 10);
    assert_eq!(o.requests, 1);
    assert_eq!(
        o.error.as_deref(),
        Some("the agent answered with no varbinds")
    );
    let mut buf = [0u8; 1500];
    assert_eq!(w.request(&mut buf), Ok(None));
    assert_eq!(w.receive(&[], |_| {}), Err(WalkError::Ended));
}

/// An agent whose ifDescr column is served as rows 1, 2, 4, 3, 5.
fn out_of_order() -> Agent {
    let mut agent = Agent::interfaces(5, &[]);
    let d = |i| ifmib::instance(Table::IfTable, 2, i).unwrap();
    agent.mib.retain(|(o, _)| {
        o.as_oid()
            .starts_with(&ifmib::column(Table::IfTable, 2).unwrap().as_oid())
    });
    agent
        .mib
        .sort_by_key(|(o, _)| [1, 2, 4, 3, 5].iter().position(|&i| d(i) == *o).unwrap());
    agent.quirk = Quirk::ListOrder;
    agent
}

#[test]
fn non_increasing_oids_are_an_error_unless_tolerated_within_a_limit() {
    let cols = columns(&[(Table::IfTable, 2)]);
    for reps in [1, 10] {
        let mut agent = out_of_order();
        let mut w: Walk<'_, 2> = Walk::new(Version::V2c, b"public", &cols)
            .unwrap()
            .max_repetitions(reps);
        let o = drive(&mut w, &mut agent, 100);
        assert_eq!(
            o.not_increasing,
            Some((0, "1.3.6.1.2.1.2.2.1.2.3".to_string())),
            "x{reps}"
        );
        assert!(o.error.unwrap().contains("not after the previous OID"));
        // Cells before it were in order and yielded; the cursor is the last good one.
        assert_eq!(o.yielded, 3);
        assert_eq!(w.cursor(0).unwrap().to_string(), "1.3.6.1.2.1.2.2.1.2.4");

        // Tolerating one: all five rows.
        let mut agent = out_of_order();
        let mut w: Walk<'_, 2> = Walk::new(Version::V2c, b"public", &cols)
            .unwrap()
            .max_repetitions(reps)
            .tolerate_non_increasing(1);
        let o = drive(&mut w, &mut agent, 100);
        assert_eq!(o.error, None);
        assert_eq!(o.cells.len(), 5);
    }
}

#[test]
fn an_agent_that_loops_ends_the_walk_in_bounded_requests() {
    let cols = columns(&[(Table::IfTable, 2)]);
    let looping = || {
        let mut agent = Agent::interfaces(4, &[]);
        let col = ifmib::column(Table::IfTable, 2).unwrap();
        agent
            .mib
            .retain(|(o, _)| o.as_oid().starts_with(&col.as_oid()));
        agent.quirk = Quirk::Loop;
        agent
    };
    for (tolerance, reps) in [(0, 1), (0, 10), (3, 1), (3, 10), (1000, 7)] {
        let mut agent = looping();
        let mut w: Walk<'_, 2> = Walk::new(Version::V2c, b"public", &cols)
            .unwrap()
            .max_repetitions(reps)
            .tolerate_non_increasing(tolerance);
        let o = drive(&mut w, &mut agent, 10_000);
        assert!(o.not_increasing.is_some(), "t{tolerance} x{reps}: {o:?}");
        // Each lap (4 rows) costs one tolerated OID: tolerance + 1 laps at most, then the error.
        assert_eq!(
            o.yielded,
            4 * (tolerance as usize + 1),
            "t{tolerance} x{reps}"
        );
    }
}

#[test]
fn a_table_that_never_ends_stops_at_max_rows() {
    // ifIndex keeps growing: without a limit the walk would never end (the drive cap says so).
    for (version, reps, limit) in [
        (Version::V2c, 10, 100),
        (Version::V2c, 1, 37),
        (Version::V2c, 50, 1000),
        (Version::V1, 1, 25),
    ] {
        let mut agent = Agent::interfaces(5, &[]);
        agent.quirk = Quirk::Endless;
        let mut w = status_walk(version, reps).max_rows(limit);
        let o = drive(&mut w, &mut agent, 100_000);
        assert_eq!(
            o.error.as_deref(),
            Some(
                format!(
                    "the table has more than {limit} rows (the limit): stopped; the agent's \
                     table may never end"
                )
                .as_str()
            ),
            "{version:?} x{reps}"
        );
        // No column yielded more than the limit; the first reached it.
        let mut per_column = BTreeMap::new();
        for (col, _) in o.cells.keys() {
            *per_column.entry(*col).or_insert(0u32) += 1;
        }
        assert!(per_column.values().all(|n| *n <= limit), "{per_column:?}");
        assert_eq!(per_column.values().max(), Some(&limit));
        assert!(w.is_done());
    }
    // Without a limit, the same agent is still walking after 2000 requests.
    let mut agent = Agent::interfaces(5, &[]);
    agent.quirk = Quirk::Endless;
    let mut w = status_walk(Version::V2c, 10);
    let mut buf = [0u8; 1500];
    for _ in 0..2000 {
        let len = w.request(&mut buf).unwrap().expect("still walking");
        let reply = agent.answer(&buf[..len]).unwrap();
        w.receive(&reply, |_| {}).unwrap();
    }
    assert!(!w.is_done());
}

#[test]
fn stale_answers_are_ignored_and_requests_repeat_until_answered() {
    let cols = columns(&[(Table::IfTable, 2)]);
    let mut w: Walk<'_, 2> = Walk::new(Version::V2c, b"public", &cols)
        .unwrap()
        .first_request_id(77);
    let mut a = [0u8; 256];
    let mut b = [0u8; 256];
    let n = w.request(&mut a).unwrap().unwrap();
    assert_eq!(w.request(&mut b).unwrap(), Some(n));
    assert_eq!(a[..n], b[..n], "a retransmission is the same request");
    let name = cols[0].child(1).unwrap();
    let late = response(
        76,
        ErrorStatus::NO_ERROR,
        &[(name, Value::OctetString(b"x"))],
    );
    let mut seen = 0;
    assert_eq!(w.receive(&late, |_| seen += 1), Ok(Step::Stale));
    assert_eq!(seen, 0);
    assert_eq!(w.request_id(), 77);
    let ok = response(
        77,
        ErrorStatus::NO_ERROR,
        &[(name, Value::OctetString(b"x"))],
    );
    assert_eq!(w.receive(&ok, |_| seen += 1), Ok(Step::Cells(1)));
    assert_eq!((seen, w.request_id(), w.requests()), (1, 78, 1));
    // An agent error ends the walk, naming the status.
    let err = response(78, ErrorStatus::GEN_ERR, &[(name, Value::Null)]);
    let e = w.receive(&err, |_| {}).unwrap_err();
    assert_eq!(
        e,
        WalkError::Agent {
            status: ErrorStatus::GEN_ERR,
            index: 0
        }
    );
    assert_eq!(e.to_string(), "the agent answered genErr (error-index 0)");
    // Not an answer at all.
    let mut w: Walk<'_, 2> = Walk::new(Version::V2c, b"public", &cols).unwrap();
    assert!(matches!(
        w.receive(b"\x30\x03\x02\x01", |_| {}),
        Err(WalkError::Parse(_))
    ));
    // Too many or no columns.
    assert!(Walk::<'_, 2>::new(Version::V2c, b"public", &columns(&STATUS_COLUMNS)).is_err());
    assert!(Walk::<'_, 2>::new(Version::V2c, b"public", &[]).is_err());
}

#[test]
fn ten_thousand_interfaces_walk_to_the_end_without_allocating() {
    let mut agent = Agent::interfaces(10_000, &[17, 9_999]);
    let cols = columns(&STATUS_COLUMNS);
    let want_cells = expected(&agent, &cols).len();
    // The answers are made outside the measured region; the walker's own calls are measured.
    let mut w = status_walk(Version::V2c, 10);
    let mut buf = [0u8; 1500];
    let mut cells = 0usize;
    let mut allocations = 0u64;
    let mut last = 0u32;
    let t = std::time::Instant::now();
    loop {
        let mut len = None;
        allocations +=
            allocation_counter::measure(|| len = w.request(&mut buf).unwrap()).count_total;
        let Some(len) = len else { break };
        let reply = agent.answer(&buf[..len]).unwrap();
        allocations += allocation_counter::measure(|| {
            w.receive(&reply, |c| {
                cells += 1;
                // Column 0 (ifDescr): every index after the last one.
                if c.column == 0 {
                    let i = c.index().next().unwrap_or(0);
                    assert!(i > last);
                    last = i;
                }
            })
            .unwrap();
        })
        .count_total;
    }
    let elapsed = t.elapsed();
    assert_eq!(allocations, 0, "the walker allocates nothing");
    assert_eq!(cells, want_cells);
    assert_eq!(cells, 10_000 * 11 - 2);
    // 10 rows per request: 1000 requests and the one that finds the ends.
    assert_eq!(w.requests() as usize, agent.requests);
    assert!(agent.requests <= 1002, "{}", agent.requests);
    println!(
        "10 000 interfaces x 11 columns: {cells} cells, {} requests, {} varbinds answered, {elapsed:?} (walker + in-process agent)",
        agent.requests, agent.varbinds_sent
    );
}
