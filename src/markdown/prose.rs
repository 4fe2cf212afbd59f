//! Prose: the plain text of a body, where UN symbols become links to their documents and
//! the site's names (`names` in the schema) links to their pages — the first mention of a
//! page in each section, never in a heading, code or a link, never the page's own name.
//! Each mention is kept with its passage: the paragraph (or list item) it is in gets an
//! id, numbered in its section so that an edit elsewhere leaves it as it was.

use super::BodyRenderer;
use crate::documents::{document_url, find_symbols, Citation};
use crate::mentions::{sentence_around, Meanings, NameIndex, Scan};
use crate::text::escape;
use pulldown_cmark::{CowStr, Event, LinkType, Parser};
use rustc_hash::FxHashSet;
use std::ops::Range;

/// How the page being rendered names the others.
pub struct MentionContext<'a> {
    pub(crate) names: &'a NameIndex,
    /// The page itself: its own name is not linked.
    pub(crate) own: usize,
    pub(crate) meanings: Option<&'a Meanings>,
    /// A page's root-relative URL.
    pub(crate) url: &'a dyn Fn(usize) -> String,
    /// The page that is the record of a UN symbol, if any: a symbol mentions it.
    pub(crate) record_of: &'a dyn Fn(&str) -> Option<usize>,
}

/// A look-alike of a name that names nothing (`norm (l)`), at its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lookalike {
    pub(crate) text: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// The section being rendered: its heading (id and text), its index among the sections
/// the page's mentions keep once one is in it, its blocks so far, the pages linked in it.
#[derive(Default)]
pub(super) struct Section {
    heading: Option<(String, String)>,
    kept: Option<u32>,
    blocks: usize,
    linked: FxHashSet<usize>,
}

/// A paragraph or list item being rendered: where its start tag is among the events
/// (rewritten with its id if a mention gives it one) and in the body, its passage among
/// the page's mentions once it holds one, and the pages it mentions.
pub(super) struct Block {
    start: usize,
    source: usize,
    tag: &'static str,
    number: usize,
    passage: Option<u32>,
    targets: Vec<usize>,
}

/// One thing in a text that prose turns into a link.
enum Piece {
    Symbol(String),
    Name(usize),
}

impl<'a> BodyRenderer<'a, '_> {
    /// A heading starts a section: its pages may be linked again.
    pub(super) fn start_section(&mut self, id: &str, title: &str) {
        self.section = Section {
            heading: Some((id.to_string(), title.to_string())),
            ..Section::default()
        };
    }

    /// A paragraph or list item starts (a paragraph inside a list item is part of it).
    pub(super) fn open_block(&mut self, tag: &'static str, event: Event<'a>, source: usize) {
        let in_item = self.blocks.last().is_some_and(|b| b.tag == "li");
        let (tag, number) = if tag == "li" || !in_item {
            self.section.blocks += 1;
            (tag, self.section.blocks)
        } else {
            ("p-in-li", 0)
        };
        self.blocks.push(Block {
            start: self.events.len(),
            source,
            tag,
            number,
            passage: None,
            targets: Vec::new(),
        });
        self.events.push(event);
    }

    /// A paragraph or list item ends at `end` in the body: its passage ends there, and its
    /// start tag gets its id.
    pub(super) fn close_block(&mut self, end: usize) {
        let Some(block) = self.blocks.pop() else {
            return;
        };
        let Some(passage) = block.passage.filter(|_| block.tag != "p-in-li") else {
            return;
        };
        self.out.mentions.close_paragraph(passage, end);
        let id = escape(self.out.mentions.paragraph_id(passage));
        let html = format!("<{} id=\"{id}\">", block.tag);
        self.events[block.start] = Event::Html(html.into());
    }

    /// Plain text in prose, which starts at `offset` in the body: UN symbols and the
    /// site's names become links, but in the text of a link (`in_link`), where they are
    /// only mentions.
    pub(super) fn prose(&mut self, text: CowStr<'a>, offset: usize, in_link: bool) {
        let pieces = self.pieces(&text, offset);
        if pieces.is_empty() {
            self.events.push(Event::Text(text));
            return;
        }
        let source = self.source_of(&text, offset);
        // Text up to `last` is written; a piece that stays text is written with it.
        let mut last = 0;
        for (range, piece) in pieces {
            let shown = &text[range.clone()];
            let html = match piece {
                Piece::Symbol(symbol) => self.symbol(symbol, shown, source(range.start)),
                Piece::Name(name) => self.name(name, shown, (source(range.start), in_link)),
            };
            let Some(html) = html.filter(|_| !in_link) else {
                continue;
            };
            if range.start > last {
                self.events
                    .push(Event::Text(part(&text, last..range.start)));
            }
            self.events.push(Event::InlineHtml(html.into()));
            last = range.end;
        }
        if last < text.len() {
            self.events.push(Event::Text(part(&text, last..text.len())));
        }
    }

    /// The symbols and names of `text`, in order (a name inside a symbol is none), and
    /// its look-alikes kept for the editor.
    fn pieces(&mut self, text: &str, offset: usize) -> Vec<(Range<usize>, Piece)> {
        let symbols = find_symbols(text);
        let cx = self.cx;
        let scan = match &cx.mentions {
            Some(m) if !text.is_empty() => m.names.scan(text),
            _ => Scan::default(),
        };
        if let Some(m) = cx.mentions.as_ref().filter(|_| !scan.is_empty()) {
            for range in m.names.lookalikes(text, &scan) {
                let inside_symbol = symbols
                    .iter()
                    .any(|(s, _)| s.start <= range.start && range.end <= s.end);
                if !inside_symbol {
                    let (line, column) = self.position(self.source_of(text, offset)(range.start));
                    let text = text[range].to_string();
                    self.out.lookalikes.push(Lookalike { text, line, column });
                }
            }
        }
        let mut pieces: Vec<(Range<usize>, Piece)> = symbols
            .into_iter()
            .map(|(range, symbol)| (range, Piece::Symbol(symbol)))
            .collect();
        for found in scan.names {
            let overlaps = pieces
                .iter()
                .any(|(r, _)| r.start < found.range.end && found.range.start < r.end);
            if !overlaps {
                pieces.push((found.range, Piece::Name(found.name)));
            }
        }
        pieces.sort_by_key(|(r, _)| r.start);
        pieces
    }

    /// Where byte `at` of a text event that starts at `offset` is in the body: exact if
    /// the text is written as it reads, else the start of the text (an entity or escape
    /// was read). The comparison is made once a text.
    fn source_of(&self, text: &str, offset: usize) -> impl Fn(usize) -> usize + use<> {
        let verbatim = self.body.get(offset..offset + text.len()) == Some(text);
        move |at| if verbatim { offset + at } else { offset }
    }

    /// A UN symbol: always a link to its document's page; a citation of it; and a
    /// mention of its record, if it has one.
    fn symbol(&mut self, symbol: String, shown: &str, source: usize) -> Option<String> {
        let html = format!(
            "<a class=\"unsymbol\" href=\"{}{}\">{}</a>",
            self.cx.root,
            document_url(&symbol),
            escape(shown)
        );
        let cx = self.cx;
        let record = cx.mentions.as_ref().and_then(|m| (m.record_of)(&symbol));
        if let Some(record) = record {
            self.mention(record, shown, source);
        }
        if !self.out.symbols.iter().any(|c| c.symbol == symbol) {
            let (line, column) = self.position(source);
            self.out.symbols.push(Citation {
                symbol,
                line,
                column,
            });
        }
        Some(html)
    }

    /// A name: a link to its page the first time in the section (but in a link's
    /// text), and a mention. A name several pages share is linked only where the page
    /// says which one it means.
    fn name(
        &mut self,
        name: usize,
        shown: &str,
        (source, in_link): (usize, bool),
    ) -> Option<String> {
        let cx = self.cx;
        let m = cx.mentions.as_ref()?;
        let target = match m.names.meaning(name, m.meanings) {
            Ok(meant) => meant?,
            Err(pages) => {
                let message = format!(
                    "the name {shown:?} names {pages} pages: say under `means` in the front matter which one it means here (or that it is no name here)"
                );
                self.refuse(source, message);
                return None;
            }
        };
        if target == m.own {
            return None;
        }
        let url = (m.url)(target);
        self.mention(target, shown, source);
        (!in_link && self.section.linked.insert(target)).then(|| {
            format!(
                "<a class=\"mention\" href=\"{}{}\">{}</a>",
                self.cx.root,
                url,
                escape(shown)
            )
        })
    }

    /// Keeps a mention of `target` (written at `source` in the body), once a block: in a
    /// block, it gives the block its id; elsewhere (a table) it points at the section,
    /// with the text shown as its passage.
    fn mention(&mut self, target: usize, shown: &str, source: usize) {
        let section = self.kept_section();
        let Some(block) = self.blocks.iter().rposition(|b| b.tag != "p-in-li") else {
            self.out.mentions.add_given(target, section, shown);
            return;
        };
        if self.blocks[block].targets.contains(&target) {
            return;
        }
        self.blocks[block].targets.push(target);
        let passage = self.block_passage(block, section);
        self.out.mentions.add_in_paragraph(target, passage, source);
    }

    /// The section being rendered among those the page's mentions keep (none before the
    /// first heading), kept at its first mention.
    fn kept_section(&mut self) -> Option<u32> {
        if self.section.kept.is_none() {
            let (id, title) = self.section.heading.as_ref()?;
            self.section.kept = Some(self.out.mentions.add_section(id, title));
        }
        self.section.kept
    }

    /// The block's passage, kept at its first mention with the block's id: `<section
    /// id>-p<n>`, or `p<n>` before the first heading; the first free one if another id of
    /// the page holds it.
    fn block_passage(&mut self, block: usize, section: Option<u32>) -> u32 {
        if let Some(passage) = self.blocks[block].passage {
            return passage;
        }
        let number = self.blocks[block].number;
        let base = match &self.section.heading {
            Some((section, _)) => format!("{section}-p{number}"),
            None => format!("p{number}"),
        };
        let line = self.position(0).0;
        let id = self.generated_id(&base, line);
        let start = self.blocks[block].source;
        let passage = self.out.mentions.add_paragraph(&id, section, start);
        self.blocks[block].passage = Some(passage);
        passage
    }
}

/// `range` of `text`, borrowed from the body when the text is.
fn part<'a>(text: &CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[range]),
        other => other[range].to_string().into(),
    }
}

/// The sentence of a mention, read from the Markdown of its paragraph (`block` of
/// `body`, the mention `at` bytes into it): the paragraph's text as readers read it,
/// cut around the mention.
pub(crate) fn passage_sentence(body: &str, block: Range<usize>, at: usize) -> String {
    let Some(source) = body.get(block) else {
        return String::new();
    };
    // Alone, the paragraph lacks the body's footnotes and link references: footnotes
    // get a definition after it (never read), `[text][ref]` a link to nowhere (not
    // `[text]` alone, which is more often text in brackets than a reference).
    let mut text = source.to_string();
    for label in footnote_labels(source) {
        text.push_str(&format!("\n\n[^{label}]: x"));
    }
    let mut nowhere = |link: pulldown_cmark::BrokenLink| {
        let explicit = matches!(link.link_type, LinkType::Reference | LinkType::Collapsed);
        explicit.then(|| ("#".into(), "".into()))
    };
    let parser = Parser::new_with_broken_link_callback(&text, super::options(), Some(&mut nowhere));
    let mut plain = String::new();
    let mut mention_at = None;
    let mut in_note = false;
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(pulldown_cmark::Tag::FootnoteDefinition(_)) => in_note = true,
            Event::Text(text) | Event::Code(text) if !in_note => {
                if mention_at.is_none() && range.contains(&at) {
                    mention_at = Some(plain.len() + (at - range.start).min(text.len()));
                }
                plain.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            _ => {}
        }
    }
    sentence_around(&plain, mention_at.unwrap_or(0))
}

/// The labels of the footnotes a text refers to (`[^3]`).
fn footnote_labels(text: &str) -> Vec<&str> {
    text.match_indices("[^")
        .filter_map(|(i, _)| {
            let rest = &text[i + 2..];
            let end = rest.find(']')?;
            let label = &rest[..end];
            (!label.is_empty() && !label.contains(['[', '\n'])).then_some(label)
        })
        .collect()
}
