//! The staging folder: `build` writes each page into `.<name>.new-<pid>` beside the
//! target as it is rendered, then puts the folder in the target's place with one atomic
//! exchange, so a failed or killed build leaves the previous output exactly as it was.

use super::folder::{self, Checked, OutputFolder, Refusal};
use super::Sink;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder a build writes into, beside the target, until it is swapped in. It holds
/// the target's lock until it is swapped in or discarded.
pub(crate) struct Staging {
    dir: PathBuf,
    folder: OutputFolder,
}

impl Staging {
    /// Creates `.<name>.new-<pid>` beside the target, after removing what killed builds
    /// left there. It carries the mark from its first moment, so that if this build is
    /// killed too, the next one knows the leftover for its own.
    pub(crate) fn new(folder: OutputFolder) -> io::Result<Staging> {
        let (parent, name) = (folder.parent(), folder.name());
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        if dir.exists() {
            // Only a build of this very process could have made it: it is ours.
            remove_tree(&dir);
        }
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(folder::MANIFEST), folder::manifest(Vec::new()))?;
        Ok(Staging { dir, folder })
    }

    pub(crate) fn sink(&self) -> DiskSink {
        DiskSink {
            dir: self.dir.clone(),
            made: Mutex::new(HashSet::new()),
            written: Mutex::new(Vec::new()),
            error: Mutex::new(None),
        }
    }

    /// Whether the target holds only what this tool wrote: a walk of the whole previous
    /// output, which `build` runs while it renders the pages.
    pub(crate) fn check_target(&self) -> Result<Checked, Refusal> {
        self.folder.check_files()
    }

    /// Puts the staged site in the place of the target, once it is known to hold nothing
    /// else. On error the target is untouched.
    pub(crate) fn swap_in(self, _checked: Checked) -> io::Result<()> {
        let result = swap_in(&self.dir, &self.folder.target);
        if result.is_err() {
            self.discard();
        }
        result
    }

    pub(crate) fn discard(self) {
        remove_tree(&self.dir);
    }
}

/// Writes each file into the staging folder as it comes, from whichever thread made it,
/// and remembers its path for the manifest.
pub(crate) struct DiskSink {
    dir: PathBuf,
    /// The folders (relative to `dir`) made so far. The staging folder starts empty, so a
    /// folder not in here is missing and is made before its first file is written.
    made: Mutex<HashSet<String>>,
    written: Mutex<Vec<String>>,
    error: Mutex<Option<io::Error>>,
}

impl DiskSink {
    /// Writes the manifest of every file written; returns the first write error, if any.
    pub(crate) fn finish(self) -> io::Result<()> {
        if let Some(e) = self.error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(e);
        }
        let written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        // Written aside and renamed over the mark, so that a build killed meanwhile still
        // leaves a marked folder (which the next build removes).
        let aside = self.dir.join(format!("{}.new", folder::MANIFEST));
        std::fs::write(&aside, folder::manifest(written))?;
        std::fs::rename(aside, self.dir.join(folder::MANIFEST))
    }

    /// Writes the file, making its folder first if this sink has not made it yet. The
    /// staging folder starts empty, so nothing is tried that is known to fail: a page's
    /// folder (which holds the page and its two citations) is made once, before its first
    /// file. Trying the write first cost a failing `openat` a page (strace, 10,000 events:
    /// 10,280 of 51,462); making every file's folder cost a `mkdir` and a `stat` a file.
    fn write_making_folders(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if let Some((folder, _)) = path.rsplit_once('/') {
            if !locked(&self.made).contains(folder) {
                std::fs::create_dir_all(self.dir.join(folder))?;
                locked(&self.made).insert(folder.to_string());
            }
        }
        std::fs::write(self.dir.join(path), bytes)
    }
}

impl Sink for DiskSink {
    fn put(&self, path: &str, bytes: &[u8]) {
        // Every path comes from the site (a page's URL, a table's name): one that would
        // leave the staging folder is refused, whatever let it through before.
        let inside = std::path::Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            let e = io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write {path}: it leads out of the output folder"),
            );
            locked(&self.error).get_or_insert(e);
            return;
        }
        let result = self
            .write_making_folders(path, bytes)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {path}: {e}")));
        match result {
            Ok(()) => locked(&self.written).push(path.to_string()),
            Err(e) => {
                locked(&self.error).get_or_insert(e);
            }
        }
    }
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Folders that killed builds left beside the target: named `.<name>.new-<pid>` or
/// `.<name>.old-<pid>`, made by a process that is gone, and carrying this tool's mark (or
/// holding nothing but the start of it: a build killed as it made the folder). Anything
/// else (a `.output.old-mybackup/` of the user's) is never touched.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = leftover_pid(&file_name, name) else {
            continue;
        };
        let path = entry.path();
        let ours = folder::is_marked(&path) || holds_only_a_manifest(&path);
        if !process_is_running(pid) && path.is_dir() && ours {
            remove_tree(&path);
        }
    }
}

/// Whether `dir` holds no file but its manifest, whole or not: a staging folder killed
/// as it was made, or as its removal (which takes the manifest last) ended.
fn holds_only_a_manifest(dir: &Path) -> bool {
    let manifest = dir.join(folder::MANIFEST);
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .all(|e| e.is_ok_and(|e| e.file_type().is_dir() || e.path() == manifest))
}

/// The process id in `.<name>.new-<pid>` or `.<name>.old-<pid>`.
fn leftover_pid(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let pid = rest
        .strip_prefix(".new-")
        .or_else(|| rest.strip_prefix(".old-"))?;
    let valid = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| pid.parse().ok()).flatten()
}

#[cfg(unix)]
fn process_is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_is_running(_pid: u32) -> bool {
    // Without a way to ask, a leftover is left alone rather than risk a running build's.
    true
}

/// Puts `staging` in the place of `target`: one atomic exchange where the system has it
/// (Linux `renameat2(RENAME_EXCHANGE)`), otherwise two renames in a row.
fn swap_in(staging: &Path, target: &Path) -> io::Result<()> {
    if !target.exists() {
        return std::fs::rename(staging, target);
    }
    if !target.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not a folder", target.display()),
        ));
    }
    if exchange(staging, target).is_ok() {
        // `staging` now holds the previous output.
        remove_tree(staging);
        return Ok(());
    }
    let old = staging.with_file_name(
        staging
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .replacen(".new-", ".old-", 1),
    );
    std::fs::rename(target, &old)?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&old, target);
        return Err(e);
    }
    remove_tree(&old);
    Ok(())
}

/// Deletes a previous output or a staging folder: each folder's subfolders in parallel
/// (unlinking ten thousand files is kernel work that one thread does at half the speed
/// of two), then its manifest, then the folder. The manifest goes last, so that
/// a folder whose removal was cut short still carries the mark and goes with the next
/// build's leftovers.
fn remove_tree(dir: &Path) {
    let manifest = dir.join(folder::MANIFEST);
    remove_contents(dir, &manifest, 0);
    let _ = std::fs::remove_file(&manifest);
    let _ = std::fs::remove_dir(dir);
    // Whatever could not be removed above (a file added meanwhile) goes the slow way.
    if dir.exists() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// How deep [`remove_contents`] goes on its own: a site's folders are a few levels deep,
/// and a deeper tree (a leftover someone filled by hand) is left to the standard
/// library's `remove_dir_all`, so that no tree's depth sets the depth of the recursion.
const REMOVAL_DEPTH: usize = 16;

/// Removes everything in `dir` but `keep`, `depth` levels below the folder being
/// removed. A symlink is removed, never followed: the type read from the folder's
/// listing is the link's own.
fn remove_contents(dir: &Path, keep: &Path, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            folders.push(path);
        } else if path != keep {
            let _ = std::fs::remove_file(&path);
        }
    }
    folders.par_iter().for_each(|folder| {
        if depth < REMOVAL_DEPTH {
            remove_contents(folder, keep, depth + 1);
            let _ = std::fs::remove_dir(folder);
        } else {
            let _ = std::fs::remove_dir_all(folder);
        }
    });
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;

    /// Stages `output` and swaps it in, as `build` does with the pages it renders.
    fn write(output: &Output, target: &Path) -> io::Result<()> {
        let folder = OutputFolder::claim(Path::new("/nonexistent-root"), target)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let staging = Staging::new(folder)?;
        let sink = staging.sink();
        for (path, bytes) in &output.files {
            sink.put(path, bytes);
        }
        sink.finish()?;
        let checked = staging.check_target().unwrap_or_else(|e| panic!("{e:?}"));
        staging.swap_in(checked)
    }

    #[test]
    fn a_path_that_leads_out_of_the_output_is_refused_and_nothing_is_written_there() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let mut output = Output::default();
        output.insert("../escaped/index.html".into(), b"x".to_vec());
        let e = write(&output, &target).unwrap_err();
        assert!(
            e.to_string().contains("leads out of the output folder"),
            "{e}"
        );
        assert!(!dir.path().join("escaped").exists());
    }

    #[test]
    fn replaces_the_whole_tree_and_leaves_only_its_lock_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let mut first = Output::default();
        first.insert("a/index.html".into(), b"one".to_vec());
        first.insert("stale.html".into(), b"old".to_vec());
        write(&first, &target).unwrap();
        let mut second = Output::default();
        second.insert("a/index.html".into(), b"two".to_vec());
        write(&second, &target).unwrap();
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"two");
        assert!(!target.join("stale.html").exists());
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".output.lock", "output"].map(std::ffi::OsString::from)
        );
    }

    #[cfg(unix)]
    #[test]
    fn removing_a_tree_removes_its_links_and_never_what_they_point_to() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("kept");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("thesis.md"), "years of work").unwrap();
        let tree = dir.path().join("tree");
        std::fs::create_dir_all(tree.join("a/b/c")).unwrap();
        std::fs::write(tree.join("a/b/c/index.html"), "x").unwrap();
        std::fs::write(tree.join("a/index.html"), "x").unwrap();
        std::fs::write(tree.join(folder::MANIFEST), folder::manifest(Vec::new())).unwrap();
        std::os::unix::fs::symlink(&outside, tree.join("a/link")).unwrap();
        std::os::unix::fs::symlink(outside.join("thesis.md"), tree.join("file-link")).unwrap();
        remove_tree(&tree);
        assert!(!tree.exists());
        let names: Vec<_> = std::fs::read_dir(&outside).unwrap().collect();
        assert_eq!(names.len(), 1);
        assert_eq!(
            std::fs::read(outside.join("thesis.md")).unwrap(),
            b"years of work"
        );
    }

    /// 1,600 levels: deep enough that the removal, were its recursion unbounded, overflows
    /// a thread's stack in a test build (it did), and shallow enough for the path to stay
    /// under the system's 4,096 bytes.
    #[test]
    fn a_tree_deeper_than_any_site_is_removed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        let mut deepest = tree.clone();
        for _ in 0..1_600 {
            deepest.push("d");
        }
        std::fs::create_dir_all(&deepest).unwrap();
        std::fs::write(deepest.join("index.html"), "x").unwrap();
        std::fs::write(tree.join("d/d/index.html"), "x").unwrap();
        remove_tree(&tree);
        assert!(!tree.exists());
    }

    #[test]
    fn only_this_tools_leftovers_of_gone_processes_count() {
        assert_eq!(leftover_pid(".output.new-123", "output"), Some(123));
        assert_eq!(leftover_pid(".output.old-9", "output"), Some(9));
        assert_eq!(leftover_pid(".output.old-mybackup", "output"), None);
        assert_eq!(leftover_pid(".output.new-", "output"), None);
        assert_eq!(leftover_pid(".public.new-1", "output"), None);
        assert!(process_is_running(std::process::id()));
    }
}
