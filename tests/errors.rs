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

/// Likewise a template that includes itself.
#[test]
fn a_template_that_includes_itself_names_the_include() {
    let mut line = 0;
    let e = one_error(|s| line = with_lines_added(s, "cite.html", "{% include \"cite.html\" %}\n"));
    assert_eq!(
        e,
        format!(
            "error: themes/default/templates/cite.html:{line}:4: the include of \"cite.html\" \
             goes past the recursion depth limit of 32 nested macro calls and includes: does \
             a template include itself without end? (while rendering content/norms/e.md)"
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
