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

/// The site rendered in memory.
pub struct Generated {
    pub output: Output,
    pub pages: usize,
    pub timings: Timings,
}

/// Load → graph → render, every problem of every step collected before failing.
pub fn generate(root: &Path) -> Result<Generated, Failure> {
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
    let (output, render_problems) = timings.step("render", || {
        render::render_pages(&site, &theme, &rendered, &documents)
    });
    if !render_problems.is_empty() {
        return Err(Failure::Input(render_problems.into_sorted()));
    }
    let pages = output.html_pages();
    Ok(Generated {
        output,
        pages,
        timings,
    })
}

/// Builds the site under `root` into `output`, replacing it atomically.
pub fn build(root: &Path, output_dir: &Path) -> Result<Generated, Failure> {
    check_output_dir(root, output_dir)?;
    let mut generated = generate(root)?;
    let start = Instant::now();
    generated.output.write_atomically(output_dir).map_err(|e| {
        Failure::Io(format!(
            "cannot write the output to {}: {e}; the previous output is untouched",
            output_dir.display()
        ))
    })?;
    generated.timings.0.push(("write", start.elapsed()));
    Ok(generated)
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
