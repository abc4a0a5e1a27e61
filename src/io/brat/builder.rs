//! The second half of a brat import: filling the session from the lines read — mentions, events
//! and their arguments, relations, attributes, normalizations and notes — with a warning for every
//! line that cannot be used.

use super::import::{Groups, Triggers, base_role};
use super::lines::{ELine, Parsed, RLine};
use super::{Kept, Warning};
use crate::model::provenance::{BRAT_NOTE, Provenance};
use crate::model::*;
use std::collections::HashMap;

/// The session being filled, with what each brat id became.
pub(super) struct Builder {
    pub(super) s: Session,
    pub(super) warnings: Vec<Warning>,
    mention_of: HashMap<String, MentionId>,
    event_of: HashMap<String, EventId>,
    relation_of: HashMap<String, RelationId>,
    /// Kept relations Dossier cannot hold (an event or a trigger at an end), by brat id.
    link_of: HashMap<String, usize>,
    /// Trigger-typed T lines: the event using each, or the kept bare span.
    trigger_of: HashMap<String, LinkEnd>,
}

impl Builder {
    pub(super) fn new(s: Session, warnings: Vec<Warning>) -> Self {
        Self {
            s,
            warnings,
            mention_of: HashMap::new(),
            event_of: HashMap::new(),
            relation_of: HashMap::new(),
            link_of: HashMap::new(),
            trigger_of: HashMap::new(),
        }
    }

    /// Part of a line left out (the rest read), and why.
    fn warn_part(&mut self, line: usize, message: String) {
        self.warnings.push(Warning::ann(line, message, Kept::Part));
    }

    /// A line left out, and why.
    fn skip(&mut self, line: usize, message: String) {
        self.warnings
            .push(Warning::ann(line, message, Kept::Nothing));
    }

    /// Entities and mentions, in file order; an Equiv group is one entity.
    pub(super) fn mentions(&mut self, p: &Parsed, triggers: &Triggers, groups: &Groups) {
        let s = &mut self.s;
        let mut entity_of_root: HashMap<String, EntityId> = HashMap::new();
        for id in &p.t_order {
            let Some(t) = p.ts.get(id).filter(|t| !triggers.is_trigger(id, t)) else {
                continue;
            };
            let quote = t
                .frags
                .iter()
                .map(|f| s.article.slice(*f).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(" ");
            let root = groups.root(id);
            let eid = match entity_of_root.get(&root) {
                Some(e) => *e,
                None => {
                    let e = EntityId(s.alloc_id());
                    let mut ent = Entity::new(e, quote.clone(), t.ty.clone());
                    // The type of the Equiv line that grouped it, to write it back so.
                    if let Some(ty) = p
                        .equivs
                        .iter()
                        .find(|(_, _, m)| m.contains(id))
                        .map(|q| &q.1)
                    {
                        ent.brat = Some(BratEntity {
                            equiv_type: Some(ty.clone()),
                            kb_mention: None,
                        });
                    }
                    s.entities.insert(e, ent);
                    entity_of_root.insert(root, e);
                    e
                }
            };
            if let Some(ent) = s.entities.get_mut(&eid)
                && !ent.is_named(&quote)
            {
                ent.aliases.push(quote.clone());
            }
            let mid = MentionId(s.alloc_id());
            let mut m = s.make_mention(mid, t.extent(), &t.ty, eid);
            if t.frags.len() > 1 {
                m.fragments.clone_from(&t.frags);
                m.quote = quote;
            }
            s.mentions.insert(mid, m);
            self.mention_of.insert(id.clone(), mid);
        }
    }

    /// Events: first all of them, then their arguments (forward references are allowed).
    pub(super) fn events(&mut self, p: &Parsed) {
        for (id, e) in &p.es {
            let mut fragments = Vec::new();
            let trigger = match &e.trigger {
                Some(tid) => match p.ts.get(tid) {
                    Some(t) => {
                        if t.frags.len() > 1 {
                            fragments.clone_from(&t.frags);
                        }
                        Some(t.extent())
                    }
                    None => {
                        self.warn_part(
                            e.line,
                            format!("{id}: trigger {tid} does not exist; the event has no trigger"),
                        );
                        None
                    }
                },
                None => None,
            };
            let eid = EventId(self.s.alloc_id());
            let mut ev = Event::new(eid, e.ty.clone(), trigger);
            ev.trigger_fragments = fragments;
            self.s.events.insert(eid, ev);
            self.event_of.insert(id.clone(), eid);
            if let Some(tid) = &e.trigger {
                self.trigger_of
                    .entry(tid.clone())
                    .or_insert(LinkEnd::Trigger(eid));
            }
        }
        for (id, e) in &p.es {
            if let Some(&eid) = self.event_of.get(id) {
                self.arguments(id, eid, e);
            }
        }
    }

    fn arguments(&mut self, id: &str, eid: EventId, e: &ELine) {
        for (role, target) in numbered_in_order(&e.args) {
            let role_id = base_role(role, &e.args);
            let arg = if let Some(&m) = self.mention_of.get(target) {
                self.s.mentions.get(&m).map(|mm| Argument {
                    role: role_id,
                    filler: Filler::Entity(mm.entity),
                    mention: Some(m),
                })
            } else if let Some(&child) = self.event_of.get(target) {
                if self.s.would_cycle(eid, child) {
                    self.warn_part(
                        e.line,
                        format!("{id}: {role}:{target} would make events nest in a cycle; dropped"),
                    );
                    None
                } else {
                    Some(Argument {
                        role: role_id,
                        filler: Filler::Event(child),
                        mention: None,
                    })
                }
            } else {
                self.warn_part(
                    e.line,
                    format!("{id}: argument {role}:{target} refers to nothing usable; dropped"),
                );
                None
            };
            if let (Some(a), Some(ev)) = (arg, self.s.events.get_mut(&eid)) {
                ev.arguments.push(a);
            }
        }
    }

    /// T lines typed with an event type that no event uses: kept as they are, for the export
    /// (Dossier has no bare triggers to show).
    pub(super) fn bare_triggers(&mut self, p: &Parsed, triggers: &Triggers) {
        for id in &p.t_order {
            let Some(t) = p.ts.get(id) else { continue };
            if !triggers.is_trigger(id, t) || self.trigger_of.contains_key(id) {
                continue;
            }
            let sid = self.s.alloc_id();
            let fragments = if t.frags.len() > 1 {
                t.frags.clone()
            } else {
                Vec::new()
            };
            self.s.brat.spans.push(ExtraSpan {
                id: sid,
                span_type: t.ty.clone(),
                span: t.extent(),
                fragments,
            });
            self.trigger_of.insert(id.clone(), LinkEnd::Span(sid));
        }
    }

    /// What a relation argument points at, when it is not an entity mention.
    fn link_end(&self, target: &str) -> Option<LinkEnd> {
        if let Some(m) = self.mention_of.get(target) {
            return Some(LinkEnd::Mention(*m));
        }
        if let Some(e) = self.event_of.get(target) {
            return Some(LinkEnd::Event(*e));
        }
        self.trigger_of.get(target).copied()
    }

    pub(super) fn relations(&mut self, p: &Parsed) {
        for (id, r) in &p.rs {
            let (from, to, brat) = self.relation_ends(r);
            let ends = (self.mention_of.get(&from.1), self.mention_of.get(&to.1));
            let (Some(&m1), Some(&m2)) = ends else {
                // An event or a trigger at an end: kept aside, written back on export.
                let args: Option<Vec<(String, LinkEnd)>> = r
                    .args
                    .iter()
                    .map(|(role, target)| Some((role.clone(), self.link_end(target)?)))
                    .collect();
                match args {
                    Some(args) => {
                        self.link_of.insert(id.clone(), self.s.brat.links.len());
                        let lid = self.s.alloc_id();
                        self.s.brat.links.push(ExtraLink {
                            id: lid,
                            relation_type: r.ty.clone(),
                            args,
                            attributes: Default::default(),
                            notes: Vec::new(),
                        });
                    }
                    None => self.skip(
                        r.line,
                        format!("{id}: an argument refers to nothing usable"),
                    ),
                }
                continue;
            };
            let entity = |m: MentionId| self.s.mentions.get(&m).map(|m| m.entity);
            let (Some(e1), Some(e2)) = (entity(m1), entity(m2)) else {
                continue;
            };
            let rid = RelationId(self.s.alloc_id());
            let rel = Relation {
                from_mention: Some(m1),
                to_mention: Some(m2),
                brat,
                ..Relation::new(rid, r.ty.clone(), e1, e2)
            };
            self.s.relations.insert(rid, rel);
            self.relation_of.insert(id.clone(), rid);
        }
    }

    /// Which argument is the relation's `from`: `Arg1` when the line says Arg1/Arg2 in any
    /// order, else the first role the conf declares, else the first written. Anything but
    /// `Arg1:from Arg2:to` is remembered to be written back the same way.
    fn relation_ends<'r>(
        &self,
        r: &'r RLine,
    ) -> (&'r (String, String), &'r (String, String), Option<BratArgs>) {
        let [a, b] = &r.args;
        let declared = self
            .s
            .schema
            .relation_type(&r.ty)
            .and_then(|t| t.roles.first().cloned());
        let swap = if a.0 == "Arg2" && b.0 == "Arg1" {
            true
        } else if let Some(first) = declared {
            b.0 == first && a.0 != first
        } else {
            false
        };
        let (from, to) = if swap { (b, a) } else { (a, b) };
        let plain = !swap && a.0 == "Arg1" && b.0 == "Arg2";
        let brat = (!plain).then(|| BratArgs {
            from_role: from.0.clone(),
            to_role: to.0.clone(),
            to_first: swap,
        });
        (from, to, brat)
    }

    pub(super) fn attributes(&mut self, p: &Parsed) {
        for (ln, name, target, value) in &p.attrs {
            let v = value.clone().unwrap_or_default();
            let s = &mut self.s;
            if let Some(m) = self
                .mention_of
                .get(target)
                .and_then(|m| s.mentions.get_mut(m))
            {
                add_value(&mut m.attributes, name, v);
            } else if let Some(e) = self.event_of.get(target).and_then(|e| s.events.get_mut(e)) {
                add_value(&mut e.attributes, name, v);
            } else if let Some(r) = self
                .relation_of
                .get(target)
                .and_then(|r| s.relations.get_mut(r))
            {
                add_value(&mut r.attributes, name, v);
            } else if let Some(l) = self
                .link_of
                .get(target)
                .and_then(|i| s.brat.links.get_mut(*i))
            {
                add_value(&mut l.attributes, name, v);
            } else {
                self.skip(
                    *ln,
                    format!("attribute {name} refers to {target}, which is not an annotation Dossier keeps"),
                );
            }
        }
    }

    /// N lines: the entity's knowledge-base id (and its label).
    pub(super) fn normalizations(&mut self, p: &Parsed) {
        for (ln, ty, target, reference, label) in &p.norms {
            if let Some(&event) = self.event_of.get(target) {
                self.s.brat.event_norms.push(ExtraNorm {
                    event,
                    kind: ty.clone(),
                    reference: reference.clone(),
                    label: label.clone(),
                });
                continue;
            }
            let mention = self.mention_of.get(target).copied();
            let ent = mention
                .and_then(|m| self.s.mentions.get(&m))
                .map(|m| m.entity);
            let Some(e) = ent.and_then(|e| self.s.entities.get_mut(&e)) else {
                self.skip(
                    *ln,
                    format!("normalization refers to {target}, which is not an entity annotation"),
                );
                continue;
            };
            let kb = reference.strip_prefix("Wikidata:").unwrap_or(reference);
            if e.kb_id.is_none() && ty == "Reference" {
                // The mention the N line was on (it may not be the first).
                e.brat.get_or_insert_with(BratEntity::default).kb_mention = mention;
                e.kb_id = Some(kb.to_owned());
                // The label exactly as written, even empty.
                e.kb_name = Some(label.clone());
            } else if let Some(mention) = mention {
                // A second normalization of the entity (another mention of an Equiv set, or
                // the same mention twice), or one of another kind: kept on its mention.
                self.s.brat.mention_norms.push(MentionNorm {
                    mention,
                    kind: ty.clone(),
                    reference: reference.clone(),
                    label: label.clone(),
                });
            }
        }
    }

    /// Set who made the mention, event or relation `target` names; false when none.
    fn set_made(&mut self, target: &str, made: Provenance) -> bool {
        let s = &mut self.s;
        let slot = if let Some(m) = self.mention_of.get(target) {
            s.mentions.get_mut(m).map(|m| &mut m.made)
        } else if let Some(e) = self.event_of.get(target) {
            s.events.get_mut(e).map(|e| &mut e.made)
        } else if let Some(r) = self.relation_of.get(target) {
            s.relations.get_mut(r).map(|r| &mut r.made)
        } else {
            None
        };
        slot.map(|m| *m = Some(made)).is_some()
    }

    /// # lines: notes on mentions, events or relations.
    pub(super) fn notes(&mut self, p: &Parsed) {
        for (ln, kind, target, note) in &p.notes {
            // Who made it and when, as Dossier writes it; any other text stays a typed note.
            if kind == BRAT_NOTE
                && let Some(made) = Provenance::from_note(note)
                && self.set_made(target, made)
            {
                continue;
            }
            let s = &mut self.s;
            let slot = if let Some(m) = self
                .mention_of
                .get(target)
                .and_then(|m| s.mentions.get_mut(m))
            {
                Some((&mut m.note, &mut m.more_notes))
            } else if let Some(e) = self.event_of.get(target).and_then(|e| s.events.get_mut(e)) {
                Some((&mut e.note, &mut e.more_notes))
            } else if let Some(r) = self
                .relation_of
                .get(target)
                .and_then(|r| s.relations.get_mut(r))
            {
                Some((&mut r.note, &mut r.more_notes))
            } else if let Some(l) = self
                .link_of
                .get(target)
                .and_then(|i| s.brat.links.get_mut(*i))
            {
                l.notes.push(TypedNote {
                    kind: kind.clone(),
                    text: note.clone(),
                });
                continue;
            } else {
                None
            };
            match slot {
                // The first AnnotatorNotes is the analyst's note; any other keeps its type.
                Some((main, _)) if kind == "AnnotatorNotes" && main.is_empty() => {
                    main.push_str(note);
                }
                Some((_, more)) => more.push(TypedNote {
                    kind: kind.clone(),
                    text: note.clone(),
                }),
                None => self.skip(
                    *ln,
                    format!("note refers to {target}, which does not exist"),
                ),
            }
        }
    }
}

/// Set an attribute; a second value of a multi-valued one is kept beside the first, joined by
/// `|` (brat writes one A line per value).
fn add_value(attrs: &mut std::collections::BTreeMap<String, String>, name: &str, v: String) {
    match attrs.get_mut(name) {
        Some(old) if !v.is_empty() && !old.split('|').any(|x| x == v) => {
            old.push('|');
            old.push_str(&v);
        }
        Some(_) => {}
        None => {
            attrs.insert(name.to_owned(), v);
        }
    }
}

/// The arguments with each numbered role in number order (`Agent`, `Agent2`, `Agent3`), the
/// roles in the order they first appear: Dossier keeps a role's fillers in order, and writes the
/// second back as `Agent2`, so `Agent2:T2 Agent:T1` must come in as T1, T2.
fn numbered_in_order(args: &[(String, String)]) -> Vec<&(String, String)> {
    let number = |role: &str| {
        let base = base_role(role, args);
        let n: usize = role[base.len()..].parse().unwrap_or(1);
        (base, n)
    };
    let first_seen = |base: &str| {
        args.iter()
            .position(|(r, _)| base_role(r, args) == base)
            .unwrap_or(0)
    };
    let mut out: Vec<&(String, String)> = args.iter().collect();
    out.sort_by_cached_key(|(r, _)| {
        let (base, n) = number(r);
        (first_seen(&base), n)
    });
    out
}
