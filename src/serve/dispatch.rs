//! From tiny_http to the threads that answer, and what keeps one client from stopping the
//! others.
//!
//! tiny_http reads every connection on a thread of its own and hands its requests out as
//! they come, pipelined ones included, before the earlier ones are answered; writing an
//! answer then waits until every earlier answer on the same connection is written. With a
//! fixed pool of workers, one client could hold them all: a client that sends requests and
//! never reads the answers (a worker blocks once the socket's buffers are full, and the
//! next pipelined requests block the other workers behind it), or one that sends requests
//! after `GET /__livereload` on the same connection (their answers wait for the stream to
//! end, which is never). Both stopped the whole server with four workers.
//!
//! So the requests of one connection are answered in order on one thread of its own, which
//! starts when the connection has a request and ends when it has none left: a client that
//! stalls stalls only itself, and there are never more of these threads than open
//! connections (tiny_http already spends a thread on each).
//!
//! tiny_http also stops accepting for good when accepting fails once (too many open files,
//! when a flood of connections takes them all): its accept loop ends, or its accepting
//! thread panics. The first used to end `serve`, the second to leave it silently deaf.
//! [`accept`] starts accepting again on the same socket after a pause.

use super::live::LiveSite;
use super::{host::Hosts, http};
use std::collections::{HashMap, VecDeque};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tiny_http::{Request, Server};

/// After accepting failed: long enough for connections to close and free their files,
/// short enough that a browser waiting in the backlog hardly notices; doubled up to
/// [`PAUSE_MAX`] while it keeps failing.
const PAUSE_MIN: Duration = Duration::from_secs(1);
const PAUSE_MAX: Duration = Duration::from_secs(16);
/// How often a panic of tiny_http's accepting thread is looked for when no request comes.
const POLL: Duration = Duration::from_millis(250);

/// The requests not yet answered, by connection. A connection has an entry exactly while
/// a thread answers its requests.
pub(crate) struct Dispatcher {
    pending: Mutex<HashMap<SocketAddr, VecDeque<Request>>>,
    live: Arc<LiveSite>,
    hosts: Hosts,
}

impl Dispatcher {
    pub(crate) fn new(live: Arc<LiveSite>, hosts: Hosts) -> Arc<Dispatcher> {
        Arc::new(Dispatcher {
            pending: Mutex::new(HashMap::new()),
            live,
            hosts,
        })
    }

    /// Queues the request behind the others of its connection, or starts a thread for it.
    pub(crate) fn dispatch(self: &Arc<Self>, request: Request) {
        // Only connections over a Unix socket have no address; serve listens on TCP.
        let Some(&peer) = request.remote_addr() else {
            self.answer(request);
            return;
        };
        {
            let mut pending = self.lock();
            if let Some(queue) = pending.get_mut(&peer) {
                queue.push_back(request);
                return;
            }
            pending.insert(peer, VecDeque::from([request]));
        }
        let this = self.clone();
        let spawned = std::thread::Builder::new()
            .name("http connection".into())
            .spawn(move || this.drain(peer));
        if spawned.is_err() {
            // No thread to be had: answer here rather than drop the requests.
            eprintln!("warning: no thread for a connection; answering it on the accepting one");
            self.drain(peer);
        }
    }

    /// Answers the connection's requests in order until none is left.
    fn drain(&self, peer: SocketAddr) {
        loop {
            let next = {
                let mut pending = self.lock();
                match pending.get_mut(&peer).and_then(VecDeque::pop_front) {
                    Some(request) => request,
                    None => {
                        pending.remove(&peer);
                        return;
                    }
                }
            };
            self.answer(next);
        }
    }

    fn answer(&self, request: Request) {
        // A bug in one answer must not end the thread and leave the connection's entry
        // behind, which would queue its later requests for ever.
        let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            http::handle(request, &self.live, &self.hosts)
        }));
        if handled.is_err() {
            eprintln!("warning: a request failed inside the server; serving on");
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SocketAddr, VecDeque<Request>>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Accepts connections on `listener` for ever (`server` is the first tiny_http server on
/// it). Returns only when the socket itself is unusable, with the reason.
pub(crate) fn accept(listener: TcpListener, server: Server, dispatcher: Arc<Dispatcher>) -> String {
    let mut server = server;
    let mut pause = PAUSE_MIN;
    let mut last_failure: Option<Instant> = None;
    loop {
        let why = match until_stopped(&server, &dispatcher) {
            Stopped::Transient(why) => why,
            Stopped::Fatal(why) => return format!("the server stopped: {why}"),
        };
        // Failing again soon after a restart (the files are still all taken): wait longer,
        // so a flood costs a handful of restarts rather than one a second.
        pause = if last_failure.is_some_and(|t| t.elapsed() < PAUSE_MAX * 2) {
            (pause * 2).min(PAUSE_MAX)
        } else {
            PAUSE_MIN
        };
        last_failure = Some(Instant::now());
        eprintln!(
            "warning: accepting connections failed ({why}); accepting again in {} s",
            pause.as_secs()
        );
        // The connections this server has stay open: keep answering them. (Its thread
        // waits for ever once they are gone; the pause above bounds how many there are.)
        let retired = server;
        let answering = dispatcher.clone();
        let _ = std::thread::Builder::new()
            .name("http retired".into())
            .spawn(move || {
                while let Ok(request) = retired.recv() {
                    answering.dispatch(request);
                }
            });
        server = loop {
            std::thread::sleep(pause);
            match listener.try_clone() {
                Ok(clone) => match Server::from_listener(clone, None) {
                    Ok(server) => break server,
                    Err(e) => eprintln!("warning: cannot accept connections yet: {e}"),
                },
                Err(e) if transient(&e) => {}
                Err(e) => return format!("the server stopped: {e}"),
            }
        };
    }
}

enum Stopped {
    /// Accepting stopped for a reason that passes: start again.
    Transient(String),
    Fatal(String),
}

/// Answers requests until tiny_http stops accepting: its accept loop ends on the first
/// error it gets, and its accepting thread dies on a panic when the error comes a step
/// later (a socket it cannot duplicate for want of files), which only [`notice_panics`]
/// tells.
fn until_stopped(server: &Server, dispatcher: &Arc<Dispatcher>) -> Stopped {
    loop {
        if let Some(why) = take_library_panic() {
            return Stopped::Transient(why);
        }
        match server.recv_timeout(POLL) {
            Ok(Some(request)) => dispatcher.dispatch(request),
            Ok(None) => {}
            Err(e) if transient(&e) => return Stopped::Transient(e.to_string()),
            Err(e) => return Stopped::Fatal(e.to_string()),
        }
    }
}

/// The message of the last panic inside tiny_http, not yet acted on.
static LIBRARY_PANIC: Mutex<Option<String>> = Mutex::new(None);

fn take_library_panic() -> Option<String> {
    LIBRARY_PANIC
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
}

/// Records the panics of tiny_http's accepting thread for [`until_stopped`], in place of
/// the usual message (the warning that accepting starts again says it): those inside
/// tiny_http (a socket it cannot duplicate for want of files) and threads that cannot be
/// started (its pool starts one per connection with `thread::spawn`; serve's own threads
/// are started with `Builder::spawn`, which does not panic). A panic taken for one of
/// these by mistake only starts a second server on the same socket; both answer. Other
/// panics go to the usual hook.
pub(crate) fn notice_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let in_library = info
            .location()
            .is_some_and(|l| l.file().contains("tiny_http"));
        if in_library || message.starts_with("failed to spawn thread") {
            *LIBRARY_PANIC.lock().unwrap_or_else(|e| e.into_inner()) =
                Some(format!("the HTTP library failed: {message}"));
        } else {
            previous(info);
        }
    }));
}

/// Sends every write of an answer at once. tiny_http writes an answer in several pieces
/// (the headers, then the body); with Nagle's algorithm the last piece waits for the
/// client to acknowledge the first, which a client delays by 40 ms on Linux, so every
/// answer on a kept-alive connection took 40 ms more. Accepted sockets inherit
/// `TCP_NODELAY` from the listening one (Linux, macOS, the BSDs), and tiny_http gives no
/// other hold on them. Best effort: without it answers are only slower.
pub(crate) fn no_delay(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let on: libc::c_int = 1;
        // SAFETY: a valid socket, and a pointer to an int that outlives the call.
        unsafe {
            libc::setsockopt(
                listener.as_raw_fd(),
                libc::IPPROTO_TCP,
                libc::TCP_NODELAY,
                (&on as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            );
        }
    }
    #[cfg(not(unix))]
    let _ = listener;
}

/// An `accept` that fails for want of files, memory or buffers, or because the client
/// gave up, succeeds again later.
fn transient(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::ConnectionAborted
            | ErrorKind::ConnectionReset
            | ErrorKind::Interrupted
            | ErrorKind::WouldBlock
            | ErrorKind::OutOfMemory
    ) {
        return true;
    }
    #[cfg(unix)]
    if let Some(code) = error.raw_os_error() {
        return [
            libc::EMFILE,
            libc::ENFILE,
            libc::ENOBUFS,
            libc::ENOMEM,
            libc::EPROTO,
            libc::EPERM,
        ]
        .contains(&code);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_not_held_back_for_the_clients_acknowledgement() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        no_delay(&listener);
        let _client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (accepted, _) = listener.accept().unwrap();
        #[cfg(unix)]
        assert!(accepted.nodelay().unwrap(), "TCP_NODELAY is inherited");
    }

    #[test]
    fn running_out_of_files_is_transient_a_closed_socket_is_not() {
        #[cfg(unix)]
        assert!(transient(&std::io::Error::from_raw_os_error(libc::EMFILE)));
        assert!(transient(&std::io::Error::from(
            std::io::ErrorKind::ConnectionAborted
        )));
        #[cfg(unix)]
        assert!(!transient(&std::io::Error::from_raw_os_error(libc::EBADF)));
        assert!(!transient(&std::io::Error::other("thread unblocked")));
    }
}
