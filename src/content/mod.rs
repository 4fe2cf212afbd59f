//! Loading: every Markdown file under `content/` becomes a typed [`Entity`]. Files are read
//! and parsed in parallel; every problem is collected, none stops the others.

pub(crate) mod date;
pub(crate) mod frontmatter;
pub(crate) mod record;
pub(crate) mod value;
pub(crate) mod yaml_subset;

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use crate::schema::Kind;
use crate::schema::{Field, FieldType, Schema, Text};
use rayon::prelude::*;
use record::{Record, Value};
use std::path::{Path, PathBuf};
use value::RecordSeed;

/// The id of an entity: its file stem.
pub(crate) type Id = String;

/// One page of content, as loaded.
#[derive(Debug, Clone)]
pub struct Entity {
    pub(crate) kind: Kind,
    pub(crate) id: Id,
    /// Relative to the site root, e.g. `content/norms/e.md`.
    pub(crate) path: PathBuf,
    /// The front matter, in the order of the kind's fields in the schema.
    pub(crate) fields: Record,
    /// The fields that give its title and its summary (the kind's roles, kept here so
    /// that every list can name a page without the schema at hand).
    title_field: usize,
    summary_field: Option<usize>,
    pub(crate) yaml: String,
    pub(crate) body: String,
    pub(crate) body_line: usize,
}

impl Entity {
    pub(crate) fn title(&self) -> &str {
        self.fields.text(self.title_field).unwrap_or_default()
    }

    /// One line that describes the page (the meta description, search snippets).
    pub(crate) fn summary(&self) -> &str {
        self.summary_field
            .and_then(|f| self.fields.text(f))
            .unwrap_or_default()
    }

    /// The file position of `key` in the front matter (its first line if it is missing).
    pub(crate) fn locate_key(&self, key: &str) -> (usize, usize) {
        let prefix = format!("{key}:");
        self.yaml
            .lines()
            .position(|l| l.starts_with(&prefix))
            .map_or((2, 1), |i| (i + 2, 1))
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

    /// Every value of the front matter whose type `wanted` accepts, however deep: the
    /// name of the top-level field it is written under (to locate it), its own field, and
    /// the value.
    pub(crate) fn values_of<'a>(
        &'a self,
        schema: &'a Schema,
        wanted: impl Fn(&FieldType) -> bool,
    ) -> Vec<(&'a str, &'a Field, &'a Value)> {
        let mut found = Vec::new();
        let fields = schema.fields(self.kind);
        for (i, top) in fields.iter().enumerate() {
            let Some(value) = self.fields.get(i) else {
                continue;
            };
            each_value(schema, top, value, &mut |field, value| {
                if wanted(&field.ty) {
                    found.push((top.name.as_str(), field, value));
                }
            });
        }
        found
    }

    /// Every text value of one kind of text (URLs, UN symbols), with the top-level field
    /// it is written under.
    pub(crate) fn texts_of<'a>(
        &'a self,
        schema: &'a Schema,
        text: Text,
    ) -> Vec<(&'a str, &'a str)> {
        self.values_of(schema, |ty| *ty == FieldType::Text(text))
            .into_iter()
            .filter_map(|(key, _, v)| Some((key, v.as_text()?)))
            .collect()
    }

    /// The first position of `word` anywhere in the front matter (where a field inside a
    /// list of records names it), or its first line.
    pub(crate) fn locate_anywhere(&self, word: &str) -> (usize, usize) {
        self.yaml
            .lines()
            .enumerate()
            .find_map(|(i, line)| {
                let at = frontmatter::find_word(line, word)?;
                Some((i + 2, line[..at].chars().count() + 1))
            })
            .unwrap_or((2, 1))
    }
}

/// Calls `f` with the value of `field`, and the values of the records inside it, each
/// element of a list apart.
pub(crate) fn each_value<'a>(
    schema: &'a Schema,
    field: &'a Field,
    value: &'a Value,
    f: &mut impl FnMut(&'a Field, &'a Value),
) {
    let items = match value {
        Value::List(items) => &items[..],
        one => std::slice::from_ref(one),
    };
    for item in items {
        match (&field.ty, item) {
            (FieldType::Record(r), Value::Record(inner)) => {
                let fields = &schema.record(*r).fields;
                for (i, inner_field) in fields.iter().enumerate() {
                    if let Some(inner_value) = inner.get(i) {
                        each_value(schema, inner_field, inner_value, f);
                    }
                }
            }
            _ => f(field, item),
        }
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
pub(crate) fn load(root: &Path, schema: &Schema) -> Loaded {
    let mut loaded = Loaded::default();
    let files = list_markdown_files(root, &mut loaded.problems);
    let results: Vec<Result<Entity, Unloaded>> = files
        .par_iter()
        .map(|rel| load_file(root, schema, rel))
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
pub(crate) fn kind_of(schema: &Schema, rel: &Path) -> Result<Kind, String> {
    let parts: Vec<_> = rel.iter().skip(1).collect();
    match parts.as_slice() {
        [_file] => Ok(schema.pages()),
        [folder, _file] => {
            let folder = folder.to_string_lossy();
            schema.kind_in(&folder).ok_or_else(|| {
                let folders: Vec<&str> = schema.collections().map(|k| k.folder.as_str()).collect();
                format!(
                    "pages cannot live in a folder \"{folder}\": use one of {}",
                    folders.join(", ")
                )
            })
        }
        _ => Err("pages are one folder deep at most: content/<folder>/<id>.md".into()),
    }
}

fn load_file(root: &Path, schema: &Schema, rel: &Path) -> Result<Entity, Unloaded> {
    let unnamed = |problem| Unloaded {
        problem,
        reserved: None,
    };
    let kind = kind_of(schema, rel).map_err(|m| unnamed(Diagnostic::new(rel, 1, 1, m)))?;
    let id = id_of(rel).map_err(unnamed)?;
    let read = || -> Result<Entity, Diagnostic> {
        let bytes = std::fs::read(root.join(rel))
            .map_err(|e| Diagnostic::new(rel, 1, 1, format!("cannot read the file: {e}")))?;
        let text = decode_utf8(rel, bytes)?;
        parse_entity(schema, rel, kind, id.clone(), &text)
    };
    read().map_err(|problem| Unloaded {
        problem,
        reserved: Some((kind, id.clone())),
    })
}

/// For the fuzzer (`fuzz/fuzz_targets/front_matter.rs`): reads `text` as a page of each
/// kind of the built-in schema, and locates an id in what it read. Bad text is an error,
/// never a panic, a hang or runaway memory; that is what the fuzzer checks.
#[doc(hidden)]
pub fn parse_as_every_kind(text: &str) {
    static SCHEMA: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(Schema::built_in);
    for declared in schema.kinds() {
        let rel = Path::new("content/x.md");
        if let Ok(entity) = parse_entity(schema, rel, declared.kind, "x".into(), text) {
            let _ = entity.locate("norms", "e");
        }
    }
}

/// Parses the text of one page of the given kind, its front matter read by the schema.
pub(crate) fn parse_entity(
    schema: &Schema,
    rel: &Path,
    kind: Kind,
    id: Id,
    text: &str,
) -> Result<Entity, Diagnostic> {
    let split = frontmatter::split(rel, text)?;
    let declared = schema.of(kind);
    let seed = RecordSeed {
        schema,
        record: declared.record,
    };
    let fields = frontmatter::parse_record(rel, &split, seed)?;
    Ok(Entity {
        kind,
        id,
        path: rel.to_path_buf(),
        fields,
        title_field: declared.roles.title,
        summary_field: declared.roles.summary,
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

    #[test]
    fn kind_follows_the_folder() {
        let schema = Schema::built_in();
        let norm = schema.kind_in("norms").unwrap();
        assert_eq!(kind_of(&schema, Path::new("content/norms/e.md")), Ok(norm));
        assert_eq!(
            kind_of(&schema, Path::new("content/about.md")),
            Ok(schema.pages())
        );
        assert!(kind_of(&schema, Path::new("content/misc/x.md"))
            .unwrap_err()
            .contains("misc"));
        assert!(kind_of(&schema, Path::new("content/norms/x/y.md")).is_err());
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
    fn front_matter_is_read_by_the_schema() {
        let schema = Schema::built_in();
        let norm = schema.kind_in("norms").unwrap();
        let text = "---\ntitle: T\nset: gge-2015\nsummary: S\nregions: [osce]\n---\nbody";
        let e = parse_entity(
            &schema,
            Path::new("content/norms/e.md"),
            norm,
            "e".into(),
            text,
        )
        .unwrap();
        assert_eq!(e.title(), "T");
        assert_eq!(e.summary(), "S");
        let ids: Vec<&Value> = e
            .values_of(&schema, |ty| matches!(ty, FieldType::Id(_)))
            .into_iter()
            .map(|(_, _, v)| v)
            .collect();
        assert_eq!(ids, [&Value::Text("osce".into())]);
        assert_eq!(e.body, "body");
    }

    #[test]
    fn a_year_written_as_a_number_is_a_date() {
        let schema = Schema::built_in();
        let event = schema.kind_in("timeline").unwrap();
        let text = "---\ntitle: t\ndate: 2004\nsummary: s\n---\n";
        let e = parse_entity(
            &schema,
            Path::new("content/timeline/2004-x.md"),
            event,
            "2004-x".into(),
            text,
        )
        .unwrap();
        let date = schema.roles(event).marks.unwrap();
        assert_eq!(e.fields.date(date).map(|d| d.month), Some(None));
    }

    #[test]
    fn an_absent_field_takes_its_default() {
        let text = "kinds:\n  - kind: page\n    singular: page\n    plural: Pages\n    template: page.html\n    fields:\n      title: string\n      status: {type: enum, values: {draft: Draft, final: Final}, default: final}\n";
        let schema = Schema::parse(text).unwrap();
        let page = schema.pages();
        let e = parse_entity(
            &schema,
            Path::new("content/a.md"),
            page,
            "a".into(),
            "---\ntitle: A\n---\n",
        )
        .unwrap();
        assert_eq!(e.fields.text(1), Some("final"));
        let bad = text.replace("default: final", "default: finale");
        let problems = Schema::parse(&bad).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .message
                .contains("the default \"finale\" is not one of its values: draft, final"),
            "{}",
            problems[0].message
        );
        assert_eq!((problems[0].line, problems[0].column), (8, 7));
    }
}
