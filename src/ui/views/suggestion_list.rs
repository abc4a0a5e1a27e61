//! The Suggestions tab: mentions proposed for the article (so far: other occurrences of known
//! entities), none of them in the session until accepted. Accept one, all of one string, or all;
//! reject a string and it is never suggested again. Each is one undoable edit.

use super::DocView;
use crate::analysis::suggest::{self, Suggestion};
use crate::model::Command;
use crate::ui::action::{Action, Sel};
use egui::{RichText, Ui};

/// The suggestions, kept per history state and article.
#[derive(Default)]
pub struct SuggestionList {
    cached: Option<(u64, String, Vec<Suggestion>)>,
}

impl SuggestionList {
    /// The suggestions for the document as it is now.
    pub fn current(&mut self, doc: DocView<'_>) -> &[Suggestion] {
        let (s, state) = (doc.session, doc.history.state());
        let fresh =
            matches!(&self.cached, Some((st, h, _)) if *st == state && *h == s.article.hash);
        if !fresh {
            self.cached = Some((state, s.article.hash.clone(), suggest::propagation(s)));
        }
        self.cached.as_ref().map_or(&[], |(_, _, v)| v)
    }

    pub fn show(&mut self, ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
        use egui_extras::{Column, TableBuilder};
        let s = doc.session;
        let list = self.current(doc).to_vec();
        let mut out = Vec::new();
        out.extend(header(ui, &list));
        if list.is_empty() {
            ui.label(
                RichText::new("No suggestions: every occurrence of a known name is annotated.")
                    .weak(),
            );
            return out;
        }
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .id_salt("suggestion-table")
            .striped(true)
            .column(Column::initial(220.0).resizable(true).clip(true))
            .column(Column::initial(140.0).resizable(true))
            .column(Column::initial(200.0).resizable(true).clip(true))
            .column(Column::initial(90.0))
            .column(Column::remainder())
            .header(20.0, |mut h| {
                for t in ["Text", "Type", "Entity", "Characters", ""] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, list.len(), |mut row| {
                    let x = &list[row.index()];
                    row.col(|ui| {
                        ui.label(format!("“{}”", x.text));
                    });
                    row.col(|ui| super::entity_type_label(ui, &s.schema, &x.entity_type));
                    row.col(|ui| {
                        let e = x.entity.and_then(|e| s.entities.get(&e));
                        ui.label(e.map_or("new", |e| e.name.as_str()));
                    });
                    row.col(|ui| {
                        ui.label(format!("{}–{}", x.span.start, x.span.end));
                    });
                    row.col(|ui| {
                        ui.horizontal(|ui| row_buttons(ui, x, &mut out));
                    });
                });
            });
        out
    }
}

/// Accept all, and what the tab is.
fn header(ui: &mut Ui, list: &[Suggestion]) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        let all: Vec<_> = list.iter().filter_map(|x| Some((x.span, x.entity?))).collect();
        if ui
            .add_enabled(!all.is_empty(), egui::Button::new(format!("Accept all ({})", all.len())))
            .on_hover_text("Add every suggestion as a mention (one undoable step)")
            .clicked()
        {
            out.push(Action::AcceptSuggestions(all));
        }
        ui.label(
            RichText::new("Other occurrences of the entities you annotated; nothing is added until you accept it.")
                .weak(),
        );
    });
    out
}

/// Show, Accept and Reject for one suggestion.
fn row_buttons(ui: &mut Ui, x: &Suggestion, out: &mut Vec<Action>) {
    if ui
        .small_button("Show")
        .on_hover_text("Show it in the text")
        .clicked()
    {
        let sel = Sel::Text {
            anchor: x.span,
            span: x.span,
        };
        out.push(Action::Reveal(sel, x.span.start));
    }
    if let Some(e) = x.entity
        && ui.small_button("Accept").clicked()
    {
        out.push(Action::AcceptSuggestions(vec![(x.span, e)]));
    }
    if ui
        .small_button("Reject")
        .on_hover_text(format!("Never suggest “{}” again", x.text))
        .clicked()
    {
        out.push(Action::Edit(Command::SetRejected(x.text.clone(), true)));
    }
}
