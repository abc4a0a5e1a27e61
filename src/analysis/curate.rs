//! Curation: the differences between the open session (A, which becomes the merged one) and a
//! compared session (B) of the same text, and the edits that take A's version, B's, or neither.
//! Keeping A's version where B differs changes no annotation, so it is recorded as a settled
//! difference (`Session::settled`, keyed by the compared file): every step is an ordinary,
//! undoable command, and a settled difference stays settled after saving and reopening.

mod entities;
mod relations;
mod take;
pub use take::cmd_take;

use super::mapper::{Mapper, key_in_a};
use crate::model::{Argument, EntityId, Event, EventId, Filler, Mention, MentionId, Session, Span};
// Fx: these maps are rebuilt after every edit while curating; SipHash's guard buys nothing here.
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

/// What kind of difference it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A mention only A has.
    OnlyA,
    /// A mention only B has.
    OnlyB,
    /// The same span, another entity type.
    Type,
    /// The same span and type, grouped with other mentions into its entity.
    Entity,
    EventOnlyA,
    EventOnlyB,
    RelationOnlyA,
    RelationOnlyB,
    /// The same trigger: another event type or other arguments.
    Event,
    /// An entity both made, named or linked to the knowledge base differently.
    EntityDetails,
}

impl Kind {
    /// A short name for lists ("only A").
    pub fn label(self) -> &'static str {
        match self {
            Kind::OnlyA => "only A",
            Kind::OnlyB => "only B",
            Kind::Type => "type",
            Kind::Entity => "entity",
            Kind::EventOnlyA => "event only A",
            Kind::EventOnlyB => "event only B",
            Kind::RelationOnlyA => "relation only A",
            Kind::RelationOnlyB => "relation only B",
            Kind::EntityDetails => "name or link",
            Kind::Event => "event",
        }
    }
}

/// An annotation in one of the two sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    Mention(MentionId),
    Event(EventId),
    Relation(crate::model::RelationId),
    Entity(EntityId),
}

/// One difference between A and B.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub kind: Kind,
    /// Where it is in the text (the mention's span, the event's trigger).
    pub span: Span,
    pub a: Option<Item>,
    pub b: Option<Item>,
    /// What differs, in words.
    pub what: String,
    /// Its name in `Session::settled`.
    pub key: String,
}

/// Which version a curation step takes into A.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    A,
    B,
    Neither,
}

/// The differences of A from B not settled yet, in text order. `tag` names B (its file) in
/// the keys of settled differences. Both sessions must have the same text (re-anchor B first).
pub fn differences(a: &Session, b: &Session, tag: &str) -> Vec<Difference> {
    let mut out = Vec::new();
    let map = Mapper::new(a, b);
    mention_differences((a, b, &map), tag, &mut out);
    event_differences((a, b, &map), tag, &mut out);
    relations::differences((a, b, &map), tag, &mut out);
    entities::differences((a, b, &map), tag, &mut out);
    out.retain(|d| !a.settled.contains(&d.key));
    out.sort_by_key(|d| (d.span.start, d.span.end, d.kind));
    out
}

/// How the two groupings meet over the mentions both made (same span and type; a session
/// holds one of each): a mention's grouping agrees when its A entity and its B entity hold
/// exactly the same common mentions.
#[derive(Default)]
struct Grouping {
    size_a: HashMap<EntityId, usize>,
    size_b: HashMap<EntityId, usize>,
    shared: HashMap<(EntityId, EntityId), usize>,
}

impl Grouping {
    fn new(map: &Mapper<'_>, b: &Session) -> Self {
        let mut g = Grouping::default();
        for y in b.mentions.values() {
            if let Some(x) = map.mention_at(y.span, &y.entity_type) {
                *g.size_a.entry(x.entity).or_default() += 1;
                *g.size_b.entry(y.entity).or_default() += 1;
                *g.shared.entry((x.entity, y.entity)).or_default() += 1;
            }
        }
        g
    }

    fn agrees(&self, x: EntityId, y: EntityId) -> bool {
        let n = self.shared.get(&(x, y)).copied().unwrap_or(0);
        n == self.size_a.get(&x).copied().unwrap_or(0)
            && n == self.size_b.get(&y).copied().unwrap_or(0)
    }
}

fn by_span(s: &Session) -> BTreeMap<Span, Vec<&Mention>> {
    let mut out: BTreeMap<Span, Vec<&Mention>> = BTreeMap::new();
    for m in s.mentions.values() {
        out.entry(m.span).or_default().push(m);
    }
    out
}

fn mention_differences(
    (a, b, map): (&Session, &Session, &Mapper<'_>),
    tag: &str,
    out: &mut Vec<Difference>,
) {
    let (ma, mb) = (by_span(a), by_span(b));
    let grouping = Grouping::new(map, b);
    let (quotes_a, quotes_b) = (quotes(a), quotes(b));
    let spans: BTreeSet<Span> = ma.keys().chain(mb.keys()).copied().collect();
    let none = Vec::new();
    for span in spans {
        let xs = ma.get(&span).unwrap_or(&none);
        let ys = mb.get(&span).unwrap_or(&none);
        let at = |kind: Kind, detail: &str| format!("{tag}: {} {span} {detail}", kind.label());
        for x in xs {
            if let Some(y) = ys.iter().find(|y| y.entity_type == x.entity_type)
                && !grouping.agrees(x.entity, y.entity)
            {
                out.push(Difference {
                    kind: Kind::Entity,
                    span,
                    a: Some(Item::Mention(x.id)),
                    b: Some(Item::Mention(y.id)),
                    what: format!(
                        "“{}”: A has it {}; B has it {}",
                        x.quote,
                        company(&quotes_a, x),
                        company(&quotes_b, y)
                    ),
                    key: at(Kind::Entity, &x.entity_type),
                });
            }
        }
        let left_a: Vec<&&Mention> = xs
            .iter()
            .filter(|x| !ys.iter().any(|y| y.entity_type == x.entity_type))
            .collect();
        let left_b: Vec<&&Mention> = ys
            .iter()
            .filter(|y| !xs.iter().any(|x| x.entity_type == y.entity_type))
            .collect();
        if let ([x], [y]) = (left_a.as_slice(), left_b.as_slice()) {
            out.push(Difference {
                kind: Kind::Type,
                span,
                a: Some(Item::Mention(x.id)),
                b: Some(Item::Mention(y.id)),
                what: format!(
                    "“{}”: {} in A, {} in B",
                    x.quote, x.entity_type, y.entity_type
                ),
                key: at(Kind::Type, &format!("{}/{}", x.entity_type, y.entity_type)),
            });
            continue;
        }
        for x in left_a {
            out.push(Difference {
                kind: Kind::OnlyA,
                span,
                a: Some(Item::Mention(x.id)),
                b: None,
                what: format!("“{}” as {}: only in A", x.quote, x.entity_type),
                key: at(Kind::OnlyA, &x.entity_type),
            });
        }
        for y in left_b {
            out.push(Difference {
                kind: Kind::OnlyB,
                span,
                a: None,
                b: Some(Item::Mention(y.id)),
                what: format!("“{}” as {}: only in B", y.quote, y.entity_type),
                key: at(Kind::OnlyB, &y.entity_type),
            });
        }
    }
}

/// Each entity's first mention's span: where an entity-wide difference is shown.
fn first_mentions(s: &Session) -> HashMap<EntityId, Span> {
    let mut out: HashMap<EntityId, Span> = HashMap::default();
    for m in s.mentions.values() {
        let e = out.entry(m.entity).or_insert(m.span);
        if m.span.start < e.start {
            *e = m.span;
        }
    }
    out
}

/// Each entity's mentions (id and quote), in text order.
fn quotes(s: &Session) -> HashMap<EntityId, Vec<(MentionId, &str)>> {
    let mut out: HashMap<EntityId, Vec<(MentionId, &str)>> = HashMap::default();
    for m in s.mentions.values() {
        out.entry(m.entity)
            .or_default()
            .push((m.id, m.quote.as_str()));
    }
    out
}

/// What `m` is grouped with: "with “Ibáñez”, “Díaz” and 2 more" or "alone".
fn company(quotes: &HashMap<EntityId, Vec<(MentionId, &str)>>, m: &Mention) -> String {
    let mut seen = rustc_hash::FxHashSet::default();
    let others: Vec<&str> = quotes
        .get(&m.entity)
        .into_iter()
        .flatten()
        .filter(|(id, q)| *id != m.id && seen.insert(*q))
        .map(|(_, q)| *q)
        .collect();
    if others.is_empty() {
        return "alone".into();
    }
    let shown: Vec<String> = others.iter().take(3).map(|q| format!("“{q}”")).collect();
    let more = others.len().saturating_sub(3);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("with {}{more}", shown.join(", "))
}

/// Whether A's event and B's have the same arguments: the same roles filled by the same
/// entities (B's named through the mentions both made) or events, whichever mention a role
/// cites as evidence.
fn same_arguments(a: &Session, map: &Mapper<'_>, x: &Event, y: &Event) -> bool {
    let ka: BTreeSet<_> = x.arguments.iter().map(|r| key_in_a(a, r)).collect();
    let kb: BTreeSet<_> = y.arguments.iter().map(|r| map.key_in_b(r)).collect();
    ka == kb
}

fn event_differences(
    (a, b, map): (&Session, &Session, &Mapper<'_>),
    tag: &str,
    out: &mut Vec<Difference>,
) {
    let (ta, tb) = (by_trigger(a), by_trigger(b));
    let spans: BTreeSet<Span> = ta.keys().chain(tb.keys()).copied().collect();
    let none = Vec::new();
    let word = |span: Span| a.article.slice(span).unwrap_or_default();
    for span in spans {
        let xs = ta.get(&span).unwrap_or(&none);
        let ys = tb.get(&span).unwrap_or(&none);
        let at = |kind: Kind, detail: &str| format!("{tag}: {} {span} {detail}", kind.label());
        let mut left_b: Vec<&&Event> = ys.iter().collect();
        let mut left_a = Vec::new();
        for x in xs {
            let same = left_b.iter().position(|y| y.event_type == x.event_type);
            match same {
                Some(i) => {
                    let y = left_b.remove(i);
                    if !same_arguments(a, map, x, y) {
                        let key = at(Kind::Event, &x.event_type);
                        out.push(arguments_differ((a, b, map), (x, y), span, key));
                    }
                }
                None => left_a.push(x),
            }
        }
        if let ([x], [y]) = (left_a.as_slice(), left_b.as_slice()) {
            out.push(Difference {
                kind: Kind::Event,
                span,
                a: Some(Item::Event(x.id)),
                b: Some(Item::Event(y.id)),
                what: format!(
                    "“{}”: a {} event in A, a {} event in B",
                    word(span),
                    x.event_type,
                    y.event_type
                ),
                key: at(Kind::Event, &format!("{}/{}", x.event_type, y.event_type)),
            });
            continue;
        }
        for x in left_a {
            out.push(Difference {
                kind: Kind::EventOnlyA,
                span,
                a: Some(Item::Event(x.id)),
                b: None,
                what: format!("{} “{}”: only in A", x.event_type, word(span)),
                key: at(Kind::EventOnlyA, &x.event_type),
            });
        }
        for y in left_b {
            out.push(Difference {
                kind: Kind::EventOnlyB,
                span,
                a: None,
                b: Some(Item::Event(y.id)),
                what: format!("{} “{}”: only in B", y.event_type, word(span)),
                key: at(Kind::EventOnlyB, &y.event_type),
            });
        }
    }
}

fn by_trigger(s: &Session) -> BTreeMap<Span, Vec<&Event>> {
    let mut m: BTreeMap<Span, Vec<&Event>> = BTreeMap::new();
    for e in s.events.values() {
        if let Some(t) = e.trigger {
            m.entry(t).or_default().push(e);
        }
    }
    m
}

/// The same event with other arguments.
fn arguments_differ(
    (a, b, map): (&Session, &Session, &Mapper<'_>),
    (x, y): (&Event, &Event),
    span: Span,
    key: String,
) -> Difference {
    let ka: BTreeSet<_> = x.arguments.iter().map(|r| key_in_a(a, r)).collect();
    let kb: BTreeSet<_> = y.arguments.iter().map(|r| map.key_in_b(r)).collect();
    let only_a: Vec<&Argument> = x
        .arguments
        .iter()
        .filter(|r| !kb.contains(&key_in_a(a, r)))
        .collect();
    let only_b: Vec<&Argument> = y
        .arguments
        .iter()
        .filter(|r| !ka.contains(&map.key_in_b(r)))
        .collect();
    Difference {
        kind: Kind::Event,
        span,
        a: Some(Item::Event(x.id)),
        b: Some(Item::Event(y.id)),
        what: format!(
            "{} “{}”: arguments differ (only A: {}; only B: {})",
            x.event_type,
            a.article.slice(span).unwrap_or_default(),
            argument_words(a, &only_a),
            argument_words(b, &only_b)
        ),
        key,
    }
}

/// "Agent Bo Li, Place Oslo" (or "none").
fn argument_words(s: &Session, args: &[&Argument]) -> String {
    let words: Vec<String> = args
        .iter()
        .map(|x| {
            let name = match x.filler {
                Filler::Entity(id) => s.entities.get(&id).map(|e| e.name.clone()),
                Filler::Event(id) => s.events.get(&id).map(|e| format!("{} event", e.event_type)),
            };
            format!("{} {}", x.role, name.unwrap_or_else(|| "?".into()))
        })
        .collect();
    if words.is_empty() {
        "none".into()
    } else {
        words.join(", ")
    }
}

#[cfg(test)]
#[path = "curate_tests.rs"]
mod tests;
