//! Parsing, reading every AVP (typed, hidden ones decrypted), checking the rules and building
//! allocate nothing: measured with a counting global allocator (allocation-counter).

use pdukit_l2tp::{check, field, AvpValue, Carrier, ControlWriter, MessageType, Packet, Padding};

#[test]
fn the_counter_sees_allocations() {
    let info = allocation_counter::measure(|| {
        core::hint::black_box(Vec::<u8>::with_capacity(core::hint::black_box(16)));
    });
    assert_eq!(info.count_total, 1);
}

#[test]
fn parsing_reading_checking_and_building_allocate_nothing() {
    let mut msg = [0u8; 512];
    let mut w = ControlWriter::v2(&mut msg, 1, 0, 0, 0).unwrap();
    w.message_type(MessageType::SCCRQ)
        .unwrap()
        .value(true, &AvpValue::RandomVector(&[5; 16]))
        .unwrap()
        .value(
            true,
            &AvpValue::ProtocolVersion {
                version: 1,
                revision: 0,
            },
        )
        .unwrap()
        .value(true, &AvpValue::HostName(b"lac"))
        .unwrap()
        .value(true, &AvpValue::FramingCapabilities(3))
        .unwrap()
        .hidden(true, 0, 9, &77u16.to_be_bytes(), b"secret", Padding::Block)
        .unwrap();
    let n = w.finish().unwrap();
    let msg = &msg[..n];
    let mut out = [0u8; field::AVP_MAX_VALUE];
    let mut buf = [0u8; 512];
    let mut seen = 0u64;
    let info = allocation_counter::measure(|| {
        for _ in 0..100 {
            let p = Packet::parse(msg, Carrier::Udp).unwrap();
            let c = p.control().unwrap();
            for a in c.avps() {
                seen += match a.value().unwrap() {
                    AvpValue::HostName(h) => h.len() as u64,
                    _ => 1,
                };
                if a.hidden {
                    if let AvpValue::AssignedTunnelId(t) = a.reveal(b"secret", &mut out).unwrap() {
                        seen += u64::from(t);
                    }
                }
            }
            seen += check(c).len() as u64;
            let mut w = ControlWriter::v2(&mut buf, 1, 0, 0, 0).unwrap();
            for a in c.avps() {
                w.avp_from(&a).unwrap();
            }
            seen += w.finish().unwrap() as u64;
        }
    });
    assert!(seen > 0);
    assert_eq!(info.count_total, 0, "{info:?}");
}
