//! The overview of the whole period as an SVG drawn at build time: one column per year,
//! processes as bars, events as marks. Every mark and bar is a link, with a title for
//! screen readers and keyboard focus like any link. URLs are relative to
//! `timeline/index.html`, the only page that shows it.

use crate::content::{Data, Kind};
use crate::markdown::escape_attr;
use crate::site::Site;
use std::fmt::Write;

const YEAR_WIDTH: usize = 36;
const LEFT: usize = 8;
const BAR_HEIGHT: usize = 22;
const MARK_ROW: usize = 14;

pub fn draw(site: &Site) -> String {
    let range = site.config.timeline;
    let years = (range.end - range.start + 1) as usize;
    let width = LEFT * 2 + years * YEAR_WIDTH;
    let processes = site.collection(Kind::Process);
    let lanes = lay_out_lanes(site, processes);
    let lane_count = lanes.iter().map(|(_, lane)| lane + 1).max().unwrap_or(0);
    let bars_top = 30;
    let marks_top = bars_top + lane_count * (BAR_HEIGHT + 6) + 10;
    let max_marks = site.years.values().map(Vec::len).max().unwrap_or(0).min(12);
    let height = marks_top + max_marks * MARK_ROW + 10;
    let x_of = |year: i32| LEFT + (year - range.start) as usize * YEAR_WIDTH;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg class=\"timeline-svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"timeline-svg-title\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"timeline-svg-title\">The UN processes and events from {} to {}: each bar is a process, each mark an event; all are links.</title>\n",
        range.start, range.end
    );
    for (i, year) in (range.start..=range.end).enumerate() {
        let x = x_of(year);
        let _ = writeln!(
            svg,
            "<a href=\"{year}/index.html\"><title>{year}</title><rect class=\"year-band{}\" x=\"{x}\" y=\"0\" width=\"{YEAR_WIDTH}\" height=\"{height}\"/><text class=\"year-label\" x=\"{}\" y=\"18\" text-anchor=\"middle\">{}</text></a>",
            if i % 2 == 0 { "" } else { " odd" },
            x + YEAR_WIDTH / 2,
            if year % 5 == 0 || year == range.start || year == range.end { year.to_string() } else { format!("’{:02}", year % 100) }
        );
    }
    for (ix, lane) in &lanes {
        let Data::Process(p) = &site.entities[*ix].data else {
            continue;
        };
        let start = p.start.max(range.start);
        let end = p.end.unwrap_or(range.end).min(range.end);
        let x = x_of(start) + 2;
        let w = (end - start + 1) as usize * YEAR_WIDTH - 4;
        let y = bars_top + lane * (BAR_HEIGHT + 6);
        let _ = writeln!(
            svg,
            "<a href=\"../processes/{}/index.html\"><title>{} ({}–{})</title><rect class=\"bar bar-{}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{BAR_HEIGHT}\" rx=\"3\"/><text class=\"bar-label\" x=\"{}\" y=\"{}\">{}</text></a>",
            site.entities[*ix].id,
            escape_attr(&p.title),
            p.start,
            p.end.map(|e| e.to_string()).unwrap_or_default(),
            site.entities[*ix].id.split('-').next().unwrap_or(""),
            x + 4,
            y + 15,
            escape_attr(&p.short_name)
        );
    }
    for (&year, events) in &site.years {
        for (row, &ix) in events.iter().take(max_marks).enumerate() {
            let e = &site.entities[ix];
            let cx = x_of(year) + YEAR_WIDTH / 2;
            let cy = marks_top + row * MARK_ROW + 5;
            let _ = writeln!(
                svg,
                "<a href=\"{year}/index.html#{}\"><title>{}</title><circle class=\"mark\" cx=\"{cx}\" cy=\"{cy}\" r=\"5\"/></a>",
                e.id,
                escape_attr(e.title())
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Puts each process on the first lane where it overlaps nothing.
fn lay_out_lanes(site: &Site, processes: &[usize]) -> Vec<(usize, usize)> {
    let end_year = site.config.timeline.end;
    let mut lane_ends: Vec<i32> = Vec::new();
    let mut out = Vec::new();
    for &ix in processes {
        let Data::Process(p) = &site.entities[ix].data else {
            continue;
        };
        let end = p.end.unwrap_or(end_year);
        let lane = match lane_ends.iter().position(|&e| e < p.start) {
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
