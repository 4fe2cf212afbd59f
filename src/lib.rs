//! cyberrecord: the static-site generator of the public record of the UN processes on ICTs
//! in the context of international security.
//!
//! The pipeline runs one way — load → graph → render → write — and [`generate`] reads
//! like it. `build` writes the result atomically; `check` stops before writing; `serve`
//! keeps it in memory.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod timeline_svg;

use diagnostics::{Diagnostic, Diagnostics};
use output::Output;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the content, the configuration or the theme: exit code 1.
    Input(Vec<Diagnostic>),
    /// The output could not be written (disk full, no permission): exit code 1.
    Io(String),
}

/// How long each step took, for `--timings`.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    fn step<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.0.push((name, start.elapsed()));
        value
    }

    pub fn report(&self) -> String {
        self.0
            .iter()
            .map(|(name, d)| format!("  {name:<8} {:>8.1} ms\n", d.as_secs_f64() * 1000.0))
            .collect()
    }
}

/// The site rendered in memory, and what rendering it computed, kept so that `serve` can
/// re-render only what the next edit touches (see [`Generated::update`]).
pub struct Generated {
    pub output: Output,
    pub pages: usize,
    pub timings: Timings,
    state: State,
}

/// The intermediate results of a build that an edit of page bodies leaves valid.
struct State {
    theme: render::theme::Theme,
    site: site::Site,
    rendered: Vec<markdown::Rendered>,
    documents: render::Documents,
    search_entries: Vec<String>,
}

/// Load → graph → render into memory, every problem of every step collected before
/// failing.
pub fn generate(root: &Path) -> Result<Generated, Failure> {
    let sink = output::MemorySink::default();
    let (pages, timings, state) = pipeline(root, &sink)?;
    Ok(Generated {
        output: sink.into_output(),
        pages,
        timings,
        state,
    })
}

/// The pipeline, whatever receives the files: load → graph → markdown → render.
fn pipeline(root: &Path, sink: &dyn output::Sink) -> Result<(usize, Timings, State), Failure> {
    let mut timings = Timings::default();
    let mut problems = Diagnostics::default();

    let config = config::Config::load(root).map_err(|d| Failure::Input(vec![d]))?;
    let (entities, load_problems) = timings.step("load", || content::load(root));
    problems.extend(load_problems.into_sorted());
    let theme = timings.step("theme", || render::theme::Theme::load(root, &config.theme));

    let (site, graph_problems) = timings.step("graph", || site::Site::build(config, entities));
    problems.extend(graph_problems.into_sorted());

    let (rendered, link_problems) = timings.step("markdown", || render::render_markdown(&site));
    problems.extend(link_problems.into_sorted());
    problems.extend(render::check_anchors(&site, &rendered).into_sorted());
    // The Markdown sources are not read again (an update re-reads its files from disk):
    // on a 50,000-page site they are a sixth of the peak memory.
    let mut site = site;
    for entity in &mut site.entities {
        entity.body = String::new();
    }

    let theme = match theme {
        Ok(theme) => theme,
        Err(theme_problems) => {
            problems.extend(theme_problems.into_sorted());
            return Err(Failure::Input(problems.into_sorted()));
        }
    };
    if !problems.is_empty() {
        return Err(Failure::Input(problems.into_sorted()));
    }
    let documents = render::document_index(&site, &rendered);
    let search_entries = render::extras::search_entries(&site, &rendered);
    let (pages, render_problems) = timings.step("render", || {
        render::render_pages(&site, &theme, &rendered, &documents, &search_entries, sink)
    });
    if !render_problems.is_empty() {
        return Err(Failure::Input(render_problems.into_sorted()));
    }
    let state = State {
        theme,
        site,
        rendered,
        documents,
        search_entries,
    };
    Ok((pages, timings, state))
}

impl Generated {
    /// Applies an edit of page bodies without rebuilding the site: re-renders the Markdown
    /// of the changed pages, re-checks links, and re-renders those pages, the documents page
    /// when their UN symbols changed, the search index and the open data. On a 10,000-page
    /// site that is milliseconds where a full build takes a second.
    ///
    /// Returns `None` when the change is of another kind — front matter, a new, deleted or
    /// renamed file, the theme, the configuration — which may change other pages' lists,
    /// links and indexes: the caller then builds the whole site. On `Some(Err(..))` nothing
    /// of `self` has changed.
    pub fn update(&mut self, root: &Path, changed: &[PathBuf]) -> Option<Result<(), Failure>> {
        let start = Instant::now();
        let edits = body_edits(root, changed, &self.state.site)?;
        let state = &mut self.state;
        let mut problems = Diagnostics::default();
        let mut undo = Vec::new();
        for (ix, body, body_line) in edits {
            let entity = &mut state.site.entities[ix];
            let old_body = std::mem::replace(&mut entity.body, body);
            let old_line = std::mem::replace(&mut entity.body_line, body_line);
            let (rendered, link_problems) = render::render_entity_markdown(&state.site, ix);
            problems.extend(link_problems);
            let old_rendered = std::mem::replace(&mut state.rendered[ix], rendered);
            undo.push((ix, old_body, old_line, old_rendered));
        }
        problems.extend(render::check_anchors(&state.site, &state.rendered).into_sorted());
        let documents = render::document_index(&state.site, &state.rendered);
        let mut paths: BTreeSet<String> = undo.iter().map(|(ix, ..)| state.site.url(*ix)).collect();
        if documents != state.documents {
            paths.insert("documents/index.html".into());
        }
        let mut entries = state.search_entries.clone();
        for (ix, ..) in &undo {
            entries[*ix] = render::extras::search_entry(&state.site, *ix, &state.rendered[*ix]);
        }
        let (files, render_problems) = if problems.is_empty() {
            render::rerender(
                &state.site,
                &state.theme,
                &state.rendered,
                &documents,
                &entries,
                &paths,
            )
        } else {
            (Output::default(), Diagnostics::default())
        };
        problems.extend(render_problems.into_sorted());
        if !problems.is_empty() {
            for (ix, body, line, rendered) in undo {
                state.site.entities[ix].body = body;
                state.site.entities[ix].body_line = line;
                state.rendered[ix] = rendered;
            }
            return Some(Err(Failure::Input(problems.into_sorted())));
        }
        self.output.files.extend(files.files);
        state.documents = documents;
        state.search_entries = entries;
        self.timings = Timings(vec![("update", start.elapsed())]);
        Some(Ok(()))
    }
}

/// The changed files as (entity, new body, first line of the body), if every one of them
/// is a page the site has whose front matter is unchanged; `None` otherwise.
fn body_edits(
    root: &Path,
    changed: &[PathBuf],
    site: &site::Site,
) -> Option<Vec<(site::Ix, String, usize)>> {
    if changed.is_empty() {
        return None;
    }
    let mut edits = Vec::new();
    for path in changed {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let ix = site.by_path(rel)?;
        let text = String::from_utf8(std::fs::read(root.join(rel)).ok()?).ok()?;
        let split = content::frontmatter::split(rel, &text).ok()?;
        if split.yaml != site.entities[ix].yaml {
            return None;
        }
        edits.push((ix, split.body.to_string(), split.body_line));
    }
    Some(edits)
}

/// Builds the site under `root` into `output_dir`: pages are written into a staging
/// folder beside it as they are rendered, and the folder is swapped in only if the whole
/// build succeeded. The returned [`Generated`] has no in-memory output.
pub fn build(root: &Path, output_dir: &Path) -> Result<Generated, Failure> {
    check_output_dir(root, output_dir)?;
    let io_failure = |e: std::io::Error| {
        Failure::Io(format!(
            "cannot write the output to {}: {e}; the previous output is untouched",
            output_dir.display()
        ))
    };
    let staging = output::Staging::new(output_dir).map_err(io_failure)?;
    let sink = staging.sink();
    let (pages, mut timings, state) = match pipeline(root, &sink) {
        Ok(done) => done,
        Err(failure) => {
            staging.discard();
            return Err(failure);
        }
    };
    let start = Instant::now();
    if let Err(e) = sink.finish() {
        staging.discard();
        return Err(io_failure(e));
    }
    staging.swap_in().map_err(io_failure)?;
    timings.0.push(("swap", start.elapsed()));
    Ok(Generated {
        output: Output::default(),
        pages,
        timings,
        state,
    })
}

/// Refuses an output folder whose replacement would destroy the sources.
fn check_output_dir(root: &Path, output_dir: &Path) -> Result<(), Failure> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (absolute(root), absolute(output_dir));
    let protected: Vec<PathBuf> = ["content", "themes", "src", ".git"]
        .iter()
        .map(|d| root_abs.join(d))
        .collect();
    let dangerous =
        root_abs.starts_with(&out_abs) || protected.iter().any(|p| out_abs.starts_with(p));
    if dangerous || out_abs.join("content").is_dir() || out_abs.join("Cargo.toml").exists() {
        return Err(Failure::Io(format!(
            "refusing to replace {}: it holds or contains the site's sources; choose another --output",
            output_dir.display()
        )));
    }
    Ok(())
}
