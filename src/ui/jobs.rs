//! The one owner of work on other threads. Every thread the window needs is started here
//! ([`Jobs::start`]), listed here (what it does, how far it is, whether it can stop) and
//! cancelled here; its result goes back to whoever asked, through the [`Task`] it was given.
//! Dropping a task asks its work to stop and takes it off the list.

use crate::io::progress::Ticker;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};

/// Names one piece of work for as long as it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobId(u64);

/// Whether the analyst may stop a piece of work halfway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// It ends cleanly when asked (a read, a comparison, an index build).
    Can,
    /// Stopping it halfway would leave nothing usable (a file being written), or it is short.
    Cannot,
}

/// One piece of work as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub id: JobId,
    pub what: String,
    /// The share done, when the work reports it.
    pub fraction: Option<f32>,
    pub stop: Stop,
}

struct Entry {
    id: JobId,
    what: String,
    stop: Stop,
    ticker: Arc<Ticker>,
}

#[derive(Default)]
struct Registry {
    next: u64,
    running: Vec<Arc<Entry>>,
}

/// The list of work under way. Cheap to clone: clones share one list, so a view can start work
/// with the clone it was handed.
#[derive(Clone, Default)]
pub struct Jobs {
    registry: Arc<Mutex<Registry>>,
}

/// What a task has to say when asked.
#[derive(Debug)]
pub enum Poll<T> {
    Ready(T),
    Running,
    /// The thread ended without a result (it panicked).
    Lost,
}

/// The asker's handle on one piece of work: its result, its progress, whether it was cancelled.
pub struct Task<T> {
    entry: Arc<Entry>,
    jobs: Jobs,
    rx: Receiver<T>,
}

impl Jobs {
    fn registry(&self) -> std::sync::MutexGuard<'_, Registry> {
        // The list holds no invariant a panicking thread could break halfway.
        self.registry.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Run `work` on a new thread named `thread`, listed as `what`; `work` reports progress
    /// and checks for a stop through the ticker it is given. None when no thread could be
    /// started (the caller then does the work itself or says why not).
    pub fn start<T: Send + 'static>(
        &self,
        thread: &str,
        what: impl Into<String>,
        stop: Stop,
        work: impl FnOnce(&Ticker) -> T + Send + 'static,
    ) -> Option<Task<T>> {
        let ticker = Arc::new(Ticker::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let t = ticker.clone();
        std::thread::Builder::new()
            .name(thread.into())
            .spawn(move || {
                let _ = tx.send(work(&t));
            })
            .ok()?;
        let mut reg = self.registry();
        reg.next += 1;
        let entry = Arc::new(Entry {
            id: JobId(reg.next),
            what: what.into(),
            stop,
            ticker,
        });
        reg.running.push(entry.clone());
        drop(reg);
        Some(Task {
            entry,
            jobs: self.clone(),
            rx,
        })
    }

    /// A thread that serves for as long as its owner lives (the map's layout worker): started
    /// here like every other, listed by its owner while it is busy (its progress is the
    /// layout's). None when none could start.
    pub fn start_worker(
        &self,
        thread: &str,
        work: Box<dyn FnOnce() + Send>,
    ) -> Option<std::thread::JoinHandle<()>> {
        std::thread::Builder::new()
            .name(thread.into())
            .spawn(work)
            .ok()
    }

    /// Everything under way, oldest first.
    pub fn list(&self) -> Vec<Listed> {
        self.registry()
            .running
            .iter()
            .map(|e| Listed {
                id: e.id,
                what: e.what.clone(),
                fraction: e.ticker.fraction(),
                stop: e.stop,
            })
            .collect()
    }

    /// Ask a piece of work to stop; its asker sees [`Task::cancelled`] on its next look. What
    /// it was, when it runs and may be stopped.
    pub fn cancel(&self, id: JobId) -> Option<String> {
        let reg = self.registry();
        let e = reg
            .running
            .iter()
            .find(|e| e.id == id && e.stop == Stop::Can)?;
        e.ticker.stop();
        Some(e.what.clone())
    }

    pub fn is_empty(&self) -> bool {
        self.registry().running.is_empty()
    }

    fn remove(&self, id: JobId) {
        self.registry().running.retain(|e| e.id != id);
    }
}

impl<T> Task<T> {
    pub fn id(&self) -> JobId {
        self.entry.id
    }

    pub fn what(&self) -> &str {
        &self.entry.what
    }

    /// Its progress, as the work reports it.
    pub fn ticker(&self) -> &Ticker {
        &self.entry.ticker
    }

    /// Whether someone asked it to stop (the asker then drops it and says so).
    pub fn cancelled(&self) -> bool {
        self.entry.ticker.stopped()
    }

    /// Its result if it is done, without waiting.
    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(r) => Poll::Ready(r),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    /// Wait for its result; None when the thread ended without one.
    pub fn wait(&self) -> Option<T> {
        self.rx.recv().ok()
    }
}

impl<T> Drop for Task<T> {
    fn drop(&mut self) {
        // Nobody wants the result any more: let the work end early, and leave the list.
        self.entry.ticker.stop();
        self.jobs.remove(self.entry.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for<T>(task: &Task<T>) -> T {
        loop {
            match task.poll() {
                Poll::Ready(r) => return r,
                Poll::Running => std::thread::yield_now(),
                Poll::Lost => panic!("the job's thread was lost"),
            }
        }
    }

    #[test]
    fn lists_work_while_its_task_lives_and_returns_its_result() {
        let jobs = Jobs::default();
        let task = jobs
            .start("t", "Adding", Stop::Cannot, |_| 2 + 2)
            .expect("a thread");
        assert_eq!(jobs.list().len(), 1);
        assert_eq!(jobs.list()[0].what, "Adding");
        assert_eq!(wait_for(&task), 4);
        drop(task);
        assert!(jobs.is_empty(), "a task dropped leaves the list");
    }

    #[test]
    fn cancel_reaches_the_work_and_its_asker_only_when_it_may_stop() {
        let jobs = Jobs::default();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let stoppable = jobs
            .start("t", "Counting", Stop::Can, move |t| {
                let _ = wait.recv();
                t.stopped()
            })
            .expect("a thread");
        let (go2, wait2) = std::sync::mpsc::channel::<()>();
        let writing = jobs
            .start("t", "Writing", Stop::Cannot, move |_| {
                let _ = wait2.recv();
            })
            .expect("a thread");
        assert_eq!(jobs.cancel(writing.id()), None, "a write is never stopped");
        assert!(!writing.cancelled());
        assert_eq!(jobs.cancel(stoppable.id()).as_deref(), Some("Counting"));
        assert!(stoppable.cancelled());
        go.send(()).expect("the job waits");
        go2.send(()).expect("the job waits");
        assert!(wait_for(&stoppable), "the work saw the request to stop");
        wait_for(&writing);
    }

    #[test]
    fn a_thread_that_panics_is_reported_lost() {
        let jobs = Jobs::default();
        let task: Task<()> = jobs
            .start("t", "Failing", Stop::Cannot, |_| panic!("on purpose"))
            .expect("a thread");
        let lost = loop {
            match task.poll() {
                Poll::Lost => break true,
                Poll::Ready(()) => break false,
                Poll::Running => std::thread::yield_now(),
            }
        };
        assert!(lost);
    }

    #[test]
    fn progress_reported_by_the_work_shows_in_the_list() {
        let jobs = Jobs::default();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let (ticked, seen) = std::sync::mpsc::channel::<()>();
        let task = jobs
            .start("t", "Reading", Stop::Can, move |t| {
                t.tick(1, 2);
                let _ = ticked.send(());
                let _ = wait.recv();
            })
            .expect("a thread");
        seen.recv().expect("the work ticks");
        assert_eq!(jobs.list()[0].fraction, Some(0.5));
        go.send(()).expect("the job waits");
        wait_for(&task);
    }
}
