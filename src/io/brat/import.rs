//! brat import, in phases: read the `.ann` lines by kind ([`Parsed`]), read the conf, group
//! Equiv sets, build the schema, then fill the session — mentions, events and their arguments,
//! relations, attributes, normalizations, notes — collecting a warning for every line skipped.

use super::conf::{Conf, build_schema, parse_conf};
use super::lines::{ELine, Offsets, Parsed, RLine, TLine};
use super::{BratError, BratImport, LineCount, Warning};
use crate::model::*;
use std::collections::{BTreeSet, HashMap};

/// Union-find over T ids: each Equiv set becomes one entity.
#[derive(Default)]
struct Groups {
    parent: HashMap<String, String>,
}

impl Groups {
    fn root(&self, x: &str) -> String {
        let mut cur = x.to_owned();
        while let Some(next) = self.parent.get(&cur) {
            if *next == cur {
                break;
            }
            cur = next.clone();
        }
        cur
    }

    fn join(&mut self, a: &str, b: &str) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent.insert(b, a);
        }
    }
}

/// Which T lines are event triggers: used as one, or typed with an event type.
struct Triggers {
    ids: BTreeSet<String>,
    event_types: BTreeSet<String>,
}

impl Triggers {
    fn new(p: &Parsed, conf: &Conf) -> Self {
        let mut event_types: BTreeSet<String> =
            conf.events.iter().map(|(n, _)| n.clone()).collect();
        event_types.extend(p.es.iter().map(|(_, e)| e.ty.clone()));
        let ids = p.es.iter().filter_map(|(_, e)| e.trigger.clone()).collect();
        Self { ids, event_types }
    }

    fn is_trigger(&self, id: &str, t: &TLine) -> bool {
        self.ids.contains(id) || self.event_types.contains(&t.ty)
    }
}

/// Import a brat document. `txt` is the text file's bytes, `ann` the annotations.
pub fn import(
    txt: &[u8],
    ann: &str,
    conf_text: Option<&str>,
    title: &str,
) -> Result<BratImport, BratError> {
    if ann.len() > 64 * 1024 * 1024 {
        return Err(BratError::TooLarge(ann.len()));
    }
    let raw = crate::io::import::decode(txt, crate::io::import::ArticleKind::Text)?;
    let bom = txt.starts_with(&[0xEF, 0xBB, 0xBF]) && !raw.starts_with('\u{feff}');
    let offsets = Offsets::new(&raw, bom);
    let article = Article::new(title_of(&raw, title), &raw);
    let mut p = Parsed::read(ann, &offsets);
    let conf = conf_text
        .map(|c| parse_conf(c, &mut p.warnings))
        .unwrap_or_default();
    let triggers = Triggers::new(&p, &conf);
    let groups = equiv_groups(&mut p, &triggers);
    let used = UsedTypes::of(&p, &triggers);
    if conf_text.is_some() {
        for t in used.entities.iter().filter(|t| !conf.entities.contains(t)) {
            p.warn(
                0,
                format!("entity type {t:?} is not in annotation.conf; added"),
            );
        }
    }
    let schema = build_schema(
        &conf,
        &used.entities,
        &used.events,
        &used.relations,
        &used.equivs,
    );
    let mut b = Builder {
        s: Session::new(article, schema),
        warnings: std::mem::take(&mut p.warnings),
        mention_of: HashMap::new(),
        event_of: HashMap::new(),
        relation_of: HashMap::new(),
        link_of: HashMap::new(),
        trigger_of: HashMap::new(),
    };
    b.mentions(&p, &triggers, &groups);
    b.events(&p);
    b.bare_triggers(&p, &triggers);
    b.relations(&p);
    b.attributes(&p);
    b.normalizations(&p);
    b.notes(&p);
    // Ts whose line was kept but are not used by anything are fine; report what is inconsistent.
    let problems = b.s.problems();
    if !problems.is_empty() {
        return Err(BratError::Invalid(problems.join("; ")));
    }
    let counts = line_counts(&p.kinds, &b.warnings);
    Ok(BratImport {
        session: b.s,
        warnings: b.warnings,
        counts,
    })
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

/// Lines read and left out, per kind, in the order the kinds first appear.
fn line_counts(kinds: &[(usize, char)], warnings: &[Warning]) -> Vec<LineCount> {
    let skipped: BTreeSet<usize> = warnings
        .iter()
        .filter(|w| w.skipped && w.file == "ann")
        .map(|w| w.line)
        .collect();
    let mut out: Vec<LineCount> = Vec::new();
    for &(line, kind) in kinds {
        let kind = if kind == 'M' { 'A' } else { kind };
        let i = match out.iter().position(|c| c.kind == kind) {
            Some(i) => i,
            None => {
                out.push(LineCount {
                    kind,
                    read: 0,
                    skipped: 0,
                });
                out.len() - 1
            }
        };
        out[i].read += 1;
        out[i].skipped += usize::from(skipped.contains(&line));
    }
    out
}

/// The first non-empty line when it is short enough to be a title, else `fallback`.
fn title_of(raw: &str, fallback: &str) -> String {
    raw.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.chars().count() <= 160)
        .unwrap_or(fallback)
        .to_owned()
}

/// Group the T lines of each Equiv set; members that are not entity annotations are reported.
fn equiv_groups(p: &mut Parsed, triggers: &Triggers) -> Groups {
    let mut groups = Groups::default();
    let mut bad = Vec::new();
    for (ln, _, members) in &p.equivs {
        let mut valid = Vec::new();
        for m in members {
            if p.ts.get(m).is_some_and(|t| !triggers.is_trigger(m, t)) {
                valid.push(m);
            } else {
                bad.push((*ln, m.clone()));
            }
        }
        for w in valid.windows(2) {
            groups.join(w[0], w[1]);
        }
    }
    for (ln, m) in bad {
        p.warn(
            ln,
            format!("Equiv member {m} is not an entity annotation; ignored"),
        );
    }
    groups
}

/// The types the annotations use, in order of first use.
struct UsedTypes {
    entities: Vec<String>,
    /// event type, its roles
    events: Vec<(String, Vec<String>)>,
    relations: Vec<String>,
    equivs: Vec<String>,
}

impl UsedTypes {
    fn of(p: &Parsed, triggers: &Triggers) -> Self {
        let mut entities = Vec::new();
        for id in &p.t_order {
            if let Some(t) = p.ts.get(id).filter(|t| !triggers.is_trigger(id, t)) {
                push_new(&mut entities, &t.ty);
            }
        }
        let mut events: Vec<(String, Vec<String>)> = Vec::new();
        for (_, e) in &p.es {
            let pos = match events.iter().position(|(t, _)| *t == e.ty) {
                Some(i) => i,
                None => {
                    events.push((e.ty.clone(), Vec::new()));
                    events.len() - 1
                }
            };
            for (r, _) in &e.args {
                push_new(&mut events[pos].1, &base_role(r, &e.args));
            }
        }
        let mut relations = Vec::new();
        for (_, r) in &p.rs {
            push_new(&mut relations, &r.ty);
        }
        let mut equivs = Vec::new();
        for (_, ty, _) in &p.equivs {
            push_new(&mut equivs, ty);
        }
        Self {
            entities,
            events,
            relations,
            equivs,
        }
    }
}

fn push_new(v: &mut Vec<String>, x: &str) {
    if !v.iter().any(|y| y == x) {
        v.push(x.to_owned());
    }
}

/// The session being filled, with what each brat id became.
struct Builder {
    s: Session,
    warnings: Vec<Warning>,
    mention_of: HashMap<String, MentionId>,
    event_of: HashMap<String, EventId>,
    relation_of: HashMap<String, RelationId>,
    /// Kept relations Dossier cannot hold (an event or a trigger at an end), by brat id.
    link_of: HashMap<String, usize>,
    /// Trigger-typed T lines: the event using each, or the kept bare span.
    trigger_of: HashMap<String, LinkEnd>,
}

impl Builder {
    /// Something to say about a line that was still used.
    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning {
            file: "ann",
            line,
            message,
            skipped: false,
        });
    }

    /// A line left out, and why.
    fn skip(&mut self, line: usize, message: String) {
        self.warnings.push(Warning {
            file: "ann",
            line,
            message,
            skipped: true,
        });
    }

    /// Entities and mentions, in file order; an Equiv group is one entity.
    fn mentions(&mut self, p: &Parsed, triggers: &Triggers, groups: &Groups) {
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
    fn events(&mut self, p: &Parsed) {
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
                        self.warn(
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
                    self.warn(
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
                self.warn(
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
    fn bare_triggers(&mut self, p: &Parsed, triggers: &Triggers) {
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

    fn relations(&mut self, p: &Parsed) {
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
                id: rid,
                relation_type: r.ty.clone(),
                from: e1,
                to: e2,
                evidence: None,
                note: String::new(),
                more_notes: Vec::new(),
                attributes: Default::default(),
                from_mention: Some(m1),
                to_mention: Some(m2),
                brat,
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

    fn attributes(&mut self, p: &Parsed) {
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
    fn normalizations(&mut self, p: &Parsed) {
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
            match &e.kb_id {
                Some(k) if k != kb => {
                    let msg =
                        format!("{target} is normalised to both {k} and {kb}; keeping the first");
                    self.skip(*ln, msg);
                }
                _ => {
                    // The mention the N line was on (it may not be the first).
                    e.brat.get_or_insert_with(BratEntity::default).kb_mention = mention;
                    e.kb_id = Some(kb.to_owned());
                    // The label exactly as written, even empty.
                    e.kb_name = Some(label.clone());
                }
            }
        }
    }

    /// # lines: notes on mentions, events or relations.
    fn notes(&mut self, p: &Parsed) {
        for (ln, kind, target, note) in &p.notes {
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

/// Import from files: the `.txt` next to the `.ann` unless given, and `annotation.conf` when
/// given.
pub fn import_files(
    txt: &std::path::Path,
    ann: &std::path::Path,
    conf: Option<&std::path::Path>,
) -> Result<BratImport, BratError> {
    let read = |p: &std::path::Path| -> Result<Vec<u8>, BratError> {
        let meta = std::fs::metadata(p)
            .map_err(|e| BratError::Invalid(format!("cannot read {}: {e}", p.display())))?;
        if meta.len() > crate::io::import::MAX_ARTICLE_BYTES {
            return Err(BratError::TooLarge(meta.len() as usize));
        }
        std::fs::read(p)
            .map_err(|e| BratError::Invalid(format!("cannot read {}: {e}", p.display())))
    };
    let text = read(txt)?;
    let ann_bytes = read(ann)?;
    let ann_text = String::from_utf8(ann_bytes).map_err(|e| {
        BratError::Invalid(format!(
            "{} is not UTF-8 (byte {})",
            ann.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let conf_text = match conf {
        Some(c) => Some(String::from_utf8_lossy(&read(c)?).into_owned()),
        None => None,
    };
    let title = txt
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut imp = import(&text, &ann_text, conf_text.as_deref(), &title)?;
    imp.session.article.source = Some(txt.display().to_string());
    Ok(imp)
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

/// brat numbers repeated roles (`Org-Arg`, `Org-Arg2`, …); Dossier keeps one role with several
/// fillers. A role ending in a number is numbered only if its base also occurs in the event.
fn base_role(role: &str, args: &[(String, String)]) -> String {
    let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.len() < role.len() && !base.is_empty() && args.iter().any(|(r, _)| r == base) {
        base.to_owned()
    } else {
        role.to_owned()
    }
}
