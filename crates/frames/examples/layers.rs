//! Each frame of a capture with the layers the walk crossed, in wire order.
//!
//! ```text
//! cargo run -p pdukit-frames --example layers -- testdata/l2tp/lab-xl2tpd-lns.pcap
//! ```

use pdukit_frames::{dissect, open, Layer};

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: layers CAPTURE");
        std::process::exit(2);
    };
    for frame in open(&path)? {
        let frame = frame?;
        let d = dissect(frame.linktype, &frame.data);
        let names: Vec<String> = d
            .path
            .iter()
            .map(|l| match *l {
                Layer::Sll => "sll".to_string(),
                Layer::Ethernet(_) => "eth".into(),
                Layer::Vlan(i) => format!("vlan {}", d.vlans[i].id),
                Layer::Mpls(i) => format!("mpls {}", d.mpls[i].label),
                Layer::PppoeSession => "pppoe".into(),
                Layer::Ppp(i) => format!("ppp {:#06x}", d.ppps[i].protocol),
                Layer::Ip(i) => format!("ip {} -> {}", d.ips[i].src, d.ips[i].dst),
                Layer::Udp(i) => format!("udp {} -> {}", d.udps[i].src_port, d.udps[i].dst_port),
                Layer::Tunnel(i) => format!("{:?}", d.tunnels[i]),
                _ => "?".into(),
            })
            .collect();
        let note = d.error.map(|e| format!(" ({e})")).unwrap_or_default();
        println!("#{}: {}{note}", frame.number, names.join(" / "));
    }
    Ok(())
}
