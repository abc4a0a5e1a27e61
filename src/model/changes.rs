//! What each edit touched, so that derived views (event rows, the map's graph) catch up on an
//! edit by redoing only the parts it touched instead of rebuilding from the whole session.
//!
//! Every [`Session::apply`](super::session::Session::apply) records the ids it touched under a new
//! revision. A view remembers the revision it was built for and asks [`ChangeLog::since`] what
//! changed after it; when the answer is unknown (another session, or the log has forgotten that
//! far back) the view rebuilds from scratch. Touched sets may over-approximate, never miss.

use super::types::{EntityId, EventId, MentionId, RelationId};
use std::collections::{BTreeSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};

/// Ids an edit touched. A mention's entity is touched when the mention is added, removed or
/// moved to another entity (its mention count changed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    pub mentions: BTreeSet<MentionId>,
    pub entities: BTreeSet<EntityId>,
    pub events: BTreeSet<EventId>,
    pub relations: BTreeSet<RelationId>,
}

impl Touched {
    pub fn len(&self) -> usize {
        self.mentions.len() + self.entities.len() + self.events.len() + self.relations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn extend(&mut self, other: &Touched) {
        self.mentions.extend(other.mentions.iter().copied());
        self.entities.extend(other.entities.iter().copied());
        self.events.extend(other.events.iter().copied());
        self.relations.extend(other.relations.iter().copied());
    }
}

/// A session object's identity for derived views: a clone is a different object, so its
/// revisions say nothing about the original's.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Instance(u64);

static NEXT_INSTANCE: AtomicU64 = AtomicU64::new(1);

impl Default for Instance {
    fn default() -> Self {
        Self(NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed))
    }
}

impl Clone for Instance {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// Where a derived view stands: which session object, at which revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub instance: u64,
    pub revision: u64,
}

/// What changed since a stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// Nothing: the view is current.
    Nothing,
    /// These ids were touched.
    Touched(Touched),
    /// Not known: rebuild.
    Unknown,
}

/// Ids kept in the log in all; older entries are forgotten (views that far behind rebuild).
const MAX_LOGGED_IDS: usize = 1 << 18;

#[derive(Debug, Clone, Default)]
pub struct ChangeLog {
    instance: Instance,
    revision: u64,
    /// (revision, what it touched), oldest first.
    log: VecDeque<(u64, Touched)>,
    logged: usize,
    /// What the edit being applied has touched so far.
    pending: Touched,
    /// The oldest revision whose changes were forgotten (0: none).
    forgotten: u64,
}

impl PartialEq for ChangeLog {
    fn eq(&self, _: &Self) -> bool {
        // Bookkeeping for derived views, not part of what a session says.
        true
    }
}

impl ChangeLog {
    pub fn stamp(&self) -> Stamp {
        Stamp {
            instance: self.instance.0,
            revision: self.revision,
        }
    }

    pub(crate) fn pending(&mut self) -> &mut Touched {
        &mut self.pending
    }

    /// Close the edit being applied: what it touched becomes a new revision.
    pub(crate) fn commit(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let t = std::mem::take(&mut self.pending);
        self.revision += 1;
        self.logged += t.len();
        self.log.push_back((self.revision, t));
        while self.logged > MAX_LOGGED_IDS {
            let Some((rev, t)) = self.log.pop_front() else {
                break;
            };
            self.logged -= t.len();
            self.forgotten = rev;
        }
    }

    /// What changed after `stamp`.
    pub fn since(&self, stamp: Stamp) -> Since {
        if stamp.instance != self.instance.0 || stamp.revision > self.revision {
            return Since::Unknown;
        }
        if stamp.revision == self.revision {
            return Since::Nothing;
        }
        if stamp.revision < self.forgotten {
            return Since::Unknown;
        }
        let mut all = Touched::default();
        for (_, t) in self.log.iter().filter(|(r, _)| *r > stamp.revision) {
            all.extend(t);
        }
        Since::Touched(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(log: &mut ChangeLog, e: u64) {
        log.pending().entities.insert(EntityId(e));
        log.commit();
    }

    #[test]
    fn since_merges_what_came_after() {
        let mut log = ChangeLog::default();
        let s0 = log.stamp();
        touch(&mut log, 1);
        let s1 = log.stamp();
        touch(&mut log, 2);
        assert_eq!(log.since(log.stamp()), Since::Nothing);
        let Since::Touched(t) = log.since(s1) else {
            panic!("known")
        };
        assert_eq!(t.entities, [EntityId(2)].into());
        let Since::Touched(t) = log.since(s0) else {
            panic!("known")
        };
        assert_eq!(t.entities, [EntityId(1), EntityId(2)].into());
    }

    #[test]
    fn clones_and_forgotten_history_are_unknown() {
        let mut log = ChangeLog::default();
        let s0 = log.stamp();
        let copy = log.clone();
        assert_eq!(copy.since(s0), Since::Unknown);
        for i in 0..(MAX_LOGGED_IDS as u64 + 10) {
            touch(&mut log, i);
        }
        assert_eq!(log.since(s0), Since::Unknown);
        let recent = log.stamp();
        touch(&mut log, 1);
        assert!(matches!(log.since(recent), Since::Touched(_)));
    }

    #[test]
    fn an_empty_edit_is_no_revision() {
        let mut log = ChangeLog::default();
        let s = log.stamp();
        log.commit();
        assert_eq!(log.stamp(), s);
    }
}
