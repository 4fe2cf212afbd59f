//! Where a build's files go: the in-memory [`Output`] that `serve` and `check` keep, or a
//! staging folder beside the target that `build` writes each page into as it is rendered
//! and then swaps in with one rename ([`staging`]), so a failed or killed build leaves the
//! previous output exactly as it was; and what makes an output folder safe to replace
//! ([`folder`]): never the sources, never a folder this tool did not write, one build at a
//! time.

pub(crate) mod folder;
pub(crate) mod staging;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Root-relative path → bytes, in a stable order. The bytes are shared, so that the dev
/// server can keep the previous site while the next one reuses every unchanged file:
/// cloning an `Output` copies no page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    pub(crate) files: BTreeMap<String, Arc<Vec<u8>>>,
}

impl Output {
    pub(crate) fn insert(&mut self, path: String, bytes: Vec<u8>) {
        // `Arc::new` moves the buffer; `Arc<[u8]>` would copy every page once more.
        self.files.insert(path, Arc::new(bytes));
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_slice())
    }

    /// Every file's path, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// Where rendered files go as soon as each is made: into an [`Output`] in memory (serve,
/// check), or straight into a staging folder (build), so that a large build never holds
/// the whole site in memory.
pub(crate) trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]);
    fn put_owned(&self, path: String, bytes: Vec<u8>) {
        self.put(&path, &bytes);
    }
}

/// Collects files into an [`Output`].
#[derive(Default)]
pub(crate) struct MemorySink(Mutex<Output>);

impl MemorySink {
    pub(crate) fn into_output(self) -> Output {
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
