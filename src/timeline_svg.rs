//! The overview of the whole period as an SVG drawn at build time: one column per year,
//! processes as bars, events as marks, each type of event a shape of its own (and a
//! colour, never alone). Every mark and bar is a link, with a title for screen readers
//! and keyboard focus like any link. It is drawn for one view of the timeline
//! ([`View`]), and its URLs are relative to that view's page.

use crate::config::{fill, TimelineRange};
use crate::schema::MARK_TYPES_MAX;
use crate::site::{Ix, Site};
use crate::text::escape;
use crate::timeline::{key_events, type_of, View};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

const YEAR_WIDTH: usize = 42;
const LEFT: usize = 8;
const BAR_HEIGHT: usize = 22;
const MARK_ROW: usize = 14;
/// A generous width of one character of a bar label (10 px), to decide where
/// the label fits.
const LABEL_CHAR: usize = 6;

pub(crate) fn draw(site: &Site, view: View) -> String {
    let range = site.config.timeline;
    let years = (range.end - range.start + 1) as usize;
    let width = LEFT * 2 + years * YEAR_WIDTH;
    let lanes = lay_out_lanes(site, &view.bars(site));
    let events = view.years(site);
    let lane_count = lanes.iter().map(|(_, lane)| lane + 1).max().unwrap_or(0);
    let bars_top = 30;
    let marks_top = bars_top + lane_count * (BAR_HEIGHT + 6) + 10;
    let max_marks = events.values().map(Vec::len).max().unwrap_or(0).min(20);
    let layout = Layout {
        range,
        height: marks_top + max_marks * MARK_ROW + 10,
        bars_top,
        marks_top,
        max_marks,
        up: view.to_timeline(),
    };
    let height = layout.height;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg class=\"timeline-svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"timeline-svg-title\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"timeline-svg-title\">{}</title>\n",
        escape(&fill(
            &site.config.descriptions.chart,
            &[("start", &range.start.to_string()), ("end", &range.end.to_string())]
        ))
    );
    year_bands(&mut svg, site, &layout);
    process_bars(&mut svg, site, &layout, &lanes);
    let keys: HashMap<Ix, usize> = key_events(site)
        .iter()
        .enumerate()
        .map(|(n, &(ix, _))| (ix, n + 1))
        .collect();
    event_marks(&mut svg, site, &layout, (&events, &keys));
    svg.push_str("</svg>");
    svg
}

/// Where the parts of the drawing go.
struct Layout {
    range: TimelineRange,
    height: usize,
    bars_top: usize,
    marks_top: usize,
    /// The most marks a year's column shows.
    max_marks: usize,
    /// The way from the view's page to `timeline/`.
    up: &'static str,
}

impl Layout {
    fn x_of(&self, year: i32) -> usize {
        LEFT + (year - self.range.start) as usize * YEAR_WIDTH
    }
}

/// A column for each year, linking to its page.
fn year_bands(svg: &mut String, site: &Site, layout: &Layout) {
    let (range, height) = (layout.range, layout.height);
    for (i, year) in (range.start..=range.end).enumerate() {
        let x = layout.x_of(year);
        let _ = writeln!(
            svg,
            "<a href=\"{}{year}/index.html\"><title>{year}: {} event{}</title><rect class=\"year-band{}\" x=\"{x}\" y=\"0\" width=\"{YEAR_WIDTH}\" height=\"{height}\"/><text class=\"year-label\" x=\"{}\" y=\"18\" text-anchor=\"middle\">{}</text></a>",
            layout.up,
            site.years.get(&year).map_or(0, Vec::len),
            if site.years.get(&year).map_or(0, Vec::len) == 1 { "" } else { "s" },
            if i % 2 == 0 { "" } else { " odd" },
            x + YEAR_WIDTH / 2,
            if year % 5 == 0 || year == range.start || year == range.end { year.to_string() } else { format!("’{:02}", year % 100) }
        );
    }
}

/// A bar for each process, on its lane, linking to its page.
/// The years of a page drawn as a bar (its kind's `timeline: {bars}` role): its start,
/// and its end if it has one.
pub(crate) fn years_of(site: &Site, ix: Ix) -> Option<(i32, Option<i32>)> {
    let e = &site.entities[ix];
    let (start, end) = site.schema.roles(e.kind).bars?;
    let year = |f: usize| e.fields.number(f).map(|n| n as i32);
    Some((year(start)?, end.and_then(year)))
}

/// Whether the page drawn as a bar `ix` is under way in `year` (until the timeline's end
/// if it has no end).
pub(crate) fn under_way(site: &Site, ix: Ix, year: i32) -> bool {
    years_of(site, ix).is_some_and(|(start, end)| {
        start <= year && end.unwrap_or(site.config.timeline.end) >= year
    })
}

/// A page's URL relative to a view's page, from which `up` leads to `timeline/`.
fn from_view(url: &str, up: &str) -> String {
    match url.strip_prefix("timeline/") {
        Some(rest) => format!("{up}{rest}"),
        None => format!("{up}../{url}"),
    }
}

fn process_bars(svg: &mut String, site: &Site, layout: &Layout, lanes: &[(usize, usize)]) {
    let range = layout.range;
    for (n, (ix, lane)) in lanes.iter().enumerate() {
        let Some((start_year, end_year)) = years_of(site, *ix) else {
            continue;
        };
        let e = &site.entities[*ix];
        let start = start_year.max(range.start);
        let end = end_year.unwrap_or(range.end).min(range.end);
        if end < start {
            // Outside the timeline's range: no bar.
            continue;
        }
        let x = layout.x_of(start) + 2;
        let w = (end - start + 1) as usize * YEAR_WIDTH - 4;
        let y = layout.bars_top + lane * (BAR_HEIGHT + 6);
        let free_before = lanes[..n]
            .iter()
            .filter(|(_, l)| l == lane)
            .filter_map(|(other, _)| {
                years_of(site, *other).map(|(_, end)| end.unwrap_or(range.end))
            })
            .max()
            .map_or(start - range.start, |prev_end| start - prev_end - 1)
            .max(0) as usize
            * YEAR_WIDTH;
        let short = site.short_name(*ix).unwrap_or(e.title());
        let (label, label_x, anchor, class) = bar_label(short, x, w, free_before);
        let _ = writeln!(
            svg,
            "<a href=\"{}\"><title>{}</title><rect class=\"bar bar-{}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{BAR_HEIGHT}\" rx=\"3\"/><text class=\"{class}\" x=\"{label_x}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text></a>",
            from_view(site.url(*ix), layout.up),
            escape(&bar_title(e.title(), start_year, end_year)),
            e.id.split('-').next().unwrap_or(""),
            y + 15,
            escape(&label)
        );
    }
}

/// A bar's hover text: its title with its years.
fn bar_title(title: &str, start: i32, end: Option<i32>) -> String {
    let years = format!("{start}–{}", end.map(|e| e.to_string()).unwrap_or_default());
    with_span(title, &years)
}

/// Hover text gives a page's dates after its title, unless the title already holds them
/// ("Group of Governmental Experts (2004–2005)" was shown with "(2004–2005)" twice).
fn with_span(title: &str, span: &str) -> String {
    if span.is_empty() || title.contains(span) {
        title.to_string()
    } else {
        format!("{title} ({span})")
    }
}

fn bar_label(
    name: &str,
    x: usize,
    w: usize,
    free_before: usize,
) -> (String, usize, &'static str, &'static str) {
    let fits = |text: &str, room: usize| text.chars().count() * LABEL_CHAR + 8 <= room;
    let short = shorten_years(name);
    if fits(name, w) {
        (name.to_string(), x + 4, "start", "bar-label")
    } else if fits(&short, w) {
        (short, x + 4, "start", "bar-label")
    } else if fits(name, free_before) {
        (name.to_string(), x - 4, "end", "bar-label outside")
    } else {
        (short, x + w + 4, "start", "bar-label outside")
    }
}

/// A mark for each event (as many as [`Layout::max_marks`] a year), linking to its page.
/// Each event's mark in its year's column; a key event's number beside it (the list under
/// the chart gives its label).
fn event_marks(
    svg: &mut String,
    site: &Site,
    layout: &Layout,
    (events, keys): (&BTreeMap<i32, Vec<Ix>>, &HashMap<Ix, usize>),
) {
    for (&year, list) in events {
        for (row, &ix) in list.iter().take(layout.max_marks).enumerate() {
            let cx = (layout.x_of(year) + YEAR_WIDTH / 2) as f64;
            let cy = (layout.marks_top + row * MARK_ROW + 5) as f64;
            let ty = type_of(site, ix);
            let number = keys.get(&ix).map_or(String::new(), |n| {
                let (x, y) = (cx + 7.0, cy + 3.5);
                format!("<text class=\"key-number\" x=\"{x}\" y=\"{y}\">{n}</text>")
            });
            let _ = writeln!(
                svg,
                "<a href=\"{}\"><title>{}</title>{}{number}</a>",
                from_view(site.url(ix), layout.up),
                escape(&mark_title(site, ix, ty)),
                shape_of(ty).element(cx, cy, &mark_class(site, ty))
            );
        }
    }
}

/// A mark's hover text, which is also its name for screen readers (who cannot see its
/// shape): its type, its title and its date.
fn mark_title(site: &Site, ix: Ix, ty: Option<usize>) -> String {
    let e = &site.entities[ix];
    let date = site.mark_date(ix).map(|d| d.human());
    let title = with_span(e.title(), date.as_deref().unwrap_or(""));
    let label = ty.and_then(|t| Some(&site.schema.mark_types()?.values.get(t)?.1));
    match label {
        Some(label) => format!("{label}: {title}"),
        None => title,
    }
}

/// The shapes of the marks, by the index of their type among the type field's values
/// (the schema allows no more values than there are shapes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
}

const SHAPES: [Shape; MARK_TYPES_MAX] = [
    Shape::Circle,
    Shape::Square,
    Shape::Triangle,
    Shape::Diamond,
];

/// The shape of a type of mark; an untyped mark is a circle.
pub(crate) fn shape_of(ty: Option<usize>) -> Shape {
    ty.and_then(|t| SHAPES.get(t).copied())
        .unwrap_or(Shape::Circle)
}

impl Shape {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Square => "square",
            Shape::Triangle => "triangle",
            Shape::Diamond => "diamond",
        }
    }

    /// The shape about 10 px across, centred on (`cx`, `cy`), as one SVG element; all
    /// four cover about the same area, so that none looks more important.
    fn element(self, cx: f64, cy: f64, class: &str) -> String {
        match self {
            Shape::Circle => format!("<circle class=\"{class}\" cx=\"{cx}\" cy=\"{cy}\" r=\"5\"/>"),
            Shape::Square => format!(
                "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"9\" height=\"9\"/>",
                cx - 4.5,
                cy - 4.5
            ),
            Shape::Triangle => format!(
                "<path class=\"{class}\" d=\"M{cx} {}L{} {}H{}Z\"/>",
                cy - 6.0,
                cx + 6.0,
                cy + 4.5,
                cx - 6.0
            ),
            Shape::Diamond => format!(
                "<path class=\"{class}\" d=\"M{cx} {}L{} {cy}L{cx} {}L{} {cy}Z\"/>",
                cy - 6.0,
                cx + 6.0,
                cy + 6.0,
                cx - 6.0
            ),
        }
    }
}

/// The classes of a mark: `mark`, its shape (`shape-square`, which the theme colours) and
/// its type's value (`type-report`), so that a theme can style either.
pub(crate) fn mark_class(site: &Site, ty: Option<usize>) -> String {
    let shape = shape_of(ty).name();
    let value = ty.and_then(|t| Some(&site.schema.mark_types()?.values.get(t)?.0));
    match value {
        Some(value) => format!("mark shape-{shape} type-{value}"),
        None => format!("mark shape-{shape}"),
    }
}

/// A mark of one type alone, for the key beside the chart: hidden from screen readers,
/// since the key's text names the type.
pub(crate) fn icon(site: &Site, ty: usize) -> String {
    format!(
        "<svg class=\"mark-icon\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\" focusable=\"false\">{}</svg>",
        shape_of(Some(ty)).element(7.0, 7.5, &mark_class(site, Some(ty)))
    )
}

/// "GGE 2004–2005" → "GGE 2004–05": the years of a label, shortened.
fn shorten_years(label: &str) -> String {
    match label.rsplit_once('–') {
        Some((head, tail))
            if tail.len() == 4
                && tail.chars().all(|c| c.is_ascii_digit())
                && head.len() >= 4
                && head.get(head.len() - 4..head.len() - 2) == tail.get(..2) =>
        {
            format!("{head}–{}", &tail[2..])
        }
        _ => label.to_string(),
    }
}

/// Puts each page drawn as a bar on the first lane where it overlaps nothing.
fn lay_out_lanes(site: &Site, processes: &[usize]) -> Vec<(usize, usize)> {
    let end_year = site.config.timeline.end;
    let mut lane_ends: Vec<i32> = Vec::new();
    let mut out = Vec::new();
    for &ix in processes {
        let Some((start, end)) = years_of(site, ix) else {
            continue;
        };
        let end = end.unwrap_or(end_year);
        let lane = match lane_ends.iter().position(|&e| e < start) {
            Some(l) => {
                lane_ends[l] = end;
                l
            }
            None => {
                lane_ends.push(end);
                lane_ends.len() - 1
            }
        };
        out.push((ix, lane));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{bar_title, shorten_years, with_span, Shape};

    #[test]
    fn a_bar_title_gives_its_years_once() {
        assert_eq!(
            bar_title("GGE (2004–2005)", 2004, Some(2005)),
            "GGE (2004–2005)"
        );
        assert_eq!(
            bar_title("Programme of Action", 2020, None),
            "Programme of Action (2020–)"
        );
    }

    #[test]
    fn hover_text_gives_a_span_the_title_lacks() {
        assert_eq!(
            with_span("Report", "4 December 1998"),
            "Report (4 December 1998)"
        );
        assert_eq!(with_span("Conference 2019", "2019"), "Conference 2019");
        assert_eq!(with_span("Report", ""), "Report");
    }

    #[test]
    fn each_shape_is_one_element_centred_where_asked() {
        assert_eq!(
            Shape::Circle.element(20.0, 30.0, "mark"),
            "<circle class=\"mark\" cx=\"20\" cy=\"30\" r=\"5\"/>"
        );
        assert_eq!(
            Shape::Square.element(20.0, 30.0, "mark"),
            "<rect class=\"mark\" x=\"15.5\" y=\"25.5\" width=\"9\" height=\"9\"/>"
        );
        assert_eq!(
            Shape::Diamond.element(20.0, 30.0, "mark"),
            "<path class=\"mark\" d=\"M20 24L26 30L20 36L14 30Z\"/>"
        );
    }

    #[test]
    fn years_of_a_label_are_shortened() {
        assert_eq!(shorten_years("GGE 2004–2005"), "GGE 2004–05");
        assert_eq!(shorten_years("OEWG 1999–2021"), "OEWG 1999–2021");
        assert_eq!(shorten_years("Global Mechanism"), "Global Mechanism");
    }
}
