//! Merge conflicts recorded in the session (two analysts changed one item two ways): each with
//! both versions and Keep mine / Take theirs, above the text until none is left.

use super::DocView;
use crate::ui::action::Action;
use crate::ui::action::ToolAction;
use egui::{RichText, Ui};

/// A panel above the text while the session has conflicts.
pub fn bar(ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
    if doc.session.conflicts.is_empty() {
        return Vec::new();
    }
    egui::Panel::top("conflicts")
        .resizable(false)
        .show(ui, |ui| show(ui, doc))
        .inner
}

fn show(ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let all = &doc.session.conflicts;
    ui.colored_label(
        ui.visuals().warn_fg_color,
        RichText::new(format!(
            "⚠ {} merge conflict{}: another analyst changed {} two ways. The text shows your version.",
            all.len(),
            if all.len() == 1 { "" } else { "s" },
            if all.len() == 1 { "this item" } else { "these items" },
        ))
        .strong(),
    );
    egui::ScrollArea::vertical()
        .id_salt("conflicts")
        .max_height(160.0)
        // A top panel offers only the height of its last frame: ask for it outright.
        .min_scrolled_height(160.0_f32.min(40.0 * all.len() as f32))
        .show(ui, |ui| {
            for (i, c) in all.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(&c.what).monospace());
                    ui.label(format!("mine: {}", c.ours.describe()));
                    ui.label(RichText::new(format!("theirs: {}", c.theirs.describe())).italics());
                    if ui.button("Keep mine").clicked() {
                        out.push(Action::Tool(ToolAction::ResolveConflict(i, false)));
                    }
                    if ui.button("Take theirs").clicked() {
                        out.push(Action::Tool(ToolAction::ResolveConflict(i, true)));
                    }
                });
            }
        });
    out
}
