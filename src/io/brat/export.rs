//! brat export: the `.txt`, the `.ann` (T, E, R, A, N, # and `*` lines) and an
//! `annotation.conf` for the session's schema.

use super::conf::export_conf;
use crate::model::provenance::{BRAT_NOTE, Provenance as Made};
use crate::model::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// A brat document: the text, the annotations and the configuration for the session's schema.
pub struct BratExport {
    pub txt: String,
    pub ann: String,
    pub conf: String,
    /// What brat cannot express and was left out (e.g. an event without a trigger).
    pub warnings: Vec<String>,
}

/// brat keeps one annotation per line, so a span across line breaks is written as fragments
/// that leave the breaks out, as brat itself does.
fn line_pieces(s: &Session, pieces: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for p in pieces {
        let text = s.article.slice(*p).unwrap_or_default();
        let mut start = p.start;
        for (i, c) in text.chars().enumerate() {
            if c == '\n' {
                if p.start + i > start {
                    out.push(Span::new(start, p.start + i));
                }
                start = p.start + i + 1;
            }
        }
        if p.end > start {
            out.push(Span::new(start, p.end));
        }
    }
    out
}

/// The offsets field (`s e;s e`) and the text field (fragments joined by a space) of a T line.
fn t_fields(s: &Session, pieces: &[Span]) -> (String, String) {
    let ranges = pieces
        .iter()
        .map(|p| format!("{} {}", p.start, p.end))
        .collect::<Vec<_>>()
        .join(";");
    let text = pieces
        .iter()
        .map(|p| s.article.slice(*p).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ");
    (ranges, text)
}

/// A line's last field (a note's text, a normalization's label): brat splits a line at its
/// first two tabs only, so a tab here is the text's own; a newline still ends the line.
fn last_field(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// The `.ann` being written, with the brat id each annotation got.
struct Writer<'a> {
    s: &'a Session,
    ann: String,
    warnings: Vec<String>,
    /// The last T number used (mentions and triggers share them).
    n: usize,
    t_of_mention: HashMap<MentionId, String>,
    trigger_t: BTreeMap<(String, Span), String>,
    /// Events sorted by trigger position.
    events: Vec<&'a Event>,
    e_id: HashMap<EventId, String>,
    r_id: HashMap<RelationId, String>,
    /// T ids of kept bare spans and R ids of kept links (`BratExtra`).
    extra_t: HashMap<u64, String>,
    link_r: HashMap<u64, String>,
    /// Each entity's written mentions in text order, gathered once (not per entity: a big
    /// session has tens of thousands of each).
    written_of: HashMap<EntityId, Vec<MentionId>>,
    by_position: Vec<&'a Mention>,
}

pub fn export(s: &Session) -> BratExport {
    let mut events: Vec<&Event> = s.events.values().collect();
    events.sort_by_key(|e| (e.trigger.map(|t| (t.start, t.end)), e.id));
    let mut w = Writer {
        s,
        ann: String::new(),
        warnings: Vec::new(),
        n: 0,
        t_of_mention: HashMap::new(),
        trigger_t: BTreeMap::new(),
        events,
        e_id: HashMap::new(),
        r_id: HashMap::new(),
        extra_t: HashMap::new(),
        link_r: HashMap::new(),
        written_of: HashMap::new(),
        by_position: s.mentions_by_position(),
    };
    w.mentions();
    w.triggers();
    w.extra_spans();
    w.events();
    w.relations();
    w.links();
    w.equivs();
    w.attributes();
    w.normalizations();
    w.notes();
    BratExport {
        txt: s.article.text.to_string(),
        ann: w.ann,
        conf: export_conf(&s.schema),
        warnings: w.warnings,
    }
}

impl Writer<'_> {
    /// A T line for `pieces` as `ty`; returns its id.
    fn t_line(&mut self, ty: &str, pieces: &[Span]) -> String {
        self.n += 1;
        let id = format!("T{}", self.n);
        let (ranges, text) = t_fields(self.s, pieces);
        let _ = writeln!(self.ann, "{id}\t{ty} {ranges}\t{text}");
        id
    }

    /// A T line per mention, in text order.
    fn mentions(&mut self) {
        let s = self.s;
        for m in self.by_position.clone() {
            let pieces = line_pieces(s, &m.pieces());
            if pieces.is_empty() {
                let w = format!("mention {} covers only line breaks; left out", m.id);
                self.warnings.push(w);
                continue;
            }
            if pieces.first().map(|p| p.start) != Some(m.span.start)
                || pieces.last().map(|p| p.end) != Some(m.span.end)
            {
                self.warnings.push(format!("mention {} (“{}”) starts or ends on a line break, which brat cannot hold; it was trimmed", m.id, m.quote.trim()));
            }
            let id = self.t_line(&m.entity_type, &pieces);
            self.t_of_mention.insert(m.id, id);
        }
        for m in &self.by_position {
            if self.t_of_mention.contains_key(&m.id) {
                self.written_of.entry(m.entity).or_default().push(m.id);
            }
        }
    }

    /// Triggers: one T per distinct (type, span).
    fn triggers(&mut self) {
        let events = self.events.clone();
        for e in events {
            let Some(t) = e.trigger else { continue };
            let key = (e.event_type.clone(), t);
            if self.trigger_t.contains_key(&key) {
                continue;
            }
            let pieces = line_pieces(self.s, &e.trigger_pieces());
            if !pieces.is_empty() {
                let id = self.t_line(&e.event_type, &pieces);
                self.trigger_t.insert(key, id);
            }
        }
        let has_t = |e: &Event| {
            e.trigger
                .is_some_and(|t| self.trigger_t.contains_key(&(e.event_type.clone(), t)))
        };
        self.e_id = self
            .events
            .iter()
            .filter(|e| has_t(e))
            .enumerate()
            .map(|(i, e)| (e.id, format!("E{}", i + 1)))
            .collect();
    }

    fn first_mention(&self, ent: EntityId) -> Option<MentionId> {
        self.written_of.get(&ent).and_then(|v| v.first()).copied()
    }

    /// The T of a mention if it is still there, else of the entity's first written mention.
    fn t_of(&self, m: Option<MentionId>, ent: EntityId) -> Option<String> {
        m.filter(|m| self.s.mentions.contains_key(m))
            .or_else(|| self.first_mention(ent))
            .and_then(|m| self.t_of_mention.get(&m).cloned())
    }

    /// An E line per event with a trigger; repeated roles numbered as brat does (`Actor2`).
    fn events(&mut self) {
        let s = self.s;
        for e in self.events.clone() {
            let (Some(t), Some(eid)) = (e.trigger, self.e_id.get(&e.id)) else {
                self.warnings.push(format!("event {} has no trigger brat can hold (none, or only line breaks); it was left out", s.event_label(e)));
                continue;
            };
            let trigger = &self.trigger_t[&(e.event_type.clone(), t)];
            let mut line = format!("{eid}\t{}:{trigger}", e.event_type);
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for a in &e.arguments {
                let target = match a.filler {
                    Filler::Entity(ent) => self.t_of(a.mention, ent),
                    Filler::Event(ev) => self.e_id.get(&ev).cloned(),
                };
                let Some(target) = target else {
                    self.warnings.push(format!(
                        "{}: {} has no mention or trigger to point at; left out",
                        s.event_label(e),
                        s.filler_label(a.filler)
                    ));
                    continue;
                };
                let k = seen.entry(a.role.as_str()).or_insert(0);
                *k += 1;
                let role = if *k == 1 {
                    a.role.clone()
                } else {
                    format!("{}{}", a.role, k)
                };
                let _ = write!(line, " {role}:{target}");
            }
            let _ = writeln!(self.ann, "{line}");
        }
    }

    fn relations(&mut self) {
        for (i, r) in self.s.relations.values().enumerate() {
            match (
                self.t_of(r.from_mention, r.from),
                self.t_of(r.to_mention, r.to),
            ) {
                (Some(a), Some(b)) => {
                    let id = format!("R{}", i + 1);
                    let args = relation_args(r, &a, &b);
                    let _ = writeln!(self.ann, "{id}\t{} {args}\t", r.relation_type);
                    self.r_id.insert(r.id, id);
                }
                _ => self.warnings.push(format!(
                    "relation {} links an entity without mentions; left out",
                    r.id
                )),
            }
        }
    }

    /// Bare spans a brat import kept (triggers no event used).
    fn extra_spans(&mut self) {
        let s = self.s;
        for sp in &s.brat.spans {
            let pieces = line_pieces(s, &sp.pieces());
            if !pieces.is_empty() {
                let id = self.t_line(&sp.span_type, &pieces);
                self.extra_t.insert(sp.id, id);
            }
        }
    }

    /// The brat id a kept relation's end has in this export.
    fn end_id(&self, end: LinkEnd) -> Option<String> {
        match end {
            LinkEnd::Mention(m) => self.t_of_mention.get(&m).cloned(),
            LinkEnd::Event(e) => self.e_id.get(&e).cloned(),
            LinkEnd::Trigger(e) => {
                let ev = self.s.events.get(&e)?;
                let key = (ev.event_type.clone(), ev.trigger?);
                self.trigger_t.get(&key).cloned()
            }
            LinkEnd::Span(id) => self.extra_t.get(&id).cloned(),
        }
    }

    /// Relations a brat import kept with an event or a trigger at an end, numbered after the
    /// relations; one whose end an edit removed is left out and said.
    fn links(&mut self) {
        let s = self.s;
        let mut n = s.relations.len();
        for l in &s.brat.links {
            let args: Option<Vec<String>> = l
                .args
                .iter()
                .map(|(role, end)| Some(format!("{role}:{}", self.end_id(*end)?)))
                .collect();
            let Some(args) = args else {
                self.warnings.push(format!(
                    "a {} relation kept from brat lost an end (deleted since); left out",
                    l.relation_type
                ));
                continue;
            };
            n += 1;
            let id = format!("R{n}");
            let _ = writeln!(self.ann, "{id}\t{} {}\t", l.relation_type, args.join(" "));
            self.link_r.insert(l.id, id);
        }
    }

    /// Coreference: every entity with several mentions is an Equiv set.
    fn equivs(&mut self) {
        let s = self.s;
        let equiv = s
            .schema
            .relation_types
            .iter()
            .find(|r| r.coreference)
            .map_or_else(|| "Equiv".into(), |r| r.id.clone());
        for ent in s.entities.values() {
            let ts: Vec<&str> = self
                .written_of
                .get(&ent.id)
                .into_iter()
                .flatten()
                .filter_map(|m| self.t_of_mention.get(m).map(String::as_str))
                .collect();
            if ts.len() >= 2 {
                let ty = ent
                    .brat
                    .as_ref()
                    .and_then(|b| b.equiv_type.as_deref())
                    .unwrap_or(&equiv);
                let _ = writeln!(self.ann, "*\t{ty} {}", ts.join(" "));
            }
        }
    }

    /// A lines: attributes of mentions, then of events.
    fn attributes(&mut self) {
        let mut lines = Vec::new();
        for m in &self.by_position {
            if let Some(t) = self.t_of_mention.get(&m.id) {
                lines.extend(m.attributes.iter().map(|(k, v)| (k, t, v)));
            }
        }
        for e in &self.events {
            if let Some(id) = self.e_id.get(&e.id) {
                lines.extend(e.attributes.iter().map(|(k, v)| (k, id, v)));
            }
        }
        for r in self.s.relations.values() {
            if let Some(id) = self.r_id.get(&r.id) {
                lines.extend(r.attributes.iter().map(|(k, v)| (k, id, v)));
            }
        }
        for l in &self.s.brat.links {
            if let Some(id) = self.link_r.get(&l.id) {
                lines.extend(l.attributes.iter().map(|(k, v)| (k, id, v)));
            }
        }
        // A multi-valued attribute holds its values joined by `|`: one A line each.
        let mut a = 0;
        for (name, target, value) in lines {
            for v in value.split('|') {
                a += 1;
                if v.is_empty() {
                    let _ = writeln!(self.ann, "A{a}\t{name} {target}");
                } else {
                    let _ = writeln!(self.ann, "A{a}\t{name} {target} {v}");
                }
            }
        }
    }

    /// N lines: knowledge-base ids, on each entity's first mention.
    fn normalizations(&mut self) {
        let mut nn = 0;
        for ent in self.s.entities.values() {
            // On the mention it was read from, while that is still written; else the first.
            let on = ent.brat.as_ref().and_then(|b| b.kb_mention);
            let t = on
                .and_then(|m| self.t_of_mention.get(&m))
                .or_else(|| {
                    self.first_mention(ent.id)
                        .and_then(|m| self.t_of_mention.get(&m))
                })
                .cloned();
            let (Some(kb), Some(t)) = (&ent.kb_id, t) else {
                continue;
            };
            nn += 1;
            let reference = if kb.contains(':') {
                kb.clone()
            } else {
                format!("Wikidata:{kb}")
            };
            let label = ent.kb_name.as_ref().unwrap_or(&ent.name);
            let _ = writeln!(
                self.ann,
                "N{nn}\tReference {t} {reference}\t{}",
                last_field(label)
            );
        }
        // Events' normalizations, and mentions' beyond their entity's id: as they were read.
        let events = self.s.brat.event_norms.iter().filter_map(|n| {
            let on = self.e_id.get(&n.event)?;
            Some((on, &n.kind, &n.reference, &n.label))
        });
        let mentions = self.s.brat.mention_norms.iter().filter_map(|n| {
            let on = self.t_of_mention.get(&n.mention)?;
            Some((on, &n.kind, &n.reference, &n.label))
        });
        let kept: Vec<_> = events.chain(mentions).collect();
        for (on, kind, reference, label) in kept {
            nn += 1;
            let _ = writeln!(
                self.ann,
                "N{nn}\t{kind} {on} {reference}\t{}",
                last_field(label)
            );
        }
    }

    /// # lines: notes of mentions, entities (on their first mention), events and relations.
    fn notes(&mut self) {
        let s = self.s;
        // target, note type, text: each item's own note, then its typed ones.
        let mut notes: Vec<(String, String, String)> = Vec::new();
        let mut add = |target: &String, note: &str, more: &[TypedNote], made: Option<&Made>| {
            if !note.trim().is_empty() {
                notes.push((target.clone(), "AnnotatorNotes".into(), note.to_owned()));
            }
            for n in more {
                notes.push((target.clone(), n.kind.clone(), n.text.clone()));
            }
            // Who made it and when, in a note of its own type: the analyst's note stays theirs.
            if let Some(p) = made {
                notes.push((target.clone(), BRAT_NOTE.into(), p.to_note()));
            }
        };
        for m in &self.by_position {
            if let Some(t) = self.t_of_mention.get(&m.id) {
                add(t, &m.note, &m.more_notes, m.made.as_ref());
            }
        }
        for ent in s.entities.values() {
            if let Some(t) = self
                .first_mention(ent.id)
                .and_then(|m| self.t_of_mention.get(&m))
            {
                add(t, &ent.note, &[], None);
            }
        }
        for e in &self.events {
            if let Some(id) = self.e_id.get(&e.id) {
                add(id, &e.note, &e.more_notes, e.made.as_ref());
            }
        }
        for r in s.relations.values() {
            if let Some(id) = self.r_id.get(&r.id) {
                add(id, &r.note, &r.more_notes, r.made.as_ref());
            }
        }
        for l in &s.brat.links {
            if let Some(id) = self.link_r.get(&l.id) {
                add(id, "", &l.notes, None);
            }
        }
        for (hn, (target, kind, text)) in notes.into_iter().enumerate() {
            let _ = writeln!(
                self.ann,
                "#{}\t{kind} {target}\t{}",
                hn + 1,
                last_field(&text)
            );
        }
    }
}

/// A relation's arguments as its brat document wrote them (names and order), else
/// `Arg1:from Arg2:to`.
fn relation_args(r: &Relation, from: &str, to: &str) -> String {
    match &r.brat {
        Some(b) if b.to_first => format!("{}:{to} {}:{from}", b.to_role, b.from_role),
        Some(b) => format!("{}:{from} {}:{to}", b.from_role, b.to_role),
        None => format!("Arg1:{from} Arg2:{to}"),
    }
}
