//! The application: the open document, the views, and the one place where the analyst's actions
//! are applied. Split by concern: `actions` (applying actions and edits), `document`
//! (open/save/import/export and their background jobs), `autosave` (recovery files), `find`
//! (find hits) and `keys` (keyboard → actions).

mod actions;
mod autosave;
mod curate;
mod document;
mod find;
mod jobs;
mod keys;
mod panels;
mod project;
mod project_jobs;
mod project_views;
mod registry;
mod review;
mod state;
mod tiles;

pub use super::action::{Action, Armed, GuardAnswer, Sel};
use super::commands::Keymap;
use super::dialogs::{FileDialogs, NativeDialogs};
pub use super::prefs::Prefs;
use super::views::{self, DocView};
use crate::model::*;
use crate::ui::layout::{Layout, LayoutAction};
pub use document::{BACKGROUND_BYTES, BACKGROUND_SAVE_MENTIONS, BRAT_BACKGROUND_BYTES};
pub use jobs::{LoadKind, Loaded, Loading, WriteGate, Writing};
pub use project::OpenProject;
pub use state::{Jobs, Prompts, Views, Workspace};
use std::path::PathBuf;

const PREFS_KEY: &str = "dossier-prefs";
/// The tiled layout is kept apart from the preferences: a layout saved by another version that
/// no longer reads costs the layout, not the recent files.
const LAYOUT_KEY: &str = "dossier-layout";

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
    /// Pieces of a discontinuous text selection before the current one (Ctrl+click).
    pub pieces: Vec<Span>,
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
            pieces: Vec::new(),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty() || self.view_dirty || self.recovered
    }

    /// The file name, or the article's title while the session has no file.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => document::file_name(p),
            None => self.session.article.title.clone(),
        }
    }

    pub fn selected_entity(&self) -> Option<EntityId> {
        self.view(None).selected_entity()
    }

    /// What the views read of it.
    pub fn view<'a>(&'a self, armed: Option<&'a Armed>) -> DocView<'a> {
        DocView {
            session: &self.session,
            history: &self.history,
            sel: self.sel,
            armed,
            pieces: &self.pieces,
        }
    }
}

/// An error or warning shown in a modal until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// An action that would throw away unsaved work, waiting for the analyst's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Guarded {
    ImportBrat,
    Open(PathBuf),
    OpenSample(usize),
    NewFromArticle,
    NewFromClipboard,
    OpenSession,
    OpenProject,
    NewProject,
    CloseProject,
    /// Open this project folder (dropped on the window, or a recent project).
    OpenProjectAt(PathBuf),
    Quit,
}

pub struct DossierApp {
    /// What is open: the document, the project, recovery.
    pub ws: Workspace,
    /// Every view's own state.
    pub views: Views,
    /// The window's work on other threads.
    pub jobs: Jobs,
    /// Notices and questions waiting for the analyst.
    pub prompts: Prompts,
    /// The window's tiles, named layouts and where the map is.
    pub layout: Layout,
    pub dialogs: Box<dyn FileDialogs>,
    pub prefs: Prefs,
    pub keymap: Keymap,
    /// Where the keymap is saved when the analyst changes it; `None` keeps changes in memory.
    pub keys_path: Option<PathBuf>,
    /// The last thing that happened, for the status bar.
    pub status: String,
    /// Set once the window may close (nothing unsaved, or the analyst chose).
    pub closing: bool,
    /// A role or relation waiting for a click.
    pub armed: Option<Armed>,
    pub(crate) actions: Vec<Action>,
    /// The commands the keyboard fired in the last frame that fired any (tests read it).
    pub fired: Vec<super::commands::CommandId>,
    /// A comparison being curated, and comparisons or text updates on their way.
    pub curation: curate::CurateUi,
    /// The find hits' cache (the lowercased article).
    search: find::Search,
    title_shown: String,
    applied_style: Option<(bool, u32)>,
    was_focused: bool,
}

impl DossierApp {
    pub fn new(dialogs: Box<dyn FileDialogs>, prefs: Prefs) -> Self {
        let jobs = Jobs::default();
        let mut views = Views::new(&jobs.runner);
        views.view.font_size = prefs.font_size;
        let mut app = Self {
            ws: Workspace::default(),
            views,
            jobs,
            prompts: Prompts::default(),
            layout: Layout::default(),
            dialogs,
            prefs,
            keymap: Keymap::default(),
            keys_path: None,
            status: "Open an article to start.".into(),
            closing: false,
            armed: None,
            actions: Vec::new(),
            fired: Vec::new(),
            curation: Default::default(),
            search: Default::default(),
            title_shown: String::new(),
            applied_style: None,
            was_focused: true,
        };
        app.load_gazetteers();
        app.views
            .suggestions
            .set_recommenders(app.prefs.recommenders.clone());
        app
    }

    /// Use the keymap file at `path` (read now, written when the analyst changes a key); its
    /// problems, conflicts included, are shown.
    pub fn with_keys(mut self, path: PathBuf) -> Self {
        let (map, mut problems) = Keymap::load(&path);
        problems.extend(map.conflicts(None));
        self.keymap = map;
        self.keys_path = Some(path.clone());
        if !problems.is_empty() {
            self.prompts.notice = Some(Notice {
                title: "Some keyboard shortcuts were not used".into(),
                body: format!(
                    "{}\n\nFix {} by hand or in Edit ▸ Preferences ▸ Keys.",
                    problems.join("\n"),
                    path.display()
                ),
            });
        }
        self
    }

    /// The real app, with native dialogs, saved preferences, the analyst's keys and recovery.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let prefs = cc
            .storage
            .and_then(|s| eframe::get_value::<Prefs>(s, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self::new(Box::new(NativeDialogs), prefs);
        if let Some(layout) = cc
            .storage
            .and_then(|s| eframe::get_value::<Layout>(s, LAYOUT_KEY))
        {
            app.layout = layout;
        }
        // The name recorded with the analyst's annotations: from DOSSIER_ANALYST when set (a
        // team's scripts), else asked once, at the first start.
        if let Ok(name) = std::env::var("DOSSIER_ANALYST") {
            app.prefs.analyst = Some(name);
        }
        app.views.analyst_name.open = app.prefs.analyst.is_none();
        if let Some(path) = super::commands::keys_path() {
            app = app.with_keys(path);
        }
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

    fn push_all(&mut self, actions: Vec<Action>) {
        self.actions.extend(actions);
    }

    /// One frame: input, panels, then the queued actions.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_style(&ctx);
        self.close_request(&ctx);
        self.poll_loading(&ctx);
        self.poll_gazetteers();
        self.poll_project(&ctx);
        self.poll_curation(&ctx);
        self.views.suggestions.set_tagger(self.prefs.tagger);
        if self.jobs.gaz_loading.is_some() || self.views.suggestions.poll() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if let Some(e) = self.views.suggestions.take_recommender_error() {
            self.prompts.notice = Some(Notice {
                title: "A recommender could not be used".into(),
                body: format!(
                    "{e}\n\nNothing was suggested from it; your work is as it was. \
                     Edit ▸ Preferences ▸ Recommenders lists what each answered."
                ),
            });
        }
        self.finish_writing(false);
        if self.jobs.writing.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.autosave(&ctx);
        self.keys(&ctx);
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

    /// Lay out the panels and let each view show itself; what they ask for is queued.
    fn draw(&mut self, ui: &mut egui::Ui) {
        self.layout.sync_visibility(self.ws.project.is_some());
        let running = self.running_jobs();
        // What every view reads, built once for the frame.
        let project = self.ws.project_view();
        let cx = views::Context {
            doc: self.ws.doc.as_ref().map(|d| d.view(self.armed.as_ref())),
            project: project.as_ref(),
            prefs: &self.prefs,
            layout: self.layout.choices(),
            keymap: &self.keymap,
        };
        let mut out = egui::Panel::top("menu")
            .show(ui, |ui| views::menu_bar::show(ui, &cx))
            .inner;
        let status = egui::Panel::bottom("status").show(ui, |ui| {
            let doc = self.ws.doc.as_ref().map(|d| views::status_bar::DocStatus {
                name: d.name(),
                dirty: d.is_dirty(),
                has_file: d.path.is_some(),
                session: &d.session,
            });
            views::status_bar::show(ui, doc, &self.status, &running)
        });
        out.extend(status.inner);
        if self.ws.doc.is_some() || self.ws.project.is_some() {
            let mut panes = tiles::Panes {
                cx,
                doc: self.ws.doc.as_ref(),
                project: self.ws.project.as_ref(),
                curation: &self.curation,
                views: &mut self.views,
                out: Vec::new(),
            };
            out.extend(panels::show(ui, &mut panes, &mut self.layout.tree));
        } else {
            let start = egui::CentralPanel::default()
                .show(ui, |ui| views::start::show(ui, &self.prefs.recent));
            out.extend(start.inner);
        }
        self.push_all(out);
        self.prompts(ui.ctx());
        views::modals::drop_hint(ui.ctx());
    }

    /// The modal prompts and the floating windows, one at a time where they block.
    fn prompts(&mut self, ctx: &egui::Context) {
        use views::modals;
        let mut out = Vec::new();
        if let Some(l) = &self.jobs.loading {
            out.extend(modals::loading(
                ctx,
                l.kind.verb(),
                &l.path,
                l.bytes,
                l.started,
                Action::CancelJob(l.task.id()),
            ));
        } else if !self.ws.orphans.is_empty() {
            out.extend(modals::recovery(ctx, &self.ws.orphans));
        } else {
            if let Some(n) = &self.prompts.notice {
                out.extend(modals::notice(ctx, &n.title, &n.body));
            }
            if let Some(g) = &self.prompts.guard {
                out.extend(modals::guard(ctx, g == &Guarded::Quit));
            }
            if let (Some(id), Some(doc)) = (self.prompts.confirm_delete, &self.ws.doc) {
                out.extend(modals::confirm_delete(ctx, &doc.session, id));
            }
            if let (Some(id), Some(doc)) = (self.views.event_list.editing, &self.ws.doc) {
                let dv = doc.view(self.armed.as_ref());
                out.extend(self.views.event_inspector.window(ctx, dv, id));
            }
            if self.prompts.show_shortcuts {
                let schema = self.ws.doc.as_ref().map(|d| &d.session.schema);
                out.extend(modals::shortcuts(ctx, &self.keymap, schema));
            }
            if self.views.palette.open {
                let dv = self.ws.doc.as_ref().map(|d| d.view(self.armed.as_ref()));
                out.extend(self.views.palette.show(
                    ctx,
                    &self.keymap,
                    dv,
                    self.ws.project.is_some(),
                ));
            }
            if let (true, Some(doc)) = (self.views.article_info.open, &self.ws.doc) {
                out.extend(self.views.article_info.show(ctx, &doc.session.article));
            }
            if self.views.about.open {
                out.extend(self.views.about.show(ctx));
            }
            if self.views.keys_editor.open {
                let schema = self.ws.doc.as_ref().map(|d| &d.session.schema);
                out.extend(self.views.keys_editor.show(ctx, &self.keymap, schema));
            }
            if self.views.gazetteer_prefs.open {
                out.extend(self.gazetteer_window(ctx));
            }
            if self.views.recommender_prefs.open {
                let asked = views::recommenders::Asked {
                    messages: self.views.suggestions.recommender_messages(),
                    running: self.views.suggestions.asking(),
                };
                out.extend(self.views.recommender_prefs.show(
                    ctx,
                    &self.prefs.recommenders,
                    &asked,
                ));
            }
            if self.views.analyst_name.open {
                out.extend(
                    self.views
                        .analyst_name
                        .show(ctx, self.prefs.analyst.as_deref()),
                );
            }
        }
        self.push_all(out);
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
        let project = self
            .ws
            .project
            .as_ref()
            .map(|p| format!(" — project {}", p.project.name))
            .unwrap_or_default();
        let title = match &self.ws.doc {
            Some(d) => format!(
                "Dossier — {}{}{project}",
                d.name(),
                if d.is_dirty() { " *" } else { "" }
            ),
            None => format!("Dossier{project}"),
        };
        if title != self.title_shown {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_shown = title;
        }
    }

    pub fn window_title(&self) -> &str {
        &self.title_shown
    }

    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            if self.unsaved() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.prompts.guard = Some(Guarded::Quit);
            } else {
                self.closing = true;
                self.clear_recovery();
            }
        }
    }
}

impl eframe::App for DossierApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.font_size = self.views.view.font_size;
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
        eframe::set_value(storage, LAYOUT_KEY, &self.layout);
    }
}

/// The first letter upper-case: status lines from command labels.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The map in a window of its own (an OS window where the platform has several; inside the
/// main window otherwise). Closing it puts the map back in the layout.
fn map_window(
    ctx: &egui::Context,
    map: &mut views::map::EntityMap,
    dv: DocView<'_>,
) -> Vec<Action> {
    let title = format!("Map — {}", dv.session.article.title);
    let builder = egui::ViewportBuilder::default()
        .with_title(title)
        .with_inner_size([960.0, 720.0]);
    let id = egui::ViewportId::from_hash_of("map-window");
    ctx.show_viewport_immediate(id, builder, |ui, _| {
        let mut out = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| out.extend(map.show(ui, dv)));
        if ui.input(|i| i.viewport().close_requested()) {
            out.push(Action::Layout(LayoutAction::MapWindow));
        }
        out
    })
}
