//! Watching `content/` and `themes/` (never `output/`), and turning a burst of file events
//! into one rebuild.
//!
//! The debounce is done here, across all paths, rather than with notify-debouncer-mini:
//! that one debounces each path on its own, so a `git checkout` of many files spread over
//! a few tens of milliseconds would arrive as several batches and start several builds.
//! Here a build starts once [`DEBOUNCE`] has passed with no new relevant event at all.

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Quiet time after the last event before building: long enough for an editor's
/// write-temporary-then-rename, short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(30);
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

/// Blocks until a relevant change, then until [`DEBOUNCE`] passes without another one;
/// returns the changed paths relative to the root (empty when the system lost track and
/// everything must be rebuilt). Errs when the server reports it cannot go on.
pub(crate) fn next_change(rx: &Receiver<Msg>, root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut changes = Changes {
        root,
        paths: BTreeSet::new(),
        rescan: false,
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
        let deadline = (last + DEBOUNCE).min(first + MAX_DELAY);
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
}

impl Changes<'_> {
    /// Takes in one message: whether it is a relevant change, or why the server stopped.
    fn take(&mut self, msg: Msg) -> Result<bool, String> {
        match msg {
            Msg::Fatal(message) => Err(message),
            Msg::Fs(Err(e)) => {
                eprintln!("warning: watching for changes: {e}");
                Ok(false)
            }
            Msg::Fs(Ok(event)) => {
                // Opening and reading a file (the build itself does it) changes nothing.
                if matches!(event.kind, EventKind::Access(_)) {
                    return Ok(false);
                }
                if event.need_rescan() {
                    self.rescan = true;
                    return Ok(true);
                }
                let mut relevant = false;
                for path in &event.paths {
                    if let Some(rel) = relevant_path(self.root, path) {
                        self.paths.insert(rel);
                        relevant = true;
                    }
                }
                Ok(relevant)
            }
        }
    }
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
    use notify::event::{AccessKind, CreateKind, ModifyKind, RenameMode};
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
    fn a_dead_server_ends_the_wait() {
        let (tx, rx) = mpsc::channel();
        tx.send(Msg::Fatal("gone".into())).unwrap();
        assert_eq!(next_change(&rx, Path::new("/site")), Err("gone".into()));
    }
}
