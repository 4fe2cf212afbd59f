//! A small builder for fixture sites, after mdBook's `BookTest`: write a few files into a
//! temporary site that uses the real theme, run the real binary, look at what it did.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub mod server;

pub const SITE_YAML: &str = "title: \"Test record\"\ndescription: \"A fixture site.\"\ntimeline: {start: 2014, end: 2016}\n";

/// The repository's schema, which every fixture site copies.
pub const SCHEMA_YAML: &str = include_str!("../../content/schema.yaml");

pub struct Site {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The `error:` lines, in order.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error: content") || l.starts_with("error: themes"))
            .collect()
    }
}

/// The binary run with exactly `args` (no `--root` added), as a user types them.
pub fn run_bin(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_cyberrecord"))
        .args(args)
        .output()
        .expect("run the binary");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Site {
    /// A minimal valid site: the configuration, the schema, a home page, one norm, one region, one
    /// event per year, and the repository's theme.
    pub fn minimal() -> Site {
        let site = Site::empty();
        site.write("content/site.yaml", SITE_YAML);
        site.write("content/schema.yaml", SCHEMA_YAML);
        site.write("content/index.md", "---\ntitle: Home\ndescription: The home page.\n---\nWelcome. See [norm (e)](@/norms/e.md).\n");
        site.write(
            "content/about.md",
            "---\ntitle: About\ndescription: About the site.\n---\n## Sources\n\nText.\n",
        );
        site.write(
            "content/norms/e.md",
            "---\ntitle: Respect human rights\nset: gge-2015\nletter: \"e\"\nlabel: \"(e)\"\nsummary: Human rights apply.\nsource: {document: \"A/70/174\", paragraph: \"13 (e)\"}\nregions: [osce]\n---\n## Scope\n\nAs A/RES/70/237 recalls.\n",
        );
        site.write(
            "content/regions/osce.md",
            "---\ntitle: OSCE consultation\norganisation: Organization for Security and Co-operation in Europe\nshort_name: OSCE\nstatus: summarised\nstart: \"2015-06-17\"\nend: \"2015-06-18\"\ncity: Bratislava\nsummary: The first consultation.\n---\n## Chair's summary\n\nSee the [scope of norm (e)](@/norms/e.md#scope).\n",
        );
        for year in 2014..=2016 {
            site.write(
                &format!("content/timeline/{year}-event.md"),
                &format!("---\ntitle: Event of {year}\ndate: \"{year}-03\"\nsummary: Something happened in {year}.\ndocuments: [\"A/RES/{}/1\"]\nsources: [{{title: A source, url: \"https://example.org/{year}\"}}]\nnorms: [e]\n---\n", year - 1945),
            );
        }
        site
    }

    /// A site with the repository's theme and nothing else.
    pub fn empty() -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_tree(&repo_root().join("themes"), &dir.path().join("themes"));
        Site { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_cyberrecord"))
            .args(args)
            .arg("--root")
            .arg(self.path())
            .output()
            .expect("run the binary");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr)
                .into_owned()
                .replace(&format!("{}/", self.path().display()), ""),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join("output").join(rel))
            .unwrap_or_else(|e| panic!("output/{rel}: {e}"))
    }

    /// Every file of output/, for comparing two states of it.
    pub fn output_snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.path().join("output"))
    }
}

/// The text of `text` between the first `start` and the next `end` after it.
pub fn between(text: &str, start: &str, end: &str) -> String {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {text}"))
        + start.len();
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end} after {start}"));
    text[from..from + to].to_string()
}

pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every problem with the links of a built site: an internal href or src that does not
/// resolve to a file, or whose #anchor is not an id of that file; any URL that starts
/// with `/` (the output must be relative); and an id written twice on one page.
pub fn link_problems(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut ids: BTreeMap<&str, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let page_ids = ids.entry(path).or_default();
        for id in attribute_values(&html, "id") {
            if !page_ids.insert(id.clone()) {
                problems.push(format!("{path}: the id {id} is written twice"));
            }
        }
    }
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for url in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if url.starts_with('/') {
                problems.push(format!("{path}: absolute URL {url}"));
                continue;
            }
            if url.contains("://") || url.starts_with("mailto:") || url.starts_with("data:") {
                continue;
            }
            let (file, anchor) = match url.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (url.as_str(), None),
            };
            let file = file.split('?').next().unwrap_or("");
            let target = if file.is_empty() {
                path.clone()
            } else {
                join(path, file)
            };
            let target = if target.ends_with('/') || target.is_empty() {
                format!("{target}index.html")
            } else {
                target
            };
            if !files.contains_key(&target) {
                problems.push(format!("{path}: broken link {url} (no {target})"));
                continue;
            }
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                if target.ends_with(".html")
                    && !ids.get(target.as_str()).is_some_and(|s| s.contains(anchor))
                {
                    problems.push(format!("{path}: missing anchor {url}"));
                }
            }
        }
    }
    problems
}

/// Resolves a relative URL against the folder of `from`.
fn join(from: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Values of an attribute in HTML, entities for `&` and `/` decoded.
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"')
                .map(|end| rest[..end].replace("&amp;", "&").replace("&#x2F;", "/"))
        })
        .collect()
}
