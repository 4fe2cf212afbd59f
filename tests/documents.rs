//! The kind that holds the UN documents (`documents` in the schema): a record is the
//! page of its document, lists the pages citing it, and `check` names the cited
//! documents that have none.

mod common;
use common::*;

const RECORD: &str = "content/documents/a-70-174.md";

fn record(symbol: &str) -> String {
    format!("---\nsymbol: \"{symbol}\"\ntitle: \"Report of the Group\"\ndate: \"2015-07-22\"\ntype: report\nbody: \"Group of Governmental Experts\"\nsummary: \"The eleven norms.\"\nparagraphs:\n  - {{paragraph: \"13\", about: \"the norms\"}}\nrecord: \"https://undocs.org/{symbol}\"\n---\nWhat the report does, in a few words.\n")
}

#[test]
fn a_record_is_its_documents_page_with_the_pages_citing_it() {
    let site = Site::minimal();
    site.write(RECORD, &record("A/70/174"));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("documents/a-70-174/index.html");
    for expected in [
        "<h1>A/70/174</h1>",
        "Report of the Group",
        "<dt>Date</dt><dd>22 July 2015</dd>",
        "<dt>By</dt><dd>Group of Governmental Experts</dd>",
        "Paragraph 13: the norms",
        "What the report does, in a few words.",
        // content/norms/e.md gives it as its source document.
        "href=\"../../norms/e/index.html\"",
    ] {
        assert!(page.contains(expected), "{expected} in\n{page}");
    }
    let list = site.read("documents/index.html");
    assert!(list.contains("a-70-174"), "{list}");
    // The record is no citation of itself.
    assert!(
        !page.contains(
            "href=\"../../documents/a-70-174/index.html\">A/70/174</a> <span class=\"meta\">"
        ),
        "{page}"
    );
}

#[test]
fn a_record_no_page_cites_still_has_its_page() {
    let site = Site::minimal();
    site.write(
        "content/documents/a-hrc-res-20-8.md",
        &record("A/HRC/RES/20/8"),
    );
    assert_eq!(site.build().code, 0);
    let page = site.read("documents/a-hrc-res-20-8/index.html");
    assert!(page.contains("<h1>A/HRC/RES/20/8</h1>"), "{page}");
    assert!(page.contains("0 pages of this site"), "{page}");
}

#[test]
fn check_names_the_cited_documents_without_a_record() {
    let site = Site::minimal();
    site.write(RECORD, &record("A/70/174"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("note: 4 cited UN documents have no record in content/documents/: A/RES/69/1, A/RES/70/1, A/RES/70/237, A/RES/71/1"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_record_named_after_another_symbol_is_located() {
    let site = Site::minimal();
    site.write("content/documents/a-70-175.md", &record("A/70/174"));
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.errors(),
        ["error: content/documents/a-70-175.md:2:10: the record of A/70/174 must be named content/documents/a-70-174.md, after its symbol, so that its page is the one its citations link to: rename the file"]
    );
}

#[test]
fn one_record_leaves_one_fewer_document_to_describe() {
    let site = Site::minimal();
    site.write(RECORD, &record("A/70/174"));
    site.write("content/documents/a-res-70-1.md", &record("A/RES/70/1"));
    let run = site.run(&["check"]);
    assert!(
        run.stdout.contains("note: 3 cited UN documents have no record in content/documents/: A/RES/69/1, A/RES/70/237, A/RES/71/1"),
        "{}",
        run.stdout
    );
}
