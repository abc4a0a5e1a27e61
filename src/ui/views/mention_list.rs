//! The mention list: every mention in text order, with its type and entity; a click shows it.

use super::DocView;
use crate::model::MentionId;
use crate::model::session::Selection;
use crate::ui::action::{Action, Sel};
use egui::Ui;

/// The mentions in text order, kept per session object and history state.
#[derive(Default)]
pub struct MentionList {
    order: Option<((u64, u64), Vec<MentionId>)>,
}

impl MentionList {
    pub fn show(&mut self, ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
        use egui_extras::{Column, TableBuilder};
        let s = doc.session;
        let state = doc.history.state();
        // Another session of the same text at the same point of its history is another
        // document: its session object says so.
        let shown = (s.changes.stamp().instance, state);
        let fresh = matches!(&self.order, Some((k, _)) if *k == shown);
        if !fresh {
            let ids = s.mentions_by_position().iter().map(|m| m.id).collect();
            self.order = Some((shown, ids));
        }
        let order: &[MentionId] = self.order.as_ref().map_or(&[], |(_, o)| o);
        let selected = doc.sel.mention();
        let mut clicked = None;
        // A click anywhere on a row selects it, text included.
        ui.style_mut().interaction.selectable_labels = false;
        super::in_tile(ui, "mention-table-sideways", |ui| {
            TableBuilder::new(ui)
                .id_salt("mention-table")
                .striped(true)
                .sense(egui::Sense::click())
                .column(Column::initial(260.0).resizable(true).clip(true))
                .column(Column::initial(150.0).resizable(true))
                .column(Column::initial(200.0).resizable(true).clip(true))
                .column(Column::remainder())
                .header(20.0, |mut h| {
                    for t in ["Text", "Type", "Entity", "Characters"] {
                        h.col(|ui| {
                            ui.strong(t);
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, order.len(), |mut row| {
                        let Some(m) = s.mentions.get(&order[row.index()]) else {
                            return;
                        };
                        row.set_selected(selected == Some(m.id));
                        row.col(|ui| {
                            ui.label(crate::ui::bidi::text(ui, format!("“{}”", m.quote)));
                        });
                        row.col(|ui| super::entity_type_label(ui, &s.schema, &m.entity_type));
                        row.col(|ui| {
                            let name = s.entities.get(&m.entity).map_or("?", |e| e.name.as_str());
                            ui.label(crate::ui::bidi::text(ui, name));
                        });
                        row.col(|ui| {
                            ui.label(format!("{}–{}", m.span.start, m.span.end));
                        });
                        if row.response().clicked() {
                            clicked = Some((m.id, m.span.start));
                        }
                    });
                });
        });
        clicked
            .map(|(id, c)| Action::Reveal(Sel::Item(Selection::Mention(id)), c))
            .into_iter()
            .collect()
    }
}
