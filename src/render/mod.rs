//! Rendering: Markdown of every page in parallel, link and anchor checks once every page
//! is known, then the templates, in parallel, into an in-memory [`Output`].

mod context;
pub mod extras;
pub mod theme;

use crate::content::{Data, Kind};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::markdown::{self, LinkContext, Rendered};
use crate::output::{MemorySink, Output, Sink};
use crate::site::{Ix, Site};
use context::Shared;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use theme::Theme;

/// One HTML file to produce: where, with which template and context.
pub struct PageJob {
    pub path: String,
    pub template: &'static str,
    pub context: JobContext,
    /// The content file the page comes from, for error messages.
    pub source: Option<Ix>,
}

/// A page's template context, or what it is built from. Entity pages (the bulk of a large
/// site) build theirs inside the parallel render, so that no more than a few contexts are
/// alive at once.
pub enum JobContext {
    Ready(Value),
    Entity(Ix),
    Index(Kind),
    Year(i32),
    Timeline,
    Documents,
}

/// Markdown of every entity, indexed like [`Site::entities`].
pub fn render_markdown(site: &Site) -> (Vec<Rendered>, Diagnostics) {
    let results: Vec<(Rendered, Vec<Diagnostic>)> = (0..site.entities.len())
        .into_par_iter()
        .map(|ix| render_entity_markdown(site, ix))
        .collect();
    let mut diagnostics = Diagnostics::default();
    let rendered = results
        .into_iter()
        .map(|(r, d)| {
            diagnostics.extend(d);
            r
        })
        .collect();
    (rendered, diagnostics)
}

/// The Markdown of one entity, and its links to pages that do not exist.
pub fn render_entity_markdown(site: &Site, ix: Ix) -> (Rendered, Vec<Diagnostic>) {
    let e = &site.entities[ix];
    let url = site.url(ix);
    let root = root_prefix(&url);
    let resolve = |path: &str| site.resolve_path(path).map(|to| site.url(to));
    let cx = LinkContext {
        root: &root,
        resolve: &resolve,
        id_prefix: "",
        first_line: e.body_line,
    };
    let (rendered, broken) = markdown::render(&e.body, &cx);
    let diagnostics = broken
        .into_iter()
        .map(|b| {
            let candidates = site.entities.iter().map(|e| {
                e.path
                    .strip_prefix("content")
                    .unwrap_or(&e.path)
                    .to_str()
                    .unwrap_or("")
            });
            Diagnostic::new(
                &e.path,
                b.line,
                b.column,
                format!(
                    "link to a missing page \"@/{}\"{}",
                    b.target,
                    did_you_mean(&b.target, candidates)
                ),
            )
        })
        .collect();
    (rendered, diagnostics)
}

/// Every `#anchor` of an internal link must exist on the page it points to.
pub fn check_anchors(site: &Site, rendered: &[Rendered]) -> Diagnostics {
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
            let defined = rendered[target].anchors.contains(anchor)
                || THEME_ANCHORS.contains(&anchor.as_str());
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

/// The ids an entity's page defines: its headings and footnotes, and the theme's own.
fn page_anchors(rendered: &[Rendered], ix: Ix) -> BTreeSet<&str> {
    let mut anchors: BTreeSet<&str> = rendered[ix].anchors.iter().map(String::as_str).collect();
    anchors.extend(THEME_ANCHORS);
    anchors
}

/// Ids that every page of the theme defines.
const THEME_ANCHORS: [&str; 1] = ["main"];

/// The UN symbols of the site, each with the entities that cite it.
pub fn document_index(site: &Site, rendered: &[Rendered]) -> Documents {
    let mut index: BTreeMap<String, BTreeSet<Ix>> = BTreeMap::new();
    for (ix, e) in site.entities.iter().enumerate() {
        let mut symbols: Vec<String> = rendered[ix].symbols.clone();
        match &e.data {
            Data::Event(ev) => symbols.extend(ev.documents.iter().cloned()),
            Data::Process(p) => {
                symbols.extend(p.mandate.iter().cloned());
                symbols.extend(p.outcome.iter().cloned());
            }
            Data::Norm(n) => symbols.extend(n.source.as_ref().and_then(|s| s.document.clone())),
            _ => {}
        }
        for s in symbols {
            index.entry(clean_symbol(&s)).or_default().insert(ix);
        }
    }
    index
}

/// `A/68/98*` and `A/68/98` are one document.
pub fn clean_symbol(symbol: &str) -> String {
    symbol.trim().trim_end_matches('*').to_string()
}

/// Every page of the site, rendered through the theme into `sink` as each is made.
/// Returns the number of HTML pages.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    rendered: &[Rendered],
    documents: &Documents,
    search_entries: &[String],
    sink: &dyn Sink,
) -> (usize, Diagnostics) {
    let shared = Shared::new(site, theme, rendered, documents, search_entries);
    let mut jobs = shared.jobs();
    // Index, year and documents pages grow with the site: start them first, so that no
    // core is left alone with the largest page at the end.
    jobs.sort_by_key(|j| matches!(j.context, JobContext::Entity(_)));
    let mut html: Vec<String> = jobs.iter().map(|j| j.path.clone()).collect();
    html.sort();
    let diagnostics = render_jobs(site, theme, &shared, jobs, sink);
    for (path, bytes) in &theme.asset_files {
        sink.put(path, bytes);
    }
    for (path, bytes) in shared.extra_files() {
        sink.put_owned(path, bytes);
    }
    if let Some(sitemap) = extras::sitemap(site, &html) {
        sink.put_owned("sitemap.xml".into(), sitemap.into_bytes());
    }
    (html.len(), diagnostics)
}

/// Only the pages at `paths`, and the files beside the pages that draw on page bodies
/// (the search index, the open data): what an edit of bodies can change.
pub fn rerender(
    site: &Site,
    theme: &Theme,
    rendered: &[Rendered],
    documents: &Documents,
    search_entries: &[String],
    paths: &BTreeSet<String>,
) -> (Output, Diagnostics) {
    let shared = Shared::new(site, theme, rendered, documents, search_entries);
    let jobs = shared
        .jobs()
        .into_iter()
        .filter(|j| paths.contains(&j.path))
        .collect();
    let sink = MemorySink::default();
    let diagnostics = render_jobs(site, theme, &shared, jobs, &sink);
    for (path, bytes) in shared.extra_files() {
        if path == "search-index.js" || path.starts_with("data/") {
            sink.put_owned(path, bytes);
        }
    }
    (sink.into_output(), diagnostics)
}

/// UN symbol → the entities that cite it.
pub type Documents = BTreeMap<String, BTreeSet<Ix>>;

/// Renders `jobs` in parallel into `sink`; a template error met on many pages is reported
/// once.
fn render_jobs(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    jobs: Vec<PageJob>,
    sink: &dyn Sink,
) -> Diagnostics {
    let errors: Vec<Diagnostic> = jobs
        .into_par_iter()
        .filter_map(|job| match render_job(site, theme, shared, job) {
            Ok((path, bytes)) => {
                sink.put_owned(path, bytes);
                None
            }
            Err(d) => Some(d),
        })
        .collect();
    let mut diagnostics = Diagnostics::default();
    let mut seen_errors: HashSet<String> = HashSet::new();
    for d in errors {
        let key = d
            .message
            .split(" (while rendering")
            .next()
            .unwrap_or("")
            .to_string();
        if seen_errors.insert(key) {
            diagnostics.push(d);
        }
    }
    diagnostics
}

fn render_job(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    job: PageJob,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let context = match job.context {
        JobContext::Ready(value) => value,
        JobContext::Entity(ix) => shared.entity_context(ix, &job.path),
        JobContext::Index(kind) => shared.index_context(kind, &job.path),
        JobContext::Year(year) => shared.year_context(year, &job.path),
        JobContext::Timeline => shared.timeline_context(),
        JobContext::Documents => shared.documents_context(),
    };
    let context = tera::Context::from_value(context).map_err(|e| {
        Diagnostic::new(
            Path::new("themes"),
            1,
            1,
            format!("internal error building the template context: {e}"),
        )
    })?;
    match theme.tera.render(job.template, &context) {
        Ok(html) => Ok((job.path, shared.finish_html(html).into_bytes())),
        Err(e) => Err(render_error(
            site,
            theme,
            job.template,
            job.source,
            &job.path,
            &e,
        )),
    }
}

/// A template that fails on a page: the template file and, when the error names a
/// variable, the line that uses it; and the page being rendered.
fn render_error(
    site: &Site,
    theme: &Theme,
    template: &str,
    source: Option<Ix>,
    path: &str,
    error: &tera::Error,
) -> Diagnostic {
    let chain = theme::error_chain(error);
    let variable = chain
        .rsplit_once("Variable `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(var, _)| var)
        .filter(|_| chain.contains("not found in context"));
    // tera names the innermost template last: "... while rendering 'macros.html'".
    let template = chain
        .rsplit_once("while rendering '")
        .and_then(|(_, rest)| rest.split_once('\''))
        .map_or(template, |(name, _)| name);
    let mut location = (template.to_string(), 1, 1);
    if let Some(var) = variable {
        let mut names: Vec<&String> = theme.template_sources.keys().collect();
        names.sort_by_key(|n| n.as_str() != template);
        for name in names {
            if let Some(offset) = theme.template_sources[name].find(var) {
                let (l, c) = crate::diagnostics::line_col(&theme.template_sources[name], offset);
                location = (name.clone(), l, c);
                break;
            }
        }
    }
    let file = theme
        .template_files
        .get(&location.0)
        .cloned()
        .unwrap_or_else(|| Path::new("themes").join(&location.0));
    let page = match source {
        Some(ix) => site.entities[ix].path.display().to_string(),
        None => path.to_string(),
    };
    let message = match variable {
        Some(var) => format!(
            "the template uses `{var}`, which this page does not have (while rendering {page})"
        ),
        None => format!("{} (while rendering {page})", chain.replace('\n', " ")),
    };
    Diagnostic::new(&file, location.1, location.2, message)
}

/// `../../` for `norms/e/index.html`, empty for `index.html`.
pub fn root_prefix(url: &str) -> String {
    let path = url.split('#').next().unwrap_or("");
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("norms/e/index.html"), "../../");
        assert_eq!(root_prefix("timeline/2015/index.html#x"), "../../");
    }
}
