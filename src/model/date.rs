//! Dates that may be partial (a year, a month or a day), as events carry them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A date that may be partial: `2020`, `2020-01` or `2020-01-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl std::str::FromStr for PartialDate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = |why: &str| format!("date {s:?} {why}; write YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.trim().split('-').collect();
        if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(bad("is not a date"));
        }
        if parts[0].len() != 4 {
            return Err(bad("needs a four-digit year"));
        }
        let num = |p: &str| {
            p.parse::<u32>()
                .map_err(|_| bad("has a part that is not a number"))
        };
        let year = num(parts[0])? as i32;
        let month = match parts.get(1) {
            Some(m) => {
                let m = num(m)?;
                if !(1..=12).contains(&m) {
                    return Err(bad("has a month outside 1–12"));
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(d), Some(m)) => {
                let d = num(d)?;
                if d < 1 || d > days_in_month(year, m) as u32 {
                    return Err(bad("has a day that month does not have"));
                }
                Some(d as u8)
            }
            _ => None,
        };
        Ok(PartialDate { year, month, day })
    }
}

impl PartialDate {
    /// A date or a range as typed: `2024-03-14`, `2024-03`, or `2024-03-10..2024-03-16`; empty
    /// is no date.
    pub fn parse_range(s: &str) -> Result<Option<(PartialDate, Option<PartialDate>)>, String> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        match s.split_once("..") {
            Some((a, b)) => {
                let (a, b): (PartialDate, PartialDate) = (a.parse()?, b.parse()?);
                if b < a {
                    return Err(format!("the range {s} ends before it starts"));
                }
                Ok(Some((a, Some(b))))
            }
            None => Ok(Some((s.parse()?, None))),
        }
    }

    /// `date` or `date..end`, as [`Self::parse_range`] reads it.
    pub fn range_text(date: Option<PartialDate>, end: Option<PartialDate>) -> String {
        match (date, end) {
            (Some(a), Some(b)) => format!("{a}..{b}"),
            (Some(a), None) => a.to_string(),
            _ => String::new(),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl TryFrom<String> for PartialDate {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<PartialDate> for String {
    fn from(d: PartialDate) -> String {
        d.to_string()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}
