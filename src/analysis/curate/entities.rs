//! Entities both analysts made that they named or linked differently: another name, another
//! knowledge-base id. B's entity is A's that holds most of its mentions.

use super::{Difference, Item, Kind};
use crate::analysis::mapper::Mapper;
use crate::model::{Command, EditError, Entity, EntityId, Session, Span};
use rustc_hash::FxHashMap as HashMap;

fn kb(e: &Entity) -> &str {
    e.kb_id.as_deref().unwrap_or("none")
}

pub(super) fn differences(
    (a, b, map): (&Session, &Session, &Mapper<'_>),
    tag: &str,
    out: &mut Vec<Difference>,
) {
    let first = super::first_mentions(a);
    // Each of A's entities compared once, with the B entity that maps to it (the first by id).
    let mut seen: HashMap<EntityId, ()> = HashMap::default();
    for y in b.entities.values() {
        let Some(x) = map.entity(y.id).and_then(|id| a.entities.get(&id)) else {
            continue;
        };
        if seen.insert(x.id, ()).is_some() || (x.name == y.name && x.kb_id == y.kb_id) {
            continue;
        }
        let mut what = Vec::new();
        if x.name != y.name {
            what.push(format!("named “{}” in A, “{}” in B", x.name, y.name));
        }
        if x.kb_id != y.kb_id {
            what.push(format!("linked to {} in A, {} in B", kb(x), kb(y)));
        }
        let span = first.get(&x.id).copied().unwrap_or(Span::new(0, 0));
        out.push(Difference {
            kind: Kind::EntityDetails,
            span,
            a: Some(Item::Entity(x.id)),
            b: Some(Item::Entity(y.id)),
            what: format!("{}: {}", x.name, what.join("; ")),
            key: format!(
                "{tag}: entity details {} {}/{} {}/{}",
                x.id,
                x.name,
                y.name,
                kb(x),
                kb(y)
            ),
        });
    }
}

/// A's entity named and linked as B's: its name, aliases, knowledge-base id and label.
pub(super) fn take(a: &Session, b: &Session, d: &Difference) -> Result<Command, EditError> {
    let (Some(Item::Entity(xa)), Some(Item::Entity(yb))) = (d.a, d.b) else {
        return Err(EditError(
            "this difference has no entity on both sides".into(),
        ));
    };
    let (Some(x), Some(y)) = (a.entities.get(&xa), b.entities.get(&yb)) else {
        return Err(EditError("the entity is gone".into()));
    };
    let mut e = x.clone();
    e.name.clone_from(&y.name);
    e.kb_id.clone_from(&y.kb_id);
    e.kb_name.clone_from(&y.kb_name);
    for alias in y.aliases.iter().chain(std::iter::once(&x.name)) {
        if *alias != e.name && !e.aliases.contains(alias) {
            e.aliases.push(alias.clone());
        }
    }
    Ok(Command::batch(
        format!("take B's name and link for {}", x.name),
        vec![Command::UpdateEntity(e)],
    ))
}
