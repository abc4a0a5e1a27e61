//! What the analyst can ask for. Views, menus, the keyboard and the command palette return
//! [`Action`]s; the app applies them in one place (`app::actions`), so every path — and the
//! tests — go the same way.

use super::commands::CommandId;
use crate::analysis::export::Format;
use crate::model::session::Selection;
use crate::model::{Command, EntityId, EventId, MentionId, RelationId, Span};
use std::path::PathBuf;

/// What the analyst has selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sel {
    #[default]
    None,
    /// A range of text not yet annotated; `anchor` is where shift-click extends from.
    Text {
        anchor: Span,
        span: Span,
    },
    Item(Selection),
}

impl Sel {
    pub fn text_span(&self) -> Option<Span> {
        match self {
            Sel::Text { span, .. } => Some(*span),
            _ => None,
        }
    }

    pub fn event(&self) -> Option<EventId> {
        match self {
            Sel::Item(Selection::Event(e)) => Some(*e),
            _ => None,
        }
    }

    pub fn mention(&self) -> Option<MentionId> {
        match self {
            Sel::Item(Selection::Mention(m)) => Some(*m),
            _ => None,
        }
    }

    pub fn relation(&self) -> Option<RelationId> {
        match self {
            Sel::Item(Selection::Relation(r)) => Some(*r),
            _ => None,
        }
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

/// The answer to "save your changes first?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardAnswer {
    Save,
    Discard,
    Cancel,
}

/// What the analyst can do with the registry.
#[derive(Debug, Clone, PartialEq)]
pub enum RegistryAction {
    /// Link the article's entity to this registry entry.
    Link(EntityId, String),
    Unlink(EntityId),
    /// A new registry entry made from the article's entity, linked to it.
    NewFrom(EntityId),
    /// Link every entity of the article with exactly one proposal of the same name or KB id.
    LinkAllClear,
    /// Merge the first entry into the second.
    Merge(String, String),
    /// Split an entry off the one it was merged into.
    Split(String),
    Rename(String, String),
    /// Remove an entry no article links to.
    Remove(String),
    Undo,
    Redo,
    /// Show this entry's page.
    Show(String),
    /// Resolve the project's recorded registry conflict i: keep mine (false), take theirs (true).
    Resolve(usize, bool),
}

/// Everything the analyst can ask for.
// A few actions are queued a frame and then applied: an edit inline costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    NewFromArticle,
    /// A new session from the article on the clipboard.
    NewFromClipboard,
    OpenSession,
    Open(PathBuf),
    OpenSample(usize),
    ImportBrat,
    /// The project, its articles, finding in them.
    Project(ProjectAction),
    /// The tools around the annotations: text updates, dates, merge conflicts, the analyst.
    Tool(ToolAction),
    /// Suggested mentions and events, their review, where they come from.
    Suggest(SuggestAction),
    /// Comparing with another analyst's session, curating, placing orphaned annotations.
    Curate(Curate),
    /// A change of the project registry or of a link to it.
    Registry(RegistryAction),
    /// Export through a save dialog; the map formats export the map as shown.
    Export(Format),
    /// Save the world map as shown (this SVG) through a save dialog, as SVG or PNG.
    SaveWorldMap {
        svg: String,
        png: bool,
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
    /// Make an event of this type from the selected text as trigger (or retype the selected
    /// event).
    EventType(String),
    DeleteSelected,
    /// Ask before deleting an entity with everything that uses it.
    ConfirmDeleteEntity(EntityId),
    /// The delete prompt was answered.
    DeleteEntityAnswered(Option<EntityId>),
    Select(Sel),
    /// Ctrl+click or Ctrl+drag: keep the selected text as a piece of a discontinuous
    /// selection; the next words start the next piece.
    AddPiece,
    /// The current piece of a discontinuous selection changed (during a Ctrl+drag).
    SelectPiece(Sel),
    /// Esc: close an overlay, cancel an armed role or relation, or clear the selection.
    Cancel,
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
    /// Merge the second entity into the first.
    MergeEntities(EntityId, EntityId),
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
    /// Open (or close) an event's editor window.
    EditEventInWindow(Option<EventId>),
    /// Open the find bar (or take the keyboard to it), its query selected to type over.
    Find,
    CloseFind,
    /// Go to the next (or previous) find hit.
    FindStep {
        forward: bool,
    },
    ToggleShortcuts,
    ToggleCommandPalette,
    ToggleKeysEditor,
    /// Show or hide File ▸ Article details.
    ToggleArticleInfo,
    /// Show or hide Help ▸ About.
    ToggleAbout,
    ToggleTheme,
    /// A change of the window's layout: a view shown, a named layout, the map's window.
    Layout(crate::ui::layout::LayoutAction),
    SetFontSize(f32),
    ZoomIn,
    ZoomOut,
    ZoomReset,
    /// The keys editor gave a command these shortcuts.
    SetShortcuts(CommandId, Vec<egui::KeyboardShortcut>),
    /// Back to a command's default shortcuts.
    ResetShortcuts(CommandId),
    /// Say something in the status bar.
    Status(String),
    /// Answers to the app's prompts.
    AnswerGuard(GuardAnswer),
    DismissNotice,
    /// Stop a piece of work on another thread (from the list of jobs or its prompt).
    CancelJob(crate::ui::jobs::JobId),
    RestoreOrphan(usize),
    DiscardOrphan(usize),
    /// Close the recovery prompt, keeping the files for the next start.
    KeepOrphans,
}

/// Curation steps (`app::curate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curate {
    /// Pick another session of the article to compare with.
    Open,
    Close,
    /// Stop the comparison or text update running on another thread.
    Cancel,
    Next,
    Previous,
    Go(usize),
    Take(crate::analysis::curate::Choice),
    /// Place orphaned annotation i on the selected text.
    PlaceOrphan(usize),
    DropOrphan(usize),
}

/// The keyboard review of suggestions, Prodigy-style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    Next,
    Previous,
    Accept,
    /// Drop this occurrence (until the article is reopened).
    Skip,
    AcceptString,
    /// Never suggest this string again (saved in the session).
    RejectString,
}

/// What the analyst can do with the project and its articles (`app::project`).
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectAction {
    New,
    Open,
    /// Open the project in this folder (dropped on the window, a recent project).
    OpenFolder(PathBuf),
    /// Add articles through the file dialog.
    Add,
    /// Add these files and folders (dropped on the window).
    AddPaths(Vec<PathBuf>),
    SaveAll,
    Close,
    /// Show this article of the project (by its session file).
    OpenArticle(String),
    /// Show this article of the project and go to this char.
    OpenArticleAt(String, usize),
    RemoveArticle(String),
    SetArticleStatus(String, crate::model::project::ArticleStatus),
    /// Find text (or a regular expression, with true) in every article of the project.
    Find(String, bool),
}

/// The tools around the annotations (`app::actions`).
#[derive(Debug, Clone, PartialEq)]
pub enum ToolAction {
    /// The analyst's name, recorded with the annotations they make.
    SetAnalyst(String),
    ToggleAnalystName,
    /// Read a changed version of the article and move the annotations onto it.
    UpdateArticleText,
    /// The same from the file the article was imported from.
    UpdateFromSource,
    /// Give the event the date its text proposes.
    AcceptDate(EventId),
    /// The same for the selected event (the key).
    AcceptSelectedDate,
    /// Resolve recorded merge conflict i: keep mine (false) or take theirs (true).
    ResolveConflict(usize, bool),
}

/// Suggestions: accepting, reviewing, where they come from (`app::review`).
#[derive(Debug, Clone, PartialEq)]
pub enum SuggestAction {
    /// Add these suggestions as mentions of their entities (one undoable step).
    Accept(Vec<crate::model::Accepted>),
    /// Add this draft event (trigger and proposed arguments) and select it for editing.
    AcceptEvent(Box<crate::analysis::lexicon::EventSuggestion>),
    /// A step of the keyboard review of suggestions.
    Review(Review),
    /// Put this suggestion in focus (and the text there).
    Focus(crate::model::Span),
    /// Show or hide suggestions in the text.
    ToggleShown,
    /// Turn the tagger that learns from the analyst's annotations on or off.
    ToggleTagger,
    /// Show or hide Edit ▸ Preferences ▸ Gazetteers.
    ToggleGazetteers,
    /// The gazetteers in use changed (the bundled list on or off, files added or removed).
    SetGazetteers {
        world: bool,
        files: Vec<std::path::PathBuf>,
    },
    /// Show or hide Edit ▸ Preferences ▸ Recommenders.
    ToggleRecommenders,
    /// The external recommenders in use changed.
    SetRecommenders(Vec<crate::io::recommender::Recommender>),
    /// Ask the recommenders again about the article shown.
    AskRecommenders,
}
