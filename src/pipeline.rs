//! The pipeline, whatever receives the files: load → graph → entities (Markdown and
//! pages) → collections (indexes, years, documents, search, open data). `generate` keeps
//! the site in memory (check, serve), `build` writes it into a staging folder swapped in
//! at the end.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Output};
use crate::timings::{timed, Step, Timings};
use crate::{config, content, documents, markdown, render, schema, site};
use std::path::Path;
use std::time::{Duration, Instant};

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the content, the configuration or the theme: exit code 1.
    Input(Vec<Diagnostic>),
    /// The output could not be written (disk full, no permission): exit code 1.
    Io(String),
    /// The command line asks for something unsafe or impossible (an output folder that
    /// holds the sources or files this tool did not write, a root with no site): exit
    /// code 2.
    Usage(String),
}

/// The site rendered in memory, and what rendering it computed, kept so that `serve` can
/// re-render only what the next edit touches (see [`Generated::update`]).
pub struct Generated {
    pub output: Output,
    pub pages: usize,
    pub timings: Timings,
    pub(crate) kept: Intermediates,
}

impl Generated {
    /// The UN documents the site cites that have no record, when it has a kind for
    /// records (`documents` in the schema): what an editor has left to describe.
    pub fn documents_without_record(&self) -> Vec<&str> {
        let site = &self.kept.site;
        if site.schema.documents().is_none() {
            return Vec::new();
        }
        self.kept
            .documents
            .keys()
            .filter(|symbol| site.record_of(symbol).is_none())
            .map(String::as_str)
            .collect()
    }
}

impl Generated {
    /// What `check` tells the editor without failing, each at its place: text shaped like
    /// a name of the site that names no page (`norm (l)`, a resolution with no record),
    /// and each cited UN document that has no record, where it is first cited.
    pub fn warnings(&self) -> Vec<String> {
        let kept = &self.kept;
        let site = &kept.site;
        let mut warnings = Diagnostics::default();
        for (ix, rendered) in kept.rendered.iter().enumerate() {
            for l in &rendered.lookalikes {
                let message = format!("{:?} is shaped like the name of a page of this site but names none: check the text, or give the page it means that name (`aliases`)", l.text);
                warnings.push(Diagnostic::new(
                    &site.entities[ix].path,
                    l.line,
                    l.column,
                    message,
                ));
            }
        }
        for symbol in self.documents_without_record() {
            let Some(&ix) = kept.documents[symbol].first() else {
                continue;
            };
            let e = &site.entities[ix];
            let cited = kept.rendered[ix]
                .symbols
                .iter()
                .find(|c| c.symbol == symbol);
            let (line, column) =
                cited.map_or_else(|| e.locate_anywhere(symbol), |c| (c.line, c.column));
            let message = format!("the UN document {symbol} has no record in content/documents/: its page shows only its symbol and the pages citing it");
            warnings.push(Diagnostic::new(&e.path, line, column, message));
        }
        warnings
            .into_sorted()
            .iter()
            .map(|d| d.to_string().replacen("error: ", "warning: ", 1))
            .collect()
    }
}

/// The intermediate results of a build that an edit of page bodies leaves valid.
pub(crate) struct Intermediates {
    pub(crate) theme: render::theme::Theme,
    pub(crate) site: site::Site,
    /// What each entity's Markdown leaves for the checks and the documents index: its
    /// anchors, links and UN symbols (the HTML body went into its page and was dropped).
    pub(crate) rendered: Vec<markdown::Rendered>,
    pub(crate) documents: documents::Documents,
    pub(crate) search_entries: Vec<String>,
    /// What each entity's front matter makes of the feed and the open data: none after a
    /// build, made for the dev server's edits ([`Intermediates::keep_rows`]).
    pub(crate) front_matter_rows: Option<render::FrontMatterRows>,
    /// The mentions each page lists (their sentences are in `rendered`).
    pub(crate) mentioned: render::Mentioned,
}

impl Intermediates {
    /// Makes and keeps every entity's rows of the feed and the open data, if they are not
    /// kept yet: the dev server does after each build, so that an edit of front matter
    /// makes only its own pages' rows.
    pub(crate) fn keep_rows(&mut self) {
        if self.front_matter_rows.is_none() {
            self.front_matter_rows = Some(render::FrontMatterRows::of(&self.site));
        }
    }

    /// Makes the kept rows of the `edited` pages again, from the site as it is now (all
    /// of them, if none are kept).
    pub(crate) fn remake_rows(&mut self, edited: &[site::Ix]) {
        match &mut self.front_matter_rows {
            Some(rows) => rows.remake(&self.site, edited),
            None => self.keep_rows(),
        }
    }
}

/// What the command line sets over `content/site.yaml`.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    /// `build --base-url`: the deployed site's URL, already checked and ending in `/`.
    pub base_url: Option<String>,
}

/// A root that does not exist or holds no site is a usage error, told as such: not a
/// missing file among the site's.
pub fn check_root(root: &Path) -> Result<(), Failure> {
    if !root.is_dir() {
        return Err(Failure::Usage(format!(
            "--root {}: no such folder",
            root.display()
        )));
    }
    if !root.join(config::CONFIG_PATH).is_file() {
        return Err(Failure::Usage(format!(
            "--root {} holds no site: there is no {} (run this in the site's folder, or point --root at it)",
            root.display(),
            config::CONFIG_PATH
        )));
    }
    Ok(())
}

/// Load → graph → entities → collections into memory, every problem of every step
/// collected before failing. (A missing `content/site.yaml` is one of them: callers that
/// start from the command line call [`check_root`] first.)
pub fn generate(root: &Path) -> Result<Generated, Failure> {
    let sink = output::MemorySink::default();
    let (pages, timings, kept) = pipeline(root, &Settings::default(), &sink)?;
    Ok(Generated {
        output: sink.into_output(),
        pages,
        timings,
        kept,
    })
}

/// The pipeline, whatever receives the files: load → graph → entities (Markdown and
/// pages) → collections (indexes, years, documents, search, open data).
fn pipeline(
    root: &Path,
    settings: &Settings,
    sink: &dyn output::Sink,
) -> Result<(usize, Timings, Intermediates), Failure> {
    let mut timings = Timings::default();
    let mut problems = Diagnostics::default();
    let schema = load_schema(root)?;
    let config = config::Config::load(root);
    // The pages and the theme are read side by side: neither needs the other, and on a
    // small site compiling the templates takes as long as reading every page.
    let theme_name = config.as_ref().ok().map(|config| config.theme.as_str());
    let ((loaded, load_took), theme) = rayon::join(
        || timed(|| content::load(root, &schema)),
        || theme_name.map(|name| timed(|| render::theme::Theme::load(root, name))),
    );
    timings.push(Step::Load, load_took);
    problems.extend(loaded.problems.into_sorted());
    let years = || timeline_years(&schema, &loaded.entities);
    let (config, theme) = configured(config, theme, settings, years, &mut timings, &mut problems);
    let theme = theme.and_then(|theme| checked_templates(&schema, &config.theme, theme));
    let (mut site, graph_problems) = timings.step(Step::Graph, || {
        site::Site::build(config, schema, loaded.entities, loaded.unparsed)
    });
    problems.extend(graph_problems.into_sorted());
    // Pages are written only from a site and a theme without problems; otherwise the
    // Markdown is still rendered, for its broken links: every problem is told at once.
    let writer = match &theme {
        Ok(theme) if problems.is_empty() => Some(render::PageWriter::new(&site, theme, sink)),
        _ => None,
    };
    let entities = entities(&site, writer, &mut timings, &mut problems);
    // The Markdown sources are not read again (an update re-reads its files from disk):
    // on a 50,000-page site they are a sixth of the peak memory.
    for entity in &mut site.entities {
        entity.body = String::new();
    }
    let theme = match theme {
        Ok(theme) if problems.is_empty() => theme,
        Ok(_) => return Err(Failure::Input(problems.into_sorted())),
        Err(theme_problems) => {
            problems.extend(theme_problems.into_sorted());
            return Err(Failure::Input(problems.into_sorted()));
        }
    };
    let (pages, collection_problems) = timings.step(Step::Pages, || {
        let writer = render::PageWriter::new(&site, &theme, sink)
            .with_mentions(&entities.mentioned, &entities.rendered);
        render::render_collections(
            &writer,
            &entities.documents,
            &entities.rendered,
            &entities.search_entries,
        )
    });
    if !collection_problems.is_empty() {
        return Err(Failure::Input(collection_problems.into_sorted()));
    }
    let kept = Intermediates {
        theme,
        site,
        rendered: entities.rendered,
        documents: entities.documents,
        search_entries: entities.search_entries,
        front_matter_rows: None,
        mentioned: entities.mentioned,
    };
    Ok((pages, timings, kept))
}

/// The configuration with the command's settings, and the theme it names. A broken
/// configuration does not hide the pages' problems: they are checked against a fallback
/// (its timeline spanning the pages' `years`), with no theme, and nothing is written.
fn configured(
    config: Result<config::Config, Vec<Diagnostic>>,
    theme: Option<(Result<render::theme::Theme, Diagnostics>, Duration)>,
    settings: &Settings,
    years: impl FnOnce() -> Vec<i32>,
    timings: &mut Timings,
    problems: &mut Diagnostics,
) -> (config::Config, Result<render::theme::Theme, Diagnostics>) {
    match (config, theme) {
        (Ok(mut config), Some((theme, took))) => {
            timings.push(Step::Theme, took);
            if let Some(base_url) = &settings.base_url {
                config.base_url = Some(base_url.clone());
            }
            (config, theme)
        }
        // A configuration that loaded always has its theme read: only a broken one is here.
        (config, _) => {
            problems.extend(config.err().unwrap_or_default());
            let fallback = config::Config::fallback(years().into_iter());
            (fallback, Err(Diagnostics::default()))
        }
    }
}

/// The schema. Pages are read by it: a broken one is reported with the configuration's
/// problems, and no page is checked (against another schema, a site's own kinds would
/// each be an error that is none).
fn load_schema(root: &Path) -> Result<schema::Schema, Failure> {
    schema::Schema::load(root).map_err(|schema_problems| {
        let mut problems = Diagnostics::default();
        problems.extend(schema_problems);
        if let Err(config_problems) = config::Config::load(root) {
            problems.extend(config_problems);
        }
        Failure::Input(problems.into_sorted())
    })
}

/// The years of the pages the timeline files, for a fallback range if site.yaml is broken.
fn timeline_years(schema: &schema::Schema, entities: &[content::Entity]) -> Vec<i32> {
    let marked = schema.marked();
    entities
        .iter()
        .filter(|e| Some(e.kind) == marked)
        .filter_map(|e| e.fields.date(schema.roles(e.kind).marks?))
        .map(|d| d.year)
        .collect()
}

/// The theme, if it has every template the schema names.
fn checked_templates(
    schema: &schema::Schema,
    theme_name: &str,
    theme: render::theme::Theme,
) -> Result<render::theme::Theme, Diagnostics> {
    let mut missing = schema.check_templates(
        theme_name,
        |t| theme.template_files.contains_key(t),
        || theme.template_files.keys().map(String::as_str).collect(),
    );
    let mut fixed: Vec<&str> = render::FIXED_TEMPLATES.to_vec();
    let documents_kind = schema.documents().map(|(kind, _)| schema.of(kind));
    if documents_kind.is_none() {
        fixed.extend(["documents.html", "document.html"]);
    } else if documents_kind.is_some_and(|k| k.index.is_none()) {
        fixed.push("documents.html");
    }
    for name in fixed
        .into_iter()
        .filter(|t| !theme.template_files.contains_key(*t))
    {
        let path = std::path::PathBuf::from(format!("themes/{theme_name}/templates/{name}"));
        missing.push(Diagnostic::new(&path, 1, 1, format!(
            "the theme has no {name}: the generator renders it for pages no content file is behind (docs/THEMES.md)"
        )));
    }
    if missing.is_empty() {
        Ok(theme)
    } else {
        let mut problems = Diagnostics::default();
        problems.extend(missing);
        Err(problems)
    }
}

/// What the pass over the entities leaves for the checks, the collections and an update.
struct EntityResults {
    rendered: Vec<markdown::Rendered>,
    search_entries: Vec<String>,
    documents: documents::Documents,
    mentioned: render::Mentioned,
}

/// Every entity's Markdown, and with a writer its page; then the checks that need every
/// body rendered (anchors, UN symbols) and the index of the documents.
fn entities(
    site: &site::Site,
    writer: Option<render::PageWriter>,
    timings: &mut Timings,
    problems: &mut Diagnostics,
) -> EntityResults {
    let passes = timings.step(Step::Entities, || {
        render::render_entities(site, writer.as_ref())
    });
    problems.extend(render::entity_problems(&passes).into_sorted());
    let (rendered, search_entries): (Vec<_>, Vec<_>) = passes
        .into_iter()
        .map(|p| (p.rendered, p.search_entry))
        .unzip();
    problems.extend(render::check_anchors(site, &rendered).into_sorted());
    // Side by side: each walks every page on one core, and nothing else runs meanwhile
    // (at 10,000 events 25-45 ms and 3-55 ms).
    let ((documents, document_problems), mentioned) = rayon::join(
        || documents::index(site, |ix| &rendered[ix].symbols),
        || {
            // Read while the bodies are there: the pipeline drops them next.
            let mut mentioned = render::Mentioned::of(site, &rendered);
            mentioned.read_sentences(site, &rendered);
            mentioned
        },
    );
    problems.extend(document_problems.into_sorted());
    EntityResults {
        rendered,
        search_entries,
        documents,
        mentioned,
    }
}

/// Builds the site under `root` into `output_dir`: pages are written into a staging
/// folder beside it as they are rendered, and the folder is swapped in only if the whole
/// build succeeded. The returned [`Generated`] has no in-memory output.
pub fn build(root: &Path, output_dir: &Path, settings: &Settings) -> Result<Generated, Failure> {
    check_root(root)?;
    let io_failure = |e: std::io::Error| {
        Failure::Io(format!(
            "cannot write the output to {}: {e}; the previous output is untouched",
            output_dir.display()
        ))
    };
    let refused = |r| match r {
        output::folder::Refusal::Unsafe(message) => Failure::Usage(message),
        output::folder::Refusal::Io(e) => io_failure(e),
    };
    let folder = output::folder::OutputFolder::claim(root, output_dir).map_err(refused)?;
    let staging = output::staging::Staging::new(folder).map_err(io_failure)?;
    let sink = staging.sink();
    // The previous output is walked for files this tool did not write while the pages
    // are rendered: before them, the walk held a 10,000-page rebuild up by 130-200 ms.
    let (checked, built) = rayon::join(
        || staging.check_target(),
        || pipeline(root, settings, &sink),
    );
    let (checked, (pages, mut timings, kept)) = match (checked, built) {
        (Ok(checked), Ok(done)) => (checked, done),
        (Err(refusal), _) => {
            staging.discard();
            return Err(refused(refusal));
        }
        (_, Err(failure)) => {
            staging.discard();
            return Err(failure);
        }
    };
    let start = Instant::now();
    if let Err(e) = sink.finish() {
        staging.discard();
        return Err(io_failure(e));
    }
    staging.swap_in(checked).map_err(io_failure)?;
    timings.push(Step::Swap, start.elapsed());
    Ok(Generated {
        output: Output::default(),
        pages,
        timings,
        kept,
    })
}
