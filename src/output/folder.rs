//! What makes an output folder safe to replace. `build` swaps a whole new folder in the
//! place of the old one, so it must never be pointed at the sources, at a folder the user
//! keeps other things in, or at a folder another build is writing:
//!
//! - paths are compared as the system resolves them (symlinks and `..` followed), never
//!   as text: `site/../../proj` and a symlink to an ancestor are the ancestor;
//! - every output holds a manifest, [`MANIFEST`], listing the files the build wrote: a
//!   non-empty folder without one, or one holding anything the manifest does not list,
//!   is refused rather than replaced (Zola users lost whole projects to an
//!   `--output-dir` that pointed one level too high);
//! - one build at a time per output, by a lock on a file beside it (the standard
//!   library's `File::lock`, an OS advisory lock that dies with its process, so a killed
//!   build never leaves a stale lock behind).

use std::collections::HashSet;
use std::fs::{File, TryLockError};
use std::io;
use std::path::{Component, Path, PathBuf};

/// The manifest's file name, in every output.
pub(crate) const MANIFEST: &str = ".cyberrecord-output";

/// The manifest's first line: what marks a folder as written by this tool.
pub(crate) const MARK: &str = "# Written by `cyberrecord build`, which replaces this folder whole and refuses to if it holds anything not listed here.";

/// Why an output folder cannot be used.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// The folder is the sources, holds them, or holds what this tool did not write:
    /// the user must choose another (exit code 2).
    Unsafe(String),
    /// The folder or its lock could not be made (exit code 1).
    Io(io::Error),
}

/// An output folder that is safe to replace, locked for this build until dropped.
pub(crate) struct OutputFolder {
    /// The target as the system resolves it: where the staging folder, the lock and the
    /// rename go.
    pub(crate) target: PathBuf,
    /// What the target's manifest lists, if the target holds anything.
    listed: Option<HashSet<String>>,
    /// The target as the user gave it, for messages.
    shown: PathBuf,
    _lock: File,
}

/// Proof that the target holds nothing this tool did not write, made only by
/// [`OutputFolder::check_files`]: the staging folder is swapped in only with it.
pub(crate) struct Checked(());

impl OutputFolder {
    /// Checks that `target` may receive the site under `root`, then takes its lock
    /// (waiting for another build into it to finish), then checks that it is a folder
    /// this tool wrote. Whether it holds anything else is [`OutputFolder::check_files`]'s
    /// to say: that walks the whole folder, so it runs while the site is built.
    pub(crate) fn claim(root: &Path, target: &Path) -> Result<OutputFolder, Refusal> {
        refuse_the_sources(root, target).map_err(Refusal::Unsafe)?;
        let resolved = resolve(target);
        let lock = lock(&resolved, target).map_err(Refusal::Io)?;
        let listed = refuse_unmarked(&resolved, target).map_err(Refusal::Unsafe)?;
        Ok(OutputFolder {
            target: resolved,
            listed,
            shown: target.to_path_buf(),
            _lock: lock,
        })
    }

    /// Refuses a target that holds a file or folder its manifest does not list; what the
    /// swap requires (see [`Checked`]).
    pub(crate) fn check_files(&self) -> Result<Checked, Refusal> {
        let Some(listed) = &self.listed else {
            return Ok(Checked(()));
        };
        let foreign = foreign_files(&self.target, listed);
        let Some(first) = foreign.first() else {
            return Ok(Checked(()));
        };
        Err(Refusal::Unsafe(format!(
            "refusing to replace {}: it holds {} file{} that cyberrecord did not write ({first}{}); move {} out of the folder (files to publish belong in themes/<theme>/static/), then build again",
            self.shown.display(),
            foreign.len(),
            if foreign.len() == 1 { "" } else { "s" },
            if foreign.len() > 1 { ", ..." } else { "" },
            if foreign.len() == 1 { "it" } else { "them" },
        )))
    }

    /// The folder that holds the target.
    pub(crate) fn parent(&self) -> PathBuf {
        parent_of(&self.target)
    }

    /// The target's file name (`output`), which names its staging folders and its lock.
    pub(crate) fn name(&self) -> String {
        name_of(&self.target)
    }
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn name_of(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
}

/// `path` as the system finds it: absolute, each existing component with its symlinks
/// followed, `.` and `..` applied in order (past the last existing component nothing can
/// be a symlink, so applying them there as text is what `create_dir_all` will do).
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
            other => resolved.push(other.as_os_str()),
        }
    }
    resolved
}

/// The sources are the root itself, anything above it, and its source folders.
fn refuse_the_sources(root: &Path, target: &Path) -> Result<(), String> {
    let (root, out) = (resolve(root), resolve(target));
    let shown = target.display();
    if out == root {
        return Err(format!(
            "refusing to write the site to {shown}: it is the site's own folder; choose another --output"
        ));
    }
    if root.starts_with(&out) {
        return Err(format!(
            "refusing to write the site to {shown}: it contains the site's folder {}; choose another --output",
            root.display()
        ));
    }
    for folder in ["content", "themes", "src", ".git"] {
        if out.starts_with(root.join(folder)) {
            return Err(format!(
                "refusing to write the site to {shown}: it is inside the site's {folder}/ folder; choose another --output"
            ));
        }
    }
    if out.join("content").is_dir() || out.join("Cargo.toml").exists() {
        return Err(format!(
            "refusing to replace {shown}: it holds the sources of a site or a program; choose another --output"
        ));
    }
    Ok(())
}

/// Takes the lock of `target` (the file `.<name>.lock` beside it, made if missing and
/// never removed: removing a lock file races with the next build that opens it).
fn lock(target: &Path, shown: &Path) -> io::Result<File> {
    let parent = parent_of(target);
    std::fs::create_dir_all(&parent)?;
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(parent.join(format!(".{}.lock", name_of(target))))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another build into {} to finish...",
                shown.display()
            );
            file.lock()?;
            Ok(file)
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// An existing target must be a folder that is empty, or that this tool wrote: then its
/// manifest's list, which [`OutputFolder::check_files`] holds the folder's files to.
fn refuse_unmarked(target: &Path, shown: &Path) -> Result<Option<HashSet<String>>, String> {
    let shown = shown.display();
    let Ok(metadata) = std::fs::metadata(target) else {
        return Ok(None);
    };
    if !metadata.is_dir() {
        return Err(format!(
            "refusing to replace {shown}: it is a file, not a folder; choose another --output"
        ));
    }
    let empty = std::fs::read_dir(target).map_or(true, |mut entries| entries.next().is_none());
    if empty {
        return Ok(None);
    }
    match read_manifest(target) {
        Some(listed) => Ok(Some(listed)),
        None => Err(format!(
            "refusing to replace {shown}: the folder is not empty and was not written by cyberrecord (it has no {MANIFEST} file); empty or remove it yourself, or choose another --output"
        )),
    }
}

/// The paths a folder's manifest lists, if it has a manifest with the mark.
fn read_manifest(folder: &Path) -> Option<HashSet<String>> {
    let text = std::fs::read_to_string(folder.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    (lines.next()? == MARK).then(|| lines.map(str::to_string).collect())
}

/// Whether `folder` carries the mark of this tool (a staging folder has it from the
/// moment it is made).
pub(crate) fn is_marked(folder: &Path) -> bool {
    read_manifest(folder).is_some()
}

/// The manifest's text for the files written, in a stable order.
pub(crate) fn manifest(mut paths: Vec<String>) -> String {
    paths.sort();
    let mut text = String::with_capacity(paths.len() * 32 + MARK.len() + 1);
    text.push_str(MARK);
    text.push('\n');
    for path in paths {
        text.push_str(&path);
        text.push('\n');
    }
    text
}

/// The files and folders under `folder` that the manifest neither lists nor needs as a
/// parent, relative to it, sorted (once, at the end: the walk reads each folder as the
/// system lists it).
fn foreign_files(folder: &Path, listed: &HashSet<String>) -> Vec<String> {
    let parents: HashSet<&str> = listed
        .iter()
        .flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i]))
        .collect();
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(folder).min_depth(1) {
        let Ok(entry) = entry else { continue };
        let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
        let rel = rel.to_string_lossy();
        let rel = if std::path::MAIN_SEPARATOR == '/' {
            rel
        } else {
            rel.replace(std::path::MAIN_SEPARATOR, "/").into()
        };
        let known = if entry.file_type().is_dir() {
            parents.contains(&*rel)
        } else {
            rel == MANIFEST || listed.contains(&*rel)
        };
        if !known {
            foreign.push(rel.into_owned());
        }
    }
    foreign.sort();
    foreign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn resolve_follows_dot_dot_and_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(real.join("proj/site")).unwrap();
        assert_eq!(
            resolve(&real.join("proj/site/../../proj")),
            real.join("proj")
        );
        std::os::unix::fs::symlink(real.join("proj"), real.join("link")).unwrap();
        assert_eq!(resolve(&real.join("link/site")), real.join("proj/site"));
        assert_eq!(resolve(&real.join("new/x/../y")), real.join("new/y"));
    }

    #[test]
    fn the_manifest_lists_what_was_written_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let text = manifest(vec!["b/index.html".into(), "a.css".into()]);
        std::fs::write(dir.path().join(MANIFEST), text).unwrap();
        std::fs::create_dir_all(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/index.html"), "").unwrap();
        std::fs::write(dir.path().join("a.css"), "").unwrap();
        let listed = read_manifest(dir.path()).unwrap();
        assert!(foreign_files(dir.path(), &listed).is_empty());
        std::fs::write(dir.path().join("b/mine.txt"), "").unwrap();
        std::fs::create_dir(dir.path().join("notes")).unwrap();
        assert_eq!(foreign_files(dir.path(), &listed), ["b/mine.txt", "notes"]);
    }
}
