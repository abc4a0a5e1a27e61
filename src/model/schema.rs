//! Annotation schema: entity, event and relation types with colours and hotkeys.

use serde::{Deserialize, Serialize};

/// An sRGB colour written as `"#rrggbb"` in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Color(pub [u8; 3]);

impl TryFrom<String> for Color {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let hex = s.strip_prefix('#').unwrap_or(&s);
        let bad = || format!("colour {s:?} is not of the form \"#rrggbb\"");
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Color([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl From<Color> for String {
    fn from(c: Color) -> String {
        format!("#{:02x}{:02x}{:02x}", c.0[0], c.0[1], c.0[2])
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityType {
    pub id: String,
    pub name: String,
    pub color: Color,
    /// A lowercase letter or digit; annotating with it needs no modifier.
    #[serde(default)]
    pub hotkey: Option<char>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// Key that arms this role while an event is selected.
    #[serde(default)]
    pub hotkey: Option<char>,
    /// Types that may fill the role (entity or event type ids, or brat's `<ENTITY>`/`<EVENT>`);
    /// empty means any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filler_types: Vec<String>,
    /// How often the role may occur, as brat writes it: "" once, "?", "*", "+", "{2}".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cardinality: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventType {
    pub id: String,
    pub name: String,
    pub color: Color,
    /// An uppercase letter means Shift+letter.
    #[serde(default)]
    pub hotkey: Option<char>,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub description: String,
    /// Words and phrases that announce an event of this type ("killed", "vowed to avenge"):
    /// the lexicon event suggestions are found with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationType {
    pub id: String,
    pub name: String,
    pub color: Color,
    #[serde(default)]
    pub hotkey: Option<char>,
    /// Entity types allowed at each end; empty means any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_types: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to_types: Vec<String>,
    /// The names of its two arguments when they are not brat's `Arg1`/`Arg2` (e.g. `Located`,
    /// `Place`), so that brat files come back with the names they had.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// A symmetric, transitive relation (brat's Equiv, e.g. Alias) groups mentions into one
    /// entity; it is exported as the coreference sets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub coreference: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An attribute that mentions or events can carry, e.g. brat's `Negation` or
/// `Confidence: High|Neutral|Low`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeType {
    pub id: String,
    /// What it attaches to: `<ENTITY>`, `<EVENT>` or type ids.
    pub applies_to: Vec<String>,
    /// Allowed values; empty for a binary (present/absent) attribute.
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    pub name: String,
    pub entity_types: Vec<EntityType>,
    pub event_types: Vec<EventType>,
    pub relation_types: Vec<RelationType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeType>,
}

/// The colour of a type the schema does not know (an imported or hand-edited session).
pub const UNKNOWN_COLOR: [u8; 3] = [128, 128, 128];

impl Schema {
    /// The colour of an entity type, grey for an unknown one.
    pub fn entity_color(&self, id: &str) -> [u8; 3] {
        self.entity_type(id).map_or(UNKNOWN_COLOR, |t| t.color.0)
    }

    /// The colour of an event type, grey for an unknown one.
    pub fn event_color(&self, id: &str) -> [u8; 3] {
        self.event_type(id).map_or(UNKNOWN_COLOR, |t| t.color.0)
    }

    /// The colour of a relation type, grey for an unknown one.
    pub fn relation_color(&self, id: &str) -> [u8; 3] {
        self.relation_type(id).map_or(UNKNOWN_COLOR, |t| t.color.0)
    }

    /// Whether every entity, event and relation type of `other` is a type of this schema too
    /// (a project's schema grows as brat documents with types of their own join it).
    pub fn covers(&self, other: &Schema) -> bool {
        other
            .entity_types
            .iter()
            .all(|t| self.entity_type(&t.id).is_some())
            && other
                .event_types
                .iter()
                .all(|t| self.event_type(&t.id).is_some())
            && other
                .relation_types
                .iter()
                .all(|t| self.relation_types.iter().any(|r| r.id == t.id))
    }

    pub fn entity_type(&self, id: &str) -> Option<&EntityType> {
        self.entity_types.iter().find(|t| t.id == id)
    }

    pub fn event_type(&self, id: &str) -> Option<&EventType> {
        self.event_types.iter().find(|t| t.id == id)
    }

    pub fn relation_type(&self, id: &str) -> Option<&RelationType> {
        self.relation_types.iter().find(|t| t.id == id)
    }

    /// Problems that make the schema unusable: duplicate ids, clashing hotkeys, empty names.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut ids = std::collections::BTreeSet::new();
        let mut keys = std::collections::BTreeMap::new();
        let all = self
            .entity_types
            .iter()
            .map(|t| ("entity type", &t.id, &t.name, t.hotkey))
            .chain(
                self.event_types
                    .iter()
                    .map(|t| ("event type", &t.id, &t.name, t.hotkey)),
            )
            .chain(
                self.relation_types
                    .iter()
                    .map(|t| ("relation type", &t.id, &t.name, t.hotkey)),
            );
        // Two namespaces, as brat has them: the types of text spans (entities and events), and
        // relation types; one name may be both a span type and a relation type.
        let mut relation_ids = std::collections::BTreeSet::new();
        for (kind, id, name, key) in all {
            if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
                out.push(format!("{kind} id {id:?} is empty or contains spaces"));
            }
            if name.trim().is_empty() {
                out.push(format!("{kind} {id:?} has no name"));
            }
            let namespace = if kind == "relation type" {
                &mut relation_ids
            } else {
                &mut ids
            };
            if !namespace.insert(id.as_str()) {
                out.push(format!("type id {id:?} is used twice"));
            }
            if let Some(k) = key
                && let Some(prev) = keys.insert(k, id.as_str())
            {
                out.push(format!("hotkey {k:?} is used by both {prev:?} and {id:?}"));
            }
        }
        for et in &self.event_types {
            let mut roles = std::collections::BTreeSet::new();
            for r in &et.roles {
                if !roles.insert(r.id.as_str()) {
                    out.push(format!("event type {:?} has role {:?} twice", et.id, r.id));
                }
            }
        }
        out
    }
}

/// The schema presets shipped with the program.
pub mod presets {
    use super::Schema;

    pub const NEWS_EVENTS: &str = "news-events";
    pub const ACE2005: &str = "ace2005";

    pub const NAMES: [&str; 2] = [NEWS_EVENTS, ACE2005];

    pub fn source(name: &str) -> Option<&'static str> {
        match name {
            NEWS_EVENTS => Some(include_str!("../../resources/schemas/news-events.ron")),
            ACE2005 => Some(include_str!("../../resources/schemas/ace2005.ron")),
            _ => None,
        }
    }

    /// Parse a bundled preset. The presets are part of the program and covered by tests, so a
    /// failure here is a build defect; it is still reported as an error rather than a panic.
    pub fn load(name: &str) -> Result<Schema, String> {
        let src = source(name).ok_or_else(|| {
            format!(
                "unknown schema preset {name:?}; choose one of: {}",
                NAMES.join(", ")
            )
        })?;
        ron::from_str(src).map_err(|e| format!("schema preset {name:?} is broken: {e}"))
    }

    pub fn default_schema() -> Schema {
        load(NEWS_EVENTS).unwrap_or_else(|_| Schema {
            name: "empty".into(),
            entity_types: vec![],
            event_types: vec![],
            relation_types: vec![],
            attributes: vec![],
        })
    }
}

#[cfg(test)]
mod covers_tests {
    use super::presets;

    #[test]
    fn a_grown_schema_covers_the_one_it_grew_from_and_not_the_other_way() {
        let small = presets::default_schema();
        let mut big = small.clone();
        let mut extra = big.entity_types[0].clone();
        extra.id = "Vessel".into();
        big.entity_types.push(extra);
        assert!(big.covers(&small) && big.covers(&big));
        assert!(!small.covers(&big));
    }
}
