//! Preferences kept between runs (theme, panels, zoom, text size, recent files).

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Preferences kept between runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub show_palette: bool,
    pub show_side: bool,
    pub show_bottom: bool,
    /// The project's article list (while a project is open).
    pub show_project: bool,
    pub zoom: f32,
    pub font_size: f32,
    pub recent: Vec<PathBuf>,
    /// The folder of the last file opened or saved, where file dialogs start.
    pub last_dir: Option<PathBuf>,
    /// Where the entity map is shown.
    pub map_place: MapPlace,
    /// Suggested mentions drawn in the text.
    pub show_suggestions: bool,
    /// Suggest names the tagger learns from the analyst's annotations.
    pub tagger: bool,
    /// Suggest names from the bundled world list.
    pub world_gazetteer: bool,
    /// The analyst's own name lists (CSV or TSV).
    pub gazetteers: Vec<PathBuf>,
    /// The analyst's name, recorded with each annotation made or changed; `None` until asked.
    pub analyst: Option<String>,
}

/// Where the entity map is shown: a tab of the side panel, the main area (the text then takes
/// the side tab), or a window of its own (for a second screen).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapPlace {
    #[default]
    Side,
    Main,
    Window,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: false,
            show_palette: true,
            show_side: true,
            show_bottom: true,
            show_project: true,
            zoom: 1.0,
            font_size: 17.0,
            recent: Vec::new(),
            last_dir: None,
            map_place: MapPlace::Side,
            show_suggestions: true,
            tagger: true,
            world_gazetteer: true,
            gazetteers: Vec::new(),
            analyst: None,
        }
    }
}
