//! Dates at the precision they are known: a day, a month or a year.

use serde::Serialize;
use std::fmt;

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
        // Written piece by piece: every link to a dated page shows it, and `format!` cost
        // a build 2 % of its instructions here.
        let mut out = String::with_capacity(20);
        if let Some(m) = self.month {
            if let Some(d) = self.day {
                push_number(&mut out, u32::from(d));
                out.push(' ');
            }
            out.push_str(MONTHS[m as usize - 1]);
            out.push(' ');
        }
        match u32::try_from(self.year) {
            Ok(year) => push_number(&mut out, year),
            Err(_) => out.push_str(&self.year.to_string()),
        }
        out
    }

    pub(crate) fn month_name(&self) -> Option<&'static str> {
        self.month.map(|m| MONTHS[m as usize - 1])
    }
}

/// Appends the decimal digits of `n`.
fn push_number(out: &mut String, n: u32) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(Date::parse("2019-06-17").unwrap().human(), "17 June 2019");
        assert_eq!(Date::parse("2019-06").unwrap().human(), "June 2019");
        assert_eq!(Date::parse("2019").unwrap().human(), "2019");
        assert_eq!(
            Date::parse("1998-12-04").unwrap().human(),
            "4 December 1998"
        );
        let far = Date {
            year: -45,
            month: Some(3),
            day: Some(15),
        };
        assert_eq!(far.human(), "15 March -45");
        let zero = Date {
            year: 0,
            month: None,
            day: None,
        };
        assert_eq!(zero.human(), "0");
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
}
