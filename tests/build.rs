//! Building whole sites: pages, relative links, backlinks, reproducibility.

mod common;
use common::*;

#[test]
fn minimal_site_builds_with_every_page() {
    let site = Site::minimal();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("pages in"), "{}", run.stdout);
    for page in [
        "index.html",
        "about/index.html",
        "norms/e/index.html",
        "regions/osce/index.html",
        "norms/index.html",
        "timeline/index.html",
        "timeline/2014/index.html",
        "timeline/2016/index.html",
        "documents/index.html",
        "404.html",
        "search/index.html",
        "data/index.html",
        "atom.xml",
        "search-index.js",
        "data/timeline.csv",
    ] {
        assert!(
            site.path().join("output").join(page).is_file(),
            "missing output/{page}"
        );
    }
}

#[test]
fn every_link_of_the_minimal_site_resolves() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let problems = link_problems(&site.output_snapshot());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn relations_are_shown_both_ways() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    // The norm names the region; the region page lists the norm without naming it.
    let region = site.read("regions/osce/index.html");
    assert!(
        region.contains("href=\"../../norms/e/index.html\">Respect human rights</a>"),
        "{region}"
    );
    // Events name the norm; the norm lists each event, whose page sits under its year.
    let norm = site.read("norms/e/index.html");
    assert!(
        norm.contains("href=\"../../timeline/2015/2015-event/index.html\""),
        "{norm}"
    );
}

#[test]
fn internal_links_and_symbols_are_relative() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let region = site.read("regions/osce/index.html");
    assert!(
        region.contains("href=\"../../norms/e/index.html#scope\""),
        "{region}"
    );
    let norm = site.read("norms/e/index.html");
    assert!(
        norm.contains("href=\"../../documents/a-res-70-237/index.html\">A/RES/70/237</a>"),
        "{norm}"
    );
    // The list keeps the old anchor of each document and links to its page.
    let documents = site.read("documents/index.html");
    assert!(
        documents
            .contains("<li id=\"a-res-70-237\"><a href=\"../documents/a-res-70-237/index.html\">"),
        "{documents}"
    );
    // The document's page: its official record and the pages that cite it.
    let document = site.read("documents/a-res-70-237/index.html");
    assert!(
        document.contains("href=\"https://undocs.org/A/RES/70/237\""),
        "{document}"
    );
    assert!(
        document.contains("href=\"../../norms/e/index.html\""),
        "{document}"
    );
}

#[test]
fn every_year_of_the_range_has_a_page_with_neighbours() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let middle = site.read("timeline/2015/index.html");
    assert!(
        middle.contains("href=\"../../timeline/2014/index.html\""),
        "no link to the previous year"
    );
    assert!(
        middle.contains("href=\"../../timeline/2016/index.html\""),
        "no link to the next year"
    );
    assert!(middle.contains("id=\"2015-event\""));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let first = site.output_snapshot();
    assert_eq!(site.build().code, 0);
    assert_eq!(first, site.output_snapshot());
}

#[test]
fn assets_carry_a_content_hash() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let names: Vec<String> = site
        .output_snapshot()
        .into_keys()
        .filter(|p| p.starts_with("static/"))
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("static/style.")
            && n.ends_with(".css")
            && n.len() > "static/style..css".len() + 8),
        "{names:?}"
    );
}

#[test]
fn check_writes_nothing() {
    let site = Site::minimal();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path().join("output").exists());
}

#[test]
fn a_title_with_markup_is_escaped_everywhere() {
    let site = Site::minimal();
    site.write("content/norms/x.md", "---\ntitle: \"<script>alert(1)</script>\"\nset: proposed\nsummary: \"<b>bold</b>\"\nregions: [osce]\n---\n");
    assert_eq!(site.build().code, 0);
    for (path, bytes) in site.output_snapshot() {
        if path.ends_with(".html") || path.ends_with(".xml") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("<script>alert"),
                "{path} has the title unescaped"
            );
            assert!(
                !text.contains("<b>bold"),
                "{path} has the summary unescaped"
            );
        }
    }
}

#[test]
fn output_flag_writes_elsewhere_and_refuses_the_sources() {
    let site = Site::minimal();
    let elsewhere = site.path().join("public");
    let run = site.run(&["build", "--output", elsewhere.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(elsewhere.join("index.html").is_file());
    let run = site.run(&[
        "build",
        "--output",
        site.path().join("content").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("refusing to write the site"),
        "{}",
        run.stderr
    );
    assert!(site.path().join("content/norms/e.md").is_file());
}

#[test]
fn usage_errors_exit_2() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cyberrecord"))
        .args(["build", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The `<main>` element of a page: what a change of markup shows as a reviewable diff.
/// A file of macros that imports itself overflowed tera's stack while loading its macros,
/// and the build aborted; the vendored tera ends the import cycle (vendor/tera/PATCHES.md).
#[test]
fn a_macro_file_that_imports_itself_builds() {
    let site = Site::minimal();
    let macros = "themes/default/templates/macros.html";
    let text = std::fs::read_to_string(site.path().join(macros)).unwrap();
    site.write(
        macros,
        &format!("{{% import \"macros.html\" as m %}}\n{text}"),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("about/index.html").contains("Breadcrumb"));
}

fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    html[start..end].to_string()
}

#[test]
fn snapshot_of_a_norm_page() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    insta::assert_snapshot!(main_of(&site.read("norms/e/index.html")));
}

#[test]
fn snapshot_of_a_region_page() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    insta::assert_snapshot!(main_of(&site.read("regions/osce/index.html")));
}

#[test]
fn snapshot_of_a_year_page() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    insta::assert_snapshot!(main_of(&site.read("timeline/2015/index.html")));
}

#[cfg(unix)]
#[test]
fn md_symlink_to_a_page_inside_the_root_is_a_page() {
    let site = Site::minimal();
    site.write(
        "shared-pages/f.md",
        "---\ntitle: Linked norm\nset: gge-2015\nsummary: Written once, linked in.\n---\n",
    );
    std::os::unix::fs::symlink(
        site.path().join("shared-pages/f.md"),
        site.path().join("content/norms/f.md"),
    )
    .unwrap();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("norms/f/index.html").contains("Linked norm"));
}

/// The `id` of each `<h2>` of a page, in order.
fn h2_ids(html: &str) -> Vec<String> {
    html.match_indices("<h2 id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The minimal site with `text` written at `path`, built; the build must succeed.
fn built_with(path: &str, text: &str) -> (Site, Run) {
    let site = Site::minimal();
    site.write(path, text);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    (site, run)
}

#[test]
fn generated_heading_ids_skip_every_id_taken_on_the_page() {
    let (site, _) = built_with(
        "content/norms/x.md",
        "---\ntitle: X\nset: proposed\nsummary: S\nregions: [osce]\n---\n## Scope\n\n## Scope\n\n## Scope 1\n\n## Main\n\n## Cite heading\n\n## Fn 1\n\nText.[^1]\n\n## Later {#scope-2}\n\n## Scope\n\n[^1]: A note.\n",
    );
    let page = site.read("norms/x/index.html");
    let body: Vec<String> = h2_ids(&page)
        .into_iter()
        .filter(|id| !id.ends_with("-heading"))
        .collect();
    assert_eq!(
        body,
        [
            "scope",
            "scope-1",
            "scope-1-1",
            "main-1",
            "cite-heading-1",
            "fn-1-1",
            "scope-2",
            "scope-3"
        ]
    );
    let problems = link_problems(&site.output_snapshot());
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Pages made from a content file (as opposed to indexes, years and documents).
fn is_entity_page(path: &str) -> bool {
    const KINDS: [&str; 6] = [
        "norms",
        "regions",
        "reports",
        "people",
        "processes",
        "documents",
    ];
    const SITE: [&str; 4] = ["timeline", "documents", "search", "data"];
    match path.split('/').collect::<Vec<_>>().as_slice() {
        ["index.html"] => true,
        [page, "index.html"] => !KINDS.contains(page) && !SITE.contains(page),
        [kind, _, "index.html"] => KINDS.contains(kind),
        // An event's page is under its year; the timeline's views are not.
        ["timeline", year, _, "index.html"] => year.parse::<i32>().is_ok(),
        _ => false,
    }
}

#[test]
fn the_theme_ids_are_the_ids_its_entity_pages_write() {
    let site = Site::minimal();
    site.write(
        "content/reports/r.md",
        "---\ntitle: R\ndate: \"2015-05-01\"\npublisher: P\nkind: conference-summary\nsummary: S\nsource: {title: T, publisher: P}\nsessions:\n  - title: Session 1\n    speakers:\n      - {person: jane-doe}\nsources: [{title: A source}]\n---\n## One\n\nJane Doe spoke.\n\n## Two\n\n## Three\n",
    );
    site.write(
        "content/people/jane-doe.md",
        "---\nname: Jane Doe\nroles:\n  - {role: Speaker, report: r}\n---\n",
    );
    site.write(
        "content/documents/a-70-174.md",
        "---\nsymbol: \"A/70/174\"\ntype: report\nparagraphs: [{paragraph: \"13\", about: the norms}]\nrecord: \"https://undocs.org/A/70/174\"\nsources: [{title: A source}]\n---\n",
    );
    assert_eq!(site.build().code, 0);
    let mut written = std::collections::BTreeSet::new();
    for (path, bytes) in site.output_snapshot() {
        if !is_entity_page(&path) {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        // A body's headings link to themselves; the theme's do not.
        let body: Vec<String> = attribute_values(&html, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix('#').map(String::from))
            .filter(|id| html.contains(&format!("class=\"anchor\" href=\"#{id}\"")))
            .collect();
        for id in attribute_values(&html, "id") {
            // The ids of a body's paragraphs, which mentions point at, are the body's.
            let paragraph = [format!("<p id=\"{id}\">"), format!("<li id=\"{id}\">")]
                .iter()
                .any(|tag| html.contains(tag.as_str()));
            if !body.contains(&id) && !paragraph {
                written.insert(id);
            }
        }
    }
    let listed: std::collections::BTreeSet<String> = cyberrecord::render::THEME_IDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(written, listed);
}

#[test]
fn footnotes_whose_labels_share_a_slug_keep_apart() {
    let (site, _) = built_with(
        "content/norms/x.md",
        "---\ntitle: X\nset: proposed\nsummary: S\nregions: [osce]\n---\nOne[^a b] and two[^a-b].\n\n[^a b]: First.\n\n[^a-b]: Second.\n",
    );
    let problems = link_problems(&site.output_snapshot());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_symbol_written_in_lower_case_is_the_same_document() {
    // content/norms/e.md gives "A/70/174" as its source; this event writes it in lower case.
    let (site, run) = built_with(
        "content/timeline/2015-x.md",
        "---\ntitle: X\ndate: \"2015\"\nsummary: S\ndocuments: [\"a/70/174 \"]\nsources: [{title: T}]\n---\n",
    );
    let page = site.read("documents/a-70-174/index.html");
    assert!(page.contains("<h1>A/70/174</h1>"), "{page}");
    assert!(page.contains("href=\"../../norms/e/index.html\""), "{page}");
    assert!(
        page.contains("href=\"../../timeline/2015/2015-x/index.html\""),
        "{page}"
    );
    let list = site.read("documents/index.html");
    assert_eq!(list.matches("id=\"a-70-174\"").count(), 1, "{list}");
    let event = site.read("timeline/2015/2015-x/index.html");
    assert!(event.contains(">A/70/174</a>"), "{event}");
    let html_files = site
        .output_snapshot()
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert!(
        run.stdout.contains(&format!("{html_files} pages")),
        "{}",
        run.stdout
    );
}

#[test]
fn labels_come_from_the_schema() {
    let site = Site::minimal();
    site.write(
        "content/schema.yaml",
        &SCHEMA_YAML
            .replace("plural: Norms", "plural: Principles")
            .replace("label: Norms", "label: Principles")
            .replace(
                "description: \"The norms of",
                "description: \"The principles of",
            ),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = site.read("norms/index.html");
    assert!(
        index.contains("<title>Principles — Test record</title>"),
        "{index}"
    );
    assert!(index.contains("<h1>Principles</h1>"), "{index}");
    assert!(index.contains("content=\"The principles of"), "{index}");
    let norm = site.read("norms/e/index.html");
    assert!(norm.contains(">Principles</a></li>"), "{norm}");
    assert!(!norm.contains(">Norms<"), "{norm}");
    assert!(
        norm.contains(" aria-current=\"page\">Principles</a></li>"),
        "the navigation: {norm}"
    );
}

#[test]
fn a_site_without_a_schema_builds_with_the_built_in_one() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let with = site.output_snapshot();
    site.remove("content/schema.yaml");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        with,
        site.output_snapshot(),
        "the built-in schema is the repository's"
    );
}

/// A kind added by an edit of the schema alone, with the theme's generic template: its
/// page shows each field in the form of its type, and its relations both ways.
#[test]
fn a_kind_added_to_the_schema_alone_renders_with_the_generic_template() {
    let site = Site::minimal();
    let kind = "  - kind: instrument\n    folder: instruments\n    singular: regional instrument\n    plural: Regional instruments\n    template: entity.html\n    fields:\n      title: string\n      adopted: date\n      status: {type: enum, values: {in-force: \"In force\", signed: \"Signed\"}, default: signed}\n      summary: string\n";
    let schema = SCHEMA_YAML.replacen("  - kind: page\n", &format!("{kind}  - kind: page\n"), 1);
    assert_ne!(schema, SCHEMA_YAML);
    site.write("content/schema.yaml", &schema);
    site.write(
        "content/instruments/budapest.md",
        "---\ntitle: Convention on Cybercrime\nadopted: \"2001-11-23\"\nsummary: A treaty.\nnorms: [e]\n---\nText.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("instruments/budapest/index.html");
    for expected in [
        "<h1>Convention on Cybercrime</h1>",
        "<dt>Adopted</dt><dd><time datetime=\"2001-11-23\">23 November 2001</time></dd>",
        "<dt>Status</dt><dd>Signed</dd>",
        "href=\"../../norms/e/index.html\"",
    ] {
        assert!(page.contains(expected), "{expected} in\n{page}");
    }
    let norm = site.read("norms/e/index.html");
    assert!(
        norm.contains("href=\"../../instruments/budapest/index.html\""),
        "{norm}"
    );
}

/// What is wrong with `text` as one BibTeX `@misc` entry: one entry, braces balanced and
/// closed by its last line, a `name = value,` field a line.
fn bibtex_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !text.starts_with("@misc{") || text.matches('@').count() != 1 {
        problems.push("not one @misc{ entry".to_string());
    }
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        if depth < 0 || (depth == 0 && c == '}' && text[i..].trim_end() != "}") {
            problems.push(format!("a brace closes the entry early, at byte {i}"));
            break;
        }
    }
    if depth != 0 {
        problems.push(format!("{depth} braces left open"));
    }
    let lines: Vec<&str> = text.lines().collect();
    for line in &lines[1..lines.len().saturating_sub(1)] {
        let field = line.strip_prefix("  ").and_then(|l| l.split_once(" = "));
        if !field.is_some_and(|(name, value)| {
            name.bytes().all(|b| b.is_ascii_lowercase()) && value.ends_with(',')
        }) {
            problems.push(format!("not a field: {line:?}"));
        }
    }
    problems
}

/// What is wrong with `text` as one RIS record: `TY  - ` first, `ER  - ` last, a tag a
/// line, each line ended by CRLF.
fn ris_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !text.starts_with("TY  - ") {
        problems.push("does not start with TY  - ".to_string());
    }
    if !text.ends_with("ER  - \r\n") {
        problems.push("does not end with ER  - ".to_string());
    }
    if text.matches('\n').count() != text.matches("\r\n").count() {
        problems.push("a line does not end in CRLF".to_string());
    }
    for line in text.lines() {
        let tag = line.get(..2).unwrap_or_default();
        let tagged = tag
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !tagged || line.get(2..6) != Some("  - ") {
            problems.push(format!("not a tagged line: {line:?}"));
        }
    }
    problems
}

#[test]
fn a_norm_page_has_citation_tags_and_its_citation_files_beside_it() {
    let (site, _) = built_with(
        "content/norms/x.md",
        "---\ntitle: \"Braces } {{ and a \\\\ backslash, 100% & #1\"\nset: proposed\nsummary: \"Two\\nlines}\"\nregions: [osce]\n---\n",
    );
    for norm in ["e", "x"] {
        let page = site.read(&format!("norms/{norm}/index.html"));
        for expected in [
            "<meta name=\"citation_title\" content=\"".to_string(),
            "<meta name=\"citation_publisher\" content=\"Test record\">".to_string(),
            "<meta name=\"citation_language\" content=\"en\">".to_string(),
            format!("<a href=\"cite.bib\" download=\"norms-{norm}.bib\""),
            format!("<a href=\"cite.ris\" download=\"norms-{norm}.ris\""),
        ] {
            assert!(page.contains(&expected), "{expected} in {page}");
        }
        // Without a base URL, no absolute URL: the citation says where the page is.
        assert!(!page.contains("citation_public_url"), "{page}");
        let bib = site.read(&format!("norms/{norm}/cite.bib"));
        assert_eq!(bibtex_problems(&bib), Vec::<String>::new(), "{bib}");
        assert!(bib.starts_with(&format!("@misc{{norms-{norm},\n")), "{bib}");
        assert!(bib.contains("  author = {{Test record}},\n"), "{bib}");
        assert!(
            bib.contains("on the site where Test record is published"),
            "{bib}"
        );
        let ris = site.read(&format!("norms/{norm}/cite.ris"));
        assert_eq!(ris_problems(&ris), Vec::<String>::new(), "{ris}");
        assert!(ris.contains("\r\nAU  - Test record\r\n"), "{ris}");
    }
    let ris = site.read("norms/x/cite.ris");
    assert!(ris.contains("\r\nAB  - Two lines}\r\n"), "{ris}");
    // The home page is not cited.
    assert!(!site.read("index.html").contains("citation_title"));
    assert!(!site.path().join("output/cite.bib").exists());
}

#[test]
fn with_a_base_url_a_citation_gives_the_page_url_and_its_date() {
    let site = Site::minimal();
    let run = site.run(&["build", "--base-url", "https://example.org/record/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let url = "https://example.org/record/regions/osce/";
    let page = site.read("regions/osce/index.html");
    for tag in [
        format!("<meta name=\"citation_public_url\" content=\"{url}\">"),
        format!("<meta name=\"citation_abstract_html_url\" content=\"{url}\">"),
        "<meta name=\"citation_publication_date\" content=\"2015/06/17\">".to_string(),
        format!("<p class=\"print-url\">{url}</p>"),
    ] {
        assert!(page.contains(&tag), "{tag} in {page}");
    }
    let bib = site.read("regions/osce/cite.bib");
    assert_eq!(bibtex_problems(&bib), Vec::<String>::new(), "{bib}");
    for field in [
        format!("  howpublished = {{\\url{{{url}}}}},\n"),
        "  year = {2015},\n  month = jun,\n".to_string(),
        "  note = {Regional consultation},\n".to_string(),
    ] {
        assert!(bib.contains(&field), "{field} in {bib}");
    }
    let ris = site.read("regions/osce/cite.ris");
    assert_eq!(ris_problems(&ris), Vec::<String>::new(), "{ris}");
    for line in [
        "PY  - 2015".to_string(),
        "DA  - 2015/06/17/".to_string(),
        format!("UR  - {url}"),
        "PB  - Test record".to_string(),
    ] {
        assert!(ris.lines().any(|l| l == line), "{line} in {ris}");
    }
}

/// Issue 17, "pages that answer": the home page searches and tells the latest events;
/// the norms matrix explains its columns.
#[test]
fn the_home_page_searches_and_lists_the_latest_events_and_the_matrix_explains_its_columns() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let home = site.read("index.html");
    assert!(
        home.contains(
            "<form class=\"search-form home-search\" role=\"search\" action=\"search/index.html\">"
        ),
        "{home}"
    );
    assert!(home.contains("name=\"q\""), "{home}");
    let latest = home
        .split("id=\"latest-heading\"")
        .nth(1)
        .expect("a list of the latest events");
    assert!(latest.contains("href=\"timeline/"), "{latest}");
    let norms = site.read("norms/index.html");
    let key = norms
        .split("<dl class=\"matrix-key\">")
        .nth(1)
        .expect("the matrix's key");
    assert!(key.contains("href=\"../regions/osce/index.html\""), "{key}");
}

/// Issue 17, "the reader's site": a year's events name the pages they relate to by their
/// short names, the full title kept as the link's title, and the year's overview lists
/// the processes under way and each document its events name, once.
#[test]
fn a_year_page_names_related_pages_by_short_name_with_an_overview() {
    let site = Site::minimal();
    site.write(
        "content/processes/gge-2014.md",
        "---\ntitle: Group of Governmental Experts (2014–2015)\nshort_name: \"GGE 2014–2015\"\nkind: gge\nstart: 2014\nend: 2015\nsummary: The fourth group.\n---\n",
    );
    site.write(
        "content/timeline/2015-07-report.md",
        "---\ntitle: The group reports\ndate: \"2015-07\"\nsummary: A report.\nprocess: gge-2014\ndocuments: [\"A/RES/70/1\", \"A/70/174\"]\nsources: [{title: A source, url: \"https://example.org/r\"}]\n---\n",
    );
    assert_eq!(site.build().code, 0);
    let year = site.read("timeline/2015/index.html");
    let short = "<a href=\"../../processes/gge-2014/index.html\" class=\"short-name\" title=\"Group of Governmental Experts (2014–2015)\">GGE 2014–2015</a>";
    let event = between(&year, "id=\"2015-07-report\"", "</article>");
    assert!(
        event.contains(&format!("<span class=\"meta\">Processes:</span> {short}")),
        "{event}"
    );
    let aside = between(&year, "<section class=\"year-aside\"", "</section>");
    assert!(aside.contains("Processes under way"), "{aside}");
    assert!(aside.contains(short), "{aside}");
    // Named by two events, listed once; in the order the events first name them.
    assert_eq!(
        aside.matches("documents/a-res-70-1/index.html").count(),
        1,
        "{aside}"
    );
    let (first, second) = (
        aside.find("A/RES/70/1").unwrap(),
        aside.find("A/70/174").unwrap(),
    );
    assert!(first < second, "{aside}");
}

/// Issue 17: the norms matrix, far down its index page, is linked from the top, and its
/// rows come under the titles of their groups (which explain labels like "GCSC 3").
#[test]
fn the_norms_index_links_its_matrix_from_the_top_and_groups_its_rows() {
    let site = Site::minimal();
    site.write(
        "content/norms/gcsc-1.md",
        "---\ntitle: Protect the public core\nset: gcsc\nletter: \"1\"\nlabel: \"GCSC 1\"\nsummary: The core.\n---\n",
    );
    assert_eq!(site.build().code, 0);
    let norms = site.read("norms/index.html");
    let jump = norms
        .find("<a href=\"#matrix\">Jump to the matrix</a>")
        .expect("a link to the matrix");
    let first_group = norms.find("<h2>").expect("the groups of norms");
    assert!(jump < first_group, "the link comes before the list");
    let table = between(&norms, "<table class=\"matrix\">", "</table>");
    let bodies: Vec<&str> = table.split("<tbody>").skip(1).collect();
    assert_eq!(bodies.len(), 2, "a body per group: {table}");
    for (body, title, norm) in [
        (
            bodies[0],
            "The eleven norms of the 2015 GGE report (A/70/174)",
            "norms/e/",
        ),
        (
            bodies[1],
            "The norms of the Global Commission on the Stability of Cyberspace",
            "norms/gcsc-1/",
        ),
    ] {
        assert!(
            body.starts_with(&format!("\n<tr class=\"row-group\"><th scope=\"rowgroup\" colspan=\"2\"><span>{title}</span></th></tr>")),
            "{body}"
        );
        assert!(body.contains(norm), "{body}");
    }
}

/// Issue 17: the home page has the timeline in small, drawn at build time: a link per
/// year of the range to its page, saying its number of events, over a bar of that height
/// against the busiest year's.
#[test]
fn the_home_page_has_a_bar_per_year_linking_to_its_page() {
    let site = Site::minimal();
    site.write(
        "content/timeline/2015-07-second.md",
        "---\ntitle: A second event\ndate: \"2015-07\"\nsummary: Again.\nsources: [{title: A source, url: \"https://example.org/s\"}]\n---\n",
    );
    assert_eq!(site.build().code, 0);
    let home = site.read("index.html");
    let strip = between(&home, "<ol class=\"year-bars\">", "</ol>");
    assert_eq!(strip.matches("<li>").count(), 3, "{strip}");
    for (year, count, s) in [(2014, 1, ""), (2015, 2, "s"), (2016, 1, "")] {
        let link = format!("<a href=\"timeline/{year}/index.html\"><span class=\"strip-year\">{year}</span> <span class=\"strip-count\">{count}<span class=\"visually-hidden\"> event{s}</span></span><svg viewBox=\"0 0 1 2\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\"><rect y=\"{}\" width=\"1\" height=\"{count}\"/></svg></a>", 2 - count);
        assert!(strip.contains(&link), "{link} in {strip}");
    }
}

/// Issue 17: the search lists a page its `search` role ranks `last` after every other
/// (the editors' guide), leaves out a `hidden` one, and finds the cited documents the
/// site has no record of, by their symbols.
#[test]
fn the_search_index_ranks_pages_by_their_search_role_and_holds_every_document() {
    let site = Site::minimal();
    site.write(
        "content/guide.md",
        "---\ntitle: Guide\ndescription: For editors.\nsearch: last\n---\nHow to edit.\n",
    );
    site.write(
        "content/draft.md",
        "---\ntitle: Draft\ndescription: Not for anyone yet.\nsearch: hidden\n---\nText.\n",
    );
    assert_eq!(site.build().code, 0);
    let index = site.read("search-index.js");
    let entry = |url: &str| {
        index
            .split("},{")
            .find(|e| e.contains(&format!("\"u\":\"{url}\"")))
            .map(str::to_string)
    };
    let guide = entry("guide/index.html").expect("the guide is searched");
    assert!(guide.contains("\"r\":1"), "{guide}");
    let about = entry("about/index.html").expect("the about page is searched");
    assert!(!about.contains("\"r\":"), "{about}");
    assert_eq!(entry("draft/index.html"), None, "{index}");
    // Cited in norm (e)'s prose, and no record of it: its page is found by its symbol.
    let document = entry("documents/a-res-70-237/index.html").expect("the document");
    assert!(document.contains("\"t\":\"A/RES/70/237\""), "{document}");
    assert!(document.contains("\"k\":\"UN document\""), "{document}");
    assert!(
        document.contains("the 1 page of this site that cite it"),
        "{document}"
    );
}
