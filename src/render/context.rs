//! The template context of each page, as typed structs borrowed from the site (the
//! contract between the generator and the templates: docs/THEMES.md lists every variable).
//! What every page shares (the site, the assets, the navigation) is built once; each page
//! adds only its own, with URLs root-relative, joined to the page's `root` in templates.

mod timeline;

use super::citation::{citation_key, is_cited, BIBTEX_FILE, RIS_FILE};
use super::jobs::DocumentJob;
use super::mentioned::{first_passage, MentionList, Mentioned};
use super::theme::Theme;
use super::values::{first_date, DateValue, Document, Fields, Link};
use crate::config::fill;
use crate::content::Kind;
use crate::documents::{document_url, normalise_symbol, symbol_slug, Documents};
use crate::markdown::{Rendered, TocEntry};
use crate::schema::Text;
use crate::site::{Ix, Site};
use crate::timeline_svg;
use crate::url::{canonical, root_prefix};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What every page shares, built once.
#[derive(Serialize)]
struct Shared<'a> {
    site: SiteInfo<'a>,
    assets: &'a BTreeMap<String, String>,
    /// The plain pages (about, glossary, ...) for the footer.
    pages: Vec<Link<'a>>,
    /// The kinds' entries of the navigation, from the schema.
    nav: Vec<NavLink<'a>>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: Option<&'a str>,
}

#[derive(Serialize)]
struct NavLink<'a> {
    label: &'a str,
    url: String,
    section: &'a str,
}

/// A page's own variables, and its entity's under `page`; tera reads those of
/// [`Shared`] beside them.
#[derive(Serialize)]
struct PageContext<'a, P: Serialize> {
    root: String,
    url: &'a str,
    title: &'a str,
    description: &'a str,
    section: &'a str,
    canonical: Option<String>,
    /// On the page of every entity but the home page.
    citation: Option<CitationInfo>,
    page: P,
}

/// How a page is cited: its date, and its citation files beside it (`render::citation`).
#[derive(Serialize)]
struct CitationInfo {
    /// The BibTeX key, the name the files are downloaded as.
    key: String,
    date: Option<DateValue>,
    bibtex: &'static str,
    ris: &'static str,
}

/// Links to the pages of one kind, under the kind's name.
#[derive(Serialize)]
struct Group<'a> {
    kind: &'a str,
    label: &'a str,
    items: Vec<Link<'a>>,
}

/// An entity's page.
#[derive(Serialize)]
struct EntityPage<'a> {
    id: &'a str,
    kind: &'a str,
    kind_label: &'a str,
    kind_url: String,
    summary: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
    has_code: bool,
    /// The pages its front matter names, by kind.
    related: Vec<Group<'a>>,
    /// The pages that name it without being named back, by kind.
    referred_by: Vec<Group<'a>>,
    /// The pages whose prose mentions it, each with its passages.
    mentioned_in: MentionList<'a>,
    /// Both together: every page related to it either way, one list per kind.
    connected: Vec<Group<'a>>,
    /// The UN documents its prose cites.
    documents: Vec<Document>,
    fields: Fields<'a>,
    span: Option<&'a str>,
    source_file: String,
    prev: Option<Link<'a>>,
    next: Option<Link<'a>>,
    #[serde(flatten)]
    home: Option<Home<'a>>,
}

/// What the home page has beside its own content.
#[derive(Serialize)]
struct Home<'a> {
    counts: Vec<Count<'a>>,
    /// The last pages the timeline files, newest first.
    latest: Vec<Link<'a>>,
    /// The pages of each kind that has an index page, by folder.
    collections: BTreeMap<&'a str, Vec<Link<'a>>>,
    years: Vec<YearLink>,
}

#[derive(Serialize)]
struct Count<'a> {
    label: &'a str,
    count: usize,
    url: String,
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    title: String,
    url: String,
    count: usize,
}

/// A page in an index: its link, summary and fields.
#[derive(Serialize)]
struct Card<'a> {
    #[serde(flatten)]
    link: Link<'a>,
    summary: &'a str,
    fields: Fields<'a>,
}

#[derive(Serialize)]
struct CardGroup<'a> {
    title: &'a str,
    items: Vec<Card<'a>>,
}

#[derive(Serialize)]
struct IndexPage<'a> {
    kind_label: &'a str,
    groups: Vec<CardGroup<'a>>,
    matrix: Option<Matrix<'a>>,
    count: usize,
}

/// The kind's pages in rows, the pages of other kinds in columns: which relates to which.
#[derive(Serialize)]
struct Matrix<'a> {
    /// The kinds of the columns, in order, each with how many columns it has.
    groups: Vec<ColumnGroup<'a>>,
    headers: Vec<Header<'a>>,
    rows: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct ColumnGroup<'a> {
    label: &'a str,
    folder: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct Header<'a> {
    short: &'a str,
    title: &'a str,
    url: &'a str,
    /// The column page's fields (a consultation's status, for one not summarised).
    fields: Fields<'a>,
}

#[derive(Serialize)]
struct Row<'a> {
    entity: Card<'a>,
    /// The title of its group on the index page (`index.group_by`), or `""`.
    group: &'a str,
    cells: Vec<Cell<'a>>,
}

#[derive(Serialize)]
struct Cell<'a> {
    hit: bool,
    url: String,
    title: &'a str,
}

/// An entity on its year's page.
#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    title: &'a str,
    /// The timeline date, as written (for `<time datetime>`).
    date: String,
    date_human: Option<&'a str>,
    summary: &'a str,
    url: &'a str,
    fields: Fields<'a>,
    related: Vec<Group<'a>>,
    source_file: String,
}

#[derive(Serialize)]
struct Month<'a> {
    label: String,
    events: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct YearPage<'a> {
    year: i32,
    months: Vec<Month<'a>>,
    count: usize,
    /// The pages drawn as bars that are under way this year.
    processes: Vec<Link<'a>>,
    /// The UN documents the year's events name, in the order they are first named.
    documents: Vec<YearDocument<'a>>,
    prev: Option<YearLink>,
    next: Option<YearLink>,
}

/// A UN document that events of a year name in their front matter.
#[derive(Serialize)]
struct YearDocument<'a> {
    #[serde(flatten)]
    document: Document,
    /// How many of the year's events name it.
    events: usize,
    /// The document's record, if the site has one.
    record: Option<Card<'a>>,
}

#[derive(Serialize)]
struct DocumentEntry<'a> {
    #[serde(flatten)]
    document: Document,
    anchor: String,
    count: usize,
    /// The document's record, if the site has one.
    record: Option<Card<'a>>,
}

#[derive(Serialize)]
struct DocumentsPage<'a> {
    count: usize,
    documents: Vec<DocumentEntry<'a>>,
    /// With `index.group_by` on the documents kind: the documents by that field's
    /// values, in the kind's order, then those without a record.
    groups: Vec<DocumentGroup<'a>>,
}

#[derive(Serialize)]
struct DocumentGroup<'a> {
    title: &'a str,
    documents: Vec<DocumentEntry<'a>>,
}

#[derive(Serialize)]
struct DocumentPage<'a> {
    #[serde(flatten)]
    document: Document,
    count: usize,
    cited_by: Vec<Group<'a>>,
    /// The passages that mention it (by its symbol or a short name), if it has a record.
    mentioned_in: MentionList<'a>,
    record: Option<Record<'a>>,
}

/// The record of a UN document, on the document's page.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    summary: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
    fields: Fields<'a>,
    span: Option<&'a str>,
    source_file: String,
}

#[derive(Serialize)]
struct OpenDataPage<'a> {
    tables: Vec<&'a str>,
}

#[derive(Serialize)]
struct Empty {}

/// How many of the latest events the home page lists.
const LATEST: usize = 5;

/// Builds the context of each page; what every page shares is built once.
pub(crate) struct Contexts<'a> {
    site: &'a Site,
    shared: Shared<'a>,
    /// `shared` as tera reads it, made once and held by every page's context: each page
    /// made it and dropped it again, a quarter of a small event's context.
    shared_context: Arc<tera::Context>,
    /// Where each page is mentioned, and the mentions (none in the entity pass, whose
    /// pages no name names).
    pub(crate) mentioned: Option<(&'a Mentioned, &'a [Rendered])>,
    /// How many events each view of the timeline shows, counted once for all the views'
    /// pages (each links to every view with its count).
    view_counts: std::sync::OnceLock<BTreeMap<crate::timeline::View, usize>>,
    /// The templates that may show `page.connected`: for the others it is left empty, as
    /// it repeats `related` and `referred_by` (on a norm's page, a thousand events twice).
    connected_templates: BTreeSet<String>,
}

impl<'a> Contexts<'a> {
    pub(crate) fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let c = &site.config;
        let pages_kind = site.schema.pages();
        let pages = site
            .collection(pages_kind)
            .iter()
            .filter(|&&ix| site.entities[ix].id != "index")
            .map(|&ix| Link::to(site, ix))
            .collect();
        let nav = site
            .schema
            .nav()
            .into_iter()
            .map(|(label, url, section, _)| NavLink {
                label,
                url,
                section,
            })
            .collect();
        let shared = Shared {
            site: SiteInfo {
                title: &c.title,
                description: &c.description,
                language: &c.language,
                base_url: c.base_url.as_deref(),
            },
            assets: &theme.assets,
            pages,
            nav,
        };
        let shared_context = Arc::new(tera::Context::from_serialize(&shared).unwrap_or_default());
        Contexts {
            site,
            shared,
            shared_context,
            mentioned: None,
            view_counts: std::sync::OnceLock::new(),
            connected_templates: theme.templates_naming("connected"),
        }
    }

    /// What every page shows of the site beside its own (the site's title, the navigation,
    /// the plain pages in the footer), as JSON: an edit that changes it changes every page.
    pub(crate) fn shared_json(&self) -> String {
        serde_json::to_string(&self.shared).unwrap_or_default()
    }

    /// What every page's context holds beside its own variables (`with_shared`).
    pub(crate) fn shared_context(&self) -> Arc<tera::Context> {
        Arc::clone(&self.shared_context)
    }

    /// The variables of a page at `url` (beside the shared ones), as the JSON tera takes,
    /// with how it is cited if it is the page of the entity `cited`.
    fn page<P: Serialize>(
        &self,
        url: &str,
        title: &str,
        description: &str,
        section: &str,
        page: P,
        cited: Option<Ix>,
    ) -> Value {
        let citation = cited
            .filter(|&ix| is_cited(self.site, ix))
            .map(|ix| CitationInfo {
                key: citation_key(self.site, ix),
                date: first_date(self.site, ix).map(|d| DateValue::of(&d)),
                bibtex: BIBTEX_FILE,
                ris: RIS_FILE,
            });
        let context = PageContext {
            root: root_prefix(url),
            url,
            title,
            description,
            section,
            canonical: canonical(self.site.config.base_url.as_deref(), url),
            citation,
            page,
        };
        serde_json::to_value(&context).unwrap_or(Value::Null)
    }

    pub(crate) fn search_context(&self) -> Value {
        let description = &self.site.config.descriptions.search;
        self.page(
            "search/index.html",
            "Search",
            description,
            "search",
            Empty {},
            None,
        )
    }

    pub(crate) fn open_data_context(&self) -> Value {
        let mut tables: Vec<&str> = self
            .site
            .schema
            .kinds()
            .filter_map(|k| Some(k.data.as_ref()?.table.as_str()))
            .collect();
        tables.push("documents");
        let description = &self.site.config.descriptions.data;
        self.page(
            "data/index.html",
            "Open data",
            description,
            "",
            OpenDataPage { tables },
            None,
        )
    }

    /// A host serves the 404 page at the missing URL, at any depth: with a base URL its
    /// links are absolute, so its styles and links work wherever it is shown.
    pub(crate) fn not_found_context(&self) -> Value {
        let mut not_found = self.page(
            "404.html",
            "Page not found",
            "The page you asked for is not on this site.",
            "",
            Empty {},
            None,
        );
        if let Some(base_url) = &self.site.config.base_url {
            not_found["root"] = Value::from(base_url.as_str());
        }
        // Shown at any URL, it is the canonical page of none.
        not_found["canonical"] = Value::Null;
        not_found
    }

    fn links(&self, list: &[Ix]) -> Vec<Link<'a>> {
        list.iter().map(|&ix| Link::to(self.site, ix)).collect()
    }

    fn card(&self, ix: Ix) -> Card<'a> {
        Card {
            link: Link::to(self.site, ix),
            summary: self.site.entities[ix].summary(),
            fields: Fields::of(self.site, ix),
        }
    }

    /// Links to entities of one kind, under the kind's name.
    fn group(&self, kind: Kind, list: &[Ix]) -> Group<'a> {
        let schema = &self.site.schema;
        Group {
            kind: schema.folder(kind),
            label: schema.plural(kind),
            items: self.links(list),
        }
    }

    /// Everything related to an entity, either way, grouped by kind.
    fn related(&self, ix: Ix) -> Vec<Group<'a>> {
        self.site.related[ix]
            .iter()
            .map(|(kind, list)| self.group(*kind, list))
            .collect()
    }

    /// The related pages of an entity split by direction: those its own front matter
    /// names, and those that name it without being named back ("Referred to by").
    fn related_by_direction(&self, ix: Ix) -> (Vec<Group<'a>>, Vec<Group<'a>>) {
        let mut own = Vec::new();
        let mut referred_by = Vec::new();
        for (kind, list) in &self.site.related[ix] {
            let (named, others): (Vec<Ix>, Vec<Ix>) =
                list.iter().partition(|&&other| self.site.names(ix, other));
            for (items, out) in [(named, &mut own), (others, &mut referred_by)] {
                if !items.is_empty() {
                    out.push(self.group(*kind, &items));
                }
            }
        }
        (own, referred_by)
    }

    /// The pages that mention the entity, as its page lists them.
    fn mentioned_in(&self, ix: Ix) -> MentionList<'a> {
        match self.mentioned {
            Some((mentioned, rendered)) => mentioned.list(self.site, rendered, ix),
            None => MentionList::default(),
        }
    }

    fn neighbours(&self, ix: Ix) -> (Option<Link<'a>>, Option<Link<'a>>) {
        let list = self.site.collection(self.site.entities[ix].kind);
        let pos = self.site.position[ix];
        let prev = pos.checked_sub(1).map(|p| Link::to(self.site, list[p]));
        let next = list.get(pos + 1).map(|&i| Link::to(self.site, i));
        (prev, next)
    }

    pub(crate) fn entity_context(
        &self,
        ix: Ix,
        url: &str,
        template: &str,
        r: &'a Rendered,
    ) -> Value {
        let site = self.site;
        let e = &site.entities[ix];
        let schema = site.schema.of(e.kind);
        let (prev, next) = self.neighbours(ix);
        let (related, referred_by) = self.related_by_direction(ix);
        let is_home = e.kind == site.schema.pages() && e.id == "index";
        let page = EntityPage {
            id: &e.id,
            kind: &schema.singular,
            kind_label: &schema.plural,
            kind_url: format!("{}/index.html", schema.folder),
            summary: e.summary(),
            content: &r.html,
            toc: if r.toc.len() >= 3 { &r.toc } else { &[] },
            has_code: r.has_code,
            related,
            referred_by,
            mentioned_in: self.mentioned_in(ix),
            connected: if self.connected_templates.contains(template) {
                self.related(ix)
            } else {
                Vec::new()
            },
            documents: r.symbols.iter().map(|c| Document::of(&c.symbol)).collect(),
            fields: Fields::of(site, ix),
            span: site.dates(ix),
            source_file: e.path.to_string_lossy().replace('\\', "/"),
            prev,
            next,
            home: is_home.then(|| self.home()),
        };
        let section = &schema.folder;
        self.page(url, e.title(), e.summary(), section, page, Some(ix))
    }

    fn home(&self) -> Home<'a> {
        let site = self.site;
        let counts = site
            .schema
            .nav()
            .into_iter()
            .map(|(_, url, _, kind)| Count {
                label: site.schema.plural(kind),
                count: site.collection(kind).len(),
                url,
            })
            .collect();
        let collections = site
            .schema
            .collections()
            .filter(|k| k.index.is_some())
            .map(|k| (k.folder.as_str(), self.links(site.collection(k.kind))))
            .collect();
        let years = site
            .years
            .keys()
            .filter_map(|&y| self.year_link(y))
            .collect();
        let latest = site.schema.marked().map_or_else(Vec::new, |k| {
            let list = site.collection(k);
            list.iter()
                .rev()
                .take(LATEST)
                .map(|&ix| Link::to(site, ix))
                .collect()
        });
        Home {
            counts,
            latest,
            collections,
            years,
        }
    }

    fn year_link(&self, year: i32) -> Option<YearLink> {
        let count = self.site.years.get(&year)?.len();
        Some(YearLink {
            year,
            title: year.to_string(),
            url: format!("timeline/{year}/index.html"),
            count,
        })
    }

    pub(crate) fn index_context(&self, kind: Kind, url: &str) -> Value {
        let site = self.site;
        let schema = site.schema.of(kind);
        let list = site.collection(kind);
        let index = schema.index.as_ref();
        let groups = match index.and_then(|i| i.group_by) {
            Some(field) => self.grouped(kind, field, list),
            None => vec![CardGroup {
                title: "",
                items: list.iter().map(|&ix| self.card(ix)).collect(),
            }],
        };
        let matrix = index
            .filter(|i| !i.matrix.is_empty())
            .map(|i| self.matrix(kind, &i.matrix));
        let page = IndexPage {
            kind_label: &schema.plural,
            groups,
            matrix,
            count: list.len(),
        };
        let description = index.map_or("", |i| i.description.as_str());
        self.page(url, &schema.plural, description, &schema.folder, page, None)
    }

    /// A group for each value of an enum field, in the order declared.
    fn grouped(&self, kind: Kind, field: usize, list: &[Ix]) -> Vec<CardGroup<'a>> {
        let schema = &self.site.schema;
        let crate::schema::FieldType::Enum(values) = &schema.fields(kind)[field].ty else {
            return Vec::new();
        };
        values
            .iter()
            .map(|(value, label)| CardGroup {
                title: label,
                items: list
                    .iter()
                    .filter(|&&ix| self.site.entities[ix].fields.text(field) == Some(value))
                    .map(|&ix| self.card(ix))
                    .collect(),
            })
            .collect()
    }

    /// The kind's pages against the pages of the `columns` kinds: which relates to which.
    fn matrix(&self, kind: Kind, columns: &[Kind]) -> Matrix<'a> {
        let site = self.site;
        let groups = columns
            .iter()
            .map(|&k| ColumnGroup {
                label: site.schema.plural(k),
                folder: site.schema.folder(k),
                count: site.collection(k).len(),
            })
            .collect();
        let columns: Vec<Ix> = columns
            .iter()
            .flat_map(|&k| site.collection(k).iter().copied())
            .collect();
        let rows = site
            .collection(kind)
            .iter()
            .map(|&row| self.matrix_row(row, &columns))
            .collect();
        let headers = columns.iter().map(|&c| self.header(c)).collect();
        Matrix {
            groups,
            headers,
            rows,
        }
    }

    /// A row of the matrix: which of the `columns` pages relate to `row`, each cell linking
    /// to the passage of the column's page that mentions the row's, else to that page.
    fn matrix_row(&self, row: Ix, columns: &[Ix]) -> Row<'a> {
        let site = self.site;
        let related = &site.related[row];
        let cells = columns
            .iter()
            .map(|&col| Cell {
                hit: related
                    .get(&site.entities[col].kind)
                    .is_some_and(|l| l.contains(&col)),
                url: self
                    .mentioned
                    .and_then(|(_, rendered)| first_passage(site, rendered, col, row))
                    .unwrap_or_else(|| site.url(col).to_string()),
                title: site.entities[col].title(),
            })
            .collect();
        Row {
            entity: self.card(row),
            group: self.group_title(row),
            cells,
        }
    }

    /// The title of the group of its kind's index page the entity is in (the label of its
    /// value of `index.group_by`), or `""` without one: the matrix's rows are grouped so.
    fn group_title(&self, ix: Ix) -> &'a str {
        let site = self.site;
        let e = &site.entities[ix];
        let index = site.schema.of(e.kind).index.as_ref();
        let Some(field) = index.and_then(|i| i.group_by) else {
            return "";
        };
        let crate::schema::FieldType::Enum(values) = &site.schema.fields(e.kind)[field].ty else {
            return "";
        };
        let value = e.fields.text(field);
        values
            .iter()
            .find(|(v, _)| Some(v.as_str()) == value)
            .map_or("", |(_, label)| label.as_str())
    }

    /// A column's head: the page's short name (its kind's `short` role), else its id.
    fn header(&self, ix: Ix) -> Header<'a> {
        let e = &self.site.entities[ix];
        Header {
            short: self.site.short_name(ix).unwrap_or(&e.id),
            title: e.title(),
            url: self.site.url(ix),
            fields: Fields::of(self.site, ix),
        }
    }

    fn item(&self, ix: Ix) -> Item<'a> {
        let site = self.site;
        let e = &site.entities[ix];
        Item {
            id: &e.id,
            title: e.title(),
            date: site
                .mark_date(ix)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            date_human: site.dates(ix),
            summary: e.summary(),
            url: site.url(ix),
            fields: Fields::of(site, ix),
            related: self.related(ix),
            source_file: e.path.to_string_lossy().replace('\\', "/"),
        }
    }

    pub(crate) fn year_context(&self, year: i32, url: &str) -> Value {
        let site = self.site;
        let events = &site.years[&year];
        let mut months: Vec<Month> = Vec::new();
        for &ix in events {
            let label = site
                .mark_date(ix)
                .and_then(|d| d.month_name())
                .map(|m| format!("{m} {year}"))
                .unwrap_or_else(|| format!("During {year}"));
            match months.last_mut() {
                Some(month) if month.label == label => month.events.push(self.item(ix)),
                _ => months.push(Month {
                    label,
                    events: vec![self.item(ix)],
                }),
            }
        }
        let count = events.len().to_string();
        let s = if events.len() == 1 { "" } else { "s" };
        let (year_text, template) = (year.to_string(), &site.config.descriptions.year);
        let description = fill(
            template,
            &[("year", &year_text), ("count", &count), ("s", s)],
        );
        let page = YearPage {
            year,
            months,
            count: events.len(),
            processes: self.under_way(year),
            documents: self.named_documents(events),
            prev: self.year_link(year - 1),
            next: self.year_link(year + 1),
        };
        self.page(url, &year.to_string(), &description, "timeline", page, None)
    }

    /// The UN documents that the symbol fields of `events` name, each once, in the order
    /// they are first named, with how many of the events name it.
    fn named_documents(&self, events: &[Ix]) -> Vec<YearDocument<'a>> {
        let site = self.site;
        let mut named: Vec<(String, usize)> = Vec::new();
        for &ix in events {
            let mut symbols: Vec<String> = Vec::new();
            for (_, written) in site.entities[ix].texts_of(&site.schema, Text::Symbol) {
                // An event that names a document twice counts once.
                let symbol = normalise_symbol(written);
                if !symbols.contains(&symbol) {
                    symbols.push(symbol);
                }
            }
            for symbol in symbols {
                match named.iter_mut().find(|(s, _)| *s == symbol) {
                    Some((_, count)) => *count += 1,
                    None => named.push((symbol, 1)),
                }
            }
        }
        named
            .into_iter()
            .map(|(symbol, events)| YearDocument {
                record: site.record_of(&symbol).map(|ix| self.card(ix)),
                document: Document::of(&symbol),
                events,
            })
            .collect()
    }

    /// The pages drawn as bars on the timeline whose years include `year`.
    fn under_way(&self, year: i32) -> Vec<Link<'a>> {
        let site = self.site;
        let Some(barred) = site.schema.barred() else {
            return Vec::new();
        };
        site.collection(barred)
            .iter()
            .filter(|&&ix| timeline_svg::under_way(site, ix, year))
            .map(|&ix| Link::to(site, ix))
            .collect()
    }

    fn record(&self, ix: Ix, rendered: &'a Rendered) -> Record<'a> {
        let e = &self.site.entities[ix];
        Record {
            id: &e.id,
            summary: e.summary(),
            content: &rendered.html,
            toc: if rendered.toc.len() >= 3 {
                &rendered.toc
            } else {
                &[]
            },
            fields: Fields::of(self.site, ix),
            span: self.site.dates(ix),
            source_file: e.path.to_string_lossy().replace('\\', "/"),
        }
    }

    /// The list of every UN document the site cites, each linking to its page. Each entry
    /// keeps the anchor it had when the list held the citing pages too.
    pub(crate) fn documents_context(&self, documents: &Documents) -> Value {
        let entries: Vec<DocumentEntry> = documents
            .keys()
            .map(|symbol| self.document_entry(symbol, documents))
            .collect();
        let page = DocumentsPage {
            count: entries.len(),
            documents: entries,
            groups: self.document_groups(documents),
        };
        let kind = self
            .site
            .schema
            .documents()
            .map(|(k, _)| self.site.schema.of(k));
        let index = kind.and_then(|k| k.index.as_ref());
        let title = kind.map_or("UN documents", |k| k.plural.as_str());
        let description =
            index.map_or(&self.site.config.descriptions.documents, |i| &i.description);
        self.page(
            "documents/index.html",
            title,
            description,
            "documents",
            page,
            None,
        )
    }

    /// A document in the documents list: its links, how many pages cite it, its record.
    fn document_entry(&self, symbol: &str, documents: &Documents) -> DocumentEntry<'a> {
        DocumentEntry {
            document: Document::of(symbol),
            anchor: symbol_slug(symbol),
            count: documents.get(symbol).map_or(0, BTreeSet::len),
            record: self.site.record_of(symbol).map(|ix| self.card(ix)),
        }
    }

    /// The documents grouped by the values of the documents kind's `index.group_by`
    /// field, each group in the kind's order, then the cited documents without a record.
    fn document_groups(&self, documents: &Documents) -> Vec<DocumentGroup<'_>> {
        let site = self.site;
        let Some((kind, symbol_field)) = site.schema.documents() else {
            return Vec::new();
        };
        let Some(field) = site.schema.of(kind).index.as_ref().and_then(|i| i.group_by) else {
            return Vec::new();
        };
        let crate::schema::FieldType::Enum(values) = &site.schema.fields(kind)[field].ty else {
            return Vec::new();
        };
        let entry = |ix: Ix| {
            let written = site.entities[ix].fields.text(symbol_field);
            self.document_entry(&normalise_symbol(written.unwrap_or_default()), documents)
        };
        let mut groups: Vec<DocumentGroup> = values
            .iter()
            .map(|(value, label)| DocumentGroup {
                title: label,
                documents: site
                    .collection(kind)
                    .iter()
                    .filter(|&&ix| site.entities[ix].fields.text(field) == Some(value))
                    .map(|&ix| entry(ix))
                    .collect(),
            })
            .filter(|g| !g.documents.is_empty())
            .collect();
        let without: Vec<DocumentEntry> = documents
            .keys()
            .filter(|symbol| site.record_of(symbol).is_none())
            .map(|symbol| self.document_entry(symbol, documents))
            .collect();
        if !without.is_empty() {
            groups.push(DocumentGroup {
                title: "Not yet described",
                documents: without,
            });
        }
        groups
    }

    /// The page of one UN document: its official record and the pages that cite it, by
    /// kind.
    pub(crate) fn document_context(&self, job: DocumentJob<'a>) -> Value {
        let (symbol, cited) = (job.symbol, job.cited);
        let mut by_kind: BTreeMap<Kind, Vec<Ix>> = BTreeMap::new();
        for &ix in cited {
            by_kind
                .entry(self.site.entities[ix].kind)
                .or_default()
                .push(ix);
        }
        // Each kind's pages in the order of its collection, as every other list.
        for list in by_kind.values_mut() {
            list.sort_by_key(|&ix| self.site.position[ix]);
        }
        let cited_by = by_kind
            .into_iter()
            .map(|(kind, list)| self.group(kind, &list))
            .collect();
        let url = document_url(symbol);
        let description = crate::documents::description(symbol, cited.len());
        let record = job.record.map(|(ix, rendered)| self.record(ix, rendered));
        let description = match job.record {
            Some((ix, _)) if !self.site.entities[ix].summary().is_empty() => {
                self.site.entities[ix].summary().to_string()
            }
            _ => description,
        };
        let mentioned_in = match job.record {
            Some((ix, _)) => self.mentioned_in(ix),
            None => MentionList::default(),
        };
        let page = DocumentPage {
            document: Document::of(symbol),
            count: cited.len(),
            cited_by,
            mentioned_in,
            record,
        };
        let cited = job.record.map(|(ix, _)| ix);
        self.page(&url, symbol, &description, "documents", page, cited)
    }
}
