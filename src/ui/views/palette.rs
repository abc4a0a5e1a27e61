//! The type strip over the text: every entity type with its key, and the event types behind a
//! toggle; a click annotates the selection (or retypes the selected mention or event). Compact
//! so the text keeps its width: one line, two with the event types open.

use super::DocView;
use crate::model::session::Selection;
use crate::ui::action::{Action, Sel};
use crate::ui::colors;
use egui::{RichText, Ui};

pub fn strip(ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let schema = &doc.session.schema;
    let target = match doc.sel {
        Sel::Text { .. } => "annotate the selection",
        Sel::Item(Selection::Mention(_)) => "retype the mention",
        Sel::Item(Selection::Event(_)) => "retype the event",
        _ => "select words in the text first",
    };
    let open_id = egui::Id::unique("type-strip-events-open");
    let mut events_open = ui.data(|d| d.get_temp::<bool>(open_id).unwrap_or(false));
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for t in &schema.entity_types {
            let key = t.hotkey.map(|k| k.to_string()).unwrap_or_default();
            let tip = format!("{}: key {key}, or click, to {target}", t.name);
            if chip(ui, t.color.0, &key, &t.name)
                .on_hover_text(tip)
                .clicked()
            {
                out.push(Action::EntityType(t.id.clone()));
            }
        }
        ui.separator();
        let label = if events_open {
            "Event types ▼"
        } else {
            "Event types ▶"
        };
        if ui
            .selectable_label(events_open, RichText::new(label).small())
            .on_hover_text("Event types: Shift+key makes an event with the selection as trigger")
            .clicked()
        {
            events_open = !events_open;
        }
    });
    if events_open {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            for t in &schema.event_types {
                let key = t.hotkey.map(|k| format!("⇧{k}")).unwrap_or_default();
                let tip = if t.description.is_empty() {
                    t.name.clone()
                } else {
                    format!("{}: {}", t.name, t.description)
                };
                if chip(ui, t.color.0, &key, &t.name)
                    .on_hover_text(tip)
                    .clicked()
                {
                    out.push(Action::EventType(t.id.clone()));
                }
            }
        });
    }
    ui.data_mut(|d| d.insert_temp(open_id, events_open));
    out
}

/// A type as a small button: its colour, key and name.
fn chip(ui: &mut Ui, rgb: [u8; 3], key: &str, name: &str) -> egui::Response {
    let text = if key.is_empty() {
        RichText::new(name).small()
    } else {
        RichText::new(format!("{key} {name}")).small()
    };
    let dark = ui.visuals().dark_mode;
    let button = egui::Button::new(text)
        .fill(colors::solid(rgb).gamma_multiply(0.18))
        .stroke(egui::Stroke::new(1.0, colors::stroke(rgb, dark)));
    ui.add(button)
}
