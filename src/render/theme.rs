//! The theme: tera templates compiled once, and static assets renamed with a hash of their
//! content so hosts can cache them for ever.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Root-relative path and bytes of each file.
type Files = Vec<(String, Vec<u8>)>;

pub(crate) struct Theme {
    pub(crate) tera: tera::Tera,
    /// Template name → its file relative to the site root, for error messages.
    pub(crate) template_files: BTreeMap<String, PathBuf>,
    /// Template name → its source, to place errors that tera gives without a line.
    pub(crate) template_sources: BTreeMap<String, String>,
    /// Logical asset name (`style.css`) → root-relative URL (`static/style.1a2b3c4d.css`).
    pub(crate) assets: BTreeMap<String, String>,
    /// Root-relative path → bytes, for every static file.
    pub(crate) asset_files: Files,
}

impl Theme {
    pub(crate) fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let dir = root.join("themes").join(name);
        let rel_dir = Path::new("themes").join(name);
        let mut diagnostics = Diagnostics::default();
        if !dir.is_dir() {
            diagnostics.push(Diagnostic::new(
                Path::new(crate::config::CONFIG_PATH),
                1,
                1,
                format!(
                    "the theme \"{name}\" does not exist: there is no folder {}",
                    rel_dir.display()
                ),
            ));
            return Err(diagnostics);
        }
        let templates = read_tree(
            &dir.join("templates"),
            &mut diagnostics,
            &rel_dir.join("templates"),
        );
        let statics = read_tree(
            &dir.join("static"),
            &mut diagnostics,
            &rel_dir.join("static"),
        );
        let (tera, template_files, template_sources) =
            compile(templates, &rel_dir.join("templates"), &mut diagnostics);
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let (assets, asset_files) = fingerprint(statics);
        Ok(Theme {
            tera,
            template_files,
            template_sources,
            assets,
            asset_files,
        })
    }

    /// The templates whose rendering may read a variable called `word`: those in which the
    /// word is written, or in a template they extend, include or import macros from (and
    /// so on from those). A context field that is costly and that few templates use is
    /// made only for these (a template that reached it only by a key it computes, as in
    /// `page[key]`, would not be seen; docs/THEMES.md says which fields these are).
    pub(crate) fn templates_naming(&self, word: &str) -> BTreeSet<String> {
        self.template_sources
            .keys()
            .filter(|name| {
                self.reached_from(name).iter().any(|t| {
                    self.template_sources
                        .get(t)
                        .is_some_and(|s| s.contains(word))
                })
            })
            .cloned()
            .collect()
    }

    /// The template and every template its rendering can reach.
    fn reached_from(&self, name: &str) -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        let mut next = vec![name.to_string()];
        while let Some(name) = next.pop() {
            let Ok(template) = self.tera.get_template(&name) else {
                continue;
            };
            if !reached.insert(name) {
                continue;
            }
            next.extend(template.parents.iter().cloned());
            next.extend(template.imported_macro_files.iter().map(|(f, _)| f.clone()));
            included(&template.ast, &mut next);
        }
        reached
    }
}

/// The names of the templates that `nodes` include, at any depth of blocks.
fn included(nodes: &[tera::ast::Node], out: &mut Vec<String>) {
    use tera::ast::Node;
    for node in nodes {
        match node {
            Node::Include(_, names, _) => out.extend(names.iter().cloned()),
            Node::Block(_, block, _) => included(&block.body, out),
            Node::MacroDefinition(_, definition, _) => included(&definition.body, out),
            Node::FilterSection(_, section, _) => included(&section.body, out),
            Node::Forloop(_, forloop, _) => {
                included(&forloop.body, out);
                included(forloop.empty_body.as_deref().unwrap_or(&[]), out);
            }
            Node::If(conditions, _) => {
                for (_, _, body) in &conditions.conditions {
                    included(body, out);
                }
                if let Some((_, body)) = &conditions.otherwise {
                    included(body, out);
                }
            }
            _ => {}
        }
    }
}

/// The templates, each decoded, then compiled together if nothing failed so far (in
/// `diagnostics`, which gets their errors), with the file and source of each by name.
fn compile(
    templates: Vec<(String, Vec<u8>)>,
    rel_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> (
    tera::Tera,
    BTreeMap<String, PathBuf>,
    BTreeMap<String, String>,
) {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // tera's default also escapes `/`, which bloats every URL; it is safe unescaped.
    tera.set_escape_fn(crate::text::escape);
    tera.set_escape_into_fn(crate::text::escape_into);
    let mut template_files = BTreeMap::new();
    let mut template_sources = BTreeMap::new();
    let mut sources = Vec::new();
    for (name, bytes) in templates {
        let Ok(text) = String::from_utf8(bytes) else {
            diagnostics.push(Diagnostic::new(
                &rel_dir.join(&name),
                1,
                1,
                "the template is not valid UTF-8",
            ));
            continue;
        };
        template_files.insert(name.clone(), rel_dir.join(&name));
        template_sources.insert(name.clone(), text.clone());
        sources.push((name, text));
    }
    if diagnostics.is_empty() {
        if let Err(e) = tera.add_raw_templates(sources.clone()) {
            diagnostics.extend(locate_template_errors(&sources, &template_files, &e));
        }
    }
    (tera, template_files, template_sources)
}

/// tera reports the first error of a set of templates without its file: parse each
/// template alone to find every syntax error with its file; if none alone is wrong, the
/// problem is between them (a missing parent or macro file) and tera's words say which.
fn locate_template_errors(
    sources: &[(String, String)],
    files: &BTreeMap<String, PathBuf>,
    combined: &tera::Error,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (name, text) in sources {
        let mut alone = tera::Tera::default();
        if let Err(e) = alone.add_raw_template(name, text) {
            if !names_missing_parent(&e) {
                found.push(template_error(&files[name], &e));
            }
        }
    }
    if found.is_empty() {
        let chain = error_chain(combined);
        let file = files
            .iter()
            .find(|(name, _)| chain.contains(&format!("'{name}'")))
            .map(|(_, f)| f.clone())
            .or_else(|| files.values().next().cloned())
            .unwrap_or_default();
        found.push(Diagnostic::new(&file, 1, 1, chain.replace('\n', " ")));
    }
    found
}

/// Whether tera's error, or one of its causes, is a parent template that is not loaded
/// (what a child template parsed alone always meets).
fn names_missing_parent(error: &tera::Error) -> bool {
    let first: &(dyn std::error::Error + 'static) = error;
    std::iter::successors(Some(first), |e| e.source())
        .filter_map(|e| e.downcast_ref::<tera::Error>())
        .any(|e| matches!(e.kind, tera::ErrorKind::MissingParent { .. }))
}

/// Every file under `dir`, by path relative to it, sorted.
fn read_tree(dir: &Path, diagnostics: &mut Diagnostics, rel_dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let name = rel.to_string_lossy().replace('\\', "/");
                if name
                    .rsplit('/')
                    .next()
                    .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
                {
                    continue;
                }
                match std::fs::read(entry.path()) {
                    Ok(bytes) => files.push((name, bytes)),
                    Err(e) => diagnostics.push(Diagnostic::new(
                        &rel_dir.join(rel),
                        1,
                        1,
                        format!("cannot read: {e}"),
                    )),
                }
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(Diagnostic::new(rel_dir, 1, 1, format!("cannot read: {e}"))),
        }
    }
    files
}

/// `style.css` → `static/style.<hash>.css`. Images and other files keep their names.
fn fingerprint(statics: Vec<(String, Vec<u8>)>) -> (BTreeMap<String, String>, Files) {
    let mut assets = BTreeMap::new();
    let mut files = Vec::new();
    for (name, bytes) in statics {
        let url = match name.rsplit_once('.') {
            Some((stem, ext)) if ext == "css" || ext == "js" => {
                format!("static/{stem}.{}.{ext}", &hex_hash(&bytes)[..10])
            }
            _ => format!("static/{name}"),
        };
        assets.insert(name, url.clone());
        files.push((url, bytes));
    }
    (assets, files)
}

/// FNV-1a, 64 bits: stable across runs and platforms, which is all a cache-busting name
/// needs (it is not a security boundary).
fn hex_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A tera error as a located diagnostic: pest's " --> line:col" when it gives one.
pub(crate) fn template_error(file: &Path, error: &tera::Error) -> Diagnostic {
    let text = error_chain(error);
    let (line, col) = arrow_position(&text).unwrap_or((1, 1));
    let detail = text
        .lines()
        .find(|l| l.trim_start().starts_with("= "))
        .map(|l| l.trim_start().trim_start_matches("= ").to_string())
        .unwrap_or_else(|| text.lines().next().unwrap_or("").to_string());
    Diagnostic::new(file, line, col, format!("template syntax error: {detail}"))
}

fn arrow_position(text: &str) -> Option<(usize, usize)> {
    let after = &text[text.find("--> ")? + 4..];
    let spot: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (l, c) = spot.split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// tera's error and its causes, joined (the cause is usually the useful part).
pub(crate) fn error_chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        assert_eq!(hex_hash(b""), "cbf29ce484222325");
        assert_ne!(hex_hash(b"a"), hex_hash(b"b"));
    }

    #[test]
    fn a_word_is_seen_through_parents_includes_and_macros() {
        let sources = [
            ("names.html", "{{ page.connected }}"),
            ("child.html", "{% extends \"names.html\" %}"),
            ("cite.html", "{% for g in page.connected %}{% endfor %}"),
            (
                "includes.html",
                "{% if x %}{% for i in y %}{% include \"cite.html\" %}{% endfor %}{% endif %}",
            ),
            (
                "macros.html",
                "{% macro m(p) %}{{ p.connected }}{% endmacro m %}",
            ),
            (
                "imports.html",
                "{% import \"macros.html\" as m %}{{ m::m(p=page) }}",
            ),
            ("base.html", "{% block body %}{% endblock body %}"),
            (
                "plain.html",
                "{% extends \"base.html\" %}{% block body %}{{ page.related }}{% endblock body %}",
            ),
        ];
        let templates = sources
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
            .collect();
        let mut diagnostics = Diagnostics::default();
        let (tera, template_files, template_sources) =
            compile(templates, Path::new("templates"), &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let theme = Theme {
            tera,
            template_files,
            template_sources,
            assets: BTreeMap::new(),
            asset_files: Vec::new(),
        };
        let naming: Vec<String> = theme.templates_naming("connected").into_iter().collect();
        assert_eq!(
            naming,
            [
                "child.html",
                "cite.html",
                "imports.html",
                "includes.html",
                "macros.html",
                "names.html"
            ]
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let mut t = tera::Tera::default();
        let e = t
            .add_raw_template("x.html", "line one\n{% if %}\n")
            .unwrap_err();
        let d = template_error(Path::new("themes/default/templates/x.html"), &e);
        assert_eq!(d.line, 2, "{d}");
        assert!(d.message.starts_with("template syntax error"), "{d}");
    }
}
