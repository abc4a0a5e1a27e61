//! Merge conflicts kept in the file: when two analysts changed the same annotation two ways,
//! the merge keeps one version in the session and records the other here, for the analyst to
//! resolve in the window. A file with conflicts is an ordinary session that opens as always.

use super::types::{Entity, Event, Mention, Relation};
use serde::{Deserialize, Serialize};

/// One side's version of a conflicting item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Version {
    Deleted,
    Entity(Entity),
    Mention(Mention),
    Event(Event),
    Relation(Relation),
}

impl Version {
    pub fn describe(&self) -> String {
        match self {
            Version::Deleted => "deleted".into(),
            Version::Entity(e) => format!("entity “{}” ({})", e.name, e.entity_type),
            Version::Mention(m) => {
                format!("mention “{}” as {} of {}", m.quote, m.entity_type, m.entity)
            }
            Version::Event(e) => format!(
                "{} event with {} arguments",
                e.event_type,
                e.arguments.len()
            ),
            Version::Relation(r) => format!("{} relation {} → {}", r.relation_type, r.from, r.to),
        }
    }
}

/// An item changed two ways: `ours` is what the session holds now, `theirs` the other version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// What it is about ("entity N12").
    pub what: String,
    pub ours: Version,
    pub theirs: Version,
}

/// A mention re-anchoring could not place on the article's new text: kept, with where it was,
/// for the analyst to place by hand or drop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Orphaned {
    pub mention: Mention,
    /// Its start in the text it was made on.
    pub old_start: usize,
}
