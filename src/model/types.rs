//! Mentions, entities, events and relations.

use super::text::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub use super::date::PartialDate;

macro_rules! id_type {
    ($name:ident, $prefix:literal) => {
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(MentionId, "M");
id_type!(EntityId, "N");
id_type!(EventId, "E");
id_type!(RelationId, "R");

/// Anything in a session that has a stable id.
pub trait HasId {
    type Id: Ord + Copy + fmt::Display;
    fn id(&self) -> Self::Id;
}

/// A span of the article typed as an entity type and linked to exactly one entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub id: MentionId,
    pub span: Span,
    pub entity_type: String,
    pub entity: EntityId,
    /// The covered text: lets a reader of the file, and the loader, see that the span still
    /// covers what the analyst marked.
    pub quote: String,
    /// The text just before and after, kept only on an orphaned mention (its span is in a text
    /// the session no longer has). A mention in the text gets its context from the text
    /// (`Article::prefix`); earlier files wrote it on every mention, where the loader reads
    /// and drops it (the text says the same).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    /// The pieces of a discontinuous mention ("left … hand"), each inside `span`; empty for the
    /// usual contiguous mention.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<Span>,
    /// Attributes such as brat's `Mention=Name` or a binary `Individual` (empty value).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Further notes, each with its type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_notes: Vec<TypedNote>,
    /// Who made it and when, and when it was last changed (set by the window's edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made: Option<super::provenance::Provenance>,
}

impl Mention {
    /// The spans actually covered: the fragments, or the whole span.
    pub fn pieces(&self) -> Vec<Span> {
        if self.fragments.is_empty() {
            vec![self.span]
        } else {
            self.fragments.clone()
        }
    }
}

/// A note with a type of its own (brat's `#` lines other than the first `AnnotatorNotes`, e.g.
/// `Lemma`), kept to be written back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedNote {
    pub kind: String,
    pub text: String,
}

/// A thing in the world that mentions refer to (coreference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: EntityId,
    pub name: String,
    pub entity_type: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Knowledge-base id such as a Wikidata QID (`Q90`).
    #[serde(default)]
    pub kb_id: Option<String>,
    /// The knowledge base's label for `kb_id` ("Paris").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb_name: Option<String>,
    #[serde(default)]
    pub note: String,
    /// The project registry entry this entity is (`RegEntity::id`), once the analyst linked it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// How a brat document grouped and normalised it, kept to be written back the same way:
    /// the type of its Equiv (`*`) line and the mention its N line was on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brat: Option<BratEntity>,
    /// Who made it and when, and when it was last changed (set by the window's edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made: Option<super::provenance::Provenance>,
    /// Where the analyst pinned it on the world map; before the gazetteer's coordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<super::geo::GeoPoint>,
}

/// An entity as a brat document wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BratEntity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equiv_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb_mention: Option<MentionId>,
}

impl Entity {
    /// A new entity with just a name and a type.
    pub fn new(id: EntityId, name: impl Into<String>, entity_type: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            entity_type: entity_type.into(),
            aliases: Vec::new(),
            kb_id: None,
            kb_name: None,
            note: String::new(),
            registry: None,
            brat: None,
            made: None,
            pin: None,
        }
    }

    /// Does `text` name this entity (its name or an alias, ignoring case)?
    pub fn is_named(&self, text: &str) -> bool {
        // Compared char by char, without allocating: annotating checks every entity.
        let t = text.trim();
        let same = |a: &str| {
            a.chars()
                .flat_map(char::to_lowercase)
                .eq(t.chars().flat_map(char::to_lowercase))
        };
        same(&self.name) || self.aliases.iter().any(|a| same(a))
    }
}

/// What fills an event role: an entity or another event (nesting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Filler {
    Entity(EntityId),
    Event(EventId),
}

impl fmt::Display for Filler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filler::Entity(e) => e.fmt(f),
            Filler::Event(e) => e.fmt(f),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argument {
    pub role: String,
    pub filler: Filler,
    /// The mention the analyst clicked to fill the role, when there was one: the evidence.
    #[serde(default)]
    pub mention: Option<MentionId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Modality {
    #[default]
    Asserted,
    Negated,
    Hypothetical,
    Future,
}

impl Modality {
    pub const ALL: [Modality; 4] = [
        Modality::Asserted,
        Modality::Negated,
        Modality::Hypothetical,
        Modality::Future,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
            Modality::Future => "future",
        }
    }
}

/// Source reliability in the Admiralty (NATO) system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    pub const ALL: [Reliability; 6] = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
        Reliability::F,
    ];

    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

/// Admiralty grading: source reliability A–F and information credibility 1–6, e.g. `B2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grading {
    pub reliability: Reliability,
    /// 1 (confirmed) … 6 (truth cannot be judged).
    pub credibility: u8,
}

impl Grading {
    pub fn credibility_meaning(c: u8) -> &'static str {
        match c {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            6 => "truth cannot be judged",
            _ => "invalid",
        }
    }

    pub fn is_valid(&self) -> bool {
        (1..=6).contains(&self.credibility)
    }
}

impl fmt::Display for Grading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}{}", self.reliability, self.credibility)
    }
}

impl std::str::FromStr for Grading {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let mut chars = s.chars();
        let bad = || format!("grading {s:?} should be a letter A–F and a digit 1–6, like B2");
        let r = match chars.next().map(|c| c.to_ascii_uppercase()) {
            Some('A') => Reliability::A,
            Some('B') => Reliability::B,
            Some('C') => Reliability::C,
            Some('D') => Reliability::D,
            Some('E') => Reliability::E,
            Some('F') => Reliability::F,
            _ => return Err(bad()),
        };
        let c = chars.next().and_then(|c| c.to_digit(10)).ok_or_else(bad)?;
        if chars.next().is_some() || !(1..=6).contains(&c) {
            return Err(bad());
        }
        Ok(Grading {
            reliability: r,
            credibility: c as u8,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub event_type: String,
    #[serde(default)]
    pub trigger: Option<Span>,
    /// A discontinuous trigger's pieces ("called … off"), ordered, spanning `trigger`; empty for
    /// a contiguous one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trigger_fragments: Vec<Span>,
    #[serde(default)]
    pub arguments: Vec<Argument>,
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The end of a date range ("last week": `date` to `date_end`), when the date is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<PartialDate>,
    #[serde(default)]
    pub modality: Modality,
    /// The analyst's confidence in percent, 0–100.
    #[serde(default)]
    pub confidence: Option<u8>,
    #[serde(default)]
    pub grading: Option<Grading>,
    #[serde(default)]
    pub note: String,
    /// Further notes, each with its type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_notes: Vec<TypedNote>,
    /// Other attributes, e.g. from brat (`Confidence=High`, a binary `Negation` with an empty
    /// value).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Who made it and when, and when it was last changed (set by the window's edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made: Option<super::provenance::Provenance>,
}

impl Event {
    pub fn new(id: EventId, event_type: impl Into<String>, trigger: Option<Span>) -> Self {
        Self {
            id,
            event_type: event_type.into(),
            trigger,
            trigger_fragments: Vec::new(),
            arguments: Vec::new(),
            date: None,
            date_end: None,
            modality: Modality::Asserted,
            confidence: None,
            grading: None,
            note: String::new(),
            more_notes: Vec::new(),
            attributes: BTreeMap::new(),
            made: None,
        }
    }

    /// The trigger's pieces: its fragments, or the whole trigger; none without a trigger.
    pub fn trigger_pieces(&self) -> Vec<Span> {
        match self.trigger {
            Some(_) if !self.trigger_fragments.is_empty() => self.trigger_fragments.clone(),
            Some(t) => vec![t],
            None => Vec::new(),
        }
    }

    pub fn fillers<'a>(&'a self, role: &'a str) -> impl Iterator<Item = Filler> + 'a {
        self.arguments
            .iter()
            .filter(move |a| a.role == role)
            .map(|a| a.filler)
    }

    /// Does another event fill one of this event's roles?
    pub fn fillers_any_event(&self) -> bool {
        self.arguments
            .iter()
            .any(|a| matches!(a.filler, Filler::Event(_)))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RelationId,
    pub relation_type: String,
    pub from: EntityId,
    pub to: EntityId,
    #[serde(default)]
    pub evidence: Option<Span>,
    #[serde(default)]
    pub note: String,
    /// Further notes, each with its type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_notes: Vec<TypedNote>,
    /// The mentions the relation was drawn between, when it was made from the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_mention: Option<MentionId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_mention: Option<MentionId>,
    /// How a brat document wrote it, when not as `Arg1:from Arg2:to`: kept to write it back so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brat: Option<BratArgs>,
    /// Attributes, as on mentions and events (a multi-valued one joined by `|`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Who made it and when, and when it was last changed (set by the window's edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made: Option<super::provenance::Provenance>,
}

impl Relation {
    /// A relation between two entities with nothing else said about it.
    pub fn new(
        id: RelationId,
        relation_type: impl Into<String>,
        from: EntityId,
        to: EntityId,
    ) -> Self {
        Self {
            id,
            relation_type: relation_type.into(),
            from,
            to,
            evidence: None,
            note: String::new(),
            more_notes: Vec::new(),
            from_mention: None,
            to_mention: None,
            brat: None,
            attributes: BTreeMap::new(),
            made: None,
        }
    }
}

/// A brat relation's argument names and order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BratArgs {
    pub from_role: String,
    pub to_role: String,
    /// The line named the `to` argument first.
    #[serde(default)]
    pub to_first: bool,
}

macro_rules! has_id {
    ($t:ty, $id:ty) => {
        impl HasId for $t {
            type Id = $id;
            fn id(&self) -> $id {
                self.id
            }
        }
    };
}
has_id!(Mention, MentionId);
has_id!(Entity, EntityId);
has_id!(Event, EventId);
has_id!(Relation, RelationId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        for ok in ["2020", "2020-01", "2020-02-29", "1999-12-31"] {
            let d: PartialDate = ok.parse().unwrap();
            assert_eq!(d.to_string(), ok);
        }
        for bad in [
            "",
            "20",
            "2021-02-29",
            "2020-13",
            "2020-1-x",
            "2020-01-01-01",
            "abcd",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn gradings() {
        let g: Grading = "b2".parse().unwrap();
        assert_eq!(g.to_string(), "B2");
        for bad in ["", "G1", "A0", "A7", "A12", "2B"] {
            assert!(bad.parse::<Grading>().is_err(), "{bad}");
        }
    }
}

/// What a brat document held that Dossier's own annotations cannot: kept as it was read and
/// written back on export, so nothing is lost in a round trip. Ids come from the session's
/// counter. Ends that an edit deleted are dropped on export (and said).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BratExtra {
    /// Text-bound annotations no annotation uses: a trigger without an event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<ExtraSpan>,
    /// Relations with an event or a bare trigger at one end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<ExtraLink>,
    /// Normalizations of events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_norms: Vec<ExtraNorm>,
    /// Normalizations of mentions beyond their entity's knowledge-base id: brat normalizes
    /// each mention, so two mentions joined by Equiv may name different ids (or one a second
    /// id); each stays on the mention it was on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mention_norms: Vec<MentionNorm>,
}

impl BratExtra {
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
            && self.links.is_empty()
            && self.event_norms.is_empty()
            && self.mention_norms.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtraSpan {
    pub id: u64,
    pub span_type: String,
    pub span: Span,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<Span>,
}

impl ExtraSpan {
    pub fn pieces(&self) -> Vec<Span> {
        if self.fragments.is_empty() {
            vec![self.span]
        } else {
            self.fragments.clone()
        }
    }
}

/// One end of a kept brat relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkEnd {
    Mention(MentionId),
    Event(EventId),
    /// The trigger of this event (brat relations may point at a trigger's T line).
    Trigger(EventId),
    /// An [`ExtraSpan`], by id.
    Span(u64),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtraLink {
    pub id: u64,
    pub relation_type: String,
    /// Role name and end, in the order the line wrote them.
    pub args: Vec<(String, LinkEnd)>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<TypedNote>,
}

/// A brat normalization of a mention that is not its entity's knowledge-base id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionNorm {
    pub mention: MentionId,
    pub kind: String,
    pub reference: String,
    #[serde(default)]
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtraNorm {
    pub event: EventId,
    pub kind: String,
    pub reference: String,
    #[serde(default)]
    pub label: String,
}
