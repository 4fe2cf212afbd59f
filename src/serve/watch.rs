//! Watching `content/` and `themes/` (never `output/`), and turning a burst of file events
//! into one rebuild.
//!
//! The debounce is done here, across all paths, rather than with notify-debouncer-mini:
//! that one debounces each path on its own, so a `git checkout` of many files spread over
//! a few tens of milliseconds would arrive as several batches and start several builds.
//! Here a build starts once [`DEBOUNCE`] has passed with no new relevant event at all, or
//! only [`SETTLE`] when the last one finished a write: an editor's save ends with the
//! rename of its temporary file over the page, or with closing the page it wrote in place,
//! and once that is seen there is nothing left to wait for but what follows at once.

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Quiet time after the last event before building: long enough for an editor's
/// write-temporary-then-rename, short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// Quiet time after an event that finished a write (a rename onto a file, a file closed
/// after writing): the events of the same save, and of the next files of a checkout,
/// follow within microseconds.
const SETTLE: Duration = Duration::from_millis(5);
/// A stream of events that never pauses (a tool writing continuously) still gets a build
/// this often.
const MAX_DELAY: Duration = Duration::from_millis(500);
/// The folders under the root whose files make the site.
const WATCHED: [&str; 2] = ["content", "themes"];

/// What the rebuild loop waits on: file events, or the accepting thread reporting that the
/// server died.
pub(crate) enum Msg {
    Fs(notify::Result<notify::Event>),
    Fatal(String),
}

pub(crate) struct Watcher {
    inner: RecommendedWatcher,
    root: PathBuf,
}

impl Watcher {
    /// Watches the root itself (not recursively: only to see `content/` or `themes/`
    /// appear or be replaced) and the two folders recursively.
    pub(crate) fn start(root: &Path, tx: Sender<Msg>) -> Result<Watcher, String> {
        let inner = notify::recommended_watcher(move |event| {
            let _ = tx.send(Msg::Fs(event));
        })
        .map_err(|e| format!("cannot watch {} for changes: {e}", root.display()))?;
        let mut watcher = Watcher {
            inner,
            root: root.to_path_buf(),
        };
        watcher
            .inner
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {} for changes: {e}", root.display()))?;
        for dir in WATCHED {
            watcher.watch_folder(dir)?;
        }
        Ok(watcher)
    }

    fn watch_folder(&mut self, dir: &str) -> Result<(), String> {
        let path = self.root.join(dir);
        if !path.is_dir() {
            return Ok(());
        }
        self.inner
            .watch(&path, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {} for changes: {e}", path.display()))
    }

    /// When `content/` or `themes/` itself was created, replaced or moved back, its old
    /// watch is gone: watch it again (adding a watch that exists is harmless).
    pub(crate) fn rewatch_if_needed(&mut self, changed: &[PathBuf]) {
        for dir in WATCHED {
            if changed.iter().any(|p| p == Path::new(dir)) {
                if let Err(e) = self.watch_folder(dir) {
                    eprintln!("warning: {e}");
                }
            }
        }
    }
}

/// Blocks until a relevant change, then until [`DEBOUNCE`] (or [`SETTLE`], after a finished
/// write) passes without another one; returns the changed paths relative to the root
/// (empty when the system lost track and everything must be rebuilt). Errs when the server
/// reports it cannot go on.
pub(crate) fn next_change(rx: &Receiver<Msg>, root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut changes = Changes {
        root,
        paths: BTreeSet::new(),
        rescan: false,
        finished: false,
    };
    loop {
        let msg = rx
            .recv()
            .map_err(|_| "the file watcher stopped".to_string())?;
        if changes.take(msg)? {
            break;
        }
    }
    let first = Instant::now();
    let mut last = first;
    loop {
        let now = Instant::now();
        let deadline = (last + changes.quiet_time()).min(first + MAX_DELAY);
        if now >= deadline {
            break;
        }
        match rx.recv_timeout(deadline - now) {
            Ok(msg) => {
                if changes.take(msg)? {
                    last = Instant::now();
                }
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => {
                return Err("the file watcher stopped".to_string())
            }
        }
    }
    if changes.rescan {
        changes.paths.clear();
    }
    Ok(changes.paths.into_iter().collect())
}

/// The changes gathered while waiting.
struct Changes<'a> {
    root: &'a Path,
    paths: BTreeSet<PathBuf>,
    /// The system lost track of events: everything is rebuilt.
    rescan: bool,
    /// The last relevant event finished a write.
    finished: bool,
}

impl Changes<'_> {
    /// How long to wait for more after the last relevant event.
    fn quiet_time(&self) -> Duration {
        if self.finished {
            SETTLE
        } else {
            DEBOUNCE
        }
    }

    /// Takes in one message: whether it is a relevant change, or why the server stopped.
    fn take(&mut self, msg: Msg) -> Result<bool, String> {
        match msg {
            Msg::Fatal(message) => Err(message),
            Msg::Fs(Err(e)) => {
                eprintln!("warning: watching for changes: {e}");
                Ok(false)
            }
            Msg::Fs(Ok(event)) => {
                let finishes = finishes_a_write(&event.kind);
                // Opening and reading a file (the build itself does it) changes nothing.
                if matches!(event.kind, EventKind::Access(_)) && !finishes {
                    return Ok(false);
                }
                if event.need_rescan() {
                    self.rescan = true;
                    self.finished = false;
                    return Ok(true);
                }
                // A rename's event names the old path, then the new one: the last path
                // is the file written.
                let (mut relevant, mut last_relevant) = (false, false);
                for path in &event.paths {
                    let rel = relevant_path(self.root, path);
                    last_relevant = rel.is_some();
                    relevant |= last_relevant;
                    self.paths.extend(rel);
                }
                if relevant {
                    self.finished = finishes && last_relevant;
                }
                Ok(relevant)
            }
        }
    }
}

/// Whether an event ends a write: a file renamed onto its path (the last step of a
/// write-temporary-then-rename save) or closed after being opened for writing.
fn finishes_a_write(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
            | EventKind::Access(AccessKind::Close(AccessMode::Write))
    )
}

/// The path relative to the root when it can change the site: under `content/` or
/// `themes/` (or one of them itself), and not an editor's temporary or a hidden file.
fn relevant_path(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let first = rel.components().next()?;
    if !WATCHED
        .iter()
        .any(|d| first == Component::Normal(d.as_ref()))
    {
        return None;
    }
    if rel.components().any(|c| match c {
        Component::Normal(name) => is_ignored(&name.to_string_lossy()),
        _ => true,
    }) {
        return None;
    }
    Some(rel.to_path_buf())
}

/// Hidden files and folders, and what editors write beside the file they save: Emacs
/// `.#x` locks and `#x#` autosaves, `x~` backups, Vim `.swp`/`.swx` and its `4913` probe,
/// `.tmp` files of write-then-rename saves.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".temp", ".bak", ".crswap"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode};
    use notify::Event;
    use std::sync::mpsc;

    fn event(kind: EventKind, paths: &[&str]) -> Msg {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from("/site").join(p));
        }
        Msg::Fs(Ok(e))
    }

    #[test]
    fn editor_litter_and_output_are_ignored() {
        let root = Path::new("/site");
        let yes = |p: &str| relevant_path(root, &root.join(p)).is_some();
        assert!(yes("content/norms/e.md"));
        assert!(yes("content/site.yaml"));
        assert!(yes("content/schema.yaml"));
        assert!(yes("themes/default/static/style.css"));
        assert!(yes("content"));
        for no in [
            "output/index.html",
            "target/debug/x",
            "content/norms/.e.md.swp",
            "content/norms/e.md.swx",
            "content/norms/e.md~",
            "content/norms/.#e.md",
            "content/norms/#e.md#",
            "content/norms/4913",
            "content/norms/e.md.tmp",
            "content/.git/HEAD",
            "README.md",
        ] {
            assert!(!yes(no), "{no} should be ignored");
        }
    }

    #[test]
    fn a_burst_is_one_change_and_reads_are_none() {
        let (tx, rx) = mpsc::channel();
        tx.send(event(EventKind::Access(AccessKind::Any), &["content/a.md"]))
            .unwrap();
        // An editor's save: temporary file, then a rename over the page.
        tx.send(event(
            EventKind::Create(CreateKind::File),
            &["content/a.md.tmp"],
        ))
        .unwrap();
        tx.send(event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["content/a.md.tmp", "content/a.md"],
        ))
        .unwrap();
        // A checkout of many files.
        for i in 0..50 {
            let path = format!("content/norms/n{i}.md");
            tx.send(event(EventKind::Create(CreateKind::File), &[&path]))
                .unwrap();
        }
        tx.send(event(
            EventKind::Create(CreateKind::File),
            &["output/x.html"],
        ))
        .unwrap();
        let changed = next_change(&rx, Path::new("/site")).unwrap();
        assert_eq!(changed.len(), 51);
        assert!(changed.contains(&PathBuf::from("content/a.md")));
        // Nothing is left for a second build.
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn a_finished_write_settles_sooner_than_other_changes() {
        let root = Path::new("/site");
        let mut changes = Changes {
            root,
            paths: BTreeSet::new(),
            rescan: false,
            finished: false,
        };
        let mut take = |kind: EventKind, paths: &[&str]| {
            let relevant = changes.take(event(kind, paths)).unwrap();
            (relevant, changes.quiet_time())
        };
        let close_write = EventKind::Access(AccessKind::Close(AccessMode::Write));
        // Writing the temporary file of a save is not relevant, closing it neither.
        assert_eq!(take(close_write, &["content/a.md.tmp"]), (false, DEBOUNCE));
        // The rename over the page finishes the save.
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(
            take(renamed, &["content/a.md.tmp", "content/a.md"]),
            (true, SETTLE)
        );
        // A file that appears is being written: wait as long as ever.
        let created = EventKind::Create(CreateKind::File);
        assert_eq!(take(created, &["content/b.md"]), (true, DEBOUNCE));
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        assert_eq!(take(written, &["content/b.md"]), (true, DEBOUNCE));
        // Closing it after writing finishes it.
        assert_eq!(take(close_write, &["content/b.md"]), (true, SETTLE));
        // A page renamed away (an editor's backup) is not a finished write.
        let away = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        assert_eq!(take(away, &["content/c.md"]), (true, DEBOUNCE));
        // Nor is a page renamed to a name that is ignored.
        assert_eq!(
            take(renamed, &["content/c.md", "content/c.md~"]),
            (true, DEBOUNCE)
        );
        // Reading a file changes nothing and leaves the wait as it was.
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert_eq!(take(read, &["content/c.md"]), (false, DEBOUNCE));
        assert_eq!(changes.paths.len(), 3);
    }

    #[test]
    fn a_dead_server_ends_the_wait() {
        let (tx, rx) = mpsc::channel();
        tx.send(Msg::Fatal("gone".into())).unwrap();
        assert_eq!(next_change(&rx, Path::new("/site")), Err("gone".into()));
    }
}
