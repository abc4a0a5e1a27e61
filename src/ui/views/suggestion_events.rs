//! The Suggestions tab's draft events: trigger, type and proposed arguments, with Show, Accept
//! (adds the event and selects it for editing) and Reject (never that trigger word again).

use super::DocView;
use super::suggestion_list::SuggestionList;
use crate::analysis::lexicon::{self, EventSuggestion};
use crate::model::Command;
use crate::ui::action::Action;
use crate::ui::action::SuggestAction;
use egui::{RichText, Ui};

impl SuggestionList {
    /// Draft events: trigger, type, proposed arguments; Accept adds one and selects it for
    /// editing, Reject never suggests that trigger word again.
    pub(super) fn event_table(&self, ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
        use egui_extras::{Column, TableBuilder};
        let s = doc.session;
        let mut out = Vec::new();
        if self.events().is_empty() {
            ui.label(
                RichText::new("No draft events: no trigger word of the schema's event types is left without an event.")
                    .weak(),
            );
            return out;
        }
        ui.style_mut().interaction.selectable_labels = false;
        super::in_tile(ui, "event-suggestion-table-sideways", |ui| {
            TableBuilder::new(ui)
                .id_salt("event-suggestion-table")
                .striped(true)
                .column(Column::initial(140.0).resizable(true).clip(true))
                .column(Column::initial(110.0).resizable(true))
                .column(Column::initial(420.0).resizable(true).clip(true))
                .column(Column::remainder())
                .header(20.0, |mut h| {
                    for t in ["Trigger", "Event", "Proposed arguments", ""] {
                        h.col(|ui| {
                            ui.strong(t);
                        });
                    }
                })
                .body(|body| {
                    body.rows(22.0, self.events().len(), |mut row| {
                        let e = &self.events()[row.index()];
                        row.col(|ui| {
                            ui.label(format!("“{}”", e.text));
                        });
                        row.col(|ui| {
                            let name = s
                                .schema
                                .event_type(&e.event_type)
                                .map_or(e.event_type.as_str(), |t| t.name.as_str());
                            let c = s.schema.event_color(&e.event_type);
                            ui.colored_label(egui::Color32::from_rgb(c[0], c[1], c[2]), name);
                        });
                        row.col(|ui| {
                            let args: Vec<String> = e
                                .arguments
                                .iter()
                                .filter_map(|(role, m)| {
                                    Some(format!("{role}: {}", s.mentions.get(m)?.quote))
                                })
                                .collect();
                            ui.label(if args.is_empty() {
                                "—".to_owned()
                            } else {
                                args.join(" · ")
                            });
                        });
                        row.col(|ui| {
                            ui.horizontal(|ui| event_buttons(ui, e, &mut out));
                        });
                    });
                });
        });
        out
    }
}

/// Show, Accept and Reject for a draft event.
fn event_buttons(ui: &mut Ui, e: &EventSuggestion, out: &mut Vec<Action>) {
    if ui
        .small_button("Show")
        .on_hover_text("Show the trigger in the text")
        .clicked()
    {
        let sel = crate::ui::action::Sel::Text {
            anchor: e.trigger,
            span: e.trigger,
        };
        out.push(Action::Reveal(sel, e.trigger.start));
    }
    if ui
        .small_button("Accept")
        .on_hover_text("Add the event with these arguments and select it to check or change them")
        .clicked()
    {
        out.push(Action::Suggest(SuggestAction::AcceptEvent(Box::new(
            e.clone(),
        ))));
    }
    if ui
        .small_button("Reject")
        .on_hover_text(format!("Never suggest “{}” as a trigger again", e.text))
        .clicked()
    {
        out.push(Action::Edit(Command::SetRejected(
            lexicon::rejected_key(&e.text),
            true,
        )));
    }
}
