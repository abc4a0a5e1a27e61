//! The window's own background work: files read and sessions or exports written on another
//! thread (started through the one list of jobs, [`crate::ui::jobs`]) while the window keeps
//! drawing, with a cancellable prompt for reads; their results come back here.

use super::document::file_name;
use super::{DossierApp, Notice};
use crate::analysis::export::Format;
use crate::io;
use crate::model::Session;
use crate::model::schema::presets;
use crate::ui::action::Action;
use crate::ui::jobs::{Poll, Stop, Task};
use std::path::{Path, PathBuf};

/// A save or autosave being written on another thread.
pub struct Writing {
    pub(super) job: WriteJob,
    /// The session object written (a copy of it), to know whether it is still the open one.
    instance: u64,
    task: Task<Result<io::export::Written, String>>,
}

pub(super) enum WriteJob {
    /// Saving to `path` the state `state` of the history.
    Save { path: PathBuf, state: u64 },
    /// The recovery copy of that state and view.
    Autosave { state: u64, view: bool },
    /// An export in this format.
    Export(Format),
}

/// Holds background writes back while closed, so that tests can see the window with a write in
/// flight (the title's star, quitting) instead of racing the writing thread.
#[derive(Clone, Default)]
pub struct WriteGate(std::sync::Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>);

impl WriteGate {
    pub fn close(&self) {
        self.set(true);
    }

    pub fn open(&self) {
        self.set(false);
    }

    fn set(&self, closed: bool) {
        let (lock, cv) = &*self.0;
        *lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = closed;
        cv.notify_all();
    }

    /// Wait while the gate is closed.
    fn pass(&self) {
        let (lock, cv) = &*self.0;
        let mut closed = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *closed {
            closed = cv
                .wait(closed)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }
}

/// What a background read is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadKind {
    Open,
    ImportBrat,
}

impl LoadKind {
    /// "Opening", "Importing": for the prompt and the status bar.
    pub fn verb(self) -> &'static str {
        match self {
            LoadKind::Open => "Opening",
            LoadKind::ImportBrat => "Importing",
        }
    }
}

/// A file being read in the background.
pub struct Loading {
    pub kind: LoadKind,
    pub path: PathBuf,
    pub started: std::time::Instant,
    pub bytes: u64,
    pub(super) task: Task<Result<Loaded, String>>,
}

/// The result of reading a file to open: the session, where it is saved, what was repaired.
pub type Loaded = (Session, Option<PathBuf>, Vec<String>);

/// Read an article or a session from disk (on any thread).
pub(super) fn read_file(path: &Path) -> Result<Loaded, String> {
    let is_session = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    if is_session {
        io::load_session(path)
            .map(|(s, report)| (s, Some(path.to_path_buf()), report.repairs))
            .map_err(|e| e.to_string())
    } else {
        io::import_article(path)
            .map(|a| (Session::new(a, presets::default_schema()), None, vec![]))
            .map_err(|e| e.to_string())
    }
}

/// A wrong answer from a finished job: the thread ended without sending.
fn thread_lost() -> String {
    "the background thread stopped unexpectedly".into()
}

impl DossierApp {
    /// Run `job` on another thread behind a cancellable progress prompt. False when no thread
    /// could be started (the caller then does the work itself).
    pub(super) fn read_in_background(
        &mut self,
        kind: LoadKind,
        path: &Path,
        job: impl FnOnce() -> Result<Loaded, String> + Send + 'static,
    ) -> bool {
        let what = format!("{} {}", kind.verb(), file_name(path));
        let Some(task) = self
            .jobs
            .runner
            .start("dossier-read", what, Stop::Can, |_| job())
        else {
            return false;
        };
        self.jobs.loading = Some(Loading {
            kind,
            path: path.to_path_buf(),
            started: std::time::Instant::now(),
            bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            task,
        });
        self.status = format!("{} {}…", kind.verb(), path.display());
        true
    }

    /// Check on a file loading in the background.
    pub(super) fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(l) = &self.jobs.loading else { return };
        if l.task.cancelled() {
            self.cancel_loading();
            return;
        }
        let result = match l.task.poll() {
            Poll::Ready(result) => result,
            Poll::Running => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
                return;
            }
            Poll::Lost => Err(thread_lost()),
        };
        let (path, kind) = (l.path.clone(), l.kind);
        self.jobs.loading = None;
        match kind {
            LoadKind::Open => self.finish_open(&path, result),
            LoadKind::ImportBrat => self.finish_import(&path, result),
        };
    }

    /// Stop waiting for a background load; whatever it produces is dropped.
    pub fn cancel_loading(&mut self) {
        if let Some(l) = self.jobs.loading.take() {
            self.status = format!(
                "Cancelled {} {}; nothing was changed.",
                l.kind.verb().to_lowercase(),
                l.path.display()
            );
        }
    }

    /// Start a write on another thread. False when no thread could be started.
    pub(super) fn write_in_background(
        &mut self,
        job: WriteJob,
        instance: u64,
        write: impl FnOnce() -> Result<io::export::Written, String> + Send + 'static,
    ) -> bool {
        let gate = self.jobs.write_gate.clone();
        let write = move || {
            if let Some(g) = gate {
                g.pass();
            }
            write()
        };
        let what = match &job {
            WriteJob::Save { path, .. } => format!("Saving {}", file_name(path)),
            WriteJob::Autosave { .. } => "Writing the recovery copy".to_owned(),
            WriteJob::Export(f) => format!("Exporting {}", f.name()),
        };
        // A write in flight finishes: stopping it halfway would leave nothing usable.
        let Some(task) = self
            .jobs
            .runner
            .start("dossier-write", what, Stop::Cannot, |_| write())
        else {
            return false;
        };
        self.jobs.writing = Some(Writing {
            job,
            instance,
            task,
        });
        true
    }

    /// Take the result of a background write, waiting for it when `wait`.
    pub fn finish_writing(&mut self, wait: bool) {
        let Some(w) = &self.jobs.writing else { return };
        let result = if wait {
            w.task.wait().unwrap_or_else(|| Err(thread_lost()))
        } else {
            match w.task.poll() {
                Poll::Ready(r) => r,
                Poll::Running => return,
                Poll::Lost => Err(thread_lost()),
            }
        };
        let Some(w) = self.jobs.writing.take() else {
            return;
        };
        let same_doc = self
            .ws
            .doc
            .as_ref()
            .is_some_and(|d| d.session.changes.stamp().instance == w.instance);
        match (w.job, result) {
            (WriteJob::Save { path, state }, Ok(_)) => {
                if same_doc && let Some(doc) = self.ws.doc.as_mut() {
                    doc.history.mark_saved_at(state);
                    if doc.history.state() == state {
                        doc.view_dirty = false;
                    }
                    doc.recovered = false;
                    doc.path = Some(path.clone());
                    if !doc.is_dirty() {
                        self.clear_recovery();
                    }
                }
                self.status = format!("Saved {}", path.display());
                self.remember_recent(&path);
            }
            (WriteJob::Save { path, .. }, Err(e)) => {
                self.prompts.notice = Some(Notice {
                    title: format!("Could not save {}", file_name(&path)),
                    body: format!(
                        "{e}\n\nThe previous file on disk is unchanged; your work is still open."
                    ),
                });
            }
            (WriteJob::Autosave { state, view }, result) => {
                self.autosaved(same_doc, state, view, result.map(|_| ()));
            }
            (WriteJob::Export(format), result) => self.exported(format, result),
        }
    }
}

impl DossierApp {
    /// Everything running on other threads, from the one list of jobs, with the map's layout
    /// worker while it arranges.
    pub fn running_jobs(&self) -> Vec<crate::ui::views::jobs::RunningJob> {
        use crate::ui::views::jobs::RunningJob;
        let mut out: Vec<RunningJob> = self
            .jobs
            .runner
            .list()
            .into_iter()
            .map(|j| RunningJob {
                what: j.what,
                progress: j.fraction,
                cancel: (j.stop == Stop::Can).then_some(Action::CancelJob(j.id)),
            })
            .collect();
        if let Some(p) = self.views.map.layout_progress() {
            out.push(RunningJob {
                what: "Arranging the map".to_owned(),
                progress: Some(p),
                cancel: None,
            });
        }
        out
    }

    /// Ask a piece of work to stop: its owner drops it and says so on its next look.
    pub(super) fn cancel_job(&mut self, id: crate::ui::jobs::JobId) {
        if let Some(what) = self.jobs.runner.cancel(id) {
            self.status = format!("{what}: cancelled.");
            // Owners look at once, so that the status bar says what stopped in this frame.
            self.poll_cancelled();
        }
    }

    /// Owners of cancelled work drop it and say what that left (their own words replace the
    /// status above).
    fn poll_cancelled(&mut self) {
        if self
            .jobs
            .loading
            .as_ref()
            .is_some_and(|l| l.task.cancelled())
        {
            self.cancel_loading();
        }
        if self
            .curation
            .job
            .as_ref()
            .is_some_and(super::curate::Job::cancelled)
        {
            self.curate(crate::ui::action::Curate::Cancel);
        }
        if let Some(op) = self.ws.project.as_mut() {
            op.poll_index();
            op.poll_find();
        }
    }
}
