//! The invariants the editor relies on, checked in plain words: loading, importing and
//! `dossier validate` report what a session breaks, one sentence per problem.

use super::session::{FORMAT_NAME, Session};
use super::text::Span;
use super::types::*;
use std::collections::BTreeSet;

/// Problems found so far, and the text length spans must fit in.
struct Found {
    out: Vec<String>,
    chars: usize,
}

impl Found {
    fn push(&mut self, p: String) {
        self.out.push(p);
    }

    /// `what` names the item, and is only worked out when there is something to say (a
    /// 10 MB article's file has 250,000 mentions to check).
    fn span(&mut self, what: impl Fn() -> String, s: Span) {
        if s.start >= s.end {
            self.push(format!("{}: span {s} is empty or reversed", what()));
        } else if s.end > self.chars {
            let n = self.chars;
            self.push(format!(
                "{}: span {s} goes past the end of the text ({n} characters)",
                what()
            ));
        }
    }
}

impl Session {
    /// Check every invariant the editor relies on. Returns a list of problems in plain words; an
    /// empty list means the session is consistent.
    pub fn problems(&self) -> Vec<String> {
        let mut f = Found {
            out: Vec::new(),
            chars: self.article.char_len(),
        };
        if self.format != FORMAT_NAME {
            f.push(format!(
                "format is {:?}, expected {FORMAT_NAME:?}",
                self.format
            ));
        }
        for p in self.schema.problems() {
            f.push(format!("schema: {p}"));
        }
        self.entity_problems(&mut f);
        self.mention_problems(&mut f);
        for (k, e) in &self.events {
            self.event_problems(*k, e, &mut f);
        }
        if let Some(cycle) = self.event_cycle() {
            let ids: Vec<String> = cycle.iter().map(ToString::to_string).collect();
            f.push(format!(
                "events nest each other in a cycle: {}",
                ids.join(" → ")
            ));
        }
        self.relation_problems(&mut f);
        self.id_problems(&mut f);
        f.out
    }

    fn entity_problems(&self, f: &mut Found) {
        for (k, e) in &self.entities {
            if *k != e.id {
                f.push(format!("entity stored under {k} says it is {}", e.id));
            }
            if self.schema.entity_type(&e.entity_type).is_none() {
                f.push(format!(
                    "entity {} ({:?}) has type {:?}, which the schema does not define",
                    e.id, e.name, e.entity_type
                ));
            }
            if let Some(Err(why)) = e.pin.map(|p| p.check()) {
                f.push(format!(
                    "entity {} ({:?}) is pinned badly: {why}",
                    e.id, e.name
                ));
            }
        }
    }

    fn mention_problems(&self, f: &mut Found) {
        for (k, m) in &self.mentions {
            let what = || format!("mention {}", m.id);
            if *k != m.id {
                f.push(format!("mention stored under {k} says it is {}", m.id));
            }
            f.span(what, m.span);
            if let Err(e) = super::session::check_pieces(m.span, &m.fragments) {
                f.push(format!("{}: {e}", what()));
            }
            if self.schema.entity_type(&m.entity_type).is_none() {
                f.push(format!(
                    "{} has type {:?}, which the schema does not define",
                    what(),
                    m.entity_type
                ));
            }
            if !self.entities.contains_key(&m.entity) {
                f.push(format!(
                    "{} refers to entity {}, which does not exist",
                    what(),
                    m.entity
                ));
            }
        }
    }

    fn event_problems(&self, k: EventId, e: &Event, f: &mut Found) {
        let what = format!("event {}", e.id);
        if k != e.id {
            f.push(format!("event stored under {k} says it is {}", e.id));
        }
        if let Some(t) = e.trigger {
            f.span(|| format!("{what} trigger"), t);
        }
        let pieces = match e.trigger {
            Some(t) => super::session::check_pieces(t, &e.trigger_fragments),
            None if e.trigger_fragments.is_empty() => Ok(()),
            None => Err("trigger fragments without a trigger".into()),
        };
        if let Err(p) = pieces {
            f.push(format!("{what} trigger: {p}"));
        }
        if self.schema.event_type(&e.event_type).is_none() {
            f.push(format!(
                "{what} has type {:?}, which the schema does not define",
                e.event_type
            ));
        }
        if let Some(c) = e.confidence
            && c > 100
        {
            f.push(format!("{what} has confidence {c}, above 100"));
        }
        if let Some(g) = e.grading
            && !g.is_valid()
        {
            f.push(format!(
                "{what} has credibility {}, outside 1–6",
                g.credibility
            ));
        }
        for a in &e.arguments {
            self.argument_problems(&what, e, a, f);
        }
    }

    fn argument_problems(&self, what: &str, e: &Event, a: &Argument, f: &mut Found) {
        if let Some(et) = self.schema.event_type(&e.event_type)
            && !et.roles.iter().any(|r| r.id == a.role)
        {
            f.push(format!(
                "{what} has role {:?}, which event type {:?} does not define",
                a.role, et.id
            ));
        }
        match a.filler {
            Filler::Entity(id) if !self.entities.contains_key(&id) => f.push(format!(
                "{what} role {} refers to entity {id}, which does not exist",
                a.role
            )),
            Filler::Event(id) if !self.events.contains_key(&id) => f.push(format!(
                "{what} role {} refers to event {id}, which does not exist",
                a.role
            )),
            _ => {}
        }
        if let Some(m) = a.mention
            && !self.mentions.contains_key(&m)
        {
            f.push(format!(
                "{what} role {} cites mention {m}, which does not exist",
                a.role
            ));
        }
    }

    fn relation_problems(&self, f: &mut Found) {
        for (k, r) in &self.relations {
            let what = format!("relation {}", r.id);
            if *k != r.id {
                f.push(format!("relation stored under {k} says it is {}", r.id));
            }
            if self.schema.relation_type(&r.relation_type).is_none() {
                f.push(format!(
                    "{what} has type {:?}, which the schema does not define",
                    r.relation_type
                ));
            }
            for end in [r.from, r.to] {
                if !self.entities.contains_key(&end) {
                    f.push(format!(
                        "{what} refers to entity {end}, which does not exist"
                    ));
                }
            }
            if let Some(s) = r.evidence {
                f.span(|| format!("{what} evidence"), s);
            }
            for m in [r.from_mention, r.to_mention].into_iter().flatten() {
                if !self.mentions.contains_key(&m) {
                    f.push(format!("{what} cites mention {m}, which does not exist"));
                }
            }
        }
    }

    /// Ids are unique across kinds and below `next_id`.
    fn id_problems(&self, f: &mut Found) {
        let ids: Vec<u64> = self
            .entities
            .keys()
            .map(|k| k.0)
            .chain(self.mentions.keys().map(|k| k.0))
            .chain(self.events.keys().map(|k| k.0))
            .chain(self.relations.keys().map(|k| k.0))
            .collect();
        let unique: BTreeSet<u64> = ids.iter().copied().collect();
        if unique.len() != ids.len() {
            f.push("two items share one id".to_owned());
        }
        if let Some(&max_id) = unique.last()
            && max_id >= self.next_id
        {
            f.push(format!(
                "next_id is {} but id {max_id} is already in use",
                self.next_id
            ));
        }
    }
}
