//! Every user command, declared once: its name, default shortcuts, menu and tooltip. Key
//! handling, the menus, the F1 overlay and the command palette are all generated from
//! [`COMMANDS`]; a `keys.ron` in the config folder overrides the shortcuts. The schema's type,
//! role and relation keys are declared by the schema itself and listed beside these.

use super::action::{Action, Curate, Review};
pub use super::keymap::{
    KeyContext, Keymap, context_of, display, hotkey_shortcut, is_modifier, keys_path,
    parse_shortcut, schema_keys, shortcut_text,
};
use super::layout::{LayoutAction, NamedLayout, Pane};
use crate::analysis::curate::Choice;
use crate::analysis::export::Format;
use crate::ui::action::{ProjectAction, SuggestAction, ToolAction};

/// The commands of the command table. The variant's name is its id in `keys.ron`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommandId {
    NewFromArticle,
    NewFromClipboard,
    OpenSession,
    ImportBrat,
    NewProject,
    OpenProject,
    AddToProject,
    SaveAll,
    CloseProject,
    ShowRegistry,
    ShowProjectMap,
    ShowProjectEvents,
    FindInProject,
    ShowArticles,
    ExportBrat,
    ExportCsv,
    ExportJsonLd,
    ExportGraphMl,
    ExportSvg,
    ExportPng,
    ExportHtml,
    ExportGeoJson,
    ArticleDetails,
    UpdateArticleText,
    UpdateFromSource,
    Save,
    SaveAs,
    Quit,
    Undo,
    Redo,
    Find,
    FindNext,
    FindPrevious,
    DeleteSelected,
    AcceptDate,
    Cancel,
    ShowInspector,
    ShowMap,
    ShowEntities,
    ShowEvents,
    ShowMentions,
    ShowTimeline,
    ShowPlaces,
    ShowSuggestions,
    NextSuggestion,
    PreviousSuggestion,
    AcceptSuggestion,
    SkipSuggestion,
    AcceptSuggestionString,
    RejectSuggestionString,
    ToggleSuggestions,
    Gazetteers,
    Recommenders,
    LayoutAnnotate,
    LayoutExplore,
    LayoutReview,
    LayoutProject,
    LayoutCurate,
    ResetLayout,
    MapWindow,
    TogglePalette,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    CommandPalette,
    Shortcuts,
    About,
    KeysEditor,
    AnalystName,
    CompareWith,
    NextDifference,
    PreviousDifference,
    KeepA,
    TakeB,
    TakeNeither,
    CloseComparison,
}

/// What a command needs to mean anything: the first word of its row in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    /// An open document.
    Document,
    /// An open project.
    Project,
    /// A suggestion in focus: its keys (Enter, Delete, A, R) mean other things otherwise.
    Suggestion,
}

/// One row of the command table.
pub struct CommandDef {
    /// What it needs to mean anything (the menus grey it out, the keys and the palette skip it).
    pub needs: Needs,
    pub id: CommandId,
    /// Its id in `keys.ron`.
    pub key: &'static str,
    /// What menus and the palette call it.
    pub name: &'static str,
    /// The menu it sits in ("File", "File/Export", …); empty for keyboard-only commands.
    pub menu: &'static str,
    /// Default shortcuts: `Cmd` is Ctrl, or ⌘ on macOS.
    pub shortcuts: &'static [&'static str],
    pub tooltip: &'static str,
}

macro_rules! commands {
    ($($needs:ident $id:ident, $name:expr, $menu:expr, [$($sc:expr),*], $tip:expr;)*) => {
        /// The command table.
        pub const COMMANDS: &[CommandDef] = &[$(CommandDef {
            needs: Needs::$needs,
            id: CommandId::$id,
            key: stringify!($id),
            name: $name,
            menu: $menu,
            shortcuts: &[$($sc),*],
            tooltip: $tip,
        }),*];
    };
}

commands! {
    Nothing NewFromArticle, "New from article…", "File", ["Cmd+N"], "Open an article (text, Markdown, HTML) as a new session";
    Nothing NewFromClipboard, "New from clipboard", "File", ["Cmd+Shift+V"], "Start a session from the article copied in a browser or editor (HTML when the clipboard holds it, else text)";
    Nothing OpenSession, "Open session…", "File", ["Cmd+O"], "Open a saved session (.ron)";
    Nothing ImportBrat, "Import brat (.ann)…", "File", [], "Read a brat standoff document with its .txt and annotation.conf";
    Nothing NewProject, "New project…", "Project", [], "Make a project in a folder: one session per article, one entity registry (a folder of articles becomes the project's articles)";
    Nothing OpenProject, "Open project…", "Project", ["Cmd+Shift+O"], "Open a project folder (the one holding dossier-project.ron)";
    Project AddToProject, "Add articles…", "Project", [], "Add articles (text, Markdown, HTML, PDF) or brat documents to the project; dropping files or a folder on the window does the same";
    Project SaveAll, "Save all", "Project", ["Cmd+Alt+S"], "Save every article of the project with unsaved changes";
    Project CloseProject, "Close project", "Project", [], "Close the project (asks about unsaved articles)";
    Project ShowRegistry, "Show the registry", "View/Project", ["Cmd+6"], "The project registry: who is who across articles, merges, and every mention";
    Project ShowProjectMap, "Show the project map", "View/Project", ["Cmd+7"], "The map of the whole project: registry entries linked by every article's events and relations";
    Project ShowProjectEvents, "Show the project's events", "View/Project", ["Cmd+8"], "Every event of every article, by date";
    Project FindInProject, "Find in project…", "Project", ["Cmd+Shift+F"], "Find text or a regular expression in every article of the project";
    Project ShowArticles, "Show the article list", "View/Project", [], "The project's articles, with their status and counts";
    Document ExportBrat, "brat standoff…", "File/Export", [], "The .txt, .ann and annotation.conf for brat and INCEpTION";
    Document ExportCsv, "CSV event table…", "File/Export", [], "One row per event, for spreadsheets";
    Document ExportJsonLd, "W3C Web Annotation JSON-LD…", "File/Export", [], "One annotation per mention and event, for annotation stores";
    Document ExportGraphMl, "Map as GraphML…", "File/Export", [], "The map as shown (filters, positions) for Gephi, yEd, networkx";
    Document ExportSvg, "Map picture (SVG)…", "File/Export", [], "The map as shown, as a picture";
    Document ExportPng, "Map picture (PNG)…", "File/Export", [], "The map as shown, as a PNG at twice its size (slides, documents)";
    Document ExportHtml, "Report (HTML)…", "File/Export", [], "One self-contained HTML file to share: the article with its spans, the entities, the events, the map and the timeline (prints to a clean PDF)";
    Document ExportGeoJson, "Places as GeoJSON…", "File/Export", [], "The places with coordinates as points and the events at them, for QGIS and geojson.io";
    Document UpdateArticleText, "Update article text…", "File", [], "Read a changed version of the article (text, Markdown, HTML, PDF) and move every annotation onto it; what cannot be placed is kept and listed (undoable)";
    Document UpdateFromSource, "Update article text from its source", "File", [], "Read the file the article was imported from again (a corrected or updated version saved over it) and move every annotation onto it (undoable)";
    Document ArticleDetails, "Article details…", "File", ["Cmd+I"], "Title, author, date, publication, language and address of the article; correct them here";
    Document Save, "Save", "File", ["Cmd+S"], "Save the session (asks for a file name the first time)";
    Document SaveAs, "Save as…", "File", ["Cmd+Shift+S"], "Save the session under another name";
    Nothing Quit, "Quit", "File", ["Cmd+Q"], "Close the window (asks about unsaved changes)";
    Nothing Undo, "Undo", "Edit", ["Cmd+Z"], "Undo the last edit";
    Nothing Redo, "Redo", "Edit", ["Cmd+Shift+Z", "Cmd+Y"], "Redo the edit undone last";
    Document Find, "Find…", "Edit", ["Cmd+F"], "Find text or a regular expression; Annotate all marks every hit";
    Document FindNext, "Find next", "Edit", ["F3"], "Go to the next find hit";
    Document FindPrevious, "Find previous", "Edit", ["Shift+F3"], "Go to the previous find hit";
    Document DeleteSelected, "Delete selected", "Edit", ["Delete", "Backspace"], "Remove the selected mention, event, relation or entity";
    Document AcceptDate, "Accept the proposed date", "Edit", ["Cmd+D"], "Give the selected event the date its text proposes (its Time argument, or the nearest date in its sentence, resolved against the publication date)";
    Nothing Cancel, "Cancel / clear selection", "", ["Escape"], "Close an overlay, cancel an armed role or relation, or clear the selection";
    Document ShowInspector, "Show the inspector", "View", [], "The selected mention, entity, event or relation, to edit";
    Document ShowMap, "Show the map", "View", ["Cmd+1"], "The entity map: entities as nodes, events and relations as edges";
    Document ShowEntities, "Show the entity list", "View", ["Cmd+2"], "The entities, by type";
    Document ShowEvents, "Show the event list", "View", ["Cmd+3"], "The events: who did what to whom, where, when";
    Document ShowMentions, "Show the mention list", "View", ["Cmd+4"], "Every mention, in text order";
    Document ShowTimeline, "Show the timeline", "View", ["Cmd+9"], "Events on a time axis, in lanes by type or actor (in a project, every article's)";
    Document ShowPlaces, "Show the world map", "View", ["Cmd+Shift+W"], "The places of the article (or the project) on a map of the world, with the events at them; pin the ones it cannot place";
    Document ShowSuggestions, "Show the suggestions", "View", ["Cmd+5"], "Suggested mentions and draft events: accept or reject them";
    Document NextSuggestion, "Next suggestion", "Edit/Suggestions", ["Tab"], "Go to the next suggested mention in the text (the text scrolls to it)";
    Document PreviousSuggestion, "Previous suggestion", "Edit/Suggestions", ["Shift+Tab"], "Go to the previous suggested mention in the text";
    Suggestion AcceptSuggestion, "Accept this suggestion", "Edit/Suggestions", ["Enter"], "Add the suggestion in focus as a mention, then go to the next";
    Suggestion SkipSuggestion, "Skip this suggestion", "Edit/Suggestions", ["Delete", "Backspace"], "Drop the suggestion in focus (this occurrence only), then go to the next";
    Suggestion AcceptSuggestionString, "Accept all of this string", "Edit/Suggestions", ["A"], "Accept every suggestion of the focused text at once (one undoable step)";
    Suggestion RejectSuggestionString, "Reject this string", "Edit/Suggestions", ["R"], "Never suggest the focused text again (remembered in the session; undoable)";
    Nothing ToggleSuggestions, "Suggestions in the text", "View", ["Cmd+Shift+G"], "Show or hide the dashed outlines of suggested mentions";
    Nothing Gazetteers, "Gazetteers…", "Edit/Preferences", [], "The name lists suggestions come from: the bundled world list and your own CSV or TSV files";
    Nothing Recommenders, "Recommenders…", "Edit/Preferences", [], "External programs (a spaCy model, your own) that propose mentions: add, remove, ask again";
    Nothing LayoutAnnotate, "Annotate", "View/Layout", ["Alt+1"], "Layout: the text first, the inspector and the map beside it, the lists below";
    Nothing LayoutExplore, "Explore (map large)", "View/Layout", ["Alt+2", "Cmd+Shift+M"], "Layout: the map large, the text and the inspector beside it";
    Nothing LayoutReview, "Review suggestions", "View/Layout", ["Alt+3"], "Layout: the suggestions the width of the window under the text, to accept or reject them";
    Nothing LayoutProject, "Project", "View/Layout", ["Alt+4"], "Layout: the articles, the registry, the project map and the project's events around the text";
    Nothing LayoutCurate, "Curate", "View/Layout", ["Alt+5"], "Layout: the text wide for comparing two sessions, the inspector and the mentions beside it";
    Nothing ResetLayout, "Reset layout", "View/Layout", [], "Put the views back where the chosen layout has them (undoes dragging, splitting and closing)";
    Nothing MapWindow, "Map in its own window", "View", [], "Open the map in a window of its own, e.g. on a second screen (again, or closing it: back in the layout)";
    Nothing TogglePalette, "Type strip", "View", [], "Show or hide the strip of entity and event types over the text";
    Nothing ToggleTheme, "Dark or light theme", "View", [], "Switch between the dark and the light theme";
    Nothing ZoomIn, "Zoom in", "View", ["Cmd+Plus", "Cmd+Equals"], "Make everything larger";
    Nothing ZoomOut, "Zoom out", "View", ["Cmd+Minus"], "Make everything smaller";
    Nothing ZoomReset, "Reset zoom", "View", ["Cmd+0"], "Back to the normal size";
    Nothing CommandPalette, "Command palette…", "Help", ["Cmd+Shift+P", "Cmd+K"], "Find any command by name and run it";
    Nothing Shortcuts, "Shortcut list", "Help", ["F1", "?"], "List every shortcut";
    Nothing About, "About Dossier", "Help", [], "Version, licence, links, and the notices of every crate, data set and font Dossier is built from";
    Nothing AnalystName, "Your name…", "Edit/Preferences", [], "The name recorded with each annotation you make or change";
    Nothing KeysEditor, "Keys…", "Edit/Preferences", [], "Change keyboard shortcuts (saved to keys.ron)";
    Document CompareWith, "Compare with another session…", "Compare", [], "Open another analyst's session of this article (or of another version of its text) as B: agreement figures, and every difference marked in the text to curate; the open session (A) becomes the merged one";
    Document NextDifference, "Next difference", "Compare", ["F8"], "Go to the next difference from the compared session";
    Document PreviousDifference, "Previous difference", "Compare", ["Shift+F8"], "Go to the previous difference from the compared session";
    Document KeepA, "Keep A's version", "Compare", ["Alt+A"], "Keep the open session's version of this difference (recorded as settled; undoable)";
    Document TakeB, "Take B's version", "Compare", ["Alt+B"], "Take the compared session's version of this difference into the open one (undoable)";
    Document TakeNeither, "Take neither", "Compare", ["Alt+N"], "Have neither version of this difference in the open session (undoable)";
    Document CloseComparison, "Close the comparison", "Compare", [], "Stop comparing; settled differences stay recorded in the session";
}

impl CommandDef {
    /// The name with the submenu it sits in ("Export ▸ CSV event table"), without the
    /// trailing "…": for lists of all commands, where the menu is not around it.
    pub fn full_name(&self) -> String {
        let name = self.name.trim_end_matches('…');
        match self.menu.split_once('/') {
            Some((_, sub)) => format!("{} ▸ {name}", sub.replace('/', " ▸ ")),
            None => name.to_owned(),
        }
    }
}

impl CommandId {
    pub fn def(self) -> &'static CommandDef {
        // The table has one row per variant (a test checks it); the first row is a safe
        // fallback that is never reached.
        COMMANDS
            .iter()
            .find(|c| c.id == self)
            .unwrap_or(&COMMANDS[0])
    }

    /// What running the command asks the app to do.
    pub fn action(self) -> Action {
        use CommandId as C;
        match self {
            C::NewFromArticle => Action::NewFromArticle,
            C::NewFromClipboard => Action::NewFromClipboard,
            C::OpenSession => Action::OpenSession,
            C::ImportBrat => Action::ImportBrat,
            C::NewProject => Action::Project(ProjectAction::New),
            C::OpenProject => Action::Project(ProjectAction::Open),
            C::AddToProject => Action::Project(ProjectAction::Add),
            C::SaveAll => Action::Project(ProjectAction::SaveAll),
            C::CloseProject => Action::Project(ProjectAction::Close),
            C::ShowRegistry => show(Pane::Registry),
            C::ShowProjectMap => show(Pane::ProjectMap),
            C::ShowProjectEvents => show(Pane::ProjectEvents),
            C::FindInProject => show(Pane::ProjectFind),
            C::ShowArticles => show(Pane::Articles),
            C::ExportBrat => Action::Export(Format::Brat),
            C::ExportCsv => Action::Export(Format::Csv),
            C::ExportJsonLd => Action::Export(Format::JsonLd),
            C::ExportGraphMl => Action::Export(Format::GraphMl),
            C::ExportGeoJson => Action::Export(Format::GeoJson),
            C::ExportSvg => Action::Export(Format::Svg),
            C::ExportPng => Action::Export(Format::Png),
            C::ExportHtml => Action::Export(Format::Html),
            C::ArticleDetails => Action::ToggleArticleInfo,
            C::UpdateArticleText => Action::Tool(ToolAction::UpdateArticleText),
            C::UpdateFromSource => Action::Tool(ToolAction::UpdateFromSource),
            C::Save => Action::Save,
            C::SaveAs => Action::SaveAs,
            C::Quit => Action::Quit,
            C::Undo => Action::Undo,
            C::Redo => Action::Redo,
            C::Find => Action::Find,
            C::FindNext => Action::FindStep { forward: true },
            C::FindPrevious => Action::FindStep { forward: false },
            C::DeleteSelected => Action::DeleteSelected,
            C::AcceptDate => Action::Tool(ToolAction::AcceptSelectedDate),
            C::Cancel => Action::Cancel,
            C::ShowInspector => show(Pane::Inspector),
            C::ShowMap => show(Pane::Map),
            C::ShowEntities => show(Pane::Entities),
            C::ShowEvents => show(Pane::Events),
            C::ShowMentions => show(Pane::Mentions),
            C::ShowTimeline => show(Pane::Timeline),
            C::ShowPlaces => show(Pane::Places),
            C::ShowSuggestions => show(Pane::Suggestions),
            C::NextSuggestion => Action::Suggest(SuggestAction::Review(Review::Next)),
            C::PreviousSuggestion => Action::Suggest(SuggestAction::Review(Review::Previous)),
            C::AcceptSuggestion => Action::Suggest(SuggestAction::Review(Review::Accept)),
            C::SkipSuggestion => Action::Suggest(SuggestAction::Review(Review::Skip)),
            C::AcceptSuggestionString => {
                Action::Suggest(SuggestAction::Review(Review::AcceptString))
            }
            C::RejectSuggestionString => {
                Action::Suggest(SuggestAction::Review(Review::RejectString))
            }
            C::ToggleSuggestions => Action::Suggest(SuggestAction::ToggleShown),
            C::Gazetteers => Action::Suggest(SuggestAction::ToggleGazetteers),
            C::Recommenders => Action::Suggest(SuggestAction::ToggleRecommenders),
            C::LayoutAnnotate => layout(NamedLayout::Annotate),
            C::LayoutExplore => layout(NamedLayout::Explore),
            C::LayoutReview => layout(NamedLayout::Review),
            C::LayoutProject => layout(NamedLayout::Project),
            C::LayoutCurate => layout(NamedLayout::Curate),
            C::ResetLayout => Action::Layout(LayoutAction::Reset),
            C::MapWindow => Action::Layout(LayoutAction::MapWindow),
            C::TogglePalette => Action::Layout(LayoutAction::TogglePalette),
            C::ToggleTheme => Action::ToggleTheme,
            C::ZoomIn => Action::ZoomIn,
            C::ZoomOut => Action::ZoomOut,
            C::ZoomReset => Action::ZoomReset,
            C::CommandPalette => Action::ToggleCommandPalette,
            C::Shortcuts => Action::ToggleShortcuts,
            C::About => Action::ToggleAbout,
            C::KeysEditor => Action::ToggleKeysEditor,
            C::AnalystName => Action::Tool(ToolAction::ToggleAnalystName),
            C::CompareWith => Action::Curate(Curate::Open),
            C::NextDifference => Action::Curate(Curate::Next),
            C::PreviousDifference => Action::Curate(Curate::Previous),
            C::KeepA => Action::Curate(Curate::Take(Choice::A)),
            C::TakeB => Action::Curate(Curate::Take(Choice::B)),
            C::TakeNeither => Action::Curate(Curate::Take(Choice::Neither)),
            C::CloseComparison => Action::Curate(Curate::Close),
        }
    }

    /// Whether the command means anything without an open document.
    pub fn needs_document(self) -> bool {
        matches!(self.def().needs, Needs::Document | Needs::Suggestion)
    }

    /// Whether the command means anything without an open project.
    pub fn needs_project(self) -> bool {
        self.def().needs == Needs::Project
    }

    /// Keys that act on the suggestion in focus, and only while one is (Enter, Delete, A, R
    /// mean other things otherwise).
    pub fn is_review(self) -> bool {
        self.def().needs == Needs::Suggestion
    }

    pub(super) fn from_key(key: &str) -> Option<CommandId> {
        COMMANDS.iter().find(|c| c.key == key).map(|c| c.id)
    }
}

fn show(p: Pane) -> Action {
    Action::Layout(LayoutAction::Show(p))
}

fn layout(n: NamedLayout) -> Action {
    Action::Layout(LayoutAction::Use(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_one_row_and_a_name() {
        let mut ids: Vec<CommandId> = COMMANDS.iter().map(|c| c.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), COMMANDS.len(), "a command is declared twice");
        for c in COMMANDS {
            assert_eq!(c.id.def().key, c.key);
            assert!(!c.name.is_empty() && !c.tooltip.is_empty(), "{}", c.key);
            for s in c.shortcuts {
                let parsed = parse_shortcut(s).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(
                    parse_shortcut(&shortcut_text(&parsed)).unwrap(),
                    parsed,
                    "{s} does not read back"
                );
            }
        }
    }
}
