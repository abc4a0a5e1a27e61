//! Relations one analyst drew and the other did not: the same type between the same entities
//! (B's named by A's through the mentions both made) is agreement.

use super::{Difference, Item, Kind, first_mentions};
use crate::analysis::mapper::Mapper;
use crate::model::{Command, EditError, EntityId, Relation, RelationId, Session, Span};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Where a relation is shown in the text: its evidence, else the mention it was drawn from,
/// else its first entity's first mention.
fn place(s: &Session, r: &Relation, first: &HashMap<EntityId, Span>) -> Span {
    r.evidence
        .or_else(|| {
            r.from_mention
                .and_then(|m| s.mentions.get(&m))
                .map(|m| m.span)
        })
        .or_else(|| first.get(&r.from).copied())
        .unwrap_or(Span::new(0, 0))
}

fn name(s: &Session, e: EntityId) -> &str {
    s.entities.get(&e).map_or("?", |e| e.name.as_str())
}

pub(super) fn differences(
    (a, b, map): (&Session, &Session, &Mapper<'_>),
    tag: &str,
    out: &mut Vec<Difference>,
) {
    if a.relations.is_empty() && b.relations.is_empty() {
        return;
    }
    let in_a: HashSet<(&str, EntityId, EntityId)> = a
        .relations
        .values()
        .map(|r| (r.relation_type.as_str(), r.from, r.to))
        .collect();
    let mapped = |r: &Relation| Some((map.entity(r.from)?, map.entity(r.to)?));
    let in_b: HashSet<(&str, EntityId, EntityId)> = b
        .relations
        .values()
        .filter_map(|r| mapped(r).map(|(f, t)| (r.relation_type.as_str(), f, t)))
        .collect();
    let (fa, fb) = (first_mentions(a), first_mentions(b));
    for r in a.relations.values() {
        if !in_b.contains(&(r.relation_type.as_str(), r.from, r.to)) {
            out.push(one_side(Kind::RelationOnlyA, (a, &fa), r, tag));
        }
    }
    for r in b.relations.values() {
        let agreed =
            mapped(r).is_some_and(|(f, t)| in_a.contains(&(r.relation_type.as_str(), f, t)));
        if !agreed {
            out.push(one_side(Kind::RelationOnlyB, (b, &fb), r, tag));
        }
    }
}

/// A relation only one side (`kind` says which) drew.
fn one_side(
    kind: Kind,
    (s, first): (&Session, &HashMap<EntityId, Span>),
    r: &Relation,
    tag: &str,
) -> Difference {
    let span = place(s, r, first);
    let (side, item) = (
        if kind == Kind::RelationOnlyA {
            "A"
        } else {
            "B"
        },
        Some(Item::Relation(r.id)),
    );
    let (from, to) = (name(s, r.from), name(s, r.to));
    Difference {
        kind,
        span,
        a: if side == "A" { item } else { None },
        b: if side == "B" { item } else { None },
        what: format!("{} {from} → {to}: only in {side}", r.relation_type),
        key: format!(
            "{tag}: relation only {side} {} {from} {span}",
            r.relation_type
        ),
    }
}

/// B's relation drawn in A, between the entities of A that B's are (made in A when it has
/// none of them).
pub(super) fn take(a: &mut Session, b: &Session, id: RelationId) -> Result<Command, EditError> {
    let r = b
        .relations
        .get(&id)
        .ok_or_else(|| EditError("B's relation is gone".into()))?;
    let via = |map: &Mapper<'_>, m: Option<crate::model::MentionId>| {
        let m = b.mentions.get(&m?)?;
        map.mention_at(m.span, &m.entity_type).map(|x| x.id)
    };
    let (from, to, from_mention, to_mention) = {
        let map = Mapper::new(a, b);
        (
            map.entity(r.from),
            map.entity(r.to),
            via(&map, r.from_mention),
            via(&map, r.to_mention),
        )
    };
    let mut cmds = Vec::new();
    let from = match from {
        Some(e) => e,
        None => super::take::copy_entity(a, b, r.from, &mut cmds)?,
    };
    let to = match to {
        Some(e) => e,
        None if r.to == r.from => from,
        None => super::take::copy_entity(a, b, r.to, &mut cmds)?,
    };
    let mut new = r.clone();
    (new.from, new.to) = (from, to);
    (new.from_mention, new.to_mention) = (from_mention, to_mention);
    new.id = RelationId(a.alloc_id());
    cmds.push(Command::AddRelation(new));
    Ok(Command::batch(
        format!("take B's {} relation", r.relation_type),
        cmds,
    ))
}
