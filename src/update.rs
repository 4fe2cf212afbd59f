//! The dev server's quick paths: an edit of pages re-renders only what it touches. An
//! edit of bodies alone is here; one that changes front matter is in [`front_matter`].

mod front_matter;

use crate::diagnostics::Diagnostics;
use crate::markdown::{passage_sentence, Rendered};
use crate::mentions::{PageMentions, PassageText};
use crate::pipeline::{Failure, Generated, Intermediates};
use crate::render::Mentioned;
use crate::site::{Ix, Site};
use crate::timings::{Step, Timings};
use crate::{content, documents, output, render};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

impl Generated {
    /// Keeps what the quick paths of [`Generated::update`] need beyond what a build keeps
    /// (each entity's rows of the feed and the open data), as the dev server does after
    /// each build, so that the first edit is as quick as the next. An update without it
    /// makes them then.
    pub fn keep_for_updates(&mut self) {
        self.kept.keep_rows();
    }

    /// Applies an edit of pages without rebuilding the site. An edit of bodies alone
    /// re-renders the Markdown of the changed pages, re-checks links, and re-renders those
    /// pages, the documents page when their UN symbols changed, the search index and the
    /// open data (and the sitemap if a document is newly cited: a site with a base URL has
    /// one). An edit that changes front matter takes the other quick path (see
    /// [`front_matter`]). On a 10,000-page site that is milliseconds where a full build
    /// takes a second.
    ///
    /// Returns `None` when the change is of another kind — a new, deleted or renamed file,
    /// the theme, the configuration, a file that is no page, a record of a UN document, a
    /// body whose mentions changed (the pages mentioned list them), or a body that no
    /// longer cites a UN document nothing else cites (its page must go), or what the front
    /// matter's path refuses — which may change other pages' lists, links and indexes: the
    /// caller then builds the whole site. On `Some(Err(..))` nothing of `self` has changed.
    pub fn update(&mut self, root: &Path, changed: &[PathBuf]) -> Option<Result<(), Failure>> {
        let start = Instant::now();
        let files = read_changed(root, changed, &self.kept.site)?;
        let Some(edits) = body_edits(&self.kept.site, &files) else {
            return self.update_front_matter(root, files, start);
        };
        let kept = &mut self.kept;
        let mut undo = Undo::default();
        for (ix, body, body_line) in edits {
            let entity = &mut kept.site.entities[ix];
            let old_body = std::mem::replace(&mut entity.body, body);
            let old_line = std::mem::replace(&mut entity.body_line, body_line);
            undo.bodies.push((ix, old_body, old_line));
        }
        let sink = output::MemorySink::default();
        let writer = render::PageWriter::new(&kept.site, &kept.theme, &sink);
        let edited: Vec<Ix> = undo.bodies.iter().map(|&(ix, ..)| ix).collect();
        let mut problems = rerender(
            &kept.site,
            &writer,
            &edited,
            &mut kept.rendered,
            &mut kept.search_entries,
            &mut undo.passes,
        );
        // Mentions gone, new or moved change the lists of the pages mentioned (and a
        // mention's passage is its sentence): a full build writes them. Unchanged, the
        // lists and the sentences read from the old bodies hold.
        if problems.is_empty() && !undo.same_mentions(&kept.site, &kept.rendered, &kept.mentioned) {
            undo.restore(kept);
            return None;
        }
        let (documents, document_problems) =
            documents::index(&kept.site, |ix| &kept.rendered[ix].symbols);
        problems.extend(document_problems.into_sorted());
        // A document no page cites any more would leave its page behind: a full build
        // removes it.
        let gone = kept.documents.keys().any(|s| !documents.contains_key(s));
        drop(writer);
        let writer = render::PageWriter::new(&kept.site, &kept.theme, &sink)
            .with_mentions(&kept.mentioned, &kept.rendered);
        let mut pages = None;
        if problems.is_empty() && !gone {
            problems
                .extend(render::write_mentionable(&writer, &edited, &kept.rendered).into_sorted());
            let after;
            (pages, after) = render::render_after_edit(
                &writer,
                &documents,
                &kept.documents,
                &kept.rendered,
                &kept.search_entries,
                kept.front_matter_rows.as_ref(),
            );
            problems.extend(after.into_sorted());
        }
        drop(writer);
        if gone || !problems.is_empty() {
            undo.restore(kept);
            return (!problems.is_empty()).then(|| Err(Failure::Input(problems.into_sorted())));
        }
        self.output.files.extend(sink.into_output().files);
        self.pages = pages.unwrap_or(self.pages);
        kept.documents = documents;
        self.timings = Timings::default();
        self.timings.push(Step::Update, start.elapsed());
        Some(Ok(()))
    }
}

/// What an update replaced, put back when it fails: the old bodies (with their first
/// line), and what the Markdown pass had left of each edited entity.
#[derive(Default)]
struct Undo {
    bodies: Vec<(Ix, String, usize)>,
    passes: Vec<(Ix, Rendered, String)>,
}

impl Undo {
    /// Whether the edited pages mention what they did, where they did, in the sentences
    /// they did (as far as a page lists them): then what the pages mentioned list, and
    /// the sentences read, hold as they are. (The old bodies are gone: the sentences read
    /// are compared.)
    fn same_mentions(&self, site: &Site, rendered: &[Rendered], mentioned: &Mentioned) -> bool {
        self.retold_mentions(site, rendered, mentioned)
            .is_some_and(|retold| retold.is_empty())
    }

    /// As [`Undo::same_mentions`], but a mention whose passage is a text given outside
    /// paragraphs (a title, a summary) may have a new text: the pages mentioned so, which
    /// list that text, are returned (each once). `None` if the mentions changed otherwise.
    fn retold_mentions(
        &self,
        site: &Site,
        rendered: &[Rendered],
        mentioned: &Mentioned,
    ) -> Option<BTreeSet<Ix>> {
        let mut retold = BTreeSet::new();
        for (ix, old, _) in &self.passes {
            let body = &site.entities[*ix].body;
            let (old, new) = (&old.mentions, &rendered[*ix].mentions);
            if old.len() != new.len() {
                return None;
            }
            for i in 0..new.len() {
                if same_passage(body, (old, new), i, mentioned.sentence(*ix, i)) {
                    continue;
                }
                let (before, after) = (old.get(i), new.get(i));
                if !old.retold(before, new, after) {
                    return None;
                }
                retold.insert(after.target);
            }
        }
        Some(retold)
    }

    fn restore(self, kept: &mut Intermediates) {
        for (ix, body, line) in self.bodies {
            kept.site.entities[ix].body = body;
            kept.site.entities[ix].body_line = line;
        }
        for (ix, rendered, entry) in self.passes {
            kept.rendered[ix] = rendered;
            kept.search_entries[ix] = entry;
        }
    }
}

/// Whether mention `i` before an edit and after it (in `body`, the new body) are one: in
/// the same place, and in the same sentence if the old one was read.
fn same_passage(
    body: &str,
    (old, new): (&PageMentions, &PageMentions),
    i: usize,
    sentence: Option<&str>,
) -> bool {
    let (before, after) = (old.get(i), new.get(i));
    if !old.same_place(before, new, after) {
        return false;
    }
    match (new.text(after), sentence) {
        ((PassageText::Paragraph(block), at), Some(sentence)) => {
            passage_sentence(body, block, at) == sentence
        }
        _ => true,
    }
}

/// Renders the `edited` entities again, their pages into the writer's sink, and puts what
/// each pass leaves in place of the old one (kept in `undo`); then checks every anchor
/// again. Returns the problems of both.
fn rerender(
    site: &Site,
    writer: &render::PageWriter,
    edited: &[Ix],
    rendered: &mut [Rendered],
    search_entries: &mut [String],
    undo: &mut Vec<(Ix, Rendered, String)>,
) -> Diagnostics {
    let passes: Vec<(Ix, render::EntityPass)> = edited
        .iter()
        .map(|&ix| (ix, render::render_entity(site, ix, Some(writer))))
        .collect();
    let mut problems = render::entity_problems(passes.iter().map(|(_, p)| p));
    for (ix, pass) in passes {
        let old_rendered = std::mem::replace(&mut rendered[ix], pass.rendered);
        let old_entry = std::mem::replace(&mut search_entries[ix], pass.search_entry);
        undo.push((ix, old_rendered, old_entry));
    }
    problems.extend(render::check_anchors(site, rendered).into_sorted());
    problems
}

/// The changed files as (entity, text), each once, if every one of them is a page the
/// site has, readable, and none is the record of a UN document; `None` otherwise.
fn read_changed(root: &Path, changed: &[PathBuf], site: &Site) -> Option<Vec<(Ix, String)>> {
    if changed.is_empty() {
        return None;
    }
    let mut files: Vec<(Ix, String)> = Vec::new();
    for path in changed {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let ix = site.by_path(rel)?;
        // A record of a UN document is its document's page, written with the pages
        // that gather: a full build writes it.
        if site.is_record(ix) {
            return None;
        }
        if files.iter().all(|(other, _)| *other != ix) {
            files.push((ix, read_text(root, rel)?));
        }
    }
    Some(files)
}

/// A file of the site as text, if it is readable and UTF-8.
fn read_text(root: &Path, rel: &Path) -> Option<String> {
    String::from_utf8(std::fs::read(root.join(rel)).ok()?).ok()
}

/// The changed files as (entity, new body, first line of the body), if the front matter
/// of every one of them is unchanged; `None` otherwise.
fn body_edits(site: &Site, files: &[(Ix, String)]) -> Option<Vec<(Ix, String, usize)>> {
    files
        .iter()
        .map(|(ix, text)| {
            let e = &site.entities[*ix];
            let split = content::frontmatter::split(&e.path, text).ok()?;
            (split.yaml == e.yaml).then(|| (*ix, split.body.to_string(), split.body_line))
        })
        .collect()
}
