//! Reading pcap and pcapng captures into owned frames.

use core::time::Duration;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use pcap_file::pcap::PcapReader;
use pcap_file::pcapng::{Block, PcapNgReader};
use pcap_file::{DataLink, TsResolution};

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

const PCAPNG_MAGIC: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

/// Reads a pcap or pcapng file (detected by its magic number).
pub fn read_capture(path: impl AsRef<Path>) -> std::io::Result<Capture> {
    let path = path.as_ref();
    let mut magic = [0u8; 4];
    File::open(path)?.read_exact(&mut magic)?;
    let file = BufReader::new(File::open(path)?);
    Ok(if magic == PCAPNG_MAGIC {
        read_pcapng(file)
    } else {
        read_pcap(file)
    })
}

fn read_pcap(file: impl Read) -> Capture {
    let mut out = Capture::default();
    let mut reader = match PcapReader::new(file) {
        Ok(r) => r,
        Err(e) => {
            out.error = Some(format!("pcap header: {e}"));
            return out;
        }
    };
    // The link type is the low 16 bits; the upper ones may carry FCS information (pcap spec §4).
    let linktype = DataLink::from(u32::from(reader.header().datalink) & 0xffff);
    let nanos = reader.header().ts_resolution == TsResolution::NanoSecond;
    // Raw packets: pcap-file 2.0's validated `next_packet` rejects `orig_len > snap_len`, which
    // is exactly what every frame cut by the snap length looks like.
    while let Some(pkt) = reader.next_raw_packet() {
        match pkt {
            Ok(p) => out.frames.push(Frame {
                number: out.frames.len() + 1,
                timestamp: Duration::from_secs(u64::from(p.ts_sec))
                    + if nanos {
                        Duration::from_nanos(u64::from(p.ts_frac))
                    } else {
                        Duration::from_micros(u64::from(p.ts_frac))
                    },
                linktype,
                data: p.data.into_owned(),
                orig_len: p.orig_len,
            }),
            Err(e) => {
                out.error = Some(format!("after frame {}: {e}", out.frames.len()));
                break;
            }
        }
    }
    out
}

fn read_pcapng(file: impl Read) -> Capture {
    let mut out = Capture::default();
    let mut reader = match PcapNgReader::new(file) {
        Ok(r) => r,
        Err(e) => {
            out.error = Some(format!("pcapng section header: {e}"));
            return out;
        }
    };
    // Link type per interface id, in the order the interface blocks appear.
    let mut linktypes: Vec<DataLink> = Vec::new();
    loop {
        let block = match reader.next_block() {
            None => break,
            Some(Ok(b)) => b,
            Some(Err(e)) => {
                out.error = Some(format!("after frame {}: {e}", out.frames.len()));
                break;
            }
        };
        let (iface, timestamp, data, orig_len) = match block {
            Block::SectionHeader(_) => {
                linktypes.clear();
                continue;
            }
            Block::InterfaceDescription(idb) => {
                linktypes.push(idb.linktype);
                continue;
            }
            Block::EnhancedPacket(epb) => (
                epb.interface_id as usize,
                epb.timestamp,
                epb.data.into_owned(),
                epb.original_len,
            ),
            Block::SimplePacket(spb) => {
                (0, Duration::ZERO, spb.data.into_owned(), spb.original_len)
            }
            Block::Packet(pb) => (
                usize::from(pb.interface_id),
                Duration::from_micros(pb.timestamp),
                pb.data.into_owned(),
                pb.original_len,
            ),
            _ => continue,
        };
        let Some(&linktype) = linktypes.get(iface) else {
            out.error = Some(format!(
                "frame {}: unknown interface id {iface}",
                out.frames.len() + 1
            ));
            break;
        };
        out.frames.push(Frame {
            number: out.frames.len() + 1,
            timestamp,
            linktype,
            data,
            orig_len,
        });
    }
    out
}
