//! serde_yaml's errors as diagnostics: located in the file (serde_yaml counts lines from
//! the start of the YAML it was given) and worded for people who edit YAML. Used for the
//! front matter, `content/site.yaml` and `content/schema.yaml`.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// A serde_yaml error as a diagnostic whose line counts from the start of the file.
pub(crate) fn yaml_diagnostic(
    path: &Path,
    first_line: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    let message = shift_line_numbers(&editor_message(&error.to_string()), first_line - 1);
    Diagnostic::new(path, line + first_line - 1, column, message)
}

/// serde_yaml names other positions inside its message ("while parsing a flow sequence
/// at line 11 column 10"), counted from the start of the YAML: every position an editor
/// reads is a file position, so each "line N" is moved by the lines before the YAML.
fn shift_line_numbers(message: &str, lines_before: usize) -> String {
    const MARK: &str = " at line ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(MARK) {
        let after = &rest[i + MARK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&rest[..i + MARK.len()]);
        match after[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + lines_before).to_string()),
            Err(_) => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// serde_yaml's wording made for people who edit YAML, not for Rust developers.
fn editor_message(raw: &str) -> String {
    let message = strip_position(raw);
    let message = message
        .replace(", expected one of", "; the fields allowed here are")
        .replace(
            "invalid type: sequence, expected a string",
            "expected a single text value here, found a list",
        )
        .replace(
            "invalid type: map, expected a string",
            "expected a single text value here, found a mapping",
        )
        .replace(
            "invalid type: string",
            "expected a different kind of value, found the text",
        )
        .replace(
            "found character that cannot start any token",
            "found a character that cannot start a YAML value (a tab? YAML indents with spaces)",
        )
        .replace(
            "repetition limit exceeded",
            "too many aliases expanded (`*name`): the front matter looks like an alias bomb",
        );
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("missing required field {field}");
    }
    message
}

/// Removes serde_yaml's " at line N column M" (we give the position ourselves).
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => {
            let rest = &message[i + " at line ".len()..];
            let tail = rest
                .find(|c: char| !(c.is_ascii_digit() || c == ' ' || c.is_ascii_alphabetic()))
                .map_or("", |j| &rest[j..]);
            format!("{}{}", &message[..i], tail)
        }
        None => message.to_string(),
    }
}

/// How deep `[` and `{` may nest before libyaml is given the text: serde_yaml stops at 128
/// levels, but only after libyaml's scanner has read the whole text, in time that grows
/// with the square of the depth (200,000 levels, 400 KB, took 98 s). Front matter and the
/// configuration nest a few levels.
const MAX_FLOW_DEPTH: usize = 128;

/// An error at the first bracket of `text` that opens a level deeper than serde_yaml would
/// read, with `first_line` the file's line of the text's first line. Brackets are counted
/// outside the quoted strings and comments of each line; one in plain or block text counts
/// too, so a text with more than 128 unclosed brackets in its prose would be refused: far
/// more than any real page holds.
pub(crate) fn check_depth(path: &Path, first_line: usize, text: &str) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    for (index, line) in text.lines().enumerate() {
        let mut quote = None;
        for (column, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        let message = format!(
                            "brackets nested more than {MAX_FLOW_DEPTH} deep: YAML here needs a few levels"
                        );
                        let column = line[..column].chars().count() + 1;
                        return Err(Diagnostic::new(path, first_line + index, column, message));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                (None, _) => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_inside_messages_are_file_positions() {
        assert_eq!(
            shift_line_numbers("x, while parsing a flow sequence at line 11 column 10", 1),
            "x, while parsing a flow sequence at line 12 column 10"
        );
        assert_eq!(shift_line_numbers("no position", 1), "no position");
    }

    #[test]
    fn brackets_deeper_than_serde_yaml_reads_are_refused_at_their_place() {
        let path = Path::new("content/x.md");
        let nested = |n: usize| format!("a: {}{}", "[".repeat(n), "]".repeat(n));
        assert!(check_depth(path, 2, &nested(MAX_FLOW_DEPTH)).is_ok());
        let e = check_depth(path, 2, &format!("t: x\n{}", nested(MAX_FLOW_DEPTH + 1)));
        let e = e.unwrap_err();
        assert_eq!((e.line, e.column), (3, 4 + MAX_FLOW_DEPTH));
        // In quotes and comments a bracket is text; levels closed do not add up.
        let text = "a: \"[[[[\"\nb: '{{{{' # [[[[\n".repeat(100) + &"c: [[]]\n".repeat(100);
        assert!(check_depth(path, 1, &text).is_ok());
    }
}
