//! High-level edits of events, relations and role fillers, built as commands the window, the
//! command line and the tests share.

use super::{Command, EditError, err};
use crate::model::session::Session;
use crate::model::text::Span;
use crate::model::types::*;
use std::collections::BTreeSet;

impl Session {
    /// Delete an event, taking it out of the events that nest it.
    pub fn cmd_delete_event(&self, id: EventId) -> Result<Command, EditError> {
        let Some(ev) = self.events.get(&id) else {
            return err(format!("event {id} does not exist"));
        };
        let mut cmds: Vec<Command> = self
            .events_using(Filler::Event(id))
            .map(|p| {
                let mut p2 = p.clone();
                p2.arguments.retain(|a| a.filler != Filler::Event(id));
                Command::UpdateEvent(p2)
            })
            .collect();
        cmds.push(Command::RemoveEvent(id));
        Ok(Command::batch(
            format!("delete {}", self.event_label(ev)),
            cmds,
        ))
    }

    /// A new event of `event_type`, with an optional trigger.
    pub fn cmd_add_event(
        &mut self,
        event_type: &str,
        trigger: Option<Span>,
    ) -> Result<(EventId, Command), EditError> {
        self.cmd_add_event_with(event_type, trigger, Vec::new())
    }

    /// A new event with its arguments already filled (an accepted event suggestion): one step.
    pub fn cmd_add_event_with(
        &mut self,
        event_type: &str,
        trigger: Option<Span>,
        arguments: Vec<Argument>,
    ) -> Result<(EventId, Command), EditError> {
        let id = EventId(self.alloc_id());
        let mut ev = Event::new(id, event_type, trigger);
        ev.arguments = arguments;
        dedup_arguments(&mut ev.arguments);
        self.check_event(&ev)?;
        let label = format!("add {}", self.event_label(&ev));
        Ok((id, Command::batch(label, vec![Command::AddEvent(ev)])))
    }

    /// A new event whose trigger is in `pieces` (in any order; overlapping or touching pieces
    /// join): a split trigger when there are several ("called … off").
    pub fn cmd_add_event_pieces(
        &mut self,
        event_type: &str,
        pieces: &[Span],
    ) -> Result<(EventId, Command), EditError> {
        let mut sorted = pieces.to_vec();
        sorted.sort();
        let mut joined: Vec<Span> = Vec::new();
        for p in sorted {
            match joined.last_mut() {
                Some(last) if p.start <= last.end => last.end = last.end.max(p.end),
                _ => joined.push(p),
            }
        }
        let (Some(first), Some(last)) = (joined.first().copied(), joined.last().copied()) else {
            return self.cmd_add_event(event_type, None);
        };
        let id = EventId(self.alloc_id());
        let mut ev = Event::new(id, event_type, Some(Span::new(first.start, last.end)));
        if joined.len() > 1 {
            ev.trigger_fragments = joined;
        }
        self.check_event(&ev)?;
        let label = format!("add {}", self.event_label(&ev));
        Ok((id, Command::batch(label, vec![Command::AddEvent(ev)])))
    }

    /// A new relation between two entities.
    pub fn cmd_add_relation(
        &mut self,
        relation_type: &str,
        from: EntityId,
        to: EntityId,
        evidence: Option<Span>,
    ) -> Result<(RelationId, Command), EditError> {
        let id = RelationId(self.alloc_id());
        let r = Relation {
            evidence,
            ..Relation::new(id, relation_type, from, to)
        };
        self.check_relation(&r)?;
        Ok((id, Command::AddRelation(r)))
    }

    /// A relation between the entities of two mentions, remembering the mentions as where the
    /// text says it.
    pub fn cmd_relate_mentions(
        &mut self,
        relation_type: &str,
        from: MentionId,
        to: MentionId,
    ) -> Result<(RelationId, Command), EditError> {
        let (Some(a), Some(b)) = (self.mentions.get(&from), self.mentions.get(&to)) else {
            return err("a mention of that relation no longer exists");
        };
        let label = format!("{relation_type}: {} → {}", a.quote, b.quote);
        let (ea, eb) = (a.entity, b.entity);
        let (id, cmd) = self.cmd_add_relation(relation_type, ea, eb, None)?;
        let Command::AddRelation(mut r) = cmd else {
            return Ok((id, cmd));
        };
        r.from_mention = Some(from);
        r.to_mention = Some(to);
        self.check_relation(&r)?;
        Ok((id, Command::batch(label, vec![Command::AddRelation(r)])))
    }

    /// Give an event another type, dropping the arguments whose roles the new type lacks.
    pub fn cmd_retype_event(&self, id: EventId, event_type: &str) -> Result<Command, EditError> {
        let Some(mut e) = self.events.get(&id).cloned() else {
            return err("that event no longer exists");
        };
        let Some(t) = self.schema.event_type(event_type) else {
            return err(format!("unknown event type {event_type:?}"));
        };
        e.event_type = event_type.to_owned();
        e.arguments
            .retain(|a| t.roles.iter().any(|r| r.id == a.role));
        Ok(Command::UpdateEvent(e))
    }

    /// Add a filler to an event's role (the filler is an entity, through one of its mentions
    /// when the analyst clicked one, or another event).
    pub fn cmd_fill_role(
        &self,
        event: EventId,
        role: &str,
        filler: Filler,
        mention: Option<MentionId>,
    ) -> Result<Command, EditError> {
        let Some(mut ev) = self.events.get(&event).cloned() else {
            return err("that event no longer exists");
        };
        ev.arguments.push(Argument {
            role: role.to_owned(),
            filler,
            mention,
        });
        let label = format!("{role}: {}", self.filler_label(filler));
        Ok(Command::batch(label, vec![Command::UpdateEvent(ev)]))
    }
}

/// Two arguments with the same role and filler say the same thing once.
pub(super) fn dedup_arguments(args: &mut Vec<Argument>) {
    let mut seen = BTreeSet::new();
    args.retain(|a| seen.insert((a.role.clone(), a.filler)));
}

impl Session {
    /// Resolve recorded merge conflict `i`: keep the version the session holds, or take theirs
    /// (their deletion deletes, with what depends on it). One undoable step.
    pub fn cmd_resolve_conflict(&self, i: usize, take_theirs: bool) -> Result<Command, EditError> {
        use crate::model::conflict::Version;
        let c = self
            .conflicts
            .get(i)
            .ok_or_else(|| EditError("that conflict is already resolved".into()))?;
        let mut rest = self.conflicts.clone();
        rest.remove(i);
        let mut cmds = Vec::new();
        if take_theirs {
            let cmd = match (&c.ours, &c.theirs) {
                (_, Version::Entity(e)) if self.entities.contains_key(&e.id) => {
                    Command::UpdateEntity(e.clone())
                }
                (_, Version::Entity(e)) => Command::AddEntity(e.clone()),
                (_, Version::Mention(m)) if self.mentions.contains_key(&m.id) => {
                    Command::UpdateMention(m.clone())
                }
                (_, Version::Mention(m)) => Command::AddMention(m.clone()),
                (_, Version::Event(e)) if self.events.contains_key(&e.id) => {
                    Command::UpdateEvent(e.clone())
                }
                (_, Version::Event(e)) => Command::AddEvent(e.clone()),
                (_, Version::Relation(r)) if self.relations.contains_key(&r.id) => {
                    Command::UpdateRelation(r.clone())
                }
                (_, Version::Relation(r)) => Command::AddRelation(r.clone()),
                (Version::Entity(e), Version::Deleted) => self.cmd_delete_entity(e.id)?,
                (Version::Mention(m), Version::Deleted) => self.cmd_delete_mention(m.id)?,
                (Version::Event(e), Version::Deleted) => self.cmd_delete_event(e.id)?,
                (Version::Relation(r), Version::Deleted) => Command::RemoveRelation(r.id),
                (Version::Deleted, Version::Deleted) => Command::batch("nothing", Vec::new()),
            };
            cmds.push(cmd);
        }
        cmds.push(Command::SetConflicts(rest));
        let label = if take_theirs {
            "take their version"
        } else {
            "keep my version"
        };
        Ok(Command::batch(label, cmds))
    }
}

impl Session {
    /// Put an annotation re-anchoring could not place on `span`: a mention of its type in its
    /// old entity (or one of the same name when that is gone), keeping its notes and who made
    /// it; it leaves the orphaned list. One undoable step.
    pub fn cmd_place_orphan(&mut self, i: usize, span: Span) -> Result<Command, EditError> {
        let Some(o) = self.orphaned.get(i).cloned() else {
            return err("that annotation is already placed or dropped");
        };
        self.check_span(span)?;
        // Spaces at either end of a dragged selection are not part of the words.
        let quote = self.article.slice(span).unwrap_or_default();
        let lead = quote.chars().take_while(|c| c.is_whitespace()).count();
        let trail = quote
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        if lead == span.len() {
            return err("only spaces are selected");
        }
        let span = Span::new(span.start + lead, span.end - trail);
        let m = &o.mention;
        let mut cmds = Vec::new();
        let entity = if self.entities.contains_key(&m.entity) {
            m.entity
        } else {
            self.entity_named(&m.quote, &m.entity_type, &mut cmds)
        };
        let id = MentionId(self.alloc_id());
        let mut placed = self.make_mention(id, span, &m.entity_type, entity);
        placed.attributes.clone_from(&m.attributes);
        placed.note.clone_from(&m.note);
        placed.made.clone_from(&m.made);
        cmds.push(Command::AddMention(placed));
        let mut rest = self.orphaned.clone();
        rest.remove(i);
        cmds.push(Command::SetOrphaned(rest));
        Ok(Command::batch(format!("place “{}”", m.quote), cmds))
    }

    /// Give up an annotation re-anchoring could not place (undoable).
    pub fn cmd_drop_orphan(&self, i: usize) -> Result<Command, EditError> {
        let Some(o) = self.orphaned.get(i) else {
            return err("that annotation is already placed or dropped");
        };
        let mut rest = self.orphaned.clone();
        rest.remove(i);
        Ok(Command::batch(
            format!("drop “{}”", o.mention.quote),
            vec![Command::SetOrphaned(rest)],
        ))
    }
}
