//! Autosave to this instance's recovery files while there are unsaved changes, and the offer of
//! what earlier instances left behind.

use super::jobs::WriteJob;
use super::{Document, DossierApp, Notice, Writing};
use crate::io;
use std::path::Path;

/// Autosave at most this often while there are unsaved changes.
pub const AUTOSAVE_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

impl DossierApp {
    /// Autosave to recovery files in `dir`, and offer what earlier instances left there.
    pub fn with_recovery(mut self, dir: &Path) -> Self {
        match io::recovery::Recovery::new(dir) {
            Ok(r) => {
                self.ws.orphans = r.orphans();
                self.ws.recovery = Some(r);
            }
            Err(e) => self.status = format!("Autosave is off: cannot use {}: {e}", dir.display()),
        }
        self
    }

    /// Write the recovery copy now if there is unsaved work that is not in it yet.
    pub fn autosave_now(&mut self) -> bool {
        let (Some(doc), Some(rec)) = (&self.ws.doc, &self.ws.recovery) else {
            return false;
        };
        if !doc.is_dirty() {
            return false;
        }
        let key = (doc.history.state(), doc.view_dirty);
        if self
            .ws
            .last_autosave
            .is_some_and(|(_, st, v)| (st, v) == key)
        {
            return false;
        }
        if self.jobs.writing.is_some() {
            // One write at a time; the next interval tries again.
            return false;
        }
        let mut s = doc.session.clone();
        self.views.map.store(&mut s);
        if s.mentions.len() > self.jobs.background_save_mentions {
            let target = rec.target();
            let original = doc.path.clone();
            let instance = doc.session.changes.stamp().instance;
            let job = WriteJob::Autosave {
                state: key.0,
                view: key.1,
            };
            return self.write_in_background(job, instance, move || {
                target
                    .write(&s, original.as_deref())
                    .map(|()| io::export::Written::default())
            });
        }
        let result = rec
            .write(&s, doc.path.as_deref())
            .map_err(|e| e.to_string());
        let ok = result.is_ok();
        self.autosaved(true, key.0, key.1, result);
        ok
    }

    /// An autosave finished (here or on another thread).
    pub(super) fn autosaved(
        &mut self,
        same_doc: bool,
        state: u64,
        view: bool,
        result: Result<(), String>,
    ) {
        match result {
            Ok(()) => {
                let stale = !same_doc || self.ws.doc.as_ref().is_none_or(|d| !d.is_dirty());
                if stale {
                    // Saved or discarded meanwhile: the copy is not wanted.
                    if let Some(r) = &self.ws.recovery {
                        r.clear();
                    }
                } else {
                    self.ws.last_autosave = Some((std::time::Instant::now(), state, view));
                }
            }
            Err(e) => {
                self.status = format!("Autosave failed: {e}");
                // Try again at the next interval, not every frame.
                self.ws.last_autosave = Some((std::time::Instant::now(), u64::MAX, false));
            }
        }
    }

    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.viewport().focused.unwrap_or(true));
        let lost_focus = self.was_focused && !focused;
        self.was_focused = focused;
        let due = self
            .ws
            .last_autosave
            .is_none_or(|(t, _, _)| t.elapsed() >= AUTOSAVE_EVERY);
        if lost_focus || due {
            self.autosave_now();
        }
        if self.ws.doc.as_ref().is_some_and(Document::is_dirty) {
            // Come back for the next autosave even if nothing else happens.
            ctx.request_repaint_after(AUTOSAVE_EVERY);
        }
    }

    /// The work was saved or deliberately thrown away: the recovery copy goes.
    pub(super) fn clear_recovery(&mut self) {
        // An autosave still being written would bring the copy back after this.
        if matches!(
            self.jobs.writing,
            Some(Writing {
                job: WriteJob::Autosave { .. },
                ..
            })
        ) {
            self.finish_writing(true);
        }
        if let Some(r) = &self.ws.recovery {
            r.clear();
        }
        self.ws.last_autosave = None;
    }

    /// Restore an orphaned recovery file as the open document.
    pub fn restore(&mut self, i: usize) {
        let Some(o) = self.ws.orphans.get(i).cloned() else {
            return;
        };
        match io::load_session(&o.session_path) {
            Ok((s, _)) => {
                self.install(s, o.meta.original.clone());
                if let Some(d) = self.ws.doc.as_mut() {
                    d.recovered = true;
                }
                // Our own copy first, then the old one can go.
                self.autosave_now();
                io::recovery::remove(&o);
                self.ws.orphans.remove(i);
                self.status = format!(
                    "Restored “{}” from {}",
                    o.meta.title,
                    io::recovery::format_time(o.meta.written)
                );
            }
            Err(e) => {
                self.prompts.notice = Some(Notice {
                    title: "Could not restore".into(),
                    body: format!(
                        "{e}\n\nThe recovery file is kept at {}.",
                        o.session_path.display()
                    ),
                });
                self.ws.orphans.remove(i);
            }
        }
    }

    pub fn discard_orphan(&mut self, i: usize) {
        if i < self.ws.orphans.len() {
            let o = self.ws.orphans.remove(i);
            io::recovery::remove(&o);
        }
    }
}
