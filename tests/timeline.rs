//! The timeline's chart and its views: marks shaped and classed by their type (the
//! schema's `timeline: {type}` role), the key to them, a page per type and per page drawn
//! as a bar that lists and charts only its events, and the way past the chart.

mod common;
use common::*;

/// The minimal site (one event a year, each of the default type) with a process drawn as
/// a bar and two events of it, a resolution and a report.
fn typed_site() -> Site {
    let site = Site::minimal();
    site.write(
        "content/processes/gge-2014.md",
        "---\ntitle: \"Group of Governmental Experts (2014–2015)\"\nshort_name: \"GGE 2014–2015\"\nkind: gge\nstart: 2014\nend: 2015\nsummary: A group.\nsources: [{title: A source}]\n---\n",
    );
    site.write(
        "content/timeline/2014-12-02-resolution.md",
        "---\ntitle: The Assembly adopts a resolution\ndate: \"2014-12-02\"\nsummary: S.\ntype: resolution\nprocess: gge-2014\nsources: [{title: A source}]\n---\n",
    );
    site.write(
        "content/timeline/2015-07-22-report.md",
        "---\ntitle: The group issues its report\ndate: \"2015-07-22\"\nsummary: S.\ntype: report\nprocesses: [gge-2014]\nsources: [{title: A source}]\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// Each mark of a page's chart: its hover text, its element and its classes.
fn marks(html: &str) -> Vec<(String, String, String)> {
    let chart = between(html, "<svg class=\"timeline-svg\"", "</svg>");
    chart
        .lines()
        .filter(|l| l.contains(" class=\"mark "))
        .map(|l| {
            let title = between(l, "<title>", "</title>");
            let after = &l[l.find("</title><").unwrap() + 9..];
            let element = after[..after.find(' ').unwrap()].to_string();
            (title, element, between(after, "class=\"", "\""))
        })
        .collect()
}

/// The events a timeline page lists after its chart (links to event pages).
fn listed_events(html: &str) -> Vec<String> {
    let lists = &html[html.find("id=\"after-chart\"").unwrap()..];
    attribute_values(lists, "href")
        .into_iter()
        .filter_map(|h| {
            let rest = h.split_once("timeline/")?.1.to_string();
            match rest.split('/').collect::<Vec<_>>().as_slice() {
                [year, id, "index.html"] if year.parse::<i32>().is_ok() => Some(id.to_string()),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn every_mark_has_its_types_shape_and_classes_and_says_its_type() {
    let site = typed_site();
    let marks = marks(&site.read("timeline/index.html"));
    assert_eq!(marks.len(), 5, "{marks:#?}");
    let of = |title: &str| marks.iter().find(|m| m.0.contains(title)).unwrap().clone();
    assert_eq!(
        of("adopts a resolution"),
        (
            "Resolution or decision: The Assembly adopts a resolution (2 December 2014)".into(),
            "circle".into(),
            "mark shape-circle type-resolution".into()
        )
    );
    assert_eq!(
        of("issues its report"),
        (
            "Report: The group issues its report (22 July 2015)".into(),
            "rect".into(),
            "mark shape-square type-report".into()
        )
    );
    // An event that gives no type has the schema's default.
    let (title, element, class) = of("Event of 2016");
    assert_eq!(title, "Other event: Event of 2016 (March 2016)");
    assert_eq!(
        (element.as_str(), class.as_str()),
        ("path", "mark shape-diamond type-other")
    );
}

#[test]
fn the_key_names_each_type_beside_its_mark() {
    let site = typed_site();
    let html = site.read("timeline/index.html");
    let key = between(&html, "<ul class=\"legend mark-key\"", "</ul>");
    let items: Vec<&str> = key.split("<li>").skip(1).collect();
    let expected = [
        ("circle", "resolution", "Resolution or decision"),
        ("square", "report", "Report"),
        ("triangle", "meeting", "Meeting or consultation"),
        ("diamond", "other", "Other event"),
    ];
    assert_eq!(items.len(), expected.len(), "{key}");
    for (item, (shape, value, label)) in items.iter().zip(expected) {
        // The chart's own classes, so that the key's marks look like the chart's.
        assert!(
            item.contains(&format!("class=\"mark shape-{shape} type-{value}\"")),
            "{item}"
        );
        assert!(item.contains("aria-hidden=\"true\""), "{item}");
        assert!(item.contains(&format!("</svg> {label} ")), "{item}");
        assert!(item.contains(&format!("({shape})")), "{item}");
    }
    // The key comes before the chart it explains.
    assert!(html.find("mark-key").unwrap() < html.find("<svg class=\"timeline-svg\"").unwrap());
}

#[test]
fn each_view_lists_and_charts_only_its_events() {
    let site = typed_site();
    let report = site.read("timeline/type/report/index.html");
    assert_eq!(listed_events(&report), ["2015-07-22-report"]);
    let classes: Vec<String> = marks(&report).into_iter().map(|m| m.2).collect();
    assert_eq!(classes, ["mark shape-square type-report"]);
    let other = site.read("timeline/type/other/index.html");
    assert_eq!(
        listed_events(&other),
        ["2014-event", "2015-event", "2016-event"]
    );
    // A view with no event is a page that says so.
    let meeting = site.read("timeline/type/meeting/index.html");
    assert!(listed_events(&meeting).is_empty());
    assert!(meeting.contains("No event of the timeline is of this view."));
    // The view of a bar: the events that name it (by `process` or `processes`), and its
    // bar alone.
    let process = site.read("timeline/process/gge-2014/index.html");
    assert_eq!(
        listed_events(&process),
        ["2014-12-02-resolution", "2015-07-22-report"]
    );
    assert_eq!(process.matches("<rect class=\"bar ").count(), 1);
    assert!(process.contains("<h1>Timeline: Group of Governmental Experts (2014–2015)</h1>"));
    // The whole timeline lists every event.
    assert_eq!(listed_events(&site.read("timeline/index.html")).len(), 5);
}

#[test]
fn every_timeline_page_links_to_every_view_the_current_one_marked() {
    let site = typed_site();
    let views = [
        ("timeline/index.html", "All events", 5),
        (
            "timeline/type/resolution/index.html",
            "Resolution or decision",
            1,
        ),
        ("timeline/type/report/index.html", "Report", 1),
        (
            "timeline/type/meeting/index.html",
            "Meeting or consultation",
            0,
        ),
        ("timeline/type/other/index.html", "Other event", 3),
        ("timeline/process/gge-2014/index.html", "GGE 2014–2015", 2),
    ];
    for (page, _, _) in views {
        let html = site.read(page);
        let nav = between(&html, "<nav class=\"timeline-filters\"", "</nav>");
        assert_eq!(nav.matches("aria-current=\"page\"").count(), 1, "{page}");
        for (target, label, count) in views {
            let root = if page == "timeline/index.html" {
                "../"
            } else {
                "../../../"
            };
            let link = format!("<a href=\"{root}{target}\"");
            let at = nav
                .find(&link)
                .unwrap_or_else(|| panic!("{page}: no {link}"));
            let entry = &nav[at..at + nav[at..].find("</a>").unwrap()];
            assert!(
                entry.contains(&format!("{label} <span class=\"count\">{count}<span")),
                "{page}: {entry}"
            );
            assert_eq!(
                entry.contains("aria-current=\"page\""),
                target == page,
                "{page}: {entry}"
            );
        }
    }
    let problems = link_problems(&site.output_snapshot());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_views_are_in_the_sitemap() {
    let site = typed_site();
    let run = site.run(&["build", "--base-url", "https://example.org/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = site.read("sitemap.xml");
    for view in [
        "timeline/",
        "timeline/type/resolution/",
        "timeline/type/other/",
        "timeline/process/gge-2014/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{view}</loc>")),
            "{view} is not in the sitemap:\n{sitemap}"
        );
    }
}

#[test]
fn the_skip_link_leads_past_the_chart_to_an_id_of_the_page() {
    let site = typed_site();
    for page in [
        "timeline/index.html",
        "timeline/type/report/index.html",
        "timeline/process/gge-2014/index.html",
    ] {
        let html = site.read(page);
        let skip = html
            .find("<a class=\"skip-chart\" href=\"#after-chart\">Skip past the chart</a>")
            .unwrap_or_else(|| panic!("{page} has no skip link"));
        let (chart, chart_end) = (
            html.find("<svg class=\"timeline-svg\"").unwrap(),
            html.rfind("</svg>").unwrap(),
        );
        let target = html.find(" id=\"after-chart\"").expect("the target");
        assert!(skip < chart && chart_end < target, "{page}");
        // Nothing focusable between the chart and the target.
        assert!(!html[chart_end..target].contains("<a "), "{page}");
    }
}

#[test]
fn hover_text_and_lists_give_a_title_its_years_once() {
    let site = typed_site();
    let html = site.read("timeline/index.html");
    assert!(
        html.contains("<title>Group of Governmental Experts (2014–2015)</title><rect class=\"bar")
    );
    assert!(!html.contains("(2014–2015) (2014–2015)"));
    assert!(
        html.contains(">Group of Governmental Experts (2014–2015)</a></li>"),
        "the list gives the years twice"
    );
}

/// Without a `type` in the timeline role, every mark is a circle, and there is no key
/// and no view by type.
#[test]
fn a_timeline_without_types_draws_circles_and_has_no_key() {
    let site = Site::minimal();
    site.write(
        "content/schema.yaml",
        &SCHEMA_YAML.replace(
            "timeline: {marks: date, type: type, label: key}",
            "timeline: {marks: date}",
        ),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("timeline/index.html");
    let classes: Vec<String> = marks(&html).into_iter().map(|m| m.2).collect();
    assert_eq!(classes, ["mark shape-circle"; 3]);
    assert!(!html.contains("mark-key"));
    assert!(!site.path().join("output/timeline/type").exists());
}

#[test]
fn key_events_are_numbered_on_the_chart_and_listed_under_it() {
    let site = typed_site();
    let add_key = |path: &str, key: &str| {
        let text = std::fs::read_to_string(site.path().join(path)).unwrap();
        site.write(
            path,
            &text.replacen("\nsummary:", &format!("\nkey: {key}\nsummary:"), 1),
        );
    };
    add_key(
        "content/timeline/2015-07-22-report.md",
        "The report of 2015",
    );
    add_key(
        "content/timeline/2014-12-02-resolution.md",
        "The resolution of 2014",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["timeline/index.html", "timeline/type/report/index.html"] {
        let html = site.read(page);
        let chart = between(&html, "<svg class=\"timeline-svg\"", "</svg>");
        let line = |title: &str| {
            chart
                .lines()
                .find(|l| l.contains(title))
                .unwrap_or_else(|| panic!("{title} on {page}"))
                .to_string()
        };
        // Numbered in the timeline's order, the same on every view.
        assert!(
            line("The group issues its report").contains(">2</text></a>"),
            "{page}"
        );
        let list = between(&html, "<ol class=\"key-events\"", "</ol>");
        assert!(list.contains("<li value=\"1\"><a href=\"../"), "{list}");
        let first = list.find("The resolution of 2014").unwrap();
        assert!(first < list.find("The report of 2015").unwrap(), "{list}");
    }
    let all = site.read("timeline/index.html");
    assert!(between(&all, "<svg class=\"timeline-svg\"", "</svg>").contains(">1</text></a>"));
}
