//! Which URLs a page may link to: the one decision, for links and images in Markdown and
//! for the URLs of the front matter.
//!
//! An allow-list, not a deny-list: a page links to `http:`, `https:` and `mailto:` URLs, to
//! relative paths and `#anchors`, and to other pages with `@/` (resolved before this is
//! asked). Every other scheme is refused — `javascript:`, `vbscript:` and `data:` run code
//! or forge a page on any host that sends no Content-Security-Policy (a file opened from
//! disk, a plain file server), and a deny-list would have to foresee each scheme a browser
//! may ever add (`blob:`, `filesystem:`, vendor schemes). The scheme is read as browsers
//! read it (the WHATWG URL standard): after leading and trailing spaces and control
//! characters are dropped, with tabs and line breaks removed wherever they are, whatever
//! its case.
//!
//! And the way back from a page to the site's root, which every relative URL of a page
//! starts with.

/// Whether a page may link to `url`; if not, why, in the words an editor reads.
pub(crate) fn check(url: &str) -> Result<(), String> {
    let cleaned = as_browsers_read(url);
    match scheme(&cleaned) {
        Some(scheme) if ["http", "https", "mailto"].contains(&scheme.as_str()) => Ok(()),
        Some(scheme) => Err(format!(
            "the URL {url:?} has the scheme \"{scheme}:\": a page links only to http:, https: and mailto: URLs, relative paths, #anchors and @/ pages"
        )),
        // `//host/path` is a URL of another host, reached from disk as a network share;
        // `/path` and `\…` (read as `/`) start at the root of the host or of the disk.
        None if cleaned.starts_with(['/', '\\']) => Err(format!(
            "the URL {url:?} starts with \"/\": it would lead to the root of whatever serves the page (the disk, or a network share, when the page is opened from a file): link a page with @/ and another site with https://"
        )),
        None => Ok(()),
    }
}

/// `url` as a browser's URL parser starts reading it: leading and trailing C0 controls and
/// spaces dropped, every tab and line break removed.
fn as_browsers_read(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of a URL, lowercase, if it has one: an ASCII letter, then letters, digits,
/// `+`, `-` or `.`, up to the first `:`.
fn scheme(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_valid).then(|| scheme.to_ascii_lowercase())
}

/// The absolute URL of the page at `url` (root-relative), when the site has a base URL:
/// the base URL and the path without `index.html` (`https://example.org/norms/e/`).
pub(crate) fn canonical(base_url: Option<&str>, url: &str) -> Option<String> {
    base_url.map(|b| format!("{b}{}", url.trim_end_matches("index.html")))
}

/// `../../` for `norms/e/index.html`, empty for `index.html`.
pub(crate) fn root_prefix(url: &str) -> String {
    let path = url.split('#').next().unwrap_or("");
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowed_urls_pass() {
        for url in [
            "https://undocs.org/A/70/174",
            "HTTP://example.org",
            "mailto:editor@example.org",
            "../norms/e/index.html",
            "#scope",
            "?q=1",
            "a/b:c",
            "",
        ] {
            assert_eq!(check(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn other_schemes_are_refused_however_they_are_written() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "blob:https://example.org/x",
        ] {
            assert!(check(url).is_err(), "{url:?}");
        }
    }

    #[test]
    fn paths_from_the_root_and_network_paths_are_refused() {
        for url in ["/about/", "//evil.example/x", "\\\\evil.example\\x", " //x"] {
            assert!(check(url).is_err(), "{url:?}");
        }
    }

    #[test]
    fn a_space_that_is_not_ascii_hides_no_scheme() {
        // Browsers do not strip U+00A0, so this is a relative path, and harmless.
        assert_eq!(check("\u{a0}javascript:alert(1)"), Ok(()));
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("norms/e/index.html"), "../../");
        assert_eq!(root_prefix("timeline/2015/index.html#x"), "../../");
    }
}
