//! The common shape of front matter, read without libyaml: serde_yaml's loader costs about
//! 250 instructions a byte, an eighth of a small site's build (docs/PERFORMANCE.md, the
//! seventh pass), while nearly every page's front matter is a few shapes of YAML that a
//! line scanner reads in a tenth of that.
//!
//! [`parse`] reads only that subset, and answers `None` for anything else (a comment, a
//! tab, an escape, a plain scalar that YAML might read as a number, a boolean or null, a
//! multi-line scalar, an anchor, a tag, …), so that serde_yaml reads it as before. What it
//! accepts it reads as serde_yaml does: the tests compare the two on every page of the
//! repository's site and on thousands of mutations of them. Errors are always serde_yaml's:
//! a page whose record the schema rejects here is read again by serde_yaml
//! (`frontmatter::parse_record`), which places the error at its line and column.
//!
//! The subset: a block mapping at column 0 of plain keys (`[a-z_][a-z0-9_]*`); block
//! mappings and block sequences (compact or indented) under a key or a `- `; and on a
//! line, a double-quoted string without `\`, a plain word (an ASCII letter, then letters,
//! digits, `-` and `_`, not a word YAML reserves), a flow sequence `[…]` or a flow
//! mapping `{…}` of those, closed on the same line.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
use std::fmt;

/// A value of the subset.
#[derive(Debug, PartialEq)]
pub(crate) enum Node<'a> {
    Text(&'a str),
    List(Vec<Node<'a>>),
    Map(Vec<(&'a str, Node<'a>)>),
}

/// Reads `yaml` if it is in the subset, else `None`.
pub(crate) fn parse(yaml: &str) -> Option<Node<'_>> {
    let mut lines = Lines::new(yaml)?;
    if lines.peek()?.indent != 0 {
        return None;
    }
    let map = lines.block_map(0, 0)?;
    lines.peek().is_none().then_some(map)
}

/// One line that is not blank: its indentation and the rest, without trailing spaces.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

struct Lines<'a> {
    lines: Vec<Line<'a>>,
    next: usize,
}

impl<'a> Lines<'a> {
    fn new(yaml: &'a str) -> Option<Self> {
        let mut lines = Vec::new();
        for raw in yaml.split('\n') {
            let line = raw.strip_suffix('\r').unwrap_or(raw).trim_end_matches(' ');
            // libyaml reads these characters as line breaks or rejects them.
            if !line.chars().all(printable) {
                return None;
            }
            let text = line.trim_start_matches(' ');
            if !text.is_empty() {
                lines.push(Line {
                    indent: line.len() - text.len(),
                    text,
                });
            }
        }
        Some(Lines { lines, next: 0 })
    }

    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.next).copied()
    }

    /// The entries of a block mapping whose keys are at column `indent`; the first line is
    /// the current one.
    fn block_map(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        deeper(depth)?;
        let mut entries = Vec::new();
        while let Some(line) = self.peek().filter(|l| l.indent >= indent) {
            if line.indent > indent {
                return None;
            }
            let (key, rest) = split_key(line.text)?;
            self.next += 1;
            let value = if rest.is_empty() {
                self.nested(indent, depth + 1)?
            } else {
                inline_whole(rest, depth + 1)?
            };
            entries.push((key, value));
        }
        Some(Node::Map(entries))
    }

    /// The block under a key at column `indent` whose line ends with the colon: a
    /// sequence (at that column or deeper) or a mapping (deeper). Nothing there would be
    /// null, which the subset leaves to serde_yaml.
    fn nested(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let line = self.peek()?;
        if is_item(line.text) && line.indent >= indent {
            self.block_list(line.indent, depth)
        } else if line.indent > indent {
            self.block_map(line.indent, depth)
        } else {
            None
        }
    }

    /// The items of a block sequence whose dashes are at column `indent`.
    fn block_list(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        deeper(depth)?;
        let mut items = Vec::new();
        while let Some(line) = self
            .peek()
            .filter(|l| l.indent == indent && is_item(l.text))
        {
            let after_dash = &line.text[1..];
            let rest = after_dash.trim_start_matches(' ');
            let column = indent + 1 + (after_dash.len() - rest.len());
            if split_key(rest).is_some() {
                // `- key: …`: a mapping whose keys are at the column of the first one.
                self.lines[self.next] = Line {
                    indent: column,
                    text: rest,
                };
                items.push(self.block_map(column, depth + 1)?);
            } else {
                self.next += 1;
                items.push(inline_whole(rest, depth + 1)?);
            }
        }
        match self.peek() {
            Some(line) if line.indent > indent => None,
            _ => Some(Node::List(items)),
        }
    }
}

/// Whether a line is an item of a block sequence: a dash, then a space.
fn is_item(text: &str) -> bool {
    text.starts_with("- ")
}

/// `key: rest` or `key:` (rest empty), for a plain key.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let end = text
        .bytes()
        .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))?;
    let (key, after) = text.split_at(end);
    if key.is_empty() || key.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let after = after.strip_prefix(':')?;
    if after.is_empty() {
        return Some((key, ""));
    }
    after
        .starts_with(' ')
        .then(|| (key, after.trim_start_matches(' ')))
}

/// One value that is the whole of `text`.
fn inline_whole(text: &str, depth: usize) -> Option<Node<'_>> {
    let (node, rest) = inline(text, depth)?;
    rest.is_empty().then_some(node)
}

/// One value at the start of `text`, and what follows it.
fn inline(text: &str, depth: usize) -> Option<(Node<'_>, &str)> {
    match text.as_bytes().first()? {
        b'"' => quoted(text),
        b'[' => flow_list(text, depth),
        b'{' => flow_map(text, depth),
        _ => word(text),
    }
}

/// A double-quoted string without escapes or line breaks.
fn quoted(text: &str) -> Option<(Node<'_>, &str)> {
    let body = &text[1..];
    let end = body.bytes().position(|b| b == b'"' || b == b'\\')?;
    (body.as_bytes()[end] == b'"').then(|| (Node::Text(&body[..end]), &body[end + 1..]))
}

/// A plain scalar that YAML reads as a string whatever its schema: an ASCII letter, then
/// letters, digits, `-` and `_`, and none of the words a schema reads otherwise.
fn word(text: &str) -> Option<(Node<'_>, &str)> {
    if !text.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let end = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .unwrap_or(text.len());
    let (word, rest) = text.split_at(end);
    const RESERVED: [&str; 12] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
    ];
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word)) {
        return None;
    }
    // Anything else after the word (`:`, `#`, `.`, another word) would make YAML read a
    // longer scalar, a key or a comment.
    let after = rest.trim_start_matches(' ');
    let ends = after.is_empty() || after.starts_with([',', ']', '}']);
    ends.then_some((Node::Text(word), rest))
}

fn flow_list(text: &str, depth: usize) -> Option<(Node<'_>, &str)> {
    let (items, rest) = flow(text, ']', depth, |text| inline(text, depth + 1))?;
    Some((Node::List(items), rest))
}

fn flow_map(text: &str, depth: usize) -> Option<(Node<'_>, &str)> {
    let (entries, rest) = flow(text, '}', depth, |text| {
        let (key, after) = split_key(text)?;
        if after.is_empty() {
            return None;
        }
        let (value, after) = inline(after, depth + 1)?;
        Some(((key, value), after))
    })?;
    Some((Node::Map(entries), rest))
}

/// The entries of a flow collection that opens at `text` and ends with `close` on the
/// same line, each read by `entry`; a trailing comma is left to serde_yaml.
fn flow<'a, T>(
    text: &'a str,
    close: char,
    depth: usize,
    mut entry: impl FnMut(&'a str) -> Option<(T, &'a str)>,
) -> Option<(Vec<T>, &'a str)> {
    deeper(depth)?;
    let mut rest = text[1..].trim_start_matches(' ');
    let mut entries = Vec::new();
    if let Some(after) = rest.strip_prefix(close) {
        return Some((entries, after));
    }
    loop {
        let (value, after) = entry(rest)?;
        entries.push(value);
        let after = after.trim_start_matches(' ');
        if let Some(after) = after.strip_prefix(close) {
            return Some((entries, after));
        }
        rest = after.strip_prefix(',')?.trim_start_matches(' ');
        if rest.starts_with(close) {
            return None;
        }
    }
}

/// How deep collections may nest in the subset. Front matter nests three or four deep;
/// deeper is left to serde_yaml, which has a limit of its own and says so, where
/// recursing here without one would overflow the stack on `[[[[…` (a hostile file).
const MAX_DEPTH: usize = 24;

/// `Some` while `depth` is within [`MAX_DEPTH`].
fn deeper(depth: usize) -> Option<()> {
    (depth <= MAX_DEPTH).then_some(())
}

/// The characters libyaml reads as they are: printable ones, not line breaks.
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
        || c >= '\u{10000}'
}

/// A [`Node`] as a serde deserializer, for the schema's seed.
pub(crate) struct NodeDeserializer<'n, 'a>(pub(crate) &'n Node<'a>);

/// Why the seed refused a value: the page is read again by serde_yaml, whose error names
/// the place, so the message here is never shown.
#[derive(Debug)]
pub(crate) struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("refused")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused
    }
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'_, '_> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.0 {
            Node::Text(text) => visitor.visit_str(text),
            Node::List(items) => visitor.visit_seq(SeqDeserializer::new(items.iter())),
            Node::Map(entries) => {
                let entries = entries.iter().map(|(key, value)| (*key, value));
                visitor.visit_map(MapDeserializer::new(entries))
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de, 'n, 'a> IntoDeserializer<'de, Refused> for &'n Node<'a> {
    type Deserializer = NodeDeserializer<'n, 'a>;

    fn into_deserializer(self) -> NodeDeserializer<'n, 'a> {
        NodeDeserializer(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Node::{List, Map, Text};

    #[test]
    fn reads_the_shapes_of_front_matter() {
        let yaml = "title: \"A, b: c # d\"\ntype: resolution\nnorms: [a, gcsc-1]\n\
                    documents: [\"A/RES/56/19\"]\nempty: []\nsources:\n  - {title: \"S\", url: \"https://x.org/#a\"}\n\
                    - {}\nsource:\n  document: \"A/70/174\"\nsessions:\n  - title: \"T\"\n    speakers:\n    - kv\n";
        let expected = Map(vec![
            ("title", Text("A, b: c # d")),
            ("type", Text("resolution")),
            ("norms", List(vec![Text("a"), Text("gcsc-1")])),
            ("documents", List(vec![Text("A/RES/56/19")])),
            ("empty", List(vec![])),
            (
                "sources",
                List(vec![
                    Map(vec![
                        ("title", Text("S")),
                        ("url", Text("https://x.org/#a")),
                    ]),
                    Map(vec![]),
                ]),
            ),
            ("source", Map(vec![("document", Text("A/70/174"))])),
            (
                "sessions",
                List(vec![Map(vec![
                    ("title", Text("T")),
                    ("speakers", List(vec![Text("kv")])),
                ])]),
            ),
        ]);
        // The `- {}` at column 0 is not an item of `sources` (indented): not in the subset.
        assert_eq!(parse(yaml), None);
        let yaml = yaml.replace("\n- {}", "\n  - {}");
        assert_eq!(parse(&yaml), Some(expected));
    }

    #[test]
    fn leaves_everything_else_to_serde_yaml() {
        for yaml in [
            "title: a # comment\n",
            "# comment\ntitle: a\n",
            "title: \"a\\nb\"\n",
            "title: \"a\n  b\"\n",
            "title: two words\n",
            "title: 'single'\n",
            "title: >\n  folded\n",
            "start: 2019\n",
            "date: 2019-05-01\n",
            "flag: true\n",
            "flag: No\n",
            "value: null\n",
            "value: ~\n",
            "value:\n",
            "value:\nnext: a\n",
            "title: &anchor a\n",
            "title: !tag a\n",
            "title:a\n",
            "title : a\n",
            "\"title\": a\n",
            "  title: a\n",
            "norms: [a, b,]\n",
            "norms: [a, b\n",
            "norms: [a: b]\n",
            "source: {title: \"a\",}\n",
            "title:\ttab\n",
            "title: \"a\u{2028}b\"\n",
            "title: \"a\rb\"\n",
            "title: a\n  b\n",
            "list:\n  - a\n    b\n",
            "list:\n  - - a\n",
            "list:\n  -\n",
            "title: a\n---\nother: b\n",
            "map:\n  a: x\n b: y\n",
        ] {
            assert_eq!(parse(yaml), None, "{yaml:?}");
        }
    }

    #[test]
    fn crlf_and_blank_lines_are_read() {
        let yaml = "title: \"a\"\r\n\r\nnorms:\r\n  - e   \r\n";
        let expected = Map(vec![("title", Text("a")), ("norms", List(vec![Text("e")]))]);
        assert_eq!(parse(yaml), Some(expected));
    }

    #[test]
    fn declines_collections_nested_deeper_than_its_limit() {
        let flow = |n: usize| format!("a: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert!(parse(&flow(MAX_DEPTH)).is_some());
        assert_eq!(parse(&flow(200_000)), None);
        let block = |n: usize| {
            let mut yaml = String::from("a:\n");
            for level in 1..=n {
                yaml.push_str(&format!("{}- b:\n", " ".repeat(2 * level)));
            }
            yaml.push_str(&format!("{}- c\n", " ".repeat(2 * n + 2)));
            yaml
        };
        assert!(parse(&block(MAX_DEPTH / 3)).is_some());
        assert_eq!(parse(&block(5_000)), None);
    }

    /// Every page of the repository's site, read through the subset (`None` where it
    /// declines or the seed refuses) and through serde_yaml.
    mod against_serde_yaml {
        use super::super::super::frontmatter::{self, Split};
        use super::super::super::record::Record;
        use super::super::super::value::RecordSeed;
        use super::super::*;
        use crate::schema::Schema;
        use serde::de::DeserializeSeed;
        use std::path::{Path, PathBuf};

        fn pages() -> Vec<(PathBuf, String)> {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let mut pages = Vec::new();
            let mut folders = vec![root.join("content")];
            while let Some(folder) = folders.pop() {
                for entry in std::fs::read_dir(folder).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        folders.push(path);
                    } else if path.extension().is_some_and(|e| e == "md") {
                        let rel = path.strip_prefix(root).unwrap().to_path_buf();
                        pages.push((rel, std::fs::read_to_string(&path).unwrap()));
                    }
                }
            }
            pages.sort();
            pages
        }

        /// The page's record through the subset, and through serde_yaml.
        fn both(schema: &Schema, rel: &Path, yaml: &str) -> (Option<Record>, Option<Record>) {
            let kind = crate::content::kind_of(schema, rel).unwrap();
            let seed = RecordSeed {
                schema,
                record: schema.of(kind).record,
            };
            let subset =
                parse(yaml).and_then(|node| seed.deserialize(NodeDeserializer(&node)).ok());
            let split = Split {
                yaml,
                yaml_line: 2,
                body: "",
                body_line: 3,
            };
            let full = frontmatter::parse_with(rel, &split, |d| seed.deserialize(d)).ok();
            (subset, full)
        }

        #[test]
        fn every_page_reads_the_same() {
            let schema = Schema::built_in();
            let pages = pages();
            let mut read = 0;
            for (rel, text) in &pages {
                let split = frontmatter::split(rel, text).unwrap();
                let (subset, full) = both(&schema, rel, split.yaml);
                if let Some(record) = subset {
                    read += 1;
                    assert_eq!(Some(record), full, "{}", rel.display());
                }
            }
            // The subset is worth having only if it reads nearly every page.
            assert!(read * 10 >= pages.len() * 9, "{read} of {}", pages.len());
        }

        /// A small deterministic generator (xorshift), so that a failure can be replayed.
        struct Random(u64);

        impl Random {
            fn below(&mut self, n: usize) -> usize {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                (self.0 % n as u64) as usize
            }
        }

        /// One edit of the kind a careless editor or an attacker makes: a character YAML
        /// gives a meaning inserted, a character deleted, a line repeated or re-indented.
        fn mutate(yaml: &str, random: &mut Random) -> String {
            const INSERTED: [&str; 32] = [
                " ", "\t", "#", ":", "-", "\"", "\\", "[", "]", "{", "}", ",", "\n", "\r", "&",
                "*", "!", "|", ">", "'", "%", "@", "`", "?", "~", "0", ".", "a", "\u{a0}",
                "\u{2028}", "- ", ": ",
            ];
            let boundaries: Vec<usize> = (0..=yaml.len())
                .filter(|&i| yaml.is_char_boundary(i))
                .collect();
            let at = boundaries[random.below(boundaries.len())];
            match random.below(4) {
                0 => format!(
                    "{}{}{}",
                    &yaml[..at],
                    INSERTED[random.below(INSERTED.len())],
                    &yaml[at..]
                ),
                1 => {
                    let end = boundaries.iter().copied().find(|&b| b > at).unwrap_or(at);
                    format!("{}{}", &yaml[..at], &yaml[end..])
                }
                2 => {
                    let lines: Vec<&str> = yaml.lines().collect();
                    let i = random.below(lines.len().max(1));
                    let mut out: Vec<&str> = lines.clone();
                    if let Some(line) = lines.get(i) {
                        out.insert(i, line);
                    }
                    out.join("\n")
                }
                _ => {
                    let lines: Vec<String> = yaml.lines().map(str::to_string).collect();
                    let i = random.below(lines.len().max(1));
                    let mut out = lines.clone();
                    if let Some(line) = out.get_mut(i) {
                        *line = match random.below(2) {
                            0 => format!("  {line}"),
                            _ => line.trim_start().to_string(),
                        };
                    }
                    out.join("\n")
                }
            }
        }

        #[test]
        fn what_the_subset_reads_of_an_edited_page_serde_yaml_reads_the_same() {
            let schema = Schema::built_in();
            let mut random = Random(0x9e37_79b9_7f4a_7c15);
            let (mut compared, mut read) = (0, 0);
            for (rel, text) in pages() {
                let split = frontmatter::split(&rel, &text).unwrap();
                for _ in 0..24 {
                    let mut yaml = split.yaml.to_string();
                    for _ in 0..1 + random.below(3) {
                        yaml = mutate(&yaml, &mut random);
                    }
                    let (subset, full) = both(&schema, &rel, &yaml);
                    compared += 1;
                    if let Some(record) = subset {
                        read += 1;
                        assert_eq!(Some(record), full, "{}: {yaml:?}", rel.display());
                    }
                }
            }
            // Enough of the edited pages stay in the subset for the comparison to mean
            // something, and enough leave it for the declines to be tried.
            assert!(
                read * 4 >= compared && read * 10 <= compared * 9,
                "{read} of {compared}"
            );
        }
    }
}
