//! Opening, saving, importing and exporting the document; big files are read and written by
//! the background jobs of `jobs`.

use super::jobs::{LoadKind, Loaded, WriteJob, read_file};
use super::{Document, DossierApp, Guarded, Notice, Sel};
use crate::analysis::export::{self, Format, MapView};
use crate::io;
use crate::model::schema::presets;
use crate::model::*;
use std::path::{Path, PathBuf};

/// Files larger than this are read on another thread, so that a slow disk or a big session never
/// freezes the window (a 1 MB article makes a session of about 10 MB).
pub const BACKGROUND_BYTES: u64 = 512 * 1024;

/// Sessions with more mentions than this are saved and autosaved on another thread (from a
/// copy): writing one of 10 MB takes about a second, copying it a tenth of that.
pub const BACKGROUND_SAVE_MENTIONS: usize = 50_000;

/// brat documents larger than this (text and annotations together) import on another thread:
/// a 1 MB article with its annotations takes about 0.2 s.
pub const BRAT_BACKGROUND_BYTES: u64 = 192 * 1024;

const MAX_RECENT: usize = 10;

pub(super) fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The file name a session is first saved under: the article's file name, as `.ron`.
fn suggested_stem(s: &Session) -> String {
    crate::io::export::session_name(s)
}

impl DossierApp {
    /// Where file dialogs start: the open document's folder, else its article's, else the last
    /// folder used.
    pub(super) fn dialog_dir(&self) -> Option<PathBuf> {
        let doc_dir = self.ws.doc.as_ref().and_then(|d| {
            let from_path = d.path.as_ref().and_then(|p| p.parent());
            let article = d
                .session
                .article
                .source
                .as_deref()
                .filter(|s| !s.starts_with("sample:"))
                .map(Path::new)
                .and_then(Path::parent);
            from_path
                .or(article)
                .filter(|p| p.is_dir())
                .map(Path::to_path_buf)
        });
        doc_dir.or_else(|| self.prefs.last_dir.clone())
    }

    /// Open an article or a session. On failure the open document stays as it was.
    ///
    /// Files over [`BACKGROUND_BYTES`] load on another thread behind a progress prompt that can
    /// cancel; the window keeps drawing meanwhile. Returns whether the file is open (or opening).
    pub fn open_path(&mut self, path: &Path) -> bool {
        if path.is_dir() {
            // A project folder (from the command line, Recent or a drop).
            return self.open_project(path);
        }
        let project_file = crate::io::project::PROJECT_FILE;
        if path.file_name().is_some_and(|n| n == project_file)
            && let Some(dir) = path.parent()
        {
            // The project's own file stands for its folder (it is no session).
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            return self.open_project(dir);
        }
        let big = std::fs::metadata(path).is_ok_and(|m| m.len() > BACKGROUND_BYTES);
        if big {
            let p = path.to_path_buf();
            if self.read_in_background(LoadKind::Open, path, move || read_file(&p)) {
                return true;
            }
        }
        let result = read_file(path);
        self.finish_open(path, result)
    }

    pub(super) fn finish_open(&mut self, path: &Path, result: Result<Loaded, String>) -> bool {
        match result {
            Ok((session, spath, repairs)) => {
                self.install(session, spath);
                self.remember_recent(path);
                if !repairs.is_empty() {
                    self.prompts.notice = Some(Notice {
                        title: "Opened with repairs".into(),
                        body: repairs.join("\n"),
                    });
                }
                self.status = format!("Opened {}", path.display());
                true
            }
            Err(e) => {
                self.prompts.notice = Some(Notice {
                    title: format!("Could not open {}", file_name(path)),
                    body: format!("{e}\n\nNothing was changed; your open work is as it was."),
                });
                false
            }
        }
    }

    /// Show a session (already loaded) as the open document; an open project closes (the
    /// guard asked about its unsaved work).
    pub fn install(&mut self, session: Session, path: Option<PathBuf>) {
        self.ws.project = None;
        self.views.suggestions.set_examples(Vec::new());
        self.install_doc(Document::new(session, path));
    }

    /// Show a document: a new one, or an article of the project shown before.
    pub(super) fn install_doc(&mut self, mut doc: Document) {
        self.views.view.reset();
        self.views.view.font_size = self.prefs.font_size;
        self.views.map =
            super::views::map::EntityMap::from_session(&doc.session, &self.jobs.runner);
        self.views.view.scroll_to = Some(doc.session.view.scroll_char);
        if let Some(sel) = doc.session.view.selection {
            doc.sel = Sel::Item(sel);
        }
        self.ws.doc = Some(doc);
        // Details typed for the previous article must not be applied to this one.
        self.views.article_info.forget_draft();
        self.armed = None;
        self.prompts.confirm_delete = None;
        self.search = Default::default();
        self.views.entity_inspector = Default::default();
        self.views.event_inspector = Default::default();
        self.views.event_list.editing = None;
    }

    pub(super) fn remember_recent(&mut self, path: &Path) {
        let p = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.prefs.last_dir = p.parent().map(Path::to_path_buf);
        self.prefs.recent.retain(|r| r != &p);
        self.prefs.recent.insert(0, p);
        self.prefs.recent.truncate(MAX_RECENT);
    }

    /// A new session from the clipboard: HTML goes through the page import (reader mode,
    /// metadata), text is taken as it is. A failure leaves the open work as it was.
    fn new_from_clipboard(&mut self) {
        use crate::ui::dialogs::Clip;
        let result = self.dialogs.paste().and_then(|clip| {
            let (bytes, kind) = match &clip {
                Clip::Html(h) => (h.as_bytes(), io::import::ArticleKind::Html),
                Clip::Text(t) => (t.as_bytes(), io::import::ArticleKind::Text),
            };
            io::import_article_bytes(bytes, kind, "Pasted article").map_err(|e| match e {
                io::import::ImportError::Empty => {
                    "the clipboard holds no text (copy the article first)".to_owned()
                }
                e => e.to_string(),
            })
        });
        match result {
            Ok(mut article) => {
                article.source = Some("clipboard".into());
                let chars = article.char_len();
                self.install(Session::new(article, presets::default_schema()), None);
                self.status = format!("New session from the clipboard ({chars} characters)");
            }
            Err(e) => {
                self.prompts.notice = Some(Notice {
                    title: "Nothing to start from".into(),
                    body: format!("{e}.\n\nNothing was changed; your open work is as it was."),
                });
            }
        }
    }

    pub(super) fn open_sample(&mut self, i: usize) {
        let Some(sample) = io::samples::SAMPLES.get(i) else {
            return;
        };
        match io::samples::load(sample) {
            Ok(a) => {
                self.install(Session::new(a, presets::default_schema()), None);
                self.status = format!("Opened sample {}", sample.file_name);
            }
            Err(e) => {
                self.prompts.notice = Some(Notice {
                    title: "Could not open the sample".into(),
                    body: e.to_string(),
                });
            }
        }
    }

    /// Where to save: the document's path, or one the analyst picks (the first time, or when
    /// `ask`), starting in the document's folder under the article's name. None when there is
    /// no document or the analyst cancelled.
    fn save_path(&mut self, ask: bool) -> Option<PathBuf> {
        let doc = self.ws.doc.as_ref()?;
        if let (Some(p), false) = (&doc.path, ask) {
            return Some(p.clone());
        }
        let suggested = match &doc.path {
            Some(p) => file_name(p),
            None => format!("{}.ron", suggested_stem(&doc.session)),
        };
        let dir = self.dialog_dir();
        let picked = self.dialogs.save_session(dir.as_deref(), &suggested);
        if picked.is_none() {
            self.status = "Save cancelled.".into();
        }
        picked
    }

    /// Put what the analyst is looking at into the session, to be saved with it.
    pub(super) fn store_view(&mut self) {
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        doc.session.view.scroll_char = self.views.view.first_visible;
        self.views.map.store(&mut doc.session);
        doc.session.view.selection = match doc.sel {
            Sel::Item(s) => Some(s),
            _ => None,
        };
    }

    /// Save to the document's path, asking for one the first time. Returns whether it saved.
    /// Waits for the disk, so that what follows (quitting, opening another file) can rely on it.
    pub fn save(&mut self, ask: bool) -> bool {
        // A background save still running would land after this one.
        self.finish_writing(true);
        let Some(path) = self.save_path(ask) else {
            return false;
        };
        self.store_view();
        let Some(doc) = self.ws.doc.as_mut() else {
            return false;
        };
        match io::save_session(&doc.session, &path) {
            Ok(()) => {
                doc.history.mark_saved();
                doc.view_dirty = false;
                doc.recovered = false;
                doc.path = Some(path.clone());
                self.clear_recovery();
                self.status = format!("Saved {}", path.display());
                self.remember_recent(&path);
                self.note_saved_in_project();
                true
            }
            Err(e) => {
                self.prompts.notice = Some(Notice {
                    title: "Could not save".into(),
                    body: format!("{e}\n\nThe previous file on disk is unchanged."),
                });
                false
            }
        }
    }

    /// Save from the menu or Ctrl+S: a big session is written on another thread from a copy,
    /// so the window does not freeze; the title shows it saved once the file is on disk.
    pub fn save_from_menu(&mut self, ask: bool) {
        let big = self
            .ws
            .doc
            .as_ref()
            .is_some_and(|d| d.session.mentions.len() > self.jobs.background_save_mentions);
        if !big {
            self.save(ask);
            return;
        }
        self.finish_writing(true);
        let Some(path) = self.save_path(ask) else {
            return;
        };
        self.store_view();
        let Some(doc) = self.ws.doc.as_ref() else {
            return;
        };
        let copy = doc.session.clone();
        let instance = doc.session.changes.stamp().instance;
        let job = WriteJob::Save {
            path: path.clone(),
            state: doc.history.state(),
        };
        let dest = path.clone();
        if self.write_in_background(job, instance, move || {
            io::save_session(&copy, &dest)
                .map(|()| io::export::Written {
                    files: vec![dest.clone()],
                    warnings: Vec::new(),
                })
                .map_err(|e| e.to_string())
        }) {
            self.status = format!("Saving {}…", path.display());
        } else {
            self.save(false);
        }
    }

    pub(super) fn run_guarded(&mut self, g: Guarded) {
        // A save still being written decides whether anything is unsaved: Ctrl+S then Ctrl+Q
        // quits once the file is on disk instead of asking about changes that are being saved.
        self.finish_writing(true);
        if self.unsaved() {
            self.prompts.guard = Some(g);
        } else {
            self.perform(g);
        }
    }

    /// Whether anything open has unsaved changes: the article shown, or another article of the
    /// project.
    pub fn unsaved(&self) -> bool {
        self.ws.doc.as_ref().is_some_and(Document::is_dirty)
            || self
                .ws
                .project
                .as_ref()
                .is_some_and(|p| p.unsaved_parked().next().is_some())
    }

    /// Carry out a guarded action (the analyst saved, discarded, or nothing was unsaved).
    pub fn perform(&mut self, g: Guarded) {
        let dir = self.dialog_dir();
        let dir = dir.as_deref();
        match g {
            Guarded::Open(p) => {
                self.open_path(&p);
            }
            Guarded::OpenSample(i) => self.open_sample(i),
            Guarded::NewFromArticle => {
                if let Some(p) = self.dialogs.pick_article(dir) {
                    self.open_path(&p);
                }
            }
            Guarded::NewFromClipboard => self.new_from_clipboard(),
            Guarded::OpenSession => {
                if let Some(p) = self.dialogs.pick_session(dir) {
                    self.open_path(&p);
                }
            }
            Guarded::ImportBrat => {
                if let Some(ann) = self.dialogs.pick_brat(dir) {
                    self.import_brat(&ann);
                }
            }
            Guarded::OpenProject => {
                // Beside the open project, where the analyst keeps projects.
                let beside = self
                    .ws
                    .project
                    .as_ref()
                    .and_then(|p| p.dir.parent().map(Path::to_path_buf));
                let dir = beside.as_deref().or(dir);
                if let Some(p) = self.dialogs.pick_folder(dir, "Open project") {
                    self.open_project(&p);
                }
            }
            Guarded::OpenProjectAt(p) => {
                self.open_project(&p);
            }
            Guarded::NewProject => {
                let beside = self
                    .ws
                    .project
                    .as_ref()
                    .and_then(|p| p.dir.parent().map(Path::to_path_buf));
                let dir = beside.as_deref().or(dir);
                let title = "Make a project in a folder (its articles join it)";
                if let Some(p) = self.dialogs.pick_folder(dir, title) {
                    self.new_project(&p);
                }
            }
            Guarded::CloseProject => self.close_project(),
            Guarded::Quit => {
                self.closing = true;
                if !self.ws.doc.as_ref().is_some_and(Document::is_dirty) {
                    self.clear_recovery();
                }
            }
        }
    }

    /// The unsaved-changes prompt was answered.
    pub fn answer_guard(&mut self, answer: super::GuardAnswer) {
        let Some(g) = self.prompts.guard.take() else {
            return;
        };
        match answer {
            super::GuardAnswer::Save => {
                let saved = if self.ws.project.is_some() {
                    self.save_all()
                } else {
                    self.save(false)
                };
                if saved {
                    self.perform(g);
                }
            }
            super::GuardAnswer::Discard => {
                if let (Some(rec), Some(p)) = (&self.ws.recovery, &self.ws.project) {
                    for f in p.parked.keys() {
                        rec.clear_for(&p.dir.join(f).to_string_lossy());
                    }
                }
                let parked = self.ws.project.as_mut().map(|p| p.parked.values_mut());
                for d in self.ws.doc.iter_mut().chain(parked.into_iter().flatten()) {
                    // Discarding means the analyst accepts losing these edits.
                    d.history.mark_saved();
                    d.view_dirty = false;
                    d.recovered = false;
                }
                self.clear_recovery();
                self.perform(g);
            }
            super::GuardAnswer::Cancel => self.status = "Cancelled.".into(),
        }
    }

    /// Import a brat document: `X.ann`, with `X.txt` beside it and the folder's
    /// `annotation.conf` when there is one.
    pub fn import_brat(&mut self, ann: &Path) -> bool {
        let txt = ann.with_extension("txt");
        let conf = ann.with_file_name("annotation.conf");
        let conf = conf.exists().then_some(conf);
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let read = {
            let ann = ann.to_path_buf();
            move || {
                io::brat::import_files(&txt, &ann, conf.as_deref())
                    .map(|imp| {
                        let mut warnings: Vec<String> =
                            imp.warnings.iter().map(ToString::to_string).collect();
                        if !warnings.is_empty() {
                            // What was read and left out, per line kind, above the details.
                            warnings.insert(0, format!("Lines: {}.", imp.summary()));
                        }
                        (imp.session, None, warnings)
                    })
                    .map_err(|e| e.to_string())
            }
        };
        if size(ann) + size(&ann.with_extension("txt")) > BRAT_BACKGROUND_BYTES {
            let job = read.clone();
            if self.read_in_background(LoadKind::ImportBrat, ann, job) {
                return true;
            }
        }
        let result = read();
        self.finish_import(ann, result)
    }

    pub(super) fn finish_import(&mut self, ann: &Path, result: Result<Loaded, String>) -> bool {
        match result {
            Ok((session, _, warnings)) => {
                self.install(session, None);
                self.remember_recent(ann);
                self.status = format!("Imported {}", ann.display());
                if !warnings.is_empty() {
                    let mut body: Vec<String> = warnings.iter().take(40).cloned().collect();
                    if warnings.len() > 40 {
                        body.push(format!("… and {} more", warnings.len() - 40));
                    }
                    self.prompts.notice = Some(Notice {
                        title: format!("Imported with {} warnings", warnings.len()),
                        body: body.join("\n"),
                    });
                }
                true
            }
            Err(e) => {
                self.prompts.notice = Some(Notice {
                    title: format!("Could not import {}", file_name(ann)),
                    body: format!("{e}\n\nNothing was changed; your open work is as it was."),
                });
                false
            }
        }
    }

    /// Export through a save dialog. The map formats export the map as shown (filters and
    /// positions included); a big session is exported from a copy on another thread.
    /// The world map as shown, through a save dialog: the SVG, or a PNG of it at twice its size.
    pub(super) fn save_world_map(&mut self, svg: &str, png: bool) {
        let Some(doc) = &self.ws.doc else { return };
        let stem = format!("{}-places", suggested_stem(&doc.session));
        let (what, ext) = if png {
            ("World map picture (PNG)", "png")
        } else {
            ("World map picture (SVG)", "svg")
        };
        let dir = self.dialog_dir();
        let Some(path) =
            self.dialogs
                .save_export(dir.as_deref(), what, ext, &format!("{stem}.{ext}"))
        else {
            self.status = "Picture not saved.".into();
            return;
        };
        let bytes = if png {
            crate::analysis::png::from_svg(svg, 2.0)
        } else {
            Ok(svg.as_bytes().to_vec())
        };
        let written = bytes.and_then(|b| {
            crate::io::atomic::write_atomic(&path, &b, false)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        });
        self.status = match written {
            Ok(()) => format!("Saved the world map to {}", path.display()),
            Err(e) => format!("Not saved: {e}"),
        };
    }

    pub fn export(&mut self, format: Format) {
        let Some(doc) = &self.ws.doc else { return };
        let stem = suggested_stem(&doc.session);
        let dir = self.dialog_dir();
        let Some(path) = self.dialogs.save_export(
            dir.as_deref(),
            format.name(),
            format.extension(),
            &format!("{stem}.{}", format.extension()),
        ) else {
            self.status = "Export cancelled.".into();
            return;
        };
        let Some(doc) = &self.ws.doc else { return };
        // The map as shown goes into map exports and reports (a report of a big session is
        // written on another thread below, with the map laid out there).
        let small = doc.session.mentions.len() <= self.jobs.background_save_mentions;
        if format.is_map() || (format == Format::Html && small) {
            let g = self.views.map.graph(&doc.session, doc.selected_entity());
            let view = MapView {
                graph: &g,
                layout: &self.views.map.layout,
            };
            let lists = &self.views.suggestions.lists;
            let result = export::write(&doc.session, format, &path, Some(view), lists, true);
            self.exported(format, result);
            return;
        }
        if doc.session.mentions.len() > self.jobs.background_save_mentions {
            // A big session: export a copy on another thread (a 10 MB one takes about a second).
            self.finish_writing(true);
            let Some(doc) = &self.ws.doc else { return };
            let copy = doc.session.clone();
            let instance = doc.session.changes.stamp().instance;
            let dest = path.clone();
            let lists = self.views.suggestions.lists.clone();
            if self.write_in_background(WriteJob::Export(format), instance, move || {
                export::write(&copy, format, &dest, None, &lists, true)
            }) {
                self.status = format!("Exporting {}…", format.name());
                return;
            }
        }
        let Some(doc) = &self.ws.doc else { return };
        let lists = &self.views.suggestions.lists;
        let result = export::write(&doc.session, format, &path, None, lists, true);
        self.exported(format, result);
    }

    pub(super) fn exported(&mut self, format: Format, result: Result<io::export::Written, String>) {
        match result {
            Ok(w) => {
                let files: Vec<String> = w.files.iter().map(|f| f.display().to_string()).collect();
                self.status = format!("Exported {} to {}", format.name(), files.join(", "));
                if !w.warnings.is_empty() {
                    self.prompts.notice = Some(Notice {
                        title: format!("Exported with {} warnings", w.warnings.len()),
                        body: w.warnings.join("\n"),
                    });
                }
            }
            Err(e) => {
                self.prompts.notice = Some(Notice {
                    title: format!("Could not export {}", format.name()),
                    body: e,
                });
            }
        }
    }
}
