//! Rendering, in two passes, each in parallel. The first renders every entity's Markdown
//! and, when the theme is ready, its page at once, handing it to the sink and dropping the
//! HTML body: bodies never pile up, which on a 50,000-page site was a third of the peak
//! memory (and fresh memory is what a large build pays most for here). What the pass keeps
//! of each entity (anchors, links, UN symbols, a search entry) serves the checks and the
//! second pass: the pages that gather many entities (indexes, years, the timeline, the
//! documents), the search index and the open data.

mod citation;
mod context;
mod extras;
mod jobs;
mod mentioned;
pub(crate) use mentioned::Mentioned;

pub(crate) use jobs::{Gathering, FIXED_TEMPLATES};
mod template_error;
pub(crate) mod theme;
mod values;

use crate::content::Kind;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::documents::Documents;
use crate::documents::{find_symbols, normalise_symbol, Citation};
use crate::markdown::{self, LinkContext, MentionContext, ProblemKind, Rendered};
use crate::mentions::sentence_around;
use crate::output::Sink;
use crate::schema::Text;
use crate::site::{Ix, Site};
use crate::url::root_prefix;
use context::Contexts;
use extras::Extras;
pub(crate) use extras::FrontMatterRows;
use jobs::{JobContext, PageJob};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use template_error::TemplateError;
use theme::Theme;

/// Where the pages go, once the theme is known to be good.
pub(crate) struct PageWriter<'a> {
    site: &'a Site,
    theme: &'a Theme,
    contexts: Contexts<'a>,
    sink: &'a dyn Sink,
}

impl<'a> PageWriter<'a> {
    pub(crate) fn new(site: &'a Site, theme: &'a Theme, sink: &'a dyn Sink) -> Self {
        PageWriter {
            site,
            theme,
            contexts: Contexts::new(site, theme),
            sink,
        }
    }

    /// The writer of the pages that list where each page is mentioned (all but the
    /// entity pass's).
    pub(crate) fn with_mentions(
        mut self,
        mentioned: &'a Mentioned,
        rendered: &'a [Rendered],
    ) -> Self {
        self.contexts.mentioned = Some((mentioned, rendered));
        self
    }

    /// Renders `job` into the sink, or says why the template failed.
    fn write(&self, job: PageJob) -> Result<(), TemplateError> {
        let (path, bytes) = render_job(self.site, self.theme, &self.contexts, job)?;
        self.sink.put_owned(path, bytes);
        Ok(())
    }
}

/// What the first pass keeps of an entity once its page is written.
pub(crate) struct EntityPass {
    /// The rendered Markdown; its HTML body and table of contents are dropped once the
    /// page is written.
    pub(crate) rendered: Rendered,
    /// The entity's entry in the search index (made from the HTML body).
    pub(crate) search_entry: String,
    /// Links to pages that do not exist.
    broken_links: Vec<Diagnostic>,
    /// The template failed on the entity's page.
    pub(crate) template_error: Option<TemplateError>,
}

/// The first pass over every entity, indexed like [`Site::entities`]; pages are written
/// only when `writer` is given (no theme problem and no content problem so far).
pub(crate) fn render_entities(site: &Site, writer: Option<&PageWriter>) -> Vec<EntityPass> {
    (0..site.entities.len())
        .into_par_iter()
        .map(|ix| render_entity(site, ix, writer))
        .collect()
}

/// The Markdown of one entity, its search entry and, with a writer, its page.
pub(crate) fn render_entity(site: &Site, ix: Ix, writer: Option<&PageWriter>) -> EntityPass {
    let (mut rendered, broken_links) = render_entity_markdown(site, ix);
    let search_entry = extras::search_entry(site, ix, &rendered);
    // A page that lists where it is mentioned (a page with a name, a record of a UN
    // document) is written with the pages that gather, once every mention is known; it
    // keeps its body until then.
    let deferred = site.is_mentionable(ix);
    let template_error = match writer {
        Some(w) if !deferred => w.write(jobs::entity_job(site, ix, &rendered)).err(),
        _ => None,
    };
    if let Some(w) = writer {
        // A record's too: its files do not depend on the pages citing the document.
        citation::write_citation_files(site, ix, w.sink);
    }
    // Kept for every page until the end: no spare room.
    rendered.mentions.shrink_to_fit();
    rendered.anchors.shrink_to_fit();
    if !deferred {
        // Only the entity's own page reads its body and its table of contents.
        rendered.html = String::new();
        rendered.toc = Vec::new();
    }
    EntityPass {
        rendered,
        search_entry,
        broken_links,
        template_error,
    }
}

/// The problems of the first pass: broken links, and template errors once each.
pub(crate) fn entity_problems<'p>(passes: impl IntoIterator<Item = &'p EntityPass>) -> Diagnostics {
    let mut links = Diagnostics::default();
    let mut templates = Vec::new();
    for pass in passes {
        links.extend(pass.broken_links.iter().cloned());
        templates.extend(pass.template_error.iter().cloned());
    }
    links.extend(once_each(templates).into_sorted());
    links
}

/// The Markdown of one entity, and its links to pages that do not exist.
fn render_entity_markdown(site: &Site, ix: Ix) -> (Rendered, Vec<Diagnostic>) {
    let e = &site.entities[ix];
    let url = site.url(ix);
    let root = root_prefix(url);
    // A link to a page that did not load goes nowhere, but is no error of its own: the
    // build fails on that page's error and writes nothing.
    let resolve = |path: &str| {
        site.resolve_path(path)
            .map(|to| site.url(to).to_string())
            .or_else(|| site.names_unparsed(path).then(String::new))
    };
    let url_of = |target: Ix| site.url(target).to_string();
    let record_of = |symbol: &str| site.record_of(symbol);
    let cx = LinkContext {
        root: &root,
        resolve: &resolve,
        theme_ids: THEME_IDS,
        first_line: e.body_line,
        mentions: Some(MentionContext {
            names: &site.name_index,
            own: ix,
            meanings: site.meanings(ix),
            url: &url_of,
            record_of: &record_of,
        }),
    };
    let (mut rendered, problems) = markdown::render(&e.body, &cx);
    front_matter_mentions(site, ix, &mut rendered);
    cite_mentioned_records(site, &mut rendered, e);
    let diagnostics = problems
        .into_iter()
        .map(|p| {
            let message = match p.kind {
                ProblemKind::MissingPage(target) => missing_page(site, &target),
                ProblemKind::Refused(message) => message,
            };
            Diagnostic::new(&e.path, p.line, p.column, message)
        })
        .collect();
    (rendered, diagnostics)
}

/// The pages and UN documents the text of the front matter names (a status, a summary,
/// a role, a source's title): mentions with their sentence, at the top of the page, and
/// citations. Never linked (the templates show these fields as text).
fn front_matter_mentions(site: &Site, ix: Ix, rendered: &mut Rendered) {
    let e = &site.entities[ix];
    let means = site.schema.roles(e.kind).means;
    let means = means.map(|f| site.schema.fields(e.kind)[f].name.as_str());
    let texts = [Text::String, Text::Markdown]
        .into_iter()
        .flat_map(|t| e.texts_of(&site.schema, t))
        .filter(|&(key, _)| Some(key) != means);
    for (key, text) in texts {
        for (_, symbol) in find_symbols(text) {
            if !rendered.symbols.iter().any(|c| c.symbol == symbol) {
                let (line, column) = e.locate(key, text);
                rendered.symbols.push(Citation {
                    symbol,
                    line,
                    column,
                });
            }
        }
        for found in site.name_index.find(text) {
            // A shared name the page does not resolve is no mention here (the front
            // matter's text is not linked, so it is no error either).
            let meant = site.name_index.meaning(found.name, site.meanings(ix));
            let Some(target) = meant.ok().flatten().filter(|&t| t != ix) else {
                continue;
            };
            let sentence = sentence_around(text, found.range.start);
            if !rendered.mentions.has_given(target, &sentence) {
                rendered.mentions.add_given(target, None, &sentence);
            }
        }
    }
}

/// A record of a UN document mentioned by a short name (`resolution 70/237`) is cited by
/// the page as if its symbol were written, where the mention is.
fn cite_mentioned_records(site: &Site, rendered: &mut Rendered, e: &crate::content::Entity) {
    let Some((kind, field)) = site.schema.documents() else {
        return;
    };
    for m in rendered.mentions.iter() {
        let record = &site.entities[m.target];
        let Some(symbol) = record.fields.text(field).filter(|_| record.kind == kind) else {
            continue;
        };
        let symbol = normalise_symbol(symbol);
        if !rendered.symbols.iter().any(|c| c.symbol == symbol) {
            let (line, column) = (e.body_line, 1);
            rendered.symbols.push(Citation {
                symbol,
                line,
                column,
            });
        }
    }
}

/// What to say of a link to `@/target` that names no page: the closest page there is.
fn missing_page(site: &Site, target: &str) -> String {
    let candidates = site.entities.iter().map(|e| {
        e.path
            .strip_prefix("content")
            .unwrap_or(&e.path)
            .to_str()
            .unwrap_or("")
    });
    format!(
        "link to a missing page \"@/{target}\"{}",
        did_you_mean(target, candidates)
    )
}

/// Every `#anchor` of an internal link must exist on the page it points to.
pub(crate) fn check_anchors(site: &Site, rendered: &[Rendered]) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    for (ix, r) in rendered.iter().enumerate() {
        for link in &r.links {
            let Some(anchor) = &link.anchor else { continue };
            let target = if link.target.is_empty() {
                Some(ix)
            } else {
                site.resolve_path(&link.target)
            };
            let Some(target) = target else { continue };
            let defined = defines(&rendered[target], anchor);
            if !defined {
                let e = &site.entities[ix];
                let mut known: Vec<&str> = page_anchors(rendered, target).into_iter().collect();
                known.sort();
                diagnostics.push(Diagnostic::new(
                    &e.path,
                    link.line,
                    link.column,
                    format!(
                        "link to a missing anchor \"#{anchor}\" on {}{}",
                        site.entities[target].path.display(),
                        did_you_mean(anchor, known)
                    ),
                ));
            }
        }
    }
    diagnostics
}

/// Whether an entity's page defines the id `anchor` (see [`page_anchors`]).
fn defines(rendered: &Rendered, anchor: &str) -> bool {
    rendered.anchors.contains(anchor)
        || THEME_IDS.contains(&anchor)
        || rendered.mentions.paragraph_ids().any(|id| id == anchor)
}

/// The ids an entity's page defines: its headings and footnotes, the paragraphs its
/// mentions gave an id, and the theme's own.
fn page_anchors(rendered: &[Rendered], ix: Ix) -> BTreeSet<&str> {
    let mut anchors: BTreeSet<&str> = rendered[ix].anchors.iter().map(String::as_str).collect();
    anchors.extend(rendered[ix].mentions.paragraph_ids());
    anchors.extend(THEME_IDS);
    anchors
}

/// Every id the theme's templates write on the page of an entity (base.html, entity.html,
/// page.html, home.html, cite.html, report.html, person.html and the macros they call).
/// Headings of a body never take one of them, and `#anchor` links may point at them.
/// `tests/build.rs` checks that this is what the templates write.
pub const THEME_IDS: &[&str] = &[
    "main",
    "theme-toggle",
    "toc-heading",
    "related-heading",
    "referred-by-heading",
    "mentioned-in-heading",
    "sources-heading",
    "paragraphs-heading",
    "cited-by-heading",
    "cite-heading",
    "sessions-heading",
    "roles-heading",
    "reports-heading",
    "regions-heading",
    "years-heading",
    "latest-heading",
    "home-search",
];

/// The second pass: the pages that gather entities, the theme's assets, the search
/// index, the open data, the feed and the sitemap. Returns the number of HTML pages of
/// the whole site.
pub(crate) fn render_collections(
    writer: &PageWriter,
    documents: &Documents,
    rendered: &[Rendered],
    search_entries: &[String],
) -> (usize, Diagnostics) {
    let (site, sink) = (writer.site, writer.sink);
    let mut jobs = jobs::collection_jobs(site, documents, rendered);
    jobs.extend(jobs::mentioned_jobs(site, rendered));
    // The largest pages first, so that no core is left alone with one at the end.
    jobs.sort_by_key(|j| std::cmp::Reverse(j.context.weight(site)));
    let html = html_paths(site, &jobs);
    let diagnostics = write_all(writer, jobs);
    for (path, bytes) in &writer.theme.asset_files {
        sink.put(path, bytes);
    }
    write_files_beside(writer, documents, search_entries, &html);
    (html.len(), diagnostics)
}

/// Every HTML page of the site, sorted: the `jobs`' and every entity's.
fn html_paths(site: &Site, jobs: &[PageJob]) -> Vec<String> {
    let mut html: Vec<String> = jobs.iter().map(|j| j.path.clone()).collect();
    // Every entity's page (a record of a document is its document's, a job already).
    html.extend((0..site.entities.len()).map(|ix| site.url(ix).to_string()));
    html.sort();
    html.dedup();
    html
}

/// The files beside the pages that no template writes and many pages' front matter
/// feeds: the search index, the open data, the feed, robots.txt and `_headers`, and with
/// a base URL the sitemap of the `html` pages.
fn write_files_beside(
    writer: &PageWriter,
    documents: &Documents,
    search_entries: &[String],
    html: &[String],
) {
    let (site, sink) = (writer.site, writer.sink);
    extras::write_extra_files(site, documents, search_entries, None, sink, Extras::All);
    write_sitemap(writer, html);
}

/// With a base URL, the sitemap of the `html` pages.
fn write_sitemap(writer: &PageWriter, html: &[String]) {
    if let Some(sitemap) = extras::sitemap(writer.site, html) {
        writer
            .sink
            .put_owned("sitemap.xml".into(), sitemap.into_bytes());
    }
}

/// What an edit of front matter asks to have written again beside the pages of
/// entities ([`render_after_front_matter`]).
pub(crate) struct Rewrite<'a> {
    /// The gathering pages.
    pub(crate) pages: &'a BTreeSet<Gathering>,
    /// The kinds of the pages edited: the files beside the pages that show them.
    pub(crate) kinds: &'a [Kind],
    /// The index of the documents before the edit.
    pub(crate) before: &'a Documents,
}

/// What an edit of front matter changes beside the pages of entities: the gathering
/// pages it names, the files beside the pages that show the edited kinds (the documents'
/// table if the documents changed), and, if the site has other pages than before, the
/// sitemap. Returns the number of HTML pages of the site in that case, as
/// [`render_collections`] does.
pub(crate) fn render_after_front_matter(
    writer: &PageWriter,
    documents: &Documents,
    rendered: &[Rendered],
    search_entries: &[String],
    rows: Option<&FrontMatterRows>,
    rewrite: &Rewrite,
) -> (Option<usize>, Diagnostics) {
    let site = writer.site;
    let mut jobs = jobs::collection_jobs(site, documents, rendered);
    jobs.retain(|j| {
        j.context
            .gathering()
            .is_some_and(|g| rewrite.pages.contains(&g))
    });
    jobs.sort_by_key(|j| std::cmp::Reverse(j.context.weight(site)));
    let which = Extras::FrontMatter {
        kinds: rewrite.kinds,
        documents: documents != rewrite.before,
    };
    let extras =
        || extras::write_extra_files(site, documents, search_entries, rows, writer.sink, which);
    let (diagnostics, ()) = rayon::join(|| write_all(writer, jobs), extras);
    let pages = new_pages(writer, documents, rewrite.before, rendered);
    (pages, diagnostics)
}

/// What a list shows of a page it links to (its title, URL, dates and short name), as
/// text to compare.
pub(crate) fn link_text(site: &Site, ix: Ix) -> String {
    serde_json::to_string(&values::Link::to(site, ix)).unwrap_or_default()
}

/// The pages that `source` mentions, in its prose or in the text of its front matter:
/// each lists it where it is mentioned.
pub(crate) fn mentioned_by(site: &Site, rendered: &[Rendered], source: Ix) -> Vec<Ix> {
    (0..site.entities.len())
        .filter(|&target| site.is_mentionable(target))
        .filter(|&target| mentioned::first_passage(site, rendered, source, target).is_some())
        .collect()
}

/// What every page shows of the site beside its own (its title, the navigation, the
/// footer's plain pages), as text to compare: an edit that changes it changes every page.
pub(crate) fn shown_on_every_page(site: &Site, theme: &Theme) -> String {
    Contexts::new(site, theme).shared_json()
}

/// What an edit of bodies changes beside the edited pages: the pages of the documents
/// whose citing pages changed (and their list), the search index and the open data, and
/// if a document is newly cited the sitemap. Returns the number of HTML pages of the site
/// in that case, as [`render_collections`] does.
pub(crate) fn render_after_edit(
    writer: &PageWriter,
    documents: &Documents,
    before: &Documents,
    rendered: &[Rendered],
    search_entries: &[String],
    rows: Option<&FrontMatterRows>,
) -> (Option<usize>, Diagnostics) {
    let jobs = jobs::document_jobs(writer.site, documents, rendered)
        .filter(|j| match &j.context {
            JobContext::Documents(_) => documents != before,
            JobContext::Document(job) => before.get(job.symbol) != Some(job.cited),
            _ => false,
        })
        .collect();
    let diagnostics = write_all(writer, jobs);
    extras::write_extra_files(
        writer.site,
        documents,
        search_entries,
        rows,
        writer.sink,
        Extras::BodyDependent,
    );
    (new_pages(writer, documents, before, rendered), diagnostics)
}

/// If the site has other HTML pages than before an edit (a document newly cited has its
/// page), the sitemap again, and the number of HTML pages.
fn new_pages(
    writer: &PageWriter,
    documents: &Documents,
    before: &Documents,
    rendered: &[Rendered],
) -> Option<usize> {
    if documents.keys().eq(before.keys()) {
        return None;
    }
    let html = html_paths(
        writer.site,
        &jobs::collection_jobs(writer.site, documents, rendered),
    );
    write_sitemap(writer, &html);
    Some(html.len())
}

/// The pages of the `edited` entities that list where they are mentioned (the entity
/// pass left them to be written with the mentions known).
pub(crate) fn write_mentionable(
    writer: &PageWriter,
    edited: &[Ix],
    rendered: &[Rendered],
) -> Diagnostics {
    let site = writer.site;
    let jobs = edited
        .iter()
        .filter(|&&ix| site.is_mentionable(ix) && !site.is_record(ix))
        .map(|&ix| jobs::entity_job(site, ix, &rendered[ix]))
        .collect();
    write_all(writer, jobs)
}

/// Renders `jobs` in parallel into the writer's sink.
fn write_all(writer: &PageWriter, jobs: Vec<PageJob>) -> Diagnostics {
    let errors: Vec<TemplateError> = jobs
        .into_par_iter()
        // One job a task: a few dozen pages of very different sizes, which rayon would
        // otherwise hand out in halves, the largest ones together.
        .with_max_len(1)
        .filter_map(|job| writer.write(job).err())
        .collect();
    once_each(errors)
}

/// A template error met on many pages is reported once: the first page met with each
/// cause.
fn once_each(errors: Vec<TemplateError>) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let mut seen: HashSet<String> = HashSet::new();
    for error in errors {
        if seen.insert(error.cause) {
            diagnostics.push(error.diagnostic);
        }
    }
    diagnostics
}

/// About what a page holds around its body (head, navigation, lists, footer): its buffer
/// starts so large, where tera's starts at 2,000 bytes and doubles (and its `render`
/// checks the whole page is UTF-8 again, which `render_to` leaves out: every byte comes
/// from strings).
const PAGE_FRAME_BYTES: usize = 8 * 1024;

fn render_job(
    site: &Site,
    theme: &Theme,
    contexts: &Contexts,
    job: PageJob,
) -> Result<(String, Vec<u8>), TemplateError> {
    let capacity = match job.context {
        JobContext::Entity(_, rendered) => rendered.html.len() + PAGE_FRAME_BYTES,
        _ => PAGE_FRAME_BYTES,
    };
    let context = match job.context {
        JobContext::Entity(ix, rendered) => {
            contexts.entity_context(ix, &job.path, &job.template, rendered)
        }
        JobContext::Index(kind) => contexts.index_context(kind, &job.path),
        JobContext::Year(year) => contexts.year_context(year, &job.path),
        JobContext::Timeline(view) => contexts.timeline_context(view),
        JobContext::Documents(documents) => contexts.documents_context(documents),
        JobContext::Document(document) => contexts.document_context(document),
        JobContext::Search => contexts.search_context(),
        JobContext::OpenData => contexts.open_data_context(),
        JobContext::NotFound => contexts.not_found_context(),
    };
    let context = tera::Context::from_value(context)
        .map(|own| own.with_shared(contexts.shared_context()))
        .map_err(|e| {
            TemplateError::new(Diagnostic::new(
                Path::new("themes"),
                1,
                1,
                format!("internal error building the template context: {e}"),
            ))
        })?;
    let mut html = Vec::with_capacity(capacity);
    match theme.tera.render_to(&job.template, &context, &mut html) {
        Ok(()) => Ok((job.path, html)),
        Err(e) => {
            let page = match job.source {
                Some(ix) => site.entities[ix].path.display().to_string(),
                None => job.path,
            };
            Err(template_error::render_error(
                theme,
                &job.template,
                &page,
                &e,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_error_is_reported_once_by_its_cause() {
        let error = |page: &str, cause: &str| TemplateError {
            diagnostic: Diagnostic::new(
                Path::new("themes/default/templates/page.html"),
                3,
                7,
                format!("{cause} (while rendering {page})"),
            ),
            cause: cause.into(),
        };
        let reported = once_each(vec![
            error("content/about.md", "the template uses `x`"),
            error("content/glossary.md", "the template uses `x`"),
            error("content/glossary.md", "the template uses `y`"),
        ])
        .into_sorted();
        let pages: Vec<&str> = reported.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            pages,
            [
                "the template uses `x` (while rendering content/about.md)",
                "the template uses `y` (while rendering content/glossary.md)"
            ]
        );
    }
}
