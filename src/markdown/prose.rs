//! Prose: the plain text of a body, where UN symbols become links to their documents and
//! the site's names (`names` in the schema) links to their pages — the first mention of a
//! page in each section, never in a heading, code or a link, never the page's own name.
//! Each mention is kept with its passage: the paragraph (or list item) it is in gets an
//! id, numbered in its section so that an edit elsewhere leaves it as it was.

use super::BodyRenderer;
use crate::documents::{document_url, find_symbols, Citation};
use crate::mentions::{sentence_around, Meanings, Mention, NameIndex, Scan};
use crate::text::escape;
use pulldown_cmark::{CowStr, Event};
use std::collections::HashSet;
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

/// The section being rendered: its heading, its blocks so far, the pages linked in it.
#[derive(Default)]
pub(super) struct Section {
    id: Option<String>,
    title: Option<String>,
    blocks: usize,
    linked: HashSet<usize>,
}

/// A paragraph or list item being rendered: where its start tag is among the events
/// (rewritten with its id if a mention gives it one), its text so far, and its mentions
/// waiting for their sentence.
pub(super) struct Block {
    start: usize,
    tag: &'static str,
    number: usize,
    id: Option<String>,
    text: String,
    /// (index in the page's mentions, offset of the mention in `text`).
    pending: Vec<(usize, usize)>,
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
            id: Some(id.to_string()),
            title: Some(title.to_string()),
            ..Section::default()
        };
    }

    /// A paragraph or list item starts (a paragraph inside a list item is part of it).
    pub(super) fn open_block(&mut self, tag: &'static str, event: Event<'a>) {
        let in_item = self.blocks.last().is_some_and(|b| b.tag == "li");
        if tag == "li" || !in_item {
            self.section.blocks += 1;
            self.blocks.push(Block {
                start: self.events.len(),
                tag,
                number: self.section.blocks,
                id: None,
                text: String::new(),
                pending: Vec::new(),
            });
        } else {
            self.blocks.push(Block {
                start: usize::MAX,
                tag: "p-in-li",
                number: 0,
                id: None,
                text: String::new(),
                pending: Vec::new(),
            });
        }
        self.events.push(event);
    }

    /// A paragraph or list item ends: its mentions get their sentence, its start tag
    /// its id.
    pub(super) fn close_block(&mut self) {
        let Some(block) = self.blocks.pop() else {
            return;
        };
        if block.tag == "p-in-li" {
            return;
        }
        for &(mention, offset) in &block.pending {
            self.out.mentions[mention].excerpt = sentence_around(&block.text, offset);
        }
        if let Some(id) = &block.id {
            let html = format!("<{} id=\"{}\">", block.tag, escape(id));
            self.events[block.start] = Event::Html(html.into());
        }
    }

    /// The block whose text a text belongs to.
    fn current_block(&mut self) -> Option<&mut Block> {
        self.blocks.iter_mut().rev().find(|b| b.tag != "p-in-li")
    }

    /// Text of the current block, for the sentences of its mentions.
    pub(super) fn block_text(&mut self, text: &str) {
        if let Some(block) = self.current_block() {
            block.text.push_str(text);
        }
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
        // Where the text starts in its block, for the mentions' sentences.
        let in_block = self
            .current_block()
            .map_or(0, |b| b.text.len().saturating_sub(text.len()));
        let mut last = 0;
        for (range, piece) in pieces {
            if range.start > last {
                let before = text[last..range.start].to_string();
                self.events.push(Event::Text(before.into()));
            }
            let shown = &text[range.clone()];
            let at = self.position_in(&text, offset, range.start);
            let html = match piece {
                Piece::Symbol(symbol) => self.symbol(symbol, shown, at, in_block + range.start),
                Piece::Name(name) => self.name(name, shown, at, (in_block + range.start, in_link)),
            };
            let html = html.filter(|_| !in_link);
            self.events.push(match html {
                Some(html) => Event::InlineHtml(html.into()),
                None => Event::Text(shown.to_string().into()),
            });
            last = range.end;
        }
        if last < text.len() {
            self.events
                .push(Event::Text(text[last..].to_string().into()));
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
                    let (line, column) = self.position_in(text, offset, range.start);
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

    /// Where byte `at` of a text event that starts at `offset` is in the file: exact if
    /// the text is written as it reads, else the start of the text (an entity or escape
    /// was read).
    fn position_in(&self, text: &str, offset: usize, at: usize) -> (usize, usize) {
        let verbatim = self.body.get(offset..offset + text.len()) == Some(text);
        self.position(if verbatim { offset + at } else { offset })
    }

    /// A UN symbol: always a link to its document's page; a citation of it; and a
    /// mention of its record, if it has one.
    fn symbol(
        &mut self,
        symbol: String,
        shown: &str,
        (line, column): (usize, usize),
        in_block: usize,
    ) -> Option<String> {
        let html = format!(
            "<a class=\"unsymbol\" href=\"{}{}\">{}</a>",
            self.cx.root,
            document_url(&symbol),
            escape(shown)
        );
        let cx = self.cx;
        let record = cx.mentions.as_ref().and_then(|m| (m.record_of)(&symbol));
        if let Some(record) = record {
            self.mention(record, shown, in_block);
        }
        if !self.out.symbols.iter().any(|c| c.symbol == symbol) {
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
        at: (usize, usize),
        (in_block, in_link): (usize, bool),
    ) -> Option<String> {
        let cx = self.cx;
        let m = cx.mentions.as_ref()?;
        let targets = &m.names.name(name).targets;
        let target = match m.meanings.and_then(|means| means.get(&name)) {
            Some(meant) => (*meant)?,
            None if targets.len() == 1 => targets[0],
            None => {
                let message = format!(
                    "the name {shown:?} names {} pages: say under `means` in the front matter which one it means here (or that it is no name here)",
                    targets.len()
                );
                self.refuse_at(at, message);
                return None;
            }
        };
        if target == m.own {
            return None;
        }
        let url = (m.url)(target);
        self.mention(target, shown, in_block);
        (!in_link && self.section.linked.insert(target)).then(|| {
            format!(
                "<a class=\"mention\" href=\"{}{}\">{}</a>",
                self.cx.root,
                url,
                escape(shown)
            )
        })
    }

    /// Keeps a mention of `target`, once a block: in a block, it gives the block its
    /// id and waits for its sentence; elsewhere (a table) it points at the section.
    fn mention(&mut self, target: usize, shown: &str, in_block: usize) {
        let index = self.out.mentions.len();
        let section = self.section.title.clone();
        let section_id = self.section.id.clone();
        let Some(block) = self.blocks.iter().rposition(|b| b.tag != "p-in-li") else {
            self.out.mentions.push(Mention {
                target,
                anchor: section_id,
                section,
                excerpt: shown.to_string(),
            });
            return;
        };
        let already = self.blocks[block]
            .pending
            .iter()
            .any(|&(i, _)| self.out.mentions[i].target == target);
        if already {
            return;
        }
        let id = self.block_id(block);
        self.blocks[block].pending.push((index, in_block));
        self.out.mentions.push(Mention {
            target,
            anchor: Some(id),
            section,
            excerpt: String::new(),
        });
    }

    /// The block's id: `<section id>-p<n>`, or `p<n>` before the first heading; the
    /// first free one if another id of the page holds it.
    fn block_id(&mut self, block: usize) -> String {
        if let Some(id) = &self.blocks[block].id {
            return id.clone();
        }
        let number = self.blocks[block].number;
        let base = match &self.section.id {
            Some(section) => format!("{section}-p{number}"),
            None => format!("p{number}"),
        };
        let line = self.position(0).0;
        let id = self.generated_id(&base, line);
        self.out.anchors.insert(id.clone());
        self.blocks[block].id = Some(id.clone());
        id
    }
}
