//! The agreement of the merge so far with B, found again after each curation step: at once for
//! a small article, on another thread for a big one (comparing two 1 MB sessions takes 0.5 s).

use crate::analysis::compare::{Agreement, compare};
use crate::model::Session;
use crate::model::changes::Stamp;
use crate::ui::jobs::{Jobs, Poll, Stop, Task};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The open session's state: its change stamp and its history's.
type State = (Stamp, u64);

/// Figures found on a thread and how long finding them took.
type Found = Result<(Agreement, Duration), String>;

/// Figures for the open session as it is now.
#[derive(Default)]
pub struct Now {
    /// The latest figures, once the session changed after the comparison opened.
    pub figures: Option<Agreement>,
    /// The state they are for.
    for_state: Option<State>,
    /// Figures on their way from a thread, for a state.
    pending: Option<(State, Task<Found>)>,
    /// How long comparing took last time: above a frame's worth, it goes to a thread.
    cost: Duration,
    /// B for the threads, copied once (B does not change; a session's cache is not shared
    /// between threads, so it goes behind a lock).
    b: Option<Arc<Mutex<Session>>>,
}

impl Now {
    /// Known to take `cost` (the comparison that opened curation).
    pub fn new(cost: Duration) -> Self {
        Self {
            cost,
            ..Self::default()
        }
    }

    /// Compare `a` (in `state`) with `b` again, unless that is done or on its way.
    pub fn refresh(&mut self, jobs: &Jobs, a: &Session, b: &Session, state: State) {
        if self.for_state == Some(state) || self.pending.as_ref().is_some_and(|p| p.0 == state) {
            return;
        }
        if self.cost < Duration::from_millis(16) {
            let t = Instant::now();
            self.figures = compare(a, b).ok();
            (self.cost, self.for_state, self.pending) = (t.elapsed(), Some(state), None);
            return;
        }
        // A newer state replaces figures on their way; the older thread's are dropped.
        let b = self
            .b
            .get_or_insert_with(|| Arc::new(Mutex::new(b.clone())))
            .clone();
        let a = a.clone();
        let job = move |_: &_| {
            let b = b.lock().map_err(|_| "B could not be read".to_owned())?;
            let t = Instant::now();
            compare(&a, &b).map(|g| (g, t.elapsed()))
        };
        let what = "Counting the agreement with B";
        if let Some(task) = jobs.start("dossier-agreement", what, Stop::Cannot, job) {
            self.pending = Some((state, task));
        }
    }

    /// Take in figures a thread finished.
    pub fn poll(&mut self) {
        let Some((state, task)) = &self.pending else {
            return;
        };
        match task.poll() {
            Poll::Ready(Ok((g, cost))) => {
                (self.figures, self.for_state, self.cost) = (Some(g), Some(*state), cost);
                self.pending = None;
            }
            Poll::Running => {}
            Poll::Ready(Err(_)) | Poll::Lost => self.pending = None,
        }
    }

    /// Whether figures are on their way.
    pub fn waiting(&self) -> bool {
        self.pending.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Span, schema::presets};

    #[test]
    fn a_slow_comparison_goes_to_a_thread_and_a_newer_state_replaces_it() {
        let mut a = Session::new(Article::new("t", "Ana met Bo."), presets::default_schema());
        let b = a.clone();
        let cmd = a.cmd_annotate(Span::new(0, 3), "Person").unwrap();
        a.apply(cmd).unwrap();
        let state = |n| (a.changes.stamp(), n);
        // Taken as slow: on a thread; asked again for the same state, nothing new starts.
        let jobs = Jobs::default();
        let mut now = Now::new(Duration::from_secs(1));
        now.refresh(&jobs, &a, &b, state(1));
        now.refresh(&jobs, &a, &b, state(1));
        assert!(now.waiting() && now.figures.is_none());
        // A newer state before it is done: only its figures are taken in.
        now.refresh(&jobs, &a, &b, state(2));
        for _ in 0..500 {
            now.poll();
            if !now.waiting() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(now.for_state, Some(state(2)));
        let g = now.figures.as_ref().unwrap();
        assert_eq!(g.exact.f1, 0.0, "A has a mention B lacks");
        // Fast now (the thread measured it): the next one is found at once.
        now.refresh(&jobs, &a, &a, state(3));
        assert!(!now.waiting());
        assert_eq!(now.figures.as_ref().unwrap().exact.f1, 1.0);
    }
}
