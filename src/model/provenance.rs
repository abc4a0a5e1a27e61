//! Who made an annotation and when, and when it was last changed. The window stamps each edit
//! before it is applied (`Command::stamped`), so undo and redo give back exactly the stamps they
//! took away; loading, merging and re-anchoring keep them as they are.

use super::edit::Command;
use super::session::Session;
use serde::{Deserialize, Serialize};

/// Seconds since 1970 as an ISO 8601 UTC time.
fn iso_time(secs: u64) -> Option<String> {
    i64::try_from(secs)
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map(|t| t.to_string())
}

/// The type of the brat note (`#` line) that carries who made an annotation and when; read
/// back into the annotation on import, so a brat round trip keeps it.
pub const BRAT_NOTE: &str = "DossierProvenance";

/// Who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The analyst's name as given in the preferences ("" when not given).
    pub by: String,
    /// Seconds since 1970-01-01 UTC.
    pub created: u64,
    pub modified: u64,
}

impl Provenance {
    /// When it was made, in ISO 8601 UTC ("2026-11-29T06:00:00Z").
    pub fn created_iso(&self) -> Option<String> {
        iso_time(self.created)
    }

    /// When it was last changed, in ISO 8601 UTC.
    pub fn modified_iso(&self) -> Option<String> {
        iso_time(self.modified)
    }

    /// As a brat note's text ([`BRAT_NOTE`]): "created 2026-11-29T06:00:00Z; modified
    /// 2026-11-29T06:10:00Z; by Rita Analyst" (the name last: it may hold anything).
    pub fn to_note(&self) -> String {
        format!(
            "created {}; modified {}; by {}",
            self.created_iso().unwrap_or_default(),
            self.modified_iso().unwrap_or_default(),
            self.by
        )
    }

    /// Read back from [`Provenance::to_note`]'s text; `None` when it is not one.
    pub fn from_note(text: &str) -> Option<Self> {
        let rest = text.strip_prefix("created ")?;
        let (created, rest) = rest.split_once("; modified ")?;
        let (modified, by) = rest.split_once("; by ")?;
        let secs = |t: &str| {
            t.parse::<jiff::Timestamp>()
                .ok()
                .and_then(|t| u64::try_from(t.as_second()).ok())
        };
        Some(Self {
            by: by.to_owned(),
            created: secs(created)?,
            modified: secs(modified)?,
        })
    }

    /// Made now by `by`.
    pub fn new(by: &str, now: u64) -> Self {
        Self {
            by: by.to_owned(),
            created: now,
            modified: now,
        }
    }

    /// Changed now: the maker and the making kept.
    fn touched(old: Option<&Provenance>, by: &str, now: u64) -> Self {
        match old {
            Some(p) => Self {
                modified: now,
                ..p.clone()
            },
            None => Self {
                by: by.to_owned(),
                created: now,
                modified: now,
            },
        }
    }
}

impl Session {
    /// Who made the mentions, events and relations, with how many each and when they last
    /// changed one (seconds since 1970), most first; annotations without a name are left out.
    pub fn annotators(&self) -> Vec<(String, usize, u64)> {
        let made = self
            .mentions
            .values()
            .map(|m| &m.made)
            .chain(self.events.values().map(|e| &e.made))
            .chain(self.relations.values().map(|r| &r.made))
            .flatten()
            .filter(|p| !p.by.is_empty());
        let mut by: std::collections::BTreeMap<&str, (usize, u64)> = Default::default();
        for p in made {
            let e = by.entry(p.by.as_str()).or_default();
            e.0 += 1;
            e.1 = e.1.max(p.modified);
        }
        let mut out: Vec<(String, usize, u64)> = by
            .into_iter()
            .map(|(name, (n, last))| (name.to_owned(), n, last))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

impl Command {
    /// This edit with its additions made by `by` at `now`, and its changes dated `now` (what
    /// was there keeps its maker). Removals and session-wide commands are unchanged.
    pub fn stamped(self, s: &Session, by: &str, now: u64) -> Command {
        match self {
            Command::AddMention(mut m) => {
                m.made.get_or_insert_with(|| Provenance::new(by, now));
                Command::AddMention(m)
            }
            Command::UpdateMention(mut m) => {
                m.made = Some(Provenance::touched(
                    s.mentions.get(&m.id).and_then(|o| o.made.as_ref()),
                    by,
                    now,
                ));
                Command::UpdateMention(m)
            }
            Command::AddEntity(mut e) => {
                e.made.get_or_insert_with(|| Provenance::new(by, now));
                Command::AddEntity(e)
            }
            Command::UpdateEntity(mut e) => {
                e.made = Some(Provenance::touched(
                    s.entities.get(&e.id).and_then(|o| o.made.as_ref()),
                    by,
                    now,
                ));
                Command::UpdateEntity(e)
            }
            Command::AddEvent(mut e) => {
                e.made.get_or_insert_with(|| Provenance::new(by, now));
                Command::AddEvent(e)
            }
            Command::UpdateEvent(mut e) => {
                e.made = Some(Provenance::touched(
                    s.events.get(&e.id).and_then(|o| o.made.as_ref()),
                    by,
                    now,
                ));
                Command::UpdateEvent(e)
            }
            Command::AddRelation(mut r) => {
                r.made.get_or_insert_with(|| Provenance::new(by, now));
                Command::AddRelation(r)
            }
            Command::UpdateRelation(mut r) => {
                r.made = Some(Provenance::touched(
                    s.relations.get(&r.id).and_then(|o| o.made.as_ref()),
                    by,
                    now,
                ));
                Command::UpdateRelation(r)
            }
            Command::Batch { label, commands } => Command::Batch {
                label,
                commands: commands
                    .into_iter()
                    .map(|c| c.stamped(s, by, now))
                    .collect(),
            },
            other => other,
        }
    }
}
