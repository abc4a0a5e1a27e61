//! Preferences kept between runs (theme, zoom, text size, recent files, suggestions); the
//! layout is kept by `layout`.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Preferences kept between runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub zoom: f32,
    pub font_size: f32,
    pub recent: Vec<PathBuf>,
    /// The folder of the last file opened or saved, where file dialogs start.
    pub last_dir: Option<PathBuf>,
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
    /// External recommenders asked about each article opened.
    pub recommenders: Vec<crate::io::recommender::Recommender>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: false,
            zoom: 1.0,
            font_size: 17.0,
            recent: Vec::new(),
            last_dir: None,
            show_suggestions: true,
            tagger: true,
            world_gazetteer: true,
            gazetteers: Vec::new(),
            analyst: None,
            recommenders: Vec::new(),
        }
    }
}
