//! Edit ▸ Preferences ▸ Your name: the name recorded with every annotation the analyst makes or
//! changes. Asked once at the first start; empty is allowed (annotations then say only when).

use crate::ui::action::Action;
use crate::ui::action::ToolAction;
use egui::RichText;

#[derive(Default)]
pub struct AnalystName {
    pub open: bool,
    buf: Option<String>,
}

impl AnalystName {
    pub fn show(&mut self, ctx: &egui::Context, current: Option<&str>) -> Vec<Action> {
        let mut out = Vec::new();
        let buf = self
            .buf
            .get_or_insert_with(|| current.unwrap_or("").to_owned());
        let mut open = self.open;
        let mut done = false;
        // In the middle, clear of the type strip and the menus the first start shows.
        egui::Window::new("Your name")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(440.0)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.label("Recorded with each annotation you make or change, so that a team sees who did what (dossier compare, the inspectors, the JSON-LD export).");
                let r = ui.add(egui::TextEdit::singleline(buf).hint_text("e.g. A. Analyst"));
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Your name"));
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() || enter {
                        out.push(Action::Tool(ToolAction::SetAnalyst(buf.trim().to_owned())));
                        done = true;
                    }
                    ui.label(RichText::new("Leave it empty to record only when (then the inspectors show nothing).").weak());
                });
            });
        if done || !open {
            self.open = false;
            self.buf = None;
            if !done && current.is_none() {
                // Closed without an answer: not asked again, nothing recorded as a name.
                out.push(Action::Tool(ToolAction::SetAnalyst(String::new())));
            }
        }
        out
    }
}
