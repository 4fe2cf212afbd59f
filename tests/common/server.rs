//! A running `serve` for the dev server's end-to-end tests (`tests/serve.rs`,
//! `tests/serve_load.rs`): the real binary on a copy of `tests/fixtures/serve-site` with the
//! repository's theme, on a port the system picks. Each test file adds its own ways of
//! talking to it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a wait may last before the test calls it a hang; nothing asserts speed.
pub const HANG: Duration = Duration::from_secs(30);

/// A running `serve` on a copy of the fixture; killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
    pub stdout: Arc<Mutex<String>>,
    pub stderr: Arc<Mutex<String>>,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(|_| {}, |_| {})
    }

    /// `prepare` may change the copied site, `command` the command (`serve --root <copy>`,
    /// and `--port 0` unless it gives a port), before the start.
    pub fn start_with(prepare: impl FnOnce(&Path), command: impl FnOnce(&mut Command)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let repo = super::repo_root();
        super::copy_tree(
            &repo.join("tests/fixtures/serve-site/content"),
            &dir.path().join("content"),
        );
        super::copy_tree(&repo.join("themes"), &dir.path().join("themes"));
        prepare(dir.path());
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cyberrecord"));
        cmd.args(["serve", "--root"])
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command(&mut cmd);
        if !cmd.get_args().any(|a| a == "--port") {
            cmd.args(["--port", "0"]);
        }
        let mut child = cmd.spawn().unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            port: 0,
            dir,
            stdout,
            stderr,
        };
        let line = server.wait_for(|out, _| {
            out.lines()
                .find(|l| l.starts_with("serving http://"))
                .map(str::to_string)
        });
        server.port = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|host| host.rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server
    }

    /// Polls the output until `found` returns something; fails if serve exits.
    pub fn wait_for<T>(&mut self, found: impl Fn(&str, &str) -> Option<T>) -> T {
        let start = Instant::now();
        loop {
            let (out, err) = self.output();
            if let Some(t) = found(&out, &err) {
                return t;
            }
            self.assert_running();
            assert!(
                start.elapsed() < HANG,
                "timed out\nstdout:\n{out}\nstderr:\n{err}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What serve printed so far: stdout, stderr.
    pub fn output(&self) -> (String, String) {
        (
            self.stdout.lock().unwrap().clone(),
            self.stderr.lock().unwrap().clone(),
        )
    }

    pub fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            let (out, err) = self.output();
            panic!("serve exited with {status}\nstdout:\n{out}\nstderr:\n{err}");
        }
    }

    /// No panic, no request that failed inside the server.
    pub fn assert_no_internal_failure(&mut self) {
        self.assert_running();
        let (_, err) = self.output();
        assert!(!err.contains("panicked"), "{err}");
        assert!(!err.contains("failed inside the server"), "{err}");
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes like an editor: a hidden temporary file beside it, then a rename over it, so
    /// a build never sees a half-written file however loaded the machine is.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Everything `from` gives, gathered by a thread as it comes.
fn collect(mut from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

/// An HTTP answer as the tests read it.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}
