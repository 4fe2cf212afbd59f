//! Bad input: each case must fail with exit code 1, one `error: path:line:col: message`
//! line that an editor can act on, no panic, and the previous output untouched.

mod common;
use common::*;

/// Builds the minimal site, applies `break_it`, builds again; checks the failure and that
/// output/ is byte for byte what the first build wrote. Returns the error lines.
fn fails(break_it: impl FnOnce(&Site)) -> Vec<String> {
    let site = Site::minimal();
    let first = site.build();
    assert_eq!(first.code, 0, "the fixture must build: {}", first.stderr);
    let before = site.output_snapshot();
    break_it(&site);
    let run = site.build();
    assert_eq!(run.code, 1, "exit code; stderr: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the previous output is untouched"),
        "{}",
        run.stderr
    );
    assert_eq!(
        before,
        site.output_snapshot(),
        "output/ changed after a failed build"
    );
    run.errors().into_iter().map(String::from).collect()
}

fn one_error(break_it: impl FnOnce(&Site)) -> String {
    let errors = fails(break_it);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].clone()
}

const NORM: &str = "content/norms/f.md";

#[test]
fn unknown_region_suggests_the_closest_id() {
    let e = one_error(|s| {
        s.write(
            NORM,
            "---\ntitle: F\nset: gge-2015\nsummary: S\nregions: [osec]\n---\n",
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:5:11: unknown regional consultation "osec": there is no content/regions/osec.md (did you mean "osce"?)"#);
}

#[test]
fn unknown_person_in_a_block_list_is_located() {
    let e = one_error(|s| {
        s.write(
            NORM,
            "---\ntitle: F\nset: gge-2015\nsummary: S\npeople:\n  - nobody-here\n---\n",
        )
    });
    assert!(
        e.starts_with("error: content/norms/f.md:6:5: unknown person \"nobody-here\""),
        "{e}"
    );
}

#[test]
fn unclosed_bracket() {
    let e = one_error(|s| {
        s.write(
            NORM,
            "---\ntitle: F\nset: gge-2015\nsummary: S\nregions: [osce\n---\n",
        )
    });
    assert!(e.starts_with("error: content/norms/f.md:"), "{e}");
    assert!(
        e.contains("flow sequence") || e.contains("did not find expected"),
        "{e}"
    );
}

/// A hostile file: collections nested far deeper than any front matter. Reading it must
/// end in an error at its place, not in a stack overflow that aborts the process.
#[test]
fn collections_nested_two_hundred_thousand_deep() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let e = one_error(|s| {
        s.write(
            NORM,
            &format!("---\ntitle: F\nset: gge-2015\nsummary: S\nregions: {deep}\n---\n"),
        )
    });
    // `regions: ` is nine columns: the 129th bracket, at column 138, is the first too deep.
    insta::assert_snapshot!(e, @"error: content/norms/f.md:5:138: brackets nested more than 128 deep: YAML here needs a few levels");
}

#[test]
fn tab_indentation() {
    let e = one_error(|s| {
        s.write(
            NORM,
            "---\ntitle: F\nset: gge-2015\nsummary: S\nsource:\n\tdocument: A/70/174\n---\n",
        )
    });
    assert!(e.starts_with("error: content/norms/f.md:6:"), "{e}");
    assert!(e.contains("tab"), "{e}");
}

#[test]
fn bad_indentation() {
    let e = one_error(|s| s.write(NORM, "---\ntitle: F\n  set: gge-2015\nsummary: S\n---\n"));
    assert!(e.starts_with("error: content/norms/f.md:3:"), "{e}");
}

#[test]
fn duplicate_key() {
    let e = one_error(|s| {
        s.write(
            NORM,
            "---\ntitle: F\ntitle: G\nset: gge-2015\nsummary: S\n---\n",
        )
    });
    assert!(e.starts_with("error: content/norms/f.md:3:"), "{e}");
    assert!(e.contains("duplicate"), "{e}");
}

#[test]
fn front_matter_never_closed() {
    let e = one_error(|s| s.write(NORM, "---\ntitle: F\nset: gge-2015\n\nBody text.\n"));
    insta::assert_snapshot!(e, @"error: content/norms/f.md:1:1: the front matter is never closed: add a line `---` after it");
}

#[test]
fn date_that_is_no_date() {
    let e = one_error(|s| {
        s.write(
            "content/timeline/2015-x.md",
            "---\ntitle: X\ndate: \"2015-02-30\"\nsummary: S\nsources: [{title: T}]\n---\n",
        )
    });
    assert!(e.starts_with("error: content/timeline/2015-x.md:3:"), "{e}");
    assert!(e.contains("not a day of the calendar"), "{e}");
}

#[test]
fn list_where_a_string_belongs() {
    let e = one_error(|s| s.write(NORM, "---\ntitle: [F, G]\nset: gge-2015\nsummary: S\n---\n"));
    assert!(e.starts_with("error: content/norms/f.md:2:8: "), "{e}");
    assert!(e.contains("found a list"), "{e}");
}

#[test]
fn missing_required_field() {
    let e = one_error(|s| s.write(NORM, "---\ntitle: F\nset: gge-2015\n---\n"));
    insta::assert_snapshot!(e, @"error: content/norms/f.md:2:1: missing required field `summary`");
}

#[test]
fn unknown_field() {
    let e = one_error(|s| s.write(NORM, "---\ntitle: F\nset: gge-2015\nsumary: S\n---\n"));
    assert!(
        e.starts_with("error: content/norms/f.md:4:1: unknown field `sumary`"),
        "{e}"
    );
}

#[test]
fn unknown_norm_set() {
    let e = one_error(|s| s.write(NORM, "---\ntitle: F\nset: gge-2051\nsummary: S\n---\n"));
    assert!(e.starts_with("error: content/norms/f.md:3:6: "), "{e}");
    assert!(e.contains("gge-2015"), "the allowed values are listed: {e}");
}

#[test]
fn two_files_with_the_same_url_differing_in_case() {
    let errors = fails(|s| {
        s.write(
            "content/norms/E.md",
            "---\ntitle: F\nset: gge-2015\nsummary: S\n---\n",
        )
    });
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("error: content/norms/E.md:1:1: ") && e.contains("\"e\"")),
        "{errors:#?}"
    );
}

#[test]
fn plain_page_clashing_with_a_section() {
    let e = one_error(|s| s.write("content/norms.md", "---\ntitle: N\ndescription: D\n---\n"));
    assert!(e.starts_with("error: content/norms.md:1:1: "), "{e}");
    assert!(e.contains("overwrite"), "{e}");
}

#[test]
fn link_to_a_missing_page() {
    let e = one_error(|s| {
        s.write(NORM, "---\ntitle: F\nset: gge-2015\nsummary: S\n---\nIntro.\n\nSee [the norm](@/norms/ee.md).\n")
    });
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:8:5: link to a missing page "@/norms/ee.md" (did you mean "norms/e.md"?)"#);
}

#[test]
fn link_to_a_missing_anchor() {
    let e = one_error(|s| {
        s.write(
            NORM,
            "---\ntitle: F\nset: gge-2015\nsummary: S\n---\nSee [scope](@/norms/e.md#scop).\n",
        )
    });
    assert!(e.starts_with("error: content/norms/f.md:6:5: link to a missing anchor \"#scop\" on content/norms/e.md (did you mean \"scope\"?)"), "{e}");
}

#[test]
fn invalid_utf8() {
    let e =
        one_error(|s| s.write_bytes(NORM, b"---\ntitle: F\xff\nset: gge-2015\nsummary: S\n---\n"));
    assert!(
        e.starts_with("error: content/norms/f.md:2:9: the file is not valid UTF-8"),
        "{e}"
    );
}

#[test]
fn empty_file() {
    let e = one_error(|s| s.write(NORM, ""));
    assert!(
        e.starts_with("error: content/norms/f.md:1:1: the file is empty"),
        "{e}"
    );
}

#[test]
fn event_outside_the_timeline() {
    let e = one_error(|s| {
        s.write(
            "content/timeline/1990-x.md",
            "---\ntitle: X\ndate: \"1990\"\nsummary: S\nsources: [{title: T}]\n---\n",
        )
    });
    assert!(
        e.starts_with(
            "error: content/timeline/1990-x.md:3:8: the date 1990 is outside the timeline"
        ),
        "{e}"
    );
}

#[test]
fn event_without_a_source() {
    let e = one_error(|s| {
        s.write(
            "content/timeline/2015-x.md",
            "---\ntitle: X\ndate: \"2015\"\nsummary: S\n---\n",
        )
    });
    assert!(e.contains("an event needs a source"), "{e}");
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let e = one_error(|s| {
        s.write(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
        )
    });
    assert!(
        e.starts_with("error: themes/default/templates/page.html:3:"),
        "{e}"
    );
    assert!(e.contains("template syntax error"), "{e}");
}

#[test]
fn template_with_an_undefined_variable_names_template_line_and_page() {
    let e = one_error(|s| {
        s.write("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.no_such_field }}</p>\n{% endblock content %}\n")
    });
    assert!(
        e.starts_with(
            "error: themes/default/templates/page.html:3:7: the template uses `page.no_such_field`"
        ),
        "{e}"
    );
    assert!(e.contains("while rendering content/about.md"), "{e}");
}

/// The theme's template `name` with `extra` added at its end, and the line `extra` starts on.
fn with_lines_added(s: &Site, name: &str, extra: &str) -> usize {
    let path = format!("themes/default/templates/{name}");
    let text = std::fs::read_to_string(s.path().join(&path)).unwrap();
    s.write(&path, &format!("{text}{extra}"));
    text.lines().count() + 1
}

/// `line` added at the start of the content block of the page template (about.md's).
fn in_the_page_template(s: &Site, line: &str) {
    let path = "themes/default/templates/page.html";
    let page = std::fs::read_to_string(s.path().join(path)).unwrap();
    let start = "{% block content %}\n";
    s.write(path, &page.replacen(start, &format!("{start}{line}\n"), 1));
}

/// A macro that calls itself with no base case overflowed the stack of the thread that
/// rendered it, and the build aborted (exit 134, no location). Now tera stops at its depth
/// limit (vendor/tera/PATCHES.md) and the error names the recursive call.
#[test]
fn a_macro_that_recurses_without_end_names_the_recursive_call() {
    let mut line = 0;
    let e = one_error(|s| {
        line = with_lines_added(
            s,
            "macros.html",
            "\n{% macro loop(n) %}{{ self::loop(n=n) }}{% endmacro loop %}\n",
        ) + 1;
        in_the_page_template(s, "{{ m::loop(n=1) }}");
    });
    assert_eq!(
        e,
        format!(
            "error: themes/default/templates/macros.html:{line}:23: the call of `self::loop` \
             in macro `loop` goes past the recursion depth limit of 32 nested macro calls \
             and includes: does a macro call itself without end? (while rendering \
             content/about.md)"
        )
    );
}

/// Likewise a template that includes itself: cite.html, on every page of a content file but
/// the home page (the about page is met first).
#[test]
fn a_template_that_includes_itself_names_the_include() {
    let mut line = 0;
    let e = one_error(|s| line = with_lines_added(s, "cite.html", "{% include \"cite.html\" %}\n"));
    assert_eq!(
        e,
        format!(
            "error: themes/default/templates/cite.html:{line}:4: the include of \"cite.html\" \
             goes past the recursion depth limit of 32 nested macro calls and includes: does \
             a template include itself without end? (while rendering content/about.md)"
        )
    );
}

/// tera panicked (`unreachable!`) on a macro call in arithmetic, which its parser accepts,
/// and the build died with it (exit 101); the vendored tera returns an error.
#[test]
fn a_macro_call_in_arithmetic_is_an_error_not_a_panic() {
    let e = one_error(|s| in_the_page_template(s, "{{ m::toc(toc=[]) + 1 }}"));
    assert!(
        e.starts_with("error: themes/default/templates/page.html:1:1: Failed to render"),
        "{e}"
    );
    assert!(
        e.ends_with(
            "Tried to do math with a macro call or another expression that is not a number \
             (while rendering content/about.md)"
        ),
        "{e}"
    );
}

#[test]
fn yaml_alias_bomb_fails_fast() {
    let mut yaml = String::from("---\ntitle: F\nset: gge-2015\nsummary: S\nsource:\n  title: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = 'a';
    for name in 'b'..='j' {
        yaml.push_str(&format!("  t{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
        previous = name;
    }
    yaml.push_str("---\n");
    let start = std::time::Instant::now();
    let errors = fails(|s| s.write(NORM, &yaml));
    assert!(
        start.elapsed() < std::time::Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
    assert!(
        errors
            .iter()
            .all(|e| e.starts_with("error: content/norms/f.md:")),
        "{errors:#?}"
    );
}

#[test]
fn all_errors_are_reported_together() {
    let errors = fails(|s| {
        s.write(
            NORM,
            "---\ntitle: F\nset: gge-2015\nsummary: S\nregions: [osec]\n---\n",
        );
        s.write("content/norms/g.md", "---\ntitle: G\n---\n");
        s.write("content/regions/oas.md", "---\ntitle: O\n");
    });
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn pathological_markdown_builds() {
    let site = Site::minimal();
    let nested_quotes = ">".repeat(5_000) + " deep\n";
    let nested_lists: String = (0..2_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let big: String =
        "A paragraph of text with A/RES/70/237 and a [link](@/norms/e.md).\n\n".repeat(80_000);
    site.write(
        "content/norms/x.md",
        &format!(
            "---\ntitle: X\nset: proposed\nsummary: S\n---\n{nested_quotes}\n{nested_lists}\n{big}"
        ),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", &run.stderr[..run.stderr.len().min(2000)]);
}

// Issue 12: careless and hostile inputs, each refused with a located error.

#[test]
fn timeline_range_of_extreme_years_is_a_located_error() {
    let e = one_error(|s| {
        s.write(
            "content/site.yaml",
            &SITE_YAML.replace(
                "timeline: {start: 2014, end: 2016}",
                "timeline: {start: -2147483648, end: 2147483647}",
            ),
        )
    });
    insta::assert_snapshot!(e, @"error: content/site.yaml:3:19: timeline.start is -2147483648: the timeline's years are written with four digits (for example 1998)");
}

#[test]
fn timeline_range_of_thousands_of_years_is_a_located_error() {
    let e = one_error(|s| {
        s.write(
            "content/site.yaml",
            &SITE_YAML
                .replace("start: 2014", "start: 1000")
                .replace("end: 2016", "end: 9999"),
        )
    });
    insta::assert_snapshot!(e, @"error: content/site.yaml:3:30: the timeline spans 9000 years: at most 500 are allowed (a page is made for each)");
}

#[test]
fn base_url_that_breaks_out_of_an_attribute_is_refused() {
    let e = one_error(|s| {
        s.write(
            "content/site.yaml",
            &format!("{SITE_YAML}base_url: 'https://example.org/\"><script>alert(1)</script>'\n"),
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/site.yaml:4:12: base_url "https://example.org/"><script>alert(1)</script>" holds '"', which a URL cannot hold unencoded"#);
}

#[test]
fn base_url_with_a_query_is_refused() {
    let e = one_error(|s| {
        s.write(
            "content/site.yaml",
            &format!("{SITE_YAML}base_url: \"https://example.org/site?x=1&y=2\"\n"),
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/site.yaml:4:12: base_url "https://example.org/site?x=1&y=2" has a query or a fragment: page paths are appended to it"#);
}

#[test]
fn theme_outside_the_themes_folder_is_refused() {
    for theme in ["../../elsewhere/themes/default", "/etc", "\"\""] {
        let e =
            one_error(|s| s.write("content/site.yaml", &format!("{SITE_YAML}theme: {theme}\n")));
        assert!(
            e.starts_with("error: content/site.yaml:4:")
                && e.contains("is not a theme name: write the name of a folder under themes/"),
            "{theme}: {e}"
        );
    }
}

#[test]
fn event_that_ends_before_it_starts() {
    let e = one_error(|s| {
        s.write(
            "content/timeline/2015-06-17-x.md",
            "---\ntitle: X\ndate: \"2015-06-17\"\nend: \"2014-01-01\"\nsummary: S\nsources: [{title: T}]\n---\n",
        )
    });
    insta::assert_snapshot!(e, @"error: content/timeline/2015-06-17-x.md:4:7: `end` (2014-01-01) comes before the start (2015-06-17): swap them or fix one");
}

#[test]
fn empty_title() {
    let e = one_error(|s| s.write(NORM, "---\ntitle: \"\"\nset: gge-2015\nsummary: S\n---\n"));
    insta::assert_snapshot!(e, @"error: content/norms/f.md:2:1: the title is empty: every page needs one, for its heading and its links");
}

#[test]
fn an_error_in_site_yaml_does_not_hide_the_others() {
    let errors = fails(|s| {
        s.write("content/site.yaml", &format!("{SITE_YAML}colour: blue\n"));
        s.write(
            NORM,
            "---\ntitle: F\nset: gge-2015\nsummary: S\nregions: [osec]\n---\n",
        );
    });
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0]
            .starts_with("error: content/norms/f.md:5:11: unknown regional consultation \"osec\""),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with("error: content/site.yaml:4:1: unknown field `colour`"),
        "{errors:#?}"
    );
}

#[test]
fn the_suggested_file_name_is_itself_a_valid_name() {
    let e = one_error(|s| {
        s.write(
            "content/norms/Événement.md",
            "---\ntitle: F\nset: gge-2015\nsummary: S\n---\n",
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/norms/Événement.md:1:1: the file name "Événement" cannot be a page id: use lowercase letters, digits and `-` (for example "evenement")"#);
}

#[test]
fn event_file_named_with_another_date() {
    let e = one_error(|s| {
        s.write(
            "content/timeline/2003-01-01-x.md",
            "---\ntitle: X\ndate: \"2015-06-17\"\nsummary: S\nsources: [{title: T}]\n---\n",
        )
    });
    insta::assert_snapshot!(e, @"error: content/timeline/2003-01-01-x.md:3:8: the date 2015-06-17 is not the one the file name starts with (2003-01-01): rename the file or fix the date, so that the folder lists events in their order");
}

#[cfg(unix)]
#[test]
fn md_symlink_that_leaves_the_root_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let page = outside.path().join("f.md");
    std::fs::write(&page, "---\ntitle: F\nset: gge-2015\nsummary: S\n---\n").unwrap();
    let e = one_error(|s| std::os::unix::fs::symlink(&page, s.path().join(NORM)).unwrap());
    assert_eq!(
        e,
        format!(
            "error: content/norms/f.md:1:1: this symlink leads out of the site's folder (to {}): copy the page in instead",
            page.canonicalize().unwrap().display()
        )
    );
}

// Issue 13: one mistake, one error, at a file position.

#[test]
fn one_typo_in_a_page_that_many_pages_relate_to_gives_one_error() {
    // Norm (e) is named by every event, linked from the home page and, with an anchor,
    // from the region: its broken front matter must not make each of them an error.
    let e = one_error(|s| {
        s.write(
            "content/norms/e.md",
            "---\ntitle: Respect human rights\nset: gge-2015\nletter: \"e\"\nsummary: Human rights apply.\nregions: [osce\n---\n## Scope\n",
        )
    });
    insta::assert_snapshot!(e, @"error: content/norms/e.md:7:1: did not find expected ',' or ']', while parsing a flow sequence at line 6 column 10");
}

/// A norm whose body is `body`, starting at line 6 of content/norms/f.md.
fn norm_with_body(body: &str) -> String {
    format!("---\ntitle: F\nset: gge-2015\nsummary: S\n---\n{body}")
}

#[test]
fn custom_heading_id_that_is_not_a_valid_id() {
    let e = one_error(|s| {
        s.write(
            NORM,
            &norm_with_body("## T {#x\"onmouseover=\"alert(1)}\n\nText.\n"),
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:6:7: the heading id "x"onmouseover="alert(1)" is not a valid id: use only letters, digits, `-` and `_`"#);
}

#[test]
fn custom_heading_id_used_twice_on_a_page() {
    let e = one_error(|s| s.write(NORM, &norm_with_body("## A {#x}\n\n## B {#x}\n")));
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:8:7: the heading id "x" is already the id of the heading at line 6: choose another id"#);
}

#[test]
fn custom_heading_id_taken_by_the_theme() {
    let e = one_error(|s| s.write(NORM, &norm_with_body("## Cite {#cite-heading}\n")));
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:6:10: the heading id "cite-heading" is an id the theme writes on the page: choose another id"#);
}

#[test]
fn custom_heading_id_taken_by_a_footnote() {
    let e = one_error(|s| {
        s.write(
            NORM,
            &norm_with_body("## Notes {#fn-1}\n\nText.[^1]\n\n[^1]: A note.\n"),
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:6:11: the heading id "fn-1" is already the id of footnote [^1]: choose another id"#);
}

#[test]
fn footnote_defined_twice() {
    let e = one_error(|s| {
        s.write(
            NORM,
            &norm_with_body("Text.[^a]\n\n[^a]: One.\n\n[^a]: Two.\n"),
        )
    });
    insta::assert_snapshot!(e, @"error: content/norms/f.md:10:1: the footnote [^a] is defined twice (first at line 8): keep one definition");
}

#[test]
fn javascript_url_in_a_markdown_link() {
    let e = one_error(|s| s.write(NORM, &norm_with_body("See [a](javascript:alert(1)).\n")));
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:6:9: the URL "javascript:alert(1)" has the scheme "javascript:": a page links only to http:, https: and mailto: URLs, relative paths, #anchors and @/ pages"#);
}

#[test]
fn dangerous_url_written_as_browsers_still_read_it() {
    // A leading space, a tab inside the scheme and mixed case: browsers drop the first
    // two and ignore the case.
    let e = one_error(|s| {
        s.write(
            NORM,
            &norm_with_body("[a](&#x20;JaVa&#x09;Script:alert(1))\n"),
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:6:1: the URL " JaVa\tScript:alert(1)" has the scheme "javascript:": a page links only to http:, https: and mailto: URLs, relative paths, #anchors and @/ pages"#);
}

/// Checks that `error` is the whole error for `url`, refused for its scheme at `place`.
fn assert_scheme_refused(error: &str, place: &str, url: &str, scheme: &str) {
    let message = format!("the URL {url:?} has the scheme \"{scheme}:\": a page links only to http:, https: and mailto: URLs, relative paths, #anchors and @/ pages");
    assert_eq!(error, format!("error: {place}: {message}"));
}

#[test]
fn data_url_in_an_image() {
    let url = "data:text/html;base64,PHNjcmlwdD4=";
    let e = one_error(|s| s.write(NORM, &norm_with_body(&format!("![x]({url})\n"))));
    assert_scheme_refused(&e, "content/norms/f.md:6:6", url, "data");
}

#[test]
fn vbscript_url_in_an_autolink() {
    let e = one_error(|s| s.write(NORM, &norm_with_body("<vbscript:msgbox(1)>\n")));
    assert_scheme_refused(
        &e,
        "content/norms/f.md:6:2",
        "vbscript:msgbox(1)",
        "vbscript",
    );
}

#[test]
fn dangerous_url_in_a_reference_definition() {
    let body = "See [r].\n\n[r]: javascript:alert(1)\n";
    let e = one_error(|s| s.write(NORM, &norm_with_body(body)));
    assert_scheme_refused(
        &e,
        "content/norms/f.md:8:6",
        "javascript:alert(1)",
        "javascript",
    );
}

#[test]
fn network_path_url_in_a_link() {
    let e = one_error(|s| s.write(NORM, &norm_with_body("[a](//evil.example/share)\n")));
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:6:5: the URL "//evil.example/share" starts with "/": it would lead to the root of whatever serves the page (the disk, or a network share, when the page is opened from a file): link a page with @/ and another site with https://"#);
}

#[test]
fn javascript_url_in_sources() {
    let e = one_error(|s| {
        s.write(
            NORM,
            "---\ntitle: F\nset: gge-2015\nsummary: S\nsources: [{title: T, url: \"javascript:alert(1)\"}]\n---\n",
        )
    });
    assert_scheme_refused(
        &e,
        "content/norms/f.md:5:28",
        "javascript:alert(1)",
        "javascript",
    );
}

#[test]
fn dangerous_url_in_a_report_source() {
    let e = one_error(|s| {
        s.write(
            "content/reports/r.md",
            "---\ntitle: R\ndate: \"2015-05-01\"\npublisher: P\nkind: conference-summary\nsummary: S\nsource:\n  title: T\n  publisher: P\n  url: \"vbscript:msgbox(1)\"\n---\n",
        )
    });
    assert_scheme_refused(
        &e,
        "content/reports/r.md:10:9",
        "vbscript:msgbox(1)",
        "vbscript",
    );
}

#[test]
fn dangerous_url_in_a_norm_source() {
    let e = one_error(|s| {
        s.write(
            NORM,
            "---\ntitle: F\nset: gge-2015\nsummary: S\nsource: {document: \"A/70/174\", url: \"DATA:text/html,x\"}\n---\n",
        )
    });
    assert_scheme_refused(&e, "content/norms/f.md:5:38", "DATA:text/html,x", "data");
}

#[test]
fn raw_html_block() {
    let e = one_error(|s| s.write(NORM, &norm_with_body("<script>alert(1)</script>\n")));
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:6:1: raw HTML is not allowed ("<script>alert(1)</script>"): write Markdown instead; a "<" meant as text is written "\<""#);
}

#[test]
fn raw_inline_html() {
    let e = one_error(|s| {
        s.write(
            NORM,
            &norm_with_body("Text <img src=x onerror=alert(1)> more.\n"),
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:6:6: raw HTML is not allowed ("<img src=x onerror=alert(1)>"): write Markdown instead; a "<" meant as text is written "\<""#);
}

#[test]
fn raw_html_iframe_and_form() {
    let errors = fails(|s| {
        s.write(
            NORM,
            &norm_with_body("<iframe src=\"https://evil.example\"></iframe>\n\n## Sign in <form action=https://evil.example>\n"),
        )
    });
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: content/norms/f.md:6:1: raw HTML is not allowed (\"<iframe"),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with("error: content/norms/f.md:8:12: raw HTML is not allowed (\"<form"),
        "{errors:#?}"
    );
}

#[test]
fn two_symbols_in_prose_that_would_write_one_page() {
    // content/norms/e.md cites A/RES/70/237 at 12:4; this spelling has the same page.
    let e = one_error(|s| s.write(NORM, &norm_with_body("See A/RES.70/237.\n")));
    insta::assert_snapshot!(e, @r#"error: content/norms/f.md:6:5: the UN symbol "A/RES.70/237" would write the page of "A/RES/70/237" (documents/a-res-70-237/index.html, cited at content/norms/e.md:12:4): write the symbol as the UN does, the same way on every page"#);
}

#[test]
fn front_matter_symbol_that_would_write_another_ones_page() {
    // content/norms/e.md gives A/70/174 as its source document, at 7:21.
    let e = one_error(|s| {
        s.write(
            "content/timeline/2015-x.md",
            "---\ntitle: X\ndate: \"2015\"\nsummary: S\ndocuments: [\"A.70.174\"]\nsources: [{title: T}]\n---\n",
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/timeline/2015-x.md:5:14: the UN symbol "A.70.174" would write the page of "A/70/174" (documents/a-70-174/index.html, cited at content/norms/e.md:7:21): write the symbol as the UN does, the same way on every page"#);
}

#[test]
fn document_symbol_without_a_letter_or_digit() {
    let e = one_error(|s| {
        s.write(
            "content/timeline/2015-x.md",
            "---\ntitle: X\ndate: \"2015\"\nsummary: S\ndocuments: [\"A/RES/70/237\", \"*\"]\nsources: [{title: T}]\n---\n",
        )
    });
    insta::assert_snapshot!(e, @r#"error: content/timeline/2015-x.md:5:30: "*" is not a UN document symbol: write one as the UN does, such as "A/RES/70/237""#);
}

// content/schema.yaml: the kinds and their presentation, each error located. The lines
// are found in the repository's schema, so that the tests say the exact position without
// breaking when an entry is added above.

fn schema_error(edit: impl FnOnce(&str) -> String) -> Vec<String> {
    fails(|s| s.write("content/schema.yaml", &edit(SCHEMA_YAML)))
}

/// The line of the schema (1-based) that holds `needle`, after the edit.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

/// The generator knows no kind by name: a kind renamed is one that the fields naming
/// the old name no longer find, each located at its field, with the closest name.
#[test]
fn schema_field_of_an_undeclared_kind_is_located_with_a_suggestion() {
    let edit = |t: &str| t.replace("- kind: norm", "- kind: nrom");
    let line = line_of(&edit(SCHEMA_YAML), "  norms: {type: id, of: norm");
    assert_eq!(schema_error(edit), [
        format!("error: content/schema.yaml:{line}:3: field `norms`: unknown kind \"norm\": the schema declares event, nrom, region, report, process, theme, person, document, page (did you mean \"nrom\"?)"),
    ]);
}

#[test]
fn schema_missing_a_kind_that_fields_name_is_an_error_at_each() {
    let edit = |t: &str| {
        let (from, to) = (
            t.find("  - kind: person").unwrap(),
            t.find("  - kind: page").unwrap(),
        );
        format!("{}{}", &t[..from], &t[to..])
    };
    let edited = edit(SCHEMA_YAML);
    let e = schema_error(edit);
    // One error at each field that names the kind, wherever it is declared.
    let expected: Vec<String> = edited
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("{type: id, of: person"))
        .map(|(i, l)| {
            let field = l.trim_start().split(':').next().unwrap();
            let column = l.len() - l.trim_start().len() + 1;
            format!("error: content/schema.yaml:{}:{column}: field `{field}`: unknown kind \"person\": the schema declares event, norm, region, report, process, theme, page", i + 1)
        })
        .collect();
    assert!(expected.len() >= 3, "{expected:#?}");
    assert_eq!(e, expected);
}

#[test]
fn schema_with_two_kinds_in_one_folder_is_refused() {
    let e = schema_error(|t| t.replace("folder: people", "folder: reports"));
    let line = line_of(SCHEMA_YAML, "folder: people");
    assert_eq!(e, [format!("error: content/schema.yaml:{line}:13: folder \"reports\" is already the folder of kind \"report\": two kinds cannot share one")]);
}

#[test]
fn schema_folder_of_the_sites_own_pages_is_refused() {
    let e = schema_error(|t| t.replace("folder: people", "folder: search"));
    let line = line_of(SCHEMA_YAML, "folder: people");
    assert_eq!(e, [format!("error: content/schema.yaml:{line}:13: folder \"search\" is the site's own search/ page: choose another")]);
}

#[test]
fn schema_template_the_theme_does_not_have_is_located() {
    let e = schema_error(|t| t.replace("template: norm.html", "template: nrom.html"));
    let line = line_of(SCHEMA_YAML, "template: norm.html");
    assert_eq!(e, [format!("error: content/schema.yaml:{line}:15: unknown template \"nrom.html\": themes/default/templates/ has no such file (did you mean \"norm.html\"?)")]);
    let e = schema_error(|t| t.replace("template: list.html", "template: lists.html"));
    assert_eq!(
        e.len(),
        SCHEMA_YAML.matches("template: list.html").count(),
        "{e:#?}"
    );
    let line = line_of(SCHEMA_YAML, "template: list.html");
    let expected = format!("error: content/schema.yaml:{line}:17: unknown template \"lists.html\": themes/default/templates/ has no such file (did you mean \"list.html\"?)");
    assert_eq!(e[0], expected);
}

#[test]
fn schema_with_two_navigation_entries_in_one_place_is_refused() {
    let (norms, people) = (
        "nav: {label: Norms, order: 2}",
        "nav: {label: People, order: 6}",
    );
    let e = schema_error(|t| t.replace(people, "nav: {label: People, order: 2}"));
    assert!(SCHEMA_YAML.contains(norms));
    let line = line_of(SCHEMA_YAML, people);
    assert_eq!(e, [format!("error: content/schema.yaml:{line}:10: nav order 2 is already the order of kind \"norm\": give each entry its own")]);
}

#[test]
fn schema_unknown_field_is_located() {
    let edit = |t: &str| {
        t.replace(
            "    plural: Norms\n",
            "    plural: Norms\n    colour: red\n",
        )
    };
    let line = line_of(&edit(SCHEMA_YAML), "colour: red");
    assert_eq!(schema_error(edit), [format!("error: content/schema.yaml:{line}:5: kinds[1]: unknown field `colour`; the fields allowed here are `kind`, `folder`, `singular`, `plural`, `template`, `home_template`, `index`, `nav`, `fields`, `title`, `summary`, `dates`, `short`, `timeline`, `file_names`, `url`, `sort`, `feed`, `requires_one_of`, `data`, `documents`, `aliases`, `names`, `search`")]);
}

/// Pages are read by the schema: with a broken one, the configuration's errors are told
/// with the schema's, and no page is checked (the page's error here is not reported:
/// against another schema, a site's own kinds would each give an error that is none).
#[test]
fn schema_error_is_reported_with_the_configurations_and_stops_before_the_pages() {
    let e = fails(|s| {
        s.write(
            "content/schema.yaml",
            &SCHEMA_YAML.replace("plural: Norms\n", "plural: [Norms]\n"),
        );
        s.write("content/site.yaml", &format!("{SITE_YAML}colour: blue\n"));
        s.write(NORM, "---\ntitle: F\n---\n");
    });
    assert_eq!(e.len(), 2, "{e:#?}");
    let line = line_of(SCHEMA_YAML, "plural: Norms");
    assert!(
        e[0].starts_with(&format!("error: content/schema.yaml:{line}:13: ")),
        "{e:#?}"
    );
    assert!(e[1].starts_with("error: content/site.yaml:"), "{e:#?}");
    assert!(e[1].contains("colour"), "{e:#?}");
}

#[test]
fn schema_field_of_an_unknown_type_is_located_with_a_suggestion() {
    let (written, typo) = (
        "      status: {type: string, optional: true}",
        "      status: {type: strng, optional: true}",
    );
    assert!(SCHEMA_YAML.contains(written));
    let line = line_of(SCHEMA_YAML, written);
    let e = schema_error(|t| t.replace(written, typo));
    assert_eq!(e, [format!("error: content/schema.yaml:{line}:7: field `status`: unknown type \"strng\": the types are string, markdown, url, symbol, date, year, enum, id, or a record of `records` (did you mean \"string\"?)")]);
}

#[test]
fn schema_role_naming_no_field_is_located_with_a_suggestion() {
    let written = "    sort: [set, letter]";
    let line = line_of(SCHEMA_YAML, written);
    let e = schema_error(|t| t.replace(written, "    sort: [set, leter]"));
    assert_eq!(e, [format!("error: content/schema.yaml:{line}:11: `sort` names no field of kind \"norm\": there is no field `leter` (did you mean \"letter\"?)")]);
}

#[test]
fn schema_role_naming_a_field_of_another_type_is_refused() {
    let written = "    file_names: date";
    let line = line_of(SCHEMA_YAML, written);
    let e = schema_error(|t| t.replace(written, "    file_names: title"));
    assert_eq!(e, [format!("error: content/schema.yaml:{line}:17: `file_names` names field `title`, which is not a date")]);
}

/// The `search` role's values are the generator's words: another value is refused at the
/// role, not taken for "listed".
#[test]
fn schema_search_role_with_a_value_the_search_does_not_know_is_refused() {
    let written = "          hidden: \"not listed\"";
    let role = "    search: search";
    let line = line_of(SCHEMA_YAML, role);
    let e = schema_error(|t| t.replace(written, "          secret: \"not listed\""));
    assert_eq!(e, [format!("error: content/schema.yaml:{line}:13: `search` names field `search`, which is not an enum whose values are among `listed`, `last` and `hidden`")]);
}

#[test]
fn unknown_enum_value_suggests_the_closest() {
    let e = one_error(|s| s.write(NORM, "---\ntitle: F\nset: gcs\nsummary: S\n---\n"));
    insta::assert_snapshot!(e, @"error: content/norms/f.md:3:6: set: unknown value `gcs`: the values allowed here are `gge-2015`, `gcsc`, `proposed` (did you mean `gcsc`?)");
}

/// Found when the theme loads, not when the page renders: the generator's own pages
/// need their templates, whatever the schema says.
#[test]
fn a_theme_without_a_template_the_generator_renders_is_told_at_once() {
    let e = one_error(|s| s.remove("themes/default/templates/search.html"));
    assert_eq!(e, "error: themes/default/templates/search.html:1:1: the theme has no search.html: the generator renders it for pages no content file is behind (docs/THEMES.md)");
}

/// A URL pattern and a table name become paths in the output: none may lead out of it.
#[test]
fn schema_paths_that_would_leave_the_output_are_refused() {
    let written = "    url: \"timeline/{year}/{id}/\"";
    let line = line_of(SCHEMA_YAML, written);
    let e = schema_error(|t| t.replace(written, "    url: \"../../{year}/{id}/\""));
    assert_eq!(e, [format!("error: content/schema.yaml:{line}:10: url \"../../{{year}}/{{id}}/\": write folder names of lowercase letters, digits, - and _, separated by /")]);
    let written = "      table: timeline";
    let e = schema_error(|t| t.replace(written, "      table: ../../escaped"));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].contains("`data` table \"../../escaped\" is not a file name"),
        "{e:#?}"
    );
}

/// The field that types the timeline's marks: an enum that every event has a value of,
/// of no more values than the chart has shapes, whose name and values name folders.
#[test]
fn schema_type_of_the_marks_is_checked_at_the_timeline_role() {
    let written = "    timeline: {marks: date, type: type, label: key}";
    // The error at the role (the first kind's `timeline`, the event's), on the line it
    // has once `from` is `to` in the schema.
    let at = |from: &str, to: &str, message: &str| {
        let line = line_of(&SCHEMA_YAML.replace(from, to), "    timeline: {");
        let (from, to) = (from.to_string(), to.to_string());
        let e = schema_error(move |t| t.replace(&from, &to));
        let expected = format!("error: content/schema.yaml:{line}:15: {message}");
        assert!(e.contains(&expected), "{e:#?}");
        e.len()
    };
    let role = |to: &str, message: &str| at(written, &format!("    timeline: {{{to}}}"), message);
    role("marks: date, type: kind", "`timeline` names no field of kind \"event\": there is no field `kind` (did you mean \"end\"?)");
    role(
        "marks: date, type: title",
        "`timeline` names field `title`, which is not an enum",
    );
    role(
        "marks: date, type: type, label: date",
        "`timeline` names field `date`, which is not a string",
    );
    // Without `marks`, `{year}` in the kind's URL is an error too.
    role(
        "type: type",
        "`timeline: {type}` types the marks: declare `marks` beside it",
    );
    let (default, other, report) = (
        "        default: other\n",
        "          other: \"Other event\"\n",
        "          report: \"Report\"\n",
    );
    let one = |from: &str, to: &str, message: &str| assert_eq!(at(from, to, message), 1);
    one(default, "        optional: true\n", "`timeline` types the marks with field `type`: give it a `default` or make it required, so that every mark has a type");
    one(other, &format!("{other}          statement: \"Statement\"\n"), "`timeline` types the marks with field `type`, which has 5 values: the chart has 4 shapes to tell them apart");
    one(report, "          Report: \"Report\"\n", "`timeline` types the marks with field `type`: \"Report\" names a folder of the timeline's pages (timeline/type/<value>/): write lowercase letters, digits, - and _, starting with a letter");
    // The views of the bars are in timeline/<kind>/: a kind of that name would share them.
    let rename = |t: &str| {
        t.replace("of: process", "of: type")
            .replace("- kind: process", "- kind: type")
    };
    let bars = line_of(&rename(SCHEMA_YAML), "    timeline: {bars: [start, end]}");
    assert_eq!(schema_error(rename), [format!("error: content/schema.yaml:{bars}:15: kind \"type\" is drawn as bars, and the field that types the marks has its name: the views of both would be in timeline/type/; rename one")]);
}
