//! Reading front matter into a [`Record`] of [`Value`]s (`content::record`) with a serde
//! seed that the schema drives ([`RecordSeed`]). The
//! seed runs inside serde_yaml, so that every error it raises (an unknown field, a wrong
//! type, a missing field, a value not in an enum) is placed by serde_yaml at its line
//! and column, as the derived structs that came before it were.

use super::date::Date;
use super::record::{Record, Value};
use crate::diagnostics::closest;
use crate::schema::{Field, FieldType, Schema};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Parses a mapping into the record `record` of the schema.
#[derive(Clone, Copy)]
pub(crate) struct RecordSeed<'s> {
    pub(crate) schema: &'s Schema,
    pub(crate) record: usize,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Record;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let fields = &self.schema.record(self.record).fields;
        let mut values: Vec<Option<Value>> = vec![None; fields.len()];
        let mut seen = vec![false; fields.len()];
        while let Some(i) = map.next_key_seed(KeySeed {
            fields,
            seen: &seen,
        })? {
            seen[i] = true;
            let seed = FieldSeed {
                schema: self.schema,
                field: &fields[i],
            };
            values[i] = map.next_value_seed(seed)?;
        }
        for (i, field) in fields.iter().enumerate() {
            if values[i].is_none() {
                values[i] = field.default.clone();
            }
            if values[i].is_none() {
                if field.required {
                    return Err(de::Error::custom(format_args!(
                        "missing field `{}`",
                        field.name
                    )));
                }
                if field.list {
                    values[i] = Some(Value::List(Box::default()));
                }
            }
        }
        Ok(Record(values.into_boxed_slice()))
    }
}

/// A key of a record: the index of its field. Checked inside serde_yaml, so that an
/// unknown or repeated key is placed at itself, not at the start of the mapping.
struct KeySeed<'s> {
    fields: &'s [Field],
    seen: &'s [bool],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        let Some(i) = self.fields.iter().position(|f| f.name == key) else {
            return Err(E::custom(unknown_field(key, self.fields)));
        };
        if self.seen[i] {
            return Err(E::custom(format_args!("duplicate field `{key}`")));
        }
        Ok(i)
    }
}

/// serde's wording for an unknown field (which the editors' messages rewrite), with the
/// closest allowed name.
fn unknown_field(key: &str, fields: &[Field]) -> String {
    let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
    let expected = match names.as_slice() {
        [] => "there are no fields".to_string(),
        [one] => format!("expected {one}"),
        [a, b] => format!("expected {a} or {b}"),
        _ => format!("expected one of {}", names.join(", ")),
    };
    let hint = closest(key, fields.iter().map(|f| f.name.as_str()))
        .map(|name| format!(" (did you mean `{name}`?)"))
        .unwrap_or_default();
    format!("unknown field `{key}`, {expected}{hint}")
}

/// Parses one field's value: `None` for an explicit null of an optional field.
struct FieldSeed<'s> {
    schema: &'s Schema,
    field: &'s Field,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Option<Value>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        let one = OneSeed {
            schema: self.schema,
            ty: &self.field.ty,
        };
        if self.field.list {
            return d.deserialize_seq(ListSeed(one)).map(Some);
        }
        if self.field.required {
            return one.deserialize(d).map(Some);
        }
        d.deserialize_option(OptionSeed(one))
    }
}

/// One value of a field's type (an element, for a list).
#[derive(Clone, Copy)]
struct OneSeed<'s> {
    schema: &'s Schema,
    ty: &'s FieldType,
}

impl<'de> DeserializeSeed<'de> for OneSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self.ty {
            FieldType::Text(_) | FieldType::Id(_) => d.deserialize_string(TextVisitor(None)),
            FieldType::Enum(values) => d.deserialize_string(TextVisitor(Some(values))),
            FieldType::Date => d.deserialize_any(DateVisitor),
            FieldType::Year => d.deserialize_i64(YearVisitor),
            FieldType::Record(record) => {
                let seed = RecordSeed {
                    schema: self.schema,
                    record: *record,
                };
                d.deserialize_map(seed).map(Value::Record)
            }
        }
    }
}

struct ListSeed<'s>(OneSeed<'s>);

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self.0)? {
            items.push(item);
        }
        Ok(Value::List(items.into_boxed_slice()))
    }
}

struct OptionSeed<'s>(OneSeed<'s>);

impl<'de> Visitor<'de> for OptionSeed<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or nothing")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<Value>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<Value>, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        self.0.deserialize(d).map(Some)
    }
}

/// A string; for an enum, one of its values (checked here, inside serde_yaml, so that the
/// error is placed at the value).
struct TextVisitor<'s>(Option<&'s [(String, String)]>);

impl<'de> Visitor<'de> for TextVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        if let Some(values) = self.0 {
            if !values.iter().any(|(value, _)| value == v) {
                return Err(E::custom(unknown_value(v, values)));
            }
        }
        Ok(Value::Text(v.into()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        match self.0 {
            Some(_) => self.visit_str(&v),
            None => Ok(Value::Text(v.into_boxed_str())),
        }
    }
}

fn unknown_value(v: &str, values: &[(String, String)]) -> String {
    let names: Vec<String> = values
        .iter()
        .map(|(value, _)| format!("`{value}`"))
        .collect();
    let hint = closest(v, values.iter().map(|(value, _)| value.as_str()))
        .map(|name| format!(" (did you mean `{name}`?)"))
        .unwrap_or_default();
    format!(
        "unknown value `{v}`: the values allowed here are {}{hint}",
        names.join(", ")
    )
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date written YYYY-MM-DD, YYYY-MM or YYYY")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Date::parse(v).map(Value::Date).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.visit_str(&v.to_string())
    }
}

struct YearVisitor;

impl<'de> Visitor<'de> for YearVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a year (a number)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Number)
            .map_err(|_| E::custom("the year is too large"))
    }
}
