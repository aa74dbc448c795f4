//! Records Linux cooked captures (SLL and SLL2, `tcpdump -i any`) of a ping inside namespaces,
//! for the dissect tests that need them.

use pdukit_lab::{require, Lab};

#[test]
#[ignore = "lab: needs root, iproute2, tcpdump, ping (run with --ignored)"]
fn record_cooked_captures() {
    require(&["ip", "tcpdump", "ping"]).unwrap();
    for (label, dlt) in [("any-sll", "LINUX_SLL"), ("any-sll2", "LINUX_SLL2")] {
        let mut lab = Lab::new("sl").unwrap();
        let a = lab.netns("a").unwrap();
        let b = lab.netns("b").unwrap();
        lab.veth(
            (&a, "eth0", "02:00:00:00:d0:01"),
            (&b, "eth0", "02:00:00:00:d0:02"),
        )
        .unwrap();
        lab.ip(&a, &["addr", "add", "192.0.2.1/24", "dev", "eth0"])
            .unwrap();
        lab.ip(&b, &["addr", "add", "192.0.2.2/24", "dev", "eth0"])
            .unwrap();
        let cap = lab
            .capture_with(&a, "any", "icmp", label, &["-y", dlt])
            .unwrap();
        lab.exec(&a, &["ping", "-c1", "-W2", "192.0.2.2"]).unwrap();
        std::thread::sleep(core::time::Duration::from_millis(300));
        let path = lab.stop_capture(&cap).unwrap();
        let cap = pdukit_testkit::read_capture(&path).unwrap();
        assert_eq!(cap.frames.len(), 2, "{label}: request + reply");
        assert_eq!(format!("{:?}", cap.frames[0].linktype), dlt);
        lab.record(&path, "testkit", label).unwrap();
    }
}
