//! What every primitive edit checks before it changes anything: ids new and unused, spans
//! inside the text, types known, references that exist, no event nesting itself.

use super::{EditError, err};
use crate::model::session::Session;
use crate::model::text::Span;
use crate::model::types::*;
use std::collections::BTreeSet;

impl Session {
    pub(super) fn bump(&mut self, id: u64) {
        self.next_id = self.next_id.max(id.saturating_add(1));
    }

    pub(super) fn id_in_use(&self, id: u64) -> bool {
        self.mentions.contains_key(&MentionId(id))
            || self.entities.contains_key(&EntityId(id))
            || self.events.contains_key(&EventId(id))
            || self.relations.contains_key(&RelationId(id))
    }

    pub(super) fn check_new_id(&self, id: u64) -> Result<(), EditError> {
        if self.id_in_use(id) {
            return err(format!("id {id} is already in use"));
        }
        Ok(())
    }

    pub fn check_span(&self, span: Span) -> Result<(), EditError> {
        if span.start >= span.end {
            return err(format!("the range {span} is empty"));
        }
        if span.end > self.article.char_len() {
            return err(format!(
                "the range {span} goes past the end of the text ({} characters)",
                self.article.char_len()
            ));
        }
        Ok(())
    }

    pub(super) fn refresh_quote(&self, m: &mut Mention) {
        m.quote = self.expected_quote(m);
        // Back in the text: its context is the text's.
        m.prefix.clear();
        m.suffix.clear();
    }

    pub(super) fn check_mention(&self, m: &Mention) -> Result<(), EditError> {
        self.check_span(m.span)?;
        crate::model::session::check_fragments(m).map_err(EditError)?;
        if self.schema.entity_type(&m.entity_type).is_none() {
            return err(format!("unknown entity type {:?}", m.entity_type));
        }
        if !self.entities.contains_key(&m.entity) {
            return err(format!("entity {} does not exist", m.entity));
        }
        if let Some(d) = self.duplicate_of(m).and_then(|id| self.mentions.get(&id)) {
            return err(format!(
                "“{}” is already annotated as {} ({})",
                d.quote, d.entity_type, d.id
            ));
        }
        Ok(())
    }

    pub(super) fn check_entity(&self, e: &Entity) -> Result<(), EditError> {
        if e.name.trim().is_empty() {
            return err("an entity needs a name");
        }
        if self.schema.entity_type(&e.entity_type).is_none() {
            return err(format!("unknown entity type {:?}", e.entity_type));
        }
        if let Some(Err(why)) = e.pin.map(|p| p.check()) {
            return err(format!("{} cannot be pinned there: {why}", e.name));
        }
        Ok(())
    }

    pub(super) fn check_event(&self, e: &Event) -> Result<(), EditError> {
        let Some(et) = self.schema.event_type(&e.event_type) else {
            return err(format!("unknown event type {:?}", e.event_type));
        };
        if let Some(t) = e.trigger {
            self.check_span(t)?;
            crate::model::session::check_pieces(t, &e.trigger_fragments).map_err(EditError)?;
        } else if !e.trigger_fragments.is_empty() {
            return err("trigger fragments without a trigger");
        }
        if let Some(c) = e.confidence
            && c > 100
        {
            return err(format!("confidence {c} is above 100 %"));
        }
        if let Some(g) = e.grading
            && !g.is_valid()
        {
            return err(format!("credibility {} is outside 1–6", g.credibility));
        }
        let mut seen = BTreeSet::new();
        for a in &e.arguments {
            if !et.roles.iter().any(|r| r.id == a.role) {
                return err(format!("{} events have no role {:?}", et.name, a.role));
            }
            if !seen.insert((a.role.as_str(), a.filler)) {
                return err(format!(
                    "{} already fills role {}",
                    self.filler_label(a.filler),
                    a.role
                ));
            }
            match a.filler {
                Filler::Entity(id) if !self.entities.contains_key(&id) => {
                    return err(format!("entity {id} does not exist"));
                }
                Filler::Event(id) if !self.events.contains_key(&id) => {
                    return err(format!("event {id} does not exist"));
                }
                Filler::Event(id) if self.would_cycle(e.id, id) => {
                    return err(format!(
                        "event {id} cannot be an argument of {}: events would nest in a cycle",
                        e.id
                    ));
                }
                _ => {}
            }
            if let Some(m) = a.mention
                && !self.mentions.contains_key(&m)
            {
                return err(format!("mention {m} does not exist"));
            }
        }
        Ok(())
    }

    pub(super) fn check_relation(&self, r: &Relation) -> Result<(), EditError> {
        if self.schema.relation_type(&r.relation_type).is_none() {
            return err(format!("unknown relation type {:?}", r.relation_type));
        }
        for end in [r.from, r.to] {
            if !self.entities.contains_key(&end) {
                return err(format!("entity {end} does not exist"));
            }
        }
        // A relation links two entities; between two mentions of one entity (brat allows it) it
        // must name the mentions.
        let distinct_mentions =
            matches!((r.from_mention, r.to_mention), (Some(a), Some(b)) if a != b);
        if r.from == r.to && !distinct_mentions {
            return err("a relation needs two different entities");
        }
        for m in [r.from_mention, r.to_mention].into_iter().flatten() {
            if !self.mentions.contains_key(&m) {
                return err(format!("mention {m} does not exist"));
            }
        }
        if let Some(s) = r.evidence {
            self.check_span(s)?;
        }
        Ok(())
    }
}
