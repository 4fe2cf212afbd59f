//! Splits a page into its YAML front matter and its Markdown body, and turns serde_yaml's
//! errors into diagnostics located in the file (serde_yaml counts lines from the start of
//! the YAML, so the opening `---` line is added back).

use super::yaml_subset;
use crate::diagnostics::Diagnostic;
pub(crate) use crate::yaml::yaml_diagnostic;
use std::path::Path;

/// A page cut in two, with where each part starts in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub(crate) yaml: &'a str,
    /// 1-based line of the first YAML line in the file.
    pub(crate) yaml_line: usize,
    pub(crate) body: &'a str,
    /// 1-based line of the first body line in the file.
    pub(crate) body_line: usize,
}

/// Cuts `text` at its `---` fences. The opening fence must be the first line.
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::new(
            path,
            1,
            1,
            "the file is empty: a page starts with front matter between two `---` lines",
        ));
    }
    let Some(after_open) = strip_fence(text) else {
        return Err(Diagnostic::new(
            path,
            1,
            1,
            "the page does not start with front matter: the first line must be `---`",
        ));
    };
    let mut offset = text.len() - after_open.len();
    for (line, raw_line) in (2..).zip(after_open.split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let yaml = &text[text.len() - after_open.len()..offset];
            let body = &text[offset + raw_line.len()..];
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body,
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(Diagnostic::new(
        path,
        1,
        1,
        "the front matter is never closed: add a line `---` after it",
    ))
}

fn strip_fence(text: &str) -> Option<&str> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    (text[..first_end].trim_end() == "---").then(|| &text[first_end..])
}

/// Parses the YAML of `split` into `T`, with errors located in the file.
#[cfg(test)]
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    path: &Path,
    split: &Split,
) -> Result<T, Diagnostic> {
    parse_with(path, split, |d| T::deserialize(d))
}

/// Parses the YAML of `split` with the schema's `seed`: without libyaml where it is in the
/// subset `yaml_subset` reads, else, and again for any error, with serde_yaml, whose errors
/// name the place.
pub(crate) fn parse_record<S, T>(path: &Path, split: &Split, seed: S) -> Result<T, Diagnostic>
where
    S: for<'de> serde::de::DeserializeSeed<'de, Value = T> + Copy,
{
    if let Some(node) = yaml_subset::parse(split.yaml) {
        if let Ok(value) = seed.deserialize(yaml_subset::NodeDeserializer(&node)) {
            return Ok(value);
        }
    }
    parse_with(path, split, |d| seed.deserialize(d))
}

/// Parses the YAML of `split` with `read` (a schema's seed), with errors located in the
/// file.
pub(crate) fn parse_with<T>(
    path: &Path,
    split: &Split,
    read: impl FnOnce(serde_yaml::Deserializer) -> Result<T, serde_yaml::Error>,
) -> Result<T, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Err(Diagnostic::new(
            path,
            split.yaml_line,
            1,
            "the front matter is empty: it needs at least a `title`",
        ));
    }
    crate::yaml::check_depth(path, split.yaml_line, split.yaml)?;
    read(serde_yaml::Deserializer::from_str(split.yaml)).map_err(|e| {
        let mut d = yaml_diagnostic(path, split.yaml_line, &e);
        if let Some((line, column)) = duplicate_position(split, &e) {
            (d.line, d.column) = (line, column);
            d.message = format!("{}: a key may appear once", d.message);
        }
        d
    })
}

/// serde places a duplicate field at the start of its mapping; the second occurrence is
/// where the editor has to look. serde_yaml tells a duplicate only in its message's
/// words (its error has no kind to match on).
fn duplicate_position(split: &Split, error: &serde_yaml::Error) -> Option<(usize, usize)> {
    let message = error.to_string();
    let key = message
        .strip_prefix("duplicate field `")?
        .split('`')
        .next()?;
    let prefix = format!("{key}:");
    let (index, line) = split
        .yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with(&prefix))
        .nth(1)?;
    Some((split.yaml_line + index, indent(line) + 1))
}

/// Where `value` appears under `key` in the YAML, as a file position, for errors that serde
/// cannot place (an unknown id is a valid string to serde). Falls back to the key's line,
/// then to the first line of the front matter.
pub(crate) fn locate(split: &Split, key: &str, value: &str) -> (usize, usize) {
    let lines: Vec<&str> = split.yaml.lines().collect();
    let key_prefix = format!("{key}:");
    let Some(key_index) = lines.iter().position(|l| {
        l.trim_start()
            .trim_start_matches("- ")
            .starts_with(&key_prefix)
    }) else {
        return (split.yaml_line, 1);
    };
    let key_indent = indent(lines[key_index]);
    for (i, line) in lines.iter().enumerate().skip(key_index) {
        if i > key_index
            && !line.trim().is_empty()
            && indent(line) <= key_indent
            && !line.trim_start().starts_with('-')
        {
            break;
        }
        let search_from = if i == key_index {
            line.find(&key_prefix).unwrap_or(0) + key_prefix.len()
        } else {
            0
        };
        if let Some(col) = find_word(&line[search_from..], value) {
            let col = line[..search_from + col].chars().count() + 1;
            return (split.yaml_line + i, col);
        }
    }
    let col = lines[key_index].find(&key_prefix).map_or(0, |c| c) + 1;
    (split.yaml_line + key_index, col)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Byte offset of `word` in `line` where it is not part of a longer id.
pub(crate) fn find_word(line: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    line.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = line[..i].chars().next_back();
        let after = line[i + word.len()..].chars().next();
        !before.is_some_and(is_id_char) && !after.is_some_and(is_id_char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/x.md")
    }

    #[test]
    fn splits_and_counts_lines() {
        let s = split(p(), "---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn accepts_crlf_and_bom() {
        let s = split(p(), "\u{feff}---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split(p(), "---\ntitle: a\nbody\n").unwrap_err();
        assert!(e.message.contains("never closed"), "{}", e.message);
    }

    #[test]
    fn empty_file_is_an_error() {
        let e = split(p(), "  \n").unwrap_err();
        assert!(e.message.contains("empty"));
    }

    #[test]
    fn yaml_errors_are_offset_to_the_file() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            title: String,
        }
        let text = "---\ntitle: a\ntitel: b\n---\n";
        let s = split(p(), text).unwrap();
        let e = parse::<T>(p(), &s).unwrap_err();
        assert_eq!((e.line, e.column), (3, 1), "{e}");
        assert!(
            e.message.starts_with("unknown field `titel`"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("at line"), "{}", e.message);
    }

    #[test]
    fn locates_an_id_in_flow_and_block_lists() {
        let text = "---\ntitle: a\nregions: [oas, osec]\nnorms:\n  - e\n  - zz\n---\n";
        let s = split(p(), text).unwrap();
        assert_eq!(locate(&s, "regions", "osec"), (3, 16));
        assert_eq!(locate(&s, "norms", "zz"), (6, 5));
        assert_eq!(locate(&s, "norms", "e"), (5, 5));
    }
}
