//! The dev server's quick paths: an edit of page bodies, or of front matter, re-renders
//! only what it touches, and must give exactly what a full build gives; what they cannot
//! do is refused, and a full build does it.

mod common;
use common::*;
use std::path::PathBuf;

fn full(site: &Site) -> cyberrecord::output::Output {
    cyberrecord::generate(site.path())
        .unwrap_or_else(|_| panic!("the fixture builds"))
        .output
}

#[test]
fn a_body_edit_updates_to_what_a_full_build_makes() {
    let site = Site::minimal();
    let mut generated = cyberrecord::generate(site.path()).ok().unwrap();
    site.write(
        "content/norms/e.md",
        "---\ntitle: Respect human rights\nset: gge-2015\nletter: \"e\"\nlabel: \"(e)\"\nsummary: Human rights apply.\nsource: {document: \"A/70/174\", paragraph: \"13 (e)\"}\nregions: [osce]\n---\n## Scope\n\nAs A/RES/70/237 recalls. Now citing A/RES/99/1, a new symbol.\n",
    );
    let result = generated.update(site.path(), &[PathBuf::from("content/norms/e.md")]);
    assert!(
        matches!(result, Some(Ok(()))),
        "the quick path applies to a body edit"
    );
    let page =
        String::from_utf8_lossy(generated.output.get("norms/e/index.html").unwrap()).into_owned();
    assert!(page.contains("Now citing"), "{page}");
    assert!(
        generated
            .output
            .get("documents/a-res-99-1/index.html")
            .is_some(),
        "the newly cited document has its page"
    );
    assert_eq!(
        generated.output,
        full(&site),
        "the quick path and a full build differ"
    );
}

#[test]
fn a_front_matter_edit_that_renames_a_page_needs_a_full_build() {
    let site = Site::minimal();
    let mut generated = cyberrecord::generate(site.path()).ok().unwrap();
    site.write(
        "content/norms/e.md",
        "---\ntitle: A new title\nset: gge-2015\nsummary: S\n---\n## Scope\n",
    );
    assert!(generated
        .update(site.path(), &[PathBuf::from("content/norms/e.md")])
        .is_none());
}

#[test]
fn a_body_that_drops_the_last_citation_of_a_document_needs_a_full_build() {
    let site = Site::minimal();
    let mut generated = cyberrecord::generate(site.path()).ok().unwrap();
    assert!(generated
        .output
        .get("documents/a-res-70-237/index.html")
        .is_some());
    // norms/e.md is the only page that cites A/RES/70/237: its page must go.
    site.write(
        "content/norms/e.md",
        "---\ntitle: Respect human rights\nset: gge-2015\nletter: \"e\"\nlabel: \"(e)\"\nsummary: Human rights apply.\nsource: {document: \"A/70/174\", paragraph: \"13 (e)\"}\nregions: [osce]\n---\n## Scope\n\nNo symbol any more.\n",
    );
    let before = generated.output.clone();
    assert!(generated
        .update(site.path(), &[PathBuf::from("content/norms/e.md")])
        .is_none());
    assert_eq!(generated.output, before, "nothing changed on the way out");
    assert!(full(&site)
        .get("documents/a-res-70-237/index.html")
        .is_none());
}

#[test]
fn new_and_deleted_files_need_a_full_build() {
    let site = Site::minimal();
    let mut generated = cyberrecord::generate(site.path()).ok().unwrap();
    site.write(
        "content/norms/f.md",
        "---\ntitle: F\nset: gge-2015\nsummary: S\n---\n",
    );
    assert!(generated
        .update(site.path(), &[PathBuf::from("content/norms/f.md")])
        .is_none());
    site.remove("content/about.md");
    assert!(generated
        .update(site.path(), &[PathBuf::from("content/about.md")])
        .is_none());
}

#[test]
fn a_broken_link_in_a_body_fails_and_changes_nothing() {
    let site = Site::minimal();
    let mut generated = cyberrecord::generate(site.path()).ok().unwrap();
    let before = generated.output.clone();
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: About the site.\n---\nSee [gone](@/norms/zz.md).\n",
    );
    match generated.update(site.path(), &[PathBuf::from("content/about.md")]) {
        Some(Err(cyberrecord::Failure::Input(errors))) => {
            assert!(
                errors[0]
                    .to_string()
                    .starts_with("error: content/about.md:5:5: link to a missing page"),
                "{}",
                errors[0]
            );
        }
        _ => panic!("expected the broken link to be reported"),
    }
    assert_eq!(generated.output, before);
    // Fixed: the update applies and matches a full build.
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: About the site.\n---\nSee [e](@/norms/e.md#scope).\n",
    );
    assert!(matches!(
        generated.update(site.path(), &[PathBuf::from("content/about.md")]),
        Some(Ok(()))
    ));
    assert_eq!(generated.output, full(&site));
}

#[test]
fn removing_an_anchor_that_another_page_links_to_is_an_error() {
    let site = Site::minimal();
    let mut generated = cyberrecord::generate(site.path()).ok().unwrap();
    // regions/osce.md links to norms/e.md#scope.
    site.write("content/norms/e.md", "---\ntitle: Respect human rights\nset: gge-2015\nletter: \"e\"\nlabel: \"(e)\"\nsummary: Human rights apply.\nsource: {document: \"A/70/174\", paragraph: \"13 (e)\"}\nregions: [osce]\n---\n## Renamed\n");
    match generated.update(site.path(), &[PathBuf::from("content/norms/e.md")]) {
        Some(Err(cyberrecord::Failure::Input(errors))) => {
            assert!(
                errors
                    .iter()
                    .any(|e| e.to_string().contains("content/regions/osce.md")
                        && e.to_string().contains("#scope")),
                "{errors:?}"
            );
        }
        _ => panic!("expected the dangling anchor to be reported"),
    }
}

/// A site open in `serve`: its kept build, updated as the dev server updates it.
struct Served {
    site: Site,
    generated: cyberrecord::Generated,
}

use Took::{Full, Quick};

/// How an update applied an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Took {
    /// The quick path, and its output is a full build's, byte for byte.
    Quick,
    /// A full build: the update changed nothing and said so.
    Full,
}

impl Served {
    fn new(site: Site) -> Served {
        let mut generated =
            cyberrecord::generate(site.path()).unwrap_or_else(|_| panic!("the fixture builds"));
        generated.keep_for_updates();
        Served { site, generated }
    }

    /// Replaces the first `from` of the file `rel` with `to` and applies the edit as
    /// `serve` does. After a quick update the whole output must be a full build's of the
    /// same files; after a refusal nothing must have changed, and the site is built again
    /// as `serve` then does (if that build fails, the next edit is applied to the kept
    /// build, which the refusal left as it was).
    fn edit(&mut self, rel: &str, from: &str, to: &str) -> Took {
        let text = std::fs::read_to_string(self.site.path().join(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.site.write(rel, &text.replacen(from, to, 1));
        let before = self.generated.output.clone();
        match self
            .generated
            .update(self.site.path(), &[PathBuf::from(rel)])
        {
            Some(Ok(())) => {
                let full = cyberrecord::generate(self.site.path())
                    .unwrap_or_else(|_| panic!("the edit of {rel} builds"));
                assert_same(&self.generated.output, &full.output, rel);
                assert_eq!(
                    self.generated.pages, full.pages,
                    "the page count after {rel}"
                );
                Took::Quick
            }
            Some(Err(_)) => panic!("the edit of {rel} failed on the quick path"),
            None => {
                assert_same(&self.generated.output, &before, rel);
                if let Ok(mut full) = cyberrecord::generate(self.site.path()) {
                    full.keep_for_updates();
                    self.generated = full;
                }
                Took::Full
            }
        }
    }
}

/// The two outputs are the same, file for file and byte for byte; if not, the files that
/// differ are named, and where the first one starts to.
fn assert_same(got: &cyberrecord::output::Output, want: &cyberrecord::output::Output, edit: &str) {
    let paths: std::collections::BTreeSet<&str> = got.paths().chain(want.paths()).collect();
    let differ: Vec<&str> = paths
        .into_iter()
        .filter(|p| got.get(p) != want.get(p))
        .collect();
    let Some(first) = differ.first() else { return };
    let (a, b) = (
        got.get(first).unwrap_or(b""),
        want.get(first).unwrap_or(b""),
    );
    let at = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let around = |s: &[u8]| {
        String::from_utf8_lossy(&s[at.saturating_sub(150)..(at + 150).min(s.len())]).into_owned()
    };
    panic!(
        "after the edit of {edit}, {} files differ from a full build's: {:?}\nfirst, {first} at byte {at}:\nquick path: …{}…\nfull build: …{}…",
        differ.len(),
        &differ[..differ.len().min(12)],
        around(a),
        around(b)
    );
}

/// The minimal site with its events filed by year but not under it (their URLs have no
/// year), so that an event can move to another year without moving its page.
fn site_with_movable_events() -> Site {
    let site = Site::minimal();
    let schema = SCHEMA_YAML
        .replace(
            "    url: \"timeline/{year}/{id}/\"\n",
            "    url: \"events/{id}/\"\n",
        )
        .replace("    file_names: date\n", "");
    site.write("content/schema.yaml", &schema);
    site.write(
        "content/processes/gge-2014.md",
        "---\ntitle: \"Group of Governmental Experts (2014–2015)\"\nshort_name: \"GGE 2014–2015\"\nkind: gge\nstart: 2014\nend: 2015\nsummary: \"The fourth group.\"\n---\nIt met in New York.\n",
    );
    site.write(
        "content/norms/f.md",
        "---\ntitle: Protect infrastructure\nset: gge-2015\nletter: \"f\"\nlabel: \"(f)\"\nsummary: Keep it safe.\n---\n",
    );
    site.write(
        "content/people/jane-doe.md",
        "---\nname: Jane Doe\nroles: [{role: Chair, process: gge-2014, region: osce}]\n---\n",
    );
    let event = "content/timeline/2016-event.md";
    let text = std::fs::read_to_string(site.path().join(event)).unwrap();
    site.write(event, &format!("{text}As norm (e) asks, and the OSCE.\n"));
    site
}

/// The edits of [`site_with_movable_events`], in turn: the file, the text replaced, what
/// replaces it, and the path the update must take.
#[rustfmt::skip]
const SMALL_SITE_EDITS: &[(&str, &str, &str, Took)] = &[
    (EVENT_2015, "title: Event of 2015", "title: The event of 2015", Quick),
    (EVENT_2015, "summary: Something happened in 2015.", "summary: Much happened.", Quick),
    // Into another year: both years' pages, their neighbours' links, every chart.
    (EVENT_2015, "date: \"2015-03\"", "date: \"2016-05-02\"", Quick),
    (EVENT_2015, "norms: [e]", "norms: [e]\nregions: [osce]", Quick),
    (EVENT_2015, "norms: [e]\n", "", Quick),
    (EVENT_2015, "sources: [", "sources: [{title: Another, url: \"https://example.org/b\"}, ", Quick),
    // Another type: another view of the timeline, every view's counts.
    (EVENT_2015, "---\n", "---\ntype: meeting\n", Quick),
    (EVENT_2015, "type: meeting\n", "type: meeting\nkey: \"A key event\"\n", Quick),
    (EVENT_2015, "---\ntype", "---\nprocess: gge-2014\ntype", Quick),
    (EVENT_2015, "documents: [\"A/RES/70/1\"]", "documents: [\"A/RES/70/1\", \"A/RES/71/9\"]", Quick),
    (PROCESS, "summary: \"The fourth group.\"", "summary: \"The fourth.\"", Quick),
    (PROCESS, "end: 2015", "end: 2016", Quick),
    // The year pages list the processes under way.
    (PROCESS, "start: 2014", "start: 2015", Quick),
    (NORM_E, "summary: Human rights apply.", "summary: Rights apply.", Quick),
    (NORM_E, "title: Respect human rights", "title: Respect rights", Quick),
    // Its link is the same, its place among the norms is not: now after (f).
    (NORM_E, "set: gge-2015", "set: gcsc", Quick),
    ("content/regions/osce.md", "city: Bratislava", "city: Vienna", Quick),
    // The people's index shows each role's region by its title.
    ("content/regions/osce.md", "title: OSCE consultation", "title: The OSCE's", Quick),
    ("content/people/jane-doe.md", "role: Chair", "role: Co-chair", Quick),
    // An event that mentions pages, moved within its year: still before the next.
    (EVENT_2016, "date: \"2016-03\"", "date: \"2016-04\"", Quick),
    // The pages it mentions list it by its title.
    (EVENT_2016, "title: Event of 2016", "title: The 2016 event", Quick),
    // Moved past the next: the pages it mentions list their mentions in the order of the
    // collections, the first 50 with sentences read from the bodies.
    (EVENT_2016, "date: \"2016-04\"", "date: \"2016-06\"", Full),
    // A summary that mentions a page: the page mentioned lists its sentence.
    (EVENT_2015, "summary: Much happened.", "summary: Much happened to norm (e).", Full),
    // The mention kept, its text edited around it: the norm's page lists the new text.
    (EVENT_2015, "summary: Much happened to", "summary: A lot happened to", Quick),
    // The norm's letter gives its name ("norm (e)"): mentions change across the site.
    (NORM_E, "letter: \"e\"", "letter: \"g\"", Full),
    // A process's title is one of its names.
    (PROCESS, "title: \"Group", "title: \"The Group", Full),
    // The footer of every page lists the plain pages.
    ("content/about.md", "title: About", "title: About us", Full),
    // An unknown id is an error: a full build reports it. The refused update left the
    // kept build as it was, and the fix applies to it.
    (EVENT_2015, "regions: [osce]", "regions: [osec]", Full),
    (EVENT_2015, "regions: [osec]", "regions: [osce]", Quick),
    // The only citation of A/RES/70/1 goes: its page must go too.
    (EVENT_2015, "\"A/RES/70/1\", ", "", Full),
];

const EVENT_2015: &str = "content/timeline/2015-event.md";
const EVENT_2016: &str = "content/timeline/2016-event.md";
const NORM_E: &str = "content/norms/e.md";
const PROCESS: &str = "content/processes/gge-2014.md";

#[test]
fn front_matter_edits_of_a_small_site_update_to_what_a_full_build_makes() {
    let mut served = Served::new(site_with_movable_events());
    for &(rel, from, to, took) in SMALL_SITE_EDITS {
        assert_eq!(served.edit(rel, from, to), took, "{rel}: {from:?} → {to:?}");
    }
}

#[test]
fn a_front_matter_edit_of_a_build_that_kept_nothing_for_updates_makes_what_it_needs() {
    let site = site_with_movable_events();
    let mut generated = cyberrecord::generate(site.path()).unwrap();
    let text = std::fs::read_to_string(site.path().join(EVENT_2015)).unwrap();
    assert!(text.contains("title: Event of 2015"), "{text}");
    site.write(
        EVENT_2015,
        &text.replacen("title: Event", "title: The event", 1),
    );
    let update = generated.update(site.path(), &[PathBuf::from(EVENT_2015)]);
    assert!(matches!(update, Some(Ok(()))), "the quick path");
    assert_same(&generated.output, &full(&site), EVENT_2015);
}

/// The repository's own site, in a temporary folder.
fn repository_site() -> Site {
    let site = Site::empty();
    copy_tree(&repo_root().join("content"), &site.path().join("content"));
    site
}

/// The edits of the repository's site, as [`SMALL_SITE_EDITS`].
#[rustfmt::skip]
const REPOSITORY_EDITS: &[(&str, &str, &str, Took)] = &[
    // Its title mentions resolution 70/237, whose page lists the title as the passage:
    // the mention is where it was, so that page is written again with the new title.
    (RESOLUTION, "title: \"General Assembly adopts", "title: \"The General Assembly adopts", Quick),
    // Key events: every view of the timeline lists them.
    ("content/timeline/2015-07-22-gge-report.md", "title: \"Fourth Group", "title: \"The fourth Group", Quick),
    ("content/timeline/2004-first-gge-established.md", "title: \"Secretary-General establishes", "title: \"The Secretary-General sets up", Quick),
    (RESOLUTION, "summary: \"By consensus, the", "summary: \"Without a vote, the", Quick),
    (RESOLUTION, "processes: [gge-2014]", "processes: [gge-2014]\nregions: [osce]", Quick),
    (RESOLUTION, "norms: [a, b, c, d, e, f, g, h, i, j, k]", "norms: [a, b, c, d, e, f, g, h, i, j]", Quick),
    (RESOLUTION, "sources:\n", "sources:\n  - {title: \"A new source\", url: \"https://example.org/new\"}\n", Quick),
    (RESOLUTION, "type: resolution", "type: meeting", Quick),
    (RESOLUTION, "type: meeting", "type: meeting\nkey: \"The Assembly calls for the fifth group\"", Quick),
    (RESOLUTION, "documents: [\"A/RES/70/237\"]", "documents: [\"A/RES/70/237\", \"A/70/174\"]", Quick),
    ("content/norms/e.md", "title: \"Respect human rights and privacy\"", "title: \"Respect human rights\"", Quick),
    ("content/norms/e.md", "summary: \"In securing", "summary: \"When securing", Quick),
    ("content/regions/osce.md", "city: \"Bratislava\"", "city: \"Vienna\"", Quick),
    ("content/regions/osce.md", "status: summarised", "status: announced", Quick),
    ("content/people/alex-grigsby.md", "summary: \"Senior Associate", "summary: \"Associate", Quick),
    ("content/topics/norms.md", "summary: \"The voluntary", "summary: \"The", Quick),
    (OEWG, "summary: \"The first open-ended", "summary: \"The first", Quick),
    // Its date is in its URL (timeline/2015/…): a full build writes the links to it.
    (RESOLUTION, "date: \"2015-12\"", "date: \"2016-01\"", Full),
    // A process's short name is one of its names.
    (OEWG, "short_name: \"OEWG 2019–2021\"", "short_name: \"OEWG I\"", Full),
    // A record of a UN document is its document's page, written with the pages that
    // gather.
    ("content/documents/a-res-70-237.md", "vote: \"Adopted by consensus\"", "vote: \"Adopted\"", Full),
    // The footer of every page lists the plain pages.
    ("content/about.md", "title: \"About this record\"", "title: \"About\"", Full),
];

const RESOLUTION: &str = "content/timeline/2015-12-resolution-70-237.md";
const OEWG: &str = "content/processes/oewg-2019.md";

#[test]
fn front_matter_edits_of_the_repository_site_update_to_what_a_full_build_makes() {
    let mut served = Served::new(repository_site());
    for &(rel, from, to, took) in REPOSITORY_EDITS {
        assert_eq!(served.edit(rel, from, to), took, "{rel}: {from:?} → {to:?}");
    }
}

/// With a base URL the site has a sitemap, which lists a newly cited document's page.
#[test]
fn a_newly_cited_document_is_in_the_sitemap() {
    let site = Site::minimal();
    site.write(
        "content/site.yaml",
        &format!("{SITE_YAML}base_url: \"https://example.org/record/\"\n"),
    );
    let mut served = Served::new(site);
    let event = "content/timeline/2014-event.md";
    let new_symbol = "documents: [\"A/RES/69/1\", \"A/RES/68/5\"]";
    assert_eq!(
        served.edit(event, "documents: [\"A/RES/69/1\"]", new_symbol),
        Quick
    );
    let sitemap = served.generated.output.get("sitemap.xml").unwrap();
    assert!(String::from_utf8_lossy(sitemap).contains("documents/a-res-68-5/"));
    // In a body too.
    let text = std::fs::read_to_string(served.site.path().join(event)).unwrap();
    assert_eq!(
        served.edit(event, &text, &format!("{text}Citing A/RES/67/3.\n")),
        Quick
    );
}
