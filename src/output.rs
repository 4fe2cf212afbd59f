//! Where a build's files go: the in-memory [`Output`] that `serve` and `check` keep, or a
//! staging folder beside the target that `build` writes each page into as it is rendered
//! and then swaps in with one rename, so a failed or killed build leaves the previous
//! output exactly as it was.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
}

/// Where rendered files go as soon as each is made: into an [`Output`] in memory (serve,
/// check), or straight into a staging folder (build), so that a large build never holds
/// the whole site in memory.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]);
    fn put_owned(&self, path: String, bytes: Vec<u8>) {
        self.put(&path, &bytes);
    }
}

/// Collects files into an [`Output`].
#[derive(Default)]
pub struct MemorySink(Mutex<Output>);

impl MemorySink {
    pub fn into_output(self) -> Output {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) {
        self.put_owned(path.to_string(), bytes.to_vec());
    }
    fn put_owned(&self, path: String, bytes: Vec<u8>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, bytes);
    }
}

/// The folder a build writes into, beside the target, until it is swapped in.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
}

impl Staging {
    /// Creates `.<name>.new-<pid>` beside `target`, after removing what killed builds left.
    pub fn new(target: &Path) -> io::Result<Staging> {
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
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    pub fn sink(&self) -> DiskSink {
        DiskSink {
            dir: self.dir.clone(),
            error: Mutex::new(None),
        }
    }

    /// Puts the staged site in the place of the target. On error the target is untouched.
    pub fn swap_in(self) -> io::Result<()> {
        let result = swap_in(&self.dir, &self.target);
        if result.is_err() {
            self.discard();
        }
        result
    }

    pub fn discard(self) {
        remove_tree(&self.dir);
    }
}

/// Writes each file into the staging folder as it comes, from whichever thread made it.
pub struct DiskSink {
    dir: PathBuf,
    error: Mutex<Option<io::Error>>,
}

impl DiskSink {
    /// The first write error, if any.
    pub fn finish(self) -> io::Result<()> {
        match self.error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl Sink for DiskSink {
    fn put(&self, path: &str, bytes: &[u8]) {
        let file = self.dir.join(path);
        let result = file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&file, bytes))
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {path}: {e}")));
        if let Err(e) = result {
            self.error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
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

    /// Stages `output` and swaps it in, as `build` does with the pages it renders.
    fn write(output: &Output, target: &Path) -> io::Result<()> {
        let staging = Staging::new(target)?;
        let sink = staging.sink();
        for (path, bytes) in &output.files {
            sink.put(path, bytes);
        }
        sink.finish()?;
        staging.swap_in()
    }

    #[test]
    fn replaces_the_whole_tree_and_leaves_nothing_beside_it() {
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
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("output")]);
    }
}
