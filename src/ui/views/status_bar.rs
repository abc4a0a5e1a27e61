//! The status bar: the document's name and whether it is saved, its counts, and the last thing
//! that happened.

use crate::ui::app::Document;
use egui::{Color32, RichText, Ui};

pub fn show(ui: &mut Ui, doc: Option<&Document>, status: &str) {
    ui.horizontal(|ui| {
        match doc {
            Some(d) => {
                ui.label(RichText::new(d.name()).strong());
                let orange = Color32::from_rgb(220, 120, 0);
                if d.is_dirty() {
                    ui.label(RichText::new("● unsaved changes").color(orange));
                } else if d.path.is_none() {
                    // A fresh article has nothing to lose yet, but no file either.
                    ui.label(RichText::new("not saved yet").weak());
                } else {
                    ui.label("saved");
                }
                ui.separator();
                let s = &d.session;
                ui.label(format!(
                    "{} mentions · {} entities · {} events · {} relations · {} characters",
                    s.mentions.len(),
                    s.entities.len(),
                    s.events.len(),
                    s.relations.len(),
                    s.article.char_len()
                ));
            }
            None => {
                ui.label("No session open");
            }
        }
        ui.separator();
        ui.label(status);
    });
}
