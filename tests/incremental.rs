//! The dev server's quick path: an edit of page bodies re-renders only what it touches, and
//! must give exactly what a full build gives.

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
fn a_front_matter_edit_needs_a_full_build() {
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
