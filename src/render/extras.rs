//! The files beside the HTML pages: the search index (a script, so search works from a
//! file opened on disk), the Atom feed, the sitemap, robots.txt and the open data.

use crate::content::record::Value;
use crate::content::{Entity, Kind};
use crate::documents::{description, document_url, normalise_symbol, official_url, Documents};
use crate::markdown::Rendered;
use crate::output::Sink;
use crate::schema::{Column, ColumnSource, DataTable, Field, FieldType, SearchRank, Text};
use crate::site::{Ix, Site};
use crate::text::{escape, plain_text};
use serde_json::json;

/// Which files [`write_extra_files`] writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extras<'k> {
    All,
    /// What an edit of page bodies changes: the search index and the open data.
    BodyDependent,
    /// What an edit of the front matter of pages of these `kinds` changes: the search
    /// index, the feed if it lists such pages, their kinds' tables of the open data (a
    /// row shows its own page's front matter alone, and a table is in the order of its
    /// kind's collection), and the documents' table if the `documents` changed.
    FrontMatter {
        kinds: &'k [Kind],
        documents: bool,
    },
}

impl Extras<'_> {
    fn writes_feed(self, site: &Site) -> bool {
        match self {
            Extras::All => true,
            Extras::BodyDependent => false,
            Extras::FrontMatter { kinds, .. } => {
                kinds.iter().any(|&k| site.schema.roles(k).feed.is_some())
            }
        }
    }

    fn writes_table_of(self, kind: Kind) -> bool {
        match self {
            Extras::All | Extras::BodyDependent => true,
            Extras::FrontMatter { kinds, .. } => kinds.contains(&kind),
        }
    }

    fn writes_documents_table(self) -> bool {
        match self {
            Extras::All | Extras::BodyDependent => true,
            Extras::FrontMatter { documents, .. } => documents,
        }
    }
}

/// Files that are not rendered through templates, into `sink`, each as it is made: all
/// of them, or only those an edit changes ([`Extras`]). The sitemap, which needs the list
/// of every page, is written apart ([`sitemap`]).
pub(crate) fn write_extra_files(
    site: &Site,
    documents: &Documents,
    search_entries: &[String],
    rows: Option<&FrontMatterRows>,
    sink: &dyn Sink,
    which: Extras,
) {
    if which == Extras::All {
        sink.put_owned("robots.txt".into(), robots(site).into_bytes());
        sink.put("_headers", HEADERS.as_bytes());
    }
    // The feed and the search index beside the open data: on a large site each is a few
    // MB of text made on one core, and the dev server waits for them after an edit.
    let feed_and_search = || {
        if which.writes_feed(site) {
            sink.put_owned("atom.xml".into(), atom(site, rows).into_bytes());
        }
        let unrecorded = unrecorded_documents(site, documents);
        let entries = search_entries.iter().chain(&unrecorded);
        sink.put_owned(
            "search-index.js".into(),
            search_script(entries).into_bytes(),
        );
    };
    rayon::join(feed_and_search, || {
        open_data(site, documents, rows, sink, which)
    });
}

/// What each entity's front matter alone makes of the files beside the pages, as it is
/// written there: its entry in the feed and its row of its kind's open-data table. The dev
/// server keeps them for each entity, as its search entry is kept, so that an edit makes
/// only its own again: on a site of 10,000 events the feed and the timeline's table are
/// megabytes of rows. A build makes each as it writes it and keeps none (`None` where a
/// function takes `Option<&FrontMatterRows>`): kept, they raised its peak memory at
/// 10,000 one-sentence events from a median of 140 MB to 156 MB.
pub(crate) struct FrontMatterRows {
    rows: Vec<EntityRows>,
}

struct EntityRows {
    /// Its entry in the feed, if its kind is in the feed.
    feed: Option<String>,
    /// Its row of its kind's table, if its kind has one.
    table: Option<TableRow>,
}

/// A row of a table: a CSV line, and a JSON object as it is indented in the table's array.
struct TableRow {
    csv: String,
    json: String,
}

impl FrontMatterRows {
    pub(crate) fn of(site: &Site) -> FrontMatterRows {
        use rayon::prelude::*;
        let rows = (0..site.entities.len())
            .into_par_iter()
            .map(|ix| EntityRows::of(site, ix))
            .collect();
        FrontMatterRows { rows }
    }

    /// Makes the rows of the `edited` entities again, from the site as it is now.
    pub(crate) fn remake(&mut self, site: &Site, edited: &[Ix]) {
        for &ix in edited {
            self.rows[ix] = EntityRows::of(site, ix);
        }
    }
}

impl EntityRows {
    fn of(site: &Site, ix: Ix) -> EntityRows {
        let table = site.schema.of(site.entities[ix].kind).data.as_ref();
        EntityRows {
            feed: feed_day(site, ix).map(|day| feed_entry(site, ix, &day)),
            table: table.map(|table| table_row(site, ix, table)),
        }
    }
}

/// How much of a page's text the search index keeps: enough to find a report by a phrase
/// of its body, within a budget for the whole index so that it stays small enough for a
/// phone however large the site grows (the repository's site keeps 12,000 characters a
/// page, about 75 KB gzipped in all; a 10,000-page site keeps each page's first 200).
const SEARCH_TEXT_CHARS: usize = 12_000;
const SEARCH_BUDGET_CHARS: usize = 2_000_000;

/// The search entry of an entity, as JSON text (empty for the home page, which is not a
/// search result, and for a page its `search` role hides). Kept apart for each entity so
/// that an edit recomputes only its own.
pub(crate) fn search_entry(site: &Site, ix: Ix, rendered: &Rendered) -> String {
    let e = &site.entities[ix];
    let rank = search_rank(site, e);
    if (e.kind == site.schema.pages() && e.id == "index") || rank == SearchRank::Hidden {
        return String::new();
    }
    let per_page = SEARCH_TEXT_CHARS.min(SEARCH_BUDGET_CHARS / site.entities.len().max(1));
    let text = plain_text(&rendered.html, per_page);
    let mut entry = json!({"t": e.title(), "u": site.url(ix), "k": site.schema.singular(e.kind), "s": e.summary(), "x": text});
    if let Some(label) = search_label(site, e) {
        entry["l"] = json!(label);
    }
    // Listed after every result without it, however well it matches.
    if rank == SearchRank::Last {
        entry["r"] = json!(1);
    }
    serde_json::to_string(&entry).unwrap_or_default()
}

/// Where the search lists the page: its value of its kind's `search` role, else by
/// relevance.
fn search_rank(site: &Site, e: &Entity) -> SearchRank {
    site.schema
        .roles(e.kind)
        .search
        .and_then(|f| e.fields.text(f))
        .and_then(SearchRank::named)
        .unwrap_or(SearchRank::Listed)
}

/// What readers call a page beside its title, matched above it: its short name (its
/// kind's `short` role: "PoA", "OSCE"), its aliases ("PoC directory") and the names it
/// is mentioned by ("norm (e)", "resolution 70/237"), each once, joined by "; ".
fn search_label(site: &Site, e: &Entity) -> Option<String> {
    let roles = site.schema.roles(e.kind);
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !name.is_empty() && name != e.title() && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    };
    if let Some(short) = roles.short.and_then(|f| e.fields.text(f)) {
        add(short);
    }
    for alias in roles.aliases.map_or(&[][..], |f| e.fields.list(f)) {
        add(alias.as_text().unwrap_or_default());
    }
    for pattern in &roles.names {
        for name in pattern.expand(&e.fields) {
            add(&name);
        }
    }
    (!names.is_empty()).then(|| names.join("; "))
}

/// The search entries of the cited UN documents the site has no record of: their pages
/// stand for no entity, and a reader looks them up by their symbols all the same.
fn unrecorded_documents(site: &Site, documents: &Documents) -> Vec<String> {
    let kind = site
        .schema
        .documents()
        .map_or("UN document", |(k, _)| site.schema.singular(k));
    documents
        .iter()
        .filter(|(symbol, _)| site.record_of(symbol).is_none())
        .map(|(symbol, cited)| {
            let summary = description(symbol, cited.len());
            let entry =
                json!({"t": symbol, "u": document_url(symbol), "k": kind, "s": summary, "x": ""});
            serde_json::to_string(&entry).unwrap_or_default()
        })
        .collect()
}

/// `search-index.js`: the entries as one array assigned to `window.SEARCH_INDEX`.
fn search_script<'e>(entries: impl Iterator<Item = &'e String>) -> String {
    let mut out = String::from("// Generated: the site's search index, loaded as a script so that search works offline.\nwindow.SEARCH_INDEX = [");
    let mut first = true;
    for entry in entries.filter(|e| !e.is_empty()) {
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
fn atom(site: &Site, rows: Option<&FrontMatterRows>) -> String {
    let mut items: Vec<(String, Ix)> = (0..site.entities.len())
        .filter_map(|ix| Some((feed_day(site, ix)?, ix)))
        .collect();
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let updated = items.first().map_or("1998-01-01", |i| i.0.as_str());
    // Checked as a URL when loaded, and escaped here all the same: it is written into
    // attributes and text of XML.
    let base = escape(site.config.base_url.as_deref().unwrap_or_default());
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
    for (day, ix) in &items {
        match rows.and_then(|kept| kept.rows[*ix].feed.as_deref()) {
            Some(entry) => xml.push_str(entry),
            None => xml.push_str(&feed_entry(site, *ix, day)),
        }
    }
    xml.push_str("</feed>\n");
    xml
}

/// The day under which the page `ix` is in the feed (a full day), if its kind is.
fn feed_day(site: &Site, ix: Ix) -> Option<String> {
    let e = &site.entities[ix];
    let date = e.fields.date(site.schema.roles(e.kind).feed?)?;
    Some(full_date(&date.to_string()))
}

/// The feed's entry of the page `ix`, dated `day`.
fn feed_entry(site: &Site, ix: Ix, day: &str) -> String {
    let base = escape(site.config.base_url.as_deref().unwrap_or_default());
    let e = &site.entities[ix];
    format!(
        "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{base}{}\"/>\n<updated>{day}T00:00:00Z</updated>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
        escape(e.title()),
        feed_id(&base, &format!("{}/{}", site.schema.folder(e.kind), e.id)),
        escape(site.url(ix)),
        escape(&site.config.title),
        escape(e.summary()),
    )
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
/// no `unsafe-inline`; only content-hashed assets are cached for long. The citation files
/// get their types (the dev server's too): a host that guesses by extension knows neither
/// `.bib` nor `.ris`, and with `nosniff` a browser would then refuse or mangle them. A
/// `*` inside a path matches any characters, `/` included, on Netlify.
const HEADERS: &str = "/*
  Content-Security-Policy: default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()
/static/*
  Cache-Control: public, max-age=31536000, immutable
/*/cite.bib
  Content-Type: application/x-bibtex; charset=utf-8
/*/cite.ris
  Content-Type: application/x-research-info-systems; charset=utf-8
";

pub(crate) fn robots(site: &Site) -> String {
    match &site.config.base_url {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".into(),
    }
}

/// The open data: JSON and CSV of each kind that declares a table (`data` in the schema),
/// from the kept rows or made as they are written, and of the documents, each table made
/// and written in turn (on a large site, the timeline's are tens of MB).
fn open_data(
    site: &Site,
    documents: &Documents,
    rows: Option<&FrontMatterRows>,
    sink: &dyn Sink,
    which: Extras,
) {
    for k in site
        .schema
        .kinds()
        .filter(|k| which.writes_table_of(k.kind))
    {
        let Some(table) = &k.data else { continue };
        let columns = Columns::of(table);
        let mut csv = String::new();
        push_csv_line(&mut csv, &mut columns.names.iter().copied());
        let mut json = String::from("[");
        for &ix in site.collection(k.kind) {
            start_json_item(&mut json);
            match rows.and_then(|kept| kept.rows[ix].table.as_ref()) {
                Some(row) => {
                    csv.push_str(&row.csv);
                    json.push_str(&row.json);
                }
                None => push_table_row((&mut csv, &mut json), site, ix, table, &columns),
            }
        }
        write_table(sink, &table.table, csv, end_json_array(json));
    }
    if which.writes_documents_table() {
        let columns = Columns::named(DOCUMENT_COLUMNS.to_vec());
        let rows = document_rows(site, documents);
        let mut csv = String::new();
        push_csv_line(&mut csv, &mut columns.names.iter().copied());
        for row in &rows {
            push_csv_line(&mut csv, &mut row.iter().map(String::as_str));
        }
        write_table(sink, "documents", csv, json_array(&columns, &rows));
    }
}

const DOCUMENT_COLUMNS: [&str; 3] = ["symbol", "official_record", "cited_by"];

/// One table of the open data, as `data/<name>.csv` and `data/<name>.json`.
fn write_table(sink: &dyn Sink, name: &str, csv: String, json: String) {
    sink.put_owned(format!("data/{name}.csv"), csv.into_bytes());
    sink.put_owned(format!("data/{name}.json"), json.into_bytes());
}

/// The names of a table's columns, and the order of its JSON objects' keys: sorted, as
/// `serde_json::Map` sorts them, which the published files have always had.
struct Columns<'a> {
    names: Vec<&'a str>,
    order: Vec<usize>,
}

impl<'a> Columns<'a> {
    fn of(table: &'a DataTable) -> Columns<'a> {
        Columns::named(table.columns.iter().map(|c| c.name.as_str()).collect())
    }

    fn named(names: Vec<&'a str>) -> Columns<'a> {
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by_key(|&i| names[i]);
        Columns { names, order }
    }
}

/// The JSON array of the `rows`, as `serde_json` writes it pretty, and a line end.
fn json_array(columns: &Columns, rows: &[Vec<String>]) -> String {
    let mut json = String::from("[");
    for row in rows {
        start_json_item(&mut json);
        push_json_record(&mut json, columns, row);
    }
    end_json_array(json)
}

/// Starts the next item of an array begun with `[`.
fn start_json_item(json: &mut String) {
    json.push_str(if json.len() == 1 { "\n" } else { ",\n" });
}

fn end_json_array(mut json: String) -> String {
    json.push_str(if json.len() > 1 { "\n]\n" } else { "]\n" });
    json
}

/// The row of the page `ix` in its kind's `table`, to keep.
fn table_row(site: &Site, ix: Ix, table: &DataTable) -> TableRow {
    let (mut csv, mut json) = (String::new(), String::new());
    push_table_row((&mut csv, &mut json), site, ix, table, &Columns::of(table));
    TableRow { csv, json }
}

/// Writes the row of the page `ix` into a table's CSV and JSON.
fn push_table_row(
    (csv, json): (&mut String, &mut String),
    site: &Site,
    ix: Ix,
    table: &DataTable,
    columns: &Columns,
) {
    let cells = row(site, ix, table);
    push_csv_line(csv, &mut cells.iter().map(String::as_str));
    push_json_record(json, columns, &cells);
}

/// A row as a JSON object, with the indentation `serde_json` gives it in the pretty array
/// of the table.
fn push_json_record(out: &mut String, columns: &Columns, row: &[String]) {
    let record = Record::new(&columns.names, &columns.order, row);
    // Pretty, as the only item of an array: "[\n" and "\n]" around the object indented.
    let json = serde_json::to_string_pretty(&[record]).unwrap_or_default();
    out.push_str(
        json.get(2..json.len().saturating_sub(2))
            .unwrap_or_default(),
    );
}

/// A row of a table as a JSON object, serialized without building one.
struct Record<'a>(Vec<(&'a str, &'a str)>);

impl<'a> Record<'a> {
    /// The row's fields by their names, in `order` (the columns sorted by name).
    fn new(header: &[&'a str], order: &[usize], row: &'a [String]) -> Self {
        Record(
            order
                .iter()
                .map(|&i| (header[i], row[i].as_str()))
                .collect(),
        )
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

fn row(site: &Site, ix: Ix, table: &DataTable) -> Vec<String> {
    table
        .columns
        .iter()
        .map(|column| cell(site, ix, column))
        .collect()
}

/// One cell: the id, the URL, or a field's value as text (a list joined, each record of a
/// list of records written by the column's format).
fn cell(site: &Site, ix: Ix, column: &Column) -> String {
    let e = &site.entities[ix];
    let path = match &column.source {
        ColumnSource::Id => return e.id.clone(),
        ColumnSource::Url => return site.url(ix).to_string(),
        ColumnSource::Path(path) => path,
    };
    let Some((field, value)) = follow(site, e, path) else {
        return String::new();
    };
    let items = match value {
        Value::List(items) => &items[..],
        one => std::slice::from_ref(one),
    };
    // Written into one string (a table of 10,000 events has 100,000 cells).
    let mut text = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            text.push_str(&column.join);
        }
        push_cell_text(&mut text, site, field, item, column.format.as_deref());
    }
    text
}

/// The field and value at `path` (a field, or a field of a record field).
fn follow<'a>(site: &'a Site, e: &'a Entity, path: &[usize]) -> Option<(&'a Field, &'a Value)> {
    let mut fields = site.schema.fields(e.kind);
    let mut record = &e.fields;
    let (last, steps) = path.split_last()?;
    for &step in steps {
        let Some(Value::Record(inner)) = record.get(step) else {
            return None;
        };
        let FieldType::Record(r) = fields[step].ty else {
            return None;
        };
        (fields, record) = (&site.schema.record(r).fields, inner);
    }
    Some((&fields[*last], record.get(*last)?))
}

fn push_cell_text(
    out: &mut String,
    site: &Site,
    field: &Field,
    value: &Value,
    format: Option<&str>,
) {
    match (value, &field.ty) {
        (Value::Text(s), FieldType::Text(Text::Symbol)) => out.push_str(&normalise_symbol(s)),
        (Value::Record(record), FieldType::Record(r)) => {
            let fields = &site.schema.record(*r).fields;
            if let Some(format) = format {
                push_record(out, format, fields, record);
            }
        }
        (Value::Record(_) | Value::List(_), _) => {}
        (plain, _) => push_plain(out, plain),
    }
}

/// A text, a number or a date as it is written.
fn push_plain(out: &mut String, value: &Value) {
    use std::fmt::Write;
    match value {
        Value::Text(s) => out.push_str(s),
        Value::Number(n) => drop(write!(out, "{n}")),
        Value::Date(d) => drop(write!(out, "{d}")),
        Value::Record(_) | Value::List(_) => {}
    }
}

/// `{role} ({report})` with each placeholder the record's value; `{url|title}` is the URL,
/// else the title.
fn push_record(
    out: &mut String,
    format: &str,
    fields: &[Field],
    record: &crate::content::record::Record,
) {
    let value = |name: &str| -> Option<&Value> {
        let i = fields.iter().position(|f| f.name == name)?;
        record
            .get(i)
            .filter(|v| !matches!(v, Value::Record(_) | Value::List(_)))
    };
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        if let Some(v) = inner.split('|').find_map(value) {
            push_plain(out, v);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
}

fn document_rows(site: &Site, documents: &Documents) -> Vec<Vec<String>> {
    documents
        .iter()
        .map(|(symbol, cited)| {
            let urls: Vec<&str> = cited.iter().map(|&ix| site.url(ix)).collect();
            vec![symbol.clone(), official_url(symbol), urls.join(" ")]
        })
        .collect()
}

/// A line of RFC 4180 CSV: every field quoted, quotes doubled, a CRLF line end.
fn push_csv_line(out: &mut String, fields: &mut dyn Iterator<Item = &str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        for (j, part) in field.split('"').enumerate() {
            if j > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_everything() {
        let mut csv = String::new();
        push_csv_line(&mut csv, &mut ["x,\"y\"", "z"].into_iter());
        assert_eq!(csv, "\"x,\"\"y\"\"\",\"z\"\r\n");
    }

    #[test]
    fn tables_are_the_json_serde_writes() {
        let header = ["b", "a"];
        let rows = [
            vec!["1".to_string(), "\"x\"".to_string()],
            vec!["2".to_string(), "y".to_string()],
        ];
        let records: Vec<serde_json::Value> = (rows.iter())
            .map(|r| json!({"b": r[0], "a": r[1]}))
            .collect();
        for n in 0..=rows.len() {
            let ours = json_array(&Columns::named(header.to_vec()), &rows[..n]);
            let serde = serde_json::to_string_pretty(&records[..n]).unwrap() + "\n";
            assert_eq!(ours, serde, "{n} rows");
        }
    }

    #[test]
    fn dates_are_completed_for_feeds() {
        assert_eq!(full_date("2015"), "2015-01-01");
        assert_eq!(full_date("2015-07"), "2015-07-01");
    }
}
