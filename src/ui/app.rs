//! The application state and the one place where actions are applied.

use super::article_view::{ArticleView, Sel, ViewEvent};
use super::dialogs::{FileDialogs, NativeDialogs};
use crate::io;
use crate::model::schema::presets;
use crate::model::session::Selection;
use crate::model::*;
use egui::{Key, KeyboardShortcut, Modifiers};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Preferences kept between runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub show_palette: bool,
    pub show_side: bool,
    pub show_bottom: bool,
    pub zoom: f32,
    pub font_size: f32,
    pub recent: Vec<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: false,
            show_palette: true,
            show_side: true,
            show_bottom: true,
            zoom: 1.0,
            font_size: 17.0,
            recent: Vec::new(),
        }
    }
}

const PREFS_KEY: &str = "dossier-prefs";
const MAX_RECENT: usize = 10;

/// The open session with its history and where it is saved.
pub struct Document {
    pub session: Session,
    pub history: History,
    pub path: Option<PathBuf>,
    pub sel: Sel,
    /// Map pins changed since the last save (they are saved with the session, outside undo).
    pub view_dirty: bool,
    /// Restored from a recovery file and not saved since.
    pub recovered: bool,
}

impl Document {
    pub fn new(session: Session, path: Option<PathBuf>) -> Self {
        Self {
            session,
            history: History::default(),
            path,
            sel: Sel::None,
            view_dirty: false,
            recovered: false,
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty() || self.view_dirty || self.recovered
    }

    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            None => format!("{} (not saved)", self.session.article.title),
        }
    }

    pub fn selected_entity(&self) -> Option<EntityId> {
        match self.sel {
            Sel::Item(Selection::Entity(e)) => Some(e),
            Sel::Item(Selection::Mention(m)) => self.session.mentions.get(&m).map(|m| m.entity),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideTab {
    Map,
    Entities,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BottomTab {
    Events,
    Mentions,
}

/// Everything the user can ask for. Views and shortcuts push actions; [`DossierApp::handle`]
/// applies them, so the menu, the keyboard, the mouse and the tests share one path.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    NewFromArticle,
    OpenSession,
    Open(PathBuf),
    OpenSample(usize),
    ImportBrat,
    Export(crate::io::export::Format),
    /// The map as shown: GraphML, or an SVG picture.
    ExportMap {
        svg: bool,
    },
    Save,
    SaveAs,
    Quit,
    Undo,
    Redo,
    /// Apply an edit built by a view.
    Edit(Command),
    /// Annotate the selected text (or retype the selected mention) as this entity type.
    EntityType(String),
    /// Make an event of this type from the selected text as trigger.
    EventType(String),
    DeleteSelected,
    Select(Sel),
    /// A click on a mention, trigger or entity: fills the armed role or relation, else selects.
    Pick(Sel),
    /// Arm a role of the selected event: the next picked mention, entity or event fills it.
    ArmRole(String),
    /// Arm a relation from the selected mention: the next picked mention is its target.
    ArmRelation(String),
    /// Split a mention off its entity into a new one.
    SplitMention(MentionId),
    /// A relation of a type between two entities.
    AddRelation(String, EntityId, EntityId),
    /// The analyst pinned or unpinned map nodes.
    MapPinsChanged,
    /// A map node or list entry was clicked: fill the armed role, or select and show it.
    PickEntity(EntityId),
    PickEvent(EventId),
    PickRelation(RelationId),
    /// Create mentions of a type at every find hit not yet annotated, as one step.
    AnnotateAll(String),
    /// Select and scroll the text to a char.
    Reveal(Sel, usize),
    ToggleFind,
    ToggleShortcuts,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ZoomReset,
}

/// An action that would throw away unsaved work, waiting for the analyst's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Guarded {
    ImportBrat,
    Open(PathBuf),
    OpenSample(usize),
    NewFromArticle,
    OpenSession,
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// History state, number of hits, first hit and entity type a "not yet annotated" count is for.
pub(crate) type TodoKey = (u64, usize, Option<Span>, String);

#[derive(Default)]
pub struct FindState {
    pub open: bool,
    pub query: String,
    /// Treat the query as a regular expression.
    pub regex: bool,
    /// Why the regular expression is not valid.
    pub error: Option<String>,
    /// The entity type "Annotate all" uses, and whether its confirmation is showing.
    pub annotate_type: String,
    pub confirm_annotate: bool,
    /// How many hits are not yet annotated with the chosen type, and for what.
    pub(crate) todo: Option<(TodoKey, usize)>,
    last_regex: bool,
    pub focus: bool,
    last_query: String,
    last_hash: String,
    /// The article lowercased once, for searching it at every keystroke.
    finder: Option<crate::analysis::search::Finder>,
}

pub struct DossierApp {
    pub doc: Option<Document>,
    pub dialogs: Box<dyn FileDialogs>,
    pub prefs: Prefs,
    /// An error or warning shown in a modal until dismissed.
    pub notice: Option<Notice>,
    /// The last thing that happened, for the status bar.
    pub status: String,
    pub guard: Option<Guarded>,
    pub show_shortcuts: bool,
    pub find: FindState,
    /// Set once the window may close (nothing unsaved, or the analyst chose).
    pub closing: bool,
    pub view: ArticleView,
    pub(crate) actions: Vec<Action>,
    pub(crate) inspector: super::panels::InspectorState,
    pub(crate) mention_order: (u64, String, Vec<MentionId>),
    pub map: super::map::MapState,
    pub side_tab: SideTab,
    /// A role or relation waiting for a click.
    pub armed: Option<Armed>,
    pub events_ui: super::events::EventListState,
    /// Which list the bottom panel shows.
    pub bottom_tab: BottomTab,
    title_shown: String,
    applied_style: Option<(bool, u32)>,
    /// A file being read on another thread.
    pub loading: Option<Loading>,
    /// A save or autosave of a big session being written on another thread.
    pub writing: Option<Writing>,
    /// Sessions with more mentions than this save in the background
    /// ([`BACKGROUND_SAVE_MENTIONS`]; tests lower it).
    pub background_save_mentions: usize,
    /// This instance's recovery files; `None` when no data folder could be had.
    pub recovery: Option<crate::io::recovery::Recovery>,
    /// Recovery files of instances that ended with unsaved work, offered at start.
    pub orphans: Vec<crate::io::recovery::Orphan>,
    /// When and at which state the last autosave happened.
    last_autosave: Option<(std::time::Instant, u64, bool)>,
    was_focused: bool,
}

/// Files larger than this are read on another thread, so that a slow disk or a big session never
/// freezes the window (a 1 MB article makes a session of about 10 MB).
pub const BACKGROUND_BYTES: u64 = 512 * 1024;

/// Sessions with more mentions than this are saved and autosaved on another thread (from a
/// copy): writing one of 10 MB takes about a second, copying it a tenth of that.
pub const BACKGROUND_SAVE_MENTIONS: usize = 50_000;

/// A save or autosave being written on another thread.
pub struct Writing {
    job: WriteJob,
    /// The session object written (a copy of it), to know whether it is still the open one.
    instance: u64,
    rx: std::sync::mpsc::Receiver<Result<io::export::Written, String>>,
}

enum WriteJob {
    /// Saving to `path` the state `state` of the history.
    Save { path: PathBuf, state: u64 },
    /// The recovery copy of that state and view.
    Autosave { state: u64, view: bool },
    /// An export in this format.
    Export(io::export::Format),
}

/// A write that produced `path` and nothing to warn about.
fn wrote(path: &Path) -> io::export::Written {
    io::export::Written {
        files: vec![path.to_path_buf()],
        warnings: Vec::new(),
    }
}

/// brat documents larger than this (text and annotations together) import on another thread:
/// a 1 MB article with its annotations takes about 0.2 s.
pub const BRAT_BACKGROUND_BYTES: u64 = 192 * 1024;

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

/// Autosave at most this often while there are unsaved changes.
pub const AUTOSAVE_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

impl DossierApp {
    pub fn new(dialogs: Box<dyn FileDialogs>, prefs: Prefs) -> Self {
        let mut view = ArticleView::default();
        view.font_size = prefs.font_size;
        Self {
            doc: None,
            dialogs,
            prefs,
            notice: None,
            status: "Open an article to start.".into(),
            guard: None,
            show_shortcuts: false,
            find: FindState::default(),
            closing: false,
            view,
            actions: Vec::new(),
            inspector: Default::default(),
            mention_order: (u64::MAX, String::new(), Vec::new()),
            map: Default::default(),
            side_tab: SideTab::Map,
            armed: None,
            events_ui: Default::default(),
            bottom_tab: BottomTab::Events,
            title_shown: String::new(),
            applied_style: None,
            loading: None,
            writing: None,
            background_save_mentions: BACKGROUND_SAVE_MENTIONS,
            recovery: None,
            orphans: Vec::new(),
            last_autosave: None,
            was_focused: true,
        }
    }

    /// Autosave to recovery files in `dir`, and offer what earlier instances left there.
    pub fn with_recovery(mut self, dir: &Path) -> Self {
        match crate::io::recovery::Recovery::new(dir) {
            Ok(r) => {
                self.orphans = r.orphans();
                self.recovery = Some(r);
            }
            Err(e) => self.status = format!("Autosave is off: cannot use {}: {e}", dir.display()),
        }
        self
    }

    /// Write the recovery copy now if there is unsaved work that is not in it yet.
    pub fn autosave_now(&mut self) -> bool {
        let (Some(doc), Some(rec)) = (&self.doc, &self.recovery) else {
            return false;
        };
        if !doc.is_dirty() {
            return false;
        }
        let key = (doc.history.state(), doc.view_dirty);
        if self.last_autosave.is_some_and(|(_, st, v)| (st, v) == key) {
            return false;
        }
        if self.writing.is_some() {
            // One write at a time; the next interval tries again.
            return false;
        }
        let mut s = doc.session.clone();
        self.map.store(&mut s);
        if s.mentions.len() > self.background_save_mentions {
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
        match rec.write(&s, doc.path.as_deref()) {
            Ok(()) => {
                self.last_autosave = Some((std::time::Instant::now(), key.0, key.1));
                true
            }
            Err(e) => {
                self.status = format!("Autosave failed: {e}");
                // Try again at the next interval, not every frame.
                self.last_autosave = Some((std::time::Instant::now(), u64::MAX, false));
                false
            }
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.viewport().focused.unwrap_or(true));
        let lost_focus = self.was_focused && !focused;
        self.was_focused = focused;
        let due = self
            .last_autosave
            .is_none_or(|(t, _, _)| t.elapsed() >= AUTOSAVE_EVERY);
        if lost_focus || due {
            self.autosave_now();
        }
        if self.doc.as_ref().is_some_and(Document::is_dirty) {
            // Come back for the next autosave even if nothing else happens.
            ctx.request_repaint_after(AUTOSAVE_EVERY);
        }
    }

    /// The work was saved or deliberately thrown away: the recovery copy goes.
    fn clear_recovery(&mut self) {
        // An autosave still being written would bring the copy back after this.
        if matches!(
            self.writing,
            Some(Writing {
                job: WriteJob::Autosave { .. },
                ..
            })
        ) {
            self.finish_writing(true);
        }
        if let Some(r) = &self.recovery {
            r.clear();
        }
        self.last_autosave = None;
    }

    /// Restore an orphaned recovery file as the open document.
    pub fn restore(&mut self, i: usize) {
        let Some(o) = self.orphans.get(i).cloned() else {
            return;
        };
        match crate::io::load_session(&o.session_path) {
            Ok((s, _)) => {
                self.install(s, o.meta.original.clone());
                if let Some(d) = self.doc.as_mut() {
                    d.recovered = true;
                }
                // Our own copy first, then the old one can go.
                self.autosave_now();
                crate::io::recovery::remove(&o);
                self.orphans.remove(i);
                self.status = format!(
                    "Restored “{}” from {}",
                    o.meta.title,
                    crate::io::recovery::format_time(o.meta.written)
                );
            }
            Err(e) => {
                self.notice = Some(Notice {
                    title: "Could not restore".into(),
                    body: format!(
                        "{e}\n\nThe recovery file is kept at {}.",
                        o.session_path.display()
                    ),
                });
                self.orphans.remove(i);
            }
        }
    }

    pub fn discard_orphan(&mut self, i: usize) {
        if i < self.orphans.len() {
            let o = self.orphans.remove(i);
            crate::io::recovery::remove(&o);
        }
    }

    /// The real app, with native dialogs and saved preferences.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let prefs = cc
            .storage
            .and_then(|s| eframe::get_value::<Prefs>(s, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self::new(Box::new(NativeDialogs), prefs);
        if let Some(dir) = crate::io::recovery::default_dir() {
            app = app.with_recovery(&dir);
        }
        if let Some(f) = file {
            app.open_path(&f);
        }
        app
    }

    pub fn push(&mut self, a: Action) {
        self.actions.push(a);
    }

    // ---- Files ----

    /// Open an article or a session. On failure the open document stays as it was.
    ///
    /// Files over [`BACKGROUND_BYTES`] load on another thread behind a progress prompt that can
    /// cancel; the window keeps drawing meanwhile. Returns whether the file is open (or opening).
    pub fn open_path(&mut self, path: &Path) -> bool {
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

    /// Run `job` on another thread behind a cancellable progress prompt. False when no thread
    /// could be started (the caller then does the work itself).
    fn read_in_background(
        &mut self,
        kind: LoadKind,
        path: &Path,
        job: impl FnOnce() -> Result<Loaded, String> + Send + 'static,
    ) -> bool {
        let Some(rx) = on_thread("dossier-read", job) else {
            return false;
        };
        self.loading = Some(Loading {
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
    fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(l) = &self.loading else { return };
        let result = match l.rx.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
                return;
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err("the reading thread stopped unexpectedly".to_owned())
            }
        };
        let (path, kind) = (l.path.clone(), l.kind);
        self.loading = None;
        match kind {
            LoadKind::Open => self.finish_open(&path, result),
            LoadKind::ImportBrat => self.finish_import(&path, result),
        };
    }

    /// Stop waiting for a background load; whatever it produces is dropped.
    pub fn cancel_loading(&mut self) {
        if let Some(l) = self.loading.take() {
            self.status = format!(
                "Cancelled {} {}; nothing was changed.",
                l.kind.verb().to_lowercase(),
                l.path.display()
            );
        }
    }

    fn finish_open(&mut self, path: &Path, result: Result<Loaded, String>) -> bool {
        match result {
            Ok((session, spath, repairs)) => {
                self.install(session, spath);
                self.remember_recent(path);
                if !repairs.is_empty() {
                    self.notice = Some(Notice {
                        title: "Opened with repairs".into(),
                        body: repairs.join("\n"),
                    });
                }
                self.status = format!("Opened {}", path.display());
                true
            }
            Err(e) => {
                self.notice = Some(Notice {
                    title: format!("Could not open {}", file_name(path)),
                    body: format!("{e}\n\nNothing was changed; your open work is as it was."),
                });
                false
            }
        }
    }
}

/// Run `job` on a new thread; its result arrives on the returned channel. None when no thread
/// could be started.
fn on_thread<T: Send + 'static>(
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

/// The result of reading a file to open: the session, where it is saved, what was repaired.
pub type Loaded = (Session, Option<PathBuf>, Vec<String>);

/// Read an article or a session from disk (on any thread).
fn read_file(path: &Path) -> Result<Loaded, String> {
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

impl DossierApp {
    /// Show a session (already loaded) as the open document.
    pub fn install(&mut self, session: Session, path: Option<PathBuf>) {
        self.view.reset();
        self.view.font_size = self.prefs.font_size;
        self.map = super::map::MapState::from_session(&session);
        let mut doc = Document::new(session, path);
        self.view.scroll_to = Some(doc.session.view.scroll_char);
        if let Some(sel) = doc.session.view.selection {
            doc.sel = Sel::Item(sel);
        }
        self.doc = Some(doc);
        self.armed = None;
        self.find.last_hash.clear();
        self.inspector = Default::default();
    }

    fn remember_recent(&mut self, path: &Path) {
        let p = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.prefs.recent.retain(|r| r != &p);
        self.prefs.recent.insert(0, p);
        self.prefs.recent.truncate(MAX_RECENT);
    }

    fn open_sample(&mut self, i: usize) {
        let Some(sample) = io::samples::SAMPLES.get(i) else {
            return;
        };
        match io::samples::load(sample) {
            Ok(a) => {
                self.install(Session::new(a, presets::default_schema()), None);
                self.status = format!("Opened sample {}", sample.file_name);
            }
            Err(e) => {
                self.notice = Some(Notice {
                    title: "Could not open the sample".into(),
                    body: e.to_string(),
                })
            }
        }
    }

    /// Where to save: the document's path, or one the analyst picks (the first time, or when
    /// `ask`). None when there is no document or the analyst cancelled.
    fn save_path(&mut self, ask: bool) -> Option<PathBuf> {
        let doc = self.doc.as_ref()?;
        match (&doc.path, ask) {
            (Some(p), false) => Some(p.clone()),
            _ => {
                let dir = doc
                    .path
                    .as_ref()
                    .and_then(|p| p.parent().map(Path::to_path_buf));
                let suggested = suggested_name(&doc.session);
                let picked = self.dialogs.save_session(dir.as_deref(), &suggested);
                if picked.is_none() {
                    self.status = "Save cancelled.".into();
                }
                picked
            }
        }
    }

    /// Put what the analyst is looking at into the session, to be saved with it.
    fn store_view(&mut self) {
        let Some(doc) = self.doc.as_mut() else { return };
        doc.session.view.scroll_char = self.view.first_visible;
        self.map.store(&mut doc.session);
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
        let Some(doc) = self.doc.as_mut() else {
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
                true
            }
            Err(e) => {
                self.notice = Some(Notice {
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
            .doc
            .as_ref()
            .is_some_and(|d| d.session.mentions.len() > self.background_save_mentions);
        if !big {
            self.save(ask);
            return;
        }
        self.finish_writing(true);
        let Some(path) = self.save_path(ask) else {
            return;
        };
        self.store_view();
        let Some(doc) = self.doc.as_ref() else { return };
        let copy = doc.session.clone();
        let instance = doc.session.changes.stamp().instance;
        let job = WriteJob::Save {
            path: path.clone(),
            state: doc.history.state(),
        };
        let dest = path.clone();
        if self.write_in_background(job, instance, move || {
            io::save_session(&copy, &dest)
                .map(|()| wrote(&dest))
                .map_err(|e| e.to_string())
        }) {
            self.status = format!("Saving {}…", path.display());
        } else {
            self.save(false);
        }
    }

    /// Start a write on another thread. False when no thread could be started.
    fn write_in_background(
        &mut self,
        job: WriteJob,
        instance: u64,
        write: impl FnOnce() -> Result<io::export::Written, String> + Send + 'static,
    ) -> bool {
        let Some(rx) = on_thread("dossier-write", write) else {
            return false;
        };
        self.writing = Some(Writing { job, instance, rx });
        true
    }

    /// Take the result of a background write, waiting for it when `wait`.
    pub fn finish_writing(&mut self, wait: bool) {
        let Some(w) = &self.writing else { return };
        let result = if wait {
            w.rx.recv()
                .unwrap_or_else(|_| Err("the writing thread stopped unexpectedly".into()))
        } else {
            match w.rx.try_recv() {
                Ok(r) => r,
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    Err("the writing thread stopped unexpectedly".into())
                }
            }
        };
        let Some(w) = self.writing.take() else { return };
        let same_doc = self
            .doc
            .as_ref()
            .is_some_and(|d| d.session.changes.stamp().instance == w.instance);
        match (w.job, result) {
            (WriteJob::Save { path, state }, Ok(_)) => {
                if same_doc && let Some(doc) = self.doc.as_mut() {
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
                self.notice = Some(Notice {
                    title: format!("Could not save {}", file_name(&path)),
                    body: format!(
                        "{e}\n\nThe previous file on disk is unchanged; your work is still open."
                    ),
                });
            }
            (WriteJob::Autosave { state, view }, Ok(_)) => {
                let stale = !same_doc || self.doc.as_ref().is_none_or(|d| !d.is_dirty());
                if stale {
                    // Saved or discarded meanwhile: the copy is not wanted.
                    if let Some(r) = &self.recovery {
                        r.clear();
                    }
                } else {
                    self.last_autosave = Some((std::time::Instant::now(), state, view));
                }
            }
            (WriteJob::Autosave { .. }, Err(e)) => {
                self.status = format!("Autosave failed: {e}");
                self.last_autosave = Some((std::time::Instant::now(), u64::MAX, false));
            }
            (WriteJob::Export(format), result) => self.exported(format, result),
        }
    }

    // ---- Actions ----

    fn run_guarded(&mut self, g: Guarded) {
        if self.doc.as_ref().is_some_and(Document::is_dirty) {
            self.guard = Some(g);
        } else {
            self.perform(g);
        }
    }

    /// Carry out a guarded action (the analyst saved, discarded, or nothing was unsaved).
    pub fn perform(&mut self, g: Guarded) {
        match g {
            Guarded::Open(p) => {
                self.open_path(&p);
            }
            Guarded::OpenSample(i) => self.open_sample(i),
            Guarded::NewFromArticle => {
                if let Some(p) = self.dialogs.pick_article() {
                    self.open_path(&p);
                }
            }
            Guarded::OpenSession => {
                if let Some(p) = self.dialogs.pick_session() {
                    self.open_path(&p);
                }
            }
            Guarded::ImportBrat => {
                if let Some(ann) = self.dialogs.pick_brat() {
                    self.import_brat(&ann);
                }
            }
            Guarded::Quit => {
                self.closing = true;
                if !self.doc.as_ref().is_some_and(Document::is_dirty) {
                    self.clear_recovery();
                }
            }
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
                        let warnings = imp.warnings.iter().map(|w| w.to_string()).collect();
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

    fn finish_import(&mut self, ann: &Path, result: Result<Loaded, String>) -> bool {
        match result {
            Ok((session, _, warnings)) => {
                self.install(session, None);
                self.status = format!("Imported {}", ann.display());
                if !warnings.is_empty() {
                    let mut body: Vec<String> = warnings.iter().take(40).cloned().collect();
                    if warnings.len() > 40 {
                        body.push(format!("… and {} more", warnings.len() - 40));
                    }
                    self.notice = Some(Notice {
                        title: format!("Imported with {} warnings", warnings.len()),
                        body: body.join("\n"),
                    });
                }
                true
            }
            Err(e) => {
                self.notice = Some(Notice {
                    title: format!("Could not import {}", file_name(ann)),
                    body: format!("{e}\n\nNothing was changed; your open work is as it was."),
                });
                false
            }
        }
    }

    /// Export the map as shown (filters and positions included).
    pub fn export_map(&mut self, svg: bool) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let g = self.map.graph(s, doc.selected_entity()).clone();
        let (what, ext) = if svg {
            ("Map picture (SVG)", "svg")
        } else {
            ("GraphML", "graphml")
        };
        let stem = suggested_name(s).trim_end_matches(".ron").to_owned();
        let Some(path) = self
            .dialogs
            .save_export(what, ext, &format!("{stem}.{ext}"))
        else {
            self.status = "Export cancelled.".into();
            return;
        };
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let text = if svg {
            Ok(crate::analysis::graphml::to_svg(s, &g, &self.map.layout))
        } else {
            crate::analysis::graphml::to_graphml(s, &g, Some(&self.map.layout))
                .map_err(|e| e.to_string())
        };
        let result = text.and_then(|t| {
            crate::io::atomic::write_atomic(&path, t.as_bytes(), false).map_err(|e| e.to_string())
        });
        match result {
            Ok(()) => self.status = format!("Exported {what} to {}", path.display()),
            Err(e) => {
                self.notice = Some(Notice {
                    title: format!("Could not export {what}"),
                    body: format!("cannot write {}: {e}", path.display()),
                })
            }
        }
    }

    /// Export through a save dialog.
    pub fn export(&mut self, format: crate::io::export::Format) {
        let Some(doc) = &self.doc else { return };
        let stem = suggested_name(&doc.session)
            .trim_end_matches(".ron")
            .to_owned();
        let Some(path) = self.dialogs.save_export(
            format.name(),
            format.extension(),
            &format!("{stem}.{}", format.extension()),
        ) else {
            self.status = "Export cancelled.".into();
            return;
        };
        let Some(doc) = &self.doc else { return };
        if doc.session.mentions.len() > self.background_save_mentions {
            // A big session: export a copy on another thread (a 10 MB one takes about a second).
            self.finish_writing(true);
            let Some(doc) = &self.doc else { return };
            let copy = doc.session.clone();
            let instance = doc.session.changes.stamp().instance;
            let job = WriteJob::Export(format);
            let dest = path.clone();
            if self.write_in_background(job, instance, move || {
                io::export::write_export(&copy, format, &dest)
            }) {
                self.status = format!("Exporting {}…", format.name());
                return;
            }
        }
        let Some(doc) = &self.doc else { return };
        let result = io::export::write_export(&doc.session, format, &path);
        self.exported(format, result);
    }

    fn exported(
        &mut self,
        format: crate::io::export::Format,
        result: Result<io::export::Written, String>,
    ) {
        match result {
            Ok(w) => {
                let files: Vec<String> = w.files.iter().map(|f| f.display().to_string()).collect();
                self.status = format!("Exported {} to {}", format.name(), files.join(", "));
                if !w.warnings.is_empty() {
                    self.notice = Some(Notice {
                        title: format!("Exported with {} warnings", w.warnings.len()),
                        body: w.warnings.join("\n"),
                    });
                }
            }
            Err(e) => {
                self.notice = Some(Notice {
                    title: format!("Could not export {}", format.name()),
                    body: e,
                })
            }
        }
    }

    /// The unsaved-changes prompt was answered.
    pub fn answer_guard(&mut self, answer: GuardAnswer) {
        let Some(g) = self.guard.take() else { return };
        match answer {
            GuardAnswer::Save => {
                if self.save(false) {
                    self.perform(g);
                }
            }
            GuardAnswer::Discard => {
                if let Some(d) = self.doc.as_mut() {
                    // Discarding means the analyst accepts losing these edits.
                    d.history.mark_saved();
                    d.view_dirty = false;
                    d.recovered = false;
                }
                self.clear_recovery();
                self.perform(g);
            }
            GuardAnswer::Cancel => self.status = "Cancelled.".into(),
        }
    }

    /// Apply every queued action.
    pub fn handle_actions(&mut self) {
        let actions = std::mem::take(&mut self.actions);
        for a in actions {
            self.handle(a);
        }
    }

    pub fn handle(&mut self, a: Action) {
        match a {
            Action::NewFromArticle => self.run_guarded(Guarded::NewFromArticle),
            Action::OpenSession => self.run_guarded(Guarded::OpenSession),
            Action::Open(p) => self.run_guarded(Guarded::Open(p)),
            Action::OpenSample(i) => self.run_guarded(Guarded::OpenSample(i)),
            Action::Quit => self.run_guarded(Guarded::Quit),
            Action::ImportBrat => self.run_guarded(Guarded::ImportBrat),
            Action::Export(f) => self.export(f),
            Action::ExportMap { svg } => self.export_map(svg),
            Action::Save => self.save_from_menu(false),
            Action::SaveAs => self.save_from_menu(true),
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::Edit(cmd) => {
                self.edit(cmd);
            }
            Action::EntityType(t) => self.entity_key(&t),
            Action::EventType(t) => self.event_key(&t),
            Action::DeleteSelected => self.delete_selected(),
            Action::Select(sel) => {
                self.armed = None;
                if let Some(d) = self.doc.as_mut() {
                    d.sel = sel;
                }
            }
            Action::Pick(sel) => self.pick(sel),
            Action::ArmRole(role) => {
                if let Some(Sel::Item(Selection::Event(e))) = self.doc.as_ref().map(|d| d.sel) {
                    self.status = format!(
                        "Click a mention, an entity or an event trigger to fill {role}. Esc cancels."
                    );
                    self.armed = Some(Armed::Role { event: e, role });
                }
            }
            Action::ArmRelation(rtype) => {
                if let Some(Sel::Item(Selection::Mention(m))) = self.doc.as_ref().map(|d| d.sel) {
                    self.status =
                        format!("Click the mention the {rtype} relation points to. Esc cancels.");
                    self.armed = Some(Armed::Relation {
                        from: m,
                        relation_type: rtype,
                    });
                }
            }
            Action::AnnotateAll(ty) => self.annotate_all(&ty),
            Action::MapPinsChanged => {
                if let Some(d) = self.doc.as_mut() {
                    d.view_dirty = true;
                }
            }
            Action::PickEntity(e) => self.pick_item(Selection::Entity(e)),
            Action::PickEvent(e) => self.pick_item(Selection::Event(e)),
            Action::PickRelation(r) => self.pick_item(Selection::Relation(r)),
            Action::SplitMention(m) => {
                if let Some(doc) = self.doc.as_mut() {
                    match doc.session.cmd_split_mention(m) {
                        Ok(cmd) => {
                            self.edit(cmd);
                        }
                        Err(e) => self.status = format!("Not done: {e}"),
                    }
                }
            }
            Action::AddRelation(ty, from, to) => {
                if let Some(doc) = self.doc.as_mut() {
                    match doc.session.cmd_add_relation(&ty, from, to, None) {
                        Ok((_, cmd)) => {
                            self.edit(cmd);
                        }
                        Err(e) => self.status = format!("Not done: {e}"),
                    }
                }
            }
            Action::Reveal(sel, c) => {
                if let Some(d) = self.doc.as_mut() {
                    d.sel = sel;
                    self.view.scroll_to = Some(c);
                }
            }
            Action::ToggleFind => {
                self.find.open = !self.find.open;
                self.find.focus = self.find.open;
                if !self.find.open {
                    self.view.hits.clear();
                }
            }
            Action::ToggleShortcuts => self.show_shortcuts = !self.show_shortcuts,
            Action::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Action::ZoomIn => self.prefs.zoom = (self.prefs.zoom + 0.1).min(3.0),
            Action::ZoomOut => self.prefs.zoom = (self.prefs.zoom - 0.1).max(0.5),
            Action::ZoomReset => self.prefs.zoom = 1.0,
        }
    }

    /// Apply one edit through the history; a refused edit is explained and changes nothing.
    pub fn edit(&mut self, cmd: Command) -> bool {
        let Some(doc) = self.doc.as_mut() else {
            return false;
        };
        let label = cmd.label();
        match doc.history.apply(&mut doc.session, cmd) {
            Ok(()) => {
                self.status = capitalise(&label);
                true
            }
            Err(e) => {
                self.status = format!("Not done: {e}");
                false
            }
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let Some(doc) = self.doc.as_mut() else { return };
        let r = if undo {
            doc.history.undo(&mut doc.session)
        } else {
            doc.history.redo(&mut doc.session)
        };
        self.status = match r {
            Ok(Some(label)) => format!("{} {label}", if undo { "Undid" } else { "Redid" }),
            Ok(None) => format!("Nothing to {}.", if undo { "undo" } else { "redo" }),
            Err(e) => format!("Could not {}: {e}", if undo { "undo" } else { "redo" }),
        };
        // The selection may point at something the undo removed.
        let s = &doc.session;
        let gone = match doc.sel {
            Sel::Item(Selection::Mention(m)) => !s.mentions.contains_key(&m),
            Sel::Item(Selection::Entity(e)) => !s.entities.contains_key(&e),
            Sel::Item(Selection::Event(e)) => !s.events.contains_key(&e),
            Sel::Item(Selection::Relation(r)) => !s.relations.contains_key(&r),
            _ => false,
        };
        if gone {
            doc.sel = Sel::None;
        }
    }

    /// An entity-type key or palette click: annotate the selected text, or retype the mention.
    fn entity_key(&mut self, ty: &str) {
        let Some(doc) = self.doc.as_mut() else { return };
        let cmd = match doc.sel {
            Sel::Text { span, .. } => doc.session.cmd_annotate(span, ty),
            Sel::Item(Selection::Mention(m)) => doc.session.cmd_retype_mention(m, ty),
            _ => {
                self.status =
                    "Select some text first: click a word, shift-click or drag to extend.".into();
                return;
            }
        };
        match cmd {
            Ok(cmd) => {
                let new_ids = match &cmd {
                    Command::Batch { commands, .. } => commands.iter().find_map(|c| match c {
                        Command::AddMention(m) => Some(m.id),
                        Command::UpdateMention(m) => Some(m.id),
                        _ => None,
                    }),
                    _ => None,
                };
                if self.edit(cmd)
                    && let (Some(doc), Some(id)) = (self.doc.as_mut(), new_ids)
                {
                    doc.sel = Sel::Item(Selection::Mention(id));
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    /// An event-type key or palette click: a new event with the selected text as trigger, or a
    /// retyped event.
    fn event_key(&mut self, ty: &str) {
        let Some(doc) = self.doc.as_mut() else { return };
        match doc.sel {
            Sel::Item(Selection::Event(id)) => {
                if let Some(mut e) = doc.session.events.get(&id).cloned() {
                    e.event_type = ty.to_owned();
                    let valid_roles: Vec<String> = doc
                        .session
                        .schema
                        .event_type(ty)
                        .map(|t| t.roles.iter().map(|r| r.id.clone()).collect())
                        .unwrap_or_default();
                    e.arguments.retain(|a| valid_roles.contains(&a.role));
                    self.edit(Command::UpdateEvent(e));
                }
            }
            sel => {
                let trigger = sel.text_span();
                match doc.session.cmd_add_event(ty, trigger) {
                    Ok((id, cmd)) => {
                        if self.edit(cmd)
                            && let Some(doc) = self.doc.as_mut()
                        {
                            doc.sel = Sel::Item(Selection::Event(id));
                        }
                    }
                    Err(e) => self.status = format!("Not done: {e}"),
                }
            }
        }
    }

    fn delete_selected(&mut self) {
        let Some(doc) = self.doc.as_mut() else { return };
        let cmd = match doc.sel {
            Sel::Item(Selection::Mention(m)) => doc.session.cmd_delete_mention(m),
            Sel::Item(Selection::Event(e)) => doc.session.cmd_delete_event(e),
            Sel::Item(Selection::Relation(r)) => Ok(Command::RemoveRelation(r)),
            Sel::Item(Selection::Entity(e)) => {
                // Deleting a whole entity asks first, in the inspector.
                self.inspector.confirm_delete = Some(e);
                return;
            }
            _ => return,
        };
        match cmd {
            Ok(cmd) => {
                if self.edit(cmd)
                    && let Some(doc) = self.doc.as_mut()
                {
                    doc.sel = Sel::None;
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    pub(crate) fn view_events(&mut self, events: Vec<ViewEvent>) {
        for e in events {
            match e {
                ViewEvent::Select(sel) => self.push(Action::Pick(sel)),
            }
        }
    }

    /// A mention, trigger or entity was clicked: fill what is armed, or select it.
    fn pick(&mut self, sel: Sel) {
        let Some(armed) = self.armed.clone() else {
            if let Some(d) = self.doc.as_mut() {
                d.sel = sel;
            }
            return;
        };
        let Some(doc) = self.doc.as_mut() else { return };
        let s = &doc.session;
        match armed {
            Armed::Role { event, role } => {
                let (filler, mention) = match sel {
                    Sel::Item(Selection::Mention(m)) => match s.mentions.get(&m) {
                        Some(mm) => (Filler::Entity(mm.entity), Some(m)),
                        None => return,
                    },
                    Sel::Item(Selection::Entity(e)) => (Filler::Entity(e), None),
                    Sel::Item(Selection::Event(e)) => (Filler::Event(e), None),
                    Sel::None => {
                        self.armed = None;
                        self.status = "Cancelled.".into();
                        return;
                    }
                    _ => {
                        self.status = format!(
                            "Click an annotated mention (or an event trigger) to fill {role}; plain words must be annotated first."
                        );
                        return;
                    }
                };
                let Some(mut ev) = s.events.get(&event).cloned() else {
                    self.armed = None;
                    return;
                };
                ev.arguments.push(Argument {
                    role: role.clone(),
                    filler,
                    mention,
                });
                let label = s.filler_label(filler);
                if self.edit(Command::batch(
                    format!("{role}: {label}"),
                    vec![Command::UpdateEvent(ev)],
                )) {
                    self.status = format!("{role}: {label}. Click another to add more, or Esc.");
                }
                if let Some(d) = self.doc.as_mut() {
                    d.sel = Sel::Item(Selection::Event(event));
                }
            }
            Armed::Relation {
                from,
                relation_type,
            } => {
                let to = match sel {
                    Sel::Item(Selection::Mention(m)) => m,
                    Sel::None => {
                        self.armed = None;
                        self.status = "Cancelled.".into();
                        return;
                    }
                    _ => {
                        self.status = "Click an annotated mention to end the relation.".into();
                        return;
                    }
                };
                let (Some(a), Some(b)) =
                    (s.mentions.get(&from).cloned(), s.mentions.get(&to).cloned())
                else {
                    return;
                };
                self.armed = None;
                match doc
                    .session
                    .cmd_add_relation(&relation_type, a.entity, b.entity, None)
                {
                    Ok((rid, Command::AddRelation(mut r))) => {
                        r.from_mention = Some(from);
                        r.to_mention = Some(to);
                        if self.edit(Command::batch(
                            format!("{relation_type}: {} → {}", a.quote, b.quote),
                            vec![Command::AddRelation(r)],
                        )) && let Some(d) = self.doc.as_mut()
                        {
                            d.sel = Sel::Item(Selection::Relation(rid));
                        }
                    }
                    Ok(_) => {}
                    Err(e) => self.status = format!("Not done: {e}"),
                }
            }
        }
    }

    /// Annotate every find hit not yet annotated with this type, linked to one entity.
    pub fn annotate_all(&mut self, ty: &str) {
        let hits = self.view.hits.clone();
        let Some(doc) = self.doc.as_mut() else { return };
        match annotate_all_command(&mut doc.session, &hits, ty) {
            Ok((n, cmd)) => {
                if self.edit(cmd) {
                    self.status =
                        format!("Annotated {n} more occurrences. Ctrl+Z undoes them all.");
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    // ---- Keyboard ----

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let sc = |m: Modifiers, k: Key| KeyboardShortcut::new(m, k);
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let table: [(KeyboardShortcut, Action); 13] = [
            (sc(cmd_shift, Key::S), Action::SaveAs),
            (sc(Modifiers::COMMAND, Key::S), Action::Save),
            (sc(Modifiers::COMMAND, Key::O), Action::OpenSession),
            (sc(Modifiers::COMMAND, Key::N), Action::NewFromArticle),
            (sc(Modifiers::COMMAND, Key::Q), Action::Quit),
            (sc(cmd_shift, Key::Z), Action::Redo),
            (sc(Modifiers::COMMAND, Key::Z), Action::Undo),
            (sc(Modifiers::COMMAND, Key::Y), Action::Redo),
            (sc(Modifiers::COMMAND, Key::F), Action::ToggleFind),
            (sc(Modifiers::COMMAND, Key::Plus), Action::ZoomIn),
            (sc(Modifiers::COMMAND, Key::Equals), Action::ZoomIn),
            (sc(Modifiers::COMMAND, Key::Minus), Action::ZoomOut),
            (sc(Modifiers::COMMAND, Key::Num0), Action::ZoomReset),
        ];
        for (s, a) in table {
            if ctx.input_mut(|i| i.consume_shortcut(&s)) {
                if a == Action::ToggleFind {
                    // At once, so that the find field takes the keyboard before the next keys.
                    self.handle(a);
                } else {
                    self.push(a);
                }
            }
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.push(Action::ToggleShortcuts);
        }
        // Single keys only when no text field has the keyboard, or is about to: letters typed
        // right after Ctrl+F belong to the find field, not to the type hotkeys.
        if ctx.egui_wants_keyboard_input() || self.find.focus {
            return;
        }
        if self.doc.is_none() {
            return;
        }
        let keys: Vec<(Key, Modifiers)> = ctx.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::Key {
                        key,
                        pressed: true,
                        repeat: false,
                        modifiers,
                        ..
                    } => Some((*key, *modifiers)),
                    _ => None,
                })
                .collect()
        });
        let question = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::Text(t) if t == "?"))
        });
        if question {
            self.push(Action::ToggleShortcuts);
        }
        let Some(doc) = &self.doc else { return };
        let schema = &doc.session.schema;
        // Role keys while an event is selected, relation keys while a mention is.
        let event_roles: Vec<(char, String)> = match doc.sel {
            Sel::Item(Selection::Event(e)) => doc
                .session
                .events
                .get(&e)
                .and_then(|ev| schema.event_type(&ev.event_type))
                .map(|t| {
                    t.roles
                        .iter()
                        .filter_map(|r| r.hotkey.map(|k| (k, r.id.clone())))
                        .collect()
                })
                .unwrap_or_default(),
            _ => vec![],
        };
        let mention_selected = matches!(doc.sel, Sel::Item(Selection::Mention(_)));
        let mut out = Vec::new();
        for (key, m) in keys {
            if m.command || m.alt || m.ctrl {
                continue;
            }
            match key {
                Key::Escape => {
                    if self.show_shortcuts {
                        out.push(Action::ToggleShortcuts);
                    } else if self.armed.is_some() {
                        self.armed = None;
                        self.status = "Cancelled.".into();
                    } else {
                        out.push(Action::Select(Sel::None));
                    }
                    continue;
                }
                Key::Delete | Key::Backspace => {
                    out.push(Action::DeleteSelected);
                    continue;
                }
                _ => {}
            }
            let Some(ch) = key_char(key) else { continue };
            let ch = if m.shift { ch.to_ascii_uppercase() } else { ch };
            if let Some((_, role)) = event_roles.iter().find(|(k, _)| *k == ch) {
                out.push(Action::ArmRole(role.clone()));
            } else if let Some(t) = schema
                .relation_types
                .iter()
                .find(|t| mention_selected && t.hotkey == Some(ch))
            {
                out.push(Action::ArmRelation(t.id.clone()));
            } else if let Some(t) = schema.entity_types.iter().find(|t| t.hotkey == Some(ch)) {
                out.push(Action::EntityType(t.id.clone()));
            } else if let Some(t) = schema.event_types.iter().find(|t| t.hotkey == Some(ch)) {
                out.push(Action::EventType(t.id.clone()));
            }
        }
        self.actions.extend(out);
    }

    fn update_find(&mut self) {
        let Some(doc) = &self.doc else { return };
        if !self.find.open {
            return;
        }
        if self.find.query == self.find.last_query
            && self.find.regex == self.find.last_regex
            && self.find.last_hash == doc.session.article.hash
        {
            return;
        }
        self.find.last_query = self.find.query.clone();
        self.find.last_regex = self.find.regex;
        self.find.last_hash = doc.session.article.hash.clone();
        self.find.error = None;
        self.view.hits = if self.find.regex {
            match find_regex(&doc.session.article, &self.find.query) {
                Ok(h) => h,
                Err(e) => {
                    self.find.error = Some(e);
                    Vec::new()
                }
            }
        } else {
            let article = &doc.session.article;
            let finder = match self.find.finder.take() {
                Some(f) if f.is_for(article) => f,
                _ => crate::analysis::search::Finder::new(article),
            };
            let hits = finder.find(article, &self.find.query);
            self.find.finder = Some(finder);
            hits
        };
        self.view.current_hit = (!self.view.hits.is_empty()).then_some(0);
        if let Some(h) = self.view.hits.first() {
            self.view.scroll_to = Some(h.start);
        }
    }

    pub fn find_step(&mut self, forward: bool) {
        let n = self.view.hits.len();
        if n == 0 {
            return;
        }
        let cur = self.view.current_hit.unwrap_or(0);
        let next = if forward {
            (cur + 1) % n
        } else {
            (cur + n - 1) % n
        };
        self.view.current_hit = Some(next);
        let h = self.view.hits[next];
        self.view.scroll_to = Some(h.start);
        if let Some(d) = self.doc.as_mut() {
            d.sel = Sel::Text { anchor: h, span: h };
        }
    }

    fn apply_style(&mut self, ctx: &egui::Context) {
        let key = (self.prefs.dark, (self.prefs.zoom * 100.0) as u32);
        if self.applied_style == Some(key) {
            return;
        }
        ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        ctx.set_zoom_factor(self.prefs.zoom);
        self.applied_style = Some(key);
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.doc {
            Some(d) => format!(
                "Dossier — {}{}",
                d.name(),
                if d.is_dirty() { " *" } else { "" }
            ),
            None => "Dossier".to_owned(),
        };
        if title != self.title_shown {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_shown = title;
        }
    }

    pub fn window_title(&self) -> &str {
        &self.title_shown
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(p) = dropped.into_iter().next() {
            self.push(Action::Open(p));
        }
    }

    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            if self.doc.as_ref().is_some_and(Document::is_dirty) {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.guard = Some(Guarded::Quit);
            } else {
                self.closing = true;
                self.clear_recovery();
            }
        }
    }

    /// One frame: input, panels, then the queued actions.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_style(&ctx);
        self.close_request(&ctx);
        self.poll_loading(&ctx);
        self.finish_writing(false);
        if self.writing.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.autosave(&ctx);
        self.shortcuts(&ctx);
        self.dropped_files(&ctx);
        self.update_find();
        self.draw(ui);
        self.handle_actions();
        if self.closing {
            // Nothing half-written is left behind.
            self.finish_writing(true);
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.update_title(&ctx);
    }
}

/// A role or relation waiting for the analyst to click what fills it.
#[derive(Debug, Clone, PartialEq)]
pub enum Armed {
    Role {
        event: EventId,
        role: String,
    },
    Relation {
        from: MentionId,
        relation_type: String,
    },
}

/// Mentions of `ty` at every hit that has none of that type yet, all linked to one entity (an
/// existing one named like the first hit, or a new one): one undoable step.
pub fn annotate_all_command(
    s: &mut Session,
    hits: &[Span],
    ty: &str,
) -> Result<(usize, Command), EditError> {
    let Some(t) = s.schema.entity_type(ty) else {
        return Err(EditError(format!("unknown entity type {ty:?}")));
    };
    let type_name = t.name.clone();
    let done: std::collections::HashSet<Span> = s
        .mentions
        .values()
        .filter(|m| m.entity_type == ty)
        .map(|m| m.span)
        .collect();
    let todo: Vec<Span> = hits.iter().copied().filter(|h| !done.contains(h)).collect();
    let Some(first) = todo.first() else {
        return Err(EditError(
            "every match is already annotated with that type".into(),
        ));
    };
    let name = s
        .article
        .slice(*first)
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmds = Vec::new();
    let entity = match s
        .entities
        .values()
        .find(|e| e.entity_type == ty && e.is_named(&name))
    {
        Some(e) => e.id,
        None => {
            let id = EntityId(s.alloc_id());
            cmds.push(Command::AddEntity(Entity::new(
                id,
                name.clone(),
                ty.to_owned(),
            )));
            id
        }
    };
    for h in &todo {
        let id = MentionId(s.alloc_id());
        cmds.push(Command::AddMention(s.make_mention(id, *h, ty, entity)));
    }
    Ok((
        todo.len(),
        Command::batch(
            format!("annotate all {} “{name}” as {type_name}", todo.len()),
            cmds,
        ),
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardAnswer {
    Save,
    Discard,
    Cancel,
}

impl eframe::App for DossierApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.font_size = self.view.font_size;
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

fn key_char(key: Key) -> Option<char> {
    let name = key.name();
    let mut chars = name.chars();
    let c = chars.next()?;
    (chars.next().is_none() && c.is_ascii_alphanumeric()).then(|| c.to_ascii_lowercase())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn suggested_name(s: &Session) -> String {
    let base = s
        .article
        .source
        .as_deref()
        .map(|src| src.trim_start_matches("sample:"))
        .and_then(|src| {
            Path::new(src)
                .file_stem()
                .map(|x| x.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "session".into());
    format!("{base}.ron")
}

/// Every case-insensitive occurrence of `query` in the article, as char spans.
pub fn find_all(article: &Article, query: &str) -> Vec<Span> {
    crate::analysis::search::Finder::new(article).find(article, query)
}

/// Every match of a case-insensitive regular expression, as char spans; empty matches are skipped.
pub fn find_regex(article: &Article, pattern: &str) -> Result<Vec<Span>, String> {
    if pattern.is_empty() {
        return Ok(Vec::new());
    }
    let re = regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(re
        .find_iter(&article.text)
        .filter(|m| !m.is_empty())
        .filter_map(|m| {
            Some(Span::new(
                article.char_of(m.start())?,
                article.char_of(m.end())?,
            ))
        })
        .collect())
}
