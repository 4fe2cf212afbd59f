//! The in-memory output of a build, and its atomic replacement of the output folder: the
//! new site is written to a folder beside the target, then swapped in with one rename, so a
//! failed or killed build leaves the previous output exactly as it was.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Root-relative path → bytes, in a stable order. The bytes are shared, so that the dev
/// server can keep the previous site while the next one reuses every unchanged file:
/// cloning an `Output` copies no page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
}

impl Output {
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) {
        // `Arc::new` moves the buffer; `Arc<[u8]>` would copy every page once more.
        self.files.insert(path, Arc::new(bytes));
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_slice())
    }

    pub fn html_pages(&self) -> usize {
        self.files.keys().filter(|p| p.ends_with(".html")).count()
    }

    /// Replaces `target` with this output. On any error, `target` is untouched.
    pub fn write_atomically(&self, target: &Path) -> io::Result<()> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        remove_leftovers(&parent, &name);
        let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
        let result = self
            .write_tree(&staging)
            .and_then(|()| swap_in(&staging, target));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    /// Writes every file under `dir`, folders first, then files in parallel (writes of many
    /// small files are latency-bound; several threads hide it).
    fn write_tree(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let folders: BTreeSet<&str> = self
            .files
            .keys()
            .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
            .collect();
        for folder in folders {
            std::fs::create_dir_all(dir.join(folder))?;
        }
        self.files.par_iter().try_for_each(|(path, bytes)| {
            std::fs::write(dir.join(path), bytes.as_slice())
                .map_err(|e| io::Error::new(e.kind(), format!("cannot write {path}: {e}")))
        })
    }
}

/// Folders that a killed build left beside the target.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
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

/// Deletes a previous output: its files in parallel (unlinking ten thousand files is
/// kernel work that one thread does at half the speed of two), then its folders.
fn remove_tree(dir: &Path) {
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .contents_first(true)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
    for folder in folders {
        let _ = std::fs::remove_dir(folder);
    }
    // Whatever could not be removed above (a file added meanwhile) goes the slow way.
    if dir.exists() {
        let _ = std::fs::remove_dir_all(dir);
    }
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

    #[test]
    fn replaces_the_whole_tree_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let mut first = Output::default();
        first.insert("a/index.html".into(), b"one".to_vec());
        first.insert("stale.html".into(), b"old".to_vec());
        first.write_atomically(&target).unwrap();
        let mut second = Output::default();
        second.insert("a/index.html".into(), b"two".to_vec());
        second.write_atomically(&target).unwrap();
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"two");
        assert!(!target.join("stale.html").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("output")]);
    }
}
