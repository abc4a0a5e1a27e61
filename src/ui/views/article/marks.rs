//! The marks drawn under the text: one per mention and trigger, stacked by nesting level per
//! paragraph, kept in step with the session from its change log.

use super::{ArticleView, Item, Mark, MarkKind, local_offset};
use crate::model::changes::Since;
use crate::model::{Session, Span};
use std::collections::{BTreeMap, BTreeSet};

impl ArticleView {
    /// Every annotation drawn in the text: mentions and event triggers, with their colours.
    pub(super) fn mark_items(s: &Session) -> BTreeMap<MarkKind, Item> {
        // Looked up once per type, not once per mention (a 10 MB session has 250,000).
        let mut colors: std::collections::HashMap<(bool, &str), [u8; 3]> = Default::default();
        let mentions: Vec<(MarkKind, Item)> = s
            .mentions
            .values()
            .map(|m| {
                let c = *colors
                    .entry((false, m.entity_type.as_str()))
                    .or_insert_with(|| s.schema.entity_color(&m.entity_type));
                (MarkKind::Mention(m.id), (m.span, c, pieces(&m.fragments)))
            })
            .collect();
        let triggers: Vec<(MarkKind, Item)> = s
            .events
            .values()
            .filter_map(|e| {
                let c = *colors
                    .entry((true, e.event_type.as_str()))
                    .or_insert_with(|| s.schema.event_color(&e.event_type));
                let t = e.trigger?;
                Some((
                    MarkKind::Trigger(e.id),
                    (t, c, pieces(&e.trigger_fragments)),
                ))
            })
            .collect();
        // Built in one go (full tree nodes: inserted one by one in order, half of each node
        // stays empty).
        mentions.into_iter().chain(triggers).collect()
    }

    /// One annotation as it is now (None: gone, or an event without trigger).
    pub(super) fn mark_item(s: &Session, kind: MarkKind) -> Option<Item> {
        match kind {
            MarkKind::Mention(id) => {
                let m = s.mentions.get(&id)?;
                let c = s.schema.entity_color(&m.entity_type);
                Some((m.span, c, pieces(&m.fragments)))
            }
            MarkKind::Trigger(id) => {
                let e = s.events.get(&id)?;
                let c = s.schema.event_color(&e.event_type);
                Some((e.trigger?, c, pieces(&e.trigger_fragments)))
            }
        }
    }

    /// Paragraphs a span touches.
    pub(super) fn paras_of(&self, span: Span) -> std::ops::Range<usize> {
        let first = self.paras.partition_point(|p| p.end < span.start);
        let mut last = first;
        while last < self.paras.len() && self.paras[last].start < span.end.max(span.start + 1) {
            last += 1;
        }
        first..last.max(first + 1).min(self.paras.len())
    }

    /// Put an annotation's marks into the paragraphs its pieces cover.
    pub(super) fn place_item(&mut self, kind: MarkKind, item: &Item, dirty: &mut BTreeSet<usize>) {
        let (span, color, fragments) = item;
        let whole = [*span];
        let pieces: &[Span] = fragments.as_deref().unwrap_or(&whole);
        let mut prev_end: Option<usize> = None;
        for (k, piece) in pieces.iter().enumerate() {
            let piece_no = u8::try_from(k).unwrap_or(u8::MAX);
            for i in self.paras_of(*piece) {
                let p = self.paras[i];
                let a = piece.start.max(p.start);
                let b = piece.end.min(p.end);
                if a < b {
                    let gap_from = prev_end
                        .filter(|e| *e >= p.start)
                        .map(|e| local_offset(e - p.start));
                    self.marks[i].push(Mark {
                        kind,
                        start: local_offset(a - p.start),
                        end: local_offset(b - p.start),
                        color: *color,
                        level: 0,
                        piece: piece_no,
                        gap_from,
                    });
                    dirty.insert(i);
                }
            }
            prev_end = Some(piece.end);
        }
    }

    /// Keep the per-paragraph marks in step with the annotations. After an edit only the
    /// annotations it touched are moved, and only their paragraphs restacked.
    pub(super) fn ensure_marks(&mut self, s: &Session) {
        let since = match self.marks_stamp {
            Some(st) if self.marks.len() == self.paras.len() => s.changes.since(st),
            _ => Since::Unknown,
        };
        self.marks_stamp = Some(s.changes.stamp());
        let mut dirty = BTreeSet::new();
        match since {
            Since::Nothing => return,
            Since::Unknown => {
                self.items = Self::mark_items(s);
                self.marks = vec![Vec::new(); self.paras.len()];
                let items = std::mem::take(&mut self.items);
                for (kind, item) in &items {
                    self.place_item(*kind, item, &mut dirty);
                }
                self.items = items;
                // Grown by doubling, a paragraph's list held up to twice its marks.
                for list in &mut self.marks {
                    list.shrink_to_fit();
                }
            }
            Since::Touched(t) => {
                let kinds = t
                    .mentions
                    .iter()
                    .map(|m| MarkKind::Mention(*m))
                    .chain(t.events.iter().map(|e| MarkKind::Trigger(*e)));
                for kind in kinds {
                    let new = Self::mark_item(s, kind);
                    let old = self.items.get(&kind).cloned();
                    if old == new {
                        continue;
                    }
                    // The pieces lie inside the extent: its paragraphs hold all old marks.
                    if let Some((span, ..)) = old {
                        for i in self.paras_of(span) {
                            self.marks[i].retain(|m| m.kind != kind);
                            dirty.insert(i);
                        }
                    }
                    match new {
                        Some(item) => {
                            self.place_item(kind, &item, &mut dirty);
                            self.items.insert(kind, item);
                        }
                        None => {
                            self.items.remove(&kind);
                        }
                    }
                }
            }
        }
        // Stack overlapping marks: longer (outer) ones first, each on the lowest free level;
        // equal spans in id order (mentions before triggers), whatever order they came in.
        for &i in &dirty {
            let list = &mut self.marks[i];
            list.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.kind));
            let mut level_end: Vec<u32> = Vec::new();
            for m in list.iter_mut() {
                let lvl = level_end
                    .iter()
                    .position(|&end| end <= m.start)
                    .unwrap_or(level_end.len());
                if lvl == level_end.len() {
                    level_end.push(m.end);
                } else {
                    level_end[lvl] = m.end;
                }
                m.level = lvl.min(7) as u8;
            }
        }
    }
}

/// A discontinuous annotation's pieces, shared; `None` for a contiguous one.
fn pieces(fragments: &[Span]) -> Option<std::sync::Arc<[Span]>> {
    (!fragments.is_empty()).then(|| fragments.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::synth;

    /// start, end, level, colour of each mark, per paragraph.
    type Drawn = Vec<Vec<(usize, usize, u8, [u8; 3])>>;

    fn marks_of(v: &ArticleView) -> Drawn {
        v.marks
            .iter()
            .map(|l| {
                l.iter()
                    .map(|m| (m.start(), m.end(), m.level, m.color))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn incremental_marks_equal_a_full_rebuild() {
        let mut s = synth::session(synth::Size::named("10k").unwrap());
        let mut v = ArticleView::default();
        v.ensure_paragraphs(&s);
        v.ensure_marks(&s);
        // Add, retype, delete, and add an event trigger across the text.
        let spans = [Span::new(5, 9), Span::new(500, 520), Span::new(3000, 3004)];
        for sp in &spans {
            let cmd = s.cmd_annotate(*sp, "Person").unwrap();
            s.apply(cmd).unwrap();
            v.ensure_marks(&s);
        }
        let first = *s.mentions.keys().next().unwrap();
        let cmd = s.cmd_retype_mention(first, "Facility").unwrap();
        s.apply(cmd).unwrap();
        v.ensure_marks(&s);
        let last = *s.mentions.keys().last().unwrap();
        let cmd = s.cmd_delete_mention(last).unwrap();
        s.apply(cmd).unwrap();
        v.ensure_marks(&s);
        let (_, cmd) = s
            .cmd_add_event("ASSAULT", Some(Span::new(700, 706)))
            .unwrap();
        s.apply(cmd).unwrap();
        v.ensure_marks(&s);

        // The same span as another type, and a trigger on a mention's span: equal spans stack
        // in id order however they arrived.
        let cmd = s.cmd_annotate(Span::new(500, 520), "Organization").unwrap();
        s.apply(cmd).unwrap();
        let (_, cmd) = s
            .cmd_add_event("ASSAULT", Some(Span::new(500, 520)))
            .unwrap();
        s.apply(cmd).unwrap();
        v.ensure_marks(&s);
        let fresh = |s: &Session| {
            let mut f = ArticleView::default();
            f.ensure_paragraphs(s);
            f.ensure_marks(s);
            marks_of(&f)
        };
        assert_eq!(marks_of(&v), fresh(&s));
        // Undo goes through the same path.
        let mut h = crate::model::History::default();
        let cmd = s.cmd_annotate(Span::new(40, 44), "Person").unwrap();
        h.apply(&mut s, cmd).unwrap();
        v.ensure_marks(&s);
        assert_eq!(marks_of(&v), fresh(&s));
        h.undo(&mut s).unwrap();
        v.ensure_marks(&s);
        assert_eq!(marks_of(&v), fresh(&s));
    }
}
