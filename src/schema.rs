//! `content/schema.yaml`: the kinds of page the site declares, and how each is presented
//! (its folder, labels, templates, index page, the order collections are listed in). The
//! fields of each kind and their types are still code (`content/kinds.rs`): a kind of the
//! schema is one the generator knows ([`Kind`]), declared once each.

use crate::content::frontmatter::yaml_diagnostic;
use crate::content::{Folders, Kind};
use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::Deserialize;
use std::path::Path;

pub(crate) const SCHEMA_PATH: &str = "content/schema.yaml";

/// The schema a site without `content/schema.yaml` gets: the repository's own, so that a
/// site written before the schema existed builds as it did.
const BUILT_IN: &str = include_str!("../content/schema.yaml");

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    kinds: Vec<Declared>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Declared {
    kind: String,
    #[serde(default)]
    folder: Option<String>,
    singular: String,
    plural: String,
    template: String,
    #[serde(default)]
    home_template: Option<String>,
    #[serde(default)]
    index: Option<IndexPage>,
    #[serde(default)]
    nav: Option<NavEntry>,
}

/// A kind's entry in the site's navigation: a link to `<folder>/index.html`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NavEntry {
    pub(crate) label: String,
    pub(crate) order: u32,
}

/// A kind's index page: `<folder>/index.html`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndexPage {
    pub(crate) template: String,
    pub(crate) description: String,
}

/// How one kind is presented.
#[derive(Debug, Clone)]
pub(crate) struct KindSchema {
    pub(crate) kind: Kind,
    /// Under `content/`; empty for pages, which live at its top.
    pub(crate) folder: String,
    pub(crate) singular: String,
    pub(crate) plural: String,
    pub(crate) template: String,
    /// The home page's template (pages only).
    pub(crate) home_template: Option<String>,
    pub(crate) index: Option<IndexPage>,
    pub(crate) nav: Option<NavEntry>,
}

impl KindSchema {
    fn new(kind: Kind, d: &Declared) -> KindSchema {
        KindSchema {
            kind,
            folder: d.folder.clone().unwrap_or_default(),
            singular: d.singular.clone(),
            plural: d.plural.clone(),
            template: d.template.clone(),
            home_template: d.home_template.clone(),
            index: d.index.clone(),
            nav: d.nav.clone(),
        }
    }
}

/// The checked schema: every kind the generator knows, once, in the order declared.
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    kinds: Vec<KindSchema>,
    folders: Folders,
    /// The text it was read from, to locate the problems found later (a template the
    /// theme lacks) without reading the file again.
    text: String,
}

/// The folders of the pages the generator makes itself: no kind may take one.
pub(crate) const OWN_PAGES: [&str; 5] = ["documents", "static", "search", "data", "404"];

impl Schema {
    /// Reads and checks `content/schema.yaml` under `root` (the built-in schema if there
    /// is none): every problem of the file, each located.
    pub(crate) fn load(root: &Path) -> Result<Schema, Vec<Diagnostic>> {
        let rel = Path::new(SCHEMA_PATH);
        match std::fs::read_to_string(root.join(rel)) {
            Ok(text) => Schema::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Schema::built_in()),
            Err(e) => Err(vec![Diagnostic::new(
                rel,
                1,
                1,
                format!("cannot read the schema: {e}"),
            )]),
        }
    }

    /// The repository's schema, also what a run goes on with when the site's is broken.
    pub(crate) fn built_in() -> Schema {
        Schema::parse(BUILT_IN).expect("the built-in schema is valid")
    }

    fn parse(text: &str) -> Result<Schema, Vec<Diagnostic>> {
        let rel = Path::new(SCHEMA_PATH);
        let file: File =
            serde_yaml::from_str(text).map_err(|e| vec![yaml_diagnostic(rel, 1, &e)])?;
        let mut problems = Vec::new();
        let at = |entry: usize, key: &str, message: String| {
            let (line, column) = position(text, entry, key);
            Diagnostic::new(rel, line, column, message)
        };
        let mut kinds: Vec<KindSchema> = Vec::new();
        for (i, d) in file.kinds.iter().enumerate() {
            let Some(kind) = Kind::ALL.into_iter().find(|k| k.name() == d.kind) else {
                let names = Kind::ALL.map(Kind::name);
                problems.push(at(
                    i,
                    "kind",
                    format!(
                        "unknown kind \"{}\": the generator knows {}{}",
                        d.kind,
                        names.join(", "),
                        did_you_mean(&d.kind, names)
                    ),
                ));
                continue;
            };
            if kinds.iter().any(|k| k.kind == kind) {
                problems.push(at(
                    i,
                    "kind",
                    format!("kind \"{}\" is declared twice", d.kind),
                ));
                continue;
            }
            problems.extend(
                check_kind(kind, d, &kinds)
                    .into_iter()
                    .map(|(key, m)| at(i, key, m)),
            );
            kinds.push(KindSchema::new(kind, d));
        }
        problems.extend(undeclared(text, &file));
        if problems.is_empty() {
            let folders = kinds
                .iter()
                .filter(|k| !k.folder.is_empty())
                .map(|k| (k.folder.clone(), k.kind))
                .collect();
            Ok(Schema {
                kinds,
                folders: Folders(folders),
                text: text.to_string(),
            })
        } else {
            Err(problems)
        }
    }

    /// The declaration of `kind` (every kind has one once the schema is checked).
    pub(crate) fn of(&self, kind: Kind) -> &KindSchema {
        self.kinds
            .iter()
            .find(|k| k.kind == kind)
            .expect("a checked schema declares every kind")
    }

    pub(crate) fn folder(&self, kind: Kind) -> &str {
        &self.of(kind).folder
    }

    /// Plural label for headings ("Reports", "Events").
    pub(crate) fn plural(&self, kind: Kind) -> &str {
        &self.of(kind).plural
    }

    pub(crate) fn singular(&self, kind: Kind) -> &str {
        &self.of(kind).singular
    }

    /// The kinds that have a folder, in the order pages list them.
    pub(crate) fn collections(&self) -> impl Iterator<Item = &KindSchema> {
        self.kinds.iter().filter(|k| !k.folder.is_empty())
    }

    /// The kind whose pages live in `content/<folder>/`.
    pub(crate) fn kind_in(&self, folder: &str) -> Option<Kind> {
        self.folders.kind_in(folder)
    }

    /// Each collection's folder, for loading `content/`.
    pub(crate) fn folders(&self) -> &Folders {
        &self.folders
    }

    /// The navigation's entries, in their order: label, URL, and the section of the pages
    /// that are under it.
    pub(crate) fn nav(&self) -> Vec<(&str, String, &str)> {
        let mut entries: Vec<(&NavEntry, &KindSchema)> = self
            .kinds
            .iter()
            .filter_map(|k| Some((k.nav.as_ref()?, k)))
            .collect();
        entries.sort_by_key(|(n, _)| n.order);
        entries
            .into_iter()
            .map(|(n, k)| {
                (
                    n.label.as_str(),
                    format!("{}/index.html", k.folder),
                    k.folder.as_str(),
                )
            })
            .collect()
    }

    /// Every template the schema names, with the entry and key it is written under.
    fn templates(&self) -> impl Iterator<Item = (usize, &'static str, &str)> {
        self.kinds.iter().enumerate().flat_map(|(i, k)| {
            let own = std::iter::once((i, "template", k.template.as_str()));
            let home = k
                .home_template
                .iter()
                .map(move |t| (i, "home_template", t.as_str()));
            let index = k
                .index
                .iter()
                .map(move |x| (i, "index", x.template.as_str()));
            own.chain(home).chain(index)
        })
    }

    /// Every template the schema names that the theme does not have, located in the
    /// schema's text.
    pub(crate) fn check_templates<'a>(
        &self,
        theme: &str,
        has: impl Fn(&str) -> bool,
        names: impl Fn() -> Vec<&'a str>,
    ) -> Vec<Diagnostic> {
        let text = self.text.as_str();
        self.templates()
            .filter(|(_, _, t)| !has(t))
            .map(|(i, key, t)| {
                let key = if key == "index" { "template" } else { key };
                let (line, column) =
                    position_after(text, i, key, if key == "template" { t } else { "" });
                Diagnostic::new(
                    Path::new(SCHEMA_PATH),
                    line,
                    column,
                    format!(
                        "unknown template \"{t}\": themes/{theme}/templates/ has no such file{}",
                        did_you_mean(t, names())
                    ),
                )
            })
            .collect()
    }
}

/// A diagnostic for each kind the generator knows that the file does not declare.
fn undeclared(text: &str, file: &File) -> Vec<Diagnostic> {
    let rel = Path::new(SCHEMA_PATH);
    let declared: Vec<&str> = file.kinds.iter().map(|d| d.kind.as_str()).collect();
    let (line, column) = key_line(text, "kinds");
    Kind::ALL
        .into_iter()
        .filter(|kind| !declared.contains(&kind.name()))
        .map(|kind| {
            Diagnostic::new(rel, line, column, format!(
                "kind \"{}\" is not declared: every kind the generator knows needs an entry under kinds",
                kind.name()
            ))
        })
        .collect()
}

/// What is wrong with one kind's declaration, each with the key to locate it at.
fn check_kind(kind: Kind, d: &Declared, before: &[KindSchema]) -> Vec<(&'static str, String)> {
    let name = kind.name();
    let mut problems: Vec<(&'static str, String)> =
        check_folder(kind, d, before).into_iter().collect();
    problems.extend(d.nav.as_ref().and_then(|nav| check_nav(kind, nav, before)));
    if d.home_template.is_some() && kind != Kind::Page {
        problems.push((
            "home_template",
            "only pages have a home_template".to_string(),
        ));
    }
    if d.index.is_some() && matches!(kind, Kind::Page | Kind::Event) {
        problems.push((
            "index",
            format!(
                "kind \"{name}\" cannot have an index page (events are listed by the timeline)"
            ),
        ));
    }
    problems
}

/// A kind's folder: none for pages, else one of its own, a folder name, not the site's.
fn check_folder(kind: Kind, d: &Declared, before: &[KindSchema]) -> Option<(&'static str, String)> {
    let name = kind.name();
    let folder = match (kind, &d.folder) {
        (Kind::Page, Some(_)) => {
            return Some((
                "folder",
                "pages have no folder: they live at the top of content/".to_string(),
            ))
        }
        (Kind::Page, None) => return None,
        (_, None) => {
            return Some((
                "kind",
                format!("kind \"{name}\" needs a folder under content/"),
            ))
        }
        (_, Some(folder)) => folder,
    };
    let valid = !folder.is_empty()
        && folder
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let message = if OWN_PAGES.contains(&folder.as_str()) {
        format!("folder \"{folder}\" is the site's own {folder}/ page: choose another")
    } else if !valid {
        format!("folder \"{folder}\" is not a folder name: lowercase letters, digits and -")
    } else if let Some(other) = before.iter().find(|k| &k.folder == folder) {
        format!(
            "folder \"{folder}\" is already the folder of kind \"{}\": two kinds cannot share one",
            other.kind.name()
        )
    } else {
        return None;
    };
    Some(("folder", message))
}

/// A navigation entry: not for pages, and in a place of its own.
fn check_nav(kind: Kind, nav: &NavEntry, before: &[KindSchema]) -> Option<(&'static str, String)> {
    if kind == Kind::Page {
        let why = "pages have no index page to put in the navigation: link them from the theme";
        return Some(("nav", why.to_string()));
    }
    let other = before
        .iter()
        .find(|k| k.nav.as_ref().is_some_and(|n| n.order == nav.order))?;
    Some((
        "nav",
        format!(
            "nav order {} is already the order of kind \"{}\": give each entry its own",
            nav.order,
            other.kind.name()
        ),
    ))
}

/// The lines of the `entry`-th item of the `kinds` list: from its `- ` to the next.
fn entry_lines(text: &str, entry: usize) -> Option<(usize, Vec<&str>)> {
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- ") && !l.trim_start().starts_with('#'))
        .map(|(i, _)| i)
        .collect();
    let start = *starts.get(entry)?;
    let end = starts.get(entry + 1).copied().unwrap_or(lines.len());
    Some((start, lines[start..end].to_vec()))
}

/// Where `key` is written in the `entry`-th kind, at its value.
fn position(text: &str, entry: usize, key: &str) -> (usize, usize) {
    position_after(text, entry, key, "")
}

/// Where `key` is written in the `entry`-th kind: at `value` if it follows the key on
/// its line, else at the value's start.
fn position_after(text: &str, entry: usize, key: &str, value: &str) -> (usize, usize) {
    let Some((start, lines)) = entry_lines(text, entry) else {
        return (1, 1);
    };
    let prefix = format!("{key}:");
    let written = |line: &&str| {
        line.trim_start()
            .trim_start_matches("- ")
            .starts_with(&prefix)
    };
    let found = lines
        .iter()
        .position(|l| written(l) && !value.is_empty() && l.contains(value))
        .or_else(|| lines.iter().position(written));
    if let Some(i) = found {
        let line = lines[i];
        let trimmed = line.trim_start().trim_start_matches("- ");
        let key_at = line.len() - trimmed.len();
        let after = &line[key_at + prefix.len()..];
        let offset = match (value.is_empty(), after.find(value)) {
            _ if after.trim().is_empty() => key_at,
            (false, Some(at)) => key_at + prefix.len() + at,
            _ => key_at + prefix.len() + (after.len() - after.trim_start().len()),
        };
        return (start + i + 1, line[..offset].chars().count() + 1);
    }
    (start + 1, 1)
}

/// The line of a top-level `key:`, or the first line.
fn key_line(text: &str, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map_or((1, 1), |i| (i + 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_schema_declares_every_kind() {
        let schema = Schema::built_in();
        for kind in Kind::ALL {
            assert_eq!(schema.of(kind).kind, kind);
        }
        assert_eq!(schema.kind_in("timeline"), Some(Kind::Event));
        assert_eq!(schema.kind_in(""), None);
    }
}
