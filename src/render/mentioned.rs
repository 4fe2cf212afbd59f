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

/// A page that mentions another, with its passages.
#[derive(Serialize)]
pub(crate) struct MentionGroup<'a> {
    title: &'a str,
    url: String,
    kind: &'a str,
    passages: Vec<Passage<'a>>,
}

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
    /// each with its passages in the order they are written.
    pub(crate) fn groups<'a>(&self, site: &'a Site, target: Ix) -> Vec<MentionGroup<'a>>
    where
        'r: 'a,
    {
        let Some(mentions) = self.by_target.get(&target) else {
            return Vec::new();
        };
        let mut sources: Vec<Ix> = mentions.iter().map(|&(s, _)| s).collect();
        sources.dedup();
        sources.sort_by_key(|&s| (site.entities[s].kind, site.position[s]));
        sources
            .into_iter()
            .map(|source| {
                let page = site.url(source);
                let passages = mentions
                    .iter()
                    .filter(|&&(s, _)| s == source)
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
                }
            })
            .collect()
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
