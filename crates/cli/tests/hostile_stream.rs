//! Streaming (issue 26, item 7): `decode` from a FIFO or a pipe prints each frame as it arrives
//! (a batch waits at most ~100 ms), not when the writer closes; the frames of a file still
//! come in file order.

use core::time::Duration;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;

use pdukit_testkit::fixtures;

/// The pcap file header and its frames of a lab recording, as separate byte strings.
fn header_and_frames() -> (Vec<u8>, Vec<Vec<u8>>) {
    let bytes = std::fs::read(fixtures::testdata("igmp").join("lab-bridge.pcap")).unwrap();
    assert_eq!(
        &bytes[..4],
        &0xa1b2_c3d4u32.to_le_bytes(),
        "a little-endian pcap"
    );
    let mut frames = Vec::new();
    let mut at = 24;
    while at + 16 <= bytes.len() {
        let caplen = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap()) as usize;
        frames.push(bytes[at..at + 16 + caplen].to_vec());
        at += 16 + caplen;
    }
    (bytes[..24].to_vec(), frames)
}

/// Lines of a child's stdout, as they come.
fn lines_of(stdout: std::process::ChildStdout) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines() {
            let Ok(l) = l else { break };
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// Writes frames one at a time into `w`, each time expecting its line before the next is sent
/// (the writer stays open all along).
fn one_by_one(w: &mut impl Write, lines: &mpsc::Receiver<String>) {
    let (header, frames) = header_and_frames();
    w.write_all(&header).unwrap();
    for (i, f) in frames.iter().take(3).enumerate() {
        w.write_all(f).unwrap();
        w.flush().unwrap();
        let line = lines
            .recv_timeout(Duration::from_secs(5))
            .unwrap_or_else(|_| panic!("frame {} not printed while the writer is open", i + 1));
        assert!(line.contains(&format!("#{} ", i + 1)), "{line}");
    }
}

#[test]
fn decode_from_a_pipe_prints_frames_as_they_arrive() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .args(["decode", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(child.stdout.take().unwrap());
    let mut stdin = child.stdin.take().unwrap();
    one_by_one(&mut stdin, &lines);
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn decode_from_a_fifo_prints_frames_as_they_arrive() {
    let fifo = std::env::temp_dir().join(format!("pdukit-fifo-{}", std::process::id()));
    let _ = std::fs::remove_file(&fifo);
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_pdukit"))
        .arg("decode")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(child.stdout.take().unwrap());
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    one_by_one(&mut w, &lines);
    drop(w);
    assert!(child.wait().unwrap().success());
    std::fs::remove_file(&fifo).unwrap();
}
