//! `content/site.yaml`: the few settings of the whole site.

use crate::content::frontmatter::yaml_diagnostic;
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const CONFIG_PATH: &str = "content/site.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Used only where a standard requires an absolute URL (sitemap, feed, canonical).
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub timeline: TimelineRange,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineRange {
    pub start: i32,
    pub end: i32,
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
    /// Reads and checks `content/site.yaml` under `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let rel = Path::new(CONFIG_PATH);
        let text = std::fs::read_to_string(root.join(rel)).map_err(|e| {
            Diagnostic::new(
                rel,
                1,
                1,
                format!("cannot read the site configuration: {e}"),
            )
        })?;
        let mut config: Config =
            serde_yaml::from_str(&text).map_err(|e| yaml_diagnostic(rel, 1, &e))?;
        if config.timeline.start > config.timeline.end {
            return Err(Diagnostic::new(
                rel,
                1,
                1,
                "timeline.start comes after timeline.end",
            ));
        }
        if let Some(url) = &mut config.base_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(Diagnostic::new(
                    rel,
                    1,
                    1,
                    format!("base_url \"{url}\" must be an absolute http(s) URL"),
                ));
            }
            if !url.ends_with('/') {
                url.push('/');
            }
        }
        Ok(config)
    }
}
