//! The app's state, by owner: the views (each with its own state), the workspace (the open
//! document and project, recovery), the background jobs of the window, and the prompts
//! waiting for an answer. `DossierApp` holds one of each besides what the frame needs.

use super::{Document, Guarded, Loading, Notice, OpenProject, WriteGate, Writing};
use super::{project_views, review};
use crate::model::EntityId;
use crate::ui::views;

/// Every view's own state.
#[derive(Default)]
pub struct Views {
    /// The article text.
    pub view: views::article::ArticleView,
    pub find: views::find_bar::FindBar,
    pub map: views::map::EntityMap,
    pub event_list: views::event_list::EventList,
    pub event_inspector: views::event_inspector::EventInspector,
    pub entity_inspector: views::entity_inspector::EntityInspector,
    pub mention_list: views::mention_list::MentionList,
    pub suggestions: views::suggestion_list::SuggestionList,
    pub palette: views::command_palette::CommandPalette,
    pub keys_editor: views::keys_editor::KeysEditor,
    pub article_info: views::article_info::ArticleInfoEditor,
    pub about: views::about::AboutWindow,
    pub analyst_name: views::analyst::AnalystName,
    pub gazetteer_prefs: views::gazetteers::GazetteerPrefs,
    pub recommender_prefs: views::recommenders::RecommenderPrefs,
    pub project_list: views::project_list::ProjectList,
    pub registry_tab: views::registry::RegistryTab,
    pub project_ui: project_views::ProjectUi,
    pub timeline: views::timeline::TimelineView,
    pub places: views::places::PlacesView,
}

impl Views {
    /// The views, those that start work on other threads (the map's layout, the suggestions)
    /// doing it through `jobs`.
    pub fn new(jobs: &crate::ui::jobs::Jobs) -> Self {
        let mut v = Self::default();
        v.suggestions.jobs = jobs.clone();
        v.map.set_jobs(jobs);
        v
    }
}

/// What is open: the document shown, the project it belongs to (with the other articles'
/// documents parked in it), and this instance's recovery files.
#[derive(Default)]
pub struct Workspace {
    pub doc: Option<Document>,
    /// The open project, if any; `doc` is then its article shown.
    pub project: Option<OpenProject>,
    /// This instance's recovery files; `None` when no data folder could be had.
    pub recovery: Option<crate::io::recovery::Recovery>,
    /// Recovery files of instances that ended with unsaved work, offered at start.
    pub orphans: Vec<crate::io::recovery::Orphan>,
    /// When and at which state the last autosave happened.
    pub(super) last_autosave: Option<(std::time::Instant, u64, bool)>,
}

impl Workspace {
    /// The open project as the views see it.
    pub fn project_view(&self) -> Option<views::ProjectView<'_>> {
        let op = self.project.as_ref()?;
        let mut unsaved: std::collections::BTreeSet<&str> = op.unsaved_parked().collect();
        if let (Some(cur), Some(d)) = (op.current.as_deref(), &self.doc)
            && d.is_dirty()
        {
            unsaved.insert(cur);
        }
        Some(views::ProjectView {
            project: &op.project,
            current: op.current.as_deref(),
            problems: &op.problems,
            unsaved,
            indexing: op.indexing.as_ref().map(|j| (j.done(), j.total)),
            summary: &op.summary,
        })
    }
}

/// Work on other threads: the one list every thread is started from (`runner`, handed to the
/// views that start work of their own: the map, the suggestions, curation, the project), and
/// the window's own tasks: a file being read, a big session being written, gazetteers loaded.
pub struct Jobs {
    pub runner: crate::ui::jobs::Jobs,
    /// A file being read on another thread.
    pub loading: Option<Loading>,
    /// A save or autosave of a big session being written on another thread.
    pub writing: Option<Writing>,
    /// Gazetteer files being read on another thread.
    pub(super) gaz_loading: Option<review::GazLoading>,
    /// Sessions with more mentions than this save in the background
    /// ([`super::BACKGROUND_SAVE_MENTIONS`]; tests lower it).
    pub background_save_mentions: usize,
    /// Tests hold background writes back with this; `None` in the app.
    pub write_gate: Option<WriteGate>,
}

impl Default for Jobs {
    fn default() -> Self {
        Self {
            runner: crate::ui::jobs::Jobs::default(),
            loading: None,
            writing: None,
            gaz_loading: None,
            background_save_mentions: super::BACKGROUND_SAVE_MENTIONS,
            write_gate: None,
        }
    }
}

/// What waits for the analyst's answer or eyes, over the window.
#[derive(Default)]
pub struct Prompts {
    pub notice: Option<Notice>,
    /// An action that would throw away unsaved work, until the analyst answers.
    pub guard: Option<Guarded>,
    /// An entity whose deletion waits for the analyst's yes.
    pub confirm_delete: Option<EntityId>,
    pub show_shortcuts: bool,
}
