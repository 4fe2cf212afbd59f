//! Where each page is mentioned: every mention the Markdown pass found (`Rendered::
//! mentions`), gathered by the page mentioned, for its "Mentioned in" list with each
//! passage and a link to its paragraph. A page lists the first [`LISTED_PAGES`] pages
//! that mention it, [`LISTED_PASSAGES`] passages each (a page that every event of a
//! large site mentions would otherwise weigh megabytes); only those passages have their
//! sentence read, from the bodies, once every body is rendered.

use crate::markdown::{passage_sentence, Rendered};
use crate::mentions::{Mention, PageMentions, PassageText};
use crate::site::{Ix, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// At most how many mentioning pages a page lists, and passages of each.
const LISTED_PAGES: usize = 50;
const LISTED_PASSAGES: usize = 3;

/// The mentions each page lists, by the page mentioned, and the sentences of those in
/// paragraphs, by (page mentioning, mention), read from the bodies.
#[derive(Default)]
pub(crate) struct Mentioned {
    by_target: HashMap<Ix, Listed>,
    sentences: HashMap<(Ix, usize), Box<str>>,
}

/// The pages a page lists as mentioning it, and how many mention it in all.
struct Listed {
    pages: Vec<ListedPage>,
    count: usize,
}

/// A page listed as mentioning another: the indices of its mentions listed, and how
/// many more it has.
struct ListedPage {
    source: Ix,
    mentions: Vec<usize>,
    more: usize,
}

/// What a page's template receives: the pages listed, how many in all, how many not
/// listed.
#[derive(Serialize, Default)]
pub(crate) struct MentionList<'a> {
    pages: Vec<MentionGroup<'a>>,
    count: usize,
    more: usize,
}

/// A page that mentions another, with its passages.
#[derive(Serialize)]
struct MentionGroup<'a> {
    title: &'a str,
    url: String,
    kind: &'a str,
    passages: Vec<Passage<'a>>,
    /// How many of its passages are not listed.
    more: usize,
}

/// One passage: its section, its sentence, and a link to it.
#[derive(Serialize)]
struct Passage<'a> {
    url: String,
    section: Option<&'a str>,
    excerpt: &'a str,
}

impl Mentioned {
    /// The mentions each page lists: the pages mentioning it in the order of their kinds
    /// and collections, each page's in the order they are written.
    pub(crate) fn of(site: &Site, rendered: &[Rendered]) -> Self {
        let mut all: HashMap<Ix, Vec<(Ix, usize)>> = HashMap::new();
        for (source, r) in rendered.iter().enumerate() {
            for (i, m) in r.mentions.iter().enumerate() {
                all.entry(m.target).or_default().push((source, i));
            }
        }
        let by_target = all
            .into_iter()
            .map(|(target, mentions)| (target, listed(site, &mentions)))
            .collect();
        let sentences = HashMap::new();
        Mentioned {
            by_target,
            sentences,
        }
    }

    /// Reads the sentence of every mention in a paragraph that a page lists, from the
    /// body it is written in (before the pipeline drops the bodies).
    pub(crate) fn read_sentences(&mut self, site: &Site, rendered: &[Rendered]) {
        let listed: Vec<(Ix, usize)> = self.listed().collect();
        self.sentences = listed
            .into_par_iter()
            .filter_map(|(source, i)| {
                let mentions = &rendered[source].mentions;
                let (PassageText::Paragraph(block), at) = mentions.text(mentions.get(i)) else {
                    return None;
                };
                let body = &site.entities[source].body;
                Some(((source, i), passage_sentence(body, block, at).into()))
            })
            .collect();
    }

    /// The sentence read for mention `i` of `source`, if the mention is listed and in a
    /// paragraph.
    pub(crate) fn sentence(&self, source: Ix, i: usize) -> Option<&str> {
        self.sentences.get(&(source, i)).map(|s| &**s)
    }

    /// Every mention some page lists: (the page mentioning, the index of the mention).
    fn listed(&self) -> impl Iterator<Item = (Ix, usize)> + '_ {
        self.by_target.values().flat_map(|l| {
            l.pages
                .iter()
                .flat_map(|p| p.mentions.iter().map(move |&i| (p.source, i)))
        })
    }

    /// What the page of `target` lists.
    pub(crate) fn list<'a>(
        &'a self,
        site: &'a Site,
        rendered: &'a [Rendered],
        target: Ix,
    ) -> MentionList<'a> {
        let Some(listed) = self.by_target.get(&target) else {
            return MentionList::default();
        };
        let pages = listed
            .pages
            .iter()
            .map(|p| {
                let page = site.url(p.source);
                let passages = p
                    .mentions
                    .iter()
                    .map(|&i| {
                        let mentions = &rendered[p.source].mentions;
                        let m = mentions.get(i);
                        let excerpt = match mentions.text(m).0 {
                            PassageText::Given(text) => text,
                            PassageText::Paragraph(_) => self.sentence(p.source, i).unwrap_or(""),
                        };
                        Passage {
                            url: passage_url(page, mentions, m),
                            section: mentions.section_title(m),
                            excerpt,
                        }
                    })
                    .collect();
                MentionGroup {
                    title: site.entities[p.source].title(),
                    kind: site.schema.singular(site.entities[p.source].kind),
                    url: page.to_string(),
                    passages,
                    more: p.more,
                }
            })
            .collect();
        MentionList {
            pages,
            count: listed.count,
            more: listed.count.saturating_sub(LISTED_PAGES),
        }
    }
}

/// The pages listed for one page mentioned, from its mentions (source, index), which
/// come page by page.
fn listed(site: &Site, mentions: &[(Ix, usize)]) -> Listed {
    let mut pages: Vec<&[(Ix, usize)]> = mentions.chunk_by(|(a, _), (b, _)| a == b).collect();
    pages.sort_by_key(|p| (site.entities[p[0].0].kind, site.position[p[0].0]));
    let count = pages.len();
    let pages = pages
        .into_iter()
        .take(LISTED_PAGES)
        .map(|p| ListedPage {
            source: p[0].0,
            mentions: p.iter().take(LISTED_PASSAGES).map(|&(_, i)| i).collect(),
            more: p.len().saturating_sub(LISTED_PASSAGES),
        })
        .collect();
    Listed { pages, count }
}

/// The first passage of `source` that mentions `target`: its URL.
pub(crate) fn first_passage(
    site: &Site,
    rendered: &[Rendered],
    source: Ix,
    target: Ix,
) -> Option<String> {
    let mentions = &rendered.get(source)?.mentions;
    let m = mentions.iter().find(|m| m.target == target)?;
    Some(passage_url(site.url(source), mentions, m))
}

/// The URL of a mention's passage on the page at `page`.
fn passage_url(page: &str, mentions: &PageMentions, m: &Mention) -> String {
    match mentions.anchor(m) {
        Some(anchor) => format!("{page}#{anchor}"),
        None => page.to_string(),
    }
}
