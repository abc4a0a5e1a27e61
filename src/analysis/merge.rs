//! Three-way merges of Dossier files by id, for git's merge driver: two analysts' sessions of the
//! same article (with their common ancestor), and two versions of a project file.
//!
//! Whatever both sides added is kept. Ids are counted per session, so two analysts adding from
//! the same base hand out the same ids: the same annotation (one span, one type) is recognised
//! as one, and the rest of theirs is renumbered past both sides' ids. An item changed two ways
//! keeps our version and records theirs as a [`Conflict`] the window offers to resolve. The
//! result always satisfies the session's invariants (a reference to a removed item brings the
//! item back), so the merged file opens. Project files: `merge_project`.

pub use super::merge_project::merge_projects;
use crate::model::conflict::{Conflict, Version};
use crate::model::session::Session;
use crate::model::types::*;
use crate::model::{Records, Span};
use std::collections::{BTreeSet, HashMap};

/// What a merge did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    /// Conflicts recorded (items changed two ways).
    pub conflicts: usize,
    /// Items of theirs given new ids.
    pub renumbered: usize,
    /// Items of theirs recognised as the same annotation as ours.
    pub same: usize,
    /// Items brought back because the other side still used them.
    pub restored: usize,
}

/// Merge two sessions of one article. `base` is `None` when git has no common ancestor (the file
/// was added on both sides). Refused for sessions of different articles.
pub fn merge_sessions(
    base: Option<&Session>,
    ours: &Session,
    theirs: &Session,
) -> Result<(Session, Report), String> {
    for (side, s) in [("theirs", theirs)]
        .into_iter()
        .chain(base.map(|b| ("the ancestor", b)))
    {
        if s.article.hash != ours.article.hash {
            return Err(format!(
                "these are sessions of different articles (ours “{}”, {side} “{}”): not merged",
                ours.article.title, s.article.title
            ));
        }
    }
    let empty = Session::new(ours.article.clone(), ours.schema.clone());
    let base = base.unwrap_or(&empty);
    let mut report = Report::default();
    let theirs = align(base, ours, theirs, &mut report);
    let mut out = ours.clone();
    let mut conflicts = Vec::new();
    three_way(
        &base.entities,
        &ours.entities,
        &theirs.entities,
        &mut out.entities,
        &mut conflicts,
        Version::Entity,
    );
    three_way(
        &base.mentions,
        &ours.mentions,
        &theirs.mentions,
        &mut out.mentions,
        &mut conflicts,
        Version::Mention,
    );
    three_way(
        &base.events,
        &ours.events,
        &theirs.events,
        &mut out.events,
        &mut conflicts,
        Version::Event,
    );
    three_way(
        &base.relations,
        &ours.relations,
        &theirs.relations,
        &mut out.relations,
        &mut conflicts,
        Version::Relation,
    );
    // Whole values: theirs where only they changed it.
    if ours.article == base.article {
        out.article = theirs.article.clone();
    }
    if ours.schema == base.schema {
        out.schema = theirs.schema.clone();
    }
    out.rejected = merge_sets(&base.rejected, &ours.rejected, &theirs.rejected);
    out.settled = merge_sets(&base.settled, &ours.settled, &theirs.settled);
    report.restored = repair(&mut out, &[&theirs, ours, base]);
    report.conflicts = conflicts.len();
    for c in theirs.conflicts.iter().chain(conflicts.iter()) {
        if !out.conflicts.contains(c) {
            out.conflicts.push(c.clone());
        }
    }
    let top = all_ids(&out).into_iter().max().unwrap_or(0);
    out.next_id = ours.next_id.max(theirs.next_id).max(top + 1);
    out.after_load();
    Ok((out, report))
}

/// Theirs with ids made to agree with ours: a mention of theirs on the same span with the same
/// type as one of ours takes our ids (and so does its entity, when both were added); any other
/// id theirs added that ours uses for something else moves past both sides' ids.
fn align(base: &Session, ours: &Session, theirs: &Session, report: &mut Report) -> Session {
    let mut map: HashMap<u64, u64> = HashMap::new();
    let by_span: HashMap<(Span, &str), &Mention> = ours
        .mentions
        .values()
        .map(|m| ((m.span, m.entity_type.as_str()), m))
        .collect();
    for m in theirs
        .mentions
        .values()
        .filter(|m| !base.mentions.contains_key(&m.id))
    {
        if let Some(o) = by_span.get(&(m.span, m.entity_type.as_str())) {
            map.insert(m.id.0, o.id.0);
            report.same += 1;
            let theirs_new_entity = !base.entities.contains_key(&m.entity);
            if theirs_new_entity && !map.contains_key(&m.entity.0) {
                map.insert(m.entity.0, o.entity.0);
            }
        }
    }
    let ours_ids: BTreeSet<u64> = all_ids(ours);
    let base_ids: BTreeSet<u64> = all_ids(base);
    let mut next = ours.next_id.max(theirs.next_id);
    for id in all_ids(theirs) {
        if base_ids.contains(&id) || map.contains_key(&id) || !ours_ids.contains(&id) {
            continue;
        }
        map.insert(id, next);
        next += 1;
        report.renumbered += 1;
    }
    let mut t = theirs.clone();
    if !map.is_empty() {
        renumber(&mut t, &map);
    }
    t
}

fn all_ids(s: &Session) -> BTreeSet<u64> {
    let mut ids = BTreeSet::new();
    ids.extend(s.entities.keys().map(|i| i.0));
    ids.extend(s.mentions.keys().map(|i| i.0));
    ids.extend(s.events.keys().map(|i| i.0));
    ids.extend(s.relations.keys().map(|i| i.0));
    ids
}

/// Apply an id map to every item of `s` and every reference between them.
fn renumber(s: &mut Session, map: &HashMap<u64, u64>) {
    let m = |id: u64| map.get(&id).copied().unwrap_or(id);
    let mention = |id: MentionId| MentionId(m(id.0));
    let entity = |id: EntityId| EntityId(m(id.0));
    let filler = |f: Filler| match f {
        Filler::Entity(e) => Filler::Entity(entity(e)),
        Filler::Event(e) => Filler::Event(EventId(m(e.0))),
    };
    s.mentions = std::mem::take(&mut s.mentions)
        .into_values()
        .map(|mut x| {
            x.id = mention(x.id);
            x.entity = entity(x.entity);
            (x.id, x)
        })
        .collect();
    s.entities = std::mem::take(&mut s.entities)
        .into_values()
        .map(|mut x| {
            x.id = entity(x.id);
            if let Some(b) = x.brat.as_mut() {
                b.kb_mention = b.kb_mention.map(mention);
            }
            (x.id, x)
        })
        .collect();
    s.events = std::mem::take(&mut s.events)
        .into_values()
        .map(|mut x| {
            x.id = EventId(m(x.id.0));
            for a in &mut x.arguments {
                a.filler = filler(a.filler);
                a.mention = a.mention.map(mention);
            }
            (x.id, x)
        })
        .collect();
    s.relations = std::mem::take(&mut s.relations)
        .into_values()
        .map(|mut x| {
            x.id = RelationId(m(x.id.0));
            x.from = entity(x.from);
            x.to = entity(x.to);
            x.from_mention = x.from_mention.map(mention);
            x.to_mention = x.to_mention.map(mention);
            (x.id, x)
        })
        .collect();
}

/// Merge one kind of item by id into `out` (which starts as ours).
fn three_way<K: Ord + Copy + std::fmt::Display, T: Clone + PartialEq>(
    base: &Records<K, T>,
    ours: &Records<K, T>,
    theirs: &Records<K, T>,
    out: &mut Records<K, T>,
    conflicts: &mut Vec<Conflict>,
    version: fn(T) -> Version,
) {
    let keys: BTreeSet<K> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .copied()
        .collect();
    for k in keys {
        let (b, o, t) = (base.get(&k), ours.get(&k), theirs.get(&k));
        if o == t || t == b {
            continue; // ours stands
        }
        if o == b {
            // Only they changed it.
            match t {
                Some(t) => out.insert(k, t.clone()),
                None => out.remove(&k),
            };
            continue;
        }
        let side = |v: Option<&T>| v.cloned().map_or(Version::Deleted, version);
        let what = k.to_string();
        match (o, t) {
            // Deleted by us, changed by them: their version comes back (nothing is lost), and
            // the deletion is what is offered.
            (None, Some(t)) => {
                out.insert(k, t.clone());
                conflicts.push(Conflict {
                    what,
                    ours: side(Some(t)),
                    theirs: Version::Deleted,
                });
            }
            _ => conflicts.push(Conflict {
                what,
                ours: side(o),
                theirs: side(t),
            }),
        }
    }
}

fn merge_sets(
    base: &BTreeSet<String>,
    ours: &BTreeSet<String>,
    theirs: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = ours.union(theirs).cloned().collect();
    // Removed by one side and kept unchanged by the other: removed.
    out.retain(|x| !(base.contains(x) && (!ours.contains(x) || !theirs.contains(x))));
    out
}

/// Bring back items the merged session still refers to (from the first side that has them);
/// drop references nothing can satisfy. Returns how many items came back.
fn repair(s: &mut Session, sources: &[&Session]) -> usize {
    let mut restored = 0;
    loop {
        let mut changed = false;
        let wanted_entities: Vec<EntityId> = s
            .mentions
            .values()
            .map(|m| m.entity)
            .chain(s.relations.values().flat_map(|r| [r.from, r.to]))
            .chain(
                s.events
                    .values()
                    .flat_map(|e| e.arguments.iter())
                    .filter_map(|a| match a.filler {
                        Filler::Entity(e) => Some(e),
                        Filler::Event(_) => None,
                    }),
            )
            .filter(|e| !s.entities.contains_key(e))
            .collect();
        for e in wanted_entities {
            if let Some(found) = sources.iter().find_map(|src| src.entities.get(&e)) {
                s.entities.insert(e, found.clone());
                restored += 1;
                changed = true;
            }
        }
        let wanted_events: Vec<EventId> = s
            .events
            .values()
            .flat_map(|e| e.arguments.iter())
            .filter_map(|a| match a.filler {
                Filler::Event(e) if !s.events.contains_key(&e) => Some(e),
                _ => None,
            })
            .collect();
        for e in wanted_events {
            if let Some(found) = sources.iter().find_map(|src| src.events.get(&e)) {
                s.events.insert(e, found.clone());
                restored += 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // What could not be brought back is let go of.
    let (ents, evs, ms) = (
        s.entities.clone(),
        s.events.keys().copied().collect::<BTreeSet<_>>(),
        s.mentions.keys().copied().collect::<BTreeSet<_>>(),
    );
    s.mentions.retain(|_, m| ents.contains_key(&m.entity));
    s.relations
        .retain(|_, r| ents.contains_key(&r.from) && ents.contains_key(&r.to));
    for r in s.relations.values_mut() {
        r.from_mention = r.from_mention.filter(|m| ms.contains(m));
        r.to_mention = r.to_mention.filter(|m| ms.contains(m));
    }
    for e in s.events.values_mut() {
        e.arguments.retain(|a| match a.filler {
            Filler::Entity(x) => ents.contains_key(&x),
            Filler::Event(x) => evs.contains(&x),
        });
        for a in &mut e.arguments {
            a.mention = a.mention.filter(|m| ms.contains(m));
        }
    }
    for e in s.entities.values_mut() {
        if let Some(b) = e.brat.as_mut() {
            b.kb_mention = b.kb_mention.filter(|m| ms.contains(m));
        }
    }
    restored
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::presets;
    use crate::model::{Article, Command};

    fn base() -> Session {
        let text = "Qassem Soleimani met Hassan Nasrallah in Beirut. Soleimani left.";
        let mut s = Session::new(Article::new("t", text), presets::default_schema());
        let c = s.cmd_annotate(Span::new(0, 16), "Person").unwrap();
        s.apply(c).unwrap();
        s
    }

    fn annotate(s: &mut Session, word: &str, ty: &str) -> EntityId {
        let b = s.text().find(word).unwrap();
        let c = s.article.char_of(b).unwrap();
        let span = Span::new(c, c + word.chars().count());
        let cmd = s.cmd_annotate(span, ty).unwrap();
        s.apply(cmd).unwrap();
        s.mentions.values().find(|m| m.span == span).unwrap().entity
    }

    fn rename(s: &mut Session, name: &str) {
        let mut e = s.entities.values().next().unwrap().clone();
        e.name = name.into();
        s.apply(Command::UpdateEntity(e)).unwrap();
    }

    #[test]
    fn both_sides_additions_are_kept_with_ids_that_do_not_clash() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        annotate(&mut o, "Hassan Nasrallah", "Person");
        annotate(&mut t, "Beirut", "Location");
        // Same span and type on both sides: one annotation.
        annotate(&mut o, "Soleimani left", "Person");
        annotate(&mut t, "Soleimani left", "Person");
        assert_eq!(o.next_id, t.next_id, "both sides handed out the same ids");
        let (m, r) = merge_sessions(Some(&b), &o, &t).unwrap();
        assert_eq!(
            m.mentions.len(),
            4,
            "{:?}",
            m.mentions.values().map(|m| &m.quote).collect::<Vec<_>>()
        );
        assert_eq!(m.entities.len(), 4);
        assert_eq!((r.conflicts, r.same), (0, 1));
        assert!(r.renumbered > 0);
        assert!(m.next_id > *all_ids(&m).iter().max().unwrap());
        assert!(m.problems().is_empty(), "{:?}", m.problems());
    }

    #[test]
    fn an_item_changed_two_ways_is_kept_as_ours_and_recorded() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        rename(&mut o, "Qasem Soleimani");
        rename(&mut t, "Haj Qassem");
        let (m, r) = merge_sessions(Some(&b), &o, &t).unwrap();
        assert_eq!(r.conflicts, 1);
        assert_eq!(m.entities.values().next().unwrap().name, "Qasem Soleimani");
        let c = &m.conflicts[0];
        assert!(matches!(&c.theirs, Version::Entity(e) if e.name == "Haj Qassem"));
        // Only one side changed it: theirs is taken, no conflict.
        let (m, r) = merge_sessions(Some(&b), &b, &t).unwrap();
        assert_eq!(
            (
                r.conflicts,
                m.entities.values().next().unwrap().name.as_str()
            ),
            (0, "Haj Qassem")
        );
    }

    #[test]
    fn a_deletion_against_a_use_brings_the_item_back_and_unrelated_files_are_refused() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        let e = *o.entities.keys().next().unwrap();
        let del = o.cmd_delete_entity(e).unwrap();
        o.apply(del).unwrap();
        // They link a relation to the entity we deleted.
        let other = annotate(&mut t, "Hassan Nasrallah", "Person");
        let rtype = t.schema.relation_types[0].id.clone();
        let (_, c) = t.cmd_add_relation(&rtype, e, other, None).unwrap();
        t.apply(c).unwrap();
        let (m, r) = merge_sessions(Some(&b), &o, &t).unwrap();
        assert!(
            m.entities.contains_key(&e),
            "the entity their relation uses comes back"
        );
        assert!(r.restored >= 1);
        assert!(m.problems().is_empty());

        let other = Session::new(
            Article::new("x", "Another article."),
            presets::default_schema(),
        );
        assert!(
            merge_sessions(Some(&b), &o, &other)
                .unwrap_err()
                .contains("different articles")
        );
    }

    use proptest::prelude::*;

    const WORDS: [&str; 6] = [
        "Qassem Soleimani",
        "Hassan Nasrallah",
        "Beirut",
        "Soleimani left",
        "met",
        "in",
    ];

    /// One analyst's edit, by index into what exists at that moment.
    #[derive(Debug, Clone)]
    enum Op {
        Annotate(usize, bool),
        Rename(u8),
        DeleteEntity(u8),
        Relate(u8, u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..WORDS.len(), any::<bool>()).prop_map(|(w, t)| Op::Annotate(w, t)),
            any::<u8>().prop_map(Op::Rename),
            any::<u8>().prop_map(Op::DeleteEntity),
            (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Relate(a, b)),
        ]
    }

    fn run(s: &mut Session, op: &Op) {
        let pick = |s: &Session, i: u8| {
            s.entities
                .keys()
                .nth(i as usize % s.entities.len().max(1))
                .copied()
        };
        let cmd = match op {
            Op::Annotate(w, t) => {
                let b = s.text().find(WORDS[*w]).unwrap();
                let c = s.article.char_of(b).unwrap();
                let ty = if *t { "Person" } else { "Location" };
                s.cmd_annotate(Span::new(c, c + WORDS[*w].chars().count()), ty)
                    .ok()
            }
            Op::Rename(i) => pick(s, *i).map(|e| {
                let mut e = s.entities[&e].clone();
                e.name.push('!');
                Command::UpdateEntity(e)
            }),
            Op::DeleteEntity(i) => pick(s, *i).and_then(|e| s.cmd_delete_entity(e).ok()),
            Op::Relate(a, b) => match (pick(s, *a), pick(s, *b)) {
                (Some(a), Some(b)) if a != b => {
                    let ty = s.schema.relation_types[0].id.clone();
                    s.cmd_add_relation(&ty, a, b, None).ok().map(|(_, c)| c)
                }
                _ => None,
            },
        };
        if let Some(c) = cmd {
            let _ = s.apply(c);
        }
    }

    fn keys(s: &Session) -> BTreeSet<(Span, String)> {
        s.mentions
            .values()
            .map(|m| (m.span, m.entity_type.clone()))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_two_histories_merge_into_a_valid_session_keeping_both_sides_additions(
            common in proptest::collection::vec(op(), 0..6),
            mine in proptest::collection::vec(op(), 0..10),
            yours in proptest::collection::vec(op(), 0..10),
        ) {
            let mut b = base();
            common.iter().for_each(|o| run(&mut b, o));
            let (mut o, mut t) = (b.clone(), b.clone());
            mine.iter().for_each(|x| run(&mut o, x));
            yours.iter().for_each(|x| run(&mut t, x));
            let (m, _) = merge_sessions(Some(&b), &o, &t).unwrap();
            prop_assert!(m.problems().is_empty(), "{:?}", m.problems());
            let (kb, km) = (keys(&b), keys(&m));
            for k in keys(&o).difference(&kb).chain(keys(&t).difference(&kb)) {
                prop_assert!(km.contains(k), "an addition was lost: {:?}", k);
            }
            // The file it makes reads back the same.
            let text = crate::io::session_file::session_to_string(&m).unwrap();
            let (back, report) = crate::io::session_file::parse_session(&text).unwrap();
            prop_assert!(report.repairs.is_empty(), "{:?}", report.repairs);
            prop_assert!(back.same_content(&m));
        }
    }
}
