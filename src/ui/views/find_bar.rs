//! The find bar: a query (plain or regular expression), the hit count with next and previous,
//! and "Annotate all" with its confirmation. The app finds the hits from the query.

use super::DocView;
use crate::model::Span;
use crate::ui::action::Action;
use egui::{RichText, Ui};

/// History state, number of hits, first hit and entity type a "not yet annotated" count is for.
type TodoKey = (u64, usize, Option<Span>, String);

#[derive(Default)]
pub struct FindBar {
    pub open: bool,
    pub query: String,
    /// Treat the query as a regular expression.
    pub regex: bool,
    /// Why the regular expression is not valid.
    pub error: Option<String>,
    /// The entity type "Annotate all" uses, and whether its confirmation is showing.
    pub annotate_type: String,
    pub confirm_annotate: bool,
    /// How many hits are not yet annotated with the chosen type, and for what.
    todo: Option<(TodoKey, usize)>,
    /// Take the keyboard on the next frame.
    pub focus: bool,
}

impl FindBar {
    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: DocView<'_>,
        hits: &[Span],
        current: Option<usize>,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        self.query_row(ui, hits.len(), current, &mut out);
        if let Some(e) = &self.error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Not a valid regular expression: {e}"),
            );
        }
        let todo = self.todo_count(doc, hits);
        self.annotate_row(ui, doc, todo);
        if self.confirm_annotate {
            self.confirm(ui, doc, todo, &mut out);
        }
        out
    }

    fn query_row(&mut self, ui: &mut Ui, n: usize, current: Option<usize>, out: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.label("Find:");
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("text in the article")
                    .desired_width(260.0),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Find"));
            if self.focus {
                r.request_focus();
                // The old query selected: typing replaces it, an arrow key keeps it.
                let mut state =
                    egui::text_edit::TextEditState::load(ui.ctx(), r.id).unwrap_or_default();
                let all = egui::text_selection::CCursorRange::select_all_str(&self.query);
                state.cursor.set_char_range(Some(all));
                state.store(ui.ctx(), r.id);
                self.focus = false;
            }
            // Esc in the field closes the bar (the field gives up the keyboard on Esc itself).
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                out.push(Action::CloseFind);
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let back = ui.input(|i| i.modifiers.shift);
                out.push(Action::FindStep { forward: !back });
                r.request_focus();
            }
            if ui
                .button("▲")
                .on_hover_text("Previous (Shift+Enter)")
                .clicked()
            {
                out.push(Action::FindStep { forward: false });
            }
            if ui.button("▼").on_hover_text("Next (Enter)").clicked() {
                out.push(Action::FindStep { forward: true });
            }
            match (n, current) {
                (0, _) if !self.query.is_empty() => ui.label("no match"),
                (0, _) => ui.label(""),
                (n, Some(c)) => ui.label(format!("{} of {n}", c + 1)),
                (n, None) => ui.label(format!("{n} matches")),
            };
            ui.checkbox(&mut self.regex, "Regex")
                .on_hover_text("Treat the text as a regular expression (case-insensitive)");
            if ui
                .button("×")
                .on_hover_text("Close the find bar (Esc)")
                .clicked()
            {
                out.push(Action::CloseFind);
            }
        });
    }

    /// How many hits "Annotate all" would annotate; counted once per edit, query and type.
    fn todo_count(&mut self, doc: DocView<'_>, hits: &[Span]) -> usize {
        let s = doc.session;
        if self.annotate_type.is_empty() {
            self.annotate_type = s
                .schema
                .entity_types
                .first()
                .map(|t| t.id.clone())
                .unwrap_or_default();
        }
        let key = (
            doc.history.state(),
            hits.len(),
            hits.first().copied(),
            self.annotate_type.clone(),
        );
        match &self.todo {
            Some((k, n)) if *k == key => *n,
            _ => {
                let n = s.not_yet_annotated(hits, &self.annotate_type).len();
                self.todo = Some((key, n));
                n
            }
        }
    }

    fn annotate_row(&mut self, ui: &mut Ui, doc: DocView<'_>, todo: usize) {
        let schema = &doc.session.schema;
        ui.horizontal(|ui| {
            ui.add_enabled_ui(todo > 0, |ui| {
                if ui
                    .button("Annotate all…")
                    .on_hover_text("Make a mention at every match not yet annotated with this type")
                    .clicked()
                {
                    self.confirm_annotate = true;
                }
            });
            egui::ComboBox::from_label("as")
                .selected_text(
                    schema
                        .entity_type(&self.annotate_type)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                )
                .show_ui(ui, |ui| {
                    for t in &schema.entity_types {
                        ui.selectable_value(&mut self.annotate_type, t.id.clone(), &t.name);
                    }
                });
            ui.label(RichText::new(format!("{todo} not yet annotated")).weak());
        });
    }

    fn confirm(&mut self, ui: &mut Ui, doc: DocView<'_>, todo: usize, out: &mut Vec<Action>) {
        let ty_name = doc
            .session
            .schema
            .entity_type(&self.annotate_type)
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("annotate-all")).show(ui.ctx(), |ui| {
            ui.heading("Annotate all matches");
            ui.label(format!(
                "This creates {} of “{}”, linked to one entity, as one step you can undo.",
                crate::model::words::count(todo, &format!("{ty_name} mention")),
                self.query
            ));
            ui.horizontal(|ui| {
                if ui
                    .button(format!(
                        "Create {}",
                        crate::model::words::count(todo, "mention")
                    ))
                    .clicked()
                {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
        });
        if let Some(yes) = answer {
            self.confirm_annotate = false;
            if yes {
                out.push(Action::AnnotateAll(self.annotate_type.clone()));
            }
        }
    }
}
