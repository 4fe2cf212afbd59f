//! The typed front matter of each kind of page. Every struct rejects unknown fields, so a
//! misspelt key is an error with its line instead of a silently missing value.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The id of an entity: its file stem.
pub(crate) type Id = String;

/// A date whose written form is its precision: `2019-06-17`, `2019-06` or `2019`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date {
    pub(crate) year: i32,
    pub(crate) month: Option<u8>,
    pub(crate) day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    pub(crate) fn parse(text: &str) -> Result<Date, String> {
        let bad = || {
            format!("\"{text}\" is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (for example \"2019-06-17\")")
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        if parts.is_empty() || parts.len() > 3 || parts[0].len() != 4 {
            return Err(bad());
        }
        let number = |s: &str, len: usize| -> Result<u32, String> {
            if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse().map_err(|_| bad())
        };
        let year = number(parts[0], 4)? as i32;
        let month = parts
            .get(1)
            .map(|m| number(m, 2))
            .transpose()?
            .map(|m| m as u8);
        let day = parts
            .get(2)
            .map(|d| number(d, 2))
            .transpose()?
            .map(|d| d as u8);
        if month.is_some_and(|m| !(1..=12).contains(&m)) {
            return Err(format!(
                "\"{text}\" has no month {}: months run from 01 to 12",
                parts[1]
            ));
        }
        if let (Some(m), Some(d)) = (month, day) {
            if d == 0 || d > days_in_month(year, m) {
                return Err(format!("\"{text}\" is not a day of the calendar"));
            }
        }
        Ok(Date { year, month, day })
    }

    /// As a reader reads it: "17 June 2019", "June 2019", "2019".
    pub(crate) fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    pub(crate) fn month_name(&self) -> Option<&'static str> {
        self.month.map(|m| MONTHS[m as usize - 1])
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, YYYY-MM or YYYY")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Date, E> {
                Date::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Date, E> {
                Date::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A public source of a fact that the reports do not state.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) url: Option<String>,
}

/// The original publication of a report.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Publication {
    pub(crate) title: String,
    pub(crate) publisher: String,
    #[serde(default)]
    pub(crate) url: Option<String>,
}

/// Where a norm is set down.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NormSource {
    #[serde(default)]
    pub(crate) document: Option<String>,
    #[serde(default)]
    pub(crate) paragraph: Option<String>,
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) url: Option<String>,
}

/// One panel or session of a report, with its speakers in order.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Session {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) speakers: Vec<Speaker>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Speaker {
    pub(crate) person: Id,
    #[serde(default)]
    pub(crate) role: Option<String>,
}

/// A role a report gives a person.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Role {
    pub(crate) role: String,
    pub(crate) report: Id,
    #[serde(default)]
    pub(crate) region: Option<Id>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ReportKind {
    ConferenceSummary,
    ConsultationSeries,
    SessionReport,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RegionStatus {
    Summarised,
    Announced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum NormSet {
    #[serde(rename = "gge-2015")]
    Gge2015,
    Gcsc,
    Proposed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ProcessKind {
    Gge,
    Oewg,
    Poa,
    Mechanism,
}

/// The relation lists every kind shares, and its sources. Written once here and added to
/// each front-matter struct by [`front_matter!`], because serde's `flatten` cannot be
/// combined with `deny_unknown_fields`.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Relations {
    pub(crate) norms: Vec<Id>,
    pub(crate) regions: Vec<Id>,
    pub(crate) reports: Vec<Id>,
    pub(crate) processes: Vec<Id>,
    pub(crate) events: Vec<Id>,
    pub(crate) people: Vec<Id>,
}

macro_rules! front_matter {
    ($(#[$meta:meta])* pub(crate) struct $name:ident { $($(#[$fmeta:meta])* pub(crate) $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Deserialize, Serialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            $($(#[$fmeta])* pub(crate) $field: $ty,)*
            #[serde(default)] norms: Vec<Id>,
            #[serde(default)] regions: Vec<Id>,
            #[serde(default)] reports: Vec<Id>,
            #[serde(default)] processes: Vec<Id>,
            #[serde(default)] events: Vec<Id>,
            #[serde(default)] people: Vec<Id>,
            #[serde(default)] pub(crate) sources: Vec<Source>,
        }

        impl $name {
            /// Moves the relation lists out (the graph owns them from then on).
            pub(crate) fn take_relations(&mut self) -> Relations {
                Relations {
                    norms: std::mem::take(&mut self.norms),
                    regions: std::mem::take(&mut self.regions),
                    reports: std::mem::take(&mut self.reports),
                    processes: std::mem::take(&mut self.processes),
                    events: std::mem::take(&mut self.events),
                    people: std::mem::take(&mut self.people),
                }
            }
        }
    };
}

front_matter! {
    /// `content/reports/<id>.md`
    pub(crate) struct Report {
        pub(crate) title: String,
        pub(crate) date: Date,
        #[serde(default)]
        pub(crate) end: Option<Date>,
        pub(crate) publisher: String,
        #[serde(default)]
        pub(crate) place: Option<String>,
        pub(crate) kind: ReportKind,
        pub(crate) summary: String,
        pub(crate) source: Publication,
        #[serde(default)]
        pub(crate) themes: Vec<String>,
        #[serde(default)]
        pub(crate) sessions: Vec<Session>,
    }
}

front_matter! {
    /// `content/regions/<id>.md`
    pub(crate) struct Region {
        pub(crate) title: String,
        pub(crate) organisation: String,
        pub(crate) short_name: String,
        pub(crate) status: RegionStatus,
        #[serde(default)]
        pub(crate) start: Option<Date>,
        #[serde(default)]
        pub(crate) end: Option<Date>,
        #[serde(default)]
        pub(crate) city: Option<String>,
        #[serde(default)]
        pub(crate) host_event: Option<String>,
        #[serde(default)]
        pub(crate) facilitators: Vec<Id>,
        pub(crate) summary: String,
        #[serde(default)]
        pub(crate) themes: Vec<String>,
    }
}

front_matter! {
    /// `content/norms/<id>.md`
    pub(crate) struct Norm {
        pub(crate) title: String,
        pub(crate) set: NormSet,
        #[serde(default)]
        pub(crate) letter: Option<String>,
        pub(crate) summary: String,
        #[serde(default)]
        pub(crate) source: Option<NormSource>,
        #[serde(default)]
        pub(crate) status: Option<String>,
    }
}

front_matter! {
    /// `content/timeline/<id>.md`
    pub(crate) struct Event {
        pub(crate) title: String,
        pub(crate) date: Date,
        #[serde(default)]
        pub(crate) end: Option<Date>,
        pub(crate) summary: String,
        #[serde(default)]
        pub(crate) process: Option<Id>,
        #[serde(default)]
        pub(crate) documents: Vec<String>,
    }
}

front_matter! {
    /// `content/processes/<id>.md`
    pub(crate) struct Process {
        pub(crate) title: String,
        pub(crate) short_name: String,
        pub(crate) kind: ProcessKind,
        pub(crate) start: i32,
        #[serde(default)]
        pub(crate) end: Option<i32>,
        #[serde(default)]
        pub(crate) mandate: Option<String>,
        #[serde(default)]
        pub(crate) outcome: Vec<String>,
        #[serde(default)]
        pub(crate) chair: Option<String>,
        pub(crate) summary: String,
    }
}

front_matter! {
    /// `content/people/<id>.md`
    pub(crate) struct Person {
        pub(crate) name: String,
        pub(crate) roles: Vec<Role>,
    }
}

front_matter! {
    /// `content/<name>.md`: home, about, glossary, editors' guide.
    pub(crate) struct Page {
        pub(crate) title: String,
        pub(crate) description: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(Date::parse("2019-06-17").unwrap().human(), "17 June 2019");
        assert_eq!(Date::parse("2019-06").unwrap().human(), "June 2019");
        assert_eq!(Date::parse("2019").unwrap().to_string(), "2019");
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(Date::parse("2019-02-30").is_err());
        assert!(Date::parse("2019-13").is_err());
        assert!(Date::parse("June 2019").is_err());
        assert!(Date::parse("19-06-17").is_err());
        assert!(Date::parse("2020-02-29").is_ok());
    }

    #[test]
    fn year_written_as_a_number_is_a_date() {
        let e: Event = serde_yaml::from_str("title: t\ndate: 2004\nsummary: s\n").unwrap();
        assert_eq!(e.date.year, 2004);
        assert_eq!(e.date.month, None);
    }
}
