//! Background jobs: files read and sessions or exports written on another thread while the
//! window keeps drawing, with a cancellable prompt for reads; their results come back here.

use super::document::file_name;
use super::{DossierApp, Notice};
use crate::analysis::export::Format;
use crate::io;
use crate::model::Session;
use crate::model::schema::presets;
use std::path::{Path, PathBuf};

/// A save or autosave being written on another thread.
pub struct Writing {
    pub(super) job: WriteJob,
    /// The session object written (a copy of it), to know whether it is still the open one.
    instance: u64,
    rx: std::sync::mpsc::Receiver<Result<io::export::Written, String>>,
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
    rx: std::sync::mpsc::Receiver<Result<Loaded, String>>,
}

/// The result of reading a file to open: the session, where it is saved, what was repaired.
pub type Loaded = (Session, Option<PathBuf>, Vec<String>);

/// Run `job` on a new thread; its result arrives on the returned channel. None when no thread
/// could be started.
pub(super) fn on_thread<T: Send + 'static>(
    name: &str,
    job: impl FnOnce() -> T + Send + 'static,
) -> Option<std::sync::mpsc::Receiver<T>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let _ = tx.send(job());
        })
        .ok()
        .map(|_| rx)
}

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
        let Some(rx) = on_thread("dossier-read", job) else {
            return false;
        };
        self.jobs.loading = Some(Loading {
            kind,
            path: path.to_path_buf(),
            started: std::time::Instant::now(),
            bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            rx,
        });
        self.status = format!("{} {}…", kind.verb(), path.display());
        true
    }

    /// Check on a file loading in the background.
    pub(super) fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(l) = &self.jobs.loading else { return };
        let result = match l.rx.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
                return;
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(thread_lost()),
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
        let Some(rx) = on_thread("dossier-write", write) else {
            return false;
        };
        self.jobs.writing = Some(Writing { job, instance, rx });
        true
    }

    /// Take the result of a background write, waiting for it when `wait`.
    pub fn finish_writing(&mut self, wait: bool) {
        let Some(w) = &self.jobs.writing else { return };
        let result = if wait {
            w.rx.recv().unwrap_or_else(|_| Err(thread_lost()))
        } else {
            match w.rx.try_recv() {
                Ok(r) => r,
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(thread_lost()),
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
    /// Everything running on other threads, wherever it is owned, for the status bar's list.
    pub fn running_jobs(&self) -> Vec<crate::ui::views::jobs::RunningJob> {
        use crate::ui::action::{Action, Curate};
        use crate::ui::views::jobs::RunningJob;
        let mut out = Vec::new();
        let file = |p: &std::path::Path| super::document::file_name(p);
        if let Some(l) = &self.jobs.loading {
            out.push(RunningJob {
                what: format!("{} {}", l.kind.verb(), file(&l.path)),
                progress: None,
                cancel: Some(Action::CancelLoading),
            });
        }
        if let Some(w) = &self.jobs.writing {
            let what = match &w.job {
                WriteJob::Save { path, .. } => format!("Saving {}", file(path)),
                WriteJob::Autosave { .. } => "Writing the recovery copy".to_owned(),
                WriteJob::Export(f) => format!("Exporting {}", f.name()),
            };
            // A write in flight finishes: stopping it halfway would leave nothing usable.
            out.push(RunningJob {
                what,
                progress: None,
                cancel: None,
            });
        }
        if self.jobs.gaz_loading.is_some() {
            out.push(RunningJob {
                what: "Reading the gazetteers".to_owned(),
                progress: None,
                cancel: None,
            });
        }
        if let Some(p) = self.views.map.layout_progress() {
            out.push(RunningJob {
                what: "Arranging the map".to_owned(),
                progress: Some(p),
                cancel: None,
            });
        }
        if self.views.suggestions.is_training() {
            out.push(RunningJob {
                what: "Learning from your annotations".to_owned(),
                progress: None,
                cancel: None,
            });
        }
        if let Some(j) = &self.curation.job {
            out.push(RunningJob {
                what: j.what.clone(),
                progress: j.ticker.fraction(),
                cancel: Some(Action::Curate(Curate::Cancel)),
            });
        }
        if let Some(op) = &self.ws.project {
            if let Some(j) = &op.indexing {
                let done = j.progress.done.load(std::sync::atomic::Ordering::Relaxed);
                out.push(RunningJob {
                    what: format!("Indexing the project's articles ({done} of {})", j.total),
                    progress: (j.total > 0).then(|| done as f32 / j.total as f32),
                    cancel: None,
                });
            }
            if op.find_job.is_some() {
                out.push(RunningJob {
                    what: "Finding in the project".to_owned(),
                    progress: None,
                    cancel: None,
                });
            }
        }
        out
    }
}
