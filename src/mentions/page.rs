//! The mentions one page makes, kept compact because every page keeps them to the end of
//! a build: a mention is the page it names and an index into the page's passages; a
//! passage holds its paragraph's id and where the paragraph is written, once for all its
//! mentions; a section's id and title are held once. (A mention holding its own strings
//! was 72 bytes and three allocations: 48 MB at 10,000 events.)

use std::ops::Range;

/// The mentions of one page, in the order they are written, with their passages.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct PageMentions {
    mentions: Vec<Mention>,
    passages: Vec<Passage>,
    sections: Vec<Section>,
}

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
    id: Option<Box<str>>,
    /// Its section, in `sections`: none before the first heading and in the front matter.
    section: Option<u32>,
    text: PassageText,
}

/// What a passage's sentence is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PassageText {
    /// A paragraph, where it is written in the body: the sentence of a mention is read
    /// from there for the mentions a page lists, once every body is rendered (keeping
    /// every sentence was a third of the memory of a large build).
    Paragraph(Range<u32>),
    /// Outside paragraphs, the text shown: the name in a table, a sentence of the front
    /// matter.
    Given(Box<str>),
}

/// A section that holds mentions: its heading's id and text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Section {
    id: Box<str>,
    title: Box<str>,
}

impl PageMentions {
    /// Keeps a section (its heading's `id` and `title`) for the passages in it: its index.
    pub(crate) fn add_section(&mut self, id: &str, title: &str) -> u32 {
        self.sections.push(Section {
            id: id.into(),
            title: title.into(),
        });
        index(self.sections.len() - 1)
    }

    /// Keeps a paragraph with the id `id`, written from `start` in the body: its index.
    /// Its end is known when it closes ([`Self::close_paragraph`]).
    pub(crate) fn add_paragraph(&mut self, id: &str, section: Option<u32>, start: usize) -> u32 {
        self.passages.push(Passage {
            id: Some(id.into()),
            section,
            text: PassageText::Paragraph(index(start)..index(start)),
        });
        index(self.passages.len() - 1)
    }

    /// The paragraph `passage` ends at `end` in the body.
    pub(crate) fn close_paragraph(&mut self, passage: u32, end: usize) {
        if let PassageText::Paragraph(range) = &mut self.passages[passage as usize].text {
            range.end = index(end);
        }
    }

    /// The id of the paragraph `passage`.
    pub(crate) fn paragraph_id(&self, passage: u32) -> &str {
        self.passages[passage as usize]
            .id
            .as_deref()
            .unwrap_or_default()
    }

    /// A mention of `target` in the paragraph `passage`, written at `at` in the body.
    pub(crate) fn add_in_paragraph(&mut self, target: usize, passage: u32, at: usize) {
        let start = match &self.passages[passage as usize].text {
            PassageText::Paragraph(range) => range.start as usize,
            PassageText::Given(_) => at,
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
        self.passages.push(Passage {
            id: None,
            section,
            text: PassageText::Given(text.into()),
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
                && matches!(&p.text, PassageText::Given(given) if **given == *text)
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
        p.id.as_deref().or_else(|| self.section(p).map(|s| &*s.id))
    }

    /// The title of the mention's section.
    pub(crate) fn section_title(&self, m: &Mention) -> Option<&str> {
        self.section(&self.passages[m.passage as usize])
            .map(|s| &*s.title)
    }

    /// What the mention's sentence is read from, and where the mention is in it.
    pub(crate) fn text(&self, m: &Mention) -> (&PassageText, usize) {
        (&self.passages[m.passage as usize].text, m.at as usize)
    }

    /// The ids of the paragraphs that hold mentions: ids the page defines.
    pub(crate) fn paragraph_ids(&self) -> impl Iterator<Item = &str> {
        self.passages.iter().filter_map(|p| p.id.as_deref())
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
    }

    fn section(&self, p: &Passage) -> Option<&Section> {
        p.section.map(|s| &self.sections[s as usize])
    }
}

/// A position or an index as kept: bodies and pages are far below 4 GiB.
fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
