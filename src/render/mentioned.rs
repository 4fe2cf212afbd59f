//! Where each page is mentioned: every mention the Markdown pass found (`Rendered::
//! mentions`), gathered by the page mentioned, for its "Mentioned in" list with each
//! passage and a link to its paragraph.

use crate::markdown::Rendered;
use crate::mentions::Mention;
use crate::site::{Ix, Site};
use serde::Serialize;
use std::collections::HashMap;

/// The mentions of each page mentioned, by the page that mentions it.
#[derive(Default)]
pub(crate) struct Mentioned<'r> {
    by_target: HashMap<Ix, Vec<(Ix, &'r Mention)>>,
}

/// The pages that mention a page, as its page lists them: the first
/// [`LISTED_PAGES`], each with its first [`LISTED_PASSAGES`] passages, and how many
/// there are in all (a page that every event mentions would otherwise weigh megabytes).
#[derive(Serialize, Default)]
pub(crate) struct MentionList<'a> {
    pages: Vec<MentionGroup<'a>>,
    /// How many pages mention it, listed or not.
    count: usize,
    /// How many of them are not listed.
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

/// At most how many mentioning pages a page lists, and passages of each.
const LISTED_PAGES: usize = 100;
const LISTED_PASSAGES: usize = 3;

/// One passage: its section, its sentence, and a link to it.
#[derive(Serialize)]
struct Passage<'a> {
    url: String,
    section: Option<&'a str>,
    excerpt: &'a str,
}

impl<'r> Mentioned<'r> {
    pub(crate) fn of(rendered: &'r [Rendered]) -> Self {
        let mut by_target: HashMap<Ix, Vec<(Ix, &Mention)>> = HashMap::new();
        for (source, r) in rendered.iter().enumerate() {
            for m in &r.mentions {
                by_target.entry(m.target).or_default().push((source, m));
            }
        }
        Mentioned { by_target }
    }

    /// The pages that mention `target`, in the order of their kinds and collections,
    /// each with its passages in the order they are written: as many as its page lists.
    pub(crate) fn list<'a>(&self, site: &'a Site, target: Ix) -> MentionList<'a>
    where
        'r: 'a,
    {
        let Some(mentions) = self.by_target.get(&target) else {
            return MentionList::default();
        };
        // The mentions of one page are together (gathered page by page, in order).
        let mut groups: Vec<&[(Ix, &Mention)]> =
            mentions.chunk_by(|(a, _), (b, _)| a == b).collect();
        groups.sort_by_key(|g| {
            let source = g[0].0;
            (site.entities[source].kind, site.position[source])
        });
        let count = groups.len();
        let pages = groups
            .into_iter()
            .take(LISTED_PAGES)
            .map(|group| {
                let source = group[0].0;
                let page = site.url(source);
                let passages = group
                    .iter()
                    .take(LISTED_PASSAGES)
                    .map(|(_, m)| Passage {
                        url: passage_url(&page, m),
                        section: m.section.as_deref(),
                        excerpt: &m.excerpt,
                    })
                    .collect();
                MentionGroup {
                    title: site.entities[source].title(),
                    kind: site.schema.singular(site.entities[source].kind),
                    url: page,
                    passages,
                    more: group.len().saturating_sub(LISTED_PASSAGES),
                }
            })
            .collect();
        MentionList {
            pages,
            count,
            more: count.saturating_sub(LISTED_PAGES),
        }
    }

    /// The first passage of `source` that mentions `target`: its URL.
    pub(crate) fn first_passage(&self, site: &Site, source: Ix, target: Ix) -> Option<String> {
        let (_, m) = self
            .by_target
            .get(&target)?
            .iter()
            .find(|&&(s, _)| s == source)?;
        Some(passage_url(&site.url(source), m))
    }
}

/// The URL of a mention's passage on the page at `page`.
fn passage_url(page: &str, m: &Mention) -> String {
    match &m.anchor {
        Some(anchor) => format!("{page}#{anchor}"),
        None => page.to_string(),
    }
}
