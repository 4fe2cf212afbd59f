//! The template context of each page. What every page shares (the site, the assets, the
//! navigation) is built once; each page adds only its own fields, with URLs written
//! root-relative and joined to the page's `root` prefix in the templates.

use super::theme::Theme;
use crate::content::kinds::{self, NormSet, ProcessKind, RegionStatus, ReportKind};
use crate::content::{Data, Entity, Kind};
use crate::documents::{document_url, normalise_symbol, official_url, symbol_slug, Documents};
use crate::markdown::Rendered;
use crate::site::{span, Ix, Site};
use crate::timeline_svg;
use crate::url::root_prefix;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A JSON object from values it takes ownership of. `json!` serializes each value again,
/// a deep copy: for a year page of 350 events or a page's whole HTML body that copy was a
/// tenth of the build (callgrind at 10,000 pages).
macro_rules! object {
    ({ $($key:literal : $value:expr),* $(,)? }) => {{
        let mut map = serde_json::Map::new();
        $( map.insert($key.to_string(), serde_json::Value::from($value)); )*
        serde_json::Value::Object(map)
    }};
}

/// Any serializable value as JSON (for the few structs that are not JSON yet).
fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Builds the context of each page; what every page shares is built once.
pub(crate) struct Contexts<'a> {
    site: &'a Site,
    common: Map<String, Value>,
}

impl<'a> Contexts<'a> {
    pub(crate) fn new(site: &'a Site, theme: &Theme) -> Self {
        let c = &site.config;
        let mut common = Map::new();
        common.insert(
            "site".into(),
            json!({"title": c.title, "description": c.description, "language": c.language, "base_url": c.base_url}),
        );
        common.insert("assets".into(), json!(theme.assets));
        // The plain pages (about, glossary, ...) for the footer: whatever the site has.
        let pages: Vec<Value> = site
            .collection(Kind::Page)
            .iter()
            .filter(|&&ix| site.entities[ix].id != "index")
            .map(|&ix| json!({"title": site.entities[ix].title(), "url": site.url(ix)}))
            .collect();
        common.insert("pages".into(), json!(pages));
        // The kinds' entries of the navigation, from the schema.
        let nav: Vec<Value> = site
            .schema
            .nav()
            .into_iter()
            .map(|(label, url, section)| json!({"label": label, "url": url, "section": section}))
            .collect();
        common.insert("nav".into(), json!(nav));
        Contexts { site, common }
    }

    /// A page with no content file behind it.
    fn simple_page(
        &self,
        path: &str,
        title: &str,
        description: &str,
        section: &str,
        page: Value,
    ) -> Value {
        self.with(
            self.base(path, title, description, section),
            json!({ "page": page }),
        )
    }

    pub(crate) fn search_context(&self) -> Value {
        self.simple_page("search/index.html", "Search", "Search every page of the record: reports, norms, regions, events, processes and people.", "search", json!({}))
    }

    pub(crate) fn open_data_context(&self) -> Value {
        self.simple_page(
            "data/index.html",
            "Open data",
            "The record's timeline, norms, regions, documents and people as JSON and CSV files.",
            "",
            json!({"tables": ["timeline", "norms", "regions", "documents", "people"]}),
        )
    }

    /// A host serves the 404 page at the missing URL, at any depth: with a base URL its
    /// links are absolute, so its styles and links work wherever it is shown.
    pub(crate) fn not_found_context(&self) -> Value {
        let mut not_found = self.base(
            "404.html",
            "Page not found",
            "The page you asked for is not on this site.",
            "",
        );
        if let Some(base_url) = &self.site.config.base_url {
            not_found["root"] = json!(base_url);
        }
        // Shown at any URL, it is the canonical page of none.
        not_found["canonical"] = Value::Null;
        not_found
    }

    /// The fields every page has.
    fn base(&self, url: &str, title: &str, description: &str, section: &str) -> Value {
        let mut map = self.common.clone();
        map.insert("root".into(), json!(root_prefix(url)));
        map.insert("url".into(), json!(url));
        map.insert("title".into(), json!(title));
        map.insert("description".into(), json!(description));
        map.insert("section".into(), json!(section));
        let canonical = self
            .site
            .config
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", url.trim_end_matches("index.html")));
        map.insert("canonical".into(), json!(canonical));
        Value::Object(map)
    }

    fn with(&self, mut base: Value, fields: Value) -> Value {
        if let (Value::Object(b), Value::Object(f)) = (&mut base, fields) {
            b.extend(f);
        }
        base
    }

    /// Title, URL and one line of an entity, for lists.
    fn link(&self, ix: Ix) -> Value {
        let e = &self.site.entities[ix];
        json!({
            "title": e.title(),
            "url": self.site.url(ix),
            "date": entity_date(e),
        })
    }

    /// A link with its one-line summary, for the cards of index pages. Lists of related
    /// pages use [`Contexts::link`]: on a large site a norm is related to thousands of events,
    /// and their summaries would be copied for nothing.
    fn card(&self, ix: Ix) -> Value {
        let mut card = self.link(ix);
        card["summary"] = json!(self.site.entities[ix].summary());
        card
    }

    fn links(&self, list: &[Ix]) -> Vec<Value> {
        list.iter().map(|&ix| self.link(ix)).collect()
    }

    /// Links to entities of one kind, under the kind's name.
    fn group(&self, kind: Kind, list: &[Ix]) -> Value {
        object!({"kind": self.site.schema.folder(kind), "label": self.site.schema.plural(kind), "items": self.links(list)})
    }

    /// Everything related to an entity, either way, grouped by kind.
    fn related(&self, ix: Ix) -> Vec<Value> {
        self.site.related[ix]
            .iter()
            .map(|(kind, list)| self.group(*kind, list))
            .collect()
    }

    /// The related pages of an entity split by direction: those its own front matter
    /// names, and those that name it without being named back ("Referred to by").
    fn related_by_direction(&self, ix: Ix) -> (Vec<Value>, Vec<Value>) {
        let mut own = Vec::new();
        let mut referred_by = Vec::new();
        for (kind, list) in &self.site.related[ix] {
            let (named, others): (Vec<Ix>, Vec<Ix>) =
                list.iter().partition(|&&other| self.names(ix, other));
            for (items, out) in [(named, &mut own), (others, &mut referred_by)] {
                if !items.is_empty() {
                    out.push(self.group(*kind, &items));
                }
            }
        }
        (own, referred_by)
    }

    /// Whether the front matter of `from` names `to` in its relation lists.
    fn names(&self, from: Ix, to: Ix) -> bool {
        let r = &self.site.entities[from].relations;
        let target = &self.site.entities[to];
        let list = match target.kind {
            Kind::Norm => &r.norms,
            Kind::Region => &r.regions,
            Kind::Report => &r.reports,
            Kind::Process => &r.processes,
            Kind::Event => &r.events,
            Kind::Person => &r.people,
            Kind::Page => return false,
        };
        list.contains(&target.id)
    }

    fn neighbours(&self, ix: Ix) -> (Value, Value) {
        let list = self.site.collection(self.site.entities[ix].kind);
        let pos = Some(self.site.position[ix]);
        let prev = pos
            .and_then(|p| p.checked_sub(1))
            .map(|p| self.link(list[p]));
        let next = pos.and_then(|p| list.get(p + 1)).map(|&i| self.link(i));
        (json!(prev), json!(next))
    }

    fn document(&self, symbol: &str) -> Value {
        let symbol = normalise_symbol(symbol);
        json!({
            "symbol": symbol,
            "url": document_url(&symbol),
            "official": official_url(&symbol),
        })
    }

    pub(crate) fn entity_context(&self, ix: Ix, url: &str, r: &Rendered) -> Value {
        let e = &self.site.entities[ix];
        let section = if e.kind == Kind::Page {
            ""
        } else {
            self.site.schema.folder(e.kind)
        };
        let base = self.base(url, e.title(), &self.description(e), section);
        let (prev, next) = self.neighbours(ix);
        let (related, referred_by) = self.related_by_direction(ix);
        let common = object!({
            "id": e.id.as_str(),
            "kind": self.site.schema.singular(e.kind),
            "kind_label": self.site.schema.plural(e.kind),
            "kind_url": format!("{}/index.html", self.site.schema.folder(e.kind)),
            "summary": e.summary(),
            "content": r.html.as_str(),
            "toc": if r.toc.len() >= 3 { to_json(&r.toc) } else { json!([]) },
            "has_code": r.has_code,
            "related": related,
            "referred_by": referred_by,
            "documents": r.symbols.iter().map(|c| self.document(&c.symbol)).collect::<Vec<_>>(),
            "sources": to_json(&e.sources),
            "source_file": e.path.to_string_lossy().replace('\\', "/"),
            "prev": prev,
            "next": next,
        });
        let page = self.with(common, self.kind_fields(ix, e));
        self.with(base, object!({ "page": page }))
    }

    /// The fields of an entity's page that its kind has.
    fn kind_fields(&self, ix: Ix, e: &Entity) -> Value {
        match &e.data {
            Data::Report(rep) => self.report_fields(rep, &e.id),
            Data::Region(reg) => self.region_fields(reg),
            Data::Norm(n) => self.norm_fields(n),
            Data::Process(p) => self.process_fields(ix, p),
            Data::Person(p) => self.person_fields(p),
            Data::Page(_) if e.id == "index" => self.home_fields(),
            Data::Event(ev) => self.event_fields(ev),
            Data::Page(_) => json!({}),
        }
    }

    fn report_fields(&self, rep: &kinds::Report, id: &str) -> Value {
        json!({
            "date": span(&rep.date, rep.end.as_ref()),
            "publisher": rep.publisher,
            "place": rep.place,
            "report_kind": report_kind(rep.kind),
            "source": rep.source,
            "themes": rep.themes,
            "sessions": rep.sessions.iter().map(|s| json!({
                "title": s.title,
                "speakers": s.speakers.iter().map(|sp| self.speaker(&sp.person, sp.role.as_deref(), id)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }

    fn region_fields(&self, reg: &kinds::Region) -> Value {
        json!({
            "organisation": reg.organisation,
            "short_name": reg.short_name,
            "status": match reg.status { RegionStatus::Summarised => "summarised", RegionStatus::Announced => "announced" },
            "date": reg.start.as_ref().map(|s| span(s, reg.end.as_ref())),
            "city": reg.city,
            "host_event": reg.host_event,
            "facilitators": reg.facilitators.iter().filter_map(|p| self.site.get(Kind::Person, p)).map(|p| self.link(p)).collect::<Vec<_>>(),
            "themes": reg.themes,
        })
    }

    fn norm_fields(&self, n: &kinds::Norm) -> Value {
        json!({
            "set": norm_set(n.set),
            "letter": n.letter,
            "label": norm_label(n.set, n.letter.as_deref()),
            "source": n.source.as_ref().map(|s| json!({
                "document": s.document.as_ref().map(|d| self.document(d)),
                "paragraph": s.paragraph, "title": s.title, "url": s.url,
            })),
            "status": n.status,
        })
    }

    fn process_fields(&self, ix: Ix, p: &kinds::Process) -> Value {
        json!({
            "short_name": p.short_name,
            "process_kind": process_kind(p.kind),
            "years": process_years(p),
            "mandate": p.mandate.as_ref().map(|m| self.document(m)),
            "outcome": p.outcome.iter().map(|o| self.document(o)).collect::<Vec<_>>(),
            "chair": p.chair,
            "events": self.links(self.site.related[ix].get(&Kind::Event).map_or(&[], |v| v.as_slice())),
        })
    }

    fn person_fields(&self, p: &kinds::Person) -> Value {
        json!({
            "name": p.name,
            "roles": p.roles.iter().map(|role| json!({
                "role": role.role,
                "report": self.site.get(Kind::Report, &role.report).map(|r| self.link(r)),
                "region": role.region.as_ref().and_then(|r| self.site.get(Kind::Region, r)).map(|r| self.link(r)),
            })).collect::<Vec<_>>(),
        })
    }

    fn event_fields(&self, ev: &kinds::Event) -> Value {
        json!({
            "date": span(&ev.date, ev.end.as_ref()),
            "datetime": ev.date.to_string(),
            "year": ev.date.year,
            "year_url": format!("timeline/{}/index.html", ev.date.year),
            "documents": ev.documents.iter().map(|d| self.document(d)).collect::<Vec<_>>(),
        })
    }

    /// The meta description of an entity's page: its summary, or for a person (who has
    /// none) their roles as the reports give them.
    fn description(&self, e: &Entity) -> String {
        match &e.data {
            Data::Person(p) if e.summary().is_empty() => {
                let roles: Vec<String> = p
                    .roles
                    .iter()
                    .map(|r| match self.site.get(Kind::Report, &r.report) {
                        Some(rep) => format!("{} ({})", r.role, self.site.entities[rep].title()),
                        None => r.role.clone(),
                    })
                    .collect();
                format!(
                    "{}, as the reports name them: {}.",
                    p.name,
                    roles.join("; ")
                )
            }
            _ => e.summary().to_string(),
        }
    }

    /// A speaker of a session, with the role the report gives them.
    fn speaker(&self, person: &str, role: Option<&str>, report: &str) -> Value {
        let ix = self.site.get(Kind::Person, person);
        let position = ix.and_then(|ix| match &self.site.entities[ix].data {
            Data::Person(p) => p
                .roles
                .iter()
                .find(|r| r.report == report)
                .map(|r| r.role.clone()),
            _ => None,
        });
        json!({
            "name": ix.map(|ix| self.site.entities[ix].title().to_string()).unwrap_or_else(|| person.to_string()),
            "url": ix.map(|ix| self.site.url(ix)),
            "role": role,
            "position": position,
        })
    }

    fn home_fields(&self) -> Value {
        let site = self.site;
        let counts: Vec<Value> = [Kind::Event, Kind::Norm, Kind::Region, Kind::Report, Kind::Process, Kind::Person]
            .iter()
            .map(|&k| json!({"label": site.schema.plural(k), "count": site.collection(k).len(), "url": if k == Kind::Event { "timeline/index.html".to_string() } else { format!("{}/index.html", site.schema.folder(k)) }}))
            .collect();
        json!({
            "counts": counts,
            "reports": self.links(site.collection(Kind::Report)),
            "regions": self.links(site.collection(Kind::Region)),
            "processes": self.links(site.collection(Kind::Process)),
            "years": site.years.iter().map(|(y, evs)| json!({"year": y, "count": evs.len(), "url": format!("timeline/{y}/index.html")})).collect::<Vec<_>>(),
        })
    }

    pub(crate) fn index_context(&self, kind: Kind, url: &str) -> Value {
        let list = self.site.collection(kind);
        let groups: Vec<Value> = match kind {
            Kind::Norm => [NormSet::Gge2015, NormSet::Gcsc, NormSet::Proposed]
                .iter()
                .map(|set| {
                    let items: Vec<Ix> = list.iter().copied().filter(|&ix| matches!(&self.site.entities[ix].data, Data::Norm(n) if n.set == *set)).collect();
                    json!({"title": norm_set(*set), "items": self.norm_items(&items)})
                })
                .collect(),
            Kind::Region => vec![json!({"title": "", "items": list.iter().map(|&ix| self.region_item(ix)).collect::<Vec<_>>()})],
            _ => vec![json!({"title": "", "items": list.iter().map(|&ix| self.card(ix)).collect::<Vec<_>>()})],
        };
        let matrix = if kind == Kind::Norm {
            self.norm_matrix()
        } else {
            Value::Null
        };
        let schema = self.site.schema.of(kind);
        let description = schema.index.as_ref().map_or("", |i| i.description.as_str());
        self.with(
            self.base(url, &schema.plural, description, &schema.folder),
            object!({"page": object!({"kind_label": schema.plural.as_str(), "groups": groups, "matrix": matrix, "count": list.len()})}),
        )
    }

    fn norm_items(&self, list: &[Ix]) -> Vec<Value> {
        list.iter()
            .map(|&ix| {
                let mut link = self.card(ix);
                if let Data::Norm(n) = &self.site.entities[ix].data {
                    link["label"] = json!(norm_label(n.set, n.letter.as_deref()));
                }
                link
            })
            .collect()
    }

    fn region_item(&self, ix: Ix) -> Value {
        let mut link = self.card(ix);
        if let Data::Region(r) = &self.site.entities[ix].data {
            link["date"] = json!(r.start.as_ref().map(|s| span(s, r.end.as_ref())));
            link["city"] = json!(r.city);
            link["status"] = json!(match r.status {
                RegionStatus::Summarised => "summarised",
                RegionStatus::Announced => "announced, not summarised",
            });
            link["short_name"] = json!(r.short_name);
        }
        link
    }

    /// Norms against regions and reports: which discussed which.
    fn norm_matrix(&self) -> Value {
        let columns: Vec<Ix> = [Kind::Region, Kind::Report]
            .iter()
            .flat_map(|&k| self.site.collection(k).iter().copied())
            .collect();
        let rows: Vec<Value> = self
            .site
            .collection(Kind::Norm)
            .iter()
            .map(|&norm| {
                let related = &self.site.related[norm];
                let cells: Vec<Value> = columns
                    .iter()
                    .map(|&col| {
                        let kind = self.site.entities[col].kind;
                        let hit = related.get(&kind).is_some_and(|l| l.contains(&col));
                        json!({"hit": hit, "url": self.site.url(col), "title": self.site.entities[col].title()})
                    })
                    .collect();
                let label = match &self.site.entities[norm].data {
                    Data::Norm(n) => norm_label(n.set, n.letter.as_deref()),
                    _ => String::new(),
                };
                json!({"norm": self.link(norm), "label": label, "cells": cells})
            })
            .collect();
        let headers: Vec<Value> = columns
            .iter()
            .map(|&c| {
                let e = &self.site.entities[c];
                let short = match &e.data {
                    Data::Region(r) => r.short_name.clone(),
                    Data::Report(r) => format!("{} {}", short_publisher(&r.publisher), r.date.year),
                    _ => e.id.clone(),
                };
                json!({"short": short, "title": e.title(), "url": self.site.url(c)})
            })
            .collect();
        json!({"headers": headers, "rows": rows})
    }

    fn event(&self, ix: Ix) -> Value {
        let e = &self.site.entities[ix];
        let Data::Event(ev) = &e.data else {
            return Value::Null;
        };
        json!({
            "id": e.id,
            "title": ev.title,
            "date": ev.date.to_string(),
            "date_human": span(&ev.date, ev.end.as_ref()),
            "summary": ev.summary,
            "url": self.site.url(ix),
            "documents": ev.documents.iter().map(|d| self.document(d)).collect::<Vec<_>>(),
            "sources": e.sources,
            "related": self.related(ix),
            "source_file": e.path.to_string_lossy().replace('\\', "/"),
        })
    }

    pub(crate) fn year_context(&self, year: i32, url: &str) -> Value {
        let site = self.site;
        let events = &site.years[&year];
        let mut months: Vec<(String, Vec<Value>)> = Vec::new();
        for &ix in events {
            let label = match &site.entities[ix].data {
                Data::Event(ev) => ev
                    .date
                    .month_name()
                    .map(|m| format!("{m} {year}"))
                    .unwrap_or_else(|| format!("During {year}")),
                _ => continue,
            };
            match months.last_mut() {
                Some((l, list)) if *l == label => list.push(self.event(ix)),
                _ => months.push((label, vec![self.event(ix)])),
            }
        }
        let processes: Vec<Value> = site
            .collection(Kind::Process)
            .iter()
            .filter(|&&p| matches!(&site.entities[p].data, Data::Process(pr) if pr.start <= year && pr.end.unwrap_or(site.config.timeline.end) >= year))
            .map(|&p| self.link(p))
            .collect();
        let year_link = |y: i32| {
            site.years.contains_key(&y).then(|| json!({"year": y, "title": y.to_string(), "url": format!("timeline/{y}/index.html"), "count": site.years[&y].len()}))
        };
        let description = format!("What happened in {year} in the UN processes on ICTs and international security: {} event{}.", events.len(), if events.len() == 1 { "" } else { "s" });
        self.with(
            self.base(url, &format!("{year}"), &description, "timeline"),
            object!({"page": object!({
                "year": year,
                "months": months.into_iter().map(|(label, events)| object!({"label": label, "events": events})).collect::<Vec<_>>(),
                "count": events.len(),
                "processes": processes,
                "prev": year_link(year - 1),
                "next": year_link(year + 1),
            })}),
        )
    }

    pub(crate) fn timeline_context(&self) -> Value {
        let site = self.site;
        let years: Vec<Value> = site
            .years
            .iter()
            .map(|(y, evs)| json!({"year": y, "url": format!("timeline/{y}/index.html"), "count": evs.len(), "events": evs.iter().map(|&ix| self.link(ix)).collect::<Vec<_>>()}))
            .collect();
        let processes: Vec<Value> = site
            .collection(Kind::Process)
            .iter()
            .map(|&p| {
                let mut link = self.link(p);
                if let Data::Process(pr) = &site.entities[p].data {
                    link["start"] = json!(pr.start);
                    link["end"] = json!(pr.end.unwrap_or(pr.start));
                    link["short_name"] = json!(pr.short_name);
                }
                link
            })
            .collect();
        let range = site.config.timeline;
        let description = format!(
            "The UN processes on ICTs and international security from {} to {}, year by year.",
            range.start, range.end
        );
        self.with(
            self.base("timeline/index.html", "Timeline", &description, "timeline"),
            object!({"page": object!({"years": years, "processes": processes, "svg": timeline_svg::draw(site)})}),
        )
    }

    /// The list of every UN document the site cites, each linking to its page. Each entry
    /// keeps the anchor it had when the list held the citing pages too.
    pub(crate) fn documents_context(&self, documents: &Documents) -> Value {
        let docs: Vec<Value> = documents
            .iter()
            .map(|(symbol, cited)| {
                let mut doc = self.document(symbol);
                doc["anchor"] = json!(symbol_slug(symbol));
                doc["count"] = json!(cited.len());
                doc
            })
            .collect();
        self.with(
            self.base("documents/index.html", "UN documents", "Every UN document cited on this site, with the official record and the pages that cite it.", "documents"),
            object!({"page": object!({"count": docs.len(), "documents": docs})}),
        )
    }

    /// The page of one UN document: its official record and the pages that cite it, by
    /// kind.
    pub(crate) fn document_context(&self, symbol: &str, cited: &BTreeSet<Ix>) -> Value {
        let mut by_kind: BTreeMap<Kind, Vec<Ix>> = BTreeMap::new();
        for &ix in cited {
            by_kind
                .entry(self.site.entities[ix].kind)
                .or_default()
                .push(ix);
        }
        let groups: Vec<Value> = by_kind
            .into_iter()
            .map(|(kind, list)| self.group(kind, &list))
            .collect();
        let url = document_url(symbol);
        let description = format!(
            "UN document {symbol}: its official record, and the {} page{} of this site that cite it.",
            cited.len(),
            if cited.len() == 1 { "" } else { "s" }
        );
        let mut page = self.document(symbol);
        page["count"] = json!(cited.len());
        page["cited_by"] = Value::Array(groups);
        self.with(
            self.base(&url, symbol, &description, "documents"),
            object!({"page": page}),
        )
    }
}

fn entity_date(e: &Entity) -> Option<String> {
    match &e.data {
        Data::Report(r) => Some(r.date.human()),
        Data::Event(ev) => Some(span(&ev.date, ev.end.as_ref())),
        Data::Region(r) => r.start.as_ref().map(|s| span(s, r.end.as_ref())),
        Data::Process(p) => Some(process_years(p)),
        _ => None,
    }
}

/// "2004–2005", or "2019" for a process of one year (or not ended).
fn process_years(p: &kinds::Process) -> String {
    match p.end {
        Some(end) if end != p.start => format!("{}–{end}", p.start),
        _ => p.start.to_string(),
    }
}

fn report_kind(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::ConferenceSummary => "Conference summary",
        ReportKind::ConsultationSeries => "Consultation series",
        ReportKind::SessionReport => "Session report",
    }
}

fn norm_set(set: NormSet) -> &'static str {
    match set {
        NormSet::Gge2015 => "The eleven norms of the 2015 GGE report (A/70/174)",
        NormSet::Gcsc => "The norms of the Global Commission on the Stability of Cyberspace",
        NormSet::Proposed => "Norms proposed in the reports",
    }
}

/// "Norm (e)", "GCSC norm 3", or nothing for a proposed norm.
fn norm_label(set: NormSet, letter: Option<&str>) -> String {
    match (set, letter) {
        (NormSet::Gge2015, Some(l)) => format!("({l})"),
        (NormSet::Gcsc, Some(n)) => format!("GCSC {n}"),
        (_, Some(l)) => l.to_string(),
        (_, None) => "proposed".into(),
    }
}

fn process_kind(kind: ProcessKind) -> &'static str {
    match kind {
        ProcessKind::Gge => "Group of Governmental Experts",
        ProcessKind::Oewg => "Open-ended Working Group",
        ProcessKind::Poa => "Programme of Action",
        ProcessKind::Mechanism => "Permanent mechanism",
    }
}

/// "United Nations Institute for Disarmament Research (UNIDIR)" → "UNIDIR".
fn short_publisher(publisher: &str) -> String {
    if let Some(inner) = publisher
        .rsplit_once('(')
        .and_then(|(_, r)| r.strip_suffix(')'))
    {
        return inner.to_string();
    }
    if publisher.len() <= 12 {
        return publisher.to_string();
    }
    publisher
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}
