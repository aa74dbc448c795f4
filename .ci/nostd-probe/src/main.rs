//! A `#![no_std]` binary with no global allocator that calls into every pdukit protocol crate.
//! If any of them links `std` (duplicate `panic_impl`) or `alloc` (no global allocator), this
//! fails to build.
#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
    loop {}
}

// The precompiled `core` for hosted targets carries unwind tables that name this symbol even with
// panic = "abort"; nothing calls it. (It does not hide std: std would bring its own and clash.)
#[no_mangle]
pub extern "C" fn rust_eh_personality() {}

// libc's start files call `main`; link libc for them (nothing of ours uses it).
#[link(name = "c")]
extern "C" {}

#[no_mangle]
pub extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    let data = black_box([0x45u8, 0x00, 0x00, 0x14, 0x00, 0x01]);
    let c = pdukit_checksum::checksum(&data);
    let c = pdukit_checksum::update_u16(c, 0x0001, 0x0002);
    // The shared foundation on its own: a TLV with a patched length, read back.
    let mut tlv = [0u8; 8];
    let mut w = pdukit_wire::Writer::new(&mut tlv);
    const LEN: &pdukit_wire::Field = &pdukit_wire::Field::new("probe", "length");
    let ok =
        w.u8(1).is_ok() && w.len_u8(LEN).and_then(|l| w.u16(c).and_then(|()| w.end(l))) == Ok(2);
    let ok = ok && pdukit_wire::Reader::new(black_box(&tlv)).u8(LEN) == Ok(1);
    let mut buf = [0u8; 8];
    let report = pdukit_igmp::Message::ReportV2 {
        group: core::net::Ipv4Addr::new(239, 1, 1, 1),
    };
    let ok =
        ok && report.emit(&mut buf).is_ok() && pdukit_igmp::Message::parse(black_box(&buf)).is_ok();
    let mut icmp = [0u8; 64];
    let offending = black_box([
        0x45u8, 0, 0x05, 0xdc, 0, 1, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 2, 198, 51, 100, 2, 0, 1, 0,
        2, 0, 8, 0, 0,
    ]);
    let n = pdukit_icmp::frag_needed(&mut icmp, &offending, 1400, None).unwrap_or(0);
    let m = pdukit_icmp::Icmpv4::parse(black_box(&icmp[..n]));
    let d = m.map(|m| {
        pdukit_icmp::rules::decide_v4(&m, 1500, &pdukit_icmp::rules::Config::RFC, None).action
    });
    let ok = ok && d == Ok(pdukit_icmp::rules::Action::Lower(1400));
    let me = pdukit_lacp::PortInfo {
        key: 13,
        port: 1,
        state: pdukit_lacp::State(0x3d),
        ..Default::default()
    };
    let mut lacp = [0u8; 110];
    let ok = ok && pdukit_lacp::Lacpdu::v1(me, me, 0).emit(&mut lacp).is_ok();
    let ok = ok && pdukit_lacp::Lacpdu::parse(black_box(&lacp)).is_ok_and(|p| p.actor.key == 13);
    let mut pppoe = [0u8; 64];
    let n = pdukit_pppoe::rules::padi(&mut pppoe, b"internet", None).unwrap_or(0);
    let ok = ok
        && pdukit_pppoe::Discovery::parse(black_box(&pppoe[..n]))
            .is_ok_and(|d| pdukit_pppoe::check(&d).is_empty());
    // SNMP: a GetBulk for ifDescr built from dotted text, parsed back, its varbind walked.
    let col = "1.3.6.1.2.1.2.2.1.2".parse::<pdukit_snmp::OidBuf>();
    let mut snmp = [0u8; 64];
    let ok = ok
        && col.is_ok_and(|col| {
            let vbs = [pdukit_snmp::VarBind::null(col.as_oid())];
            let m = pdukit_snmp::Message::Community {
                version: pdukit_snmp::Version::V2c,
                community: b"public",
                pdu: pdukit_snmp::Pdu::GetBulk(pdukit_snmp::BulkPdu {
                    request_id: 1,
                    non_repeaters: 0,
                    max_repetitions: 10,
                    varbinds: pdukit_snmp::VarBinds::from_list(&vbs),
                }),
            };
            let n = m.emit(&mut snmp).unwrap_or(0);
            pdukit_snmp::Message::parse(black_box(&snmp[..n])).is_ok_and(|p| {
                p.pdu()
                    .and_then(|p| p.varbinds().iter().next())
                    .is_some_and(|v| v.is_ok_and(|v| v.name == col.as_oid()))
            })
        });
    // L2TP: an ICRQ with a hidden Assigned Session ID (MD5 from md-5, no_std), parsed back and
    // decrypted.
    let mut l2tp = [0u8; 128];
    let built = pdukit_l2tp::ControlWriter::v2(&mut l2tp, 1, 0, 0, 0).and_then(|mut w| {
        w.message_type(pdukit_l2tp::MessageType::ICRQ)?
            .value(true, &pdukit_l2tp::AvpValue::RandomVector(&[7; 16]))?
            .hidden(true, 0, 14, &[0x13, 0x57], b"secret", pdukit_l2tp::Padding::Block)?;
        w.finish()
    });
    let mut plain = [0u8; pdukit_l2tp::field::AVP_MAX_VALUE];
    let ok = ok
        && built.is_ok_and(|n| {
            pdukit_l2tp::Packet::parse(black_box(&l2tp[..n]), pdukit_l2tp::Carrier::Udp)
                .ok()
                .and_then(|p| p.control().and_then(|c| c.avps().nth(2)))
                .is_some_and(|a| {
                    a.reveal(b"secret", &mut plain)
                        == Ok(pdukit_l2tp::AvpValue::AssignedSessionId(0x1357))
                })
        });
    i32::from(c == 0) + i32::from(!ok)
}
