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
pub mod url;

use diagnostics::{Diagnostic, Diagnostics};
use output::Output;
use std::path::{Path, PathBuf};
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

/// The steps of a run that `--timings` reports, in order: one list, for the output and
/// for `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Load,
    Theme,
    Graph,
    Entities,
    Pages,
    Swap,
    /// `serve`'s re-render of edited pages, in place of the steps above.
    Update,
}

impl Step {
    /// The steps of `check`.
    pub const CHECK: [Step; 5] = [
        Step::Load,
        Step::Theme,
        Step::Graph,
        Step::Entities,
        Step::Pages,
    ];
    /// The steps of `build`: those of `check`, then the swap of the output folder.
    pub const BUILD: [Step; 6] = [
        Step::Load,
        Step::Theme,
        Step::Graph,
        Step::Entities,
        Step::Pages,
        Step::Swap,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Step::Load => "load",
            Step::Theme => "theme",
            Step::Graph => "graph",
            Step::Entities => "entities",
            Step::Pages => "pages",
            Step::Swap => "swap",
            Step::Update => "update",
        }
    }

    /// The help of `--timings` for a command with these steps.
    pub fn help(steps: &[Step]) -> String {
        let names: Vec<&str> = steps.iter().map(|s| s.name()).collect();
        format!(
            "Print how long each step took ({}) and the peak memory after it",
            names.join(", ")
        )
    }
}

/// How long each step took, for `--timings`, and the process's peak memory at its end.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<(Step, Duration, Option<u64>)>);

impl Timings {
    fn step<T>(&mut self, step: Step, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.push(step, start.elapsed());
        value
    }

    fn push(&mut self, step: Step, took: Duration) {
        self.0.push((step, took, peak_memory_kb()));
    }

    pub fn report(&self) -> String {
        self.0
            .iter()
            .map(|(step, d, peak)| {
                let (name, ms) = (step.name(), d.as_secs_f64() * 1000.0);
                match peak {
                    Some(kb) => format!("  {name:<8} {ms:>8.1} ms  peak {:>6} MB\n", kb / 1024),
                    None => format!("  {name:<8} {ms:>8.1} ms\n"),
                }
            })
            .collect()
    }
}

/// The process's peak resident memory so far (`VmHWM`), where Linux tells it: which step
/// makes the peak is what decides the cost of a large build (fresh memory is expensive).
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The site rendered in memory, and what rendering it computed, kept so that `serve` can
/// re-render only what the next edit touches (see [`Generated::update`]).
pub struct Generated {
    pub output: Output,
    pub pages: usize,
    pub timings: Timings,
    kept: Intermediates,
}

/// The intermediate results of a build that an edit of page bodies leaves valid.
struct Intermediates {
    theme: render::theme::Theme,
    site: site::Site,
    /// What each entity's Markdown leaves for the checks and the documents index: its
    /// anchors, links and UN symbols (the HTML body went into its page and was dropped).
    rendered: Vec<markdown::Rendered>,
    documents: render::Documents,
    search_entries: Vec<String>,
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

    let loaded = timings.step(Step::Load, || content::load(root));
    let (entities, unparsed) = (loaded.entities, loaded.unparsed);
    problems.extend(loaded.problems.into_sorted());
    // A broken configuration does not hide the pages' problems: they are checked against
    // a fallback, with no theme, and nothing is written.
    let (config, theme) = match config::Config::load(root) {
        Ok(mut config) => {
            if let Some(base_url) = &settings.base_url {
                config.base_url = Some(base_url.clone());
            }
            let theme = timings.step(Step::Theme, || {
                render::theme::Theme::load(root, &config.theme)
            });
            (config, theme)
        }
        Err(config_problems) => {
            problems.extend(config_problems);
            let years = entities.iter().filter_map(content::Entity::year);
            (config::Config::fallback(years), Err(Diagnostics::default()))
        }
    };

    let (mut site, graph_problems) = timings.step(Step::Graph, || {
        site::Site::build(config, entities, unparsed)
    });
    problems.extend(graph_problems.into_sorted());

    // Pages are written only from a site and a theme without problems; otherwise the
    // Markdown is still rendered, for its broken links: every problem is told at once.
    let writable = problems.is_empty() && theme.is_ok();
    let passes = timings.step(Step::Entities, || {
        let writer = match &theme {
            Ok(theme) if writable => Some(render::PageWriter::new(&site, theme, sink)),
            _ => None,
        };
        render::render_entities(&site, writer.as_ref())
    });
    problems.extend(render::entity_problems(&passes).into_sorted());
    let (rendered, search_entries): (Vec<_>, Vec<_>) = passes
        .into_iter()
        .map(|p| (p.rendered, p.search_entry))
        .unzip();
    problems.extend(render::check_anchors(&site, &rendered).into_sorted());
    let (documents, document_problems) = render::document_index(&site, &rendered);
    problems.extend(document_problems.into_sorted());
    // The Markdown sources are not read again (an update re-reads its files from disk):
    // on a 50,000-page site they are a sixth of the peak memory.
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
    let (pages, collection_problems) = timings.step(Step::Pages, || {
        let writer = render::PageWriter::new(&site, &theme, sink);
        render::render_collections(&writer, &documents, &search_entries)
    });
    if !collection_problems.is_empty() {
        return Err(Failure::Input(collection_problems.into_sorted()));
    }
    let kept = Intermediates {
        theme,
        site,
        rendered,
        documents,
        search_entries,
    };
    Ok((pages, timings, kept))
}

impl Generated {
    /// Applies an edit of page bodies without rebuilding the site: re-renders the Markdown
    /// of the changed pages, re-checks links, and re-renders those pages, the documents page
    /// when their UN symbols changed, the search index and the open data. On a 10,000-page
    /// site that is milliseconds where a full build takes a second.
    ///
    /// Returns `None` when the change is of another kind — front matter, a new, deleted or
    /// renamed file, the theme, the configuration, or a body that no longer cites a UN
    /// document nothing else cites (its page must go) — which may change other pages'
    /// lists, links and indexes: the caller then builds the whole site. On `Some(Err(..))` nothing
    /// of `self` has changed.
    pub fn update(&mut self, root: &Path, changed: &[PathBuf]) -> Option<Result<(), Failure>> {
        let start = Instant::now();
        let edits = body_edits(root, changed, &self.kept.site)?;
        let kept = &mut self.kept;
        let mut undo = Vec::new();
        for (ix, body, body_line) in edits {
            let entity = &mut kept.site.entities[ix];
            let old_body = std::mem::replace(&mut entity.body, body);
            let old_line = std::mem::replace(&mut entity.body_line, body_line);
            undo.push((ix, old_body, old_line));
        }
        let sink = output::MemorySink::default();
        let writer = render::PageWriter::new(&kept.site, &kept.theme, &sink);
        let passes: Vec<(site::Ix, render::EntityPass)> = undo
            .iter()
            .map(|&(ix, ..)| (ix, render::render_entity(&kept.site, ix, Some(&writer))))
            .collect();
        let mut problems = render::entity_problems(passes.iter().map(|(_, p)| p));
        let mut old_passes = Vec::new();
        for (ix, pass) in passes {
            let rendered = std::mem::replace(&mut kept.rendered[ix], pass.rendered);
            let entry = std::mem::replace(&mut kept.search_entries[ix], pass.search_entry);
            old_passes.push((ix, rendered, entry));
        }
        problems.extend(render::check_anchors(&kept.site, &kept.rendered).into_sorted());
        let (documents, document_problems) = render::document_index(&kept.site, &kept.rendered);
        problems.extend(document_problems.into_sorted());
        // A document no page cites any more would leave its page behind: a full build
        // removes it.
        let gone = kept.documents.keys().any(|s| !documents.contains_key(s));
        if problems.is_empty() && !gone {
            let after = render::render_after_edit(
                &writer,
                &documents,
                &kept.documents,
                &kept.search_entries,
            );
            problems.extend(after.into_sorted());
        }
        drop(writer);
        if gone || !problems.is_empty() {
            for (ix, body, line) in undo {
                kept.site.entities[ix].body = body;
                kept.site.entities[ix].body_line = line;
            }
            for (ix, rendered, entry) in old_passes {
                kept.rendered[ix] = rendered;
                kept.search_entries[ix] = entry;
            }
            if problems.is_empty() {
                return None;
            }
            return Some(Err(Failure::Input(problems.into_sorted())));
        }
        let files = sink.into_output();
        self.output.files.extend(files.files);
        kept.documents = documents;
        self.timings = Timings::default();
        self.timings.push(Step::Update, start.elapsed());
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
pub fn build(root: &Path, output_dir: &Path, settings: &Settings) -> Result<Generated, Failure> {
    check_root(root)?;
    let io_failure = |e: std::io::Error| {
        Failure::Io(format!(
            "cannot write the output to {}: {e}; the previous output is untouched",
            output_dir.display()
        ))
    };
    let folder = output::OutputFolder::claim(root, output_dir).map_err(|r| match r {
        output::folder::Refusal::Unsafe(message) => Failure::Usage(message),
        output::folder::Refusal::Io(e) => io_failure(e),
    })?;
    let staging = output::Staging::new(folder).map_err(io_failure)?;
    let sink = staging.sink();
    let (pages, mut timings, kept) = match pipeline(root, settings, &sink) {
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
    timings.push(Step::Swap, start.elapsed());
    Ok(Generated {
        output: Output::default(),
        pages,
        timings,
        kept,
    })
}
