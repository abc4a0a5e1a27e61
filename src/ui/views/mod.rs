//! The window's views. Each owns its view state, reads the frame's [`Context`] (the open
//! document, the open project, the window's settings) and returns the [`Action`]s the analyst
//! asked for; none changes the session or knows the app, which builds the context once a frame,
//! composes the views (`app::draw`) and applies what they return.

pub mod about;
pub mod analyst;
pub mod article;
pub mod article_info;
pub mod command_palette;
pub mod conflicts;
pub mod curate;
pub mod entity_inspector;
pub mod entity_list;
pub mod event_inspector;
pub mod event_list;
pub mod find_bar;
pub mod gazetteers;
pub mod inspector;
pub mod jobs;
pub mod keys_editor;
pub mod map;
pub mod mention_list;
pub mod menu_bar;
pub mod modals;
pub mod palette;
pub mod places;
pub mod project_list;
pub mod project_views;
pub mod recommender_jobs;
pub mod recommenders;
pub mod registry;
pub mod start;
pub mod status_bar;
pub mod suggestion_events;
pub mod suggestion_jobs;
pub mod suggestion_list;
pub mod timeline;

use super::action::{Action, Armed, Sel};
use crate::model::session::Selection;
use crate::model::{EntityId, History, Session};
use egui::{RichText, Ui};

/// What every view reads, built once a frame by the app: the open document, the open project
/// as the views see it, and the window's settings. A view that needs more (the registry page's
/// rows, the text's overlays) is handed that beside it, computed by the owner of the data.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub doc: Option<DocView<'a>>,
    pub project: Option<&'a ProjectView<'a>>,
    pub prefs: &'a crate::ui::prefs::Prefs,
    pub layout: crate::ui::layout::Choices,
    pub keymap: &'a crate::ui::commands::Keymap,
}

/// What views read about the open project.
pub struct ProjectView<'a> {
    pub project: &'a crate::model::project::Project,
    /// The article shown.
    pub current: Option<&'a str>,
    /// Articles that cannot be opened, and why.
    pub problems: &'a std::collections::BTreeMap<String, String>,
    /// Articles with unsaved changes.
    pub unsaved: std::collections::BTreeSet<&'a str>,
    /// (done, total) while the project index is being built.
    pub indexing: Option<(usize, usize)>,
    /// The index: the counts of the files as they are (after a pull, say).
    pub summary: &'a std::collections::BTreeMap<String, crate::io::project_index::ArticleIndex>,
}

/// What views read about the open document.
#[derive(Clone, Copy)]
pub struct DocView<'a> {
    pub session: &'a Session,
    pub history: &'a History,
    pub sel: Sel,
    /// A role or relation waiting for a click.
    pub armed: Option<&'a Armed>,
    /// Pieces of a discontinuous text selection before the current one.
    pub pieces: &'a [crate::model::Span],
}

impl DocView<'_> {
    /// The selected entity, or the entity of the selected mention.
    pub fn selected_entity(&self) -> Option<EntityId> {
        match self.sel {
            Sel::Item(Selection::Entity(e)) => Some(e),
            Sel::Item(Selection::Mention(m)) => self.session.mentions.get(&m).map(|m| m.entity),
            _ => None,
        }
    }
}

/// A table that fits any tile: its columns scroll sideways when the tile is narrower than they
/// are, and a cell too narrow for its text cuts it with "…" instead of wrapping it into a tall
/// row (a header a few pixels wide wrapped letter by letter and pushed the rows out of sight).
pub fn in_tile<R>(ui: &mut Ui, id_salt: &str, table: impl FnOnce(&mut Ui) -> R) -> R {
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    egui::ScrollArea::horizontal()
        .id_salt(id_salt)
        .show(ui, table)
        .inner
}

/// The name of a type (entity, event or relation) for display, its id when unknown.
pub fn type_name<'a>(name: Option<&'a String>, id: &'a str) -> &'a str {
    name.map_or(id, String::as_str)
}

/// A "not done" line in the status bar.
pub fn not_done(e: impl std::fmt::Display) -> Action {
    Action::Status(format!("Not done: {e}"))
}

/// An entity type's name in its colour (lists of mentions and suggestions).
pub fn entity_type_label(ui: &mut Ui, schema: &crate::model::Schema, type_id: &str) {
    let name = schema
        .entity_type(type_id)
        .map_or(type_id, |t| t.name.as_str());
    let c = schema.entity_color(type_id);
    let dark = ui.visuals().dark_mode;
    ui.label(RichText::new(name).color(crate::ui::colors::text(c, dark)));
}

/// Who made an annotation and when, as a small line under its heading (when the analyst gave
/// a name: a time alone says little and takes a line from a crowded inspector).
pub fn provenance(ui: &mut Ui, made: Option<&crate::model::provenance::Provenance>) {
    let Some(p) = made.filter(|p| !p.by.is_empty()) else {
        return;
    };
    let when = crate::io::recovery::format_time;
    let mut text = format!("{}, {}", p.by, when(p.created));
    if p.modified != p.created {
        text.push_str(&format!("; changed {}", when(p.modified)));
    }
    ui.label(RichText::new(text).small().weak());
}
