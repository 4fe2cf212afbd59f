//! The dev server under load and under hostile requests, end to end: the real binary serves
//! a copy of `tests/fixtures/serve-site` (with the repository's theme) on 127.0.0.1 and the
//! tests talk raw TCP to it, so they can send what no browser would.
//!
//! Nothing here asserts how fast anything is. Every read has a generous hang limit
//! ([`HANG`]) that only turns a hang into a failure; the latencies are printed, not
//! checked. The full load (20,000 requests) is an ignored test, run in release by
//! `benches/serve-load`:
//!
//! ```sh
//! cargo test --release --test serve_load -- --ignored --nocapture
//! ```

mod common;

use common::server::{Response, Server, HANG};

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Requests in the load test of the ordinary suite (debug build).
const SUITE_REQUESTS: usize = 20_000;
/// The load of issue 8.
const FULL_REQUESTS: usize = 20_000;
const CLIENTS: usize = 50;
const STREAMS: usize = 20;

// ---------------------------------------------------------------------------------------
// The server

/// What the load and hostile-request tests ask of the server beside the common harness.
impl Server {
    fn get(&self, target: &str) -> Response {
        let mut conn = Conn::open(self.port).unwrap();
        conn.request("GET", target, true)
            .unwrap_or_else(|e| panic!("GET {target}: {e}"))
    }

    /// Normal requests must still be answered; returns the slowest, for the record.
    fn assert_serving(&self, requests: usize) -> Duration {
        let mut slowest = Duration::ZERO;
        for i in 0..requests {
            let (target, status) = [("/", 200), ("/norms/e/", 200), ("/missing/", 404)][i % 3];
            let start = Instant::now();
            assert_eq!(self.get(target).status, status, "{target}");
            slowest = slowest.max(start.elapsed());
        }
        slowest
    }
}

// ---------------------------------------------------------------------------------------
// A small HTTP/1.1 client: kept-alive connections, Content-Length and chunked bodies

struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(port: u16) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(HANG))?;
        stream.set_write_timeout(Some(HANG))?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            reader: BufReader::new(stream),
        })
    }

    fn request(&mut self, method: &str, target: &str, close: bool) -> Result<Response, String> {
        let connection = if close { "close" } else { "keep-alive" };
        write!(
            self.reader.get_mut(),
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: {connection}\r\n\r\n"
        )
        .map_err(|e| format!("send: {e}"))?;
        self.response(method == "HEAD")
    }

    fn response(&mut self, head: bool) -> Result<Response, String> {
        let status_line = self.line()?;
        let status = status_line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|s| s.get(..3))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {status_line:?}"))?;
        let mut headers = Vec::new();
        loop {
            let line = self.line()?;
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("bad header {line:?}"))?;
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
        let mut response = Response {
            status,
            headers,
            body: Vec::new(),
        };
        if head || status == 304 || status == 204 {
            return Ok(response);
        }
        if response
            .header("transfer-encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
        {
            loop {
                let size = self.line()?;
                let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16)
                    .map_err(|_| format!("bad chunk size {size:?}"))?;
                if size == 0 {
                    while !self.line()?.is_empty() {}
                    break;
                }
                let start = response.body.len();
                response.body.resize(start + size, 0);
                self.reader
                    .read_exact(&mut response.body[start..])
                    .map_err(|e| format!("chunk: {e}"))?;
                if !self.line()?.is_empty() {
                    return Err("no CRLF after a chunk".into());
                }
            }
        } else if let Some(length) = response.header("content-length") {
            let length: usize = length.parse().map_err(|_| "bad Content-Length")?;
            response.body.resize(length, 0);
            self.reader
                .read_exact(&mut response.body)
                .map_err(|e| format!("body: {e}"))?;
        } else {
            self.reader
                .read_to_end(&mut response.body)
                .map_err(|e| format!("body: {e}"))?;
        }
        Ok(response)
    }

    fn line(&mut self) -> Result<String, String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) => Err("connection closed".into()),
            Ok(_) => Ok(line.trim_end_matches(['\r', '\n']).to_string()),
            Err(e) => Err(format!("read: {e}")),
        }
    }
}

/// What became of bytes sent raw: the status of the answer, or `None` when the server
/// closed the connection without one.
fn raw(port: u16, bytes: &[u8]) -> (Option<u16>, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(HANG)).unwrap();
    // The server may close as soon as it has seen enough; what it did not read is moot.
    let _ = stream.write_all(bytes);
    // Half-close: the request is whole, so a server waiting for more sees the end.
    let _ = stream.shutdown(Shutdown::Write);
    let mut answer = Vec::new();
    if let Err(e) = stream.read_to_end(&mut answer) {
        let reset = matches!(
            e.kind(),
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted
        );
        assert!(reset, "no answer and no close, the connection hangs: {e}");
    }
    let status = (!answer.is_empty()).then(|| {
        let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
        head.split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not HTTP: {head:?}"))
    });
    (status, answer)
}

// ---------------------------------------------------------------------------------------
// Live-reload streams, read on threads of their own

struct Stream {
    stream: TcpStream,
    reloads: Arc<AtomicUsize>,
    ended: Arc<Mutex<Option<String>>>,
    closing: Arc<AtomicBool>,
}

impl Stream {
    fn open(port: u16) -> Stream {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(HANG)).unwrap();
        let mut writer = stream.try_clone().unwrap();
        write!(
            writer,
            "GET /__livereload HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        // Up to the hello, so the stream is known to be registered.
        while !line.starts_with("event: hello") {
            line.clear();
            assert_ne!(reader.read_line(&mut line).unwrap(), 0, "stream closed");
        }
        let reloads = Arc::new(AtomicUsize::new(0));
        let ended = Arc::new(Mutex::new(None));
        let closing = Arc::new(AtomicBool::new(false));
        let (r, e, c) = (reloads.clone(), ended.clone(), closing.clone());
        std::thread::spawn(move || {
            let why = loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) => break "closed by the server".to_string(),
                    Ok(_) if line.starts_with("event: reload") => {
                        r.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok(_) if line.starts_with("event: error") => {
                        break format!("a build failed: {line}");
                    }
                    Ok(_) => {}
                    Err(err) => break format!("read: {err}"),
                }
            };
            if !c.load(Ordering::SeqCst) {
                *e.lock().unwrap() = Some(why);
            }
        });
        Stream {
            stream,
            reloads,
            ended,
            closing,
        }
    }

    fn reloads(&self) -> usize {
        self.reloads.load(Ordering::SeqCst)
    }

    fn ended(&self) -> Option<String> {
        self.ended.lock().unwrap().clone()
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.closing.store(true, Ordering::SeqCst);
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

// ---------------------------------------------------------------------------------------
// The load

/// One kind of request of the mix and what its answer must be.
#[derive(Clone)]
struct Target {
    method: &'static str,
    path: String,
    status: u16,
    /// The body must contain this (for a GET).
    contains: &'static str,
}

fn targets(server: &Server) -> Vec<Target> {
    let home = server.get("/").text();
    let asset = |prefix: &str, suffix: &str| -> String {
        let start = home
            .find(prefix)
            .unwrap_or_else(|| panic!("no {prefix} in the home page"));
        let end = home[start..].find(suffix).unwrap() + start + suffix.len();
        format!("/{}", &home[start..end])
    };
    let css = asset("static/style.", ".css");
    let js = asset("static/site.", ".js");
    let t = |method, path: &str, status, contains| Target {
        method,
        path: path.to_string(),
        status,
        contains,
    };
    vec![
        // Pages: whole, with the live-reload script.
        t("GET", "/", 200, "__livereload.js"),
        t("GET", "/norms/e/", 200, "__livereload.js"),
        t("GET", "/norms/g/", 200, "__livereload.js"),
        t("GET", "/norms/", 200, "__livereload.js"),
        t("GET", "/regions/osce/", 200, "__livereload.js"),
        t("GET", "/timeline/2015/", 200, "__livereload.js"),
        t("GET", "/about/", 200, "__livereload.js"),
        t("GET", "/search/", 200, "__livereload.js"),
        // Assets.
        t("GET", &css, 200, "{"),
        t("GET", &js, 200, ""),
        t("GET", "/static/favicon.svg", 200, "<svg"),
        t("GET", "/search-index.js", 200, ""),
        t("GET", "/__livereload.js", 200, "EventSource"),
        t("GET", "/data/norms.json", 200, "["),
        t("GET", "/robots.txt", 200, ""),
        // Missing: the site's own 404 page.
        t("GET", "/missing/", 404, "</html>"),
        t("GET", "/norms/zz/", 404, "</html>"),
        t("GET", "/static/style.0000000000.css", 404, "</html>"),
        // A folder without its slash.
        t("GET", "/norms/e", 301, ""),
        // HEAD: the headers, no body.
        t("HEAD", "/", 200, ""),
        t("HEAD", "/norms/e/", 200, ""),
        t("HEAD", &css, 200, ""),
        t("HEAD", "/missing/", 404, ""),
    ]
}

fn check(target: &Target, response: &Response) -> Result<(), String> {
    if response.status != target.status {
        return Err(format!("status {}", response.status));
    }
    if target.method == "HEAD" {
        if !response.body.is_empty() {
            return Err("a body in answer to HEAD".into());
        }
        return Ok(());
    }
    if response.status == 301 {
        return match response.header("location") {
            Some(l) if l == format!("{}/", target.path) => Ok(()),
            other => Err(format!("Location {other:?}")),
        };
    }
    if response.body.is_empty() {
        return Err("empty body".into());
    }
    let text = String::from_utf8_lossy(&response.body);
    if !text.contains(target.contains) {
        return Err(format!("no {:?} in the body", target.contains));
    }
    if target.contains == "__livereload.js" && !text.trim_end().ends_with("</html>") {
        return Err("a page cut short".into());
    }
    Ok(())
}

#[derive(Default)]
struct Report {
    requests: usize,
    failures: Vec<String>,
    latencies: Vec<Duration>,
    elapsed: Duration,
    edits: usize,
    rebuilds: usize,
    reloads: Vec<usize>,
}

impl Report {
    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    fn print(&self) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "requests {} | failures {} | p50 {:.2} ms | p99 {:.2} ms | max {:.2} ms | \
             {:.0} requests/s over {:.1} s | {} edits, {} rebuilds, reload events per stream {}..{}",
            self.requests,
            self.failures.len(),
            ms(self.percentile(50.0)),
            ms(self.percentile(99.0)),
            ms(self.latencies.iter().max().copied().unwrap_or_default()),
            self.requests as f64 / self.elapsed.as_secs_f64(),
            self.elapsed.as_secs_f64(),
            self.edits,
            self.rebuilds,
            self.reloads.iter().min().unwrap_or(&0),
            self.reloads.iter().max().unwrap_or(&0),
        );
        for f in self.failures.iter().take(20) {
            println!("  failed: {f}");
        }
    }
}

/// `total` requests from `clients` threads, each on kept-alive connections of 8 requests
/// (the last with `Connection: close`), while `streams` event streams are open and a
/// content file is saved every 100 ms.
fn load(server: &mut Server, total: usize, clients: usize, streams: usize) -> Report {
    let targets = Arc::new(targets(server));
    let streams: Vec<Stream> = (0..streams).map(|_| Stream::open(server.port)).collect();
    let rebuilds_before = server.output().0.matches("rebuilt ").count();
    let done = Arc::new(AtomicBool::new(false));
    let editor = spawn_editor(server, done.clone());
    // Halfway through, the requests wait for a first rebuild, and at three quarters for a
    // second, so that rebuilds happen during the load however fast it runs.
    let rebuilt = Arc::new(AtomicUsize::new(0));
    let counter = {
        let (rebuilt, done, stdout) = (rebuilt.clone(), done.clone(), server.stdout.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                let n = stdout.lock().unwrap().matches("rebuilt ").count();
                rebuilt.store(n.saturating_sub(rebuilds_before), Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let work = Work {
                targets: targets.clone(),
                next: next.clone(),
                rebuilt: rebuilt.clone(),
                port: server.port,
                total,
                client,
            };
            std::thread::spawn(move || work.run())
        })
        .collect();
    let mut report = Report::default();
    for w in workers {
        let (latencies, failures) = w.join().unwrap();
        report.latencies.extend(latencies);
        report.failures.extend(failures);
    }
    report.elapsed = start.elapsed();
    report.requests = total;
    done.store(true, Ordering::SeqCst);
    report.edits = editor.join().unwrap();
    counter.join().unwrap();
    hear_a_last_save(server, &streams, &mut report);
    report.reloads = streams.iter().map(Stream::reloads).collect();
    report.rebuilds = server.output().0.matches("rebuilt ").count() - rebuilds_before;
    server.assert_no_internal_failure();
    report
}

/// An editor saving norm (e)'s body, and now and then the about page's front matter (a
/// full rebuild), every 100 ms until `done`; the thread returns how many saves it made.
fn spawn_editor(server: &Server, done: Arc<AtomicBool>) -> std::thread::JoinHandle<usize> {
    let (e, about) = (
        server.path("content/norms/e.md"),
        server.path("content/about.md"),
    );
    let (e_text, about_text) = (
        std::fs::read_to_string(&e).unwrap(),
        std::fs::read_to_string(&about).unwrap(),
    );
    std::thread::spawn(move || {
        let mut edits = 0;
        while !done.load(Ordering::SeqCst) {
            edits += 1;
            let (path, text) = if edits % 5 == 0 {
                let text = about_text.replace(
                    "description: About the fixture.",
                    &format!("description: About the fixture, saved {edits} times."),
                );
                (&about, text)
            } else {
                let text = e_text.replace(
                    "The original wording of norm e.",
                    &format!("Wording {edits} of norm e."),
                );
                (&e, text)
            };
            let tmp = path.with_file_name(".edit.tmp");
            std::fs::write(&tmp, text).unwrap();
            std::fs::rename(&tmp, path).unwrap();
            std::thread::sleep(Duration::from_millis(100));
        }
        edits
    })
}

/// What one client thread of [`load`] does.
struct Work {
    targets: Arc<Vec<Target>>,
    /// The number of the next request, shared by the clients.
    next: Arc<AtomicUsize>,
    /// How many rebuilds the server has reported since the load started.
    rebuilt: Arc<AtomicUsize>,
    port: u16,
    total: usize,
    client: usize,
}

impl Work {
    /// Requests until `total` are made, on connections of 8 requests: the latencies and
    /// the failures.
    fn run(self) -> (Vec<Duration>, Vec<String>) {
        let mut latencies = Vec::new();
        let mut failures = Vec::new();
        let mut conn: Option<Conn> = None;
        let mut on_conn = 0;
        loop {
            let i = self.next.fetch_add(1, Ordering::SeqCst);
            if i >= self.total {
                break;
            }
            self.wait_for_rebuilds(i, &mut failures);
            let target = &self.targets[(i * 7 + self.client) % self.targets.len()];
            on_conn += 1;
            let close = on_conn == 8;
            let started = Instant::now();
            let result = match conn.take().map_or_else(|| Conn::open(self.port), Ok) {
                Ok(mut c) => c
                    .request(target.method, &target.path, close)
                    .and_then(|r| check(target, &r))
                    .map(|()| c),
                Err(e) => Err(format!("connect: {e}")),
            };
            match result {
                Ok(c) => {
                    latencies.push(started.elapsed());
                    if !close {
                        conn = Some(c);
                    }
                }
                Err(e) => {
                    failures.push(format!("{} {}: {e}", target.method, target.path));
                }
            }
            if conn.is_none() {
                on_conn = 0;
            }
        }
        (latencies, failures)
    }

    /// Request `i` waits for a first rebuild from halfway through, for a second from three
    /// quarters.
    fn wait_for_rebuilds(&self, i: usize, failures: &mut Vec<String>) {
        let total = self.total;
        let needed = (i >= total / 2) as usize + (i >= total * 3 / 4) as usize;
        let waited = Instant::now();
        while self.rebuilt.load(Ordering::SeqCst) < needed {
            if waited.elapsed() > HANG {
                failures.push(format!("no rebuild {needed} during the load"));
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Every stream is still open after the load and hears a last save.
fn hear_a_last_save(server: &Server, streams: &[Stream], report: &mut Report) {
    let heard: Vec<usize> = streams.iter().map(Stream::reloads).collect();
    server.write(
        "content/norms/e.md",
        &std::fs::read_to_string(server.path("content/norms/e.md"))
            .unwrap()
            .replace("of norm e.", "of norm e, last saved."),
    );
    let waited = Instant::now();
    for (stream, before) in streams.iter().zip(&heard) {
        while stream.reloads() <= *before {
            if let Some(why) = stream.ended() {
                report
                    .failures
                    .push(format!("an event stream ended: {why}"));
                break;
            }
            if waited.elapsed() > HANG {
                report
                    .failures
                    .push("an event stream missed the last reload".into());
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn assert_load(total: usize) {
    let mut server = Server::start();
    let report = load(&mut server, total, CLIENTS, STREAMS);
    report.print();
    assert!(
        report.failures.is_empty(),
        "{} of {} requests failed",
        report.failures.len(),
        report.requests
    );
    assert_eq!(report.latencies.len(), total);
    assert!(
        report.rebuilds >= 2,
        "the content changed during the load: {} rebuilds",
        report.rebuilds
    );
    // At least two during the load and the last one after it.
    assert!(
        report.reloads.iter().all(|&n| n >= 3),
        "{:?}",
        report.reloads
    );
}

#[test]
fn load_with_event_streams_open_and_files_changing_has_no_failures() {
    assert_load(SUITE_REQUESTS);
}

/// The load of issue 8, for the record: `benches/serve-load` runs it in release.
/// `SERVE_LOAD_REQUESTS` changes the number of requests.
#[test]
#[ignore]
fn full_load() {
    let total = std::env::var("SERVE_LOAD_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(FULL_REQUESTS);
    assert_load(total);
}

// ---------------------------------------------------------------------------------------
// Connections that hang

/// A connection kept open doing nothing, or sending a byte every 100 ms, for as long as
/// the test runs.
fn hold(port: u16, greeting: &'static [u8], trickle: bool, stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let _ = stream.write_all(greeting);
        while !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(100));
            if trickle && stream.write_all(b"a").is_err() {
                break;
            }
        }
    });
}

#[test]
fn idle_and_slowloris_connections_do_not_block_others() {
    let mut server = Server::start();
    let stop = Arc::new(AtomicBool::new(false));
    for _ in 0..20 {
        hold(server.port, b"", false, stop.clone());
        hold(server.port, b"GET / HTTP/1.1\r\n", false, stop.clone());
        // Slowloris: a header that never ends, a byte at a time.
        hold(
            server.port,
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
            true,
            stop.clone(),
        );
    }
    std::thread::sleep(Duration::from_millis(500));
    let slowest = server.assert_serving(300);
    println!(
        "with 60 idle or slow connections open: 300 requests, slowest {:.1} ms",
        slowest.as_secs_f64() * 1000.0
    );
    stop.store(true, Ordering::SeqCst);
    server.assert_no_internal_failure();
}

#[test]
fn clients_that_never_read_their_answers_do_not_block_others() {
    // A file larger than a socket's buffers can hold, so writing it blocks.
    let mut server = Server::start_with(
        |root| {
            let big = "x".repeat(1023) + "\n";
            std::fs::write(
                root.join("themes/default/static/big.txt"),
                big.repeat(12 * 1024),
            )
            .unwrap();
        },
        |_| {},
    );
    let mut stuck = Vec::new();
    for _ in 0..8 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        let mut requests = Vec::new();
        for _ in 0..4 {
            requests.extend_from_slice(b"GET /static/big.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        }
        stream.write_all(&requests).unwrap();
        stuck.push(stream);
    }
    std::thread::sleep(Duration::from_millis(500));
    let slowest = server.assert_serving(60);
    println!(
        "with 8 clients not reading 12 MiB answers: slowest {:.1} ms",
        slowest.as_secs_f64() * 1000.0
    );
    // The stuck ones are whole once read.
    let mut first = Conn {
        reader: BufReader::new(stuck.swap_remove(0)),
    };
    first.reader.get_ref().set_read_timeout(Some(HANG)).unwrap();
    let r = first.response(false).unwrap();
    assert_eq!((r.status, r.body.len()), (200, 12 * 1024 * 1024));
    server.assert_no_internal_failure();
}

#[test]
fn requests_pipelined_after_an_event_stream_do_not_block_others() {
    let mut server = Server::start();
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream.set_read_timeout(Some(HANG)).unwrap();
        stream
            .write_all(
                b"GET /__livereload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n\
                  GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n\
                  GET /norms/e/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            )
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while !line.starts_with("event: hello") {
            line.clear();
            assert_ne!(reader.read_line(&mut line).unwrap(), 0);
        }
        held.push(reader);
    }
    let slowest = server.assert_serving(60);
    println!(
        "with 8 event streams holding pipelined requests: slowest {:.1} ms",
        slowest.as_secs_f64() * 1000.0
    );
    server.assert_no_internal_failure();
}

/// A server that may open `files` files at the most (`RLIMIT_NOFILE`).
#[cfg(unix)]
fn start_with_file_limit(files: libc::rlim_t) -> Server {
    use std::os::unix::process::CommandExt;
    Server::start_with(
        |_| {},
        |cmd| {
            // SAFETY: setrlimit is async-signal-safe and touches only the child.
            unsafe {
                cmd.pre_exec(move || {
                    let limit = libc::rlimit {
                        rlim_cur: files,
                        rlim_max: files,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        },
    )
}

/// What /proc says of the server process: a `key:` line of its status in KiB (`VmRSS`), or
/// how many files it has open.
#[cfg(target_os = "linux")]
fn proc_status_kib(server: &Server, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key} in {status}"))
}

#[cfg(target_os = "linux")]
fn open_files(server: &Server) -> usize {
    std::fs::read_dir(format!("/proc/{}/fd", server.child.id()))
        .unwrap()
        .count()
}

#[cfg(unix)]
#[test]
fn running_out_of_open_files_does_not_stop_the_server() {
    const FILES: libc::rlim_t = 64;
    let mut server = start_with_file_limit(FILES);
    // More connections than the server may open files: accepting fails at some point.
    let flood: Vec<TcpStream> = (0..FILES + 16)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    server.wait_for(|_, err| err.contains("accepting connections failed").then_some(()));
    drop(flood);
    // Accepting starts again after a pause that doubles while it keeps failing (the closed
    // connections left in the backlog take files too as they are accepted): allow for a
    // few rounds before calling it a hang.
    let waited = Instant::now();
    while !Conn::open(server.port)
        .and_then(|mut c| c.request("GET", "/", true).map_err(std::io::Error::other))
        .is_ok_and(|r| r.status == 200)
    {
        server.assert_running();
        assert!(
            waited.elapsed() < 3 * HANG,
            "not serving again after the flood"
        );
    }
    server.assert_serving(30);
    // And it still rebuilds and tells the pages.
    let stream = Stream::open(server.port);
    server.write(
        "content/about.md",
        &std::fs::read_to_string(server.path("content/about.md"))
            .unwrap()
            .replace("Nothing here yet.", "Something now."),
    );
    let waited = Instant::now();
    while stream.reloads() == 0 {
        assert!(waited.elapsed() < HANG, "no reload after the flood");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(server.get("/about/").text().contains("Something now."));
    server.assert_no_internal_failure();
    println!("{}", server.output().1);
}

// ---------------------------------------------------------------------------------------
// Hostile requests

#[test]
fn oversized_request_headers_and_targets_are_refused() {
    let mut server = Server::start();
    let port = server.port;
    let request = |extra: &str, target: &str| {
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n")
    };
    let big_line = format!("X-Big: {}\r\n", "a".repeat(100 * 1024));
    let many = "X-Many: b\r\n".repeat(20_000);
    let long_target = format!("/{}", "a".repeat(100 * 1024));
    for (what, bytes, expected) in [
        ("a 100 KB header line", request(&big_line, "/"), 431),
        ("20,000 header lines", request(&many, "/"), 431),
        ("a 100 KB target", request("", &long_target), 414),
    ] {
        let (status, _) = raw(port, bytes.as_bytes());
        assert_eq!(status, Some(expected), "{what}");
        assert_eq!(server.get("/").status, 200, "serving after {what}");
    }
    // A large but reasonable cookie is fine.
    let cookie = format!("Cookie: c={}\r\n", "c".repeat(8 * 1024));
    assert_eq!(raw(port, request(&cookie, "/").as_bytes()).0, Some(200));
    server.assert_no_internal_failure();
}

/// A flood that the server must refuse before reading it: `head`, then up to 64 MiB of
/// `byte` in 64 KiB writes, stopping at the first write that fails (the server has closed).
/// The answer must be `status` or none (a reset, when the server closed with bytes unread,
/// may lose it), not all of it may have been sent, and the server's `VmRSS`, read while the
/// connection is still open (a server still reading would hold what it read), must grow
/// by less than `growth_kib`. Then it must still serve.
#[cfg(target_os = "linux")]
fn assert_refused_unread(what: &str, head: &[u8], byte: u8, status: u16, growth_kib: u64) {
    const FLOOD: usize = 64 * 1024 * 1024;
    let mut server = Server::start();
    // What the build and the first requests take, before the flood.
    server.assert_serving(3);
    let before = proc_status_kib(&server, "VmRSS");
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(HANG)).unwrap();
    stream.set_write_timeout(Some(HANG)).unwrap();
    stream.write_all(head).unwrap();
    let chunk = vec![byte; 64 * 1024];
    let mut sent = 0;
    while sent < FLOOD && stream.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    let during = proc_status_kib(&server, "VmRSS");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
    let line = head.lines().next().unwrap_or("(closed)");
    println!(
        "{what}: {} KiB sent of {} KiB, answer {line:?}, server VmRSS {before} → {during} KiB",
        sent / 1024,
        FLOOD / 1024,
    );
    assert!(
        answer.is_empty() || head.starts_with(&format!("HTTP/1.1 {status} ")),
        "{what}: {head:?}"
    );
    assert!(sent < FLOOD, "{what}: the server read all {FLOOD} bytes");
    assert!(
        during.saturating_sub(before) < growth_kib,
        "{what}: the server grew from {before} KiB to {during} KiB"
    );
    server.assert_serving(3);
    server.assert_no_internal_failure();
}

/// A header line that never ends is refused once its first 16 KiB are read: the server
/// neither reads the rest nor holds it in memory (it did both before tiny_http was patched,
/// vendor/tiny_http/PATCHES.md).
#[cfg(target_os = "linux")]
#[test]
fn an_endless_header_line_is_refused_before_it_is_read() {
    let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Endless: ";
    assert_refused_unread("an endless header line", head, b'a', 431, 32 * 1024);
}

/// The dev server takes no request bodies: one declared over 16 KiB (`Content-Length`, or
/// any chunked body, whose length is not declared) is answered 413 and its connection
/// closed, before any of it is read. tiny_http 0.12.0 answered the request, then, dropping
/// it, allocated the declared length to read the body into: a petabyte `Content-Length`
/// aborted the process (vendor/tiny_http/PATCHES.md).
#[test]
fn declared_request_bodies_over_16_kib_get_413_and_close() {
    let mut server = Server::start();
    let request = |headers: &str| {
        // A request pipelined behind it must not be answered: the connection is closed.
        format!(
            "GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
    };
    for (what, headers) in [
        ("a petabyte", "Content-Length: 1000000000000000\r\n"),
        (
            "more than a usize",
            "Content-Length: 100000000000000000000000\r\n",
        ),
        ("16 KiB and a byte", "Content-Length: 16385\r\n"),
        ("a chunked body", "Transfer-Encoding: chunked\r\n"),
        (
            "a chunked body and a length",
            "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        ),
    ] {
        let (status, answer) = raw(server.port, request(headers).as_bytes());
        let text = String::from_utf8_lossy(&answer);
        assert_eq!(status, Some(413), "{what}: {text}");
        assert_eq!(text.matches("HTTP/1.1 ").count(), 1, "{what}: {text}");
        server.assert_serving(3);
    }
    // A small body is still read past, and the next request on the connection served.
    let small = format!(
        "GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 16384\r\n\r\n{}\
         GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "x".repeat(16 * 1024)
    );
    let (status, answer) = raw(server.port, small.as_bytes());
    let text = String::from_utf8_lossy(&answer);
    assert_eq!(status, Some(200), "{text}");
    assert_eq!(text.matches("HTTP/1.1 200 ").count(), 2, "{text}");
    server.assert_no_internal_failure();
}

/// 1 GB declared and 64 MiB sent: refused before the body is read, so the server neither
/// reads it nor grows (tiny_http 0.12.0 read it all and grew from 29 MiB to 985 MiB).
#[cfg(target_os = "linux")]
#[test]
fn a_gigabyte_body_declared_is_refused_before_it_is_read() {
    let head = b"GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n";
    assert_refused_unread("1 GB declared", head, b'x', 413, 64 * 1024);
}

/// Requests no client may send, each with what is wrong with it.
const MALFORMED_REQUESTS: &[(&str, &[u8])] = &[
    (
        "garbage",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n",
    ),
    ("binary", &[0u8, 1, 2, 3, 255, 254, 13, 10, 13, 10]),
    ("a method alone", b"GET\r\n\r\n"),
    ("no version", b"GET /\r\n\r\n"),
    ("HTTP/9.9", b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"),
    ("HTTP/0.9", b"GET / HTTP/0.9\r\nHost: 127.0.0.1\r\n\r\n"),
    (
        "a NUL byte",
        b"GET /\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ),
    (
        "an encoded NUL",
        b"GET /index.html%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ),
    (
        "a non-UTF-8 path",
        b"GET /\xff\xfe\xc0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ),
    (
        "an encoded non-UTF-8 path",
        b"GET /%ff%fe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ),
    (
        "a bad escape",
        b"GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ),
    ("two spaces", b"GET  / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
    (
        "two spaces before the version",
        b"GET /  HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ),
    (
        "text after the version",
        b"GET / HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n",
    ),
    (
        "a space after the version",
        b"GET / HTTP/1.1 \r\nHost: 127.0.0.1\r\n\r\n",
    ),
    (
        "a tab after the version",
        b"GET / HTTP/1.1\t\r\nHost: 127.0.0.1\r\n\r\n",
    ),
    ("tabs", b"GET\t/\tHTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
    ("bare LF", b"GET / HTTP/1.1\nHost: 127.0.0.1\n\n"),
    ("no CRLF at all", b"GET / HTTP/1.1"),
    (
        "a header without a colon",
        b"GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n",
    ),
    ("a non-ASCII header", b"GET / HTTP/1.1\r\nX-A: \xff\r\n\r\n"),
    (
        "an unknown Expect",
        b"GET / HTTP/1.1\r\nExpect: teapot\r\n\r\n",
    ),
    ("empty lines", b"\r\n\r\n\r\n"),
    ("nothing", b""),
    (
        "CONNECT",
        b"CONNECT evil:443 HTTP/1.1\r\nHost: evil\r\n\r\n",
    ),
    ("TRACE", b"TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
    (
        "an asterisk",
        b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ),
    ("GET *", b"GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
];

#[test]
fn malformed_request_lines_are_refused() {
    let mut server = Server::start();
    for (what, bytes) in MALFORMED_REQUESTS {
        let (status, answer) = raw(server.port, bytes);
        // Refused: a 4xx or 5xx, or the connection closed without an answer; never content.
        if let Some(status) = status {
            assert!(
                status >= 400,
                "{what}: {status}\n{}",
                String::from_utf8_lossy(&answer)
            );
        }
        println!("{what}: {status:?}");
        assert_eq!(server.get("/").status, 200, "serving after {what}");
    }
    server.assert_no_internal_failure();
}

/// A request line of HTTP/2.0 or 3.0 (the HTTP/2 preface is `PRI * HTTP/2.0`) is answered
/// 505 and its connection closed. tiny_http 0.12.0 never sent that 505 and kept the
/// connection's thread and two files until the process ended, so 600 of them (more than
/// half of a 1,024-file limit) left the server unable to accept; the patch in
/// vendor/tiny_http fixes it.
#[cfg(target_os = "linux")]
#[test]
fn http_2_request_lines_get_505_and_close() {
    const FILES: libc::rlim_t = 1024;
    const LINES: usize = 600;
    let mut server = start_with_file_limit(FILES);
    server.assert_serving(3);
    let files_before = open_files(&server);
    let lines = ["GET / HTTP/2.0", "GET / HTTP/3.0", "PRI * HTTP/2.0"];
    let mut slowest = Duration::ZERO;
    for i in 0..LINES {
        let line = lines[i % lines.len()];
        let request = format!("{line}\r\nHost: 127.0.0.1\r\n\r\n");
        let start = Instant::now();
        // `raw` fails on a hang: the answer has come and the connection has closed.
        let (status, answer) = raw(server.port, request.as_bytes());
        slowest = slowest.max(start.elapsed());
        assert_eq!(
            status,
            Some(505),
            "{line}: {}",
            String::from_utf8_lossy(&answer)
        );
    }
    server.assert_serving(30);
    // The connections' files are given back (closing follows the answer by a moment).
    let waited = Instant::now();
    while open_files(&server) > files_before + 16 {
        assert!(
            waited.elapsed() < HANG,
            "files still open: {}",
            open_files(&server)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "{LINES} HTTP/2 and 3 request lines: 505 and closed, slowest {:.1} ms; files open {} → {}",
        slowest.as_secs_f64() * 1000.0,
        files_before,
        open_files(&server)
    );
    server.assert_no_internal_failure();
}

/// Paths that lead, or would lead on a careless server, outside the in-memory site: every
/// encoding of `..`, of slashes and backslashes, NULs, drive letters, and files that sit
/// beside the site's output.
const TRAVERSAL_TARGETS: &[&str] = &[
    "/../",
    "/../Cargo.toml",
    "/../secret.txt",
    "/../../../../../../../../etc/passwd",
    "/norms/../../secret.txt",
    "/static/../../Cargo.toml",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/%2E%2E%2F",
    "/%2E%2E%2Fsecret.txt",
    "/..%2f",
    "/..%2fsecret.txt",
    "/..%2F..%2F..%2Fetc%2Fpasswd",
    "/.%2e/secret.txt",
    "/%2e./secret.txt",
    "/%252e%252e/",
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/..%252fsecret.txt",
    "/..\\",
    "/..\\secret.txt",
    "/..\\..\\Cargo.toml",
    "/%5c..%5c",
    "/%5c..%5csecret.txt",
    "/%5C..%5Csecret.txt",
    "/..%5csecret.txt",
    "/%c0%ae%c0%ae/",
    "/%c0%ae%c0%ae/secret.txt",
    "/%c0%ae%c0%ae%c0%afsecret.txt",
    "/%e0%80%ae%e0%80%ae/secret.txt",
    "/..%c0%afsecret.txt",
    "/..%c1%9csecret.txt",
    "/%uff0e%uff0e/secret.txt",
    "/..;/secret.txt",
    "/..%00/secret.txt",
    "/secret.txt%00.html",
    "//etc/passwd",
    "///etc/passwd",
    "/%2f%2fetc%2fpasswd",
    "/\\\\etc\\passwd",
    "/C:/Windows/win.ini",
    "/c:%5cwindows%5cwin.ini",
    "/file:///etc/passwd",
    "/secret.txt",
    "/Cargo.toml",
    "/content/norms/e.md",
    "/themes/default/templates/base.html",
    "/_headers",
    "/norms/e/..",
    "/norms/e/%2e%2e",
];

/// Request targets that are not paths: absolute URLs, relative ones, `*`.
const ABSOLUTE_TARGETS: &[&str] = &[
    "http://evil/",
    "http://evil/../Cargo.toml",
    "http://127.0.0.1/secret.txt",
    "https://127.0.0.1/../secret.txt",
    "file:///etc/passwd",
    "../secret.txt",
    "secret.txt",
    "*",
];

#[test]
fn traversal_in_every_encoding_is_refused() {
    let mut server = Server::start_with(
        |root| std::fs::write(root.join("secret.txt"), "TOP SECRET").unwrap(),
        |_| {},
    );
    let repo = common::repo_root();
    let manifest = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    // What must never be in an answer: the manifest's and /etc/passwd's first lines, a file
    // beside the site's folders, the Markdown source of a page.
    let mut secrets: Vec<String> = vec![
        "TOP SECRET".into(),
        "set: gge-2015".into(),
        "[package]".into(),
    ];
    for file in [&manifest, &passwd] {
        secrets.extend(
            file.lines()
                .filter(|l| l.len() > 8)
                .take(4)
                .map(str::to_string),
        );
    }
    let mut tried = 0;
    for target in TRAVERSAL_TARGETS.iter().chain(ABSOLUTE_TARGETS) {
        for method in ["GET", "HEAD"] {
            let request = format!(
                "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            );
            let (status, answer) = raw(server.port, request.as_bytes());
            tried += 1;
            if let Some(status) = status {
                assert!(
                    status == 400 || status == 404,
                    "{method} {target}: {status}"
                );
            }
            let text = String::from_utf8_lossy(&answer);
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{method} {target}: {secret}"
                );
            }
        }
    }
    println!("{tried} traversal requests refused");
    assert_eq!(server.get("/").status, 200);
    server.assert_no_internal_failure();
}
