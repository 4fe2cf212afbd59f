//! The site graph: every entity by id, relations checked and made two-way, events grouped
//! by year, and the URL of every page. Built once per build and read by the renderer. The
//! changes after are serve's quick updates' and the pipeline's: the pipeline empties the
//! Markdown bodies once they are rendered, an update of bodies puts an edited page's new
//! body in place, and an update of front matter replaces the edited pages and derives
//! the graph again ([`Site::rederive`]).

use crate::config::Config;
use crate::content::date::Date;
use crate::content::record::Value;
use crate::content::{Entity, Kind};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::documents::symbol::{normalise_symbol, symbol_slug};
use crate::mentions::NameIndex;
use crate::schema::{Field, FieldType, Schema, SortKey, Text, OWN_PAGES};
mod names;

use names::Meanings;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// An entity's position in [`Site::entities`].
pub(crate) type Ix = usize;

pub(crate) struct Site {
    pub(crate) config: Config,
    /// The kinds and their presentation, from `content/schema.yaml`.
    pub(crate) schema: Schema,
    pub(crate) entities: Vec<Entity>,
    /// Each kind's entities by id (looked up by `&str`, without a copy of the id: ids are
    /// looked up for every link of every page).
    index: HashMap<Kind, HashMap<String, Ix>>,
    /// Pages whose file exists but did not load: they are not in the graph, but naming
    /// them is not an error.
    unparsed: HashSet<(Kind, String)>,
    /// For each entity, the entities related to it either way, grouped by kind and sorted
    /// as their collection is.
    pub(crate) related: Vec<BTreeMap<Kind, Vec<Ix>>>,
    /// The relations as written: for each entity, the entities its front matter names,
    /// sorted (searched, not hashed: a few bytes an edge on a large site).
    named: Vec<Vec<Ix>>,
    /// Each collection, sorted for listing.
    pub(crate) collections: BTreeMap<Kind, Vec<Ix>>,
    /// Each entity's position in its sorted collection (for previous/next without a scan).
    pub(crate) position: Vec<usize>,
    /// Events of each year of the range, sorted by date.
    pub(crate) years: BTreeMap<i32, Vec<Ix>>,
    /// The record of each UN document that has one (the kind with the `documents` role),
    /// by its symbol in the one written form.
    records: HashMap<String, Ix>,
    /// Every name of every page (`names` in the schema), for linking mentions.
    pub(crate) name_index: NameIndex,
    /// Whether each entity has a name: its page lists where it is mentioned, and is
    /// written once every body is rendered.
    has_names: Vec<bool>,
    /// What pages say a name means on them (`means`), for the pages that say.
    meanings: HashMap<Ix, Meanings>,
    /// Each entity's URL ([`Site::url`]), made once: every link to a page gives it, and a
    /// large site's pages hold hundreds of thousands of links.
    urls: Vec<String>,
    /// Each entity's span of dates ([`Site::dates`]), made once for the same reason.
    spans: Vec<Option<String>>,
}

impl Site {
    /// Builds the graph and checks every reference by id.
    pub(crate) fn build(
        config: Config,
        schema: Schema,
        entities: Vec<Entity>,
        unparsed: Vec<(Kind, String)>,
    ) -> (Site, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let mut index: HashMap<Kind, HashMap<String, Ix>> = HashMap::new();
        for (ix, e) in entities.iter().enumerate() {
            index.entry(e.kind).or_default().insert(e.id.clone(), ix);
        }
        let mut site = Site {
            config,
            schema,
            entities,
            index,
            unparsed: unparsed.into_iter().collect(),
            related: Vec::new(),
            named: Vec::new(),
            collections: BTreeMap::new(),
            position: Vec::new(),
            years: BTreeMap::new(),
            records: HashMap::new(),
            name_index: NameIndex::default(),
            has_names: Vec::new(),
            meanings: HashMap::new(),
            urls: Vec::new(),
            spans: Vec::new(),
        };
        site.urls = (0..site.entities.len())
            .map(|ix| site.page_url(ix))
            .collect();
        site.spans = (0..site.entities.len())
            .map(|ix| site.page_dates(ix))
            .collect();
        site.records = site.document_records(&mut diagnostics);
        site.check_urls(&mut diagnostics);
        // The name index reads only the front matter: it is built beside the checks.
        let (names, ()) = rayon::join(
            || names::index_names(&site),
            || site.check_pages(&site.entities, &mut diagnostics),
        );
        (site.name_index, site.has_names) = names;
        site.derive(None, &mut diagnostics);
        site.meanings = names::meanings(&site, &mut diagnostics);
        (site, diagnostics)
    }

    /// What each page's own front matter must satisfy: a title, spans in order, what the
    /// roles ask, URLs a page may link to.
    fn check_pages(&self, entities: &[Entity], diagnostics: &mut Diagnostics) {
        self.check_titles_and_spans(entities, diagnostics);
        self.check_roles(entities, diagnostics);
        self.check_front_matter_urls(entities, diagnostics);
    }

    /// What the graph derives from the front matter of every page: the sorted collections
    /// and each page's place in its own, the relations both ways, the marked pages by year.
    /// The relations are related again only for the `edited` pages if given: the rest is
    /// quick to derive anew, relating every page is not (a third of the graph step).
    fn derive(&mut self, edited: Option<&[Ix]>, diagnostics: &mut Diagnostics) {
        self.collections = self.sorted_collections();
        self.position = self.rank();
        match edited {
            Some(edited) => self.relate_again(edited, diagnostics),
            None => (self.related, self.named) = self.relate(diagnostics),
        }
        self.years = self.group_years();
    }

    /// Puts `entity` in the place of the page `ix` and returns the one it replaces. The
    /// caller keeps what the graph holds apart from the front matter true: the same kind,
    /// id, file, URL and names (the name index and the meanings are not built again).
    /// Nothing is derived again until [`Site::rederive`].
    pub(crate) fn replace(&mut self, ix: Ix, entity: Entity) -> Entity {
        std::mem::replace(&mut self.entities[ix], entity)
    }

    /// After [`Site::replace`] of the `edited` pages: checks their front matter, and
    /// derives the graph again, exactly as [`Site::build`] would from the same pages. What
    /// it derives follows from the pages alone, so putting the old pages back and calling
    /// this again undoes an edit.
    pub(crate) fn rederive(&mut self, edited: &[Ix]) -> Diagnostics {
        let mut diagnostics = Diagnostics::default();
        for &ix in edited {
            self.urls[ix] = self.page_url(ix);
            self.spans[ix] = self.page_dates(ix);
            let page = std::slice::from_ref(&self.entities[ix]);
            self.check_pages(page, &mut diagnostics);
        }
        self.derive(Some(edited), &mut diagnostics);
        diagnostics
    }

    pub(crate) fn get(&self, kind: Kind, id: &str) -> Option<Ix> {
        self.index.get(&kind)?.get(id).copied()
    }

    pub(crate) fn ids(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.entities
            .iter()
            .filter(move |e| e.kind == kind)
            .map(|e| e.id.as_str())
    }

    /// Root-relative URL of an entity's page, from its kind's pattern; the home page is
    /// `index.html`.
    pub(crate) fn url(&self, ix: Ix) -> &str {
        &self.urls[ix]
    }

    /// The span of an entity's dates (its kind's `dates` role), as a reader reads it:
    /// "17–18 June 2019", "2004–2005".
    pub(crate) fn dates(&self, ix: Ix) -> Option<&str> {
        self.spans[ix].as_deref()
    }

    /// [`Site::dates`] as the entity's fields give it (kept in `spans`).
    fn page_dates(&self, ix: Ix) -> Option<String> {
        let e = &self.entities[ix];
        let (start, end) = self.schema.roles(e.kind).dates?;
        let as_date = |v: &Value| match v {
            Value::Date(d) => Some(*d),
            _ => None,
        };
        match (e.fields.get(start)?, end.and_then(|f| e.fields.get(f))) {
            (Value::Date(s), end) => Some(span(s, end.and_then(as_date).as_ref())),
            (Value::Number(s), Some(Value::Number(t))) if t != s => Some(format!("{s}–{t}")),
            (Value::Number(s), _) => Some(s.to_string()),
            _ => None,
        }
    }

    /// The URL of an entity's page as its kind's pattern makes it (kept in `urls`).
    fn page_url(&self, ix: Ix) -> String {
        let e = &self.entities[ix];
        if e.kind == self.schema.pages() && e.id == "index" {
            return "index.html".into();
        }
        let k = self.schema.of(e.kind);
        let year = || self.year_of(ix).unwrap_or_default();
        k.url.fill(&e.id, &k.folder, year)
    }

    /// The entity's short name (its kind's `short` role: "GGE 2019–2021", "OSCE"), if its
    /// kind has one and the page gives it.
    pub(crate) fn short_name(&self, ix: Ix) -> Option<&str> {
        let e = &self.entities[ix];
        e.fields.text(self.schema.roles(e.kind).short?)
    }

    /// The year of the timeline that files this entity, if its kind is on it.
    pub(crate) fn year_of(&self, ix: Ix) -> Option<i32> {
        self.mark_date(ix).map(|d| d.year)
    }

    /// The date the timeline files this entity by (its kind's `timeline: {marks}`).
    pub(crate) fn mark_date(&self, ix: Ix) -> Option<Date> {
        let e = &self.entities[ix];
        e.fields.date(self.schema.roles(e.kind).marks?)
    }

    /// Whether the entity is the record of a UN document (of the kind with the
    /// `documents` role), whose page is its document's.
    pub(crate) fn is_record(&self, ix: Ix) -> bool {
        self.schema
            .documents()
            .is_some_and(|(kind, _)| kind == self.entities[ix].kind)
    }

    /// Whether the entity's page lists its mentions, and so is written after every body
    /// is rendered: it has a name, or it is the record of a UN document.
    pub(crate) fn is_mentionable(&self, ix: Ix) -> bool {
        self.has_names.get(ix).copied().unwrap_or(false) || self.is_record(ix)
    }

    /// What the entity's page says names mean on it (`means`).
    pub(crate) fn meanings(&self, ix: Ix) -> Option<&Meanings> {
        self.meanings.get(&ix)
    }

    /// The path an `@/` link names the entity by: `norms/e.md`.
    pub(crate) fn link_path(&self, ix: Ix) -> String {
        let path = &self.entities[ix].path;
        let path = path.strip_prefix("content").unwrap_or(path);
        path.to_string_lossy().replace('\\', "/")
    }

    /// The UN symbol, in its one written form, of a record of a UN document: its page is
    /// that document's.
    pub(crate) fn record_symbol(&self, ix: Ix) -> Option<String> {
        let (kind, field) = self.schema.documents()?;
        let e = &self.entities[ix];
        let written = e.fields.text(field).filter(|_| e.kind == kind)?;
        Some(normalise_symbol(written))
    }

    /// The record of the UN document `symbol` (normalised), if the site has one.
    pub(crate) fn record_of(&self, symbol: &str) -> Option<Ix> {
        self.records.get(symbol).copied()
    }

    /// Each symbol of the records of UN documents, in its one written form, and the
    /// record; a record's file is named after its symbol's slug, so that its page is the
    /// one every citation of the symbol links to.
    fn document_records(&self, diagnostics: &mut Diagnostics) -> HashMap<String, Ix> {
        let Some((kind, field)) = self.schema.documents() else {
            return HashMap::new();
        };
        let mut records = HashMap::new();
        for (ix, e) in self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == kind)
        {
            let (Some(written), Some(symbol)) = (e.fields.text(field), self.record_symbol(ix))
            else {
                continue;
            };
            let slug = symbol_slug(&symbol);
            if e.id != slug {
                let key = &self.schema.fields(kind)[field].name;
                let (line, column) = e.locate(key, written);
                diagnostics.push(Diagnostic::new(&e.path, line, column, format!(
                    "the record of {symbol} must be named content/{}/{slug}.md, after its symbol, so that its page is the one its citations link to: rename the file",
                    self.schema.folder(kind)
                )));
                continue;
            }
            records.insert(symbol, ix);
        }
        records
    }

    /// Whether the front matter of `from` names `to` (not only the other way round).
    pub(crate) fn names(&self, from: Ix, to: Ix) -> bool {
        self.named[from].binary_search(&to).is_ok()
    }

    /// The entity loaded from `rel` (a path relative to the root, `content/norms/e.md`).
    pub(crate) fn by_path(&self, rel: &Path) -> Option<Ix> {
        let kind = crate::content::kind_of(&self.schema, rel).ok()?;
        let id = rel.file_stem()?.to_str()?;
        self.get(kind, id)
            .filter(|&ix| self.entities[ix].path == rel)
    }

    /// Resolves an internal link path as written after `@/` (`norms/e.md`).
    pub(crate) fn resolve_path(&self, path: &str) -> Option<Ix> {
        let (kind, id) = self.link_key(path)?;
        self.get(kind, id)
    }

    /// Whether an `@/` link path names a page whose file exists but did not load (its
    /// own error is reported; the link is not another one).
    pub(crate) fn names_unparsed(&self, path: &str) -> bool {
        self.link_key(path)
            .is_some_and(|(kind, id)| self.unparsed.contains(&(kind, id.to_string())))
    }

    /// The kind and id an `@/` link path names: `norms/e.md` → (norm, `e`).
    fn link_key<'p>(&self, path: &'p str) -> Option<(Kind, &'p str)> {
        let stem = path.strip_suffix(".md")?;
        match stem.split_once('/') {
            Some((folder, id)) => Some((self.schema.kind_in(folder)?, id)),
            None => Some((self.schema.pages(), stem)),
        }
    }

    /// Two pages that would write the same file: case-insensitive, because hosts and
    /// editors' disks often are.
    fn check_urls(&self, diagnostics: &mut Diagnostics) {
        // The site's own pages, and each collection's folder (from the schema).
        let reserved = |id: &str| OWN_PAGES.contains(&id) || self.schema.kind_in(id).is_some();
        let mut seen: HashMap<String, Ix> = HashMap::new();
        for (ix, e) in self.entities.iter().enumerate() {
            if e.kind == self.schema.pages() && reserved(&e.id) {
                diagnostics.push(Diagnostic::new(
                    &e.path,
                    1,
                    1,
                    format!(
                        "the page \"{}\" would overwrite the site's own {}/ page: rename the file",
                        e.id, e.id
                    ),
                ));
            }
            let key = self.url(ix).to_lowercase();
            if let Some(&other) = seen.get(&key) {
                diagnostics.push(Diagnostic::new(
                    &e.path,
                    1,
                    1,
                    format!(
                        "this page would write the same URL ({}) as {}: rename one of them",
                        self.url(ix),
                        self.entities[other].path.display()
                    ),
                ));
            } else {
                seen.insert(key, ix);
            }
        }
    }

    /// Every page has a title, and every span ends on or after its start.
    fn check_titles_and_spans(&self, entities: &[Entity], diagnostics: &mut Diagnostics) {
        for e in entities {
            let roles = self.schema.roles(e.kind);
            let fields = self.schema.fields(e.kind);
            if e.title().trim().is_empty() {
                let key = &fields[roles.title].name;
                let (line, column) = e.locate_key(key);
                diagnostics.push(Diagnostic::new(
                    &e.path,
                    line,
                    column,
                    format!(
                        "the {key} is empty: every page needs one, for its heading and its links"
                    ),
                ));
            }
            let Some((start, Some(end))) = roles.dates else {
                continue;
            };
            let end_key = fields[end].name.as_str();
            let ends_early = match (e.fields.get(start), e.fields.get(end)) {
                (Some(Value::Date(s)), Some(Value::Date(t))) => {
                    ends_before(*s, *t).then(|| (s.to_string(), t.to_string()))
                }
                (Some(Value::Number(s)), Some(Value::Number(t))) => {
                    (t < s).then(|| (s.to_string(), t.to_string()))
                }
                _ => None,
            };
            if let Some((start, end)) = ends_early {
                let (line, column) = e.locate(end_key, &end);
                diagnostics.push(Diagnostic::new(
                    &e.path,
                    line,
                    column,
                    format!("`{end_key}` ({end}) comes before the start ({start}): swap them or fix one"),
                ));
            }
        }
    }

    /// What the kinds' roles ask of their pages: a date in the timeline's range, file
    /// names that start with their date, one of some fields filled.
    fn check_roles(&self, entities: &[Entity], diagnostics: &mut Diagnostics) {
        let range = self.config.timeline;
        for e in entities {
            let roles = self.schema.roles(e.kind);
            let fields = self.schema.fields(e.kind);
            let at_date = |field: usize, date: Date, message: String| {
                let (line, col) = e.locate(&fields[field].name, &date.to_string());
                Diagnostic::new(&e.path, line, col, message)
            };
            if let Some((f, date)) = roles.file_names.and_then(|f| Some((f, e.fields.date(f)?))) {
                if let Some(named) = date_in_file_name(&e.id).filter(|d| !agrees(*d, date)) {
                    diagnostics.push(at_date(f, date, format!(
                        "the date {date} is not the one the file name starts with ({named}): rename the file or fix the date, so that the folder lists events in their order"
                    )));
                }
            }
            if let Some((f, date)) = roles.marks.and_then(|f| Some((f, e.fields.date(f)?))) {
                if date.year < range.start || date.year > range.end {
                    diagnostics.push(at_date(
                        f,
                        date,
                        format!(
                        "the date {date} is outside the timeline ({}–{}, set in content/site.yaml)",
                        range.start, range.end
                    ),
                    ));
                }
            }
            if let Some((any_of, message)) = &roles.requires_one_of {
                let filled = |f: &usize| match e.fields.get(*f) {
                    Some(Value::List(items)) => !items.is_empty(),
                    other => other.is_some(),
                };
                if !any_of.iter().any(filled) {
                    diagnostics.push(Diagnostic::new(&e.path, 1, 1, message.clone()));
                }
            }
        }
    }

    /// Every URL of the front matter must be one a page may link to ([`crate::url::check`]).
    fn check_front_matter_urls(&self, entities: &[Entity], diagnostics: &mut Diagnostics) {
        for e in entities {
            for (key, url) in e.texts_of(&self.schema, Text::Url) {
                if let Err(message) = crate::url::check(url) {
                    let (line, column) = e.locate(key, url);
                    diagnostics.push(Diagnostic::new(&e.path, line, column, message));
                }
            }
        }
    }

    /// Checks every relation (every id in the front matter) and returns, for each entity,
    /// what it relates to either way, and the relations as written.
    #[allow(clippy::type_complexity)]
    fn relate(
        &self,
        diagnostics: &mut Diagnostics,
    ) -> (Vec<BTreeMap<Kind, Vec<Ix>>>, Vec<Vec<Ix>>) {
        let named: Vec<Vec<Ix>> = (0..self.entities.len())
            .map(|from| self.named_by(from, diagnostics))
            .collect();
        let mut sets: Vec<BTreeMap<Kind, BTreeSet<Ix>>> =
            vec![BTreeMap::new(); self.entities.len()];
        for (from, list) in named.iter().enumerate() {
            for &to in list {
                let (from_kind, to_kind) = (self.entities[from].kind, self.entities[to].kind);
                sets[from].entry(to_kind).or_default().insert(to);
                sets[to].entry(from_kind).or_default().insert(from);
            }
        }
        let rank = &self.position;
        let related = sets
            .into_iter()
            .map(|groups| {
                groups
                    .into_iter()
                    .map(|(kind, set)| {
                        let mut list: Vec<Ix> = set.into_iter().collect();
                        list.sort_by_key(|ix| rank[*ix]);
                        (kind, list)
                    })
                    .collect()
            })
            .collect();
        (related, named)
    }

    /// The pages the front matter of `from` names, each id checked: sorted, each once, but
    /// itself.
    fn named_by(&self, from: Ix, diagnostics: &mut Diagnostics) -> Vec<Ix> {
        let e = &self.entities[from];
        let mut named = Vec::new();
        for (key, kind, id) in self.ids_named(e) {
            match self.get(kind, id) {
                Some(to) if to != from => named.push(to),
                Some(_) => {}
                None if self.unparsed.contains(&(kind, id.to_string())) => {}
                None => diagnostics.push(self.unknown_id(e, key, kind, id)),
            }
        }
        named.sort_unstable();
        named.dedup();
        named.shrink_to_fit();
        named
    }

    /// After the `edited` pages were replaced: what each names is read again, and each
    /// page it names or named is related to it or not, both ways; then the lists that a
    /// page moved in its collection is in are put in order again.
    fn relate_again(&mut self, edited: &[Ix], diagnostics: &mut Diagnostics) {
        for &from in edited {
            let named = self.named_by(from, diagnostics);
            let mut others = std::mem::replace(&mut self.named[from], named);
            others.extend(&self.named[from]);
            others.sort_unstable();
            others.dedup();
            for to in others {
                let linked = self.names(from, to) || self.names(to, from);
                self.link(from, to, linked);
                self.link(to, from, linked);
            }
        }
        for &moved in edited {
            let kind = self.entities[moved].kind;
            let others: Vec<Ix> = self.related[moved].values().flatten().copied().collect();
            for other in others {
                self.sort_related(other, kind);
            }
        }
    }

    /// Puts `to` among the pages related to `from`, in the order of its collection, or
    /// takes it out (and its kind's group with it, once empty).
    fn link(&mut self, from: Ix, to: Ix, linked: bool) {
        let kind = self.entities[to].kind;
        let groups = &mut self.related[from];
        let list = groups.entry(kind).or_default();
        match (list.iter().position(|&ix| ix == to), linked) {
            (None, true) => list.push(to),
            (Some(at), false) => {
                list.remove(at);
            }
            _ => {}
        }
        if list.is_empty() {
            groups.remove(&kind);
        }
        self.sort_related(from, kind);
    }

    /// Sorts the pages of `kind` related to `from` in the order of their collection.
    fn sort_related(&mut self, from: Ix, kind: Kind) {
        let (related, rank) = (&mut self.related, &self.position);
        if let Some(list) = related[from].get_mut(&kind) {
            list.sort_by_key(|ix| rank[*ix]);
        }
    }

    /// Every id the front matter of `e` names: the top-level field it is written under,
    /// its kind, the id.
    fn ids_named<'a>(&'a self, e: &'a Entity) -> Vec<(&'a str, Kind, &'a str)> {
        e.values_of(&self.schema, |ty| matches!(ty, FieldType::Id(_)))
            .into_iter()
            .filter_map(|(key, field, value)| match field.ty {
                FieldType::Id(kind) => Some((key, kind, value.as_text()?)),
                _ => None,
            })
            .collect()
    }

    fn unknown_id(&self, e: &Entity, key: &str, kind: Kind, id: &str) -> Diagnostic {
        let (line, column) = e.locate(key, id);
        let (line, column) = if (line, column) == (2, 1) {
            e.locate_anywhere(id)
        } else {
            (line, column)
        };
        Diagnostic::new(
            &e.path,
            line,
            column,
            format!(
                "unknown {} \"{id}\": there is no content/{}/{id}.md{}",
                self.schema.singular(kind),
                self.schema.folder(kind),
                did_you_mean(id, self.ids(kind))
            ),
        )
    }

    /// Each entity's position in its sorted collection.
    fn rank(&self) -> Vec<usize> {
        let mut rank = vec![0; self.entities.len()];
        for list in self.collections.values() {
            for (pos, ix) in list.iter().enumerate() {
                rank[*ix] = pos;
            }
        }
        rank
    }

    fn sorted_collections(&self) -> BTreeMap<Kind, Vec<Ix>> {
        let mut collections: BTreeMap<Kind, Vec<Ix>> = BTreeMap::new();
        for (ix, e) in self.entities.iter().enumerate() {
            collections.entry(e.kind).or_default().push(ix);
        }
        for list in collections.values_mut() {
            list.sort_by_cached_key(|ix| self.sort_key(&self.entities[*ix]));
        }
        collections
    }

    fn group_years(&self) -> BTreeMap<i32, Vec<Ix>> {
        let range = self.config.timeline;
        let mut years: BTreeMap<i32, Vec<Ix>> =
            (range.start..=range.end).map(|y| (y, Vec::new())).collect();
        let Some(marked) = self.schema.marked() else {
            return years;
        };
        for &ix in self.collection(marked) {
            if let Some(list) = self.year_of(ix).and_then(|y| years.get_mut(&y)) {
                list.push(ix);
            }
        }
        years
    }

    /// The order in which each collection is listed: its kind's sort keys, then the id.
    fn sort_key(&self, e: &Entity) -> (Vec<SortPart>, String) {
        let keys = &self.schema.roles(e.kind).sort;
        let fields = self.schema.fields(e.kind);
        let parts = keys.iter().map(|key| sort_part(fields, e, key)).collect();
        (parts, e.id.clone())
    }

    /// The entities of one kind, sorted.
    pub(crate) fn collection(&self, kind: Kind) -> &[Ix] {
        self.collections.get(&kind).map_or(&[], |v| v.as_slice())
    }
}

/// Whether `end` is before `start`, compared at the precision both have: "2019" does not
/// end before "2019-06-17".
fn ends_before(start: Date, end: Date) -> bool {
    let common = |d: Date, other: Date| Date {
        year: d.year,
        month: d.month.filter(|_| other.month.is_some()),
        day: d
            .day
            .filter(|_| other.day.is_some() && other.month.is_some()),
    };
    common(end, start) < common(start, end)
}

/// The date an event's file name starts with, at its precision: `2019-06-17-x` →
/// 2019-06-17, `2004-first-gge` → 2004.
fn date_in_file_name(id: &str) -> Option<Date> {
    let parts: Vec<&str> = id.split('-').take(3).collect();
    let digits = |s: &&str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let len = match parts.as_slice() {
        [y, m, d, ..] if digits(y, 4) && digits(m, 2) && digits(d, 2) => 3,
        [y, m, ..] if digits(y, 4) && digits(m, 2) => 2,
        [y, ..] if digits(y, 4) => 1,
        _ => return None,
    };
    Date::parse(&parts[..len].join("-")).ok()
}

/// Whether a file name's date and the `date` field agree on what the name states.
fn agrees(named: Date, date: Date) -> bool {
    named.year == date.year
        && named.month.is_none_or(|m| date.month == Some(m))
        && named.day.is_none_or(|d| date.day == Some(d))
}

/// One key of an order; an absent value sorts after every present one.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortPart {
    Present(SortValue),
    Absent,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortValue {
    /// An enum value's place among the values declared.
    Rank(usize),
    Number(i64),
    /// Year, month, day; a date known to the month or the year sorts after the dates it
    /// contains ("2025" after "2025-07-11"): it is later than none of them for sure, and
    /// a reader looks for it once the dated ones are told.
    Date(i32, u8, u8),
    /// Lowercase, so that case does not order.
    Text(String),
}

fn sort_part(fields: &[Field], e: &Entity, key: &SortKey) -> SortPart {
    let (field, value) = match e.fields.get(key.field) {
        Some(v) => (key.field, Some(v)),
        None => match key.otherwise {
            Some(f) => (f, e.fields.get(f)),
            None => (key.field, None),
        },
    };
    let Some(value) = value else {
        return SortPart::Absent;
    };
    SortPart::Present(match value {
        Value::Text(s) if key.surname_first => SortValue::Text(surname_first(s)),
        Value::Text(s) => match &fields[field].ty {
            FieldType::Enum(values) => {
                SortValue::Rank(values.iter().position(|(v, _)| **v == **s).unwrap_or(0))
            }
            _ => SortValue::Text(s.to_lowercase()),
        },
        Value::Number(n) => SortValue::Number(*n),
        Value::Date(d) => date_order(*d),
        Value::List(_) | Value::Record(_) => return SortPart::Absent,
    })
}

fn date_order(d: Date) -> SortValue {
    SortValue::Date(d.year, d.month.unwrap_or(13), d.day.unwrap_or(32))
}

/// "Jane Q. Doe" sorts as "doe jane q.".
fn surname_first(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if let Some(last) = words.pop() {
        words.insert(0, last);
    }
    words.join(" ").to_lowercase()
}

/// The date span of an event or consultation, as a reader reads it: "17–18 June 2019",
/// "30 June – 2 July 2019", "2004–2005".
fn span(start: &Date, end: Option<&Date>) -> String {
    let Some(end) = end.filter(|e| *e != start) else {
        return start.human();
    };
    let same_year = start.year == end.year;
    match (start.day, end.day) {
        (Some(d1), Some(d2)) if same_year && start.month == end.month => {
            format!(
                "{d1}–{d2} {} {}",
                start.month_name().unwrap_or(""),
                start.year
            )
        }
        (Some(d1), Some(_)) if same_year => {
            format!(
                "{d1} {} – {}",
                start.month_name().unwrap_or(""),
                end.human()
            )
        }
        _ => format!("{} – {}", start.human(), end.human()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn spans_read_naturally() {
        assert_eq!(
            span(&d("2019-06-17"), Some(&d("2019-06-18"))),
            "17–18 June 2019"
        );
        assert_eq!(
            span(&d("2019-06-30"), Some(&d("2019-07-02"))),
            "30 June – 2 July 2019"
        );
        assert_eq!(span(&d("2019-06-17"), None), "17 June 2019");
        assert_eq!(span(&d("2004"), Some(&d("2005"))), "2004 – 2005");
    }

    #[test]
    fn ends_are_compared_at_the_precision_both_have() {
        assert!(!ends_before(d("2019-06-17"), d("2019")));
        assert!(!ends_before(d("2019-06-17"), d("2019-06-18")));
        assert!(ends_before(d("2019-06-17"), d("2018-01-01")));
        assert!(ends_before(d("2019-06"), d("2019-05-30")));
    }

    #[test]
    fn file_names_state_a_date_at_their_precision() {
        assert_eq!(date_in_file_name("2019-06-17-osce"), Some(d("2019-06-17")));
        assert_eq!(date_in_file_name("2004-first-gge"), Some(d("2004")));
        assert_eq!(date_in_file_name("2019-06-x"), Some(d("2019-06")));
        assert_eq!(date_in_file_name("resolution-53-70"), None);
        assert!(agrees(d("2019-06"), d("2019-06-17")));
        assert!(!agrees(d("2003-01-01"), d("2019-06-17")));
    }

    #[test]
    fn a_date_known_to_the_year_sorts_after_the_dates_it_contains() {
        let order = |s: &str| date_order(d(s));
        assert!(order("2025") > order("2025-12-31"));
        assert!(order("2025-07") > order("2025-07-11"));
        assert!(order("2025-07") < order("2025-08-01"));
        assert!(order("2025") < order("2026-01-01"));
    }

    #[test]
    fn surnames_sort_first() {
        assert_eq!(surname_first("Jane Q. Doe"), "doe jane q.");
    }
}
