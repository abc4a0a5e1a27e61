//! The entity list: entities grouped by type with their mention counts; a click selects one.

use super::DocView;
use crate::model::Entity;
use crate::ui::action::Action;
use crate::ui::colors;
use egui::{RichText, Ui};

pub fn show(ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
    let s = doc.session;
    let selected = doc.selected_entity();
    let mut counts = std::collections::BTreeMap::new();
    for m in s.mentions.values() {
        *counts.entry(m.entity).or_insert(0usize) += 1;
    }
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("entities")
        .show(ui, |ui| {
            if s.entities.is_empty() {
                ui.label(
                    RichText::new(
                        "No entities yet. Click a word in the text and press a type key.",
                    )
                    .weak(),
                );
            }
            for t in &s.schema.entity_types {
                let mut ents: Vec<&Entity> = s
                    .entities
                    .values()
                    .filter(|e| e.entity_type == t.id)
                    .collect();
                if ents.is_empty() {
                    continue;
                }
                ents.sort_by_key(|e| e.name.to_lowercase());
                egui::CollapsingHeader::new(
                    RichText::new(format!("{} ({})", t.name, ents.len()))
                        .color(colors::text(t.color.0, ui.visuals().dark_mode)),
                )
                .id_salt(("etype", &t.id))
                .default_open(true)
                .show(ui, |ui| {
                    for e in ents {
                        let n = counts.get(&e.id).copied().unwrap_or(0);
                        let label = crate::ui::bidi::text(ui, format!("{} ({n})", e.name));
                        if ui.selectable_label(selected == Some(e.id), label).clicked() {
                            clicked = Some(e.id);
                        }
                    }
                });
            }
        });
    clicked.map(Action::PickEntity).into_iter().collect()
}
