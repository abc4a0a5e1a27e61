//! The session: an article, its schema, every annotation, and the view state worth restoring.

use super::article::Article;
use super::records::Records;
use super::schema::Schema;
use super::text::Span;
use super::types::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const FORMAT_NAME: &str = "dossier-session";
pub const FORMAT_VERSION: u32 = 1;

/// Chars of context kept before and after each mention's quote.
pub const CONTEXT_CHARS: usize = 24;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub format: String,
    pub version: u32,
    pub article: Article,
    pub schema: Schema,
    /// The next id to hand out; ids are shared by all kinds and never reused.
    pub next_id: u64,
    #[serde(with = "id_map")]
    pub entities: Records<EntityId, Entity>,
    #[serde(with = "id_map")]
    pub mentions: Records<MentionId, Mention>,
    #[serde(with = "id_map")]
    pub events: Records<EventId, Event>,
    #[serde(with = "id_map")]
    pub relations: Records<RelationId, Relation>,
    #[serde(default)]
    pub view: ViewState,
    /// Strings the analyst rejected as suggestions (lower-cased): never suggested again.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub rejected: std::collections::BTreeSet<String>,
    /// What a brat import held that the annotations above cannot, kept for the export.
    #[serde(default, skip_serializing_if = "BratExtra::is_empty")]
    pub brat: BratExtra,
    /// Items two analysts changed two ways, recorded by a merge for the analyst to resolve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<super::conflict::Conflict>,
    /// Mentions re-anchoring could not place on a changed text, kept for the analyst.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orphaned: Vec<super::conflict::Orphaned>,
    /// Differences from a compared session the analyst settled by keeping this session's
    /// version ("compared.ron: only here: mention 4..9 Person"), so curation does not list
    /// them again.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub settled: std::collections::BTreeSet<String>,
    /// Mentions by (span, type), built on first use, for the duplicate check on every edit.
    #[serde(skip)]
    pub(crate) span_index: SpanIndex,
    /// What each edit touched, for views that update incrementally.
    #[serde(skip)]
    pub changes: super::changes::ChangeLog,
}

/// A lookup of mentions by span (the type is checked on the live mention). Edits keep it current; it is rebuilt when the number
/// of mentions shows that something changed them directly (loaders). Hits are checked against
/// the live mentions, so a stale entry can never report a false duplicate.
#[derive(Debug, Default)]
pub struct SpanIndex(std::cell::RefCell<Option<(usize, SpanMap)>>);

impl Clone for SpanIndex {
    /// A copy of the session builds its own when it first needs one: the copies made for
    /// other threads (saving, suggestions) never edit.
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// Mention ids by span. A span nearly always has one, held in the table itself, its key the
/// span's two ends in one number (a 10 MB article has 250,000 mentions: 17 bytes a slot instead
/// of 41); the few spans with more (of other types) keep the others beside it. Ends past 2³²
/// share a key with others: every hit is checked against the live mention anyway.
#[derive(Debug, Default)]
struct SpanMap {
    first: rustc_hash::FxHashMap<u64, MentionId>,
    more: rustc_hash::FxHashMap<u64, Vec<MentionId>>,
}

impl SpanMap {
    fn key(span: Span) -> u64 {
        ((span.start as u64) << 32) | (span.end as u64 & 0xFFFF_FFFF)
    }

    fn with_capacity(n: usize) -> Self {
        let mut first = rustc_hash::FxHashMap::default();
        first.reserve(n);
        Self {
            first,
            more: Default::default(),
        }
    }

    fn insert(&mut self, span: Span, id: MentionId) {
        let k = Self::key(span);
        match self.first.entry(k) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(id);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.more.entry(k).or_default().push(id);
            }
        }
    }

    fn remove(&mut self, span: Span, id: MentionId) {
        let k = Self::key(span);
        if self.first.get(&k) == Some(&id) {
            // Another id of the span (if any) moves into the table.
            match self.more.get_mut(&k).and_then(Vec::pop) {
                Some(next) => {
                    self.first.insert(k, next);
                }
                None => {
                    self.first.remove(&k);
                }
            }
        } else if let Some(v) = self.more.get_mut(&k) {
            v.retain(|x| *x != id);
        }
        if self.more.get(&k).is_some_and(Vec::is_empty) {
            self.more.remove(&k);
        }
    }

    /// The ids listed for `span` (and any span sharing its key).
    fn get(&self, span: Span) -> impl Iterator<Item = MentionId> + '_ {
        let k = Self::key(span);
        let more = self.more.get(&k).map_or(&[][..], Vec::as_slice);
        self.first.get(&k).into_iter().chain(more).copied()
    }

    /// Every (key, id) listed.
    fn pairs(&self) -> Vec<(u64, MentionId)> {
        let more = self
            .more
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |id| (*k, *id)));
        self.first
            .iter()
            .map(|(k, id)| (*k, *id))
            .chain(more)
            .collect()
    }
}

impl PartialEq for SpanIndex {
    fn eq(&self, _: &Self) -> bool {
        // Derived data: equal sessions may have built it or not, so session equality ignores
        // it. Whether it is current is checked on its own: `Session::span_index_agrees`.
        true
    }
}

impl Session {
    /// Build the lookups edits need now rather than on the first edit (loaders call this, on
    /// their thread, so that the first click in a big session is as quick as the others).
    pub fn prepare(&self) {
        let probe = self.mentions.values().next().cloned();
        if let Some(m) = probe {
            self.duplicate_of(&m);
        }
    }

    /// Another mention with the same span and type as `m`, if there is one.
    pub fn duplicate_of(&self, m: &Mention) -> Option<MentionId> {
        let mut slot = self.span_index.0.borrow_mut();
        if slot.as_ref().is_none_or(|(n, _)| *n != self.mentions.len()) {
            let mut map = SpanMap::with_capacity(self.mentions.len());
            for x in self.mentions.values() {
                map.insert(x.span, x.id);
            }
            *slot = Some((self.mentions.len(), map));
        }
        let (_, map) = slot.as_ref()?;
        map.get(m.span).find(|&id| {
            id != m.id
                && self
                    .mentions
                    .get(&id)
                    .is_some_and(|o| o.span == m.span && o.entity_type == m.entity_type)
        })
    }

    /// Whether the duplicate-check index (when built) lists exactly the live mentions by span
    /// and type — what edits must keep true. Tests call it after every edit, undo and redo.
    pub fn span_index_agrees(&self) -> bool {
        let slot = self.span_index.0.borrow();
        let Some((n, map)) = slot.as_ref() else {
            return true;
        };
        let mut listed = map.pairs();
        let mut live: Vec<(u64, MentionId)> = self
            .mentions
            .values()
            .map(|m| (SpanMap::key(m.span), m.id))
            .collect();
        listed.sort();
        live.sort();
        *n == self.mentions.len() && listed == live
    }

    /// Keep the span index in step with a mention that was added (`new`) or removed (`old`).
    pub(crate) fn index_mention(&self, old: Option<&Mention>, new: Option<&Mention>) {
        let mut slot = self.span_index.0.borrow_mut();
        let Some((n, map)) = slot.as_mut() else {
            return;
        };
        if let Some(o) = old {
            map.remove(o.span, o.id);
        }
        if let Some(x) = new {
            map.insert(x.span, x.id);
        }
        *n = self.mentions.len();
    }
}

/// What the analyst was looking at, restored on reopen.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ViewState {
    /// First visible char of the article view.
    #[serde(default)]
    pub scroll_char: usize,
    #[serde(default)]
    pub selection: Option<Selection>,
    /// Map node positions the analyst pinned by dragging.
    #[serde(default)]
    pub pinned: BTreeMap<EntityId, (f32, f32)>,
    /// Pinned positions of event nodes (events with several participants).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pinned_events: BTreeMap<EventId, (f32, f32)>,
    /// Map viewport: centre x, centre y, zoom.
    #[serde(default)]
    pub map_viewport: Option<(f32, f32, f32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    Mention(MentionId),
    Entity(EntityId),
    Event(EventId),
    Relation(RelationId),
}

impl Session {
    pub fn new(article: Article, schema: Schema) -> Self {
        Self {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            article,
            schema,
            next_id: 1,
            entities: Records::new(),
            mentions: Records::new(),
            events: Records::new(),
            relations: Records::new(),
            view: ViewState::default(),
            rejected: Default::default(),
            brat: BratExtra::default(),
            conflicts: Vec::new(),
            orphaned: Vec::new(),
            settled: Default::default(),
            span_index: SpanIndex::default(),
            changes: Default::default(),
        }
    }

    /// Hand out a fresh id. Ids are never reused, not even after undo.
    pub fn alloc_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn text(&self) -> &str {
        &self.article.text
    }

    /// A mention record for `span` with quote and context filled in from the article.
    /// The quote a mention must have: its text, or its fragments' texts joined by a space (as
    /// brat writes a discontinuous span).
    pub fn expected_quote(&self, m: &Mention) -> String {
        if m.fragments.is_empty() {
            return self.article.slice(m.span).unwrap_or_default().to_owned();
        }
        m.fragments
            .iter()
            .map(|f| self.article.slice(*f).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether `m`'s quote is what the text says at its span (as `expected_quote`, without
    /// making a string for the usual contiguous mention).
    pub fn quote_agrees(&self, m: &Mention) -> bool {
        if m.fragments.is_empty() {
            return self.article.slice(m.span).unwrap_or_default() == m.quote;
        }
        self.expected_quote(m) == m.quote
    }

    pub fn make_mention(
        &self,
        id: MentionId,
        span: Span,
        entity_type: &str,
        entity: EntityId,
    ) -> Mention {
        Mention {
            id,
            span,
            entity_type: entity_type.to_owned(),
            entity,
            quote: self.article.slice(span).unwrap_or_default().to_owned(),
            prefix: String::new(),
            suffix: String::new(),
            fragments: Vec::new(),
            attributes: Default::default(),
            note: String::new(),
            more_notes: Vec::new(),
            made: None,
        }
    }

    pub fn mentions_of(&self, entity: EntityId) -> impl Iterator<Item = &Mention> {
        self.mentions.values().filter(move |m| m.entity == entity)
    }

    /// Events that use `filler` in any role.
    pub fn events_using(&self, filler: Filler) -> impl Iterator<Item = &Event> {
        self.events
            .values()
            .filter(move |e| e.arguments.iter().any(|a| a.filler == filler))
    }

    pub fn relations_of(&self, entity: EntityId) -> impl Iterator<Item = &Relation> {
        self.relations
            .values()
            .filter(move |r| r.from == entity || r.to == entity)
    }

    /// Mentions sorted by start (then longest first), for drawing and export.
    pub fn mentions_by_position(&self) -> Vec<&Mention> {
        let mut v: Vec<&Mention> = self.mentions.values().collect();
        v.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end), m.id));
        v
    }

    /// Where the text first says something about `item`: an entity's first mention, an event's
    /// trigger, a relation's evidence (else its first mention), a mention's start.
    pub fn first_char_of(&self, item: Selection) -> Option<usize> {
        match item {
            Selection::Entity(e) => self.mentions_of(e).map(|m| m.span.start).min(),
            Selection::Event(e) => self.events.get(&e)?.trigger.map(|t| t.start),
            Selection::Relation(r) => {
                let r = self.relations.get(&r)?;
                r.evidence.map(|x| x.start).or_else(|| {
                    r.from_mention
                        .and_then(|m| self.mentions.get(&m))
                        .map(|m| m.span.start)
                })
            }
            Selection::Mention(m) => self.mentions.get(&m).map(|m| m.span.start),
        }
    }

    /// A short human label: the entity's name, or the event's type and trigger.
    pub fn filler_label(&self, f: Filler) -> String {
        match f {
            Filler::Entity(id) => self
                .entities
                .get(&id)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| format!("{id}?")),
            Filler::Event(id) => self
                .events
                .get(&id)
                .map(|e| self.event_label(e))
                .unwrap_or_else(|| format!("{id}?")),
        }
    }

    pub fn event_label(&self, e: &Event) -> String {
        let name = self
            .schema
            .event_type(&e.event_type)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| e.event_type.clone());
        let pieces: Vec<&str> = e
            .trigger_pieces()
            .iter()
            .filter_map(|t| self.article.slice(*t))
            .collect();
        if pieces.is_empty() {
            name
        } else {
            format!("{name} “{}”", pieces.join(" … "))
        }
    }

    /// A cycle of events that nest each other, if there is one.
    pub fn event_cycle(&self) -> Option<Vec<EventId>> {
        // Iterative depth-first search with colours; sessions come from files, so no recursion.
        let mut state: BTreeMap<EventId, u8> = BTreeMap::new();
        for &root in self.events.keys() {
            if state.contains_key(&root) {
                continue;
            }
            let mut stack: Vec<(EventId, usize)> = vec![(root, 0)];
            state.insert(root, 1);
            while let Some((id, i)) = stack.pop() {
                let children: Vec<EventId> = self
                    .events
                    .get(&id)
                    .map(|e| {
                        e.arguments
                            .iter()
                            .filter_map(|a| match a.filler {
                                Filler::Event(x) => Some(x),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                if let Some(&child) = children.get(i) {
                    stack.push((id, i + 1));
                    match state.get(&child) {
                        Some(1) => {
                            let mut cycle: Vec<EventId> = stack.iter().map(|(e, _)| *e).collect();
                            if let Some(pos) = cycle.iter().position(|&e| e == child) {
                                cycle.drain(..pos);
                            }
                            cycle.push(child);
                            return Some(cycle);
                        }
                        Some(_) => {}
                        None => {
                            state.insert(child, 1);
                            stack.push((child, 0));
                        }
                    }
                } else {
                    state.insert(id, 2);
                }
            }
        }
        None
    }

    /// Would making `parent` take `child` as an argument create a cycle?
    pub fn would_cycle(&self, parent: EventId, child: EventId) -> bool {
        if parent == child {
            return true;
        }
        let mut todo = vec![child];
        let mut seen = BTreeSet::new();
        while let Some(e) = todo.pop() {
            if e == parent {
                return true;
            }
            if !seen.insert(e) {
                continue;
            }
            if let Some(ev) = self.events.get(&e) {
                todo.extend(ev.arguments.iter().filter_map(|a| match a.filler {
                    Filler::Event(x) => Some(x),
                    _ => None,
                }));
            }
        }
        false
    }

    /// Recompute derived data after loading from a file.
    pub fn after_load(&mut self) {
        self.article.reindex();
    }

    /// The same session with its id counter ignored: what undo must give back.
    pub fn same_content(&self, other: &Session) -> bool {
        self.article == other.article
            && self.schema == other.schema
            && self.entities == other.entities
            && self.mentions == other.mentions
            && self.events == other.events
            && self.relations == other.relations
    }
}

/// Fragments of a discontinuous mention must be ordered, disjoint, inside the span and cover both
/// its ends.
pub fn check_fragments(m: &Mention) -> Result<(), String> {
    check_pieces(m.span, &m.fragments)
}

/// Fragments (of a mention or a trigger) are ordered, disjoint, non-empty, and start and end
/// where `span` does; none is fine.
pub fn check_pieces(span: Span, f: &[Span]) -> Result<(), String> {
    if f.is_empty() {
        return Ok(());
    }
    let ordered = f.windows(2).all(|w| w[0].end <= w[1].start);
    let nonempty = f.iter().all(|x| x.start < x.end);
    if !ordered || !nonempty || f[0].start != span.start || f[f.len() - 1].end != span.end {
        let list: Vec<String> = f.iter().map(ToString::to_string).collect();
        return Err(format!(
            "fragments {} do not tile the span {span} in order",
            list.join(";")
        ));
    }
    Ok(())
}

/// A run of a session file's mentions list, read on its own: a big file's list is read in
/// parts on two threads (`io::session_parts`).
pub struct MentionsPart(Vec<(MentionId, std::sync::Arc<Mention>)>);

impl<'de> Deserialize<'de> for MentionsPart {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(id_map::Shared(std::marker::PhantomData))
            .map(MentionsPart)
    }
}

impl Session {
    /// The mentions read in parts, in the file's order, as the whole file's read would give them;
    /// false (and nothing changed) unless every id is greater than the one before, which is how
    /// Dossier writes them (the whole file's read then sorts them or says which id is twice).
    pub fn set_mentions_from_parts(&mut self, parts: Vec<MentionsPart>) -> bool {
        let mut items = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
        for p in parts {
            items.extend(p.0);
        }
        if !items.is_sorted_by(|a, b| a.0 < b.0) {
            return false;
        }
        self.mentions = Records::from_shared(items);
        true
    }
}

/// Serialise an id-keyed map as a list of its values, which carry their ids; refuse duplicates on
/// the way in. Lists read better in RON than maps keyed by numbers.
mod id_map {
    use super::HasId;
    use crate::model::Records;
    use serde::de::{Error, SeqAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::marker::PhantomData;
    use std::sync::Arc;

    pub fn serialize<S, T>(map: &Records<T::Id, T>, s: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: HasId + Serialize,
    {
        s.collect_seq(map.values())
    }

    pub fn deserialize<'de, D, T>(d: D) -> Result<Records<T::Id, T>, D::Error>
    where
        D: Deserializer<'de>,
        T: HasId + Deserialize<'de>,
    {
        // Each record goes behind its Arc as it is read: no list of them is made first (a
        // 10 MB article's file has 250,000 mentions).
        let mut items = d.deserialize_seq(Shared(PhantomData::<T>))?;
        // Files list records in id order; built in one go from a sorted list, the map's nodes
        // are full (inserted one by one, half of each stays empty).
        if !items.is_sorted_by(|a, b| a.0 < b.0) {
            items.sort_by_key(|a| a.0);
            if let Some(w) = items.windows(2).find(|w| w[0].0 == w[1].0) {
                return Err(D::Error::custom(format!("id {} appears twice", w[0].0)));
            }
        }
        Ok(Records::from_shared(items))
    }

    /// Reads a list of records as (id, shared record) pairs.
    pub(super) struct Shared<T>(pub(super) PhantomData<T>);

    impl<'de, T: HasId + Deserialize<'de>> Visitor<'de> for Shared<T> {
        type Value = Vec<(T::Id, Arc<T>)>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of records")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(t) = seq.next_element::<T>()? {
                out.push((t.id(), Arc::new(t)));
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod span_map_tests {
    use super::{MentionId, Span, SpanMap};

    #[test]
    fn several_mentions_of_one_span_are_kept_and_removed_in_any_order() {
        let (a, b, c) = (MentionId(1), MentionId(2), MentionId(3));
        let span = Span::new(4, 9);
        let mut map = SpanMap::default();
        map.insert(span, a);
        map.insert(span, b);
        map.insert(span, c);
        map.insert(Span::new(4, 10), MentionId(4));
        map.remove(span, a);
        let mut left: Vec<MentionId> = map.get(span).collect();
        left.sort();
        assert_eq!(left, [b, c]);
        map.remove(span, c);
        assert_eq!(map.get(span).collect::<Vec<_>>(), [b]);
        map.remove(span, b);
        assert_eq!(map.get(span).count(), 0);
        assert!(map.more.is_empty());
        assert_eq!(
            map.pairs(),
            [(SpanMap::key(Span::new(4, 10)), MentionId(4))]
        );
    }

    #[test]
    fn spans_sharing_a_key_are_both_found() {
        // Ends past 2³² fold onto nearer ones: the lookup lists both; the caller checks spans.
        let far = Span::new(1, (1usize << 32) + 7);
        let mut map = SpanMap::default();
        map.insert(Span::new(1, 7), MentionId(1));
        map.insert(far, MentionId(2));
        assert_eq!(
            map.get(far).collect::<Vec<_>>(),
            [MentionId(1), MentionId(2)]
        );
    }
}
