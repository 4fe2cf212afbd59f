//! The repository's own site: it checks clean, covers every year, and links nowhere
//! broken.

mod common;
use common::*;
use std::process::Command;

fn build_repo_site() -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_cyberrecord"))
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files = read_tree(&target);
    (out, files)
}

#[test]
fn the_repository_site_checks_clean() {
    let run = Command::new(env!("CARGO_BIN_EXE_cyberrecord"))
        .args(["check", "--root"])
        .arg(repo_root())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn every_year_of_the_range_has_an_event() {
    let (_dir, files) = build_repo_site();
    for year in 1998..=2025 {
        let page =
            String::from_utf8_lossy(&files[&format!("timeline/{year}/index.html")]).into_owned();
        assert!(
            page.contains("<article class=\"event\""),
            "no event in {year}"
        );
    }
}

#[test]
fn the_repository_site_has_the_pages_the_content_issue_names() {
    let (_dir, files) = build_repo_site();
    let count = |prefix: &str| {
        files
            .keys()
            .filter(|p| {
                p.starts_with(prefix) && p.ends_with("/index.html") && p.matches('/').count() == 2
            })
            .count()
    };
    assert_eq!(count("timeline/"), 28);
    assert_eq!(count("regions/"), 6);
    assert!(count("norms/") >= 11 + 8, "{}", count("norms/"));
    assert!(count("reports/") >= 4);
    assert!(files.keys().filter(|p| p.ends_with(".html")).count() >= 60);
}

#[test]
fn no_link_of_the_repository_site_is_broken() {
    let (_dir, files) = build_repo_site();
    let problems = link_problems(&files);
    assert!(
        problems.is_empty(),
        "{} problems: {:#?}",
        problems.len(),
        &problems[..problems.len().min(30)]
    );
}

#[test]
fn no_inline_script_or_style_so_the_csp_needs_no_unsafe_inline() {
    let (_dir, files) = build_repo_site();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            !html.contains(" style=\""),
            "{path} has an inline style attribute"
        );
        assert!(!html.contains("<style"), "{path} has a <style> element");
        for (i, _) in html.match_indices("<script") {
            let tag_end = html[i..].find('>').map(|e| i + e).unwrap();
            assert!(
                html[i..tag_end].contains(" src=\""),
                "{path} has an inline script"
            );
        }
        assert!(
            !html.contains(" onclick=") && !html.contains(" onload="),
            "{path} has an inline handler"
        );
    }
}

#[test]
fn hosts_get_the_same_security_headers() {
    let (_dir, files) = build_repo_site();
    let headers = String::from_utf8_lossy(&files["_headers"]).into_owned();
    let netlify = std::fs::read_to_string(repo_root().join("netlify.toml")).unwrap();
    for name in [
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
    ] {
        assert!(
            headers.contains(name) && netlify.contains(name),
            "{name} missing"
        );
    }
    let csp = |text: &str| {
        text.lines()
            .find(|l| l.contains("Content-Security-Policy"))
            .unwrap()
            .split_once("default-src")
            .unwrap()
            .1
            .trim_end_matches('"')
            .to_string()
    };
    assert_eq!(csp(&headers), csp(&netlify), "the two policies differ");
    assert!(!headers.contains("unsafe-inline"));
    assert!(headers.contains("/static/*\n  Cache-Control: public, max-age=31536000, immutable"));
}

/// A `_headers` or `netlify.toml` rule: its path pattern and its headers, in order.
type Rules = Vec<(String, Vec<(String, String)>)>;

fn headers_file_rules(text: &str) -> Rules {
    let mut rules: Rules = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match (line.starts_with(' '), rules.last_mut()) {
            (true, Some((_, headers))) => {
                let (name, value) = line.trim().split_once(": ").unwrap();
                headers.push((name.into(), value.into()));
            }
            _ => rules.push((line.trim().into(), Vec::new())),
        }
    }
    rules
}

fn netlify_rules(text: &str) -> Rules {
    let mut rules: Rules = Vec::new();
    for line in text.lines().map(str::trim) {
        let Some((key, value)) = line.split_once(" = ") else {
            continue;
        };
        let value = value.trim_matches('"').to_string();
        match (key, rules.last_mut()) {
            ("for", _) => rules.push((value, Vec::new())),
            (name, Some((_, headers))) if !name.contains(' ') => {
                headers.push((name.into(), value));
            }
            _ => {}
        }
    }
    rules
}

/// Whether `path` matches a rule's pattern as Netlify reads it: `*` stands for any
/// characters, `/` included.
fn matches(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == path,
        Some((head, tail)) => {
            path.starts_with(head) && (head.len()..=path.len()).any(|i| matches(tail, &path[i..]))
        }
    }
}

/// Issue 17: hosts serve `cite.bib` and `cite.ris` with their types (a host guessing by
/// extension knows neither), and nothing else gets a type from the rules; `netlify.toml`
/// holds the same rules as the `_headers` file the build writes.
#[test]
fn hosts_serve_the_citation_files_with_their_types() {
    let (_dir, files) = build_repo_site();
    let headers = headers_file_rules(&String::from_utf8_lossy(&files["_headers"]));
    let netlify =
        netlify_rules(&std::fs::read_to_string(repo_root().join("netlify.toml")).unwrap());
    assert_eq!(headers, netlify, "_headers and netlify.toml differ");
    let content_type = |path: &str| -> Vec<String> {
        headers
            .iter()
            .filter(|(pattern, _)| matches(pattern, &format!("/{path}")))
            .flat_map(|(_, h)| h.iter().filter(|(n, _)| n == "Content-Type"))
            .map(|(_, v)| v.clone())
            .collect()
    };
    let mut cited = 0;
    for path in files.keys() {
        let expected: &[&str] = if path.ends_with("/cite.bib") {
            &["application/x-bibtex; charset=utf-8"]
        } else if path.ends_with("/cite.ris") {
            &["application/x-research-info-systems; charset=utf-8"]
        } else {
            &[]
        };
        cited += usize::from(!expected.is_empty());
        assert_eq!(content_type(path), expected, "{path}");
    }
    assert!(cited > 100, "{cited} citation files");
}
