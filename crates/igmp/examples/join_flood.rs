//! Writes a pcap of valid IGMP joins for N groups, to replay at a router or switch.
//!
//! Every frame is Ethernet + IPv4 (TTL 1, TOS 0xc0, Router Alert option, RFC 2236 §2 /
//! RFC 3376 §4) + an IGMP report with its checksum; the IPv4 header checksum is right too. Group
//! addresses cycle from `--first`; timestamps follow `--rate` packets per second.
//!
//! ```text
//! cargo run -p pdukit-igmp --example join_flood -- --groups 10000 --version 3 --rate 1000 --out joins.pcap
//! ```
//!
//! Options: `--groups N` (default 100), `--packets M` (default N; groups repeat when M > N),
//! `--version 2|3` (default 3), `--records K` (v3: groups per report, default 1), `--rate PPS`
//! (default 100), `--first A.B.C.D` (default 239.1.0.1), `--src-ip`, `--src-mac`, `--out FILE`.

use core::net::Ipv4Addr;
use core::time::Duration;
use std::fs::File;
use std::io::{BufWriter, Write};

use etherparse::{EtherType, Ethernet2Header, IpDscp, IpNumber, Ipv4Header, Ipv4Options};
use pcap_file::pcap::{PcapPacket, PcapWriter};
use pdukit_igmp::{Message, RecordType, ReportV3Writer};

/// All-IGMPv3-routers (RFC 3376 §4.2.14): where v3 reports go.
pub const ALL_V3_ROUTERS: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 22);
/// IPv4 Router Alert option (RFC 2113), as IGMP requires.
pub const ROUTER_ALERT: [u8; 4] = [0x94, 0x04, 0x00, 0x00];
/// Frame headers: Ethernet 14 + IPv4 20 + Router Alert 4.
pub const HEADERS_LEN: usize = 14 + 24;

/// The Ethernet address a multicast IPv4 address maps to (RFC 1112 §6.4).
pub fn multicast_mac(ip: Ipv4Addr) -> [u8; 6] {
    let o = ip.octets();
    [0x01, 0x00, 0x5e, o[1] & 0x7f, o[2], o[3]]
}

/// The `i`-th group counting up from `first` (wrapping within 32 bits).
pub fn nth_group(first: Ipv4Addr, i: u32) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(first).wrapping_add(i))
}

/// Wraps an IGMP message (already in `frame[HEADERS_LEN..HEADERS_LEN + igmp_len]`) in Ethernet
/// and IPv4 headers with Router Alert and TTL 1; returns the frame length.
pub fn wrap(
    frame: &mut [u8],
    igmp_len: usize,
    src_mac: [u8; 6],
    src_ip: Ipv4Addr,
    dst_ip: Ipv4Addr,
) -> Result<usize, String> {
    let mut ip = Ipv4Header::new(
        igmp_len as u16,
        1,
        IpNumber::IGMP,
        src_ip.octets(),
        dst_ip.octets(),
    )
    .map_err(|e| e.to_string())?;
    ip.dscp = IpDscp::try_new(0x30).map_err(|e| e.to_string())?; // TOS 0xc0 (CS6)
    ip.options = Ipv4Options::from(ROUTER_ALERT);
    ip.set_payload_len(igmp_len).map_err(|e| e.to_string())?;
    ip.header_checksum = ip.calc_header_checksum();
    let eth = Ethernet2Header {
        source: src_mac,
        destination: multicast_mac(dst_ip),
        ether_type: EtherType::IPV4,
    };
    let (e, rest) = frame.split_at_mut(14);
    e.copy_from_slice(&eth.to_bytes());
    rest[..24].copy_from_slice(&ip.to_bytes());
    Ok(HEADERS_LEN + igmp_len)
}

/// One join frame: a v2 report for `groups[0]`, or a v3 report with one CHANGE_TO_EXCLUDE({})
/// record per group (an any-source join, RFC 3376 §5.1), each with the given sources as
/// ALLOW_NEW_SOURCES instead when `sources` is not empty (a source-specific join).
pub fn join_frame(
    frame: &mut [u8],
    version: u8,
    groups: &[Ipv4Addr],
    sources: &[Ipv4Addr],
    src_mac: [u8; 6],
    src_ip: Ipv4Addr,
) -> Result<usize, String> {
    let body = frame
        .get_mut(HEADERS_LEN..)
        .ok_or("frame buffer too small")?;
    let (n, dst) = match version {
        2 => {
            let group = *groups.first().ok_or("no group")?;
            let n = Message::ReportV2 { group }
                .emit(body)
                .map_err(|e| e.to_string())?;
            (n, group)
        }
        3 => {
            let mut w = ReportV3Writer::new(body).map_err(|e| e.to_string())?;
            for g in groups {
                if sources.is_empty() {
                    w.record(RecordType::CHANGE_TO_EXCLUDE, *g, &[][..], &[])
                } else {
                    w.record(RecordType::ALLOW_NEW_SOURCES, *g, sources, &[])
                }
                .map_err(|e| e.to_string())?;
            }
            (w.finish(), ALL_V3_ROUTERS)
        }
        v => return Err(format!("IGMP version {v}: joins are v2 or v3")),
    };
    wrap(frame, n, src_mac, src_ip, dst)
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Opts {
    /// Distinct groups.
    pub groups: u32,
    /// Frames to write (default: enough to cover every group once).
    pub packets: Option<u32>,
    /// IGMP version of the reports: 2 or 3.
    pub version: u8,
    /// v3: group records per report.
    pub records: u32,
    /// Frames per second (timestamps).
    pub rate: f64,
    /// First group address.
    pub first: Ipv4Addr,
    /// Reporter's IPv4 address.
    pub src_ip: Ipv4Addr,
    /// Reporter's MAC address.
    pub src_mac: [u8; 6],
    /// Output file.
    pub out: String,
}

fn parse_mac(s: &str) -> Result<[u8; 6], String> {
    let mut mac = [0u8; 6];
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() != 6 {
        return Err(format!("bad MAC {s}"));
    }
    for (m, p) in mac.iter_mut().zip(parts) {
        *m = u8::from_str_radix(p, 16).map_err(|_| format!("bad MAC {s}"))?;
    }
    Ok(mac)
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            groups: 100,
            packets: None,
            version: 3,
            records: 1,
            rate: 100.0,
            first: Ipv4Addr::new(239, 1, 0, 1),
            src_ip: Ipv4Addr::new(192, 0, 2, 10),
            src_mac: [0x02, 0, 0, 0, 0x10, 0x01],
            out: "joins.pcap".into(),
        }
    }
}

fn opts() -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut v = || args.next().ok_or(format!("{a} needs a value"));
        let bad = |e: &dyn core::fmt::Display| format!("{a}: {e}");
        match a.as_str() {
            "--groups" => o.groups = v()?.parse().map_err(|e| bad(&e))?,
            "--packets" => o.packets = Some(v()?.parse().map_err(|e| bad(&e))?),
            "--version" => o.version = v()?.parse().map_err(|e| bad(&e))?,
            "--records" => o.records = v()?.parse().map_err(|e| bad(&e))?,
            "--rate" => o.rate = v()?.parse().map_err(|e| bad(&e))?,
            "--first" => o.first = v()?.parse().map_err(|e| bad(&e))?,
            "--src-ip" => o.src_ip = v()?.parse().map_err(|e| bad(&e))?,
            "--src-mac" => o.src_mac = parse_mac(&v()?)?,
            "--out" => o.out = v()?,
            _ => {
                return Err(format!(
                    "unknown option {a} (see the example's doc comment)"
                ))
            }
        }
    }
    if o.groups == 0 || !o.rate.is_finite() || o.rate <= 0.0 || o.records == 0 || o.records > 180 {
        return Err("--groups >= 1, --rate > 0 and 1 <= --records <= 180 (one frame)".into());
    }
    Ok(o)
}

/// Writes the pcap to `out`; returns the number of frames.
pub fn write_joins<W: Write>(out: W, o: &Opts) -> Result<u32, String> {
    let mut w = PcapWriter::new(out).map_err(|e| e.to_string())?;
    let per = if o.version == 3 { o.records } else { 1 };
    let packets = o.packets.unwrap_or(o.groups.div_ceil(per));
    let mut frame = [0u8; 1514];
    let mut groups = Vec::with_capacity(per as usize);
    for p in 0..packets {
        groups.clear();
        groups.extend((0..per).map(|k| nth_group(o.first, (p * per + k) % o.groups)));
        let n = join_frame(&mut frame, o.version, &groups, &[], o.src_mac, o.src_ip)?;
        let ts = Duration::from_secs_f64(f64::from(p) / o.rate);
        w.write_packet(&PcapPacket::new(ts, n as u32, &frame[..n]))
            .map_err(|e| e.to_string())?;
    }
    Ok(packets)
}

fn main() -> Result<(), String> {
    let o = opts()?;
    let file = File::create(&o.out).map_err(|e| format!("{}: {e}", o.out))?;
    let packets = write_joins(BufWriter::new(file), &o)?;
    eprintln!(
        "wrote {packets} IGMPv{} join frames for {} groups from {} to {}",
        o.version, o.groups, o.first, o.out
    );
    Ok(())
}
