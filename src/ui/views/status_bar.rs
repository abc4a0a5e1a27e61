//! The status bar: work running on other threads, the document's name and whether it is saved,
//! its counts, and the last thing that happened.

use crate::model::Session;
use crate::model::words::count;
use egui::{Color32, RichText, Ui};

/// What the status bar says of the open document.
pub struct DocStatus<'a> {
    pub name: String,
    pub dirty: bool,
    /// Whether it has a file yet.
    pub has_file: bool,
    pub session: &'a Session,
}

pub fn show(
    ui: &mut Ui,
    doc: Option<DocStatus<'_>>,
    status: &str,
    jobs: &[super::jobs::RunningJob],
) -> Vec<crate::ui::action::Action> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        out = super::jobs::indicator(ui, jobs);
        if !jobs.is_empty() {
            ui.separator();
        }
        match doc {
            Some(d) => {
                ui.label(crate::ui::bidi::text(ui, RichText::new(d.name).strong()));
                let orange = Color32::from_rgb(220, 120, 0);
                if d.dirty {
                    ui.label(RichText::new("● unsaved changes").color(orange));
                } else if !d.has_file {
                    // A fresh article has nothing to lose yet, but no file either.
                    ui.label(RichText::new("not saved yet").weak());
                } else {
                    ui.label("saved");
                }
                ui.separator();
                let s = &d.session;
                ui.label(
                    [
                        count(s.mentions.len(), "mention"),
                        count(s.entities.len(), "entity"),
                        count(s.events.len(), "event"),
                        count(s.relations.len(), "relation"),
                        count(s.article.char_len(), "character"),
                    ]
                    .join(" · "),
                );
            }
            None => {
                ui.label("No session open");
            }
        }
        ui.separator();
        ui.label(status);
    });
    out
}
