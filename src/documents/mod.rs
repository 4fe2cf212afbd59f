//! UN documents, the one home of what the site knows of them: what a symbol is
//! ([`symbol`]: its one written form, slug and URLs, finding it in prose), and the index
//! of the documents the site cites (symbol → the pages citing it), with the citations
//! that cannot have a page of their own.

pub(crate) mod symbol;

pub use symbol::find_symbols;
pub(crate) use symbol::{document_url, normalise_symbol, official_url, symbol_slug, Citation};

use crate::content::Entity;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::Text;
use crate::site::{Ix, Site};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// UN symbol → the entities that cite it.
pub(crate) type Documents = BTreeMap<String, BTreeSet<Ix>>;

/// The UN symbols of the site, each with the entities that cite it, and the citations
/// that cannot have a page: two spellings whose pages would be one file (the second met,
/// in the order of the files and of each file, is the error, naming the first), and a
/// front-matter symbol with no letter or digit (its page would be the documents page).
pub(crate) fn index<'r>(
    site: &Site,
    prose: impl Fn(Ix) -> &'r [Citation],
) -> (Documents, Diagnostics) {
    let mut index = Documents::new();
    let mut diagnostics = Diagnostics::default();
    // Each page's first symbol, by the page's slug, and the entity citing it first.
    let mut pages: HashMap<String, (Citation, Ix)> = HashMap::new();
    for (ix, e) in site.entities.iter().enumerate() {
        for (written, citation) in citations(site, e, prose(ix)) {
            let slug = symbol_slug(&citation.symbol);
            let refusal = match pages.get(&slug) {
                _ if slug.is_empty() => Some(not_a_symbol(&written)),
                Some((first, by)) if first.symbol != citation.symbol => {
                    Some(same_page(site, &written, first, *by))
                }
                Some(_) => None,
                None => {
                    pages.insert(slug, (citation.clone(), ix));
                    None
                }
            };
            match refusal {
                Some(message) => diagnostics.push(Diagnostic::new(
                    &e.path,
                    citation.line,
                    citation.column,
                    message,
                )),
                // A record's own symbol gives the document its page, cited or not, but
                // is no citation.
                None if site.record_of(&citation.symbol) == Some(ix) => {
                    index.entry(citation.symbol).or_default();
                }
                None => {
                    index.entry(citation.symbol).or_default().insert(ix);
                }
            }
        }
    }
    (index, diagnostics)
}

/// The index after an edit of the `edited` pages, from the index `before` it: their
/// citations taken out and read again, every other page's as they were. `None` where a
/// citation of theirs cannot have a page (a full build reports it, with the citation
/// that has the page). The records of documents are not edited here: an edit of one
/// builds the whole site.
pub(crate) fn reindex<'r>(
    site: &Site,
    before: &Documents,
    edited: &[Ix],
    prose: impl Fn(Ix) -> &'r [Citation],
) -> Option<Documents> {
    let mut index = before.clone();
    for cited in index.values_mut() {
        for ix in edited {
            cited.remove(ix);
        }
    }
    // A document that only they cited has no page any more, unless it has a record.
    index.retain(|symbol, cited| !cited.is_empty() || site.record_of(symbol).is_some());
    let mut pages: HashMap<String, String> = index
        .keys()
        .map(|symbol| (symbol_slug(symbol), symbol.clone()))
        .collect();
    for &ix in edited {
        for (_, citation) in citations(site, &site.entities[ix], prose(ix)) {
            let slug = symbol_slug(&citation.symbol);
            let symbol = pages.entry(slug.clone()).or_insert(citation.symbol.clone());
            if slug.is_empty() || *symbol != citation.symbol {
                return None;
            }
            index.entry(citation.symbol).or_default().insert(ix);
        }
    }
    Some(index)
}

/// What the site says of a document it has no record of, from its symbol and how many
/// pages cite it: its page's description and its search entry's summary.
pub(crate) fn description(symbol: &str, citing: usize) -> String {
    let s = if citing == 1 { "" } else { "s" };
    format!("UN document {symbol}: its official record, and the {citing} page{s} of this site that cite it.")
}

/// The UN symbols an entity cites, as written and normalised, in the order they are
/// written: those of its front matter, then those of its prose (found normalised).
fn citations(site: &Site, e: &Entity, prose: &[Citation]) -> Vec<(String, Citation)> {
    let mut citations: Vec<(String, Citation)> = e
        .texts_of(&site.schema, Text::Symbol)
        .into_iter()
        .map(|(key, written)| {
            let (line, column) = e.locate(key, written);
            let symbol = normalise_symbol(written);
            (
                written.to_string(),
                Citation {
                    symbol,
                    line,
                    column,
                },
            )
        })
        .collect();
    citations.extend(prose.iter().map(|c| (c.symbol.clone(), c.clone())));
    citations.sort_by_key(|(_, c)| (c.line, c.column));
    citations
}

fn not_a_symbol(symbol: &str) -> String {
    format!("{symbol:?} is not a UN document symbol: write one as the UN does, such as \"A/RES/70/237\"")
}

/// What to say of `symbol`, whose page would be that of `first`, cited by `by` first.
fn same_page(site: &Site, symbol: &str, first: &Citation, by: Ix) -> String {
    format!(
        "the UN symbol {symbol:?} would write the page of {:?} ({}, cited at {}:{}:{}): write the symbol as the UN does, the same way on every page",
        first.symbol,
        document_url(&first.symbol),
        site.entities[by].path.display(),
        first.line,
        first.column
    )
}
