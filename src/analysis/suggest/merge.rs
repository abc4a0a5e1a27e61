//! Suggestions of several sources as one list by position, without overlaps.

use super::Suggestion;

/// The order suggestions are merged in: by position, the earlier, then the longer, then by
/// source (propagation's, an entity the analyst made, over the rules' over a list's over the
/// tagger's); two of one source at the same span by confidence, then type and name, so the
/// order never depends on the input's.
fn merge_order(a: &Suggestion, b: &Suggestion) -> std::cmp::Ordering {
    (a.span.start, std::cmp::Reverse(a.span.end), a.source as u8)
        .cmp(&(b.span.start, std::cmp::Reverse(b.span.end), b.source as u8))
        .then(b.confidence.total_cmp(&a.confidence))
        .then_with(|| a.entity_type.cmp(&b.entity_type))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.entity.cmp(&b.entity))
        .then_with(|| a.recommender().cmp(&b.recommender()))
}

/// One list's suggestions by position, without overlaps: see [`merge_lists`].
pub fn merge(v: Vec<Suggestion>) -> Vec<Suggestion> {
    merge_lists(vec![v])
}

/// Several sources' suggestions as one list by position; where two overlap, the first in
/// [`merge_order`] wins. Each list is sorted in place and the lists are walked side by side (a
/// big article's sources hold 560,000 suggestions between them: joined into one vector, the
/// copy held the lists twice), twice: once to count what is kept, so that the result is
/// allocated once at its size, then to move it there, taking each list's items from its end
/// ([`Draining`]) so that the lists give their memory back as the result fills.
pub fn merge_lists(mut lists: Vec<Vec<Suggestion>>) -> Vec<Suggestion> {
    // Backwards: the first to merge is last, where it is taken from.
    for l in &mut lists {
        l.sort_unstable_by(|a, b| merge_order(b, a));
    }
    let mut kept = 0;
    walk_merged(lists.iter().map(|l| l.iter().rev()).collect(), |_| {
        kept += 1;
    });
    let mut out = Vec::with_capacity(kept);
    walk_merged(lists.into_iter().map(Draining).collect(), |sg| out.push(sg));
    out
}

/// A list's items taken from its end, its memory given back as it empties: a big block is the
/// system's own pages (`allocator`), so shrinking it returns the pages past its end without a
/// copy. An allocator that copies instead copies at most eight times the list in all, as room
/// is given back only when an eighth of it is free.
struct Draining(Vec<Suggestion>);

impl Draining {
    /// Room is given back once at least this many items' worth is free (about a megabyte).
    const GIVE_BACK: usize = 8192;
}

impl Iterator for Draining {
    type Item = Suggestion;

    fn next(&mut self) -> Option<Suggestion> {
        let x = self.0.pop();
        let free = self.0.capacity() - self.0.len();
        if free >= Self::GIVE_BACK.max(self.0.capacity() / 8) {
            self.0.shrink_to_fit();
        }
        x
    }
}

/// Walk sorted lists in [`merge_order`] (a tie goes to the earlier list), giving `keep` each
/// suggestion that starts after the last one kept ends.
fn walk_merged<I, T>(mut lists: Vec<I>, mut keep: impl FnMut(T))
where
    I: Iterator<Item = T>,
    T: std::borrow::Borrow<Suggestion>,
{
    let mut heads: Vec<Option<T>> = lists.iter_mut().map(Iterator::next).collect();
    let mut end = 0;
    loop {
        let mut first: Option<usize> = None;
        for (i, head) in heads.iter().enumerate() {
            let Some(x) = head else { continue };
            let best = first.and_then(|f| heads[f].as_ref());
            if best.is_none_or(|b| merge_order(x.borrow(), b.borrow()).is_lt()) {
                first = Some(i);
            }
        }
        let Some(f) = first else { return };
        let next = lists[f].next();
        let Some(sg) = std::mem::replace(&mut heads[f], next) else {
            return;
        };
        let span = sg.borrow().span;
        if span.start >= end {
            end = span.end;
            keep(sg);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::suggest::Source;
    use crate::model::Span;

    /// One made-up suggestion: where, from which source, how sure.
    fn made_up(start: usize, len: usize, source: u8, confidence: u8) -> Suggestion {
        let source = [
            Source::Propagation,
            Source::Rules,
            Source::Gazetteer,
            Source::Tagger,
        ][usize::from(source % 4)];
        Suggestion {
            span: Span::new(start, start + len),
            entity_type: if confidence.is_multiple_of(2) {
                "GPE"
            } else {
                "Person"
            }
            .into(),
            entity: None,
            name: "x".into(),
            source,
            confidence: f32::from(confidence) / 10.0,
            more: None,
        }
    }

    proptest::proptest! {
        /// Lists walked side by side keep what one sorted list of them all keeps (the lists are
        /// merged apart so that a big article's are never copied into one).
        #[test]
        fn merging_lists_apart_is_merging_them_joined(
            items in proptest::collection::vec((0usize..60, 1usize..8, 0u8..4, 0u8..10, 0usize..3), 0..80)
        ) {
            let mut lists = vec![Vec::new(), Vec::new(), Vec::new()];
            for &(start, len, source, confidence, list) in &items {
                lists[list].push(made_up(start, len, source, confidence));
            }
            let joined = merge(lists.concat());
            let apart = merge_lists(lists);
            let key = |v: &[Suggestion]| -> Vec<(Span, Source, String)> {
                v.iter().map(|x| (x.span, x.source, x.entity_type.to_string())).collect()
            };
            proptest::prop_assert_eq!(key(&apart), key(&joined));
            // Sorted by position, and no two overlap.
            proptest::prop_assert!(apart.windows(2).all(|w| w[0].span.end <= w[1].span.start));
        }
    }
}
