//! From the file as written to the checked schema: kinds numbered, types and names
//! resolved, roles checked against the fields they name. Every problem is collected and
//! located; none stops the others.

use super::file::{self, ColumnDecl, Declared, FieldDecl, File, Ordered, Shorthand};
use super::locate::{field_position, key_line, position};
use super::*;
use crate::content::record::Value;
use crate::yaml::yaml_diagnostic;

const TYPES: [&str; 8] = [
    "string", "markdown", "url", "symbol", "date", "year", "enum", "id",
];

pub(super) fn parse(text: &str) -> Result<Schema, Vec<Diagnostic>> {
    let rel = Path::new(SCHEMA_PATH);
    crate::yaml::check_depth(rel, 1, text).map_err(|d| vec![d])?;
    let file: File = serde_yaml::from_str(text).map_err(|e| vec![yaml_diagnostic(rel, 1, &e)])?;
    let mut resolver = Resolver {
        text,
        problems: Vec::new(),
        kind_names: Vec::new(),
        record_names: file.records.0.iter().map(|(n, _)| n.clone()).collect(),
    };
    let entries = resolver.number_kinds(&file);
    let mut records = resolver.named_records(&file);
    let mut common = resolver.fields(&file.common, None, "common");
    for field in &mut common {
        field.common = true;
    }
    let mut kinds: Vec<KindSchema> = Vec::new();
    for (n, (entry, d)) in entries.iter().enumerate() {
        let kind = Kind(n as u8);
        if d.fields.0.is_empty() {
            let why = format!(
                "kind \"{}\" declares no fields: list them under `fields` (docs/CONTENT-MODEL.md)",
                d.kind
            );
            resolver.at_key(*entry, "kind", why);
            continue;
        }
        let mut fields = resolver.fields(&d.fields, Some(*entry), "fields");
        for f in &common {
            if fields.iter().any(|own| own.name == f.name) {
                let at = field_position(text, Some(*entry), "fields", &f.name);
                resolver.problem(
                    at,
                    format!(
                        "field `{}` is common to every kind (under `common`): remove it here",
                        f.name
                    ),
                );
            }
        }
        fields.extend(common.iter().cloned());
        let record = RecordSpec { fields };
        let ks = resolver.kind(
            kind,
            (*entry, d),
            (&records, &record),
            &kinds,
            file.means.as_deref(),
        );
        records.push(record);
        kinds.push(ks);
    }
    resolver.check_pages(&kinds);
    resolver.check_timeline_views(&kinds, &records);
    if !resolver.problems.is_empty() {
        return Err(resolver.problems);
    }
    let folders = kinds
        .iter()
        .filter(|k| !k.folder.is_empty())
        .map(|k| (k.folder.clone(), k.kind))
        .collect();
    Ok(Schema {
        kinds,
        records,
        folders: Folders(folders),
        text: text.to_string(),
    })
}

struct Resolver<'t> {
    text: &'t str,
    problems: Vec<Diagnostic>,
    /// The declared kinds, by name, in order ([`Kind`] is the index).
    kind_names: Vec<String>,
    record_names: Vec<String>,
}

impl Resolver<'_> {
    fn problem(&mut self, (line, column): (usize, usize), message: String) {
        self.problems.push(Diagnostic::new(
            Path::new(SCHEMA_PATH),
            line,
            column,
            message,
        ));
    }

    fn at_key(&mut self, entry: usize, key: &str, message: String) {
        let at = position(self.text, entry, key);
        self.problem(at, message);
    }

    /// The kinds in their order, each with its entry's index; a kind declared twice keeps
    /// its first entry.
    fn number_kinds<'f>(&mut self, file: &'f File) -> Vec<(usize, &'f Declared)> {
        let mut kept: Vec<(usize, &Declared)> = Vec::new();
        for (i, d) in file.kinds.iter().enumerate() {
            let valid = !d.kind.is_empty()
                && d.kind
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !valid {
                let why = format!(
                    "kind \"{}\" is not a kind name: lowercase letters, digits and _",
                    d.kind
                );
                self.at_key(i, "kind", why);
            } else if kept.iter().any(|(_, k)| k.kind == d.kind) {
                self.at_key(i, "kind", format!("kind \"{}\" is declared twice", d.kind));
            } else if kept.len() == u8::MAX as usize {
                self.at_key(i, "kind", "a schema declares at most 255 kinds".into());
            } else {
                kept.push((i, d));
            }
        }
        if kept.is_empty() {
            let at = key_line(self.text, "kinds");
            self.problem(
                at,
                "the schema declares no kind: list them under kinds".into(),
            );
        }
        self.kind_names = kept.iter().map(|(_, d)| d.kind.clone()).collect();
        kept
    }

    fn named_records(&mut self, file: &File) -> Vec<RecordSpec> {
        let mut records = Vec::new();
        for (name, fields) in &file.records.0 {
            if TYPES.contains(&name.as_str()) {
                let at = field_position(self.text, None, "records", name);
                self.problem(
                    at,
                    format!("record \"{name}\" has the name of a type: choose another"),
                );
            }
            let fields = self.fields(fields, None, name);
            records.push(RecordSpec { fields });
        }
        records
    }

    /// The fields of one section (`fields` of an entry, `common`, or a record).
    fn fields(
        &mut self,
        written: &Ordered<file::FieldDeclWritten>,
        entry: Option<usize>,
        section: &str,
    ) -> Vec<Field> {
        written
            .0
            .iter()
            .filter_map(|(name, decl)| {
                let at = field_position(self.text, entry, section, name);
                self.field(name, &file::field_decl(decl), at)
            })
            .collect()
    }

    fn field(&mut self, name: &str, d: &FieldDecl, at: (usize, usize)) -> Option<Field> {
        let ty = match self.field_type(name, d) {
            Ok(ty) => ty,
            Err(message) => {
                self.problem(at, message);
                return None;
            }
        };
        if d.optional && d.required {
            self.problem(
                at,
                format!("field `{name}` cannot be both optional and required"),
            );
        }
        let default = match &d.default {
            Some(written) => match default_value(&ty, d, written) {
                Ok(value) => Some(value),
                Err(why) => {
                    self.problem(at, format!("field `{name}`: the default {why}"));
                    None
                }
            },
            None => None,
        };
        Some(Field {
            name: name.to_string(),
            required: if d.list {
                d.required
            } else {
                !d.optional && d.default.is_none()
            },
            ty,
            list: d.list,
            common: false,
            default,
        })
    }

    fn field_type(&self, name: &str, d: &FieldDecl) -> Result<FieldType, String> {
        if d.of.is_some() && d.ty != "id" {
            return Err(format!(
                "field `{name}`: only an id field names a kind with `of`"
            ));
        }
        if d.values.is_some() && d.ty != "enum" {
            return Err(format!("field `{name}`: only an enum field has `values`"));
        }
        Ok(match d.ty.as_str() {
            "string" => FieldType::Text(Text::String),
            "markdown" => FieldType::Text(Text::Markdown),
            "url" => FieldType::Text(Text::Url),
            "symbol" => FieldType::Text(Text::Symbol),
            "date" => FieldType::Date,
            "year" => FieldType::Year,
            "enum" => match &d.values {
                Some(values) if !values.0.is_empty() => FieldType::Enum(values.0.clone()),
                _ => {
                    return Err(format!(
                        "field `{name}`: an enum lists its `values`, each with its label"
                    ))
                }
            },
            "id" => FieldType::Id(self.kind_named(name, d.of.as_deref())?),
            other => match self.record_names.iter().position(|r| r == other) {
                Some(record) => FieldType::Record(record),
                None => {
                    let known: Vec<&str> = TYPES
                        .iter()
                        .copied()
                        .chain(self.record_names.iter().map(String::as_str))
                        .collect();
                    return Err(format!(
                        "field `{name}`: unknown type \"{other}\": the types are {}, or a record of `records`{}",
                        TYPES.join(", "),
                        did_you_mean(other, known)
                    ));
                }
            },
        })
    }

    fn kind_named(&self, field: &str, of: Option<&str>) -> Result<Kind, String> {
        let Some(of) = of else {
            return Err(format!(
                "field `{field}`: an id field names its kind with `of`"
            ));
        };
        self.kind_names
            .iter()
            .position(|k| k == of)
            .map(|i| Kind(i as u8))
            .ok_or_else(|| {
                format!(
                    "field `{field}`: unknown kind \"{of}\": the schema declares {}{}",
                    self.kind_names.join(", "),
                    did_you_mean(of, self.kind_names.iter().map(String::as_str))
                )
            })
    }

    fn kind(
        &mut self,
        kind: Kind,
        (entry, d): (usize, &Declared),
        (records, record): (&[RecordSpec], &RecordSpec),
        before: &[KindSchema],
        means: Option<&str>,
    ) -> KindSchema {
        let folder = d.folder.clone().unwrap_or_default();
        let record_ix = records.len();
        let mut roles = RoleResolver {
            r: self,
            entry,
            kind: &d.kind,
            record,
            records,
        };
        let mut resolved = roles.roles(d);
        resolved.means = means.and_then(|name| roles.means(name));
        let index = d.index.as_ref().map(|i| roles.index(i));
        let data = d.data.as_ref().map(|t| roles.data(t));
        let default = if folder.is_empty() {
            "{id}/"
        } else {
            "{folder}/{id}/"
        };
        let url = UrlPattern::parse(d.url.as_deref().unwrap_or(default));
        let ks = KindSchema {
            kind,
            name: d.kind.clone(),
            folder,
            singular: d.singular.clone(),
            plural: d.plural.clone(),
            template: d.template.clone(),
            home_template: d.home_template.clone(),
            index,
            nav: d.nav.clone(),
            record: record_ix,
            roles: resolved,
            url,
            data,
        };
        self.check_kind(entry, &ks, before);
        ks
    }

    /// Folder, navigation, templates and URL of one kind.
    fn check_kind(&mut self, entry: usize, k: &KindSchema, before: &[KindSchema]) {
        if let Some(message) = documents_problem(k, before) {
            self.at_key(entry, "documents", message);
        }
        if let Some(message) = folder_problem(k, before) {
            self.at_key(entry, "folder", message);
        }
        if let Some(message) = k.nav.as_ref().and_then(|nav| nav_problem(k, nav, before)) {
            self.at_key(entry, "nav", message);
        }
        if k.home_template.is_some() && !k.folder.is_empty() {
            let why = "only the kind of the pages at the top of content/ has a home_template";
            self.at_key(entry, "home_template", why.into());
        }
        if k.index.is_some() && (k.folder.is_empty() || k.roles.marks.is_some()) {
            let why = if k.folder.is_empty() {
                "its pages are at the top of content/"
            } else {
                "the timeline lists its pages"
            };
            self.at_key(
                entry,
                "index",
                format!("kind \"{}\" cannot have an index page: {why}", k.name),
            );
        }
        if let Err(message) = check_url(&k.url.written, k.roles.marks.is_some()) {
            self.at_key(entry, "url", message);
        }
    }

    /// Exactly one kind has no folder: the pages at the top of `content/`.
    fn check_pages(&mut self, kinds: &[KindSchema]) {
        let top: Vec<&KindSchema> = kinds.iter().filter(|k| k.folder.is_empty()).collect();
        if top.is_empty() && !kinds.is_empty() {
            let at = key_line(self.text, "kinds");
            self.problem(at, "no kind is for the pages at the top of content/ (the home page, about): declare one without a folder".into());
        }
        for extra in top.iter().skip(1) {
            let entry = kinds.iter().position(|k| k.kind == extra.kind).unwrap_or(0);
            let why = format!("kind \"{}\" needs a folder under content/: only one kind (\"{}\") lives at its top", extra.name, top[0].name);
            self.at_key(entry, "kind", why);
        }
    }

    /// The views of the timeline by bar are `timeline/<kind>/<id>/`, beside the views by
    /// type (`timeline/<field>/<value>/`) and the years (`timeline/<year>/`): the barred
    /// kind's name must be a folder name of its own.
    fn check_timeline_views(&mut self, kinds: &[KindSchema], records: &[RecordSpec]) {
        let Some((entry, barred)) = kinds
            .iter()
            .enumerate()
            .find(|(_, k)| k.roles.bars.is_some())
        else {
            return;
        };
        let type_field = kinds.iter().find_map(|k| {
            let field = k.roles.mark_type?;
            Some(records[k.record].fields[field].name.as_str())
        });
        let name = barred.name.as_str();
        let why = if !is_path_name(name) {
            format!("kind \"{name}\" is drawn as bars, and names the folder of their views of the timeline (timeline/{name}/<id>/): start its name with a letter")
        } else if type_field == Some(name) {
            format!("kind \"{name}\" is drawn as bars, and the field that types the marks has its name: the views of both would be in timeline/{name}/; rename one")
        } else {
            return;
        };
        self.at_key(entry, "timeline", why);
    }
}

/// What `timeline:` declares: the date that files the pages and the field that types
/// their marks, or the years of their bars.
#[derive(Default)]
struct TimelineRoles {
    marks: Option<usize>,
    mark_type: Option<usize>,
    mark_label: Option<usize>,
    bars: Option<(usize, Option<usize>)>,
}

/// Resolves the roles of one kind against its fields.
struct RoleResolver<'a, 't> {
    r: &'a mut Resolver<'t>,
    entry: usize,
    kind: &'a str,
    record: &'a RecordSpec,
    /// The named records, for fields inside record fields.
    records: &'a [RecordSpec],
}

impl RoleResolver<'_, '_> {
    /// The field `name` of the kind, if its type is one `accepts`; else an error at `key`.
    fn field(
        &mut self,
        key: &str,
        name: &str,
        accepts: fn(&FieldType) -> bool,
        what: &str,
    ) -> Option<usize> {
        match self.record.index(name) {
            Some(i) if accepts(&self.record.fields[i].ty) => Some(i),
            Some(_) => {
                self.r.at_key(
                    self.entry,
                    key,
                    format!("`{key}` names field `{name}`, which is not {what}"),
                );
                None
            }
            None => {
                let names = self.record.fields.iter().map(|f| f.name.as_str());
                let message = format!(
                    "`{key}` names no field of kind \"{}\": there is no field `{name}`{}",
                    self.kind,
                    did_you_mean(name, names)
                );
                self.r.at_key(self.entry, key, message);
                None
            }
        }
    }

    fn any(&mut self, key: &str, name: &str) -> Option<usize> {
        self.field(key, name, |_| true, "")
    }

    fn roles(&mut self, d: &Declared) -> Roles {
        let text = |t: &FieldType| matches!(t, FieldType::Text(_));
        let date = |t: &FieldType| *t == FieldType::Date;
        let dated = |t: &FieldType| matches!(t, FieldType::Date | FieldType::Year);
        let title = d.title.as_deref().unwrap_or("title");
        let timeline = self.timeline_roles(d);
        Roles {
            title: self.field("title", title, text, "a string").unwrap_or(0),
            summary: self.summary_role(d),
            dates: d.dates.as_ref().and_then(|n| self.pair("dates", n, dated)),
            short: self.named("short", &d.short, text, "a string"),
            aliases: self
                .named("aliases", &d.aliases, text, "a list of strings")
                .filter(|&i| self.record.fields[i].list),
            names: d
                .names
                .iter()
                .filter_map(|p| self.name_pattern(p))
                .collect(),
            means: None,
            marks: timeline.marks,
            mark_type: timeline.mark_type,
            mark_label: timeline.mark_label,
            bars: timeline.bars,
            file_names: self.named("file_names", &d.file_names, date, "a date"),
            feed: self.named("feed", &d.feed, date, "a date"),
            sort: d.sort.iter().filter_map(|s| self.sort_key(s)).collect(),
            documents: self.named(
                "documents",
                &d.documents,
                |t| *t == FieldType::Text(Text::Symbol),
                "a symbol",
            ),
            search: self.named(
                "search",
                &d.search,
                |t| matches!(t, FieldType::Enum(values) if values.iter().all(|(v, _)| SearchRank::named(v).is_some())),
                "an enum whose values are among `listed`, `last` and `hidden`",
            ),
            requires_one_of: d.requires_one_of.as_ref().map(|req| {
                let fields = req
                    .fields
                    .iter()
                    .filter_map(|n| self.any("requires_one_of", n));
                (fields.collect(), req.message.clone())
            }),
        }
    }

    /// The field a role names, if the role is declared.
    fn named(
        &mut self,
        key: &str,
        name: &Option<String>,
        accepts: fn(&FieldType) -> bool,
        what: &str,
    ) -> Option<usize> {
        self.field(key, name.as_deref()?, accepts, what)
    }

    /// One of `names`: its field must hold text (a string, a symbol, or a list of them).
    fn name_pattern(&mut self, pattern: &str) -> Option<NamePattern> {
        let text = |t: &FieldType| matches!(t, FieldType::Text(_));
        match NamePattern::parse(pattern) {
            Ok((before, field, strip, after)) => {
                let field = self.field("names", field, text, "text (a string or a symbol)")?;
                Some(NamePattern {
                    before,
                    field,
                    strip,
                    after,
                })
            }
            Err(message) => {
                self.r.at_key(self.entry, "names", message);
                None
            }
        }
    }

    /// The top-level `means`: a common list of records with a `name` and a `page`.
    fn means(&mut self, name: &str) -> Option<usize> {
        let i = self
            .record
            .index(name)
            .filter(|&i| self.record.fields[i].common);
        let shape = i.and_then(|i| match self.record.fields[i].ty {
            FieldType::Record(r) if self.record.fields[i].list => Some(&self.records[r]),
            _ => None,
        });
        let fits = shape.is_some_and(|r| r.index("name").is_some() && r.index("page").is_some());
        if fits {
            return i;
        }
        // Reported once, with the first kind.
        if self.r.kind_names.first().map(String::as_str) == Some(self.kind) {
            let at = key_line(self.r.text, "means");
            let message = format!("`means` names {name:?}, which is not a common field of records with a `name` and a `page` (docs/CONTENT-MODEL.md)");
            self.r.problem(at, message);
        }
        None
    }

    /// The summary: the field named, or else a string field called `summary`.
    fn summary_role(&mut self, d: &Declared) -> Option<usize> {
        let text = |t: &FieldType| matches!(t, FieldType::Text(_));
        match &d.summary {
            Some(name) => self.field("summary", name, text, "a string"),
            None => self
                .record
                .index("summary")
                .filter(|&i| text(&self.record.fields[i].ty)),
        }
    }

    /// `timeline: {marks: <date>, type: <enum>}` and `timeline: {bars: [<year>, <year>]}`.
    fn timeline_roles(&mut self, d: &Declared) -> TimelineRoles {
        let Some(timeline) = &d.timeline else {
            return TimelineRoles::default();
        };
        let date = |t: &FieldType| *t == FieldType::Date;
        let year = |t: &FieldType| *t == FieldType::Year;
        let marks = self.named("timeline", &timeline.marks, date, "a date");
        let bars = timeline
            .bars
            .as_ref()
            .and_then(|n| self.pair("timeline", n, year));
        let mark_type = timeline
            .ty
            .as_ref()
            .and_then(|name| self.mark_type(name, timeline.marks.is_some()));
        let text = |t: &FieldType| *t == FieldType::Text(Text::String);
        let mark_label = self.named("timeline", &timeline.label, text, "a string");
        TimelineRoles {
            marks,
            mark_type,
            mark_label,
            bars,
        }
    }

    /// `timeline: {type}`: an enum that every mark has one value of, each value a shape
    /// on the chart and a page of its own (`timeline/<field>/<value>/`, so the field and
    /// its values must be folder names), no more values than the chart has shapes.
    fn mark_type(&mut self, name: &str, has_marks: bool) -> Option<usize> {
        let is_enum = |t: &FieldType| matches!(t, FieldType::Enum(_));
        let field = self.field("timeline", name, is_enum, "an enum")?;
        let f = &self.record.fields[field];
        let FieldType::Enum(values) = &f.ty else {
            return None;
        };
        let mut names = std::iter::once(name).chain(values.iter().map(|(v, _)| v.as_str()));
        let problem = if !has_marks {
            "`timeline: {type}` types the marks: declare `marks` beside it".to_string()
        } else if f.list {
            format!("`timeline` types the marks with field `{name}`, which is a list: a mark has one type")
        } else if !f.required && f.default.is_none() {
            format!("`timeline` types the marks with field `{name}`: give it a `default` or make it required, so that every mark has a type")
        } else if values.len() > MARK_TYPES_MAX {
            format!("`timeline` types the marks with field `{name}`, which has {} values: the chart has {MARK_TYPES_MAX} shapes to tell them apart", values.len())
        } else if let Some(bad) = names.find(|n| !is_path_name(n)) {
            format!("`timeline` types the marks with field `{name}`: \"{bad}\" names a folder of the timeline's pages (timeline/{name}/<value>/): write lowercase letters, digits, - and _, starting with a letter")
        } else {
            return Some(field);
        };
        self.r.at_key(self.entry, "timeline", problem);
        None
    }

    /// A start field and an optional end of the same type.
    fn pair(
        &mut self,
        key: &str,
        names: &[String],
        accepts: fn(&FieldType) -> bool,
    ) -> Option<(usize, Option<usize>)> {
        if names.is_empty() || names.len() > 2 {
            self.r.at_key(
                self.entry,
                key,
                format!("`{key}` names a start field and, optionally, an end field"),
            );
            return None;
        }
        let start = self.field(key, &names[0], accepts, "of the right type")?;
        let end = match names.get(1) {
            Some(name) => Some(self.field(key, name, accepts, "of the right type")?),
            None => None,
        };
        if end.is_some_and(|e| self.record.fields[e].ty != self.record.fields[start].ty) {
            self.r.at_key(
                self.entry,
                key,
                format!("`{key}`: the start and the end are of one type"),
            );
        }
        Some((start, end))
    }

    fn sort_key(&mut self, written: &Shorthand<file::SortDecl>) -> Option<SortKey> {
        let (field, otherwise, by) = match written {
            Shorthand::Name(name) => (name.as_str(), None, None),
            Shorthand::Full(s) => (s.field.as_str(), s.otherwise.as_deref(), s.by.as_deref()),
        };
        if by.is_some_and(|b| b != "surname") {
            self.r.at_key(
                self.entry,
                "sort",
                "`by` can only be `surname` (a name sorted by its last word)".into(),
            );
        }
        Some(SortKey {
            field: self.any("sort", field)?,
            otherwise: match otherwise {
                Some(name) => Some(self.any("sort", name)?),
                None => None,
            },
            surname_first: by == Some("surname"),
        })
    }

    fn index(&mut self, i: &file::IndexDecl) -> IndexPage {
        let group_by = i.group_by.as_ref().and_then(|name| {
            self.field(
                "group_by",
                name,
                |t| matches!(t, FieldType::Enum(_)),
                "an enum",
            )
        });
        let matrix = i
            .matrix
            .iter()
            .filter_map(
                |name| match self.r.kind_names.iter().position(|k| k == name) {
                    Some(k) => Some(Kind(k as u8)),
                    None => {
                        let names = self.r.kind_names.iter().map(String::as_str);
                        let message = format!(
                            "`matrix` names no kind \"{name}\"{}",
                            did_you_mean(name, names)
                        );
                        self.r.at_key(self.entry, "matrix", message);
                        None
                    }
                },
            )
            .collect();
        IndexPage {
            template: i.template.clone(),
            description: i.description.clone(),
            group_by,
            matrix,
        }
    }

    fn data(&mut self, t: &file::DataDecl) -> DataTable {
        let columns = t
            .columns
            .0
            .iter()
            .filter_map(|(name, written)| {
                let (path, format, join) = match written {
                    Shorthand::Name(path) => (path.clone(), None, None),
                    Shorthand::Full(ColumnDecl {
                        field,
                        format,
                        join,
                    }) => (field.clone(), format.clone(), join.clone()),
                };
                Some(Column {
                    name: name.clone(),
                    source: self.column_source(&path, format.as_deref())?,
                    format,
                    join: join.unwrap_or_else(|| " ".into()),
                })
            })
            .collect();
        DataTable {
            table: self.table_name(&t.table),
            columns,
        }
    }

    /// A table's name, which names its files (`data/<name>.csv`): a plain file name.
    fn table_name(&mut self, name: &str) -> String {
        let plain = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !plain {
            let why = format!(
                "`data` table \"{name}\" is not a file name: lowercase letters, digits, - and _"
            );
            self.r.at_key(self.entry, "data", why);
        }
        name.to_string()
    }

    /// `id`, `url`, a field or a field of a record field; a format's placeholders must be
    /// fields of the records it formats.
    fn column_source(&mut self, path: &str, format: Option<&str>) -> Option<ColumnSource> {
        match path {
            "id" => return Some(ColumnSource::Id),
            "url" => return Some(ColumnSource::Url),
            _ => {}
        }
        let mut steps = Vec::new();
        let mut fields = &self.record.fields;
        let mut last: Option<&Field> = None;
        for part in path.split('.') {
            let Some(i) = fields.iter().position(|f| f.name == part) else {
                let names = fields.iter().map(|f| f.name.as_str());
                let message = format!(
                    "`data` column `{path}`: there is no field `{part}`{}",
                    did_you_mean(part, names)
                );
                self.r.at_key(self.entry, "data", message);
                return None;
            };
            steps.push(i);
            last = Some(&fields[i]);
            if let FieldType::Record(r) = fields[i].ty {
                fields = &self.records[r].fields;
            }
        }
        if let (Some(format), Some(FieldType::Record(_))) = (format, last.map(|f| &f.ty)) {
            for name in placeholders(format) {
                if !fields.iter().any(|f| f.name == name) {
                    let message = format!(
                        "`data` column `{path}`: the format names no field `{name}` of its records"
                    );
                    self.r.at_key(self.entry, "data", message);
                }
            }
        }
        Some(ColumnSource::Path(steps))
    }
}

/// A field's default, read as its type reads a value: one value of a scalar type.
fn default_value(
    ty: &FieldType,
    d: &FieldDecl,
    written: &serde_yaml::Value,
) -> Result<Value, String> {
    use serde_yaml::Value as Yaml;
    if d.list || d.required {
        return Err(
            "is for a single value that a page may leave out (not a list, not required)".into(),
        );
    }
    let text = match written {
        Yaml::String(s) => s.clone(),
        Yaml::Number(n) => n.to_string(),
        _ => return Err("must be a single value (a string, a date or a number)".into()),
    };
    match ty {
        FieldType::Text(_) => Ok(Value::Text(text.into())),
        FieldType::Enum(values) if values.iter().any(|(v, _)| *v == text) => {
            Ok(Value::Text(text.into()))
        }
        FieldType::Enum(values) => {
            let names: Vec<&str> = values.iter().map(|(v, _)| v.as_str()).collect();
            Err(format!(
                "\"{text}\" is not one of its values: {}",
                names.join(", ")
            ))
        }
        FieldType::Date => crate::content::date::Date::parse(&text).map(Value::Date),
        FieldType::Year => text
            .parse()
            .map(Value::Number)
            .map_err(|_| format!("\"{text}\" is not a year")),
        FieldType::Id(_) | FieldType::Record(_) => {
            Err("is only for a string, an enum, a date or a year".into())
        }
    }
}

/// The field names of a column's format: `{role} ({report})` → role, report; `{a|b}` → a, b.
pub(crate) fn placeholders(format: &str) -> Vec<&str> {
    format
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}'))
        .flat_map(|(inner, _)| inner.split('|'))
        .collect()
}

/// The kind of the UN documents: one, in the folder `documents` (its pages are the pages
/// at `documents/<slug>/` that every citation links to), without an index page of its
/// own (the generator writes `documents/index.html`).
fn documents_problem(k: &KindSchema, before: &[KindSchema]) -> Option<String> {
    k.roles.documents?;
    if let Some(other) = before.iter().find(|o| o.roles.documents.is_some()) {
        return Some(format!(
            "kind \"{}\" already holds the UN documents: one kind can",
            other.name
        ));
    }
    if k.folder != "documents" {
        return Some(
            "the kind of the UN documents lives in the folder `documents`, where their pages are"
                .into(),
        );
    }
    if k.url.written != "{folder}/{id}/" || k.index.as_ref().is_some_and(|i| !i.matrix.is_empty()) {
        return Some("the kind of the UN documents has no url or matrix of its own: its pages are documents/<slug>/, and its index page (template, description, group_by) is the documents list, documents/index.html".into());
    }
    None
}

/// A kind's folder: one of its own, a folder name, not the site's (but the kind of the
/// UN documents, whose pages the documents pages are).
fn folder_problem(k: &KindSchema, before: &[KindSchema]) -> Option<String> {
    let folder = &k.folder;
    if folder.is_empty() || (k.roles.documents.is_some() && folder == "documents") {
        return None;
    }
    let valid = folder
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    Some(if OWN_PAGES.contains(&folder.as_str()) {
        format!("folder \"{folder}\" is the site's own {folder}/ page: choose another")
    } else if !valid {
        format!("folder \"{folder}\" is not a folder name: lowercase letters, digits and -")
    } else if let Some(other) = before.iter().find(|o| &o.folder == folder) {
        format!(
            "folder \"{folder}\" is already the folder of kind \"{}\": two kinds cannot share one",
            other.name
        )
    } else {
        return None;
    })
}

/// A navigation entry: not for the pages at the top, and in a place of its own.
fn nav_problem(k: &KindSchema, nav: &NavEntry, before: &[KindSchema]) -> Option<String> {
    if k.folder.is_empty() {
        return Some(
            "pages have no index page to put in the navigation: link them from the theme".into(),
        );
    }
    let other = before
        .iter()
        .find(|o| o.nav.as_ref().is_some_and(|n| n.order == nav.order))?;
    Some(format!(
        "nav order {} is already the order of kind \"{}\": give each entry its own",
        nav.order, other.name
    ))
}

/// A name that is a folder of the timeline's own pages: lowercase letters, digits, - and _,
/// starting with a letter (a digit would make it a year's folder).
fn is_path_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_'))
}

/// A URL pattern: a folder path ending in `/`, with `{id}` and only the placeholders the
/// kind can fill.
fn check_url(pattern: &str, has_year: bool) -> Result<(), String> {
    if !pattern.contains("{id}") || !pattern.ends_with('/') || pattern.starts_with('/') {
        return Err(format!("url \"{pattern}\" must hold {{id}} and end with / (for example \"{{folder}}/{{id}}/\")"));
    }
    for name in placeholders(pattern) {
        let known = matches!(name, "id" | "folder") || (name == "year" && has_year);
        if !known {
            return Err(format!("url \"{pattern}\": unknown placeholder {{{name}}} (there are {{id}}, {{folder}}{})", if has_year { ", {year}" } else { "" }));
        }
    }
    // Written into the output as a path: only plain folder names, so that no pattern
    // leads out of the output folder ("../") or into an odd name.
    let literal = UrlPattern::parse(pattern).literal_text();
    let plain = literal
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'/'));
    if !plain || pattern.contains("//") {
        return Err(format!("url \"{pattern}\": write folder names of lowercase letters, digits, - and _, separated by /"));
    }
    Ok(())
}
