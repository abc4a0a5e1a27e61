//! Event summaries: who did what to whom, where and when, in columns. Shared by the event list
//! and the CSV export.

use super::session::Session;
use super::types::*;

/// The column a role belongs to, judged by its name so that other schemas (ACE's Attacker,
/// Victim…) fill the same columns as the news preset's Actor and Recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleColumn {
    Actor,
    Recipient,
    Place,
    Time,
    Other,
}

pub fn role_column(role: &str) -> RoleColumn {
    // Case-blind prefix test without allocating: this runs for every argument on every rebuild.
    let r = role.as_bytes();
    let starts = |keys: &[&str]| {
        keys.iter()
            .any(|k| r.len() >= k.len() && r[..k.len()].eq_ignore_ascii_case(k.as_bytes()))
    };
    if starts(&[
        "actor",
        "agent",
        "attacker",
        "giver",
        "buyer",
        "reporter",
        "plaintiff",
        "prosecutor",
    ]) {
        RoleColumn::Actor
    } else if starts(&[
        "recipient",
        "target",
        "victim",
        "seller",
        "defendant",
        "beneficiary",
    ]) {
        RoleColumn::Recipient
    } else if starts(&["place", "location", "destination", "origin"]) {
        RoleColumn::Place
    } else if starts(&["time", "date"]) {
        RoleColumn::Time
    } else {
        RoleColumn::Other
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: EventId,
    pub type_id: String,
    pub type_name: String,
    pub trigger: String,
    pub trigger_start: Option<usize>,
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    pub places: Vec<String>,
    pub times: Vec<String>,
    /// "Role: name" for roles outside the four columns.
    pub others: Vec<String>,
    pub date: Option<PartialDate>,
    /// The end of a date range.
    pub date_end: Option<PartialDate>,
    pub modality: Modality,
    pub grading: Option<Grading>,
    pub confidence: Option<u8>,
    pub note: String,
    /// Entities that fill any role (for filtering by entity).
    pub entities: Vec<EntityId>,
}

impl EventRow {
    /// Place and time as shown: the Time role's filler, else the event's date.
    pub fn when(&self) -> String {
        let mut parts = self.times.clone();
        if self.date.is_some() {
            parts.push(PartialDate::range_text(self.date, self.date_end));
        }
        parts.join("; ")
    }

    /// Everything a text filter searches.
    pub fn haystack(&self) -> String {
        [
            self.type_name.as_str(),
            &self.trigger,
            &self.actors.join(" "),
            &self.recipients.join(" "),
            &self.places.join(" "),
            &self.when(),
            &self.others.join(" "),
            &self.note,
        ]
        .join(" ")
        .to_lowercase()
    }
}

pub fn event_row(s: &Session, e: &Event) -> EventRow {
    let mut row = EventRow {
        id: e.id,
        type_id: e.event_type.clone(),
        type_name: s
            .schema
            .event_type(&e.event_type)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| e.event_type.clone()),
        // A split trigger reads as its pieces joined, as brat writes it ("called off").
        trigger: e
            .trigger_pieces()
            .iter()
            .filter_map(|t| s.article.slice(*t))
            .collect::<Vec<_>>()
            .join(" "),
        trigger_start: e.trigger.map(|t| t.start),
        actors: vec![],
        recipients: vec![],
        places: vec![],
        times: vec![],
        others: vec![],
        date: e.date,
        date_end: e.date_end,
        modality: e.modality,
        grading: e.grading,
        confidence: e.confidence,
        note: e.note.clone(),
        entities: vec![],
    };
    for a in &e.arguments {
        let name = s.filler_label(a.filler);
        if let Filler::Entity(id) = a.filler {
            row.entities.push(id);
        }
        match role_column(&a.role) {
            RoleColumn::Actor => row.actors.push(name),
            RoleColumn::Recipient => row.recipients.push(name),
            RoleColumn::Place => row.places.push(name),
            RoleColumn::Time => row.times.push(name),
            RoleColumn::Other => row.others.push(format!("{}: {name}", a.role)),
        }
    }
    row
}

/// All events in text order (events without a trigger last).
pub fn event_rows(s: &Session) -> Vec<EventRow> {
    let mut rows: Vec<EventRow> = s.events.values().map(|e| event_row(s, e)).collect();
    rows.sort_by_key(row_order);
    rows
}

/// Event rows kept in step with a session: after an edit only the rows it can have changed are
/// rebuilt (the events it touched and those naming a touched entity or event), so the event list
/// costs nothing on the common edit, adding a mention.
#[derive(Debug, Default)]
pub struct EventRowCache {
    stamp: Option<super::changes::Stamp>,
    rows: Vec<EventRow>,
}

fn row_order(r: &EventRow) -> (usize, EventId) {
    (r.trigger_start.unwrap_or(usize::MAX), r.id)
}

impl EventRowCache {
    /// All rows in text order, as [`event_rows`] gives them.
    pub fn rows(&self) -> &[EventRow] {
        &self.rows
    }

    /// Bring the rows up to date with `s`; true when any row changed.
    pub fn update(&mut self, s: &Session) -> bool {
        use super::changes::Since;
        let since = match self.stamp {
            Some(st) => s.changes.since(st),
            None => Since::Unknown,
        };
        self.stamp = Some(s.changes.stamp());
        match since {
            Since::Nothing => false,
            Since::Unknown => {
                self.rows = event_rows(s);
                true
            }
            Since::Touched(t) => self.patch(s, &t),
        }
    }

    fn patch(&mut self, s: &Session, t: &super::changes::Touched) -> bool {
        let mut affected = t.events.clone();
        if !t.entities.is_empty() || !t.events.is_empty() {
            // Rows show their fillers' names and labels.
            for e in s.events.values() {
                let reads_touched = e.arguments.iter().any(|a| match a.filler {
                    Filler::Entity(x) => t.entities.contains(&x),
                    Filler::Event(x) => t.events.contains(&x),
                });
                if reads_touched {
                    affected.insert(e.id);
                }
            }
        }
        if affected.is_empty() {
            return false;
        }
        self.rows.retain(|r| !affected.contains(&r.id));
        for id in &affected {
            if let Some(e) = s.events.get(id) {
                let row = event_row(s, e);
                let at = self
                    .rows
                    .partition_point(|r| row_order(r) < row_order(&row));
                self.rows.insert(at, row);
            }
        }
        true
    }
}
