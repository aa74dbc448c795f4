//! Writes a pcap of path-MTU probes: IPv4 echo requests of exact total lengths, Don't Fragment
//! set, IPv4 and ICMP checksums right — replay them (or send them) and see which sizes come back.
//!
//! ```text
//! cargo run -p pdukit-icmp --example mtu_probe -- probes.pcap 1500 1492 1480 1400 1280 576
//! ```

use core::net::Ipv4Addr;
use core::time::Duration;
use std::fs::File;
use std::io::{BufWriter, Write};

use etherparse::{IpNumber, Ipv4Header};
use pcap_file::pcap::{PcapPacket, PcapWriter};
use pdukit_icmp::echo_request;

/// One probe frame: Ethernet + IPv4 (DF, TTL 64) + echo request, `ip_len` bytes of IP packet.
pub fn probe_frame(
    frame: &mut [u8],
    ip_len: u16,
    seq: u16,
    src: Ipv4Addr,
    dst: Ipv4Addr,
) -> Result<usize, String> {
    if ip_len < 28 {
        return Err(format!(
            "{ip_len}: an IPv4 echo request is at least 28 bytes"
        ));
    }
    let icmp_len = usize::from(ip_len) - 20;
    let body = frame.get_mut(34..).ok_or("frame buffer too small")?;
    let n = echo_request(body, 0x7064, seq, icmp_len - 8).map_err(|e| e.to_string())?;
    let mut ip = Ipv4Header::new(n as u16, 64, IpNumber::ICMP, src.octets(), dst.octets())
        .map_err(|e| e.to_string())?;
    ip.dont_fragment = true;
    ip.identification = seq;
    ip.header_checksum = ip.calc_header_checksum();
    frame[..6].copy_from_slice(&[0x02, 0, 0, 0, 0, 0x02]);
    frame[6..12].copy_from_slice(&[0x02, 0, 0, 0, 0, 0x01]);
    frame[12..14].copy_from_slice(&[0x08, 0x00]);
    frame[14..34].copy_from_slice(&ip.to_bytes());
    Ok(34 + n)
}

/// Writes one probe per size, 100 ms apart; returns the number written.
pub fn write_probes<W: Write>(out: W, sizes: &[u16]) -> Result<usize, String> {
    let mut w = PcapWriter::new(out).map_err(|e| e.to_string())?;
    let mut frame = vec![0u8; 65535 + 14];
    let (src, dst) = (Ipv4Addr::new(192, 0, 2, 2), Ipv4Addr::new(198, 51, 100, 2));
    for (i, &size) in sizes.iter().enumerate() {
        let n = probe_frame(&mut frame, size, i as u16 + 1, src, dst)?;
        let ts = Duration::from_millis(100 * i as u64);
        w.write_packet(&PcapPacket::new(ts, n as u32, &frame[..n]))
            .map_err(|e| e.to_string())?;
    }
    Ok(sizes.len())
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: mtu_probe OUT.pcap SIZE...")?;
    let sizes: Vec<u16> = args
        .map(|a| a.parse().map_err(|e| format!("{a}: {e}")))
        .collect::<Result<_, _>>()?;
    let file = File::create(&path).map_err(|e| format!("{path}: {e}"))?;
    let n = write_probes(BufWriter::new(file), &sizes)?;
    eprintln!("wrote {n} DF echo requests to {path}");
    Ok(())
}
