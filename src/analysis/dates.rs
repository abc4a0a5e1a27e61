//! Dates proposed for events from the text: the event's Time argument, else the date expression
//! nearest its trigger in the same sentence, resolved against the article's publication date
//! ("on Thursday", "last week", "two days ago", "14 March"). English expressions only: a month
//! name in another language is not guessed at, and a date relative to another event ("two days
//! later") or without an anchor stays unresolved and says why.
//!
//! The date-parsing crates found take one expression, not running text, and read a bare weekday
//! as the next one; news reports the past, so "on Thursday" here is the latest Thursday on or
//! before publication. Calendar arithmetic is `jiff`'s.

use crate::model::{Event, PartialDate, Session, Span};
use jiff::civil::{Date, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// What a date expression means.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Date(PartialDate),
    /// From, to (both included).
    Range(PartialDate, PartialDate),
    /// Why it cannot be placed.
    Unresolved(String),
}

/// A date expression in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateFound {
    /// Chars of the article.
    pub span: Span,
    pub text: String,
    pub value: Resolved,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// A month's or a weekday's name, in lower case ("march", "sunday").
pub fn is_calendar_word(lower: &str) -> bool {
    MONTHS.contains(&lower) || WEEKDAYS.contains(&lower)
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const NUMBERS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// The date expressions; `None` only if the pattern below were broken (a test compiles it).
static PATTERN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let month = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?";
    let weekday = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    let n = "(?:\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a)";
    let pieces = [
        // 2024-03-14
        r"(?P<iso>\b\d{4}-\d{2}-\d{2}\b)".to_owned(),
        // 14 March 2024, 14 March
        format!(r"(?P<dmy>\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}(?:,?\s+\d{{4}})?)"),
        // March 14, 2024, March 14
        format!(r"(?P<mdy>\b{month}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?)"),
        // March 2024, in March
        format!(
            r"(?P<my>\b(?:(?:in|since|until|by)\s+)?{month}\s+\d{{4}}\b|\b(?:in|since|until|by)\s+{month}\b)"
        ),
        // in 2023
        r"(?P<year>\b(?:in|since|until|by)\s+\d{4}\b)".to_owned(),
        // on Thursday, last Friday, next Monday morning
        format!(r"(?P<wd>\b(?:(?:on|last|next|this|early|late)\s+)?{weekday}\b)"),
        // yesterday, today, last night, tomorrow
        r"(?P<rel>(?i)\b(?:yesterday|today|tonight|tomorrow|last night)\b)".to_owned(),
        // last week, next month, this year
        r"(?P<period>(?i)\b(?:last|next|this|earlier this|later this)\s+(?:week|month|year)\b)"
            .to_owned(),
        // two days ago, three weeks later
        format!(
            r"(?P<ago>(?i)\b{n}\s+(?:day|week|month|year)s?\s+(?:ago|earlier|later|before|after)\b)"
        ),
    ];
    // ASCII word boundaries: a Unicode `\b` keeps the regex off its fast matcher, and a date
    // is written in ASCII (0.4 s a megabyte before, a few ms after).
    Regex::new(&pieces.join("|").replace(r"\b", r"(?-u:\b)")).ok()
});

fn month_of(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .position(|m| w.len() >= 3 && m.starts_with(&w))
        .map(|i| i as u8 + 1)
}

fn number(word: &str) -> Option<i64> {
    let w = word.to_lowercase();
    if w == "a" {
        return Some(1);
    }
    w.parse()
        .ok()
        .or_else(|| NUMBERS.iter().position(|n| *n == w).map(|i| i as i64 + 1))
}

fn partial(d: Date) -> PartialDate {
    PartialDate {
        year: i32::from(d.year()),
        month: Some(d.month() as u8),
        day: Some(d.day() as u8),
    }
}

fn weekday_of(word: &str) -> Option<Weekday> {
    let w = word.to_lowercase();
    let i = WEEKDAYS.iter().position(|d| *d == w)?;
    Some(
        [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ][i],
    )
}

/// The publication date of an article as a day, when it says one (`YYYY-MM-DD…`).
pub fn anchor_of(s: &Session) -> Option<Date> {
    let p = s.article.published.as_deref()?.trim();
    p.get(..10)?.parse().ok()
}

const NO_ANCHOR: &str =
    "relative to the publication date, which the article does not give (File ▸ Article details)";

/// Every date expression in `text`, resolved against `anchor` where it needs one.
pub fn find_dates(text: &str, anchor: Option<Date>) -> Vec<DateFound> {
    let mut out = Vec::new();
    let (mut byte, mut chars) = (0usize, 0usize);
    let Some(pattern) = PATTERN.as_ref() else {
        return out;
    };
    // Found with the fast matcher, then taken apart: capturing over the whole text took 0.4 s
    // a megabyte.
    for m in pattern.find_iter(text) {
        let Some(caps) = pattern.captures(m.as_str()) else {
            continue;
        };
        chars += text[byte..m.start()].chars().count();
        byte = m.start();
        let len = m.as_str().chars().count();
        let value = resolve(&caps, anchor);
        out.push(DateFound {
            span: Span::new(chars, chars + len),
            text: m.as_str().to_owned(),
            value,
        });
    }
    out
}

fn resolve(caps: &regex::Captures<'_>, anchor: Option<Date>) -> Resolved {
    let words = |name: &str| -> Vec<String> {
        caps.name(name).map_or_else(Vec::new, |m| {
            m.as_str()
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        })
    };
    if let Some(m) = caps.name("iso") {
        return m
            .as_str()
            .parse()
            .map_or_else(Resolved::Unresolved, Resolved::Date);
    }
    for name in ["dmy", "mdy"] {
        let w = words(name);
        if w.is_empty() {
            continue;
        }
        let day: Option<u8> = w.iter().find_map(|x| {
            x.trim_end_matches(|c: char| c.is_alphabetic())
                .parse()
                .ok()
                .filter(|_| x.chars().next().is_some_and(|c| c.is_ascii_digit()) && x.len() <= 4)
        });
        let month = w.iter().find_map(|x| month_of(x));
        let year = w
            .iter()
            .filter(|x| x.len() == 4)
            .find_map(|x| x.parse::<i32>().ok());
        return day_month(day, month, year, anchor);
    }
    let w = words("my");
    if !w.is_empty() {
        let month = w.iter().find_map(|x| month_of(x));
        let year = w
            .iter()
            .find_map(|x| x.parse::<i32>().ok())
            .or(anchor.map(|a| i32::from(a.year())));
        return match (month, year) {
            (Some(m), Some(y)) => Resolved::Date(PartialDate {
                year: y,
                month: Some(m),
                day: None,
            }),
            _ => Resolved::Unresolved(format!("a month without a year, {NO_ANCHOR}")),
        };
    }
    if let Some(y) = words("year").iter().find_map(|x| x.parse::<i32>().ok()) {
        return Resolved::Date(PartialDate {
            year: y,
            month: None,
            day: None,
        });
    }
    let wd = words("wd");
    if !wd.is_empty() {
        return weekday(&wd, anchor);
    }
    if let Some(m) = caps.name("rel") {
        return relative_day(&m.as_str().to_lowercase(), anchor);
    }
    if let Some(m) = caps.name("period") {
        return period(&m.as_str().to_lowercase(), anchor);
    }
    ago(&words("ago"), anchor)
}

fn day_month(
    day: Option<u8>,
    month: Option<u8>,
    year: Option<i32>,
    anchor: Option<Date>,
) -> Resolved {
    let (Some(day), Some(month)) = (day, month) else {
        return Resolved::Unresolved("not a date".into());
    };
    let Some(year) = year.or(anchor.map(|a| i32::from(a.year()))) else {
        return Resolved::Unresolved(format!("a day without a year, {NO_ANCHOR}"));
    };
    format!("{year:04}-{month:02}-{day:02}")
        .parse()
        .map_or_else(Resolved::Unresolved, Resolved::Date)
}

/// "on Thursday": the latest Thursday on or before the anchor; "last": before it; "next":
/// after it.
fn weekday(words: &[String], anchor: Option<Date>) -> Resolved {
    let Some(day) = words.last().and_then(|w| weekday_of(w)) else {
        return Resolved::Unresolved("not a weekday".into());
    };
    let Some(a) = anchor else {
        return Resolved::Unresolved(format!("a weekday, {NO_ANCHOR}"));
    };
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    let back = (7 + a.weekday().to_monday_zero_offset() - day.to_monday_zero_offset()) % 7;
    let offset = match first.as_str() {
        "next" => i64::from(
            (7 + day.to_monday_zero_offset() - a.weekday().to_monday_zero_offset() - 1) % 7 + 1,
        ),
        "last" if back == 0 => -7,
        _ => -i64::from(back),
    };
    shifted(a, offset)
}

fn shifted(a: Date, days: i64) -> Resolved {
    a.checked_add(jiff::Span::new().days(days)).map_or_else(
        |e| Resolved::Unresolved(e.to_string()),
        |d| Resolved::Date(partial(d)),
    )
}

fn relative_day(word: &str, anchor: Option<Date>) -> Resolved {
    let Some(a) = anchor else {
        return Resolved::Unresolved(format!("“{word}”, {NO_ANCHOR}"));
    };
    let days = match word {
        "yesterday" | "last night" => -1,
        "tomorrow" => 1,
        _ => 0,
    };
    shifted(a, days)
}

fn period(words: &str, anchor: Option<Date>) -> Resolved {
    let Some(a) = anchor else {
        return Resolved::Unresolved(format!("“{words}”, {NO_ANCHOR}"));
    };
    let step = if words.starts_with("last") {
        -1
    } else if words.starts_with("next") {
        1
    } else {
        0
    };
    let unit = words.rsplit(' ').next().unwrap_or("");
    let r = |x: Result<Date, jiff::Error>| x.map_err(|e| e.to_string());
    let range = (|| -> Result<(Date, Date), String> {
        Ok(match unit {
            "week" => {
                let monday = r(a.checked_sub(
                    jiff::Span::new().days(i64::from(a.weekday().to_monday_zero_offset())),
                ))?;
                let start = r(monday.checked_add(jiff::Span::new().weeks(step)))?;
                (start, r(start.checked_add(jiff::Span::new().days(6)))?)
            }
            "month" => {
                let first = r(a
                    .first_of_month()
                    .checked_add(jiff::Span::new().months(step)))?;
                (first, first.last_of_month())
            }
            _ => {
                let y = a.year() + step as i16;
                (r(Date::new(y, 1, 1))?, r(Date::new(y, 12, 31))?)
            }
        })
    })();
    match range {
        // A whole month or year is a partial date; a week is a range of days.
        Ok((from, _)) if unit == "year" => Resolved::Date(PartialDate {
            year: i32::from(from.year()),
            month: None,
            day: None,
        }),
        Ok((from, _)) if unit == "month" => Resolved::Date(PartialDate {
            year: i32::from(from.year()),
            month: Some(from.month() as u8),
            day: None,
        }),
        Ok((from, to)) => Resolved::Range(partial(from), partial(to)),
        Err(e) => Resolved::Unresolved(e),
    }
}

fn ago(words: &[String], anchor: Option<Date>) -> Resolved {
    let (Some(n), Some(unit), Some(dir)) = (
        words.first().and_then(|w| number(w)),
        words.get(1).map(|w| w.to_lowercase()),
        words.get(2).map(|w| w.to_lowercase()),
    ) else {
        return Resolved::Unresolved("not a date".into());
    };
    if dir != "ago" {
        return Resolved::Unresolved(format!(
            "{dir} than another moment the text gives, not the publication date"
        ));
    }
    let Some(a) = anchor else {
        return Resolved::Unresolved(format!("“… ago”, {NO_ANCHOR}"));
    };
    let span = match unit.trim_end_matches('s') {
        "day" => jiff::Span::new().days(-n),
        "week" => jiff::Span::new().weeks(-n),
        "month" => jiff::Span::new().months(-n),
        _ => jiff::Span::new().years(-n),
    };
    a.checked_add(span).map_or_else(
        |e| Resolved::Unresolved(e.to_string()),
        |d| match unit.trim_end_matches('s') {
            "month" => Resolved::Date(PartialDate {
                year: i32::from(d.year()),
                month: Some(d.month() as u8),
                day: None,
            }),
            "year" => Resolved::Date(PartialDate {
                year: i32::from(d.year()),
                month: None,
                day: None,
            }),
            _ => Resolved::Date(partial(d)),
        },
    )
}

/// Set event `id`'s date to the one proposed for it: one undoable edit.
pub fn cmd_accept(
    s: &Session,
    id: crate::model::EventId,
) -> Result<crate::model::Command, crate::model::EditError> {
    use crate::model::{Command, EditError};
    let e = s
        .events
        .get(&id)
        .ok_or_else(|| EditError("that event is gone".into()))?;
    let p = propose(s, e)
        .ok_or_else(|| EditError("the text proposes no date for this event".into()))?;
    let mut changed = e.clone();
    (changed.date, changed.date_end) = match p.found.value {
        Resolved::Date(d) => (Some(d), None),
        Resolved::Range(a, b) => (Some(a), Some(b)),
        Resolved::Unresolved(why) => {
            return Err(EditError(format!(
                "“{}” cannot be placed: {why}",
                p.found.text
            )));
        }
    };
    if changed == *e {
        return Err(EditError("the event already has that date".into()));
    }
    Ok(Command::batch(
        format!("date the event from “{}”", p.found.text),
        vec![Command::UpdateEvent(changed)],
    ))
}

/// A date proposed for an event, and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub found: DateFound,
    /// "its Time argument" or "the nearest date in its sentence".
    pub source: &'static str,
}

/// The date Dossier proposes for `e`: from its Time argument's mention, else the date expression
/// nearest its trigger in the trigger's sentence. `None` when the text says nothing.
pub fn propose(s: &Session, e: &Event) -> Option<Proposal> {
    let anchor = anchor_of(s);
    let time = e
        .arguments
        .iter()
        .filter(|a| a.role.eq_ignore_ascii_case("time"))
        .find_map(|a| match a.filler {
            crate::model::Filler::Entity(x) => s.mentions_of(x).next(),
            crate::model::Filler::Event(_) => None,
        });
    if let Some(m) = time
        && let Some(mut f) = find_dates(&m.quote, anchor).into_iter().next()
    {
        f.span = Span::new(m.span.start + f.span.start, m.span.start + f.span.end);
        return Some(Proposal {
            found: f,
            source: "its Time argument",
        });
    }
    let trigger = e.trigger?;
    let text: &str = &s.article.text;
    let (b0, b1) = (
        s.article.byte_of(trigger.start)?,
        s.article.byte_of(trigger.end)?,
    );
    // The trigger's sentence, found from the sentence boundaries around it.
    use unicode_segmentation::UnicodeSegmentation;
    let (from, sentence) = text
        .split_sentence_bound_indices()
        .find(|(start, sent)| *start <= b0 && b1 <= start + sent.len())?;
    let base = s.article.char_of(from)?;
    let found = find_dates(sentence, anchor);
    let best = found.into_iter().min_by_key(|f| {
        let (a, b) = (base + f.span.start, base + f.span.end);
        if b <= trigger.start {
            trigger.start - b
        } else {
            a.saturating_sub(trigger.end)
        }
    })?;
    Some(Proposal {
        found: DateFound {
            span: Span::new(base + best.span.start, base + best.span.end),
            ..best
        },
        source: "the nearest date in its sentence",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, anchor: &str) -> Resolved {
        let a: Option<Date> = anchor.parse().ok();
        let f = find_dates(text, a);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        f.into_iter().next().unwrap().value
    }

    #[test]
    fn the_pattern_compiles() {
        assert!(PATTERN.is_some());
    }

    fn day(s: &str) -> Resolved {
        Resolved::Date(s.parse().unwrap())
    }

    #[test]
    fn weekdays_are_the_latest_on_or_before_publication_unless_next() {
        // 2024-03-14 is a Thursday.
        assert_eq!(one("early on Thursday", "2024-03-14"), day("2024-03-14"));
        assert_eq!(one("on Wednesday night", "2024-03-14"), day("2024-03-13"));
        assert_eq!(one("on Friday", "2024-03-14"), day("2024-03-08"));
        assert_eq!(one("last Thursday", "2024-03-14"), day("2024-03-07"));
        assert_eq!(one("next Friday", "2024-03-14"), day("2024-03-15"));
        assert_eq!(one("next Thursday", "2024-03-14"), day("2024-03-21"));
        assert!(
            matches!(one("on Sunday", "none"), Resolved::Unresolved(w) if w.contains("publication date"))
        );
    }

    #[test]
    fn day_and_month_names_and_numerals() {
        assert_eq!(one("PORT VEYRA, 14 March 2024 —", ""), day("2024-03-14"));
        assert_eq!(one("on March 14, 2024,", ""), day("2024-03-14"));
        assert_eq!(one("by 15 April", "2024-04-02"), day("2024-04-15"));
        assert_eq!(one("the 3rd of Sept.", "2023-10-01"), day("2023-09-03"));
        assert_eq!(one("2024-03-14", ""), day("2024-03-14"));
        assert_eq!(one("in March 2024", ""), day("2024-03"));
        assert_eq!(one("since 2019", ""), day("2019"));
        assert!(matches!(
            one("on 31 February 2024", ""),
            Resolved::Unresolved(_)
        ));
        assert!(
            matches!(one("14 March", ""), Resolved::Unresolved(w) if w.contains("without a year"))
        );
        // Other languages' month names are not guessed at.
        assert!(find_dates("am 14. März 2024 und le 3 janvier", None).is_empty());
    }

    #[test]
    fn relative_days_periods_and_counts() {
        let a = "2024-03-14";
        assert_eq!(one("yesterday", a), day("2024-03-13"));
        assert_eq!(one("Last night", a), day("2024-03-13"));
        assert_eq!(one("two days ago", a), day("2024-03-12"));
        assert_eq!(one("three months ago", a), day("2023-12"));
        assert_eq!(
            one("last week", a),
            Resolved::Range("2024-03-04".parse().unwrap(), "2024-03-10".parse().unwrap())
        );
        assert_eq!(one("next month", a), day("2024-04"));
        assert!(
            matches!(one("two days later", a), Resolved::Unresolved(w) if w.contains("another moment"))
        );
    }

    #[test]
    fn offsets_are_chars_and_an_event_takes_its_time_argument_or_the_nearest_date() {
        let f = find_dates("Ibáñez 🙂 spoke on Friday.", "2024-03-14".parse().ok());
        assert_eq!(f[0].span, Span::new(15, 24));
        use crate::model::schema::presets;
        use crate::model::{Article, Command, Filler};
        let text =
            "On Monday talks began. Drones struck the depot on Thursday, officials said on Friday.";
        let mut s = Session::new(Article::new("t", text), presets::default_schema());
        s.article.published = Some("2024-03-15".into());
        let c = |w: &str| text[..text.find(w).unwrap()].chars().count();
        let trig = Span::new(c("struck"), c("struck") + 6);
        let (_, cmd) = s.cmd_add_event_with("ASSAULT", Some(trig), vec![]).unwrap();
        s.apply(cmd).unwrap();
        let e = s.events.values().next().unwrap().clone();
        let p = propose(&s, &e).unwrap();
        assert_eq!(
            (p.found.text.as_str(), p.source),
            ("on Thursday", "the nearest date in its sentence")
        );
        assert_eq!(p.found.value, day("2024-03-14"));
        // A Time argument wins.
        let fri = Span::new(c("Friday"), c("Friday") + 6);
        let cmd = s.cmd_annotate(fri, "DateTime").unwrap();
        s.apply(cmd).unwrap();
        let t = s.mentions.values().find(|m| m.span == fri).unwrap().entity;
        let mut e2 = e.clone();
        e2.arguments.push(crate::model::Argument {
            role: "Time".into(),
            filler: Filler::Entity(t),
            mention: None,
        });
        s.apply(Command::UpdateEvent(e2.clone())).unwrap();
        let p = propose(&s, &e2).unwrap();
        assert_eq!(
            (p.found.value.clone(), p.source),
            (day("2024-03-15"), "its Time argument")
        );
        assert_eq!(p.found.span, fri);
    }
}
