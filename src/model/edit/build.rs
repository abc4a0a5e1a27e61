//! High-level edits of mentions and entities, built as commands the window, the command line and
//! the tests share: annotate (one, or every find hit), retype, link, merge, split, cascade
//! deletes. Events, relations and role fillers are in `build_events`.

use super::build_events::dedup_arguments;
use super::{Command, EditError, err};
use crate::model::session::Session;
use crate::model::text::Span;
use crate::model::types::*;
use std::collections::BTreeSet;

impl Session {
    /// Annotate `span` as `entity_type`: link to an entity of that type whose name or alias matches
    /// the text, or create a new entity named after it.
    pub fn cmd_annotate(&mut self, span: Span, entity_type: &str) -> Result<Command, EditError> {
        self.cmd_annotate_mention(span, entity_type).map(|(_, c)| c)
    }

    /// [`Session::cmd_annotate`], also telling the id the new mention will have (the window
    /// selects it once the command is applied).
    pub fn cmd_annotate_mention(
        &mut self,
        span: Span,
        entity_type: &str,
    ) -> Result<(MentionId, Command), EditError> {
        self.check_span(span)?;
        let Some(t) = self.schema.entity_type(entity_type) else {
            return err(format!("unknown entity type {entity_type:?}"));
        };
        let type_name = t.name.clone();
        let name = self.name_at(span);
        if name.is_empty() {
            return err("only spaces are selected");
        }
        let mut cmds = Vec::new();
        let entity = self.entity_named(&name, entity_type, &mut cmds);
        let mid = MentionId(self.alloc_id());
        cmds.push(Command::AddMention(self.make_mention(
            mid,
            span,
            entity_type,
            entity,
        )));
        Ok((
            mid,
            Command::batch(format!("annotate “{name}” as {type_name}"), cmds),
        ))
    }

    /// A discontinuous mention made of `pieces` (in any order; overlapping or touching pieces
    /// are joined): "left … hand". One piece is a plain mention. Named and linked like
    /// [`Session::cmd_annotate`], from the pieces' texts joined by a space.
    pub fn cmd_annotate_pieces(
        &mut self,
        pieces: &[Span],
        entity_type: &str,
    ) -> Result<(MentionId, Command), EditError> {
        let mut sorted: Vec<Span> = pieces.to_vec();
        sorted.sort();
        let mut joined: Vec<Span> = Vec::new();
        for p in sorted {
            self.check_span(p)?;
            match joined.last_mut() {
                Some(last) if p.start <= last.end => last.end = last.end.max(p.end),
                _ => joined.push(p),
            }
        }
        let (Some(first), Some(last)) = (joined.first().copied(), joined.last().copied()) else {
            return err("nothing is selected");
        };
        if joined.len() == 1 {
            return self.cmd_annotate_mention(first, entity_type);
        }
        let Some(t) = self.schema.entity_type(entity_type) else {
            return err(format!("unknown entity type {entity_type:?}"));
        };
        let type_name = t.name.clone();
        let name = joined
            .iter()
            .map(|p| self.name_at(*p))
            .collect::<Vec<_>>()
            .join(" ");
        if name.trim().is_empty() {
            return err("only spaces are selected");
        }
        let mut cmds = Vec::new();
        let entity = self.entity_named(&name, entity_type, &mut cmds);
        let mid = MentionId(self.alloc_id());
        let extent = Span::new(first.start, last.end);
        let mut m = self.make_mention(mid, extent, entity_type, entity);
        m.fragments = joined;
        m.quote = self.expected_quote(&m);
        cmds.push(Command::AddMention(m));
        Ok((
            mid,
            Command::batch(format!("annotate “{name}” as {type_name}"), cmds),
        ))
    }

    /// The text of `span` with its white space folded: what an entity made from it is called.
    /// The name a new entity gets from the text at `span`: its words on one line, without a
    /// possessive ("Iraq’s army" selected as "Iraq’s" names "Iraq").
    fn name_at(&self, span: Span) -> String {
        let quote = self.article.slice(span).unwrap_or_default();
        let name = quote.split_whitespace().collect::<Vec<_>>().join(" ");
        crate::model::words::without_possessive(&name).to_owned()
    }

    /// The entity of `entity_type` called `name` (by name or alias), or a new one whose
    /// creation is pushed onto `cmds`: coreference by name, the one rule every annotation path
    /// shares.
    pub(super) fn entity_named(
        &mut self,
        name: &str,
        entity_type: &str,
        cmds: &mut Vec<Command>,
    ) -> EntityId {
        if let Some(e) = self
            .entities
            .values()
            .find(|e| e.entity_type == entity_type && e.is_named(name))
        {
            return e.id;
        }
        let id = EntityId(self.alloc_id());
        cmds.push(Command::AddEntity(Entity::new(
            id,
            name.to_owned(),
            entity_type.to_owned(),
        )));
        id
    }

    /// Mentions of `entity_type` at every span of `hits` that has none of that type yet, all
    /// linked to one entity (an existing one named like the first such hit, or a new one): one
    /// undoable step. Returns how many mentions it makes.
    pub fn cmd_annotate_all(
        &mut self,
        hits: &[Span],
        entity_type: &str,
    ) -> Result<(usize, Command), EditError> {
        let Some(t) = self.schema.entity_type(entity_type) else {
            return err(format!("unknown entity type {entity_type:?}"));
        };
        let type_name = t.name.clone();
        let todo = self.not_yet_annotated(hits, entity_type);
        let Some(first) = todo.first() else {
            return err("every match is already annotated with that type");
        };
        for h in &todo {
            self.check_span(*h)?;
        }
        let name = self.name_at(*first);
        if name.is_empty() {
            return err("the first match is only spaces");
        }
        let mut cmds = Vec::new();
        let entity = self.entity_named(&name, entity_type, &mut cmds);
        for h in &todo {
            let id = MentionId(self.alloc_id());
            cmds.push(Command::AddMention(self.make_mention(
                id,
                *h,
                entity_type,
                entity,
            )));
        }
        Ok((
            todo.len(),
            Command::batch(
                format!("annotate all {} “{name}” as {type_name}", todo.len()),
                cmds,
            ),
        ))
    }

    /// Mentions at the accepted suggestions' spans, each joining its target entity (a new one
    /// is made once for all spans that name it, found first by knowledge-base id, then by
    /// name): one undoable step. Returns how many mentions it makes.
    pub fn cmd_accept_mentions(
        &mut self,
        accepted: &[Accepted],
    ) -> Result<(usize, Command), EditError> {
        let mut cmds = Vec::new();
        for a in accepted {
            self.check_span(a.span)?;
            let entity = match &a.target {
                Target::Entity(id) => *id,
                Target::New {
                    name,
                    entity_type,
                    kb_id,
                } => self.entity_for(name, entity_type, kb_id.as_deref(), &mut cmds),
            };
            let ty = match self.entities.get(&entity) {
                Some(e) => e.entity_type.clone(),
                None => match cmds.iter().find_map(|c| match c {
                    Command::AddEntity(e) if e.id == entity => Some(e.entity_type.clone()),
                    _ => None,
                }) {
                    Some(t) => t,
                    None => return err(format!("entity {entity} does not exist")),
                },
            };
            let dup = self
                .mentions
                .values()
                .any(|m| m.span == a.span && m.entity == entity);
            if dup {
                continue;
            }
            let id = MentionId(self.alloc_id());
            cmds.push(Command::AddMention(
                self.make_mention(id, a.span, &ty, entity),
            ));
        }
        let n = cmds
            .iter()
            .filter(|c| matches!(c, Command::AddMention(_)))
            .count();
        if n == 0 {
            return err("every suggestion is already annotated");
        }
        let label = if n == 1 {
            "accept a suggestion".to_owned()
        } else {
            format!("accept {n} suggestions")
        };
        Ok((n, Command::batch(label, cmds)))
    }

    /// The entity a suggestion of a new entity joins: one with the same knowledge-base id and
    /// type, else one named so, else one made here (or earlier in `cmds`) with that id.
    fn entity_for(
        &mut self,
        name: &str,
        entity_type: &str,
        kb_id: Option<&str>,
        cmds: &mut Vec<Command>,
    ) -> EntityId {
        let same_kb = |e: &Entity| {
            e.entity_type == entity_type && kb_id.is_some() && e.kb_id.as_deref() == kb_id
        };
        if let Some(e) = self.entities.values().find(|e| same_kb(e)) {
            return e.id;
        }
        let planned = cmds.iter().find_map(|c| match c {
            Command::AddEntity(e)
                if same_kb(e) || (e.entity_type == entity_type && e.is_named(name)) =>
            {
                Some(e.id)
            }
            _ => None,
        });
        if let Some(id) = planned {
            return id;
        }
        let before = cmds.len();
        let id = self.entity_named(name, entity_type, cmds);
        if let Some(Command::AddEntity(e)) = cmds.get_mut(before) {
            e.kb_id = kb_id.map(str::to_owned);
        }
        id
    }

    /// The spans of `hits` that no mention of `entity_type` covers exactly yet.
    pub fn not_yet_annotated(&self, hits: &[Span], entity_type: &str) -> Vec<Span> {
        let done: std::collections::HashSet<Span> = self
            .mentions
            .values()
            .filter(|m| m.entity_type == entity_type)
            .map(|m| m.span)
            .collect();
        hits.iter().copied().filter(|h| !done.contains(h)).collect()
    }

    /// Remove a mention, its citations as evidence, and its entity when nothing else uses it.
    pub fn cmd_delete_mention(&self, id: MentionId) -> Result<Command, EditError> {
        let Some(m) = self.mentions.get(&id) else {
            return err(format!("mention {id} does not exist"));
        };
        let mut cmds = Vec::new();
        for e in self.events.values() {
            if e.arguments.iter().any(|a| a.mention == Some(id)) {
                let mut e2 = e.clone();
                for a in &mut e2.arguments {
                    if a.mention == Some(id) {
                        a.mention = None;
                    }
                }
                cmds.push(Command::UpdateEvent(e2));
            }
        }
        for r in self.relations.values() {
            if r.from_mention == Some(id) || r.to_mention == Some(id) {
                let mut r2 = r.clone();
                for c in [&mut r2.from_mention, &mut r2.to_mention] {
                    if *c == Some(id) {
                        *c = None;
                    }
                }
                cmds.push(Command::UpdateRelation(r2));
            }
        }
        cmds.push(Command::RemoveMention(id));
        let ent = m.entity;
        let orphan = self.mentions_of(ent).all(|o| o.id == id)
            && self.events_using(Filler::Entity(ent)).next().is_none()
            && self.relations_of(ent).next().is_none();
        if orphan {
            cmds.push(Command::RemoveEntity(ent));
        }
        Ok(Command::batch(
            format!("delete mention “{}”", m.quote),
            cmds,
        ))
    }

    /// Give a mention another type. A mention that is its entity's only one takes the entity
    /// along; otherwise it moves to a matching entity of the new type, or a new one.
    pub fn cmd_retype_mention(
        &mut self,
        id: MentionId,
        entity_type: &str,
    ) -> Result<Command, EditError> {
        let Some(m) = self.mentions.get(&id).cloned() else {
            return err(format!("mention {id} does not exist"));
        };
        let Some(t) = self.schema.entity_type(entity_type) else {
            return err(format!("unknown entity type {entity_type:?}"));
        };
        let label = format!("retype “{}” as {}", m.quote, t.name);
        if m.entity_type == entity_type {
            return err(format!("“{}” is already {}", m.quote, t.name));
        }
        let mut cmds = Vec::new();
        let alone = self.mentions_of(m.entity).all(|o| o.id == id);
        let mut m2 = m.clone();
        m2.entity_type = entity_type.to_owned();
        if alone {
            if let Some(e) = self.entities.get(&m.entity) {
                let mut e2 = e.clone();
                e2.entity_type = entity_type.to_owned();
                cmds.push(Command::UpdateEntity(e2));
            }
        } else {
            let name = m.quote.split_whitespace().collect::<Vec<_>>().join(" ");
            let target = self
                .entities
                .values()
                .find(|e| e.entity_type == entity_type && e.is_named(&name))
                .map(|e| e.id);
            m2.entity = match target {
                Some(t) => t,
                None => {
                    let nid = EntityId(self.alloc_id());
                    cmds.push(Command::AddEntity(Entity::new(
                        nid,
                        name,
                        entity_type.to_owned(),
                    )));
                    nid
                }
            };
            cmds.extend(self.move_citations(id, m.entity, m2.entity));
        }
        cmds.push(Command::UpdateMention(m2));
        Ok(Command::batch(label, cmds))
    }

    /// Event arguments that cite mention `mid` as evidence for `from` now point at `to`.
    fn move_citations(&self, mid: MentionId, from: EntityId, to: EntityId) -> Vec<Command> {
        let relations = self.relations.values().filter_map(move |r| {
            let mut r2 = r.clone();
            if r.from_mention == Some(mid) && r.from == from {
                r2.from = to;
            }
            if r.to_mention == Some(mid) && r.to == from {
                r2.to = to;
            }
            if r2.from == r2.to && r.from != r.to {
                // Following the mention would link the entity to itself: keep the relation where
                // it was and drop the citation.
                r2 = r.clone();
                for c in [&mut r2.from_mention, &mut r2.to_mention] {
                    if *c == Some(mid) {
                        *c = None;
                    }
                }
            }
            (r2 != *r).then_some(Command::UpdateRelation(r2))
        });
        let events = self
            .events
            .values()
            .filter(|e| {
                e.arguments
                    .iter()
                    .any(|a| a.mention == Some(mid) && a.filler == Filler::Entity(from))
            })
            .map(|e| {
                let mut e2 = e.clone();
                for a in &mut e2.arguments {
                    if a.mention == Some(mid) && a.filler == Filler::Entity(from) {
                        a.filler = Filler::Entity(to);
                    }
                }
                dedup_arguments(&mut e2.arguments);
                Command::UpdateEvent(e2)
            });
        events.chain(relations).collect()
    }

    /// Link a mention to another existing entity (coreference).
    pub fn cmd_link_mention(&self, id: MentionId, entity: EntityId) -> Result<Command, EditError> {
        let Some(m) = self.mentions.get(&id) else {
            return err(format!("mention {id} does not exist"));
        };
        let Some(e) = self.entities.get(&entity) else {
            return err(format!("entity {entity} does not exist"));
        };
        let mut cmds = self.move_citations(id, m.entity, entity);
        let mut m2 = m.clone();
        m2.entity = entity;
        cmds.push(Command::UpdateMention(m2));
        // The entity it leaves, when this was all it had, goes: an entity without mentions, events
        // or relations would stay on the map, in the file and in the report as a stray node.
        // Roles and relations that cite this mention follow it (`move_citations`); any other
        // use keeps the entity.
        let old = m.entity;
        let follows = |filler: Filler, cited: Option<MentionId>| {
            filler != Filler::Entity(old) || cited == Some(id)
        };
        let roles_follow = self
            .events_using(Filler::Entity(old))
            .all(|e| e.arguments.iter().all(|a| follows(a.filler, a.mention)));
        let relations_follow = self.relations_of(old).all(|r| {
            let end = |e: EntityId, cited: Option<MentionId>| {
                if e == old && cited == Some(id) {
                    entity
                } else {
                    e
                }
            };
            let (from, to) = (end(r.from, r.from_mention), end(r.to, r.to_mention));
            from != old && to != old && from != to
        });
        let left_empty = old != entity
            && self.mentions_of(old).all(|o| o.id == id)
            && roles_follow
            && relations_follow;
        if left_empty {
            cmds.push(Command::RemoveEntity(old));
        }
        Ok(Command::batch(
            format!("link “{}” to {}", m.quote, e.name),
            cmds,
        ))
    }

    /// Merge `absorb` into `keep`: mentions, event arguments and relations move over; names,
    /// aliases, knowledge-base id and notes are kept; `absorb` disappears.
    pub fn cmd_merge_entities(
        &self,
        keep: EntityId,
        absorb: EntityId,
    ) -> Result<Command, EditError> {
        if keep == absorb {
            return err("cannot merge an entity with itself");
        }
        let (Some(k), Some(a)) = (self.entities.get(&keep), self.entities.get(&absorb)) else {
            return err("both entities must exist to merge them");
        };
        let mut cmds = Vec::new();
        let mut k2 = k.clone();
        for alias in std::iter::once(&a.name).chain(a.aliases.iter()) {
            if !k2.is_named(alias) {
                k2.aliases.push(alias.clone());
            }
        }
        if k2.kb_id.is_none() {
            k2.kb_id = a.kb_id.clone();
            k2.kb_name = a.kb_name.clone();
        }
        if !a.note.trim().is_empty() {
            if !k2.note.is_empty() {
                k2.note.push('\n');
            }
            k2.note.push_str(&a.note);
        }
        cmds.push(Command::UpdateEntity(k2));
        for m in self.mentions_of(absorb) {
            let mut m2 = m.clone();
            m2.entity = keep;
            cmds.push(Command::UpdateMention(m2));
        }
        for e in self.events_using(Filler::Entity(absorb)) {
            let mut e2 = e.clone();
            for arg in &mut e2.arguments {
                if arg.filler == Filler::Entity(absorb) {
                    arg.filler = Filler::Entity(keep);
                }
            }
            dedup_arguments(&mut e2.arguments);
            cmds.push(Command::UpdateEvent(e2));
        }
        for r in self.relations_of(absorb) {
            let mut r2 = r.clone();
            if r2.from == absorb {
                r2.from = keep;
            }
            if r2.to == absorb {
                r2.to = keep;
            }
            // A relation between the two merged entities would link the entity to itself.
            if r2.from == r2.to {
                cmds.push(Command::RemoveRelation(r.id));
            } else {
                cmds.push(Command::UpdateRelation(r2));
            }
        }
        cmds.push(Command::RemoveEntity(absorb));
        Ok(Command::batch(
            format!("merge {} into {}", a.name, k.name),
            cmds,
        ))
    }

    /// Split a mention off its entity into a new entity named after the mention.
    pub fn cmd_split_mention(&mut self, id: MentionId) -> Result<Command, EditError> {
        let Some(m) = self.mentions.get(&id).cloned() else {
            return err(format!("mention {id} does not exist"));
        };
        if self.mentions_of(m.entity).count() < 2 {
            return err(format!(
                "“{}” is already its entity's only mention",
                m.quote
            ));
        }
        let nid = EntityId(self.alloc_id());
        let name = m.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut cmds = vec![Command::AddEntity(Entity::new(
            nid,
            name.clone(),
            m.entity_type.clone(),
        ))];
        cmds.extend(self.move_citations(id, m.entity, nid));
        let mut m2 = m;
        m2.entity = nid;
        cmds.push(Command::UpdateMention(m2));
        Ok(Command::batch(
            format!("split “{name}” into a new entity"),
            cmds,
        ))
    }

    /// Delete an entity with its mentions, the event arguments it fills and its relations.
    pub fn cmd_delete_entity(&self, id: EntityId) -> Result<Command, EditError> {
        let Some(ent) = self.entities.get(&id) else {
            return err(format!("entity {id} does not exist"));
        };
        let mine: BTreeSet<MentionId> = self.mentions_of(id).map(|m| m.id).collect();
        let mut cmds = Vec::new();
        for e in self.events.values() {
            let touches = e.arguments.iter().any(|a| {
                a.filler == Filler::Entity(id) || a.mention.is_some_and(|m| mine.contains(&m))
            });
            if touches {
                let mut e2 = e.clone();
                e2.arguments.retain(|a| a.filler != Filler::Entity(id));
                for a in &mut e2.arguments {
                    if a.mention.is_some_and(|m| mine.contains(&m)) {
                        a.mention = None;
                    }
                }
                cmds.push(Command::UpdateEvent(e2));
            }
        }
        cmds.extend(self.relations_of(id).map(|r| Command::RemoveRelation(r.id)));
        cmds.extend(mine.iter().map(|m| Command::RemoveMention(*m)));
        cmds.push(Command::RemoveEntity(id));
        Ok(Command::batch(format!("delete entity {}", ent.name), cmds))
    }
}

/// A suggestion the analyst accepted: where, and which entity it joins.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub span: Span,
    pub target: Target,
}

/// The entity an accepted suggestion joins.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Entity(EntityId),
    /// One the session may not have yet (a gazetteer's or the tagger's find).
    New {
        name: String,
        entity_type: String,
        kb_id: Option<String>,
    },
}
