//! The edits that take A's version of a difference, B's, or neither.

use super::{Choice, Difference, Item, Kind, entities, relations};
use crate::analysis::mapper::Mapper;
use crate::model::{
    Accepted, Argument, Command, EditError, EntityId, EventId, Filler, Mention, MentionId, Session,
    Span, Target,
};
use rustc_hash::FxHashMap as HashMap;

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
pub(in crate::analysis::curate) fn copy_entity(
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
