//! `content/site.yaml`: the few settings of the whole site, each checked with an error
//! located at its value.

use crate::content::frontmatter;
use crate::diagnostics::Diagnostic;
use crate::yaml::yaml_diagnostic;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub(crate) const CONFIG_PATH: &str = "content/site.yaml";

/// The longest timeline, in years: the record spans decades, and a year page is made for
/// every year of the range (a range of four billion years once took the build down).
const MAX_TIMELINE_YEARS: i32 = 500;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    pub(crate) title: String,
    pub(crate) description: String,
    #[serde(default = "default_language")]
    pub(crate) language: String,
    #[serde(default = "default_theme")]
    pub(crate) theme: String,
    /// Used only where a standard requires an absolute URL (sitemap, feed, canonical).
    #[serde(default)]
    pub(crate) base_url: Option<String>,
    #[serde(default)]
    pub(crate) timeline: TimelineRange,
    /// The meta descriptions of the pages the generator makes itself, in the site's own
    /// words (placeholders in braces).
    #[serde(default)]
    pub(crate) descriptions: Descriptions,
}

/// The meta descriptions (and the chart's title) of the pages no content file is behind.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Descriptions {
    /// `{start}`, `{end}`: the timeline's range.
    pub(crate) timeline: String,
    /// The chart of the timeline page: `{start}`, `{end}`.
    pub(crate) chart: String,
    /// `{year}`, `{count}` (the events of the year), `{s}` ("s" unless there is one).
    pub(crate) year: String,
    pub(crate) search: String,
    pub(crate) data: String,
    pub(crate) documents: String,
}

impl Default for Descriptions {
    fn default() -> Self {
        Descriptions {
            timeline: "The record from {start} to {end}, year by year.".into(),
            chart: "The record from {start} to {end}: each bar spans years, each mark is a page filed on the timeline; all are links.".into(),
            year: "What happened in {year}: {count} event{s}.".into(),
            search: "Search every page of the record.".into(),
            data: "The record's tables as JSON and CSV files.".into(),
            documents: "Every document cited on this site, with the official record and the pages that cite it.".into(),
        }
    }
}

/// `template` with each `{name}` replaced by its value.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TimelineRange {
    pub(crate) start: i32,
    pub(crate) end: i32,
}

impl Default for TimelineRange {
    fn default() -> Self {
        TimelineRange {
            start: 1998,
            end: 2025,
        }
    }
}

fn default_language() -> String {
    "en".into()
}

fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Reads and checks `content/site.yaml` under `root`: every problem of the file, each
    /// located at its value.
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let rel = Path::new(CONFIG_PATH);
        let text = std::fs::read_to_string(root.join(rel)).map_err(|e| {
            vec![Diagnostic::new(
                rel,
                1,
                1,
                format!("cannot read the site configuration: {e}"),
            )]
        })?;
        crate::yaml::check_depth(rel, 1, &text).map_err(|d| vec![d])?;
        let mut config: Config =
            serde_yaml::from_str(&text).map_err(|e| vec![yaml_diagnostic(rel, 1, &e)])?;
        let mut problems = Vec::new();
        let at = |key: &str, value: &str, message: String| {
            let (line, column) = position(&text, key, value);
            Diagnostic::new(rel, line, column, message)
        };
        let range = config.timeline;
        if let Err(message) = check_timeline(range) {
            let value = if (1000..=9999).contains(&range.start) {
                range.end
            } else {
                range.start
            };
            problems.push(at("timeline", &value.to_string(), message));
        }
        if let Err(message) = check_theme_name(&config.theme) {
            problems.push(at("theme", &config.theme, message));
        }
        if let Some(url) = &config.base_url {
            match check_base_url(url) {
                Ok(url) => config.base_url = Some(url),
                Err(message) => problems.push(at("base_url", url, format!("base_url {message}"))),
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// What the rest of a run goes on with when `content/site.yaml` is broken: its
    /// problems are reported, and so are those of every page. No page is written.
    pub(crate) fn fallback(years: impl Iterator<Item = i32>) -> Config {
        let years: Vec<i32> = years.collect();
        let timeline = match (years.iter().min(), years.iter().max()) {
            (Some(&start), Some(&end)) => TimelineRange { start, end },
            _ => TimelineRange::default(),
        };
        Config {
            title: String::new(),
            description: String::new(),
            language: default_language(),
            theme: default_theme(),
            base_url: None,
            timeline,
            descriptions: Descriptions::default(),
        }
    }
}

/// Four-digit years, in order, over a bounded span.
fn check_timeline(range: TimelineRange) -> Result<(), String> {
    let TimelineRange { start, end } = range;
    for (name, year) in [("start", start), ("end", end)] {
        if !(1000..=9999).contains(&year) {
            return Err(format!(
                "timeline.{name} is {year}: the timeline's years are written with four digits (for example 1998)"
            ));
        }
    }
    if start > end {
        return Err(format!(
            "timeline.start ({start}) comes after timeline.end ({end})"
        ));
    }
    if end - start >= MAX_TIMELINE_YEARS {
        return Err(format!(
            "the timeline spans {} years: at most {MAX_TIMELINE_YEARS} are allowed (a page is made for each)",
            end - start + 1
        ));
    }
    Ok(())
}

/// A theme is the name of a folder under `themes/`, nothing else: no path, so that a
/// site never loads templates from outside its own folder.
fn check_theme_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "theme \"{name}\" is not a theme name: write the name of a folder under themes/ (for example \"default\")"
        ))
    }
}

/// An absolute http(s) URL with a host, ending in `/` (added if missing). Characters that
/// a URL never holds unencoded (spaces, quotes, angle brackets, backslashes, controls) are
/// refused rather than escaped: they are typos or an attempt to break out of an attribute.
pub fn check_base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let bad = |why: &str| format!("\"{url}\" {why}");
    let Some(rest) = rest else {
        return Err(bad(
            "must be an absolute http(s) URL, for example \"https://example.org/\"",
        ));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') || host.contains('@') {
        return Err(bad("has no host name after the scheme"));
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^".contains(*c))
    {
        return Err(bad(&format!(
            "holds {c:?}, which a URL cannot hold unencoded"
        )));
    }
    if url.contains(['?', '#']) {
        return Err(bad(
            "has a query or a fragment: page paths are appended to it",
        ));
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// The file position of `value` under `key` in the configuration's text.
fn position(text: &str, key: &str, value: &str) -> (usize, usize) {
    let split = frontmatter::Split {
        yaml: text,
        yaml_line: 1,
        body: "",
        body_line: 1,
    };
    frontmatter::locate(&split, key, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_absolute_and_end_in_a_slash() {
        assert_eq!(
            check_base_url("https://example.org/site").unwrap(),
            "https://example.org/site/"
        );
        for bad in [
            "example.org",
            "https://",
            "https:///x",
            "https://example.org/site?x=1&y=2",
            "https://x.org/\"><script>",
            "javascript://x.org/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timelines_are_four_digit_years_in_order_and_bounded() {
        let r = |start, end| check_timeline(TimelineRange { start, end });
        assert!(r(1998, 2025).is_ok());
        assert!(r(-2147483648, 2147483647).is_err());
        assert!(r(2025, 1998).is_err());
        assert!(r(1000, 9999).is_err());
    }

    #[test]
    fn theme_names_are_folder_names() {
        assert!(check_theme_name("default").is_ok());
        for bad in [
            "",
            ".",
            "..",
            "../../elsewhere/themes/default",
            "/abs",
            "a/b",
        ] {
            assert!(check_theme_name(bad).is_err(), "{bad:?}");
        }
    }
}
