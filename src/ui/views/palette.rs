//! The type palette: every entity and event type with its key; a click annotates the selection
//! (or retypes the selected mention or event).

use super::DocView;
use crate::model::session::Selection;
use crate::ui::action::{Action, Sel};
use crate::ui::colors;
use egui::{RichText, Ui};

pub fn show(ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let schema = &doc.session.schema;
    let target = match doc.sel {
        Sel::Text { .. } => "annotate the selection",
        Sel::Item(Selection::Mention(_)) => "retype the mention",
        _ => "select text first",
    };
    egui::ScrollArea::vertical()
        .id_salt("palette")
        .show(ui, |ui| {
            ui.heading("Entities");
            ui.label(
                RichText::new(format!("Key or click: {target}"))
                    .small()
                    .weak(),
            );
            for t in &schema.entity_types {
                let key = t.hotkey.map(|k| k.to_string()).unwrap_or_default();
                if type_button(ui, t.color.0, &key, &t.name).clicked() {
                    out.push(Action::EntityType(t.id.clone()));
                }
            }
            ui.add_space(8.0);
            ui.heading("Events");
            ui.label(
                RichText::new("Shift+key: event with the selection as trigger")
                    .small()
                    .weak(),
            );
            for t in &schema.event_types {
                let key = t.hotkey.map(|k| format!("⇧{k}")).unwrap_or_default();
                if type_button(ui, t.color.0, &key, &t.name)
                    .on_hover_text(&t.description)
                    .clicked()
                {
                    out.push(Action::EventType(t.id.clone()));
                }
            }
        });
    out
}

fn type_button(ui: &mut Ui, rgb: [u8; 3], key: &str, name: &str) -> egui::Response {
    let r = ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 3.0, colors::solid(rgb));
        ui.add_sized(
            [28.0, 18.0],
            egui::Label::new(RichText::new(key).monospace().strong()),
        );
        ui.add(egui::Button::new(name).frame(false))
    });
    r.inner
}
