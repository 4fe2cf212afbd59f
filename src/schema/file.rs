//! `content/schema.yaml` as written: the shapes serde reads, before names are resolved.
//! Every struct rejects unknown keys, so a misspelt key is an error at its line.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File {
    #[serde(default)]
    pub(super) records: Ordered<Ordered<FieldDeclWritten>>,
    #[serde(default)]
    pub(super) common: Ordered<FieldDeclWritten>,
    /// The common field in which a page says what a name means on it (`mentions`).
    #[serde(default)]
    pub(super) means: Option<String>,
    pub(super) kinds: Vec<Declared>,
}

/// One kind as declared.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Declared {
    pub(super) kind: String,
    #[serde(default)]
    pub(super) folder: Option<String>,
    pub(super) singular: String,
    pub(super) plural: String,
    pub(super) template: String,
    #[serde(default)]
    pub(super) home_template: Option<String>,
    #[serde(default)]
    pub(super) index: Option<IndexDecl>,
    #[serde(default)]
    pub(super) nav: Option<super::NavEntry>,
    #[serde(default)]
    pub(super) fields: Ordered<FieldDeclWritten>,
    #[serde(default)]
    pub(super) title: Option<String>,
    #[serde(default)]
    pub(super) summary: Option<String>,
    #[serde(default)]
    pub(super) dates: Option<Vec<String>>,
    #[serde(default)]
    pub(super) short: Option<String>,
    #[serde(default)]
    pub(super) timeline: Option<TimelineDecl>,
    #[serde(default)]
    pub(super) file_names: Option<String>,
    #[serde(default)]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) sort: Vec<Shorthand<SortDecl>>,
    #[serde(default)]
    pub(super) feed: Option<String>,
    #[serde(default)]
    pub(super) requires_one_of: Option<RequiresDecl>,
    #[serde(default)]
    pub(super) data: Option<DataDecl>,
    #[serde(default)]
    pub(super) documents: Option<String>,
    #[serde(default)]
    pub(super) aliases: Option<String>,
    #[serde(default)]
    pub(super) names: Vec<String>,
    /// An enum field that says where the site's search lists a page.
    #[serde(default)]
    pub(super) search: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IndexDecl {
    pub(super) template: String,
    pub(super) description: String,
    #[serde(default)]
    pub(super) group_by: Option<String>,
    #[serde(default)]
    pub(super) matrix: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TimelineDecl {
    #[serde(default)]
    pub(super) marks: Option<String>,
    #[serde(default)]
    pub(super) bars: Option<Vec<String>>,
    /// An enum field that gives each mark its type (its shape on the chart, a filtered
    /// view of the timeline per value).
    #[serde(default, rename = "type")]
    pub(super) ty: Option<String>,
    /// A string field: a marked page that has it is a key event, numbered on the chart
    /// and listed under it with this label.
    #[serde(default)]
    pub(super) label: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SortDecl {
    pub(super) field: String,
    #[serde(default, rename = "else")]
    pub(super) otherwise: Option<String>,
    #[serde(default)]
    pub(super) by: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RequiresDecl {
    pub(super) fields: Vec<String>,
    pub(super) message: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DataDecl {
    pub(super) table: String,
    pub(super) columns: Ordered<Shorthand<ColumnDecl>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ColumnDecl {
    pub(super) field: String,
    #[serde(default)]
    pub(super) format: Option<String>,
    #[serde(default)]
    pub(super) join: Option<String>,
}

/// A field: `date` (its type alone) or `{type: date, optional: true}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FieldDecl {
    #[serde(rename = "type")]
    pub(super) ty: String,
    #[serde(default)]
    pub(super) of: Option<String>,
    #[serde(default)]
    pub(super) list: bool,
    #[serde(default)]
    pub(super) optional: bool,
    #[serde(default)]
    pub(super) required: bool,
    #[serde(default)]
    pub(super) values: Option<Ordered<String>>,
    /// The value of the field when a page does not give one.
    #[serde(default)]
    pub(super) default: Option<serde_yaml::Value>,
}

impl FieldDecl {
    fn of_type(ty: String) -> FieldDecl {
        FieldDecl {
            ty,
            of: None,
            list: false,
            optional: false,
            required: false,
            values: None,
            default: None,
        }
    }
}

impl<'de> Deserialize<'de> for Shorthand<FieldDecl> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ShorthandVisitor(PhantomData))
    }
}

/// A value written as a name alone or as a mapping: `date` or `{field: date, by: ...}`.
#[derive(Debug, Clone)]
pub(super) enum Shorthand<T> {
    Name(String),
    Full(T),
}

impl<'de> Deserialize<'de> for Shorthand<SortDecl> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ShorthandVisitor(PhantomData))
    }
}

impl<'de> Deserialize<'de> for Shorthand<ColumnDecl> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ShorthandVisitor(PhantomData))
    }
}

struct ShorthandVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ShorthandVisitor<T> {
    type Value = Shorthand<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a name or a mapping")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Shorthand::Name(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Shorthand::Full)
    }
}

/// A field declaration with its shorthand resolved.
pub(super) fn field_decl(written: &FieldDeclWritten) -> FieldDecl {
    match written {
        Shorthand::Name(ty) => FieldDecl::of_type(ty.clone()),
        Shorthand::Full(decl) => decl.clone(),
    }
}

pub(super) type FieldDeclWritten = Shorthand<FieldDecl>;

/// A mapping read in its written order (field order is the order of forms and errors).
#[derive(Debug, Clone)]
pub(super) struct Ordered<T>(pub(super) Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<T>, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format_args!("duplicate entry `{key}`")));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_map(OrderedVisitor(PhantomData))
    }
}
