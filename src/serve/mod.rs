//! `serve`: the editors' everyday tool. The site is built into memory (never into
//! `output/`), served over HTTP, rebuilt when a file under `content/` or `themes/` changes,
//! and every open page is told over server-sent events to reload, swap its stylesheet,
//! or show the build errors.
//!
//! Threads, and why each exists:
//! - the caller's thread runs the watch → rebuild loop ([`watch`]), so builds never overlap;
//! - one thread accepts requests from tiny_http and hands each connection's requests, in
//!   order, to a thread of that connection's own while it has any ([`dispatch`]), so a
//!   client that stops reading holds up only itself; pages are answered ([`http`]) from
//!   the in-memory [`Snapshot`] and never touch the file system, and only to requests
//!   whose `Host` is the server's own ([`host`], against DNS rebinding);
//! - each open event stream gets its own thread ([`events`]), so a browser holding
//!   `/__livereload` open holds no other thread.

mod diff;
mod dispatch;
mod events;
mod host;
mod http;
mod live;
mod watch;

use crate::diagnostics::{format_report, Command, Diagnostic};
use crate::output::Output;
use crate::pipeline::{self, Failure, Generated};
use diff::Change;
use live::{LiveSite, Snapshot};
use std::net::{IpAddr, SocketAddr, TcpListener, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Instant;

/// How many ports after `--port` are tried when it is busy.
const PORT_ATTEMPTS: u16 = 20;

/// The command line of `serve`.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// 0 lets the system choose a free port (used by the tests).
    pub port: u16,
    pub bind: String,
    pub open: bool,
}

/// Why `serve` could not run.
#[derive(Debug)]
pub enum Error {
    /// A bad `--bind` or `--root`: exit code 2.
    Usage(String),
    /// No port free, or the listening socket failed: exit code 1.
    Io(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(m) | Error::Io(m) => f.write_str(m),
        }
    }
}

/// Builds, binds, prints the URL, then watches and rebuilds until the process is stopped
/// (Ctrl-C ends it: nothing is ever written to disk, so there is nothing to clean up).
pub fn run(options: Options) -> Result<(), Error> {
    let root = std::path::absolute(&options.root).unwrap_or_else(|_| options.root.clone());
    if let Err(Failure::Usage(message)) = pipeline::check_root(&options.root) {
        return Err(Error::Usage(message));
    }
    let ip = resolve_bind(&options.bind)?;

    // The watcher starts before the first build so that no save is missed in between.
    let (tx, rx) = mpsc::channel();
    let mut watcher = watch::Watcher::start(&root, tx.clone()).map_err(Error::Io)?;

    let live = Arc::new(LiveSite::new());
    let start = Instant::now();
    let mut builder = Builder::default();
    rebuild(&live, &mut builder, &root, &[], start);

    let (listener, addr) = bind(ip, options.port)?;
    dispatch::no_delay(&listener);
    let accepting = listener
        .try_clone()
        .and_then(|clone| {
            tiny_http::Server::from_listener(clone, None).map_err(std::io::Error::other)
        })
        .map_err(|e| Error::Io(format!("cannot listen on {addr}: {e}")))?;
    let hosts = host::Hosts::new(addr, &options.bind);
    let dispatcher = dispatch::Dispatcher::new(live.clone(), hosts);
    dispatch::notice_panics();
    std::thread::spawn(move || {
        let why = dispatch::accept(listener, accepting, dispatcher);
        let _ = tx.send(watch::Msg::Fatal(why));
    });

    let url = host::url_of(addr);
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}, which is not a loopback address: anyone who can reach this machine can read the drafts"
        );
    }
    if addr.port() != options.port && options.port != 0 {
        println!("port {} is busy; using {}", options.port, addr.port());
    }
    println!("serving {url} with live reload (press Ctrl-C to stop)");
    if options.open {
        open_browser(&url);
    }

    loop {
        let changed = watch::next_change(&rx, &root).map_err(Error::Io)?;
        watcher.rewatch_if_needed(&changed);
        rebuild(&live, &mut builder, &root, &changed, Instant::now());
    }
}

/// The last good build, kept so that an edit of page bodies re-renders only those pages
/// ([`Generated::update`]); anything else rebuilds the site.
#[derive(Default)]
struct Builder {
    last: Option<Generated>,
    /// Files whose last quick update failed: still broken on disk, so they are part of the
    /// next update too (otherwise an edit elsewhere would clear their error).
    failing: Vec<PathBuf>,
}

/// What one build made, as `rebuild` reports it.
struct Built {
    output: Arc<Output>,
    pages: usize,
}

impl Builder {
    /// Keeps what makes the next edit of the last good build quick
    /// ([`Generated::keep_for_updates`]), if it is not kept yet.
    fn keep_for_updates(&mut self) {
        if let Some(last) = &mut self.last {
            last.keep_for_updates();
        }
    }

    fn build(&mut self, root: &Path, changed: &[PathBuf]) -> Result<Built, Failure> {
        let mut paths = self.failing.clone();
        paths.extend(
            changed
                .iter()
                .filter(|p| !self.failing.contains(p))
                .cloned(),
        );
        if let Some(last) = self.last.as_mut() {
            match last.update(root, &paths) {
                Some(Ok(())) => {
                    self.failing.clear();
                    return Ok(Built {
                        output: Arc::new(last.output.clone()),
                        pages: last.pages,
                    });
                }
                Some(Err(failure)) => {
                    self.failing = paths;
                    return Err(failure);
                }
                None => {}
            }
        }
        self.failing.clear();
        match pipeline::generate(root) {
            Ok(generated) => {
                let built = Built {
                    output: Arc::new(generated.output.clone()),
                    pages: generated.pages,
                };
                self.last = Some(generated);
                Ok(built)
            }
            Err(failure) => {
                // The kept build no longer matches the files: the next change builds all.
                self.last = None;
                Err(failure)
            }
        }
    }
}

/// One build, then the new snapshot and the events that tell the open pages. The
/// snapshot is replaced before the event is sent, so a page that reloads on it gets the
/// new site.
fn rebuild(
    live: &LiveSite,
    builder: &mut Builder,
    root: &Path,
    changed: &[PathBuf],
    start: Instant,
) {
    let previous = live.snapshot();
    let first = previous.output.is_none() && previous.errors.is_none();
    // Only this loop replaces the snapshot, so `previous` stays the current one until then.
    let result = builder.build(root, changed).map(|generated| {
        let change = match &previous.output {
            Some(old) => diff::classify(old, &generated.output),
            None => Change::Reload,
        };
        (generated, change)
    });
    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
    // The hub's lock is held while the snapshot changes, so an event stream that opens in
    // between sees either the old snapshot and then the event, or the new snapshot.
    let mut hub = live.hub.lock();
    match result {
        Ok((generated, change)) => {
            let version = match change {
                Change::Same => previous.version.clone(),
                _ => next_version(&live.instance, &previous.version),
            };
            live.set_snapshot(Snapshot {
                version: version.clone(),
                output: Some(generated.output),
                errors: None,
            });
            let what = match &change {
                Change::Same => "no change in the site",
                Change::Css(_) => "stylesheet swapped",
                Change::Reload => "pages reloaded",
            };
            if first {
                println!("built {} pages in {elapsed:.0} ms", generated.pages);
            } else {
                let cause = describe(changed);
                println!(
                    "rebuilt {} pages in {elapsed:.0} ms{cause}: {what}",
                    generated.pages
                );
            }
            let was_failing = previous.errors.is_some();
            tell_pages(&mut hub, &version, change, was_failing, first);
        }
        Err(failure) => serve_failure(live, &mut hub, &previous, failure),
    }
    drop(hub);
    // After the pages are told, so that no reload waits for it.
    builder.keep_for_updates();
}

/// Tells the open pages what a good build changed, and, when the build before it failed,
/// that the build is good again.
fn tell_pages(
    hub: &mut live::Locked,
    version: &str,
    change: Change,
    was_failing: bool,
    first: bool,
) {
    if was_failing {
        hub.send(&events::ok(version));
        if !first && matches!(change, Change::Same) {
            println!("the build is fixed");
        }
    }
    match change {
        Change::Same => {}
        Change::Css(swaps) => hub.send(&events::css(version, &swaps)),
        Change::Reload => hub.send(&events::reload(version)),
    }
}

/// A failed build: its errors in the terminal and on every open page, and the last good
/// site served on.
fn serve_failure(live: &LiveSite, hub: &mut live::Locked, previous: &Snapshot, failure: Failure) {
    let diagnostics = match failure {
        Failure::Input(d) => d,
        Failure::Io(message) | Failure::Usage(message) => {
            vec![Diagnostic::new(Path::new(""), 1, 1, message)]
        }
    };
    eprint!("{}", format_report(&diagnostics, Command::Serve));
    if previous.output.is_some() {
        eprintln!("serving the last good build until the errors are fixed");
    }
    let diagnostics = Arc::new(diagnostics);
    live.set_snapshot(Snapshot {
        version: previous.version.clone(),
        output: previous.output.clone(),
        errors: Some(diagnostics.clone()),
    });
    hub.send(&events::error(&previous.version, &diagnostics));
}

/// `<instance>-<n+1>`.
fn next_version(instance: &str, previous: &str) -> String {
    let n: u64 = previous
        .rsplit_once('-')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(0);
    format!("{instance}-{}", n + 1)
}

/// " after a change to content/norms/e.md" (and how many more).
fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => String::new(),
        [one] => format!(" after a change to {}", one.display()),
        [first, rest @ ..] => format!(
            " after changes to {} and {} more",
            first.display(),
            rest.len()
        ),
    }
}

fn resolve_bind(bind: &str) -> Result<IpAddr, Error> {
    if let Ok(ip) = bind.trim_matches(['[', ']']).parse::<IpAddr>() {
        return Ok(ip);
    }
    (bind, 0)
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .map(|a| a.ip())
        .ok_or_else(|| Error::Usage(format!("--bind {bind}: not an address this machine has")))
}

/// The requested port, or the next free one.
fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), Error> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_ATTEMPTS - 1)
    };
    for p in port..=last {
        match TcpListener::bind((ip, p)) {
            Ok(listener) => {
                let addr = listener
                    .local_addr()
                    .map_err(|e| Error::Io(format!("cannot listen on {ip}:{p}: {e}")))?;
                return Ok((listener, addr));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(Error::Io(format!("cannot listen on {ip}:{p}: {e}"))),
        }
    }
    Err(Error::Io(format!(
        "ports {port} to {last} on {ip} are all busy: choose another with --port"
    )))
}

/// Best effort: a missing opener or a failing one is not worth stopping the server for.
fn open_browser(url: &str) {
    let candidates: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["explorer"]
    } else {
        &["xdg-open"]
    };
    for program in candidates {
        let spawned = std::process::Command::new(program)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if let Ok(mut child) = spawned {
            // Reap it in the background so it does not linger as a zombie.
            std::thread::spawn(move || child.wait());
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_within_an_instance() {
        assert_eq!(next_version("ab", "ab-0"), "ab-1");
        assert_eq!(next_version("ab", "ab-41"), "ab-42");
    }

    #[test]
    fn bind_accepts_names_and_bracketed_v6() {
        assert!(resolve_bind("127.0.0.1").unwrap().is_loopback());
        assert!(resolve_bind("[::1]").unwrap().is_loopback());
        assert!(resolve_bind("localhost").unwrap().is_loopback());
        assert!(matches!(
            resolve_bind("no such host."),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn a_busy_port_moves_to_the_next() {
        let (taken, addr) = bind(IpAddr::from([127, 0, 0, 1]), 0).unwrap();
        let (_next, next) = bind(addr.ip(), addr.port()).unwrap();
        assert_ne!(next.port(), addr.port());
        drop(taken);
    }

    #[test]
    fn urls_bracket_v6() {
        assert_eq!(
            host::url_of("[::1]:8080".parse().unwrap()),
            "http://[::1]:8080/"
        );
    }
}
