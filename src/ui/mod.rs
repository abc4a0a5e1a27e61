//! The window. Only this layer uses egui.

use std::path::PathBuf;

pub fn run(_file: Option<PathBuf>) -> Result<(), String> {
    Err("the window is not built yet".into())
}
