//! Loading: every Markdown file under `content/` becomes a typed [`Entity`]. Files are read
//! and parsed in parallel; every problem is collected, none stops the others.

pub(crate) mod frontmatter;
pub(crate) mod kinds;

use crate::diagnostics::{Diagnostic, Diagnostics};
use kinds::*;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The kinds of page, each with its folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Event,
    Norm,
    Region,
    Report,
    Process,
    Person,
    Page,
}

impl Kind {
    /// Every kind the generator knows, each named once in `content/schema.yaml`.
    pub(crate) const ALL: [Kind; 7] = [
        Kind::Report,
        Kind::Region,
        Kind::Norm,
        Kind::Event,
        Kind::Process,
        Kind::Person,
        Kind::Page,
    ];

    /// The kind's name in `content/schema.yaml`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Region => "region",
            Kind::Norm => "norm",
            Kind::Event => "event",
            Kind::Process => "process",
            Kind::Person => "person",
            Kind::Page => "page",
        }
    }

    /// The relation key that lists entities of this kind: a field of the typed front
    /// matter (`content/kinds.rs`), so code, not the schema's folder.
    pub(crate) fn relation_key(self) -> &'static str {
        match self {
            Kind::Report => "reports",
            Kind::Region => "regions",
            Kind::Norm => "norms",
            Kind::Event => "events",
            Kind::Process => "processes",
            Kind::Person => "people",
            Kind::Page => "pages",
        }
    }
}

/// The folder of each kind under `content/`, in the order collections are listed: what
/// the schema (`content/schema.yaml`) declares, given to loading.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folders(pub(crate) Vec<(String, Kind)>);

impl Folders {
    /// The kind whose pages live in `content/<folder>/`.
    pub(crate) fn kind_in(&self, folder: &str) -> Option<Kind> {
        self.0.iter().find(|(f, _)| f == folder).map(|(_, k)| *k)
    }
}

/// The typed front matter of one page.
#[derive(Debug, Clone)]
pub(crate) enum Data {
    Report(Report),
    Region(Region),
    Norm(Norm),
    Event(Event),
    Process(Process),
    Person(Person),
    Page(Page),
}

/// One page of content, as loaded.
#[derive(Debug, Clone)]
pub struct Entity {
    pub(crate) kind: Kind,
    pub(crate) id: Id,
    /// Relative to the site root, e.g. `content/norms/e.md`.
    pub(crate) path: PathBuf,
    pub(crate) data: Data,
    pub(crate) relations: Relations,
    pub(crate) sources: Vec<Source>,
    pub(crate) yaml: String,
    pub(crate) body: String,
    pub(crate) body_line: usize,
}

impl Entity {
    pub(crate) fn title(&self) -> &str {
        match &self.data {
            Data::Report(r) => &r.title,
            Data::Region(r) => &r.title,
            Data::Norm(n) => &n.title,
            Data::Event(e) => &e.title,
            Data::Process(p) => &p.title,
            Data::Person(p) => &p.name,
            Data::Page(p) => &p.title,
        }
    }

    /// One line that describes the page (the meta description, search snippets).
    pub(crate) fn summary(&self) -> &str {
        match &self.data {
            Data::Report(r) => &r.summary,
            Data::Region(r) => &r.summary,
            Data::Norm(n) => &n.summary,
            Data::Event(e) => &e.summary,
            Data::Process(p) => &p.summary,
            Data::Person(_) => "",
            Data::Page(p) => &p.description,
        }
    }

    /// The year that files the entity on the timeline, if it is an event.
    pub(crate) fn year(&self) -> Option<i32> {
        match &self.data {
            Data::Event(ev) => Some(ev.date.year),
            _ => None,
        }
    }

    /// The file position of `key` in the front matter (its first line if it is missing).
    pub(crate) fn locate_key(&self, key: &str) -> (usize, usize) {
        let prefix = format!("{key}:");
        self.yaml
            .lines()
            .position(|l| l.starts_with(&prefix))
            .map_or((2, 1), |i| (i + 2, 1))
    }

    /// Every URL of the front matter, with the key it is written under (to locate it):
    /// `sources[].url`, and a report's or a norm's `source.url`.
    pub(crate) fn urls(&self) -> Vec<(&'static str, &str)> {
        let source = match &self.data {
            Data::Report(r) => r.source.url.as_deref(),
            Data::Norm(n) => n.source.as_ref().and_then(|s| s.url.as_deref()),
            _ => None,
        };
        let sources = self.sources.iter().filter_map(|s| s.url.as_deref());
        sources
            .map(|url| ("sources", url))
            .chain(source.map(|url| ("source", url)))
            .collect()
    }

    /// Every UN symbol of the front matter as written, with the key it is written under
    /// (to locate it): an event's `documents`, a process's `mandate` and `outcome`, a
    /// norm's `source.document`.
    pub(crate) fn cited_symbols(&self) -> Vec<(&'static str, &str)> {
        match &self.data {
            Data::Event(ev) => ev
                .documents
                .iter()
                .map(|d| ("documents", d.as_str()))
                .collect(),
            Data::Process(p) => {
                let mandate = p.mandate.iter().map(|m| ("mandate", m.as_str()));
                mandate
                    .chain(p.outcome.iter().map(|o| ("outcome", o.as_str())))
                    .collect()
            }
            Data::Norm(n) => n
                .source
                .iter()
                .filter_map(|s| s.document.as_deref())
                .map(|d| ("source", d))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The file position of `value` written under `key` in the front matter.
    pub fn locate(&self, key: &str, value: &str) -> (usize, usize) {
        let split = frontmatter::Split {
            yaml: &self.yaml,
            yaml_line: 2,
            body: "",
            body_line: self.body_line,
        };
        frontmatter::locate(&split, key, value)
    }
}

/// What loading `content/` gives: the pages that loaded, the ids of those whose file is
/// there but could not be read or parsed, and why.
#[derive(Default)]
pub(crate) struct Loaded {
    pub(crate) entities: Vec<Entity>,
    /// A page whose front matter is broken still exists: relations and links to it are
    /// not errors (one typo must give one error, not one per page that names it).
    pub(crate) unparsed: Vec<(Kind, Id)>,
    pub(crate) problems: Diagnostics,
}

/// Reads every page under `root/content`, in parallel; every problem is collected.
pub(crate) fn load(root: &Path, folders: &Folders) -> Loaded {
    let mut loaded = Loaded::default();
    let files = list_markdown_files(root, &mut loaded.problems);
    let results: Vec<Result<Entity, Unloaded>> = files
        .par_iter()
        .map(|rel| load_file(root, folders, rel))
        .collect();
    // Sized once: grown by doubling, the entities of a large site were copied several
    // times over, and the freed copies stayed in the peak (16 MB at 10,000 events).
    loaded.entities.reserve_exact(results.len());
    for result in results {
        match result {
            Ok(entity) => loaded.entities.push(entity),
            Err(unloaded) => {
                loaded.unparsed.extend(unloaded.reserved);
                loaded.problems.push(unloaded.problem);
            }
        }
    }
    loaded.entities.sort_by(|a, b| a.path.cmp(&b.path));
    loaded
}

/// A file that did not load: why, and the id it still holds if its name is valid.
struct Unloaded {
    problem: Diagnostic,
    reserved: Option<(Kind, Id)>,
}

/// The Markdown files under `content/`, relative to `root`, sorted.
fn list_markdown_files(root: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let content = root.join("content");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(&content).to_path_buf();
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                diagnostics.push(Diagnostic::new(&rel, 1, 1, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") || is_hidden(path) {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        if entry.file_type().is_file() {
            files.push(rel);
        } else if entry.path_is_symlink() {
            match linked_page(root, path) {
                Ok(()) => files.push(rel),
                Err(why) => diagnostics.push(Diagnostic::new(&rel, 1, 1, why)),
            }
        }
    }
    files
}

/// The ASCII letters of a lowercase accented Latin letter, or nothing.
fn without_accent(c: char) -> &'static str {
    const FOLDS: [(&str, &str); 9] = [
        ("àáâãäåā", "a"),
        ("çč", "c"),
        ("èéêëē", "e"),
        ("ìíîïī", "i"),
        ("ñ", "n"),
        ("òóôõöøō", "o"),
        ("ùúûüū", "u"),
        ("ýÿ", "y"),
        ("ß", "ss"),
    ];
    FOLDS
        .iter()
        .find(|(accented, _)| accented.contains(c))
        .map_or("", |(_, plain)| plain)
}

/// A `.md` symlink is a page when it leads to a file inside the site's folder; one that
/// leads out of it (or nowhere) is refused, so that a build never reads what the site's
/// folder does not hold.
fn linked_page(root: &Path, link: &Path) -> Result<(), String> {
    let target = link
        .canonicalize()
        .map_err(|e| format!("this symlink leads nowhere: {e}"))?;
    let inside = root
        .canonicalize()
        .is_ok_and(|root| target.starts_with(root));
    if !inside {
        return Err(format!(
            "this symlink leads out of the site's folder (to {}): copy the page in instead",
            target.display()
        ));
    }
    if !target.is_file() {
        return Err("this symlink does not lead to a file".into());
    }
    Ok(())
}

/// Editors' backup and hidden files (`.#x.md`, `.x.md.swp`) are not pages.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.starts_with('#') || n.ends_with('~'))
}

/// Which kind a file is, from its folder: `content/norms/e.md` is a norm.
pub(crate) fn kind_of(folders: &Folders, rel: &Path) -> Result<Kind, String> {
    let parts: Vec<_> = rel.iter().skip(1).collect();
    match parts.as_slice() {
        [_file] => Ok(Kind::Page),
        [folder, _file] => {
            let folder = folder.to_string_lossy();
            folders.kind_in(&folder).ok_or_else(|| {
                let folders: Vec<&str> = folders.0.iter().map(|(f, _)| f.as_str()).collect();
                format!(
                    "pages cannot live in a folder \"{folder}\": use one of {}",
                    folders.join(", ")
                )
            })
        }
        _ => Err("pages are one folder deep at most: content/<folder>/<id>.md".into()),
    }
}

fn load_file(root: &Path, folders: &Folders, rel: &Path) -> Result<Entity, Unloaded> {
    let unnamed = |problem| Unloaded {
        problem,
        reserved: None,
    };
    let kind = kind_of(folders, rel).map_err(|m| unnamed(Diagnostic::new(rel, 1, 1, m)))?;
    let id = id_of(rel).map_err(unnamed)?;
    let read = || -> Result<Entity, Diagnostic> {
        let bytes = std::fs::read(root.join(rel))
            .map_err(|e| Diagnostic::new(rel, 1, 1, format!("cannot read the file: {e}")))?;
        let text = decode_utf8(rel, bytes)?;
        parse_entity(rel, kind, id.clone(), &text)
    };
    read().map_err(|problem| Unloaded {
        problem,
        reserved: Some((kind, id.clone())),
    })
}

/// Parses the text of one page of the given kind.
pub fn parse_entity(rel: &Path, kind: Kind, id: Id, text: &str) -> Result<Entity, Diagnostic> {
    let split = frontmatter::split(rel, text)?;
    let parse = |s: &frontmatter::Split| -> Result<(Data, Relations, Vec<Source>), Diagnostic> {
        fn typed<T: DeserializeOwned>(rel: &Path, s: &frontmatter::Split) -> Result<T, Diagnostic> {
            frontmatter::parse(rel, s)
        }
        macro_rules! take {
            ($variant:ident) => {{
                let mut fm: $variant = typed(rel, s)?;
                let relations = fm.take_relations();
                let sources = std::mem::take(&mut fm.sources);
                (Data::$variant(fm), relations, sources)
            }};
        }
        Ok(match kind {
            Kind::Report => take!(Report),
            Kind::Region => take!(Region),
            Kind::Norm => take!(Norm),
            Kind::Event => take!(Event),
            Kind::Process => take!(Process),
            Kind::Person => take!(Person),
            Kind::Page => take!(Page),
        })
    };
    let (data, relations, sources) = parse(&split)?;
    Ok(Entity {
        kind,
        id,
        path: rel.to_path_buf(),
        data,
        relations,
        sources,
        yaml: split.yaml.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// The id of a page: its file stem, which must be usable in a URL as it is.
fn id_of(rel: &Path) -> Result<Id, Diagnostic> {
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let valid = !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if valid {
        Ok(stem)
    } else {
        Err(Diagnostic::new(
            rel,
            1,
            1,
            format!(
                "the file name \"{stem}\" cannot be a page id: use lowercase letters, digits and `-` (for example \"{}\")",
                suggest_id(&stem)
            ),
        ))
    }
}

/// A valid id close to `stem`: lowercase ASCII letters and digits (accented Latin
/// letters without their accents), every other run of characters one `-`, so that the
/// suggestion is itself a name the site accepts.
fn suggest_id(stem: &str) -> String {
    let mut id = String::with_capacity(stem.len());
    for c in stem.chars().flat_map(char::to_lowercase) {
        let plain = without_accent(c);
        if !plain.is_empty() {
            id.push_str(plain);
        } else if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "page".into()
    } else {
        id.to_string()
    }
}

/// The file's text, or an error at the line and column of its first invalid byte.
fn decode_utf8(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = crate::diagnostics::line_col(prefix, prefix.len());
        Diagnostic::new(
            rel,
            line,
            column,
            "the file is not valid UTF-8 text: save it with the UTF-8 encoding",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders() -> Folders {
        Folders(vec![
            ("norms".into(), Kind::Norm),
            ("regions".into(), Kind::Region),
        ])
    }

    #[test]
    fn kind_follows_the_folder() {
        assert_eq!(
            kind_of(&folders(), Path::new("content/norms/e.md")),
            Ok(Kind::Norm)
        );
        assert_eq!(
            kind_of(&folders(), Path::new("content/about.md")),
            Ok(Kind::Page)
        );
        assert!(kind_of(&folders(), Path::new("content/misc/x.md"))
            .unwrap_err()
            .contains("misc"));
        assert!(kind_of(&folders(), Path::new("content/norms/x/y.md")).is_err());
    }

    #[test]
    fn uppercase_file_names_are_refused_with_a_suggestion() {
        let e = id_of(Path::new("content/norms/E.md")).unwrap_err();
        assert!(e.message.contains("\"e\""), "{}", e.message);
    }

    #[test]
    fn suggested_ids_are_valid_ids() {
        for stem in ["Événement 2019", "ÉÉ", "A B", "x--y", "Ünïcode-ß"] {
            let suggestion = suggest_id(stem);
            let file = format!("content/norms/{suggestion}.md");
            assert!(id_of(Path::new(&file)).is_ok(), "{stem} → {suggestion}");
        }
        assert_eq!(suggest_id("Événement 2019"), "evenement-2019");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = decode_utf8(Path::new("a.md"), b"---\nti\xfftle".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
    }

    #[test]
    fn relations_are_moved_out_of_the_front_matter() {
        let text = "---\ntitle: T\nset: gge-2015\nsummary: S\nregions: [osce]\n---\nbody";
        let e = parse_entity(
            Path::new("content/norms/e.md"),
            Kind::Norm,
            "e".into(),
            text,
        )
        .unwrap();
        assert_eq!(e.relations.regions, vec!["osce"]);
        assert_eq!(e.body, "body");
    }
}
