//! Edit ▸ Preferences ▸ Gazetteers: the bundled world list on or off, the analyst's own lists
//! (CSV or TSV: name, type, QID, aliases) added or removed, and what reading each one found.

use crate::ui::action::Action;
use crate::ui::action::SuggestAction;
use egui::RichText;
use std::path::PathBuf;

#[derive(Default)]
pub struct GazetteerPrefs {
    pub open: bool,
    /// A line per file read: how many names, its warnings, or why it is not used.
    pub messages: Vec<String>,
}

impl GazetteerPrefs {
    /// `add` is set when the analyst pressed Add…; the app shows the file dialog.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        world: bool,
        files: &[PathBuf],
        loading: bool,
        add: &mut bool,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        let mut open = self.open;
        egui::Window::new("Gazetteers")
            .open(&mut open)
            .default_size([560.0, 320.0])
            .show(ctx, |ui| {
                ui.label("Names suggested as mentions wherever they appear in an article. Nothing is added until you accept it.");
                let mut w = world;
                if ui
                    .checkbox(&mut w, "Bundled world list: countries, demonyms, capitals and large cities, international organisations and armed groups (with Wikidata ids)")
                    .changed()
                {
                    out.push(Action::Suggest(SuggestAction::SetGazetteers { world: w, files: files.to_vec() }));
                }
                ui.separator();
                ui.label(RichText::new("Your lists (CSV or TSV: name, type, QID, aliases separated by |)").strong());
                for (i, f) in files.iter().enumerate() {
                    ui.horizontal(|ui| {
                        ui.label(f.display().to_string());
                        if ui.small_button("Remove").clicked() {
                            let mut rest = files.to_vec();
                            rest.remove(i);
                            out.push(Action::Suggest(SuggestAction::SetGazetteers { world, files: rest }));
                        }
                    });
                }
                ui.horizontal(|ui| {
                    if ui.button("Add…").clicked() {
                        *add = true;
                    }
                    if loading {
                        ui.spinner();
                        ui.label("Reading…");
                    }
                });
                for m in &self.messages {
                    let color = if m.starts_with("Not used:") {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().weak_text_color()
                    };
                    ui.colored_label(color, m);
                }
            });
        if !open {
            out.push(Action::Suggest(SuggestAction::ToggleGazetteers));
        }
        out
    }
}
