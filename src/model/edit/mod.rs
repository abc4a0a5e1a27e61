//! Edit commands. Every change to a session is a [`Command`] applied by [`Session::apply`], which
//! validates it first (an invalid command changes nothing and says why) and returns its inverse.
//! Compound edits (merge, cascade delete) are batches of primitive commands, so only primitives
//! need inverses. Checks live in `checks`, and the high-level edits the window, the command
//! line and the tests build (annotate, merge, split, cascade delete…) in `build`.

mod build;
pub use build::{Accepted, Target};
mod build_events;
mod checks;

use super::article::ArticleInfo;
use super::session::Session;
use super::types::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    AddMention(Mention),
    RemoveMention(MentionId),
    UpdateMention(Mention),
    AddEntity(Entity),
    RemoveEntity(EntityId),
    UpdateEntity(Entity),
    AddEvent(Event),
    RemoveEvent(EventId),
    UpdateEvent(Event),
    AddRelation(Relation),
    RemoveRelation(RelationId),
    UpdateRelation(Relation),
    /// Correct the article's title, date, author, site, language or address.
    SetArticleInfo(ArticleInfo),
    /// Remember (true) or forget (false) a string the analyst rejected as a suggestion.
    SetRejected(String, bool),
    /// Replace the recorded merge conflicts (resolving one removes it).
    SetConflicts(Vec<super::conflict::Conflict>),
    /// Replace the article and every annotation at once (the article's text updated and the
    /// annotations re-anchored on it); the inverse puts the old ones back.
    ReplaceContent(Box<Content>),
    /// Replace the mentions re-anchoring could not place (placing or dropping one removes it).
    SetOrphaned(Vec<super::conflict::Orphaned>),
    /// Mark (true) or unmark a difference from a compared session as settled.
    SetSettled(String, bool),
    /// Several commands applied as one undo step; all or nothing.
    Batch {
        label: String,
        commands: Vec<Command>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EditError(pub String);

/// Everything a session says about its article: what [`Command::ReplaceContent`] swaps.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub article: super::article::Article,
    pub entities: super::Records<EntityId, Entity>,
    pub mentions: super::Records<MentionId, Mention>,
    pub events: super::Records<EventId, Event>,
    pub relations: super::Records<RelationId, Relation>,
    pub orphaned: Vec<super::conflict::Orphaned>,
}

impl Content {
    /// What `s` holds.
    pub fn of(s: &Session) -> Self {
        Self {
            article: s.article.clone(),
            entities: s.entities.clone(),
            mentions: s.mentions.clone(),
            events: s.events.clone(),
            relations: s.relations.clone(),
            orphaned: s.orphaned.clone(),
        }
    }
}

impl Session {
    /// Put `c` in place of the session's content; returns the content it replaced. Every id is
    /// logged as touched (the views rebuild), and the span index is built again.
    fn swap_content(&mut self, c: Content) -> Content {
        let t = self.changes.pending();
        for s in [&c.mentions, &self.mentions] {
            t.mentions.extend(s.keys().copied());
        }
        for s in [&c.entities, &self.entities] {
            t.entities.extend(s.keys().copied());
        }
        for s in [&c.events, &self.events] {
            t.events.extend(s.keys().copied());
        }
        for s in [&c.relations, &self.relations] {
            t.relations.extend(s.keys().copied());
        }
        let old = Content {
            article: std::mem::replace(&mut self.article, c.article),
            entities: std::mem::replace(&mut self.entities, c.entities),
            mentions: std::mem::replace(&mut self.mentions, c.mentions),
            events: std::mem::replace(&mut self.events, c.events),
            relations: std::mem::replace(&mut self.relations, c.relations),
            orphaned: std::mem::replace(&mut self.orphaned, c.orphaned),
        };
        self.span_index = Default::default();
        self.after_load();
        old
    }
}

pub(super) fn err<T>(msg: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(msg.into()))
}

impl Command {
    pub fn batch(label: impl Into<String>, commands: Vec<Command>) -> Command {
        Command::Batch {
            label: label.into(),
            commands,
        }
    }

    /// A short description for the Edit menu and the status bar ("Undo add mention"); never an
    /// internal id, which means nothing to the analyst.
    pub fn label(&self) -> String {
        match self {
            Command::AddMention(m) => format!("add mention “{}”", m.quote),
            Command::RemoveMention(_) => "remove a mention".into(),
            Command::UpdateMention(m) => format!("edit mention “{}”", m.quote),
            Command::AddEntity(e) => format!("add entity {}", e.name),
            Command::RemoveEntity(_) => "remove an entity".into(),
            Command::UpdateEntity(e) => format!("edit entity {}", e.name),
            Command::AddEvent(e) => format!("add {} event", e.event_type),
            Command::RemoveEvent(_) => "remove an event".into(),
            Command::UpdateEvent(e) => format!("edit the {} event", e.event_type),
            Command::AddRelation(r) => format!("add {} relation", r.relation_type),
            Command::RemoveRelation(_) => "remove a relation".into(),
            Command::UpdateRelation(r) => format!("edit the {} relation", r.relation_type),
            Command::SetArticleInfo(_) => "edit article details".into(),
            Command::SetRejected(s, true) => format!("reject suggestions of “{s}”"),
            Command::SetRejected(s, false) => format!("allow suggestions of “{s}” again"),
            Command::SetConflicts(_) => "resolve a merge conflict".into(),
            Command::ReplaceContent(_) => "update the article's text".into(),
            Command::SetOrphaned(_) => "place or drop an annotation left over".into(),
            Command::SetSettled(_, true) => "keep this version".into(),
            Command::SetSettled(_, false) => "reopen a difference".into(),
            Command::Batch { label, .. } => label.clone(),
        }
    }
}

impl Session {
    /// Apply `cmd` if it keeps every invariant; return the command that undoes it. What it
    /// touched is logged as one revision (see [`super::changes`]).
    pub fn apply(&mut self, cmd: Command) -> Result<Command, EditError> {
        let r = self.apply_one(cmd);
        self.changes.commit();
        r
    }

    /// Note the ids `cmd` may touch, before it runs (so that a mention's old entity is known).
    /// A command that then fails leaves an over-approximation, which views tolerate.
    fn note_touched(&mut self, cmd: &Command) {
        let old_entity = |s: &Session, id: MentionId| s.mentions.get(&id).map(|m| m.entity);
        let mut mention = None;
        let mut entities = Vec::new();
        match cmd {
            Command::Batch { .. }
            | Command::SetArticleInfo(_)
            | Command::SetRejected(..)
            | Command::SetConflicts(_)
            | Command::SetOrphaned(_)
            | Command::SetSettled(..)
            | Command::ReplaceContent(_) => {
                return;
            }
            Command::AddMention(m) => {
                mention = Some(m.id);
                entities.push(m.entity);
            }
            Command::RemoveMention(id) => {
                mention = Some(*id);
                entities.extend(old_entity(self, *id));
            }
            Command::UpdateMention(m) => {
                mention = Some(m.id);
                entities.push(m.entity);
                entities.extend(old_entity(self, m.id));
            }
            Command::AddEntity(e) | Command::UpdateEntity(e) => entities.push(e.id),
            Command::RemoveEntity(id) => entities.push(*id),
            Command::AddEvent(e) | Command::UpdateEvent(e) => {
                self.changes.pending().events.insert(e.id);
            }
            Command::RemoveEvent(id) => {
                self.changes.pending().events.insert(*id);
            }
            Command::AddRelation(r) | Command::UpdateRelation(r) => {
                self.changes.pending().relations.insert(r.id);
            }
            Command::RemoveRelation(id) => {
                self.changes.pending().relations.insert(*id);
            }
        }
        let t = self.changes.pending();
        t.mentions.extend(mention);
        t.entities.extend(entities);
    }

    fn apply_one(&mut self, cmd: Command) -> Result<Command, EditError> {
        self.note_touched(&cmd);
        match cmd {
            Command::Batch { label, commands } => self.apply_batch(label, commands),
            Command::AddMention(m) => self.add_mention(m),
            Command::RemoveMention(id) => self.remove_mention(id),
            Command::UpdateMention(m) => self.update_mention(m),
            Command::AddEntity(e) => self.add_entity(e),
            Command::RemoveEntity(id) => self.remove_entity(id),
            Command::UpdateEntity(e) => self.update_entity(e),
            Command::AddEvent(e) => self.add_event(e),
            Command::RemoveEvent(id) => self.remove_event(id),
            Command::UpdateEvent(e) => self.update_event(e),
            Command::AddRelation(r) => self.add_relation(r),
            Command::RemoveRelation(id) => match self.relations.remove(&id) {
                Some(old) => Ok(Command::AddRelation(old)),
                None => err(format!("relation {id} does not exist")),
            },
            Command::UpdateRelation(r) => self.update_relation(r),
            Command::SetRejected(text, on) => {
                let key = text.trim().to_lowercase();
                if key.is_empty() {
                    return err("an empty string cannot be rejected");
                }
                let was = self.rejected.contains(&key);
                if on {
                    self.rejected.insert(key.clone());
                } else {
                    self.rejected.remove(&key);
                }
                Ok(Command::SetRejected(key, was))
            }
            Command::ReplaceContent(c) => {
                Ok(Command::ReplaceContent(Box::new(self.swap_content(*c))))
            }
            Command::SetConflicts(c) => Ok(Command::SetConflicts(std::mem::replace(
                &mut self.conflicts,
                c,
            ))),
            Command::SetOrphaned(o) => Ok(Command::SetOrphaned(std::mem::replace(
                &mut self.orphaned,
                o,
            ))),
            Command::SetSettled(key, on) => {
                let was = if on {
                    !self.settled.insert(key.clone())
                } else {
                    self.settled.remove(&key)
                };
                Ok(Command::SetSettled(key, was))
            }
            Command::SetArticleInfo(info) => {
                let info = info.tidied();
                if info.title.is_empty() {
                    return err("the article needs a title");
                }
                let old = self.article.info();
                self.article.set_info(info);
                Ok(Command::SetArticleInfo(old))
            }
        }
    }

    /// A batch applies whole or not at all; its inverse undoes it newest first.
    fn apply_batch(&mut self, label: String, commands: Vec<Command>) -> Result<Command, EditError> {
        let mut inverses = Vec::with_capacity(commands.len());
        for c in commands {
            match self.apply_one(c) {
                Ok(inv) => inverses.push(inv),
                Err(e) => {
                    // Roll back what this batch already did, newest first.
                    for inv in inverses.into_iter().rev() {
                        let _ = self.apply_one(inv);
                    }
                    return Err(e);
                }
            }
        }
        inverses.reverse();
        Ok(Command::Batch {
            label,
            commands: inverses,
        })
    }

    fn add_mention(&mut self, mut m: Mention) -> Result<Command, EditError> {
        self.check_new_id(m.id.0)?;
        self.check_mention(&m)?;
        self.refresh_quote(&mut m);
        self.bump(m.id.0);
        let id = m.id;
        self.mentions.insert(id, m);
        self.index_mention(None, self.mentions.get(&id));
        Ok(Command::RemoveMention(id))
    }

    fn remove_mention(&mut self, id: MentionId) -> Result<Command, EditError> {
        if !self.mentions.contains_key(&id) {
            return err(format!("mention {id} does not exist"));
        }
        if let Some(e) = self
            .events
            .values()
            .find(|e| e.arguments.iter().any(|a| a.mention == Some(id)))
        {
            return err(format!(
                "mention {id} is cited as evidence by event {}",
                e.id
            ));
        }
        let old = self.mentions.remove(&id).ok_or_else(gone)?;
        self.index_mention(Some(&old), None);
        Ok(Command::AddMention(old))
    }

    fn update_mention(&mut self, mut m: Mention) -> Result<Command, EditError> {
        if !self.mentions.contains_key(&m.id) {
            return err(format!("mention {} does not exist", m.id));
        }
        self.check_mention(&m)?;
        self.refresh_quote(&mut m);
        let id = m.id;
        let old = self.mentions.insert(id, m).ok_or_else(gone)?;
        self.index_mention(Some(&old), self.mentions.get(&id));
        Ok(Command::UpdateMention(old))
    }

    fn add_entity(&mut self, e: Entity) -> Result<Command, EditError> {
        self.check_new_id(e.id.0)?;
        self.check_entity(&e)?;
        self.bump(e.id.0);
        let id = e.id;
        self.entities.insert(id, e);
        Ok(Command::RemoveEntity(id))
    }

    fn remove_entity(&mut self, id: EntityId) -> Result<Command, EditError> {
        let Some(ent) = self.entities.get(&id) else {
            return err(format!("entity {id} does not exist"));
        };
        let name = ent.name.clone();
        if self.mentions_of(id).next().is_some() {
            return err(format!("entity “{name}” still has mentions"));
        }
        if let Some(e) = self.events_using(Filler::Entity(id)).next() {
            return err(format!("entity “{name}” is used by event {}", e.id));
        }
        if let Some(r) = self.relations_of(id).next() {
            return err(format!("entity “{name}” is used by relation {}", r.id));
        }
        let old = self.entities.remove(&id).ok_or_else(gone)?;
        Ok(Command::AddEntity(old))
    }

    fn update_entity(&mut self, e: Entity) -> Result<Command, EditError> {
        if !self.entities.contains_key(&e.id) {
            return err(format!("entity {} does not exist", e.id));
        }
        self.check_entity(&e)?;
        let old = self.entities.insert(e.id, e).ok_or_else(gone)?;
        Ok(Command::UpdateEntity(old))
    }

    fn add_event(&mut self, e: Event) -> Result<Command, EditError> {
        self.check_new_id(e.id.0)?;
        self.check_event(&e)?;
        self.bump(e.id.0);
        let id = e.id;
        self.events.insert(id, e);
        Ok(Command::RemoveEvent(id))
    }

    fn remove_event(&mut self, id: EventId) -> Result<Command, EditError> {
        if !self.events.contains_key(&id) {
            return err(format!("event {id} does not exist"));
        }
        if let Some(p) = self.events_using(Filler::Event(id)).next() {
            return err(format!("event {id} is an argument of event {}", p.id));
        }
        let old = self.events.remove(&id).ok_or_else(gone)?;
        Ok(Command::AddEvent(old))
    }

    fn update_event(&mut self, e: Event) -> Result<Command, EditError> {
        if !self.events.contains_key(&e.id) {
            return err(format!("event {} does not exist", e.id));
        }
        self.check_event(&e)?;
        let old = self.events.insert(e.id, e).ok_or_else(gone)?;
        Ok(Command::UpdateEvent(old))
    }

    fn add_relation(&mut self, r: Relation) -> Result<Command, EditError> {
        self.check_new_id(r.id.0)?;
        self.check_relation(&r)?;
        self.bump(r.id.0);
        let id = r.id;
        self.relations.insert(id, r);
        Ok(Command::RemoveRelation(id))
    }

    fn update_relation(&mut self, r: Relation) -> Result<Command, EditError> {
        if !self.relations.contains_key(&r.id) {
            return err(format!("relation {} does not exist", r.id));
        }
        self.check_relation(&r)?;
        let old = self.relations.insert(r.id, r).ok_or_else(gone)?;
        Ok(Command::UpdateRelation(old))
    }
}

/// An item checked a moment ago is missing (cannot happen; said rather than panicked).
fn gone() -> EditError {
    EditError("gone".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::presets;
    use crate::model::{Article, Span};

    type Content = (
        crate::model::Records<MentionId, Mention>,
        crate::model::Records<EntityId, Entity>,
        crate::model::Records<EventId, Event>,
        crate::model::Records<RelationId, Relation>,
    );

    fn content(s: &Session) -> Content {
        (
            s.mentions.clone(),
            s.entities.clone(),
            s.events.clone(),
            s.relations.clone(),
        )
    }

    fn span(s: &Session, word: &str) -> Span {
        let t = &s.article.text;
        let b = t.find(word).unwrap();
        let start = t[..b].chars().count();
        Span::new(start, start + word.chars().count())
    }

    fn session() -> Session {
        let text = "Zoë met Noor in Port Veyra 🔥 on Monday; Zoë left.";
        Session::new(Article::new("t", text), presets::default_schema())
    }

    /// Apply `cmd`, check it changed something, undo it, check the session is as before, redo.
    fn round_trip(s: &mut Session, cmd: Command) {
        let before = content(s);
        let undo = s.apply(cmd).unwrap();
        let after = content(s);
        assert!(before != after, "the command changed something");
        let redo = s.apply(undo).unwrap();
        assert!(content(s) == before, "undo restores the session");
        assert!(s.span_index_agrees());
        s.apply(redo).unwrap();
        assert!(content(s) == after, "redo restores the edit");
        assert!(s.span_index_agrees());
    }

    #[test]
    fn every_edit_undoes_and_redoes_exactly() {
        let mut s = session();
        for (w, t) in [("Zoë", "Person"), ("Noor", "Person"), ("Port Veyra", "GPE")] {
            let c = s.cmd_annotate(span(&s, w), t).unwrap();
            round_trip(&mut s, c);
        }
        let mention = |s: &Session, w: &str| {
            let sp = span(s, w);
            s.mentions.values().find(|m| m.span == sp).unwrap().clone()
        };
        let (zoe, noor) = (mention(&s, "Zoë"), mention(&s, "Noor"));
        let (ev, c) = s.cmd_add_event("CONSULT", Some(span(&s, "met"))).unwrap();
        round_trip(&mut s, c);
        let c = s
            .cmd_fill_role(ev, "Actor", Filler::Entity(zoe.entity), Some(zoe.id))
            .unwrap();
        round_trip(&mut s, c);
        let (_, c) = s
            .cmd_relate_mentions("Affiliated-With", zoe.id, noor.id)
            .unwrap();
        round_trip(&mut s, c);
        let c = s.cmd_retype_event(ev, "AGREE").unwrap();
        round_trip(&mut s, c);
        let c = s.cmd_merge_entities(zoe.entity, noor.entity).unwrap();
        round_trip(&mut s, c);
        let c = s.cmd_delete_entity(zoe.entity).unwrap();
        round_trip(&mut s, c);
        assert!(s.problems().is_empty(), "{:?}", s.problems());
    }

    #[test]
    fn a_failing_batch_changes_nothing() {
        let mut s = session();
        let c = s.cmd_annotate(span(&s, "Zoë"), "Person").unwrap();
        s.apply(c).unwrap();
        let before = content(&s);
        let fresh = s.cmd_annotate(span(&s, "Noor"), "Person").unwrap();
        let Command::Batch { commands, .. } = fresh else {
            panic!("annotate builds a batch")
        };
        let zoe = s.mentions.values().next().unwrap().clone();
        let mut dup = zoe.clone();
        dup.id = MentionId(s.next_id + 100);
        let mut cmds = commands;
        cmds.push(Command::AddMention(dup));
        let e = s.apply(Command::batch("two", cmds)).unwrap_err();
        assert!(e.0.contains("already annotated"), "{e}");
        assert!(content(&s) == before, "nothing of the batch is left");
        assert!(s.span_index_agrees());
    }

    #[test]
    fn invalid_edits_are_refused_with_a_reason_and_change_nothing() {
        let mut s = session();
        let c = s.cmd_annotate(span(&s, "Zoë"), "Person").unwrap();
        s.apply(c).unwrap();
        let zoe = s.mentions.values().next().unwrap().clone();
        let before = content(&s);
        let n = s.article.char_len();
        let mut past_end = zoe.clone();
        past_end.id = MentionId(s.next_id + 1);
        past_end.span = Span::new(n - 1, n + 2);
        let mut no_entity = zoe.clone();
        no_entity.id = MentionId(s.next_id + 2);
        no_entity.span = span(&s, "Noor");
        no_entity.entity = EntityId(9999);
        let mut bad_role = Event::new(EventId(s.next_id + 3), "CONSULT", None);
        bad_role.arguments.push(Argument {
            role: "Actor".into(),
            filler: Filler::Entity(EntityId(9999)),
            mention: None,
        });
        for (cmd, why) in [
            (Command::AddMention(past_end), "past the end"),
            (Command::AddMention(no_entity), "unknown entity"),
            (Command::RemoveEntity(zoe.entity), "entity with mentions"),
            (Command::AddEvent(bad_role), "role filled by nothing"),
            (Command::RemoveMention(MentionId(9999)), "no such mention"),
        ] {
            let e = s.apply(cmd).expect_err(why);
            assert!(!e.0.is_empty(), "{why}: a reason is given");
            assert!(content(&s) == before, "{why}: nothing changed");
        }
    }
}
