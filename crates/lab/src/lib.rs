//! Real peers in network namespaces, for pdukit's interop tests (dev only, never published).
//!
//! A [`Lab`] owns what it creates: network namespaces (named with a per-lab prefix), the links
//! inside them, the processes it starts, and its capture files. Dropping it kills only the
//! processes it started and deletes only the namespaces it made; it never touches the host's own
//! interfaces or any address outside those namespaces.
//!
//! Raw Ethernet frames are sent and received with [`RawSocket`]: a helper thread enters the
//! namespace (`nix::sched::setns`), opens an AF_PACKET channel with `pnet_datalink` there, and
//! hands the channel back; the socket stays bound to that namespace's interface. No `unsafe` here.
//!
//! Lab tests are `#[ignore]`d (they need root, iproute2, tcpdump and the peers) and run in CI
//! with `--ignored`. Set `PDUKIT_LAB_RECORD=1` to copy their captures into `testdata/<family>/`.

use core::sync::atomic::{AtomicU32, Ordering};
use core::time::Duration;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use nix::sched::CloneFlags;
use pnet_datalink::{Channel, DataLinkReceiver, DataLinkSender};

/// Result type of the lab helpers.
pub type Result<T> = core::result::Result<T, LabError>;

/// What went wrong while setting up or driving the lab.
#[derive(Debug)]
pub struct LabError(pub String);

impl core::fmt::Display for LabError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for LabError {}

impl From<io::Error> for LabError {
    fn from(e: io::Error) -> Self {
        LabError(e.to_string())
    }
}

fn err(msg: impl Into<String>) -> LabError {
    LabError(msg.into())
}

static NEXT_LAB: AtomicU32 = AtomicU32::new(0);

/// Checks the lab can run here: root, and every named tool on `PATH`.
pub fn require(tools: &[&str]) -> Result<()> {
    if !nix::unistd::geteuid().is_root() {
        return Err(err("lab tests need root (network namespaces, AF_PACKET)"));
    }
    for t in tools {
        let found = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).any(|d| d.join(t).is_file()))
            .unwrap_or(false);
        if !found {
            return Err(err(format!(
                "lab tests need `{t}` (see .ci/run for the packages)"
            )));
        }
    }
    Ok(())
}

/// True when `PDUKIT_LAB_RECORD=1`: lab tests then copy their captures into `testdata/`.
pub fn record_enabled() -> bool {
    std::env::var("PDUKIT_LAB_RECORD").is_ok_and(|v| v == "1")
}

/// A set of namespaces, links, processes and captures, all removed on drop.
pub struct Lab {
    prefix: String,
    namespaces: Vec<String>,
    children: Vec<Child>,
    workdir: PathBuf,
}

impl Lab {
    /// A new, empty lab. `tag` (a few letters) goes into every namespace name.
    pub fn new(tag: &str) -> Result<Lab> {
        let n = NEXT_LAB.fetch_add(1, Ordering::Relaxed);
        let prefix = format!("pk{tag}{}x{n}", std::process::id());
        let workdir = std::env::temp_dir().join(format!("{prefix}.lab"));
        std::fs::create_dir_all(&workdir)?;
        Ok(Lab {
            prefix,
            namespaces: Vec::new(),
            children: Vec::new(),
            workdir,
        })
    }

    /// A scratch directory removed with the lab.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// Creates namespace `name` (prefixed) with `lo` up; returns its full name.
    pub fn netns(&mut self, name: &str) -> Result<String> {
        let full = format!("{}-{name}", self.prefix);
        run(Command::new("ip").args(["netns", "add", &full]))?;
        self.namespaces.push(full.clone());
        self.ip(&full, &["link", "set", "lo", "up"])?;
        Ok(full)
    }

    /// Creates a veth pair between two of this lab's namespaces, with the given names and MACs,
    /// both ends up.
    pub fn veth(&self, a: (&str, &str, &str), b: (&str, &str, &str)) -> Result<()> {
        self.check_own(a.0)?;
        self.check_own(b.0)?;
        run(Command::new("ip").args([
            "link", "add", a.1, "netns", a.0, "address", a.2, "type", "veth", "peer", "name", b.1,
            "netns", b.0, "address", b.2,
        ]))?;
        self.ip(a.0, &["link", "set", a.1, "up"])?;
        self.ip(b.0, &["link", "set", b.1, "up"])?;
        Ok(())
    }

    /// `ip -n NS ARGS...` in one of this lab's namespaces; returns stdout.
    pub fn ip(&self, ns: &str, args: &[&str]) -> Result<String> {
        self.check_own(ns)?;
        run(Command::new("ip").arg("-n").arg(ns).args(args))
    }

    /// Runs a command inside one of this lab's namespaces and waits; returns stdout, or an error
    /// with stderr when it fails.
    pub fn exec(&self, ns: &str, args: &[&str]) -> Result<String> {
        self.check_own(ns)?;
        run(Command::new("ip").args(["netns", "exec", ns]).args(args))
    }

    /// Starts a long-running process inside a namespace; it is killed when the lab drops.
    /// stdout and stderr go to `<workdir>/<label>.out` / `.err`.
    pub fn spawn(&mut self, ns: &str, label: &str, args: &[&str]) -> Result<()> {
        self.check_own(ns)?;
        let out = File::create(self.workdir.join(format!("{label}.out")))?;
        let errf = File::create(self.workdir.join(format!("{label}.err")))?;
        let child = Command::new("ip")
            .args(["netns", "exec", ns])
            .args(args)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(errf)
            .spawn()?;
        self.children.push(child);
        Ok(())
    }

    /// What a process started by [`Lab::spawn`] as `label` has printed so far: stderr, then
    /// stdout (empty before it printed anything).
    pub fn output(&self, label: &str) -> String {
        let read = |ext: &str| {
            std::fs::read_to_string(self.workdir.join(format!("{label}.{ext}"))).unwrap_or_default()
        };
        read("err") + &read("out")
    }

    /// Starts tcpdump on `iface` in `ns` writing `<workdir>/<label>.pcap` and waits until it is
    /// listening (short runs give empty captures otherwise).
    pub fn capture(&mut self, ns: &str, iface: &str, filter: &str, label: &str) -> Result<Capture> {
        self.capture_with(ns, iface, filter, label, &[])
    }

    /// Like [`Lab::capture`] with extra tcpdump arguments (e.g. `["-y", "LINUX_SLL2"]`).
    pub fn capture_with(
        &mut self,
        ns: &str,
        iface: &str,
        filter: &str,
        label: &str,
        extra: &[&str],
    ) -> Result<Capture> {
        let path = self.workdir.join(format!("{label}.pcap"));
        let path_s = path.to_string_lossy().into_owned();
        let mut args = vec!["tcpdump", "--immediate-mode", "-U", "-n", "-i", iface];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["-w", &path_s, filter]);
        self.spawn(ns, label, &args)?;
        let pid = self.children.last().map(Child::id).unwrap_or(0);
        let errpath = self.workdir.join(format!("{label}.err"));
        wait_until(Duration::from_secs(10), || {
            std::fs::read_to_string(&errpath).is_ok_and(|s| s.contains("listening"))
        })
        .map_err(|_| err(format!("tcpdump on {ns}/{iface} never started listening")))?;
        Ok(Capture { path, pid })
    }

    /// Stops a capture (SIGTERM to its tcpdump) and waits until the file is complete.
    pub fn stop_capture(&mut self, cap: &Capture) -> Result<PathBuf> {
        if let Some(pos) = self.children.iter().position(|c| c.id() == cap.pid) {
            let mut child = self.children.remove(pos);
            terminate(&mut child);
        }
        Ok(cap.path.clone())
    }

    /// Runs `f` on a helper thread that has entered namespace `ns`, and returns its result.
    /// Sockets opened there stay in that namespace (e.g. a multicast membership that must live
    /// as long as the test).
    pub fn in_netns<T: Send + 'static>(
        &self,
        ns: &str,
        f: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.check_own(ns)?;
        let ns_path = format!("/run/netns/{ns}");
        std::thread::spawn(move || -> Result<T> {
            let file = File::open(&ns_path)?;
            nix::sched::setns(file, CloneFlags::CLONE_NEWNET)
                .map_err(|e| err(format!("setns {ns_path}: {e}")))?;
            f()
        })
        .join()
        .map_err(|_| err("namespace thread panicked"))?
    }

    /// Opens an AF_PACKET socket on `iface` inside `ns`.
    pub fn raw_socket(&self, ns: &str, iface: &str) -> Result<RawSocket> {
        let iface = iface.to_string();
        self.in_netns(ns, move || -> Result<RawSocket> {
            let ifc = pnet_datalink::interfaces()
                .into_iter()
                .find(|i| i.name == iface)
                .ok_or_else(|| err(format!("no interface {iface} in this namespace")))?;
            let cfg = pnet_datalink::Config {
                read_timeout: Some(Duration::from_millis(50)),
                ..Default::default()
            };
            match pnet_datalink::channel(&ifc, cfg)? {
                Channel::Ethernet(tx, rx) => Ok(RawSocket {
                    tx,
                    rx,
                    mac: ifc.mac.map(|m| m.octets()).unwrap_or_default(),
                }),
                _ => Err(err("unexpected channel type")),
            }
        })
    }

    /// Copies a finished capture to `testdata/<family>/lab-<name>.pcap` when recording is on;
    /// returns the destination when it copied.
    pub fn record(&self, capture: &Path, family: &str, name: &str) -> Result<Option<PathBuf>> {
        if !record_enabled() {
            return Ok(None);
        }
        let dir = pdukit_testkit::fixtures::testdata(family);
        std::fs::create_dir_all(&dir)?;
        let dst = dir.join(format!("lab-{name}.pcap"));
        std::fs::copy(capture, &dst)?;
        Ok(Some(dst))
    }

    /// The namespaces this lab created.
    pub fn namespaces(&self) -> &[String] {
        &self.namespaces
    }

    fn check_own(&self, ns: &str) -> Result<()> {
        if self.namespaces.iter().any(|n| n == ns) {
            Ok(())
        } else {
            Err(err(format!("namespace {ns} does not belong to this lab")))
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        for c in &mut self.children {
            terminate(c);
        }
        for ns in self.namespaces.iter().rev() {
            // Deleting the namespace removes its veths (and their peers) with it.
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
        let _ = std::fs::remove_dir_all(&self.workdir);
    }
}

/// A running capture.
#[derive(Debug, Clone)]
pub struct Capture {
    /// Where tcpdump writes.
    pub path: PathBuf,
    pid: u32,
}

fn terminate(child: &mut Child) {
    // SIGTERM lets tcpdump flush; the process is ours (we spawned it), never anyone else's.
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn run(cmd: &mut Command) -> Result<String> {
    let out = cmd.output().map_err(|e| err(format!("{cmd:?}: {e}")))?;
    if !out.status.success() {
        return Err(err(format!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Polls `f` every 20 ms until it returns true or `timeout` passes.
pub fn wait_until(timeout: Duration, mut f: impl FnMut() -> bool) -> Result<()> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if f() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(err("timed out"))
}

/// An AF_PACKET socket bound to one interface in one namespace.
pub struct RawSocket {
    tx: Box<dyn DataLinkSender>,
    rx: Box<dyn DataLinkReceiver>,
    mac: [u8; 6],
}

impl RawSocket {
    /// The interface's MAC address.
    pub fn mac(&self) -> [u8; 6] {
        self.mac
    }

    /// Sends one Ethernet frame.
    pub fn send(&mut self, frame: &[u8]) -> Result<()> {
        match self.tx.send_to(frame, None) {
            Some(r) => Ok(r?),
            None => Err(err("send_to: no result")),
        }
    }

    /// Receives frames for up to `timeout`, returning the first that `keep` accepts.
    pub fn recv_matching(
        &mut self,
        timeout: Duration,
        mut keep: impl FnMut(&[u8]) -> bool,
    ) -> Option<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            match self.rx.next() {
                Ok(f) if keep(f) => return Some(f.to_vec()),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::TimedOut => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => return None,
            }
        }
        None
    }
}
