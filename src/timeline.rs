//! The timeline's views, each a page built without JavaScript: every event
//! (`timeline/index.html`), the events of one type (a value of the marked kind's
//! `timeline: {type}` enum, `timeline/<field>/<value>/`), and the events related to one
//! page drawn as a bar (`timeline/<kind>/<id>/`). Which views there are and what each shows
//! is read from the schema's roles, never from a kind's name.

use crate::site::{Ix, Site};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum View {
    /// Every event and every bar.
    All,
    /// The events whose type is the value at this index of the type field's values.
    Type(usize),
    /// The events related (either way) to this page of the barred kind, and its bar.
    Bar(Ix),
}

impl View {
    /// Every view the site has: the whole timeline, one per type, one per barred page.
    pub(crate) fn all(site: &Site) -> Vec<View> {
        let types = site.schema.mark_types().map_or(0, |t| t.values.len());
        let bars = site.schema.barred().map_or(&[][..], |k| site.collection(k));
        std::iter::once(View::All)
            .chain((0..types).map(View::Type))
            .chain(bars.iter().map(|&ix| View::Bar(ix)))
            .collect()
    }

    /// The page of the view, root-relative.
    pub(crate) fn path(self, site: &Site) -> String {
        match self {
            View::All => "timeline/index.html".into(),
            View::Type(value) => {
                let types = site.schema.mark_types();
                let path = types.and_then(|t| {
                    let (v, _) = t.values.get(value)?;
                    Some(format!("timeline/{}/{v}/index.html", t.name))
                });
                path.unwrap_or_else(|| View::All.path(site))
            }
            View::Bar(ix) => {
                let e = &site.entities[ix];
                format!(
                    "timeline/{}/{}/index.html",
                    site.schema.of(e.kind).name,
                    e.id
                )
            }
        }
    }

    /// The way back from the view's page to `timeline/`: `""` or `"../../"`.
    pub(crate) fn to_timeline(self) -> &'static str {
        match self {
            View::All => "",
            View::Type(_) | View::Bar(_) => "../../",
        }
    }

    /// Whether the view shows the event `ix`.
    pub(crate) fn shows(self, site: &Site, ix: Ix) -> bool {
        match self {
            View::All => true,
            View::Type(value) => is_of_type(site, ix, value),
            View::Bar(bar) => site.related[ix]
                .get(&site.entities[bar].kind)
                .is_some_and(|list| list.contains(&bar)),
        }
    }

    /// The events it shows, by year: every year of the range, some perhaps empty.
    pub(crate) fn years(self, site: &Site) -> BTreeMap<i32, Vec<Ix>> {
        let shown = |list: &[Ix]| -> Vec<Ix> {
            let shows = |ix: &&Ix| self.shows(site, **ix);
            list.iter().filter(shows).copied().collect()
        };
        site.years
            .iter()
            .map(|(&year, list)| (year, shown(list)))
            .collect()
    }

    /// About how many events it shows, without counting them (the order the pages are
    /// rendered in): a bar's related events, or every event.
    pub(crate) fn weight(self, site: &Site) -> usize {
        let related = |bar: Ix| {
            let marked = site.schema.marked()?;
            Some(site.related[bar].get(&marked)?.len())
        };
        match self {
            View::Bar(bar) => related(bar).unwrap_or(0),
            View::All | View::Type(_) => site.years.values().map(Vec::len).sum(),
        }
    }

    /// The pages it draws as bars, in their kind's order.
    pub(crate) fn bars(self, site: &Site) -> Vec<Ix> {
        match self {
            View::Bar(ix) => vec![ix],
            View::All | View::Type(_) => site
                .schema
                .barred()
                .map_or_else(Vec::new, |k| site.collection(k).to_vec()),
        }
    }
}

/// The type of an event: the index of its value among the type field's values (every
/// page of the marked kind has one: the schema requires a default or a value).
pub(crate) fn type_of(site: &Site, ix: Ix) -> Option<usize> {
    let types = site.schema.mark_types()?;
    let value = site.entities[ix].fields.text(types.field)?;
    types.values.iter().position(|(v, _)| v == value)
}

/// Whether the page `ix` is of the type at `value` ([`type_of`]): its text compared with
/// that type's name alone (each view asks it of every event), and only if it is that name
/// the types before it.
fn is_of_type(site: &Site, ix: Ix, value: usize) -> bool {
    let Some(types) = site.schema.mark_types() else {
        return false;
    };
    let Some((name, _)) = types.values.get(value) else {
        return false;
    };
    site.entities[ix].fields.text(types.field) == Some(name.as_str())
        && types.values[..value].iter().all(|(v, _)| v != name)
}

/// How many events each view shows, counted in one pass over the events (every view's
/// page links to every other with its count).
pub(crate) fn counts(site: &Site) -> BTreeMap<View, usize> {
    let barred = site.schema.barred();
    let mut counts = BTreeMap::new();
    for &ix in site.years.values().flatten() {
        let bars = barred
            .and_then(|k| site.related[ix].get(&k))
            .map_or(&[][..], Vec::as_slice);
        let views = std::iter::once(View::All)
            .chain(type_of(site, ix).map(View::Type))
            .chain(bars.iter().map(|&bar| View::Bar(bar)));
        for view in views {
            *counts.entry(view).or_insert(0) += 1;
        }
    }
    counts
}

/// The key events: the marked pages that have a label (`timeline: {label}`), in the
/// timeline's order, each with its label. Its place in this list, from 1, is its number
/// on every chart.
pub(crate) fn key_events(site: &Site) -> Vec<(Ix, &str)> {
    site.years
        .values()
        .flatten()
        .filter_map(|&ix| Some((ix, key_label(site, ix)?)))
        .collect()
}

/// The label of a key event (`timeline: {label}`), if the page is one.
pub(crate) fn key_label(site: &Site, ix: Ix) -> Option<&str> {
    let e = &site.entities[ix];
    e.fields.text(site.schema.roles(e.kind).mark_label?)
}
