//! Mentions: the names of pages (`names` in the schema, `aliases`) linked where prose
//! first names them, never in headings, code or links; each mention listed on the page
//! mentioned with its passage; a shared name refused unless the page says what it means;
//! look-alikes reported by `check`; serve's quick path and a full build agree.

mod common;
use common::*;
use std::path::PathBuf;

const REGION: &str = "content/regions/osce.md";

fn region(body: &str) -> String {
    format!("---\ntitle: OSCE consultation\norganisation: Organization for Security and Co-operation in Europe\nshort_name: OSCE\nstatus: summarised\nstart: \"2015-06-17\"\nend: \"2015-06-18\"\nsummary: The first consultation.\n---\n{body}")
}

fn built(site: &Site) {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The `<a class="mention">` links of a page: (href, text).
fn mention_links(html: &str) -> Vec<(String, String)> {
    html.match_indices("<a class=\"mention\" href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            let (href, rest) = rest.split_once("\">").unwrap();
            let text = rest.split_once("</a>").unwrap().0;
            (href.to_string(), text.to_string())
        })
        .collect()
}

#[test]
fn a_norm_named_in_a_regions_prose_is_linked_and_lists_the_passage() {
    let site = Site::minimal();
    site.write(
        REGION,
        &region("## Chair's summary\n\nParticipants discussed norm (e) at length. Norm (e) again.\n\n## Later\n\nOnce more, norm (e).\n"),
    );
    built(&site);
    let html = site.read("regions/osce/index.html");
    // The first mention in each section is the link; the second in a section is not.
    assert_eq!(
        mention_links(&html),
        [
            (
                "../../norms/e/index.html".to_string(),
                "norm (e)".to_string()
            ),
            (
                "../../norms/e/index.html".to_string(),
                "norm (e)".to_string()
            ),
        ]
    );
    assert!(html.contains("<p id=\"chairs-summary-p1\">"), "{html}");
    let norm = site.read("norms/e/index.html");
    let listed = norm
        .split("id=\"mentioned-in-heading\"")
        .nth(1)
        .expect("a Mentioned in list");
    assert!(
        listed.contains("href=\"../../regions/osce/index.html#chairs-summary-p1\""),
        "{listed}"
    );
    assert!(
        listed.contains("Participants discussed norm (e) at length."),
        "{listed}"
    );
    assert!(
        listed.contains("href=\"../../regions/osce/index.html#later-p1\""),
        "{listed}"
    );
    // The norms matrix links the cell to the passage.
    let matrix = site.read("norms/index.html");
    assert!(
        matrix.contains("regions/osce/index.html#chairs-summary-p1"),
        "{matrix}"
    );
}

#[test]
fn no_link_in_a_heading_code_or_a_link_nor_to_the_page_itself() {
    let site = Site::minimal();
    site.write(
        REGION,
        &region("## On norm (e)\n\n`norm (e)` in code, [a link on norm (e)](https://example.org), the OSCE itself.\n\n```\nnorm (e)\n```\n"),
    );
    built(&site);
    let html = site.read("regions/osce/index.html");
    assert!(mention_links(&html).is_empty(), "{html}");
    assert!(html.contains("<code>norm (e)</code>"));
    // Inside the link's text it is still a mention, with its passage.
    let norm = site.read("norms/e/index.html");
    assert!(
        norm.contains("regions/osce/index.html#on-norm-e-p1"),
        "{norm}"
    );
}

#[test]
fn a_short_name_of_a_document_counts_as_citing_it() {
    let site = Site::minimal();
    site.write(
        "content/documents/a-res-70-237.md",
        "---\nsymbol: \"A/RES/70/237\"\ntype: resolution\nrecord: \"https://undocs.org/A/RES/70/237\"\nsources: [{title: A source}]\n---\n",
    );
    site.write(
        REGION,
        &region("## Chair's summary\n\nThe consultation recalled resolution 70/237.\n"),
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: About the site, after 70/237.\n---\n## Sources\n\nText.\n",
    );
    built(&site);
    let document = site.read("documents/a-res-70-237/index.html");
    // norms/e.md writes the symbol in prose, the region a short form in prose, the About
    // page a short form in its front matter.
    assert!(document.contains("Cited by</dt><dd>3 pages"), "{document}");
    let region = site.read("regions/osce/index.html");
    assert_eq!(
        mention_links(&region),
        [(
            "../../documents/a-res-70-237/index.html".to_string(),
            "resolution 70/237".to_string()
        )]
    );
}

#[test]
fn a_shared_name_is_an_error_unless_the_page_says_which_it_means() {
    let site = Site::minimal();
    for (id, title) in [("oewg-2019", "OEWG one"), ("oewg-2021", "OEWG two")] {
        site.write(
            &format!("content/processes/{id}.md"),
            &format!("---\ntitle: {title}\nshort_name: {title}\nkind: oewg\nstart: 2019\nsummary: S\naliases: [the OEWG]\n---\n"),
        );
    }
    site.write(REGION, &region("## Chair's summary\n\nThe OEWG met.\n"));
    let run = site.build();
    assert_eq!(run.code, 1);
    let line = 12;
    assert_eq!(
        run.errors(),
        [format!("error: {REGION}:{line}:1: the name \"The OEWG\" names 2 pages: say under `means` in the front matter which one it means here (or that it is no name here)")]
    );
    let with_means = region("## Chair's summary\n\nThe OEWG met.\n").replace(
        "summary: The first consultation.\n",
        "summary: The first consultation.\nmeans: [{name: The OEWG, page: processes/oewg-2021.md}]\n",
    );
    site.write(REGION, &with_means);
    built(&site);
    let html = site.read("regions/osce/index.html");
    assert_eq!(
        mention_links(&html),
        [(
            "../../processes/oewg-2021/index.html".to_string(),
            "The OEWG".to_string()
        )]
    );
}

#[test]
fn means_names_a_name_of_the_site_and_one_of_its_pages() {
    let site = Site::minimal();
    let with = |means: &str| {
        region("## Chair's summary\n\nText.\n").replace(
            "summary: The first consultation.\n",
            &format!("summary: The first consultation.\nmeans: [{means}]\n"),
        )
    };
    site.write(REGION, &with("{name: the GGE}"));
    assert_eq!(
        site.build().errors(),
        [format!("error: {REGION}:9:16: \"the GGE\" is not a name of a page of this site: `means` says which page a name several pages share means here (docs/CONTENT-MODEL.md)")]
    );
    site.write(REGION, &with("{name: norm (e), page: regions/osce.md}"));
    assert_eq!(
        site.build().errors(),
        [format!(
            "error: {REGION}:9:16: \"norm (e)\" does not name regions/osce.md: it names norms/e.md"
        )]
    );
    // Without a page, the name is plain text on this page.
    site.write(
        REGION,
        &with("{name: norm (e)}").replace("Text.", "On norm (e)."),
    );
    built(&site);
    assert!(mention_links(&site.read("regions/osce/index.html")).is_empty());
}

#[test]
fn check_warns_of_lookalikes_at_their_place() {
    let site = Site::minimal();
    site.write(
        REGION,
        &region("## Chair's summary\n\nThey discussed norm (l) and norm (e).\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert!(
        warnings.contains(&format!("warning: {REGION}:12:16: \"norm (l)\" is shaped like the name of a page of this site but names none: check the text, or give the page it means that name (`aliases`)").as_str()),
        "{warnings:#?}"
    );
    assert!(!warnings.iter().any(|w| w.contains("norm (e)")));
}

#[test]
fn serve_keeps_mentions_right_after_an_edit() {
    let site = Site::minimal();
    site.write(
        REGION,
        &region("## Chair's summary\n\nOn norm (e).\n\nOther text.\n"),
    );
    let mut generated = cyberrecord::generate(site.path()).ok().unwrap();
    let edited = [PathBuf::from(REGION)];
    // An edit that leaves the mentions as they were takes the quick path...
    site.write(
        REGION,
        &region("## Chair's summary\n\nOn norm (e).\n\nOther text, edited.\n"),
    );
    let result = generated.update(site.path(), &edited);
    assert!(
        matches!(result, Some(Ok(()))),
        "{:?}",
        result.map(|r| r.err())
    );
    let full = cyberrecord::generate(site.path()).ok().unwrap().output;
    assert_eq!(
        generated.output, full,
        "the quick path and a full build differ"
    );
    // ...one that changes them builds everything, as serve then does.
    site.write(
        REGION,
        &region("## Chair's summary\n\nOn norm (e), changed.\n"),
    );
    assert!(generated.update(site.path(), &edited).is_none());
}

#[test]
fn the_repositorys_site_links_mentions_and_counts_what_names_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let root = repo_root();
    let run = run_bin(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    let page = |path: &str| String::from_utf8_lossy(&files[path]).into_owned();
    let links: usize = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| {
            String::from_utf8_lossy(b)
                .matches("class=\"mention\"")
                .count()
        })
        .sum();
    assert!(links >= 200, "{links} links made");
    // The region pages link the norms their prose names, and the norm lists the passage.
    let au = page("regions/au/index.html");
    assert!(!mention_links(&au).is_empty());
    let public_core = page("norms/gcsc-1/index.html");
    assert!(
        public_core.contains("reports/igf-2021-un-cyber-dialogues/index.html#"),
        "the IGF report mentions the public core"
    );
    let disclosure = page("norms/j/index.html");
    assert!(
        disclosure.contains("reports/cyber-stability-2021/index.html#"),
        "the 2021 conference report mentions vulnerability disclosure"
    );
    for (document, at_least) in [("a-res-70-237", 20), ("a-res-73-27", 15)] {
        let html = page(&format!("documents/{document}/index.html"));
        let count: usize = html
            .split("Cited by</dt><dd>")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(count >= at_least, "{document}: cited by {count}");
    }
}
