//! Markdown to HTML: one pulldown-cmark dialect for every page, plus what the site adds on
//! top — heading ids and self-links, a table of contents, internal links written by path
//! (`@/norms/e.md#anchor`), UN document symbols linked in prose, numbered footnotes whose
//! ids no other id of the page takes, and code highlighted with CSS classes. What a page
//! on a host without security headers must not hold is refused here, each at its place in
//! the file: raw HTML, URLs that [`crate::url::check`] refuses, and heading ids that are
//! not valid or that another id of the page holds.

mod prose;

use crate::diagnostics::LineIndex;
use crate::documents::Citation;
use crate::mentions::PageMentions;
use crate::text::{escape, slugify};
pub use prose::MentionContext;
pub(crate) use prose::{passage_sentence, Lookalike};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The one Markdown dialect of the site.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A Markdown field of the front matter as HTML. Raw HTML is shown as text and a link to
/// a URL a page may not link to ([`crate::url::check`]) goes nowhere, as in page bodies.
pub(crate) fn inline_html(text: &str) -> String {
    let events = Parser::new_ext(text, options()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if crate::url::check(&dest_url).is_err() => {
            let dest_url = "#".into();
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// What rendering one body yields besides its HTML.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub(crate) html: String,
    pub(crate) toc: Vec<TocEntry>,
    /// Every id the HTML defines (headings, footnotes), for checking `#anchor` links.
    /// Hashed with FxHash, as the page's other sets of ids: the keys are the site's own
    /// text, and SipHash, which only keys chosen to collide need, cost 1.2 % of the
    /// instructions of a 2,000-event `default` build.
    pub(crate) anchors: FxHashSet<String>,
    pub links: Vec<InternalLink>,
    /// UN document symbols met in prose, normalised, each where it first appears.
    pub(crate) symbols: Vec<Citation>,
    /// The pages its prose mentions, each once a paragraph, with the passage.
    pub(crate) mentions: PageMentions,
    /// Text shaped like a name of the site that names nothing, for `check`.
    pub(crate) lookalikes: Vec<Lookalike>,
    pub(crate) has_code: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct TocEntry {
    level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// An `@/…` link, kept to check after every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// As written after `@/`, without the anchor: `norms/e.md`.
    pub(crate) target: String,
    pub(crate) anchor: Option<String>,
    /// Position in the file (1-based).
    pub line: usize,
    pub(crate) column: usize,
}

/// How the page being rendered sees the rest of the site.
pub struct LinkContext<'a> {
    /// Prefix from this page back to the site root, e.g. `../../`.
    pub root: &'a str,
    /// Resolves `norms/e.md` to its root-relative URL, e.g. `norms/e/index.html`.
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
    /// The ids the page writes around the body (the theme's): the body's ids avoid them.
    pub theme_ids: &'a [&'a str],
    /// 1-based line of the body's first line in its file.
    pub first_line: usize,
    /// The names of the site, to link mentions (none: no name is linked).
    pub mentions: Option<MentionContext<'a>>,
}

/// A problem of the body found while rendering, at its place in the file (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub(crate) column: usize,
    pub(crate) kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProblemKind {
    /// An `@/…` link to a page that does not exist (the caller knows which exist).
    MissingPage(String),
    /// Something the site refuses, in the words the editor reads.
    Refused(String),
}

/// Renders `body` to HTML. Problems are returned apart, so the caller reports them all;
/// the text of a link to a missing page is rendered without a link.
pub fn render(body: &str, cx: &LinkContext) -> (Rendered, Vec<Problem>) {
    let parser = Parser::new_ext(body, options());
    let definitions: Vec<(String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, d)| (d.dest.to_string(), d.span.clone()))
        .collect();
    let events: Vec<(Event, Range<usize>)> = parser.into_offset_iter().collect();
    let mut renderer = BodyRenderer::new(body, cx);
    renderer.check_definitions(&definitions);
    renderer.claim_ids(&events);
    renderer.run(events);
    (renderer.out, renderer.problems)
}

/// Who holds an id of the page, for telling an editor what a custom id collides with.
#[derive(Debug, Clone)]
enum Owner {
    Theme,
    Footnote(String),
    /// A heading, at this line of the file.
    Heading(usize),
}

/// One body being rendered: the events written so far, the ids the page holds, the
/// problems met.
struct BodyRenderer<'a, 'c> {
    body: &'a str,
    lines: LineIndex<'a>,
    cx: &'c LinkContext<'c>,
    out: Rendered,
    problems: Vec<Problem>,
    events: Vec<Event<'a>>,
    /// Every id of the page so far, and what holds it.
    taken: FxHashMap<String, Owner>,
    /// The custom id each heading may use, by the heading's offset in the body.
    custom_ids: HashMap<usize, String>,
    /// Footnotes by label (labels match regardless of case): their number and slug.
    footnote_numbers: HashMap<String, usize>,
    footnote_slugs: HashMap<String, String>,
    /// Footnote definitions that repeat an earlier one, by offset: they get no id.
    repeated_definitions: HashSet<usize>,
    /// Depth of elements whose text must not be linked (links, headings, code).
    no_autolink: usize,
    section: prose::Section,
    /// The paragraphs and list items open around the text being rendered.
    blocks: Vec<prose::Block>,
}

impl<'a, 'c> BodyRenderer<'a, 'c> {
    fn new(body: &'a str, cx: &'c LinkContext<'c>) -> Self {
        BodyRenderer {
            body,
            lines: LineIndex::new(body),
            cx,
            out: Rendered::default(),
            problems: Vec::new(),
            events: Vec::new(),
            taken: cx
                .theme_ids
                .iter()
                .map(|id| (id.to_string(), Owner::Theme))
                .collect(),
            custom_ids: HashMap::new(),
            footnote_numbers: HashMap::new(),
            footnote_slugs: HashMap::new(),
            repeated_definitions: HashSet::new(),
            no_autolink: 0,
            section: prose::Section::default(),
            blocks: Vec::new(),
        }
    }

    fn run(&mut self, events: Vec<(Event<'a>, Range<usize>)>) {
        // About one event out for each in: a link made in a text splits it in three.
        self.events.reserve(events.len() + events.len() / 4);
        let mut iter = events.into_iter();
        while let Some((event, range)) = iter.next() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    self.heading(level, range.start, &mut iter)
                }
                Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind, &mut iter),
                Event::Start(Tag::HtmlBlock) => self.html_block(range.start, &mut iter),
                Event::InlineHtml(html) => {
                    let text = self.raw_html(html, range.start);
                    self.events.push(text);
                }
                Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    if matches!(tag, Tag::Link { .. }) {
                        self.no_autolink += 1;
                    }
                    let tag = self.checked_destination(tag, &range);
                    self.events.push(Event::Start(tag));
                }
                Event::End(TagEnd::Link) => {
                    self.no_autolink = self.no_autolink.saturating_sub(1);
                    self.events.push(Event::End(TagEnd::Link));
                }
                Event::Start(tag @ (Tag::Paragraph | Tag::Item)) => {
                    let name = if matches!(tag, Tag::Item) { "li" } else { "p" };
                    self.open_block(name, Event::Start(tag), range.start);
                }
                Event::End(end @ (TagEnd::Paragraph | TagEnd::Item)) => {
                    self.close_block(range.end);
                    self.events.push(Event::End(end));
                }
                // Headings and code blocks are rendered apart: text here is prose, or the
                // text of a link.
                Event::Text(text) => self.prose(text, range.start, self.no_autolink > 0),
                Event::FootnoteReference(name) => self.footnote_reference(&name),
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    self.footnote_definition(&name, range.start)
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    self.events.push(Event::Html("</div>\n".into()));
                }
                other => self.events.push(other),
            }
        }
        let mut html = String::with_capacity(self.body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, std::mem::take(&mut self.events).into_iter());
        self.out.html = html;
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let (line, column) = self.lines.line_col(offset);
        (line + self.cx.first_line - 1, column)
    }

    /// A link or an image with its destination rewritten (`@/…`) or checked.
    fn checked_destination(&mut self, tag: Tag<'a>, range: &Range<usize>) -> Tag<'a> {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest_url = match dest_url.strip_prefix("@/") {
                    Some(_) => self.internal_link(dest_url, range.start),
                    None => self.external_url(dest_url, link_type, range),
                };
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Image {
                dest_url: self.external_url(dest_url, link_type, range),
                link_type,
                title,
                id,
            },
            other => other,
        }
    }

    /// A URL that is not `@/…`, if [`crate::url::check`] accepts it; `#` otherwise. A
    /// `#anchor` is kept for checking.
    fn external_url(
        &mut self,
        dest: CowStr<'a>,
        link_type: LinkType,
        range: &Range<usize>,
    ) -> CowStr<'a> {
        if let Err(message) = crate::url::check(&dest) {
            // A reference's URL is reported once, at its definition.
            let by_reference = matches!(
                link_type,
                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
            );
            if !by_reference {
                self.refuse(self.offset_in(range, &dest), message);
            }
            return "#".into();
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            let (line, column) = self.position(range.start);
            self.out.links.push(InternalLink {
                target: String::new(),
                anchor: Some(anchor.to_string()),
                line,
                column,
            });
        }
        dest
    }

    /// Reference definitions (`[r]: url`) are checked where they are written, used or not.
    fn check_definitions(&mut self, definitions: &[(String, Range<usize>)]) {
        for (dest, span) in definitions {
            if dest.starts_with("@/") {
                continue;
            }
            if let Err(message) = crate::url::check(dest) {
                self.refuse(self.offset_in(span, dest), message);
            }
        }
    }

    /// Where `needle` is written in the source of `range` (its last occurrence, as a link's
    /// URL or a heading's id come last), or the start of `range` when it is not written
    /// as it reads (entities, escapes).
    fn offset_in(&self, range: &Range<usize>, needle: &str) -> usize {
        self.body
            .get(range.clone())
            .and_then(|source| source.rfind(needle))
            .map_or(range.start, |i| range.start + i)
    }

    /// Rewrites `@/path.md#anchor` to a relative URL, or `#` when the page does not exist.
    fn internal_link(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let rest = dest.strip_prefix("@/").unwrap_or(&dest);
        let (target, anchor) = match rest.split_once('#') {
            Some((t, a)) => (t.to_string(), Some(a.to_string())),
            None => (rest.to_string(), None),
        };
        let (line, column) = self.position(offset);
        match (self.cx.resolve)(&target) {
            Some(url) => {
                self.out.links.push(InternalLink {
                    target,
                    anchor: anchor.clone(),
                    line,
                    column,
                });
                let url = match (&anchor, url.split_once('#')) {
                    (Some(a), Some((page, _))) => format!("{}{page}#{a}", self.cx.root),
                    (Some(a), None) => format!("{}{url}#{a}", self.cx.root),
                    (None, _) => format!("{}{url}", self.cx.root),
                };
                url.into()
            }
            None => {
                self.problems.push(Problem {
                    line,
                    column,
                    kind: ProblemKind::MissingPage(target),
                });
                "#".into()
            }
        }
    }

    fn refuse(&mut self, offset: usize, message: String) {
        let at = self.position(offset);
        self.refuse_at(at, message);
    }

    fn refuse_at(&mut self, (line, column): (usize, usize), message: String) {
        self.problems.push(Problem {
            line,
            column,
            kind: ProblemKind::Refused(message),
        });
    }

    /// Before anything is written, the ids that are not made from heading text: the
    /// footnotes' and the custom ones, so that a generated id never takes them.
    fn claim_ids(&mut self, events: &[(Event<'a>, Range<usize>)]) {
        let mut definitions: HashMap<String, usize> = HashMap::new();
        for (event, range) in events {
            match event {
                Event::FootnoteReference(name) => {
                    self.footnote_slug(name);
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    self.footnote_slug(name);
                    let line = self.position(range.start).0;
                    let first = *definitions.entry(name.to_lowercase()).or_insert(line);
                    if first != line {
                        self.repeated_definitions.insert(range.start);
                        let message = format!("the footnote [^{name}] is defined twice (first at line {first}): keep one definition");
                        self.refuse(range.start, message);
                    }
                }
                _ => {}
            }
        }
        for (event, range) in events {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                self.claim_custom_id(id, range);
            }
        }
    }

    /// Accepts a heading's `{#id}` if it is a valid id that nothing else on the page holds.
    fn claim_custom_id(&mut self, id: &str, range: &Range<usize>) {
        let offset = self.offset_in(range, &format!("#{id}"));
        if !is_valid_id(id) {
            let message = format!(
                "the heading id \"{id}\" is not a valid id: use only letters, digits, `-` and `_`"
            );
            return self.refuse(offset, message);
        }
        let held_by = match self.taken.get(id) {
            None => {
                let line = self.position(offset).0;
                self.taken.insert(id.to_string(), Owner::Heading(line));
                self.custom_ids.insert(range.start, id.to_string());
                return;
            }
            Some(Owner::Theme) => "an id the theme writes on the page".to_string(),
            Some(Owner::Footnote(name)) => format!("already the id of footnote [^{name}]"),
            Some(Owner::Heading(line)) => format!("already the id of the heading at line {line}"),
        };
        self.refuse(
            offset,
            format!("the heading id \"{id}\" is {held_by}: choose another id"),
        );
    }

    /// A heading's id made from its text: the first of `slug`, `slug-1`, `slug-2`, … that
    /// no other id of the page holds.
    fn generated_id(&mut self, slug: &str, line: usize) -> String {
        let base = if slug.is_empty() { "section" } else { slug };
        let id = first_free(base, |c| !self.taken.contains_key(c));
        self.taken.insert(id.clone(), Owner::Heading(line));
        id
    }

    fn heading<I>(&mut self, level: HeadingLevel, offset: usize, iter: &mut I)
    where
        I: Iterator<Item = (Event<'a>, Range<usize>)>,
    {
        let mut inner = Vec::new();
        let mut text = String::new();
        self.no_autolink += 1;
        for (event, range) in iter.by_ref() {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => {
                    text.push_str(&t);
                    inner.push(Event::Text(t));
                }
                Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    inner.push(Event::Start(self.checked_destination(tag, &range)));
                }
                Event::FootnoteReference(name) => {
                    let html = self.footnote_reference_html(&name);
                    inner.push(Event::InlineHtml(html.into()));
                }
                Event::InlineHtml(html) => inner.push(self.raw_html(html, range.start)),
                other => inner.push(other),
            }
        }
        self.no_autolink -= 1;
        let text = text.trim().to_string();
        // A refused custom id was reported; the heading still gets an id of its own.
        let id = match self.custom_ids.get(&offset) {
            Some(id) => id.clone(),
            None => self.generated_id(&slugify(&text), self.position(offset).0),
        };
        self.out.anchors.insert(id.clone());
        let n = level as u8;
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
        let html = format!(
            "<h{n} id=\"{attr}\">{inner_html} <a class=\"anchor\" href=\"#{attr}\" aria-label=\"Link to section: {}\">#</a></h{n}>\n",
            escape(&text),
            attr = escape(&id),
        );
        self.start_section(&id, &text);
        if (2..=3).contains(&n) {
            self.out.toc.push(TocEntry { level: n, id, text });
        }
        self.events.push(Event::Html(html.into()));
    }

    /// Raw HTML is refused (see [`BodyRenderer::raw_html`]); a block is reported once.
    fn html_block<I>(&mut self, offset: usize, iter: &mut I)
    where
        I: Iterator<Item = (Event<'a>, Range<usize>)>,
    {
        let html = block_text(iter, TagEnd::HtmlBlock);
        let text = self.raw_html(html.into(), offset);
        self.events.push(text);
    }

    /// Raw HTML is an error: the site's pages hold none (so none can run a script, load a
    /// frame or a form, or close the layout's elements on a host without a
    /// Content-Security-Policy), and Markdown says all the pages need. It is kept as
    /// text, so that nothing of it acts even on a page that is shown anyway.
    fn raw_html(&mut self, html: CowStr<'a>, offset: usize) -> Event<'a> {
        let first_line = html.lines().next().unwrap_or("").trim_end();
        let shown: String = first_line.chars().take(60).collect();
        let message = format!(
            "raw HTML is not allowed ({shown:?}): write Markdown instead; a \"<\" meant as text is written \"\\<\""
        );
        self.refuse(offset, message);
        Event::Text(html)
    }

    fn code_block<I>(&mut self, kind: CodeBlockKind<'a>, iter: &mut I)
    where
        I: Iterator<Item = (Event<'a>, Range<usize>)>,
    {
        let code = block_text(iter, TagEnd::CodeBlock);
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',']).next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.out.has_code = true;
        self.events
            .push(Event::Html(highlight::code_block(&code, &lang).into()));
    }

    /// What a footnote is called where it is shown: its label when the label is a number
    /// (a source's own numbering, as a reader cites it: the series numbers its footnotes
    /// across the whole document), else its place among the page's footnotes.
    fn footnote_number(&mut self, name: &str) -> String {
        let next = self.footnote_numbers.len() + 1;
        let n = *self
            .footnote_numbers
            .entry(name.to_lowercase())
            .or_insert(next);
        let numbered = !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit());
        if numbered {
            let trimmed = name.trim_start_matches('0');
            if trimmed.is_empty() { "0" } else { trimmed }.to_string()
        } else {
            n.to_string()
        }
    }

    /// The slug of a footnote's ids (`fn-<slug>`, `fnref-<slug>`): that of its label, or
    /// the first free one after it when another label has the same slug.
    fn footnote_slug(&mut self, name: &str) -> String {
        let key = name.to_lowercase();
        if let Some(slug) = self.footnote_slugs.get(&key) {
            return slug.clone();
        }
        let label = slugify(name);
        let base = if label.is_empty() { "note" } else { &label };
        let slug = first_free(base, |s| {
            ["fn", "fnref"]
                .iter()
                .all(|kind| !self.taken.contains_key(&format!("{kind}-{s}")))
        });
        for kind in ["fn", "fnref"] {
            let owner = Owner::Footnote(name.to_string());
            self.taken.insert(format!("{kind}-{slug}"), owner);
        }
        self.footnote_slugs.insert(key, slug.clone());
        slug
    }

    fn footnote_reference_html(&mut self, name: &str) -> String {
        let n = self.footnote_number(name);
        let slug = self.footnote_slug(name);
        let id = format!("fnref-{slug}");
        // Only the first reference to a note carries the id its back-link points at.
        let id_attr = if self.out.anchors.insert(id.clone()) {
            format!(" id=\"{}\"", escape(&id))
        } else {
            String::new()
        };
        let note = escape(&format!("fn-{slug}"));
        format!("<sup class=\"footnote-ref\"{id_attr}><a href=\"#{note}\" aria-label=\"Footnote {n}\">{n}</a></sup>")
    }

    fn footnote_reference(&mut self, name: &str) {
        let html = self.footnote_reference_html(name);
        self.events.push(Event::InlineHtml(html.into()));
    }

    fn footnote_definition(&mut self, name: &str, offset: usize) {
        let n = self.footnote_number(name);
        let slug = self.footnote_slug(name);
        let id = format!("fn-{slug}");
        let id_attr = if self.repeated_definitions.contains(&offset) {
            String::new()
        } else {
            self.out.anchors.insert(id.clone());
            format!(" id=\"{}\"", escape(&id))
        };
        let reference = format!("fnref-{slug}");
        let back = if self.out.anchors.contains(&reference) {
            format!(" <a class=\"footnote-back\" href=\"#{}\" aria-label=\"Back to the text of footnote {n}\">↩</a>", escape(&reference))
        } else {
            String::new()
        };
        self.events.push(Event::Html(
            format!("<div class=\"footnote\"{id_attr}><span class=\"footnote-label\">{n}.{back}</span>\n").into(),
        ));
    }
}

/// The text of a block (a code block's, an HTML block's) up to its `end`, in one string.
fn block_text<'a, I>(iter: &mut I, end: TagEnd) -> String
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    let mut text = String::new();
    for (event, _) in iter.by_ref() {
        match event {
            Event::End(e) if e == end => break,
            Event::Text(t) | Event::Html(t) => text.push_str(&t),
            _ => {}
        }
    }
    text
}

/// Whether a custom heading id may be used as written: ASCII letters, digits, `-` and `_`
/// need no escaping in an attribute, a URL fragment or a CSS selector.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `base`, or else the first of `base-1`, `base-2`, … that `free` accepts.
fn first_free(base: &str, free: impl Fn(&str) -> bool) -> String {
    if free(base) {
        return base.to_string();
    }
    let mut n = 1usize;
    loop {
        let candidate = format!("{base}-{n}");
        if free(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// Syntax highlighting with syntect, as CSS classes. The syntax set is loaded from
/// syntect's binary dump the first time a page has a code block, so sites without code
/// never pay for it.
mod highlight {
    use crate::text::escape;
    use std::sync::OnceLock;
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::parsing::SyntaxSet;
    use syntect::util::LinesWithEndings;

    fn syntaxes() -> &'static SyntaxSet {
        static SET: OnceLock<SyntaxSet> = OnceLock::new();
        SET.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    pub(super) fn code_block(code: &str, lang: &str) -> String {
        // tabindex: a code block scrolls sideways when a line is longer than the page is
        // wide, and keyboard users must be able to scroll it (WCAG 2.1.1; axe's
        // scrollable-region-focusable).
        let plain = || {
            format!(
                "<pre class=\"code\" tabindex=\"0\"><code>{}</code></pre>\n",
                escape(code)
            )
        };
        if lang.is_empty() {
            return plain();
        }
        let set = syntaxes();
        let Some(syntax) = set.find_syntax_by_token(lang) else {
            return plain();
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            set,
            ClassStyle::SpacedPrefixed { prefix: "hl-" },
        );
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return plain();
            }
        }
        format!(
            "<pre class=\"code\" data-lang=\"{}\" tabindex=\"0\"><code>{}</code></pre>\n",
            escape(lang),
            generator.finalize()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(path: &str) -> Option<String> {
        match path {
            "norms/e.md" => Some("norms/e/index.html".into()),
            "timeline/x.md" => Some("timeline/2015/index.html#x".into()),
            _ => None,
        }
    }

    fn render_at(body: &str) -> (Rendered, Vec<Problem>) {
        let cx = LinkContext {
            root: "../../",
            resolve: &resolve,
            theme_ids: &["main"],
            first_line: 5,
            mentions: None,
        };
        render(body, &cx)
    }

    #[test]
    fn internal_links_become_relative() {
        let (r, broken) = render_at("See [norm (e)](@/norms/e.md#scope) and [x](@/timeline/x.md).");
        assert!(broken.is_empty());
        assert!(
            r.html.contains("href=\"../../norms/e/index.html#scope\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"../../timeline/2015/index.html#x\""),
            "{}",
            r.html
        );
        assert_eq!(r.links[0].anchor.as_deref(), Some("scope"));
    }

    #[test]
    fn a_footnote_numbered_in_its_source_keeps_its_number() {
        let (r, _) = render_at(
            "As the series says.[^3] And more.[^note]\n\n[^3]: Three.\n[^note]: Named.\n",
        );
        assert!(
            r.html.contains("aria-label=\"Footnote 3\">3</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("aria-label=\"Footnote 2\">2</a>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn a_missing_page_is_reported_with_its_position() {
        let (_, problems) = render_at("para\n\nsee [gone](@/norms/zz.md)");
        assert_eq!(
            problems,
            vec![Problem {
                line: 7,
                column: 5,
                kind: ProblemKind::MissingPage("norms/zz.md".into()),
            }]
        );
    }

    #[test]
    fn headings_get_unique_ids_self_links_and_a_toc() {
        let (r, _) = render_at("## Scope\n\n## Scope\n\n### Chair's summary {#chair}\n");
        assert!(r.html.contains("<h2 id=\"scope\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"scope-1\">"), "{}", r.html);
        assert!(r.html.contains("href=\"#chair\""), "{}", r.html);
        assert_eq!(
            r.toc.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["scope", "scope-1", "chair"]
        );
    }

    /// The ids of the `<h2>` headings of `html`, in order.
    fn heading_ids(html: &str) -> Vec<&str> {
        html.split("<h2 id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    #[test]
    fn generated_ids_skip_every_id_taken() {
        let (r, problems) = render_at(
            "## Scope\n\n## Scope\n\n## Scope 1\n\n## Main\n\n## Fn a\n\n## Other {#scope-2}\n\n## Scope\n\nText[^a].\n\n[^a]: Note.\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            heading_ids(&r.html),
            [
                "scope",
                "scope-1",
                "scope-1-1",
                "main-1",
                "fn-a-1",
                "scope-2",
                "scope-3"
            ]
        );
    }

    #[test]
    fn custom_ids_are_checked_and_escaped() {
        let (r, problems) = render_at("## T {#x\"onmouseover=\"alert(1)}\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].line, problems[0].column), (5, 7));
        assert_eq!(heading_ids(&r.html), ["t"]);
        assert!(!r.html.contains("onmouseover=\""), "{}", r.html);
        for taken in [
            "## A {#main}\n",
            "## A {#fn-a}\n\nx[^a]\n\n[^a]: n\n",
            "## A {#b}\n## B {#b}\n",
        ] {
            let (_, problems) = render_at(taken);
            assert_eq!(problems.len(), 1, "{taken}: {problems:?}");
        }
    }

    #[test]
    fn footnotes_whose_labels_share_a_slug_keep_apart() {
        let (r, problems) = render_at("A[^a b] B[^a-b].\n\n[^a b]: One.\n\n[^a-b]: Two.\n");
        assert!(problems.is_empty(), "{problems:?}");
        for id in ["fn-a-b", "fn-a-b-1", "fnref-a-b", "fnref-a-b-1"] {
            assert_eq!(
                r.html.matches(&format!("id=\"{id}\"")).count(),
                1,
                "{id}: {}",
                r.html
            );
        }
    }

    #[test]
    fn symbols_are_linked_in_prose_only() {
        let (r, _) = render_at(
            "Resolution A/RES/70/237. and A/68/98*\n\n## About A/70/174\n\n`A/75/816` [A/76/135](https://x)");
        let symbols: Vec<(&str, usize, usize)> = r
            .symbols
            .iter()
            .map(|c| (c.symbol.as_str(), c.line, c.column))
            .collect();
        // A link's text cites the symbol it names, but is not linked again.
        assert_eq!(
            symbols,
            [
                ("A/RES/70/237", 5, 12),
                ("A/68/98", 5, 30),
                ("A/76/135", 9, 13)
            ]
        );
        assert!(
            r.html
                .contains("href=\"../../documents/a-res-70-237/index.html\">A/RES/70/237</a>."),
            "{}",
            r.html
        );
        assert!(r.html.contains(">A/68/98</a>*"), "{}", r.html);
        assert!(
            !r.html.contains("index.html#a-70-174"),
            "heading must not be linked: {}",
            r.html
        );
    }

    #[test]
    fn footnotes_are_numbered() {
        let (r, _) = render_at("Text[^a] more[^b].\n\n[^b]: Bee.\n[^a]: Ay.\n");
        assert!(r.html.contains("id=\"fnref-a\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn-b\""), "{}", r.html);
        assert!(r.html.contains(">1</a></sup>"), "{}", r.html);
        assert!(r.anchors.contains("fn-a"));
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let (r, _) = render_at("```yaml\ntitle: x\n```\n");
        assert!(r.has_code);
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(!r.html.contains("style="), "{}", r.html);
    }
}
