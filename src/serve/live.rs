//! The site being served: the current [`Snapshot`], replaced whole after every build, and
//! the [`Hub`] of the event streams of the pages open on it. The hub's lock is held while
//! the snapshot changes and while a stream registers, so that a stream sees either the old
//! snapshot and then the event, or the new snapshot.

use crate::diagnostics::Diagnostic;
use crate::output::Output;
use std::sync::atomic::AtomicUsize;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

/// What is being served right now. Replaced whole after every build, never mutated, so a
/// request sees one consistent site.
pub(crate) struct Snapshot {
    /// Changes with every new good build and with every restart of the server; pages carry
    /// it, so a page that missed an event (or was served by a previous process) reloads.
    pub(crate) version: String,
    /// The last good site; `None` until a build has succeeded.
    pub(crate) output: Option<Arc<Output>>,
    /// The errors of the latest build, while it is failing.
    pub(crate) errors: Option<Arc<Vec<Diagnostic>>>,
}

/// The site being served and the streams of the pages open on it: shared by the threads
/// that answer requests, the event streams and the rebuild loop.
pub(crate) struct LiveSite {
    snapshot: RwLock<Arc<Snapshot>>,
    pub(crate) hub: Hub,
    /// Distinct for every start of the server, so that open pages notice a restart.
    pub(crate) instance: String,
}

impl LiveSite {
    pub(crate) fn new() -> LiveSite {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let instance = format!("{:x}", nanos ^ u128::from(std::process::id()));
        let snapshot = Snapshot {
            version: format!("{instance}-0"),
            output: None,
            errors: None,
        };
        LiveSite {
            snapshot: RwLock::new(Arc::new(snapshot)),
            hub: Hub::default(),
            instance,
        }
    }

    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces the snapshot; the caller holds the hub's lock ([`Hub::lock`]).
    pub(crate) fn set_snapshot(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }

    /// Registers a stream and returns what it must say first, both under the hub's lock so
    /// no event falls between the two.
    pub(crate) fn subscribe(&self) -> (Receiver<Arc<str>>, Arc<Snapshot>) {
        let mut locked = self.hub.lock();
        let snapshot = self.snapshot();
        let (tx, rx) = mpsc::channel();
        locked.0.push(tx);
        (rx, snapshot)
    }
}

/// The open streams.
#[derive(Default)]
pub(crate) struct Hub {
    clients: Mutex<Vec<Sender<Arc<str>>>>,
    /// How many streams are open, to refuse one past the limit.
    pub(crate) open: Arc<AtomicUsize>,
}

/// The hub, locked: the rebuild loop holds it while it replaces the snapshot and sends.
pub(crate) struct Locked<'a>(MutexGuard<'a, Vec<Sender<Arc<str>>>>);

impl Hub {
    pub(crate) fn lock(&self) -> Locked<'_> {
        Locked(self.clients.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Locked<'_> {
    /// Sends one frame to every open stream and forgets the streams that have ended.
    pub(crate) fn send(&mut self, frame: &str) {
        let frame: Arc<str> = Arc::from(frame);
        self.0.retain(|client| client.send(frame.clone()).is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ended_streams_are_forgotten() {
        let hub = Hub::default();
        let (tx, rx) = mpsc::channel();
        let (gone, _) = mpsc::channel::<Arc<str>>();
        hub.lock().0.extend([tx, gone]);
        hub.lock().send("event: reload\ndata: {}\n\n");
        assert_eq!(hub.lock().0.len(), 1, "only the stream still open stays");
        drop(rx);
        hub.lock().send("event: reload\ndata: {}\n\n");
        assert_eq!(hub.lock().0.len(), 0);
    }
}
