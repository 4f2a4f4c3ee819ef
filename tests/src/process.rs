//! The real `hotseat` binary as a separate process: started on a data directory, stopped with
//! SIGTERM or killed with SIGKILL, its log captured for the confidentiality checks.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::server::TestServer;

pub struct ServerProcess {
    child: Child,
    pub addr: SocketAddr,
    /// Everything the process printed (stdout and stderr).
    pub log: Arc<Mutex<String>>,
    /// The threads copying stdout and stderr into `log`; they end when the process does.
    readers: Vec<JoinHandle<()>>,
}

/// The `hotseat` binary, built first if needed (it lives beside this test's binary).
pub fn binary() -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "-p",
            "hotseat-server",
            "--bin",
            "hotseat",
        ])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the hotseat binary builds");
    let exe = std::env::current_exe().expect("test binary path");
    let debug_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps/<test>");
    debug_dir.join("hotseat")
}

impl ServerProcess {
    /// Starts `hotseat` on `data`, on a free port, logging at trace level for our crate.
    pub fn start(data: &Path) -> ServerProcess {
        ServerProcess::start_logging(data, "hotseat_server=trace")
    }

    /// Starts `hotseat` on `data` with `RUST_LOG` set to `filter`.
    pub fn start_logging(data: &Path, filter: &str) -> ServerProcess {
        let mut child = Command::new(binary())
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .env("RUST_LOG", filter)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hotseat starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (found, address) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let mut readers = Vec::new();
        for (stream, found) in [
            (
                Box::new(stdout) as Box<dyn std::io::Read + Send>,
                Some(found),
            ),
            (Box::new(stderr), None),
        ] {
            let log = log.clone();
            readers.push(std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let (Some(found), Some(rest)) =
                        (&found, line.strip_prefix("Hotseat is listening on http://"))
                    {
                        let _ = found.send(rest.trim().to_owned());
                    }
                    let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                    log.push_str(&line);
                    log.push('\n');
                }
            }));
        }
        let addr = address
            .recv_timeout(Duration::from_secs(30))
            .expect("hotseat says where it listens")
            .parse()
            .expect("an address");
        ServerProcess {
            child,
            addr,
            log,
            readers,
        }
    }

    /// A handle for the test harness's client helpers.
    pub fn remote(&self, data: &Path) -> TestServer {
        TestServer::remote(self.addr, data)
    }

    /// SIGKILL: the process gets no chance to save anything.
    pub fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.take_log()
    }

    /// SIGTERM, and wait for a graceful exit.
    pub fn terminate(mut self) -> String {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        self.take_log()
    }

    /// The whole log, once the process has exited: joining the readers (they finish when the
    /// pipes close) rather than sleeping, so no last line is missed on a busy machine.
    fn take_log(&mut self) -> String {
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
