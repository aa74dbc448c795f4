//! `pdukit`: decode captures into Wireshark-named fields; craft the test traffic network
//! engineers need. Built only on the public APIs of the pdukit crates.
//!
//! ```text
//! pdukit                          # the demo: bundled captures, per-family summary and tables
//! pdukit decode FILE... [--json] [-v]
//! pdukit craft igmp-joins --groups 100 --count 10000 --version 3 --rate 1000 -o joins.pcap
//! pdukit craft padi --service internet -o padi.pcap
//! pdukit craft lacpdu --actor-system 02:00:00:00:00:01 --actor-key 13 -o lacp.pcap
//! pdukit craft frag-needed --mtu 1400 --packet 4500... -o fn.pcap
//! pdukit ifstatus 192.0.2.1 [-c COMMUNITY] [--v1] [--json] [--shutdown N | --no-shutdown N]
//! ```

mod craft;
mod decode;
mod fields;
mod ifstatus;
mod l2tp;
mod lag;
mod report;
mod text;

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::decode::decode;

#[derive(Parser)]
#[command(
    name = "pdukit",
    version,
    about = "Decode and craft IGMP, ICMP (PMTU), LACP, PPPoE and SNMP; list and set a device's interfaces over SNMP",
    after_help = "Examples:\n  \
      pdukit                                    demo on testdata/ (run from the repository)\n  \
      pdukit decode capture.pcapng              one line per frame\n  \
      pdukit decode --json capture.pcap         Wireshark-named fields, one JSON object per frame\n  \
      pdukit decode -v - < capture.pcap         field tree, from stdin\n  \
      pdukit craft igmp-joins --groups 100 --count 10000 --version 3 --rate 1000 -o joins.pcap\n  \
      pdukit craft padr --from pado.pcap --cookie random -o padr.pcap\n  \
      pdukit craft frag-needed --mtu 1400 --from big.pcap -o fn.pcap"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Option<Cmd>,
}

/// What a frame alone does not say, told as tshark's "decode as" tells it.
#[derive(clap::Args)]
struct Walk {
    /// What L2TPv3 data sessions over IP (protocol 115) carry; they are not entered without it
    /// (tshark: `-d l2tp.pw_type==0,eth`).
    #[arg(long, value_name = "PAYLOAD")]
    l2tpv3: Option<Pseudowire>,
    /// The cookie length of those sessions, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 0, value_parser = cookie_len)]
    l2tpv3_cookie: u8,
}

/// What an L2TPv3 pseudowire carries.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Pseudowire {
    /// Ethernet frames.
    Eth,
    /// PPP frames.
    Ppp,
    /// IP packets.
    Ip,
}

/// A number of seconds: finite, more than 0, at most an hour (NaN, negative and absurd values
/// are usage errors, exit 2).
fn seconds(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{s:?}: {e}"))?;
    if v.is_finite() && v > 0.0 && v <= 3600.0 {
        Ok(v)
    } else {
        Err(format!("{s}: seconds must be more than 0 and at most 3600"))
    }
}

/// The walk's deadline: finite, more than 0, at most a day.
fn walk_seconds(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{s:?}: {e}"))?;
    if v.is_finite() && v > 0.0 && v <= 86_400.0 {
        Ok(v)
    } else {
        Err(format!(
            "{s}: seconds must be more than 0 and at most 86400"
        ))
    }
}

fn cookie_len(s: &str) -> Result<u8, String> {
    match s {
        "0" => Ok(0),
        "4" => Ok(4),
        "8" => Ok(8),
        _ => Err("an L2TPv3 cookie is 0, 4 or 8 bytes".into()),
    }
}

impl Walk {
    /// Sets how `decode` walks, for this run.
    fn apply(&self) {
        use pdukit_frames::Pseudowire as P;
        let _ = decode::WALK.set(pdukit_frames::Options {
            l2tpv3: self.l2tpv3.map(|p| match p {
                Pseudowire::Eth => P::Ethernet,
                Pseudowire::Ppp => P::Ppp,
                Pseudowire::Ip => P::Ip,
            }),
            l2tpv3_cookie: self.l2tpv3_cookie,
        });
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Decode captures (pcap, pcapng; `-` for stdin): one line per frame, or fields.
    Decode {
        /// Capture files (`-` for stdin).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// One JSON object per frame: {"frame": N, "fields": {wireshark.name: value}}.
        #[arg(long)]
        json: bool,
        /// A field tree per frame.
        #[arg(short, long)]
        verbose: bool,
        /// The L2TP shared secret: hidden AVPs are decrypted in the output (tshark shows them
        /// as hidden only).
        #[arg(long, value_name = "SECRET")]
        l2tp_secret: Option<String>,
        #[command(flatten)]
        walk: Walk,
    },
    /// The stories on any captures: per-family summary, LACP states and the LAG diagnosis per
    /// capture, frag-needed/packet-too-big senders with MTU and flow, PPPoE exchanges, IGMP
    /// groups joined and left, SNMP and L2TP exchanges.
    Report {
        /// Capture files (pcap, pcapng).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Our system's MAC for the LAG diagnosis (default: the first actor seen).
        #[arg(long, value_name = "MAC")]
        own: Option<String>,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        walk: Walk,
    },
    /// Run on the bundled captures (testdata/): `report` on every capture there.
    Demo {
        /// Where the bundled captures are.
        #[arg(long, default_value = "testdata")]
        testdata: PathBuf,
    },
    /// Write pcaps of crafted traffic.
    #[command(subcommand)]
    Craft(craft::Craft),
    /// L2TP tools: a broken LNS that answers every SCCRQ with a chosen StopCCN.
    #[command(subcommand)]
    L2tp(l2tp::L2tp),
    /// A device's interfaces over SNMP (ifTable + ifXTable): ifIndex, name, alias, admin and
    /// oper status, speed, last change; or shut / enable a port by a SET of ifAdminStatus.
    #[command(
        after_help = "Exit codes: 0 done, 1 local error, 2 usage, 3 no answer (timeout: \
        also what a wrong community looks like), 4 agent error, 5 unknown ifIndex, 6 SET refused \
        or not applied (the port did not change), 7 more rows than --max-rows, 8 --deadline passed.\n\n\
        Examples:\n  pdukit ifstatus 192.0.2.1\n  pdukit ifstatus switch1:1161 -c campus --json\n  \
        pdukit ifstatus 192.0.2.1 -c private --shutdown 3"
    )]
    Ifstatus {
        /// The agent: HOST, HOST:PORT, or an IPv6 address (in brackets when a port follows); port 161
        /// by default.
        target: String,
        /// Community (a write community for --shutdown / --no-shutdown).
        #[arg(short, long, default_value = "public")]
        community: String,
        /// SNMPv1 (GetNext one row at a time) instead of v2c (GetBulk).
        #[arg(long)]
        v1: bool,
        /// The table as a JSON array, one object per interface (raw values).
        #[arg(long)]
        json: bool,
        /// Seconds to wait for each answer (more than 0, at most 3600).
        #[arg(short, long, default_value_t = 2.0, value_parser = seconds)]
        timeout: f64,
        /// Retransmissions after a timeout.
        #[arg(short, long, default_value_t = 2)]
        retries: u32,
        /// GetBulk max-repetitions (halved on tooBig).
        #[arg(long, default_value_t = 10)]
        max_repetitions: u32,
        /// Stop (exit 7) when the table has more rows than this: an agent whose table never
        /// ends cannot run the walk, or its memory, forever.
        #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1..))]
        max_rows: u32,
        /// Stop (exit 8) when the whole walk takes longer than this many seconds.
        #[arg(long, value_name = "SECS", default_value_t = 300.0, value_parser = walk_seconds)]
        deadline: f64,
        /// Set ifAdminStatus.IFINDEX to down(2); prints the port before and after.
        #[arg(long, value_name = "IFINDEX", conflicts_with = "no_shutdown")]
        shutdown: Option<u32>,
        /// Set ifAdminStatus.IFINDEX to up(1); prints the port before and after.
        #[arg(long, value_name = "IFINDEX")]
        no_shutdown: Option<u32>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        None => demo(Path::new("testdata")),
        Some(Cmd::Demo { testdata }) => demo(&testdata),
        Some(Cmd::Report {
            files,
            own,
            json,
            walk,
        }) => {
            walk.apply();
            run_report(&files, own.as_deref(), json)
        }
        Some(Cmd::Decode {
            files,
            json,
            verbose,
            l2tp_secret,
            walk,
        }) => {
            walk.apply();
            if let Some(s) = l2tp_secret {
                let _ = decode::L2TP_SECRET.set(s.into_bytes());
            }
            decode_files(&files, json, verbose)
        }
        Some(Cmd::Craft(c)) => craft::run(c),
        Some(Cmd::L2tp(c)) => l2tp::run(c),
        Some(Cmd::Ifstatus {
            target,
            community,
            v1,
            json,
            timeout,
            retries,
            max_repetitions,
            max_rows,
            deadline,
            shutdown,
            no_shutdown,
        }) => {
            let o = ifstatus::Options {
                target,
                community,
                v1,
                json,
                timeout: core::time::Duration::from_secs_f64(timeout),
                retries,
                max_repetitions,
                max_rows,
                deadline: core::time::Duration::from_secs_f64(deadline),
                shutdown,
                no_shutdown,
            };
            return match ifstatus::run(&o) {
                Ok(()) => ExitCode::SUCCESS,
                Err(ifstatus::Failure(code, e)) => {
                    eprintln!("pdukit ifstatus: {e}");
                    ExitCode::from(code)
                }
            };
        }
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        // `| head` closed stdout: the reader has what it wanted; end quietly.
        Err(e) if e == STDOUT_CLOSED => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pdukit: {e}");
            ExitCode::from(1)
        }
    }
}

/// The error a write to a closed stdout becomes (`pdukit report ... | head`): the program ends
/// quietly, as `head` users expect.
pub(crate) const STDOUT_CLOSED: &str = "stdout closed";

/// A write error on stdout: [`STDOUT_CLOSED`] for a closed pipe, else the error.
pub(crate) fn stdout_error(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        STDOUT_CLOSED.into()
    } else {
        format!("stdout: {e}")
    }
}

/// Writes `s` to stdout and flushes it.
pub(crate) fn print_out(s: &str) -> Result<(), String> {
    let mut o = std::io::stdout().lock();
    o.write_all(s.as_bytes())
        .and_then(|()| o.flush())
        .map_err(|e| stdout_error(&e))
}

/// Link types the walk knows (see pdukit-frames).
pub(crate) fn supported_link(l: pdukit_frames::DataLink) -> bool {
    use pdukit_frames::DataLink as L;
    matches!(
        l,
        L::ETHERNET
            | L::LINUX_SLL
            | L::LINUX_SLL2
            | L::RAW
            | L::IPV4
            | L::IPV6
            | L::NULL
            | L::LOOP
            | L::PPP
            | L::PPP_HDLC
    )
}

/// A capture's frames, read as they come.
type FrameIter = Box<dyn Iterator<Item = Result<pdukit_frames::Frame, String>> + Send>;

/// Whether `path` is a pipe, a FIFO, a socket or a terminal (stdin for `-` included): frames
/// arrive as its writer sends them, so they are printed as they arrive rather than in full
/// batches.
fn is_live(path: &Path) -> bool {
    let meta = if path == Path::new("-") {
        use std::os::fd::AsFd as _;
        std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map(std::fs::File::from)
            .and_then(|f| f.metadata())
    } else {
        std::fs::metadata(path)
    };
    meta.is_ok_and(|m| !m.file_type().is_file())
}

/// How long a batch from a live input waits for more frames before it is decoded and printed.
const LIVE_WAIT: core::time::Duration = core::time::Duration::from_millis(100);

/// The next batch of a live input: blocks for its first frame, then takes what arrives within
/// [`LIVE_WAIT`]; true when the input has ended.
fn live_batch(
    rx: &std::sync::mpsc::Receiver<Result<pdukit_frames::Frame, String>>,
    batch: &mut Vec<pdukit_frames::Frame>,
    error: &mut Option<String>,
) -> bool {
    use std::sync::mpsc::RecvTimeoutError;
    let mut take = |r: Result<pdukit_frames::Frame, String>, batch: &mut Vec<_>| match r {
        Ok(f) => {
            batch.push(f);
            false
        }
        Err(e) => {
            *error = Some(e);
            true
        }
    };
    let Ok(first) = rx.recv() else {
        return true;
    };
    if take(first, batch) {
        return true;
    }
    let until = std::time::Instant::now() + LIVE_WAIT;
    while batch.len() < BATCH {
        match rx.recv_timeout(until.saturating_duration_since(std::time::Instant::now())) {
            Ok(r) => {
                if take(r, batch) {
                    return true;
                }
            }
            Err(RecvTimeoutError::Timeout) => return false,
            Err(RecvTimeoutError::Disconnected) => return true,
        }
    }
    false
}

/// A streaming reader over a capture file, or stdin for `-`.
fn frames(path: &Path) -> Result<FrameIter, String> {
    if path == Path::new("-") {
        let r = pdukit_frames::Reader::new(std::io::BufReader::new(std::io::stdin()))
            .map_err(|e| format!("stdin: {e}"))?;
        return Ok(Box::new(r));
    }
    let r = pdukit_frames::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Box::new(r))
}

/// Frames per batch handed to a decoding thread.
const BATCH: usize = 4096;

/// Decodes and formats a batch of frames: the output bytes, and the frames of unsupported link
/// types by type.
fn format_batch(
    path: &Path,
    frames: &[pdukit_frames::Frame],
    json: bool,
    verbose: bool,
) -> (Vec<u8>, BTreeMap<String, usize>) {
    // Room for the usual JSON line (600-700 bytes for an IGMP join with its layers), so the
    // buffer is not copied as it grows; pages not written are never touched.
    let mut out = Vec::with_capacity(frames.len() * 1024);
    let mut unsupported = BTreeMap::new();
    for f in frames {
        if !supported_link(f.linktype) {
            *unsupported
                .entry(format!("{:?}", f.linktype))
                .or_insert(0usize) += 1;
            continue;
        }
        let Some(d) = decode(f.linktype, &f.data, !json) else {
            continue;
        };
        // Writing into a Vec cannot fail.
        let _ = if json {
            d.fields.write_json(&mut out, f.number);
            Ok(())
        } else if verbose {
            writeln!(
                out,
                "{}#{} {}\n{}",
                path.display(),
                f.number,
                text::escape(&d.summary),
                d.fields.to_tree()
            )
        } else {
            writeln!(
                out,
                "{}#{} {}",
                path.display(),
                f.number,
                text::escape(&d.summary)
            )
        };
    }
    (out, unsupported)
}

fn decode_files(files: &[PathBuf], json: bool, verbose: bool) -> Result<(), String> {
    if files.is_empty() {
        return Err("decode needs at least one capture file (see --help)".into());
    }
    use std::io::IsTerminal as _;
    // A long run into a file or a pipe shows how far it is, on stderr when that is a terminal.
    let progress = std::io::stderr().is_terminal() && !std::io::stdout().is_terminal();
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    // Files that could not be decoded in full; each was reported on stderr when it happened.
    let mut failed = std::collections::BTreeSet::new();
    for path in files {
        let mut unsupported: BTreeMap<String, usize> = BTreeMap::new();
        let mut last = 0usize;
        let mut error = None;
        let live = is_live(path);
        let mut reader = match frames(path) {
            Ok(r) => r,
            Err(e) => {
                // The other files are still decoded; the run fails at the end.
                eprintln!("pdukit: {e}");
                failed.insert(path.clone());
                continue;
            }
        };
        // A live input is read on its own thread (not joined: a writer that never closes
        // must not hold the program once stdout is gone), frames handed over as they come.
        let live_rx = live.then(|| {
            let (tx, rx) = std::sync::mpsc::sync_channel(BATCH);
            let mut r = core::mem::replace(&mut reader, Box::new(core::iter::empty()));
            std::thread::spawn(move || {
                for f in r.by_ref() {
                    if tx.send(f).is_err() {
                        break;
                    }
                }
            });
            rx
        });
        // Streamed in batches: one thread reads and writes, two decode and format alternate
        // batches (both cores), and the batches are written in file order.
        std::thread::scope(|scope| -> Result<(), String> {
            let mut to_worker = Vec::new();
            let mut from_worker = Vec::new();
            for _ in 0..2 {
                let (tx, rx) = std::sync::mpsc::channel::<Vec<pdukit_frames::Frame>>();
                let (otx, orx) = std::sync::mpsc::channel();
                scope.spawn(move || {
                    for batch in rx {
                        if otx.send(format_batch(path, &batch, json, verbose)).is_err() {
                            break;
                        }
                    }
                });
                to_worker.push(tx);
                from_worker.push(orx);
            }
            let mut pending = std::collections::VecDeque::new();
            let mut seq = 0usize;
            let started = std::time::Instant::now();
            let mut shown = None::<std::time::Instant>;
            let flush = |w: usize,
                         out: &mut BufWriter<std::io::StdoutLock<'_>>,
                         unsupported: &mut BTreeMap<String, usize>|
             -> Result<(), String> {
                let (bytes, u) = from_worker[w]
                    .recv()
                    .map_err(|_| "a decoding thread stopped".to_string())?;
                out.write_all(&bytes).map_err(|e| stdout_error(&e))?;
                for (k, n) in u {
                    *unsupported.entry(k).or_insert(0) += n;
                }
                Ok(())
            };
            loop {
                let mut batch = Vec::with_capacity(BATCH);
                let done = if let Some(rx) = &live_rx {
                    let done = live_batch(rx, &mut batch, &mut error);
                    last = batch.last().map_or(last, |f| f.number);
                    done
                } else {
                    for f in reader.by_ref() {
                        match f {
                            Ok(f) => {
                                last = f.number;
                                batch.push(f);
                                if batch.len() == BATCH {
                                    break;
                                }
                            }
                            Err(e) => {
                                error = Some(e);
                                break;
                            }
                        }
                    }
                    batch.len() < BATCH
                };
                if !batch.is_empty() {
                    let w = seq % 2;
                    to_worker[w]
                        .send(batch)
                        .map_err(|_| "a decoding thread stopped".to_string())?;
                    pending.push_back(w);
                    seq += 1;
                }
                // A live input's frames are printed now, not when the next batch fills.
                let all = done || live;
                while pending.len() >= 2 || (all && !pending.is_empty()) {
                    let w = pending.pop_front().unwrap_or(0);
                    flush(w, &mut out, &mut unsupported)?;
                }
                if live {
                    out.flush().map_err(|e| stdout_error(&e))?;
                }
                let due = shown.map_or(started.elapsed(), |t| t.elapsed());
                if progress && due > core::time::Duration::from_millis(500) {
                    eprint!("\r{}: {last} frames", path.display());
                    shown = Some(std::time::Instant::now());
                }
                if done {
                    break;
                }
            }
            if shown.is_some() {
                eprint!("\r\x1b[K");
            }
            drop(to_worker);
            Ok(())
        })?;
        for (lt, n) in &unsupported {
            eprintln!(
                "pdukit: {}: link type {lt} is not supported ({n} frames skipped)",
                path.display()
            );
            failed.insert(path.clone());
        }
        if let Some(e) = &error {
            // What was decoded is printed; the error is reported and fails the run.
            eprintln!(
                "pdukit: {}: stopped after frame {last}: {e}",
                path.display()
            );
            failed.insert(path.clone());
        }
    }
    out.flush().map_err(|e| stdout_error(&e))?;
    match failed.len() {
        0 => Ok(()),
        1 => Err("1 capture could not be decoded in full".into()),
        n => Err(format!("{n} captures could not be decoded in full")),
    }
}

fn demo(testdata: &Path) -> Result<(), String> {
    let files = report::captures_in(testdata)?;
    let r = report::collect(&files, None)?;
    print_out(&report::text(
        &r,
        &format!("pdukit demo ({})", testdata.display()),
    ))?;
    warnings(&r)
}

/// Reports each capture that could not be read (or only in part): a warning each, and the run
/// fails once everything else is printed.
fn warnings(r: &report::Report) -> Result<(), String> {
    for w in r.warnings() {
        eprintln!("pdukit: warning: {w}");
    }
    match r.warnings().len() {
        0 => Ok(()),
        1 => Err("1 capture could not be read in full".into()),
        n => Err(format!("{n} captures could not be read in full")),
    }
}

fn run_report(files: &[PathBuf], own: Option<&str>, json: bool) -> Result<(), String> {
    let own = own
        .map(|m| {
            let b: Vec<u8> = m
                .split([':', '-'])
                .map(|x| u8::from_str_radix(x, 16))
                .collect::<Result<_, _>>()
                .map_err(|e| format!("--own {m:?}: {e}"))?;
            <[u8; 6]>::try_from(b).map_err(|_| format!("--own {m:?}: not a MAC address"))
        })
        .transpose()?;
    let r = report::collect(files, own)?;
    if json {
        print_out(&report::json(&r))?;
    } else {
        print_out(&report::text(&r, "pdukit report"))?;
    }
    warnings(&r)
}
