//! `pdukit craft`: pcaps of the test traffic the stories need, checksums right.

use core::net::Ipv4Addr;
use core::time::Duration;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use clap::Subcommand;
use etherparse::{EtherType, Ethernet2Header, IpDscp, IpNumber, Ipv4Header, Ipv4Options};
use pcap_file::pcap::{PcapPacket, PcapWriter};
use pdukit_icmp::field::{ipv4, ipv6};
use pdukit_igmp::{Message, RecordType, ReportV3Writer};
use pdukit_lacp::{write_ethernet_header as slow_eth, Lacpdu, PortInfo, State};
use pdukit_pppoe::{rules as roles, write_ethernet_header, ETHERTYPE_DISCOVERY};
use pdukit_wire::u16_at;

/// What to craft.
#[derive(Subcommand)]
pub enum Craft {
    /// IGMP joins cycling through N groups (Router Alert, TTL 1, checksums right).
    IgmpJoins {
        /// Distinct groups.
        #[arg(long, default_value_t = 100)]
        groups: u32,
        /// Reports to write (default: one per group).
        #[arg(long)]
        count: Option<u32>,
        /// IGMP version of the reports (2 or 3).
        #[arg(long, default_value_t = 3)]
        version: u8,
        /// Reports per second (timestamps).
        #[arg(long, default_value_t = 100.0)]
        rate: f64,
        /// First group.
        #[arg(long, default_value = "239.1.0.1")]
        first: Ipv4Addr,
        /// Reporter address.
        #[arg(long, default_value = "192.0.2.10")]
        source: Ipv4Addr,
        /// Output pcap.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// A PADI asking for a service.
    Padi {
        /// Service-Name (empty: any).
        #[arg(long, default_value = "")]
        service: String,
        /// Host-Uniq, hex.
        #[arg(long)]
        host_uniq: Option<String>,
        /// Output pcap.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// A v1 LACPDU.
    Lacpdu {
        /// Actor system MAC.
        #[arg(long, default_value = "02:00:00:00:00:01")]
        actor_system: String,
        /// Actor key.
        #[arg(long, default_value_t = 1)]
        actor_key: u16,
        /// Actor port.
        #[arg(long, default_value_t = 1)]
        actor_port: u16,
        /// Actor state octet (hex, e.g. 3d).
        #[arg(long, default_value = "3d")]
        actor_state: String,
        /// Partner system MAC (zero: unknown).
        #[arg(long, default_value = "00:00:00:00:00:00")]
        partner_system: String,
        /// Partner key.
        #[arg(long, default_value_t = 0)]
        partner_key: u16,
        /// Partner port.
        #[arg(long, default_value_t = 0)]
        partner_port: u16,
        /// Partner state octet (hex).
        #[arg(long, default_value = "00")]
        partner_state: String,
        /// Output pcap.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// An ICMPv6 Packet Too Big about a packet (hex from its IPv6 header on, or the first IPv6
    /// packet of a capture).
    PacketTooBig {
        /// MTU (at least 1280, the IPv6 minimum link MTU).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1280..))]
        mtu: u32,
        /// The packet that did not fit, hex.
        #[arg(long, conflicts_with = "from", required_unless_present = "from")]
        packet: Option<String>,
        /// Take the first IPv6 packet of this capture instead.
        #[arg(long)]
        from: Option<PathBuf>,
        /// The router sending the error.
        #[arg(long, default_value = "2001:db8:1::1")]
        router: core::net::Ipv6Addr,
        /// Output pcap.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// A PADR answering the first PADO in a capture: the AC-Cookie echoed, random, or left out
    /// (to prove an AC validates its cookies).
    Padr {
        /// Capture holding the PADO.
        #[arg(long)]
        from: PathBuf,
        /// echo | random | none.
        #[arg(long, default_value = "echo")]
        cookie: String,
        /// Service-Name to ask for.
        #[arg(long, default_value = "")]
        service: String,
        /// Output pcap.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// An L2TP SCCRQ (UDP 1701) with the mandatory AVPs; optionally a Challenge, and the
    /// Assigned Tunnel ID hidden with a secret.
    Sccrq {
        /// Our Assigned Tunnel ID.
        #[arg(long, default_value_t = 1)]
        tunnel: u16,
        /// Host Name.
        #[arg(long, default_value = "pdukit-lac")]
        host_name: String,
        /// A Challenge (hex).
        #[arg(long)]
        challenge: Option<String>,
        /// Hide the Assigned Tunnel ID with this shared secret.
        #[arg(long)]
        secret: Option<String>,
        /// LAC address.
        #[arg(long, default_value = "192.0.2.2")]
        src: Ipv4Addr,
        /// LNS address.
        #[arg(long, default_value = "192.0.2.1")]
        dst: Ipv4Addr,
        /// Output pcap.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// An L2TP StopCCN (UDP 1701) with a chosen result code, error code and message.
    Stopccn {
        /// The peer's tunnel ID (the header's Tunnel ID).
        #[arg(long, default_value_t = 1)]
        tunnel: u16,
        /// Result code.
        #[arg(long)]
        result: u16,
        /// Error code.
        #[arg(long)]
        error: Option<u16>,
        /// Error message (needs --error).
        #[arg(long, requires = "error")]
        message: Option<String>,
        /// LNS address.
        #[arg(long, default_value = "192.0.2.1")]
        src: Ipv4Addr,
        /// LAC address.
        #[arg(long, default_value = "192.0.2.2")]
        dst: Ipv4Addr,
        /// Output pcap.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// An ICMPv4 fragmentation-needed about a packet (hex from its IPv4 header on, or the first
    /// IPv4 packet of a capture).
    FragNeeded {
        /// Next-hop MTU (at least 68, the IPv4 minimum, RFC 791).
        #[arg(long, value_parser = clap::value_parser!(u16).range(68..))]
        mtu: u16,
        /// The packet that did not fit, hex.
        #[arg(long, conflicts_with = "from", required_unless_present = "from")]
        packet: Option<String>,
        /// Take the first IPv4 packet of this capture instead.
        #[arg(long)]
        from: Option<PathBuf>,
        /// The router sending the error.
        #[arg(long, default_value = "192.0.2.1")]
        router: Ipv4Addr,
        /// Output pcap.
        #[arg(short, long)]
        output: PathBuf,
    },
}

fn hex(s: &str) -> Result<Vec<u8>, String> {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    if !s.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits in {s:?}"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| format!("{s:?}: {e}")))
        .collect()
}

fn mac(s: &str) -> Result<[u8; 6], String> {
    <[u8; 6]>::try_from(hex(s)?).map_err(|_| format!("{s:?} is not a MAC address"))
}

fn writer(path: &PathBuf) -> Result<PcapWriter<BufWriter<File>>, String> {
    let f = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    PcapWriter::new(BufWriter::new(f)).map_err(|e| e.to_string())
}

/// Flushes what is buffered and reports a failure (a full disk, `/dev/full`): a capture that
/// was not written in full is an error, never a success.
fn finish(w: PcapWriter<BufWriter<File>>) -> Result<(), String> {
    use std::io::Write as _;
    let mut f = w.into_writer();
    f.flush().map_err(|e| format!("writing the capture: {e}"))?;
    f.get_ref()
        .sync_all()
        .or_else(|e| match e.kind() {
            // Not a regular file (a pipe, /dev/null): nothing to sync.
            std::io::ErrorKind::InvalidInput => Ok(()),
            _ => Err(e),
        })
        .map_err(|e| format!("writing the capture: {e}"))
}

fn write(w: &mut PcapWriter<BufWriter<File>>, ts: Duration, frame: &[u8]) -> Result<(), String> {
    w.write_packet(&PcapPacket::new(ts, frame.len() as u32, frame))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The IPv4 header of a crafted frame.
struct Ip<'a> {
    src: Ipv4Addr,
    dst: Ipv4Addr,
    ttl: u8,
    protocol: IpNumber,
    options: &'a [u8],
    tos_cs6: bool,
}

/// Ethernet + IPv4 around `payload`.
fn ipv4_frame(
    src_mac: [u8; 6],
    dst_mac: [u8; 6],
    h: Ip<'_>,
    payload: &[u8],
) -> Result<Vec<u8>, String> {
    let Ip {
        src,
        dst,
        ttl,
        protocol,
        options,
        tos_cs6,
    } = h;
    let mut ip =
        Ipv4Header::new(0, ttl, protocol, src.octets(), dst.octets()).map_err(|e| e.to_string())?;
    if tos_cs6 {
        ip.dscp = IpDscp::try_new(0x30).map_err(|e| e.to_string())?;
    }
    ip.options = Ipv4Options::try_from(options).map_err(|e| format!("{e:?}"))?;
    ip.set_payload_len(payload.len())
        .map_err(|e| e.to_string())?;
    ip.header_checksum = ip.calc_header_checksum();
    let eth = Ethernet2Header {
        source: src_mac,
        destination: dst_mac,
        ether_type: EtherType::IPV4,
    };
    let mut out = eth.to_bytes().to_vec();
    out.extend_from_slice(&ip.to_bytes());
    out.extend_from_slice(payload);
    Ok(out)
}

/// Ethernet + IPv4 + UDP (port 1701 both ways) around an L2TP message.
fn l2tp_frame(src: Ipv4Addr, dst: Ipv4Addr, msg: &[u8]) -> Result<Vec<u8>, String> {
    let port = pdukit_l2tp::UDP_PORT;
    let ip = Ipv4Header::new(
        (8 + msg.len()) as u16,
        64,
        IpNumber::UDP,
        src.octets(),
        dst.octets(),
    )
    .map_err(|e| e.to_string())?;
    let udp = etherparse::UdpHeader::with_ipv4_checksum(port, port, &ip, msg)
        .map_err(|e| e.to_string())?;
    let mut payload = udp.to_bytes().to_vec();
    payload.extend_from_slice(msg);
    let h = Ip {
        src,
        dst,
        ttl: 64,
        protocol: IpNumber::UDP,
        options: &[],
        tos_cs6: false,
    };
    ipv4_frame(
        [0x02, 0, 0, 0, 0x17, 0x01],
        [0x02, 0, 0, 0, 0x17, 0x02],
        h,
        &payload,
    )
}

/// Runs a craft command.
pub fn run(c: Craft) -> Result<(), String> {
    match c {
        Craft::IgmpJoins {
            groups,
            count,
            version,
            rate,
            first,
            source,
            output,
        } => {
            if groups == 0 || !rate.is_finite() || rate <= 0.0 || !(version == 2 || version == 3) {
                return Err("need --groups >= 1, --rate > 0 and --version 2 or 3".into());
            }
            // Every group multicast (224.0.0.0/4), the range not wrapping past 239.255.255.255.
            let last = u32::from(first).checked_add(groups - 1).map(Ipv4Addr::from);
            if !first.is_multicast() || !last.is_some_and(|l| l.is_multicast()) {
                return Err(format!(
                    "--first {first} --groups {groups}: the groups must all be multicast \
                     (224.0.0.0 to 239.255.255.255){}",
                    last.map(|l| format!("; the last would be {l}"))
                        .unwrap_or_default()
                ));
            }
            let mut w = writer(&output)?;
            let count = count.unwrap_or(groups);
            for i in 0..count {
                let group = Ipv4Addr::from(u32::from(first).wrapping_add(i % groups));
                let mut igmp = [0u8; 16];
                let (n, dst) = if version == 2 {
                    let n = Message::ReportV2 { group }
                        .emit(&mut igmp)
                        .map_err(|e| e.to_string())?;
                    (n, group)
                } else {
                    let mut r = ReportV3Writer::new(&mut igmp).map_err(|e| e.to_string())?;
                    r.record(RecordType::CHANGE_TO_EXCLUDE, group, &[][..], &[])
                        .map_err(|e| e.to_string())?;
                    (r.finish(), Ipv4Addr::new(224, 0, 0, 22))
                };
                let o = dst.octets();
                let dst_mac = [0x01, 0x00, 0x5e, o[1] & 0x7f, o[2], o[3]];
                let ip = Ip {
                    src: source,
                    dst,
                    ttl: 1,
                    protocol: IpNumber::IGMP,
                    options: &[0x94, 0x04, 0x00, 0x00], // Router Alert
                    tos_cs6: true,
                };
                let frame = ipv4_frame([0x02, 0, 0, 0, 0x10, 0x01], dst_mac, ip, &igmp[..n])?;
                write(&mut w, Duration::from_secs_f64(f64::from(i) / rate), &frame)?;
            }
            finish(w)?;
            eprintln!(
                "wrote {count} IGMPv{version} joins over {groups} groups to {}",
                output.display()
            );
        }
        Craft::Sccrq {
            tunnel,
            host_name,
            challenge,
            secret,
            src,
            dst,
            output,
        } => {
            let challenge = challenge.as_deref().map(hex).transpose()?;
            let rv: [u8; 16] = pseudo_random(16).try_into().map_err(|_| "random vector")?;
            let s = crate::l2tp::Sccrq {
                tunnel,
                host_name: host_name.as_bytes(),
                challenge: challenge.as_deref(),
                hide_with: secret.as_deref().map(|s| (s.as_bytes(), rv)),
            };
            let mut b = [0u8; 1400];
            let n = crate::l2tp::sccrq(&mut b, &s).map_err(|e| e.to_string())?;
            let mut w = writer(&output)?;
            write(&mut w, Duration::ZERO, &l2tp_frame(src, dst, &b[..n])?)?;
            finish(w)?;
        }
        Craft::Stopccn {
            tunnel,
            result,
            error,
            message,
            src,
            dst,
            output,
        } => {
            let msg = message.unwrap_or_default();
            let rc = pdukit_l2tp::ResultCode {
                result,
                error,
                message: msg.as_bytes(),
            };
            let mut b = [0u8; 1400];
            let n = crate::l2tp::stopccn(&mut b, tunnel, 1, rc).map_err(|e| e.to_string())?;
            let mut w = writer(&output)?;
            write(&mut w, Duration::ZERO, &l2tp_frame(src, dst, &b[..n])?)?;
            finish(w)?;
        }
        Craft::Padi {
            service,
            host_uniq,
            output,
        } => {
            let hu = host_uniq.as_deref().map(hex).transpose()?;
            let mut b = [0u8; 1514];
            let n = roles::padi(&mut b[14..], service.as_bytes(), hu.as_deref())
                .map_err(|e| e.to_string())?;
            write_ethernet_header(
                &mut b,
                [0xff; 6],
                [0x02, 0, 0, 0, 0xc1, 0x01],
                ETHERTYPE_DISCOVERY,
            )
            .map_err(|e| e.to_string())?;
            let mut w = writer(&output)?;
            write(&mut w, Duration::ZERO, &b[..14 + n])?;
            finish(w)?;
        }
        Craft::Lacpdu {
            actor_system,
            actor_key,
            actor_port,
            actor_state,
            partner_system,
            partner_key,
            partner_port,
            partner_state,
            output,
        } => {
            let state = |s: &str| {
                u8::from_str_radix(s.trim_start_matches("0x"), 16)
                    .map_err(|e| format!("state {s:?}: {e}"))
            };
            let actor = PortInfo {
                system_priority: 0x8000,
                system: mac(&actor_system)?,
                key: actor_key,
                port_priority: 0x8000,
                port: actor_port,
                state: State(state(&actor_state)?),
            };
            let partner = PortInfo {
                system_priority: 0x8000,
                system: mac(&partner_system)?,
                key: partner_key,
                port_priority: 0x8000,
                port: partner_port,
                state: State(state(&partner_state)?),
            };
            let mut b = [0u8; 124];
            slow_eth(&mut b, actor.system).map_err(|e| e.to_string())?;
            Lacpdu::v1(actor, partner, 0)
                .emit(&mut b[14..])
                .map_err(|e| e.to_string())?;
            let mut w = writer(&output)?;
            write(&mut w, Duration::ZERO, &b)?;
            finish(w)?;
        }
        Craft::PacketTooBig {
            mtu,
            packet,
            from,
            router,
            output,
        } => {
            let pkt = offending(packet.as_deref(), from.as_ref(), 6)?;
            let q =
                pdukit_icmp::QuotedIpv6::parse(&pkt, 0).map_err(|e| format!("--packet: {e}"))?;
            let dst = q.src();
            let mut icmp = [0u8; 1240];
            let n = pdukit_icmp::packet_too_big(&mut icmp, &pkt, mtu, &router, &dst)
                .map_err(|e| e.to_string())?;
            let ip = etherparse::Ipv6Header {
                payload_length: n as u16,
                next_header: IpNumber::IPV6_ICMP,
                hop_limit: 64,
                source: router.octets(),
                destination: dst.octets(),
                ..Default::default()
            };
            let eth = Ethernet2Header {
                source: [0x02, 0, 0, 0, 0x0a, 0x02],
                destination: [0x02, 0, 0, 0, 0x0a, 0x01],
                ether_type: EtherType::IPV6,
            };
            let mut frame = eth.to_bytes().to_vec();
            frame.extend_from_slice(&ip.to_bytes());
            frame.extend_from_slice(&icmp[..n]);
            let mut w = writer(&output)?;
            write(&mut w, Duration::ZERO, &frame)?;
            finish(w)?;
        }
        Craft::Padr {
            from,
            cookie,
            service,
            output,
        } => {
            let (ac, client, pado_bytes) = first_in(
                &from,
                |f| {
                    let d = pdukit_frames::dissect(f.linktype, &f.data);
                    let ok = d.ethertype == Some(ETHERTYPE_DISCOVERY)
                        && pdukit_pppoe::Discovery::parse(d.l2_payload)
                            .is_ok_and(|x| x.code() == pdukit_pppoe::Code::PADO);
                    ok.then(|| {
                        (
                            d.src_mac.unwrap_or_default(),
                            d.dst_mac.unwrap_or_default(),
                            d.l2_payload.to_vec(),
                        )
                    })
                },
                "PADO",
            )?;
            let pado = pdukit_pppoe::Discovery::parse(&pado_bytes).map_err(|e| e.to_string())?;
            let random: Vec<u8>;
            let choice = match cookie.as_str() {
                "echo" => roles::Cookie::Echo,
                "none" => roles::Cookie::Omit,
                "random" => {
                    let len = pado
                        .find(pdukit_pppoe::TagType::AC_COOKIE)
                        .map_or(20, |t| t.value.len());
                    random = pseudo_random(len);
                    roles::Cookie::Replace(&random)
                }
                other => return Err(format!("--cookie {other}: echo, random or none")),
            };
            let mut b = [0u8; 1514];
            let n = roles::padr_from_pado(&mut b[14..], &pado, service.as_bytes(), None, choice)
                .map_err(|e| e.to_string())?;
            write_ethernet_header(&mut b, ac, client, ETHERTYPE_DISCOVERY)
                .map_err(|e| e.to_string())?;
            let mut w = writer(&output)?;
            write(&mut w, Duration::ZERO, &b[..14 + n])?;
            finish(w)?;
        }
        Craft::FragNeeded {
            mtu,
            packet,
            from,
            router,
            output,
        } => {
            let pkt = offending(packet.as_deref(), from.as_ref(), 4)?;
            let q =
                pdukit_icmp::QuotedIpv4::parse(&pkt, 0).map_err(|e| format!("--packet: {e}"))?;
            let mut icmp = [0u8; 576];
            let n =
                pdukit_icmp::frag_needed(&mut icmp, &pkt, mtu, None).map_err(|e| e.to_string())?;
            let ip = Ip {
                src: router,
                dst: q.src(),
                ttl: 64,
                protocol: IpNumber::ICMP,
                options: &[],
                tos_cs6: false,
            };
            let frame = ipv4_frame(
                [0x02, 0, 0, 0, 0x0a, 0x02],
                [0x02, 0, 0, 0, 0x0a, 0x01],
                ip,
                &icmp[..n],
            )?;
            let mut w = writer(&output)?;
            write(&mut w, Duration::ZERO, &frame)?;
            finish(w)?;
        }
    }
    Ok(())
}

/// Bytes that differ run to run (a cookie the AC did not issue); not cryptographic.
fn pseudo_random(len: usize) -> Vec<u8> {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0x9e37_79b9_7f4a_7c15, |d| d.as_nanos() as u64)
        | 1;
    let mut x = seed;
    (0..len)
        .map(|_| {
            // xorshift64
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// The offending packet: hex given, or the first IPv`version` packet of a capture (from its IP
/// header to the end of the frame's IP packet).
fn offending(
    hex_arg: Option<&str>,
    from: Option<&PathBuf>,
    version: u8,
) -> Result<Vec<u8>, String> {
    if let Some(h) = hex_arg {
        return hex(h);
    }
    let path = from.ok_or("--packet or --from is needed")?;
    let what = if version == 4 {
        "IPv4 packet"
    } else {
        "IPv6 packet"
    };
    first_in(
        path,
        |f| {
            let d = pdukit_frames::dissect(f.linktype, &f.data);
            let ip = d.ip?;
            let is_v = match ip.src {
                core::net::IpAddr::V4(_) => version == 4,
                core::net::IpAddr::V6(_) => version == 6,
            };
            if !is_v {
                return None;
            }
            // The IP packet as captured, extension headers included: from the header's start in
            // the frame to the length the header declares (or the end of the capture).
            let start = (ip.header.as_ptr() as usize).checked_sub(f.data.as_ptr() as usize)?;
            let h = ip.header;
            let declared = match version {
                4 => usize::from(u16_at(h, ipv4::TOTAL_LEN)),
                _ => ipv6::HEADER_LEN + usize::from(u16_at(h, ipv6::PAYLOAD_LEN)),
            };
            let end = (start + declared).min(f.data.len());
            f.data.get(start..end).map(<[u8]>::to_vec)
        },
        what,
    )
}

/// The first frame of the capture at `path` that `pick` takes, read frame by frame and no
/// further (a large capture is not loaded). A file that is not a capture, or one damaged before
/// such a frame, says so; one without such a frame says which it lacks.
fn first_in<T>(
    path: &std::path::Path,
    mut pick: impl FnMut(&pdukit_frames::Frame) -> Option<T>,
    what: &str,
) -> Result<T, String> {
    let frames = pdukit_frames::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut n = 0usize;
    for f in frames {
        let f = f.map_err(|e| format!("{}: after frame {n}: {e}", path.display()))?;
        n += 1;
        if let Some(t) = pick(&f) {
            return Ok(t);
        }
    }
    Err(format!("{}: no {what} in its {n} frames", path.display()))
}
