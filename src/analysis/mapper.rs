//! Naming B's annotations by A's ids, for two sessions of one text: a mention is A's at the
//! same span with the same type; an entity of B is A's entity holding most of the mentions B
//! groups in it, else (it has none A has) A's of the same type and name; an event is A's with
//! the same trigger and type. Built once in linear time,
//! so comparing every event's arguments stays linear too.

use crate::model::{Argument, EntityId, EventId, Filler, Mention, MentionId, Session, Span};
// Fx: these maps are rebuilt after every edit while curating; SipHash's DoS guard buys nothing here.
use rustc_hash::FxHashMap as HashMap;

pub struct Mapper<'a> {
    b: &'a Session,
    mentions: HashMap<(Span, &'a str), &'a Mention>,
    entities: HashMap<EntityId, EntityId>,
    /// A's entities by type and name (the first by id), for B's that share no mention with A.
    named: HashMap<(&'a str, &'a str), EntityId>,
    events: HashMap<(Span, &'a str), EventId>,
}

impl<'a> Mapper<'a> {
    pub fn new(a: &'a Session, b: &'a Session) -> Self {
        let mentions: HashMap<(Span, &str), &Mention> = a
            .mentions
            .values()
            .map(|m| ((m.span, m.entity_type.as_str()), m))
            .collect();
        let mut votes: HashMap<EntityId, HashMap<EntityId, usize>> = HashMap::default();
        for y in b.mentions.values() {
            if let Some(x) = mentions.get(&(y.span, y.entity_type.as_str())) {
                *votes
                    .entry(y.entity)
                    .or_default()
                    .entry(x.entity)
                    .or_default() += 1;
            }
        }
        let entities = votes
            .into_iter()
            .filter_map(|(eb, v)| most(v).map(|ea| (eb, ea)))
            .collect();
        let mut named: HashMap<(&str, &str), EntityId> = HashMap::default();
        for e in a.entities.values() {
            named
                .entry((e.entity_type.as_str(), e.name.as_str()))
                .or_insert(e.id);
        }
        let events = a
            .events
            .values()
            .filter_map(|e| Some(((e.trigger?, e.event_type.as_str()), e.id)))
            .collect();
        Self {
            b,
            mentions,
            entities,
            named,
            events,
        }
    }

    /// A's mention at `span` with `ty`.
    pub fn mention_at(&self, span: Span, ty: &str) -> Option<&'a Mention> {
        self.mentions.get(&(span, ty)).copied()
    }

    /// The entity of A that B's entity is.
    pub fn entity(&self, eb: EntityId) -> Option<EntityId> {
        self.entities.get(&eb).copied().or_else(|| {
            let e = self.b.entities.get(&eb)?;
            self.named
                .get(&(e.entity_type.as_str(), e.name.as_str()))
                .copied()
        })
    }

    /// The entity of A that B's entity is, not counting A's mention `skip` (is the mention
    /// grouped with the others B groups it with?). Looks at B's entity's mentions only.
    pub fn entity_without(&self, eb: EntityId, skip: MentionId) -> Option<EntityId> {
        let mut votes: HashMap<EntityId, usize> = HashMap::default();
        for y in self.b.mentions_of(eb) {
            if let Some(x) = self.mention_at(y.span, &y.entity_type)
                && x.id != skip
            {
                *votes.entry(x.entity).or_default() += 1;
            }
        }
        most(votes)
    }

    /// B's argument in A's terms: the clicked mention where A has it, else the entity; a
    /// nested event by its trigger. None when A has nothing it names.
    pub fn argument(&self, x: &Argument) -> Option<Argument> {
        let role = x.role.clone();
        match x.filler {
            Filler::Entity(eb) => {
                let clicked = x.mention.and_then(|m| self.b.mentions.get(&m));
                if let Some(m) = clicked.and_then(|m| self.mention_at(m.span, &m.entity_type)) {
                    return Some(Argument {
                        role,
                        filler: Filler::Entity(m.entity),
                        mention: Some(m.id),
                    });
                }
                self.entity(eb).map(|e| Argument {
                    role,
                    filler: Filler::Entity(e),
                    mention: None,
                })
            }
            Filler::Event(evb) => {
                let yb = self.b.events.get(&evb)?;
                let id = self.events.get(&(yb.trigger?, yb.event_type.as_str()))?;
                Some(Argument {
                    role,
                    filler: Filler::Event(*id),
                    mention: None,
                })
            }
        }
    }
}

/// What an argument's filler is, comparable across the two sessions: an entity by A's id, a
/// nested event by its type and trigger (it may have no trigger and no id in A yet).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FillerKey<'a> {
    Entity(EntityId),
    Event(&'a str, Option<Span>),
    /// B's entity A has nothing for (its id in B): equal to nothing of A's.
    OnlyB(EntityId),
    /// A filler that names nothing.
    Missing,
}

/// A's argument's key.
pub fn key_in_a<'a>(a: &'a Session, x: &'a Argument) -> (&'a str, FillerKey<'a>) {
    let key = match x.filler {
        Filler::Entity(e) => FillerKey::Entity(e),
        Filler::Event(id) => a.events.get(&id).map_or(FillerKey::Missing, |e| {
            FillerKey::Event(&e.event_type, e.trigger)
        }),
    };
    (x.role.as_str(), key)
}

impl<'a> Mapper<'a> {
    /// B's argument's key, its entity named by A's id.
    pub fn key_in_b(&self, x: &'a Argument) -> (&'a str, FillerKey<'a>) {
        let key = match x.filler {
            Filler::Entity(eb) => match self.argument(x) {
                Some(Argument {
                    filler: Filler::Entity(e),
                    ..
                }) => FillerKey::Entity(e),
                _ => FillerKey::OnlyB(eb),
            },
            Filler::Event(id) => self.b.events.get(&id).map_or(FillerKey::Missing, |e| {
                FillerKey::Event(&e.event_type, e.trigger)
            }),
        };
        (x.role.as_str(), key)
    }
}

/// The entity with the most votes (the lowest id on a tie, so the answer is stable).
fn most(votes: HashMap<EntityId, usize>) -> Option<EntityId> {
    votes
        .into_iter()
        .max_by_key(|(e, n)| (*n, std::cmp::Reverse(*e)))
        .map(|(e, _)| e)
}
