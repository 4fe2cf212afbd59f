//! Names in prose: every name of every page (the patterns of its kind's `names` role, such
//! as `norm ({letter})` or `{short_name}`, and its aliases) in one Aho-Corasick automaton,
//! so that finding every mention in a body costs one pass over its text, whatever the
//! number of names. A leaf: the site builds the index, the Markdown asks it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

mod automaton;
mod page;
use automaton::Patterns;
pub(crate) use page::{Mention, PageMentions, PassageText};

/// Every name of the site, each with the pages it names (two or more: a shared name,
/// which a page must say it means before it is linked there).
#[derive(Default)]
pub(crate) struct NameIndex {
    /// The names, then the shapes' starts: one pass over a text finds both.
    patterns: Option<Patterns>,
    names: Vec<Name>,
    /// Text that starts a name made by a pattern (`resolution `, `norm (`), with the end
    /// of such a name: what a name of that kind looks like, for the names that are none.
    shapes: Vec<Shape>,
}

/// What one pass over a text finds: its names, and where a shape starts.
#[derive(Default)]
pub(crate) struct Scan {
    pub(crate) names: Vec<Found>,
    /// (shape, where its start is written).
    starts: Vec<(usize, Range<usize>)>,
}

impl Scan {
    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty() && self.starts.is_empty()
    }
}

pub(crate) struct Name {
    pub(crate) text: String,
    pub(crate) targets: Vec<usize>,
}

/// What a name made by a pattern looks like: its literal start, and its literal end (or,
/// with none, a token that holds a digit, as `70/237` does, and a `/` if the field is a
/// UN symbol).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Shape {
    pub(crate) before: String,
    pub(crate) after: String,
    pub(crate) symbol: bool,
}

/// What one page says a name means on it (`means`): one of the pages the name names, or
/// `None` for plain text.
pub(crate) type Meanings = std::collections::HashMap<usize, Option<usize>>;

/// One name met in a text: where, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) range: Range<usize>,
    pub(crate) name: usize,
}

/// The longest a look-alike's varying part may be: `(l)` in `norm (l)`, `61/543` in
/// `resolution 61/543`.
const SHAPE_TOKEN: usize = 24;

impl NameIndex {
    /// The index of `names` (name, page), with `shapes` for the look-alikes. A name is
    /// also found with its first letter capitalised, as at the start of a sentence.
    pub(crate) fn new(
        names: impl IntoIterator<Item = (String, usize)>,
        shapes: Vec<Shape>,
    ) -> Self {
        let mut by_text: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (text, target) in names {
            let capitalised = capitalise(&text);
            by_text.entry(text).or_default().insert(target);
            if let Some(capitalised) = capitalised {
                by_text.entry(capitalised).or_default().insert(target);
            }
        }
        let names: Vec<Name> = by_text
            .into_iter()
            .map(|(text, targets)| Name {
                text,
                targets: targets.into_iter().collect(),
            })
            .collect();
        let mut shapes = shapes;
        shapes.sort();
        shapes.dedup();
        let patterns = names.iter().map(|n| n.text.as_str());
        NameIndex {
            patterns: Patterns::new(
                &patterns
                    .chain(shapes.iter().map(|s| s.before.as_str()))
                    .collect::<Vec<_>>(),
            ),
            names,
            shapes,
        }
    }

    pub(crate) fn name(&self, name: usize) -> &Name {
        &self.names[name]
    }

    /// The page `name` means on a page that says `meanings`: the one the page says (or
    /// none, for plain text), else the one page it names; `Err` with the number of pages
    /// it names when it names several and the page does not say which.
    pub(crate) fn meaning(
        &self,
        name: usize,
        meanings: Option<&Meanings>,
    ) -> Result<Option<usize>, usize> {
        let targets = &self.names[name].targets;
        match meanings.and_then(|m| m.get(&name)) {
            Some(meant) => Ok(*meant),
            None if targets.len() == 1 => Ok(Some(targets[0])),
            None => Err(targets.len()),
        }
    }

    /// The name written exactly as `text`, if the site has it.
    pub(crate) fn lookup(&self, text: &str) -> Option<usize> {
        self.names
            .binary_search_by(|n| n.text.as_str().cmp(text))
            .ok()
    }

    /// The names in `text`, as whole words, the longest where two overlap, left to right.
    pub(crate) fn find(&self, text: &str) -> Vec<Found> {
        self.scan(text).names
    }

    /// The names in `text` (as [`NameIndex::find`] gives them), and where the shapes of
    /// names start that no name is written at, for [`NameIndex::lookalikes`]. From left to
    /// right, the longest pattern at each place a word may start; a name that is not a
    /// whole word is passed by a character, so that a name starting inside it is still
    /// found.
    pub(crate) fn scan(&self, text: &str) -> Scan {
        let Some(patterns) = &self.patterns else {
            return Scan::default();
        };
        let bytes = text.as_bytes();
        let mut scan = Scan::default();
        let mut at = 0;
        // Whether the character before `at` joins a word: no name starts after one.
        let mut after_word = false;
        while at < bytes.len() {
            let byte = bytes[at];
            if !after_word && patterns.may_start(byte) {
                let found = patterns.longest_at(bytes, at);
                if let Some(end) = found.and_then(|(p, end)| self.keep(&mut scan, text, p, at..end))
                {
                    after_word = text[..end].chars().next_back().is_some_and(joins_word);
                    at = end;
                    continue;
                }
            }
            if byte.is_ascii() {
                after_word = ASCII_JOINS_WORD[usize::from(byte)];
                at += 1;
                // The rest of a word holds no start: passed in one go.
                if after_word {
                    at += bytes[at..]
                        .iter()
                        .take_while(|&&b| b.is_ascii() && ASCII_JOINS_WORD[usize::from(b)])
                        .count();
                }
            } else {
                let c = text[at..].chars().next().unwrap_or(' ');
                after_word = joins_word(c);
                at += c.len_utf8();
            }
        }
        scan
    }

    /// Keeps pattern `pattern`, written at `range` of `text`, in `scan`: a shape's start,
    /// or a name if it is a whole word. Where the scan goes on, if it was kept.
    fn keep(
        &self,
        scan: &mut Scan,
        text: &str,
        pattern: usize,
        range: Range<usize>,
    ) -> Option<usize> {
        let end = range.end;
        if pattern >= self.names.len() {
            scan.starts.push((pattern - self.names.len(), range));
        } else if is_whole_word(text, range.clone()) {
            scan.names.push(Found {
                range,
                name: pattern,
            });
        } else {
            return None;
        }
        Some(end)
    }

    /// Text in `text` shaped like a name of the site that is none (`norm (l)`, a
    /// resolution with no record): the ranges, from its [`Scan`].
    pub(crate) fn lookalikes(&self, text: &str, scan: &Scan) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        for (shape, start) in &scan.starts {
            let Some(range) = shaped(text, start.clone(), &self.shapes[*shape]) else {
                continue;
            };
            let named = scan
                .names
                .iter()
                .any(|f| f.range.start <= range.start && range.end <= f.range.end);
            let seen = ranges
                .last()
                .is_some_and(|r: &Range<usize>| r.end > range.start);
            if !named && !seen && is_whole_word(text, range.clone()) {
                ranges.push(range);
            }
        }
        ranges
    }
}

/// The name with its first letter capitalised, if that changes it.
fn capitalise(text: &str) -> Option<String> {
    let first = text.chars().next()?;
    if !first.is_lowercase() {
        return None;
    }
    let mut capitalised: String = first.to_uppercase().collect();
    capitalised.push_str(&text[first.len_utf8()..]);
    Some(capitalised)
}

/// A name is a whole word: no letter, digit, `/` or `_` touches it on either side (so
/// that `70/237` is not found inside `A/RES/70/237`, nor `EU` inside `EUR`).
fn is_whole_word(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(joins_word) && !after.is_some_and(joins_word)
}

/// [`joins_word`] for each ASCII character, looked up by the scan of every text.
const ASCII_JOINS_WORD: [bool; 128] = {
    let mut joins = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        joins[b] = c.is_ascii_alphanumeric() || c == b'/' || c == b'_';
        b += 1;
    }
    joins
};

/// A character that joins the word it touches: a letter, a digit, `/` or `_`.
fn joins_word(c: char) -> bool {
    c.is_alphanumeric() || c == '/' || c == '_'
}

/// The look-alike that starts with `start` (the shape's literal start), if the text
/// after it has the shape's end: its literal end within a few characters, or a token
/// with a digit.
fn shaped(text: &str, start: Range<usize>, shape: &Shape) -> Option<Range<usize>> {
    let rest = &text[start.end..];
    let token_len = if shape.after.is_empty() {
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '/' | '.' | '-')))
            .unwrap_or(rest.len());
        let token = rest[..len].trim_end_matches(['.', '-', '/']);
        let shaped =
            token.contains(|c: char| c.is_ascii_digit()) && (!shape.symbol || token.contains('/'));
        shaped.then_some(token.len())?
    } else {
        let end = rest
            .get(..SHAPE_TOKEN.min(rest.len()))?
            .find(&shape.after)?;
        let token = &rest[..end];
        let plain = !token.is_empty() && !token.contains(char::is_whitespace);
        plain.then_some(end + shape.after.len())?
    };
    Some(start.start..start.end + token_len)
}

/// The longest a mention's sentence is shown, in characters.
const EXCERPT: usize = 220;

/// The sentence of `text` that holds byte `offset`, shortened around it to
/// [`EXCERPT`] characters.
pub(crate) fn sentence_around(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let ends = |i: usize| {
        let before = text[..i].chars().next_back();
        matches!(before, Some('.' | '?' | '!' | ';' | ':')) && text[i..].starts_with(' ')
    };
    let start = (0..offset)
        .rev()
        .find(|&i| text.is_char_boundary(i) && ends(i))
        .map_or(0, |i| i + 1);
    let end = (offset..text.len())
        .find(|&i| text.is_char_boundary(i) && ends(i))
        .unwrap_or(text.len());
    let sentence = text[start..end].trim();
    if sentence.chars().count() <= EXCERPT {
        return sentence.to_string();
    }
    shorten_around(sentence, offset.saturating_sub(start).min(sentence.len()))
}

/// `sentence` cut to about [`EXCERPT`] characters around byte `at`, at spaces, with `…`
/// where it was cut.
fn shorten_around(sentence: &str, at: usize) -> String {
    let floor = |mut i: usize| {
        while !sentence.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let half = EXCERPT / 2;
    let from = floor(at.saturating_sub(half));
    let to = floor((at + half).min(sentence.len()));
    let from = if from == 0 {
        0
    } else {
        sentence[from..to].find(' ').map_or(from, |i| from + i + 1)
    };
    let to = if to == sentence.len() {
        to
    } else {
        sentence[from..to].rfind(' ').map_or(to, |i| from + i)
    };
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.push_str(sentence[from..to].trim());
    if to < sentence.len() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> NameIndex {
        let names = [
            ("norm (e)", 1),
            ("OSCE", 2),
            ("70/237", 3),
            ("resolution 70/237", 3),
            ("the OEWG", 4),
            ("the OEWG", 5),
        ];
        let shapes = vec![
            Shape {
                before: "norm (".into(),
                after: ")".into(),
                symbol: false,
            },
            Shape {
                before: "resolution ".into(),
                after: String::new(),
                symbol: true,
            },
        ];
        NameIndex::new(names.map(|(n, t)| (n.to_string(), t)), shapes)
    }

    fn found<'t>(index: &NameIndex, text: &'t str) -> Vec<&'t str> {
        index
            .find(text)
            .into_iter()
            .map(|f| &text[f.range])
            .collect()
    }

    #[test]
    fn names_are_whole_words_longest_first() {
        let index = index();
        assert_eq!(
            found(
                &index,
                "Norm (e) and resolution 70/237, not A/RES/70/237 nor OSCEs."
            ),
            ["Norm (e)", "resolution 70/237"]
        );
        assert_eq!(found(&index, "see 70/237; OSCE-wide"), ["70/237", "OSCE"]);
    }

    #[test]
    fn a_shared_name_names_both_pages() {
        let index = index();
        let name = index.lookup("the OEWG").unwrap();
        assert_eq!(index.name(name).targets, [4, 5]);
        assert_eq!(index.lookup("the GGE"), None);
    }

    #[test]
    fn lookalikes_are_shaped_like_names_but_none() {
        let index = index();
        let text = "norm (l), norm (e), resolution 61/54 and resolution 70/237, resolution 1039, resolution adopted";
        let scan = index.scan(text);
        let lookalikes: Vec<&str> = index
            .lookalikes(text, &scan)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(lookalikes, ["norm (l)", "resolution 61/54"]);
    }

    #[test]
    fn a_mention_shows_its_sentence() {
        let text = "First one. The OSCE held it: a second clause; the end.";
        let at = text.find("OSCE").unwrap();
        assert_eq!(sentence_around(text, at), "The OSCE held it:");
        let long = format!("{} OSCE {}", "word ".repeat(80), "word ".repeat(80));
        let shown = sentence_around(&long, long.find("OSCE").unwrap());
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("OSCE") && shown.chars().count() <= EXCERPT + 2);
    }
}
