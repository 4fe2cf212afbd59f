//! The plan of the pages: which HTML files the site has, each with its template and what
//! its context is built from. Planning builds no context: contexts are built inside the
//! parallel render (`render_job`), so that no more than a few are alive at once.

use crate::content::Kind;
use crate::documents::{document_url, Documents};
use crate::markdown::Rendered;
use crate::site::{Ix, Site};
use crate::timeline::View;
use std::collections::BTreeSet;

/// One HTML file to produce: where, with which template and context.
pub(crate) struct PageJob<'r> {
    pub(crate) path: String,
    pub(crate) template: String,
    pub(crate) context: JobContext<'r>,
    /// The content file the page comes from, for error messages.
    pub(crate) source: Option<Ix>,
}

/// The page of one UN document: the pages citing it, and its record if it has one (an
/// entity of the kind with the `documents` role, whose page this is).
pub(crate) struct DocumentJob<'r> {
    pub(crate) symbol: &'r str,
    pub(crate) cited: &'r BTreeSet<Ix>,
    pub(crate) record: Option<(Ix, &'r Rendered)>,
}

/// What a page's template context is built from.
pub(crate) enum JobContext<'r> {
    Entity(Ix, &'r Rendered),
    Index(Kind),
    Year(i32),
    /// The whole timeline or one of its views, each a page of `timeline.html`.
    Timeline(View),
    Documents(&'r Documents),
    Document(DocumentJob<'r>),
    Search,
    OpenData,
    NotFound,
}

/// A page that gathers entities (no entity's pass writes it), named by what it gathers:
/// what an update asks to have written again.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Gathering {
    Index(Kind),
    Year(i32),
    Timeline(View),
    Documents,
    /// The page of the UN document with this symbol (normalised).
    Document(String),
}

impl JobContext<'_> {
    /// The gathering page the job writes, if it writes one (search, open data and 404
    /// show no entity).
    pub(crate) fn gathering(&self) -> Option<Gathering> {
        match self {
            JobContext::Index(kind) => Some(Gathering::Index(*kind)),
            JobContext::Year(year) => Some(Gathering::Year(*year)),
            JobContext::Timeline(view) => Some(Gathering::Timeline(*view)),
            JobContext::Documents(_) => Some(Gathering::Documents),
            JobContext::Document(job) => Some(Gathering::Document(job.symbol.to_string())),
            JobContext::Entity(..)
            | JobContext::Search
            | JobContext::OpenData
            | JobContext::NotFound => None,
        }
    }

    /// About how many entities the page lists: the larger pages are started first.
    pub(crate) fn weight(&self, site: &Site) -> usize {
        match self {
            JobContext::Index(kind) => site.collection(*kind).len(),
            JobContext::Year(year) => site.years.get(year).map_or(0, Vec::len),
            JobContext::Timeline(view) => view.weight(site),
            JobContext::Documents(documents) => documents.len(),
            JobContext::Document(job) => job.cited.len(),
            JobContext::Entity(..)
            | JobContext::Search
            | JobContext::OpenData
            | JobContext::NotFound => 0,
        }
    }
}

/// The templates the generator renders for the pages no content file is behind (the
/// documents' pages and list may be the documents kind's own, checked with the schema).
pub(crate) const FIXED_TEMPLATES: [&str; 5] = [
    "year.html",
    "timeline.html",
    "search.html",
    "data.html",
    "404.html",
];

/// A page that no content file is behind.
fn gathering<'r>(path: String, template: &str, context: JobContext<'r>) -> PageJob<'r> {
    PageJob {
        path,
        template: template.to_string(),
        context,
        source: None,
    }
}

/// The page of an entity, from its rendered Markdown.
pub(crate) fn entity_job<'r>(site: &Site, ix: Ix, rendered: &'r Rendered) -> PageJob<'r> {
    let e = &site.entities[ix];
    let schema = site.schema.of(e.kind);
    let template = match &schema.home_template {
        Some(home) if e.id == "index" => home.clone(),
        _ => schema.template.clone(),
    };
    PageJob {
        context: JobContext::Entity(ix, rendered),
        path: site.url(ix).to_string(),
        template,
        source: Some(ix),
    }
}

/// The pages of the entities that list where they are mentioned (but the records of
/// documents, which are their documents' pages): written once every body is rendered.
pub(crate) fn mentioned_jobs<'r>(
    site: &'r Site,
    rendered: &'r [Rendered],
) -> impl Iterator<Item = PageJob<'r>> {
    (0..site.entities.len())
        .filter(|&ix| site.is_mentionable(ix) && !site.is_record(ix))
        .map(move |ix| entity_job(site, ix, &rendered[ix]))
}

/// Every HTML page of the site that is not an entity's: indexes, years, the timeline and
/// its views (by type, by bar), the documents page and a page per document, search, open
/// data, 404.
pub(crate) fn collection_jobs<'r>(
    site: &'r Site,
    documents: &'r Documents,
    rendered: &'r [Rendered],
) -> Vec<PageJob<'r>> {
    let mut jobs: Vec<PageJob> = site
        .schema
        .collections()
        // The documents kind's index page is the documents list, below.
        .filter(|k| k.roles.documents.is_none())
        .filter_map(|k| {
            let index = k.index.as_ref()?;
            let path = format!("{}/index.html", k.folder);
            Some(gathering(path, &index.template, JobContext::Index(k.kind)))
        })
        .collect();
    jobs.extend(site.years.keys().map(|&year| {
        let path = format!("timeline/{year}/index.html");
        gathering(path, "year.html", JobContext::Year(year))
    }));
    jobs.extend(
        View::all(site)
            .into_iter()
            .map(|view| gathering(view.path(site), "timeline.html", JobContext::Timeline(view))),
    );
    jobs.extend(document_jobs(site, documents, rendered));
    jobs.push(gathering(
        "search/index.html".into(),
        "search.html",
        JobContext::Search,
    ));
    jobs.push(gathering(
        "data/index.html".into(),
        "data.html",
        JobContext::OpenData,
    ));
    jobs.push(gathering(
        "404.html".into(),
        "404.html",
        JobContext::NotFound,
    ));
    jobs
}

/// The documents page and the page of each document, in the template of the kind that
/// holds the documents (`document.html` if the site has none).
pub(crate) fn document_jobs<'r>(
    site: &'r Site,
    documents: &'r Documents,
    rendered: &'r [Rendered],
) -> impl Iterator<Item = PageJob<'r>> {
    let kind = site
        .schema
        .documents()
        .map(|(kind, _)| site.schema.of(kind));
    let list_template = kind
        .and_then(|k| k.index.as_ref())
        .map_or("documents.html", |i| i.template.as_str());
    let list = gathering(
        "documents/index.html".into(),
        list_template,
        JobContext::Documents(documents),
    );
    let template = site
        .schema
        .documents()
        .map_or("document.html", |(kind, _)| &site.schema.of(kind).template);
    let pages = documents.iter().map(move |(symbol, cited)| {
        let record = site.record_of(symbol).map(|ix| (ix, &rendered[ix]));
        let job = DocumentJob {
            symbol,
            cited,
            record,
        };
        PageJob {
            path: document_url(symbol),
            template: template.to_string(),
            source: record.map(|(ix, _)| ix),
            context: JobContext::Document(job),
        }
    });
    std::iter::once(list).chain(pages)
}
