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
        let path = lab.workdir().join(format!("{label}.pcap"));
        let path_s = path.to_string_lossy().into_owned();
        lab.spawn(
            &a,
            label,
            &[
                "tcpdump",
                "--immediate-mode",
                "-U",
                "-n",
                "-i",
                "any",
                "-y",
                dlt,
                "-w",
                &path_s,
                "icmp",
            ],
        )
        .unwrap();
        let err = lab.workdir().join(format!("{label}.err"));
        pdukit_lab::wait_until(core::time::Duration::from_secs(10), || {
            std::fs::read_to_string(&err).is_ok_and(|s| s.contains("listening"))
        })
        .unwrap();
        lab.exec(&a, &["ping", "-c1", "-W2", "192.0.2.2"]).unwrap();
        std::thread::sleep(core::time::Duration::from_millis(300));
        drop_capture(&mut lab);
        let cap = pdukit_testkit::read_capture(&path).unwrap();
        assert_eq!(cap.frames.len(), 2, "{label}: request + reply");
        assert_eq!(format!("{:?}", cap.frames[0].linktype), dlt);
        lab.record(&path, "testkit", label).unwrap();
    }
}

fn drop_capture(lab: &mut Lab) {
    lab.stop_all();
}
