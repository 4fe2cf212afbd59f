//! The command line as an editor and a host meet it: a root that holds no site, the words
//! of each command, `--timings`, and `build --base-url` for the deployed site.

mod common;
use common::*;

#[test]
fn a_root_that_does_not_exist_is_a_usage_error() {
    for command in ["build", "check", "serve"] {
        let r = run_bin(&[command, "--root", "/nonexistent-cyberrecord-root"]);
        assert_eq!(r.code, 2, "{command}: {}", r.stderr);
        assert_eq!(
            r.stderr, "error: --root /nonexistent-cyberrecord-root: no such folder\n",
            "{command}"
        );
    }
}

#[test]
fn a_root_that_holds_no_site_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    let root = empty.path().to_str().unwrap();
    for command in ["build", "check", "serve"] {
        let r = run_bin(&[command, "--root", root]);
        assert_eq!(r.code, 2, "{command}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!("error: --root {root} holds no site: there is no content/site.yaml (run this in the site's folder, or point --root at it)\n"),
            "{command}"
        );
    }
    assert!(!empty.path().join("output").exists());
}

#[test]
fn check_reports_in_its_own_words() {
    let site = Site::minimal();
    site.write(
        "content/norms/f.md",
        "---\ntitle: F\nset: gge-2051\nsummary: S\n---\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.ends_with("error: check found 1 error\n"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("output"), "{}", r.stderr);
}

#[test]
fn timings_help_names_the_steps_that_timings_prints() {
    let site = Site::minimal();
    for command in ["build", "check"] {
        let help = run_bin(&[command, "--help"]).stdout;
        let listed = help
            .split("Print how long each step took (")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .unwrap_or_else(|| panic!("{command} --help: {help}"))
            .to_string();
        let r = site.run(&[command, "--timings"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let printed: Vec<&str> = r
            .stderr
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(listed, printed.join(", "), "{command}");
    }
}

#[test]
fn base_url_flag_gives_a_sitemap_canonical_links_and_a_404_page_for_any_depth() {
    let site = Site::minimal();
    let out = site.path().join("deployed");
    let r = site.run(&[
        "build",
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        "https://deploy-preview-7--record.example.org",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let base = "https://deploy-preview-7--record.example.org/";
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let sitemap = read("sitemap.xml");
    assert!(
        sitemap.contains(&format!("<loc>{base}norms/e/</loc>")),
        "{sitemap}"
    );
    let norm = read("norms/e/index.html");
    assert!(
        norm.contains(&format!("<link rel=\"canonical\" href=\"{base}norms/e/\">")),
        "{norm}"
    );
    let atom = read("atom.xml");
    assert!(
        atom.contains(&format!(
            "<link href=\"{base}timeline/2015/2015-event/index.html\"/>"
        )),
        "{atom}"
    );
    // A host shows 404.html at any missing URL, however deep: each of its links and
    // assets must then be absolute.
    let not_found = read("404.html");
    for url in attribute_values(&not_found, "href")
        .into_iter()
        .chain(attribute_values(&not_found, "src"))
    {
        assert!(
            url.starts_with(base) || url.starts_with('#'),
            "404.html links to {url}"
        );
    }
    // The committed output stays relative: without the flag, no sitemap.
    assert_eq!(site.build().code, 0);
    assert!(!site.path().join("output/sitemap.xml").exists());
}

#[test]
fn base_url_flag_is_checked_like_the_configuration() {
    let site = Site::minimal();
    let r = site.run(&["build", "--base-url", "example.org"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("\"example.org\" must be an absolute http(s) URL"),
        "{}",
        r.stderr
    );
    assert!(!site.path().join("output").exists());
}

#[test]
fn a_base_url_with_an_ampersand_keeps_the_feed_well_formed() {
    let site = Site::minimal();
    let r = site.run(&["build", "--base-url", "https://example.org/a&b/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("href=\"https://example.org/a&amp;b/atom.xml\""),
        "{atom}"
    );
    assert!(!atom.contains("a&b"), "{atom}");
}

/// The commands of netlify.toml, by context, unescaped.
fn netlify_commands() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo_root().join("netlify.toml")).unwrap();
    let mut context = String::new();
    let mut commands = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            context = line.trim_matches(['[', ']']).to_string();
        } else if let Some(value) = line.strip_prefix("command = ") {
            let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
            let value = value.expect("a quoted command").replace("\\\"", "\"");
            commands.push((context.clone(), value));
        }
    }
    commands
}

#[test]
fn netlify_builds_each_deploy_with_its_own_url() {
    let commands = netlify_commands();
    let contexts: Vec<&str> = commands.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        contexts,
        ["build", "context.deploy-preview", "context.branch-deploy"]
    );
    for (context, command) in &commands {
        // Run as Netlify runs it, in a copy of a site, with the variables Netlify sets.
        let site = Site::minimal();
        let command = command.replace(
            "cargo run --release --locked --",
            env!("CARGO_BIN_EXE_cyberrecord"),
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &command])
            .current_dir(site.path())
            .env("URL", "https://record.example.org")
            .env(
                "DEPLOY_PRIME_URL",
                "https://deploy-preview-3--record.example.org",
            )
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{context}: {out:?}");
        let expected = if context == "build" {
            "https://record.example.org/"
        } else {
            "https://deploy-preview-3--record.example.org/"
        };
        assert!(
            site.read("sitemap.xml")
                .contains(&format!("<loc>{expected}</loc>")),
            "{context}"
        );
    }
}
