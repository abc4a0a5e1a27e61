//! Preferences ▸ Keys: every command with its shortcuts; Change records the next key pressed,
//! Remove unbinds, Reset goes back to the default. Clashes are listed, not hidden. The app
//! saves changes to `keys.ron`.

use crate::model::Schema;
use crate::ui::action::Action;
use crate::ui::commands::{COMMANDS, CommandId, Keymap, display, is_modifier};
use egui::{KeyboardShortcut, RichText};

#[derive(Default)]
pub struct KeysEditor {
    pub open: bool,
    /// The command whose next key press becomes its shortcut.
    pub recording: Option<CommandId>,
    /// Only commands whose name or key holds this are listed.
    pub filter: String,
}

impl KeysEditor {
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        keymap: &Keymap,
        schema: Option<&Schema>,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        if let Some(id) = self.recording
            && let Some(k) = pressed(ctx)
        {
            self.recording = None;
            if k.logical_key != egui::Key::Escape || !k.modifiers.is_none() {
                out.push(Action::SetShortcuts(id, vec![k]));
            }
        }
        let mut open = self.open;
        egui::Window::new("Keys")
            .open(&mut open)
            .default_size([560.0, 520.0])
            .show(ctx, |ui| {
                ui.label("Change records the next key you press (Esc cancels). Changes are saved to keys.ron.");
                let clashes = keymap.conflicts(schema);
                for c in &clashes {
                    ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {c}"));
                }
                let r = ui.add(
                    egui::TextEdit::singleline(&mut self.filter)
                        .hint_text("Filter by command name or key"),
                );
                r.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Filter commands")
                });
                ui.separator();
                let needle = self.filter.trim().to_lowercase();
                let shown = |c: &&crate::ui::commands::CommandDef| {
                    needle.is_empty()
                        || c.full_name().to_lowercase().contains(&needle)
                        || keymap
                            .shortcuts(c.id)
                            .iter()
                            .any(|k| display(k).to_lowercase().contains(&needle))
                };
                egui::ScrollArea::vertical().show(ui, |ui| {
                    egui::Grid::new("keys").striped(true).num_columns(3).show(ui, |ui| {
                        for c in COMMANDS.iter().filter(shown) {
                            out.extend(self.row(ui, keymap, c.id));
                            ui.end_row();
                        }
                    });
                });
            });
        if !open {
            self.recording = None;
            out.push(Action::ToggleKeysEditor);
        }
        out
    }

    fn row(&mut self, ui: &mut egui::Ui, keymap: &Keymap, id: CommandId) -> Vec<Action> {
        let def = id.def();
        let mut out = Vec::new();
        let name = RichText::new(def.full_name());
        ui.label(if keymap.is_overridden(id) {
            name.strong()
        } else {
            name
        })
        .on_hover_text(def.tooltip);
        let keys: Vec<String> = keymap.shortcuts(id).iter().map(display).collect();
        if self.recording == Some(id) {
            ui.label(RichText::new("press a key…").italics());
        } else {
            ui.monospace(if keys.is_empty() {
                "—".into()
            } else {
                keys.join(", ")
            });
        }
        ui.horizontal(|ui| {
            if ui.small_button("Change").clicked() {
                self.recording = Some(id);
            }
            if ui
                .add_enabled(!keys.is_empty(), egui::Button::new("Remove").small())
                .clicked()
            {
                out.push(Action::SetShortcuts(id, vec![]));
            }
            if ui
                .add_enabled(keymap.is_overridden(id), egui::Button::new("Reset").small())
                .clicked()
            {
                out.push(Action::ResetShortcuts(id));
            }
        });
        out
    }
}

/// The key pressed this frame (not a bare modifier), taken from the input.
fn pressed(ctx: &egui::Context) -> Option<KeyboardShortcut> {
    ctx.input_mut(|i| {
        let found = i.events.iter().find_map(|e| match e {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } if !is_modifier(*key) => Some(KeyboardShortcut::new(*modifiers, *key)),
            _ => None,
        })?;
        i.consume_key(found.modifiers, found.logical_key);
        Some(found)
    })
}
