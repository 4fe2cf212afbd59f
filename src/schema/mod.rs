//! `content/schema.yaml`: the content model. It declares each kind of page (its folder,
//! labels, templates, URL, index page, navigation entry), its fields with their types, and
//! its roles: the behaviour the generator gives a kind because the schema asks for it (a
//! date that files its pages on the timeline, bars on the timeline's chart, a title, a
//! summary, an order, a table of the open data). The generator knows no kind by name.

mod file;
mod locate;
mod resolve;

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::Deserialize;
use std::path::Path;

pub(crate) const SCHEMA_PATH: &str = "content/schema.yaml";

/// The schema a site without `content/schema.yaml` gets: the repository's own, so that a
/// site written before the schema existed builds as it did.
const BUILT_IN: &str = include_str!("../../content/schema.yaml");

/// The folders of the pages the generator makes itself: no kind may take one.
pub(crate) const OWN_PAGES: [&str; 5] = ["documents", "static", "search", "data", "404"];

/// How many types of mark the timeline can tell apart: it has as many shapes
/// (`timeline_svg::SHAPES`), and colour alone never tells a type.
pub(crate) const MARK_TYPES_MAX: usize = 4;

/// A kind of page: its place in the schema's list of kinds (which orders the groups of
/// related pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kind(pub(crate) u8);

/// The folder of each kind under `content/`, in the order the schema declares them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folders(pub(crate) Vec<(String, Kind)>);

impl Folders {
    /// The kind whose pages live in `content/<folder>/`.
    pub(crate) fn kind_in(&self, folder: &str) -> Option<Kind> {
        self.0.iter().find(|(f, _)| f == folder).map(|(_, k)| *k)
    }
}

/// One field of a record or a kind.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) ty: FieldType,
    /// A list of values of `ty` (empty when absent, unless required).
    pub(crate) list: bool,
    pub(crate) required: bool,
    /// Declared under `common`: a field of every kind.
    pub(crate) common: bool,
    /// The value a page that does not give one has.
    pub(crate) default: Option<crate::content::record::Value>,
}

impl Field {
    /// A list of ids shared by every kind: the relations, which templates receive grouped
    /// by kind and both ways (`page.related`, `page.referred_by`), not among the fields.
    pub(crate) fn is_relation_list(&self) -> bool {
        self.common && self.list && matches!(self.ty, FieldType::Id(_))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldType {
    Text(Text),
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: the form is the precision.
    Date,
    /// A year, written as a number.
    Year,
    /// One of the values, each with the label readers see.
    Enum(Vec<(String, String)>),
    /// The id of a page of a kind: a relation, shown on both pages.
    Id(Kind),
    /// A record of [`Schema::record`].
    Record(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Text {
    String,
    Markdown,
    /// Checked against the URLs a page may link to.
    Url,
    /// A UN document symbol: the document gets a page, and cites this one.
    Symbol,
}

/// A group of fields: a kind's front matter, or a record inside it.
#[derive(Debug, Clone)]
pub(crate) struct RecordSpec {
    pub(crate) fields: Vec<Field>,
}

impl RecordSpec {
    pub(crate) fn index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// A kind's entry in the site's navigation: a link to `<folder>/index.html`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NavEntry {
    pub(crate) label: String,
    pub(crate) order: u32,
}

/// A kind's index page: `<folder>/index.html`.
#[derive(Debug, Clone)]
pub(crate) struct IndexPage {
    pub(crate) template: String,
    pub(crate) description: String,
    /// An enum field whose values group the list, in their declared order.
    pub(crate) group_by: Option<usize>,
    /// The kinds whose pages are the columns of a matrix of relations.
    pub(crate) matrix: Vec<Kind>,
}

/// One key of a kind's order: a field (or another where it is absent), compared as
/// written, or a name compared by its last word first.
#[derive(Debug, Clone)]
pub(crate) struct SortKey {
    pub(crate) field: usize,
    pub(crate) otherwise: Option<usize>,
    pub(crate) surname_first: bool,
}

/// One column of an open-data table.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) source: ColumnSource,
    /// For a list of records: each as `{field}` placeholders (`{a|b}`: a, else b).
    pub(crate) format: Option<String>,
    pub(crate) join: String,
}

#[derive(Debug, Clone)]
pub(crate) enum ColumnSource {
    Id,
    Url,
    /// A field, or a field of a record field (`source.document`).
    Path(Vec<usize>),
}

#[derive(Debug, Clone)]
pub(crate) struct DataTable {
    pub(crate) table: String,
    pub(crate) columns: Vec<Column>,
}

/// What the generator does with a kind, each named by the field it uses.
#[derive(Debug, Clone, Default)]
pub(crate) struct Roles {
    pub(crate) title: usize,
    pub(crate) summary: Option<usize>,
    /// The start and end of what the page is about: checked in order, shown as a span.
    pub(crate) dates: Option<(usize, Option<usize>)>,
    /// A short name (column heads, bar labels, search).
    pub(crate) short: Option<usize>,
    /// A list of other names readers know the page by (search).
    pub(crate) aliases: Option<usize>,
    /// How the kind's pages are named in prose: each mention of one of these names in
    /// another page's prose is linked and listed on the named page.
    pub(crate) names: Vec<NamePattern>,
    /// The common field in which a page says which page a name means on it (a name two
    /// pages share), or that it is no name there: a list of records `{name, page}`.
    pub(crate) means: Option<usize>,
    /// A date that files the kind's pages on the timeline's year pages.
    pub(crate) marks: Option<usize>,
    /// An enum field (with a value on every page) that types the marks: each value has a
    /// shape on the chart and a filtered view of the timeline.
    pub(crate) mark_type: Option<usize>,
    /// A string field that makes a marked page a key event: numbered on the chart, and
    /// listed under it with this label.
    pub(crate) mark_label: Option<usize>,
    /// Years that draw the kind's pages as bars on the timeline.
    pub(crate) bars: Option<(usize, Option<usize>)>,
    /// A date that file names start with.
    pub(crate) file_names: Option<usize>,
    /// A date that puts the kind's pages in the Atom feed.
    pub(crate) feed: Option<usize>,
    pub(crate) sort: Vec<SortKey>,
    /// Fields of which one at least must be filled, and what to say if none is.
    pub(crate) requires_one_of: Option<(Vec<usize>, String)>,
    /// The symbol field of the kind that holds the UN documents: each of its pages is
    /// the page of the document with that symbol, cited or not.
    pub(crate) documents: Option<usize>,
    /// An enum field whose values are [`SearchRank`]s: where the site's search lists
    /// each page (a page for the site's editors after the readers' pages).
    pub(crate) search: Option<usize>,
}

/// Where the site's search lists a page: by relevance among the others, after every
/// other result, or not at all. The values of the `search` role's enum, by these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchRank {
    Listed,
    Last,
    Hidden,
}

impl SearchRank {
    pub(crate) const NAMES: [(&'static str, SearchRank); 3] = [
        ("listed", SearchRank::Listed),
        ("last", SearchRank::Last),
        ("hidden", SearchRank::Hidden),
    ];

    pub(crate) fn named(name: &str) -> Option<SearchRank> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, rank)| rank)
    }
}

/// One way a kind's pages are named in prose: `norm ({letter})`, `{short_name}`,
/// `resolution {symbol|strip:A/RES/}`. One field between literal text; `strip` keeps the
/// values that start with its prefix, without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NamePattern {
    pub(crate) before: String,
    pub(crate) field: usize,
    pub(crate) strip: Option<String>,
    pub(crate) after: String,
}

impl NamePattern {
    /// The pattern's placeholder and its text around it, or why it is no pattern.
    pub(crate) fn parse(pattern: &str) -> Result<(String, &str, Option<String>, String), String> {
        let open = pattern.find('{');
        let close = pattern.find('}');
        let (Some(open), Some(close)) = (open, close) else {
            return Err(format!("the name pattern {pattern:?} names no field: write one between braces, such as \"{{short_name}}\""));
        };
        let inner = pattern.get(open + 1..close).unwrap_or("");
        let after = &pattern[close + 1..];
        if close < open || after.contains(['{', '}']) || inner.contains('{') {
            return Err(format!(
                "the name pattern {pattern:?} must name exactly one field between braces"
            ));
        }
        let (field, strip) = match inner.split_once('|') {
            None => (inner.trim(), None),
            Some((field, filter)) => match filter.strip_prefix("strip:") {
                Some(prefix) if !prefix.is_empty() => (field.trim(), Some(prefix.to_string())),
                _ => return Err(format!("the name pattern {pattern:?} has an unknown filter {filter:?}: the one filter is `strip:<prefix>`")),
            },
        };
        Ok((pattern[..open].to_string(), field, strip, after.to_string()))
    }

    /// The names this pattern gives a page, from the value (or each value) of its field.
    pub(crate) fn expand(&self, record: &crate::content::record::Record) -> Vec<String> {
        let values: Vec<&str> = match record.get(self.field) {
            Some(crate::content::record::Value::List(items)) => {
                items.iter().filter_map(|v| v.as_text()).collect()
            }
            Some(v) => v.as_text().into_iter().collect(),
            None => Vec::new(),
        };
        values
            .into_iter()
            .filter_map(|v| match &self.strip {
                Some(prefix) => v.strip_prefix(prefix.as_str()),
                None => Some(v),
            })
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| format!("{}{v}{}", self.before, self.after))
            .collect()
    }
}

/// One kind, resolved.
#[derive(Debug, Clone)]
pub(crate) struct KindSchema {
    pub(crate) kind: Kind,
    pub(crate) name: String,
    /// Under `content/`; empty for pages, which live at its top.
    pub(crate) folder: String,
    pub(crate) singular: String,
    pub(crate) plural: String,
    pub(crate) template: String,
    /// The home page's template (pages only).
    pub(crate) home_template: Option<String>,
    pub(crate) index: Option<IndexPage>,
    pub(crate) nav: Option<NavEntry>,
    /// Its front matter: a record of [`Schema::record`].
    pub(crate) record: usize,
    pub(crate) roles: Roles,
    /// Where its pages are written: `{id}`, `{folder}`, `{year}` (of the timeline date).
    pub(crate) url: UrlPattern,
    pub(crate) data: Option<DataTable>,
}

/// A URL pattern, cut once into its parts (a URL is made for every link of every page).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UrlPattern {
    pub(crate) written: String,
    parts: Vec<UrlPart>,
}

#[derive(Debug, Clone, PartialEq)]
enum UrlPart {
    Text(String),
    Id,
    Folder,
    Year,
}

impl UrlPattern {
    /// Cuts `written` at its placeholders; an unknown one stays text (the schema's check
    /// refuses it).
    pub(crate) fn parse(written: &str) -> UrlPattern {
        let mut parts = Vec::new();
        let mut rest = written;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let part = match &rest[open + 1..close] {
                "id" => UrlPart::Id,
                "folder" => UrlPart::Folder,
                "year" => UrlPart::Year,
                _ => UrlPart::Text(rest[open..=close].to_string()),
            };
            if open > 0 {
                parts.push(UrlPart::Text(rest[..open].to_string()));
            }
            parts.push(part);
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(UrlPart::Text(rest.to_string()));
        }
        UrlPattern {
            written: written.to_string(),
            parts,
        }
    }

    /// The pattern's own text, without its placeholders.
    pub(crate) fn literal_text(&self) -> String {
        let text = self.parts.iter().filter_map(|p| match p {
            UrlPart::Text(t) => Some(t.as_str()),
            _ => None,
        });
        text.collect()
    }

    /// The root-relative URL of a page: the pattern filled, then `index.html`.
    pub(crate) fn fill(&self, id: &str, folder: &str, year: impl Fn() -> i32) -> String {
        let mut url = String::with_capacity(self.written.len() + id.len() + 16);
        for part in &self.parts {
            match part {
                UrlPart::Text(text) => url.push_str(text),
                UrlPart::Id => url.push_str(id),
                UrlPart::Folder => url.push_str(folder),
                UrlPart::Year => url.push_str(&year().to_string()),
            }
        }
        url.push_str("index.html");
        url
    }
}

/// The field that types the timeline's marks: its index among the marked kind's fields,
/// its name, and its values with their labels, in their declared order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MarkTypes<'s> {
    pub(crate) field: usize,
    pub(crate) name: &'s str,
    pub(crate) values: &'s [(String, String)],
}

/// The checked schema.
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    kinds: Vec<KindSchema>,
    records: Vec<RecordSpec>,
    folders: Folders,
    /// The text it was read from, to locate the problems found later (a template the
    /// theme lacks) without reading the file again.
    text: String,
}

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

    pub(crate) fn parse(text: &str) -> Result<Schema, Vec<Diagnostic>> {
        resolve::parse(text)
    }

    /// The declaration of `kind`.
    pub(crate) fn of(&self, kind: Kind) -> &KindSchema {
        &self.kinds[kind.0 as usize]
    }

    /// Every kind, in the order declared.
    pub(crate) fn kinds(&self) -> impl Iterator<Item = &KindSchema> {
        self.kinds.iter()
    }

    pub(crate) fn record(&self, record: usize) -> &RecordSpec {
        &self.records[record]
    }

    /// The fields of a kind's front matter.
    pub(crate) fn fields(&self, kind: Kind) -> &[Field] {
        &self.records[self.of(kind).record].fields
    }

    pub(crate) fn roles(&self, kind: Kind) -> &Roles {
        &self.of(kind).roles
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

    /// The kind of the pages at the top of `content/` (every schema has one).
    pub(crate) fn pages(&self) -> Kind {
        self.kinds
            .iter()
            .find(|k| k.folder.is_empty())
            .map_or(Kind(0), |k| k.kind)
    }

    /// The kind whose pages the timeline files by year, if any.
    pub(crate) fn marked(&self) -> Option<Kind> {
        self.kinds
            .iter()
            .find(|k| k.roles.marks.is_some())
            .map(|k| k.kind)
    }

    /// The field that types the timeline's marks (`timeline: {type}`), if it has one.
    pub(crate) fn mark_types(&self) -> Option<MarkTypes<'_>> {
        let kind = self.marked()?;
        let field = self.roles(kind).mark_type?;
        let declared = &self.fields(kind)[field];
        match &declared.ty {
            FieldType::Enum(values) => Some(MarkTypes {
                field,
                name: &declared.name,
                values,
            }),
            _ => None,
        }
    }

    /// The kind that holds the UN documents, and its symbol field, if any.
    pub(crate) fn documents(&self) -> Option<(Kind, usize)> {
        self.kinds
            .iter()
            .find_map(|k| Some((k.kind, k.roles.documents?)))
    }

    /// The kind drawn as bars on the timeline, if any.
    pub(crate) fn barred(&self) -> Option<Kind> {
        self.kinds
            .iter()
            .find(|k| k.roles.bars.is_some())
            .map(|k| k.kind)
    }

    /// The kinds that have a folder, in the order declared.
    pub(crate) fn collections(&self) -> impl Iterator<Item = &KindSchema> {
        self.kinds.iter().filter(|k| !k.folder.is_empty())
    }

    /// The kind whose pages live in `content/<folder>/`.
    pub(crate) fn kind_in(&self, folder: &str) -> Option<Kind> {
        self.folders.kind_in(folder)
    }

    /// The navigation's entries, in their order: label, URL, and the section of the pages
    /// that are under it, with their kind.
    pub(crate) fn nav(&self) -> Vec<(&str, String, &str, Kind)> {
        let mut entries: Vec<(&NavEntry, &KindSchema)> = self
            .kinds
            .iter()
            .filter_map(|k| Some((k.nav.as_ref()?, k)))
            .collect();
        entries.sort_by_key(|(n, _)| n.order);
        entries
            .into_iter()
            .map(|(n, k)| {
                let url = format!("{}/index.html", k.folder);
                (n.label.as_str(), url, k.folder.as_str(), k.kind)
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
                let value = if key == "template" { t } else { "" };
                let (line, column) = locate::position_after(text, i, key, value);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_schema_resolves_its_kinds_and_roles() {
        let schema = Schema::built_in();
        let event = schema.kind_in("timeline").unwrap();
        assert_eq!(schema.of(event).name, "event");
        assert_eq!(schema.marked(), Some(event));
        assert_eq!(schema.kind_in(""), None);
        assert!(schema.folder(schema.pages()).is_empty());
        let person = schema.kind_in("people").unwrap();
        let title = schema.roles(person).title;
        assert_eq!(schema.fields(person)[title].name, "name");
    }
}
