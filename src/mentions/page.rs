//! The mentions one page makes, kept compact because every page keeps them to the end of
//! a build: a mention is the page it names and an index into the page's passages; a
//! passage holds its paragraph's id and where the paragraph is written, once for all its
//! mentions; a section's id and title are held once; and all their strings are in one
//! string of the page. (A mention holding its own strings was 72 bytes and three
//! allocations: 48 MB at 10,000 events. Small allocations that live to the end of a build,
//! scattered among those that do not, also keep the allocator from reusing its pages:
//! fresh memory, which this machine pays for most.)

use std::ops::Range;

/// The mentions of one page, in the order they are written, with their passages.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct PageMentions {
    mentions: Vec<Mention>,
    passages: Vec<Passage>,
    sections: Vec<Section>,
    /// The ids, titles and given texts of the passages and sections, one after another.
    strings: String,
}

/// Where a string is in [`PageMentions::strings`].
type Span = Range<u32>;

/// A mention of a page: the page, its passage, and where it is written in the passage's
/// paragraph (bytes from its start), for its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub(crate) target: usize,
    passage: u32,
    at: u32,
}

/// Where mentions are written: a paragraph (or list item) of the body, else a part of a
/// section outside paragraphs (a table) or the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Passage {
    /// The paragraph's id; none outside paragraphs, where the passage's link goes to its
    /// section.
    id: Option<Span>,
    /// Its section, in `sections`: none before the first heading and in the front matter.
    section: Option<u32>,
    /// In a paragraph, `text` is where the paragraph is written in the body; outside, the
    /// text given, among the strings.
    in_paragraph: bool,
    text: Range<u32>,
}

/// What a passage's sentence is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PassageText<'a> {
    /// A paragraph, where it is written in the body: the sentence of a mention is read
    /// from there for the mentions a page lists, once every body is rendered (keeping
    /// every sentence was a third of the memory of a large build).
    Paragraph(Range<usize>),
    /// Outside paragraphs, the text shown: the name in a table, a sentence of the front
    /// matter.
    Given(&'a str),
}

/// A section that holds mentions: its heading's id and text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Section {
    id: Span,
    title: Span,
}

impl PageMentions {
    /// Keeps a section (its heading's `id` and `title`) for the passages in it: its index.
    pub(crate) fn add_section(&mut self, id: &str, title: &str) -> u32 {
        let section = Section {
            id: self.keep(id),
            title: self.keep(title),
        };
        self.sections.push(section);
        index(self.sections.len() - 1)
    }

    /// Keeps a paragraph with the id `id`, written from `start` in the body: its index.
    /// Its end is known when it closes ([`Self::close_paragraph`]).
    pub(crate) fn add_paragraph(&mut self, id: &str, section: Option<u32>, start: usize) -> u32 {
        let id = Some(self.keep(id));
        self.passages.push(Passage {
            id,
            section,
            in_paragraph: true,
            text: index(start)..index(start),
        });
        index(self.passages.len() - 1)
    }

    /// The paragraph `passage` ends at `end` in the body.
    pub(crate) fn close_paragraph(&mut self, passage: u32, end: usize) {
        let p = &mut self.passages[passage as usize];
        if p.in_paragraph {
            p.text.end = index(end);
        }
    }

    /// The id of the paragraph `passage`.
    pub(crate) fn paragraph_id(&self, passage: u32) -> &str {
        let id = self.passages[passage as usize].id.clone();
        id.map_or("", |id| self.string(id))
    }

    /// A mention of `target` in the paragraph `passage`, written at `at` in the body.
    pub(crate) fn add_in_paragraph(&mut self, target: usize, passage: u32, at: usize) {
        let p = &self.passages[passage as usize];
        let start = if p.in_paragraph {
            p.text.start as usize
        } else {
            at
        };
        self.mentions.push(Mention {
            target,
            passage,
            at: index(at.saturating_sub(start)),
        });
    }

    /// A mention of `target` outside paragraphs: in `section` (none: the front matter),
    /// with `text` shown as its passage.
    pub(crate) fn add_given(&mut self, target: usize, section: Option<u32>, text: &str) {
        let text = self.keep(text);
        self.passages.push(Passage {
            id: None,
            section,
            in_paragraph: false,
            text,
        });
        let passage = index(self.passages.len() - 1);
        self.mentions.push(Mention {
            target,
            passage,
            at: 0,
        });
    }

    /// Whether the page already mentions `target` with the passage `text` outside its
    /// sections (the front matter).
    pub(crate) fn has_given(&self, target: usize, text: &str) -> bool {
        self.mentions.iter().any(|m| {
            let p = &self.passages[m.passage as usize];
            m.target == target
                && p.section.is_none()
                && p.id.is_none()
                && self.given(m) == Some(text)
        })
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Mention> {
        self.mentions.iter()
    }

    pub(crate) fn len(&self) -> usize {
        self.mentions.len()
    }

    pub(crate) fn get(&self, mention: usize) -> &Mention {
        &self.mentions[mention]
    }

    /// The id a link to the mention's passage points at: its paragraph's, else its
    /// section's (none: the top of the page).
    pub(crate) fn anchor(&self, m: &Mention) -> Option<&str> {
        let p = &self.passages[m.passage as usize];
        let id =
            p.id.clone()
                .or_else(|| self.section(p).map(|s| s.id.clone()));
        id.map(|id| self.string(id))
    }

    /// The title of the mention's section.
    pub(crate) fn section_title(&self, m: &Mention) -> Option<&str> {
        let section = self.section(&self.passages[m.passage as usize]);
        section.map(|s| self.string(s.title.clone()))
    }

    /// What the mention's sentence is read from, and where the mention is in it.
    pub(crate) fn text(&self, m: &Mention) -> (PassageText<'_>, usize) {
        let p = &self.passages[m.passage as usize];
        let text = if p.in_paragraph {
            PassageText::Paragraph(p.text.start as usize..p.text.end as usize)
        } else {
            PassageText::Given(self.string(p.text.clone()))
        };
        (text, m.at as usize)
    }

    /// The ids of the paragraphs that hold mentions: ids the page defines.
    pub(crate) fn paragraph_ids(&self) -> impl Iterator<Item = &str> {
        let ids = self.passages.iter().filter_map(|p| p.id.clone());
        ids.map(|id| self.string(id))
    }

    /// Whether mention `a` of this page and mention `b` of `other` are in one place: the
    /// same page mentioned, anchor and section, both in a paragraph or both with the same
    /// text given.
    pub(crate) fn same_place(&self, a: &Mention, other: &PageMentions, b: &Mention) -> bool {
        a.target == b.target
            && self.anchor(a) == other.anchor(b)
            && self.section_title(a) == other.section_title(b)
            && self.given(a) == other.given(b)
    }

    /// Whether mention `a` of this page and mention `b` of `other` are in one place but for
    /// the texts given as their passages, which differ (a title edited around the name it
    /// mentions): the page mentioned then lists the new text, and nothing else changes.
    pub(crate) fn retold(&self, a: &Mention, other: &PageMentions, b: &Mention) -> bool {
        let given = (self.given(a), other.given(b));
        a.target == b.target
            && self.anchor(a) == other.anchor(b)
            && self.section_title(a) == other.section_title(b)
            && matches!(given, (Some(x), Some(y)) if x != y)
    }

    /// The text given as the mention's passage, if it is outside paragraphs.
    fn given(&self, m: &Mention) -> Option<&str> {
        match self.text(m).0 {
            PassageText::Given(text) => Some(text),
            PassageText::Paragraph(_) => None,
        }
    }

    /// Drops the spare room of its lists: a page keeps them to the end of the build.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.mentions.shrink_to_fit();
        self.passages.shrink_to_fit();
        self.sections.shrink_to_fit();
        self.strings.shrink_to_fit();
    }

    fn section(&self, p: &Passage) -> Option<&Section> {
        p.section.map(|s| &self.sections[s as usize])
    }

    /// Keeps `text` among the strings: where it is.
    fn keep(&mut self, text: &str) -> Span {
        let start = index(self.strings.len());
        self.strings.push_str(text);
        start..index(self.strings.len())
    }

    fn string(&self, span: Span) -> &str {
        let range = span.start as usize..span.end as usize;
        self.strings.get(range).unwrap_or_default()
    }
}

/// A position or an index as kept: bodies and pages are far below 4 GiB.
fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
