//! Front matter as the schema reads it: a [`Record`] of [`Value`]s, one slot per field
//! the schema declares. Plain data, read by `content::value` and used by the schema for a
//! field's default: it depends on neither.

use super::date::Date;

/// One field's value, as written. Boxed slices and strings, not `Vec` and `String`: a
/// value is never grown once read, and the spare capacity word of each, times the values
/// of 10,000 pages, was 3 MB of the peak.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A string, Markdown, URL, UN symbol, enum value or id.
    Text(Box<str>),
    /// A year.
    Number(i64),
    Date(Date),
    List(Box<[Value]>),
    Record(Record),
}

/// The values of a record, in the order of its schema's fields: `None` where an
/// optional field is absent.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Record(pub(crate) Box<[Option<Value>]>);

impl Record {
    pub(crate) fn get(&self, field: usize) -> Option<&Value> {
        self.0.get(field).and_then(Option::as_ref)
    }

    pub(crate) fn text(&self, field: usize) -> Option<&str> {
        match self.get(field) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn date(&self, field: usize) -> Option<Date> {
        match self.get(field) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    pub(crate) fn number(&self, field: usize) -> Option<i64> {
        match self.get(field) {
            Some(Value::Number(n)) => Some(*n),
            _ => None,
        }
    }

    /// A list field's values (none if it is absent).
    pub(crate) fn list(&self, field: usize) -> &[Value] {
        match self.get(field) {
            Some(Value::List(items)) => items,
            _ => &[],
        }
    }
}

impl Value {
    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}
