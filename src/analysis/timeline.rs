//! The timeline: events on a time axis in lanes (by event type or by actor). An exact date is a
//! point, a partial date (a month, a year) or a range is a span over its days, an undated event
//! goes to a lane of its own. Days are counted from 1970-01-01 so that the window can place
//! anything with one subtraction.

use crate::model::{EventId, Filler, PartialDate, Session};
use std::collections::BTreeMap;

/// Where a timeline item comes from: an event of the open session, or of a project's article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemKey {
    Event(EventId),
    /// (article file, the event's trigger start) in a project.
    Article(String, usize),
}

/// One event on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub key: ItemKey,
    pub label: String,
    pub event_type: String,
    /// Names of the entities in its actor roles (its lanes when lanes are by actor).
    pub actors: Vec<String>,
    /// First and last day (from 1970-01-01), both included; `None` for an undated event.
    pub days: Option<(i64, i64)>,
    /// As written: "2024-03-14", "2024-03", "2024-03-04..2024-03-10".
    pub when: String,
}

impl Item {
    pub fn is_point(&self) -> bool {
        self.days.is_some_and(|(a, b)| a == b)
    }
}

/// How lanes are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lanes {
    #[default]
    ByType,
    ByActor,
}

/// A lane: its name and its items (indexes into the items), by first day.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub name: String,
    pub items: Vec<usize>,
}

/// Days from 1970-01-01 of a calendar day.
pub fn day_number(year: i32, month: u8, day: u8) -> Option<i64> {
    let y = i16::try_from(year).ok()?;
    let d = jiff::civil::Date::new(y, month as i8, day as i8).ok()?;
    let epoch = jiff::civil::Date::new(1970, 1, 1).ok()?;
    Some(i64::from((d - epoch).get_days()))
}

/// The days a partial date covers: its day, its month's days or its year's.
pub fn days_of(d: PartialDate) -> Option<(i64, i64)> {
    match (d.month, d.day) {
        (Some(m), Some(day)) => day_number(d.year, m, day).map(|n| (n, n)),
        (Some(m), None) => {
            let first = day_number(d.year, m, 1)?;
            let next = if m == 12 {
                day_number(d.year + 1, 1, 1)?
            } else {
                day_number(d.year, m + 1, 1)?
            };
            Some((first, next - 1))
        }
        _ => Some((day_number(d.year, 1, 1)?, day_number(d.year, 12, 31)?)),
    }
}

/// The days of a date or a range (from the first's first day to the second's last).
pub fn days_of_range(date: Option<PartialDate>, end: Option<PartialDate>) -> Option<(i64, i64)> {
    let (a, b) = days_of(date?)?;
    match end.and_then(days_of) {
        Some((_, e)) if e >= a => Some((a, e)),
        _ => Some((a, b)),
    }
}

/// The calendar day of a day number, as `YYYY-MM-DD`.
pub fn day_text(n: i64) -> String {
    jiff::civil::Date::new(1970, 1, 1)
        .ok()
        .and_then(|e| e.checked_add(jiff::Span::new().days(n)).ok())
        .map_or_else(String::new, |d| d.to_string())
}

/// The events of a session as timeline items.
pub fn items_of(s: &Session) -> Vec<Item> {
    s.events
        .values()
        .map(|e| {
            let actors = e
                .arguments
                .iter()
                .filter(|a| {
                    a.role.eq_ignore_ascii_case("actor")
                        || a.role.eq_ignore_ascii_case("agent")
                        || a.role.eq_ignore_ascii_case("attacker")
                })
                .filter_map(|a| match a.filler {
                    Filler::Entity(x) => s.entities.get(&x).map(|x| x.name.clone()),
                    Filler::Event(_) => None,
                })
                .collect();
            Item {
                key: ItemKey::Event(e.id),
                label: s.event_label(e),
                event_type: s
                    .schema
                    .event_type(&e.event_type)
                    .map_or_else(|| e.event_type.clone(), |t| t.name.clone()),
                actors,
                days: days_of_range(e.date, e.date_end),
                when: PartialDate::range_text(e.date, e.date_end),
            }
        })
        .collect()
}

/// The lanes for `items`: one per event type or actor (an event with two actors is in both;
/// one with none in "no actor"), by name, and last the undated events.
pub fn lanes(items: &[Item], by: Lanes) -> (Vec<Lane>, Lane) {
    let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut undated = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if it.days.is_none() {
            undated.push(i);
            continue;
        }
        match by {
            Lanes::ByType => map.entry(it.event_type.clone()).or_default().push(i),
            Lanes::ByActor if it.actors.is_empty() => {
                map.entry("(no actor)".into()).or_default().push(i);
            }
            Lanes::ByActor => {
                for a in &it.actors {
                    map.entry(a.clone()).or_default().push(i);
                }
            }
        }
    }
    let start = |i: &usize| items[*i].days.map_or(i64::MAX, |d| d.0);
    let lanes = map
        .into_iter()
        .map(|(name, mut items)| {
            items.sort_by_key(start);
            Lane { name, items }
        })
        .collect();
    (
        lanes,
        Lane {
            name: "undated".into(),
            items: undated,
        },
    )
}

/// The first and last day of all dated items, when there are any.
pub fn extent(items: &[Item]) -> Option<(i64, i64)> {
    let days: Vec<(i64, i64)> = items.iter().filter_map(|i| i.days).collect();
    Some((
        days.iter().map(|d| d.0).min()?,
        days.iter().map(|d| d.1).max()?,
    ))
}

/// Tick marks for a view of `from..to` days about `width` points wide: (day, label), at most
/// one per `min_gap` points, on years, months or days as the zoom allows.
pub fn ticks(from: f64, to: f64, width: f32, min_gap: f32) -> Vec<(i64, String)> {
    let per_point = (to - from) / f64::from(width.max(1.0));
    let gap_days = per_point * f64::from(min_gap);
    let (first, last) = (from.floor() as i64, to.ceil() as i64);
    let mut out = Vec::new();
    let mut push = |n: i64, label: String| {
        if out.len() < 400 {
            out.push((n, label));
        }
    };
    if gap_days <= 1.0 {
        for n in first..=last {
            push(n, day_text(n));
        }
    } else if gap_days <= 28.0 {
        let step = if gap_days <= 7.0 { 7 } else { 14 };
        // Weeks from a Monday (1970-01-05 was one).
        let mut n = first - (first - 4).rem_euclid(7);
        while n <= last {
            push(n, day_text(n));
            n += step;
        }
    } else {
        let text = day_text(first);
        let (mut y, mut m): (i32, u8) = (
            text.get(..4).and_then(|x| x.parse().ok()).unwrap_or(1970),
            text.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(1),
        );
        let months_step = if gap_days <= 31.0 {
            1
        } else if gap_days <= 92.0 {
            3
        } else if gap_days <= 366.0 {
            12
        } else {
            12 * ((gap_days / 366.0).ceil() as i32) as u8
        };
        let years_only = months_step >= 12;
        if years_only {
            m = 1;
        }
        while let Some(n) = day_number(y, m, 1) {
            if n > last {
                break;
            }
            if n >= first {
                push(
                    n,
                    if years_only {
                        format!("{y}")
                    } else {
                        format!("{y}-{m:02}")
                    },
                );
            }
            let total = i32::from(m) - 1 + i32::from(months_step);
            y += total / 12;
            m = (total % 12) as u8 + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_become_days_points_and_spans() {
        assert_eq!(day_number(1970, 1, 1), Some(0));
        assert_eq!(days_of(d("2024-03-14")), Some((19796, 19796)));
        assert_eq!(
            days_of(d("2024-02")),
            Some((19754, 19782)),
            "29 days in a leap February"
        );
        let (a, b) = days_of(d("2023")).unwrap();
        assert_eq!(b - a, 364);
        assert_eq!(
            days_of_range(Some(d("2024-03-04")), Some(d("2024-03-10"))),
            Some((19786, 19792))
        );
        assert_eq!(
            days_of_range(Some(d("2024-03")), Some(d("2024-02"))),
            days_of(d("2024-03")),
            "a range ending before it starts is its first date"
        );
        assert_eq!(day_text(19796), "2024-03-14");
    }

    #[test]
    fn lanes_by_type_and_actor_with_undated_apart() {
        let item = |label: &str, ty: &str, actors: &[&str], days: Option<(i64, i64)>| Item {
            key: ItemKey::Article(label.into(), 0),
            label: label.into(),
            event_type: ty.into(),
            actors: actors.iter().map(|a| (*a).to_owned()).collect(),
            days,
            when: String::new(),
        };
        let items = vec![
            item("b", "Attack", &["Ostrava"], Some((10, 10))),
            item("a", "Attack", &["Halvern", "Ostrava"], Some((5, 9))),
            item("c", "Meet", &[], Some((7, 7))),
            item("u", "Meet", &["Halvern"], None),
        ];
        let (by_type, undated) = lanes(&items, Lanes::ByType);
        assert_eq!(
            by_type.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
            ["Attack", "Meet"]
        );
        assert_eq!(by_type[0].items, [1, 0], "by first day");
        assert_eq!(undated.items, [3]);
        let (by_actor, _) = lanes(&items, Lanes::ByActor);
        let names: Vec<&str> = by_actor.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["(no actor)", "Halvern", "Ostrava"]);
        assert_eq!(
            by_actor[2].items,
            [1, 0],
            "an event with two actors is in both lanes"
        );
        assert!(items[0].is_point() && !items[1].is_point());
        assert_eq!(extent(&items), Some((5, 10)));
    }

    #[test]
    fn ticks_follow_the_zoom() {
        let days = ticks(19790.0, 19800.0, 1000.0, 60.0);
        assert!(days.len() >= 10 && days[0].1 == "2024-03-08", "{days:?}");
        let months = ticks(19700.0, 20100.0, 800.0, 60.0);
        assert!(months.iter().all(|(_, l)| l.len() == 7), "{months:?}");
        let years = ticks(0.0, 20000.0, 800.0, 60.0);
        assert!(
            years.iter().all(|(_, l)| l.len() == 4) && years.len() <= 15,
            "{years:?}"
        );
    }
}
