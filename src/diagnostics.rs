//! Errors an editor can act on: every problem carries the file, line and column it is
//! about, and a run collects all of them before stopping (like ripgrep, unlike Zola).

use std::fmt;
use std::path::{Path, PathBuf};

/// How many errors a run prints before it summarises the rest.
pub(crate) const MAX_REPORTED: usize = 200;

/// One problem in the input, located in a file relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub(crate) path: PathBuf,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

impl Diagnostic {
    pub(crate) fn new(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error: {}:{}:{}: {}",
            self.path.display().to_string().replace('\\', "/"),
            self.line,
            self.column,
            self.message
        )
    }
}

/// All the problems of one run, in a stable order (by file, then position).
#[derive(Debug, Default, Clone)]
pub(crate) struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted and deduplicated, so two runs over the same input print the same lines.
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort();
        self.0.dedup();
        self.0
    }
}

/// Which command reports: each closes its report in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `build`, which leaves the previous output as it was.
    Build,
    /// `check`, which writes nothing.
    Check,
    /// `serve`, which keeps serving the last good build.
    Serve,
}

/// Prints every diagnostic (up to [`MAX_REPORTED`]) and a closing count in the words of
/// the command that ran.
pub fn format_report(diagnostics: &[Diagnostic], command: Command) -> String {
    let mut out = String::new();
    for d in diagnostics.iter().take(MAX_REPORTED) {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    if diagnostics.len() > MAX_REPORTED {
        out.push_str(&format!(
            "... and {} more errors not shown\n",
            diagnostics.len() - MAX_REPORTED
        ));
    }
    let n = diagnostics.len();
    let errors = format!("{n} error{}", if n == 1 { "" } else { "s" });
    out.push_str(&match command {
        Command::Build => {
            format!("error: build failed with {errors}; the previous output is untouched\n")
        }
        Command::Check => format!("error: check found {errors}\n"),
        Command::Serve => format!("error: build failed with {errors}\n"),
    });
    out
}

/// The closest candidate to `wanted`, if one is close enough to be a plausible typo.
pub(crate) fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// " (did you mean \"x\"?)" or nothing.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    match closest(wanted, candidates) {
        Some(c) => format!(" (did you mean \"{c}\"?)"),
        None => String::new(),
    }
}

/// Line and column (both 1-based, column in characters) of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line starts of a text, so that many positions can be located without rescanning it
/// (a 5 MB page with 80,000 links would otherwise take minutes).
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// Line and column (1-based, column in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_the_editor_shape() {
        let d = Diagnostic::new(Path::new("content/norms/e.md"), 4, 9, "unknown region");
        assert_eq!(
            d.to_string(),
            "error: content/norms/e.md:4:9: unknown region"
        );
    }

    #[test]
    fn suggests_a_close_id_and_nothing_for_a_far_one() {
        let ids = ["osce", "oas", "eu"];
        assert_eq!(closest("osec", ids), Some("osce"));
        assert_eq!(closest("zzzzzz", ids), None);
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nçd x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 4));
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "ab\nçd x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            assert_eq!(
                index.line_col(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn report_is_capped() {
        let many: Vec<_> = (0..MAX_REPORTED + 5)
            .map(|i| Diagnostic::new(Path::new("a.md"), i + 1, 1, "bad"))
            .collect();
        let text = format_report(&many, Command::Build);
        assert!(text.contains("and 5 more errors not shown"));
        assert_eq!(text.lines().count(), MAX_REPORTED + 2);
    }
}
