//! Reading pcap and pcapng captures, streamed, as leniently as tshark: pcapng options of any
//! length or unknown code are skipped (the two we use, `if_tsresol` and `if_tsoffset`, are read
//! when well-formed), unknown block types are skipped, every section may change byte order and
//! interfaces (each with its own link type and timestamp resolution), and a truncated last
//! block or record ends the stream with an error after the frames before it.
//!
//! Hand-written rather than pcap-file's pcapng reader, which rejects real files (an
//! `if_fcslen` option of another length than 1 stops it at the first block); pcap-file still
//! writes our captures.

use core::time::Duration;
use std::fs::File;
use std::io::{BufReader, ErrorKind, Read};
use std::path::Path;

pub use pcap_file::DataLink;

/// One captured frame.
#[derive(Clone, Debug)]
pub struct Frame {
    /// 1-based frame number, as Wireshark counts.
    pub number: usize,
    /// Capture timestamp since the epoch.
    pub timestamp: Duration,
    /// Link-layer type of the interface that captured it.
    pub linktype: DataLink,
    /// Captured bytes (possibly fewer than `orig_len`).
    pub data: Vec<u8>,
    /// Length of the frame on the wire.
    pub orig_len: u32,
}

impl Frame {
    /// True when the snap length cut the frame short.
    pub fn is_truncated(&self) -> bool {
        (self.data.len() as u64) < u64::from(self.orig_len)
    }
}

/// The frames of a capture, and the error that stopped reading early, if any (a truncated file
/// still yields the frames before the damage).
#[derive(Debug, Default)]
pub struct Capture {
    /// Frames read, in file order.
    pub frames: Vec<Frame>,
    /// Why reading stopped before the end of the file.
    pub error: Option<String>,
}

const PCAPNG_MAGIC: u32 = 0x0a0d_0d0a;
const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;
/// A block larger than this is damage, not a frame (tshark's limit is of the same order).
const MAX_BLOCK: usize = 256 * 1024 * 1024;

#[derive(Clone, Copy, Debug)]
struct Interface {
    linktype: DataLink,
    /// Timestamp units per second.
    units: u64,
    /// Seconds added to every timestamp.
    offset: i64,
}

#[derive(Debug)]
enum Format {
    Pcap {
        big_endian: bool,
        nanos: bool,
        linktype: DataLink,
    },
    Pcapng {
        big_endian: bool,
        interfaces: Vec<Interface>,
    },
}

/// A streaming reader over the frames of one capture.
#[derive(Debug)]
pub struct Reader<R> {
    input: R,
    format: Format,
    number: usize,
    done: bool,
}

/// Opens a pcap or pcapng file (detected by its magic number) for streaming.
pub fn open(path: impl AsRef<Path>) -> std::io::Result<Reader<BufReader<File>>> {
    Reader::new(BufReader::with_capacity(1 << 16, File::open(path)?))
}

/// Reads a whole pcap or pcapng file; a damaged end keeps the frames before it.
pub fn read_capture(path: impl AsRef<Path>) -> std::io::Result<Capture> {
    let mut out = Capture::default();
    let reader = match open(path) {
        Ok(r) => r,
        Err(e) if e.kind() == ErrorKind::InvalidData => {
            out.error = Some(e.to_string());
            return Ok(out);
        }
        Err(e) => return Err(e),
    };
    for f in reader {
        match f {
            Ok(f) => out.frames.push(f),
            Err(e) => {
                out.error = Some(e);
                break;
            }
        }
    }
    Ok(out)
}

fn u16_of(b: [u8; 2], be: bool) -> u16 {
    if be {
        u16::from_be_bytes(b)
    } else {
        u16::from_le_bytes(b)
    }
}

fn u32_of(b: &[u8], at: usize, be: bool) -> u32 {
    let mut x = [0u8; 4];
    if let Some(s) = b.get(at..at + 4) {
        x.copy_from_slice(s);
    }
    if be {
        u32::from_be_bytes(x)
    } else {
        u32::from_le_bytes(x)
    }
}

/// Fills `buf` or says how much was there: `Ok(true)` full, `Ok(false)` clean end before the
/// first byte, `Err` a short read (a truncated file).
fn fill(input: &mut impl Read, buf: &mut [u8]) -> Result<bool, String> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) if got == 0 => return Ok(false),
            Ok(0) => return Err(format!("truncated: {got} of {} bytes", buf.len())),
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(true)
}

/// Reads exactly `n` bytes into a vector that grows with what arrives (a length field that lies
/// costs no more memory than the bytes present); `Ok(None)` at a clean end, `Err` when the
/// input ends inside.
fn read_exactly(input: &mut impl Read, n: usize) -> Result<Option<Vec<u8>>, String> {
    let mut v = Vec::with_capacity(n.min(1 << 16));
    input
        .take(n as u64)
        .read_to_end(&mut v)
        .map_err(|e| e.to_string())?;
    match v.len() {
        0 if n > 0 => Ok(None),
        got if got < n => Err(format!("truncated: {got} of {n} bytes")),
        _ => Ok(Some(v)),
    }
}

fn invalid(s: String) -> std::io::Error {
    std::io::Error::new(ErrorKind::InvalidData, s)
}

/// The interface an IDB body describes (options read leniently).
fn interface(body: &[u8], be: bool) -> Interface {
    let lt = body.get(0..2).map_or(0, |b| u16_of([b[0], b[1]], be));
    let mut iface = Interface {
        linktype: DataLink::from(u32::from(lt)),
        units: 1_000_000,
        offset: 0,
    };
    // Options after linktype (2), reserved (2), snaplen (4).
    let mut at = 8usize;
    while let Some(h) = body.get(at..at + 4) {
        let code = u16_of([h[0], h[1]], be);
        let len = usize::from(u16_of([h[2], h[3]], be));
        let Some(v) = body.get(at + 4..at + 4 + len) else {
            break;
        };
        match (code, len) {
            (0, _) => break,
            (9, 1) => {
                let r = v[0];
                let exp = u32::from(r & 0x7f);
                iface.units = if r & 0x80 == 0 {
                    10u64.checked_pow(exp).unwrap_or(1_000_000)
                } else {
                    1u64.checked_shl(exp).unwrap_or(1_000_000)
                };
            }
            (14, 8) => {
                let mut x = [0u8; 8];
                x.copy_from_slice(v);
                iface.offset = if be {
                    i64::from_be_bytes(x)
                } else {
                    i64::from_le_bytes(x)
                };
            }
            // Any other option, of any length (if_fcslen included): skipped.
            _ => {}
        }
        at += 4 + len.div_ceil(4) * 4;
    }
    iface
}

fn timestamp(iface: &Interface, ticks: u64) -> Duration {
    let units = iface.units.max(1);
    let secs = (ticks / units).saturating_add_signed(iface.offset);
    let frac = ticks % units;
    let nanos = u128::from(frac) * 1_000_000_000 / u128::from(units);
    Duration::new(secs, nanos as u32)
}

impl<R: Read> Reader<R> {
    /// A reader over a pcap or pcapng stream; reads the file or section header.
    pub fn new(mut input: R) -> std::io::Result<Self> {
        // A header cut short says so in words (not "failed to fill whole buffer").
        let cut = |what: &'static str| {
            move |e: std::io::Error| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => invalid(what.into()),
                _ => e,
            }
        };
        let mut magic = [0u8; 4];
        let mut got = 0;
        while got < 4 {
            match input.read(&mut magic[got..]) {
                Ok(0) if got == 0 => return Err(invalid("empty file, not a capture".into())),
                Ok(0) => return Err(invalid("not a capture: shorter than a file header".into())),
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let m = u32::from_le_bytes(magic);
        let format = if m == PCAPNG_MAGIC {
            let mut rest = [0u8; 8];
            input
                .read_exact(&mut rest)
                .map_err(cut("pcapng section header truncated"))?;
            let be = match u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) {
                BYTE_ORDER_MAGIC => false,
                x if x.swap_bytes() == BYTE_ORDER_MAGIC => true,
                x => return Err(invalid(format!("pcapng byte-order magic {x:#010x}"))),
            };
            let len = u32_of(&rest, 0, be) as usize;
            if !(28..=MAX_BLOCK).contains(&len) || !len.is_multiple_of(4) {
                return Err(invalid(format!("pcapng section header length {len}")));
            }
            read_exactly(&mut input, len - 12)
                .map_err(invalid)?
                .ok_or_else(|| invalid("truncated section header".into()))?;
            Format::Pcapng {
                big_endian: be,
                interfaces: Vec::new(),
            }
        } else {
            let (be, nanos) = match m {
                0xa1b2_c3d4 => (false, false),
                0xa1b2_3c4d => (false, true),
                0xd4c3_b2a1 => (true, false),
                0x4d3c_b2a1 => (true, true),
                _ => {
                    return Err(invalid(format!(
                        "not a pcap or pcapng file (magic {m:#010x})"
                    )))
                }
            };
            let mut h = [0u8; 20];
            input
                .read_exact(&mut h)
                .map_err(cut("pcap file header truncated"))?;
            // The link type is the low 16 bits; the upper ones may carry FCS information.
            let linktype = DataLink::from(u32_of(&h, 16, be) & 0xffff);
            Format::Pcap {
                big_endian: be,
                nanos,
                linktype,
            }
        };
        Ok(Reader {
            input,
            format,
            number: 0,
            done: false,
        })
    }

    fn next_pcap(
        &mut self,
        be: bool,
        nanos: bool,
        linktype: DataLink,
    ) -> Result<Option<Frame>, String> {
        let mut h = [0u8; 16];
        if !fill(&mut self.input, &mut h)? {
            return Ok(None);
        }
        let (sec, frac) = (u32_of(&h, 0, be), u32_of(&h, 4, be));
        let (caplen, orig_len) = (u32_of(&h, 8, be) as usize, u32_of(&h, 12, be));
        if caplen > MAX_BLOCK {
            return Err(format!("record length {caplen}"));
        }
        let data =
            read_exactly(&mut self.input, caplen)?.ok_or_else(|| "truncated record".to_string())?;
        let timestamp = Duration::from_secs(u64::from(sec))
            + if nanos {
                Duration::from_nanos(u64::from(frac))
            } else {
                Duration::from_micros(u64::from(frac))
            };
        Ok(Some(Frame {
            number: 0,
            timestamp,
            linktype,
            data,
            orig_len,
        }))
    }

    fn next_pcapng(&mut self) -> Result<Option<Frame>, String> {
        loop {
            let Format::Pcapng { big_endian, .. } = self.format else {
                return Ok(None);
            };
            let mut h = [0u8; 8];
            if !fill(&mut self.input, &mut h)? {
                return Ok(None);
            }
            let btype = u32_of(&h, 0, big_endian);
            // A section header may switch byte order: its length is read after its magic.
            if btype == PCAPNG_MAGIC {
                let mut bom = [0u8; 4];
                fill(&mut self.input, &mut bom)?;
                let be = match u32::from_le_bytes(bom) {
                    BYTE_ORDER_MAGIC => false,
                    x if x.swap_bytes() == BYTE_ORDER_MAGIC => true,
                    x => return Err(format!("pcapng byte-order magic {x:#010x}")),
                };
                let len = u32_of(&h, 4, be) as usize;
                if !(28..=MAX_BLOCK).contains(&len) || !len.is_multiple_of(4) {
                    return Err(format!("section header length {len}"));
                }
                read_exactly(&mut self.input, len - 12)?
                    .ok_or_else(|| "truncated section header".to_string())?;
                self.format = Format::Pcapng {
                    big_endian: be,
                    interfaces: Vec::new(),
                };
                continue;
            }
            let len = u32_of(&h, 4, big_endian) as usize;
            if !(12..=MAX_BLOCK).contains(&len) {
                return Err(format!("block of type {btype:#x} with length {len}"));
            }
            // Bodies are padded to 4 bytes; a writer that did not pad is read as it is.
            let mut body = read_exactly(&mut self.input, len - 8)?
                .ok_or_else(|| format!("truncated block of type {btype:#x}"))?;
            body.truncate(len - 12);
            // Custom blocks and systemd journal entries are frames in tshark's numbering (it
            // shows them); we count them and yield nothing, so frame numbers stay tshark's.
            if matches!(btype, 0x0000_0bad | 0x4000_0bad | 9) {
                self.number += 1;
                continue;
            }
            let Format::Pcapng { interfaces, .. } = &mut self.format else {
                return Ok(None);
            };
            let be = big_endian;
            let (iface, ticks, caplen, orig_len, data_at) = match btype {
                1 => {
                    interfaces.push(interface(&body, be));
                    continue;
                }
                6 => (
                    u32_of(&body, 0, be) as usize,
                    (u64::from(u32_of(&body, 4, be)) << 32) | u64::from(u32_of(&body, 8, be)),
                    u32_of(&body, 12, be) as usize,
                    u32_of(&body, 16, be),
                    20,
                ),
                3 => {
                    let orig = u32_of(&body, 0, be);
                    (
                        0,
                        0,
                        (orig as usize).min(body.len().saturating_sub(4)),
                        orig,
                        4,
                    )
                }
                2 => (
                    usize::from(u16_of(
                        [
                            body.first().copied().unwrap_or(0),
                            body.get(1).copied().unwrap_or(0),
                        ],
                        be,
                    )),
                    (u64::from(u32_of(&body, 4, be)) << 32) | u64::from(u32_of(&body, 8, be)),
                    u32_of(&body, 12, be) as usize,
                    u32_of(&body, 16, be),
                    20,
                ),
                // Name resolution, statistics, custom, decryption secrets, unknown: skipped.
                _ => continue,
            };
            let Some(i) = interfaces.get(iface).copied() else {
                return Err(format!("unknown interface id {iface}"));
            };
            let data = body
                .get(data_at..data_at + caplen)
                .ok_or_else(|| format!("packet of {caplen} bytes in a block of {len}"))?
                .to_vec();
            return Ok(Some(Frame {
                number: 0,
                timestamp: if btype == 3 {
                    Duration::ZERO
                } else {
                    timestamp(&i, ticks)
                },
                linktype: i.linktype,
                data,
                orig_len,
            }));
        }
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<Frame, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = match self.format {
            Format::Pcap {
                big_endian,
                nanos,
                linktype,
            } => self.next_pcap(big_endian, nanos, linktype),
            Format::Pcapng { .. } => self.next_pcapng(),
        };
        match r {
            Ok(Some(mut f)) => {
                self.number += 1;
                f.number = self.number;
                Some(Ok(f))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(format!("after frame {}: {e}", self.number)))
            }
        }
    }
}
