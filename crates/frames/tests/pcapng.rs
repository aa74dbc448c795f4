//! A generated corpus of pcapng edge cases (each oddity tshark reads: options of unexpected
//! length or unknown code, unknown block types, several interfaces with different link types and
//! timestamp resolutions, big-endian sections, several sections, simple and obsolete packet
//! blocks, a truncated last block), each checked against tshark's frame count and timestamps.

use std::path::{Path, PathBuf};
use std::process::Command;

use pdukit_frames::{open, read_capture, DataLink};

/// A pcapng writer for the corpus, in either byte order.
struct W {
    be: bool,
    out: Vec<u8>,
}

impl W {
    fn u16(&self, v: u16) -> [u8; 2] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    fn u32(&self, v: u32) -> [u8; 4] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    fn block(&mut self, btype: u32, body: &[u8]) {
        let mut b = body.to_vec();
        while !b.len().is_multiple_of(4) {
            b.push(0);
        }
        let len = (b.len() + 12) as u32;
        let (t, l) = (self.u32(btype), self.u32(len));
        self.out.extend_from_slice(&t);
        self.out.extend_from_slice(&l);
        self.out.extend_from_slice(&b);
        self.out.extend_from_slice(&l);
    }
    fn section(&mut self, be: bool) {
        self.be = be;
        let mut body = Vec::new();
        body.extend_from_slice(&self.u32(0x1a2b_3c4d));
        body.extend_from_slice(&self.u16(1));
        body.extend_from_slice(&self.u16(0));
        body.extend_from_slice(&[0xff; 8]); // section length unknown
        self.block(0x0a0d_0d0a, &body);
    }
    fn option(&self, body: &mut Vec<u8>, code: u16, value: &[u8]) {
        body.extend_from_slice(&self.u16(code));
        body.extend_from_slice(&self.u16(value.len() as u16));
        body.extend_from_slice(value);
        while !body.len().is_multiple_of(4) {
            body.push(0);
        }
    }
    fn interface(&mut self, linktype: u16, options: &[(u16, Vec<u8>)]) {
        let mut body = Vec::new();
        body.extend_from_slice(&self.u16(linktype));
        body.extend_from_slice(&self.u16(0));
        body.extend_from_slice(&self.u32(65535));
        for (c, v) in options {
            self.option(&mut body, *c, v);
        }
        if !options.is_empty() {
            self.option(&mut body, 0, &[]);
        }
        self.block(1, &body);
    }
    fn epb(&mut self, iface: u32, ticks: u64, data: &[u8]) {
        let mut body = Vec::new();
        body.extend_from_slice(&self.u32(iface));
        body.extend_from_slice(&self.u32((ticks >> 32) as u32));
        body.extend_from_slice(&self.u32(ticks as u32));
        body.extend_from_slice(&self.u32(data.len() as u32));
        body.extend_from_slice(&self.u32(data.len() as u32));
        body.extend_from_slice(data);
        self.block(6, &body);
    }
}

/// An Ethernet frame carrying an IPv4/UDP datagram, and the same IPv4 packet raw.
fn frames() -> (Vec<u8>, Vec<u8>) {
    let ip: Vec<u8> = [
        0x45, 0, 0, 29, 0, 1, 0, 0, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2, 0x04, 0xd2, 0x16,
        0x2e, 0, 9, 0, 0, 0x42,
    ]
    .to_vec();
    let mut eth = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0];
    eth.extend_from_slice(&ip);
    (eth, ip)
}

fn corpus(dir: &Path) -> Vec<(PathBuf, usize)> {
    let (eth, ip) = frames();
    let mut files = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>, frames: usize| {
        let p = dir.join(format!("{name}.pcapng"));
        std::fs::write(&p, bytes).unwrap();
        files.push((p, frames));
    };
    // 1. if_fcslen of length 4 (what stopped pcap-file) and an unknown option of length 3.
    let mut w = W {
        be: false,
        out: Vec::new(),
    };
    w.section(false);
    w.interface(
        1,
        &[
            (13, vec![4, 0, 0, 0]),
            (0x7abc, vec![1, 2, 3]),
            (2, b"eth0".to_vec()),
        ],
    );
    w.epb(0, 1_700_000_000_000_000, &eth);
    w.epb(0, 1_700_000_000_500_000, &eth);
    put("odd-options", w.out, 2);
    // 2. Other block types between packets: name resolution, statistics, an unknown type, and a
    //    custom block (which tshark numbers as a frame of its own, so the next packet is 3).
    let mut w = W {
        be: false,
        out: Vec::new(),
    };
    w.section(false);
    w.interface(1, &[]);
    w.block(4, &[0, 0, 0, 0]);
    w.epb(0, 1, &eth);
    w.block(0x7777, &[1, 2, 3, 4, 5]);
    w.block(0x4000_0bad, &[9; 8]);
    w.epb(0, 2, &eth);
    w.block(5, &[0; 12]);
    put("other-blocks", w.out, 2);
    // 3. Two interfaces: Ethernet in microseconds, raw IPv4 in nanoseconds (if_tsresol 9).
    let mut w = W {
        be: false,
        out: Vec::new(),
    };
    w.section(false);
    w.interface(1, &[(9, vec![6])]);
    w.interface(101, &[(9, vec![9])]);
    w.epb(0, 1_700_000_001_000_001, &eth);
    w.epb(1, 1_700_000_002_000_000_002, &ip);
    put("two-interfaces", w.out, 2);
    // 4. A big-endian section.
    let mut w = W {
        be: true,
        out: Vec::new(),
    };
    w.section(true);
    w.interface(1, &[(9, vec![3])]);
    w.epb(0, 1_700_000_003_250, &eth);
    put("big-endian", w.out, 1);
    // 5. Two sections, little- then big-endian, each with its own interfaces.
    let mut w = W {
        be: false,
        out: Vec::new(),
    };
    w.section(false);
    w.interface(101, &[]);
    w.epb(0, 5, &ip);
    w.section(true);
    w.interface(1, &[]);
    w.epb(0, 6, &eth);
    put("two-sections", w.out, 2);
    // 6. A simple packet block and an obsolete packet block.
    let mut w = W {
        be: false,
        out: Vec::new(),
    };
    w.section(false);
    w.interface(1, &[]);
    let mut spb = w.u32(eth.len() as u32).to_vec();
    spb.extend_from_slice(&eth);
    w.block(3, &spb);
    let mut pb = Vec::new();
    pb.extend_from_slice(&w.u16(0));
    pb.extend_from_slice(&w.u16(0));
    pb.extend_from_slice(&w.u32(0));
    pb.extend_from_slice(&w.u32(7));
    pb.extend_from_slice(&w.u32(eth.len() as u32));
    pb.extend_from_slice(&w.u32(eth.len() as u32));
    pb.extend_from_slice(&eth);
    w.block(2, &pb);
    put("simple-and-obsolete", w.out, 2);
    // 7. Truncated in the middle of the last block: the frames before it are read.
    let mut w = W {
        be: false,
        out: Vec::new(),
    };
    w.section(false);
    w.interface(1, &[]);
    w.epb(0, 1, &eth);
    w.epb(0, 2, &eth);
    w.epb(0, 3, &eth);
    let cut = w.out.len() - 20;
    w.out.truncate(cut);
    put("truncated", w.out, 2);
    files
}

/// tshark's rows: (frame number, epoch time); a simple packet block and a custom block have
/// no time (ours: 0 for the packet; the custom block is a number with no frame).
fn tshark_times(path: &Path) -> Option<Vec<(usize, String)>> {
    let out = Command::new("tshark")
        .arg("-r")
        .arg(path)
        .args([
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "frame.time_epoch",
        ])
        .output()
        .ok()?;
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let (n, t) = l.split_once('\t')?;
                let t = if t.is_empty() { "0.000000000" } else { t };
                Some((n.parse().unwrap(), t.to_string()))
            })
            .collect(),
    )
}

#[test]
fn edge_case_pcapngs_read_like_tshark() {
    let dir = std::env::temp_dir().join(format!("pdukit-pcapng-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tshark = pdukit_testkit_available();
    for (path, want) in corpus(&dir) {
        let cap = read_capture(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert_eq!(cap.frames.len(), want, "{name}");
        assert_eq!(
            cap.error.is_some(),
            name == "truncated",
            "{name}: {:?}",
            cap.error
        );
        if name == "two-interfaces" || name == "two-sections" {
            let lts: Vec<DataLink> = cap.frames.iter().map(|f| f.linktype).collect();
            assert!(
                lts.contains(&DataLink::ETHERNET) && lts.contains(&DataLink::RAW),
                "{lts:?}"
            );
        }
        // The streaming reader gives the same frames, then the error.
        let streamed: Vec<_> = open(&path).unwrap().collect();
        assert_eq!(streamed.iter().filter(|f| f.is_ok()).count(), want);
        if tshark {
            let times = tshark_times(&path).unwrap();
            // Every frame number tshark shows is one of ours, or a custom block we count.
            assert_eq!(
                times.len(),
                cap.frames.last().unwrap().number,
                "{name}: tshark's frames"
            );
            for f in &cap.frames {
                let ours = format!(
                    "{}.{:09}",
                    f.timestamp.as_secs(),
                    f.timestamp.subsec_nanos()
                );
                let theirs = times.iter().find(|(n, _)| *n == f.number).map(|(_, t)| t);
                assert_eq!(Some(&ours), theirs, "{name} frame {}", f.number);
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn pdukit_testkit_available() -> bool {
    Command::new("tshark")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success())
}
