//! How far work on another thread has gone, and the flag that asks it to stop: shared between
//! the thread doing the work and whoever lists it (the window's list of jobs, a command line).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Progress a piece of work reports from its thread: `done` of `total` steps; `stop` asks it to
/// end early (the work checks [`stopped`](Self::stopped) between steps).
#[derive(Debug, Default)]
pub struct Ticker {
    done: AtomicUsize,
    total: AtomicUsize,
    stop: AtomicBool,
}

impl Ticker {
    /// Note `done` of `total`; false once asked to stop (so a loop can `if !t.tick(..) { break }`).
    pub fn tick(&self, done: usize, total: usize) -> bool {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        !self.stopped()
    }

    /// How many steps there are, once known.
    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// One more step done (from any of the work's threads).
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    pub fn total(&self) -> usize {
        self.total.load(Ordering::Relaxed)
    }

    /// Ask the work to end at its next check.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// The share done, once the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total();
        (total > 0).then(|| (self.done() as f32 / total as f32).min(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_share_done_and_the_request_to_stop() {
        let t = Ticker::default();
        assert_eq!(t.fraction(), None, "no share before the total is known");
        assert!(t.tick(1, 4));
        assert_eq!(t.fraction(), Some(0.25));
        t.step();
        assert_eq!(t.done(), 2);
        t.stop();
        assert!(t.stopped());
        assert!(!t.tick(3, 4), "a tick after stop says to end");
    }
}
