//! What templates receive of a page's front matter: `page.fields`, every field the schema
//! declares, each in the form its type gives it (docs/THEMES.md lists them). Serialized
//! straight from the site, without copying the entity first.

use crate::content::date::Date;
use crate::content::record::{Record, Value};
use crate::documents::{document_url, normalise_symbol, official_url};
use crate::schema::{Field, FieldType, Text};
use crate::site::{Ix, Site};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// A page in a list: its title, URL, the span of its dates, and its short name, for
/// the lists that must stay compact (a year's events, where full process names ran to
/// four lines each).
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) date: Option<&'a str>,
    pub(crate) short: Option<&'a str>,
}

impl<'a> Link<'a> {
    pub(crate) fn to(site: &'a Site, ix: Ix) -> Link<'a> {
        Link {
            title: site.entities[ix].title(),
            url: site.url(ix),
            date: site.dates(ix),
            short: site.short_name(ix),
        }
    }
}

/// A UN document as templates link it: `{symbol, url, official}`.
#[derive(Serialize)]
pub(crate) struct Document {
    pub(crate) symbol: String,
    pub(crate) url: String,
    pub(crate) official: String,
}

impl Document {
    pub(crate) fn of(written: &str) -> Document {
        let symbol = normalise_symbol(written);
        Document {
            url: document_url(&symbol),
            official: official_url(&symbol),
            symbol,
        }
    }
}

/// The first date of an entity's `dates` role, a year (a number) as a date of that year:
/// the date a citation gives the page.
pub(crate) fn first_date(site: &Site, ix: Ix) -> Option<Date> {
    let e = &site.entities[ix];
    let (start, _) = site.schema.roles(e.kind).dates?;
    match e.fields.get(start)? {
        Value::Date(d) => Some(*d),
        Value::Number(year) => Some(Date {
            year: i32::try_from(*year).ok()?,
            month: None,
            day: None,
        }),
        _ => None,
    }
}

/// `page.fields`: every field of a record, by name, but the relation lists (every page has
/// them grouped by kind and both ways: `related`, `referred_by`).
pub(crate) struct Fields<'a> {
    pub(crate) site: &'a Site,
    pub(crate) fields: &'a [Field],
    pub(crate) record: &'a Record,
}

impl<'a> Fields<'a> {
    pub(crate) fn of(site: &'a Site, ix: Ix) -> Fields<'a> {
        let e = &site.entities[ix];
        Fields {
            site,
            fields: site.schema.fields(e.kind),
            record: &e.fields,
        }
    }
}

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (i, field) in self.fields.iter().enumerate() {
            if field.is_relation_list() {
                continue;
            }
            let value = self.record.get(i).map(|value| FieldValue {
                site: self.site,
                field,
                value,
            });
            map.serialize_entry(&field.name, &value)?;
        }
        map.end()
    }
}

/// One value, in the form of its field's type.
struct FieldValue<'a> {
    site: &'a Site,
    field: &'a Field,
    value: &'a Value,
}

impl Serialize for FieldValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (site, ty) = (self.site, &self.field.ty);
        match self.value {
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&FieldValue { value, ..*self })?;
                }
                seq.end()
            }
            Value::Record(record) => match ty {
                FieldType::Record(r) => {
                    let fields = &site.schema.record(*r).fields;
                    Fields {
                        site,
                        fields,
                        record,
                    }
                    .serialize(s)
                }
                _ => s.serialize_none(),
            },
            Value::Date(d) => DateValue::of(d).serialize(s),
            Value::Number(n) => s.serialize_i64(*n),
            Value::Text(text) => serialize_text(site, ty, text, s),
        }
    }
}

fn serialize_text<S: Serializer>(
    site: &Site,
    ty: &FieldType,
    text: &str,
    s: S,
) -> Result<S::Ok, S::Error> {
    match ty {
        FieldType::Text(Text::Symbol) => Document::of(text).serialize(s),
        FieldType::Text(Text::Markdown) => s.serialize_str(&crate::markdown::inline_html(text)),
        FieldType::Enum(values) => {
            let label = values
                .iter()
                .find(|(v, _)| v == text)
                .map_or("", |(_, l)| l.as_str());
            EnumValue { value: text, label }.serialize(s)
        }
        FieldType::Id(kind) => match site.get(*kind, text) {
            Some(ix) => Link::to(site, ix).serialize(s),
            None => s.serialize_none(),
        },
        _ => s.serialize_str(text),
    }
}

/// A date: `{iso: "2019-06-17", human: "17 June 2019", year: 2019}`.
#[derive(Serialize)]
pub(crate) struct DateValue {
    iso: String,
    human: String,
    year: i32,
}

impl DateValue {
    pub(crate) fn of(d: &Date) -> DateValue {
        DateValue {
            iso: d.to_string(),
            human: d.human(),
            year: d.year,
        }
    }
}

/// An enum's value and the label readers see: `{value: "gge-2015", label: "..."}`.
#[derive(Serialize)]
struct EnumValue<'a> {
    value: &'a str,
    label: &'a str,
}
