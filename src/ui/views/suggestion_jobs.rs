//! Computing suggestions for the window: at once for an ordinary article, on another thread
//! for a big one (once edits pause), with the last list trimmed of what an edit has taken in
//! the meantime, so that an edit's frame stays fast.

use crate::analysis::gazetteer::Lists;
use crate::analysis::lexicon::{self, EventSuggestion};
use crate::analysis::suggest::{self, Suggestion, Taken};
use crate::analysis::tagger::{self, Found};
use crate::model::changes::{Since, Stamp};
use crate::model::{Session, Span};
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// Articles up to this many bytes get their suggestions at once (well under a frame).
pub const AT_ONCE_BYTES: usize = 64 * 1024;
/// A big article's suggestions are computed once edits have paused this long.
pub const PAUSE: Duration = Duration::from_millis(300);

/// Every source's suggestions, the draft events, and what the text draws.
#[derive(Default)]
pub struct Computed {
    pub list: Vec<Suggestion>,
    pub events: Vec<EventSuggestion>,
    pub marks: Vec<Mark>,
}

/// A suggestion or a draft trigger as the text draws it: where (chars) and in which colour. 12
/// bytes, not the 24 of a span and a colour: a big article has half a million, and the window
/// holds them while a job makes the next ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    start: u32,
    end: u32,
    pub color: [u8; 3],
}

impl Mark {
    /// None past 4 G chars (a session file is far smaller).
    pub fn new(span: Span, color: [u8; 3]) -> Option<Self> {
        Some(Self {
            start: u32::try_from(span.start).ok()?,
            end: u32::try_from(span.end).ok()?,
            color,
        })
    }

    pub fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// All sources for `s`; the tagger's finds (from its last training) when given.
pub fn compute(
    s: &Session,
    lists: &Lists,
    tagged: Option<&[Found]>,
    recommended: &[super::recommender_jobs::Recommended],
    skipped: &HashSet<Span>,
) -> Computed {
    let mut list = suggest::all(s, lists);
    if tagged.is_some() || !recommended.is_empty() {
        let mut more = vec![list];
        if let Some(found) = tagged {
            more.push(suggest::fitted(tagger::suggestions_from(s, found)));
        }
        for (name, found) in recommended {
            let found = crate::analysis::recommend::suggestions(s, name, found);
            more.push(suggest::fitted(found.suggestions));
        }
        list = suggest::merge_lists(more);
    }
    list.retain(|x| !skipped.contains(&x.span));
    let mut events = suggest::fitted(lexicon::suggestions(s));
    events.retain(|e| !skipped.contains(&e.trigger));
    let marks = marks(s, &list, &events);
    Computed {
        list,
        events,
        marks,
    }
}

/// Span and colour of each suggestion and draft trigger, sorted, without overlaps (the earlier,
/// then the longer wins), as the text draws them.
pub fn marks(s: &Session, list: &[Suggestion], events: &[EventSuggestion]) -> Vec<Mark> {
    let mentions = list
        .iter()
        .map(|x| (x.span, s.schema.entity_color(&x.entity_type)));
    let triggers = events
        .iter()
        .map(|e| (e.trigger, s.schema.event_color(&e.event_type)));
    let mut marks: Vec<Mark> = mentions
        .chain(triggers)
        .filter_map(|(sp, c)| Mark::new(sp, c))
        .collect();
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    marks.dedup_by(|b, a| b.start < a.end);
    suggest::fitted(marks)
}

/// After an edit to a big article, until the new list is ready: the old one without what now
/// overlaps the mentions and triggers the edits since `stamp` touched (from the change log;
/// everything when the log cannot say). Work in proportion to the edit, not the article.
pub fn trim_since(s: &Session, stamp: Option<Stamp>, c: &mut Computed) {
    let touched = match stamp.map(|st| s.changes.since(st)) {
        Some(Since::Nothing) => return,
        Some(Since::Touched(t)) => t,
        _ => return trim(s, c),
    };
    let spans: Vec<Span> = touched
        .mentions
        .iter()
        .filter_map(|m| s.mentions.get(m).map(|m| m.span))
        .chain(
            touched
                .events
                .iter()
                .filter_map(|e| s.events.get(e).and_then(|e| e.trigger)),
        )
        .collect();
    // Each list is sorted and without overlaps: the items a span overlaps are found by search.
    let hit = |starts_ends: &dyn Fn(usize) -> Span, n: usize| -> HashSet<usize> {
        let mut out = HashSet::new();
        for sp in &spans {
            let (mut lo, mut hi) = (0, n);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if starts_ends(mid).end <= sp.start {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            let mut i = lo;
            while i < n && starts_ends(i).start < sp.end {
                out.insert(i);
                i += 1;
            }
        }
        out
    };
    let gone = hit(&|i| c.list[i].span, c.list.len());
    let mut i = 0;
    c.list.retain(|_| {
        i += 1;
        !gone.contains(&(i - 1))
    });
    let gone = hit(&|i| c.marks[i].span(), c.marks.len());
    let mut i = 0;
    c.marks.retain(|_| {
        i += 1;
        !gone.contains(&(i - 1))
    });
    c.events.retain(|e| {
        !spans
            .iter()
            .any(|sp| sp.start < e.trigger.end && e.trigger.start < sp.end)
    });
}

/// The old list without what now overlaps a mention or an event's trigger (the whole session
/// looked at).
pub fn trim(s: &Session, c: &mut Computed) {
    if c.list.is_empty() && c.events.is_empty() {
        // Nothing to trim (a big article's first frame, before its list is ready).
        c.marks.clear();
        return;
    }
    let taken = Taken::new(s);
    let triggers: HashSet<Span> = s.events.values().filter_map(|e| e.trigger).collect();
    c.list.retain(|x| taken.around(x.span).next().is_none());
    c.events
        .retain(|e| !triggers.contains(&e.trigger) && taken.around(e.trigger).next().is_none());
    c.marks = marks(s, &c.list, &c.events);
}

/// A computation on another thread, for the state it was started at.
pub struct Job<K> {
    pub key: K,
    pub task: crate::ui::jobs::Task<Computed>,
}

impl<K> Job<K> {
    /// None when no thread could be started (the list then stays as it was, trimmed).
    pub fn start(
        jobs: &crate::ui::jobs::Jobs,
        key: K,
        s: &Session,
        lists: &Lists,
        tagged: Option<std::sync::Arc<[Found]>>,
        recommended: Vec<super::recommender_jobs::Recommended>,
        skipped: HashSet<Span>,
    ) -> Option<Self> {
        // A copy: the analyst goes on editing the open one.
        let snapshot = s.clone();
        let lists = lists.clone();
        let task = jobs.start(
            "dossier-suggest",
            "Finding suggestions",
            crate::ui::jobs::Stop::Cannot,
            move |_| compute(&snapshot, &lists, tagged.as_deref(), &recommended, &skipped),
        )?;
        Some(Self { key, task })
    }
}

/// When a big article's list is due: after `since`, once edits have paused.
pub fn due(since: Option<Instant>) -> bool {
    since.is_some_and(|t| t.elapsed() >= PAUSE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_is_12_bytes_and_keeps_its_span() {
        assert_eq!(std::mem::size_of::<Mark>(), 12);
        let m = Mark::new(Span::new(7, 4_000_000_000), [1, 2, 3]);
        assert_eq!(m.map(Mark::span), Some(Span::new(7, 4_000_000_000)));
        assert_eq!(Mark::new(Span::new(0, 1 << 33), [0; 3]), None);
    }
}
