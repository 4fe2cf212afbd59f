//! The context of the timeline's pages (`timeline.html`): the whole timeline and each of
//! its views ([`View`]: one type of event, or the events of one page drawn as a bar), each
//! with the links to every view and the key to the chart's marks.

use super::{Contexts, Link};
use crate::config::fill;
use crate::site::Site;
use crate::timeline::{counts, key_events, View};
use crate::timeline_svg;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct TimelineYear<'a> {
    year: i32,
    url: String,
    count: usize,
    events: Vec<Link<'a>>,
}

#[derive(Serialize)]
struct TimelinePage<'a> {
    /// Every year of the range on the whole timeline; on a view, the years it has events in.
    years: Vec<TimelineYear<'a>>,
    /// The pages drawn as bars on this page's chart.
    processes: Vec<Link<'a>>,
    svg: String,
    /// Null on the whole timeline; on a view, the name of what it shows.
    view: Option<&'a str>,
    /// The link to the whole timeline.
    all: ViewLink<'a>,
    /// A link to the view of each type, with its shape: the filter links and the key.
    types: Vec<TypeLink<'a>>,
    /// A link to the view of each page drawn as a bar.
    bar_views: Vec<ViewLink<'a>>,
    /// The key events, numbered as on the chart (`timeline: {label}`).
    key_events: Vec<KeyEvent<'a>>,
}

/// A key event: its number on the chart, its label, its page.
#[derive(Serialize)]
struct KeyEvent<'a> {
    number: usize,
    label: &'a str,
    link: Link<'a>,
}

/// A link to a view of the timeline.
#[derive(Serialize)]
struct ViewLink<'a> {
    label: &'a str,
    url: String,
    count: usize,
    /// The view is this page's.
    current: bool,
}

#[derive(Serialize)]
struct TypeLink<'a> {
    #[serde(flatten)]
    link: ViewLink<'a>,
    value: &'a str,
    shape: &'static str,
    /// The mark alone, as an inline SVG (`| safe`), hidden from screen readers.
    icon: String,
}

impl<'a> Contexts<'a> {
    pub(crate) fn timeline_context(&self, view: View) -> Value {
        let site = self.site;
        let url = view.path(site);
        let years = view
            .years(site)
            .into_iter()
            .filter(|(_, events)| view == View::All || !events.is_empty())
            .map(|(year, events)| TimelineYear {
                year,
                url: format!("timeline/{year}/index.html"),
                count: events.len(),
                events: self.links(&events),
            })
            .collect();
        let counts = self.view_counts.get_or_init(|| counts(site));
        let link = |v: View, label: &'a str| ViewLink {
            label,
            url: v.path(site),
            count: counts.get(&v).copied().unwrap_or(0),
            current: v == view,
        };
        let page = TimelinePage {
            years,
            processes: self.links(&view.bars(site)),
            svg: timeline_svg::draw(site, view),
            view: view_name(site, view),
            all: link(View::All, "All events"),
            types: self.type_links(&link),
            bar_views: bar_views(site, &link),
            key_events: key_events(site)
                .into_iter()
                .enumerate()
                .map(|(n, (ix, label))| KeyEvent {
                    number: n + 1,
                    label,
                    link: Link::to(site, ix),
                })
                .collect(),
        };
        let (title, description) = heading(site, view, counts);
        self.page(&url, &title, &description, "timeline", page, None)
    }

    /// A link to each type's view, with its shape and icon.
    fn type_links(&self, link: &dyn Fn(View, &'a str) -> ViewLink<'a>) -> Vec<TypeLink<'a>> {
        let site = self.site;
        let Some(types) = site.schema.mark_types() else {
            return Vec::new();
        };
        types
            .values
            .iter()
            .enumerate()
            .map(|(i, (value, label))| TypeLink {
                link: link(View::Type(i), label),
                value,
                shape: timeline_svg::shape_of(Some(i)).name(),
                icon: timeline_svg::icon(site, i),
            })
            .collect()
    }
}

/// A link to the view of each page drawn as a bar, named by its short name.
fn bar_views<'a>(
    site: &'a Site,
    link: &dyn Fn(View, &'a str) -> ViewLink<'a>,
) -> Vec<ViewLink<'a>> {
    let Some(barred) = site.schema.barred() else {
        return Vec::new();
    };
    site.collection(barred)
        .iter()
        .map(|&ix| {
            let label = site.short_name(ix).unwrap_or(site.entities[ix].title());
            link(View::Bar(ix), label)
        })
        .collect()
}

/// What a view shows, in the words of its page's title: a type's label, a bar's title.
fn view_name(site: &Site, view: View) -> Option<&str> {
    match view {
        View::All => None,
        View::Type(i) => Some(&site.schema.mark_types()?.values.get(i)?.1),
        View::Bar(ix) => Some(site.entities[ix].title()),
    }
}

/// The title and the description of a view's page.
fn heading(site: &Site, view: View, counts: &BTreeMap<View, usize>) -> (String, String) {
    let range = site.config.timeline;
    let (start, end) = (range.start.to_string(), range.end.to_string());
    let whole = fill(
        &site.config.descriptions.timeline,
        &[("start", &start), ("end", &end)],
    );
    let Some(name) = view_name(site, view) else {
        return ("Timeline".into(), whole);
    };
    let count = counts.get(&view).copied().unwrap_or(0);
    let events = format!("{count} event{}", if count == 1 { "" } else { "s" });
    let description = match view {
        View::Bar(_) => format!("The {events} of the timeline related to {name}, year by year."),
        View::All | View::Type(_) => {
            format!("The {events} of the timeline of the type “{name}”, year by year.")
        }
    };
    (format!("Timeline: {name}"), description)
}
