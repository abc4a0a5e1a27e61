//! Curation: the differences between the open session (A, which becomes the merged one) and a
//! compared session (B) of the same text, and the edits that take A's version, B's, or neither.
//! Keeping A's version where B differs changes no annotation, so it is recorded as a settled
//! difference (`Session::settled`, keyed by the compared file): every step is an ordinary,
//! undoable command, and a settled difference stays settled after saving and reopening.

mod entities;
mod relations;

use super::mapper::{Mapper, key_in_a};
use crate::model::{
    Accepted, Argument, Command, EditError, EntityId, Event, EventId, Filler, Mention, MentionId,
    Session, Span, Target,
};
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
    mention_differences(a, b, tag, &mut out);
    let map = Mapper::new(a, b);
    event_differences((a, b, &map), tag, &mut out);
    relations::differences((a, b, &map), tag, &mut out);
    entities::differences((a, b, &map), tag, &mut out);
    out.retain(|d| !a.settled.contains(&d.key));
    out.sort_by_key(|d| (d.span.start, d.span.end, d.kind));
    out
}

type Key<'a> = (Span, &'a str);

/// Which entity each (span, type) belongs to, for the mentions both sides made, and how the
/// two groupings meet: a mention's grouping agrees when its A entity and its B entity hold
/// exactly the same common mentions.
struct Grouping<'a> {
    ea: HashMap<Key<'a>, EntityId>,
    eb: HashMap<Key<'a>, EntityId>,
    size_a: HashMap<EntityId, usize>,
    size_b: HashMap<EntityId, usize>,
    shared: HashMap<(EntityId, EntityId), usize>,
}

impl<'a> Grouping<'a> {
    fn new(a: &'a Session, b: &'a Session) -> Self {
        let of = |s: &'a Session| -> HashMap<Key<'a>, EntityId> {
            s.mentions
                .values()
                .map(|m| ((m.span, m.entity_type.as_str()), m.entity))
                .collect()
        };
        let (ea, eb) = (of(a), of(b));
        let mut g = Grouping {
            size_a: HashMap::default(),
            size_b: HashMap::default(),
            shared: HashMap::default(),
            ea: HashMap::default(),
            eb: HashMap::default(),
        };
        for (k, x) in &ea {
            if let Some(y) = eb.get(k) {
                *g.size_a.entry(*x).or_default() += 1;
                *g.size_b.entry(*y).or_default() += 1;
                *g.shared.entry((*x, *y)).or_default() += 1;
            }
        }
        g.ea = ea;
        g.eb = eb;
        g
    }

    fn agrees(&self, k: &Key<'_>) -> bool {
        let (Some(x), Some(y)) = (self.ea.get(k), self.eb.get(k)) else {
            return true;
        };
        let n = self.shared.get(&(*x, *y)).copied().unwrap_or(0);
        n == self.size_a.get(x).copied().unwrap_or(0)
            && n == self.size_b.get(y).copied().unwrap_or(0)
    }
}

fn by_span(s: &Session) -> BTreeMap<Span, Vec<&Mention>> {
    let mut out: BTreeMap<Span, Vec<&Mention>> = BTreeMap::new();
    for m in s.mentions.values() {
        out.entry(m.span).or_default().push(m);
    }
    out
}

fn mention_differences(a: &Session, b: &Session, tag: &str, out: &mut Vec<Difference>) {
    let (ma, mb) = (by_span(a), by_span(b));
    let grouping = Grouping::new(a, b);
    let (quotes_a, quotes_b) = (quotes(a), quotes(b));
    let spans: BTreeSet<Span> = ma.keys().chain(mb.keys()).copied().collect();
    let none = Vec::new();
    for span in spans {
        let xs = ma.get(&span).unwrap_or(&none);
        let ys = mb.get(&span).unwrap_or(&none);
        let at = |kind: Kind, detail: &str| format!("{tag}: {} {span} {detail}", kind.label());
        for x in xs {
            let key = (span, x.entity_type.as_str());
            if let Some(y) = ys.iter().find(|y| y.entity_type == x.entity_type)
                && !grouping.agrees(&key)
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

/// The edit that takes `choice` for `d` into A. Keeping A's version where A and B differ, and
/// "neither" where only B has something, settle the difference; the rest change annotations.
pub fn cmd_take(
    a: &mut Session,
    b: &Session,
    d: &Difference,
    choice: Choice,
) -> Result<Command, EditError> {
    let settle = || {
        Ok(Command::batch(
            format!("keep A's version ({})", d.kind.label()),
            vec![Command::SetSettled(d.key.clone(), true)],
        ))
    };
    let a_mention = || match d.a {
        Some(Item::Mention(id)) => Ok(id),
        _ => Err(EditError("this difference has no mention in A".into())),
    };
    let a_event = || match d.a {
        Some(Item::Event(id)) => Ok(id),
        _ => Err(EditError("this difference has no event in A".into())),
    };
    match (choice, d.kind) {
        (Choice::A, _) => settle(),
        (Choice::Neither, Kind::OnlyB | Kind::EventOnlyB | Kind::RelationOnlyB) => settle(),
        // Neither name: there is no entity without one; "neither" keeps A's as settled.
        (Choice::Neither, Kind::EntityDetails) => settle(),
        (_, Kind::EntityDetails) => entities::take(a, b, d),
        (_, Kind::RelationOnlyA) => match d.a {
            Some(Item::Relation(id)) => Ok(Command::batch(
                "remove A's relation",
                vec![Command::RemoveRelation(id)],
            )),
            _ => Err(EditError("this difference has no relation in A".into())),
        },
        (_, Kind::RelationOnlyB) => match d.b {
            Some(Item::Relation(id)) => relations::take(a, b, id),
            _ => Err(EditError("this difference has no relation in B".into())),
        },
        (_, Kind::OnlyA | Kind::Type | Kind::Entity) if choice == Choice::Neither => {
            a.cmd_delete_mention(a_mention()?)
        }
        (_, Kind::OnlyA) => a.cmd_delete_mention(a_mention()?),
        (_, Kind::EventOnlyA | Kind::Event) if choice == Choice::Neither => {
            a.cmd_delete_event(a_event()?)
        }
        (_, Kind::EventOnlyA) => a.cmd_delete_event(a_event()?),
        (_, Kind::OnlyB) => take_mention(a, b, b_mention(b, d)?),
        (_, Kind::Type) => {
            let y = b_mention(b, d)?;
            a.cmd_retype_mention(a_mention()?, &y.entity_type)
        }
        (_, Kind::Entity) => regroup(a, b, a_mention()?, b_mention(b, d)?),
        (_, Kind::EventOnlyB | Kind::Event) => take_event(a, b, d),
    }
}

fn b_mention<'b>(b: &'b Session, d: &Difference) -> Result<&'b Mention, EditError> {
    match d.b {
        Some(Item::Mention(id)) => b.mentions.get(&id),
        _ => None,
    }
    .ok_or_else(|| EditError("B's mention is gone".into()))
}

/// B's mention added to A: in the entity of A that B's entity is, else one of the same name
/// or knowledge-base id, else a new one; it keeps B's record of who made it.
fn take_mention(a: &mut Session, b: &Session, y: &Mention) -> Result<Command, EditError> {
    if a.schema.entity_type(&y.entity_type).is_none() {
        return Err(EditError(format!(
            "this session's schema has no entity type {:?} (B's type for “{}”)",
            y.entity_type, y.quote
        )));
    }
    let cmd = match Mapper::new(a, b).entity(y.entity) {
        // Straight into A's entity (even beside a mention of another type at the same span).
        Some(e) => {
            a.check_span(y.span)?;
            let id = MentionId(a.alloc_id());
            let m = a.make_mention(id, y.span, &y.entity_type, e);
            Command::batch("", vec![Command::AddMention(m)])
        }
        None => {
            let e = b.entities.get(&y.entity);
            let target = Target::New {
                name: e.map_or_else(|| y.quote.clone(), |e| e.name.clone()),
                entity_type: y.entity_type.clone(),
                kb_id: e.and_then(|e| e.kb_id.clone()),
            };
            a.cmd_accept_mentions(&[Accepted {
                span: y.span,
                target,
            }])?
            .1
        }
    };
    let Command::Batch { commands, .. } = cmd else {
        return Ok(cmd);
    };
    let commands = commands
        .into_iter()
        .map(|c| match c {
            Command::AddMention(mut m) => {
                // B's type even where the entity joined has another (a mention linked across
                // types): B's version exactly, or the difference would come back.
                m.entity_type.clone_from(&y.entity_type);
                m.made.clone_from(&y.made);
                m.fragments.clone_from(&y.fragments);
                m.attributes.clone_from(&y.attributes);
                m.note.clone_from(&y.note);
                Command::AddMention(m)
            }
            c => c,
        })
        .collect();
    Ok(Command::batch(format!("take B's “{}”", y.quote), commands))
}

/// A's mention grouped as B groups it: into the entity of A that B's entity is, or on its own.
fn regroup(a: &mut Session, b: &Session, x: MentionId, y: &Mention) -> Result<Command, EditError> {
    let current = a.mentions.get(&x).map(|m| m.entity);
    match Mapper::new(a, b).entity_without(y.entity, x) {
        Some(e) if Some(e) != current => a.cmd_link_mention(x, e),
        Some(_) => move_out_others(a, b, x, y),
        None => a.cmd_split_mention(x),
    }
}

/// A groups `x` with all B groups it with, and more: those others move out, each to the entity
/// of A its own group in B is, else into a new one (the next of the same group follows it).
/// Built step by step on a copy, as each move changes where the next goes.
fn move_out_others(
    a: &mut Session,
    b: &Session,
    x: MentionId,
    y: &Mention,
) -> Result<Command, EditError> {
    let Some(current) = a.mentions.get(&x).map(|m| m.entity) else {
        return Err(EditError("A's mention is gone".into()));
    };
    let b_at: HashMap<(Span, &str), EntityId> = b
        .mentions
        .values()
        .map(|m| ((m.span, m.entity_type.as_str()), m.entity))
        .collect();
    let others: Vec<(MentionId, EntityId)> = a
        .mentions_of(current)
        .filter(|z| z.id != x)
        .filter_map(|z| {
            let eb = b_at.get(&(z.span, z.entity_type.as_str()))?;
            (*eb != y.entity).then_some((z.id, *eb))
        })
        .collect();
    if others.is_empty() {
        return Err(EditError("A already groups it as B does".into()));
    }
    let mut scratch = a.clone();
    let mut cmds = Vec::new();
    for (z, eb) in others {
        let target = Mapper::new(&scratch, b).entity_without(eb, z);
        let cmd = match target {
            Some(t) if t != current => scratch.cmd_link_mention(z, t)?,
            _ => scratch.cmd_split_mention(z)?,
        };
        scratch.apply(cmd.clone())?;
        cmds.push(cmd);
    }
    // The ids the copy handed out are never handed out again.
    a.next_id = a.next_id.max(scratch.next_id);
    Ok(Command::batch(
        format!("group “{}” as B does", y.quote),
        cmds,
    ))
}

/// B's event (type, arguments, date, everything but its id) into A, its arguments pointed at
/// A's entities and events; arguments A has nothing for are left out.
fn take_event(a: &mut Session, b: &Session, d: &Difference) -> Result<Command, EditError> {
    let Some(Item::Event(yb)) = d.b else {
        return Err(EditError("this difference has no event in B".into()));
    };
    let target = match d.a {
        Some(Item::Event(id)) => Some(id),
        _ => None,
    };
    let mut cmds = Vec::new();
    let mut copies = HashMap::default();
    event_into_a(a, b, (yb, target), &mut cmds, &mut copies, 0)?;
    let ty = b.events.get(&yb).map_or("", |e| e.event_type.as_str());
    Ok(Command::batch(format!("take B's {ty} event"), cmds))
}

/// Commands that make B's event `yb` A's event `target` (or a new one): its type, date and
/// everything but its id, its arguments named by A's ids. An entity A lacks is made; a nested
/// event A lacks is brought along the same way (to a depth of 8). Returns the event's id in A.
fn event_into_a(
    a: &mut Session,
    b: &Session,
    (yb, target): (EventId, Option<EventId>),
    cmds: &mut Vec<Command>,
    copies: &mut HashMap<EntityId, EntityId>,
    depth: usize,
) -> Result<EventId, EditError> {
    let y = b
        .events
        .get(&yb)
        .ok_or_else(|| EditError("B's event is gone".into()))?;
    if a.schema.event_type(&y.event_type).is_none() {
        return Err(EditError(format!(
            "this session's schema has no event type {:?}",
            y.event_type
        )));
    }
    let named: Vec<(&Argument, Option<Argument>)> = {
        let map = Mapper::new(a, b);
        y.arguments.iter().map(|x| (x, map.argument(x))).collect()
    };
    let mut e = y.clone();
    e.arguments = Vec::new();
    for (x, m) in named {
        let filler = match (m, x.filler) {
            (Some(m), _) => {
                e.arguments.push(m);
                continue;
            }
            (None, Filler::Entity(eb)) => match copies.get(&eb) {
                Some(id) => Filler::Entity(*id),
                None => {
                    let id = copy_entity(a, b, eb, cmds)?;
                    copies.insert(eb, id);
                    Filler::Entity(id)
                }
            },
            (None, Filler::Event(nb)) if depth < 8 => {
                Filler::Event(event_into_a(a, b, (nb, None), cmds, copies, depth + 1)?)
            }
            (None, Filler::Event(_)) => continue,
        };
        e.arguments.push(Argument {
            role: x.role.clone(),
            filler,
            mention: None,
        });
    }
    let id = match target {
        Some(id) => {
            e.made = a.events.get(&id).and_then(|o| o.made.clone()).or(e.made);
            e.id = id;
            cmds.push(Command::UpdateEvent(e));
            id
        }
        None => {
            e.id = EventId(a.alloc_id());
            let id = e.id;
            cmds.push(Command::AddEvent(e));
            id
        }
    };
    Ok(id)
}

/// B's entity `eb` made in A too (a role or relation names it, and A has none of its mentions
/// nor one of its name): a copy with a new id, added to `cmds`.
pub(super) fn copy_entity(
    a: &mut Session,
    b: &Session,
    eb: EntityId,
    cmds: &mut Vec<Command>,
) -> Result<EntityId, EditError> {
    let e = b
        .entities
        .get(&eb)
        .ok_or_else(|| EditError(format!("B's entity {eb} is gone")))?;
    if a.schema.entity_type(&e.entity_type).is_none() {
        return Err(EditError(format!(
            "this session's schema has no entity type {:?} (B's type for {})",
            e.entity_type, e.name
        )));
    }
    let mut copy = e.clone();
    copy.id = EntityId(a.alloc_id());
    cmds.push(Command::AddEntity(copy.clone()));
    Ok(copy.id)
}

#[cfg(test)]
#[path = "curate_tests.rs"]
mod tests;
