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
//! tiny_http also stops accepting for good after one failed `accept` (too many open
//! files, when a flood of connections exhausts them), which used to end `serve`. [`accept`]
//! starts accepting again on the same socket after a pause.

use super::{http, State};
use std::collections::{HashMap, VecDeque};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tiny_http::{Request, Server};

/// After a failed `accept`: long enough for connections to close and free their files,
/// short enough that a browser waiting in the backlog hardly notices.
const ACCEPT_PAUSE: Duration = Duration::from_secs(1);
/// A server that stopped accepting keeps answering the connections it has; when none has
/// sent a request for this long, they are taken to be gone and its thread ends. (Browsers
/// drop an idle kept-alive connection after a few minutes at most.)
const RETIRED_IDLE: Duration = Duration::from_secs(600);

/// The requests not yet answered, by connection. A connection has an entry exactly while
/// a thread answers its requests.
pub struct Dispatcher {
    pending: Mutex<HashMap<SocketAddr, VecDeque<Request>>>,
    state: Arc<State>,
}

impl Dispatcher {
    pub fn new(state: Arc<State>) -> Arc<Dispatcher> {
        Arc::new(Dispatcher {
            pending: Mutex::new(HashMap::new()),
            state,
        })
    }

    /// Queues the request behind the others of its connection, or starts a thread for it.
    pub fn dispatch(self: &Arc<Self>, request: Request) {
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
        // A bug in one answer must not take the connection's thread down with the lock.
        let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            http::handle(request, &self.state)
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
pub fn accept(listener: TcpListener, server: Server, dispatcher: Arc<Dispatcher>) -> String {
    let mut server = server;
    loop {
        let error = loop {
            match server.recv() {
                Ok(request) => dispatcher.dispatch(request),
                Err(e) => break e,
            }
        };
        if !transient(&error) {
            return format!("the server stopped: {error}");
        }
        eprintln!("warning: accepting a connection failed ({error}); accepting again in a moment");
        let retired = server;
        let answering = dispatcher.clone();
        let _ = std::thread::Builder::new()
            .name("http retired".into())
            .spawn(move || {
                while let Ok(Some(request)) = retired.recv_timeout(RETIRED_IDLE) {
                    answering.dispatch(request);
                }
                // The server is dropped here; it connects to its own address to wake an
                // accept loop that has already ended, and the new server sees a connection
                // that closes at once.
            });
        server = loop {
            std::thread::sleep(ACCEPT_PAUSE);
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
