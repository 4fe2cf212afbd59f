//! The quick path for an edit that changes front matter. The edited pages are read again
//! as the load step reads them, put in place of the old ones, and the graph derived again;
//! then only the pages that show something of them, before the edit or after it, are
//! written again. What shows what is read off the template contexts (`render/context.rs`),
//! the only way templates see the site: [`Touched::add_showing`] lists it. Whatever this
//! path cannot be sure of needs the whole site built, and is refused where it is checked.

use super::{read_text, rerender, Undo};
use crate::content::{self, Entity, Kind};
use crate::documents::{self, Documents};
use crate::markdown::Rendered;
use crate::output::{MemorySink, Output};
use crate::pipeline::{Failure, Generated, Intermediates};
use crate::render::{self, Gathering, PageWriter};
use crate::site::{Ix, Site};
use crate::timeline::{self, View};
use crate::timeline_svg;
use crate::timings::{Step, Timings};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

impl Generated {
    /// Applies an edit of pages of which at least one changed its front matter (`files`:
    /// each page and its new text). Returns `None`, with nothing of `self` changed, where
    /// the whole site must be built (each reason is told where it is checked), and on any
    /// problem: a full build reports every one, at its place.
    pub(super) fn update_front_matter(
        &mut self,
        root: &Path,
        files: Vec<(Ix, String)>,
        start: Instant,
    ) -> Option<Result<(), Failure>> {
        let pages = reread(&self.kept.site, files)?;
        let mut replaced = Replaced::default();
        let Some(written) = apply(&mut self.kept, root, pages, &mut replaced) else {
            replaced.restore(&mut self.kept);
            return None;
        };
        self.output.files.extend(written.output.files);
        self.pages = written.pages.unwrap_or(self.pages);
        self.kept.documents = written.documents;
        self.timings = Timings::default();
        self.timings.push(Step::Update, start.elapsed());
        Some(Ok(()))
    }
}

/// What an update wrote, and what the site is after it.
struct Written {
    output: Output,
    /// The number of HTML pages, if it changed (a document newly cited adds one).
    pages: Option<usize>,
    documents: Documents,
}

/// Each changed file read as the load step reads it, by the schema; `None` if one no
/// longer reads, or changes what this path keeps as it was.
fn reread(site: &Site, files: Vec<(Ix, String)>) -> Option<Vec<(Ix, Entity)>> {
    files
        .into_iter()
        .map(|(ix, text)| {
            let old = &site.entities[ix];
            let new =
                content::parse_entity(&site.schema, &old.path, old.kind, old.id.clone(), &text)
                    .ok()?;
            same_names(site, old, &new).then_some((ix, new))
        })
        .collect()
}

/// Whether a page keeps its names (its kind's `names`, over its fields: `aliases` among
/// them) and what it says names mean (`means`). Both are read by the Markdown of every
/// page, through the name index and the meanings that the graph builds once: a change
/// of either can change mentions and links across the site.
fn same_names(site: &Site, old: &Entity, new: &Entity) -> bool {
    let roles = site.schema.roles(old.kind);
    let names = |e: &Entity| -> Vec<Vec<String>> {
        roles.names.iter().map(|p| p.expand(&e.fields)).collect()
    };
    let means = roles.means;
    names(old) == names(new) && means.map(|f| old.fields.get(f)) == means.map(|f| new.fields.get(f))
}

/// The edit, step by step; what each step replaces goes into `replaced`, to be put back
/// by the caller if a later step refuses (`None`).
fn apply(
    kept: &mut Intermediates,
    root: &Path,
    pages: Vec<(Ix, Entity)>,
    replaced: &mut Replaced,
) -> Option<Written> {
    let edited: Vec<Ix> = pages.iter().map(|(ix, _)| *ix).collect();
    let before = Seen::of(kept, &kept.documents, &edited);
    put_in_place(kept, pages, &before, replaced)?;
    kept.remake_rows(&edited);
    let sink = MemorySink::default();
    let retold = render_edited(kept, &edited, replaced, &sink)?;
    let prose = |ix: Ix| &kept.rendered[ix].symbols[..];
    let documents = documents::reindex(&kept.site, &kept.documents, &edited, prose)?;
    // A document no page cites any more would leave its page behind.
    if kept.documents.keys().any(|s| !documents.contains_key(s)) {
        return None;
    }
    let after = Seen::of(kept, &documents, &edited);
    // A page's URL is in the Markdown of the pages that link to it, and what every page
    // shows (the navigation, the footer) is on every page: a full build writes those.
    if after.urls != before.urls || after.shared != before.shared {
        return None;
    }
    let mut touched = before.touched_with(after, &kept.site);
    // A page mentioned in a text of the front matter lists that text where it is
    // mentioned.
    for target in retold {
        touched.page(&kept.site, target);
    }
    if documents != kept.documents {
        touched.gatherings.insert(Gathering::Documents);
    }
    let edit = Edit {
        edited: &edited,
        touched: &touched,
        documents: &documents,
    };
    let pages = write_touched(kept, root, &edit, &sink)?;
    Some(Written {
        output: sink.into_output(),
        pages,
        documents,
    })
}

/// Puts the pages in place and derives the graph again; `None` on a problem, or if an
/// edited page that mentions pages moved in its collection.
fn put_in_place(
    kept: &mut Intermediates,
    pages: Vec<(Ix, Entity)>,
    before: &Seen,
    replaced: &mut Replaced,
) -> Option<()> {
    let edited: Vec<Ix> = pages.iter().map(|(ix, _)| *ix).collect();
    for (ix, page) in pages {
        replaced.pages.push((ix, kept.site.replace(ix, page)));
    }
    if !kept.site.rederive(&edited).is_empty() {
        return None;
    }
    let position = &kept.site.position;
    let moved = edited
        .iter()
        .any(|&ix| position[ix] != before.positions[ix]);
    (!moved || !mentions_pages(kept, &edited)).then_some(())
}

/// Renders the edited pages again, as the entity pass does (their Markdown, their
/// pages into `sink`), and checks every anchor again; `None` on a problem, or if their
/// mentions changed: gone, new or moved, they change the lists of the pages mentioned,
/// as in an edit of bodies. Returns the pages mentioned in a text of the front matter
/// that changed around the mention (a title edited, the name it mentions kept): they
/// list the new text.
fn render_edited(
    kept: &mut Intermediates,
    edited: &[Ix],
    replaced: &mut Replaced,
    sink: &MemorySink,
) -> Option<BTreeSet<Ix>> {
    let writer = PageWriter::new(&kept.site, &kept.theme, sink);
    let (rendered, entries) = (&mut kept.rendered, &mut kept.search_entries);
    let undo = &mut replaced.passes;
    let problems = rerender(
        &kept.site,
        &writer,
        edited,
        rendered,
        entries,
        &mut undo.passes,
    );
    drop(writer);
    if !problems.is_empty() {
        return None;
    }
    undo.retold_mentions(&kept.site, &kept.rendered, &kept.mentioned)
}

/// Whether an edited page mentions pages. Each page lists the pages that mention it in
/// the order of their collections, the first 50 with their sentences, read once from the
/// bodies that the pipeline then dropped: if a page that mentions others moves in its
/// collection, which pages are listed may change, and their sentences are not at hand.
fn mentions_pages(kept: &Intermediates, edited: &[Ix]) -> bool {
    edited
        .iter()
        .any(|&ix| !render::mentioned_by(&kept.site, &kept.rendered, ix).is_empty())
}

/// What an update of front matter replaced, put back if it fails: the pages, and what
/// the Markdown pass had left of each. What the graph derives from the pages is derived
/// again from the old ones.
#[derive(Default)]
struct Replaced {
    pages: Vec<(Ix, Entity)>,
    passes: Undo,
}

impl Replaced {
    fn restore(self, kept: &mut Intermediates) {
        self.passes.restore(kept);
        let edited: Vec<Ix> = self.pages.iter().map(|(ix, _)| *ix).collect();
        for (ix, page) in self.pages.into_iter().rev() {
            kept.site.replace(ix, page);
        }
        if !edited.is_empty() {
            kept.site.rederive(&edited);
            kept.remake_rows(&edited);
        }
    }
}

/// What the site shows of the edited pages, read in one state of it (before the edit or
/// after it): the pages that show them, and what to compare between the two states.
struct Seen {
    /// The pages that show more of the edited pages than a link: their own, their kind's
    /// index (its cards), their year's page (its entries), an index with a column each.
    whole: Touched,
    /// For each edited page, the pages that show only its link (see [`look`]).
    links: Vec<Touched>,
    looks: Vec<String>,
    /// Each page's place in its collection.
    positions: Vec<usize>,
    urls: Vec<String>,
    /// What every page shows ([`render::shown_on_every_page`]).
    shared: String,
    /// How many events each view of the timeline shows: every view links to every
    /// other with its count.
    view_counts: BTreeMap<View, usize>,
    /// How many events each year has: its page, its neighbours' links to it, the home
    /// page and every chart show it.
    year_counts: BTreeMap<i32, usize>,
}

impl Seen {
    fn of(kept: &Intermediates, documents: &Documents, edited: &[Ix]) -> Seen {
        let site = &kept.site;
        let mut whole = Touched::default();
        let mut links = Vec::new();
        for &ix in edited {
            whole.add_shown_whole(site, ix);
            let mut showing = Touched::default();
            showing.add_showing(site, documents, &kept.rendered, ix);
            links.push(showing);
        }
        Seen {
            whole,
            links,
            looks: edited.iter().map(|&ix| look(site, ix)).collect(),
            positions: site.position.clone(),
            urls: edited.iter().map(|&ix| site.url(ix).to_string()).collect(),
            shared: render::shown_on_every_page(site, &kept.theme),
            view_counts: timeline::counts(site),
            year_counts: site
                .years
                .iter()
                .map(|(&y, list)| (y, list.len()))
                .collect(),
        }
    }

    /// The pages to write again (`self` is before the edit): every page that shows more
    /// of an edited page than its link; of those that show its link, if the link or the
    /// page's place changed, all, else those that show it before or after only; and the
    /// pages that show a count that changed.
    fn touched_with(self, after: Seen, site: &Site) -> Touched {
        let mut touched = self.whole;
        touched.extend(after.whole);
        let edits = self.links.into_iter().zip(after.links).enumerate();
        for (n, (before_links, after_links)) in edits {
            let relinked = self.looks[n] != after.looks[n] || self.positions != after.positions;
            touched.extend(before_links.shown_with(after_links, relinked));
        }
        if self.view_counts != after.view_counts {
            touched.all_views(site);
        }
        for (&year, count) in &after.year_counts {
            if self.year_counts.get(&year) != Some(count) {
                touched.all_views(site);
                for y in [year - 1, year, year + 1] {
                    touched.gatherings.insert(Gathering::Year(y));
                }
            }
        }
        touched
    }
}

/// What the pages that only link to a page show of it: its link (title, URL, dates and
/// short name) and, on the timeline, its mark (date, type and key label) or its bar
/// (years), as text to compare.
fn look(site: &Site, ix: Ix) -> String {
    let mark = site.mark_date(ix);
    format!(
        "{} {mark:?} {:?} {:?} {:?}",
        render::link_text(site, ix),
        timeline::type_of(site, ix),
        timeline::key_label(site, ix),
        timeline_svg::years_of(site, ix)
    )
}

/// Pages to write again: entities' pages, and pages that gather entities.
#[derive(Default)]
struct Touched {
    entities: BTreeSet<Ix>,
    gatherings: BTreeSet<Gathering>,
}

impl Touched {
    fn extend(&mut self, other: Touched) {
        self.entities.extend(other.entities);
        self.gatherings.extend(other.gatherings);
    }

    /// The pages that show a page's link before the edit (`self`) and after it: all of
    /// them if it was `relinked`, else those that show it in one state only.
    fn shown_with(self, after: Touched, relinked: bool) -> Touched {
        if relinked {
            let mut all = self;
            all.extend(after);
            return all;
        }
        Touched {
            entities: (self.entities.symmetric_difference(&after.entities).copied()).collect(),
            gatherings: (self
                .gatherings
                .symmetric_difference(&after.gatherings)
                .cloned())
            .collect(),
        }
    }

    /// The page of the entity `ix`: its own, or its document's if it is the record of one.
    fn page(&mut self, site: &Site, ix: Ix) {
        match site.record_symbol(ix) {
            Some(symbol) => self.gatherings.insert(Gathering::Document(symbol)),
            None => self.entities.insert(ix),
        };
    }

    fn all_views(&mut self, site: &Site) {
        let views = View::all(site).into_iter().map(Gathering::Timeline);
        self.gatherings.extend(views);
    }

    /// The pages that show more of the page `ix` than its link: its own, its kind's index
    /// (a card: summary and fields), its year's page (an entry: summary, fields, related
    /// pages), and the indexes whose matrix has a column for each page of its kind (its
    /// head shows the page's fields).
    fn add_shown_whole(&mut self, site: &Site, ix: Ix) {
        let kind = site.entities[ix].kind;
        self.page(site, ix);
        self.gatherings.insert(Gathering::Index(kind));
        if let Some(year) = site.year_of(ix) {
            self.gatherings.insert(Gathering::Year(year));
        }
        for k in site.schema.collections() {
            if k.index.as_ref().is_some_and(|i| i.matrix.contains(&kind)) {
                self.gatherings.insert(Gathering::Index(k.kind));
            }
        }
    }

    /// Every page that shows the link of the page `ix` in the site as it is (where it
    /// shows it is part of what it shows: its order, its count).
    fn add_showing(&mut self, site: &Site, documents: &Documents, rendered: &[Rendered], ix: Ix) {
        let kind = site.entities[ix].kind;
        // The home page lists the latest events, the years and each indexed kind's pages.
        if let Some(home) = site.get(site.schema.pages(), "index") {
            self.page(site, home);
        }
        // Its neighbours in its collection link to it (previous, next).
        let (list, at) = (site.collection(kind), site.position[ix]);
        let neighbours = [at.checked_sub(1), Some(at + 1)].into_iter().flatten();
        for &next in neighbours.filter_map(|p| list.get(p)) {
            self.page(site, next);
        }
        // The pages related to it either way list it (and a field that names it links
        // it), as do their index pages and, for a page on the timeline, its year's.
        for &other in site.related[ix].values().flatten() {
            self.page(site, other);
            self.gatherings
                .insert(Gathering::Index(site.entities[other].kind));
            if let Some(year) = site.year_of(other) {
                self.gatherings.insert(Gathering::Year(year));
            }
        }
        // The pages of the UN documents it cites list it, as do the pages it mentions.
        for (symbol, cited) in documents {
            if cited.contains(&ix) {
                self.gatherings.insert(Gathering::Document(symbol.clone()));
            }
        }
        for target in render::mentioned_by(site, rendered, ix) {
            self.page(site, target);
        }
        self.add_timeline(site, ix);
    }

    /// The timeline's pages that show the page `ix`: for a marked page the views that
    /// show it (a key event is listed on every view); for a page drawn as a bar every
    /// view, which draws it and links to its own, and the years it is under way.
    fn add_timeline(&mut self, site: &Site, ix: Ix) {
        if site.year_of(ix).is_some() {
            let shown = View::all(site).into_iter().filter(|v| v.shows(site, ix));
            self.gatherings.extend(shown.map(Gathering::Timeline));
            if timeline::key_label(site, ix).is_some() {
                self.all_views(site);
            }
        }
        if Some(site.entities[ix].kind) == site.schema.barred() {
            self.all_views(site);
            let under_way = site
                .years
                .keys()
                .filter(|&&y| timeline_svg::under_way(site, ix, y));
            self.gatherings
                .extend(under_way.map(|&y| Gathering::Year(y)));
        }
    }
}

/// An edit, once its pages are in place and rendered: what to write again.
struct Edit<'a> {
    edited: &'a [Ix],
    touched: &'a Touched,
    /// The index of the documents after the edit (the one before is still kept).
    documents: &'a Documents,
}

/// Writes the touched pages again into `sink` (the edited ones are there already), and
/// the files beside the pages that show the edited kinds. Returns the number of HTML
/// pages if it changed; `None` on a problem.
fn write_touched(
    kept: &mut Intermediates,
    root: &Path,
    edit: &Edit,
    sink: &MemorySink,
) -> Option<Option<usize>> {
    // The pages that do not list their mentions kept no HTML body after the entity
    // pass: their Markdown is rendered again from their files.
    let from_files: Vec<Ix> = (edit.touched.entities.iter().copied())
        .filter(|ix| !edit.edited.contains(ix) && !kept.site.is_mentionable(*ix))
        .collect();
    let bodies = load_bodies(&mut kept.site, root, &from_files)?;
    let mut kinds: Vec<Kind> = (edit.edited.iter())
        .map(|&ix| kept.site.entities[ix].kind)
        .collect();
    kinds.sort();
    kinds.dedup();
    let rewrite = render::Rewrite {
        pages: &edit.touched.gatherings,
        kinds: &kinds,
        before: &kept.documents,
    };
    let entities = &edit.touched.entities;
    let pages = write_pages(kept, &from_files, entities, edit.documents, &rewrite, sink);
    for (ix, body) in bodies {
        kept.site.entities[ix].body = body;
    }
    pages
}

/// Puts the bodies of `pages`, read again from their files, in place, and returns the
/// bodies they had; `None` if a file no longer has the front matter the site has (an
/// edit not told yet: a full build reads it).
fn load_bodies(site: &mut Site, root: &Path, pages: &[Ix]) -> Option<Vec<(Ix, String)>> {
    let read: Vec<(Ix, String)> = pages
        .par_iter()
        .map(|&ix| {
            let e = &site.entities[ix];
            let text = read_text(root, &e.path)?;
            let split = content::frontmatter::split(&e.path, &text).ok()?;
            (split.yaml == e.yaml).then(|| (ix, split.body.to_string()))
        })
        .collect::<Option<_>>()?;
    let old = read
        .into_iter()
        .map(|(ix, body)| (ix, std::mem::replace(&mut site.entities[ix].body, body)))
        .collect();
    Some(old)
}

/// Renders the pages of `entities` (those `from_files` as in the entity pass, those that
/// list their mentions with them) and what `rewrite` names.
fn write_pages(
    kept: &Intermediates,
    from_files: &[Ix],
    entities: &BTreeSet<Ix>,
    documents: &Documents,
    rewrite: &render::Rewrite,
    sink: &MemorySink,
) -> Option<Option<usize>> {
    let writer = PageWriter::new(&kept.site, &kept.theme, sink);
    let passes: Vec<render::EntityPass> = from_files
        .par_iter()
        .map(|&ix| render::render_entity(&kept.site, ix, Some(&writer)))
        .collect();
    let mut problems = render::entity_problems(&passes);
    let writer = writer.with_mentions(&kept.mentioned, &kept.rendered);
    let entities: Vec<Ix> = entities.iter().copied().collect();
    let mentionable = render::write_mentionable(&writer, &entities, &kept.rendered);
    problems.extend(mentionable.into_sorted());
    let rows = kept.front_matter_rows.as_ref();
    let (rendered, entries) = (&kept.rendered, &kept.search_entries);
    let (count, gathering) =
        render::render_after_front_matter(&writer, documents, rendered, entries, rows, rewrite);
    problems.extend(gathering.into_sorted());
    problems.is_empty().then_some(count)
}
