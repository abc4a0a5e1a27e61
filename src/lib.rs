//! Dossier: a desktop workbench for analysts who read news and turn it into structured knowledge.
//!
//! Layers only look down: `ui` → `analysis` → `io` → `model`. Nothing outside `ui` uses egui.

pub mod about;
pub mod allocator;
pub mod analysis;
pub mod io;
pub mod model;
#[cfg(feature = "gui")]
pub mod ui;
