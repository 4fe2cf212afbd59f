//! The files beside the HTML pages: the search index (a script, so search works from a
//! file opened on disk), the Atom feed, the sitemap, robots.txt and the open data.

use crate::content::kinds::NormSet;
use crate::content::{Data, Entity, Kind};
use crate::documents::{normalise_symbol, official_url, Documents};
use crate::markdown::Rendered;
use crate::output::Sink;
use crate::site::{Ix, Site};
use crate::text::{escape, plain_text};
use serde_json::json;

/// Which files [`write_extra_files`] writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extras {
    All,
    BodyDependent,
}

/// Files that are not rendered through templates, into `sink`, each as it is made: all
/// of them, or only those an edit of page bodies changes (the search index and the open
/// data). The sitemap, which needs the list of every page, is written apart ([`sitemap`]).
pub(crate) fn write_extra_files(
    site: &Site,
    documents: &Documents,
    search_entries: &[String],
    sink: &dyn Sink,
    which: Extras,
) {
    if which == Extras::All {
        sink.put_owned("robots.txt".into(), robots(site).into_bytes());
        sink.put("_headers", HEADERS.as_bytes());
        sink.put_owned("atom.xml".into(), atom(site).into_bytes());
    }
    sink.put_owned(
        "search-index.js".into(),
        search_script(search_entries).into_bytes(),
    );
    open_data(site, documents, sink);
}

/// How much of a page's text the search index keeps: enough to find a report by a phrase
/// of its body, within a budget for the whole index so that it stays small enough for a
/// phone however large the site grows (the repository's site keeps 12,000 characters a
/// page, about 75 KB gzipped in all; a 10,000-page site keeps each page's first 200).
const SEARCH_TEXT_CHARS: usize = 12_000;
const SEARCH_BUDGET_CHARS: usize = 2_000_000;

/// The search entry of an entity, as JSON text (empty for the home page, which is not a
/// search result). Kept apart for each entity so that an edit recomputes only its own.
pub(crate) fn search_entry(site: &Site, ix: Ix, rendered: &Rendered) -> String {
    let e = &site.entities[ix];
    if e.kind == Kind::Page && e.id == "index" {
        return String::new();
    }
    let per_page = SEARCH_TEXT_CHARS.min(SEARCH_BUDGET_CHARS / site.entities.len().max(1));
    let text = plain_text(&rendered.html, per_page);
    let mut entry = json!({"t": e.title(), "u": site.url(ix), "k": site.schema.singular(e.kind), "s": e.summary(), "x": text});
    if let Some(label) = search_label(e) {
        entry["l"] = json!(label);
    }
    serde_json::to_string(&entry).unwrap_or_default()
}

/// What readers call a page beside its title, matched as a title: "norm (e)" for the norm
/// whose title is "Respect human rights and privacy", "GCSC norm 3", "PoA" for the
/// Programme of Action, "OSCE" for its consultation.
fn search_label(e: &Entity) -> Option<String> {
    match &e.data {
        Data::Norm(norm) => {
            let letter = norm.letter.as_deref()?;
            Some(match norm.set {
                NormSet::Gge2015 => format!("norm ({letter})"),
                NormSet::Gcsc => format!("GCSC norm {letter}"),
                NormSet::Proposed => format!("norm {letter}"),
            })
        }
        Data::Process(process) => Some(process.short_name.clone()),
        Data::Region(region) => Some(region.short_name.clone()),
        _ => None,
    }
}

/// `search-index.js`: the entries as one array assigned to `window.SEARCH_INDEX`.
fn search_script(entries: &[String]) -> String {
    let mut out = String::from("// Generated: the site's search index, loaded as a script so that search works offline.\nwindow.SEARCH_INDEX = [");
    let mut first = true;
    for entry in entries.iter().filter(|e| !e.is_empty()) {
        if !first {
            out.push(',');
        }
        out.push_str(entry);
        first = false;
    }
    out.push_str("];\n");
    out
}

/// Atom feed of events and reports, newest first. Without a base URL the links are
/// relative to the feed, which sits at the root.
pub(crate) fn atom(site: &Site) -> String {
    // Checked as a URL when loaded, and escaped here all the same: it is written into
    // attributes and text of XML.
    let base = escape(site.config.base_url.as_deref().unwrap_or_default());
    let mut items: Vec<(String, Ix)> = site
        .entities
        .iter()
        .enumerate()
        .filter_map(|(ix, e)| match &e.data {
            Data::Event(ev) => Some((full_date(&ev.date.to_string()), ix)),
            Data::Report(r) => Some((full_date(&r.date.to_string()), ix)),
            _ => None,
        })
        .collect();
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let updated = items
        .first()
        .map(|i| i.0.clone())
        .unwrap_or_else(|| "1998-01-01".into());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!("<title>{}</title>\n", escape(&site.config.title)));
    xml.push_str(&format!(
        "<subtitle>{}</subtitle>\n",
        escape(&site.config.description)
    ));
    xml.push_str(&format!("<id>{}</id>\n", feed_id(&base, "")));
    xml.push_str(&format!(
        "<link rel=\"self\" href=\"{base}atom.xml\"/>\n<link href=\"{base}index.html\"/>\n"
    ));
    xml.push_str(&format!("<updated>{updated}T00:00:00Z</updated>\n"));
    for (date, ix) in items {
        let e = &site.entities[ix];
        let url = site.url(ix);
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{base}{}\"/>\n<updated>{date}T00:00:00Z</updated>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
            escape(e.title()),
            feed_id(&base, &format!("{}/{}", site.schema.folder(e.kind), e.id)),
            escape(&url),
            escape(&site.config.title),
            escape(e.summary()),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

fn feed_id(base: &str, path: &str) -> String {
    if base.is_empty() {
        format!(
            "urn:cyberrecord:{}",
            if path.is_empty() { "site" } else { path }
        )
    } else {
        format!("{base}{path}")
    }
}

/// A date of any precision as a full day, for feeds: "2015-07" → "2015-07-01".
fn full_date(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    }
}

/// sitemap.xml, only when a base URL is set (a sitemap needs absolute URLs).
pub(crate) fn sitemap(site: &Site, html_paths: &[String]) -> Option<String> {
    let base = site.config.base_url.as_ref()?;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in html_paths.iter().filter(|p| *p != "404.html") {
        let pretty = path.trim_end_matches("index.html");
        xml.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            escape(&format!("{base}{pretty}"))
        ));
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// The security headers, for Netlify and the other hosts that read a `_headers` file (the
/// same as `netlify.toml`). The output has no inline script or style, so the policy needs
/// no `unsafe-inline`; only content-hashed assets are cached for long.
const HEADERS: &str = "/*
  Content-Security-Policy: default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()
/static/*
  Cache-Control: public, max-age=31536000, immutable
";

pub(crate) fn robots(site: &Site) -> String {
    match &site.config.base_url {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".into(),
    }
}

/// The columns of each table of the open data.
const TIMELINE_COLUMNS: [&str; 9] = [
    "id",
    "date",
    "end",
    "title",
    "summary",
    "process",
    "documents",
    "sources",
    "url",
];
const NORM_COLUMNS: [&str; 8] = [
    "id",
    "set",
    "letter",
    "title",
    "summary",
    "source_document",
    "source_paragraph",
    "url",
];
const REGION_COLUMNS: [&str; 9] = [
    "id",
    "organisation",
    "short_name",
    "status",
    "start",
    "end",
    "city",
    "host_event",
    "url",
];
const PERSON_COLUMNS: [&str; 4] = ["id", "name", "roles", "url"];
const DOCUMENT_COLUMNS: [&str; 3] = ["symbol", "official_record", "cited_by"];

/// The open data: JSON and CSV of the timeline, norms, regions, documents and people, each
/// table made and written in turn (on a large site, the timeline's are tens of MB).
fn open_data(site: &Site, documents: &Documents, sink: &dyn Sink) {
    let timeline = rows(site, Kind::Event, event_row);
    write_table(sink, "timeline", &TIMELINE_COLUMNS, timeline);
    let norms = rows(site, Kind::Norm, norm_row);
    write_table(sink, "norms", &NORM_COLUMNS, norms);
    let regions = rows(site, Kind::Region, region_row);
    write_table(sink, "regions", &REGION_COLUMNS, regions);
    let people = rows(site, Kind::Person, person_row);
    write_table(sink, "people", &PERSON_COLUMNS, people);
    let documents = document_rows(site, documents);
    write_table(sink, "documents", &DOCUMENT_COLUMNS, documents);
}

/// One table of the open data, as `data/<name>.csv` and `data/<name>.json`.
fn write_table(sink: &dyn Sink, name: &str, header: &[&str], table: Vec<Vec<String>>) {
    sink.put_owned(format!("data/{name}.csv"), csv(header, &table).into_bytes());
    let records: Vec<Record> = table.iter().map(|row| Record::new(header, row)).collect();
    let json = serde_json::to_string_pretty(&records).unwrap_or_else(|_| "[]".into());
    sink.put_owned(format!("data/{name}.json"), (json + "\n").into_bytes());
}

/// A row of a table as a JSON object, serialized without building one: the keys in the
/// order of `serde_json::Map` (sorted), which the published files have always had.
struct Record<'a>(Vec<(&'a str, &'a str)>);

impl<'a> Record<'a> {
    fn new(header: &[&'a str], row: &'a [String]) -> Self {
        let mut fields: Vec<(&str, &str)> = header
            .iter()
            .copied()
            .zip(row.iter().map(String::as_str))
            .collect();
        fields.sort_by_key(|&(key, _)| key);
        Record(fields)
    }
}

impl serde::Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

fn rows(site: &Site, kind: Kind, row: fn(&Site, Ix, &Entity) -> Vec<String>) -> Vec<Vec<String>> {
    site.collection(kind)
        .iter()
        .map(|&ix| row(site, ix, &site.entities[ix]))
        .collect()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

fn event_row(site: &Site, ix: Ix, e: &Entity) -> Vec<String> {
    let Data::Event(ev) = &e.data else {
        return vec![];
    };
    let sources: Vec<String> = e
        .sources
        .iter()
        .map(|s| s.url.clone().unwrap_or_else(|| s.title.clone()))
        .collect();
    vec![
        e.id.clone(),
        ev.date.to_string(),
        opt(&ev.end),
        ev.title.clone(),
        ev.summary.clone(),
        opt(&ev.process),
        ev.documents
            .iter()
            .map(|d| normalise_symbol(d))
            .collect::<Vec<_>>()
            .join(" "),
        sources.join(" "),
        site.url(ix),
    ]
}

fn norm_row(site: &Site, ix: Ix, e: &Entity) -> Vec<String> {
    let Data::Norm(n) = &e.data else {
        return vec![];
    };
    let set = serde_json::to_value(n.set)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let source = n.source.clone().unwrap_or_default();
    vec![
        e.id.clone(),
        set,
        opt(&n.letter),
        n.title.clone(),
        n.summary.clone(),
        opt(&source.document.as_deref().map(normalise_symbol)),
        opt(&source.paragraph),
        site.url(ix),
    ]
}

fn region_row(site: &Site, ix: Ix, e: &Entity) -> Vec<String> {
    let Data::Region(r) = &e.data else {
        return vec![];
    };
    let status = serde_json::to_value(r.status)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    vec![
        e.id.clone(),
        r.organisation.clone(),
        r.short_name.clone(),
        status,
        opt(&r.start),
        opt(&r.end),
        opt(&r.city),
        opt(&r.host_event),
        site.url(ix),
    ]
}

fn person_row(site: &Site, ix: Ix, e: &Entity) -> Vec<String> {
    let Data::Person(p) = &e.data else {
        return vec![];
    };
    let roles: Vec<String> = p
        .roles
        .iter()
        .map(|r| format!("{} ({})", r.role, r.report))
        .collect();
    vec![e.id.clone(), p.name.clone(), roles.join("; "), site.url(ix)]
}

fn document_rows(site: &Site, documents: &Documents) -> Vec<Vec<String>> {
    documents
        .iter()
        .map(|(symbol, cited)| {
            let urls: Vec<String> = cited.iter().map(|&ix| site.url(ix)).collect();
            vec![symbol.clone(), official_url(symbol), urls.join(" ")]
        })
        .collect()
}

/// RFC 4180 CSV: every field quoted, quotes doubled, CRLF line ends.
fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let line = |fields: Vec<String>| {
        fields
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    let mut out = line(header.iter().map(|h| h.to_string()).collect());
    for row in rows {
        out.push_str(&line(row.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_everything() {
        assert_eq!(
            csv(&["a", "b"], &[vec!["x,\"y\"".into(), "z".into()]]),
            "\"a\",\"b\"\r\n\"x,\"\"y\"\"\",\"z\"\r\n"
        );
    }

    #[test]
    fn dates_are_completed_for_feeds() {
        assert_eq!(full_date("2015"), "2015-01-01");
        assert_eq!(full_date("2015-07"), "2015-07-01");
    }
}
